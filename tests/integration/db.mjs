// The integration tests' one door to a stack's database, whichever engine
// the stack runs on (tools/stack KAIJI_DB): SQLite through the sqlite3
// CLI, PostgreSQL through psql. The engine and the database are the ones
// the stack's programs use, read from its kaiji.hdf (Kaiji.Database; unset
// is SQLite at DataDir/kaiji.db, as lib/db does).
//
//   const db = database(CONFIG);   // a stack's kaiji.hdf
//   db.rows('SELECT id, state FROM request WHERE …')   // [{id: 3, state: 'received'}]
//   db.value('SELECT COUNT(*) FROM draft')              // 3 (first column of the first row, or null)
//   db.column('SELECT ref FROM request ORDER BY id')    // ['2026-000001', …]
//   db.text('SELECT a, b FROM t')                       // "a|b\na|b" (NULL as ''), for older callers
//   db.exec('UPDATE …; INSERT …;')                      // in one transaction; throws on any error
//
// Test SQL is written in the form both engines accept: parameters are
// inlined with q() below; no PRAGMA, rowid, sqlite_master or strftime
// ('now'): what is the engine's own has a method here (columns, hex).
// json_extract, julianday and group_concat(x, sep) have SQLite's meaning
// on PostgreSQL too (the PostgreSQL schema defines them). Name every
// column of a query with more than one expression (AS n): PostgreSQL
// calls unnamed expressions all "?column?".
//
// Values come back as SQLite's -json gives them: integers and reals as
// numbers, text as strings, NULL as null. PostgreSQL's booleans read as
// 1 and 0 and a json column as its text, so a test sees the same on both.
//
// The integration files about SQLite itself, which do not run on
// PostgreSQL, are listed in tests/integration/engines.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

// A SQL string literal (or NULL, or an integer).
export function q(v) {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new Error(`q: not an integer: ${v}`);
    return String(v);
  }
  return `'${String(v).replace(/'/g, "''")}'`;
}

// The last "Key = value" of an HDF file (the stack's own file, not what
// it includes: tools/stack writes every key it sets there).
function hdfValue(text, key) {
  let found = null;
  const re = new RegExp(`^\\s*${key.replace(/\./g, '\\.')}\\s*=\\s*(.*?)\\s*$`, 'gm');
  for (const m of text.matchAll(re)) found = m[1];
  return found;
}

// The error of a write that a CHECK constraint refused, on either engine.
export const CHECK_REFUSED = /CHECK constraint failed|violates check constraint/;

// {engine, target}: the SQLite file or the PostgreSQL URI the stack's
// programs open, and the PostgreSQL password, if a file holds it.
export function databaseOf(config) {
  const text = fs.readFileSync(config, 'utf8');
  const setting = hdfValue(text, 'Kaiji.Database') ?? '';
  const dataDir = hdfValue(text, 'Kaiji.DataDir') ?? path.dirname(config);
  if (/^postgres(ql)?:/.test(setting)) {
    const pwFile = hdfValue(text, 'Kaiji.DatabasePasswordFile');
    const password = pwFile ? fs.readFileSync(pwFile, 'utf8').replace(/\r?\n$/, '') : null;
    return { engine: 'postgresql', target: setting, password };
  }
  if (setting.startsWith('sqlite:')) return { engine: 'sqlite', target: path.resolve(dataDir, setting.slice(7)) };
  if (setting !== '') throw new Error(`${config}: Kaiji.Database "${setting}" is neither sqlite:PATH nor postgresql:…`);
  return { engine: 'sqlite', target: path.join(dataDir, 'kaiji.db') };
}

const RUN = { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 60000 };

function sqliteEngine(file) {
  return {
    rows(sql) {
      const out = execFileSync('sqlite3', ['-bail', '-json', '-readonly', '-cmd', '.timeout 5000', file, sql], RUN);
      return out.trim() ? JSON.parse(out) : [];
    },
    exec(sql) {
      execFileSync('sqlite3', ['-bail', file], {
        ...RUN,
        input: `.timeout 5000\nPRAGMA foreign_keys=ON;\nBEGIN IMMEDIATE;\n${sql}\n;\nCOMMIT;\n`,
      });
    },
    columns(table) {
      return this.rows(`SELECT name FROM pragma_table_info(${q(table)}) ORDER BY cid`).map((r) => r.name);
    },
    hex: (expr) => `hex(${expr})`,
  };
}

// One row of PostgreSQL's json as SQLite's -json would give it.
function pgValue(v) {
  if (v === true) return 1;
  if (v === false) return 0;
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return v;
}

function pgEngine(uri, password) {
  const env = {
    ...process.env,
    PGOPTIONS: '-c statement_timeout=30s -c client_min_messages=warning',
    PGCONNECT_TIMEOUT: '10',
  };
  if (password !== null) env.PGPASSWORD = password;
  const psql = (args, input) =>
    execFileSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', uri, ...args],
      { ...RUN, env, input: input ?? '' });
  return {
    rows(sql) {
      const body = sql.trim().replace(/;\s*$/, '');
      const out = psql(['-c', `SELECT COALESCE(json_agg(t), '[]') FROM (${body}\n) AS t`]);
      return JSON.parse(out).map((row) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, pgValue(v)])));
    },
    exec(sql) {
      psql(['-1', '-f', '-'], `${sql}\n;\n`);
    },
    columns(table) {
      return this.rows(`SELECT column_name AS name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = ${q(table)} ORDER BY ordinal_position`)
        .map((r) => r.name);
    },
    hex: (expr) => `upper(encode(${expr}, 'hex'))`,
  };
}

// The database of the stack whose kaiji.hdf is config.
export function database(config) {
  const { engine, target, password } = databaseOf(config);
  const e = engine === 'postgresql' ? pgEngine(target, password) : sqliteEngine(target);
  return {
    engine,
    target,
    rows: (sql) => e.rows(sql),
    value(sql) {
      const [row] = e.rows(sql);
      return row === undefined ? null : Object.values(row)[0];
    },
    column: (sql) => e.rows(sql).map((r) => Object.values(r)[0]),
    text: (sql) => e.rows(sql).map((r) => Object.values(r).map((v) => v ?? '').join('|')).join('\n'),
    exec: (sql) => e.exec(sql),
    // The table's column names in their order.
    columns: (table) => e.columns(table),
    // A blob column as upper-case hex, in SQL.
    hex: (expr) => e.hex(expr),
  };
}

// The lines a test's own data directory dir adds to a config that
// includes the stack's, so that it also has a database of its own: none
// on SQLite (DataDir/kaiji.db), a new database in the stack's cluster on
// PostgreSQL (KAIJI_PG, or the stack's own in VAR/pg). Its own secrets
// file on the stack's database would be refused (lib/sitekey.h).
export function ownDatabase(config, dir) {
  if (databaseOf(config).engine !== 'postgresql') return '';
  const cluster = process.env.KAIJI_PG ?? path.join(process.env.KAIJI_VAR ?? path.resolve('var'), 'pg');
  const name = `kaiji_t_${crypto.createHash('md5').update(dir).digest('hex').slice(0, 12)}`;
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
  const uri = execFileSync(path.join(root, 'tools/pg'), ['createdb', cluster, name], { encoding: 'utf8' }).trim();
  return `Kaiji.Database = ${uri}\n`;
}

// The line of a config that names a database of the stack's engine that
// cannot be read: on SQLite a file in dir that is not a database, on
// PostgreSQL a database the stack's cluster does not have.
export function unreadableDatabase(config, dir) {
  const { engine, target } = databaseOf(config);
  if (engine !== 'postgresql') {
    const file = path.join(dir, 'not-a-database.db');
    fs.writeFileSync(file, 'not a database, '.repeat(64), { mode: 0o600 });
    return `Kaiji.Database = sqlite:${file}\n`;
  }
  const url = new URL(target);
  url.pathname = `/kaiji_t_absent_${crypto.createHash('md5').update(dir).digest('hex').slice(0, 12)}`;
  return `Kaiji.Database = ${url.href}\n`;
}

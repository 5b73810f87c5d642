// Migrations from every earlier schema version: each fixture
// tests/migrations/vN.sql (a database at version N with sample rows, made by
// tests/migrations/make-fixture) is loaded, `kaijictl migrate` brings it to
// the current version, and every row of every table the fixture had is still
// there with the same values in the columns it had. A new fixture is just a
// new file; a missing one fails the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { BIN, CONFIG } from './lib.mjs';

const DIR = new URL('../migrations/', import.meta.url).pathname;
const FIXTURES = fs.readdirSync(DIR).filter((f) => /^v\d+\.sql$/.test(f))
  .map((f) => ({ file: path.join(DIR, f), version: Number(f.slice(1, -4)) }))
  .sort((a, b) => a.version - b.version);

function current() {
  const out = execFileSync(path.join(BIN, 'kaijictl'), ['version'], { encoding: 'utf8' });
  return Number(/schema (\d+)/.exec(out)[1]);
}

function sqlite(db, sql) {
  return execFileSync('sqlite3', ['-bail', db], { input: sql, encoding: 'utf8' });
}

function json(db, sql) {
  const out = execFileSync('sqlite3', ['-json', db, sql], { encoding: 'utf8' }).trim();
  return out ? JSON.parse(out) : [];
}

// A data directory holding the fixture's database, and a config naming it.
function dataDir(fixture) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiji-migrate-'));
  fs.mkdirSync(path.join(dir, 'data'), { mode: 0o700 });
  const db = path.join(dir, 'data', 'kaiji.db');
  sqlite(db, fs.readFileSync(fixture, 'utf8'));
  const config = path.join(dir, 'kaiji.hdf');
  fs.writeFileSync(config, `#include "${CONFIG}"\nKaiji.DataDir = ${path.join(dir, 'data')}\n`);
  return { dir, db, config };
}

// Tables whose rows a migration may rebuild from the others.
const DERIVED = /^(register_fts(_.*)?|register_vocab|register_state)$/;

function migrate(config) {
  return spawnSync(path.join(BIN, 'kaijictl'), ['-c', config, 'migrate'], { encoding: 'utf8' });
}

function tables(db) {
  return json(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .map((r) => r.name);
}

function columns(db, table) {
  return json(db, `PRAGMA table_info("${table}")`).map((c) => c.name);
}

// Every row of table, restricted to cols and ordered by them (not by
// rowid: FTS5's shadow tables such as register_fts_config have none).
function rows(db, table, cols) {
  const list = cols.map((c) => `"${c}"`).join(', ');
  return json(db, `SELECT ${list} FROM "${table}" ORDER BY ${list}`);
}

test('there is a fixture for every earlier schema version', () => {
  const have = new Set(FIXTURES.map((f) => f.version));
  const missing = [];
  for (let v = 1; v < current(); v++) if (!have.has(v)) missing.push(v);
  assert.deepEqual(missing, [], `run tests/migrations/make-fixture at each missing version: ${missing}`);
});

for (const fx of FIXTURES) {
  test(`a version ${fx.version} database migrates to the current version with its rows intact`, () => {
    const before = dataDir(fx.file);
    const after = dataDir(fx.file);
    try {
      assert.equal(Number(sqlite(before.db, 'PRAGMA user_version;').trim()), fx.version, 'the fixture is its version');
      const r = migrate(after.config);
      assert.equal(r.status, 0, `kaijictl migrate: ${r.stderr}`);
      assert.equal(Number(sqlite(after.db, 'PRAGMA user_version;').trim()), current());
      assert.equal(sqlite(after.db, 'PRAGMA integrity_check;').trim(), 'ok');
      assert.equal(sqlite(after.db, 'PRAGMA foreign_key_check;').trim(), '', 'foreign keys hold');
      let total = 0;
      for (const t of tables(before.db)) {
        // The register's search index and its version are derived: a
        // migration may rebuild them (14: katakana folded to hiragana, the
        // readings indexed); checked below for one row per entry instead.
        if (DERIVED.test(t)) continue;
        const cols = columns(before.db, t);
        const want = rows(before.db, t, cols);
        assert.ok(tables(after.db).includes(t), `table ${t} is still there`);
        assert.deepEqual(rows(after.db, t, cols), want, `rows of ${t}`);
        total += want.length;
      }
      assert.ok(total > 20, `the fixture has sample rows (${total})`);
      assert.deepEqual(json(after.db, 'SELECT (SELECT count(*) FROM register_fts) AS fts, (SELECT count(*) FROM register_entry) AS entries')[0].fts,
        json(after.db, 'SELECT count(*) AS n FROM register_entry')[0].n, 'the search index has every entry');
      const again = migrate(after.config);
      assert.equal(again.status, 0, 'migrate again is a no-op');
    } finally {
      fs.rmSync(before.dir, { recursive: true, force: true });
      fs.rmSync(after.dir, { recursive: true, force: true });
    }
  });
}

test('-bad- a database newer than the programs is refused and left alone', () => {
  const d = dataDir(FIXTURES[FIXTURES.length - 1].file);
  try {
    const newer = current() + 1;
    sqlite(d.db, `PRAGMA user_version=${newer};`);
    const r = migrate(d.config);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /newer than this program/);
    assert.equal(Number(sqlite(d.db, 'PRAGMA user_version;').trim()), newer);
  } finally {
    fs.rmSync(d.dir, { recursive: true, force: true });
  }
});

test('-bad- a changed row would be caught: the comparison sees an edit', () => {
  const a = dataDir(FIXTURES[0].file);
  try {
    const cols = columns(a.db, 'feedback');
    const want = rows(a.db, 'feedback', cols);
    sqlite(a.db, "UPDATE feedback SET comment = 'changed' WHERE rowid = (SELECT max(rowid) FROM feedback);");
    assert.notDeepEqual(rows(a.db, 'feedback', cols), want);
  } finally {
    fs.rmSync(a.dir, { recursive: true, force: true });
  }
});

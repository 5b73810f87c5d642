// lib/schema-pg.c's baseline and steps against what lib/schema.c's steps leave in
// a SQLite database at the same version: the same tables, the same
// columns in the same order with the same types, NOT NULL and defaults,
// the same primary, unique and foreign keys, indexes and number of
// CHECKs; every text column of PostgreSQL's in byte order (COLLATE "C");
// SQLite's functions defined for PostgreSQL answering as SQLite's; an
// id inserted explicitly moving the identity past it. The SQLite side is
// built with the sqlite3 shell from the steps' text, each step in its
// transaction with foreign keys on, as lib/db.c migrates. Needs
// KAIJI_TEST_PG (tests/run's PostgreSQL phase).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { PG_URI, currentSchema, drop, rows } from './pg.mjs';
import { literals } from './sql.mjs';

const skip = PG_URI ? false : 'KAIJI_TEST_PG is not set (tests/run sets it in the PostgreSQL phase)';
const BASELINE = 17;

// Tables of SQLite's that PostgreSQL has not: FTS5's view of the index
// and its shadow tables (register_fts itself is a plain table there).
const SQLITE_ONLY = /^(register_vocab|register_fts_(data|idx|content|docsize|config))$/;
// INTEGER PRIMARY KEY columns whose value is always given (a foreign key,
// the one row 1): a plain key on PostgreSQL, no identity.
const GIVEN_KEYS = new Set(['staff_totp.staff_id', 'request_client.request_id', 'register_state.id', 'site_key.id']);
const TYPES = { INTEGER: 'bigint', TEXT: 'text', BLOB: 'bytea', REAL: 'double precision' };

let dir = null;
let schema = null;
let lite = null;
let pg = null;

function sqlite(db, input) {
	return execFileSync('sqlite3', ['-batch', '-bail', db], { input, encoding: 'utf8', maxBuffer: 1 << 26 });
}

// SQLite at the current version (every step), described by its own
// pragmas: PostgreSQL's is the baseline and the steps after it.
async function sqliteSchema() {
	const db = join(dir, 'kaiji.db');
	const steps = (await literals('lib/schema.c')).filter((l) => l.name === 'db_migrations').map((l) => l.text);
	assert.ok(steps.length >= BASELINE, `${steps.length} SQLite steps`);
	let script = 'PRAGMA foreign_keys=ON;\n';
	steps.forEach((s, i) => {
		script += `BEGIN IMMEDIATE;\n${s}\nPRAGMA user_version=${i + 1};\nCOMMIT;\n`;
	});
	sqlite(db, script);
	const out = sqlite(
		db,
		`.mode list
SELECT json_group_array(json_object(
  'name', m.name, 'sql', m.sql,
  'columns', (SELECT json_group_array(json_object('name', c.name, 'type', c.type,
     'notnull', c."notnull", 'dflt', c.dflt_value, 'pk', c.pk))
     FROM (SELECT * FROM pragma_table_info(m.name) ORDER BY cid) c),
  'indexes', (SELECT json_group_array(json_object('name', i.name, 'unique', i."unique",
     'origin', i.origin, 'partial', i.partial,
     'cols', (SELECT json_group_array(x.name) FROM
       (SELECT name FROM pragma_index_info(i.name) ORDER BY seqno) x)))
     FROM pragma_index_list(m.name) i),
  'fks', (SELECT json_group_array(json_object('from', f."from", 'table', f."table",
     'to', f."to", 'on_delete', f.on_delete)) FROM pragma_foreign_key_list(m.name) f)))
FROM sqlite_master m WHERE m.type = 'table' ORDER BY m.name;
`,
	);
	const tables = {};
	for (const t of JSON.parse(out)) if (!SQLITE_ONLY.test(t.name)) tables[t.name] = t;
	return tables;
}

// The same, from PostgreSQL's catalogue.
function pgSchema() {
	const q = (sql) => rows(sql, { schema });
	const tables = {};
	for (const [name] of q(`SELECT c.relname FROM pg_class c WHERE c.relnamespace = '${schema}'::regnamespace AND c.relkind = 'r' ORDER BY 1;`))
		tables[name] = { name, columns: [], indexes: [], fks: [], checks: 0 };
	for (const [t, name, type, notnull, dflt, identity, coll] of q(
		`SELECT table_name, column_name, data_type, is_nullable = 'NO', coalesce(column_default, ''),
		   is_identity = 'YES', coalesce(collation_name, '')
		 FROM information_schema.columns WHERE table_schema = '${schema}' ORDER BY table_name, ordinal_position;`,
	))
		tables[t].columns.push({ name, type, notnull: notnull === 't', dflt, identity: identity === 't', coll });
	for (const [t, name, unique, primary, partial, cols] of q(
		`SELECT t.relname, i.relname, x.indisunique, x.indisprimary, x.indpred IS NOT NULL,
		   (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(x.indkey) WITH ORDINALITY AS k(att, n)
		    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.att)
		 FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
		 WHERE t.relnamespace = '${schema}'::regnamespace ORDER BY 1, 2;`,
	))
		tables[t].indexes.push({ name, unique: unique === 't', primary: primary === 't', partial: partial === 't', cols });
	for (const [t, contype, from, to, cols, del] of q(
		`SELECT c.conrelid::regclass::text, c.contype,
		   (SELECT string_agg(a.attname, ',') FROM unnest(c.conkey) k JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k),
		   coalesce(c.confrelid::regclass::text, ''),
		   coalesce((SELECT string_agg(a.attname, ',') FROM unnest(c.confkey) k JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k), ''),
		   c.confdeltype
		 FROM pg_constraint c WHERE c.connamespace = '${schema}'::regnamespace AND c.contype IN ('f', 'c');`,
	)) {
		const table = tables[t.replace(/^.*\./, '')];
		if (contype === 'c') table.checks++;
		else table.fks.push(`${from} -> ${to.replace(/^.*\./, '')}(${cols}) on delete ${del === 'c' ? 'CASCADE' : 'NO ACTION'}`);
	}
	return tables;
}

before(async () => {
	if (skip) return;
	dir = mkdtempSync(join(tmpdir(), 'kaiji-schema-'));
	schema = await currentSchema('schema');
	lite = await sqliteSchema();
	pg = pgSchema();
});
after(() => {
	if (schema) drop(schema);
	if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the same tables', { skip }, () => {
	assert.deepEqual(Object.keys(pg).sort(), Object.keys(lite).sort());
});

// SQLite's default as PostgreSQL writes it: '' → ''::text, 0 → 0.
function pgDefault(dflt, type) {
	if (dflt === null) return '';
	return /^'/.test(dflt) && type === 'text' ? `${dflt}::text` : dflt;
}

test('the same columns, types, NOT NULL, defaults; identity where SQLite hands out the rowid', { skip }, () => {
	for (const [name, t] of Object.entries(lite)) {
		const want = /^CREATE VIRTUAL TABLE/.test(t.sql)
			? [
					{ name: 'rowid', type: 'bigint', notnull: true, dflt: '', identity: false },
					...t.columns.map((c) => ({ name: c.name, type: 'text', notnull: true, dflt: '', identity: false })),
				]
			: t.columns.map((c) => {
					const rowid = c.pk === 1 && c.type === 'INTEGER' && t.columns.filter((x) => x.pk).length === 1;
					const identity = rowid && !GIVEN_KEYS.has(`${name}.${c.name}`);
					return {
						name: c.name,
						type: TYPES[c.type],
						// A primary key is NOT NULL on PostgreSQL; SQLite's
						// TEXT PRIMARY KEY would take a NULL, which no
						// statement gives it.
						notnull: c.notnull === 1 || c.pk > 0,
						dflt: pgDefault(c.dflt, TYPES[c.type]),
						identity,
					};
				});
		const got = pg[name].columns.map(({ name: n, type, notnull, dflt, identity }) => ({ name: n, type, notnull, dflt, identity }));
		assert.deepEqual(got, want, name);
	}
});

test('every text column compares its bytes, as SQLite does (COLLATE "C")', { skip }, () => {
	const other = [];
	for (const t of Object.values(pg))
		for (const c of t.columns) if (c.type === 'text' && c.coll !== 'C') other.push(`${t.name}.${c.name}: ${c.coll || 'the database default'}`);
	assert.deepEqual(other, []);
});

test('the same primary and unique keys, indexes and foreign keys', { skip }, () => {
	for (const [name, t] of Object.entries(lite)) {
		const virtual = /^CREATE VIRTUAL TABLE/.test(t.sql);
		const pk = virtual
			? 'rowid'
			: t.columns
					.filter((c) => c.pk)
					.sort((a, b) => a.pk - b.pk)
					.map((c) => c.name)
					.join(',');
		const liteKeys = new Set(pk ? [`primary ${pk}`] : []);
		const liteIndexes = new Set();
		for (const i of t.indexes) {
			const cols = i.cols.join(',');
			if (i.origin === 'pk') continue;
			if (i.origin === 'u') liteKeys.add(`unique ${cols}`);
			else liteIndexes.add(`${i.unique ? 'unique ' : ''}${i.name} (${cols})${i.partial ? ' partial' : ''}`);
		}
		const pgKeys = new Set();
		const pgIndexes = new Set();
		for (const i of pg[name].indexes) {
			if (i.primary) pgKeys.add(`primary ${i.cols}`);
			else if (i.unique && /_key$/.test(i.name) && !i.partial) pgKeys.add(`unique ${i.cols}`);
			else pgIndexes.add(`${i.unique ? 'unique ' : ''}${i.name} (${i.cols})${i.partial ? ' partial' : ''}`);
		}
		assert.deepEqual([...pgKeys].sort(), [...liteKeys].sort(), `${name}: keys`);
		assert.deepEqual([...pgIndexes].sort(), [...liteIndexes].sort(), `${name}: indexes`);
		const liteFks = t.fks.map((f) => `${f.from} -> ${f.table.replace(/"/g, '')}(${f.to}) on delete ${f.on_delete}`);
		assert.deepEqual(pg[name].fks.sort(), liteFks.sort(), `${name}: foreign keys`);
		assert.equal(pg[name].checks, (t.sql.match(/\bCHECK\b/g) || []).length, `${name}: CHECKs`);
	}
});

// The same expression on both engines, as text.
function both(exprs) {
	const select = `SELECT ${exprs.map((e) => `coalesce(CAST(${e} AS TEXT), 'NULL')`).join(', ')};`;
	const l = sqlite(':memory:', `.mode list\n.separator \x1f\n${select}\n`).replace(/\n$/, '').split('\x1f');
	const p = rows(select, { schema })[0];
	return { l, p };
}

test("SQLite's functions on PostgreSQL answer as SQLite's", { skip }, () => {
	const doc = `'{"s":"x","n":3,"f":1.5,"t":true,"u":false,"z":null,"a":{"b":"y"},"j":"日本"}'`;
	const exprs = [
		...['$.s', '$.n', '$.f', '$.t', '$.u', '$.z', '$.missing', '$.a.b', '$.j', '$.a.missing'].map((p) => `json_extract(${doc}, '${p}')`),
		`json_extract(NULL, '$.s')`,
		`CAST(json_valid(${doc}) AS INTEGER)`,
		`CAST(json_valid('{"a":') AS INTEGER)`,
		`julianday('2026-12-06')`,
		`julianday('2026-12-06T03:00:00Z')`,
		`julianday('2026-12-06T12:00:00+09:00')`,
		// a real reads 4.0 on SQLite, 4 on PostgreSQL: the callers read a double
		`CAST((julianday('2026-12-10') - julianday('2026-12-06')) * 2 AS INTEGER)`,
		`date('2026-12-06T14:59:59Z', '+9 hours')`,
		`date('2026-12-06T15:00:00Z', '+9 hours')`,
		`date('2026-12-31T23:30:00.123Z', '+9 hours')`,
		`(SELECT group_concat(v, ',') FROM (SELECT 'b' AS v UNION ALL SELECT NULL UNION ALL SELECT 'a') AS q)`,
		`(SELECT group_concat(v, ',') FROM (SELECT CAST(NULL AS TEXT) AS v) AS q)`,
	];
	const { l, p } = both(exprs);
	assert.deepEqual(
		exprs.map((e, i) => `${e} = ${p[i]}`),
		exprs.map((e, i) => `${e} = ${l[i]}`),
	);
});

// lower() of a text column changes ASCII letters only, as SQLite's: the
// desk's name search (cgi-bin/desk-inbox.c) matches a lower-case fragment
// against lower(name).
test('lower() of a column changes ASCII letters only, as on SQLite', { skip }, () => {
	const name = 'Tanaka ＡＢ Émile';
	const l = sqlite(':memory:', `.mode list\nSELECT lower('${name}'), lower('${name}') LIKE '%ka ＡＢ é%';\n`).trim().split('|');
	const p = rows(
		`INSERT INTO agency (id, name) VALUES ('lower', '${name}');
		 SELECT lower(name), CAST(lower(name) LIKE '%ka ＡＢ é%' AS INTEGER) FROM agency WHERE id = 'lower';`,
		{ schema },
	)[0];
	assert.deepEqual(p, [l[0], l[1]]);
	assert.deepEqual(p, ['tanaka ＡＢ Émile', '0']);
});

test('an id inserted explicitly moves the identity past it; a new one follows', { skip }, () => {
	const got = rows(
		`INSERT INTO agency (id, name) VALUES ('a', 'A');
		 INSERT INTO register_entry (id, name, agency_id, updated_at) VALUES (500, 'x', 'a', 't');
		 INSERT INTO register_entry (name, agency_id, updated_at) VALUES ('y', 'a', 't') RETURNING id;
		 INSERT INTO register_entry (id, name, agency_id, updated_at) VALUES (7, 'z', 'a', 't');
		 INSERT INTO register_entry (name, agency_id, updated_at) VALUES ('w', 'a', 't') RETURNING id;
		 SELECT count(*) FROM register_state WHERE id = 1 AND version > 0;`,
		{ schema },
	);
	assert.deepEqual(got, [['501'], ['502'], ['1']]);
});

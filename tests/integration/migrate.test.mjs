// Migrations from every earlier schema version: each fixture
// tests/migrations/vN.sql (a database at version N with sample rows, made by
// tests/migrations/make-fixture) is loaded, `kaijictl migrate` brings it to
// the current version, and every row of every table the fixture had is still
// there with the same values in the columns it had. A new fixture is just a
// new file; a missing one fails the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
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

// Tables whose rows a migration may rebuild from the others, and the
// secrets' fingerprint that migrate records (19; its own test below).
const DERIVED = /^(register_fts(_.*)?|register_vocab|register_state|site_key)$/;
// Tables a step dropped on purpose, with the step: they held nothing a
// person relies on (20: the lookup sessions, now signed cookies).
const DROPPED = { lookup_session: 20 };

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
        if (DROPPED[t] && current() >= DROPPED[t]) {
          assert.ok(!tables(after.db).includes(t), `-bad- table ${t} is dropped (step ${DROPPED[t]})`);
          continue;
        }
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

// Step 17 (法84: the rest decided later has its own fee and 申出) rebuilt
// fee, the payment tables that refer to it and delivery_choice: a version 14
// database with a paid fee, its payment, event and refund and a 申出 keeps
// every row, each as the main part, and a rest's fee can then be added once.
test('法84: a fee, its payments and a 申出 migrate to the main part; the rest gets its own fee once', () => {
  const fx = FIXTURES.find((f) => f.version === 14);
  assert.ok(fx, 'the version 14 fixture');
  const d = dataDir(fx.file);
  try {
    sqlite(d.db, `UPDATE request SET state = 'delivered', decision = 'partial', decided_on = '2024-04-10' WHERE id = 1;
      INSERT INTO fee (id, request_id, amount_yen, breakdown, state, paid_via, paid_at, created_at)
        VALUES (7, 1, 300, '{"mono_pages":30}', 'paid', 'online', '2024-04-11T00:00:00Z', '2024-04-10T00:00:00Z');
      INSERT INTO payment (id, order_id, fee_id, provider, amount_yen, state, refunded_yen, expires_at, created_at, updated_at)
        VALUES (5, 'ord1', 7, 'stripe', 300, 'paid', 100, 0, 't', 't');
      INSERT INTO payment_event (payment_id, key, kind, at) VALUES (5, 'evt1', 'paid', 't');
      INSERT INTO payment_refund (payment_id, key, amount_yen, state, source, created_at, updated_at)
        VALUES (5, 'ref1', 100, 'succeeded', 'kaiji', 't', 't');
      INSERT INTO offer_slot (id, request_id, starts_at) VALUES (3, 1, '2024-04-20T10:00');
      INSERT INTO delivery_choice (request_id, method, slot_id, chosen_at) VALUES (1, 'counter', 3, '2024-04-12');`);
    const before = {};
    for (const t of ['fee', 'payment', 'payment_event', 'payment_refund', 'delivery_choice']) {
      before[t] = rows(d.db, t, columns(d.db, t));
    }
    const r = migrate(d.config);
    assert.equal(r.status, 0, `kaijictl migrate: ${r.stderr}`);
    assert.equal(sqlite(d.db, 'PRAGMA foreign_key_check;').trim(), '', 'foreign keys hold');
    for (const [t, want] of Object.entries(before)) {
      assert.deepEqual(rows(d.db, t, Object.keys(want[0])), want, `rows of ${t}`);
    }
    assert.deepEqual(json(d.db, 'SELECT part FROM fee UNION ALL SELECT part FROM delivery_choice').map((x) => x.part),
      ['main', 'main'], 'existing fee and 申出 are the main part');
    sqlite(d.db, "INSERT INTO fee (request_id, part, amount_yen, state, created_at) VALUES (1, 'rest', 200, 'due', 't');");
    const dup = spawnSync('sqlite3', ['-bail', d.db], {
      input: "INSERT INTO fee (request_id, part, amount_yen, state, created_at) VALUES (1, 'rest', 50, 'due', 't');",
      encoding: 'utf8' });
    assert.match(dup.stderr, /UNIQUE constraint failed/, '-bad- one fee per part');
    const twice = spawnSync('sqlite3', ['-bail', d.db], {
      input: "INSERT INTO payment (order_id, fee_id, provider, amount_yen, state, expires_at, created_at, updated_at) VALUES ('ord2', 7, 'stripe', 300, 'paid', 0, 't', 't');",
      encoding: 'utf8' });
    assert.match(twice.stderr, /UNIQUE constraint failed/, '-bad- a fee is never paid twice (payment_one_per_fee kept)');
  } finally {
    fs.rmSync(d.dir, { recursive: true, force: true });
  }
});

// Step 19: the first kaijictl to migrate records its secrets file's
// fingerprint (lib/sitekey.h); a secrets file that is not that one is then
// refused by every command, and the row is left as it was.
test('18 → 19: migrate records the secrets fingerprint once; another secrets file is refused', () => {
  const fx = FIXTURES.find((f) => f.version === 18);
  assert.ok(fx, 'the version 18 fixture');
  const d = dataDir(fx.file);
  try {
    assert.equal(migrate(d.config).status, 0);
    const key = json(d.db, 'SELECT id, fingerprint, created_at FROM site_key');
    assert.equal(key.length, 1, 'one fingerprint');
    assert.match(key[0].fingerprint, /^[0-9a-f]{64}$/);
    const secrets = path.join(d.dir, 'data', 'secrets');
    assert.ok(!key[0].fingerprint.includes(fs.readFileSync(secrets).toString('hex').slice(0, 16)), 'not the key itself');
    assert.equal(migrate(d.config).status, 0, 'the same secrets file: accepted');
    fs.writeFileSync(secrets, crypto.randomBytes(32), { mode: 0o600 });
    for (const args of [['migrate'], ['staff', 'list']]) {
      const r = spawnSync(path.join(BIN, 'kaijictl'), ['-c', d.config, ...args], { encoding: 'utf8' });
      assert.equal(r.status, 1, `-bad- kaijictl ${args[0]} refuses`);
      assert.match(r.stderr, /this server's secrets file differs from the one the database was set up with: copy the first server's \(docs\/INSTALL\.md §15\)/);
      assert.equal(r.stdout, '', 'and does nothing');
    }
    assert.deepEqual(json(d.db, 'SELECT id, fingerprint, created_at FROM site_key'), key, 'the row is left as it was');
    assert.ok(fs.existsSync(secrets), 'the secrets file the run did not make stays');
    // No secrets file: init and migrate make one, find the database set
    // up with another, refuse, and take the one they made away again (the
    // message tells the webmaster to copy the first server's there).
    for (const cmd of ['init', 'migrate']) {
      fs.rmSync(secrets);
      const r = spawnSync(path.join(BIN, 'kaijictl'), ['-c', d.config, cmd], { encoding: 'utf8' });
      assert.equal(r.status, 1, `-bad- kaijictl ${cmd} without a secrets file refuses`);
      assert.match(r.stderr, /secrets file differs .* \(the secrets file this run made, .*secrets, was removed\)/);
      assert.ok(!fs.existsSync(secrets), `-bad- kaijictl ${cmd} leaves no secrets file of its own`);
      fs.writeFileSync(secrets, crypto.randomBytes(32), { mode: 0o600 });
    }
    assert.deepEqual(json(d.db, 'SELECT id, fingerprint, created_at FROM site_key'), key, 'the row is left as it was');
  } finally {
    fs.rmSync(d.dir, { recursive: true, force: true });
  }
});

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

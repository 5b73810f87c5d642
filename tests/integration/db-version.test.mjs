// kaijictl db-version: the configured database's schema version, 0 when it
// has none, nothing made (tools/install-files runs kaijictl init only on
// 0: on PostgreSQL no kaiji.db in the data directory tells it anything).
// On both engines: the stack's database, a database of its own before and
// after init, and one that cannot be read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { BIN, CONFIG } from './lib.mjs';
import { ownDatabase, unreadableDatabase } from './db.mjs';

function ctl(config, ...args) {
  return spawnSync(path.join(BIN, 'kaijictl'), ['-c', config, ...args], { encoding: 'utf8', timeout: 60000 });
}

const SCHEMA = Number(/schema (\d+)/.exec(execFileSync(path.join(BIN, 'kaijictl'), ['version'], { encoding: 'utf8' }))[1]);

function dataDir(lines) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiji-db-version-'));
  const data = path.join(dir, 'data');
  const config = path.join(dir, 'kaiji.hdf');
  fs.writeFileSync(config, `#include "${CONFIG}"\nKaiji.DataDir = ${data}\n${lines(dir)}`);
  return { dir, data, config };
}

test('the stack\'s database: its schema version', () => {
  const r = ctl(CONFIG, 'db-version');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `${SCHEMA}\n`);
});

test('a database without a schema: 0, and nothing made; after init, the version', () => {
  const d = dataDir((dir) => ownDatabase(CONFIG, dir));
  try {
    const r = ctl(d.config, 'db-version');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '0\n', 'no schema');
    assert.ok(!fs.existsSync(d.data), '-bad- no data directory, database file or secrets file made');
    assert.equal(ctl(d.config, 'db-version').stdout, '0\n', 'asked again: still none');
    const init = ctl(d.config, 'init');
    assert.equal(init.status, 0, init.stderr);
    const after = ctl(d.config, 'db-version');
    assert.equal(after.status, 0, after.stderr);
    assert.equal(after.stdout, `${SCHEMA}\n`, 'init made the schema');
  } finally {
    fs.rmSync(d.dir, { recursive: true, force: true });
  }
});

test('-bad- a database that cannot be read: an error, no version', () => {
  const d = dataDir((dir) => unreadableDatabase(CONFIG, dir));
  try {
    const r = ctl(d.config, 'db-version');
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '', 'no version printed (make install would take it for one)');
    assert.match(r.stderr, /^kaijictl db-version: /);
  } finally {
    fs.rmSync(d.dir, { recursive: true, force: true });
  }
});

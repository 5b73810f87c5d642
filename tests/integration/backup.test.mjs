// kaijictl backup while submissions are being written, then restore into a
// fresh data directory: every submission acknowledged before the backup
// started is there, the rows form one consistent snapshot, and the restored
// database passes PRAGMA integrity_check. The writes go through a separate
// SQLite connection on the stack's live database (the request form is not
// merged yet); each row is acknowledged only after its COMMIT returned.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { VAR, BIN, CONFIG, sleep } from './lib.mjs';

const TAG = `backup-test-${process.pid}`;
const DB = path.join(VAR, 'kaiji.db');

// One writer: an INSERT, then the acknowledgement line once it committed.
function startWriter() {
  const w = spawn('sqlite3', ['-cmd', '.timeout 10000', DB], { stdio: ['pipe', 'pipe', 'pipe'] });
  const acked = [];
  let buf = '';
  let stopping = false;
  let stderr = '';
  const next = () => {
    if (stopping) return w.stdin.end();
    w.stdin.write(
      "INSERT INTO feedback (page, lang, understandable, findable, comment, created_at) " +
      `VALUES ('/kaiji/', 'ja', 'yes', 'yes', '${TAG}', strftime('%Y-%m-%dT%H:%M:%SZ'));\n` +
      "SELECT 'ack ' || last_insert_rowid();\n");
  };
  w.stdout.on('data', (c) => {
    buf += c;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      const m = /^ack (\d+)$/.exec(line);
      if (m) {
        acked.push(Number(m[1]));
        next();
      }
    }
  });
  w.stderr.on('data', (c) => { stderr += c; });
  const done = new Promise((resolve) => w.on('close', resolve));
  next();
  return {
    acked,
    stderr: () => stderr,
    stop: async () => { stopping = true; await done; },
  };
}

function run(cmd, args) {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (c) => { out += c; });
    p.stderr.on('data', (c) => { err += c; });
    p.on('close', (status) => resolve({ status, out, err }));
  });
}

function ids(db) {
  const out = execFileSync('sqlite3', ['-cmd', '.timeout 5000', db, `SELECT id FROM feedback WHERE comment = '${TAG}' ORDER BY id`],
    { encoding: 'utf8' }).trim();
  return out ? out.split('\n').map(Number) : [];
}

test('backup during writes, restore into a fresh directory: every acknowledged row, integrity ok', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiji-backup-'));
  const vault = path.join(VAR, 'vault');
  const big = path.join(vault, `${TAG}.bin`);
  fs.mkdirSync(vault, { recursive: true, mode: 0o700 });
  // A document large enough that the backup takes a while.
  fs.writeFileSync(big, Buffer.alloc(64 * 1024 * 1024, 7), { mode: 0o600 });
  const writer = startWriter();
  try {
    while (writer.acked.length < 100) {
      assert.equal(writer.stderr(), '', 'the writer works');
      await sleep(10);
    }
    const before = writer.acked.length;
    const ackedBefore = writer.acked.slice(0, before);
    const archive = path.join(tmp, 'kaiji.kbk');
    const b = await run(path.join(BIN, 'kaijictl'), ['-c', CONFIG, 'backup', archive]);
    const during = writer.acked.length - before;
    assert.equal(b.status, 0, `kaijictl backup: ${b.err}`);
    assert.ok(during > 0, `writes went on during the backup (${during})`);
    await sleep(50);
    await writer.stop();
    assert.equal(writer.stderr(), '', 'no write failed');

    const config = path.join(tmp, 'restore.hdf');
    const data = path.join(tmp, 'data');
    fs.writeFileSync(config, `#include "${CONFIG}"\nKaiji.DataDir = ${data}\n`);
    const r = await run(path.join(BIN, 'kaijictl'), ['-c', config, 'restore', archive]);
    assert.equal(r.status, 0, `kaijictl restore: ${r.err}`);
    const restoredDb = path.join(data, 'kaiji.db');
    assert.equal(execFileSync('sqlite3', [restoredDb, 'PRAGMA integrity_check'], { encoding: 'utf8' }).trim(), 'ok');
    const got = ids(restoredDb);
    const have = new Set(got);
    const lost = ackedBefore.filter((id) => !have.has(id));
    assert.deepEqual(lost, [], 'every row acknowledged before the backup started is restored');
    // One snapshot: the restored rows are exactly the first N acknowledged.
    assert.deepEqual(got, writer.acked.slice(0, got.length), 'the restored rows are a prefix of the acknowledged ones');
    assert.ok(fs.readFileSync(path.join(data, 'vault', `${TAG}.bin`)).equals(fs.readFileSync(big)),
      'the vault file is restored byte for byte');
    assert.equal(fs.statSync(data).mode & 0o777, 0o700, 'the data directory is mode 0700');

    const again = await run(path.join(BIN, 'kaijictl'), ['-c', config, 'restore', archive]);
    assert.notEqual(again.status, 0, '-bad- a second restore without --force is refused');
    assert.match(again.err, /--force/);
  } finally {
    await writer.stop();
    fs.rmSync(big, { force: true });
    execFileSync('sqlite3', ['-cmd', '.timeout 10000', DB, `DELETE FROM feedback WHERE comment = '${TAG}'`]);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('-bad- restore of a damaged archive fails and writes nothing', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiji-backup-'));
  try {
    const archive = path.join(tmp, 'kaiji.kbk');
    const b = await run(path.join(BIN, 'kaijictl'), ['-c', CONFIG, 'backup', archive]);
    assert.equal(b.status, 0, b.err);
    assert.equal((await run(path.join(BIN, 'kaijictl'), ['verify-backup', archive])).status, 0);
    const bytes = fs.readFileSync(archive);
    fs.writeFileSync(archive, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const v = await run(path.join(BIN, 'kaijictl'), ['verify-backup', archive]);
    assert.notEqual(v.status, 0, 'verify-backup refuses a truncated archive');
    const config = path.join(tmp, 'restore.hdf');
    const data = path.join(tmp, 'data');
    fs.writeFileSync(config, `#include "${CONFIG}"\nKaiji.DataDir = ${data}\n`);
    const r = await run(path.join(BIN, 'kaijictl'), ['-c', config, 'restore', archive]);
    assert.notEqual(r.status, 0);
    assert.equal(fs.existsSync(path.join(data, 'kaiji.db')), false, 'no database restored');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

// Two web servers on one PostgreSQL database (issue 21): two complete
// stacks (tools/stack: two nginx, two sets of programs, their own ports and
// var directories) on one database, set up as docs/INSTALL.md §15 tells a
// city: each server its own data directory, the secrets file copied from
// the first to the second, the identity documents in the database
// (Kaiji.Vault = database), the same payment settings (B gets A's
// Kaiji.Pay lines and its own copy of their key files) and the public
// address, a load balancer in front (KAIJI_BASE_URL; here a small proxy of
// the test's, round robin, without sticky sessions, that the provider's
// notifications go through). The traffic alternates between the two:
//   - a request filed on one is on the other's desk, its documents too;
//   - wrong access codes tried on both count as one: the reference locks
//     on both, and the right code still gets in on either;
//   - a payment started on one and notified to the other (and to the
//     first at the same moment: the notification twice) is paid once;
//   - a third server with a secrets file of its own (none copied) does
//     not start, and writes nothing to the database;
//   - neither data directory holds a database or a document, and no
//     process of either stack has a SQLite file or the other's files open
//     (nothing is shared on disk, by mistake or otherwise);
//   - one stack killed with SIGKILL in the middle of a filing load loses no
//     acknowledged request: every receipt a client got is in the database.
// PostgreSQL only (tests/integration/engines): KAIJI_PG names the cluster
// (tests/run's); without it the test runs a cluster of its own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { VAR, BIN, CookieJar, formToken, multipart } from './lib.mjs';
import { database, q } from './db.mjs';
import { emu, ctl, idle, makeRequest, staff, loginJar } from './pay-stack.mjs';
import { day } from './clock.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const TOOLS_PG = path.join(ROOT, 'tools/pg');
const OWN_PG = path.join(VAR, 'two-pg');
const PG = process.env.KAIJI_PG ?? OWN_PG;
const DB_NAME = `kaiji_two_${crypto.createHash('md5').update(VAR).digest('hex').slice(0, 8)}`;
const VAULT_IN_DB = 'Kaiji.Vault = database';

// ---- the load balancer: round robin, or where the test says ----

function balancer() {
  const lb = { backends: {}, turn: 0, seen: [], pick: null };
  lb.server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const name = lb.pick?.(req) ?? ['A', 'B'][lb.turn++ % 2];
      lb.seen.push({ name, method: req.method, path: req.url });
      const up = http.request({ host: '127.0.0.1', port: lb.backends[name], method: req.method, path: req.url,
        headers: req.headers, agent: false }, (r) => {
        res.writeHead(r.statusCode, r.headers);
        r.pipe(res);
      });
      up.on('error', () => { res.writeHead(502); res.end(); });
      up.end(Buffer.concat(chunks));
    });
  });
  return new Promise((resolve) => lb.server.listen(0, '127.0.0.1', () => {
    lb.url = `http://127.0.0.1:${lb.server.address().port}`;
    resolve(lb);
  }));
}

// ---- the two stacks ----

const stacks = [];

// A file of A's as the city copies it to another server: the same bytes
// and mode, in that server's own directory.
function copyFile(from, to) {
  fs.copyFileSync(from, to);
  fs.chmodSync(to, fs.statSync(from).mode & 0o777);
}

// What B gets from A before it starts, as docs/INSTALL.md §15 tells the
// city: the secrets file, and the same payment settings with their key
// and CA files copied into B's own directory (pay/, pay.hdf), so that
// nothing of B's names a file of A's.
function fromA(dir) {
  fs.mkdirSync(path.join(dir, 'pay'), { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  copyFile(path.join(A.dir, 'secrets'), path.join(dir, 'secrets'));
  const pay = fs.readFileSync(A.config, 'utf8').split('\n').filter((l) => l.startsWith('Kaiji.Pay.'))
    .map((l) => l.replace(/= (\/\S+)$/, (all, file) => {
      if (!file.startsWith(`${A.dir}/`)) return all;
      const to = path.join(dir, 'pay', path.basename(file));
      copyFile(file, to);
      return `= ${to}`;
    }));
  fs.writeFileSync(path.join(dir, 'pay.hdf'), `${pay.join('\n')}\n`);
}

// A stack in var/two-NAME, its own data directory; prepare(dir): what the
// city puts there before the server's first start.
function startOne(name, extra, prepare) {
  const { dir, env, r } = launch(name, extra, prepare);
  assert.equal(r.status, 0, `stack ${name}: ${r.stdout}${r.stderr}`);
  const read = (f) => fs.readFileSync(path.join(dir, f), 'utf8').trim();
  return { name, dir, env, city: 'yamagata', config: path.join(dir, 'kaiji.hdf'), port: Number(read('port')),
    base: `http://127.0.0.1:${read('port')}` };
}

// tools/stack start for a stack in var/two-NAME on the shared database:
// its directory, environment and the start's outcome.
function launch(name, extra, prepare) {
  const dir = path.join(VAR, `two-${name}`);
  fs.rmSync(dir, { recursive: true, force: true });
  prepare?.(dir);
  const env = {
    ...process.env, KAIJI_VAR: dir, KAIJI_PORT: 'auto', KAIJI_DEMO: '1', KAIJI_CITY: 'yamagata', KAIJI_BIN: BIN,
    KAIJI_DB: 'postgresql', KAIJI_PG: PG, KAIJI_PG_DATABASE: DB_NAME, KAIJI_CONFIG_EXTRA: VAULT_IN_DB, ...extra,
  };
  delete env.KAIJI_DATA;
  stacks.push({ dir, env });
  const r = spawnSync(path.join(ROOT, 'tools/stack'), ['start'], { env, encoding: 'utf8', timeout: 120000 });
  return { dir, env, r };
}

let lb;
let A;
let B;
let db;

before(async () => {
  if (!process.env.KAIJI_PG) execFileSync(TOOLS_PG, ['start', OWN_PG], { stdio: 'pipe' });
  execFileSync(TOOLS_PG, ['dropdb', PG, DB_NAME], { stdio: 'pipe' });
  lb = await balancer();
  A = startOne('a', { KAIJI_BASE_URL: lb.url, KAIJI_PAY_EMULATOR: '1' });
  A.emu = `https://127.0.0.1:${fs.readFileSync(path.join(A.dir, 'emulator/port'), 'utf8').trim()}`;
  A.ca = fs.readFileSync(path.join(A.dir, 'emulator/ca.pem'));
  B = startOne('b', { KAIJI_BASE_URL: lb.url, KAIJI_PAY_EMULATOR: '0', KAIJI_STACK_CONF: path.join(VAR, 'two-b/pay.hdf') },
    fromA);
  B.emu = A.emu;
  B.ca = A.ca;
  lb.backends = { A: A.port, B: B.port };
  db = database(A.config);
});

after(() => {
  for (const s of stacks) spawnSync(path.join(ROOT, 'tools/stack'), ['stop'], { env: s.env, stdio: 'pipe' });
  lb?.server.close();
  if (!process.env.KAIJI_PG) spawnSync(TOOLS_PG, ['stop', OWN_PG], { stdio: 'pipe' });
});

test('one database; each server its own data directory, the same secrets file, the documents in the database', () => {
  assert.equal(db.engine, 'postgresql');
  assert.equal(database(B.config).target, db.target);
  for (const s of [A, B]) {
    const conf = fs.readFileSync(s.config, 'utf8');
    assert.match(conf, new RegExp(`^Kaiji\\.DataDir = ${s.dir}$`, 'm'));
    assert.match(conf, /^Kaiji\.Vault = database$/m);
  }
  assert.deepEqual(fs.readFileSync(path.join(B.dir, 'secrets')), fs.readFileSync(path.join(A.dir, 'secrets')));
  const bConf = fs.readFileSync(B.config, 'utf8');
  assert.ok(!bConf.includes(`${A.dir}/`), 'B\'s settings name no file in A\'s directory');
  assert.match(bConf, new RegExp(`^Kaiji\\.Pay\\.Stripe\\.SecretKeyFile = ${B.dir}/pay/`, 'm'), 'B\'s own copy of the payment keys');
});

// A third server set up without copying A's secrets file: `kaijictl
// migrate` (tools/stack start runs it) makes one of its own. The database
// remembers A's (lib/sitekey.h): the start fails saying what to do, the
// programs themselves refuse to start with that file, and nothing of the
// third server's reaches the database.
const MESSAGE = /this server's secrets file differs from the one the database was set up with: copy the first server's \(docs\/INSTALL\.md §15\)/;
const WRITTEN = ['site_key', 'staff', 'agency', 'register_entry', 'request', 'vault_file', 'mail_outbox'];

function written() {
  return {
    key: db.rows('SELECT id, fingerprint, created_at FROM site_key'),
    counts: WRITTEN.map((t) => `${t} ${db.value(`SELECT count(*) FROM ${t}`)}`),
  };
}

test('-bad- a server with a secrets file of its own on the same database refuses to start, and writes nothing', () => {
  const was = written();
  assert.equal(was.key.length, 1, 'A recorded its secrets\' fingerprint');
  assert.match(was.key[0].fingerprint, /^[0-9a-f]{64}$/);
  const c = launch('c', { KAIJI_BASE_URL: lb.url, KAIJI_PAY_EMULATOR: '0' });
  assert.notEqual(c.r.status, 0, 'the start fails');
  assert.match(`${c.r.stdout}${c.r.stderr}`, MESSAGE, 'saying what to do');
  assert.match(`${c.r.stdout}${c.r.stderr}`, /\(the secrets file this run made, .*secrets, was removed\)/,
    'and that the secrets file it made is gone');
  assert.ok(!fs.existsSync(path.join(c.dir, 'secrets')),
    '-bad- no secrets file of its own is left where A\'s copy belongs');
  // A program started by hand (or by a supervisor) with one of its own.
  fs.writeFileSync(path.join(c.dir, 'secrets'), crypto.randomBytes(32), { mode: 0o600 });
  const prog = spawnSync(path.join(BIN, 'status'), ['-c', path.join(c.dir, 'kaiji.hdf'), '-s', path.join(c.dir, 'status.sock')],
    { encoding: 'utf8', timeout: 20000 });
  assert.equal(prog.status, 1, `the program exits: ${prog.stderr}`);
  assert.match(prog.stderr, MESSAGE, 'its log says why');
  assert.deepEqual(written(), was, 'the fingerprint and the tables are as A and B left them');
  // The same file copied from A: accepted (what the message tells the city).
  copyFile(path.join(A.dir, 'secrets'), path.join(c.dir, 'secrets'));
  const again = spawnSync(path.join(BIN, 'kaijictl'), ['-c', path.join(c.dir, 'kaiji.hdf'), 'migrate'], { encoding: 'utf8' });
  assert.equal(again.status, 0, `with A's secrets file: ${again.stderr}`);
  assert.deepEqual(written(), was);
});

// ---- filing, with each step on the other server ----

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), crypto.randomBytes(200)]);
const PDF = Buffer.from('%PDF-1.4\n% two stacks\n');

function fields(marker) {
  return {
    kind: 'disclosure', agency: 'mayor', department: '市民課', sought: marker,
    name: '山田 花子', furigana: 'やまだ はなこ', postal: '990-8540', address: '山形市旅篭町二丁目3番25号',
    phone: '023-641-1212', email: '', agent: 'none', resident_issued_on: day(-3),
    method: 'copy_mail', medium: 'mono', units: '12', dockind1: 'drivers_license', dockind2: 'resident_record',
  };
}

const FILES = [
  { name: 'doc1', filename: 'license.jpg', contentType: 'image/jpeg', data: JPEG },
  { name: 'doc2', filename: '住民票.pdf', contentType: 'application/pdf', data: PDF },
];

// The filing's steps, step i on the server on(i) names, each through
// call(i, fn) (by default fn(on(i))); resolves the receipt's reference
// number, or throws where a step failed.
async function file(jar, marker, on, call = (i, fn) => fn(on(i))) {
  const form = await call(0, (s) => jar.get(`${s.base}/kaiji/request/form?kind=disclosure`));
  assert.equal(form.status, 200, `form: ${form.status}`);
  const mp = multipart({ csrf: formToken(form.text), ...fields(marker) }, FILES);
  const posted = await call(1, (s) => jar.post(`${s.base}/kaiji/request/form`, mp.body,
    { headers: { 'Content-Type': mp.contentType } }));
  assert.equal(posted.status, 303, `form post: ${posted.status}`);
  const confirm = await call(2, (s) => jar.get(`${s.base}/kaiji/request/confirm`));
  assert.equal(confirm.status, 200, `confirm: ${confirm.status}`);
  const sub = await call(3, (s) => jar.post(`${s.base}/kaiji/request/submit`, { csrf: formToken(confirm.text) }));
  assert.equal(sub.status, 303, `submit: ${sub.status}`);
  const receipt = await call(4, (s) => jar.get(`${s.base}/kaiji/request/receipt`));
  assert.equal(receipt.status, 200, `receipt: ${receipt.status}`);
  const ref = /id="receipt-ref">(\d{4}-\d{6})</.exec(receipt.text)?.[1];
  assert.ok(ref, 'a reference number on the receipt');
  return ref;
}

test('a request filed through both (form on A, upload on B, confirm on A, submit on B) is on both desks, documents and all', async () => {
  const marker = `two-${crypto.randomBytes(4).toString('hex')}`;
  const ref = await file(new CookieJar(), marker, (i) => (i % 2 ? B : A));
  const [row] = db.rows(`SELECT id, state FROM request WHERE ref = ${q(ref)} AND json_extract(data, '$.sought') = ${q(marker)}`);
  assert.ok(row, 'stored once, under the receipt\'s number');
  const clerk = staff(B, 'clerk', ['mayor']);
  const jar = await loginJar(B, clerk);
  const inbox = await jar.get(`${B.base}/kaiji/desk/`);
  assert.equal(inbox.status, 200);
  assert.ok(inbox.text.includes(ref), 'in B\'s inbox');
  // The session made on B is good on A: no sticky sessions.
  const onA = await jar.get(`${A.base}/kaiji/desk/`);
  assert.equal(onA.status, 200, 'signed in on A with B\'s session');
  assert.ok(onA.text.includes(ref), 'in A\'s inbox');
  const page = await jar.get(`${A.base}/kaiji/desk/case/${row.id}`);
  assert.equal(page.status, 200);
  const docs = db.rows(`SELECT d.id, d.mime, CASE WHEN v.name IS NULL THEN 0 ELSE 1 END AS in_db FROM document d
    LEFT JOIN vault_file v ON v.name = d.vault_name WHERE d.request_id = ${row.id} ORDER BY d.id`);
  assert.deepEqual(docs.map((d) => d.mime), ['image/jpeg', 'application/pdf']);
  assert.ok(docs.every((d) => d.in_db === 1), 'each document a row of vault_file');
  for (const s of [A, B]) {
    const dir = path.join(s.dir, 'vault');
    assert.deepEqual(fs.existsSync(dir) ? fs.readdirSync(dir) : [], [], `no document file in ${s.name}'s data directory`);
  }
  for (const [i, s] of [[0, A], [1, B]]) {
    const got = await jar.get(`${s.base}/kaiji/desk/case/${row.id}/document/${docs[i].id}`);
    assert.equal(got.status, 200, `document ${i + 1} on ${s.name}`);
    assert.deepEqual(got.body, [JPEG, PDF][i], `document ${i + 1} read back on ${s.name}, uploaded on B`);
  }
});

// ---- the lookup throttle ----

async function tryCode(s, ref, code, localAddress) {
  const jar = new CookieJar();
  const form = await jar.get(`${s.base}/kaiji/status`, { localAddress });
  return (await jar.post(`${s.base}/kaiji/status`, { csrf: formToken(form.text), ref, code }, { localAddress })).status;
}

test('wrong codes for one reference, alternately on A and B: locked on both from the 6th; the right code gets in on either', async () => {
  const c = makeRequest(A);
  const statuses = [];
  for (let i = 0; i < 8; i++) {
    statuses.push(await tryCode(i % 2 ? B : A, c.ref, `WRNG-CODE-${'ABCDEFGH'[i]}AAA`, `127.0.3.${i + 1}`));
  }
  assert.deepEqual(statuses, [403, 403, 403, 403, 403, 429, 429, 429], 'one count for both servers');
  assert.equal(await tryCode(B, c.ref, c.code, '127.0.3.20'), 303, 'the right code on B');
  assert.equal(await tryCode(A, c.ref, c.code, '127.0.3.21'), 303, 'the right code on A');
});

// ---- a payment across the two ----

test('a payment started on A, notified to B and at the same moment to A again, is paid once', async () => {
  await ctl(A, 'reset', {});
  const r = makeRequest(A, { amount: 300 });
  const feeId = Number(db.value(`SELECT id FROM fee WHERE request_id = ${r.requestId}`));
  const jar = new CookieJar();
  const form = await jar.get(`${A.base}/kaiji/status`);
  const looked = await jar.post(`${A.base}/kaiji/status`, { csrf: formToken(form.text), ref: r.ref, code: r.code });
  assert.equal(looked.status, 303, 'looked up on A');
  const payPage = await jar.get(`${B.base}/kaiji/pay/`);
  assert.equal(payPage.status, 200, 'the lookup made on A is good on B');
  const started = await jar.post(`${A.base}/kaiji/pay/start`, { csrf: formToken(payPage.text) });
  assert.equal(started.status, 303, `started on A with B's form: ${started.status}`);
  const loc = started.headers.location;
  assert.ok(loc.startsWith(`${A.emu}/`), `to the provider: ${loc}`);
  // The notification twice at once; the balancer sends the first to B.
  await ctl(A, 'fault', { provider: 'stripe', fault: 'concurrent' });
  let n = 0;
  lb.pick = (req) => (req.url.startsWith('/kaiji/pay/notify/') ? ['B', 'A'][n++ % 2] : null);
  lb.seen = [];
  const paid = await emu(A, 'POST', `${new URL(loc).pathname}/pay`, '');
  assert.equal(paid.status, 303);
  await idle(A);
  lb.pick = null;
  const notified = lb.seen.filter((s) => s.path.startsWith('/kaiji/pay/notify/stripe'));
  assert.deepEqual(notified.map((s) => s.name).sort(), ['A', 'B'], 'one copy to each server');
  const twice = (await ctl(A, 'deliveries')).filter((d) => d.faults.includes('concurrent'));
  assert.equal(twice.length, 1);
  assert.equal(twice[0].attempts.length, 2, 'both copies delivered');
  assert.ok(twice[0].attempts.every((a) => a.acked), `each server acknowledged its copy: ${JSON.stringify(twice[0].attempts)}`);
  assert.equal(db.text(`SELECT state FROM payment WHERE fee_id = ${feeId}`), 'paid');
  assert.equal(db.text(`SELECT state || '|' || COALESCE(paid_via, '') AS s FROM fee WHERE id = ${feeId}`), 'paid|online');
  assert.equal(db.value(`SELECT COUNT(*) AS n FROM event WHERE request_id = ${r.requestId} AND kind = 'fee_paid'`), 1,
    'one fee_paid event');
  const back = await jar.get(`${B.base}${new URL(paid.headers.location).pathname}${new URL(paid.headers.location).search}`);
  assert.equal(back.status, 200, 'the return on B');
  assert.match(back.text, /data-state="paid"/);
});

// ---- nothing shared on disk ----

// The pids of a stack's processes: each program's supervisor and workers,
// nginx and its workers, A's emulator (tools/stack starts each in a
// session of its own and writes the session leader's pid in run/).
function stackPids(s) {
  const run = path.join(s.dir, 'run');
  const sessions = new Set(fs.readdirSync(run).filter((n) => /^(?!nginx\.pid$).*\.pid$/.test(n))
    .map((f) => Number(fs.readFileSync(path.join(run, f), 'utf8'))));
  const pids = [];
  for (const p of fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    let stat;
    try {
      stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
    } catch { continue; /* gone meanwhile */ }
    // After the command's ") ": state, ppid, pgrp, session.
    if (sessions.has(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]))) pids.push(Number(p));
  }
  return pids;
}

// The files a process has open (sockets and pipes left out).
function openFiles(pid) {
  const dir = `/proc/${pid}/fd`;
  let fds;
  try {
    fds = fs.readdirSync(dir);
  } catch { return []; }
  return fds.map((fd) => {
    try {
      return fs.readlinkSync(path.join(dir, fd)).replace(/ \(deleted\)$/, '');
    } catch { return ''; }
  }).filter((f) => f.startsWith('/'));
}

// A SQLite database, its journal or WAL: by its name, or by the header of
// a database file whatever its name.
const SQLITE_HEADER = Buffer.from('SQLite format 3\0');
function isSqlite(file) {
  if (/\.(db|sqlite3?)(-wal|-shm|-journal)?$/.test(file)) return true;
  try {
    if (!fs.statSync(file).isFile()) return false;
    const head = Buffer.alloc(SQLITE_HEADER.length);
    const fd = fs.openSync(file, 'r');
    try {
      fs.readSync(fd, head, 0, head.length, 0);
    } finally { fs.closeSync(fd); }
    return head.equals(SQLITE_HEADER);
  } catch { return false; }
}

function filesUnder(dir) {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile()).map((e) => path.join(e.parentPath ?? e.path, e.name));
}

test('after the traffic: no database and no document in either data directory, and no process of either stack has a SQLite file or the other\'s directory open', () => {
  const vaultName = /^[0-9a-f]{32}$/;
  for (const s of [A, B]) {
    const files = filesUnder(s.dir);
    assert.deepEqual(files.filter(isSqlite), [], `no SQLite database in ${s.name}'s directory`);
    assert.ok(!fs.existsSync(path.join(s.dir, 'vault')), `no vault directory in ${s.name}'s directory`);
    assert.deepEqual(files.filter((f) => vaultName.test(path.basename(f))), [], `no document file in ${s.name}'s directory`);
  }
  for (const [s, other] of [[A, B], [B, A]]) {
    const pids = stackPids(s);
    assert.ok(pids.length >= 7, `${s.name}'s processes: ${pids.length}`);
    const open = pids.flatMap(openFiles);
    assert.ok(open.some((f) => f.startsWith(`${s.dir}/log/`)), `${s.name}'s open files seen (its logs)`);
    assert.deepEqual(open.filter(isSqlite), [], `no SQLite file open in ${s.name}'s processes`);
    assert.deepEqual(open.filter((f) => f.startsWith(`${other.dir}/`)), [], `nothing of ${other.name}'s open in ${s.name}'s processes`);
  }
});

// ---- SIGKILL in the middle of a filing load ----

// Every process of a stack (each program's supervisor and workers, nginx
// and its workers: each started in a session of its own), at once.
function killStack(s) {
  let killed = 0;
  for (const f of fs.readdirSync(path.join(s.dir, 'run')).filter((n) => /^(?!nginx\.pid$).*\.pid$/.test(n))) {
    const pid = Number(fs.readFileSync(path.join(s.dir, 'run', f), 'utf8'));
    try {
      process.kill(-pid, 'SIGKILL');
      killed++;
    } catch { /* gone already */ }
  }
  return killed;
}

test('B killed with SIGKILL in the middle of a filing load: every receipt a client got is in the database', async () => {
  const marker = `load-${crypto.randomBytes(4).toString('hex')}`;
  const CLIENTS = 8;
  let bAlive = true;
  let stop = false;
  const receipts = [];
  const failures = [];
  // A step B does not answer once it is killed (refused, reset, a 502 of
  // its dying nginx) goes to A, as a balancer's failover sends it: the
  // form's token, the draft and the submission are good on either, and a
  // submission that B committed before it died shows A the same receipt.
  const call = async (s, fn) => {
    try {
      const r = await fn(s);
      if (s === B && !bAlive && r.status >= 502) throw new Error(`B answered ${r.status}`);
      return r;
    } catch (e) {
      if (s !== B || bAlive) throw e;
      return fn(A);
    }
  };
  // A client files again and again, its steps alternately on A and B.
  const client = async (k) => {
    for (let n = 0; !stop; n++) {
      const on = (i) => (bAlive && (i + k + n) % 2 ? B : A);
      try {
        receipts.push(await file(new CookieJar(), marker, on, (i, fn) => call(on(i), fn)));
      } catch (e) {
        failures.push(`client ${k}, filing ${n}: ${e.message}`);
      }
    }
  };
  const wait = async (enough) => {
    const t0 = Date.now();
    while (!enough() && Date.now() - t0 < 60000) await new Promise((r) => setTimeout(r, 20));
  };
  const load = Array.from({ length: CLIENTS }, (_, k) => client(k));
  await wait(() => receipts.length >= 12);
  assert.ok(killStack(B) >= 7, 'every process of B killed');
  bAlive = false;
  const atKill = receipts.length;
  await wait(() => receipts.length >= atKill + 12);
  stop = true;
  await Promise.all(load);
  assert.deepEqual(failures, [], 'no filing failed: B\'s share went to A');
  assert.ok(atKill >= 12, `receipts before the kill: ${atKill}`);
  assert.ok(receipts.length >= atKill + 12, `A went on filing after B was killed: ${receipts.length - atKill}`);
  assert.equal(new Set(receipts).size, receipts.length, 'no receipt given twice');
  const stored = db.column(`SELECT ref FROM request WHERE json_extract(data, '$.sought') = ${q(marker)}`);
  assert.deepEqual(receipts.filter((ref) => !stored.includes(ref)), [], 'every acknowledged request is in the database');
  assert.equal(new Set(stored).size, stored.length, 'no reference number twice');
  // Filed but never acknowledged: at most one a client, the filing in
  // flight on B when it was killed.
  assert.ok(stored.length - receipts.length <= CLIENTS, `${stored.length} stored, ${receipts.length} acknowledged`);
});

// Two web servers on one PostgreSQL database (issue 21): two complete
// stacks (tools/stack: two nginx, two sets of programs, their own ports and
// var directories) on one database, set up as docs/INSTALL.md §15 tells a
// city: each server its own data directory, the secrets file copied from
// the first to the second, the identity documents in the database
// (Kaiji.Vault = database), the same payment settings (B gets A's
// Kaiji.Pay lines) and the public address, a load balancer in front
// (KAIJI_BASE_URL; here a small proxy of the test's, round robin, without
// sticky sessions, that the provider's notifications go through). The
// traffic alternates between the two:
//   - a request filed on one is on the other's desk, its documents too;
//   - wrong access codes tried on both count as one: the reference locks
//     on both, and the right code still gets in on either;
//   - a payment started on one and notified to the other (and to the
//     first at the same moment: the notification twice) is paid once;
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

// A stack in var/two-NAME, its own data directory; secretsFrom: the
// stack whose secrets file it gets before it starts (the city copies it).
function startOne(name, extra, secretsFrom) {
  const dir = path.join(VAR, `two-${name}`);
  fs.rmSync(dir, { recursive: true, force: true });
  if (secretsFrom) {
    fs.mkdirSync(dir, { mode: 0o700 });
    fs.copyFileSync(path.join(secretsFrom.dir, 'secrets'), path.join(dir, 'secrets'));
    fs.chmodSync(path.join(dir, 'secrets'), 0o600);
  }
  const env = {
    ...process.env, KAIJI_VAR: dir, KAIJI_PORT: 'auto', KAIJI_DEMO: '1', KAIJI_CITY: 'yamagata', KAIJI_BIN: BIN,
    KAIJI_DB: 'postgresql', KAIJI_PG: PG, KAIJI_PG_DATABASE: DB_NAME, KAIJI_CONFIG_EXTRA: VAULT_IN_DB, ...extra,
  };
  delete env.KAIJI_DATA;
  stacks.push({ dir, env });
  const r = spawnSync(path.join(ROOT, 'tools/stack'), ['start'], { env, encoding: 'utf8', timeout: 120000 });
  assert.equal(r.status, 0, `stack ${name}: ${r.stdout}${r.stderr}`);
  const read = (f) => fs.readFileSync(path.join(dir, f), 'utf8').trim();
  return { name, dir, env, city: 'yamagata', config: path.join(dir, 'kaiji.hdf'), port: Number(read('port')),
    base: `http://127.0.0.1:${read('port')}` };
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
  // The same payment settings on every server.
  const pay = fs.readFileSync(A.config, 'utf8').split('\n').filter((l) => l.startsWith('Kaiji.Pay.'));
  fs.writeFileSync(path.join(VAR, 'two-b-pay.hdf'), `${pay.join('\n')}\n`);
  B = startOne('b', { KAIJI_BASE_URL: lb.url, KAIJI_PAY_EMULATOR: '0', KAIJI_STACK_CONF: path.join(VAR, 'two-b-pay.hdf') }, A);
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

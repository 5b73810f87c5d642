// Smoke tests through Apache 2.4 with the installed conf/apache/kaiji.conf
// included in the city's virtual host, and the installed programs started
// by kaiji-spawn (tests/integration-apache/run sets everything up).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import { spawnSync } from 'node:child_process';
import { get, post, rawRequest, request, cookieJar, formToken, multipart, sleep } from '../integration/lib.mjs';
import { day } from '../integration/clock.mjs';

const PAGES = {
  request: '/kaiji/request',
  status: '/kaiji/status',
  pay: '/kaiji/pay/',
  feedback: '/kaiji/feedback',
  register: '/kaiji/register',
  desk: '/kaiji/desk/login',
};
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
// The installed error pages (make install writes them saying 市).
const INSTALLED = `${process.env.KAIJI_VAR}/root/usr/local/share/kaiji/htdocs`;
const PAGE_413 = fs.readFileSync(`${INSTALLED}/errors/413.html`, 'utf8');
const PAGE_50X = fs.readFileSync(`${INSTALLED}/errors/50x.html`, 'utf8');

function assertSecurityHeaders(r, where) {
  const csp = r.headers['content-security-policy'] ?? '';
  assert.match(csp, /default-src 'self'/, `${where}: CSP`);
  assert.match(csp, /frame-ancestors 'none'/, `${where}: frame-ancestors`);
  assert.equal(r.headers['x-content-type-options'], 'nosniff', `${where}: nosniff`);
  assert.equal(r.headers['referrer-policy'], 'no-referrer', `${where}: referrer`);
}

function spawnCtl(cmd, name) {
  const r = spawnSync(process.env.KAIJI_SPAWN, [cmd, name], { encoding: 'utf8', timeout: 60000 });
  assert.equal(r.status, 0, `kaiji-spawn ${cmd} ${name}: ${r.stderr}`);
}

for (const [name, p] of Object.entries(PAGES)) {
  test(`${name} answers 200 at ${p} through Apache with the security headers`, async () => {
    const r = await get(p);
    assert.equal(r.status, 200);
    assert.match(r.headers['content-type'], /^text\/html; charset=utf-8/);
    assertSecurityHeaders(r, name);
    assert.match(r.text, /<html lang="ja">/);
    assert.match(r.text, /<main id="main">/);
  });
}

test('static pages, CSS and redirects come from the installed htdocs', async () => {
  const index = await get('/kaiji/');
  assert.equal(index.status, 200);
  assert.match(index.headers['content-type'], /^text\/html; charset=utf-8/i);
  assert.equal(index.headers['x-content-type-options'], 'nosniff');
  const installed = fs.readFileSync(`${process.env.KAIJI_VAR}/root/usr/local/share/kaiji/htdocs/index.html`, 'utf8');
  assert.equal(index.text, installed);
  const en = await get('/kaiji/en/');
  assert.equal(en.status, 200);
  assert.match(en.text, /lang="en"/);
  const css = await get('/kaiji/static/kaiji.css');
  assert.equal(css.status, 200);
  assert.match(css.headers['content-type'], /^text\/css/);
  for (const [from, to] of [['/kaiji', '/kaiji/'], ['/kaiji/desk', '/kaiji/desk/']]) {
    const r = await get(from);
    assert.equal(r.status, 301, from);
    assert.match(r.headers.location, new RegExp(`${to.replace(/\//g, '\\/')}$`), from);
  }
});

// The same virtual host with and without kaiji's include answers every
// path outside /kaiji/ alike: the city's 404 page, Apache's own 503 for the
// city's backend that is down, its own 413.
test("the city's own site answers the same with and without kaiji's include", async () => {
  const port2 = process.env.KAIJI_APACHE_PORT2;
  assert.ok(port2, 'KAIJI_APACHE_PORT2: the virtual host without kaiji');
  const without = (method, p, body) => request(method, `http://127.0.0.1:${port2}${p}`, body ? { body } : {});
  const cases = [
    ['GET', '/'], ['GET', '/no-such-page'], ['GET', '/kaijiya'], ['GET', '/kaiji-news/'],
    ['GET', '/cms/page'], ['POST', '/upload/', 'x'.repeat(4096)],
  ];
  for (const [method, p, body] of cases) {
    const a = await request(method, p, body ? { body } : {});
    const b = await without(method, p, body);
    assert.equal(a.status, b.status, `${method} ${p}: status`);
    assert.equal(a.headers['content-type'], b.headers['content-type'], `${method} ${p}: type`);
    assert.equal(a.text, b.text, `${method} ${p}: the same page`);
  }
  const home = await get('/');
  assert.equal(home.status, 200);
  assert.match(home.text, /The city's own site/);
  const missing = await get('/no-such-page');
  assert.equal(missing.status, 404);
  assert.match(missing.text, /The city's 404 page/);
  const cms = await get('/cms/page');
  assert.equal(cms.status, 503);
  assert.notEqual(cms.text, PAGE_50X, "not kaiji's 50x page");
});

test('the register list is public: cacheable, an ETag, 304, no cookie', async () => {
  const r = await get('/kaiji/register');
  assert.equal(r.status, 200);
  assert.match(r.headers['cache-control'], /^public, max-age=\d+/);
  assert.ok(r.headers.etag, 'ETag');
  assert.equal(r.headers['set-cookie'].length, 0);
  const again = await get('/kaiji/register', { headers: { 'If-None-Match': r.headers.etag } });
  assert.equal(again.status, 304);
});

test('-bad- unknown path below a program → its 404 page in Japanese', async () => {
  const r = await get('/kaiji/register/no/such/page');
  assert.equal(r.status, 404);
  assert.match(r.text, /ページが見つかりません/);
  assertSecurityHeaders(r, '404');
  assert.equal((await get('/kaiji/register')).status, 200, 'the program serves the next request');
});

test('-bad- unknown static page → 404', async () => {
  assert.equal((await get('/kaiji/no-such-page.html')).status, 404);
});

test('-bad- wrong method → 405 with Allow, through Apache', async () => {
  const r = await post('/kaiji/status/view?lang=en', 'x=1', { headers: FORM });
  assert.equal(r.status, 405);
  assert.match(r.headers.allow, /GET/);
  assert.match(r.text, /<html lang="en">/);
});

test('-bad- a body over Apache\'s cap on a static page → 413 with kaiji\'s 413 page', async () => {
  const r = await rawRequest(
    'POST /kaiji/index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n' +
    `Content-Length: ${2 * 1024 * 1024}\r\nConnection: close\r\n\r\na=b`, { timeout: 10000 });
  assert.equal(r.status, 413);
  assert.equal(r.text, PAGE_413);
});

// mod_proxy_fcgi hands the request to the program before it reads the
// body, so the program's own 413 answers first even past LimitRequestBody.
test('-bad- an upload over the outer cap (40 MB) → 413', async () => {
  const r = await post('/kaiji/request/form', Buffer.alloc(40 * 1000 * 1000, 0x61), { headers: FORM, timeout: 60000 });
  assert.equal(r.status, 413);
  assert.match(r.text, /送信されたデータが大きすぎます/);
});

test('-bad- an upload over the program\'s limit but under the cap → the program\'s own 413', async () => {
  const page = await get('/kaiji/request/form?kind=disclosure');
  const jar = cookieJar();
  jar.update(page);
  const big = multipart({ csrf: formToken(page.text) }, [
    { name: 'doc', filename: 'a.pdf', contentType: 'application/pdf', data: Buffer.alloc(26.5 * 1024 * 1024, 0x41) },
  ]);
  const r = await jar.post('/kaiji/request/form', big.body, { headers: { 'Content-Type': big.contentType }, timeout: 60000 });
  assert.equal(r.status, 413);
  assert.notEqual(r.text, PAGE_413, 'not the web server\'s page');
  assert.match(r.text, /<main id="main">/, 'the program\'s error page');
  assertSecurityHeaders(r, 'program 413');
});

test('a POST with the CSRF token reaches the request program; without it → 403', async () => {
  const jar = cookieJar();
  const page = await jar.get('/kaiji/request/form?kind=disclosure');
  const csrf = formToken(page.text);
  assert.match(csrf, /^[0-9a-f]{64}$/);
  const ok = await jar.post('/kaiji/request/form', `csrf=${csrf}&kind=disclosure`, { headers: FORM });
  // the form again with its errors (422): the program answered, through Apache
  assert.equal(ok.status, 422, `status ${ok.status}`);
  assert.match(ok.text, /id="errors"/);
  const mp = multipart({ csrf, kind: 'disclosure' });
  const okMp = await jar.post('/kaiji/request/form', mp.body, { headers: { 'Content-Type': mp.contentType } });
  assert.equal(okMp.status, 422, `multipart status ${okMp.status}`);
  assert.match(okMp.text, /id="errors"/);
  const bad = await jar.post('/kaiji/request/form', `csrf=${'0'.repeat(64)}&kind=disclosure`, { headers: FORM });
  assert.equal(bad.status, 403);
});

test('-bad- a stopped program → 503 with kaiji\'s 50x page; started again → 200', async () => {
  spawnCtl('stop', 'feedback');
  try {
    const r = await get('/kaiji/feedback');
    assert.equal(r.status, 503);
    assert.equal(r.text, PAGE_50X);
  } finally {
    spawnCtl('start', 'feedback');
  }
  for (let i = 0; i < 50; i++) {
    if ((await get('/kaiji/feedback')).status === 200) return;
    await sleep(100);
  }
  assert.fail('feedback did not come back');
});

// Bytes the program has read so far, in all its processes (the pid file
// names the one that watches the workers, KAIJI_PROCESSES; Apache may keep
// its FastCGI connection open, so a new connection is no sign of a new
// request).
function bytesRead(pid) {
  const one = (p) => {
    try { return Number(/^rchar: (\d+)$/m.exec(fs.readFileSync(`/proc/${p}/io`, 'utf8'))[1]); } catch { return 0; }
  };
  let kids = [];
  try { kids = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean); } catch { /* gone */ }
  return one(pid) + kids.reduce((n, k) => n + one(k), 0);
}

// mod_proxy_fcgi streams the body to the program as it arrives, so the
// program is inside the request while the client is still sending.
test('SIGTERM while a request body is arriving: the request finishes, then the program exits', async () => {
  const jar = cookieJar();
  const page = await jar.get('/kaiji/request/form?kind=disclosure');
  const body = `csrf=${formToken(page.text)}&kind=disclosure&pad=${'x'.repeat(200000)}`;
  const pidFile = `${process.env.KAIJI_VAR}/root/run/kaiji/request.pid`;
  const pid = Number(fs.readFileSync(pidFile, 'utf8'));
  const url = new URL(process.env.KAIJI_URL);
  const sock = net.connect(Number(url.port), url.hostname);
  let raw = '';
  sock.on('data', (c) => { raw += c; });
  const closed = new Promise((resolve) => sock.on('close', resolve));
  const readBefore = bytesRead(pid);
  sock.write(`POST /kaiji/request/form HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${jar.header()}\r\n` +
    `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n` +
    `Connection: close\r\n\r\n${body.slice(0, 100000)}`);
  // SIGTERM only once the program is reading this body: on a loaded
  // machine a fixed 300 ms was sometimes not enough.
  for (let i = 0; i < 200 && bytesRead(pid) - readBefore < 50000; i++) await sleep(50);
  const reading = bytesRead(pid) - readBefore >= 50000;
  if (!reading) sock.end(body.slice(100000));
  assert.ok(reading, 'the program is reading the request body');
  process.kill(pid, 'SIGTERM');
  await sleep(300);
  sock.write(body.slice(100000));
  await closed;
  try {
    assert.match(raw, /^HTTP\/1\.1 422 [\s\S]*id="errors"/, 'the request in progress is answered (the form again with its errors)');
    let alive = true;
    for (let i = 0; i < 50 && alive; i++) {
      try { process.kill(pid, 0); await sleep(100); } catch { alive = false; }
    }
    assert.equal(alive, false, 'then the program exits');
  } finally {
    spawnCtl('stop', 'request');
    spawnCtl('start', 'request');
  }
  assert.equal((await get('/kaiji/request')).status, 200);
});

// Issue 16 item 5: mod_proxy_fcgi hands the program a request before its
// body has arrived, so a client trickling a body in holds the process that
// reads it. The shipped config cuts such a body off (mod_reqtimeout: 10 s
// and 1 s more per 256 KiB) and each program runs several processes
// (KAIJI_PROCESSES, as docs/INSTALL.md says for Apache): the others serve.
test('-bad- a slow client holds one process for seconds, not the program: another client is served meanwhile', async () => {
  const url = new URL(process.env.KAIJI_URL);
  const pid = Number(fs.readFileSync(`${process.env.KAIJI_VAR}/root/run/kaiji/request.pid`, 'utf8'));
  const sock = net.connect(Number(url.port), url.hostname);
  let raw = '';
  sock.on('data', (c) => { raw += c; });
  sock.on('error', () => {});
  const started = Date.now();
  const closed = new Promise((resolve) => sock.on('close', () => resolve(Date.now() - started)));
  const readBefore = bytesRead(pid);
  sock.write('POST /kaiji/request/form HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
    'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000000\r\n' +
    `Connection: close\r\n\r\ncsrf=${'0'.repeat(64)}&pad=`);
  // 50 bytes every 200 ms (250 bytes a second) for as long as Apache lets it
  let open = true;
  sock.on('close', () => { open = false; });
  const trickle = setInterval(() => { if (open) sock.write('x'.repeat(50)); }, 200);
  try {
    for (let i = 0; i < 100 && bytesRead(pid) - readBefore < 100; i++) await sleep(50);
    assert.ok(bytesRead(pid) - readBefore >= 100, 'a process of the request program is reading the slow body');
    for (let i = 0; i < 3; i++) {
      const t = Date.now();
      const r = await get('/kaiji/request/form?kind=disclosure', { timeout: 4000 });
      assert.equal(r.status, 200, 'another client is served');
      assert.ok(Date.now() - t < 3000, `served at once (${Date.now() - t} ms)`);
      await sleep(500);
    }
    assert.ok(open, 'the slow client was still sending meanwhile');
    const ms = await Promise.race([closed, sleep(25000).then(() => -1)]);
    assert.ok(ms > 0, 'Apache ends the slow request');
    assert.ok(ms < 20000, `within seconds (${ms} ms), not minutes`);
    assert.doesNotMatch(raw, /^HTTP\/1\.1 200 /, 'the trickled body was not taken');
  } finally {
    clearInterval(trickle);
    sock.destroy();
  }
  assert.equal((await get('/kaiji/request')).status, 200);
});

// The citizen's whole path through Apache: file a request with an identity
// document, look it up with the receipt's reference number and code, and
// answer the questionnaire.
const tokyoDay = day;

let filed;

test('submit a request: form → confirm → receipt with a reference number and an access code', async () => {
  const jar = cookieJar();
  const form = await jar.get('/kaiji/request/form?kind=disclosure');
  assert.equal(form.status, 200);
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)]);
  const pdf = Buffer.from('%PDF-1.4\n% smoke test\n');
  const mp = multipart({
    csrf: formToken(form.text), kind: 'disclosure', agency: 'mayor', sought: '私の住民記録',
    name: '見本 太郎', furigana: 'みほん たろう', postal: '471-8501', address: '豊田市西町3-60',
    phone: '0565-31-1212', agent: 'none', method: 'copy_mail', medium: 'mono', units: '3',
    resident_issued_on: tokyoDay(-2), dockind1: 'drivers_license', dockind2: 'resident_record',
  }, [
    { name: 'doc1', filename: 'license.jpg', contentType: 'image/jpeg', data: jpeg },
    { name: 'doc2', filename: 'juminhyo.pdf', contentType: 'application/pdf', data: pdf },
  ]);
  const r = await jar.post('/kaiji/request/form', mp.body, { headers: { 'Content-Type': mp.contentType } });
  assert.equal(r.status, 303, r.text.match(/class="field-error"[^>]*>[^<]*/g)?.join(' | '));
  const confirm = await jar.get('/kaiji/request/confirm');
  assert.equal(confirm.status, 200);
  const sub = await jar.post('/kaiji/request/submit', { csrf: formToken(confirm.text) });
  assert.equal(sub.status, 303);
  const receipt = await jar.get('/kaiji/request/receipt');
  const ref = /id="receipt-ref">(\d{4}-\d{6})</.exec(receipt.text)?.[1];
  const code = /id="receipt-code">([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})</.exec(receipt.text)?.[1];
  assert.ok(ref && code, 'the receipt shows both');
  filed = { ref, code };
});

test('look it up: the status page shows the request; a wrong code is refused', async () => {
  assert.ok(filed, 'a request was filed');
  const jar = cookieJar();
  const form = await jar.get('/kaiji/status');
  const bad = await jar.post('/kaiji/status', { csrf: formToken(form.text), ref: filed.ref, code: 'AAAA-BBBB-CCCC' });
  assert.equal(bad.status, 403);
  const again = await jar.get('/kaiji/status');
  const r = await jar.post('/kaiji/status', { csrf: formToken(again.text), ref: filed.ref, code: filed.code.toLowerCase() });
  assert.equal(r.status, 303);
  const view = await jar.get('/kaiji/status/view');
  assert.equal(view.status, 200);
  assert.match(view.text, new RegExp(filed.ref));
  assert.equal(view.headers['cache-control'], 'no-store');
});

test('post feedback from a static page: stored and thanked', async () => {
  const r = await post('/kaiji/feedback', { page: '/kaiji/how.html', lang: 'ja', understandable: 'yes', findable: 'neutral', comment: '' },
    { localAddress: '127.0.0.7' });
  assert.equal(r.status, 200);
  assert.match(r.text, /href="\/kaiji\/how\.html"/);
});

// Issue 16 item 1: with the web server trusted to sign staff in, a client's
// own Authorization header names nobody: the shipped Apache file sets
// KAIJI_REMOTE_USER only after its own password check (#sso#, off here).
async function restartDesk() {
  spawnCtl('stop', 'desk');
  spawnCtl('start', 'desk');
  for (let i = 0; i < 50; i++) {
    if ((await get('/kaiji/desk/login')).status !== 503) return;
    await sleep(100);
  }
  assert.fail('the desk did not come back');
}

test('-bad- a forged Basic header does not sign in with Kaiji.Desk.TrustRemoteUser on', async () => {
  const cfg = process.env.KAIJI_CONFIG;
  const saved = fs.readFileSync(cfg, 'utf8');
  const login = `sso-${process.pid}`;
  const add = spawnSync(`${process.env.KAIJI_BIN}/kaijictl`, ['-c', cfg, 'staff', 'add', login, '--name', 'SSO',
    '--role', 'admin', '--password-stdin'], { input: 'a long enough password\n', encoding: 'utf8' });
  assert.equal(add.status, 0, add.stderr);
  fs.appendFileSync(cfg, 'Kaiji.Desk.TrustRemoteUser = 1\nKaiji.Desk.RemoteUserParam = KAIJI_REMOTE_USER\n');
  try {
    await restartDesk();
    const auth = { Authorization: `Basic ${Buffer.from(`${login}:anything`).toString('base64')}` };
    for (const p of ['/kaiji/desk/', '/kaiji/desk/stats']) {
      const r = await get(p, { headers: auth });
      assert.equal(r.status, 403, p);
      assert.doesNotMatch(r.text, new RegExp(login), p);
    }
  } finally {
    fs.writeFileSync(cfg, saved);
    await restartDesk();
  }
  assert.equal((await get('/kaiji/desk/')).status, 303, 'back to the login page');
});

// Issue 16 item 6: the installed site file has no development opt-out, so
// cookies are Secure although this Apache speaks plain http (as behind a
// load balancer that ends TLS).
test('cookies are Secure by default, without the HTTPS parameter too', async () => {
  const r = await get('/kaiji/request/form?kind=disclosure');
  const csrf = r.headers['set-cookie'].find((c) => c.startsWith('kaiji_csrf='));
  assert.ok(csrf, 'the CSRF cookie is set');
  assert.match(csrf, /; Secure$/);
});

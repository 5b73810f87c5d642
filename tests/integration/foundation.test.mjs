// The foundation through nginx: every program answers at its path with the
// security headers; bad input gets the right status and an error page in
// the chosen language, and the same program then serves the next request;
// values are escaped; memory stays flat over 10,000 requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { spawnSync } from 'node:child_process';
import { get, post, request, rawRequest, cookieJar, formToken, multipart, BASE, VAR, BIN, CONFIG } from './lib.mjs';

const PAGES = {
  request: '/kaiji/request',
  status: '/kaiji/status',
  pay: '/kaiji/pay/',
  feedback: '/kaiji/feedback',
  register: '/kaiji/register',
  desk: '/kaiji/desk/login',
};

function assertSecurityHeaders(r, where) {
  const csp = r.headers['content-security-policy'] ?? '';
  assert.match(csp, /default-src 'self'/, `${where}: CSP`);
  assert.match(csp, /frame-ancestors 'none'/, `${where}: frame-ancestors`);
  assert.doesNotMatch(csp, /unsafe-inline/, `${where}: no inline script`);
  assert.equal(r.headers['x-content-type-options'], 'nosniff', `${where}: nosniff`);
  assert.equal(r.headers['referrer-policy'], 'no-referrer', `${where}: referrer`);
}

for (const [name, p] of Object.entries(PAGES)) {
  test(`${name} answers 200 at ${p} with the security headers`, async () => {
    const r = await get(p);
    assert.equal(r.status, 200);
    assert.match(r.headers['content-type'], /^text\/html; charset=utf-8/);
    assertSecurityHeaders(r, name);
    assert.match(r.text, /<html lang="ja">/);
    assert.match(r.text, /<main id="main">/);
    assert.match(r.text, /name="understandable"/, 'the questionnaire is on the page');
  });
}

test('pages with forms are no-store; the register list is public and has an ETag', async () => {
  const s = await get('/kaiji/status');
  assert.equal(s.headers['cache-control'], 'no-store');
  const r = await get('/kaiji/register');
  assert.match(r.headers['cache-control'], /^public, max-age=\d+/);
  assert.ok(r.headers.etag, 'ETag');
  assert.equal(r.headers['set-cookie'].length, 0, 'a public page sets no cookie');
  const again = await get('/kaiji/register', { headers: { 'If-None-Match': r.headers.etag } });
  assert.equal(again.status, 304);
});

async function nextRequestWorks(p) {
  const r = await get(p);
  assert.equal(r.status, 200, `the program serves ${p} again`);
}

test('-bad- unknown path → 404 page in Japanese, then the program serves', async () => {
  const r = await get('/kaiji/register/no/such/page');
  assert.equal(r.status, 404);
  assert.match(r.text, /ページが見つかりません/);
  assertSecurityHeaders(r, '404');
  await nextRequestWorks('/kaiji/register');
});

test('-bad- wrong method → 405 with Allow, in English with lang=en', async () => {
  const r = await post('/kaiji/status/view?lang=en', 'x=1', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 405);
  assert.match(r.headers.allow, /GET/);
  assert.match(r.text, /<html lang="en">/);
  assert.match(r.text, /Not available this way/);
  await nextRequestWorks('/kaiji/status');
});

test('-bad- body over the limit → 413 in the language of the cookie', async () => {
  const body = 'a=' + 'x'.repeat(1100 * 1024);
  const r = await post('/kaiji/status', body, {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: 'kaiji_lang=en' },
  });
  assert.equal(r.status, 413);
  assert.match(r.text, /The data you sent is too large/);
  await nextRequestWorks('/kaiji/status');
});

test('-bad- invalid UTF-8 in a field → 400, then the program serves', async () => {
  const r = await get('/kaiji/status?q=%C0%AF');
  assert.equal(r.status, 400);
  assert.match(r.text, /送信された内容を読み取れません/);
  const jar = cookieJar();
  const page = await jar.get('/kaiji/request');
  const csrf = formToken(page.text);
  const bad = Buffer.concat([Buffer.from(`csrf=${csrf}&kind=`), Buffer.from([0xff, 0xfe])]);
  const r2 = await jar.post('/kaiji/request/form', bad, { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(r2.status, 400);
  await nextRequestWorks('/kaiji/request');
});

// A GET's body is drained unread in every program (lib/fcgi.c,
// lib/req.c req_reads_body): what it holds can neither change the page
// nor refuse it. Each of these was 400 or 415 while it was parsed.
test('-bad- a body sent with GET is never read: the address\'s page, then the program serves', async () => {
  const bodies = [
    ['application/x-www-form-urlencoded', 'q=%C0%AF&kind=x'],
    ['text/plain', 'x'],
    ['multipart/form-data; boundary=b', '--b\r\nbroken'],
  ];
  for (const p of [PAGES.status, PAGES.request, PAGES.feedback]) {
    for (const [ct, body] of bodies) {
      const r = await request('GET', p, { body, headers: { 'Content-Type': ct,
        'Content-Length': String(Buffer.byteLength(body)) } });
      assert.equal(r.status, 200, `GET ${p} with ${ct}`);
      assert.match(r.text, /<html lang="ja">/);
    }
    await nextRequestWorks(p);
  }
});

test('-bad- malformed multipart → 400, then the program serves', async () => {
  const jar = cookieJar();
  await jar.get('/kaiji/request');
  const cases = [
    { ct: 'multipart/form-data', body: '--x\r\n\r\n' },                     // no boundary
    { ct: 'multipart/form-data; boundary=b', body: '\n--b\r\nbroken' },     // no end
    { ct: 'multipart/form-data; boundary=b', body: '--b\r\nContent-Disposition: form-data\r\n\r\nv\r\n--b--\r\n' }, // no name
  ];
  for (const c of cases) {
    const r = await jar.post('/kaiji/request/form', c.body, { headers: { 'Content-Type': c.ct } });
    assert.equal(r.status, 400, `${c.ct} ${JSON.stringify(c.body)}`);
  }
  await nextRequestWorks('/kaiji/request');
});

test('-bad- a POST without a valid CSRF token → 403; with the token it passes', async () => {
  const jar = cookieJar();
  const page = await jar.get('/kaiji/request');
  const csrf = formToken(page.text);
  assert.match(csrf, /^[0-9a-f]{64}$/);
  const ct = { 'Content-Type': 'application/x-www-form-urlencoded' };
  // The request form's real POST route (its input step).
  const form = '/kaiji/request/form';
  assert.equal((await jar.post(form, 'kind=disclosure', { headers: ct })).status, 403);
  assert.equal((await jar.post(form, `csrf=${'0'.repeat(64)}&kind=disclosure`, { headers: ct })).status, 403);
  // Another browser's token does not fit this browser's cookie.
  const other = cookieJar();
  const otherToken = formToken((await other.get('/kaiji/request')).text);
  assert.equal((await jar.post(form, `csrf=${otherToken}&kind=disclosure`, { headers: ct })).status, 403);
  // A token in the URL is not accepted.
  assert.equal((await jar.post(`${form}?csrf=${csrf}`, 'kind=disclosure', { headers: ct })).status, 403);
  // With the token the form answers: the same page with its errors listed
  // (422: what was sent cannot be taken as it is).
  const ok = await jar.post(form, `csrf=${csrf}&kind=disclosure`, { headers: ct });
  assert.equal(ok.status, 422);
  assert.match(ok.text, /id="errors"/);
  const mp = multipart({ csrf, kind: 'disclosure' });
  const ok2 = await jar.post(form, mp.body, { headers: { 'Content-Type': mp.contentType } });
  assert.equal(ok2.status, 422);
  assert.match(ok2.text, /id="e-name"/);
});

test('-bad- a script in the path comes back escaped on the error page', async () => {
  const hostile = '/kaiji/register/"><script>alert(1)</script>\'onmouseover=x';
  const raw = await rawRequest(Buffer.from(`GET ${hostile} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
  const text = raw.text;
  assert.equal(raw.status, 404);
  assert.doesNotMatch(text, /<script>alert/);
  assert.doesNotMatch(text, /"><script/);
  assert.match(text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(text, /&#39;onmouseover=x/);
});

test('-bad- CR/LF in the query does not reach a header', async () => {
  const r = await get('/kaiji/status?lang=en%0d%0aSet-Cookie:%20evil=1');
  assert.ok(r.status === 200 || r.status === 400);
  assert.ok(!r.headers['set-cookie'].some((c) => c.startsWith('evil')));
});

function rssKiB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]);
}

// AddressSanitizer keeps freed memory in quarantine by design, so resident
// memory says nothing there; LeakSanitizer checks leaks in that phase.
const underAsan = Boolean(process.env.ASAN_OPTIONS);

test('10,000 requests to one program: resident memory grows by less than 1 MiB',
  { skip: underAsan && 'under AddressSanitizer (quarantine); LeakSanitizer checks leaks' }, async () => {
  const pid = Number(fs.readFileSync(path.join(VAR, 'run', 'register.pid'), 'utf8'));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const url = new URL('/kaiji/register', BASE);
  const one = () => new Promise((resolve, reject) => {
    http.get(url, { agent }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); }).on('error', reject);
  });
  async function batch(n) {
    const statuses = await Promise.all(Array.from({ length: n }, one));
    assert.ok(statuses.every((s) => s === 200));
  }
  for (let i = 0; i < 4; i++) await batch(100); // warm up
  const before = rssKiB(pid);
  for (let i = 0; i < 100; i++) await batch(100);
  const after = rssKiB(pid);
  agent.destroy();
  console.log(`# register RSS before ${before} KiB, after ${after} KiB`);
  assert.ok(after - before < 1024, `RSS grew by ${after - before} KiB`);
});

test('-bad- kaijictl check-config names the file, line and key of a misspelled profile key', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiji-conf-'));
  const conf = path.resolve('conf');
  fs.cpSync(conf, path.join(dir, 'conf'), { recursive: true });
  const profile = path.join(dir, 'conf', 'cities', 'yamagata.hdf');
  const lines = fs.readFileSync(profile, 'utf8').split('\n');
  lines.push('City.Deadline.RollForwrd = 1');
  fs.writeFileSync(profile, lines.join('\n'));
  const cfg = path.join(dir, 'kaiji.hdf');
  fs.writeFileSync(cfg, `#include "${path.join(dir, 'conf', 'kaiji.hdf')}"\nKaiji.ConfDir = ${path.join(dir, 'conf')}\nKaiji.Profile = yamagata\n`);
  const r = spawnSync(path.join(BIN, 'kaijictl'), ['-c', cfg, 'check-config'], { encoding: 'utf8' });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, new RegExp(`${profile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${lines.length}: City\\.Deadline\\.RollForwrd: unknown key`));
  const good = spawnSync(path.join(BIN, 'kaijictl'), ['-c', CONFIG, 'check-config'], { encoding: 'utf8' });
  assert.equal(good.status, 0, good.stderr);
  fs.rmSync(dir, { recursive: true, force: true });
});

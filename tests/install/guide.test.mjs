// docs/INSTALL.md followed literally on a fresh system without systemd
// (tests/install/namespace made it: a throwaway /etc, /usr/local, /var and
// /run, as root). Each "<!-- test: run ID -->" block runs as written, in
// the guide's order; after it, the checks for ID. The city's site is
// Debian's nginx with the guide's server block on a loopback port, beside
// the same block without kaiji's include: the two answer the city's own
// paths alike.
//
// Environment: KAIJI_URL (the city's server with kaiji), KAIJI_INSTALL_PORT2
// (the same without kaiji), KAIJI_INSTALL_DEAD_PORT (nothing listens),
// KAIJI_INSTALL_T (scratch directory).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { guide, ROOT } from './snippets.mjs';
import { get, rawRequest, cookieJar, formToken, multipart, request, sleep } from '../integration/lib.mjs';
import { day } from '../integration/clock.mjs';
import { nextCode, parseEnrol } from '../integration/totp.mjs';

const T = process.env.KAIJI_INSTALL_T;
const PORT = Number(new URL(process.env.KAIJI_URL).port);
const PORT2 = Number(process.env.KAIJI_INSTALL_PORT2);
const DEAD = Number(process.env.KAIJI_INSTALL_DEAD_PORT);
const LIBEXEC = '/usr/local/lib/kaiji/bin';
const SPAWN = '/usr/local/lib/kaiji/kaiji-spawn';
const PROGRAMS = ['request', 'status', 'pay', 'feedback', 'register', 'desk'];
const HTDOCS = '/usr/local/share/kaiji/htdocs';
const G = guide();
const done = new Set();   // ids of the blocks that ran

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', timeout: 300000, ...opts });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
}

// The guide's block ID, run as written with bash -e; its output.
function runBlock(id) {
  const b = G.runs.find((s) => s.id === id);
  assert.ok(b, `docs/INSTALL.md has a "<!-- test: run ${id} -->" block`);
  const r = sh('bash', ['-e', '-o', 'pipefail', '-c', b.text]);
  assert.equal(r.status, 0,
    `docs/INSTALL.md:${b.line} (${id}) failed:\n${b.text}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  done.add(id);
  return r;
}

// Processes running one of the installed programs: [{name, pid}].
function programProcesses() {
  const out = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let exe;
    try { exe = fs.readlinkSync(`/proc/${pid}/exe`); } catch { continue; }
    if (path.dirname(exe) === LIBEXEC) out.push({ name: path.basename(exe), pid: Number(pid) });
  }
  return out.sort((a, b) => a.pid - b.pid);
}

function assertOneSet(where) {
  const procs = programProcesses();
  assert.deepEqual(procs.map((p) => p.name).sort(), [...PROGRAMS].sort(),
    `${where}: one process per program, got ${JSON.stringify(procs)}`);
  return procs;
}

async function untilServing(p = '/kaiji/request') {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await get(p)).status === 200) return;
    } catch { /* nginx not up yet */ }
    await sleep(100);
  }
  assert.fail(`${p} does not answer 200`);
}

// A citizen files a disclosure request with an identity document; the
// receipt's reference number and access code.
async function fileRequest(name) {
  const jar = cookieJar();
  const form = await jar.get('/kaiji/request/form?kind=disclosure');
  assert.equal(form.status, 200);
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)]);
  const pdf = Buffer.from('%PDF-1.4\n% install test\n');
  const mp = multipart({
    csrf: formToken(form.text), kind: 'disclosure', agency: 'mayor', sought: '私の住民記録',
    name, furigana: 'みほん たろう', postal: '990-8540', address: '山形市旅篭町二丁目3番25号',
    phone: '023-641-1212', agent: 'none', method: 'copy_mail', medium: 'mono', units: '3',
    resident_issued_on: day(-2), dockind1: 'drivers_license', dockind2: 'resident_record',
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
  assert.ok(ref && code, 'the receipt shows a reference number and an access code');
  return { ref, code };
}

// The status lookup: 303 to the request's page, or the refusal's status.
async function lookup({ ref, code }) {
  const jar = cookieJar();
  const form = await jar.get('/kaiji/status');
  const r = await jar.post('/kaiji/status', { csrf: formToken(form.text), ref, code });
  if (r.status !== 303) return r.status;
  const view = await jar.get('/kaiji/status/view');
  assert.match(view.text, new RegExp(ref));
  return 303;
}

// An admin signs in with the code of the secret §3 enrolled (lib/totp.h).
async function signIn(login, password) {
  const jar = cookieJar();
  const page = await jar.get('/kaiji/desk/login');
  const fields = { csrf: formToken(page.text), login, password };
  if (state.totp) fields.code = await nextCode({ login, totp: state.totp });
  const r = await jar.post('/kaiji/desk/login', fields);
  return { status: r.status, jar };
}

const state = {};

test('the guide marks the steps the install test runs', () => {
  const ids = G.runs.map((s) => s.id);
  for (const id of ['build', 'check-config', 'first-admin', 'first-admin-totp', 'clerk', 'reset-password', 'spawn-start',
    'backup', 'cron', 'restore', 'upgrade']) {
    assert.ok(ids.includes(id), `a "<!-- test: run ${id} -->" block in docs/INSTALL.md`);
  }
  assert.equal(new Set(ids).size, ids.length, 'each id once');
  assert.ok(G.appends.some((a) => a.target === '/etc/kaiji/kaiji.hdf'), 'the city settings block');
  assert.ok(G.site, 'the nginx server block ("<!-- test: nginx-site -->")');
});

test('§1 build and make install: user, data and backup directories, secrets; the next step for this supervisor', () => {
  const r = runBlock('build');
  assert.match(r.stdout, /created the system user kaiji/);
  const mode = (f) => (fs.statSync(f).mode & 0o777).toString(8);
  const owner = (f) => sh('stat', ['-c', '%U:%G', f]).stdout.trim();
  assert.equal(mode('/var/lib/kaiji/secrets'), '600');
  assert.equal(owner('/var/lib/kaiji/secrets'), 'kaiji:kaiji');
  assert.equal(mode('/var/backups/kaiji'), '700');
  assert.equal(owner('/var/backups/kaiji'), 'kaiji:kaiji');
  // No systemd runs here, and Debian has update-rc.d: the init script.
  assert.match(r.stdout, /next steps:/);
  assert.match(r.stdout, /install -m 0755 \/usr\/local\/share\/kaiji\/examples\/init\.d-kaiji \/etc\/init\.d\/kaiji/);
  assert.match(r.stdout, /\/etc\/init\.d\/kaiji start/);
  assert.doesNotMatch(r.stdout, /systemctl enable/, 'no systemd step where systemd does not run');
});

test('§2 the city settings, appended as written, pass check-config without a warning', () => {
  for (const a of G.appends) fs.appendFileSync(a.target, a.text);
  const r = runBlock('check-config');
  assert.match(r.stdout, /\/etc\/kaiji\/kaiji\.hdf: ok \(profile yamagata\)/);
  assert.doesNotMatch(r.stderr, /warning/, 'Debian\'s nginx runs as www-data, the sockets\' group');
});

test('-bad- check-config warns when nginx\'s workers are not in the sockets\' group', () => {
  fs.writeFileSync(`${T}/nginx-nobody.conf`, 'user nobody nogroup;\nevents {}\n');
  fs.writeFileSync(`${T}/kaiji-nobody.hdf`,
    `${fs.readFileSync('/etc/kaiji/kaiji.hdf', 'utf8')}Kaiji.Server.NginxConf = ${T}/nginx-nobody.conf\n`);
  const r = sh('kaijictl', ['-c', `${T}/kaiji-nobody.hdf`, 'check-config']);
  assert.equal(r.status, 0, 'a warning, not an error');
  assert.match(r.stderr, /warning: nginx's workers run as nobody:nogroup .* not in the group www-data/);
});

test('§2 the static pages say 市 as installed; `kaijictl pages` writes them in a ward\'s words', () => {
  const about = () => fs.readFileSync(`${HTDOCS}/about.html`, 'utf8');
  assert.match(about(), /市が個人情報を正しく扱う/);
  assert.doesNotMatch(about(), /\{市/, 'no placeholder left in an installed page');
  const r = runBlock('pages');
  assert.match(r.stdout, /^pages: \d+ files written to \/usr\/local\/share\/kaiji\/htdocs$/m);
  assert.match(about(), /市が個人情報を正しく扱う/, 'a city\'s pages still say 市');
  fs.writeFileSync(`${T}/kaiji-minato.hdf`, `${fs.readFileSync('/etc/kaiji/kaiji.hdf', 'utf8')}Kaiji.Profile = minato\n`);
  const w = sh('kaijictl', ['-c', `${T}/kaiji-minato.hdf`, 'pages', '/usr/local/share/kaiji/pages', `${T}/pages-minato`]);
  assert.equal(w.status, 0, w.stderr);
  const ward = fs.readFileSync(`${T}/pages-minato/about.html`, 'utf8');
  assert.match(ward, /区が個人情報を正しく扱う/, '港区 reads 区');
  assert.doesNotMatch(ward, /市|\{区/, '-bad- no 市 and no placeholder on a ward\'s page');
  assert.equal((fs.statSync(`${T}/pages-minato/about.html`).mode & 0o777).toString(8), '644', 'readable by the web server');
  assert.ok(fs.existsSync(`${T}/pages-minato/static/kaiji.css`), 'the stylesheet is copied too');
  const same = sh('kaijictl', ['-c', '/etc/kaiji/kaiji.hdf', 'pages', '/usr/local/share/kaiji/pages', '/usr/local/share/kaiji/pages']);
  assert.notEqual(same.status, 0, '-bad- writing over the sources is refused');
});

test('§3 the first admin: a password printed once; a clerk on a new installation; a reset', () => {
  const first = /^password for webmaster: (\S{20})$/m.exec(runBlock('first-admin').stdout)?.[1];
  assert.ok(first, 'the password is printed');
  const enrolled = parseEnrol(runBlock('first-admin-totp').stdout);
  assert.match(enrolled.uri, /^otpauth:\/\/totp\/.+:webmaster\?secret=[A-Z2-7]{32}&issuer=/);
  assert.equal(enrolled.recovery.length, 10, 'ten recovery codes');
  state.totp = enrolled.secret;
  const clerk = runBlock('clerk');
  assert.match(clerk.stdout, /^password for tanaka: \S{20}$/m);
  assert.match(clerk.stdout, /^tanaka\tclerk\tactive\tmayor\t/m);
  const reset = /^password for webmaster: (\S{20})$/m.exec(runBlock('reset-password').stdout)?.[1];
  assert.ok(reset && reset !== first, 'a new password');
  state.password = reset;
  state.oldPassword = first;
});

test('§4 without systemd: the init script starts the six programs; a second start starts nothing', () => {
  const r = runBlock('spawn-start');
  for (const p of PROGRAMS) assert.match(r.stdout, new RegExp(`^${p}: running \\(pid \\d+\\)$`, 'm'));
  const before = assertOneSet('after the guide\'s start');
  for (const p of PROGRAMS) {
    const st = fs.statSync(`/run/kaiji/${p}.sock`);
    assert.equal(st.mode & 0o777, 0o660, `${p}.sock mode`);
    assert.equal(sh('stat', ['-c', '%G', `/run/kaiji/${p}.sock`]).stdout.trim(), 'www-data');
  }
  const users = new Set(before.map((p) => sh('stat', ['-c', '%U', `/proc/${p.pid}`]).stdout.trim()));
  assert.deepEqual([...users], ['kaiji'], 'the programs run as kaiji');
  const again = sh(SPAWN, ['start']);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /request is running \(pid \d+\); left as it is/);
  const viaInit = sh('/etc/init.d/kaiji', ['start']);
  assert.equal(viaInit.status, 0, viaInit.stderr);
  assert.deepEqual(assertOneSet('after kaiji-spawn start twice more'), before, 'the very same processes');
  const status = sh(SPAWN, ['status']);
  assert.equal(status.status, 0, status.stdout);
});

test('§5 the city\'s nginx with the guide\'s server block: nginx -t, started', async () => {
  const include = 'include /etc/kaiji/nginx/kaiji.conf;';
  const placeholder = /^(\s*)# \.\.\. the city's own site.*$/m;
  assert.match(G.site.text, placeholder, 'the server block has the city\'s place');
  assert.ok(G.site.text.includes(include), 'and kaiji\'s include');
  fs.mkdirSync('/var/www/city/upload', { recursive: true });
  fs.writeFileSync('/var/www/city/index.html', '<!doctype html><title>city</title><p>The city\'s own site\n');
  fs.writeFileSync('/var/www/city/city-404.html', '<!doctype html><title>city</title><p>The city\'s 404 page\n');
  fs.writeFileSync('/var/www/city/upload/index.html', 'upload\n');
  // The city's own error page for its whole http block.
  fs.writeFileSync('/etc/nginx/conf.d/city-errors.conf', 'error_page 404 /city-404.html;\n');
  const city = (port) => [
    `listen 127.0.0.1:${port};`,
    'server_name 127.0.0.1;',
    'root /var/www/city;',
    'location / { }',
    `location /cms/ { proxy_pass http://127.0.0.1:${DEAD}; }`,
    'location /upload/ { client_max_body_size 1k; }',
  ].map((l) => `$1${l}`).join('\n');
  const withKaiji = G.site.text.replace(placeholder, city(PORT));
  const without = G.site.text.replace(placeholder, city(PORT2)).replace(include, '# (no kaiji)');
  fs.writeFileSync('/etc/nginx/sites-enabled/city', `${withKaiji}\n${without}`);
  const t = sh('nginx', ['-t']);
  assert.equal(t.status, 0, t.stderr);
  const start = sh('nginx', []);
  assert.equal(start.status, 0, start.stderr);
  await untilServing();
});

test('pages answer through the city\'s nginx', async () => {
  for (const p of ['/kaiji/', '/kaiji/en/', '/kaiji/static/kaiji.css', '/kaiji/request', '/kaiji/status',
    '/kaiji/pay/', '/kaiji/feedback', '/kaiji/register', '/kaiji/desk/login']) {
    const r = await get(p);
    assert.equal(r.status, 200, p);
  }
  assert.equal((await get('/kaiji')).status, 301);
  assert.equal(fs.readFileSync(`${HTDOCS}/index.html`, 'utf8'), (await get('/kaiji/')).text);
});

// Each path outside /kaiji/ answers the same with and without kaiji's
// include: same status, same type, same bytes (the city's 404 page from
// its http block, nginx's own 502 and 413 where the city set none).
test('the city\'s own site answers the same with and without kaiji\'s include', async () => {
  const at = (port, method, p, body) =>
    request(method, `http://127.0.0.1:${port}${p}`, body ? { body, headers: { 'Content-Type': 'text/plain' } } : {});
  const cases = [
    ['GET', '/'], ['GET', '/no-such-page'], ['GET', '/kaijiya'], ['GET', '/kaiji-news/'],
    ['GET', '/cms/page'], ['POST', '/upload/', 'x'.repeat(4096)],
  ];
  for (const [method, p, body] of cases) {
    const a = await at(PORT, method, p, body);
    const b = await at(PORT2, method, p, body);
    assert.equal(a.status, b.status, `${method} ${p}: status`);
    assert.equal(a.headers['content-type'], b.headers['content-type'], `${method} ${p}: type`);
    assert.equal(a.text, b.text, `${method} ${p}: the same page`);
  }
  // The harness can tell: the city's pages are the ones it set.
  const missing = await at(PORT, 'GET', '/no-such-page');
  assert.equal(missing.status, 404);
  assert.match(missing.text, /The city's 404 page/);
  const cms = await at(PORT, 'GET', '/cms/page');
  assert.equal(cms.status, 502);
  assert.doesNotMatch(cms.text, /個人情報|kaiji/, 'not kaiji\'s 50x page');
  const big = await at(PORT, 'POST', '/upload/', 'x'.repeat(4096));
  assert.equal(big.status, 413);
  assert.doesNotMatch(big.text, /kaiji|送信/, 'not kaiji\'s 413 page');
});

test('below /kaiji/, kaiji\'s own error pages: 413 over the cap, 502 for a stopped program', async () => {
  const r = await rawRequest(
    'POST /kaiji/status HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n' +
    `Content-Length: ${2 * 1024 * 1024}\r\nConnection: close\r\n\r\na=b`, { timeout: 10000 });
  assert.equal(r.status, 413);
  assert.equal(r.text, fs.readFileSync(`${HTDOCS}/errors/413.html`, 'utf8'));
  const stop = sh(SPAWN, ['stop', 'feedback']);
  assert.equal(stop.status, 0, stop.stderr);
  const down = await get('/kaiji/feedback');
  assert.equal(down.status, 502);
  assert.equal(down.text, fs.readFileSync(`${HTDOCS}/errors/50x.html`, 'utf8'));
  const status = sh(SPAWN, ['status']);
  assert.equal(status.status, 3, 'status says one is not running');
  assert.match(status.stdout, /^feedback: stopped$/m);
  const start = sh(SPAWN, ['start']);
  assert.equal(start.status, 0, start.stderr);
  assertOneSet('after starting what was missing');
  await untilServing('/kaiji/feedback');
});

test('staff sign in with the reset password; the first one no longer works', async () => {
  const ok = await signIn('webmaster', state.password);
  assert.equal(ok.status, 303);
  const desk = await ok.jar.get('/kaiji/desk/');
  assert.equal(desk.status, 200);
  state.desk = ok.jar;
  const old = await signIn('webmaster', state.oldPassword);
  assert.notEqual(old.status, 303);
});

test('a citizen files a request; it can be looked up and the admin sees it', async () => {
  state.first = await fileRequest('見本 太郎');
  assert.equal(await lookup(state.first), 303);
  const inbox = await state.desk.get('/kaiji/desk/');
  assert.match(inbox.text, new RegExp(state.first.ref));
});

test('§9 backup and verify-backup as the guide writes them', () => {
  const r = runBlock('backup');
  const day = sh('date', ['+%F']).stdout.trim();
  const file = `/var/backups/kaiji/kaiji-${day}.kbk`;
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  assert.equal(sh('stat', ['-c', '%U', file]).stdout.trim(), 'kaiji');
  assert.match(r.stdout + r.stderr, /ok|verified|valid/i);
});

// cron's rules: a job line is 5 time fields, the user, the command for
// /bin/sh; "\%" is a literal %, a bare % would end the command.
function cronJobs(file) {
  const jobs = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (/^\s*(#|$)/.test(line) || /^[A-Z_]+=/.test(line)) continue;
    const m = /^(\S+\s+\S+\s+\S+\s+\S+\s+\S+)\s+(\S+)\s+(.*)$/.exec(line);
    assert.ok(m, `a cron job line: ${line}`);
    assert.doesNotMatch(m[3].replace(/\\%/g, ''), /%/, `no bare % in: ${line}`);
    jobs.push({ when: m[1], user: m[2], command: m[3].replace(/\\%/g, '%') });
  }
  return jobs;
}

test('§9 /etc/cron.d/kaiji without systemd: backup, purge, reconcile and mail send, each command run as cron would', () => {
  runBlock('cron');
  const file = '/etc/cron.d/kaiji';
  assert.equal(fs.statSync(file).mode & 0o777, 0o644);
  const jobs = cronJobs(file);
  assert.deepEqual(jobs.map((j) => / (backup|purge|pay reconcile|mail send)\b/.exec(j.command)?.[1]),
    ['backup', 'purge', 'pay reconcile', 'mail send']);
  for (const j of jobs) {
    assert.equal(j.user, 'kaiji');
    const r = sh('runuser', ['-u', j.user, '--', '/bin/sh', '-c', j.command], { cwd: '/' });
    assert.equal(r.status, 0, `${j.command}\n${r.stderr}`);
  }
  const weekday = sh('date', ['+%u']).stdout.trim();
  assert.ok(fs.existsSync(`/var/backups/kaiji/kaiji-${weekday}.kbk`), 'the weekday\'s archive');
});

test('§10 restore without systemd: the archive\'s data is back, what came after is gone', async () => {
  state.second = await fileRequest('見本 花子');
  assert.equal(await lookup(state.second), 303);
  // The guide restores kaiji-3.kbk: the latest archive, made before the
  // second request, under that name.
  const weekday = sh('date', ['+%u']).stdout.trim();
  if (weekday !== '3') {
    fs.copyFileSync(`/var/backups/kaiji/kaiji-${weekday}.kbk`, '/var/backups/kaiji/kaiji-3.kbk');
    assert.equal(sh('chown', ['kaiji:kaiji', '/var/backups/kaiji/kaiji-3.kbk']).status, 0);
  }
  runBlock('restore');
  assertOneSet('after the restore');
  await untilServing();
  assert.equal(await lookup(state.first), 303, 'the request in the archive');
  assert.notEqual(await lookup(state.second), 303, 'the request filed after the backup is gone');
  assert.equal((await signIn('webmaster', state.password)).status, 303);
});

test('§11 upgrade without systemd: the site\'s settings kept, the programs back', async () => {
  const site = fs.readFileSync('/etc/kaiji/kaiji.hdf', 'utf8');
  const r = runBlock('upgrade');
  assert.match(r.stdout, /schema version \d+/);
  assert.equal(fs.readFileSync('/etc/kaiji/kaiji.hdf', 'utf8'), site, 'kaiji.hdf kept');
  assert.ok(fs.existsSync('/var/backups/kaiji/before-upgrade.kbk'));
  assertOneSet('after the upgrade');
  await untilServing();
  assert.equal(await lookup(state.first), 303);
  assert.equal((await signIn('webmaster', state.password)).status, 303);
});

test('every run block of the guide ran', () => {
  assert.deepEqual(G.runs.map((s) => s.id).filter((id) => !done.has(id)), []);
});

test('stop: nothing of kaiji is left running', () => {
  const r = sh('/etc/init.d/kaiji', ['stop']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(programProcesses(), []);
  assert.equal(sh(SPAWN, ['status']).status, 3);
});

// The same make install where systemd runs: the next step is systemd's.
// systemctl is a stand-in that records its calls (no systemd runs here);
// what is tested is which supervisor make install finds and names.
test('make install where systemd runs names systemd\'s next step and reloads it', () => {
  fs.mkdirSync('/run/systemd/system', { recursive: true });
  const log = `${T}/systemctl.log`;
  fs.writeFileSync(`${T}/bin/systemctl`, `#!/bin/sh\necho "$*" >>${log}\n`, { mode: 0o755 });
  try {
    const r = sh('make', ['--no-print-directory', '-s', 'install']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /systemctl enable --now kaiji\.target/);
    assert.doesNotMatch(r.stdout, /init\.d/);
    assert.match(fs.readFileSync(log, 'utf8'), /^daemon-reload$/m);
  } finally {
    fs.rmSync('/run/systemd', { recursive: true, force: true });
    fs.rmSync(`${T}/bin/systemctl`, { force: true });
  }
});

// make install asks the configured database whether it is set up, not the
// data directory's kaiji.db (on PostgreSQL there is none there): the
// database moved out of the data directory and named by Kaiji.Database
// is found and left to migrate; a database named there that has no schema
// yet is made with kaijictl init.
test('make install with Kaiji.Database elsewhere: init only when that database has no schema', () => {
  const site = fs.readFileSync('/etc/kaiji/kaiji.hdf', 'utf8');
  const elsewhere = '/var/lib/kaiji-elsewhere';
  const files = ['kaiji.db', 'kaiji.db-wal', 'kaiji.db-shm'].filter((f) => fs.existsSync(`/var/lib/kaiji/${f}`));
  fs.mkdirSync(elsewhere, { mode: 0o700 });
  sh('chown', ['kaiji:kaiji', elsewhere]);
  for (const f of files) fs.renameSync(`/var/lib/kaiji/${f}`, `${elsewhere}/${f}`);
  try {
    fs.writeFileSync('/etc/kaiji/kaiji.hdf', `${site}\nKaiji.Database = sqlite:${elsewhere}/kaiji.db\n`);
    let r = sh('make', ['--no-print-directory', '-s', 'install']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /note: the database exists: stop kaiji, run '.*kaijictl -c \/etc\/kaiji\/kaiji\.hdf migrate'/);
    assert.doesNotMatch(r.stdout, /schema version/, '-bad- no init on a database that has its schema');
    assert.ok(!fs.existsSync('/var/lib/kaiji/kaiji.db'), '-bad- no kaiji.db made in the data directory');
    fs.writeFileSync('/etc/kaiji/kaiji.hdf', `${site}\nKaiji.Database = sqlite:${elsewhere}/new.db\n`);
    r = sh('make', ['--no-print-directory', '-s', 'install']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /schema version \d+ \(was 0\)/, 'a database without a schema: init made it');
    assert.doesNotMatch(r.stdout, /note: the database exists/);
    assert.ok(fs.existsSync(`${elsewhere}/new.db`));
  } finally {
    fs.writeFileSync('/etc/kaiji/kaiji.hdf', site);
    for (const f of files) fs.renameSync(`${elsewhere}/${f}`, `/var/lib/kaiji/${f}`);
    fs.rmSync(elsewhere, { recursive: true, force: true });
  }
});

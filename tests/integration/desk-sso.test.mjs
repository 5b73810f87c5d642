// Staff sign-in by the web server (Kaiji.Desk.TrustRemoteUser, issue 16
// item 1) through the shipped conf/nginx/kaiji.conf: nginx fills
// REMOTE_USER from any client's Authorization header, so the desk trusts
// only KAIJI_REMOTE_USER, which the shipped file sets after auth_basic
// checked the password and leaves empty otherwise. Two stacks of their
// own: the shipped file as it is, and with its #sso# block enabled.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { VAR, BIN, request } from './lib.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const TRUST = 'Kaiji.Desk.TrustRemoteUser = 1\nKaiji.Desk.RemoteUserParam = KAIJI_REMOTE_USER';
const stacks = {};

function start(name, extraEnv) {
  const dir = path.join(VAR, `sso-${name}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const env = { ...process.env, KAIJI_VAR: dir, KAIJI_PORT: 'auto', KAIJI_BIN: BIN,
    KAIJI_PAY_EMULATOR: '0', KAIJI_DEMO: '0', KAIJI_CONFIG_EXTRA: TRUST, ...extraEnv };
  execFileSync(path.join(ROOT, 'tools/stack'), ['start'], { env, stdio: 'pipe' });
  const port = fs.readFileSync(path.join(dir, 'port'), 'utf8').trim();
  const config = path.join(dir, 'kaiji.hdf');
  const login = `sso-${crypto.randomBytes(3).toString('hex')}`;
  execFileSync(path.join(BIN, 'kaijictl'), ['-c', config, 'staff', 'add', login, '--name', 'SSO',
    '--role', 'admin', '--password-stdin'], { input: 'a long enough password\n' });
  return { dir, env, base: `http://127.0.0.1:${port}`, login };
}

before(() => {
  stacks.shipped = start('shipped', {});
  stacks.sso = start('on', { KAIJI_NGINX_SED: '/#nosso#/d; s/#sso# //' });
  // Issue 16 item 4a: a host of the desk's own.
  stacks.host = start('host', { KAIJI_CONFIG_EXTRA: 'Kaiji.Desk.Host = desk.city.test' });
  // Issue 16 item 4b: the desk for the city's networks only (here 127.0.0.1).
  // With it, PayPay's notifications from its own ranges only (issue 16
  // item 10; here the range filled in is 127.0.0.1).
  stacks.allow = start('allow', { KAIJI_CONFIG_EXTRA: '', KAIJI_NGINX_SED:
    's,#allow# allow 192.0.2.0/24,allow 127.0.0.1,; s/#allow# //; s,PAYPAY-RANGE,127.0.0.1/32,; s/#payallow# //' });
  // nginx reads the password file on each request; {PLAIN} is nginx's
  // plain-text scheme, good enough for a throwaway test account.
  fs.writeFileSync(path.join(stacks.sso.dir, 'desk.htpasswd'), `${stacks.sso.login}:{PLAIN}door-secret\n`);
});

after(() => {
  for (const st of Object.values(stacks))
    spawnSync(path.join(ROOT, 'tools/stack'), ['stop'], { env: st.env, stdio: 'pipe' });
});

const basic = (user, pw) => ({ Authorization: `Basic ${Buffer.from(`${user}:${pw}`).toString('base64')}` });

test('-bad- a forged Basic header does not sign in behind the shipped nginx file', async () => {
  const st = stacks.shipped;
  for (const p of ['/kaiji/desk/', '/kaiji/desk/stats', '/kaiji/desk/register']) {
    const r = await request('GET', `${st.base}${p}`, { headers: basic(st.login, 'anything') });
    assert.equal(r.status, 403, `${p}: the admin's name in an unchecked header is nobody`);
    assert.doesNotMatch(r.text, new RegExp(st.login));
  }
});

test('-bad- with nginx checking passwords, a wrong password never reaches the desk', async () => {
  const st = stacks.sso;
  const none = await request('GET', `${st.base}/kaiji/desk/`);
  assert.equal(none.status, 401);
  const wrong = await request('GET', `${st.base}/kaiji/desk/`, { headers: basic(st.login, 'guess') });
  assert.equal(wrong.status, 401);
  const unknown = await request('GET', `${st.base}/kaiji/desk/`, { headers: basic('root', 'door-secret') });
  assert.equal(unknown.status, 401);
});

test('with nginx checking passwords, the right one signs the staff member in', async () => {
  const st = stacks.sso;
  const r = await request('GET', `${st.base}/kaiji/desk/`, { headers: basic(st.login, 'door-secret') });
  assert.equal(r.status, 200);
  assert.match(r.text, new RegExp(st.login));
});

test('-bad- with the shipped allow-list enabled, the desk answers 403 outside the city\'s networks', async () => {
  const st = stacks.allow;
  const inside = await request('GET', `${st.base}/kaiji/desk/login`);
  assert.equal(inside.status, 200);
  for (const p of ['/kaiji/desk/login', '/kaiji/desk/']) {
    const outside = await request('GET', `${st.base}${p}`, { localAddress: '127.0.0.2' });
    assert.equal(outside.status, 403, p);
    assert.doesNotMatch(outside.text, /csrf/, 'no program page');
  }
  const pub = await request('GET', `${st.base}/kaiji/status`, { localAddress: '127.0.0.2' });
  assert.equal(pub.status, 200, 'the public pages are not affected');
});

test('-bad- with the shipped PayPay allow-list filled in and enabled, a notification from elsewhere gets 403 from nginx', async () => {
  const st = stacks.allow;
  const body = JSON.stringify({ notification_type: 'Transaction', merchant_order_id: 'x', state: 'COMPLETED' });
  const headers = { 'content-type': 'application/json' };
  const outside = await request('POST', `${st.base}/kaiji/pay/notify/paypay`, { body, headers, localAddress: '127.0.0.2' });
  assert.equal(outside.status, 403);
  assert.doesNotMatch(fs.readFileSync(path.join(st.dir, 'log/pay.log'), 'utf8'), /notification/, 'the program never saw it');
  // from the range, the program answers (no PayPay account on this stack: 404)
  const inside = await request('POST', `${st.base}/kaiji/pay/notify/paypay`, { body, headers });
  assert.equal(inside.status, 404);
  const other = await request('POST', `${st.base}/kaiji/pay/notify/stripe`, { body, headers, localAddress: '127.0.0.2' });
  assert.notEqual(other.status, 403, 'other providers are not affected');
});

test('-bad- with Kaiji.Desk.Host, the desk answers 404 under the public host name; its cookies are host-only', async () => {
  const st = stacks.host;
  for (const p of ['/kaiji/desk/login', '/kaiji/desk/']) {
    const pub = await request('GET', `${st.base}${p}`);
    assert.equal(pub.status, 404, `${p} under 127.0.0.1`);
    const other = await request('GET', `${st.base}${p}`, { headers: { Host: 'www.city.test' } });
    assert.equal(other.status, 404, `${p} under www.city.test`);
  }
  const own = await request('GET', `${st.base}/kaiji/desk/login`, { headers: { Host: 'Desk.City.Test:8443' } });
  assert.equal(own.status, 200, 'under its own name (any case, any port)');
  for (const c of own.headers['set-cookie']) assert.doesNotMatch(c, /domain=/i, `host-only: ${c}`);
  const status = await request('GET', `${st.base}/kaiji/status`);
  assert.equal(status.status, 200, 'the public programs answer under any name');
});

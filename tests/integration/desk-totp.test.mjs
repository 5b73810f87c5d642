// Two-step sign-in for desk staff through nginx (issue 16 item 4c,
// lib/totp.h): an enrolled admin needs the code of an authenticator app
// (computed here as the app does: RFC 6238, HMAC-SHA1, 30 s, 6 digits);
// a wrong code is a failed login for the same throttles; a code is good
// once; a recovery code works once; an admin without enrolment cannot
// sign in while Kaiji.Desk.TotpRoles (default admin) names the role.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { VAR, cookieJar, formToken } from './lib.mjs';
import { ctl, ctlResult, db, loginJar, nextCode, sql, staff, totpAt, totpEnrol, totpStep } from './desk-lib.mjs';

// One login attempt from a client address; the response.
async function attempt(fields, localAddress = '127.0.0.1') {
  const jar = cookieJar();
  const page = await jar.get('/kaiji/desk/login', { localAddress });
  assert.equal(page.status, 200);
  const r = await jar.post('/kaiji/desk/login', { csrf: formToken(page.text), ...fields }, { localAddress });
  r.jar = jar;
  return r;
}

function audited(login) {
  return sql(`SELECT a.action, a.target FROM audit a JOIN staff s ON s.id = a.staff_id WHERE s.login = '${login}' ORDER BY a.id`);
}

test('the login form has a code field, labelled, that works without JavaScript', async () => {
  const jar = cookieJar();
  const page = await jar.get('/kaiji/desk/login');
  assert.match(page.text, /<label for="code">確認コード<\/label>/);
  assert.match(page.text, /<input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code"/);
  const en = await jar.get('/kaiji/desk/login?lang=en');
  assert.match(en.text, /<label for="code">Verification code<\/label>/);
});

test('-bad- an enrolled admin needs a code: the password alone is refused, with the code it signs in', async () => {
  const admin = staff('admin', [], 'totp');
  const bare = await attempt({ login: admin.login, password: admin.password });
  assert.equal(bare.status, 401);
  assert.match(bare.text, /6桁の確認コードを入力して/);
  assert.ok(!bare.jar.cookie('kaiji_desk'), 'no session without the code');
  const good = await attempt({ login: admin.login, password: admin.password, code: await nextCode(admin) });
  assert.equal(good.status, 303);
  assert.equal(good.headers.location, '/kaiji/desk/');
  assert.equal((await good.jar.get('/kaiji/desk/')).status, 200);
  const wrongPw = await attempt({ login: admin.login, password: 'not-the-password', code: await nextCode(admin) });
  assert.equal(wrongPw.status, 401, '-bad- a right code with a wrong password is refused');
  assert.match(wrongPw.text, /ログインIDまたはパスワードが正しくありません/);
});

test('-bad- a wrong code is refused (401) and counts as a failed login for that client\'s throttle', async () => {
  const admin = staff('admin', [], 'totp-wrong');
  const client = '127.0.0.41';
  const right = totpAt(admin.totp, totpStep());
  for (let i = 0; i < 5; i++) {
    const wrong = String((Number(right) + 1 + i) % 1000000).padStart(6, '0');
    const r = await attempt({ login: admin.login, password: admin.password, code: wrong }, client);
    assert.equal(r.status, 401, `wrong code ${i}`);
    assert.match(r.text, /確認コードが正しくないか、すでに使われています/);
  }
  const throttled = await attempt({ login: admin.login, password: admin.password, code: await nextCode(admin) }, client);
  assert.equal(throttled.status, 429, 'the client that guessed codes waits, even with the right code');
  assert.ok(Number(throttled.headers['retry-after']) >= 1);
  assert.ok(audited(admin.login).filter((a) => a.action === 'login_code_failed').length >= 5, 'audited');
  const other = await attempt({ login: admin.login, password: admin.password, code: await nextCode(admin) }, '127.0.0.42');
  assert.equal(other.status, 303, 'the owner from another client signs in');
});

test('-bad- a code that signed in once is refused the second time (replay), even from another client', async () => {
  const admin = staff('admin', [], 'totp-replay');
  const code = totpAt(admin.totp, totpStep());
  const first = await attempt({ login: admin.login, password: admin.password, code }, '127.0.0.43');
  assert.equal(first.status, 303);
  const again = await attempt({ login: admin.login, password: admin.password, code }, '127.0.0.44');
  assert.equal(again.status, 401, 'replayed code refused');
  assert.match(again.text, /すでに使われています/);
  assert.deepEqual(audited(admin.login).filter((a) => a.action === 'login_code_failed').map((a) => a.target), ['replay']);
  // an earlier step of the window is used up too: the step counter only goes forward
  const before = await attempt({ login: admin.login, password: admin.password, code: totpAt(admin.totp, totpStep() - 1) }, '127.0.0.44');
  assert.equal(before.status, 401, 'an older step after a newer one is refused');
});

test('a recovery code signs in once; -bad- the second time it is refused', async () => {
  const admin = staff('admin', [], 'totp-recovery');
  assert.equal(admin.recovery.length, 10, 'ten recovery codes printed at enrolment');
  const code = admin.recovery[3];
  const first = await attempt({ login: admin.login, password: admin.password, code: code.toUpperCase() }, '127.0.0.45');
  assert.equal(first.status, 303, 'a recovery code instead of the app\'s code');
  const again = await attempt({ login: admin.login, password: admin.password, code }, '127.0.0.45');
  assert.equal(again.status, 401, 'used up');
  assert.ok(audited(admin.login).some((a) => a.action === 'login_recovery_code'));
  const rows = sql(`SELECT r.hash, r.used_at FROM staff_recovery r JOIN staff s ON s.id = r.staff_id WHERE s.login = '${admin.login}'`);
  assert.equal(rows.length, 10);
  assert.ok(rows.every((r) => /^\$argon2id\$/.test(r.hash)), 'stored as argon2id hashes');
  assert.ok(!rows.some((r) => r.hash.includes(code)), 'never in the clear');
  assert.equal(rows.filter((r) => r.used_at).length, 1);
});

test('-bad- an admin without enrolment cannot sign in while TotpRoles names admin; a clerk can', async () => {
  const bare = staff('admin', [], 'totp-none', { totp: false });
  const r = await attempt({ login: bare.login, password: bare.password });
  assert.equal(r.status, 403);
  assert.match(r.text, /管理者に登録（kaijictl staff totp enrol）を依頼してください/);
  assert.ok(!r.jar.cookie('kaiji_desk'));
  assert.ok(audited(bare.login).some((a) => a.action === 'login_totp_missing'));
  const wrong = await attempt({ login: bare.login, password: 'not-the-password' });
  assert.equal(wrong.status, 401, 'a wrong password still reads as a wrong password');
  const clerk = staff('clerk', ['mayor'], 'totp-clerk');
  await loginJar(clerk);
  // enrolling lets the admin in; a reset removes it again
  const e = totpEnrol(bare.login);
  assert.equal((await attempt({ login: bare.login, password: bare.password, code: totpAt(e.secret, totpStep()) })).status, 303);
  assert.match(ctl(['staff', 'totp', 'reset', bare.login]), /two-step sign-in removed/);
  assert.equal((await attempt({ login: bare.login, password: bare.password })).status, 403, 'reset: refused again');
  assert.equal(ctlResult(['staff', 'totp', 'reset', bare.login]).status, 1, 'nothing left to reset');
  assert.equal(ctlResult(['staff', 'totp', 'enrol', 'no-such-login']).status, 1);
});

test('kaijictl staff totp enrol: an otpauth URI with the city as issuer, printed once; the secret is stored sealed and never logged', () => {
  const s = staff('viewer', ['mayor'], 'totp-cli');
  const e = totpEnrol(s.login);
  const uri = new URL(e.uri);
  assert.equal(uri.protocol, 'otpauth:');
  assert.equal(uri.searchParams.get('secret'), e.secret);
  assert.match(uri.searchParams.get('issuer'), /市|町|区/, `issuer ${uri.searchParams.get('issuer')}`);
  assert.equal(decodeURIComponent(uri.pathname).replace(/^\/*(totp\/)?/, ''), `${uri.searchParams.get('issuer')}:${s.login}`);
  assert.equal(uri.searchParams.get('digits'), '6');
  assert.equal(uri.searchParams.get('period'), '30');
  assert.equal(uri.searchParams.get('algorithm'), 'SHA1');
  const row = sql(`SELECT ${db.hex('t.secret')} AS h FROM staff_totp t JOIN staff s ON s.id = t.staff_id WHERE s.login = '${s.login}'`)[0];
  assert.ok(row && !row.h.includes(Buffer.from(e.secret).toString('hex').toUpperCase()), 'not stored as typed');
  for (const f of fs.readdirSync(path.join(VAR, 'log'))) {
    assert.ok(!fs.readFileSync(path.join(VAR, 'log', f), 'latin1').includes(e.secret), `not in ${f}`);
  }
});

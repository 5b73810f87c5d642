// Staff accounts on the web (issue 19): an admin adds an account (its
// password shown once), resets a password, disables and enables an
// account, sets its role and agencies; each change is audited. A clerk or
// viewer gets 403, a POST without the CSRF token is refused, and an
// unknown agency, a login taken, an admin disabling or demoting themself
// are refused with nothing changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cookieJar, formToken, htmlUnescape } from './lib.mjs';
import { staff, loginJar, sql, uniq, totpEnrol } from './desk-lib.mjs';

const admin = staff('admin', [], 'staffadm');

function account(login) {
  return sql(`SELECT id, role, disabled, (SELECT group_concat(agency_id, ',') FROM staff_agency WHERE staff_id = staff.id) AS agencies FROM staff WHERE login = '${login}'`)[0];
}

function audited(action, login) {
  return sql(`SELECT a.action FROM audit a JOIN staff s ON s.id = a.staff_id WHERE s.login = '${admin.login}' AND a.action = '${action}' AND a.target = '${login}'`).length;
}

async function staffPage(jar) {
  const page = await jar.get('/kaiji/desk/staff');
  assert.equal(page.status, 200);
  return { page, csrf: formToken(page.text) };
}

function shownPassword(html) {
  return htmlUnescape(/<code id="shown-password">([^<]+)<\/code>/.exec(html)?.[1] ?? '');
}

test('an admin adds an account, resets its password, disables, enables it and sets its role, each audited', async () => {
  const jar = await loginJar(admin);
  let { csrf } = await staffPage(jar);
  const login = uniq('web');
  const r = await jar.post('/kaiji/desk/staff', { csrf, login, name: 'ウェブ 花子', role: 'clerk', agency: ['mayor'] });
  assert.equal(r.status, 200, r.text.slice(0, 300));
  assert.match(r.headers['cache-control'] ?? '', /no-store/);
  const first = shownPassword(r.text);
  assert.ok(first.length >= 20, 'a one-time password is shown');
  assert.deepEqual(account(login), { id: account(login).id, role: 'clerk', disabled: 0, agencies: 'mayor' });
  assert.equal(audited('staff_added', login), 1);
  // the password works
  const theirs = await loginJar({ login, password: first });
  assert.equal((await theirs.get('/kaiji/desk/')).status, 200);
  // and is never shown again
  const list = await staffPage(jar);
  assert.ok(!list.page.text.includes(first), 'the list does not show it');
  csrf = list.csrf;
  const id = account(login).id;

  const reset = await jar.post(`/kaiji/desk/staff/${id}/password`, { csrf });
  assert.equal(reset.status, 200);
  const second = shownPassword(reset.text);
  assert.ok(second && second !== first, 'a new password');
  assert.notEqual((await theirs.get('/kaiji/desk/')).status, 200, 'the old session ended');
  assert.equal(audited('staff_password_reset', login), 1);

  let res = await jar.post(`/kaiji/desk/staff/${id}/disable`, { csrf });
  assert.equal(res.status, 303);
  assert.equal(account(login).disabled, 1);
  assert.equal(audited('staff_disabled', login), 1);
  res = await jar.post(`/kaiji/desk/staff/${id}/enable`, { csrf });
  assert.equal(res.status, 303);
  assert.equal(account(login).disabled, 0);
  assert.equal(audited('staff_enabled', login), 1);

  res = await jar.post(`/kaiji/desk/staff/${id}/role`, { csrf, role: 'viewer', agency: ['mayor', 'board_of_education'] });
  assert.equal(res.status, 303);
  assert.equal(account(login).role, 'viewer');
  assert.equal(account(login).agencies.split(',').sort().join(), 'board_of_education,mayor');
  assert.equal(audited('staff_role_set', login), 1);
  // an admin keeps no agency rows: an admin sees all
  res = await jar.post(`/kaiji/desk/staff/${id}/role`, { csrf, role: 'admin', agency: ['mayor'] });
  assert.equal(res.status, 303);
  assert.equal(account(login).role, 'admin');
  assert.equal(account(login).agencies, null);
});

test('-bad- a clerk and a viewer get 403 on every staff page and step', async () => {
  const target = staff('clerk', ['mayor'], 'staffvictim');
  const id = account(target.login).id;
  for (const role of ['clerk', 'viewer']) {
    const jar = await loginJar(staff(role, ['mayor'], `staff${role}`));
    assert.equal((await jar.get('/kaiji/desk/staff')).status, 403, `${role}: the list`);
    const csrf = formToken((await jar.get('/kaiji/desk/')).text);
    assert.equal((await jar.post('/kaiji/desk/staff', { csrf, login: uniq('x'), name: 'x', role: 'admin' })).status, 403, `${role}: add`);
    for (const step of ['password', 'disable', 'enable', 'role', 'totp_reset'])
      assert.equal((await jar.post(`/kaiji/desk/staff/${id}/${step}`, { csrf, role: 'admin' })).status, 403, `${role}: ${step}`);
  }
  assert.deepEqual(account(target.login), { id, role: 'clerk', disabled: 0, agencies: 'mayor' }, 'nothing changed');
  assert.equal(sql(`SELECT count(*) AS n FROM audit WHERE target = '${target.login}' AND action LIKE 'staff_%'`)[0].n, 0, 'nothing audited as done');
});

test('-bad- a POST without the CSRF token changes nothing', async () => {
  const jar = await loginJar(admin);
  const target = staff('clerk', ['mayor'], 'staffcsrf');
  const id = account(target.login).id;
  const res = await jar.post(`/kaiji/desk/staff/${id}/disable`, {});
  assert.ok(res.status === 403 || res.status === 400, `refused: ${res.status}`);
  const add = await jar.post('/kaiji/desk/staff', { login: uniq('nocsrf'), name: 'x', role: 'clerk' });
  assert.ok(add.status === 403 || add.status === 400, `refused: ${add.status}`);
  assert.equal(account(target.login).disabled, 0);
});

test('-bad- an unknown agency, a login taken, a bad login: refused, nothing added', async () => {
  const jar = await loginJar(admin);
  const { csrf } = await staffPage(jar);
  const login = uniq('badag');
  let r = await jar.post('/kaiji/desk/staff', { csrf, login, name: 'x', role: 'clerk', agency: ['no_such_agency'] });
  assert.equal(r.status, 422);
  assert.match(r.text, /data-error="agency"/);
  assert.equal(account(login), undefined, 'not half-added');
  r = await jar.post('/kaiji/desk/staff', { csrf, login: admin.login, name: 'x', role: 'clerk' });
  assert.equal(r.status, 409);
  assert.match(r.text, /data-error="exists"/);
  r = await jar.post('/kaiji/desk/staff', { csrf, login: 'Bad Login!', name: 'x', role: 'clerk' });
  assert.equal(r.status, 422);
  r = await jar.post('/kaiji/desk/staff', { csrf, login: uniq('norole'), name: 'x', role: 'boss' });
  assert.equal(r.status, 422);
  const target = staff('clerk', ['mayor'], 'staffag');
  r = await jar.post(`/kaiji/desk/staff/${account(target.login).id}/role`, { csrf, role: 'clerk', agency: ['no_such_agency'] });
  assert.equal(r.status, 422);
  assert.equal(account(target.login).agencies, 'mayor', 'the old agencies kept');
  assert.equal((await jar.post('/kaiji/desk/staff/999999999/disable', { csrf })).status, 404);
});

test('-bad- an admin may not disable or demote themself', async () => {
  const me = staff('admin', [], 'staffself');
  const jar = await loginJar(me);
  const { csrf } = await staffPage(jar);
  const id = account(me.login).id;
  let r = await jar.post(`/kaiji/desk/staff/${id}/disable`, { csrf });
  assert.equal(r.status, 409);
  assert.match(r.text, /data-error="self"/);
  r = await jar.post(`/kaiji/desk/staff/${id}/role`, { csrf, role: 'clerk', agency: ['mayor'] });
  assert.equal(r.status, 409);
  assert.deepEqual(account(me.login), { id, role: 'admin', disabled: 0, agencies: null });
  assert.equal((await jar.get('/kaiji/desk/staff')).status, 200, 'still signed in');
});

test('a new admin account is told it needs two-step sign-in before it can sign in (Kaiji.Desk.TotpRoles)', async () => {
  const jar = await loginJar(admin);
  const { csrf } = await staffPage(jar);
  const login = uniq('newadm');
  const r = await jar.post('/kaiji/desk/staff', { csrf, login, name: '管理 一郎', role: 'admin' });
  assert.equal(r.status, 200);
  assert.match(r.text, /id="shown-totp"/);
  assert.equal(account(login).role, 'admin');
  const clerk = await jar.post('/kaiji/desk/staff', { csrf, login: uniq('newclerk'), name: '担当 一郎', role: 'clerk', agency: 'mayor' });
  assert.doesNotMatch(clerk.text, /id="shown-totp"/);
});

test('an admin removes another account\'s two-step sign-in; -bad- one not enrolled is refused', async () => {
  const jar = await loginJar(admin);
  const { csrf } = await staffPage(jar);
  const target = staff('clerk', ['mayor'], 'stafftotp');
  totpEnrol(target.login);
  const id = account(target.login).id;
  const enrolled = () => sql(`SELECT count(*) AS n FROM staff_totp WHERE staff_id = ${id}`)[0].n;
  assert.equal(enrolled(), 1);
  let r = await jar.post(`/kaiji/desk/staff/${id}/totp_reset`, { csrf });
  assert.equal(r.status, 303);
  assert.equal(enrolled(), 0, 'the secret is gone');
  assert.equal(audited('staff_totp_reset', target.login), 1);
  r = await jar.post(`/kaiji/desk/staff/${id}/totp_reset`, { csrf });
  assert.equal(r.status, 409);
  assert.match(r.text, /data-error="not_enrolled"/);
});

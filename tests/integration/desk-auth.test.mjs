// The desk's sign-in and who may do what: login and logout, session
// fixation, a copied cookie after logout, the idle timeout, CSRF, the
// login throttle, roles and agencies, and the inbox.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cookieJar, formToken, get, post } from './lib.mjs';
import {
  act, addDays, ctl, ok, ctlResult, enter, loginJar, nextCode, openDayAfter, sql, sqlWrite, staff, today, uniq,
} from './desk-lib.mjs';

const admin = staff('admin', [], 'auth');
const clerk = staff('clerk', ['mayor'], 'auth');
const viewer = staff('viewer', ['mayor'], 'auth');

test('a request without a session is sent to the login page', async () => {
  for (const p of ['/kaiji/desk/', '/kaiji/desk/case/1', '/kaiji/desk/stats', '/kaiji/desk/stats.csv',
    '/kaiji/desk/case/1/document/1', '/kaiji/desk/case/1/notice/receipt']) {
    const r = await get(p);
    assert.equal(r.status, 303, p);
    // signing in returns to the page that was open (issue 23)
    const back = p === '/kaiji/desk/' ? '' : `?next=${p.slice('/kaiji'.length)}`;
    assert.equal(r.headers.location, `/kaiji/desk/login${back}`, p);
  }
});

test('login sets an HttpOnly SameSite=Strict cookie for /kaiji/desk/ only; pages are no-store', async () => {
  const jar = cookieJar();
  const page = await jar.get('/kaiji/desk/login');
  const r = await jar.post('/kaiji/desk/login', { csrf: formToken(page.text), login: admin.login, password: admin.password, code: await nextCode(admin) });
  assert.equal(r.status, 303);
  const c = r.headers['set-cookie'].find((s) => s.startsWith('kaiji_desk='));
  assert.match(c, /^kaiji_desk=[A-Za-z0-9_-]{43}; Path=\/kaiji\/desk\/; SameSite=Strict; HttpOnly$/);
  const inbox = await jar.get('/kaiji/desk/');
  assert.equal(inbox.status, 200);
  assert.equal(inbox.headers['cache-control'], 'no-store');
  assert.match(inbox.text, new RegExp(admin.login));
  const audit = sql(`SELECT a.action FROM audit a JOIN staff s ON s.id = a.staff_id WHERE s.login = '${admin.login}'`);
  assert.ok(audit.some((a) => a.action === 'login'), 'the login is audited');
  const stored = sql('SELECT id_hash FROM session');
  assert.ok(!stored.some((s) => s.id_hash === jar.cookie('kaiji_desk')), 'only a hash of the cookie is kept');
});

test('-bad- a wrong password is refused with 401 and no cookie', async () => {
  const jar = cookieJar();
  const page = await jar.get('/kaiji/desk/login');
  const r = await jar.post('/kaiji/desk/login', { csrf: formToken(page.text), login: admin.login, password: 'wrong-password-123' });
  assert.equal(r.status, 401);
  assert.match(r.text, /ログインIDまたはパスワードが正しくありません/);
  assert.ok(!r.headers['set-cookie'].some((s) => s.startsWith('kaiji_desk=')));
});

test('-bad- a login without the CSRF token is refused', async () => {
  const jar = cookieJar();
  await jar.get('/kaiji/desk/login');
  const r = await jar.post('/kaiji/desk/login', { login: admin.login, password: admin.password });
  assert.equal(r.status, 403);
});

test('-bad- session fixation: a cookie planted before login is replaced and never works', async () => {
  const planted = 'A'.repeat(43);
  const jar = cookieJar();
  jar.cookies.set('kaiji_desk', planted);
  const page = await jar.get('/kaiji/desk/login');
  await jar.post('/kaiji/desk/login', { csrf: formToken(page.text), login: admin.login, password: admin.password, code: await nextCode(admin) });
  assert.notEqual(jar.cookie('kaiji_desk'), planted, 'a new session id at login');
  const attacker = await get('/kaiji/desk/', { headers: { Cookie: `kaiji_desk=${planted}` } });
  assert.equal(attacker.status, 303);
});

test('-bad- a cookie copied before logout stops working after it', async () => {
  const jar = await loginJar(admin);
  const stolen = jar.cookie('kaiji_desk');
  assert.equal((await get('/kaiji/desk/', { headers: { Cookie: `kaiji_desk=${stolen}` } })).status, 200);
  const inbox = await jar.get('/kaiji/desk/');
  const out = await jar.post('/kaiji/desk/logout', { csrf: formToken(inbox.text) });
  assert.equal(out.status, 303);
  assert.equal(out.headers.location, '/kaiji/desk/login');
  assert.ok(out.headers['set-cookie'].some((s) => /^kaiji_desk=; .*Max-Age=0/.test(s)), 'the cookie is cleared');
  const again = await get('/kaiji/desk/', { headers: { Cookie: `kaiji_desk=${stolen}` } });
  assert.equal(again.status, 303, 'the copied cookie no longer works');
});

test('-bad- a session idle longer than Kaiji.Desk.IdleMinutes has ended', async () => {
  const jar = await loginJar(admin);
  assert.equal((await jar.get('/kaiji/desk/')).status, 200);
  sqlWrite(`UPDATE session SET seen_at = seen_at - 31 * 60 WHERE staff_id = (SELECT id FROM staff WHERE login = '${admin.login}')`);
  assert.equal((await jar.get('/kaiji/desk/')).status, 303);
});

test('-bad- a disabled account cannot log in and its sessions end', async () => {
  const s = staff('clerk', ['mayor'], 'gone');
  const jar = await loginJar(s);
  ctl(['staff', 'disable', s.login]);
  assert.equal((await jar.get('/kaiji/desk/')).status, 303);
  const page = await get('/kaiji/desk/login');
  const j2 = cookieJar();
  const p2 = await j2.get('/kaiji/desk/login');
  const r = await j2.post('/kaiji/desk/login', { csrf: formToken(p2.text), ...s });
  assert.equal(r.status, 401);
  assert.ok(page.status === 200);
});

// Issue 16 item 2: a stranger who knows a login cannot lock its owner
// out. Failures slow the client that makes them (per client and per
// login from that client), never the login as such.
test('-bad- failed logins slow that client for that login; the right password from another client still works', async () => {
  const s = staff('viewer', ['mayor'], 'throttle');
  const attacker = { localAddress: '127.0.0.21' };
  const jar = cookieJar();
  const page = await jar.get('/kaiji/desk/login', attacker);
  const csrf = formToken(page.text);
  for (let i = 0; i < 5; i++) {
    const r = await jar.post('/kaiji/desk/login', { csrf, login: s.login, password: `wrong-${i}-password` }, attacker);
    assert.equal(r.status, 401);
  }
  const r = await jar.post('/kaiji/desk/login', { csrf, ...s }, attacker);
  assert.equal(r.status, 429, 'the guessing client waits, even with the right password');
  assert.match(r.text, /しばらくログインできません/);
  assert.ok(Number(r.headers['retry-after']) >= 1, `Retry-After ${r.headers['retry-after']}`);
  const owner = cookieJar();
  const p2 = await owner.get('/kaiji/desk/login', { localAddress: '127.0.0.22' });
  const ok = await owner.post('/kaiji/desk/login', { csrf: formToken(p2.text), ...s }, { localAddress: '127.0.0.22' });
  assert.equal(ok.status, 303, 'the owner from another client signs in');
  // One second, whole: the last failure's stamp is a whole second
  // (lib/throttle.h), so the wait ends within two.
  await new Promise((resolve) => setTimeout(resolve, 2100));
  const later = await jar.post('/kaiji/desk/login', { csrf, ...s }, attacker);
  assert.equal(later.status, 303, 'after the short wait the right password works from there too');
  const keys = sql(`SELECT key_hash FROM throttle WHERE bucket = 'desk_login'`);
  assert.ok(!keys.some((k) => k.key_hash.includes(s.login)), 'the throttle keeps only a keyed hash');
});

test('kaijictl staff: add prints a generated password once; -bad- a duplicate, an unknown agency', () => {
  const login = uniq('cli');
  const out = ctl(['staff', 'add', login, '--name', 'CLI', '--role', 'clerk', '--agency', 'fire']);
  assert.match(out, new RegExp(`^password for ${login}: \\S{20}\\n$`));
  const row = sql(`SELECT password_hash FROM staff WHERE login = '${login}'`)[0];
  assert.match(row.password_hash, /^\$argon2id\$/);
  assert.equal(ctlResult(['staff', 'add', login, '--name', 'X', '--role', 'viewer']).status, 1);
  assert.equal(ctlResult(['staff', 'add', 'cli-other', '--name', 'X', '--role', 'clerk', '--agency', 'nowhere']).status, 1);
  assert.equal(ctlResult(['staff', 'add', 'cli-short', '--name', 'X', '--role', 'viewer', '--password-stdin'], { input: 'short\n' }).status, 1);
  assert.equal(ctlResult(['staff', 'add', 'Bad Login', '--name', 'X', '--role', 'viewer']).status, 2);
  assert.match(ctl(['staff', 'list']), new RegExp(`^${login}\tclerk\tactive\tfire\tCLI$`, 'm'));
  const pw = ctl(['staff', 'passwd', login]);
  assert.match(pw, new RegExp(`^password for ${login}: `));
});

test('-bad- a clerk of one agency gets 403 on another agency\'s case, document, notice and step', async () => {
  const other = enter({ agency: 'board_of_education', docs: [`drivers_license:image/jpeg:${process.argv[1]}`] });
  const doc = sql(`SELECT id FROM document WHERE request_id = ${other.id}`)[0].id;
  const jar = await loginJar(clerk);
  assert.equal((await jar.get(`/kaiji/desk/case/${other.id}`)).status, 403);
  assert.equal((await jar.get(`/kaiji/desk/case/${other.id}/document/${doc}`)).status, 403);
  assert.equal((await jar.get(`/kaiji/desk/case/${other.id}/notice/receipt`)).status, 403);
  const inbox = await jar.get('/kaiji/desk/');
  assert.doesNotMatch(inbox.text, new RegExp(`data-ref="${other.ref}"`), 'not in the clerk\'s inbox');
  const r = await jar.post(`/kaiji/desk/case/${other.id}/review`, { csrf: formToken(inbox.text) });
  assert.equal(r.status, 403);
  assert.equal(sql(`SELECT state FROM request WHERE id = ${other.id}`)[0].state, 'received');
  const mine = enter({ agency: 'mayor' });
  assert.equal((await jar.get(`/kaiji/desk/case/${mine.id}`)).status, 200);
  const adminJar = await loginJar(admin);
  assert.equal((await adminJar.get(`/kaiji/desk/case/${other.id}`)).status, 200, 'an admin sees every agency');
});

test('-bad- a viewer reads but cannot change anything', async () => {
  const req = enter({ agency: 'mayor' });
  const jar = await loginJar(viewer);
  const page = await jar.get(`/kaiji/desk/case/${req.id}`);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /id="form-review"/, 'no forms for a viewer');
  for (const a of ['review', 'amend', 'decide', 'withdraw', 'reissue']) {
    const r = await jar.post(`/kaiji/desk/case/${req.id}/${a}`, { csrf: formToken(page.text), what: 'x', decision: 'full' });
    assert.equal(r.status, 403, a);
  }
  assert.equal(sql(`SELECT state FROM request WHERE id = ${req.id}`)[0].state, 'received');
});

test('-bad- CSRF: a step without the token, or with another browser\'s token, is refused', async () => {
  const req = enter({ agency: 'mayor' });
  const jar = await loginJar(clerk);
  const none = await jar.post(`/kaiji/desk/case/${req.id}/review`, {});
  assert.equal(none.status, 403);
  const elsewhere = cookieJar();
  const other = await elsewhere.get('/kaiji/desk/login');
  const foreign = await jar.post(`/kaiji/desk/case/${req.id}/review`, { csrf: formToken(other.text) });
  assert.equal(foreign.status, 403);
  assert.equal(sql(`SELECT state FROM request WHERE id = ${req.id}`)[0].state, 'received');
  const r = await act(jar, req.id, 'review');
  assert.equal(r.status, 303, 'with the page\'s own token it works');
});

test('the inbox: by due date, overdue and due-soon marked in words, filters and search', async () => {
  const t = today();
  const late = enter({ agency: 'fire', received: addDays(t, -40), name: '期限 超過子' });
  const fresh = enter({ agency: 'fire', received: t, name: '新規 花子' });
  const corr = enter({ agency: 'fire', kind: 'correction', received: t, name: '訂正 次郎' });
  const soonDue = sql(`SELECT due_on FROM request WHERE id = ${fresh.id}`)[0].due_on;
  const jar = await loginJar(admin);
  const r = await jar.get('/kaiji/desk/?agency=fire');
  assert.equal(r.status, 200);
  const refs = [...r.text.matchAll(/data-ref="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(refs.indexOf(late.ref) < refs.indexOf(fresh.ref), 'earliest due first');
  assert.ok(refs.indexOf(fresh.ref) < refs.indexOf(corr.ref), 'disclosure (14 days) before correction (30)');
  const row = (ref) => new RegExp(`data-ref="${ref}"[\\s\\S]*?</tr>`).exec(r.text)[0];
  assert.match(row(late.ref), /期限超過/, 'overdue in words');
  assert.doesNotMatch(row(fresh.ref), /期限超過|3開庁日以内/, `due ${soonDue} is not soon`);
  const kind = await jar.get('/kaiji/desk/?agency=fire&kind=correction');
  assert.match(kind.text, new RegExp(corr.ref));
  assert.doesNotMatch(kind.text, new RegExp(`data-ref="${fresh.ref}"`));
  // part of the name (other files file many a 花子: a page holds 50 rows)
  const byName = await jar.get(`/kaiji/desk/?q=${encodeURIComponent('新規 花')}`);
  assert.match(byName.text, new RegExp(fresh.ref));
  assert.doesNotMatch(byName.text, new RegExp(`data-ref="${late.ref}"`));
  const byNameNoSpace = await jar.get(`/kaiji/desk/?q=${encodeURIComponent('新規花子')}`);
  assert.match(byNameNoSpace.text, new RegExp(fresh.ref), 'spaces do not matter');
  const wide = late.ref.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))).replace('-', '－');
  const byRef = await jar.get(`/kaiji/desk/?state=all&q=${encodeURIComponent(wide)}`);
  const found = [...byRef.text.matchAll(/data-ref="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(found, [late.ref], 'a full-width reference number finds exactly it');
  const wildcard = await jar.get(`/kaiji/desk/?q=${encodeURIComponent('%')}`);
  assert.match(wildcard.text, /該当する請求はありません/, 'a % is a character, not a wildcard');
  await ok(jar, late.ref && late.id, 'withdraw');
  const open = await jar.get('/kaiji/desk/?agency=fire');
  assert.doesNotMatch(open.text, new RegExp(`data-ref="${late.ref}"`), 'finished requests leave the default view');
  const withdrawn = await jar.get('/kaiji/desk/?agency=fire&state=withdrawn');
  assert.match(withdrawn.text, new RegExp(late.ref));
});

test('the inbox marks a request due within 3 open days', async () => {
  // Received about two weeks ago: a 14-day period ends within the next
  // three open days (the year-end closure can push it further; look back
  // further then).
  const t = today();
  const soon = openDayAfter(t, 3);
  let req;
  for (let back = 10; back <= 30 && !req; back++) {
    const r = enter({ agency: 'agriculture', received: addDays(t, -back) });
    const due = sql(`SELECT due_on FROM request WHERE id = ${r.id}`)[0].due_on;
    if (due >= t && due <= soon) req = r;
  }
  assert.ok(req, 'a request due within 3 days was made');
  const jar = await loginJar(admin);
  const r = await jar.get('/kaiji/desk/?agency=agriculture');
  const row = new RegExp(`data-ref="${req.ref}"[\\s\\S]*?</tr>`).exec(r.text)[0];
  assert.match(row, /期限まで3開庁日以内/);
});

// The clerk's case page (issue 23 items 16, 18, 19): the decision form
// chooses no decision in advance and a refused decision comes back with
// everything entered, so that a clerk who sends it again never issues a
// decision nobody chose; after a step or a new sign-in the clerk is back
// where the next action is; the page says what the citizen asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, enter, loginJar, ok, refused, show, staff, today } from './desk-lib.mjs';
import { cookieJar, formToken } from './lib.mjs';

const clerk = staff('clerk', ['mayor'], 'keep');

test('the decision form starts with no decision chosen', async () => {
  const req = enter();
  const jar = await loginJar(clerk);
  await ok(jar, req.id, 'review');
  const page = await jar.get(`/kaiji/desk/case/${req.id}`);
  const select = /<select id="decide-decision"[^>]*>([\s\S]*?)<\/select>/.exec(page.text);
  assert.ok(select, 'the decision form is there');
  assert.match(select[1], /^\s*<option value="">/, 'the first option chooses nothing');
  assert.doesNotMatch(select[1], /selected/, 'no decision pre-selected');
});

test('-bad- a refused decision keeps what was entered, never 全部開示', async () => {
  const req = enter();
  const jar = await loginJar(clerk);
  await ok(jar, req.id, 'review');
  const t = today();
  // 部分開示 with a withheld part but no way to receive it: refused.
  const r = await refused(jar, req.id, 'decide', {
    decision: 'partial', decided_on: t, part1: '第三者の氏名', ground1: 'third_person',
    explanation1: '本人以外の個人に関する情報のため', slot1: `${addDays(t, 7)}T10:00`, place: '市民相談課',
    reason: '理由の下書き', part2: '第三者の住所', ground2: 'third_person', slot3: `${addDays(t, 8)}T14:00`,
  }, 422, 'invalid');
  assert.match(r.text, /<option value="partial" selected>/, 'the decision chosen is kept');
  assert.doesNotMatch(r.text, /<option value="full" selected>/, 'never reset to 全部開示');
  assert.match(r.text, /id="decide-part1" name="part1" value="第三者の氏名"/);
  assert.match(r.text, /<option value="third_person" selected>/);
  assert.match(r.text, /id="decide-explanation1"[^>]*>本人以外の個人に関する情報のため<\/textarea>/);
  assert.match(r.text, new RegExp(`name="decided_on" value="${t}"`));
  assert.match(r.text, new RegExp(`name="slot1" value="${addDays(t, 7)}T10:00"`));
  assert.match(r.text, /name="place" value="市民相談課"/);
  assert.match(r.text, /id="decide-reason"[^>]*>理由の下書き<\/textarea>/);
  // what was sent in the folded parts comes back unfolded
  assert.match(r.text, /<details class="fold decide-more" open>[^]*?id="decide-part2" name="part2" value="第三者の住所"/);
  assert.match(r.text, /<details class="fold decide-more" open>[^]*?name="slot3" value="\d{4}-\d\d-\d\dT14:00"/);
  assert.match(r.text, /<details class="fold decide-more decide-reason" open>/);
  assert.equal(show(req.id).state, 'reviewing', 'nothing decided');

  // the ticked methods come back ticked
  const r2 = await refused(jar, req.id, 'decide', { decision: '', method: ['copy'] }, 422, 'invalid');
  assert.match(r2.text, /id="decide-m-copy" name="method" value="copy" checked/);
  assert.doesNotMatch(r2.text, /id="decide-m-view" name="method" value="view" checked/);
  assert.doesNotMatch(r2.text, /<option value="full" selected>/);
  assert.doesNotMatch(r2.text, /class="fold decide-more[^"]*" open/, 'nothing sent there: the rare parts stay folded');
});

// Item 19: the clerk sees what the citizen asked without reading the
// history: the delivery with the kind and number of copies, the 住民票's
// date with its age against the profile's limit, identity checked or not.
test('the case page says what the citizen asked for', async () => {
  const { sqlWrite } = await import('./desk-lib.mjs');
  const req = enter();
  const t = today();
  const issued = addDays(t, -40);
  const data = {
    agency: 'mayor', sought: '国民健康保険の記録',
    requester: { name: '山田 太郎' },
    delivery: { method: 'copy_mail', medium: 'mono', units: 12, estimate_yen: 120 },
    identity: { resident_record_issued_on: issued },
  };
  sqlWrite(`UPDATE request SET data = '${JSON.stringify(data)}', received_on = '${t}' WHERE id = ${req.id};`);
  const jar = await loginJar(clerk);
  let page = await jar.get(`/kaiji/desk/case/${req.id}`);
  assert.match(page.text, /id="case-asked-delivery">写しを郵送で受け取る \([^)]*× 12\)</);
  assert.match(page.text, new RegExp(`id="case-resident">${issued} \\(受付日に作成から40日 / 期限 30 日\\) <strong class="field-error">期限を過ぎています`));
  assert.match(page.text, /id="case-identity" data-checked="0">まだ確認していません/);
  await ok(jar, req.id, 'review');
  await ok(jar, req.id, 'identity', { note: '窓口で確認' });
  page = await jar.get(`/kaiji/desk/case/${req.id}`);
  assert.match(page.text, /id="case-identity" data-checked="1">/);
});

// Item 18: after a step the case page opens at the steps (ok() checks the
// #actions in every step's redirect); after the session ended, signing in
// returns to the page that was open.
test('after a step the clerk is at the next step; signing in again returns to the case', async () => {
  const req = enter();
  const jar = await loginJar(clerk);
  const r = await ok(jar, req.id, 'review');
  assert.match(r.headers.location, /#actions$/);
  const page = await jar.get(`/kaiji/desk/case/${req.id}?done=review`);
  assert.match(page.text, /<h2 id="actions">[^<]*<\/h2>\s*<p class="success" role="status">/, 'what was done, just above the next step');

  const anon = cookieJar();
  const open = await anon.get(`/kaiji/desk/case/${req.id}`);
  assert.equal(open.status, 303);
  assert.equal(open.headers.location, `/kaiji/desk/login?next=/desk/case/${req.id}`);
  const posted = await anon.post(`/kaiji/desk/case/${req.id}/decide`, { csrf: 'x' });
  assert.ok([303, 403].includes(posted.status));
  const login = await anon.get(`/kaiji/desk/login?next=/desk/case/${req.id}`);
  assert.match(login.text, new RegExp(`<input type="hidden" name="next" value="/desk/case/${req.id}">`));
  const back = await anon.post('/kaiji/desk/login', { csrf: formToken(login.text), ...clerk, next: `/desk/case/${req.id}` });
  assert.equal(back.status, 303);
  assert.equal(back.headers.location, `/kaiji/desk/case/${req.id}`, 'back to the case that was open');

  for (const bad of ['//evil.example/', '/desk/logout', 'https://evil.example/desk/', '/desk/../status', '/desk/case/1?x=1', '/desk/']) {
    const j = cookieJar();
    const p = await j.get('/kaiji/desk/login');
    const r2 = await j.post('/kaiji/desk/login', { csrf: formToken(p.text), ...clerk, next: bad });
    assert.equal(r2.headers.location, '/kaiji/desk/', `-bad- next ${bad} is not followed`);
  }
});

// Item 17: 決定, 却下, 取下げ and a new access code go through a
// confirmation that says what will happen and to whom; going back keeps
// the form; the buttons of those steps look different.
test('an irreversible step asks first and says what will happen and to whom', async () => {
  const { act } = await import('./desk-lib.mjs');
  const req = enter({ name: '確認 花子' });
  const jar = await loginJar(clerk);
  await ok(jar, req.id, 'review');
  const page = await jar.get(`/kaiji/desk/case/${req.id}`);
  assert.match(page.text, /<form[^>]*id="form-decide">[\s\S]*?<button type="submit" class="button danger">/, 'the decide button looks different');
  assert.match(page.text, /<form[^>]*id="form-extend">[\s\S]*?<button type="submit" class="button">/, 'an ordinary step does not');
  const t = today();
  const fields = { decision: 'full', decided_on: t, method: ['view'], slot1: `${addDays(t, 7)}T10:00`, place: '窓口',
    purpose: '住民基本台帳の事務' };
  const ask = await act(jar, req.id, 'decide', fields);
  assert.equal(ask.status, 200);
  assert.match(ask.text, /id="confirm-what" data-action="decide"/);
  assert.match(ask.text, /id="confirm-to">確認 花子/);
  assert.match(ask.text, /id="confirm-decision">全部開示</);
  assert.match(ask.text, /取り消せません/);
  assert.equal(show(req.id).state, 'reviewing', 'nothing done before the confirmation');
  const back = await act(jar, req.id, 'decide', { ...fields, confirm: '2' });
  assert.equal(back.status, 200);
  assert.match(back.text, /<option value="full" selected>/, 'back keeps the form');
  assert.match(back.text, /id="decide-m-view" name="method" value="view" checked/);
  assert.equal(show(req.id).state, 'reviewing');
  const done = await act(jar, req.id, 'decide', { ...fields, confirm: '1' });
  assert.equal(done.status, 303);
  assert.equal(show(req.id).state, 'decided');
});

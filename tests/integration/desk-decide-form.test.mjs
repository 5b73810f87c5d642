// The desk's decision form (issue 23 item 16): no decision is chosen in
// advance, and a refused decision comes back with everything entered, so
// that a clerk who sends it again never issues a decision nobody chose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, enter, loginJar, ok, refused, show, staff, today } from './desk-lib.mjs';

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
    reason: '理由の下書き',
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
  assert.equal(show(req.id).state, 'reviewing', 'nothing decided');

  // the ticked methods come back ticked
  const r2 = await refused(jar, req.id, 'decide', { decision: '', method: ['copy'] }, 422, 'invalid');
  assert.match(r2.text, /id="decide-m-copy" name="method" value="copy" checked/);
  assert.doesNotMatch(r2.text, /id="decide-m-view" name="method" value="view" checked/);
  assert.doesNotMatch(r2.text, /<option value="full" selected>/);
});

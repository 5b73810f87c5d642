// The case page's history in words (issue 19): every event's time in
// Japan time as people read it, the clerk's name, what happened and its data
// as labelled values from the language files; never a raw key, an ISO date
// or JSON, in Japanese and in English.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { htmlUnescape } from './lib.mjs';
import { addDays, ctl, enter, loginJar, ok, staff, today } from './desk-lib.mjs';

const clerk = staff('clerk', ['mayor'], 'timeline');
const t = today();

// The history table's rows as [time, event, visible, actor, detail] texts.
function history(html) {
  const table = /<table id="events">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
  return [...table.matchAll(/<tr data-kind="([a-z_]+)">([\s\S]*?)<\/tr>/g)].map((m) => ({
    kind: m[1],
    cells: [...m[2].matchAll(/<td>([\s\S]*?)<\/td>/g)]
      .map((c) => htmlUnescape(c[1].replace(/<[^>]+>/g, '')).trim()),
  }));
}

function jaDay(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  const w = '日月火水木金土'[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
  return `${y}年${m}月${d}日（${w}）`;
}

test('the history says what happened in words: dates, names, decisions, slots, fees', async () => {
  const req = enter({ channel: 'mail' });
  const jar = await loginJar(clerk);
  await ok(jar, req.id, 'review');
  await ok(jar, req.id, 'amend', { what: '対象の年度を記入してください', from_on: t, answer_by: addDays(t, 14) });
  await ok(jar, req.id, 'amended', { on: t });
  const slot = `${addDays(t, 9)}T10:00`;
  await ok(jar, req.id, 'decide', {
    decision: 'partial', decided_on: t, method: ['view', 'copy'], slot1: slot, place: '市民相談課',
    purpose: '介護保険の資格管理及び保険給付',
    part1: '第三者の氏名', ground1: 'third_person', explanation1: '個人を識別できるため',
  });
  await ok(jar, req.id, 'fee', { mono: '3' });

  const page = await jar.get(`/kaiji/desk/case/${req.id}`);
  assert.equal(page.status, 200);
  const rows = history(page.text);
  assert.deepEqual(rows.map((r) => r.kind).slice(0, 3), ['received', 'reviewing', 'amend_requested']);
  const text = rows.map((r) => r.cells.join(' | ')).join('\n');
  for (const raw of ['_on:', '_on', '[', '{', '"', 'staff:', 'T10:00', t])
    assert.ok(!text.includes(raw), `no raw ${raw} in the history:\n${text}`);
  assert.match(rows[0].cells[0], /^\d{4}年\d{1,2}月\d{1,2}日（.）\d{1,2}時\d{1,2}分$/, 'the time in Japan time');
  const byKind = Object.fromEntries(rows.map((r) => [r.kind, r]));
  assert.equal(byKind.reviewing.cells[3], 'Test clerk', 'the clerk by name');
  assert.equal(byKind.amend_requested.cells[1], '補正の依頼');
  assert.match(byKind.amend_requested.cells[4], /補正を求める事項：対象の年度を記入してください/);
  assert.ok(byKind.decided.cells[4].includes(`決定日：${jaDay(t)}`), byKind.decided.cells[4]);
  assert.match(byKind.decided.cells[4], /決定：部分開示/);
  assert.match(byKind.decided.cells[4], /利用目的：介護保険の資格管理及び保険給付/);
  assert.ok(byKind.amend_requested.cells[4].includes(`回答期限：${jaDay(addDays(t, 14))}`), byKind.amend_requested.cells[4]);
  assert.match(byKind.decided.cells[4], /実施の方法：閲覧・視聴、写しの交付（窓口）/);
  assert.match(byKind.offer_made.cells[4], new RegExp(`提示した日時：${jaDay(slot.slice(0, 10)).replace(/[()（）]/g, '.')}10時0?0分`));
  assert.match(byKind.fee_set.cells[4], /金額：\d+円/);
  assert.match(byKind.received.cells[4], /受付方法：郵送/);

  const en = await jar.get(`/kaiji/desk/case/${req.id}?lang=en`);
  const enText = history(en.text).map((r) => r.cells.join(' | ')).join('\n');
  assert.match(enText, /Decision:\s(Partial|Partly)/i);
  for (const raw of ['_on', '[', '{', 'staff:', t])
    assert.ok(!enText.includes(raw), `no raw ${raw} in the English history:\n${enText}`);
});

test('a step taken with kaijictl without a login shows システム as its actor, not a raw word', async () => {
  const req = enter();
  ctl(['case', 'review', String(req.id)]);
  const jar = await loginJar(clerk);
  const page = await jar.get(`/kaiji/desk/case/${req.id}`);
  const rows = history(page.text);
  assert.equal(rows.find((r) => r.kind === 'reviewing').cells[3], 'システム');
  assert.equal(rows.find((r) => r.kind === 'received').cells[3], '職員', 'keyed in by staff');
});

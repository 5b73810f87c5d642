// The desk's steps as 個人情報の保護に関する法律 puts them (issue 14), one
// test per article, through the real desk program (the stack's profile,
// Yamagata: a 市 under the law).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addDays, closedDays, ctl, enter, loginJar, ok, refused, show, sql, sqlWrite, staff, statusPage, today,
} from './desk-lib.mjs';
import { q } from './db.mjs';

const clerk = staff('clerk', ['mayor'], 'law');
const t = today();

test('法78①: a 市 is offered 7号イ・ロ, never 4号・5号; -bad- 4号 posted is refused', async () => {
  const req = enter({ received: addDays(t, -2) });
  const jar = await loginJar(clerk);
  const page = await jar.get(`/kaiji/desk/case/${req.id}`);
  assert.match(page.text, /<option value="security_local">法78条1項7号イ/);
  assert.match(page.text, /<option value="public_safety_local">法78条1項7号ロ/);
  assert.doesNotMatch(page.text, /<option value="security">/);
  assert.doesNotMatch(page.text, /<option value="public_safety">/);
  await refused(jar, req.id, 'decide', {
    decision: 'none', decided_on: t, part1: '警備の計画', ground1: 'security', explanation1: 'x',
  }, 422, 'invalid');
  await ok(jar, req.id, 'decide', {
    decision: 'none', decided_on: t, part1: '警備の計画', ground1: 'public_safety_local', explanation1: '犯罪の予防に支障',
  });
  const n = await jar.get(`/kaiji/desk/case/${req.id}/notice/nondisclosure`);
  assert.equal(n.status, 200);
  assert.match(n.text, /法78条1項7号ロ/);
});

test('法77③: 補正 with the date to answer by, on the notice and the status page; overdue ones listed on the inbox', async () => {
  const received = addDays(t, -10);
  const req = enter({ received });
  const jar = await loginJar(clerk);
  await refused(jar, req.id, 'amend', { what: '氏名の記載', from_on: addDays(received, 1), answer_by: addDays(received, 1) },
    422, 'invalid');
  await ok(jar, req.id, 'amend', { what: '氏名の記載', from_on: addDays(received, 1), answer_by: addDays(received, 3) });
  const ev = show(req.id).events.find((e) => e.kind === 'amend_requested');
  assert.equal(ev.data.answer_by, addDays(received, 3));
  const notice = await jar.get(`/kaiji/desk/case/${req.id}/notice/amend`);
  assert.match(notice.text, /補正の期限/);
  assert.match(notice.text, /第77条第3項/);
  assert.doesNotMatch(notice.text, new RegExp(addDays(received, 3)), 'the date in 和暦, not ISO');
  const status = await statusPage(req.ref, req.code);
  assert.match(status.text, /id="amend-by"/);
  const inbox = await jar.get('/kaiji/desk/');
  assert.match(inbox.text, new RegExp(`id="amend-overdue"[\\s\\S]*data-amend-ref="${req.ref}"`));

  const fresh = enter({ received: t });
  await ok(jar, fresh.id, 'amend', { what: '押印', from_on: t, answer_by: addDays(t, 14) });
  const again = await jar.get('/kaiji/desk/');
  assert.doesNotMatch(again.text, new RegExp(`<li data-amend-ref="${fresh.ref}"`), '-bad- not overdue before its date');
});

test('法95: a 訂正 special case is one date, worded as 法95, never 法84', async () => {
  const req = enter({ kind: 'correction', received: t });
  const jar = await loginJar(clerk);
  const due = show(req.id).due_on;
  const form = await jar.get(`/kaiji/desk/case/${req.id}`);
  assert.match(form.text, /法95条/, 'the desk says which article the step follows');
  assert.doesNotMatch(form.text, /法84条/);
  await refused(jar, req.id, 'special', { rest_by: due, reason: '調査' }, 422, 'invalid');
  await ok(jar, req.id, 'special', { rest_by: addDays(due, 60), reason: '関係機関への照会に長期間を要する' });
  assert.equal(show(req.id).due_on, addDays(due, 60));
  const n = await jar.get(`/kaiji/desk/case/${req.id}/notice/special`);
  assert.equal(n.status, 200);
  assert.match(n.text, /第95条/);
  assert.doesNotMatch(n.text, /第84条|相当の部分/);
});

test('法82①: the 開示決定通知書 states the 利用目的 (pre-filled from the register entry) and the unit costs while no fee is set; -bad- a disclosure without it', async () => {
  let entry = sql("SELECT id, purpose FROM register_entry WHERE agency_id = 'mayor' AND purpose <> '' LIMIT 1")[0];
  if (!entry) {
    sqlWrite("INSERT INTO register_entry (name, agency_id, purpose, updated_at) VALUES ('試験ファイル', 'mayor', '試験事務の遂行', '2026-01-01T00:00:00Z')");
    entry = sql("SELECT id, purpose FROM register_entry WHERE name = '試験ファイル' LIMIT 1")[0];
  }
  const req = enter({ received: t });
  const data = JSON.parse(sql(`SELECT data FROM request WHERE id = ${req.id}`)[0].data);
  sqlWrite(`UPDATE request SET data = ${q(JSON.stringify({ ...data, file_id: entry.id }))} WHERE id = ${req.id}`);
  const jar = await loginJar(clerk);
  const page = await jar.get(`/kaiji/desk/case/${req.id}`);
  const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/&/g, '&amp;');
  assert.match(page.text, new RegExp(`<textarea id="decide-purpose" name="purpose"[^>]*>${esc(entry.purpose)}</textarea>`),
    'pre-filled from the register entry');
  await refused(jar, req.id, 'decide', { decision: 'full', decided_on: t, method: 'copy', purpose: ' ' }, 422, 'invalid');
  await ok(jar, req.id, 'decide', { decision: 'full', decided_on: t, method: 'copy', purpose: '住民の居住関係の公証' });
  assert.equal(show(req.id).events.find((e) => e.kind === 'decided').data.purpose, '住民の居住関係の公証');
  const n = await jar.get(`/kaiji/desk/case/${req.id}/notice/disclosure`);
  assert.match(n.text, /<td id="purpose">住民の居住関係の公証<\/td>/);
  assert.match(n.text, /1枚につき10円/, 'the unit cost from the profile while no fee is set');
  assert.match(n.text, /郵便料金（実費）/);
  assert.match(n.text, /第82条第1項/);
  // a fee waived (0 yen) is a fee set: the notice says 0 yen, not that
  // the cost will follow from the unit costs
  await ok(jar, req.id, 'fee', { mono_pages: '0', postage_yen: '0' });
  assert.equal(sql(`SELECT state, amount_yen FROM fee WHERE request_id = ${req.id}`)[0].state, 'waived');
  const w = await jar.get(`/kaiji/desk/case/${req.id}/notice/disclosure`);
  assert.match(w.text, /<td id="fee">0 円<\/td>/, '-bad- a waived fee is not the unit costs');
  assert.doesNotMatch(w.text, /1枚につき10円/);
});

test('法105①: 棄却 needs the 審査会, the desk says so; 取下げ recorded; 不作為 appealed without a decision', async () => {
  const jar = await loginJar(clerk);
  const req = enter({ received: addDays(t, -3) });
  await ok(jar, req.id, 'decide', { decision: 'none', decided_on: t, part1: '全部', ground1: 'operations', explanation1: '支障' });
  await ok(jar, req.id, 'appeal', { on: t });
  const appeal = sql(`SELECT id FROM appeal WHERE request_id = ${req.id}`)[0].id;
  const page = await jar.get(`/kaiji/desk/case/${req.id}`);
  assert.match(page.text, /法105条1項/, 'the desk says which rulings need the 審査会');
  await refused(jar, req.id, 'appeal_ruled', { appeal: String(appeal), outcome: 'rejected', on: t }, 409, 'council');
  await ok(jar, req.id, 'appeal_ruled', { appeal: String(appeal), outcome: 'withdrawn', on: t });
  assert.equal(sql(`SELECT outcome FROM appeal WHERE id = ${appeal}`)[0].outcome, 'withdrawn');

  const late = enter({ received: addDays(t, -60) });
  const lp = await jar.get(`/kaiji/desk/case/${late.id}`);
  assert.match(lp.text, /行政不服審査法3条/);
  await ok(jar, late.id, 'appeal', { on: t });
  const ev = show(late.id).events.find((e) => e.kind === 'appeal_received');
  assert.equal(ev.data.against, 'inaction');
});

test('法87③: the 申出 window counts from the day the notice arrived; a paper 申出 after it only with 正当な理由', async () => {
  const jar = await loginJar(clerk);
  const req = enter({ received: addDays(t, -60) });
  await ok(jar, req.id, 'decide', { decision: 'full', decided_on: addDays(t, -50), purpose: '事務', method: 'mail' });
  await refused(jar, req.id, 'notice_sent', { how: 'mail', sent_at: addDays(t, -49) }, 422, 'invalid');
  await ok(jar, req.id, 'notice_sent', { how: 'mail', sent_at: addDays(t, -49), arrived_on: addDays(t, -47) });
  const page = await jar.get(`/kaiji/desk/case/${req.id}`);
  assert.match(page.text, /通知が到達した日から/);
  assert.match(page.text, /id="case-offer-from"/);
  await refused(jar, req.id, 'offer_paper', { delivery: 'mail', on: t }, 409, 'late');
  await ok(jar, req.id, 'offer_paper', { delivery: 'mail', on: t, reason: '入院していたため' });
  const ev = show(req.id).events.find((e) => e.kind === 'delivery_chosen');
  assert.equal(ev.data.late_reason, '入院していたため');
  assert.equal(ev.data.paper, true);
});

test('法86③: after an objection no slot inside the two weeks is offered; the third party gets the notice', async () => {
  const jar = await loginJar(clerk);
  const req = enter({ received: addDays(t, -5) });
  await ok(jar, req.id, 'consult', { name: '乙株式会社', sent_on: addDays(t, -4), answer_due_on: addDays(t, -1) });
  const tp = sql(`SELECT id FROM third_party WHERE request_id = ${req.id}`)[0].id;
  await ok(jar, req.id, 'answer', { tp: String(tp), on: addDays(t, -2), objects: '1' });
  await refused(jar, req.id, 'decide', {
    decision: 'full', decided_on: t, purpose: '事務', method: 'view', slot1: `${addDays(t, 14)}T10:00`, place: '窓口',
  }, 409, 'wait');
  await ok(jar, req.id, 'decide', {
    decision: 'full', decided_on: t, purpose: '事務', method: 'view', slot1: `${addDays(t, 15)}T10:00`, place: '窓口',
    reason: '公益上特に必要があるため',
  });
  const n = await jar.get(`/kaiji/desk/case/${req.id}/notice/tp_decided?tp=${tp}`);
  assert.equal(n.status, 200);
  assert.match(n.text, /第86条第3項/);
  assert.match(n.text, /<td id="tp-reason">公益上特に必要があるため<\/td>/);
  assert.match(n.text, /乙株式会社/);
});

test('法85: 移送 to another agency keeps the day of receipt and the due date; the requester gets the notice', async () => {
  const both = staff('clerk', ['mayor', 'board_of_education'], 'law85');
  const jar = await loginJar(both);
  const req = enter({ received: addDays(t, -1) });
  const before = show(req.id);
  await refused(jar, req.id, 'transfer', { agency: 'board_of_education', reason: '' }, 422, 'invalid');
  await ok(jar, req.id, 'transfer', { agency: 'board_of_education', reason: '教育委員会が取得した情報のため' });
  const after = show(req.id);
  assert.equal(after.agency, 'board_of_education');
  assert.equal(after.due_on, before.due_on);
  assert.equal(after.received_on, before.received_on);
  const n = await jar.get(`/kaiji/desk/case/${req.id}/notice/transfer`);
  assert.equal(n.status, 200);
  assert.match(n.text, /第85条第1項/);
  assert.match(n.text, /<td id="transfer-to">山形市教育委員会<\/td>/);
});

// 運用状況: the count of one measure of `kaijictl stats FY` for the mayor's
// disclosure requests (docs/data.md).
function statsCount(fy, measure) {
  const line = ctl(['stats', String(fy)]).split('\n').find((l) => l.startsWith(`${fy},mayor,disclosure,${measure},`));
  return line ? Number(line.split(',')[4]) : 0;
}

test('法84: after the 相当の部分 the case stays open for the rest, due on its own date in the inbox; the rest decided with its own notice, both on the status page and in the statistics', async () => {
  const jar = await loginJar(clerk);
  const req = enter({ received: t });
  const restBy = addDays(t, 120);
  await ok(jar, req.id, 'special', { rest_by: restBy, reason: '著しく大量のため' });
  // the 相当の部分 withheld (不開示: nothing left to deliver, so only the
  // rest keeps the case open)
  await ok(jar, req.id, 'decide', {
    decision: 'none', decided_on: t, part1: '第三者の氏名', ground1: 'third_person', explanation1: '第三者の個人情報',
  });
  // the part is decided; the rest is still open, due on rest_by
  let page = await jar.get(`/kaiji/desk/case/${req.id}`);
  assert.match(page.text, /id="form-decide_rest"/, 'a second decision step for the rest');
  assert.doesNotMatch(page.text, /id="form-close"/, '-bad- not closed while the rest waits');
  await refused(jar, req.id, 'close', {}, 409, 'state');
  const inbox = await jar.get(`/kaiji/desk/?q=${req.ref}`);
  const row = new RegExp(`<tr[^>]*data-ref="${req.ref}">[\\s\\S]*?</tr>`).exec(inbox.text)?.[0];
  assert.ok(row, 'the case is in the open inbox');
  assert.match(row, new RegExp(`<time datetime="${restBy}">`), 'due on the rest\'s date');
  const closed = closedDays(addDays(t, 1), restBy);
  let left = 0;
  for (let d = addDays(t, 1); d <= restBy; d = addDays(d, 1)) if (!closed.has(d)) left++;
  assert.match(row, new RegExp(`<td class="num">[^<0-9]*${left}[^<0-9]*</td>`), `${left} open days left`);
  assert.match(row, /class="next-rest">残りの部分の決定</);
  let status = await statusPage(req.ref, req.code);
  assert.match(status.text, /id="rest-pending"/, 'the citizen sees the rest is still to come');

  const fy = Number(t.slice(0, 4)) - (Number(t.slice(5, 7)) < 4 ? 1 : 0);
  const before = statsCount(fy, 'special_rest_partial');
  const rest = {
    decision: 'partial', decided_on: t, method: 'copy', purpose: '住民の居住関係の公証',
    part1: '残りの文書の一部', ground1: 'operations', explanation1: '事務の遂行に支障',
  };
  await refused(jar, req.id, 'decide_rest', { ...rest, decided_on: addDays(t, -1) }, 422, 'invalid');
  await refused(jar, req.id, 'decide_rest', { ...rest, purpose: ' ' }, 422, 'invalid');
  await ok(jar, req.id, 'decide_rest', rest);
  const s = show(req.id);
  assert.equal(s.decision, 'none', 'the part keeps its decision');
  const ev = s.events.find((e) => e.kind === 'rest_decided');
  assert.equal(ev.data.decision, 'partial');
  assert.equal(ev.data.purpose, '住民の居住関係の公証');
  assert.ok(ev.visible);
  const n = await jar.get(`/kaiji/desk/case/${req.id}/notice/disclosure_rest`);
  assert.equal(n.status, 200);
  assert.match(n.text, /id="rest-note"/);
  assert.match(n.text, /<td id="purpose">住民の居住関係の公証<\/td>/);
  assert.match(n.text, /残りの文書の一部/);
  assert.doesNotMatch(n.text, /第三者の氏名/, 'the rest\'s grounds, not the part\'s');
  assert.match(n.text, /第82条第1項/);
  const part = await jar.get(`/kaiji/desk/case/${req.id}/notice/nondisclosure`);
  assert.equal(part.status, 200);
  assert.doesNotMatch(part.text, /残りの文書の一部|id="rest-note"/, 'the part\'s notice keeps its own grounds');
  page = await jar.get(`/kaiji/desk/case/${req.id}`);
  assert.doesNotMatch(page.text, /id="form-decide_rest"/, 'decided once');
  assert.match(page.text, /id="case-rest-decision" data-decision="partial"/, 'the case page shows the rest\'s decision');
  assert.match(page.text, /data-kind="disclosure_rest"|notice\/disclosure_rest"/, 'its notice offered');
  const again = await jar.get(`/kaiji/desk/?q=${req.ref}`);
  assert.doesNotMatch(again.text, /class="next-rest"/);

  status = await statusPage(req.ref, req.code);
  assert.match(status.text, /id="decision-kind" data-decision="none"/);
  assert.match(status.text, /id="rest-kind" data-decision="partial"/);
  assert.match(status.text, /id="rest-date">[^<]+</);
  assert.doesNotMatch(status.text, new RegExp(`id="rest-date">${t}`), 'the date as people write it');
  assert.equal(statsCount(fy, 'special_rest_partial'), before + 1);
});

test('法97: after the 訂正 is carried out, a letter to each recipient recorded, addressed to it; -bad- before, or another event', async () => {
  const jar = await loginJar(clerk);
  const req = enter({ kind: 'correction', received: t });
  await ok(jar, req.id, 'decide', { decision: 'correct', decided_on: t });
  await refused(jar, req.id, 'correction_notified', { name: '山形県税務課', on: t }, 409, 'state');
  await ok(jar, req.id, 'carry_out', { on: t });
  await ok(jar, req.id, 'correction_notified', { name: '山形県税務課', on: t });
  await ok(jar, req.id, 'correction_notified', { name: '山形市水道部', on: t });
  const evs = sql(`SELECT id FROM event WHERE request_id = ${req.id} AND kind = 'correction_notified' ORDER BY id`).map((e) => e.id);
  assert.equal(evs.length, 2);
  const page = await jar.get(`/kaiji/desk/case/${req.id}`);
  for (const id of evs) assert.match(page.text, new RegExp(`data-provided="${id}"><a href="/kaiji/desk/case/${req.id}/notice/provided\\?ev=${id}"`));
  const n = await jar.get(`/kaiji/desk/case/${req.id}/notice/provided?ev=${evs[1]}`);
  assert.equal(n.status, 200);
  assert.match(n.text, /<p class="addressee">山形市水道部 様<\/p>/);
  assert.match(n.text, /第97条/);
  assert.match(n.text, /id="carried-on">令和/, 'the day it was carried out, in 和暦');
  assert.doesNotMatch(n.text, /山形県税務課/, 'one letter per recipient');
  const other = sql(`SELECT id FROM event WHERE request_id = ${req.id} AND kind = 'carried_out'`)[0].id;
  assert.equal((await jar.get(`/kaiji/desk/case/${req.id}/notice/provided?ev=${other}`)).status, 404);
  assert.equal((await jar.get(`/kaiji/desk/case/${req.id}/notice/provided`)).status, 404);
});

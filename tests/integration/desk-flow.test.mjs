// Requests driven through every path of the workflow by desk POSTs, with
// what the citizen sees checked after each step (the visible events; the
// status page too where the status program has it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cookieJar, formToken, get } from './lib.mjs';
import {
  act, addDays, citizenEvents, confirmed, citizenSees, ctl, enter, loginJar, ok, openOnOrAfter, refused, show, sql, staff, today,
} from './desk-lib.mjs';

const clerk = staff('clerk', ['mayor', 'board_of_education'], 'flow');
const t = today();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiji-desk-'));
const jpeg = path.join(tmp, 'id.jpg');
fs.writeFileSync(jpeg, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]));
const pdf = path.join(tmp, 'id.pdf');
fs.writeFileSync(pdf, '%PDF-1.4\n% test\n');

test('全部開示: review, identity, decision with methods and slots, fee, payment, delivery, close', async () => {
  const req = enter({ docs: [`drivers_license:image/jpeg:${jpeg}`, `resident_record:application/pdf:${pdf}`] });
  const jar = await loginJar(clerk);
  const docs = sql(`SELECT id, mime FROM document WHERE request_id = ${req.id} ORDER BY id`);

  const img = await jar.get(`/kaiji/desk/case/${req.id}/document/${docs[0].id}`);
  assert.equal(img.status, 200);
  assert.equal(img.headers['content-type'], 'image/jpeg');
  assert.equal(img.headers['content-disposition'], 'inline');
  assert.equal(img.headers['cache-control'], 'no-store');
  assert.equal(img.headers['x-content-type-options'], 'nosniff');
  assert.deepEqual([...img.body], [0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4], 'decrypted bytes');
  const doc = await jar.get(`/kaiji/desk/case/${req.id}/document/${docs[1].id}`);
  assert.equal(doc.headers['content-type'], 'application/pdf');
  assert.match(doc.headers['content-security-policy'], /\bsandbox\b/);
  assert.equal((await jar.get(`/kaiji/desk/case/${req.id}/document/999999`)).status, 404);
  const vault = fs.readdirSync(path.join(process.env.KAIJI_VAR, 'vault'));
  for (const f of vault) {
    assert.ok(!fs.readFileSync(path.join(process.env.KAIJI_VAR, 'vault', f)).includes('%PDF-1.4'), 'no plaintext in the vault');
  }

  await ok(jar, req.id, 'review');
  await citizenSees(req, ['received', 'reviewing']);
  await ok(jar, req.id, 'identity', { doc: [String(docs[0].id)], note: '窓口で原本確認' });
  const checked = show(req.id).events.find((e) => e.kind === 'identity_checked');
  assert.deepEqual(checked.data.documents, [docs[0].id]);
  assert.equal(checked.visible, false, 'the identity check is not shown to the citizen');
  assert.match(checked.actor, /^staff:\d+$/);

  await refused(jar, req.id, 'decide', { decision: 'full' }, 422, 'invalid'); // no method
  await ok(jar, req.id, 'decide', {
    decision: 'full', decided_on: t, purpose: '住民基本台帳事務', method: ['view', 'copy'], slot1: `${addDays(t, 7)}T10:00`,
    slot2: `${addDays(t, 8)}T14:30`, place: '市民相談課',
    // typed before the choice changed to 全部開示; the form hides it
    part1: '第三者の氏名', ground1: 'third_person', explanation1: '—',
  });
  let s = show(req.id);
  assert.equal(s.state, 'decided');
  assert.equal(s.decision, 'full');
  assert.equal(sql(`SELECT COUNT(*) AS n FROM decision_reason WHERE request_id = ${req.id}`)[0].n, 0,
    '-bad- a 全部開示 keeps no withheld part (法78, 82)');
  assert.equal(sql(`SELECT COUNT(*) AS n FROM offer_slot WHERE request_id = ${req.id}`)[0].n, 2);
  await citizenSees(req, ['received', 'reviewing', 'decided', 'offer_made']);
  // 法87③: 30 days from the decision, past closed days, shown to staff.
  const offerEnd = openOnOrAfter(addDays(t, 30));
  assert.match((await jar.get(`/kaiji/desk/case/${req.id}`)).text, new RegExp(`id="case-offer-until"><time datetime="${offerEnd}">令和`));

  await ok(jar, req.id, 'fee', { mono_pages: '12', colour_pages: '2', media_item1: 'cdr', media_units1: '1', postage_yen: '140' });
  s = show(req.id);
  assert.equal(s.fee.amount_yen, 12 * 10 + 2 * 20 + 100 + 140, 'the amount from the profile\'s table');
  assert.equal(s.fee.state, 'due');
  await citizenSees(req, ['decided', 'fee_set']);
  await refused(jar, req.id, 'deliver', { delivery: 'counter', on: t }, 409, 'unpaid');
  await refused(jar, req.id, 'pay', { via: 'counter', amount: '100' }, 422, 'amount');
  await refused(jar, req.id, 'pay', { via: 'registered_mail', amount: '400' }, 422, 'invalid'); // not a method of this city
  await ok(jar, req.id, 'pay', { via: 'counter', amount: '400' });
  assert.equal(show(req.id).fee.state, 'paid');
  await citizenSees(req, ['fee_set', 'fee_paid']);
  await refused(jar, req.id, 'fee', { mono_pages: '1' }, 409, 'state'); // paid: the fee stays
  await ok(jar, req.id, 'deliver', { delivery: 'counter', on: t });
  assert.equal(show(req.id).state, 'delivered');
  await citizenSees(req, ['fee_paid', 'delivered']);
  await ok(jar, req.id, 'close');
  assert.equal(show(req.id).state, 'closed');
  await citizenSees(req, ['delivered', 'closed']);
  const audit = sql(`SELECT action FROM audit WHERE target = '${req.ref}' ORDER BY id`).map((a) => a.action);
  for (const a of ['case.review', 'case.identity', 'case.decide', 'case.fee', 'case.pay', 'case.deliver', 'case.close']) {
    assert.ok(audit.includes(a), `audited: ${a}`);
  }
  assert.ok(sql(`SELECT COUNT(*) AS n FROM audit WHERE action = 'document_viewed' AND target LIKE '${req.ref}#%'`)[0].n >= 2);
  const page = await jar.get(`/kaiji/desk/case/${req.id}`);
  assert.match(page.text, /本人確認書類の消去予定日： \d{4}-\d{2}-\d{2}/, 'the case page says when documents go');
});

test('補正: the clock stops while the requester fixes the request; -bad- out of order', async () => {
  const received = addDays(t, -10);
  const req = enter({ received });
  const jar = await loginJar(clerk);
  const before = show(req.id).due_on;
  await refused(jar, req.id, 'amended', { on: t }, 409, 'state');
  await refused(jar, req.id, 'amend', { what: '' }, 422, 'invalid');
  await refused(jar, req.id, 'amend', { what: '請求する個人情報を特定してください', from_on: addDays(received, 2) },
    422, 'invalid'); // 法77③: without the period for the answer
  await ok(jar, req.id, 'amend', { what: '請求する個人情報を特定してください', from_on: addDays(received, 2),
    answer_by: addDays(received, 16) });
  assert.equal(show(req.id).state, 'amending');
  await citizenSees(req, ['received', 'amend_requested']);
  await refused(jar, req.id, 'decide', { decision: 'full', method: 'view' }, 409, 'state');
  await ok(jar, req.id, 'amended', { on: addDays(received, 7) });
  const s = show(req.id);
  assert.equal(s.state, 'reviewing');
  const amended = s.events.find((e) => e.kind === 'amended');
  assert.equal(amended.data.previous_due_on, before);
  assert.equal(amended.data.on, addDays(received, 7));
  // Five days not counted (法77③): due as for a request received five days
  // later, rolled forward past closed days by the same calendar.
  const shifted = ctl(['calendar', 'due', addDays(received, 5), 'disclosure']).trim();
  assert.equal(s.due_on, shifted, `five days not counted: ${before} → ${s.due_on}`);
  await citizenSees(req, ['amend_requested', 'amended', 'reviewing']);
  const notice = await jar.get(`/kaiji/desk/case/${req.id}/notice/amend`);
  assert.equal(notice.status, 200);
  assert.match(notice.text, /補正/);
});

test('extension: reason and date within the limit and while the period runs; -bad- beyond, late', async () => {
  const req = enter({});
  const jar = await loginJar(clerk);
  const due = show(req.id).due_on;
  await refused(jar, req.id, 'extend', { new_due: addDays(due, 10) }, 422, 'invalid'); // no reason
  await refused(jar, req.id, 'extend', { new_due: addDays(due, 45), reason: '大量' }, 409, 'limit');
  await refused(jar, req.id, 'extend', { new_due: due, reason: '大量' }, 422, 'invalid');
  await ok(jar, req.id, 'extend', { new_due: addDays(due, 10), reason: '対象文書が大量のため' });
  const s = show(req.id);
  assert.equal(s.due_on, addDays(due, 10));
  const ev = s.events.find((e) => e.kind === 'extended');
  assert.deepEqual([ev.data.previous_due_on, ev.data.due_on, ev.data.reason], [due, addDays(due, 10), '対象文書が大量のため']);
  await citizenSees(req, ['received', 'extended']);
  const notice = await jar.get(`/kaiji/desk/case/${req.id}/notice/extension`);
  assert.match(notice.text, /対象文書が大量のため/);

  const old = enter({ received: addDays(t, -40) });
  await refused(jar, old.id, 'extend', { new_due: addDays(t, 5), reason: '遅い' }, 409, 'late');
  assert.ok(!citizenEvents(old.id).includes('extended'));
});

test('法84 special case: the part within 60 days and the date for the rest; -bad- rest before part, late', async () => {
  const req = enter({});
  const jar = await loginJar(clerk);
  await refused(jar, req.id, 'special', { rest_by: addDays(t, 30), reason: '大量' }, 422, 'invalid');
  await ok(jar, req.id, 'special', { rest_by: addDays(t, 120), reason: '著しく大量のため' });
  const s = show(req.id);
  const ev = s.events.find((e) => e.kind === 'special_case');
  assert.equal(ev.data.rest_by, addDays(t, 120));
  assert.ok(ev.data.part_by >= addDays(t, 60), `part by ${ev.data.part_by}`);
  assert.equal(s.due_on, ev.data.part_by);
  await citizenSees(req, ['received', 'special_case']);
  await refused(jar, req.id, 'extend', { new_due: addDays(s.due_on, 5), reason: 'x' }, 409, 'state');
  const old = enter({ received: addDays(t, -30) });
  await refused(jar, old.id, 'special', { rest_by: addDays(t, 120), reason: 'x' }, 409, 'late');
});

test('第三者意見照会: the decision waits for the answer; after an objection disclosure waits 2 weeks (法86③)', async () => {
  const req = enter({ received: addDays(t, -3) });
  const jar = await loginJar(clerk);
  await ok(jar, req.id, 'consult', { name: '株式会社テスト', sent_on: addDays(t, -2), answer_due_on: addDays(t, 7) });
  assert.equal(show(req.id).state, 'consulting');
  assert.ok(!citizenEvents(req.id).includes('consult_sent'), 'the third party is not shown to the requester');
  await refused(jar, req.id, 'decide', { decision: 'full', method: 'view' }, 409, 'wait');
  const tp = sql(`SELECT id FROM third_party WHERE request_id = ${req.id}`)[0].id;
  await ok(jar, req.id, 'answer', { tp: String(tp), on: t, objects: '1' });
  assert.equal(show(req.id).state, 'reviewing');
  await ok(jar, req.id, 'decide', {
    decision: 'partial', purpose: '住民基本台帳事務', method: 'view', part1: '第三者の氏名', ground1: 'third_person',
    explanation1: '開示請求者以外の個人に関する情報であるため',
  });
  await citizenSees(req, ['received', 'decided']);
  const earliest = addDays(t, 15);
  const page = await jar.get(`/kaiji/desk/case/${req.id}`);
  assert.match(page.text, new RegExp(`id="case-earliest"><time datetime="${earliest}">令和`));
  await refused(jar, req.id, 'deliver', { delivery: 'counter', on: t }, 409, 'wait');
  assert.equal(show(req.id).state, 'decided');
  const letter = await jar.get(`/kaiji/desk/case/${req.id}/notice/consult?tp=${tp}`);
  assert.equal(letter.status, 200);
  assert.match(letter.text, /株式会社テスト/);

  const old = enter({ received: addDays(t, -30) });
  await ok(jar, old.id, 'consult', { name: '第三者', sent_on: addDays(t, -28), answer_due_on: addDays(t, -20) });
  const tp2 = sql(`SELECT id FROM third_party WHERE request_id = ${old.id}`)[0].id;
  await ok(jar, old.id, 'answer', { tp: String(tp2), on: addDays(t, -21), objects: '1' });
  await ok(jar, old.id, 'decide', {
    decision: 'partial', decided_on: addDays(t, -15), purpose: '税務事務', method: 'view', part1: '一部', ground1: 'corporate',
  });
  await ok(jar, old.id, 'deliver', { delivery: 'counter', on: t });
  await citizenSees(old, ['decided', 'delivered']);
});

test('不開示, 存否応答拒否, 不存在: each withheld part cites its ground; appeal, 諮問, 答申, 裁決', async () => {
  const jar = await loginJar(clerk);
  const none = enter({});
  await refused(jar, none.id, 'decide', { decision: 'none' }, 422, 'invalid');
  await refused(jar, none.id, 'decide', { decision: 'none', part1: '全部', ground1: 'nonsense' }, 422, 'invalid');
  await ok(jar, none.id, 'decide', { decision: 'none', part1: '全部', ground1: 'operations', explanation1: '事務に支障' });
  assert.deepEqual(sql(`SELECT part, ground FROM decision_reason WHERE request_id = ${none.id}`),
    [{ part: '全部', ground: 'operations' }]);
  await refused(jar, none.id, 'deliver', { delivery: 'counter' }, 409, 'state');
  await refused(jar, none.id, 'fee', { mono_pages: '1' }, 409, 'state');
  const n = await jar.get(`/kaiji/desk/case/${none.id}/notice/nondisclosure`);
  assert.match(n.text, /法78条1項7号/);
  await ok(jar, none.id, 'close');
  await citizenSees(none, ['decided', 'closed']);

  await ok(jar, none.id, 'appeal', { on: t });
  const appeal = sql(`SELECT id FROM appeal WHERE request_id = ${none.id}`)[0].id;
  await citizenSees(none, ['closed', 'appeal_received']);
  await refused(jar, none.id, 'appeal_answered', { appeal: String(appeal) }, 409, 'state');
  await ok(jar, none.id, 'appeal_consulted', { appeal: String(appeal), on: t });
  await refused(jar, none.id, 'appeal_ruled', { appeal: String(appeal), outcome: 'granted' }, 409, 'state');
  await ok(jar, none.id, 'appeal_answered', { appeal: String(appeal), on: t });
  await refused(jar, none.id, 'appeal_ruled', { appeal: String(appeal), outcome: 'maybe' }, 422, 'invalid');
  await ok(jar, none.id, 'appeal_ruled', { appeal: String(appeal), outcome: 'partly_granted', on: t });
  assert.equal(sql(`SELECT outcome FROM appeal WHERE id = ${appeal}`)[0].outcome, 'partly_granted');
  await citizenSees(none, ['appeal_received', 'appeal_consulted', 'appeal_answered', 'appeal_ruled']);

  const refuse = enter({});
  await ok(jar, refuse.id, 'decide', { decision: 'refuse_existence', part1: '存否', ground1: 'existence' });
  const r = await jar.get(`/kaiji/desk/case/${refuse.id}/notice/nondisclosure`);
  assert.match(r.text, /存否応答拒否|存否を明らかに/);
  const absent = enter({});
  await ok(jar, absent.id, 'decide', { decision: 'not_exist', part1: '請求の文書', ground1: 'not_held', explanation1: '作成していない' });
  assert.equal(show(absent.id).decision, 'not_exist');
});

test('withdrawal and dismissal; -bad- no step after them', async () => {
  const jar = await loginJar(clerk);
  const w = enter({});
  await ok(jar, w.id, 'withdraw', { on: t });
  assert.equal(show(w.id).state, 'withdrawn');
  await citizenSees(w, ['received', 'withdrawn']);
  await refused(jar, w.id, 'review', {}, 409, 'state');
  await refused(jar, w.id, 'appeal', {}, 409, 'state');
  const d = enter({});
  await refused(jar, d.id, 'dismiss', { reason: '' }, 422, 'invalid');
  await ok(jar, d.id, 'dismiss', { reason: '補正に応じなかったため' });
  const s = show(d.id);
  assert.deepEqual([s.state, s.decision], ['dismissed', 'dismissed']);
  await citizenSees(d, ['received', 'dismissed']);
  const viaDecide = enter({});
  await ok(jar, viaDecide.id, 'decide', { decision: 'dismissed', reason: '請求の要件を欠くため' });
  assert.equal(show(viaDecide.id).state, 'dismissed');
  const notice = await jar.get(`/kaiji/desk/case/${d.id}/notice/dismissal`);
  assert.match(notice.text, /補正に応じなかったため/);
});

test('訂正: decide to correct, carried out, notices; 利用停止: decide not to stop; -bad- wrong decisions', async () => {
  const jar = await loginJar(clerk);
  const c = enter({ kind: 'correction', agency: 'board_of_education' });
  await refused(jar, c.id, 'decide', { decision: 'full', method: 'view' }, 422, 'invalid');
  await ok(jar, c.id, 'decide', { decision: 'correct' });
  await refused(jar, c.id, 'close', {}, 409, 'state');
  await refused(jar, c.id, 'deliver', { delivery: 'mail' }, 409, 'state');
  await ok(jar, c.id, 'carry_out', { on: t });
  assert.equal(show(c.id).state, 'delivered');
  await citizenSees(c, ['received', 'decided', 'carried_out']);
  assert.equal((await jar.get(`/kaiji/desk/case/${c.id}/notice/correction`)).status, 200);
  assert.equal((await jar.get(`/kaiji/desk/case/${c.id}/notice/carried_out`)).status, 200);
  assert.equal((await jar.get(`/kaiji/desk/case/${c.id}/notice/disclosure`)).status, 404, 'no disclosure notice for a correction');

  const s = enter({ kind: 'suspension' });
  await refused(jar, s.id, 'decide', { decision: 'not_stop' }, 422, 'invalid');
  await ok(jar, s.id, 'decide', { decision: 'not_stop', part1: '利用停止の求め', ground1: 'other', explanation1: '適法に取り扱っているため' });
  await ok(jar, s.id, 'close');
  await citizenSees(s, ['decided', 'closed']);
  assert.equal((await jar.get(`/kaiji/desk/case/${s.id}/notice/suspension`)).status, 200);
});

test('a new access code is shown once; the old one stops working', async () => {
  const req = enter({});
  const jar = await loginJar(clerk);
  const citizen = cookieJar();
  const form = await citizen.get('/kaiji/status');
  assert.equal((await citizen.post('/kaiji/status', { csrf: formToken(form.text), ref: req.ref, code: req.code })).status, 303);
  assert.doesNotMatch((await citizen.get('/kaiji/status/view')).text, /id="lookup-expired"/);
  const r = await confirmed(jar, req.id, 'reissue');
  assert.match((await citizen.get('/kaiji/status/view')).text, /id="lookup-expired"/,
    '-bad- a browser signed in with the old code is signed out (issue 16 item 9)');
  assert.equal(r.status, 200);
  const code = /id="new-code">([A-Z0-9-]{14})</.exec(r.text)[1];
  assert.notEqual(code, req.code);
  const hash = sql(`SELECT code_hash FROM request WHERE id = ${req.id}`)[0].code_hash;
  assert.ok(!hash.includes(code));
  await citizenSees({ ...req, code }, ['received', 'code_reissued']);
  const page = await jar.get(`/kaiji/desk/case/${req.id}`);
  assert.doesNotMatch(page.text, new RegExp(code), 'the case page never shows a code');
});

test('-bad- an unknown step or case is 404; a malformed date is 422', async () => {
  const req = enter({});
  const jar = await loginJar(clerk);
  const r = await act(jar, req.id, 'explode');
  assert.equal(r.status, 404);
  assert.equal((await jar.get('/kaiji/desk/case/99999999')).status, 404);
  assert.equal((await jar.get('/kaiji/desk/case/abc')).status, 404);
  await refused(jar, req.id, 'withdraw', { on: '2026-02-30' }, 422, 'invalid');
  await refused(jar, req.id, 'withdraw', { on: addDays(t, 3) }, 422, 'invalid'); // not in the future
  assert.equal(show(req.id).state, 'received');
  assert.equal((await get(`/kaiji/desk/case/${req.id}`)).status, 303);
});

test('kaijictl case runs the same steps', () => {
  const req = enter({});
  ctl(['case', 'review', req.ref]);
  ctl(['case', 'decide', String(req.id), '--decision', 'partial', '--method', 'copy', '--withhold', '氏名|third_person|第三者の氏名']);
  assert.match(ctl(['case', 'fee', req.ref, '--mono', '3']), /^fee: 30$/m);
  ctl(['case', 'pay', req.ref, '--via', 'counter', '--amount', '30']);
  ctl(['case', 'deliver', req.ref, '--method', 'mail']);
  const s = show(req.id);
  assert.equal(s.state, 'delivered');
  assert.equal(s.events[0].kind, 'received');
  assert.equal(s.events[0].actor, 'staff', 'a paper request keyed in: the staff received it, not the citizen');
  assert.ok(s.events.slice(1).every((e) => e.actor === 'system'), 'the steps without --as are the system\'s');
});

test('kaijictl case enter --as LOGIN: the received event names that staff member', () => {
  const who = staff('clerk', ['mayor']);
  const [id] = ctl(['case', 'enter', '--kind', 'disclosure', '--agency', 'mayor', '--channel', 'mail',
    '--name', '郵送 次郎', '--as', who.login]).trim().split(' ');
  const first = show(Number(id)).events[0];
  assert.equal(first.kind, 'received');
  assert.match(first.actor, /^staff:\d+$/);
  assert.notEqual(first.actor, 'citizen');
  assert.throws(() => ctl(['case', 'enter', '--kind', 'disclosure', '--agency', 'mayor', '--channel', 'mail',
    '--name', '郵送 次郎', '--as', 'nobody-here']), '-bad- an unknown login is refused');
});

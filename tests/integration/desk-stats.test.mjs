// 運用状況 for a fiscal year: the CSV (page and kaijictl stats) equals the
// counts of the requests made here; identity documents are purged after
// the retention period.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { get } from './lib.mjs';
import { addDays, ctl, ctlResult, enter, loginJar, show, sql, sqlWrite, staff, today } from './desk-lib.mjs';
import { stamp } from './clock.mjs';

const admin = staff('admin', [], 'stats');

// Runs a step as if on that day (KAIJI_TODAY is the calendar's test hook).
function on(day, ...args) {
  return ctl(['case', ...args], { env: { KAIJI_TODAY: day } });
}

function fiscal2019() {
  const r = (kind, agency, channel, received) => enter({ kind, agency, channel, received });
  const full = r('disclosure', 'mayor', 'online', '2019-05-07');
  on('2019-05-10', 'decide', full.ref, '--decision', 'full', '--method', 'view', '--on', '2019-05-10');
  const partial = r('disclosure', 'mayor', 'online', '2019-06-03');
  const due = show(partial.id).due_on;
  on('2019-06-05', 'extend', partial.ref, '--due', addDays(due, 10), '--reason', '大量のため');
  on('2019-06-30', 'decide', partial.ref, '--decision', 'partial', '--method', 'copy', '--on', '2019-06-30',
    '--withhold', '氏名|third_person|第三者の氏名');
  const none = r('disclosure', 'mayor', 'counter', '2019-06-10');
  on('2019-06-20', 'decide', none.ref, '--decision', 'none', '--on', '2019-06-20', '--withhold', '全部|operations|支障');
  const appeal = /appeal: (\d+)/.exec(on('2019-07-01', 'appeal', none.ref, '--on', '2019-07-01'))[1];
  on('2019-07-10', 'appeal-consulted', none.ref, '--appeal', appeal, '--on', '2019-07-10');
  on('2019-08-20', 'appeal-answered', none.ref, '--appeal', appeal, '--on', '2019-08-20');
  on('2019-09-01', 'appeal-ruled', none.ref, '--appeal', appeal, '--outcome', 'rejected', '--on', '2019-09-01');
  const withdrawn = r('disclosure', 'board_of_education', 'mail', '2019-08-01');
  on('2019-08-02', 'withdraw', withdrawn.ref, '--on', '2019-08-02');
  const dismissed = r('disclosure', 'board_of_education', 'mail', '2019-08-02');
  on('2019-08-05', 'dismiss', dismissed.ref, '--reason', '要件を欠く');
  r('disclosure', 'board_of_education', 'online', '2020-03-31');
  const corr = r('correction', 'mayor', 'online', '2019-10-01');
  on('2019-10-15', 'decide', corr.ref, '--decision', 'correct', '--on', '2019-10-15');
  const refuse = r('disclosure', 'mayor', 'counter', '2019-11-01');
  on('2019-11-05', 'decide', refuse.ref, '--decision', 'refuse_existence', '--on', '2019-11-05',
    '--withhold', '存否|existence|');
  const special = r('disclosure', 'fire', 'online', '2019-12-02');
  on('2019-12-03', 'special', special.ref, '--rest-by', '2020-04-30', '--reason', '著しく大量');
  r('disclosure', 'mayor', 'online', '2020-04-01'); // FY2020
  r('disclosure', 'mayor', 'online', '2019-03-31'); // FY2018
}

// lib/stats.h's CSV (docs/data.md): 9 disclosure requests, one carried in
// from FY2018 (received 2019-03-31, still open) and 8 received; 4 decided
// (全部 3 days, 部分 27, 不開示 10, 存否応答拒否 4), 1 却下, 1 取下げ, 3 carried
// out; 訂正 14 days: 61 / 6 = 10.2 on average; 開示率 2 of 4.
const expected = `fy,agency,kind,measure,count
2019,board_of_education,disclosure,carried_out,1
2019,board_of_education,disclosure,channel_mail,2
2019,board_of_education,disclosure,channel_online,1
2019,board_of_education,disclosure,dismissed,1
2019,board_of_education,disclosure,received,3
2019,board_of_education,disclosure,requester_self,3
2019,board_of_education,disclosure,withdrawn,1
2019,fire,disclosure,carried_out,1
2019,fire,disclosure,channel_online,1
2019,fire,disclosure,received,1
2019,fire,disclosure,requester_self,1
2019,fire,disclosure,special_case,1
2019,mayor,correction,channel_online,1
2019,mayor,correction,correct,1
2019,mayor,correction,received,1
2019,mayor,correction,requester_self,1
2019,mayor,disclosure,appeal_answered,1
2019,mayor,disclosure,appeal_consulted,1
2019,mayor,disclosure,appeal_received,1
2019,mayor,disclosure,appeal_rejected,1
2019,mayor,disclosure,carried_in,1
2019,mayor,disclosure,carried_out,1
2019,mayor,disclosure,channel_counter,2
2019,mayor,disclosure,channel_online,2
2019,mayor,disclosure,extended,1
2019,mayor,disclosure,full,1
2019,mayor,disclosure,ground_existence,1
2019,mayor,disclosure,ground_operations,1
2019,mayor,disclosure,ground_third_person,1
2019,mayor,disclosure,none,1
2019,mayor,disclosure,partial,1
2019,mayor,disclosure,received,4
2019,mayor,disclosure,refuse_existence,1
2019,mayor,disclosure,requester_self,4
2019,all,all,average_days_to_decision,10.2
2019,all,all,longest_days_to_decision,27
2019,all,all,disclosure_rate_percent,50.0
`;

test('the statistics CSV of a fiscal year equals the requests made in it', async () => {
  fiscal2019();
  const jar = await loginJar(admin);
  const csv = await jar.get('/kaiji/desk/stats.csv?fy=2019');
  assert.equal(csv.status, 200);
  assert.match(csv.headers['content-type'], /^text\/csv; charset=utf-8/);
  assert.match(csv.headers['content-disposition'], /attachment; filename="kaiji-stats-2019.csv"/);
  assert.equal(csv.text, expected);
  assert.equal(ctl(['stats', '2019']), expected, 'kaijictl stats prints the same CSV');
  const page = await jar.get('/kaiji/desk/stats?fy=2019');
  assert.equal(page.status, 200);
  assert.match(page.text, /開示率/);
  assert.match(page.text, /存否応答拒否/);
  assert.match(page.text, /棄却/);
  const empty = await jar.get('/kaiji/desk/stats.csv?fy=2005');
  assert.match(empty.text, /^fy,agency,kind,measure,count\n2005,all,all,average_days_to_decision,0\.0\n/);
});

// A year with every outcome (FY2021), built through kaijictl as of each
// day: the figures a city publishes, by agency, kind and measure.
function fiscal2021() {
  const r = (kind, channel, received, agency = 'mayor') => enter({ kind, agency, channel, received });
  const decide = (c, day, decision, ...rest) => on(day, 'decide', c.ref, '--decision', decision, '--on', day, ...rest);
  const early = r('disclosure', 'online', '2021-03-25'); // carried in from FY2020
  decide(early, '2021-04-06', 'full', '--method', 'view');
  const partial = r('disclosure', 'mail', '2021-05-06');
  on('2021-05-10', 'extend', partial.ref, '--due', addDays(show(partial.id).due_on, 10), '--reason', '大量のため');
  decide(partial, '2021-06-10', 'partial', '--method', 'copy', '--withhold', '氏名|third_person|第三者の氏名');
  const none = r('disclosure', 'counter', '2021-06-01');
  decide(none, '2021-06-10', 'none', '--withhold', '全部|operations|支障');
  const a1 = /appeal: (\d+)/.exec(on('2021-06-20', 'appeal', none.ref, '--on', '2021-06-20'))[1];
  on('2021-07-01', 'appeal-consulted', none.ref, '--appeal', a1, '--on', '2021-07-01');
  on('2021-08-01', 'appeal-answered', none.ref, '--appeal', a1, '--on', '2021-08-01');
  on('2021-09-01', 'appeal-ruled', none.ref, '--appeal', a1, '--outcome', 'rejected', '--on', '2021-09-01');
  const refuse = r('disclosure', 'online', '2021-07-01');
  decide(refuse, '2021-07-05', 'refuse_existence', '--withhold', '存否|existence|');
  on('2022-03-20', 'appeal', refuse.ref, '--on', '2022-03-20'); // open on 3/31
  const notHeld = r('disclosure', 'online', '2021-07-12', 'board_of_education');
  decide(notHeld, '2021-07-15', 'not_exist', '--withhold', '文書|not_held|作成していない');
  const dismissed = r('disclosure', 'mail', '2021-08-02');
  on('2021-08-05', 'dismiss', dismissed.ref, '--reason', '要件を欠く');
  const withdrawn = r('disclosure', 'online', '2021-08-16');
  on('2021-08-17', 'withdraw', withdrawn.ref, '--on', '2021-08-17');
  const special = r('disclosure', 'online', '2021-09-01');
  on('2021-09-02', 'special', special.ref, '--rest-by', '2021-12-01', '--reason', '著しく大量');
  decide(special, '2021-10-15', 'full', '--method', 'view');
  r('disclosure', 'online', '2022-03-28'); // carried out to FY2022
  const correct = r('correction', 'online', '2021-10-01');
  decide(correct, '2021-10-15', 'correct');
  const partlyCorrect = r('correction', 'counter', '2021-10-04');
  decide(partlyCorrect, '2021-10-20', 'partly_correct', '--withhold', '生年月日|other|誤りとは認められない');
  const a2 = /appeal: (\d+)/.exec(on('2021-11-01', 'appeal', partlyCorrect.ref, '--on', '2021-11-01'))[1];
  on('2021-11-15', 'appeal-ruled', partlyCorrect.ref, '--appeal', a2, '--outcome', 'withdrawn', '--on', '2021-11-15');
  const notCorrect = r('correction', 'mail', '2021-10-05');
  decide(notCorrect, '2021-10-25', 'not_correct', '--withhold', '住所|other|誤りはない');
  const a3 = /appeal: (\d+)/.exec(on('2021-11-02', 'appeal', notCorrect.ref, '--on', '2021-11-02'))[1];
  on('2021-11-10', 'appeal-consulted', notCorrect.ref, '--appeal', a3, '--on', '2021-11-10');
  on('2022-01-10', 'appeal-answered', notCorrect.ref, '--appeal', a3, '--on', '2022-01-10');
  on('2022-02-01', 'appeal-ruled', notCorrect.ref, '--appeal', a3, '--outcome', 'partly_granted', '--on', '2022-02-01');
  decide(r('suspension', 'online', '2021-11-01'), '2021-11-20', 'stop');
  decide(r('suspension', 'online', '2021-11-02'), '2021-11-25', 'partly_stop', '--withhold', '一部|other|必要な範囲');
  decide(r('suspension', 'online', '2021-11-04'), '2021-11-26', 'not_stop', '--withhold', '全部|other|適法な利用');
}

const year2021 = {
  'mayor,disclosure': {
    received: 7, channel_mail: 2, channel_counter: 1, channel_online: 4, requester_self: 7,
    carried_in: 1, full: 2, partial: 1, none: 1, refuse_existence: 1, dismissed: 1, withdrawn: 1,
    carried_out: 1, extended: 1, special_case: 1,
    ground_third_person: 1, ground_operations: 1, ground_existence: 1,
    appeal_received: 2, appeal_consulted: 1, appeal_answered: 1, appeal_rejected: 1, appeal_carried_out: 1,
  },
  'board_of_education,disclosure': { received: 1, channel_online: 1, requester_self: 1, not_exist: 1, ground_not_held: 1 },
  'mayor,correction': {
    received: 3, channel_online: 1, channel_counter: 1, channel_mail: 1, requester_self: 3,
    correct: 1, partly_correct: 1, not_correct: 1, ground_other: 2,
    appeal_received: 2, appeal_withdrawn: 1, appeal_consulted: 1, appeal_answered: 1, appeal_partly_granted: 1,
  },
  'mayor,suspension': { received: 3, channel_online: 3, requester_self: 3, stop: 1, partly_stop: 1, not_stop: 1, ground_other: 2 },
};

// The figures of `kaijictl stats FY` by "agency,kind" and measure.
function figures(fy) {
  const lines = ctl(['stats', String(fy)]).trimEnd().split('\n');
  assert.equal(lines[0], 'fy,agency,kind,measure,count');
  const got = {};
  for (const line of lines.slice(1)) {
    const [y, agency, kind, measure, count] = line.split(',');
    assert.equal(y, String(fy));
    if (agency !== 'all') (got[`${agency},${kind}`] ??= {})[measure] = Number(count);
  }
  return got;
}

test('a year with every outcome: each figure by agency, kind and measure, and the table by kind', async () => {
  // requests left open in earlier years (other tests) are carried through
  // FY2021 too: only what this year's cases add is compared
  const before = figures(2021);
  fiscal2021();
  const after = figures(2021);
  const added = {};
  for (const [key, m] of Object.entries(after)) {
    for (const [measure, n] of Object.entries(m)) {
      const d = n - (before[key]?.[measure] ?? 0);
      if (d !== 0) (added[key] ??= {})[measure] = d;
    }
  }
  assert.deepEqual(added, year2021);
  // 前年度繰越 + 請求 = 決定 + 却下 + 取下げ + 翌年度繰越, for each kind
  for (const [key, m] of Object.entries(year2021)) {
    const decided = ['full', 'partial', 'none', 'refuse_existence', 'not_exist', 'correct', 'partly_correct',
      'not_correct', 'stop', 'partly_stop', 'not_stop', 'dismissed'].reduce((n, d) => n + (m[d] ?? 0), 0);
    assert.equal((m.carried_in ?? 0) + m.received, decided + (m.withdrawn ?? 0) + (m.carried_out ?? 0), key);
  }
  const summary = ctl(['stats', '2021', '--summary']).trimEnd().split('\n');
  const cols = summary[0].split(',');
  const row = (kind) => Object.fromEntries(summary.find((l) => l.startsWith(`2021,${kind},`)).split(',').map((v, i) => [cols[i], v]));
  const d = row('disclosure');
  const all = (measure) => String(Object.entries(after).filter(([k]) => k.endsWith(',disclosure'))
    .reduce((n, [, m]) => n + (m[measure] ?? 0), 0));
  for (const m of ['carried_in', 'received', 'full', 'not_exist', 'carried_out', 'appeal_received']) {
    assert.equal(d[m], all(m), `the table by kind: disclosure ${m}`);
  }
  assert.equal(row('correction').partly_correct, '1');
  assert.equal(row('suspension').partly_stop, '1');

  const jar = await loginJar(admin);
  const page = await jar.get('/kaiji/desk/stats?fy=2021');
  assert.equal(page.status, 200);
  assert.match(page.text, /<tr data-measure="carried_in"><th scope="row">前年度からの繰越<\/th><td>\d+<\/td>/);
  assert.match(page.text, /id="stats-grounds"/);
  assert.match(page.text, /不開示理由：第三者に関する情報（法78①2）/);
  assert.match(page.text, /審査請求：取下げ/);
  assert.match(page.text, /一部訂正/);
  const table = await jar.get('/kaiji/desk/stats.csv?fy=2021&table=summary');
  assert.equal(table.status, 200);
  assert.equal(table.text, ctl(['stats', '2021', '--summary']));
});

test('-bad- a malformed fiscal year is refused', async () => {
  const jar = await loginJar(admin);
  assert.equal((await jar.get('/kaiji/desk/stats.csv?fy=abc')).status, 400);
  assert.equal((await jar.get('/kaiji/desk/stats?fy=1800')).status, 400);
  assert.equal(ctlResult(['stats', 'twenty']).status, 2);
  assert.equal((await get('/kaiji/desk/stats.csv?fy=2019')).status, 303, 'no session, no statistics');
});

// Moves the end of a finished case `days` into the past: its last change
// and the event that ended it.
function ageFinished(id, days) {
  const at = stamp(-days * 86400);
  sqlWrite(`UPDATE request SET updated_at = '${at}' WHERE id = ${id}; ` +
    `UPDATE event SET at = '${at}' WHERE request_id = ${id} AND kind IN ('closed', 'withdrawn', 'dismissed')`);
}

test('identity documents are purged after the retention period, and only then', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiji-purge-'));
  const file = path.join(tmp, 'id.png');
  fs.writeFileSync(file, Buffer.from('89504e470d0a1a0a', 'hex'));
  const req = enter({ docs: [`passport:image/png:${file}`] });
  const open = enter({ docs: [`passport:image/png:${file}`] });
  const doc = sql(`SELECT id, vault_name FROM document WHERE request_id = ${req.id}`)[0];
  const kept = sql(`SELECT id, vault_name FROM document WHERE request_id = ${open.id}`)[0];
  const vault = path.join(process.env.KAIJI_VAR, 'vault');
  ctl(['case', 'withdraw', req.ref]);
  const jar = await loginJar(admin);
  const before = await jar.get(`/kaiji/desk/case/${req.id}`);
  const day = /本人確認書類の消去予定日： (\d{4}-\d{2}-\d{2})/.exec(before.text)[1];
  assert.equal(day, addDays(today(), 90), 'the profile keeps them 90 days after the case ends');
  ageFinished(req.id, 89);
  ctl(['purge']);
  assert.ok(fs.existsSync(path.join(vault, doc.vault_name)), 'kept on day 89');
  assert.equal((await jar.get(`/kaiji/desk/case/${req.id}/document/${doc.id}`)).status, 200);
  ageFinished(req.id, 91);
  assert.match(ctl(['purge']), /^purged \d+ /m);
  assert.ok(!fs.existsSync(path.join(vault, doc.vault_name)), 'the file is gone');
  assert.ok(sql(`SELECT purged_at FROM document WHERE id = ${doc.id}`)[0].purged_at);
  assert.equal((await jar.get(`/kaiji/desk/case/${req.id}/document/${doc.id}`)).status, 404);
  assert.match((await jar.get(`/kaiji/desk/case/${req.id}`)).text, /消去済み/);
  assert.ok(fs.existsSync(path.join(vault, kept.vault_name)), 'an open request keeps its documents');
});

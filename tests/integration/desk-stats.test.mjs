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

// lib/stats.h's CSV: 9 requests; 6 decided (全部 3 days, 部分 27, 不開示
// 10, 訂正 14, 存否応答拒否 4, 却下 3: 61 / 6 = 10.2 on average); 開示率 2 of 4.
const expected = `section,kind,agency,channel,outcome,count
requests,correction,mayor,online,correct,1
requests,disclosure,board_of_education,mail,dismissed,1
requests,disclosure,board_of_education,mail,withdrawn,1
requests,disclosure,board_of_education,online,pending,1
requests,disclosure,fire,online,pending,1
requests,disclosure,mayor,counter,none,1
requests,disclosure,mayor,counter,refuse_existence,1
requests,disclosure,mayor,online,full,1
requests,disclosure,mayor,online,partial,1
summary,,,,requests,9
summary,,,,extensions,1
summary,,,,decided,6
summary,,,,average_days_to_decision,10.2
summary,,,,longest_days_to_decision,27
summary,,,,disclosure_rate_percent,50.0
appeals,,,,rejected,1
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
  assert.match(empty.text, /^section,kind,agency,channel,outcome,count\nsummary,,,,requests,0\n/);
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

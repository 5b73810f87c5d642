// What a city profile says reaches the citizen (issue 15), on stacks of
// the other seed cities: 豊田's 電子納付 through あいち電子申請・届出システム
// (conf/cities/toyota.hdf, City.Payment.EApplication).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, stopStack, kaijictl, makeRequest, lookup } from './pay-stack.mjs';

let toyota;

before(() => { toyota = startStack('profiles-toyota', 'toyota'); });
after(() => stopStack(toyota));

test('豊田: 電子納付 through あいち電子申請・届出システム is a way of its own; staff record the payment', async () => {
  const r = makeRequest(toyota, { amount: 480 });
  const jar = await lookup(toyota, r.ref, r.code);
  const v = await jar.get(`${toyota.base}/kaiji/status/view`);
  assert.equal(v.status, 200);
  const way = /<li data-way="e_application" id="pay-e-application">([\s\S]*?)<\/li>/.exec(v.text)?.[1];
  assert.ok(way, 'the status page offers 電子納付');
  assert.match(way, /<a href="https:\/\/www\.shinsei\.e-aichi\.jp\/">あいち電子申請・届出システム<\/a>/);
  assert.match(way, /「費用の種別」では、次を選んでください：開示に要する費用（個人情報開示制度）/);
  assert.match(way, /納付する額（決定通知書でお知らせした額）：480 円/);
  assert.match(way, /整理番号とパスワード/);
  const en = await jar.get(`${toyota.base}/kaiji/status/view?lang=en`);
  assert.match(en.text, /Aichi e-application and notification system/);

  // 法務課 confirms the payment: staff record it
  const paid = kaijictl(toyota, 'case', 'pay', r.ref, '--via', 'e_application', '--amount', '480');
  assert.equal(paid.status, 0, paid.stderr);
  const after = await jar.get(`${toyota.base}/kaiji/status/view?lang=ja`);
  assert.match(after.text, /id="fee-paid">[^<]*お支払いを確認しました。[\s\S]*電子納付/);
  assert.doesNotMatch(after.text, /id="pay-e-application"/, 'nothing left to pay');
});

test('-bad- an unknown way of payment is refused at the desk', async () => {
  const r = makeRequest(toyota, { amount: 120 });
  const bad = kaijictl(toyota, 'case', 'pay', r.ref, '--via', 'e_app', '--amount', '120');
  assert.notEqual(bad.status, 0, '-bad- an unknown way is refused');
});

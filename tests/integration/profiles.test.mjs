// What a city profile says reaches the citizen (issue 15), on stacks of
// the other seed cities: 豊田's 電子納付 through あいち電子申請・届出システム
// (conf/cities/toyota.hdf, City.Payment.EApplication).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, stopStack, kaijictl, makeRequest, lookup, staff, loginJar } from './pay-stack.mjs';
import { formToken } from './lib.mjs';
import { day } from './clock.mjs';

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

// 法84: the rest decided later has its own fee; its block lists the same
// ways as the part's (the shared fee_state macro), 電子納付 with the
// rest's own amount and the bank slip with its due days.
test('豊田, 法84: the rest\'s fee offers 電子納付 for the rest\'s amount and the bank slip', async () => {
  const ok = (r) => (r.status === 0 ? r.stdout : assert.fail(r.stderr));
  const [ref, code] = ok(kaijictl(toyota, 'case', 'new', '--kind', 'disclosure', '--agency', 'mayor',
    '--name', 'テスト 花子')).trim().split(' ');
  const id = JSON.parse(ok(kaijictl(toyota, 'case', 'show', ref))).id;
  ok(kaijictl(toyota, 'case', 'review', ref));
  ok(kaijictl(toyota, 'case', 'special', ref, '--rest-by', day(90), '--reason', '著しく大量'));
  ok(kaijictl(toyota, 'case', 'decide', ref, '--decision', 'full', '--method', 'copy', '--method', 'mail'));
  ok(kaijictl(toyota, 'case', 'fee', ref, '--postage', '300'));
  ok(kaijictl(toyota, 'case', 'pay', ref, '--via', 'counter', '--amount', '300'));
  ok(kaijictl(toyota, 'case', 'deliver', ref, '--method', 'mail'));
  const jar = await loginJar(toyota, staff(toyota, 'clerk', ['mayor']));
  const rest = { decision: 'full', decided_on: day(0), method: ['copy', 'mail'], purpose: '住民の居住関係の公証' };
  for (const extra of [{}, { confirm: '1' }]) {
    const page = await jar.get(`${toyota.base}/kaiji/desk/case/${id}`);
    const r = await jar.post(`${toyota.base}/kaiji/desk/case/${id}/decide_rest`, { csrf: formToken(page.text), ...rest, ...extra });
    assert.ok([200, 303].includes(r.status), `decide_rest: ${r.status}`);
  }
  ok(kaijictl(toyota, 'case', 'fee', ref, '--postage', '180', '--part', 'rest'));
  const citizen = await lookup(toyota, ref, code);
  const v = await citizen.get(`${toyota.base}/kaiji/status/view?lang=ja`);
  const ways = /<ul id="rest-pay-ways">([\s\S]*?)<\/ul>/.exec(v.text)?.[1];
  assert.ok(ways, 'the rest has its own ways to pay');
  const eapp = /<li data-way="e_application" id="rest-pay-e-application">([\s\S]*?)<\/li>/.exec(ways)?.[1];
  assert.ok(eapp, '電子納付 for the rest');
  assert.match(eapp, /納付する額（決定通知書でお知らせした額）：180 円/, 'the rest\'s amount, not the part\'s 300');
  assert.match(ways, /<li data-way="bank_slip">(?:(?!<\/li>)[\s\S])*\b14\b(?:(?!<\/li>)[\s\S])*<\/li>/, 'the bank slip with its due days');
  assert.doesNotMatch(v.text, /<li data-way="e_application" id="pay-e-application">/, '-bad- nothing left to pay for the part');
});

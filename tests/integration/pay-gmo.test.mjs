// Issue 17 item 7: GMO Payment Gateway リンクタイプPlus through nginx, the
// real programs and the emulator speaking GMO's wire format over TLS:
// start (GetLinkplusUrlPayment) → the link page → the return with its
// signed result → the unsigned 結果通知 (acknowledged "0") confirmed by
// SearchTradeMulti → paid. A forged or unsigned return is refused; money
// that does not match the fee goes to review; a notification whose lookup
// says unpaid changes nothing; a fee change rejects the open link. A stack
// of its own: toyota's profile with Provider = gmo.

import { test, describe, before, after } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { formToken } from './lib.mjs';
import * as fx from './pay-fixtures.mjs';
import { startStack, stopStack, emu, ctl, idle, kaijictl, makeRequest, lookup } from './pay-stack.mjs';

async function citizen(st, { amount = 300 } = {}) {
  const r = makeRequest(st, { amount });
  const jar = await lookup(st, r.ref, r.code);
  return { ...r, feeId: fx.feeIdOf(st.dir, r.requestId), jar };
}

async function started(st, who) {
  const page = await who.jar.get(`${st.base}/kaiji/status/view`);
  const s = await who.jar.post(`${st.base}/kaiji/pay/start`, { csrf: formToken(page.text) ?? 'none' });
  assert.equal(s.status, 303, `start: ${s.status} ${s.text.slice(0, 300)}`);
  assert.ok(s.headers.location.startsWith(`${st.emu}/gmo/pay/`), s.headers.location);
  return s.headers.location;
}

const link = async (st, url) => (await ctl(st, 'state')).gmo.find((l) => l.orderId === url.split('/').pop());

// The citizen presses a button on GMO's page; the answer is the redirect
// back to us with result=B64.HASH.
async function press(st, url, action) {
  const r = await emu(st, 'POST', `${new URL(url).pathname}/${action}`, '');
  assert.equal(r.status, 303, `${action}: ${r.status} ${r.text.slice(0, 200)}`);
  await idle(st);
  return r.headers.location;
}

function ok(r, what) {
  assert.equal(r.status, 0, `${what}: ${r.stderr}`);
  return r.stdout;
}

describe('GMO Payment Gateway リンクタイプPlus (toyota, Provider = gmo)', () => {
  let st;
  before(() => {
    st = startStack('gmo', 'toyota', { conf: 'Kaiji.Pay.CreateTimeoutSeconds = 2', profile: { Provider: 'gmo', Agent: 'GMOペイメントゲートウェイ株式会社',
      AgentEn: 'GMO Payment Gateway, Inc.' } });
  });
  after(() => stopStack(st));

  test('start → GMO page → return → 結果通知 (ack "0") → lookup → paid', async () => {
    const who = await citizen(st, { amount: 300 });
    const methods = await who.jar.get(`${st.base}/kaiji/pay/`);
    assert.match(methods.text, /id="pay-agent"[^\n]*GMOペイメントゲートウェイ株式会社/, 'the payment page names the designated agent');
    const url = await started(st, who);
    const l = await link(st, url);
    assert.equal(l.amount, 300, 'GMO is asked for the fee');
    assert.ok(l.orderId.length <= 27, 'OrderID within GMO\'s 27 characters');
    assert.deepEqual(l.payMethods, ['credit', 'cvs']);
    assert.match(l.expire, /^\d{12}$/, 'PaymentExpireDate yyyyMMddHHmm');
    assert.match(l.retUrl, new RegExp(`/kaiji/pay/return/gmo\\?o=${l.orderId}$`));
    assert.deepEqual(l.credit, { JobCd: 'CAPTURE', Method: '1' });
    const back = await press(st, url, 'pay');
    assert.match(back, /[?&]result=[A-Za-z0-9_=-]+\.[0-9a-f]{64}$/);
    const d = (await ctl(st, 'deliveries')).filter((x) => x.provider === 'gmo' && x.ref === l.orderId);
    assert.equal(d.length, 1);
    assert.ok(d[0].acked, `the 結果通知 acknowledged: ${JSON.stringify(d[0].attempts)}`);
    assert.equal(d[0].attempts[0].body, '0', 'GMO\'s ack body is 0');
    assert.equal(fx.feeState(st.dir, who.feeId), 'paid|online');
    const ev = fx.paymentEvents(st.dir, l.orderId);
    assert.ok(ev.some((e) => e.kind === 'Status:CAPTURE' && e.data.to === 'paid'), JSON.stringify(ev));
    const r = await who.jar.get(back);
    assert.equal(r.status, 200, r.text.slice(0, 300));
    assert.match(r.text, /id="pay-state" data-state="paid"/);
  });

  test('-bad- a forged or unsigned return is refused and changes nothing', async () => {
    const who = await citizen(st, { amount: 300 });
    const url = await started(st, who);
    const oid = url.split('/').pop();
    const ret = `${st.base}/kaiji/pay/return/gmo?o=${oid}`;
    const none = await who.jar.get(ret);
    assert.equal(none.status, 400, 'no result: refused');
    assert.match(none.text, /data-result="bad_return"/);
    // A result of our own making, hashed without the ShopPass.
    const json = JSON.stringify({ transactionresult: { OrderID: oid, Result: 'PAYSUCCESS' } });
    const b64 = Buffer.from(json).toString('base64url');
    const { createHash } = await import('node:crypto');
    const forged = await who.jar.get(`${ret}&result=${b64}.${createHash('sha256').update(b64).digest('hex')}`);
    assert.equal(forged.status, 400, 'hashed without ShopPass: refused');
    // A genuine result of another order does not serve for this one.
    const other = await citizen(st, { amount: 300 });
    const back = await press(st, await started(st, other), 'pay');
    const res = new URL(back).searchParams.get('result');
    const swapped = await who.jar.get(`${ret}&result=${res}`);
    assert.equal(swapped.status, 400, 'another order\'s result: refused');
    assert.equal(fx.feeState(st.dir, who.feeId), 'due|');
    assert.deepEqual(fx.payments(st.dir, who.feeId).map((p) => p.state), ['redirected']);
  });

  test('-bad- a 結果通知 naming another ShopID is refused (not acknowledged) and changes nothing', async () => {
    const who = await citizen(st, { amount: 300 });
    const url = await started(st, who);
    await ctl(st, 'fault', { provider: 'gmo', fault: 'wrong_merchant' });
    await press(st, url, 'pay');
    const oid = url.split('/').pop();
    const d = (await ctl(st, 'deliveries')).filter((x) => x.provider === 'gmo' && x.ref === oid);
    assert.equal(d.length, 1);
    assert.ok(!d[0].acked && d[0].attempts.every((a) => a.status === 400), JSON.stringify(d[0].attempts));
    assert.deepEqual(fx.payments(st.dir, who.feeId).map((p) => p.state), ['redirected']);
    assert.equal(fx.feeState(st.dir, who.feeId), 'due|');
  });

  test('-bad- money that differs from the fee goes to review, the fee stays due', async () => {
    const who = await citizen(st, { amount: 300 });
    const url = await started(st, who);
    await ctl(st, 'fault', { provider: 'gmo', fault: 'wrong_amount' });
    await press(st, url, 'pay');
    assert.deepEqual(fx.payments(st.dir, who.feeId).map((p) => p.state), ['review']);
    assert.equal(fx.feeState(st.dir, who.feeId), 'due|');
  });

  test('-bad- a notification is a hint: a lookup that says unpaid changes nothing; reconcile confirms later', async () => {
    const who = await citizen(st, { amount: 300 });
    const url = await started(st, who);
    await ctl(st, 'fault', { provider: 'gmo-lookup', fault: 'unpaid' });
    await press(st, url, 'pay');
    const [p] = fx.payments(st.dir, who.feeId);
    assert.equal(p.state, 'redirected', 'GMO said unpaid when asked');
    assert.equal(fx.feeState(st.dir, who.feeId), 'due|');
    fx.agePayment(st.dir, p.orderId);
    const out = ok(kaijictl(st, 'pay', 'reconcile'), 'reconcile');
    assert.match(out, new RegExp(`${p.orderId}\\tredirected -> paid`));
    assert.equal(fx.feeState(st.dir, who.feeId), 'paid|online');
  });

  test('a fee change rejects the open link at GMO (RejectLinkplusUrlPayment) and the new start asks the new amount', async () => {
    const who = await citizen(st, { amount: 300 });
    const url = await started(st, who);
    const out = ok(kaijictl(st, 'case', 'fee', who.ref, '--postage', '500'), 'fee changed');
    assert.match(out, /online payments closed: 1/);
    assert.equal((await link(st, url)).rejected, true, 'the link rejected at GMO');
    assert.deepEqual(fx.payments(st.dir, who.feeId).map((p) => p.state), ['cancelled']);
    const old = await emu(st, 'GET', url);
    assert.doesNotMatch(old.text, /id="pay"/, 'the old link takes no money');
    const again = await started(st, who);
    assert.notEqual(again, url, 'a new OrderID');
    assert.equal((await link(st, again)).amount, 500);
  });

  test('コンビニ: numbers issued (pending, the fee still due), paid days later when the 結果通知 and the lookup say PAYSUCCESS', async () => {
    const who = await citizen(st, { amount: 300 });
    const url = await started(st, who);
    const back = await press(st, url, 'pay_cvs');
    const oid = url.split('/').pop();
    assert.deepEqual(fx.payments(st.dir, who.feeId).map((p) => p.state), ['pending']);
    assert.equal(fx.feeState(st.dir, who.feeId), 'due|');
    const r = await who.jar.get(back);
    assert.equal(r.status, 200);
    assert.match(r.text, /id="pay-state" data-state="pending"/);
    // The status page shows the numbers and the deadline (Japan time, in words).
    const t = (await link(st, url)).trade.cvs;
    const v = await who.jar.get(`${st.base}/kaiji/status/view`);
    assert.match(v.text, /id="pay-slip" data-kind="cvs"/);
    assert.match(v.text, new RegExp(`id="pay-slip-no">${t.CvsReceiptNo}<`));
    assert.match(v.text, new RegExp(`id="pay-slip-conf">${t.CvsConfNo}<`));
    const due = t.PaymentTerm;
    assert.match(v.text, new RegExp(`id="pay-slip-due">${Number(due.slice(0, 4))}年${Number(due.slice(4, 6))}月${Number(due.slice(6, 8))}日`),
      'the deadline as people write it, never ISO');
    assert.doesNotMatch(v.text, /id="pay-slip-due">\d{4}-/);
    // Paid at the store: GMO notifies PAYSUCCESS for PayType 3.
    await ctl(st, 'force', { provider: 'gmo', ref: oid, state: 'PAYSUCCESS', notify: 'PAYSUCCESS' });
    await idle(st);
    assert.deepEqual(fx.payments(st.dir, who.feeId).map((p) => p.state), ['paid']);
    assert.equal(fx.feeState(st.dir, who.feeId), 'paid|online');
    assert.doesNotMatch((await who.jar.get(`${st.base}/kaiji/status/view`)).text, /id="pay-slip"/, 'no numbers once paid');
    const ev = fx.paymentEvents(st.dir, oid);
    assert.ok(ev.some((e) => e.kind === 'Status:PAYSUCCESS' && e.data.to === 'paid'), JSON.stringify(ev));
  });

  test('a card payment refunded in whole (AlterTran RETURN); a part refund is refused; a refund made in GMO\'s shop admin is found by reconcile', async () => {
    const who = await citizen(st, { amount: 300 });
    const url = await started(st, who);
    await press(st, url, 'pay');
    const oid = url.split('/').pop();
    assert.equal(fx.feeState(st.dir, who.feeId), 'paid|online');
    const part = kaijictl(st, 'pay', 'refund', oid, '--reason', 'テスト', '--amount', '100');
    assert.notEqual(part.status, 0, 'a part refund through GMO is refused');
    assert.match(part.stderr, /whole card payment/);
    const whole = ok(kaijictl(st, 'pay', 'refund', oid, '--reason', '郵送中止'), 'refund');
    assert.match(whole, new RegExp(`refunded ${oid}`));
    assert.equal((await link(st, url)).trade.status, 'RETURN', 'returned at GMO');
    assert.deepEqual(fx.payments(st.dir, who.feeId).map((p) => p.state), ['refunded']);
    // Reconcile does not count it twice.
    fx.agePayment(st.dir, oid);
    ok(kaijictl(st, 'pay', 'reconcile'), 'reconcile');
    assert.equal(fx.sql(st.dir, `SELECT COUNT(*) || '|' || SUM(r.amount_yen) FROM payment_refund r JOIN payment p ON p.id = r.payment_id WHERE p.order_id = '${oid}' AND r.state = 'succeeded'`), '1|300', 'one refund of 300 (the refused part refund is recorded as failed)');
    // Another payment returned by hand in GMO's shop admin.
    const other = await citizen(st, { amount: 300 });
    const url2 = await started(st, other);
    await press(st, url2, 'pay');
    const oid2 = url2.split('/').pop();
    await ctl(st, 'dashboard_refund', { provider: 'gmo', ref: oid2 });
    const out = ok(kaijictl(st, 'pay', 'reconcile'), 'reconcile');
    assert.match(out, new RegExp(`${oid2}\\trefund return-[0-9a-f]+\\tfound \\(dashboard, 300 yen\\)`));
    assert.deepEqual(fx.payments(st.dir, other.feeId).map((p) => p.state), ['refunded']);
  });

  test('-bad- a create answered too late: GMO refuses the same OrderID again, the payment fails; reconcile rejects the link GMO made; a new start takes a new OrderID', async () => {
    const who = await citizen(st, { amount: 300 });
    await ctl(st, 'fault', { provider: 'gmo-create', fault: 'slow', ms: 3000 });
    const page = await who.jar.get(`${st.base}/kaiji/status/view`);
    const s = await who.jar.post(`${st.base}/kaiji/pay/start`, { csrf: formToken(page.text) ?? 'none' });
    assert.equal(s.status, 502, 'the citizen is told to try again');
    const [p] = fx.payments(st.dir, who.feeId);
    assert.equal(p.state, 'failed');
    const made = (await ctl(st, 'state')).gmo.find((l) => l.orderId === p.orderId);
    assert.ok(made && !made.rejected, 'GMO made the link all the same');
    await idle(st);
    const out = ok(kaijictl(st, 'pay', 'reconcile'), 'reconcile');
    assert.match(out, new RegExp(`${p.orderId}\\tfailed \\(no answer to create\\) -> cancelled at the provider`));
    assert.equal((await ctl(st, 'state')).gmo.find((l) => l.orderId === p.orderId).rejected, true, 'rejected at GMO');
    assert.doesNotMatch(ok(kaijictl(st, 'pay', 'reconcile'), 'reconcile again'), new RegExp(p.orderId), 'resolved once');
    const again = await started(st, who);
    assert.notEqual(again.split('/').pop(), p.orderId, 'a new OrderID');
  });

  test('-bad- kaijictl check-config refuses a Kaiji.Pay.Gmo block without ShopId or with an unknown PayMethods word', () => {
    assert.equal(kaijictl(st, 'check-config').status, 0, 'the stack\'s own config passes');
    for (const [line, why] of [['Kaiji.Pay.Gmo.ShopId = ', /ShopId is needed/],
      ['Kaiji.Pay.Gmo.PayMethods = credit bitcoin', /PayMethods: credit, cvs, payeasy or paypay/]]) {
      const cfg = path.join(st.dir, 'check-gmo.hdf');
      fs.writeFileSync(cfg, `${fs.readFileSync(st.config, 'utf8')}\n${line}\n`);
      const r = kaijictl({ ...st, config: cfg }, 'check-config');
      assert.notEqual(r.status, 0, line);
      assert.match(r.stderr, why);
    }
  });
});

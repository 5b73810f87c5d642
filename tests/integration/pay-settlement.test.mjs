// Issue 17 item 9: `kaijictl pay settlement` writes the CSV the 会計管理者
// reconciles against the provider's settlement report; the emulator makes
// that report for the same period (/__emu/settlement). Both must agree to
// the yen: every payment and refund row, and the totals per day and
// provider, including a partial refund, a refund PayPay confirms later and
// a late コンビニ payment (Stripe's pay later, paid days after in real life).

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { formToken } from './lib.mjs';
import { today, addDays } from './clock.mjs';
import * as fx from './pay-fixtures.mjs';
import { startStack, stopStack, emu, ctl, idle, kaijictl, makeRequest, lookup } from './pay-stack.mjs';

async function paid(st, provider, action = 'pay') {
  const r = makeRequest(st, { amount: 300 });
  const jar = await lookup(st, r.ref, r.code);
  const page = await jar.get(`${st.base}/kaiji/status/view`);
  const s = await jar.post(`${st.base}/kaiji/pay/start`, { csrf: formToken(page.text) });
  assert.equal(s.status, 303, s.text.slice(0, 200));
  const session = s.headers.location.split('/').pop();
  await emu(st, 'POST', `${new URL(s.headers.location).pathname}/${action}`, '');
  await idle(st);
  const feeId = fx.feeIdOf(st.dir, r.requestId);
  return { ...r, session, feeId, orderId: fx.payments(st.dir, feeId)[0].orderId };
}

function csv(text) {
  const [head, ...lines] = text.trim().split('\n');
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
}

const realDay = (d) => new Date(Date.now() + 9 * 3600e3 + d * 86400e3).toISOString().slice(0, 10);

async function compare(st, provider) {
  const ours = kaijictl(st, 'pay', 'settlement', '--from', addDays(today(), -1), '--to', addDays(today(), 1), '--provider', provider);
  assert.equal(ours.status, 0, ours.stderr);
  const theirs = await emu(st, 'GET', `/__emu/settlement?from=${realDay(-1)}&to=${realDay(1)}`);
  const o = csv(ours.stdout);
  const t = csv(theirs.text).filter((r) => r.provider === provider);
  // The emulator dates by the real clock: the days agree only while ours
  // (clock.mjs, moved by KAIJI_TODAY or KAIJI_CLOCK_START) reads the same day.
  const sameDay = today() === realDay(0);
  const key = (r) => [r.provider, r.provider_id, r.order_id, r.amount_yen, r.refund_yen, ...(sameDay ? [r.date] : [])].join('|');
  assert.deepEqual(o.filter((r) => r.type !== 'total').map(key).sort(), t.map(key).sort(), 'every payment and refund, to the yen');
  const sum = (rows, f) => rows.reduce((n, r) => n + Number(r[f]), 0);
  const totals = o.filter((r) => r.type === 'total');
  assert.equal(sum(totals, 'amount_yen'), sum(t, 'amount_yen'), 'total paid');
  assert.equal(sum(totals, 'refund_yen'), sum(t, 'refund_yen'), 'total refunded');
  assert.equal(sum(totals, 'amount_yen'), sum(o.filter((r) => r.type !== 'total'), 'amount_yen'), 'the totals add up the rows');
  return o;
}

describe('settlement: Stripe (yamagata)', () => {
  let st;
  before(() => { st = startStack('settle-stripe', 'yamagata'); });
  after(() => stopStack(st));

  test('payments, a partial refund and a late コンビニ payment agree with the provider to the yen', async () => {
    const a = await paid(st, 'stripe');
    const b = await paid(st, 'stripe');
    const r = kaijictl(st, 'pay', 'refund', b.orderId, '--reason', '過払い', '--amount', '120');
    assert.equal(r.status, 0, r.stderr);
    // コンビニ: the citizen leaves with a slip; the money comes later.
    const late = await paid(st, 'stripe', 'pay_later');
    assert.deepEqual(fx.payments(st.dir, late.feeId).map((p) => p.state), ['pending'], 'pending: no money yet');
    await ctl(st, 'force', { provider: 'stripe', ref: late.session, state: 'paid', notify: 'checkout.session.async_payment_succeeded' });
    await idle(st);
    assert.deepEqual(fx.payments(st.dir, late.feeId).map((p) => p.state), ['paid']);
    const rows = await compare(st, 'stripe');
    assert.deepEqual(rows.filter((x) => x.type === 'payment').map((x) => x.order_id).sort(), [a.orderId, b.orderId, late.orderId].sort());
    const refund = rows.find((x) => x.type === 'refund');
    assert.equal(refund.order_id, b.orderId);
    assert.equal(refund.refund_yen, '120');
    assert.equal(refund.case_ref, b.ref);
    assert.equal(refund.fee_kind, 'postage');
    const day = rows.find((x) => x.type === 'total');
    assert.equal(day.amount_yen, '900');
    assert.equal(day.refund_yen, '120');
  });

  test('-bad- the command checks its days', () => {
    const r = kaijictl(st, 'pay', 'settlement', '--from', '2026-13', '--to', today());
    assert.equal(r.status, 2);
  });
});

describe('settlement: PayPay (toyota)', () => {
  let st;
  before(() => { st = startStack('settle-paypay', 'toyota'); });
  after(() => stopStack(st));

  test('a payment and a refund PayPay confirms later: counted once confirmed, agreeing with the provider', async () => {
    await paid(st, 'paypay');
    const b = await paid(st, 'paypay');
    const r = kaijictl(st, 'pay', 'refund', b.orderId, '--reason', '送付中止');
    assert.equal(r.status, 0, r.stderr);
    let rows = await compare(st, 'paypay');
    assert.equal(rows.filter((x) => x.type === 'refund').length, 0, 'pending: not yet money moved');
    assert.equal(kaijictl(st, 'pay', 'reconcile').status, 0);
    rows = await compare(st, 'paypay');
    assert.equal(rows.filter((x) => x.type === 'refund').map((x) => x.refund_yen).join(), '300');
  });
});

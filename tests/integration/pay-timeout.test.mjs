// Issue 17 item 4: calls that survive real networks. A create that gets no
// answer within Kaiji.Pay.CreateTimeoutSeconds is asked once more under the
// same key before the payment is marked failed; a create that succeeded at
// the provider after we gave up (a slow success) is found by reconcile,
// closed there, or applied if the money came in. The emulator's fault
// "slow" makes the object at once and answers late. A stack per provider
// with 2-second timeouts (tools/stack KAIJI_STACK_CONF).

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { formToken } from './lib.mjs';
import * as fx from './pay-fixtures.mjs';
import { startStack, stopStack, ctl, idle, kaijictl, makeRequest, lookup } from './pay-stack.mjs';

const CONF = 'Kaiji.Pay.CreateTimeoutSeconds = 2\nKaiji.Pay.TimeoutSeconds = 2';

async function citizen(st) {
  const r = makeRequest(st, { amount: 300 });
  const jar = await lookup(st, r.ref, r.code);
  return { ...r, feeId: fx.feeIdOf(st.dir, r.requestId), jar };
}

async function start(st, who) {
  const page = await who.jar.get(`${st.base}/kaiji/status/view`);
  return who.jar.post(`${st.base}/kaiji/pay/start`, { csrf: formToken(page.text) ?? 'none' });
}

const kinds = (st, oid) => fx.paymentEvents(st.dir, oid).map((e) => e.kind);

describe('timeouts: Stripe (yamagata)', () => {
  let st;
  before(() => { st = startStack('timeout-stripe', 'yamagata', { conf: CONF }); });
  after(() => stopStack(st));

  test('one slow create: asked again under the same key, the same session, the citizen goes on', async () => {
    await ctl(st, 'reset', {});
    const who = await citizen(st);
    await ctl(st, 'fault', { provider: 'stripe-create', fault: 'slow', ms: 3000 });
    const t0 = Date.now();
    const s = await start(st, who);
    assert.equal(s.status, 303, s.text.slice(0, 300));
    assert.ok(Date.now() - t0 >= 2000, 'the first ask timed out');
    assert.equal((await ctl(st, 'state')).stripe.length, 1, 'one session at Stripe, not two');
    assert.deepEqual(fx.payments(st.dir, who.feeId).map((p) => p.state), ['redirected']);
    await idle(st);
  });

  test('-bad- no answer twice: failed; reconcile finds the slow success and expires it at Stripe', async () => {
    await ctl(st, 'reset', {});
    const who = await citizen(st);
    await ctl(st, 'fault', { provider: 'stripe-create', fault: 'slow', ms: 3000, count: 2 });
    const s = await start(st, who);
    assert.equal(s.status, 502);
    const [p] = fx.payments(st.dir, who.feeId);
    assert.equal(p.state, 'failed');
    assert.deepEqual(kinds(st, p.orderId), ['create_timeout:ja']);
    const [session] = (await ctl(st, 'state')).stripe;
    assert.equal(session.status, 'open', 'Stripe made it all the same');
    await idle(st);
    const r = kaijictl(st, 'pay', 'reconcile');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`${p.orderId}\\tfailed \\(no answer to create\\) -> expired at the provider`));
    assert.equal((await ctl(st, 'state')).stripe[0].status, 'expired', 'closed at Stripe');
    assert.equal(fx.payments(st.dir, who.feeId)[0].ref, session.id, 'its session recorded');
    assert.doesNotMatch(kaijictl(st, 'pay', 'reconcile').stdout, /no answer to create/, 'looked into once');
    // The citizen starts again: a new payment.
    assert.equal((await start(st, who)).status, 303);
  });

  test('-bad- a slow success the citizen could not see was paid all the same: reconcile applies it', async () => {
    await ctl(st, 'reset', {});
    const who = await citizen(st);
    await ctl(st, 'fault', { provider: 'stripe-create', fault: 'slow', ms: 3000, count: 2 });
    assert.equal((await start(st, who)).status, 502);
    const [session] = (await ctl(st, 'state')).stripe;
    await ctl(st, 'force', { provider: 'stripe', ref: session.id, state: 'paid' });
    await idle(st);
    const r = kaijictl(st, 'pay', 'reconcile');
    assert.match(r.stdout, /-> paid at the provider/);
    assert.deepEqual(fx.payments(st.dir, who.feeId).map((p) => p.state), ['paid']);
    assert.equal(fx.feeState(st.dir, who.feeId), 'paid|online');
  });
});

describe('timeouts: PayPay (toyota)', () => {
  let st;
  before(() => { st = startStack('timeout-paypay', 'toyota', { conf: CONF }); });
  after(() => stopStack(st));

  test('-bad- a slow create: the repeat is a duplicate, failed; reconcile watches the code until it is gone', async () => {
    await ctl(st, 'reset', {});
    const who = await citizen(st);
    await ctl(st, 'fault', { provider: 'paypay-create', fault: 'slow', ms: 3000 });
    const s = await start(st, who);
    assert.equal(s.status, 502);
    const [p] = fx.payments(st.dir, who.feeId);
    assert.equal(p.state, 'failed');
    assert.deepEqual(kinds(st, p.orderId), ['create_timeout:ja']);
    await idle(st);
    let r = kaijictl(st, 'pay', 'reconcile');
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /no answer to create/, 'the code is still open: nothing to settle yet');
    await ctl(st, 'force', { provider: 'paypay', ref: p.orderId, state: 'GONE' });
    r = kaijictl(st, 'pay', 'reconcile');
    assert.match(r.stdout, new RegExp(`${p.orderId}\\tfailed \\(no answer to create\\) -> expired at the provider`));
    assert.equal((await start(st, who)).status, 303, 'a new payment starts');
  });
});

// Issue 17 item 1: the money must match the fee, always. A fee changed,
// waived or paid at the counter while an online payment is open closes that
// payment at the provider in the same step (Stripe: the session expired;
// PayPay: the code deleted) and the status page says so; money that comes
// in anyway for the old amount is held for review (never marks the fee
// paid) and the desk shows it; pay/start never reuses a payment started for
// another amount. Stacks of their own (yamagata: Stripe, toyota: PayPay).

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { formToken } from './lib.mjs';
import * as fx from './pay-fixtures.mjs';
import { startStack, stopStack, emu, ctl, idle, kaijictl, makeRequest, lookup, staff, loginJar } from './pay-stack.mjs';

async function citizen(st, { amount = 300 } = {}) {
  const r = makeRequest(st, { amount });
  const jar = await lookup(st, r.ref, r.code);
  return { ...r, feeId: fx.feeIdOf(st.dir, r.requestId), jar };
}

async function start(st, who) {
  const page = await who.jar.get(`${st.base}/kaiji/status/view`);
  return who.jar.post(`${st.base}/kaiji/pay/start`, { csrf: formToken(page.text) ?? 'none' });
}

async function started(st, who) {
  const s = await start(st, who);
  assert.equal(s.status, 303, `start: ${s.status} ${s.text.slice(0, 300)}`);
  assert.ok(s.headers.location.startsWith(`${st.emu}/`));
  return s.headers.location;
}

const view = (who, st) => who.jar.get(`${st.base}/kaiji/status/view`);

function ok(r, what) {
  assert.equal(r.status, 0, `${what}: ${r.stderr}`);
  return r.stdout;
}

// The provider's object for our order: Stripe's session or PayPay's code.
async function atProvider(st, provider, url) {
  const id = url.split('/').pop();
  return (await ctl(st, 'state'))[provider].find((o) => (o.id ?? o.codeId) === id);
}

function suite(provider, city) {
  describe(`money matches the fee: ${provider} (${city})`, () => {
    let st;
    before(() => { st = startStack(`money-${provider}`, city); });
    after(() => stopStack(st));

    test('a fee changed while a payment is open: closed at the provider, the status page says so, the new start asks the new amount', async () => {
      const who = await citizen(st, { amount: 300 });
      const url = await started(st, who);
      const out = ok(kaijictl(st, 'case', 'fee', who.ref, '--postage', '500'), 'fee changed');
      assert.match(out, /fee: 500\b/);
      assert.match(out, /online payments closed: 1/);
      const o = await atProvider(st, provider, url);
      if (provider === 'stripe') assert.equal(o.status, 'expired', 'the session expired at Stripe');
      else assert.equal(o.gone, true, 'the code deleted at PayPay');
      assert.deepEqual(fx.payments(st.dir, who.feeId).map((p) => p.state), ['expired']);
      const page = await view(who, st);
      assert.match(page.text, /id="pay-superseded"/, 'the status page says the old payment was cancelled');
      assert.match(page.text, /data-event="payment_cancelled"/, 'and the timeline');
      // The old page no longer takes money.
      const old = await emu(st, 'GET', url);
      assert.doesNotMatch(old.text, /id="pay"/, 'the old provider page has no pay button');
      // A new start: a new payment for 500.
      const again = await started(st, who);
      assert.notEqual(again, url);
      assert.equal((await atProvider(st, provider, again)).amount_total ?? (await atProvider(st, provider, again)).amount, 500);
      assert.deepEqual(fx.payments(st.dir, who.feeId).map((p) => [p.state, p.amount]), [['expired', 300], ['redirected', 500]]);
      if (provider === 'stripe') {
        const v = (await ctl(st, 'state')).stripeVersions;
        assert.ok(v.length > 0 && v.every((x) => x === '2024-06-20'), `every call pinned Stripe-Version: ${v}`);
      }
    });

    test('-bad- the old amount paid just before the change: held for review, the fee stays due, the desk and the citizen see it', async () => {
      const who = await citizen(st, { amount: 300 });
      const url = await started(st, who);
      // Paid at the provider, its notification not yet here.
      await ctl(st, 'force', { provider, ref: url.split('/').pop(), state: provider === 'stripe' ? 'paid' : 'COMPLETED' });
      ok(kaijictl(st, 'case', 'fee', who.ref, '--postage', '500'), 'fee changed');
      const [p] = fx.payments(st.dir, who.feeId);
      assert.equal(p.state, 'review', 'the payment is held for review');
      assert.equal(fx.feeState(st.dir, who.feeId), 'due|', 'the fee of 500 is not paid by 300');
      const page = await view(who, st);
      assert.match(page.text, /id="pay-review"/, 'the status page says the payment is being checked');
      const clerk = await loginJar(st, staff(st, 'clerk', ['mayor']));
      const desk = await clerk.get(`${st.base}/kaiji/desk/case/${who.requestId}`);
      assert.match(desk.text, /id="payments-review"/, 'the case page warns');
      assert.match(desk.text, new RegExp(`id="payment-${p.orderId}" data-state="review"`));
      const inbox = await clerk.get(`${st.base}/kaiji/desk/`);
      assert.match(inbox.text, new RegExp(`id="inbox-pay-review"[\\s\\S]*?${who.ref}`), 'the inbox lists it');
      // While that is settled, no second payment starts.
      const s = await start(st, who);
      assert.equal(s.status, 409);
    });

    test('paid at the counter while a payment is open: closed at the provider; a late payment goes to review', async () => {
      const who = await citizen(st, { amount: 300 });
      const url = await started(st, who);
      const out = ok(kaijictl(st, 'case', 'pay', who.ref, '--via', 'counter', '--amount', '300'), 'counter payment');
      assert.match(out, /online payments closed: 1/);
      assert.deepEqual(fx.payments(st.dir, who.feeId).map((p) => p.state), ['expired']);
      assert.equal(fx.feeState(st.dir, who.feeId), 'paid|counter');
      // The provider reports it paid anyway (money taken at the deadline).
      await ctl(st, 'force', { provider, ref: url.split('/').pop(), state: provider === 'stripe' ? 'paid' : 'COMPLETED',
        notify: provider === 'stripe' ? 'checkout.session.completed' : 'COMPLETED' });
      await idle(st);
      assert.deepEqual(fx.payments(st.dir, who.feeId).map((p) => p.state), ['review']);
      assert.equal(fx.feeState(st.dir, who.feeId), 'paid|counter', 'still paid at the counter, once');
    });

    test('-bad- a change whose cancel never reached the provider: pay/start does not reuse the old payment, reconcile closes it', async () => {
      const who = await citizen(st, { amount: 300 });
      const url = await started(st, who);
      // The change as if the provider had been unreachable then.
      fx.exec(st.dir, `UPDATE fee SET amount_yen = 700 WHERE id = ${who.feeId}`);
      const again = await started(st, who);
      assert.notEqual(again, url, 'a new payment, not the old page');
      const o = await atProvider(st, provider, url);
      assert.ok(o.status === 'expired' || o.gone, 'the old one closed at the provider');
      assert.deepEqual(fx.payments(st.dir, who.feeId).map((p) => [p.state, p.amount]), [['expired', 300], ['redirected', 700]]);
      // Reconcile finds what a change left open.
      fx.exec(st.dir, `UPDATE fee SET amount_yen = 900 WHERE id = ${who.feeId}`);
      const r = ok(kaijictl(st, 'pay', 'reconcile', '--older-than', '0'), 'reconcile');
      assert.match(r, /redirected -> expired|expired/);
      assert.deepEqual(fx.payments(st.dir, who.feeId).map((p) => p.state), ['expired', 'expired']);
    });

    test('a fee waived from the desk while a payment is open: closed in the same step', async () => {
      const who = await citizen(st, { amount: 300 });
      const url = await started(st, who);
      const clerk = await loginJar(st, staff(st, 'clerk', ['mayor']));
      const page = await clerk.get(`${st.base}/kaiji/desk/case/${who.requestId}`);
      const r = await clerk.post(`${st.base}/kaiji/desk/case/${who.requestId}/fee`, { csrf: formToken(page.text), mono_pages: '0', colour_pages: '0', postage_yen: '0' });
      assert.equal(r.status, 303, r.text.slice(0, 300));
      assert.equal(fx.feeState(st.dir, who.feeId), 'waived|');
      const o = await atProvider(st, provider, url);
      assert.ok(o.status === 'expired' || o.gone, 'closed at the provider');
      assert.deepEqual(fx.payments(st.dir, who.feeId).map((p) => p.state), ['expired']);
    });
  });
}

suite('stripe', 'yamagata');
suite('paypay', 'toyota');

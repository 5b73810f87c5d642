// Online payment through nginx against the provider emulator: a full
// flow per provider and every fault of issue #7. Each provider gets its
// own stack (tools/stack with KAIJI_PAY_EMULATOR=1): yamagata uses Stripe,
// toyota PayPay. The stacks live under $KAIJI_VAR/pay-NAME and are stopped
// at the end; their logs are checked for sanitizer reports.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { BIN, request, formToken, CookieJar } from './lib.mjs';
import * as fx from './pay-fixtures.mjs';
import { CHECK_REFUSED } from './db.mjs';
import { startStack, stopStack, emu, ctl, idle, kaijictl, makeRequest, lookup } from './pay-stack.mjs';

// A citizen who has looked their request up: the lookup cookie in a jar.
// The request and its fee are made by kaijictl; the cookie by the real
// status lookup (pay-stack.mjs).
async function citizen(st, { amount = 300 } = {}) {
  const r = makeRequest(st, { amount });
  const jar = await lookup(st, r.ref, r.code);
  return { ...r, feeId: fx.feeIdOf(st.dir, r.requestId), jar };
}

async function payPage(st, who) {
  return who.jar.get(`${st.base}/kaiji/pay/`);
}

async function start(st, who) {
  const page = await payPage(st, who);
  return who.jar.post(`${st.base}/kaiji/pay/start`, { csrf: formToken(page.text) ?? 'none' });
}

// Start, open the provider's page and press a button there. Resolves the
// provider page's answer (a 303 back to us, or a page).
async function payAt(st, who, action) {
  const s = await start(st, who);
  assert.equal(s.status, 303, `start: ${s.status} ${s.text.slice(0, 300)}`);
  const loc = s.headers.location;
  assert.ok(loc.startsWith(`${st.emu}/`), `redirected to the emulator: ${loc}`);
  const pg = await emu(st, 'GET', loc);
  assert.equal(pg.status, 200);
  assert.match(pg.text, /id="pay"/);
  const done = await emu(st, 'POST', `${new URL(loc).pathname}/${action}`, '');
  return { start: s, page: pg, done, url: loc };
}

const stateOf = (st, who) => fx.payments(st.dir, who.feeId).map((p) => p.state);

async function returnPage(st, url) {
  const r = await request('GET', url);
  assert.equal(r.status, 200, r.text.slice(0, 300));
  return /data-state="([a-z]+)"/.exec(r.text)?.[1];
}

describe('pay: Stripe Checkout (yamagata)', () => {
  let st;
  before(() => { st = startStack('stripe', 'yamagata'); });
  after(() => stopStack(st));

  test('full flow: pay page → start → provider page → return → notification → paid', async () => {
    await ctl(st, 'reset', {});
    const who = await citizen(st, { amount: 300 });
    const page = await payPage(st, who);
    assert.match(page.text, /id="pay-sandbox"/, 'the page says a sandbox is in use');
    assert.match(page.text, /action="\/kaiji\/pay\/start"/);
    const r = await payAt(st, who, 'pay');
    assert.equal(r.done.status, 303);
    const back = r.done.headers.location;
    assert.match(back, new RegExp(`^${st.base}/kaiji/pay/return/stripe\\?o=[0-9a-f]{26}&session_id=cs_test_`));
    await idle(st);
    assert.equal(await returnPage(st, back), 'paid');
    assert.deepEqual(stateOf(st, who), ['paid']);
    assert.equal(fx.feeState(st.dir, who.feeId), 'paid|online');
    assert.equal(fx.caseEvents(st.dir, who.requestId, 'fee_paid'), 1);
    const after2 = await payPage(st, who);
    assert.match(after2.text, /お支払い済み|paid/);
    assert.doesNotMatch(after2.text, /action="\/kaiji\/pay\/start"/, 'no pay button once paid');
    const list = kaijictl(st, 'pay', 'list', '--state', 'paid');
    assert.equal(list.status, 0);
    assert.match(list.stdout, new RegExp(`${fx.payments(st.dir, who.feeId)[0].orderId}\\tstripe\\tpaid\\t300`));
  });

  test('the provider gets only the amount, our order id and a generic description', async () => {
    await ctl(st, 'reset', {});
    const who = await citizen(st, { amount: 450 });
    await start(st, who);
    const [s] = (await ctl(st, 'state')).stripe;
    const [p] = fx.payments(st.dir, who.feeId);
    assert.equal(s.amount_total, 450);
    assert.equal(s.client_reference_id, p.orderId);
    assert.equal(s.product, '写しの交付に要する費用（個人情報の開示）', 'named as what it is, not 手数料');
    assert.doesNotMatch(JSON.stringify(s), new RegExp(who.ref), 'no reference number sent');
    assert.doesNotMatch(JSON.stringify(s), /テスト/, 'no name sent');
  });

  test('one fee, one payment: a second start reuses the open one; after paying it is refused', async () => {
    await ctl(st, 'reset', {});
    const who = await citizen(st);
    const a = await start(st, who);
    const b = await start(st, who);
    assert.equal(a.status, 303);
    assert.equal(b.status, 303);
    assert.equal(b.headers.location, a.headers.location, 'same provider page');
    assert.equal(fx.payments(st.dir, who.feeId).length, 1);
    await emu(st, 'POST', `${new URL(a.headers.location).pathname}/pay`, '');
    await idle(st);
    const c = await start(st, who);
    assert.equal(c.status, 409);
    assert.match(c.text, /data-result="already_paid"/);
    assert.equal(fx.payments(st.dir, who.feeId).length, 1);
  });

  test('-bad- no lookup session: start is refused', async () => {
    const jar = new CookieJar();
    const page = await jar.get(`${st.base}/kaiji/pay/`);
    const r = await jar.post(`${st.base}/kaiji/pay/start`, { csrf: formToken(page.text) });
    assert.equal(r.status, 403);
    assert.match(r.text, /data-result="no_session"/);
  });

  test('-bad- below Stripe\'s ¥50 minimum: offline methods only, with the reason', async () => {
    const who = await citizen(st, { amount: 30 });
    const page = await payPage(st, who);
    assert.doesNotMatch(page.text, /action="\/kaiji\/pay\/start"/);
    assert.match(page.text, /最低金額/);
    const r = await start(st, who);
    assert.equal(r.status, 409);
    assert.match(r.text, /data-result="below_minimum"/);
    assert.equal(fx.payments(st.dir, who.feeId).length, 0);
  });

  test('-bad- bad signature: rejected (400), retried, nothing changes', async () => {
    await ctl(st, 'reset', {});
    await ctl(st, 'fault', { provider: 'stripe', fault: 'bad_signature' });
    const who = await citizen(st);
    await payAt(st, who, 'pay');
    await idle(st);
    const [d] = await ctl(st, 'deliveries');
    assert.ok(d.attempts.length >= 2, 'the emulator retried');
    assert.ok(d.attempts.every((x) => x.status === 400));
    assert.deepEqual(stateOf(st, who), ['redirected']);
    assert.deepEqual(fx.paymentEvents(st.dir, fx.payments(st.dir, who.feeId)[0].orderId), []);
  });

  test('-bad- stale timestamp (600 s): rejected, nothing changes', async () => {
    await ctl(st, 'reset', {});
    await ctl(st, 'fault', { provider: 'stripe', fault: 'stale' });
    const who = await citizen(st);
    await payAt(st, who, 'pay');
    await idle(st);
    const [d] = await ctl(st, 'deliveries');
    assert.equal(d.attempts[0].status, 400);
    assert.deepEqual(stateOf(st, who), ['redirected']);
  });

  test('-bad- another account\'s signature (wrong merchant): rejected', async () => {
    await ctl(st, 'reset', {});
    await ctl(st, 'fault', { provider: 'stripe', fault: 'wrong_merchant' });
    const who = await citizen(st);
    await payAt(st, who, 'pay');
    await idle(st);
    assert.deepEqual(stateOf(st, who), ['redirected']);
    assert.equal(fx.feeState(st.dir, who.feeId), 'due|');
  });

  test('duplicate notification: one payment, one event', async () => {
    await ctl(st, 'reset', {});
    await ctl(st, 'fault', { provider: 'stripe', fault: 'duplicate' });
    const who = await citizen(st);
    await payAt(st, who, 'pay');
    await idle(st);
    const [d] = await ctl(st, 'deliveries');
    assert.equal(d.attempts.filter((x) => x.status === 200).length, 2, 'both deliveries acknowledged');
    assert.deepEqual(stateOf(st, who), ['paid']);
    const ev = fx.paymentEvents(st.dir, fx.payments(st.dir, who.feeId)[0].orderId);
    assert.equal(ev.length, 1);
    assert.equal(fx.caseEvents(st.dir, who.requestId, 'fee_paid'), 1);
  });

  test('two notifications delivered concurrently: one state change, one event', async () => {
    await ctl(st, 'reset', {});
    await ctl(st, 'fault', { provider: 'stripe', fault: 'concurrent' });
    const who = await citizen(st);
    await payAt(st, who, 'pay');
    await idle(st);
    assert.deepEqual(stateOf(st, who), ['paid']);
    const ev = fx.paymentEvents(st.dir, fx.payments(st.dir, who.feeId)[0].orderId);
    assert.equal(ev.length, 1);
    assert.equal(ev.filter((e) => e.data.from !== e.data.to).length, 1);
    assert.equal(fx.caseEvents(st.dir, who.requestId, 'fee_paid'), 1);
  });

  test('return and notification at once: one state change, nothing twice', async () => {
    await ctl(st, 'reset', {});
    await ctl(st, 'fault', { provider: 'stripe', fault: 'hold' });
    const who = await citizen(st);
    const r = await payAt(st, who, 'pay');
    const [state] = await Promise.all([returnPage(st, r.done.headers.location), ctl(st, 'release', {})]);
    await idle(st);
    assert.equal(state, 'paid');
    assert.deepEqual(stateOf(st, who), ['paid']);
    const ev = fx.paymentEvents(st.dir, fx.payments(st.dir, who.feeId)[0].orderId);
    assert.equal(ev.filter((e) => e.data.to === 'paid' && e.data.from !== 'paid').length, 1);
    assert.equal(fx.caseEvents(st.dir, who.requestId, 'fee_paid'), 1);
  });

  test('-bad- expired after completed (reordered): stays paid', async () => {
    await ctl(st, 'reset', {});
    await ctl(st, 'fault', { provider: 'stripe', fault: 'hold', count: 2 });
    const who = await citizen(st);
    const r = await payAt(st, who, 'pay');
    const ref = new URL(r.url).pathname.split('/').pop();
    await ctl(st, 'notify', { provider: 'stripe', ref, type: 'checkout.session.expired' });
    await ctl(st, 'release', { order: 'reverse' });
    await idle(st);
    const ds = await ctl(st, 'deliveries');
    assert.deepEqual(ds.map((d) => d.type), ['checkout.session.completed', 'checkout.session.expired']);
    assert.ok(ds.every((d) => d.acked));
    assert.deepEqual(stateOf(st, who), ['paid']);
    await ctl(st, 'notify', { provider: 'stripe', ref, type: 'checkout.session.expired' });
    await idle(st);
    assert.deepEqual(stateOf(st, who), ['paid'], 'a late expired never overwrites paid');
    assert.equal(fx.caseEvents(st.dir, who.requestId, 'fee_paid'), 1);
  });

  test('-bad- wrong amount: held for review, not paid; a new start is refused', async () => {
    await ctl(st, 'reset', {});
    await ctl(st, 'fault', { provider: 'stripe', fault: 'wrong_amount' });
    const who = await citizen(st);
    await payAt(st, who, 'pay');
    await idle(st);
    assert.deepEqual(stateOf(st, who), ['review']);
    assert.equal(fx.feeState(st.dir, who.feeId), 'due|');
    assert.equal(fx.caseEvents(st.dir, who.requestId, 'fee_paid'), 0);
    const again = await start(st, who);
    assert.equal(again.status, 409);
    assert.match(again.text, /data-result="in_progress"/);
  });

  test('lost notification: kaijictl pay reconcile settles it', async () => {
    await ctl(st, 'reset', {});
    await ctl(st, 'fault', { provider: 'stripe', fault: 'drop' });
    const who = await citizen(st);
    await payAt(st, who, 'pay');
    await idle(st);
    assert.deepEqual(stateOf(st, who), ['redirected']);
    const r0 = kaijictl(st, 'pay', 'reconcile');
    assert.equal(r0.status, 0, r0.stderr);
    assert.deepEqual(stateOf(st, who), ['redirected'], 'too recent for reconciliation');
    fx.agePayment(st.dir, fx.payments(st.dir, who.feeId)[0].orderId);
    const r = kaijictl(st, 'pay', 'reconcile');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /redirected -> paid/);
    assert.deepEqual(stateOf(st, who), ['paid']);
    assert.equal(fx.feeState(st.dir, who.feeId), 'paid|online');
  });

  test('return with no notification: pending until confirmed', async () => {
    await ctl(st, 'reset', {});
    await ctl(st, 'fault', { provider: 'stripe', fault: 'drop', count: 5 });
    const who = await citizen(st);
    const r = await payAt(st, who, 'pay_later');
    assert.equal(await returnPage(st, r.done.headers.location), 'pending');
    assert.deepEqual(stateOf(st, who), ['pending']);
    assert.equal(fx.feeState(st.dir, who.feeId), 'due|');
    const ref = new URL(r.url).pathname.split('/').pop();
    await ctl(st, 'force', { provider: 'stripe', ref, state: 'paid' });
    fx.agePayment(st.dir, fx.payments(st.dir, who.feeId)[0].orderId);
    const k = kaijictl(st, 'pay', 'reconcile');
    assert.equal(k.status, 0, k.stderr);
    assert.deepEqual(stateOf(st, who), ['paid']);
  });

  test('abandoned: expired only after the provider confirms it unpaid', async () => {
    await ctl(st, 'reset', {});
    const who = await citizen(st);
    const r = await payAt(st, who, 'abandon');
    assert.equal(r.done.status, 200);
    const oid = fx.payments(st.dir, who.feeId)[0].orderId;
    fx.agePayment(st.dir, oid);
    kaijictl(st, 'pay', 'reconcile');
    assert.deepEqual(stateOf(st, who), ['redirected'], 'still open at the provider: not expired');
    fx.agePayment(st.dir, oid, { expired: true });
    const k = kaijictl(st, 'pay', 'reconcile');
    assert.equal(k.status, 0, k.stderr);
    assert.deepEqual(stateOf(st, who), ['expired']);
    const [s] = (await ctl(st, 'state')).stripe;
    assert.equal(s.status, 'expired', 'expired at the provider first');
    const again = await start(st, who);
    assert.equal(again.status, 303, 'a new payment can start');
    assert.deepEqual(stateOf(st, who), ['expired', 'redirected']);
  });

  test('cancel on the provider page: back with nothing paid, the same payment is reused', async () => {
    await ctl(st, 'reset', {});
    const who = await citizen(st);
    const r = await payAt(st, who, 'cancel');
    assert.equal(r.done.status, 303);
    assert.match(r.done.headers.location, /&cancel=1$/);
    const res = await request('GET', r.done.headers.location);
    assert.match(res.text, /data-state="redirected"/);
    assert.match(res.text, /取り消されました/);
    const again = await start(st, who);
    assert.equal(again.headers.location, r.url);
  });

  test('refund from kaijictl: recorded as events, fee refunded', async () => {
    await ctl(st, 'reset', {});
    const who = await citizen(st, { amount: 500 });
    await payAt(st, who, 'pay');
    await idle(st);
    const oid = fx.payments(st.dir, who.feeId)[0].orderId;
    const bad = kaijictl(st, 'pay', 'refund', oid, '--reason', 'x', '--amount', '501');
    assert.equal(bad.status, 1, '-bad- more than paid');
    const part = kaijictl(st, 'pay', 'refund', oid, '--reason', '過払い', '--amount', '100');
    assert.equal(part.status, 0, part.stderr);
    assert.deepEqual(stateOf(st, who), ['paid']);
    const all = kaijictl(st, 'pay', 'refund', oid, '--reason', '送付中止');
    assert.equal(all.status, 0, all.stderr);
    assert.deepEqual(stateOf(st, who), ['refunded']);
    assert.equal(fx.feeState(st.dir, who.feeId), 'refunded|online');
    assert.equal(fx.caseEvents(st.dir, who.requestId, 'fee_refunded'), 2);
    assert.equal(fx.paymentEvents(st.dir, oid).filter((e) => e.kind === 'refund').length, 2);
    const [s] = (await ctl(st, 'state')).stripe;
    assert.equal(s.refunded, 500);
  });

  test('-bad- the provider sends the browser to a foreign host: refused', async () => {
    await ctl(st, 'reset', {});
    await ctl(st, 'fault', { provider: 'stripe-create', fault: 'foreign_url' });
    const who = await citizen(st);
    const r = await start(st, who);
    assert.equal(r.status, 502);
    assert.deepEqual(stateOf(st, who), ['failed']);
  });

  test('-bad- forged and malformed notifications', async () => {
    const body = '{"id":"evt_x","type":"checkout.session.completed","data":{"object":{}}}';
    const r = await request('POST', `${st.base}/kaiji/pay/notify/stripe`, { body, headers: { 'content-type': 'application/json' } });
    assert.equal(r.status, 400, 'no signature');
    const r2 = await request('POST', `${st.base}/kaiji/pay/notify/nosuch`, { body, headers: { 'content-type': 'application/json' } });
    assert.equal(r2.status, 404);
    const r3 = await request('GET', `${st.base}/kaiji/pay/return/stripe?o=00000000000000000000000000`);
    assert.equal(r3.status, 404);
  });

  test('-bad- libcurl refuses file://, http:// and other hosts for a provider', async () => {
    for (const [url, why] of [['file:///etc/passwd', 'https'], ['http://127.0.0.1:9', 'https'], ['https://127.0.0.1:9', null]]) {
      const conf = path.join(st.dir, 'bad.hdf');
      fs.writeFileSync(conf, `#include "${st.config}"\nKaiji.Pay.Stripe.ApiBase = ${url}\n`);
      const who = await citizen(st);
      // SQL: an open, aged payment for reconcile to pick up at once; only
      // the bad ApiBase matters here, not how the payment was started.
      fx.exec(st.dir, `INSERT INTO payment (order_id, fee_id, provider, provider_ref, amount_yen, state, expires_at, created_at, updated_at)
        VALUES ('${'f'.repeat(20)}${who.feeId.toString(16).padStart(6, '0')}', ${who.feeId}, 'stripe', 'cs_test_x', 300, 'redirected', 9999999999, 't', '2000-01-01T00:00:00Z')`);
      const r = spawnSync(path.join(BIN, 'kaijictl'), ['-c', conf, 'pay', 'reconcile'], { encoding: 'utf8' });
      assert.equal(r.status, 1, `${url}: refused`);
      if (why) assert.match(r.stderr, /an https URL is needed/);
      else assert.match(r.stdout + r.stderr, /error/);
      fx.exec(st.dir, `UPDATE payment SET state = 'failed' WHERE fee_id = ${who.feeId}`);
    }
  });
});

describe('pay: PayPay web payment (toyota)', () => {
  let st;
  before(() => { st = startStack('paypay', 'toyota'); });
  after(() => stopStack(st));

  test('full flow: start → PayPay page → return → unsigned notification confirmed by lookup → paid', async () => {
    await ctl(st, 'reset', {});
    const who = await citizen(st, { amount: 120 });
    const r = await payAt(st, who, 'pay');
    assert.equal(r.done.status, 303);
    await idle(st);
    const [d] = await ctl(st, 'deliveries');
    assert.equal(d.attempts[0].status, 200);
    assert.equal(d.attempts[0].body, 'OK');
    assert.deepEqual(stateOf(st, who), ['paid']);
    assert.equal(await returnPage(st, r.done.headers.location), 'paid');
    assert.equal(fx.feeState(st.dir, who.feeId), 'paid|online');
    assert.equal(fx.caseEvents(st.dir, who.requestId, 'fee_paid'), 1);
  });

  test('-bad- a forged notification is only a hint: the lookup says unpaid, nothing changes', async () => {
    await ctl(st, 'reset', {});
    const who = await citizen(st);
    await start(st, who);
    const [p] = fx.payments(st.dir, who.feeId);
    const merchant = fs.readFileSync(path.join(st.dir, 'emulator/paypay-merchant-id'), 'utf8').trim();
    const body = JSON.stringify({ notification_type: 'Transaction', merchant_id: merchant, merchant_order_id: p.orderId, order_amount: '300', state: 'COMPLETED' });
    const r = await request('POST', `${st.base}/kaiji/pay/notify/paypay`, { body, headers: { 'content-type': 'application/json' } });
    assert.equal(r.status, 200);
    assert.deepEqual(stateOf(st, who), ['redirected']);
  });

  // Issue 16 item 10: an unsigned notification is a hint that costs a
  // lookup; a flood of distinct bodies for one order must not cost a
  // lookup and a row each.
  test('-bad- a flood of distinct unsigned notifications for one order: one lookup, no row per body', async () => {
    await ctl(st, 'reset', {});
    const who = await citizen(st);
    await start(st, who);
    const [p] = fx.payments(st.dir, who.feeId);
    const merchant = fs.readFileSync(path.join(st.dir, 'emulator/paypay-merchant-id'), 'utf8').trim();
    const statuses = await Promise.all(Array.from({ length: 12 }, (_, i) => request('POST', `${st.base}/kaiji/pay/notify/paypay`, {
      body: JSON.stringify({ notification_type: 'Transaction', merchant_id: merchant, merchant_order_id: p.orderId,
        order_amount: '300', state: 'COMPLETED', pos_id: String(i), order_id: `forged${i}` }),
      headers: { 'content-type': 'application/json' },
    })));
    const again = statuses.find((r) => r.status === 503);
    assert.equal(again?.headers['retry-after'], '5', 'the ones in between are asked to come again');
    statuses.splice(0, statuses.length, ...statuses.map((r) => r.status));
    assert.ok(statuses.every((s) => s === 200 || s === 503), statuses.join(','));
    assert.equal(statuses.filter((s) => s === 200).length, 1, `one was looked up: ${statuses.join(',')}`);
    const [code] = (await ctl(st, 'state')).paypay;
    assert.equal(code.lookups, 1, 'one lookup at the provider');
    assert.equal(fx.paymentEvents(st.dir, p.orderId).length, 0, 'no row for a body the lookup did not confirm');
    assert.deepEqual(stateOf(st, who), ['redirected']);
    // a few seconds on, the next one is looked up again (still no row)
    await new Promise((r) => setTimeout(r, 4500));
    const later = await request('POST', `${st.base}/kaiji/pay/notify/paypay`, {
      body: JSON.stringify({ notification_type: 'Transaction', merchant_id: merchant, merchant_order_id: p.orderId,
        order_amount: '300', state: 'COMPLETED', pos_id: 'later' }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(later.status, 200);
    assert.equal((await ctl(st, 'state')).paypay[0].lookups, 2);
    assert.equal(fx.paymentEvents(st.dir, p.orderId).length, 0);
  });

  test('-bad- the return URL asks the provider at most once per few seconds per order', async () => {
    await ctl(st, 'reset', {});
    const who = await citizen(st);
    await start(st, who);
    const [p] = fx.payments(st.dir, who.feeId);
    const url = `${st.base}/kaiji/pay/return/paypay?o=${p.orderId}`;
    for (let i = 0; i < 6; i++) assert.equal(await returnPage(st, url), 'redirected');
    await Promise.all(Array.from({ length: 6 }, () => returnPage(st, url)));
    assert.equal((await ctl(st, 'state')).paypay[0].lookups, 1, 'one lookup for twelve loads');
    await new Promise((r) => setTimeout(r, 4500));
    assert.equal(await returnPage(st, url), 'redirected');
    assert.equal((await ctl(st, 'state')).paypay[0].lookups, 2, 'asked again a few seconds on');
  });

  test('-bad- wrong merchant: rejected', async () => {
    await ctl(st, 'reset', {});
    await ctl(st, 'fault', { provider: 'paypay', fault: 'wrong_merchant' });
    const who = await citizen(st);
    await payAt(st, who, 'pay');
    await idle(st);
    const [d] = await ctl(st, 'deliveries');
    assert.equal(d.attempts[0].status, 400);
    assert.deepEqual(stateOf(st, who), ['redirected'], 'no lookup was made for a foreign merchant');
  });

  test('duplicate and concurrent notifications: one state change, one event', async () => {
    await ctl(st, 'reset', {});
    await ctl(st, 'fault', { provider: 'paypay', fault: 'concurrent' });
    const who = await citizen(st);
    await payAt(st, who, 'pay');
    await idle(st);
    assert.deepEqual(stateOf(st, who), ['paid']);
    assert.equal(fx.paymentEvents(st.dir, fx.payments(st.dir, who.feeId)[0].orderId).length, 1);
    assert.equal(fx.caseEvents(st.dir, who.requestId, 'fee_paid'), 1);
  });

  test('-bad- wrong amount at the provider: held for review', async () => {
    await ctl(st, 'reset', {});
    await ctl(st, 'fault', { provider: 'paypay', fault: 'wrong_amount' });
    const who = await citizen(st);
    await payAt(st, who, 'pay');
    await idle(st);
    assert.deepEqual(stateOf(st, who), ['review']);
    assert.equal(fx.feeState(st.dir, who.feeId), 'due|');
  });

  test('declined: failed, and a new payment can start', async () => {
    await ctl(st, 'reset', {});
    const who = await citizen(st);
    const r = await payAt(st, who, 'decline');
    await idle(st);
    assert.equal(await returnPage(st, r.done.headers.location), 'failed');
    const again = await start(st, who);
    assert.equal(again.status, 303);
    assert.deepEqual(stateOf(st, who), ['failed', 'redirected']);
  });

  test('lost notification and an abandoned code: reconcile settles and expires', async () => {
    await ctl(st, 'reset', {});
    await ctl(st, 'fault', { provider: 'paypay', fault: 'drop' });
    const paid = await citizen(st);
    await payAt(st, paid, 'pay');
    const gone = await citizen(st);
    await payAt(st, gone, 'abandon');
    await idle(st);
    fx.agePayment(st.dir, fx.payments(st.dir, paid.feeId)[0].orderId);
    fx.agePayment(st.dir, fx.payments(st.dir, gone.feeId)[0].orderId, { expired: true });
    const k = kaijictl(st, 'pay', 'reconcile');
    assert.equal(k.status, 0, k.stderr);
    assert.deepEqual(stateOf(st, paid), ['paid']);
    assert.deepEqual(stateOf(st, gone), ['expired']);
  });

  test('refund from kaijictl', async () => {
    await ctl(st, 'reset', {});
    const who = await citizen(st, { amount: 200 });
    await payAt(st, who, 'pay');
    await idle(st);
    const oid = fx.payments(st.dir, who.feeId)[0].orderId;
    const k = kaijictl(st, 'pay', 'refund', oid, '--reason', '送付中止');
    assert.equal(k.status, 0, k.stderr);
    // PayPay refunds asynchronously: accepted, pending until confirmed.
    assert.match(k.stdout, /refund pending/);
    assert.deepEqual(stateOf(st, who), ['paid']);
    assert.equal(fx.sql(st.dir, `SELECT state FROM payment_refund WHERE key = '${oid}-r1'`), 'pending');
    const r = kaijictl(st, 'pay', 'reconcile');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`${oid}\trefund ${oid}-r1\tpending -> succeeded`));
    assert.deepEqual(stateOf(st, who), ['refunded']);
    assert.equal(fx.sql(st.dir, `SELECT state FROM payment_refund WHERE key = '${oid}-r1'`), 'succeeded');
    const [c] = (await ctl(st, 'state')).paypay;
    assert.equal(c.status, 'REFUNDED');
  });

  test('-bad- a refund PayPay fails later: recorded failed, nothing refunded, the money can be refunded again', async () => {
    await ctl(st, 'reset', {});
    const who = await citizen(st, { amount: 200 });
    await payAt(st, who, 'pay');
    await idle(st);
    const oid = fx.payments(st.dir, who.feeId)[0].orderId;
    await ctl(st, 'fault', { provider: 'paypay-refund', fault: 'refund_fails' });
    const k = kaijictl(st, 'pay', 'refund', oid, '--reason', '送付中止');
    assert.equal(k.status, 0, k.stderr);
    const again = kaijictl(st, 'pay', 'refund', oid, '--reason', '二重');
    assert.notEqual(again.status, 0, 'no second refund while one is pending');
    assert.match(again.stderr, /pending/);
    const r = kaijictl(st, 'pay', 'reconcile');
    assert.match(r.stdout, /pending -> failed/);
    assert.deepEqual(stateOf(st, who), ['paid']);
    assert.equal(fx.sql(st.dir, `SELECT state || '|' || (SELECT refunded_yen FROM payment WHERE order_id = '${oid}') FROM payment_refund WHERE key = '${oid}-r1'`), 'failed|0');
    const third = kaijictl(st, 'pay', 'refund', oid, '--reason', '再度');
    assert.equal(third.status, 0, third.stderr);
    kaijictl(st, 'pay', 'reconcile');
    assert.deepEqual(stateOf(st, who), ['refunded']);
  });
});

// Refunds made in a provider's dashboard are found by reconcile and
// recorded with their source (issue 17 item 3).
for (const [provider, city] of [['stripe', 'yamagata'], ['paypay', 'toyota']]) {
  describe(`dashboard refunds: ${provider} (${city})`, () => {
    let st;
    before(() => { st = startStack(`dash-${provider}`, city); });
    after(() => stopStack(st));

    test('a part refunded in the dashboard, then the rest: reconcile records both, the payment ends refunded', async () => {
      const who = await citizen(st, { amount: 300 });
      const s = await start(st, who);
      const loc = s.headers.location;
      await emu(st, 'POST', `${new URL(loc).pathname}/pay`, '');
      await idle(st);
      const [p] = fx.payments(st.dir, who.feeId);
      assert.equal(p.state, 'paid');
      await ctl(st, 'dashboard_refund', { provider, ref: loc.split('/').pop(), amount: 100 });
      let r = kaijictl(st, 'pay', 'reconcile');
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /found \(dashboard, 100 yen\)/);
      assert.equal(fx.sql(st.dir, `SELECT r.source || '|' || r.state || '|' || r.amount_yen FROM payment_refund r JOIN payment p ON p.id = r.payment_id WHERE p.order_id = '${p.orderId}'`), 'dashboard|succeeded|100');
      assert.equal(fx.sql(st.dir, `SELECT refunded_yen || '|' || state FROM payment WHERE order_id = '${p.orderId}'`), '100|paid');
      // Seen once only.
      r = kaijictl(st, 'pay', 'reconcile');
      assert.doesNotMatch(r.stdout, /found/);
      await ctl(st, 'dashboard_refund', { provider, ref: loc.split('/').pop(), amount: 200 });
      r = kaijictl(st, 'pay', 'reconcile');
      assert.equal(fx.sql(st.dir, `SELECT refunded_yen || '|' || state FROM payment WHERE order_id = '${p.orderId}'`), '300|refunded');
      assert.equal(fx.feeState(st.dir, who.feeId).split('|')[0], 'refunded');
      const page = await who.jar.get(`${st.base}/kaiji/status/view`);
      assert.equal((page.text.match(/data-event="fee_refunded"/g) ?? []).length, 2, 'the citizen sees both refunds');
    });

    test('-bad- the schema refuses a refund above the amount', () => {
      assert.throws(() => fx.exec(st.dir, "UPDATE payment SET refunded_yen = amount_yen + 1 WHERE id = (SELECT MIN(id) FROM payment)"),
        CHECK_REFUSED);
    });
  });
}

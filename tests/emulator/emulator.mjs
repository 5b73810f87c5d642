// The payment provider emulator: one local HTTPS server on 127.0.0.1 that
// speaks Stripe Checkout's, PayPay OPA's and GMO-PG リンクタイプPlus's wire
// formats (the research note on payments), for the tests and for `make run`.
// Node built-ins only.
//
//   node tests/emulator/emulator.mjs --dir DIR [--port N]
//        [--stripe-webhook URL] [--paypay-webhook URL] [--gmo-webhook URL]
//
// DIR holds what tests/emulator/setup.sh made (server.pem, server.key, the
// keys and secrets); the emulator writes its port to DIR/port once it
// listens. Faces:
//   API       Stripe /v1/checkout/sessions…, /v1/refunds (Bearer key, form
//             bodies, Idempotency-Key); PayPay /v2/codes…, /v2/refunds
//             (OPA-Auth HMAC with a 2-minute epoch window and nonce replay
//             check, X-ASSUME-MERCHANT); GMO /payment/GetLinkplusUrlPayment.json,
//             RejectLinkplusUrlPayment.json (JSON with ShopID/ShopPass),
//             SearchTradeMulti.idPass (form in, key=value out)
//   GMO       /gmo/pay/ORDERID: pay (card), pay_cvs (コンビニ: numbers
//             issued, paid later by /__emu/force), decline, abandon; the
//             return carries result = B64URL(json).SHA256hex(B64 + ShopPass);
//             the 結果通知 is an unsigned form and must be answered "0";
//             faults: wrong_amount (the money taken differs), unpaid
//             (provider gmo-lookup: SearchTradeMulti says UNPROCESSED)
//   pages     /stripe/pay/ID and /paypay/pay/ID: pay, decline, cancel,
//             abandon (and, for Stripe, pay later = a konbini-like delayed
//             payment), then the provider's redirect back
//   notifier  signs exactly as the provider does and retries until the
//             provider's acknowledgement; faults on demand: drop,
//             duplicate, concurrent, delay, hold (then release, reversed =
//             reorder), bad_signature, stale, wrong_amount, wrong_merchant
//   control   /__emu/reset, /__emu/state, /__emu/fault, /__emu/force,
//             /__emu/notify, /__emu/clock, /__emu/release, /__emu/deliveries,
//             /__emu/idle, /__emu/dashboard_refund (a refund made by hand
//             in the provider's dashboard), /__emu/settlement?from=&to=
//             (the provider's settlement report as CSV)
//   more faults: slow (provider stripe-create or paypay-create, ms: the
//             object is made, the answer comes late), refund_fails
//             (provider paypay-refund: accepted, FAILED when looked up)
//   Stripe calls carry Stripe-Version 2024-06-20 or none; PayPay refunds
//             are CREATED (pending) until looked up again

import https from 'node:https';
import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

function args() {
  const o = { port: 0 };
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i += 2) {
    const k = a[i].replace(/^--/, '');
    o[k.replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = a[i + 1];
  }
  if (!o.dir) throw new Error('usage: emulator.mjs --dir DIR [--port N] [--stripe-webhook URL] [--paypay-webhook URL] [--gmo-webhook URL]');
  return o;
}

const opt = args();
const read = (f) => fs.readFileSync(path.join(opt.dir, f), 'utf8').trim();
const CONF = {
  stripeKey: read('stripe-secret-key'),
  stripeHook: read('stripe-webhook-secret'),
  paypayKey: read('paypay-api-key'),
  paypaySecret: read('paypay-api-secret'),
  paypayMerchant: read('paypay-merchant-id'),
  gmoShop: read('gmo-shop-id'),
  gmoPass: read('gmo-shop-pass'),
};
// Retry schedules, compressed: Stripe retries for days, PayPay 3 times.
// GMO: about every 60 minutes, 5 times.
const RETRY_MS = { stripe: [300, 600, 1200], paypay: [300, 600, 900], gmo: [300, 600, 900, 1200, 1500] };
const ACK_TIMEOUT_MS = { stripe: 10000, paypay: 1500, gmo: 10000 };

let S;
function reset() {
  S = {
    clock: 0,
    stripe: { sessions: new Map(), idem: new Map(), refunds: new Map(), refundList: new Map(), versions: [] },
    paypay: { codes: new Map(), byOrder: new Map(), nonces: new Map(), refunds: new Map() },
    gmo: { links: new Map() },
    faults: [],
    held: [],
    deliveries: [],
    inflight: 0,
    seq: 0,
  };
}
reset();

let PORT = 0;
const now = () => Math.floor(Date.now() / 1000) + S.clock;
const rand = (n) => crypto.randomBytes(n).toString('hex');
const base = () => `https://127.0.0.1:${PORT}`;

// ---- HTTP plumbing ----

function send(res, status, body, type = 'application/json') {
  const b = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(b) });
  res.end(b);
}

function redirect(res, url) {
  res.writeHead(303, { location: url, 'content-length': 0 });
  res.end();
}

function page(res, title, inner) {
  send(res, 200, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body><p id="emulator-banner"><strong>Test payment provider (kaiji emulator)</strong>: no real money moves.</p>
<h1>${title}</h1>${inner}</body></html>`, 'text/html; charset=utf-8');
}

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// ---- faults ----

// The next fault for provider (or any provider), consumed once.
function takeFaults(provider) {
  const out = [];
  S.faults = S.faults.filter((f) => {
    // A fault without a provider is for notifications only.
    if (f.provider ? f.provider !== provider : provider.includes('-')) return true;
    out.push(f);
    f.count = (f.count ?? 1) - 1;
    return f.count > 0;
  });
  return out;
}

// ---- Stripe ----

function stripeAuth(req) {
  const h = req.headers.authorization ?? '';
  if (h === `Bearer ${CONF.stripeKey}`) return true;
  const m = /^Basic (.+)$/.exec(h);
  return m && Buffer.from(m[1], 'base64').toString() === `${CONF.stripeKey}:`;
}

function stripeError(res, status, type, message, code) {
  send(res, status, { error: { type, message, ...(code ? { code } : {}) } });
}

function sessionView(s) {
  const { success_url, cancel_url, ...rest } = s;
  return { ...rest, success_url, cancel_url, url: s.status === 'open' ? s.url : null };
}

function stripeExpireIfDue(s) {
  if (s.status === 'open' && now() > s.expires_at) {
    s.status = 'expired';
    emit('stripe', s, 'checkout.session.expired');
  }
}

// Fault slow (provider stripe-create or paypay-create, ms): the object is
// made at once, the answer comes after ms (a create that times out on our
// side but succeeded here).
function slowSend(faults, res, ...a) {
  const slow = faults.find((f) => f.fault === 'slow');
  if (!slow) return send(res, ...a);
  later(() => { if (!res.destroyed) send(res, ...a); }, slow.ms ?? 5000);
}

function stripeCreate(req, res, body) {
  const p = new URLSearchParams(body);
  const idem = req.headers['idempotency-key'];
  const hash = crypto.createHash('sha256').update(body).digest('hex');
  const faults = takeFaults('stripe-create');
  if (idem && S.stripe.idem.has(idem)) {
    const prev = S.stripe.idem.get(idem);
    if (prev.hash !== hash)
      return stripeError(res, 400, 'idempotency_error', 'Keys for idempotent requests can only be used with the same parameters they were first used with.');
    return slowSend(faults, res, prev.status, prev.body);
  }
  const answer = (status, b) => {
    if (idem) S.stripe.idem.set(idem, { hash, status, body: b });
    slowSend(faults, res, status, b);
  };
  const amount = Number(p.get('line_items[0][price_data][unit_amount]'));
  const expires = Number(p.get('expires_at') ?? now() + 86400);
  if (p.get('mode') !== 'payment') return answer(400, { error: { type: 'invalid_request_error', message: 'mode must be payment' } });
  if (p.get('line_items[0][price_data][currency]') !== 'jpy') return answer(400, { error: { type: 'invalid_request_error', message: 'currency' } });
  if (!Number.isInteger(amount) || amount < 50)
    return answer(400, { error: { type: 'invalid_request_error', code: 'amount_too_small', message: 'Amount must be at least ¥50 jpy' } });
  if (p.get('line_items[0][quantity]') !== '1' || !p.get('success_url') || !p.get('cancel_url'))
    return answer(400, { error: { type: 'invalid_request_error', message: 'missing parameter' } });
  if (!(expires >= now() + 1800 - 5 && expires <= now() + 86400))
    return answer(400, { error: { type: 'invalid_request_error', message: 'expires_at must be between 30 minutes and 24 hours from now' } });
  const id = `cs_test_${rand(12)}`;
  // Fault foreign_url: the answer sends the browser to a host we do not know.
  const foreign = faults.some((f) => f.fault === 'foreign_url');
  const s = {
    id, object: 'checkout.session', url: `${foreign ? 'https://evil.example' : base()}/stripe/pay/${id}`, status: 'open',
    payment_status: 'unpaid', amount_total: amount, amount_subtotal: amount, currency: 'jpy',
    expires_at: expires, created: now(), client_reference_id: p.get('client_reference_id'),
    metadata: { order_id: p.get('metadata[order_id]') }, payment_intent: null, livemode: false,
    mode: 'payment', locale: p.get('locale'), success_url: p.get('success_url'),
    cancel_url: p.get('cancel_url'), product: p.get('line_items[0][price_data][product_data][name]'),
    refunded: 0,
  };
  S.stripe.sessions.set(id, s);
  answer(200, sessionView(s));
}

// The API version this emulator speaks; a call pinned to another is refused
// as Stripe refuses a version it does not know.
const STRIPE_VERSION = '2024-06-20';

function stripeApi(req, res, body, u) {
  if (!stripeAuth(req))
    return stripeError(res, 401, 'invalid_request_error', 'Invalid API Key provided');
  const version = req.headers['stripe-version'] ?? null;
  S.stripe.versions.push(version);
  if (version !== null && version !== STRIPE_VERSION)
    return stripeError(res, 400, 'invalid_request_error', `Invalid Stripe API version: ${version}`);
  let m;
  if (req.method === 'POST' && u.pathname === '/v1/checkout/sessions') return stripeCreate(req, res, body);
  if ((m = /^\/v1\/checkout\/sessions\/([A-Za-z0-9_]+)(\/expire)?$/.exec(u.pathname))) {
    const s = S.stripe.sessions.get(m[1]);
    if (!s) return stripeError(res, 404, 'invalid_request_error', `No such checkout.session: '${m[1]}'`, 'resource_missing');
    stripeExpireIfDue(s);
    if (req.method === 'GET' && !m[2]) return send(res, 200, sessionView(s));
    if (req.method === 'POST' && m[2]) {
      if (s.status !== 'open')
        return stripeError(res, 400, 'invalid_request_error', 'Only Checkout Sessions with a status of open can be expired.');
      s.status = 'expired';
      emit('stripe', s, 'checkout.session.expired');
      return send(res, 200, sessionView(s));
    }
  }
  if (req.method === 'POST' && u.pathname === '/v1/refunds') {
    const p = new URLSearchParams(body);
    const idem = req.headers['idempotency-key'];
    if (idem && S.stripe.refunds.has(idem)) return send(res, 200, S.stripe.refunds.get(idem));
    const s = [...S.stripe.sessions.values()].find((x) => x.payment_intent && x.payment_intent === p.get('payment_intent'));
    if (!s) return stripeError(res, 404, 'invalid_request_error', 'No such payment_intent', 'resource_missing');
    const amount = Number(p.get('amount') ?? s.amount_total - s.refunded);
    if (!Number.isInteger(amount) || amount <= 0 || amount > s.amount_total - s.refunded)
      return stripeError(res, 400, 'invalid_request_error', 'Refund amount is greater than unrefunded amount', 'amount_too_large');
    s.refunded += amount;
    const r = stripeRefund(s, amount, p.get('reason'), p.get('metadata[refund_key]'));
    if (idem) S.stripe.refunds.set(idem, r);
    return send(res, 200, r);
  }
  if (req.method === 'GET' && u.pathname === '/v1/refunds') {
    const pi = u.searchParams.get('payment_intent');
    const data = [...S.stripe.refundList.values()].filter((r) => !pi || r.payment_intent === pi);
    return send(res, 200, { object: 'list', data, has_more: false, url: '/v1/refunds' });
  }
  if (req.method === 'GET' && (m = /^\/v1\/refunds\/([A-Za-z0-9_]+)$/.exec(u.pathname))) {
    const r = S.stripe.refundList.get(m[1]);
    if (!r) return stripeError(res, 404, 'invalid_request_error', `No such refund: '${m[1]}'`, 'resource_missing');
    return send(res, 200, r);
  }
  return stripeError(res, 404, 'invalid_request_error', `Unrecognized request URL (${req.method}: ${u.pathname})`);
}

// A refund of session s, as Stripe's card refunds: succeeded at once.
function stripeRefund(s, amount, reason, key) {
  const r = { id: `re_${rand(12)}`, object: 'refund', amount, currency: 'jpy', payment_intent: s.payment_intent,
    status: 'succeeded', reason: reason ?? null, created: now(), metadata: key ? { refund_key: key } : {} };
  S.stripe.refundList.set(r.id, r);
  return r;
}

function stripePage(req, res, body, id, action) {
  const s = S.stripe.sessions.get(id);
  if (!s) return page(res, 'Not found', '<p>No such session.</p>');
  stripeExpireIfDue(s);
  if (s.status !== 'open') return page(res, 'Session closed', `<p id="closed">This checkout session is ${esc(s.status)}.</p>`);
  const back = s.success_url.replace('{CHECKOUT_SESSION_ID}', s.id);
  switch (action) {
    case undefined:
      return page(res, 'Stripe Checkout (test)', `<p>Pay <span id="amount">¥${s.amount_total}</span> for ${esc(s.product)}</p>
${['pay', 'pay_later', 'decline', 'cancel', 'abandon'].map((a) =>
  `<form method="post" action="/stripe/pay/${s.id}/${a}"><button id="${a}" type="submit">${a}</button></form>`).join('\n')}`);
    case 'pay':
      s.status = 'complete';
      s.payment_status = 'paid';
      s.paid_at = now();
      s.payment_intent = `pi_${rand(12)}`;
      emit('stripe', s, 'checkout.session.completed');
      return redirect(res, back);
    case 'pay_later':
      s.status = 'complete';
      s.payment_intent = `pi_${rand(12)}`;
      emit('stripe', s, 'checkout.session.completed');
      return redirect(res, back);
    case 'decline':
      return page(res, 'Declined', '<p id="declined">Your card was declined. Try another card.</p>');
    case 'cancel':
      return redirect(res, s.cancel_url);
    case 'abandon':
      return page(res, 'Abandoned', '<p id="abandoned">You closed the payment page.</p>');
  }
  return page(res, 'Unknown', '<p>Unknown action.</p>');
}

function stripeEvent(s, type) {
  return { id: `evt_${rand(12)}`, object: 'event', api_version: STRIPE_VERSION, created: now(),
    data: { object: sessionView(s) }, livemode: false, pending_webhooks: 1,
    request: { id: null, idempotency_key: null }, type };
}

// ---- PayPay ----

function paypayResult(res, status, code, message, data) {
  send(res, status, { resultInfo: { code, message, codeId: '08100001' }, ...(data !== undefined ? { data } : {}) });
}

// OPA-Auth: 401 unless the header is ours, recent, unused and correct.
function paypayAuth(req, body, u) {
  const m = /^hmac OPA-Auth:([^:]+):([^:]+):([^:]+):(\d+):([^:]+)$/.exec(req.headers.authorization ?? '');
  if (!m) return 'no OPA-Auth header';
  const [, key, mac, nonce, epoch, hash] = m;
  if (key !== CONF.paypayKey) return 'unknown API key';
  if (Math.abs(now() - Number(epoch)) > 120) return 'epoch outside 2 minutes';
  for (const [n, at] of S.paypay.nonces) if (at < now() - 300) S.paypay.nonces.delete(n);
  if (S.paypay.nonces.has(nonce)) return 'nonce replayed';
  let ctype = 'empty';
  let want = 'empty';
  if (body.length > 0) {
    ctype = req.headers['content-type'] ?? '';
    want = crypto.createHash('md5').update(ctype).update(body).digest('base64');
  }
  if (hash !== want) return 'body hash mismatch';
  const sign = [u.pathname, req.method, nonce, epoch, ctype, want].join('\n');
  const expect = crypto.createHmac('sha256', CONF.paypaySecret).update(sign).digest('base64');
  if (mac.length !== expect.length || !crypto.timingSafeEqual(Buffer.from(mac), Buffer.from(expect)))
    return 'signature mismatch';
  if (req.headers['x-assume-merchant'] !== CONF.paypayMerchant) return 'wrong merchant';
  S.paypay.nonces.set(nonce, now());
  return null;
}

function paypayView(c) {
  return { paymentId: c.paymentId, status: c.status, acceptedAt: c.acceptedAt ?? null,
    merchantPaymentId: c.merchantPaymentId, amount: { amount: c.amount, currency: 'JPY' },
    requestedAt: c.requestedAt, storeId: null, terminalId: null, orderReceiptNumber: null,
    orderDescription: c.orderDescription, refunds: { data: c.refunds } };
}

function paypayGone(c) {
  if (c.status === 'CREATED' && now() > c.expiryDate) c.gone = true;
  return c.status === 'CREATED' && c.gone;
}

function paypayApi(req, res, body, u) {
  const why = paypayAuth(req, body, u);
  if (why) return paypayResult(res, 401, 'UNAUTHORIZED', `Unauthorized request: ${why}`);
  let m;
  if (req.method === 'POST' && u.pathname === '/v2/codes') {
    const faults = takeFaults('paypay-create');
    let j;
    try { j = JSON.parse(body); } catch { return paypayResult(res, 400, 'INVALID_PARAMS', 'not JSON'); }
    const ok = /^[A-Za-z0-9_-]{1,64}$/.test(j.merchantPaymentId ?? '') && Number.isInteger(j.amount?.amount) &&
      j.amount.amount > 0 && j.amount.currency === 'JPY' && j.codeType === 'ORDER_QR' &&
      typeof j.redirectUrl === 'string' && j.redirectType === 'WEB_LINK';
    if (!ok) return paypayResult(res, 400, 'DYNAMIC_QR_BAD_REQUEST', 'Dynamic QR bad request error');
    if (S.paypay.byOrder.has(j.merchantPaymentId))
      return slowSend(faults, res, 400, { resultInfo: { code: 'DUPLICATE_DYNAMIC_QR_REQUEST', message: 'Duplicate Dynamic QR request error', codeId: '08100001' } });
    const codeId = `04-${rand(8)}`;
    const c = { codeId, url: `${base()}/paypay/pay/${codeId}`, deeplink: `paypay://payment?link_key=${codeId}`,
      expiryDate: now() + 300 * 60, merchantPaymentId: j.merchantPaymentId, amount: j.amount.amount,
      orderDescription: j.orderDescription, codeType: 'ORDER_QR', requestedAt: j.requestedAt,
      redirectUrl: j.redirectUrl, redirectType: j.redirectType, status: 'CREATED', paymentId: null, refunds: [], gone: false };
    S.paypay.codes.set(codeId, c);
    S.paypay.byOrder.set(c.merchantPaymentId, c);
    return slowSend(faults, res, 201, { resultInfo: { code: 'SUCCESS', message: 'Success', codeId: '08100001' }, data: { codeId, url: c.url, deeplink: c.deeplink,
      expiryDate: c.expiryDate, merchantPaymentId: c.merchantPaymentId, amount: { amount: c.amount, currency: 'JPY' },
      orderDescription: c.orderDescription, codeType: c.codeType, requestedAt: c.requestedAt,
      redirectUrl: c.redirectUrl, redirectType: c.redirectType, isAuthorization: false } });
  }
  if (req.method === 'GET' && (m = /^\/v2\/codes\/payments\/([A-Za-z0-9_-]+)$/.exec(u.pathname))) {
    const c = S.paypay.byOrder.get(m[1]);
    if (c) c.lookups = (c.lookups ?? 0) + 1; // how often kaiji asked (in /__emu/state)
    if (!c || paypayGone(c)) return paypayResult(res, 400, 'DYNAMIC_QR_PAYMENT_NOT_FOUND', 'Dynamic QR payment not found');
    return paypayResult(res, 200, 'SUCCESS', 'Success', paypayView(c));
  }
  if (req.method === 'DELETE' && (m = /^\/v2\/codes\/([A-Za-z0-9_-]+)$/.exec(u.pathname))) {
    const c = S.paypay.codes.get(m[1]);
    if (!c) return paypayResult(res, 400, 'DYNAMIC_QR_NOT_FOUND', 'Dynamic QR code not found');
    if (c.status === 'CREATED') c.gone = true;
    return paypayResult(res, 200, 'SUCCESS', 'Success', null);
  }
  if (req.method === 'POST' && u.pathname === '/v2/refunds') {
    let j;
    try { j = JSON.parse(body); } catch { return paypayResult(res, 400, 'INVALID_PARAMS', 'not JSON'); }
    const prev = S.paypay.refunds.get(j.merchantRefundId);
    if (prev) return paypayResult(res, 201, 'SUCCESS', 'Success', prev);
    const c = [...S.paypay.codes.values()].find((x) => x.paymentId && x.paymentId === j.paymentId);
    const done = c ? c.refunds.filter((r) => r.status !== 'FAILED').reduce((t, r) => t + r.amount.amount, 0) : 0;
    if (!c || c.status !== 'COMPLETED' && c.status !== 'REFUNDED') return paypayResult(res, 400, 'INVALID_PARAMS', 'no such payment');
    if (!Number.isInteger(j.amount?.amount) || j.amount.amount <= 0 || j.amount.amount > c.amount - done)
      return paypayResult(res, 400, 'REFUND_AMOUNT_EXCEEDED', 'Refund amount exceeded');
    // Accepted, not done: CREATED until a later look finds it REFUNDED
    // (or FAILED, with the fault refund_fails for provider paypay-refund).
    const willFail = takeFaults('paypay-refund').some((f) => f.fault === 'refund_fails');
    const r = { status: 'CREATED', merchantRefundId: j.merchantRefundId, paymentId: j.paymentId,
      amount: j.amount, requestedAt: j.requestedAt, reason: j.reason ?? null };
    Object.defineProperty(r, 'willFail', { value: willFail, enumerable: false, writable: true });
    c.refunds.push(r);
    S.paypay.refunds.set(j.merchantRefundId, r);
    return paypayResult(res, 201, 'SUCCESS', 'Success', r);
  }
  if (req.method === 'GET' && (m = /^\/v2\/refunds\/([A-Za-z0-9_-]+)$/.exec(u.pathname))) {
    const r = S.paypay.refunds.get(m[1]);
    if (!r) return paypayResult(res, 400, 'NO_SUCH_REFUND_ORDER', 'Refund not found');
    paypayRefundSettle(r);
    return paypayResult(res, 200, 'SUCCESS', 'Success', r);
  }
  return paypayResult(res, 404, 'NOT_FOUND', `no route ${req.method} ${u.pathname}`);
}

// A pending refund is settled the first time someone looks it up again.
function paypayRefundSettle(r) {
  if (r.status !== 'CREATED') return;
  r.status = r.willFail ? 'FAILED' : 'REFUNDED';
  if (r.status === 'REFUNDED') Object.defineProperty(r, 'refundedAt', { value: now(), enumerable: false });
  const c = [...S.paypay.codes.values()].find((x) => x.paymentId === r.paymentId);
  if (c && c.refunds.filter((x) => x.status === 'REFUNDED').reduce((t, x) => t + x.amount.amount, 0) === c.amount)
    c.status = 'REFUNDED';
}

function paypayPage(req, res, body, id, action) {
  const c = S.paypay.codes.get(id);
  if (!c || paypayGone(c)) return page(res, 'Not found', '<p>This QR code is no longer valid.</p>');
  if (c.status !== 'CREATED') return page(res, 'Closed', `<p id="closed">This payment is ${esc(c.status)}.</p>`);
  switch (action) {
    case undefined:
      return page(res, 'PayPay (test)', `<p>Pay <span id="amount">¥${c.amount}</span> for ${esc(c.orderDescription)}</p>
${['pay', 'decline', 'cancel', 'abandon'].map((a) =>
  `<form method="post" action="/paypay/pay/${c.codeId}/${a}"><button id="${a}" type="submit">${a}</button></form>`).join('\n')}`);
    case 'pay':
      c.status = 'COMPLETED';
      c.paymentId = String(10n ** 18n + BigInt(`0x${rand(6)}`));
      c.acceptedAt = now();
      emit('paypay', c, 'COMPLETED');
      return redirect(res, c.redirectUrl);
    case 'decline':
      c.status = 'FAILED';
      emit('paypay', c, 'FAILED');
      return redirect(res, c.redirectUrl);
    case 'cancel':
      return redirect(res, c.redirectUrl);
    case 'abandon':
      return page(res, 'Abandoned', '<p id="abandoned">You closed the payment page.</p>');
  }
  return page(res, 'Unknown', '<p>Unknown action.</p>');
}

function paypayEvent(c, state, merchant) {
  const iso = (t) => (t ? new Date(t * 1000).toISOString().replace(/\.\d+Z$/, 'Z') : null);
  return { notification_type: 'Transaction', merchant_id: merchant, store_id: '', pos_id: '',
    order_id: c.paymentId ?? '', merchant_order_id: c.merchantPaymentId,
    authorized_at: iso(c.acceptedAt), expires_at: iso(c.expiryDate), paid_at: state === 'COMPLETED' ? iso(c.acceptedAt) : null,
    order_amount: String(c.amount), state };
}

// ---- GMO Payment Gateway リンクタイプPlus ----

// Errors as a list of errCode/errInfo (the emulator's reading; research
// note 4: to be confirmed with GMO).
function gmoError(res, code, info) {
  return send(res, 400, [{ errCode: code, errInfo: info }]);
}

const gmoB64 = (s) => Buffer.from(s, 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
const gmoSign = (b64, pass) => crypto.createHash('sha256').update(b64 + pass).digest('hex');
const gmoDate = (t) => new Date((t + 9 * 3600) * 1000).toISOString().replace(/[-T:]/g, '').slice(0, 14);
const PAYTYPE = { credit: '0', cvs: '3', payeasy: '4', paypay: '45' };

function gmoApi(req, res, body, u) {
  if (req.method !== 'POST') return gmoError(res, 'E00', 'E00000000');
  if (u.pathname === '/payment/SearchTradeMulti.idPass') {
    const f = new URLSearchParams(body);
    if (f.get('ShopID') !== CONF.gmoShop || f.get('ShopPass') !== CONF.gmoPass)
      return send(res, 200, 'ErrCode=E01&ErrInfo=E01030002', 'text/plain; charset=utf-8');
    const l = S.gmo.links.get(f.get('OrderID'));
    const t = l && l.trade;
    if (!t || t.payType !== f.get('PayType'))
      return send(res, 200, 'ErrCode=E01&ErrInfo=E01110002', 'text/plain; charset=utf-8');
    const unpaid = takeFaults('gmo-lookup').some((x) => x.fault === 'unpaid');
    const out = new URLSearchParams({ OrderID: l.orderId, Status: unpaid ? 'UNPROCESSED' : t.status,
      ProcessDate: gmoDate(t.at), JobCd: t.payType === '0' ? t.status : '', AccessID: l.accessId,
      AccessPass: l.accessPass, Amount: String(t.amount), Tax: '0', PayType: t.payType });
    if (t.cvs) for (const [k, v] of Object.entries(t.cvs)) out.set(k, v);
    return send(res, 200, out.toString(), 'text/plain; charset=utf-8');
  }
  if (u.pathname === '/payment/AlterTran.idPass') {
    // A card refund: JobCd RETURN (or VOID) on the trade's AccessID/AccessPass.
    const f = new URLSearchParams(body);
    const text = (o) => send(res, 200, new URLSearchParams(o).toString(), 'text/plain; charset=utf-8');
    if (f.get('ShopID') !== CONF.gmoShop || f.get('ShopPass') !== CONF.gmoPass) return text({ ErrCode: 'E01', ErrInfo: 'E01030002' });
    const l = [...S.gmo.links.values()].find((x) => x.accessId === f.get('AccessID') && x.accessPass === f.get('AccessPass'));
    const t = l && l.trade;
    if (!t || t.payType !== '0' || !['CAPTURE', 'SALES'].includes(t.status) || !['RETURN', 'VOID'].includes(f.get('JobCd')))
      return text({ ErrCode: 'E01', ErrInfo: 'E01190008' });
    t.status = f.get('JobCd');
    t.refundedAt = now();
    return text({ AccessID: l.accessId, AccessPass: l.accessPass, Forward: '2a99662', Approve: '', TranID: rand(8), TranDate: gmoDate(now()) });
  }
  let j;
  try { j = JSON.parse(body); } catch { return gmoError(res, 'E01', 'E01999999'); }
  if (u.pathname === '/payment/GetLinkplusUrlPayment.json') {
    const faults = takeFaults('gmo-create');
    const g = j.geturlparam ?? {};
    if (g.ShopID !== CONF.gmoShop || g.ShopPass !== CONF.gmoPass) return gmoError(res, 'E01', 'E01030002');
    const t = j.transaction ?? {};
    if (typeof t.OrderID !== 'string' || !/^[A-Za-z0-9_-]{1,27}$/.test(t.OrderID)) return gmoError(res, 'E01', 'E01040010');
    if (!Number.isInteger(t.Amount) || t.Amount < 1 || !Array.isArray(t.PayMethods) || !t.PayMethods.length
        || typeof t.RetUrl !== 'string' || !t.RetUrl.startsWith('http')) return gmoError(res, 'E01', 'E01050002');
    // An OrderID is used once per shop: a retry needs a new one.
    if (S.gmo.links.has(t.OrderID)) return slowSend(faults, res, 400, [{ errCode: 'E01', errInfo: 'E01040010' }]);
    const l = { orderId: t.OrderID, amount: t.Amount, tax: t.Tax ?? 0, payMethods: t.PayMethods, retUrl: t.RetUrl,
      expire: t.PaymentExpireDate ?? '', accessId: rand(16), accessPass: rand(16), rejected: false, trade: null,
      configid: j.configid ?? '', credit: j.credit ?? null, createdAt: now() };
    S.gmo.links.set(l.orderId, l);
    return slowSend(faults, res, 200, { OrderID: l.orderId, LinkUrl: `${base()}/gmo/pay/${l.orderId}`,
      ProcessDate: gmoDate(now()), AccessID: l.accessId, AccessPass: l.accessPass });
  }
  if (u.pathname === '/payment/RejectLinkplusUrlPayment.json') {
    if (j.ShopID !== CONF.gmoShop || j.ShopPass !== CONF.gmoPass) return gmoError(res, 'E01', 'E01030002');
    const l = S.gmo.links.get(j.OrderID);
    if (!l) return gmoError(res, 'E01', 'E01110002');
    if (l.trade && l.trade.status !== 'UNPROCESSED') return gmoError(res, 'E01', 'E01040013');
    l.rejected = true;
    return send(res, 200, { OrderID: l.orderId });
  }
  return gmoError(res, 'E00', 'E00000404');
}

// The return: result = B64URL(json) "." SHA256hex(B64URL(json) + ShopPass).
function gmoReturn(l, result) {
  const b64 = gmoB64(JSON.stringify({ transactionresult: { OrderID: l.orderId, Result: result,
    AccessID: l.accessId, AccessPass: l.accessPass, Processdate: gmoDate(now()), ErrCode: '', ErrInfo: '',
    Paymethod: l.trade ? Object.keys(PAYTYPE).find((k) => PAYTYPE[k] === l.trade.payType) : '' } }));
  return `${l.retUrl}${l.retUrl.includes('?') ? '&' : '?'}result=${b64}.${gmoSign(b64, CONF.gmoPass)}`;
}

function gmoPage(req, res, body, id, action) {
  const l = S.gmo.links.get(id);
  if (!l) return page(res, 'Not found', '<p>No such link.</p>');
  if (l.rejected || l.trade) return page(res, 'Closed', `<p id="closed">This payment link is ${l.rejected ? 'rejected' : 'used'}.</p>`);
  switch (action) {
    case undefined:
      return page(res, 'GMO リンクタイプPlus (test)', `<p>Pay <span id="amount">¥${l.amount}</span></p>
${['pay', 'pay_cvs', 'decline', 'abandon'].map((a) =>
  `<form method="post" action="/gmo/pay/${l.orderId}/${a}"><button id="${a}" type="submit">${a}</button></form>`).join('\n')}`);
    case 'pay':
      l.trade = { payType: '0', status: 'CAPTURE', amount: l.amount, at: now(), tranId: rand(8) };
      emit('gmo', l, 'CAPTURE');
      return redirect(res, gmoReturn(l, 'PAYSUCCESS'));
    case 'pay_cvs': {
      // Numbers issued now, money days later (/__emu/force state PAYSUCCESS).
      const term = gmoDate(now() + 7 * 86400);
      l.trade = { payType: '3', status: 'REQSUCCESS', amount: l.amount, at: now(),
        cvs: { CvsCode: '10001', CvsConfNo: String(1000 + Math.floor(Math.random() * 9000)),
          CvsReceiptNo: rand(5), PaymentTerm: term } };
      emit('gmo', l, 'REQSUCCESS');
      return redirect(res, gmoReturn(l, 'REQSUCCESS'));
    }
    case 'decline':
      return page(res, 'Declined', '<p id="declined">Your card was declined. Try another card.</p>');
    case 'abandon':
      return page(res, 'Abandoned', '<p id="abandoned">You closed the payment page.</p>');
  }
  return page(res, 'Unknown', '<p>Unknown action.</p>');
}

// The 結果通知: a form, not signed (it carries ShopID and ShopPass).
function gmoEvent(l, faults) {
  const t = l.trade ?? { payType: '0', status: 'UNPROCESSED', amount: l.amount, at: now() };
  const f = new URLSearchParams({ ShopID: faults.includes('wrong_merchant') ? 'tshop9999999' : CONF.gmoShop,
    ShopPass: CONF.gmoPass, AccessID: l.accessId, AccessPass: l.accessPass, OrderID: l.orderId,
    Status: t.status, JobCd: t.payType === '0' ? t.status : '', Amount: String(t.amount), Tax: '0',
    Currency: 'JPN', Forward: '', Method: '1', PayTimes: '', TranID: t.tranId ?? '', Approve: '',
    TranDate: gmoDate(t.at), ErrCode: '', ErrInfo: '', PayType: t.payType });
  if (t.cvs) for (const [k, v] of Object.entries(t.cvs)) f.set(k, v);
  return f.toString();
}

// ---- the notifier ----

function stripeSign(body, secret, t) {
  return `t=${t},v1=${crypto.createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

// Build one notification of obj's present state and deliver it with the
// faults queued for this provider.
function emit(provider, obj, type) {
  const url = { stripe: opt.stripeWebhook, paypay: opt.paypayWebhook, gmo: opt.gmoWebhook }[provider];
  const faults = takeFaults(provider);
  const has = (n) => faults.find((f) => f.fault === n);
  if (has('wrong_amount')) {
    if (provider === 'stripe') obj.amount_total += 1;
    else if (provider === 'gmo') { if (obj.trade) obj.trade.amount += 1; }
    else obj.amount += 1;
  }
  const body = provider === 'gmo' ? gmoEvent(obj, faults.map((f) => f.fault))
    : JSON.stringify(provider === 'stripe' ? stripeEvent(obj, type)
      : paypayEvent(obj, type, has('wrong_merchant') ? '999999999' : CONF.paypayMerchant));
  const d = { id: ++S.seq, provider, type, url, body, attempts: [], acked: false, dropped: false,
    faults: faults.map((f) => f.fault), ref: obj.id ?? obj.merchantPaymentId ?? obj.orderId };
  S.deliveries.push(d);
  if (!url || has('drop')) {
    d.dropped = true;
    return;
  }
  const copies = has('duplicate') || has('concurrent') ? 2 : 1;
  const go = () => {
    if (has('concurrent')) for (let i = 0; i < copies; i++) deliver(d, 0);
    else {
      deliver(d, 0);
      if (copies === 2) later(() => deliver(d, 0), 50);
    }
  };
  if (has('hold')) S.held.push(go);
  else later(go, has('delay') ? has('delay').ms ?? 500 : 0);
}

// A timer that /__emu/idle waits for.
function later(fn, ms) {
  S.inflight++;
  setTimeout(() => { S.inflight--; fn(); }, ms);
}

function signedHeaders(d) {
  if (d.provider === 'gmo') return { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'GMO-PG-Notify' };
  const h = { 'content-type': 'application/json; charset=utf-8', 'user-agent': d.provider === 'stripe' ? 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' : 'PayPay-Webhook' };
  if (d.provider === 'stripe') {
    let t = now();
    let secret = CONF.stripeHook;
    if (d.faults.includes('stale')) t -= 600;
    if (d.faults.includes('bad_signature')) secret = `${secret}x`;
    if (d.faults.includes('wrong_merchant')) secret = 'whsec_another_account';
    h['stripe-signature'] = stripeSign(d.body, secret, t);
  } else if (d.faults.includes('bad_signature')) {
    // PayPay signs nothing: a forged body is the nearest thing.
    h['x-forged'] = '1';
  }
  return h;
}

function deliver(d, attempt) {
  S.inflight++;
  const u = new URL(d.url);
  const started = Date.now();
  let finished = false;
  const once = (s, t) => { if (!finished) { finished = true; done(s, t); } };
  const req = http.request(u, { method: 'POST', headers: signedHeaders(d), timeout: ACK_TIMEOUT_MS[d.provider], agent: false }, (res) => {
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => once(res.statusCode, Buffer.concat(chunks).toString()));
  });
  const done = (status, text) => {
    // GMO: the body "0", or it posts again.
    const acked = d.provider === 'stripe' ? status >= 200 && status < 300
      : d.provider === 'gmo' ? status === 200 && text.trim() === '0' : status === 200;
    d.attempts.push({ status, body: text.slice(0, 200), ms: Date.now() - started, acked });
    if (acked) d.acked = true;
    else if (attempt < RETRY_MS[d.provider].length) {
      later(() => deliver(d, attempt + 1), RETRY_MS[d.provider][attempt]);
    }
    S.inflight--;
  };
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', (e) => once(0, String(e.message)));
  req.end(d.body);
}

// ---- the settlement report ----

// What the provider would report it settled, day by day in Japan time:
// payments by the day the money was taken, refunds by the day they were
// done. CSV: date,provider,provider_id,order_id,amount_yen,refund_yen.
function settlement(from, to) {
  const day = (t) => new Date((t + 9 * 3600) * 1000).toISOString().slice(0, 10);
  const rows = [];
  for (const s of S.stripe.sessions.values()) {
    if (s.payment_status === 'paid' && s.paid_at) rows.push([day(s.paid_at), 'stripe', s.id, s.client_reference_id, s.amount_total, 0]);
  }
  for (const r of S.stripe.refundList.values()) {
    const s = [...S.stripe.sessions.values()].find((x) => x.payment_intent === r.payment_intent);
    if (r.status === 'succeeded' && s) rows.push([day(r.created), 'stripe', r.id, s.client_reference_id, 0, r.amount]);
  }
  for (const c of S.paypay.codes.values()) {
    if (c.paymentId && (c.status === 'COMPLETED' || c.status === 'REFUNDED'))
      rows.push([day(c.acceptedAt), 'paypay', c.codeId, c.merchantPaymentId, c.amount, 0]);
    for (const r of c.refunds) {
      if (r.status === 'REFUNDED') rows.push([day(r.refundedAt ?? r.requestedAt), 'paypay', r.merchantRefundId, c.merchantPaymentId, 0, r.amount.amount]);
    }
  }
  for (const l of S.gmo.links.values()) {
    const t = l.trade;
    if (t && ['CAPTURE', 'SALES', 'PAYSUCCESS', 'RETURN', 'VOID'].includes(t.status))
      rows.push([day(t.paidAt ?? t.at), 'gmo', l.accessId, l.orderId, t.amount, 0]);
    if (t && t.refundedAt) rows.push([day(t.refundedAt), 'gmo', `return-${l.accessId}`, l.orderId, 0, t.amount]);
  }
  const out = rows.filter((r) => (!from || r[0] >= from) && (!to || r[0] <= to)).sort();
  return ['date,provider,provider_id,order_id,amount_yen,refund_yen', ...out.map((r) => r.join(','))].join('\n') + '\n';
}

// ---- control ----

function findObj(provider, ref) {
  if (provider === 'stripe') return S.stripe.sessions.get(ref)
    ?? [...S.stripe.sessions.values()].find((s) => s.client_reference_id === ref);
  if (provider === 'gmo') return S.gmo.links.get(ref);
  return S.paypay.codes.get(ref) ?? S.paypay.byOrder.get(ref);
}

function force(j) {
  const o = findObj(j.provider, j.ref);
  if (!o) return null;
  if (j.provider === 'gmo') {
    // state: a GMO Status (PAYSUCCESS for a コンビニ payment made days later).
    if (j.state) {
      o.trade ??= { payType: j.payType ?? '0', status: 'UNPROCESSED', amount: o.amount, at: now() };
      o.trade.status = j.state;
      if (j.state === 'PAYSUCCESS') { o.trade.paidAt = now(); o.trade.cvs && (o.trade.cvs.FinishDate = gmoDate(now())); }
    }
    if (j.amount !== undefined && o.trade) o.trade.amount = j.amount;
    if (j.notify) emit('gmo', o, j.notify);
    return o;
  }
  if (j.amount !== undefined) {
    if (j.provider === 'stripe') o.amount_total = j.amount;
    else o.amount = j.amount;
  }
  if (j.provider === 'stripe') {
    const map = { paid: ['complete', 'paid'], unpaid: ['complete', 'unpaid'], open: ['open', 'unpaid'], expired: ['expired', 'unpaid'] };
    if (j.state) {
      [o.status, o.payment_status] = map[j.state];
      if (o.status === 'complete') o.payment_intent ??= `pi_${rand(12)}`;
      if (o.payment_status === 'paid') o.paid_at ??= now();
    }
  } else if (j.state) {
    if (j.state === 'GONE') o.gone = true;
    else o.status = j.state;
    if (o.status === 'COMPLETED') { o.paymentId ??= String(10n ** 18n + BigInt(`0x${rand(6)}`)); o.acceptedAt ??= now(); }
  }
  if (j.notify) emit(j.provider, o, j.notify);
  return o;
}

async function idle(res) {
  const end = Date.now() + 15000;
  while ((S.inflight > 0) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  send(res, 200, { inflight: S.inflight });
}

function control(req, res, body, u) {
  let j = {};
  try { j = body.length ? JSON.parse(body) : {}; } catch { return send(res, 400, { error: 'not JSON' }); }
  switch (`${req.method} ${u.pathname}`) {
    case 'POST /__emu/reset': reset(); return send(res, 200, { ok: true });
    case 'GET /__emu/state':
      return send(res, 200, { clock: S.clock, now: now(), stripe: [...S.stripe.sessions.values()], stripeVersions: S.stripe.versions, paypay: [...S.paypay.codes.values()], gmo: [...S.gmo.links.values()], held: S.held.length });
    case 'POST /__emu/fault': S.faults.push(j); return send(res, 200, { faults: S.faults });
    case 'POST /__emu/force': {
      const o = force(j);
      return o ? send(res, 200, o) : send(res, 404, { error: 'no such object' });
    }
    case 'POST /__emu/notify': {
      const o = findObj(j.provider, j.ref);
      if (!o) return send(res, 404, { error: 'no such object' });
      emit(j.provider, o, j.type);
      return send(res, 200, { ok: true });
    }
    case 'POST /__emu/dashboard_refund': {
      // A refund made by hand in the provider's dashboard, not through kaiji.
      const o = findObj(j.provider, j.ref);
      if (!o) return send(res, 404, { error: 'no such object' });
      if (j.provider === 'gmo') {
        // A card payment returned in GMO's shop admin (whole amount).
        if (!o.trade || o.trade.payType !== '0') return send(res, 400, { error: 'not a card trade' });
        o.trade.status = 'RETURN';
        o.trade.refundedAt = now();
        return send(res, 200, o);
      }
      if (j.provider === 'stripe') {
        o.refunded += j.amount;
        return send(res, 200, stripeRefund(o, j.amount, 'requested_by_customer', null));
      }
      const r = { status: 'REFUNDED', merchantRefundId: `dash_${rand(8)}`, paymentId: o.paymentId,
        amount: { amount: j.amount, currency: 'JPY' }, requestedAt: now(), reason: 'dashboard' };
      Object.defineProperty(r, 'refundedAt', { value: now(), enumerable: false });
      o.refunds.push(r);
      S.paypay.refunds.set(r.merchantRefundId, r);
      return send(res, 200, r);
    }
    case 'POST /__emu/clock': S.clock += Number(j.advance ?? 0); return send(res, 200, { clock: S.clock, now: now() });
    case 'POST /__emu/release': {
      const held = S.held.splice(0);
      if (j.order === 'reverse') held.reverse();
      held.forEach((go, i) => later(go, i * 30));
      return send(res, 200, { released: held.length });
    }
    case 'GET /__emu/deliveries': return send(res, 200, S.deliveries);
    case 'GET /__emu/settlement': return send(res, 200, settlement(u.searchParams.get('from'), u.searchParams.get('to')), 'text/csv; charset=utf-8');
    case 'GET /__emu/idle': return idle(res);
  }
  return send(res, 404, { error: 'no such control' });
}

// ---- the server ----

function route(req, res, body) {
  const u = new URL(req.url, base());
  let m;
  if (u.pathname.startsWith('/__emu/')) return control(req, res, body, u);
  if (u.pathname.startsWith('/v1/')) return stripeApi(req, res, body, u);
  if (u.pathname.startsWith('/v2/')) return paypayApi(req, res, body, u);
  if (u.pathname.startsWith('/payment/')) return gmoApi(req, res, body, u);
  if ((m = /^\/gmo\/pay\/([A-Za-z0-9_-]+)(?:\/([a-z_]+))?$/.exec(u.pathname)) && (req.method === 'GET') === !m[2])
    return gmoPage(req, res, body, m[1], m[2]);
  if ((m = /^\/stripe\/pay\/([A-Za-z0-9_]+)(?:\/([a-z_]+))?$/.exec(u.pathname)) && (req.method === 'GET') === !m[2])
    return stripePage(req, res, body, m[1], m[2]);
  if ((m = /^\/paypay\/pay\/([A-Za-z0-9_-]+)(?:\/([a-z_]+))?$/.exec(u.pathname)) && (req.method === 'GET') === !m[2])
    return paypayPage(req, res, body, m[1], m[2]);
  send(res, 404, { error: 'not found' });
}

const server = https.createServer({
  key: fs.readFileSync(path.join(opt.dir, 'server.key')),
  cert: fs.readFileSync(path.join(opt.dir, 'server.pem')),
  minVersion: 'TLSv1.2',
}, (req, res) => {
  const chunks = [];
  let size = 0;
  req.on('data', (c) => {
    size += c.length;
    if (size > 1 << 20) req.destroy();
    else chunks.push(c);
  });
  req.on('end', () => {
    try {
      route(req, res, Buffer.concat(chunks).toString('utf8'));
    } catch (e) {
      send(res, 500, { error: String(e && e.stack) });
    }
  });
});

server.listen(Number(opt.port), '127.0.0.1', () => {
  PORT = server.address().port;
  fs.writeFileSync(path.join(opt.dir, 'port.tmp'), `${PORT}\n`);
  fs.renameSync(path.join(opt.dir, 'port.tmp'), path.join(opt.dir, 'port'));
  console.log(`emulator: listening on ${base()}`);
});

for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => { server.close(); process.exit(0); });

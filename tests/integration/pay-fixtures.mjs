// Reading the payment tests' stack database (db.mjs, either engine), and
// the few faults that no command or page can make. Requests, fees and the
// citizen's lookup are made for real (pay-stack.mjs: kaijictl case new,
// review, decide, fee, then POST /kaiji/status).

import path from 'node:path';
import { database, q } from './db.mjs';

// ---- SQL against the stack's database ----

const db = (varDir) => database(path.join(varDir, 'kaiji.hdf'));

// A query's rows as text: columns joined by '|', rows by a new line.
export function sql(varDir, query) {
  return db(varDir).text(query);
}

// A write (one transaction); throws when the database refuses it.
export function exec(varDir, statements) {
  db(varDir).exec(statements);
}

export function feeIdOf(varDir, requestId) {
  return Number(sql(varDir, `SELECT id FROM fee WHERE request_id = ${Number(requestId)}`));
}

export function payments(varDir, feeId) {
  const out = sql(varDir, `SELECT order_id || '|' || state || '|' || amount_yen || '|' || provider_ref
    FROM payment WHERE fee_id = ${Number(feeId)} ORDER BY id`);
  return out ? out.split('\n').map((l) => {
    const [orderId, state, amount, ref] = l.split('|');
    return { orderId, state, amount: Number(amount), ref };
  }) : [];
}

export function feeState(varDir, feeId) {
  return sql(varDir, `SELECT state || '|' || COALESCE(paid_via, '') FROM fee WHERE id = ${Number(feeId)}`);
}

export function paymentEvents(varDir, orderId) {
  const out = sql(varDir, `SELECT e.kind || '|' || e.key || '|' || e.data FROM payment_event e
    JOIN payment p ON p.id = e.payment_id WHERE p.order_id = ${q(orderId)} ORDER BY e.id`);
  return out ? out.split('\n').map((l) => {
    const [kind, key, ...data] = l.split('|');
    return { kind, key, data: JSON.parse(data.join('|')) };
  }) : [];
}

export function caseEvents(varDir, requestId, kind) {
  return Number(sql(varDir, `SELECT COUNT(*) FROM event WHERE request_id = ${Number(requestId)}
    AND kind = ${q(kind)}`));
}

// Age a payment so that reconciliation looks at it. SQL because only time
// makes this otherwise: reconcile skips payments younger than
// ReconcileAfterMinutes, and a provider's session stays open for a day.
export function agePayment(varDir, orderId, { expired = false } = {}) {
  exec(varDir, `UPDATE payment SET updated_at = '2000-01-01T00:00:00Z'
    ${expired ? ', expires_at = 1' : ''} WHERE order_id = ${q(orderId)}`);
}

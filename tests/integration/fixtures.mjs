// Moves requests through their states for the status tests by writing the
// database directly with the sqlite3 CLI, exactly as docs/data.md says the
// desk does. Every SQL write of the tests is in this one module so that it
// can be replaced by desk or kaijictl commands once those exist.
//
//   const fx = fixtures(`${VAR}/kaiji.db`);
//   fx.decide(ref, 'partial', '2026-04-20', [{ part: '…', ground: '…' }]);
//
// Values are quoted by q(); they come from the tests, never from a page.
import { execFileSync } from 'node:child_process';

// A SQL string literal.
export function q(v) {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') return String(Math.trunc(v));
  return `'${String(v).replace(/'/g, "''")}'`;
}

const NOW = "strftime('%Y-%m-%dT%H:%M:%SZ','now')";

// YYYY-MM-DD, days from today in Asia/Tokyo (negative: in the past).
export function day(offset = 0) {
  const t = new Date(Date.now() + 9 * 3600e3 + offset * 86400e3);
  return t.toISOString().slice(0, 10);
}

export function fixtures(dbPath) {
  const run = (sql) => execFileSync('sqlite3', ['-bail', dbPath], {
    input: `.timeout 5000\nPRAGMA foreign_keys=ON;\nBEGIN IMMEDIATE;\n${sql}\nCOMMIT;\n`,
    encoding: 'utf8',
  });
  const id = (ref) => `(SELECT id FROM request WHERE ref = ${q(ref)})`;
  const event = (ref, kind, data = {}, visible = 1, actor = 'staff:1') =>
    `INSERT INTO event (request_id, at, actor, kind, visible, data) VALUES ` +
    `(${id(ref)}, ${NOW}, ${q(actor)}, ${q(kind)}, ${visible}, ${q(JSON.stringify(data))});`;
  const state = (ref, s) =>
    `UPDATE request SET state = ${q(s)}, updated_at = ${NOW} WHERE ref = ${q(ref)};`;

  return {
    query(sql) {
      return execFileSync('sqlite3', ['-bail', dbPath], { input: `.timeout 5000\n${sql}\n`, encoding: 'utf8' }).trim();
    },
    review(ref) {
      run(state(ref, 'reviewing') + event(ref, 'reviewing'));
    },
    // 補正: the clock stops from today (request_hold).
    amend(ref, what) {
      run(state(ref, 'amending') +
        `INSERT INTO request_hold (request_id, from_on) VALUES (${id(ref)}, ${q(day())});` +
        event(ref, 'amend_requested', { what, from_on: day() }));
    },
    // 延長 (法83②): the new due date and the reason, visible to the citizen.
    extend(ref, dueOn, reason) {
      const prev = this.query(`SELECT due_on FROM request WHERE ref = ${q(ref)};`);
      run(`UPDATE request SET due_on = ${q(dueOn)}, updated_at = ${NOW} WHERE ref = ${q(ref)};` +
        event(ref, 'extended', { previous_due_on: prev, due_on: dueOn, reason }));
    },
    // 第三者意見照会 (法86): the third party is not shown to the requester.
    consult(ref) {
      run(state(ref, 'consulting') +
        `INSERT INTO third_party (request_id, name, sent_on, answer_due_on) VALUES ` +
        `(${id(ref)}, '株式会社テスト', ${q(day())}, ${q(day(14))});` +
        event(ref, 'consult_sent', { third_party: 1 }, 0));
    },
    // A decision; dismissed (却下) ends the request in its own state.
    decide(ref, decision, decidedOn = day(), reasons = []) {
      const to = decision === 'dismissed' ? 'dismissed' : 'decided';
      run(`UPDATE request SET state = ${q(to)}, decision = ${q(decision)}, decided_on = ${q(decidedOn)}, ` +
        `updated_at = ${NOW} WHERE ref = ${q(ref)};` +
        reasons.map((r) => `INSERT INTO decision_reason (request_id, part, ground, explanation) VALUES ` +
          `(${id(ref)}, ${q(r.part)}, ${q(r.ground)}, ${q(r.explanation ?? '')});`).join('') +
        event(ref, 'decided', { decision, decided_on: decidedOn }));
    },
    // breakdown: {mono_pages, colour_pages, media: [{item, units}], postage_yen}
    setFee(ref, amountYen, breakdown) {
      run(`INSERT INTO fee (request_id, amount_yen, breakdown, state, created_at) VALUES ` +
        `(${id(ref)}, ${q(amountYen)}, ${q(JSON.stringify(breakdown))}, 'due', ${NOW});` +
        event(ref, 'fee_set', { amount_yen: amountYen, breakdown }));
    },
    pay(ref, via = 'counter') {
      run(`UPDATE fee SET state = 'paid', paid_via = ${q(via)}, paid_at = ${NOW} WHERE request_id = ${id(ref)};` +
        event(ref, 'fee_paid', { via, amount_yen: Number(this.query(`SELECT amount_yen FROM fee WHERE request_id = ${id(ref)};`)) }));
    },
    // Counter times offered for 開示の実施 (法87); starts: ['YYYY-MM-DDTHH:MM', …].
    offer(ref, starts, place = '情報公開窓口') {
      run(starts.map((s) => `INSERT INTO offer_slot (request_id, starts_at, place) VALUES ` +
        `(${id(ref)}, ${q(s)}, ${q(place)});`).join('') + event(ref, 'offer_made', { slots: starts }));
      return this.query(`SELECT id FROM offer_slot WHERE request_id = ${id(ref)} ORDER BY id;`)
        .split('\n').map(Number);
    },
    deliver(ref, method, on = day()) {
      run(state(ref, 'delivered') + event(ref, 'delivered', { method, on }));
    },
    carryOut(ref, on = day()) {
      run(state(ref, 'delivered') + event(ref, 'carried_out', { on }));
    },
    appeal(ref, on = day()) {
      run(`INSERT INTO appeal (request_id, received_on) VALUES (${id(ref)}, ${q(on)});` +
        event(ref, 'appeal_received', { on }));
    },
  };
}

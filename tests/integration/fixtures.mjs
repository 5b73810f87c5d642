// Moves requests through their states for the status tests with the desk's
// own steps: `kaijictl case STEP REF …` (tools/cmd-case-flow.c, lib/flow.c),
// as issue #5 asks, so a state the tests see is one the desk can make,
// with the law's checks (dates, reasons, the fee table, 前納) applied.
//
//   const fx = fixtures(`${VAR}/kaiji.hdf`);   // the stack's config
//   fx.decide(ref, 'partial', '2026-04-20', [{ part: '…', ground: 'third_person' }]);
//
// Only one state has no command, and keeps a direct SQL write (see pay()):
// a fee paid online, which only the payment provider's callback records.
// query() reads the database for the tests' assertions (its rows as text,
// columns joined by '|'); exec() writes (db.mjs, either engine).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { database, q } from './db.mjs';

export { q };

// YYYY-MM-DD, days from today in Asia/Tokyo (negative: in the past); today
// is KAIJI_TODAY when a test fixes it, as the programs' calendar does.
import { addDays, day } from './clock.mjs';

export { day };

export function fixtures(config, {
  bin = process.env.KAIJI_BIN ?? path.resolve('build/bin'),
} = {}) {
  const db = database(config);
  // kaijictl case STEP REF ARGS…; today: the day the step is taken
  // (KAIJI_TODAY, lib/calendar.c), for a step the law allows only then.
  const ctl = (args, today) => {
    try {
      return execFileSync(path.join(bin, 'kaijictl'), ['-c', config, 'case', ...args], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 60000,
        env: today ? { ...process.env, KAIJI_TODAY: today } : process.env,
      });
    } catch (e) {
      throw new Error(`kaijictl case ${args.join(' ')}: ${e.stderr || e.message}`);
    }
  };
  const flag = (out, name) => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(out)?.[1]);
  const show = (ref) => JSON.parse(ctl(['show', ref]));
  const query = (sql) => db.text(sql);

  return {
    query,
    exec: (sql) => db.exec(sql),
    show,
    review(ref) {
      ctl(['review', ref]);
    },
    // 補正 (法77③): the clock stops from `from`; the requester answers
    // by `by` ("相当の期間を定めて").
    amend(ref, what, from = day(), by = addDays(from, 14)) {
      ctl(['amend', ref, '--what', what, '--from', from, '--by', by]);
    },
    amended(ref, on = day()) {
      ctl(['amended', ref, '--on', on]);
    },
    // 延長 (法83②): the new due date and the reason, visible to the
    // citizen. on: the day it was decided, within the original period.
    extend(ref, dueOn, reason, on) {
      ctl(['extend', ref, '--due', dueOn, '--reason', reason], on);
    },
    // 第三者意見照会 (法86): the third party is not shown to the requester.
    // Returns the third party's id.
    consult(ref, name = '株式会社テスト', answerDue = day(14), sent = day()) {
      return flag(ctl(['consult', ref, '--name', name, '--sent', sent, '--due', answerDue]), 'third party');
    },
    answer(ref, tp, on = day(), objects = false) {
      ctl(['answer', ref, '--tp', String(tp), '--on', on, '--objects', objects ? '1' : '0']);
    },
    // A decision; dismissed (却下) ends the request in its own state and
    // needs opts.reason. reasons: [{part, ground (lib/flow.c flow_grounds),
    // explanation}], required for every adverse decision. A disclosure
    // offers opts.methods (view, copy, mail) and the counter times
    // opts.slots (['YYYY-MM-DDTHH:MM', …]) at opts.place; returns the
    // offer_slot ids in the order given.
    decide(ref, decision, decidedOn = day(), reasons = [], opts = {}) {
      const args = ['decide', ref, '--decision', decision, '--on', decidedOn];
      if (decision === 'dismissed') {
        args.push('--reason', opts.reason ?? '請求書の記載に不備があり、補正に応じなかったため');
      }
      for (const r of reasons) args.push('--withhold', `${r.part}|${r.ground}|${r.explanation ?? ''}`);
      if (decision === 'full' || decision === 'partial') {
        for (const m of opts.methods ?? ['view', 'copy', 'mail']) args.push('--method', m);
      }
      for (const s of opts.slots ?? []) args.push('--slot', s);
      if (opts.place) args.push('--place', opts.place);
      ctl(args);
      if (!opts.slots?.length) return [];
      const ids = query(`SELECT s.id FROM offer_slot s JOIN request r ON r.id = s.request_id ` +
        `WHERE r.ref = ${q(ref)} ORDER BY s.id;`).split('\n').map(Number);
      return ids.slice(-opts.slots.length);
    },
    // The fee from the city's table (法89); breakdown: {mono_pages,
    // colour_pages, media: [{item, units}], postage_yen}. Throws unless the
    // table gives amountYen.
    setFee(ref, amountYen, breakdown) {
      const args = ['fee', ref];
      if (breakdown.mono_pages) args.push('--mono', String(breakdown.mono_pages));
      if (breakdown.colour_pages) args.push('--colour', String(breakdown.colour_pages));
      for (const m of breakdown.media ?? []) args.push('--media', `${m.item}:${m.units ?? 1}${m.yen ? `:${m.yen}` : ''}`);
      if (breakdown.postage_yen) args.push('--postage', String(breakdown.postage_yen));
      const got = flag(ctl(args), 'fee');
      if (got !== amountYen) throw new Error(`fee for ${ref}: the table gives ${got} yen, the test expects ${amountYen}`);
    },
    // The fee paid: counter, bank_slip or registered_mail (as the city's
    // profile accepts) through kaijictl case pay.
    pay(ref, via = 'counter') {
      if (via !== 'online') {
        ctl(['pay', ref, '--via', via, '--amount', String(show(ref).fee.amount_yen)]);
        return;
      }
      // No command: an online payment is recorded only by the provider's
      // confirmed callback (cgi-bin/pay, lib/pay.c; flow_record_payment
      // refuses "online"), which needs the provider's test double that
      // tests/integration/pay.test.mjs runs. So a minimal write here.
      const [fee] = db.rows(`SELECT f.id, f.request_id, f.amount_yen FROM fee f JOIN request r ON r.id = f.request_id ` +
        `WHERE r.ref = ${q(ref)} AND f.state = 'due'`);
      if (!fee) throw new Error(`pay ${ref}: no fee due`);
      const now = q(new Date().toISOString().replace(/\.\d+Z$/, 'Z'));
      db.exec(`UPDATE fee SET state = 'paid', paid_via = 'online', paid_at = ${now} WHERE id = ${fee.id} AND state = 'due';\n` +
        `INSERT INTO event (request_id, at, actor, kind, visible, data) VALUES (${fee.request_id}, ${now}, ` +
        `'provider:stripe', 'fee_paid', 1, ${q(JSON.stringify({ via: 'online', amount_yen: fee.amount_yen }))});`);
    },
    // 開示の実施 (法87): viewed at the counter or sent by mail on `on`.
    deliver(ref, method, on = day()) {
      ctl(['deliver', ref, '--method', method, '--on', on]);
    },
    // 訂正 / 利用停止 carried out (法97, 101).
    carryOut(ref, on = day()) {
      ctl(['carry-out', ref, '--on', on]);
    },
    close(ref) {
      ctl(['close', ref]);
    },
    withdraw(ref, on = day()) {
      ctl(['withdraw', ref, '--on', on]);
    },
    dismiss(ref, reason, on = day()) {
      ctl(['dismiss', ref, '--reason', reason, '--on', on]);
    },
    // 審査請求 received; returns the appeal's id.
    appeal(ref, on = day()) {
      return flag(ctl(['appeal', ref, '--on', on]), 'appeal');
    },
  };
}

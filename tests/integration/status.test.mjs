// The status lookup through nginx: the lookup form, the status page for a
// request in every state with the right next step, withdrawal, the choice
// of delivery, one message for a wrong reference number or code, throttling
// (the clock moved by the KAIJI_TEST_CLOCK_FILE hook, not by sleeping), and
// no access code in any log.
//
// It runs its own stack (in $KAIJI_VAR/status-stack, port auto) because the
// programs must start with the test clock hook set, and because its failed
// lookups must not throttle the other test files' clients.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fixtures, day } from './fixtures.mjs';
import { addDays } from './clock.mjs';
import { databaseOf } from './db.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// Every date below is relative to today (clock.mjs, KAIJI_TODAY when a run
// is pinned to another day), and every expected due date or last day comes
// from the calendar itself (kaijictl calendar): the arithmetic on known days
// is checked by the unit tests (tests/unit/test-calendar*.c); here, that the
// page shows what the calendar says, on whatever day the suite runs.
const PARENT = process.env.KAIJI_VAR ?? path.join(ROOT, 'var/test');
const MYVAR = path.join(PARENT, 'status-stack');
const CLOCK = path.join(MYVAR, 'clock');
const STACK_ENV = {
  ...process.env,
  KAIJI_VAR: MYVAR,
  KAIJI_PORT: 'auto',
  KAIJI_DEMO: '1',
  KAIJI_BIN: process.env.KAIJI_BIN ?? path.join(ROOT, 'build/bin'),
  KAIJI_TEST_CLOCK_FILE: CLOCK,
  KAIJI_CONFIG_EXTRA: 'Kaiji.TrustedProxies = 127.0.0.250',
};

function stackStop() {
  spawnSync(path.join(ROOT, 'tools/stack'), ['stop'], { env: STACK_ENV, encoding: 'utf8' });
}

fs.rmSync(MYVAR, { recursive: true, force: true });
fs.mkdirSync(MYVAR, { recursive: true });
fs.writeFileSync(CLOCK, '0\n');
const started = spawnSync(path.join(ROOT, 'tools/stack'), ['start'], { env: STACK_ENV, encoding: 'utf8', timeout: 60000 });
if (started.status !== 0) {
  stackStop();
  throw new Error(`status stack did not start:\n${started.stdout}\n${started.stderr}`);
}
process.on('exit', stackStop);
after(stackStop);

process.env.KAIJI_URL = `http://127.0.0.1:${fs.readFileSync(path.join(MYVAR, 'port'), 'utf8').trim()}`;
process.env.KAIJI_VAR = MYVAR;
process.env.KAIJI_CONFIG = path.join(MYVAR, 'kaiji.hdf');
process.env.KAIJI_BIN = STACK_ENV.KAIJI_BIN;
const { cookieJar, formToken, kaijictl, kaijictlResult, readLog, get, post } = await import('./lib.mjs');
const fx = fixtures(path.join(MYVAR, 'kaiji.hdf'));

// ---- helpers ----

const codes = []; // every code handed out, for the log check

// track: false for a code a test itself puts in a URL (the log check
// cannot expect a client's own URL to stay out of the access log).
function newCase(kind = 'disclosure', received = day(-3), { track = true } = {}) {
  const out = kaijictl('case', 'new', '--kind', kind, '--agency', 'mayor', '--name', '試験 花子',
    '--received', received).trim();
  const m = /^(\d{4}-\d{6}) ([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})$/.exec(out);
  assert.ok(m, `kaijictl case new printed "${out}"`);
  if (track) codes.push(m[2]);
  return { ref: m[1], code: m[2] };
}

async function lookup(ref, code, { jar = cookieJar(), localAddress } = {}) {
  const page = await jar.get('/kaiji/status', { localAddress });
  const r = await jar.post('/kaiji/status', { csrf: formToken(page.text), ref, code }, { localAddress });
  return { jar, r };
}

async function open(c) {
  const { jar, r } = await lookup(c.ref, c.code);
  assert.equal(r.status, 303, 'the right code is accepted');
  const v = await jar.get('/kaiji/status/view');
  assert.equal(v.status, 200);
  assert.equal(v.headers['cache-control'], 'no-store');
  return { jar, v, html: v.text };
}

const stateOf = (html) => /id="state" data-state="([a-z_]+)"/.exec(html)?.[1];
const decisionOf = (html) => /data-decision="([a-z_]+)"/.exec(html)?.[1];
const eventsOf = (html) => [...html.matchAll(/data-event="([a-z_]+)"/g)].map((m) => m[1]);
const has = (html, id) => html.includes(`id="${id}"`);
const jaDate = (iso) => { const [y, m, d] = iso.split('-').map(Number); return `${y}年${m}月${d}日`; };
const WEEKDAY_JA = ['日', '月', '火', '水', '木', '金', '土'];
const WEEKDAY_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];
const weekday = (iso) => new Date(`${iso}T00:00:00Z`).getUTCDay();
// 2026年11月2日（月）, as the status page prints a day.
const jaDay = (iso) => `${jaDate(iso)}（${WEEKDAY_JA[weekday(iso)]}）`;
// Mon 2 November 2026, as the English page prints it.
const enDay = (iso) => { const [y, m, d] = iso.split('-').map(Number); return `${WEEKDAY_EN[weekday(iso)]} ${d} ${MONTH_EN[m - 1]} ${y}`; };
// The due date the calendar gives a request received that day.
const dueOf = (received, kind = 'disclosure') => kaijictl('calendar', 'due', received, kind).trim();
// The grounds' labels (L.Desk.Ground in templates/lang/ja-desk.hdf).
const GROUND = {
  third_person: '法78条1項2号（開示請求者以外の個人に関する情報）',
  operations: '法78条1項7号（事務又は事業の適正な遂行に支障を及ぼすおそれ）',
  existence: '法81条（存否を答えるだけで不開示情報を開示することとなる）',
  not_held: '保有していない',
  other: 'その他（理由を記載）',
};
const errorText = (html) => /<div class="error"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1];

// From its first move on, the throttle's clock stands still where it was
// put ("@N", lib/throttle.h): a one-second delay is then tested exactly,
// wherever a real second ends.
let clockStart;
function setClock(seconds) {
  clockStart ??= Math.floor(Date.now() / 1000);
  fs.writeFileSync(CLOCK, `@${clockStart + seconds}\n`);
}

// ---- the lookup ----

test('GET /kaiji/status: the lookup form with fields ref and code, no-store', async () => {
  const r = await get('/kaiji/status');
  assert.equal(r.status, 200);
  assert.equal(r.headers['cache-control'], 'no-store');
  assert.match(r.text, /<form method="post" action="\/kaiji\/status">/);
  assert.match(r.text, /name="ref"/);
  // The code shows what is typed (issue 23 item 10), and no browser keeps it.
  assert.match(r.text, /type="text" id="code" name="code" required autocomplete="off"/);
  assert.match(r.text, /窓口/, 'says how to get a new code at the counter');
});

test('the code is accepted without hyphens, in lower case and full width; POST-redirect-GET', async () => {
  const c = newCase();
  const forms = [c.code, c.code.replace(/-/g, '').toLowerCase(),
    c.code.replace(/[A-Z0-9-]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xFEE0))];
  for (const typed of forms) {
    const { jar, r } = await lookup(c.ref, typed);
    assert.equal(r.status, 303, `accepted: ${typed}`);
    assert.equal(r.headers.location, '/kaiji/status/view');
    assert.ok(!r.headers.location.includes(c.code.slice(0, 4)), 'no code in the URL');
    const cookie = r.headers['set-cookie'].find((s) => s.startsWith('kaiji_lookup='));
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    const v = await jar.get('/kaiji/status/view');
    assert.equal(v.status, 200);
    assert.match(v.text, new RegExp(c.ref));
  }
  // The reference number full width, with a katakana long mark for the dash.
  const wide = c.ref.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xFEE0)).replace('-', 'ー');
  assert.equal((await lookup(wide, c.code)).r.status, 303, 'full-width reference number');
});

// Issue 20: a right code's lookup writes nothing, its session is the
// signed cookie (lib/lookup.c). The WAL file never shrinks (no
// journal_size_limit), so any page a lookup committed would show in its
// size; the checkpoint thread that bounds it is lib/db-sqlite-ckpt.c's
// (tests/unit/test-db.c).
test('-bad- 2,000 lookups commit nothing: the WAL file does not grow', async (t) => {
  const { engine, target } = databaseOf(path.join(MYVAR, 'kaiji.hdf'));
  if (engine !== 'sqlite') {
    t.skip('SQLite\'s WAL');
    return;
  }
  const c = newCase();
  const jar = cookieJar();
  const csrf = formToken((await jar.get('/kaiji/status')).text);
  const walBefore = fs.statSync(`${target}-wal`).size;
  const dbBefore = fs.statSync(target).size;
  for (let round = 0; round < 40; round++) {
    const answers = await Promise.all(Array.from({ length: 50 },
      () => jar.post('/kaiji/status', { csrf, ref: c.ref, code: c.code })));
    assert.deepEqual([...new Set(answers.map((r) => r.status))], [303], 'every lookup is accepted');
  }
  assert.equal(fs.statSync(`${target}-wal`).size, walBefore, '-bad- no page went to the WAL');
  assert.equal(fs.statSync(target).size, dbBefore, '-bad- nor to the database file');
  const v = await jar.get('/kaiji/status/view');
  assert.match(v.text, /id="summary"/, 'the last lookup\'s cookie opens the request');
});

// The cookie names the request and is signed with a key of the server's
// and the request's access-code hash: a browser cannot make one for
// another request, nor make its own last longer.
test('-bad- a lookup cookie changed by the browser opens nothing', async () => {
  const mine = newCase();
  const theirs = newCase();
  const { jar } = await lookup(mine.ref, mine.code);
  const value = jar.cookie('kaiji_lookup');
  const m = /^(\d+)\.(\d+)\.([0-9a-f]{64})$/.exec(value);
  assert.ok(m, `ID.EXPIRES.MAC (${value})`);
  const { jar: other } = await lookup(theirs.ref, theirs.code);
  const theirId = /^(\d+)\./.exec(other.cookie('kaiji_lookup'))[1];
  assert.notEqual(theirId, m[1]);
  const flip = (hex) => hex.slice(0, 10) + (hex[10] === '0' ? '1' : '0') + hex.slice(11);
  const forged = {
    'another request\'s id': `${theirId}.${m[2]}.${m[3]}`,
    'a later end': `${m[1]}.${Number(m[2]) + 60}.${m[3]}`,
    'one character of the MAC': `${m[1]}.${m[2]}.${flip(m[3])}`,
    'no MAC': `${m[1]}.${m[2]}.`,
    'the old random form': 'A'.repeat(43),
  };
  for (const [what, bad] of Object.entries(forged)) {
    const r = await get('/kaiji/status/view', { headers: { cookie: `kaiji_lookup=${bad}` } });
    assert.equal(r.status, 200, what);
    assert.match(r.text, /id="lookup-expired"/, `-bad- ${what}: asked to look up again`);
    assert.doesNotMatch(r.text, /id="summary"/, `-bad- ${what}: no request shown`);
    assert.ok(!r.text.includes(theirs.ref) && !r.text.includes(mine.ref), `-bad- ${what}: no reference number`);
  }
  const ok = await get('/kaiji/status/view', { headers: { cookie: `kaiji_lookup=${value}` } });
  assert.match(ok.text, /id="summary"/, 'the cookie as set still opens the request');
  assert.ok(ok.text.includes(mine.ref));
});

test('-bad- a wrong code and an unknown reference number get the same message', async () => {
  const c = newCase();
  const wrongCode = await lookup(c.ref, 'AAAA-BBBB-CCCC');
  const wrongRef = await lookup('2099-999999', c.code);
  const garbage = await lookup('not a number', 'x');
  for (const { r } of [wrongCode, wrongRef, garbage]) {
    assert.equal(r.status, 403);
    assert.equal(r.headers['cache-control'], 'no-store');
    assert.equal(r.headers['set-cookie'].some((s) => s.startsWith('kaiji_lookup=')), false);
  }
  assert.equal(errorText(wrongCode.r.text), errorText(wrongRef.r.text), 'one message for either');
  assert.equal(errorText(wrongCode.r.text), errorText(garbage.r.text));
  assert.match(errorText(wrongCode.r.text), /受付番号またはアクセスコード/);
});

test('-bad- a code in the URL is refused, and never used', async () => {
  const c = newCase('disclosure', day(-3), { track: false });
  const jar = cookieJar();
  const page = await jar.get('/kaiji/status');
  const r = await jar.post(`/kaiji/status?code=${c.code}`, { csrf: formToken(page.text), ref: c.ref });
  assert.equal(r.status, 400);
  assert.equal((await jar.get('/kaiji/status/view')).text.includes(c.ref), false);
});

test('-bad- the status page without a lookup asks for the code again', async () => {
  const r = await get('/kaiji/status/view');
  assert.equal(r.status, 200);
  assert.match(r.text, /id="lookup-expired"/);
  assert.doesNotMatch(r.text, /id="summary"/);
  const w = await post('/kaiji/status/withdraw', 'x=1', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(w.status, 403, 'a POST without its token is refused');
});

test('a lost code: a new one from the counter works and the old one stops', async () => {
  const c = newCase();
  // Issue 16 item 9: whoever looked the request up with the old code (the
  // reason for a new one) is signed out at once, not when the cookie lapses.
  const { jar: before } = await lookup(c.ref, c.code, { localAddress: '127.0.0.31' });
  assert.equal((await before.get('/kaiji/status/view')).status, 200);
  assert.match((await before.get('/kaiji/status/view')).text, /id="summary"/);
  const [, code2] = kaijictl('case', 'reissue', c.ref).trim().split(' ');
  const ended = await before.get('/kaiji/status/view');
  assert.match(ended.text, /id="lookup-expired"/, '-bad- the old code\'s session ends with the reissue');
  assert.doesNotMatch(ended.text, /id="summary"/);
  codes.push(code2);
  assert.equal((await lookup(c.ref, c.code)).r.status, 403, '-bad- the old code');
  assert.equal((await lookup(c.ref, code2)).r.status, 303, 'the new code');
  const { html } = await open({ ref: c.ref, code: code2 });
  assert.ok(eventsOf(html).includes('code_reissued'));
});

// ---- every state ----

test('received: the due date and the withdraw button', async () => {
  const received = day(-3);
  const c = newCase('disclosure', received);
  const { html } = await open(c);
  assert.equal(stateOf(html), 'received');
  assert.match(html, /開示請求/);
  assert.match(html, /市長/);
  assert.match(html, new RegExp(jaDay(received)), 'received on');
  assert.match(html, new RegExp(`id="due-on">${jaDay(dueOf(received))}`), 'the calendar\'s due date (14 days from the day after in Yamagata)');
  assert.ok(has(html, 'withdraw'));
  assert.ok(!has(html, 'decision') && !has(html, 'fee') && !has(html, 'offer'));
  assert.deepEqual(eventsOf(html), ['received']);
});

test('reviewing, 補正 and third-party consultation: plain words; internal events hidden', async () => {
  const a = newCase();
  fx.review(a.ref);
  let { html } = await open(a);
  assert.equal(stateOf(html), 'reviewing');
  assert.match(html, /審査しています/);
  assert.ok(has(html, 'withdraw'));
  assert.deepEqual(eventsOf(html), ['received', 'reviewing']);

  const b = newCase();
  fx.amend(b.ref, '請求する個人情報の期間を具体的に書いてください');
  ({ html } = await open(b));
  assert.equal(stateOf(html), 'amending');
  assert.match(html, /補正（修正や追加）をお願いしています/);
  assert.match(html, /請求する個人情報の期間を具体的に書いてください/);

  const c = newCase();
  fx.consult(c.ref);
  ({ html } = await open(c));
  assert.equal(stateOf(html), 'consulting');
  assert.match(html, /意見を聴いています/);
  assert.ok(!eventsOf(html).includes('consult_sent'), 'the consultation itself is not shown');
  assert.doesNotMatch(html, /株式会社テスト/, 'nor the third party');
});

test('補正 returned: reviewing again, the due date moved by the days the clock stood still', async () => {
  const received = day(-10);
  const c = newCase('disclosure', received);
  fx.review(c.ref);
  fx.amend(c.ref, '請求する個人情報の期間を具体的に書いてください', addDays(received, 2));
  fx.amended(c.ref, addDays(received, 7));
  const { html } = await open(c);
  assert.equal(stateOf(html), 'reviewing');
  assert.deepEqual(eventsOf(html), ['received', 'reviewing', 'amend_requested', 'amended', 'reviewing']);
  // five days held (法77③): due as for a request received five days later
  const due = dueOf(addDays(received, 5));
  assert.equal(fx.show(c.ref).due_on, due);
  assert.match(html, new RegExp(`id="due-on">${jaDay(due)}`), 'the days held added, rolled past closed days');
});

test('extended: the new due date, the previous one and the reason', async () => {
  const received = day(-5);
  const c = newCase('disclosure', received);
  fx.review(c.ref);
  // decided today, within the original period; 14 more days is within the
  // 30 that 法83② allows
  const before = dueOf(received);
  const extended = addDays(before, 14);
  fx.extend(c.ref, extended, '請求された文書が大量で、検索に時間を要するため', day());
  const { html } = await open(c);
  assert.match(html, /決定の期限を延長しました。/);
  assert.match(html, new RegExp(`id="due-on">${jaDay(extended)}`));
  assert.match(html, new RegExp(jaDay(before)), 'the due date before');
  assert.match(html, /id="due-reason">請求された文書が大量で/);
  assert.ok(eventsOf(html).includes('extended'));
});

const ADVERSE = ['partial', 'none', 'refuse_existence', 'not_exist', 'dismissed'];
for (const decision of ['full', ...ADVERSE]) {
  test(`decided ${decision}: the decision and ${ADVERSE.includes(decision) ? 'how to appeal, with the last day' : 'no appeal'}`, async () => {
    const c = newCase();
    const decided = day(-2);
    const reasons = {
      partial: [{ part: '第三者の氏名', ground: 'third_person', explanation: '開示すると第三者の権利を害するおそれがあるため' }],
      none: [{ part: '第三者の氏名', ground: 'third_person', explanation: '開示すると第三者の権利を害するおそれがあるため' }],
      refuse_existence: [{ part: '請求された個人情報の全部', ground: 'existence', explanation: '存否を答えるだけで不開示情報を開示することとなるため' }],
      not_exist: [{ part: '請求された個人情報の全部', ground: 'not_held', explanation: '作成も取得もしていないため' }],
    }[decision] ?? [];
    fx.decide(c.ref, decision, decided, reasons);
    const { html } = await open(c);
    assert.equal(stateOf(html), decision === 'dismissed' ? 'dismissed' : 'decided');
    assert.equal(decisionOf(html), decision);
    // lib/flow.c records a 却下 as its own event, dismissed
    assert.ok(eventsOf(html).includes(decision === 'dismissed' ? 'dismissed' : 'decided'));
    assert.ok(!has(html, 'withdraw'), 'a decided request cannot be withdrawn');
    if (ADVERSE.includes(decision)) {
      const last = kaijictl('calendar', 'appeal', decided, decided).trim();
      assert.match(html, new RegExp(`id="appeal-last-day">${jaDate(last)}`), 'the last day from the calendar');
      assert.match(html, /審査請求/);
      assert.match(html, /山形市情報公開・個人情報保護審査会/, 'the review board');
      assert.match(html, /決定通知書を後日受け取った場合/, 'says what the date assumes');
    } else {
      assert.ok(!has(html, 'appeal'), 'no appeal after full disclosure');
    }
    for (const r of reasons) {
      assert.ok(html.includes(`<td>${r.part}</td><td>${GROUND[r.ground]}</td><td>${r.explanation}</td>`),
        `the reason for ${r.part}, its ground's label and why`);
    }
    if (!reasons.length) assert.ok(!has(html, 'reasons'), 'no reasons table without reasons');
    assert.equal(has(html, 'offer'), decision === 'full' || decision === 'partial',
      'the choice of delivery only after a disclosure');
  });
}

test('correction: not corrected can be appealed; carried out after correct', async () => {
  const a = newCase('correction');
  fx.decide(a.ref, 'not_correct', day(), [{ part: '住所の記載', ground: 'other', explanation: '事実と異なることが確認できないため' }]);
  let { html } = await open(a);
  assert.equal(decisionOf(html), 'not_correct');
  assert.ok(has(html, 'appeal'));
  assert.ok(!has(html, 'offer'));
  const b = newCase('correction', day(-12));
  fx.decide(b.ref, 'correct', day(-9));
  fx.carryOut(b.ref, day(-8));
  ({ html } = await open(b));
  assert.equal(stateOf(html), 'delivered');
  assert.ok(has(html, 'carried-out'));
  assert.match(html, new RegExp(`訂正・利用停止等を実施しました。 日付: ${jaDate(day(-8))}`));
});

test('fee due: the breakdown, the online button (amount ≥ the minimum), the counter note', async () => {
  const c = newCase();
  fx.decide(c.ref, 'full');
  // Yamagata's table: 12 × 10 + 3 × 20 + a CD-R 100 + postage 94
  fx.setFee(c.ref, 374, { mono_pages: 12, colour_pages: 3, media: [{ item: 'cdr', units: 1 }], postage_yen: 94 });
  const { html } = await open(c);
  assert.match(html, /data-fee-state="due"/);
  // Each line as unit price × count = amount, in 円 (issue 23 item 13).
  assert.match(html, /写し（モノクロ）<\/td><td>10円<\/td><td>×12枚<\/td><td class="num">120円/);
  assert.match(html, /写し（カラー）<\/td><td>20円<\/td><td>×3枚<\/td><td class="num">60円/);
  assert.match(html, /CD-R[^<]*<\/td><td>100円<\/td><td>×1点<\/td><td class="num">100円/);
  assert.match(html, /郵送料<\/td><td><\/td><td><\/td><td class="num">94円/);
  assert.match(html, /id="fee-total">374 円/);
  assert.match(html, /<form method="post" action="\/kaiji\/pay\/start" id="pay-online">/);
  assert.match(html, /<form method="post" action="\/kaiji\/pay\/start" id="pay-online">\s*<input type="hidden" name="csrf" value="[0-9a-f]{64}">/);
  assert.match(html, /data-way="counter"/);
  assert.match(html, /情報公開窓口でお支払いください/, "the profile's counter note");
  const en = await (await open(c)).jar.get('/kaiji/status/view?lang=en');
  assert.match(en.text, /Please pay at the information disclosure counter/, 'the counter note in English');
  assert.doesNotMatch(en.text, /情報公開窓口でお支払いください/, '-bad- not the Japanese note on an English page');
});

test('-bad- a decision that offered copies by post only: no paying at the counter before the 申出 either', async () => {
  const c = newCase();
  fx.decide(c.ref, 'full', day(-1), [], { methods: ['mail'] });
  fx.setFee(c.ref, 124, { mono_pages: 3, postage_yen: 94 });
  const { html } = await open(c);
  assert.ok(has(html, 'offer'), 'the 申出 is still to make');
  assert.ok(has(html, 'pay-ways'));
  assert.ok(!html.includes('data-way="counter"'), '-bad- no 窓口 way when nothing is handed over there');
  const both = newCase();
  fx.decide(both.ref, 'full', day(-1), [], { methods: ['copy', 'mail'], slots: [`${day(3)}T10:00`] });
  fx.setFee(both.ref, 30, { mono_pages: 3 });
  assert.match((await open(both)).html, /data-way="counter"/, 'copies at the counter offered too: the counter is a way');
});

test('-bad- a fee below the provider minimum: no online button, only the other ways', async () => {
  const c = newCase();
  fx.decide(c.ref, 'full');
  fx.setFee(c.ref, 30, { mono_pages: 3 });
  const { html } = await open(c);
  assert.ok(!has(html, 'pay-online'));
  assert.match(html, /data-way="counter"/);
});

test('paid: the payment is shown and no button is left', async () => {
  for (const [via, label] of [['counter', /お支払いの方法: 窓口<\/p>/], ['online', /お支払いの方法: オンライン決済<\/p>/]]) {
    const c = newCase();
    fx.decide(c.ref, 'full');
    fx.setFee(c.ref, 100, { mono_pages: 10 });
    fx.pay(c.ref, via);
    const { html } = await open(c);
    assert.match(html, /data-fee-state="paid"/, via);
    assert.match(html, /id="fee-paid">お支払いを確認しました。/);
    assert.match(html, label, `paid via ${via}`);
    assert.ok(!has(html, 'pay-online'));
    assert.ok(eventsOf(html).includes('fee_paid'));
  }
});

test('開示の実施方法等の申出: a counter time chosen online, then shown; once only', async () => {
  const c = newCase();
  const past = `${day(-1)}T10:00`, soon = `${day(3)}T10:00`, later = `${day(4)}T14:30`;
  const [, slotSoon, slotLater] = fx.decide(c.ref, 'partial', day(-1), [{ part: '職員の印影', ground: 'operations' }],
    { slots: [past, soon, later], place: '情報公開窓口' });
  const other = newCase();
  const [foreign] = fx.decide(other.ref, 'full', day(), [], { slots: [`${day(5)}T09:00`] });

  const { jar, html } = await open(c);
  assert.ok(has(html, 'offer'));
  const form = await jar.get('/kaiji/status/delivery');
  assert.equal(form.status, 200);
  assert.match(form.text, new RegExp(`value="slot-${slotSoon}"`));
  assert.match(form.text, new RegExp(`value="slot-${slotLater}"`));
  assert.doesNotMatch(form.text, /T10:00/, 'times are shown as dates and HH:MM');
  assert.equal((form.text.match(/name="choice"/g) ?? []).length, 3, 'two future times and mail, not the past one');
  const csrf = formToken(form.text);

  for (const bad of [`slot-${foreign}`, 'slot-0', 'counter', '']) {
    const r = await jar.post('/kaiji/status/delivery', { csrf, choice: bad });
    assert.equal(r.status, 422, `-bad- choice "${bad}"`);
    assert.match(r.text, /id="delivery-error"/);
  }
  const ok = await jar.post('/kaiji/status/delivery', { csrf, choice: `slot-${slotLater}` });
  assert.equal(ok.status, 303);
  const v = await jar.get('/kaiji/status/view');
  assert.match(v.text, /id="delivery-when">[^<]*14時30分/);
  assert.ok(!has(v.text, 'offer'), 'the choice is made');
  assert.ok(eventsOf(v.text).includes('delivery_chosen'));
  const again = await jar.post('/kaiji/status/delivery', { csrf, choice: `slot-${slotSoon}` });
  assert.equal(again.status, 303, '-bad- a second choice is not taken');
  assert.equal(fx.query(`SELECT COUNT(*) FROM delivery_choice c JOIN request r ON r.id = c.request_id WHERE r.ref = '${c.ref}';`), '1');
});

test('開示の実施方法等の申出: a counter day can be chosen until the day before it (山形: 前日までに到着)', async () => {
  // conf/cities/yamagata.hdf: City.Disclosure.ChoiceDaysBefore = 1
  const c = newCase();
  const [today, tomorrow] = fx.decide(c.ref, 'full', day(-1), [],
    { methods: ['view', 'copy'], slots: [`${day(0)}T23:59`, `${day(1)}T09:00`] });
  const { jar } = await open(c);
  const form = await jar.get('/kaiji/status/delivery');
  assert.equal(form.status, 200);
  assert.match(form.text, new RegExp(`value="slot-${tomorrow}"`), 'tomorrow can still be chosen');
  assert.doesNotMatch(form.text, new RegExp(`value="slot-${today}"`), '-bad- today is too late');
  assert.match(form.text, /id="choice-days-before"/);
  const r = await jar.post('/kaiji/status/delivery', { csrf: formToken(form.text), choice: `slot-${today}` });
  assert.equal(r.status, 422, '-bad- a slot today is refused');
  assert.equal(fx.query(`SELECT COUNT(*) FROM delivery_choice c JOIN request r ON r.id = c.request_id WHERE r.ref = '${c.ref}';`), '0');
});

test('開示の実施方法等の申出: not needed when the request asked for copies by mail and mail is offered (山形)', async () => {
  // conf/cities/yamagata.hdf: City.Disclosure.RequestedMethodSuffices = 1
  const asked = newCase();
  fx.exec(`UPDATE request SET data = '{"delivery":{"method":"copy_mail","medium":"mono","units":3}}' WHERE ref = '${asked.ref}';`);
  fx.decide(asked.ref, 'full', day(-1), [], { methods: ['copy', 'mail'], slots: [`${day(3)}T10:00`] });
  let { jar, html } = await open(asked);
  assert.ok(has(html, 'offer-not-needed'), 'the page says no 申出書 is needed');
  assert.ok(!has(html, 'offer'), 'and asks for no choice');
  const form = await jar.get('/kaiji/status/delivery');
  assert.equal(form.status, 303, 'the choice page is closed');
  // The fee's next step follows the copies by post the form asked for
  // (data.delivery.method, as the request form writes it): no counter.
  fx.setFee(asked.ref, 30, { mono_pages: 3 });
  ({ html } = await open(asked));
  assert.ok(has(html, 'pay-ways'));
  assert.ok(!html.includes('data-way="counter"'), '-bad- no paying at the counter for copies sent by post');
  fx.pay(asked.ref);
  ({ html } = await open(asked));
  assert.match(html, /<p id="fee-next">次は、写しを郵送でお送りします。/);

  // -bad- the counter was asked for: the choice is still made
  const counter = newCase();
  fx.exec(`UPDATE request SET data = '{"delivery":{"method":"copy_counter"}}' WHERE ref = '${counter.ref}';`);
  fx.decide(counter.ref, 'full', day(-1), [], { methods: ['copy', 'mail'], slots: [`${day(3)}T10:00`] });
  ({ html } = await open(counter));
  assert.ok(!has(html, 'offer-not-needed'));
  assert.ok(has(html, 'offer'));

  // -bad- mail asked for but not offered
  const notOffered = newCase();
  fx.exec(`UPDATE request SET data = '{"delivery":{"method":"copy_mail"}}' WHERE ref = '${notOffered.ref}';`);
  fx.decide(notOffered.ref, 'full', day(-1), [], { methods: ['view', 'copy'], slots: [`${day(3)}T10:00`] });
  ({ html } = await open(notOffered));
  assert.ok(!has(html, 'offer-not-needed'));
  assert.ok(has(html, 'offer'));
});

test('開示の実施方法等の申出: only the methods the decision offered are choosable', async () => {
  const soon = `${day(3)}T10:00`;
  const counterOnly = newCase();
  const [slot] = fx.decide(counterOnly.ref, 'full', day(-1), [], { methods: ['view', 'copy'], slots: [soon] });
  let { jar } = await open(counterOnly);
  let form = await jar.get('/kaiji/status/delivery');
  assert.equal(form.status, 200);
  const offered = (html) => [...html.matchAll(/data-offered="([a-z]+)"/g)].map((m) => m[1]);
  assert.deepEqual(offered(form.text), ['view', 'copy']);
  assert.match(form.text, /閲覧・視聴/);
  assert.match(form.text, new RegExp(`value="slot-${slot}"`));
  assert.doesNotMatch(form.text, /value="mail"/, 'mail was not offered');
  let r = await jar.post('/kaiji/status/delivery', { csrf: formToken(form.text), choice: 'mail' });
  assert.equal(r.status, 422, '-bad- mail chosen though not offered');
  assert.match(r.text, /id="delivery-error"/);
  assert.equal(fx.query(`SELECT COUNT(*) FROM delivery_choice c JOIN request r ON r.id = c.request_id WHERE r.ref = '${counterOnly.ref}';`), '0');

  const mailOnly = newCase();
  const [unoffered] = fx.decide(mailOnly.ref, 'full', day(-1), [], { methods: ['mail'], slots: [soon] });
  ({ jar } = await open(mailOnly));
  form = await jar.get('/kaiji/status/delivery');
  assert.deepEqual(offered(form.text), ['mail']);
  assert.match(form.text, /value="mail"/);
  assert.doesNotMatch(form.text, /value="slot-/, 'no counter was offered');
  assert.doesNotMatch(form.text, /選べる窓口の日時がありません/, 'no note about counter times');
  const csrf = formToken(form.text);
  r = await jar.post('/kaiji/status/delivery', { csrf, choice: `slot-${unoffered}` });
  assert.equal(r.status, 422, '-bad- a counter time chosen though no counter method was offered');
  r = await jar.post('/kaiji/status/delivery', { csrf, choice: 'mail' });
  assert.equal(r.status, 303);
  assert.equal(fx.query(`SELECT c.method FROM delivery_choice c JOIN request r ON r.id = c.request_id WHERE r.ref = '${mailOnly.ref}';`), 'mail');
});

test('-bad- the choice of delivery after its 30-day window is not offered', async () => {
  const c = newCase('disclosure', day(-80));
  fx.decide(c.ref, 'full', day(-60));
  const { jar, html } = await open(c);
  assert.ok(!has(html, 'offer'));
  const r = await jar.get('/kaiji/status/delivery');
  assert.equal(r.status, 303);
});

test('delivered by mail: the date sent', async () => {
  const c = newCase('disclosure', day(-12));
  fx.decide(c.ref, 'full', day(-8));
  fx.deliver(c.ref, 'mail', day(-3));
  const { html } = await open(c);
  assert.equal(stateOf(html), 'delivered');
  assert.match(html, new RegExp(`写しを郵送しました。 日付: ${jaDate(day(-3))}`));
});

test('withdraw: a confirmation page, then the request is withdrawn and recorded', async () => {
  const c = newCase();
  const { jar, html } = await open(c);
  assert.ok(has(html, 'withdraw'));
  const confirm = await jar.get('/kaiji/status/withdraw');
  assert.equal(confirm.status, 200);
  assert.match(confirm.text, /取り下げた請求は元に戻せません/);
  assert.match(confirm.text, new RegExp(c.ref));
  assert.equal(stateOf((await jar.get('/kaiji/status/view')).text), 'received', 'nothing changes before the confirmation');
  const r = await jar.post('/kaiji/status/withdraw', { csrf: formToken(confirm.text) });
  assert.equal(r.status, 303);
  const v = await jar.get('/kaiji/status/view');
  assert.equal(stateOf(v.text), 'withdrawn');
  assert.ok(eventsOf(v.text).includes('withdrawn'));
  assert.ok(!has(v.text, 'withdraw'));
  assert.equal(fx.query(`SELECT actor FROM event e JOIN request r ON r.id = e.request_id WHERE r.ref = '${c.ref}' AND e.kind = 'withdrawn';`), 'citizen');
});

test('-bad- a decided request cannot be withdrawn', async () => {
  const c = newCase();
  const { jar } = await open(c);
  const confirm = await jar.get('/kaiji/status/withdraw');
  fx.decide(c.ref, 'full');
  const r = await jar.post('/kaiji/status/withdraw', { csrf: formToken(confirm.text) });
  assert.equal(r.status, 303);
  assert.equal(stateOf((await jar.get('/kaiji/status/view')).text), 'decided');
  assert.equal((await jar.get('/kaiji/status/withdraw')).status, 303, 'no confirmation page either');
});

test('appealed: the request for review is shown', async () => {
  const c = newCase('disclosure', day(-12));
  fx.decide(c.ref, 'none', day(-10), [{ part: '第三者の氏名', ground: 'third_person' }]);
  assert.ok(fx.appeal(c.ref, day(-2)) > 0, 'kaijictl prints the appeal id');
  const { html } = await open(c);
  assert.ok(has(html, 'appeals'));
  assert.match(html, new RegExp(`審査請求の受付日</dt><dd>${jaDate(day(-2))}`));
  assert.ok(eventsOf(html).includes('appeal_received'));
});

test('English: the status page in English with lang=en', async () => {
  const c = newCase('disclosure', day(-12));
  fx.decide(c.ref, 'partial', day(-8), [{ part: '第三者の氏名', ground: 'third_person' }]);
  const { jar } = await open(c);
  const v = await jar.get('/kaiji/status/view?lang=en');
  assert.match(v.text, /<html lang="en">/);
  assert.match(v.text, /Disclosed in part/);
  assert.match(v.text, new RegExp(enDay(day(-8))));
  // The office's address and phone in the profile's English (AddressEn,
  // PhoneEn), not 代表/内線 on an English page; Japanese keeps its own.
  assert.match(v.text, /<dd id="contact-phone">023-641-1212 \(switchboard\), extension 254<\/dd>/);
  assert.match(v.text, /2-3-25 Hatagomachi, Yamagata City/);
  assert.doesNotMatch(v.text, /代表|内線|旅篭町/, '-bad- no Japanese contact details on the English page');
  const ja = await jar.get('/kaiji/status/view?lang=ja');
  assert.match(ja.text, /<dd id="contact-phone">023-641-1212（代表）内線254<\/dd>/);
});

// ---- throttling ----

// Issue 16 item 2: reference numbers are sequential, so a stranger can
// aim wrong codes at anyone's request. They must never keep its owner out.
test('wrong codes against one reference from many addresses: 429 from the 6th, yet the right code gets in', async () => {
  const c = newCase();
  const statuses = [];
  let locked;
  for (let i = 0; i < 10; i++) {
    const addr = `127.0.1.${i + 1}`;
    const r = (await lookup(c.ref, `WRNG-CODE-${'ABCDEFGHJK'[i]}AAA`, { localAddress: addr })).r;
    statuses.push(r.status);
    if (r.status === 429) locked = r;
  }
  assert.deepEqual(statuses, [403, 403, 403, 403, 403, 429, 429, 429, 429, 429]);
  assert.match(locked.text, /id="lookup-locked"/);
  assert.match(locked.text, /\d{1,2}時\d{1,2}分頃（約1[45]分後）/, 'when to try again, as the pages write a time');
  const retry = Number(locked.headers['retry-after']);
  assert.ok(retry > 800 && retry <= 900, `Retry-After ${retry}`);
  assert.equal((await lookup(c.ref, c.code, { localAddress: '127.0.0.4' })).r.status, 303,
    'the right code gets in while the reference is locked');
  const rows = fx.query("SELECT key_hash FROM throttle WHERE bucket = 'client' LIMIT 1;");
  assert.match(rows, /^[0-9a-f]{64}$/, 'the client address is kept as a keyed hash');
  assert.equal(fx.query("SELECT COUNT(*) FROM throttle WHERE key_hash LIKE '%127.0.%' OR key_hash LIKE '%" + c.ref + "%';"), '0');
});

test('wrong codes from one address: five free, then 1, 2, 4 s delays for it alone; 20 an hour at most', async () => {
  const jar = cookieJar();
  const addr = '127.0.0.3';
  const csrf = formToken((await jar.get('/kaiji/status', { localAddress: addr })).text);
  let n = 0;
  const wrong = async () => (await jar.post('/kaiji/status',
    { csrf, ref: `2098-${String(++n).padStart(6, '0')}`, code: 'AAAA-BBBB-CCCC' }, { localAddress: addr }));
  let clock = 0;
  setClock(clock);
  const statuses = [];
  for (let i = 0; i < 5; i++) statuses.push((await wrong()).status);
  assert.deepEqual(statuses, [403, 403, 403, 403, 403]);
  for (const delay of [1, 2, 4]) {
    const early = await wrong();
    assert.equal(early.status, 429, `a try before the ${delay} s delay`);
    // A failure stamped at second N happened before N + 1: the delay is
    // whole from N + 1 + delay.
    assert.equal(Number(early.headers['retry-after']), delay + 1, `Retry-After ${early.headers['retry-after']}`);
    clock += delay;
    setClock(clock);
    assert.equal((await wrong()).status, 429, `-bad- ${delay} s after the failure's stamp is not yet ${delay} s after the failure`);
    clock += 1;
    setClock(clock);
    assert.equal((await wrong()).status, 403, `after ${delay} s the code is checked again`);
  }
  const c = newCase();
  assert.equal((await lookup(c.ref, c.code, { localAddress: addr })).r.status, 429,
    '-bad- while it waits, even a right code from it is not looked at');
  assert.equal((await lookup(c.ref, c.code, { localAddress: '127.0.0.5' })).r.status, 303, 'another address is not slowed');
  clock += 3601;
  setClock(clock);
  assert.equal((await lookup(c.ref, c.code, { localAddress: addr })).r.status, 303, 'after an hour it may try again');
});

// The stack trusts 127.0.0.250 as a reverse proxy (Kaiji.TrustedProxies):
// its X-Forwarded-For names the client; anyone else's is ignored.
test('behind a trusted proxy each citizen counts alone; a forged X-Forwarded-For changes nothing', async () => {
  const proxy = '127.0.0.250';
  // The proxy appends the address it saw to whatever the client sent.
  const via = (client, claim) => ({ localAddress: proxy,
    headers: { 'X-Forwarded-For': claim ? `${claim}, ${client}` : client } });
  const tryAs = async (opts, ref) => {
    const jar = cookieJar();
    const page = await jar.get('/kaiji/status', opts);
    return (await jar.post('/kaiji/status', { csrf: formToken(page.text), ref, code: 'AAAA-BBBB-CCCC' }, opts)).status;
  };
  const statuses = [];
  for (let i = 0; i < 6; i++) statuses.push(await tryAs(via('198.51.100.7', `192.0.2.${i}`), `2097-00000${i}`));
  assert.deepEqual(statuses, [403, 403, 403, 403, 403, 429],
    'the guesser behind the proxy is slowed, whatever it claims to forward');
  assert.equal(await tryAs(via('198.51.100.8'), '2097-000010'), 403, 'another citizen behind the same proxy is not');
  const c = newCase();
  const jar = cookieJar();
  const page = await jar.get('/kaiji/status', via('198.51.100.9'));
  const ok = await jar.post('/kaiji/status', { csrf: formToken(page.text), ref: c.ref, code: c.code }, via('198.51.100.9'));
  assert.equal(ok.status, 303);
  // Not a trusted proxy: X-Forwarded-For is the client's own claim.
  const forged = { localAddress: '127.0.0.6', headers: { 'X-Forwarded-For': '203.0.113.1' } };
  const st2 = [];
  for (let i = 0; i < 6; i++) {
    forged.headers['X-Forwarded-For'] = `203.0.113.${i + 1}`;
    st2.push(await tryAs(forged, `2097-00002${i}`));
  }
  assert.deepEqual(st2, [403, 403, 403, 403, 403, 429], 'a new X-Forwarded-For each time does not escape the delay');
});

// ---- logs ----

test('no access code in the access log or the programs\' logs', async () => {
  assert.ok(codes.length > 10);
  const logs = fs.readdirSync(path.join(MYVAR, 'log')).map((f) => [f, readLog(f)]);
  assert.ok(logs.find(([f]) => f === 'access.log')[1].includes('POST /kaiji/status '), 'the access log has the lookups');
  assert.match(readLog('status'), /status lookup \d{4}-\d{6}/, 'the status log has them too');
  for (const code of codes) {
    const forms = [code, code.replace(/-/g, ''), code.replace(/-/g, '').toLowerCase(), code.slice(5)];
    for (const [file, text] of logs) {
      for (const f of forms) assert.ok(!text.includes(f), `${f} found in ${file}`);
    }
  }
});

test('-bad- kaijictl case new refuses an unknown agency, kind or date', () => {
  for (const args of [['--kind', 'disclosure', '--agency', 'nobody', '--name', 'x'],
    ['--kind', 'nothing', '--agency', 'mayor', '--name', 'x'],
    ['--kind', 'disclosure', '--agency', 'mayor', '--name', 'x', '--received', '2026-02-30'],
    ['--kind', 'disclosure', '--agency', 'mayor']]) {
    const r = kaijictlResult('case', 'new', ...args);
    assert.notEqual(r.status, 0, args.join(' '));
    assert.equal(r.stdout, '');
  }
});

// The case page (issue 19) in Chromium at 1280×900 and at 320 px: the
// summary column beside the history, only the steps the case's state
// allows (the most likely next one open, the others folded in <details>),
// the notices beside the events that produced them, a partly disclosed
// case within about two screens, and axe 0 violations.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, axe, describeViolations } from './lib.mjs';
import { staff, ctl, enter, today, addDays } from '../integration/desk-lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const clerk = staff('clerk', ['mayor'], 'casepage');
const t = today();

async function signedIn(viewport) {
  const page = await newPage(browser, { viewport });
  await page.goto(`${BASE}/kaiji/desk/login`);
  await page.fill('#login', clerk.login);
  await page.fill('#password', clerk.password);
  await Promise.all([page.waitForURL(/\/kaiji\/desk\/$/), page.click('form[action$="/desk/login"] button[type=submit]')]);
  return page;
}

// A request received ten days ago, decided 部分開示 with copies, its fee
// set and not yet paid: the demo's "fee-due" story.
function partlyDisclosed() {
  const req = enter({ received: addDays(t, -10), name: '一部 開示' });
  ctl(['case', 'review', req.ref]);
  ctl(['case', 'decide', req.ref, '--decision', 'partial', '--method', 'view', '--method', 'copy', '--method', 'mail',
    '--withhold', '第三者の氏名及び住所|third_person|開示請求者以外の個人に関する情報であるため',
    '--slot', `${addDays(t, 14)}T10:00`, '--place', '市民相談課', '--purpose', '介護保険の資格管理']);
  ctl(['case', 'fee', req.ref, '--mono', '20']);
  return req;
}

// The steps the page offers: the open one and the folded ones.
async function steps(page) {
  return page.evaluate(() => ({
    next: [...document.querySelectorAll('main section.desk-next form')].map((f) => f.id.replace(/^form-/, '')),
    folded: [...document.querySelectorAll('main details.desk-step form')].map((f) => f.id.replace(/^form-/, '')),
    open: [...document.querySelectorAll('main details.desk-step[open]')].length,
  }));
}

async function noSidewaysScroll(page, what) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(wide <= 0, `${what}: sideways scroll of ${wide}px`);
}

async function noAxe(page, what) {
  const v = await axe(page);
  assert.equal(v.length, 0, `${what}:\n${describeViolations(v)}`);
}

test('a partly disclosed case fits in 2,000 px at 1280×900, summary beside the history, the payment open and the rest folded', async () => {
  const req = partlyDisclosed();
  const page = await signedIn({ width: 1280, height: 900 });
  await page.goto(`${BASE}/kaiji/desk/case/${req.id}`);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  assert.ok(height <= 2000, `the page is ${height}px tall`);
  await noSidewaysScroll(page, '1280');
  // two columns: the summary's left edge is left of the history's, their tops level
  const side = await page.locator('.case-side').boundingBox();
  const main = await page.locator('.case-main').boundingBox();
  assert.ok(side.x + side.width <= main.x, 'the summary is a column of its own');
  assert.ok(Math.abs(side.y - main.y) < 5, 'beside the history, not above it');
  // the summary says what is due, by when, and what was asked
  assert.equal(await page.getAttribute('#case-state', 'data-state'), 'decided');
  assert.equal(await page.getAttribute('#case-deadline', 'data-what'), 'offer', '法87③ is the next deadline');
  assert.match(await page.textContent('#case-deadline'), /申出の期限.*\d+年\d+月\d+日/);
  assert.match(await page.textContent('#case-deadline-left'), /^(あと \d+ 開庁日|本日が期限)$/);
  const s = await steps(page);
  assert.deepEqual(s.next, ['pay'], 'the fee is due: recording its payment comes first');
  assert.ok(s.folded.includes('deliver') && s.folded.includes('fee') && s.folded.includes('reissue'), s.folded.join());
  for (const never of ['decide', 'review', 'amend', 'extend', 'special', 'withdraw', 'dismiss', 'close', 'amended'])
    assert.ok(!s.next.includes(never) && !s.folded.includes(never), `${never} is not offered once decided`);
  assert.equal(s.open, 0, 'the other steps are folded');
  assert.ok(await page.isVisible('#form-pay button'), 'the payment form is open');
  assert.ok(!(await page.isVisible('#form-deliver button')), 'the disclosure is one click away');
  await page.click('#step-deliver > summary');
  assert.ok(await page.isVisible('#form-deliver button'), 'one click opens it');
  // each notice beside the event that produced it
  assert.ok(await page.$('#events tr[data-kind="received"] a[data-notice="receipt"]'), 'the receipt beside 受付');
  assert.ok(await page.$('#events tr[data-kind="decided"] a[data-notice="disclosure"]'), 'the decision notice beside 決定');
  // the history in words: no raw key or JSON
  const history = await page.textContent('#events tbody');
  assert.doesNotMatch(history, /_on:|[[{]/, 'no raw key or JSON in the history');
  await noAxe(page, 'case at 1280');
  await page.context().close();
});

// A case under examination (審査中), its decision form open as the next
// step: on arrival only the choice of decision shows, and choosing one
// shows the groups that decision takes (法78/81 withheld parts, 法82①
// 利用目的 and methods, the dates); the rare parts stay folded.
test('a case in review fits in 2,000 px at 1280×900 with its decision form open; choosing the decision shows only its fields', async () => {
  const req = enter({ received: addDays(t, -3), name: '審査 花子' });
  ctl(['case', 'review', req.ref]);
  const page = await signedIn({ width: 1280, height: 900 });
  await page.goto(`${BASE}/kaiji/desk/case/${req.id}`);
  assert.deepEqual((await steps(page)).next, ['decide']);
  const height = () => page.evaluate(() => document.documentElement.scrollHeight);
  const arrival = await height();
  assert.ok(arrival <= 2000, `the page is ${arrival}px tall`);
  const shown = async (sel) => page.isVisible(sel);
  assert.ok(await shown('#decide-decision') && await shown('#decide-decided_on') && await shown('#form-decide button[type=submit]'));
  assert.ok(!(await shown('#decide-part1')) && !(await shown('#decide-purpose')), 'nothing but the choice before it is made');
  await page.selectOption('#decide-decision', 'partial');
  for (const sel of ['#decide-part1', '#decide-ground1', '#decide-explanation1', '#decide-purpose', '#decide-m-view', '#decide-slot1', '#decide-slot2', '#decide-place'])
    assert.ok(await shown(sel), `部分開示 shows ${sel}`);
  for (const sel of ['#decide-part2', '#decide-slot3', '#decide-reason'])
    assert.ok(!(await shown(sel)), `${sel} folded`);
  const partial = await height();
  assert.ok(partial <= 2400, `部分開示 chosen: ${partial}px`);
  await noSidewaysScroll(page, 'partial at 1280');
  await noAxe(page, 'review at 1280, 部分開示 chosen');
  await page.click('.decide-withheld details.decide-more > summary');
  assert.ok(await shown('#decide-part2'), 'one click opens the other withheld parts');
  await page.selectOption('#decide-decision', 'none');
  assert.ok(await shown('#decide-part1') && !(await shown('#decide-purpose')) && !(await shown('#decide-m-view')), '不開示: the parts, no 利用目的');
  await page.selectOption('#decide-decision', 'full');
  assert.ok(!(await shown('#decide-part1')) && await shown('#decide-purpose') && await shown('#decide-slot1'), '全部開示: no parts');
  await page.selectOption('#decide-decision', 'dismissed');
  assert.ok(!(await shown('#decide-part1')) && !(await shown('#decide-purpose')), '却下: neither');
  await page.click('.decide-reason > summary');
  assert.ok(await shown('#decide-reason'), 'the reason one click away');
  await page.context().close();
});

test('the case page at 320 px: one column, no sideways scroll, axe clean', async () => {
  const req = partlyDisclosed();
  const page = await signedIn({ width: 320, height: 640 });
  await page.goto(`${BASE}/kaiji/desk/case/${req.id}`);
  await noSidewaysScroll(page, '320');
  const side = await page.locator('.case-side').boundingBox();
  const main = await page.locator('.case-main').boundingBox();
  assert.ok(side.y + side.height <= main.y + 1, 'the summary above the history');
  await noAxe(page, 'case at 320');
  await page.click('#step-deliver > summary');
  await noSidewaysScroll(page, '320 with a step unfolded');
  await page.context().close();
});

// Each state offers only what lib/flow would take, the likely next step first.
test('each state shows only its allowed steps, the likely next one open', async () => {
  const page = await signedIn({ width: 1280, height: 900 });
  const received = enter({ name: '受付 太郎' });
  const amending = enter({ received: addDays(t, -3), name: '補正 太郎' });
  ctl(['case', 'amend', amending.ref, '--what', '対象の年度', '--from', t, '--by', addDays(t, 14)]);
  // received two months ago and never decided: the period is over, so
  // neither an extension (法83②) nor the 特例 (法84) can be taken any more
  const late = enter({ received: addDays(t, -60), name: '遅延 太郎' });
  ctl(['case', 'review', late.ref]);
  const closed = enter({ received: addDays(t, -5), name: '終了 太郎' });
  ctl(['case', 'decide', closed.ref, '--decision', 'none', '--withhold', '全部|third_person|第三者の情報のため']);
  ctl(['case', 'close', closed.ref]);
  const withdrawn = enter({ received: addDays(t, -5), name: '取下 太郎' });
  ctl(['case', 'withdraw', withdrawn.ref]);
  const cases = [
    { c: received, next: 'review', has: ['identity', 'amend', 'extend', 'consult', 'decide', 'withdraw', 'dismiss', 'reissue'],
      not: ['amended', 'fee', 'pay', 'deliver', 'close', 'carry_out', 'appeal'] },
    { c: amending, next: 'amended', has: ['withdraw', 'dismiss', 'reissue'],
      not: ['review', 'amend', 'extend', 'special', 'decide', 'consult', 'fee', 'close'] },
    { c: late, next: 'decide', has: ['appeal', 'withdraw', 'dismiss'],
      not: ['extend', 'special', 'review', 'amended', 'fee', 'close'] },
    { c: closed, next: null, has: ['appeal', 'reissue'],
      not: ['decide', 'review', 'close', 'withdraw', 'dismiss', 'fee', 'deliver', 'extend'] },
    { c: withdrawn, next: null, has: ['reissue'],
      not: ['appeal', 'decide', 'review', 'close', 'withdraw', 'dismiss', 'extend'] },
  ];
  for (const { c, next, has, not } of cases) {
    await page.goto(`${BASE}/kaiji/desk/case/${c.id}`);
    const s = await steps(page);
    const all = [...s.next, ...s.folded];
    assert.deepEqual(s.next, next ? [next] : [], `${c.ref}: next step`);
    if (!next) assert.ok(await page.$('#no-next'), `${c.ref}: says nothing comes next`);
    for (const h of has) assert.ok(all.includes(h), `${c.ref}: offers ${h} (${all.join()})`);
    for (const n of not) assert.ok(!all.includes(n), `${c.ref}: does not offer ${n} (${all.join()})`);
    assert.equal(new Set(all).size, all.length, `${c.ref}: each step once`);
    await noAxe(page, c.ref);
  }
  await page.context().close();
});

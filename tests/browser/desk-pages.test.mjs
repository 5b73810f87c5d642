// The staff pages desk.test.mjs leaves out, in Chromium: the login page
// with an error, the statistics, the questionnaire's results with their
// charts, the register's upkeep list and its forms (as an admin), and a
// case paid online with its refund form (a stack of its own with the
// payment emulator, as tests/integration/pay-flow.test.mjs). Each
// passes axe-core (WCAG 2.1 A/AA) at a desktop width and at 320 px
// (WCAG 1.4.10: no sideways scrolling of the page; a wide table scrolls
// inside its own focusable box), and each is usable with the keyboard:
// every control is reached by Tab and shows where the focus is.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, axe, describeViolations } from './lib.mjs';
import { post } from '../integration/lib.mjs';
import { staff, codeNow, totpEnrol, enter, sqlWrite } from '../integration/desk-lib.mjs';
import * as pay from '../integration/pay-stack.mjs';
import { phone, lookUp, payFromStatus } from './pay-lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const admin = staff('admin', [], 'browser-admin');

// Logs in with the keyboard only: Tab to the fields, type, Enter (and
// the verification code of an account enrolled for two-step sign-in).
async function keyboardLogin(page, who, base = BASE) {
  const { login, password } = who;
  await page.goto(`${base}/kaiji/desk/login`);
  await tabTo(page, '#login');
  await page.keyboard.type(login);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'password', 'Tab goes from the login to the password');
  await page.keyboard.type(password);
  if (who.totp) {
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'code', 'Tab goes from the password to the code');
    await page.keyboard.type(codeNow(who, totpEnrol));
  }
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

async function signedIn(opts = {}) {
  const page = await newPage(browser, opts);
  await keyboardLogin(page, admin);
  assert.match(page.url(), /\/kaiji\/desk\/$/, 'signed in');
  return page;
}

async function tabTo(page, selector, max = 300) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

// Tabs through the whole page from the top. Returns the controls in <main>
// that Tab never reached, and those reached that show no focus indicator
// (no outline and no box-shadow while focused).
async function keyboardWalk(page) {
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  const focusable = 'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex="-1"])';
  const total = await page.evaluate((sel) => {
    let n = 0;
    document.querySelectorAll(`main ${sel}`).forEach((e) => {
      // a control folded in a closed <details> is reached once it is opened
      // (its summary is what Tab reaches); the case page folds its steps
      const fold = e.closest('details:not([open])');
      const folded = fold && !fold.querySelector(':scope > summary')?.contains(e);
      if (e.offsetParent !== null && !e.disabled && !folded) { e.dataset.kbd = String(n++); }
    });
    return n;
  }, focusable);
  const reached = new Set();
  const unmarked = [];
  let prev = null;
  for (let i = 0; i < 400 && reached.size < total; i++) {
    await page.keyboard.press('Tab');
    const r = await page.evaluate(() => {
      const e = document.activeElement;
      if (!e || e === document.body) return null;
      const s = getComputedStyle(e);
      const shown = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
      return { kbd: e.dataset.kbd ?? null, shown, what: `${e.tagName.toLowerCase()}#${e.id}.${e.className}` };
    });
    if (!r) break;
    // A date field takes several Tabs (year, month, day): the same element
    // again is only a wrap-around when it was not the one just focused.
    if (r.kbd !== null && reached.has(r.kbd) && r.kbd !== prev) break;
    if (r.kbd !== null) reached.add(r.kbd);
    if (!r.shown && !unmarked.includes(r.what)) unmarked.push(r.what);
    prev = r.kbd;
  }
  const missed = await page.evaluate((got) => [...document.querySelectorAll('main [data-kbd]')]
    .filter((e) => !got.includes(e.dataset.kbd)).map((e) => e.outerHTML.slice(0, 120)), [...reached]);
  return { total, missed, unmarked };
}

// Axe at a desktop width, then at 320 px wide: axe again and no page-wide
// sideways scrolling; then the keyboard walk.
async function check(page, label) {
  await page.setViewportSize({ width: 1280, height: 900 });
  let v = await axe(page);
  assert.equal(v.length, 0, `${label} (1280 px)\n${describeViolations(v)}`);
  await page.setViewportSize({ width: 320, height: 640 });
  v = await axe(page);
  assert.equal(v.length, 0, `${label} (320 px)\n${describeViolations(v)}`);
  const wide = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    view: document.documentElement.clientWidth,
    culprits: [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1
        && !e.closest('.table-wrap') && getComputedStyle(e).position !== 'absolute')
      .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`),
  }));
  assert.ok(wide.page <= wide.view, `${label}: at 320 px the page scrolls sideways (${wide.page} > ${wide.view}): ${wide.culprits.join(', ')}`);
  await page.setViewportSize({ width: 1280, height: 900 });
  const k = await keyboardWalk(page);
  assert.ok(k.total > 0, `${label}: controls in main`);
  assert.deepEqual(k.missed, [], `${label}: controls Tab never reaches`);
  assert.deepEqual(k.unmarked, [], `${label}: focused without a visible indicator`);
}

test('-bad- the checks can fail: a page too wide at 320 px, an unlabelled field, a control with no focus mark', async () => {
  const page = await newPage(browser);
  await page.setContent('<html lang="ja"><head><title>t</title></head><body><main><h1>t</h1>'
    + '<div style="width:600px">wide</div><input type="text" style="outline:none"></main></body></html>');
  await assert.rejects(check(page, 'bad'), /scrolls sideways|Form elements must have labels/);
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.ok((await axe(page)).some((v) => v.id === 'label'));
  const k = await keyboardWalk(page);
  assert.equal(k.unmarked.length, 1);
  await page.context().close();
});

test('login page with a wrong password: the error is announced, the page passes', async () => {
  const page = await newPage(browser);
  await keyboardLogin(page, { login: admin.login, password: 'wrong-password' });
  assert.match(page.url(), /\/kaiji\/desk\/login$/);
  assert.ok(await page.getByRole('alert').isVisible(), 'the error has role=alert');
  assert.equal(await page.inputValue('#login'), admin.login, 'the login name is kept');
  await check(page, 'login with an error');
  await page.context().close();
});

test('login page asking an enrolled admin for the verification code: announced, the page passes', async () => {
  const page = await newPage(browser);
  await keyboardLogin(page, { login: admin.login, password: admin.password });
  assert.match(page.url(), /\/kaiji\/desk\/login$/);
  assert.match(await page.getByRole('alert').innerText(), /確認コード/);
  assert.equal(await page.getAttribute('#code', 'aria-invalid'), 'true', 'the code field is marked');
  await check(page, 'login asking for the code');
  await page.context().close();
});

test('login page in English with an error passes too', async () => {
  const page = await newPage(browser, { locale: 'en-US' });
  await page.goto(`${BASE}/kaiji/desk/login?lang=en`);
  await page.fill('#login', 'nobody-here');
  await page.fill('#password', 'x');
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
  assert.ok(await page.getByRole('alert').isVisible());
  await check(page, 'login (en) with an error');
  await page.context().close();
});

test('statistics page, and the inbox at 320 px', async () => {
  const page = await signedIn();
  for (const p of ['/kaiji/desk/stats', '/kaiji/desk/']) {
    const res = await page.goto(`${BASE}${p}`);
    assert.equal(res.status(), 200, p);
    await check(page, p);
  }
  await page.context().close();
});

test('questionnaire results with answers: the charts render and the page passes', async () => {
  for (const [i, a] of [['yes', 'yes'], ['no', 'yes'], ['yes', 'no']].entries()) {
    const r = await post('/kaiji/feedback', {
      page: '/kaiji/how.html', lang: 'ja', understandable: a[0], findable: a[1], comment: `browser ${i}`,
    }, { localAddress: `127.0.0.${20 + i}` });
    assert.equal(r.status, 200, 'answer posted');
  }
  const page = await signedIn();
  const res = await page.goto(`${BASE}/kaiji/desk/feedback`);
  assert.equal(res.status(), 200);
  assert.ok(await page.locator('svg.chart[role=img]').count() > 0, 'SVG charts');
  for (const name of await page.locator('svg.chart').evaluateAll((s) => s.map((e) => e.getAttribute('aria-label') ?? e.querySelector('title')?.textContent ?? ''))) {
    assert.ok(name.trim().length > 0, 'each chart has a text name');
  }
  await check(page, 'feedback results');
  await page.context().close();
});

test('register upkeep: the list, a search, the new-entry form, its errors and an entry', async () => {
  const page = await signedIn();
  for (const p of ['/kaiji/desk/register', `/kaiji/desk/register?q=${encodeURIComponent('税')}`,
    '/kaiji/desk/register/new', '/kaiji/desk/register/1']) {
    const res = await page.goto(`${BASE}${p}`);
    assert.equal(res.status(), 200, p);
    await check(page, p);
  }
  // The new-entry form sent empty (the browser's own check lifted): the
  // errors show beside their fields and the page still passes.
  await page.goto(`${BASE}/kaiji/desk/register/new`);
  await page.evaluate(() => document.querySelectorAll('[required]').forEach((e) => e.removeAttribute('required')));
  await tabTo(page, 'main form button[type=submit]');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.ok(await page.getByRole('alert').isVisible(), 'the error summary');
  assert.ok(await page.locator('[aria-invalid=true]').count() > 0, 'fields marked invalid');
  await check(page, 'register new with errors');
  await page.context().close();
});

test('a case paid online: the payment and the refund form, then the refund form with an error', async () => {
  const st = pay.startStack('browser-desk', 'yamagata');
  try {
    const req = pay.makeRequest(st, { amount: 300 });
    // The citizen pays by clicking, as on her phone (tests/browser/pay-lib.mjs).
    const citizen = await phone(browser);
    await lookUp(citizen.page, st.base, req);
    await payFromStatus(citizen.page, st, 'stripe');
    await citizen.page.context().close();
    await pay.idle(st);
    const page = await newPage(browser);
    await keyboardLogin(page, pay.staff(st, 'admin'), st.base);
    assert.match(page.url(), /\/kaiji\/desk\/$/, 'signed in');
    await page.goto(`${st.base}/kaiji/desk/case/${req.requestId}`);
    assert.equal(await page.locator('tr[id^="payment-"][data-state="paid"]').count(), 1, 'the paid payment');
    assert.equal(await page.locator('form.form-refund').count(), 1, 'its refund form');
    await check(page, 'case with a paid payment');
    // The reason left blank (the browser's check lifted): the server's error.
    await page.evaluate(() => document.querySelectorAll('form.form-refund [required]').forEach((e) => e.removeAttribute('required')));
    await page.fill('form.form-refund input[name=amount]', '10');
    await Promise.all([page.waitForNavigation(), page.click('form.form-refund button[type=submit]')]);
    assert.equal(await page.locator('[data-error]').count() > 0, true, 'the error is shown');
    await check(page, 'case with a refund error');
    await page.context().close();
  } finally {
    pay.stopStack(st);
  }
});

test('suspected floods: the grouped requests and the bulk dismissal\'s confirmation pass', async () => {
  // two requests as if filed from one client (the keyed hash is opaque)
  const key = `browser-${Date.now()}`;
  const ids = [enter({ name: '見本 一郎' }).id, enter({ name: '見本 二郎' }).id];
  sqlWrite(`INSERT INTO request_client (request_id, key_hash, filed_at) VALUES
    (${ids[0]}, '${key}', strftime('%s', 'now')), (${ids[1]}, '${key}', strftime('%s', 'now'))`);
  const page = await signedIn();
  const res = await page.goto(`${BASE}/kaiji/desk/floods`);
  assert.equal(res.status(), 200);
  await check(page, 'floods');
  for (const id of ids) await page.check(`#case-${id}`);
  await page.fill('#f-reason', '同一の端末から短時間に大量に提出されたため');
  await Promise.all([page.waitForNavigation(), page.click('#floods-form button[type=submit]')]);
  assert.equal(await page.locator('#confirm-what').getAttribute('data-count'), '2');
  await check(page, 'floods: the confirmation');
  await page.context().close();
});

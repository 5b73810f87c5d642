// A citizen files a request with the keyboard only: chooses the kind,
// fills the form, uploads identity documents, goes back once from the
// confirm step, confirms and gets the receipt. Once with JavaScript and
// once without; axe-core checks every step (WCAG 2.1 A/AA).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { BASE, launch, newPage, axe, describeViolations } from './lib.mjs';
import { day } from '../integration/clock.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), Buffer.from('JFIF\0'), crypto.randomBytes(4000)]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from('IHDR'), crypto.randomBytes(3000)]);

const tokyoDay = day;

// Tab (forwards) until the element matching selector has the focus.
async function tabTo(page, selector, max = 250) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

async function typeInto(page, selector, text) {
  await tabTo(page, selector);
  await page.keyboard.type(text);
}

// With JavaScript off axe cannot run in the page itself: the same HTML is
// checked in a second page that has it, at the same origin so that the
// stylesheet applies.
async function noViolations(page, step, jsOff = false) {
  let target = page;
  let checker;
  if (jsOff) {
    checker = await newPage(browser);
    await checker.goto(`${BASE}/kaiji/`);
    await checker.setContent(await page.content(), { waitUntil: 'load' });
    target = checker;
  }
  const v = await axe(target);
  if (checker) await checker.context().close();
  assert.equal(v.length, 0, `${step}:\n${describeViolations(v)}`);
}

// A select by keyboard: ArrowDown until the wanted value is chosen.
async function choose(page, selector, value) {
  await tabTo(page, selector);
  for (let i = 0; i < 30; i++) {
    if (await page.$eval(selector, (el) => el.value) === value) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`${selector}: no option ${value}`);
}

// A file input by keyboard: Space opens the chooser. On a loaded machine
// headless Chromium now and then drops the first key press's chooser, so a
// press is tried up to three times (still only the keyboard).
async function upload(page, selector, file) {
  await tabTo(page, selector);
  const focused = await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);
  assert.ok(focused, `${selector} has the keyboard focus`);
  for (let attempt = 1; ; attempt++) {
    try {
      const [chooser] = await Promise.all([
        page.waitForEvent('filechooser', { timeout: 8000 }),
        page.keyboard.press('Space'),
      ]);
      await chooser.setFiles(file);
      return;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}

// Dates are text fields (2026-07-03; 2026/7/3 and full-width digits are
// taken too): native date pickers are hard to use by keyboard.
async function typeDate(page, selector, iso) {
  await typeInto(page, selector, iso);
  assert.equal(await page.inputValue(selector), iso);
}

async function fileByKeyboard(javaScriptEnabled) {
  const page = await newPage(browser, { javaScriptEnabled });
  const check = (step) => noViolations(page, step, !javaScriptEnabled);
  await page.goto(`${BASE}/kaiji/request`);
  await check('start');
  await tabTo(page, 'a[href$="/request/form?kind=disclosure"]');
  await Promise.all([page.waitForURL(/\/request\/form\?kind=disclosure/), page.keyboard.press('Enter')]);
  await check('form');

  // Send it half-filled first: errors at the top and beside the fields.
  await typeInto(page, '#f-name', '山田 花子');
  await tabTo(page, 'form[action$="/request/form"] button[type="submit"]');
  await Promise.all([page.waitForURL(/\/request\/form$/), page.keyboard.press('Enter')]);
  assert.equal(await page.locator('#errors').count(), 1, 'errors listed at the top');
  assert.equal(await page.inputValue('#f-name'), '山田 花子', 'value kept');
  await check('form with errors');

  await choose(page, '#f-agency', 'mayor');
  await typeInto(page, '#f-sought', '国民健康保険の給付の記録');
  await typeInto(page, '#f-furigana', 'やまだ はなこ');
  await typeInto(page, '#f-postal', '990-8540');
  await typeInto(page, '#f-address', '山形市旅篭町二丁目3番25号');
  await typeInto(page, '#f-phone', '023-641-1212');
  await choose(page, '#f-dockind1', 'drivers_license');
  await upload(page, '#f-doc1', { name: 'license.jpg', mimeType: 'image/jpeg', buffer: JPEG });
  await choose(page, '#f-dockind2', 'resident_record');
  await upload(page, '#f-doc2', { name: 'juminhyo.png', mimeType: 'image/png', buffer: PNG });
  await typeDate(page, '#f-resident_issued_on', tokyoDay(-2));
  await tabTo(page, '#f-method');
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown'); // 窓口で写しの交付を受ける
  assert.equal(await page.$eval('input[name="method"]:checked', (el) => el.value), 'copy_counter');
  await choose(page, '#f-medium', 'mono');
  await tabTo(page, 'form[action$="/request/form"] button[type="submit"]');
  await Promise.all([page.waitForURL(/\/request\/confirm$/), page.keyboard.press('Enter')]);
  assert.match(await page.textContent('main'), /license\.jpg/);
  await check('confirm');

  // Back once: everything is still there, the files too.
  await tabTo(page, 'a[href$="/request/form"]');
  await Promise.all([page.waitForURL(/\/request\/form$/), page.keyboard.press('Enter')]);
  assert.equal(await page.inputValue('#f-postal'), '990-8540');
  assert.equal(await page.inputValue('#f-sought'), '国民健康保険の給付の記録');
  assert.match(await page.textContent('.kept-files'), /license\.jpg[\s\S]*juminhyo\.png/);
  await tabTo(page, 'form[action$="/request/form"] button[type="submit"]');
  await Promise.all([page.waitForURL(/\/request\/confirm$/), page.keyboard.press('Enter')]);

  await tabTo(page, 'form[action$="/request/submit"] button');
  await Promise.all([page.waitForURL(/\/request\/receipt$/), page.keyboard.press('Enter')]);
  const ref = await page.textContent('#receipt-ref');
  const code = await page.textContent('#receipt-code');
  assert.match(ref, /^\d{4}-\d{6}$/);
  assert.match(code, /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
  await check('receipt');
  // The receipt prints cleanly: navigation and buttons are not printed.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('ol.steps').isVisible(), false);
  assert.equal(await page.locator('#receipt-code').isVisible(), true);
  await page.context().close();
  return ref;
}

test('a citizen files a request with the keyboard only (JavaScript on)', async () => {
  await fileByKeyboard(true);
});

test('the same with JavaScript off', async () => {
  await fileByKeyboard(false);
});

test('-bad- the English form and an error page pass axe too', async () => {
  const page = await newPage(browser, { javaScriptEnabled: false });
  await page.goto(`${BASE}/kaiji/request/form?kind=correction&lang=en`);
  await noViolations(page, 'English correction form', true);
  await tabTo(page, 'form[action$="/request/form"] button[type="submit"]');
  await Promise.all([page.waitForURL(/\/request\/form$/), page.keyboard.press('Enter')]);
  assert.match(await page.textContent('#errors'), /Please check what you entered/);
  await noViolations(page, 'English form with errors', true);
  await page.context().close();
});

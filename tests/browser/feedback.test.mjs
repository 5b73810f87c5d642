// The questionnaire as a person uses it: with the keyboard only, on a
// static page with JavaScript off and on a dynamic page, up to the thanks
// page; axe-core (WCAG 2.1 A/AA) on the block, the page that shows a
// missing answer, and the thanks page.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, axe, describeViolations } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// Tab until the element matching selector has the focus.
async function tabTo(page, selector, max = 200) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

// Answers with the keyboard: the second option of the first question (an
// arrow key), the first of the second (Space), a comment, then Enter.
async function answerWithKeyboard(page, comment) {
  await tabTo(page, 'section.feedback input[name="understandable"]');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await page.keyboard.type(comment);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.type), 'submit',
    'the hidden honeypot is skipped: Tab goes from the comment to the button');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

test('static page, JavaScript off: answered with the keyboard, thanks page links back', async () => {
  const page = await newPage(browser, { javaScriptEnabled: false });
  await page.goto(`${BASE}/kaiji/how.html`);
  await page.keyboard.press('Tab'); // the skip link first
  await answerWithKeyboard(page, 'keyboard only');
  assert.equal(await page.textContent('h1'), 'ご協力ありがとうございました');
  assert.equal(await page.getAttribute('main a', 'href'), '/kaiji/how.html');
  await page.context().close();
});

test('dynamic page in English: answered with the keyboard; the thanks page passes axe', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/kaiji/register?lang=en`);
  await answerWithKeyboard(page, 'Found it from the home page.');
  assert.equal(await page.textContent('h1'), 'Thank you for your answers');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.getAttribute('main a', 'href'), '/kaiji/register');
  const v = await axe(page);
  assert.equal(v.length, 0, describeViolations(v));
  await page.context().close();
});

test('the questionnaire block passes axe on a static and a dynamic page', async () => {
  for (const p of ['/kaiji/about.html', '/kaiji/en/fees.html', '/kaiji/status']) {
    const page = await newPage(browser);
    await page.goto(`${BASE}${p}`);
    const v = await axe(page);
    assert.equal(v.length, 0, `${p}\n${describeViolations(v)}`);
    // The block is reachable and labelled: each radio has its label's name.
    const name = await page.getByRole('radio', { name: /分かりやすかった|Easy to understand/ }).count();
    assert.equal(name, 1, `${p}: the first answer is named by its label`);
    await page.context().close();
  }
});

test('-bad- a missing answer: the page with the error passes axe and keeps the other answer', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/kaiji/deadlines.html`);
  // The browser's own check (required) would stop the post: lift it to see
  // the server's answer, as a browser without that check would.
  await page.evaluate(() => document.querySelectorAll('[required]').forEach((e) => e.removeAttribute('required')));
  await page.check('section.feedback input[name="findable"][value="no"]');
  await Promise.all([page.waitForNavigation(), page.click('section.feedback button[type="submit"]')]);
  assert.equal(await page.textContent('h1'), 'アンケートの入力内容をご確認ください');
  assert.ok(await page.isChecked('input[name="findable"][value="no"]'), 'the answer given is kept');
  const v = await axe(page);
  assert.equal(v.length, 0, describeViolations(v));
  await page.context().close();
});

// The register in Chromium: the list, a search with marked words and the
// detail page pass axe (WCAG 2.1 A/AA); the search form keeps the query;
// the detail's button opens the disclosure form for the file; on a phone a
// search by reading lands on the results and comes back to them (issue 23
// items 20, 21).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, axe, describeViolations } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const [name, path] of [
  ['list', '/kaiji/register'],
  ['list in English', '/kaiji/register?lang=en'],
  ['search', `/kaiji/register?q=${encodeURIComponent('税')}`],
  ['search with no result', `/kaiji/register?q=${encodeURIComponent('存在しない言葉')}`],
  ['filtered list', '/kaiji/register?agency=board_of_education&sort=updated'],
  ['detail', '/kaiji/register/1'],
]) {
  test(`register ${name}: no axe violations (WCAG 2.1 A/AA)`, async () => {
    const page = await newPage(browser);
    const res = await page.goto(`${BASE}${path}`);
    assert.equal(res.status(), 200);
    const v = await axe(page);
    assert.equal(v.length, 0, describeViolations(v));
  });
}

test('register: typing a query and choosing an agency shows marked results', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/kaiji/register`);
  await page.getByLabel('キーワードで探す').fill('口座');
  await page.getByLabel('実施機関').selectOption('board_of_education');
  await page.getByRole('button', { name: '表示する' }).click();
  await page.waitForURL(/q=/);
  assert.equal(await page.getByLabel('キーワードで探す').inputValue(), '口座');
  const marks = await page.locator('main mark').allTextContents();
  assert.ok(marks.length > 0 && marks.every((m) => m === '口座'), marks.join());
  assert.match(await page.getByRole('status').textContent(), /件中/);
});

test('register detail: the button opens the disclosure form for this file', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/kaiji/register/1`);
  const link = page.getByRole('link', { name: 'このファイルの自分の情報の開示を請求する' });
  await link.click();
  await page.waitForURL(/\/kaiji\/request\/form\?kind=disclosure&file=1$/);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '開示請求の入力');
});

// axe, and no sideways scroll on the phone.
async function check(page, name) {
  const v = await axe(page);
  assert.equal(v.length, 0, `${name}:\n${describeViolations(v)}`);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(wide <= 0, `${name}: ${wide}px of sideways scroll`);
}

// Whether the results' heading is at the top of the phone's screen.
async function atResults(page) {
  await page.waitForFunction(() => {
    const h = document.getElementById('results');
    return h && window.scrollY > 0 && Math.abs(h.getBoundingClientRect().top) < 50;
  }, null, { timeout: 5000 });
}

test('register on a phone: ｶｲｺﾞ finds 介護 by its reading, lands on the results, 一覧に戻る keeps the search, 開示を請求する opens the pre-filled form', async () => {
  const page = await newPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.goto(`${BASE}/kaiji/`);
  const link = page.getByRole('link', { name: /個人情報ファイル簿を見る/ });
  await link.click();
  await page.waitForURL(/\/kaiji\/register/);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '個人情報ファイル簿',
    'the page is called what the link said');
  await check(page, 'the register');

  await page.getByLabel('キーワードで探す').fill('ｶｲｺﾞ');
  await page.getByRole('button', { name: '表示する' }).click();
  await page.waitForURL(/q=.*#results$/);
  await atResults(page);
  await check(page, 'the results');
  const entry = page.getByRole('link', { name: '介護保険被保険者ファイル' });
  assert.equal(await entry.count(), 1, 'found by its reading');
  assert.match(await page.getByRole('status').textContent(), /^\d+件中/);

  await entry.click();
  await page.waitForURL(/\/kaiji\/register\/\d+\?q=/);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '介護保険被保険者ファイル');
  await check(page, 'the entry');

  await page.getByRole('link', { name: '一覧に戻る' }).click();
  await page.waitForURL(/\/kaiji\/register\?q=.*#results$/);
  assert.equal(await page.getByLabel('キーワードで探す').inputValue(), 'ｶｲｺﾞ', 'the search is kept');
  await atResults(page);
  assert.equal(await page.getByRole('link', { name: '介護保険被保険者ファイル' }).count(), 1);

  await page.getByRole('link', { name: '介護保険被保険者ファイル' }).click();
  await page.waitForURL(/\/kaiji\/register\/\d+/);
  await page.getByRole('link', { name: 'このファイルの自分の情報の開示を請求する' }).click();
  await page.waitForURL(/\/kaiji\/request\/form\?kind=disclosure&file=\d+$/);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '開示請求の入力');
  assert.equal(await page.locator('#f-sought').inputValue(), '介護保険被保険者ファイル', 'pre-filled from the entry');
  assert.equal(await page.locator('#f-agency').inputValue(), 'mayor');
  await check(page, 'the disclosure form');
});

// The register in Chromium: the list, a search with marked words and the
// detail page pass axe (WCAG 2.1 A/AA); the search form keeps the query;
// the detail's button opens the request form for the file.
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

test('register detail: the button opens the request form for this file', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/kaiji/register/1`);
  const link = page.getByRole('link', { name: 'このファイルの自分の情報の開示を請求する' });
  assert.equal(await link.getAttribute('href'), '/kaiji/request?file=1');
  await link.click();
  await page.waitForURL(/\/kaiji\/request\?file=1$/);
});

// The browser can reach the stack: the index page loads and passes axe.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, axe, describeViolations } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('index page loads in Chromium as Japanese', async () => {
  const page = await newPage(browser);
  const res = await page.goto(`${BASE}/kaiji/`);
  assert.equal(res.status(), 200);
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  assert.notEqual((await page.title()).trim(), '');
});

test('index page has no axe violations (WCAG 2.1 A/AA)', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/kaiji/`);
  const v = await axe(page);
  assert.equal(v.length, 0, describeViolations(v));
});

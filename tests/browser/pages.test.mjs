// Every static page and every program's first page, in both languages:
// no WCAG 2.1 A/AA violation (axe-core), no horizontal scrolling on a
// 320 px phone, and the questionnaire at the end.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { BASE, launch, newPage, axe, describeViolations } from './lib.mjs';

const root = path.resolve('htdocs');
const staticPages = [];
for (const dir of ['', 'en/']) {
  for (const f of fs.readdirSync(path.join(root, dir))) {
    if (f.endsWith('.html')) staticPages.push(`/kaiji/${dir}${f === 'index.html' ? '' : f}`);
  }
}
const programPages = ['/kaiji/request', '/kaiji/status', '/kaiji/pay/', '/kaiji/feedback',
  '/kaiji/register', '/kaiji/desk/login'];
const pages = [...staticPages,
  ...programPages.map((p) => `${p}?lang=ja`), ...programPages.map((p) => `${p}?lang=en`)];

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const p of pages) {
  test(`${p}: no axe violations, fits a 320 px phone, ends with the questionnaire`, async () => {
    const page = await newPage(browser, { viewport: { width: 320, height: 800 } });
    const res = await page.goto(`${BASE}${p}`);
    assert.equal(res.status(), 200);
    const v = await axe(page);
    assert.equal(v.length, 0, describeViolations(v));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `scrolls sideways by ${overflow}px`);
    assert.equal(await page.locator('section.feedback form input[name="understandable"]').count(), 3);
    assert.equal(await page.getAttribute('html', 'lang'), p.includes('/en/') || p.endsWith('lang=en') ? 'en' : 'ja');
    await page.close();
  });
}

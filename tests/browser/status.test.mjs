// The status lookup in Chromium: reached and used with the keyboard alone,
// and no axe-core violation (WCAG 2.1 A/AA) on the lookup form, its error,
// the status page with a decision, reasons, appeal, fee and payment, the
// choice of delivery and the withdraw confirmation. Requests are made with
// kaijictl and moved through states by tests/integration/fixtures.mjs.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { BASE, launch, newPage, axe, describeViolations } from './lib.mjs';
import { fixtures, day } from '../integration/fixtures.mjs';

const VAR = process.env.KAIJI_VAR ?? path.resolve('var');
const BIN = process.env.KAIJI_BIN ?? path.resolve('build/bin');
const CONFIG = process.env.KAIJI_CONFIG ?? path.join(VAR, 'kaiji.hdf');
const fx = fixtures(CONFIG, { bin: BIN });

function newCase(kind = 'disclosure') {
  const out = execFileSync(path.join(BIN, 'kaijictl'), ['-c', CONFIG, 'case', 'new', '--kind', kind,
    '--agency', 'mayor', '--name', '試験 次郎', '--received', day(-5)], { encoding: 'utf8' }).trim();
  const [ref, code] = out.split(' ');
  return { ref, code };
}

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function noViolations(page, where) {
  const v = await axe(page);
  assert.equal(v.length, 0, `${where}:\n${describeViolations(v)}`);
}

// Tab until the focused element matches the selector (at most 80 presses).
async function tabTo(page, selector) {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  assert.fail(`${selector} is not reachable with Tab`);
}

async function lookupByKeyboard(page, c) {
  await page.goto(`${BASE}/kaiji/status`);
  await tabTo(page, '#ref');
  await page.keyboard.type(c.ref);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'code', 'Tab goes from ref to code');
  await page.keyboard.type(c.code.toLowerCase());
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

test('lookup form: no axe violations, in Japanese and English', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/kaiji/status`);
  await noViolations(page, 'lookup (ja)');
  await page.goto(`${BASE}/kaiji/status?lang=en`);
  await noViolations(page, 'lookup (en)');
});

test('-bad- a wrong code: the error is announced and the page has no violations', async () => {
  const page = await newPage(browser);
  await lookupByKeyboard(page, { ref: '2099-000001', code: 'AAAA-BBBB-CCCC' });
  assert.equal(await page.getAttribute('#lookup-failed', 'role'), 'alert');
  await noViolations(page, 'lookup failed');
});

test('keyboard only: look up, read the status, choose delivery; no violations on the way', async () => {
  const c = newCase();
  fx.decide(c.ref, 'partial', day(-1), [{ part: '第三者の氏名', ground: 'third_person', explanation: '第三者の権利利益を害するおそれ' }],
    { slots: [`${day(3)}T10:00`, `${day(4)}T14:30`] });
  // Yamagata's table: 10 × 10 + 2 × 20 + a CD-R 100 + postage 100
  fx.setFee(c.ref, 340, { mono_pages: 10, colour_pages: 2, media: [{ item: 'cdr', units: 1 }], postage_yen: 100 });
  const page = await newPage(browser);
  await lookupByKeyboard(page, c);
  assert.match(page.url(), /\/kaiji\/status\/view$/);
  assert.equal(await page.getAttribute('#state', 'data-state'), 'decided');
  await noViolations(page, 'status page (decided, fee due)');

  await tabTo(page, 'a[href$="/status/delivery"]');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), /\/kaiji\/status\/delivery$/);
  await noViolations(page, 'delivery choice');
  await tabTo(page, 'input[name="choice"]');
  await page.keyboard.press('ArrowDown'); // the second time
  assert.equal(await page.evaluate(() => document.querySelector('input[name="choice"]:checked')?.value
    === document.querySelectorAll('input[name="choice"]')[1].value), true, 'arrow keys choose within the group');
  await tabTo(page, 'form[action$="/status/delivery"] button[type="submit"]');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(await page.textContent('#delivery-when'), /14時30分/);
  await noViolations(page, 'status page (delivery chosen)');
});

test('withdraw confirmation and the withdrawn page: no violations (English)', async () => {
  const c = newCase();
  const page = await newPage(browser, { locale: 'en-GB' });
  await lookupByKeyboard(page, c);
  await page.goto(`${BASE}/kaiji/status/withdraw?lang=en`);
  await noViolations(page, 'withdraw confirmation');
  await tabTo(page, 'form[action$="/status/withdraw"] button[type="submit"]');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.equal(await page.getAttribute('#state', 'data-state'), 'withdrawn');
  await noViolations(page, 'withdrawn');
});

// The case page's e-mail notices in Chromium (issue 18): the list with a
// mail that could not be delivered (called out so staff write a letter)
// and one sent, and the form where staff add the requester's address for
// a paper request. axe-core (WCAG 2.1 A/AA) at a desktop width and at
// 320 px with no sideways scrolling of the page; the address is typed
// and saved as a clerk does it.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, axe, describeViolations } from './lib.mjs';
import { staff, enter, sql, sqlWrite } from '../integration/desk-lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const clerk = staff('clerk', ['mayor'], 'browser-mail');

async function signIn(page) {
  await page.goto(`${BASE}/kaiji/desk/login`);
  await page.fill('#login', clerk.login);
  await page.fill('#password', clerk.password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  assert.match(page.url(), /\/kaiji\/desk\/$/, 'signed in');
}

async function widths(page, label) {
  await page.setViewportSize({ width: 1280, height: 900 });
  let v = await axe(page);
  assert.equal(v.length, 0, `${label} (1280 px)\n${describeViolations(v)}`);
  await page.setViewportSize({ width: 320, height: 640 });
  v = await axe(page);
  assert.equal(v.length, 0, `${label} (320 px)\n${describeViolations(v)}`);
  const wide = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(wide[0] <= wide[1], `${label}: at 320 px the page scrolls sideways (${wide[0]} > ${wide[1]})`);
}

test('the case page lists the mails, a failed one called out, and staff save an address', async () => {
  const c = enter({ channel: 'mail' });
  const at = '2026-12-01T01:02:03Z';
  sqlWrite(`INSERT INTO mail_outbox (request_id, recipient, address, lang, template, state, attempts,
    next_try_at, last_error, created_at, sent_at) VALUES
    (${c.id}, 'citizen', 'x@example.jp', 'ja', 'decided', 'failed', 1, '${at}', 'SMTP 550: Failed sending data to the peer', '${at}', NULL),
    (${c.id}, 'citizen', 'x@example.jp', 'ja', 'extended', 'sent', 1, '${at}', '', '${at}', '${at}')`);
  const page = await newPage(browser);
  await signIn(page);
  await page.goto(`${BASE}/kaiji/desk/case/${c.id}`);
  assert.ok(await page.isVisible('#mails-failed'), 'the failed mail is called out');
  assert.equal(await page.locator('#mails tr[data-state=failed]').count(), 1);
  assert.equal(await page.locator('#mails tr[data-state=sent]').count(), 1);
  await widths(page, 'case page with mails');
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.fill('#mail-address', 'paper@example.jp');
  await Promise.all([page.waitForNavigation(), page.click('#form-mail_address button[type=submit]')]);
  assert.equal(await page.inputValue('#mail-address'), 'paper@example.jp');
  const [row] = sql(`SELECT json_extract(data, '$.requester.email') AS email FROM request WHERE id = ${c.id}`);
  assert.equal(row.email, 'paper@example.jp');
});

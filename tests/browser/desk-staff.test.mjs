// The staff accounts page (issue 19) by keyboard alone, as an admin: add
// an account (its password shown once), issue it a new password, disable
// it and enable it again; axe 0 violations on every page on the way, at
// 1280×900 and no sideways scroll at 320 px.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, axe, describeViolations } from './lib.mjs';
import { staff, codeNow, totpEnrol, sql, uniq } from '../integration/desk-lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const admin = staff('admin', [], 'kbd-admin');

async function tabTo(page, selector, max = 1500) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

async function fromTop(page) {
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
}

async function clean(page, what) {
  const v = await axe(page);
  assert.equal(v.length, 0, `${what}:\n${describeViolations(v)}`);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(wide <= 0, `${what}: sideways scroll of ${wide}px`);
}

async function keyboardLogin(page) {
  await page.goto(`${BASE}/kaiji/desk/login`);
  await tabTo(page, '#login');
  await page.keyboard.type(admin.login);
  await page.keyboard.press('Tab');
  await page.keyboard.type(admin.password);
  await page.keyboard.press('Tab');
  await page.keyboard.type(codeNow(admin, totpEnrol));
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

// Opens the account's folded changes from the top of the page by keyboard.
async function openChanges(page, id) {
  await fromTop(page);
  await tabTo(page, `#edit-${id} > summary`);
  await page.keyboard.press('Enter');
  assert.ok(await page.getAttribute(`#edit-${id}`, 'open') !== null, 'Enter opens the fold');
}

async function press(page, selector) {
  await tabTo(page, selector);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

for (const viewport of [{ width: 1280, height: 900 }, { width: 320, height: 640 }]) {
  test(`an admin adds, resets, disables and enables an account by keyboard at ${viewport.width} px`, async () => {
    const page = await newPage(browser, { viewport });
    await keyboardLogin(page);
    assert.match(page.url(), /\/kaiji\/desk\/$/);
    await tabTo(page, 'nav.desk-nav a[href$="/desk/staff"]');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await clean(page, 'the list');

    const login = uniq('kbd');
    await tabTo(page, '#add-login');
    await page.keyboard.type(login);
    await page.keyboard.press('Tab');
    await page.keyboard.type('鍵盤 次郎');
    await tabTo(page, '#add-ag-mayor');
    await page.keyboard.press('Space');
    await press(page, '#staff-add button[type=submit]');
    assert.equal(await page.getAttribute('#staff-shown', 'data-what'), 'added');
    const first = await page.textContent('#shown-password');
    assert.ok(first.length >= 20, 'the password shown once');
    await clean(page, 'the password shown');
    await press(page, '#back-to-staff');
    const id = sql(`SELECT id FROM staff WHERE login = '${login}'`)[0].id;
    assert.equal(await page.getAttribute(`#staff-${id}`, 'data-role'), 'clerk');

    await openChanges(page, id);
    await clean(page, 'a fold open');
    await press(page, `#staff-${id}-password button`);
    assert.equal(await page.getAttribute('#staff-shown', 'data-what'), 'reset');
    assert.notEqual(await page.textContent('#shown-password'), first, 'a new password');
    await clean(page, 'the new password');
    await press(page, '#back-to-staff');

    await openChanges(page, id);
    await press(page, `#staff-${id}-disable button`);
    assert.equal(await page.getAttribute('#staff-done', 'data-done'), 'staff_disabled');
    assert.equal(await page.getAttribute(`#staff-${id}`, 'data-disabled'), '1');
    await clean(page, 'disabled');

    await openChanges(page, id);
    await press(page, `#staff-${id}-enable button`);
    assert.equal(await page.getAttribute('#staff-done', 'data-done'), 'staff_enabled');
    assert.equal(await page.getAttribute(`#staff-${id}`, 'data-disabled'), '0');
    await clean(page, 'enabled again');
    await page.context().close();
  });
}

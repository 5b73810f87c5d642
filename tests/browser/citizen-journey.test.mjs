// The citizen's journey clicked as a person does it (issue 23, items
// 2–12): on a 390×844 phone and at 1280×900, in Japanese and in English,
// with axe-core at every step and no sideways scroll. She opens the form,
// finds the agent section and the extra upload slots folded, types the
// 住民票's date as it is printed (和暦), gets the receipt, prints it, and
// looks up her request with the code she can see as she types it.
// Screenshots of every step go to $KAIJI_SHOTS (default /tmp/kaiji-shots).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BASE, launch, newPage, axe, describeViolations } from './lib.mjs';
import { day } from '../integration/clock.mjs';

// (none when KAIJI_SHOTS is empty, as tests/run sets it: a full-page PNG
// per step is time the checks do not need).
const SHOTS = process.env.KAIJI_SHOTS ?? '/tmp/kaiji-shots';
if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), Buffer.from('JFIF\0'), crypto.randomBytes(4000)]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from('IHDR'), crypto.randomBytes(3000)]);

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// A day as the 住民票 prints it: 令和8年7月3日 (元年 for the first year).
export function wareki(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  const ey = y - 2018;
  return `令和${ey === 1 ? '元' : ey}年${m}月${d}日`;
}

// axe, no sideways scroll, and a screenshot to look at.
async function step(page, name) {
  const v = await axe(page);
  assert.equal(v.length, 0, `${name}:\n${describeViolations(v)}`);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(wide <= 0, `${name}: sideways scroll of ${wide}px`);
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function clickTo(page, locator, url) {
  await Promise.all([page.waitForURL(url), locator.click()]);
}

// Choose a file by clicking the file field, as a person does.
async function attach(page, selector, file) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click(selector)]);
  await chooser.setFiles(file);
}

async function journey(viewport, lang) {
  const tag = `${viewport.width}-${lang}`;
  const page = await newPage(browser, { viewport, locale: lang === 'en' ? 'en-US' : 'ja-JP' });
  const en = lang === 'en';
  await page.goto(`${BASE}/kaiji/request`);
  if (en) await clickTo(page, page.locator('nav.lang a'), /lang=en/);
  await step(page, `${tag}-1-start`);
  await clickTo(page, page.locator('a[href$="/request/form?kind=disclosure"]'), /\/request\/form\?kind=disclosure/);

  // Item 2: the agent section and the slots past the second are folded;
  // a person asking for herself scrolls about half the page.
  const agent = page.locator('details#agent-section');
  const more = page.locator('details#more-slots');
  assert.equal(await agent.evaluate((d) => d.open), false, 'agent section folded');
  assert.equal(await more.evaluate((d) => d.open), false, 'slots 3 and on folded');
  assert.equal(await page.locator('#f-agent_name').isVisible(), false);
  assert.equal(await page.locator('#f-doc3').isVisible(), false);
  assert.equal(await page.locator('#f-doc2').isVisible(), true);
  const formHeight = () => page.locator('form[action$="/request/form"]').evaluate((f) => f.getBoundingClientRect().height);
  const folded = await formHeight();
  // Item 4: which body holds what, and whom to choose when unsure.
  const mayor = en ? 'Mayor' : '市長';
  assert.ok((await page.textContent('#h-agency')).includes(en ? `If you are not sure, choose ${mayor}` : `分からなければ${mayor}を選んでください`));
  // Item 5: the 住民票 without the マイナンバー, said beside the upload.
  assert.equal(await page.locator('#resident-mynumber').isVisible(), true);
  // Item 6: no questionnaire under the form; item 9: 枚数 starts at 1.
  assert.equal(await page.locator('form[action$="/feedback"]').count(), 0, 'no questionnaire under the form');
  assert.equal(await page.inputValue('#f-units'), '1');
  await step(page, `${tag}-2-form`);
  await page.click('details#agent-section > summary');
  await page.click('details#more-slots > summary');
  await page.click('details#fee-table > summary');
  await page.click('details#agency-holds > summary');
  assert.equal(await page.locator('#f-agent_name').isVisible(), true, 'the summary opens the agent section');
  const unfolded = await formHeight();
  assert.ok(folded < unfolded * 0.6, `folded ${folded}px is well under unfolded ${unfolded}px`);
  await step(page, `${tag}-3-form-open`);
  await page.click('details#agent-section > summary');
  await page.click('details#more-slots > summary');
  await page.click('details#fee-table > summary');
  await page.click('details#agency-holds > summary');

  // Item 3: a date as printed, with a bad one first: the error shows the
  // hint's example.
  const issued = day(-2);
  await page.click('#f-name');
  await page.keyboard.type('山田 花子');
  await page.click('#f-resident_issued_on');
  await page.keyboard.type('7月3日');
  await clickTo(page, page.locator('form[action$="/request/form"] button[type="submit"]'), /\/request\/form$/);
  const hint = await page.textContent('#h-resident_issued_on');
  const err = await page.textContent('#e-resident_issued_on');
  for (const example of ['令和8年7月3日', '2026/7/3']) {
    assert.ok(hint.includes(example), `hint shows ${example}: ${hint}`);
    assert.ok(err.includes(example), `error shows ${example}: ${err}`);
  }
  assert.equal(await page.inputValue('#f-name'), '山田 花子', 'typed name kept');
  // Item 4: a select left alone says 選んでください.
  assert.equal((await page.textContent('#e-agency')).trim(), en ? 'Please choose one.' : '選んでください。');
  await step(page, `${tag}-4-form-errors`);

  await page.selectOption('#f-agency', 'mayor');
  await page.click('#f-sought');
  await page.keyboard.type('国民健康保険の給付の記録');
  await page.click('#f-furigana');
  await page.keyboard.type('やまだ はなこ');
  await page.click('#f-postal');
  await page.keyboard.type('990-8540');
  await page.click('#f-address');
  await page.keyboard.type('山形市旅篭町二丁目3番25号');
  await page.click('#f-phone');
  await page.keyboard.type('023-641-1212');
  await page.selectOption('#f-dockind1', 'drivers_license');
  await attach(page, '#f-doc1', { name: 'license.jpg', mimeType: 'image/jpeg', buffer: JPEG });
  await page.selectOption('#f-dockind2', 'resident_record');
  await attach(page, '#f-doc2', { name: 'juminhyo.png', mimeType: 'image/png', buffer: PNG });
  await page.fill('#f-resident_issued_on', '');
  await page.click('#f-resident_issued_on');
  await page.keyboard.type(wareki(issued).replace(/\d/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
  await page.click('#f-method-copy_mail');
  await page.selectOption('#f-medium', 'mono');
  await clickTo(page, page.locator('form[action$="/request/form"] button[type="submit"]'), /\/request\/confirm$/);
  await step(page, `${tag}-5-confirm`);
  assert.equal(await page.locator('form[action$="/feedback"]').count(), 0, 'no questionnaire under the confirm step');
  assert.match(await page.textContent('main'), /license\.jpg/);
  // The date typed in 和暦 with full-width digits shows as the pages write dates.
  const [iy, im, id] = issued.split('-').map(Number);
  const shown = en ? `${id} ${new Date(Date.UTC(iy, im - 1, id)).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' })} ${iy}` : `${iy}年${im}月${id}日`;
  assert.ok((await page.textContent('main')).includes(shown), `confirm shows ${shown}`);
  assert.doesNotMatch(await page.textContent('main'), new RegExp(issued), 'never ISO');

  await clickTo(page, page.locator('form[action$="/request/submit"] button'), /\/request\/receipt$/);
  const ref = (await page.textContent('#receipt-ref')).trim();
  const code = (await page.textContent('#receipt-code')).trim();
  assert.match(ref, /^\d{4}-\d{6}$/);
  await step(page, `${tag}-6-receipt`);
  // Item 12: one date format on the citizen's pages, never ISO.
  const dayRe = en ? /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]+ \d{4}$/ : /^\d{4}年\d{1,2}月\d{1,2}日（[日月火水木金土]）$/;
  assert.match((await page.textContent('#receipt-due')).trim(), dayRe);
  assert.doesNotMatch(await page.textContent('main'), /\d{4}-\d{2}-\d{2}|令和/, 'no ISO date and no second format');
  // Item 9: a print button that prints.
  await page.evaluate(() => { window.printed = 0; window.print = () => { window.printed += 1; }; });
  await page.click('#print-button');
  assert.equal(await page.evaluate(() => window.printed), 1, 'the print button prints');

  // Item 10: the status lookup, reached by clicking; the code shows as typed.
  await clickTo(page, page.locator('main a[href$="/status"]'), /\/status$/);
  assert.equal(await page.getAttribute('#code', 'type'), 'text');
  assert.equal(await page.getAttribute('#code', 'autocomplete'), 'off');
  await page.click('#ref');
  await page.keyboard.type(ref);
  await page.click('#code');
  await page.keyboard.type(code);
  assert.equal(await page.inputValue('#code'), code);
  await step(page, `${tag}-7-lookup`);
  await clickTo(page, page.locator('form[action$="/status"] button[type="submit"]'), /\/status/);
  await step(page, `${tag}-8-status`);
  assert.doesNotMatch(await page.textContent('main'), /\d{4}-\d{2}-\d{2}/, 'no ISO date on the status page');
  // Item 11: what she asked for and whom to contact.
  assert.equal((await page.textContent('#asked-sought')).trim(), '国民健康保険の給付の記録');
  assert.match(await page.textContent('#asked-method'), en ? /by post/i : /郵送/);
  assert.ok((await page.textContent('#contact-office')).trim().length > 0, 'a counter to contact');
  assert.match(await page.textContent('#contact-phone'), /023-641-1212/);
  await page.context().close();
  return { ref, code };
}

for (const viewport of [PHONE, DESKTOP]) {
  for (const lang of ['ja', 'en']) {
    test(`the citizen's journey clicked at ${viewport.width}×${viewport.height} in ${lang}`, async () => {
      await journey(viewport, lang);
    });
  }
}

// The clerk's decision clicked in Chromium (issue 23 items 16–19), at
// 1280×900 and on a 390×844 phone, in Japanese and English, axe at every
// step: the case page says what the citizen asked, the decision form
// starts with nothing chosen, a refused decision keeps what was entered,
// the confirmation says what will happen and to whom, and after the step
// the page is at the steps. Screenshots go to $KAIJI_SHOTS.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { BASE, launch, newPage, axe, describeViolations } from './lib.mjs';
import { addDays, enter, staff, today } from '../integration/desk-lib.mjs';

// (none when KAIJI_SHOTS is empty, as tests/run sets it: a full-page PNG
// per step is time the checks do not need).
const SHOTS = process.env.KAIJI_SHOTS ?? '/tmp/kaiji-shots';
if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const clerk = staff('clerk', ['mayor'], 'decide');

async function step(page, name) {
  const v = await axe(page);
  assert.equal(v.length, 0, `${name}:\n${describeViolations(v)}`);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(wide <= 0, `${name}: sideways scroll of ${wide}px`);
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `desk-${name}.png`), fullPage: true });
}

async function decide(viewport, lang) {
  const tag = `${viewport.width}-${lang}`;
  const en = lang === 'en';
  const req = enter({ name: '決定 花子' });
  const page = await newPage(browser, { viewport });
  // the case page asked for first: signing in returns to it
  await page.goto(`${BASE}/kaiji/desk/case/${req.id}${en ? '?lang=en' : ''}`);
  assert.match(page.url(), /\/kaiji\/desk\/login\?next=/);
  await page.fill('#login', clerk.login);
  await page.fill('#password', clerk.password);
  await Promise.all([page.waitForURL(new RegExp(`/kaiji/desk/case/${req.id}$`)), page.click('form[action$="/desk/login"] button[type=submit]')]);
  if (en && (await page.getAttribute('html', 'lang')) !== 'en') {
    await Promise.all([page.waitForLoadState(), page.click('nav.lang a')]);
  }
  await Promise.all([page.waitForURL(/done=review#actions$/), page.click('#form-review button')]);
  await step(page, `${tag}-1-case`);
  assert.equal(await page.getAttribute('#case-identity', 'data-checked'), '0');
  assert.equal(await page.inputValue('#decide-decision'), '', 'no decision chosen in advance');

  // 部分開示 without a way to receive it: refused, and nothing is lost.
  await page.selectOption('#decide-decision', 'partial');
  await page.fill('#decide-part1', '第三者の氏名');
  await page.selectOption('#decide-ground1', 'third_person');
  await Promise.all([page.waitForLoadState(), page.click('#form-decide button[type=submit]')]);
  assert.equal(await page.inputValue('#decide-decision'), 'partial', 'kept, never reset to 全部開示');
  assert.equal(await page.inputValue('#decide-part1'), '第三者の氏名');
  await step(page, `${tag}-2-refused`);

  await page.check('#decide-m-view');
  await page.fill('#decide-slot1', `${addDays(today(), 7)}T10:00`);
  await page.fill('#decide-purpose', '住民基本台帳法に基づく住民の居住関係の公証'); // 法82①
  await Promise.all([page.waitForLoadState(), page.click('#form-decide button[type=submit]')]);
  assert.match(await page.textContent('#confirm-to'), /決定 花子/);
  await step(page, `${tag}-3-confirm`);
  await Promise.all([page.waitForURL(/done=decide#actions$/), page.click('#confirm-do button')]);
  assert.equal(await page.getAttribute('#case-state', 'data-state'), 'decided');
  await step(page, `${tag}-4-decided`);
  await page.context().close();
}

for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
  for (const lang of ['ja', 'en']) {
    test(`a clerk decides by clicking at ${viewport.width}×${viewport.height} in ${lang}`, async () => {
      await decide(viewport, lang);
    });
  }
}

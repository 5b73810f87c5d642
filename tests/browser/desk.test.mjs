// The desk in Chromium: a clerk logs in through the form, works a case,
// and each notice prints to exactly one A4 page; the pages pass axe.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, axe, describeViolations } from './lib.mjs';
import { addDays, ctl, enter, staff, today } from '../integration/desk-lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const clerk = staff('clerk', ['mayor'], 'browser');

async function signedIn() {
  const page = await newPage(browser);
  await page.goto(`${BASE}/kaiji/desk/`);
  assert.match(page.url(), /\/kaiji\/desk\/login$/);
  await page.fill('#login', clerk.login);
  await page.fill('#password', clerk.password);
  await Promise.all([page.waitForURL(/\/kaiji\/desk\/$/), page.click('button[type=submit]')]);
  return page;
}

// Pages in a PDF from Chromium: /Type /Page objects, not the /Pages tree.
function pdfPages(buf) {
  return (buf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}

test('a clerk logs in, opens a case from the inbox and starts the review by clicking', async () => {
  const req = enter({ name: '画面 太郎' });
  const page = await signedIn();
  await page.click(`a:text("${req.ref}")`);
  await page.waitForURL(new RegExp(`/kaiji/desk/case/${req.id}$`));
  await Promise.all([page.waitForURL(/done=review/), page.click('#form-review button')]);
  assert.equal(await page.getAttribute('#case-state', 'data-state'), 'reviewing');
});

test('every notice prints to one A4 page', async () => {
  const t = today();
  const req = enter({ received: addDays(t, -2), name: '印刷 花子' });
  ctl(['case', 'extend', req.ref, '--due', addDays(t, 20), '--reason', '請求に係る保有個人情報が大量であり、その検索及び開示・不開示の審査に時間を要するため']);
  const tp = /third party: (\d+)/.exec(ctl(['case', 'consult', req.ref, '--name', '株式会社 山形印刷', '--due', addDays(t, 7), '--sent', t]))[1];
  ctl(['case', 'answer', req.ref, '--tp', tp, '--objects', '1']);
  ctl(['case', 'decide', req.ref, '--decision', 'partial', '--method', 'view', '--method', 'copy', '--method', 'mail',
    '--withhold', '第三者の氏名、住所及び電話番号|third_person|開示請求者以外の個人に関する情報であって、開示することにより当該個人の権利利益を害するおそれがあるため',
    '--withhold', '法人の取引先及び単価|corporate|法人の競争上の地位その他正当な利益を害するおそれがあるため',
    '--withhold', '審議中の検討資料|deliberation|率直な意見の交換若しくは意思決定の中立性が不当に損なわれるおそれがあるため',
    '--slot', `${addDays(t, 20)}T10:00`, '--slot', `${addDays(t, 21)}T14:00`, '--place', '市役所1階 市民相談課']);
  ctl(['case', 'fee', req.ref, '--mono', '40', '--colour', '5', '--postage', '250']);
  const none = enter({});
  ctl(['case', 'decide', none.ref, '--decision', 'refuse_existence', '--withhold', '存否|existence|存否を答えるだけで不開示情報を開示することとなるため']);
  const page = await signedIn();
  const urls = [
    `/kaiji/desk/case/${req.id}/notice/receipt`,
    `/kaiji/desk/case/${req.id}/notice/extension`,
    `/kaiji/desk/case/${req.id}/notice/consult?tp=${tp}`,
    `/kaiji/desk/case/${req.id}/notice/disclosure`,
    `/kaiji/desk/case/${none.id}/notice/nondisclosure`,
  ];
  for (const u of urls) {
    const res = await page.goto(`${BASE}${u}`);
    assert.equal(res.status(), 200, u);
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: false, preferCSSPageSize: true });
    assert.equal(pdfPages(pdf), 1, `${u} prints to one A4 page`);
    const text = await page.textContent('main');
    assert.match(text, /山形市/, 'the city');
    if (/disclosure/.test(u)) assert.match(text, /教示/, 'a decision carries the appeal instructions');
  }
});

test('-bad- a notice too long for one page would be caught: the counter sees two pages', async () => {
  const page = await newPage(browser);
  await page.setContent(`<html><body>${'<p>行</p>'.repeat(300)}</body></html>`);
  assert.ok(pdfPages(await page.pdf({ format: 'A4' })) > 1);
});

test('the inbox and a case page have no axe violations', async () => {
  const req = enter({});
  const page = await signedIn();
  let v = await axe(page);
  assert.equal(v.length, 0, describeViolations(v));
  await page.goto(`${BASE}/kaiji/desk/case/${req.id}`);
  v = await axe(page);
  assert.equal(v.length, 0, describeViolations(v));
});

// 法84: a case whose 相当の部分 is decided and whose rest waits: the desk's
// second decision form and the citizen's status page (at 320 px, no
// sideways scroll) pass axe.
test('法84: the rest\'s decision form and the status page with the rest pending have no axe violations', async () => {
  const t = today();
  const req = enter({ received: t });
  ctl(['case', 'special', req.ref, '--rest-by', addDays(t, 120), '--reason', '著しく大量のため']);
  ctl(['case', 'decide', req.ref, '--decision', 'none', '--withhold', '第三者の氏名|third_person|第三者の個人情報']);
  const page = await signedIn();
  await page.goto(`${BASE}/kaiji/desk/case/${req.id}`);
  assert.ok(await page.$('#form-decide_rest'), 'the rest\'s decision form');
  let v = await axe(page);
  assert.equal(v.length, 0, describeViolations(v));
  const phone = await newPage(browser, { viewport: { width: 320, height: 640 } });
  await phone.goto(`${BASE}/kaiji/status`);
  await phone.fill('input[name=ref]', req.ref);
  await phone.fill('input[name=code]', req.code);
  await Promise.all([phone.waitForURL(/\/kaiji\/status\/view$/), phone.click('main button[type=submit]')]);
  assert.ok(await phone.$('#rest-pending'), 'the rest still to come');
  assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= 320), 'no sideways scroll');
  v = await axe(phone);
  assert.equal(v.length, 0, describeViolations(v));
});

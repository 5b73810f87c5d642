// scratch: screenshot case pages (not committed)
import { launch, newPage, BASE } from './lib.mjs';
import { staff, codeNow, totpEnrol } from '../integration/desk-lib.mjs';
const ids = (process.env.IDS ?? '9').split(',');
const width = Number(process.env.W ?? 1280);
const b = await launch();
const who = globalThis.who ?? staff('admin', [], 'scratch');
const page = await newPage(b, { viewport: { width, height: 900 } });
await page.goto(`${BASE}/kaiji/desk/login`);
await page.fill('#login', who.login); await page.fill('#password', who.password);
await page.fill('#code', codeNow(who, totpEnrol));
await Promise.all([page.waitForNavigation(), page.click('form button[type=submit]')]);
for (const id of ids) {
  await page.goto(`${BASE}/kaiji/desk/case/${id}`);
  const h = await page.evaluate(() => document.documentElement.scrollHeight);
  const sw = await page.evaluate(() => document.documentElement.scrollWidth);
  console.log(id, 'height', h, 'scrollWidth', sw);
  await page.screenshot({ path: `/tmp/d2/case-${id}-${width}.png`, fullPage: true });
}
await b.close();

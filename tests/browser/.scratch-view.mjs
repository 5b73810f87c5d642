import { launch, newPage, BASE } from './lib.mjs';
import { staff, codeNow, totpEnrol } from '../integration/desk-lib.mjs';
const [url, out] = [process.env.U, process.env.O];
const width = Number(process.env.W ?? 1280);
const b = await launch();
const who = staff('admin', [], 'scratch');
const ctx = await b.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: Number(process.env.S ?? 0.5), locale: 'ja-JP' });
const page = await ctx.newPage();
await page.goto(`${BASE}/kaiji/desk/login`);
await page.fill('#login', who.login); await page.fill('#password', who.password);
await page.fill('#code', codeNow(who, totpEnrol));
await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
for (const u of url.split(',')) {
  await page.goto(`${BASE}${u}`);
  const h = await page.evaluate(() => document.documentElement.scrollHeight);
  const sw = await page.evaluate(() => document.documentElement.scrollWidth);
  console.log(u, 'height', h, 'scrollWidth', sw);
  const name = u.replace(/\W+/g, '_');
  for (let y = 0, i = 0; y < h && i < 6; y += 2400, i++)
    await page.screenshot({ path: `/tmp/d2/${name}-${width}-${i}.png`, clip: { x: 0, y, width, height: Math.min(2400, h - y) }, fullPage: true });
}
await b.close();

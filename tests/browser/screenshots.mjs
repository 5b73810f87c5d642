// make screenshots: pictures of kaiji for docs/screenshots/ and the README,
// taken with the browser tests' Chromium (playwright-core) from a demo
// stack of its own (tools/stack with the demo cases, in var/screenshots),
// in Japanese at 1280×900, and one phone view at 390×844: the citizen's
// request form, the status page of a case whose fee is due, the register,
// the desk's inbox and a partly disclosed case. Not part of make check.
// Japanese needs a font Chromium can use (tools/packages: fonts-ipafont-gothic).
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { launch } from './lib.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const VAR = path.join(ROOT, 'var', 'screenshots');
const OUT = path.join(ROOT, 'docs', 'screenshots');
const BIN = path.join(ROOT, 'build', 'bin');
const env = {
  ...process.env, KAIJI_VAR: VAR, KAIJI_PORT: 'auto', KAIJI_DEMO: '1', KAIJI_DEMO_CASES: '1',
  KAIJI_BIN: BIN, KAIJI_STACK_HASHING: 'minimum',
};

function stack(cmd) {
  execFileSync(path.join(ROOT, 'tools', 'stack'), [cmd], { env, stdio: ['ignore', 'ignore', 'inherit'], cwd: ROOT });
}

function ctl(args, input = '') {
  return execFileSync(path.join(BIN, 'kaijictl'), ['-c', path.join(VAR, 'kaiji.hdf'), ...args],
    { encoding: 'utf8', input, env });
}

// The demo cases by story: {story: {ref, code}} (var/screenshots/demo-cases).
function demoCases() {
  const cases = {};
  for (const line of fs.readFileSync(path.join(VAR, 'demo-cases'), 'utf8').split('\n')) {
    const [ref, code, story] = line.trim().split(/\s+/);
    if (story) cases[story] = { ref, code };
  }
  return cases;
}

async function shoot(page, name, { full = false } = {}) {
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file, fullPage: full });
  console.log(`screenshots: ${path.relative(ROOT, file)}`);
}

async function main() {
  fs.rmSync(VAR, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  stack('start');
  const browser = await launch();
  try {
    const base = `http://127.0.0.1:${fs.readFileSync(path.join(VAR, 'port'), 'utf8').trim()}/kaiji`;
    const cases = demoCases();
    const feeDue = cases['fee-due'];
    // a clerk of every agency (an admin would need the demo's TOTP code)
    const agencies = execFileSync('sqlite3', [path.join(VAR, 'kaiji.db'), 'SELECT id FROM agency ORDER BY id'],
      { encoding: 'utf8' }).split('\n').filter(Boolean);
    const password = 'screenshots-demo-password';
    ctl(['staff', 'add', 'yamagata.hanako', '--name', '山形 花子', '--role', 'clerk',
      ...agencies.flatMap((a) => ['--agency', a]), '--password-stdin'], `${password}\n`);

    const wide = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP' })).newPage();
    await wide.goto(`${base}/request/form?kind=disclosure`);
    await shoot(wide, 'request-form');
    await wide.goto(`${base}/status`);
    await wide.fill('input[name=ref]', feeDue.ref);
    await wide.fill('input[name=code]', feeDue.code);
    await Promise.all([wide.waitForURL(/\/status\/view$/), wide.click('main button[type=submit]')]);
    await shoot(wide, 'status');
    await wide.goto(`${base}/register`);
    await shoot(wide, 'register');
    await wide.goto(`${base}/desk/login`);
    await wide.fill('#login', 'yamagata.hanako');
    await wide.fill('#password', password);
    await Promise.all([wide.waitForURL(/\/desk\/$/), wide.click('form[action$="/desk/login"] button[type=submit]')]);
    await shoot(wide, 'inbox');
    await wide.click(`a:text("${feeDue.ref}")`);
    await wide.waitForURL(/\/desk\/case\/\d+$/);
    await shoot(wide, 'case', { full: true });

    const phone = await (await browser.newContext({
      viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'ja-JP',
    })).newPage();
    await phone.goto(`${base}/status`);
    await phone.fill('input[name=ref]', feeDue.ref);
    await phone.fill('input[name=code]', feeDue.code);
    await Promise.all([phone.waitForURL(/\/status\/view$/), phone.click('main button[type=submit]')]);
    await shoot(phone, 'status-phone');
  } finally {
    await browser.close();
    stack('stop');
  }
}

await main();

// The citizen's online payment in Chromium, every step clicked (issue 23:
// a journey is never shortened by an HTTP request, least of all the steps
// that leave the site for the provider and come back). Used by
// pay.test.mjs and by any test that needs a fee paid online.
import assert from 'node:assert/strict';

// A phone with the pages' own CSP in force and the emulator's test
// certificate accepted. csp collects console messages about the policy
// and script errors.
export async function phone(browser, { locale = 'ja-JP' } = {}) {
  const context = await browser.newContext({ locale, viewport: { width: 390, height: 844 },
    isMobile: true, hasTouch: true, ignoreHTTPSErrors: true, bypassCSP: false });
  const page = await context.newPage();
  const csp = [];
  page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy|violates the following/i.test(m.text())) csp.push(m.text());
  });
  page.on('pageerror', (e) => csp.push(`page error: ${e.message}`));
  return { page, csp };
}

export async function clickAndWait(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

// Look the request up on the status form, as the citizen does.
export async function lookUp(page, base, { ref, code }) {
  await page.goto(`${base}/kaiji/status`);
  await page.fill('#ref', ref);
  await page.fill('#code', code);
  await clickAndWait(page, 'main form button[type=submit]');
  assert.match(page.url(), /\/kaiji\/status\/view$/, 'the status page');
}

// From the status page: the pay button, the provider's page, its pay
// button, back on kaiji's return page. Leaves the page there.
export async function payFromStatus(page, st, provider, check = async () => {}) {
  await clickAndWait(page, '#pay-online button[type=submit]');
  assert.ok(page.url().startsWith(`${st.emu}/${provider}/pay/`), `at the provider's page: ${page.url()}`);
  await check('provider');
  await clickAndWait(page, '#pay');
  assert.match(page.url(), new RegExp(`^${st.base}/kaiji/pay/return/${provider}\\?`), `back on kaiji: ${page.url()}`);
}

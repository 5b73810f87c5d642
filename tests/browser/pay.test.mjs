// Paying a fee online, clicked through in Chromium with the pages' own
// Content-Security-Policy in force (no bypassCSP): the status lookup →
// the status page → 「オンラインで支払う」 → the provider's page (the
// emulator, tests/emulator) → pay → back on kaiji → 「請求の状況に戻る」 →
// the status page says the fee is paid. Every step is a click, as a person
// does it; nothing in the journey is replaced by an HTTP request (only the
// request and its fee are made beforehand by kaijictl, as staff would).
// A console message about the Content Security Policy fails the test.
// One stack per provider (yamagata: Stripe, toyota: PayPay) with its
// emulator, as tests/integration/pay-flow.test.mjs.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { launch, describeViolations } from './lib.mjs';
import * as pay from '../integration/pay-stack.mjs';
import { phone, clickAndWait, lookUp, payFromStatus } from './pay-lib.mjs';
import * as fx from '../integration/pay-fixtures.mjs';

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// axe run through the DevTools protocol: page.evaluate is not subject to
// the page's CSP, so the policy stays in force for the page's own loads.
async function noViolations(page, where) {
  const v = await page.evaluate(async (src) => {
    if (!globalThis.axe) (0, eval)(src);
    const r = await globalThis.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((x) => ({ id: x.id, impact: x.impact, help: x.help, nodes: x.nodes.map((n) => n.target.join(' ')) }));
  }, AXE);
  assert.equal(v.length, 0, `${where}:\n${describeViolations(v)}`);
}

function journey(provider, city) {
  describe(`online payment clicked through: ${provider} (${city})`, () => {
    let st;
    before(() => { st = pay.startStack(`browser-pay-${provider}`, city); });
    after(() => pay.stopStack(st));

    test('status page → pay button → provider page → pay → back → status page shows paid', async () => {
      const req = pay.makeRequest(st, { amount: 300 });
      const { page, csp } = await phone(browser);
      try {
        await lookUp(page, st.base, req);
        assert.equal(await page.getAttribute('#fee', 'data-fee-state'), 'due');
        await noViolations(page, 'status page, fee due');
        // The button leaves the site: the CSP must let the form go there.
        await payFromStatus(page, st, provider, async () => {
          assert.equal(await page.textContent('#amount'), '¥300', 'the provider asks for the fee');
        });
        assert.equal(await page.getAttribute('#pay-state', 'data-state'), 'paid', 'the lookup on return confirms it');
        await noViolations(page, 'return page');

        await clickAndWait(page, 'a#back-to-status');
        assert.match(page.url(), /\/kaiji\/status\/view$/, 'back on her status page, still looked up');
        assert.equal(await page.getAttribute('#fee', 'data-fee-state'), 'paid');
        assert.ok(await page.isVisible('#fee-paid'), 'the status page says the fee is paid');
        await noViolations(page, 'status page, fee paid');
        assert.deepEqual(csp, [], 'no CSP violation and no script error on the way');
      } finally {
        await page.context().close();
      }
    });

    test('the payment page\'s button reaches the provider too; other pages keep form-action \'self\'', async () => {
      const req = pay.makeRequest(st, { amount: 300 });
      const { page, csp } = await phone(browser);
      try {
        await lookUp(page, st.base, req);
        const formAction = (r) => /form-action ([^;]*)/.exec(r.headers()['content-security-policy'] ?? '')?.[1];
        const view = await page.reload();
        assert.equal(formAction(view), `'self' ${st.emu}`, 'the status page with a pay button names the provider');
        const methods = await page.goto(`${st.base}/kaiji/pay/`);
        assert.equal(formAction(methods), `'self' ${st.emu}`, 'so does the payment page');
        await clickAndWait(page, 'main form button[type=submit]');
        assert.ok(page.url().startsWith(`${st.emu}/${provider}/pay/`), `at the provider's page: ${page.url()}`);
        await clickAndWait(page, '#cancel');
        assert.match(page.url(), new RegExp(`^${st.base}/kaiji/pay/return/${provider}\\?`), 'back on kaiji');
        for (const p of ['/kaiji/status', '/kaiji/request', '/kaiji/register', '/kaiji/desk/login']) {
          const r = await page.goto(`${st.base}${p}`);
          assert.equal(formAction(r), "'self'", `${p} keeps form-action 'self'`);
        }
        assert.deepEqual(csp, [], 'no CSP violation');
      } finally {
        await page.context().close();
      }
    });
  });
}

// Issue 23 items 13-15 on a phone: the fee table as unit price × count =
// amount in 円; copies asked by post are not asked again and the 窓口 is
// not offered as a way to pay; the provider's page names the cost of the
// copies; after paying, the status page says what happens next.
describe('the fee and payment part of the status page (yamagata)', () => {
  let st;
  before(() => { st = pay.startStack('browser-pay-fee', 'yamagata'); });
  after(() => pay.stopStack(st));

  test('fee table, ways that fit the post, the fee named, what happens next', async () => {
    const ok = (...a) => {
      const r = pay.kaijictl(st, ...a);
      assert.equal(r.status, 0, r.stderr);
      return r.stdout;
    };
    const [ref, code] = ok('case', 'new', '--kind', 'disclosure', '--agency', 'mayor', '--name', 'テスト 花子').trim().split(' ');
    // The request form stores the delivery asked for (delivery.method: copy_mail).
    fx.exec(st.dir, `UPDATE request SET data = json_set(data, '$.delivery.method', 'copy_mail') WHERE ref = '${ref}';`);
    ok('case', 'review', ref);
    ok('case', 'decide', ref, '--decision', 'full', '--method', 'copy', '--method', 'mail');
    assert.match(ok('case', 'fee', ref, '--mono', '10', '--postage', '120'), /fee: 220\b/);
    const { page, csp } = await phone(browser);
    try {
      await lookUp(page, st.base, { ref, code });
      const mono = page.locator('#fee tr[data-fee-line="mono"] td');
      assert.deepEqual(await mono.allTextContents(), ['写し（モノクロ）', '10円', '×10枚', '100円']);
      assert.deepEqual(await page.locator('#fee tr[data-fee-line="postage"] td').allTextContents(), ['郵送料', '', '', '120円']);
      assert.equal((await page.textContent('#fee-total')).trim(), '220 円');
      assert.equal(await page.locator('#offer').count(), 0, 'not asked again how to receive the copies');
      // Yamagata (RequestedMethodSuffices): the way asked for stands, no 申出書
      assert.match(await page.textContent('#offer-not-needed'), /申出書」の提出は不要/);
      assert.equal(await page.locator('#pay-ways li[data-way="counter"]').count(), 0, 'no 窓口 for copies by post');
      assert.match(await page.textContent('#pay-agent'), /Stripe Japan株式会社.*指定納付受託者|指定納付受託者.*Stripe Japan株式会社/,
        'the designated payment agent named (地方自治法231条の2の3)');
      await noViolations(page, 'status page, fee table');
      await payFromStatus(page, st, 'stripe', async () => {
        assert.match(await page.textContent('body'), /写しの交付に要する費用/);
        assert.doesNotMatch(await page.textContent('body'), /手数料/);
      });
      await clickAndWait(page, 'a#back-to-status');
      assert.match(page.url(), /\/kaiji\/status\/view$/);
      assert.match(await page.textContent('#fee-next'), /郵送でお送りします/, 'what happens next');
      await noViolations(page, 'status page, paid, next step');
      assert.deepEqual(csp, []);
    } finally {
      await page.context().close();
    }
  });
});

journey('stripe', 'yamagata');
journey('paypay', 'toyota');

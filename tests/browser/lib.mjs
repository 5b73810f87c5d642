// Helpers for kaiji's browser tests: Debian's Chromium driven by
// playwright-core (no browser download), axe-core for accessibility.
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

export const BASE = (process.env.KAIJI_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

// Chromium refuses its sandbox when run as root (CI runs as root).
export function launch() {
  const args = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args });
}

// A page in a fresh context. bypassCSP lets axe be injected into pages whose
// Content-Security-Policy forbids inline script; the pages' own scripts are
// unaffected. Opts go to browser.newContext (locale, javaScriptEnabled, ...).
export async function newPage(browser, opts = {}) {
  const context = await browser.newContext({ bypassCSP: true, locale: 'ja-JP', ...opts });
  return context.newPage();
}

// axe-core violations on the current page, [{id, impact, help, nodes}].
export async function axe(page, { tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } = {}) {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  return page.evaluate(async (runTags) => {
    const r = await globalThis.axe.run(document, { runOnly: { type: 'tag', values: runTags } });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
  }, tags);
}

// A readable message for assert: one line per violation.
export function describeViolations(violations) {
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.join(', ')})`).join('\n');
}

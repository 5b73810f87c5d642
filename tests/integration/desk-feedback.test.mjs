// The questionnaire's results in the desk: signed-in staff see the page
// with its charts and download the CSV; without a session, the login page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get, post } from './lib.mjs';
import { staff, loginJar } from './desk-lib.mjs';

test('a post from a page shows in the desk results and the CSV', async () => {
  const page = '/kaiji/en/fees.html';
  const r = await post('/kaiji/feedback', { page, lang: 'en', understandable: 'no', findable: 'yes', comment: 'desk test' },
    { localAddress: '127.0.0.9' });
  assert.equal(r.status, 200);
  const jar = await loginJar(staff('viewer', ['mayor']));
  const results = await jar.get('/kaiji/desk/feedback');
  assert.equal(results.status, 200);
  assert.match(results.text, /<svg class="chart" role="img"/);
  assert.match(results.text, /\/kaiji\/en\/fees\.html/);
  assert.equal(results.headers['cache-control'], 'no-store');
  const csv = await jar.get('/kaiji/desk/feedback.csv');
  assert.equal(csv.status, 200);
  assert.match(csv.headers['content-type'], /^text\/csv/);
  assert.match(csv.text, /"\/kaiji\/en\/fees\.html","en","no","yes","desk test"/);
});

test('-bad- without a session the results are not shown', async () => {
  for (const p of ['/kaiji/desk/feedback', '/kaiji/desk/feedback.csv']) {
    const r = await get(p);
    assert.equal(r.status, 303, p);
    // signing in returns to the page asked for (issue 23)
    assert.equal(r.headers.location, `/kaiji/desk/login?next=${p.slice('/kaiji'.length)}`);
  }
});

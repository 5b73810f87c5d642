// The inbox for a whole day's work (issue 19): sortable columns, tabs with
// the count per state, pages of 50, the open days left, the next step, and
// the present view as CSV (formula-guarded, audited).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, enter, loginJar, sql, staff, today } from './desk-lib.mjs';

// An agency of its own for this file, so other tests' requests stay out.
const AGENCY = 'waterworks';
const clerk = staff('clerk', [AGENCY], 'inbox');
const t = today();

function refs(html) {
  return [...html.matchAll(/data-ref="([^"]+)"/g)].map((m) => m[1]);
}

test('sort by any column and back; the tabs count each state; pages of 50', async () => {
  const made = [];
  for (let i = 0; i < 53; i++)
    made.push(enter({ agency: AGENCY, received: addDays(t, -(i % 20)), name: `並替 ${String(i).padStart(2, '0')}` }));
  const jar = await loginJar(clerk);
  const first = await jar.get(`/kaiji/desk/?agency=${AGENCY}`);
  assert.equal(first.status, 200);
  const page1 = refs(first.text);
  assert.equal(page1.length, 50, 'a page holds 50');
  assert.match(first.text, /rel="next"/);
  const dues = page1.map((r) => sql(`SELECT due_on FROM request WHERE ref = '${r}'`)[0].due_on);
  assert.deepEqual(dues, [...dues].sort(), 'by due date by default');
  assert.match(first.text, /aria-sort="ascending"/);
  const second = await jar.get(`/kaiji/desk/?agency=${AGENCY}&page=2`);
  const page2 = refs(second.text);
  assert.ok(page2.length >= 3, 'the rest on page 2');
  assert.equal(page1.filter((r) => page2.includes(r)).length, 0, 'no row on both pages');
  assert.match(second.text, /rel="prev"/);

  const byName = refs((await jar.get(`/kaiji/desk/?agency=${AGENCY}&sort=requester_desc`)).text);
  const names = byName.map((r) => sql(`SELECT requester_name AS n FROM request WHERE ref = '${r}'`)[0].n);
  assert.deepEqual(names, [...names].sort().reverse(), 'by requester, descending');
  const bad = await jar.get(`/kaiji/desk/?agency=${AGENCY}&sort=id;DROP`);
  assert.ok([200, 400].includes(bad.status), 'an unknown sort is refused or ignored');

  const tabs = /<nav class="inbox-tabs"[\s\S]*?<\/nav>/.exec(first.text)[0];
  const received = sql(`SELECT COUNT(*) AS n FROM request WHERE agency_id = '${AGENCY}' AND state = 'received'`)[0].n;
  assert.match(tabs, new RegExp(`state=received[^"]*"[^>]*>[^<]*<span class="count">${received}</span>`));
  assert.match(first.text, /あと\d+開庁日|日超過|本日が期限/, 'the open days left in words');
  assert.match(first.text, /受付内容と本人確認書類を確認する/, 'the next step');
});

test('the present view as CSV: BOM, headings, formula cells guarded, only the staff member\'s agencies', async () => {
  const evil = enter({ agency: AGENCY, name: '=HYPERLINK("http://x")' });
  const other = enter({ agency: 'fire', name: '他機関 太郎' });
  const jar = await loginJar(clerk);
  const r = await jar.get(`/kaiji/desk/inbox.csv?agency=${AGENCY}&sort=received_desc`);
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /^text\/csv/);
  assert.match(r.headers['content-disposition'], /attachment/);
  assert.equal(r.headers['cache-control'], 'no-store');
  const text = r.body.toString('utf8');
  assert.ok(text.startsWith('\ufeff"受付番号","請求の種類",'), `BOM and Japanese headings: ${JSON.stringify(text.slice(0, 80))}`);
  assert.match(text, new RegExp(`"${evil.ref}",[^\\n]*,"'=HYPERLINK\\(""http://x""\\)"`), 'the formula is guarded');
  assert.ok(!text.includes(other.ref), 'not another agency\'s request');
  const audit = sql("SELECT COUNT(*) AS n FROM audit WHERE action = 'inbox_export'")[0].n;
  assert.ok(audit >= 1, 'the export is audited');
});

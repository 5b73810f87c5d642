// The desk's view of suspected floods and its bulk 却下 (issue 16 item 3),
// through nginx: requests filed online from one address are grouped with
// their count (by the client's keyed hash, never the address), a clerk
// dismisses the ticked ones after a confirmation, and each case gets its
// own decision, history entry, notice and audit row as a single 却下 would;
// a clerk of another agency can neither see nor dismiss them.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { CookieJar, formToken, multipart, BASE } from './lib.mjs';
import { day } from './clock.mjs';
import { staff, loginJar, show, sql } from './desk-lib.mjs';

// An address of this run's own (all of 127/8 is loopback): a stack used
// again keeps the requests an earlier run filed, and those count too.
const rnd = (n) => Math.floor(Math.random() * n);
const ADDR = `127.${100 + rnd(100)}.${rnd(256)}.${1 + rnd(254)}`;

const FIELDS = {
  kind: 'disclosure', agency: 'mayor', sought: '私の住民記録', name: '見本 花子', furigana: 'みほん はなこ',
  postal: '990-8540', address: '山形市旅篭町2-3-25', phone: '023-641-1212', agent: 'none',
  method: 'copy_mail', medium: 'mono', units: '1', dockind1: 'drivers_license', dockind2: 'resident_record',
};

function jpeg(bytes) {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(bytes - 4, 1)]);
}

// One request filed through the form from addr, as a fresh browser: its ref.
async function file(addr, agency) {
  const jar = new CookieJar();
  const get = (p) => jar.get(`${BASE}${p}`, { localAddress: addr });
  const post = (p, body, headers) => jar.post(`${BASE}${p}`, body, { localAddress: addr, headers });
  const page = await get('/kaiji/request/form?kind=disclosure');
  const mp = multipart({ csrf: formToken(page.text), ...FIELDS, agency, resident_issued_on: day(-2) }, [
    { name: 'doc1', filename: 'l.jpg', contentType: 'image/jpeg', data: jpeg(2000) },
    { name: 'doc2', filename: 'r.pdf', contentType: 'application/pdf', data: Buffer.from('%PDF-1.4\n%\n') },
  ]);
  const r = await post('/kaiji/request/form', mp.body, { 'Content-Type': mp.contentType });
  assert.equal(r.status, 303, r.text.match(/class="field-error"[^>]*>[^<]*/g)?.join(' | '));
  const confirm = await get('/kaiji/request/confirm');
  const s = await post('/kaiji/request/submit', `csrf=${formToken(confirm.text)}`,
    { 'Content-Type': 'application/x-www-form-urlencoded' });
  assert.equal(s.status, 303, `submit from ${addr}: ${s.status}`);
  const receipt = await get('/kaiji/request/receipt');
  const ref = /id="receipt-ref">([^<]+)</.exec(receipt.text)[1];
  return { ref, id: Number(sql(`SELECT id FROM request WHERE ref = '${ref}'`)[0].id) };
}

// The section of the floods page holding ref, and its count.
function groupOf(html, ref) {
  for (const sec of html.split('<section class="flood-group"').slice(1)) {
    if (sec.includes(`data-ref="${ref}"`)) return { html: sec, count: Number(/data-count="(\d+)"/.exec(sec)[1]) };
  }
  return null;
}

let mine, other;

before(async () => {
  mine = [];
  for (let i = 0; i < 3; i++) mine.push(await file(ADDR, 'mayor'));
  other = await file(ADDR, 'board_of_education');
});

test('the requests filed from one address are grouped with their count, by a label that is not the address', async () => {
  const admin = await loginJar(staff('admin'));
  const page = await admin.get('/kaiji/desk/floods');
  assert.equal(page.status, 200);
  const g = groupOf(page.text, mine[0].ref);
  assert.ok(g, 'a group with the first request');
  assert.equal(g.count, 4, 'three of the mayor and one of the board');
  for (const r of [...mine, other]) assert.match(g.html, new RegExp(`data-ref="${r.ref}"`));
  assert.ok(!page.text.includes(ADDR), 'never the address');
  const kept = sql(`SELECT key_hash FROM request_client WHERE request_id = ${mine[0].id}`);
  assert.equal(kept.length, 1);
  // a keyed hash, never the address (a hash may well hold the digits 127)
  assert.match(kept[0].key_hash, /^[0-9a-f]{64}$/);
  assert.ok(!kept[0].key_hash.includes(ADDR));
  // a clerk of the board counts and sees only the board's case: under 2, not listed
  const board = await loginJar(staff('clerk', ['board_of_education']));
  const bp = await board.get('/kaiji/desk/floods');
  assert.equal(bp.status, 200);
  assert.doesNotMatch(bp.text, new RegExp(`data-ref="${mine[0].ref}"`));
  // a viewer changes nothing: not even this page
  const viewer = await loginJar(staff('viewer', ['mayor']));
  assert.equal((await viewer.get('/kaiji/desk/floods')).status, 403);
});

test('-bad- a clerk of another agency cannot dismiss the mayor\'s cases: 403, nothing changes', async () => {
  const board = await loginJar(staff('clerk', ['board_of_education']));
  const page = await board.get('/kaiji/desk/floods');
  for (const confirm of ['', '1']) {
    const r = await board.post('/kaiji/desk/floods/dismiss', {
      csrf: formToken(page.text), case: [other.id, mine[0].id], reason: '大量の請求', ...(confirm ? { confirm } : {}),
    });
    assert.equal(r.status, 403);
  }
  assert.equal(show(mine[0].id).state, 'received');
  assert.equal(show(other.id).state, 'received', 'not even the case of their own agency: all or nothing');
});

test('-bad- the bulk 却下 needs the CSRF token and a reason', async () => {
  const clerk = await loginJar(staff('clerk', ['mayor']));
  const page = await clerk.get('/kaiji/desk/floods');
  const noCsrf = await clerk.post('/kaiji/desk/floods/dismiss', { case: [mine[0].id], reason: 'x', confirm: '1' });
  assert.equal(noCsrf.status, 403);
  const noReason = await clerk.post('/kaiji/desk/floods/dismiss', { csrf: formToken(page.text), case: [mine[0].id], confirm: '1' });
  assert.equal(noReason.status, 422);
  assert.equal(show(mine[0].id).state, 'received');
});

test('the bulk 却下: a confirmation first, then each case its own decision, history entry, notice and audit row', async () => {
  const clerk = await loginJar(staff('clerk', ['mayor']));
  const page = await clerk.get('/kaiji/desk/floods');
  const g = groupOf(page.text, mine[0].ref);
  for (const r of mine) assert.match(g.html, new RegExp(`name="case" value="${r.id}"`), 'a box to tick');
  const ids = mine.map((r) => r.id);
  const fields = { csrf: formToken(page.text), case: ids, reason: '同一の端末から短時間に大量に提出された請求であり、請求の内容が特定されていないため', hours: '24' };
  const first = await clerk.post('/kaiji/desk/floods/dismiss', fields);
  assert.equal(first.status, 200);
  assert.match(first.text, /id="confirm-what" data-count="3"/);
  for (const r of mine) assert.match(first.text, new RegExp(`data-ref="${r.ref}"`));
  assert.equal(show(mine[0].id).state, 'received', 'nothing done before the confirmation');
  const done = await clerk.post('/kaiji/desk/floods/dismiss', { ...fields, csrf: formToken(first.text), confirm: '1' });
  assert.equal(done.status, 303);
  assert.equal(done.headers.location, '/kaiji/desk/floods?hours=24&done=3');
  for (const r of mine) {
    const c = show(r.id);
    assert.equal(c.state, 'dismissed', r.ref);
    assert.equal(c.events.filter((e) => e.kind === 'dismissed').length, 1, `${r.ref}: its own history entry`);
    const notice = await clerk.get(`/kaiji/desk/case/${r.id}/notice/dismissal`);
    assert.equal(notice.status, 200, `${r.ref}: its 却下 notice`);
    assert.match(notice.text, /大量に提出された請求/);
    const audit = sql(`SELECT COUNT(*) AS n FROM audit WHERE action = 'case.dismiss' AND target = '${r.ref}'`);
    assert.equal(audit[0].n, 1, `${r.ref}: audited`);
  }
  assert.equal(show(other.id).state, 'received', 'the case not ticked stays');
  const after = await clerk.get('/kaiji/desk/floods?hours=24&done=3');
  assert.match(after.text, /id="floods-done"/);
  assert.doesNotMatch(groupOf(after.text, mine[0].ref).html, new RegExp(`name="case" value="${mine[0].id}"`),
    'a dismissed case has no box');
  // the same again: the cases are no longer open, nothing is written twice
  const again = await clerk.post('/kaiji/desk/floods/dismiss', { ...fields, csrf: formToken(after.text), confirm: '1' });
  assert.equal(again.status, 409);
  for (const r of mine) assert.equal(show(r.id).events.filter((e) => e.kind === 'dismissed').length, 1);
});

// The desk's register pages (cgi-bin/desk-register.c, routed by
// cgi-bin/desk.c for admins): add, change and abolish an entry, each
// written to the history; bad values come back with the field named; a
// clerk or a visitor without a session cannot reach them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get, cookieJar, formToken, htmlUnescape } from './lib.mjs';
import { staff, loginJar } from './desk-lib.mjs';

async function deskReady() {
  const jar = await loginJar(staff('admin'));
  const r = await jar.get('/kaiji/desk/register');
  assert.equal(r.status, 200);
  assert.match(r.text, /desk\/register\/new/);
  return jar;
}

test('-bad- the register upkeep is for admins only', async () => {
  const anon = await get('/kaiji/desk/register');
  assert.equal(anon.status, 303);
  const clerk = await loginJar(staff('clerk', ['mayor']));
  assert.equal((await clerk.get('/kaiji/desk/register')).status, 403);
  assert.equal((await clerk.get('/kaiji/desk/register/new')).status, 403);
});

const CT = { 'Content-Type': 'application/x-www-form-urlencoded' };

test('desk: notify, change and abolish an entry; the public pages follow', async (t) => {
  const jar = await deskReady();
  const form = await jar.get('/kaiji/desk/register/new');
  const csrf = formToken(form.text);
  const fields = { csrf, name: '窓口試験ファイル', agency: 'mayor', department: '窓口試験課',
    purpose: '窓口での登録を確かめる', sensitive: '1', file_type: 'electronic' };
  const made = await jar.post('/kaiji/desk/register/new', new URLSearchParams(fields), { headers: CT });
  assert.equal(made.status, 303);
  const id = /\/desk\/register\/(\d+)\?saved=1$/.exec(made.headers.location)?.[1];
  assert.ok(id, made.headers.location);
  const pub = await get(`/kaiji/register/${id}`);
  assert.match(pub.text, /<h1>窓口試験ファイル<\/h1>/);
  assert.match(pub.text, /<td>届出<\/td>/);

  const edit = await jar.get(made.headers.location);
  assert.match(edit.text, /保存しました/);
  const changed = await jar.post(`/kaiji/desk/register/${id}`,
    new URLSearchParams({ ...fields, csrf: formToken(edit.text), purpose: '目的を変更した', note: '目的の見直し' }), { headers: CT });
  assert.equal(changed.status, 303);
  const pub2 = await get(`/kaiji/register/${id}`);
  assert.match(pub2.text, /目的を変更した/);
  assert.match(pub2.text, /<td>変更<\/td><td>目的の見直し<\/td>/);
  const found = await get(`/kaiji/register?q=${encodeURIComponent('目的を変更')}`);
  assert.match(found.text, new RegExp(`/kaiji/register/${id}[?"]`), 'the index follows the change');
  const old = await get(`/kaiji/register?q=${encodeURIComponent('窓口での登録')}`);
  assert.doesNotMatch(old.text, new RegExp(`/kaiji/register/${id}[?"]`), 'the old text is gone from the index');

  const ab = await jar.post(`/kaiji/desk/register/${id}/abolish`,
    new URLSearchParams({ csrf: formToken(edit.text), date: '2026-01-05', note: '事務の廃止' }), { headers: CT });
  assert.equal(ab.status, 303);
  const pub3 = await get(`/kaiji/register/${id}`);
  assert.match(pub3.text, /<td>廃止<\/td><td>事務の廃止<\/td>/);
  const list = await get(`/kaiji/register?department=${encodeURIComponent('窓口試験課')}`);
  assert.doesNotMatch(list.text, new RegExp(`/kaiji/register/${id}[?"]`));
});

test('-bad- desk: a bad value comes back with the field marked; nothing is written', async (t) => {
  const jar = await deskReady();
  const form = await jar.get('/kaiji/desk/register/new');
  const r = await jar.post('/kaiji/desk/register/new', new URLSearchParams({
    csrf: formToken(form.text), name: '', agency: 'nosuch', start_date: '2025-13-01', department: '却下試験課',
  }), { headers: CT });
  assert.equal(r.status, 422);
  assert.match(r.text, /id="f-name-error">入力してください。/);
  assert.match(r.text, /id="f-agency-error">実施機関を選んでください。/);
  assert.match(r.text, /id="f-start_date-error">日付は/);
  assert.match(htmlUnescape(r.text), /value="2025-13-01"/);
  const list = await get(`/kaiji/register?department=${encodeURIComponent('却下試験課')}`);
  assert.doesNotMatch(list.text, /<tbody>/);
  const noToken = await jar.post('/kaiji/desk/register/new', 'name=x&agency=mayor', { headers: CT });
  assert.equal(noToken.status, 403);
});

// Issue 23 item 20: the reading MeCab made is on the form, staff can change
// it, and the search finds the entry by the reading staff gave.
test('desk: the reading is shown and editable; the search follows it', async () => {
  const jar = await deskReady();
  const form = await jar.get('/kaiji/desk/register/new');
  assert.match(form.text, /<label for="f-reading">名称の読み（カタカナ）<\/label>/);
  assert.match(form.text, /id="f-reading-hint">読みで検索できるようにします/);
  const fields = { csrf: formToken(form.text), name: '窓口読み試験台帳', agency: 'mayor', department: '読み窓口課',
    file_type: 'electronic', reading: '' };
  const made = await jar.post('/kaiji/desk/register/new', new URLSearchParams(fields), { headers: CT });
  assert.equal(made.status, 303);
  const id = /\/desk\/register\/(\d+)\?saved=1$/.exec(made.headers.location)?.[1];
  const edit = await jar.get(made.headers.location);
  assert.match(edit.text, /<input type="text" id="f-reading" name="reading" value="マドグチヨミシケンダイチョウ"/,
    'an empty reading is made from the name');
  const byKana = await get(`/kaiji/register?q=${encodeURIComponent('ﾏﾄﾞｸﾞﾁﾖﾐｼｹﾝ')}`);
  assert.match(byKana.text, new RegExp(`/kaiji/register/${id}[?"]`));
  const changed = await jar.post(`/kaiji/desk/register/${id}`,
    new URLSearchParams({ ...fields, csrf: formToken(edit.text), reading: 'マドクチヨミタメシ' }), { headers: CT });
  assert.equal(changed.status, 303);
  const again = await jar.get(`/kaiji/desk/register/${id}`);
  assert.match(again.text, /value="マドクチヨミタメシ"/, 'the reading staff gave is kept');
  const byNew = await get(`/kaiji/register?q=${encodeURIComponent('まどくちよみためし')}`);
  assert.match(byNew.text, new RegExp(`/kaiji/register/${id}[?"]`));
});

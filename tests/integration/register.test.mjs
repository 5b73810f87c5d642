// The register through nginx: browse, filter, sort, Japanese search (one
// and two characters, 全角/半角, FTS operators and quotes, empty), detail
// with history and the request link, CSV/JSON exports that import back to
// the same entries, and imports that are refused whole with the bad lines
// named. Entries come from kaijictl register import (the demo entries of
// the stack are there too).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { get, request, kaijictl, kaijictlResult, htmlUnescape, BIN, CONFIG } from './lib.mjs';
import { ownDatabase } from './db.mjs';

const HEADER = ['name', 'agency', 'department', 'purpose', 'items', 'scope', 'collection',
  'sensitive', 'file_type', 'start_date', 'remarks', 'notified_on'];

function csv(rows) {
  const cell = (v) => `"${String(v).replaceAll('"', '""')}"`;
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

function tmpFile(name, data) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiji-reg-'));
  const f = path.join(dir, name);
  fs.writeFileSync(f, data);
  return f;
}

const FIXTURE = [
  HEADER,
  ['ＡＢＣ台帳テストファイル', 'mayor', '試験課', '全角英字の検索を確かめるため', '氏名、住所',
    '試験の対象者', '本人から', '有', 'electronic', '2020-04-01', '', '2020-04-01'],
  ['ﾃｽﾄ用半角ｶﾅﾌｧｲﾙ', '教育委員会', '試験課', '引用符 "特別" AND 調査 NEAR(x) を含む目的', '氏名',
    '対象者', '本人から', '0', 'manual', '', '一行目\n二行目', '2021-05-06'],
  ['廃止予定テストファイル', 'mayor', '試験課', '廃止の確認', '氏名', '対象者', '本人から', '無',
    'electronic', '', '', '2019-01-10'],
];

let ids = {};

function idsFromCsv(text) {
  const out = {};
  for (const line of text.split('\r\n').slice(1)) {
    const m = /^"(\d+)","([^"]*)"/.exec(line);
    if (m) out[m[2]] = Number(m[1]);
  }
  return out;
}

before(() => {
  const f = tmpFile('fixture.csv', csv(FIXTURE));
  const out = kaijictl('register', 'import', f);
  assert.match(out, /3 rows: 3 added, 0 changed, 0 unchanged, 0 abolished/);
  ids = idsFromCsv(kaijictl('register', 'export', '--query', 'テストファイル'));
  ids.kana = idsFromCsv(kaijictl('register', 'export', '--query', 'ﾃｽﾄ用'))['ﾃｽﾄ用半角ｶﾅﾌｧｲﾙ'];
  assert.ok(ids['ＡＢＣ台帳テストファイル'] && ids['廃止予定テストファイル'] && ids.kana, JSON.stringify(ids));
  kaijictl('register', 'abolish', String(ids['廃止予定テストファイル']), '--date', '2025-03-31', '--note', '事務の終了');
});

function rows(html) {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr><td><a href="\/kaiji\/register\/(\d+)(?:\?[^"]*)?">([\s\S]*?)<\/a>[\s\S]*?<\/td>\s*<td>([^<]*)<\/td><td>([^<]*)<\/td>/g)]
    .map((m) => ({ id: Number(m[1]), name: htmlUnescape(m[2].replace(/<\/?mark>/g, '')), nameHtml: m[2], agency: m[3], department: m[4] }));
}

function status(html) {
  return htmlUnescape(/<p role="status">([^<]*)<\/p>/.exec(html)?.[1] ?? '');
}

test('browse: the first page of 20, a pager, public caching with ETag and 304', async () => {
  const r = await get('/kaiji/register');
  assert.equal(r.status, 200);
  const list = rows(r.text);
  assert.equal(list.length, 20);
  assert.match(status(r.text), /^\d+件中 1〜20件目/);
  assert.match(r.text, /<nav class="pager"[^>]*>/);
  assert.match(r.text, /href="\/kaiji\/register\?page=2" rel="next"/);
  const names = list.map((e) => e.name);
  assert.deepEqual([...names].sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b)))), names, 'sorted by name');
  assert.ok(!names.includes('廃止予定テストファイル'), 'abolished entries hidden');
  assert.match(r.headers['cache-control'], /^public, max-age=\d+/);
  assert.equal(r.headers['set-cookie'].length, 0);
  const again = await get('/kaiji/register', { headers: { 'If-None-Match': r.headers.etag } });
  assert.equal(again.status, 304);
  const p2 = await get('/kaiji/register?page=2');
  assert.ok(rows(p2.text).length > 0);
  // Other files add entries meanwhile (desk-register): one added before
  // page 1's last name moves that name to page 2, so page 2 is checked by
  // its order, not by names page 1 had.
  const byte = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b));
  const last = names.at(-1);
  assert.ok(rows(p2.text).every((e) => byte(e.name, last) >= 0), 'page 2 goes on where page 1 ended');
});

// The ETag is made before rendering from what decides the page (the
// register's version, the address and parameters, the language, what
// renders it: cgi-bin/register.c register_cache); each way a page can
// change under the same address must change it.
test('conditional GET: a changed entry or another language never gets a 304 for the old page', async () => {
  const run = Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
  const name = `条件付き取得試験ファイル${run}`;
  const entry = (purpose) => tmpFile('etag.csv', csv([
    ['name', 'agency', 'department', 'purpose', 'notified_on'],
    [name, 'mayor', `条件付き取得課${run}`, purpose, '2024-04-01'],
  ]));
  assert.match(kaijictl('register', 'import', entry('最初の目的')), /1 added/);
  const id = idsFromCsv(kaijictl('register', 'export', '--query', run))[name];
  const pages = [`/kaiji/register/${id}`, `/kaiji/register?q=${run}`,
    `/kaiji/register?department=${encodeURIComponent(`条件付き取得課${run}`)}`, '/kaiji/register?sort=updated'];
  const before = {};
  for (const p of pages) {
    const r = await get(p);
    assert.equal(r.status, 200, p);
    assert.ok(r.headers.etag, p);
    before[p] = r;
    const same = await get(p, { headers: { 'If-None-Match': r.headers.etag } });
    assert.equal(same.status, 304, `${p}: unchanged, 304`);
    assert.equal(same.body.length, 0);
    assert.equal(same.headers.etag, r.headers.etag);
    const en = await get(p, { headers: { 'If-None-Match': r.headers.etag, Cookie: 'kaiji_lang=en' } });
    assert.equal(en.status, 200, `${p}: the English page is another page`);
    assert.notEqual(en.headers.etag, r.headers.etag);
  }
  // the entry changes: every page of it answers anew, with the change
  assert.match(kaijictl('register', 'import', tmpFile('etag2.csv', csv([
    ['id', 'name', 'agency', 'department', 'purpose', 'notified_on'],
    [String(id), name, 'mayor', `条件付き取得課${run}`, '変わった目的', '2024-04-01'],
  ]))), /1 changed/);
  for (const p of pages) {
    const r = await get(p, { headers: { 'If-None-Match': before[p].headers.etag } });
    assert.equal(r.status, 200, `${p}: changed, not 304`);
    assert.notEqual(r.headers.etag, before[p].headers.etag, p);
    assert.equal((await get(p, { headers: { 'If-None-Match': r.headers.etag } })).status, 304, p);
  }
  const detail = await get(pages[0], { headers: { 'If-None-Match': before[pages[0]].headers.etag } });
  assert.match(detail.text, /変わった目的/);
  assert.doesNotMatch(detail.text, /最初の目的/);
  // several ETags in one If-None-Match: the current one among them
  const both = await get(pages[0], { headers: { 'If-None-Match': `${before[pages[0]].headers.etag}, ${detail.headers.etag}` } });
  assert.equal(both.status, 304);
});

// A public page is kept by caches keyed on its address (the nginx
// micro-cache of conf/nginx/kaiji.conf): were a GET's body read as
// parameters, one client's search would be everyone's list (lib/req.c
// req_reads_body).
test('-bad- a search sent as the body of a GET or HEAD is not read: the list\'s address answers the list', async () => {
  const body = `q=${encodeURIComponent('健康')}`;
  const headers = { 'Content-Type': 'application/x-www-form-urlencoded',
    'Content-Length': String(Buffer.byteLength(body)) };
  const search = await get(`/kaiji/register?${body}`);
  assert.equal(search.status, 200);
  for (let tries = 1; ; tries++) {
    const list = await get('/kaiji/register');
    const g = await request('GET', '/kaiji/register', { body, headers });
    const h = await request('HEAD', '/kaiji/register', { body, headers });
    const cond = await request('GET', '/kaiji/register', { body,
      headers: { ...headers, 'If-None-Match': list.headers.etag } });
    const after = await get('/kaiji/register');
    // other files change the register meanwhile (desk-register): again
    if (after.headers.etag !== list.headers.etag && tries < 5) continue;
    assert.notEqual(search.headers.etag, list.headers.etag, 'the search is another page');
    assert.equal(g.status, 200);
    assert.equal(g.headers.etag, list.headers.etag, 'GET with the body: the list\'s ETag');
    assert.equal(g.text, list.text, 'and the list, not the search');
    assert.equal(status(g.text), status(list.text));
    assert.match(g.headers['cache-control'], /^public, max-age=\d+/);
    assert.equal(h.status, 200);
    assert.equal(h.headers.etag, list.headers.etag, 'HEAD with the body: the list\'s ETag');
    assert.equal(h.body.length, 0);
    assert.equal(cond.status, 304, 'the list\'s ETag matches a GET with a body');
    break;
  }
});

test('filter by agency and department; sort by last change; abolished shown when asked', async () => {
  const r = await get('/kaiji/register?agency=board_of_education');
  const list = rows(r.text);
  assert.ok(list.length > 0);
  assert.ok(list.every((e) => e.agency === '教育委員会'), JSON.stringify(list));
  assert.match(r.text, /<option value="board_of_education" selected>/);
  const d = await get(`/kaiji/register?department=${encodeURIComponent('試験課')}`);
  assert.deepEqual(rows(d.text).map((e) => e.department), ['試験課', '試験課']);
  const both = await get(`/kaiji/register?agency=mayor&department=${encodeURIComponent('試験課')}`);
  assert.deepEqual(rows(both.text).map((e) => e.name), ['ＡＢＣ台帳テストファイル']);
  const all = await get(`/kaiji/register?department=${encodeURIComponent('試験課')}&abolished=1`);
  const names = rows(all.text).map((e) => e.name);
  assert.ok(names.includes('廃止予定テストファイル'));
  assert.match(all.text, /<span class="tag">廃止<\/span>/);
  const upd = await get(`/kaiji/register?department=${encodeURIComponent('試験課')}&abolished=1&sort=updated`);
  assert.equal(rows(upd.text)[0].name, '廃止予定テストファイル', 'abolished 2025-03-31 is the latest change');
  assert.equal(rows(upd.text).at(-1).name, 'ＡＢＣ台帳テストファイル', 'notified 2020 is the oldest');
});

// The options of one of the filters' selects: text and whether selected.
function options(html, id) {
  const select = new RegExp(`<select id="register-${id}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1] ?? '';
  return [...select.matchAll(/<option([^>]*)>([^<]*)<\/option>/g)]
    .map((m) => ({ text: htmlUnescape(m[2]), selected: / selected\b/.test(m[1]) }));
}

// The options are kept per language until the register changes
// (cgi-bin/register-list.c): what was kept must follow a change and never
// carry one request's choice to another.
test('filters: every agency, the register\'s departments (one agency\'s when filtered), the choice selected; a new department shows at once, in both languages', async () => {
  const ja = await get('/kaiji/register');
  const en = await get('/kaiji/register?lang=en');
  assert.ok(options(ja.text, 'agency').some((o) => o.text === '教育委員会'));
  assert.ok(options(en.text, 'agency').some((o) => o.text === 'Board of Education'));
  assert.ok(options(ja.text, 'department').some((o) => o.text === '試験課'));
  for (const r of [ja, en]) {
    assert.ok([...options(r.text, 'agency'), ...options(r.text, 'department')].every((o) => !o.selected));
  }
  const mayor = await get(`/kaiji/register?agency=mayor&department=${encodeURIComponent('試験課')}`);
  assert.deepEqual(options(mayor.text, 'agency').filter((o) => o.selected).map((o) => o.text), ['市長']);
  assert.deepEqual(options(mayor.text, 'department').filter((o) => o.selected).map((o) => o.text), ['試験課']);
  const education = await get('/kaiji/register?agency=board_of_education');
  const theirs = options(education.text, 'department').map((o) => o.text);
  assert.ok(theirs.includes('学校教育課') && !theirs.includes('新設テスト課'), JSON.stringify(theirs));
  assert.ok(theirs.length < options(ja.text, 'department').length, 'one agency\'s departments only');
  const none = await get('/kaiji/register?agency=nosuch');
  assert.deepEqual(options(none.text, 'department').map((o) => o.text), ['すべての部署']);
  const plain = await get('/kaiji/register');
  assert.deepEqual(options(plain.text, 'department'), options(ja.text, 'department'), 'no choice carried over');

  assert.ok(!options(ja.text, 'department').some((o) => o.text === '新設テスト課'));
  const f = tmpFile('new-department.csv', csv([HEADER,
    ['新設部署テストファイル', 'mayor', '新設テスト課', '部署の一覧の確認', '氏名', '対象者', '本人から', '無',
      'electronic', '', '', '2024-06-01']]));
  assert.match(kaijictl('register', 'import', f), /1 added/);
  const jaAfter = await get('/kaiji/register');
  const enAfter = await get('/kaiji/register?lang=en');
  for (const r of [jaAfter, enAfter]) {
    assert.ok(options(r.text, 'department').some((o) => o.text === '新設テスト課'), 'the new department');
  }
  const id = idsFromCsv(kaijictl('register', 'export', '--query', '新設部署テストファイル'))['新設部署テストファイル'];
  kaijictl('register', 'abolish', String(id), '--date', '2025-03-31', '--note', '確認の終了');
});

test('-bad- unknown agency or department: nothing found; a bad sort falls back to name', async () => {
  const r = await get('/kaiji/register?agency=nosuch');
  assert.equal(r.status, 200);
  assert.equal(rows(r.text).length, 0);
  const s = await get('/kaiji/register?sort=evil');
  assert.equal(s.status, 200);
  assert.match(s.text, /<option value="name" selected>/);
});

test('search: a two-character Japanese word, marked, the query kept in the form', async () => {
  const r = await get(`/kaiji/register?q=${encodeURIComponent('試験')}`);
  assert.equal(r.status, 200);
  const list = rows(r.text);
  const names = list.map((e) => e.name);
  assert.ok(names.includes('ＡＢＣ台帳テストファイル') && names.includes('ﾃｽﾄ用半角ｶﾅﾌｧｲﾙ'), names.join());
  assert.ok(!names.includes('廃止予定テストファイル'));
  assert.match(r.text, /<mark>試験<\/mark>/);
  assert.match(r.text, /name="q" value="試験"/);
  assert.match(r.text, /<h2 id="results">検索結果<\/h2>/);
});

test('search: a one-character Japanese word', async () => {
  const r = await get(`/kaiji/register?q=${encodeURIComponent('税')}`);
  const list = rows(r.text);
  assert.ok(list.length >= 3, status(r.text));
  assert.match(r.text, /<mark>税<\/mark>/);
  for (const e of list) assert.ok(e.nameHtml.includes('<mark>税</mark>') || true);
  assert.match(status(r.text), /件中 1〜\d+件目/);
});

test('search: 全角/半角 and case variants match, the original text is marked', async () => {
  const abc = await get('/kaiji/register?q=abc');
  assert.deepEqual(rows(abc.text).map((e) => e.name), ['ＡＢＣ台帳テストファイル']);
  assert.match(abc.text, /<mark>ＡＢＣ<\/mark>台帳/);
  const kana = await get(`/kaiji/register?q=${encodeURIComponent('テスト用')}`);
  assert.deepEqual(rows(kana.text).map((e) => e.name), ['ﾃｽﾄ用半角ｶﾅﾌｧｲﾙ']);
  assert.match(kana.text, /<mark>ﾃｽﾄ用<\/mark>/);
  const voiced = await get(`/kaiji/register?q=${encodeURIComponent('ﾊﾟｽﾎﾟｰﾄ')}`);
  assert.ok(rows(voiced.text).some((e) => e.name.includes('パスポート')), status(voiced.text));
  assert.match(voiced.text, /<mark>パスポート<\/mark>/);
});

test('search: FTS operators and quotes are plain text', async () => {
  const q = '"特別" AND';
  const r = await get(`/kaiji/register?q=${encodeURIComponent(q)}`);
  assert.equal(r.status, 200);
  assert.deepEqual(rows(r.text).map((e) => e.name), ['ﾃｽﾄ用半角ｶﾅﾌｧｲﾙ']);
  assert.match(r.text, /name="q" value="&quot;特別&quot; AND"/);
  assert.match(r.text, /<mark>&quot;特別&quot;<\/mark>/);
  for (const hostile of ['NEAR(', '"', 'a OR b NOT c', '*', '^税', 'name:税', '(((', '")']) {
    const h = await get(`/kaiji/register?q=${encodeURIComponent(hostile)}`);
    assert.equal(h.status, 200, hostile);
    assert.match(h.text, /<p role="status">/, hostile);
  }
  const none = await get(`/kaiji/register?q=${encodeURIComponent('"住民" OR NEAR(税 *)')}`);
  assert.equal(rows(none.text).length, 0);
  assert.match(status(none.text), /に一致するファイルはありません/);
});

test('search: several words must all appear; an empty query shows the list', async () => {
  const r = await get(`/kaiji/register?q=${encodeURIComponent('試験　本人から 全角英字')}`);
  assert.deepEqual(rows(r.text).map((e) => e.name), ['ＡＢＣ台帳テストファイル']);
  for (const q of ['', '%20%20', '%E3%80%80']) {
    const e = await get(`/kaiji/register?q=${q}`);
    assert.equal(e.status, 200);
    assert.match(e.text, /<h2 id="results">登録されているファイル<\/h2>/, q);
    assert.equal(rows(e.text).length, 20, q);
  }
});

test('search results are paged and keep the query and filters in the links', async () => {
  const r = await get(`/kaiji/register?q=${encodeURIComponent('ファイル')}&sort=updated`);
  assert.match(status(r.text), /^\d+件中 1〜20件目/);
  const next = /href="(\/kaiji\/register\?[^"]*)" rel="next"/.exec(r.text)?.[1];
  assert.ok(next, 'a next link');
  const href = htmlUnescape(next);
  assert.match(href, /q=%E3%83%95%E3%82%A1%E3%82%A4%E3%83%AB/);
  assert.match(href, /sort=updated/);
  assert.match(href, /page=2/);
  const p2 = await get(href);
  assert.match(status(p2.text), /件中 21〜/);
});

test('-bad- a query over 100 characters: the form says so; invalid UTF-8: 400', async () => {
  const r = await get(`/kaiji/register?q=${encodeURIComponent('あ'.repeat(101))}`);
  assert.equal(r.status, 200);
  assert.match(r.text, /aria-invalid="true"/);
  assert.match(r.text, /キーワードが長すぎます/);
  const bad = await get('/kaiji/register?q=%FF%FE');
  assert.equal(bad.status, 400);
});

test('detail: the profile\'s fields, the history, the request link; cacheable', async () => {
  const id = ids['ＡＢＣ台帳テストファイル'];
  const r = await get(`/kaiji/register/${id}`);
  assert.equal(r.status, 200);
  assert.match(r.text, /<h1>ＡＢＣ台帳テストファイル<\/h1>/);
  assert.match(r.text, /<dt>利用目的<\/dt>\s*<dd class="register-value">全角英字の検索を確かめるため<\/dd>/);
  // issue 23 item 21: straight to the disclosure form, pre-filled
  assert.match(r.text, new RegExp(`<a class="button" href="/kaiji/request/form\\?kind=disclosure&amp;file=${id}">このファイルの自分の情報の開示を請求する</a>`));
  const form = await get(`/kaiji/request/form?kind=disclosure&file=${id}`);
  assert.equal(form.status, 200);
  assert.match(form.text, /<h1>開示請求の入力<\/h1>/);
  assert.match(form.text, /<textarea id="f-sought" name="sought"[^>]*>ＡＢＣ台帳テストファイル<\/textarea>/);
  assert.match(r.text, /<time datetime="2020-04-01">令和2年4月1日<\/time><\/td><td>届出<\/td>/);
  assert.match(r.headers['cache-control'], /^public/);
  assert.ok(r.headers.etag);
  const en = await get(`/kaiji/register/${id}?lang=en`);
  assert.match(en.text, /Request disclosure of my information in this file/);
  assert.match(en.text, /<time datetime="2020-04-01">Wed 1 April 2020<\/time><\/td><td>Notified<\/td>/);
});

test('detail of an abolished entry: the notice and the history, no request link', async () => {
  const id = ids['廃止予定テストファイル'];
  const r = await get(`/kaiji/register/${id}`);
  assert.equal(r.status, 200);
  assert.match(r.text, /このファイルは廃止されました。廃止日：令和7年3月31日/);
  assert.match(r.text, /<td>廃止<\/td><td>事務の終了<\/td>/);
  assert.doesNotMatch(r.text, /request\?file=/);
});

test('-bad- detail of a missing or malformed id → 404', async () => {
  for (const p of ['/kaiji/register/999999', '/kaiji/register/0', '/kaiji/register/abc', '/kaiji/register/01']) {
    const r = await get(p);
    assert.equal(r.status, 404, p);
  }
});

test('exports: CSV with a BOM and the JSON, with the list\'s filters; 304 on the ETag', async () => {
  const c = await get(`/kaiji/register.csv?department=${encodeURIComponent('試験課')}&abolished=1`);
  assert.equal(c.status, 200);
  assert.match(c.headers['content-type'], /^text\/csv; charset=utf-8/);
  assert.deepEqual([...c.body.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const lines = c.text.slice(1).trimEnd().split('\r\n');
  assert.match(lines[0], /^"id","name","agency","department","purpose"/);
  assert.equal(lines.length, 1 + 3);
  const j = await get(`/kaiji/register.json?department=${encodeURIComponent('試験課')}`);
  assert.match(j.headers['content-type'], /^application\/json/);
  const doc = JSON.parse(j.text);
  assert.equal(doc.register.kind, 'file_book');
  assert.deepEqual(doc.entries.map((e) => e.name).sort(), ['ＡＢＣ台帳テストファイル', 'ﾃｽﾄ用半角ｶﾅﾌｧｲﾙ'].sort());
  const abc = doc.entries.find((e) => e.name === 'ＡＢＣ台帳テストファイル');
  assert.equal(abc.sensitive, true);
  assert.equal(abc.start_date, '2020-04-01');
  assert.equal(abc.abolished_on, null);
  const kana = doc.entries.find((e) => e.agency === 'board_of_education');
  assert.equal(kana.remarks, '一行目\n二行目');
  const s = await get(`/kaiji/register.json?q=${encodeURIComponent('"特別" AND')}`);
  assert.deepEqual(JSON.parse(s.text).entries.map((e) => e.name), ['ﾃｽﾄ用半角ｶﾅﾌｧｲﾙ']);
  const again = await get(`/kaiji/register.json?department=${encodeURIComponent('試験課')}`,
    { headers: { 'If-None-Match': j.headers.etag } });
  assert.equal(again.status, 304);
});

function freshConfig() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiji-fresh-'));
  const cfg = path.join(dir, 'kaiji.hdf');
  fs.writeFileSync(cfg, `#include "${CONFIG}"\nKaiji.DataDir = ${path.join(dir, 'data')}\n${ownDatabase(CONFIG, dir)}`);
  const run = (...args) => spawnSync(path.join(BIN, 'kaijictl'), ['-c', cfg, ...args], { encoding: 'utf8' });
  const m = run('migrate');
  assert.equal(m.status, 0, m.stderr);
  return { dir, run };
}

function withoutUpdated(text) {
  // updated_on is when this database last changed the entry, not a field.
  const lines = text.replace(/^\ufeff/, '').trimEnd().split('\r\n');
  const header = lines[0].split(',');
  const col = header.indexOf('"updated_on"');
  return lines.map((l) => {
    const cells = [...l.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]);
    cells.splice(col, 1);
    return cells.join('\u0001');
  });
}

test('the CSV export imports back to the same entries (a fresh database, and this one)', async () => {
  const all = await get('/kaiji/register.csv?abolished=1');
  const f = tmpFile('export.csv', all.body);
  const fresh = freshConfig();
  const imp = fresh.run('register', 'import', f);
  assert.equal(imp.status, 0, imp.stderr);
  const back = fresh.run('register', 'export', '--all');
  assert.equal(back.status, 0, back.stderr);
  assert.deepEqual(withoutUpdated(back.stdout), withoutUpdated(all.text));
  fs.rmSync(fresh.dir, { recursive: true, force: true });
  const same = kaijictl('register', 'import', f);
  assert.match(same, /0 added, 0 changed, \d+ unchanged, 0 abolished/);
});

test('-bad- import: a bad row rejects the whole file, naming each line and column', async () => {
  const before = (await get(`/kaiji/register?q=${encodeURIComponent('取込拒否')}`)).text;
  assert.equal(rows(before).length, 0);
  const text = csv([
    HEADER,
    ['取込拒否テスト一', 'mayor', '試験課', '目的', '項目', '範囲', '方法', '0', 'electronic', '', '', ''],
    ['取込拒否テスト二', 'no_such_agency', '試験課', '目的', '項目', '範囲', '方法', '0', 'electronic', '', '', ''],
    ['取込拒否テスト三', 'mayor', '試験課', '複数行の\n目的', '項目', '範囲', '方法', 'たぶん', 'electronic', '', '', ''],
    ['取込拒否テスト四', 'mayor', '試験課', '目的', '項目', '範囲', '方法', '0', 'paper', '2024-02-30', '', ''],
    ['', 'mayor', '試験課', '目的', '項目', '範囲', '方法', '0', 'electronic', '', '', ''],
  ]);
  const f = tmpFile('bad.csv', text);
  const r = kaijictlResult('register', 'import', f);
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`${f}:3: column agency: not an agency`));
  assert.match(r.stderr, new RegExp(`${f}:4: column sensitive: not a yes/no value`));
  assert.match(r.stderr, new RegExp(`${f}:6: column file_type: not electronic or manual`));
  assert.match(r.stderr, new RegExp(`${f}:6: column start_date: not a date`));
  assert.match(r.stderr, new RegExp(`${f}:7: column name: required`));
  assert.doesNotMatch(r.stderr, /:2:/);
  assert.match(r.stderr, /nothing imported/);
  const after = await get(`/kaiji/register?q=${encodeURIComponent('取込拒否')}`);
  assert.equal(rows(after.text).length, 0, 'not even the good row');
});

test('-bad- import: unknown column, wrong cell count and a stray quote are named', () => {
  const f1 = tmpFile('cols.csv', 'name,agency,colour\r\n"x","mayor","red"\r\n"y","mayor"\r\n');
  const r1 = kaijictlResult('register', 'import', f1);
  assert.equal(r1.status, 1);
  assert.match(r1.stderr, new RegExp(`${f1}:1: column colour: unknown column`));
  assert.match(r1.stderr, new RegExp(`${f1}:3: wrong number of cells`));
  const f2 = tmpFile('quote.csv', 'name,agency\r\n"x","mayor"\r\nab"c,mayor\r\n');
  const r2 = kaijictlResult('register', 'import', f2);
  assert.equal(r2.status, 1);
  assert.match(r2.stderr, new RegExp(`${f2}:3: CSV syntax error`));
  const f3 = tmpFile('nohead.csv', 'name\r\n"x"\r\n');
  assert.match(kaijictlResult('register', 'import', f3).stderr, /column agency: required column missing/);
});

test('import reads Shift_JIS (as spreadsheet programs write it)', async () => {
  const utf8 = csv([HEADER, ['シフトJIS取込ファイル', '市長', '試験課', '文字コードの確認', '氏名', '対象者',
    '本人から', '0', 'electronic', '', '', '']]);
  const sjis = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'CP932'], { input: utf8 });
  assert.notDeepEqual(sjis, Buffer.from(utf8));
  const f = tmpFile('sjis.csv', sjis);
  const out = kaijictl('register', 'import', f);
  assert.match(out, /\(Shift_JIS\): 1 added/);
  const r = await get(`/kaiji/register?q=${encodeURIComponent('シフトJIS')}`);
  assert.deepEqual(rows(r.text).map((e) => e.name), ['シフトJIS取込ファイル']);
});

// Issue 16 item 8: the public CSV is opened in spreadsheets, which run a
// cell starting with = + - @ as a formula (CSV injection).
test('-bad- the public CSV guards cells that a spreadsheet would run as formulas', async () => {
  const f = tmpFile('formula.csv', csv([HEADER,
    ['=HYPERLINK("http://evil.example/","数式テスト")', 'mayor', '-2+3', '@SUM(1)', '氏名', '対象者', '+本人から', '無',
      'electronic', '', '', '2020-04-01']]));
  assert.match(kaijictl('register', 'import', f), /1 rows: 1 added/);
  const c = await get(`/kaiji/register.csv?department=${encodeURIComponent('-2+3')}`);
  assert.equal(c.status, 200);
  const line = c.text.split('\r\n').find((l) => l.includes('HYPERLINK'));
  assert.ok(line, 'the entry is in the export');
  assert.match(line, /,"'=HYPERLINK\(""http:\/\/evil\.example\/"",""数式テスト""\)","/);
  assert.match(line, /,"'-2\+3","'@SUM\(1\)",/);
  assert.match(line, /,"'\+本人から",/);
  assert.doesNotMatch(line, /,"[=+\-@]/, 'no cell starts with a formula character');
  // …and the export still imports to the very same entry.
  const back = tmpFile('back.csv', c.text);
  assert.match(kaijictl('register', 'import', back), /1 rows: 0 added, 0 changed, 1 unchanged/);
});

// Issue 23 item 20: readings made by MeCab at import, searched through the
// kana fold (half-width and full-width katakana, hiragana), exact counts.
function total(html) {
  const m = /^(\d+)件中/.exec(status(html));
  return m ? Number(m[1]) : (/見つかりません|ありません/.test(status(html)) ? 0 : NaN);
}

test('search by reading: ｶｲｺﾞ, カイゴ and かいご find the entry MeCab read at import; counts are exact', async () => {
  // a word of this run (letters: MeCab leaves them as written), so that a
  // stack that ran this file before still has one entry of each
  const run = Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
  const f = tmpFile('reading.csv', csv([
    ['name', 'agency', 'department', 'purpose', 'notified_on'],
    [`介護認定審査会読み試験記録${run}`, 'mayor', '読み試験課', '審査会の運営', '2024-04-01'],
    [`粗大ごみ読み試験台帳${run}`, 'mayor', '読み試験課', '収集の受付', '2024-04-01'],
    [`旧字読み試験簿${run}`, 'mayor', '読み試験課', '読みを人が付けた', '2024-04-01'],
  ]));
  assert.match(kaijictl('register', 'import', f), /3 rows: 3 added/);
  const exp = JSON.parse(kaijictl('register', 'export', '--json', '--query', run));
  const entries = exp.entries ?? exp;
  assert.equal(entries.length, 3);
  const kaigo = entries.find((e) => e.name === `介護認定審査会読み試験記録${run}`);
  assert.equal(kaigo.reading, `カイゴニンテイシンサカイヨミシケンキロク${run}`, 'the reading is stored beside the entry');
  for (const q of [`ｶｲｺﾞﾆﾝﾃｲｼﾝｻｶｲﾖﾐｼｹﾝｷﾛｸ${run}`, `カイゴニンテイシンサカイ ${run}`, `かいごにんてい ${run}`,
    `ｶｲｺﾞ ${run.toUpperCase()}`, `ｶｲｺﾞ ${run}`]) {
    const r = await get(`/kaiji/register?q=${encodeURIComponent(q)}`);
    assert.equal(total(r.text), 1, q);
    assert.equal(rows(r.text)[0].name, `介護認定審査会読み試験記録${run}`, q);
    if (!q.includes(' ')) // found by the reading alone: the reading is shown, marked
      assert.match(r.text, /<span class="excerpt-label">名称の読み（カタカナ）<\/span>：<mark>/, q);
  }
  // ゴミ, ｺﾞﾐ and ごみ are one word: the same entries, the same count
  const counts = [];
  for (const q of ['ゴミ', 'ｺﾞﾐ', 'ごみ']) {
    const r = await get(`/kaiji/register?q=${encodeURIComponent(q)}`);
    counts.push(total(r.text));
  }
  assert.ok(counts[0] >= 2, `ゴミ finds ごみ (${counts})`);
  assert.deepEqual(new Set(counts).size, 1, `ゴミ, ｺﾞﾐ and ごみ count alike: ${counts}`);
  const one = await get(`/kaiji/register?q=${encodeURIComponent(`粗大ｺﾞﾐ読み ${run}`)}`);
  assert.equal(total(one.text), 1);
  assert.equal(rows(one.text)[0].name, `粗大ごみ読み試験台帳${run}`);
  // a reading given in the CSV is kept, not replaced by MeCab's
  const g = tmpFile('reading2.csv', csv([
    ['id', 'name', 'agency', 'department', 'purpose', 'reading'],
    [String(entries.find((e) => e.name === `旧字読み試験簿${run}`).id), `旧字読み試験簿${run}`, 'mayor', '読み試験課', '読みを人が付けた', `フルジヨミシケンボ${run}`],
  ]));
  assert.match(kaijictl('register', 'import', g), /1 changed/);
  const kept = await get(`/kaiji/register?q=${encodeURIComponent(`ふるじよみしけんぼ${run}`)}`);
  assert.equal(total(kept.text), 1);
  const none = await get(`/kaiji/register?q=${encodeURIComponent(`ｶｲｺﾞﾆﾝﾃｲｼﾝｻｶｲﾅｼ ${run}`)}`);
  assert.equal(total(none.text), 0);
});

test('results: 表示する lands on #results; an entry keeps the search for 一覧に戻る', async () => {
  const r = await get(`/kaiji/register?q=${encodeURIComponent('テストファイル')}&sort=updated`);
  assert.match(r.text, /<form method="get" action="\/kaiji\/register#results" role="search"/);
  assert.match(r.text, /<h2 id="results">検索結果<\/h2>/);
  const link = /<tr><td><a href="(\/kaiji\/register\/\d+\?[^"]*)">/.exec(r.text)?.[1];
  assert.ok(link, 'an entry link with the search');
  const href = htmlUnescape(link);
  assert.match(href, /q=%E3%83%86%E3%82%B9%E3%83%88/);
  assert.match(href, /sort=updated/);
  const d = await get(href);
  assert.equal(d.status, 200);
  const back = htmlUnescape(/<a href="([^"]*)">一覧に戻る<\/a>/.exec(d.text)?.[1] ?? '');
  assert.match(back, /^\/kaiji\/register\?q=%E3%83%86%E3%82%B9%E3%83%88[^#]*sort=updated#results$/);
  const plain = await get(`/kaiji/register/${ids['ＡＢＣ台帳テストファイル']}`);
  assert.match(plain.text, /<a href="\/kaiji\/register">一覧に戻る<\/a>/, 'no search: the plain list');
});

test('the site\'s links to the register say its page\'s name', async () => {
  const top = await get('/kaiji/');
  const h1 = htmlUnescape(/<h1>([^<]*)<\/h1>/.exec((await get('/kaiji/register?lang=ja')).text)?.[1] ?? '');
  assert.ok(h1);
  assert.match(top.text, new RegExp(`<span class="action-title">${h1}を見る</span>`));
  assert.doesNotMatch(top.text, /\{簿\}/);
});

test('kaijictl pages: a city whose register has another name links to it by that name', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiji-pages-'));
  try {
    const config = path.join(dir, 'kaiji.hdf');
    fs.writeFileSync(config, `#include "${CONFIG}"\nKaiji.Profile = akabira\n`);
    execFileSync(path.join(BIN, 'kaijictl'), ['-c', config, 'pages', new URL('../../htdocs', import.meta.url).pathname, path.join(dir, 'out')], { encoding: 'utf8' });
    const top = fs.readFileSync(path.join(dir, 'out', 'index.html'), 'utf8');
    assert.match(top, /<span class="action-title">個人情報取扱事務登録簿を見る<\/span>/);
    const en = fs.readFileSync(path.join(dir, 'out', 'en', 'register.html'), 'utf8');
    assert.match(en, />Browse the Register of personal-information processing affairs<\/a>/);
    assert.doesNotMatch(top + en, /\{簿\}/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('everyday words of the profile: 認定調査 finds what 介護保険 finds, marked', async (t) => {
  const profile = /Kaiji\.Profile = (\w+)/.exec(fs.readFileSync(CONFIG, 'utf8'))?.[1];
  if (profile && profile !== 'yamagata') return t.skip(`the stack's profile is ${profile}`);
  const word = await get(`/kaiji/register?q=${encodeURIComponent('認定調査')}`);
  const other = await get(`/kaiji/register?q=${encodeURIComponent('介護保険')}`);
  assert.ok(total(other.text) >= 1);
  assert.equal(total(word.text), total(other.text), '認定調査 (yamagata.hdf City.Register.Synonyms) finds the 介護保険 entries');
  assert.match(word.text, /<mark>介護保険<\/mark>/);
  const none = await get(`/kaiji/register?q=${encodeURIComponent('認定調査 存在しない言葉')}`);
  assert.equal(total(none.text), 0, 'every word must still hold');
});

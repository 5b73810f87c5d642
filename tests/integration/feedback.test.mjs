// The page questionnaire through nginx: the block is on every static and
// dynamic page and posts its own path; answers from both kinds of page are
// stored and counted; a missing answer comes back in place with the other
// answer kept; foreign pages, robots, cross-site posts and floods are
// refused; comments are stored masked; no address or cookie is kept; the
// CSV export adds up to the posts made here.
//
// Each test posts from its own client address (127.X.Y.N) so that the
// per-client rate limit of one test does not reach another.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { get, post, inputs, htmlUnescape, kaijictl, kaijictlResult, CONFIG } from './lib.mjs';
import { database } from './db.mjs';
import { today } from './clock.mjs';

const HTDOCS = path.resolve('htdocs');
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
// Random per run, so that a rerun against the same stack within the hour
// does not meet its own earlier posts.
const NET = `127.${1 + Math.floor(Math.random() * 254)}.${Math.floor(Math.random() * 256)}`;
let nextClient = 0;

function client() {
  nextClient += 1;
  return `${NET}.${nextClient}`;
}

function send(fields, { ip = client(), headers = {} } = {}) {
  return post('/kaiji/feedback', fields, { headers: { ...FORM, ...headers }, localAddress: ip });
}

// The static pages: every .html under htdocs/ but the error documents.
function staticPages() {
  const out = [];
  const walk = (dir, rel) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory() && !(rel === '' && e.name === 'errors')) walk(path.join(dir, e.name), `${rel}${e.name}/`);
      else if (e.isFile() && e.name.endsWith('.html')) out.push(`/kaiji/${rel}${e.name === 'index.html' ? '' : e.name}`);
    }
  };
  walk(HTDOCS, '');
  return out.sort();
}

// {page: {responses, uyes, ...}} from kaijictl feedback export --summary.
function summary(...args) {
  const lines = kaijictl('feedback', 'export', '--summary', ...args).trim().split('\r\n');
  assert.equal(lines[0], 'page,responses,understandable_yes,understandable_neutral,understandable_no,findable_yes,findable_neutral,findable_no,comments');
  const out = {};
  for (const line of lines.slice(1)) {
    const m = /^"([^"]*)",(\d+),(\d+),(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)$/.exec(line);
    assert.ok(m, `summary row: ${line}`);
    const n = m.slice(2).map(Number);
    out[m[1]] = { responses: n[0], u: n.slice(1, 4), f: n.slice(4, 7), comments: n[7] };
  }
  return out;
}

function counts(s, page) {
  return s[page] ?? { responses: 0, u: [0, 0, 0], f: [0, 0, 0], comments: 0 };
}

const db = database(CONFIG);

const todayJst = today;

// The questionnaire's fields as a page carries them.
function block(html) {
  const i = inputs(html);
  const hidden = (n) => i.find((a) => a.type === 'hidden' && a.name === n)?.value;
  return {
    page: hidden('page'),
    lang: hidden('lang'),
    radios: i.filter((a) => a.type === 'radio').map((a) => `${a.name}=${a.value}`),
    required: i.filter((a) => a.type === 'radio' && 'required' in a).map((a) => a.name),
    honeypot: i.some((a) => a.name === 'website' && a.tabindex === '-1'),
  };
}

const RADIOS = ['understandable=yes', 'understandable=neutral', 'understandable=no',
  'findable=yes', 'findable=neutral', 'findable=no'];

// The block without what differs from page to page (csrf, page).
function blockMarkup(html) {
  const m = /<section class="feedback"[\s\S]*?<\/section>/.exec(html);
  assert.ok(m, 'a questionnaire block');
  return m[0].replace(/<input type="hidden" name="csrf" value="[^"]*">\n/, '')
    .replace(/(name="page" value=")[^"]*"/, '$1"');
}

test('every static page ends with the questionnaire posting its own path', async () => {
  const template = {
    ja: blockMarkup((await get('/kaiji/status?lang=ja')).text),
    en: blockMarkup((await get('/kaiji/status?lang=en')).text),
  };
  const pages = staticPages();
  assert.ok(pages.length >= 14, `static pages: ${pages.length}`);
  for (const p of pages) {
    const r = await get(p);
    assert.equal(r.status, 200, p);
    const b = block(r.text);
    assert.equal(b.page, p, `${p}: page field`);
    assert.match(r.text, /<form method="post" action="\/kaiji\/feedback">/, p);
    assert.deepEqual(b.radios, RADIOS, `${p}: answers`);
    assert.deepEqual(b.required, ['understandable', 'findable'], `${p}: required`);
    assert.ok(b.honeypot, `${p}: honeypot`);
    assert.match(r.text, /<textarea id="feedback-comment" name="comment" maxlength="500"/, p);
    assert.equal(blockMarkup(r.text), template[b.lang], `${p}: the same block as templates/feedback-block.cs`);
    if (p.startsWith('/kaiji/en/')) {
      assert.equal(b.lang, 'en', p);
      assert.match(r.text, /Was the content of this page easy to understand\?/, p);
      assert.match(r.text, /Was this page easy to find\?/, p);
      assert.match(r.text, /<span class="req">Required<\/span>/, p);
      assert.match(r.text, /We do not reply to comments\. Please do not write personal information/, p);
    } else {
      assert.equal(b.lang, 'ja', p);
      assert.match(r.text, /このページの内容は分かりやすかったですか？/, p);
      assert.match(r.text, /分かりやすかった<\/label>[\s\S]*どちらともいえない[\s\S]*分かりにくかった/, p);
      assert.match(r.text, /このページは見つけやすかったですか？/, p);
      assert.match(r.text, /見つけやすかった<\/label>[\s\S]*見つけにくかった/, p);
      assert.match(r.text, /<span class="req">※必須入力<\/span>/, p);
      assert.match(r.text, /回答はいたしません。.*個人情報は書かないでください/, p);
    }
  }
});

test('dynamic pages carry the questionnaire with their own path, in their language', async () => {
  for (const p of ['/kaiji/request', '/kaiji/status', '/kaiji/register', '/kaiji/feedback', '/kaiji/desk/login']) {
    const r = await get(p);
    const b = block(r.text);
    assert.equal(b.page, p, `${p}: page field`);
    assert.equal(b.lang, 'ja');
    assert.deepEqual(b.radios, RADIOS, `${p}: answers`);
    assert.match(r.text, /※必須入力/);
  }
  const en = await get('/kaiji/status?lang=en');
  assert.equal(block(en.text).lang, 'en');
  assert.match(en.text, /Was this page easy to find\?/);
});

test('a post from a dynamic page and one from a static page are stored and counted', async () => {
  const before = summary();
  const dyn = block((await get('/kaiji/status')).text);
  const r1 = await send({ page: dyn.page, lang: dyn.lang, understandable: 'no', findable: 'yes', comment: '', website: '' });
  assert.equal(r1.status, 200);
  assert.match(r1.text, /ご協力ありがとうございました/);
  assert.match(r1.text, /<a href="\/kaiji\/status">元のページへ戻る<\/a>/, 'the thanks page links back');
  assert.doesNotMatch(r1.text, /name="understandable"/, 'no questionnaire on the thanks page');
  assert.equal(r1.headers['set-cookie'].length, 0, 'no cookie');
  assert.equal(r1.headers['cache-control'], 'no-store');

  const st = block((await get('/kaiji/en/deadlines.html')).text);
  const r2 = await send({ page: st.page, lang: st.lang, understandable: 'neutral', findable: 'no', comment: 'Clear enough.' });
  assert.equal(r2.status, 200);
  assert.match(r2.text, /<html lang="en">/, 'thanks in the page\'s language');
  assert.match(r2.text, /Thank you for your answers/);
  assert.match(r2.text, /<a href="\/kaiji\/en\/deadlines.html">Back to the page<\/a>/);

  const after = summary();
  const s0 = counts(before, '/kaiji/status'), s1 = counts(after, '/kaiji/status');
  assert.equal(s1.responses - s0.responses, 1);
  assert.equal(s1.u[2] - s0.u[2], 1, 'understandable: no');
  assert.equal(s1.f[0] - s0.f[0], 1, 'findable: yes');
  const d0 = counts(before, '/kaiji/en/deadlines.html'), d1 = counts(after, '/kaiji/en/deadlines.html');
  assert.equal(d1.responses - d0.responses, 1);
  assert.equal(d1.u[1] - d0.u[1], 1);
  assert.equal(d1.f[2] - d0.f[2], 1);
  assert.equal(d1.comments - d0.comments, 1);
  const rows = kaijictl('feedback', 'export');
  assert.match(rows, /,"\/kaiji\/en\/deadlines.html","en","neutral","no","Clear enough\."\r\n/);
});

test('-bad- a missing answer: 422, the error in place, the other answer and the comment kept', async () => {
  const before = summary();
  const r = await send({ page: '/kaiji/fees.html', lang: 'ja', findable: 'neutral', comment: '料金の表が<見やすい>' });
  assert.equal(r.status, 422);
  assert.match(r.text, /アンケートの入力内容をご確認ください/);
  assert.match(r.text, /<div class="error" id="feedback-errors">[\s\S]*<a href="#feedback-understandable-yes">「このページの内容は分かりやすかったですか？」の答えを選んでください。<\/a>/, 'error listed at the top');
  assert.match(r.text, /<p class="field-error" id="feedback-understandable-error">/, 'error beside the question');
  assert.match(r.text, /<fieldset aria-describedby="feedback-understandable-error">/);
  assert.doesNotMatch(r.text, /feedback-findable-error/, 'no error for the answered question');
  const i = inputs(r.text);
  assert.ok('checked' in i.find((a) => a.name === 'findable' && a.value === 'neutral'), 'the given answer is checked');
  assert.ok(!i.some((a) => a.name === 'understandable' && 'checked' in a));
  assert.equal(i.find((a) => a.name === 'page').value, '/kaiji/fees.html', 'the page is kept');
  assert.match(r.text, /<textarea[^>]*>料金の表が&lt;見やすい&gt;<\/textarea>/, 'the comment is kept, escaped');
  const again = await send({ page: '/kaiji/fees.html', lang: 'ja', understandable: 'yes', findable: 'neutral' });
  assert.equal(again.status, 200, 'answering it then is accepted');
  const after = summary();
  assert.equal(counts(after, '/kaiji/fees.html').responses - counts(before, '/kaiji/fees.html').responses, 1,
    'only the complete post is stored');
});

test('-bad- a value that is not an answer counts as missing; a comment over 500 characters is refused in place', async () => {
  const r = await send({ page: '/kaiji/how.html', lang: 'en', understandable: 'maybe', findable: 'yes' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Please choose an answer to &quot;Was the content of this page easy to understand\?&quot;/);
  const long = 'あ'.repeat(501);
  const r2 = await send({ page: '/kaiji/how.html', lang: 'ja', understandable: 'yes', findable: 'yes', comment: long });
  assert.equal(r2.status, 422);
  assert.match(r2.text, /ご意見は500文字以内で入力してください。/);
  assert.match(r2.text, /aria-invalid="true"/);
  assert.ok(r2.text.includes(`>${long}</textarea>`), 'the long comment is shown again to shorten');
  // 500 characters typed with line breaks: the browser sends CR LF.
  const lines = `${'い'.repeat(98)}\r\n`.repeat(5);
  const r3 = await send({ page: '/kaiji/how.html', lang: 'ja', understandable: 'yes', findable: 'yes', comment: lines });
  assert.equal(r3.status, 200, 'CR LF counts as one character');
});

test('-bad- a page that is not ours is refused and nothing is stored', async () => {
  const n = db.value('SELECT COUNT(*) AS n FROM feedback');
  for (const page of ['https://evil.example/', '/kaiji/nope.html', '/kaiji/errors/50x.html', '/kaiji/../etc/passwd', '/other/', '']) {
    const r = await send({ page, lang: 'ja', understandable: 'yes', findable: 'yes' });
    assert.equal(r.status, 400, page);
    assert.match(r.text, /アンケートの対象のページが分かりません/, page);
  }
  assert.equal(db.value('SELECT COUNT(*) AS n FROM feedback'), n);
});

test('a comment with an e-mail address, a phone number and a postal code is stored masked', async () => {
  const marker = `mask-${Date.now().toString().replace(/\d/g, (d) => "abcdefghij"[d])}`;
  const comment = `${marker} 連絡先 taro.yamada@example.jp 電話 ０２３－６４１－１２１２ または 090-1234-5678、〒990-8540`;
  const r = await send({ page: '/kaiji/about.html', lang: 'ja', understandable: 'yes', findable: 'yes', comment });
  assert.equal(r.status, 200);
  const line = kaijictl('feedback', 'export').split('\r\n').find((l) => l.includes(marker));
  assert.ok(line, 'the row is exported');
  assert.ok(line.endsWith(`"${marker} 連絡先 ＊＊＊ 電話 ＊＊＊ または ＊＊＊、＊＊＊"`), line);
  assert.doesNotMatch(db.text('SELECT comment FROM feedback'), /example\.jp|641|1234-5678|8540/, 'nothing unmasked in the table');
});

test('no client address or cookie is kept: the rate limit holds only keyed hashes', async () => {
  const ip = client();
  await send({ page: '/kaiji/about.html', lang: 'ja', understandable: 'yes', findable: 'yes' }, { ip, headers: { Cookie: 'kaiji_csrf=abc; other=1' } });
  const dump = JSON.stringify([db.rows('SELECT * FROM feedback'), db.rows('SELECT * FROM throttle')]);
  assert.doesNotMatch(dump, /127\.\d+\.\d+\.\d+/, 'no address');
  assert.doesNotMatch(dump, /kaiji_csrf|other=1/, 'no cookie');
  const keys = db.column("SELECT DISTINCT key_hash FROM throttle WHERE bucket = 'feedback'");
  assert.ok(keys.every((k) => /^[0-9a-f]{64}$/.test(k)), 'keys are 64 hex characters');
  assert.deepEqual(db.columns('feedback'),
    ['id', 'page', 'lang', 'understandable', 'findable', 'comment', 'created_at']);
});

test('-bad- the rate limit answers 429 with a clear message after 10 posts an hour', async () => {
  const ip = client();
  const ok = { page: '/kaiji/appeal.html', lang: 'ja', understandable: 'yes', findable: 'yes' };
  for (let i = 0; i < 10; i++) assert.equal((await send(ok, { ip })).status, 200, `post ${i + 1}`);
  const r = await send(ok, { ip });
  assert.equal(r.status, 429);
  assert.match(r.text, /短い時間に多くの回答が送られました/);
  assert.match(r.text, /1時間ほどおいてから/);
  const en = await send({ ...ok, lang: 'en' }, { ip });
  assert.equal(en.status, 429);
  assert.match(en.text, /Too many answers in a short time/);
  assert.equal((await send(ok)).status, 200, 'another client is not limited');
});

test('-bad- the honeypot and cross-site posts are refused; same-origin posts pass', async () => {
  const n = db.value('SELECT COUNT(*) AS n FROM feedback');
  const bot = await send({ page: '/kaiji/how.html', lang: 'ja', understandable: 'yes', findable: 'yes', website: 'http://spam.example' });
  assert.equal(bot.status, 400);
  assert.match(bot.text, /回答を受け付けられませんでした/);
  assert.match(bot.text, /<a href="\/kaiji\/how.html">元のページへ戻る<\/a>/);
  const cross = await send({ page: '/kaiji/how.html', lang: 'ja', understandable: 'yes', findable: 'yes' },
    { headers: { 'Sec-Fetch-Site': 'cross-site', Origin: 'null' } });
  assert.equal(cross.status, 403);
  assert.match(cross.text, /この操作は受け付けられません/);
  assert.equal(db.value('SELECT COUNT(*) AS n FROM feedback'), n, 'neither stored');
  const same = await send({ page: '/kaiji/how.html', lang: 'ja', understandable: 'yes', findable: 'yes' },
    { headers: { 'Sec-Fetch-Site': 'same-origin', Origin: 'null' } });
  assert.equal(same.status, 200, 'Origin: null with same-origin is fine');
});

test('kaijictl feedback export: CSV totals equal the posts this test made; date range; bad dates', async () => {
  const page = '/kaiji/en/register.html';
  const before = counts(summary(), page);
  const rowsBefore = kaijictl('feedback', 'export').split('\r\n').filter((l) => l.includes(`"${page}"`)).length;
  const posts = [['yes', 'yes'], ['yes', 'no'], ['no', 'neutral'], ['neutral', 'neutral'], ['yes', 'yes']];
  for (const [u, f] of posts) {
    const r = await send({ page, lang: 'en', understandable: u, findable: f, comment: u === 'no' ? 'hard, "quoted", =1+1' : '' });
    assert.equal(r.status, 200);
  }
  const today = todayJst();
  const after = counts(summary('--from', today, '--to', today), page);
  const all = counts(summary(), page);
  assert.equal(all.responses - before.responses, posts.length, 'responses');
  const tally = (i, v) => posts.filter((p) => p[i] === v).length;
  assert.deepEqual(all.u.map((n, k) => n - before.u[k]), [tally(0, 'yes'), tally(0, 'neutral'), tally(0, 'no')]);
  assert.deepEqual(all.f.map((n, k) => n - before.f[k]), [tally(1, 'yes'), tally(1, 'neutral'), tally(1, 'no')]);
  assert.equal(all.comments - before.comments, 1);
  assert.ok(after.responses >= posts.length, 'today\'s range holds them');
  const rows = kaijictl('feedback', 'export').split('\r\n').filter((l) => l.includes(`"${page}"`));
  assert.equal(rows.length - rowsBefore, posts.length, 'one answer row per post');
  assert.ok(rows.some((l) => l.endsWith('"hard, ""quoted"", =1+1"')), 'quotes doubled');
  assert.equal(counts(summary('--from', '2000-01-01', '--to', '2000-12-31'), page).responses, 0, 'a past range is empty');
  const bad = kaijictlResult('feedback', 'export', '--from', '2026-13-01');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /YYYY-MM-DD/);
  assert.equal(kaijictlResult('feedback', 'export', '--from', '2026-05-02', '--to', '2026-05-01').status, 2, '-bad- from after to');
  assert.equal(kaijictlResult('feedback', 'bogus').status, 2, '-bad- unknown subcommand');
});

test('the feedback program serves the next request after every refusal', async () => {
  const r = await get('/kaiji/feedback');
  assert.equal(r.status, 200);
  assert.match(r.text, /ページのアンケート/);
});

// The request form through nginx: every kind and agent type under two
// contrasting profiles (Yamagata: the national law; Bibai: an ordinance
// with 削除 and 中止), a counter-only city (Minato), and the bad input of
// the issue. The default stack is Yamagata; Bibai and Minato run in stacks
// started here and stopped at the end.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { get, post, cookieJar, formToken, multipart, inputs, htmlUnescape, BASE, VAR, BIN, CONFIG } from './lib.mjs';
import { database } from './db.mjs';
import { day } from './clock.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

// ---- a site: the default stack or one started here ----

function site(base, varDir) {
  return {
    base,
    var: varDir,
    config: path.join(varDir, 'kaiji.hdf'),
    db: database(path.join(varDir, 'kaiji.hdf')),
    vault: path.join(varDir, 'vault'),
    url: (p) => `${base}${p}`,
  };
}

const stacks = [];

// switches: profile lines to set, { 'Online': '1' }, as a city turns a
// switch of its profile (a copy of the profile in a conf dir of the test's).
function startStack(city, switches = {}, extraEnv = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kq-${city.slice(0, 3)}-`));
  const env = { ...process.env, KAIJI_VAR: dir, KAIJI_PORT: 'auto', KAIJI_CITY: city, KAIJI_DEMO: '1', KAIJI_BIN: BIN, ...extraEnv };
  if (Object.keys(switches).length) {
    const conf = path.join(dir, 'conf');
    fs.mkdirSync(path.join(conf, 'cities'), { recursive: true });
    let text = fs.readFileSync(path.join(ROOT, 'conf/cities', `${city}.hdf`), 'utf8');
    for (const [key, value] of Object.entries(switches)) {
      const re = new RegExp(`^(\\s*${key}(?: \\[[^\\]]*\\])?) = .*$`, 'm');
      assert.match(text, re, `${city}: ${key}`);
      text = text.replace(re, `$1 = ${value}`);
    }
    fs.writeFileSync(path.join(conf, 'cities', `${city}.hdf`), text);
    env.KAIJI_CONFDIR = conf;
  }
  const r = spawnSync(path.join(ROOT, 'tools/stack'), ['start'], { env, encoding: 'utf8', timeout: 60000 });
  stacks.push(dir);
  assert.equal(r.status, 0, `stack ${city}: ${r.stdout}${r.stderr}`);
  const port = fs.readFileSync(path.join(dir, 'port'), 'utf8').trim();
  return site(`http://127.0.0.1:${port}`, dir);
}

function stopStacks() {
  for (const dir of stacks.splice(0)) {
    spawnSync(path.join(ROOT, 'tools/stack'), ['stop'], { env: { ...process.env, KAIJI_VAR: dir }, timeout: 60000 });
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Read-only queries of a site's database; no request data goes into them.
function sql(s, query) {
  return s.db.rows(query);
}

function ctl(s, ...args) {
  return execFileSync(path.join(BIN, 'kaijictl'), ['-c', s.config, ...args], { timeout: 60000, maxBuffer: 64 << 20 });
}

// ---- documents ----

const JPEG = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), Buffer.from('JFIF\0'), crypto.randomBytes(3000)]);
const PNG = () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from('IHDR'), crypto.randomBytes(2000)]);
const PDF = () => Buffer.concat([Buffer.from('%PDF-1.7\n'), crypto.randomBytes(2500), Buffer.from('\n%%EOF\n')]);

// Today in Asia/Tokyo, and days before it, as the server counts.
const tokyoDay = day;

const AGENT_PROOF = { legal: 'family_register', voluntary: 'power_of_attorney' };

function fieldsFor(kind, agent, extra = {}) {
  const f = {
    kind,
    agency: 'mayor',
    department: '市民課',
    sought: `${kind} の対象となる私の記録`,
    name: '山田 花子',
    furigana: 'やまだ はなこ',
    postal: '９９０−８５４０',
    address: '山形市旅篭町二丁目3番25号',
    phone: '023-641-1212',
    email: 'hanako@example.jp',
    agent,
    resident_issued_on: tokyoDay(-3),
  };
  if (kind === 'disclosure') Object.assign(f, { method: 'copy_mail', medium: 'mono', units: '12' });
  if (kind === 'correction') Object.assign(f, { disclosure_received_on: tokyoDay(-10), wrong: '住所が旧住所のまま', should_be: '現住所に直す' });
  if (['suspension', 'deletion', 'cessation'].includes(kind)) {
    Object.assign(f, { follows_ref: '2026-000001', stop: '外部への提供をやめること', ground: kind === 'deletion' ? 'unlawful_acquisition' : 'outside_use' });
  }
  if (agent !== 'none') {
    Object.assign(f, {
      agent_relation: agent === 'legal' ? 'parent' : '',
      agent_name: '山田 一郎', agent_furigana: 'やまだ いちろう', agent_postal: '990-8540',
      agent_address: '山形市旅篭町1-1', agent_phone: '090-1234-5678', agent_email: '',
      // asked only where the city limits voluntary agents (美唄 規則6条)
      agent_reason: agent === 'voluntary' ? '本人が入院中のため' : '',
    });
  }
  return { ...f, ...extra };
}

function docsFor(agent) {
  const docs = [
    { kind: 'drivers_license', data: JPEG(), filename: 'license.jpg', contentType: 'image/jpeg' },
    { kind: 'resident_record', data: PDF(), filename: '住民票.pdf', contentType: 'application/pdf' },
  ];
  if (agent !== 'none') docs.push({ kind: AGENT_PROOF[agent], data: PNG(), filename: 'proof.png', contentType: 'image/png' });
  return docs;
}

function uploadParts(docs, first = 1) {
  const fields = {};
  const files = [];
  docs.forEach((d, i) => {
    fields[`dockind${first + i}`] = d.kind;
    files.push({ name: `doc${first + i}`, filename: d.filename, contentType: d.contentType, data: d.data });
  });
  return { fields, files };
}

async function openForm(s, jar, kind, query = '') {
  const r = await jar.get(s.url(`/kaiji/request/form?kind=${kind}${query}`));
  assert.equal(r.status, 200, `form of ${kind}`);
  return formToken(r.text);
}

async function postForm(s, jar, csrf, fields, docs = []) {
  const up = uploadParts(docs);
  const mp = multipart({ csrf, ...fields, ...up.fields }, up.files);
  return jar.post(s.url('/kaiji/request/form'), mp.body, { headers: { 'Content-Type': mp.contentType } });
}

function refAndCode(html) {
  const ref = /id="receipt-ref">(\d{4}-\d{6})</.exec(html)?.[1];
  const code = /id="receipt-code">([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})</.exec(html)?.[1];
  return { ref, code };
}

// The whole path: form → confirm → submit → receipt.
async function fileRequest(s, kind, agent, { extra = {}, docs = docsFor(agent), jar = cookieJar() } = {}) {
  const csrf = await openForm(s, jar, kind);
  const r = await postForm(s, jar, csrf, fieldsFor(kind, agent, extra), docs);
  assert.equal(r.status, 303, `${kind}/${agent}: ${errorsOf(r.text)}`);
  assert.equal(new URL(r.headers.location, s.base).pathname, '/kaiji/request/confirm');
  const confirm = await jar.get(s.url('/kaiji/request/confirm'));
  assert.equal(confirm.status, 200);
  const sub = await jar.post(s.url('/kaiji/request/submit'), { csrf: formToken(confirm.text) });
  assert.equal(sub.status, 303);
  const receipt = await jar.get(s.url('/kaiji/request/receipt'));
  assert.equal(receipt.status, 200);
  return { ...refAndCode(receipt.text), receipt: receipt.text, confirm: confirm.text, docs, jar };
}

function errorsOf(html) {
  return [...html.matchAll(/class="field-error"[^>]*>([^<]*)</g)].map((m) => m[1]).join(' | ');
}

function checkStored(s, filed, kind, agent) {
  const { ref, code, docs } = filed;
  assert.match(ref, /^\d{4}-\d{6}$/);
  assert.match(code, /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
  const [row] = sql(s, `SELECT * FROM request WHERE ref = '${ref}'`);
  assert.ok(row, `request ${ref} stored`);
  assert.equal(row.kind, kind);
  assert.equal(row.channel, 'online');
  assert.equal(row.state, 'received');
  assert.equal(row.requester_name, '山田 花子');
  assert.equal(row.code_hash.length, 64);
  assert.ok(!row.code_hash.includes(code.replace(/-/g, '')), 'only a hash of the code');
  const data = JSON.parse(row.data);
  assert.equal(data.agency, 'mayor');
  assert.equal(data.requester.postal, '990-8540', 'full-width postal code folded');
  assert.equal(data.lang, 'ja');
  if (agent === 'none') assert.equal(data.agent, undefined);
  else assert.equal(data.agent.type, agent);
  if (agent === 'voluntary') {
    assert.equal(data.agent.reason, s === bibai ? '本人が入院中のため' : undefined,
      'the special reason kept where the city asks it (美唄 規則6条1項ただし書), nowhere else');
  }
  if (kind === 'disclosure') assert.deepEqual(data.delivery, { method: 'copy_mail', medium: 'mono', units: 12, estimate_yen: 120 });
  if (kind === 'correction') assert.equal(data.correction.wrong, '住所が旧住所のまま');
  if (['suspension', 'deletion', 'cessation'].includes(kind)) assert.ok(data.suspension.ground);
  const events = sql(s, `SELECT kind, actor, visible FROM event WHERE request_id = ${row.id}`);
  assert.deepEqual(events, [{ kind: 'received', actor: 'citizen', visible: 1 }]);
  const stored = sql(s, `SELECT kind, mime, size, vault_name FROM document WHERE request_id = ${row.id} ORDER BY id`);
  assert.equal(stored.length, docs.length, 'one document row per upload');
  stored.forEach((d, i) => {
    assert.equal(d.kind, docs[i].kind);
    assert.equal(d.size, docs[i].data.length);
    const onDisk = fs.readFileSync(path.join(s.vault, d.vault_name));
    assert.ok(!onDisk.includes(docs[i].data.subarray(0, 64)), 'the vault holds no plain bytes');
    assert.notDeepEqual(onDisk, docs[i].data);
    assert.deepEqual(ctl(s, 'document', 'get', ref, String(i + 1)), docs[i].data, 'decrypts back');
  });
  const names = stored.map((d) => `'${d.vault_name}'`).join(',');
  assert.equal(sql(s, `SELECT COUNT(*) AS n FROM draft_file WHERE vault_name IN (${names})`)[0].n, 0, 'moved from the draft');
}

let yamagata, bibai, minato;

before(() => {
  yamagata = site(BASE, VAR);
  // 美唄's 規則6条 asks for the counter: kaiji's online form is off unless
  // the city turns it on, as here to file the ordinance's kinds online
  bibai = startStack('bibai', { Online: '1' });
  minato = startStack('minato');
});

after(stopStacks);

// ---- every kind, every agent type, two profiles ----

for (const [city, kinds] of [['yamagata', ['disclosure', 'correction', 'suspension']],
  ['bibai', ['disclosure', 'correction', 'deletion', 'cessation']]]) {
  for (const kind of kinds) {
    for (const agent of ['none', 'legal', 'voluntary']) {
      test(`${city}: ${kind} by ${agent === 'none' ? 'the person' : `a ${agent} agent`} → receipt, row, event, encrypted documents`, async () => {
        const s = city === 'yamagata' ? yamagata : bibai;
        const filed = await fileRequest(s, kind, agent);
        checkStored(s, filed, kind, agent);
        assert.match(filed.receipt, /請求を受け付けました/);
        assert.match(filed.receipt, /id="receipt-due" data-day="\d{4}-\d{2}-\d{2}">\d{4}年\d{1,2}月\d{1,2}日（.）</);
      });
    }
  }
}

test('the due date on the receipt is the calendar\'s (kaijictl calendar due)', async () => {
  const filed = await fileRequest(yamagata, 'disclosure', 'none');
  const [row] = sql(yamagata, `SELECT received_on, due_on FROM request WHERE ref = '${filed.ref}'`);
  const out = ctl(yamagata, 'calendar', 'due', row.received_on, 'disclosure').toString();
  assert.ok(out.includes(row.due_on), `${out} has ${row.due_on}`);
  assert.match(filed.receipt, new RegExp(`id="receipt-due" data-day="${row.due_on}">`));
});

// 美唄市 規則6条1項ただし書: a voluntary agent only for a special reason
// the mayor accepts; the form asks for it, and refuses without it.
test('-bad- 美唄: a voluntary agent without the special reason is refused; the reason is asked, shown and kept', async () => {
  const form = await get(bibai.url('/kaiji/request/form?kind=disclosure'));
  assert.match(form.text, /<label for="f-agent_reason">任意代理人が請求する特別の理由<\/label>/);
  assert.match(form.text, /市長が判断します/);
  const y = await get(yamagata.url('/kaiji/request/form?kind=disclosure'));
  assert.doesNotMatch(y.text, /name="agent_reason"/, 'a city without the limit does not ask');
  const jar = cookieJar();
  const page = await jar.get(bibai.url('/kaiji/request/form?kind=disclosure'));
  const r = await postForm(bibai, jar, formToken(page.text), fieldsFor('disclosure', 'voluntary', { agent_reason: '' }), docsFor('voluntary'));
  assert.equal(r.status, 422, "the form again, with the error beside the field");
  assert.match(r.text, /<span class="field-error" id="e-agent_reason">/);
  const again = await postForm(bibai, jar, formToken(r.text), fieldsFor('disclosure', 'voluntary'), []);
  assert.equal(again.status, 303, errorsOf(again.text));
  const confirm = await jar.get(bibai.url('/kaiji/request/confirm'));
  assert.match(confirm.text, /任意代理人が請求する特別の理由[\s\S]{0,80}本人が入院中のため/, 'shown on the confirm step');
});

test('the start page explains each kind of the profile in one line', async () => {
  const y = await get(yamagata.url('/kaiji/request'));
  for (const k of ['disclosure', 'correction', 'suspension']) assert.match(y.text, new RegExp(`/kaiji/request/form\\?kind=${k}"`));
  assert.doesNotMatch(y.text, /kind=deletion/);
  const b = await get(bibai.url('/kaiji/request'));
  for (const k of ['deletion', 'cessation']) assert.match(b.text, new RegExp(`kind=${k}"`));
  assert.doesNotMatch(b.text, /kind=suspension/);
});

test('the form warns never to upload the back of the My Number card and marks required fields', async () => {
  const r = await get(yamagata.url('/kaiji/request/form?kind=disclosure'));
  assert.match(r.text, /裏面は、絶対にアップロードしないでください/);
  assert.match(r.text, /<label for="f-name">氏名 <span class="req">※必須<\/span>/);
  assert.match(r.text, /name="doc1"/);
});

test('English pages show the profile\'s notes in English; Japanese pages in Japanese', async () => {
  const yEn = await get(yamagata.url('/kaiji/request/form?kind=disclosure&lang=en'));
  assert.equal(yEn.status, 200);
  assert.match(yEn.text, /For details of the identity documents/, 'Yamagata\'s identity note in English');
  assert.doesNotMatch(yEn.text, /本人確認書類の詳細は/, '-bad- not the Japanese note on an English page');
  const yJa = await get(yamagata.url('/kaiji/request/form?kind=disclosure'));
  assert.match(yJa.text, /本人確認書類の詳細は/);
  assert.doesNotMatch(yJa.text, /For details of the identity documents/);
  const bEn = await get(bibai.url('/kaiji/request/form?kind=disclosure&lang=en'));
  assert.match(bEn.text, /when the person concerned is a minor or an adult ward/);
  assert.match(bEn.text, /write the address and name of the person concerned/);
  assert.doesNotMatch(bEn.text, /代理請求のときは|未成年者又は成年被後見人/);
});

test('?file=ID pre-fills what is sought and its agency from the register', async () => {
  const [entry] = sql(yamagata, "SELECT id, name, agency_id FROM register_entry WHERE agency_id = 'board_of_education' LIMIT 1");
  const r = await get(yamagata.url(`/kaiji/request/form?kind=disclosure&file=${entry.id}`));
  assert.match(r.text, new RegExp(`<textarea id="f-sought"[^>]*>${entry.name}</textarea>`));
  assert.match(r.text, /<option value="board_of_education" selected>/);
  const start = await get(yamagata.url(`/kaiji/request?file=${entry.id}`));
  assert.match(start.text, new RegExp(`kind=disclosure&amp;file=${entry.id}"`));
  for (const bad of ['999999999', '0', 'x1', `${entry.id}x`]) {
    const b = await get(yamagata.url(`/kaiji/request/form?kind=disclosure&file=${bad}`));
    assert.equal(b.status, 200, `-bad- file=${bad}`);
    assert.match(b.text, /<textarea id="f-sought"[^>]*><\/textarea>/, `-bad- file=${bad} pre-fills nothing`);
    assert.doesNotMatch(b.text, /<option value="board_of_education" selected>/);
  }
});

// ---- profile rules ----

test('-bad- Yamagata needs two documents without a photo; Bibai one', async () => {
  const only = [
    { kind: 'health_insurance', data: JPEG(), filename: 'hoken.jpg', contentType: 'image/jpeg' },
    { kind: 'resident_record', data: PDF(), filename: 'r.pdf', contentType: 'application/pdf' },
  ];
  for (const [s, ok] of [[yamagata, false], [bibai, true]]) {
    const jar = cookieJar();
    const csrf = await openForm(s, jar, 'disclosure');
    const r = await postForm(s, jar, csrf, fieldsFor('disclosure', 'none'), only);
    if (ok) assert.equal(r.status, 303, errorsOf(r.text));
    else {
      assert.equal(r.status, 422);
      assert.match(r.text, /id="e-documents">本人確認書類が足りません/);
    }
  }
});

test('-bad- an uploaded request needs a 住民票の写し issued within 30 days', async () => {
  const jar = cookieJar();
  const csrf = await openForm(yamagata, jar, 'disclosure');
  const docs = [{ kind: 'drivers_license', data: JPEG(), filename: 'l.jpg', contentType: 'image/jpeg' }];
  const r = await postForm(yamagata, jar, csrf, fieldsFor('disclosure', 'none', { resident_issued_on: tokyoDay(-31) }), docs);
  assert.equal(r.status, 422);
  assert.match(r.text, /id="e-documents_residence">住民票の写しを添付してください/);
  assert.match(r.text, /id="e-resident_issued_on">作成から30日以内/);
});

test('-bad- an agent without proof of authority is asked for it', async () => {
  const jar = cookieJar();
  const csrf = await openForm(yamagata, jar, 'disclosure');
  const r = await postForm(yamagata, jar, csrf, fieldsFor('disclosure', 'legal', { agent_relation: '' }), docsFor('none'));
  assert.equal(r.status, 422);
  assert.match(r.text, /id="e-documents_agent">/);
  assert.match(r.text, /id="e-agent_relation">/);
});

test('-bad- a correction after the 90-day window is refused with the last day', async () => {
  const jar = cookieJar();
  const csrf = await openForm(yamagata, jar, 'correction');
  const r = await postForm(yamagata, jar, csrf, fieldsFor('correction', 'none', { disclosure_received_on: tokyoDay(-200) }), docsFor('none'));
  assert.equal(r.status, 422);
  assert.match(r.text, /id="e-disclosure_received_on">請求できる期限（\d{4}-\d{2}-\d{2}）を過ぎています/);
  const r2 = await postForm(yamagata, jar, csrf, fieldsFor('correction', 'none', { disclosure_received_on: '', follows_ref: '' }), []);
  assert.match(r2.text, /開示を受けた日又は開示請求の受付番号を入力してください/);
});

// ---- the confirm step, back, drafts ----

test('back from confirm keeps every value and the uploaded files (not uploaded again)', async () => {
  const jar = cookieJar();
  const csrf = await openForm(yamagata, jar, 'disclosure');
  const docs = docsFor('none');
  const r = await postForm(yamagata, jar, csrf, fieldsFor('disclosure', 'none', { sought: '最初の内容' }), docs);
  assert.equal(r.status, 303);
  const back = await jar.get(yamagata.url('/kaiji/request/form'));
  assert.equal(back.status, 200);
  const byName = Object.fromEntries(inputs(back.text).filter((i) => i.name && i.type !== 'radio' && i.type !== 'checkbox').map((i) => [i.name, i.value]));
  assert.equal(byName.name, '山田 花子');
  assert.equal(byName.postal, '990-8540');
  assert.equal(byName.units, '12');
  assert.match(back.text, /<textarea id="f-sought"[^>]*>最初の内容<\/textarea>/);
  assert.match(back.text, /value="copy_mail" id="f-method-copy_mail" checked/);
  assert.match(back.text, /license\.jpg \(JPEG, 3 KB\)/);
  assert.match(back.text, /住民票\.pdf \(PDF, 3 KB\)/);
  // change one value, send no file: the kept files go on to the request
  const again = await postForm(yamagata, jar, formToken(back.text), fieldsFor('disclosure', 'none', { sought: '直した内容' }), []);
  assert.equal(again.status, 303, errorsOf(again.text));
  const confirm = await jar.get(yamagata.url('/kaiji/request/confirm'));
  assert.match(confirm.text, /直した内容/);
  assert.match(confirm.text, /license\.jpg/);
  const sub = await jar.post(yamagata.url('/kaiji/request/submit'), { csrf: formToken(confirm.text) });
  assert.equal(sub.status, 303);
  const { ref } = refAndCode((await jar.get(yamagata.url('/kaiji/request/receipt'))).text);
  checkStored(yamagata, { ...refAndCode((await jar.get(yamagata.url('/kaiji/request/receipt'))).text), docs }, 'disclosure', 'none');
  assert.ok(ref);
});

test('a kept file can be removed; its vault file goes', async () => {
  const jar = cookieJar();
  const csrf = await openForm(yamagata, jar, 'disclosure');
  await postForm(yamagata, jar, csrf, fieldsFor('disclosure', 'none'), docsFor('none'));
  const back = await jar.get(yamagata.url('/kaiji/request/form'));
  const remove = inputs(back.text).filter((i) => i.name === 'remove').map((i) => i.value);
  assert.equal(remove.length, 2);
  const [f] = sql(yamagata, `SELECT vault_name FROM draft_file WHERE id = ${Number(remove[0])}`);
  assert.ok(fs.existsSync(path.join(yamagata.vault, f.vault_name)));
  const r = await postForm(yamagata, jar, formToken(back.text), { ...fieldsFor('disclosure', 'none'), remove: remove[0] }, []);
  assert.equal(r.status, 422, 'the licence is gone: identity documents are missing');
  assert.match(r.text, /id="e-documents">/);
  assert.ok(!fs.existsSync(path.join(yamagata.vault, f.vault_name)), 'vault file deleted');
});

// Several web servers on one database keep identity documents in it
// (Kaiji.Vault = database, lib/vault.h): sealed as the files are, none on
// the server's disk, read back by every program and removed with their
// draft.
test('identity documents kept in the database: sealed rows, no files, read back, removed', async () => {
  const s = startStack('yamagata', {}, { KAIJI_CONFIG_EXTRA: 'Kaiji.Vault = database' });
  const filed = await fileRequest(s, 'disclosure', 'none');
  const stored = sql(s, `SELECT d.vault_name, d.size, ${s.db.hex('v.sealed')} AS sealed FROM document d
    JOIN request r ON r.id = d.request_id LEFT JOIN vault_file v ON v.name = d.vault_name
    WHERE r.ref = '${filed.ref}' ORDER BY d.id`);
  assert.equal(stored.length, 2, 'both documents are the request\'s');
  stored.forEach((d, i) => {
    assert.ok(d.sealed, `document ${i + 1} has its row in vault_file`);
    assert.ok(d.sealed.length / 2 > d.size, 'sealed: nonce and tag added');
    const plain = filed.docs[i].data.subarray(0, 32).toString('hex').toUpperCase();
    assert.ok(!d.sealed.includes(plain), 'the row holds no plain bytes');
  });
  assert.ok(!fs.existsSync(s.vault) || fs.readdirSync(s.vault).length === 0, 'nothing on the server\'s disk');
  for (const [i, doc] of filed.docs.entries()) {
    assert.ok(ctl(s, 'document', 'get', filed.ref, String(i + 1)).equals(doc.data), `document ${i + 1} reads back`);
  }

  const jar = cookieJar();
  const csrf = await openForm(s, jar, 'disclosure');
  await postForm(s, jar, csrf, fieldsFor('disclosure', 'none'), docsFor('none'));
  const back = await jar.get(s.url('/kaiji/request/form'));
  const remove = inputs(back.text).filter((i) => i.name === 'remove').map((i) => i.value);
  const [f] = sql(s, `SELECT vault_name FROM draft_file WHERE id = ${Number(remove[0])}`);
  const rows = (name) => sql(s, `SELECT COUNT(*) AS n FROM vault_file WHERE name = '${name}'`)[0].n;
  assert.equal(rows(f.vault_name), 1, 'a draft\'s file is a row too');
  await postForm(s, jar, formToken(back.text), { ...fieldsFor('disclosure', 'none'), remove: remove[0] }, []);
  assert.equal(rows(f.vault_name), 0, 'removed from the draft: its row is gone');
});

// A site moving to several web servers copies its documents into the
// database: kaijictl document copy-from, then every program reads them
// there.
test('kaijictl document copy-from moves a site\'s documents into the database vault', async () => {
  const filed = await fileRequest(yamagata, 'disclosure', 'none');
  const moved = path.join(yamagata.var, `vault-database-${process.pid}.hdf`);
  fs.writeFileSync(moved, `#include "${yamagata.config}"\nKaiji.Vault = database\n`);
  try {
    const first = ctl({ ...yamagata, config: moved }, 'document', 'copy-from', yamagata.vault).toString();
    assert.match(first, /^copied [1-9]\d*, already there \d+, missing from .* 0, failed 0$/m);
    const again = ctl({ ...yamagata, config: moved }, 'document', 'copy-from', yamagata.vault).toString();
    assert.match(again, /^copied 0, already there [1-9]\d*,/m, 'a second run copies nothing');
    for (const [i, doc] of filed.docs.entries()) {
      assert.ok(ctl({ ...yamagata, config: moved }, 'document', 'get', filed.ref, String(i + 1)).equals(doc.data),
        `document ${i + 1} opens from the database`);
    }
    const same = spawnSync(path.join(BIN, 'kaijictl'), ['-c', yamagata.config, 'document', 'copy-from', yamagata.vault], { encoding: 'utf8' });
    assert.equal(same.status, 1, '-bad- copying a vault into itself is refused');
    assert.match(same.stderr, /Kaiji\.Vault names already/);
  } finally {
    fs.rmSync(moved, { force: true });
  }
});

test('expired drafts are purged with their vault files at the next draft operation', async () => {
  const jar = cookieJar();
  const csrf = await openForm(yamagata, jar, 'disclosure');
  await postForm(yamagata, jar, csrf, fieldsFor('disclosure', 'none'), docsFor('none'));
  const names = sql(yamagata, 'SELECT vault_name FROM draft_file ORDER BY id DESC LIMIT 2').map((f) => f.vault_name);
  for (const n of names) assert.ok(fs.existsSync(path.join(yamagata.vault, n)));
  // Age every open draft (test-only write to the test stack's database).
  yamagata.db.exec('UPDATE draft SET expires_at = 1 WHERE request_id IS NULL');
  const other = cookieJar();
  await openForm(yamagata, other, 'disclosure'); // a draft operation: purges
  for (const n of names) assert.ok(!fs.existsSync(path.join(yamagata.vault, n)), 'vault file purged');
  assert.equal(sql(yamagata, 'SELECT COUNT(*) AS n FROM draft WHERE request_id IS NULL AND expires_at = 1')[0].n, 0);
  const confirm = await jar.get(yamagata.url('/kaiji/request/confirm'));
  assert.equal(confirm.status, 303, 'the expired draft is gone');
  const sub = await jar.post(yamagata.url('/kaiji/request/submit'), { csrf });
  assert.equal(sub.status, 410);
  assert.match(sub.text, /入力内容の保存期限が切れました/);
});

// ---- one request per draft ----

test('a reload or a double click files one request and shows the same receipt', async () => {
  const jar = cookieJar();
  const csrf = await openForm(yamagata, jar, 'disclosure');
  await postForm(yamagata, jar, csrf, fieldsFor('disclosure', 'none'), docsFor('none'));
  const confirm = await jar.get(yamagata.url('/kaiji/request/confirm'));
  const token = formToken(confirm.text);
  const before = sql(yamagata, 'SELECT COUNT(*) AS n FROM request')[0].n;
  const [a, b] = await Promise.all([
    jar.post(yamagata.url('/kaiji/request/submit'), { csrf: token }),
    jar.post(yamagata.url('/kaiji/request/submit'), { csrf: token }),
  ]);
  assert.equal(a.status, 303);
  assert.equal(b.status, 303);
  const again = await jar.post(yamagata.url('/kaiji/request/submit'), { csrf: token });
  assert.equal(again.status, 303);
  assert.equal(sql(yamagata, 'SELECT COUNT(*) AS n FROM request')[0].n, before + 1, 'one request');
  const r1 = refAndCode((await jar.get(yamagata.url('/kaiji/request/receipt'))).text);
  const r2 = refAndCode((await jar.get(yamagata.url('/kaiji/request/receipt'))).text);
  assert.deepEqual(r1, r2);
  assert.ok(r1.code, 'the same browser sees its code again');
  // Another browser has no draft: no receipt, no code.
  const stranger = await cookieJar().get(yamagata.url('/kaiji/request/receipt'));
  assert.equal(stranger.status, 303);
});

test('50 submissions in parallel: 50 distinct reference numbers, 50 rows', async () => {
  const before = sql(yamagata, 'SELECT COUNT(*) AS n FROM request')[0].n;
  const results = await Promise.all(Array.from({ length: 50 }, () => fileRequest(yamagata, 'disclosure', 'none')));
  const refs = new Set(results.map((r) => r.ref));
  assert.equal(refs.size, 50);
  assert.equal(sql(yamagata, 'SELECT COUNT(*) AS n FROM request')[0].n, before + 50);
  const rows = sql(yamagata, `SELECT ref FROM request WHERE ref IN (${[...refs].map((r) => `'${r}'`).join(',')})`);
  assert.equal(rows.length, 50);
  const seqs = sql(yamagata, 'SELECT year, seq FROM request ORDER BY year, seq');
  for (let i = 1; i < seqs.length; i++) {
    if (seqs[i].year === seqs[i - 1].year) assert.equal(seqs[i].seq, seqs[i - 1].seq + 1, 'sequential, no gap, no duplicate');
  }
});

// ---- bad input ----

test('-bad- a POST without the CSRF token → 403 and nothing stored', async () => {
  const jar = cookieJar();
  await openForm(yamagata, jar, 'disclosure');
  const files = fs.readdirSync(yamagata.vault).length;
  const drafts = sql(yamagata, 'SELECT COUNT(*) AS n FROM draft')[0].n;
  const r = await postForm(yamagata, jar, undefined, fieldsFor('disclosure', 'none'), docsFor('none'));
  assert.equal(r.status, 403);
  const r2 = await postForm(yamagata, jar, 'f'.repeat(64), fieldsFor('disclosure', 'none'), docsFor('none'));
  assert.equal(r2.status, 403);
  assert.equal(fs.readdirSync(yamagata.vault).length, files, 'no vault file');
  assert.equal(sql(yamagata, 'SELECT COUNT(*) AS n FROM draft')[0].n, drafts, 'no draft');
  // and at the submit step
  const good = cookieJar();
  const csrf = await openForm(yamagata, good, 'disclosure');
  await postForm(yamagata, good, csrf, fieldsFor('disclosure', 'none'), docsFor('none'));
  const requests = sql(yamagata, 'SELECT COUNT(*) AS n FROM request')[0].n;
  const bad = await good.post(yamagata.url('/kaiji/request/submit'), { csrf: '0'.repeat(64) });
  assert.equal(bad.status, 403);
  assert.equal(sql(yamagata, 'SELECT COUNT(*) AS n FROM request')[0].n, requests, 'no request');
});

test('-bad- a file over the limits → 413', async () => {
  const jar = cookieJar();
  const csrf = await openForm(yamagata, jar, 'disclosure');
  // over the parser's cap (Kaiji.Limits.FileBytes, 10 MiB): the 413 page
  const huge = [{ kind: 'drivers_license', data: Buffer.concat([JPEG(), Buffer.alloc(11 << 20)]), filename: 'big.jpg', contentType: 'image/jpeg' }];
  const r = await postForm(yamagata, jar, csrf, fieldsFor('disclosure', 'none'), huge);
  assert.equal(r.status, 413);
  assert.match(r.text, /送信されたデータが大きすぎます/);
  // over the profile's 5 MB: 413 with the form, the error beside the field
  const big = [{ kind: 'drivers_license', data: Buffer.concat([JPEG(), Buffer.alloc(6 << 20)]), filename: 'big.jpg', contentType: 'image/jpeg' }];
  const r2 = await postForm(yamagata, jar, csrf, fieldsFor('disclosure', 'none'), big);
  assert.equal(r2.status, 413);
  assert.match(r2.text, /id="e-doc1">ファイルが大きすぎます。5\.0MB以下/);
  assert.match(r2.text, /value="山田 花子"/, 'values kept');
  // more files than the profile allows (5)
  const six = Array.from({ length: 6 }, (_, i) => ({ kind: 'other', data: PNG(), filename: `p${i}.png`, contentType: 'image/png' }));
  const r3 = await postForm(yamagata, cookieJar(), csrf, fieldsFor('disclosure', 'none'), six);
  assert.equal(r3.status, 403, 'another browser: its token does not fit');
  const r4 = await postForm(yamagata, jar, csrf, fieldsFor('disclosure', 'none'), six);
  assert.equal(r4.status, 413);
  assert.match(r4.text, /id="e-documents_count">添付できるファイルは5個までです/);
});

test('-bad- the type is read from the content: a non-image named .jpg is refused on its field; a real PDF named .jpg is a PDF', async () => {
  const jar = cookieJar();
  const csrf = await openForm(yamagata, jar, 'disclosure');
  const fake = [{ kind: 'drivers_license', data: Buffer.from('GIF89a not a jpeg at all, and not a PDF either'), filename: 'license.jpg', contentType: 'image/jpeg' }];
  const r = await postForm(yamagata, jar, csrf, fieldsFor('disclosure', 'none'), fake);
  assert.equal(r.status, 422);
  assert.match(r.text, /id="e-doc1">JPEG、PNG又はPDFのファイルを選んでください/);
  assert.match(r.text, /aria-invalid="true"/);
  const renamed = [{ kind: 'drivers_license', data: PDF(), filename: 'license.jpg', contentType: 'image/jpeg' },
    { kind: 'resident_record', data: PDF(), filename: 'r.pdf', contentType: 'application/pdf' }];
  const ok = await postForm(yamagata, jar, csrf, fieldsFor('disclosure', 'none'), renamed);
  assert.equal(ok.status, 303, errorsOf(ok.text));
  const mimes = sql(yamagata, 'SELECT mime FROM draft_file ORDER BY id DESC LIMIT 2').map((f) => f.mime);
  assert.deepEqual(mimes, ['application/pdf', 'application/pdf']);
});

test('-bad- a field of 100,000 characters gets a clear error on the field, other values kept', async () => {
  const jar = cookieJar();
  const csrf = await openForm(yamagata, jar, 'disclosure');
  const r = await postForm(yamagata, jar, csrf, fieldsFor('disclosure', 'none', { sought: 'あ'.repeat(100000) }), docsFor('none'));
  assert.equal(r.status, 422);
  assert.match(r.text, /id="e-sought">4000文字以内で入力してください/);
  assert.match(r.text, /<li><a href="#f-sought">請求する個人情報<\/a>/, 'listed at the top');
  assert.match(r.text, /value="山田 花子"/);
  const r2 = await postForm(yamagata, jar, csrf, fieldsFor('disclosure', 'none', { name: 'x'.repeat(100000) }), []);
  assert.match(r2.text, /id="e-name">100文字以内で入力してください/);
});

test('-bad- invalid UTF-8 in a field → 400', async () => {
  const jar = cookieJar();
  const csrf = await openForm(yamagata, jar, 'disclosure');
  const mp = multipart({ csrf, kind: 'disclosure', name: Buffer.from([0x61, 0xc0, 0xaf]) });
  const r = await jar.post(yamagata.url('/kaiji/request/form'), mp.body, { headers: { 'Content-Type': mp.contentType } });
  assert.equal(r.status, 400);
  const r2 = await jar.post(yamagata.url('/kaiji/request/form'), Buffer.concat([Buffer.from(`csrf=${csrf}&kind=disclosure&sought=`), Buffer.from([0xed, 0xa0, 0x80])]),
    { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(r2.status, 400);
});

const HOSTILE = '<script>alert(1)</script>"onmouseover=alert(2) \'';

test('-bad- <script> and "onmouseover= come back escaped on the form, confirm and receipt; \' OR 1=1 -- is stored and shown exactly', async () => {
  const jar = cookieJar();
  const csrf = await openForm(yamagata, jar, 'correction');
  const free = ['department', 'sought', 'wrong', 'should_be', 'address', 'agent_name', 'agent_address'];
  const extra = { name: "' OR 1=1 --" };
  for (const f of free) extra[f] = `${f}${HOSTILE}`;
  // fields with a format: the error page shows them escaped
  const formatted = { postal: HOSTILE, phone: HOSTILE, email: HOSTILE, furigana: HOSTILE, follows_ref: HOSTILE, disclosure_received_on: HOSTILE, agent_relation: HOSTILE, agency: HOSTILE };
  const bad = await postForm(yamagata, jar, csrf, fieldsFor('correction', 'legal', { ...extra, ...formatted }), docsFor('legal'));
  assert.equal(bad.status, 422);
  assert.doesNotMatch(bad.text, /<script>alert/);
  assert.doesNotMatch(bad.text, /"onmouseover=/);
  assert.match(bad.text, /value="&lt;script&gt;alert\(1\)&lt;\/script&gt;&quot;onmouseover=alert\(2\) &#39;"/);
  const r = await postForm(yamagata, jar, csrf, fieldsFor('correction', 'legal', extra), []);
  assert.equal(r.status, 303, errorsOf(r.text));
  const confirm = await jar.get(yamagata.url('/kaiji/request/confirm'));
  assert.doesNotMatch(confirm.text, /<script>alert/);
  assert.doesNotMatch(confirm.text, /"onmouseover=/);
  for (const f of free) assert.ok(confirm.text.includes(`${f}&lt;script&gt;alert(1)&lt;/script&gt;&quot;onmouseover=alert(2) &#39;`), `${f} escaped on confirm`);
  assert.ok(confirm.text.includes('&#39; OR 1=1 --'));
  const sub = await jar.post(yamagata.url('/kaiji/request/submit'), { csrf: formToken(confirm.text) });
  assert.equal(sub.status, 303);
  const receipt = await jar.get(yamagata.url('/kaiji/request/receipt'));
  assert.doesNotMatch(receipt.text, /<script>alert/);
  assert.ok(receipt.text.includes('sought&lt;script&gt;alert(1)&lt;/script&gt;&quot;onmouseover=alert(2) &#39;'));
  assert.ok(receipt.text.includes('&#39; OR 1=1 --'));
  const { ref } = refAndCode(receipt.text);
  const [row] = sql(yamagata, `SELECT requester_name, data FROM request WHERE ref = '${ref}'`);
  assert.equal(row.requester_name, "' OR 1=1 --");
  const data = JSON.parse(row.data);
  assert.equal(data.sought, `sought${HOSTILE}`);
  assert.equal(data.agent.name, `agent_name${HOSTILE}`);
  assert.equal(htmlUnescape('&#39; OR 1=1 --'), "' OR 1=1 --");
});

// ---- a counter-only city ----

test('counter-only (Minato): the form prints a pre-filled 請求書; nothing is filed, no upload asked', async () => {
  const s = minato;
  const jar = cookieJar();
  const form = await jar.get(s.url('/kaiji/request/form?kind=deletion'));
  assert.equal(form.status, 200);
  assert.doesNotMatch(form.text, /type="file"/);
  assert.doesNotMatch(form.text, /enctype="multipart/);
  assert.match(form.text, /窓口で受け付けています/);
  const fields = fieldsFor('deletion', 'none', { resident_issued_on: '' });
  const r = await jar.post(s.url('/kaiji/request/form'), { csrf: formToken(form.text), ...fields });
  assert.equal(r.status, 200, errorsOf(r.text));
  assert.match(r.text, /入力内容の確認/);
  const hidden = Object.fromEntries(inputs(r.text).filter((i) => i.type === 'hidden').map((i) => [i.name, i.value]));
  assert.equal(hidden.name, '山田 花子');
  // back keeps the values
  const back = await jar.post(s.url('/kaiji/request/form'), { ...hidden, back: '1' });
  assert.equal(back.status, 200);
  assert.match(back.text, /value="山田 花子"/);
  assert.doesNotMatch(back.text, /class="field-error"/);
  const print = await jar.post(s.url('/kaiji/request/print'), hidden);
  assert.equal(print.status, 200);
  assert.match(print.text, /<h1>自己情報開示等請求書<\/h1>/, 'the profile\'s form name');
  assert.match(print.text, /<p class="sheet-to">港区長　様<\/p>/);
  assert.match(print.text, /山田 花子/);
  assert.match(print.text, /運転免許証/);
  assert.equal(sql(s, 'SELECT COUNT(*) AS n FROM request')[0].n, 0, 'no request');
  assert.equal(sql(s, 'SELECT COUNT(*) AS n FROM draft')[0].n, 0, 'no draft');
  const submit = await jar.post(s.url('/kaiji/request/submit'), { csrf: hidden.csrf });
  assert.equal(submit.status, 404);
  // errors still come back on the form
  const missing = await jar.post(s.url('/kaiji/request/print'), { ...hidden, name: '' });
  assert.match(missing.text, /id="e-name">入力してください/);
});

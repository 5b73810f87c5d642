// E-mail notices through the local SMTP sink (issue 18): each event of the
// issue's list gives exactly its mail (recipient, subject, body, ja and
// en); no mail holds the requester's name, address, access code, the
// request's content or a decision's reasons; the relay down and then up
// loses nothing; a 5xx answer fails for good and the desk says so; an
// address with a line break is refused on the form; a sender killed in
// the middle of a batch delivers every mail, at most one twice; the staff
// daily digest lists an agency's due-soon and overdue requests, once a
// day however many senders run.
//
// Its own stack (in $KAIJI_VAR/mail-stack) with KAIJI_MAIL_SINK=1, the
// mayor's staff address set, and mail send run by the test.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { today, addDays } from './clock.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PARENT = process.env.KAIJI_VAR ?? path.join(ROOT, 'var/test');
const MYVAR = path.join(PARENT, 'mail-stack');
const STAFF_MAIL = 'desk-mayor@city.kaiji.test';
fs.rmSync(MYVAR, { recursive: true, force: true });
fs.mkdirSync(MYVAR, { recursive: true });
const EXTRA = path.join(MYVAR, 'extra.hdf');
fs.writeFileSync(EXTRA, `City.Agency.mayor.StaffMail = ${STAFF_MAIL}\n`);
const STACK_ENV = {
  ...process.env,
  KAIJI_VAR: MYVAR,
  KAIJI_PORT: 'auto',
  KAIJI_DEMO: '1',
  KAIJI_MAIL_SINK: '1',
  KAIJI_STACK_CONF: EXTRA,
  KAIJI_BIN: process.env.KAIJI_BIN ?? path.join(ROOT, 'build/bin'),
};
function stackStop() {
  spawnSync(path.join(ROOT, 'tools/stack'), ['stop'], { env: STACK_ENV, encoding: 'utf8' });
}
const started = spawnSync(path.join(ROOT, 'tools/stack'), ['start'], { env: STACK_ENV, encoding: 'utf8', timeout: 60000 });
if (started.status !== 0) {
  stackStop();
  throw new Error(`mail stack did not start:\n${started.stdout}\n${started.stderr}`);
}
process.on('exit', stackStop);
after(stackStop);

process.env.KAIJI_URL = `http://127.0.0.1:${fs.readFileSync(path.join(MYVAR, 'port'), 'utf8').trim()}`;
process.env.KAIJI_VAR = MYVAR;
process.env.KAIJI_CONFIG = path.join(MYVAR, 'kaiji.hdf');
process.env.KAIJI_BIN = STACK_ENV.KAIJI_BIN;
const { cookieJar, formToken, multipart } = await import('./lib.mjs');
const { ctl, ctlResult, sql, sqlWrite, enter, show, staff, loginJar } = await import('./desk-lib.mjs');

const SINK = path.join(MYVAR, 'mailsink');
const OUT = path.join(MYVAR, 'mail');
const BASE = process.env.KAIJI_URL;

// What must never be in a mail.
const SECRET = {
  name: '秘密 太郎', address: '秘密県秘密市1-2-3', sought: '私の秘密の診療記録',
  reason: '第三者の秘密の事情', part: '秘密の欄',
};
const codes = [];

function requestData(lang, email = 'taro@example.jp') {
  return JSON.stringify({
    agency: 'mayor',
    requester: { name: SECRET.name, postal: '990-8540', address: SECRET.address, phone: '023-641-1212', email },
    sought: SECRET.sought,
    delivery: { method: 'copy_mail' },
    lang,
  });
}

function newCase(lang, email) {
  const [id, ref, code] = ctl(['case', 'enter', '--kind', 'disclosure', '--agency', 'mayor',
    '--channel', 'mail', '--name', SECRET.name, '--data', requestData(lang, email)]).trim().split(' ');
  codes.push(code);
  return { id: Number(id), ref, code };
}

function newCaseOf(agency, lang) {
  const data = JSON.parse(requestData(lang, ''));
  data.agency = agency;
  const [id, ref, code] = ctl(['case', 'enter', '--kind', 'disclosure', '--agency', agency,
    '--channel', 'mail', '--name', SECRET.name, '--data', JSON.stringify(data)]).trim().split(' ');
  codes.push(code);
  return { id: Number(id), ref, code };
}

function send() {
  return ctl(['mail', 'send']);
}

// Every mail the sink holds: file, recipient, headers, subject, body.
function decodeWords(s) {
  return s.replace(/\r\n /g, '').replace(/=\?UTF-8\?B\?([^?]*)\?=/gi,
    (_, b) => Buffer.from(b, 'base64').toString('utf8'));
}
function mails() {
  if (!fs.existsSync(OUT)) return [];
  return fs.readdirSync(OUT).filter((f) => f.endsWith('.eml')).sort().map((f) => {
    const raw = fs.readFileSync(path.join(OUT, f), 'utf8');
    const [head, ...rest] = raw.split('\r\n\r\n');
    const h = (name) => new RegExp(`^${name}: (.*(?:\\r\\n .*)*)`, 'm').exec(head)?.[1];
    return {
      file: f, raw, to: h('X-Sink-To'), subject: decodeWords(h('Subject') ?? ''),
      rawSubject: h('Subject'), messageId: h('Message-ID'), head, body: rest.join('\r\n\r\n'),
    };
  });
}
function mailsOf(ref) {
  return mails().filter((m) => m.subject.includes(`(${ref})`));
}
function rows(ref) {
  return sql(`SELECT m.* FROM mail_outbox m JOIN request r ON r.id = m.request_id WHERE r.ref = '${ref}' ORDER BY m.id`);
}
function fault(name, on) {
  const f = path.join(SINK, name);
  if (on) fs.writeFileSync(f, '');
  else fs.rmSync(f, { force: true });
}
function due() {
  sqlWrite("UPDATE mail_outbox SET next_try_at = '2000-01-01T00:00:00Z' WHERE state = 'queued'");
}

const SUBJECTS = {
  ja: {
    receipt: '請求を受け付けました', amend: '請求の補正をお願いします', extended: '決定の期限を延長しました',
    special: '決定の期限の特例を適用しました', decided: '請求に対する決定をしました', fee_due: '手数料のお支払いをお願いします',
    paid: 'お支払いを確認しました', sent: '写しを郵送しました', withdrawn: '請求の取下げを受け付けました',
    appeal: '審査請求を受け付けました', ready: '開示の準備ができました',
  },
  en: {
    receipt: 'Your request has been received', amend: 'Please amend your request',
    extended: 'The decision period has been extended', special: 'A longer period applies to your request',
    decided: 'A decision has been made on your request', fee_due: 'Please pay the fee',
    paid: 'Your payment has been confirmed', sent: 'The copies have been posted',
    withdrawn: 'Your withdrawal has been received', appeal: 'Your appeal has been received',
    ready: 'The disclosure is ready',
  },
};
const CITY = { ja: '山形市', en: 'Yamagata City' };

function checkMail(m, { to, lang, key, ref }) {
  assert.equal(m.to, to, `${key}: recipient`);
  assert.equal(m.subject, `[${CITY[lang]}] ${SUBJECTS[lang][key]} (${ref})`, `${key} subject`);
  assert.match(m.head, /^Content-Type: text\/plain; charset=UTF-8$/m);
  assert.match(m.head, /^MIME-Version: 1\.0$/m);
  assert.match(m.head, /^Date: [A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d \+0900$/m);
  assert.match(m.messageId, /^<kaiji\.\d+\.\d+@city\.kaiji\.test>$/);
  if (lang === 'ja') assert.match(m.rawSubject, /^=\?UTF-8\?B\?/, 'an encoded-word');
  assert.ok(m.body.includes(ref), `${key}: the reference number`);
  assert.ok(m.body.includes(`${BASE}/kaiji/status`), `${key}: the status page`);
}

// ---- the form ----

test('an address with a line break is refused on the form with a clear message; a good one is shown on the confirm step', async () => {
  const jar = cookieJar();
  const form = await jar.get('/kaiji/request/form?kind=disclosure');
  assert.equal(form.status, 200);
  const fields = {
    kind: 'disclosure', agency: 'mayor', sought: SECRET.sought, name: SECRET.name, furigana: 'ひみつ たろう',
    postal: '990-8540', address: SECRET.address, phone: '023-641-1212', agent: 'none',
    method: 'copy_mail', medium: 'mono', units: '1',
  };
  for (const bad of ['taro@example.jp\r\nBcc: all@example.jp', 'taro@example.jp\nX: y', 'a b@example.jp',
    'taro@exa mple.jp', '"q"@example.jp', 'taro@[127.0.0.1]', `${'a'.repeat(250)}@example.jp`]) {
    const mp = multipart({ csrf: formToken(form.text), ...fields, email: bad }, []);
    const r = await jar.post('/kaiji/request/form', mp.body, { headers: { 'Content-Type': mp.contentType } });
    assert.notEqual(r.status, 303, `refused: ${JSON.stringify(bad)}`);
    assert.equal(r.status, 422, `the form again: ${JSON.stringify(bad)}`);
    assert.match(r.text, bad.length > 254 ? /254文字以内/ : /メールアドレスの形式が正しくありません。hanako@example\.jp のように/,
      JSON.stringify(bad));
    assert.ok(!r.text.includes('Bcc: all@example.jp</'), 'no header text echoed as markup');
  }
  // With the identity documents an online request needs, a full-width
  // address is folded to ASCII and shown on the confirm step.
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), Buffer.from('JFIF\0'), crypto.randomBytes(3000)]);
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), crypto.randomBytes(2500), Buffer.from('\n%%EOF\n')]);
  const mp = multipart({
    csrf: formToken(form.text), ...fields, email: 'ｔａｒｏ@example.jp', resident_issued_on: addDays(today(), -3),
    dockind1: 'drivers_license', dockind2: 'resident_record',
  }, [
    { name: 'doc1', filename: 'license.jpg', contentType: 'image/jpeg', data: jpeg },
    { name: 'doc2', filename: 'resident.pdf', contentType: 'application/pdf', data: pdf },
  ]);
  const r = await jar.post('/kaiji/request/form', mp.body, { headers: { 'Content-Type': mp.contentType } });
  assert.equal(r.status, 303, 'accepted');
  const confirm = await jar.get('/kaiji/request/confirm');
  assert.equal(confirm.status, 200);
  assert.ok(confirm.text.includes('taro@example.jp'), 'the address on the confirm step');
  const sub = await jar.post('/kaiji/request/submit', { csrf: formToken(confirm.text) });
  assert.equal(sub.status, 303);
  const receipt = await jar.get('/kaiji/request/receipt');
  const ref = /id="receipt-ref">(\d{4}-\d{6})</.exec(receipt.text)?.[1];
  const code = /id="receipt-code">([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})</.exec(receipt.text)?.[1];
  assert.ok(ref && code);
  codes.push(code);
  send();
  const got = mailsOf(ref);
  assert.deepEqual(got.map((m) => m.to).sort(), [STAFF_MAIL, 'taro@example.jp'].sort());
  checkMail(got.find((m) => m.to === 'taro@example.jp'), { to: 'taro@example.jp', lang: 'ja', key: 'receipt', ref });
});

// ---- each event and its mail ----

test('each event gives exactly its mail, in the request\'s language (ja and en), and staff hear theirs', () => {
  for (const lang of ['ja', 'en']) {
    const email = `taro-${lang}@example.jp`;
    const c = newCase(lang, email);
    const d = show(c.id);
    const t = today();
    ctl(['case', 'amend', c.ref, '--what', SECRET.reason, '--by', addDays(t, 14)]);
    ctl(['case', 'amended', c.ref]);
    ctl(['case', 'extend', c.ref, '--due', addDays(d.due_on ?? d.request?.due_on ?? t, 20), '--reason', SECRET.reason]);
    ctl(['case', 'decide', c.ref, '--decision', 'partial', '--withhold', `${SECRET.part}|third_person|${SECRET.reason}`,
      '--method', 'mail', '--purpose', '事務の執行']);
    ctl(['case', 'fee', c.ref, '--mono', '10']);
    const fee = sql(`SELECT amount_yen FROM fee WHERE request_id = ${c.id}`)[0].amount_yen;
    ctl(['case', 'pay', c.ref, '--via', 'counter', '--amount', String(fee)]);
    ctl(['case', 'appeal', c.ref]);
    const w = newCase(lang, email);
    ctl(['case', 'withdraw', w.ref]);
    send();
    const got = mailsOf(c.ref).filter((m) => m.to === email);
    const keys = ['receipt', 'amend', 'extended', 'decided', 'fee_due', 'paid', 'appeal'];
    assert.deepEqual(got.map((m) => m.subject), keys.map((k) => `[${CITY[lang]}] ${SUBJECTS[lang][k]} (${c.ref})`));
    keys.forEach((k, i) => checkMail(got[i], { to: email, lang, key: k, ref: c.ref }));
    assert.ok(got[1].body.includes(lang === 'ja' ? '補正の期限:' : 'Please answer by:'), 'the 補正 deadline');
    assert.match(got[4].body, new RegExp(`${fee}`), 'the amount due');
    const staffMails = mailsOf(c.ref).filter((m) => m.to === STAFF_MAIL).map((m) => m.subject);
    assert.deepEqual(staffMails, [`[山形市] 新しい請求があります (${c.ref})`, `[山形市] 補正がありました (${c.ref})`]);
    const wm = mailsOf(w.ref).filter((m) => m.to === email).map((m) => m.subject);
    assert.deepEqual(wm, [`[${CITY[lang]}] ${SUBJECTS[lang].receipt} (${w.ref})`, `[${CITY[lang]}] ${SUBJECTS[lang].withdrawn} (${w.ref})`]);
    assert.ok(rows(c.ref).every((r) => r.state === 'sent'));
  }
});

test('the special time limit (法84) and a disclosure ready to view give their mails', () => {
  const c = newCase('en', 'special@example.jp');
  ctl(['case', 'special', c.ref, '--rest-by', addDays(today(), 90), '--reason', SECRET.reason]);
  const v = newCase('ja', 'ready@example.jp');
  const slot = `${addDays(today(), 20)}T10:00`;
  ctl(['case', 'decide', v.ref, '--decision', 'full', '--method', 'view', '--slot', slot, '--place', '市役所', '--purpose', '事務の執行']);
  send();
  const sm = mailsOf(c.ref).filter((m) => m.to === 'special@example.jp');
  assert.deepEqual(sm.map((m) => m.subject.replace(/^\[.*?\] /, '')), [SUBJECTS.en.receipt, SUBJECTS.en.special].map((x) => `${x} (${c.ref})`));
  checkMail(sm[1], { to: 'special@example.jp', lang: 'en', key: 'special', ref: c.ref });
  assert.ok(sm[1].body.includes('Decision due by:') && sm[1].body.includes('The rest decided by:'), 'the days');
  const vm = mailsOf(v.ref).filter((m) => m.to === 'ready@example.jp');
  assert.deepEqual(vm.map((m) => m.subject.replace(/^\[.*?\] /, '')), [SUBJECTS.ja.receipt, SUBJECTS.ja.decided, SUBJECTS.ja.ready].map((x) => `${x} (${v.ref})`));
});

test('a request without an address gives the citizen no mail; staff still hear of it', () => {
  const c = newCase('ja', '');
  send();
  assert.deepEqual(rows(c.ref).map((r) => [r.recipient, r.template]), [['staff', 'new_request']]);
});

// ---- no personal data ----

test('no mail holds the name, address, content, reasons or an access code', () => {
  const all = mails();
  assert.ok(all.length >= 10, `mails written: ${all.length}`);
  for (const m of all) {
    const text = decodeWords(m.raw);
    for (const [what, s] of Object.entries(SECRET))
      assert.ok(!text.includes(s), `${m.file} holds the ${what}`);
    for (const code of codes) {
      assert.ok(!text.includes(code), `${m.file} holds an access code`);
      assert.ok(!text.includes(code.replace(/-/g, '')), `${m.file} holds an access code`);
    }
  }
  for (const f of fs.readdirSync(path.join(MYVAR, 'log'))) {
    const log = fs.readFileSync(path.join(MYVAR, 'log', f), 'utf8');
    if (f === 'mailsink.log') continue; // the sink is the recipient's side
    assert.ok(!log.includes('taro-ja@example.jp'), `${f} names an address`);
  }
});

// ---- faults ----

test('relay down, then up: nothing is lost, each mail goes once', () => {
  fault('down', true);
  const c = newCase('ja', 'down@example.jp');
  send();
  let r = rows(c.ref).find((x) => x.recipient === 'citizen');
  assert.equal(r.state, 'queued');
  assert.equal(r.attempts, 1);
  assert.ok(r.next_try_at > r.created_at, 'retried later');
  assert.ok(!r.last_error.includes('down@example.jp'));
  fault('4xx', true);
  fault('down', false);
  due();
  send();
  r = rows(c.ref).find((x) => x.recipient === 'citizen');
  assert.equal(r.state, 'queued', 'a 4xx is temporary');
  assert.equal(r.attempts, 2);
  fault('4xx', false);
  due();
  send();
  assert.ok(rows(c.ref).every((x) => x.state === 'sent'));
  assert.equal(mailsOf(c.ref).filter((m) => m.to === 'down@example.jp').length, 1);
});

test('a 5xx answer fails for good, is listed by kaijictl and shown on the desk\'s case page', async () => {
  fault('5xx', true);
  const c = newCase('ja', 'nobody@example.jp');
  send();
  fault('5xx', false);
  const r = rows(c.ref).find((x) => x.recipient === 'citizen');
  assert.equal(r.state, 'failed');
  assert.match(r.last_error, /^SMTP 550/);
  assert.ok(!r.last_error.includes('nobody@example.jp'));
  due();
  send();
  assert.equal(rows(c.ref).find((x) => x.recipient === 'citizen').state, 'failed', 'not sent again');
  const list = ctl(['mail', 'list', '--state', 'failed']);
  assert.ok(list.includes(c.ref));
  assert.ok(!list.includes('nobody@example.jp'), 'the list names no address');
  const jar = await loginJar(staff('clerk', ['mayor']));
  const page = await jar.get(`/kaiji/desk/case/${c.id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /id="mails-failed"/);
  assert.match(page.text, /data-state="failed" data-template="receipt" data-recipient="citizen"/);
  // kaijictl mail retry puts it back in the queue, and it goes.
  ctl(['mail', 'retry', String(r.id)]);
  send();
  assert.equal(rows(c.ref).find((x) => x.recipient === 'citizen').state, 'sent');
  assert.notEqual(ctlResult(['mail', 'retry', String(r.id)]).status, 0, 'only a failed mail is retried');
});

test('kill -9 in the middle of a batch: every mail delivered, at most one twice, with the same Message-ID', async () => {
  const refs = [];
  for (let i = 0; i < 12; i++) refs.push(newCase('en', `crash${i}@example.jp`).ref);
  const before = mails().length;
  const child = spawn(path.join(STACK_ENV.KAIJI_BIN, 'kaijictl'), ['-c', process.env.KAIJI_CONFIG, 'mail', 'send'], { stdio: 'ignore' });
  // Kill it once the sink has taken some but not all.
  const t0 = Date.now();
  while (mails().length - before < 3 && Date.now() - t0 < 20000) await new Promise((r) => setTimeout(r, 5));
  child.kill('SIGKILL');
  await new Promise((r) => child.on('exit', r));
  due();
  send();
  const crash = mails().slice(before).filter((m) => /^crash\d+@/.test(m.to));
  const byTo = new Map();
  for (const m of crash) byTo.set(m.to, [...(byTo.get(m.to) ?? []), m]);
  assert.equal(byTo.size, 12, 'every mail delivered');
  const twice = [...byTo.values()].filter((l) => l.length > 1);
  assert.ok(twice.length <= 1, `at most one twice: ${twice.length}`);
  for (const l of twice) assert.equal(l[0].messageId, l[1].messageId, 'the same Message-ID');
  for (const ref of refs) assert.ok(rows(ref).every((x) => x.state === 'sent'));
});

test('staff add the address of a paper request on the desk; a bad one is refused; the next mail goes there', async () => {
  const c = newCase('ja', '');
  const jar = await loginJar(staff('clerk', ['mayor']));
  let page = await jar.get(`/kaiji/desk/case/${c.id}`);
  assert.match(page.text, /id="form-mail_address"/);
  for (const bad of ['paper@example.jp\r\nBcc: all@example.jp', 'paper@@example.jp', 'not an address']) {
    const r = await jar.post(`/kaiji/desk/case/${c.id}/mail_address`, { csrf: formToken(page.text), email: bad });
    // A line break is bad input for any field (400); the rest is not an address (422).
    assert.equal(r.status, bad.includes('\r') ? 400 : 422, JSON.stringify(bad));
  }
  assert.equal(JSON.parse(sql(`SELECT data FROM request WHERE id = ${c.id}`)[0].data).requester.email, '');
  const r = await jar.post(`/kaiji/desk/case/${c.id}/mail_address`, { csrf: formToken(page.text), email: 'paper@example.jp' });
  assert.equal(r.status, 303);
  page = await jar.get(`/kaiji/desk/case/${c.id}`);
  assert.match(page.text, /value="paper@example.jp"/);
  ctl(['case', 'amend', c.ref, '--what', SECRET.reason, '--by', addDays(today(), 14)]);
  send();
  const got = mailsOf(c.ref).filter((m) => m.to === 'paper@example.jp');
  assert.deepEqual(got.map((m) => m.subject), [`[山形市] ${SUBJECTS.ja.amend} (${c.ref})`]);
  const ev = sql(`SELECT data FROM event WHERE request_id = ${c.id} AND kind = 'email_changed'`);
  assert.equal(ev.length, 1);
  assert.ok(!ev[0].data.includes('paper@'), 'the event does not keep the address');
});

test('two senders at once send each mail once', async () => {
  const refs = [];
  for (let i = 0; i < 8; i++) refs.push(newCase('ja', `twice${i}@example.jp`).ref);
  const before = mails().length;
  const run = () => new Promise((resolve) => {
    const child = spawn(path.join(STACK_ENV.KAIJI_BIN, 'kaijictl'), ['-c', process.env.KAIJI_CONFIG, 'mail', 'send'], { stdio: 'ignore' });
    child.on('exit', resolve);
  });
  await Promise.all([run(), run()]);
  const got = mails().slice(before).filter((m) => /^twice\d+@/.test(m.to));
  assert.equal(got.length, 8, 'each once');
  assert.equal(new Set(got.map((m) => m.to)).size, 8);
  for (const ref of refs) assert.ok(rows(ref).every((x) => x.state === 'sent'));
});

// ---- the staff daily digest (lib/digest.h) ----

test('the staff daily digest: each agency with an address hears of its due-soon and overdue requests once a day, without personal data, in its language', async () => {
  const BOARD = 'desk-board@city.kaiji.test';
  const FIRE = 'desk-fire@city.kaiji.test';
  // Cases of two agencies the stack gives no address: no staff row for them.
  const soon = newCaseOf('board_of_education', 'ja');
  const late = newCaseOf('board_of_education', 'ja');
  const far = newCaseOf('board_of_education', 'ja');
  const fire = newCaseOf('fire', 'en');
  for (const c of [soon, late, far, fire])
    assert.deepEqual(rows(c.ref).filter((r) => r.recipient === 'staff'), [], 'no staff mail without an address');
  // The digest goes on open days: the first one from today, and the next.
  const closed = new Set(ctl(['calendar', 'closed', today(), addDays(today(), 30)]).match(/\d{4}-\d{2}-\d{2}/g) ?? []);
  const openAfter = (d, n) => { for (let k = 0; k < n || closed.has(d);) { d = addDays(d, 1); if (!closed.has(d)) k++; } return d; };
  let day = today();
  while (closed.has(day)) day = addDays(day, 1);
  sqlWrite(`UPDATE request SET due_on = '${openAfter(day, 2)}' WHERE id = ${soon.id}`);
  sqlWrite(`UPDATE request SET due_on = '${addDays(day, -3)}' WHERE id IN (${late.id}, ${fire.id})`);
  sqlWrite(`UPDATE request SET due_on = '${openAfter(day, 6)}' WHERE id = ${far.id}`);
  // The hour passed whatever the time (00:00), the addresses set, the fire
  // department's staff read English; KAIJI_TODAY pins the sender's day.
  const conf = path.join(MYVAR, 'digest.hdf');
  fs.writeFileSync(conf, `#include "${process.env.KAIJI_CONFIG}"\nCity.StaffDigest.At = 00:00\n` +
    `City.StaffDigest.OpenDays = 5\nCity.Agency.board_of_education.StaffMail = ${BOARD}\n` +
    `City.Agency.fire.StaffMail = ${FIRE}\nCity.Agency.fire.StaffMailLang = en\n`);
  const sender = (d) => new Promise((resolve) => {
    const child = spawn(path.join(STACK_ENV.KAIJI_BIN, 'kaijictl'), ['-c', conf, 'mail', 'send'],
      { stdio: 'ignore', env: { ...process.env, KAIJI_TODAY: d } });
    child.on('exit', resolve);
  });
  const digests = (to) => mails().filter((m) => m.to === to && m.subject.includes(to === FIRE ? 'Requests due soon or overdue' : '期限の近い請求'));
  await sender(day);
  await sender(day);
  assert.equal(digests(BOARD).length, 1, 'the sender run twice: one digest');
  const [m] = digests(BOARD);
  assert.match(m.subject, /^\[山形市\] 期限の近い請求・過ぎた請求 \d+件 \(令和\d+年\d+月\d+日（[月火水木金]）\)$/);
  assert.ok(m.body.includes(`受付番号: ${soon.ref} 開示`), 'the due-soon request and its kind');
  assert.ok(m.body.includes(`受付番号: ${late.ref}`), 'the overdue request');
  assert.ok(!m.body.includes(far.ref), 'not one beyond 5 open days');
  assert.ok(!m.body.includes(fire.ref), 'not another agency\'s');
  assert.match(m.body, /決定の期限: 令和\d+年\d+月\d+日（[月火水木金]） あと2開庁日/, 'the due date in 和暦 with its weekday, the open days left');
  assert.match(m.body, /期限を3日過ぎています/, 'the days overdue');
  assert.ok(m.body.includes(`${BASE}/kaiji/desk/case/${soon.id}`), 'the desk\'s case page');
  assert.ok(m.body.indexOf(late.ref) < m.body.indexOf(soon.ref), 'by due date');
  const [e] = digests(FIRE);
  assert.ok(e, 'the fire department\'s digest');
  assert.match(e.subject, /^\[Yamagata City\] Requests due soon or overdue: \d+ \([A-Z][a-z]{2} \d{1,2} [A-Z][a-z]+ \d{4}\)$/);
  assert.ok(e.body.includes(`Reference number: ${fire.ref}`) && /- overdue by 3 day\(s\)/.test(e.body), 'in English');
  for (const x of [m, e]) {
    const text = decodeWords(x.raw);
    for (const [what, s] of Object.entries(SECRET)) assert.ok(!text.includes(s), `the digest holds the ${what}`);
    for (const c of [soon, late, far, fire]) assert.ok(!text.includes(c.code), 'the digest holds an access code');
    assert.ok(!text.includes('990-8540') && !text.includes('taro@example.jp'), 'no postal code, no address');
  }
  assert.match(ctl(['mail', 'list', '--state', 'sent']), new RegExp(`\\tboard_of_education ${day}\\tstaff\\tdigest\\tja\\tsent`));
  // The next open day: two senders at once, one digest each.
  const next = openAfter(day, 1);
  await Promise.all([sender(next), sender(next)]);
  assert.equal(digests(BOARD).length, 2, 'two senders at once: one more digest');
  assert.equal(digests(FIRE).length, 2);
  assert.equal(sql(`SELECT COUNT(*) AS n FROM mail_outbox WHERE template = 'digest' AND agency_id = 'board_of_education'`)[0].n, 2);
});

test('-bad- kaijictl check-config refuses a StaffMail that is not an address, a digest hour that is not a time, and a Kaiji.Mail block the sender would refuse', () => {
  const check = (lines) => {
    const conf = path.join(MYVAR, 'check.hdf');
    fs.writeFileSync(conf, `#include "${process.env.KAIJI_CONFIG}"\n${lines}\n`);
    return spawnSync(path.join(STACK_ENV.KAIJI_BIN, 'kaijictl'), ['-c', conf, 'check-config'], { encoding: 'utf8' });
  };
  const good = check('City.StaffDigest.At = 07:05\nCity.StaffDigest.OpenDays = 10\nCity.Agency.fire.StaffMailLang = en');
  assert.equal(good.status, 0, good.stderr);
  for (const [lines, msg] of [
    ['City.Agency.fire.StaffMail = desk@@city.kaiji.test', /City\.Agency\.fire\.StaffMail: not an e-mail address/],
    ['City.Agency.fire.StaffMailLang = fr', /StaffMailLang/],
    ['City.StaffDigest.At = 8:30', /City\.StaffDigest\.At: '8:30' is not a time/],
    ['City.StaffDigest.At = 24:00', /City\.StaffDigest\.At/],
    ['City.StaffDigest.OpenDays = 61', /City\.StaffDigest\.OpenDays/],
    ['Kaiji.Mail.Url = http://relay.city.kaiji.test', /Kaiji\.Mail\.Url: smtp:\/\/HOST/],
    ['Kaiji.Mail.Url = smtp://', /Kaiji\.Mail\.Url/],
    ['Kaiji.Mail.From = noreply', /Kaiji\.Mail\.From: not an e-mail address/],
    ['Kaiji.Mail.PasswordFile =', /Kaiji\.Mail\.User needs Kaiji\.Mail\.PasswordFile/],
  ]) {
    const r = check(lines);
    assert.notEqual(r.status, 0, lines);
    assert.match(r.stderr, msg, lines);
  }
});

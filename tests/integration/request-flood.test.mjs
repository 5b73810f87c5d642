// The request form's flood limits (issue 16 item 3) through nginx, on a
// stack of its own with small limits: per client (an address) new drafts
// per hour, upload bytes per hour and requests filed per day; and the
// total of live drafts, past which new drafts get a 503 page while those
// begun go on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { VAR, BIN, CookieJar, formToken, multipart } from './lib.mjs';
import { database } from './db.mjs';
import { day } from './clock.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const DIR = path.join(VAR, 'flood-stack');
const ENV = { ...process.env, KAIJI_VAR: DIR, KAIJI_PORT: 'auto', KAIJI_BIN: BIN, KAIJI_DEMO: '0',
  KAIJI_PAY_EMULATOR: '0',
  KAIJI_CONFIG_EXTRA: ['City.Flood.DraftsPerHour = 3', 'City.Flood.UploadMegabytesPerHour = 1',
    'City.Flood.RequestsPerDay = 1', 'City.Flood.LiveDraftMegabytes = 2'].join('\n') };
let base;

before(() => {
  fs.rmSync(DIR, { recursive: true, force: true });
  execFileSync(path.join(ROOT, 'tools/stack'), ['start'], { env: ENV, stdio: 'pipe' });
  base = `http://127.0.0.1:${fs.readFileSync(path.join(DIR, 'port'), 'utf8').trim()}`;
});

after(() => {
  spawnSync(path.join(ROOT, 'tools/stack'), ['stop'], { env: ENV, stdio: 'pipe' });
});

// A browser at one client address.
function client(addr) {
  const jar = new CookieJar();
  return {
    jar,
    get: (p) => jar.get(`${base}${p}`, { localAddress: addr }),
    post: (p, body, headers) => jar.post(`${base}${p}`, body, { localAddress: addr, headers }),
  };
}

const FIELDS = {
  kind: 'disclosure', agency: 'mayor', sought: '私の住民記録', name: '見本 太郎', furigana: 'みほん たろう',
  postal: '990-8540', address: '山形市旅篭町2-3-25', phone: '023-641-1212', agent: 'none',
  method: 'copy_mail', medium: 'mono', units: '1', dockind1: 'drivers_license', dockind2: 'resident_record',
};

function jpeg(bytes) {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(bytes - 4, 1)]);
}

async function postForm(c, fields, files = []) {
  const page = await c.get('/kaiji/request/form?kind=disclosure');
  const mp = multipart({ csrf: formToken(page.text), ...fields }, files);
  return c.post('/kaiji/request/form', mp.body, { 'Content-Type': mp.contentType });
}

test('-bad- new drafts per client and hour: the 4th from one address gets 429, another address is not slowed', async () => {
  const statuses = [];
  for (let i = 0; i < 4; i++) {
    const c = client('127.0.0.41'); // a fresh browser each time: a new draft each time
    statuses.push((await postForm(c, { kind: 'disclosure' })).status);
  }
  assert.ok(statuses.slice(0, 3).every((s) => s === 422 || s === 303), statuses.join(','));
  assert.equal(statuses[3], 429);
  const c = client('127.0.0.41');
  const r = await postForm(c, { kind: 'disclosure' });
  assert.match(r.text, /この端末からの送信が多すぎます/);
  assert.ok(!r.headers['set-cookie'].some((s) => s.startsWith('kaiji_draft=')), 'no draft made');
  const other = await postForm(client('127.0.0.42'), { kind: 'disclosure' });
  assert.ok(other.status === 422 || other.status === 303, `another client: ${other.status}`);
});

test('-bad- upload bytes per client and hour: past 1 MB the file is refused on the form, not stored', async () => {
  const c = client('127.0.0.43');
  const first = await postForm(c, FIELDS, [{ name: 'doc1', filename: 'a.jpg', contentType: 'image/jpeg', data: jpeg(700000) }]);
  assert.ok(first.status === 422 || first.status === 303, `first: ${first.status}`);
  const page = await c.get('/kaiji/request/form');
  const mp = multipart({ csrf: formToken(page.text), ...FIELDS },
    [{ name: 'doc2', filename: 'b.jpg', contentType: 'image/jpeg', data: jpeg(700000) }]);
  const second = await c.post('/kaiji/request/form', mp.body, { 'Content-Type': mp.contentType });
  assert.equal(second.status, 429);
  assert.match(second.text, /添付ファイルの送信が多すぎます/);
  assert.equal(database(path.join(DIR, 'kaiji.hdf')).value('SELECT COUNT(*) AS n FROM draft_file'), 1, 'only the first file is in the vault');
});

test('-bad- requests filed per client and day: the second from one address gets 429', async () => {
  const file = async (addr) => {
    const c = client(addr);
    const r = await postForm(c, { ...FIELDS, resident_issued_on: day(-2) }, [
      { name: 'doc1', filename: 'l.jpg', contentType: 'image/jpeg', data: jpeg(2000) },
      { name: 'doc2', filename: 'r.pdf', contentType: 'application/pdf', data: Buffer.from('%PDF-1.4\n%\n') },
    ]);
    assert.equal(r.status, 303, r.text.match(/class="field-error"[^>]*>[^<]*/g)?.join(' | '));
    const confirm = await c.get('/kaiji/request/confirm');
    return c.post('/kaiji/request/submit', `csrf=${formToken(confirm.text)}`, { 'Content-Type': 'application/x-www-form-urlencoded' });
  };
  assert.equal((await file('127.0.0.44')).status, 303, 'the first request is filed');
  const second = await file('127.0.0.44');
  assert.equal(second.status, 429);
  assert.match(second.text, /この端末からの送信が多すぎます/);
  assert.equal((await file('127.0.0.45')).status, 303, 'another client files its own');
});

test('-bad- live drafts over City.Flood.LiveDraftMegabytes: new drafts get a 503 page, begun ones go on', async () => {
  const begun = client('127.0.0.50');
  assert.ok([422, 303].includes((await postForm(begun, { kind: 'disclosure' })).status));
  for (let i = 0; i < 4; i++) {
    const c = client(`127.0.0.${51 + i}`);
    const r = await postForm(c, FIELDS, [{ name: 'doc1', filename: 'a.jpg', contentType: 'image/jpeg', data: jpeg(700000) }]);
    assert.ok([422, 303, 503].includes(r.status), `filler ${i}: ${r.status}`);
  }
  const late = await postForm(client('127.0.0.60'), { kind: 'disclosure' });
  assert.equal(late.status, 503);
  assert.match(late.text, /ただいまオンラインの請求が大変混み合っています/);
  assert.match(late.text, /窓口又は郵送/);
  const log = fs.readFileSync(path.join(DIR, 'log/request.log'), 'utf8');
  assert.match(log, /live drafts reached City\.Flood\.LiveDraftMegabytes/);
  const goesOn = await postForm(begun, FIELDS);
  assert.ok([422, 303].includes(goesOn.status), `a draft begun before goes on: ${goesOn.status}`);
});

// One stack per payment provider (tools/stack with KAIJI_PAY_EMULATOR=1)
// and what the payment tests do with it: the emulator over TLS, kaijictl
// against that stack's config, a request with its fee made through the
// real commands, the citizen's status lookup, desk staff. Shared by
// pay.test.mjs and pay-flow.test.mjs; each file names its stacks
// differently, since node --test runs the files at the same time.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import https from 'node:https';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { VAR, BIN, CookieJar, formToken } from './lib.mjs';
import { codeNow, parseEnrol } from './totp.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

// conf: HDF lines added to the stack's config (tools/stack KAIJI_STACK_CONF).
// profile: {key: value} lines of the city's profile changed in a copy
// (KAIJI_CONFDIR), e.g. { Provider: 'gmo' }.
export function startStack(name, city, { conf, profile } = {}) {
  const dir = path.join(VAR, `pay-${name}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const env = { ...process.env, KAIJI_VAR: dir, KAIJI_PORT: 'auto', KAIJI_DEMO: '1',
    KAIJI_CITY: city, KAIJI_PAY_EMULATOR: '1', KAIJI_BIN: BIN };
  if (profile) {
    const cd = path.join(VAR, `pay-${name}-conf`);
    fs.mkdirSync(path.join(cd, 'cities'), { recursive: true });
    let text = fs.readFileSync(path.join(ROOT, 'conf/cities', `${city}.hdf`), 'utf8');
    for (const [key, value] of Object.entries(profile)) {
      const re = new RegExp(`^(\\s*${key}(?: \\[[^\\]]*\\])?) = .*$`, 'm');
      assert.match(text, re, `${city}: ${key}`);
      text = text.replace(re, `$1 = ${value}`);
    }
    fs.writeFileSync(path.join(cd, 'cities', `${city}.hdf`), text);
    env.KAIJI_CONFDIR = cd;
  }
  if (conf) {
    fs.mkdirSync(VAR, { recursive: true });
    env.KAIJI_STACK_CONF = path.join(VAR, `pay-${name}.conf`);
    fs.writeFileSync(env.KAIJI_STACK_CONF, `${conf}\n`);
  }
  execFileSync(path.join(ROOT, 'tools/stack'), ['start'], { env, stdio: 'pipe' });
  const read = (f) => fs.readFileSync(path.join(dir, f), 'utf8').trim();
  return {
    dir, env, city, config: path.join(dir, 'kaiji.hdf'),
    base: `http://127.0.0.1:${read('port')}`,
    emu: `https://127.0.0.1:${read('emulator/port')}`,
    ca: fs.readFileSync(path.join(dir, 'emulator/ca.pem')),
  };
}

export function stopStack(st) {
  spawnSync(path.join(ROOT, 'tools/stack'), ['stop'], { env: st.env, stdio: 'pipe' });
  for (const f of fs.readdirSync(path.join(st.dir, 'log'))) {
    const text = fs.readFileSync(path.join(st.dir, 'log', f), 'utf8');
    assert.doesNotMatch(text, /ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:/, `${f}: sanitizer report`);
  }
}

// The emulator over TLS, trusting only the test CA.
export function emu(st, method, p, body) {
  const url = new URL(p, st.emu);
  const b = body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, ca: st.ca, agent: false,
      headers: b === null ? {} : { 'content-type': typeof body === 'string' ? 'application/x-www-form-urlencoded' : 'application/json', 'content-length': Buffer.byteLength(b) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let json = null;
        try { json = JSON.parse(text); } catch { /* a page */ }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(b ?? undefined);
  });
}

// The emulator's control API (tests/emulator): reset, state, idle, notify…
export const ctl = async (st, p, body) => (await emu(st, body === undefined ? 'GET' : 'POST', `/__emu/${p}`, body)).json;
// Waits until the emulator has delivered every notification it queued.
export const idle = (st) => ctl(st, 'idle');

export function kaijictl(st, ...args) {
  return spawnSync(path.join(BIN, 'kaijictl'), ['-c', st.config, ...args], { encoding: 'utf8', timeout: 60000 });
}

function kaijictlOk(st, ...args) {
  const r = kaijictl(st, ...args);
  assert.equal(r.status, 0, `kaijictl ${args.slice(0, 2).join(' ')}: ${r.stderr}`);
  return r.stdout;
}

// A disclosure request decided in full with a fee of `amount` yen, made as
// the city's staff make it: kaijictl case new, review, decide, fee (the
// amount as postage, which both provider cities charge at cost).
export function makeRequest(st, { amount = 300, agency = 'mayor' } = {}) {
  const [ref, code] = kaijictlOk(st, 'case', 'new', '--kind', 'disclosure', '--agency', agency,
    '--name', 'テスト 花子').trim().split(' ');
  kaijictlOk(st, 'case', 'review', ref);
  kaijictlOk(st, 'case', 'decide', ref, '--decision', 'full', '--method', 'copy', '--method', 'mail');
  assert.match(kaijictlOk(st, 'case', 'fee', ref, '--postage', String(amount)), new RegExp(`fee: ${amount}\\b`));
  const shown = JSON.parse(kaijictlOk(st, 'case', 'show', ref));
  return { ref, code, requestId: shown.id, agency };
}

// The citizen looks the request up on the status page, as anyone would:
// the form's CSRF token, the reference number and the access code. The
// jar then holds the lookup cookie that /kaiji/pay/ and the status view use.
export async function lookup(st, ref, code) {
  const jar = new CookieJar();
  const form = await jar.get(`${st.base}/kaiji/status`);
  assert.equal(form.status, 200, 'status form');
  const r = await jar.post(`${st.base}/kaiji/status`, { csrf: formToken(form.text), ref, code });
  assert.equal(r.status, 303, `status lookup of ${ref}: ${r.status}`);
  assert.ok(jar.cookie('kaiji_lookup'), 'the lookup cookie is set');
  return jar;
}

// A staff account on this stack; returns {login, password}, and for an
// admin (Kaiji.Desk.TotpRoles defaults to admin) its TOTP secret.
export function staff(st, role, agencies = []) {
  const login = `t-${crypto.randomBytes(4).toString('hex')}`;
  const password = `pw-${crypto.randomBytes(12).toString('hex')}`;
  const args = ['-c', st.config, 'staff', 'add', login, '--name', `Test ${role}`, '--role', role, '--password-stdin'];
  for (const a of agencies) args.push('--agency', a);
  execFileSync(path.join(BIN, 'kaijictl'), args, { input: `${password}\n`, encoding: 'utf8' });
  if (role !== 'admin') return { login, password };
  const e = enrol(st, login);
  return { login, password, totp: e.secret };
}

function enrol(st, login) {
  return parseEnrol(execFileSync(path.join(BIN, 'kaijictl'), ['-c', st.config, 'staff', 'totp', 'enrol', login], { encoding: 'utf8' }));
}

export async function loginJar(st, who) {
  const { login, password } = who;
  const jar = new CookieJar();
  const page = await jar.get(`${st.base}/kaiji/desk/login`);
  const fields = { csrf: formToken(page.text), login, password };
  if (who.totp) fields.code = codeNow(who, (login) => enrol(st, login));
  const r = await jar.post(`${st.base}/kaiji/desk/login`, fields);
  assert.equal(r.status, 303, `login ${login}: ${r.status}`);
  return jar;
}

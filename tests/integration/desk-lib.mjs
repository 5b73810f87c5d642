// Helpers for the desk's integration tests: staff accounts and requests
// made with kaijictl, a signed-in cookie jar, the steps of a case posted
// with the page's CSRF token, and what the citizen would see.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { BIN, CONFIG, cookieJar, formToken, get, post } from './lib.mjs';
import { database } from './db.mjs';
import { codeNow, parseEnrol } from './totp.mjs';
export { base32Decode, totpAt, totpStep, nextCode, codeNow, parseEnrol } from './totp.mjs';

// kaijictl with stdin and extra environment; returns stdout, throws on failure.
export function ctl(args, { input, env } = {}) {
  return execFileSync(path.join(BIN, 'kaijictl'), ['-c', CONFIG, ...args], {
    encoding: 'utf8',
    input: input ?? '',
    env: { ...process.env, ...env },
    timeout: 60000,
  });
}

export function ctlResult(args, { input, env } = {}) {
  const r = spawnSync(path.join(BIN, 'kaijictl'), ['-c', CONFIG, ...args], {
    encoding: 'utf8', input: input ?? '', env: { ...process.env, ...env }, timeout: 60000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// The stack's database (db.mjs, either engine).
export const db = database(CONFIG);

// A query on the stack's database: rows as objects.
export function sql(query) {
  return db.rows(query);
}

// A write, for tests that age a session.
export function sqlWrite(query) {
  db.exec(query);
}

export function uniq(prefix) {
  return `${prefix}-${crypto.randomBytes(4).toString('hex')}`;
}

// Enrols a login (kaijictl staff totp enrol): {secret, uri, recovery[]}.
export function totpEnrol(login) {
  return parseEnrol(ctl(['staff', 'totp', 'enrol', login]));
}

// A staff account; returns {login, password}, and totp (the base32
// secret) and recovery codes for an admin: Kaiji.Desk.TotpRoles defaults
// to admin, so an admin signs in with a code (pass totp: false to leave
// one out).
export function staff(role, agencies = [], prefix = 't', { totp = role === 'admin' } = {}) {
  const login = uniq(prefix);
  const password = `pw-${crypto.randomBytes(12).toString('hex')}`;
  const args = ['staff', 'add', login, '--name', `Test ${role}`, '--role', role, '--password-stdin'];
  for (const a of agencies) args.push('--agency', a);
  ctl(args, { input: `${password}\n` });
  if (!totp) return { login, password };
  const e = totpEnrol(login);
  return { login, password, totp: e.secret, recovery: e.recovery };
}

export async function loginJar(who) {
  const { login, password } = who;
  const jar = cookieJar();
  const page = await jar.get('/kaiji/desk/login');
  const fields = { csrf: formToken(page.text), login, password };
  if (who.totp) fields.code = codeNow(who, totpEnrol);
  const r = await jar.post('/kaiji/desk/login', fields);
  assert.equal(r.status, 303, `login ${login}: ${r.status}`);
  assert.equal(r.headers.location, '/kaiji/desk/');
  return jar;
}

// Today in Asia/Tokyo (KAIJI_TODAY when pinned) and date arithmetic.
import { addDays } from './clock.mjs';
export { today, addDays } from './clock.mjs';

// The city's closed days from `from` to `to` (kaijictl calendar closed), as a Set.
export function closedDays(from, to) {
  return new Set(ctl(['calendar', 'closed', from, to]).split('\n').filter(Boolean).map((l) => l.split(/\s/)[0]));
}

// The n-th open day after `from` (the inbox's "due soon" limit is the third).
export function openDayAfter(from, n) {
  const closed = closedDays(addDays(from, 1), addDays(from, n + 40));
  let d = from;
  for (let k = 0; k < n;) {
    d = addDays(d, 1);
    if (!closed.has(d)) k++;
  }
  return d;
}

// The first open day on or after `from`.
export function openOnOrAfter(from) {
  const closed = closedDays(from, addDays(from, 40));
  let d = from;
  while (closed.has(d)) d = addDays(d, 1);
  return d;
}

// A request keyed in with kaijictl case enter; returns {id, ref, code}.
export function enter({ kind = 'disclosure', agency = 'mayor', channel = 'online', name = '山田 太郎',
  received, docs = [], env } = {}) {
  const args = ['case', 'enter', '--kind', kind, '--agency', agency, '--channel', channel, '--name', name];
  if (received) args.push('--received', received);
  for (const d of docs) args.push('--doc', d);
  const [id, ref, code] = ctl(args, { env }).trim().split(' ');
  return { id: Number(id), ref, code };
}

export function show(id) {
  return JSON.parse(ctl(['case', 'show', String(id)]));
}

// What the citizen's status page shows: the visible events' kinds.
export function citizenEvents(id) {
  return show(id).events.filter((e) => e.visible).map((e) => e.kind);
}

// One step posted from the case page, with its CSRF token.
export async function act(jar, id, action, fields = {}) {
  const page = await jar.get(`/kaiji/desk/case/${id}`);
  assert.equal(page.status, 200, `case page ${id}`);
  return jar.post(`/kaiji/desk/case/${id}/${action}`, { csrf: formToken(page.text), ...fields });
}

// Steps that cannot be undone ask for a confirmation first (issue 23).
export const IRREVERSIBLE = ['decide', 'decide_rest', 'dismiss', 'withdraw', 'reissue'];

// An irreversible step confirmed as a clerk does: the first post shows the
// confirmation page (nothing done yet), its 確定する button posts again.
export async function confirmed(jar, id, action, fields = {}) {
  const first = await act(jar, id, action, fields);
  assert.equal(first.status, 200, `${action} on ${id}: the confirmation page`);
  assert.match(first.text, new RegExp(`id="confirm-what" data-action="${action}"`));
  return act(jar, id, action, { ...fields, confirm: '1' });
}

// The step must succeed: 303 back to the case page.
export async function ok(jar, id, action, fields = {}) {
  const r = IRREVERSIBLE.includes(action) ? await confirmed(jar, id, action, fields) : await act(jar, id, action, fields);
  const err = /data-error="([^"]*)"/.exec(r.text)?.[1];
  assert.equal(r.status, 303, `${action} on ${id}: ${r.status} ${err ?? ''}`);
  // back to the steps (#actions), where the next action is (issue 23)
  assert.equal(r.headers.location, `/kaiji/desk/case/${id}?done=${action}#actions`);
  return r;
}

// The step must be refused with status and the flow error's name.
export async function refused(jar, id, action, fields, status, error) {
  const r = await act(jar, id, action, fields);
  assert.equal(r.status, status, `${action} on ${id} refused with ${status}`);
  assert.match(r.text, new RegExp(`data-error="${error}"`), `${action}: ${error}`);
  return r;
}

// The citizen's status page: looked up with the reference number and the
// access code, as the citizen does.
export async function statusPage(ref, code) {
  const jar = cookieJar();
  const form = await jar.get('/kaiji/status');
  const r = await jar.post('/kaiji/status', { csrf: formToken(form.text), ref, code });
  assert.equal(r.status, 303, `status lookup of ${ref}`);
  return jar.get('/kaiji/status/view');
}

// Checks the citizen's view after a step: the visible events in the db
// hold the kinds expected so far (in order), and the status page, where it
// exists, shows the request.
export async function citizenSees(req, kinds) {
  const seen = citizenEvents(req.id);
  let at = 0;
  for (const k of kinds) {
    const i = seen.indexOf(k, at);
    assert.ok(i >= 0, `the citizen sees ${k} (has ${seen.join(', ')})`);
    at = i + 1;
  }
  const page = await statusPage(req.ref, req.code);
  assert.equal(page.status, 200, 'status page');
  assert.match(page.text, new RegExp(req.ref), 'the status page shows the request');
}

export { get, post };

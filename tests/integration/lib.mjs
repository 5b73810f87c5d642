// Helpers for kaiji's integration tests (Node 20 built-ins only).
//
// tests/run starts a stack and sets:
//   KAIJI_URL     http://127.0.0.1:PORT (no trailing slash)
//   KAIJI_VAR     absolute state directory (logs in $KAIJI_VAR/log)
//   KAIJI_BIN     directory of the programs and kaijictl
//   KAIJI_CONFIG  absolute path of $KAIJI_VAR/kaiji.hdf
//
// get/post never follow redirects and never throw on an HTTP error status:
// tests assert on {status, headers, text}.

import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';

export const BASE = (process.env.KAIJI_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
export const VAR = process.env.KAIJI_VAR ?? path.resolve('var');
export const BIN = process.env.KAIJI_BIN ?? path.resolve('build/bin');
export const CONFIG = process.env.KAIJI_CONFIG ?? path.join(VAR, 'kaiji.hdf');

const baseUrl = new URL(BASE);

// Lower-cased header names; set-cookie is always an array.
function headersOf(res) {
  const h = { ...res.headers };
  h['set-cookie'] = res.headers['set-cookie'] ?? [];
  return h;
}

function bodyToBuffer(body, headers) {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof URLSearchParams) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
    return Buffer.from(body.toString(), 'utf8');
  }
  if (typeof body === 'object') {
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
    return Buffer.from(formEncode(body), 'utf8');
  }
  throw new TypeError(`unsupported body type: ${typeof body}`);
}

// {a: '1', b: ['x', 'y']} → "a=1&b=x&b=y"
export function formEncode(fields) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) {
    for (const one of Array.isArray(v) ? v : [v]) p.append(k, String(one));
  }
  return p.toString();
}

function lowerKeys(obj) {
  const out = {};
  for (const [k, v] of Object.entries(obj ?? {})) out[k.toLowerCase()] = v;
  return out;
}

// One HTTP request; resolves {status, headers, text, body}.
// localAddress: the client address (127.0.0.2 … reach nginx on 127.0.0.1).
export function request(method, p, { headers = {}, body, timeout = 10000, localAddress } = {}) {
  const h = lowerKeys(headers);
  const buf = bodyToBuffer(body, h);
  if (method !== 'GET' && method !== 'HEAD') h['content-length'] ??= String(buf.length);
  const url = new URL(p, baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: h, timeout, agent: false, localAddress }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const b = Buffer.concat(chunks);
        resolve({ status: res.statusCode, headers: headersOf(res), text: b.toString('utf8'), body: b });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${p}: timed out after ${timeout} ms`)));
    req.on('error', reject);
    req.end(buf);
  });
}

export function get(p, opts = {}) {
  return request('GET', p, opts);
}

export function post(p, body, opts = {}) {
  return request('POST', p, { ...opts, body });
}

// Parses a raw HTTP/1.x response; complete is false until the whole body is in.
function parseRaw(raw) {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return { complete: false };
  const head = raw.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^HTTP\/\d\.\d (\d{3})/.exec(head[0]);
  const status = m ? Number(m[1]) : 0;
  const headers = { 'set-cookie': [] };
  for (const line of head.slice(1)) {
    const i = line.indexOf(':');
    if (i < 0) continue;
    const k = line.slice(0, i).trim().toLowerCase();
    const v = line.slice(i + 1).trim();
    if (k === 'set-cookie') headers[k].push(v);
    else headers[k] = k in headers ? `${headers[k]}, ${v}` : v;
  }
  let body = raw.subarray(end + 4);
  let complete = false;
  if ((status >= 100 && status < 200) || status === 204 || status === 304) {
    complete = true;
  } else if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const decoded = dechunk(body);
    complete = decoded !== null;
    if (complete) body = decoded;
  } else if (headers['content-length'] !== undefined) {
    const len = Number(headers['content-length']);
    complete = body.length >= len;
    body = body.subarray(0, len);
  }
  return { complete, status, headers, body };
}

// Decodes a chunked body; null while the last chunk has not arrived.
function dechunk(buf) {
  const parts = [];
  let pos = 0;
  for (;;) {
    const eol = buf.indexOf('\r\n', pos);
    if (eol < 0) return null;
    const size = parseInt(buf.subarray(pos, eol).toString('latin1'), 16);
    if (Number.isNaN(size)) return null;
    if (size === 0) return Buffer.concat(parts);
    if (buf.length < eol + 2 + size + 2) return null;
    parts.push(buf.subarray(eol + 2, eol + 2 + size));
    pos = eol + 2 + size + 2;
  }
}

// Sends exactly the given bytes (a malformed request, say) and reads the
// answer until it is complete, the server closes, or the timeout passes.
// The socket is not half-closed: nginx takes that for a client abort.
// Resolves {status, headers, text, body, raw, closed, timedOut}.
export function rawRequest(bytes, { timeout = 5000 } = {}) {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'latin1');
  return new Promise((resolve, reject) => {
    const chunks = [];
    let done = false;
    const sock = net.connect({ host: baseUrl.hostname, port: Number(baseUrl.port || 80) });
    const finish = (why) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      const raw = Buffer.concat(chunks);
      const r = parseRaw(raw);
      const body = r.body ?? Buffer.alloc(0);
      resolve({
        status: r.status ?? 0,
        headers: r.headers ?? { 'set-cookie': [] },
        body,
        text: body.toString('utf8'),
        raw,
        closed: why === 'close',
        timedOut: why === 'timeout',
      });
    };
    const timer = setTimeout(() => finish('timeout'), timeout);
    sock.on('connect', () => sock.write(buf));
    sock.on('data', (c) => {
      chunks.push(c);
      if (parseRaw(Buffer.concat(chunks)).complete) finish('complete');
    });
    sock.on('close', () => finish('close'));
    sock.on('error', (e) => {
      if (chunks.length > 0) finish('close');
      else if (!done) {
        done = true;
        clearTimeout(timer);
        reject(e);
      }
    });
  });
}

// Keeps cookies across requests: jar.get(path), jar.post(path, body) send
// and store them; jar.cookie(name) reads one. Name → value only: path and
// domain are ignored; Max-Age=0 or an expiry in the past removes a cookie.
export class CookieJar {
  constructor() {
    this.cookies = new Map();
  }

  update(res) {
    for (const line of res.headers['set-cookie'] ?? []) {
      const [pair, ...attrs] = line.split(';');
      const i = pair.indexOf('=');
      if (i < 0) continue;
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expired = attrs.some((a) => {
        const [k, v = ''] = a.split('=').map((s) => s.trim());
        if (/^max-age$/i.test(k)) return Number(v) <= 0;
        if (/^expires$/i.test(k)) return Date.parse(v) <= Date.now();
        return false;
      });
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  cookie(name) {
    return this.cookies.get(name);
  }

  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  withCookies(headers = {}) {
    const h = { ...headers };
    if (this.cookies.size > 0) h.cookie = this.header();
    return h;
  }

  async get(p, opts = {}) {
    return this.update(await get(p, { ...opts, headers: this.withCookies(opts.headers) }));
  }

  async post(p, body, opts = {}) {
    return this.update(await post(p, body, { ...opts, headers: this.withCookies(opts.headers) }));
  }
}

export function cookieJar() {
  return new CookieJar();
}

const entities = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'" };

export function htmlUnescape(s) {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e) => {
    const k = e.toLowerCase();
    if (k in entities) return entities[k];
    if (k.startsWith('#x')) return String.fromCodePoint(parseInt(k.slice(2), 16));
    if (k.startsWith('#')) return String.fromCodePoint(parseInt(k.slice(1), 10));
    return m;
  });
}

// Attributes of every <input> tag: [{type, name, value, ...}].
export function inputs(html) {
  const out = [];
  for (const m of html.matchAll(/<input\b([^>]*)>/gi)) {
    const attrs = {};
    for (const a of m[1].matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g)) {
      let v = a[2] ?? '';
      if (v.startsWith('"') || v.startsWith("'")) v = v.slice(1, -1);
      attrs[a[1].toLowerCase()] = htmlUnescape(v);
    }
    out.push(attrs);
  }
  return out;
}

// The CSRF token of the first form: <input type="hidden" name="csrf" value="...">;
// null when the page has none.
export function formToken(html) {
  const i = inputs(html).find((a) => a.type === 'hidden' && a.name === 'csrf');
  return i ? i.value : null;
}

// fields: {name: value | [values]}; files: [{name, filename, contentType, data}]
// or {name: {filename, contentType, data}}. Resolves {body, contentType}.
export function multipart(fields = {}, files = []) {
  const boundary = `----kaiji${crypto.randomBytes(12).toString('hex')}`;
  const parts = [];
  const quote = (s) => String(s).replace(/[\r\n"]/g, (c) => encodeURIComponent(c));
  for (const [k, v] of Object.entries(fields)) {
    for (const one of Array.isArray(v) ? v : [v]) {
      parts.push(Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${quote(k)}"\r\n\r\n`, 'utf8'));
      parts.push(Buffer.isBuffer(one) ? one : Buffer.from(String(one), 'utf8'));
      parts.push(Buffer.from('\r\n'));
    }
  }
  const list = Array.isArray(files)
    ? files
    : Object.entries(files).map(([name, f]) => ({ name, ...f }));
  for (const f of list) {
    const data = Buffer.isBuffer(f.data) ? f.data : Buffer.from(String(f.data ?? ''), 'utf8');
    parts.push(Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${quote(f.name)}"; ` +
      `filename="${quote(f.filename ?? 'file')}"\r\n` +
      `Content-Type: ${f.contentType ?? 'application/octet-stream'}\r\n\r\n`, 'utf8'));
    parts.push(data);
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

// Runs `kaijictl -c $KAIJI_CONFIG ARGS...`; returns stdout, throws on failure
// (the error carries status, stdout and stderr).
export function kaijictl(...args) {
  return execFileSync(path.join(BIN, 'kaijictl'), ['-c', CONFIG, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60000,
  });
}

// Same, for tests that expect failure: {status, stdout, stderr}.
export function kaijictlResult(...args) {
  const r = spawnSync(path.join(BIN, 'kaijictl'), ['-c', CONFIG, ...args], {
    encoding: 'utf8',
    timeout: 60000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// The log of one program ("request", "nginx-error", "access", ...); '' when absent.
export function readLog(name) {
  const file = path.join(VAR, 'log', name.endsWith('.log') ? name : `${name}.log`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (e.code === 'ENOENT') return '';
    throw e;
  }
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

// Fixtures for the payment tests: a request with a fee, and a citizen's
// lookup session (the cookie the status page sets after a lookup), made
// directly in the stack's database with the sqlite3 CLI, following
// docs/data.md. All such SQL is here, so that it can be switched to
// `kaijictl case new` and a POST to /kaiji/status once those exist.
//
// The lookup cookie's row holds a keyed BLAKE2b of the cookie (lib/token.c:
// crypto_kdf_derive_from_key then crypto_generichash); blake2b() below
// computes the same from the stack's secrets file. tokenHash() is checked
// against the CSRF token a page prints, so a mistake here fails loudly.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

// ---- BLAKE2b (RFC 7693) with key, salt and personalisation ----

const M64 = (1n << 64n) - 1n;
const IV = [0x6a09e667f3bcc908n, 0xbb67ae8584caa73bn, 0x3c6ef372fe94f82bn, 0xa54ff53a5f1d36f1n,
  0x510e527fade682d1n, 0x9b05688c2b3e6c1fn, 0x1f83d9abfb41bd6bn, 0x5be0cd19137e2179n];
const SIGMA = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
  [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4], [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
  [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13], [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
  [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11], [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
  [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5], [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0]];
const rotr = (x, n) => ((x >> n) | (x << (64n - n))) & M64;
const le64 = (b, i) => b.readBigUInt64LE(i);

function compress(h, block, t, last) {
  const m = Array.from({ length: 16 }, (_, i) => le64(block, i * 8));
  const v = [...h, ...IV];
  v[12] ^= t & M64;
  v[13] ^= t >> 64n;
  if (last) v[14] ^= M64;
  const G = (a, b, c, d, x, y) => {
    v[a] = (v[a] + v[b] + x) & M64; v[d] = rotr(v[d] ^ v[a], 32n);
    v[c] = (v[c] + v[d]) & M64; v[b] = rotr(v[b] ^ v[c], 24n);
    v[a] = (v[a] + v[b] + y) & M64; v[d] = rotr(v[d] ^ v[a], 16n);
    v[c] = (v[c] + v[d]) & M64; v[b] = rotr(v[b] ^ v[c], 63n);
  };
  for (let r = 0; r < 12; r++) {
    const s = SIGMA[r % 10];
    G(0, 4, 8, 12, m[s[0]], m[s[1]]); G(1, 5, 9, 13, m[s[2]], m[s[3]]);
    G(2, 6, 10, 14, m[s[4]], m[s[5]]); G(3, 7, 11, 15, m[s[6]], m[s[7]]);
    G(0, 5, 10, 15, m[s[8]], m[s[9]]); G(1, 6, 11, 12, m[s[10]], m[s[11]]);
    G(2, 7, 8, 13, m[s[12]], m[s[13]]); G(3, 4, 9, 14, m[s[14]], m[s[15]]);
  }
  for (let i = 0; i < 8; i++) h[i] ^= v[i] ^ v[i + 8];
}

export function blake2b(data, { outlen = 32, key = Buffer.alloc(0), salt, personal } = {}) {
  const h = [...IV];
  h[0] ^= 0x01010000n ^ (BigInt(key.length) << 8n) ^ BigInt(outlen);
  if (salt) { h[4] ^= le64(salt, 0); h[5] ^= le64(salt, 8); }
  if (personal) { h[6] ^= le64(personal, 0); h[7] ^= le64(personal, 8); }
  let input = Buffer.from(data);
  if (key.length) input = Buffer.concat([Buffer.concat([key], 128), input]);
  let t = 0n;
  let off = 0;
  while (input.length - off > 128) {
    t += 128n;
    compress(h, input.subarray(off, off + 128), t, false);
    off += 128;
  }
  const lastLen = input.length - off;
  t += BigInt(lastLen);
  compress(h, Buffer.concat([input.subarray(off)], 128), t, true);
  const out = Buffer.alloc(64);
  h.forEach((x, i) => out.writeBigUInt64LE(x, i * 8));
  return out.subarray(0, outlen);
}

// lib/token.h's purposes.
export const TOKEN = { CSRF: 1, ACCESS_CODE: 2, CLIENT: 3, SESSION: 4 };

export function tokenHash(varDir, purpose, data) {
  const master = fs.readFileSync(path.join(varDir, 'secrets'));
  const salt = Buffer.alloc(16);
  salt.writeBigUInt64LE(BigInt(purpose), 0);
  const personal = Buffer.concat([Buffer.from('kaiji___')], 16);
  const key = blake2b(Buffer.alloc(0), { key: master, salt, personal });
  return blake2b(Buffer.from(data), { key }).toString('hex');
}

// ---- SQL against the stack's database ----

export function sql(varDir, query) {
  return execFileSync('sqlite3', ['-cmd', '.timeout 5000', path.join(varDir, 'kaiji.db'), query],
    { encoding: 'utf8' }).trim();
}

const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

// A decided request with a fee in state feeState, and a lookup cookie for it.
export function makeCase(varDir, { amount = 300, feeState = 'due' } = {}) {
  const seq = 100000 + crypto.randomInt(800000);
  const ref = `2099-${seq}`;
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const ids = sql(varDir, `
    INSERT INTO request (ref, year, seq, kind, state, agency_id, channel, code_hash,
      received_on, due_on, requester_name, data, created_at, updated_at, decision, decided_on)
    SELECT ${q(ref)}, 2099, ${seq}, 'disclosure', 'decided', id, 'online', 'x',
      '2099-01-05', '2099-01-19', 'テスト', '{}', ${q(now)}, ${q(now)}, 'full', '2099-01-10'
      FROM agency ORDER BY id LIMIT 1;
    INSERT INTO fee (request_id, amount_yen, state, created_at)
      VALUES (last_insert_rowid(), ${amount}, ${q(feeState)}, ${q(now)});
    SELECT request_id || ' ' || id FROM fee WHERE id = last_insert_rowid();`);
  const [requestId, feeId] = ids.split(' ').map(Number);
  const cookie = crypto.randomBytes(32).toString('base64url');
  sql(varDir, `INSERT INTO lookup_session (id_hash, request_id, expires_at) VALUES
    (${q(tokenHash(varDir, TOKEN.SESSION, cookie))}, ${requestId}, ${Math.floor(Date.now() / 1000) + 1800})`);
  return { requestId, feeId, ref, cookie };
}

export function payments(varDir, feeId) {
  const out = sql(varDir, `SELECT order_id || '|' || state || '|' || amount_yen || '|' || provider_ref
    FROM payment WHERE fee_id = ${Number(feeId)} ORDER BY id`);
  return out ? out.split('\n').map((l) => {
    const [orderId, state, amount, ref] = l.split('|');
    return { orderId, state, amount: Number(amount), ref };
  }) : [];
}

export function feeState(varDir, feeId) {
  return sql(varDir, `SELECT state || '|' || COALESCE(paid_via, '') FROM fee WHERE id = ${Number(feeId)}`);
}

export function paymentEvents(varDir, orderId) {
  const out = sql(varDir, `SELECT e.kind || '|' || e.key || '|' || e.data FROM payment_event e
    JOIN payment p ON p.id = e.payment_id WHERE p.order_id = ${q(orderId)} ORDER BY e.id`);
  return out ? out.split('\n').map((l) => {
    const [kind, key, ...data] = l.split('|');
    return { kind, key, data: JSON.parse(data.join('|')) };
  }) : [];
}

export function caseEvents(varDir, requestId, kind) {
  return Number(sql(varDir, `SELECT COUNT(*) FROM event WHERE request_id = ${Number(requestId)}
    AND kind = ${q(kind)}`));
}

// Age a payment so that reconciliation looks at it.
export function agePayment(varDir, orderId, { expired = false } = {}) {
  sql(varDir, `UPDATE payment SET updated_at = '2000-01-01T00:00:00Z'
    ${expired ? ', expires_at = 1' : ''} WHERE order_id = ${q(orderId)}`);
}

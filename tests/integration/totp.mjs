// Two-step sign-in codes computed as an authenticator app does (lib/totp.h),
// for the tests that sign in as a staff member enrolled with
// `kaijictl staff totp enrol`.
import crypto from 'node:crypto';

// RFC 6238 as authenticator apps do it (HMAC-SHA1, 30 s, 6 digits), for
// the two-step sign-in (lib/totp.h).
export function base32Decode(s) {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, value = 0;
  const out = [];
  for (const ch of s.replace(/=+$/, '').toUpperCase()) {
    value = (value << 5) | abc.indexOf(ch);
    bits += 5;
    if (bits >= 8) { out.push((value >>> (bits - 8)) & 0xff); bits -= 8; }
  }
  return Buffer.from(out);
}

export function totpAt(secret, step, digits = 6) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const mac = crypto.createHmac('sha1', base32Decode(secret)).update(msg).digest();
  const off = mac[mac.length - 1] & 0x0f;
  const bin = mac.readUInt32BE(off) & 0x7fffffff;
  return String(bin % 10 ** digits).padStart(digits, '0');
}

export const totpStep = () => Math.floor(Date.now() / 1000 / 30);

// A code for the account not used yet: each step is good once per account
// and the server takes now ±1, so up to three sign-ins a step go at once;
// a fourth waits for the next step. The step before now only while it has
// 10 s or more to live (a busy server may take seconds to check the
// password first, and the step could pass meanwhile).
const lastStep = new Map();
// The code nextCode would give now, or null when the account has used
// every step the server would take.
function freeCode({ login, totp }) {
  const t = Date.now() / 1000;
  const now = Math.floor(t / 30);
  const used = lastStep.get(login) ?? -Infinity;
  const steps = t % 30 < 20 ? [now - 1, now, now + 1] : [now, now + 1];
  for (const s of steps) {
    if (s > used) { lastStep.set(login, s); return totpAt(totp, s); }
  }
  return null;
}

export async function nextCode(who) {
  for (;;) {
    const code = freeCode(who);
    if (code) return code;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

// A code at once, for tests that sign the same admin in many times: when
// every step in reach is used, `enrol(login)` (the stack's kaijictl staff
// totp enrol, parsed) gives the account a new secret, whose steps are all
// unused (lib/totp.c starts the last step afresh), instead of waiting up to
// 30 s for the next step. who.totp and who.recovery become the new ones.
export function codeNow(who, enrol) {
  const code = freeCode(who);
  if (code) return code;
  const e = enrol(who.login);
  who.totp = e.secret;
  who.recovery = e.recovery;
  lastStep.delete(who.login);
  return freeCode(who);
}

// What `kaijictl staff totp enrol` prints: {secret, uri, recovery[]}.
export function parseEnrol(out) {
  const uri = out.match(/^totp uri for \S+: (\S+)$/m)[1];
  const secret = out.match(/^totp secret for \S+: ([A-Z2-7]+)$/m)[1];
  const recovery = [...out.matchAll(/^ {2}(\S+)$/gm)].map((m) => m[1]);
  return { secret, uri, recovery };
}

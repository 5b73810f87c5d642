// The helpers in lib.mjs, checked against nginx and against known inputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rawRequest, formToken, multipart, cookieJar, formEncode, readLog } from './lib.mjs';

test('rawRequest reads a complete keep-alive answer', async () => {
  const r = await rawRequest('GET /kaiji/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  assert.equal(r.status, 200);
  assert.equal(r.timedOut, false);
  assert.equal(r.body.length, Number(r.headers['content-length']));
});

test('-bad- rawRequest: a malformed request line gets 400', async () => {
  const r = await rawRequest('GET /kaiji/ HTTP/1.1 trailing junk\r\n\r\n');
  assert.equal(r.status, 400);
});

test('formToken finds the hidden csrf input in any attribute order', () => {
  assert.equal(formToken('<form><input type="hidden" name="csrf" value="a&amp;b"></form>'), 'a&b');
  assert.equal(formToken("<INPUT value='t1' name=csrf type=hidden />"), 't1');
});

test('-bad- formToken: no token, or a visible one, gives null', () => {
  assert.equal(formToken('<form><input name="q" value="x"></form>'), null);
  assert.equal(formToken('<input type="text" name="csrf" value="x">'), null);
});

test('multipart builds parts with the boundary of its content type', () => {
  const m = multipart({ a: '1', b: ['x', 'y'] },
    [{ name: 'doc', filename: 'id.png', contentType: 'image/png', data: Buffer.from([0x89, 0x50]) }]);
  const boundary = /boundary=(.+)$/.exec(m.contentType)[1];
  const text = m.body.toString('latin1');
  assert.equal(text.split(`--${boundary}\r\n`).length - 1, 4);
  assert.ok(text.endsWith(`--${boundary}--\r\n`));
  assert.match(text, /name="doc"; filename="id.png"\r\nContent-Type: image\/png\r\n\r\n\x89P\r\n/);
});

test('cookieJar keeps, sends and expires cookies', () => {
  const jar = cookieJar();
  jar.update({ headers: { 'set-cookie': ['s=abc; Path=/kaiji; HttpOnly', 't=1'] } });
  assert.equal(jar.cookie('s'), 'abc');
  assert.equal(jar.header(), 's=abc; t=1');
  jar.update({ headers: { 'set-cookie': ['s=; Max-Age=0'] } });
  assert.equal(jar.cookie('s'), undefined);
  assert.equal(jar.header(), 't=1');
});

test('formEncode repeats array fields', () => {
  assert.equal(formEncode({ a: 'x y', b: ['1', '2'] }), 'a=x+y&b=1&b=2');
});

test('readLog reads the access log of this stack', () => {
  assert.match(readLog('access'), /"GET \/kaiji\/ HTTP\/1\.1" 200 /);
  assert.equal(readLog('no-such-log'), '');
});

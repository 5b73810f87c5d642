// The local stack itself: nginx serves the static pages and redirects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { get, rawRequest, BASE, VAR } from './lib.mjs';

test('static index /kaiji/ is Japanese HTML', async () => {
  const r = await get('/kaiji/');
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /^text\/html/);
  assert.match(r.text, /<html lang="ja"/);
});

test('/kaiji/static/kaiji.css is CSS', async () => {
  const r = await get('/kaiji/static/kaiji.css');
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /^text\/css/);
  assert.ok(r.body.length > 0, 'stylesheet is empty');
});

test('/kaiji redirects to /kaiji/', async () => {
  const r = await get('/kaiji');
  assert.equal(r.status, 301);
  assert.equal(new URL(r.headers.location, BASE).pathname, '/kaiji/');
});

test('-bad- unknown static path is 404', async () => {
  const r = await get('/kaiji/no-such-page.html');
  assert.equal(r.status, 404);
});

test('server does not announce its version', async () => {
  const r = await get('/kaiji/');
  assert.equal(r.headers.server, 'nginx');
});

// nginx's body caps are the outer limits only (the programs enforce smaller
// ones): 1 MB for most programs, 32 MB for /kaiji/request. Only the headers
// are sent; nginx answers from Content-Length alone.
function bodyHeaders(path, length) {
  return `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
    'Content-Type: application/x-www-form-urlencoded\r\n' +
    `Content-Length: ${length}\r\nConnection: close\r\n\r\n`;
}

test('-bad- a body over 1 MB to /kaiji/feedback is refused with the 413 page', async () => {
  const r = await rawRequest(bodyHeaders('/kaiji/feedback', 2 * 1024 * 1024));
  assert.equal(r.status, 413);
  assert.match(r.headers['content-type'], /^text\/html/);
  assert.match(r.text, /<html lang="ja"/);
});

test('-bad- a body over 32 MB to /kaiji/request is refused', async () => {
  const r = await rawRequest(bodyHeaders('/kaiji/request', 33 * 1024 * 1024));
  assert.equal(r.status, 413);
});

// tools/stack starts the programs with glibc's tcache holding 2000 freed
// blocks of a size (a page frees thousands of ClearSilver's HDF nodes;
// the systemd unit and kaiji-spawn set the same).
test('the programs run with the malloc tunable', () => {
  for (const name of ['status', 'register', 'request']) {
    const pid = fs.readFileSync(path.join(VAR, 'run', `${name}.pid`), 'utf8').split('\n')[0].trim();
    const env = fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
    const tunables = env.find((e) => e.startsWith('GLIBC_TUNABLES=')) ?? '';
    assert.match(tunables, /glibc\.malloc\.tcache_count=\d+/, `${name}: ${tunables}`);
  }
});

// Issue 17 item 5: the city's outbound proxy. With Kaiji.Pay.Proxy set,
// every call to the provider goes through it (an HTTP CONNECT tunnel, as
// a municipal network's proxy); without it, none does, whatever the
// environment says. The proxy here is a few lines of node in this process.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { formToken } from './lib.mjs';
import { startStack, stopStack, makeRequest, lookup } from './pay-stack.mjs';

function connectProxy() {
  const seen = [];
  const server = http.createServer((req, res) => { res.writeHead(405); res.end(); });
  server.on('connect', (req, sock, head) => {
    seen.push(req.url);
    const [host, port] = req.url.split(':');
    const up = net.connect(Number(port), host, () => {
      sock.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      up.write(head);
      up.pipe(sock);
      sock.pipe(up);
    });
    up.on('error', () => sock.destroy());
    sock.on('error', () => up.destroy());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, seen, port: server.address().port })));
}

describe('outbound proxy (yamagata, Stripe)', () => {
  let st;
  let proxy;
  before(async () => {
    proxy = await connectProxy();
    st = startStack('proxy', 'yamagata', { conf: `Kaiji.Pay.Proxy = http://127.0.0.1:${proxy.port}` });
  });
  after(() => {
    stopStack(st);
    proxy.server.close();
  });

  test('the create goes through the city\'s proxy to the provider', async () => {
    const r = makeRequest(st, { amount: 300 });
    const jar = await lookup(st, r.ref, r.code);
    const page = await jar.get(`${st.base}/kaiji/status/view`);
    const s = await jar.post(`${st.base}/kaiji/pay/start`, { csrf: formToken(page.text) });
    assert.equal(s.status, 303, s.text.slice(0, 200));
    assert.ok(s.headers.location.startsWith(`${st.emu}/`));
    assert.deepEqual(proxy.seen, [new URL(st.emu).host], 'one tunnel, to the provider');
  });
});

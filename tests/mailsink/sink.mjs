// A local SMTP sink for tests and `make run` (issue 18): it speaks enough
// ESMTP for libcurl (EHLO, STARTTLS, AUTH PLAIN/LOGIN, MAIL, RCPT, DATA,
// RSET, NOOP, QUIT), refuses MAIL before STARTTLS as a city's relay
// should, writes each message to DIR/mail/NNNNNN.eml and prints one line
// per message. TLS: the stack's throwaway test CA (tests/emulator/setup.sh).
//
//   node tests/mailsink/sink.mjs --dir DIR --out OUTDIR [--port 0]
//
// DIR holds server.pem, server.key, smtp-user, smtp-password; the port
// is written to DIR/port. Faults for the tests, switched by files in DIR:
//   down   close every connection at once (a relay that is down)
//   4xx    answer 451 to MAIL FROM (try again later)
//   5xx    answer 550 to RCPT TO (refused for good)
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';

const opt = { port: '0' };
for (let i = 2; i < process.argv.length; i += 2)
  opt[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
if (!opt.dir || !opt.out) {
  console.error('usage: sink.mjs --dir DIR --out OUTDIR [--port N]');
  process.exit(2);
}
fs.mkdirSync(opt.out, { recursive: true, mode: 0o700 });
const read = (f) => fs.readFileSync(path.join(opt.dir, f), 'utf8').trim();
const secure = tls.createSecureContext({
  cert: fs.readFileSync(path.join(opt.dir, 'server.pem')),
  key: fs.readFileSync(path.join(opt.dir, 'server.key')),
});
const user = read('smtp-user');
const password = read('smtp-password');
const fault = (name) => fs.existsSync(path.join(opt.dir, name));

let count = fs.readdirSync(opt.out).filter((f) => f.endsWith('.eml')).length;

function decodeWords(s) {
  return s.replace(/\r\n /g, '').replace(/=\?UTF-8\?B\?([^?]*)\?=/gi,
    (_, b) => Buffer.from(b, 'base64').toString('utf8'));
}

function session(raw) {
  let sock = raw;
  let buf = '';
  let tlsOn = false, authed = false, data = null, from = null, rcpt = [];
  let authStep = null;
  const say = (line) => sock.write(line + '\r\n');
  if (fault('down')) {
    raw.destroy();
    return;
  }
  const onLine = (line) => {
    if (data !== null) {
      if (line === '.') {
        const text = data.join('\r\n') + '\r\n';
        data = null;
        const name = String(++count).padStart(6, '0') + '.eml';
        const file = path.join(opt.out, name);
        fs.writeFileSync(file + '.tmp', `X-Sink-From: ${from}\r\nX-Sink-To: ${rcpt.join(',')}\r\n` + text);
        fs.renameSync(file + '.tmp', file);
        const subj = /^Subject: (.*(?:\r\n .*)*)/m.exec(text);
        console.log(`mail: ${name} to ${rcpt.join(',')}: ${subj ? decodeWords(subj[1]) : ''}`);
        from = null;
        rcpt = [];
        say('250 2.0.0 queued as ' + name);
      } else {
        data.push(line.startsWith('..') ? line.slice(1) : line);
      }
      return;
    }
    if (authStep) {
      const v = Buffer.from(line, 'base64').toString('utf8');
      if (authStep.stage === 'plain') {
        const parts = v.split('\0');
        authed = parts[1] === user && parts[2] === password;
        authStep = null;
        say(authed ? '235 2.7.0 ok' : '535 5.7.8 bad credentials');
      } else if (authStep.stage === 'user') {
        authStep = { stage: 'pass', user: v };
        say('334 UGFzc3dvcmQ6');
      } else {
        authed = authStep.user === user && v === password;
        authStep = null;
        say(authed ? '235 2.7.0 ok' : '535 5.7.8 bad credentials');
      }
      return;
    }
    const [verb, ...rest] = line.split(' ');
    const arg = rest.join(' ');
    switch (verb.toUpperCase()) {
      case 'EHLO':
        sock.write('250-sink.kaiji.test\r\n250-8BITMIME\r\n');
        if (!tlsOn) say('250 STARTTLS');
        else say('250 AUTH PLAIN LOGIN');
        break;
      case 'HELO': say('250 sink.kaiji.test'); break;
      case 'STARTTLS':
        if (tlsOn) { say('503 5.5.1 already'); break; }
        say('220 2.0.0 go ahead');
        raw.removeAllListeners('data');
        sock = new tls.TLSSocket(raw, { isServer: true, secureContext: secure });
        tlsOn = true;
        buf = '';
        sock.on('data', onData);
        sock.on('error', () => {});
        break;
      case 'AUTH': {
        if (!tlsOn) { say('538 5.7.11 encryption required'); break; }
        const [mech, init] = arg.split(' ');
        if (mech.toUpperCase() === 'PLAIN' && !init) {
          authStep = { stage: 'plain' };
          say('334 ');
        } else if (mech.toUpperCase() === 'PLAIN') {
          const parts = Buffer.from(init || '', 'base64').toString('utf8').split('\0');
          authed = parts[1] === user && parts[2] === password;
          say(authed ? '235 2.7.0 ok' : '535 5.7.8 bad credentials');
        } else if (mech.toUpperCase() === 'LOGIN') {
          if (init) {
            authStep = { stage: 'pass', user: Buffer.from(init, 'base64').toString('utf8') };
            say('334 UGFzc3dvcmQ6');
          } else {
            authStep = { stage: 'user' };
            say('334 VXNlcm5hbWU6');
          }
        } else say('504 5.5.4 mechanism');
        break;
      }
      case 'MAIL':
        if (!tlsOn) { say('530 5.7.0 must issue STARTTLS first'); break; }
        if (!authed) { say('530 5.7.0 authentication required'); break; }
        if (fault('4xx')) { say('451 4.3.0 try again later'); break; }
        from = arg.replace(/^FROM:/i, '').replace(/ .*/, '');
        say('250 2.1.0 ok');
        break;
      case 'RCPT':
        if (!from) { say('503 5.5.1 MAIL first'); break; }
        if (fault('5xx')) { say('550 5.1.1 mailbox unavailable'); break; }
        rcpt.push(arg.replace(/^TO:/i, '').replace(/[<>]/g, '').replace(/ .*/, ''));
        say('250 2.1.5 ok');
        break;
      case 'DATA':
        if (!rcpt.length) { say('503 5.5.1 RCPT first'); break; }
        data = [];
        say('354 end with .');
        break;
      case 'RSET': from = null; rcpt = []; say('250 ok'); break;
      case 'NOOP': say('250 ok'); break;
      case 'QUIT': say('221 bye'); sock.end(); break;
      default: say('502 5.5.2 not implemented');
    }
  };
  function onData(chunk) {
    buf += chunk.toString('utf8');
    let i;
    while ((i = buf.indexOf('\r\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 2);
      onLine(line);
    }
  }
  raw.on('data', onData);
  raw.on('error', () => {});
  say('220 sink.kaiji.test ESMTP kaiji test sink');
}

const server = net.createServer(session);
server.listen(Number(opt.port), '127.0.0.1', () => {
  fs.writeFileSync(path.join(opt.dir, 'port.tmp'), String(server.address().port) + '\n');
  fs.renameSync(path.join(opt.dir, 'port.tmp'), path.join(opt.dir, 'port'));
  console.log(`mailsink: listening on 127.0.0.1:${server.address().port}, mails in ${opt.out}`);
});
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));

// Every code block of README.md and docs/*.md, copied out as a reader
// would and checked by its language, on the system the install test has
// just installed (tests/install/namespace): the paths the snippets name
// exist here, as on a city's server.
//
//   sh      bash -n; apt-get lines name one group of tools/packages exactly;
//           every kaiji unit named is installed; every kaijictl command exists
//   hdf     kaijictl check-config: a whole file (#include …) as it is, a
//           fragment appended to the installed /etc/kaiji/kaiji.hdf
//   nginx   nginx -t, in the context it fits (http, server or location)
//   apache  apache2 -t, inside a <VirtualHost> (or at the top)
//   cron    five time fields, a user, a command for /bin/sh that exists;
//           the same line is in the installed example cron.d-kaiji
//   json    JSON.parse
//   log     the shape of a line the installed programs wrote
//   text    not a command (layouts, diagrams): nothing to run
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { LANGS, ROOT, docFiles, packageGroups, snippets } from './snippets.mjs';

const T = process.env.KAIJI_INSTALL_T ?? fs.mkdtempSync('/tmp/kaiji-docs-');
const W = fs.mkdtempSync(path.join(T, 'docs-'));
const UNITDIR = '/usr/local/lib/systemd/system';
const CRON_EXAMPLE = '/usr/local/share/kaiji/examples/cron.d-kaiji';
const SITE = '/etc/kaiji/kaiji.hdf';
let seq = 0;

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 60000, ...opts });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}`, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function scratch(name, text) {
  const f = path.join(W, `${++seq}-${name}`);
  fs.writeFileSync(f, text);
  return f;
}

// Lines of a shell block joined across backslash-newlines.
function shLines(text) {
  return text.replace(/\\\n/g, ' ').split('\n');
}

function kaijictlCommands() {
  const r = run('kaijictl', []);
  const cmds = new Set();
  for (const line of r.out.split('\n')) {
    const m = /^ {2}([a-z][a-z-]*)/.exec(line);
    if (m) cmds.add(m[1]);
  }
  assert.ok(cmds.has('backup') && cmds.has('staff'), `kaijictl's usage lists its commands:\n${r.out}`);
  return cmds;
}

function checkSh(s) {
  const syntax = run('bash', ['-n'], { input: s.text });
  assert.equal(syntax.status, 0, `bash -n: ${syntax.out}`);
  const groups = packageGroups();
  const ctlCommands = kaijictlCommands();
  for (const line of shLines(s.text)) {
    const code = line.replace(/(^|\s)#.*$/, '');
    const apt = /\bapt-get\s+install\s+(.*)$/.exec(code);
    if (apt) {
      const pkgs = apt[1].split(/\s+/).filter((w) => w && !w.startsWith('-')).sort();
      const group = Object.entries(groups).find(([, list]) => [...list].sort().join(' ') === pkgs.join(' '));
      assert.ok(group, `"${line.trim()}" names exactly one group of tools/packages (${Object.keys(groups).join(', ')})`);
    }
    for (const m of code.matchAll(/\b(kaiji[\w.-]*?)(@[\w-]*)?\.(service|socket|target|timer)\b/g)) {
      if (m[2] === '@' || code[m.index + m[0].length] === '*') continue;
      const unit = `${m[1]}${m[2] ? '@' : ''}.${m[3]}`;
      assert.ok(fs.existsSync(path.join(UNITDIR, unit)), `${m[0]}: ${unit} is installed in ${UNITDIR}`);
    }
    for (const m of code.matchAll(/\bkaijictl((?:\s+-c\s+\S+)?)\s+([a-z][a-z-]*)/g)) {
      assert.ok(ctlCommands.has(m[2]), `kaijictl ${m[2]} is a kaijictl command`);
    }
  }
}

function checkHdf(s) {
  const whole = /^\s*#include\b/.test(s.text);
  const file = whole ? scratch('whole.hdf', s.text) : scratch('site.hdf', fs.readFileSync(SITE, 'utf8') + s.text);
  const r = run('kaijictl', ['-c', file, 'check-config']);
  assert.equal(r.status, 0, `kaijictl check-config of ${whole ? 'the file' : `${SITE} with this appended`}:\n${r.out}`);
  assert.match(r.stdout, /: ok \(profile /);
}

function nginxConf(body) {
  const p = path.join(W, 'nginx');
  fs.mkdirSync(p, { recursive: true });
  return `pid ${p}/nginx.pid;
error_log ${p}/error.log;
events { }
http {
	include /etc/nginx/mime.types;
	access_log off;
	client_body_temp_path ${p}/body;
	fastcgi_temp_path ${p}/fastcgi;
	proxy_temp_path ${p}/proxy;
	uwsgi_temp_path ${p}/uwsgi;
	scgi_temp_path ${p}/scgi;
${body}
}
`;
}

function checkNginx(s) {
  const contexts = /^\s*server\s*\{/m.test(s.text)
    ? { http: s.text }
    : {
      server: `server {\n\tlisten 127.0.0.1:1;\n${s.text}}\n`,
      location: `server {\n\tlisten 127.0.0.1:1;\n\tlocation /x/ {\n${s.text}\t}\n}\n`,
      http: s.text,
    };
  const errors = [];
  for (const [ctx, body] of Object.entries(contexts)) {
    const f = scratch('nginx.conf', nginxConf(body));
    const r = run('nginx', ['-t', '-q', '-p', path.join(W, 'nginx'), '-e', path.join(W, 'nginx/error.log'), '-c', f]);
    if (r.status === 0) return;
    errors.push(`in ${ctx}: ${r.out}`);
  }
  assert.fail(`nginx -t refuses it:\n${errors.join('\n')}`);
}

const APACHE_MODULES = ['mpm_event', 'authz_core', 'authz_host', 'authn_core', 'authn_file', 'auth_basic',
  'authz_user', 'alias', 'dir', 'mime', 'headers', 'env', 'setenvif', 'rewrite', 'remoteip', 'reqtimeout',
  'proxy', 'proxy_fcgi', 'proxy_http'];

function apacheConf(body) {
  const p = path.join(W, 'apache');
  fs.mkdirSync(p, { recursive: true });
  const mods = APACHE_MODULES.filter((m) => fs.existsSync(`/usr/lib/apache2/modules/mod_${m}.so`))
    .map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`).join('\n');
  return `ServerRoot "${p}"
DefaultRuntimeDir "${p}"
PidFile "${p}/httpd.pid"
Mutex file:${p} default
Listen 127.0.0.1:1
ServerName 127.0.0.1
ErrorLog "${p}/error.log"
TypesConfig /etc/mime.types
${mods}
${body}
`;
}

function checkApache(s) {
  const contexts = /<VirtualHost\b/i.test(s.text)
    ? { top: s.text }
    : { vhost: `<VirtualHost 127.0.0.1:1>\n\tServerName 127.0.0.1\n${s.text}</VirtualHost>\n`, top: s.text };
  const errors = [];
  for (const [ctx, body] of Object.entries(contexts)) {
    const f = scratch('httpd.conf', apacheConf(body));
    const r = run('/usr/sbin/apache2', ['-t', '-f', f]);
    if (r.status === 0) return;
    errors.push(`in ${ctx}: ${r.out}`);
  }
  assert.fail(`apache2 -t refuses it:\n${errors.join('\n')}`);
}

function checkCron(s) {
  const example = fs.readFileSync(CRON_EXAMPLE, 'utf8').replace(/^#timer# /gm, '').split('\n');
  for (const line of s.text.split('\n')) {
    if (/^\s*(#|$)/.test(line) || /^[A-Z_]+=/.test(line)) continue;
    const m = /^(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(.*)$/.exec(line);
    assert.ok(m, `five time fields, a user and a command: ${line}`);
    for (const f of m.slice(1, 6)) assert.match(f, /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$/, `time field ${f}`);
    assert.equal(run('getent', ['passwd', m[6]]).status, 0, `the user ${m[6]} exists`);
    assert.doesNotMatch(m[7].replace(/\\%/g, ''), /%/, 'a % in a cron command must be \\%');
    const command = m[7].replace(/\\%/g, '%');
    assert.equal(run('bash', ['-n'], { input: command }).status, 0, `sh syntax: ${command}`);
    const exe = command.split(/\s+/)[0];
    assert.ok(path.isAbsolute(exe) && fs.existsSync(exe), `${exe} is installed`);
    assert.ok(example.includes(line), `the same line is in ${CRON_EXAMPLE}`);
  }
}

function checkLog(s) {
  const lines = [];
  for (const f of fs.readdirSync('/var/log/kaiji')) lines.push(...fs.readFileSync(`/var/log/kaiji/${f}`, 'utf8').split('\n'));
  for (const sample of s.text.trim().split('\n')) {
    const shape = new RegExp(`^${sample.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\d+/g, '\\d+')}$`);
    assert.ok(lines.some((l) => shape.test(l)), `a line of /var/log/kaiji/ has the shape of: ${sample}`);
  }
}

const CHECKS = {
  sh: checkSh,
  hdf: checkHdf,
  nginx: checkNginx,
  apache: checkApache,
  cron: checkCron,
  json: (s) => JSON.parse(s.text),
  log: checkLog,
  text: () => {},
};

for (const file of docFiles()) {
  for (const s of snippets(file)) {
    test(`${s.file}:${s.line} (${s.lang || 'no language'})`, () => {
      assert.ok(LANGS.includes(s.lang),
        `every code block says what it is, one of ${LANGS.join(' ')} (tests/install/docs.test.mjs)`);
      CHECKS[s.lang](s);
    });
  }
}

test('the doc test itself can fail: an HDF value with a trailing comment is refused', () => {
  assert.throws(() => checkHdf({ text: 'Kaiji.Profile = yamagata   # one of cities/*.hdf\n' }));
  assert.throws(() => checkNginx({ text: 'error_page 413;\n' }));
  assert.throws(() => checkSh({ text: 'sudo apt-get install -y build-essential\n' }));
  assert.throws(() => checkCron({ text: '15 2 * * * kaiji /usr/local/bin/kaijictl backup /x/$(date +%u).kbk\n' }));
  assert.ok(ROOT);
});

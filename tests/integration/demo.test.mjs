// The demo cases of `kaijictl seed-demo --cases` (what `make run` shows a
// newcomer): for every city profile, on a data directory of its own, one
// request per state of the workflow, each in the state its story says, with
// due dates relative to today (so the inbox has overdue and due-soon work on
// any day). The whole run takes KAIJI_TODAY; the days phase leaves this
// file out for time (each seed hashes a demo password with argon2id).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { BIN, CONFIG } from './lib.mjs';
import { today } from './clock.mjs';
import { openDayAfter } from './desk-lib.mjs';
import { ownDatabase } from './db.mjs';

const CITIES = fs.readdirSync(new URL('../../conf/cities/', import.meta.url))
  .filter((f) => f.endsWith('.hdf')).map((f) => f.slice(0, -4));

function ctl(config, ...args) {
  return execFileSync(path.join(BIN, 'kaijictl'), ['-c', config, ...args], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60000,
  });
}

function seeded(city) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiji-demo-'));
  const config = path.join(dir, 'kaiji.hdf');
  fs.writeFileSync(config, `#include "${CONFIG}"\nKaiji.DataDir = ${path.join(dir, 'data')}\n` +
    `Kaiji.Profile = ${city}\n${ownDatabase(CONFIG, dir)}`);
  ctl(config, 'migrate');
  const out = ctl(config, 'seed-demo', '--cases');
  const cases = {};
  for (const m of out.matchAll(/^(\d{4}-\d{6}) ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}) ([a-z-]+)$/gm))
    cases[m[3]] = { ref: m[1], code: m[2], ...JSON.parse(ctl(config, 'case', 'show', m[1])) };
  return { dir, config, cases };
}

const STATES = {
  received: 'received',
  'due-soon': 'reviewing',
  overdue: 'reviewing',
  amending: 'amending',
  'amend-late': 'amending',
  extended: 'reviewing',
  'special-case': 'reviewing',
  consulting: 'consulting',
  'fee-due': 'decided',
  ready: 'decided',
  closed: 'closed',
  withdrawn: 'withdrawn',
  dismissed: 'dismissed',
  appealed: 'decided',
  corrected: 'delivered',
  'not-stopped': 'decided',
};

for (const city of CITIES) {
  test(`seed-demo --cases (${city}): one request in each state of the workflow, as of ${today()}`, () => {
    const { dir, config, cases } = seeded(city);
    try {
      assert.deepEqual(Object.keys(cases).sort(), Object.keys(STATES).sort());
      for (const [story, state] of Object.entries(STATES))
        assert.equal(cases[story].state, state, `${story}: ${cases[story].ref}`);
      const t = today();
      assert.ok(cases.overdue.due_on < t, `overdue: due ${cases.overdue.due_on}, today ${t}`);
      const soon = openDayAfter(t, 3);
      assert.ok(cases['due-soon'].due_on >= t && cases['due-soon'].due_on <= soon,
        `due soon: due ${cases['due-soon'].due_on}, between ${t} and ${soon}`);
      const kinds = (c) => c.events.map((e) => e.kind);
      assert.ok(kinds(cases.extended).includes('extended'), 'the extension is an event');
      assert.ok(kinds(cases['special-case']).some((k) => k === 'special_case'), '法84 is an event');
      assert.equal(cases['fee-due'].fee.state, 'due');
      assert.equal(cases.ready.fee.state, 'paid');
      assert.equal(cases.ready.fee.paid_via, 'counter');
      assert.equal(cases['fee-due'].decision, 'partial');
      assert.ok(kinds(cases.appealed).includes('appeal_received'), 'the appeal is an event');
      assert.match(cases['not-stopped'].kind, /^(suspension|deletion|cessation)$/);
      assert.equal(cases.corrected.kind, 'correction');
      // Every channel appears, so the inbox's channel column shows each.
      assert.deepEqual([...new Set(Object.values(cases).map((c) => c.channel))].sort(),
        ['counter', 'mail', 'online']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('seed-demo --cases twice adds a second set, never fails half-way', () => {
  const { dir, config } = seeded('yamagata');
  try {
    const out = ctl(config, 'seed-demo', '--cases');
    assert.equal([...out.matchAll(/^\d{4}-\d{6} /gm)].length, Object.keys(STATES).length);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

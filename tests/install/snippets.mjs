// The fenced code blocks of the Markdown docs, as a reader copies them.
// A block may be preceded by a marker for the install test, an HTML comment
// the rendered page does not show:
//
//   <!-- test: run ID -->          the install test runs this sh block (as
//                                  root, in document order) and checks ID
//   <!-- test: append FILE -->     the install test appends this block to FILE
//   <!-- test: nginx-site -->      the city's server block: the install test
//                                  puts its own site where the comment is
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);

// Languages a block may have, and what checks it (tests/install/docs.test.mjs).
export const LANGS = ['sh', 'hdf', 'nginx', 'apache', 'cron', 'json', 'log', 'text'];

// README.md and docs/*.md: the docs a webmaster or developer reads.
export function docFiles() {
  const docs = fs.readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => path.join('docs', f));
  return ['README.md', ...docs];
}

// [{file, line, lang, marker, text}]: line is the fence's (1-based), lang
// the info string's first word ('' when none), marker the words after
// "test:" of a marker just above the fence (blank lines between allowed).
export function snippets(file) {
  const lines = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n');
  const out = [];
  let marker = null;
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)(`{3,}|~{3,})\s*([^\s`]*)/.exec(lines[i]);
    const m = /^\s*<!--\s*test:\s*(.*?)\s*-->\s*$/.exec(lines[i]);
    if (m) {
      marker = m[1];
      continue;
    }
    if (!open) {
      if (lines[i].trim() !== '') marker = null;
      continue;
    }
    const [, indent, fence, lang] = open;
    const body = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = new RegExp(`^ *${fence[0]}{${fence.length},}\\s*$`).exec(lines[j]);
      if (close) break;
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
    }
    if (j >= lines.length) throw new Error(`${file}:${i + 1}: a code block that is never closed`);
    out.push({ file, line: i + 1, lang, marker, text: `${body.join('\n')}\n` });
    marker = null;
    i = j;
  }
  return out;
}

// The install guide's blocks by marker: run blocks in order, and the others.
export function guide(file = 'docs/INSTALL.md') {
  const all = snippets(file);
  const runs = all.filter((s) => s.marker?.startsWith('run ')).map((s) => ({ ...s, id: s.marker.slice(4).trim() }));
  const appends = all.filter((s) => s.marker?.startsWith('append ')).map((s) => ({ ...s, target: s.marker.slice(7).trim() }));
  const site = all.find((s) => s.marker === 'nginx-site');
  return { all, runs, appends, site };
}

// "GROUP: PACKAGE..." lines of tools/packages, as {group: [packages]}.
export function packageGroups() {
  const groups = {};
  for (const raw of fs.readFileSync(path.join(ROOT, 'tools/packages'), 'utf8').split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const m = /^([a-z]+):\s*(.*)$/.exec(line);
    if (!m) throw new Error(`tools/packages: not "GROUP: PACKAGE...": ${raw}`);
    groups[m[1]] = m[2].split(/\s+/).filter(Boolean);
  }
  return groups;
}

// The SQL text of lib/, cgi-bin/ and tools/ as the programs send it: each
// source file run through the C preprocessor (so the statements built from
// macros, lib/register.c's LIST_SET and IDS20, come out whole), then every
// run of adjacent string literals joined, as the compiler joins them, and
// kept when it reads as a statement. Used by statements.test.mjs (every
// statement prepared on PostgreSQL) and schema.test.mjs (the baseline).
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execAsync = promisify(execFile);

export const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

// As the Makefile's (libpq's headers for lib/db-pg.c).
const CFLAGS = ['-std=c11', '-D_GNU_SOURCE', '-I/usr/include/ClearSilver', '-I/usr/include/postgresql', '-Ilib', '-Itools'];

const STATEMENT = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|ALTER|DROP|PRAGMA|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|REPLACE|VACUUM|ANALYZE|EXPLAIN|SET)\s/;

// C escapes of a string literal's body, as UTF-8 bytes.
function unescape(body) {
	const bytes = [];
	for (let i = 0; i < body.length; i++) {
		const c = body[i];
		if (c !== '\\') {
			bytes.push(...Buffer.from(c, 'utf8'));
			continue;
		}
		const n = body[++i];
		const simple = { n: 10, t: 9, r: 13, '\\': 92, '"': 34, "'": 39, '0': 0, a: 7, b: 8, f: 12, v: 11, '?': 63 };
		if (n === 'x') {
			const m = /^[0-9a-fA-F]+/.exec(body.slice(i + 1));
			bytes.push(parseInt(m[0], 16) & 0xff);
			i += m[0].length;
		} else if (/[0-7]/.test(n)) {
			const m = /^[0-7]{1,3}/.exec(body.slice(i));
			bytes.push(parseInt(m[0], 8) & 0xff);
			i += m[0].length - 1;
		} else if (n in simple) {
			bytes.push(simple[n]);
		} else {
			throw new Error(`unknown escape \\${n}`);
		}
	}
	return Buffer.from(bytes).toString('utf8');
}

// Every run of adjacent string literals of the preprocessed file that
// lies in the file itself: { line, name, text }, name the identifier of
// the declaration it initialises (or '' inside a function call).
export async function literals(file) {
	const { stdout: src } = await execAsync('cc', ['-E', ...CFLAGS, file], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
	const out = [];
	let here = false, line = 0, name = '';
	let run = null; // { line, name, parts }
	const flush = () => {
		if (run && here) out.push({ line: run.line, name: run.name, text: run.parts.join('') });
		run = null;
	};
	let i = 0;
	while (i < src.length) {
		const c = src[i];
		if (c === '#' && (i === 0 || src[i - 1] === '\n')) {
			const end = src.indexOf('\n', i);
			const m = /^# (\d+) "([^"]*)"/.exec(src.slice(i, end));
			if (m) {
				line = Number(m[1]) - 1;
				here = m[2] === file;
			}
			i = end;
			continue;
		}
		if (c === '\n') {
			line++;
			i++;
			continue;
		}
		if (c === ' ' || c === '\t' || c === '\r') {
			i++;
			continue;
		}
		if (c === '"') {
			let j = i + 1;
			while (src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
			if (!run) run = { line, name, parts: [] };
			run.parts.push(unescape(src.slice(i + 1, j)));
			i = j + 1;
			continue;
		}
		flush();
		if (c === "'") {
			let j = i + 1;
			while (src[j] !== "'") j += src[j] === '\\' ? 2 : 1;
			i = j + 1;
			continue;
		}
		// A declaration's name: IDENT [..]... = ; forgotten at ';' or '('.
		const m = /^([A-Za-z_]\w*)((?:\s*\[[^\]]*\])*)\s*=(?!=)/.exec(src.slice(i, i + 200));
		if (m) {
			name = m[1];
			i += m[0].length;
			continue;
		}
		if (c === ';' || c === '(' || c === ')') name = c === ';' ? '' : name;
		if (c === '(') name = '';
		const w = /^[A-Za-z_]\w*/.exec(src.slice(i, i + 100));
		i += w ? w[0].length : 1;
	}
	flush();
	return out;
}

export function sources() {
	const files = [];
	for (const dir of ['lib', 'cgi-bin', 'tools'])
		for (const f of readdirSync(join(ROOT, dir)).sort())
			if (f.endsWith('.c')) files.push(`${dir}/${f}`);
	return files;
}

// Every SQL statement: { file, line, name, sql }, the files preprocessed
// a few at a time.
export async function statements(files = sources()) {
	const each = new Array(files.length);
	let next = 0;
	const worker = async () => {
		while (next < files.length) {
			const i = next++;
			each[i] = (await literals(files[i]))
				.filter((l) => STATEMENT.test(l.text))
				.map((l) => ({ file: files[i], line: l.line, name: l.name, sql: l.text }));
		}
	};
	await Promise.all(Array.from({ length: availableParallelism() + 1 }, worker));
	return each.flat();
}

// The text of the constant NAME of a file (its first literal run).
export async function constant(file, name) {
	const l = (await literals(file)).find((x) => x.name === name);
	if (!l) throw new Error(`${file}: no constant ${name}`);
	return l.text;
}

// ?N as $N outside quoted text, as lib/db's PostgreSQL engine sends it.
export function toPg(sql) {
	let out = '', q = null;
	for (let i = 0; i < sql.length; i++) {
		const c = sql[i];
		if (q) {
			if (c === q) q = null;
			out += c;
		} else if (c === "'" || c === '"') {
			q = c;
			out += c;
		} else if (c === '?' && /\d/.test(sql[i + 1] || '')) {
			out += '$';
		} else {
			out += c;
		}
	}
	return out;
}

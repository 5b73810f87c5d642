// A scratch PostgreSQL schema for the tests of this directory, in the
// database KAIJI_TEST_PG names (a libpq URI; tests/run's PostgreSQL phase
// sets it), through psql. Each test makes its own schema, so that they
// run beside each other and beside a stack on the same database.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

import { constant, literals } from './sql.mjs';

export const PG_URI = process.env.KAIJI_TEST_PG || '';

// psql with the input on stdin, stopping at the first error; the output
// unaligned, tuples only, fields separated by a unit separator.
export function psql(input, { schema } = {}) {
	const pre = schema ? `SET search_path TO ${schema};\n` : '';
	return execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-A', '-t', '-F', '\x1f', PG_URI], {
		input: pre + input,
		encoding: 'utf8',
		stdio: ['pipe', 'pipe', 'pipe'],
		maxBuffer: 1 << 26,
	});
}

// Rows of a query as arrays of text (NULL as null is lost: psql prints '').
export function rows(query, opts) {
	const out = psql(query, opts);
	return out.split('\n').filter((l) => l !== '').map((l) => l.split('\x1f'));
}

// A new schema holding lib/schema-pg.c's baseline; dropped by drop().
export async function baselineSchema(prefix) {
	const schema = `${prefix}_${randomBytes(4).toString('hex')}`;
	const baseline = await constant('lib/schema-pg.c', 'db_pg_baseline');
	psql(`CREATE SCHEMA ${schema};\nSET search_path TO ${schema};\n${baseline}\n`);
	return schema;
}

// A new schema at the current version: the baseline, then
// lib/schema-pg.c's steps after it (db_pg_steps), as db_migrate applies
// them. Dropped by drop().
export async function currentSchema(prefix) {
	const schema = await baselineSchema(prefix);
	const steps = (await literals('lib/schema-pg.c')).filter((l) => l.name === 'db_pg_steps').map((l) => l.text);
	if (steps.length > 0) psql(`${steps.join('\n')}\n`, { schema });
	return schema;
}

export function drop(schema) {
	psql(`DROP SCHEMA IF EXISTS ${schema} CASCADE;\n`);
}

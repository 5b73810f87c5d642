// Every SQL statement of lib/, cgi-bin/ and tools/ prepared on PostgreSQL
// with lib/schema-pg.c's baseline, ?N sent as $N with no parameter types,
// as lib/db's PostgreSQL engine prepares them. PREPARE finds syntax,
// unknown tables, columns and functions, GROUP BY strictness, integer
// used as boolean and parameters whose type cannot be inferred; the
// result types find what reads differently through the text protocol
// (a boolean column reads "t"/"f", not 1/0). Semantics beyond that are
// docs/engines.md's list. Needs KAIJI_TEST_PG (tests/run's PostgreSQL
// phase).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { PG_URI, currentSchema, drop, rows } from './pg.mjs';
import { statements, toPg } from './sql.mjs';

// Files whose statements are SQLite's own: the engine (lib/db*.c), the
// SQLite schema steps (lib/schema.c; lib/schema-pg.c is PostgreSQL's),
// and the backup archive, a SQLite file (docs/engines.md).
const SQLITE_FILES = /^(lib\/db[^/]*\.c|lib\/schema\.c|lib\/schema-pg\.c|tools\/cmd-backup\.c|tools\/cmd-restore\.c)$/;
// Statements that run only on SQLite, each kept from running on
// PostgreSQL where it is used (docs/engines.md says where).
const SQLITE_ONLY = new Map([
	['lib/register.c sql_match', 'FTS5 MATCH: the search in SQL, SQLite only (lib/register.c search_in_sql)'],
	['lib/register.c sql_vocab', 'fts5vocab: the search in SQL, SQLite only (lib/register.c search_in_sql)'],
	['lib/register.c sql_mmap', 'PRAGMA x = y: reg_tune, nothing on PostgreSQL (lib/db-pg.c)'],
]);

const skip = PG_URI ? false : 'KAIJI_TEST_PG is not set (tests/run sets it in the PostgreSQL phase)';
let schema = null;
let all = [];

before(async () => {
	if (skip) return;
	schema = await currentSchema('stmts');
	all = await statements();
});
after(() => schema && drop(schema));

// One psql run: each statement prepared in its own subtransaction, its
// error or its parameter and result types kept.
function prepareAll(list) {
	const tag = '$kaiji_sql$';
	const values = list
		.map((s, i) => {
			const sql = toPg(s.sql);
			assert.ok(!sql.includes(tag), `${s.file}:${s.line} holds ${tag}`);
			return `(${i}, ${tag}${sql}${tag})`;
		})
		.join(',\n');
	const out = rows(
		`CREATE TEMP TABLE stmt (n INT, sql TEXT);
CREATE TEMP TABLE verdict (n INT, err TEXT, params TEXT, results TEXT);
INSERT INTO stmt VALUES ${values};
DO $do$
DECLARE
  s RECORD;
  np INT;
  params TEXT;
  results TEXT;
  args TEXT;
  plan JSONB;
  names TEXT;
  k INT;
BEGIN
  FOR s IN SELECT n, sql FROM stmt ORDER BY n LOOP
    BEGIN
      EXECUTE format('PREPARE kaiji_%s AS %s', s.n, s.sql);
      SELECT coalesce(cardinality(parameter_types), 0),
        array_to_string(parameter_types, ',') INTO np, params
        FROM pg_prepared_statements WHERE name = 'kaiji_' || s.n;
      results := NULL;
      IF s.sql ~* '^\s*(SELECT|WITH)' THEN
        args := CASE WHEN np > 0 THEN
          '(' || array_to_string(array_fill('NULL'::text, ARRAY[np]), ',') || ')' ELSE '' END;
        EXECUTE format('EXPLAIN (VERBOSE, FORMAT JSON) EXECUTE kaiji_%s%s', s.n, args) INTO plan;
        -- The top node's output has the sort keys too: fewer names then.
        FOR k IN REVERSE jsonb_array_length(plan->0->'Plan'->'Output')..1 LOOP
          SELECT string_agg('c' || i, ',') INTO names FROM generate_series(1, k) AS i;
          BEGIN
            EXECUTE format('CREATE TEMP TABLE kaiji_r (%s) AS EXECUTE kaiji_%s%s WITH NO DATA',
              names, s.n, args);
            EXIT;
          EXCEPTION WHEN syntax_error THEN
            NULL;
          END;
        END LOOP;
        SELECT string_agg(format_type(atttypid, atttypmod), ',' ORDER BY attnum) INTO results
          FROM pg_attribute WHERE attrelid = 'kaiji_r'::regclass AND attnum > 0;
        DROP TABLE kaiji_r;
      END IF;
      INSERT INTO verdict VALUES (s.n, NULL, params, results);
      EXECUTE format('DEALLOCATE kaiji_%s', s.n);
    EXCEPTION WHEN others THEN
      INSERT INTO verdict VALUES (s.n, SQLERRM, NULL, NULL);
    END;
  END LOOP;
END $do$;
SELECT n, coalesce(err, ''), coalesce(params, ''), coalesce(results, '') FROM verdict ORDER BY n;
`,
		{ schema },
	);
	return out.map(([n, err, params, results]) => ({ s: list[Number(n)], err, params, results }));
}

test('every statement prepares on PostgreSQL, and none reads a boolean', { skip }, (t) => {
	const known = new Set();
	const list = all.filter((s) => {
		if (SQLITE_FILES.test(s.file)) return false;
		const key = `${s.file} ${s.name}`;
		if (SQLITE_ONLY.has(key)) {
			known.add(key);
			return false;
		}
		return true;
	});
	for (const key of SQLITE_ONLY.keys()) assert.ok(known.has(key), `${key}: listed as SQLite's only, not found`);
	assert.ok(list.length > 250, `only ${list.length} statements found: the extraction is broken`);
	const verdicts = prepareAll(list);
	assert.equal(verdicts.length, list.length);
	const bad = [];
	for (const v of verdicts) {
		const at = `${v.s.file}:${v.s.line} ${v.s.name}`;
		if (v.err) bad.push(`${at}: ${v.err}`);
		else if (v.results.split(',').includes('boolean'))
			bad.push(`${at}: a boolean result column (reads "t"/"f" on PostgreSQL): ${v.results}`);
	}
	t.diagnostic(`${list.length} statements prepared on PostgreSQL, ${bad.length} failed, ${SQLITE_ONLY.size} SQLite's only`);
	assert.deepEqual(bad, [], `\n${bad.join('\n')}`);
});

/* lib/schema-pg.c beside lib/schema.c, without a server: one PostgreSQL
 * step for each SQLite step past the baseline, and every table SQLite's
 * steps leave (FTS5's own shadow tables aside) created by PostgreSQL's.
 * tests/pg/schema.test.mjs compares the columns and keys on a server. */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "db-sqlite.h"
#include "tap.h"

extern const char db_pg_baseline[];
extern const int db_pg_baseline_version;
extern const char *const db_pg_steps[];

static void steps(void)
{
	int n = 0;
	while (db_pg_steps[n] != NULL)
		n++;
	TAP_INTEQ(db_pg_baseline_version + n, db_schema_version,
	          "PostgreSQL's baseline and steps reach SQLite's version %d",
	          db_schema_version);
	for (int i = 0; i < n; i++)
		TAP_OK(db_pg_steps[i][0] != '\0', "PostgreSQL step %d is written",
		       db_pg_baseline_version + i + 1);
}

static void tables(void)
{
	struct db *db;
	char err[256];
	if (db_open(":memory:", &db, err, sizeof err) != 0 ||
	    db_migrate_to(db, db_pg_baseline_version, err, sizeof err) != 0) {
		TAP_OK(0, "database: %s", err);
		return;
	}
	sqlite3_stmt *st = NULL;
	int n = 0;
	/* register_vocab, FTS5's view of register_fts, is SQLite's only. */
	if (sqlite3_prepare_v2(db_handle(db),
	                       "SELECT name FROM sqlite_master WHERE type = 'table' "
	                       "AND name NOT LIKE 'register_fts_%' "
	                       "AND name <> 'register_vocab' ORDER BY name",
	                       -1, &st, NULL) == SQLITE_OK)
		while (sqlite3_step(st) == SQLITE_ROW) {
			char want[128];
			snprintf(want, sizeof want, "CREATE TABLE %s (",
			         (const char *)sqlite3_column_text(st, 0));
			TAP_OK(strstr(db_pg_baseline, want) != NULL,
			       "PostgreSQL's baseline has %s", want);
			n++;
		}
	sqlite3_finalize(st);
	TAP_OK(n > 25, "%d tables in SQLite's schema", n);
	db_close(db);
}

int main(void)
{
	steps();
	tables();
	return TAP_DONE();
}

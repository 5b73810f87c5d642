/* What only SQLite has, for the few places that need the engine itself
 * rather than lib/db.h; the only header besides lib/db-sqlite.c that
 * includes sqlite3.h (tools/lint checks). The files that use it, and why:
 * - tools/cmd-backup.c, tools/cmd-restore.c: the online backup API
 *   (sqlite3_backup_*) copies a live database page by page, and the
 *   archive is itself a SQLite file; PostgreSQL will use pg_dump and
 *   pg_restore instead (issue 21);
 * - tests/unit, tests/fuzz, bench: seed and inspect the file directly. */
#ifndef KAIJI_DB_SQLITE_H
#define KAIJI_DB_SQLITE_H

#include <sqlite3.h>

#include "db.h"

/* The connection under db; NULL when db is not SQLite's. */
sqlite3 *db_handle(struct db *db);

/* db_bind_text and db_col_text for a statement of another SQLite file
 * (the backup archive): NULL binds NULL; NULL reads as "". */
static inline int db_sqlite_bind_text(sqlite3_stmt *st, int idx, const char *s)
{
	if (s == NULL)
		return sqlite3_bind_null(st, idx);
	return sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT);
}

static inline const char *db_sqlite_col_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return t ? (const char *)t : "";
}

#endif

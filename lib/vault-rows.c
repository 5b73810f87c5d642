/* The vault's documents as rows of the database (lib/vault.h), for
 * several web servers on one database: every server reads what another
 * stored. Each put is its own write (or part of the caller's
 * transaction), so it is committed before the row that refers to it. */
#include <string.h>

#include "case.h"
#include "db.h"
#include "log.h"
#include "vault.h"

static const char sql_put[] =
    "INSERT INTO vault_file (name, sealed, created_at) VALUES (?1, ?2, ?3)";
static const char sql_get[] = "SELECT sealed FROM vault_file WHERE name = ?1";
static const char sql_delete[] = "DELETE FROM vault_file WHERE name = ?1";
static const char sql_exists[] = "SELECT 1 FROM vault_file WHERE name = ?1";

int vault_rows_put(struct db *db, struct arena *a, const char *name,
                   const void *sealed, size_t len)
{
	struct db_stmt *st = db_stmt(db, sql_put);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, name);
	db_bind_blob(st, 2, sealed, len);
	db_bind_text(st, 3, case_now(a));
	return db_step_done(db, st, "vault: cannot store a document");
}

int vault_rows_get(struct db *db, struct arena *a, const char *name,
                   unsigned char **sealed, size_t *len, size_t max)
{
	struct db_stmt *st = db_stmt(db, sql_get);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, name);
	int step = db_step(st), rc = step == DB_DONE ? 1 : -1;
	if (step == DB_ROW) {
		const void *p = db_col_blob(st, 0);
		size_t n = (size_t)db_col_bytes(st, 0);
		if (n <= max) {
			*sealed = arena_alloc(a, n + 1);
			if (n > 0)
				memcpy(*sealed, p, n);
			*len = n;
			rc = 0;
		}
	} else if (step != DB_DONE) {
		log_event(LOG_ERR, "vault: cannot read a document: %s",
		          db_errmsg(db));
	}
	db_reset(st);
	return rc;
}

int vault_rows_delete(struct db *db, const char *name)
{
	struct db_stmt *st = db_stmt(db, sql_delete);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, name);
	return db_step_done(db, st, "vault: cannot delete a document");
}

int vault_rows_exists(struct db *db, const char *name)
{
	struct db_stmt *st = db_stmt(db, sql_exists);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, name);
	int rc = db_step(st);
	db_reset(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

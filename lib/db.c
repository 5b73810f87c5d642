/* What both engines share (lib/db.h): the statement cache keyed by the SQL
 * constant's address, the request's read snapshot, the step helpers and
 * the migrations driver. Each engine's own work is in lib/db-sqlite.c or
 * lib/db-pg.c, behind struct db_engine (lib/db-engine.h). */
#include "db-engine.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "config.h"
#include "log.h"

/* The connection whose snapshot is open (one a process: the program's). */
static struct db *snapshot_db;

static bool is_pg_uri(const char *where)
{
	return strncmp(where, "postgresql://", 13) == 0 ||
	       strncmp(where, "postgres://", 11) == 0;
}

/* A SQLite path: "sqlite:PATH", or PATH itself (the tests' files). */
static const char *sqlite_path(const char *where)
{
	return strncmp(where, "sqlite:", 7) == 0 ? where + 7 : where;
}

int db_where_check(const char *where, const char *password_file, char *err,
                   size_t errlen)
{
	if (is_pg_uri(where))
		return db_pg_check(where, err, errlen);
	if (password_file != NULL && *password_file != '\0') {
		snprintf(err, errlen, "a password file (Kaiji.DatabasePasswordFile) "
		         "is for PostgreSQL only");
		return -1;
	}
	if (*where == '\0' ||
	    (strncmp(where, "sqlite:", 7) == 0 && where[7] != '\0'))
		return 0;
	snprintf(err, errlen, "sqlite:PATH, or a PostgreSQL URI "
	         "(postgresql://…, postgres://…)");
	return -1;
}

static int open_with(const char *where, const char *password,
                     struct db **out, char *err, size_t errlen)
{
	struct db *db = calloc(1, sizeof *db);
	if (db == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	int rc;
	if (is_pg_uri(where)) {
		db->eng = &db_engine_pg;
		rc = db_pg_connect(where, password, &db->conn, err, errlen);
	} else {
		db->eng = &db_engine_sqlite;
		rc = db_sqlite_connect(sqlite_path(where), &db->conn, err, errlen);
	}
	if (rc != 0) {
		free(db);
		return -1;
	}
	for (unsigned i = 0; i < DB_CACHE_SLOTS; i++) {
		db->cache[i].db = db;
		db->cache[i].slot = i;
	}
	*out = db;
	return 0;
}

int db_open(const char *where, struct db **out, char *err, size_t errlen)
{
	return open_with(where, NULL, out, err, errlen);
}

int db_open_secret(const char *where, const char *password_file,
                   struct db **out, char *err, size_t errlen)
{
	if (password_file == NULL || *password_file == '\0')
		return open_with(where, NULL, out, err, errlen);
	if (!is_pg_uri(where)) {
		snprintf(err, errlen, "a password file (Kaiji.DatabasePasswordFile) "
		         "is for PostgreSQL only");
		return -1;
	}
	char password[1024];
	if (config_read_secret(password_file, password, sizeof password, err,
	                       errlen) != 0)
		return -1;
	int rc = open_with(where, password, out, err, errlen);
	sodium_memzero(password, sizeof password);
	return rc;
}

void db_close(struct db *db)
{
	if (db == NULL)
		return;
	if (snapshot_db == db)
		snapshot_db = NULL;
	for (size_t i = 0; i < DB_CACHE_SLOTS; i++)
		if (db->cache[i].sql != NULL)
			db->eng->finalize(&db->cache[i]);
	db->eng->close(db);
	free(db);
}

const char *db_engine_name(struct db *db)
{
	return db->eng->name;
}

static size_t slot_of(const char *sql)
{
	uintptr_t h = (uintptr_t)sql;
	h ^= h >> 17;
	h *= 0x9E3779B97F4A7C15u;
	return (size_t)(h >> 24) % DB_CACHE_SLOTS;
}

static struct db_stmt *stmt_cached(struct db *db, const char *sql)
{
	size_t i = slot_of(sql);
	for (size_t n = 0; n < DB_CACHE_SLOTS; n++, i = (i + 1) % DB_CACHE_SLOTS) {
		struct db_stmt *c = &db->cache[i];
		if (c->sql == sql) {
			db->eng->reset(c, true);
			return c;
		}
		if (c->sql == NULL) {
			c->sql = sql;
			if (db->eng->prepare(db, c) != 0) {
				c->sql = NULL;
				return NULL;
			}
			return c;
		}
	}
	log_event(LOG_ERR, "statement cache full");
	return NULL;
}

/* Ends the request's read snapshot: from here on each statement is its
 * own transaction again (or db_begin's). */
static void snapshot_end(struct db *db)
{
	if (!db->snapshot)
		return;
	db->snapshot = false;
	snapshot_db = NULL;
	if (db->eng->in_transaction(db) && db->eng->snapshot_end(db) != 0)
		db_rollback(db);
}

struct db_stmt *db_stmt(struct db *db, const char *sql)
{
	struct db_stmt *c = stmt_cached(db, sql);
	if (c == NULL)
		return NULL;
	/* A statement that writes never runs inside the read snapshot: it
	 * would commit only with the snapshot (or fail with BUSY_SNAPSHOT
	 * when another process wrote since). It runs as it always did, in
	 * its own transaction or in db_begin's. */
	if (c->writes && db->snapshot)
		snapshot_end(db);
	return c;
}

void db_snapshot(struct db *db)
{
	if (db->snapshot || db->eng->in_transaction(db))
		return;
	if (db->eng->snapshot_begin(db) == 0) {
		db->snapshot = true;
		snapshot_db = db;
	}
}

int db_cache_kib(struct db *db, int kib)
{
	/* A PRAGMA takes no parameter; the statement cache keys on the
	 * text's address, which this one keeps. */
	static char sql[48];
	snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d", kib);
	return db_pragma(db, sql);
}

int db_pragma(struct db *db, const char *sql)
{
	struct db_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return -1;
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		;
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}

int db_checkpoint_in_background(struct db *db, char *err, size_t errlen)
{
	if (db->eng->checkpoint_in_background == NULL)
		return 0;
	return db->eng->checkpoint_in_background(db, err, errlen);
}

void db_snapshot_release(void)
{
	if (snapshot_db != NULL)
		snapshot_end(snapshot_db);
}

void db_snapshot_end(struct db *db)
{
	snapshot_end(db);
}

void db_reset_all(struct db *db)
{
	for (size_t i = 0; i < DB_CACHE_SLOTS; i++)
		if (db->cache[i].sql != NULL)
			db->eng->reset(&db->cache[i], false);
	db_rollback(db);
	if (db->eng->request_end != NULL)
		db->eng->request_end(db);
}

static int begin_write(struct db *db, bool relaxed)
{
	static unsigned long long transactions;
	snapshot_end(db);
	db->write_txn = 0;
	if (db->eng->begin(db, relaxed) != 0)
		return -1;
	db->write_txn = ++transactions;
	return 0;
}

int db_begin(struct db *db)
{
	return begin_write(db, false);
}

int db_begin_relaxed(struct db *db)
{
	return begin_write(db, true);
}

int db_commit(struct db *db)
{
	db->write_txn = 0;
	return db->eng->commit(db);
}

void db_rollback(struct db *db)
{
	if (db->snapshot)
		snapshot_db = NULL;
	db->snapshot = false;
	db->write_txn = 0;
	db->eng->rollback(db);
}

bool db_in_transaction(struct db *db)
{
	return db->eng->in_transaction(db);
}

unsigned long long db_write_transaction(struct db *db)
{
	/* Ended by other means (a COMMIT statement, SQLite rolling back on
	 * an I/O error): none. */
	if (db->write_txn != 0 && !db->eng->in_transaction(db))
		db->write_txn = 0;
	return db->write_txn;
}

int db_version(struct db *db)
{
	return db->eng->version(db);
}

int db_stored_version(const char *where, const char *password_file,
                      char *err, size_t errlen)
{
	if (!is_pg_uri(where) && access(sqlite_path(where), F_OK) != 0 &&
	    errno == ENOENT)
		return 0;
	struct db *db = NULL;
	if (db_open_secret(where, password_file, &db, err, errlen) != 0)
		return -1;
	int v = db_version(db);
	if (v < 0)
		snprintf(err, errlen, "the schema version cannot be read: %s",
		         db_errmsg(db));
	db_close(db);
	return v;
}

int db_migrate(struct db *db, char *err, size_t errlen)
{
	return db_migrate_to(db, db_schema_version, err, errlen);
}

/* One step a transaction, the version read inside it: a second process
 * migrating at the same time waits, then finds the work done. */
int db_migrate_to(struct db *db, int target, char *err, size_t errlen)
{
	if (target < 1 || target > db_schema_version) {
		snprintf(err, errlen, "no schema version %d", target);
		return -1;
	}
	snapshot_end(db);
	for (;;) {
		if (db->eng->migrate_begin(db, err, errlen) != 0)
			return -1;
		int have = db->eng->version(db), to = 0;
		const char *script = NULL;
		if (have < 0)
			snprintf(err, errlen, "cannot read the schema version");
		else if (have > db_schema_version)
			snprintf(err, errlen, "the database is version %d, newer than "
			         "this program (%d): upgrade the programs", have,
			         db_schema_version);
		else if (have >= target)
			return db->eng->commit(db) == 0 ? 0 : -1;
		if (have < 0 || have > db_schema_version ||
		    db->eng->migrate_step(have, target, &script, &to, err, errlen) ||
		    db->eng->exec(db, script, err, errlen) ||
		    db->eng->set_version(db, to, err, errlen)) {
			db->eng->rollback(db);
			return -1;
		}
		if (db->eng->commit(db) != 0) {
			snprintf(err, errlen, "schema version %d: %s", to,
			         db->eng->errmsg(db));
			return -1;
		}
	}
}

int db_bind_text(struct db_stmt *st, int idx, const char *s)
{
	if (s == NULL)
		return st->db->eng->bind_null(st, idx);
	return st->db->eng->bind_text(st, idx, s, strlen(s));
}

int db_bind_text_len(struct db_stmt *st, int idx, const char *s, size_t len)
{
	return st->db->eng->bind_text(st, idx, s, len);
}

int db_bind_int(struct db_stmt *st, int idx, long long v)
{
	return st->db->eng->bind_int(st, idx, v);
}

int db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t len)
{
	return st->db->eng->bind_blob(st, idx, p, len);
}

int db_bind_null(struct db_stmt *st, int idx)
{
	return st->db->eng->bind_null(st, idx);
}

int db_step(struct db_stmt *st)
{
	return st->db->eng->step(st);
}

void db_reset(struct db_stmt *st)
{
	st->db->eng->reset(st, false);
}

long long db_col_int64(struct db_stmt *st, int col)
{
	return st->db->eng->col_int64(st, col);
}

int db_col_int(struct db_stmt *st, int col)
{
	return (int)st->db->eng->col_int64(st, col);
}

double db_col_double(struct db_stmt *st, int col)
{
	return st->db->eng->col_double(st, col);
}

const char *db_col_text(struct db_stmt *st, int col)
{
	const char *t = st->db->eng->col_text(st, col);
	return t ? t : "";
}

const char *db_col_text_null(struct db_stmt *st, int col)
{
	return st->db->eng->col_text(st, col);
}

const void *db_col_blob(struct db_stmt *st, int col)
{
	return st->db->eng->col_blob(st, col);
}

int db_col_bytes(struct db_stmt *st, int col)
{
	return st->db->eng->col_bytes(st, col);
}

long long db_changes(struct db *db)
{
	return db->eng->changes(db);
}

const char *db_errmsg(struct db *db)
{
	return db->eng->errmsg(db);
}

bool db_failed(struct db *db)
{
	return db->eng->failed(db);
}

int db_step_done(struct db *db, struct db_stmt *st, const char *who)
{
	if (st == NULL)
		return -1;
	int rc = db_step(st);
	if (rc != DB_DONE && who != NULL)
		log_event(LOG_ERR, "%s: %s", who, db_errmsg(db));
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}

int db_step_id(struct db *db, struct db_stmt *st, const char *who,
               long long *id)
{
	*id = 0;
	if (st == NULL)
		return -1;
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*id = db_col_int64(st, 0);
		rc = db_step(st);
	}
	if (rc != DB_DONE) {
		*id = 0;
		if (who != NULL)
			log_event(LOG_ERR, "%s: %s", who, db_errmsg(db));
	}
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}

bool db_step_row(struct db_stmt *st)
{
	if (st == NULL)
		return false;
	bool row = db_step(st) == DB_ROW;
	db_reset(st);
	return row;
}

#include "db-sqlite.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

#define DB_CACHE_SLOTS 256

/* A statement of the cache: what callers hold as struct db_stmt. */
struct db_stmt {
	const char *sql;
	sqlite3_stmt *stmt;
	bool writes; /* !sqlite3_stmt_readonly: ends the request's snapshot */
};

struct db {
	sqlite3 *conn;
	bool snapshot; /* db_snapshot's read transaction is open */
	bool relaxed;  /* db_begin_relaxed set synchronous=NORMAL */
	struct db_stmt cache[DB_CACHE_SLOTS];
};

/* The connection whose snapshot is open (one a process: the program's). */
static struct db *snapshot_db;

static int pragma(sqlite3 *conn, const char *sql, char *err, size_t errlen)
{
	char *msg = NULL;
	/* Fixed statements, no outside data: sqlite3_exec is fine here. */
	if (sqlite3_exec(conn, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", sql, msg ? msg : "failed");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* INSERT ... RETURNING (db_step_id) needs 3.35; FTS5's trigram tokenizer
 * 3.34. */
#define DB_SQLITE_MIN 3035000

int db_open(const char *path, struct db **out, char *err, size_t errlen)
{
	if (sqlite3_libversion_number() < DB_SQLITE_MIN) {
		snprintf(err, errlen, "SQLite %s is too old: kaiji needs 3.35 or "
		         "newer (Debian 12, Ubuntu 22.04)", sqlite3_libversion());
		return -1;
	}
	struct db *db = calloc(1, sizeof *db);
	if (db == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	int rc = sqlite3_open_v2(path, &db->conn,
	                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	                             SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path,
		         db->conn ? sqlite3_errmsg(db->conn) : "cannot open");
		goto fail;
	}
	sqlite3_db_config(db->conn, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db->conn, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_extended_result_codes(db->conn, 1);
	sqlite3_busy_timeout(db->conn, 5000);
	if (pragma(db->conn, "PRAGMA journal_mode=WAL", err, errlen) ||
	    pragma(db->conn, "PRAGMA foreign_keys=ON", err, errlen) ||
	    pragma(db->conn, "PRAGMA synchronous=FULL", err, errlen))
		goto fail;
	*out = db;
	return 0;
fail:
	sqlite3_close(db->conn);
	free(db);
	return -1;
}

void db_close(struct db *db)
{
	if (db == NULL)
		return;
	if (snapshot_db == db)
		snapshot_db = NULL;
	for (size_t i = 0; i < DB_CACHE_SLOTS; i++)
		sqlite3_finalize(db->cache[i].stmt);
	sqlite3_close(db->conn);
	free(db);
}

sqlite3 *db_handle(struct db *db)
{
	return db->conn;
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
			sqlite3_reset(c->stmt);
			sqlite3_clear_bindings(c->stmt);
			return c;
		}
		if (c->sql == NULL) {
			sqlite3_stmt *st = NULL;
			if (sqlite3_prepare_v3(db->conn, sql, -1,
			                       SQLITE_PREPARE_PERSISTENT, &st,
			                       NULL) != SQLITE_OK) {
				log_event(LOG_ERR, "prepare failed: %s",
				          sqlite3_errmsg(db->conn));
				return NULL;
			}
			c->sql = sql;
			c->stmt = st;
			c->writes = !sqlite3_stmt_readonly(st);
			return c;
		}
	}
	log_event(LOG_ERR, "statement cache full");
	return NULL;
}

static const char sql_snapshot_begin[] = "BEGIN";
static const char sql_snapshot_end[] = "COMMIT";

/* Ends the request's read snapshot: from here on each statement is its
 * own transaction again (or db_begin's). */
static void snapshot_end(struct db *db)
{
	if (!db->snapshot)
		return;
	db->snapshot = false;
	snapshot_db = NULL;
	if (!sqlite3_get_autocommit(db->conn)) {
		struct db_stmt *c = stmt_cached(db, sql_snapshot_end);
		if (c == NULL || db_step_done(db, c, sql_snapshot_end) != 0)
			db_rollback(db);
	}
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
	if (db->snapshot || !sqlite3_get_autocommit(db->conn))
		return;
	struct db_stmt *c = stmt_cached(db, sql_snapshot_begin);
	if (c != NULL && db_step_done(db, c, sql_snapshot_begin) == 0) {
		db->snapshot = true;
		snapshot_db = db;
	}
}

void db_snapshot_release(void)
{
	if (snapshot_db != NULL)
		snapshot_end(snapshot_db);
}

void db_reset_all(struct db *db)
{
	for (size_t i = 0; i < DB_CACHE_SLOTS; i++)
		if (db->cache[i].stmt)
			sqlite3_reset(db->cache[i].stmt);
	db_rollback(db);
}

static const char sql_sync_normal[] = "PRAGMA synchronous=NORMAL";
static const char sql_sync_full[] = "PRAGMA synchronous=FULL";

static int run_fixed(struct db *db, const char *sql);

/* Back to db_open's level once db_begin_relaxed's transaction is over
 * (while it is still open, its ROLLBACK does so). */
static void sync_full(struct db *db)
{
	if (db->relaxed && sqlite3_get_autocommit(db->conn) &&
	    run_fixed(db, sql_sync_full) == 0)
		db->relaxed = false;
}

static int run_fixed(struct db *db, const char *sql)
{
	return db_step_done(db, db_stmt(db, sql), sql);
}

int db_begin(struct db *db)
{
	snapshot_end(db);
	return run_fixed(db, "BEGIN IMMEDIATE");
}

/* The safety level may only change outside a transaction: it is set
 * before BEGIN and put back to FULL (db_open's) after COMMIT or
 * ROLLBACK. */
int db_begin_relaxed(struct db *db)
{
	snapshot_end(db);
	if (run_fixed(db, sql_sync_normal) != 0)
		return -1;
	db->relaxed = true;
	int rc = run_fixed(db, "BEGIN IMMEDIATE");
	if (rc != 0)
		sync_full(db);
	return rc;
}

int db_commit(struct db *db)
{
	int rc = run_fixed(db, "COMMIT");
	sync_full(db);
	return rc;
}

void db_rollback(struct db *db)
{
	if (db->snapshot)
		snapshot_db = NULL;
	db->snapshot = false;
	if (!sqlite3_get_autocommit(db->conn))
		run_fixed(db, "ROLLBACK");
	sync_full(db);
}

int db_version(struct db *db)
{
	struct db_stmt *st = db_stmt(db, "PRAGMA user_version");
	if (st == NULL || db_step(st) != DB_ROW)
		return -1;
	int v = db_col_int(st, 0);
	db_reset(st);
	return v;
}

int db_migrate(struct db *db, char *err, size_t errlen)
{
	return db_migrate_to(db, db_schema_version, err, errlen);
}

int db_migrate_to(struct db *db, int target, char *err, size_t errlen)
{
	int have = db_version(db);
	if (target < 1 || target > db_schema_version) {
		snprintf(err, errlen, "no schema version %d", target);
		return -1;
	}
	if (have < 0) {
		snprintf(err, errlen, "cannot read the schema version");
		return -1;
	}
	if (have > db_schema_version) {
		snprintf(err, errlen, "the database is version %d, newer than this "
		         "program (%d): upgrade the programs", have,
		         db_schema_version);
		return -1;
	}
	for (int v = have + 1; v <= target; v++) {
		char setv[64];
		snprintf(setv, sizeof setv, "PRAGMA user_version=%d", v);
		if (pragma(db->conn, "BEGIN IMMEDIATE", err, errlen))
			return -1;
		if (pragma(db->conn, db_migrations[v - 1], err, errlen) ||
		    pragma(db->conn, setv, err, errlen)) {
			char *msg = NULL;
			sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, &msg);
			sqlite3_free(msg);
			return -1;
		}
		if (pragma(db->conn, "COMMIT", err, errlen))
			return -1;
	}
	return 0;
}

bool db_in_transaction(struct db *db)
{
	return !sqlite3_get_autocommit(db->conn);
}

static int bind_rc(int rc)
{
	return rc == SQLITE_OK ? DB_OK : DB_ERROR;
}

int db_bind_text(struct db_stmt *st, int idx, const char *s)
{
	if (s == NULL)
		return bind_rc(sqlite3_bind_null(st->stmt, idx));
	return bind_rc(sqlite3_bind_text(st->stmt, idx, s, -1, SQLITE_TRANSIENT));
}

int db_bind_text_len(struct db_stmt *st, int idx, const char *s, size_t len)
{
	return bind_rc(sqlite3_bind_text64(st->stmt, idx, s, len,
	                                   SQLITE_TRANSIENT, SQLITE_UTF8));
}

int db_bind_int(struct db_stmt *st, int idx, long long v)
{
	return bind_rc(sqlite3_bind_int64(st->stmt, idx, v));
}

int db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t len)
{
	return bind_rc(sqlite3_bind_blob64(st->stmt, idx, p, len,
	                                   SQLITE_TRANSIENT));
}

int db_bind_null(struct db_stmt *st, int idx)
{
	return bind_rc(sqlite3_bind_null(st->stmt, idx));
}

/* Extended result codes are on (db_open): the primary code is the low
 * byte. */
int db_step(struct db_stmt *st)
{
	int rc = sqlite3_step(st->stmt);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	return (rc & 0xff) == SQLITE_CONSTRAINT ? DB_CONSTRAINT : DB_ERROR;
}

void db_reset(struct db_stmt *st)
{
	sqlite3_reset(st->stmt);
}

long long db_col_int64(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(st->stmt, col);
}

int db_col_int(struct db_stmt *st, int col)
{
	return sqlite3_column_int(st->stmt, col);
}

double db_col_double(struct db_stmt *st, int col)
{
	return sqlite3_column_double(st->stmt, col);
}

const char *db_col_text(struct db_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st->stmt, col);
	return t ? (const char *)t : "";
}

const char *db_col_text_null(struct db_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st->stmt, col);
}

const void *db_col_blob(struct db_stmt *st, int col)
{
	return sqlite3_column_blob(st->stmt, col);
}

int db_col_bytes(struct db_stmt *st, int col)
{
	return sqlite3_column_bytes(st->stmt, col);
}

long long db_changes(struct db *db)
{
	return sqlite3_changes(db->conn);
}

const char *db_errmsg(struct db *db)
{
	return sqlite3_errmsg(db->conn);
}

bool db_failed(struct db *db)
{
	return sqlite3_errcode(db->conn) != SQLITE_OK;
}

int db_step_done(struct db *db, struct db_stmt *st, const char *who)
{
	if (st == NULL)
		return -1;
	int rc = sqlite3_step(st->stmt);
	if (rc != SQLITE_DONE && who != NULL)
		log_event(LOG_ERR, "%s: %s", who, sqlite3_errmsg(db->conn));
	sqlite3_reset(st->stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

int db_step_id(struct db *db, struct db_stmt *st, const char *who,
               long long *id)
{
	*id = 0;
	if (st == NULL)
		return -1;
	int rc = sqlite3_step(st->stmt);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st->stmt, 0);
		rc = sqlite3_step(st->stmt);
	}
	if (rc != SQLITE_DONE) {
		*id = 0;
		if (who != NULL)
			log_event(LOG_ERR, "%s: %s", who, sqlite3_errmsg(db->conn));
	}
	sqlite3_reset(st->stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

bool db_step_row(struct db_stmt *st)
{
	if (st == NULL)
		return false;
	bool row = sqlite3_step(st->stmt) == SQLITE_ROW;
	sqlite3_reset(st->stmt);
	return row;
}

/* The SQLite engine behind lib/db.h: one connection per process in WAL
 * mode with foreign keys on and a busy handler; the schema version in
 * PRAGMA user_version. */
#include "db-sqlite.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "db-engine.h"
#include "db-sqlite-ckpt.h"
#include "log.h"

struct sqlite_conn {
	sqlite3 *h;
	bool relaxed; /* db_begin_relaxed set synchronous=NORMAL */
	struct db_ckpt *ckpt; /* db_checkpoint_in_background's thread */
};

static sqlite3 *conn_of(struct db *db)
{
	return ((struct sqlite_conn *)db->conn)->h;
}

static sqlite3_stmt *stmt_of(struct db_stmt *st)
{
	return st->impl;
}

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

/* A wait on a lock (another process's commit, the checkpoint thread's
 * RESTART and its write: lib/db-sqlite-ckpt.c) of at least 5 s. SQLite's
 * busy_timeout sleeps 1, 2, 5, 10, 15, 20, 25... ms between tries, so a
 * request that found the lock taken for 4 ms woke at 8 (issue 20: the
 * lookup's p99); this one tries every 100 µs for the first millisecond,
 * then every millisecond, and while this process's checkpoint thread
 * holds the lock to start the WAL over, waits for it on a mutex. */
#define BUSY_FINE_TRIES 10
#define BUSY_TRIES (BUSY_FINE_TRIES + 5000)

static int busy_wait(void *arg, int tries)
{
	struct sqlite_conn *c = arg;
	if (tries >= BUSY_TRIES)
		return 0;
	if (c->ckpt != NULL && db_ckpt_wait(c->ckpt))
		return 1;
	usleep(tries < BUSY_FINE_TRIES ? 100 : 1000);
	return 1;
}

/* INSERT ... RETURNING (db_step_id) needs 3.35; FTS5's trigram tokenizer
 * 3.34. */
#define DB_SQLITE_MIN 3035000

int db_sqlite_connect(const char *path, void **out, char *err, size_t errlen)
{
	if (sqlite3_libversion_number() < DB_SQLITE_MIN) {
		snprintf(err, errlen, "SQLite %s is too old: kaiji needs 3.35 or "
		         "newer (Debian 12, Ubuntu 22.04)", sqlite3_libversion());
		return -1;
	}
	struct sqlite_conn *c = calloc(1, sizeof *c);
	if (c == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	int rc = sqlite3_open_v2(path, &c->h,
	                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	                             SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path,
		         c->h ? sqlite3_errmsg(c->h) : "cannot open");
		goto fail;
	}
	sqlite3_db_config(c->h, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(c->h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_extended_result_codes(c->h, 1);
	sqlite3_busy_handler(c->h, busy_wait, c);
	if (pragma(c->h, "PRAGMA journal_mode=WAL", err, errlen) ||
	    pragma(c->h, "PRAGMA foreign_keys=ON", err, errlen) ||
	    pragma(c->h, "PRAGMA synchronous=FULL", err, errlen))
		goto fail;
	*out = c;
	return 0;
fail:
	sqlite3_close(c->h);
	free(c);
	return -1;
}

static void sq_close(struct db *db)
{
	struct sqlite_conn *c = db->conn;
	if (c->ckpt != NULL)
		db_ckpt_stop(c->h, c->ckpt);
	sqlite3_close(c->h);
	free(db->conn);
}

sqlite3 *db_handle(struct db *db)
{
	return db->eng == &db_engine_sqlite ? conn_of(db) : NULL;
}

static int sq_prepare(struct db *db, struct db_stmt *c)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(conn_of(db), c->sql, -1, SQLITE_PREPARE_PERSISTENT,
	                       &st, NULL) != SQLITE_OK) {
		log_event(LOG_ERR, "prepare failed: %s", sqlite3_errmsg(conn_of(db)));
		return -1;
	}
	c->impl = st;
	c->writes = !sqlite3_stmt_readonly(st);
	return 0;
}

static void sq_finalize(struct db_stmt *c)
{
	sqlite3_finalize(stmt_of(c));
}

static void sq_reset(struct db_stmt *c, bool clear)
{
	sqlite3_reset(stmt_of(c));
	if (clear)
		sqlite3_clear_bindings(stmt_of(c));
}

static int bind_rc(int rc)
{
	return rc == SQLITE_OK ? DB_OK : DB_ERROR;
}

static int sq_bind_text(struct db_stmt *st, int idx, const char *s, size_t len)
{
	return bind_rc(sqlite3_bind_text64(stmt_of(st), idx, s, len,
	                                   SQLITE_TRANSIENT, SQLITE_UTF8));
}

static int sq_bind_int(struct db_stmt *st, int idx, long long v)
{
	return bind_rc(sqlite3_bind_int64(stmt_of(st), idx, v));
}

static int sq_bind_blob(struct db_stmt *st, int idx, const void *p, size_t len)
{
	return bind_rc(sqlite3_bind_blob64(stmt_of(st), idx, p, len,
	                                   SQLITE_TRANSIENT));
}

static int sq_bind_null(struct db_stmt *st, int idx)
{
	return bind_rc(sqlite3_bind_null(stmt_of(st), idx));
}

/* Extended result codes are on (db_open): the primary code is the low
 * byte. */
static int sq_step(struct db_stmt *st)
{
	int rc = sqlite3_step(stmt_of(st));
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	return (rc & 0xff) == SQLITE_CONSTRAINT ? DB_CONSTRAINT : DB_ERROR;
}

static long long sq_col_int64(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(stmt_of(st), col);
}

static double sq_col_double(struct db_stmt *st, int col)
{
	return sqlite3_column_double(stmt_of(st), col);
}

static const char *sq_col_text(struct db_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(stmt_of(st), col);
}

static const void *sq_col_blob(struct db_stmt *st, int col)
{
	return sqlite3_column_blob(stmt_of(st), col);
}

static int sq_col_bytes(struct db_stmt *st, int col)
{
	return sqlite3_column_bytes(stmt_of(st), col);
}

static long long sq_changes(struct db *db)
{
	return sqlite3_changes(conn_of(db));
}

static const char *sq_errmsg(struct db *db)
{
	return sqlite3_errmsg(conn_of(db));
}

static bool sq_failed(struct db *db)
{
	return sqlite3_errcode(conn_of(db)) != SQLITE_OK;
}

static bool sq_in_transaction(struct db *db)
{
	return !sqlite3_get_autocommit(conn_of(db));
}

static int run_fixed(struct db *db, const char *sql)
{
	return db_step_done(db, db_stmt(db, sql), sql);
}

/* A deferred BEGIN: every read of a handler shares one read transaction
 * (one WAL read lock, not one per statement). */
static int sq_snapshot_begin(struct db *db)
{
	return run_fixed(db, "BEGIN");
}

static int sq_snapshot_end(struct db *db)
{
	return run_fixed(db, "COMMIT");
}

static const char sql_sync_normal[] = "PRAGMA synchronous=NORMAL";
static const char sql_sync_full[] = "PRAGMA synchronous=FULL";

/* Back to db_open's level once db_begin_relaxed's transaction is over
 * (while it is still open, its ROLLBACK does so). */
static void sync_full(struct db *db)
{
	struct sqlite_conn *c = db->conn;
	if (c->relaxed && sqlite3_get_autocommit(c->h) &&
	    run_fixed(db, sql_sync_full) == 0)
		c->relaxed = false;
}

/* BEGIN IMMEDIATE: writers queue on the busy timeout rather than fail at
 * COMMIT. The safety level may only change outside a transaction: it is
 * set before BEGIN and put back to FULL (db_open's) after COMMIT or
 * ROLLBACK. */
static int sq_begin(struct db *db, bool relaxed)
{
	if (!relaxed)
		return run_fixed(db, "BEGIN IMMEDIATE");
	if (run_fixed(db, sql_sync_normal) != 0)
		return -1;
	((struct sqlite_conn *)db->conn)->relaxed = true;
	int rc = run_fixed(db, "BEGIN IMMEDIATE");
	if (rc != 0)
		sync_full(db);
	return rc;
}

static int sq_commit(struct db *db)
{
	int rc = run_fixed(db, "COMMIT");
	sync_full(db);
	return rc;
}

static void sq_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(conn_of(db)))
		run_fixed(db, "ROLLBACK");
	sync_full(db);
}

/* db_checkpoint_in_background: lib/db-sqlite-ckpt.c. */
static int sq_checkpoint_in_background(struct db *db, char *err, size_t errlen)
{
	struct sqlite_conn *c = db->conn;
	if (c->ckpt != NULL)
		return 0;
	return db_ckpt_start(c->h, &c->ckpt, err, errlen);
}

static int sq_version(struct db *db)
{
	struct db_stmt *st = db_stmt(db, "PRAGMA user_version");
	if (st == NULL || db_step(st) != DB_ROW)
		return -1;
	int v = db_col_int(st, 0);
	db_reset(st);
	return v;
}

static int sq_migrate_begin(struct db *db, char *err, size_t errlen)
{
	return pragma(conn_of(db), "BEGIN IMMEDIATE", err, errlen);
}

static int sq_migrate_step(int have, int target, const char **script, int *to,
                           char *err, size_t errlen)
{
	(void)target;
	(void)err;
	(void)errlen;
	*script = db_migrations[have];
	*to = have + 1;
	return 0;
}

static int sq_exec(struct db *db, const char *script, char *err, size_t errlen)
{
	return pragma(conn_of(db), script, err, errlen);
}

static int sq_set_version(struct db *db, int v, char *err, size_t errlen)
{
	char setv[64];
	snprintf(setv, sizeof setv, "PRAGMA user_version=%d", v);
	return pragma(conn_of(db), setv, err, errlen);
}

const struct db_engine db_engine_sqlite = {
	.name = "sqlite",
	.close = sq_close,
	.prepare = sq_prepare,
	.finalize = sq_finalize,
	.reset = sq_reset,
	.bind_text = sq_bind_text,
	.bind_int = sq_bind_int,
	.bind_blob = sq_bind_blob,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.col_int64 = sq_col_int64,
	.col_double = sq_col_double,
	.col_text = sq_col_text,
	.col_blob = sq_col_blob,
	.col_bytes = sq_col_bytes,
	.changes = sq_changes,
	.errmsg = sq_errmsg,
	.failed = sq_failed,
	.in_transaction = sq_in_transaction,
	.snapshot_begin = sq_snapshot_begin,
	.snapshot_end = sq_snapshot_end,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.checkpoint_in_background = sq_checkpoint_in_background,
	.version = sq_version,
	.migrate_begin = sq_migrate_begin,
	.migrate_step = sq_migrate_step,
	.exec = sq_exec,
	.set_version = sq_set_version,
};

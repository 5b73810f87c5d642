/* Between lib/db.c (what both engines share: the statement cache, the
 * request's snapshot, the step helpers, the migrations driver) and one
 * engine (lib/db-sqlite.c, lib/db-pg.c). Only those three files include
 * it. */
#ifndef KAIJI_DB_ENGINE_H
#define KAIJI_DB_ENGINE_H

#include "db.h"

#define DB_CACHE_SLOTS 256

/* A statement of the cache: what callers hold as struct db_stmt. */
struct db_stmt {
	const char *sql;   /* the cache key: the SQL constant's address */
	struct db *db;
	void *impl;        /* the engine's statement */
	unsigned slot;     /* its place in the cache (PostgreSQL names it so) */
	bool writes;       /* ends the request's snapshot (db_stmt) */
};

/* One engine's operations. The binders and column readers follow lib/db.h;
 * those below say what differs. */
struct db_engine {
	const char *name;
	void (*close)(struct db *db);
	/* Prepare c->sql into c->impl and set c->writes: 0, or -1 logged. */
	int (*prepare)(struct db *db, struct db_stmt *c);
	void (*finalize)(struct db_stmt *c);
	/* Back to before the first step; clear: and the bindings cleared. */
	void (*reset)(struct db_stmt *c, bool clear);
	/* s is never NULL here; len is its length in bytes. */
	int (*bind_text)(struct db_stmt *st, int idx, const char *s, size_t len);
	int (*bind_int)(struct db_stmt *st, int idx, long long v);
	int (*bind_blob)(struct db_stmt *st, int idx, const void *p, size_t len);
	int (*bind_null)(struct db_stmt *st, int idx);
	int (*step)(struct db_stmt *st);
	long long (*col_int64)(struct db_stmt *st, int col);
	double (*col_double)(struct db_stmt *st, int col);
	/* NULL for NULL. */
	const char *(*col_text)(struct db_stmt *st, int col);
	const void *(*col_blob)(struct db_stmt *st, int col);
	int (*col_bytes)(struct db_stmt *st, int col);
	long long (*changes)(struct db *db);
	const char *(*errmsg)(struct db *db);
	bool (*failed)(struct db *db);
	bool (*in_transaction)(struct db *db);
	/* The request's read snapshot: begin it (0 or -1); end: commit it. */
	int (*snapshot_begin)(struct db *db);
	int (*snapshot_end)(struct db *db);
	/* db_begin (relaxed: db_begin_relaxed), db_commit, db_rollback. */
	int (*begin)(struct db *db, bool relaxed);
	int (*commit)(struct db *db);
	void (*rollback)(struct db *db);
	/* The end of a request, after every statement was reset and the
	 * transaction rolled back (PostgreSQL: reconnect when the server went
	 * away). May be NULL. */
	void (*request_end)(struct db *db);
	/* db_checkpoint_in_background. May be NULL. */
	int (*checkpoint_in_background)(struct db *db, char *err, size_t errlen);
	int (*version)(struct db *db);
	/* Migrations (db_migrate_to): a transaction that holds the write lock
	 * against every other process, the step that leads from version have
	 * towards target (its script and the version it reaches, or -1 with
	 * err when there is none), a script run, the version stored. */
	int (*migrate_begin)(struct db *db, char *err, size_t errlen);
	int (*migrate_step)(int have, int target, const char **script, int *to,
	                    char *err, size_t errlen);
	int (*exec)(struct db *db, const char *script, char *err, size_t errlen);
	int (*set_version)(struct db *db, int v, char *err, size_t errlen);
};

struct db {
	const struct db_engine *eng;
	void *conn;    /* the engine's connection */
	bool snapshot; /* db_snapshot's read transaction is open */
	unsigned long long write_txn; /* db_write_transaction, while open */
	struct db_stmt cache[DB_CACHE_SLOTS];
};

/* The engines' openers: conn for db->conn, 0; or -1 with err. */
extern const struct db_engine db_engine_sqlite, db_engine_pg;
int db_sqlite_connect(const char *path, void **conn, char *err, size_t errlen);
int db_pg_connect(const char *uri, const char *password, void **conn,
                  char *err, size_t errlen);
/* Whether uri is a connection string libpq takes, without a password in
 * it (Kaiji.DatabasePasswordFile holds that): 0, or -1 with err. */
int db_pg_check(const char *uri, char *err, size_t errlen);

#endif

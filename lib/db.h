/* The database: the one place that talks to the engine. Everything else
 * sees struct db and struct db_stmt, never the engine's own types.
 *
 * Two engines, chosen by where the database is (Kaiji.Database, db_open):
 * SQLite (lib/db-sqlite.c), the default, and PostgreSQL through libpq
 * (lib/db-pg.c) for cities that run several web servers on one
 * database (issue 21). lib/db.c holds what they share: the statement
 * cache, the request's snapshot, the step helpers and the migrations
 * driver; docs/engines.md says what each engine does for each part and
 * why. SQL only through prepared statements with bound parameters. The
 * few features that are SQLite's own and have no engine-neutral form are
 * in lib/db-sqlite.h.
 *
 * What both engines provide behind these same functions:
 * - db_open/db_close: one connection per process, foreign keys enforced,
 *   a wait on locks rather than an immediate failure (5 s: SQLite's busy
 *   handler, PostgreSQL's lock_timeout);
 * - db_stmt: statements prepared once per connection and kept for the
 *   process, keyed by the SQL constant's address; each call hands back
 *   the statement reset with no bindings; whether it writes is known at
 *   prepare time (SQLite's stmt_readonly; PostgreSQL: its first keyword,
 *   lib/db-sqltext.h), because a writing statement ends the request's
 *   read snapshot first;
 * - parameters numbered ?1, ?2... (PostgreSQL: rewritten $1, $2...) bound
 *   as text (copied), 64-bit integer, blob (copied) or NULL; columns
 *   read as 64-bit integer, int, double, text (NULL or "" for NULL, see
 *   below), blob and its length;
 * - db_step: DB_ROW, DB_DONE, DB_CONSTRAINT (a UNIQUE, CHECK, FOREIGN
 *   KEY or NOT NULL constraint refused the write: callers rely on it for
 *   "exactly once"; a refused write leaves the transaction usable) or
 *   DB_ERROR, with db_errmsg saying why;
 * - db_changes (rows changed by the last write); a new row's id comes
 *   from INSERT ... RETURNING id (db_step_id), which both engines accept;
 * - db_begin: a write transaction that takes the write lock at BEGIN, one
 *   writer at a time (SQLite's BEGIN IMMEDIATE; PostgreSQL: one advisory
 *   lock for every server, taken by every write, docs/engines.md);
 *   db_begin_relaxed: the same with a commit that need not reach the disk
 *   at once (SQLite's synchronous=NORMAL; PostgreSQL's
 *   synchronous_commit=off for the transaction); db_commit, db_rollback,
 *   db_in_transaction;
 * - db_snapshot / db_snapshot_release / db_reset_all: one read
 *   transaction per request, as below;
 * - db_version / db_migrate: the schema version stored in the database
 *   (SQLite: user_version; PostgreSQL: the table kaiji_schema) and the
 *   steps of lib/schema.c or lib/schema-pg.c applied each in its
 *   transaction. */
#ifndef KAIJI_DB_H
#define KAIJI_DB_H

#include <stdbool.h>
#include <stddef.h>

struct db;
/* A prepared statement from db_stmt; owned by the connection's cache. */
struct db_stmt;

/* What db_step answers, and the binders' DB_OK. */
enum db_rc {
	DB_OK = 0,
	DB_ERROR = 1,
	DB_CONSTRAINT = 19,
	DB_ROW = 100,
	DB_DONE = 101,
};

/* where: a SQLite file's path, "sqlite:PATH", or a libpq URI
 * ("postgresql://…" or "postgres://…", TLS settings and all; no password
 * in it). 0, or -1 with err (which never holds a password). */
int db_open(const char *where, struct db **out, char *err, size_t errlen);
/* The same with PostgreSQL's password read from password_file (refused
 * when others may read it); NULL or "": none. */
int db_open_secret(const char *where, const char *password_file,
                   struct db **out, char *err, size_t errlen);
/* Whether where is a form Kaiji.Database takes ("" for the default,
 * "sqlite:PATH" or a libpq URI without a password), and password_file
 * (NULL or "": none) goes with it: 0, or -1 with err. Nothing is opened
 * or read (kaijictl check-config). */
int db_where_check(const char *where, const char *password_file, char *err,
                   size_t errlen);
void db_close(struct db *db);
/* "sqlite" or "postgresql". */
const char *db_engine_name(struct db *db);

/* A cached statement for sql, reset and with bindings cleared; sql must be
 * a string constant (its address is the cache key). NULL on error, logged. */
struct db_stmt *db_stmt(struct db *db, const char *sql);

/* Reset every cached statement, ending any read left open; the FastCGI
 * loop calls it after each request, once the response is sent. */
void db_reset_all(struct db *db);
/* The connection of a program that answers requests, once before its
 * accept loop (issue 20): SQLite's WAL checkpoint (copying the WAL's
 * pages into the database and syncing it, once the WAL holds 1000
 * pages) no longer runs inside the commit that crosses the threshold,
 * on that request's path, but on a thread of the process's own with its
 * own connection (lib/db-sqlite-ckpt.c), which db_close ends. A commit
 * is exactly as durable as before (the WAL's sync at COMMIT). 0, or -1
 * with err when no thread could be had (a SQLite built without threads):
 * the connection keeps SQLite's automatic checkpoint then. Other
 * connections (kaijictl) keep it too. Nothing on PostgreSQL, whose
 * server checkpoints. */
int db_checkpoint_in_background(struct db *db, char *err, size_t errlen);
/* The engine's cache of database pages for this connection, at most kib
 * KiB (SQLite's PRAGMA cache_size; nothing on PostgreSQL, whose cache is
 * the server's). Once a process, before the accept loop. 0 or -1. */
int db_cache_kib(struct db *db, int kib);
/* Run a PRAGMA that answers a row (the value it set): 0 or -1. sql must
 * outlive the connection (the statement cache keys on its address). */
int db_pragma(struct db *db, const char *sql);

/* The request's read snapshot (issue 20): a deferred BEGIN, so every
 * read of a handler shares one read transaction (one WAL read lock, not
 * one per statement). The FastCGI loop opens it before the handler and
 * db_reset_all ends it. A statement that writes (db_stmt checks), and
 * db_begin, end it first, so writes commit exactly as they did without
 * it; reads after that are each their own transaction again. No-op when
 * a transaction is open. */
void db_snapshot(struct db *db);
/* Ends the open snapshot, if any, before the program waits on the
 * network (lib/fetch.c calls it before each provider call): no snapshot
 * spans seconds, and the reads after the answer see what other processes
 * committed meanwhile (a provider's notification), as without it. */
void db_snapshot_release(void);
/* Ends db's snapshot, if one is open (a function's own, taken with
 * db_snapshot when it found no transaction open). */
void db_snapshot_end(struct db *db);

/* Transactions: the write lock taken at BEGIN (SQLite's BEGIN IMMEDIATE)
 * so writers queue on the lock timeout rather than fail at COMMIT. */
int db_begin(struct db *db);
/* The same at PRAGMA synchronous=NORMAL: the commit is not synced (WAL:
 * it survives the program's crash, not the machine's power loss, until
 * the next checkpoint or full-sync commit). Only for writes whose loss
 * on a power cut is argued harmless where they are made; db_commit and
 * db_rollback put FULL back. */
int db_begin_relaxed(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);
/* Whether a transaction (db_begin's, or the snapshot) is open. */
bool db_in_transaction(struct db *db);
/* A number naming the db_begin (or db_begin_relaxed) transaction open on
 * the connection, never the same for two transactions of the process; 0
 * when none is open (outside a transaction, or in one begun otherwise).
 * For work done once a transaction however many writes it holds
 * (lib/register.c moves the register's version once, not per entry). */
unsigned long long db_write_transaction(struct db *db);

/* Schema (lib/schema.c): the numbered steps and the current version. */
extern const char *const db_migrations[];
extern const int db_schema_version;
/* PostgreSQL's schema (lib/schema-pg.c): the whole of it at version
 * db_pg_baseline_version, for an empty database, then the steps after it
 * (db_pg_steps[v - db_pg_baseline_version - 1] leads to version v). */
extern const char db_pg_baseline[];
extern const int db_pg_baseline_version;
extern const char *const db_pg_steps[];
/* The stored version, 0 for an empty database, -1 when unreadable. */
int db_version(struct db *db);
/* The stored version of the database at where (as db_open_secret takes
 * it) without making one: 0 when it has no schema (an empty database, or
 * a SQLite file that does not exist, which is not created), or -1 with
 * err when it cannot be opened or read (kaijictl db-version: whether
 * make install sets up a database or leaves it to migrate). */
int db_stored_version(const char *where, const char *password_file,
                      char *err, size_t errlen);
/* Apply every step above the stored version, each in a transaction that
 * holds the write lock (two servers upgrading at once: the second finds
 * the work done). Refuses a database newer than the program. */
int db_migrate(struct db *db, char *err, size_t errlen);
/* Only up to version target (for capturing test fixtures of old versions). */
int db_migrate_to(struct db *db, int target, char *err, size_t errlen);

/* Binders, parameters numbered from 1: DB_OK or DB_ERROR. Text and blobs
 * are copied; db_bind_text binds NULL for a NULL s. */
int db_bind_text(struct db_stmt *st, int idx, const char *s);
/* The first len bytes of s. */
int db_bind_text_len(struct db_stmt *st, int idx, const char *s, size_t len);
int db_bind_int(struct db_stmt *st, int idx, long long v);
int db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t len);
int db_bind_null(struct db_stmt *st, int idx);

/* One step: DB_ROW, DB_DONE, DB_CONSTRAINT or DB_ERROR. */
int db_step(struct db_stmt *st);
/* Back to before the first step, bindings kept. */
void db_reset(struct db_stmt *st);

/* Columns of the current row, numbered from 0. NULL reads as 0. */
long long db_col_int64(struct db_stmt *st, int col);
int db_col_int(struct db_stmt *st, int col);
double db_col_double(struct db_stmt *st, int col);
/* The column as text, "" for NULL. */
const char *db_col_text(struct db_stmt *st, int col);
/* The column as text, NULL for NULL. */
const char *db_col_text_null(struct db_stmt *st, int col);
const void *db_col_blob(struct db_stmt *st, int col);
/* The length in bytes of the text or blob just read from the column. */
int db_col_bytes(struct db_stmt *st, int col);

/* Rows inserted, changed or deleted by the last write statement. */
long long db_changes(struct db *db);
/* The engine's message for the last failure. */
const char *db_errmsg(struct db *db);
/* Whether the last call on the connection failed. */
bool db_failed(struct db *db);

/* Step a statement that returns no row, then reset it: 0, or -1 (st NULL,
 * or the step failed: logged as "who: message" unless who is NULL). */
int db_step_done(struct db *db, struct db_stmt *st, const char *who);
/* Step an INSERT ... RETURNING id, then reset it: 0 with *id the new
 * row's id (0 when the statement added none: ON CONFLICT DO NOTHING), or
 * -1 (st NULL, or the step failed: logged as "who: message" unless who
 * is NULL, and *id is 0). Both engines return the id this way; there is
 * no "last insert id" to ask for afterwards. */
int db_step_id(struct db *db, struct db_stmt *st, const char *who,
               long long *id);
/* Step a query once, then reset it: whether it gave a row (false when st
 * is NULL or the step failed). */
bool db_step_row(struct db_stmt *st);

#endif

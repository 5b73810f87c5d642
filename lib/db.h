/* SQLite: one connection per process in WAL mode with foreign keys on and
 * a busy timeout; statements prepared once and cached by their SQL text's
 * address; schema migrations by PRAGMA user_version. SQL only through
 * prepared statements with bound parameters. */
#ifndef KAIJI_DB_H
#define KAIJI_DB_H

#include <stdbool.h>
#include <stddef.h>

#include <sqlite3.h>

struct db;

int db_open(const char *path, struct db **out, char *err, size_t errlen);
void db_close(struct db *db);
sqlite3 *db_handle(struct db *db);

/* A cached statement for sql, reset and with bindings cleared; sql must be
 * a string constant (its address is the cache key). NULL on error, logged. */
sqlite3_stmt *db_stmt(struct db *db, const char *sql);

/* Reset every cached statement, ending any read left open; the FastCGI
 * loop calls it after each request. */
void db_reset_all(struct db *db);

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

/* Transactions: BEGIN IMMEDIATE so writers queue on the busy timeout
 * rather than fail at COMMIT. */
int db_begin(struct db *db);
/* The same at PRAGMA synchronous=NORMAL: the commit is not synced (WAL:
 * it survives the program's crash, not the machine's power loss, until
 * the next checkpoint or full-sync commit). Only for writes whose loss
 * on a power cut is argued harmless where they are made; db_commit and
 * db_rollback put FULL back. */
int db_begin_relaxed(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);

/* Schema (lib/schema.c): the numbered steps and the current version. */
extern const char *const db_migrations[];
extern const int db_schema_version;
int db_version(struct db *db);
/* Apply every step above the file's user_version, each in a transaction. */
int db_migrate(struct db *db, char *err, size_t errlen);
/* Only up to version target (for capturing test fixtures of old versions). */
int db_migrate_to(struct db *db, int target, char *err, size_t errlen);

/* Bind helpers returning SQLITE_OK or an error code. */
int db_bind_text(sqlite3_stmt *st, int idx, const char *s);
int db_bind_int(sqlite3_stmt *st, int idx, long long v);
/* The column as text, "" for NULL. */
const char *db_col_text(sqlite3_stmt *st, int col);
/* Step a statement that returns no row, then reset it: 0, or -1 (st NULL,
 * or the step failed: logged as "who: message" unless who is NULL). */
int db_step_done(struct db *db, sqlite3_stmt *st, const char *who);
/* Step a query once, then reset it: whether it gave a row (false when st
 * is NULL or the step failed). */
bool db_step_row(sqlite3_stmt *st);

#endif

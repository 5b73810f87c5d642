/* The programs' WAL checkpoint on a thread of its own (issue 20), for
 * lib/db-sqlite.c's db_checkpoint_in_background; nothing else includes
 * it. */
#ifndef KAIJI_DB_SQLITE_CKPT_H
#define KAIJI_DB_SQLITE_CKPT_H

#include <stdbool.h>
#include <stddef.h>

#include <sqlite3.h>

struct db_ckpt;

/* A thread with its own connection to conn's database file, which
 * checkpoints the WAL whenever conn's commits took it past SQLite's
 * threshold (conn's wal_hook, replacing SQLite's automatic checkpoint).
 * 0, or -1 with err (the library was built without threads, the
 * database is not a file, the thread or its connection could not be
 * made): conn keeps SQLite's automatic checkpoint then. */
int db_ckpt_start(sqlite3 *conn, struct db_ckpt **out, char *err,
                  size_t errlen);
/* For conn's busy handler, on the requests' thread: while the thread
 * goes from its RESTART checkpoint to its own write, waits until it has
 * the write lock and answers true; false at once otherwise. */
bool db_ckpt_wait(struct db_ckpt *ck);
/* Before conn is closed: waits for a checkpoint in progress, ends the
 * thread, closes its connection and takes conn's wal_hook away. */
void db_ckpt_stop(sqlite3 *conn, struct db_ckpt *ck);

#endif

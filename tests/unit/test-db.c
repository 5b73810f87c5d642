/* lib/db.c's request snapshot and relaxed commits (issue 20): reads share
 * one read transaction; a write ends it and commits at once, seen by
 * another connection; db_begin_relaxed's commit is at synchronous=NORMAL
 * and FULL comes back after it, whether it commits or rolls back. */
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "log.h"
#include "tap.h"

static struct fixture fx;

static const char sql_count[] = "SELECT COUNT(*) FROM throttle";
static const char sql_add[] =
    "INSERT INTO throttle (bucket, key_hash, at) VALUES ('ref', 'k', 1)";
static const char sql_sync[] = "PRAGMA synchronous";

static int count(struct db *db)
{
	struct db_stmt *st = db_stmt(db, sql_count);
	int n = st && db_step(st) == DB_ROW ? db_col_int(st, 0) : -1;
	db_reset(st);
	return n;
}

static int sync_level(struct db *db)
{
	struct db_stmt *st = db_stmt(db, sql_sync);
	int n = st && db_step(st) == DB_ROW ? db_col_int(st, 0) : -1;
	db_reset(st);
	return n;
}

static void snapshot(struct db *other)
{
	struct db *db = fx.db;
	db_snapshot(db);
	TAP_INTEQ(count(db), 0, "the snapshot reads");
	TAP_OK(db_in_transaction(db), "the reads share one transaction");
	db_step_done(other, db_stmt(other, sql_add), "add");
	TAP_INTEQ(count(db), 0, "another process's write is not seen inside the snapshot");
	TAP_INTEQ(db_step_done(db, db_stmt(db, sql_add), "add"), 0,
	          "-bad- a write inside the snapshot does not fail (BUSY_SNAPSHOT)");
	TAP_OK(!db_in_transaction(db), "the write ended the snapshot");
	TAP_INTEQ(count(other), 2, "the write is committed at once, seen by another connection");
	db_reset_all(db);
	TAP_INTEQ(count(other), 2, "-bad- the end of the request does not roll the write back");

	db_snapshot(db);
	TAP_INTEQ(count(db), 2, "a new snapshot sees everything committed");
	TAP_INTEQ(db_begin(db), 0, "db_begin inside the snapshot ends it first");
	db_step_done(db, db_stmt(db, sql_add), "add");
	TAP_INTEQ(db_commit(db), 0, "and commits");
	TAP_INTEQ(count(other), 3, "the transaction's write is seen");
	db_reset_all(db);

	db_snapshot(db);
	TAP_INTEQ(count(db), 3, "a snapshot again");
	db_step_done(other, db_stmt(other, sql_add), "add");
	db_snapshot_release();
	TAP_OK(!db_in_transaction(db), "released before a network call");
	TAP_INTEQ(count(db), 4, "-bad- the reads after it see what was committed meanwhile");
	db_snapshot_release();
	TAP_OK(!db_in_transaction(db), "releasing without a snapshot does nothing");
	db_reset_all(db);
}

static void relaxed(void)
{
	struct db *db = fx.db;
	TAP_INTEQ(sync_level(db), 2, "db_open syncs fully (FULL = 2)");
	db_snapshot(db);
	count(db);
	TAP_INTEQ(db_begin_relaxed(db), 0, "a relaxed transaction begins inside a snapshot");
	TAP_INTEQ(sync_level(db), 1, "at synchronous NORMAL");
	db_step_done(db, db_stmt(db, sql_add), "add");
	TAP_INTEQ(db_commit(db), 0, "it commits");
	TAP_INTEQ(sync_level(db), 2, "-bad- FULL is back after the commit");
	TAP_INTEQ(db_begin_relaxed(db), 0, "again");
	db_rollback(db);
	TAP_INTEQ(sync_level(db), 2, "-bad- FULL is back after a rollback");
	TAP_INTEQ(db_begin_relaxed(db), 0, "again, left open");
	db_reset_all(db);
	TAP_INTEQ(sync_level(db), 2, "-bad- FULL is back after the request's end");
	TAP_INTEQ(db_begin(db), 0, "an ordinary transaction");
	TAP_INTEQ(sync_level(db), 2, "-bad- stays FULL");
	db_rollback(db);
}

int main(void)
{
	char err[512];
	struct db *other = NULL;
	log_init("test-db");
	if (fixture_open(&fx, "yamagata", 1) != 0 ||
	    db_open(fx.db_path, &other, err, sizeof err) != 0) {
		printf("not ok 1 - setup\n");
		return 1;
	}
	snapshot(other);
	relaxed();
	db_close(other);
	fixture_close(&fx);
	printf("1..%d\n", tap_count);
	return tap_failed != 0;
}

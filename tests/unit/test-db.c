/* lib/db.c's request snapshot and relaxed commits (issue 20): reads share
 * one read transaction; a write ends it and commits at once, seen by
 * another connection; db_begin_relaxed's commit is at synchronous=NORMAL
 * and FULL comes back after it, whether it commits or rolls back. The
 * engine-neutral answers (issue 21): a new row's id from RETURNING, none
 * on ON CONFLICT DO NOTHING, DB_CONSTRAINT for a refused write. The WAL's
 * checkpoint on a thread of its own (db_checkpoint_in_background), read
 * from the files and from the syncs SQLite asks for: in WAL mode only a
 * checkpoint writes and syncs the database file. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fixture.h"
#include "log.h"
#include "tap.h"

static struct fixture fx;

/* Every fdatasync and fsync of the process, counted by file (the
 * database, its WAL) and by thread (this test's, which plays the
 * program's requests' thread, or another): this program's definitions
 * come before libc's for libsqlite3's calls. */
enum { ON_MAIN, ON_OTHER };
enum { DB_FILE, WAL_FILE };
static pthread_t main_thread;
static atomic_int syncs[2][2];
static int (*real_fdatasync)(int), (*real_fsync)(int);

static void count_sync(int fd)
{
	char link[64], path[512];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, path, sizeof path - 1);
	size_t len = strlen(fx.db_path);
	if (n <= 0 || fx.db_path[0] == '\0')
		return;
	path[n] = '\0';
	if (strncmp(path, fx.db_path, len) != 0)
		return;
	int file = path[len] == '\0' ? DB_FILE
	           : strcmp(path + len, "-wal") == 0 ? WAL_FILE : -1;
	if (file >= 0)
		atomic_fetch_add(&syncs[pthread_equal(pthread_self(), main_thread)
		                            ? ON_MAIN : ON_OTHER][file], 1);
}

int fdatasync(int fd)
{
	count_sync(fd);
	return real_fdatasync(fd);
}

int fsync(int fd)
{
	count_sync(fd);
	return real_fsync(fd);
}

static void syncs_zero(void)
{
	for (int t = 0; t < 2; t++)
		for (int f = 0; f < 2; f++)
			atomic_store(&syncs[t][f], 0);
}

static int synced(int thread, int file)
{
	return atomic_load(&syncs[thread][file]);
}

static const char sql_count[] = "SELECT COUNT(*) FROM throttle";
static const char sql_add[] =
    "INSERT INTO throttle (bucket, key_hash, at) VALUES ('ref', 'k', 1)";
static const char sql_sync[] = "PRAGMA synchronous";
static const char sql_staff_new[] =
    "INSERT INTO staff (login, name, role, password_hash, created_at) "
    "VALUES (?1, 'n', ?2, 'h', 't') ON CONFLICT (login) DO NOTHING RETURNING id";
static const char sql_staff_plain[] =
    "INSERT INTO staff (login, name, role, password_hash, created_at) "
    "VALUES (?1, 'n', 'clerk', 'h', 't')";

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

static int staff_new(const char *login, const char *role, long long *id)
{
	struct db_stmt *st = db_stmt(fx.db, sql_staff_new);
	db_bind_text(st, 1, login);
	db_bind_text(st, 2, role);
	return db_step_id(fx.db, st, NULL, id);
}

/* db_cache_kib: the program's page cache (cgi-bin/status.c's 256 KiB). */
static void cache(void)
{
	static const char sql_cache_size[] = "PRAGMA cache_size";
	TAP_INTEQ(db_cache_kib(fx.db, 256), 0, "db_cache_kib sets the page cache");
	struct db_stmt *st = db_stmt(fx.db, sql_cache_size);
	TAP_INTEQ(st ? db_step(st) : -1, DB_ROW, "PRAGMA cache_size answers");
	TAP_INTEQ(st ? db_col_int(st, 0) : 0, -256, "... 256 KiB, as KiB (negative)");
	db_reset(st);
}

static void returning(void)
{
	long long id = -1, again = -1;
	TAP_INTEQ(staff_new("t-returning", "clerk", &id), 0, "RETURNING id inserts");
	TAP_OK(id > 0, "and gives the new row's id");
	TAP_INTEQ(db_changes(fx.db), 1, "one row changed");
	TAP_INTEQ(staff_new("t-returning", "clerk", &again), 0,
	          "ON CONFLICT DO NOTHING is no error");
	TAP_INTEQ(again, 0, "-bad- and gives no id");
	TAP_INTEQ(staff_new("t-check", "boss", &again), -1,
	          "-bad- a CHECK constraint fails the step");
	TAP_INTEQ(again, 0, "-bad- with no id");
	struct db_stmt *st = db_stmt(fx.db, sql_staff_plain);
	db_bind_text(st, 1, "t-returning");
	TAP_INTEQ(db_step(st), DB_CONSTRAINT, "-bad- a duplicate is DB_CONSTRAINT");
	db_reset(st);
	TAP_OK(db_failed(fx.db), "the connection says the last call failed");
	TAP_OK(strlen(db_errmsg(fx.db)) > 0, "with a message");
}

static const char sql_fill_table[] = "CREATE TABLE fill (b BLOB)";
/* About four overflow pages and the table's leaf: five WAL frames. */
static const char sql_fill[] = "INSERT INTO fill (b) VALUES (zeroblob(16000))";
static const char sql_truncate[] = "PRAGMA wal_checkpoint(TRUNCATE)";
static const char sql_page_size[] = "PRAGMA page_size";

static long long file_size(const char *suffix)
{
	char p[300];
	struct stat st;
	snprintf(p, sizeof p, "%s%s", fx.db_path, suffix);
	return stat(p, &st) == 0 ? (long long)st.st_size : -1;
}

/* The WAL header's salts: new each time a writer starts the WAL over
 * after a complete checkpoint (its checkpoint sequence is the writing
 * connection's own count). */
static unsigned long long wal_salts(void)
{
	char p[300];
	unsigned char h[24];
	snprintf(p, sizeof p, "%s-wal", fx.db_path);
	FILE *fp = fopen(p, "rb");
	size_t n = fp ? fread(h, 1, sizeof h, fp) : 0;
	if (fp)
		fclose(fp);
	unsigned long long v = 0;
	for (size_t i = 16; n == sizeof h && i < 24; i++)
		v = v << 8 | h[i];
	return v;
}

static int fill(struct db *db)
{
	if (db_begin(db) != 0)
		return -1;
	if (db_step_done(db, db_stmt(db, sql_fill), "fill") != 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}

/* Commits on db until the WAL file holds frames pages or the database
 * file changes size: the WAL's size in pages, or -1. */
static long long fill_until(struct db *db, long long frames, long long frame)
{
	long long size = file_size(""), wal = 0;
	for (int i = 0; i < 1000 && wal < frames; i++) {
		if (fill(db) != 0)
			return -1;
		wal = (file_size("-wal") - 32) / frame;
		if (file_size("") != size)
			break;
	}
	return wal;
}

static void pause_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&t, NULL);
}

/* Polls until the WAL's salts are no longer salts: whether it started
 * over in 20 s. */
static bool wal_started_over(unsigned long long salts)
{
	for (int i = 0; i < 20000; i++) {
		if (wal_salts() != salts)
			return true;
		pause_ms(1);
	}
	return false;
}

static long long wal_pages(long long frame)
{
	return (file_size("-wal") - 32) / frame;
}

/* The program's connection, this thread its requests' thread. */
static void checkpoints(struct db *other)
{
	struct db *db = fx.db;
	char err[256];
	struct db_stmt *st = db_stmt(db, sql_page_size);
	long long frame = st && db_step(st) == DB_ROW ? db_col_int(st, 0) + 24 : 0;
	db_reset(st);
	TAP_OK(frame > 24, "the page size is known");
	TAP_INTEQ(db_step_done(db, db_stmt(db, sql_fill_table), "fill"), 0,
	          "a table to fill");
	TAP_OK(db_step_row(db_stmt(db, sql_truncate)), "the WAL emptied");
	TAP_INTEQ(db_checkpoint_in_background(db, err, sizeof err), 0,
	          "the checkpoint's thread starts (SQLite %s is threadsafe)",
	          sqlite3_libversion());
	TAP_INTEQ(fill(db), 0, "a first commit starts the WAL");
	unsigned long long salts = wal_salts();
	long long start = file_size("");
	syncs_zero();

	/* Up to the commit that takes the WAL to 1000 pages, and then no
	 * more: the thread's checkpoint runs while this thread is idle. */
	int commits = 0;
	while (commits < 1000 && wal_pages(frame) < 1000 && fill(db) == 0)
		commits++;
	TAP_OK(wal_pages(frame) >= 1000, "commits took the WAL to 1000 pages (%lld)",
	       wal_pages(frame));
	TAP_OK(wal_started_over(salts),
	       "-bad- the WAL started over: the thread checkpointed every frame "
	       "and wrote first");
	TAP_OK(file_size("") > start + 600 * (frame - 24),
	       "-bad- the database file took the WAL's pages (%lld bytes more)",
	       file_size("") - start);
	TAP_INTEQ(synced(ON_MAIN, DB_FILE), 0,
	          "-bad- no commit on the requests' thread synced the database "
	          "file: no checkpoint ran there");
	TAP_INTEQ(synced(ON_MAIN, WAL_FILE), commits,
	          "-bad- each of the %d commits synced the WAL once, its own frames",
	          commits);
	TAP_OK(synced(ON_OTHER, DB_FILE) >= 1,
	       "-bad- the other thread synced the database (%d)",
	       synced(ON_OTHER, DB_FILE));
	TAP_OK(synced(ON_OTHER, WAL_FILE) >= 1,
	       "-bad- and the WAL, its new header among them (%d)",
	       synced(ON_OTHER, WAL_FILE));
	TAP_INTEQ(fill(db), 0, "a commit after it");
	TAP_INTEQ(synced(ON_MAIN, WAL_FILE), commits + 1,
	          "-bad- syncs the WAL once: the thread already synced its header");

	/* Steady commits, a millisecond apart as requests come: the WAL
	 * keeps starting over, the database file is synced on the other
	 * thread only. */
	long long most = 0;
	int restarts = 0;
	salts = wal_salts();
	for (int i = 0; i < 800; i++) {
		fill(db);
		long long pages = wal_pages(frame);
		most = pages > most ? pages : most;
		if (wal_salts() != salts) {
			restarts++;
			salts = wal_salts();
		}
		pause_ms(1);
	}
	TAP_OK(restarts >= 2,
	       "-bad- 4,000 pages of commits started the WAL over again (%d times)",
	       restarts);
	TAP_OK(most < 2000, "-bad- the WAL file stayed under 2,000 pages (%lld)",
	       most);
	TAP_INTEQ(synced(ON_MAIN, DB_FILE), 0,
	          "-bad- and the requests' thread never synced the database file");

	TAP_OK(db_step_row(db_stmt(db, sql_truncate)), "the WAL emptied again");
	start = file_size("");
	long long wal = fill_until(other, 1500, frame);
	TAP_OK(wal > 0 && file_size("") > start,
	       "-bad- another connection (kaijictl's) still checkpoints inside its "
	       "commits (the database file grew)");
	TAP_OK(wal >= 990 && wal <= 1010,
	       "-bad- once the WAL reached 1000 pages (%lld)", wal);
}

int main(void)
{
	char err[512];
	struct db *other = NULL;
	log_init("test-db");
	main_thread = pthread_self();
	real_fdatasync = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
	real_fsync = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	if (fixture_open(&fx, "yamagata", 1) != 0 ||
	    db_open(fx.db_path, &other, err, sizeof err) != 0) {
		printf("not ok 1 - setup\n");
		return 1;
	}
	snapshot(other);
	relaxed();
	returning();
	cache();
	checkpoints(other);
	db_close(other);
	fixture_close(&fx);
	printf("1..%d\n", tap_count);
	return tap_failed != 0;
}

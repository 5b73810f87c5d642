/* The programs' WAL checkpoint, off the requests' thread (issue 20).
 *
 * Durability first. In WAL mode a commit is durable once its frames are
 * in the WAL and the WAL is synced, which the request's COMMIT still does
 * at synchronous=FULL (or, for db_begin_relaxed's, leaves to the next
 * sync, as before) on the program's own connection, untouched here. A
 * checkpoint only copies committed pages into the database file, and
 * syncs the WAL before and the database after it at NORMAL as at FULL
 * (SQLite's PRAGMA synchronous); this thread's connection is at NORMAL
 * only for restart_wal's write, which changes no data (a later commit's
 * sync at FULL covers its frame anyway).
 *
 * SQLite's automatic checkpoint ran inside the COMMIT that left the WAL
 * at 1000 pages or more, and its two syncs delayed that response and
 * the requests queued behind it (bench/RESULTS.md, sixth pass). Here the
 * program's connection only records the WAL's size after each commit
 * (wal_committed) and wakes this thread, which checkpoints on its own
 * connection:
 * - PASSIVE first: it copies what no reader still needs, blocking no
 *   one; another process's checkpoint running makes it give way (BUSY);
 * - with the requests' thread committing meanwhile a PASSIVE checkpoint
 *   never catches the WAL's end, and the WAL starts over only when a
 *   writer finds every frame copied: a RESTART checkpoint then copies
 *   the few frames committed meanwhile holding the write lock, waits for
 *   the readers still in the WAL, and leaves it copied to the end;
 * - the first write after that starts the WAL over and syncs its new
 *   header (SQLite does so at every level but OFF): restart_wal makes it
 *   this thread's, so a request's commit syncs only its own frames (the
 *   write lock is taken the moment RESTART lets it go, and this
 *   process's writers wait on a mutex meanwhile: db_ckpt_wait);
 * - a checkpoint that did not finish (a reader held frames back, the
 *   write lock was not had in time) is tried again once the WAL grew by
 *   CKPT_RETRY pages, not after every commit.
 * The waits for the write lock and for readers are short (ckpt_busy); a
 * request's writer waits behind this thread for at most those and the
 * syncs of RESTART and restart_wal, about once per 1000 pages. */
#include "db-sqlite-ckpt.h"

#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "log.h"

#define CKPT_FRAMES 1000 /* SQLite's own threshold */
#define CKPT_RETRY 100
/* ckpt_busy: 200 tries 100 µs apart, about 20 ms. */
#define CKPT_BUSY_TRIES 200
#define CKPT_BUSY_USEC 100

struct db_ckpt {
	sqlite3 *h; /* this thread's connection */
	/* restart_wal's BEGIN IMMEDIATE, prepared in advance: from the
	 * RESTART checkpoint's end to this lock, a request's writer that
	 * comes first starts the WAL over itself. */
	sqlite3_stmt *begin;
	/* Held from the RESTART checkpoint until restart_wal has the write
	 * lock: this process's request that waits for the lock meanwhile
	 * waits here (db_ckpt_wait), not in 100 µs sleeps that could take
	 * the lock first. */
	pthread_mutex_t gate;
	atomic_bool gated;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	/* Under mu. */
	int frames;   /* the WAL's size after the program's last commit */
	int next_try; /* the size at which the program's commit wakes us */
	bool wake, stop;
	/* This thread's own: the WAL's size after its restart_wal commit. */
	int own_frames;
};

/* The program's connection, after each of its commits, on the requests'
 * thread: no I/O, a mutex, and a wakeup once the WAL passed next_try. */
static int wal_committed(void *arg, sqlite3 *h, const char *name, int frames)
{
	struct db_ckpt *ck = arg;
	(void)h;
	(void)name;
	pthread_mutex_lock(&ck->mu);
	if (frames < ck->frames) /* the WAL started over */
		ck->next_try = CKPT_FRAMES;
	ck->frames = frames;
	if (frames >= ck->next_try && !ck->wake) {
		ck->wake = true;
		pthread_cond_signal(&ck->cv);
	}
	pthread_mutex_unlock(&ck->mu);
	return SQLITE_OK;
}

static int wal_own(void *arg, sqlite3 *h, const char *name, int frames)
{
	(void)h;
	(void)name;
	((struct db_ckpt *)arg)->own_frames = frames;
	return SQLITE_OK;
}

/* The write lock and the readers, for RESTART and restart_wal: polled
 * every 100 µs, so this thread takes the lock between two requests'
 * commits, and given up soon, so no request's writer waits long behind
 * a reader we wait for. */
static int ckpt_busy(void *arg, int tries)
{
	(void)arg;
	if (tries >= CKPT_BUSY_TRIES)
		return 0;
	usleep(CKPT_BUSY_USEC);
	return 1;
}

static int run(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			;
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

static int application_id(sqlite3 *h)
{
	sqlite3_stmt *st = NULL;
	int id = -1;
	if (sqlite3_prepare_v2(h, "PRAGMA application_id", -1, &st, NULL) ==
	        SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return id;
}

/* The first write after a complete checkpoint starts the WAL over and
 * syncs its header: a one-page write of our own that changes nothing
 * (the header's application_id, set to what it is: kaiji does not use
 * it) takes that sync, in the write transaction restart_begin opened.
 * Whether it did: the WAL holds one frame after it. Another process's
 * writer that came first has synced the header itself; ours then adds
 * one unsynced frame. */
static bool restart_wal(struct db_ckpt *ck)
{
	char set[64];
	int id = application_id(ck->h);
	snprintf(set, sizeof set, "PRAGMA application_id=%d", id);
	ck->own_frames = -1;
	if (id < 0 || run(ck->h, set) != SQLITE_OK ||
	    run(ck->h, "COMMIT") != SQLITE_OK) {
		run(ck->h, "ROLLBACK");
		return false;
	}
	return ck->own_frames == 1;
}

/* RESTART, then the write lock for restart_wal at once, the gate closed
 * between them: SQLITE_OK when both were had. */
static int restart_begin(struct db_ckpt *ck, int *log, int *done)
{
	pthread_mutex_lock(&ck->gate);
	atomic_store(&ck->gated, true);
	int rc = sqlite3_wal_checkpoint_v2(ck->h, NULL, SQLITE_CHECKPOINT_RESTART,
	                                   log, done);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(ck->begin);
		sqlite3_reset(ck->begin);
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
	}
	atomic_store(&ck->gated, false);
	pthread_mutex_unlock(&ck->gate);
	return rc;
}

bool db_ckpt_wait(struct db_ckpt *ck)
{
	if (!atomic_load(&ck->gated))
		return false;
	pthread_mutex_lock(&ck->gate);
	pthread_mutex_unlock(&ck->gate);
	return true;
}

static void warn_failed(sqlite3 *h, int rc)
{
	if (rc != SQLITE_OK && rc != SQLITE_BUSY)
		log_event(LOG_WARN, "checkpoint failed: %s", sqlite3_errmsg(h));
}

/* One wakeup's work: the WAL's size left behind, 0 when it started over. */
static int checkpoint(struct db_ckpt *ck)
{
	int log = 0, done = 0;
	int rc = sqlite3_wal_checkpoint_v2(ck->h, NULL, SQLITE_CHECKPOINT_PASSIVE,
	                                   &log, &done);
	if (rc != SQLITE_OK || done < log) {
		warn_failed(ck->h, rc);
		return log;
	}
	rc = restart_begin(ck, &log, &done);
	if (rc != SQLITE_OK) {
		warn_failed(ck->h, rc);
		return log;
	}
	return restart_wal(ck) ? 0 : log;
}

static void *ckpt_main(void *arg)
{
	struct db_ckpt *ck = arg;
	pthread_mutex_lock(&ck->mu);
	for (;;) {
		while (!ck->wake && !ck->stop)
			pthread_cond_wait(&ck->cv, &ck->mu);
		if (ck->stop)
			break;
		ck->wake = false;
		ck->next_try = INT_MAX;
		pthread_mutex_unlock(&ck->mu);
		int left = checkpoint(ck);
		pthread_mutex_lock(&ck->mu);
		if (left == 0)
			ck->next_try = CKPT_FRAMES;
		else
			ck->next_try = (left > ck->frames ? left : ck->frames) + CKPT_RETRY;
	}
	pthread_mutex_unlock(&ck->mu);
	return NULL;
}

static int open_conn(sqlite3 *conn, sqlite3 **out, sqlite3_stmt **begin,
                     char *err, size_t errlen)
{
	const char *path = sqlite3_db_filename(conn, "main");
	if (path == NULL || *path == '\0') {
		snprintf(err, errlen, "the database is not a file");
		return -1;
	}
	/* NOMUTEX: this connection is only ever used by one thread at a
	 * time (opened here, then the checkpointer's, closed after join). */
	if (sqlite3_open_v2(path, out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
	                    NULL) != SQLITE_OK ||
	    run(*out, "PRAGMA synchronous=NORMAL") != SQLITE_OK ||
	    sqlite3_prepare_v3(*out, "BEGIN IMMEDIATE", -1,
	                       SQLITE_PREPARE_PERSISTENT, begin, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path,
		         *out ? sqlite3_errmsg(*out) : "cannot open");
		sqlite3_close(*out);
		*out = NULL;
		return -1;
	}
	sqlite3_wal_autocheckpoint(*out, 0);
	return 0;
}

/* Every signal blocked on the thread: SIGTERM goes to the requests'
 * thread, whose accept it interrupts (lib/fcgi.c). */
static int start_thread(struct db_ckpt *ck)
{
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int rc = pthread_create(&ck->thread, NULL, ckpt_main, ck);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

/* What db_ckpt_start made, its thread not running (never started, or
 * joined). */
static void ckpt_release(struct db_ckpt *ck)
{
	pthread_cond_destroy(&ck->cv);
	pthread_mutex_destroy(&ck->gate);
	pthread_mutex_destroy(&ck->mu);
	sqlite3_finalize(ck->begin);
	sqlite3_close(ck->h);
	free(ck);
}

int db_ckpt_start(sqlite3 *conn, struct db_ckpt **out, char *err,
                  size_t errlen)
{
	if (!sqlite3_threadsafe()) {
		snprintf(err, errlen, "SQLite %s was built without threads "
		         "(SQLITE_THREADSAFE=0)", sqlite3_libversion());
		return -1;
	}
	struct db_ckpt *ck = calloc(1, sizeof *ck);
	if (ck == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (open_conn(conn, &ck->h, &ck->begin, err, errlen) != 0) {
		free(ck);
		return -1;
	}
	sqlite3_busy_handler(ck->h, ckpt_busy, NULL);
	sqlite3_wal_hook(ck->h, wal_own, ck);
	ck->next_try = CKPT_FRAMES;
	pthread_mutex_init(&ck->mu, NULL);
	pthread_mutex_init(&ck->gate, NULL);
	pthread_cond_init(&ck->cv, NULL);
	if (start_thread(ck) != 0) {
		snprintf(err, errlen, "cannot start the checkpoint's thread");
		ckpt_release(ck);
		return -1;
	}
	sqlite3_wal_hook(conn, wal_committed, ck);
	*out = ck;
	return 0;
}

void db_ckpt_stop(sqlite3 *conn, struct db_ckpt *ck)
{
	sqlite3_wal_hook(conn, NULL, NULL);
	pthread_mutex_lock(&ck->mu);
	ck->stop = true;
	pthread_cond_signal(&ck->cv);
	pthread_mutex_unlock(&ck->mu);
	pthread_join(ck->thread, NULL);
	ckpt_release(ck);
}

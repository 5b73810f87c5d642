/* lib/sitekey.c's cases on one engine, for test-sitekey (SQLite) and
 * test-sitekey-pg (PostgreSQL): nothing compared before step 19, the
 * first secrets file recorded, the same one accepted, another refused
 * with the message and nothing written, and programs with different
 * secrets files starting at once on an empty table: one is recorded, the
 * others refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db.h"
#include "sitekey.h"
#include "tap.h"
#include "token.h"

#define RACERS 4

static char key_paths[RACERS][96];

/* A secrets file of 32 bytes of fill, mode 0600. */
static void write_key(int i, unsigned char fill)
{
	unsigned char k[TOKEN_KEY_BYTES];
	memset(k, fill, sizeof k);
	snprintf(key_paths[i], sizeof key_paths[i], "/tmp/kaiji-test-sitekey-%d-%d",
	         (int)getpid(), i);
	FILE *f = fopen(key_paths[i], "wb");
	fwrite(k, 1, sizeof k, f);
	fclose(f);
	chmod(key_paths[i], 0600);
}

static void use_key(int i)
{
	char err[256];
	if (token_init(key_paths[i], false, err, sizeof err) != 0) {
		printf("not ok - %s\n", err);
		exit(1);
	}
}

static struct db *open_db(const char *where)
{
	char err[512];
	struct db *db = NULL;
	if (db_open(where, &db, err, sizeof err) != 0) {
		printf("not ok - open: %s\n", err);
		exit(1);
	}
	return db;
}

static long long count(struct db *db, const char *sql)
{
	struct db_stmt *st = db_stmt(db, sql);
	long long n = st && db_step(st) == DB_ROW ? db_col_int64(st, 0) : -1;
	if (st)
		db_reset(st);
	return n;
}

static const char sql_stored[] = "SELECT fingerprint FROM site_key WHERE id = 1";

static void stored(struct db *db, char out[65])
{
	struct db_stmt *st = db_stmt(db, sql_stored);
	out[0] = '\0';
	if (st && db_step(st) == DB_ROW)
		snprintf(out, 65, "%s", db_col_text(st, 0));
	if (st)
		db_reset(st);
}

static void recorded_and_compared(struct db *db)
{
	char err[512] = "", mine[65], other[65], got[65];
	use_key(0);
	TAP_INTEQ(sitekey_check(db, err, sizeof err), 0, "an empty database: nothing to compare yet");
	TAP_INTEQ(db_migrate_to(db, SITEKEY_SCHEMA - 1, err, sizeof err), 0, "at version 18: %s", err);
	TAP_INTEQ(sitekey_check(db, err, sizeof err), 0, "before step 19: nothing to compare");
	TAP_INTEQ(db_migrate(db, err, sizeof err), 0, "migrated: %s", err);
	TAP_INTEQ(count(db, "SELECT COUNT(*) FROM site_key"), 0, "step 19 records no fingerprint itself");
	TAP_INTEQ(sitekey_check(db, err, sizeof err), 0, "the first to open it: %s", err);
	sitekey_fingerprint(mine);
	stored(db, got);
	TAP_STREQ(got, mine, "records its fingerprint");
	TAP_INTEQ(count(db, "SELECT COUNT(*) FROM site_key"), 1, "one row");
	TAP_INTEQ(sitekey_check(db, err, sizeof err), 0, "the same secrets file again: accepted");

	use_key(1);
	sitekey_fingerprint(other);
	TAP_OK(strcmp(other, mine) != 0, "another secrets file has another fingerprint");
	TAP_INTEQ(sitekey_check(db, err, sizeof err), SITEKEY_OTHER, "-bad- another secrets file is refused");
	TAP_OK(strstr(err, "secrets file differs") != NULL &&
	       strstr(err, "docs/INSTALL.md §15") != NULL, "saying what to do: %s", err);
	stored(db, got);
	TAP_STREQ(got, mine, "-bad- and the recorded fingerprint is left as it was");
	TAP_INTEQ(count(db, "SELECT COUNT(*) FROM site_key"), 1, "-bad- and no row added");
	use_key(0);
	TAP_INTEQ(sitekey_check(db, err, sizeof err), 0, "the first one is still accepted");
}

/* A child: its own key and connection, started when the parent closes
 * the pipe; exits 0 when accepted, 1 when refused, 2 on an error. */
static void racer(const char *where, int i, int gate)
{
	char c, err[512];
	if (read(gate, &c, 1) < 0)
		_exit(2);
	use_key(i);
	struct db *db = open_db(where);
	int rc = sitekey_check(db, err, sizeof err);
	db_close(db);
	_exit(rc == 0 ? 0 : strstr(err, "differs") ? 1 : 2);
}

static void race(struct db *db, const char *where)
{
	char err[512], mine[65], got[65];
	int gate[2];
	pid_t pids[RACERS];
	TAP_INTEQ(db_step_done(db, db_stmt(db, "DELETE FROM site_key"), NULL), 0,
	          "the fingerprint removed");
	if (pipe(gate) != 0)
		exit(1);
	for (int i = 0; i < RACERS; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			close(gate[1]);
			racer(where, i, gate[0]);
		}
	}
	close(gate[0]);
	close(gate[1]);
	int accepted = 0, refused = 0, winner = -1;
	for (int i = 0; i < RACERS; i++) {
		int status = 0;
		waitpid(pids[i], &status, 0);
		int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 2;
		accepted += rc == 0;
		refused += rc == 1;
		if (rc == 0)
			winner = i;
	}
	TAP_INTEQ(accepted, 1, "%d programs with their own secrets at once: one accepted", RACERS);
	TAP_INTEQ(refused, RACERS - 1, "-bad- the others refused");
	TAP_INTEQ(count(db, "SELECT COUNT(*) FROM site_key"), 1, "one fingerprint recorded");
	if (winner < 0)
		return;
	use_key(winner);
	sitekey_fingerprint(mine);
	stored(db, got);
	TAP_STREQ(got, mine, "the accepted one's");
	TAP_INTEQ(sitekey_check(db, err, sizeof err), 0, "which is accepted afterwards");
}

static void sitekey_cases(const char *where)
{
	/* Racer 0's key is also the first case's; 1 the other one. */
	for (int i = 0; i < RACERS; i++)
		write_key(i, (unsigned char)(0x11 * (i + 1)));
	struct db *db = open_db(where);
	recorded_and_compared(db);
	race(db, where);
	db_close(db);
	for (int i = 0; i < RACERS; i++)
		unlink(key_paths[i]);
}

/* kaijictl purge: identity documents of cases closed longer ago than the
 * retention period lose their row's content and their vault file; open
 * cases and recently closed ones keep theirs; a dry run changes nothing;
 * a vault name that would leave the vault is never unlinked. */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd-purge.h"
#include "db-sqlite.h"
#include "tap.h"

static char top[256];

/* 2024-06-01T00:00:00Z */
#define NOW ((time_t)1717200000)

static const char seed_sql[] =
    "INSERT INTO agency (id, name) VALUES ('mayor', 'M');"
    "INSERT INTO request (id, ref, year, seq, kind, state, agency_id, channel,"
    "  code_hash, received_on, due_on, requester_name, data, created_at, updated_at)"
    " VALUES"
    " (1, 'R1', 2024, 1, 'disclosure', 'closed', 'mayor', 'web', 'h', '2024-01-05',"
    "  '2024-01-20', 'x', '{}', '2024-01-05T00:00:00Z', '2024-02-01T00:00:00Z'),"
    " (2, 'R2', 2024, 2, 'disclosure', 'closed', 'mayor', 'web', 'h', '2024-05-01',"
    "  '2024-05-15', 'x', '{}', '2024-05-01T00:00:00Z', '2024-05-25T00:00:00Z'),"
    " (3, 'R3', 2024, 3, 'disclosure', 'reviewing', 'mayor', 'web', 'h', '2024-01-05',"
    "  '2024-01-20', 'x', '{}', '2024-01-05T00:00:00Z', '2024-01-06T00:00:00Z'),"
    " (4, 'R4', 2024, 4, 'disclosure', 'withdrawn', 'mayor', 'web', 'h', '2024-01-05',"
    "  '2024-01-20', 'x', '{}', '2024-01-05T00:00:00Z', '2024-01-10T00:00:00Z');"
    "INSERT INTO document (id, request_id, kind, vault_name, mime, size, created_at)"
    " VALUES (1, 1, 'identity', 'old-closed', 'image/png', 1, '2024-01-05T00:00:00Z'),"
    "        (2, 2, 'identity', 'new-closed', 'image/png', 1, '2024-05-01T00:00:00Z'),"
    "        (3, 3, 'identity', 'open', 'image/png', 1, '2024-01-05T00:00:00Z'),"
    "        (4, 4, 'identity', '../escape', 'image/png', 1, '2024-01-05T00:00:00Z');";

static void touch(const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", top, name);
	FILE *f = fopen(path, "w");
	if (f)
		fclose(f);
}

static int exists(const char *name)
{
	char path[512];
	struct stat st;
	snprintf(path, sizeof path, "%s/%s", top, name);
	return stat(path, &st) == 0;
}

static long count(struct db *db, const char *sql)
{
	struct db_stmt *st = db_stmt(db, sql);
	long n = st && db_step(st) == DB_ROW ? db_col_int64(st, 0) : -1;
	if (st)
		db_reset(st);
	return n;
}

static const char purged_sql[] = "SELECT count(*) FROM document WHERE purged_at IS NOT NULL";
static const char purged1_sql[] =
    "SELECT count(*) FROM document WHERE id = 1 AND purged_at = '2024-06-01T00:00:00Z'";

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int main(void)
{
	char path[512], err[512];
	struct db *db;
	char *msg = NULL;
	snprintf(top, sizeof top, "/tmp/kaiji-test-purge-%d", (int)getpid());
	mkdir(top, 0700);
	snprintf(path, sizeof path, "%s/vault", top);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/kaiji.db", top);
	if (db_open(path, &db, err, sizeof err) || db_migrate(db, err, sizeof err) ||
	    sqlite3_exec(db_handle(db), seed_sql, NULL, NULL, &msg) != SQLITE_OK) {
		printf("Bail out! %s %s\n", err, msg ? msg : "");
		return 1;
	}
	touch("vault/old-closed");
	touch("vault/new-closed");
	touch("vault/open");
	touch("escape"); /* where '../escape' would point */

	struct purge p = { .db = db, .data_dir = top, .retention_document_days = 90,
	                   .now = NOW, .dry_run = true };
	TAP_INTEQ(purge_run(&p), 0, "a dry run succeeds");
	TAP_INTEQ(count(db, purged_sql), 0, "a dry run marks nothing");
	TAP_OK(exists("vault/old-closed"), "a dry run deletes nothing");

	p.dry_run = false;
	TAP_INTEQ(purge_run(&p), 0, "purge succeeds");
	TAP_INTEQ(count(db, purged_sql), 2,
	          "documents of cases closed or withdrawn over 90 days ago are purged");
	TAP_INTEQ(count(db, purged1_sql), 1, "purged_at is the time of the purge");
	TAP_OK(!exists("vault/old-closed"), "the purged document's vault file is deleted");
	TAP_OK(exists("vault/new-closed"), "-bad- a case closed 7 days ago keeps its document");
	TAP_OK(exists("vault/open"), "-bad- an open case keeps its document");
	TAP_OK(exists("escape"), "-bad- a vault name with '..' is never unlinked");

	p.now = NOW + 86400;
	TAP_INTEQ(purge_run(&p), 0, "purge runs again");
	TAP_INTEQ(count(db, purged_sql), 2, "a second run purges nothing more");
	TAP_INTEQ(count(db, purged1_sql), 1, "and keeps the first purge time");
	touch("vault/old-closed");
	TAP_INTEQ(purge_run(&p), 0, "purge after a file came back (an old restore)");
	TAP_OK(!exists("vault/old-closed"), "the file of a purged row is deleted again");

	p.now = NOW + 90 * 86400;
	TAP_INTEQ(purge_run(&p), 0, "purge 90 days later");
	TAP_INTEQ(count(db, purged_sql), 3, "the other closed case's document is purged");
	TAP_OK(!exists("vault/new-closed"), "and its file");
	TAP_OK(exists("vault/open"), "-bad- the open case still keeps its document");
	db_close(db);
	nftw(top, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	return TAP_DONE();
}

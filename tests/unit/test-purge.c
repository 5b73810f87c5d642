/* kaijictl purge: identity documents of cases closed longer ago than the
 * retention period lose their row's content and their vault copy; open
 * cases and recently closed ones keep theirs; a dry run changes nothing;
 * a vault name that would leave the vault is never unlinked. Run on both
 * vault stores: files in a directory and rows of the database. */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd-purge.h"
#include "vault.h"
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
    " VALUES (1, 1, 'identity', '00000000000000000000000000000001', 'image/png', 1, '2024-01-05T00:00:00Z'),"
    "        (2, 2, 'identity', '00000000000000000000000000000002', 'image/png', 1, '2024-05-01T00:00:00Z'),"
    "        (3, 3, 'identity', '00000000000000000000000000000003', 'image/png', 1, '2024-01-05T00:00:00Z'),"
    "        (4, 4, 'identity', '../escape', 'image/png', 1, '2024-01-05T00:00:00Z');";

#define OLD "00000000000000000000000000000001"
#define NEW "00000000000000000000000000000002"
#define OPEN "00000000000000000000000000000003"

static struct vault vault;

/* A document in the vault (its bytes do not matter to the purge). */
static void put(const char *name)
{
	if (vault.dir[0] != '\0')
		vault_files_put(vault.dir, name, "x", 1);
	else {
		struct arena *a = arena_new();
		vault_rows_put(vault.db, a, name, "x", 1);
		arena_free(a);
	}
}

static int has(const char *name)
{
	return vault_exists(&vault, name) == 1;
}

static int escape_exists(void)
{
	char path[512];
	struct stat st;
	snprintf(path, sizeof path, "%s/escape", top);
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

static void scenario(struct db *db, const char *store)
{
	put(OLD);
	put(NEW);
	put(OPEN);
	char path[512];
	snprintf(path, sizeof path, "%s/escape", top);
	FILE *f = fopen(path, "w");
	if (f)
		fclose(f);

	struct purge p = { .db = db, .vault = &vault, .retention_document_days = 90,
	                   .now = NOW, .dry_run = true };
	printf("# the vault's %s\n", store);
	TAP_INTEQ(purge_run(&p), 0, "a dry run succeeds");
	TAP_INTEQ(count(db, purged_sql), 0, "a dry run marks nothing");
	TAP_OK(has(OLD), "a dry run deletes nothing");

	p.dry_run = false;
	TAP_INTEQ(purge_run(&p), 0, "purge succeeds");
	TAP_INTEQ(count(db, purged_sql), 2,
	          "documents of cases closed or withdrawn over 90 days ago are purged");
	TAP_INTEQ(count(db, purged1_sql), 1, "purged_at is the time of the purge");
	TAP_OK(!has(OLD), "the purged document's vault copy is deleted");
	TAP_OK(has(NEW), "-bad- a case closed 7 days ago keeps its document");
	TAP_OK(has(OPEN), "-bad- an open case keeps its document");
	TAP_OK(escape_exists(), "-bad- a vault name with '..' is never unlinked");

	p.now = NOW + 86400;
	TAP_INTEQ(purge_run(&p), 0, "purge runs again");
	TAP_INTEQ(count(db, purged_sql), 2, "a second run purges nothing more");
	TAP_INTEQ(count(db, purged1_sql), 1, "and keeps the first purge time");
	put(OLD);
	TAP_INTEQ(purge_run(&p), 0, "purge after a copy came back (an old restore)");
	TAP_OK(!has(OLD), "the copy of a purged row is deleted again");

	p.now = NOW + 90 * 86400;
	TAP_INTEQ(purge_run(&p), 0, "purge 90 days later");
	TAP_INTEQ(count(db, purged_sql), 3, "the other closed case's document is purged");
	TAP_OK(!has(NEW), "and its copy");
	TAP_OK(has(OPEN), "-bad- the open case still keeps its document");
}

static struct db *fresh_db(const char *name)
{
	char path[512], err[512];
	struct db *db;
	char *msg = NULL;
	snprintf(path, sizeof path, "%s/%s", top, name);
	if (db_open(path, &db, err, sizeof err) || db_migrate(db, err, sizeof err) ||
	    sqlite3_exec(db_handle(db), seed_sql, NULL, NULL, &msg) != SQLITE_OK) {
		printf("Bail out! %s %s\n", err, msg ? msg : "");
		exit(1);
	}
	return db;
}

int main(void)
{
	char err[512];
	snprintf(top, sizeof top, "/tmp/kaiji-test-purge-%d", (int)getpid());
	mkdir(top, 0700);

	struct db *db = fresh_db("files.db");
	if (vault_config(&vault, NULL, top, db, err, sizeof err) || vault_open(&vault)) {
		printf("Bail out! %s\n", err);
		return 1;
	}
	scenario(db, "files");
	db_close(db);

	db = fresh_db("rows.db");
	if (vault_config(&vault, "database", top, db, err, sizeof err)) {
		printf("Bail out! %s\n", err);
		return 1;
	}
	scenario(db, "rows in the database");
	db_close(db);
	nftw(top, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	return TAP_DONE();
}

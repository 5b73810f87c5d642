/* kaijictl document: the identity documents of a request, for staff who
 * check them and for tests that the vault gives back what was uploaded. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "cmd-document.h"
#include "db.h"
#include "vault.h"

static const char sql_docs[] =
    "SELECT d.kind, d.mime, d.size, d.vault_name, d.created_at, "
    "COALESCE(d.purged_at, '') FROM document d JOIN request r "
    "ON r.id = d.request_id WHERE r.ref = ?1 ORDER BY d.id";

static int usage(void)
{
	fputs("usage: kaijictl document list REF\n"
	      "       kaijictl document get REF N > FILE\n"
	      "       kaijictl document copy-from DIR\n", stderr);
	return 2;
}

static int parse_n(const char *s, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *s == '\0' || *end != '\0' || v < 1 || v > 1000)
		return -1;
	*out = v;
	return 0;
}

static int list(struct app *app, const char *ref)
{
	struct db_stmt *st = db_stmt(app->db, sql_docs);
	if (st == NULL)
		return 1;
	db_bind_text(st, 1, ref);
	int n = 0;
	while (db_step(st) == DB_ROW)
		printf("%d\t%s\t%s\t%lld\t%s%s\n", ++n, db_col_text(st, 0),
		       db_col_text(st, 1), (long long)db_col_int64(st, 2),
		       db_col_text(st, 4),
		       *db_col_text(st, 5) ? "\tpurged" : "");
	db_reset(st);
	if (n == 0)
		fprintf(stderr, "kaijictl document: %s has no documents\n", ref);
	return n ? 0 : 1;
}

static int get(struct app *app, const char *ref, long want)
{
	struct db_stmt *st = db_stmt(app->db, sql_docs);
	char name[80] = "";
	if (st == NULL)
		return 1;
	db_bind_text(st, 1, ref);
	for (long n = 1; db_step(st) == DB_ROW; n++)
		if (n == want) {
			snprintf(name, sizeof name, "%s", db_col_text(st, 3));
			break;
		}
	db_reset(st);
	if (name[0] == '\0') {
		fprintf(stderr, "kaijictl document: %s has no document %ld\n", ref, want);
		return 1;
	}
	if (isatty(STDOUT_FILENO)) {
		fputs("kaijictl document get: redirect the output to a file\n", stderr);
		return 2;
	}
	struct arena *a = arena_new();
	void *data;
	size_t len;
	int rc = vault_get(&app->vault, a, name, &data, &len);
	if (rc == 0 && fwrite(data, 1, len, stdout) != len)
		rc = -1;
	arena_free(a);
	if (rc != 0) {
		fprintf(stderr, "kaijictl document: document %ld of %s is %s\n", want,
		        ref, rc == 1 ? "missing (purged?)" : "damaged");
		return 1;
	}
	return fflush(stdout) == 0 ? 0 : 1;
}

/* Every document still kept, and every draft's file, copied sealed as it
 * is from the files of dir into the vault Kaiji.Vault names: a site
 * moving its documents into the database (several web servers) or a
 * shared directory. The files stay where they were until the city
 * removes them; a second run copies only what is missing. */
static const char sql_kept[] =
    "SELECT vault_name FROM document WHERE purged_at IS NULL "
    "UNION SELECT vault_name FROM draft_file";

static int copy_from(struct app *app, const char *dir)
{
	if (app->vault.dir[0] != '\0' && strcmp(app->vault.dir, dir) == 0) {
		fprintf(stderr, "kaijictl document copy-from: %s is the vault "
		        "Kaiji.Vault names already\n", dir);
		return 1;
	}
	struct db_stmt *st = db_stmt(app->db, sql_kept);
	struct arena *a = arena_new();
	long counts[3] = { 0 }, failed = 0;
	if (st == NULL || a == NULL) {
		arena_free(a);
		return 1;
	}
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *name = db_col_text(st, 0);
		int got = vault_name_ok(name) ? vault_copy_from(&app->vault, a, dir, name)
		                              : -1;
		if (got < 0)
			failed++;
		else
			counts[got == 0 ? 0 : got == 1 ? 1 : 2]++;
		arena_reset(a);
	}
	db_reset(st);
	arena_free(a);
	printf("copied %ld, already there %ld, missing from %s %ld, failed %ld\n",
	       counts[0], counts[1], dir, counts[2], failed);
	return rc == DB_DONE && failed == 0 ? 0 : 1;
}

int cmd_document(struct app *app, int argc, char **argv)
{
	long n;
	if (argc == 3 && strcmp(argv[1], "list") == 0)
		return list(app, argv[2]);
	if (argc == 4 && strcmp(argv[1], "get") == 0 && parse_n(argv[3], &n) == 0)
		return get(app, argv[2], n);
	if (argc == 3 && strcmp(argv[1], "copy-from") == 0)
		return copy_from(app, argv[2]);
	return usage();
}

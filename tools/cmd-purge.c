/* kaijictl purge: identity documents past their retention period, then
 * the vault files of purged documents. Run daily (a cron line or a systemd
 * timer, docs/INSTALL.md). Logs counts only, never what was purged. */
#include "cmd-purge.h"

#include <string.h>

#include "db.h"
#include "draft.h"
#include "log.h"
#include "vault.h"

struct purge_step {
	const char *what;
	long (*run)(struct purge *p); /* how many purged, -1 on error */
};

/* A case ends in one of these states; its identity documents are kept
 * City.Retention.DocumentDays after the last change of the case (which
 * for a closed case is its closing). Kept in step with lib/case.c. */
/* ?1 the cutoff, ?2 now (the count's has no ?2). */
static const char purge_documents_sql[] =
    "UPDATE document SET purged_at = ?2 "
    "WHERE purged_at IS NULL AND request_id IN ("
    "  SELECT id FROM request "
    "  WHERE state IN ('closed', 'withdrawn', 'dismissed') AND updated_at <= ?1)";
static const char purge_documents_count_sql[] =
    "SELECT count(*) FROM document "
    "WHERE purged_at IS NULL AND request_id IN ("
    "  SELECT id FROM request "
    "  WHERE state IN ('closed', 'withdrawn', 'dismissed') AND updated_at <= ?1)";

static long purge_documents(struct purge *p)
{
	char now[32], cutoff[32];
	log_stamp(p->now, now);
	log_stamp(p->now - (time_t)p->retention_document_days * 86400, cutoff);
	struct db_stmt *st = db_stmt(p->db, p->dry_run ? purge_documents_count_sql
	                                             : purge_documents_sql);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, cutoff);
	if (!p->dry_run)
		db_bind_text(st, 2, now);
	int rc = db_step(st);
	long n = p->dry_run && rc == DB_ROW ? db_col_int64(st, 0)
	                                        : db_changes(p->db);
	db_reset(st);
	if (rc != (p->dry_run ? DB_ROW : DB_DONE)) {
		log_event(LOG_ERR, "purge documents: %s", db_errmsg(p->db));
		return -1;
	}
	return n;
}

/* The vault's copies of purged documents. One whose row was purged by an
 * earlier run that stopped before deleting it is taken now. */
static long purge_vault_files(struct purge *p)
{
	static const char sql[] =
	    "SELECT vault_name FROM document WHERE purged_at IS NOT NULL";
	struct db_stmt *st = db_stmt(p->db, sql);
	long n = 0;
	int rc;
	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		char name[80];
		snprintf(name, sizeof name, "%s", db_col_text(st, 0));
		/* A name the vault would not have made is never a path. */
		if (!vault_name_ok(name)) {
			log_event(LOG_WARN, "purge: a document row has a bad vault name");
			continue;
		}
		int there = vault_exists(p->vault, name);
		if (there == 0)
			continue;
		if (there < 0 || (!p->dry_run && vault_delete(p->vault, name) != 0)) {
			log_event(LOG_ERR, "purge: cannot delete a vault document");
			db_reset(st);
			return -1;
		}
		n++;
	}
	db_reset(st);
	return rc == DB_DONE ? n : -1;
}

/* Request-form drafts past their expiry, with their vault files. */
static long purge_drafts(struct purge *p)
{
	if (p->dry_run)
		return 0;
	return draft_purge_expired(p->db, p->vault);
}

static const struct purge_step purge_steps[] = {
	{ "identity documents", purge_documents },
	{ "vault files", purge_vault_files },
	{ "expired drafts", purge_drafts },
};

int purge_run(struct purge *p)
{
	for (size_t i = 0; i < sizeof purge_steps / sizeof purge_steps[0]; i++) {
		const struct purge_step *s = &purge_steps[i];
		if (db_begin(p->db) != 0)
			return -1;
		long n = s->run(p);
		if (n < 0) {
			db_rollback(p->db);
			return -1;
		}
		if (db_commit(p->db) != 0)
			return -1;
		log_event(LOG_INFO, "purge: %ld %s%s", n, s->what,
		          p->dry_run ? " (dry run)" : "");
		if (p->out)
			fprintf(p->out, "%s %ld %s\n", p->dry_run ? "would purge" : "purged",
			        n, s->what);
	}
	return 0;
}

int cmd_purge(struct app *app, int argc, char **argv)
{
	struct purge p = {
		.db = app->db, .vault = &app->vault,
		.retention_document_days = app->profile.retention_document_days,
		.now = (time_t)cal_now(), .out = stdout,
	};
	if (argc == 2 && strcmp(argv[1], "--dry-run") == 0)
		p.dry_run = true;
	else if (argc != 1) {
		fputs("usage: kaijictl purge [--dry-run]\n", stderr);
		return 2;
	}
	if (purge_run(&p) != 0) {
		fputs("kaijictl purge: failed (see the log line above)\n", stderr);
		return 1;
	}
	return 0;
}

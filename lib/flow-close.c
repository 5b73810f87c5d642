/* The end of a request: closed, withdrawn, and the identity documents
 * purged once the retention period after the end has run. */
#include "flow.h"

#include <stdio.h>
#include <string.h>

#include "flow-internal.h"
#include "vault.h"

int flow_close(const struct flow_ctx *c, long long id)
{
	struct case_row r;
	enum flow_decision dec;
	int rc = flow_load(c, id, &r);
	if (rc != FLOW_OK)
		return rc;
	/* A disclosure or a correction that was decided is closed only after
	 * it has been carried out. */
	if (r.state == CASE_DECIDED && flow_decision_parse(r.decision, &dec) == 0 &&
	    (flow_decision_discloses(dec) || dec == DEC_CORRECT || dec == DEC_STOP ||
	     dec == DEC_PARTLY_CORRECT || dec == DEC_PARTLY_STOP))
		return FLOW_STATE;
	/* 法84: open until the rest is decided too */
	cal_day rest_by;
	rc = flow_rest_pending(c->db, id, &rest_by);
	if (rc != 0)
		return rc < 0 ? FLOW_ERROR : FLOW_STATE;
	/* 法84, 87: a rest that discloses is closed only once carried out */
	const char *rest, *rest_on;
	if (flow_rest_decision(c->db, c->arena, id, &rest, &rest_on) != 0 ||
	    (rc = flow_rest_delivered(c->db, id)) < 0)
		return FLOW_ERROR;
	if (flow_decision_parse(rest, &dec) == 0 && flow_decision_discloses(dec) && !rc)
		return FLOW_STATE;
	return flow_set_state(c, id, CASE_CLOSED, "closed", true, NULL);
}

int flow_withdraw(const struct flow_ctx *c, long long id, cal_day on)
{
	struct case_row r;
	int rc = flow_load_open(c, id, &r);
	if (rc != FLOW_OK)
		return rc;
	if (!flow_past_day_ok(c, &r, on))
		return FLOW_INVALID;
	return flow_set_state_json(c, id, CASE_WITHDRAWN, "withdrawn", true,
	        json_pack("{s:s, s:s}", "by", "requester",
	                  "on", flow_day_text(c->arena, on)));
}

/* ---- retention ---- */

static const char sql_finished_on[] =
    "SELECT MAX(at) FROM event WHERE request_id = ?1 "
    "AND kind IN ('closed', 'withdrawn', 'dismissed')";

/* "YYYY-MM-DDTHH:MM:SSZ" (UTC) → the day in Asia/Tokyo. */
static int utc_stamp_day(const char *at, cal_day *out)
{
	char date[11];
	if (strlen(at) < 13)
		return -1;
	memcpy(date, at, 10);
	date[10] = '\0';
	if (cal_parse(date, out) != 0)
		return -1;
	int hour = (at[11] - '0') * 10 + (at[12] - '0');
	if (hour + 9 >= 24)
		(*out)++;
	return 0;
}

int flow_purge_day(struct db *db, const struct profile *p, long long id,
                   cal_day *day)
{
	struct arena *a = arena_new();
	struct case_row r;
	int rc = case_load(db, a, id, &r);
	if (rc == 0 && r.state != CASE_CLOSED && r.state != CASE_WITHDRAWN &&
	    r.state != CASE_DISMISSED)
		rc = 1;
	if (rc == 0) {
		struct db_stmt *st = db_stmt(db, sql_finished_on);
		rc = -1;
		if (st != NULL) {
			db_bind_int(st, 1, id);
			if (db_step(st) == DB_ROW &&
			    utc_stamp_day(db_col_text(st, 0), day) == 0) {
				*day += p->retention_document_days;
				rc = 0;
			}
			db_reset(st);
		}
	}
	arena_free(a);
	return rc;
}

static const char sql_purge_candidates[] =
    "SELECT DISTINCT r.id FROM request r JOIN document d ON d.request_id = r.id "
    "WHERE d.purged_at IS NULL AND r.state IN ('closed', 'withdrawn', 'dismissed') "
    "ORDER BY r.id";
static const char sql_purge_docs[] =
    "SELECT id, vault_name FROM document WHERE request_id = ?1 AND purged_at IS NULL";
static const char sql_purge_mark[] =
    "UPDATE document SET purged_at = ?2 WHERE id = ?1";

static int purge_one(struct db *db, long long id, const struct vault *vault,
                     struct arena *a)
{
	struct db_stmt *st = db_stmt(db, sql_purge_docs);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	long long ids[256];
	const char *names[256];
	size_t n = 0;
	while (n < 256 && db_step(st) == DB_ROW) {
		ids[n] = db_col_int64(st, 0);
		names[n++] = arena_strdup(a, db_col_text(st, 1));
	}
	db_reset(st);
	int count = 0;
	for (size_t i = 0; i < n; i++) {
		/* A name the vault would not have made is never a path. */
		if (vault_name_ok(names[i]) && vault_delete(vault, names[i]) != 0)
			return -1;
		st = db_stmt(db, sql_purge_mark);
		if (st == NULL)
			return -1;
		db_bind_int(st, 1, ids[i]);
		db_bind_text(st, 2, case_now(a));
		if (db_step(st) != DB_DONE) {
			db_reset(st);
			return -1;
		}
		db_reset(st);
		count++;
	}
	char data[64];
	snprintf(data, sizeof data, "{\"documents\":%d}", count);
	return case_event(db, id, "system", "documents_purged", false, data) == 0
	               ? count : -1;
}

int flow_purge_documents(struct db *db, const struct profile *p,
                         const struct vault *vault, struct arena *a)
{
	struct db_stmt *st = db_stmt(db, sql_purge_candidates);
	if (st == NULL)
		return -1;
	size_t cap = 64, n = 0;
	long long *ids = arena_calloc(a, cap, sizeof *ids);
	while (db_step(st) == DB_ROW) {
		ids = arena_grow(a, ids, n, &cap, sizeof *ids);
		ids[n++] = db_col_int64(st, 0);
	}
	db_reset(st);
	cal_day today = cal_today();
	int total = 0;
	for (size_t i = 0; i < n; i++) {
		cal_day day;
		if (flow_purge_day(db, p, ids[i], &day) != 0 || today < day)
			continue;
		if (db_begin(db) != 0)
			return -1;
		int got = purge_one(db, ids[i], vault, a);
		if (got < 0 || db_commit(db) != 0) {
			db_rollback(db);
			return -1;
		}
		total += got;
	}
	return total;
}

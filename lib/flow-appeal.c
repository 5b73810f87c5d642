/* 審査請求 (法104–107, 行政不服審査法): received, 諮問, 答申, 裁決. */
#include "flow.h"

#include <string.h>

#include "flow-internal.h"

bool flow_appeal_outcome_valid(const char *o)
{
	/* withdrawn: 審査請求の取下げ (行政不服審査法27条), counted in the
	 * statistics as such */
	return o && (strcmp(o, "dismissed") == 0 || strcmp(o, "rejected") == 0 ||
	             strcmp(o, "granted") == 0 || strcmp(o, "partly_granted") == 0 ||
	             strcmp(o, "withdrawn") == 0);
}

static const char sql_appeal_new[] =
    "INSERT INTO appeal (request_id, received_on) VALUES (?1, ?2)";
static const char sql_appeal_get[] =
    "SELECT received_on, COALESCE(consulted_on, ''), COALESCE(answered_on, ''), "
    "COALESCE(ruled_on, '') FROM appeal WHERE id = ?1 AND request_id = ?2";
static const char sql_appeal_consulted[] =
    "UPDATE appeal SET consulted_on = ?2 WHERE id = ?1";
static const char sql_appeal_answered[] =
    "UPDATE appeal SET answered_on = ?2 WHERE id = ?1";
static const char sql_appeal_ruled[] =
    "UPDATE appeal SET ruled_on = ?2, outcome = ?3 WHERE id = ?1";

/* An appeal's event: {"appeal": id, "on": day}. */
static int appeal_event(const struct flow_ctx *c, long long id,
                        const char *kind, long long appeal_id, cal_day on)
{
	return flow_event_json(c, id, kind, true, json_pack("{s:I, s:s}",
	        "appeal", (json_int_t)appeal_id, "on", flow_day_text(c->arena, on)));
}

int flow_appeal(const struct flow_ctx *c, long long id, cal_day on,
                long long *appeal_id)
{
	struct case_row r;
	cal_day decided;
	int rc = flow_load(c, id, &r);
	if (rc != FLOW_OK)
		return rc;
	if (case_is_open(r.state) || r.state == CASE_WITHDRAWN ||
	    cal_parse(r.decided_on, &decided) != 0)
		return FLOW_STATE;
	if (on < decided || on > c->today)
		return FLOW_INVALID;
	if ((rc = flow_exec_day(c, sql_appeal_new, id, on)) != FLOW_OK)
		return rc;
	*appeal_id = sqlite3_last_insert_rowid(db_handle(c->db));
	return appeal_event(c, id, "appeal_received", *appeal_id, on);
}

struct appeal_row {
	cal_day received;
	const char *consulted, *answered, *ruled;
};

/* The appeal; FLOW_INVALID when the request has no such appeal. */
static int appeal_load(const struct flow_ctx *c, long long id, long long appeal_id,
                       struct appeal_row *out)
{
	sqlite3_stmt *st = db_stmt(c->db, sql_appeal_get);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, appeal_id);
	db_bind_int(st, 2, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (cal_parse(db_col_text(st, 0), &out->received) != 0)
			rc = SQLITE_ERROR;
		out->consulted = arena_strdup(c->arena, db_col_text(st, 1));
		out->answered = arena_strdup(c->arena, db_col_text(st, 2));
		out->ruled = arena_strdup(c->arena, db_col_text(st, 3));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? FLOW_OK : rc == SQLITE_DONE ? FLOW_INVALID : FLOW_ERROR;
}

/* The day must follow the step before it and not be in the future. */
static bool after(const char *prev, cal_day on, cal_day today)
{
	cal_day p;
	return on <= today && (*prev == '\0' || (cal_parse(prev, &p) == 0 && on >= p));
}

int flow_appeal_step(const struct flow_ctx *c, long long id, long long appeal_id,
                     enum appeal_step step, cal_day on)
{
	struct appeal_row a;
	int rc = appeal_load(c, id, appeal_id, &a);
	if (rc != FLOW_OK)
		return rc;
	const char *sql, *kind, *prev;
	if (*a.ruled)
		return FLOW_STATE;
	if (step == APPEAL_CONSULTED) {
		if (*a.consulted)
			return FLOW_STATE;
		sql = sql_appeal_consulted;
		kind = "appeal_consulted";
		prev = flow_day_text(c->arena, a.received);
	} else {
		if (!*a.consulted || *a.answered)
			return FLOW_STATE;
		sql = sql_appeal_answered;
		kind = "appeal_answered";
		prev = a.consulted;
	}
	if (!after(prev, on, c->today))
		return FLOW_INVALID;
	if ((rc = flow_exec_day(c, sql, appeal_id, on)) != FLOW_OK)
		return rc;
	return appeal_event(c, id, kind, appeal_id, on);
}

static int appeal_ruling_store(const struct flow_ctx *c, long long appeal_id,
                               cal_day on, const char *outcome)
{
	sqlite3_stmt *st = db_stmt(c->db, sql_appeal_ruled);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, appeal_id);
	db_bind_text(st, 2, flow_day_text(c->arena, on));
	db_bind_text(st, 3, outcome);
	return flow_exec(c->db, st);
}

int flow_appeal_ruled(const struct flow_ctx *c, long long id,
                      long long appeal_id, cal_day on, const char *outcome)
{
	struct appeal_row a;
	int rc = appeal_load(c, id, appeal_id, &a);
	if (rc != FLOW_OK)
		return rc;
	/* 行政不服審査法43: once the council is consulted, the ruling waits
	 * for its answer. */
	if (*a.ruled || (*a.consulted && !*a.answered))
		return FLOW_STATE;
	if (!flow_appeal_outcome_valid(outcome) ||
	    !after(*a.answered ? a.answered : flow_day_text(c->arena, a.received),
	           on, c->today))
		return FLOW_INVALID;
	if ((rc = appeal_ruling_store(c, appeal_id, on, outcome)) != FLOW_OK)
		return rc;
	return flow_event_json(c, id, "appeal_ruled", true, json_pack("{s:I, s:s, s:s}",
	        "appeal", (json_int_t)appeal_id, "on", flow_day_text(c->arena, on),
	        "outcome", outcome));
}

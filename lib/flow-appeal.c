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

static const char sql_objected[] =
    "SELECT 1 FROM third_party WHERE request_id = ?1 AND objects = 1 LIMIT 1";

/* 法105①: the 審査会 must be consulted before a 裁決 except when the
 * appeal is dismissed as unlawful (1号: 却下) or granted in full (2号–4号:
 * 全部を認容して開示・訂正・利用停止をする), and for a disclosure not when a
 * third party objected (2号 括弧書: 反対意見書). A withdrawal (取下げ,
 * 行政不服審査法27) ends it without a ruling on the merits. */
bool flow_appeal_needs_council(struct db *db, long long id, const char *outcome)
{
	if (strcmp(outcome, "dismissed") == 0 || strcmp(outcome, "withdrawn") == 0)
		return false;
	if (strcmp(outcome, "granted") != 0)
		return true; /* 棄却, 一部認容 */
	struct db_stmt *st = db_stmt(db, sql_objected);
	if (st == NULL)
		return true;
	db_bind_int(st, 1, id);
	bool objected = db_step(st) == DB_ROW;
	db_reset(st);
	return objected;
}

static const char sql_appeal_new[] =
    "INSERT INTO appeal (request_id, received_on) VALUES (?1, ?2) RETURNING id";
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
	/* 行政不服審査法3: an appeal against 不作為 — no decision within the
	 * period (法83①, 94①, 102①, as extended) — needs no decision date. */
	bool inaction = case_is_open(r.state) && r.state != CASE_AMENDING &&
	                r.due_on < on;
	if (!inaction &&
	    (case_is_open(r.state) || r.state == CASE_WITHDRAWN ||
	     cal_parse(r.decided_on, &decided) != 0))
		return FLOW_STATE;
	if ((!inaction && on < decided) || on > c->today)
		return FLOW_INVALID;
	struct db_stmt *st = db_stmt(c->db, sql_appeal_new);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, flow_day_text(c->arena, on));
	if ((rc = flow_exec_id(c->db, st, appeal_id)) != FLOW_OK)
		return rc;
	if (!inaction)
		return appeal_event(c, id, "appeal_received", *appeal_id, on);
	return flow_event_json(c, id, "appeal_received", true, json_pack("{s:I, s:s, s:s}",
	        "appeal", (json_int_t)*appeal_id, "on", flow_day_text(c->arena, on),
	        "against", "inaction"));
}

struct appeal_row {
	cal_day received;
	const char *consulted, *answered, *ruled;
};

/* The appeal; FLOW_INVALID when the request has no such appeal. */
static int appeal_load(const struct flow_ctx *c, long long id, long long appeal_id,
                       struct appeal_row *out)
{
	struct db_stmt *st = db_stmt(c->db, sql_appeal_get);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, appeal_id);
	db_bind_int(st, 2, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		if (cal_parse(db_col_text(st, 0), &out->received) != 0)
			rc = DB_ERROR;
		out->consulted = arena_strdup(c->arena, db_col_text(st, 1));
		out->answered = arena_strdup(c->arena, db_col_text(st, 2));
		out->ruled = arena_strdup(c->arena, db_col_text(st, 3));
	}
	db_reset(st);
	return rc == DB_ROW ? FLOW_OK : rc == DB_DONE ? FLOW_INVALID : FLOW_ERROR;
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
	struct db_stmt *st = db_stmt(c->db, sql_appeal_ruled);
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
	/* 法105①: 棄却 and 一部認容 only on the 審査会's answer. */
	if (!*a.answered && strcmp(outcome, "withdrawn") != 0 &&
	    flow_appeal_needs_council(c->db, id, outcome))
		return FLOW_COUNCIL;
	if ((rc = appeal_ruling_store(c, appeal_id, on, outcome)) != FLOW_OK)
		return rc;
	return flow_event_json(c, id, "appeal_ruled", true, json_pack("{s:I, s:s, s:s}",
	        "appeal", (json_int_t)appeal_id, "on", flow_day_text(c->arena, on),
	        "outcome", outcome));
}

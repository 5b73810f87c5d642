/* Reaching the decision: third-party consultation (法86), the decision
 * with its reasons and offered slots, and 却下. */
#include "flow.h"

#include <string.h>

#include "flow-internal.h"

static const char sql_tp_new[] =
    "INSERT INTO third_party (request_id, name, sent_on, answer_due_on) "
    "VALUES (?1, ?2, ?3, ?4) RETURNING id";

static int tp_insert(const struct flow_ctx *c, long long id, const char *name,
                     cal_day sent_on, cal_day answer_due_on, long long *tp_id)
{
	struct db_stmt *st = db_stmt(c->db, sql_tp_new);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, flow_day_text(c->arena, sent_on));
	db_bind_text(st, 4, flow_day_text(c->arena, answer_due_on));
	return flow_exec_id(c->db, st, tp_id);
}

int flow_consult(const struct flow_ctx *c, long long id, const char *name,
                 cal_day sent_on, cal_day answer_due_on, long long *tp_id)
{
	struct case_row r;
	int rc = flow_load_pending(c, id, &r);
	if (rc != FLOW_OK)
		return rc;
	if (flow_blank(name) || !flow_past_day_ok(c, &r, sent_on) ||
	    answer_due_on < sent_on || answer_due_on - sent_on > CAL_MAX_DAYS)
		return FLOW_INVALID;
	if ((rc = tp_insert(c, id, name, sent_on, answer_due_on, tp_id)) != FLOW_OK)
		return rc;
	json_t *j = json_pack("{s:I, s:s, s:s}", "third_party", (json_int_t)*tp_id,
	                      "sent_on", flow_day_text(c->arena, sent_on),
	                      "answer_due_on", flow_day_text(c->arena, answer_due_on));
	if (r.state == CASE_CONSULTING)
		return flow_event_json(c, id, "consult_sent", false, j);
	return flow_set_state_json(c, id, CASE_CONSULTING, "consult_sent", false, j);
}

static const char sql_tp_answer[] =
    "UPDATE third_party SET answered_on = ?3, objects = ?4 "
    "WHERE id = ?2 AND request_id = ?1 AND answered_on IS NULL AND sent_on <= ?3";
static const char sql_tp_waiting[] =
    "SELECT COUNT(*) FROM third_party WHERE request_id = ?1 AND answered_on IS NULL";

static long tp_waiting(const struct flow_ctx *c, long long id)
{
	struct db_stmt *st = db_stmt(c->db, sql_tp_waiting);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	long n = db_step(st) == DB_ROW ? db_col_int(st, 0) : -1;
	db_reset(st);
	return n;
}

/* FLOW_INVALID when there is no such unanswered third party. */
static int tp_answer_store(const struct flow_ctx *c, long long id,
                           long long tp_id, cal_day answered_on, bool objects)
{
	struct db_stmt *st = db_stmt(c->db, sql_tp_answer);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, tp_id);
	db_bind_text(st, 3, flow_day_text(c->arena, answered_on));
	db_bind_int(st, 4, objects ? 1 : 0);
	int rc = flow_exec(c->db, st);
	if (rc == FLOW_OK && db_changes(c->db) != 1)
		rc = FLOW_INVALID;
	return rc;
}

int flow_consult_answer(const struct flow_ctx *c, long long id, long long tp_id,
                        cal_day answered_on, bool objects)
{
	struct case_row r;
	int rc = flow_load_pending(c, id, &r);
	if (rc != FLOW_OK)
		return rc;
	if (answered_on > c->today)
		return FLOW_INVALID;
	if ((rc = tp_answer_store(c, id, tp_id, answered_on, objects)) != FLOW_OK)
		return rc;
	if ((rc = flow_event_json(c, id, "consult_answered", false,
	             json_pack("{s:I, s:s, s:b}", "third_party", (json_int_t)tp_id,
	                       "answered_on", flow_day_text(c->arena, answered_on),
	                       "objects", objects))))
		return rc;
	long waiting = tp_waiting(c, id);
	if (waiting < 0)
		return FLOW_ERROR;
	if (waiting == 0 && r.state == CASE_CONSULTING)
		return flow_review(c, id);
	return FLOW_OK;
}

/* 法86②: a third party is given a period to answer; deciding before it
 * ends, with no answer, would take that chance away. */
static const char sql_tp_open[] =
    "SELECT COUNT(*) FROM third_party WHERE request_id = ?1 "
    "AND answered_on IS NULL AND answer_due_on >= ?2";

static bool tp_still_waiting(const struct flow_ctx *c, long long id, cal_day on)
{
	struct db_stmt *st = db_stmt(c->db, sql_tp_open);
	if (st == NULL)
		return true;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, flow_day_text(c->arena, on));
	bool waiting = db_step(st) != DB_ROW || db_col_int(st, 0) > 0;
	db_reset(st);
	return waiting;
}

static const char sql_reason[] =
    "INSERT INTO decision_reason (request_id, part, ground, explanation) "
    "VALUES (?1, ?2, ?3, ?4)";
static const char sql_slot[] =
    "INSERT INTO offer_slot (request_id, starts_at, place) VALUES (?1, ?2, ?3)";
static const char sql_decision[] =
    "UPDATE request SET decision = ?2, decided_on = ?3, offer_methods = ?4 "
    "WHERE id = ?1";

/* "YYYY-MM-DDTHH:MM" with a real date and time. */
static bool slot_valid(const char *s)
{
	cal_day d;
	if (s == NULL || strlen(s) != 16 || s[10] != 'T' || s[13] != ':')
		return false;
	char date[11];
	memcpy(date, s, 10);
	date[10] = '\0';
	if (cal_parse(date, &d) != 0 || strspn(s + 11, "0123456789") != 2 ||
	    strspn(s + 14, "0123456789") != 2)
		return false;
	int hh = (s[11] - '0') * 10 + (s[12] - '0');
	int mm = (s[14] - '0') * 10 + (s[15] - '0');
	return hh < 24 && mm < 60;
}

/* The methods the profile offers (法87). */
static unsigned methods_allowed(const struct profile *p)
{
	const struct profile_disclosure *pd = &p->disclosure;
	return (pd->view ? METHOD_VIEW : 0) | (pd->copy ? METHOD_COPY : 0) |
	       (pd->mail_copy ? METHOD_MAIL : 0);
}

static const char sql_tp_objected[] =
    "SELECT 1 FROM third_party WHERE request_id = ?1 AND objects = 1 LIMIT 1";

/* 法86③: after a third party's 反対意見書 at least two weeks lie between
 * the decision and the day of disclosure, so no counter slot offered with
 * the decision may fall inside them: the requester can then never choose
 * a day that delivery (flow_deliver) would refuse. */
static int slots_after_wait(const struct flow_ctx *c, long long id,
                            const struct flow_decide *d)
{
	if (!flow_decision_discloses(d->decision) || d->n_slots == 0)
		return FLOW_OK;
	struct db_stmt *st = db_stmt(c->db, sql_tp_objected);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	bool objected = db_step(st) == DB_ROW;
	db_reset(st);
	if (!objected)
		return FLOW_OK;
	cal_day earliest = d->decided_on + c->profile->deadline.third_party_wait_days + 1;
	for (size_t i = 0; i < d->n_slots; i++) {
		char date[11];
		cal_day day;
		memcpy(date, d->slots[i].starts_at, 10);
		date[10] = '\0';
		if (cal_parse(date, &day) != 0 || day < earliest)
			return FLOW_WAIT;
	}
	return FLOW_OK;
}

static int decide_check(const struct flow_ctx *c, const struct case_row *r,
                        const struct flow_decide *d)
{
	if (!flow_decision_fits(r->kind, d->decision) ||
	    !flow_past_day_ok(c, r, d->decided_on))
		return FLOW_INVALID;
	/* 法78, 82: withheld parts and their grounds belong to a decision
	 * that withholds something, and only to one. */
	if (flow_decision_needs_reason(d->decision) != (d->n_reasons > 0))
		return FLOW_INVALID;
	for (size_t i = 0; i < d->n_reasons; i++)
		if (flow_blank(d->reasons[i].part) ||
		    !flow_ground_applies(c->profile, d->reasons[i].ground))
			return FLOW_INVALID;
	unsigned allowed = methods_allowed(c->profile);
	if (flow_decision_discloses(d->decision) &&
	    (d->methods == 0 || (d->methods & ~allowed)))
		return FLOW_INVALID;
	for (size_t i = 0; i < d->n_slots; i++)
		if (!slot_valid(d->slots[i].starts_at))
			return FLOW_INVALID;
	if (tp_still_waiting(c, r->id, d->decided_on))
		return FLOW_WAIT;
	int rc = slots_after_wait(c, r->id, d);
	if (rc != FLOW_OK)
		return rc;
	/* 法82①: the notice states the 利用目的; a caller that takes it
	 * (purpose not NULL) must give it for a disclosure. */
	if (flow_decision_discloses(d->decision) && d->purpose &&
	    flow_blank(d->purpose))
		return FLOW_INVALID;
	return FLOW_OK;
}

static int reason_store(const struct flow_ctx *c, long long id,
                        const struct flow_reason *reason)
{
	struct db_stmt *st = db_stmt(c->db, sql_reason);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, reason->part);
	db_bind_text(st, 3, reason->ground);
	db_bind_text(st, 4, reason->explanation ? reason->explanation : "");
	return flow_exec(c->db, st);
}

static int slot_store(const struct flow_ctx *c, long long id,
                      const struct flow_slot *slot)
{
	struct db_stmt *st = db_stmt(c->db, sql_slot);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, slot->starts_at);
	db_bind_text(st, 3, slot->place ? slot->place : "");
	return flow_exec(c->db, st);
}

static int decide_rows(const struct flow_ctx *c, long long id,
                       const struct flow_decide *d)
{
	for (size_t i = 0; i < d->n_reasons; i++)
		if (reason_store(c, id, &d->reasons[i]) != FLOW_OK)
			return FLOW_ERROR;
	for (size_t i = 0; flow_decision_discloses(d->decision) && i < d->n_slots; i++)
		if (slot_store(c, id, &d->slots[i]) != FLOW_OK)
			return FLOW_ERROR;
	return FLOW_OK;
}

/* The decision on the request row, shared by a decision and a 却下. */
static int decision_store(const struct flow_ctx *c, long long id,
                          const char *decision, cal_day on, const char *methods)
{
	struct db_stmt *st = db_stmt(c->db, sql_decision);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, decision);
	db_bind_text(st, 3, flow_day_text(c->arena, on));
	db_bind_text(st, 4, methods);
	return flow_exec(c->db, st);
}

static const char *methods_text(struct arena *a, unsigned m)
{
	return arena_printf(a, "%s%s%s%s%s", m & METHOD_VIEW ? "view" : "",
	                    (m & METHOD_VIEW) && (m & (METHOD_COPY | METHOD_MAIL)) ? "," : "",
	                    m & METHOD_COPY ? "copy" : "",
	                    (m & METHOD_COPY) && (m & METHOD_MAIL) ? "," : "",
	                    m & METHOD_MAIL ? "mail" : "");
}

/* The slots offered with a disclosure, as their own event. */
static int offer_event(const struct flow_ctx *c, long long id,
                       const struct flow_decide *d)
{
	if (d->n_slots == 0 || !flow_decision_discloses(d->decision))
		return FLOW_OK;
	json_t *slots = json_array();
	for (size_t i = 0; i < d->n_slots; i++)
		json_array_append_new(slots, json_string(d->slots[i].starts_at));
	return flow_event_json(c, id, "offer_made", true,
	                       json_pack("{s:o}", "slots", slots));
}

int flow_decide(const struct flow_ctx *c, long long id,
                const struct flow_decide *d)
{
	struct case_row r;
	int rc = flow_load(c, id, &r);
	if (rc != FLOW_OK)
		return rc;
	if (d->decision == DEC_DISMISSED)
		return d->n_reasons && !flow_blank(d->reasons[0].explanation)
		               ? flow_dismiss(c, id, d->reasons[0].explanation)
		               : FLOW_INVALID;
	if (!flow_pending(r.state))
		return FLOW_STATE;
	if ((rc = decide_check(c, &r, d)) != FLOW_OK ||
	    (rc = decide_rows(c, id, d)) != FLOW_OK)
		return rc;
	const char *name = flow_decision_name(d->decision);
	const char *methods = flow_decision_discloses(d->decision)
	                              ? methods_text(c->arena, d->methods) : "";
	if ((rc = decision_store(c, id, name, d->decided_on, methods)) != FLOW_OK)
		return rc;
	json_t *j = json_pack("{s:s, s:s, s:s}", "decision", name, "decided_on",
	                      flow_day_text(c->arena, d->decided_on), "methods", methods);
	/* 法82①: その旨、開示する保有個人情報の利用目的 … を書面により通知 */
	if (j && flow_decision_discloses(d->decision) && !flow_blank(d->purpose))
		json_object_set_new(j, "purpose", json_string(d->purpose));
	if (j && flow_decision_discloses(d->decision) && !flow_blank(d->reason))
		json_object_set_new(j, "reason", json_string(d->reason));
	rc = flow_set_state_json(c, id, CASE_DECIDED, "decided", true, j);
	return rc == FLOW_OK ? offer_event(c, id, d) : rc;
}

static const char sql_rest_pending[] =
    "SELECT special_rest_by FROM request WHERE id = ?1 AND " CASE_REST_PENDING_SQL;

int flow_rest_pending(struct db *db, long long id, cal_day *rest_by)
{
	struct db_stmt *st = db_stmt(db, sql_rest_pending);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	int out = rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
	if (out == 1 && cal_parse(db_col_text(st, 0), rest_by) != 0)
		out = -1;
	db_reset(st);
	return out;
}

static const char sql_rest_reason[] =
    "INSERT INTO decision_reason (request_id, part, ground, explanation, rest) "
    "VALUES (?1, ?2, ?3, ?4, 1)";
static const char sql_rest_decision[] =
    "UPDATE request SET rest_decision = ?2, rest_decided_on = ?3 WHERE id = ?1";

/* 法84: a 相当の部分 is decided within the period and the rest later; the
 * requester was told "残りの保有個人情報について開示決定等をする期限"
 * (84二号; text read in the Act as published by 厚生労働省, 参考資料8
 * p.40). The rest gets its own 開示決定等 (法82①② as any other). */
int flow_decide_rest(const struct flow_ctx *c, long long id,
                     const struct flow_decide *d)
{
	struct case_row r;
	cal_day rest_by, part_on;
	int rc = flow_load(c, id, &r);
	if (rc != FLOW_OK)
		return rc;
	int pending = flow_rest_pending(c->db, id, &rest_by);
	if (pending < 0)
		return FLOW_ERROR;
	if (pending == 0)
		return FLOW_STATE;
	if (d->decision == DEC_DISMISSED || d->n_slots > 0 ||
	    cal_parse(r.decided_on, &part_on) != 0 || d->decided_on < part_on)
		return FLOW_INVALID;
	if ((rc = decide_check(c, &r, d)) != FLOW_OK)
		return rc;
	for (size_t i = 0; i < d->n_reasons; i++) {
		struct db_stmt *st = db_stmt(c->db, sql_rest_reason);
		if (st == NULL)
			return FLOW_ERROR;
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, d->reasons[i].part);
		db_bind_text(st, 3, d->reasons[i].ground);
		db_bind_text(st, 4, d->reasons[i].explanation ? d->reasons[i].explanation : "");
		if (flow_exec(c->db, st) != FLOW_OK)
			return FLOW_ERROR;
	}
	const char *name = flow_decision_name(d->decision);
	struct db_stmt *st = db_stmt(c->db, sql_rest_decision);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, flow_day_text(c->arena, d->decided_on));
	if ((rc = flow_exec(c->db, st)) != FLOW_OK)
		return rc;
	const char *methods = flow_decision_discloses(d->decision)
	                              ? methods_text(c->arena, d->methods) : "";
	json_t *j = json_pack("{s:s, s:s, s:s, s:s}", "decision", name,
	                      "decided_on", flow_day_text(c->arena, d->decided_on),
	                      "methods", methods,
	                      "rest_by", flow_day_text(c->arena, rest_by));
	/* 法82①: the 利用目的 of what the rest discloses */
	if (j && flow_decision_discloses(d->decision) && !flow_blank(d->purpose))
		json_object_set_new(j, "purpose", json_string(d->purpose));
	return flow_event_json(c, id, "rest_decided", true, j);
}

int flow_dismiss(const struct flow_ctx *c, long long id, const char *reason)
{
	return flow_dismiss_on(c, id, reason, c->today);
}

int flow_dismiss_on(const struct flow_ctx *c, long long id, const char *reason,
                    cal_day on)
{
	struct case_row r;
	int rc = flow_load_open(c, id, &r);
	if (rc != FLOW_OK)
		return rc;
	if (flow_blank(reason) || !flow_past_day_ok(c, &r, on))
		return FLOW_INVALID;
	if ((rc = decision_store(c, id, "dismissed", on, "")) != FLOW_OK)
		return rc;
	return flow_set_state_json(c, id, CASE_DISMISSED, "dismissed", true,
	        json_pack("{s:s, s:s}", "reason", reason,
	                  "decided_on", flow_day_text(c->arena, on)));
}

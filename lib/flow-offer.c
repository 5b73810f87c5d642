/* The 開示決定通知 on its way and the requester's 申出 (法87③): the desk
 * records how the notice went out and the day it is taken to have
 * arrived; the window for the 申出 counts from that day ("開示決定の通知
 * があった日から"), and a 申出 on paper, late with 正当な理由 (87④ただし
 * 書), is recorded by the staff. */
#include "flow.h"

#include <string.h>

#include "flow-internal.h"

/* The arrival of a part's 開示決定通知 (?2: "main" or "rest"; the main
 * part's events carry no part). */
static const char sql_notice_arrived[] =
    "SELECT json_extract(data, '$.arrived_on'), json_extract(data, '$.assumed') "
    "FROM event WHERE request_id = ?1 AND kind = 'notice_sent' "
    "AND COALESCE(json_extract(data, '$.part'), 'main') = ?2 "
    "ORDER BY id DESC LIMIT 1";

static bool discloses(const struct case_row *r)
{
	enum flow_decision d;
	return r->kind == KIND_DISCLOSURE && r->decision &&
	       flow_decision_parse(r->decision, &d) == 0 && flow_decision_discloses(d);
}

int flow_notice_sent(const struct flow_ctx *c, long long id, const char *how,
                     cal_day sent_on, cal_day arrived_on)
{
	return flow_notice_sent_part(c, id, PART_MAIN, how, sent_on, arrived_on);
}

/* The day the part was decided: the request's while it is decided; the
 * rest's (法84) once its decision discloses, the case decided or its
 * first part delivered. */
static int part_decided_on(const struct flow_ctx *c, const struct case_row *r,
                           enum flow_part part, cal_day *out)
{
	if (part == PART_MAIN)
		return r->state == CASE_DECIDED && cal_parse(r->decided_on, out) == 0 ? 0 : -1;
	const char *rest, *rest_on;
	enum flow_decision d;
	return (r->state == CASE_DECIDED || r->state == CASE_DELIVERED) &&
	       flow_rest_decision(c->db, c->arena, r->id, &rest, &rest_on) == 0 &&
	       flow_decision_parse(rest, &d) == 0 && flow_decision_discloses(d) &&
	       cal_parse(rest_on, out) == 0 ? 0 : -1;
}

int flow_notice_sent_part(const struct flow_ctx *c, long long id, enum flow_part part,
                          const char *how, cal_day sent_on, cal_day arrived_on)
{
	struct case_row r;
	cal_day decided;
	int rc = flow_load(c, id, &r);
	if (rc != FLOW_OK)
		return rc;
	if (part_decided_on(c, &r, part, &decided) != 0)
		return FLOW_STATE;
	bool mail = how && strcmp(how, "mail") == 0;
	if (how == NULL || (!mail && strcmp(how, "hand") != 0 && strcmp(how, "online") != 0))
		return FLOW_INVALID;
	if (sent_on < decided || sent_on > c->today)
		return FLOW_INVALID;
	bool assumed = false;
	if (!mail) {
		/* handed over, or recorded in the requester's file online
		 * (情報通信技術活用法7③): it arrives the day it is sent */
		arrived_on = sent_on;
	} else if (arrived_on == 0) {
		/* not known: the profile's days in transit, shown as assumed */
		int transit = c->profile->deadline.mail_transit_days;
		if (transit <= 0)
			return FLOW_INVALID;
		arrived_on = sent_on + transit;
		assumed = true;
	}
	if (arrived_on < sent_on || arrived_on > sent_on + 60)
		return FLOW_INVALID;
	json_t *j = json_pack("{s:s, s:s, s:s, s:b}",
	        "how", how, "sent_on", flow_day_text(c->arena, sent_on),
	        "arrived_on", flow_day_text(c->arena, arrived_on), "assumed", assumed);
	if (j && part == PART_REST)
		json_object_set_new(j, "part", json_string("rest"));
	return flow_event_json(c, id, "notice_sent", true, j);
}

/* The window from a part's decision day or, once recorded, from the day
 * its notice arrived (法87④: "第八十二条第一項に規定する通知があった日から"). */
static int window_from(struct db *db, const struct profile *p, long long id,
                       enum flow_part part, cal_day decided, struct flow_offer *out)
{
	out->from = decided;
	struct db_stmt *st = db_stmt(db, sql_notice_arrived);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, flow_part_name(part));
	if (db_step(st) == DB_ROW) {
		cal_day d;
		const char *arrived = db_col_text_null(st, 0);
		if (arrived && cal_parse(arrived, &d) == 0) {
			out->from = d;
			out->arrived = true;
			out->assumed = db_col_int(st, 1) != 0;
		}
	}
	db_reset(st);
	/* Until the arrival is recorded, counting from the decision gives the
	 * earliest last day (shown as such). */
	int days = p->deadline.offer_days > 0 ? p->deadline.offer_days : CAL_OFFER_DAYS;
	return cal_window_end(&p->cal, out->from, days, &out->until) == CAL_OK ? 0 : -1;
}

int flow_offer_until(struct db *db, const struct profile *p,
                     const struct case_row *r, struct flow_offer *out)
{
	cal_day decided;
	memset(out, 0, sizeof *out);
	if (!discloses(r) || cal_parse(r->decided_on, &decided) != 0)
		return -1;
	return window_from(db, p, r->id, PART_MAIN, decided, out);
}

static const char sql_has_choice[] =
    "SELECT 1 FROM delivery_choice WHERE request_id = ?1 AND part = ?2";
static const char sql_slot_of[] =
    "SELECT starts_at FROM offer_slot WHERE id = ?1 AND request_id = ?2";
static const char sql_choice_new[] =
    "INSERT INTO delivery_choice (request_id, part, method, slot_id, chosen_at) "
    "VALUES (?1, ?5, ?2, ?3, ?4)";

/* 法84, 87④: the rest's 申出 window, from the day the rest's own notice
 * arrived, as the desk recorded it (from its decision until then). */
static int rest_window(const struct flow_ctx *c, const struct case_row *r,
                       struct flow_offer *w)
{
	cal_day decided;
	memset(w, 0, sizeof *w);
	if (part_decided_on(c, r, PART_REST, &decided) != 0)
		return -1;
	return window_from(c->db, c->profile, r->id, PART_REST, decided, w);
}

int flow_offer_paper(const struct flow_ctx *c, long long id, const char *method,
                     long long slot_id, cal_day on, const char *late_reason)
{
	return flow_offer_paper_part(c, id, PART_MAIN, method, slot_id, on, late_reason);
}

/* The 申出 of a part: on paper (recorded by staff, late only with a
 * reason) or online (the requester, within the window only). */
static int offer_store(const struct flow_ctx *c, long long id, enum flow_part part,
                       const char *method, long long slot_id, cal_day on,
                       const char *late_reason, bool paper)
{
	struct case_row r;
	struct flow_offer w;
	int rc = flow_load(c, id, &r);
	if (rc != FLOW_OK)
		return rc;
	if (part == PART_MAIN ? r.state != CASE_DECIDED ||
	                        flow_offer_until(c->db, c->profile, &r, &w) != 0
	                      : rest_window(c, &r, &w) != 0)
		return FLOW_STATE;
	/* 法87③: nothing left to choose once the rest is disclosed */
	int done = part == PART_REST ? flow_rest_delivered(c->db, id) : 0;
	if (done != 0)
		return done < 0 ? FLOW_ERROR : FLOW_STATE;
	struct db_stmt *st = db_stmt(c->db, sql_has_choice);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, flow_part_name(part));
	bool chosen = db_step(st) == DB_ROW;
	db_reset(st);
	if (chosen)
		return FLOW_STATE;
	bool counter = method && strcmp(method, "counter") == 0;
	if (!counter && (method == NULL || strcmp(method, "mail") != 0))
		return FLOW_INVALID;
	cal_day decided = 0;
	if (part == PART_REST && part_decided_on(c, &r, PART_REST, &decided) != 0)
		return FLOW_STATE;
	/* the rest's decision offered no counter slots; nothing chosen
	 * before the part was decided */
	if (on > c->today || !flow_past_day_ok(c, &r, on) || on < decided ||
	    (part == PART_REST && slot_id > 0))
		return FLOW_INVALID;
	const char *starts_at = NULL;
	if (counter && slot_id > 0) {
		if ((st = db_stmt(c->db, sql_slot_of)) == NULL)
			return FLOW_ERROR;
		db_bind_int(st, 1, slot_id);
		db_bind_int(st, 2, id);
		if (db_step(st) == DB_ROW)
			starts_at = arena_strdup(c->arena, db_col_text(st, 0));
		db_reset(st);
		if (starts_at == NULL)
			return FLOW_INVALID;
	}
	/* 法87④ただし書: after the window only with 正当な理由, recorded. */
	bool late = on > w.until;
	if (late && (!paper || flow_blank(late_reason)))
		return FLOW_LATE;
	if ((st = db_stmt(c->db, sql_choice_new)) == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, counter ? "counter" : "mail");
	if (starts_at)
		db_bind_int(st, 3, slot_id);
	else
		db_bind_null(st, 3);
	db_bind_text(st, 4, flow_day_text(c->arena, on));
	db_bind_text(st, 5, flow_part_name(part));
	if ((rc = flow_exec(c->db, st)) != FLOW_OK)
		return rc;
	json_t *j = json_pack("{s:s, s:s}", "method", counter ? "counter" : "mail",
	                      "on", flow_day_text(c->arena, on));
	if (j && paper)
		json_object_set_new(j, "paper", json_true());
	if (j && part == PART_REST)
		json_object_set_new(j, "part", json_string("rest"));
	if (j && starts_at)
		json_object_set_new(j, "starts_at", json_string(starts_at));
	if (j && late)
		json_object_set_new(j, "late_reason", json_string(late_reason));
	return flow_event_json(c, id, "delivery_chosen", true, j);
}

int flow_offer_paper_part(const struct flow_ctx *c, long long id,
                          enum flow_part part, const char *method,
                          long long slot_id, cal_day on, const char *late_reason)
{
	return offer_store(c, id, part, method, slot_id, on, late_reason, true);
}

int flow_offer_rest_online(const struct flow_ctx *c, long long id, const char *method)
{
	return offer_store(c, id, PART_REST, method, 0, c->today, NULL, false);
}

int flow_offer_rest_window(const struct flow_ctx *c, long long id,
                           struct flow_offer *w)
{
	struct case_row r;
	int rc = flow_load(c, id, &r);
	if (rc != FLOW_OK)
		return rc;
	return flow_offer_rest_window_of(c, &r, w);
}

int flow_offer_rest_window_of(const struct flow_ctx *c, const struct case_row *row,
                              struct flow_offer *w)
{
	return rest_window(c, row, w) == 0 ? FLOW_OK : FLOW_STATE;
}

/* ---- 法85: 事案の移送 ---- */

static const char sql_transfer[] =
    "UPDATE request SET agency_id = ?2 WHERE id = ?1";

/* 法85①: the request's case moves to another 行政機関の長等 (here another
 * agency of the city) that made or first received the information, after
 * consulting it; the requester is told in writing. 法85②: the receiving
 * agency decides, and what was done before the transfer counts as done by
 * it — the request keeps its day of receipt and its due date. */
int flow_transfer(const struct flow_ctx *c, long long id, const char *to,
                  const char *reason)
{
	struct case_row r;
	int rc = flow_load_pending(c, id, &r);
	if (rc != FLOW_OK)
		return rc;
	if (to == NULL || profile_agency(c->profile, to) == NULL ||
	    strcmp(to, r.agency_id) == 0 || flow_blank(reason))
		return FLOW_INVALID;
	if ((rc = flow_exec_text(c, sql_transfer, id, to)) != FLOW_OK)
		return rc;
	return flow_event_json(c, id, "transferred", true, json_pack("{s:s, s:s, s:s}",
	        "from", r.agency_id, "to", to, "reason", reason));
}

/* ---- 法97: 保有個人情報の提供先への通知 ---- */

static const char sql_carried_out[] =
    "SELECT 1 FROM event WHERE request_id = ?1 AND kind = 'carried_out' LIMIT 1";

/* 法97: after a 訂正 is carried out, the body the information was
 * provided to is told of it where that is needed. Recorded per body, on
 * the day it was sent. */
int flow_correction_notified(const struct flow_ctx *c, long long id,
                             const char *to, cal_day on)
{
	struct case_row r;
	int rc = flow_load(c, id, &r);
	if (rc != FLOW_OK)
		return rc;
	struct db_stmt *st = db_stmt(c->db, sql_carried_out);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	bool done = db_step(st) == DB_ROW;
	db_reset(st);
	if (r.kind != KIND_CORRECTION || strcmp(r.decision ? r.decision : "", "correct") != 0 || !done)
		return FLOW_STATE;
	if (flow_blank(to) || !flow_past_day_ok(c, &r, on))
		return FLOW_INVALID;
	return flow_event_json(c, id, "correction_notified", false, json_pack("{s:s, s:s}",
	        "to", to, "on", flow_day_text(c->arena, on)));
}

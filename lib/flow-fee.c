/* After a decision: the cost of the copies and of sending them (for a
 * 地方公共団体の機関: the 手数料 its 条例 sets, 法89②, or the 実費 its rules
 * charge; sending: 施行令28条, "送付に要する費用を納付して…写しの送付を求める
 * ことができる", read at iuris.jp), its payment, 開示の実施 (法87) and a
 * correction or 利用停止 carried out. Under 法84 the rest decided later is
 * carried out on its own: its own fee row (part 'rest'), payment and
 * delivery. */
#include "flow.h"

#include <string.h>

#include "flow-internal.h"

static const char sql_fee_state[] =
    "SELECT state, amount_yen FROM fee WHERE request_id = ?1 AND part = ?2";
static const char sql_fee_set[] =
    "INSERT INTO fee (request_id, part, amount_yen, breakdown, state, created_at) "
    "VALUES (?1, ?6, ?2, ?3, ?4, ?5) ON CONFLICT (request_id, part) DO UPDATE SET "
    "amount_yen = ?2, breakdown = ?3, state = ?4 WHERE fee.state IN ('due', 'waived')";
/* 法84: the decision on the rest and its day ("" until made) */
static const char sql_rest_of[] =
    "SELECT COALESCE(rest_decision, ''), COALESCE(rest_decided_on, '') "
    "FROM request WHERE id = ?1";

const char *flow_part_name(enum flow_part part)
{
	return part == PART_REST ? "rest" : "main";
}

int flow_part_parse(const char *s, enum flow_part *out)
{
	if (s == NULL || *s == '\0' || strcmp(s, "main") == 0)
		*out = PART_MAIN;
	else if (strcmp(s, "rest") == 0)
		*out = PART_REST;
	else
		return -1;
	return 0;
}

int flow_rest_decision(struct db *db, struct arena *a, long long id,
                       const char **decision, const char **decided_on)
{
	struct db_stmt *st = db_stmt(db, sql_rest_of);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	*decision = *decided_on = "";
	if (rc == DB_ROW) {
		*decision = arena_strdup(a, db_col_text(st, 0));
		*decided_on = arena_strdup(a, db_col_text(st, 1));
	}
	db_reset(st);
	return rc == DB_ROW ? 0 : -1;
}

/* The fee's state ("" when none) and amount. */
static int fee_load(const struct flow_ctx *c, long long id, enum flow_part part,
                    const char **state, long *amount)
{
	struct db_stmt *st = db_stmt(c->db, sql_fee_state);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, flow_part_name(part));
	int rc = db_step(st);
	*state = "";
	*amount = 0;
	if (rc == DB_ROW) {
		*state = arena_strdup(c->arena, db_col_text(st, 0));
		*amount = (long)db_col_int64(st, 1);
	}
	db_reset(st);
	return rc == DB_ROW || rc == DB_DONE ? FLOW_OK : FLOW_ERROR;
}

/* The case with its fee's state and amount. */
static int case_fee_load(const struct flow_ctx *c, long long id,
                         enum flow_part part, struct case_row *r,
                         const char **state, long *amount)
{
	int rc = flow_load(c, id, r);
	return rc == FLOW_OK ? fee_load(c, id, part, state, amount) : rc;
}

/* Decided, and what was decided discloses something. The main part: the
 * request in the decided state. The rest (法84): its own decision
 * discloses, while the case is decided or its main part delivered. */
static bool decided_to_disclose(const struct flow_ctx *c,
                                const struct case_row *r, enum flow_part part)
{
	enum flow_decision dec;
	if (part == PART_MAIN)
		return r->state == CASE_DECIDED &&
		       flow_decision_parse(r->decision, &dec) == 0 &&
		       flow_decision_discloses(dec);
	const char *rest, *rest_on;
	return (r->state == CASE_DECIDED || r->state == CASE_DELIVERED) &&
	       flow_rest_decision(c->db, c->arena, r->id, &rest, &rest_on) == 0 &&
	       flow_decision_parse(rest, &dec) == 0 && flow_decision_discloses(dec);
}

static long fee_add(long total, long part)
{
	if (total < 0 || part < 0 || part > 100000000L - total)
		return -1;
	return total + part;
}

/* The amount and its breakdown; -1 for an item or count the table refuses. */
static long fee_compute(const struct flow_ctx *c, const struct flow_fee *f,
                        json_t *media)
{
	const struct profile *p = c->profile;
	long total = 0;
	if (f->mono_pages)
		total = fee_add(total, profile_fee_estimate(p, "mono", f->mono_pages));
	if (f->colour_pages)
		total = fee_add(total, profile_fee_estimate(p, "colour", f->colour_pages));
	for (size_t i = 0; i < f->n_media && total >= 0; i++) {
		const struct flow_media *m = &f->media[i];
		const struct fee_item *it = profile_fee_item(p, m->item ? m->item : "");
		long yen;
		if (it == NULL || m->units < 1)
			return -1;
		yen = it->at_cost ? m->yen : profile_fee_estimate(p, m->item, m->units);
		total = fee_add(total, yen);
		json_array_append_new(media, json_pack("{s:s, s:i, s:I}", "item", m->item,
		                                       "units", m->units, "yen", (json_int_t)yen));
	}
	if (f->postage_yen && p->fee.postage == POSTAGE_NONE)
		return -1;
	return fee_add(total, f->postage_yen);
}

static int fee_store(const struct flow_ctx *c, long long id, enum flow_part part,
                     long amount, const char *breakdown, const char *state)
{
	struct db_stmt *st = db_stmt(c->db, sql_fee_set);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, amount);
	db_bind_text(st, 3, breakdown);
	db_bind_text(st, 4, state);
	db_bind_text(st, 5, case_now(c->arena));
	db_bind_text(st, 6, flow_part_name(part));
	return flow_exec(c->db, st);
}

/* An event's data with "part": "rest" for the rest (the main part's
 * events stay as they were). */
static json_t *with_part(json_t *j, enum flow_part part)
{
	if (j && part == PART_REST)
		json_object_set_new(j, "part", json_string("rest"));
	return j;
}

int flow_set_fee(const struct flow_ctx *c, long long id,
                 const struct flow_fee *f, long *amount)
{
	return flow_set_fee_part(c, id, PART_MAIN, f, amount);
}

int flow_set_fee_part(const struct flow_ctx *c, long long id, enum flow_part part,
                      const struct flow_fee *f, long *amount)
{
	struct case_row r;
	const char *state;
	long old;
	int rc = case_fee_load(c, id, part, &r, &state, &old);
	if (rc != FLOW_OK)
		return rc;
	if (!decided_to_disclose(c, &r, part) || strcmp(state, "paid") == 0 ||
	    strcmp(state, "refunded") == 0)
		return FLOW_STATE;
	if (f->mono_pages < 0 || f->colour_pages < 0 || f->postage_yen < 0)
		return FLOW_INVALID;
	json_t *media = json_array();
	*amount = fee_compute(c, f, media);
	if (*amount < 0) {
		json_decref(media);
		return FLOW_INVALID;
	}
	const char *breakdown = flow_json_text(c->arena, json_pack("{s:i, s:i, s:o, s:I}",
	        "mono_pages", f->mono_pages, "colour_pages", f->colour_pages,
	        "media", media, "postage_yen", (json_int_t)f->postage_yen));
	if (breakdown == NULL)
		return FLOW_ERROR;
	const char *fstate = *amount == 0 ? "waived" : "due";
	if ((rc = fee_store(c, id, part, *amount, breakdown, fstate)) != FLOW_OK)
		return rc;
	return flow_event_json(c, id, "fee_set", true, with_part(json_pack("{s:I, s:s, s:s}",
	        "amount_yen", (json_int_t)*amount, "state", fstate,
	        "breakdown", breakdown), part));
}

static const char sql_fee_paid[] =
    "UPDATE fee SET state = 'paid', paid_via = ?2, paid_at = ?3 "
    "WHERE request_id = ?1 AND part = ?4 AND state = 'due'";

/* The ways a payment reaches the desk; online payments come from the
 * provider, not from here. */
static int pay_via(const char *via, enum pay_method *m)
{
	if (via && strcmp(via, "counter") == 0)
		*m = PAY_COUNTER;
	else if (via && strcmp(via, "bank_slip") == 0)
		*m = PAY_BANK_SLIP;
	else if (via && strcmp(via, "registered_mail") == 0)
		*m = PAY_REGISTERED_MAIL;
	else if (via && strcmp(via, "e_application") == 0)
		*m = PAY_E_APPLICATION;
	else
		return -1;
	return 0;
}

static int fee_paid_store(const struct flow_ctx *c, long long id,
                          enum flow_part part, const char *via)
{
	struct db_stmt *st = db_stmt(c->db, sql_fee_paid);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, via);
	db_bind_text(st, 3, case_now(c->arena));
	db_bind_text(st, 4, flow_part_name(part));
	int rc = flow_exec(c->db, st);
	if (rc == FLOW_OK && db_changes(c->db) != 1)
		rc = FLOW_STATE;
	return rc;
}

int flow_record_payment(const struct flow_ctx *c, long long id,
                        const char *via, long amount)
{
	return flow_record_payment_part(c, id, PART_MAIN, via, amount);
}

/* Each part's fee is paid on its own and exactly (a payment of one never
 * pays the other): the row of (request, part) moves from due to paid once. */
int flow_record_payment_part(const struct flow_ctx *c, long long id,
                             enum flow_part part, const char *via, long amount)
{
	enum pay_method m;
	if (pay_via(via, &m) != 0 || !profile_pay_accepts(c->profile, m))
		return FLOW_INVALID;
	const char *state;
	long due;
	struct case_row r;
	int rc = case_fee_load(c, id, part, &r, &state, &due);
	if (rc != FLOW_OK)
		return rc;
	if (strcmp(state, "due") != 0)
		return FLOW_STATE;
	if (amount != due)
		return FLOW_AMOUNT;
	if ((rc = fee_paid_store(c, id, part, via)) != FLOW_OK)
		return rc;
	return flow_event_json(c, id, "fee_paid", true, with_part(json_pack("{s:s, s:I}",
	        "via", via, "amount_yen", (json_int_t)amount), part));
}

static const char sql_objected[] =
    "SELECT COUNT(*) FROM third_party WHERE request_id = ?1 AND objects = 1";

/* 法86③ for the rest (法84): two weeks after the rest's own decision. */
static cal_day rest_earliest(const struct flow_ctx *c, long long id)
{
	const char *rest, *rest_on;
	cal_day on;
	struct db_stmt *st = db_stmt(c->db, sql_objected);
	if (st == NULL || flow_rest_decision(c->db, c->arena, id, &rest, &rest_on) != 0 ||
	    cal_parse(rest_on, &on) != 0)
		return 0;
	db_bind_int(st, 1, id);
	bool objected = db_step(st) == DB_ROW && db_col_int(st, 0) > 0;
	db_reset(st);
	return objected ? on + c->profile->deadline.third_party_wait_days + 1 : 0;
}

cal_day flow_disclosure_earliest(struct db *db, const struct profile *p,
                                 long long id)
{
	struct arena *a = arena_new();
	struct case_row r;
	enum flow_decision dec;
	cal_day decided, out = 0;
	struct db_stmt *st = db_stmt(db, sql_objected);
	if (st != NULL && case_load(db, a, id, &r) == 0 &&
	    flow_decision_parse(r.decision, &dec) == 0 &&
	    flow_decision_discloses(dec) && cal_parse(r.decided_on, &decided) == 0) {
		db_bind_int(st, 1, id);
		if (db_step(st) == DB_ROW && db_col_int(st, 0) > 0)
			/* 法86③: at least two weeks between the decision day and
			 * the day of disclosure, both left out. */
			out = decided + p->deadline.third_party_wait_days + 1;
		db_reset(st);
	}
	arena_free(a);
	return out;
}

static const char sql_rest_delivered[] =
    "SELECT 1 FROM event WHERE request_id = ?1 AND kind = 'rest_delivered' LIMIT 1";

int flow_rest_delivered(struct db *db, long long id)
{
	struct db_stmt *st = db_stmt(db, sql_rest_delivered);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	db_reset(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* 法84, 87: the rest disclosed on its own, once; the request's state is
 * the main part's and does not change. */
int flow_deliver_rest(const struct flow_ctx *c, long long id, const char *method,
                      cal_day on)
{
	struct case_row r;
	const char *state, *rest, *rest_on;
	long amount;
	cal_day rest_day;
	int rc = case_fee_load(c, id, PART_REST, &r, &state, &amount);
	if (rc != FLOW_OK)
		return rc;
	int done = flow_rest_delivered(c->db, id);
	if (done < 0 || flow_rest_decision(c->db, c->arena, id, &rest, &rest_on) != 0)
		return FLOW_ERROR;
	if (!decided_to_disclose(c, &r, PART_REST) || done)
		return FLOW_STATE;
	if (method == NULL || (strcmp(method, "counter") != 0 &&
	                       strcmp(method, "mail") != 0) ||
	    !flow_past_day_ok(c, &r, on) || cal_parse(rest_on, &rest_day) != 0 ||
	    on < rest_day)
		return FLOW_INVALID;
	cal_day earliest = rest_earliest(c, id);
	if (earliest && on < earliest)
		return FLOW_WAIT;
	if (strcmp(state, "due") == 0 && c->profile->fee.prepay)
		return FLOW_UNPAID;
	return flow_event_json(c, id, "rest_delivered", true,
	        json_pack("{s:s, s:s, s:s}", "method", method,
	                  "on", flow_day_text(c->arena, on), "part", "rest"));
}

int flow_deliver(const struct flow_ctx *c, long long id, const char *method,
                 cal_day on)
{
	struct case_row r;
	const char *state;
	long amount;
	int rc = case_fee_load(c, id, PART_MAIN, &r, &state, &amount);
	if (rc != FLOW_OK)
		return rc;
	if (!decided_to_disclose(c, &r, PART_MAIN))
		return FLOW_STATE;
	if (method == NULL || (strcmp(method, "counter") != 0 &&
	                       strcmp(method, "mail") != 0) ||
	    !flow_past_day_ok(c, &r, on))
		return FLOW_INVALID;
	cal_day earliest = flow_disclosure_earliest(c->db, c->profile, id);
	if (earliest && on < earliest)
		return FLOW_WAIT;
	if (strcmp(state, "due") == 0 && c->profile->fee.prepay)
		return FLOW_UNPAID;
	return flow_set_state_json(c, id, CASE_DELIVERED, "delivered", true,
	        json_pack("{s:s, s:s}", "method", method,
	                  "on", flow_day_text(c->arena, on)));
}

int flow_carried_out(const struct flow_ctx *c, long long id, cal_day on)
{
	struct case_row r;
	int rc = flow_load(c, id, &r);
	if (rc != FLOW_OK)
		return rc;
	if (r.state != CASE_DECIDED || (strcmp(r.decision, "correct") != 0 &&
	                                strcmp(r.decision, "stop") != 0 &&
	                                strcmp(r.decision, "partly_correct") != 0 &&
	                                strcmp(r.decision, "partly_stop") != 0))
		return FLOW_STATE;
	if (!flow_past_day_ok(c, &r, on))
		return FLOW_INVALID;
	return flow_set_state_json(c, id, CASE_DELIVERED, "carried_out", true,
	                           flow_on_json(c->arena, on));
}

/* The case page: every detail of one request, its documents (decrypted
 * on the fly, never written to disk), its events, and the forms for the
 * steps its state allows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "datefmt.h"
#include "desk-pages.h"
#include "flow.h"
#include "log.h"
#include "resp.h"
#include "vault.h"
#include "view.h"

static int parse_id(const char *s, long long *out)
{
	char *end;
	if (s == NULL || *s < '1' || *s > '9' || strlen(s) > 12)
		return -1;
	*out = strtoll(s, &end, 10);
	return *end == '\0' ? 0 : -1;
}

int desk_case_for(struct req *req, const struct desk_staff *me,
                  struct case_row *row)
{
	long long id;
	if (parse_id(req->route_arg[0], &id) != 0)
		return 404;
	int rc = case_load(req->app->db, req->arena, id, row);
	if (rc != 0)
		return rc > 0 ? 404 : 500;
	if (!staff_sees(me, row->agency_id)) {
		log_event(LOG_WARN, "desk: staff %lld refused request %s", me->id,
		          row->ref);
		return 403;
	}
	return 0;
}

int desk_field_day(struct req *req, size_t f, cal_day *out)
{
	const char *v = req_field(req, f);
	if (v == NULL)
		return req_field_state(req, f) == FIELD_ABSENT ? 0 : -1;
	return cal_parse(v, out) == 0 ? 1 : -1;
}

void desk_view_day(struct req *req, const char *name, cal_day day)
{
	char iso[11], wareki[64];
	cal_format(day, iso);
	view_set(req, name, iso);
	if (cal_format_wareki(day, wareki, sizeof wareki) == 0)
		view_set(req, arena_printf(req->arena, "%s.Wareki", name), wareki);
}

static void view_date_text(struct req *req, const char *name, const char *iso)
{
	cal_day d;
	if (iso && cal_parse(iso, &d) == 0)
		desk_view_day(req, name, d);
	else if (iso && *iso)
		view_set(req, name, iso);
}

static bool key_ok(const char *k)
{
	size_t n = strlen(k);
	return n > 0 && n <= 40 &&
	       strspn(k, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == n;
}

/* A JSON object's scalars as PREFIX.KEY(.SUB); dates get .Wareki too. */
static void json_to_view(struct req *req, const char *prefix, json_t *j, int depth)
{
	if (depth > 3)
		return;
	for (void *it = json_object_iter(j); it; it = json_object_iter_next(j, it)) {
		const char *k = json_object_iter_key(it);
		json_t *v = json_object_iter_value(it);
		if (!key_ok(k))
			continue;
		const char *name = arena_printf(req->arena, "%s.%s", prefix, k);
		if (json_is_object(v))
			json_to_view(req, name, v, depth + 1);
		else if (json_is_string(v))
			view_date_text(req, name, json_string_value(v));
		else if (json_is_integer(v))
			view_setf(req, name, "%lld", (long long)json_integer_value(v));
		else if (json_is_boolean(v))
			view_set_int(req, name, json_is_true(v));
	}
}

void desk_json_to_view(struct req *req, const char *prefix, const char *text)
{
	json_t *j = json_loads(text, 0, NULL);
	if (json_is_object(j))
		json_to_view(req, prefix, j, 0);
	json_decref(j);
}

/* Runs sql with ?1 = the request id and sets PREFIX.N.COLUMN for each row. */
static int rows_to_view(struct req *req, const char *sql, long long id,
                        const char *prefix, const char *const *cols, int ncols)
{
	struct db_stmt *st = db_stmt(req->app->db, sql);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		for (int c = 0; c < ncols; c++) {
			const char *name = arena_printf(req->arena, "%s.%d.%s", prefix, n, cols[c]);
			const char *v = db_col_text(st, c);
			if (strstr(cols[c], "On") != NULL)
				view_date_text(req, name, v);
			else
				view_set(req, name, v);
		}
		n++;
	}
	db_reset(st);
	view_set_int(req, arena_printf(req->arena, "%s.Count", prefix), n);
	return rc == DB_DONE ? 0 : -1;
}

static const char sql_docs[] =
    "SELECT id, kind, mime, size, COALESCE(purged_at, '') FROM document "
    "WHERE request_id = ?1 ORDER BY id";
static const char sql_holds[] =
    "SELECT from_on, COALESCE(to_on, '') FROM request_hold WHERE request_id = ?1 ORDER BY id";
static const char sql_tps[] =
    "SELECT id, name, sent_on, answer_due_on, COALESCE(answered_on, ''), objects "
    "FROM third_party WHERE request_id = ?1 ORDER BY id";
static const char sql_reasons[] =
    "SELECT part, ground, explanation FROM decision_reason WHERE request_id = ?1 "
    "AND rest = 0 ORDER BY id";
/* 法84: the grounds of the decision on the rest */
static const char sql_rest_reasons[] =
    "SELECT part, ground, explanation FROM decision_reason WHERE request_id = ?1 "
    "AND rest = 1 ORDER BY id";
/* 法97: the recipients told of the 訂正, each with its own letter */
static const char sql_provided[] =
    "SELECT id, COALESCE(json_extract(data, '$.to'), ''), "
    "COALESCE(json_extract(data, '$.on'), '') FROM event "
    "WHERE request_id = ?1 AND kind = 'correction_notified' ORDER BY id";
static const char sql_rest[] =
    "SELECT COALESCE(rest_decision, ''), COALESCE(rest_decided_on, '') "
    "FROM request WHERE id = ?1";
static const char sql_slots[] =
    "SELECT id, starts_at, place FROM offer_slot WHERE request_id = ?1 ORDER BY starts_at";
static const char sql_appeals[] =
    "SELECT id, received_on, COALESCE(consulted_on, ''), COALESCE(answered_on, ''), "
    "COALESCE(ruled_on, ''), COALESCE(outcome, '') FROM appeal WHERE request_id = ?1 ORDER BY id";
static const char sql_fee[] =
    "SELECT amount_yen, state, COALESCE(paid_via, ''), COALESCE(paid_at, ''), breakdown "
    "FROM fee WHERE request_id = ?1 AND part = ?2";
static const char sql_choice[] =
    "SELECT d.method, COALESCE(s.starts_at, ''), d.chosen_at FROM delivery_choice d "
    "LEFT JOIN offer_slot s ON s.id = d.slot_id WHERE d.request_id = ?1 "
    "AND d.part = 'main'";
/* 法84, 87③: the rest's own 申出 */
static const char sql_rest_choice[] =
    "SELECT method, '', chosen_at FROM delivery_choice WHERE request_id = ?1 "
    "AND part = 'rest'";
/* 法84: what the rest's decision offered (its own 実施の方法) and its
 * delivery */
static const char sql_rest_methods[] =
    "SELECT COALESCE(json_extract(data, '$.methods'), '') FROM event "
    "WHERE request_id = ?1 AND kind = 'rest_decided' ORDER BY id DESC LIMIT 1";
static const char sql_rest_delivered[] =
    "SELECT COALESCE(json_extract(data, '$.method'), ''), "
    "COALESCE(json_extract(data, '$.on'), '') FROM event "
    "WHERE request_id = ?1 AND kind = 'rest_delivered' ORDER BY id DESC LIMIT 1";
static const char sql_extra[] =
    "SELECT extension_days, COALESCE(special_part_by, ''), "
    "COALESCE(special_rest_by, ''), offer_methods FROM request WHERE id = ?1";

static int docs_to_view(struct req *req, long long id)
{
	struct db_stmt *st = db_stmt(req->app->db, sql_docs);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	int n = 0, rc;
	const struct profile_identity *pi = &req->app->profile.identity;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *pre = arena_printf(req->arena, "Documents.%d.", n++);
		const char *kind = db_col_text(st, 1);
		view_set(req, arena_printf(req->arena, "%sId", pre), db_col_text(st, 0));
		view_set(req, arena_printf(req->arena, "%sKind", pre), kind);
		for (size_t i = 0; i < pi->n_docs; i++)
			if (strcmp(pi->docs[i].id, kind) == 0)
				view_set(req, arena_printf(req->arena, "%sName", pre),
				         strcmp(req->lang, "en") == 0 ? pi->docs[i].name_en
				                                      : pi->docs[i].name);
		view_set(req, arena_printf(req->arena, "%sMime", pre), db_col_text(st, 2));
		view_set(req, arena_printf(req->arena, "%sSize", pre), db_col_text(st, 3));
		view_set(req, arena_printf(req->arena, "%sPurged", pre), db_col_text(st, 4));
	}
	db_reset(st);
	view_set_int(req, "Documents.Count", n);
	return rc == DB_DONE ? 0 : -1;
}

/* A part's fee ("main": Fee, "rest": RestFee, 法84): .Amount, .State,
 * .PaidVia, .PaidAt and the breakdown's keys. */
static int fee_to_view(struct req *req, long long id, const char *part,
                       const char **state)
{
	struct db_stmt *st = db_stmt(req->app->db, sql_fee);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, part);
	int rc = db_step(st);
	const char *pre = strcmp(part, "rest") == 0 ? "RestFee" : "Fee";
	*state = "";
	if (rc == DB_ROW) {
		*state = arena_strdup(req->arena, db_col_text(st, 1));
		view_set(req, arena_printf(req->arena, "%s.Amount", pre), db_col_text(st, 0));
		view_set(req, arena_printf(req->arena, "%s.State", pre), *state);
		view_set(req, arena_printf(req->arena, "%s.PaidVia", pre), db_col_text(st, 2));
		view_set(req, arena_printf(req->arena, "%s.PaidAt", pre), db_col_text(st, 3));
		json_t *j = json_loads(db_col_text(st, 4), 0, NULL);
		json_t *media = json_object_get(j, "media");
		json_to_view(req, arena_printf(req->arena, "%s.Breakdown", pre), j, 1);
		for (size_t i = 0; i < json_array_size(media); i++)
			json_to_view(req, arena_printf(req->arena, "%s.Media.%zu", pre, i),
			             json_array_get(media, i), 1);
		json_decref(j);
	}
	db_reset(st);
	return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

/* 法84: the rest's 実施の方法 (Case.Rest.Methods.*) and its delivery
 * (Case.Rest.Delivered.Method, .On). */
static int rest_carry_to_view(struct req *req, long long id)
{
	struct db_stmt *st = db_stmt(req->app->db, sql_rest_methods);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		const char *m = db_col_text(st, 0);
		view_set_int(req, "Case.Rest.Methods.view", strstr(m, "view") != NULL);
		view_set_int(req, "Case.Rest.Methods.copy", strstr(m, "copy") != NULL);
		view_set_int(req, "Case.Rest.Methods.mail", strstr(m, "mail") != NULL);
	}
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return -1;
	if ((st = db_stmt(req->app->db, sql_rest_delivered)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		view_set(req, "Case.Rest.Delivered.Method", db_col_text(st, 0));
		view_date_text(req, "Case.Rest.Delivered.On", db_col_text(st, 1));
	}
	db_reset(st);
	return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

/* 法84, 87③: the rest's notice tells by the rest's own methods whether
 * its 申出書 is needed (山形: case_requested_method_honoured, as for the
 * part), and whether it has gone out (for the next step). */
static void rest_offer_to_view(struct req *req, const struct case_row *row)
{
	HDF *h = req->hdf;
	const char *m = arena_printf(req->arena, "%s,%s,%s",
	        hdf_get_int_value(h, "Case.Rest.Methods.view", 0) ? "view" : "",
	        hdf_get_int_value(h, "Case.Rest.Methods.copy", 0) ? "copy" : "",
	        hdf_get_int_value(h, "Case.Rest.Methods.mail", 0) ? "mail" : "");
	if (case_requested_method_honoured(&req->app->profile, row->data, m))
		view_set(req, "Case.Rest.OfferNotNeeded", "1");
	struct flow_ctx c = { req->app->db, &req->app->profile, req->arena,
	                      "staff", cal_today() };
	struct flow_offer w;
	if (flow_offer_rest_window_of(&c, row, &w) == FLOW_OK && w.arrived)
		view_set(req, "Case.Rest.NoticeSent", "1");
}

struct extra {
	int extension_days;
	const char *part_by, *rest_by, *methods;
};

static int extra_to_view(struct req *req, long long id, struct extra *x)
{
	struct db_stmt *st = db_stmt(req->app->db, sql_extra);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		x->extension_days = db_col_int(st, 0);
		x->part_by = arena_strdup(req->arena, db_col_text(st, 1));
		x->rest_by = arena_strdup(req->arena, db_col_text(st, 2));
		x->methods = arena_strdup(req->arena, db_col_text(st, 3));
		view_set_int(req, "Case.ExtensionDays", x->extension_days);
		view_date_text(req, "Case.Special.PartBy", x->part_by);
		view_date_text(req, "Case.Special.RestBy", x->rest_by);
		view_set_int(req, "Case.Methods.view", strstr(x->methods, "view") != NULL);
		view_set_int(req, "Case.Methods.copy", strstr(x->methods, "copy") != NULL);
		view_set_int(req, "Case.Methods.mail", strstr(x->methods, "mail") != NULL);
	}
	db_reset(st);
	return rc == DB_ROW ? 0 : -1;
}

/* 法84: Case.Rest.By while the rest is still to be decided, and its
 * decision (Case.Rest.Decision, .DecidedOn) once made. */
static int rest_to_view(struct req *req, const struct case_row *row)
{
	cal_day by;
	int pending = flow_rest_pending(req->app->db, row->id, &by);
	if (pending < 0)
		return -1;
	if (pending)
		desk_view_day(req, "Case.Rest.By", by);
	struct db_stmt *st = db_stmt(req->app->db, sql_rest);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, row->id);
	int rc = db_step(st);
	if (rc == DB_ROW && *db_col_text(st, 0)) {
		view_set(req, "Case.Rest.Decision", db_col_text(st, 0));
		view_date_text(req, "Case.Rest.DecidedOn", db_col_text(st, 1));
	}
	db_reset(st);
	return rc == DB_ROW ? 0 : -1;
}

static void lists_to_view(struct req *req, const struct case_row *row)
{
	const struct profile *p = &req->app->profile;
	int n = 0;
	for (int d = 0; d < DEC__MAX; d++)
		if (flow_decision_fits(row->kind, (enum flow_decision)d))
			view_set(req, arena_printf(req->arena, "Lists.Decisions.%d", n++),
			         flow_decision_name((enum flow_decision)d));
	/* Only the grounds the city's kind of body may use (法78①). */
	n = 0;
	for (int g = 0; flow_grounds[g].id; g++)
		if (flow_ground_applies(p, flow_grounds[g].id))
			view_set(req, arena_printf(req->arena, "Lists.Grounds.%d", n++),
			         flow_grounds[g].id);
	for (size_t i = 0; i < p->fee.n_items; i++) {
		const struct fee_item *it = &p->fee.items[i];
		const char *pre = arena_printf(req->arena, "Lists.FeeItems.%zu.", i);
		view_set(req, arena_printf(req->arena, "%sId", pre), it->id);
		view_set(req, arena_printf(req->arena, "%sName", pre),
		         strcmp(req->lang, "en") == 0 ? it->name_en : it->name);
		view_set_int(req, arena_printf(req->arena, "%sYen", pre), it->yen);
		view_set_int(req, arena_printf(req->arena, "%sAtCost", pre), it->at_cost);
	}
	static const struct { enum pay_method m; const char *key; } pays[] = {
		{ PAY_COUNTER, "counter" }, { PAY_BANK_SLIP, "bank_slip" },
		{ PAY_REGISTERED_MAIL, "registered_mail" },
		{ PAY_E_APPLICATION, "e_application" },
	};
	for (size_t m = 0, k = 0; m < sizeof pays / sizeof pays[0]; m++)
		if (profile_pay_accepts(p, pays[m].m))
			view_set(req, arena_printf(req->arena, "Lists.Pay.%zu", k++), pays[m].key);
	view_set_int(req, "Lists.Methods.view", p->disclosure.view);
	view_set_int(req, "Lists.Methods.copy", p->disclosure.copy);
	view_set_int(req, "Lists.Methods.mail", p->disclosure.mail_copy);
	view_set_int(req, "Lists.PostageAtCost", p->fee.postage == POSTAGE_AT_COST);
}

static bool has_unanswered(struct req *req)
{
	HDF *tp = hdf_get_obj(req->hdf, "ThirdParties");
	for (HDF *c = tp ? hdf_obj_child(tp) : NULL; c; c = hdf_obj_next(c))
		if (hdf_get_obj(c, "Id") && *hdf_get_value(c, "AnsweredOn", "") == '\0')
			return true;
	return false;
}

static void can(struct req *req, const char *what, bool yes)
{
	view_set_int(req, arena_printf(req->arena, "Can.%s", what), yes);
}

/* Which forms the page shows; lib/flow.c checks the same again. */
/* 法84, 87: the rest's own fee, payment, 申出 and delivery, once its
 * decision discloses; lib/flow-fee.c checks the same again. */
static bool rest_actions_to_view(struct req *req, const struct case_row *row,
                                 bool ch, const char *rest_fee)
{
	enum flow_decision rest = DEC__MAX;
	flow_decision_parse(hdf_get_value(req->hdf, "Case.Rest.Decision", ""), &rest);
	bool open = (row->state == CASE_DECIDED || row->state == CASE_DELIVERED) &&
	            flow_decision_discloses(rest);
	bool done = hdf_get_obj(req->hdf, "Case.Rest.Delivered.Method") != NULL;
	can(req, "RestFee", ch && open && !done && strcmp(rest_fee, "paid") != 0 &&
	                    strcmp(rest_fee, "refunded") != 0);
	can(req, "RestPay", ch && open && strcmp(rest_fee, "due") == 0);
	can(req, "RestNoticeSent", ch && open && !done);
	can(req, "RestOfferPaper", ch && open && !done &&
	                           !hdf_get_obj(req->hdf, "RestChoice.0"));
	can(req, "RestDeliver", ch && open && !done);
	/* the case stays open until the rest that discloses is carried out */
	return open && !done;
}

static void actions_to_view(struct req *req, const struct desk_staff *me,
                            const struct case_row *row, const struct extra *x,
                            const char *fee_state, const char *rest_fee)
{
	enum case_state s = row->state;
	enum flow_decision dec = DEC__MAX;
	flow_decision_parse(row->decision, &dec);
	bool ch = staff_may_change(me, row->agency_id);
	bool pending = s == CASE_RECEIVED || s == CASE_REVIEWING || s == CASE_CONSULTING;
	bool discloses = s == CASE_DECIDED && flow_decision_discloses(dec);
	can(req, "Change", ch);
	can(req, "Review", ch && s == CASE_RECEIVED);
	can(req, "Identity", ch && (case_is_open(s) || s == CASE_DECIDED));
	can(req, "Amend", ch && (s == CASE_RECEIVED || s == CASE_REVIEWING));
	can(req, "Amended", ch && s == CASE_AMENDING);
	/* lib/flow-deadline.c's own checks: never a step it would refuse
	 * for the state, a deadline already moved or the period past (法83②,
	 * 84) */
	struct flow_ctx c = { req->app->db, &req->app->profile, req->arena,
	                      me->actor, cal_today() };
	can(req, "Extend", ch && pending && !*x->part_by && flow_may_extend(&c, row->id));
	can(req, "Special", ch && pending && !*x->part_by && x->extension_days == 0 &&
	                    flow_may_special(&c, row->id));
	can(req, "Consult", ch && pending);
	can(req, "Transfer", ch && pending && req->app->profile.n_agencies > 1);
	can(req, "Answer", ch && pending && has_unanswered(req));
	can(req, "Decide", ch && pending);
	/* 法84: the second decision, on the rest */
	can(req, "DecideRest", ch && hdf_get_obj(req->hdf, "Case.Rest.By") != NULL);
	can(req, "Fee", ch && discloses && strcmp(fee_state, "paid") != 0 &&
	                strcmp(fee_state, "refunded") != 0);
	can(req, "Pay", ch && strcmp(fee_state, "due") == 0);
	can(req, "Deliver", ch && discloses);
	bool carry = dec == DEC_CORRECT || dec == DEC_STOP || dec == DEC_PARTLY_CORRECT ||
	             dec == DEC_PARTLY_STOP;
	can(req, "NoticeSent", ch && discloses);
	can(req, "OfferPaper", ch && discloses && !hdf_get_obj(req->hdf, "Choice.0"));
	can(req, "CarryOut", ch && s == CASE_DECIDED && carry);
	/* 法97: after the 訂正 is carried out */
	can(req, "CorrectionNotified", ch && (dec == DEC_CORRECT || dec == DEC_PARTLY_CORRECT) &&
	                               row->kind == KIND_CORRECTION &&
	                               s != CASE_DECIDED && s != CASE_WITHDRAWN);
	bool rest_open = rest_actions_to_view(req, row, ch, rest_fee);
	can(req, "Close", ch && !hdf_get_obj(req->hdf, "Case.Rest.By") && !rest_open &&
	                  ((s == CASE_DECIDED && !discloses && !carry) ||
	                   s == CASE_DELIVERED));
	can(req, "Withdraw", ch && case_is_open(s));
	can(req, "Dismiss", ch && case_is_open(s));
	can(req, "Appeal", ch && !case_is_open(s) && s != CASE_WITHDRAWN && *row->decided_on);
	/* 行政不服審査法3: 不作為 — open past its due date, not waiting for a 補正 */
	can(req, "AppealInaction", ch && case_is_open(s) && s != CASE_AMENDING &&
	                           row->due_on < cal_today());
	can(req, "Reissue", ch);
}

/* The event each notice tells of: the notice's link goes beside the
 * last such event in the history (Events.N.Notices.M); a notice with no
 * such event is listed on its own (Notices.Apart.M). */
static const struct {
	const char *notice, *event;
} notice_events[] = {
	{ "receipt", "received" },         { "amend", "amend_requested" },
	{ "extension", "extended" },       { "special", "special_case" },
	{ "disclosure", "decided" },       { "nondisclosure", "decided" },
	{ "correction", "decided" },       { "suspension", "decided" },
	{ "dismissal", "dismissed" },      { "disclosure_rest", "rest_decided" },
	{ "nondisclosure_rest", "rest_decided" },
	{ "carried_out", "carried_out" },  { "transfer", "transferred" },
};

static void notice_beside_event(struct req *req, const char *notice)
{
	const char *kind = NULL;
	for (size_t i = 0; i < sizeof notice_events / sizeof notice_events[0]; i++)
		if (strcmp(notice_events[i].notice, notice) == 0)
			kind = notice_events[i].event;
	HDF *ev = hdf_get_obj(req->hdf, "Events"), *last = NULL;
	for (HDF *e = ev ? hdf_obj_child(ev) : NULL; e && kind; e = hdf_obj_next(e))
		if (strcmp(hdf_get_value(e, "Kind", ""), kind) == 0)
			last = e;
	int n = 0;
	const char *pre = last ? arena_printf(req->arena, "Events.%s.Notices", hdf_obj_name(last))
	                       : "Notices.Apart";
	while (hdf_get_obj(req->hdf, arena_printf(req->arena, "%s.%d", pre, n)))
		n++;
	view_set(req, arena_printf(req->arena, "%s.%d", pre, n), notice);
}

/* Notices this case can print now. */
static void notices_to_view(struct req *req, const struct case_row *row,
                            const struct extra *x)
{
	int n = 0;
	enum flow_decision dec = DEC__MAX;
	flow_decision_parse(row->decision, &dec);
	const char *list[16];
	list[n++] = "receipt";
	if (hdf_get_int_value(req->hdf, "Holds.Count", 0) > 0)
		list[n++] = "amend";
	if (x->extension_days > 0)
		list[n++] = "extension";
	if (*x->part_by)
		list[n++] = "special";
	if (dec == DEC_FULL || dec == DEC_PARTIAL)
		list[n++] = "disclosure";
	if (dec == DEC_NONE || dec == DEC_REFUSE_EXISTENCE || dec == DEC_NOT_EXIST)
		list[n++] = "nondisclosure";
	if (dec == DEC_CORRECT || dec == DEC_NOT_CORRECT || dec == DEC_PARTLY_CORRECT)
		list[n++] = "correction";
	if (dec == DEC_STOP || dec == DEC_NOT_STOP || dec == DEC_PARTLY_STOP)
		list[n++] = "suspension";
	if (dec == DEC_DISMISSED)
		list[n++] = "dismissal";
	/* 法84: the 開示決定等通知書 of the rest */
	enum flow_decision rest = DEC__MAX;
	flow_decision_parse(hdf_get_value(req->hdf, "Case.Rest.Decision", ""), &rest);
	if (rest == DEC_FULL || rest == DEC_PARTIAL)
		list[n++] = "disclosure_rest";
	if (rest == DEC_NONE || rest == DEC_REFUSE_EXISTENCE || rest == DEC_NOT_EXIST)
		list[n++] = "nondisclosure_rest";
	if ((dec == DEC_CORRECT || dec == DEC_PARTLY_CORRECT) && row->state != CASE_DECIDED)
		list[n++] = "carried_out";
	/* 法85①: the transfer notice, once the case was transferred */
	HDF *ev = hdf_get_obj(req->hdf, "Events");
	for (HDF *e = ev ? hdf_obj_child(ev) : NULL; e; e = hdf_obj_next(e))
		if (strcmp(hdf_get_value(e, "Kind", ""), "transferred") == 0) {
			list[n++] = "transfer";
			break;
		}
	for (int i = 0; i < n; i++) {
		view_set(req, arena_printf(req->arena, "Notices.%d", i), list[i]);
		notice_beside_event(req, list[i]);
	}
}

static void head_to_view(struct req *req, const struct case_row *row)
{
	const struct profile *p = &req->app->profile;
	const struct agency *ag = profile_agency(p, row->agency_id);
	const struct kind_rules *k = profile_kind(p, row->kind);
	bool en = strcmp(req->lang, "en") == 0;
	view_setf(req, "Case.Id", "%lld", row->id);
	view_set(req, "Case.Ref", row->ref);
	view_set(req, "Case.Kind", profile_kind_name(row->kind));
	view_set(req, "Case.KindName", k ? (en ? k->name_en : k->name) : "");
	view_set(req, "Case.FormName", k && k->form_name ? k->form_name : "");
	view_set(req, "Case.State", case_state_name(row->state));
	view_set(req, "Case.Agency", row->agency_id);
	view_set(req, "Case.AgencyName", ag ? (en ? ag->name_en : ag->name) : row->agency_id);
	view_set(req, "Case.AgencyHead", ag && ag->head ? ag->head : p->head);
	view_set(req, "Case.Channel", row->channel);
	view_set(req, "Case.RequesterName", row->requester_name);
	desk_view_day(req, "Case.ReceivedOn", row->received_on);
	desk_view_day(req, "Case.DueOn", row->due_on);
	view_set(req, "Case.Decision", row->decision);
	view_date_text(req, "Case.DecidedOn", row->decided_on);
	desk_view_day(req, "Today", cal_today());
}

static void dates_to_view(struct req *req, const struct case_row *row)
{
	struct db *db = req->app->db;
	const struct profile *p = &req->app->profile;
	cal_day day;
	cal_day earliest = flow_disclosure_earliest(db, p, row->id);
	if (earliest)
		desk_view_day(req, "Case.EarliestDisclosure", earliest);
	/* 法87④: counted from the notice's arrival once the desk records it */
	struct flow_offer w;
	if (flow_offer_until(db, p, row, &w) == 0) {
		desk_view_day(req, "Case.OfferUntil", w.until);
		desk_view_day(req, "Case.OfferFrom", w.from);
		view_set_int(req, "Case.OfferArrived", w.arrived);
		view_set_int(req, "Case.OfferAssumed", w.assumed);
	}
	if (flow_purge_day(db, p, row->id, &day) == 0)
		desk_view_day(req, "Case.PurgeDay", day);
	view_set_int(req, "Case.RetentionDays", p->retention_document_days);
	const struct kind_rules *k = profile_kind(p, row->kind);
	if (k && k->enabled && k->period.extension_max_days > 0 &&
	    cal_extended_due(&p->cal, &k->period, row->received_on, NULL, 0,
	                     k->period.extension_max_days, &day) == CAL_OK)
		desk_view_day(req, "Case.ExtensionLimit", day);
}

static bool may(struct req *req, const char *what)
{
	return hdf_get_int_value(req->hdf, arena_printf(req->arena, "Can.%s", what), 0) == 1;
}

/* The step the case most likely takes next, shown first and open
 * (Case.Next, an action's name); the other steps the state allows are
 * folded below it. Only a step the page offers (Can.*) is chosen. */
static const char *next_step(struct req *req, const char *fee_state,
                             const char *rest_fee)
{
	static const struct {
		const char *can, *action;
	} before_appeal[] = {
		{ "Amended", "amended" }, { "Review", "review" },
		{ "Answer", "answer" },   { "Decide", "decide" },
		{ "DecideRest", "decide_rest" },
	}, after_appeal[] = {
		{ "CarryOut", "carry_out" },
		{ "CorrectionNotified", "correction_notified" },
		{ "Close", "close" },
	};
	for (size_t i = 0; i < sizeof before_appeal / sizeof before_appeal[0]; i++)
		if (may(req, before_appeal[i].can))
			return before_appeal[i].action;
	/* 開示決定のあと: the fee (写し), its payment, then the disclosure */
	if (may(req, "Pay") && strcmp(fee_state, "due") == 0)
		return "pay";
	if (may(req, "Fee") && !*fee_state &&
	    (hdf_get_int_value(req->hdf, "Case.Methods.copy", 0) ||
	     hdf_get_int_value(req->hdf, "Case.Methods.mail", 0)))
		return "fee";
	if (may(req, "Deliver"))
		return "deliver";
	/* 法84: then the rest's own fee, its notice (法87③: the 申出's
	 * days count from its arrival), payment, 申出 (unless the rest's
	 * own methods make it needless) and disclosure */
	if (may(req, "RestFee") && !*rest_fee &&
	    (hdf_get_int_value(req->hdf, "Case.Rest.Methods.copy", 0) ||
	     hdf_get_int_value(req->hdf, "Case.Rest.Methods.mail", 0)))
		return "rest_fee";
	if (may(req, "RestNoticeSent") && !hdf_get_obj(req->hdf, "Case.Rest.NoticeSent"))
		return "rest_notice_sent";
	if (may(req, "RestPay") && strcmp(rest_fee, "due") == 0)
		return "rest_pay";
	if (may(req, "RestOfferPaper") && !hdf_get_obj(req->hdf, "Case.Rest.OfferNotNeeded"))
		return "rest_offer_paper";
	if (may(req, "RestDeliver"))
		return "rest_deliver";
	/* an appeal under way: its next step (諮問, 答申, 裁決) */
	HDF *ap = may(req, "Appeal") ? hdf_get_obj(req->hdf, "Appeals") : NULL;
	for (HDF *a = ap ? hdf_obj_child(ap) : NULL; a; a = hdf_obj_next(a)) {
		if (!hdf_get_obj(a, "Id") || *hdf_get_value(a, "RuledOn", ""))
			continue;
		if (!*hdf_get_value(a, "ConsultedOn", ""))
			return "appeal_consulted";
		return *hdf_get_value(a, "AnsweredOn", "") ? "appeal_ruled" : "appeal_answered";
	}
	for (size_t i = 0; i < sizeof after_appeal / sizeof after_appeal[0]; i++)
		if (may(req, after_appeal[i].can))
			return after_appeal[i].action;
	return "";
}

static const char sql_amend_by[] =
    "SELECT COALESCE(json_extract(data, '$.answer_by'), '') FROM event "
    "WHERE request_id = ?1 AND kind = 'amend_requested' ORDER BY id DESC LIMIT 1";

struct deadline {
	cal_day day;
	const char *what; /* L.Desk.Deadline.WHAT */
};

static void earliest(struct deadline *d, struct req *req, const char *name,
                     const char *what)
{
	cal_day day;
	const char *v = hdf_get_value(req->hdf, name, NULL);
	if (v && cal_parse(v, &day) == 0 && (d->day == 0 || day < d->day)) {
		d->day = day;
		d->what = what;
	}
}

/* The summary's dates: the open days left to the due date while the
 * clock runs (Case.Left; negative: days overdue), and the next legal
 * deadline of any kind with what it is (Case.Deadline, .DeadlineWhat,
 * .DeadlineLeft). */
static void deadlines_to_view(struct req *req, const struct case_row *row)
{
	const struct profile *p = &req->app->profile;
	cal_day today = cal_today();
	struct deadline d = { 0, NULL };
	bool pending = row->state == CASE_RECEIVED || row->state == CASE_REVIEWING ||
	               row->state == CASE_CONSULTING;
	if (pending) {
		long left = row->due_on < today ? -(long)(today - row->due_on)
		                                : case_open_days_until(p, today, row->due_on);
		view_set_int(req, "Case.Left", left);
		/* 法83① (94①, 102①), as extended (83②) or 特例 (84, 95, 103) */
		earliest(&d, req, "Case.DueOn", "due");
	}
	/* 法84: the decision on the rest */
	earliest(&d, req, "Case.Rest.By", "rest");
	if (row->state == CASE_AMENDING) {
		/* 法77③: the answer to the 補正 */
		struct db_stmt *st = db_stmt(req->app->db, sql_amend_by);
		if (st) {
			db_bind_int(st, 1, row->id);
			if (db_step(st) == DB_ROW)
				view_date_text(req, "Case.AmendBy", db_col_text(st, 0));
			db_reset(st);
		}
		earliest(&d, req, "Case.AmendBy", "amend");
	}
	/* 法86①: a third party's written opinion */
	HDF *tp = pending ? hdf_get_obj(req->hdf, "ThirdParties") : NULL;
	for (HDF *t = tp ? hdf_obj_child(tp) : NULL; t; t = hdf_obj_next(t))
		if (hdf_get_obj(t, "Id") && !*hdf_get_value(t, "AnsweredOn", ""))
			earliest(&d, req, arena_printf(req->arena, "ThirdParties.%s.AnswerDueOn",
			                               hdf_obj_name(t)), "third_party");
	/* 法87③: the requester's 申出 of the way of disclosure */
	if (row->state == CASE_DECIDED && !hdf_get_obj(req->hdf, "Choice.0"))
		earliest(&d, req, "Case.OfferUntil", "offer");
	if (d.day == 0)
		return;
	desk_view_day(req, "Case.Deadline", d.day);
	view_set(req, "Case.DeadlineWhat", d.what);
	view_set_int(req, "Case.DeadlineLeft",
	             d.day < today ? -(long)(today - d.day)
	                           : case_open_days_until(p, today, d.day));
}

static const char sql_file_purpose[] =
    "SELECT purpose FROM register_entry WHERE id = ?1";

/* 法82①: the 利用目的 the decision states, pre-filled from the register
 * entry the request came from (request.data.file_id). */
static void purpose_to_view(struct req *req, const struct case_row *row)
{
	const char *f = hdf_get_value(req->hdf, "Case.Data.file_id", NULL);
	char *end;
	long long file = f ? strtoll(f, &end, 10) : 0;
	if (row->kind != KIND_DISCLOSURE || f == NULL || *end != '\0' || file <= 0)
		return;
	struct db_stmt *st = db_stmt(req->app->db, sql_file_purpose);
	if (st == NULL)
		return;
	db_bind_int(st, 1, file);
	if (db_step(st) == DB_ROW)
		view_set(req, "Decide.Purpose", db_col_text(st, 0));
	db_reset(st);
}

/* The counter slots as people read them (12月21日（月）10時00分), beside
 * the stored YYYY-MM-DDTHH:MM the forms post back. */
static void slots_to_view(struct req *req)
{
	HDF *slots = hdf_get_obj(req->hdf, "Slots");
	for (HDF *s = slots ? hdf_obj_child(slots) : NULL; s; s = hdf_obj_next(s)) {
		const char *at = hdf_get_value(s, "StartsAt", NULL);
		const char *text = at ? datefmt_local(req, at) : NULL;
		if (text)
			view_set(req, arena_printf(req->arena, "Slots.%s.StartsText",
			                           hdf_obj_name(s)), text);
	}
}

int desk_case_view(struct req *req, const struct desk_staff *me,
                   const struct case_row *row)
{
	static const char *const hold_cols[] = { "FromOn", "ToOn" };
	static const char *const tp_cols[] = { "Id", "Name", "SentOn", "AnswerDueOn",
	                                       "AnsweredOn", "Objects" };
	static const char *const reason_cols[] = { "Part", "Ground", "Explanation" };
	static const char *const slot_cols[] = { "Id", "StartsAt", "Place" };
	static const char *const appeal_cols[] = { "Id", "ReceivedOn", "ConsultedOn",
	                                           "AnsweredOn", "RuledOn", "Outcome" };
	static const char *const choice_cols[] = { "Method", "Slot", "At" };
	static const char *const provided_cols[] = { "Id", "To", "NotifiedOn" };
	struct extra x;
	const char *fee_state, *rest_fee;
	head_to_view(req, row);
	json_t *data = json_loads(row->data, 0, NULL);
	if (json_is_object(data))
		json_to_view(req, "Case.Data", data, 0);
	/* The 住民票の写し's age on the day the request arrived, beside the
	 * profile's limit, so the clerk need not count (issue 23). */
	const char *issued = json_string_value(json_object_get(
	    json_object_get(data, "identity"), "resident_record_issued_on"));
	cal_day iss;
	if (issued && cal_parse(issued, &iss) == 0) {
		int max = req->app->profile.identity.resident_record_max_age_days;
		view_set_int(req, "Case.ResidentAge", (long)(row->received_on - iss));
		if (max > 0) {
			view_set_int(req, "Case.ResidentMaxAge", max);
			if (row->received_on - iss > max)
				view_set(req, "Case.ResidentTooOld", "1");
		}
	}
	json_decref(data);
	long long id = row->id;
	if (extra_to_view(req, id, &x) || docs_to_view(req, id) ||
	    desk_timeline_to_view(req, id) || fee_to_view(req, id, "main", &fee_state) ||
	    fee_to_view(req, id, "rest", &rest_fee) || rest_carry_to_view(req, id) ||
	    desk_payments_to_view(req, id) || desk_mails_to_view(req, id) ||
	    rows_to_view(req, sql_holds, id, "Holds", hold_cols, 2) ||
	    rows_to_view(req, sql_tps, id, "ThirdParties", tp_cols, 6) ||
	    rows_to_view(req, sql_reasons, id, "Reasons", reason_cols, 3) ||
	    rows_to_view(req, sql_rest_reasons, id, "RestReasons", reason_cols, 3) ||
	    rest_to_view(req, row) ||
	    rows_to_view(req, sql_slots, id, "Slots", slot_cols, 3) ||
	    rows_to_view(req, sql_appeals, id, "Appeals", appeal_cols, 6) ||
	    rows_to_view(req, sql_choice, id, "Choice", choice_cols, 3) ||
	    rows_to_view(req, sql_rest_choice, id, "RestChoice", choice_cols, 3) ||
	    rows_to_view(req, sql_provided, id, "Provided", provided_cols, 3))
		return 500;
	/* profiles (issue 15): the decision notice tells when no 申出書 is
	 * needed (山形) */
	if (case_requested_method_honoured(&req->app->profile, row->data, x.methods))
		view_set(req, "Case.OfferNotNeeded", "1");
	rest_offer_to_view(req, row);
	dates_to_view(req, row);
	slots_to_view(req);
	lists_to_view(req, row);
	purpose_to_view(req, row);
	actions_to_view(req, me, row, &x, fee_state, rest_fee);
	notices_to_view(req, row, &x);
	view_set(req, "Case.Next", next_step(req, fee_state, rest_fee));
	deadlines_to_view(req, row);
	return 0;
}

int desk_page_case(struct req *req)
{
	const struct desk_staff *me;
	struct case_row row;
	DESK_REQUIRE(req, DESK_VIEWER, &me);
	int rc = desk_case_for(req, me, &row);
	if (rc)
		return rc;
	const char *done = req_param_raw(req, "done");
	if (done && strlen(done) <= 32 && strspn(done, "abcdefghijklmnopqrstuvwxyz_") == strlen(done))
		view_set(req, "Flash.Done", done);
	if (desk_case_view(req, me, &row) != 0)
		return 500;
	/* Reading a case is reading personal data: audited like a change. */
	staff_audit(req->app->db, me->id, "case_viewed", row.ref);
	return view_render(req, "desk-case");
}

static const char sql_doc[] =
    "SELECT vault_name, mime, CAST(purged_at IS NOT NULL AS INTEGER) FROM document "
    "WHERE id = ?1 AND request_id = ?2";

/* Types the request form accepts; anything else is sent as bytes. */
static const char *doc_type(const char *mime)
{
	static const char *const ok[] = { "image/jpeg", "image/png", "image/webp",
	                                  "image/heic", "application/pdf", NULL };
	for (int i = 0; ok[i]; i++)
		if (strcmp(mime, ok[i]) == 0)
			return ok[i];
	return "application/octet-stream";
}

int desk_page_document(struct req *req)
{
	const struct desk_staff *me;
	struct case_row row;
	long long doc;
	DESK_REQUIRE(req, DESK_VIEWER, &me);
	int rc = desk_case_for(req, me, &row);
	if (rc)
		return rc;
	if (parse_id(req->route_arg[1], &doc) != 0)
		return 404;
	struct db_stmt *st = db_stmt(req->app->db, sql_doc);
	if (st == NULL)
		return 500;
	db_bind_int(st, 1, doc);
	db_bind_int(st, 2, row.id);
	const char *name = NULL, *mime = NULL;
	bool purged = false;
	if (db_step(st) == DB_ROW) {
		name = arena_strdup(req->arena, db_col_text(st, 0));
		mime = doc_type(db_col_text(st, 1));
		purged = db_col_int(st, 2) != 0;
	}
	db_reset(st);
	if (name == NULL || purged || !vault_name_ok(name))
		return name == NULL || purged ? 404 : 500;
	void *data;
	size_t len;
	rc = vault_get(&req->app->vault, req->arena, name, &data, &len);
	if (rc != 0) {
		log_event(LOG_ERR, "desk: document %lld of %s: %s", doc, row.ref,
		          rc > 0 ? "missing" : "damaged");
		return rc > 0 ? 404 : 500;
	}
	staff_audit(req->app->db, me->id, "document_viewed",
	            arena_printf(req->arena, "%s#%lld", row.ref, doc));
	resp_header_replace(req, "Content-Type", mime);
	resp_header(req, "Content-Disposition", "inline");
	/* The bytes are the requester's: nothing in them may run, even a
	 * script inside a PDF or an SVG passed off as an image. */
	resp_header_replace(req, "Content-Security-Policy",
	                    "sandbox; default-src 'none'; img-src 'self'; "
	                    "frame-ancestors 'none'");
	buf_append(&req->body, data, len);
	return 0;
}

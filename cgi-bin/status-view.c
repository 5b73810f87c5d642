/* GET /kaiji/status/view: the request this browser looked up, its state in
 * plain words, the due date, the citizen's events and what comes next. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "pay.h"
#include "resp.h"
#include "status.h"

#include "datefmt.h"
#include "flow.h"
#include "json-read.h"
#include "view.h"

static const char sql_events[] =
    "SELECT kind, at, data FROM event WHERE request_id = ?1 AND visible = 1 "
    "ORDER BY id";
static const char sql_reasons[] =
    "SELECT part, ground, explanation FROM decision_reason WHERE request_id = ?1 AND rest = 0 "
    "ORDER BY id";
static const char sql_fee[] =
    "SELECT amount_yen, breakdown, state, COALESCE(paid_via, ''), "
    "COALESCE(paid_at, '') FROM fee WHERE request_id = ?1 AND part = ?2";
/* What became of the fee's online payments: one closed because the fee
 * changed, one held for review because its amount did not match. Each
 * part's fee on its own (法84: the rest has its own). */
static const char sql_pay_notes[] =
    "SELECT CAST(EXISTS (SELECT 1 FROM payment_event e JOIN payment p ON "
    "p.id = e.payment_id JOIN fee f ON f.id = p.fee_id WHERE f.request_id = ?1 "
    "AND f.part = ?2 AND e.kind = 'superseded') AS INTEGER), "
    "CAST(EXISTS (SELECT 1 FROM payment p "
    "JOIN fee f ON f.id = p.fee_id WHERE f.request_id = ?1 AND f.part = ?2 "
    "AND p.state = 'review') AS INTEGER)";
/* The numbers of a payment made later (コンビニ, Pay-easy) still pending:
 * what the provider's lookup said when it issued them. */
static const char sql_pay_slip[] =
    "SELECT json_extract(e.data, '$.slip.kind'), json_extract(e.data, '$.slip.code'), "
    "json_extract(e.data, '$.slip.no'), json_extract(e.data, '$.slip.conf'), "
    "json_extract(e.data, '$.slip.due') FROM payment_event e JOIN payment p "
    "ON p.id = e.payment_id JOIN fee f ON f.id = p.fee_id WHERE f.request_id = ?1 "
    "AND f.part = ?2 AND p.state = 'pending' AND json_extract(e.data, '$.slip.no') IS NOT NULL "
    "ORDER BY e.id DESC LIMIT 1";
static const char sql_choice[] =
    "SELECT c.method, COALESCE(s.starts_at, ''), COALESCE(s.place, '') "
    "FROM delivery_choice c LEFT JOIN offer_slot s ON s.id = c.slot_id "
    "WHERE c.request_id = ?1 AND c.part = 'main'";
/* 法84, 87: the rest's own 申出 and its delivery */
static const char sql_rest_carry[] =
    "SELECT (SELECT method FROM delivery_choice WHERE request_id = ?1 AND "
    "part = 'rest'), (SELECT json_extract(data, '$.method') || ' ' || "
    "json_extract(data, '$.on') FROM event WHERE request_id = ?1 AND "
    "kind = 'rest_delivered' ORDER BY id DESC LIMIT 1)";
static const char sql_appeals[] =
    "SELECT received_on, COALESCE(consulted_on, ''), COALESCE(answered_on, ''), "
    "COALESCE(ruled_on, ''), COALESCE(outcome, '') FROM appeal "
    "WHERE request_id = ?1 ORDER BY id";

/* A date column shown as text under name; nothing for "" or a bad value. */
static void set_day(struct req *req, const char *name, const char *ymd)
{
	cal_day d;
	if (ymd && cal_parse(ymd, &d) == 0)
		view_set(req, name, datefmt_day(req, d));
}

/* set_day under node (an event, a reason): its children set directly,
 * without making and walking each whole name. */
static void set_day_at(struct req *req, HDF *node, const char *name,
                       const char *ymd)
{
	cal_day d;
	if (ymd && cal_parse(ymd, &d) == 0)
		view_node_set(node, name, datefmt_day(req, d));
}

static const char *json_text(json_t *j, const char *key)
{
	const char *s = json_string_value(json_object_get(j, key));
	return s ? s : "";
}

static const char *member_text(const struct json_members *j, const char *key)
{
	const char *s = json_read_string(j, key);
	return s ? s : "";
}

/* The details of one event the timeline shows (docs/data.md). */
static void event_details(struct req *req, HDF *event, const struct json_members *j)
{
	static const char *const keys[][2] = {
		{ "decision", "Decision" }, { "method", "Method" }, { "via", "Via" },
		{ "outcome", "Outcome" },   { "reason", "Reason" }, { "what", "What" },
	};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const char *v = member_text(j, keys[i][0]);
		if (*v)
			view_node_set(event, keys[i][1], v);
	}
	set_day_at(req, event, "DueOn", member_text(j, "due_on"));
	set_day_at(req, event, "On", member_text(j, "on"));
	long long amount;
	if (json_read_integer(j, "amount_yen", &amount))
		view_node_set_int(event, "Amount", (long)amount);
}

/* What the latest events say for the boxes above the timeline: the
 * extension (法83②) or special case (法84), 補正, delivery, carrying out. */
static void due_details(struct req *req, const char *kind,
                        const struct json_members *j)
{
	if (strcmp(kind, "extended") == 0) {
		view_set(req, "Due.Extended", "1");
		set_day(req, "Due.Previous", member_text(j, "previous_due_on"));
		view_set(req, "Due.Reason", member_text(j, "reason"));
	} else if (strcmp(kind, "special_case") == 0) {
		/* 法84 (開示): a part, then the rest; 法95/103: one date. */
		const char *by = member_text(j, "by");
		view_set(req, "Due.Special", by && *by ? "by" : "1");
		set_day(req, "Due.By", by);
		set_day(req, "Due.PartBy", member_text(j, "part_by"));
		set_day(req, "Due.RestBy", member_text(j, "rest_by"));
		view_set(req, "Due.Reason", member_text(j, "reason"));
	} else if (strcmp(kind, "amend_requested") == 0) {
		view_set(req, "Amend.What", member_text(j, "what"));
		set_day(req, "Amend.By", member_text(j, "answer_by")); /* 法77③ */
	} else if (strcmp(kind, "delivered") == 0) {
		view_set(req, "Delivered.Method", member_text(j, "method"));
		set_day(req, "Delivered.On", member_text(j, "on"));
	} else if (strcmp(kind, "carried_out") == 0) {
		view_set(req, "CarriedOut.Yes", "1");
		set_day(req, "CarriedOut.On", member_text(j, "on"));
	}
}

static int load_events(struct req *req, const struct case_row *row)
{
	long long id = row->id;
	struct db_stmt *st = db_stmt(req->app->db, sql_events);
	if (st == NULL)
		return 500;
	db_bind_int(st, 1, id);
	HDF *events = NULL;
	size_t n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *kind = db_col_text(st, 0);
		if (events == NULL)
			events = view_node(req, "Events");
		HDF *event = view_child(events, n++);
		cal_day day;
		int minute;
		view_node_set(event, "Kind", kind);
		/* A paper request is entered after it arrived: its day is received_on. */
		if (strcmp(kind, "received") == 0)
			view_node_set(event, "Date", datefmt_day(req, row->received_on));
		else if (datefmt_stamp_parse(db_col_text(st, 1), &day, &minute) == 0)
			view_node_set(event, "Date", datefmt_day(req, day));
		struct json_members j;
		if (json_read(req->arena, db_col_text(st, 2), &j) == 0) {
			event_details(req, event, &j);
			due_details(req, kind, &j);
		}
	}
	db_reset(st);
	return rc == DB_DONE ? 0 : 500;
}

/* Decisions the requester may contest by 審査請求 (行政不服審査法). */
static bool decision_adverse(const char *d)
{
	static const char *const adverse[] = { "partial", "none", "refuse_existence",
	                                       "not_exist", "dismissed", "not_correct",
	                                       "not_stop", "partly_correct", "partly_stop" };
	for (size_t i = 0; i < sizeof adverse / sizeof adverse[0]; i++)
		if (strcmp(d, adverse[i]) == 0)
			return true;
	return false;
}

static int load_reasons(struct req *req, long long id)
{
	struct db_stmt *st = db_stmt(req->app->db, sql_reasons);
	if (st == NULL)
		return 500;
	db_bind_int(st, 1, id);
	HDF *reasons = NULL;
	size_t n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (reasons == NULL)
			reasons = view_node(req, "Decision.Reasons");
		HDF *reason = view_child(reasons, n++);
		view_node_set(reason, "Part", db_col_text(st, 0));
		view_node_set(reason, "Ground", db_col_text(st, 1));
		view_node_set(reason, "Explanation", db_col_text(st, 2));
	}
	db_reset(st);
	return rc == DB_DONE ? 0 : 500;
}

/* 審査請求 (行政不服審査法18): the notice's arrival day is not known here,
 * so the page shows the last day for a requester who learned of the
 * decision on its date (the earliest possible, so the date shown is never
 * later than the real one) and states the rule. */
static void appeal_window(struct req *req, const struct case_row *row,
                          cal_day decided)
{
	const struct profile *p = &req->app->profile;
	const struct agency *ag = profile_agency(p, row->agency_id);
	struct cal_appeal w;
	bool en = strcmp(req->lang, "en") == 0;
	view_set(req, "Appeal.Term", p->appeal.term);
	/* 行政不服審査法4①: to the agency itself when it has no superior. */
	view_set(req, "Appeal.To", ag && ag->head ? ag->head : p->head);
	if (p->appeal.body)
		view_set(req, "Appeal.Body", en && p->appeal.body_en ? p->appeal.body_en
		                                                     : p->appeal.body);
	view_set_int(req, "Appeal.Months", p->appeal.months);
	view_set_int(req, "Appeal.Years", p->appeal.year_limit);
	if (cal_appeal_window(&p->cal, decided, decided, &w) == CAL_OK) {
		view_set(req, "Appeal.LastDay", datefmt_day(req, w.last_day));
		view_set(req, "Appeal.ByDecision", datefmt_day(req, w.by_decision));
	}
}

static const char sql_rest[] =
    "SELECT COALESCE(rest_decision, ''), COALESCE(rest_decided_on, '') "
    "FROM request WHERE id = ?1";

/* 法84: the rest of the request, Rest.By while it waits for its decision
 * (84二号: the date notified), Rest.Kind and Rest.Date once decided. */
static int load_rest(struct req *req, const struct case_row *row)
{
	cal_day day;
	int pending = flow_rest_pending(req->app->db, row->id, &day);
	if (pending < 0)
		return 500;
	if (pending)
		view_set(req, "Rest.By", datefmt_day(req, day));
	struct db_stmt *st = db_stmt(req->app->db, sql_rest);
	if (st == NULL)
		return 500;
	db_bind_int(st, 1, row->id);
	int rc = db_step(st);
	if (rc == DB_ROW && *db_col_text(st, 0) &&
	    cal_parse(db_col_text(st, 1), &day) == 0) {
		view_set(req, "Rest.Kind", db_col_text(st, 0));
		view_set(req, "Rest.Date", datefmt_day(req, day));
	}
	db_reset(st);
	return rc == DB_ROW ? 0 : 500;
}

static int load_decision(struct req *req, const struct case_row *row)
{
	cal_day decided;
	if (row->decision[0] == '\0' || cal_parse(row->decided_on, &decided) != 0)
		return 0;
	if (load_rest(req, row) != 0)
		return 500;
	view_set(req, "Decision.Kind", row->decision);
	view_set(req, "Decision.Date", datefmt_day(req, decided));
	if (!decision_adverse(row->decision))
		return 0;
	view_set(req, "Decision.Adverse", "1");
	appeal_window(req, row, decided);
	return load_reasons(req, row->id);
}

/* The breakdown of docs/data.md: pages, media, postage, under F (Fee,
 * or RestFee for the rest, 法84). */
static void fee_breakdown(struct req *req, const char *F, json_t *b)
{
	const struct profile *p = &req->app->profile;
	bool en = strcmp(req->lang, "en") == 0;
	json_int_t mono = json_integer_value(json_object_get(b, "mono_pages"));
	json_int_t colour = json_integer_value(json_object_get(b, "colour_pages"));
	json_int_t postage = json_integer_value(json_object_get(b, "postage_yen"));
	/* Each line as unit price × count = amount (issue 23 item 13). */
	const struct fee_item *mi = profile_fee_item(p, "mono");
	const struct fee_item *ci = profile_fee_item(p, "colour");
	if (mono > 0) {
		view_set_int(req, arena_printf(req->arena, "%s.Mono", F), (long)mono);
		if (mi && !mi->at_cost) {
			view_set_int(req, arena_printf(req->arena, "%s.MonoUnit", F), mi->yen);
			view_set_int(req, arena_printf(req->arena, "%s.MonoYen", F),
			             profile_fee_estimate(p, "mono", (int)mono));
		}
	}
	if (colour > 0) {
		view_set_int(req, arena_printf(req->arena, "%s.Colour", F), (long)colour);
		if (ci && !ci->at_cost) {
			view_set_int(req, arena_printf(req->arena, "%s.ColourUnit", F), ci->yen);
			view_set_int(req, arena_printf(req->arena, "%s.ColourYen", F),
			             profile_fee_estimate(p, "colour", (int)colour));
		}
	}
	if (postage > 0)
		view_set_int(req, arena_printf(req->arena, "%s.Postage", F), (long)postage);
	json_t *media = json_object_get(b, "media"), *m;
	size_t i;
	json_array_foreach(media, i, m) {
		const char *id = json_text(m, "item");
		const struct fee_item *it = profile_fee_item(p, id);
		const char *pre = arena_printf(req->arena, "%s.Media.%zu", F, i);
		view_set(req, arena_printf(req->arena, "%s.Name", pre),
		         it ? (en && it->name_en ? it->name_en : it->name) : id);
		long units = (long)json_integer_value(json_object_get(m, "units"));
		long yen = (long)json_integer_value(json_object_get(m, "yen"));
		view_set_int(req, arena_printf(req->arena, "%s.Units", pre), units);
		view_set_int(req, arena_printf(req->arena, "%s.Yen", pre), yen);
		if (it && !it->at_cost)
			view_set_int(req, arena_printf(req->arena, "%s.Unit", pre), it->yen);
	}
}

/* How to pay: the provider's button when it can take this amount, and the
 * profile's other ways with their notes. */
static void fee_payment(struct req *req, const char *F, long amount)
{
	const struct profile_payment *pay = &req->app->profile.payment;
	if (pay->provider != PROVIDER_NONE && amount >= pay->min_online_yen &&
	    profile_pay_accepts(&req->app->profile, PAY_ONLINE)) {
		/* the button of this fee (Fee.Online, RestFee.Online): each
		 * part's amount against the provider's minimum */
		view_set(req, arena_printf(req->arena, "%s.Online", F), "1");
		/* The button's POST is answered by a redirect to the provider's
		 * page, which form-action must allow (issue 23 item 1). */
		const char *to = pay_form_sources(req->app->cfg, &req->app->profile,
		                                  req->arena);
		if (to)
			resp_csp_form_action(req, to);
		pay_agent_to_view(req, &req->app->profile);
		const char *note = profile_text(pay->online_note,
		                                pay->online_note_en, req->lang);
		if (note)
			view_set(req, "Pay.OnlineNote", note);
	}
	static const struct { enum pay_method m; const char *key; } ways[] = {
		{ PAY_COUNTER, "counter" },
		{ PAY_BANK_SLIP, "bank_slip" },
		{ PAY_REGISTERED_MAIL, "registered_mail" },
	};
	const char *notes[] = {
		profile_text(pay->counter_note, pay->counter_note_en, req->lang),
		profile_text(pay->bank_slip_note, pay->bank_slip_note_en, req->lang),
		profile_text(pay->registered_mail_note, pay->registered_mail_note_en,
		             req->lang),
	};
	int n = 0;
	for (size_t i = 0; i < sizeof ways / sizeof ways[0]; i++) {
		if (!profile_pay_accepts(&req->app->profile, ways[i].m))
			continue;
		const char *pre = arena_printf(req->arena, "Pay.Ways.%d", n++);
		view_set(req, arena_printf(req->arena, "%s.Key", pre), ways[i].key);
		if (notes[i])
			view_set(req, arena_printf(req->arena, "%s.Note", pre), notes[i]);
	}
	if (pay->bank_slip_due_days > 0)
		view_set_int(req, "Pay.BankSlipDays", pay->bank_slip_due_days);
	/* profiles (issue 15): 電子納付 through the prefecture's system */
	if (profile_pay_accepts(&req->app->profile, PAY_E_APPLICATION)) {
		view_set(req, "Pay.EApp.Name",
		         profile_text(pay->e_app_name, pay->e_app_name_en, req->lang));
		view_set(req, "Pay.EApp.Url", pay->e_app_url);
		view_set(req, "Pay.EApp.Select",
		         profile_text(pay->e_app_select, pay->e_app_select_en, req->lang));
		view_set(req, "Pay.EApp.Note",
		         profile_text(pay->e_app_note, pay->e_app_note_en, req->lang));
	}
}

/* part "main": Fee.* and Pay.Slip.*; "rest": RestFee.* and RestPay.Slip.* */
static int load_pay_notes(struct req *req, long long id, const char *part)
{
	bool rest = strcmp(part, "rest") == 0;
	const char *F = rest ? "RestFee" : "Fee", *P = rest ? "RestPay" : "Pay";
	struct db_stmt *st = db_stmt(req->app->db, sql_pay_notes);
	if (st == NULL)
		return 500;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, part);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		view_set_int(req, arena_printf(req->arena, "%s.Superseded", F),
		             db_col_int(st, 0));
		view_set_int(req, arena_printf(req->arena, "%s.Review", F),
		             db_col_int(st, 1));
	}
	db_reset(st);
	if (rc != DB_ROW)
		return 500;
	st = db_stmt(req->app->db, sql_pay_slip);
	if (st == NULL)
		return 500;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, part);
	rc = db_step(st);
	if (rc == DB_ROW) {
		const char *kind = db_col_text(st, 0);
		view_set(req, arena_printf(req->arena, "%s.Slip.Kind", P),
		         strcmp(kind, "payeasy") == 0 ? "payeasy" : "cvs");
		view_set(req, arena_printf(req->arena, "%s.Slip.Code", P), db_col_text(st, 1));
		view_set(req, arena_printf(req->arena, "%s.Slip.No", P), db_col_text(st, 2));
		view_set(req, arena_printf(req->arena, "%s.Slip.Conf", P), db_col_text(st, 3));
		const char *due = datefmt_local(req, db_col_text(st, 4));
		if (due)
			view_set(req, arena_printf(req->arena, "%s.Slip.Due", P), due);
	}
	db_reset(st);
	return rc == DB_ROW || rc == DB_DONE ? 0 : 500;
}

/* A part's fee: the request's ("main": Fee.*) or, 法84, the rest's
 * decided later ("rest": RestFee.*), each paid on its own. */
static int load_fee(struct req *req, long long id, const char *part)
{
	const char *F = strcmp(part, "rest") == 0 ? "RestFee" : "Fee";
	struct db_stmt *st = db_stmt(req->app->db, sql_fee);
	if (st == NULL)
		return 500;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, part);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		long amount = (long)db_col_int64(st, 0);
		const char *state = db_col_text(st, 2);
		view_set_int(req, arena_printf(req->arena, "%s.Amount", F), amount);
		view_set(req, arena_printf(req->arena, "%s.State", F), state);
		view_set(req, arena_printf(req->arena, "%s.PaidVia", F), db_col_text(st, 3));
		cal_day d;
		int minute;
		if (datefmt_stamp_parse(db_col_text(st, 4), &d, &minute) == 0)
			view_set(req, arena_printf(req->arena, "%s.PaidOn", F), datefmt_day(req, d));
		json_t *b = json_loads(db_col_text(st, 1), 0, NULL);
		if (json_is_object(b))
			fee_breakdown(req, F, b);
		json_decref(b);
		if (strcmp(state, "due") == 0)
			fee_payment(req, F, amount);
	}
	db_reset(st);
	if (rc == DB_ROW)
		return load_pay_notes(req, id, part);
	return rc == DB_DONE ? 0 : 500;
}

/* 法84, 87: the rest's 申出 (Rest.Choice) and delivery (Rest.Delivered.*) */
static int load_rest_carry(struct req *req, long long id)
{
	struct db_stmt *st = db_stmt(req->app->db, sql_rest_carry);
	if (st == NULL)
		return 500;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		const char *choice = db_col_text(st, 0), *done = db_col_text(st, 1);
		const char *on = strchr(done, ' ');
		cal_day d;
		if (*choice)
			view_set(req, "Rest.Choice", choice);
		if (on && cal_parse(on + 1, &d) == 0) {
			view_set(req, "Rest.Delivered.Method",
			         strncmp(done, "mail ", 5) == 0 ? "mail" : "counter");
			view_set(req, "Rest.Delivered.On", datefmt_day(req, d));
		}
	}
	db_reset(st);
	return rc == DB_ROW ? 0 : 500;
}

static int load_choice(struct req *req, long long id)
{
	struct db_stmt *st = db_stmt(req->app->db, sql_choice);
	if (st == NULL)
		return 500;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		view_set(req, "Delivery.Method", db_col_text(st, 0));
		status_set_slot_time(req, "Delivery.Slot", db_col_text(st, 1));
		view_set(req, "Delivery.Place", db_col_text(st, 2));
	}
	db_reset(st);
	return rc == DB_ROW || rc == DB_DONE ? 0 : 500;
}

static int load_appeals(struct req *req, long long id)
{
	struct db_stmt *st = db_stmt(req->app->db, sql_appeals);
	if (st == NULL)
		return 500;
	db_bind_int(st, 1, id);
	int n = 0, rc;
	static const char *const cols[] = { "Received", "Consulted", "Answered", "Ruled" };
	while ((rc = db_step(st)) == DB_ROW) {
		const char *p = arena_printf(req->arena, "Appeals.%d", n++);
		for (int c = 0; c < 4; c++)
			set_day(req, arena_printf(req->arena, "%s.%s", p, cols[c]),
			        db_col_text(st, c));
		view_set(req, arena_printf(req->arena, "%s.Outcome", p), db_col_text(st, 4));
	}
	db_reset(st);
	return rc == DB_DONE ? 0 : 500;
}

int status_view(struct req *req)
{
	struct case_row buf;
	const struct case_row *row;
	int rc = status_current(req, &buf, &row);
	if (rc != 0 || row == NULL)
		return rc;
	status_set_case(req, row);
	if (case_is_open(row->state))
		view_set(req, "Case.Open", "1");
	long long id = row->id;
	rc = load_events(req, row);
	if (rc == 0)
		rc = load_decision(req, row);
	if (rc == 0)
		rc = load_fee(req, id, "main");
	if (rc == 0)
		rc = load_fee(req, id, "rest");
	if (rc == 0)
		rc = load_rest_carry(req, id);
	if (rc == 0)
		rc = load_choice(req, id);
	if (rc == 0)
		rc = load_appeals(req, id);
	if (rc != 0)
		return rc;
	cal_day until;
	if (status_offer_not_needed(req, row))
		view_set(req, "Offer.NotNeeded", "1");
	/* Copies by post asked for in the request and offered by the
	 * decision: that is the choice, not asked again (issue 23 item 14).
	 * The request's delivery.method as status_set_case set it, above: its
	 * request.data is parsed once. */
	const char *asked = hdf_get_value(req->hdf, "Asked.Method", "");
	bool mail_asked = strcmp(asked, "copy_mail") == 0;
	bool offer = status_offer_open(req, row, &until);
	if (offer && mail_asked && status_offer_mail(req, id)) {
		offer = false;
		view_set(req, "Delivery.Method", "mail");
		view_set(req, "Delivery.FromRequest", "1");
	}
	if (offer) {
		view_set(req, "Offer.Open", "1");
		view_set(req, "Offer.Until", datefmt_day(req, until));
	}
	view_set_int(req, "Delivery.ByMail", mail_asked);
	if (status_offer_mail_only(req, id))
		view_set(req, "Offer.MailOnly", "1");
	/* 法84, 87③: the rest's own 申出, within its window */
	if (status_rest_offer_open(req, row, &until)) {
		view_set(req, "Rest.Offer.Open", "1");
		view_set(req, "Rest.Offer.Until", datefmt_day(req, until));
	}
	return view_render(req, "status-view");
}

/* Printable notices (A4, templates/notice-*.cs): the city's name, the
 * agency head's signature, dates in 和暦, and on every decision the appeal
 * instructions (教示) that 行政不服審査法82 and 行政事件訴訟法46 require. */
#include <stdlib.h>
#include <string.h>

#include "datefmt.h"
#include "desk-pages.h"
#include "flow.h"
#include "resp.h"
#include "staff.h"
#include "view.h"

struct notice {
	const char *name;     /* in the URL */
	const char *template; /* templates/NAME.cs */
	const char *event;    /* the event whose data the notice prints, or NULL */
	bool kyoji;           /* a decision: carries the appeal instructions */
};

static const struct notice notices[] = {
	{ "receipt", "notice-receipt", "received", false },
	{ "amend", "notice-amend", "amend_requested", false },
	{ "extension", "notice-extension", "extended", false },
	{ "special", "notice-special", "special_case", false },
	{ "disclosure", "notice-disclosure", "decided", true },
	{ "nondisclosure", "notice-nondisclosure", "decided", true },
	{ "correction", "notice-correction", "decided", true },
	{ "suspension", "notice-suspension", "decided", true },
	{ "dismissal", "notice-dismissal", "dismissed", true },
	{ "carried_out", "notice-carried-out", "carried_out", false },
	{ "consult", "notice-consult", "consult_sent", false },
	/* 法85①: the requester told of the transfer */
	{ "transfer", "notice-transfer", "transferred", false },
	/* 法84: the 開示決定等 on the rest, a notice of its own */
	{ "disclosure_rest", "notice-disclosure", "rest_decided", true },
	{ "nondisclosure_rest", "notice-nondisclosure", "rest_decided", true },
	/* 法97: to each body the corrected information was provided to
	 * (?ev=N: the correction_notified event that recorded it) */
	{ "provided", "notice-provided", NULL, false },
	/* 法86③: to a third party who objected, when disclosure is decided */
	{ "tp_decided", "notice-tp-decided", "decided", true },
};

static const char sql_event[] =
    "SELECT data FROM event WHERE request_id = ?1 AND kind = ?2 ORDER BY id DESC LIMIT 1";
static const char sql_tp[] =
    "SELECT name, sent_on, answer_due_on, objects FROM third_party WHERE id = ?1 AND request_id = ?2";

/* The latest event of the kind as PREFIX.*; false when there is none. */
static bool event_to(struct req *req, long long id, const char *kind,
                     const char *prefix)
{
	struct db_stmt *st = db_stmt(req->app->db, sql_event);
	if (st == NULL)
		return false;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, kind);
	bool found = db_step(st) == DB_ROW;
	if (found)
		desk_json_to_view(req, prefix, db_col_text(st, 0));
	db_reset(st);
	return found;
}

/* The latest event of the kind as Notice.Event.*. */
static bool event_to_view(struct req *req, long long id, const char *kind)
{
	return event_to(req, id, kind, "Notice.Event");
}

static const char sql_provided[] =
    "SELECT data FROM event WHERE id = ?1 AND request_id = ?2 "
    "AND kind = 'correction_notified'";

/* 法97 ("当該保有個人情報の提供先に対し、遅滞なく、その旨を書面により
 * 通知する"): provided?ev=N, the recipient recorded by that event, as
 * Notice.Event.to and .on; the 訂正の実施 as Notice.CarriedOut.on. */
static bool provided_to_view(struct req *req, long long id)
{
	const char *ev = req_param_raw(req, "ev");
	char *end;
	long long ev_id = ev ? strtoll(ev, &end, 10) : 0;
	if (ev == NULL || *end != '\0' || ev_id <= 0)
		return false;
	struct db_stmt *st = db_stmt(req->app->db, sql_provided);
	if (st == NULL)
		return false;
	db_bind_int(st, 1, ev_id);
	db_bind_int(st, 2, id);
	bool found = db_step(st) == DB_ROW;
	if (found)
		desk_json_to_view(req, "Notice.Event", db_col_text(st, 0));
	db_reset(st);
	return found && event_to(req, id, "carried_out", "Notice.CarriedOut");
}

/* consult?tp=N: the third party the letter goes to. */
static bool third_party_to_view(struct req *req, long long id)
{
	const char *tp = req_param_raw(req, "tp");
	char *end;
	long long tp_id = tp ? strtoll(tp, &end, 10) : 0;
	if (tp == NULL || *end != '\0' || tp_id <= 0)
		return false;
	struct db_stmt *st = db_stmt(req->app->db, sql_tp);
	if (st == NULL)
		return false;
	db_bind_int(st, 1, tp_id);
	db_bind_int(st, 2, id);
	bool found = db_step(st) == DB_ROW;
	if (found) {
		cal_day d;
		view_set(req, "Notice.ThirdParty.Name", db_col_text(st, 0));
		view_set_int(req, "Notice.ThirdParty.Objects", db_col_int(st, 3));
		if (cal_parse(db_col_text(st, 1), &d) == 0)
			desk_view_day(req, "Notice.ThirdParty.SentOn", d);
		if (cal_parse(db_col_text(st, 2), &d) == 0)
			desk_view_day(req, "Notice.ThirdParty.AnswerDueOn", d);
	}
	db_reset(st);
	return found;
}

/* Whether the case has what the notice is about (the list the case page
 * offers, Notices.*). */
static bool offered(struct req *req, const char *name)
{
	HDF *list = hdf_get_obj(req->hdf, "Notices");
	for (HDF *c = list ? hdf_obj_child(list) : NULL; c; c = hdf_obj_next(c))
		if (strcmp(hdf_obj_value(c) ? hdf_obj_value(c) : "", name) == 0)
			return true;
	return false;
}

/* 法84: the notice of the rest prints the rest's decision, day, methods
 * and grounds where the part's stand (the same templates). */
static void hdf_drop(HDF *h, const char *name)
{
	view_node_remove(h, name);
}

static void rest_to_notice(struct req *req)
{
	HDF *h = req->hdf;
	const char *methods = hdf_get_value(h, "Notice.Event.methods", "");
	view_set(req, "Case.Decision", hdf_get_value(h, "Case.Rest.Decision", ""));
	hdf_drop(h, "Case.DecidedOn");
	cal_day on;
	if (cal_parse(hdf_get_value(h, "Case.Rest.DecidedOn", ""), &on) == 0)
		desk_view_day(req, "Case.DecidedOn", on);
	view_set_int(req, "Case.Methods.view", strstr(methods, "view") != NULL);
	view_set_int(req, "Case.Methods.copy", strstr(methods, "copy") != NULL);
	view_set_int(req, "Case.Methods.mail", strstr(methods, "mail") != NULL);
	/* 山形: whether a 申出書 is needed follows the rest's own methods
	 * (desk-case.c rest_offer_to_view), not the part's */
	hdf_drop(h, "Case.OfferNotNeeded");
	if (hdf_get_obj(h, "Case.Rest.OfferNotNeeded"))
		view_set(req, "Case.OfferNotNeeded", "1");
	hdf_drop(h, "Reasons");
	HDF *rest = hdf_get_obj(h, "RestReasons");
	if (rest) {
		NEOERR *e = hdf_copy(h, "Reasons", rest);
		nerr_ignore(&e);
	}
	/* no counter slots were offered with it, and the fee on the case is
	 * the part's: the rest's own fee (法84, 89②) once set, else the unit
	 * costs */
	hdf_drop(h, "Slots");
	view_set_int(req, "Slots.Count", 0);
	const char *rest_fee = hdf_get_value(h, "RestFee.Amount", NULL);
	hdf_drop(h, "Fee.Amount");
	hdf_drop(h, "Fee.State");
	if (rest_fee) {
		view_set(req, "Fee.Amount", rest_fee);
		/* a waived fee is 0 yen, not the unit costs */
		view_set(req, "Fee.State", hdf_get_value(h, "RestFee.State", ""));
	}
	view_set_int(req, "Notice.Rest", 1);
}

static int notice_render(struct req *req, const struct desk_staff *me,
                         const struct case_row *row, const struct notice *n);

int desk_page_notice(struct req *req)
{
	const struct desk_staff *me;
	struct case_row row;
	DESK_REQUIRE(req, DESK_VIEWER, &me);
	int rc = desk_case_for(req, me, &row);
	if (rc)
		return rc;
	const struct notice *n = NULL;
	for (size_t i = 0; i < sizeof notices / sizeof notices[0] && !n; i++)
		if (strcmp(notices[i].name, req->route_arg[1]) == 0)
			n = &notices[i];
	if (n == NULL)
		return 404;
	if (desk_case_view(req, me, &row) != 0)
		return 500;
	if (strcmp(n->name, "provided") == 0) {
		if (!provided_to_view(req, row.id))
			return 404;
		return notice_render(req, me, &row, n);
	}
	bool transfer = strcmp(n->name, "transfer") == 0;
	if (transfer && !event_to_view(req, row.id, "transferred"))
		return 404;
	bool consult = transfer || strcmp(n->name, "consult") == 0 ||
	               strcmp(n->name, "tp_decided") == 0;
	if (!transfer &&
	    (consult ? !third_party_to_view(req, row.id) : !offered(req, n->name)))
		return 404;
	if (n->event && !event_to_view(req, row.id, n->event) && !consult)
		return 404;
	if (strcmp(n->name, "tp_decided") == 0 &&
	    (!hdf_get_int_value(req->hdf, "Notice.ThirdParty.Objects", 0) ||
	     !(offered(req, "disclosure")) || !event_to_view(req, row.id, "decided")))
		return 404;
	if (strcmp(n->event ? n->event : "", "rest_decided") == 0)
		rest_to_notice(req);
	return notice_render(req, me, &row, n);
}

static int notice_render(struct req *req, const struct desk_staff *me,
                         const struct case_row *row, const struct notice *n)
{
	/* Counter slots as people read them (lib/datefmt.h). */
	HDF *slots = hdf_get_obj(req->hdf, "Slots");
	for (HDF *s = slots ? hdf_obj_child(slots) : NULL; s; s = hdf_obj_next(s)) {
		const char *at = hdf_get_value(s, "StartsAt", NULL);
		const char *text = at ? datefmt_local(req, at) : NULL;
		if (text)
			view_set(req, arena_printf(req->arena, "Slots.%s.StartsAtText",
			                           hdf_obj_name(s)), text);
	}
	view_set(req, "Notice.Kind", n->name);
	view_set_int(req, "Notice.Kyoji", n->kyoji);
	desk_view_day(req, "Notice.Date", cal_today());
	staff_audit(req->app->db, me->id, "notice_printed",
	            arena_printf(req->arena, "%s:%s", row->ref, n->name));
	return view_render(req, n->template);
}

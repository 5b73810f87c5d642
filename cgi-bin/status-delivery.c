/* /kaiji/status/delivery: 開示の実施方法等の申出 (法87③). After a
 * disclosure decision the requester chooses, within the window, a counter
 * date the staff offered or delivery of copies by mail. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "log.h"
#include "resp.h"
#include "status.h"

#include "datefmt.h"
#include "flow.h"
#include "view.h"

static const char sql_has_choice[] =
    "SELECT 1 FROM delivery_choice WHERE request_id = ?1 AND part = 'main'";
static const char sql_has_rest_choice[] =
    "SELECT 1 FROM delivery_choice WHERE request_id = ?1 AND part = 'rest'";
/* A slot is open to choose while it is ahead and on or after the first
 * day the profile allows (first_day below). */
static const char sql_slots[] =
    "SELECT id, starts_at, place FROM offer_slot WHERE request_id = ?1 "
    "AND starts_at > ?2 AND substr(starts_at, 1, 10) >= ?3 "
    "ORDER BY starts_at, id";
static const char sql_slot[] =
    "SELECT starts_at FROM offer_slot WHERE id = ?1 AND request_id = ?2 "
    "AND starts_at > ?3 AND substr(starts_at, 1, 10) >= ?4";
static const char sql_methods[] =
    "SELECT offer_methods FROM request WHERE id = ?1";
static const char sql_choose[] =
    "INSERT INTO delivery_choice (request_id, method, slot_id, chosen_at) "
    "VALUES (?1, ?2, ?3, ?4)";

static bool has_choice_of(struct db *db, long long id, const char *sql)
{
	struct db_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return true;
	db_bind_int(st, 1, id);
	bool found = db_step(st) != DB_DONE;
	db_reset(st);
	return found;
}

static bool has_choice(struct db *db, long long id)
{
	return has_choice_of(db, id, sql_has_choice);
}

bool status_offer_not_needed(struct req *req, const struct case_row *row)
{
	if (row->state != CASE_DECIDED || !req->app->profile.disclosure.requested_method_suffices)
		return false;
	struct db_stmt *st = db_stmt(req->app->db, sql_methods);
	if (st == NULL)
		return false;
	db_bind_int(st, 1, row->id);
	bool yes = db_step(st) == DB_ROW &&
	           case_requested_method_honoured(&req->app->profile, row->data,
	                                          db_col_text(st, 0));
	db_reset(st);
	return yes;
}

bool status_offer_open(struct req *req, const struct case_row *row, cal_day *until)
{
	/* 法87④: from the day the notice arrived, as the desk recorded it */
	struct flow_offer w;
	if (row->state != CASE_DECIDED ||
	    flow_offer_until(req->app->db, &req->app->profile, row, &w) != 0 ||
	    status_offer_not_needed(req, row))
		return false;
	*until = w.until;
	return cal_today() <= *until && !has_choice(req->app->db, row->id);
}

/* What the requester may choose: only the methods the decision offered
 * (法87③ is a choice among them); mail also needs the city to mail. */
struct offered {
	bool view, copy, mail;
};

static bool offered_has(const char *list, const char *m)
{
	size_t n = strlen(m);
	for (const char *p = list; *p != '\0';) {
		size_t len = strcspn(p, ",");
		if (len == n && strncmp(p, m, n) == 0)
			return true;
		p += len;
		if (*p == ',')
			p++;
	}
	return false;
}

/* The methods a decision offered (sql gives its comma list for the
 * request), among those the city delivers; fallback stands for an empty
 * list. */
static struct offered offered_by(struct req *req, const char *sql, long long id,
                                 const char *fallback)
{
	const struct profile_disclosure *pd = &req->app->profile.disclosure;
	struct offered o = { false, false, false };
	struct db_stmt *st = db_stmt(req->app->db, sql);
	if (st == NULL)
		return o;
	db_bind_int(st, 1, id);
	const char *list = db_step(st) == DB_ROW
	                   ? arena_strdup(req->arena, db_col_text(st, 0)) : "";
	db_reset(st);
	if (*list == '\0')
		list = fallback;
	o.view = pd->view && offered_has(list, "view");
	o.copy = pd->copy && offered_has(list, "copy");
	o.mail = pd->mail_copy && offered_has(list, "mail");
	return o;
}

static struct offered offered_read(struct req *req, long long id)
{
	/* Decided before offer_methods was kept: what the city offers. */
	return offered_by(req, sql_methods, id, "view,copy,mail");
}

bool status_offer_mail(struct req *req, long long id)
{
	return offered_read(req, id).mail;
}

bool status_offer_mail_only(struct req *req, long long id)
{
	struct offered o = offered_read(req, id);
	return o.mail && !o.view && !o.copy;
}

static void offered_set(struct req *req, struct offered o)
{
	int n = 0;
	if (o.view)
		view_set(req, arena_printf(req->arena, "Offer.Methods.%d", n++), "view");
	if (o.copy)
		view_set(req, arena_printf(req->arena, "Offer.Methods.%d", n++), "copy");
	if (o.mail) {
		view_set(req, arena_printf(req->arena, "Offer.Methods.%d", n++), "mail");
		view_set(req, "Offer.Mail", "1");
	}
	if (o.view || o.copy)
		view_set(req, "Offer.Counter", "1");
}

/* Now in Asia/Tokyo as offer_slot.starts_at writes it. */
static const char *local_now(struct req *req)
{
	time_t t = (time_t)cal_now() + 9 * 3600;
	struct tm tm;
	char s[20];
	gmtime_r(&t, &tm);
	strftime(s, sizeof s, "%Y-%m-%dT%H:%M", &tm);
	return arena_strdup(req->arena, s);
}

/* The first day whose slots can still be chosen: the profile's
 * City.Disclosure.ChoiceDaysBefore days after today (山形: the 申出書
 * must arrive by the day before the chosen day, so 1), or today. */
static const char *first_day(struct req *req)
{
	char s[11];
	cal_format(cal_today() + req->app->profile.disclosure.choice_days_before, s);
	return arena_strdup(req->arena, s);
}

static int set_slots(struct req *req, long long id)
{
	struct offered o = offered_read(req, id);
	offered_set(req, o);
	if (!o.view && !o.copy)
		return 0;
	struct db_stmt *st = db_stmt(req->app->db, sql_slots);
	if (st == NULL)
		return 500;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, local_now(req));
	db_bind_text(st, 3, first_day(req));
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *p = arena_printf(req->arena, "Slots.%d", n);
		if (status_set_slot_time(req, p, db_col_text(st, 1)) != 0)
			continue;
		n++;
		view_set_int(req, arena_printf(req->arena, "%s.Id", p),
		             (long)db_col_int64(st, 0));
		view_set(req, arena_printf(req->arena, "%s.Place", p), db_col_text(st, 2));
	}
	db_reset(st);
	return rc == DB_DONE ? 0 : 500;
}

static int render_form(struct req *req, const struct case_row *row, cal_day until)
{
	status_set_case(req, row);
	view_set(req, "Offer.Until", datefmt_day(req, until));
	int rc = set_slots(req, row->id);
	return rc ? rc : view_render(req, "status-delivery");
}

int status_delivery_form(struct req *req)
{
	struct case_row buf;
	const struct case_row *row;
	cal_day until;
	int rc = status_current(req, &buf, &row);
	if (rc != 0 || row == NULL)
		return rc;
	if (!status_offer_open(req, row, &until))
		return resp_redirect(req, "/status/view");
	return render_form(req, row, until);
}

/* The choice as sent: mail, or one of the request's future slots, each
 * only when the decision offered it. */
static int parse_choice(struct req *req, const struct case_row *row,
                        const char **method, long long *slot, const char **starts_at)
{
	const char *c = req_field(req, F_CHOICE);
	*slot = 0;
	*starts_at = NULL;
	if (c == NULL)
		return -1;
	struct offered o = offered_read(req, row->id);
	if (strcmp(c, "mail") == 0) {
		*method = "mail";
		return o.mail ? 0 : -1;
	}
	if (!o.view && !o.copy)
		return -1;
	char *end;
	if (strncmp(c, "slot-", 5) != 0 || c[5] < '1' || c[5] > '9')
		return -1;
	*slot = strtoll(c + 5, &end, 10);
	if (*end != '\0' || *slot <= 0)
		return -1;
	*method = "counter";
	struct db_stmt *st = db_stmt(req->app->db, sql_slot);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, *slot);
	db_bind_int(st, 2, row->id);
	db_bind_text(st, 3, local_now(req));
	db_bind_text(st, 4, first_day(req));
	if (db_step(st) == DB_ROW)
		*starts_at = arena_strdup(req->arena, db_col_text(st, 0));
	db_reset(st);
	return *starts_at ? 0 : -1;
}

static int store_choice(struct req *req, long long id, const char *method,
                        long long slot, const char *starts_at)
{
	struct db *db = req->app->db;
	struct db_stmt *st = db_stmt(db, sql_choose);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, method);
	if (slot > 0)
		db_bind_int(st, 3, slot);
	db_bind_text(st, 4, case_now(req->arena));
	int rc = db_step_done(db, st, NULL);
	if (rc != 0)
		return -1;
	json_t *j = slot > 0 ? json_pack("{s:s, s:I, s:s}", "method", method, "slot",
	                                 (json_int_t)slot, "starts_at", starts_at)
	                     : json_pack("{s:s}", "method", method);
	char *data = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	rc = data ? case_event(db, id, "citizen", "delivery_chosen", true, data) : -1;
	free(data);
	return rc;
}

/* ---- 法84, 87③: the 申出 for the rest decided later ---- */

static const char sql_rest_methods[] =
    "SELECT COALESCE(json_extract(data, '$.methods'), '') FROM event "
    "WHERE request_id = ?1 AND kind = 'rest_decided' ORDER BY id DESC LIMIT 1";

/* What the rest's decision offered, as the city delivers (no counter
 * slots: the rest's decision offers none, the staff arrange the day). */
static struct offered rest_offered(struct req *req, long long id)
{
	return offered_by(req, sql_rest_methods, id, "");
}

/* The methods the rest's decision offered, as a list for
 * case_requested_method_honoured. */
static const char *offered_list(struct req *req, struct offered o)
{
	return arena_printf(req->arena, "%s,%s,%s", o.view ? "view" : "",
	                    o.copy ? "copy" : "", o.mail ? "mail" : "");
}

bool status_rest_offer_open(struct req *req, const struct case_row *row,
                            cal_day *until)
{
	struct flow_ctx c = { req->app->db, &req->app->profile, req->arena,
	                      "citizen", cal_today() };
	struct flow_offer w;
	if (flow_offer_rest_window_of(&c, row, &w) != FLOW_OK ||
	    flow_rest_delivered(req->app->db, row->id) != 0 ||
	    has_choice_of(req->app->db, row->id, sql_has_rest_choice))
		return false;
	*until = w.until;
	struct offered o = rest_offered(req, row->id);
	/* profiles (issue 15, 山形): by the rest's own methods, as the
	 * part's (status_offer_not_needed) — copies by post asked for in
	 * the request and offered by the rest's decision need no 申出 */
	if (case_requested_method_honoured(&req->app->profile, row->data,
	                                   offered_list(req, o))) {
		view_set(req, "Rest.Offer.NotNeeded", "1");
		return false;
	}
	/* counted from the day the rest's notice arrived, once recorded */
	if (w.arrived)
		view_set(req, "Rest.Offer.Arrived", "1");
	if (o.view || o.copy)
		view_set(req, "Rest.Offer.Counter", "1");
	if (o.mail)
		view_set(req, "Rest.Offer.Mail", "1");
	return c.today <= w.until && (o.view || o.copy || o.mail);
}

/* 409 with what happened (L.Error.RestOffer*), nothing written. */
static int rest_refused(struct req *req, const char *why)
{
	req->status = 409;
	log_event(LOG_INFO, "status: the rest's 申出 refused: %s", why);
	view_set_int(req, "Error.Status", 409);
	view_set(req, "Error.Key", strcmp(why, "delivered") == 0 ? "RestOfferDelivered"
	                                                         : "RestOfferNotNeeded");
	return view_render(req, "error");
}

static int rest_delivery(struct req *req, const struct case_row *row)
{
	const char *c = req_field(req, F_CHOICE);
	struct offered o = rest_offered(req, row->id);
	if (c == NULL || !((strcmp(c, "mail") == 0 && o.mail) ||
	                   (strcmp(c, "counter") == 0 && (o.view || o.copy))))
		return 422;
	/* 法87③: a 申出 is of how the rest is to be disclosed; once it has
	 * been, there is nothing left to choose (lib/flow-offer.c refuses
	 * it too) */
	int done = flow_rest_delivered(req->app->db, row->id);
	if (done != 0)
		return done < 0 ? 500 : rest_refused(req, "delivered");
	if (case_requested_method_honoured(&req->app->profile, row->data,
	                                   offered_list(req, o)))
		return rest_refused(req, "not_needed");
	struct db *db = req->app->db;
	struct flow_ctx fc = { db, &req->app->profile, req->arena, "citizen", cal_today() };
	if (db_begin(db) != 0)
		return 500;
	int rc = flow_offer_rest_online(&fc, row->id, c);
	if (rc != FLOW_OK || db_commit(db) != 0) {
		db_rollback(db);
		/* chosen already, or the window closed: the status page says so */
		return rc == FLOW_STATE || rc == FLOW_LATE ? resp_redirect(req, "/status/view")
		       : rc == FLOW_INVALID ? 422 : 500;
	}
	log_event(LOG_INFO, "status %s delivery of the rest chosen", row->ref);
	return resp_redirect(req, "/status/view");
}

int status_delivery(struct req *req)
{
	struct case_row buf;
	const struct case_row *row;
	cal_day until;
	const char *method, *starts_at;
	long long slot;
	int rc = status_current(req, &buf, &row);
	if (rc != 0 || row == NULL)
		return rc;
	const char *part = req_field(req, F_PART);
	if (part && strcmp(part, "rest") == 0)
		return rest_delivery(req, row);
	if (part && strcmp(part, "main") != 0)
		return 422;
	if (!status_offer_open(req, row, &until))
		return resp_redirect(req, "/status/view");
	if (parse_choice(req, row, &method, &slot, &starts_at) != 0) {
		req->status = 422;
		view_set(req, "Offer.Error", "1");
		return render_form(req, row, until);
	}
	struct db *db = req->app->db;
	if (db_begin(db) != 0)
		return 500;
	if (store_choice(req, row->id, method, slot, starts_at) != 0 || db_commit(db) != 0) {
		db_rollback(db);
		/* Chosen meanwhile in another tab: the status page shows it. */
		return has_choice(db, row->id) ? resp_redirect(req, "/status/view") : 500;
	}
	log_event(LOG_INFO, "status %s delivery chosen", row->ref);
	return resp_redirect(req, "/status/view");
}

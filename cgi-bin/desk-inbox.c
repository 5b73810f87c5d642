/* The inbox: the requests of the staff member's agencies by due date,
 * with those overdue or due within 3 open days marked in words. */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "desk-pages.h"
#include "resp.h"
#include "view.h"

#define INBOX_MAX 300
#define SOON_OPEN_DAYS 3

static const char sql_inbox[] =
    "SELECT id, ref, kind, state, agency_id, channel, received_on, due_on, "
    "requester_name, COALESCE(decision, '') FROM request WHERE "
    "((?1 = '' AND state NOT IN ('closed', 'withdrawn', 'dismissed')) "
    " OR ?1 = 'all' OR state = ?1) "
    "AND (?2 = '' OR kind = ?2) AND (?3 = '' OR agency_id = ?3) "
    "AND (?4 = '' OR ref = ?4 OR replace(replace(requester_name, ' ', ''), "
    "'\xe3\x80\x80', '') LIKE '%' || ?5 || '%' ESCAPE '\\') "
    "AND (?6 = 1 OR agency_id IN "
    "(SELECT agency_id FROM staff_agency WHERE staff_id = ?7)) "
    "ORDER BY due_on, id LIMIT " "300";

/* Requests (of the staff member's agencies) with an online payment held
 * for review: the money does not match the fee, someone must act. */
static const char sql_pay_review[] =
    "SELECT DISTINCT r.id, r.ref FROM payment p JOIN fee f ON f.id = p.fee_id "
    "JOIN request r ON r.id = f.request_id WHERE p.state = 'review' "
    "AND (?1 = 1 OR r.agency_id IN "
    "(SELECT agency_id FROM staff_agency WHERE staff_id = ?2)) "
    "ORDER BY r.id LIMIT 50";

static int pay_review_to_view(struct req *req, const struct desk_staff *me)
{
	sqlite3_stmt *st = db_stmt(req->app->db, sql_pay_review);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, me->role == DESK_ADMIN);
	db_bind_int(st, 2, me->id);
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		view_setf(req, arena_printf(req->arena, "Inbox.PayReview.%d.Id", n),
		          "%lld", (long long)sqlite3_column_int64(st, 0));
		view_set(req, arena_printf(req->arena, "Inbox.PayReview.%d.Ref", n++),
		         db_col_text(st, 1));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The last day that counts as "due soon": the third open day after today. */
static cal_day soon_limit(const struct profile *p, cal_day today)
{
	cal_day d = today;
	for (int n = 0; n < SOON_OPEN_DAYS;)
		if (!cal_is_closed(&p->cal, ++d))
			n++;
	return d;
}

static const char *filter(struct req *req, size_t f)
{
	const char *v = req_field(req, f);
	return v ? v : "";
}

static void filters_to_view(struct req *req, const struct desk_staff *me)
{
	const struct profile *p = &req->app->profile;
	view_set(req, "Inbox.Filter.State", filter(req, F_STATE));
	view_set(req, "Inbox.Filter.Kind", filter(req, F_KIND));
	view_set(req, "Inbox.Filter.Agency", filter(req, F_AGENCY));
	view_set(req, "Inbox.Filter.Q", filter(req, F_Q));
	for (int s = 0; s < CASE__MAX; s++)
		view_set(req, arena_printf(req->arena, "Inbox.States.%d", s),
		         case_state_name((enum case_state)s));
	int n = 0;
	for (int k = 0; k < KIND__MAX; k++)
		if (p->kinds[k].enabled)
			view_set(req, arena_printf(req->arena, "Inbox.Kinds.%d", n++),
			         profile_kind_name((enum req_kind)k));
	n = 0;
	for (size_t i = 0; i < p->n_agencies; i++)
		if (staff_sees(me, p->agencies[i].id))
			view_set(req, arena_printf(req->arena, "Inbox.Agencies.%d", n++),
			         p->agencies[i].id);
}

static void row_to_view(struct req *req, sqlite3_stmt *st, int i, cal_day today,
                        cal_day soon)
{
	const char *pre = arena_printf(req->arena, "Inbox.Rows.%d.", i);
	static const char *const cols[] = { "Id", "Ref", "Kind", "State", "Agency",
	                                    "Channel", "ReceivedOn", "DueOn",
	                                    "Name", "Decision" };
	for (int c = 0; c < 10; c++)
		view_set(req, arena_printf(req->arena, "%s%s", pre, cols[c]),
		         db_col_text(st, c));
	enum case_state s;
	cal_day due;
	if (case_state_parse(db_col_text(st, 3), &s) != 0 ||
	    cal_parse(db_col_text(st, 7), &due) != 0)
		return;
	/* While a 補正 is awaited the clock stops: no mark. */
	if (s == CASE_AMENDING || !case_is_open(s))
		return;
	const char *mark = due < today ? "overdue" : due <= soon ? "soon" : NULL;
	if (mark)
		view_set(req, arena_printf(req->arena, "%sMark", pre), mark);
}

int desk_page_inbox(struct req *req)
{
	const struct desk_staff *me;
	DESK_REQUIRE(req, DESK_VIEWER, &me);
	const char *exact, *like;
	desk_search_terms(req->arena, req_field(req, F_Q), &exact, &like);
	sqlite3_stmt *st = db_stmt(req->app->db, sql_inbox);
	if (st == NULL)
		return 500;
	db_bind_text(st, 1, filter(req, F_STATE));
	db_bind_text(st, 2, filter(req, F_KIND));
	db_bind_text(st, 3, filter(req, F_AGENCY));
	db_bind_text(st, 4, exact);
	db_bind_text(st, 5, like);
	db_bind_int(st, 6, me->role == DESK_ADMIN);
	db_bind_int(st, 7, me->id);
	cal_day today = cal_today();
	cal_day soon = soon_limit(&req->app->profile, today);
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < INBOX_MAX)
		row_to_view(req, st, n++, today, soon);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return 500;
	view_set_int(req, "Inbox.Count", n);
	if (pay_review_to_view(req, me) != 0)
		return 500;
	desk_view_day(req, "Inbox.Today", today);
	filters_to_view(req, me);
	return view_render(req, "desk-inbox");
}

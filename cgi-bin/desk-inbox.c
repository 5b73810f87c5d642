/* The inbox: the requests of the staff member's agencies, by due date or
 * any column, a page of 50 at a time, with tabs counting each state, those
 * overdue or due within 3 open days marked in words and the open days
 * left, and the same view as CSV. */
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <utf8proc.h>

#include "datefmt.h"
#include "desk-pages.h"
#include "register-io.h"
#include "flow.h"
#include "resp.h"
#include "view.h"

#define INBOX_PAGE 50     /* rows per page */
#define INBOX_CSV_MAX 10000
#define SOON_OPEN_DAYS 3

/* The name without its spaces holds ?5, a LIKE fragment with its ASCII
 * letters in lower case (desk_search_terms), in any case: SQLite's LIKE
 * ignores the case of ASCII letters, PostgreSQL's does not, lower() of
 * the name gives both SQLite's answer (lower() of a COLLATE "C" column
 * changes ASCII letters only on PostgreSQL too, lib/schema-pg.c). */
#define INBOX_NAME_LIKE \
    "lower(replace(replace(requester_name, ' ', ''), '\xe3\x80\x80', '')) " \
    "LIKE '%' || ?5 || '%' ESCAPE '\\'"

/* The filters every query of the inbox shares: ?1 state ('' = open ones,
 * 'all'), ?2 kind, ?3 agency, ?4 exact reference, ?5 name fragment,
 * ?6 admin (every agency), ?7 the staff member's id. */
#define INBOX_FROM \
    " FROM request WHERE " \
    "((?1 = '' AND state NOT IN ('closed', 'withdrawn', 'dismissed')) " \
    " OR ?1 = 'all' OR state = ?1) " \
    "AND (?2 = '' OR kind = ?2) AND (?3 = '' OR agency_id = ?3) " \
    "AND (?4 = '' OR ref = ?4 OR " INBOX_NAME_LIKE ") " \
    "AND (?6 = 1 OR agency_id IN " \
    "(SELECT agency_id FROM staff_agency WHERE staff_id = ?7)) "
/* Column 10, rest_by: 法84, the part decided and the rest still to be
 * decided by special_rest_by (lib/case.h); '' otherwise. */
#define INBOX_SELECT(order) \
    "SELECT id, ref, kind, state, agency_id, channel, received_on, due_on, " \
    "requester_name, COALESCE(decision, ''), " CASE_REST_BY_SQL \
    " AS rest_by" INBOX_FROM \
    "ORDER BY " order ", id LIMIT ?8 OFFSET ?9"

/* The day a case is due by: its rest's while one waits (法84). The
 * expression, not the name rest_by: PostgreSQL's ORDER BY takes a select
 * list's name only alone. */
#define INBOX_DUE "COALESCE(NULLIF(" CASE_REST_BY_SQL ", ''), due_on)"

/* Sortable columns: the name in the URL (?sort=due, ?sort=due_desc) and
 * the SQL for each direction; only these strings reach SQLite. */
static const struct inbox_sort {
	const char *name, *asc, *desc;
} inbox_sorts[] = {
	/* a case waiting for its rest (法84) is due when the rest is */
	{ "due", INBOX_SELECT(INBOX_DUE), INBOX_SELECT(INBOX_DUE " DESC") },
	{ "received", INBOX_SELECT("received_on"), INBOX_SELECT("received_on DESC") },
	{ "ref", INBOX_SELECT("year, seq"), INBOX_SELECT("year DESC, seq DESC") },
	{ "kind", INBOX_SELECT("kind, due_on"), INBOX_SELECT("kind DESC, due_on") },
	{ "agency", INBOX_SELECT("agency_id, due_on"), INBOX_SELECT("agency_id DESC, due_on") },
	{ "requester", INBOX_SELECT("requester_name, due_on"),
	  INBOX_SELECT("requester_name DESC, due_on") },
	{ "state", INBOX_SELECT("state, due_on"), INBOX_SELECT("state DESC, due_on") },
};

/* The count per state for the tabs: the same filters but the state's. */
static const char sql_state_counts[] =
    "SELECT state, COUNT(*) FROM request WHERE "
    "(?2 = '' OR kind = ?2) AND (?3 = '' OR agency_id = ?3) "
    "AND (?4 = '' OR ref = ?4 OR " INBOX_NAME_LIKE ") "
    "AND (?6 = 1 OR agency_id IN "
    "(SELECT agency_id FROM staff_agency WHERE staff_id = ?7)) "
    "AND ?1 = ?1 GROUP BY state";

struct inbox_query {
	const char *state, *kind, *agency, *exact, *like;
	const struct inbox_sort *sort;
	bool desc;
	long page; /* from 1 */
};

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
	struct db_stmt *st = db_stmt(req->app->db, sql_pay_review);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, me->role == DESK_ADMIN);
	db_bind_int(st, 2, me->id);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		view_setf(req, arena_printf(req->arena, "Inbox.PayReview.%d.Id", n),
		          "%lld", (long long)db_col_int64(st, 0));
		view_set(req, arena_printf(req->arena, "Inbox.PayReview.%d.Ref", n++),
		         db_col_text(st, 1));
	}
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
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

/* ?sort=NAME or NAME_desc; anything else is the default (due date). */
static void sort_parse(const char *v, struct inbox_query *q)
{
	q->sort = &inbox_sorts[0];
	q->desc = false;
	size_t len = strlen(v);
	bool desc = len > 5 && strcmp(v + len - 5, "_desc") == 0;
	for (size_t i = 0; i < sizeof inbox_sorts / sizeof inbox_sorts[0]; i++)
		if (strncmp(v, inbox_sorts[i].name, desc ? len - 5 : len) == 0 &&
		    strlen(inbox_sorts[i].name) == (desc ? len - 5 : len)) {
			q->sort = &inbox_sorts[i];
			q->desc = desc;
		}
}

static void query_parse(struct req *req, struct inbox_query *q)
{
	q->state = filter(req, F_STATE);
	q->kind = filter(req, F_KIND);
	q->agency = filter(req, F_AGENCY);
	desk_search_terms(req->arena, req_field(req, F_Q), &q->exact, &q->like);
	sort_parse(filter(req, F_SORT), q);
	const char *page = req_field(req, F_PAGE);
	q->page = page ? strtol(page, NULL, 10) : 1;
}

static void bind_filters(struct db_stmt *st, const struct inbox_query *q,
                         const struct desk_staff *me)
{
	db_bind_text(st, 1, q->state);
	db_bind_text(st, 2, q->kind);
	db_bind_text(st, 3, q->agency);
	db_bind_text(st, 4, q->exact);
	db_bind_text(st, 5, q->like);
	db_bind_int(st, 6, me->role == DESK_ADMIN);
	db_bind_int(st, 7, me->id);
}

/* The query string of the present view with one parameter changed (sort
 * or page), for the column headings, the tabs and the pager; escaped by
 * the template. */
static const char *view_query(struct req *req, const struct inbox_query *q,
                              const char *state, const char *sort, long page)
{
	struct buf b;
	buf_init(&b, req->arena);
	const char *pairs[][2] = {
		{ "state", state }, { "kind", q->kind }, { "agency", q->agency },
		{ "q", filter(req, F_Q) }, { "sort", sort },
	};
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
		if (pairs[i][1] && *pairs[i][1])
			reg_url_arg(&b, pairs[i][0], pairs[i][1]);
	if (page > 1)
		reg_url_arg(&b, "page", arena_printf(req->arena, "%ld", page));
	return b.len ? b.data : "?";
}

static const char *sort_word(struct req *req, const struct inbox_query *q)
{
	if (q->sort == &inbox_sorts[0] && !q->desc)
		return "";
	return q->desc ? arena_printf(req->arena, "%s_desc", q->sort->name) : q->sort->name;
}

static void filters_to_view(struct req *req, const struct desk_staff *me,
                            const struct inbox_query *q)
{
	const struct profile *p = &req->app->profile;
	view_set(req, "Inbox.Filter.State", q->state);
	view_set(req, "Inbox.Filter.Kind", q->kind);
	view_set(req, "Inbox.Filter.Agency", q->agency);
	view_set(req, "Inbox.Filter.Q", filter(req, F_Q));
	view_set(req, "Inbox.Filter.Sort", sort_word(req, q));
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
	for (size_t i = 0; i < sizeof inbox_sorts / sizeof inbox_sorts[0]; i++) {
		const char *name = inbox_sorts[i].name;
		bool now = q->sort == &inbox_sorts[i];
		const char *pre = arena_printf(req->arena, "Inbox.Sort.%s.", name);
		/* A click on the sorted column turns its direction. */
		const char *next = now && !q->desc ? arena_printf(req->arena, "%s_desc", name)
		                                   : (i == 0 ? "" : name);
		view_set(req, arena_printf(req->arena, "%sHref", pre),
		         view_query(req, q, q->state, next, 1));
		if (now)
			view_set(req, arena_printf(req->arena, "%sNow", pre),
			         q->desc ? "descending" : "ascending");
	}
	view_set(req, "Inbox.CsvQuery", view_query(req, q, q->state, sort_word(req, q), 1));
}

struct inbox_row {
	const char *mark;  /* overdue, soon or NULL */
	struct case_clock clock;
};

/* The legal clock of lib/case.h (the staff digest reads the same). */
static struct inbox_row row_status(const struct profile *p, struct db_stmt *st,
                                   cal_day today, cal_day soon)
{
	struct inbox_row r = { NULL, case_clock(p, db_col_text(st, 3), db_col_text(st, 7),
	                                        db_col_text(st, 10), today) };
	if (r.clock.counts)
		r.mark = r.clock.due < today ? "overdue" : r.clock.due <= soon ? "soon" : NULL;
	return r;
}

static void row_to_view(struct req *req, struct db_stmt *st, int i, cal_day today,
                        cal_day soon)
{
	const char *pre = arena_printf(req->arena, "Inbox.Rows.%d.", i);
	static const char *const cols[] = { "Id", "Ref", "Kind", "State", "Agency",
	                                    "Channel", "ReceivedOn", "DueOn",
	                                    "Name", "Decision" };
	for (int c = 0; c < 10; c++)
		view_set(req, arena_printf(req->arena, "%s%s", pre, cols[c]),
		         db_col_text(st, c));
	cal_day d;
	for (int c = 6; c <= 7; c++)
		if (cal_parse(db_col_text(st, c), &d) == 0)
			datefmt_set(req, arena_printf(req->arena, "%s%s", pre, cols[c]), d);
	struct inbox_row r = row_status(&req->app->profile, st, today, soon);
	if (r.clock.rest && cal_parse(db_col_text(st, 10), &d) == 0) {
		datefmt_set(req, arena_printf(req->arena, "%sDueOn", pre), d);
		view_set_int(req, arena_printf(req->arena, "%sRest", pre), 1);
	}
	if (r.mark)
		view_set(req, arena_printf(req->arena, "%sMark", pre), r.mark);
	if (r.clock.counts)
		view_set_int(req, arena_printf(req->arena, "%sLeft", pre), r.clock.left);
}

static int state_counts_to_view(struct req *req, const struct inbox_query *q,
                                const struct desk_staff *me)
{
	struct db_stmt *st = db_stmt(req->app->db, sql_state_counts);
	if (st == NULL)
		return -1;
	bind_filters(st, q, me);
	long open = 0, all = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *state = db_col_text(st, 0);
		long n = (long)db_col_int64(st, 1);
		all += n;
		/* The default view's states: all but the finished ones (INBOX_FROM). */
		if (strcmp(state, "closed") != 0 && strcmp(state, "withdrawn") != 0 &&
		    strcmp(state, "dismissed") != 0)
			open += n;
		view_set_int(req, arena_printf(req->arena, "Inbox.Tabs.%s.Count", state), n);
	}
	db_reset(st);
	view_set_int(req, "Inbox.Tabs.Open.Count", open);
	view_set_int(req, "Inbox.Tabs.All.Count", all);
	view_set(req, "Inbox.Tabs.Open.Href", view_query(req, q, "", sort_word(req, q), 1));
	view_set(req, "Inbox.Tabs.All.Href", view_query(req, q, "all", sort_word(req, q), 1));
	for (int s = 0; s < CASE__MAX; s++) {
		const char *name = case_state_name((enum case_state)s);
		view_set(req, arena_printf(req->arena, "Inbox.Tabs.%s.Href", name),
		         view_query(req, q, name, sort_word(req, q), 1));
	}
	return rc == DB_DONE ? 0 : -1;
}

/* The rows of one page (the CSV: all of them, up to INBOX_CSV_MAX). */
static struct db_stmt *rows_stmt(struct req *req, const struct inbox_query *q,
                               const struct desk_staff *me, long limit, long offset)
{
	struct db_stmt *st = db_stmt(req->app->db, q->desc ? q->sort->desc : q->sort->asc);
	if (st == NULL)
		return NULL;
	bind_filters(st, q, me);
	db_bind_int(st, 8, limit);
	db_bind_int(st, 9, offset);
	return st;
}

struct overdue {
	struct req *req;
	int n;
};

static void overdue_row(void *ctx, long long id, const char *ref, const char *by)
{
	struct overdue *o = ctx;
	const char *pre = arena_printf(o->req->arena, "Inbox.AmendOverdue.%d.", o->n++);
	view_setf(o->req, arena_printf(o->req->arena, "%sId", pre), "%lld", id);
	view_set(o->req, arena_printf(o->req->arena, "%sRef", pre), ref);
	cal_day d;
	if (cal_parse(by, &d) == 0)
		desk_view_day(o->req, arena_printf(o->req->arena, "%sBy", pre), d);
}

int desk_page_inbox(struct req *req)
{
	const struct desk_staff *me;
	DESK_REQUIRE(req, DESK_VIEWER, &me);
	struct inbox_query q;
	query_parse(req, &q);
	/* One row more than a page tells whether there is a next one. */
	struct db_stmt *st = rows_stmt(req, &q, me, INBOX_PAGE + 1, (q.page - 1) * INBOX_PAGE);
	if (st == NULL)
		return 500;
	cal_day today = cal_today();
	cal_day soon = soon_limit(&req->app->profile, today);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && n < INBOX_PAGE)
		row_to_view(req, st, n++, today, soon);
	bool more = rc == DB_ROW;
	db_reset(st);
	if (rc != DB_DONE && rc != DB_ROW)
		return 500;
	view_set_int(req, "Inbox.Count", n);
	/* 法77③: the 補正 asked with a period that has run out; the staff
	 * decide whether to dismiss (却下) or to wait. */
	struct overdue o = { req, 0 };
	if (flow_amend_overdue(req->app->db, today,
	                       me->role == DESK_ADMIN ? 0 : me->id, overdue_row, &o) != FLOW_OK)
		return 500;
	view_set_int(req, "Inbox.AmendOverdueCount", o.n);
	if (pay_review_to_view(req, me) != 0)
		return 500;
	view_set_int(req, "Inbox.Page", q.page);
	if (q.page > 1)
		view_set(req, "Inbox.Prev", view_query(req, &q, q.state, sort_word(req, &q), q.page - 1));
	if (more)
		view_set(req, "Inbox.Next", view_query(req, &q, q.state, sort_word(req, &q), q.page + 1));
	datefmt_set(req, "Inbox.Today", today);
	filters_to_view(req, me, &q);
	if (state_counts_to_view(req, &q, me) != 0)
		return 500;
	return view_render(req, "desk-inbox");
}

/* ---- CSV of the present view ---- */

static void csv_cell(struct req *req, const char *s, bool last)
{
	size_t len = strlen(s);
	/* A spreadsheet runs a cell that starts with these as a formula. */
	bool guard = len > 0 && strchr("=+-@\t\r", s[0]) != NULL;
	const char *v = guard ? arena_printf(req->arena, "'%s", s) : s;
	size_t vlen = len + (guard ? 1 : 0);
	size_t need = csv_write(NULL, 0, v, vlen);
	char *out = arena_alloc(req->arena, need + 1);
	csv_write(out, need, v, vlen);
	buf_append(&req->body, out, need);
	buf_puts(&req->body, last ? "\r\n" : ",");
}

static const char *word(struct req *req, const char *list, const char *key)
{
	return view_string(req, arena_printf(req->arena, "L.Desk.%s.%s", list, key));
}

static void csv_row(struct req *req, struct db_stmt *st, cal_day today, cal_day soon)
{
	const struct profile *p = &req->app->profile;
	enum req_kind kind;
	const struct agency *ag = profile_agency(p, db_col_text(st, 4));
	bool en = strcmp(req->lang, "en") == 0;
	struct inbox_row r = row_status(p, st, today, soon);
	csv_cell(req, db_col_text(st, 1), false);
	csv_cell(req, profile_kind_parse(db_col_text(st, 2), &kind)
	                      ? profile_text(p->kinds[kind].name, p->kinds[kind].name_en, req->lang)
	                      : db_col_text(st, 2), false);
	csv_cell(req, ag ? (en && *ag->name_en ? ag->name_en : ag->name) : db_col_text(st, 4), false);
	csv_cell(req, db_col_text(st, 8), false);
	csv_cell(req, db_col_text(st, 6), false);
	csv_cell(req, r.clock.rest ? db_col_text(st, 10) : db_col_text(st, 7), false);
	csv_cell(req, r.clock.counts ? arena_printf(req->arena, "%d", r.clock.left) : "", false);
	csv_cell(req, word(req, "State", db_col_text(st, 3)), false);
	csv_cell(req, *db_col_text(st, 9) ? word(req, "Decision", db_col_text(st, 9)) : "", true);
}

int desk_page_inbox_csv(struct req *req)
{
	const struct desk_staff *me;
	DESK_REQUIRE(req, DESK_VIEWER, &me);
	struct inbox_query q;
	query_parse(req, &q);
	struct db_stmt *st = rows_stmt(req, &q, me, INBOX_CSV_MAX, 0);
	if (st == NULL)
		return 500;
	static const char *const heads[] = { "Ref", "Kind", "Agency", "Requester", "Received",
	                                     "Due", "Left", "State", "Decision" };
	buf_puts(&req->body, "\xef\xbb\xbf"); /* BOM: spreadsheets then read UTF-8 */
	for (size_t i = 0; i < 9; i++)
		csv_cell(req, word(req, "Inbox.Csv", heads[i]), i == 8);
	cal_day today = cal_today();
	cal_day soon = soon_limit(&req->app->profile, today);
	int rc, n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		csv_row(req, st, today, soon);
		n++;
	}
	db_reset(st);
	if (rc != DB_DONE)
		return 500;
	/* The requesters' names leave the desk: who took them is audited. */
	staff_audit(req->app->db, me->id, "inbox_export", arena_printf(req->arena, "%d", n));
	resp_header_replace(req, "Content-Type", "text/csv; charset=utf-8");
	resp_header(req, "Content-Disposition", "attachment; filename=\"kaiji-inbox.csv\"");
	return 0;
}

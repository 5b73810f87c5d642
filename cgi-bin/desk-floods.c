/* Suspected floods (issue 16 item 3): requests filed online from one
 * client within a window, grouped by the client's keyed hash
 * (request_client, kept by cgi-bin/request-flood.c; never an address),
 * with a count per client, and a bulk 却下 of the cases ticked. Each case
 * is dismissed by flow_dismiss, as the single 却下 does: its own decision
 * record, event (the history and the 却下 notice read them) and audit row.
 * Like the single step it goes through a confirmation page; a case the
 * staff member may not see refuses the whole batch (403). */
#include <string.h>

#include "desk-pages.h"
#include "flow.h"
#include "log.h"
#include "profile.h"
#include "resp.h"
#include "throttle.h"
#include "view.h"

#define FLOODS_GROUPS 20     /* clients shown */
#define FLOODS_ROWS 200      /* cases shown per client */
#define FLOODS_MIN 2         /* requests from one client to be listed */
#define FLOODS_BATCH 200     /* cases dismissed at once */

/* ?1 since, ?2 admin, ?3 staff id, ?4 the fewest requests listed. Only
 * the cases of the staff member's agencies are counted. */
static const char sql_groups[] =
    "SELECT c.key_hash, COUNT(*) FROM request_client c "
    "JOIN request r ON r.id = c.request_id WHERE c.filed_at >= ?1 "
    "AND (?2 = 1 OR r.agency_id IN "
    "(SELECT agency_id FROM staff_agency WHERE staff_id = ?3)) "
    "GROUP BY c.key_hash HAVING COUNT(*) >= ?4 "
    "ORDER BY COUNT(*) DESC, MIN(c.filed_at) LIMIT ?5";

static const char sql_cases[] =
    "SELECT r.id, r.ref, r.kind, r.state, r.agency_id, r.received_on, "
    "r.requester_name FROM request_client c JOIN request r "
    "ON r.id = c.request_id WHERE c.key_hash = ?1 AND c.filed_at >= ?2 "
    "AND (?3 = 1 OR r.agency_id IN "
    "(SELECT agency_id FROM staff_agency WHERE staff_id = ?4)) "
    "ORDER BY r.id LIMIT ?5";

static long window_hours(struct req *req)
{
	return req_field(req, F_HOURS) ? req->fields[F_HOURS].num : 24;
}

static bool open_state(const char *s)
{
	return strcmp(s, "closed") != 0 && strcmp(s, "withdrawn") != 0 &&
	       strcmp(s, "dismissed") != 0 && strcmp(s, "decided") != 0;
}

static void day_to_view(struct req *req, const char *name, const char *iso)
{
	cal_day d;
	if (cal_parse(iso, &d) == 0)
		desk_view_day(req, name, d);
}

static int cases_to_view(struct req *req, const struct desk_staff *me,
                         const char *prefix, const char *key, long long since)
{
	struct db_stmt *st = db_stmt(req->app->db, sql_cases);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, key);
	db_bind_int(st, 2, since);
	db_bind_int(st, 3, me->role == DESK_ADMIN);
	db_bind_int(st, 4, me->id);
	db_bind_int(st, 5, FLOODS_ROWS);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *p = arena_printf(req->arena, "%s.Cases.%d", prefix, n++);
		const char *state = db_col_text_null(st, 3);
		view_setf(req, arena_printf(req->arena, "%s.Id", p), "%lld",
		          (long long)db_col_int64(st, 0));
		view_set(req, arena_printf(req->arena, "%s.Ref", p),
		         db_col_text_null(st, 1));
		view_set(req, arena_printf(req->arena, "%s.Kind", p),
		         db_col_text_null(st, 2));
		view_set(req, arena_printf(req->arena, "%s.State", p), state);
		if (open_state(state))
			view_set(req, arena_printf(req->arena, "%s.Open", p), "1");
		view_set(req, arena_printf(req->arena, "%s.Agency", p),
		         db_col_text_null(st, 4));
		day_to_view(req, arena_printf(req->arena, "%s.ReceivedOn", p),
		            db_col_text_null(st, 5));
		view_set(req, arena_printf(req->arena, "%s.Name", p),
		         db_col_text_null(st, 6));
	}
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}

/* Floods.Groups.N.{Label,Count,Cases.M.*}; the labels are a number and
 * the start of the keyed hash, so two pages can be compared. */
static int groups_to_view(struct req *req, const struct desk_staff *me)
{
	long hours = window_hours(req);
	long long since = throttle_now() - hours * 3600LL;
	view_setf(req, "Floods.Hours", "%ld", hours);
	view_setf(req, "Floods.Min", "%d", FLOODS_MIN);
	struct db_stmt *st = db_stmt(req->app->db, sql_groups);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, since);
	db_bind_int(st, 2, me->role == DESK_ADMIN);
	db_bind_int(st, 3, me->id);
	db_bind_int(st, 4, FLOODS_MIN);
	db_bind_int(st, 5, FLOODS_GROUPS);
	const char *keys[FLOODS_GROUPS];
	int n = 0, rc;
	while (n < FLOODS_GROUPS && (rc = db_step(st)) == DB_ROW) {
		const char *k = arena_strdup(req->arena,
		                             db_col_text_null(st, 0));
		const char *p = arena_printf(req->arena, "Floods.Groups.%d", n);
		view_setf(req, arena_printf(req->arena, "%s.Id", p), "%d", n);
		view_setf(req, arena_printf(req->arena, "%s.Label", p), "%d-%.8s",
		          n + 1, k);
		view_setf(req, arena_printf(req->arena, "%s.Count", p), "%lld",
		          (long long)db_col_int64(st, 1));
		keys[n++] = k;
	}
	db_reset(st);
	if (n < FLOODS_GROUPS && rc != DB_DONE)
		return -1;
	for (int i = 0; i < n; i++)
		if (cases_to_view(req, me, arena_printf(req->arena, "Floods.Groups.%d", i),
		                  keys[i], since) != 0)
			return -1;
	return 0;
}

int desk_page_floods(struct req *req)
{
	const struct desk_staff *me;
	DESK_REQUIRE(req, DESK_CLERK, &me);
	const char *done = req_param_raw(req, "done");
	if (done && strlen(done) <= 4 && strspn(done, "0123456789") == strlen(done))
		view_set(req, "Flash.Dismissed", done);
	if (groups_to_view(req, me) != 0)
		return 500;
	/* the requesters' names are personal data: audited like a case */
	staff_audit(req->app->db, me->id, "floods_viewed", "");
	return view_render(req, "desk-floods");
}

/* The ticked cases, each one the staff member may see: 0, or the status
 * (404 unknown, 403 another agency's, 422 none or too many). */
static int ticked(struct req *req, const struct desk_staff *me,
                  struct case_row *rows, size_t *n)
{
	const struct field_value *fv = &req->fields[F_CASE];
	if (fv->count == 0 || fv->count > FLOODS_BATCH ||
	    req_field_state(req, F_CASE) == FIELD_INVALID)
		return 422;
	*n = 0;
	for (size_t i = 0; i < fv->count; i++) {
		long long id = 0;
		const char *v = fv->all[i]->value;
		for (const char *c = v; *c && id < 1000000000000LL; c++)
			id = id * 10 + (*c - '0');
		for (size_t j = 0; j < *n; j++)
			if (rows[j].id == id)
				id = 0; /* the same case twice: once */
		if (id == 0)
			continue;
		int rc = case_load(req->app->db, req->arena, id, &rows[*n]);
		if (rc != 0)
			return rc > 0 ? 404 : 500;
		if (!staff_sees(me, rows[*n].agency_id)) {
			log_event(LOG_WARN, "desk: staff %lld refused request %s "
			          "(bulk dismissal)", me->id, rows[*n].ref);
			return 403;
		}
		(*n)++;
	}
	return *n ? 0 : 422;
}

static int dismiss_all(struct req *req, const struct desk_staff *me,
                       const struct case_row *rows, size_t n,
                       const char **failed)
{
	struct flow_ctx c = { req->app->db, &req->app->profile, req->arena,
	                      me->actor, cal_today() };
	const char *reason = req_field(req, F_REASON);
	for (size_t i = 0; i < n; i++) {
		int err = flow_dismiss(&c, rows[i].id, reason);
		if (err == FLOW_OK &&
		    staff_audit(req->app->db, me->id, "case.dismiss", rows[i].ref) != 0)
			err = FLOW_ERROR;
		if (err != FLOW_OK) {
			*failed = rows[i].ref;
			return err;
		}
	}
	return staff_audit(req->app->db, me->id, "floods.dismiss",
	                   arena_printf(req->arena, "%zu", n)) == 0 ? FLOW_OK
	                                                            : FLOW_ERROR;
}

static void rows_to_view(struct req *req, const struct case_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *p = arena_printf(req->arena, "Confirm.Cases.%zu", i);
		view_setf(req, arena_printf(req->arena, "%s.Id", p), "%lld", rows[i].id);
		view_set(req, arena_printf(req->arena, "%s.Ref", p), rows[i].ref);
		view_set(req, arena_printf(req->arena, "%s.Kind", p),
		         profile_kind_name(rows[i].kind));
		view_set(req, arena_printf(req->arena, "%s.Name", p),
		         rows[i].requester_name);
	}
	view_setf(req, "Confirm.Count", "%zu", n);
	if (req_field(req, F_REASON))
		view_set(req, "Confirm.Reason", req_field(req, F_REASON));
}

/* POST /desk/floods/dismiss: case (repeated), reason, hours; without
 * confirm=1 the confirmation page (each case checked, then rolled back). */
int desk_post_floods_dismiss(struct req *req)
{
	const struct desk_staff *me;
	DESK_REQUIRE(req, DESK_CLERK, &me);
	struct case_row *rows =
	    arena_calloc(req->arena, FLOODS_BATCH, sizeof *rows);
	size_t n = 0;
	int rc = ticked(req, me, rows, &n);
	const char *reason = req_field(req, F_REASON);
	if (rc == 0 && (reason == NULL || req_field_state(req, F_REASON) != FIELD_OK))
		rc = 422;
	if (rc == 500 || rc == 403 || rc == 404)
		return rc;
	long confirm = req_field(req, F_CONFIRM) ? req->fields[F_CONFIRM].num : 0;
	const char *failed = NULL;
	int err = FLOW_INVALID;
	if (rc == 0) {
		if (db_begin(req->app->db) != 0)
			return 500;
		err = dismiss_all(req, me, rows, n, &failed);
		if (err == FLOW_OK && confirm == 1) {
			if (db_commit(req->app->db) != 0) {
				db_rollback(req->app->db);
				return 500;
			}
			log_event(LOG_INFO, "desk: %zu requests dismissed at once", n);
			return resp_redirect(req, arena_printf(req->arena,
			        "/desk/floods?hours=%ld&done=%zu", window_hours(req), n));
		}
		db_rollback(req->app->db);
		if (err == FLOW_ERROR)
			return 500;
	}
	if (rc == 0 && err == FLOW_OK) { /* checked: ask first */
		rows_to_view(req, rows, n);
		view_setf(req, "Floods.Hours", "%ld", window_hours(req));
		return view_render(req, "desk-floods-confirm");
	}
	/* refused: the list again with why */
	req->status = err == FLOW_STATE || err == FLOW_NOT_FOUND ? 409 : 422;
	view_set(req, "Flash.Error", rc ? "invalid" : flow_err_name(err));
	if (failed)
		view_set(req, "Flash.Ref", failed);
	if (groups_to_view(req, me) != 0)
		return 500;
	return view_render(req, "desk-floods");
}

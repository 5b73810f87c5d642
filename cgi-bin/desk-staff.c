/* Staff accounts on the web (issue 19), for admins only: the list, a new
 * account, a password reset (each with a one-time password shown once),
 * disable and enable, the role and agencies, and the end of an account's
 * two-step sign-in (it enrols again with kaijictl staff totp enrol). Each
 * change is in the audit trail (staff_audit) with the login it touched;
 * kaijictl staff does the same from the shell. An admin may not disable
 * their own account or take away their own admin role (nobody would be
 * left to undo it). */
#include <stdlib.h>
#include <string.h>

#include "desk-pages.h"
#include "log.h"
#include "resp.h"
#include "totp.h"
#include "view.h"

static const char sql_staff[] =
    "SELECT s.id, s.login, s.name, s.role, s.disabled, "
    "COALESCE((SELECT group_concat(agency_id, ',') FROM "
    "(SELECT agency_id FROM staff_agency WHERE staff_id = s.id "
    "ORDER BY agency_id) AS a), ''), "
    "CAST(EXISTS (SELECT 1 FROM staff_totp t WHERE t.staff_id = s.id) AS INTEGER) "
    "FROM staff s ORDER BY s.login";

static void agencies_to_view(struct req *req, const char *pre, const char *csv)
{
	char *s = arena_strdup(req->arena, csv), *save = NULL;
	for (char *a = strtok_r(s, ",", &save); a; a = strtok_r(NULL, ",", &save))
		view_set(req, arena_printf(req->arena, "%s.Agencies.%s", pre, a), "1");
}

static int staff_to_view(struct req *req)
{
	struct db_stmt *st = db_stmt(req->app->db, sql_staff);
	if (st == NULL)
		return -1;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *pre = arena_printf(req->arena, "Staff.%s", db_col_text(st, 0));
		view_set(req, arena_printf(req->arena, "%s.Id", pre), db_col_text(st, 0));
		view_set(req, arena_printf(req->arena, "%s.Login", pre), db_col_text(st, 1));
		view_set(req, arena_printf(req->arena, "%s.Name", pre), db_col_text(st, 2));
		view_set(req, arena_printf(req->arena, "%s.Role", pre), db_col_text(st, 3));
		view_set_int(req, arena_printf(req->arena, "%s.Disabled", pre),
		             db_col_int(st, 4));
		agencies_to_view(req, pre, db_col_text(st, 5));
		view_set_int(req, arena_printf(req->arena, "%s.Totp", pre),
		             db_col_int(st, 6));
	}
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}

static int render_list(struct req *req, const struct desk_staff *me)
{
	view_setf(req, "Desk.MeId", "%lld", me->id);
	if (staff_to_view(req) != 0)
		return 500;
	return view_render(req, "desk-staff");
}

int desk_page_staff(struct req *req)
{
	const struct desk_staff *me;
	DESK_REQUIRE(req, DESK_ADMIN, &me);
	const char *done = req_param_raw(req, "done");
	if (done && strlen(done) <= 32 && strspn(done, "abcdefghijklmnopqrstuvwxyz_") == strlen(done))
		view_set(req, "Flash.Done", done);
	return render_list(req, me);
}

/* A refused change: the list again with the reason, the status given. */
static int refused(struct req *req, const struct desk_staff *me, int status,
                   const char *why)
{
	db_rollback(req->app->db);
	req->status = status;
	view_set(req, "Flash.Error", why);
	if (req_field(req, F_LOGIN))
		view_set(req, "Posted.Login", req_field(req, F_LOGIN));
	if (req_field(req, F_NAME))
		view_set(req, "Posted.Name", req_field(req, F_NAME));
	return render_list(req, me);
}

/* The role and agencies sent: agency repeated, each a known agency id. */
static int role_sent(struct req *req, enum desk_role *role, const char ***ags,
                     size_t *n)
{
	const char *r = req_field(req, F_ROLE);
	if (r == NULL || staff_role_parse(r, role) != 0)
		return -1;
	const struct field_value *fv = &req->fields[F_AGENCY];
	*n = 0;
	*ags = arena_calloc(req->arena, fv->count + 1, sizeof **ags);
	/* an admin sees every agency: none are kept for one */
	if (*role == DESK_ADMIN)
		return 0;
	for (size_t i = 0; i < fv->count; i++)
		(*ags)[(*n)++] = fv->all[i]->value;
	return 0;
}

/* The page that shows a new password once (no-store, never logged). */
static int show_password(struct req *req, const char *login, const char *pw,
                         const char *what)
{
	resp_header_replace(req, "Cache-Control", "no-store");
	view_set(req, "Shown.Login", login);
	view_set(req, "Shown.Password", pw);
	view_set(req, "Shown.What", what);
	return view_render(req, "desk-staff-password");
}

int desk_post_staff_add(struct req *req)
{
	const struct desk_staff *me;
	DESK_REQUIRE(req, DESK_ADMIN, &me);
	const char *login = req_field(req, F_LOGIN), *name = req_field(req, F_NAME);
	enum desk_role role;
	const char **ags;
	size_t n;
	if (db_begin(req->app->db) != 0)
		return 500;
	if (login == NULL || !staff_login_valid(login))
		return refused(req, me, 422, "login");
	if (name == NULL || *name == '\0')
		return refused(req, me, 422, "name");
	if (role_sent(req, &role, &ags, &n) != 0)
		return refused(req, me, 422, "role");
	const char *pw = staff_password_new(req->arena);
	long long id;
	int rc = staff_add(req->app->db, login, name, role, ags, n, pw, &id);
	if (rc == 1)
		return refused(req, me, 409, "exists");
	if (rc == 2)
		return refused(req, me, 422, "agency");
	if (rc != 0 || staff_audit(req->app->db, me->id, "staff_added", login) != 0 ||
	    db_commit(req->app->db) != 0) {
		db_rollback(req->app->db);
		return 500;
	}
	log_event(LOG_INFO, "desk: staff %lld added by %lld", id, me->id);
	/* Kaiji.Desk.TotpRoles: the account cannot sign in before it enrols */
	if (totp_required(req->app->cfg, role))
		view_set_int(req, "Shown.TotpNeeded", 1);
	return show_password(req, login, pw, "added");
}

/* The account named by route_arg[0] (its id): 0, or the status. */
static int target(struct req *req, struct desk_staff *out)
{
	char *end;
	const char *s = req->route_arg[0];
	if (s == NULL || *s < '1' || *s > '9' || strlen(s) > 12)
		return 404;
	long long id = strtoll(s, &end, 10);
	if (*end != '\0')
		return 404;
	int rc = staff_load(req->app->db, req->arena, id, out);
	return rc == 0 ? 0 : rc > 0 ? 404 : 500;
}

/* POST /desk/staff/ID/STEP: password, disable, enable, role, totp_reset. */
int desk_post_staff_change(struct req *req)
{
	const struct desk_staff *me;
	struct desk_staff who;
	DESK_REQUIRE(req, DESK_ADMIN, &me);
	int rc = target(req, &who);
	if (rc)
		return rc;
	const char *step = req->route_arg[1];
	const char *audit = NULL, *pw = NULL;
	bool self = who.id == me->id;
	if (db_begin(req->app->db) != 0)
		return 500;
	if (strcmp(step, "password") == 0) {
		pw = staff_password_new(req->arena);
		rc = staff_set_password(req->app->db, who.login, pw);
		audit = "staff_password_reset";
	} else if (strcmp(step, "disable") == 0 || strcmp(step, "enable") == 0) {
		bool off = step[0] == 'd';
		if (off && self)
			return refused(req, me, 409, "self");
		rc = staff_set_disabled(req->app->db, who.login, off);
		audit = off ? "staff_disabled" : "staff_enabled";
	} else if (strcmp(step, "role") == 0) {
		enum desk_role role;
		const char **ags;
		size_t n;
		if (role_sent(req, &role, &ags, &n) != 0)
			return refused(req, me, 422, "role");
		if (self && role != DESK_ADMIN)
			return refused(req, me, 409, "self");
		rc = staff_set_role(req->app->db, who.login, role, ags, n);
		if (rc == 2)
			return refused(req, me, 422, "agency");
		audit = "staff_role_set";
	} else if (strcmp(step, "totp_reset") == 0) {
		rc = totp_reset(req->app->db, who.login);
		if (rc == 1)
			return refused(req, me, 409, "not_enrolled");
		audit = "staff_totp_reset";
	} else {
		db_rollback(req->app->db);
		return 404;
	}
	if (rc != 0 || staff_audit(req->app->db, me->id, audit, who.login) != 0 ||
	    db_commit(req->app->db) != 0) {
		db_rollback(req->app->db);
		return rc == 1 ? 404 : 500;
	}
	log_event(LOG_INFO, "desk: %s of staff %lld by %lld", audit, who.id, me->id);
	if (pw)
		return show_password(req, who.login, pw, "reset");
	return resp_redirect(req, arena_printf(req->arena, "/desk/staff?done=%s#staff-%lld",
	                                       audit, who.id));
}

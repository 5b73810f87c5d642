#include "desk.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <utf8proc.h>

#include "config.h"
#include "log.h"
#include "resp.h"
#include "throttle.h"
#include "token.h"
#include "view.h"

static const char sql_session_new[] =
    "INSERT INTO session (id_hash, staff_id, created_at, seen_at) "
    "VALUES (?1, ?2, ?3, ?3)";
static const char sql_session_get[] =
    "SELECT s.staff_id, s.created_at, s.seen_at FROM session s "
    "JOIN staff t ON t.id = s.staff_id WHERE s.id_hash = ?1 AND t.disabled = 0";
static const char sql_session_seen[] =
    "UPDATE session SET seen_at = ?2 WHERE id_hash = ?1";
static const char sql_session_delete[] = "DELETE FROM session WHERE id_hash = ?1";
static const char sql_session_expire[] =
    "DELETE FROM session WHERE seen_at < ?1 OR created_at < ?2";

static long idle_seconds(struct req *req)
{
	long m = hdf_get_int_value(req->app->cfg, "Kaiji.Desk.IdleMinutes", 30);
	return (m < 1 ? 1 : m) * 60;
}

bool desk_trusts_remote_user(struct req *req)
{
	return hdf_get_int_value(req->app->cfg, "Kaiji.Desk.TrustRemoteUser", 0) == 1;
}

/* The staff login the web server vouches for: only the parameter the
 * config names (Kaiji.Desk.RemoteUserParam), which the shipped server
 * configs set from a checked sign-in and clear everywhere else. Never
 * REMOTE_USER: nginx fills it from any Authorization header a client
 * sends, checked or not (config_validate refuses it at start). */
static const char *remote_user(struct req *req)
{
	const char *param = hdf_get_value(req->app->cfg, "Kaiji.Desk.RemoteUserParam", NULL);
	if (param == NULL || !config_remote_user_param_ok(param))
		return NULL;
	const char *user = req_env(req, param);
	return user && *user ? user : NULL;
}

static const char *cookie_hash(struct req *req, const char *cookie)
{
	return token_hash(req->arena, TOKEN_SESSION, cookie, strlen(cookie));
}

static bool cookie_shape_ok(const char *c)
{
	return c != NULL && strlen(c) == 43 &&
	       strspn(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	                 "0123456789-_") == 43;
}

static void exec_hash(struct req *req, const char *sql, const char *hash)
{
	struct db_stmt *st = db_stmt(req->app->db, sql);
	if (st == NULL)
		return;
	db_bind_text(st, 1, hash);
	db_step(st);
	db_reset(st);
}

static void sessions_expire(struct req *req, long long now)
{
	struct db_stmt *st = db_stmt(req->app->db, sql_session_expire);
	if (st == NULL)
		return;
	db_bind_int(st, 1, now - idle_seconds(req));
	db_bind_int(st, 2, now - DESK_SESSION_MAX_HOURS * 3600LL);
	db_step(st);
	db_reset(st);
}

int desk_session_start(struct req *req, long long staff_id)
{
	const char *old = req_cookie(req, DESK_COOKIE);
	if (cookie_shape_ok(old))
		exec_hash(req, sql_session_delete, cookie_hash(req, old));
	long long now = (long long)time(NULL);
	sessions_expire(req, now);
	const char *cookie = token_random(req->arena, 32);
	struct db_stmt *st = db_stmt(req->app->db, sql_session_new);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, cookie_hash(req, cookie));
	db_bind_int(st, 2, staff_id);
	db_bind_int(st, 3, now);
	int rc = db_step_done(req->app->db, st, NULL);
	if (rc == 0)
		rc = resp_cookie_path(req, DESK_COOKIE, cookie, "/desk/", -1, true);
	return rc;
}

void desk_session_end(struct req *req)
{
	const char *c = req_cookie(req, DESK_COOKIE);
	if (cookie_shape_ok(c))
		exec_hash(req, sql_session_delete, cookie_hash(req, c));
	resp_cookie_path(req, DESK_COOKIE, "", "/desk/", 0, true);
}

/* The staff id of this browser's live session, or 0. */
static long long session_staff(struct req *req)
{
	const char *c = req_cookie(req, DESK_COOKIE);
	if (!cookie_shape_ok(c))
		return 0;
	const char *hash = cookie_hash(req, c);
	struct db_stmt *st = db_stmt(req->app->db, sql_session_get);
	if (st == NULL)
		return 0;
	db_bind_text(st, 1, hash);
	long long id = 0, created = 0, seen = 0;
	if (db_step(st) == DB_ROW) {
		id = db_col_int64(st, 0);
		created = db_col_int64(st, 1);
		seen = db_col_int64(st, 2);
	}
	db_reset(st);
	long long now = (long long)time(NULL);
	if (id != 0 && (now - seen > idle_seconds(req) ||
	                now - created > DESK_SESSION_MAX_HOURS * 3600LL)) {
		exec_hash(req, sql_session_delete, hash);
		return 0;
	}
	if (id != 0 && now != seen) {
		st = db_stmt(req->app->db, sql_session_seen);
		if (st != NULL) {
			db_bind_text(st, 1, hash);
			db_bind_int(st, 2, now);
			db_step(st);
			db_reset(st);
		}
	}
	return id;
}

static void me_to_view(struct req *req, const struct desk_staff *me)
{
	view_set(req, "Desk.Me.Login", me->login);
	view_set(req, "Desk.Me.Name", me->name);
	view_set(req, "Desk.Me.Role", staff_role_name(me->role));
	view_set_int(req, "Desk.Me.CanChange", me->role >= DESK_CLERK);
	view_set_int(req, "Desk.Me.Admin", me->role == DESK_ADMIN);
	view_set_int(req, "Desk.RemoteUser", desk_trusts_remote_user(req));
	view_set_int(req, "Page.NoFeedback", 1);
}

bool desk_return_ok(const char *path)
{
	size_t len = path ? strlen(path) : 0;
	if (len < 6 || len > 200 || strncmp(path, "/desk/", 6) != 0 ||
	    strstr(path, "//") != NULL || strstr(path, "..") != NULL ||
	    strspn(path, "abcdefghijklmnopqrstuvwxyz0123456789/_.-") != len)
		return false;
	return strcmp(path, "/desk/") != 0 && strcmp(path, "/desk/login") != 0 &&
	       strcmp(path, "/desk/logout") != 0;
}

/* Where signing in again leads: the page that was open. A step posted
 * after the session ended returns to its case (/desk/case/N), whose
 * form must be filled again; other posts to the inbox. */
static const char *return_path(struct req *req)
{
	const char *p = req->path;
	if (!desk_return_ok(p))
		return NULL;
	if (strcmp(req->method, "GET") == 0)
		return p;
	if (strncmp(p, "/desk/case/", 11) == 0) {
		size_t n = strspn(p + 11, "0123456789");
		if (n > 0)
			return arena_strndup(req->arena, p, 11 + n);
	}
	return NULL;
}

int desk_require(struct req *req, enum desk_role min_role,
                 const struct desk_staff **out)
{
	struct desk_staff *me = arena_alloc(req->arena, sizeof *me);
	int found;
	*out = NULL;
	if (desk_trusts_remote_user(req)) {
		const char *user = remote_user(req);
		found = user && staff_login_valid(user)
		            ? staff_load_login(req->app->db, req->arena, user, me)
		            : 1;
		if (found != 0 || me->disabled)
			return found < 0 ? 500 : 403;
	} else {
		long long id = session_staff(req);
		found = id ? staff_load(req->app->db, req->arena, id, me) : 1;
		if (found < 0)
			return 500;
		if (found != 0) {
			const char *back = return_path(req);
			resp_redirect(req, back ? arena_printf(req->arena,
			                                      "/desk/login?next=%s", back)
			                        : "/desk/login");
			return -1;
		}
	}
	me_to_view(req, me);
	if (me->role < min_role)
		return 403;
	*out = me;
	return 0;
}

/* The login throttle (issue 16 item 2): failures count per client and per
 * login from that client, never per login alone, so a stranger who knows
 * a login cannot lock its owner out: a right password from another client
 * always works. Each key gets DESK_FREE_FAILURES free failures, then
 * growing delays; a client gets DESK_FAILURES_PER_CLIENT in the window. */
static const char *login_key(struct req *req, const char *login)
{
	const char *v = arena_printf(req->arena, "%s\n%s", login ? login : "",
	                             req->client ? req->client : "");
	return throttle_key(req->arena, "desk_login", v);
}

static const char *client_key_of(struct req *req)
{
	return throttle_key(req->arena, "desk_client", req->client ? req->client : "");
}

long long desk_login_throttled(struct req *req, const char *login)
{
	struct db *db = req->app->db;
	long long now = throttle_now();
	const struct throttle_rule cap = { "desk_client", DESK_FAILURES_PER_CLIENT,
	                                   DESK_THROTTLE_SECONDS };
	long long until[3] = {
		throttle_blocked_until(db, &cap, client_key_of(req), now),
		throttle_backoff_until(db, "desk_client", client_key_of(req), now,
		                       DESK_THROTTLE_SECONDS, 2 * DESK_FREE_FAILURES,
		                       DESK_DELAY_CAP),
		throttle_backoff_until(db, "desk_login", login_key(req, login), now,
		                       DESK_THROTTLE_SECONDS, DESK_FREE_FAILURES,
		                       DESK_DELAY_CAP),
	};
	long long worst = 0;
	for (int i = 0; i < 3; i++) {
		if (until[i] < 0)
			return 0; /* the database answers the password check too */
		if (until[i] > worst)
			worst = until[i];
	}
	return worst ? worst - now : 0;
}

void desk_login_failed(struct req *req, const char *login)
{
	struct db *db = req->app->db;
	long long now = throttle_now();
	throttle_expire(db, "desk_login", now, DESK_THROTTLE_SECONDS);
	throttle_expire(db, "desk_client", now, DESK_THROTTLE_SECONDS);
	throttle_fail(db, "desk_login", login_key(req, login), now);
	throttle_fail(db, "desk_client", client_key_of(req), now);
}

/* Leading and trailing spaces are cut with one bound, so a query of
 * spaces only gives "" (counting down from both ends once overran). */
void desk_search_terms(struct arena *a, const char *q, const char **exact,
                       const char **like)
{
	*exact = "";
	*like = "";
	if (q == NULL)
		return;
	utf8proc_uint8_t *n = utf8proc_NFKC((const utf8proc_uint8_t *)q);
	if (n == NULL)
		return;
	struct buf b;
	buf_init(&b, a);
	for (const char *p = (const char *)n; *p; p++) {
		if (*p == ' ')
			continue;
		if (*p == '%' || *p == '_' || *p == '\\')
			buf_putc(&b, '\\');
		buf_putc(&b, *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p);
	}
	const char *t = (const char *)n;
	while (*t == ' ')
		t++;
	size_t len = strlen(t);
	while (len && t[len - 1] == ' ')
		len--;
	*exact = arena_strndup(a, t, len);
	*like = b.data;
	free(n);
}

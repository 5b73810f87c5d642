#include "desk.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <utf8proc.h>

#include "config.h"
#include "log.h"
#include "resp.h"
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
	sqlite3_stmt *st = db_stmt(req->app->db, sql);
	if (st == NULL)
		return;
	db_bind_text(st, 1, hash);
	sqlite3_step(st);
	sqlite3_reset(st);
}

static void sessions_expire(struct req *req, long long now)
{
	sqlite3_stmt *st = db_stmt(req->app->db, sql_session_expire);
	if (st == NULL)
		return;
	db_bind_int(st, 1, now - idle_seconds(req));
	db_bind_int(st, 2, now - DESK_SESSION_MAX_HOURS * 3600LL);
	sqlite3_step(st);
	sqlite3_reset(st);
}

int desk_session_start(struct req *req, long long staff_id)
{
	const char *old = req_cookie(req, DESK_COOKIE);
	if (cookie_shape_ok(old))
		exec_hash(req, sql_session_delete, cookie_hash(req, old));
	long long now = (long long)time(NULL);
	sessions_expire(req, now);
	const char *cookie = token_random(req->arena, 32);
	sqlite3_stmt *st = db_stmt(req->app->db, sql_session_new);
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
	sqlite3_stmt *st = db_stmt(req->app->db, sql_session_get);
	if (st == NULL)
		return 0;
	db_bind_text(st, 1, hash);
	long long id = 0, created = 0, seen = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		created = sqlite3_column_int64(st, 1);
		seen = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
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
			sqlite3_step(st);
			sqlite3_reset(st);
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
		const char *user = req_env(req, "REMOTE_USER");
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

static const char sql_throttle_count[] =
    "SELECT COUNT(*) FROM throttle WHERE bucket = ?1 AND key_hash = ?2 AND at > ?3";
static const char sql_throttle_add[] =
    "INSERT INTO throttle (bucket, key_hash, at) VALUES (?1, ?2, ?3)";
static const char sql_throttle_expire[] =
    "DELETE FROM throttle WHERE bucket IN ('desk_login', 'desk_client') AND at <= ?1";

static const char *key_of(struct req *req, const char *s)
{
	return token_hash(req->arena, TOKEN_CLIENT, s, strlen(s));
}

static long throttle_count(struct req *req, const char *bucket, const char *key)
{
	sqlite3_stmt *st = db_stmt(req->app->db, sql_throttle_count);
	if (st == NULL)
		return 0;
	db_bind_text(st, 1, bucket);
	db_bind_text(st, 2, key_of(req, key));
	db_bind_int(st, 3, (long long)time(NULL) - DESK_THROTTLE_SECONDS);
	long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	return n;
}

bool desk_login_throttled(struct req *req, const char *login)
{
	return throttle_count(req, "desk_login", login ? login : "") >=
	               DESK_FAILURES_PER_LOGIN ||
	       throttle_count(req, "desk_client", req->client ? req->client : "") >=
	               DESK_FAILURES_PER_CLIENT;
}

static void throttle_add(struct req *req, const char *bucket, const char *key,
                         long long now)
{
	sqlite3_stmt *st = db_stmt(req->app->db, sql_throttle_add);
	if (st == NULL)
		return;
	db_bind_text(st, 1, bucket);
	db_bind_text(st, 2, key_of(req, key));
	db_bind_int(st, 3, now);
	sqlite3_step(st);
	sqlite3_reset(st);
}

void desk_login_failed(struct req *req, const char *login)
{
	long long now = (long long)time(NULL);
	sqlite3_stmt *st = db_stmt(req->app->db, sql_throttle_expire);
	if (st != NULL) {
		db_bind_int(st, 1, now - DESK_THROTTLE_SECONDS);
		sqlite3_step(st);
		sqlite3_reset(st);
	}
	throttle_add(req, "desk_login", login ? login : "", now);
	throttle_add(req, "desk_client", req->client ? req->client : "", now);
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
		buf_putc(&b, *p);
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

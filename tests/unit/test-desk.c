/* The desk's sign-in checks (lib/desk.c) on a request built by hand:
 * sessions, the Secure flag over https, roles, and the mode in which the
 * web server signs staff in and KAIJI_REMOTE_USER (never REMOTE_USER)
 * names them. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "db-sqlite.h"
#include "app.h"
#include "desk.h"
#include "form.h"
#include "tap.h"
#include "token.h"

static struct app app;
static char dbpath[256];

static int setup(void)
{
	char path[256], err[1024];
	snprintf(path, sizeof path, "/tmp/kaiji-test-desk-%d.key", (int)getpid());
	unlink(path);
	if (token_init(path, true, err, sizeof err))
		return -1;
	unlink(path);
	snprintf(dbpath, sizeof dbpath, "/tmp/kaiji-test-desk-%d.db", (int)getpid());
	unlink(dbpath);
	if (db_open(dbpath, &app.db, err, sizeof err) || db_migrate(app.db, err, sizeof err))
		return -1;
	hdf_init(&app.cfg);
	hdf_set_value(app.cfg, "Kaiji.Desk.IdleMinutes", "30");
	app.base_path = "/kaiji";
	sqlite3_exec(db_handle(app.db), "INSERT INTO agency (id, name) VALUES ('mayor', '市長')", NULL, NULL, NULL);
	const char *ag[] = { "mayor" };
	long long id;
	db_begin(app.db);
	staff_add(app.db, "clerk", "係員", DESK_CLERK, ag, 1, "a long enough password", &id);
	staff_add(app.db, "viewer", "閲覧", DESK_VIEWER, ag, 1, "a long enough password", &id);
	staff_add(app.db, "gone", "退職", DESK_CLERK, ag, 1, "a long enough password", &id);
	staff_set_disabled(app.db, "gone", true);
	db_commit(app.db);
	return 0;
}

struct fake {
	struct req req;
	char *env[4];
	struct param cookie;
};

static void fake_init(struct fake *f, struct arena *a, const char *remote_user,
                      const char *cookie)
{
	memset(f, 0, sizeof *f);
	f->req.arena = a;
	f->req.app = &app;
	f->req.lang = "ja";
	buf_init(&f->req.headers, a);
	buf_init(&f->req.body, a);
	hdf_init(&f->req.hdf);
	if (remote_user)
		f->env[0] = arena_printf(a, "KAIJI_REMOTE_USER=%s", remote_user);
	f->req.envp = f->env;
	if (cookie) {
		f->cookie = (struct param){ DESK_COOKIE, cookie, strlen(cookie), NULL, NULL, NULL };
		f->req.cookies = &f->cookie;
	}
}

static void fake_done(struct fake *f)
{
	hdf_destroy(&f->req.hdf);
}

/* The cookie value a response set, or NULL. */
static const char *cookie_set(struct fake *f, struct arena *a)
{
	const char *h = strstr(f->req.headers.data, "Set-Cookie: " DESK_COOKIE "=");
	if (h == NULL)
		return NULL;
	h += strlen("Set-Cookie: " DESK_COOKIE "=");
	return arena_strndup(a, h, strcspn(h, ";"));
}

static void sessions(struct arena *a)
{
	struct fake f;
	const struct desk_staff *me;
	struct desk_staff clerk;
	staff_load_login(app.db, a, "clerk", &clerk);

	fake_init(&f, a, NULL, NULL);
	TAP_INTEQ(desk_require(&f.req, DESK_VIEWER, &me), -1, "no session: a redirect");
	TAP_OK(f.req.status == 303 && strstr(f.req.headers.data, "Location: /kaiji/desk/login"), "to the login page");
	fake_done(&f);

	fake_init(&f, a, NULL, NULL);
	f.req.https = true;
	TAP_INTEQ(desk_session_start(&f.req, clerk.id), 0, "a session starts");
	TAP_OK(strstr(f.req.headers.data, "; Path=/kaiji/desk/; SameSite=Strict; HttpOnly; Secure\r\n") != NULL,
	       "over https the cookie is Secure");
	const char *cookie = cookie_set(&f, a);
	fake_done(&f);

	/* Issue 16 item 6: Secure without the HTTPS parameter too (a load
	 * balancer ends TLS), unless the site opted out for development. */
	fake_init(&f, a, NULL, NULL);
	TAP_INTEQ(desk_session_start(&f.req, clerk.id), 0, "a session starts over plain http");
	TAP_OK(strstr(f.req.headers.data, "; HttpOnly; Secure\r\n") != NULL,
	       "-bad- the cookie is Secure by default, HTTPS or not");
	desk_session_end(&f.req);
	fake_done(&f);
	hdf_set_value(app.cfg, "Kaiji.InsecureCookies", "1");
	fake_init(&f, a, NULL, NULL);
	desk_session_start(&f.req, clerk.id);
	TAP_OK(strstr(f.req.headers.data, "; HttpOnly\r\n") != NULL,
	       "Kaiji.InsecureCookies = 1 (development): not Secure over plain http");
	desk_session_end(&f.req);
	fake_done(&f);
	fake_init(&f, a, NULL, NULL);
	f.req.https = true;
	desk_session_start(&f.req, clerk.id);
	TAP_OK(strstr(f.req.headers.data, "; HttpOnly; Secure\r\n") != NULL,
	       "and still Secure over https");
	desk_session_end(&f.req);
	fake_done(&f);
	hdf_set_value(app.cfg, "Kaiji.InsecureCookies", "0");

	fake_init(&f, a, "viewer", cookie);
	TAP_INTEQ(desk_require(&f.req, DESK_CLERK, &me), 0, "the session signs the clerk in");
	TAP_OK(me && strcmp(me->login, "clerk") == 0, "REMOTE_USER is ignored unless trusted");
	TAP_STREQ(hdf_get_value(f.req.hdf, "Desk.Me.Role", ""), "clerk", "the role for the templates");
	TAP_INTEQ(desk_require(&f.req, DESK_ADMIN, &me), 403, "-bad- a clerk is not an admin");
	desk_session_end(&f.req);
	fake_done(&f);

	fake_init(&f, a, NULL, cookie);
	TAP_INTEQ(desk_require(&f.req, DESK_VIEWER, &me), -1, "-bad- after logout the cookie is worthless");
	fake_done(&f);
}

static void remote_user(struct arena *a)
{
	struct fake f;
	const struct desk_staff *me;
	hdf_set_value(app.cfg, "Kaiji.Desk.TrustRemoteUser", "1");

	/* Without the parameter's name (config_validate refuses that at
	 * start) nobody is signed in, whatever the request carries. */
	fake_init(&f, a, "clerk", NULL);
	TAP_INTEQ(desk_require(&f.req, DESK_VIEWER, &me), 403, "-bad- no RemoteUserParam: nobody");
	fake_done(&f);
	hdf_set_value(app.cfg, "Kaiji.Desk.RemoteUserParam", "REMOTE_USER");
	fake_init(&f, a, NULL, NULL);
	f.env[0] = "REMOTE_USER=clerk";
	TAP_INTEQ(desk_require(&f.req, DESK_VIEWER, &me), 403,
	          "-bad- REMOTE_USER (nginx fills it from any Basic header) is never trusted");
	fake_done(&f);
	hdf_set_value(app.cfg, "Kaiji.Desk.RemoteUserParam", "KAIJI_REMOTE_USER");
	fake_init(&f, a, NULL, NULL);
	f.env[0] = "REMOTE_USER=clerk";
	TAP_INTEQ(desk_require(&f.req, DESK_VIEWER, &me), 403,
	          "-bad- a forged Basic header's REMOTE_USER does not sign in");
	fake_done(&f);

	fake_init(&f, a, "clerk", NULL);
	TAP_INTEQ(desk_require(&f.req, DESK_CLERK, &me), 0, "the web server's KAIJI_REMOTE_USER signs in");
	TAP_OK(me && strcmp(me->login, "clerk") == 0, "as that staff member");
	fake_done(&f);

	fake_init(&f, a, "viewer", NULL);
	TAP_INTEQ(desk_require(&f.req, DESK_CLERK, &me), 403, "-bad- a viewer cannot change");
	fake_done(&f);

	fake_init(&f, a, "stranger", NULL);
	TAP_INTEQ(desk_require(&f.req, DESK_VIEWER, &me), 403, "-bad- a user without an account");
	fake_done(&f);

	fake_init(&f, a, "gone", NULL);
	TAP_INTEQ(desk_require(&f.req, DESK_VIEWER, &me), 403, "-bad- a disabled account");
	fake_done(&f);

	fake_init(&f, a, "../etc", NULL);
	TAP_INTEQ(desk_require(&f.req, DESK_VIEWER, &me), 403, "-bad- not a login at all");
	fake_done(&f);

	fake_init(&f, a, NULL, NULL);
	TAP_INTEQ(desk_require(&f.req, DESK_VIEWER, &me), 403, "-bad- nobody signed in: no login page to go to");
	fake_done(&f);
	hdf_set_value(app.cfg, "Kaiji.Desk.TrustRemoteUser", "0");
}

static void throttle(struct arena *a)
{
	struct fake f;
	fake_init(&f, a, NULL, NULL);
	f.req.client = "v4:192.0.2.1";
	TAP_INTEQ(desk_login_throttled(&f.req, "clerk"), 0, "no failures yet");
	for (int i = 0; i < DESK_FREE_FAILURES; i++)
		desk_login_failed(&f.req, "clerk");
	TAP_OK(desk_login_throttled(&f.req, "clerk") > 0, "-bad- this login from this client waits");
	TAP_INTEQ(desk_login_throttled(&f.req, "viewer"), 0, "another login from the same place does not yet");
	f.req.client = "v4:198.51.100.1";
	TAP_INTEQ(desk_login_throttled(&f.req, "clerk"), 0,
	          "the same login from another client is not slowed: strangers cannot lock it");
	f.req.client = "v4:192.0.2.1";
	for (int i = DESK_FREE_FAILURES; i < DESK_FAILURES_PER_CLIENT; i++)
		desk_login_failed(&f.req, "someone");
	TAP_OK(desk_login_throttled(&f.req, "viewer") > 0, "-bad- too many failures from the address");
	fake_done(&f);
}

static void search_terms(struct arena *a)
{
	const char *exact, *like;
	desk_search_terms(a, NULL, &exact, &like);
	TAP_OK(exact[0] == '\0' && like[0] == '\0', "no query: both empty");
	desk_search_terms(a, "   ", &exact, &like);
	TAP_OK(exact[0] == '\0' && like[0] == '\0', "-bad- spaces only: both empty");
	desk_search_terms(a, "\xe3\x80\x80\xe5\xb1\xb1\xe7\x94\xb0 \xe5\xa4\xaa ", &exact, &like);
	TAP_STREQ(exact, "\xe5\xb1\xb1\xe7\x94\xb0 \xe5\xa4\xaa", "ends cut, 全角 space too");
	TAP_STREQ(like, "\xe5\xb1\xb1\xe7\x94\xb0\xe5\xa4\xaa", "no space for the name");
	desk_search_terms(a, "\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x96-1", &exact, &like);
	TAP_STREQ(exact, "2026-1", "全角 digits folded");
	desk_search_terms(a, "1%_\\", &exact, &like);
	TAP_STREQ(like, "1\\%\\_\\\\", "-bad- LIKE wildcards escaped");
	desk_search_terms(a, "Tanaka \xef\xbc\xa1\xc3\x89 ", &exact, &like);
	TAP_STREQ(exact, "Tanaka A\xc3\x89", "the reference as typed, 全角 A folded");
	TAP_STREQ(like, "tanakaa\xc3\x89", "the name's ASCII letters in lower case, others kept");
}

/* Kaiji.Desk.PasswordHashing: the level is written into each hash, and a
 * hash made at one level still verifies after the level changes. */
static void hashing_levels(struct arena *a)
{
	char hash[crypto_pwhash_STRBYTES];
	struct desk_staff s;
	TAP_OK(staff_hashing_valid("interactive") && staff_hashing_valid("minimum") &&
	       !staff_hashing_valid("fast") && !staff_hashing_valid(NULL),
	       "the four levels are known, others not");
	staff_hashing_set(NULL);
	TAP_INTEQ(staff_hash_password("a long enough password", hash), 0, "default level hashes");
	TAP_OK(strstr(hash, "$m=65536,t=2,") != NULL, "the default is libsodium's interactive (64 MiB, 2 passes)");
	TAP_INTEQ(staff_hash_password("too short", hash), -1, "-bad- a short password is refused");
	staff_hashing_set("minimum");
	TAP_INTEQ(staff_hash_password("a long enough password", hash), 0, "minimum hashes");
	TAP_OK(strstr(hash, "$m=8,t=1,") != NULL, "minimum is 8 KiB, 1 pass");
	db_begin(app.db);
	TAP_INTEQ(staff_set_password(app.db, "viewer", "another long password"), 0, "password set at minimum");
	db_commit(app.db);
	staff_hashing_set("interactive");
	TAP_INTEQ(staff_verify(app.db, a, "viewer", "another long password", &s), 0,
	          "and it verifies after the level is raised");
	TAP_INTEQ(staff_verify(app.db, a, "viewer", "a long enough password", &s), 1, "-bad- the old one does not");
	staff_hashing_set("nonsense");
	TAP_INTEQ(staff_hash_password("a long enough password", hash), 0, "-bad- an unknown level");
	TAP_OK(strstr(hash, "$m=65536,t=2,") != NULL, "falls back to interactive");
}

int main(void)
{
	if (setup() != 0)
		return 1;
	struct arena *a = arena_new();
	sessions(a);
	remote_user(a);
	throttle(a);
	search_terms(a);
	hashing_levels(a);
	arena_free(a);
	db_close(app.db);
	hdf_destroy(&app.cfg);
	unlink(dbpath);
	return TAP_DONE();
}

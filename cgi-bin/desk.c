/* /kaiji/desk/: the staff back office. Every page but the login needs a
 * session (lib/desk.h); every change is a POST with the CSRF token and
 * an audit row. */
#include <string.h>
#include <time.h>

#include "desk-pages.h"
#include "mail.h"
#include "desk-feedback.h"
#include "desk-register.h"
#include "fcgi.h"
#include "log.h"
#include "resp.h"
#include "totp.h"
#include "view.h"

static bool valid_date(const char *v, size_t len)
{
	cal_day d;
	return len == 10 && cal_parse(v, &d) == 0;
}

static bool valid_word(const char *v, size_t len)
{
	return len <= 32 && strspn(v, "abcdefghijklmnopqrstuvwxyz_") == len;
}

static bool valid_order(const char *v, size_t len)
{
	return len == 26 && strspn(v, "0123456789abcdef") == len;
}

static bool valid_next(const char *v, size_t len)
{
	(void)len;
	return desk_return_ok(v);
}

static bool valid_slot(const char *v, size_t len)
{
	return len == 16 && strspn(v, "0123456789-T:") == len;
}

#define TEXT(n, max) { n, FIELD_LINE, max, 0, 0, NULL }
#define DATE(n) { n, FIELD_LINE, 10, 0, 0, valid_date }
#define WORD(n) { n, FIELD_LINE, 32, 0, 0, valid_word }
#define INT(n, lo, hi) { n, FIELD_INT, 12, lo, hi, NULL }

static const struct field fields[F__MAX] = {
	[F_LOGIN] = TEXT("login", 64),
	[F_PASSWORD] = TEXT("password", STAFF_PASSWORD_MAX),
	[F_STATE] = WORD("state"),
	[F_KIND] = WORD("kind"),
	[F_AGENCY] = WORD("agency"),
	[F_Q] = TEXT("q", 100),
	[F_ALL] = INT("all", 0, 1),
	[F_WHAT] = { "what", FIELD_TEXT, 2000, 0, 0, NULL },
	[F_FROM_ON] = DATE("from_on"),
	[F_ANSWER_BY] = DATE("answer_by"),
	[F_ON] = DATE("on"),
	[F_NEW_DUE] = DATE("new_due"),
	[F_REASON] = { "reason", FIELD_TEXT, 2000, 0, 0, NULL },
	[F_REST_BY] = DATE("rest_by"),
	[F_NAME] = TEXT("name", 200),
	[F_SENT_ON] = DATE("sent_on"),
	[F_ANSWER_DUE_ON] = DATE("answer_due_on"),
	[F_TP] = INT("tp", 1, 2000000000),
	[F_OBJECTS] = INT("objects", 0, 1),
	[F_DECISION] = WORD("decision"),
	[F_DECIDED_ON] = DATE("decided_on"),
	[F_METHOD] = WORD("method"),
	[F_PLACE] = TEXT("place", 200),
	[F_PURPOSE] = { "purpose", FIELD_TEXT, 2000, 0, 0, NULL },
	[F_PART1] = TEXT("part1", 500), TEXT("part2", 500), TEXT("part3", 500),
	TEXT("part4", 500), TEXT("part5", 500),
	[F_GROUND1] = WORD("ground1"), WORD("ground2"), WORD("ground3"),
	WORD("ground4"), WORD("ground5"),
	[F_EXPL1] = { "explanation1", FIELD_TEXT, 2000, 0, 0, NULL },
	{ "explanation2", FIELD_TEXT, 2000, 0, 0, NULL },
	{ "explanation3", FIELD_TEXT, 2000, 0, 0, NULL },
	{ "explanation4", FIELD_TEXT, 2000, 0, 0, NULL },
	{ "explanation5", FIELD_TEXT, 2000, 0, 0, NULL },
	[F_SLOT1] = { "slot1", FIELD_LINE, 16, 0, 0, valid_slot },
	{ "slot2", FIELD_LINE, 16, 0, 0, valid_slot },
	{ "slot3", FIELD_LINE, 16, 0, 0, valid_slot },
	{ "slot4", FIELD_LINE, 16, 0, 0, valid_slot },
	[F_MONO] = INT("mono_pages", 0, 100000),
	[F_COLOUR] = INT("colour_pages", 0, 100000),
	[F_POSTAGE] = INT("postage_yen", 0, 100000),
	[F_MEDIA_ITEM1] = WORD("media_item1"), WORD("media_item2"),
	WORD("media_item3"),
	[F_MEDIA_UNITS1] = INT("media_units1", 1, 1000),
	INT("media_units2", 1, 1000), INT("media_units3", 1, 1000),
	[F_MEDIA_YEN1] = INT("media_yen1", 0, 10000000),
	INT("media_yen2", 0, 10000000), INT("media_yen3", 0, 10000000),
	[F_HOW] = WORD("how"),
	[F_SENT_AT] = DATE("sent_at"),
	[F_ARRIVED_ON] = DATE("arrived_on"),
	[F_SLOT_ID] = INT("slot_id", 0, 2000000000),
	[F_VIA] = WORD("via"),
	[F_AMOUNT] = INT("amount", 0, 100000000),
	[F_DELIVERY] = WORD("delivery"),
	[F_APPEAL] = INT("appeal", 1, 2000000000),
	[F_OUTCOME] = WORD("outcome"),
	[F_DOC] = INT("doc", 1, 2000000000),
	[F_NOTE] = TEXT("note", 500),
	[F_FY] = INT("fy", 2000, 2100),
	[F_TABLE] = WORD("table"),
	[F_ORDER] = { "order", FIELD_LINE, 64, 0, 0, valid_order },
	[F_NEXT] = { "next", FIELD_LINE, 200, 0, 0, valid_next },
	/* an irreversible step: 1 confirmed, 2 back to the form */
	[F_CONFIRM] = INT("confirm", 0, 2),
	[F_SORT] = WORD("sort"),
	[F_PAGE] = INT("page", 1, 10000),
	/* a TOTP code (6 digits) or a recovery code (xxxx-xxxx-xxxx) */
	[F_CODE] = TEXT("code", 32),
	/* the floods page: its window, and the cases ticked (repeated) */
	[F_HOURS] = INT("hours", 1, 24 * 31),
	[F_CASE] = INT("case", 1, 2000000000),
	/* the staff pages: viewer, clerk or admin */
	[F_ROLE] = WORD("role"),
	/* the requester's e-mail address (lib/mail.h checks it) */
	[F_EMAIL] = TEXT("email", MAIL_ADDR_MAX),
};

static int page_login(struct req *req)
{
	if (desk_trusts_remote_user(req))
		return resp_redirect(req, "/desk/");
	if (req_field(req, F_NEXT))
		view_set(req, "Desk.Next", req_field(req, F_NEXT));
	return view_render(req, "desk-login");
}

static int login_refused(struct req *req, int status, const char *why)
{
	req->status = status;
	view_set(req, "Desk.LoginError", why);
	view_set(req, "Desk.LoginName", req_field(req, F_LOGIN));
	if (req_field(req, F_NEXT))
		view_set(req, "Desk.Next", req_field(req, F_NEXT));
	return view_render(req, "desk-login");
}

/* After a right password: the TOTP or recovery code (lib/totp.h) when the
 * account is enrolled, and a refusal when its role must have one and it
 * is not (the admin enrols it with kaijictl staff totp enrol). A wrong or
 * replayed code counts as a failed login for the same throttles. True to
 * go on; false when *rc is the handler's return (the refusal rendered). */
static bool second_step(struct req *req, const struct desk_staff *me, int *rc)
{
	int enrolled = totp_enrolled(req->app->db, me->id);
	*rc = 500;
	if (enrolled < 0)
		return false;
	if (!enrolled) {
		if (!totp_required(req->app->cfg, me->role))
			return true;
		staff_audit(req->app->db, me->id, "login_totp_missing", "");
		*rc = login_refused(req, 403, "TotpNotEnrolled");
		return false;
	}
	const char *code = req_field(req, F_CODE);
	if (code == NULL || *code == '\0') {
		view_set_int(req, "Desk.NeedCode", 1);
		*rc = login_refused(req, 401, "CodeNeeded");
		return false;
	}
	const char *what;
	int v = totp_verify(req->app->db, req->arena, me->id, code,
	                    (long long)time(NULL), &what);
	if (v < 0)
		return false;
	if (v != 0) {
		desk_login_failed(req, req_field(req, F_LOGIN));
		staff_audit(req->app->db, me->id, "login_code_failed", what);
		view_set_int(req, "Desk.NeedCode", 1);
		*rc = login_refused(req, 401, "CodeFailed");
		return false;
	}
	if (strcmp(what, "recovery") == 0)
		staff_audit(req->app->db, me->id, "login_recovery_code", "");
	return true;
}

static int post_login(struct req *req)
{
	const char *login = req_field(req, F_LOGIN);
	const char *password = req_field(req, F_PASSWORD);
	struct desk_staff me;
	if (desk_trusts_remote_user(req))
		return resp_redirect(req, "/desk/");
	long long wait = desk_login_throttled(req, login);
	if (wait > 0) {
		log_event(LOG_WARN, "desk login throttled");
		resp_header(req, "Retry-After", arena_printf(req->arena, "%lld", wait));
		return login_refused(req, 429, "Throttled");
	}
	int rc = staff_verify(req->app->db, req->arena, login ? login : "",
	                      password, &me);
	if (rc < 0)
		return 500;
	if (rc != 0) {
		desk_login_failed(req, login);
		staff_audit(req->app->db, 0, "login_failed", "");
		return login_refused(req, 401, "Failed");
	}
	if (!second_step(req, &me, &rc))
		return rc;
	if (desk_session_start(req, me.id) != 0)
		return 500;
	staff_audit(req->app->db, me.id, "login", "");
	/* back to the page that was open when the session ended */
	const char *next = req_field(req, F_NEXT);
	return resp_redirect(req, next ? next : "/desk/");
}

static int post_logout(struct req *req)
{
	const struct desk_staff *me;
	DESK_REQUIRE(req, DESK_VIEWER, &me);
	desk_session_end(req);
	staff_audit(req->app->db, me->id, "logout", "");
	return resp_redirect(req, "/desk/login");
}

/* The questionnaire's results (cgi-bin/desk-feedback.c): every role. */
static int page_feedback(struct req *req)
{
	const struct desk_staff *me;
	DESK_REQUIRE(req, DESK_VIEWER, &me);
	return desk_feedback_results(req);
}

static int page_feedback_csv(struct req *req)
{
	const struct desk_staff *me;
	DESK_REQUIRE(req, DESK_VIEWER, &me);
	staff_audit(req->app->db, me->id, "feedback_export", "");
	return desk_feedback_csv(req);
}

/* The register's upkeep (cgi-bin/desk-register.c): admin only, and each
 * change audited with the entry's id. */
static int register_page(struct req *req, handler_fn handler, const char *audit)
{
	const struct desk_staff *me;
	DESK_REQUIRE(req, DESK_ADMIN, &me);
	if (audit != NULL)
		staff_audit(req->app->db, me->id, audit,
		            req->route_arg[0] ? req->route_arg[0] : "new");
	return handler(req);
}

static int page_register_list(struct req *req)
{
	return register_page(req, desk_register_list, NULL);
}

static int page_register_new(struct req *req)
{
	return register_page(req, desk_register_new, NULL);
}

static int post_register_create(struct req *req)
{
	return register_page(req, desk_register_create, "register_notified");
}

static int page_register_edit(struct req *req)
{
	return register_page(req, desk_register_edit, NULL);
}

static int post_register_update(struct req *req)
{
	return register_page(req, desk_register_update, "register_changed");
}

static int post_register_abolish(struct req *req)
{
	return register_page(req, desk_register_abolish, "register_abolished");
}

static const struct route routes[] = {
	{ "GET", "/desk/", desk_page_inbox, 0 },
	{ "GET", "/desk/inbox.csv", desk_page_inbox_csv, 0 },
	{ "GET", "/desk/feedback", page_feedback, 0 },
	{ "GET", "/desk/register", page_register_list, 0 },
	{ "GET", "/desk/register/new", page_register_new, 0 },
	{ "POST", "/desk/register/new", post_register_create, 0 },
	{ "GET", "/desk/register/{}", page_register_edit, 0 },
	{ "POST", "/desk/register/{}", post_register_update, 0 },
	{ "POST", "/desk/register/{}/abolish", post_register_abolish, 0 },
	{ "GET", "/desk/feedback.csv", page_feedback_csv, 0 },
	{ "GET", "/desk/login", page_login, 0 },
	{ "POST", "/desk/login", post_login, 0 },
	{ "POST", "/desk/logout", post_logout, 0 },
	{ "GET", "/desk/case/{}", desk_page_case, 0 },
	{ "GET", "/desk/case/{}/document/{}", desk_page_document, 0 },
	{ "GET", "/desk/case/{}/notice/{}", desk_page_notice, 0 },
	{ "POST", "/desk/case/{}/refund", desk_post_refund, 0 },
	{ "POST", "/desk/case/{}/{}", desk_post_action, 0 },
	{ "GET", "/desk/floods", desk_page_floods, 0 },
	{ "POST", "/desk/floods/dismiss", desk_post_floods_dismiss, 0 },
	{ "GET", "/desk/staff", desk_page_staff, 0 },
	{ "POST", "/desk/staff", desk_post_staff_add, 0 },
	{ "POST", "/desk/staff/{}/{}", desk_post_staff_change, 0 },
	{ "GET", "/desk/stats", desk_page_stats, 0 },
	{ "GET", "/desk/stats.csv", desk_page_stats_csv, 0 },
	{ NULL, NULL, NULL, 0 },
};

static const struct program program = { "desk", routes, fields, F__MAX, desk_pay_init, 0 };

int main(int argc, char **argv)
{
	return fcgi_main(argc, argv, &program);
}

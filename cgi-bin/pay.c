/* /kaiji/pay/: fee payment.
 *   GET  /pay/               how fees can be paid (and, after a status
 *                            lookup, the fee due and the online button)
 *   POST /pay/start          start or reuse the online payment, 303 to
 *                            the provider's page
 *   GET  /pay/return/NAME    the citizen comes back: look the payment up
 *                            server-to-server and show what it says
 *   POST /pay/notify/NAME    the provider's notification (lib/pay.h) */
#include <string.h>
#include <time.h>

#include "config.h"
#include "fcgi.h"
#include "log.h"
#include "lookup.h"
#include "pay.h"
#include "resp.h"
#include "view.h"

enum field_id { F_ORDER, F_CANCEL, F_RESULT, F_PART, F__MAX };

static bool order_valid(const char *v, size_t len)
{
	return len == 26 && strspn(v, "0123456789abcdef") == len;
}

/* GMO's result: base64url, '.', hex. */
static bool result_valid(const char *v, size_t len)
{
	return len > 0 && strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
	                            "qrstuvwxyz0123456789-_=.") == len;
}

/* 法84: which part's fee, "main" or the rest decided later ("rest"). */
static bool part_valid(const char *v, size_t len)
{
	return (len == 4 && memcmp(v, "main", 4) == 0) ||
	       (len == 4 && memcmp(v, "rest", 4) == 0);
}

static const struct field fields[F__MAX] = {
	[F_ORDER] = { "o", FIELD_LINE, 64, 0, 0, order_valid },
	[F_CANCEL] = { "cancel", FIELD_INT, 1, 0, 1, NULL },
	[F_RESULT] = { "result", FIELD_LINE, 16384, 0, 0, result_valid },
	[F_PART] = { "part", FIELD_LINE, 4, 0, 0, part_valid },
};

/* The providers, made before the accept loop (libcurl is loaded on the
 * first call out, lib/libcurl.h). */
static struct pay *pay_long_lived;

static int pay_init(struct app *app, char *err, size_t errlen)
{
	return pay_open(app->cfg, &pay_long_lived, err, errlen);
}

/* The fee to pay first: a due one (the main part before the rest, 法84). */
static const char sql_fee[] =
    "SELECT amount_yen, state, part FROM fee WHERE request_id = ?1 "
    "ORDER BY state <> 'due', part = 'rest' LIMIT 1";

static void set_common(struct req *req)
{
	view_set_int(req, "Pay.Sandbox", pay_sandbox(pay_long_lived));
	view_set_int(req, "Pay.MinYen", req->app->profile.payment.min_online_yen);
	pay_agent_to_view(req, &req->app->profile);
}

/* The fee of the request this browser looked up, for the page. */
static void set_fee(struct req *req, long long rid)
{
	struct db_stmt *st = db_stmt(req->app->db, sql_fee);
	if (st == NULL)
		return;
	db_bind_int(st, 1, rid);
	if (db_step(st) == DB_ROW) {
		long amount = (long)db_col_int64(st, 0);
		const char *state = db_col_text(st, 1);
		view_set_int(req, "Pay.Fee.Amount", amount);
		view_set(req, "Pay.Fee.State", state);
		view_set(req, "Pay.Fee.Part", db_col_text(st, 2));
		enum pay_offer o = pay_offer(pay_long_lived, &req->app->profile, amount);
		if (strcmp(state, "due") == 0)
			view_set(req, "Pay.Offer", pay_offer_name(o));
		const char *to = pay_form_sources(req->app->cfg, &req->app->profile,
		                                  req->arena);
		/* pay/start answers with a redirect to the provider's page. */
		if (strcmp(state, "due") == 0 && o == PAY_OFFER_OK && to)
			resp_csp_form_action(req, to);
	}
	db_reset(st);
}

static int page_methods(struct req *req)
{
	set_common(req);
	long long rid = lookup_request(req);
	if (rid > 0)
		set_fee(req, rid);
	return view_render(req, "pay-methods");
}

static int show_result(struct req *req, int status, const char *result)
{
	set_common(req);
	view_set(req, "Pay.Result", result);
	req->status = status;
	return view_render(req, "pay-result");
}

/* 303 to the provider's page: an absolute https URL that pay_start has
 * checked against the provider's PageHosts; the header writer refuses
 * CR and LF. */
static int redirect_out(struct req *req, const char *url)
{
	if (url == NULL || resp_header(req, "Location", url) != 0)
		return 500;
	req->status = 303;
	return 0;
}

static int page_start(struct req *req)
{
	long long rid = lookup_request(req);
	if (rid <= 0)
		return show_result(req, 403, "no_session");
	struct pay_start_out out;
	struct app *app = req->app;
	const char *base = config_str(app->cfg, "Kaiji.BaseUrl");
	const char *part = req_field(req, F_PART);
	if (req_field_state(req, F_PART) == FIELD_INVALID)
		return show_result(req, 400, "bad_part");
	if (pay_start(pay_long_lived, app->db, req->arena, &app->profile, rid,
	              part ? part : "main", base, app->base_path, req->lang, &out) != 0)
		return 500;
	switch (out.result) {
	case PAY_START_REDIRECT:
		return redirect_out(req, out.url);
	case PAY_START_NO_FEE:
		return show_result(req, 409, "no_fee");
	case PAY_START_ALREADY_PAID:
		return show_result(req, 409, "already_paid");
	case PAY_START_IN_PROGRESS:
		return show_result(req, 409, "in_progress");
	case PAY_START_NOT_OFFERED:
		return show_result(req, 409, pay_offer_name(out.offer));
	case PAY_START_PROVIDER_ERROR:
		return show_result(req, 502, "provider_error");
	case PAY_START_UNAVAILABLE:
		return show_result(req, 503, "unavailable");
	case PAY_START_ERROR:
		break;
	}
	return 500;
}

static int page_return(struct req *req)
{
	const char *name = req->route_arg[0];
	const char *oid = req_field(req, F_ORDER);
	struct pay_row r;
	enum pay_state s = PAY_NONE;
	char err[256];
	if (oid == NULL || pay_row_load(req->app->db, req->arena, oid, &r) != 0 ||
	    strcmp(r.provider, name) != 0)
		return 404;
	struct pay_account *p = pay_account_get(pay_long_lived, name);
	if (p && p->ad->check_return) {
		/* A provider that signs its return (GMO): a forged or unsigned
		 * one is refused before anything is asked or shown. */
		char named[72];
		if (p->ad->check_return(p, req->arena, req_field(req, F_RESULT),
		                        named, sizeof named, err, sizeof err) != 0 ||
		    strcmp(named, oid) != 0) {
			log_event(LOG_WARN, "payment %s: %s return refused", oid, name);
			return show_result(req, 400, "bad_return");
		}
	} else if (strcmp(req->method, "GET") != 0) {
		return 405;
	}
	/* Never the return itself: what the provider says when asked; and
	 * asked at most once per order every few seconds however often the
	 * URL is loaded (lib/pay.h), else the state as last recorded. */
	int gate = pay_state_open(r.state)
	                   ? pay_lookup_claim(req->app->db, req->arena, oid, "return")
	                   : 0;
	if (gate < 0)
		return 500;
	s = r.state;
	if (gate == 1) {
		int rc = pay_settle(pay_long_lived, req->app->db, req->arena, oid,
		                    "return", &s, err, sizeof err);
		pay_lookup_done(req->app->db, req->arena, oid, "return");
		if (rc != 0) {
			log_event(LOG_WARN, "payment %s: lookup on return failed: %s",
			          oid, err);
			view_set_int(req, "Pay.Unconfirmed", 1);
			s = r.state;
		}
	}
	set_common(req);
	view_set(req, "Pay.State", pay_state_name(s));
	view_set_int(req, "Pay.Amount", r.amount);
	if (req_field(req, F_CANCEL))
		view_set_int(req, "Pay.Cancelled", 1);
	return view_render(req, "pay-return");
}

static const char *notice_header(void *ctx, const char *name)
{
	struct req *req = ctx;
	char env[128] = "HTTP_";
	size_t n = 5;
	for (const char *p = name; *p && n < sizeof env - 1; p++, n++)
		env[n] = *p == '-' ? '_' : (*p >= 'a' && *p <= 'z') ? (char)(*p - 32) : *p;
	env[n] = '\0';
	return req_env(req, env);
}

static int page_notify(struct req *req)
{
	const char *name = req->route_arg[0];
	struct pay_account *p = pay_account_get(pay_long_lived, name);
	if (p == NULL)
		return 404;
	struct pay_notice n = {
		.body = req->raw_body,
		.len = req->raw_len,
		.content_type = req->content_type,
		.header = notice_header,
		.ctx = req,
		.now = time(NULL),
	};
	int status = pay_notify(pay_long_lived, req->app->db, req->arena, name, &n);
	if (status == 503)
		resp_header(req, "Retry-After", "5");
	if (status != 200)
		return status;
	resp_header_replace(req, "Content-Type", p->ad->ack_type);
	buf_puts(&req->body, p->ad->ack_body);
	return 0;
}

static const struct route routes[] = {
	{ "GET", "/pay/", page_methods, 0 },
	{ "POST", "/pay/start", page_start, 0 },
	{ "GET", "/pay/return/{}", page_return, 0 },
	/* GMO may come back by POST (its RetUrl method is to be confirmed):
	 * the signed result is the check, there is no session to forge. */
	{ "POST", "/pay/return/{}", page_return, ROUTE_NO_CSRF },
	{ "POST", "/pay/notify/{}", page_notify, ROUTE_NO_CSRF | ROUTE_RAW_BODY },
	{ NULL, NULL, NULL, 0 },
};

static const struct program program = { "pay", routes, fields, F__MAX, pay_init, 0 };

int main(int argc, char **argv)
{
	int rc = fcgi_main(argc, argv, &program);
	pay_close(pay_long_lived);
	return rc;
}

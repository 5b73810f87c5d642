/* /kaiji/feedback: the page questionnaire, posted from the foot of every
 * page, static ones included. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "feedback.h"
#include "fcgi.h"
#include "log.h"
#include "resp.h"
#include "view.h"

enum field_id {
	F_PAGE,
	F_LANG,
	F_UNDERSTANDABLE,
	F_FINDABLE,
	F_COMMENT,
	F_WEBSITE, /* the honeypot: hidden from people, filled by robots */
	F__MAX
};

static bool lang_valid(const char *s, size_t len)
{
	return len == 2 && (strcmp(s, "ja") == 0 || strcmp(s, "en") == 0);
}

static const struct field fields[F__MAX] = {
	[F_PAGE] = { "page", FIELD_LINE, FB_PAGE_MAX, 0, 0, NULL },
	[F_LANG] = { "lang", FIELD_LINE, 2, 0, 0, lang_valid },
	[F_UNDERSTANDABLE] = { "understandable", FIELD_LINE, 7, 0, 0,
	                       fb_answer_valid },
	[F_FINDABLE] = { "findable", FIELD_LINE, 7, 0, 0, fb_answer_valid },
	/* The hard cap; the 500 characters are counted by comment_too_long. */
	[F_COMMENT] = { "comment", FIELD_TEXT, FB_COMMENT_MAX * 2, 0, 0, NULL },
	[F_WEBSITE] = { "website", FIELD_LINE, 200, 0, 0, NULL },
};

/* Long-lived: the static pages under Kaiji.HtdocsDir, read at start. */
static struct fb_pages *site_pages;
static int posts_per_hour = FB_POSTS_PER_HOUR;

static int feedback_init(struct app *app, char *err, size_t errlen)
{
	const char *dir = hdf_get_value(app->cfg, "Kaiji.HtdocsDir", "");
	if (fb_pages_load(&site_pages, dir, app->base_path, err, errlen) != 0)
		return -1;
	posts_per_hour = hdf_get_int_value(app->cfg, "Kaiji.Feedback.PostsPerHour",
	                                   FB_POSTS_PER_HOUR);
	log_event(LOG_INFO, "%zu static pages may be rated",
	          fb_pages_count(site_pages));
	return 0;
}

static int page_about(struct req *req)
{
	return view_render(req, "feedback-about");
}

/* The answers' page speaks the language of the page they came from. */
static void use_lang(struct req *req)
{
	const char *lang = req_field(req, F_LANG);
	if (lang == NULL)
		return;
	req->lang = strcmp(lang, "en") == 0 ? "en" : "ja";
	view_set(req, "Req.Lang", req->lang);
	view_set(req, "Req.OtherLang", strcmp(req->lang, "en") == 0 ? "ja" : "en");
}

static int rejected(struct req *req, int status, const char *reason)
{
	req->status = status;
	view_set(req, "Feedback.Reason", reason);
	log_event(LOG_INFO, "feedback refused: %s", reason);
	return view_render(req, "feedback-rejected");
}

/* Browsers count a line break as one character for maxlength but send
 * CR LF: count it as one too. */
static bool comment_too_long(struct req *req)
{
	if (req_field_state(req, F_COMMENT) == FIELD_TOO_LONG)
		return true;
	const char *c = req_field(req, F_COMMENT);
	return c && fb_chars(c, strlen(c)) > FB_COMMENT_MAX;
}

static void keep_answer(struct req *req, size_t field, const char *name)
{
	const char *v = req_field(req, field);
	if (v)
		view_set(req, arena_printf(req->arena, "Feedback.%s", name), v);
	else
		view_set(req, arena_printf(req->arena, "Feedback.Error.%s", name),
		         "Missing");
}

/* 422 with the questionnaire again: the errors at the top and beside each
 * question, what was given kept. */
static int show_errors(struct req *req)
{
	req->status = 422;
	keep_answer(req, F_UNDERSTANDABLE, "Understandable");
	keep_answer(req, F_FINDABLE, "Findable");
	/* A comment over the limit is shown again as it was sent, so that
	 * it can be shortened; the loop has already checked it is text. */
	const char *comment = req_field(req, F_COMMENT);
	if (comment_too_long(req)) {
		comment = req_param_raw(req, "comment");
		view_set(req, "Feedback.Error.Comment", "TooLong");
	}
	view_set(req, "Feedback.Comment", comment);
	return view_render(req, "feedback-form");
}

static int store(struct req *req, const char *page)
{
	struct fb_post post = {
		.page = page,
		.lang = req->lang,
		.understandable = fb_answer_parse(req_field(req, F_UNDERSTANDABLE)),
		.findable = fb_answer_parse(req_field(req, F_FINDABLE)),
		.comment = req_field(req, F_COMMENT),
		.comment_len = req->fields[F_COMMENT].len,
	};
	if (fb_store(req->app->db, req->arena, &post, cal_now()) != 0)
		return 500;
	log_event(LOG_INFO, "feedback stored for %s", page);
	return view_render(req, "feedback-thanks");
}

/* No CSRF token (ROUTE_NO_CSRF): the form is on static pages, which cannot
 * carry one, and a forged post gains nothing. It is anonymous, acts with
 * no one's authority (no session or cookie is read), and changes nothing
 * but adds one answer, which anyone may add anyway. What a cross-site
 * forgery could do, inflate the counts, is what the checks below bound:
 * Sec-Fetch-Site refuses posts from other sites (Origin cannot serve: it
 * may be "null" under Referrer-Policy: no-referrer), the honeypot catches
 * form-filling robots, and the rate limit caps each client. */
static int post_answer(struct req *req)
{
	const char *site = req_env(req, "HTTP_SEC_FETCH_SITE");
	if (site && strcmp(site, "cross-site") == 0)
		return 403;
	use_lang(req);
	view_set(req, "Page.NoFeedback", "1");
	const char *page = req_field(req, F_PAGE);
	bool page_ok = fb_page_ok(site_pages, page);
	if (page_ok)
		view_set(req, "Feedback.Page", page);
	cal_day today = cal_today();
	switch (fb_rate_take(req->app->db, req->arena, req->client, today,
	                     (long long)time(NULL), posts_per_hour)) {
	case FB_RATE_ERROR:
		return 500;
	case FB_RATE_LIMITED:
		return rejected(req, 429, "Rate");
	case FB_RATE_OK:
		break;
	}
	if (req_field_state(req, F_WEBSITE) != FIELD_ABSENT)
		return rejected(req, 400, "Robot");
	if (!page_ok)
		return rejected(req, 400, "Page");
	if (req_field(req, F_UNDERSTANDABLE) == NULL ||
	    req_field(req, F_FINDABLE) == NULL ||
	    comment_too_long(req))
		return show_errors(req);
	return store(req, page);
}

static const struct route routes[] = {
	{ "GET", "/feedback", page_about, 0 },
	/* ROUTE_PUBLIC here only means: no cookie. The answer sets none. */
	{ "POST", "/feedback", post_answer, ROUTE_NO_CSRF | ROUTE_PUBLIC },
	{ NULL, NULL, NULL, 0 },
};

static const struct program program = { "feedback", routes, fields, F__MAX,
	                                    feedback_init, 0 };

int main(int argc, char **argv)
{
	int rc = fcgi_main(argc, argv, &program);
	fb_pages_free(site_pages);
	return rc;
}

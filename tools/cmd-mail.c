/* kaijictl mail: drain the outbox through the city's relay with libcurl's
 * SMTP, list it, retry a failed mail (lib/mail.h, issue 18).
 *
 * Settings (Kaiji.Mail in the site config):
 *   Url = smtp://relay.city.example.jp:587  (STARTTLS required) or
 *         smtps://relay.city.example.jp:465 (TLS from the start)
 *   From = kaiji-noreply@city.example.jp
 *   User, PasswordFile: AUTH (the file readable by the programs only)
 *   CaFile: the relay's CA when not the system's; TimeoutSeconds (20);
 *   Batch (50); MaxAttempts (20): a temporary failure after that many
 *   tries fails for good.
 *
 * `mail send` first queues the day's staff digests (lib/digest.h: once
 * per agency and day, from City.StaffDigest.At on open days).
 *
 * A mail is sent, then marked sent in its own transaction: a sender
 * killed between the two sends that one mail again, with the same
 * Message-ID, so a mailbox or the relay can tell. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "app.h"
#include "calendar.h"
#include "case.h"
#include "cmd-mail.h"
#include "config.h"
#include "datefmt.h"
#include "digest.h"
#include "libcurl.h"
#include "log.h"
#include "mail.h"
#include "req.h"
#include "view.h"

struct mail_conf {
	const char *url, *from, *user, *ca_file;
	char password[256];
	long timeout_s, batch, max_attempts;
};

static int mail_usage(const char *why)
{
	fprintf(stderr, "mail: %s\n"
	        "usage: kaijictl mail send      (the day's staff digests, then the outbox)\n"
	        "       kaijictl mail list [--state queued|sent|failed]\n"
	        "       kaijictl mail retry ID\n", why);
	return 2;
}


static long conf_long(HDF *cfg, const char *key, long def, long min, long max)
{
	long v = hdf_get_int_value(cfg, key, def);
	return v < min ? min : v > max ? max : v;
}

/* read_secret false: kaijictl check-config, the password file unread
 * (it may be made later, or readable by the programs only). */
static int conf_parse(HDF *cfg, struct mail_conf *c, bool read_secret, char *err,
                      size_t errlen)
{
	memset(c, 0, sizeof *c);
	c->url = hdf_get_value(cfg, "Kaiji.Mail.Url", "");
	c->from = hdf_get_value(cfg, "Kaiji.Mail.From", "");
	c->user = hdf_get_value(cfg, "Kaiji.Mail.User", "");
	c->ca_file = hdf_get_value(cfg, "Kaiji.Mail.CaFile", "");
	c->timeout_s = conf_long(cfg, "Kaiji.Mail.TimeoutSeconds", 20, 1, 300);
	c->batch = conf_long(cfg, "Kaiji.Mail.Batch", 50, 1, 10000);
	c->max_attempts = conf_long(cfg, "Kaiji.Mail.MaxAttempts", 20, 1, 1000);
	if (*c->url == '\0') {
		snprintf(err, errlen, "Kaiji.Mail.Url is not set: no mail is sent");
		return 1;
	}
	size_t scheme = strncmp(c->url, "smtp://", 7) == 0 ? 7 :
	                strncmp(c->url, "smtps://", 8) == 0 ? 8 : 0;
	if (scheme == 0 || strchr("/:", c->url[scheme]) != NULL ||
	    strpbrk(c->url, " \t\r\n") != NULL) {
		snprintf(err, errlen, "Kaiji.Mail.Url: smtp://HOST:587 (STARTTLS) or "
		         "smtps://HOST:465");
		return -1;
	}
	if (!mail_addr_ok(c->from)) {
		snprintf(err, errlen, "Kaiji.Mail.From: not an e-mail address");
		return -1;
	}
	const char *pw = hdf_get_value(cfg, "Kaiji.Mail.PasswordFile", "");
	if (*c->user && *pw == '\0') {
		snprintf(err, errlen, "Kaiji.Mail.User needs Kaiji.Mail.PasswordFile");
		return -1;
	}
	if (*pw && read_secret &&
	    config_read_secret(pw, c->password, sizeof c->password, err, errlen))
		return -1;
	return 0;
}

int mail_conf_load(HDF *cfg, struct mail_conf *c, char *err, size_t errlen)
{
	return conf_parse(cfg, c, true, err, errlen);
}

int mail_conf_check(HDF *cfg, char *err, size_t errlen)
{
	struct mail_conf c;
	int rc = conf_parse(cfg, &c, false, err, errlen);
	return rc < 0 ? -1 : 0;
}

/* ---- the message ---- */

struct mail_row {
	long long id, request_id; /* request_id 0: a digest */
	const char *recipient, *address, *lang, *tmpl, *params, *ref,
	    *agency_id, *created_at;
	const char *label; /* for the log: the ref, or "digest AGENCY DAY" */
	int attempts;
};

/* A request-like context so the date formats and strings of the pages
 * serve the mails too. */
static void fake_req(struct req *r, struct app *app, struct arena *a,
                     const char *lang, HDF *hdf)
{
	memset(r, 0, sizeof *r);
	r->arena = a;
	r->app = app;
	r->lang = strcmp(lang, "en") == 0 ? "en" : "ja";
	r->hdf = hdf;
}

static void set_day(struct req *r, const char *name, const char *iso)
{
	cal_day d;
	if (iso && cal_parse(iso, &d) == 0)
		view_set(r, name, datefmt_day(r, d));
}

/* The staff digest's list (lib/digest.h): per request its reference
 * number, kind, due date in 和暦 with the weekday, the open days left or
 * the days overdue, and the desk's case page. */
static void digest_to_view(struct req *r, const struct profile *p, json_t *params,
                           const char *base)
{
	bool en = strcmp(r->lang, "en") == 0;
	cal_day d;
	if (cal_parse(json_string_value(json_object_get(params, "day")), &d) == 0)
		view_set(r, "Mail.Day", datefmt_wareki(r, d));
	view_set_int(r, "Mail.OpenDays", p->digest.open_days);
	json_t *items = json_object_get(params, "items");
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it) {
		const char *pre = arena_printf(r->arena, "Mail.Items.%zu.", i);
		const char *kind = json_string_value(json_object_get(it, "kind"));
		enum req_kind k;
		long left = (long)json_integer_value(json_object_get(it, "left"));
		view_set(r, arena_printf(r->arena, "%sRef", pre),
		         json_string_value(json_object_get(it, "ref")));
		if (kind && profile_kind_parse(kind, &k) && p->kinds[k].name)
			view_set(r, arena_printf(r->arena, "%sKind", pre),
			         en && p->kinds[k].name_en ? p->kinds[k].name_en : p->kinds[k].name);
		if (cal_parse(json_string_value(json_object_get(it, "due_on")), &d) == 0)
			view_set(r, arena_printf(r->arena, "%sDueOn", pre), datefmt_wareki(r, d));
		view_set(r, arena_printf(r->arena, "%sState", pre),
		         left < 0 ? "overdue" : left == 0 ? "today" : "soon");
		view_set_int(r, arena_printf(r->arena, "%sDays", pre), left < 0 ? -left : left);
		view_set(r, arena_printf(r->arena, "%sRest", pre),
		         json_is_true(json_object_get(it, "rest")) ? "1" : "0");
		view_setf(r, arena_printf(r->arena, "%sUrl", pre), "%s/desk/case/%lld", base,
		          (long long)json_integer_value(json_object_get(it, "id")));
	}
	long more = (long)json_integer_value(json_object_get(params, "more"));
	view_set_int(r, "Mail.More", more);
	view_set_int(r, "Mail.Total", (long)json_array_size(items) + more);
	view_set(r, "Mail.Sp", en ? " " : "");
}

/* "Date: " in Japan time: +0900 all year. */
static const char *rfc5322_date(struct arena *a)
{
	static const char *const wd[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const mo[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t t = time(NULL) + 9 * 3600;
	struct tm tm;
	gmtime_r(&t, &tm);
	return arena_printf(a, "%s, %d %s %d %02d:%02d:%02d +0900", wd[tm.tm_wday],
	                    tm.tm_mday, mo[tm.tm_mon], tm.tm_year + 1900,
	                    tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static const char *domain_of(const char *addr)
{
	const char *at = strrchr(addr, '@');
	return at ? at + 1 : "localhost";
}

/* The stable Message-ID of a row: the same every time it is sent. */
const char *mail_message_id(struct arena *a, long long id, const char *created_at,
                            const char *from)
{
	char stamp[32];
	size_t n = 0;
	for (const char *p = created_at; *p && n < sizeof stamp - 1; p++)
		if (*p >= '0' && *p <= '9')
			stamp[n++] = *p;
	stamp[n] = '\0';
	return arena_printf(a, "<kaiji.%lld.%s@%s>", id, stamp, domain_of(from));
}

/* CRLF line ends for SMTP; libcurl dot-stuffs the body. */
static void put_crlf(struct buf *b, const char *text)
{
	for (const char *p = text; *p; p++) {
		if (*p == '\r')
			continue;
		if (*p == '\n')
			buf_putc(b, '\r');
		buf_putc(b, *p);
	}
}

static char *mail_oneline(struct arena *a, const char *s)
{
	struct buf b;
	buf_init(&b, a);
	bool space = false;
	for (const char *p = s; *p; p++) {
		if (*p == '\r' || *p == '\n' || *p == '\t' || *p == ' ') {
			space = b.len > 0;
			continue;
		}
		if (space)
			buf_putc(&b, ' ');
		space = false;
		buf_putc(&b, *p);
	}
	return b.data ? b.data : arena_strdup(a, "");
}

/* The whole message into out; 0 or -1. */
int mail_compose(struct app *app, struct arena *a, const struct mail_row *m,
                 const char *from, const char *to, struct buf *out)
{
	HDF *hdf = NULL;
	if (hdf_init(&hdf) != STATUS_OK)
		return -1;
	struct req r;
	fake_req(&r, app, a, m->lang, hdf);
	const struct profile *p = &app->profile;
	bool en = strcmp(r.lang, "en") == 0;
	view_set(&r, "Mail.Key", m->tmpl);
	view_set(&r, "Mail.Ref", m->ref);
	view_set(&r, "Mail.City", en && p->name_en ? p->name_en : p->name);
	view_setf(&r, "Mail.Url", "%s%s/status",
	          hdf_get_value(app->cfg, "Kaiji.BaseUrl", ""), app->base_path);
	view_setf(&r, "Mail.DeskUrl", "%s%s/desk/",
	          hdf_get_value(app->cfg, "Kaiji.BaseUrl", ""), app->base_path);
	json_t *params = json_loads(m->params, 0, NULL);
	set_day(&r, "Mail.DueOn", json_string_value(json_object_get(params, "due_on")));
	set_day(&r, "Mail.AnswerBy", json_string_value(json_object_get(params, "answer_by")));
	set_day(&r, "Mail.RestBy", json_string_value(json_object_get(params, "rest_by")));
	json_t *yen = json_object_get(params, "amount_yen");
	if (json_is_integer(yen))
		view_set_int(&r, "Mail.Amount", (long)json_integer_value(yen));
	if (strcmp(m->tmpl, "digest") == 0)
		digest_to_view(&r, p, params, arena_printf(a, "%s%s",
		               hdf_get_value(app->cfg, "Kaiji.BaseUrl", ""), app->base_path));
	json_decref(params);
	view_set(&r, "Mail.Staff", strcmp(m->recipient, "staff") == 0 ? "1" : "0");
	struct buf subject, body;
	buf_init(&subject, a);
	buf_init(&body, a);
	int rc = view_render_hdf(app->view, "mail/subject", r.lang, hdf, &subject) ||
	         view_render_hdf(app->view, "mail/body", r.lang, hdf, &body);
	hdf_destroy(&hdf);
	if (rc != 0)
		return -1;
	/* The subject template's line ends are layout, not text. */
	char *s = mail_oneline(a, subject.data);
	const char *city = en && p->name_en ? p->name_en : p->name;
	const char *subj = mail_header_text(a, s);
	const char *name = mail_header_text(a, city);
	if (subj == NULL || name == NULL || !mail_addr_ok(to) || !mail_addr_ok(from))
		return -1;
	buf_puts(out, arena_printf(a, "Date: %s\r\n", rfc5322_date(a)));
	buf_puts(out, arena_printf(a, "From: %s <%s>\r\n", name, from));
	buf_puts(out, arena_printf(a, "To: <%s>\r\n", to));
	buf_puts(out, arena_printf(a, "Subject: %s\r\n", subj));
	buf_puts(out, arena_printf(a, "Message-ID: %s\r\n",
	                           mail_message_id(a, m->id, m->created_at, from)));
	buf_puts(out, "MIME-Version: 1.0\r\n"
	              "Content-Type: text/plain; charset=UTF-8\r\n"
	              "Content-Transfer-Encoding: 8bit\r\n"
	              "Auto-Submitted: auto-generated\r\n");
	buf_puts(out, arena_printf(a, "Content-Language: %s\r\n\r\n", r.lang));
	put_crlf(out, body.data);
	return 0;
}

/* ---- SMTP ---- */

struct upload {
	const char *data;
	size_t len, off;
};

static size_t on_read(char *ptr, size_t size, size_t nmemb, void *ctx)
{
	struct upload *u = ctx;
	size_t room = size * nmemb, left = u->len - u->off;
	size_t n = left < room ? left : room;
	memcpy(ptr, u->data + u->off, n);
	u->off += n;
	return n;
}

enum send_result { SENT, TEMPORARY, PERMANENT };

/* err: the relay's reply code and curl's words, never the relay's text
 * (it may repeat the address). */
static enum send_result smtp_send(const struct mail_conf *c, const char *to,
                                  const struct buf *msg, char *err, size_t errlen)
{
	CURL *h = curl_easy_init();
	struct curl_slist *rcpt = NULL;
	struct upload u = { msg->data, msg->len, 0 };
	char rcpt_to[MAIL_ADDR_MAX + 3];
	snprintf(rcpt_to, sizeof rcpt_to, "<%s>", to);
	char from[MAIL_ADDR_MAX + 3];
	snprintf(from, sizeof from, "<%s>", c->from);
	if (h == NULL || (rcpt = curl_slist_append(NULL, rcpt_to)) == NULL) {
		snprintf(err, errlen, "out of memory");
		curl_easy_cleanup(h);
		return TEMPORARY;
	}
	CURLcode rc = CURLE_OK;
#define SET(opt, val) if (rc == CURLE_OK) rc = curl_easy_setopt(h, opt, val)
	SET(CURLOPT_URL, c->url);
	SET(CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	SET(CURLOPT_USE_SSL, (long)CURLUSESSL_ALL); /* STARTTLS or nothing */
	SET(CURLOPT_PROXY, "");
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_CONNECTTIMEOUT, c->timeout_s < 10 ? c->timeout_s : 10L);
	SET(CURLOPT_TIMEOUT, c->timeout_s);
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	SET(CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	if (*c->ca_file)
		SET(CURLOPT_CAINFO, c->ca_file);
	if (*c->user) {
		SET(CURLOPT_USERNAME, c->user);
		SET(CURLOPT_PASSWORD, c->password);
	}
	SET(CURLOPT_MAIL_FROM, from);
	SET(CURLOPT_MAIL_RCPT, rcpt);
	SET(CURLOPT_READFUNCTION, on_read);
	SET(CURLOPT_READDATA, &u);
	SET(CURLOPT_UPLOAD, 1L);
	SET(CURLOPT_INFILESIZE_LARGE, (curl_off_t)msg->len);
#undef SET
	if (rc == CURLE_OK)
		rc = curl_easy_perform(h);
	long code = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(h);
	if (rc == CURLE_OK)
		return SENT;
	snprintf(err, errlen, "SMTP %ld: %s", code, curl_easy_strerror(rc));
	/* 5xx: the relay refuses for good (RFC 5321 4.2.1); 4xx and a
	 * network or TLS fault: try again later. */
	if (rc == CURLE_LOGIN_DENIED)
		return TEMPORARY; /* our settings, not the mail: fixed, it goes */
	return code >= 500 && code < 600 ? PERMANENT : TEMPORARY;
}

/* ---- the outbox ---- */

/* A digest has no request: its agency and day are the row's. */
static const char sql_due[] =
    "SELECT m.id, COALESCE(m.request_id, 0), m.recipient, m.address, m.lang,"
    " m.template, m.params, COALESCE(r.ref, ''),"
    " COALESCE(r.agency_id, m.agency_id, ''), m.created_at, m.attempts,"
    " COALESCE(r.ref, 'digest ' || m.agency_id || ' ' || m.digest_day) "
    "FROM mail_outbox m LEFT JOIN request r ON r.id = m.request_id "
    "WHERE m.state = 'queued' AND m.next_try_at <= ?1 ORDER BY m.id LIMIT ?2";

static const char sql_sent[] =
    "UPDATE mail_outbox SET state = 'sent', attempts = attempts + 1,"
    " sent_at = ?2, address = ?3, message_id = ?4, last_error = '' "
    "WHERE id = ?1 AND state = 'queued'";

static const char sql_again[] =
    "UPDATE mail_outbox SET state = ?2, attempts = attempts + 1,"
    " next_try_at = ?3, last_error = ?4, address = ?5, message_id = ?6 "
    "WHERE id = ?1 AND state = 'queued'";

/* A sender takes a row before sending it, so that two senders at once
 * (the timer and a webmaster's run) never both send it; a sender killed
 * after this leaves the row to be taken again 10 minutes later. */
static const char sql_take[] =
    "UPDATE mail_outbox SET next_try_at = ?2 "
    "WHERE id = ?1 AND state = 'queued' AND next_try_at <= ?3";

static const char *stamp_after(struct arena *a, long seconds)
{
	time_t t = (time_t)cal_now() + seconds; /* the clock case_now reads */
	struct tm tm;
	gmtime_r(&t, &tm);
	return arena_printf(a, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
	                    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static bool take(struct app *app, struct arena *a, long long id)
{
	struct db_stmt *st = db_stmt(app->db, sql_take);
	if (st == NULL)
		return false;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, stamp_after(a, 600));
	db_bind_text(st, 3, case_now(a));
	return db_step_done(app->db, st, "mail take") == 0 &&
	       db_changes(app->db) == 1;
}

static const char *staff_address(const struct profile *p, const char *agency)
{
	const struct agency *ag = profile_agency(p, agency);
	return ag && ag->staff_mail ? ag->staff_mail : NULL;
}

static int record(struct app *app, const struct mail_row *m, enum send_result r,
                  const char *to, const char *msgid, const char *error,
                  struct arena *a)
{
	struct db_stmt *st;
	if (r == SENT) {
		st = db_stmt(app->db, sql_sent);
		if (st == NULL)
			return -1;
		db_bind_int(st, 1, m->id);
		db_bind_text(st, 2, case_now(a));
		db_bind_text(st, 3, to);
		db_bind_text(st, 4, msgid);
	} else {
		bool last = r == PERMANENT;
		st = db_stmt(app->db, sql_again);
		if (st == NULL)
			return -1;
		db_bind_int(st, 1, m->id);
		db_bind_text(st, 2, last ? "failed" : "queued");
		db_bind_text(st, 3, stamp_after(a, mail_backoff(m->attempts + 1)));
		db_bind_text(st, 4, error);
		db_bind_text(st, 5, to);
		db_bind_text(st, 6, msgid);
	}
	return db_step_done(app->db, st, "mail record");
}

static int mail_send(struct app *app)
{
	struct mail_conf c;
	char err[512];
	int crc = mail_conf_load(app->cfg, &c, err, sizeof err);
	/* Not configured: nothing to do, and nothing said (cron would mail
	 * it to root every minute); the mails wait in the outbox. */
	if (crc > 0)
		return 0;
	/* Without libcurl nothing is taken: the mails wait in the outbox. */
	if (crc < 0 || libcurl_load(err, sizeof err) != 0) {
		fprintf(stderr, "kaijictl mail send: %s\n", err);
		return 1;
	}
	/* The day's staff digests first, once per agency and day
	 * (lib/digest.h); only with a relay, or a backlog of stale lists
	 * would go out the day one is set. */
	int digests = digest_queue(app->db, &app->profile, cal_now());
	if (digests < 0)
		fprintf(stderr, "kaijictl mail send: the staff digests were not queued\n");
	else if (digests > 0)
		log_event(LOG_INFO, "mail: %d staff digest(s) queued", digests);
	struct arena *a = arena_new();
	int rc = digests < 0;
	struct db_stmt *st = db_stmt(app->db, sql_due);
	if (st == NULL) {
		arena_free(a);
		return 1;
	}
	db_bind_text(st, 1, case_now(a));
	db_bind_int(st, 2, c.batch);
	struct mail_row rows[512];
	size_t n = 0;
	while (n < sizeof rows / sizeof rows[0] && db_step(st) == DB_ROW) {
		struct mail_row *m = &rows[n++];
		m->id = db_col_int64(st, 0);
		m->request_id = db_col_int64(st, 1);
		m->recipient = arena_strdup(a, db_col_text(st, 2));
		m->address = arena_strdup(a, db_col_text(st, 3));
		m->lang = arena_strdup(a, db_col_text(st, 4));
		m->tmpl = arena_strdup(a, db_col_text(st, 5));
		m->params = arena_strdup(a, db_col_text(st, 6));
		m->ref = arena_strdup(a, db_col_text(st, 7));
		m->agency_id = arena_strdup(a, db_col_text(st, 8));
		m->created_at = arena_strdup(a, db_col_text(st, 9));
		m->attempts = db_col_int(st, 10);
		m->label = arena_strdup(a, db_col_text(st, 11));
	}
	db_reset(st);
	int sent = 0, failed = 0, later = 0;
	for (size_t i = 0; i < n; i++) {
		const struct mail_row *m = &rows[i];
		if (!take(app, a, m->id))
			continue; /* another sender has it */
		const char *to = strcmp(m->recipient, "staff") == 0
		                     ? staff_address(&app->profile, m->agency_id)
		                     : m->address;
		const char *msgid = mail_message_id(a, m->id, m->created_at, c.from);
		struct buf msg;
		buf_init(&msg, a);
		enum send_result r;
		char why[256] = "";
		if (to == NULL) {
			r = PERMANENT;
			snprintf(why, sizeof why, "no staff address for the agency in the profile");
			to = "";
		} else if (mail_compose(app, a, m, c.from, to, &msg) != 0) {
			r = PERMANENT;
			snprintf(why, sizeof why, "the mail could not be written");
		} else {
			r = smtp_send(&c, to, &msg, why, sizeof why);
		}
		if (r == PERMANENT || (r == TEMPORARY && m->attempts + 1 >= c.max_attempts))
			r = PERMANENT;
		if (record(app, m, r, to, msgid, why, a) != 0)
			rc = 1;
		/* The reference number and the outcome, never the address. */
		if (r == SENT) {
			sent++;
			log_event(LOG_INFO, "mail %lld (%s, %s) sent", m->id, m->label, m->tmpl);
		} else if (r == PERMANENT) {
			failed++;
			log_event(LOG_WARN, "mail %lld (%s, %s) failed: %s", m->id,
			          m->label, m->tmpl, why);
		} else {
			later++;
			log_event(LOG_INFO, "mail %lld (%s, %s) to try again: %s", m->id,
			          m->label, m->tmpl, why);
		}
	}
	printf("mail: %d sent, %d to try again, %d failed\n", sent, later, failed);
	arena_free(a);
	return rc;
}

/* ref: a digest's agency and day instead. */
static const char sql_list[] =
    "SELECT m.id, COALESCE(r.ref, m.agency_id || ' ' || m.digest_day),"
    " m.recipient, m.template, m.lang, m.state, m.attempts,"
    " m.next_try_at, m.last_error, m.message_id, m.created_at,"
    " COALESCE(m.sent_at, '') FROM mail_outbox m "
    "LEFT JOIN request r ON r.id = m.request_id "
    "WHERE ?1 = '' OR m.state = ?1 ORDER BY m.id";

static int mail_list(struct app *app, int argc, char **argv)
{
	const char *state = "";
	if (argc == 4 && strcmp(argv[2], "--state") == 0 &&
	    (strcmp(argv[3], "queued") == 0 || strcmp(argv[3], "sent") == 0 ||
	     strcmp(argv[3], "failed") == 0))
		state = argv[3];
	else if (argc != 2)
		return mail_usage("list takes --state queued|sent|failed at most");
	struct db_stmt *st = db_stmt(app->db, sql_list);
	if (st == NULL)
		return 1;
	db_bind_text(st, 1, state);
	/* No address: the list may be pasted into a ticket. */
	printf("id\tref\trecipient\ttemplate\tlang\tstate\tattempts\tnext_try_at\t"
	       "last_error\tmessage_id\tcreated_at\tsent_at\n");
	while (db_step(st) == DB_ROW) {
		for (int i = 0; i < 12; i++)
			printf("%s%s", i ? "\t" : "", db_col_text(st, i));
		putchar('\n');
	}
	db_reset(st);
	return 0;
}

static const char sql_retry[] =
    "UPDATE mail_outbox SET state = 'queued', attempts = 0, next_try_at = ?2,"
    " last_error = '' WHERE id = ?1 AND state = 'failed'";

static int mail_retry(struct app *app, int argc, char **argv)
{
	char *end;
	errno = 0;
	long long id = argc == 3 ? strtoll(argv[2], &end, 10) : 0;
	if (argc != 3 || errno || *end || id <= 0)
		return mail_usage("retry takes the id of a failed mail");
	struct arena *a = arena_new();
	struct db_stmt *st = db_stmt(app->db, sql_retry);
	int rc = 1;
	if (st != NULL) {
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, case_now(a));
		if (db_step_done(app->db, st, "mail retry") == 0) {
			if (db_changes(app->db) == 1) {
				printf("mail %lld queued again\n", id);
				rc = 0;
			} else {
				fprintf(stderr, "kaijictl mail retry: no failed mail %lld\n", id);
			}
		}
	}
	arena_free(a);
	return rc;
}

int cmd_mail(struct app *app, int argc, char **argv)
{
	if (argc < 2)
		return mail_usage("which subcommand?");
	if (strcmp(argv[1], "send") == 0 && argc == 2)
		return mail_send(app);
	if (strcmp(argv[1], "list") == 0)
		return mail_list(app, argc, argv);
	if (strcmp(argv[1], "retry") == 0)
		return mail_retry(app, argc, argv);
	return mail_usage("send, list or retry");
}

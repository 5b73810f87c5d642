/* E-mail notices: the address check, encoded-words and the outbox (see
 * mail.h). The sender is tools/cmd-mail.c. */
#include "mail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>
#include <utf8proc.h>

#include "case.h"
#include "log.h"
#include "profile.h"

/* ---- addresses ---- */

static bool atext(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

static bool ldh(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-';
}

static bool local_ok(const char *s, size_t n)
{
	if (n == 0 || n > 64 || s[0] == '.' || s[n - 1] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (s[i + 1] == '.')
				return false;
		} else if (!atext((unsigned char)s[i])) {
			return false;
		}
	}
	return true;
}

static bool domain_ok(const char *s, size_t n)
{
	size_t labels = 0, start = 0;
	if (n == 0 || n > 253)
		return false;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '.') {
			if (!ldh((unsigned char)s[i]))
				return false;
			continue;
		}
		size_t len = i - start;
		if (len == 0 || len > 63 || s[start] == '-' || s[i - 1] == '-')
			return false;
		labels++;
		if (i == n) { /* the top-level label: not all digits */
			bool digits = true;
			for (size_t k = start; k < i; k++)
				if (s[k] < '0' || s[k] > '9')
					digits = false;
			if (digits)
				return false;
		}
		start = i + 1;
	}
	return labels >= 2;
}

bool mail_addr_ok(const char *s)
{
	if (s == NULL)
		return false;
	size_t n = strnlen(s, MAIL_ADDR_MAX + 1);
	if (n > MAIL_ADDR_MAX)
		return false;
	const char *at = memchr(s, '@', n);
	if (at == NULL)
		return false;
	size_t ln = (size_t)(at - s);
	return local_ok(s, ln) && domain_ok(at + 1, n - ln - 1);
}

/* ---- header text (RFC 2047) ---- */

static bool plain_ascii(const char *s)
{
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
			return false;
	return strstr(s, "=?") == NULL && strlen(s) <= 900;
}

/* 75 - strlen("=?UTF-8?B??=") = 63 characters of base64: 15 groups,
 * 45 bytes of text per word. */
#define WORD_BYTES 45

char *mail_header_text(struct arena *a, const char *value)
{
	struct buf in, out;
	buf_init(&in, a);
	buf_init(&out, a);
	for (const char *p = value; *p; p++)
		if (*p != '\r' && *p != '\n')
			buf_putc(&in, *p);
	if (in.len == 0)
		return arena_strdup(a, "");
	if (plain_ascii(in.data))
		return in.data;
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)in.data;
	utf8proc_ssize_t left = (utf8proc_ssize_t)in.len;
	while (left > 0) {
		size_t take = 0;
		while ((utf8proc_ssize_t)take < left) {
			utf8proc_int32_t cp;
			utf8proc_ssize_t k = utf8proc_iterate(p + take, left - (utf8proc_ssize_t)take, &cp);
			if (k <= 0)
				return NULL;
			if (take + (size_t)k > WORD_BYTES)
				break;
			take += (size_t)k;
		}
		char b64[sodium_base64_ENCODED_LEN(WORD_BYTES, sodium_base64_VARIANT_ORIGINAL)];
		sodium_bin2base64(b64, sizeof b64, p, take, sodium_base64_VARIANT_ORIGINAL);
		if (out.len > 0)
			buf_puts(&out, "\r\n ");
		buf_puts(&out, "=?UTF-8?B?");
		buf_puts(&out, b64);
		buf_puts(&out, "?=");
		p += take;
		left -= (utf8proc_ssize_t)take;
	}
	return out.data;
}

/* ---- the outbox ---- */

static const char *const templates_citizen[] = {
	"receipt", "amend", "extended", "special", "decided", "fee_due", "paid",
	"paid_review", "ready", "sent", "withdrawn", "appeal", NULL
};
static const char *const templates_staff[] = {
	"new_request", "amended", "paid_review", NULL
};

static bool in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

bool mail_template_known(const char *key)
{
	return key && (in_list(templates_citizen, key) || in_list(templates_staff, key) ||
	               strcmp(key, "digest") == 0);
}

/* Long-lived, as the profile it points to (lib/app.c). */
static const struct profile *mail_profile;

void mail_profile_set(const struct profile *p)
{
	mail_profile = p;
}

long mail_backoff(int attempts)
{
	long s = 60;
	for (int i = 1; i < attempts && s < 6 * 3600; i++)
		s *= 2;
	return s < 6 * 3600 ? s : 6 * 3600;
}

/* The citizen's address: the agent's when an agent acts, else the
 * requester's (request.data, docs/data.md; the desk may correct it). */
static const char sql_queue_citizen[] =
    "INSERT INTO mail_outbox (request_id, event_id, recipient, address, lang,"
    " template, params, next_try_at, created_at) "
    "SELECT id, ?2, 'citizen', addr, lang, ?3, ?4, ?5, ?5 FROM ("
    " SELECT id, CASE WHEN json_extract(data, '$.lang') = 'en' THEN 'en'"
    "  ELSE 'ja' END AS lang,"
    "  COALESCE(NULLIF(json_extract(data, '$.agent.email'), ''),"
    "   json_extract(data, '$.requester.email'), '') AS addr"
    " FROM request WHERE id = ?1) AS q WHERE addr <> ''";

/* Staff mails are in the agency's StaffMailLang (Japanese by default);
 * the agency's address is the profile's when the mail is sent. */
static const char sql_queue_staff[] =
    "INSERT INTO mail_outbox (request_id, event_id, recipient, address, lang,"
    " template, params, next_try_at, created_at) "
    "VALUES (?1, ?2, 'staff', '', ?6, ?3, ?4, ?5, ?5)";

static const char sql_agency_of[] = "SELECT agency_id FROM request WHERE id = ?1";

/* The staff mail's language, or NULL when its agency has no address
 * (no row: the send could only fail, "no staff address"). */
static const char *staff_lang(struct db *db, long long request_id, int *err)
{
	if (mail_profile == NULL)
		return "ja";
	struct db_stmt *st = db_stmt(db, sql_agency_of);
	if (st == NULL) {
		*err = -1;
		return NULL;
	}
	db_bind_int(st, 1, request_id);
	const struct agency *ag = NULL;
	int rc = db_step(st);
	if (rc == DB_ROW)
		ag = profile_agency(mail_profile, db_col_text(st, 0));
	else if (rc != DB_DONE)
		*err = -1;
	db_reset(st);
	if (ag == NULL || ag->staff_mail == NULL)
		return NULL;
	return ag->staff_lang ? ag->staff_lang : "ja";
}

int mail_queue(struct db *db, long long request_id, long long event_id,
               const char *recipient, const char *tmpl, const char *params)
{
	bool staff = strcmp(recipient, "staff") == 0;
	if (!in_list(staff ? templates_staff : templates_citizen, tmpl))
		return -1;
	int err = 0;
	const char *lang = staff ? staff_lang(db, request_id, &err) : "ja";
	if (lang == NULL)
		return err;
	struct arena *a = arena_new();
	struct db_stmt *st = db_stmt(db, staff ? sql_queue_staff : sql_queue_citizen);
	int rc = -1;
	if (st != NULL) {
		db_bind_int(st, 1, request_id);
		if (event_id > 0)
			db_bind_int(st, 2, event_id);
		db_bind_text(st, 3, tmpl);
		db_bind_text(st, 4, params ? params : "{}");
		db_bind_text(st, 5, case_now(a));
		if (staff)
			db_bind_text(st, 6, lang);
		rc = db_step_done(db, st, "mail_queue");
	}
	arena_free(a);
	return rc;
}

/* Read and written back in the caller's transaction (the desk's action):
 * the JSON is changed here, not in SQL, as the engines' JSON functions
 * differ. */
static const char sql_data_of[] = "SELECT data FROM request WHERE id = ?1";
static const char sql_set_data[] =
    "UPDATE request SET data = ?2, updated_at = ?3 WHERE id = ?1";

/* data with addr as the address: the agent's when an agent acts (an
 * object "agent"), else the requester's, an object "requester" made when
 * there is none. malloc'd; NULL when data is not a JSON object. */
static char *data_with_address(const char *data, const char *addr)
{
	json_t *d = json_loads(data, 0, NULL);
	json_t *who = json_object_get(d, "agent");
	if (!json_is_object(who))
		who = json_object_get(d, "requester");
	if (json_is_object(d) && !json_is_object(who)) {
		who = json_object();
		json_object_set_new(d, "requester", who);
	}
	char *out = NULL;
	if (json_is_object(d) && json_object_set_new(who, "email", json_string(addr)) == 0)
		out = json_dumps(d, JSON_COMPACT);
	json_decref(d);
	return out;
}

static int address_store(struct db *db, struct arena *a, long long request_id,
                         const char *addr)
{
	struct db_stmt *st = db_stmt(db, sql_data_of);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, request_id);
	char *data = db_step(st) == DB_ROW ? data_with_address(db_col_text(st, 0), addr)
	                                   : NULL;
	db_reset(st);
	st = data ? db_stmt(db, sql_set_data) : NULL;
	int rc = -1;
	if (st != NULL) {
		db_bind_int(st, 1, request_id);
		db_bind_text(st, 2, data);
		db_bind_text(st, 3, case_now(a));
		rc = db_step_done(db, st, "mail_set_address");
		if (rc == 0 && db_changes(db) != 1)
			rc = -1;
	}
	free(data);
	return rc;
}

int mail_set_address(struct db *db, long long request_id, const char *actor,
                     const char *addr)
{
	if (*addr != '\0' && !mail_addr_ok(addr))
		return 1;
	struct arena *a = arena_new();
	int rc = address_store(db, a, request_id, addr);
	if (rc == 0)
		rc = case_event(db, request_id, actor, "email_changed", false,
		                *addr ? "{\"set\":true}" : "{\"set\":false}");
	arena_free(a);
	return rc;
}

static bool iso_day(const char *s)
{
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	return true;
}

/* Only what a mail may say: days, an amount, a delivery method. */
static char *params_of(const char *data)
{
	static const char *const days[] = { "due_on", "answer_by", "rest_by", NULL };
	json_t *in = data ? json_loads(data, 0, NULL) : NULL;
	json_t *out = json_object();
	for (const char *const *k = days; *k; k++) {
		const char *v = json_string_value(json_object_get(in, *k));
		if (iso_day(v))
			json_object_set_new(out, *k, json_string(v));
	}
	json_t *yen = json_object_get(in, "amount_yen");
	if (json_is_integer(yen) && json_integer_value(yen) >= 0)
		json_object_set_new(out, "amount_yen", json_integer(json_integer_value(yen)));
	json_decref(in);
	char *s = json_dumps(out, JSON_COMPACT);
	json_decref(out);
	return s;
}

static const char *data_str(const char *data, const char *key, char *buf, size_t n)
{
	json_t *j = data ? json_loads(data, 0, NULL) : NULL;
	const char *v = json_string_value(json_object_get(j, key));
	snprintf(buf, n, "%s", v ? v : "");
	json_decref(j);
	return buf;
}

/* The events of issue 18's list and their mails. */
static const struct {
	const char *event, *citizen, *staff;
} event_mails[] = {
	{ "received", "receipt", "new_request" },
	{ "amend_requested", "amend", NULL },     /* 補正 (法77③) */
	{ "amended", NULL, "amended" },
	{ "extended", "extended", NULL },         /* 延長 (法83②) */
	{ "special_case", "special", NULL },      /* 特例 (法84) */
	{ "decided", "decided", NULL },
	{ "rest_decided", "decided", NULL },
	{ "dismissed", "decided", NULL },         /* 却下 is a decision too */
	{ "fee_set", "fee_due", NULL },
	{ "fee_paid", "paid", NULL },
	{ "payment_review", "paid_review", "paid_review" },
	{ "offer_made", "ready", NULL },
	{ "delivered", "sent", NULL },
	{ "withdrawn", "withdrawn", NULL },
	{ "appeal_received", "appeal", NULL },
};

int mail_on_event(struct db *db, long long request_id, long long event_id,
                  const char *kind, const char *data)
{
	char buf[32];
	for (size_t i = 0; i < sizeof event_mails / sizeof event_mails[0]; i++) {
		if (strcmp(event_mails[i].event, kind) != 0)
			continue;
		/* A fee waived is not due; handed over at the counter, the
		 * requester was there. */
		if (strcmp(kind, "fee_set") == 0 &&
		    strcmp(data_str(data, "state", buf, sizeof buf), "due") != 0)
			return 0;
		if (strcmp(kind, "delivered") == 0 &&
		    strcmp(data_str(data, "method", buf, sizeof buf), "mail") != 0)
			return 0;
		char *params = params_of(data);
		int rc = params == NULL ? -1 : 0;
		if (rc == 0 && event_mails[i].citizen)
			rc = mail_queue(db, request_id, event_id, "citizen",
			                event_mails[i].citizen, params);
		if (rc == 0 && event_mails[i].staff)
			rc = mail_queue(db, request_id, event_id, "staff",
			                event_mails[i].staff, params);
		free(params);
		return rc;
	}
	return 0;
}

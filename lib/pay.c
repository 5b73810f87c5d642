#include "pay.h"
#include "mail.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "case.h"
#include "config.h"
#include "log.h"
#include "throttle.h"
#include "view.h"

/* The adapters. A new provider is one file and one line here. */
static const struct pay_adapter *const pay_adapters[] = {
	&pay_stripe_adapter,
	&pay_paypay_adapter,
	&pay_gmo_adapter,
};
#define PAY_NADAPTERS (sizeof pay_adapters / sizeof pay_adapters[0])

struct pay {
	struct fetch *fetch;
	bool sandbox;
	long expire_s;
	char base_url[512], base_path[128]; /* for reconcile's own asks */
	struct pay_account *prov[PAY_NADAPTERS];
};

/* ---- states ---- */

static const char *const pay_state_names[PAY_STATE__MAX] = {
	"created", "redirected", "pending", "failed", "cancelled", "expired",
	"paid", "review", "refunded",
};

/* failed, cancelled and expired share a rank: none replaces another. */
static const int pay_rank[PAY_STATE__MAX] = { 0, 1, 2, 3, 3, 3, 4, 4, 5 };

const char *pay_state_name(enum pay_state s)
{
	return s >= 0 && s < PAY_STATE__MAX ? pay_state_names[s] : "none";
}

int pay_state_parse(const char *s, enum pay_state *out)
{
	for (int i = 0; i < PAY_STATE__MAX; i++)
		if (strcmp(s, pay_state_names[i]) == 0) {
			*out = (enum pay_state)i;
			return 0;
		}
	return -1;
}

bool pay_transition_allowed(enum pay_state from, enum pay_state to)
{
	if (from < 0 || from >= PAY_STATE__MAX || to < 0 || to >= PAY_STATE__MAX)
		return false;
	/* Only a paid (or held) payment can be refunded. */
	if (to == PAY_REFUNDED)
		return from == PAY_PAID || from == PAY_REVIEW;
	return pay_rank[to] > pay_rank[from];
}

bool pay_state_open(enum pay_state s)
{
	return s == PAY_CREATED || s == PAY_REDIRECTED || s == PAY_PENDING;
}

/* ---- crypto and encoding helpers for the adapters ---- */

void pay_form_add(struct buf *b, const char *name, const char *value)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *parts[2] = { name, value };
	if (b->len > 0)
		buf_putc(b, '&');
	for (int i = 0; i < 2; i++) {
		if (i == 1)
			buf_putc(b, '=');
		for (const unsigned char *p = (const unsigned char *)parts[i]; *p; p++) {
			if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
			    (*p >= '0' && *p <= '9') || strchr("-._~", *p)) {
				buf_putc(b, (char)*p);
			} else {
				buf_putc(b, '%');
				buf_putc(b, hex[*p >> 4]);
				buf_putc(b, hex[*p & 15]);
			}
		}
	}
}

char *pay_hmac_sha256_hex(struct arena *a, const char *key, const void *msg,
                          size_t len)
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)key, strlen(key));
	crypto_auth_hmacsha256_update(&st, msg, len);
	crypto_auth_hmacsha256_final(&st, mac);
	char *hex = arena_alloc(a, sizeof mac * 2 + 1);
	sodium_bin2hex(hex, sizeof mac * 2 + 1, mac, sizeof mac);
	return hex;
}

char *pay_sha256_hex(struct arena *a, const void *msg, size_t len)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, msg, len);
	char *hex = arena_alloc(a, sizeof h * 2 + 1);
	sodium_bin2hex(hex, sizeof h * 2 + 1, h, sizeof h);
	return hex;
}

bool pay_ref_safe(const char *s)
{
	size_t n = strlen(s);
	return n > 0 && n < 128 &&
	       strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	                 "0123456789_-") == n;
}

bool pay_hex_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	return la == lb && la > 0 && sodium_memcmp(a, b, la) == 0;
}

void pay_json_str(json_t *obj, const char *key, char *out, size_t outlen)
{
	const char *v = json_string_value(json_object_get(obj, key));
	out[0] = '\0';
	if (v && strlen(v) < outlen)
		memcpy(out, v, strlen(v) + 1);
}

long pay_json_amount(json_t *v)
{
	if (json_is_integer(v)) {
		json_int_t n = json_integer_value(v);
		return n >= 0 && n <= 100000000 ? (long)n : -1;
	}
	const char *s = json_string_value(v);
	if (s == NULL || *s == '\0' || strlen(s) > 9 || strspn(s, "0123456789") != strlen(s))
		return -1;
	long n = 0;
	for (; *s; s++)
		n = n * 10 + (*s - '0');
	return n;
}

/* ---- configuration ---- */


/* kaijictl check-config: the blocks' shape only, no secret file read
 * (it may run where the files are not yet made, or not readable). */
static bool pay_check_only;

void pay_conf_check_only(bool on)
{
	pay_check_only = on;
}

int pay_conf_secret(HDF *node, const char *name, char *out, size_t outlen,
                    char *err, size_t errlen)
{
	char key[64];
	snprintf(key, sizeof key, "%sFile", name);
	const char *file = hdf_get_value(node, key, NULL);
	const char *inline_v = hdf_get_value(node, name, NULL);
	out[0] = '\0';
	if (file && *file && pay_check_only) {
		snprintf(out, outlen, "%s", "unread");
		return 0;
	}
	if (file && *file)
		return config_read_secret(file, out, outlen, err, errlen);
	if (inline_v == NULL || *inline_v == '\0')
		return 1;
	if (strlen(inline_v) >= outlen) {
		snprintf(err, errlen, "%s: too long", name);
		return -1;
	}
	memcpy(out, inline_v, strlen(inline_v) + 1);
	return 0;
}

int pay_conf_common(struct pay_account *p, HDF *node, char *err,
                    size_t errlen)
{
	const char *base = hdf_get_value(node, "ApiBase", "");
	char host[300];
	size_t blen = strlen(base);
	while (blen > 0 && base[blen - 1] == '/')
		blen--;
	if (blen == 0 || blen >= sizeof p->api_base ||
	    fetch_base_host(base, host, sizeof host) != 0) {
		snprintf(err, errlen, "Kaiji.Pay.%s.ApiBase: an https URL is needed",
		         p->ad->conf_name);
		return -1;
	}
	memcpy(p->api_base, base, blen);
	p->api_base[blen] = '\0';
	fetch_hosts_add(&p->api_hosts, host);
	const char *pages = hdf_get_value(node, "PageHosts", "");
	if (*pages == '\0' || fetch_hosts_add(&p->page_hosts, pages) != 0) {
		snprintf(err, errlen, "Kaiji.Pay.%s.PageHosts: the hosts of the "
		         "provider's payment pages are needed", p->ad->conf_name);
		return -1;
	}
	snprintf(p->ca_file, sizeof p->ca_file, "%s",
	         hdf_get_value(node, "CaFile", ""));
	p->tolerance_s = hdf_get_int_value(node, "ToleranceSeconds", 300);
	return 0;
}

int pay_open(HDF *cfg, struct pay **out, char *err, size_t errlen)
{
	struct pay *pay = calloc(1, sizeof *pay);
	*out = NULL;
	if (pay == NULL || fetch_open(&pay->fetch, err, errlen) != 0) {
		free(pay);
		return -1;
	}
	pay->sandbox = hdf_get_int_value(cfg, "Kaiji.Pay.Sandbox", 0) == 1;
	long minutes = hdf_get_int_value(cfg, "Kaiji.Pay.ExpireMinutes", 60);
	if (minutes < 30 || minutes > 1440) {
		/* Stripe's expires_at: 30 minutes to 24 hours. */
		snprintf(err, errlen, "Kaiji.Pay.ExpireMinutes: 30 to 1440");
		pay_close(pay);
		return -1;
	}
	pay->expire_s = 60L * minutes;
	snprintf(pay->base_url, sizeof pay->base_url, "%s",
	         hdf_get_value(cfg, "Kaiji.BaseUrl", ""));
	snprintf(pay->base_path, sizeof pay->base_path, "%s",
	         hdf_get_value(cfg, "Kaiji.BasePath", "/kaiji"));
	long timeout = hdf_get_int_value(cfg, "Kaiji.Pay.TimeoutSeconds", 10);
	long create_timeout = hdf_get_int_value(cfg, "Kaiji.Pay.CreateTimeoutSeconds", 30);
	/* Municipal networks send HTTPS out through a proxy. */
	const char *proxy = hdf_get_value(cfg, "Kaiji.Pay.Proxy", "");
	const char *proxy_ca = hdf_get_value(cfg, "Kaiji.Pay.ProxyCaFile", "");
	if ((*proxy && strncmp(proxy, "http://", 7) != 0 &&
	     strncmp(proxy, "https://", 8) != 0) || strlen(proxy) >= 512 ||
	    strlen(proxy_ca) >= 512 || (*proxy_ca && !*proxy)) {
		snprintf(err, errlen, "Kaiji.Pay.Proxy: an http:// or https:// URL "
		         "(and ProxyCaFile only with it)");
		pay_close(pay);
		return -1;
	}
	for (size_t i = 0; i < PAY_NADAPTERS; i++) {
		char path[128];
		snprintf(path, sizeof path, "Kaiji.Pay.%s", pay_adapters[i]->conf_name);
		HDF *node = hdf_get_obj(cfg, path);
		if (node == NULL)
			continue;
		struct pay_account *p = calloc(1, sizeof *p);
		if (p == NULL) {
			pay_close(pay);
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		pay->prov[i] = p;
		p->ad = pay_adapters[i];
		p->fetch = pay->fetch;
		p->timeout_s = timeout;
		p->create_timeout_s = create_timeout;
		snprintf(p->proxy, sizeof p->proxy, "%s", proxy);
		snprintf(p->proxy_ca, sizeof p->proxy_ca, "%s", proxy_ca);
		if (pay_conf_common(p, node, err, errlen) != 0 ||
		    p->ad->open(p, node, err, errlen) != 0) {
			pay_close(pay);
			return -1;
		}
		/* A CA of our own is for the emulator: a live provider is checked
		 * against the system's CAs, never against a file someone put here. */
		if (p->ca_file[0] && !pay->sandbox) {
			snprintf(err, errlen, "Kaiji.Pay.%s.CaFile: only with "
			         "Kaiji.Pay.Sandbox = 1", p->ad->conf_name);
			pay_close(pay);
			return -1;
		}
	}
	*out = pay;
	return 0;
}

void pay_close(struct pay *pay)
{
	if (pay == NULL)
		return;
	for (size_t i = 0; i < PAY_NADAPTERS; i++) {
		if (pay->prov[i])
			sodium_memzero(pay->prov[i], sizeof *pay->prov[i]);
		free(pay->prov[i]);
	}
	fetch_close(pay->fetch);
	free(pay);
}

struct pay_account *pay_account_get(struct pay *pay, const char *name)
{
	for (size_t i = 0; pay && name && i < PAY_NADAPTERS; i++)
		if (pay->prov[i] && strcmp(pay->prov[i]->ad->name, name) == 0)
			return pay->prov[i];
	return NULL;
}

bool pay_sandbox(const struct pay *pay)
{
	return pay && pay->sandbox;
}

/* ---- what is offered ---- */

enum pay_offer pay_offer(struct pay *pay, const struct profile *prof,
                         long amount_due)
{
	if (!profile_pay_accepts(prof, PAY_ONLINE) || pay_provider_name(prof) == NULL)
		return PAY_OFFER_NOT_ACCEPTED;
	if (pay_account_get(pay, pay_provider_name(prof)) == NULL)
		return PAY_OFFER_NOT_CONFIGURED;
	if (amount_due <= 0)
		return PAY_OFFER_NOTHING_DUE;
	if (amount_due < prof->payment.min_online_yen)
		return PAY_OFFER_BELOW_MINIMUM;
	return PAY_OFFER_OK;
}

const char *pay_offer_name(enum pay_offer o)
{
	static const char *const names[] = { "ok", "not_accepted",
		"not_configured", "below_minimum", "nothing_due" };
	return (unsigned)o < sizeof names / sizeof names[0] ? names[o] : "";
}

/* ---- rows ---- */

static const char sql_row[] =
    "SELECT p.id, p.fee_id, f.request_id, p.order_id, p.provider, "
    "p.provider_ref, p.redirect_url, p.currency, p.amount_yen, "
    "p.refunded_yen, p.state, p.expires_at, p.created_at, p.updated_at, f.part "
    "FROM payment p JOIN fee f ON f.id = p.fee_id WHERE p.order_id = ?1";

static void row_read(struct db_stmt *st, struct arena *a, struct pay_row *r)
{
	r->id = db_col_int64(st, 0);
	r->fee_id = db_col_int64(st, 1);
	r->request_id = db_col_int64(st, 2);
	r->order_id = arena_strdup(a, db_col_text(st, 3));
	r->provider = arena_strdup(a, db_col_text(st, 4));
	r->provider_ref = arena_strdup(a, db_col_text(st, 5));
	r->redirect_url = arena_strdup(a, db_col_text(st, 6));
	r->currency = arena_strdup(a, db_col_text(st, 7));
	r->amount = (long)db_col_int64(st, 8);
	r->refunded = (long)db_col_int64(st, 9);
	if (pay_state_parse(db_col_text(st, 10), &r->state) != 0)
		r->state = PAY_REVIEW;
	r->expires_at = db_col_int64(st, 11);
	r->created_at = arena_strdup(a, db_col_text(st, 12));
	r->updated_at = arena_strdup(a, db_col_text(st, 13));
	r->part = arena_strdup(a, db_col_text(st, 14));
}

int pay_row_load(struct db *db, struct arena *a, const char *order_id,
                 struct pay_row *out)
{
	struct db_stmt *st = db_stmt(db, sql_row);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, order_id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		row_read(st, a, out);
	db_reset(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

static int exec_bound(struct db *db, const char *sql, const char *s1,
                      const char *s2, long long i3)
{
	struct db_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return -1;
	if (s1)
		db_bind_text(st, 1, s1);
	if (s2)
		db_bind_text(st, 2, s2);
	db_bind_int(st, 3, i3);
	int rc = db_step(st);
	db_reset(st);
	return rc == DB_DONE ? 0 : rc;
}

/* ---- applying a report ---- */

static const char sql_set_state[] =
    "UPDATE payment SET state = ?1, updated_at = ?2 WHERE id = ?3";
/* The money must match the fee as it is now: a fee changed, waived or
 * paid at the counter after the payment started is not paid by it. */
static const char sql_fee_paid[] =
    "UPDATE fee SET state = 'paid', paid_via = 'online', paid_at = ?1 "
    "WHERE id = ?2 AND state = 'due' AND amount_yen = ?3";
static const char sql_event_insert[] =
    "INSERT INTO payment_event (payment_id, key, kind, at, data) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";

static bool report_matches(const struct pay_row *r, const struct pay_status *st)
{
	if (st->amount != r->amount)
		return false;
	if (st->currency[0] && strcasecmp(st->currency, r->currency) != 0)
		return false;
	if (st->order_id[0] && strcmp(st->order_id, r->order_id) != 0)
		return false;
	if (st->ref[0] && r->provider_ref[0] && strcmp(st->ref, r->provider_ref) != 0)
		return false;
	return true;
}

static char *event_json(struct arena *a, const char *source,
                        const struct pay_status *st, enum pay_state from,
                        enum pay_state to, const char *note)
{
	json_t *o = json_object();
	json_object_set_new(o, "source", json_string(source));
	json_object_set_new(o, "reported", json_string(pay_state_name(st->state)));
	if (st->amount >= 0)
		json_object_set_new(o, "amount", json_integer(st->amount));
	json_object_set_new(o, "from", json_string(pay_state_name(from)));
	json_object_set_new(o, "to", json_string(pay_state_name(to)));
	if (note)
		json_object_set_new(o, "note", json_string(note));
	if (st->slip_no[0])
		json_object_set_new(o, "slip", json_pack("{s:s, s:s, s:s, s:s, s:s}",
		                    "kind", st->slip_kind, "code", st->slip_code,
		                    "no", st->slip_no, "conf", st->slip_conf,
		                    "due", st->slip_due));
	char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	char *out = arena_strdup(a, s ? s : "{}");
	free(s);
	return out;
}

/* Mark the fee paid and write the request's event; 1 when the fee was not
 * due any more (paid at the counter, waived) or is now another amount:
 * the payment needs review. */
static int fee_mark_paid(struct db *db, struct arena *a, const struct pay_row *r)
{
	struct db_stmt *st = db_stmt(db, sql_fee_paid);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, case_now(a));
	db_bind_int(st, 2, r->fee_id);
	db_bind_int(st, 3, r->amount);
	int rc = db_step(st);
	db_reset(st);
	if (rc != DB_DONE)
		return -1;
	if (db_changes(db) == 0)
		return 1;
	/* 法84: the rest's fee says so in the request's event */
	bool rest = strcmp(r->part, "rest") == 0;
	char *data = arena_printf(a, "{\"via\":\"online\",\"amount_yen\":%ld%s}",
	                          r->amount, rest ? ",\"part\":\"rest\"" : "");
	char *actor = arena_printf(a, "provider:%s", r->provider);
	return case_event(db, r->request_id, actor, "fee_paid", true, data);
}

/* The state change inside the transaction. 0, or -1. */
static int apply_change(struct db *db, struct arena *a, const struct pay_row *r,
                        enum pay_state *to, const char **note)
{
	const char *now = case_now(a);
	if (*to == PAY_PAID) {
		int rc = exec_bound(db, sql_set_state, "paid", now, r->id);
		if (rc == DB_CONSTRAINT) {
			/* Another payment of this fee is already paid. */
			*to = PAY_REVIEW;
			*note = "fee already paid by another payment";
		} else if (rc != 0) {
			return -1;
		} else {
			int f = fee_mark_paid(db, a, r);
			if (f < 0)
				return -1;
			if (f == 1) {
				*to = PAY_REVIEW;
				*note = "fee no longer due at this amount";
			} else {
				return 0;
			}
		}
	}
	return exec_bound(db, sql_set_state, pay_state_name(*to), now, r->id) ? -1 : 0;
}

int pay_apply(struct db *db, struct arena *a, const char *order_id,
              const struct pay_status *st, const char *key, const char *kind,
              const char *source, bool *changed, bool *duplicate)
{
	struct pay_row r;
	*changed = *duplicate = false;
	if (db_begin(db) != 0)
		return -1;
	if (pay_row_load(db, a, order_id, &r) != 0)
		goto fail;
	enum pay_state to = st->state;
	const char *note = NULL;
	if ((to == PAY_PAID || to == PAY_PENDING) && !report_matches(&r, st)) {
		to = PAY_REVIEW;
		note = "amount, currency or order does not match";
		log_event(LOG_WARN, "payment %s held for review: the provider's "
		          "report does not match", r.order_id);
	}
	bool move = to != PAY_NONE && pay_transition_allowed(r.state, to);
	if (move && apply_change(db, a, &r, &to, &note) != 0)
		goto fail;
	/* 入金確認中: the citizen and the desk hear it (lib/mail.h). */
	if (move && to == PAY_REVIEW && r.state != PAY_REVIEW &&
	    mail_on_event(db, r.request_id, 0, "payment_review", NULL) != 0)
		goto fail;
	struct db_stmt *ev = db_stmt(db, sql_event_insert);
	if (ev == NULL)
		goto fail;
	db_bind_int(ev, 1, r.id);
	db_bind_text(ev, 2, key);
	db_bind_text(ev, 3, kind);
	db_bind_text(ev, 4, case_now(a));
	db_bind_text(ev, 5, event_json(a, source, st, r.state, move ? to : r.state, note));
	int rc = db_step(ev);
	db_reset(ev);
	if (rc == DB_CONSTRAINT) {
		/* Seen before: undo whatever this delivery did. */
		db_rollback(db);
		*duplicate = true;
		return 0;
	}
	if (rc != DB_DONE || db_commit(db) != 0)
		goto fail;
	*changed = move;
	if (move)
		log_event(LOG_INFO, "payment %s: %s -> %s (%s)", r.order_id,
		          pay_state_name(r.state), pay_state_name(to), source);
	return 0;
fail:
	db_rollback(db);
	return -1;
}

/* ---- the lookup gate (issue 16 item 10) ----
 * What a stranger can make us ask the provider: an unsigned notification
 * (PayPay's) and the return URL each start a lookup. Per order and per
 * door ("notify", "return") one lookup at a time and none within
 * PAY_LOOKUP_GAP seconds of the last one's end. The mark is a client_use
 * row under a keyed hash of the order id, dated PAY_LOOKUP_HOLD seconds
 * ahead while the lookup runs (so a lookup that dies holds the order no
 * longer than that) and moved to its end when it ends. */
#define PAY_LOOKUP_HOLD 60

static const char sql_gate_busy[] =
    "SELECT COUNT(*) FROM client_use WHERE bucket = ?1 AND key_hash = ?2 "
    "AND at > ?3";
static const char sql_gate_mark[] =
    "INSERT INTO client_use (bucket, key_hash, at, amount) VALUES (?1, ?2, ?3, 1)";
static const char sql_gate_done[] =
    "UPDATE client_use SET at = ?3 WHERE bucket = ?1 AND key_hash = ?2 AND at > ?3";
static const char sql_gate_expire[] =
    "DELETE FROM client_use WHERE bucket = ?1 AND at < ?2";

static const char *gate_bucket(const char *door)
{
	return strcmp(door, "return") == 0 ? "pay_return" : "pay_notify";
}

int pay_lookup_claim(struct db *db, struct arena *a, const char *order_id,
                     const char *door)
{
	const char *bucket = gate_bucket(door);
	const char *key = throttle_key(a, bucket, order_id);
	long long now = throttle_now();
	if (db_begin(db) != 0)
		return -1;
	struct db_stmt *st = db_stmt(db, sql_gate_expire);
	if (st == NULL)
		goto fail;
	db_bind_text(st, 1, bucket);
	db_bind_int(st, 2, now - PAY_LOOKUP_HOLD - PAY_LOOKUP_GAP);
	if (db_step_done(db, st, NULL) != 0 || (st = db_stmt(db, sql_gate_busy)) == NULL)
		goto fail;
	db_bind_text(st, 1, bucket);
	db_bind_text(st, 2, key);
	db_bind_int(st, 3, now - PAY_LOOKUP_GAP);
	long long busy = db_step(st) == DB_ROW ? db_col_int64(st, 0) : -1;
	db_reset(st);
	if (busy < 0)
		goto fail;
	if (busy > 0) {
		db_rollback(db);
		return 0;
	}
	if ((st = db_stmt(db, sql_gate_mark)) == NULL)
		goto fail;
	db_bind_text(st, 1, bucket);
	db_bind_text(st, 2, key);
	db_bind_int(st, 3, now + PAY_LOOKUP_HOLD);
	if (db_step_done(db, st, NULL) != 0 || db_commit(db) != 0)
		goto fail;
	return 1;
fail:
	db_rollback(db);
	return -1;
}

void pay_lookup_done(struct db *db, struct arena *a, const char *order_id,
                     const char *door)
{
	const char *bucket = gate_bucket(door);
	struct db_stmt *st = db_stmt(db, sql_gate_done);
	if (st == NULL)
		return;
	db_bind_text(st, 1, bucket);
	db_bind_text(st, 2, throttle_key(a, bucket, order_id));
	db_bind_int(st, 3, throttle_now());
	db_step_done(db, st, NULL);
}

/* ---- settling by lookup ---- */

static struct pay_account *provider_of(struct pay *pay, const struct pay_row *r)
{
	struct pay_account *p = pay_account_get(pay, r->provider);
	if (p == NULL)
		log_event(LOG_ERR, "payment %s: provider %s is not configured",
		          r->order_id, r->provider);
	return p;
}

/* A lookup that says the payment is still open changes nothing and is
 * not recorded; anything else is recorded once per state it reports. */
static int settle_row(struct pay *pay, struct db *db, struct arena *a,
                      const struct pay_row *r, const char *source,
                      char *err, size_t errlen)
{
	struct pay_account *p = provider_of(pay, r);
	struct pay_status st;
	bool changed, dup;
	if (p == NULL) {
		snprintf(err, errlen, "provider not configured");
		return -1;
	}
	if (r->provider_ref[0] == '\0')
		return 0;
	if (p->ad->lookup(p, a, r->provider_ref, r->order_id, &st, err, errlen) != 0)
		return -1;
	if (st.state == PAY_NONE || st.state == PAY_REDIRECTED ||
	    st.state == PAY_CREATED)
		return 0;
	char *key = arena_printf(a, "%s:lookup:%s:%s", r->provider, r->order_id,
	                         pay_state_name(st.state));
	return pay_apply(db, a, r->order_id, &st, key, "lookup", source, &changed,
	                 &dup);
}

int pay_settle(struct pay *pay, struct db *db, struct arena *a,
               const char *order_id, const char *source,
               enum pay_state *state, char *err, size_t errlen)
{
	struct pay_row r;
	if (pay_row_load(db, a, order_id, &r) != 0) {
		snprintf(err, errlen, "no such payment");
		return 1;
	}
	int rc = 0;
	if (pay_state_open(r.state))
		rc = settle_row(pay, db, a, &r, source, err, errlen);
	if (pay_row_load(db, a, order_id, &r) == 0)
		*state = r.state;
	return rc;
}

/* After a cancel the provider confirmed: a provider whose lookup cannot
 * tell an unused page from a closed one (cancel_final, GMO) has the
 * payment closed here, once the lookup found no trade under way. */
static int cancel_confirmed(struct pay *pay, struct db *db, struct arena *a,
                            const char *oid, const char *source,
                            enum pay_state *s)
{
	struct pay_row r;
	bool changed, dup;
	char err[256];
	if (pay_row_load(db, a, oid, &r) != 0)
		return -1;
	struct pay_account *p = pay_account_get(pay, r.provider);
	if (p == NULL || !p->ad->cancel_final || r.state != PAY_REDIRECTED)
		return 0;
	struct pay_status st;
	memset(&st, 0, sizeof st);
	st.state = PAY_CANCELLED;
	st.amount = -1;
	if (pay_apply(db, a, oid, &st, arena_printf(a, "%s:cancelled:%s",
	              r.provider, oid), "cancelled", source, &changed, &dup) != 0)
		return -1;
	return pay_settle(pay, db, a, oid, source, s, err, sizeof err) < 0 ? -1 : 0;
}

/* ---- payments the fee no longer matches ---- */

/* Open payments whose fee changed, was waived or paid another way since
 * they started (request 0: every request). */
static const char sql_superseded[] =
    "SELECT p.order_id, f.request_id FROM payment p JOIN fee f ON f.id = p.fee_id "
    "WHERE (CAST(?1 AS BIGINT) = 0 OR f.request_id = ?1) "
    "AND p.state IN ('redirected', 'pending') "
    "AND (f.state <> 'due' OR f.amount_yen <> p.amount_yen) ORDER BY p.id";

/* Close one at the provider (Stripe: expire the session; PayPay: delete
 * the code), then ask what it is now: closed, or paid in the meantime
 * (then pay_apply holds it for review, since it no longer matches).
 * 1 when it is no longer open, 0 when it still is (the provider could
 * not be reached: reconcile tries again), -1 on a database error. */
static int supersede_one(struct pay *pay, struct db *db, struct arena *a,
                         const char *oid, const char *source)
{
	struct pay_row r;
	struct pay_status none;
	enum pay_state s = PAY_NONE;
	char err[256] = "";
	bool changed, dup;
	if (pay_row_load(db, a, oid, &r) != 0)
		return -1;
	memset(&none, 0, sizeof none);
	none.state = PAY_NONE;
	none.amount = -1;
	if (pay_apply(db, a, oid, &none, arena_printf(a, "%s:superseded:%s",
	              r.provider, oid), "superseded", source, &changed, &dup) != 0)
		return -1;
	struct pay_account *p = provider_of(pay, &r);
	if (p == NULL)
		return 0;
	bool cancelled = false;
	if (r.state == PAY_REDIRECTED) {
		cancelled = p->ad->cancel(p, a, r.provider_ref, r.order_id, err,
		                          sizeof err) == 0;
		if (!cancelled)
			log_event(LOG_WARN, "payment %s: cancel at %s: %s", oid,
			          r.provider, err);
	}
	if (pay_settle(pay, db, a, oid, source, &s, err, sizeof err) != 0) {
		log_event(LOG_WARN, "payment %s: lookup after cancel: %s", oid, err);
		return 0;
	}
	if (cancelled && s == PAY_REDIRECTED &&
	    cancel_confirmed(pay, db, a, oid, source, &s) != 0)
		return -1;
	if (pay_state_open(s))
		return 0;
	log_event(LOG_INFO, "payment %s: closed, the fee changed (%s)", oid,
	          pay_state_name(s));
	return 1;
}

int pay_close_superseded(struct pay *pay, struct db *db, struct arena *a,
                         long long request_id, const char *source)
{
	struct db_stmt *st = db_stmt(db, sql_superseded);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, request_id);
	const char *ids[100];
	long long rids[100];
	size_t n = 0;
	int rc;
	while (n < 100 && (rc = db_step(st)) == DB_ROW) {
		ids[n] = arena_strdup(a, db_col_text(st, 0));
		rids[n++] = db_col_int64(st, 1);
	}
	db_reset(st);
	int closed = 0;
	for (size_t i = 0; i < n; i++) {
		int k = supersede_one(pay, db, a, ids[i], source);
		if (k < 0)
			return -1;
		closed += k;
		/* The status page says why the old payment page no longer works. */
		if (k == 1 && case_event(db, rids[i], "system", "payment_cancelled",
		                         true, "{\"reason\":\"fee_changed\"}") != 0)
			return -1;
	}
	return closed;
}

/* ---- starting ---- */

static const char sql_fee_of[] =
    "SELECT id, amount_yen, state FROM fee WHERE request_id = ?1 AND part = ?2";
static const char sql_fee_payments[] =
    "SELECT order_id FROM payment WHERE fee_id = ?1 AND state IN "
    "('created','redirected','pending','paid','review') ORDER BY id DESC";
static const char sql_pay_insert[] =
    "INSERT INTO payment (order_id, fee_id, provider, amount_yen, currency, "
    "state, expires_at, created_at, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, 'JPY', 'created', ?5, ?6, ?6)";
static const char sql_pay_redirected[] =
    "UPDATE payment SET state = 'redirected', provider_ref = ?1, "
    "redirect_url = ?2, updated_at = ?4 WHERE id = ?3 AND state = 'created'";

struct fee_due {
	long long id;
	long amount;
	bool due, paid;
};

static int fee_load(struct db *db, long long request_id, const char *part,
                    struct fee_due *f)
{
	struct db_stmt *st = db_stmt(db, sql_fee_of);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, request_id);
	db_bind_text(st, 2, part);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		f->id = db_col_int64(st, 0);
		f->amount = (long)db_col_int64(st, 1);
		f->due = strcmp(db_col_text(st, 2), "due") == 0;
		f->paid = strcmp(db_col_text(st, 2), "paid") == 0;
	}
	db_reset(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

/* The newest payment of the fee that is open, paid or held; NULL if none. */
static const char *fee_open_payment(struct db *db, struct arena *a,
                                    long long fee_id)
{
	struct db_stmt *st = db_stmt(db, sql_fee_payments);
	if (st == NULL)
		return NULL;
	db_bind_int(st, 1, fee_id);
	const char *id = db_step(st) == DB_ROW
	                     ? arena_strdup(a, db_col_text(st, 0)) : NULL;
	db_reset(st);
	return id;
}

/* An open payment found at start: reuse it, settle it, or refuse. 1 when
 * the caller may create a new one. */
static int start_existing(struct pay *pay, struct db *db, struct arena *a,
                          const char *order_id, struct pay_start_out *out)
{
	struct pay_row r;
	char err[256];
	enum pay_state s;
	if (pay_row_load(db, a, order_id, &r) != 0)
		return -1;
	if (r.state == PAY_REDIRECTED && (long long)time(NULL) + 120 > r.expires_at) {
		/* Its time is up here: ask the provider, close it if still open. */
		struct pay_account *p = provider_of(pay, &r);
		pay_settle(pay, db, a, order_id, "start", &s, err, sizeof err);
		if (p && s == PAY_REDIRECTED) {
			bool done = p->ad->cancel(p, a, r.provider_ref, r.order_id, err,
			                          sizeof err) == 0;
			pay_settle(pay, db, a, order_id, "start", &s, err, sizeof err);
			if (done && s == PAY_REDIRECTED &&
			    cancel_confirmed(pay, db, a, order_id, "start", &s) != 0)
				return -1;
		}
		if (pay_row_load(db, a, order_id, &r) != 0)
			return -1;
	}
	out->order_id = r.order_id;
	switch (r.state) {
	case PAY_REDIRECTED:
		out->result = PAY_START_REDIRECT;
		out->url = r.redirect_url;
		out->reused = true;
		return 0;
	case PAY_PAID:
		out->result = PAY_START_ALREADY_PAID;
		return 0;
	case PAY_CREATED:
	case PAY_PENDING:
	case PAY_REVIEW:
		out->result = PAY_START_IN_PROGRESS;
		return 0;
	default:
		return 1;
	}
}

static int start_insert(struct db *db, struct arena *a, const struct fee_due *f,
                        const char *provider, time_t expires,
                        const char **order_id)
{
	*order_id = NULL;
	/* 13 random bytes in hex: opaque, unguessable (104 bits), and within
	 * every provider's alphabet and length (GMO: 27 characters). */
	unsigned char raw[13];
	char *oid = arena_alloc(a, sizeof raw * 2 + 1);
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(oid, sizeof raw * 2 + 1, raw, sizeof raw);
	struct db_stmt *st = db_stmt(db, sql_pay_insert);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, oid);
	db_bind_int(st, 2, f->id);
	db_bind_text(st, 3, provider);
	db_bind_int(st, 4, f->amount);
	db_bind_int(st, 5, (long long)expires);
	db_bind_text(st, 6, case_now(a));
	int rc = db_step(st);
	db_reset(st);
	*order_id = oid;
	return rc == DB_DONE ? 0 : rc == DB_CONSTRAINT ? 1 : -1;
}

/* What we ask the provider for; the same again for the same payment, so a
 * create asked twice under its key is the same request. */
static void order_build(struct arena *a, struct pay_account *p, const char *oid,
                        long amount, const char *lang, time_t expires,
                        const char *base_url, const char *base_path,
                        struct pay_order *o)
{
	bool en = strcmp(lang, "en") == 0;
	*o = (struct pay_order){
		.order_id = oid,
		.amount = amount,
		/* What the money is: the cost of the copies (法89②: by the city's 条例), never a
		 * 手数料 where the city charges none (issue 23 item 13). */
		.description = en ? "Cost of issuing copies (personal information)"
		                  : "写しの交付に要する費用（個人情報の開示）",
		.return_url = arena_printf(a, "%s%s/pay/return/%s?o=%s", base_url,
		                           base_path, p->ad->name, oid),
		.cancel_url = arena_printf(a, "%s%s/pay/return/%s?o=%s&cancel=1",
		                           base_url, base_path, p->ad->name, oid),
		.notify_url = arena_printf(a, "%s%s/pay/notify/%s", base_url,
		                           base_path, p->ad->name),
		.lang = en ? "en" : "ja",
		.expires_at = expires,
	};
}

static int start_create(struct db *db, struct arena *a, struct pay_account *p, const char *oid,
                        const struct pay_order *o, struct pay_start_out *out)
{
	struct pay_created c;
	struct pay_row r;
	char err[256];
	memset(&c, 0, sizeof c);
	if (pay_row_load(db, a, oid, &r) != 0)
		return -1;
	int rc = p->ad->create(p, a, o, &c, err, sizeof err);
	bool unanswered = rc == 1;
	if (rc == 1) {
		/* No answer: once more under the same key (Stripe's
		 * Idempotency-Key, PayPay's merchantPaymentId), which cannot make
		 * a second payment. PayPay answers a repeat "duplicate": it made
		 * the first, whose page we never learnt. */
		log_event(LOG_WARN, "payment %s: create at %s: %s; asking again",
		          oid, p->ad->name, err);
		rc = p->ad->create(p, a, o, &c, err, sizeof err);
	}
	if (unanswered && rc != 0) {
		/* Still none: it may exist at the provider all the same.
		 * Reconcile asks for it again and closes it (a slow success). */
		bool changed, dup;
		struct pay_status none;
		memset(&none, 0, sizeof none);
		none.state = PAY_FAILED;
		none.amount = -1;
		if (pay_apply(db, a, oid, &none, arena_printf(a, "%s:create_timeout:%s",
		              p->ad->name, oid), arena_printf(a, "create_timeout:%s",
		              o->lang), "start", &changed, &dup) != 0)
			return -1;
		log_event(LOG_ERR, "payment %s: create at %s: no usable answer "
		          "twice", oid, p->ad->name);
		out->result = PAY_START_PROVIDER_ERROR;
		return 0;
	}
	if (rc == 0 && !fetch_url_allowed(c.url, &p->page_hosts)) {
		snprintf(err, sizeof err, "the provider's page is not on PageHosts");
		rc = -1;
	}
	const char *now = case_now(a);
	if (rc != 0) {
		log_event(LOG_ERR, "payment %s: create at %s failed: %s", oid,
		          p->ad->name, err);
		exec_bound(db, sql_set_state, "failed", now, r.id);
		out->result = PAY_START_PROVIDER_ERROR;
		return 0;
	}
	struct db_stmt *st = db_stmt(db, sql_pay_redirected);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, c.ref);
	db_bind_text(st, 2, c.url);
	db_bind_int(st, 3, r.id);
	db_bind_text(st, 4, now);
	rc = db_step(st);
	db_reset(st);
	if (rc != DB_DONE)
		return -1;
	out->result = PAY_START_REDIRECT;
	out->url = arena_strdup(a, c.url);
	log_event(LOG_INFO, "payment %s: started at %s", oid, p->ad->name);
	return 0;
}

int pay_start(struct pay *pay, struct db *db, struct arena *a,
              const struct profile *prof, long long request_id,
              const char *part, const char *base_url, const char *base_path,
              const char *lang, struct pay_start_out *out)
{
	struct fee_due f = { 0, 0, false, false };
	memset(out, 0, sizeof *out);
	out->result = PAY_START_ERROR;
	if (part == NULL || (strcmp(part, "main") != 0 && strcmp(part, "rest") != 0)) {
		out->result = PAY_START_NO_FEE;
		return 0;
	}
	int rc = fee_load(db, request_id, part, &f);
	if (rc != 0) {
		out->result = PAY_START_NO_FEE;
		return rc < 0 ? -1 : 0;
	}
	/* What follows may ask the provider: without libcurl (a package
	 * missing on the city's server, logged) nothing is started. */
	char why[256];
	if (fetch_ready(pay->fetch, why, sizeof why) != 0) {
		out->result = PAY_START_UNAVAILABLE;
		return 0;
	}
	/* An open payment started for another amount (or before a waiver or a
	 * counter payment) is never reused: close it first. */
	if (pay_close_superseded(pay, db, a, request_id, "start") < 0)
		return -1;
	const char *existing = fee_open_payment(db, a, f.id);
	if (existing) {
		rc = start_existing(pay, db, a, existing, out);
		if (rc <= 0)
			return rc;
	}
	if (!f.due) {
		out->result = f.paid ? PAY_START_ALREADY_PAID : PAY_START_NO_FEE;
		return 0;
	}
	out->offer = pay_offer(pay, prof, f.amount);
	if (out->offer != PAY_OFFER_OK) {
		out->result = PAY_START_NOT_OFFERED;
		return 0;
	}
	struct pay_account *p = pay_account_get(pay, pay_provider_name(prof));
	/* Stripe takes 30 minutes to 24 hours from when it reads the create:
	 * two minutes inside both ends for the trip and the clocks. */
	long span = pay->expire_s < 1800 + 120 ? 1800 + 120
	            : pay->expire_s > 86400 - 120 ? 86400 - 120 : pay->expire_s;
	time_t expires = time(NULL) + span;
	const char *oid = NULL;
	rc = start_insert(db, a, &f, p->ad->name, expires, &oid);
	if (rc != 0) {
		/* 1: another start for this fee won the race. */
		out->result = rc == 1 ? PAY_START_IN_PROGRESS : PAY_START_ERROR;
		return rc == 1 ? 0 : -1;
	}
	out->order_id = oid;
	struct pay_order o;
	order_build(a, p, oid, f.amount, lang, expires, base_url, base_path, &o);
	return start_create(db, a, p, oid, &o, out);
}

/* ---- notifications ---- */

static int notify_order(struct db *db, struct arena *a,
                        const struct pay_verified *v, struct pay_row *r)
{
	if (v->status.order_id[0] == '\0')
		return 1;
	return pay_row_load(db, a, v->status.order_id, r);
}

int pay_notify(struct pay *pay, struct db *db, struct arena *a,
               const char *provider, const struct pay_notice *n)
{
	struct pay_account *p = pay_account_get(pay, provider);
	struct pay_verified v;
	struct pay_row r;
	char err[256];
	bool changed, dup;
	if (p == NULL)
		return 404;
	memset(&v, 0, sizeof v);
	if (p->ad->verify(p, a, n, &v, err, sizeof err) != 0) {
		log_event(LOG_WARN, "%s notification rejected: %s", provider, err);
		return 400;
	}
	if (v.ignore)
		return 200;
	int rc = notify_order(db, a, &v, &r);
	if (rc < 0)
		return 500;
	if (rc == 1 || strcmp(r.provider, provider) != 0) {
		/* Not one of ours: acknowledge, or the provider retries for days. */
		log_event(LOG_WARN, "%s notification for an unknown order", provider);
		return 200;
	}
	struct pay_status st = v.status;
	if (v.needs_lookup) {
		if (st.merchant[0] && strcmp(st.merchant, p->merchant) != 0) {
			log_event(LOG_WARN, "%s notification for another merchant "
			          "rejected", provider);
			return 400;
		}
		/* Unsigned: anyone may send any number of distinct bodies.
		 * One lookup per order at a time and a few seconds apart (a
		 * delivery in between is asked to come again: 503), and the
		 * event keyed by what the lookup said, not by the body, so a
		 * flood adds no row per body. */
		int gate = pay_lookup_claim(db, a, r.order_id, "notify");
		if (gate < 0)
			return 500;
		if (gate == 0) {
			log_event(LOG_INFO, "payment %s: notification while a lookup "
			          "is recent: retry later", r.order_id);
			return 503;
		}
		rc = p->ad->lookup(p, a, r.provider_ref, r.order_id, &st, err, sizeof err);
		pay_lookup_done(db, a, r.order_id, "notify");
		if (rc != 0) {
			log_event(LOG_ERR, "payment %s: lookup failed: %s", r.order_id, err);
			return 500;
		}
		if (st.state == PAY_NONE || st.state == PAY_REDIRECTED ||
		    st.state == PAY_CREATED)
			return 200; /* nothing happened yet: nothing to record */
		snprintf(v.key, sizeof v.key, "%s:lookup:%s:%s", r.provider,
		         r.order_id, pay_state_name(st.state));
	}
	if (pay_apply(db, a, r.order_id, &st, v.key, v.kind, "notify", &changed,
	              &dup) != 0)
		return 500;
	if (dup)
		log_event(LOG_INFO, "payment %s: duplicate notification", r.order_id);
	return 200;
}

/* ---- reconciliation ---- */

static const char sql_stale[] =
    "SELECT order_id FROM payment WHERE state IN "
    "('created','redirected','pending') AND updated_at <= ?1 ORDER BY id";

static int reconcile_one(struct pay *pay, struct db *db, struct arena *a,
                         const char *oid, FILE *out)
{
	struct pay_row r;
	enum pay_state s = PAY_NONE;
	char err[256] = "";
	if (pay_row_load(db, a, oid, &r) != 0)
		return -1;
	struct pay_account *p = provider_of(pay, &r);
	if (r.state == PAY_CREATED && r.provider_ref[0] == '\0') {
		/* The create never finished: the citizen never saw a page. */
		exec_bound(db, sql_set_state, "failed", case_now(a), r.id);
		fprintf(out, "%s\tcreated -> failed\n", oid);
		return 0;
	}
	int rc = pay_settle(pay, db, a, oid, "reconcile", &s, err, sizeof err);
	if (rc == 0 && p && s == PAY_REDIRECTED && (long long)time(NULL) > r.expires_at) {
		/* Close it at the provider, then expire it here only once a
		 * lookup confirms it unpaid (it may have been paid meanwhile). */
		bool done = p->ad->cancel(p, a, r.provider_ref, r.order_id, err,
		                          sizeof err) == 0;
		if (!done)
			log_event(LOG_WARN, "payment %s: cancel: %s", oid, err);
		rc = pay_settle(pay, db, a, oid, "reconcile", &s, err, sizeof err);
		if (rc == 0 && done && s == PAY_REDIRECTED)
			rc = cancel_confirmed(pay, db, a, oid, "reconcile", &s);
	}
	if (rc != 0) {
		fprintf(out, "%s\t%s\terror: %s\n", oid, pay_state_name(r.state), err);
		return -1;
	}
	fprintf(out, "%s\t%s -> %s\n", oid, pay_state_name(r.state),
	        pay_state_name(s));
	return 0;
}

/* Creates that got no answer (twice) in the last day and were not looked
 * into since: the provider may have made them all the same. */
static const char sql_timed_out[] =
    "SELECT p.order_id, substr(e.kind, 16) FROM payment p JOIN payment_event e "
    "ON e.payment_id = p.id WHERE e.kind LIKE 'create_timeout:%' "
    "AND p.state = 'failed' AND p.expires_at + 86400 > ?1 AND NOT EXISTS "
    "(SELECT 1 FROM payment_event x WHERE x.payment_id = p.id "
    "AND x.kind = 'create_resolved') ORDER BY p.id LIMIT 100";
static const char sql_set_ref[] =
    "UPDATE payment SET provider_ref = ?1, updated_at = ?2 WHERE id = ?3 "
    "AND provider_ref = ''";

/* A slow success: ask for the create again under the same key (Stripe
 * answers with the session it made), close it at the provider, and apply
 * what a lookup says (money taken meanwhile counts: failed → paid). For a
 * provider that answers a repeated create with "duplicate" (PayPay), the
 * lookup by our order id says what became of it. */
static int resolve_timeout(struct pay *pay, struct db *db, struct arena *a,
                           const char *oid, const char *lang, FILE *out)
{
	struct pay_row r;
	struct pay_order o;
	struct pay_created c;
	struct pay_status st;
	char err[256] = "";
	bool changed, dup;
	if (pay_row_load(db, a, oid, &r) != 0)
		return -1;
	struct pay_account *p = provider_of(pay, &r);
	if (p == NULL)
		return -1;
	memset(&c, 0, sizeof c);
	order_build(a, p, oid, r.amount, lang, (time_t)r.expires_at, pay->base_url,
	            pay->base_path, &o);
	int rc = p->ad->create(p, a, &o, &c, err, sizeof err);
	if (rc == 1) {
		fprintf(out, "%s\tfailed\terror: still no answer: %s\n", oid, err);
		return -1;
	}
	const char *ref = rc == 0 ? c.ref : r.provider_ref;
	bool closed = false;
	if (rc == 0 || p->ad->cancel_final) {
		/* GMO refuses the repeated OrderID: close the page it made. */
		if (rc == 0)
			exec_bound(db, sql_set_ref, c.ref, case_now(a), r.id);
		closed = p->ad->cancel(p, a, ref, oid, err, sizeof err) == 0;
		if (!closed)
			log_event(LOG_WARN, "payment %s: cancel: %s", oid, err);
	}
	if (p->ad->lookup(p, a, ref, oid, &st, err, sizeof err) != 0) {
		fprintf(out, "%s\tfailed\terror: %s\n", oid, err);
		return -1;
	}
	if (pay_state_open(st.state) && closed && p->ad->cancel_final &&
	    st.state == PAY_REDIRECTED)
		st.state = PAY_CANCELLED; /* rejected, no trade under way */
	if (pay_state_open(st.state))
		return 0; /* not closed yet (a PayPay code): next run */
	if (pay_apply(db, a, oid, &st, arena_printf(a, "%s:create_resolved:%s",
	              r.provider, oid), "create_resolved", "reconcile", &changed,
	              &dup) != 0)
		return -1;
	fprintf(out, "%s\tfailed (no answer to create) -> %s at the provider\n",
	        oid, pay_state_name(st.state));
	return 0;
}

static int resolve_timeouts(struct pay *pay, struct db *db, struct arena *a,
                            FILE *out)
{
	struct db_stmt *st = db_stmt(db, sql_timed_out);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, (long long)time(NULL));
	const char *ids[100], *langs[100];
	size_t n = 0;
	while (n < 100 && db_step(st) == DB_ROW) {
		ids[n] = arena_strdup(a, db_col_text(st, 0));
		langs[n++] = arena_strdup(a, db_col_text(st, 1));
	}
	db_reset(st);
	int failed = 0;
	for (size_t i = 0; i < n; i++)
		failed += resolve_timeout(pay, db, a, ids[i], langs[i], out) != 0;
	return failed;
}

int pay_reconcile(struct pay *pay, struct db *db, struct arena *a,
                  long older_s, FILE *out)
{
	char stamp[32];
	log_stamp((time_t)(cal_now() - older_s), stamp);
	struct db_stmt *st = db_stmt(db, sql_stale);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, stamp);
	const char *ids[1000];
	size_t n = 0;
	while (n < 1000 && db_step(st) == DB_ROW)
		ids[n++] = arena_strdup(a, db_col_text(st, 0));
	db_reset(st);
	/* First what a fee change left open (its cancel may have failed). */
	int failed = pay_close_superseded(pay, db, a, 0, "reconcile") < 0;
	for (size_t i = 0; i < n; i++)
		if (reconcile_one(pay, db, a, ids[i], out) != 0)
			failed++;
	failed += resolve_timeouts(pay, db, a, out);
	int r = pay_reconcile_refunds(pay, db, a, out);
	return failed + (r < 0 ? 1 : r);
}

/* ---- refunds ---- */

/* A refund row: asked by kaiji or found at the provider (the dashboard),
 * pending until the provider confirms it. */
static const char sql_refund_insert[] =
    "INSERT INTO payment_refund (payment_id, key, provider_ref, amount_yen, "
    "state, source, reason, actor, created_at, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, 'pending', ?5, ?6, ?7, ?8, ?8) RETURNING id";
static const char sql_refund_count[] =
    "SELECT COUNT(*) FROM payment_refund WHERE payment_id = ?1";
static const char sql_refund_pending_sum[] =
    "SELECT COALESCE(SUM(amount_yen), 0) FROM payment_refund "
    "WHERE payment_id = ?1 AND state = 'pending'";
static const char sql_refund_ref[] =
    "UPDATE payment_refund SET provider_ref = ?1, updated_at = ?2 "
    "WHERE id = ?3 AND state = 'pending'";
static const char sql_refund_done[] =
    "UPDATE payment_refund SET state = ?1, provider_ref = ?2, updated_at = ?3 "
    "WHERE id = ?4 AND state = 'pending'";
static const char sql_refunded[] =
    "UPDATE payment SET refunded_yen = refunded_yen + ?1, "
    "state = CASE WHEN refunded_yen + ?1 >= amount_yen THEN 'refunded' "
    "ELSE state END, updated_at = ?2 WHERE id = ?3";
static const char sql_fee_refunded[] =
    "UPDATE fee SET state = 'refunded' WHERE id = ?1 AND state = 'paid'";

/* A write with the one parameter ?1 = id: 0, or -1 logged. */
static int exec_id(struct db *db, const char *sql, long long id)
{
	struct db_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	return db_step_done(db, st, "pay");
}

static long long one_int(struct db *db, const char *sql, long long v)
{
	struct db_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, v);
	long long n = db_step(st) == DB_ROW ? db_col_int64(st, 0) : -1;
	db_reset(st);
	return n;
}

/* The refund row of key; 0 when none. */
static long long refund_insert(struct db *db, struct arena *a, long long payment_id,
                               const char *key, const char *ref, long amount,
                               const char *source, const char *reason,
                               const char *actor)
{
	struct db_stmt *st = db_stmt(db, sql_refund_insert);
	if (st == NULL)
		return 0;
	db_bind_int(st, 1, payment_id);
	db_bind_text(st, 2, key);
	db_bind_text(st, 3, ref);
	db_bind_int(st, 4, amount);
	db_bind_text(st, 5, source);
	db_bind_text(st, 6, reason);
	db_bind_text(st, 7, actor);
	db_bind_text(st, 8, case_now(a));
	long long id;
	db_step_id(db, st, NULL, &id);
	return id;
}

/* The refund is final at the provider: in one transaction its row, the
 * payment's refunded_yen (the schema's CHECK keeps it <= amount_yen) and
 * state, the fee's state for a whole refund, the payment_event and the
 * request's fee_refunded event. 1 when the row was not pending any more
 * (done already). */
static int refund_settle(struct db *db, struct arena *a, long long refund_id,
                         const char *order_id, const struct pay_refund_info *ri,
                         const char *reason, const char *actor,
                         const char *source)
{
	struct pay_row r;
	const char *now = case_now(a);
	const char *word = ri->state == PAY_REFUND_SUCCEEDED ? "succeeded" : "failed";
	if (db_begin(db) != 0)
		return -1;
	if (pay_row_load(db, a, order_id, &r) != 0)
		goto fail;
	struct db_stmt *st = db_stmt(db, sql_refund_done);
	if (st == NULL)
		goto fail;
	db_bind_text(st, 1, word);
	db_bind_text(st, 2, ri->ref);
	db_bind_text(st, 3, now);
	db_bind_int(st, 4, refund_id);
	int rc = db_step(st);
	db_reset(st);
	if (rc != DB_DONE)
		goto fail;
	if (db_changes(db) == 0) {
		db_rollback(db);
		return 1;
	}
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "amount",
	                      (json_int_t)ri->amount, "reason", reason, "by", actor,
	                      "ref", ri->ref, "source", source, "state", word);
	char *data = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	st = db_stmt(db, sql_event_insert);
	if (st == NULL || data == NULL) {
		free(data);
		goto fail;
	}
	db_bind_int(st, 1, r.id);
	db_bind_text(st, 2, arena_printf(a, "%s:refund:%lld:%s", r.provider,
	                                 refund_id, word));
	db_bind_text(st, 3, ri->state == PAY_REFUND_SUCCEEDED ? "refund" : "refund_failed");
	db_bind_text(st, 4, now);
	db_bind_text(st, 5, data);
	rc = db_step(st);
	db_reset(st);
	free(data);
	if (rc != DB_DONE)
		goto fail;
	if (ri->state == PAY_REFUND_SUCCEEDED) {
		st = db_stmt(db, sql_refunded);
		if (st == NULL)
			goto fail;
		db_bind_int(st, 1, ri->amount);
		db_bind_text(st, 2, now);
		db_bind_int(st, 3, r.id);
		rc = db_step(st);
		db_reset(st);
		if (rc != DB_DONE)
			goto fail; /* the CHECK: more than was paid */
		if (r.refunded + ri->amount >= r.amount && r.state == PAY_PAID &&
		    exec_id(db, sql_fee_refunded, r.fee_id) != 0)
			goto fail;
		o = json_pack("{s:I, s:s}", "amount_yen", (json_int_t)ri->amount,
		              "reason", reason);
		data = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(o);
		rc = case_event(db, r.request_id, actor, "fee_refunded", true, data);
		free(data);
		if (rc != 0)
			goto fail;
	}
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}

int pay_refund(struct pay *pay, struct db *db, struct arena *a,
               const char *order_id, long amount, const char *reason,
               const char *actor, bool *pending, char *err, size_t errlen)
{
	struct pay_row r;
	struct pay_status st;
	struct pay_refund_info ri;
	*pending = false;
	if (pay_row_load(db, a, order_id, &r) != 0) {
		snprintf(err, errlen, "no such payment");
		return -1;
	}
	if (r.state != PAY_PAID && r.state != PAY_REVIEW) {
		snprintf(err, errlen, "the payment is %s, not paid",
		         pay_state_name(r.state));
		return -1;
	}
	long long held = one_int(db, sql_refund_pending_sum, r.id);
	long long n = one_int(db, sql_refund_count, r.id);
	long left = r.amount - r.refunded - (long)held;
	if (amount == 0)
		amount = left;
	if (held < 0 || n < 0 || amount <= 0 || amount > left) {
		snprintf(err, errlen, "at most %ld yen can be refunded%s", left,
		         held > 0 ? " (a refund is still pending)" : "");
		return -1;
	}
	struct pay_account *p = provider_of(pay, &r);
	if (p == NULL) {
		snprintf(err, errlen, "provider not configured");
		return -1;
	}
	/* The money's own id (pi_…, paymentId) comes from a fresh lookup. */
	if (p->ad->lookup(p, a, r.provider_ref, r.order_id, &st, err, errlen) != 0)
		return -1;
	/* Written before the provider is asked: if the answer is lost, the
	 * row is there for reconcile to ask again under the same key. */
	char *rkey = arena_printf(a, "%s-r%lld", r.order_id, n + 1);
	long long id = refund_insert(db, a, r.id, rkey, "", amount, "kaiji",
	                             reason, actor);
	if (id == 0) {
		snprintf(err, errlen, "cannot record the refund");
		return -1;
	}
	int rc = p->ad->refund(p, a, &st, amount, rkey, &ri, err, errlen);
	if (rc == 1) {
		log_event(LOG_WARN, "payment %s: refund %s: no answer (%s); reconcile "
		          "asks again", order_id, rkey, err);
		*pending = true;
		return 0;
	}
	if (rc != 0) {
		memset(&ri, 0, sizeof ri);
		ri.state = PAY_REFUND_FAILED;
		ri.amount = amount;
		refund_settle(db, a, id, order_id, &ri, reason, actor, "kaiji");
		return -1;
	}
	if (ri.state == PAY_REFUND_PENDING) {
		exec_bound(db, sql_refund_ref, ri.ref, case_now(a), id);
		log_event(LOG_INFO, "payment %s: refund of %ld yen accepted, pending",
		          order_id, amount);
		*pending = true;
		return 0;
	}
	if (refund_settle(db, a, id, order_id, &ri, reason, actor, "kaiji") < 0) {
		snprintf(err, errlen, "refunded at the provider (%s) but not recorded", ri.ref);
		log_event(LOG_ERR, "payment %s: %s", order_id, err);
		return -1;
	}
	if (ri.state == PAY_REFUND_FAILED) {
		snprintf(err, errlen, "the provider failed the refund");
		return -1;
	}
	log_event(LOG_INFO, "payment %s: refunded %ld yen", order_id, amount);
	return 0;
}

/* ---- refunds in reconcile ---- */

static const char sql_refunds_pending[] =
    "SELECT r.id, p.order_id, r.key, r.provider_ref, r.amount_yen, r.reason, "
    "r.actor, r.source FROM payment_refund r JOIN payment p ON p.id = r.payment_id "
    "WHERE r.state = 'pending' ORDER BY r.id LIMIT 1000";

/* Ask what became of each pending refund; settle the final ones. */
static int refunds_confirm(struct pay *pay, struct db *db, struct arena *a,
                           FILE *out)
{
	struct db_stmt *st = db_stmt(db, sql_refunds_pending);
	if (st == NULL)
		return -1;
	struct pend {
		long long id;
		const char *oid, *reason, *actor, *source;
		struct pay_refund_info asked;
	} *list = arena_alloc(a, sizeof *list * 1000);
	size_t n = 0;
	while (n < 1000 && db_step(st) == DB_ROW) {
		struct pend *e = &list[n++];
		memset(e, 0, sizeof *e);
		e->id = db_col_int64(st, 0);
		e->oid = arena_strdup(a, db_col_text(st, 1));
		snprintf(e->asked.key, sizeof e->asked.key, "%s", db_col_text(st, 2));
		snprintf(e->asked.ref, sizeof e->asked.ref, "%s", db_col_text(st, 3));
		e->asked.amount = (long)db_col_int64(st, 4);
		e->reason = arena_strdup(a, db_col_text(st, 5));
		e->actor = arena_strdup(a, db_col_text(st, 6));
		e->source = arena_strdup(a, db_col_text(st, 7));
	}
	db_reset(st);
	int failed = 0;
	for (size_t i = 0; i < n; i++) {
		struct pend *e = &list[i];
		struct pay_row r;
		struct pay_status ps;
		struct pay_refund_info now;
		char err[256] = "";
		if (pay_row_load(db, a, e->oid, &r) != 0)
			return -1;
		struct pay_account *p = provider_of(pay, &r);
		if (p == NULL || p->ad->lookup(p, a, r.provider_ref, r.order_id, &ps,
		                               err, sizeof err) != 0 ||
		    p->ad->refund_status(p, a, &ps, &e->asked, &now, err, sizeof err) != 0) {
			fprintf(out, "%s\trefund %s\terror: %s\n", e->oid, e->asked.key, err);
			failed++;
			continue;
		}
		if (now.state == PAY_REFUND_PENDING) {
			if (e->asked.ref[0] == '\0')
				exec_bound(db, sql_refund_ref, now.ref, case_now(a), e->id);
			fprintf(out, "%s\trefund %s\tpending\n", e->oid, e->asked.key);
			continue;
		}
		if (refund_settle(db, a, e->id, e->oid, &now, e->reason, e->actor,
		                  e->source) < 0) {
			fprintf(out, "%s\trefund %s\terror: not recorded\n", e->oid, e->asked.key);
			failed++;
			continue;
		}
		fprintf(out, "%s\trefund %s\tpending -> %s\n", e->oid, e->asked.key,
		        now.state == PAY_REFUND_SUCCEEDED ? "succeeded" : "failed");
	}
	return failed;
}

/* Paid payments, to be asked for refunds made in the provider's dashboard. */
static const char sql_paid_payments[] =
    "SELECT order_id FROM payment WHERE state IN ('paid', 'review') "
    "AND provider_ref <> '' ORDER BY id DESC LIMIT 1000";
static const char sql_refund_known[] =
    "SELECT id, state FROM payment_refund WHERE payment_id = ?1 "
    "AND ((?2 <> '' AND provider_ref = ?2) OR (?3 <> '' AND key = ?3))";

/* A refund at the provider we have no row for: made in its dashboard. */
static int refund_found(struct db *db, struct arena *a, const struct pay_row *r,
                        const struct pay_refund_info *ri, FILE *out)
{
	struct db_stmt *st = db_stmt(db, sql_refund_known);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, r->id);
	db_bind_text(st, 2, ri->ref);
	db_bind_text(st, 3, ri->key);
	int rc = db_step(st);
	db_reset(st);
	if (rc == DB_ROW)
		return 0; /* ours, or seen before: refunds_confirm follows it */
	if (rc != DB_DONE)
		return -1;
	long long id = refund_insert(db, a, r->id, arena_printf(a, "%s:%s",
	                             r->provider, ri->ref), ri->ref, ri->amount,
	                             "dashboard", "provider dashboard", "dashboard");
	if (id == 0)
		return -1;
	fprintf(out, "%s\trefund %s\tfound (dashboard, %ld yen)\n", r->order_id,
	        ri->ref, ri->amount);
	if (ri->state == PAY_REFUND_PENDING)
		return 0;
	return refund_settle(db, a, id, r->order_id, ri, "provider dashboard",
	                     arena_printf(a, "provider:%s", r->provider),
	                     "dashboard") < 0 ? -1 : 0;
}

static int refunds_discover(struct pay *pay, struct db *db, struct arena *a,
                            FILE *out)
{
	struct db_stmt *st = db_stmt(db, sql_paid_payments);
	if (st == NULL)
		return -1;
	const char **ids = arena_alloc(a, sizeof *ids * 1000);
	size_t n = 0;
	while (n < 1000 && db_step(st) == DB_ROW)
		ids[n++] = arena_strdup(a, db_col_text(st, 0));
	db_reset(st);
	int failed = 0;
	for (size_t i = 0; i < n; i++) {
		struct pay_row r;
		struct pay_status ps;
		struct pay_refund_info found[16];
		size_t k = 0;
		char err[256] = "";
		if (pay_row_load(db, a, ids[i], &r) != 0)
			return -1;
		struct pay_account *p = provider_of(pay, &r);
		if (p == NULL || p->ad->lookup(p, a, r.provider_ref, r.order_id, &ps,
		                               err, sizeof err) != 0 ||
		    p->ad->refunds(p, a, &ps, found, 16, &k, err, sizeof err) != 0) {
			/* Not counted as a failure: the next run looks again, and an
			 * old payment the provider no longer shows has nothing new. */
			fprintf(out, "%s\trefunds\twarning: %s\n", ids[i], err);
			continue;
		}
		for (size_t j = 0; j < k; j++)
			if (refund_found(db, a, &r, &found[j], out) != 0) {
				fprintf(out, "%s\trefund %s\terror: not recorded\n", ids[i],
				        found[j].ref);
				failed++;
			}
	}
	return failed;
}

int pay_reconcile_refunds(struct pay *pay, struct db *db, struct arena *a,
                          FILE *out)
{
	int a1 = refunds_discover(pay, db, a, out);
	int a2 = refunds_confirm(pay, db, a, out);
	return a1 < 0 || a2 < 0 ? -1 : a1 + a2;
}

/* GMO Payment Gateway, リンクタイプPlus (hosted payment page), key type:
 * GetLinkplusUrlPayment.json makes the page's URL; the browser comes back
 * with result = B64URL(json) "." SHA256hex(B64URL(json) ‖ ShopPass); the
 * 結果通知プログラム POSTs a form that is not signed, so a notification is
 * only a hint that we confirm with SearchTradeMulti; GMO wants the body
 * "0" back. RejectLinkplusUrlPayment closes an unused URL.
 *
 * What the research note on payments (section 4) marks third-party (3p)
 * is implemented as it says and listed in docs/PAYMENTS.md as to be
 * confirmed with GMO: the JSON of the key-type call and its answer, the
 * Reject call, SearchTradeMulti's answer fields, the error shape. */
#include "pay-gmo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sodium.h>

#include "form.h"
#include "log.h"

static const struct form_limits gmo_limits = {
	.max_fields = 200, .max_name = 64, .max_value = 4096,
	.max_file = 0, .max_files = 0,
};

/* PayMethods words and their PayType numbers (the notification's and
 * SearchTradeMulti's), research note 4.1 and 4.3 (3p). */
static const struct { const char *word; const char *paytype; } gmo_methods[] = {
	{ "credit", "0" },
	{ "cvs", "3" },
	{ "payeasy", "4" },
	{ "paypay", "45" },
};

enum pay_state pay_gmo_state(const char *s)
{
	static const struct { const char *word; enum pay_state state; } map[] = {
		/* Card (we ask JobCd CAPTURE: sold at once). */
		{ "CAPTURE", PAY_PAID },
		{ "SALES", PAY_PAID },
		{ "AUTH", PAY_PENDING },
		{ "CANCEL", PAY_CANCELLED },
		/* Cash-type methods (コンビニ, Pay-easy) and wallets. */
		{ "UNPROCESSED", PAY_REDIRECTED },
		{ "REQSUCCESS", PAY_PENDING }, /* numbers issued, not paid yet */
		{ "PAYSUCCESS", PAY_PAID },
		{ "PAYFAIL", PAY_FAILED },
		{ "EXPIRED", PAY_EXPIRED },
		/* VOID, RETURN, RETURNX: refunds, not a payment state. */
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(s, map[i].word) == 0)
			return map[i].state;
	return PAY_NONE;
}

static const char *param(const struct param *p, const char *name)
{
	for (; p; p = p->next)
		if (strcmp(p->name, name) == 0)
			return p->value;
	return NULL;
}

/* Digits only, at most 9 of them (GMO's amounts are yen). */
static long amount_of(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 9 || strspn(s, "0123456789") != n)
		return -1;
	return strtol(s, NULL, 10);
}

static bool order_ok(const char *s)
{
	return s && strlen(s) <= PAY_GMO_ORDER_MAX && pay_ref_safe(s);
}

int pay_gmo_return_parse(struct arena *a, const char *shop_pass,
                         const char *result, size_t len,
                         struct pay_gmo_return *out)
{
	memset(out, 0, sizeof *out);
	const char *dot = memchr(result, '.', len);
	if (dot == NULL || dot == result || len > 16384 || shop_pass[0] == '\0')
		return -1;
	size_t blen = (size_t)(dot - result);
	const char *hash = dot + 1;
	size_t hlen = len - blen - 1;
	if (hlen != 64 || memchr(hash, '.', hlen) != NULL)
		return -1;
	/* SHA-256 over the base64 text exactly as sent, then ShopPass. */
	size_t plen = strlen(shop_pass);
	char *msg = arena_alloc(a, blen + plen + 1);
	memcpy(msg, result, blen);
	memcpy(msg + blen, shop_pass, plen + 1);
	char *want = pay_sha256_hex(a, msg, blen + plen);
	char *got = arena_alloc(a, 65);
	for (size_t i = 0; i < 64; i++)
		got[i] = (hash[i] >= 'A' && hash[i] <= 'F') ? (char)(hash[i] + 32) : hash[i];
	got[64] = '\0';
	if (!pay_hex_equal(want, got))
		return -1;
	/* Base64url, padded or not (the public examples keep '='). */
	size_t n = blen;
	while (n > 0 && result[n - 1] == '=')
		n--;
	unsigned char *json = arena_alloc(a, n + 1);
	size_t jlen = 0;
	if (sodium_base642bin(json, n + 1, result, n, NULL, &jlen, NULL,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return -1;
	json_error_t jerr;
	json_t *j = json_loadb((const char *)json, jlen, JSON_REJECT_DUPLICATES, &jerr);
	json_t *t = json_object_get(j, "transactionresult");
	int rc = -1;
	if (json_is_object(t)) {
		pay_json_str(t, "OrderID", out->order_id, sizeof out->order_id);
		pay_json_str(t, "Result", out->result, sizeof out->result);
		pay_json_str(t, "Paymethod", out->paymethod, sizeof out->paymethod);
		pay_json_str(t, "ErrCode", out->err_code, sizeof out->err_code);
		if (order_ok(out->order_id) && out->result[0])
			rc = 0;
	}
	json_decref(j);
	return rc;
}

int pay_gmo_notice(struct arena *a, const char *body, size_t len,
                   struct pay_verified *out)
{
	struct param *p = NULL;
	memset(out, 0, sizeof *out);
	if (form_parse_urlencoded(a, body, len, &gmo_limits, &p) != FORM_OK)
		return -1;
	struct pay_status *st = &out->status;
	const char *shop = param(p, "ShopID"), *oid = param(p, "OrderID");
	const char *status = param(p, "Status");
	const char *amount = param(p, "Amount"), *tax = param(p, "Tax");
	const char *cur = param(p, "Currency");
	if (shop == NULL || !order_ok(oid) || status == NULL || strlen(status) > 32)
		return -1;
	snprintf(out->key, sizeof out->key, "gmo:%s", pay_sha256_hex(a, body, len));
	snprintf(out->kind, sizeof out->kind, "Status:%s", status);
	snprintf(st->merchant, sizeof st->merchant, "%s", shop);
	snprintf(st->order_id, sizeof st->order_id, "%s", oid);
	long am = amount_of(amount), tx = tax && *tax ? amount_of(tax) : 0;
	st->amount = am < 0 || tx < 0 ? -1 : am + tx;
	/* GMO sends "JPN" for yen (research note 4.3, 3p). */
	if (cur && *cur)
		snprintf(st->currency, sizeof st->currency, "%s",
		         strcmp(cur, "JPN") == 0 ? "JPY" : cur);
	st->state = pay_gmo_state(status);
	out->needs_lookup = true;
	/* VOID, RETURN and the like: nothing for the payment's state. */
	out->ignore = st->state == PAY_NONE;
	return 0;
}

static int gmo_open(struct pay_account *p, HDF *node, char *err, size_t errlen)
{
	snprintf(p->merchant, sizeof p->merchant, "%s",
	         hdf_get_value(node, "ShopId", ""));
	/* 設定ID of the link-type settings made in GMO's shop admin. */
	snprintf(p->config_id, sizeof p->config_id, "%s",
	         hdf_get_value(node, "ConfigId", ""));
	/* The PayMethods to offer, space separated. */
	snprintf(p->methods, sizeof p->methods, "%s",
	         hdf_get_value(node, "PayMethods", "credit"));
	if (p->merchant[0] == '\0' || !pay_ref_safe(p->merchant)) {
		snprintf(err, errlen, "Kaiji.Pay.Gmo.ShopId is needed");
		return -1;
	}
	char words[64];
	snprintf(words, sizeof words, "%s", p->methods);
	size_t known = 0;
	for (char *save = NULL, *w = strtok_r(words, " ", &save); w;
	     w = strtok_r(NULL, " ", &save)) {
		bool ok = false;
		for (size_t i = 0; i < sizeof gmo_methods / sizeof gmo_methods[0]; i++)
			ok |= strcmp(w, gmo_methods[i].word) == 0;
		if (!ok) {
			snprintf(err, errlen, "Kaiji.Pay.Gmo.PayMethods: credit, cvs, "
			         "payeasy or paypay");
			return -1;
		}
		known++;
	}
	if (known == 0) {
		snprintf(err, errlen, "Kaiji.Pay.Gmo.PayMethods: at least one method");
		return -1;
	}
	int rc = pay_conf_secret(node, "ShopPass", p->secret, sizeof p->secret,
	                         err, errlen);
	if (rc == 1)
		snprintf(err, errlen, "Kaiji.Pay.Gmo.ShopPassFile is needed");
	return rc == 0 ? 0 : -1;
}

/* One call: JSON body (ctype json) or a form (SearchTradeMulti). status 0
 * when no answer came within timeout_s. */
static int gmo_call(struct pay_account *p, struct arena *a, const char *path,
                    const char *ctype, const char *body, long timeout_s,
                    struct fetch_resp *resp, char *err, size_t errlen)
{
	const char *hdrs[2] = { arena_printf(a, "Content-Type: %s", ctype), NULL };
	struct fetch_req rq = {
		.method = "POST",
		.url = arena_printf(a, "%s%s", p->api_base, path),
		.headers = hdrs,
		.body = body,
		.body_len = strlen(body),
		.ca_file = p->ca_file,
		.proxy = p->proxy,
		.proxy_ca = p->proxy_ca,
		.hosts = &p->api_hosts,
		.timeout_s = timeout_s,
	};
	memset(resp, 0, sizeof *resp);
	return fetch_do(p->fetch, a, &rq, resp, err, errlen);
}

static char *json_text(struct arena *a, json_t *j)
{
	char *t = json_dumps(j, JSON_COMPACT);
	char *out = arena_strdup(a, t ? t : "{}");
	free(t);
	return out;
}

/* GMO's errors (3p): ErrCode/ErrInfo members, or a list of them. */
static void json_err(json_t *j, long status, char *err, size_t errlen)
{
	json_t *e = json_is_array(j) ? json_array_get(j, 0) : j;
	const char *info = json_string_value(json_object_get(e, "errInfo"));
	if (info == NULL)
		info = json_string_value(json_object_get(e, "ErrInfo"));
	snprintf(err, errlen, "HTTP %ld (%s)", status, info ? info : "error");
}

static int gmo_create(struct pay_account *p, struct arena *a,
                      const struct pay_order *o, struct pay_created *out,
                      char *err, size_t errlen)
{
	if (!order_ok(o->order_id)) {
		snprintf(err, errlen, "order id longer than GMO's 27 characters");
		return -1;
	}
	json_t *methods = json_array();
	char words[64];
	bool credit = false;
	snprintf(words, sizeof words, "%s", p->methods);
	for (char *save = NULL, *w = strtok_r(words, " ", &save); w;
	     w = strtok_r(NULL, " ", &save)) {
		json_array_append_new(methods, json_string(w));
		credit |= strcmp(w, "credit") == 0;
	}
	/* 決済可能期限 yyyyMMddHHmm, Japan time. */
	char expire[16] = "";
	time_t jst = o->expires_at + 9 * 3600;
	struct tm tm;
	if (o->expires_at > 0 && gmtime_r(&jst, &tm))
		strftime(expire, sizeof expire, "%Y%m%d%H%M", &tm);
	json_t *body = json_pack("{s:{s:s, s:s}, s:{s:s, s:I, s:I, s:o, s:s, s:s}}",
	                         "geturlparam", "ShopID", p->merchant,
	                         "ShopPass", p->secret,
	                         "transaction", "OrderID", o->order_id,
	                         "Amount", (json_int_t)o->amount,
	                         "Tax", (json_int_t)0,
	                         "PayMethods", methods,
	                         "RetUrl", o->return_url,
	                         "PaymentExpireDate", expire);
	if (body == NULL) {
		snprintf(err, errlen, "cannot build the request");
		return -1;
	}
	if (p->config_id[0])
		json_object_set_new(body, "configid", json_string(p->config_id));
	if (credit)
		json_object_set_new(body, "credit", json_pack("{s:s, s:s}",
		                    "JobCd", "CAPTURE", "Method", "1"));
	char *text = json_text(a, body);
	json_decref(body);
	struct fetch_resp resp;
	int frc = gmo_call(p, a, "/payment/GetLinkplusUrlPayment.json",
	                   "application/json;charset=UTF-8", text,
	                   p->create_timeout_s, &resp, err, errlen);
	sodium_memzero(text, strlen(text));
	if (frc != 0 || resp.status == 0)
		return 1; /* no answer: GMO may have made it */
	json_error_t jerr;
	json_t *j = json_loadb(resp.body, resp.len, 0, &jerr);
	int rc = -1;
	if (j && resp.status == 200 && json_is_object(j)) {
		char oid[72];
		pay_json_str(j, "OrderID", oid, sizeof oid);
		pay_json_str(j, "LinkUrl", out->url, sizeof out->url);
		/* Our OrderID is the reference: Reject and SearchTradeMulti
		 * take it. */
		snprintf(out->ref, sizeof out->ref, "%s", o->order_id);
		if (strcmp(oid, o->order_id) == 0 && out->url[0])
			rc = 0;
		else
			snprintf(err, errlen, "no OrderID or LinkUrl in the answer");
	} else {
		json_err(j, resp.status, err, errlen);
	}
	json_decref(j);
	return rc;
}

/* yyyyMMddHHmmss (GMO's PaymentTerm, Japan time) as YYYY-MM-DDTHH:MM. */
static void term_local(const char *t, char *out, size_t n)
{
	out[0] = '\0';
	if (t && strlen(t) >= 12 && strspn(t, "0123456789") >= 12)
		snprintf(out, n, "%.4s-%.2s-%.2sT%.2s:%.2s", t, t + 4, t + 6, t + 8,
		         t + 10);
}

/* The numbers of a payment made later: コンビニ (PayType 3: CvsCode,
 * CvsReceiptNo, CvsConfNo) or Pay-easy (4: BkCode, CustID, ConfNo), with
 * PaymentTerm; field names as research note 4.3 lists them (3p). */
static void slip_read(const struct param *kv, const char *paytype,
                      struct pay_status *st)
{
	bool cvs = strcmp(paytype, "3") == 0, pe = strcmp(paytype, "4") == 0;
	const char *no = param(kv, cvs ? "CvsReceiptNo" : "CustID");
	if ((!cvs && !pe) || no == NULL || *no == '\0' || strlen(no) >= sizeof st->slip_no)
		return;
	const char *code = param(kv, cvs ? "CvsCode" : "BkCode");
	const char *conf = param(kv, cvs ? "CvsConfNo" : "ConfNo");
	snprintf(st->slip_kind, sizeof st->slip_kind, "%s", cvs ? "cvs" : "payeasy");
	snprintf(st->slip_no, sizeof st->slip_no, "%s", no);
	snprintf(st->slip_code, sizeof st->slip_code, "%s", code ? code : "");
	snprintf(st->slip_conf, sizeof st->slip_conf, "%s", conf ? conf : "");
	term_local(param(kv, "PaymentTerm"), st->slip_due, sizeof st->slip_due);
}

/* SearchTradeMulti.idPass for one PayType: 0 found (out filled), 1 no
 * such trade for that PayType, -1 no answer. */
static int search_one(struct pay_account *p, struct arena *a,
                      const char *order_id, const char *paytype,
                      struct pay_status *out, char *err, size_t errlen)
{
	struct buf b;
	struct fetch_resp resp;
	struct param *kv = NULL;
	buf_init(&b, a);
	pay_form_add(&b, "ShopID", p->merchant);
	pay_form_add(&b, "ShopPass", p->secret);
	pay_form_add(&b, "OrderID", order_id);
	pay_form_add(&b, "PayType", paytype);
	int frc = gmo_call(p, a, "/payment/SearchTradeMulti.idPass",
	                   "application/x-www-form-urlencoded", b.data,
	                   p->timeout_s, &resp, err, errlen);
	sodium_memzero(b.data, b.len);
	if (frc != 0 || resp.status != 200) {
		if (frc == 0)
			snprintf(err, errlen, "HTTP %ld", resp.status);
		return -1;
	}
	if (form_parse_urlencoded(a, resp.body, resp.len, &gmo_limits, &kv) != FORM_OK) {
		snprintf(err, errlen, "not key=value");
		return -1;
	}
	const char *ec = param(kv, "ErrCode");
	if (ec && *ec)
		return 1;
	const char *status = param(kv, "Status"), *oid = param(kv, "OrderID");
	const char *amount = param(kv, "Amount"), *tax = param(kv, "Tax");
	if (status == NULL || oid == NULL || strcmp(oid, order_id) != 0) {
		snprintf(err, errlen, "SearchTradeMulti: no Status or another OrderID");
		return -1;
	}
	out->state = pay_gmo_state(status);
	long am = amount_of(amount), tx = tax && *tax ? amount_of(tax) : 0;
	out->amount = am < 0 || tx < 0 ? -1 : am + tx;
	snprintf(out->order_id, sizeof out->order_id, "%s", oid);
	snprintf(out->ref, sizeof out->ref, "%s", oid);
	snprintf(out->payment_ref, sizeof out->payment_ref, "%s",
	         param(kv, "AccessID") ? param(kv, "AccessID") : "");
	if (out->state == PAY_PENDING)
		slip_read(kv, paytype, out);
	return 0;
}

/* The trade under each PayType we offer: a link-type page leaves the
 * method to the citizen. None found: the page is still unused. */
static int gmo_lookup(struct pay_account *p, struct arena *a, const char *ref,
                      const char *order_id, struct pay_status *out,
                      char *err, size_t errlen)
{
	(void)ref;
	memset(out, 0, sizeof *out);
	out->amount = -1;
	if (!order_ok(order_id)) {
		snprintf(err, errlen, "bad order id");
		return -1;
	}
	char words[64];
	snprintf(words, sizeof words, "%s", p->methods);
	for (char *save = NULL, *w = strtok_r(words, " ", &save); w;
	     w = strtok_r(NULL, " ", &save)) {
		for (size_t i = 0; i < sizeof gmo_methods / sizeof gmo_methods[0]; i++) {
			if (strcmp(w, gmo_methods[i].word) != 0)
				continue;
			int rc = search_one(p, a, order_id, gmo_methods[i].paytype,
			                    out, err, errlen);
			if (rc <= 0)
				return rc;
		}
	}
	out->state = PAY_REDIRECTED;
	return 0;
}

static int gmo_verify(struct pay_account *p, struct arena *a,
                      const struct pay_notice *n, struct pay_verified *out,
                      char *err, size_t errlen)
{
	(void)p;
	if (pay_gmo_notice(a, n->body, n->len, out) != 0) {
		snprintf(err, errlen, "not a GMO result notification");
		return -1;
	}
	return 0;
}

/* RejectLinkplusUrlPayment: the URL no longer opens (3p). */
static int gmo_cancel(struct pay_account *p, struct arena *a, const char *ref,
                      const char *order_id, char *err, size_t errlen)
{
	(void)ref;
	if (!order_ok(order_id)) {
		snprintf(err, errlen, "bad order id");
		return -1;
	}
	json_t *body = json_pack("{s:s, s:s, s:s}", "ShopID", p->merchant,
	                         "ShopPass", p->secret, "OrderID", order_id);
	char *text = json_text(a, body);
	json_decref(body);
	struct fetch_resp resp;
	int frc = gmo_call(p, a, "/payment/RejectLinkplusUrlPayment.json",
	                   "application/json;charset=UTF-8", text, p->timeout_s,
	                   &resp, err, errlen);
	sodium_memzero(text, strlen(text));
	if (frc != 0)
		return -1;
	json_error_t jerr;
	json_t *j = json_loadb(resp.body, resp.len, 0, &jerr);
	int rc = resp.status == 200 && json_is_object(j) &&
	         !json_object_get(j, "ErrCode") ? 0 : -1;
	if (rc != 0)
		json_err(j, resp.status, err, errlen);
	json_decref(j);
	return rc;
}

/* The card trade of a paid payment as SearchTradeMulti tells it (PayType
 * 0): its Status, Amount and AccessID/AccessPass for AlterTran. 0, 1 when
 * there is no card trade, -1 when no answer. */
struct card_trade {
	char status[32], access_id[64], access_pass[64];
	long amount;
};

static int card_trade(struct pay_account *p, struct arena *a,
                      const char *order_id, struct card_trade *t, char *err,
                      size_t errlen)
{
	struct buf b;
	struct fetch_resp resp;
	struct param *kv = NULL;
	memset(t, 0, sizeof *t);
	buf_init(&b, a);
	pay_form_add(&b, "ShopID", p->merchant);
	pay_form_add(&b, "ShopPass", p->secret);
	pay_form_add(&b, "OrderID", order_id);
	pay_form_add(&b, "PayType", "0");
	int frc = gmo_call(p, a, "/payment/SearchTradeMulti.idPass",
	                   "application/x-www-form-urlencoded", b.data,
	                   p->timeout_s, &resp, err, errlen);
	sodium_memzero(b.data, b.len);
	if (frc != 0 || resp.status != 200 ||
	    form_parse_urlencoded(a, resp.body, resp.len, &gmo_limits, &kv) != FORM_OK) {
		if (frc == 0)
			snprintf(err, errlen, "SearchTradeMulti: HTTP %ld", resp.status);
		return -1;
	}
	const char *ec = param(kv, "ErrCode");
	if (ec && *ec)
		return 1;
	const char *st = param(kv, "Status"), *id = param(kv, "AccessID");
	const char *pass = param(kv, "AccessPass");
	if (st == NULL || id == NULL || pass == NULL || !pay_ref_safe(id) ||
	    strlen(st) >= sizeof t->status || strlen(id) >= sizeof t->access_id ||
	    strlen(pass) >= sizeof t->access_pass) {
		snprintf(err, errlen, "SearchTradeMulti: no Status or AccessID");
		return -1;
	}
	snprintf(t->status, sizeof t->status, "%s", st);
	snprintf(t->access_id, sizeof t->access_id, "%s", id);
	snprintf(t->access_pass, sizeof t->access_pass, "%s", pass);
	long am = amount_of(param(kv, "Amount"));
	const char *tax = param(kv, "Tax");
	long tx = tax && *tax ? amount_of(tax) : 0;
	t->amount = am < 0 || tx < 0 ? -1 : am + tx;
	return 0;
}

static bool returned(const char *status)
{
	return strcmp(status, "VOID") == 0 || strcmp(status, "RETURN") == 0 ||
	       strcmp(status, "RETURNX") == 0;
}

/* A card refund as kaiji records it: the whole amount, under a reference
 * both kaiji's refund and reconcile's finding share. */
static void refund_info(const struct card_trade *t, struct pay_refund_info *out)
{
	memset(out, 0, sizeof *out);
	snprintf(out->ref, sizeof out->ref, "return-%s", t->access_id);
	out->amount = t->amount;
	out->state = PAY_REFUND_SUCCEEDED;
}

/* AlterTran.idPass with JobCd RETURN: a card payment refunded in whole
 * (research note 8.10, 3p). Part refunds (ChangeTran) and コンビニ or
 * Pay-easy refunds are not offered: the city refunds those as its
 * accounting rules say. */
static int gmo_refund(struct pay_account *p, struct arena *a,
                      const struct pay_status *paid, long amount,
                      const char *refund_key, struct pay_refund_info *out,
                      char *err, size_t errlen)
{
	struct card_trade t;
	int rc = card_trade(p, a, paid->order_id, &t, err, errlen);
	if (rc != 0) {
		if (rc == 1)
			snprintf(err, errlen, "no card payment at GMO to refund");
		return -1;
	}
	if (returned(t.status)) {
		refund_info(&t, out);
		snprintf(out->key, sizeof out->key, "%s", refund_key);
		return 0; /* refunded already (an earlier try whose answer was lost) */
	}
	if (amount != t.amount || (strcmp(t.status, "CAPTURE") != 0 &&
	                           strcmp(t.status, "SALES") != 0)) {
		snprintf(err, errlen, "GMO refunds through kaiji only a whole card "
		         "payment (%ld yen)", t.amount);
		return -1;
	}
	struct buf b;
	struct fetch_resp resp;
	struct param *kv = NULL;
	buf_init(&b, a);
	pay_form_add(&b, "ShopID", p->merchant);
	pay_form_add(&b, "ShopPass", p->secret);
	pay_form_add(&b, "AccessID", t.access_id);
	pay_form_add(&b, "AccessPass", t.access_pass);
	pay_form_add(&b, "JobCd", "RETURN");
	int frc = gmo_call(p, a, "/payment/AlterTran.idPass",
	                   "application/x-www-form-urlencoded", b.data,
	                   p->create_timeout_s, &resp, err, errlen);
	sodium_memzero(b.data, b.len);
	if (frc != 0 || resp.status == 0)
		return 1; /* no answer: reconcile asks what became of it */
	const char *ec = NULL;
	if (resp.status == 200 &&
	    form_parse_urlencoded(a, resp.body, resp.len, &gmo_limits, &kv) == FORM_OK)
		ec = param(kv, "ErrCode");
	if (resp.status != 200 || kv == NULL || (ec && *ec)) {
		snprintf(err, errlen, "AlterTran refused (%s)",
		         kv && param(kv, "ErrInfo") ? param(kv, "ErrInfo") : "error");
		return -1;
	}
	refund_info(&t, out);
	snprintf(out->key, sizeof out->key, "%s", refund_key);
	return 0;
}

/* What became of a refund whose answer was lost: the trade's Status. */
static int gmo_refund_status(struct pay_account *p, struct arena *a,
                             const struct pay_status *paid,
                             const struct pay_refund_info *asked,
                             struct pay_refund_info *out, char *err,
                             size_t errlen)
{
	struct card_trade t;
	if (card_trade(p, a, paid->order_id, &t, err, errlen) != 0)
		return -1;
	if (returned(t.status)) {
		refund_info(&t, out);
		snprintf(out->key, sizeof out->key, "%s", asked->key);
		return out->amount == asked->amount ? 0 : -1;
	}
	/* Never reached GMO: ask for it now. */
	return gmo_refund(p, a, paid, asked->amount, asked->key, out, err, errlen);
}

/* A card payment returned in GMO's shop admin: one whole refund. */
static int gmo_refunds(struct pay_account *p, struct arena *a,
                       const struct pay_status *paid,
                       struct pay_refund_info *out, size_t max, size_t *n,
                       char *err, size_t errlen)
{
	struct card_trade t;
	*n = 0;
	int rc = card_trade(p, a, paid->order_id, &t, err, errlen);
	if (rc == 1)
		return 0; /* not a card payment */
	if (rc != 0)
		return -1;
	if (returned(t.status) && max > 0 && t.amount > 0) {
		refund_info(&t, &out[0]);
		*n = 1;
	}
	return 0;
}

static int gmo_check_return(struct pay_account *p, struct arena *a,
                            const char *result, char *order_id, size_t n,
                            char *err, size_t errlen)
{
	struct pay_gmo_return r;
	if (result == NULL ||
	    pay_gmo_return_parse(a, p->secret, result, strlen(result), &r) != 0) {
		snprintf(err, errlen, "result missing or its hash does not match");
		return -1;
	}
	snprintf(order_id, n, "%s", r.order_id);
	return 0;
}

const struct pay_adapter pay_gmo_adapter = {
	.name = "gmo",
	.conf_name = "Gmo",
	.open = gmo_open,
	.create = gmo_create,
	.lookup = gmo_lookup,
	.verify = gmo_verify,
	.cancel = gmo_cancel,
	.refund = gmo_refund,
	.refund_status = gmo_refund_status,
	.refunds = gmo_refunds,
	.check_return = gmo_check_return,
	.cancel_final = true,
	/* GMO's module answers "0" when processed; anything else: a retry
	 * about every 60 minutes, 5 times. */
	.ack_type = "text/plain; charset=utf-8",
	.ack_body = "0",
};

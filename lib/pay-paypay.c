/* PayPay Open Payment API, web payment (dynamic QR / web cashier):
 * requests signed with OPA-Auth (HMAC-SHA256 over path, method, nonce,
 * epoch, content type and the MD5 of the body); webhooks are not signed,
 * so a notification is only a hint that we confirm with a lookup. */
#include "pay-paypay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <sodium.h>

#include "log.h"

#define PAYPAY_CTYPE "application/json;charset=UTF-8;"

static char *b64(struct arena *a, const unsigned char *p, size_t n)
{
	size_t len = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *out = arena_alloc(a, len);
	sodium_bin2base64(out, len, p, n, sodium_base64_VARIANT_ORIGINAL);
	return out;
}

/* Base64(MD5(content type ‖ body)): PayPay's body hash (MD5 is theirs,
 * used for integrity inside the HMAC, not as a signature). */
static char *body_hash(struct arena *a, const char *ctype, const char *body,
                       size_t len)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	if (c == NULL || EVP_DigestInit_ex(c, EVP_md5(), NULL) != 1 ||
	    EVP_DigestUpdate(c, ctype, strlen(ctype)) != 1 ||
	    EVP_DigestUpdate(c, body, len) != 1 ||
	    EVP_DigestFinal_ex(c, md, &mdlen) != 1) {
		EVP_MD_CTX_free(c);
		return NULL;
	}
	EVP_MD_CTX_free(c);
	return b64(a, md, mdlen);
}

char *pay_paypay_auth(struct arena *a, const char *api_key,
                      const char *api_secret, const char *method,
                      const char *path, const char *content_type,
                      const char *body, size_t len, const char *nonce,
                      long long epoch)
{
	const char *ctype = "empty", *hash = "empty";
	if (body != NULL) {
		ctype = content_type;
		hash = body_hash(a, content_type, body, len);
		if (hash == NULL)
			return NULL;
	}
	size_t plen = strcspn(path, "?");
	char *sign = arena_printf(a, "%.*s\n%s\n%s\n%lld\n%s\n%s", (int)plen, path,
	                          method, nonce, epoch, ctype, hash);
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)api_secret,
	                            strlen(api_secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)sign, strlen(sign));
	crypto_auth_hmacsha256_final(&st, mac);
	return arena_printf(a, "hmac OPA-Auth:%s:%s:%s:%lld:%s", api_key,
	                    b64(a, mac, sizeof mac), nonce, epoch, hash);
}

static enum pay_state state_of(const char *s)
{
	static const struct { const char *word; enum pay_state state; } map[] = {
		{ "CREATED", PAY_REDIRECTED },
		{ "AUTHORIZED", PAY_PENDING },
		{ "REAUTHORIZING", PAY_PENDING },
		{ "COMPLETED", PAY_PAID },
		{ "REFUNDED", PAY_REFUNDED },
		{ "FAILED", PAY_FAILED },
		{ "CANCELED", PAY_CANCELLED },
		{ "EXPIRED", PAY_EXPIRED },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(s, map[i].word) == 0)
			return map[i].state;
	return PAY_NONE;
}

int pay_paypay_event(struct arena *a, const char *body, size_t len,
                     struct pay_verified *out)
{
	json_error_t jerr;
	char type[32], state[32];
	memset(out, 0, sizeof *out);
	json_t *j = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(j)) {
		json_decref(j);
		return -1;
	}
	pay_json_str(j, "notification_type", type, sizeof type);
	snprintf(out->key, sizeof out->key, "paypay:%s", pay_sha256_hex(a, body, len));
	if (strcmp(type, "Transaction") != 0) {
		/* file.created (the daily reconciliation file) and the like. */
		snprintf(out->kind, sizeof out->kind, "%s", type[0] ? type : "unknown");
		out->ignore = true;
		json_decref(j);
		return 0;
	}
	struct pay_status *st = &out->status;
	pay_json_str(j, "merchant_order_id", st->order_id, sizeof st->order_id);
	pay_json_str(j, "merchant_id", st->merchant, sizeof st->merchant);
	pay_json_str(j, "order_id", st->payment_ref, sizeof st->payment_ref);
	pay_json_str(j, "state", state, sizeof state);
	st->amount = pay_json_amount(json_object_get(j, "order_amount"));
	st->state = state_of(state);
	snprintf(out->kind, sizeof out->kind, "Transaction:%s", state);
	out->needs_lookup = true;
	json_decref(j);
	if (st->order_id[0] == '\0' || st->merchant[0] == '\0' || st->state == PAY_NONE)
		return -1;
	return 0;
}

static int paypay_open(struct pay_account *p, HDF *node, char *err, size_t errlen)
{
	snprintf(p->api_key, sizeof p->api_key, "%s", hdf_get_value(node, "ApiKey", ""));
	snprintf(p->merchant, sizeof p->merchant, "%s",
	         hdf_get_value(node, "MerchantId", ""));
	if (p->api_key[0] == '\0' || p->merchant[0] == '\0') {
		snprintf(err, errlen, "Kaiji.Pay.PayPay: ApiKey and MerchantId are needed");
		return -1;
	}
	int rc = pay_conf_secret(node, "ApiSecret", p->secret, sizeof p->secret,
	                         err, errlen);
	if (rc == 1)
		snprintf(err, errlen, "Kaiji.Pay.PayPay.ApiSecretFile is needed");
	return rc == 0 ? 0 : -1;
}

/* One API call; status 0 when no answer came within timeout_s. */
static json_t *paypay_call_t(struct pay_account *p, struct arena *a,
                             const char *method, const char *path, json_t *body,
                             long timeout_s, long *status, char *err,
                             size_t errlen)
{
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	const char *btext = text ? arena_strdup(a, text) : NULL;
	free(text);
	unsigned char raw[6];
	char nonce[13];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(nonce, sizeof nonce, raw, sizeof raw);
	const char *auth = pay_paypay_auth(a, p->api_key, p->secret, method, path,
	                                   PAYPAY_CTYPE, btext,
	                                   btext ? strlen(btext) : 0, nonce,
	                                   (long long)time(NULL));
	const char *hdrs[4] = {
		arena_printf(a, "Authorization: %s", auth ? auth : ""),
		arena_printf(a, "X-ASSUME-MERCHANT: %s", p->merchant),
		btext ? "Content-Type: " PAYPAY_CTYPE : NULL,
		NULL,
	};
	struct fetch_req rq = {
		.method = method,
		.url = arena_printf(a, "%s%s", p->api_base, path),
		.headers = hdrs,
		.body = btext,
		.body_len = btext ? strlen(btext) : 0,
		.ca_file = p->ca_file,
		.proxy = p->proxy,
		.proxy_ca = p->proxy_ca,
		.hosts = &p->api_hosts,
		.timeout_s = timeout_s,
	};
	struct fetch_resp resp;
	*status = 0;
	if (auth == NULL || fetch_do(p->fetch, a, &rq, &resp, err, errlen) != 0)
		return NULL;
	*status = resp.status;
	json_error_t jerr;
	json_t *j = json_loadb(resp.body, resp.len, 0, &jerr);
	if (j == NULL)
		snprintf(err, errlen, "HTTP %ld, not JSON", resp.status);
	else if (resp.status >= 300) {
		const char *code = json_string_value(
		    json_object_get(json_object_get(j, "resultInfo"), "code"));
		snprintf(err, errlen, "HTTP %ld (%s)", resp.status, code ? code : "error");
	}
	return j;
}

/* Lookups and cancels: the shorter timeout. */
static json_t *paypay_call(struct pay_account *p, struct arena *a,
                           const char *method, const char *path, json_t *body,
                           long *status, char *err, size_t errlen)
{
	return paypay_call_t(p, a, method, path, body, p->timeout_s, status, err,
	                     errlen);
}

static const char *result_code(json_t *j)
{
	const char *c = json_string_value(
	    json_object_get(json_object_get(j, "resultInfo"), "code"));
	return c ? c : "";
}

static int paypay_create(struct pay_account *p, struct arena *a,
                         const struct pay_order *o, struct pay_created *out,
                         char *err, size_t errlen)
{
	long status;
	json_t *body = json_pack("{s:s, s:{s:I, s:s}, s:s, s:s, s:I, s:s, s:s, s:b}",
	                         "merchantPaymentId", o->order_id,
	                         "amount", "amount", (json_int_t)o->amount,
	                         "currency", "JPY",
	                         "codeType", "ORDER_QR",
	                         "orderDescription", o->description,
	                         "requestedAt", (json_int_t)time(NULL),
	                         "redirectUrl", o->return_url,
	                         "redirectType", "WEB_LINK",
	                         "isAuthorization", 0);
	/* Up to 30 s, as PayPay documents for creates. */
	json_t *j = paypay_call_t(p, a, "POST", "/v2/codes", body,
	                          p->create_timeout_s, &status, err, errlen);
	json_decref(body);
	int rc = status == 0 ? 1 : -1;
	if (j && status == 201 && strcmp(result_code(j), "SUCCESS") == 0) {
		json_t *d = json_object_get(j, "data");
		pay_json_str(d, "codeId", out->ref, sizeof out->ref);
		pay_json_str(d, "url", out->url, sizeof out->url);
		if (pay_ref_safe(out->ref) && out->url[0])
			rc = 0;
		else
			snprintf(err, errlen, "no codeId or url in the answer");
	}
	json_decref(j);
	return rc;
}

static int paypay_lookup(struct pay_account *p, struct arena *a, const char *ref,
                         const char *order_id, struct pay_status *out,
                         char *err, size_t errlen)
{
	long status;
	char word[32];
	memset(out, 0, sizeof *out);
	if (!pay_ref_safe(order_id)) {
		snprintf(err, errlen, "bad order id");
		return -1;
	}
	json_t *j = paypay_call(p, a, "GET",
	                        arena_printf(a, "/v2/codes/payments/%s", order_id),
	                        NULL, &status, err, errlen);
	int rc = -1;
	if (j && status == 200 && strcmp(result_code(j), "SUCCESS") == 0) {
		json_t *d = json_object_get(j, "data");
		json_t *amt = json_object_get(d, "amount");
		pay_json_str(d, "status", word, sizeof word);
		out->state = state_of(word);
		out->amount = pay_json_amount(json_object_get(amt, "amount"));
		pay_json_str(amt, "currency", out->currency, sizeof out->currency);
		pay_json_str(d, "merchantPaymentId", out->order_id, sizeof out->order_id);
		pay_json_str(d, "paymentId", out->payment_ref, sizeof out->payment_ref);
		snprintf(out->ref, sizeof out->ref, "%s", ref);
		rc = 0;
	} else if (j && status == 400 &&
	           strcmp(result_code(j), "DYNAMIC_QR_PAYMENT_NOT_FOUND") == 0) {
		/* The code is gone and nothing was paid: PayPay confirms unpaid. */
		out->state = PAY_EXPIRED;
		out->amount = -1;
		rc = 0;
	}
	json_decref(j);
	return rc;
}

static int paypay_verify(struct pay_account *p, struct arena *a,
                         const struct pay_notice *n, struct pay_verified *out,
                         char *err, size_t errlen)
{
	(void)p;
	if (pay_paypay_event(a, n->body, n->len, out) != 0) {
		snprintf(err, errlen, "not a PayPay transaction notification");
		return -1;
	}
	return 0;
}

static int paypay_cancel(struct pay_account *p, struct arena *a, const char *ref,
                         const char *order_id, char *err, size_t errlen)
{
	long status;
	(void)order_id;
	if (!pay_ref_safe(ref)) {
		snprintf(err, errlen, "bad code id");
		return -1;
	}
	json_t *j = paypay_call(p, a, "DELETE", arena_printf(a, "/v2/codes/%s", ref),
	                        NULL, &status, err, errlen);
	int rc = j && status == 200 ? 0 : -1;
	json_decref(j);
	return rc;
}

static enum pay_refund_state refund_state_of(const char *s)
{
	if (strcmp(s, "REFUNDED") == 0)
		return PAY_REFUND_SUCCEEDED;
	if (strcmp(s, "FAILED") == 0)
		return PAY_REFUND_FAILED;
	return PAY_REFUND_PENDING; /* CREATED */
}

/* A refund object (POST and GET /v2/refunds, a payment's refunds.data);
 * -1 when it is not a refund of paid's payment. */
static int refund_read(json_t *d, const struct pay_status *paid,
                       struct pay_refund_info *out)
{
	char pid[128], st[32];
	memset(out, 0, sizeof *out);
	pay_json_str(d, "merchantRefundId", out->key, sizeof out->key);
	pay_json_str(d, "paymentId", pid, sizeof pid);
	pay_json_str(d, "status", st, sizeof st);
	snprintf(out->ref, sizeof out->ref, "%s", out->key);
	out->amount = pay_json_amount(json_object_get(json_object_get(d, "amount"),
	                                              "amount"));
	out->state = refund_state_of(st);
	if (!pay_ref_safe(out->key) || out->amount <= 0 ||
	    strcmp(pid, paid->payment_ref) != 0)
		return -1;
	return 0;
}

static int paypay_refund(struct pay_account *p, struct arena *a,
                         const struct pay_status *paid, long amount,
                         const char *refund_key, struct pay_refund_info *out,
                         char *err, size_t errlen)
{
	long status;
	if (paid->payment_ref[0] == '\0') {
		snprintf(err, errlen, "no paymentId to refund");
		return -1;
	}
	json_t *body = json_pack("{s:s, s:s, s:{s:I, s:s}, s:I}",
	                         "merchantRefundId", refund_key,
	                         "paymentId", paid->payment_ref,
	                         "amount", "amount", (json_int_t)amount,
	                         "currency", "JPY",
	                         "requestedAt", (json_int_t)time(NULL));
	json_t *j = paypay_call_t(p, a, "POST", "/v2/refunds", body,
	                          p->create_timeout_s, &status, err, errlen);
	json_decref(body);
	int rc = status == 0 ? 1 : -1;
	/* Accepted, not done: PayPay refunds asynchronously (CREATED). */
	if (j && (status == 200 || status == 201) &&
	    strcmp(result_code(j), "SUCCESS") == 0) {
		if (refund_read(json_object_get(j, "data"), paid, out) == 0 &&
		    out->amount == amount && strcmp(out->key, refund_key) == 0) {
			rc = 0;
		} else {
			snprintf(err, errlen, "the refund does not match what was asked");
			rc = -1;
		}
	}
	json_decref(j);
	return rc;
}

/* GET /v2/refunds/{merchantRefundId}: the state, with the amount and the
 * payment echoed back and checked. */
static int paypay_refund_status(struct pay_account *p, struct arena *a,
                                const struct pay_status *paid,
                                const struct pay_refund_info *asked,
                                struct pay_refund_info *out, char *err,
                                size_t errlen)
{
	long status;
	if (!pay_ref_safe(asked->key)) {
		snprintf(err, errlen, "bad merchantRefundId");
		return -1;
	}
	json_t *j = paypay_call(p, a, "GET", arena_printf(a, "/v2/refunds/%s",
	                        asked->key), NULL, &status, err, errlen);
	int rc = -1;
	if (j && status == 200 && strcmp(result_code(j), "SUCCESS") == 0) {
		if (refund_read(json_object_get(j, "data"), paid, out) == 0 &&
		    out->amount == asked->amount && strcmp(out->key, asked->key) == 0)
			rc = 0;
		else
			snprintf(err, errlen, "the refund does not match what was asked");
	} else if (j && status == 400 && asked->ref[0] == '\0' &&
	           strcmp(result_code(j), "NO_SUCH_REFUND_ORDER") == 0) {
		/* The POST never arrived: ask for it now, same key. */
		rc = paypay_refund(p, a, paid, asked->amount, asked->key, out, err,
		                   errlen) == 0 ? 0 : -1;
	}
	json_decref(j);
	return rc;
}

/* The payment's details list its refunds (the dashboard's too). */
static int paypay_refunds(struct pay_account *p, struct arena *a,
                          const struct pay_status *paid,
                          struct pay_refund_info *out, size_t max, size_t *n,
                          char *err, size_t errlen)
{
	long status;
	*n = 0;
	if (!pay_ref_safe(paid->order_id)) {
		snprintf(err, errlen, "bad order id");
		return -1;
	}
	json_t *j = paypay_call(p, a, "GET", arena_printf(a, "/v2/codes/payments/%s",
	                        paid->order_id), NULL, &status, err, errlen);
	int rc = -1;
	if (j && status == 200 && strcmp(result_code(j), "SUCCESS") == 0) {
		json_t *r, *list = json_object_get(json_object_get(json_object_get(j,
		                                   "data"), "refunds"), "data");
		size_t i;
		json_array_foreach(list, i, r)
			if (*n < max && refund_read(r, paid, &out[*n]) == 0)
				(*n)++;
		rc = 0;
	}
	json_decref(j);
	return rc;
}

const struct pay_adapter pay_paypay_adapter = {
	.name = "paypay",
	.conf_name = "PayPay",
	.open = paypay_open,
	.create = paypay_create,
	.lookup = paypay_lookup,
	.verify = paypay_verify,
	.cancel = paypay_cancel,
	.refund = paypay_refund,
	.refund_status = paypay_refund_status,
	.refunds = paypay_refunds,
	/* PayPay: 200 with a short body within 1.5 s. */
	.ack_type = "text/plain; charset=utf-8",
	.ack_body = "OK",
};

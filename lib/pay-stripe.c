/* Stripe Checkout Sessions: create, retrieve, expire, refund over the
 * REST API (form bodies, JSON answers), and the signed, timestamped
 * webhook (Stripe-Signature: t=…,v1=HMAC-SHA256(secret, "t.body")). */
#include "pay-stripe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "log.h"

char *pay_stripe_sign(struct arena *a, const char *secret, long long t,
                      const char *body, size_t len)
{
	struct buf b;
	buf_init(&b, a);
	buf_printf(&b, "%lld.", t);
	buf_append(&b, body, len);
	return pay_hmac_sha256_hex(a, secret, b.data, b.len);
}

/* t=digits; v1 values collected; other schemes (v0) ignored. */
static int header_parse(struct arena *a, const char *h, long long *t,
                        const char **v1, size_t max, size_t *nv1)
{
	*t = -1;
	*nv1 = 0;
	while (h && *h) {
		size_t n = strcspn(h, ",");
		char *item = arena_strndup(a, h, n);
		char *eq = strchr(item, '=');
		if (eq) {
			*eq = '\0';
			const char *v = eq + 1;
			if (strcmp(item, "t") == 0) {
				if (*v == '\0' || strlen(v) > 12 || strspn(v, "0123456789") != strlen(v))
					return -1;
				*t = strtoll(v, NULL, 10);
			} else if (strcmp(item, "v1") == 0 && *nv1 < max) {
				v1[(*nv1)++] = v;
			}
		}
		h += n;
		if (*h == ',')
			h++;
	}
	return *t >= 0 && *nv1 > 0 ? 0 : -1;
}

int pay_stripe_check(struct arena *a, const char *secret, const char *header,
                     const char *body, size_t len, time_t now, long tolerance,
                     char *err, size_t errlen)
{
	const char *v1[8];
	size_t nv1;
	long long t;
	if (header == NULL || header_parse(a, header, &t, v1, 8, &nv1) != 0) {
		snprintf(err, errlen, "no valid Stripe-Signature header");
		return -1;
	}
	const char *want = pay_stripe_sign(a, secret, t, body, len);
	bool ok = false;
	for (size_t i = 0; i < nv1; i++)
		if (pay_hex_equal(v1[i], want))
			ok = true;
	if (!ok) {
		snprintf(err, errlen, "signature does not match");
		return -1;
	}
	/* stripe-go rejects only old timestamps; far-future ones too here. */
	if (t < (long long)now - tolerance || t > (long long)now + tolerance) {
		snprintf(err, errlen, "timestamp outside the tolerance");
		return -1;
	}
	return 0;
}

/* A checkout.session object into status. */
static void session_read(json_t *s, struct pay_status *st)
{
	char status[32], pstatus[32];
	memset(st, 0, sizeof *st);
	st->amount = pay_json_amount(json_object_get(s, "amount_total"));
	pay_json_str(s, "currency", st->currency, sizeof st->currency);
	pay_json_str(s, "client_reference_id", st->order_id, sizeof st->order_id);
	pay_json_str(s, "id", st->ref, sizeof st->ref);
	json_t *pi = json_object_get(s, "payment_intent");
	if (json_is_object(pi))
		pay_json_str(pi, "id", st->payment_ref, sizeof st->payment_ref);
	else
		pay_json_str(s, "payment_intent", st->payment_ref, sizeof st->payment_ref);
	pay_json_str(s, "status", status, sizeof status);
	pay_json_str(s, "payment_status", pstatus, sizeof pstatus);
	if (strcmp(status, "complete") == 0)
		st->state = strcmp(pstatus, "paid") == 0 ? PAY_PAID : PAY_PENDING;
	else if (strcmp(status, "expired") == 0)
		st->state = PAY_EXPIRED;
	else if (strcmp(status, "open") == 0)
		st->state = PAY_REDIRECTED;
	else
		st->state = PAY_NONE;
}

int pay_stripe_event(const char *body, size_t len, struct pay_verified *out)
{
	json_error_t jerr;
	char id[128], type[64];
	memset(out, 0, sizeof *out);
	json_t *ev = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
	json_t *obj = json_object_get(json_object_get(ev, "data"), "object");
	pay_json_str(ev, "id", id, sizeof id);
	pay_json_str(ev, "type", type, sizeof type);
	if (!json_is_object(obj) || id[0] == '\0' || type[0] == '\0') {
		json_decref(ev);
		return -1;
	}
	snprintf(out->key, sizeof out->key, "stripe:%s", id);
	snprintf(out->kind, sizeof out->kind, "%s", type);
	session_read(obj, &out->status);
	if (out->status.order_id[0] == '\0') {
		json_t *md = json_object_get(obj, "metadata");
		pay_json_str(md, "order_id", out->status.order_id,
		             sizeof out->status.order_id);
	}
	if (strcmp(type, "checkout.session.completed") == 0 ||
	    strcmp(type, "checkout.session.async_payment_succeeded") == 0)
		; /* the session's own status says paid or pending */
	else if (strcmp(type, "checkout.session.async_payment_failed") == 0)
		out->status.state = PAY_FAILED;
	else if (strcmp(type, "checkout.session.expired") == 0)
		out->status.state = PAY_EXPIRED;
	else
		out->ignore = true;
	json_decref(ev);
	return 0;
}

/* "2024-06-20" or "2024-09-30.acacia": the date and the release name. */
static bool version_valid(const char *v)
{
	size_t n = strlen(v);
	if (n < 10 || n >= 64)
		return false;
	for (size_t i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? v[i] != '-' : v[i] < '0' || v[i] > '9')
			return false;
	return n == 10 || (v[10] == '.' && n > 11 &&
	                   strspn(v + 11, "abcdefghijklmnopqrstuvwxyz") == n - 11);
}

static int stripe_open(struct pay_account *p, HDF *node, char *err, size_t errlen)
{
	const char *version = hdf_get_value(node, "ApiVersion", PAY_STRIPE_VERSION);
	if (!version_valid(version)) {
		snprintf(err, errlen, "Kaiji.Pay.Stripe.ApiVersion: a version such as "
		         "%s is needed", PAY_STRIPE_VERSION);
		return -1;
	}
	snprintf(p->api_version, sizeof p->api_version, "%s", version);
	int rc = pay_conf_secret(node, "SecretKey", p->secret, sizeof p->secret,
	                         err, errlen);
	if (rc == 1)
		snprintf(err, errlen, "Kaiji.Pay.Stripe.SecretKeyFile is needed");
	if (rc != 0)
		return -1;
	rc = pay_conf_secret(node, "WebhookSecret", p->hook_secret,
	                     sizeof p->hook_secret, err, errlen);
	if (rc == 1)
		snprintf(err, errlen, "Kaiji.Pay.Stripe.WebhookSecretFile is needed");
	return rc == 0 ? 0 : -1;
}

/* One API call; the parsed JSON answer (or NULL) and the HTTP status (0
 * when no answer came within timeout_s). */
static json_t *stripe_call_t(struct pay_account *p, struct arena *a,
                             const char *method, const char *path,
                             const char *form, const char *idem, long timeout_s,
                             long *status, char *err, size_t errlen)
{
	const char *hdrs[6];
	size_t n = 0;
	hdrs[n++] = arena_printf(a, "Authorization: Bearer %s", p->secret);
	/* Pinned: the answers' shape does not change with the account's
	 * default version when Stripe releases a new one. */
	hdrs[n++] = arena_printf(a, "Stripe-Version: %s", p->api_version);
	if (form)
		hdrs[n++] = "Content-Type: application/x-www-form-urlencoded";
	if (idem)
		hdrs[n++] = arena_printf(a, "Idempotency-Key: %s", idem);
	hdrs[n] = NULL;
	struct fetch_req rq = {
		.method = method,
		.url = arena_printf(a, "%s%s", p->api_base, path),
		.headers = hdrs,
		.body = form,
		.body_len = form ? strlen(form) : 0,
		.ca_file = p->ca_file,
		.proxy = p->proxy,
		.proxy_ca = p->proxy_ca,
		.hosts = &p->api_hosts,
		.timeout_s = timeout_s,
	};
	struct fetch_resp resp;
	*status = 0;
	if (fetch_do(p->fetch, a, &rq, &resp, err, errlen) != 0)
		return NULL;
	*status = resp.status;
	json_error_t jerr;
	json_t *j = json_loadb(resp.body, resp.len, 0, &jerr);
	if (j == NULL)
		snprintf(err, errlen, "HTTP %ld, not JSON", resp.status);
	else if (resp.status != 200) {
		json_t *e = json_object_get(j, "error");
		const char *type = json_string_value(json_object_get(e, "type"));
		snprintf(err, errlen, "HTTP %ld (%s)", resp.status, type ? type : "error");
	}
	return j;
}

/* Lookups and cancels: the shorter timeout. */
static json_t *stripe_call(struct pay_account *p, struct arena *a,
                           const char *method, const char *path,
                           const char *form, const char *idem, long *status,
                           char *err, size_t errlen)
{
	return stripe_call_t(p, a, method, path, form, idem, p->timeout_s, status,
	                     err, errlen);
}

static int stripe_create(struct pay_account *p, struct arena *a,
                         const struct pay_order *o, struct pay_created *out,
                         char *err, size_t errlen)
{
	struct buf f;
	long status;
	buf_init(&f, a);
	pay_form_add(&f, "mode", "payment");
	pay_form_add(&f, "line_items[0][price_data][currency]", "jpy");
	pay_form_add(&f, "line_items[0][price_data][unit_amount]",
	             arena_printf(a, "%ld", o->amount));
	pay_form_add(&f, "line_items[0][price_data][product_data][name]",
	             o->description);
	pay_form_add(&f, "line_items[0][quantity]", "1");
	pay_form_add(&f, "success_url",
	             arena_printf(a, "%s&session_id={CHECKOUT_SESSION_ID}", o->return_url));
	pay_form_add(&f, "cancel_url", o->cancel_url);
	pay_form_add(&f, "client_reference_id", o->order_id);
	pay_form_add(&f, "metadata[order_id]", o->order_id);
	/* pay_start keeps it inside Stripe's 30 minutes to 24 hours; the
	 * same value again when the create is asked again under its key. */
	pay_form_add(&f, "expires_at", arena_printf(a, "%lld",
	                                            (long long)o->expires_at));
	pay_form_add(&f, "locale", strcmp(o->lang, "en") == 0 ? "en" : "ja");
	/* Our order id as the key: a retried create returns the same session. */
	json_t *j = stripe_call_t(p, a, "POST", "/v1/checkout/sessions", f.data,
	                          o->order_id, p->create_timeout_s, &status, err,
	                          errlen);
	int rc = status == 0 ? 1 : -1;
	if (j && status == 200) {
		pay_json_str(j, "id", out->ref, sizeof out->ref);
		pay_json_str(j, "url", out->url, sizeof out->url);
		if (pay_ref_safe(out->ref) && out->url[0])
			rc = 0;
		else
			snprintf(err, errlen, "no session id or url in the answer");
	}
	json_decref(j);
	return rc;
}

static int stripe_lookup(struct pay_account *p, struct arena *a, const char *ref,
                         const char *order_id, struct pay_status *out,
                         char *err, size_t errlen)
{
	long status;
	(void)order_id;
	if (!pay_ref_safe(ref)) {
		snprintf(err, errlen, "bad session id");
		return -1;
	}
	json_t *j = stripe_call(p, a, "GET",
	                        arena_printf(a, "/v1/checkout/sessions/%s", ref),
	                        NULL, NULL, &status, err, errlen);
	int rc = -1;
	if (j && status == 200) {
		session_read(j, out);
		rc = 0;
	}
	json_decref(j);
	return rc;
}

static int stripe_verify(struct pay_account *p, struct arena *a,
                         const struct pay_notice *n, struct pay_verified *out,
                         char *err, size_t errlen)
{
	const char *h = n->header(n->ctx, "Stripe-Signature");
	if (pay_stripe_check(a, p->hook_secret, h, n->body, n->len, n->now,
	                     p->tolerance_s, err, errlen) != 0)
		return -1;
	if (pay_stripe_event(n->body, n->len, out) != 0) {
		snprintf(err, errlen, "not a Stripe event");
		return -1;
	}
	return 0;
}

static int stripe_cancel(struct pay_account *p, struct arena *a, const char *ref,
                         const char *order_id, char *err, size_t errlen)
{
	long status;
	(void)order_id;
	if (!pay_ref_safe(ref)) {
		snprintf(err, errlen, "bad session id");
		return -1;
	}
	json_t *j = stripe_call(p, a, "POST",
	                        arena_printf(a, "/v1/checkout/sessions/%s/expire", ref),
	                        "", NULL, &status, err, errlen);
	json_decref(j);
	return status == 200 ? 0 : -1;
}

static enum pay_refund_state refund_state_of(const char *s)
{
	if (strcmp(s, "succeeded") == 0)
		return PAY_REFUND_SUCCEEDED;
	if (strcmp(s, "failed") == 0 || strcmp(s, "canceled") == 0)
		return PAY_REFUND_FAILED;
	return PAY_REFUND_PENDING; /* pending, requires_action */
}

/* A refund object; -1 when it is not one of paid's. */
static int refund_read(json_t *r, const struct pay_status *paid,
                       struct pay_refund_info *out)
{
	char pi[128], st[32];
	memset(out, 0, sizeof *out);
	pay_json_str(r, "id", out->ref, sizeof out->ref);
	pay_json_str(r, "payment_intent", pi, sizeof pi);
	pay_json_str(r, "status", st, sizeof st);
	out->amount = pay_json_amount(json_object_get(r, "amount"));
	out->state = refund_state_of(st);
	if (!pay_ref_safe(out->ref) || out->amount <= 0 ||
	    strcmp(pi, paid->payment_ref) != 0)
		return -1;
	return 0;
}

static int stripe_refund(struct pay_account *p, struct arena *a,
                         const struct pay_status *paid, long amount,
                         const char *refund_key, struct pay_refund_info *out,
                         char *err, size_t errlen)
{
	struct buf f;
	long status;
	if (!pay_ref_safe(paid->payment_ref)) {
		snprintf(err, errlen, "no payment_intent to refund");
		return -1;
	}
	buf_init(&f, a);
	pay_form_add(&f, "payment_intent", paid->payment_ref);
	pay_form_add(&f, "amount", arena_printf(a, "%ld", amount));
	pay_form_add(&f, "reason", "requested_by_customer");
	pay_form_add(&f, "metadata[refund_key]", refund_key);
	json_t *j = stripe_call_t(p, a, "POST", "/v1/refunds", f.data, refund_key,
	                          p->create_timeout_s, &status, err, errlen);
	int rc = status == 0 ? 1 : -1;
	if (j && status == 200) {
		if (refund_read(j, paid, out) == 0 && out->amount == amount) {
			snprintf(out->key, sizeof out->key, "%s", refund_key);
			rc = 0;
		} else {
			snprintf(err, errlen, "the refund does not match what was asked");
			rc = -1;
		}
	}
	json_decref(j);
	return rc;
}

static int stripe_refund_status(struct pay_account *p, struct arena *a,
                                const struct pay_status *paid,
                                const struct pay_refund_info *asked,
                                struct pay_refund_info *out, char *err,
                                size_t errlen)
{
	long status;
	if (!pay_ref_safe(asked->ref))
		/* Never answered: asking again with the same key is safe. */
		return stripe_refund(p, a, paid, asked->amount, asked->key, out,
		                     err, errlen) == 0 ? 0 : -1;
	json_t *j = stripe_call(p, a, "GET", arena_printf(a, "/v1/refunds/%s",
	                        asked->ref), NULL, NULL, &status, err, errlen);
	int rc = -1;
	if (j && status == 200) {
		if (refund_read(j, paid, out) == 0 && out->amount == asked->amount) {
			snprintf(out->key, sizeof out->key, "%s", asked->key);
			rc = 0;
		} else {
			snprintf(err, errlen, "the refund does not match what was asked");
		}
	}
	json_decref(j);
	return rc;
}

static int stripe_refunds(struct pay_account *p, struct arena *a,
                          const struct pay_status *paid,
                          struct pay_refund_info *out, size_t max, size_t *n,
                          char *err, size_t errlen)
{
	long status;
	*n = 0;
	if (!pay_ref_safe(paid->payment_ref))
		return 0; /* nothing was paid, nothing refunded */
	json_t *j = stripe_call(p, a, "GET", arena_printf(a, "/v1/refunds?"
	                        "payment_intent=%s&limit=100", paid->payment_ref),
	                        NULL, NULL, &status, err, errlen);
	int rc = -1;
	if (j && status == 200) {
		json_t *r;
		size_t i;
		json_array_foreach(json_object_get(j, "data"), i, r) {
			if (*n < max && refund_read(r, paid, &out[*n]) == 0) {
				json_t *md = json_object_get(r, "metadata");
				pay_json_str(md, "refund_key", out[*n].key, sizeof out[*n].key);
				(*n)++;
			}
		}
		rc = 0;
	}
	json_decref(j);
	return rc;
}

const struct pay_adapter pay_stripe_adapter = {
	.name = "stripe",
	.conf_name = "Stripe",
	.open = stripe_open,
	.create = stripe_create,
	.lookup = stripe_lookup,
	.verify = stripe_verify,
	.cancel = stripe_cancel,
	.refund = stripe_refund,
	.refund_status = stripe_refund_status,
	.refunds = stripe_refunds,
	/* Stripe takes any 2xx. */
	.ack_type = "text/plain; charset=utf-8",
	.ack_body = "OK",
};

/* Online fee payment: our own state machine over one payment row per
 * attempt (keyed by our random order id), and one adapter per provider
 * (lib/pay-NAME.c) that speaks the provider's wire format through
 * lib/fetch.h. The facts behind each adapter are in the research note on
 * payments (wire formats, signatures, acknowledgements).
 *
 * A payment is marked paid only from a verified notification or a
 * server-to-server lookup, never from the browser's return alone
 * (DESIGN.md rule 9). Every report is written as a payment_event with a
 * unique key in the same transaction as the state change it causes, so a
 * duplicate or a concurrent delivery changes nothing. States only move
 * forward: created → redirected → pending → failed | cancelled | expired
 * → paid | review → refunded (a late "pending" or "expired" never
 * overwrites "paid"; a payment the provider confirms after it looked
 * expired still counts, since the money was taken). */
#ifndef KAIJI_PAY_H
#define KAIJI_PAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include <ClearSilver/ClearSilver.h>
#include <jansson.h>

#include "arena.h"
#include "db.h"
#include "fetch.h"
#include "profile.h"

enum pay_state {
	PAY_CREATED,    /* our row exists; the provider was not asked yet */
	PAY_REDIRECTED, /* open at the provider, the citizen sent there */
	PAY_PENDING,    /* the provider has it, money not confirmed */
	PAY_FAILED,
	PAY_CANCELLED,
	PAY_EXPIRED,    /* only after the provider confirmed it unpaid */
	PAY_PAID,
	PAY_REVIEW,     /* amount, currency or order did not match: staff */
	PAY_REFUNDED,
	PAY_STATE__MAX,
	PAY_NONE = -1,  /* a report that says nothing about the state */
};

const char *pay_state_name(enum pay_state s);
int pay_state_parse(const char *s, enum pay_state *out);
/* Forward only: a higher rank replaces a lower one. */
bool pay_transition_allowed(enum pay_state from, enum pay_state to);
/* created, redirected or pending. */
bool pay_state_open(enum pay_state s);

/* What we ask a provider for. Nothing about the citizen: the amount, our
 * opaque order id and a generic description. */
struct pay_order {
	const char *order_id;
	long amount;
	const char *description;
	const char *return_url, *cancel_url, *notify_url;
	const char *lang; /* "ja" or "en" */
	time_t expires_at;
};

struct pay_created {
	char ref[128];   /* cs_…, codeId… */
	char url[2048];  /* the provider's page for the browser */
};

/* What a provider says about a payment (lookup or notification). Empty
 * strings and amount -1 for what it did not say. */
struct pay_status {
	enum pay_state state;
	long amount;
	char currency[8];
	char order_id[72];
	char ref[128];         /* the object we created (cs_…, codeId) */
	char payment_ref[128]; /* the money (pi_…, paymentId), for refunds */
	char merchant[128];
	/* A payment made later with numbers (コンビニ, Pay-easy): what the
	 * citizen needs to pay, shown on the status page while pending. */
	char slip_kind[16];  /* "cvs", "payeasy" */
	char slip_code[16];  /* the store chain (CvsCode) or 収納機関番号 */
	char slip_no[64];    /* 受付番号 / お客様番号 */
	char slip_conf[64];  /* 確認番号 */
	char slip_due[20];   /* the deadline, Japan time YYYY-MM-DDTHH:MM */
};

/* A notification as it arrived: the exact bytes and the headers. */
struct pay_notice {
	const char *body;
	size_t len;
	const char *content_type;
	const char *(*header)(void *ctx, const char *name); /* "Stripe-Signature" */
	void *ctx;
	time_t now;
};

struct pay_verified {
	struct pay_status status;
	char key[200];   /* unique per provider event: provider:evt_… or provider:sha256 */
	char kind[64];   /* the provider's event type */
	bool needs_lookup; /* unsigned: confirm by a lookup */
	bool ignore;       /* a kind we do not act on: acknowledge only */
};

struct pay_account;

/* A refund at the provider. PayPay refunds asynchronously (accepted as
 * CREATED, later REFUNDED or FAILED); Stripe's card refunds succeed at
 * once but may be pending too. */
enum pay_refund_state {
	PAY_REFUND_PENDING,
	PAY_REFUND_SUCCEEDED,
	PAY_REFUND_FAILED,
};

struct pay_refund_info {
	char key[128];  /* ours (PayPay merchantRefundId), "" when not ours */
	char ref[128];  /* the provider's id (re_…; PayPay: merchantRefundId) */
	long amount;
	enum pay_refund_state state;
};

/* One provider's wire format. Functions return 0, or -1 with a reason
 * (never personal data, never a secret) in err. */
struct pay_adapter {
	const char *name;      /* "stripe": URL segment, profile word, row */
	const char *conf_name; /* "Stripe": the Kaiji.Pay block */
	int (*open)(struct pay_account *p, HDF *node, char *err, size_t errlen);
	/* 0 created, -1 refused, 1 no answer (timed out: the provider may
	 * have made it; asking again under the same key is safe). */
	int (*create)(struct pay_account *p, struct arena *a,
	              const struct pay_order *o, struct pay_created *out,
	              char *err, size_t errlen);
	int (*lookup)(struct pay_account *p, struct arena *a, const char *ref,
	              const char *order_id, struct pay_status *out, char *err,
	              size_t errlen);
	/* Check a notification: signature and time window where the provider
	 * signs, the shape of the body where it does not (needs_lookup). */
	int (*verify)(struct pay_account *p, struct arena *a,
	              const struct pay_notice *n, struct pay_verified *out,
	              char *err, size_t errlen);
	/* Close an unpaid payment at the provider (expire, delete the code). */
	int (*cancel)(struct pay_account *p, struct arena *a, const char *ref,
	              const char *order_id, char *err, size_t errlen);
	/* Ask for a refund under refund_key (idempotent: the same key asked
	 * again answers the same refund). 0 with out filled, -1 refused, 1
	 * when the outcome is unknown (no answer: ask again later). */
	int (*refund)(struct pay_account *p, struct arena *a,
	              const struct pay_status *paid, long amount,
	              const char *refund_key, struct pay_refund_info *out,
	              char *err, size_t errlen);
	/* What became of a refund we asked for: its state, after checking
	 * that the provider's answer echoes its amount and payment. */
	int (*refund_status)(struct pay_account *p, struct arena *a,
	                     const struct pay_status *paid,
	                     const struct pay_refund_info *asked,
	                     struct pay_refund_info *out, char *err,
	                     size_t errlen);
	/* Every refund of a payment at the provider, whoever made it (the
	 * dashboard too): up to max into out, *n of them. */
	int (*refunds)(struct pay_account *p, struct arena *a,
	               const struct pay_status *paid, struct pay_refund_info *out,
	               size_t max, size_t *n, char *err, size_t errlen);
	/* The browser's return carries a signed parameter (GMO's result):
	 * check it and give the order id it names. NULL when the return
	 * carries nothing to check (Stripe, PayPay). 0, or -1. */
	int (*check_return)(struct pay_account *p, struct arena *a,
	                    const char *result, char *order_id, size_t n,
	                    char *err, size_t errlen);
	/* A cancel that succeeded closes the payment even when the lookup
	 * cannot tell an unused page from a closed one (GMO: an unused link
	 * has no trade to search). */
	bool cancel_final;
	const char *ack_type, *ack_body; /* what the provider wants back */
};

extern const struct pay_adapter pay_stripe_adapter, pay_paypay_adapter,
    pay_gmo_adapter;

/* A configured provider: its block of Kaiji.Pay, the hosts libcurl may
 * reach, the secrets. Filled by the adapter's open. */
struct pay_account {
	const struct pay_adapter *ad;
	struct fetch *fetch;
	char api_base[512];
	struct fetch_hosts api_hosts;  /* derived from api_base */
	struct fetch_hosts page_hosts; /* where we send the browser */
	char ca_file[512];
	char proxy[512], proxy_ca[512]; /* Kaiji.Pay.Proxy, ProxyCaFile */
	long timeout_s;        /* lookups, cancels */
	long create_timeout_s; /* creates and refunds: PayPay documents 30 s */
	long tolerance_s;
	char api_key[256];
	char secret[256];
	char hook_secret[256];
	char merchant[128];
	char api_version[64]; /* Stripe-Version */
	char config_id[64];   /* GMO's 設定ID (ConfigId) */
	char methods[64];     /* GMO's PayMethods, space separated */
};

struct pay;

/* Open every provider that has a block under Kaiji.Pay (a missing block
 * is no error: that provider is not offered). Makes the one curl handle.
 * 0 or -1 with err. */
int pay_open(HDF *cfg, struct pay **out, char *err, size_t errlen);
void pay_close(struct pay *pay);
/* NULL when that provider is not configured. */
struct pay_account *pay_account_get(struct pay *pay, const char *name);
bool pay_sandbox(const struct pay *pay);

/* Read a config value: node.NAME, or the first line of the file named by
 * node.NAMEFile (which must not be readable by others). 0, 1 when
 * neither is set, -1 on error. */
int pay_conf_secret(HDF *node, const char *name, char *out, size_t outlen,
                    char *err, size_t errlen);
/* Read no secret file from now on (a placeholder instead): for kaijictl
 * check-config, which checks the blocks' shape. */
void pay_conf_check_only(bool on);
/* Set api_base, api_hosts, page_hosts, ca_file from node; ApiBase must be
 * an https URL. */
int pay_conf_common(struct pay_account *p, HDF *node, char *err,
                    size_t errlen);

/* Helpers for adapters. */
void pay_form_add(struct buf *b, const char *name, const char *value);
char *pay_hmac_sha256_hex(struct arena *a, const char *key, const void *msg,
                          size_t len);
bool pay_hex_equal(const char *a, const char *b);
/* A provider id that may go into a URL path: [A-Za-z0-9_-], 1–127. */
bool pay_ref_safe(const char *s);
/* Copy a JSON string member ("" when absent or not a string). */
void pay_json_str(json_t *obj, const char *key, char *out, size_t outlen);
/* An integer member, or a string of digits (PayPay's order_amount); -1. */
long pay_json_amount(json_t *v);
char *pay_sha256_hex(struct arena *a, const void *msg, size_t len);

/* Whether a fee can be paid online here: the reason when not. */
enum pay_offer {
	PAY_OFFER_OK,
	PAY_OFFER_NOT_ACCEPTED,   /* the city takes no online payment */
	PAY_OFFER_NOT_CONFIGURED, /* no provider block for the city's provider */
	PAY_OFFER_BELOW_MINIMUM,  /* e.g. Stripe's ¥50 */
	PAY_OFFER_NOTHING_DUE,
};
enum pay_offer pay_offer(struct pay *pay, const struct profile *prof,
                         long amount_due);
const char *pay_offer_name(enum pay_offer o);
const char *pay_provider_name(const struct profile *prof);
/* The configuration node of a provider by its name ("stripe" → "Stripe"),
 * NULL for none (lib/pay-offer.c). */
const char *pay_provider_conf_name(const char *name);
/* Pay.Agent and Pay.AgentNotice: the designated payment agent
 * (指定納付受託者) and the 告示 of its designation, which the payment
 * pages name (地方自治法231条の2の3). */
struct req;
void pay_agent_to_view(struct req *req, const struct profile *prof);
/* The origins of the city's provider's payment pages (PageHosts) as CSP
 * sources, "https://host https://host:port", for the form-action of a
 * page whose form posts to /pay/start (that answer redirects there);
 * NULL when the city has no configured provider. */
const char *pay_form_sources(HDF *cfg, const struct profile *prof,
                             struct arena *a);

/* A payment row. */
struct pay_row {
	long long id, fee_id, request_id;
	const char *part; /* the fee's: "main", or "rest" (法84) */
	const char *order_id, *provider, *provider_ref, *redirect_url, *currency;
	long amount, refunded;
	enum pay_state state;
	long long expires_at;
	const char *created_at, *updated_at;
};
/* 0 found, 1 not found, -1 error. */
int pay_row_load(struct db *db, struct arena *a, const char *order_id,
                 struct pay_row *out);

/* pay_start's outcome. */
enum pay_start_result {
	PAY_START_REDIRECT,      /* url is the provider's page */
	PAY_START_NO_FEE,        /* nothing due */
	PAY_START_NOT_OFFERED,   /* see offer */
	PAY_START_IN_PROGRESS,   /* a payment is pending or being started */
	PAY_START_ALREADY_PAID,
	PAY_START_PROVIDER_ERROR,
	PAY_START_UNAVAILABLE,   /* libcurl cannot be loaded (logged) */
	PAY_START_ERROR,
};

struct pay_start_out {
	enum pay_start_result result;
	enum pay_offer offer;
	const char *url;
	const char *order_id;
	bool reused;
};

/* Start (or reuse) the payment of the request's due fee for the part
 * ("main", or "rest": 法84, the rest decided later has its own fee):
 * one open payment per fee. base_url + base_path make the return and
 * notify URLs. */
int pay_start(struct pay *pay, struct db *db, struct arena *a,
              const struct profile *prof, long long request_id,
              const char *part, const char *base_url, const char *base_path, const char *lang,
              struct pay_start_out *out);

/* Look the payment up at the provider and apply what it says.
 * source: "return", "reconcile". state gets the row's state afterwards. */
int pay_settle(struct pay *pay, struct db *db, struct arena *a,
               const char *order_id, const char *source,
               enum pay_state *state, char *err, size_t errlen);

/* The lookups a stranger can start (issue 16 item 10), per order and per
 * door ("notify": an unverifiable notification; "return": the return
 * URL): 1 when this one may ask the provider now (then pay_lookup_done
 * after it), 0 when a lookup is running or ended less than
 * PAY_LOOKUP_GAP seconds ago, -1 on a database error. */
#define PAY_LOOKUP_GAP 3
int pay_lookup_claim(struct db *db, struct arena *a, const char *order_id,
                     const char *door);
void pay_lookup_done(struct db *db, struct arena *a, const char *order_id,
                     const char *door);

/* Apply a report within one transaction: the event under key, then the
 * state change if it moves forward. *changed tells whether it did;
 * *duplicate that key was already recorded (nothing was done). */
int pay_apply(struct db *db, struct arena *a, const char *order_id,
              const struct pay_status *st, const char *key, const char *kind,
              const char *source, bool *changed, bool *duplicate);

/* Close at the provider every open payment of the request (0: of every
 * request) whose fee changed, was waived or was paid another way since
 * it started, and write the request's payment_cancelled event for each
 * one closed. Called right after such a change commits (desk, kaijictl),
 * by pay_start and by reconcile (which retries what could not be
 * reached). Returns how many were closed, or -1. */
int pay_close_superseded(struct pay *pay, struct db *db, struct arena *a,
                         long long request_id, const char *source);

/* A notification for the named provider. Returns the HTTP status to
 * answer: 200 (acknowledge: the provider's ack_type and ack_body), 400
 * (rejected, nothing changed), 404 (no such provider), 500 (try again),
 * 503 (an unverifiable one while a lookup of its order is recent: come
 * again in a few seconds). */
int pay_notify(struct pay *pay, struct db *db, struct arena *a,
               const char *provider, const struct pay_notice *n);

/* Settle every payment left in created, redirected or pending for at
 * least older_s seconds; expire at the provider what is past its time;
 * close what a fee change left open; then pay_reconcile_refunds.
 * Writes one line per payment to out. Returns how many failed. */
int pay_reconcile(struct pay *pay, struct db *db, struct arena *a,
                  long older_s, FILE *out);

/* Refund a paid payment, wholly (amount 0: all not yet refunded or
 * pending) or partly. A payment_refund row is written first (pending);
 * when the provider confirms at once (Stripe) the refund is settled:
 * payment_event, the request's fee_refunded event, and for a whole refund
 * the payment and fee states. When the provider only accepts it (PayPay)
 * or does not answer, *pending is set and reconcile settles it later.
 * actor: "staff:ID" or "kaijictl". 0, or -1 with err. */
int pay_refund(struct pay *pay, struct db *db, struct arena *a,
               const char *order_id, long amount, const char *reason,
               const char *actor, bool *pending, char *err, size_t errlen);

/* Refunds in reconcile: refunds made in a provider's dashboard are found
 * (recorded with source "dashboard") and pending refunds are asked about
 * until they succeed or fail. Writes a line per change to out; returns
 * how many failed, or -1. */
int pay_reconcile_refunds(struct pay *pay, struct db *db, struct arena *a,
                          FILE *out);

#endif

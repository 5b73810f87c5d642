/* lib/pay: the state machine, pay_apply's idempotency and checks on a
 * real SQLite file, and what is offered under each profile. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "pay.h"
#include "tap.h"
#include "token.h"

static struct fixture fx;
static struct db *db;
static const struct profile *prof;

/* The default profile (Yamagata), its agencies, one decided request with
 * a 300 yen fee and two of its payments. */
static int setup(void)
{
	if (fixture_open(&fx, "yamagata", 1) != 0)
		return -1;
	db = fx.db;
	prof = &fx.prof;
	return sqlite3_exec(db_handle(db),
	    "INSERT INTO request (id, ref, year, seq, kind, state, agency_id, channel,"
	    " code_hash, received_on, due_on, requester_name, data, created_at, updated_at)"
	    " VALUES (1, '2026-000001', 2026, 1, 'disclosure', 'decided', 'mayor', 'online',"
	    " 'h', '2026-01-05', '2026-01-19', 'n', '{}', 't', 't');"
	    "INSERT INTO fee (id, request_id, amount_yen, state, created_at)"
	    " VALUES (1, 1, 300, 'due', 't');"
	    "INSERT INTO payment (order_id, fee_id, provider, provider_ref, amount_yen,"
	    " state, expires_at, created_at, updated_at) VALUES"
	    " ('o1', 1, 'stripe', 'cs_1', 300, 'redirected', 0, 't', 't'),"
	    " ('o2', 1, 'stripe', 'cs_2', 300, 'failed', 0, 't', 't');",
	    NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static long long count(const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;
	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static const char *state_of(struct arena *a, const char *oid)
{
	struct pay_row r;
	return pay_row_load(db, a, oid, &r) == 0 ? pay_state_name(r.state) : "?";
}

static struct pay_status report(enum pay_state s, long amount, const char *ref)
{
	struct pay_status st;
	memset(&st, 0, sizeof st);
	st.state = s;
	st.amount = amount;
	snprintf(st.currency, sizeof st.currency, "jpy");
	snprintf(st.ref, sizeof st.ref, "%s", ref);
	return st;
}

static void machine(void)
{
	TAP_OK(pay_transition_allowed(PAY_REDIRECTED, PAY_PAID), "pay: redirected -> paid");
	TAP_OK(pay_transition_allowed(PAY_EXPIRED, PAY_PAID), "pay: expired -> paid (money was taken)");
	TAP_OK(!pay_transition_allowed(PAY_PAID, PAY_PENDING), "pay-bad: paid -> pending");
	TAP_OK(!pay_transition_allowed(PAY_PAID, PAY_EXPIRED), "pay-bad: paid -> expired");
	TAP_OK(!pay_transition_allowed(PAY_FAILED, PAY_EXPIRED), "pay-bad: failed -> expired");
	TAP_OK(!pay_transition_allowed(PAY_PENDING, PAY_REFUNDED), "pay-bad: refund of unpaid");
	TAP_OK(pay_transition_allowed(PAY_PAID, PAY_REFUNDED), "pay: paid -> refunded");
	TAP_OK(!pay_transition_allowed(PAY_REFUNDED, PAY_PAID), "pay-bad: refunded -> paid");
}

static void apply(struct arena *a)
{
	bool changed, dup;
	struct pay_status pending = report(PAY_PENDING, 300, "cs_1");
	TAP_INTEQ(pay_apply(db, a, "o1", &pending, "k1", "t", "test", &changed, &dup), 0,
	          "apply: pending");
	TAP_OK(changed && !dup, "apply: redirected -> pending changed");
	struct pay_status paid = report(PAY_PAID, 300, "cs_1");
	TAP_INTEQ(pay_apply(db, a, "o1", &paid, "k2", "t", "test", &changed, &dup), 0, "apply: paid");
	TAP_STREQ(state_of(a, "o1"), "paid", "apply: row is paid");
	TAP_INTEQ(count("SELECT COUNT(*) FROM fee WHERE state = 'paid' AND paid_via = 'online'"), 1,
	          "apply: fee is paid online");
	TAP_INTEQ(count("SELECT COUNT(*) FROM event WHERE kind = 'fee_paid'"), 1,
	          "apply: one fee_paid event");
	TAP_INTEQ(pay_apply(db, a, "o1", &paid, "k2", "t", "test", &changed, &dup), 0,
	          "apply: same key again");
	TAP_OK(dup && !changed, "apply: duplicate key changes nothing");
	TAP_INTEQ(count("SELECT COUNT(*) FROM payment_event WHERE key = 'k2'"), 1,
	          "apply: one event for the key");
	struct pay_status late = report(PAY_EXPIRED, 300, "cs_1");
	TAP_INTEQ(pay_apply(db, a, "o1", &late, "k3", "t", "test", &changed, &dup), 0,
	          "apply: expired after paid");
	TAP_OK(!changed && !dup, "apply-bad: late expired recorded, not applied");
	TAP_STREQ(state_of(a, "o1"), "paid", "apply: stays paid");
	TAP_INTEQ(count("SELECT COUNT(*) FROM event WHERE kind = 'fee_paid'"), 1,
	          "apply: still one fee_paid event");
	/* A second payment of the same fee paid at the provider. */
	struct pay_status paid2 = report(PAY_PAID, 300, "cs_2");
	TAP_INTEQ(pay_apply(db, a, "o2", &paid2, "k4", "t", "test", &changed, &dup), 0,
	          "apply: second payment paid");
	TAP_STREQ(state_of(a, "o2"), "review", "apply-bad: a fee is never paid twice: review");
	TAP_INTEQ(count("SELECT COUNT(*) FROM event WHERE kind = 'fee_paid'"), 1,
	          "apply: no second fee_paid");
	/* issue 18: staff hear of a payment held for review, in the same
	 * transaction (lib/mail.h). */
	TAP_INTEQ(count("SELECT COUNT(*) FROM mail_outbox WHERE recipient = 'staff'"
	                " AND template = 'paid_review'"), 1, "apply: review queues staff's mail");
}

static void mismatch(struct arena *a)
{
	bool changed, dup;
	sqlite3_exec(db_handle(db),
	    "INSERT INTO request (id, ref, year, seq, kind, state, agency_id, channel,"
	    " code_hash, received_on, due_on, requester_name, data, created_at, updated_at)"
	    " VALUES (2, '2026-000002', 2026, 2, 'disclosure', 'decided', 'mayor', 'online',"
	    " 'h', '2026-01-05', '2026-01-19', 'n', '{}', 't', 't');"
	    "INSERT INTO fee (id, request_id, amount_yen, state, created_at) VALUES (2, 2, 500, 'due', 't');"
	    "INSERT INTO payment (order_id, fee_id, provider, provider_ref, amount_yen,"
	    " state, expires_at, created_at, updated_at) VALUES"
	    " ('o3', 2, 'stripe', 'cs_3', 500, 'redirected', 0, 't', 't');",
	    NULL, NULL, NULL);
	struct pay_status wrong = report(PAY_PAID, 50, "cs_3");
	pay_apply(db, a, "o3", &wrong, "k5", "t", "test", &changed, &dup);
	TAP_STREQ(state_of(a, "o3"), "review", "apply-bad: wrong amount held for review");
	TAP_INTEQ(count("SELECT COUNT(*) FROM fee WHERE id = 2 AND state = 'due'"), 1,
	          "apply-bad: wrong amount does not pay the fee");
	struct pay_status right = report(PAY_PAID, 500, "cs_3");
	pay_apply(db, a, "o3", &right, "k6", "t", "test", &changed, &dup);
	TAP_STREQ(state_of(a, "o3"), "review", "apply: a held payment stays held for staff");
	TAP_INTEQ(count("SELECT COUNT(*) FROM mail_outbox WHERE recipient = 'staff'"
	                " AND template = 'paid_review' AND request_id = 2"), 1,
	          "apply: one mail per payment held, not per report");
	struct pay_status cur = report(PAY_PAID, 500, "cs_3");
	snprintf(cur.currency, sizeof cur.currency, "usd");
	TAP_OK(!pay_transition_allowed(PAY_REVIEW, PAY_PAID), "apply: review is not left automatically");
}

/* 法84: the rest decided later has its own fee (part 'rest'); its online
 * payment pays it alone, exactly, once, and the request's fee (paid in
 * apply) stays as it was; a second fee row for a part is refused. */
static void rest_part(struct arena *a)
{
	bool changed, dup;
	sqlite3_exec(db_handle(db),
	    "INSERT INTO fee (id, request_id, part, amount_yen, state, created_at)"
	    " VALUES (3, 1, 'rest', 200, 'due', 't');"
	    "INSERT INTO payment (order_id, fee_id, provider, provider_ref, amount_yen,"
	    " state, expires_at, created_at, updated_at) VALUES"
	    " ('o4', 3, 'stripe', 'cs_4', 200, 'redirected', 0, 't', 't'),"
	    " ('o5', 3, 'stripe', 'cs_5', 200, 'failed', 0, 't', 't');",
	    NULL, NULL, NULL);
	TAP_OK(sqlite3_exec(db_handle(db), "INSERT INTO fee (request_id, part, amount_yen,"
	       " state, created_at) VALUES (1, 'rest', 1, 'due', 't')", NULL, NULL, NULL) != SQLITE_OK,
	       "rest-bad: one fee per part (UNIQUE request_id, part)");
	struct pay_row r;
	TAP_OK(pay_row_load(db, a, "o4", &r) == 0 && strcmp(r.part, "rest") == 0,
	       "rest: the payment knows its fee's part");
	struct pay_status wrong = report(PAY_PAID, 300, "cs_4");
	TAP_INTEQ(pay_apply(db, a, "o4", &wrong, "k7", "t", "test", &changed, &dup), 0,
	          "rest: the request's amount reported for the rest's payment");
	TAP_STREQ(state_of(a, "o4"), "review", "rest-bad: the payment must match the rest's fee");
	TAP_INTEQ(count("SELECT COUNT(*) FROM fee WHERE id = 3 AND state = 'due'"), 1,
	          "rest-bad: a wrong amount does not pay the rest");
	struct pay_status paid = report(PAY_PAID, 200, "cs_5");
	sqlite3_exec(db_handle(db), "UPDATE payment SET state = 'redirected' WHERE order_id = 'o5'",
	             NULL, NULL, NULL);
	TAP_INTEQ(pay_apply(db, a, "o5", &paid, "k8", "t", "test", &changed, &dup), 0,
	          "rest: paid at the provider");
	TAP_STREQ(state_of(a, "o5"), "paid", "rest: the rest's payment is paid");
	TAP_INTEQ(count("SELECT COUNT(*) FROM fee WHERE id = 3 AND state = 'paid' AND paid_via = 'online'"), 1,
	          "rest: the rest's fee is paid online");
	TAP_INTEQ(count("SELECT COUNT(*) FROM fee WHERE id = 1 AND state = 'paid'"), 1,
	          "rest: the request's fee is as it was");
	TAP_INTEQ(count("SELECT COUNT(*) FROM event WHERE kind = 'fee_paid' AND "
	                "json_extract(data, '$.part') = 'rest'"), 1, "rest: its fee_paid event says rest");
}

static void offers(void)
{
	TAP_INTEQ(pay_offer(NULL, prof, 300), PAY_OFFER_NOT_CONFIGURED,
	          "offer: yamagata online without a provider block");
	TAP_STREQ(pay_provider_name(prof), "stripe", "offer: yamagata uses stripe");
}

/* A Stripe block with the given extra settings ("Key=value" lines). */
static int open_with(const char *extra, char *err, size_t errlen)
{
	HDF *h;
	struct pay *pay = NULL;
	hdf_init(&h);
	hdf_set_value(h, "Kaiji.Pay.Stripe.ApiBase", "https://api.stripe.com");
	hdf_set_value(h, "Kaiji.Pay.Stripe.PageHosts", "checkout.stripe.com");
	hdf_set_value(h, "Kaiji.Pay.Stripe.SecretKey", "sk_test_x");
	hdf_set_value(h, "Kaiji.Pay.Stripe.WebhookSecret", "whsec_x");
	char line[256];
	for (const char *p = extra; *p;) {
		size_t n = strcspn(p, "\n");
		snprintf(line, sizeof line, "%.*s", (int)n, p);
		char *eq = strchr(line, '=');
		if (eq) {
			*eq = '\0';
			hdf_set_value(h, line, eq + 1);
		}
		p += n + (p[n] == '\n');
	}
	int rc = pay_open(h, &pay, err, errlen);
	if (rc == 0 && pay_account_get(pay, "stripe") &&
	    strcmp(pay_account_get(pay, "stripe")->api_version, "2024-06-20") != 0 &&
	    strstr(extra, "ApiVersion") == NULL)
		rc = -2;
	pay_close(pay);
	hdf_destroy(&h);
	return rc;
}

/* Issue 17 item 6: what pay_open refuses. */
static void conf_checks(void)
{
	char err[256];
	TAP_INTEQ(open_with("", err, sizeof err), 0, "conf: a Stripe block, Stripe-Version pinned by default");
	TAP_INTEQ(open_with("Kaiji.Pay.ExpireMinutes=30", err, sizeof err), 0, "conf: 30 minutes");
	TAP_INTEQ(open_with("Kaiji.Pay.ExpireMinutes=1440", err, sizeof err), 0, "conf: 24 hours");
	TAP_INTEQ(open_with("Kaiji.Pay.ExpireMinutes=29", err, sizeof err), -1, "conf: -bad- 29 minutes");
	TAP_INTEQ(open_with("Kaiji.Pay.ExpireMinutes=1441", err, sizeof err), -1, "conf: -bad- over 24 hours");
	TAP_INTEQ(open_with("Kaiji.Pay.Stripe.CaFile=/tmp/ca.pem", err, sizeof err), -1,
	          "conf: -bad- CaFile without Sandbox");
	TAP_OK(strstr(err, "Sandbox") != NULL, "conf: the error names Sandbox");
	TAP_INTEQ(open_with("Kaiji.Pay.Sandbox=1\nKaiji.Pay.Stripe.CaFile=/tmp/ca.pem", err, sizeof err), 0,
	          "conf: CaFile with Sandbox = 1");
	TAP_INTEQ(open_with("Kaiji.Pay.Stripe.ApiVersion=2024-09-30.acacia", err, sizeof err), 0,
	          "conf: a named Stripe-Version");
	TAP_INTEQ(open_with("Kaiji.Pay.Stripe.ApiVersion=latest", err, sizeof err), -1,
	          "conf: -bad- Stripe-Version not a version");
	TAP_INTEQ(open_with("Kaiji.Pay.Proxy=http://proxy.city.example.jp:8080", err, sizeof err), 0,
	          "conf: an outbound proxy");
	TAP_INTEQ(open_with("Kaiji.Pay.Proxy=socks5://proxy:1080", err, sizeof err), -1,
	          "conf: -bad- a proxy that is not http(s)");
	TAP_INTEQ(open_with("Kaiji.Pay.ProxyCaFile=/tmp/ca.pem", err, sizeof err), -1,
	          "conf: -bad- a proxy CA without a proxy");
}

/* lib/pay-offer.c names the providers' configuration nodes without
 * loading the adapters (and libcurl): the names agree with them. */
static void conf_names(void)
{
	const struct pay_adapter *const ads[] = { &pay_stripe_adapter,
		                                      &pay_paypay_adapter, &pay_gmo_adapter };
	for (size_t i = 0; i < sizeof ads / sizeof ads[0]; i++) {
		const char *c = pay_provider_conf_name(ads[i]->name);
		TAP_OK(c && strcmp(c, ads[i]->conf_name) == 0,
		       "the page's configuration node of %s is its adapter's", ads[i]->name);
	}
	TAP_OK(pay_provider_conf_name("nobody") == NULL, "-bad- no node for an unknown provider");
}

int main(void)
{
	struct arena *a = arena_new();
	if (setup() != 0) {
		printf("not ok 1 - setup\n");
		return 1;
	}
	machine();
	apply(a);
	mismatch(a);
	rest_part(a);
	offers();
	conf_checks();
	conf_names();
	arena_free(a);
	fixture_close(&fx);
	return TAP_DONE();
}

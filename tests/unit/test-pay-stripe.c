/* Stripe: the research note's webhook vector, the tolerance window both
 * ways, several v1 values (secret rotation), bad headers, and events. */
#include <string.h>

#include <sodium.h>

#include "pay-stripe.h"
#include "tap.h"

static const char secret[] = "whsec_test_secret";
static const char body[] =
    "{\"id\":\"evt_test_1\",\"object\":\"event\",\"type\":\"checkout.session.completed\"}";
static const char want[] =
    "ca796b857b81e24d595a4c37abf88d2fafb533a32ede6ce4cfc9b0e892a35b08";

static int check(struct arena *a, const char *hdr, const char *b, long long now)
{
	char err[128];
	return pay_stripe_check(a, secret, hdr, b, strlen(b), (time_t)now, 300,
	                        err, sizeof err);
}

static void signatures(struct arena *a)
{
	TAP_STREQ(pay_stripe_sign(a, secret, 1700000000, body, strlen(body)), want,
	          "stripe: research vector");
	char *hdr = arena_printf(a, "t=1700000000,v1=%s", want);
	TAP_INTEQ(check(a, hdr, body, 1700000000), 0, "stripe: vector header verifies");
	TAP_INTEQ(check(a, hdr, body, 1700000300), 0, "stripe: 300 s old still accepted");
	TAP_INTEQ(check(a, hdr, body, 1700000301), -1, "stripe-bad: 301 s old (stale) refused");
	TAP_INTEQ(check(a, hdr, body, 1699999000), -1, "stripe-bad: far-future timestamp refused");
	char *rot = arena_printf(a, "t=1700000000,v1=%064d,v0=abc,v1=%s", 0, want);
	TAP_INTEQ(check(a, rot, body, 1700000000), 0, "stripe: any of several v1 values");
	char *v0only = arena_printf(a, "t=1700000000,v0=%s", want);
	TAP_INTEQ(check(a, v0only, body, 1700000000), -1, "stripe-bad: v0 scheme ignored");
	char *other_t = arena_printf(a, "t=1700000001,v1=%s", want);
	TAP_INTEQ(check(a, other_t, body, 1700000000), -1, "stripe-bad: timestamp is signed");
	char tampered[sizeof body];
	memcpy(tampered, body, sizeof body);
	tampered[10] = 'X';
	TAP_INTEQ(check(a, hdr, tampered, 1700000000), -1, "stripe-bad: changed body refused");
	TAP_INTEQ(check(a, NULL, body, 1700000000), -1, "stripe-bad: no header");
	TAP_INTEQ(check(a, "t=abc,v1=00", body, 1700000000), -1, "stripe-bad: t not digits");
	TAP_INTEQ(check(a, "garbage", body, 1700000000), -1, "stripe-bad: garbage header");
	char *upper = arena_printf(a, "t=1700000000,v1=%.63s", want);
	TAP_INTEQ(check(a, upper, body, 1700000000), -1, "stripe-bad: short signature");
}

static void events(void)
{
	struct pay_verified v;
	const char *done =
	    "{\"id\":\"evt_1\",\"type\":\"checkout.session.completed\",\"data\":{\"object\":"
	    "{\"id\":\"cs_test_1\",\"object\":\"checkout.session\",\"amount_total\":300,"
	    "\"currency\":\"jpy\",\"client_reference_id\":\"0123456789abcdef0123456789\","
	    "\"payment_status\":\"paid\",\"status\":\"complete\",\"payment_intent\":\"pi_1\"}}}";
	TAP_INTEQ(pay_stripe_event(done, strlen(done), &v), 0, "stripe: completed event parses");
	TAP_INTEQ(v.status.state, PAY_PAID, "stripe: completed + paid = paid");
	TAP_INTEQ(v.status.amount, 300, "stripe: amount_total");
	TAP_STREQ(v.key, "stripe:evt_1", "stripe: event key is the event id");
	TAP_STREQ(v.status.order_id, "0123456789abcdef0123456789", "stripe: our order id");
	TAP_STREQ(v.status.payment_ref, "pi_1", "stripe: payment intent");
	const char *unpaid =
	    "{\"id\":\"evt_2\",\"type\":\"checkout.session.completed\",\"data\":{\"object\":"
	    "{\"id\":\"cs_test_1\",\"amount_total\":300,\"payment_status\":\"unpaid\","
	    "\"status\":\"complete\",\"metadata\":{\"order_id\":\"x\"}}}}";
	TAP_INTEQ(pay_stripe_event(unpaid, strlen(unpaid), &v), 0, "stripe: unpaid completion parses");
	TAP_INTEQ(v.status.state, PAY_PENDING, "stripe: completed + unpaid = pending (konbini)");
	TAP_STREQ(v.status.order_id, "x", "stripe: order id from metadata when no client_reference_id");
	const char *exp =
	    "{\"id\":\"evt_3\",\"type\":\"checkout.session.expired\",\"data\":{\"object\":"
	    "{\"id\":\"cs_test_1\",\"status\":\"expired\"}}}";
	TAP_INTEQ(pay_stripe_event(exp, strlen(exp), &v), 0, "stripe: expired parses");
	TAP_INTEQ(v.status.state, PAY_EXPIRED, "stripe: expired event");
	const char *other =
	    "{\"id\":\"evt_4\",\"type\":\"customer.created\",\"data\":{\"object\":{}}}";
	TAP_INTEQ(pay_stripe_event(other, strlen(other), &v), 0, "stripe: other event parses");
	TAP_OK(v.ignore, "stripe: other event types are acknowledged only");
	TAP_INTEQ(pay_stripe_event("{", 1, &v), -1, "stripe-bad: broken JSON");
	const char *noobj = "{\"id\":\"evt_5\",\"type\":\"checkout.session.completed\"}";
	TAP_INTEQ(pay_stripe_event(noobj, strlen(noobj), &v), -1, "stripe-bad: no data.object");
	const char *dupkey = "{\"id\":\"a\",\"id\":\"b\",\"type\":\"x\",\"data\":{\"object\":{}}}";
	TAP_INTEQ(pay_stripe_event(dupkey, strlen(dupkey), &v), -1, "stripe-bad: duplicate keys");
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	struct arena *a = arena_new();
	signatures(a);
	events();
	arena_free(a);
	return TAP_DONE();
}

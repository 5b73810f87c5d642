/* PayPay: the research note's OPA-Auth vectors (POST and GET), and the
 * webhook parser. */
#include <string.h>

#include <sodium.h>

#include "pay-paypay.h"
#include "tap.h"

static void auth(struct arena *a)
{
	const char *body = "{\"sampleRequestBodyKey1\":\"sampleRequestBodyValue1\","
	                   "\"sampleRequestBodyKey2\":\"sampleRequestBodyValue2\"}";
	TAP_STREQ(pay_paypay_auth(a, "APIKeyGenerated", "APIKeySecretGenerated", "POST",
	                          "/v2/codes", "application/json;charset=UTF-8;", body,
	                          strlen(body), "acd028", 1579843452),
	          "hmac OPA-Auth:APIKeyGenerated:NW1jKIMnzR7tEhMWtcJcaef+nFVBt7jjAGcVuxHhchc="
	          ":acd028:1579843452:1j0FnY4flNp5CtIKa7x9MQ==",
	          "paypay: documented POST vector");
	TAP_STREQ(pay_paypay_auth(a, "APIKeyGenerated", "APIKeySecretGenerated", "GET",
	                          "/v2/codes/payments/ORDER-0001", "application/json",
	                          NULL, 0, "acd028", 1579843452),
	          "hmac OPA-Auth:APIKeyGenerated:KqaQIs8SDzCqdIddY3NfjOTgTCeUboZuYiF+X0fMAF0="
	          ":acd028:1579843452:empty",
	          "paypay: GET vector (no body: empty)");
	TAP_STREQ(pay_paypay_auth(a, "APIKeyGenerated", "APIKeySecretGenerated", "GET",
	                          "/v2/codes/payments/ORDER-0001?x=1", "application/json",
	                          NULL, 0, "acd028", 1579843452),
	          "hmac OPA-Auth:APIKeyGenerated:KqaQIs8SDzCqdIddY3NfjOTgTCeUboZuYiF+X0fMAF0="
	          ":acd028:1579843452:empty",
	          "paypay: the query is not signed");
	const char *other = pay_paypay_auth(a, "APIKeyGenerated", "other", "POST",
	                                    "/v2/codes", "application/json;charset=UTF-8;",
	                                    body, strlen(body), "acd028", 1579843452);
	TAP_OK(strstr(other, "NW1jKIMnzR7t") == NULL, "paypay-bad: another secret, another MAC");
}

static void events(struct arena *a)
{
	struct pay_verified v;
	const char *n =
	    "{\"notification_type\":\"Transaction\",\"merchant_id\":\"123456789\","
	    "\"store_id\":\"123456\",\"pos_id\":\"123\",\"order_id\":\"123456789123456\","
	    "\"merchant_order_id\":\"A12345\",\"authorized_at\":\"2020-03-13T13:35:30Z\","
	    "\"expires_at\":\"2020-04-13T13:35:29Z\",\"paid_at\":\"2020-04-13T13:35:29Z\","
	    "\"order_amount\":\"12345\",\"state\":\"COMPLETED\"}";
	TAP_INTEQ(pay_paypay_event(a, n, strlen(n), &v), 0, "paypay: documented webhook parses");
	TAP_INTEQ(v.status.state, PAY_PAID, "paypay: COMPLETED = paid");
	TAP_INTEQ(v.status.amount, 12345, "paypay: order_amount is a string");
	TAP_STREQ(v.status.order_id, "A12345", "paypay: merchant_order_id is ours");
	TAP_STREQ(v.status.merchant, "123456789", "paypay: merchant_id");
	TAP_OK(v.needs_lookup, "paypay: unsigned, so confirmed by a lookup");
	TAP_OK(strncmp(v.key, "paypay:", 7) == 0 && strlen(v.key) == 7 + 64,
	       "paypay: key is a hash of the body");
	struct pay_verified w;
	pay_paypay_event(a, n, strlen(n), &w);
	TAP_STREQ(w.key, v.key, "paypay: same body, same key");
	const char *f = "{\"notification_type\":\"file.created\"}";
	TAP_INTEQ(pay_paypay_event(a, f, strlen(f), &v), 0, "paypay: file.created parses");
	TAP_OK(v.ignore, "paypay: file.created acknowledged only");
	const char *bad_amount =
	    "{\"notification_type\":\"Transaction\",\"merchant_id\":\"1\","
	    "\"merchant_order_id\":\"A\",\"order_amount\":\"-5\",\"state\":\"COMPLETED\"}";
	TAP_INTEQ(pay_paypay_event(a, bad_amount, strlen(bad_amount), &v), 0,
	          "paypay: a bad amount still parses (the lookup decides)");
	TAP_INTEQ(v.status.amount, -1, "paypay-bad: negative order_amount is no amount");
	const char *no_state =
	    "{\"notification_type\":\"Transaction\",\"merchant_id\":\"1\","
	    "\"merchant_order_id\":\"A\",\"order_amount\":\"5\",\"state\":\"WHAT\"}";
	TAP_INTEQ(pay_paypay_event(a, no_state, strlen(no_state), &v), -1,
	          "paypay-bad: unknown state refused");
	const char *no_merchant =
	    "{\"notification_type\":\"Transaction\",\"merchant_order_id\":\"A\","
	    "\"order_amount\":\"5\",\"state\":\"COMPLETED\"}";
	TAP_INTEQ(pay_paypay_event(a, no_merchant, strlen(no_merchant), &v), -1,
	          "paypay-bad: no merchant refused");
	TAP_INTEQ(pay_paypay_event(a, "[]", 2, &v), -1, "paypay-bad: not an object");
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	struct arena *a = arena_new();
	auth(a);
	events(a);
	arena_free(a);
	return TAP_DONE();
}

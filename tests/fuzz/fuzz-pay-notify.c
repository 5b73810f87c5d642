/* libFuzzer harness for the notification parsers of lib/pay-stripe.c and
 * lib/pay-paypay.c. Input: first line = a Stripe-Signature header, the rest
 * = the body. The body goes through the signature check (with a fixed
 * secret and clock) and through both event parsers, whatever the check
 * says: the parsers must hold on any bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "pay-paypay.h"
#include "pay-stripe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                   \
	do {                                                               \
		if (!(cond))                                               \
			abort();                                           \
	} while (0)

static void fuzz_check_verified(const struct pay_verified *v)
{
	FUZZ_CHECK(memchr(v->key, '\0', sizeof v->key) != NULL);
	FUZZ_CHECK(memchr(v->kind, '\0', sizeof v->kind) != NULL);
	FUZZ_CHECK(memchr(v->status.order_id, '\0', sizeof v->status.order_id) != NULL);
	FUZZ_CHECK(v->status.state >= PAY_NONE && v->status.state < PAY_STATE__MAX);
	FUZZ_CHECK(v->status.amount >= -1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	if (!ready) {
		if (sodium_init() < 0)
			abort();
		ready = 1;
	}
	const uint8_t *nl = memchr(data, '\n', size);
	size_t hlen = nl ? (size_t)(nl - data) : 0;
	char *hdr = malloc(hlen + 1);
	char *body = malloc(size - (nl ? hlen + 1 : 0) + 1);
	if (hdr == NULL || body == NULL) {
		free(hdr);
		free(body);
		return 0;
	}
	memcpy(hdr, data, hlen);
	hdr[hlen] = '\0';
	size_t blen = size - (nl ? hlen + 1 : 0);
	memcpy(body, data + (nl ? hlen + 1 : 0), blen);
	body[blen] = '\0';

	struct arena *a = arena_new();
	char err[128];
	struct pay_verified v;
	int rc = pay_stripe_check(a, "whsec_test_secret", hdr, body, blen,
	                          1700000000, 300, err, sizeof err);
	FUZZ_CHECK(rc == 0 || rc == -1);
	if (pay_stripe_event(body, blen, &v) == 0) {
		fuzz_check_verified(&v);
		FUZZ_CHECK(strncmp(v.key, "stripe:", 7) == 0);
	}
	if (pay_paypay_event(a, body, blen, &v) == 0) {
		fuzz_check_verified(&v);
		FUZZ_CHECK(strlen(v.key) == 7 + 64);
		FUZZ_CHECK(v.ignore || v.needs_lookup);
	}
	arena_free(a);
	free(hdr);
	free(body);
	return 0;
}

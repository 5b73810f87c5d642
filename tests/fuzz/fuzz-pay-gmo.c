/* libFuzzer harness for lib/pay-gmo.c's parsers. Input: first line = a
 * return's result parameter (B64URL(json) "." hash), checked with the
 * ShopPass of the research note's vector; the rest = a 結果通知 form
 * body. Both must hold on any bytes; a result that verifies must name an
 * OrderID GMO accepts. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "pay-gmo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                   \
	do {                                                               \
		if (!(cond))                                               \
			abort();                                           \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	if (!ready) {
		if (sodium_init() < 0)
			abort();
		ready = 1;
	}
	const uint8_t *nl = memchr(data, '\n', size);
	size_t rlen = nl ? (size_t)(nl - data) : size;
	size_t blen = nl ? size - rlen - 1 : 0;
	char *res = malloc(rlen + 1), *body = malloc(blen + 1);
	if (res == NULL || body == NULL) {
		free(res);
		free(body);
		return 0;
	}
	memcpy(res, data, rlen);
	res[rlen] = '\0';
	memcpy(body, nl ? nl + 1 : data, blen);
	body[blen] = '\0';

	struct arena *a = arena_new();
	struct pay_gmo_return r;
	if (pay_gmo_return_parse(a, "shoppass123", res, rlen, &r) == 0) {
		FUZZ_CHECK(strlen(r.order_id) > 0 &&
		           strlen(r.order_id) <= PAY_GMO_ORDER_MAX);
		FUZZ_CHECK(pay_ref_safe(r.order_id));
		FUZZ_CHECK(memchr(r.result, '\0', sizeof r.result) != NULL);
	}
	struct pay_verified v;
	if (pay_gmo_notice(a, body, blen, &v) == 0) {
		FUZZ_CHECK(strncmp(v.key, "gmo:", 4) == 0 && strlen(v.key) == 4 + 64);
		FUZZ_CHECK(v.needs_lookup);
		FUZZ_CHECK(pay_ref_safe(v.status.order_id));
		FUZZ_CHECK(strlen(v.status.order_id) <= PAY_GMO_ORDER_MAX);
		FUZZ_CHECK(v.status.amount >= -1);
		FUZZ_CHECK(v.status.state >= PAY_NONE && v.status.state < PAY_STATE__MAX);
	}
	arena_free(a);
	free(res);
	free(body);
	return 0;
}

/* The register's file (lib/register-store.h) as input from outside: any
 * bytes are either refused by reg_store_check or searched without a read
 * or a write out of bounds. An odd first byte has the input's checksum
 * made right first, so that the structural checks are what refuse it.
 * A sound image's searches find ranks below its entry count only, ids
 * that the keys know, and the order's ranks agree with the keys. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "register-keys.h"
#include "register-store.h"

static const char *const terms[] = { "a", "ab", "abc", "台", "台帳", "基本台帳",
	                                 "住民基本台帳", "ｶﾞｽ", "ガス点検" };

static void search(const struct reg_keys *k)
{
	size_t words = k->n / 64 + 1;
	uint64_t *bits = calloc(words, sizeof *bits), *within = calloc(words, sizeof *within);
	if (bits == NULL || within == NULL)
		abort();
	within[0] = 5;
	for (size_t t = 0; t < sizeof terms / sizeof terms[0]; t++) {
		memset(bits, 0, words * sizeof *bits);
		if (reg_index_ranks(NULL, k, terms[t], t % 2 ? within : NULL, bits) != 0)
			abort();
		for (size_t w = 0; w < words; w++)
			for (uint64_t b = bits[w]; b; b &= b - 1) {
				size_t r = w * 64 + (size_t)__builtin_ctzll(b);
				if (r >= k->n)
					abort();
				int32_t id = k->order[REG_SORT_NAME][r];
				if (id < 1 || id > k->max_id || k->by_id[id].rank[REG_SORT_NAME] != (int32_t)r)
					abort();
			}
	}
	free(bits);
	free(within);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 20)
		return 0;
	/* Mapped files are page-aligned: the copy is aligned too. */
	uint8_t *p = aligned_alloc(8, (size + 8) & ~(size_t)7);
	if (p == NULL)
		return 0;
	memcpy(p, data, size);
	if (size >= sizeof(struct reg_store_head) && (data[0] & 1)) {
		struct reg_store_head *h = (struct reg_store_head *)(void *)p;
		h->checksum = reg_store_sum(p, size);
	}
	const char *why;
	bool ok = reg_store_check(p, size, -1, &why);
	if (ok) {
		reg_store_attach(p);
		const struct reg_keys *k = reg_keys_attached();
		if (k == NULL)
			abort();
		search(k);
		struct reg_filter f = { "mayor", NULL, false, REG_SORT_NAME };
		struct reg_keysel sel;
		reg_keys_select(k, &f, &sel);
		(void)reg_keys_count(k, &sel);
		(void)reg_keys_filter(k, &sel);
	}
	/* The keys keep pointers into the image until the next attach: p
	 * stays until then. */
	static uint8_t *last;
	if (ok) {
		free(last);
		last = p;
	} else {
		free(p);
	}
	return 0;
}

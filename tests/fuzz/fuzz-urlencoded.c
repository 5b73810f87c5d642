/* libFuzzer harness for form_parse_urlencoded. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "form.h"
#include "fuzz-limits.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct param *out = (struct param *)1;
	enum form_status st = form_parse_urlencoded(a, (const char *)data,
	                                            size, &fuzz_lim, &out);

	if (st != FORM_OK) {
		FUZZ_CHECK(st == FORM_MALFORMED || st == FORM_TOO_LARGE ||
		           st == FORM_TOO_MANY);
		FUZZ_CHECK(out == NULL);
	} else {
		fuzz_check_list(out);
		for (const struct param *p = out; p; p = p->next) {
			FUZZ_CHECK(p->len <= fuzz_lim.max_value);
			/* No NUL survives decoding. */
			FUZZ_CHECK(strlen(p->value) == p->len);
			FUZZ_CHECK(p->filename == NULL && p->ctype == NULL);
		}
	}
	arena_free(a);
	return 0;
}

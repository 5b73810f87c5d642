/* libFuzzer harness for form_parse_cookies. The header is a C string, so
 * the input is copied and NUL-terminated (a NUL inside ends it). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "form.h"
#include "fuzz-limits.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fuzz_cookie_octet(unsigned char c)
{
	return c == 0x21 || (c >= 0x23 && c <= 0x2b) ||
	       (c >= 0x2d && c <= 0x3a) || (c >= 0x3c && c <= 0x5b) ||
	       (c >= 0x5d && c <= 0x7e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *hdr = malloc(size + 1);
	if (hdr == NULL)
		return 0;
	if (size > 0)
		memcpy(hdr, data, size);
	hdr[size] = '\0';

	struct arena *a = arena_new();
	struct param *out = NULL;
	/* Foreign cookies never make the request fail. */
	FUZZ_CHECK(form_parse_cookies(a, hdr, &fuzz_lim, &out) == FORM_OK);
	fuzz_check_list(out);
	for (const struct param *p = out; p; p = p->next) {
		FUZZ_CHECK(p->len <= fuzz_lim.max_value);
		FUZZ_CHECK(strlen(p->value) == p->len);
		for (size_t i = 0; i < p->len; i++)
			FUZZ_CHECK(fuzz_cookie_octet((unsigned char)p->value[i]));
		FUZZ_CHECK(strpbrk(p->name, " \t;=\"") == NULL);
		FUZZ_CHECK(p->filename == NULL && p->ctype == NULL);
	}
	arena_free(a);
	free(hdr);
	return 0;
}

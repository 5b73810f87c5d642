/* The status lookup's cookie as a browser may send it (lookup_cookie_id):
 * any bytes give 0, or an id and an end within a lookup's time whose
 * decimal forms are exactly the value's first two parts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lookup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	struct arena *a = arena_new();
	const char *value = arena_strndup(a, (const char *)data, size);
	long long now = 1800000000, expires = -1;
	long long id = lookup_cookie_id(value, now, &expires);
	if (id < 0)
		abort();
	if (id > 0) {
		if (expires <= now || expires > now + LOOKUP_SECONDS)
			abort();
		const char *prefix = arena_printf(a, "%lld.%lld.", id, expires);
		size_t n = strlen(prefix);
		if (strncmp(value, prefix, n) != 0 || strlen(value + n) != 64)
			abort();
	}
	arena_free(a);
	return 0;
}

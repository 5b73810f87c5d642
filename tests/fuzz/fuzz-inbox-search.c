/* The desk inbox's search text (desk_search_terms): any bytes give an
 * exact term with no space at either end and a LIKE term with no space
 * at all, in which every '%', '_' and '\' is escaped. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "desk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	struct arena *a = arena_new();
	const char *q = arena_strndup(a, (const char *)data, size);
	const char *exact = NULL, *like = NULL;
	desk_search_terms(a, q, &exact, &like);
	if (exact == NULL || like == NULL)
		abort();
	size_t n = strlen(exact);
	if (n > 0 && (exact[0] == ' ' || exact[n - 1] == ' '))
		abort();
	for (const char *p = like; *p; p++) {
		if (*p == ' ' || *p == '%' || *p == '_')
			abort();
		if (*p == '\\' && (p[1] == '\0' || !strchr("%_\\", *++p)))
			abort();
	}
	arena_free(a);
	return 0;
}

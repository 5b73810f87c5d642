/* The status lookup's reference number as people type it
 * (lookup_ref_normalize): any bytes give NULL or "YYYY-NNNNNN", and
 * normalising that gives it back. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lookup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	struct arena *a = arena_new();
	const char *typed = arena_strndup(a, (const char *)data, size);
	const char *ref = lookup_ref_normalize(a, typed);
	if (ref != NULL) {
		if (strlen(ref) != 11 || ref[4] != '-')
			abort();
		for (int i = 0; i < 11; i++)
			if (i != 4 && (ref[i] < '0' || ref[i] > '9'))
				abort();
		const char *again = lookup_ref_normalize(a, ref);
		if (again == NULL || strcmp(again, ref) != 0)
			abort();
	}
	arena_free(a);
	return 0;
}

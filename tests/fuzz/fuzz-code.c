/* Access codes as people type them: any bytes in, and either NULL or a
 * canonical code out (12 symbols of the alphabet in groups of four), and
 * normalising a canonical code gives it back. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	struct arena *a = arena_new();
	char *typed = arena_strndup(a, (const char *)data, size);
	char *code = case_code_normalize(a, typed);
	if (code != NULL) {
		if (strlen(code) != CASE_CODE_LEN || code[4] != '-' || code[9] != '-')
			abort();
		for (size_t i = 0; i < CASE_CODE_LEN; i++)
			if (i != 4 && i != 9 &&
			    !strchr("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", code[i]))
				abort();
		char *again = case_code_normalize(a, code);
		if (again == NULL || strcmp(again, code) != 0)
			abort();
	}
	arena_free(a);
	return 0;
}

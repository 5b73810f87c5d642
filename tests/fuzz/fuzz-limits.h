/* Limits and checks shared by the form parser harnesses. Tight limits, so
 * the fuzzer reaches every limit edge with small inputs. */
#ifndef KAIJI_FUZZ_LIMITS_H
#define KAIJI_FUZZ_LIMITS_H

#include <stdlib.h>
#include <string.h>

#include "form.h"

static const struct form_limits fuzz_lim = {
    .max_fields = 4, .max_name = 8, .max_value = 16,
    .max_file = 64, .max_files = 2,
};

#define FUZZ_CHECK(cond)                                                   \
	do {                                                               \
		if (!(cond))                                               \
			abort();                                           \
	} while (0)

/* What holds for every list any parser returns. */
static size_t fuzz_check_list(const struct param *p)
{
	size_t n = 0;
	for (; p != NULL; p = p->next, n++) {
		FUZZ_CHECK(p->name != NULL && p->value != NULL);
		size_t nl = strlen(p->name);
		FUZZ_CHECK(nl > 0 && nl <= fuzz_lim.max_name);
		FUZZ_CHECK(p->value[p->len] == '\0');
	}
	FUZZ_CHECK(n <= fuzz_lim.max_fields);
	return n;
}

#endif

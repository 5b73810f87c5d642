/* lib/db-sqltext.c: any bytes either are refused or come back rewritten
 * with at most DB_SQLTEXT_MAX_PARAMS parameters; rewriting that again
 * changes nothing (no ? is left outside quoted text, $N are kept); text
 * without ? comes back as it was; the statement's kind is one of the
 * enum's. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db-sqltext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 8192)
		return 0;
	char *sql = malloc(size + 1);
	if (sql == NULL)
		return 0;
	memcpy(sql, data, size);
	sql[size] = '\0';
	if ((unsigned)db_sqltext_kind(sql) > DB_SQL_OTHER)
		abort();
	char *out = NULL, *again = NULL;
	int n = -1, n2 = -1;
	if (db_sqltext_pg(sql, &out, &n) == 0) {
		if (out == NULL || n < 0 || n > DB_SQLTEXT_MAX_PARAMS)
			abort();
		if (memchr(sql, '?', strlen(sql)) == NULL && strcmp(out, sql) != 0)
			abort();
		if (db_sqltext_pg(out, &again, &n2) != 0 || strcmp(again, out) != 0 ||
		    n2 != n)
			abort();
	} else if (out != NULL || n != 0) {
		abort();
	}
	free(again);
	free(out);
	free(sql);
	return 0;
}

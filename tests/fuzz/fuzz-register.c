/* libFuzzer harness for the register's parsers: lib/register-io.c (CSV
 * import) and lib/register-text.c / lib/register.c (queries).
 * The first byte picks what the rest is:
 *   0: a CSV file to import (checked, never written): errors are
 *      reported exactly when the parse fails, each with a line and a key;
 *   1: a text and a search word: the marked segments put together give the
 *      text back, and the excerpt is a piece of the text;
 *   2: a query searched in a small in-memory register: no error, the
 *      page never holds more than the total, and the index in memory gives
 *      the trigram search's total (issue 20) unless that gave up.
 * Build: make fuzz (clang -fsanitize=fuzzer,address,undefined).
 * Replay without libFuzzer: add -DKAIJI_FUZZ_MAIN and pass files. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "db-sqlite.h"
#include "form.h"
#include "register-io.h"
#include "register-keys.h"
#include "register.h"

#define FUZZ_CHECK(c)                                                      \
	do {                                                               \
		if (!(c)) {                                                \
			fprintf(stderr, "fuzz-register: %s\n", #c);        \
			abort();                                           \
		}                                                          \
	} while (0)

static const char *const ag_ids[] = { "mayor", "board_of_education" };
static const char *const ag_names[] = { "市長", "教育委員会" };
static const struct reg_agencies ag = { ag_ids, ag_names, 2 };

static void fuzz_csv(struct arena *a, const uint8_t *data, size_t size)
{
	struct reg_import rep;
	int rc = reg_import_parse(a, &ag, (const char *)data, size, &rep);
	FUZZ_CHECK((rc == 0) == (rep.nerrors == 0));
	FUZZ_CHECK((rc == 0) == (rep.errors == NULL));
	for (const struct reg_import_error *e = rep.errors; e; e = e->next)
		FUZZ_CHECK(e->line >= 0 && e->key != NULL);
}

static void fuzz_text(struct arena *a, const uint8_t *data, size_t size)
{
	const uint8_t *cut = memchr(data, 0, size);
	if (cut == NULL)
		return;
	char *text = arena_strndup(a, (const char *)data, (size_t)(cut - data));
	char *word = arena_strndup(a, (const char *)cut + 1, size - (size_t)(cut - data) - 1);
	if (!form_utf8_valid(text, strlen(text)) || !form_utf8_valid(word, strlen(word)))
		return;
	const char *norm = reg_normalize(a, word);
	FUZZ_CHECK(norm != NULL);
	const char *terms[1] = { norm };
	struct reg_segment *seg;
	size_t n = reg_highlight(a, text, terms, 1, &seg);
	struct buf b;
	buf_init(&b, a);
	for (size_t i = 0; i < n; i++)
		buf_puts(&b, seg[i].text);
	FUZZ_CHECK(strcmp(b.data, text) == 0);
	bool before, after;
	const char *x = reg_excerpt(a, text, terms, 1, 20, &before, &after);
	FUZZ_CHECK(strstr(text, x) != NULL);
}

static struct db *fuzz_db(void)
{
	static struct db *db;
	char err[256];
	if (db)
		return db;
	if (db_open(":memory:", &db, err, sizeof err) != 0 ||
	    db_migrate(db, err, sizeof err) != 0)
		abort();
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_handle(db), "INSERT INTO agency (id, name) VALUES "
	                   "('mayor', '市長'), ('board_of_education', '教育委員会')",
	                   -1, &st, NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	static const char *const names[] = { "住民基本台帳ファイル", "市民税課税台帳ファイル",
		                                 "旅券（ﾊﾟｽﾎﾟｰﾄ）交付ファイル", "\"特別\" AND 調査 NEAR(x)" };
	struct arena *a = arena_new();
	for (size_t i = 0; i < 4; i++) {
		const char *v[REG__NFIELDS];
		for (int j = 0; j < REG__NFIELDS; j++)
			v[j] = "";
		v[REG_NAME] = names[i];
		v[REG_AGENCY] = i % 2 ? "board_of_education" : "mayor";
		v[REG_PURPOSE] = "氏名、住所、ABC abc ＡＢＣ";
		if (reg_add(db, a, v, "2025-01-01", NULL) != 0)
			abort();
	}
	arena_free(a);
	return db;
}

static void fuzz_query(struct arena *a, const uint8_t *data, size_t size)
{
	char *q = arena_strndup(a, (const char *)data, size);
	if (strlen(q) != size || !form_text_valid(q, size, false))
		return;
	struct reg_filter f = { NULL, NULL, size % 2 == 0, size % 3 ? REG_SORT_NAME : REG_SORT_UPDATED };
	struct reg_page p;
	FUZZ_CHECK(reg_find(fuzz_db(), a, q, &f, 1, &p) == 0);
	FUZZ_CHECK((long)p.n <= p.total && p.n <= REG_PAGE_SIZE);
	struct reg_page old;
	reg_index_enable(false);
	int rc = reg_find(fuzz_db(), a, q, &f, 1, &old);
	reg_index_enable(true);
	FUZZ_CHECK(rc == 0);
	FUZZ_CHECK(old.too_common || old.total == p.total);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	struct arena *a = arena_new();
	if (data[0] % 3 == 0)
		fuzz_csv(a, data + 1, size - 1);
	else if (data[0] % 3 == 1)
		fuzz_text(a, data + 1, size - 1);
	else
		fuzz_query(a, data + 1, size - 1);
	arena_free(a);
	return 0;
}

#ifdef KAIJI_FUZZ_MAIN
int main(int argc, char **argv)
{
	static uint8_t buf[1 << 16];
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (f == NULL)
			return 1;
		size_t n = fread(buf, 1, sizeof buf, f);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, n);
	}
	return 0;
}
#endif

/* The register's search inside the program: seeds N entries (default
 * 100,000) into a fresh database in a temporary directory and times
 * reg_find over a set of queries: one- and two-character words, longer
 * words, several words, a query with FTS operators and quotes, a word that
 * is nowhere, with and without filters. Prints each query's median and
 * p99 and the median over all of them, first with the trigram index alone
 * (as before issue 20), then with the one- and two-character words from
 * the grams in memory (lib/register-grams.c), in the same run; then checks
 * that both give the same totals and pages for the queries and for 200+
 * more made from the entries' own characters.
 *
 *   bench-register [-n ENTRIES] [-r ROUNDS] [-d DIR]
 *
 * Built and run by bench/run (cc … build/libkaijicmd.a build/libkaiji.a). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "cmd.h"
#include "db.h"
#include "register-keys.h"
#include "register.h"

struct query {
	const char *q;
	const char *agency;
	int sort;
};

static const struct query queries[] = {
	{ "税", NULL, 0 },
	{ "住民", NULL, 0 },
	{ "保険", NULL, 0 },
	{ "図書", NULL, 0 },
	{ "健康診査", NULL, 0 },
	{ "ﾊﾟｽﾎﾟｰﾄ", NULL, 0 },
	{ "国民健康保険", NULL, 0 },
	{ "桜町地区", NULL, 0 },
	{ "桜町 予防接種", NULL, 0 },
	{ "令和5年度 介護", NULL, 0 },
	{ "\"住民\" OR NEAR(税 *)", NULL, 0 },
	{ "奨学金 返還", NULL, 1 },
	{ "口座情報", "board_of_education", 0 },
	{ "犬の登録", NULL, 1 },
	{ "存在しない言葉", NULL, 0 },
	{ "生活保護", NULL, 0 },
};
#define NQ (sizeof queries / sizeof queries[0])

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static bool has_agency(void *ctx, const char *id)
{
	(void)ctx;
	return strcmp(id, "mayor") == 0 || strcmp(id, "board_of_education") == 0 ||
	       strcmp(id, "election_board") == 0;
}

static int seed(struct db *db, long n)
{
	static const char *const ag[] = {
		"INSERT INTO agency (id, name) VALUES ('mayor', '市長')",
		"INSERT INTO agency (id, name) VALUES ('board_of_education', '教育委員会')",
		"INSERT INTO agency (id, name) VALUES ('election_board', '選挙管理委員会')",
	};
	if (db_begin(db) != 0)
		return -1;
	for (size_t i = 0; i < 3; i++) {
		sqlite3_stmt *st = db_stmt(db, ag[i]);
		if (st == NULL || sqlite3_step(st) != SQLITE_DONE)
			return -1;
	}
	struct demo_opts o = { "市民相談課（市役所1階）", "2025-04-01", has_agency,
		                   NULL };
	if (demo_register(db, &o, n) != 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}

/* The ids of a page, for comparing. */
static void page_key(const struct reg_page *p, char *out, size_t len)
{
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < p->n && used < len; i++)
		used += (size_t)snprintf(out + used, len - used, "%lld,", p->entries[i].id);
}

/* Both searches give the same totals and first pages for the bench's
 * queries and for every character and pair of characters of a sample of
 * names (each also beside a longer word). 0 or -1. */
static int same_hits(struct db *db, struct arena *a)
{
	const char **qs = arena_calloc(a, 1200, sizeof *qs);
	size_t nq = 0;
	for (size_t i = 0; i < NQ; i++)
		qs[nq++] = queries[i].q;
	static const char *const kana[] = { "ｶｲｺﾞ", "カイゴ", "かいご", "ゴミ", "ごみ", "ﾌｧｲﾙ",
		                                "ふぁいる", "ア", "ｱ", "あ", "Ａ", "a", "ab", "ＡＢ" };
	for (size_t i = 0; i < sizeof kana / sizeof kana[0]; i++)
		qs[nq++] = kana[i];
	sqlite3_stmt *st = db_stmt(db, "SELECT name || ' ' || reading FROM register_entry "
	                               "WHERE id % 997 = 1");
	while (st && sqlite3_step(st) == SQLITE_ROW && nq < 1100) {
		const char *s = db_col_text(st, 0);
		size_t len = strlen(s);
		for (size_t i = 0; i < len && nq < 1100;) {
			size_t k1 = 1;
			while (i + k1 < len && ((unsigned char)s[i + k1] & 0xC0) == 0x80)
				k1++;
			size_t k2 = 0;
			if (i + k1 < len) {
				k2 = 1;
				while (i + k1 + k2 < len && ((unsigned char)s[i + k1 + k2] & 0xC0) == 0x80)
					k2++;
			}
			if (s[i] != ' ') {
				qs[nq++] = arena_strndup(a, s + i, k1);
				if (k2 && s[i + k1] != ' ') {
					qs[nq++] = arena_strndup(a, s + i, k1 + k2);
					qs[nq++] = arena_printf(a, "%.*s 台帳ファイル", (int)(k1 + k2), s + i);
				}
			}
			i += k1;
		}
	}
	if (st)
		sqlite3_reset(st);
	size_t same = 0, gaveup = 0;
	int bad = 0;
	for (size_t i = 0; i < nq; i++) {
		struct reg_filter f = { i % 3 == 2 ? "board_of_education" : NULL, NULL, i % 2 == 1,
			                    i % 2 ? REG_SORT_UPDATED : REG_SORT_NAME };
		struct reg_page on, off;
		char kon[512], koff[512];
		reg_index_enable(false);
		int r1 = reg_find(db, a, qs[i], &f, 1 + (long)(i % 3), &off);
		reg_index_enable(true);
		int r2 = reg_find(db, a, qs[i], &f, 1 + (long)(i % 3), &on);
		if (r1 == 0 && off.too_common) {
			gaveup++;
			continue;
		}
		page_key(&on, kon, sizeof kon);
		page_key(&off, koff, sizeof koff);
		if (r1 != 0 || r2 != 0 || on.total != off.total || strcmp(kon, koff) != 0) {
			printf("differs: '%s' %ld vs %ld\n", qs[i], on.total, off.total);
			bad = -1;
		} else {
			same++;
		}
	}
	printf("same hits: %zu of %zu queries the same (the trigram search gave up on %zu "
	       "as too common: the grams answer them)\n", same, nq, gaveup);
	return bad;
}

static long parse_long(const char *s)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	return errno || *end || v < 1 ? -1 : v;
}

int main(int argc, char **argv)
{
	long n = 100000, rounds = 200;
	bool keep = false;
	const char *dir = NULL;
	int opt;
	while ((opt = getopt(argc, argv, "n:r:d:k")) != -1) {
		if (opt == 'n')
			n = parse_long(optarg);
		else if (opt == 'r')
			rounds = parse_long(optarg);
		else if (opt == 'k')
			keep = true;
		else if (opt == 'd')
			dir = optarg;
		else
			n = -1;
	}
	if (n < 1 || rounds < 1) {
		fputs("usage: bench-register [-n ENTRIES] [-r ROUNDS] [-d DIR]\n", stderr);
		return 2;
	}
	char tmpl[] = "/tmp/kaiji-bench-XXXXXX", path[4096], err[512];
	if (dir == NULL && (dir = mkdtemp(tmpl)) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(path, sizeof path, "%s/register.db", dir);
	struct db *db;
	bool seeded = keep && access(path, F_OK) == 0;
	if (!seeded)
		unlink(path);
	if (db_open(path, &db, err, sizeof err) != 0 ||
	    db_migrate(db, err, sizeof err) != 0) {
		fprintf(stderr, "bench-register: %s\n", err);
		return 1;
	}
	if (reg_tune(db) != 0) {
		fprintf(stderr, "bench-register: cannot tune the database\n");
		return 1;
	}
	double t0 = now_ms();
	if (!seeded && seed(db, n) != 0) {
		fprintf(stderr, "bench-register: seeding failed: %s\n",
		        sqlite3_errmsg(db_handle(db)));
		return 1;
	}
	printf("seeded %ld entries in %.1f s\n", n, (now_ms() - t0) / 1e3);

	struct arena *a = arena_new();
	double *all = calloc(NQ * (size_t)rounds, sizeof *all);
	double *one = calloc((size_t)rounds, sizeof *one);
	for (int mode = 0; mode < 2; mode++) {
		reg_index_enable(mode == 1);
		struct reg_filter f0 = { NULL, NULL, false, REG_SORT_NAME };
		struct reg_page warm;
		double w = now_ms();
		reg_find(db, a, "税", &f0, 1, &warm); /* the keys (and grams) built */
		arena_reset(a);
		printf("\n%s: first search (building what it keeps) %.0f ms%s\n",
		       mode ? "with the grams (after)" : "trigram index alone (before)",
		       now_ms() - w, "");
		if (mode)
			printf("grams in memory: %.1f MB\n", (double)reg_index_bytes() / 1e6);
		size_t nall = 0;
		for (size_t q = 0; q < NQ; q++) {
			struct reg_filter f = { queries[q].agency, NULL, false,
				                    queries[q].sort ? REG_SORT_UPDATED : REG_SORT_NAME };
			struct reg_page page;
			long total = 0;
			for (long r = 0; r < rounds; r++) {
				double s = now_ms();
				if (reg_find(db, a, queries[q].q, &f, 1 + r % 3, &page) != 0) {
					fprintf(stderr, "bench-register: search failed\n");
					return 1;
				}
				one[r] = all[nall++] = now_ms() - s;
				total = page.total;
				arena_reset(a);
			}
			qsort(one, (size_t)rounds, sizeof *one, cmp_double);
			printf("search %-28s %7ld hits  median %7.3f ms  p99 %7.3f ms\n",
			       queries[q].q, total, one[rounds / 2],
			       one[(size_t)((double)rounds * 0.99)]);
		}
		qsort(all, nall, sizeof *all, cmp_double);
		printf("search all queries: median %.3f ms, p99 %.3f ms (%zu searches, %ld entries)\n",
		       all[nall / 2], all[(size_t)((double)nall * 0.99)], nall, n);
	}
	free(all);
	free(one);
	printf("\n%s\n", same_hits(db, a) == 0 ? "same hits: ok" : "same hits: DIFFER");
	arena_free(a);
	db_close(db);
	if (strcmp(dir, tmpl) == 0) {
		unlink(path);
		snprintf(path, sizeof path, "%s/register.db-wal", dir);
		unlink(path);
		snprintf(path, sizeof path, "%s/register.db-shm", dir);
		unlink(path);
		rmdir(dir);
	}
	return 0;
}

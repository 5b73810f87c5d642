/* The register's search inside the program: seeds N entries (default
 * 100,000; `kaijictl seed-demo --register N`'s generator) into a fresh
 * database and times reg_find over a set of queries: one- and
 * two-character words, longer words, several words, a query with FTS
 * operators and quotes, a word that is nowhere, with and without filters,
 * both orders, pages 1-3. Each query is timed with SQLite's trigram index
 * (before issue 20, kept in lib/register.c) and with the index in memory
 * (lib/register-index.c), in the same run, and printed as one table: each
 * query's median and p99, then all queries together, the first search
 * after a change (what it rebuilds) and the memory. Then both must give
 * the same totals and pages for the queries and for 1,000 more made from
 * the entries' own characters (300 past 200,000 entries).
 *
 *   bench-register [-n ENTRIES] [-r ROUNDS] [-d DIR [-k]] [-x]
 *
 * -k keeps DIR's database and reuses it when it is there (seeding a
 * million entries takes minutes); -x times the index alone (no trigram
 * search, no comparison). Under `valgrind --tool=callgrind
 * --instr-atstart=no --collect-atstart=no` only the timed calls of
 * reg_find with the index are counted (seeding and building run
 * uninstrumented), one dump a query (its ROUNDS searches, named by
 * the query). Past 200,000 entries the trigram search is
 * timed over 20 rounds at most. Built and run by bench/run (cc …
 * build/libkaijicmd.a build/libkaiji.a). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#define CALLGRIND_TOGGLE_COLLECT
#define CALLGRIND_DUMP_STATS_AT(s)
#endif

#include "arena.h"
#include "cmd.h"
#include "db-sqlite.h"
#include "register-keys.h"
#include "register-store.h"
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
		struct db_stmt *st = db_stmt(db, ag[i]);
		if (st == NULL || db_step(st) != DB_DONE)
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
static int same_hits(struct db *db, struct arena *a, size_t max)
{
	const char **qs = arena_calloc(a, 1200, sizeof *qs);
	size_t nq = 0;
	for (size_t i = 0; i < NQ; i++)
		qs[nq++] = queries[i].q;
	static const char *const kana[] = { "ｶｲｺﾞ", "カイゴ", "かいご", "ゴミ", "ごみ", "ﾌｧｲﾙ",
		                                "ふぁいる", "ア", "ｱ", "あ", "Ａ", "a", "ab", "ＡＢ" };
	for (size_t i = 0; i < sizeof kana / sizeof kana[0]; i++)
		qs[nq++] = kana[i];
	struct db_stmt *st = db_stmt(db, "SELECT name || ' ' || reading FROM register_entry "
	                               "WHERE id % 997 = 1");
	while (st && db_step(st) == DB_ROW && nq < max) {
		const char *s = db_col_text(st, 0);
		size_t len = strlen(s);
		for (size_t i = 0; i < len && nq + 3 <= max;) {
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
		db_reset(st);
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
	       "as too common: the index answers them)\n", same, nq, gaveup);
	return bad;
}

struct timing {
	double p50[NQ], p99[NQ];
	long total[NQ];
	double all50, all99, cpu50, cpu99, keys, keys_cpu, first;
};

/* The thread's CPU time: what a search costs, without the waits of a
 * machine shared with other work. */
static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The process's CPU time: the register's file is built on a thread of
 * its own (lib/register-store.c). */
static double process_cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double pct(double *v, size_t n, double p)
{
	qsort(v, n, sizeof *v, cmp_double);
	size_t i = (size_t)((double)n * p);
	return v[i < n ? i : n - 1];
}

static const char sql_bump[] =
    "UPDATE register_state SET version = version + 1 WHERE id = 1";

/* Every query rounds times with the index on or off; first: the first
 * search after the register's version changed (what it rebuilds). */
static int time_mode(struct db *db, struct arena *a, bool index, long rounds,
                     struct timing *t)
{
	reg_index_enable(index);
	struct db_stmt *st = db_stmt(db, sql_bump);
	if (st == NULL || db_step(st) != DB_DONE)
		return -1;
	db_reset(st);
	struct reg_filter f0 = { NULL, NULL, false, REG_SORT_NAME };
	struct reg_page page;
	double w = now_ms(), c = process_cpu_ms();
	if (reg_keys_get(db) == NULL)
		return -1;
	t->keys = now_ms() - w;
	t->keys_cpu = process_cpu_ms() - c;
	if (reg_find(db, a, "税", &f0, 1, &page) != 0)
		return -1;
	t->first = now_ms() - w;
	arena_reset(a);
	double *all = calloc(NQ * (size_t)rounds, sizeof *all);
	double *cpu = calloc(NQ * (size_t)rounds, sizeof *cpu);
	double *one = calloc((size_t)rounds, sizeof *one);
	size_t nall = 0;
	if (index)
		CALLGRIND_START_INSTRUMENTATION;
	for (size_t q = 0; q < NQ; q++) {
		struct reg_filter f = { queries[q].agency, NULL, false,
			                    queries[q].sort ? REG_SORT_UPDATED : REG_SORT_NAME };
		for (long r = 0; r < rounds; r++) {
			double s = now_ms(), c = cpu_ms();
			if (index)
				CALLGRIND_TOGGLE_COLLECT;
			int rc = reg_find(db, a, queries[q].q, &f, 1 + r % 3, &page);
			if (index)
				CALLGRIND_TOGGLE_COLLECT;
			if (rc != 0) {
				fprintf(stderr, "bench-register: search failed\n");
				return -1;
			}
			cpu[nall] = cpu_ms() - c;
			one[r] = all[nall++] = now_ms() - s;
			t->total[q] = page.total;
			arena_reset(a);
		}
		t->p50[q] = pct(one, (size_t)rounds, 0.5);
		t->p99[q] = pct(one, (size_t)rounds, 0.99);
		if (index)
			CALLGRIND_DUMP_STATS_AT(queries[q].q);
	}
	if (index)
		CALLGRIND_STOP_INSTRUMENTATION;
	t->all50 = pct(all, nall, 0.5);
	t->all99 = pct(all, nall, 0.99);
	t->cpu50 = pct(cpu, nall, 0.5);
	t->cpu99 = pct(cpu, nall, 0.99);
	free(all);
	free(cpu);
	free(one);
	return 0;
}

/* printf's width counts bytes: the width that lines up width columns of
 * text whose characters are mostly double-width (CJK) or single. */
static int pad(const char *s, int width)
{
	int bytes = 0, cols = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		bytes++;
		if ((*p & 0xC0) == 0x80)
			continue;
		/* Half-width katakana (U+FF61-FF9F, EF BD/BE) are one column. */
		cols += *p >= 0xE0 && !(p[0] == 0xEF && (p[1] == 0xBD || p[1] == 0xBE)) ? 2 : 1;
	}
	return width + bytes - cols > 0 ? width + bytes - cols : 0;
}

static long status_kib(const char *field)
{
	char line[256];
	long v = -1;
	FILE *f = fopen("/proc/self/status", "r");
	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, field, strlen(field)) == 0)
			v = strtol(line + strlen(field), NULL, 10);
	if (f)
		fclose(f);
	return v;
}

/* The process's resident memory now and at its peak (/proc). */
static const char *rss(void)
{
	static char out[128];
	char line[256];
	long now = -1, peak = -1;
	FILE *f = fopen("/proc/self/status", "r");
	while (f && fgets(line, sizeof line, f)) {
		if (strncmp(line, "VmRSS:", 6) == 0)
			now = strtol(line + 6, NULL, 10);
		else if (strncmp(line, "VmHWM:", 6) == 0)
			peak = strtol(line + 6, NULL, 10);
	}
	if (f)
		fclose(f);
	snprintf(out, sizeof out, "resident %.1f MiB (anonymous %.1f, file %.1f), peak %.1f MiB "
	         "(SQLite's cache and mapped pages included)", (double)now / 1024,
	         (double)status_kib("RssAnon:") / 1024, (double)status_kib("RssFile:") / 1024,
	         (double)peak / 1024);
	return out;
}

/* The register's file for the version now (lib/register-store.h): its
 * size, and what another process pays to map and check it. */
static void store_report(struct db *db, const char *cache, const char *dbpath)
{
	char path[4300];
	struct stat st;
	snprintf(path, sizeof path, "%s/register-%lld.idx", cache, reg_version(db));
	if (stat(path, &st) != 0) {
		printf("register file: none (%s)\n", path);
		return;
	}
	printf("register file: %.1f MB\n", (double)st.st_size / 1e6);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		char err[256];
		struct db *other;
		if (db_open(dbpath, &other, err, sizeof err) != 0)
			_exit(1);
		long before = reg_store_builds();
		double w = now_ms(), c = cpu_ms();
		const struct reg_keys *k = reg_keys_get(other);
		printf("another process: file mapped and checked in %.0f ms (CPU %.0f ms), "
		       "%s; %s\n", now_ms() - w, cpu_ms() - c,
		       k && reg_store_builds() == before ? "no build" : "BUILT", rss());
		fflush(stdout);
		_exit(0);
	}
	int status;
	if (pid > 0)
		waitpid(pid, &status, 0);
}

static void cache_remove(const char *cache)
{
	DIR *d = opendir(cache);
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL)
		if (strncmp(e->d_name, "register", 8) == 0)
			unlinkat(dirfd(d), e->d_name, 0);
	if (d)
		closedir(d);
	rmdir(cache);
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
	bool keep = false, skip_before = false;
	const char *dir = NULL;
	int opt;
	while ((opt = getopt(argc, argv, "n:r:d:kx")) != -1) {
		if (opt == 'n')
			n = parse_long(optarg);
		else if (opt == 'r')
			rounds = parse_long(optarg);
		else if (opt == 'x')
			skip_before = true;
		else if (opt == 'k')
			keep = true;
		else if (opt == 'd')
			dir = optarg;
		else
			n = -1;
	}
	if (n < 1 || rounds < 1) {
		fputs("usage: bench-register [-n ENTRIES] [-r ROUNDS] [-d DIR [-k]] [-x]\n", stderr);
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
	char cache[4200];
	snprintf(cache, sizeof cache, "%s/cache", dir);
	reg_cache_dir(cache);
	double t0 = now_ms();
	if (!seeded && seed(db, n) != 0) {
		fprintf(stderr, "bench-register: seeding failed: %s\n",
		        db_errmsg(db));
		return 1;
	}
	printf("seeded %ld entries in %.1f s\n", n, (now_ms() - t0) / 1e3);

	struct arena *a = arena_new();
	/* The trigram search is slow at a million entries: fewer rounds. */
	long before_rounds = n > 200000 && rounds > 20 ? 20 : rounds;
	struct timing before = { 0 }, after = { 0 };
	if (!skip_before && time_mode(db, a, false, before_rounds, &before) != 0)
		return 1;
	if (time_mode(db, a, true, rounds, &after) != 0)
		return 1;
	printf("\nreg_find, %ld entries (%s), wall time, pages 1-3; before: SQLite's trigram "
	       "index (%ld rounds a query), after: the index in memory (%ld rounds)\n",
	       n, seeded ? "reused" : "seeded", before_rounds, rounds);
	printf("%-28s %7s  %10s %10s  %10s %10s\n", "query", "hits", "before p50", "p99",
	       "after p50", "p99");
	for (size_t q = 0; q < NQ; q++) {
		printf("%-*s %7ld  ", pad(queries[q].q, 28), queries[q].q, after.total[q]);
		if (skip_before)
			printf("%10s %10s  ", "-", "-");
		else
			printf("%7.3f ms %7.3f ms  ", before.p50[q], before.p99[q]);
		printf("%7.3f ms %7.3f ms\n", after.p50[q], after.p99[q]);
	}
	printf("%-*s %7s  ", pad("all queries", 28), "all queries", "");
	if (skip_before)
		printf("%10s %10s  ", "-", "-");
	else
		printf("%7.3f ms %7.3f ms  ", before.all50, before.all99);
	printf("%7.3f ms %7.3f ms\n", after.all50, after.all99);
	printf("%-*s %7s  ", pad("all queries, CPU time", 28), "all queries, CPU time", "");
	if (skip_before)
		printf("%10s %10s  ", "-", "-");
	else
		printf("%7.3f ms %7.3f ms  ", before.cpu50, before.cpu99);
	printf("%7.3f ms %7.3f ms\n", after.cpu50, after.cpu99);
	printf("first search after a change: before %.0f ms, after %.0f ms (the register's file "
	       "built, written, synced and mapped: %.0f ms, CPU %.0f ms)\n", before.first,
	       after.first, after.keys, after.keys_cpu);
	printf("index: %.1f MB (mapped); process: %s\n", (double)reg_index_bytes() / 1e6,
	       rss());
	store_report(db, cache, path);
	if (skip_before) {
		arena_free(a);
		db_close(db);
		return 0;
	}
	printf("\n%s\n", same_hits(db, a, n > 200000 ? 300 : 1100) == 0 ? "same hits: ok" : "same hits: DIFFER");
	arena_free(a);
	db_close(db);
	if (strcmp(dir, tmpl) == 0) {
		unlink(path);
		snprintf(path, sizeof path, "%s/register.db-wal", dir);
		unlink(path);
		snprintf(path, sizeof path, "%s/register.db-shm", dir);
		unlink(path);
		cache_remove(cache);
		rmdir(dir);
	}
	return 0;
}

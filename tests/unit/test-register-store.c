/* lib/register-store.c: the register's keys and index as one file per
 * version, shared by the processes. A second process maps the file the
 * first built (no build of its own, the same inode); a change of the
 * register gives a new file, the old one is removed, and both processes
 * answer from the new one; a truncated file, a file of another format or
 * version, a file whose offsets point outside it (checksum made right, so
 * that only the bounds checks can refuse it), are each refused and built
 * again, with the same answers. The other processes are children that
 * open the database anew, as another FastCGI process would. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena.h"
#include "db-sqlite.h"
#include "reading.h"
#include "register-store.h"
#include "register.h"
#include "tap.h"

static char DIR_[256], CACHE[300], DBPATH[300];
static struct db *DB;

static const char *const names[] = { "住民基本台帳", "市民税課税台帳", "介護保険認定記録",
	                                 "図書館利用者名簿", "ガス点検台帳" };

static int seed(long n)
{
	if (db_begin(DB) != 0)
		return -1;
	struct arena *a = arena_new();
	int rc = 0;
	for (long i = 0; i < n && rc == 0; i++) {
		const char *v[REG__NFIELDS];
		for (int j = 0; j < REG__NFIELDS; j++)
			v[j] = "";
		v[REG_NAME] = arena_printf(a, "%s%ld", names[i % 5], i);
		v[REG_AGENCY] = i % 3 ? "mayor" : "board_of_education";
		v[REG_DEPARTMENT] = i % 2 ? "市民課" : "税務課";
		v[REG_PURPOSE] = "届出の受付及び証明書の交付";
		rc = reg_insert(DB, a, 0, v, "2025-04-01", NULL);
		arena_reset(a);
	}
	arena_free(a);
	if (rc != 0 || db_commit(DB) != 0) {
		db_rollback(DB);
		return -1;
	}
	return 0;
}

struct answer {
	long total;
	long builds;
	unsigned long long inode;
};

static struct answer ask(struct db *db, const char *q)
{
	struct arena *a = arena_new();
	struct reg_filter f = { NULL, NULL, false, REG_SORT_NAME };
	struct reg_page p;
	struct answer r = { -1, -1, 0 };
	if (reg_find(db, a, q, &f, 1, &p) == 0)
		r.total = p.total;
	r.builds = reg_store_builds();
	r.inode = reg_store_inode();
	arena_free(a);
	return r;
}

/* The answer of another process: its own connection, its own map. */
static struct answer other(const char *q)
{
	int fd[2];
	struct answer r = { -2, -2, 0 };
	if (pipe(fd) != 0)
		return r;
	pid_t pid = fork();
	if (pid == 0) {
		close(fd[0]);
		char err[256];
		struct db *db;
		struct answer c = { -3, -3, 0 };
		if (db_open(DBPATH, &db, err, sizeof err) == 0) {
			long before = reg_store_builds();
			c = ask(db, q);
			c.builds -= before;
			db_close(db);
		}
		ssize_t w = write(fd[1], &c, sizeof c);
		_exit(w == (ssize_t)sizeof c ? 0 : 1);
	}
	close(fd[1]);
	if (pid > 0 && read(fd[0], &r, sizeof r) != (ssize_t)sizeof r)
		r.total = -4;
	close(fd[0]);
	int status;
	if (pid > 0)
		waitpid(pid, &status, 0);
	return r;
}

static long long version_now(void)
{
	return reg_version(DB);
}

static char *file_of(long long v)
{
	static char path[400];
	snprintf(path, sizeof path, "%s/register-%lld.idx", CACHE, v);
	return path;
}

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *p = aligned_alloc(8, (*len + 7) & ~(size_t)7);
	if (p && fread(p, 1, *len, f) != *len) {
		free(p);
		p = NULL;
	}
	fclose(f);
	return p;
}

/* Written to a new file renamed over the old: the processes that mapped
 * the old one keep it, as when a file is replaced. */
static int put(const char *path, const unsigned char *p, size_t len)
{
	char tmp[420];
	snprintf(tmp, sizeof tmp, "%s.test", path);
	FILE *f = fopen(tmp, "wb");
	if (f == NULL || fwrite(p, 1, len, f) != len || fclose(f) != 0)
		return -1;
	return rename(tmp, path);
}

enum damage { TRUNCATED, FORMAT, VERSION, SECTION_OUT, LIST_OUT, TABLE_OUT, BITS_OUT };
static const char *const damage_names[] = {
	"a truncated file", "a file of another format", "a file of another version",
	"a section past the end", "a list's offset past the pool",
	"a table slot naming no list", "a bitmap past the entries",
};

static void damage(unsigned char *p, size_t *len, enum damage d)
{
	struct reg_store_head *h = (struct reg_store_head *)(void *)p;
	struct {
		uint64_t off;
		uint32_t n, kind;
	} *lists = (void *)(p + h->sec[SEC_LISTS].off),
	  *tok = (void *)(p + h->sec[SEC_TOK_ENTRIES].off);
	switch (d) {
	case TRUNCATED:
		*len /= 2;
		return;
	case FORMAT:
		h->format = 99;
		return;
	case VERSION:
		h->version += 7;
		return;
	case SECTION_OUT:
		h->sec[SEC_POOL].off = h->length - 8;
		break;
	case LIST_OUT:
		tok[0].kind = 1; /* gaps */
		tok[0].off = h->sec[SEC_POOL].len + 64;
		break;
	case TABLE_OUT: {
		uint64_t *keys = (void *)(p + h->sec[SEC_GRAM_KEYS].off);
		uint32_t *vals = (void *)(p + h->sec[SEC_GRAM_VALS].off);
		for (uint64_t i = 0; i < h->gram_cap; i++)
			if (keys[i]) {
				vals[i] = (uint32_t)h->nlists;
				break;
			}
		break;
	}
	case BITS_OUT:
		for (uint64_t i = 0; i < h->nlists; i++)
			if (lists[i].kind == 3) { /* a bitmap: a bit past the entries */
				uint64_t *w = (void *)(p + h->sec[SEC_POOL].off + lists[i].off);
				w[h->n / 64] |= (uint64_t)1 << 63;
				break;
			}
		break;
	}
	h->checksum = reg_store_sum(p, *len);
}

static void test_damaged(enum damage d, long want)
{
	long long v = version_now();
	size_t len;
	unsigned char *p = slurp(file_of(v), &len);
	TAP_OK(p != NULL, "%s: the file read", damage_names[d]);
	if (p == NULL)
		return;
	damage(p, &len, d);
	const char *why = NULL;
	TAP_OK(!reg_store_check(p, len, v, &why), "%s: refused (%s)", damage_names[d],
	       why ? why : "-");
	TAP_INTEQ(put(file_of(v), p, len), 0, "%s: put in place", damage_names[d]);
	free(p);
	struct answer o = other("台帳");
	TAP_INTEQ(o.total, want, "%s: the other process answers the same", damage_names[d]);
	TAP_INTEQ(o.builds, 1, "%s: after building it again", damage_names[d]);
	p = slurp(file_of(v), &len);
	TAP_OK(p && reg_store_check(p, len, v, &why), "%s: the file is sound again",
	       damage_names[d]);
	free(p);
	o = other("台帳");
	TAP_OK(o.total == want && o.builds == 0, "%s: and the next process maps it",
	       damage_names[d]);
}

int main(void)
{
	char err[256];
	snprintf(DIR_, sizeof DIR_, "%s/kaiji-store-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(DIR_) == NULL) {
		printf("not ok 1 - mkdtemp\n1..1\n");
		return 1;
	}
	snprintf(CACHE, sizeof CACHE, "%s/cache", DIR_);
	snprintf(DBPATH, sizeof DBPATH, "%s/register.db", DIR_);
	if (db_open(DBPATH, &DB, err, sizeof err) != 0 || db_migrate(DB, err, sizeof err) != 0) {
		printf("not ok 1 - database: %s\n1..1\n", err);
		return 1;
	}
	sqlite3_exec(db_handle(DB), "INSERT INTO agency (id, name) VALUES ('mayor', '市長'), "
	             "('board_of_education', '教育委員会')", NULL, NULL, NULL);
	reading_pretend_missing(true);
	TAP_INTEQ(seed(3000), 0, "3000 entries");
	reg_cache_dir(CACHE);

	struct answer a = ask(DB, "台帳");
	TAP_INTEQ(a.total, 1800, "the first process finds 台帳 in 1800 entries");
	TAP_INTEQ(a.builds, 1, "after building the file");
	struct stat st;
	long long v1 = version_now();
	TAP_OK(stat(file_of(v1), &st) == 0 && st.st_ino == a.inode && a.inode != 0,
	       "it maps the file named for the register's version");
	struct answer o = other("台帳");
	TAP_INTEQ(o.total, 1800, "a second process answers the same");
	TAP_INTEQ(o.builds, 0, "without building");
	TAP_OK(o.inode == a.inode, "from the same file (inode %llu)", o.inode);
	a = ask(DB, "台帳");
	TAP_INTEQ(a.builds, 1, "the first process does not build again either");

	struct arena *ar = arena_new();
	const char *v[REG__NFIELDS];
	for (int j = 0; j < REG__NFIELDS; j++)
		v[j] = "";
	v[REG_NAME] = "ガスタンク台帳";
	v[REG_AGENCY] = "mayor";
	TAP_INTEQ(reg_add(DB, ar, v, "2025-06-01", NULL), 0, "a change of the register");
	arena_free(ar);
	long long v2 = version_now();
	TAP_OK(v2 != v1, "moves its version");
	a = ask(DB, "台帳");
	TAP_INTEQ(a.total, 1801, "the first process finds the new entry");
	TAP_INTEQ(a.builds, 2, "from a new file it built");
	TAP_OK(a.inode != o.inode && stat(file_of(v2), &st) == 0 && st.st_ino == a.inode,
	       "the new version's file");
	TAP_OK(access(file_of(v1), F_OK) != 0, "the old version's file is removed");
	o = other("ガスタンク");
	TAP_OK(o.total == 1 && o.builds == 0 && o.inode == a.inode,
	       "the second process answers from the new file too");

	test_damaged(TRUNCATED, 1801);
	test_damaged(FORMAT, 1801);
	test_damaged(VERSION, 1801);
	test_damaged(SECTION_OUT, 1801);
	test_damaged(LIST_OUT, 1801);
	test_damaged(TABLE_OUT, 1801);
	test_damaged(BITS_OUT, 1801);

	/* No directory: each process builds in its own memory, as before. */
	reg_cache_dir(NULL);
	long before = reg_store_builds();
	sqlite3_exec(db_handle(DB), "UPDATE register_state SET version = version + 1 WHERE id = 1",
	             NULL, NULL, NULL);
	a = ask(DB, "台帳");
	TAP_OK(a.total == 1801 && a.builds == before + 1 && a.inode == 0,
	       "without a directory the index is built in memory");

	db_close(DB);
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", DIR_);
	if (system(cmd) != 0)
		return 1;
	return TAP_DONE();
}

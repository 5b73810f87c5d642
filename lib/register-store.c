/* The register's file, one per version, mapped by every process (see
 * register-store.h). */
#include "register-store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "register.h"

/* Larger than any register: the scalars' products stay within 64 bits. */
#define MAX_LENGTH ((uint64_t)1 << 40)

static char *store_dir;

/* The image attached now: mapped (len bytes) or in this process's memory. */
static struct {
	void *base;
	size_t len;
	bool mapped;
	unsigned long long inode;
} held;

static long builds;

void reg_cache_dir(const char *dir)
{
	reg_store_dir(dir);
}

void reg_store_dir(const char *dir)
{
	free(store_dir);
	store_dir = dir && *dir ? reg_xstrdup(dir) : NULL;
}

long reg_store_builds(void)
{
	return builds;
}

unsigned long long reg_store_inode(void)
{
	return held.inode;
}

/* ---- the checksum ---- */

static uint64_t sum_bytes(uint64_t h, const unsigned char *p, size_t len)
{
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0x9E3779B97F4A7C15ull;
		h ^= h >> 31;
	}
	for (; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}

static uint64_t sum_parts(const void *const *p, const size_t *len)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (int s = 0; s < SEC__N; s++)
		h = sum_bytes(h ^ (uint64_t)len[s], p[s], len[s]);
	return h;
}

/* ---- checking ---- */

static bool head_ok(const struct reg_store_head *h, size_t len, long long version,
                    const char **why)
{
	*why = "magic";
	if (memcmp(h->magic, REG_STORE_MAGIC, 8) != 0)
		return false;
	*why = "format";
	if (h->format != REG_STORE_FORMAT || h->endian != REG_STORE_ENDIAN)
		return false;
	*why = "version";
	if (version >= 0 && h->version != version)
		return false;
	*why = "length";
	if (h->length != len || len > MAX_LENGTH)
		return false;
	*why = "counts";
	if (h->n > len || h->max_id > len || h->nagencies > UINT16_MAX ||
	    h->ndepartments > len || h->ntokens > len || h->gram_cap > len ||
	    h->pair_cap > len || h->nlists > len)
		return false;
	uint64_t want[SEC__N] = {
		[SEC_BY_ID] = (h->max_id + 1) * sizeof(struct reg_key),
		[SEC_ORDER_NAME] = h->n * 4,
		[SEC_ORDER_UPDATED] = h->n * 4,
		[SEC_LIVE] = (h->nagencies + 1) * (h->ndepartments + 1),
		[SEC_GRAM_KEYS] = h->gram_cap * 8,
		[SEC_GRAM_VALS] = h->gram_cap * 4,
		[SEC_PAIR_KEYS] = h->pair_cap * 8,
		[SEC_PAIR_VALS] = h->pair_cap * 4,
		[SEC_LISTS] = h->nlists * REG_PLIST_BYTES,
		[SEC_TOK_OFF] = h->ntokens ? (h->ntokens + 1) * 4 : 0,
		[SEC_TOK_ENTRIES] = h->ntokens * REG_PLIST_BYTES,
	};
	*why = "sections";
	for (int s = 0; s < SEC__N; s++) {
		uint64_t off = h->sec[s].off, l = h->sec[s].len;
		if (off % 8 || off < sizeof *h || off > len || l > len - off)
			return false;
		bool any = s == SEC_AGENCIES || s == SEC_DEPARTMENTS || s == SEC_BLOB;
		if (s == SEC_POOL ? l < 8 : !any && l != want[s])
			return false;
	}
	return true;
}

/* The sections' checksum as the head places them; 0 when it places them
 * outside len. */
uint64_t reg_store_sum(const void *p, size_t len)
{
	const struct reg_store_head *h = p;
	if (len < sizeof *h)
		return 0;
	const void *parts[SEC__N];
	size_t lens[SEC__N];
	for (int s = 0; s < SEC__N; s++) {
		if (h->sec[s].off > len || h->sec[s].len > len - h->sec[s].off)
			return 0;
		parts[s] = (const char *)p + h->sec[s].off;
		lens[s] = h->sec[s].len;
	}
	return sum_parts(parts, lens);
}

bool reg_store_check(const void *p, size_t len, long long version,
                     const char **why)
{
	const struct reg_store_head *h = p;
	*why = "truncated";
	if (len < sizeof *h || (uintptr_t)p % 8)
		return false;
	if (!head_ok(h, len, version, why))
		return false;
	*why = "checksum";
	if (reg_store_sum(p, len) != h->checksum)
		return false;
	return reg_keys_check(p, why) && reg_index_check(p, why);
}

void reg_store_attach(const void *p)
{
	reg_keys_attach(p);
	reg_index_attach(p);
}

/* ---- building ---- */

static const char sql_begin[] = "BEGIN";
static const char sql_commit[] = "COMMIT";

/* The keys and the index read in one transaction; parts point at them
 * until built_free. 0 or -1. */
static int build_parts(struct db *db, struct reg_store_parts *parts)
{
	memset(parts, 0, sizeof *parts);
	bool own = !db_in_transaction(db);
	if (own && db_step_done(db, db_stmt(db, sql_begin), NULL) != 0)
		return -1;
	const struct reg_keys *k;
	int rc = reg_keys_build(db, &k, parts);
	if (rc == 0)
		rc = reg_index_build(db, k, parts);
	if (own && (rc != 0 || db_step_done(db, db_stmt(db, sql_commit), NULL) != 0)) {
		db_rollback(db);
		rc = -1;
	}
	if (rc != 0) {
		reg_keys_built_free();
		reg_index_built_free();
		return -1;
	}
	builds++;
	struct reg_store_head *h = &parts->head;
	memcpy(h->magic, REG_STORE_MAGIC, 8);
	h->format = REG_STORE_FORMAT;
	h->endian = REG_STORE_ENDIAN;
	uint64_t off = (sizeof *h + 7) & ~(uint64_t)7;
	for (int s = 0; s < SEC__N; s++) {
		h->sec[s].off = off;
		h->sec[s].len = parts->len[s];
		off += (parts->len[s] + 7) & ~(uint64_t)7;
	}
	h->length = off;
	h->checksum = sum_parts(parts->p, parts->len);
	return 0;
}

static void built_free(void)
{
	reg_keys_built_free();
	reg_index_built_free();
}

/* The image in this process's memory: no directory, or none usable. */
static void *image_memory(const struct reg_store_parts *parts)
{
	char *img = reg_xcalloc(parts->head.length, 1);
	memcpy(img, &parts->head, sizeof parts->head);
	for (int s = 0; s < SEC__N; s++)
		if (parts->len[s])
			memcpy(img + parts->head.sec[s].off, parts->p[s], parts->len[s]);
	return img;
}

static int write_all(int fd, const void *p, size_t len, uint64_t off)
{
	const char *c = p;
	while (len > 0) {
		ssize_t w = pwrite(fd, c, len, (off_t)off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		len -= (size_t)w;
		off += (uint64_t)w;
	}
	return 0;
}

static int image_write(int fd, const struct reg_store_parts *parts)
{
	if (ftruncate(fd, (off_t)parts->head.length) != 0 ||
	    write_all(fd, &parts->head, sizeof parts->head, 0) != 0)
		return -1;
	for (int s = 0; s < SEC__N; s++)
		if (parts->len[s] &&
		    write_all(fd, parts->p[s], parts->len[s], parts->head.sec[s].off) != 0)
			return -1;
	return fsync(fd);
}

static void file_name(char *buf, size_t len, long long version)
{
	snprintf(buf, len, "%s/register-%lld.idx", store_dir, version);
}

static int dir_sync(void)
{
	int fd = open(store_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* Written to a temporary file, synced, renamed into place. 0 or -1. */
static int file_write(const struct reg_store_parts *parts)
{
	char tmp[4096], path[4096];
	snprintf(tmp, sizeof tmp, "%s/register-%lld.tmp.%ld", store_dir,
	         (long long)parts->head.version, (long)getpid());
	file_name(path, sizeof path, parts->head.version);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0)
		return -1;
	int rc = image_write(fd, parts);
	if (close(fd) != 0)
		rc = -1;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -1;
	if (rc != 0) {
		unlink(tmp);
		return -1;
	}
	return dir_sync();
}

/* ---- the directory ---- */

/* The files of versions before this one, and the temporary files. */
static void files_remove(const char *dir, long long version)
{
	DIR *d = opendir(dir);

	if (d == NULL)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		long long v;
		char tail[8];
		int end = 0;
		if (sscanf(e->d_name, "register-%lld.%7[a-z]%n", &v, tail, &end) != 2)
			continue;
		bool old = strcmp(tail, "idx") == 0 && e->d_name[end] == '\0' && v < version;
		if (old || strcmp(tail, "tmp") == 0)
			unlinkat(dirfd(d), e->d_name, 0);
	}
	closedir(d);
}


/* The files of versions before this one, and any temporary file (the
 * lock is held: no other process writes one), removed. */
static void files_prune(long long version)
{
	files_remove(store_dir, version);
}

void reg_cache_clear(const char *dir)
{
	files_remove(dir, LLONG_MAX);
}
/* ---- attaching ---- */

static void held_release(void)
{
	if (held.mapped)
		munmap(held.base, held.len);
	else
		free(held.base);
	memset(&held, 0, sizeof held);
}

static void held_set(void *base, size_t len, bool mapped, unsigned long long inode)
{
	reg_store_attach(base);
	held_release();
	held.base = base;
	held.len = len;
	held.mapped = mapped;
	held.inode = inode;
}

/* 1 attached, 0 absent, -1 refused (*refused names why). */
static int file_map(long long version, const char **refused)
{
	char path[4096];
	file_name(path, sizeof path, version);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	struct stat st;
	const char *why = "unreadable";
	void *p = MAP_FAILED;
	if (fstat(fd, &st) == 0 && st.st_size >= (off_t)sizeof(struct reg_store_head)) {
		p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	} else if (fstat(fd, &st) == 0) {
		why = "truncated";
	}
	close(fd);
	if (p != MAP_FAILED && reg_store_check(p, (size_t)st.st_size, version, &why)) {
		/* The check read every page; the searches bring back the few
		 * they read (the pages stay in the page cache). */
		madvise(p, (size_t)st.st_size, MADV_DONTNEED);
		held_set(p, (size_t)st.st_size, true, (unsigned long long)st.st_ino);
		return 1;
	}
	if (p != MAP_FAILED)
		munmap(p, (size_t)st.st_size);
	*refused = why;
	return -1;
}

static int lock_take(void)
{
	char path[4096];
	if (mkdir(store_dir, 0750) != 0 && errno != EEXIST)
		return -1;
	snprintf(path, sizeof path, "%s/register.lock", store_dir);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0640);
	if (fd < 0)
		return -1;
	int rc;
	while ((rc = flock(fd, LOCK_EX)) != 0 && errno == EINTR)
		;
	if (rc != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* A build, run on a thread of its own: its many small blocks, freed,
 * go back with the thread's cache of freed blocks when it ends, and
 * malloc_trim returns the pages (on the program's thread they stayed:
 * kaiji-spawn's tcache_count keeps 2,000 a size; 9 MiB at 100,000
 * entries). The caller waits: one thread uses the connection at a time. */
struct build_job {
	struct db *db;
	bool to_file; /* else into memory */
	int rc;
	bool written;
	long long version;
	void *img;
	size_t len;
};

static void *build_job(void *arg)
{
	struct build_job *j = arg;
	struct reg_store_parts parts;
	j->rc = build_parts(j->db, &parts);
	if (j->rc != 0)
		return NULL;
	j->version = parts.head.version;
	j->written = j->to_file && file_write(&parts) == 0;
	if (j->to_file && !j->written)
		log_event(LOG_ERR, "register cache: cannot write in %s: %s", store_dir,
		          strerror(errno));
	if (!j->written) {
		j->img = image_memory(&parts);
		j->len = parts.head.length;
	}
	/* The build's large blocks raised glibc's trim threshold past the
	 * size of a thread's heap: back to its default, so that the frees
	 * below give the thread's heap back. */
	mallopt(M_TRIM_THRESHOLD, 128 * 1024);
	built_free();
	return NULL;
}

static void build_run(struct build_job *j)
{
	pthread_t t;
	if (pthread_create(&t, NULL, build_job, j) == 0)
		pthread_join(t, NULL);
	else
		build_job(j);
	malloc_trim(0);
}

static int load_memory(struct db *db)
{
	struct build_job j = { .db = db };
	build_run(&j);
	if (j.rc != 0)
		return -1;
	held_set(j.img, j.len, false, 0);
	return 0;
}

/* Built and written under the lock, then mapped. */
static int load_built(struct db *db)
{
	struct build_job j = { .db = db, .to_file = true };
	build_run(&j);
	if (j.rc != 0)
		return -1;
	if (!j.written) {
		held_set(j.img, j.len, false, 0);
		return 0;
	}
	files_prune(j.version);
	const char *why;
	return file_map(j.version, &why) == 1 ? 0 : -1;
}

int reg_store_load(struct db *db, long long version)
{
	if (store_dir == NULL)
		return load_memory(db);
	const char *why;
	if (file_map(version, &why) == 1)
		return 0;
	int lock = lock_take();
	if (lock < 0) {
		log_event(LOG_ERR, "register cache: cannot lock in %s: %s", store_dir,
		          strerror(errno));
		return load_memory(db);
	}
	/* Another process may have built it while this one waited. */
	int rc = file_map(version, &why);
	if (rc != 1) {
		if (rc < 0) {
			char path[4096];
			file_name(path, sizeof path, version);
			log_event(LOG_WARN, "register cache: %s refused (%s): built again",
			          path, why);
			unlink(path);
		}
		rc = load_built(db);
	} else {
		rc = 0;
	}
	close(lock);
	return rc;
}

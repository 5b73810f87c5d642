/* kaijictl restore and verify-backup: read the archive described in
 * cmd-backup.h. Every file is checked (names, chunk order, size, hash)
 * before anything is written, so a damaged archive leaves the data
 * directory as it was. */
#include "cmd-backup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "db-sqlite.h"
#include "register.h"
#include "vault.h"

#define RESTORE_NAME_MAX 1024
#define RESTORE_DEPTH_MAX 6

struct restore {
	sqlite3 *arch;
	const struct backup_dirs *dirs;
	unsigned flags;
	char *err;
	size_t errlen;
};

struct restore_file {
	sqlite3_int64 id, size;
	const char *name, *hash;
};

typedef int (*restore_sink)(void *ctx, const void *data, size_t len);
typedef int (*restore_each)(struct restore *r, const struct restore_file *f);

static int restore_fail(struct restore *r, const char *what)
{
	snprintf(r->err, r->errlen, "%s: %s", what, sqlite3_errmsg(r->arch));
	return -1;
}

/* One path component: letters, digits, '.', '_', '-', not starting with a
 * dot (so never "." or ".."). */
static int restore_component_ok(const char *s, size_t n)
{
	if (n == 0 || s[0] == '.')
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

int backup_name_ok(const char *name)
{
	if (strcmp(name, "kaiji.db") == 0 || strcmp(name, "secrets") == 0)
		return 1;
	if (strncmp(name, "vault/", 6) != 0 || strlen(name) > RESTORE_NAME_MAX)
		return 0;
	const char *p = name + 6;
	for (int depth = 0; depth < RESTORE_DEPTH_MAX; depth++) {
		size_t n = strcspn(p, "/");
		if (!restore_component_ok(p, n))
			return 0;
		if (p[n] == '\0')
			return 1;
		p += n + 1;
	}
	return 0;
}

static void restore_hex(const unsigned char *h, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[h[i] >> 4];
		out[2 * i + 1] = digits[h[i] & 15];
	}
	out[2 * n] = '\0';
}

/* The file's chunks in order into sink (NULL: only check them). */
static int restore_read(struct restore *r, const struct restore_file *f,
                        restore_sink sink, void *ctx)
{
	static const char sql[] =
	    "SELECT seq, data FROM chunk WHERE file_id = ?1 ORDER BY seq";
	sqlite3_stmt *st;
	crypto_generichash_state hs;
	unsigned char h[BACKUP_HASH_BYTES];
	char hex[2 * BACKUP_HASH_BYTES + 1];
	sqlite3_int64 total = 0;
	int seq = 0, rc;
	if (sqlite3_prepare_v2(r->arch, sql, -1, &st, NULL) != SQLITE_OK)
		return restore_fail(r, "archive");
	sqlite3_bind_int64(st, 1, f->id);
	crypto_generichash_init(&hs, NULL, 0, sizeof h);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const void *data = sqlite3_column_blob(st, 1);
		size_t len = (size_t)sqlite3_column_bytes(st, 1);
		if (sqlite3_column_int(st, 0) != seq++ || len > BACKUP_CHUNK) {
			snprintf(r->err, r->errlen, "%s: chunks out of order", f->name);
			sqlite3_finalize(st);
			return -1;
		}
		crypto_generichash_update(&hs, data, len);
		total += (sqlite3_int64)len;
		if (sink && sink(ctx, data, len) != 0) {
			snprintf(r->err, r->errlen, "%s: %s", f->name, strerror(errno));
			sqlite3_finalize(st);
			return -1;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return restore_fail(r, f->name);
	crypto_generichash_final(&hs, h, sizeof h);
	restore_hex(h, sizeof h, hex);
	if (seq == 0 || total != f->size || strcmp(hex, f->hash) != 0) {
		snprintf(r->err, r->errlen, "%s: damaged (size or hash differs)", f->name);
		return -1;
	}
	return 0;
}

static int restore_meta_is(struct restore *r, const char *key, const char *want)
{
	static const char sql[] = "SELECT value FROM meta WHERE key = ?1";
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(r->arch, sql, -1, &st, NULL) != SQLITE_OK)
		return restore_fail(r, "not a kaiji backup");
	db_sqlite_bind_text(st, 1, key);
	int ok = sqlite3_step(st) == SQLITE_ROW && strcmp(db_sqlite_col_text(st, 0), want) == 0;
	sqlite3_finalize(st);
	if (!ok) {
		snprintf(r->err, r->errlen, "not a kaiji backup of format %s %s",
		         BACKUP_FORMAT, want);
		return -1;
	}
	return 0;
}

/* Each file, the database last: documents land before the rows naming
 * them. Every name is checked before fn sees it. */
static int restore_files(struct restore *r, restore_each fn)
{
	static const char sql[] = "SELECT id, name, size, hash FROM file "
	                          "ORDER BY name = 'kaiji.db', name";
	sqlite3_stmt *st;
	int rc, db_seen = 0, fail = 0;
	if (sqlite3_prepare_v2(r->arch, sql, -1, &st, NULL) != SQLITE_OK)
		return restore_fail(r, "archive");
	while (!fail && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct restore_file f = {
			.id = sqlite3_column_int64(st, 0), .name = db_sqlite_col_text(st, 1),
			.size = sqlite3_column_int64(st, 2), .hash = db_sqlite_col_text(st, 3),
		};
		if (!backup_name_ok(f.name)) {
			snprintf(r->err, r->errlen, "archive: refusing the file name '%.200s'",
			         f.name);
			fail = 1;
			break;
		}
		db_seen |= strcmp(f.name, "kaiji.db") == 0;
		fail = fn(r, &f) != 0;
	}
	if (!fail && rc != SQLITE_DONE)
		fail = restore_fail(r, "archive") != 0;
	sqlite3_finalize(st);
	if (!fail && !db_seen) {
		snprintf(r->err, r->errlen, "archive: no kaiji.db");
		fail = 1;
	}
	return fail ? -1 : 0;
}

static int restore_check_one(struct restore *r, const struct restore_file *f)
{
	return restore_read(r, f, NULL, NULL);
}

static int restore_quick_check(struct restore *r)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(r->arch, "PRAGMA quick_check", -1, &st, NULL) != SQLITE_OK)
		return restore_fail(r, "archive");
	int ok = sqlite3_step(st) == SQLITE_ROW && strcmp(db_sqlite_col_text(st, 0), "ok") == 0;
	sqlite3_finalize(st);
	if (!ok) {
		snprintf(r->err, r->errlen, "archive: damaged (quick_check)");
		return -1;
	}
	return 0;
}

static int restore_open(struct restore *r, const char *archive)
{
	char fv[16];
	if (sodium_init() < 0) {
		snprintf(r->err, r->errlen, "libsodium cannot start");
		return -1;
	}
	if (sqlite3_open_v2(archive, &r->arch, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		snprintf(r->err, r->errlen, "%s: %s", archive,
		         r->arch ? sqlite3_errmsg(r->arch) : "cannot open");
		return -1;
	}
	snprintf(fv, sizeof fv, "%d", BACKUP_FORMAT_VERSION);
	if (restore_quick_check(r) || restore_meta_is(r, "format", BACKUP_FORMAT) ||
	    restore_meta_is(r, "format_version", fv))
		return -1;
	return restore_files(r, restore_check_one);
}

int backup_verify(const char *archive, char *err, size_t errlen)
{
	struct restore r = { .err = err, .errlen = errlen };
	int rc = restore_open(&r, archive);
	sqlite3_close(r.arch);
	return rc;
}

static int restore_write_fd(void *ctx, const void *data, size_t len)
{
	return vault_write_all(*(int *)ctx, data, len);
}

/* The directories of a vault file's path below top. */
static int restore_mkdirs(struct restore *r, const char *top, const char *path)
{
	char dir[4096];
	size_t base = strlen(top) + 1;
	snprintf(dir, sizeof dir, "%s", path);
	for (char *s = dir + base; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			snprintf(r->err, r->errlen, "%s: %s", dir, strerror(errno));
			return -1;
		}
		*s = '/';
	}
	return 0;
}

/* The archive's file into a temporary name beside path, synced. */
static int restore_extract(struct restore *r, const struct restore_file *f,
                           const char *path, char *tmp, size_t tmplen)
{
	const char *slash = strrchr(path, '/');
	snprintf(tmp, tmplen, "%.*s/.restore-XXXXXX", (int)(slash - path), path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		snprintf(r->err, r->errlen, "%s: %s", tmp, strerror(errno));
		return -1;
	}
	int rc = restore_read(r, f, restore_write_fd, &fd);
	if (rc == 0 && fsync(fd) != 0) {
		snprintf(r->err, r->errlen, "%s: %s", tmp, strerror(errno));
		rc = -1;
	}
	close(fd);
	if (rc != 0)
		unlink(tmp);
	return rc;
}

static int restore_db_ok(struct restore *r, const char *path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int ok = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
	         sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK &&
	         sqlite3_step(st) == SQLITE_ROW &&
	         strcmp(db_sqlite_col_text(st, 0), "ok") == 0;
	sqlite3_finalize(st);
	sqlite3_close(db);
	if (!ok)
		snprintf(r->err, r->errlen, "kaiji.db: the restored database fails "
		         "integrity_check");
	return ok ? 0 : -1;
}

/* A WAL or shared-memory file left from the database being replaced would
 * be replayed into the restored one. */
static int restore_drop_wal(struct restore *r, const char *path)
{
	const char *suffixes[] = { "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < 3; i++) {
		char p[4096];
		snprintf(p, sizeof p, "%s%s", path, suffixes[i]);
		if (unlink(p) != 0 && errno != ENOENT) {
			snprintf(r->err, r->errlen, "%s: %s", p, strerror(errno));
			return -1;
		}
	}
	return 0;
}

static int restore_one(struct restore *r, const struct restore_file *f)
{
	char path[4096], tmp[4096];
	struct stat st;
	int is_db = strcmp(f->name, "kaiji.db") == 0;
	const char *top = r->dirs->data, *rel = f->name;
	if (strncmp(f->name, "vault/", 6) == 0) {
		top = r->dirs->vault;
		rel = f->name + 6;
	}
	if ((size_t)snprintf(path, sizeof path, "%s/%s", top, rel) >= sizeof path) {
		snprintf(r->err, r->errlen, "%s: path too long", f->name);
		return -1;
	}
	if (strcmp(f->name, "secrets") == 0 && !(r->flags & RESTORE_FORCE) &&
	    lstat(path, &st) == 0) {
		printf("kept the existing %s (--force replaces it)\n", path);
		return 0;
	}
	if (restore_mkdirs(r, top, path) || restore_extract(r, f, path, tmp, sizeof tmp))
		return -1;
	if (is_db && (restore_db_ok(r, tmp) || restore_drop_wal(r, path))) {
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, path) != 0) {
		snprintf(r->err, r->errlen, "%s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

static int restore_target(struct restore *r)
{
	char path[4096];
	struct stat st;
	if (mkdir(r->dirs->data, 0700) != 0 && errno != EEXIST) {
		snprintf(r->err, r->errlen, "%s: %s", r->dirs->data, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof path, "%s/kaiji.db", r->dirs->data);
	if (!(r->flags & RESTORE_FORCE) && lstat(path, &st) == 0) {
		snprintf(r->err, r->errlen, "%s exists: refusing to replace it "
		         "(stop the programs, then restore --force)", path);
		return -1;
	}
	if (mkdir(r->dirs->vault, 0700) != 0 && errno != EEXIST) {
		snprintf(r->err, r->errlen, "%s: %s", r->dirs->vault, strerror(errno));
		return -1;
	}
	return 0;
}

int backup_restore(const char *archive, const struct backup_dirs *dirs,
                   unsigned flags, char *err, size_t errlen)
{
	const char *data_dir = dirs->data;
	struct restore r = { .dirs = dirs, .flags = flags,
	                     .err = err, .errlen = errlen };
	struct stat st;
	char path[4096];
	snprintf(path, sizeof path, "%s/kaiji.db", data_dir);
	if (!(flags & RESTORE_FORCE) && lstat(path, &st) == 0) {
		snprintf(err, errlen, "%s exists: refusing to replace it "
		         "(stop the programs, then restore --force)", path);
		return -1;
	}
	int rc = restore_open(&r, archive);
	if (rc == 0)
		rc = restore_target(&r);
	if (rc == 0)
		rc = restore_files(&r, restore_one);
	sqlite3_close(r.arch);
	if (rc == 0) {
		snprintf(path, sizeof path, "%s/cache", data_dir);
		reg_cache_clear(path);
		int dfd = open(data_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
	}
	return rc;
}

int cmd_restore(const char *config, int argc, char **argv)
{
	unsigned flags = 0;
	struct backup_dirs dirs = { "", "" };
	char err[8192], secrets[4200];
	int i = 1;
	struct stat st;
	if (i < argc && strcmp(argv[i], "--force") == 0) {
		flags |= RESTORE_FORCE;
		i++;
	}
	if (i + 1 != argc) {
		fputs("usage: kaijictl restore [--force] FILE\n", stderr);
		return 2;
	}
	if (backup_dirs(config, &dirs) != 0)
		return 1;
	const char *dir = dirs.data;
	if (backup_restore(argv[i], &dirs, flags, err, sizeof err) != 0) {
		fprintf(stderr, "kaijictl restore: %s\n", err);
		return 1;
	}
	snprintf(secrets, sizeof secrets, "%s/secrets", dir);
	if (lstat(secrets, &st) != 0)
		printf("no secrets file: copy the one kept apart from the backups to "
		       "%s (mode 0600) before starting the programs\n", secrets);
	printf("restored %s into %s\n", argv[i], dir);
	puts("next: kaijictl migrate (when the programs are newer than the backup)");
	return 0;
}

int cmd_verify_backup(int argc, char **argv)
{
	char err[8192];
	if (argc != 2) {
		fputs("usage: kaijictl verify-backup FILE\n", stderr);
		return 2;
	}
	if (backup_verify(argv[1], err, sizeof err) != 0) {
		fprintf(stderr, "kaijictl verify-backup: %s\n", err);
		return 1;
	}
	printf("%s: ok\n", argv[1]);
	return 0;
}

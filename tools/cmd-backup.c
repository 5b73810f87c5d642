/* kaijictl backup: write the archive described in cmd-backup.h. */
#include "cmd-backup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "config.h"
#include "db-sqlite.h"
#include "log.h"
#include "vault.h"

#define BACKUP_BUSY_TRIES 600 /* × 100 ms while a writer holds a lock */
#define BACKUP_VAULT_DEPTH 4

static const char backup_schema[] =
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE file (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
    "  size INTEGER NOT NULL, hash TEXT NOT NULL);"
    "CREATE TABLE chunk (file_id INTEGER NOT NULL REFERENCES file(id),"
    "  seq INTEGER NOT NULL, data BLOB NOT NULL,"
    "  PRIMARY KEY (file_id, seq));";

struct backup {
	sqlite3 *arch;
	sqlite3_stmt *file_add, *file_done, *chunk_add;
	unsigned char *buf;
	char *err;
	size_t errlen;
};

static int backup_fail(struct backup *b, const char *what)
{
	snprintf(b->err, b->errlen, "%s: %s", what, sqlite3_errmsg(b->arch));
	return -1;
}

/* Fixed statements without outside data, one after another. */
static int backup_exec(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
	while (*sql) {
		sqlite3_stmt *st = NULL;
		const char *tail = NULL;
		if (sqlite3_prepare_v2(db, sql, -1, &st, &tail) != SQLITE_OK)
			goto fail;
		int rc = st ? sqlite3_step(st) : SQLITE_DONE;
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE && rc != SQLITE_ROW)
			goto fail;
		sql = tail;
	}
	return 0;
fail:
	snprintf(err, errlen, "archive: %s", sqlite3_errmsg(db));
	return -1;
}

static int backup_step_done(struct backup *b, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : backup_fail(b, what);
}

static int backup_fsync_path(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* The directory part of path, for fsync after a rename. */
static void backup_dirname(const char *path, char *out, size_t outlen)
{
	const char *slash = strrchr(path, '/');
	if (slash == NULL)
		snprintf(out, outlen, ".");
	else if (slash == path)
		snprintf(out, outlen, "/");
	else
		snprintf(out, outlen, "%.*s", (int)(slash - path), path);
}

/* A snapshot of data_dir/kaiji.db in snap, by the online backup API: one
 * read transaction, so the copy is consistent while writers go on. */
static int backup_snapshot(const char *data_dir, const char *snap, char *err,
                           size_t errlen)
{
	char src_path[4096];
	sqlite3 *src = NULL, *dst = NULL;
	int rc = -1;
	snprintf(src_path, sizeof src_path, "%s/kaiji.db", data_dir);
	if (sqlite3_open_v2(src_path, &src, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", src_path,
		         src ? sqlite3_errmsg(src) : "cannot open");
		goto out;
	}
	sqlite3_busy_timeout(src, 5000);
	if (sqlite3_open_v2(snap, &dst, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", snap,
		         dst ? sqlite3_errmsg(dst) : "cannot open");
		goto out;
	}
	sqlite3_backup *bk = sqlite3_backup_init(dst, "main", src, "main");
	if (bk == NULL) {
		snprintf(err, errlen, "backup: %s", sqlite3_errmsg(dst));
		goto out;
	}
	int step, tries = 0;
	while ((step = sqlite3_backup_step(bk, -1)) == SQLITE_BUSY ||
	       step == SQLITE_LOCKED) {
		if (++tries > BACKUP_BUSY_TRIES)
			break;
		sqlite3_sleep(100);
	}
	sqlite3_backup_finish(bk);
	if (step != SQLITE_DONE) {
		snprintf(err, errlen, "%s: backup failed: %s", src_path,
		         sqlite3_errstr(step));
		goto out;
	}
	rc = 0;
out:
	sqlite3_close(dst);
	sqlite3_close(src);
	return rc;
}

/* The snapshot's user_version, after an integrity check: a damaged
 * database is reported now, not on the day of the restore. */
static int backup_check_snapshot(const char *snap, int *version, char *err,
                                 size_t errlen)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int rc = -1;
	if (sqlite3_open_v2(snap, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		goto fail;
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		goto fail;
	if (strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0) {
		snprintf(err, errlen, "the database fails integrity_check: %s",
		         sqlite3_column_text(st, 0));
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		goto fail;
	*version = sqlite3_column_int(st, 0);
	rc = 0;
	goto out;
fail:
	snprintf(err, errlen, "%s: %s", snap, db ? sqlite3_errmsg(db) : "cannot open");
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc;
}

static int backup_meta(struct backup *b, int version)
{
	static const char sql[] = "INSERT INTO meta (key, value) VALUES (?1, ?2)";
	char stamp[32], v[16], fv[16];
	log_stamp(time(NULL), stamp);
	snprintf(v, sizeof v, "%d", version);
	snprintf(fv, sizeof fv, "%d", BACKUP_FORMAT_VERSION);
	const char *rows[][2] = {
		{ "format", BACKUP_FORMAT }, { "format_version", fv },
		{ "schema_version", v }, { "created_at", stamp },
		{ "program", "kaiji 0.1" },
	};
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(b->arch, sql, -1, &st, NULL) != SQLITE_OK)
		return backup_fail(b, "archive meta");
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		db_sqlite_bind_text(st, 1, rows[i][0]);
		db_sqlite_bind_text(st, 2, rows[i][1]);
		if (backup_step_done(b, st, "archive meta") != 0) {
			sqlite3_finalize(st);
			return -1;
		}
	}
	sqlite3_finalize(st);
	return 0;
}

static void backup_hex(const unsigned char *h, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[h[i] >> 4];
		out[2 * i + 1] = digits[h[i] & 15];
	}
	out[2 * n] = '\0';
}

static int backup_chunks(struct backup *b, int fd, sqlite3_int64 id,
                         const char *path, sqlite3_int64 *size, char *hash)
{
	crypto_generichash_state hs;
	unsigned char h[BACKUP_HASH_BYTES];
	crypto_generichash_init(&hs, NULL, 0, sizeof h);
	*size = 0;
	for (int seq = 0;; seq++) {
		size_t got = 0;
		ssize_t n = 1;
		while (got < BACKUP_CHUNK &&
		       (n = read(fd, b->buf + got, BACKUP_CHUNK - got)) > 0)
			got += (size_t)n;
		if (n < 0) {
			snprintf(b->err, b->errlen, "%s: %s", path, strerror(errno));
			return -1;
		}
		if (got == 0 && seq > 0)
			break;
		crypto_generichash_update(&hs, b->buf, got);
		sqlite3_bind_int64(b->chunk_add, 1, id);
		sqlite3_bind_int(b->chunk_add, 2, seq);
		sqlite3_bind_blob(b->chunk_add, 3, b->buf, (int)got, SQLITE_STATIC);
		if (backup_step_done(b, b->chunk_add, "archive chunk") != 0)
			return -1;
		*size += (sqlite3_int64)got;
		if (got < BACKUP_CHUNK)
			break;
	}
	crypto_generichash_final(&hs, h, sizeof h);
	backup_hex(h, sizeof h, hash);
	return 0;
}

/* Add the file at path to the archive under name. */
static int backup_add(struct backup *b, const char *name, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		snprintf(b->err, b->errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	db_sqlite_bind_text(b->file_add, 1, name);
	if (backup_step_done(b, b->file_add, "archive file") != 0) {
		close(fd);
		return -1;
	}
	sqlite3_int64 id = sqlite3_last_insert_rowid(b->arch), size;
	char hash[2 * BACKUP_HASH_BYTES + 1];
	int rc = backup_chunks(b, fd, id, path, &size, hash);
	close(fd);
	if (rc != 0)
		return -1;
	sqlite3_bind_int64(b->file_done, 1, size);
	db_sqlite_bind_text(b->file_done, 2, hash);
	sqlite3_bind_int64(b->file_done, 3, id);
	if (backup_step_done(b, b->file_done, "archive file") != 0)
		return -1;
	return 0;
}

/* Every regular file below dir (names starting with a dot are files being
 * written and are skipped; symbolic links are not followed). */
static int backup_vault_dir(struct backup *b, const char *dir, const char *rel,
                            int depth)
{
	DIR *d = opendir(dir);
	if (d == NULL) {
		if (errno == ENOENT && depth == 0)
			return 0;
		snprintf(b->err, b->errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(d)) != NULL) {
		char path[4096], name[4096];
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		snprintf(name, sizeof name, "%s/%s", rel, e->d_name);
		if (lstat(path, &st) != 0)
			continue; /* purged since readdir */
		if (S_ISREG(st.st_mode) && backup_name_ok(name))
			rc = backup_add(b, name, path);
		else if (S_ISDIR(st.st_mode) && depth < BACKUP_VAULT_DEPTH)
			rc = backup_vault_dir(b, path, name, depth + 1);
	}
	closedir(d);
	return rc;
}

static int backup_prepare(struct backup *b)
{
	static const char add[] = "INSERT INTO file (name, size, hash) VALUES (?1, 0, '')";
	static const char done[] = "UPDATE file SET size = ?1, hash = ?2 WHERE id = ?3";
	static const char chunk[] = "INSERT INTO chunk (file_id, seq, data) VALUES (?1, ?2, ?3)";
	if (sqlite3_prepare_v2(b->arch, add, -1, &b->file_add, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(b->arch, done, -1, &b->file_done, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(b->arch, chunk, -1, &b->chunk_add, NULL) != SQLITE_OK)
		return backup_fail(b, "archive");
	return 0;
}

static int backup_fill(struct backup *b, const struct backup_dirs *dirs,
                       const char *snap, int version, unsigned flags)
{
	char path[4096];
	if (backup_exec(b->arch, backup_schema, b->err, b->errlen) ||
	    backup_exec(b->arch, "BEGIN", b->err, b->errlen) ||
	    backup_prepare(b) || backup_meta(b, version) ||
	    backup_add(b, "kaiji.db", snap))
		return -1;
	if (flags & BACKUP_WITH_SECRETS) {
		snprintf(path, sizeof path, "%s/secrets", dirs->data);
		if (backup_add(b, "secrets", path))
			return -1;
	}
	if (backup_vault_dir(b, dirs->vault, "vault", 0))
		return -1;
	return backup_exec(b->arch, "COMMIT", b->err, b->errlen);
}

static int backup_archive(const struct backup_dirs *dirs, const char *snap,
                          const char *tmp, int version, unsigned flags,
                          char *err, size_t errlen)
{
	struct backup b = { .err = err, .errlen = errlen };
	int rc = -1;
	b.buf = malloc(BACKUP_CHUNK);
	if (b.buf == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (sqlite3_open_v2(tmp, &b.arch, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", tmp,
		         b.arch ? sqlite3_errmsg(b.arch) : "cannot open");
		goto out;
	}
	rc = backup_fill(&b, dirs, snap, version, flags);
out:
	sqlite3_finalize(b.file_add);
	sqlite3_finalize(b.file_done);
	sqlite3_finalize(b.chunk_add);
	if (b.arch && sqlite3_close(b.arch) != SQLITE_OK && rc == 0) {
		snprintf(err, errlen, "%s: cannot close", tmp);
		rc = -1;
	}
	free(b.buf);
	return rc;
}

/* A new empty file next to path, named from path and suffix. */
static int backup_tmpfile(const char *path, const char *suffix, char *out,
                          size_t outlen, char *err, size_t errlen)
{
	if ((size_t)snprintf(out, outlen, "%s%sXXXXXX", path, suffix) >= outlen) {
		snprintf(err, errlen, "%s: path too long", path);
		return -1;
	}
	int fd = mkstemp(out);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", out, strerror(errno));
		out[0] = '\0';
		return -1;
	}
	close(fd);
	return 0;
}

void backup_dirs_set(struct backup_dirs *dirs, const char *data_dir,
                     const char *vault_dir)
{
	snprintf(dirs->data, sizeof dirs->data, "%s", data_dir);
	if (vault_dir != NULL)
		snprintf(dirs->vault, sizeof dirs->vault, "%s", vault_dir);
	else
		snprintf(dirs->vault, sizeof dirs->vault, "%s/vault", data_dir);
}

int backup_write(const struct backup_dirs *dirs, const char *archive,
                 unsigned flags, char *err, size_t errlen)
{
	char snap[4096] = "", tmp[4096] = "", dir[4096];
	int version = 0, rc = -1;
	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium cannot start");
		return -1;
	}
	if (backup_tmpfile(archive, ".snapshot-", snap, sizeof snap, err, errlen) ||
	    backup_tmpfile(archive, ".partial-", tmp, sizeof tmp, err, errlen) ||
	    backup_snapshot(dirs->data, snap, err, errlen) ||
	    backup_check_snapshot(snap, &version, err, errlen) ||
	    backup_archive(dirs, snap, tmp, version, flags, err, errlen))
		goto out;
	backup_dirname(archive, dir, sizeof dir);
	if (backup_fsync_path(tmp, O_RDONLY) != 0 || rename(tmp, archive) != 0) {
		snprintf(err, errlen, "%s: %s", archive, strerror(errno));
		goto out;
	}
	tmp[0] = '\0';
	backup_fsync_path(dir, O_RDONLY | O_DIRECTORY);
	rc = 0;
out:
	if (tmp[0])
		unlink(tmp);
	if (snap[0])
		unlink(snap);
	return rc;
}

int backup_dirs(const char *config, struct backup_dirs *dirs)
{
	HDF *cfg = NULL;
	struct vault v;
	char err[8192] = "";
	if (config_load(config, &cfg, err, sizeof err) != 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	const char *data = config_str(cfg, "Kaiji.DataDir");
	/* The archive holds the data directory's kaiji.db: another database
	 * (PostgreSQL's above all) is backed up with its own tools. */
	const char *where = hdf_get_value(cfg, "Kaiji.Database", "");
	char own[4200];
	snprintf(own, sizeof own, "sqlite:%s/kaiji.db", data);
	int rc = 0;
	if (*where && strcmp(where, own) != 0) {
		fprintf(stderr, "kaijictl: Kaiji.Database is not %s/kaiji.db: backup "
		        "and restore copy that file only; back the database up with "
		        "its own tools (PostgreSQL: pg_dump, docs/INSTALL.md)\n", data);
		rc = -1;
	}
	if (rc == 0)
		rc = vault_config(&v, hdf_get_value(cfg, "Kaiji.Vault", NULL), data,
		                  NULL, err, sizeof err);
	if (rc == 0)
		backup_dirs_set(dirs, data, v.dir[0] != '\0' ? v.dir : NULL);
	else if (*err)
		fprintf(stderr, "%s\n", err);
	hdf_destroy(&cfg);
	return rc;
}

int cmd_backup(const char *config, int argc, char **argv)
{
	unsigned flags = 0;
	struct backup_dirs dirs = { "", "" };
	char err[8192];
	int i = 1;
	if (i < argc && strcmp(argv[i], "--with-secrets") == 0) {
		flags |= BACKUP_WITH_SECRETS;
		i++;
	}
	if (i + 1 != argc) {
		fputs("usage: kaijictl backup [--with-secrets] FILE\n", stderr);
		return 2;
	}
	if (backup_dirs(config, &dirs) != 0)
		return 1;
	if (backup_write(&dirs, argv[i], flags, err, sizeof err) != 0) {
		fprintf(stderr, "kaijictl backup: %s\n", err);
		return 1;
	}
	printf("backup written to %s\n", argv[i]);
	return 0;
}

/* Backup archives: a round trip keeps every row and every vault file byte
 * for byte; a damaged, truncated, reordered or hostile archive is refused
 * and writes nothing; restore never replaces a database without --force. */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "cmd-backup.h"
#include "db-sqlite.h"
#include "tap.h"

#define BIG_BYTES ((size_t)2 * 1024 * 1024 + 12345) /* three chunks */

static char top[256];

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (f == NULL || fwrite(data, 1, len, f) != len) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
	fclose(f);
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = malloc((size_t)n + 1);
	*len = fread(b, 1, (size_t)n, f);
	fclose(f);
	return b;
}

static char *big_content(void)
{
	static const char pat[] = "KAIJI-PATTERN-0123456789;";
	char *b = malloc(BIG_BYTES);
	for (size_t i = 0; i < BIG_BYTES; i++)
		b[i] = pat[i % (sizeof pat - 1)];
	return b;
}

static void sql(const char *path, const char *text)
{
	sqlite3 *db;
	char *msg = NULL;
	sqlite3_open(path, &db);
	if (sqlite3_exec(db, text, NULL, NULL, &msg) != SQLITE_OK) {
		printf("# sql failed: %s\n", msg ? msg : "?");
		sqlite3_free(msg);
	}
	sqlite3_close(db);
}

static long count_rows(const char *path, const char *query)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long n = -1;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, query, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return n;
}

/* A data directory: a migrated database with feedback rows, a vault with
 * a small file, an empty one, a big one in a subdirectory, a file being
 * written (dot name) and a symbolic link; a secrets file. */
static void make_data_dir(const char *dir)
{
	char path[512], err[512];
	struct db *db;
	mkdir(dir, 0700);
	snprintf(path, sizeof path, "%s/kaiji.db", dir);
	if (db_open(path, &db, err, sizeof err) || db_migrate(db, err, sizeof err)) {
		printf("Bail out! %s\n", err);
		exit(1);
	}
	db_close(db);
	sql(path, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 500)"
	          " INSERT INTO feedback (page, lang, understandable, findable, created_at)"
	          " SELECT '/p' || i, 'ja', 'yes', 'no', '2024-01-01T00:00:00Z' FROM n");
	snprintf(path, sizeof path, "%s/vault", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/vault/2024", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/vault/small", dir);
	write_file(path, "small document", 14);
	snprintf(path, sizeof path, "%s/vault/empty", dir);
	write_file(path, "", 0);
	char *big = big_content();
	snprintf(path, sizeof path, "%s/vault/2024/big.bin", dir);
	write_file(path, big, BIG_BYTES);
	free(big);
	snprintf(path, sizeof path, "%s/vault/.partial", dir);
	write_file(path, "in progress", 11);
	snprintf(path, sizeof path, "%s/vault/link", dir);
	if (symlink("/etc/passwd", path) != 0)
		printf("# symlink: cannot make one\n");
	snprintf(path, sizeof path, "%s/secrets", dir);
	write_file(path, "0123456789abcdef0123456789abcdef", 32);
	chmod(path, 0600);
}

static int same_file(const char *a, const char *b)
{
	size_t la, lb;
	char *x = read_file(a, &la), *y = read_file(b, &lb);
	int same = x && y && la == lb && memcmp(x, y, la) == 0;
	free(x);
	free(y);
	return same;
}

static int remove_one(const char *path, const struct stat *st, int flag,
                      struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

/* The directories of a data directory with its vault inside. */
static const struct backup_dirs *in(const char *data_dir)
{
	static struct backup_dirs d;
	backup_dirs_set(&d, data_dir, NULL);
	return &d;
}

static void round_trip(const char *src, const char *archive)
{
	char err[1024] = "", dst[300], a[512], b[512];
	TAP_INTEQ(backup_write(in(src), archive, BACKUP_WITH_SECRETS, err, sizeof err), 0,
	          "backup writes the archive");
	if (err[0])
		printf("#   %s\n", err);
	struct stat st;
	TAP_OK(stat(archive, &st) == 0 && (st.st_mode & 077) == 0,
	       "the archive is readable by its owner only");
	TAP_INTEQ(backup_verify(archive, err, sizeof err), 0, "verify-backup accepts it");

	snprintf(dst, sizeof dst, "%s/restored", top);
	TAP_INTEQ(backup_restore(archive, in(dst), 0, err, sizeof err), 0,
	          "restore into a fresh directory");
	if (err[0])
		printf("#   %s\n", err);
	snprintf(a, sizeof a, "%s/kaiji.db", dst);
	TAP_INTEQ(count_rows(a, "SELECT count(*) FROM feedback"), 500,
	          "every feedback row is restored");
	TAP_INTEQ(count_rows(a, "PRAGMA user_version"), db_schema_version,
	          "the schema version is restored");
	const char *files[] = { "vault/small", "vault/empty", "vault/2024/big.bin", "secrets" };
	for (size_t i = 0; i < 4; i++) {
		snprintf(a, sizeof a, "%s/%s", src, files[i]);
		snprintf(b, sizeof b, "%s/%s", dst, files[i]);
		TAP_OK(same_file(a, b), "%s is restored byte for byte", files[i]);
	}
	snprintf(b, sizeof b, "%s/vault/.partial", dst);
	TAP_OK(!exists(b), "a file being written (dot name) is not archived");
	snprintf(b, sizeof b, "%s/vault/link", dst);
	TAP_OK(!exists(b), "a symbolic link in the vault is not followed");
	TAP_OK(stat(dst, &st) == 0 && (st.st_mode & 0777) == 0700,
	       "the restored data directory is mode 0700");
}

static void no_overwrite(const char *archive)
{
	char err[1024] = "", dst[300], db[400], wal[420];
	snprintf(dst, sizeof dst, "%s/restored", top);
	snprintf(db, sizeof db, "%s/kaiji.db", dst);
	sql(db, "DELETE FROM feedback WHERE id > 100");
	TAP_INTEQ(backup_restore(archive, in(dst), 0, err, sizeof err), -1,
	          "-bad- restore over an existing database is refused");
	TAP_OK(strstr(err, "--force") != NULL, "the refusal names --force: %s", err);
	TAP_INTEQ(count_rows(db, "SELECT count(*) FROM feedback"), 100,
	          "the existing database is untouched");
	snprintf(wal, sizeof wal, "%s-wal", db);
	write_file(wal, "stale wal", 9);
	TAP_INTEQ(backup_restore(archive, in(dst), RESTORE_FORCE, err, sizeof err), 0,
	          "restore --force replaces it");
	TAP_OK(!exists(wal), "a stale WAL of the replaced database is removed");
	TAP_INTEQ(count_rows(db, "SELECT count(*) FROM feedback"), 500,
	          "the replaced database has the archived rows");
}

static void copy(const char *from, const char *to)
{
	size_t n;
	char *b = read_file(from, &n);
	write_file(to, b, n);
	free(b);
}

/* A copy of the archive changed by one SQL statement must be refused and
 * leave a fresh target directory without a database. */
static void bad_archive(const char *archive, const char *change, const char *what,
                        const char *expect)
{
	char bad[300], err[1024] = "", dst[300], db[400];
	snprintf(bad, sizeof bad, "%s/bad.kbk", top);
	copy(archive, bad);
	if (change)
		sql(bad, change);
	snprintf(dst, sizeof dst, "%s/fresh", top);
	TAP_INTEQ(backup_verify(bad, err, sizeof err), -1, "-bad- %s: verify refuses it", what);
	TAP_OK(strstr(err, expect) != NULL, "-bad- %s: says '%s' (%s)", what, expect, err);
	TAP_INTEQ(backup_restore(bad, in(dst), 0, err, sizeof err), -1,
	          "-bad- %s: restore refuses it", what);
	snprintf(db, sizeof db, "%s/kaiji.db", dst);
	TAP_OK(!exists(db), "-bad- %s: nothing restored", what);
	unlink(bad);
}

/* Flip one byte of the big vault file's content inside the archive file
 * itself, as a failing disk would. */
static void flipped_byte(const char *archive)
{
	char bad[300], err[1024] = "";
	size_t n;
	snprintf(bad, sizeof bad, "%s/flipped.kbk", top);
	char *b = read_file(archive, &n);
	char *hit = memmem(b, n, "KAIJI-PATTERN-0123456789;KAIJI", 30);
	TAP_OK(hit != NULL, "the big file's bytes are found in the archive");
	if (hit)
		hit[5] ^= 0x20;
	write_file(bad, b, n);
	free(b);
	TAP_INTEQ(backup_verify(bad, err, sizeof err), -1,
	          "-bad- a flipped byte in the archive file is detected");
	TAP_OK(strstr(err, "vault/2024/big.bin") != NULL, "and the file is named: %s", err);
	unlink(bad);
}

static void truncated(const char *archive)
{
	char bad[300], err[1024] = "";
	size_t n;
	snprintf(bad, sizeof bad, "%s/truncated.kbk", top);
	char *b = read_file(archive, &n);
	write_file(bad, b, n / 2);
	free(b);
	TAP_INTEQ(backup_verify(bad, err, sizeof err), -1, "-bad- a truncated archive is refused");
	write_file(bad, "not an archive\n", 15);
	TAP_INTEQ(backup_verify(bad, err, sizeof err), -1, "-bad- a text file is refused");
	unlink(bad);
	TAP_INTEQ(backup_verify(bad, err, sizeof err), -1, "-bad- a missing file is refused");
	TAP_OK(!exists(bad), "verify does not create a missing archive");
}

static void names(void)
{
	const char *good[] = { "kaiji.db", "secrets", "vault/a", "vault/2024/03/x.bin",
	                       "vault/a-b_c.d", "vault/a/b/c/d/e/f" };
	const char *bad[] = { "", "kaiji.db-wal", "/etc/passwd", "vault/", "vault/../x",
	                      "vault/.hidden", "vault/a//b", "vault/a/", "vault/a b",
	                      "../kaiji.db", "vault/..", "vault/a/b/c/d/e/f/g" };
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		TAP_OK(backup_name_ok(good[i]), "name '%s' is accepted", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		TAP_OK(!backup_name_ok(bad[i]), "-bad- name '%s' is refused", bad[i]);
}

/* Kaiji.Vault names a directory of its own (one every web server
 * mounts): restore puts the vault's files there, and a backup of such a
 * site takes them from there. */
static void vault_elsewhere(const char *src, const char *archive)
{
	char err[1024] = "", a[600], b[600], again[300];
	struct backup_dirs d = { "", "" };
	snprintf(a, sizeof a, "%s/site2", top);
	snprintf(b, sizeof b, "%s/shared-vault", top);
	backup_dirs_set(&d, a, b);
	TAP_INTEQ(backup_restore(archive, &d, 0, err, sizeof err), 0,
	          "restore with the vault in a directory of its own");
	snprintf(a, sizeof a, "%s/vault/2024/big.bin", src);
	snprintf(b, sizeof b, "%s/shared-vault/2024/big.bin", top);
	TAP_OK(same_file(a, b), "the vault's files are restored into that directory");
	snprintf(b, sizeof b, "%s/site2/vault", top);
	TAP_OK(!exists(b), "and not into the data directory");
	snprintf(again, sizeof again, "%s/again.kbk", top);
	TAP_INTEQ(backup_write(&d, again, 0, err, sizeof err), 0, "a backup of that site");
	TAP_INTEQ(backup_restore(again, in(d.data), RESTORE_FORCE, err, sizeof err), 0,
	          "restores into a site with the vault inside");
	snprintf(b, sizeof b, "%s/site2/vault/2024/big.bin", top);
	TAP_OK(same_file(a, b), "with the vault's files taken from its directory");
	unlink(again);
}

static void missing_source(void)
{
	char err[1024] = "", dir[300], archive[300];
	snprintf(dir, sizeof dir, "%s/nothing", top);
	snprintf(archive, sizeof archive, "%s/nothing.kbk", top);
	TAP_INTEQ(backup_write(in(dir), archive, 0, err, sizeof err), -1,
	          "-bad- backup of a directory without a database fails");
	TAP_OK(!exists(archive), "and leaves no archive");
}

int main(void)
{
	char src[300], archive[300];
	snprintf(top, sizeof top, "/tmp/kaiji-test-backup-%d", (int)getpid());
	mkdir(top, 0700);
	umask(077);
	snprintf(src, sizeof src, "%s/data", top);
	snprintf(archive, sizeof archive, "%s/backup.kbk", top);
	make_data_dir(src);

	names();
	round_trip(src, archive);
	no_overwrite(archive);
	vault_elsewhere(src, archive);
	bad_archive(archive, "UPDATE chunk SET data = zeroblob(length(data)) "
	            "WHERE file_id = (SELECT id FROM file WHERE name = 'vault/small')",
	            "changed content", "damaged");
	bad_archive(archive, "DELETE FROM chunk WHERE seq = 1", "a missing chunk", "vault/2024/big.bin");
	bad_archive(archive, "UPDATE chunk SET seq = 7 WHERE seq = 2", "a chunk out of order",
	            "out of order");
	bad_archive(archive, "UPDATE file SET name = 'vault/../../escape' WHERE name = 'vault/small'",
	            "a name escaping the vault", "refusing the file name");
	bad_archive(archive, "UPDATE file SET name = '/tmp/x' WHERE name = 'vault/small'",
	            "an absolute name", "refusing the file name");
	bad_archive(archive, "DELETE FROM chunk WHERE file_id = (SELECT id FROM file WHERE name = "
	            "'kaiji.db'); DELETE FROM file WHERE name = 'kaiji.db'",
	            "no database", "no kaiji.db");
	bad_archive(archive, "UPDATE meta SET value = '2' WHERE key = 'format_version'",
	            "a newer format", "format");
	bad_archive(archive, "DROP TABLE meta", "no meta table", "not a kaiji backup");
	flipped_byte(archive);
	truncated(archive);
	missing_source();

	nftw(top, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	return TAP_DONE();
}

/* The vault: documents are encrypted, named at random, decrypt back to
 * the same bytes, and a damaged, renamed or swapped one does not open;
 * in both stores (files in a directory, rows of the database), and
 * Kaiji.Vault chooses the store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "tap.h"
#include "token.h"
#include "vault.h"

static const char doc[] = "%PDF-1.4 本人確認書類 \x00\x01\x02 binary";

static void settings(const char *top)
{
	struct vault v;
	char err[256];
	TAP_INTEQ(vault_config(&v, NULL, top, NULL, err, sizeof err), 0, "no Kaiji.Vault: files");
	TAP_OK(strcmp(v.dir, top) > 0 && strstr(v.dir, "/vault") != NULL, "in DataDir/vault");
	TAP_INTEQ(vault_config(&v, "/srv/shared/kaiji-vault", top, NULL, err, sizeof err), 0,
	          "an absolute directory (one every server mounts)");
	TAP_STREQ(v.dir, "/srv/shared/kaiji-vault", "is used as it is");
	TAP_INTEQ(vault_config(&v, "database", top, NULL, err, sizeof err), 0, "database");
	TAP_STREQ(v.dir, "", "keeps no directory");
	TAP_INTEQ(vault_config(&v, "shared/vault", top, NULL, err, sizeof err), -1,
	          "-bad- a relative directory is refused");
	TAP_OK(strstr(err, "Kaiji.Vault") != NULL, "naming the setting");
	TAP_INTEQ(vault_config(&v, "databases", top, NULL, err, sizeof err), -1,
	          "-bad- a misspelt choice is refused");
}

static void files(const char *top, struct arena *a)
{
	struct vault v;
	char err[256], path[4200];
	vault_config(&v, NULL, top, NULL, err, sizeof err);
	TAP_INTEQ(vault_open(&v), 0, "the vault directory is made");
	const char *n1, *n2;
	TAP_INTEQ(vault_put(&v, a, doc, sizeof doc, &n1), 0, "a document is stored");
	TAP_INTEQ(vault_put(&v, a, doc, sizeof doc, &n2), 0, "and the same bytes again");
	TAP_OK(vault_name_ok(n1) && strcmp(n1, n2) != 0, "under two random names");

	snprintf(path, sizeof path, "%s/%s", v.dir, n1);
	FILE *f = fopen(path, "rb");
	char disk[256];
	size_t dn = fread(disk, 1, sizeof disk, f);
	fclose(f);
	TAP_OK(dn > sizeof doc && memmem(disk, dn, "PDF", 3) == NULL && memmem(disk, dn, "binary", 6) == NULL,
	       "the bytes on disk are not the document");

	void *back;
	size_t blen;
	TAP_INTEQ(vault_get(&v, a, n1, &back, &blen), 0, "it decrypts");
	TAP_OK(blen == sizeof doc && memcmp(back, doc, blen) == 0, "back to the same bytes");

	/* Swap the two files: each is bound to its own name. */
	char p2[4200], tmp[4200];
	snprintf(p2, sizeof p2, "%s/%s", v.dir, n2);
	snprintf(tmp, sizeof tmp, "%s/swap", v.dir);
	rename(path, tmp);
	rename(p2, path);
	rename(tmp, p2);
	TAP_INTEQ(vault_get(&v, a, n1, &back, &blen), -1, "-bad- a swapped file does not open");

	f = fopen(p2, "r+b");
	fseek(f, 30, SEEK_SET);
	fputc('X', f);
	fclose(f);
	TAP_INTEQ(vault_get(&v, a, n2, &back, &blen), -1, "-bad- a damaged file does not open");
	TAP_INTEQ(vault_get(&v, a, "../../etc/passwd", &back, &blen), -1, "-bad- a path is not a vault name");
	TAP_INTEQ(vault_get(&v, a, "00000000000000000000000000000000", &back, &blen), 1, "-bad- a missing file is missing");
	TAP_INTEQ(vault_exists(&v, n2), 1, "a file is there");
	TAP_INTEQ(vault_delete(&v, n1), 0, "a file is deleted");
	TAP_INTEQ(vault_get(&v, a, n1, &back, &blen), 1, "and is gone");
	TAP_INTEQ(vault_exists(&v, n1), 0, "and not there");
	vault_delete(&v, n2);
	rmdir(v.dir);
}

static const char sql_sealed[] = "SELECT sealed FROM vault_file WHERE name = ?1";
static const char sql_rename[] = "UPDATE vault_file SET name = ?2 WHERE name = ?1";
static const char sql_damage[] = "UPDATE vault_file SET sealed = ?2 WHERE name = ?1";

static void rename_row(struct db *db, const char *from, const char *to)
{
	struct db_stmt *st = db_stmt(db, sql_rename);
	db_bind_text(st, 1, from);
	db_bind_text(st, 2, to);
	db_step_done(db, st, "rename");
}

static void rows(const char *top, struct arena *a)
{
	struct vault v;
	struct db *db;
	char err[256], path[512];
	snprintf(path, sizeof path, "%s.db", top);
	if (db_open(path, &db, err, sizeof err) || db_migrate(db, err, sizeof err)) {
		printf("Bail out! %s\n", err);
		exit(1);
	}
	vault_config(&v, "database", top, db, err, sizeof err);
	TAP_INTEQ(vault_open(&v), 0, "the database vault opens");
	const char *n1, *n2;
	TAP_INTEQ(vault_put(&v, a, doc, sizeof doc, &n1), 0, "a document is stored in the database");
	TAP_INTEQ(vault_put(&v, a, doc, sizeof doc, &n2), 0, "and the same bytes again");
	TAP_OK(vault_name_ok(n1) && strcmp(n1, n2) != 0, "under two random names");

	struct db_stmt *st = db_stmt(db, sql_sealed);
	db_bind_text(st, 1, n1);
	unsigned char row[256];
	size_t rn = 0;
	if (db_step(st) == DB_ROW) {
		rn = (size_t)db_col_bytes(st, 0);
		memcpy(row, db_col_blob(st, 0), rn < sizeof row ? rn : sizeof row);
	}
	db_reset(st);
	TAP_OK(rn > sizeof doc && rn < sizeof row && memmem(row, rn, "PDF", 3) == NULL &&
	       memmem(row, rn, "binary", 6) == NULL, "the bytes in the row are not the document");

	void *back;
	size_t blen;
	TAP_INTEQ(vault_get(&v, a, n1, &back, &blen), 0, "it decrypts");
	TAP_OK(blen == sizeof doc && memcmp(back, doc, blen) == 0, "back to the same bytes");

	rename_row(db, n1, "swap");
	rename_row(db, n2, n1);
	rename_row(db, "swap", n2);
	TAP_INTEQ(vault_get(&v, a, n1, &back, &blen), -1, "-bad- a swapped row does not open");

	row[30] ^= 0x20;
	st = db_stmt(db, sql_damage);
	db_bind_text(st, 1, n2);
	db_bind_blob(st, 2, row, rn);
	db_step_done(db, st, "damage");
	TAP_INTEQ(vault_get(&v, a, n2, &back, &blen), -1, "-bad- a damaged row does not open");
	TAP_INTEQ(vault_get(&v, a, "00000000000000000000000000000000", &back, &blen), 1,
	          "-bad- a missing row is missing");
	TAP_INTEQ(vault_exists(&v, n2), 1, "a row is there");
	TAP_INTEQ(vault_delete(&v, n1), 0, "a row is deleted");
	TAP_INTEQ(vault_get(&v, a, n1, &back, &blen), 1, "and is gone");
	TAP_INTEQ(vault_exists(&v, n1), 0, "and not there");
	TAP_INTEQ(vault_delete(&v, n1), 0, "deleting a missing row is no error");

	struct vault files;
	const char *n3;
	vault_config(&files, NULL, top, NULL, err, sizeof err);
	vault_open(&files);
	vault_put(&files, a, doc, sizeof doc, &n3);
	TAP_INTEQ(vault_copy_from(&v, a, files.dir, n3), 0, "a file is copied into the database");
	TAP_INTEQ(vault_get(&v, a, n3, &back, &blen), 0, "and opens there, sealed as it was");
	TAP_OK(blen == sizeof doc && memcmp(back, doc, blen) == 0, "to the same bytes");
	TAP_INTEQ(vault_copy_from(&v, a, files.dir, n3), 1, "copying again finds it there");
	TAP_INTEQ(vault_copy_from(&v, a, files.dir, n1), 2, "-bad- a name without a file is missing");
	vault_delete(&files, n3);
	rmdir(files.dir);
	db_close(db);
	static const char *const suffix[] = { "", "-wal", "-shm" };
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s.db%s", top, suffix[i]);
		unlink(path);
	}
}

int main(void)
{
	char top[128], key[160], err[256];
	snprintf(top, sizeof top, "/tmp/kaiji-test-vault-%d", (int)getpid());
	snprintf(key, sizeof key, "%s.key", top);
	if (token_init(key, true, err, sizeof err) != 0)
		return 1;
	mkdir(top, 0700);
	struct arena *a = arena_new();
	settings(top);
	files(top, a);
	rows(top, a);
	rmdir(top);
	unlink(key);
	arena_free(a);
	return TAP_DONE();
}

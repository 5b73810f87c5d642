/* The vault: documents are encrypted, named at random, decrypt back to
 * the same bytes, and a damaged, renamed or swapped file does not open. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "token.h"
#include "vault.h"

int main(void)
{
	char dir[128], key[160], err[256], path[512];
	snprintf(dir, sizeof dir, "/tmp/kaiji-test-vault-%d", (int)getpid());
	snprintf(key, sizeof key, "%s.key", dir);
	if (token_init(key, true, err, sizeof err) != 0)
		return 1;
	struct arena *a = arena_new();
	TAP_INTEQ(vault_open(dir), 0, "the vault directory is made");
	const char doc[] = "%PDF-1.4 本人確認書類 \x00\x01\x02 binary";
	const char *n1, *n2;
	TAP_INTEQ(vault_put(dir, a, doc, sizeof doc, &n1), 0, "a document is stored");
	TAP_INTEQ(vault_put(dir, a, doc, sizeof doc, &n2), 0, "and the same bytes again");
	TAP_OK(vault_name_ok(n1) && strcmp(n1, n2) != 0, "under two random names");

	snprintf(path, sizeof path, "%s/%s", dir, n1);
	FILE *f = fopen(path, "rb");
	char disk[256];
	size_t dn = fread(disk, 1, sizeof disk, f);
	fclose(f);
	TAP_OK(dn > sizeof doc && memmem(disk, dn, "PDF", 3) == NULL && memmem(disk, dn, "binary", 6) == NULL,
	       "the bytes on disk are not the document");

	void *back;
	size_t blen;
	TAP_INTEQ(vault_get(dir, a, n1, &back, &blen), 0, "it decrypts");
	TAP_OK(blen == sizeof doc && memcmp(back, doc, blen) == 0, "back to the same bytes");

	/* Swap the two files: each is bound to its own name. */
	char p2[512], tmp[512];
	snprintf(p2, sizeof p2, "%s/%s", dir, n2);
	snprintf(tmp, sizeof tmp, "%s/swap", dir);
	rename(path, tmp);
	rename(p2, path);
	rename(tmp, p2);
	TAP_INTEQ(vault_get(dir, a, n1, &back, &blen), -1, "-bad- a swapped file does not open");

	f = fopen(p2, "r+b");
	fseek(f, 30, SEEK_SET);
	fputc('X', f);
	fclose(f);
	TAP_INTEQ(vault_get(dir, a, n2, &back, &blen), -1, "-bad- a damaged file does not open");
	TAP_INTEQ(vault_get(dir, a, "../../etc/passwd", &back, &blen), -1, "-bad- a path is not a vault name");
	TAP_INTEQ(vault_get(dir, a, "00000000000000000000000000000000", &back, &blen), 1, "-bad- a missing file is missing");
	TAP_INTEQ(vault_delete(dir, n1), 0, "a file is deleted");
	TAP_INTEQ(vault_get(dir, a, n1, &back, &blen), 1, "and is gone");
	vault_delete(dir, n2);
	rmdir(dir);
	unlink(key);
	arena_free(a);
	return TAP_DONE();
}

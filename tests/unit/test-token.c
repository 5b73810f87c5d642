/* token_hash is the keyed BLAKE2b of its purpose's key (token_key),
 * whose keys it keeps once derived: the same hash as derived afresh, and
 * another secrets file read by token_init gives the other key's hash,
 * not the first one's kept. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "tap.h"
#include "token.h"

/* The hash derived afresh, as token_hash made it before it kept keys. */
static void expected(enum token_purpose purpose, const char *data, char hex[65])
{
	unsigned char key[TOKEN_KEY_BYTES], mac[32];
	token_key(purpose, key);
	crypto_generichash(mac, sizeof mac, (const unsigned char *)data, strlen(data),
	                   key, sizeof key);
	sodium_bin2hex(hex, 65, mac, sizeof mac);
}

static int secrets(char *path, char *err, size_t errlen)
{
	int fd = mkstemp(path);
	if (fd >= 0)
		close(fd);
	unlink(path);
	return token_init(path, true, err, errlen);
}

int main(void)
{
	char a_path[] = "/tmp/kaiji-token-a-XXXXXX", b_path[] = "/tmp/kaiji-token-b-XXXXXX";
	char err[512], want[65];
	struct arena *a = arena_new();
	TAP_INTEQ(secrets(a_path, err, sizeof err), 0, "a secrets file");
	char *first = token_hash(a, TOKEN_CSRF, "cookie", 6);
	expected(TOKEN_CSRF, "cookie", want);
	TAP_STREQ(first, want, "the keyed hash of its purpose's key");
	TAP_STREQ(token_hash(a, TOKEN_CSRF, "cookie", 6), want, "again, from the kept key");
	expected(TOKEN_SESSION, "cookie", want);
	TAP_STREQ(token_hash(a, TOKEN_SESSION, "cookie", 6), want, "another purpose, its own key");
	TAP_OK(strcmp(want, first) != 0, "-bad- not the first purpose's");
	TAP_STREQ(token_csrf(a, "cookie"), first, "token_csrf is the CSRF purpose's hash");

	TAP_INTEQ(secrets(b_path, err, sizeof err), 0, "another secrets file");
	expected(TOKEN_CSRF, "cookie", want);
	char *second = token_hash(a, TOKEN_CSRF, "cookie", 6);
	TAP_STREQ(second, want, "-bad- hashed with the new file's key, not the kept one");
	TAP_OK(strcmp(second, first) != 0, "so another hash");
	TAP_INTEQ(token_init(a_path, false, err, sizeof err), 0, "the first file again");
	TAP_STREQ(token_hash(a, TOKEN_CSRF, "cookie", 6), first, "the first hash again");

	unlink(a_path);
	unlink(b_path);
	arena_free(a);
	return TAP_DONE();
}

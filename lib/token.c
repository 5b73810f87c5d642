#include "token.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

static unsigned char master_key[crypto_kdf_KEYBYTES];
static bool master_loaded;

/* token_hash's keys, derived on first use (a BLAKE2b each: the lookup
 * cookie's and the CSRF token's were a sixth of the status page's own
 * work outside the render); token_init forgets them. */
#define HASH_KEYS 16
static unsigned char hash_keys[HASH_KEYS][TOKEN_KEY_BYTES];
static bool hash_key_made[HASH_KEYS];

static int write_new_key(const char *path, char *err, size_t errlen)
{
	unsigned char key[crypto_kdf_KEYBYTES];
	crypto_kdf_keygen(key);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
		return -1;
	}
	ssize_t n = write(fd, key, sizeof key);
	int ok = n == (ssize_t)sizeof key && fsync(fd) == 0;
	close(fd);
	sodium_memzero(key, sizeof key);
	if (!ok) {
		snprintf(err, errlen, "%s: cannot write the key", path);
		unlink(path);
		return -1;
	}
	return 0;
}

int token_init(const char *path, bool create, char *err, size_t errlen)
{
	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium could not start");
		return -1;
	}
	if (create && access(path, F_OK) != 0 && write_new_key(path, err, errlen))
		return -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot open the secrets file: %s "
		         "(kaijictl init creates it)", path, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) == 0 && (st.st_mode & 077) != 0) {
		snprintf(err, errlen, "%s: the secrets file must not be readable by "
		         "others (chmod 600)", path);
		close(fd);
		return -1;
	}
	sodium_memzero(hash_keys, sizeof hash_keys);
	memset(hash_key_made, 0, sizeof hash_key_made);
	ssize_t n = read(fd, master_key, sizeof master_key);
	close(fd);
	if (n != (ssize_t)sizeof master_key) {
		snprintf(err, errlen, "%s: the secrets file is damaged", path);
		return -1;
	}
	master_loaded = true;
	return 0;
}

void token_key(enum token_purpose purpose, unsigned char out[TOKEN_KEY_BYTES])
{
	crypto_kdf_derive_from_key(out, TOKEN_KEY_BYTES, (uint64_t)purpose,
	                           "kaiji___", master_key);
}

char *token_random(struct arena *a, size_t nbytes)
{
	unsigned char raw[64];
	if (nbytes > sizeof raw)
		nbytes = sizeof raw;
	randombytes_buf(raw, nbytes);
	size_t len = sodium_base64_ENCODED_LEN(nbytes,
	                                       sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = arena_alloc(a, len);
	sodium_bin2base64(out, len, raw, nbytes,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

static const unsigned char *hash_key(enum token_purpose purpose,
                                     unsigned char spare[TOKEN_KEY_BYTES])
{
	size_t i = (size_t)purpose;
	if (i >= HASH_KEYS) {
		token_key(purpose, spare);
		return spare;
	}
	if (!hash_key_made[i]) {
		token_key(purpose, hash_keys[i]);
		hash_key_made[i] = true;
	}
	return hash_keys[i];
}

char *token_hash(struct arena *a, enum token_purpose purpose, const void *data,
                 size_t len)
{
	unsigned char spare[TOKEN_KEY_BYTES], mac[32];
	const unsigned char *key = hash_key(purpose, spare);
	crypto_generichash(mac, sizeof mac, data, len, key, TOKEN_KEY_BYTES);
	sodium_memzero(spare, sizeof spare);
	char *hex = arena_alloc(a, sizeof mac * 2 + 1);
	sodium_bin2hex(hex, sizeof mac * 2 + 1, mac, sizeof mac);
	return hex;
}

bool token_equal(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return false;
	size_t la = strlen(a), lb = strlen(b);
	if (la != lb)
		return false;
	return sodium_memcmp(a, b, la) == 0;
}

char *token_csrf(struct arena *a, const char *cookie)
{
	return token_hash(a, TOKEN_CSRF, cookie, strlen(cookie));
}

bool token_csrf_valid(struct arena *a, const char *cookie, const char *token)
{
	if (!master_loaded || cookie == NULL || token == NULL || strlen(cookie) < 32)
		return false;
	return token_equal(token_csrf(a, cookie), token);
}

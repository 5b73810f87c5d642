#include "vault.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "log.h"
#include "token.h"

#define VAULT_NAME_BYTES 16
#define VAULT_MAX ((size_t)64 << 20)
#define NONCE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG crypto_aead_xchacha20poly1305_ietf_ABYTES

bool vault_setting_ok(const char *setting)
{
	return setting == NULL || setting[0] == '\0' ||
	       strcmp(setting, "database") == 0 || setting[0] == '/';
}

int vault_config(struct vault *v, const char *setting, const char *data_dir,
                 struct db *db, char *err, size_t errlen)
{
	memset(v, 0, sizeof *v);
	if (!vault_setting_ok(setting)) {
		snprintf(err, errlen, "Kaiji.Vault: \"database\" or an absolute "
		         "directory, not %s", setting);
		return -1;
	}
	if (setting != NULL && strcmp(setting, "database") == 0) {
		v->db = db;
		return 0;
	}
	int n = setting != NULL && setting[0] != '\0'
	            ? snprintf(v->dir, sizeof v->dir, "%s", setting)
	            : snprintf(v->dir, sizeof v->dir, "%s/vault", data_dir);
	if (n < 0 || (size_t)n >= sizeof v->dir) {
		snprintf(err, errlen, "Kaiji.Vault: the directory's path is too long");
		return -1;
	}
	return 0;
}

int vault_open(const struct vault *v)
{
	if (v->dir[0] == '\0')
		return 0;
	if (mkdir(v->dir, 0700) != 0 && errno != EEXIST) {
		log_event(LOG_ERR, "vault: cannot create its directory: %s",
		          strerror(errno));
		return -1;
	}
	return 0;
}

int vault_name_ok(const char *name)
{
	return strlen(name) == VAULT_NAME_BYTES * 2 &&
	       strspn(name, "0123456789abcdef") == VAULT_NAME_BYTES * 2;
}

int vault_write_all(int fd, const void *data, size_t len)
{
	const unsigned char *p = data;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static unsigned char *seal(struct arena *a, const char *name, const void *data,
                           size_t len, size_t *outlen)
{
	unsigned char key[TOKEN_KEY_BYTES];
	unsigned char *out = arena_alloc(a, NONCE + len + TAG);
	unsigned long long clen;
	token_key(TOKEN_VAULT, key);
	randombytes_buf(out, NONCE);
	crypto_aead_xchacha20poly1305_ietf_encrypt(
	    out + NONCE, &clen, data, len, (const unsigned char *)name,
	    strlen(name), NULL, out, key);
	sodium_memzero(key, sizeof key);
	*outlen = NONCE + (size_t)clen;
	return out;
}

int vault_put(const struct vault *v, struct arena *a, const void *data,
              size_t len, const char **name_out)
{
	unsigned char raw[VAULT_NAME_BYTES];
	char name[VAULT_NAME_BYTES * 2 + 1];
	size_t clen;
	if (len > VAULT_MAX)
		return -1;
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(name, sizeof name, raw, sizeof raw);
	unsigned char *sealed = seal(a, name, data, len, &clen);
	int rc = v->dir[0] != '\0' ? vault_files_put(v->dir, name, sealed, clen)
	                           : vault_rows_put(v->db, a, name, sealed, clen);
	if (rc != 0)
		return -1;
	*name_out = arena_strdup(a, name);
	return 0;
}

int vault_get(const struct vault *v, struct arena *a, const char *name,
              void **data, size_t *len)
{
	unsigned char *sealed = NULL;
	size_t slen = 0, max = VAULT_MAX + NONCE + TAG;
	if (!vault_name_ok(name))
		return -1;
	int got = v->dir[0] != '\0'
	              ? vault_files_get(v->dir, a, name, &sealed, &slen, max)
	              : vault_rows_get(v->db, a, name, &sealed, &slen, max);
	if (got != 0)
		return got;
	if (slen < NONCE + TAG)
		return -1;
	unsigned char key[TOKEN_KEY_BYTES];
	unsigned char *plain = arena_alloc(a, slen - NONCE - TAG + 1);
	unsigned long long plen;
	token_key(TOKEN_VAULT, key);
	int rc = crypto_aead_xchacha20poly1305_ietf_decrypt(
	    plain, &plen, NULL, sealed + NONCE, slen - NONCE,
	    (const unsigned char *)name, strlen(name), sealed, key);
	sodium_memzero(key, sizeof key);
	if (rc != 0) {
		log_event(LOG_ERR, "vault: a document failed to decrypt");
		return -1;
	}
	*data = plain;
	*len = (size_t)plen;
	return 0;
}

int vault_delete(const struct vault *v, const char *name)
{
	if (!vault_name_ok(name))
		return -1;
	return v->dir[0] != '\0' ? vault_files_delete(v->dir, name)
	                         : vault_rows_delete(v->db, name);
}

int vault_exists(const struct vault *v, const char *name)
{
	if (!vault_name_ok(name))
		return -1;
	return v->dir[0] != '\0' ? vault_files_exists(v->dir, name)
	                         : vault_rows_exists(v->db, name);
}

int vault_copy_from(const struct vault *v, struct arena *a,
                    const char *from_dir, const char *name)
{
	unsigned char *sealed;
	size_t len;
	int there = vault_exists(v, name);
	if (there != 0)
		return there;
	int got = vault_files_get(from_dir, a, name, &sealed, &len,
	                          VAULT_MAX + NONCE + TAG);
	if (got != 0)
		return got > 0 ? 2 : -1;
	int rc = v->dir[0] != '\0' ? vault_files_put(v->dir, name, sealed, len)
	                           : vault_rows_put(v->db, a, name, sealed, len);
	return rc == 0 ? 0 : -1;
}

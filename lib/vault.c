#include "vault.h"

#include <errno.h>
#include <fcntl.h>
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

int vault_open(const char *dir)
{
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
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

static int sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
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

int vault_put(const char *dir, struct arena *a, const void *data, size_t len,
              const char **name_out)
{
	unsigned char raw[VAULT_NAME_BYTES];
	char name[VAULT_NAME_BYTES * 2 + 1], path[4096];
	size_t clen;
	if (len > VAULT_MAX)
		return -1;
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(name, sizeof name, raw, sizeof raw);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	unsigned char *sealed = seal(a, name, data, len, &clen);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		log_event(LOG_ERR, "vault: cannot create a file: %s", strerror(errno));
		return -1;
	}
	int rc = vault_write_all(fd, sealed, clen) == 0 && fsync(fd) == 0 ? 0 : -1;
	if (close(fd) != 0)
		rc = -1;
	if (rc == 0)
		rc = sync_dir(dir);
	if (rc != 0) {
		log_event(LOG_ERR, "vault: cannot write a file: %s", strerror(errno));
		unlink(path);
		return -1;
	}
	*name_out = arena_strdup(a, name);
	return 0;
}

static unsigned char *read_file(struct arena *a, const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	unsigned char *buf = NULL;
	if (fstat(fd, &st) == 0 && st.st_size >= 0 &&
	    (size_t)st.st_size <= VAULT_MAX + NONCE + TAG) {
		size_t want = (size_t)st.st_size, got = 0;
		buf = arena_alloc(a, want + 1);
		while (got < want) {
			ssize_t n = read(fd, buf + got, want - got);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			got += (size_t)n;
		}
		*len = got;
		if (got != want)
			buf = NULL;
	}
	close(fd);
	return buf;
}

int vault_get(const char *dir, struct arena *a, const char *name, void **data,
              size_t *len)
{
	char path[4096];
	size_t flen = 0;
	if (!vault_name_ok(name))
		return -1;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (access(path, F_OK) != 0)
		return 1;
	unsigned char *sealed = read_file(a, path, &flen);
	if (sealed == NULL || flen < NONCE + TAG)
		return -1;
	unsigned char key[TOKEN_KEY_BYTES];
	unsigned char *plain = arena_alloc(a, flen - NONCE - TAG + 1);
	unsigned long long plen;
	token_key(TOKEN_VAULT, key);
	int rc = crypto_aead_xchacha20poly1305_ietf_decrypt(
	    plain, &plen, NULL, sealed + NONCE, flen - NONCE,
	    (const unsigned char *)name, strlen(name), sealed, key);
	sodium_memzero(key, sizeof key);
	if (rc != 0) {
		log_event(LOG_ERR, "vault: a file failed to decrypt");
		return -1;
	}
	*data = plain;
	*len = (size_t)plen;
	return 0;
}

int vault_delete(const char *dir, const char *name)
{
	char path[4096];
	if (!vault_name_ok(name))
		return -1;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (unlink(path) != 0 && errno != ENOENT)
		return -1;
	return sync_dir(dir);
}

/* Secrets and tokens (libsodium): random tokens, keyed hashes, constant-time
 * comparison, CSRF tokens bound to a per-browser cookie. The secrets file
 * holds one 32-byte master key; each purpose gets its own derived key. */
#ifndef KAIJI_TOKEN_H
#define KAIJI_TOKEN_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

enum token_purpose {
	TOKEN_CSRF = 1,
	TOKEN_ACCESS_CODE,
	TOKEN_CLIENT,    /* client addresses for throttling */
	TOKEN_SESSION,   /* desk session ids */
	TOKEN_VAULT,     /* encryption of identity documents */
	TOKEN_FEEDBACK,  /* daily-salted client hash for the questionnaire */
	TOKEN_DRAFT,
	TOKEN_TOTP,      /* encryption of staff TOTP secrets (lib/totp.h) */
	TOKEN_SITE,      /* the secrets' fingerprint in the database (lib/sitekey.h) */
	TOKEN_LOOKUP,    /* status lookup cookies (lib/lookup.h) */
};

#define TOKEN_KEY_BYTES 32

/* Read the master key from path; create it (mode 0600) when create is true
 * and the file does not exist. Returns 0, or -1 with a message in err. */
int token_init(const char *path, bool create, char *err, size_t errlen);
/* A purpose's derived key (32 bytes). */
void token_key(enum token_purpose purpose, unsigned char out[TOKEN_KEY_BYTES]);

/* nbytes of randomness as URL-safe base64 without padding. */
char *token_random(struct arena *a, size_t nbytes);
/* Keyed BLAKE2b of data as 64 hex characters. */
char *token_hash(struct arena *a, enum token_purpose purpose, const void *data,
                 size_t len);
/* Constant time for strings of equal length; false for different lengths. */
bool token_equal(const char *a, const char *b);

/* The CSRF token for a browser's csrf cookie value. */
char *token_csrf(struct arena *a, const char *cookie);
bool token_csrf_valid(struct arena *a, const char *cookie, const char *token);

#endif

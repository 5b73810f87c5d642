#include "totp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include "log.h"
#include "token.h"

/* The recovery codes' alphabet: 32 letters and digits without the look-
 * alikes 0/o, 1/l (5 bits a character). */
static const char recovery_alphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";

/* Recovery codes are hashed with argon2id as passwords are (libsodium's
 * crypto_pwhash_str), with lighter parameters: a code is 60 random bits,
 * not a word a person chose, so the cost need not make up for guessable
 * input, and a sign-in with a code tries up to TOTP_RECOVERY_CODES hashes
 * (with the passwords' 64 MiB each, that took seconds on a busy server). */
#define RECOVERY_OPSLIMIT crypto_pwhash_OPSLIMIT_MIN
#define RECOVERY_MEMLIMIT (1024 * 1024)

uint32_t totp_hotp(const unsigned char *key, size_t keylen, uint64_t counter,
                   int digits)
{
	unsigned char msg[8], mac[EVP_MAX_MD_SIZE];
	unsigned int maclen = 0;
	for (int i = 7; i >= 0; i--) {
		msg[i] = (unsigned char)(counter & 0xff);
		counter >>= 8;
	}
	if (HMAC(EVP_sha1(), key, (int)keylen, msg, sizeof msg, mac, &maclen) == NULL ||
	    maclen < 20)
		return UINT32_MAX;
	/* RFC 4226 5.3: dynamic truncation */
	unsigned off = mac[maclen - 1] & 0x0f;
	uint32_t bin = ((uint32_t)(mac[off] & 0x7f) << 24) |
	               ((uint32_t)mac[off + 1] << 16) |
	               ((uint32_t)mac[off + 2] << 8) | mac[off + 3];
	uint32_t mod = 1;
	for (int i = 0; i < digits; i++)
		mod *= 10;
	sodium_memzero(mac, sizeof mac);
	return bin % mod;
}

char *totp_base32(struct arena *a, const unsigned char *data, size_t len)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	char *out = arena_alloc(a, len * 8 / 5 + 2);
	size_t o = 0;
	unsigned buf = 0;
	int bits = 0;
	for (size_t i = 0; i < len; i++) {
		buf = (buf << 8) | data[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = abc[(buf >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[o++] = abc[(buf << (5 - bits)) & 31];
	out[o] = '\0';
	return out;
}

static const char sql_enrolled[] = "SELECT 1 FROM staff_totp WHERE staff_id = ?1";
static const char sql_staff_id[] = "SELECT id FROM staff WHERE login = ?1";
static const char sql_totp_put[] =
    "INSERT INTO staff_totp (staff_id, secret, last_step, created_at) "
    "VALUES (?1, ?2, 0, ?3) ON CONFLICT (staff_id) DO UPDATE SET "
    "secret = ?2, last_step = 0, created_at = ?3";
static const char sql_totp_get[] =
    "SELECT secret, last_step FROM staff_totp WHERE staff_id = ?1";
/* The step is used up only if no later one was: two sign-ins racing with
 * the same code cannot both win. */
static const char sql_totp_use[] =
    "UPDATE staff_totp SET last_step = ?2 WHERE staff_id = ?1 AND last_step < ?2";
static const char sql_totp_delete[] = "DELETE FROM staff_totp WHERE staff_id = ?1";
static const char sql_recovery_delete[] = "DELETE FROM staff_recovery WHERE staff_id = ?1";
static const char sql_recovery_add[] =
    "INSERT INTO staff_recovery (staff_id, hash) VALUES (?1, ?2)";
static const char sql_recovery_unused[] =
    "SELECT id, hash FROM staff_recovery WHERE staff_id = ?1 AND used_at IS NULL "
    "ORDER BY id";
static const char sql_recovery_use[] =
    "UPDATE staff_recovery SET used_at = ?2 WHERE id = ?1 AND used_at IS NULL";

int totp_enrolled(struct db *db, long long staff_id)
{
	struct db_stmt *st = db_stmt(db, sql_enrolled);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, staff_id);
	int rc = db_step(st);
	db_reset(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* 0 with *id, 1 unknown, -1 error. */
static int staff_id_of(struct db *db, const char *login, long long *id)
{
	struct db_stmt *st = db_stmt(db, sql_staff_id);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, login);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_col_int64(st, 0);
	db_reset(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

/* The associated data binding a sealed secret to its staff member. */
static size_t secret_ad(long long staff_id, char out[40])
{
	int n = snprintf(out, 40, "kaiji-totp:%lld", staff_id);
	return n > 0 ? (size_t)n : 0;
}

#define SEALED_BYTES                                                        \
	(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + TOTP_SECRET_BYTES + \
	 crypto_aead_xchacha20poly1305_ietf_ABYTES)

static void seal(long long staff_id, const unsigned char secret[TOTP_SECRET_BYTES],
                 unsigned char out[SEALED_BYTES])
{
	unsigned char key[TOKEN_KEY_BYTES];
	char ad[40];
	size_t adlen = secret_ad(staff_id, ad);
	token_key(TOKEN_TOTP, key);
	randombytes_buf(out, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
	crypto_aead_xchacha20poly1305_ietf_encrypt(
	    out + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, NULL, secret,
	    TOTP_SECRET_BYTES, (const unsigned char *)ad, adlen, NULL, out, key);
	sodium_memzero(key, sizeof key);
}

static int unseal(long long staff_id, const unsigned char *sealed, size_t len,
                  unsigned char secret[TOTP_SECRET_BYTES])
{
	unsigned char key[TOKEN_KEY_BYTES];
	char ad[40];
	size_t adlen = secret_ad(staff_id, ad);
	if (len != SEALED_BYTES)
		return -1;
	token_key(TOKEN_TOTP, key);
	int rc = crypto_aead_xchacha20poly1305_ietf_decrypt(
	    secret, NULL, NULL, sealed + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
	    len - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
	    (const unsigned char *)ad, adlen, sealed, key);
	sodium_memzero(key, sizeof key);
	return rc == 0 ? 0 : -1;
}

/* Percent-encoding for the otpauth URI's label and issuer (UTF-8 bytes
 * of a city's name included). */
static void uri_escape(struct buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p))
			buf_putc(b, (char)*p);
		else
			buf_printf(b, "%%%02X", *p);
	}
}

static char *recovery_new(struct arena *a)
{
	unsigned char raw[TOTP_RECOVERY_CHARS];
	char *out = arena_alloc(a, TOTP_RECOVERY_CHARS + TOTP_RECOVERY_CHARS / 4 + 1);
	randombytes_buf(raw, sizeof raw);
	size_t o = 0;
	for (size_t i = 0; i < TOTP_RECOVERY_CHARS; i++) {
		if (i > 0 && i % 4 == 0)
			out[o++] = '-';
		out[o++] = recovery_alphabet[raw[i] & 31];
	}
	out[o] = '\0';
	return out;
}

/* A typed recovery code without its dash and spaces, in lower case; NULL
 * when it cannot be one. */
static char *recovery_norm(struct arena *a, const char *in)
{
	char *out = arena_alloc(a, TOTP_RECOVERY_CHARS + 1);
	size_t o = 0;
	for (const char *p = in; *p; p++) {
		if (*p == '-' || *p == ' ')
			continue;
		char c = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
		if (o == TOTP_RECOVERY_CHARS || strchr(recovery_alphabet, c) == NULL ||
		    c == '\0')
			return NULL;
		out[o++] = c;
	}
	out[o] = '\0';
	return o == TOTP_RECOVERY_CHARS ? out : NULL;
}

static int recovery_store(struct db *db, long long staff_id, const char *code,
                          struct arena *a)
{
	char hash[crypto_pwhash_STRBYTES];
	const char *norm = recovery_norm(a, code);
	if (norm == NULL ||
	    crypto_pwhash_str(hash, norm, strlen(norm), RECOVERY_OPSLIMIT,
	                      RECOVERY_MEMLIMIT) != 0)
		return -1;
	struct db_stmt *st = db_stmt(db, sql_recovery_add);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, staff_id);
	db_bind_text(st, 2, hash);
	return db_step_done(db, st, "totp recovery");
}

static int exec_id(struct db *db, const char *sql, long long id)
{
	struct db_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	return db_step_done(db, st, "totp");
}

int totp_enrol(struct db *db, struct arena *a, const char *login,
               const char *issuer, struct totp_enrolment *out)
{
	long long id;
	int rc = staff_id_of(db, login, &id);
	if (rc != 0)
		return rc;
	unsigned char secret[TOTP_SECRET_BYTES], sealed[SEALED_BYTES];
	char stamp[32];
	randombytes_buf(secret, sizeof secret);
	seal(id, secret, sealed);
	out->secret_b32 = totp_base32(a, secret, sizeof secret);
	sodium_memzero(secret, sizeof secret);
	log_stamp(time(NULL), stamp);
	struct db_stmt *st = db_stmt(db, sql_totp_put);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_blob(st, 2, sealed, sizeof sealed);
	db_bind_text(st, 3, stamp);
	if (db_step_done(db, st, "totp enrol") != 0 ||
	    exec_id(db, sql_recovery_delete, id) != 0)
		return -1;
	for (int i = 0; i < TOTP_RECOVERY_CODES; i++) {
		out->recovery[i] = recovery_new(a);
		if (recovery_store(db, id, out->recovery[i], a) != 0)
			return -1;
	}
	struct buf b;
	buf_init(&b, a);
	buf_puts(&b, "otpauth://totp/");
	uri_escape(&b, issuer);
	buf_puts(&b, ":");
	uri_escape(&b, login);
	buf_printf(&b, "?secret=%s&issuer=", out->secret_b32);
	uri_escape(&b, issuer);
	buf_printf(&b, "&algorithm=SHA1&digits=%d&period=%d", TOTP_DIGITS,
	           TOTP_STEP_SECONDS);
	out->uri = b.data;
	return 0;
}

int totp_reset(struct db *db, const char *login)
{
	long long id;
	int rc = staff_id_of(db, login, &id);
	if (rc != 0)
		return rc;
	rc = totp_enrolled(db, id);
	if (rc <= 0)
		return rc < 0 ? -1 : 1;
	if (exec_id(db, sql_totp_delete, id) != 0 ||
	    exec_id(db, sql_recovery_delete, id) != 0)
		return -1;
	return 0;
}

static bool six_digits(const char *s)
{
	return strlen(s) == TOTP_DIGITS && strspn(s, "0123456789") == TOTP_DIGITS;
}

static int verify_code(struct db *db, long long staff_id, const char *input,
                       long long now, const char **what)
{
	struct db_stmt *st = db_stmt(db, sql_totp_get);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, staff_id);
	unsigned char secret[TOTP_SECRET_BYTES];
	long long last = 0;
	int rc = db_step(st);
	if (rc == DB_ROW) {
		last = db_col_int64(st, 1);
		rc = unseal(staff_id, db_col_blob(st, 0),
		            (size_t)db_col_bytes(st, 0), secret);
	} else {
		rc = rc == DB_DONE ? 1 : -1;
	}
	db_reset(st);
	if (rc != 0) {
		if (rc < 0)
			log_event(LOG_ERR, "totp: a secret does not open (secrets file changed?)");
		return rc;
	}
	uint32_t typed = (uint32_t)strtoul(input, NULL, 10);
	long long step = now / TOTP_STEP_SECONDS, hit = -1;
	/* every step of the window is computed: the time does not tell which
	 * matched */
	for (long long s = step - 1; s <= step + 1; s++) {
		uint32_t v = totp_hotp(secret, sizeof secret, (uint64_t)s, TOTP_DIGITS);
		if (v == typed && hit < 0)
			hit = s;
	}
	sodium_memzero(secret, sizeof secret);
	*what = "code";
	if (hit < 0)
		return 1;
	*what = "replay";
	if (hit <= last)
		return 1;
	st = db_stmt(db, sql_totp_use);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, staff_id);
	db_bind_int(st, 2, hit);
	if (db_step_done(db, st, "totp use") != 0)
		return -1;
	if (db_changes(db) != 1)
		return 1;
	*what = "code";
	return 0;
}

static int verify_recovery(struct db *db, struct arena *a, long long staff_id,
                           const char *input, const char **what)
{
	*what = "recovery";
	const char *norm = recovery_norm(a, input);
	if (norm == NULL)
		return 1;
	struct db_stmt *st = db_stmt(db, sql_recovery_unused);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, staff_id);
	long long found = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *hash = db_col_text(st, 1);
		if (crypto_pwhash_str_verify(hash, norm, strlen(norm)) == 0) {
			found = db_col_int64(st, 0);
			break;
		}
	}
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return -1;
	if (found == 0)
		return 1;
	char stamp[32];
	log_stamp(time(NULL), stamp);
	st = db_stmt(db, sql_recovery_use);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, found);
	db_bind_text(st, 2, stamp);
	if (db_step_done(db, st, "totp recovery use") != 0)
		return -1;
	return db_changes(db) == 1 ? 0 : 1;
}

int totp_verify(struct db *db, struct arena *a, long long staff_id,
                const char *input, long long now, const char **what)
{
	*what = "code";
	if (input == NULL)
		return 1;
	while (*input == ' ')
		input++;
	char digits[TOTP_DIGITS + 2];
	size_t n = 0;
	/* "123 456" as some apps show it */
	for (const char *p = input; *p && n < sizeof digits - 1; p++)
		if (*p != ' ')
			digits[n++] = *p;
	digits[n] = '\0';
	if (six_digits(digits))
		return verify_code(db, staff_id, digits, now, what);
	return verify_recovery(db, a, staff_id, input, what);
}

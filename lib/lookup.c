#include "lookup.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <utf8proc.h>

#include "case.h"
#include "resp.h"
#include "token.h"

/* The session is the cookie itself, written nowhere (issue 20: a lookup
 * commits nothing, so it neither waits for SQLite's write lock nor grows
 * its WAL): "ID.EXPIRES.MAC", the request's id, the end in seconds since
 * the epoch and a keyed BLAKE2b (TOKEN_LOOKUP) of both with the
 * request's access-code hash. Only the server can make one; a new access
 * code (case_reissue_code) changes the hash and so ends every session of
 * the old one, as deleting their rows did. */
#define MAX_DIGITS 18 /* below LLONG_MAX: no overflow while parsing */

char *lookup_cookie(struct arena *a, long long id, long long expires,
                    const char *code_hash)
{
	const char *signed_text = arena_printf(a, "%lld.%lld.%s", id, expires, code_hash);
	const char *mac = token_hash(a, TOKEN_LOOKUP, signed_text, strlen(signed_text));
	return arena_printf(a, "%lld.%lld.%s", id, expires, mac);
}

/* Digits up to '.', at most MAX_DIGITS, no leading zero: the number and
 * the position after the dot, or NULL. */
static const char *number_then_dot(const char *s, long long *out)
{
	size_t n = 0;
	long long v = 0;
	while (s[n] >= '0' && s[n] <= '9' && n < MAX_DIGITS)
		v = v * 10 + (s[n++] - '0');
	if (n == 0 || s[n] != '.' || (s[0] == '0'))
		return NULL;
	*out = v;
	return s + n + 1;
}

long long lookup_cookie_id(const char *cookie, long long now, long long *expires)
{
	long long id, until;
	const char *p = cookie ? number_then_dot(cookie, &id) : NULL;
	p = p ? number_then_dot(p, &until) : NULL;
	if (p == NULL || strlen(p) != 64 || strspn(p, "0123456789abcdef") != 64)
		return 0;
	/* expired, or longer than a lookup gives: not ours */
	if (until <= now || until > now + LOOKUP_SECONDS)
		return 0;
	*expires = until;
	return id;
}

int lookup_start(struct req *req, long long request_id, const char *code_hash)
{
	long long expires = (long long)time(NULL) + LOOKUP_SECONDS;
	const char *cookie = lookup_cookie(req->arena, request_id, expires, code_hash);
	return resp_cookie(req, LOOKUP_COOKIE, cookie, LOOKUP_SECONDS, true);
}

int lookup_case(struct req *req, struct case_row *row)
{
	long long expires;
	const char *cookie = req_cookie(req, LOOKUP_COOKIE);
	long long id = lookup_cookie_id(cookie, (long long)time(NULL), &expires);
	if (id == 0)
		return 1;
	int rc = case_load(req->app->db, req->arena, id, row);
	if (rc != 0)
		return rc;
	const char *expected = lookup_cookie(req->arena, id, expires, row->code_hash);
	return token_equal(expected, cookie) ? 0 : 1;
}

long long lookup_request(struct req *req)
{
	struct case_row row;
	return lookup_case(req, &row) == 0 ? row.id : 0;
}

/* The reference number as a person may type it: full-width digits, any
 * dash, spaces, no hyphen or a short sequence number ("2026-123").
 * NULL when it cannot be one. */
const char *lookup_ref_normalize(struct arena *a, const char *typed)
{
	utf8proc_uint8_t *nfkc = utf8proc_NFKC((const utf8proc_uint8_t *)typed);
	if (nfkc == NULL)
		return NULL;
	char digits[16];
	size_t n = 0, dash_at = 0;
	int dashes = 0;
	bool ok = true;
	for (utf8proc_ssize_t i = 0; nfkc[i] && ok;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t len = utf8proc_iterate(nfkc + i, -1, &c);
		if (len <= 0)
			break;
		i += len;
		if (c == ' ')
			continue;
		/* hyphen, dashes, minus sign, katakana prolonged sound mark */
		if (c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0x30FC) {
			dashes++;
			dash_at = n;
		} else if (c >= '0' && c <= '9' && n < 10) {
			digits[n++] = (char)c;
		} else {
			ok = false;
		}
	}
	free(nfkc);
	if (!ok || dashes > 1)
		return NULL;
	if (dashes == 0 && n == 10)
		return arena_printf(a, "%.4s-%.6s", digits, digits + 4);
	if (dashes == 1 && dash_at == 4 && n > 4 && n <= 10) {
		char seq[7] = "000000";
		memcpy(seq + 6 - (n - 4), digits + 4, n - 4);
		return arena_printf(a, "%.4s-%s", digits, seq);
	}
	return NULL;
}

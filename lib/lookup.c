#include "lookup.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <utf8proc.h>

#include "resp.h"
#include "token.h"

static const char sql_insert[] =
    "INSERT INTO lookup_session (id_hash, request_id, expires_at) "
    "VALUES (?1, ?2, ?3)";
static const char sql_get[] =
    "SELECT request_id FROM lookup_session WHERE id_hash = ?1 AND expires_at > ?2";
static const char sql_delete[] = "DELETE FROM lookup_session WHERE id_hash = ?1";
static const char sql_expire[] = "DELETE FROM lookup_session WHERE expires_at <= ?1";

static const char *hash_of(struct req *req, const char *cookie)
{
	return token_hash(req->arena, TOKEN_SESSION, cookie, strlen(cookie));
}

int lookup_start(struct req *req, long long request_id)
{
	struct db *db = req->app->db;
	const char *cookie = token_random(req->arena, 32);
	long long now = (long long)time(NULL);
	struct db_stmt *st = db_stmt(db, sql_expire);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, now);
	db_step(st);
	db_reset(st);
	st = db_stmt(db, sql_insert);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, hash_of(req, cookie));
	db_bind_int(st, 2, request_id);
	db_bind_int(st, 3, now + LOOKUP_SECONDS);
	int rc = db_step_done(db, st, NULL);
	if (rc == 0)
		rc = resp_cookie(req, LOOKUP_COOKIE, cookie, LOOKUP_SECONDS, true);
	return rc;
}

long long lookup_request(struct req *req)
{
	const char *cookie = req_cookie(req, LOOKUP_COOKIE);
	if (cookie == NULL || strlen(cookie) != 43)
		return 0;
	struct db_stmt *st = db_stmt(req->app->db, sql_get);
	if (st == NULL)
		return 0;
	db_bind_text(st, 1, hash_of(req, cookie));
	db_bind_int(st, 2, (long long)time(NULL));
	long long id = db_step(st) == DB_ROW ? db_col_int64(st, 0) : 0;
	db_reset(st);
	return id;
}

void lookup_end(struct req *req)
{
	const char *cookie = req_cookie(req, LOOKUP_COOKIE);
	if (cookie != NULL) {
		struct db_stmt *st = db_stmt(req->app->db, sql_delete);
		if (st != NULL) {
			db_bind_text(st, 1, hash_of(req, cookie));
			db_step(st);
			db_reset(st);
		}
	}
	resp_cookie(req, LOOKUP_COOKIE, "", 0, true);
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

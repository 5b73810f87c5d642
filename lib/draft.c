#include "draft.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "case.h"
#include "log.h"
#include "token.h"
#include "vault.h"

#define DRAFT_TOKEN_BYTES 32
#define DRAFT_TOKEN_LEN 43 /* base64url without padding */

static long long now_s(void)
{
	return (long long)time(NULL);
}

static bool token_ok(const char *t)
{
	return t && strlen(t) == DRAFT_TOKEN_LEN &&
	       strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	                 "0123456789-_") == DRAFT_TOKEN_LEN;
}

static const char *hash_of(struct arena *a, const char *token)
{
	return token_hash(a, TOKEN_DRAFT, token, strlen(token));
}

/* ---- purge ---- */

static const char sql_any_expired[] =
    "SELECT 1 FROM draft WHERE expires_at <= ?1 LIMIT 1";
static const char sql_expired_files[] =
    "SELECT vault_name FROM draft_file WHERE draft_hash IN "
    "(SELECT id_hash FROM draft WHERE expires_at <= ?1)";
static const char sql_delete_expired_files[] =
    "DELETE FROM draft_file WHERE draft_hash IN "
    "(SELECT id_hash FROM draft WHERE expires_at <= ?1)";
static const char sql_delete_expired[] =
    "DELETE FROM draft WHERE expires_at <= ?1";

static bool any_expired(struct db *db, long long now)
{
	struct db_stmt *st = db_stmt(db, sql_any_expired);
	if (st == NULL)
		return false;
	db_bind_int(st, 1, now);
	bool found = db_step_row(st);
	return found;
}

/* The names go into a malloc'd list: kaijictl purge has no arena. */
static char **expired_names(struct db *db, long long now, size_t *n)
{
	struct db_stmt *st = db_stmt(db, sql_expired_files);
	char **names = NULL;
	size_t cap = 0;
	*n = 0;
	if (st == NULL)
		return NULL;
	db_bind_int(st, 1, now);
	while (db_step(st) == DB_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			char **grown = realloc(names, cap * sizeof *names);
			if (grown == NULL)
				break;
			names = grown;
		}
		names[*n] = strdup(db_col_text(st, 0));
		if (names[*n] == NULL)
			break;
		(*n)++;
	}
	db_reset(st);
	return names;
}

int draft_purge_expired(struct db *db, const struct vault *vault)
{
	long long now = now_s();
	size_t n = 0;
	if (!any_expired(db, now))
		return 0;
	/* Rows first, in a transaction that waits for any submit moving a
	 * draft's files to its request; the files only after the commit. */
	if (db_begin(db) != 0)
		return -1;
	char **names = expired_names(db, now, &n);
	struct db_stmt *files = db_stmt(db, sql_delete_expired_files);
	struct db_stmt *drafts = db_stmt(db, sql_delete_expired);
	int purged = -1;
	if (files && drafts) {
		db_bind_int(files, 1, now);
		db_bind_int(drafts, 1, now);
		if (db_step_done(db, files, "draft") == 0 && db_step_done(db, drafts, "draft") == 0) {
			purged = db_changes(db);
			if (db_commit(db) != 0)
				purged = -1;
		}
	}
	if (purged < 0)
		db_rollback(db);
	for (size_t i = 0; i < n; i++) {
		if (purged >= 0)
			vault_delete(vault, names[i]);
		free(names[i]);
	}
	free(names);
	if (purged > 0)
		log_event(LOG_INFO, "purged %d expired drafts, %zu files", purged, n);
	return purged;
}

/* ---- drafts ---- */

static const char sql_create[] =
    "INSERT INTO draft (id_hash, data, created_at, expires_at) "
    "VALUES (?1, '{}', ?2, ?3)";
static const char sql_load[] =
    "SELECT data, created_at, expires_at, COALESCE(request_id, 0), "
    "COALESCE(code_box, '') FROM draft WHERE id_hash = ?1 AND expires_at > ?2";
static const char sql_save[] =
    "UPDATE draft SET data = ?2, expires_at = ?3 "
    "WHERE id_hash = ?1 AND request_id IS NULL";

int draft_create(struct db *db, struct arena *a, int expiry_minutes,
                 struct draft *out)
{
	memset(out, 0, sizeof *out);
	out->token = token_random(a, DRAFT_TOKEN_BYTES);
	out->id_hash = hash_of(a, out->token);
	out->data = "{}";
	out->code_box = "";
	out->created_at = now_s();
	out->expires_at = out->created_at + 60LL * expiry_minutes;
	struct db_stmt *st = db_stmt(db, sql_create);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, out->id_hash);
	db_bind_int(st, 2, out->created_at);
	db_bind_int(st, 3, out->expires_at);
	return db_step_done(db, st, "draft");
}

int draft_load(struct db *db, struct arena *a, const char *token,
               struct draft *out)
{
	memset(out, 0, sizeof *out);
	if (!token_ok(token))
		return 1;
	struct db_stmt *st = db_stmt(db, sql_load);
	if (st == NULL)
		return -1;
	out->token = arena_strdup(a, token);
	out->id_hash = hash_of(a, token);
	db_bind_text(st, 1, out->id_hash);
	db_bind_int(st, 2, now_s());
	int rc = db_step(st);
	if (rc == DB_ROW) {
		out->data = arena_strdup(a, db_col_text(st, 0));
		out->created_at = db_col_int64(st, 1);
		out->expires_at = db_col_int64(st, 2);
		out->request_id = db_col_int64(st, 3);
		out->code_box = arena_strdup(a, db_col_text(st, 4));
	}
	db_reset(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

int draft_save(struct db *db, const struct draft *d, const char *data,
               int expiry_minutes)
{
	struct db_stmt *st = db_stmt(db, sql_save);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, d->id_hash);
	db_bind_text(st, 2, data);
	db_bind_int(st, 3, now_s() + 60LL * expiry_minutes);
	return db_step_done(db, st, "draft");
}

/* ---- files ---- */

static const char sql_file_add[] =
    "INSERT INTO draft_file (draft_hash, kind, vault_name, mime, size, label, "
    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char sql_files[] =
    "SELECT id, kind, vault_name, mime, size, label FROM draft_file "
    "WHERE draft_hash = ?1 ORDER BY id";
static const char sql_file_name[] =
    "SELECT vault_name FROM draft_file WHERE draft_hash = ?1 AND id = ?2";
static const char sql_file_delete[] =
    "DELETE FROM draft_file WHERE draft_hash = ?1 AND id = ?2";

int draft_file_add(struct db *db, const char *id_hash, const char *kind,
                   const char *vault_name, const char *mime, long long size,
                   const char *label)
{
	struct db_stmt *st = db_stmt(db, sql_file_add);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, id_hash);
	db_bind_text(st, 2, kind);
	db_bind_text(st, 3, vault_name);
	db_bind_text(st, 4, mime);
	db_bind_int(st, 5, size);
	db_bind_text(st, 6, label ? label : "");
	db_bind_int(st, 7, now_s());
	return db_step_done(db, st, "draft");
}

int draft_files(struct db *db, struct arena *a, const char *id_hash,
                struct draft_file **out, size_t *n)
{
	struct db_stmt *st = db_stmt(db, sql_files);
	size_t cap = 8;
	*n = 0;
	*out = arena_calloc(a, cap, sizeof **out);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, id_hash);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		*out = arena_grow(a, *out, *n, &cap, sizeof **out);
		struct draft_file *f = &(*out)[(*n)++];
		f->id = db_col_int64(st, 0);
		f->kind = arena_strdup(a, db_col_text(st, 1));
		f->vault_name = arena_strdup(a, db_col_text(st, 2));
		f->mime = arena_strdup(a, db_col_text(st, 3));
		f->size = db_col_int64(st, 4);
		f->label = arena_strdup(a, db_col_text(st, 5));
	}
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}

int draft_file_remove(struct db *db, const struct vault *vault,
                      const char *id_hash, long long file_id)
{
	struct db_stmt *st = db_stmt(db, sql_file_name);
	char name[80];
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, id_hash);
	db_bind_int(st, 2, file_id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		snprintf(name, sizeof name, "%s", db_col_text(st, 0));
	db_reset(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? 1 : -1;
	st = db_stmt(db, sql_file_delete);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, id_hash);
	db_bind_int(st, 2, file_id);
	if (db_step_done(db, st, "draft") != 0)
		return -1;
	return vault_delete(vault, name) == 0 ? 0 : -1;
}

/* ---- submission ---- */

static const char sql_check[] =
    "SELECT COALESCE(request_id, 0), CAST(expires_at > ?2 AS INTEGER) FROM draft "
    "WHERE id_hash = ?1";
static const char sql_to_documents[] =
    "INSERT INTO document (request_id, kind, vault_name, mime, size, "
    "created_at) SELECT ?2, kind, vault_name, mime, size, ?3 FROM draft_file "
    "WHERE draft_hash = ?1 ORDER BY id";
static const char sql_files_gone[] =
    "DELETE FROM draft_file WHERE draft_hash = ?1";
static const char sql_finish[] =
    "UPDATE draft SET data = '{}', request_id = ?2, code_box = ?3 "
    "WHERE id_hash = ?1 AND request_id IS NULL";

int draft_check(struct db *db, const char *id_hash, long long *request_id)
{
	struct db_stmt *st = db_stmt(db, sql_check);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, id_hash);
	db_bind_int(st, 2, now_s());
	int rc = db_step(st), result;
	*request_id = 0;
	if (rc == DB_ROW) {
		*request_id = db_col_int64(st, 0);
		bool live = db_col_int(st, 1) != 0;
		result = *request_id ? 1 : live ? 0 : 2;
	} else {
		result = rc == DB_DONE ? 2 : -1;
	}
	db_reset(st);
	return result;
}

/* The key that seals the code: from the token, which the server never
 * stores, and the server's draft key. */
static void box_key(const char *token, unsigned char key[32])
{
	struct arena *a = arena_new();
	const char *in = arena_printf(a, "code\n%s", token);
	const char *hex = token_hash(a, TOKEN_DRAFT, in, strlen(in));
	sodium_hex2bin(key, 32, hex, 64, NULL, NULL, NULL);
	arena_free(a);
}

static char *seal_code(struct arena *a, const char *token, const char *code)
{
	unsigned char key[32];
	size_t mlen = strlen(code);
	size_t blen = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + mlen;
	unsigned char *box = arena_alloc(a, blen);
	box_key(token, key);
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES,
	                      (const unsigned char *)code, mlen, box, key);
	sodium_memzero(key, sizeof key);
	char *hex = arena_alloc(a, blen * 2 + 1);
	sodium_bin2hex(hex, blen * 2 + 1, box, blen);
	return hex;
}

char *draft_code(struct arena *a, const struct draft *d)
{
	size_t hlen = d->code_box ? strlen(d->code_box) : 0, blen;
	size_t over = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
	if (d->token == NULL || hlen < over * 2 + 2 || hlen > 512 || hlen % 2)
		return NULL;
	unsigned char *box = arena_alloc(a, hlen / 2);
	if (sodium_hex2bin(box, hlen / 2, d->code_box, hlen, NULL, &blen, NULL))
		return NULL;
	unsigned char key[32];
	char *code = arena_alloc(a, blen - over + 1);
	box_key(d->token, key);
	int rc = crypto_secretbox_open_easy((unsigned char *)code,
	                                    box + crypto_secretbox_NONCEBYTES,
	                                    blen - crypto_secretbox_NONCEBYTES,
	                                    box, key);
	sodium_memzero(key, sizeof key);
	return rc == 0 ? code : NULL;
}

int draft_finish(struct db *db, struct arena *a, const struct draft *d,
                 long long request_id, const char *code)
{
	struct db_stmt *st = db_stmt(db, sql_to_documents);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, d->id_hash);
	db_bind_int(st, 2, request_id);
	db_bind_text(st, 3, case_now(a));
	if (db_step_done(db, st, "draft") != 0)
		return -1;
	st = db_stmt(db, sql_files_gone);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, d->id_hash);
	if (db_step_done(db, st, "draft") != 0)
		return -1;
	st = db_stmt(db, sql_finish);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, d->id_hash);
	db_bind_int(st, 2, request_id);
	db_bind_text(st, 3, seal_code(a, d->token, code));
	if (db_step_done(db, st, "draft") != 0)
		return -1;
	return db_changes(db) == 1 ? 0 : -1;
}

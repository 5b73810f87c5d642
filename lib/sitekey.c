#include "sitekey.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "arena.h"
#include "case.h"
#include "token.h"

/* What the database keeps is a MAC, not a hash of the key: BLAKE2b keyed
 * with a subkey derived for this purpose only (TOKEN_SITE, crypto_kdf) over
 * a fixed label. Whoever reads the database learns one MAC of a public
 * message: testing a guessed secrets file against it costs what guessing
 * a 256-bit key costs, and nothing of the key or of another purpose's
 * subkey follows from it. The purpose of its own matters: token_hash under
 * an existing purpose over a chosen label would be a value that purpose
 * accepts (TOKEN_CSRF's hash of a string is that cookie's CSRF token). */
static const char label[] = "kaiji site secrets fingerprint v1";

void sitekey_fingerprint(char out[65])
{
	unsigned char key[TOKEN_KEY_BYTES], mac[32];
	token_key(TOKEN_SITE, key);
	crypto_generichash(mac, sizeof mac, (const unsigned char *)label,
	                   sizeof label - 1, key, sizeof key);
	sodium_memzero(key, sizeof key);
	sodium_bin2hex(out, 65, mac, sizeof mac);
}

static const char sql_read[] = "SELECT fingerprint FROM site_key WHERE id = 1";
static const char sql_record[] =
    "INSERT INTO site_key (id, fingerprint, created_at) VALUES (1, ?1, ?2) "
    "ON CONFLICT DO NOTHING";

/* The recorded fingerprint into out: 1, 0 when none, -1 on error. */
static int recorded(struct db *db, char out[65])
{
	struct db_stmt *st = db_stmt(db, sql_read);
	if (st == NULL)
		return -1;
	int rc = db_step(st);
	if (rc == DB_ROW)
		snprintf(out, 65, "%s", db_col_text(st, 0));
	db_reset(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* Insert-if-absent in one write: of two programs starting at once on an
 * empty table one row is written, and both read back the same one. */
static int record(struct db *db, const char *mine)
{
	struct arena *a = arena_new();
	if (a == NULL)
		return -1;
	struct db_stmt *st = db_stmt(db, sql_record);
	if (st != NULL) {
		db_bind_text(st, 1, mine);
		db_bind_text(st, 2, case_now(a));
	}
	int rc = db_step_done(db, st, "site_key");
	arena_free(a);
	return rc;
}

int sitekey_check(struct db *db, char *err, size_t errlen)
{
	char mine[65], theirs[65] = "";
	int v = db_version(db);
	if (v < 0) {
		snprintf(err, errlen, "the database's schema version cannot be read");
		return -1;
	}
	/* Older: no table yet. Newer than this program: refused by the
	 * version checks (db_migrate, lib/fcgi.c) with their own message. */
	if (v < SITEKEY_SCHEMA || v > db_schema_version)
		return 0;
	sitekey_fingerprint(mine);
	int have = recorded(db, theirs);
	if (have == 0 && record(db, mine) == 0)
		have = recorded(db, theirs);
	if (have != 1) {
		snprintf(err, errlen, "the secrets fingerprint cannot be read from "
		         "the database: %s", db_errmsg(db));
		return -1;
	}
	if (!token_equal(mine, theirs)) {
		snprintf(err, errlen, "this server's secrets file differs from the "
		         "one the database was set up with: copy the first server's "
		         "(docs/INSTALL.md §15)");
		return SITEKEY_OTHER;
	}
	return 0;
}

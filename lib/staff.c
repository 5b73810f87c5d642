#include "staff.h"

#include <string.h>

#include <sodium.h>

#include "case.h"
#include "log.h"
#include "token.h"

static const char *const role_names[] = {
	[DESK_VIEWER] = "viewer", [DESK_CLERK] = "clerk", [DESK_ADMIN] = "admin",
};

const char *staff_role_name(enum desk_role r)
{
	return (unsigned)r <= DESK_ADMIN ? role_names[r] : NULL;
}

int staff_role_parse(const char *s, enum desk_role *out)
{
	for (int i = DESK_VIEWER; i <= DESK_ADMIN; i++)
		if (s && strcmp(s, role_names[i]) == 0) {
			*out = (enum desk_role)i;
			return 0;
		}
	return -1;
}

bool staff_login_valid(const char *login)
{
	size_t n = login ? strlen(login) : 0;
	if (n == 0 || n > 64 || login[0] == '.' || login[0] == '-' ||
	    login[0] == '_')
		return false;
	return strspn(login, "abcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

char *staff_password_new(struct arena *a)
{
	return arena_strndup(a, token_random(a, 15), 20);
}

/* Kaiji.Desk.PasswordHashing: libsodium's argon2id levels. "minimum"
 * exists for throwaway test stacks only (config.c allows it with
 * Kaiji.InsecureCookies alone): the tests sign in hundreds of times, and
 * 64 MiB per hash was two fifths of the test run's time. */
static const struct {
	const char *name;
	unsigned long long ops;
	size_t mem;
} hash_levels[] = {
	{ "interactive", crypto_pwhash_OPSLIMIT_INTERACTIVE,
	  crypto_pwhash_MEMLIMIT_INTERACTIVE },
	{ "moderate", crypto_pwhash_OPSLIMIT_MODERATE,
	  crypto_pwhash_MEMLIMIT_MODERATE },
	{ "sensitive", crypto_pwhash_OPSLIMIT_SENSITIVE,
	  crypto_pwhash_MEMLIMIT_SENSITIVE },
	{ "minimum", crypto_pwhash_OPSLIMIT_MIN, 8192 },
};
static size_t hash_level; /* index in hash_levels, per process */

bool staff_hashing_valid(const char *name)
{
	for (size_t i = 0; i < sizeof hash_levels / sizeof hash_levels[0]; i++)
		if (name && strcmp(name, hash_levels[i].name) == 0)
			return true;
	return false;
}

void staff_hashing_set(const char *name)
{
	hash_level = 0;
	for (size_t i = 0; i < sizeof hash_levels / sizeof hash_levels[0]; i++)
		if (name && strcmp(name, hash_levels[i].name) == 0)
			hash_level = i;
}

static int hash_with_level(const char *pw, size_t n, char out[crypto_pwhash_STRBYTES])
{
	return crypto_pwhash_str(out, pw, n, hash_levels[hash_level].ops,
	                         hash_levels[hash_level].mem);
}

int staff_hash_password(const char *password, char out[crypto_pwhash_STRBYTES])
{
	size_t n = strlen(password);
	if (n < STAFF_PASSWORD_MIN || n > STAFF_PASSWORD_MAX)
		return -1;
	return hash_with_level(password, n, out);
}

static const char sql_insert[] =
    "INSERT INTO staff (login, name, role, password_hash, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (login) DO NOTHING RETURNING id";
static const char sql_agency_exists[] = "SELECT 1 FROM agency WHERE id = ?1";
static const char sql_assign[] =
    "INSERT INTO staff_agency (staff_id, agency_id) VALUES (?1, ?2) "
    "ON CONFLICT DO NOTHING";

static int agency_known(struct db *db, const char *id)
{
	struct db_stmt *st = db_stmt(db, sql_agency_exists);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, id);
	int rc = db_step(st);
	db_reset(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

static int assign(struct db *db, long long id, const char *const *agencies,
                  size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int known = agency_known(db, agencies[i]);
		if (known <= 0)
			return known < 0 ? -1 : 2;
		struct db_stmt *st = db_stmt(db, sql_assign);
		if (st == NULL)
			return -1;
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, agencies[i]);
		if (db_step_done(db, st, "staff") != 0)
			return -1;
	}
	return 0;
}

int staff_add(struct db *db, const char *login, const char *name,
              enum desk_role role, const char *const *agencies, size_t n,
              const char *password, long long *id_out)
{
	char hash[crypto_pwhash_STRBYTES];
	if (!staff_login_valid(login) || staff_hash_password(password, hash) != 0)
		return -1;
	struct arena *a = arena_new();
	struct db_stmt *st = db_stmt(db, sql_insert);
	int rc = -1;
	long long id = 0;
	if (st != NULL) {
		db_bind_text(st, 1, login);
		db_bind_text(st, 2, name);
		db_bind_text(st, 3, staff_role_name(role));
		db_bind_text(st, 4, hash);
		db_bind_text(st, 5, case_now(a));
		rc = db_step_id(db, st, "staff", &id);
	}
	/* No id: the login is taken (ON CONFLICT DO NOTHING). */
	if (rc == 0 && id == 0)
		rc = 1;
	if (rc == 0) {
		*id_out = id;
		rc = assign(db, *id_out, agencies, n);
	}
	sodium_memzero(hash, sizeof hash);
	arena_free(a);
	return rc;
}

static const char sql_password[] =
    "UPDATE staff SET password_hash = ?2 WHERE login = ?1";
static const char sql_disabled[] =
    "UPDATE staff SET disabled = ?2 WHERE login = ?1";
static const char sql_end_sessions[] =
    "DELETE FROM session WHERE staff_id = (SELECT id FROM staff WHERE login = ?1)";

static int end_sessions(struct db *db, const char *login)
{
	struct db_stmt *st = db_stmt(db, sql_end_sessions);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, login);
	return db_step_done(db, st, "staff");
}

static int update_one(struct db *db, const char *sql, const char *login,
                      const char *text, long long num)
{
	struct db_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, login);
	if (text)
		db_bind_text(st, 2, text);
	else
		db_bind_int(st, 2, num);
	if (db_step_done(db, st, "staff") != 0)
		return -1;
	if (db_changes(db) != 1)
		return 1;
	return end_sessions(db, login);
}

int staff_set_password(struct db *db, const char *login, const char *password)
{
	char hash[crypto_pwhash_STRBYTES];
	if (staff_hash_password(password, hash) != 0)
		return -1;
	int rc = update_one(db, sql_password, login, hash, 0);
	sodium_memzero(hash, sizeof hash);
	return rc;
}

int staff_set_disabled(struct db *db, const char *login, bool disabled)
{
	return update_one(db, sql_disabled, login, NULL, disabled ? 1 : 0);
}

static const char sql_role[] = "UPDATE staff SET role = ?2 WHERE login = ?1";
static const char sql_unassign[] =
    "DELETE FROM staff_agency WHERE staff_id = (SELECT id FROM staff WHERE login = ?1)";
static const char sql_id_of[] = "SELECT id FROM staff WHERE login = ?1";

int staff_set_role(struct db *db, const char *login, enum desk_role role,
                   const char *const *agencies, size_t n)
{
	struct db_stmt *st = db_stmt(db, sql_id_of);
	long long id = 0;
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, login);
	int rc = db_step(st);
	if (rc == DB_ROW)
		id = db_col_int64(st, 0);
	db_reset(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? 1 : -1;
	if ((st = db_stmt(db, sql_unassign)) == NULL)
		return -1;
	db_bind_text(st, 1, login);
	if (db_step_done(db, st, "staff") != 0)
		return -1;
	if ((rc = assign(db, id, agencies, n)) != 0)
		return rc;
	/* a session keeps what it was allowed: the account signs in anew */
	return update_one(db, sql_role, login, staff_role_name(role), 0);
}

#define STAFF_COLUMNS "id, login, name, role, disabled, password_hash"
static const char sql_by_id[] =
    "SELECT " STAFF_COLUMNS " FROM staff WHERE id = ?1";
static const char sql_by_login[] =
    "SELECT " STAFF_COLUMNS " FROM staff WHERE login = ?1";
static const char sql_agencies[] =
    "SELECT agency_id FROM staff_agency WHERE staff_id = ?1 ORDER BY agency_id";

static int agencies_read(struct db *db, struct arena *a, struct desk_staff *s)
{
	struct db_stmt *st = db_stmt(db, sql_agencies);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, s->id);
	size_t cap = 8;
	s->agencies = arena_calloc(a, cap, sizeof *s->agencies);
	s->n_agencies = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		s->agencies = arena_grow(a, s->agencies, s->n_agencies, &cap,
		                         sizeof *s->agencies);
		s->agencies[s->n_agencies++] = arena_strdup(a, db_col_text(st, 0));
	}
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}

/* hash_out (may be NULL) gets the password hash. */
static int load_with(struct db *db, struct db_stmt *st, struct arena *a,
                     struct desk_staff *out, const char **hash_out)
{
	int rc = db_step(st);
	if (rc != DB_ROW) {
		db_reset(st);
		return rc == DB_DONE ? 1 : -1;
	}
	memset(out, 0, sizeof *out);
	out->id = db_col_int64(st, 0);
	out->login = arena_strdup(a, db_col_text(st, 1));
	out->name = arena_strdup(a, db_col_text(st, 2));
	int bad = staff_role_parse(db_col_text(st, 3), &out->role);
	out->disabled = db_col_int(st, 4) != 0;
	if (hash_out)
		*hash_out = arena_strdup(a, db_col_text(st, 5));
	db_reset(st);
	out->actor = arena_printf(a, "staff:%lld", out->id);
	if (bad)
		return -1;
	return agencies_read(db, a, out);
}

int staff_load(struct db *db, struct arena *a, long long id,
               struct desk_staff *out)
{
	struct db_stmt *st = db_stmt(db, sql_by_id);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	return load_with(db, st, a, out, NULL);
}

int staff_load_login(struct db *db, struct arena *a, const char *login,
                     struct desk_staff *out)
{
	struct db_stmt *st = db_stmt(db, sql_by_login);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, login);
	return load_with(db, st, a, out, NULL);
}

/* A hash of a random password, made once per process at the configured
 * level, verified against when the login is unknown so that both cases
 * cost the same. */
static const char *dummy_hash(void)
{
	static char hash[crypto_pwhash_STRBYTES];
	if (hash[0] == '\0') {
		unsigned char pw[16];
		randombytes_buf(pw, sizeof pw);
		if (hash_with_level((const char *)pw, sizeof pw, hash) != 0)
			hash[0] = '\0';
	}
	return hash;
}

int staff_verify(struct db *db, struct arena *a, const char *login,
                 const char *password, struct desk_staff *out)
{
	const char *hash = NULL;
	int found = -1;
	size_t plen = password ? strlen(password) : 0;
	if (staff_login_valid(login)) {
		struct db_stmt *st = db_stmt(db, sql_by_login);
		if (st == NULL)
			return -1;
		db_bind_text(st, 1, login);
		found = load_with(db, st, a, out, &hash);
		if (found < 0 && hash == NULL)
			return -1;
	}
	if (found != 0 || hash == NULL)
		hash = dummy_hash();
	bool ok = plen > 0 && plen <= STAFF_PASSWORD_MAX &&
	          crypto_pwhash_str_verify(hash, password, plen) == 0;
	return found == 0 && ok && !out->disabled ? 0 : 1;
}

bool staff_sees(const struct desk_staff *s, const char *agency_id)
{
	if (s == NULL || agency_id == NULL)
		return false;
	if (s->role == DESK_ADMIN)
		return true;
	for (size_t i = 0; i < s->n_agencies; i++)
		if (strcmp(s->agencies[i], agency_id) == 0)
			return true;
	return false;
}

bool staff_may_change(const struct desk_staff *s, const char *agency_id)
{
	return s != NULL && s->role >= DESK_CLERK && staff_sees(s, agency_id);
}

static const char sql_audit[] =
    "INSERT INTO audit (at, staff_id, action, target) VALUES (?1, ?2, ?3, ?4)";

int staff_audit(struct db *db, long long staff_id, const char *action,
                const char *target)
{
	struct arena *a = arena_new();
	struct db_stmt *st = db_stmt(db, sql_audit);
	int rc = -1;
	if (st != NULL) {
		db_bind_text(st, 1, case_now(a));
		if (staff_id > 0)
			db_bind_int(st, 2, staff_id);
		else
			db_bind_null(st, 2);
		db_bind_text(st, 3, action);
		db_bind_text(st, 4, target ? target : "");
		rc = db_step_done(db, st, "staff");
	}
	arena_free(a);
	return rc;
}

static const char sql_list[] =
    "SELECT s.login, s.role, s.disabled, "
    "COALESCE((SELECT group_concat(agency_id, ',') FROM "
    "(SELECT agency_id FROM staff_agency WHERE staff_id = s.id "
    "ORDER BY agency_id) AS a), ''), s.name FROM staff s ORDER BY s.login";

int staff_list(struct db *db, struct arena *a, struct buf *out)
{
	(void)a;
	struct db_stmt *st = db_stmt(db, sql_list);
	if (st == NULL)
		return -1;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *agencies = db_col_text(st, 3);
		buf_printf(out, "%s\t%s\t%s\t%s\t%s\n", db_col_text(st, 0),
		           db_col_text(st, 1),
		           db_col_int(st, 2) ? "disabled" : "active",
		           *agencies ? agencies : "-", db_col_text(st, 4));
	}
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}

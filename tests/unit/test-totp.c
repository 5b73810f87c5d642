/* Two-step sign-in (lib/totp.c): RFC 6238's test vectors, the window of
 * one step either side, a code used once, recovery codes used once, the
 * secret sealed in the database, enrolment and reset, the TotpRoles
 * switch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db-sqlite.h"
#include "app.h"
#include "tap.h"
#include "token.h"
#include "totp.h"

static struct db *db;
static char dbpath[256];

static int setup(void)
{
	char path[256], err[1024];
	snprintf(path, sizeof path, "/tmp/kaiji-test-totp-%d.key", (int)getpid());
	unlink(path);
	if (token_init(path, true, err, sizeof err))
		return -1;
	unlink(path);
	snprintf(dbpath, sizeof dbpath, "/tmp/kaiji-test-totp-%d.db", (int)getpid());
	unlink(dbpath);
	if (db_open(dbpath, &db, err, sizeof err) || db_migrate(db, err, sizeof err))
		return -1;
	long long id;
	db_begin(db);
	staff_add(db, "boss", "管理者", DESK_ADMIN, NULL, 0, "a long enough password", &id);
	staff_add(db, "other", "管理者2", DESK_ADMIN, NULL, 0, "a long enough password", &id);
	db_commit(db);
	return 0;
}

/* RFC 6238 Appendix B, SHA1 (secret "12345678901234567890"): 8-digit
 * values; the 6-digit code is their last 6 digits. */
static void rfc_vectors(void)
{
	static const struct {
		long long t;
		const char *want8;
	} v[] = {
		{ 59, "94287082" },         { 1111111109, "07081804" },
		{ 1111111111, "14050471" }, { 1234567890, "89005924" },
		{ 2000000000, "69279037" }, { 20000000000LL, "65353130" },
	};
	const unsigned char *key = (const unsigned char *)"12345678901234567890";
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		uint64_t step = (uint64_t)(v[i].t / TOTP_STEP_SECONDS);
		char got[16];
		snprintf(got, sizeof got, "%08u", (unsigned)totp_hotp(key, 20, step, 8));
		TAP_STREQ(got, v[i].want8, "RFC 6238 B: T=%lld, 8 digits", v[i].t);
		snprintf(got, sizeof got, "%06u", (unsigned)totp_hotp(key, 20, step, 6));
		TAP_STREQ(got, v[i].want8 + 2, "RFC 6238 B: T=%lld, 6 digits", v[i].t);
	}
}

static void base32(struct arena *a)
{
	/* RFC 4648 section 10, without the padding */
	TAP_STREQ(totp_base32(a, (const unsigned char *)"foobar", 6), "MZXW6YTBOI",
	          "base32 of foobar");
	TAP_STREQ(totp_base32(a, (const unsigned char *)"f", 1), "MY", "base32 of f");
	TAP_STREQ(totp_base32(a, (const unsigned char *)"12345678901234567890", 20),
	          "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "base32 of the RFC secret");
}

static size_t unbase32(const char *s, unsigned char *out)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	unsigned buf = 0;
	int bits = 0;
	size_t n = 0;
	for (; *s; s++) {
		buf = (buf << 5) | (unsigned)(strchr(abc, *s) - abc);
		bits += 5;
		if (bits >= 8) {
			out[n++] = (unsigned char)(buf >> (bits - 8));
			bits -= 8;
		}
	}
	return n;
}

static const char *code_at(struct arena *a, const unsigned char *key,
                           long long t)
{
	return arena_printf(a, "%06u",
	                    (unsigned)totp_hotp(key, TOTP_SECRET_BYTES,
	                                        (uint64_t)(t / TOTP_STEP_SECONDS), 6));
}

static long long id_of(const char *login)
{
	struct db_stmt *st = db_stmt(db, "SELECT id FROM staff WHERE login = ?1");
	db_bind_text(st, 1, login);
	long long id = db_step(st) == DB_ROW ? db_col_int64(st, 0) : 0;
	db_reset(st);
	return id;
}

static void enrol_and_verify(struct arena *a)
{
	struct totp_enrolment e;
	long long boss = id_of("boss"), other = id_of("other");
	const char *what;
	TAP_INTEQ(totp_enrolled(db, boss), 0, "not enrolled at first");
	TAP_INTEQ(totp_enrol(db, a, "nobody", "山形市", &e), 1, "-bad- unknown login");
	TAP_INTEQ(totp_enrol(db, a, "boss", "山形市", &e), 0, "enrolled");
	TAP_INTEQ(totp_enrolled(db, boss), 1, "enrolled now");
	TAP_INTEQ(strlen(e.secret_b32), 32, "a 160-bit secret in base32");
	TAP_OK(strncmp(e.uri, "otpauth://totp/%E5%B1%B1%E5%BD%A2%E5%B8%82:boss?secret=", 55) == 0 &&
	       strstr(e.uri, "&issuer=%E5%B1%B1%E5%BD%A2%E5%B8%82") != NULL &&
	       strstr(e.uri, "digits=6") && strstr(e.uri, "period=30"),
	       "the URI names the city as issuer: %s", e.uri);

	/* the secret is stored sealed, not in the clear nor in base32 */
	unsigned char key[TOTP_SECRET_BYTES];
	TAP_INTEQ(unbase32(e.secret_b32, key), TOTP_SECRET_BYTES, "secret decodes");
	struct db_stmt *st = db_stmt(db, "SELECT secret FROM staff_totp WHERE staff_id = ?1");
	db_bind_int(st, 1, boss);
	bool clear = true;
	if (db_step(st) == DB_ROW) {
		const unsigned char *blob = db_col_blob(st, 0);
		int n = db_col_bytes(st, 0);
		clear = memmem(blob, (size_t)n, key, sizeof key) != NULL ||
		        memmem(blob, (size_t)n, e.secret_b32, 32) != NULL;
	}
	db_reset(st);
	TAP_OK(!clear, "the stored secret is encrypted");

	long long now = 1796000000; /* any time: steps are relative to it */
	const char *wrong = arena_printf(a, "%06ld",
	                                 (strtol(code_at(a, key, now), NULL, 10) + 1) % 1000000);
	TAP_INTEQ(totp_verify(db, a, boss, wrong, now, &what), 1,
	          "-bad- a wrong code is refused");
	TAP_STREQ(what, "code", "as a wrong code");
	TAP_INTEQ(totp_verify(db, a, boss, code_at(a, key, now - 60), now, &what), 1,
	          "-bad- two steps back is refused");
	TAP_INTEQ(totp_verify(db, a, boss, code_at(a, key, now + 60), now, &what), 1,
	          "-bad- two steps ahead is refused");
	TAP_INTEQ(totp_verify(db, a, other, code_at(a, key, now), now, &what), 1,
	          "-bad- another staff member's code is refused");
	TAP_INTEQ(totp_verify(db, a, boss, code_at(a, key, now - 30), now, &what), 0,
	          "one step back is accepted");
	TAP_STREQ(what, "code", "as a code");
	TAP_INTEQ(totp_verify(db, a, boss, code_at(a, key, now - 30), now, &what), 1,
	          "-bad- the same code again is refused");
	TAP_STREQ(what, "replay", "as a replay");
	const char *c = code_at(a, key, now);
	char spaced[8] = { c[0], c[1], c[2], ' ', c[3], c[4], c[5], 0 };
	TAP_INTEQ(totp_verify(db, a, boss, spaced, now, &what), 0,
	          "now's code, typed as \"123 456\", is accepted");
	TAP_INTEQ(totp_verify(db, a, boss, code_at(a, key, now), now + 1, &what), 1,
	          "-bad- replayed a second later: refused");
	TAP_INTEQ(totp_verify(db, a, boss, code_at(a, key, now - 30), now + 30, &what), 1,
	          "-bad- an older step after a newer one: refused");
	TAP_INTEQ(totp_verify(db, a, boss, code_at(a, key, now + 30), now, &what), 0,
	          "one step ahead is accepted");
	TAP_INTEQ(totp_verify(db, a, boss, code_at(a, key, now + 30), now + 30, &what), 1,
	          "-bad- and is used up at its own time");

	/* recovery codes: each once, typed in any case, with or without dash */
	TAP_INTEQ(strlen(e.recovery[0]), 14, "recovery code shape xxxx-xxxx-xxxx");
	char upper[16];
	for (size_t i = 0; i <= strlen(e.recovery[0]); i++)
		upper[i] = (char)(e.recovery[0][i] >= 'a' && e.recovery[0][i] <= 'z'
		                      ? e.recovery[0][i] - 32 : e.recovery[0][i]);
	TAP_INTEQ(totp_verify(db, a, boss, upper, now, &what), 0, "a recovery code works");
	TAP_STREQ(what, "recovery", "as a recovery code");
	TAP_INTEQ(totp_verify(db, a, boss, e.recovery[0], now, &what), 1,
	          "-bad- the same recovery code again is refused");
	char nodash[16];
	snprintf(nodash, sizeof nodash, "%.4s%.4s%s", e.recovery[9], e.recovery[9] + 5,
	         e.recovery[9] + 10);
	TAP_INTEQ(totp_verify(db, a, boss, nodash, now, &what), 0,
	          "another one, without its dash, works");
	TAP_INTEQ(totp_verify(db, a, other, e.recovery[1], now, &what), 1,
	          "-bad- another staff member's recovery code is refused");
	TAP_INTEQ(totp_verify(db, a, boss, "abcd-efgh-ijkm", now, &what), 1,
	          "-bad- a made-up recovery code is refused");
	st = db_stmt(db, "SELECT count(*) FROM staff_recovery WHERE staff_id = ?1 "
	                 "AND hash LIKE '$argon2id$%' AND used_at IS NULL");
	db_bind_int(st, 1, boss);
	db_step(st);
	TAP_INTEQ(db_col_int(st, 0), TOTP_RECOVERY_CODES - 2,
	          "recovery codes stored as argon2id hashes, 2 used");
	db_reset(st);

	/* enrolling again replaces the secret and the recovery codes */
	struct totp_enrolment e2;
	TAP_INTEQ(totp_enrol(db, a, "boss", "山形市", &e2), 0, "enrolled again");
	TAP_INTEQ(totp_verify(db, a, boss, e.recovery[1], now, &what), 1,
	          "-bad- an old recovery code no longer works");
	TAP_INTEQ(totp_reset(db, "boss"), 0, "reset");
	TAP_INTEQ(totp_enrolled(db, boss), 0, "not enrolled after reset");
	TAP_INTEQ(totp_reset(db, "boss"), 1, "a second reset: not enrolled");
	TAP_INTEQ(totp_verify(db, a, boss, e2.recovery[0], now, &what), 1,
	          "-bad- recovery codes gone with the reset");
}

static void roles(void)
{
	HDF *cfg;
	hdf_init(&cfg);
	TAP_OK(totp_required(cfg, DESK_ADMIN) && !totp_required(cfg, DESK_CLERK) &&
	       !totp_required(cfg, DESK_VIEWER), "default: admin only");
	hdf_set_value(cfg, "Kaiji.Desk.TotpRoles", "clerk, admin");
	TAP_OK(totp_required(cfg, DESK_ADMIN) && totp_required(cfg, DESK_CLERK) &&
	       !totp_required(cfg, DESK_VIEWER), "clerk, admin");
	hdf_set_value(cfg, "Kaiji.Desk.TotpRoles", "none");
	TAP_OK(!totp_required(cfg, DESK_ADMIN), "none: no role");
	hdf_set_value(cfg, "Kaiji.Desk.TotpRoles", "administrator");
	TAP_OK(!totp_required(cfg, DESK_ADMIN), "no prefix match");
	hdf_destroy(&cfg);
	TAP_OK(totp_roles_valid("admin clerk,viewer") && totp_roles_valid("") &&
	       totp_roles_valid("none"), "valid role lists");
	TAP_OK(!totp_roles_valid("admins") && !totp_roles_valid("admin;clerk") &&
	       !totp_roles_valid("averyveryverylongword"), "-bad- invalid role lists");
}

int main(void)
{
	if (setup() != 0)
		return 1;
	struct arena *a = arena_new();
	rfc_vectors();
	base32(a);
	enrol_and_verify(a);
	roles();
	arena_free(a);
	db_close(db);
	unlink(dbpath);
	return TAP_DONE();
}

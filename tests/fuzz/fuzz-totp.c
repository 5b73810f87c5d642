/* The two-step sign-in's inputs (lib/totp.c): what a staff member types
 * in the code field (a TOTP code, "123 456", a recovery code in any case
 * with or without dashes, or anything) against an enrolled account, and a
 * Kaiji.Desk.TotpRoles list. totp_verify answers 0, 1 or -1 only, never
 * accepts what is not 6 digits or a recovery code's shape, and a list
 * totp_roles_valid accepts names roles totp_required finds. Input: the
 * roles list, NUL, the typed code. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "token.h"
#include "totp.h"

static struct db *db;
static long long staff_id;

static void setup(void)
{
	char path[256], err[1024];
	snprintf(path, sizeof path, "/tmp/kaiji-fuzz-totp-%d.key", (int)getpid());
	unlink(path);
	if (token_init(path, true, err, sizeof err))
		abort();
	unlink(path);
	snprintf(path, sizeof path, "/tmp/kaiji-fuzz-totp-%d.db", (int)getpid());
	unlink(path);
	if (db_open(path, &db, err, sizeof err) || db_migrate(db, err, sizeof err))
		abort();
	unlink(path);
	struct arena *a = arena_new();
	struct totp_enrolment e;
	if (staff_add(db, "boss", "b", DESK_ADMIN, NULL, 0, "a long enough password",
	              &staff_id) != 0 ||
	    totp_enrol(db, a, "boss", "市", &e) != 0)
		abort();
	arena_free(a);
}

/* What totp_verify may take: 6 digits with spaces, or 12 of the recovery
 * alphabet with dashes and spaces in any case. */
static int plausible(const char *s)
{
	size_t digits = 0, other = 0;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (*s != ' ' && *s != '-')
			other++;
	}
	return (digits == 6 && other == 0) || digits + other == TOTP_RECOVERY_CHARS;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	if (db == NULL)
		setup();
	struct arena *a = arena_new();
	char *text = arena_alloc(a, size + 2); /* zeroed: two NULs at least */
	memcpy(text, data, size);
	const char *roles = text;
	const char *code = roles + strlen(roles) + 1;
	if ((size_t)(code - text) > size)
		code = "";
	if (totp_roles_valid(roles)) {
		HDF *cfg;
		hdf_init(&cfg);
		hdf_set_value(cfg, "Kaiji.Desk.TotpRoles", roles);
		bool admin = totp_required(cfg, DESK_ADMIN);
		if (admin != (strstr(roles, "admin") != NULL))
			abort();
		hdf_destroy(&cfg);
	}
	const char *what = NULL;
	int rc = totp_verify(db, a, staff_id, code, 1796000000, &what);
	if (rc < -1 || rc > 1 || what == NULL || (rc == 0 && !plausible(code)))
		abort();
	arena_free(a);
	return 0;
}

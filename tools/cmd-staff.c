/* kaijictl staff: accounts of the desk. A new or reset password is printed
 * once (or read from stdin with --password-stdin); only its argon2id hash
 * is kept. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "agency.h"
#include "cmd-desk.h"
#include "db.h"
#include "staff.h"
#include "totp.h"

#define STAFF_AGENCIES_MAX 32

static int usage(void)
{
	fputs("usage: kaijictl staff add LOGIN --name NAME --role admin|clerk|viewer\n"
	      "                          [--agency ID]... [--password-stdin]\n"
	      "       kaijictl staff passwd LOGIN [--password-stdin]\n"
	      "       kaijictl staff disable LOGIN | enable LOGIN\n"
	      "       kaijictl staff list\n"
	      "       kaijictl staff totp enrol LOGIN | reset LOGIN\n", stderr);
	return 2;
}

/* One line from stdin without its newline; NULL when empty or too long. */
static char *password_stdin(char *buf, size_t len)
{
	if (fgets(buf, (int)len, stdin) == NULL)
		return NULL;
	size_t n = strcspn(buf, "\r\n");
	if (buf[n] == '\0' && n == len - 1)
		return NULL;
	buf[n] = '\0';
	return n ? buf : NULL;
}

struct add_opts {
	const char *name, *role;
	const char *agencies[STAFF_AGENCIES_MAX];
	size_t n_agencies;
	bool from_stdin;
};

static int parse_add(int argc, char **argv, struct add_opts *o)
{
	memset(o, 0, sizeof *o);
	for (int i = 2; i < argc; i++) {
		bool more = i + 1 < argc;
		if (strcmp(argv[i], "--password-stdin") == 0)
			o->from_stdin = true;
		else if (strcmp(argv[i], "--name") == 0 && more)
			o->name = argv[++i];
		else if (strcmp(argv[i], "--role") == 0 && more)
			o->role = argv[++i];
		else if (strcmp(argv[i], "--agency") == 0 && more &&
		         o->n_agencies < STAFF_AGENCIES_MAX)
			o->agencies[o->n_agencies++] = argv[++i];
		else
			return -1;
	}
	return o->name && o->role ? 0 : -1;
}

/* The profile's agencies named by --agency get their rows, as the first
 * request for them would: on a new installation the table is empty. An
 * agency the profile does not know stays unknown (staff_add refuses it). */
static int agency_rows(struct app *app, const struct add_opts *o)
{
	for (size_t i = 0; i < o->n_agencies; i++) {
		const struct agency *ag = profile_agency(&app->profile, o->agencies[i]);
		if (ag != NULL && agency_row_ensure(app->db, ag) != 0)
			return -1;
	}
	return 0;
}

/* The password to set: typed on stdin, or generated and printed later. */
static const char *password_for(bool from_stdin, char *buf, size_t len,
                                struct arena *a, bool *generated)
{
	*generated = !from_stdin;
	if (!from_stdin)
		return staff_password_new(a);
	const char *p = password_stdin(buf, len);
	if (p == NULL || strlen(p) < STAFF_PASSWORD_MIN) {
		fprintf(stderr, "kaijictl staff: the password needs %d characters or more\n",
		        STAFF_PASSWORD_MIN);
		return NULL;
	}
	return p;
}

static int finish(struct app *app, int rc, const char *what, const char *login,
                  const char *password, bool generated)
{
	if (rc == 0)
		rc = staff_audit(app->db, 0, what, login);
	if (rc == 0 && db_commit(app->db) == 0) {
		if (generated)
			printf("password for %s: %s\n", login, password);
		else
			printf("%s: done\n", login);
		return 0;
	}
	db_rollback(app->db);
	return 1;
}

static int add(struct app *app, int argc, char **argv, struct arena *a)
{
	struct add_opts o;
	enum desk_role role;
	char buf[STAFF_PASSWORD_MAX + 2];
	bool generated;
	long long id;
	if (argc < 2 || parse_add(argc, argv, &o) != 0 ||
	    staff_role_parse(o.role, &role) != 0)
		return usage();
	if (!staff_login_valid(argv[1])) {
		fputs("kaijictl staff: a login is 1-64 of a-z 0-9 . _ -\n", stderr);
		return 2;
	}
	if (role == DESK_CLERK && o.n_agencies == 0) {
		fputs("kaijictl staff: a clerk needs at least one --agency\n", stderr);
		return 2;
	}
	const char *pw = password_for(o.from_stdin, buf, sizeof buf, a, &generated);
	if (pw == NULL || db_begin(app->db) != 0)
		return 1;
	int rc = agency_rows(app, &o);
	if (rc == 0)
		rc = staff_add(app->db, argv[1], o.name, role, o.agencies, o.n_agencies,
	                   pw, &id);
	if (rc == 1)
		fprintf(stderr, "kaijictl staff: %s exists already\n", argv[1]);
	else if (rc == 2)
		fputs("kaijictl staff: unknown agency: not in the city profile's City.Agency\n", stderr);
	rc = finish(app, rc, "cli.staff_add", argv[1], pw, generated);
	sodium_memzero(buf, sizeof buf);
	return rc;
}

static int passwd(struct app *app, int argc, char **argv, struct arena *a)
{
	char buf[STAFF_PASSWORD_MAX + 2];
	bool generated;
	if (argc < 2 || argc > 3 || (argc == 3 && strcmp(argv[2], "--password-stdin") != 0))
		return usage();
	const char *pw = password_for(argc == 3, buf, sizeof buf, a, &generated);
	if (pw == NULL || db_begin(app->db) != 0)
		return 1;
	int rc = staff_set_password(app->db, argv[1], pw);
	if (rc == 1)
		fprintf(stderr, "kaijictl staff: no login %s\n", argv[1]);
	rc = finish(app, rc, "cli.staff_passwd", argv[1], pw, generated);
	sodium_memzero(buf, sizeof buf);
	return rc;
}

static int able(struct app *app, int argc, char **argv, bool disable)
{
	if (argc != 2)
		return usage();
	if (db_begin(app->db) != 0)
		return 1;
	int rc = staff_set_disabled(app->db, argv[1], disable);
	if (rc == 1)
		fprintf(stderr, "kaijictl staff: no login %s\n", argv[1]);
	return finish(app, rc, disable ? "cli.staff_disable" : "cli.staff_enable",
	              argv[1], NULL, false);
}

/* kaijictl staff totp enrol LOGIN: a new secret (any earlier one and its
 * recovery codes replaced) printed once as an otpauth:// URI for the
 * authenticator app (issuer: the city's name) and as base32 for typing,
 * with the recovery codes; reset LOGIN removes them (the account then
 * signs in with its password alone, unless Kaiji.Desk.TotpRoles names its
 * role). Nothing of it is logged. */
static int totp(struct app *app, int argc, char **argv, struct arena *a)
{
	if (argc != 3 || (strcmp(argv[1], "enrol") != 0 && strcmp(argv[1], "reset") != 0))
		return usage();
	const char *login = argv[2];
	bool enrol = strcmp(argv[1], "enrol") == 0;
	struct totp_enrolment e;
	if (db_begin(app->db) != 0)
		return 1;
	int rc = enrol ? totp_enrol(app->db, a, login,
	                            hdf_get_value(app->cfg, "City.Name", "kaiji"), &e)
	               : totp_reset(app->db, login);
	if (rc == 1)
		fprintf(stderr, enrol ? "kaijictl staff: no login %s\n"
		                      : "kaijictl staff: no login %s, or not enrolled\n",
		        login);
	if (rc == 0)
		rc = staff_audit(app->db, 0, enrol ? "cli.staff_totp_enrol"
		                                   : "cli.staff_totp_reset", login);
	if (rc != 0 || db_commit(app->db) != 0) {
		db_rollback(app->db);
		return 1;
	}
	if (!enrol) {
		printf("%s: two-step sign-in removed\n", login);
		return 0;
	}
	printf("totp uri for %s: %s\n", login, e.uri);
	printf("totp secret for %s: %s\n", login, e.secret_b32);
	printf("recovery codes for %s (each works once; shown only now):\n", login);
	for (int i = 0; i < TOTP_RECOVERY_CODES; i++)
		printf("  %s\n", e.recovery[i]);
	return 0;
}

int cmd_staff(struct app *app, int argc, char **argv)
{
	if (argc < 2)
		return usage();
	struct arena *a = arena_new();
	const char *sub = argv[1];
	int rc;
	argc--;
	argv++;
	if (strcmp(sub, "add") == 0)
		rc = add(app, argc, argv, a);
	else if (strcmp(sub, "passwd") == 0)
		rc = passwd(app, argc, argv, a);
	else if (strcmp(sub, "disable") == 0 || strcmp(sub, "enable") == 0)
		rc = able(app, argc, argv, strcmp(sub, "disable") == 0);
	else if (strcmp(sub, "totp") == 0)
		rc = totp(app, argc, argv, a);
	else if (strcmp(sub, "list") == 0 && argc == 1) {
		struct buf b;
		buf_init(&b, a);
		rc = staff_list(app->db, a, &b) == 0 ? 0 : 1;
		fputs(b.data, stdout);
	} else
		rc = usage();
	arena_free(a);
	return rc;
}

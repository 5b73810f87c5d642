/* The config loader: each city profile loads and validates; a misspelled
 * key, a bad value or a missing key is reported with file, line and key. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "tap.h"

static char root[1024];

static const char *write_config(const char *name, const char *extra)
{
	static char path[1200];
	snprintf(path, sizeof path, "/tmp/kaiji-test-config-%d-%s.hdf", (int)getpid(), name);
	FILE *f = fopen(path, "w");
	fprintf(f, "#include \"%s/conf/kaiji.hdf\"\nKaiji.ConfDir = %s/conf\n%s\n",
	        root, root, extra);
	fclose(f);
	return path;
}

static void each_city(void)
{
	const char *cities[] = { "akabira", "yamagata", "bibai", "toyota", "minato" };
	for (size_t i = 0; i < 5; i++) {
		char extra[64], err[4096] = "";
		HDF *cfg = NULL;
		snprintf(extra, sizeof extra, "Kaiji.Profile = %s", cities[i]);
		int rc = config_load(write_config(cities[i], extra), &cfg, err, sizeof err);
		TAP_INTEQ(rc, 0, "profile %s loads and validates", cities[i]);
		if (rc)
			printf("#   %s\n", err);
		else
			TAP_OK(strlen(hdf_get_value(cfg, "City.Name", "")) > 0,
			       "profile %s has a city name", cities[i]);
		hdf_destroy(&cfg);
	}
}

static void misspelled_key(void)
{
	char err[4096] = "";
	HDF *cfg = NULL;
	const char *p = write_config("typo", "Kaiji.Profile = yamagata\nKaiji {\n  Limits {\n    BodyByts = 10\n  }\n}");
	TAP_INTEQ(config_load(p, &cfg, err, sizeof err), -1, "-bad- misspelled key fails");
	char want[1400];
	snprintf(want, sizeof want, "%s:6: Kaiji.Limits.BodyByts: unknown key", p);
	TAP_OK(strstr(err, want) != NULL, "the message names file, line and key");
	printf("#   %s\n", err);
}

static void bad_values(void)
{
	char err[4096] = "";
	HDF *cfg = NULL;
	const char *p = write_config("bad", "Kaiji.Profile = yamagata\nKaiji.Limits.Fields = lots\nKaiji.DefaultLang = fr\n");
	TAP_INTEQ(config_load(p, &cfg, err, sizeof err), -1, "-bad- values fail");
	TAP_OK(strstr(err, ":4: Kaiji.Limits.Fields: 'lots' is not a whole number") != NULL,
	       "a non-number is named with its line");
	TAP_OK(strstr(err, ":5: Kaiji.DefaultLang: 'fr' is not one of ja|en") != NULL,
	       "a value outside an enum is named with its line");
}

static void bad_profile_name(void)
{
	char err[4096] = "";
	HDF *cfg = NULL;
	const char *p = write_config("traversal", "Kaiji.Profile = ../../etc/passwd\n");
	TAP_INTEQ(config_load(p, &cfg, err, sizeof err), -1, "-bad- a profile name with a path is refused");
	TAP_OK(strstr(err, "Kaiji.Profile") != NULL, "and the key is named");
	p = write_config("missing", "Kaiji.Profile = atlantis\n");
	TAP_INTEQ(config_load(p, &cfg, err, sizeof err), -1, "-bad- a profile that does not exist fails");
}

static void missing_required(void)
{
	char err[4096] = "";
	HDF *cfg = NULL;
	/* A file without the defaults: every required Kaiji key is missing. */
	char path[1200];
	snprintf(path, sizeof path, "/tmp/kaiji-test-config-%d-bare.hdf", (int)getpid());
	FILE *f = fopen(path, "w");
	fprintf(f, "Kaiji.ConfDir = %s/conf\nKaiji.Profile = yamagata\n", root);
	fclose(f);
	TAP_INTEQ(config_load(path, &cfg, err, sizeof err), -1, "-bad- missing required keys fail");
	TAP_OK(strstr(err, "Kaiji.Limits.BodyBytes: required key missing") != NULL,
	       "a missing key is named");
}

/* Issue 16: the web server's sign-in is trusted only through a parameter
 * the shipped configs set after checking the password. */
static void remote_user_param(void)
{
	char err[4096] = "";
	HDF *cfg = NULL;
	const char *p = write_config("trust", "Kaiji.Profile = yamagata\nKaiji.Desk.TrustRemoteUser = 1\n");
	TAP_INTEQ(config_load(p, &cfg, err, sizeof err), -1,
	          "-bad- TrustRemoteUser without RemoteUserParam is refused at start");
	TAP_OK(strstr(err, "Kaiji.Desk.TrustRemoteUser: needs Kaiji.Desk.RemoteUserParam") != NULL,
	       "and the message says what is missing");
	const char *bad[] = { "REMOTE_USER", "HTTP_X_REMOTE_USER", "AUTH_TYPE", "kaiji_user", "" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char text[256];
		snprintf(text, sizeof text, "Kaiji.Profile = yamagata\nKaiji.Desk.TrustRemoteUser = 1\n"
		         "Kaiji.Desk.RemoteUserParam = %s\n", bad[i]);
		p = write_config("trust-bad", text);
		err[0] = '\0';
		TAP_INTEQ(config_load(p, &cfg, err, sizeof err), -1, "-bad- RemoteUserParam = '%s' is refused", bad[i]);
	}
	p = write_config("trust-ok", "Kaiji.Profile = yamagata\nKaiji.Desk.TrustRemoteUser = 1\n"
	                 "Kaiji.Desk.RemoteUserParam = KAIJI_REMOTE_USER\n");
	TAP_INTEQ(config_load(p, &cfg, err, sizeof err), 0, "KAIJI_REMOTE_USER is accepted");
	hdf_destroy(&cfg);
}

/* Issue 16 item 4c: the roles that must sign in with a TOTP code. */
static void totp_roles(void)
{
	char err[4096] = "";
	HDF *cfg = NULL;
	const char *p = write_config("totp-bad", "Kaiji.Profile = yamagata\nKaiji.Desk.TotpRoles = admins\n");
	TAP_INTEQ(config_load(p, &cfg, err, sizeof err), -1, "-bad- TotpRoles naming no role is refused at start");
	TAP_OK(strstr(err, "Kaiji.Desk.TotpRoles: not a list of roles") != NULL, "and the message names the key");
	p = write_config("totp-ok", "Kaiji.Profile = yamagata\nKaiji.Desk.TotpRoles = admin, clerk\n");
	err[0] = '\0';
	TAP_INTEQ(config_load(p, &cfg, err, sizeof err), 0, "TotpRoles = admin, clerk is accepted");
	hdf_destroy(&cfg);
}

/* Kaiji.Desk.PasswordHashing = minimum only beside InsecureCookies (a
 * throwaway test stack); the other levels anywhere. */
static void password_hashing(void)
{
	char err[4096] = "";
	HDF *cfg = NULL;
	const char *p = write_config("hash-min", "Kaiji.Profile = yamagata\nKaiji.Desk.PasswordHashing = minimum\n");
	TAP_INTEQ(config_load(p, &cfg, err, sizeof err), -1, "-bad- minimum hashing on a real site is refused");
	TAP_OK(strstr(err, "Kaiji.Desk.PasswordHashing: minimum is for a throwaway") != NULL, "and the message says why");
	p = write_config("hash-bad", "Kaiji.Profile = yamagata\nKaiji.Desk.PasswordHashing = fast\n");
	TAP_INTEQ(config_load(p, &cfg, err, sizeof err), -1, "-bad- an unknown level is refused");
	p = write_config("hash-test", "Kaiji.Profile = yamagata\nKaiji.InsecureCookies = 1\n"
	                 "Kaiji.Desk.PasswordHashing = minimum\n");
	err[0] = '\0';
	TAP_INTEQ(config_load(p, &cfg, err, sizeof err), 0, "minimum on a test stack is accepted");
	hdf_destroy(&cfg);
	p = write_config("hash-mod", "Kaiji.Profile = yamagata\nKaiji.Desk.PasswordHashing = moderate\n");
	TAP_INTEQ(config_load(p, &cfg, err, sizeof err), 0, "moderate is accepted");
	hdf_destroy(&cfg);
}

int main(void)
{
	if (getcwd(root, sizeof root) == NULL)
		return 1;
	each_city();
	misspelled_key();
	bad_values();
	bad_profile_name();
	missing_required();
	remote_user_param();
	totp_roles();
	password_hashing();
	return TAP_DONE();
}

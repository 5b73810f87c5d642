/* kaijictl: the webmaster's and staff's command line. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "app.h"
#include "cmd.h"
#include "cmd-backup.h"
#include "cmd-calendar.h"
#include "cmd-check-web.h"
#include "cmd-explain.h"
#include "cmd-pages.h"
#include "cmd-feedback.h"
#include "cmd-purge.h"
#include "cmd-pay.h"
#include "cmd-mail.h"
#include "cmd-document.h"
#include "cmd-case.h"
#include "cmd-desk.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "pay.h"
#include "register.h"
#include "sitekey.h"

static int usage(void)
{
	fputs("usage: kaijictl [-c CONFIG] COMMAND [ARGS]\n"
	      "setting up and running:\n"
	      "  init               create the data directory, secrets and database\n"
	      "  migrate            bring the database schema up to date\n"
	      "  check-config [--explain]  check the configuration and the city profile;\n"
	      "                     --explain lists the values the seed page does not state\n"
	      "  seed-demo [--register N] [--cases]\n"
	      "                            demo agencies, register entries, staff,\n"
	      "                            requests in every state (--cases)\n"
	      "  backup [--with-secrets] FILE  the database and the vault, online\n"
	      "  restore [--force] FILE        into the data directory\n"
	      "  verify-backup FILE check an archive without restoring it\n"
	      "  purge [--dry-run]  documents past retention, expired drafts\n"
	      "  pages SRC DEST     the static pages in the city's words (市・区・町・村)\n"
	      "  version            print the program and schema versions\n"
	      "  db-version         print the database's schema version (0: none;\n"
	      "                     nothing is created)\n"
	      "staff:\n"
	      "  staff add|passwd|disable|enable|list   desk accounts\n"
	      "  case new --kind K --agency A --name NAME [--received YYYY-MM-DD]\n"
	      "           [--channel counter|mail]   enter a paper request; prints REF CODE\n"
	      "  case reissue REF   a new access code (the old one stops working)\n"
	      "  case STEP ID [...] | case show ID | case enter [...]   the workflow\n"
	      "  register import FILE.csv [--dry-run] | export [--json] [--all] … |\n"
	      "           abolish ID [--date D] [--note T] | reindex\n"
	      "  document list REF | get REF N > FILE   identity documents (decrypted)\n"
	      "  calendar holidays YEAR | due RECEIVED KIND | closed FROM TO |\n"
	      "           appeal NOTICE_RECEIVED [DECIDED] | recompute\n"
	      "  stats FY [--summary]  the fiscal year's statistics (運用状況) as CSV\n"
	      "  feedback export [--summary] [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
	      "  pay list [--state STATE] | reconcile [--older-than MINUTES] |\n"
	      "      refund ORDER_ID --reason TEXT [--amount YEN]\n"
	      "  mail send | list [--state queued|sent|failed] | retry ID\n"
	      "                     e-mail notices through the city's relay\n",
	      stderr);
	return 2;
}

/* Kaiji.Database's form (the database is not opened: the programs'
 * account may be the only one allowed in) and its password file's use. */
static int database_check(HDF *cfg, char *err, size_t errlen)
{
	const char *where = hdf_get_value(cfg, "Kaiji.Database", "");
	const char *pw = hdf_get_value(cfg, "Kaiji.DatabasePasswordFile", "");
	char why[512];
	if (db_where_check(where, pw, why, sizeof why) != 0) {
		snprintf(err, errlen, "Kaiji.Database: %s", why);
		return -1;
	}
	return 0;
}

static int cmd_check_config(const char *config, int argc, char **argv)
{
	HDF *cfg = NULL;
	char err[8192];
	bool explain = argc == 2 && strcmp(argv[1], "--explain") == 0;
	if (argc > 1 && !explain)
		return usage();
	if (config_load(config, &cfg, err, sizeof err) != 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	/* The payment providers' blocks as the programs open them (keys,
	 * addresses, Kaiji.Pay.Gmo.PayMethods…), the secret files unread. */
	struct pay *pay = NULL;
	pay_conf_check_only(true);
	if (pay_open(cfg, &pay, err, sizeof err) != 0) {
		fprintf(stderr, "%s: %s\n", config, err);
		hdf_destroy(&cfg);
		return 1;
	}
	pay_close(pay);
	/* The profile as the programs load it (a StaffMail that is not an
	 * address, City.StaffDigest.At not a time…), and the relay's block. */
	struct profile prof;
	if (profile_load(cfg, &prof, err, sizeof err) != 0 ||
	    mail_conf_check(cfg, err, sizeof err) != 0 ||
	    database_check(cfg, err, sizeof err) != 0) {
		fprintf(stderr, "%s: %s\n", config, err);
		hdf_destroy(&cfg);
		return 1;
	}
	profile_free(&prof);
	printf("%s: ok (profile %s)\n", config,
	       hdf_get_value(cfg, "Kaiji.Profile", ""));
	check_web_group(cfg, stderr);
	int rc = explain ? explain_profile(cfg, stdout, stderr) : 0;
	hdf_destroy(&cfg);
	return rc;
}

/* db-version: the configured database's schema version, 0 when it has
 * none, nothing made or changed (no secrets file needed):
 * tools/install-files runs init only on 0. */
static int db_version_command(const char *config, int argc)
{
	HDF *cfg = NULL;
	char err[8192], buf[4096];
	if (argc != 1)
		return usage();
	if (config_load(config, &cfg, err, sizeof err) != 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	int v = db_stored_version(app_database(cfg, buf, sizeof buf),
	                          hdf_get_value(cfg, "Kaiji.DatabasePasswordFile", NULL),
	                          err, sizeof err);
	hdf_destroy(&cfg);
	if (v < 0) {
		fprintf(stderr, "kaijictl db-version: %s\n", err);
		return 1;
	}
	printf("%d\n", v);
	return 0;
}

static int make_data_dir(const char *config)
{
	HDF *cfg = NULL;
	char err[8192];
	if (config_load(config, &cfg, err, sizeof err) != 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	const char *dir = hdf_get_value(cfg, "Kaiji.DataDir", "");
	int rc = 0;
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		rc = -1;
	}
	hdf_destroy(&cfg);
	return rc;
}

static int open_app(struct app *app, const char *config, bool create)
{
	char err[8192];
	if (app_open(app, "kaijictl", config, create, err, sizeof err) != 0) {
		fprintf(stderr, "kaijictl: %s\n", err);
		return -1;
	}
	return 0;
}

/* migrate [--to N]: --to only for capturing fixtures of old versions. */
static int migrate(struct app *app, int argc, char **argv)
{
	char err[1024], *end = NULL;
	long target = db_schema_version;
	if (argc == 3 && strcmp(argv[1], "--to") == 0) {
		errno = 0;
		target = strtol(argv[2], &end, 10);
		if (errno || *end || target < 1 || target > db_schema_version) {
			fprintf(stderr, "kaijictl migrate: --to takes 1 to %d\n",
			        db_schema_version);
			return 2;
		}
	} else if (argc != 1) {
		return usage();
	}
	int from = db_version(app->db);
	if (db_migrate_to(app->db, (int)target, err, sizeof err) != 0) {
		fprintf(stderr, "kaijictl migrate: %s\n", err);
		return 1;
	}
	printf("schema version %ld (was %d)\n", target, from);
	/* app_open compared nothing on a database older than the
	 * fingerprint's table: the first to migrate records its own. */
	if (from < SITEKEY_SCHEMA) {
		int sk = sitekey_check(app->db, err, sizeof err);
		if (sk == SITEKEY_OTHER)
			app_secrets_unmake(app, err, sizeof err);
		if (sk != 0) {
			fprintf(stderr, "kaijictl migrate: %s\n", err);
			return 1;
		}
	}
	if (target < db_schema_version)
		return 0;
	/* Entries made before the search index existed get indexed. */
	long n = reg_reindex(app->db, false);
	if (n < 0) {
		fprintf(stderr, "kaijictl migrate: cannot index the register\n");
		return 1;
	}
	if (n > 0)
		printf("register search index: %ld entries\n", n);
	return 0;
}

static int calendar(struct app *app, int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "recompute") == 0)
		return cmd_calendar_recompute(app);
	struct cal_period periods[KIND__MAX];
	for (int k = 0; k < KIND__MAX; k++) {
		const struct kind_rules *r = &app->profile.kinds[k];
		periods[k] = r->enabled ? r->period : (struct cal_period){ 0 };
	}
	return cmd_calendar(argc, argv, &app->profile.cal, periods, stdout, stderr);
}

/* case new and case reissue enter and re-key requests (tools/cmd-case.c);
 * every other case step is the desk's workflow (tools/cmd-case-flow.c). */
static int case_command(struct app *app, int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "new") == 0 || strcmp(argv[1], "reissue") == 0))
		return cmd_case(app, argc, argv);
	return cmd_case_flow(app, argc, argv);
}

static int feedback_command(struct app *app, int argc, char **argv)
{
	return cmd_feedback(app, argc, argv, stdout, stderr);
}

struct command {
	const char *name;
	int (*run)(struct app *app, int argc, char **argv);
};

/* Commands that run with the whole app open. */
static const struct command commands[] = {
	{ "seed-demo", cmd_seed_demo },   { "calendar", calendar },
	{ "stats", cmd_stats },           { "feedback", feedback_command },
	{ "purge", cmd_purge },           { "pay", cmd_pay },
	{ "document", cmd_document },     { "case", case_command },
	{ "staff", cmd_staff },           { "register", cmd_register },
	{ "mail", cmd_mail },
};

static const struct command *command_find(const char *name)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static int run(const char *config, int argc, char **argv)
{
	const char *cmd = argv[0];
	struct app app;
	int rc;
	if (strcmp(cmd, "check-config") == 0)
		return cmd_check_config(config, argc, argv);
	if (strcmp(cmd, "pages") == 0)
		return cmd_pages(config, argc, argv);
	if (strcmp(cmd, "backup") == 0)
		return cmd_backup(config, argc, argv);
	if (strcmp(cmd, "restore") == 0)
		return cmd_restore(config, argc, argv);
	if (strcmp(cmd, "db-version") == 0)
		return db_version_command(config, argc);
	if (strcmp(cmd, "version") == 0) {
		printf("kaiji 0.1, schema %d\n", db_schema_version);
		return 0;
	}
	/* migrate sets up a new data directory too, as init does. */
	bool init = strcmp(cmd, "init") == 0 || strcmp(cmd, "migrate") == 0;
	if (init && make_data_dir(config) != 0)
		return 1;
	if (open_app(&app, config, init) != 0)
		return 1;
	if (init) {
		rc = migrate(&app, argc, argv);
	} else {
		const struct command *c = command_find(cmd);
		rc = c ? c->run(&app, argc, argv) : usage();
	}
	app_close(&app);
	return rc;
}

int main(int argc, char **argv)
{
	const char *config = getenv("KAIJI_CONFIG");
	int opt;
	log_init("kaijictl");
	/* The database, its journal and the vault: readable by no one else. */
	umask(0077);
	while ((opt = getopt(argc, argv, "+c:")) != -1) {
		if (opt != 'c')
			return usage();
		config = optarg;
	}
	if (optind >= argc)
		return usage();
	/* Checking an archive needs no configuration: any host can do it. */
	if (strcmp(argv[optind], "verify-backup") == 0)
		return cmd_verify_backup(argc - optind, argv + optind);
	if (config == NULL) {
		fputs("kaijictl: no configuration: give -c CONFIG or set "
		      "KAIJI_CONFIG\n", stderr);
		return 2;
	}
	return run(config, argc - optind, argv + optind);
}

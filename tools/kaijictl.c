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
#include "cmd-calendar.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "register.h"

static int usage(void)
{
	fputs("usage: kaijictl [-c CONFIG] COMMAND [ARGS]\n"
	      "commands:\n"
	      "  init               create the data directory, secrets and database\n"
	      "  migrate            bring the database schema up to date\n"
	      "  seed-demo [--register N]  demo agencies, register entries, staff\n"
	      "  register import FILE.csv [--dry-run] | export [--json] [--all] … |\n"
	      "           abolish ID [--date D] [--note T] | reindex\n"
	      "  check-config       check the configuration and the city profile\n"
	      "  calendar holidays YEAR | due RECEIVED KIND | closed FROM TO |\n"
	      "           appeal NOTICE_RECEIVED [DECIDED]\n"
	      "  version            print the program and schema versions\n",
	      stderr);
	return 2;
}

static int cmd_check_config(const char *config)
{
	HDF *cfg = NULL;
	char err[8192];
	if (config_load(config, &cfg, err, sizeof err) != 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	printf("%s: ok (profile %s)\n", config,
	       hdf_get_value(cfg, "Kaiji.Profile", ""));
	hdf_destroy(&cfg);
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

static int migrate(struct app *app)
{
	char err[1024];
	int from = db_version(app->db);
	if (db_migrate(app->db, err, sizeof err) != 0) {
		fprintf(stderr, "kaijictl migrate: %s\n", err);
		return 1;
	}
	printf("schema version %d (was %d)\n", db_schema_version, from);
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
	struct cal_period periods[KIND__MAX];
	for (int k = 0; k < KIND__MAX; k++) {
		const struct kind_rules *r = &app->profile.kinds[k];
		periods[k] = r->enabled ? r->period : (struct cal_period){ 0 };
	}
	return cmd_calendar(argc, argv, &app->profile.cal, periods, stdout, stderr);
}

static int run(const char *config, int argc, char **argv)
{
	const char *cmd = argv[0];
	struct app app;
	int rc;
	if (strcmp(cmd, "check-config") == 0)
		return cmd_check_config(config);
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
	if (init)
		rc = migrate(&app);
	else if (strcmp(cmd, "seed-demo") == 0)
		rc = cmd_seed_demo(&app, argc, argv);
	else if (strcmp(cmd, "register") == 0)
		rc = cmd_register(&app, argc, argv);
	else if (strcmp(cmd, "calendar") == 0)
		rc = calendar(&app, argc, argv);
	else
		rc = usage();
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
	if (config == NULL) {
		fputs("kaijictl: no configuration: give -c CONFIG or set "
		      "KAIJI_CONFIG\n", stderr);
		return 2;
	}
	return run(config, argc - optind, argv + optind);
}

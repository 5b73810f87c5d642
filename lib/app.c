#include "app.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "register.h"
#include "mail.h"
#include "sitekey.h"
#include "staff.h"
#include "token.h"
#include "view.h"

static void limits_from(HDF *cfg, struct form_limits *l, bool uploads)
{
	l->max_fields = (size_t)config_int(cfg, "Kaiji.Limits.Fields");
	l->max_name = (size_t)config_int(cfg, "Kaiji.Limits.NameBytes");
	l->max_value = (size_t)config_int(cfg, "Kaiji.Limits.ValueBytes");
	l->max_file = uploads ? (size_t)config_int(cfg, "Kaiji.Limits.FileBytes") : 0;
	l->max_files = uploads ? (size_t)config_int(cfg, "Kaiji.Limits.Files") : 0;
}

const char *app_database(HDF *cfg, char *buf, size_t len)
{
	/* SQLite in the data directory unless it says otherwise
	 * (docs/engines.md). */
	const char *where = hdf_get_value(cfg, "Kaiji.Database", "");
	if (*where != '\0')
		return where;
	snprintf(buf, len, "sqlite:%s/kaiji.db", config_str(cfg, "Kaiji.DataDir"));
	return buf;
}

/* Kaiji.CacheDir, or DataDir/cache: files derived from the database that
 * every process of this server shares (the register's search index). */
static void app_cache_dir(const struct app *app)
{
	const char *dir = hdf_get_value(app->cfg, "Kaiji.CacheDir", NULL);
	char path[4096];
	if (dir == NULL || *dir == '\0') {
		snprintf(path, sizeof path, "%s/cache", app->data_dir);
		dir = path;
	}
	reg_cache_dir(dir);
}

int app_open(struct app *app, const char *program, const char *config_path,
             bool create_secrets, char *err, size_t errlen)
{
	char path[4096];
	memset(app, 0, sizeof *app);
	app->program = program;
	if (config_load(config_path, &app->cfg, err, errlen) != 0)
		return -1;
	if (profile_load(app->cfg, &app->profile, err, errlen) != 0)
		goto fail;
	app->base_path = config_str(app->cfg, "Kaiji.BasePath");
	app->data_dir = config_str(app->cfg, "Kaiji.DataDir");
	limits_from(app->cfg, &app->limits, false);
	limits_from(app->cfg, &app->upload_limits, true);
	app->body_max = (size_t)config_int(app->cfg, "Kaiji.Limits.BodyBytes");
	app->upload_body_max =
	    (size_t)config_int(app->cfg, "Kaiji.Limits.UploadBodyBytes");
	staff_hashing_set(hdf_get_value(app->cfg, "Kaiji.Desk.PasswordHashing", NULL));
	mail_profile_set(&app->profile);

	snprintf(path, sizeof path, "%s/secrets", app->data_dir);
	bool absent = create_secrets && access(path, F_OK) != 0;
	if (token_init(path, create_secrets, err, errlen) != 0)
		goto fail;
	app->secrets_made = absent;
	const char *where = app_database(app->cfg, path, sizeof path);
	if (db_open_secret(where, hdf_get_value(app->cfg,
	                                        "Kaiji.DatabasePasswordFile", NULL),
	                   &app->db, err, errlen) != 0) {
		app_secrets_unmake(app, err, errlen);
		goto fail;
	}
	int sk = sitekey_check(app->db, err, errlen);
	if (sk == SITEKEY_OTHER)
		app_secrets_unmake(app, err, errlen);
	if (sk != 0)
		goto fail;
	if (vault_config(&app->vault, hdf_get_value(app->cfg, "Kaiji.Vault", NULL),
	                 app->data_dir, app->db, err, errlen) != 0)
		goto fail;
	if (view_open(&app->view, app->cfg, err, errlen) != 0)
		goto fail;
	app_cache_dir(app);
	return 0;
fail:
	app_close(app);
	return -1;
}

void app_secrets_unmake(struct app *app, char *err, size_t errlen)
{
	if (!app->secrets_made)
		return;
	char path[4096];
	snprintf(path, sizeof path, "%s/secrets", app->data_dir);
	app->secrets_made = false;
	size_t n = strlen(err);
	if (unlink(path) == 0)
		snprintf(err + n, errlen - n, " (the secrets file this run made, "
		         "%s, was removed)", path);
	else
		snprintf(err + n, errlen - n, " (remove %s, which this run made: %s)",
		         path, strerror(errno));
}

void app_close(struct app *app)
{
	view_close(app->view);
	mail_profile_set(NULL);
	profile_free(&app->profile);
	db_close(app->db);
	hdf_destroy(&app->cfg);
	memset(app, 0, sizeof *app);
}

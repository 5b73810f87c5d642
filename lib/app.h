/* What a program keeps for its whole life: the config, the database, the
 * parsed templates and the limits. Made once before the accept loop. */
#ifndef KAIJI_APP_H
#define KAIJI_APP_H

#include <ClearSilver/ClearSilver.h>

#include "db.h"
#include "form.h"
#include "profile.h"
#include "vault.h"

struct view;

struct app {
	const char *program;
	HDF *cfg;
	struct db *db;
	struct vault vault; /* where identity documents are kept */
	struct view *view;
	struct profile profile; /* the city's rules, typed */
	const char *base_path;   /* "/kaiji" */
	const char *data_dir;
	struct form_limits limits;        /* forms without files */
	struct form_limits upload_limits; /* forms with identity documents */
	size_t body_max, upload_body_max;
	bool secrets_made; /* app_open made the secrets file (create_secrets) */
};

/* Load and check the config, open the secrets, the database (refused
 * when it was set up with another secrets file, lib/sitekey.h) and the
 * views. create_secrets: make the key file when it is missing (kaijictl
 * init only); when the database cannot be opened or records another
 * secrets file, the file made is removed again (app_secrets_unmake).
 * Returns 0 or -1 with the reason in err. */
int app_open(struct app *app, const char *program, const char *config_path,
             bool create_secrets, char *err, size_t errlen);
/* The secrets file app_open made, removed, when the database refuses it:
 * the webmaster is told to copy the first server's in its place, and a
 * file left there would be taken by the next kaijictl init for that
 * copy. Appends what was done to err (errlen its size). Nothing when
 * app_open did not make it. */
void app_secrets_unmake(struct app *app, char *err, size_t errlen);
void app_close(struct app *app);
/* Where the configuration's database is, for db_open_secret: its
 * Kaiji.Database, or SQLite at Kaiji.DataDir/kaiji.db when unset (buf
 * holds that one). */
const char *app_database(HDF *cfg, char *buf, size_t len);

#endif

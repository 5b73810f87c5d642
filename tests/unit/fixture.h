/* A real config, city profile, secrets file and migrated database in /tmp
 * for unit tests that need them. */
#ifndef KAIJI_FIXTURE_H
#define KAIJI_FIXTURE_H

#include <stdio.h>
#include <unistd.h>

#include "config.h"
#include "db-sqlite.h"
#include "profile.h"
#include "token.h"

struct fixture {
	HDF *cfg;
	struct profile prof;
	struct db *db;
	char db_path[256], key_path[256];
};

/* Load conf/ with the city's profile; with_db: also secrets and a fresh
 * migrated database with the profile's agencies. 0 or -1 (printed). */
static int fixture_open(struct fixture *f, const char *city, int with_db)
{
	char path[256], err[4096], root[1024];
	if (getcwd(root, sizeof root) == NULL)
		return -1;
	snprintf(path, sizeof path, "/tmp/kaiji-fixture-%d-%s.hdf", (int)getpid(), city);
	FILE *fp = fopen(path, "w");
	if (fp == NULL)
		return -1;
	fprintf(fp, "#include \"%s/conf/kaiji.hdf\"\nKaiji.ConfDir = %s/conf\nKaiji.Profile = %s\n",
	        root, root, city);
	fclose(fp);
	int rc = config_load(path, &f->cfg, err, sizeof err) ||
	         profile_load(f->cfg, &f->prof, err, sizeof err);
	unlink(path);
	if (rc == 0 && with_db) {
		snprintf(f->key_path, sizeof f->key_path, "/tmp/kaiji-fixture-%d.key", (int)getpid());
		snprintf(f->db_path, sizeof f->db_path, "/tmp/kaiji-fixture-%d-%s.db", (int)getpid(), city);
		unlink(f->key_path);
		unlink(f->db_path);
		rc = token_init(f->key_path, true, err, sizeof err) ||
		     db_open(f->db_path, &f->db, err, sizeof err) ||
		     db_migrate(f->db, err, sizeof err);
		for (size_t i = 0; rc == 0 && i < f->prof.n_agencies; i++) {
			sqlite3_stmt *st;
			sqlite3_prepare_v2(db_handle(f->db), "INSERT INTO agency (id, name) VALUES (?1, ?2)", -1, &st, NULL);
			sqlite3_bind_text(st, 1, f->prof.agencies[i].id, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, f->prof.agencies[i].name, -1, SQLITE_STATIC);
			rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
			sqlite3_finalize(st);
		}
	}
	if (rc)
		printf("# fixture: %s\n", err);
	return rc ? -1 : 0;
}

static void fixture_close(struct fixture *f)
{
	db_close(f->db);
	profile_free(&f->prof);
	hdf_destroy(&f->cfg);
	if (f->db_path[0]) {
		char p[300];
		unlink(f->db_path);
		snprintf(p, sizeof p, "%s-wal", f->db_path);
		unlink(p);
		snprintf(p, sizeof p, "%s-shm", f->db_path);
		unlink(p);
		unlink(f->key_path);
	}
}

#endif

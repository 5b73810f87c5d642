/* kaijictl purge: delete what the city keeps no longer. One function per
 * thing purged, listed in purge_steps[] (tools/cmd-purge.c): a new kind of
 * expiring data adds its function and one line there. */
#ifndef KAIJI_CMD_PURGE_H
#define KAIJI_CMD_PURGE_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "app.h"

struct purge {
	struct db *db;
	const struct vault *vault; /* where the documents are */
	int retention_document_days; /* the profile's City.Retention.DocumentDays */
	time_t now;
	bool dry_run; /* count, change nothing */
	FILE *out;    /* one line per step: "purged N WHAT" */
};

/* Every step in order. Returns 0, or -1 when a step failed (the steps
 * before it stay done: each is its own transaction and can run again). */
int purge_run(struct purge *p);

/* kaijictl purge [--dry-run] */
int cmd_purge(struct app *app, int argc, char **argv);

#endif

/* kaijictl's commands, one file each: tools/cmd-NAME.c. */
#ifndef KAIJI_CMD_H
#define KAIJI_CMD_H

#include <stdbool.h>
#include <stdio.h>

#include "app.h"
#include "arena.h"

/* kaijictl seed-demo [--register N] [--cases] */
int cmd_seed_demo(struct app *app, int argc, char **argv);
/* kaijictl register import|export|abolish|reindex … */
int cmd_register(struct app *app, int argc, char **argv);

/* Demo register entries, for seed-demo and the benchmark: n entries
 * written with reg_insert inside the caller's transaction. */
struct demo_opts {
	const char *office; /* the office that receives requests, with address */
	const char *today;  /* YYYY-MM-DD: the 届出 date */
	bool (*has_agency)(void *ctx, const char *id);
	void *ctx;
};
int demo_register(struct db *db, const struct demo_opts *o, long n);
/* The profile's agencies into the agency table (insert or update). */
int demo_agencies(struct app *app);

/* Demo requests in every state of the workflow, received relative to
 * today, inside the caller's transaction; one line "REF CODE STORY" per
 * request to out. tools/cmd-demo-cases.c */
int demo_cases_seed(struct app *app, struct arena *a, FILE *out);

/* kaijictl calendar recompute */
int cmd_calendar_recompute(struct app *app);

/* kaijictl stats FY */
int cmd_stats(struct app *app, int argc, char **argv);

#endif

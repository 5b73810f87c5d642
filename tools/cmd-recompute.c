/* kaijictl calendar recompute: when the calendar changes under live
 * requests (a city adds a closed day, a holiday law changes), recompute
 * the due dates of open requests, record each change as an event and list
 * what moved. */
#include <stdio.h>
#include <string.h>

#include "case.h"
#include "cmd.h"

static const char sql_open[] =
    "SELECT id FROM request WHERE state IN "
    "('received', 'reviewing', 'amending', 'consulting') ORDER BY id";

static int recompute_one(struct app *app, struct arena *a, long long id,
                         int *moved)
{
	struct case_row row;
	cal_day old_due, new_due;
	char o[11], n[11];
	if (case_load(app->db, a, id, &row) != 0)
		return -1;
	int rc = case_recompute_due(app->db, &app->profile, a, &row, &old_due,
	                            &new_due);
	if (rc == 1) {
		cal_format(old_due, o);
		cal_format(new_due, n);
		printf("%s\t%s\t%s\n", row.ref, o, n);
		(*moved)++;
	}
	return rc < 0 ? -1 : 0;
}

/* The ids of every open request, in the arena. */
static long long *open_ids(struct db *db, struct arena *a, size_t *n)
{
	struct db_stmt *st = db_stmt(db, sql_open);
	size_t cap = 64;
	long long *ids = arena_calloc(a, cap, sizeof *ids);
	*n = 0;
	if (st == NULL)
		return NULL;
	while (db_step(st) == DB_ROW) {
		ids = arena_grow(a, ids, *n, &cap, sizeof *ids);
		ids[(*n)++] = db_col_int64(st, 0);
	}
	db_reset(st);
	return ids;
}

int cmd_calendar_recompute(struct app *app)
{
	struct arena *a = arena_new();
	size_t n = 0;
	int moved = 0, rc = db_begin(app->db);
	long long *ids = rc == 0 ? open_ids(app->db, a, &n) : NULL;
	if (ids == NULL)
		rc = -1;
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = recompute_one(app, a, ids[i], &moved);
	if (rc == 0)
		rc = db_commit(app->db);
	if (rc != 0)
		db_rollback(app->db);
	arena_free(a);
	if (rc != 0) {
		fputs("kaijictl calendar recompute: failed; nothing changed\n", stderr);
		return 1;
	}
	fprintf(stderr, "%d due date(s) moved\n", moved);
	return 0;
}

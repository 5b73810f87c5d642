/* The staff daily digest (see digest.h); the sender is tools/cmd-mail.c. */
#include "digest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "case.h"
#include "log.h"

cal_day digest_day_due(const struct profile *p, long long now)
{
	long long local = now + 9 * 3600; /* Japan: +0900 all year */
	long long secs = local % 86400;
	if (secs < 0)
		secs += 86400;
	cal_day day = (cal_day)((local - secs) / 86400);
	if (secs / 60 < p->digest.at_minutes || cal_is_closed(&p->cal, day))
		return 0;
	return day;
}

/* The first day not listed: the (open_days + 1)th open day after day. */
static cal_day digest_limit(const struct profile *p, cal_day day)
{
	cal_day d = day;
	for (int n = 0; n <= p->digest.open_days && d < day + 3660;)
		if (!cal_is_closed(&p->cal, ++d))
			n++;
	return d;
}

/* The open requests whose clock may run (the 法84 rest too), due before
 * ?2, by due date as the inbox sorts. case_clock decides the rest. */
static const char sql_items[] =
    "SELECT id, ref, kind, state, due_on, rest_by FROM ("
    " SELECT id, ref, kind, state, due_on, " CASE_REST_BY_SQL " AS rest_by"
    " FROM request WHERE agency_id = ?1 AND (state IN"
    " ('received', 'reviewing', 'consulting') OR " CASE_REST_PENDING_SQL ")) AS q"
    " WHERE COALESCE(NULLIF(rest_by, ''), due_on) < ?2"
    " ORDER BY COALESCE(NULLIF(rest_by, ''), due_on), id";

int digest_items(struct db *db, const struct profile *p, struct arena *a,
                 const char *agency, cal_day day, struct digest_item **out,
                 size_t *n, size_t *more)
{
	*out = NULL;
	*n = *more = 0;
	struct db_stmt *st = db_stmt(db, sql_items);
	if (st == NULL)
		return -1;
	char limit[11];
	cal_format(digest_limit(p, day), limit);
	db_bind_text(st, 1, agency);
	db_bind_text(st, 2, limit);
	struct digest_item *items = arena_alloc(a, DIGEST_MAX_ITEMS * sizeof *items);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		struct case_clock c = case_clock(p, db_col_text(st, 3), db_col_text(st, 4),
		                                 db_col_text(st, 5), day);
		if (!c.counts || c.left > p->digest.open_days)
			continue;
		if (*n == DIGEST_MAX_ITEMS) {
			(*more)++;
			continue;
		}
		struct digest_item *it = &items[(*n)++];
		it->id = db_col_int64(st, 0);
		it->ref = arena_strdup(a, db_col_text(st, 1));
		it->kind = arena_strdup(a, db_col_text(st, 2));
		it->due = c.due;
		it->left = c.left;
		it->rest = c.rest;
	}
	db_reset(st);
	*out = items;
	return rc == DB_DONE ? 0 : -1;
}

/* Only what the mail may say: numbers, words of the schema, days. */
static char *digest_params(cal_day day, const struct digest_item *items,
                           size_t n, size_t more)
{
	char iso[11];
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		cal_format(items[i].due, iso);
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:i, s:b}",
		        "id", (json_int_t)items[i].id, "ref", items[i].ref,
		        "kind", items[i].kind, "due_on", iso, "left", items[i].left,
		        "rest", items[i].rest));
	}
	cal_format(day, iso);
	json_t *j = json_pack("{s:s, s:o, s:I}", "day", iso, "items", list,
	                      "more", (json_int_t)more);
	char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	return s;
}

static const char sql_have[] =
    "SELECT 1 FROM mail_outbox WHERE agency_id = ?1 AND digest_day = ?2";

/* DO NOTHING: the unique index (agency_id, digest_day) of schema step 16. */
static const char sql_insert[] =
    "INSERT INTO mail_outbox (request_id, recipient, address, lang,"
    " template, params, next_try_at, created_at, agency_id, digest_day) "
    "VALUES (NULL, 'staff', '', ?1, 'digest', ?2, ?3, ?3, ?4, ?5) "
    "ON CONFLICT DO NOTHING";

static bool digest_have(struct db *db, const char *agency, const char *day, int *err)
{
	struct db_stmt *st = db_stmt(db, sql_have);
	if (st == NULL) {
		*err = -1;
		return true;
	}
	db_bind_text(st, 1, agency);
	db_bind_text(st, 2, day);
	int rc = db_step(st);
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		*err = -1;
	return rc == DB_ROW;
}

/* One agency: 1 queued, 0 not (none due, or queued before), -1. */
static int digest_agency(struct db *db, const struct profile *p, struct arena *a,
                         const struct agency *ag, cal_day day, const char *stamp)
{
	char iso[11];
	cal_format(day, iso);
	int err = 0;
	if (digest_have(db, ag->id, iso, &err))
		return err;
	struct digest_item *items;
	size_t n, more;
	if (digest_items(db, p, a, ag->id, day, &items, &n, &more) != 0)
		return -1;
	if (n == 0)
		return 0;
	char *params = digest_params(day, items, n, more);
	struct db_stmt *st = params ? db_stmt(db, sql_insert) : NULL;
	int rc = -1;
	if (st != NULL) {
		db_bind_text(st, 1, ag->staff_lang ? ag->staff_lang : "ja");
		db_bind_text(st, 2, params);
		db_bind_text(st, 3, stamp);
		db_bind_text(st, 4, ag->id);
		db_bind_text(st, 5, iso);
		rc = db_step_done(db, st, "digest queue");
		if (rc == 0)
			rc = db_changes(db) == 1;
	}
	free(params);
	return rc;
}

int digest_queue(struct db *db, const struct profile *p, long long now)
{
	cal_day day = digest_day_due(p, now);
	if (day == 0)
		return 0;
	struct arena *a = arena_new();
	time_t t = (time_t)now;
	struct tm tm;
	gmtime_r(&t, &tm);
	const char *stamp = arena_printf(a, "%04d-%02d-%02dT%02d:%02d:%02dZ",
	                                 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	                                 tm.tm_hour, tm.tm_min, tm.tm_sec);
	int queued = 0;
	if (db_begin(db) != 0) {
		arena_free(a);
		return -1;
	}
	for (size_t i = 0; i < p->n_agencies && queued >= 0; i++) {
		const struct agency *ag = &p->agencies[i];
		if (ag->staff_mail == NULL)
			continue;
		int rc = digest_agency(db, p, a, ag, day, stamp);
		queued = rc < 0 ? -1 : queued + rc;
	}
	if (queued < 0 || db_commit(db) != 0) {
		db_rollback(db);
		queued = -1;
	}
	arena_free(a);
	return queued;
}

#include "stats.h"

#include <stdio.h>
#include <string.h>

static const char sql_rows[] =
    "SELECT kind, agency_id, channel, "
    "  CASE WHEN state = 'withdrawn' THEN 'withdrawn' "
    "       WHEN state = 'dismissed' OR decision = 'dismissed' THEN 'dismissed' "
    "       WHEN decision IS NOT NULL THEN decision "
    "       ELSE 'pending' END, COUNT(*) "
    "FROM request WHERE received_on BETWEEN ?1 AND ?2 "
    "GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4";
static const char sql_extensions[] =
    "SELECT COUNT(DISTINCT e.request_id) FROM event e "
    "JOIN request r ON r.id = e.request_id "
    "WHERE e.kind = 'extended' AND r.received_on BETWEEN ?1 AND ?2";
static const char sql_days[] =
    "SELECT COUNT(*), COALESCE(AVG(julianday(decided_on) - julianday(received_on)), 0), "
    "  COALESCE(MAX(julianday(decided_on) - julianday(received_on)), 0) "
    "FROM request WHERE decided_on IS NOT NULL AND received_on BETWEEN ?1 AND ?2";
static const char sql_appeals[] =
    "SELECT COALESCE(a.outcome, 'pending'), COUNT(*) FROM appeal a "
    "WHERE a.received_on BETWEEN ?1 AND ?2 GROUP BY 1 ORDER BY 1";

static sqlite3_stmt *bound(struct db *db, const char *sql, const char *from,
                           const char *to)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st != NULL) {
		db_bind_text(st, 1, from);
		db_bind_text(st, 2, to);
	}
	return st;
}

static int read_rows(sqlite3_stmt *st, struct arena *a, struct stats_row **rows,
                     size_t *n, int with_keys)
{
	size_t cap = 16;
	*rows = arena_calloc(a, cap, sizeof **rows);
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		struct stats_row *r = &(*rows)[(*n)++];
		int c = 0;
		if (with_keys) {
			r->kind = arena_strdup(a, db_col_text(st, c++));
			r->agency = arena_strdup(a, db_col_text(st, c++));
			r->channel = arena_strdup(a, db_col_text(st, c++));
		}
		r->outcome = arena_strdup(a, db_col_text(st, c++));
		r->count = sqlite3_column_int64(st, c);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int single(struct db *db, const char *sql, const char *from,
                  const char *to, struct stats *s)
{
	sqlite3_stmt *st = bound(db, sql, from, to);
	if (st == NULL || sqlite3_step(st) != SQLITE_ROW)
		return -1;
	if (sql == sql_extensions) {
		s->extensions = sqlite3_column_int64(st, 0);
	} else {
		s->decided = sqlite3_column_int64(st, 0);
		s->average_days = sqlite3_column_double(st, 1);
		s->longest_days = (long)sqlite3_column_double(st, 2);
	}
	sqlite3_reset(st);
	return 0;
}

static void totals(struct stats *s)
{
	for (size_t i = 0; i < s->nrows; i++) {
		const struct stats_row *r = &s->rows[i];
		s->requests += r->count;
		if (strcmp(r->kind, "disclosure") != 0)
			continue;
		if (!strcmp(r->outcome, "full") || !strcmp(r->outcome, "partial"))
			s->disclosed += r->count;
		if (!strcmp(r->outcome, "full") || !strcmp(r->outcome, "partial") ||
		    !strcmp(r->outcome, "none") ||
		    !strcmp(r->outcome, "refuse_existence") ||
		    !strcmp(r->outcome, "not_exist"))
			s->disclosure_decided += r->count;
	}
}

int stats_collect(struct db *db, struct arena *a, int fy, struct stats *out)
{
	char from[16], to[16];
	memset(out, 0, sizeof *out);
	if (fy < 1900 || fy > 9998)
		return -1;
	out->fy = fy;
	snprintf(from, sizeof from, "%04d-04-01", fy);
	snprintf(to, sizeof to, "%04d-03-31", fy + 1);
	sqlite3_stmt *st = bound(db, sql_rows, from, to);
	if (st == NULL || read_rows(st, a, &out->rows, &out->nrows, 1) != 0)
		return -1;
	st = bound(db, sql_appeals, from, to);
	if (st == NULL || read_rows(st, a, &out->appeals, &out->nappeals, 0) != 0)
		return -1;
	if (single(db, sql_extensions, from, to, out) != 0 ||
	    single(db, sql_days, from, to, out) != 0)
		return -1;
	totals(out);
	return 0;
}

double stats_disclosure_rate(const struct stats *s)
{
	if (s->disclosure_decided == 0)
		return -1;
	return 100.0 * (double)s->disclosed / (double)s->disclosure_decided;
}

void stats_csv(const struct stats *s, struct buf *out)
{
	buf_puts(out, "section,kind,agency,channel,outcome,count\n");
	for (size_t i = 0; i < s->nrows; i++) {
		const struct stats_row *r = &s->rows[i];
		buf_printf(out, "requests,%s,%s,%s,%s,%ld\n", r->kind, r->agency,
		           r->channel, r->outcome, r->count);
	}
	buf_printf(out, "summary,,,,requests,%ld\n", s->requests);
	buf_printf(out, "summary,,,,extensions,%ld\n", s->extensions);
	buf_printf(out, "summary,,,,decided,%ld\n", s->decided);
	buf_printf(out, "summary,,,,average_days_to_decision,%.1f\n", s->average_days);
	buf_printf(out, "summary,,,,longest_days_to_decision,%ld\n", s->longest_days);
	double rate = stats_disclosure_rate(s);
	if (rate >= 0)
		buf_printf(out, "summary,,,,disclosure_rate_percent,%.1f\n", rate);
	else
		buf_puts(out, "summary,,,,disclosure_rate_percent,\n");
	for (size_t i = 0; i < s->nappeals; i++)
		buf_printf(out, "appeals,,,,%s,%ld\n", s->appeals[i].outcome,
		           s->appeals[i].count);
}

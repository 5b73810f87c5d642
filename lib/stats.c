#include "stats.h"

#include <stdio.h>
#include <string.h>

#define STATS_FROM_TO "r.received_on BETWEEN ?1 AND ?2"

static const char sql_requests[] =
    "SELECT 'requests', r.kind, r.agency_id, r.channel, "
    "CASE WHEN r.state = 'withdrawn' THEN 'withdrawn' "
    "WHEN r.state = 'dismissed' THEN 'dismissed' "
    "WHEN r.decision IS NULL OR r.decision = '' THEN 'pending' "
    "ELSE r.decision END AS outcome, COUNT(*) "
    "FROM request r WHERE " STATS_FROM_TO " "
    "GROUP BY r.kind, r.agency_id, r.channel, outcome "
    "ORDER BY r.kind, r.agency_id, r.channel, outcome";
static const char sql_extensions[] =
    "SELECT 'extensions', r.kind, r.agency_id, '', '', COUNT(*) FROM request r "
    "WHERE " STATS_FROM_TO " AND r.extension_days > 0 "
    "GROUP BY r.kind, r.agency_id ORDER BY r.kind, r.agency_id";
static const char sql_special[] =
    "SELECT 'special_cases', r.kind, r.agency_id, '', '', COUNT(*) FROM request r "
    "WHERE " STATS_FROM_TO " AND r.special_part_by IS NOT NULL "
    "GROUP BY r.kind, r.agency_id ORDER BY r.kind, r.agency_id";
/* Days from receipt to decision, calendar days, decided requests only
 * (却下 and 取下げ left out: they are not decisions on the merits). */
static const char sql_days[] =
    "SELECT r.kind, printf('%.1f', AVG(julianday(r.decided_on) - julianday(r.received_on))), "
    "CAST(MAX(julianday(r.decided_on) - julianday(r.received_on)) AS INTEGER) "
    "FROM request r WHERE " STATS_FROM_TO " AND r.decided_on IS NOT NULL "
    "AND r.decision IS NOT NULL AND r.decision <> 'dismissed' "
    "GROUP BY r.kind ORDER BY r.kind";
/* Appeals received in the year, whatever year the request came. */
static const char sql_appeals[] =
    "SELECT 'appeals', r.kind, r.agency_id, '', COALESCE(a.outcome, 'pending') AS o, "
    "COUNT(*) FROM appeal a JOIN request r ON r.id = a.request_id "
    "WHERE a.received_on BETWEEN ?1 AND ?2 "
    "GROUP BY r.kind, r.agency_id, o ORDER BY r.kind, r.agency_id, o";
/* 開示率: 全部開示 and 部分開示 among disclosure decisions. */
static const char sql_rate[] =
    "SELECT r.agency_id, SUM(r.decision IN ('full', 'partial')), COUNT(*) "
    "FROM request r WHERE " STATS_FROM_TO " AND r.kind = 'disclosure' "
    "AND r.decision IN ('full', 'partial', 'none', 'refuse_existence', 'not_exist') "
    "GROUP BY r.agency_id ORDER BY r.agency_id";

int stats_fiscal_year(int year, int month)
{
	return month >= 4 ? year : year - 1;
}

struct collect {
	struct arena *a;
	struct stats_row *rows;
	size_t n, cap;
};

static struct stats_row *add(struct collect *c)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		struct stats_row *more = arena_calloc(c->a, cap, sizeof *more);
		if (c->n)
			memcpy(more, c->rows, c->n * sizeof *more);
		c->rows = more;
		c->cap = cap;
	}
	return &c->rows[c->n++];
}

static sqlite3_stmt *range_stmt(struct db *db, const char *sql, int fy)
{
	char from[32], to[32];
	snprintf(from, sizeof from, "%04d-04-01", fy);
	snprintf(to, sizeof to, "%04d-03-31", fy + 1);
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st != NULL) {
		db_bind_text(st, 1, from);
		db_bind_text(st, 2, to);
	}
	return st;
}

/* Queries whose six columns are the row as is. */
static int plain(struct db *db, struct collect *c, const char *sql, int fy)
{
	sqlite3_stmt *st = range_stmt(db, sql, fy);
	if (st == NULL)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct stats_row *r = add(c);
		r->section = arena_strdup(c->a, db_col_text(st, 0));
		r->kind = arena_strdup(c->a, db_col_text(st, 1));
		r->agency = arena_strdup(c->a, db_col_text(st, 2));
		r->channel = arena_strdup(c->a, db_col_text(st, 3));
		r->outcome = arena_strdup(c->a, db_col_text(st, 4));
		r->value = arena_strdup(c->a, db_col_text(st, 5));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int days(struct db *db, struct collect *c, int fy)
{
	sqlite3_stmt *st = range_stmt(db, sql_days, fy);
	if (st == NULL)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct stats_row *avg = add(c), *max = add(c);
		*avg = (struct stats_row){ "days_avg", arena_strdup(c->a, db_col_text(st, 0)),
		                           "", "", "", arena_strdup(c->a, db_col_text(st, 1)) };
		*max = (struct stats_row){ "days_max", avg->kind, "", "", "",
		                           arena_strdup(c->a, db_col_text(st, 2)) };
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int rate(struct db *db, struct collect *c, int fy)
{
	sqlite3_stmt *st = range_stmt(db, sql_rate, fy);
	if (st == NULL)
		return -1;
	long long yes = 0, all = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long y = sqlite3_column_int64(st, 1), n = sqlite3_column_int64(st, 2);
		yes += y;
		all += n;
		*add(c) = (struct stats_row){ "disclosure_rate", "disclosure",
		                              arena_strdup(c->a, db_col_text(st, 0)), "", "",
		                              arena_printf(c->a, "%.1f", 100.0 * (double)y / (double)n) };
	}
	sqlite3_reset(st);
	if (all > 0)
		*add(c) = (struct stats_row){ "disclosure_rate", "disclosure", "", "", "",
		                              arena_printf(c->a, "%.1f", 100.0 * (double)yes / (double)all) };
	return rc == SQLITE_DONE ? 0 : -1;
}

int stats_collect(struct db *db, struct arena *a, int fiscal_year,
                  struct stats_row **rows, size_t *n)
{
	struct collect c = { a, NULL, 0, 0 };
	if (fiscal_year < 1900 || fiscal_year > 9998)
		return -1;
	if (plain(db, &c, sql_requests, fiscal_year) ||
	    plain(db, &c, sql_extensions, fiscal_year) ||
	    plain(db, &c, sql_special, fiscal_year) || days(db, &c, fiscal_year) ||
	    plain(db, &c, sql_appeals, fiscal_year) || rate(db, &c, fiscal_year))
		return -1;
	*rows = c.rows;
	*n = c.n;
	return 0;
}

void stats_csv(const struct stats_row *rows, size_t n, int fiscal_year,
               struct buf *out)
{
	buf_puts(out, STATS_CSV_HEADER);
	/* Every value is an id from our own tables or a number: no quoting. */
	for (size_t i = 0; i < n; i++)
		buf_printf(out, "%d,%s,%s,%s,%s,%s,%s\n", fiscal_year, rows[i].section,
		           rows[i].kind, rows[i].agency, rows[i].channel,
		           rows[i].outcome, rows[i].value);
}

#include "stats.h"

#include <stdio.h>
#include <stdlib.h>
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

static struct db_stmt *bound(struct db *db, const char *sql, const char *from,
                           const char *to)
{
	struct db_stmt *st = db_stmt(db, sql);
	if (st != NULL) {
		db_bind_text(st, 1, from);
		db_bind_text(st, 2, to);
	}
	return st;
}

static int read_rows(struct db_stmt *st, struct arena *a, struct stats_row **rows,
                     size_t *n, int with_keys)
{
	size_t cap = 16;
	*rows = arena_calloc(a, cap, sizeof **rows);
	*n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		struct stats_row *r = &(*rows)[(*n)++];
		int c = 0;
		if (with_keys) {
			r->kind = arena_strdup(a, db_col_text(st, c++));
			r->agency = arena_strdup(a, db_col_text(st, c++));
			r->channel = arena_strdup(a, db_col_text(st, c++));
		}
		r->outcome = arena_strdup(a, db_col_text(st, c++));
		r->count = db_col_int64(st, c);
	}
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}

static int single(struct db *db, const char *sql, const char *from,
                  const char *to, struct stats *s)
{
	struct db_stmt *st = bound(db, sql, from, to);
	if (st == NULL || db_step(st) != DB_ROW)
		return -1;
	if (sql == sql_extensions) {
		s->extensions = db_col_int64(st, 0);
	} else {
		s->decided = db_col_int64(st, 0);
		s->average_days = db_col_double(st, 1);
		s->longest_days = (long)db_col_double(st, 2);
	}
	db_reset(st);
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

static int collect_measures(struct db *db, struct arena *a, const char *from,
                            const char *to, struct stats *out);

int stats_collect(struct db *db, struct arena *a, int fy, struct stats *out)
{
	char from[16], to[16];
	memset(out, 0, sizeof *out);
	if (fy < 1900 || fy > 9998)
		return -1;
	out->fy = fy;
	snprintf(from, sizeof from, "%04d-04-01", fy);
	snprintf(to, sizeof to, "%04d-03-31", fy + 1);
	struct db_stmt *st = bound(db, sql_rows, from, to);
	if (st == NULL || read_rows(st, a, &out->rows, &out->nrows, 1) != 0)
		return -1;
	st = bound(db, sql_appeals, from, to);
	if (st == NULL || read_rows(st, a, &out->appeals, &out->nappeals, 0) != 0)
		return -1;
	if (single(db, sql_extensions, from, to, out) != 0 ||
	    single(db, sql_days, from, to, out) != 0)
		return -1;
	totals(out);
	return collect_measures(db, a, from, to, out);
}

double stats_disclosure_rate(const struct stats *s)
{
	if (s->disclosure_decided == 0)
		return -1;
	return 100.0 * (double)s->disclosed / (double)s->disclosure_decided;
}

void stats_csv(const struct stats *s, struct buf *out)
{
	buf_puts(out, "fy,agency,kind,measure,count\n");
	for (size_t i = 0; i < s->nmeasures; i++) {
		const struct stats_measure *m = &s->measures[i];
		buf_printf(out, "%d,%s,%s,%s,%ld\n", s->fy, m->agency, m->kind,
		           m->measure, m->count);
	}
	buf_printf(out, "%d,all,all,average_days_to_decision,%.1f\n", s->fy,
	           s->average_days);
	buf_printf(out, "%d,all,all,longest_days_to_decision,%ld\n", s->fy,
	           s->longest_days);
	double rate = stats_disclosure_rate(s);
	if (rate >= 0)
		buf_printf(out, "%d,all,all,disclosure_rate_percent,%.1f\n", s->fy, rate);
	else
		buf_printf(out, "%d,all,all,disclosure_rate_percent,\n", s->fy);
}

/* ---- the published figures (docs/data.md, "Statistics") ---- */

/* When each request was withdrawn: the day the step was given. */
#define STATS_CTE                                                          \
	"WITH w AS (SELECT request_id, "                                   \
	"  MIN(COALESCE(json_extract(data, '$.on'), substr(at, 1, 10))) AS on_day " \
	"  FROM event WHERE kind = 'withdrawn' GROUP BY request_id), "     \
	"r AS (SELECT q.id, q.agency_id AS agency, q.kind, q.channel, q.received_on, " \
	"  q.decided_on, q.decision, q.special_part_by, w.on_day AS withdrawn_on, " \
	"  q.rest_decision, q.rest_decided_on, " \
	"  COALESCE(json_extract(q.data, '$.agent.type'), 'none') AS agent " \
	"  FROM request q LEFT JOIN w ON w.request_id = q.id) "

/* ?1 and ?2: the first and the last day of the fiscal year. Requests are
 * counted by the day they were received, decided or withdrawn, so that
 * carried_in + received = decisions + withdrawn + carried_out. */
static const char sql_measures[] =
    STATS_CTE
    "SELECT agency, kind, 'received', COUNT(*) FROM r "
    "  WHERE received_on BETWEEN ?1 AND ?2 GROUP BY 1, 2 "
    "UNION ALL SELECT agency, kind, 'channel_' || channel, COUNT(*) FROM r "
    "  WHERE received_on BETWEEN ?1 AND ?2 GROUP BY 1, 2, 3 "
    "UNION ALL SELECT agency, kind, 'requester_' || "
    "  CASE agent WHEN 'legal' THEN 'legal' WHEN 'voluntary' THEN 'voluntary' "
    "  ELSE 'self' END, COUNT(*) FROM r "
    "  WHERE received_on BETWEEN ?1 AND ?2 GROUP BY 1, 2, 3 "
    "UNION ALL SELECT agency, kind, 'carried_in', COUNT(*) FROM r "
    "  WHERE received_on < ?1 AND (decided_on IS NULL OR decided_on >= ?1) "
    "  AND (withdrawn_on IS NULL OR withdrawn_on >= ?1) GROUP BY 1, 2 "
    "UNION ALL SELECT agency, kind, 'carried_out', COUNT(*) FROM r "
    "  WHERE received_on <= ?2 AND (decided_on IS NULL OR decided_on > ?2) "
    "  AND (withdrawn_on IS NULL OR withdrawn_on > ?2) GROUP BY 1, 2 "
    "UNION ALL SELECT agency, kind, 'withdrawn', COUNT(*) FROM r "
    "  WHERE withdrawn_on BETWEEN ?1 AND ?2 GROUP BY 1, 2 "
    "UNION ALL SELECT agency, kind, 'decision:' || decision, COUNT(*) FROM r "
    "  WHERE decided_on BETWEEN ?1 AND ?2 AND decision IS NOT NULL GROUP BY 1, 2, 3 "
    "UNION ALL SELECT agency, kind, 'extended', COUNT(*) FROM r "
    "  WHERE received_on BETWEEN ?1 AND ?2 AND EXISTS (SELECT 1 FROM event e "
    "  WHERE e.request_id = r.id AND e.kind = 'extended') GROUP BY 1, 2 "
    "UNION ALL SELECT agency, kind, 'special_case', COUNT(*) FROM r "
    "  WHERE received_on BETWEEN ?1 AND ?2 AND special_part_by IS NOT NULL GROUP BY 1, 2 "
    /* 法84: the decision on the rest, by the day it was made; the request
     * itself counts once, by its first decision (docs/data.md) */
    "UNION ALL SELECT agency, kind, 'rest:' || rest_decision, COUNT(*) FROM r "
    "  WHERE rest_decided_on BETWEEN ?1 AND ?2 AND rest_decision IS NOT NULL "
    "  GROUP BY 1, 2, 3 "
    "UNION ALL SELECT r.agency, r.kind, 'ground_' || d.ground, "
    "  COUNT(DISTINCT r.id || '/' || d.rest) "
    "  FROM r JOIN decision_reason d ON d.request_id = r.id "
    "  WHERE (d.rest = 0 AND r.decided_on BETWEEN ?1 AND ?2) "
    "  OR (d.rest = 1 AND r.rest_decided_on BETWEEN ?1 AND ?2) GROUP BY 1, 2, 3 "
    "UNION ALL SELECT r.agency, r.kind, 'appeal_received', COUNT(*) FROM appeal a "
    "  JOIN r ON r.id = a.request_id WHERE a.received_on BETWEEN ?1 AND ?2 GROUP BY 1, 2 "
    "UNION ALL SELECT r.agency, r.kind, 'appeal_carried_in', COUNT(*) FROM appeal a "
    "  JOIN r ON r.id = a.request_id WHERE a.received_on < ?1 "
    "  AND (a.ruled_on IS NULL OR a.ruled_on >= ?1) GROUP BY 1, 2 "
    "UNION ALL SELECT r.agency, r.kind, 'appeal_consulted', COUNT(*) FROM appeal a "
    "  JOIN r ON r.id = a.request_id WHERE a.consulted_on BETWEEN ?1 AND ?2 GROUP BY 1, 2 "
    "UNION ALL SELECT r.agency, r.kind, 'appeal_answered', COUNT(*) FROM appeal a "
    "  JOIN r ON r.id = a.request_id WHERE a.answered_on BETWEEN ?1 AND ?2 GROUP BY 1, 2 "
    "UNION ALL SELECT r.agency, r.kind, 'appeal_' || a.outcome, COUNT(*) FROM appeal a "
    "  JOIN r ON r.id = a.request_id WHERE a.ruled_on BETWEEN ?1 AND ?2 "
    "  AND a.outcome IS NOT NULL GROUP BY 1, 2, 3 "
    "UNION ALL SELECT r.agency, r.kind, 'appeal_carried_out', COUNT(*) FROM appeal a "
    "  JOIN r ON r.id = a.request_id WHERE a.received_on <= ?2 "
    "  AND (a.ruled_on IS NULL OR a.ruled_on > ?2) GROUP BY 1, 2 "
    "ORDER BY 1, 2, 3";

const char *stats_decision_measure(const char *kind, const char *d)
{
	static const struct {
		const char *kind, *decision, *measure;
	} labels[] = {
		{ "deletion", "stop", "delete" },
		{ "deletion", "not_stop", "not_delete" },
		{ "deletion", "partly_stop", "partly_delete" },
		{ "cessation", "stop", "cease" },
		{ "cessation", "not_stop", "not_cease" },
		{ "cessation", "partly_stop", "partly_cease" },
	};
	static const char *const same[] = {
		"full", "partial", "none", "refuse_existence", "not_exist", "dismissed",
		"correct", "partly_correct", "not_correct", "stop", "partly_stop",
		"not_stop",
	};
	if (kind == NULL || d == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (!strcmp(kind, labels[i].kind) && !strcmp(d, labels[i].decision))
			return labels[i].measure;
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
		if (!strcmp(d, same[i]))
			return same[i];
	return NULL;
}

static int measure_cmp(const void *x, const void *y)
{
	const struct stats_measure *a = x, *b = y;
	int c = strcmp(a->agency, b->agency);
	if (c == 0)
		c = strcmp(a->kind, b->kind);
	return c ? c : strcmp(a->measure, b->measure);
}

static int collect_measures(struct db *db, struct arena *a, const char *from,
                           const char *to, struct stats *out)
{
	struct db_stmt *st = bound(db, sql_measures, from, to);
	size_t cap = 32;
	int rc;
	if (st == NULL)
		return -1;
	out->measures = arena_calloc(a, cap, sizeof *out->measures);
	out->nmeasures = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *kind = db_col_text(st, 1), *m = db_col_text(st, 2);
		if (strncmp(m, "decision:", 9) == 0) {
			m = stats_decision_measure(kind, m + 9);
			if (m == NULL)
				continue;
		} else if (strncmp(m, "rest:", 5) == 0) {
			/* 法84: special_rest_full, special_rest_partial, … */
			const char *d = stats_decision_measure(kind, m + 5);
			if (d == NULL)
				continue;
			m = arena_printf(a, "special_rest_%s", d);
		}
		out->measures = arena_grow(a, out->measures, out->nmeasures, &cap,
		                           sizeof *out->measures);
		struct stats_measure *x = &out->measures[out->nmeasures++];
		x->agency = arena_strdup(a, db_col_text(st, 0));
		x->kind = arena_strdup(a, kind);
		x->measure = arena_strdup(a, m);
		x->count = db_col_int64(st, 3);
	}
	db_reset(st);
	if (rc != DB_DONE)
		return -1;
	/* the labels moved some rows out of the SQL's order */
	qsort(out->measures, out->nmeasures, sizeof *out->measures, measure_cmp);
	return 0;
}

long stats_count(const struct stats *s, const char *agency, const char *kind,
                 const char *measure)
{
	long n = 0;
	for (size_t i = 0; i < s->nmeasures; i++) {
		const struct stats_measure *m = &s->measures[i];
		if ((agency == NULL || !strcmp(agency, m->agency)) &&
		    (kind == NULL || !strcmp(kind, m->kind)) &&
		    !strcmp(measure, m->measure))
			n += m->count;
	}
	return n;
}

const char *const stats_summary_columns[] = {
	"carried_in", "received", "full", "partial", "none", "refuse_existence",
	"not_exist", "correct", "partly_correct", "not_correct", "stop",
	"partly_stop", "not_stop", "delete", "partly_delete", "not_delete",
	"cease", "partly_cease", "not_cease", "dismissed", "withdrawn",
	"carried_out", "extended", "special_case", "appeal_received", NULL,
};

void stats_summary_csv(const struct stats *s, struct buf *out)
{
	static const char *const kinds[] = { "disclosure", "correction", "suspension",
	                                     "deletion", "cessation" };
	buf_puts(out, "fy,kind");
	for (size_t c = 0; stats_summary_columns[c]; c++)
		buf_printf(out, ",%s", stats_summary_columns[c]);
	buf_putc(out, '\n');
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		if (stats_count(s, NULL, kinds[k], "received") == 0 &&
		    stats_count(s, NULL, kinds[k], "carried_in") == 0)
			continue;
		buf_printf(out, "%d,%s", s->fy, kinds[k]);
		for (size_t c = 0; stats_summary_columns[c]; c++)
			buf_printf(out, ",%ld", stats_count(s, NULL, kinds[k],
			                                   stats_summary_columns[c]));
		buf_putc(out, '\n');
	}
}

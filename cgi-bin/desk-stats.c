/* 運用状況: the fiscal year's statistics (lib/stats.h) as a page and as
 * the CSV kaijictl stats prints. */
#include <string.h>

#include "desk-pages.h"
#include "resp.h"
#include "stats.h"
#include "view.h"

/* ?fy=YYYY, or the fiscal year (April–March) of today. */
static int fiscal_year(struct req *req)
{
	if (req_field(req, F_FY))
		return (int)req->fields[F_FY].num;
	int y, m, d;
	cal_to_ymd(cal_today(), &y, &m, &d);
	return m >= 4 ? y : y - 1;
}

static int collect(struct req *req, struct stats *s)
{
	enum field_state fs = req_field_state(req, F_FY);
	if (fs == FIELD_INVALID || fs == FIELD_TOO_LONG)
		return 400;
	return stats_collect(req->app->db, req->arena, fiscal_year(req), s) == 0 ? 0 : 500;
}

/* Stats.Kinds: the kinds of the year; Stats.Table.N: one row per
 * summary column with a count per kind (the table by kind, as a city
 * prints it); Stats.Measures.N: every figure by agency, grouped as
 * requests, grounds and appeals. */
static void measures_to_view(struct req *req, const struct stats *s)
{
	static const char *const kinds[] = { "disclosure", "correction", "suspension",
	                                     "deletion", "cessation" };
	struct arena *a = req->arena;
	int nk = 0;
	const char *shown[5];
	for (size_t k = 0; k < 5; k++)
		if (stats_count(s, NULL, kinds[k], "received") ||
		    stats_count(s, NULL, kinds[k], "carried_in"))
			shown[nk++] = kinds[k];
	for (int k = 0; k < nk; k++)
		view_set(req, arena_printf(a, "Stats.Kinds.%d", k), shown[k]);
	for (size_t c = 0; stats_summary_columns[c]; c++) {
		const char *col = stats_summary_columns[c];
		long any = 0;
		for (int k = 0; k < nk; k++) {
			long n = stats_count(s, NULL, shown[k], col);
			any += n;
			view_set_int(req, arena_printf(a, "Stats.Table.%zu.N.%d", c, k), n);
		}
		view_set(req, arena_printf(a, "Stats.Table.%zu.Measure", c), col);
		view_set(req, arena_printf(a, "Stats.Table.%zu.Any", c), any ? "1" : "0");
	}
	for (size_t i = 0; i < s->nmeasures; i++) {
		const struct stats_measure *m = &s->measures[i];
		const char *pre = arena_printf(a, "Stats.Measures.%zu.", i);
		const char *group = !strncmp(m->measure, "ground_", 7) ? "grounds"
		                  : !strncmp(m->measure, "appeal_", 7) ? "appeals"
		                                                       : "requests";
		view_set(req, arena_printf(a, "%sGroup", pre), group);
		view_set(req, arena_printf(a, "%sAgency", pre), m->agency);
		view_set(req, arena_printf(a, "%sKind", pre), m->kind);
		view_set(req, arena_printf(a, "%sMeasure", pre), m->measure);
		view_set_int(req, arena_printf(a, "%sCount", pre), m->count);
	}
}

int desk_page_stats(struct req *req)
{
	const struct desk_staff *me;
	struct stats s;
	DESK_REQUIRE(req, DESK_VIEWER, &me);
	int rc = collect(req, &s);
	if (rc)
		return rc;
	view_set_int(req, "Stats.Year", s.fy);
	view_set_int(req, "Stats.Requests", s.requests);
	view_set_int(req, "Stats.Extensions", s.extensions);
	view_set_int(req, "Stats.Decided", s.decided);
	view_setf(req, "Stats.DaysAvg", "%.1f", s.average_days);
	view_set_int(req, "Stats.DaysMax", s.longest_days);
	double rate = stats_disclosure_rate(&s);
	if (rate >= 0)
		view_setf(req, "Stats.Rate", "%.1f", rate);
	measures_to_view(req, &s);
	return view_render(req, "desk-stats");
}

int desk_page_stats_csv(struct req *req)
{
	const struct desk_staff *me;
	struct stats s;
	DESK_REQUIRE(req, DESK_VIEWER, &me);
	int rc = collect(req, &s);
	if (rc)
		return rc;
	const char *table = req_field(req, F_TABLE);
	if (table != NULL && strcmp(table, "summary") == 0)
		stats_summary_csv(&s, &req->body);
	else
		stats_csv(&s, &req->body);
	resp_header_replace(req, "Content-Type", "text/csv; charset=utf-8");
	resp_header(req, "Content-Disposition",
	            arena_printf(req->arena, "attachment; filename=\"kaiji-stats-%d.csv\"", s.fy));
	return 0;
}

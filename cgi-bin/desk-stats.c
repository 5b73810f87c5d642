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

static void rows_to_view(struct req *req, const char *prefix,
                         const struct stats_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *pre = arena_printf(req->arena, "%s.%zu.", prefix, i);
		view_set(req, arena_printf(req->arena, "%sKind", pre), rows[i].kind);
		view_set(req, arena_printf(req->arena, "%sAgency", pre), rows[i].agency);
		view_set(req, arena_printf(req->arena, "%sChannel", pre), rows[i].channel);
		view_set(req, arena_printf(req->arena, "%sOutcome", pre), rows[i].outcome);
		view_set_int(req, arena_printf(req->arena, "%sCount", pre), rows[i].count);
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
	rows_to_view(req, "Stats.Rows", s.rows, s.nrows);
	rows_to_view(req, "Stats.Appeals", s.appeals, s.nappeals);
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
	stats_csv(&s, &req->body);
	resp_header_replace(req, "Content-Type", "text/csv; charset=utf-8");
	resp_header(req, "Content-Disposition",
	            arena_printf(req->arena, "attachment; filename=\"kaiji-stats-%d.csv\"", s.fy));
	return 0;
}

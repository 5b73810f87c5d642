/* 運用状況: the fiscal year's statistics as a page and as CSV (the same
 * rows kaijictl stats prints). */
#include <string.h>

#include "desk-pages.h"
#include "resp.h"
#include "stats.h"
#include "view.h"

static int fiscal_year(struct req *req)
{
	if (req_field(req, F_FY))
		return (int)req->fields[F_FY].num;
	int y, m, d;
	cal_to_ymd(cal_today(), &y, &m, &d);
	return stats_fiscal_year(y, m);
}

static int collect(struct req *req, int *fy, struct stats_row **rows, size_t *n)
{
	if (req_field_state(req, F_FY) == FIELD_INVALID ||
	    req_field_state(req, F_FY) == FIELD_TOO_LONG)
		return 400;
	*fy = fiscal_year(req);
	return stats_collect(req->app->db, req->arena, *fy, rows, n) == 0 ? 0 : 500;
}

int desk_page_stats(struct req *req)
{
	const struct desk_staff *me;
	struct stats_row *rows;
	size_t n;
	int fy;
	DESK_REQUIRE(req, DESK_VIEWER, &me);
	int rc = collect(req, &fy, &rows, &n);
	if (rc)
		return rc;
	view_set_int(req, "Stats.Year", fy);
	view_set_int(req, "Stats.Count", (long)n);
	for (size_t i = 0; i < n; i++) {
		const char *pre = arena_printf(req->arena, "Stats.%s.%zu.", rows[i].section, i);
		view_set(req, arena_printf(req->arena, "%sKind", pre), rows[i].kind);
		view_set(req, arena_printf(req->arena, "%sAgency", pre), rows[i].agency);
		view_set(req, arena_printf(req->arena, "%sChannel", pre), rows[i].channel);
		view_set(req, arena_printf(req->arena, "%sOutcome", pre), rows[i].outcome);
		view_set(req, arena_printf(req->arena, "%sValue", pre), rows[i].value);
	}
	return view_render(req, "desk-stats");
}

int desk_page_stats_csv(struct req *req)
{
	const struct desk_staff *me;
	struct stats_row *rows;
	size_t n;
	int fy;
	DESK_REQUIRE(req, DESK_VIEWER, &me);
	int rc = collect(req, &fy, &rows, &n);
	if (rc)
		return rc;
	stats_csv(rows, n, fy, &req->body);
	resp_header_replace(req, "Content-Type", "text/csv; charset=utf-8");
	resp_header(req, "Content-Disposition",
	            arena_printf(req->arena, "attachment; filename=\"kaiji-stats-%d.csv\"", fy));
	return 0;
}

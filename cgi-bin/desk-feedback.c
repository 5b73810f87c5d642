/* /kaiji/desk/feedback and /kaiji/desk/feedback.csv: see desk-feedback.h. */
#include "desk-feedback.h"

#include <string.h>

#include "feedback.h"
#include "resp.h"
#include "view.h"

#define DESK_FB_PAGES 100    /* pages shown; the CSV has them all */
#define DESK_FB_COMMENTS 200 /* newest comments shown */
#define DESK_FB_BAR 300      /* the longest bar, in SVG user units */

/* from and to are read raw and accepted only when cal_parse takes them
 * whole (exactly YYYY-MM-DD, a real date), so nothing else reaches a
 * query or the page. */
static int desk_fb_range(struct req *req, struct fb_range *r)
{
	const char *from = req_param_raw(req, "from");
	const char *to = req_param_raw(req, "to");
	if (fb_range_parse(r, from, to) != 0) {
		memset(r, 0, sizeof *r);
		return -1;
	}
	return 0;
}

static void desk_fb_comments(struct req *req, const struct fb_comment *c,
                             size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *p = arena_printf(req->arena, "Comments.%zu", i);
		view_set(req, arena_printf(req->arena, "%s.At", p), c[i].at);
		view_set(req, arena_printf(req->arena, "%s.Page", p), c[i].page);
		view_set(req, arena_printf(req->arena, "%s.U", p),
		         fb_answer_name(c[i].understandable));
		view_set(req, arena_printf(req->arena, "%s.F", p),
		         fb_answer_name(c[i].findable));
		view_set(req, arena_printf(req->arena, "%s.Text", p), c[i].comment);
	}
}

int desk_feedback_results(struct req *req)
{
	struct fb_range r;
	struct fb_counts *counts;
	struct fb_comment *comments;
	size_t n, ncomments;
	if (desk_fb_range(req, &r) != 0) {
		req->status = 400;
		view_set(req, "Desk.Feedback.BadRange", "1");
		view_set(req, "Desk.Feedback.From", req_param_raw(req, "from"));
		view_set(req, "Desk.Feedback.To", req_param_raw(req, "to"));
		return view_render(req, "desk-feedback");
	}
	if (fb_results(req->app->db, req->arena, &r, DESK_FB_PAGES, &counts,
	               &n) != 0 ||
	    fb_comments(req->app->db, req->arena, &r, NULL, DESK_FB_COMMENTS,
	                &comments, &ncomments) != 0)
		return 500;
	fb_results_hdf(req->hdf, "Results", counts, n, DESK_FB_BAR);
	desk_fb_comments(req, comments, ncomments);
	view_set(req, "Desk.Feedback.From", r.from);
	view_set(req, "Desk.Feedback.To", r.to);
	view_setf(req, "Desk.Feedback.Query", "from=%s&to=%s", r.from, r.to);
	return view_render(req, "desk-feedback");
}

static void desk_fb_write(void *ctx, const char *s, size_t len)
{
	buf_append(ctx, s, len);
}

int desk_feedback_csv(struct req *req)
{
	struct fb_range r;
	if (desk_fb_range(req, &r) != 0)
		return 400;
	const char *what = req_param_raw(req, "what");
	bool summary = what && strcmp(what, "summary") == 0;
	/* A byte order mark, so that Excel opens UTF-8 as UTF-8. */
	buf_puts(&req->body, "\xEF\xBB\xBF");
	int rc = summary ? fb_csv_summary(req->app->db, req->arena, &r,
	                                  desk_fb_write, &req->body)
	                 : fb_csv_answers(req->app->db, req->arena, &r,
	                                  desk_fb_write, &req->body);
	if (rc != 0)
		return 500;
	resp_header_replace(req, "Content-Type", "text/csv; charset=utf-8");
	resp_header(req, "Content-Disposition",
	            summary ? "attachment; filename=\"feedback-summary.csv\""
	                    : "attachment; filename=\"feedback-answers.csv\"");
	return 0;
}

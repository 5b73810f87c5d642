/* The desk's questionnaire results: GET /desk/feedback (per-page counts
 * and percentages, an SVG bar chart per page, the comments, a date range)
 * and GET /desk/feedback.csv (what=answers, the default, or
 * what=summary). Both assume the desk's routing has already checked that
 * a staff member is signed in. Query: from, to (YYYY-MM-DD, optional). */
#ifndef KAIJI_DESK_FEEDBACK_H
#define KAIJI_DESK_FEEDBACK_H

#include "req.h"

int desk_feedback_results(struct req *req);
int desk_feedback_csv(struct req *req);

#endif

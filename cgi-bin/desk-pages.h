/* The desk program's pages share one field table and a few helpers; each
 * page is its own file: desk-inbox.c, desk-case.c, desk-action.c,
 * desk-notice.c, desk-stats.c. */
#ifndef KAIJI_DESK_PAGES_H
#define KAIJI_DESK_PAGES_H

#include "case.h"
#include "desk.h"
#include "profile.h"
#include "req.h"
#include "staff.h"

#define DESK_REASONS 5 /* withheld parts with their grounds on one form */
#define DESK_SLOTS 4   /* counter slots offered */
#define DESK_MEDIA 3   /* media lines of a fee */

enum desk_field {
	F_LOGIN, F_PASSWORD,
	F_STATE, F_KIND, F_AGENCY, F_Q, F_ALL,
	F_WHAT, F_FROM_ON, F_ANSWER_BY, F_ON, F_NEW_DUE, F_REASON, F_REST_BY,
	F_NAME, F_SENT_ON, F_ANSWER_DUE_ON, F_TP, F_OBJECTS,
	F_DECISION, F_DECIDED_ON, F_METHOD, F_PLACE, F_PURPOSE,
	F_PART1, F_PART_LAST = F_PART1 + DESK_REASONS - 1,
	F_GROUND1, F_GROUND_LAST = F_GROUND1 + DESK_REASONS - 1,
	F_EXPL1, F_EXPL_LAST = F_EXPL1 + DESK_REASONS - 1,
	F_SLOT1, F_SLOT_LAST = F_SLOT1 + DESK_SLOTS - 1,
	F_MONO, F_COLOUR, F_POSTAGE,
	F_MEDIA_ITEM1, F_MEDIA_ITEM_LAST = F_MEDIA_ITEM1 + DESK_MEDIA - 1,
	F_MEDIA_UNITS1, F_MEDIA_UNITS_LAST = F_MEDIA_UNITS1 + DESK_MEDIA - 1,
	F_MEDIA_YEN1, F_MEDIA_YEN_LAST = F_MEDIA_YEN1 + DESK_MEDIA - 1,
	F_HOW, F_SENT_AT, F_ARRIVED_ON, F_SLOT_ID,
	F_VIA, F_AMOUNT, F_DELIVERY, F_APPEAL, F_OUTCOME, F_DOC, F_NOTE, F_FY, F_TABLE,
	F_ORDER, F_NEXT, F_CONFIRM, F_SORT, F_PAGE, F_CODE, F_HOURS, F_CASE, F_ROLE, F_EMAIL,
	F__MAX
};

/* Pages. */
int desk_page_inbox(struct req *req);
int desk_page_inbox_csv(struct req *req);
int desk_page_case(struct req *req);
int desk_page_document(struct req *req);
int desk_post_action(struct req *req);
int desk_page_notice(struct req *req);
int desk_page_stats(struct req *req);
int desk_page_stats_csv(struct req *req);
int desk_post_refund(struct req *req);
/* Suspected floods and their bulk 却下 (cgi-bin/desk-floods.c). */
int desk_page_floods(struct req *req);
int desk_post_floods_dismiss(struct req *req);
/* Staff accounts, admins only (cgi-bin/desk-staff.c). */
int desk_page_staff(struct req *req);
int desk_post_staff_add(struct req *req);
int desk_post_staff_change(struct req *req);

/* Online payments (cgi-bin/desk-pay.c): the providers, opened before the
 * accept loop; the fee's payments as Payments.N.* for the case page. */
struct app;
int desk_pay_init(struct app *app, char *err, size_t errlen);
int desk_payments_to_view(struct req *req, long long request_id);
/* The case's e-mail notices as Mails.N.* (cgi-bin/desk-mail.c). */
int desk_mails_to_view(struct req *req, long long request_id);
/* After a fee change, waiver or counter payment has committed: close the
 * request's online payments the fee no longer matches, at the provider. */
void desk_pay_fee_changed(struct req *req, long long request_id);

/* The case named by route_arg[0] if this staff member may see it: 0 with
 * *row set, else the status for the handler (404, 403, 500). */
int desk_case_for(struct req *req, const struct desk_staff *me,
                  struct case_row *row);
/* Fill Case.* for the case page (and the notices). 0 or 500. */
int desk_case_view(struct req *req, const struct desk_staff *me,
                   const struct case_row *row);
/* A JSON object's text as PREFIX.KEY for the templates (dates also as
 * PREFIX.KEY.Wareki). */
void desk_json_to_view(struct req *req, const char *prefix, const char *text);
/* A date field as a day; 0 when absent, -1 when malformed. */
int desk_field_day(struct req *req, size_t f, cal_day *out);
/* "令和8年4月1日" (lang ja) or "2026-04-01" into the view at name. */
void desk_view_day(struct req *req, const char *name, cal_day day);
/* The case's events as Events.N.{Id,At,AtIso,Actor,Kind,Label,Visible,Summary}
 * in words (cgi-bin/desk-timeline.c). */
int desk_timeline_to_view(struct req *req, long long id);

#endif

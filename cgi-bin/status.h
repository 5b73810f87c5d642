/* The status program's pages share its field table and a few helpers. */
#ifndef KAIJI_STATUS_H
#define KAIJI_STATUS_H

#include "case.h"
#include "req.h"

enum status_field { F_REF, F_CODE, F_CHOICE, F_PART, F__MAX };

/* The request this browser looked up (lookup cookie), loaded into row:
 * 0, or an HTTP status; when the lookup has expired it renders the lookup
 * form with a notice and returns 0 with *row_out left NULL. */
int status_current(struct req *req, struct case_row *row,
                   const struct case_row **row_out);

/* "YYYY-MM-DDTHH:MM" (offer_slot.starts_at, local time) → date text and
 * "HH:MM" under prefix (prefix.Date, prefix.Time). -1 when malformed. */
int status_set_slot_time(struct req *req, const char *prefix, const char *starts_at);
/* Kind and agency names in the request's language under Case. */
void status_set_case(struct req *req, const struct case_row *row);

/* Whether the 開示の実施方法等の申出 (法87③) can be made online now: a
 * disclosure decided (in full or in part), no choice made yet, today
 * within the window; *until gets its last day. */
/* Whether the decision on request id offers copies by post. */
bool status_offer_mail(struct req *req, long long id);
/* Whether the decision offered copies by post and nothing at the counter:
 * the fee is then not paid at the counter, chosen or not. */
bool status_offer_mail_only(struct req *req, long long id);
bool status_offer_open(struct req *req, const struct case_row *row, cal_day *until);
/* 法84, 87③: the rest decided later discloses, is not chosen for nor
 * delivered yet, and its window runs (*until its last day); sets
 * Rest.Offer.Counter / .Mail for what its decision offered. */
bool status_rest_offer_open(struct req *req, const struct case_row *row,
                            cal_day *until);
/* The decision is carried out as the request asked: no 申出 (profiles,
 * case_requested_method_honoured). */
bool status_offer_not_needed(struct req *req, const struct case_row *row);

/* Pages (cgi-bin/status-PAGE.c, templates/status-PAGE.cs). */
int status_view(struct req *req);
int status_withdraw_form(struct req *req);
int status_withdraw(struct req *req);
int status_delivery_form(struct req *req);
int status_delivery(struct req *req);

#endif

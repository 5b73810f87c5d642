/* E-mail notices (issue 18): a transactional outbox. A mail row is
 * written in the same transaction as the event that causes it
 * (case_event calls mail_on_event), so a committed event always has its
 * mail and a rolled-back one never does; `kaijictl mail send` drains the
 * outbox through the city's relay (tools/cmd-mail.c).
 *
 * No personal data in any mail: a row keeps the address it goes to, a
 * template key and whitelisted params (a day, an amount, a delivery
 * method); the text names the city, the reference number, one sentence
 * of what happened and the status page's URL. Never the name, address,
 * content, reasons or the access code. */
#ifndef KAIJI_MAIL_H
#define KAIJI_MAIL_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "db.h"

/* RFC 5321 limits: a forward-path holds 256 octets with its brackets. */
#define MAIL_ADDR_MAX 254

/* An addr-spec we accept (RFC 5322 3.4.1): a dot-atom local part of at
 * most 64 bytes, '@', a domain of dot-separated LDH labels (1–63 bytes,
 * no hyphen at either end, at least two labels, the last not all digits),
 * at most MAIL_ADDR_MAX bytes in all. Quoted local parts, comments and
 * address literals are refused: a city's citizens do not need them, and
 * nothing outside printable ASCII (CR, LF, space, NUL) can pass. */
bool mail_addr_ok(const char *s);

/* A header's value for an unstructured field (Subject, a display name):
 * as is when it is printable ASCII without "=?", else RFC 2047
 * encoded-words (UTF-8, B), each at most 75 characters, split between
 * characters, folded with CRLF SP. CR and LF in value are dropped. NULL
 * when value is not UTF-8. */
char *mail_header_text(struct arena *a, const char *value);

/* The templates (templates/mail/, strings under L.Mail.KEY): "receipt",
 * "amend", "extended", "special", "decided", "fee_due", "paid",
 * "paid_review", "ready", "sent", "withdrawn", "appeal" for the citizen;
 * "new_request", "amended", "paid_review" for staff, and "digest", the
 * staff daily digest of an agency (lib/digest.h, no request). */
bool mail_template_known(const char *key);

/* The profile whose agencies' staff addresses decide the staff mails
 * (set by app_open, NULL by app_close): an agency without StaffMail gets
 * no staff row, and a staff row takes its StaffMailLang. Without one (a
 * unit test), staff rows are queued in Japanese as before. */
struct profile;
void mail_profile_set(const struct profile *p);

/* Called by case_event for every event written, inside its transaction:
 * queues the event's mails (none for most kinds). 0, or -1. */
int mail_on_event(struct db *db, long long request_id, long long event_id,
                  const char *kind, const char *data);

/* Queue one mail (recipient "citizen" or "staff") in the caller's
 * transaction; a citizen's mail only when the request has an address, a
 * staff mail only when the request's agency has one (mail_profile_set).
 * params: a JSON object of whitelisted keys, or NULL. 0, or -1. */
int mail_queue(struct db *db, long long request_id, long long event_id,
               const char *recipient, const char *tmpl, const char *params);

/* Staff set or correct the address the requester's mails go to (a paper
 * request, a typing error): the agent's when an agent acts, else the
 * requester's, in request.data; "" removes it. An event email_changed
 * (not shown to the citizen, without the address) records who did it.
 * 0, 1 when addr is not an address, -1 on a database error. */
int mail_set_address(struct db *db, long long request_id, const char *actor,
                     const char *addr);

/* Retry after a temporary failure: seconds to wait after `attempts`
 * tries (1 min, doubling, at most 6 h). */
long mail_backoff(int attempts);

#endif

/* The citizen's request form (開示・訂正・利用停止・削除・中止の請求): its
 * fields, their checks against the city profile, the request.data JSON
 * of docs/data.md, and the submission. The form's values travel as a
 * flat JSON object {field name: string}, the same in the draft, on
 * re-display and in the checks, so the checks need no HTTP request. */
#ifndef KAIJI_REQUEST_FORM_H
#define KAIJI_REQUEST_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "arena.h"
#include "calendar.h"
#include "case.h"
#include "db.h"
#include "draft.h"
#include "profile.h"
#include "req.h"

/* Upload slots on one form page; the profile's MaxFiles caps the total. */
#define RF_SLOTS 10

enum rf_field {
	RF_KIND, RF_FILE, RF_AGENCY, RF_DEPARTMENT, RF_SOUGHT,
	RF_FOLLOWS_REF, RF_DISCLOSED_ON, RF_WRONG, RF_SHOULD_BE,
	RF_GROUND, RF_STOP,
	RF_NAME, RF_FURIGANA, RF_POSTAL, RF_ADDRESS, RF_PHONE, RF_EMAIL,
	RF_AGENT, RF_AGENT_RELATION, RF_AGENT_NAME, RF_AGENT_FURIGANA,
	RF_AGENT_POSTAL, RF_AGENT_ADDRESS, RF_AGENT_PHONE, RF_AGENT_EMAIL,
	RF_AGENT_REASON,
	RF_RESIDENT_ISSUED_ON,
	RF_METHOD, RF_MEDIUM, RF_UNITS,
	RF_REMOVE, /* repeated: ids of kept files to drop */
	RF_BACK,   /* "1": back from the confirm step (counter-only cities) */
	RF_DOC1,
	RF_DOCKIND1 = RF_DOC1 + RF_SLOTS,
	RF__MAX = RF_DOCKIND1 + RF_SLOTS,
};

/* The program's field table (cgi-bin/request.c), indexed by rf_field. */
extern const struct field rform_fields[RF__MAX];
/* Text fields kept in the values object: RF_KIND .. RF_UNITS. */
#define RF_VALUES_END RF_REMOVE

struct rform_error {
	const char *field; /* a field name, or "documents" */
	const char *key;   /* L.Request.Err.KEY (and KEYAfter when arg set) */
	const char *arg;   /* a number or date to show, or NULL */
};

#define RF_MAX_ERRORS 48

struct rform_errors {
	size_t n;
	struct rform_error e[RF_MAX_ERRORS];
	int status; /* 413 when a file was over the profile's limits */
};

void rform_error(struct rform_errors *errs, const char *field,
                 const char *key, const char *arg);
bool rform_has_error(const struct rform_errors *errs, const char *field);

/* A document of the form: the profile's Doc id ("other" allowed). */
struct rform_doc {
	const char *kind;
};

struct rform_ctx {
	const struct profile *p;
	cal_day today;
	bool online; /* documents are uploaded and their rules enforced */
};

/* The values a POST sent (text fields, trimmed). */
json_t *rform_values_from_req(struct req *req);
/* "" when absent. */
const char *rform_get(json_t *values, const char *name);
void rform_set(json_t *values, const char *name, const char *value);

/* The field normalisers rform_check uses, each on one typed value (any
 * bytes): leading and trailing spaces (and 全角 spaces) cut; "〒９９０ー８５４０"
 * → "990-8540" or NULL; a phone number NFKC'd with every dash '-', or NULL
 * unless it has 10 to 15 digits; a real date 1900–2999 as people write it
 * (cal_parse_written: "2026/7/3", "令和8年7月3日", "R8.7.3", full-width)
 * (0) or -1. */
char *rform_trim(struct arena *a, const char *s);
char *rform_postal_norm(struct arena *a, const char *s);
char *rform_phone_norm(struct arena *a, const char *s);
int rform_date_norm(struct arena *a, const char *s, cal_day *out);
bool rform_email_ok(const char *s);
bool rform_furigana_ok(const char *s);

/* Check and normalise values (postal codes, phone numbers and dates to
 * their plain ASCII form); documents only when ctx->online. Adds to errs. */
void rform_check(const struct rform_ctx *ctx, struct arena *a, json_t *values,
                 const struct rform_doc *docs, size_t ndocs,
                 struct rform_errors *errs);
/* The enum of a values object's kind, false when not an enabled kind. */
bool rform_kind(const struct profile *p, json_t *values, enum req_kind *out);

/* Grounds a stop request may name (利用停止・削除・中止), NULL-terminated. */
const char *const *rform_grounds(enum req_kind kind);
/* Delivery methods the profile offers, NULL-terminated, in a static
 * array of at most 4. */
size_t rform_methods(const struct profile *p, const char *out[4]);
/* Copy fee estimate in yen for the values' medium and units; -1 when it
 * cannot be estimated (at cost, no medium, viewing only). */
long rform_estimate(const struct profile *p, json_t *values);
/* The profile's identity document with this id, or NULL. */
const struct id_doc *rform_doc_rule(const struct profile *p, const char *id);

/* request.data (docs/data.md) for checked values; malloc'd JSON text. */
char *rform_request_data(const struct profile *p, json_t *values,
                         const char *lang);

/* File the draft as a request in one transaction: the request, its first
 * event, its documents (already in the vault), the draft marked done.
 * 0 filed (out set), 1 the draft was filed before (*out->id set), 2 the
 * draft is gone or expired, -1 error (nothing written). */
int rform_submit(struct db *db, const struct profile *p, struct arena *a,
                 const struct draft *d, json_t *values, const char *lang,
                 struct case_created *out);

/* The day a request arriving today is received (City.Deadline.
 * ClosedDayReceipt). */
cal_day rform_received_on(const struct profile *p, cal_day today);

#endif

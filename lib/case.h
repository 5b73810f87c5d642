/* Requests (案件) and their life: reference numbers, access codes, states,
 * events, due dates. Every change of state is an event row; the citizen's
 * status page shows the visible ones. Functions that write expect the
 * caller's transaction (db_begin ... db_commit) unless they say otherwise. */
#ifndef KAIJI_CASE_H
#define KAIJI_CASE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "calendar.h"
#include "db.h"
#include "profile.h"

enum case_state {
	CASE_RECEIVED,    /* 受付 */
	CASE_REVIEWING,   /* 審査中 */
	CASE_AMENDING,    /* 補正中: waiting for the requester, the clock stops */
	CASE_CONSULTING,  /* 第三者意見照会中 */
	CASE_DECIDED,     /* 決定 (fees, delivery and appeal follow) */
	CASE_DELIVERED,   /* 開示実施 / 訂正実施 / 利用停止実施 */
	CASE_CLOSED,      /* 終了 */
	CASE_WITHDRAWN,   /* 取下げ */
	CASE_DISMISSED,   /* 却下 */
	CASE__MAX
};

/* Access codes: 12 characters in groups of 4 ("ABCD-EFGH-JKMN") from 32
 * symbols without look-alikes (no 0 O 1 I): 60 bits. */
#define CASE_CODE_CHARS 12
#define CASE_CODE_LEN 14 /* with the two hyphens */

struct case_row {
	long long id;
	const char *ref;
	int year, seq;
	enum req_kind kind;
	enum case_state state;
	const char *agency_id;
	const char *channel;
	const char *code_hash;
	cal_day received_on, due_on;
	const char *requester_name;
	const char *data; /* JSON */
	const char *decision, *decided_on; /* "" until decided */
	const char *created_at, *updated_at;
};

struct case_new {
	enum req_kind kind;
	const char *agency_id;
	const char *channel; /* online | mail | counter */
	const char *requester_name;
	const char *data; /* JSON with the form's details */
	cal_day received_on;
	/* Who filed it, for the first event: "citizen" for the online form,
	 * "staff:ID" (or "staff") for a paper request keyed in at the desk. */
	const char *actor;
};

struct case_created {
	long long id;
	const char *ref;  /* YYYY-NNNNNN */
	const char *code; /* shown once, stored only as a keyed hash */
	cal_day due_on;
};

const char *case_state_name(enum case_state s);
int case_state_parse(const char *s, enum case_state *out);
/* Whether the state machine of DESIGN.md allows from → to. */
bool case_transition_allowed(enum case_state from, enum case_state to);
/* Decided, withdrawn, dismissed, delivered or closed: no longer pending. */
bool case_is_open(enum case_state s);

/* 法87④: the last day for the requester's choice of how a disclosure is
 * carried out (profile deadline.offer_days, CAL_OFFER_DAYS by default).
 * 0 with *until for a full or partial disclosure decision, -1 otherwise. */
/* profiles (issue 15): whether the decision can be carried out as the
 * request asked (山形: "求める開示の実施方法等により開示の実施が可能な場合
 * … 申出書の提出は不要"): the profile says so
 * (City.Disclosure.RequestedMethodSuffices), the request asked for copies
 * by mail (data.delivery.method copy_mail; a counter visit still needs a
 * day) and the decision offers mail (offer_methods, "view,copy,mail"). */
bool case_requested_method_honoured(const struct profile *p, const char *data,
                                    const char *offer_methods);

/* A fresh access code, and its canonical form from what a person typed:
 * full-width folded (NFKC), upper case, spaces and hyphens dropped, then
 * regrouped. NULL when it cannot be a code. */
char *case_code_new(struct arena *a);
char *case_code_normalize(struct arena *a, const char *typed);
/* The stored hash of a code for a reference number. */
char *case_code_hash(struct arena *a, const char *ref, const char *code);

/* The due date from the profile for a kind received on a day, with 補正
 * holds not counted. -1 when the kind is not enabled. */
int case_due_date(const struct profile *p, enum req_kind kind, cal_day received,
                  const struct cal_hold *holds, size_t nholds, cal_day *out);

/* Insert a request with the next reference number of its year, its code
 * hash, its due date and the first event (received). Inside the caller's
 * transaction, which should be BEGIN IMMEDIATE (db_begin). */
int case_create(struct db *db, const struct profile *p, struct arena *a,
                const struct case_new *in, struct case_created *out);

/* 0 found, 1 not found, -1 error. */
int case_load(struct db *db, struct arena *a, long long id, struct case_row *out);
int case_load_ref(struct db *db, struct arena *a, const char *ref,
                  struct case_row *out);

/* Check a typed code against the request's hash in constant time. When ref
 * is unknown, pass row NULL: the same hashing work is done, so the timing
 * does not tell which of the two was wrong. */
bool case_code_matches(struct arena *a, const struct case_row *row,
                       const char *ref, const char *typed);

/* Append an event. data: JSON text (build it with jansson) or NULL for {}. */
int case_event(struct db *db, long long request_id, const char *actor,
               const char *kind, bool visible, const char *data);

/* Move a request to another state if the machine allows it, writing the
 * event. 0 done, 1 not allowed from its present state, -1 error. */
int case_set_state(struct db *db, long long id, enum case_state to,
                   const char *actor, const char *event_kind, bool visible,
                   const char *data);

/* Store a new due date (補正, extension); the event keeps the old one and
 * the reason (plain text, may be NULL). */
int case_set_due(struct db *db, long long id, cal_day due, const char *actor,
                 const char *event_kind, bool visible, const char *reason);

/* The same with more keys for the event: extra is a JSON object's text
 * (its keys never replace the three above), or NULL. */
int case_set_due_ex(struct db *db, long long id, cal_day due, const char *actor,
                    const char *event_kind, bool visible, const char *reason,
                    const char *extra);

/* Replace the code (the old one stops working); returns the new code. */
char *case_code_reissue(struct db *db, struct arena *a, long long id,
                        const char *ref, const char *actor);

/* "YYYY-MM-DDTHH:MM:SSZ" now, for created_at/updated_at columns. */
const char *case_now(struct arena *a);


/* The 補正 holds of a request (an open one ends today). */
int case_holds(struct db *db, struct arena *a, long long id,
               struct cal_hold **holds, size_t *n);

/* 法84 (95, 103 likewise for disclosure only): the part is decided and
 * the rest still to be decided by special_rest_by. A condition over the
 * request table's columns, for every query that asks (flow_rest_pending,
 * the desk's inbox, the staff digest). */
#define CASE_REST_PENDING_SQL \
    "(kind = 'disclosure' AND special_rest_by IS NOT NULL " \
    "AND decided_on IS NOT NULL AND decision IS NOT NULL " \
    "AND decision <> 'dismissed' AND rest_decided_on IS NULL " \
    "AND state IN ('decided', 'delivered'))"
/* special_rest_by when the rest is pending, '' otherwise. */
#define CASE_REST_BY_SQL \
    "CASE WHEN " CASE_REST_PENDING_SQL " THEN special_rest_by ELSE '' END"

/* Open days in (from, to]: the working days left until a due date. */
int case_open_days_until(const struct profile *p, cal_day from, cal_day to);

/* A request's legal clock as the desk shows it: whether it runs, the day
 * that counts and the open days left. */
struct case_clock {
	bool counts; /* open and not waiting for a 補正, or a 法84 rest pending */
	bool rest;   /* 法84: the rest's day is what is due */
	cal_day due; /* the due date that counts (extensions, 特例 and 補正
	              * already in request.due_on; the rest's day for 法84) */
	int left;    /* open days left; -N: N calendar days overdue */
};

/* From the stored state, due_on and rest_by (CASE_REST_BY_SQL: '' or a
 * day). While a 補正 is awaited the clock stops (法77③ 補正 days do not
 * count), and a decided case has met its due date: counts is false. */
struct case_clock case_clock(const struct profile *p, const char *state,
                             const char *due_on, const char *rest_by,
                             cal_day today);

/* Recompute an open request's due date under today's calendar and
 * profile: the period counted from receipt with its holds, plus the
 * extension days of its latest "extended" event (data.extension_days).
 * A date the staff set (法84 special case) is left alone. Writes the new
 * date with a due_recomputed event when it moved. 0 unchanged, 1 moved
 * (*old_due, *new_due set), -1 error. */
int case_recompute_due(struct db *db, const struct profile *p, struct arena *a,
                       const struct case_row *row, cal_day *old_due,
                       cal_day *new_due);

#endif

/* What the flow-*.c files share: loading a case for a step, the common
 * checks, statements with an id and a value, and event writing. Not for
 * use outside lib/flow*.c; the public interface is lib/flow.h. */
#ifndef KAIJI_FLOW_INTERNAL_H
#define KAIJI_FLOW_INTERNAL_H

#include <jansson.h>

#include "flow.h"

/* "YYYY-MM-DD" in the arena. */
const char *flow_day_text(struct arena *a, cal_day d);
/* NULL, empty or only white space. */
bool flow_blank(const char *s);
/* A json_pack result's compact text (NULL on failure); j is released. */
const char *flow_json_text(struct arena *a, json_t *j);

/* Steps a prepared statement once and resets it: FLOW_OK or FLOW_ERROR
 * (also for a NULL st, so db_stmt's result may be passed straight in). */
int flow_exec(struct db *db, struct db_stmt *st);
/* The same for an INSERT ... RETURNING id: *new_id the row's id. */
int flow_exec_id(struct db *db, struct db_stmt *st, long long *new_id);
/* sql with ?1 = id and ?2 = text. */
int flow_exec_text(const struct flow_ctx *c, const char *sql, long long id,
                   const char *text);
/* sql with ?1 = id and ?2 = the day as text. */
int flow_exec_day(const struct flow_ctx *c, const char *sql, long long id,
                  cal_day day);

/* The case, FLOW_NOT_FOUND or FLOW_ERROR. */
int flow_load(const struct flow_ctx *c, long long id, struct case_row *row);
/* The case, or FLOW_STATE when it is not pending (flow_pending). */
int flow_load_pending(const struct flow_ctx *c, long long id,
                      struct case_row *row);
/* The case, or FLOW_STATE when it is no longer open (case_is_open). */
int flow_load_open(const struct flow_ctx *c, long long id,
                   struct case_row *row);

/* A state change with its event; FLOW_STATE when the move is not allowed. */
int flow_set_state(const struct flow_ctx *c, long long id, enum case_state to,
                   const char *kind, bool visible, const char *data);
int flow_event(const struct flow_ctx *c, long long id, const char *kind,
               bool visible, const char *data);
/* The same with the event's data from json_pack (released here); a NULL
 * j is FLOW_ERROR. */
int flow_set_state_json(const struct flow_ctx *c, long long id,
                        enum case_state to, const char *kind, bool visible,
                        json_t *j);
int flow_event_json(const struct flow_ctx *c, long long id, const char *kind,
                    bool visible, json_t *j);
/* {"on": day} for an event's data. */
json_t *flow_on_json(struct arena *a, cal_day on);

/* Received, reviewing or consulting: before the decision. */
bool flow_pending(enum case_state s);
/* A date the staff give for something that happened: not in the future
 * and not before the request arrived. */
bool flow_past_day_ok(const struct flow_ctx *c, const struct case_row *r,
                      cal_day d);

#endif

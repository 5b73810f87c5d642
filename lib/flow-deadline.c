/* The due date of a request: 補正 (法77③, 83① 但書), extension (法83②,
 * 94②, 102②), 期限の特例 (法84 for 開示; 法95 for 訂正, 法103 for 利用停止)
 * and the due date recomputed from them. */
#include "flow.h"

#include "flow-internal.h"

struct deadline {
	int extension_days;
	/* "" when no special case; 法95/103 keep the one date in part_by and
	 * leave rest_by "" */
	const char *part_by, *rest_by;
	const char *methods;
};

static const char sql_deadline[] =
    "SELECT extension_days, COALESCE(special_part_by, ''), "
    "COALESCE(special_rest_by, ''), offer_methods FROM request WHERE id = ?1";

static int deadline_load(const struct flow_ctx *c, long long id,
                         struct deadline *d)
{
	struct db_stmt *st = db_stmt(c->db, sql_deadline);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		d->extension_days = db_col_int(st, 0);
		d->part_by = arena_strdup(c->arena, db_col_text(st, 1));
		d->rest_by = arena_strdup(c->arena, db_col_text(st, 2));
		d->methods = arena_strdup(c->arena, db_col_text(st, 3));
	}
	db_reset(st);
	return rc == DB_ROW ? FLOW_OK : rc == DB_DONE ? FLOW_NOT_FOUND : FLOW_ERROR;
}

static const char sql_holds[] =
    "SELECT from_on, to_on FROM request_hold WHERE request_id = ?1 "
    "AND to_on IS NOT NULL ORDER BY from_on";

/* The request's finished 補正 holds. */
static int holds_load(const struct flow_ctx *c, long long id,
                      struct cal_hold **out, size_t *n)
{
	struct db_stmt *st = db_stmt(c->db, sql_holds);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	size_t cap = 4;
	*out = arena_calloc(c->arena, cap, sizeof **out);
	*n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		struct cal_hold h;
		if (cal_parse(db_col_text(st, 0), &h.from) != 0 ||
		    cal_parse(db_col_text(st, 1), &h.to) != 0)
			continue;
		*out = arena_grow(c->arena, *out, *n, &cap, sizeof **out);
		(*out)[(*n)++] = h;
	}
	db_reset(st);
	return rc == DB_DONE ? FLOW_OK : FLOW_ERROR;
}

/* What moves a request's due date: the stored extension or 法84 special
 * case, and the finished 補正 holds. */
struct timing {
	struct deadline d;
	struct cal_hold *h;
	size_t nh;
};

static int timing_load(const struct flow_ctx *c, long long id,
                       struct timing *t)
{
	int rc = deadline_load(c, id, &t->d);
	return rc == FLOW_OK ? holds_load(c, id, &t->h, &t->nh) : rc;
}

/* The case and its timing, for a step that moves the due date. */
static int case_timing_load(const struct flow_ctx *c, long long id,
                            struct case_row *r, struct timing *t)
{
	int rc = flow_load(c, id, r);
	return rc == FLOW_OK ? timing_load(c, id, t) : rc;
}

static const struct cal_period *period_of(const struct flow_ctx *c,
                                          const struct case_row *r)
{
	const struct kind_rules *k = profile_kind(c->profile, r->kind);
	return k && k->enabled ? &k->period : NULL;
}

static int cal_to_flow(int rc)
{
	switch (rc) {
	case CAL_OK: return FLOW_OK;
	case CAL_ELATE: return FLOW_LATE;
	case CAL_ELIMIT: return FLOW_LIMIT;
	default: return FLOW_INVALID;
	}
}

/* The original due date (no extension), 補正 holds excluded. */
static int original_due(const struct flow_ctx *c, const struct case_row *r,
                        const struct cal_hold *h, size_t nh, cal_day *out)
{
	const struct cal_period *per = period_of(c, r);
	if (per == NULL)
		return FLOW_INVALID;
	return cal_to_flow(cal_due_date(&c->profile->cal, per, r->received_on, h,
	                                nh, out));
}

/* The due date in force from the stored extension or special case and
 * every finished hold. */
static int due_recompute(const struct flow_ctx *c, const struct case_row *r,
                         cal_day *due)
{
	struct timing t;
	const struct cal_period *per = period_of(c, r);
	int rc = timing_load(c, r->id, &t);
	if (rc != FLOW_OK)
		return rc;
	if (per == NULL)
		return FLOW_INVALID;
	cal_day rest;
	if (*t.d.part_by && !*t.d.rest_by && cal_parse(t.d.part_by, due) == 0)
		return FLOW_OK; /* 法95/103: the date the staff set */
	if (*t.d.rest_by && cal_parse(t.d.rest_by, &rest) == 0)
		rc = cal_special_due(&c->profile->cal, per, r->received_on, t.h,
		                     t.nh, c->profile->deadline.special_case_days,
		                     rest, due);
	else if (t.d.extension_days > 0)
		rc = cal_extended_due(&c->profile->cal, per, r->received_on, t.h,
		                      t.nh, t.d.extension_days, due);
	else
		rc = cal_due_date(&c->profile->cal, per, r->received_on, t.h,
		                  t.nh, due);
	return cal_to_flow(rc);
}

static const char sql_hold_new[] =
    "INSERT INTO request_hold (request_id, from_on) VALUES (?1, ?2)";
static const char sql_hold_close[] =
    "UPDATE request_hold SET to_on = ?2 WHERE request_id = ?1 AND to_on IS NULL "
    "AND from_on <= ?2";

int flow_amend(const struct flow_ctx *c, long long id, const char *what,
               cal_day from_on, cal_day answer_by)
{
	struct case_row r;
	int rc = flow_load(c, id, &r);
	if (rc != FLOW_OK)
		return rc;
	if (r.state != CASE_RECEIVED && r.state != CASE_REVIEWING)
		return FLOW_STATE;
	if (flow_blank(what) || !flow_past_day_ok(c, &r, from_on))
		return FLOW_INVALID;
	/* 法77③: "相当の期間を定めて" — a period, so a last day after the ask. */
	if (answer_by <= from_on || answer_by > from_on + 366)
		return FLOW_INVALID;
	if ((rc = flow_exec_day(c, sql_hold_new, id, from_on)) != FLOW_OK)
		return rc;
	return flow_set_state_json(c, id, CASE_AMENDING, "amend_requested", true,
	        json_pack("{s:s, s:s, s:s}", "what", what,
	                  "from_on", flow_day_text(c->arena, from_on),
	                  "answer_by", flow_day_text(c->arena, answer_by)));
}

/* The day asked for, named in a subquery: PostgreSQL's WHERE does not
 * see the select list's names. */
static const char sql_amend_overdue[] =
    "SELECT id, ref, answer_by FROM (SELECT r.id, r.ref, r.agency_id, "
    "json_extract(e.data, '$.answer_by') AS answer_by FROM request r "
    "JOIN event e ON e.id = (SELECT MAX(id) FROM event WHERE request_id = r.id "
    "AND kind = 'amend_requested') WHERE r.state = 'amending') AS a "
    "WHERE answer_by IS NOT NULL AND answer_by < ?1 "
    "AND (CAST(?2 AS BIGINT) = 0 OR agency_id IN (SELECT agency_id FROM staff_agency "
    "WHERE staff_id = ?2)) ORDER BY answer_by, id LIMIT 300";

int flow_amend_overdue(struct db *db, cal_day today, long long staff_id,
                       void (*each)(void *ctx, long long id, const char *ref,
                                    const char *answer_by),
                       void *ctx)
{
	char t[11];
	struct db_stmt *st = db_stmt(db, sql_amend_overdue);
	if (st == NULL)
		return FLOW_ERROR;
	cal_format(today, t);
	db_bind_text(st, 1, t);
	db_bind_int(st, 2, staff_id);
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		each(ctx, db_col_int64(st, 0), db_col_text(st, 1),
		     db_col_text(st, 2));
	db_reset(st);
	return rc == DB_DONE ? FLOW_OK : FLOW_ERROR;
}

static const char sql_part_by[] =
    "UPDATE request SET special_part_by = ?2 WHERE id = ?1 AND special_part_by IS NOT NULL";

int flow_amended(const struct flow_ctx *c, long long id, cal_day on)
{
	struct case_row r;
	cal_day due;
	int rc = flow_load(c, id, &r);
	if (rc != FLOW_OK)
		return rc;
	if (r.state != CASE_AMENDING)
		return FLOW_STATE;
	if (!flow_past_day_ok(c, &r, on))
		return FLOW_INVALID;
	if ((rc = flow_exec_day(c, sql_hold_close, id, on)) != FLOW_OK)
		return rc;
	if (db_changes(c->db) != 1)
		return FLOW_INVALID; /* arrived before it was asked for */
	if ((rc = due_recompute(c, &r, &due)) != FLOW_OK ||
	    (rc = flow_exec_day(c, sql_part_by, id, due)) != FLOW_OK)
		return rc;
	const char *extra = flow_json_text(c->arena, flow_on_json(c->arena, on));
	if (case_set_due_ex(c->db, id, due, c->actor, "amended", true, NULL, extra))
		return FLOW_ERROR;
	return flow_review(c, id);
}

/* The fewest extension days that reach new_due (0 for none within the
 * longest), kept so that a later 補正 moves the extended date as it moves
 * the original one. */
static int extension_days(const struct flow_ctx *c, const struct cal_period *per,
                          const struct case_row *r, const struct timing *t,
                          cal_day new_due)
{
	for (int n = 1; n <= per->extension_max_days; n++) {
		cal_day e;
		if (cal_extended_due(&c->profile->cal, per, r->received_on, t->h,
		                     t->nh, n, &e) == CAL_OK && e >= new_due)
			return n;
	}
	return 0;
}

static const char sql_extension[] =
    "UPDATE request SET extension_days = ?2 WHERE id = ?1";

/* What flow_extend requires of the case before it looks at the new date:
 * pending, no 期限の特例, a period that may be extended, and today within
 * the original period (法83②: "前項に規定する期間を…延長することができる",
 * decided and notified while that period runs). flow_may_extend asks the
 * same, so the desk offers only what would be taken. */
static int extend_open(const struct flow_ctx *c, const struct case_row *r,
                       const struct timing *t)
{
	const struct cal_period *per = period_of(c, r);
	cal_day orig;
	if (!flow_pending(r->state) || *t->d.part_by)
		return FLOW_STATE;
	if (per == NULL)
		return FLOW_INVALID;
	if (per->extension_max_days < 1)
		return FLOW_LIMIT;
	int rc = original_due(c, r, t->h, t->nh, &orig);
	if (rc != FLOW_OK)
		return rc;
	return c->today > orig ? FLOW_LATE : FLOW_OK;
}

/* What flow_special_case requires before it looks at the date: pending,
 * neither extended nor special already, a kind the Act gives a 特例
 * (法84, 95, 103), and today within the original period (法84 (95, 103):
 * notified within the period of 法83① (94①, 102①)). */
static int special_open(const struct flow_ctx *c, const struct case_row *r,
                        const struct timing *t, cal_day *orig)
{
	if (!flow_pending(r->state) || *t->d.part_by || t->d.extension_days > 0 ||
	    flow_special_of(r->kind) == SPECIAL_NONE)
		return FLOW_STATE;
	int rc = original_due(c, r, t->h, t->nh, orig);
	if (rc != FLOW_OK)
		return rc;
	return c->today > *orig ? FLOW_LATE : FLOW_OK;
}

bool flow_may_extend(const struct flow_ctx *c, long long id)
{
	struct case_row r;
	struct timing t;
	return case_timing_load(c, id, &r, &t) == FLOW_OK &&
	       extend_open(c, &r, &t) == FLOW_OK;
}

bool flow_may_special(const struct flow_ctx *c, long long id)
{
	struct case_row r;
	struct timing t;
	cal_day orig;
	return case_timing_load(c, id, &r, &t) == FLOW_OK &&
	       special_open(c, &r, &t, &orig) == FLOW_OK;
}

int flow_extend(const struct flow_ctx *c, long long id, cal_day new_due,
                const char *reason)
{
	struct case_row r;
	struct timing t;
	int rc = case_timing_load(c, id, &r, &t);
	if (rc != FLOW_OK)
		return rc;
	const struct cal_period *per = period_of(c, &r);
	if ((rc = extend_open(c, &r, &t)) != FLOW_OK)
		return rc;
	if (flow_blank(reason))
		return FLOW_INVALID;
	rc = cal_to_flow(cal_extension_check(&c->profile->cal, per, r.received_on,
	                                     t.h, t.nh, c->today, new_due, NULL));
	if (rc != FLOW_OK)
		return rc;
	int days = extension_days(c, per, &r, &t, new_due);
	if (days == 0)
		return FLOW_LIMIT;
	struct db_stmt *st = db_stmt(c->db, sql_extension);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, days);
	if ((rc = flow_exec(c->db, st)) != FLOW_OK)
		return rc;
	return case_set_due(c->db, id, new_due, c->actor, "extended", true, reason)
	               ? FLOW_ERROR : FLOW_OK;
}

static const char sql_special[] =
    "UPDATE request SET special_part_by = ?2, special_rest_by = ?3 WHERE id = ?1";

static int special_store(const struct flow_ctx *c, long long id,
                         cal_day part_by, cal_day rest_by)
{
	struct db_stmt *st = db_stmt(c->db, sql_special);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, flow_day_text(c->arena, part_by));
	if (rest_by)
		db_bind_text(st, 3, flow_day_text(c->arena, rest_by));
	else
		db_bind_null(st, 3);
	return flow_exec(c->db, st);
}

enum flow_special flow_special_of(enum req_kind kind)
{
	switch (kind) {
	case KIND_DISCLOSURE:
		return SPECIAL_PART_REST; /* 法84 */
	case KIND_CORRECTION:
	case KIND_SUSPENSION:
		return SPECIAL_BY;        /* 法95, 法103 */
	default:
		return SPECIAL_NONE;      /* 削除・中止: the Act has no such kind */
	}
}

/* 法95 (訂正), 法103 (利用停止): "特に長期間を要すると認めるときは、相当の
 * 期間内に…決定をすれば足りる", notified within the period of 94①/102①
 * with the reason and the date by which the decision is made. No part is
 * decided first (that is 法84's, for 開示 only). */
static int special_by(const struct flow_ctx *c, long long id, cal_day orig,
                      cal_day by, const char *reason)
{
	if (by <= orig)
		return FLOW_INVALID; /* not longer than the period itself */
	int rc = special_store(c, id, by, 0);
	if (rc != FLOW_OK)
		return rc;
	const char *extra = flow_json_text(c->arena, json_pack("{s:s}",
	        "by", flow_day_text(c->arena, by)));
	return case_set_due_ex(c->db, id, by, c->actor, "special_case", true,
	                       reason, extra) ? FLOW_ERROR : FLOW_OK;
}

int flow_special_case(const struct flow_ctx *c, long long id, cal_day rest_by,
                      const char *reason)
{
	struct case_row r;
	struct timing t;
	cal_day orig, part_by;
	int rc = case_timing_load(c, id, &r, &t);
	if (rc != FLOW_OK)
		return rc;
	if ((rc = special_open(c, &r, &t, &orig)) != FLOW_OK)
		return rc;
	if (flow_blank(reason))
		return FLOW_INVALID;
	enum flow_special how = flow_special_of(r.kind);
	if (how == SPECIAL_BY)
		return special_by(c, id, orig, rest_by, reason);
	rc = cal_special_due(&c->profile->cal, period_of(c, &r), r.received_on,
	                     t.h, t.nh, c->profile->deadline.special_case_days,
	                     rest_by, &part_by);
	if (rc != CAL_OK)
		return FLOW_INVALID;
	if ((rc = special_store(c, id, part_by, rest_by)) != FLOW_OK)
		return rc;
	const char *extra = flow_json_text(c->arena, json_pack("{s:s, s:s}",
	        "part_by", flow_day_text(c->arena, part_by),
	        "rest_by", flow_day_text(c->arena, rest_by)));
	return case_set_due_ex(c->db, id, part_by, c->actor, "special_case", true,
	                       reason, extra) ? FLOW_ERROR : FLOW_OK;
}

#include "flow.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "log.h"
#include "vault.h"

static const char *const err_names[] = {
	[FLOW_OK] = "ok",          [FLOW_NOT_FOUND] = "not_found",
	[FLOW_STATE] = "state",    [FLOW_INVALID] = "invalid",
	[FLOW_LATE] = "late",      [FLOW_LIMIT] = "limit",
	[FLOW_WAIT] = "wait",      [FLOW_UNPAID] = "unpaid",
	[FLOW_AMOUNT] = "amount",
};

const char *flow_err_name(enum flow_err e)
{
	if ((int)e < 0 || (size_t)e >= sizeof err_names / sizeof err_names[0])
		return "error";
	return err_names[e];
}

static const char *const decision_names[DEC__MAX] = {
	[DEC_FULL] = "full",
	[DEC_PARTIAL] = "partial",
	[DEC_NONE] = "none",
	[DEC_REFUSE_EXISTENCE] = "refuse_existence",
	[DEC_NOT_EXIST] = "not_exist",
	[DEC_DISMISSED] = "dismissed",
	[DEC_CORRECT] = "correct",
	[DEC_NOT_CORRECT] = "not_correct",
	[DEC_STOP] = "stop",
	[DEC_NOT_STOP] = "not_stop",
};

const char *flow_decision_name(enum flow_decision d)
{
	return (unsigned)d < DEC__MAX ? decision_names[d] : NULL;
}

int flow_decision_parse(const char *s, enum flow_decision *out)
{
	for (int i = 0; i < DEC__MAX && s; i++)
		if (strcmp(s, decision_names[i]) == 0) {
			*out = (enum flow_decision)i;
			return 0;
		}
	return -1;
}

bool flow_decision_fits(enum req_kind kind, enum flow_decision d)
{
	if (d == DEC_DISMISSED)
		return true;
	switch (kind) {
	case KIND_DISCLOSURE:
		return d <= DEC_NOT_EXIST;
	case KIND_CORRECTION:
		return d == DEC_CORRECT || d == DEC_NOT_CORRECT;
	case KIND_SUSPENSION:
	case KIND_DELETION:
	case KIND_CESSATION:
		return d == DEC_STOP || d == DEC_NOT_STOP;
	default:
		return false;
	}
}

bool flow_decision_discloses(enum flow_decision d)
{
	return d == DEC_FULL || d == DEC_PARTIAL;
}

bool flow_decision_needs_reason(enum flow_decision d)
{
	return d == DEC_PARTIAL || d == DEC_NONE || d == DEC_REFUSE_EXISTENCE ||
	       d == DEC_NOT_EXIST || d == DEC_NOT_CORRECT || d == DEC_NOT_STOP;
}

const char *const flow_grounds[] = {
	"life",            /* 法78①1 本人の生命、健康、生活又は財産 */
	"third_person",    /* 法78①2 開示請求者以外の個人に関する情報 */
	"corporate",       /* 法78①3 法人等に関する情報 */
	"security",        /* 法78①4 国の安全等 */
	"public_safety",   /* 法78①5 公共の安全と秩序 */
	"deliberation",    /* 法78①6 審議、検討又は協議 */
	"operations",      /* 法78①7 事務又は事業の適正な遂行 */
	"existence",       /* 法81 存否を答えるだけで不開示情報を開示する */
	"ordinance",       /* 法78② 条例で定める情報 */
	"not_held",        /* 保有していない */
	"other",           /* 訂正しない・利用停止しない理由など */
	NULL,
};

bool flow_ground_valid(const char *ground)
{
	for (size_t i = 0; ground && flow_grounds[i]; i++)
		if (strcmp(ground, flow_grounds[i]) == 0)
			return true;
	return false;
}

bool flow_appeal_outcome_valid(const char *o)
{
	return o && (strcmp(o, "dismissed") == 0 || strcmp(o, "rejected") == 0 ||
	             strcmp(o, "granted") == 0 || strcmp(o, "partly_granted") == 0);
}

/* ---- small helpers ---- */

static const char *day_text(struct arena *a, cal_day d)
{
	char s[11];
	cal_format(d, s);
	return arena_strdup(a, s);
}

static bool blank(const char *s)
{
	return s == NULL || s[strspn(s, " \t\r\n")] == '\0';
}

/* A JSON object's compact text from a json_pack result (NULL on failure). */
static const char *json_text(struct arena *a, json_t *j)
{
	char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
	const char *out = s ? arena_strdup(a, s) : NULL;
	free(s);
	json_decref(j);
	return out;
}

static int exec_stmt(struct db *db, sqlite3_stmt *st)
{
	if (st == NULL)
		return FLOW_ERROR;
	int rc = sqlite3_step(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		log_event(LOG_ERR, "flow: %s", sqlite3_errmsg(db_handle(db)));
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? FLOW_OK : FLOW_ERROR;
}

static int load(const struct flow_ctx *c, long long id, struct case_row *row)
{
	int rc = case_load(c->db, c->arena, id, row);
	return rc == 0 ? FLOW_OK : rc == 1 ? FLOW_NOT_FOUND : FLOW_ERROR;
}

static int set_state(const struct flow_ctx *c, long long id, enum case_state to,
                     const char *kind, bool visible, const char *data)
{
	int rc = case_set_state(c->db, id, to, c->actor, kind, visible, data);
	return rc == 0 ? FLOW_OK : rc == 1 ? FLOW_STATE : FLOW_ERROR;
}

static int event(const struct flow_ctx *c, long long id, const char *kind,
                 bool visible, const char *data)
{
	return case_event(c->db, id, c->actor, kind, visible, data) == 0
	               ? FLOW_OK : FLOW_ERROR;
}

static bool pending(enum case_state s)
{
	return s == CASE_RECEIVED || s == CASE_REVIEWING || s == CASE_CONSULTING;
}

/* A date the staff give for something that happened: not in the future
 * and not before the request arrived. */
static bool past_day_ok(const struct flow_ctx *c, const struct case_row *r,
                        cal_day d)
{
	return d >= r->received_on && d <= c->today;
}

/* ---- deadlines ---- */

struct deadline {
	int extension_days;
	const char *part_by, *rest_by; /* "" when no 法84 special case */
	const char *methods;
};

static const char sql_deadline[] =
    "SELECT extension_days, COALESCE(special_part_by, ''), "
    "COALESCE(special_rest_by, ''), offer_methods FROM request WHERE id = ?1";

static int deadline_load(const struct flow_ctx *c, long long id,
                         struct deadline *d)
{
	sqlite3_stmt *st = db_stmt(c->db, sql_deadline);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		d->extension_days = sqlite3_column_int(st, 0);
		d->part_by = arena_strdup(c->arena, db_col_text(st, 1));
		d->rest_by = arena_strdup(c->arena, db_col_text(st, 2));
		d->methods = arena_strdup(c->arena, db_col_text(st, 3));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? FLOW_OK : rc == SQLITE_DONE ? FLOW_NOT_FOUND : FLOW_ERROR;
}

static const char sql_holds[] =
    "SELECT from_on, to_on FROM request_hold WHERE request_id = ?1 "
    "AND to_on IS NOT NULL ORDER BY from_on";

/* The request's finished 補正 holds. */
static int holds_load(const struct flow_ctx *c, long long id,
                      struct cal_hold **out, size_t *n)
{
	sqlite3_stmt *st = db_stmt(c->db, sql_holds);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	size_t cap = 4;
	*out = arena_calloc(c->arena, cap, sizeof **out);
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct cal_hold h;
		if (cal_parse(db_col_text(st, 0), &h.from) != 0 ||
		    cal_parse(db_col_text(st, 1), &h.to) != 0)
			continue;
		*out = arena_grow(c->arena, *out, *n, &cap, sizeof **out);
		(*out)[(*n)++] = h;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? FLOW_OK : FLOW_ERROR;
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

/* ---- steps ---- */

int flow_review(const struct flow_ctx *c, long long id)
{
	return set_state(c, id, CASE_REVIEWING, "reviewing", true, NULL);
}

static const char sql_doc_of[] =
    "SELECT 1 FROM document WHERE id = ?1 AND request_id = ?2";

static bool doc_belongs(const struct flow_ctx *c, long long id, long long doc)
{
	sqlite3_stmt *st = db_stmt(c->db, sql_doc_of);
	if (st == NULL)
		return false;
	db_bind_int(st, 1, doc);
	db_bind_int(st, 2, id);
	bool ok = db_step_row(st);
	return ok;
}

int flow_identity_checked(const struct flow_ctx *c, long long id,
                          const long long *docs, size_t n_docs,
                          const char *note)
{
	struct case_row r;
	int rc = load(c, id, &r);
	if (rc != FLOW_OK)
		return rc;
	if (!case_is_open(r.state) && r.state != CASE_DECIDED)
		return FLOW_STATE;
	json_t *list = json_array();
	for (size_t i = 0; i < n_docs; i++) {
		if (!doc_belongs(c, id, docs[i])) {
			json_decref(list);
			return FLOW_INVALID;
		}
		json_array_append_new(list, json_integer(docs[i]));
	}
	const char *data = json_text(c->arena, json_pack("{s:o, s:s, s:s?}",
	        "documents", list, "by", c->actor, "note", blank(note) ? NULL : note));
	rc = data ? event(c, id, "identity_checked", false, data) : FLOW_ERROR;
	if (rc == FLOW_OK && r.state == CASE_RECEIVED)
		rc = flow_review(c, id);
	return rc;
}

static const char sql_hold_new[] =
    "INSERT INTO request_hold (request_id, from_on) VALUES (?1, ?2)";
static const char sql_hold_close[] =
    "UPDATE request_hold SET to_on = ?2 WHERE request_id = ?1 AND to_on IS NULL "
    "AND from_on <= ?2";

int flow_amend(const struct flow_ctx *c, long long id, const char *what,
               cal_day from_on)
{
	struct case_row r;
	int rc = load(c, id, &r);
	if (rc != FLOW_OK)
		return rc;
	if (r.state != CASE_RECEIVED && r.state != CASE_REVIEWING)
		return FLOW_STATE;
	if (blank(what) || !past_day_ok(c, &r, from_on))
		return FLOW_INVALID;
	sqlite3_stmt *st = db_stmt(c->db, sql_hold_new);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, day_text(c->arena, from_on));
	if ((rc = exec_stmt(c->db, st)) != FLOW_OK)
		return rc;
	const char *data = json_text(c->arena, json_pack("{s:s, s:s}", "what", what,
	                                                 "from_on", day_text(c->arena, from_on)));
	return data ? set_state(c, id, CASE_AMENDING, "amend_requested", true, data)
	            : FLOW_ERROR;
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

static const char sql_part_by[] =
    "UPDATE request SET special_part_by = ?2 WHERE id = ?1 AND special_part_by IS NOT NULL";

int flow_amended(const struct flow_ctx *c, long long id, cal_day on)
{
	struct case_row r;
	cal_day due;
	int rc = load(c, id, &r);
	if (rc != FLOW_OK)
		return rc;
	if (r.state != CASE_AMENDING)
		return FLOW_STATE;
	if (!past_day_ok(c, &r, on))
		return FLOW_INVALID;
	sqlite3_stmt *st = db_stmt(c->db, sql_hold_close);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, day_text(c->arena, on));
	if ((rc = exec_stmt(c->db, st)) != FLOW_OK)
		return rc;
	if (sqlite3_changes(db_handle(c->db)) != 1)
		return FLOW_INVALID; /* arrived before it was asked for */
	if ((rc = due_recompute(c, &r, &due)) != FLOW_OK)
		return rc;
	st = db_stmt(c->db, sql_part_by);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, day_text(c->arena, due));
	if ((rc = exec_stmt(c->db, st)) != FLOW_OK)
		return rc;
	const char *extra = json_text(c->arena, json_pack("{s:s}", "on",
	                                                  day_text(c->arena, on)));
	if (case_set_due_ex(c->db, id, due, c->actor, "amended", true, NULL, extra))
		return FLOW_ERROR;
	return set_state(c, id, CASE_REVIEWING, "reviewing", true, NULL);
}

static const char sql_extension[] =
    "UPDATE request SET extension_days = ?2 WHERE id = ?1";

int flow_extend(const struct flow_ctx *c, long long id, cal_day new_due,
                const char *reason)
{
	struct case_row r;
	struct timing t;
	int rc = load(c, id, &r);
	if (rc == FLOW_OK)
		rc = timing_load(c, id, &t);
	if (rc != FLOW_OK)
		return rc;
	const struct cal_period *per = period_of(c, &r);
	if (!pending(r.state) || *t.d.part_by)
		return FLOW_STATE;
	if (blank(reason) || per == NULL)
		return FLOW_INVALID;
	if (per->extension_max_days < 1)
		return FLOW_LIMIT;
	rc = cal_to_flow(cal_extension_check(&c->profile->cal, per, r.received_on,
	                                     t.h, t.nh, c->today, new_due, NULL));
	if (rc != FLOW_OK)
		return rc;
	/* The fewest extension days that reach new_due, kept so that a later
	 * 補正 moves the extended date as it moves the original one. */
	int days = 0;
	for (int n = 1; n <= per->extension_max_days && days == 0; n++) {
		cal_day e;
		if (cal_extended_due(&c->profile->cal, per, r.received_on, t.h,
		                     t.nh, n, &e) == CAL_OK && e >= new_due)
			days = n;
	}
	if (days == 0)
		return FLOW_LIMIT;
	sqlite3_stmt *st = db_stmt(c->db, sql_extension);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, days);
	if ((rc = exec_stmt(c->db, st)) != FLOW_OK)
		return rc;
	return case_set_due(c->db, id, new_due, c->actor, "extended", true, reason)
	               ? FLOW_ERROR : FLOW_OK;
}

static const char sql_special[] =
    "UPDATE request SET special_part_by = ?2, special_rest_by = ?3 WHERE id = ?1";

int flow_special_case(const struct flow_ctx *c, long long id, cal_day rest_by,
                      const char *reason)
{
	struct case_row r;
	struct timing t;
	cal_day orig, part_by;
	int rc = load(c, id, &r);
	if (rc == FLOW_OK)
		rc = timing_load(c, id, &t);
	if (rc != FLOW_OK)
		return rc;
	if (!pending(r.state) || *t.d.part_by || t.d.extension_days > 0)
		return FLOW_STATE;
	if (blank(reason))
		return FLOW_INVALID;
	/* 法84: notified within the period of 法83①. */
	if ((rc = original_due(c, &r, t.h, t.nh, &orig)) != FLOW_OK)
		return rc;
	if (c->today > orig)
		return FLOW_LATE;
	rc = cal_special_due(&c->profile->cal, period_of(c, &r), r.received_on,
	                     t.h, t.nh, c->profile->deadline.special_case_days,
	                     rest_by, &part_by);
	if (rc != CAL_OK)
		return FLOW_INVALID;
	sqlite3_stmt *st = db_stmt(c->db, sql_special);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, day_text(c->arena, part_by));
	db_bind_text(st, 3, day_text(c->arena, rest_by));
	if ((rc = exec_stmt(c->db, st)) != FLOW_OK)
		return rc;
	const char *extra = json_text(c->arena, json_pack("{s:s, s:s}",
	        "part_by", day_text(c->arena, part_by),
	        "rest_by", day_text(c->arena, rest_by)));
	return case_set_due_ex(c->db, id, part_by, c->actor, "special_case", true,
	                       reason, extra) ? FLOW_ERROR : FLOW_OK;
}

static const char sql_tp_new[] =
    "INSERT INTO third_party (request_id, name, sent_on, answer_due_on) "
    "VALUES (?1, ?2, ?3, ?4)";

int flow_consult(const struct flow_ctx *c, long long id, const char *name,
                 cal_day sent_on, cal_day answer_due_on, long long *tp_id)
{
	struct case_row r;
	int rc = load(c, id, &r);
	if (rc != FLOW_OK)
		return rc;
	if (!pending(r.state))
		return FLOW_STATE;
	if (blank(name) || !past_day_ok(c, &r, sent_on) || answer_due_on < sent_on ||
	    answer_due_on - sent_on > CAL_MAX_DAYS)
		return FLOW_INVALID;
	sqlite3_stmt *st = db_stmt(c->db, sql_tp_new);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, day_text(c->arena, sent_on));
	db_bind_text(st, 4, day_text(c->arena, answer_due_on));
	if ((rc = exec_stmt(c->db, st)) != FLOW_OK)
		return rc;
	*tp_id = sqlite3_last_insert_rowid(db_handle(c->db));
	const char *data = json_text(c->arena, json_pack("{s:I, s:s, s:s}",
	        "third_party", (json_int_t)*tp_id,
	        "sent_on", day_text(c->arena, sent_on),
	        "answer_due_on", day_text(c->arena, answer_due_on)));
	if (data == NULL)
		return FLOW_ERROR;
	if (r.state == CASE_CONSULTING)
		return event(c, id, "consult_sent", false, data);
	return set_state(c, id, CASE_CONSULTING, "consult_sent", false, data);
}

static const char sql_tp_answer[] =
    "UPDATE third_party SET answered_on = ?3, objects = ?4 "
    "WHERE id = ?2 AND request_id = ?1 AND answered_on IS NULL AND sent_on <= ?3";
static const char sql_tp_waiting[] =
    "SELECT COUNT(*) FROM third_party WHERE request_id = ?1 AND answered_on IS NULL";

static long tp_waiting(const struct flow_ctx *c, long long id)
{
	sqlite3_stmt *st = db_stmt(c->db, sql_tp_waiting);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

int flow_consult_answer(const struct flow_ctx *c, long long id, long long tp_id,
                        cal_day answered_on, bool objects)
{
	struct case_row r;
	int rc = load(c, id, &r);
	if (rc != FLOW_OK)
		return rc;
	if (!pending(r.state))
		return FLOW_STATE;
	if (answered_on > c->today)
		return FLOW_INVALID;
	sqlite3_stmt *st = db_stmt(c->db, sql_tp_answer);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, tp_id);
	db_bind_text(st, 3, day_text(c->arena, answered_on));
	db_bind_int(st, 4, objects ? 1 : 0);
	if ((rc = exec_stmt(c->db, st)) != FLOW_OK)
		return rc;
	if (sqlite3_changes(db_handle(c->db)) != 1)
		return FLOW_INVALID;
	const char *data = json_text(c->arena, json_pack("{s:I, s:s, s:b}",
	        "third_party", (json_int_t)tp_id,
	        "answered_on", day_text(c->arena, answered_on), "objects", objects));
	if ((rc = data ? event(c, id, "consult_answered", false, data) : FLOW_ERROR))
		return rc;
	long waiting = tp_waiting(c, id);
	if (waiting < 0)
		return FLOW_ERROR;
	if (waiting == 0 && r.state == CASE_CONSULTING)
		return set_state(c, id, CASE_REVIEWING, "reviewing", true, NULL);
	return FLOW_OK;
}

/* 法86②: a third party is given a period to answer; deciding before it
 * ends, with no answer, would take that chance away. */
static const char sql_tp_open[] =
    "SELECT COUNT(*) FROM third_party WHERE request_id = ?1 "
    "AND answered_on IS NULL AND answer_due_on >= ?2";

static bool tp_still_waiting(const struct flow_ctx *c, long long id, cal_day on)
{
	sqlite3_stmt *st = db_stmt(c->db, sql_tp_open);
	if (st == NULL)
		return true;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, day_text(c->arena, on));
	bool waiting = sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int(st, 0) > 0;
	sqlite3_reset(st);
	return waiting;
}

static const char sql_reason[] =
    "INSERT INTO decision_reason (request_id, part, ground, explanation) "
    "VALUES (?1, ?2, ?3, ?4)";
static const char sql_slot[] =
    "INSERT INTO offer_slot (request_id, starts_at, place) VALUES (?1, ?2, ?3)";
static const char sql_decision[] =
    "UPDATE request SET decision = ?2, decided_on = ?3, offer_methods = ?4 "
    "WHERE id = ?1";

/* "YYYY-MM-DDTHH:MM" with a real date and time. */
static bool slot_valid(const char *s)
{
	cal_day d;
	if (s == NULL || strlen(s) != 16 || s[10] != 'T' || s[13] != ':')
		return false;
	char date[11];
	memcpy(date, s, 10);
	date[10] = '\0';
	if (cal_parse(date, &d) != 0 || strspn(s + 11, "0123456789") != 2 ||
	    strspn(s + 14, "0123456789") != 2)
		return false;
	int hh = (s[11] - '0') * 10 + (s[12] - '0');
	int mm = (s[14] - '0') * 10 + (s[15] - '0');
	return hh < 24 && mm < 60;
}

static int decide_check(const struct flow_ctx *c, const struct case_row *r,
                        const struct flow_decide *d)
{
	if (!flow_decision_fits(r->kind, d->decision) ||
	    !past_day_ok(c, r, d->decided_on))
		return FLOW_INVALID;
	if (flow_decision_needs_reason(d->decision) && d->n_reasons == 0)
		return FLOW_INVALID;
	for (size_t i = 0; i < d->n_reasons; i++)
		if (blank(d->reasons[i].part) || !flow_ground_valid(d->reasons[i].ground))
			return FLOW_INVALID;
	const struct profile_disclosure *pd = &c->profile->disclosure;
	unsigned allowed = (pd->view ? METHOD_VIEW : 0) |
	                   (pd->copy ? METHOD_COPY : 0) |
	                   (pd->mail_copy ? METHOD_MAIL : 0);
	if (flow_decision_discloses(d->decision) &&
	    (d->methods == 0 || (d->methods & ~allowed)))
		return FLOW_INVALID;
	for (size_t i = 0; i < d->n_slots; i++)
		if (!slot_valid(d->slots[i].starts_at))
			return FLOW_INVALID;
	if (tp_still_waiting(c, r->id, d->decided_on))
		return FLOW_WAIT;
	return FLOW_OK;
}

static int decide_rows(const struct flow_ctx *c, long long id,
                       const struct flow_decide *d)
{
	for (size_t i = 0; i < d->n_reasons; i++) {
		sqlite3_stmt *st = db_stmt(c->db, sql_reason);
		if (st == NULL)
			return FLOW_ERROR;
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, d->reasons[i].part);
		db_bind_text(st, 3, d->reasons[i].ground);
		db_bind_text(st, 4, d->reasons[i].explanation ? d->reasons[i].explanation : "");
		if (exec_stmt(c->db, st) != FLOW_OK)
			return FLOW_ERROR;
	}
	for (size_t i = 0; flow_decision_discloses(d->decision) && i < d->n_slots; i++) {
		sqlite3_stmt *st = db_stmt(c->db, sql_slot);
		if (st == NULL)
			return FLOW_ERROR;
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, d->slots[i].starts_at);
		db_bind_text(st, 3, d->slots[i].place ? d->slots[i].place : "");
		if (exec_stmt(c->db, st) != FLOW_OK)
			return FLOW_ERROR;
	}
	return FLOW_OK;
}

static const char *methods_text(struct arena *a, unsigned m)
{
	return arena_printf(a, "%s%s%s%s%s", m & METHOD_VIEW ? "view" : "",
	                    (m & METHOD_VIEW) && (m & (METHOD_COPY | METHOD_MAIL)) ? "," : "",
	                    m & METHOD_COPY ? "copy" : "",
	                    (m & METHOD_COPY) && (m & METHOD_MAIL) ? "," : "",
	                    m & METHOD_MAIL ? "mail" : "");
}

int flow_decide(const struct flow_ctx *c, long long id,
                const struct flow_decide *d)
{
	struct case_row r;
	int rc = load(c, id, &r);
	if (rc != FLOW_OK)
		return rc;
	if (d->decision == DEC_DISMISSED)
		return d->n_reasons && !blank(d->reasons[0].explanation)
		               ? flow_dismiss(c, id, d->reasons[0].explanation)
		               : FLOW_INVALID;
	if (!pending(r.state))
		return FLOW_STATE;
	if ((rc = decide_check(c, &r, d)) != FLOW_OK ||
	    (rc = decide_rows(c, id, d)) != FLOW_OK)
		return rc;
	const char *methods = flow_decision_discloses(d->decision)
	                              ? methods_text(c->arena, d->methods) : "";
	sqlite3_stmt *st = db_stmt(c->db, sql_decision);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, flow_decision_name(d->decision));
	db_bind_text(st, 3, day_text(c->arena, d->decided_on));
	db_bind_text(st, 4, methods);
	if ((rc = exec_stmt(c->db, st)) != FLOW_OK)
		return rc;
	const char *data = json_text(c->arena, json_pack("{s:s, s:s, s:s}",
	        "decision", flow_decision_name(d->decision),
	        "decided_on", day_text(c->arena, d->decided_on), "methods", methods));
	if ((rc = data ? set_state(c, id, CASE_DECIDED, "decided", true, data)
	               : FLOW_ERROR) != FLOW_OK)
		return rc;
	if (d->n_slots == 0 || !flow_decision_discloses(d->decision))
		return FLOW_OK;
	json_t *slots = json_array();
	for (size_t i = 0; i < d->n_slots; i++)
		json_array_append_new(slots, json_string(d->slots[i].starts_at));
	data = json_text(c->arena, json_pack("{s:o}", "slots", slots));
	return data ? event(c, id, "offer_made", true, data) : FLOW_ERROR;
}

/* ---- fees and payment ---- */

static const char sql_fee_state[] =
    "SELECT state, amount_yen FROM fee WHERE request_id = ?1";
static const char sql_fee_set[] =
    "INSERT INTO fee (request_id, amount_yen, breakdown, state, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (request_id) DO UPDATE SET "
    "amount_yen = ?2, breakdown = ?3, state = ?4 WHERE fee.state IN ('due', 'waived')";

/* The fee's state ("" when none) and amount. */
static int fee_load(const struct flow_ctx *c, long long id, const char **state,
                    long *amount)
{
	sqlite3_stmt *st = db_stmt(c->db, sql_fee_state);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	int rc = sqlite3_step(st);
	*state = "";
	*amount = 0;
	if (rc == SQLITE_ROW) {
		*state = arena_strdup(c->arena, db_col_text(st, 0));
		*amount = (long)sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? FLOW_OK : FLOW_ERROR;
}

static long fee_add(long total, long part)
{
	if (total < 0 || part < 0 || part > 100000000L - total)
		return -1;
	return total + part;
}

/* The amount and its breakdown; -1 for an item or count the table refuses. */
static long fee_compute(const struct flow_ctx *c, const struct flow_fee *f,
                        json_t *media)
{
	const struct profile *p = c->profile;
	long total = 0;
	if (f->mono_pages)
		total = fee_add(total, profile_fee_estimate(p, "mono", f->mono_pages));
	if (f->colour_pages)
		total = fee_add(total, profile_fee_estimate(p, "colour", f->colour_pages));
	for (size_t i = 0; i < f->n_media && total >= 0; i++) {
		const struct flow_media *m = &f->media[i];
		const struct fee_item *it = profile_fee_item(p, m->item ? m->item : "");
		long yen;
		if (it == NULL || m->units < 1)
			return -1;
		yen = it->at_cost ? m->yen : profile_fee_estimate(p, m->item, m->units);
		total = fee_add(total, yen);
		json_array_append_new(media, json_pack("{s:s, s:i, s:I}", "item", m->item,
		                                       "units", m->units, "yen", (json_int_t)yen));
	}
	if (f->postage_yen && p->fee.postage == POSTAGE_NONE)
		return -1;
	return fee_add(total, f->postage_yen);
}

int flow_set_fee(const struct flow_ctx *c, long long id,
                 const struct flow_fee *f, long *amount)
{
	struct case_row r;
	enum flow_decision dec;
	const char *state;
	long old;
	int rc = load(c, id, &r);
	if (rc == FLOW_OK)
		rc = fee_load(c, id, &state, &old);
	if (rc != FLOW_OK)
		return rc;
	if (r.state != CASE_DECIDED || flow_decision_parse(r.decision, &dec) != 0 ||
	    !flow_decision_discloses(dec) || strcmp(state, "paid") == 0 ||
	    strcmp(state, "refunded") == 0)
		return FLOW_STATE;
	if (f->mono_pages < 0 || f->colour_pages < 0 || f->postage_yen < 0)
		return FLOW_INVALID;
	json_t *media = json_array();
	*amount = fee_compute(c, f, media);
	if (*amount < 0) {
		json_decref(media);
		return FLOW_INVALID;
	}
	const char *breakdown = json_text(c->arena, json_pack("{s:i, s:i, s:o, s:I}",
	        "mono_pages", f->mono_pages, "colour_pages", f->colour_pages,
	        "media", media, "postage_yen", (json_int_t)f->postage_yen));
	if (breakdown == NULL)
		return FLOW_ERROR;
	const char *fstate = *amount == 0 ? "waived" : "due";
	sqlite3_stmt *st = db_stmt(c->db, sql_fee_set);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, *amount);
	db_bind_text(st, 3, breakdown);
	db_bind_text(st, 4, fstate);
	db_bind_text(st, 5, case_now(c->arena));
	if ((rc = exec_stmt(c->db, st)) != FLOW_OK)
		return rc;
	const char *data = json_text(c->arena, json_pack("{s:I, s:s, s:s}",
	        "amount_yen", (json_int_t)*amount, "state", fstate,
	        "breakdown", breakdown));
	return data ? event(c, id, "fee_set", true, data) : FLOW_ERROR;
}

static const char sql_fee_paid[] =
    "UPDATE fee SET state = 'paid', paid_via = ?2, paid_at = ?3 "
    "WHERE request_id = ?1 AND state = 'due'";

int flow_record_payment(const struct flow_ctx *c, long long id,
                        const char *via, long amount)
{
	enum pay_method m;
	if (via && strcmp(via, "counter") == 0)
		m = PAY_COUNTER;
	else if (via && strcmp(via, "bank_slip") == 0)
		m = PAY_BANK_SLIP;
	else if (via && strcmp(via, "registered_mail") == 0)
		m = PAY_REGISTERED_MAIL;
	else
		return FLOW_INVALID; /* online payments come from the provider */
	if (!profile_pay_accepts(c->profile, m))
		return FLOW_INVALID;
	const char *state;
	long due;
	struct case_row r;
	int rc = load(c, id, &r);
	if (rc == FLOW_OK)
		rc = fee_load(c, id, &state, &due);
	if (rc != FLOW_OK)
		return rc;
	if (strcmp(state, "due") != 0)
		return FLOW_STATE;
	if (amount != due)
		return FLOW_AMOUNT;
	sqlite3_stmt *st = db_stmt(c->db, sql_fee_paid);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, via);
	db_bind_text(st, 3, case_now(c->arena));
	if ((rc = exec_stmt(c->db, st)) != FLOW_OK)
		return rc;
	if (sqlite3_changes(db_handle(c->db)) != 1)
		return FLOW_STATE;
	const char *data = json_text(c->arena, json_pack("{s:s, s:I}", "via", via,
	                                                 "amount_yen", (json_int_t)amount));
	return data ? event(c, id, "fee_paid", true, data) : FLOW_ERROR;
}

/* ---- delivery and the end ---- */

static const char sql_objected[] =
    "SELECT COUNT(*) FROM third_party WHERE request_id = ?1 AND objects = 1";

cal_day flow_disclosure_earliest(struct db *db, const struct profile *p,
                                 long long id)
{
	struct arena *a = arena_new();
	struct case_row r;
	enum flow_decision dec;
	cal_day decided, out = 0;
	sqlite3_stmt *st = db_stmt(db, sql_objected);
	if (st != NULL && case_load(db, a, id, &r) == 0 &&
	    flow_decision_parse(r.decision, &dec) == 0 &&
	    flow_decision_discloses(dec) && cal_parse(r.decided_on, &decided) == 0) {
		db_bind_int(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0)
			/* 法86③: at least two weeks between the decision day and
			 * the day of disclosure, both left out. */
			out = decided + p->deadline.third_party_wait_days + 1;
		sqlite3_reset(st);
	}
	arena_free(a);
	return out;
}

int flow_deliver(const struct flow_ctx *c, long long id, const char *method,
                 cal_day on)
{
	struct case_row r;
	enum flow_decision dec;
	const char *state;
	long amount;
	int rc = load(c, id, &r);
	if (rc == FLOW_OK)
		rc = fee_load(c, id, &state, &amount);
	if (rc != FLOW_OK)
		return rc;
	if (r.state != CASE_DECIDED || flow_decision_parse(r.decision, &dec) != 0 ||
	    !flow_decision_discloses(dec))
		return FLOW_STATE;
	if (method == NULL || (strcmp(method, "counter") != 0 &&
	                       strcmp(method, "mail") != 0) ||
	    !past_day_ok(c, &r, on))
		return FLOW_INVALID;
	cal_day earliest = flow_disclosure_earliest(c->db, c->profile, id);
	if (earliest && on < earliest)
		return FLOW_WAIT;
	if (strcmp(state, "due") == 0 && c->profile->fee.prepay)
		return FLOW_UNPAID;
	const char *data = json_text(c->arena, json_pack("{s:s, s:s}", "method",
	                                                 method, "on", day_text(c->arena, on)));
	return data ? set_state(c, id, CASE_DELIVERED, "delivered", true, data)
	            : FLOW_ERROR;
}

int flow_carried_out(const struct flow_ctx *c, long long id, cal_day on)
{
	struct case_row r;
	int rc = load(c, id, &r);
	if (rc != FLOW_OK)
		return rc;
	if (r.state != CASE_DECIDED || (strcmp(r.decision, "correct") != 0 &&
	                                strcmp(r.decision, "stop") != 0))
		return FLOW_STATE;
	if (!past_day_ok(c, &r, on))
		return FLOW_INVALID;
	const char *data = json_text(c->arena, json_pack("{s:s}", "on",
	                                                 day_text(c->arena, on)));
	return data ? set_state(c, id, CASE_DELIVERED, "carried_out", true, data)
	            : FLOW_ERROR;
}

int flow_close(const struct flow_ctx *c, long long id)
{
	struct case_row r;
	enum flow_decision dec;
	int rc = load(c, id, &r);
	if (rc != FLOW_OK)
		return rc;
	/* A disclosure or a correction that was decided is closed only after
	 * it has been carried out. */
	if (r.state == CASE_DECIDED && flow_decision_parse(r.decision, &dec) == 0 &&
	    (flow_decision_discloses(dec) || dec == DEC_CORRECT || dec == DEC_STOP))
		return FLOW_STATE;
	return set_state(c, id, CASE_CLOSED, "closed", true, NULL);
}

int flow_withdraw(const struct flow_ctx *c, long long id, cal_day on)
{
	struct case_row r;
	int rc = load(c, id, &r);
	if (rc != FLOW_OK)
		return rc;
	if (!case_is_open(r.state))
		return FLOW_STATE;
	if (!past_day_ok(c, &r, on))
		return FLOW_INVALID;
	const char *data = json_text(c->arena, json_pack("{s:s, s:s}", "by",
	                                                 "requester", "on", day_text(c->arena, on)));
	return data ? set_state(c, id, CASE_WITHDRAWN, "withdrawn", true, data)
	            : FLOW_ERROR;
}

int flow_dismiss(const struct flow_ctx *c, long long id, const char *reason)
{
	return flow_dismiss_on(c, id, reason, c->today);
}

int flow_dismiss_on(const struct flow_ctx *c, long long id, const char *reason,
                    cal_day on)
{
	struct case_row r;
	int rc = load(c, id, &r);
	if (rc != FLOW_OK)
		return rc;
	if (!case_is_open(r.state))
		return FLOW_STATE;
	if (blank(reason) || !past_day_ok(c, &r, on))
		return FLOW_INVALID;
	sqlite3_stmt *st = db_stmt(c->db, sql_decision);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, "dismissed");
	db_bind_text(st, 3, day_text(c->arena, on));
	db_bind_text(st, 4, "");
	if ((rc = exec_stmt(c->db, st)) != FLOW_OK)
		return rc;
	const char *data = json_text(c->arena, json_pack("{s:s, s:s}", "reason", reason,
	                                                 "decided_on", day_text(c->arena, on)));
	return data ? set_state(c, id, CASE_DISMISSED, "dismissed", true, data)
	            : FLOW_ERROR;
}

/* ---- appeals ---- */

static const char sql_appeal_new[] =
    "INSERT INTO appeal (request_id, received_on) VALUES (?1, ?2)";
static const char sql_appeal_get[] =
    "SELECT received_on, COALESCE(consulted_on, ''), COALESCE(answered_on, ''), "
    "COALESCE(ruled_on, '') FROM appeal WHERE id = ?1 AND request_id = ?2";
static const char sql_appeal_consulted[] =
    "UPDATE appeal SET consulted_on = ?2 WHERE id = ?1";
static const char sql_appeal_answered[] =
    "UPDATE appeal SET answered_on = ?2 WHERE id = ?1";
static const char sql_appeal_ruled[] =
    "UPDATE appeal SET ruled_on = ?2, outcome = ?3 WHERE id = ?1";

int flow_appeal(const struct flow_ctx *c, long long id, cal_day on,
                long long *appeal_id)
{
	struct case_row r;
	cal_day decided;
	int rc = load(c, id, &r);
	if (rc != FLOW_OK)
		return rc;
	if (case_is_open(r.state) || r.state == CASE_WITHDRAWN ||
	    cal_parse(r.decided_on, &decided) != 0)
		return FLOW_STATE;
	if (on < decided || on > c->today)
		return FLOW_INVALID;
	sqlite3_stmt *st = db_stmt(c->db, sql_appeal_new);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, day_text(c->arena, on));
	if ((rc = exec_stmt(c->db, st)) != FLOW_OK)
		return rc;
	*appeal_id = sqlite3_last_insert_rowid(db_handle(c->db));
	const char *data = json_text(c->arena, json_pack("{s:I, s:s}", "appeal",
	        (json_int_t)*appeal_id, "on", day_text(c->arena, on)));
	return data ? event(c, id, "appeal_received", true, data) : FLOW_ERROR;
}

struct appeal_row {
	cal_day received;
	const char *consulted, *answered, *ruled;
};

static int appeal_load(const struct flow_ctx *c, long long id, long long appeal_id,
                       struct appeal_row *out)
{
	sqlite3_stmt *st = db_stmt(c->db, sql_appeal_get);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, appeal_id);
	db_bind_int(st, 2, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (cal_parse(db_col_text(st, 0), &out->received) != 0)
			rc = SQLITE_ERROR;
		out->consulted = arena_strdup(c->arena, db_col_text(st, 1));
		out->answered = arena_strdup(c->arena, db_col_text(st, 2));
		out->ruled = arena_strdup(c->arena, db_col_text(st, 3));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? FLOW_OK : rc == SQLITE_DONE ? FLOW_NOT_FOUND : FLOW_ERROR;
}

/* The day must follow the step before it and not be in the future. */
static bool after(const char *prev, cal_day on, cal_day today)
{
	cal_day p;
	return on <= today && (*prev == '\0' || (cal_parse(prev, &p) == 0 && on >= p));
}

int flow_appeal_step(const struct flow_ctx *c, long long id, long long appeal_id,
                     enum appeal_step step, cal_day on)
{
	struct appeal_row a;
	int rc = appeal_load(c, id, appeal_id, &a);
	if (rc != FLOW_OK)
		return rc == FLOW_NOT_FOUND ? FLOW_INVALID : rc;
	const char *sql, *kind, *prev;
	if (*a.ruled)
		return FLOW_STATE;
	if (step == APPEAL_CONSULTED) {
		if (*a.consulted)
			return FLOW_STATE;
		sql = sql_appeal_consulted;
		kind = "appeal_consulted";
		prev = day_text(c->arena, a.received);
	} else {
		if (!*a.consulted || *a.answered)
			return FLOW_STATE;
		sql = sql_appeal_answered;
		kind = "appeal_answered";
		prev = a.consulted;
	}
	if (!after(prev, on, c->today))
		return FLOW_INVALID;
	sqlite3_stmt *st = db_stmt(c->db, sql);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, appeal_id);
	db_bind_text(st, 2, day_text(c->arena, on));
	if ((rc = exec_stmt(c->db, st)) != FLOW_OK)
		return rc;
	const char *data = json_text(c->arena, json_pack("{s:I, s:s}", "appeal",
	        (json_int_t)appeal_id, "on", day_text(c->arena, on)));
	return data ? event(c, id, kind, true, data) : FLOW_ERROR;
}

int flow_appeal_ruled(const struct flow_ctx *c, long long id,
                      long long appeal_id, cal_day on, const char *outcome)
{
	struct appeal_row a;
	int rc = appeal_load(c, id, appeal_id, &a);
	if (rc != FLOW_OK)
		return rc == FLOW_NOT_FOUND ? FLOW_INVALID : rc;
	/* 行政不服審査法43: once the council is consulted, the ruling waits
	 * for its answer. */
	if (*a.ruled || (*a.consulted && !*a.answered))
		return FLOW_STATE;
	if (!flow_appeal_outcome_valid(outcome) ||
	    !after(*a.answered ? a.answered : day_text(c->arena, a.received), on,
	           c->today))
		return FLOW_INVALID;
	sqlite3_stmt *st = db_stmt(c->db, sql_appeal_ruled);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, appeal_id);
	db_bind_text(st, 2, day_text(c->arena, on));
	db_bind_text(st, 3, outcome);
	if ((rc = exec_stmt(c->db, st)) != FLOW_OK)
		return rc;
	const char *data = json_text(c->arena, json_pack("{s:I, s:s, s:s}", "appeal",
	        (json_int_t)appeal_id, "on", day_text(c->arena, on), "outcome", outcome));
	return data ? event(c, id, "appeal_ruled", true, data) : FLOW_ERROR;
}

int flow_reissue_code(const struct flow_ctx *c, long long id, const char **code)
{
	struct case_row r;
	int rc = load(c, id, &r);
	if (rc != FLOW_OK)
		return rc;
	*code = case_code_reissue(c->db, c->arena, id, r.ref, c->actor);
	return *code ? FLOW_OK : FLOW_ERROR;
}

/* ---- retention ---- */

static const char sql_finished_on[] =
    "SELECT MAX(at) FROM event WHERE request_id = ?1 "
    "AND kind IN ('closed', 'withdrawn', 'dismissed')";

/* "YYYY-MM-DDTHH:MM:SSZ" (UTC) → the day in Asia/Tokyo. */
static int utc_stamp_day(const char *at, cal_day *out)
{
	char date[11];
	if (strlen(at) < 13)
		return -1;
	memcpy(date, at, 10);
	date[10] = '\0';
	if (cal_parse(date, out) != 0)
		return -1;
	int hour = (at[11] - '0') * 10 + (at[12] - '0');
	if (hour + 9 >= 24)
		(*out)++;
	return 0;
}

int flow_purge_day(struct db *db, const struct profile *p, long long id,
                   cal_day *day)
{
	struct arena *a = arena_new();
	struct case_row r;
	int rc = case_load(db, a, id, &r);
	if (rc == 0 && r.state != CASE_CLOSED && r.state != CASE_WITHDRAWN &&
	    r.state != CASE_DISMISSED)
		rc = 1;
	if (rc == 0) {
		sqlite3_stmt *st = db_stmt(db, sql_finished_on);
		rc = -1;
		if (st != NULL) {
			db_bind_int(st, 1, id);
			if (sqlite3_step(st) == SQLITE_ROW &&
			    utc_stamp_day(db_col_text(st, 0), day) == 0) {
				*day += p->retention_document_days;
				rc = 0;
			}
			sqlite3_reset(st);
		}
	}
	arena_free(a);
	return rc;
}

static const char sql_purge_candidates[] =
    "SELECT DISTINCT r.id FROM request r JOIN document d ON d.request_id = r.id "
    "WHERE d.purged_at IS NULL AND r.state IN ('closed', 'withdrawn', 'dismissed') "
    "ORDER BY r.id";
static const char sql_purge_docs[] =
    "SELECT id, vault_name FROM document WHERE request_id = ?1 AND purged_at IS NULL";
static const char sql_purge_mark[] =
    "UPDATE document SET purged_at = ?2 WHERE id = ?1";

static int purge_one(struct db *db, long long id, const char *vault_dir,
                     struct arena *a)
{
	sqlite3_stmt *st = db_stmt(db, sql_purge_docs);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	long long ids[256];
	const char *names[256];
	size_t n = 0;
	while (n < 256 && sqlite3_step(st) == SQLITE_ROW) {
		ids[n] = sqlite3_column_int64(st, 0);
		names[n++] = arena_strdup(a, db_col_text(st, 1));
	}
	sqlite3_reset(st);
	int count = 0;
	for (size_t i = 0; i < n; i++) {
		/* A name the vault would not have made is never a path. */
		if (vault_name_ok(names[i]) && vault_delete(vault_dir, names[i]) != 0)
			return -1;
		st = db_stmt(db, sql_purge_mark);
		if (st == NULL)
			return -1;
		db_bind_int(st, 1, ids[i]);
		db_bind_text(st, 2, case_now(a));
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite3_reset(st);
			return -1;
		}
		sqlite3_reset(st);
		count++;
	}
	char data[64];
	snprintf(data, sizeof data, "{\"documents\":%d}", count);
	return case_event(db, id, "system", "documents_purged", false, data) == 0
	               ? count : -1;
}

int flow_purge_documents(struct db *db, const struct profile *p,
                         const char *vault_dir, struct arena *a)
{
	sqlite3_stmt *st = db_stmt(db, sql_purge_candidates);
	if (st == NULL)
		return -1;
	size_t cap = 64, n = 0;
	long long *ids = arena_calloc(a, cap, sizeof *ids);
	while (sqlite3_step(st) == SQLITE_ROW) {
		ids = arena_grow(a, ids, n, &cap, sizeof *ids);
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	cal_day today = cal_today();
	int total = 0;
	for (size_t i = 0; i < n; i++) {
		cal_day day;
		if (flow_purge_day(db, p, ids[i], &day) != 0 || today < day)
			continue;
		if (db_begin(db) != 0)
			return -1;
		int got = purge_one(db, ids[i], vault_dir, a);
		if (got < 0 || db_commit(db) != 0) {
			db_rollback(db);
			return -1;
		}
		total += got;
	}
	return total;
}

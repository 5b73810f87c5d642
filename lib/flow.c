#include "flow.h"

#include <stdlib.h>
#include <string.h>

#include "flow-internal.h"
#include "log.h"

static const char *const err_names[] = {
	[FLOW_OK] = "ok",          [FLOW_NOT_FOUND] = "not_found",
	[FLOW_STATE] = "state",    [FLOW_INVALID] = "invalid",
	[FLOW_LATE] = "late",      [FLOW_LIMIT] = "limit",
	[FLOW_WAIT] = "wait",      [FLOW_UNPAID] = "unpaid",
	[FLOW_AMOUNT] = "amount",  [FLOW_COUNCIL] = "council",
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
	[DEC_PARTLY_CORRECT] = "partly_correct",
	[DEC_PARTLY_STOP] = "partly_stop",
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
		return d == DEC_CORRECT || d == DEC_NOT_CORRECT ||
		       d == DEC_PARTLY_CORRECT;
	case KIND_SUSPENSION:
	case KIND_DELETION:
	case KIND_CESSATION:
		return d == DEC_STOP || d == DEC_NOT_STOP || d == DEC_PARTLY_STOP;
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
	       d == DEC_NOT_EXIST || d == DEC_NOT_CORRECT || d == DEC_NOT_STOP ||
	       d == DEC_PARTLY_CORRECT || d == DEC_PARTLY_STOP;
}

/* 個人情報の保護に関する法律78条1項: 4号 (国の安全等) is for "行政機関の長
 * が第八十二条各項の決定をする場合" only; 5号 (公共の安全と秩序) for 行政機関
 * の長 and 地方公共団体の機関 (都道府県の機関に限る); a local body's
 * information of the same kinds falls under 7号イ (国の安全等: 地方公共団体
 * の機関) and 7号ロ (犯罪の予防等: 地方公共団体の機関, 都道府県の機関を除く).
 * 4号 and 5号 stay in the table so that decisions recorded with them keep
 * their label. */
const struct flow_ground flow_grounds[] = {
	{ "life", GROUND_ANY },              /* 法78①1 本人の生命、健康、生活又は財産 */
	{ "third_person", GROUND_ANY },      /* 法78①2 開示請求者以外の個人に関する情報 */
	{ "corporate", GROUND_ANY },         /* 法78①3 法人等に関する情報 */
	{ "security", 0 },                   /* 法78①4 国の安全等: 行政機関の長 */
	{ "public_safety", GROUND_PREFECTURE }, /* 法78①5 公共の安全と秩序 */
	{ "deliberation", GROUND_ANY },      /* 法78①6 審議、検討又は協議 */
	{ "security_local", GROUND_ANY },    /* 法78①7イ 国の安全等 (地方公共団体の機関) */
	{ "public_safety_local", GROUND_MUNICIPALITY }, /* 法78①7ロ 犯罪の予防等 */
	{ "operations", GROUND_ANY },        /* 法78①7 (ハ–ト) 事務又は事業の適正な遂行 */
	{ "existence", GROUND_ANY },         /* 法81 存否を答えるだけで不開示情報を開示する */
	{ "ordinance", GROUND_ANY },         /* 法78② 条例で定める情報 */
	{ "not_held", GROUND_ANY },          /* 保有していない */
	{ "other", GROUND_ANY },             /* 訂正しない・利用停止しない理由など */
	{ NULL, 0 },
};

static const struct flow_ground *ground_find(const char *ground)
{
	for (size_t i = 0; ground && flow_grounds[i].id; i++)
		if (strcmp(ground, flow_grounds[i].id) == 0)
			return &flow_grounds[i];
	return NULL;
}

bool flow_ground_valid(const char *ground)
{
	return ground_find(ground) != NULL;
}

bool flow_ground_applies(const struct profile *p, const char *ground)
{
	const struct flow_ground *g = ground_find(ground);
	unsigned body = p->body_kind == BODY_PREFECTURE ? GROUND_PREFECTURE
	                                                : GROUND_MUNICIPALITY;
	return g != NULL && (g->bodies & body) != 0;
}

/* ---- shared by the flow-*.c files ---- */

const char *flow_day_text(struct arena *a, cal_day d)
{
	char s[11];
	cal_format(d, s);
	return arena_strdup(a, s);
}

bool flow_blank(const char *s)
{
	return s == NULL || s[strspn(s, " \t\r\n")] == '\0';
}

const char *flow_json_text(struct arena *a, json_t *j)
{
	char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
	const char *out = s ? arena_strdup(a, s) : NULL;
	free(s);
	json_decref(j);
	return out;
}

int flow_exec(struct db *db, struct db_stmt *st)
{
	if (st == NULL)
		return FLOW_ERROR;
	int rc = db_step(st);
	if (rc != DB_DONE && rc != DB_ROW)
		log_event(LOG_ERR, "flow: %s", db_errmsg(db));
	db_reset(st);
	return rc == DB_DONE || rc == DB_ROW ? FLOW_OK : FLOW_ERROR;
}

int flow_exec_id(struct db *db, struct db_stmt *st, long long *new_id)
{
	return db_step_id(db, st, "flow", new_id) == 0 ? FLOW_OK : FLOW_ERROR;
}

int flow_exec_text(const struct flow_ctx *c, const char *sql, long long id,
                   const char *text)
{
	struct db_stmt *st = db_stmt(c->db, sql);
	if (st == NULL)
		return FLOW_ERROR;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, text);
	return flow_exec(c->db, st);
}

int flow_exec_day(const struct flow_ctx *c, const char *sql, long long id,
                  cal_day day)
{
	return flow_exec_text(c, sql, id, flow_day_text(c->arena, day));
}

int flow_load(const struct flow_ctx *c, long long id, struct case_row *row)
{
	int rc = case_load(c->db, c->arena, id, row);
	return rc == 0 ? FLOW_OK : rc == 1 ? FLOW_NOT_FOUND : FLOW_ERROR;
}

int flow_load_pending(const struct flow_ctx *c, long long id,
                      struct case_row *row)
{
	int rc = flow_load(c, id, row);
	return rc == FLOW_OK && !flow_pending(row->state) ? FLOW_STATE : rc;
}

int flow_load_open(const struct flow_ctx *c, long long id,
                   struct case_row *row)
{
	int rc = flow_load(c, id, row);
	return rc == FLOW_OK && !case_is_open(row->state) ? FLOW_STATE : rc;
}

int flow_set_state(const struct flow_ctx *c, long long id, enum case_state to,
                   const char *kind, bool visible, const char *data)
{
	int rc = case_set_state(c->db, id, to, c->actor, kind, visible, data);
	return rc == 0 ? FLOW_OK : rc == 1 ? FLOW_STATE : FLOW_ERROR;
}

int flow_event(const struct flow_ctx *c, long long id, const char *kind,
               bool visible, const char *data)
{
	return case_event(c->db, id, c->actor, kind, visible, data) == 0
	               ? FLOW_OK : FLOW_ERROR;
}

int flow_set_state_json(const struct flow_ctx *c, long long id,
                        enum case_state to, const char *kind, bool visible,
                        json_t *j)
{
	const char *data = flow_json_text(c->arena, j);
	return data ? flow_set_state(c, id, to, kind, visible, data) : FLOW_ERROR;
}

int flow_event_json(const struct flow_ctx *c, long long id, const char *kind,
                    bool visible, json_t *j)
{
	const char *data = flow_json_text(c->arena, j);
	return data ? flow_event(c, id, kind, visible, data) : FLOW_ERROR;
}

json_t *flow_on_json(struct arena *a, cal_day on)
{
	return json_pack("{s:s}", "on", flow_day_text(a, on));
}

bool flow_pending(enum case_state s)
{
	return s == CASE_RECEIVED || s == CASE_REVIEWING || s == CASE_CONSULTING;
}

bool flow_past_day_ok(const struct flow_ctx *c, const struct case_row *r,
                      cal_day d)
{
	return d >= r->received_on && d <= c->today;
}

/* ---- steps on the case itself ---- */

int flow_review(const struct flow_ctx *c, long long id)
{
	return flow_set_state(c, id, CASE_REVIEWING, "reviewing", true, NULL);
}

static const char sql_doc_of[] =
    "SELECT 1 FROM document WHERE id = ?1 AND request_id = ?2";

static bool doc_belongs(const struct flow_ctx *c, long long id, long long doc)
{
	struct db_stmt *st = db_stmt(c->db, sql_doc_of);
	if (st == NULL)
		return false;
	db_bind_int(st, 1, doc);
	db_bind_int(st, 2, id);
	return db_step_row(st);
}

/* The documents as a JSON array, or NULL when one is not the request's. */
static json_t *docs_json(const struct flow_ctx *c, long long id,
                         const long long *docs, size_t n_docs)
{
	json_t *list = json_array();
	for (size_t i = 0; i < n_docs; i++) {
		if (!doc_belongs(c, id, docs[i])) {
			json_decref(list);
			return NULL;
		}
		json_array_append_new(list, json_integer(docs[i]));
	}
	return list;
}

int flow_identity_checked(const struct flow_ctx *c, long long id,
                          const long long *docs, size_t n_docs,
                          const char *note)
{
	struct case_row r;
	int rc = flow_load(c, id, &r);
	if (rc != FLOW_OK)
		return rc;
	if (!case_is_open(r.state) && r.state != CASE_DECIDED)
		return FLOW_STATE;
	json_t *list = docs_json(c, id, docs, n_docs);
	if (list == NULL)
		return FLOW_INVALID;
	rc = flow_event_json(c, id, "identity_checked", false,
	        json_pack("{s:o, s:s, s:s?}", "documents", list, "by", c->actor,
	                  "note", flow_blank(note) ? NULL : note));
	if (rc == FLOW_OK && r.state == CASE_RECEIVED)
		rc = flow_review(c, id);
	return rc;
}

int flow_reissue_code(const struct flow_ctx *c, long long id, const char **code)
{
	struct case_row r;
	int rc = flow_load(c, id, &r);
	if (rc != FLOW_OK)
		return rc;
	*code = case_code_reissue(c->db, c->arena, id, r.ref, c->actor);
	return *code ? FLOW_OK : FLOW_ERROR;
}

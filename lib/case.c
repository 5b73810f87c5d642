#include "case.h"
#include "mail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sodium.h>
#include <utf8proc.h>

#include "log.h"
#include "token.h"

static const char *const state_names[CASE__MAX] = {
	[CASE_RECEIVED] = "received",     [CASE_REVIEWING] = "reviewing",
	[CASE_AMENDING] = "amending",     [CASE_CONSULTING] = "consulting",
	[CASE_DECIDED] = "decided",       [CASE_DELIVERED] = "delivered",
	[CASE_CLOSED] = "closed",         [CASE_WITHDRAWN] = "withdrawn",
	[CASE_DISMISSED] = "dismissed",
};

/* from → to, as in DESIGN.md's life of a request. */
static const unsigned char transitions[CASE__MAX][CASE__MAX] = {
	[CASE_RECEIVED] = { [CASE_REVIEWING] = 1, [CASE_AMENDING] = 1,
	                    [CASE_CONSULTING] = 1, [CASE_DECIDED] = 1,
	                    [CASE_WITHDRAWN] = 1, [CASE_DISMISSED] = 1 },
	[CASE_REVIEWING] = { [CASE_AMENDING] = 1, [CASE_CONSULTING] = 1,
	                     [CASE_DECIDED] = 1, [CASE_WITHDRAWN] = 1,
	                     [CASE_DISMISSED] = 1 },
	[CASE_AMENDING] = { [CASE_REVIEWING] = 1, [CASE_WITHDRAWN] = 1,
	                    [CASE_DISMISSED] = 1 },
	[CASE_CONSULTING] = { [CASE_REVIEWING] = 1, [CASE_DECIDED] = 1,
	                      [CASE_WITHDRAWN] = 1 },
	[CASE_DECIDED] = { [CASE_DELIVERED] = 1, [CASE_CLOSED] = 1 },
	[CASE_DELIVERED] = { [CASE_CLOSED] = 1 },
};

/* 32 symbols without look-alikes: no 0, O, 1, I. */
static const char code_alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

const char *case_state_name(enum case_state s)
{
	return (unsigned)s < CASE__MAX ? state_names[s] : NULL;
}

int case_state_parse(const char *s, enum case_state *out)
{
	for (int i = 0; i < CASE__MAX; i++)
		if (strcmp(s, state_names[i]) == 0) {
			*out = (enum case_state)i;
			return 0;
		}
	return -1;
}

bool case_transition_allowed(enum case_state from, enum case_state to)
{
	if ((unsigned)from >= CASE__MAX || (unsigned)to >= CASE__MAX)
		return false;
	return transitions[from][to] != 0;
}

bool case_is_open(enum case_state s)
{
	return s == CASE_RECEIVED || s == CASE_REVIEWING || s == CASE_AMENDING ||
	       s == CASE_CONSULTING;
}

int case_open_days_until(const struct profile *p, cal_day from, cal_day to)
{
	int n = 0;
	for (cal_day d = from + 1; d <= to && n < 1000; d++)
		if (!cal_is_closed(&p->cal, d))
			n++;
	return n;
}

struct case_clock case_clock(const struct profile *p, const char *state,
                             const char *due_on, const char *rest_by,
                             cal_day today)
{
	struct case_clock c = { false, false, 0, 0 };
	enum case_state s;
	/* 法84: the rest's own due date, counted as any other */
	if (rest_by && cal_parse(rest_by, &c.due) == 0) {
		c.rest = true;
	} else if (case_state_parse(state, &s) != 0 || cal_parse(due_on, &c.due) != 0 ||
	           s == CASE_AMENDING || !case_is_open(s)) {
		c.due = 0;
		return c;
	}
	c.counts = true;
	c.left = c.due < today ? -(int)(today - c.due)
	                       : case_open_days_until(p, today, c.due);
	return c;
}

static char *code_format(struct arena *a, const char raw[CASE_CODE_CHARS])
{
	return arena_printf(a, "%.4s-%.4s-%.4s", raw, raw + 4, raw + 8);
}

char *case_code_new(struct arena *a)
{
	char raw[CASE_CODE_CHARS];
	for (int i = 0; i < CASE_CODE_CHARS; i++)
		raw[i] = code_alphabet[randombytes_uniform(32)];
	return code_format(a, raw);
}

char *case_code_normalize(struct arena *a, const char *typed)
{
	utf8proc_uint8_t *nfkc = utf8proc_NFKC((const utf8proc_uint8_t *)typed);
	if (nfkc == NULL)
		return NULL;
	char raw[CASE_CODE_CHARS];
	size_t n = 0;
	bool ok = true;
	for (const unsigned char *p = nfkc; *p && ok; p++) {
		unsigned char c = *p;
		if (c == '-' || c == ' ')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (unsigned char)(c - 'a' + 'A');
		if (n == CASE_CODE_CHARS || c == 0 || !strchr(code_alphabet, c))
			ok = false;
		else
			raw[n++] = (char)c;
	}
	free(nfkc);
	return ok && n == CASE_CODE_CHARS ? code_format(a, raw) : NULL;
}

char *case_code_hash(struct arena *a, const char *ref, const char *code)
{
	const char *bound = arena_printf(a, "%s\n%s", ref, code);
	return token_hash(a, TOKEN_ACCESS_CODE, bound, strlen(bound));
}

int case_due_date(const struct profile *p, enum req_kind kind, cal_day received,
                  const struct cal_hold *holds, size_t nholds, cal_day *out)
{
	const struct kind_rules *k = profile_kind(p, kind);
	if (k == NULL || !k->enabled)
		return -1;
	return cal_due_date(&p->cal, &k->period, received, holds, nholds, out) ==
	               CAL_OK ? 0 : -1;
}

const char *case_now(struct arena *a)
{
	char stamp[32];
	log_stamp((time_t)cal_now(), stamp);
	return arena_strdup(a, stamp);
}

static const char sql_next_seq[] =
    "SELECT COALESCE(MAX(seq), 0) + 1 FROM request WHERE year = ?1";
static const char sql_insert[] =
    "INSERT INTO request (ref, year, seq, kind, state, agency_id, channel, "
    "code_hash, received_on, due_on, requester_name, data, created_at, "
    "updated_at) VALUES (?1, ?2, ?3, ?4, 'received', ?5, ?6, ?7, ?8, ?9, ?10, "
    "?11, ?12, ?12) RETURNING id";

static int next_seq(struct db *db, int year, int *seq)
{
	struct db_stmt *st = db_stmt(db, sql_next_seq);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, year);
	int rc = db_step(st);
	*seq = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_reset(st);
	return rc == DB_ROW && *seq > 0 && *seq <= 999999 ? 0 : -1;
}

int case_create(struct db *db, const struct profile *p, struct arena *a,
                const struct case_new *in, struct case_created *out)
{
	int y, m, d, seq;
	char received[11], due[11];
	if (in->actor == NULL || in->actor[0] == '\0')
		return -1;
	if (case_due_date(p, in->kind, in->received_on, NULL, 0, &out->due_on))
		return -1;
	cal_to_ymd(in->received_on, &y, &m, &d);
	if (next_seq(db, y, &seq) != 0)
		return -1;
	out->ref = arena_printf(a, "%04d-%06d", y, seq);
	out->code = case_code_new(a);
	cal_format(in->received_on, received);
	cal_format(out->due_on, due);
	struct db_stmt *st = db_stmt(db, sql_insert);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, out->ref);
	db_bind_int(st, 2, y);
	db_bind_int(st, 3, seq);
	db_bind_text(st, 4, profile_kind_name(in->kind));
	db_bind_text(st, 5, in->agency_id);
	db_bind_text(st, 6, in->channel);
	db_bind_text(st, 7, case_code_hash(a, out->ref, out->code));
	db_bind_text(st, 8, received);
	db_bind_text(st, 9, due);
	db_bind_text(st, 10, in->requester_name);
	db_bind_text(st, 11, in->data ? in->data : "{}");
	db_bind_text(st, 12, case_now(a));
	if (db_step_id(db, st, "case_create", &out->id) != 0)
		return -1;
	const char *ev = arena_printf(a, "{\"due_on\":\"%s\",\"channel\":\"%s\"}",
	                              due, in->channel);
	return case_event(db, out->id, in->actor, "received", true, ev);
}

#define CASE_COLUMNS                                                         \
	"id, ref, year, seq, kind, state, agency_id, channel, code_hash, "   \
	"received_on, due_on, requester_name, data, COALESCE(decision, ''), " \
	"COALESCE(decided_on, ''), created_at, updated_at"

static const char sql_by_id[] =
    "SELECT " CASE_COLUMNS " FROM request WHERE id = ?1";
static const char sql_by_ref[] =
    "SELECT " CASE_COLUMNS " FROM request WHERE ref = ?1";

static int row_read(struct db_stmt *st, struct arena *a, struct case_row *r)
{
	memset(r, 0, sizeof *r);
	r->id = db_col_int64(st, 0);
	r->ref = arena_strdup(a, db_col_text(st, 1));
	r->year = db_col_int(st, 2);
	r->seq = db_col_int(st, 3);
	if (!profile_kind_parse(db_col_text(st, 4), &r->kind) ||
	    case_state_parse(db_col_text(st, 5), &r->state) != 0 ||
	    cal_parse(db_col_text(st, 9), &r->received_on) != 0 ||
	    cal_parse(db_col_text(st, 10), &r->due_on) != 0) {
		log_event(LOG_ERR, "request %lld: a column holds a bad value", r->id);
		return -1;
	}
	r->agency_id = arena_strdup(a, db_col_text(st, 6));
	r->channel = arena_strdup(a, db_col_text(st, 7));
	r->code_hash = arena_strdup(a, db_col_text(st, 8));
	r->requester_name = arena_strdup(a, db_col_text(st, 11));
	r->data = arena_strdup(a, db_col_text(st, 12));
	r->decision = arena_strdup(a, db_col_text(st, 13));
	r->decided_on = arena_strdup(a, db_col_text(st, 14));
	r->created_at = arena_strdup(a, db_col_text(st, 15));
	r->updated_at = arena_strdup(a, db_col_text(st, 16));
	return 0;
}

static int load_with(struct db_stmt *st, struct arena *a, struct case_row *out)
{
	int rc = db_step(st), result;
	if (rc == DB_ROW)
		result = row_read(st, a, out);
	else
		result = rc == DB_DONE ? 1 : -1;
	db_reset(st);
	return result;
}

int case_load(struct db *db, struct arena *a, long long id, struct case_row *out)
{
	struct db_stmt *st = db_stmt(db, sql_by_id);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	return load_with(st, a, out);
}

int case_load_ref(struct db *db, struct arena *a, const char *ref,
                  struct case_row *out)
{
	struct db_stmt *st = db_stmt(db, sql_by_ref);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, ref);
	return load_with(st, a, out);
}

bool case_code_matches(struct arena *a, const struct case_row *row,
                       const char *ref, const char *typed)
{
	const char *code = case_code_normalize(a, typed ? typed : "");
	/* Hash even when the code or the row is missing: equal work either way. */
	const char *h = case_code_hash(a, ref ? ref : "", code ? code : "-");
	bool same = token_equal(h, row ? row->code_hash : h);
	return row != NULL && code != NULL && same;
}

static const char sql_event[] =
    "INSERT INTO event (request_id, at, actor, kind, visible, data) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id";

int case_event(struct db *db, long long request_id, const char *actor,
               const char *kind, bool visible, const char *data)
{
	struct arena *a = arena_new();
	struct db_stmt *st = db_stmt(db, sql_event);
	int rc = -1;
	long long event_id = 0;
	if (st != NULL) {
		db_bind_int(st, 1, request_id);
		db_bind_text(st, 2, case_now(a));
		db_bind_text(st, 3, actor);
		db_bind_text(st, 4, kind);
		db_bind_int(st, 5, visible);
		db_bind_text(st, 6, data ? data : "{}");
		rc = db_step_id(db, st, NULL, &event_id);
	}
	/* Its mails in the same transaction (the outbox, lib/mail.h). */
	if (rc == 0)
		rc = mail_on_event(db, request_id, event_id, kind, data);
	arena_free(a);
	return rc;
}

static const char sql_state[] =
    "UPDATE request SET state = ?2, updated_at = ?3 WHERE id = ?1 AND state = ?4";

int case_set_state(struct db *db, long long id, enum case_state to,
                   const char *actor, const char *event_kind, bool visible,
                   const char *data)
{
	struct arena *a = arena_new();
	struct case_row row;
	int rc = case_load(db, a, id, &row);
	if (rc == 0 && !case_transition_allowed(row.state, to))
		rc = 1;
	if (rc == 0) {
		struct db_stmt *st = db_stmt(db, sql_state);
		rc = -1;
		if (st != NULL) {
			db_bind_int(st, 1, id);
			db_bind_text(st, 2, case_state_name(to));
			db_bind_text(st, 3, case_now(a));
			db_bind_text(st, 4, case_state_name(row.state));
			if (db_step(st) == DB_DONE)
				rc = db_changes(db) == 1 ? 0 : 1;
			db_reset(st);
		}
	}
	if (rc == 0)
		rc = case_event(db, id, actor, event_kind, visible, data);
	arena_free(a);
	return rc;
}

static const char sql_due[] =
    "UPDATE request SET due_on = ?2, updated_at = ?3 WHERE id = ?1";

int case_set_due(struct db *db, long long id, cal_day due, const char *actor,
                 const char *event_kind, bool visible, const char *reason)
{
	return case_set_due_ex(db, id, due, actor, event_kind, visible, reason,
	                       NULL);
}

int case_set_due_ex(struct db *db, long long id, cal_day due, const char *actor,
                    const char *event_kind, bool visible, const char *reason,
                    const char *extra)
{
	struct arena *a = arena_new();
	struct case_row row;
	char old[11], new[11];
	int rc = case_load(db, a, id, &row);
	if (rc == 0) {
		cal_format(row.due_on, old);
		cal_format(due, new);
		struct db_stmt *st = db_stmt(db, sql_due);
		rc = -1;
		if (st != NULL) {
			db_bind_int(st, 1, id);
			db_bind_text(st, 2, new);
			db_bind_text(st, 3, case_now(a));
			rc = db_step(st) == DB_DONE ? 0 : -1;
			db_reset(st);
		}
	}
	if (rc == 0) {
		json_t *j = json_pack("{s:s, s:s, s:s?}", "previous_due_on", old,
		                      "due_on", new, "reason", reason);
		json_t *more = extra ? json_loads(extra, 0, NULL) : NULL;
		if (j && json_is_object(more))
			json_object_update_missing(j, more);
		json_decref(more);
		char *data = j ? json_dumps(j, JSON_COMPACT) : NULL;
		rc = data ? case_event(db, id, actor, event_kind, visible, data) : -1;
		free(data);
		json_decref(j);
	}
	arena_free(a);
	return rc;
}

static const char sql_code[] =
    "UPDATE request SET code_hash = ?2, updated_at = ?3 WHERE id = ?1";

char *case_code_reissue(struct db *db, struct arena *a, long long id,
                        const char *ref, const char *actor)
{
	char *code = case_code_new(a);
	struct db_stmt *st = db_stmt(db, sql_code);
	if (st == NULL)
		return NULL;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, case_code_hash(a, ref, code));
	db_bind_text(st, 3, case_now(a));
	/* A new code is issued when the old one may be known to someone else:
	 * every browser signed in with it is signed out (issue 16 item 9), as
	 * the lookup cookies are signed with the code's hash (lib/lookup.c). */
	int ok = db_step(st) == DB_DONE && db_changes(db) == 1;
	db_reset(st);
	if (!ok || case_event(db, id, actor, "code_reissued", true, NULL) != 0)
		return NULL;
	return code;
}

static const char sql_holds[] =
    "SELECT from_on, COALESCE(to_on, '') FROM request_hold "
    "WHERE request_id = ?1 ORDER BY from_on";

int case_holds(struct db *db, struct arena *a, long long id,
               struct cal_hold **holds, size_t *n)
{
	struct db_stmt *st = db_stmt(db, sql_holds);
	size_t cap = 4;
	*n = 0;
	*holds = arena_calloc(a, cap, sizeof **holds);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		struct cal_hold h;
		const char *to = db_col_text(st, 1);
		if (cal_parse(db_col_text(st, 0), &h.from) != 0)
			break;
		if (*to == '\0')
			h.to = cal_today();
		else if (cal_parse(to, &h.to) != 0)
			break;
		if (*n == cap) {
			struct cal_hold *more = arena_calloc(a, cap * 2, sizeof *more);
			memcpy(more, *holds, cap * sizeof *more);
			*holds = more;
			cap *= 2;
		}
		(*holds)[(*n)++] = h;
	}
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}

static const char sql_last_kind[] =
    "SELECT kind, data FROM event WHERE request_id = ?1 "
    "AND kind IN ('extended', 'special_case') ORDER BY id DESC LIMIT 1";

/* 0: none; >0: the extension days; -1: a staff-set date (法84). */
static int extension_of(struct db *db, long long id)
{
	struct db_stmt *st = db_stmt(db, sql_last_kind);
	int days = 0;
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	if (db_step(st) == DB_ROW) {
		if (strcmp(db_col_text(st, 0), "special_case") == 0) {
			days = -1;
		} else {
			json_t *j = json_loads(db_col_text(st, 1), 0, NULL);
			json_t *e = j ? json_object_get(j, "extension_days") : NULL;
			days = json_is_integer(e) ? (int)json_integer_value(e) : -1;
			json_decref(j);
		}
	}
	db_reset(st);
	return days;
}

int case_recompute_due(struct db *db, const struct profile *p, struct arena *a,
                       const struct case_row *row, cal_day *old_due,
                       cal_day *new_due)
{
	const struct kind_rules *k = profile_kind(p, row->kind);
	struct cal_hold *holds;
	size_t n;
	int ext = extension_of(db, row->id);
	if (k == NULL || !k->enabled || !case_is_open(row->state) || ext < 0)
		return 0;
	if (case_holds(db, a, row->id, &holds, &n) != 0)
		return -1;
	cal_day due;
	int rc = ext > 0 ? cal_extended_due(&p->cal, &k->period, row->received_on,
	                                    holds, n, ext, &due)
	                 : cal_due_date(&p->cal, &k->period, row->received_on,
	                                holds, n, &due);
	if (rc != CAL_OK)
		return -1;
	*old_due = row->due_on;
	*new_due = due;
	if (due == row->due_on)
		return 0;
	if (case_set_due(db, row->id, due, "system", "due_recomputed", true,
	                 "calendar changed") != 0)
		return -1;
	return 1;
}

bool case_requested_method_honoured(const struct profile *p, const char *data,
                                    const char *offer_methods)
{
	if (p == NULL || !p->disclosure.requested_method_suffices || data == NULL ||
	    offer_methods == NULL)
		return false;
	bool mail = false;
	for (const char *s = offer_methods; *s;) {
		size_t n = strcspn(s, ",");
		if (n == 4 && strncmp(s, "mail", 4) == 0)
			mail = true;
		s += n;
		if (*s == ',')
			s++;
	}
	json_t *j = json_loads(data, 0, NULL);
	const char *m = json_string_value(json_object_get(json_object_get(j, "delivery"),
	                                                  "method"));
	bool ok = mail && m != NULL && strcmp(m, "copy_mail") == 0;
	json_decref(j);
	return ok;
}

/* The case page's history in words: each event's time in Japan time, who
 * acted (the clerk's name, 請求者, システム), what happened, and its data as
 * a sentence of labelled values from the language files ("決定日：2026年
 * 12月4日（金）　決定：部分開示"). Keys without a label are internal (ids,
 * the fee's breakdown) and are left out; a raw key or JSON never shows. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "datefmt.h"
#include "db.h"
#include "desk-pages.h"
#include "profile.h"
#include "view.h"

/* Keys whose values are words from a list of the language files:
 * key → the list under L.Desk (L.Desk.Decision.partial, …). */
static const struct {
	const char *key, *list;
} value_lists[] = {
	{ "decision", "Decision" }, { "method", "Method" }, { "methods", "Method" },
	{ "channel", "Channel" },   { "outcome", "Outcome" }, { "via", "Pay" },
	{ "by", "Actor" },          { "how", "How" },         { "against", "Against" },
	{ "from", "AgencyName" },   { "to", "AgencyName" },
	/* 法84: a fee, payment, 申出 or delivery of the rest decided later */
	{ "part", "Payment.PartName" },
};

static const char *list_of(const char *key)
{
	for (size_t i = 0; i < sizeof value_lists / sizeof value_lists[0]; i++)
		if (strcmp(value_lists[i].key, key) == 0)
			return value_lists[i].list;
	return NULL;
}

/* One word of a list, or the value itself when the list lacks it (free
 * text such as a reason is shown as typed). AgencyName: the profile's name
 * of the agency. */
static const char *word(struct req *req, const char *list, const char *value)
{
	if (strcmp(list, "AgencyName") == 0) {
		const struct agency *ag = profile_agency(&req->app->profile, value);
		return ag ? profile_text(ag->name, ag->name_en, req->lang) : value;
	}
	const char *w = view_string(req, arena_printf(req->arena, "L.Desk.%s.%s", list, value));
	return *w ? w : value;
}

/* "view,copy" → "閲覧・視聴、写しの交付（窓口）". */
static void put_words(struct buf *b, struct req *req, const char *list,
                      const char *csv)
{
	char *s = arena_strdup(req->arena, csv), *save = NULL;
	const char *sep = view_string(req, "L.Desk.Timeline.ListSep");
	bool first = true;
	for (char *w = strtok_r(s, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		buf_printf(b, "%s%s", first ? "" : sep, word(req, list, w));
		first = false;
	}
}

static void put_string(struct buf *b, struct req *req, const char *key,
                       const char *v)
{
	const char *list = list_of(key);
	const char *date = list ? NULL : datefmt_text(req, v, false);
	if (list && strchr(v, ','))
		put_words(b, req, list, v);
	else if (list)
		buf_puts(b, word(req, list, v));
	else
		buf_puts(b, date ? date : v);
}

static void put_value(struct buf *b, struct req *req, const char *key, json_t *v)
{
	if (json_is_string(v)) {
		put_string(b, req, key, json_string_value(v));
	} else if (json_is_integer(v)) {
		buf_printf(b, "%lld%s", (long long)json_integer_value(v),
		           strstr(key, "yen") ? view_string(req, "L.Desk.Timeline.Yen") : "");
	} else if (json_is_boolean(v)) {
		buf_puts(b, view_string(req, json_is_true(v) ? "L.Desk.Case.Yes" : "L.Desk.Case.No"));
	} else if (json_is_array(v)) {
		const char *sep = view_string(req, "L.Desk.Timeline.ListSep");
		size_t i;
		json_t *item;
		json_array_foreach(v, i, item) {
			if (i)
				buf_puts(b, sep);
			put_value(b, req, key, item);
		}
	}
}

/* The event's data as labelled values; NULL data or no labelled key: "". */
static const char *event_sentence(struct req *req, const char *data)
{
	json_t *j = json_loads(data, 0, NULL);
	struct buf b;
	buf_init(&b, req->arena);
	const char *sep = view_string(req, "L.Desk.Timeline.Sep");
	const char *colon = view_string(req, "L.Desk.Timeline.Colon");
	for (void *it = json_object_iter(j); it; it = json_object_iter_next(j, it)) {
		const char *k = json_object_iter_key(it);
		const char *label = view_string(req, arena_printf(req->arena, "L.Desk.EventKey.%s", k));
		json_t *v = json_object_iter_value(it);
		if (!*label || json_is_null(v) || (json_is_string(v) && !*json_string_value(v)))
			continue;
		buf_printf(&b, "%s%s%s", b.len ? sep : "", label, colon);
		put_value(&b, req, k, v);
	}
	json_decref(j);
	return b.len ? b.data : "";
}

static const char sql_staff_name[] = "SELECT name FROM staff WHERE id = ?1";

/* "staff:9" → the clerk's name; citizen, requester, system, staff → words. */
static const char *actor_name(struct req *req, const char *actor)
{
	if (strncmp(actor, "staff:", 6) == 0) {
		struct db_stmt *st = db_stmt(req->app->db, sql_staff_name);
		const char *name = NULL;
		if (st) {
			db_bind_int(st, 1, strtoll(actor + 6, NULL, 10));
			if (db_step(st) == DB_ROW)
				name = arena_strdup(req->arena, db_col_text(st, 0));
			db_reset(st);
		}
		return name ? name : view_string(req, "L.Desk.Actor.staff");
	}
	return word(req, "Actor", actor);
}

static const char sql_events[] =
    "SELECT at, actor, kind, visible, data, id FROM event WHERE request_id = ?1 ORDER BY id";

int desk_timeline_to_view(struct req *req, long long id)
{
	struct db_stmt *st = db_stmt(req->app->db, sql_events);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *pre = arena_printf(req->arena, "Events.%d.", n++);
		const char *at = db_col_text(st, 0), *kind = db_col_text(st, 2);
		const char *when = datefmt_stamp(req, at);
		const char *label = view_string(req, arena_printf(req->arena, "L.Desk.Event.%s", kind));
		view_set(req, arena_printf(req->arena, "%sAt", pre), when ? when : at);
		view_set(req, arena_printf(req->arena, "%sAtIso", pre), at);
		view_set(req, arena_printf(req->arena, "%sActor", pre),
		         actor_name(req, db_col_text(st, 1)));
		view_set(req, arena_printf(req->arena, "%sKind", pre), kind);
		view_set(req, arena_printf(req->arena, "%sId", pre), db_col_text(st, 5));
		view_set(req, arena_printf(req->arena, "%sLabel", pre),
		         *label ? label : view_string(req, "L.Desk.Event.other"));
		view_set_int(req, arena_printf(req->arena, "%sVisible", pre),
		             db_col_int(st, 3));
		view_set(req, arena_printf(req->arena, "%sSummary", pre),
		         event_sentence(req, db_col_text(st, 4)));
	}
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}

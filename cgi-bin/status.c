/* /kaiji/status: a request's status by reference number and access code.
 * The code travels only in a POST body; after a match the browser holds a
 * short-lived lookup cookie (lib/lookup.h) and every later page reads it.
 * Wrong codes slow the client that types them (its address, an IPv6 /64,
 * lib/client.h), never the reference's owner: a right code always gets in. */
#include "status.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <utf8proc.h>

#include "config.h"
#include "datefmt.h"
#include "fcgi.h"
#include "json-read.h"
#include "log.h"
#include "lookup.h"
#include "resp.h"
#include "throttle.h"
#include "token.h"
#include "view.h"

static const struct field fields[F__MAX] = {
	[F_REF] = { "ref", FIELD_LINE, 64, 0, 0, NULL },
	[F_CODE] = { "code", FIELD_LINE, 64, 0, 0, NULL },
	/* "mail" or "slot-ID" (an offer_slot of the request) */
	[F_CHOICE] = { "choice", FIELD_LINE, 24, 0, 0, NULL },
	/* 法84: "rest" for the 申出 of the rest decided later */
	[F_PART] = { "part", FIELD_LINE, 4, 0, 0, NULL },
};

#define REF_WINDOW (15 * 60)
#define CLIENT_WINDOW (60 * 60)
/* Wrong codes a client may type before each next try waits 1, 2, 4 … s,
 * at most CLIENT_DELAY_CAP. */
#define CLIENT_FREE 5
#define CLIENT_DELAY_CAP (15 * 60)

/* ---- helpers shared by the pages ---- */

int status_set_slot_time(struct req *req, const char *prefix, const char *starts_at)
{
	cal_day day;
	int minute;
	if (datefmt_local_parse(starts_at, &day, &minute) != 0)
		return -1;
	/* 2026年12月4日（金）15時00分: the day and the time as datefmt writes
	 * them (Time stays empty for the templates that still print it). */
	(void)minute;
	view_set(req, arena_printf(req->arena, "%s.Date", prefix),
	         datefmt_local(req, starts_at));
	return 0;
}

static const char *data_text(const struct json_members *o, const char *key)
{
	const char *s = json_read_string(o, key);
	return s ? s : "";
}

/* What the citizen asked for, from request.data (docs/data.md): the
 * information sought, the department, what to correct or stop, the
 * delivery she chose; Asked.* stays empty for a request made at the
 * counter without data. A member of another type than expected reads
 * as empty, as it did through jansson. */
static void set_asked(struct req *req, const struct case_row *row)
{
	struct json_members d, part;
	if (row->data == NULL || json_read(req->arena, row->data, &d) < 0)
		return;
	view_set(req, "Asked.Sought", data_text(&d, "sought"));
	view_set(req, "Asked.Department", data_text(&d, "department"));
	if (json_read_has(&d, "correction")) {
		json_read_object(&d, "correction", &part);
		view_set(req, "Asked.Wrong", data_text(&part, "wrong"));
		view_set(req, "Asked.ShouldBe", data_text(&part, "should_be"));
	}
	if (json_read_has(&d, "suspension")) {
		json_read_object(&d, "suspension", &part);
		view_set(req, "Asked.Ground", data_text(&part, "ground"));
		view_set(req, "Asked.Stop", data_text(&part, "stop"));
	}
	if (json_read_has(&d, "delivery")) {
		json_read_object(&d, "delivery", &part);
		view_set(req, "Asked.Method", data_text(&part, "method"));
		long long units;
		json_read_integer(&part, "units", &units);
		const struct fee_item *it =
		    profile_fee_item(&req->app->profile, data_text(&part, "medium"));
		if (it) {
			bool en = strcmp(req->lang, "en") == 0;
			view_set(req, "Asked.Medium",
			         en && it->name_en ? it->name_en : it->name);
			if (units > 0)
				view_set_int(req, "Asked.Units", (long)units);
		}
	}
}

void status_set_case(struct req *req, const struct case_row *row)
{
	const struct profile *p = &req->app->profile;
	bool en = strcmp(req->lang, "en") == 0;
	const struct kind_rules *k = profile_kind(p, row->kind);
	const struct agency *ag = profile_agency(p, row->agency_id);
	view_set(req, "Case.Ref", row->ref);
	view_set(req, "Case.Kind", profile_kind_name(row->kind));
	if (k && (k->name || k->name_en))
		view_set(req, "Case.KindName", en && k->name_en ? k->name_en : k->name);
	view_set(req, "Case.Agency", ag ? (en && ag->name_en ? ag->name_en : ag->name)
	                                : row->agency_id);
	view_set(req, "Case.State", case_state_name(row->state));
	view_set(req, "Case.ReceivedOn", datefmt_day(req, row->received_on));
	view_set(req, "Case.DueOn", datefmt_day(req, row->due_on));
	set_asked(req, row);
}

int status_current(struct req *req, struct case_row *row,
                   const struct case_row **row_out)
{
	*row_out = NULL;
	int rc = lookup_case(req, row);
	if (rc < 0)
		return 500;
	if (rc > 0) {
		view_set(req, "Lookup.Expired", "1");
		return view_render(req, "status-lookup");
	}
	*row_out = row;
	return 0;
}

/* ---- the lookup ---- */

/* The field's value when it came in the body, never from the URL. */
static const char *body_field(struct req *req, size_t i)
{
	const char *v = req_field(req, i);
	if (v == NULL)
		return NULL;
	for (const struct param *p = req->body_params; p; p = p->next)
		if (p->value == v)
			return v;
	return NULL;
}

static int page_lookup(struct req *req)
{
	return view_render(req, "status-lookup");
}

/* A throttle's end in Japan time as datefmt writes a time, and the
 * minutes until then. */
static int locked(struct req *req, long long until, long long now)
{
	/* within the hour: the time of day is enough (Asia/Tokyo, UTC+9) */
	const char *at = datefmt_clock(req, (int)(((until + 9 * 3600) % 86400) / 60));
	long long wait = until - now;
	req->status = 429;
	resp_header(req, "Retry-After", arena_printf(req->arena, "%lld", wait));
	view_set(req, "Lookup.Locked", "1");
	view_set(req, "Lookup.RetryAt", at);
	view_set_int(req, "Lookup.RetryMinutes", (long)((wait + 59) / 60));
	log_event(LOG_INFO, "status lookup throttled");
	return view_render(req, "status-lookup");
}

struct lookup_keys {
	const char *ref, *client;
	struct throttle_rule ref_rule, client_rule;
};

/* When this client may try again: 0 now. Only the client's own failures
 * count here (issue 16 item 2): CLIENT_FREE wrong codes, then growing
 * delays, and at most Kaiji.Status.FailuresPerClient an hour. A stranger's
 * guesses never slow the owner, who comes from another address. */
static long long client_blocked(struct req *req, const struct lookup_keys *k,
                                long long now)
{
	struct db *db = req->app->db;
	long long a = throttle_blocked_until(db, &k->client_rule, k->client, now);
	long long b = throttle_backoff_until(db, "client", k->client, now,
	                                     CLIENT_WINDOW, CLIENT_FREE,
	                                     CLIENT_DELAY_CAP);
	if (a < 0 || b < 0)
		return -1;
	return a > b ? a : b;
}

/* A wrong code: counted for the reference and the client. While the
 * reference has had Kaiji.Status.FailuresPerRef wrong codes within
 * REF_WINDOW, a wrong code gets the locked page (429); a right one still
 * gets in (lookup_matched). */
static int lookup_failed(struct req *req, const struct lookup_keys *k,
                         long long now)
{
	struct db *db = req->app->db;
	long long until = throttle_blocked_until(db, &k->ref_rule, k->ref, now);
	if (until < 0)
		return 500;
	/* The failures' counts commit without a sync (issue 20): a wrong code
	 * acknowledges nothing a person relies on, and the counts survive the
	 * program's crash (WAL: on disk, not yet synced). Only a power cut
	 * before the next synced commit or checkpoint can lose them, which
	 * an attacker cannot time, and which loses at most the counts of
	 * that last moment: the throttle still stops guessing. A right code's
	 * lookup commits the same way (lookup_matched). */
	int rc = db_begin_relaxed(db);
	if (rc == 0)
		rc = throttle_fail(db, "ref", k->ref, now) ||
		     throttle_fail(db, "client", k->client, now) ||
		     throttle_expire(db, "ref", now, REF_WINDOW) ||
		     throttle_expire(db, "client", now, CLIENT_WINDOW);
	if (rc == 0)
		rc = db_commit(db);
	else
		db_rollback(db);
	if (rc != 0)
		return 500;
	log_event(LOG_INFO, "status lookup failed");
	if (until > 0)
		return locked(req, until, now);
	req->status = 403;
	view_set(req, "Lookup.Failed", "1");
	return view_render(req, "status-lookup");
}

static int lookup_matched(struct req *req, const struct lookup_keys *k,
                          const struct case_row *row)
{
	struct db *db = req->app->db;
	/* The session is the signed cookie (lib/lookup.c): a lookup writes
	 * only when the reference has wrong codes on record to forget, and
	 * then in one transaction, not synced (issue 20: only what must
	 * survive a crash gets a full sync; DESIGN.md rule 11 is about
	 * submissions). A power cut before the next synced commit can bring
	 * those counts back; the person's right code still gets in
	 * (lookup_failed). The program's own crash loses nothing (WAL). */
	int any = throttle_any(db, "ref", k->ref);
	if (any < 0)
		return 500;
	if (any > 0) {
		if (db_begin_relaxed(db) != 0)
			return 500;
		if (throttle_clear(db, "ref", k->ref) != 0 || db_commit(db) != 0) {
			db_rollback(db);
			return 500;
		}
	}
	if (lookup_start(req, row->id, row->code_hash) != 0)
		return 500;
	log_event(LOG_INFO, "status lookup %s", row->ref);
	return resp_redirect(req, "/status/view");
}

static int lookup(struct req *req)
{
	HDF *cfg = req->app->cfg;
	const char *typed_ref = body_field(req, F_REF);
	const char *code = body_field(req, F_CODE);
	if (req_field(req, F_CODE) && code == NULL)
		return 400; /* a code in the URL: refused, never used */
	const char *ref = typed_ref ? lookup_ref_normalize(req->arena, typed_ref) : NULL;
	struct lookup_keys k = {
		throttle_key(req->arena, "ref", ref ? ref : typed_ref),
		throttle_key(req->arena, "client", req->client ? req->client : ""),
		{ "ref", (int)config_int(cfg, "Kaiji.Status.FailuresPerRef"), REF_WINDOW },
		{ "client", (int)config_int(cfg, "Kaiji.Status.FailuresPerClient"),
		  CLIENT_WINDOW },
	};
	if (k.ref_rule.max <= 0)
		k.ref_rule.max = 5;
	if (k.client_rule.max <= 0)
		k.client_rule.max = 20;
	long long now = throttle_now();
	long long until = client_blocked(req, &k, now);
	if (until < 0)
		return 500;
	if (until > 0)
		return locked(req, until, now);
	struct case_row row;
	int found = ref ? case_load_ref(req->app->db, req->arena, ref, &row) : 1;
	if (found < 0)
		return 500;
	/* The keyed hash runs whether or not the reference number exists. */
	bool match = case_code_matches(req->arena, found == 0 ? &row : NULL,
	                               ref ? ref : "", code ? code : "");
	view_set(req, "Lookup.Ref", typed_ref);
	return match ? lookup_matched(req, &k, &row) : lookup_failed(req, &k, now);
}

static const struct route routes[] = {
	{ "GET", "/status", page_lookup, 0 },
	{ "POST", "/status", lookup, 0 },
	{ "GET", "/status/view", status_view, 0 },
	{ "GET", "/status/withdraw", status_withdraw_form, 0 },
	{ "POST", "/status/withdraw", status_withdraw, 0 },
	{ "GET", "/status/delivery", status_delivery_form, 0 },
	{ "POST", "/status/delivery", status_delivery, 0 },
	{ NULL, NULL, NULL, 0 },
};

/* SQLite's page cache: 256 KiB, not its default 2,000. A lookup and the
 * status page read one request's rows by key and write a throttle row,
 * some twenty pages; with the default the cache filled to 2 MiB of
 * private memory over a bench's lookups (issue 20). Measured over 10,000
 * requests at 100,000 register entries (bench/RESULTS.md, fifth pass):
 * 2,000 KiB 1.03 reads a request and 8.5 MiB resident, 256 KiB 1.55 and
 * 6.8 MiB, 128 KiB 1.75 and 6.6 MiB, 64 KiB 8.5 (the working set no
 * longer fits) and 6.4 MiB: 256 leaves twice the working set for a city's
 * growing tables, for half a read (of the kernel's page cache) more. */
static const struct program program = { "status", routes, fields, F__MAX, NULL, 256 };

int main(int argc, char **argv)
{
	return fcgi_main(argc, argv, &program);
}

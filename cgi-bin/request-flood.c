#include "request-flood.h"

#include "log.h"
#include "resp.h"
#include "throttle.h"
#include "view.h"

#define HOUR (60 * 60)
#define DAY (24 * HOUR)

/* Bytes in the vault for drafts not yet filed nor expired. */
static const char sql_live_bytes[] =
    "SELECT COALESCE(SUM(f.size), 0) FROM draft_file f JOIN draft d "
    "ON d.id_hash = f.draft_hash WHERE d.expires_at > ?1 AND d.request_id IS NULL";

static const char *key(struct req *req, const char *bucket)
{
	return throttle_key(req->arena, bucket, req->client ? req->client : "");
}

static const struct profile_flood *limits(struct req *req)
{
	return &req->app->profile.flood;
}

static int refuse(struct req *req, int status, const char *what)
{
	req->status = status;
	log_event(LOG_WARN, "request form: %s", what);
	resp_header(req, "Retry-After", status == 503 ? "600" : "3600");
	view_set_int(req, "Error.Status", status);
	view_set(req, "Error.Key", status == 503 ? "Busy" : "Flood");
	return view_render(req, "error");
}

static long long live_bytes(struct req *req, long long now)
{
	struct db_stmt *st = db_stmt(req->app->db, sql_live_bytes);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, now);
	long long n = db_step(st) == DB_ROW ? db_col_int64(st, 0) : -1;
	db_reset(st);
	return n;
}

int flood_draft_refused(struct req *req)
{
	long long now = throttle_now();
	long long live = live_bytes(req, now);
	if (live < 0)
		return 500;
	if (live >= limits(req)->live_draft_bytes)
		return refuse(req, 503, "live drafts reached City.Flood.LiveDraftMegabytes: "
		              "new drafts refused");
	long long made = throttle_use_sum(req->app->db, "draft", key(req, "draft"), now - HOUR);
	if (made < 0)
		return 500;
	if (made >= limits(req)->drafts_per_hour)
		return refuse(req, 429, "a client reached City.Flood.DraftsPerHour");
	return -1;
}

void flood_draft_made(struct req *req)
{
	long long now = throttle_now();
	throttle_use_expire(req->app->db, now, DAY);
	throttle_use_add(req->app->db, "draft", key(req, "draft"), now, 1);
}

bool flood_upload_allowed(struct req *req, size_t len)
{
	long long used = throttle_use_sum(req->app->db, "upload", key(req, "upload"),
	                                  throttle_now() - HOUR);
	bool ok = used >= 0 && used + (long long)len <= limits(req)->upload_bytes_per_hour;
	if (!ok)
		log_event(LOG_WARN, "request form: a client reached "
		          "City.Flood.UploadMegabytesPerHour");
	return ok;
}

void flood_upload_stored(struct req *req, size_t len)
{
	throttle_use_add(req->app->db, "upload", key(req, "upload"), throttle_now(),
	                 (long long)len);
}

int flood_submit_refused(struct req *req)
{
	long long filed = throttle_use_sum(req->app->db, "filed", key(req, "filed"),
	                                   throttle_now() - DAY);
	if (filed < 0)
		return 500;
	if (filed >= limits(req)->requests_per_day)
		return refuse(req, 429, "a client reached City.Flood.RequestsPerDay");
	return -1;
}

/* Who filed it, for the desk's view of suspected floods
 * (cgi-bin/desk-floods.c): the same keyed hash as the "filed" count. */
static const char sql_filed_by[] =
    "INSERT INTO request_client (request_id, key_hash, filed_at) "
    "VALUES (?1, ?2, ?3) ON CONFLICT (request_id) DO UPDATE SET "
    "key_hash = excluded.key_hash, filed_at = excluded.filed_at";
static const char sql_filed_expire[] =
    "DELETE FROM request_client WHERE filed_at < ?1";

void flood_submitted(struct req *req, long long request_id)
{
	long long now = throttle_now();
	const char *k = key(req, "filed");
	throttle_use_add(req->app->db, "filed", k, now, 1);
	struct db_stmt *st = db_stmt(req->app->db, sql_filed_expire);
	if (st != NULL) {
		db_bind_int(st, 1, now - FLOOD_KEEP_DAYS * DAY);
		db_step(st);
		db_reset(st);
	}
	st = db_stmt(req->app->db, sql_filed_by);
	if (st == NULL)
		return;
	db_bind_int(st, 1, request_id);
	db_bind_text(st, 2, k);
	db_bind_int(st, 3, now);
	if (db_step(st) != DB_DONE)
		log_event(LOG_WARN, "request form: who filed a request not kept");
	db_reset(st);
}

#include "throttle.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "token.h"

/* Read once: the hook is set when the program starts or not at all. */
static const char *clock_file(void)
{
	static int read;
	static const char *path;
	if (!read) {
		const char *p = getenv("KAIJI_TEST_CLOCK_FILE");
		path = p && *p ? p : NULL;
		read = 1;
		if (path)
			log_event(LOG_WARN, "test clock hook is on (KAIJI_TEST_CLOCK_FILE)");
	}
	return path;
}

/* The file holds an offset in seconds, or "@N": the clock stands at N, so a
 * test of whole-second delays does not depend on where a second ends. */
static long long clock_hook(const char *path, long long real)
{
	char text[32];
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return real;
	size_t n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = '\0';
	int frozen = text[0] == '@';
	char *end;
	errno = 0;
	long long v = strtoll(text + frozen, &end, 10);
	if (errno || end == text + frozen)
		return real;
	if (frozen)
		return v > 0 && v < 100000000000LL ? v : real;
	return v >= -100000000LL && v <= 100000000LL ? real + v : real;
}

long long throttle_now(void)
{
	const char *path = clock_file();
	long long now = (long long)time(NULL);
	return path ? clock_hook(path, now) : now;
}

const char *throttle_key(struct arena *a, const char *bucket, const char *value)
{
	const char *s = arena_printf(a, "%s\n%s", bucket, value ? value : "");
	return token_hash(a, TOKEN_CLIENT, s, strlen(s));
}

static const char sql_nth[] =
    "SELECT at FROM throttle WHERE bucket = ?1 AND key_hash = ?2 AND at > ?3 "
    "ORDER BY at DESC LIMIT 1 OFFSET ?4";
static const char sql_insert[] =
    "INSERT INTO throttle (bucket, key_hash, at) VALUES (?1, ?2, ?3)";
static const char sql_clear[] =
    "DELETE FROM throttle WHERE bucket = ?1 AND key_hash = ?2";
static const char sql_expire[] =
    "DELETE FROM throttle WHERE bucket = ?1 AND at <= ?2";
static const char sql_any[] =
    "SELECT 1 FROM throttle WHERE bucket = ?1 AND key_hash = ?2 LIMIT 1";

long long throttle_blocked_until(struct db *db, const struct throttle_rule *r,
                                 const char *key, long long now)
{
	struct db_stmt *st = db_stmt(db, sql_nth);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, r->bucket);
	db_bind_text(st, 2, key);
	db_bind_int(st, 3, now - r->window_seconds);
	db_bind_int(st, 4, r->max - 1);
	int rc = db_step(st);
	long long until = 0;
	if (rc == DB_ROW)
		until = db_col_int64(st, 0) + r->window_seconds;
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return -1;
	return until > now ? until : 0;
}

static const char sql_use_add[] =
    "INSERT INTO client_use (bucket, key_hash, at, amount) VALUES (?1, ?2, ?3, ?4)";
static const char sql_use_sum[] =
    "SELECT COALESCE(SUM(amount), 0) FROM client_use WHERE bucket = ?1 AND "
    "key_hash = ?2 AND at > ?3";
static const char sql_use_expire[] = "DELETE FROM client_use WHERE at <= ?1";

int throttle_use_add(struct db *db, const char *bucket, const char *key,
                     long long now, long long amount)
{
	struct db_stmt *st = db_stmt(db, sql_use_add);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, bucket);
	db_bind_text(st, 2, key);
	db_bind_int(st, 3, now);
	db_bind_int(st, 4, amount);
	return db_step_done(db, st, NULL);
}

long long throttle_use_sum(struct db *db, const char *bucket, const char *key,
                           long long since)
{
	struct db_stmt *st = db_stmt(db, sql_use_sum);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, bucket);
	db_bind_text(st, 2, key);
	db_bind_int(st, 3, since);
	long long sum = -1;
	if (db_step(st) == DB_ROW)
		sum = db_col_int64(st, 0);
	db_reset(st);
	return sum;
}

int throttle_use_expire(struct db *db, long long now, int max_age)
{
	struct db_stmt *st = db_stmt(db, sql_use_expire);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, now - max_age);
	return db_step_done(db, st, NULL);
}

static const char sql_recent[] =
    "SELECT COUNT(*), MAX(at) FROM throttle WHERE bucket = ?1 AND key_hash = ?2 "
    "AND at > ?3";

long long throttle_backoff_until(struct db *db, const char *bucket,
                                 const char *key, long long now, int window,
                                 int free, int cap)
{
	struct db_stmt *st = db_stmt(db, sql_recent);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, bucket);
	db_bind_text(st, 2, key);
	db_bind_int(st, 3, now - window);
	int rc = db_step(st);
	long long n = 0, last = 0;
	if (rc == DB_ROW) {
		n = db_col_int64(st, 0);
		last = db_col_int64(st, 1);
	}
	db_reset(st);
	if (rc != DB_ROW)
		return -1;
	if (n < free)
		return 0;
	long long delay = n - free >= 30 ? cap : 1LL << (n - free);
	if (delay > cap)
		delay = cap;
	/* Stamps are whole seconds: the failure stamped last happened within
	 * [last, last + 1), so the full delay has surely passed only from
	 * last + delay + 1. */
	long long until = last + delay + 1;
	return until > now ? until : 0;
}

int throttle_fail(struct db *db, const char *bucket, const char *key,
                  long long now)
{
	struct db_stmt *st = db_stmt(db, sql_insert);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, bucket);
	db_bind_text(st, 2, key);
	db_bind_int(st, 3, now);
	return db_step_done(db, st, NULL);
}

int throttle_clear(struct db *db, const char *bucket, const char *key)
{
	struct db_stmt *st = db_stmt(db, sql_clear);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, bucket);
	db_bind_text(st, 2, key);
	return db_step_done(db, st, NULL);
}

int throttle_any(struct db *db, const char *bucket, const char *key)
{
	struct db_stmt *st = db_stmt(db, sql_any);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, bucket);
	db_bind_text(st, 2, key);
	int rc = db_step(st);
	db_reset(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int throttle_expire(struct db *db, const char *bucket, long long now,
                    int max_age)
{
	struct db_stmt *st = db_stmt(db, sql_expire);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, bucket);
	db_bind_int(st, 2, now - max_age);
	return db_step_done(db, st, NULL);
}

/* Failed attempts counted per key in a sliding window (the throttle table
 * of schema step 1). Keys are keyed hashes, never the value itself: a
 * client address or a reference number does not reach the table. */
#ifndef KAIJI_THROTTLE_H
#define KAIJI_THROTTLE_H

#include <stddef.h>

#include "arena.h"
#include "db.h"

struct throttle_rule {
	const char *bucket; /* "ref", "client", … */
	int max;            /* failures allowed within the window */
	int window_seconds;
};

/* Seconds since the epoch for throttling decisions.
 * Test hook: when the environment variable KAIJI_TEST_CLOCK_FILE is set
 * at start, the file it names holds a number of seconds (may be negative)
 * added to the clock, or "@N" to stop the clock at N seconds since the
 * epoch; it is read on every call so a test can move time forward without
 * sleeping. Never set it in production. */
long long throttle_now(void);

/* The bucket key for a value: a keyed hash (TOKEN_CLIENT) of bucket and
 * value, so equal values in two buckets do not share a key. */
const char *throttle_key(struct arena *a, const char *bucket, const char *value);

/* 0 when another attempt is allowed; else the time (throttle_now scale)
 * from which it will be: when the max-th most recent failure leaves the
 * window. -1 on a database error. */
long long throttle_blocked_until(struct db *db, const struct throttle_rule *r,
                                 const char *key, long long now);

/* Growing delays (issue 16 item 2): a key's first free failures within
 * window seconds cost nothing; after n >= free failures the next attempt
 * waits at least 2^(n - free) seconds after the last one (1, 2, 4 … s), at
 * most cap seconds; with whole-second stamps that is until the stamp plus
 * the delay plus one. 0 when an attempt is allowed now, else the time from which it
 * is; -1 on a database error. Attempts refused here are not evaluated and
 * not counted, so a right secret from elsewhere is never slowed. */
long long throttle_backoff_until(struct db *db, const char *bucket,
                                 const char *key, long long now, int window,
                                 int free, int cap);

/* What a client used (the client_use table): add amount at now, and the
 * sum since a time. Keys as throttle_key. 0 or -1; the sum -1 on error. */
int throttle_use_add(struct db *db, const char *bucket, const char *key,
                     long long now, long long amount);
long long throttle_use_sum(struct db *db, const char *bucket, const char *key,
                           long long since);
/* Drop every bucket's use older than max_age seconds. 0 or -1. */
int throttle_use_expire(struct db *db, long long now, int max_age);

/* Record one failure at now. 0 or -1. */
int throttle_fail(struct db *db, const char *bucket, const char *key,
                  long long now);

/* Forget a key's failures (after a success). 0 or -1. */
int throttle_clear(struct db *db, const char *bucket, const char *key);

/* Whether a key has failures on record: 1, 0, or -1 on error. */
int throttle_any(struct db *db, const char *bucket, const char *key);

/* Drop a bucket's rows older than max_age seconds. 0 or -1. */
int throttle_expire(struct db *db, const char *bucket, long long now,
                    int max_age);

#endif

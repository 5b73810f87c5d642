/* Throttling: a sliding window of failures per keyed hash, the retry time,
 * clearing, expiry, and the test clock hook. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "log.h"
#include "tap.h"
#include "throttle.h"
#include "token.h"

static struct fixture fx;
static struct db *db;
static char clock_path[128];

static int setup(void)
{
	if (fixture_open(&fx, "yamagata", 1) != 0)
		return -1;
	db = fx.db;
	return 0;
}

static void keys(struct arena *a)
{
	const char *k1 = throttle_key(a, "ref", "2026-000001");
	TAP_INTEQ(strlen(k1), 64, "a key is a 64-hex keyed hash");
	TAP_OK(strstr(k1, "2026") == NULL, "the key does not hold the value");
	TAP_STREQ(throttle_key(a, "ref", "2026-000001"), k1, "the same value gives the same key");
	TAP_OK(strcmp(throttle_key(a, "client", "2026-000001"), k1) != 0,
	       "-bad- the same value in another bucket gives another key");
}

static void window(struct arena *a)
{
	struct throttle_rule r = { "ref", 5, 900 };
	const char *k = throttle_key(a, "ref", "A"), *other = throttle_key(a, "ref", "B");
	long long t0 = 1000000;
	for (int i = 0; i < 4; i++)
		throttle_fail(db, "ref", k, t0 + i * 10);
	TAP_INTEQ(throttle_blocked_until(db, &r, k, t0 + 40), 0, "4 failures: allowed");
	throttle_fail(db, "ref", k, t0 + 40);
	TAP_INTEQ(throttle_blocked_until(db, &r, k, t0 + 41), t0 + 900,
	          "-bad- 5 failures: blocked until the first leaves the window");
	TAP_INTEQ(throttle_blocked_until(db, &r, other, t0 + 41), 0, "another key is not blocked");
	TAP_INTEQ(throttle_blocked_until(db, &r, k, t0 + 899), t0 + 900, "-bad- still blocked a second before");
	TAP_INTEQ(throttle_blocked_until(db, &r, k, t0 + 900), 0, "allowed when the first failure is 15 minutes old");
	throttle_fail(db, "ref", k, t0 + 900);
	TAP_INTEQ(throttle_blocked_until(db, &r, k, t0 + 901), t0 + 910,
	          "-bad- a sixth failure blocks until the second leaves");
	TAP_INTEQ(throttle_any(db, "ref", k), 1, "a key with failures has some on record");
	TAP_INTEQ(throttle_any(db, "client", k), 0, "-bad- not in another bucket");
	throttle_clear(db, "ref", k);
	TAP_INTEQ(throttle_blocked_until(db, &r, k, t0 + 901), 0, "cleared after a success");
	TAP_INTEQ(throttle_any(db, "ref", k), 0, "-bad- none on record once cleared");
	throttle_fail(db, "client", k, t0);
	throttle_fail(db, "ref", other, t0);
	throttle_expire(db, "ref", t0 + 4000, 3600);
	struct db_stmt *st = db_stmt(db, "SELECT COUNT(*) FROM throttle WHERE bucket = 'client'");
	TAP_OK(st && db_step(st) == DB_ROW && db_col_int(st, 0) == 1,
	       "expiring one bucket keeps the others");
	db_reset(st);
}

/* Issue 16 item 2: growing delays, 1, 2, 4 … s after the free failures. */
static void backoff(struct arena *a)
{
	const char *k = throttle_key(a, "backoff", "v4:192.0.2.7");
	long long t0 = 2000000;
	for (int i = 0; i < 3; i++) {
		TAP_INTEQ(throttle_backoff_until(db, "backoff", k, t0 + i, 3600, 3, 900), 0,
		          "failure %d is free", i + 1);
		throttle_fail(db, "backoff", k, t0 + i);
	}
	TAP_INTEQ(throttle_backoff_until(db, "backoff", k, t0 + 2, 3600, 3, 900), t0 + 4,
	          "-bad- after 3 free failures: wait 1 s, whole (stamped t0+2 means up to t0+3)");
	TAP_INTEQ(throttle_backoff_until(db, "backoff", k, t0 + 3, 3600, 3, 900), t0 + 4,
	          "-bad- a second boundary is not the delay's end");
	TAP_INTEQ(throttle_backoff_until(db, "backoff", k, t0 + 4, 3600, 3, 900), 0, "then allowed");
	throttle_fail(db, "backoff", k, t0 + 4);
	TAP_INTEQ(throttle_backoff_until(db, "backoff", k, t0 + 5, 3600, 3, 900), t0 + 7,
	          "-bad- then 2 s");
	for (int i = 0; i < 20; i++)
		throttle_fail(db, "backoff", k, t0 + 10 + i);
	TAP_INTEQ(throttle_backoff_until(db, "backoff", k, t0 + 30, 3600, 3, 900), t0 + 29 + 901,
	          "-bad- never longer than the cap");
	TAP_INTEQ(throttle_backoff_until(db, "backoff", k, t0 + 3700, 3600, 3, 900), 0,
	          "failures out of the window are forgotten");
	TAP_INTEQ(throttle_backoff_until(db, "backoff", throttle_key(a, "backoff", "other"),
	                                 t0 + 30, 3600, 3, 900), 0, "another client is not slowed");
}

static void test_clock(void)
{
	long long real = throttle_now();
	FILE *f = fopen(clock_path, "w");
	fputs("3600\n", f);
	fclose(f);
	long long moved = throttle_now();
	TAP_OK(moved - real >= 3599 && moved - real <= 3601, "the clock file moves the clock");
	f = fopen(clock_path, "w");
	fputs("junk", f);
	fclose(f);
	long long junk = throttle_now();
	TAP_OK(junk - real >= -1 && junk - real <= 2, "-bad- a file that is not a number is ignored");
	f = fopen(clock_path, "w");
	fputs("@2000000000\n", f);
	fclose(f);
	TAP_INTEQ(throttle_now(), 2000000000, "\"@N\" stops the clock at N");
	f = fopen(clock_path, "w");
	fputs("@-5", f);
	fclose(f);
	long long neg = throttle_now();
	TAP_OK(neg - real >= -1 && neg - real <= 2, "-bad- a stopped clock before the epoch is ignored");
	unlink(clock_path);
	TAP_OK(throttle_now() - real <= 2, "a missing file means no offset");
}

int main(void)
{
	log_init("test-throttle");
	snprintf(clock_path, sizeof clock_path, "/tmp/kaiji-test-throttle-%d.clock", (int)getpid());
	setenv("KAIJI_TEST_CLOCK_FILE", clock_path, 1);
	if (setup() != 0) {
		printf("not ok 1 - setup\n");
		return 1;
	}
	struct arena *a = arena_new();
	keys(a);
	window(a);
	backoff(a);
	test_clock();
	arena_free(a);
	fixture_close(&fx);
	printf("1..%d\n", tap_count);
	return tap_failed != 0;
}

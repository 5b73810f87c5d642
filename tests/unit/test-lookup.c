/* The status lookup's session cookie (lib/lookup.c, issue 20): made and
 * proved with the request's access-code hash, refused when expired, too
 * long, forged, for another request or after a new code; and the whole
 * path through a request: lookup_start's Set-Cookie, lookup_request
 * against the database, a reissued code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "case.h"
#include "fixture.h"
#include "lookup.h"
#include "tap.h"

static struct fixture fx;

static const char *hash_a =
    "1111111111111111111111111111111111111111111111111111111111111111";
static const char *hash_b =
    "2222222222222222222222222222222222222222222222222222222222222222";

/* The id the value names and proves with code_hash at now, or 0. */
static long long proved(struct arena *a, const char *value, long long now,
                        const char *code_hash)
{
	long long expires;
	long long id = lookup_cookie_id(value, now, &expires);
	if (id == 0)
		return 0;
	return strcmp(lookup_cookie(a, id, expires, code_hash), value) == 0 ? id : 0;
}

static void cookie_values(struct arena *a)
{
	long long now = 1800000000;
	const char *v = lookup_cookie(a, 42, now + LOOKUP_SECONDS, hash_a);
	TAP_OK(strncmp(v, "42.1800001800.", 14) == 0 && strlen(v) == 14 + 64,
	       "ID.EXPIRES.MAC (%s)", v);
	TAP_OK(strstr(v, hash_a) == NULL, "the code's hash is not in the cookie");
	TAP_INTEQ(proved(a, v, now, hash_a), 42, "proved with the request's code hash");
	TAP_INTEQ(proved(a, v, now + LOOKUP_SECONDS - 1, hash_a), 42, "a second before its end");
	TAP_INTEQ(proved(a, v, now + LOOKUP_SECONDS, hash_a), 0, "-bad- refused at its end");
	TAP_INTEQ(proved(a, v, now, hash_b), 0, "-bad- refused once the access code changed");
	TAP_OK(strcmp(lookup_cookie(a, 42, now + LOOKUP_SECONDS, hash_a), v) == 0,
	       "the same session gives the same value");
	TAP_OK(strcmp(lookup_cookie(a, 43, now + LOOKUP_SECONDS, hash_a), v) != 0 &&
	       strcmp(lookup_cookie(a, 42, now + LOOKUP_SECONDS - 1, hash_a), v) != 0,
	       "another request or another end gives another value");
	/* The id and the end are signed: changing either breaks the MAC. */
	const char *other_id = arena_printf(a, "43%s", v + 2);
	TAP_INTEQ(proved(a, other_id, now, hash_a), 0, "-bad- another request's id with this MAC");
	const char *later = arena_printf(a, "42.1800001799.%s", v + 14);
	TAP_INTEQ(proved(a, later, now, hash_a), 0, "-bad- another end with this MAC");
	char *flipped = arena_strdup(a, v);
	flipped[20] = flipped[20] == '0' ? '1' : '0';
	TAP_INTEQ(proved(a, flipped, now, hash_a), 0, "-bad- one character of the MAC changed");
	const char *too_long = lookup_cookie(a, 42, now + LOOKUP_SECONDS + 1, hash_a);
	TAP_INTEQ(lookup_cookie_id(too_long, now, &(long long){0}), 0,
	          "-bad- a session longer than a lookup gives is refused, even signed");
}

static void malformed(struct arena *a)
{
	long long now = 1800000000, e;
	const char *mac = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
	const char *bad[] = {
		"", ".", "..", "42", "42.", "42.1800000100", "42.1800000100.",
		arena_printf(a, "42.1800000100.%s0", mac),            /* 65 hex */
		arena_printf(a, "42.1800000100.%.63s", mac),          /* 63 hex */
		arena_printf(a, "42.1800000100.%.63sA", mac),         /* upper case */
		arena_printf(a, "042.1800000100.%s", mac),            /* leading zero */
		arena_printf(a, "0.1800000100.%s", mac),              /* id 0 */
		arena_printf(a, "-42.1800000100.%s", mac),
		arena_printf(a, "+42.1800000100.%s", mac),
		arena_printf(a, " 42.1800000100.%s", mac),
		arena_printf(a, "42.-1800000100.%s", mac),
		arena_printf(a, "1234567890123456789.1800000100.%s", mac), /* 19 digits */
		arena_printf(a, "42.1800000100.%s.%s", mac, mac),
		arena_printf(a, "42.1800000100 .%s", mac),
	};
	int refused = 0;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		refused += lookup_cookie_id(bad[i], now, &e) == 0;
	TAP_INTEQ(refused, (int)(sizeof bad / sizeof *bad), "-bad- every malformed value is refused");
	TAP_INTEQ(lookup_cookie_id(NULL, now, &e), 0, "-bad- no cookie");
	TAP_INTEQ(lookup_cookie_id(arena_printf(a, "42.1800000100.%s", mac), now, &e), 42,
	          "a well-formed value names its id (not yet proved)");
	TAP_INTEQ(e, 1800000100, "and its end");
}

/* A request's Set-Cookie value for LOOKUP_COOKIE. */
static const char *set_cookie_value(struct arena *a, struct req *req)
{
	const char *h = strstr(req->headers.data ? req->headers.data : "", LOOKUP_COOKIE "=");
	if (h == NULL)
		return NULL;
	h += strlen(LOOKUP_COOKIE "=");
	return arena_strndup(a, h, strcspn(h, ";\r\n"));
}

static struct req *request_with_cookie(struct app *app, struct arena *a, const char *value)
{
	struct req *req = arena_calloc(a, 1, sizeof *req);
	req->app = app;
	req->arena = a;
	buf_init(&req->headers, a);
	app->base_path = "/kaiji";
	if (value != NULL) {
		struct param *p = arena_calloc(a, 1, sizeof *p);
		p->name = LOOKUP_COOKIE;
		p->value = value;
		req->cookies = p;
	}
	return req;
}

static void through_the_database(struct arena *a)
{
	struct app app = { .cfg = fx.cfg, .db = fx.db };
	struct case_new in = { KIND_DISCLOSURE, "mayor", "online", "山田 太郎", "{}", 0, "citizen" };
	struct case_created made;
	struct case_row row;
	cal_parse("2026-07-03", &in.received_on);
	db_begin(fx.db);
	int rc = case_create(fx.db, &fx.prof, a, &in, &made);
	rc = rc || db_commit(fx.db);
	TAP_OK(rc == 0 && case_load(fx.db, a, made.id, &row) == 0, "a request to look up");
	struct req *start = request_with_cookie(&app, a, NULL);
	TAP_INTEQ(lookup_start(start, row.id, row.code_hash), 0, "lookup_start");
	const char *value = set_cookie_value(a, start);
	TAP_OK(value != NULL && strlen(value) > 64, "it sets the cookie (%s)", value ? value : "none");
	TAP_INTEQ(lookup_request(request_with_cookie(&app, a, value)), row.id,
	          "the cookie proves the request");
	struct case_row loaded;
	TAP_INTEQ(lookup_case(request_with_cookie(&app, a, value), &loaded), 0, "lookup_case proves it");
	TAP_STREQ(loaded.ref, row.ref, "and loads the request's row");
	TAP_INTEQ(lookup_case(request_with_cookie(&app, a, NULL), &loaded), 1, "-bad- no cookie: none");
	TAP_INTEQ(lookup_request(request_with_cookie(&app, a, NULL)), 0, "-bad- no cookie, no request");
	long long exp;
	lookup_cookie_id(value, (long long)time(NULL), &exp);
	const char *other = lookup_cookie(a, row.id + 1000, exp, row.code_hash);
	TAP_INTEQ(lookup_request(request_with_cookie(&app, a, other)), 0,
	          "-bad- a request that does not exist");
	db_begin(fx.db);
	rc = case_code_reissue(fx.db, a, row.id, row.ref, "test") == NULL;
	rc = rc || db_commit(fx.db);
	TAP_INTEQ(rc, 0, "a new access code");
	TAP_INTEQ(lookup_request(request_with_cookie(&app, a, value)), 0,
	          "-bad- the old code's cookie no longer proves anything");
}

int main(void)
{
	if (fixture_open(&fx, "yamagata", 1) != 0) {
		printf("not ok 1 - setup\n");
		return 1;
	}
	struct arena *a = arena_new();
	cookie_values(a);
	malformed(a);
	through_the_database(a);
	arena_free(a);
	fixture_close(&fx);
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

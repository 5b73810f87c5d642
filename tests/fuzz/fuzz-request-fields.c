/* The request form's field normalisers (lib/request-form.c) on any typed
 * bytes: each gives NULL/-1 or a value in its canonical shape, and
 * normalising that value again gives it back. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "request-form.h"

#define CHECK(cond)                                                        \
	do {                                                               \
		if (!(cond))                                               \
			abort();                                           \
	} while (0)

static bool edge_space(const char *s, size_t len, bool front)
{
	if (len == 0)
		return false;
	char c = front ? s[0] : s[len - 1];
	if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
		return true;
	const char *w = front ? s : s + len - 3;
	return len >= 3 && memcmp(w, "\xE3\x80\x80", 3) == 0;
}

static void check_trim(struct arena *a, const char *in)
{
	char *t = rform_trim(a, in);
	size_t len = strlen(t);
	CHECK(len <= strlen(in));
	CHECK(!edge_space(t, len, true) && !edge_space(t, len, false));
	CHECK(strcmp(rform_trim(a, t), t) == 0);
}

static void check_postal(struct arena *a, const char *in)
{
	char *p = rform_postal_norm(a, in);
	if (p == NULL)
		return;
	CHECK(strlen(p) == 8 && p[3] == '-');
	for (int i = 0; i < 8; i++)
		CHECK(i == 3 || (p[i] >= '0' && p[i] <= '9'));
	char *again = rform_postal_norm(a, p);
	CHECK(again != NULL && strcmp(again, p) == 0);
}

static void check_phone(struct arena *a, const char *in)
{
	char *p = rform_phone_norm(a, in);
	if (p == NULL)
		return;
	size_t digits = 0;
	for (const char *c = p; *c; c++) {
		if (*c >= '0' && *c <= '9')
			digits++;
		else
			CHECK(strchr("-()+ ", *c) != NULL);
	}
	CHECK(digits >= 10 && digits <= 15);
	char *again = rform_phone_norm(a, p);
	CHECK(again != NULL && strcmp(again, p) == 0);
}

static void check_date(struct arena *a, const char *in)
{
	cal_day d, again;
	if (rform_date_norm(a, in, &d) != 0)
		return;
	int y, m, md;
	cal_to_ymd(d, &y, &m, &md);
	CHECK(y >= 1900 && y <= 2999 && cal_valid_ymd(y, m, md));
	char iso[11];
	cal_format(d, iso);
	CHECK(rform_date_norm(a, iso, &again) == 0 && again == d);
}

static void check_email(const char *in)
{
	if (!rform_email_ok(in))
		return;
	const char *at = strchr(in, '@');
	CHECK(at != NULL && at != in && strchr(at + 1, '@') == NULL);
	CHECK(strlen(in) <= 254 && strchr(in, ' ') == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	struct arena *a = arena_new();
	const char *in = arena_strndup(a, (const char *)data, size);
	check_trim(a, in);
	check_postal(a, in);
	check_phone(a, in);
	check_date(a, in);
	check_email(in);
	(void)rform_furigana_ok(in);
	arena_free(a);
	return 0;
}

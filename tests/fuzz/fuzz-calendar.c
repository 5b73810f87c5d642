/* libFuzzer harness for lib/calendar.c.
 * 1. The input as a string: when cal_parse accepts it, cal_format must
 *    give the same ten bytes back.
 * 1b. The same string as an event stamp or a counter slot (lib/datefmt.c):
 *    when accepted, its Japan-time day and minute are in range and the
 *    day is the stamp's UTC day or the next.
 * 2. The input's bytes as small numbers: a receipt date 1955–2099, a
 *    period, holds and extra closed days; the due date must not be before
 *    the receipt, must be open when rolled, an extension never ends
 *    earlier, and the requester's windows always end on open days.
 * Build: clang -fsanitize=fuzzer,address,undefined -Ilib lib/calendar.c
 *        tests/fuzz/fuzz-calendar.c
 * Replay without libFuzzer: add -DKAIJI_FUZZ_MAIN and pass files. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "datefmt.h"

#define FUZZ_CHECK(c)                                                      \
	do {                                                               \
		if (!(c)) {                                                \
			fprintf(stderr, "fuzz-calendar: %s\n", #c);        \
			abort();                                           \
		}                                                          \
	} while (0)

static void
fuzz_parse(const uint8_t *data, size_t size)
{
	char s[32], back[11];
	cal_day d;

	if (size >= sizeof s)
		return;
	memcpy(s, data, size);
	s[size] = '\0';
	if (cal_parse(s, &d) != 0)
		return;
	cal_format(d, back);
	FUZZ_CHECK(strcmp(s, back) == 0);
	FUZZ_CHECK(cal_holiday_name(d) == NULL || cal_is_closed(NULL, d));
}

static void
fuzz_stamp(const uint8_t *data, size_t size)
{
	char s[32], ymd[11];
	cal_day d, utc;
	int minute;

	if (size >= sizeof s)
		return;
	memcpy(s, data, size);
	s[size] = '\0';
	if (datefmt_stamp_parse(s, &d, &minute) == 0) {
		FUZZ_CHECK(strlen(s) == 20 && minute >= 0 && minute < 1440);
		memcpy(ymd, s, 10);
		ymd[10] = '\0';
		FUZZ_CHECK(cal_parse(ymd, &utc) == 0 && (d == utc || d == utc + 1));
	}
	if (datefmt_local_parse(s, &d, &minute) == 0)
		FUZZ_CHECK(strlen(s) == 16 && minute >= 0 && minute < 1440);
}

static unsigned
fuzz_take(const uint8_t *data, size_t size, size_t *at)
{
	return *at < size ? data[(*at)++] : 0;
}

static void
fuzz_due(const uint8_t *data, size_t size)
{
	size_t at = 0;
	cal_day base = cal_from_ymd(1955, 1, 1), received, due, ext, win;
	cal_day closed[8];
	struct cal_hold holds[4];
	struct cal_period p;
	struct cal_rules r = { 0 };
	struct cal_appeal a;
	unsigned flags, n_holds, n_closed;

	received = base + (cal_day)((fuzz_take(data, size, &at) << 8 |
	                             fuzz_take(data, size, &at)) % (145 * 365));
	p.days = (int)(fuzz_take(data, size, &at) % 120) + 1;
	flags = fuzz_take(data, size, &at);
	p.count = (flags & 1) ? CAL_FROM_RECEIPT_DAY : CAL_FROM_NEXT_DAY;
	r.roll_forward = (flags & 2) != 0;
	p.extension_max_days = (int)(flags >> 2) % 61;
	n_holds = fuzz_take(data, size, &at) % 5;
	for (unsigned i = 0; i < n_holds; i++) {
		holds[i].from = received + (cal_day)(fuzz_take(data, size, &at) % 64) - 8;
		holds[i].to = holds[i].from + (cal_day)(fuzz_take(data, size, &at) % 40);
	}
	n_closed = fuzz_take(data, size, &at) % 9;
	for (unsigned i = 0; i < n_closed; i++)
		closed[i] = received + (cal_day)i * 3 +
		            (cal_day)(fuzz_take(data, size, &at) % 3);
	r.extra_closed = closed;
	r.n_extra_closed = n_closed;

	FUZZ_CHECK(cal_due_date(&r, &p, received, holds, n_holds, &due) == CAL_OK);
	FUZZ_CHECK(due >= received);
	FUZZ_CHECK(p.count == CAL_FROM_RECEIPT_DAY || due > received);
	FUZZ_CHECK(due - received <= p.days + 40 * 4 + 40);
	if (r.roll_forward)
		FUZZ_CHECK(!cal_is_closed(&r, due));
	if (p.extension_max_days > 0) {
		FUZZ_CHECK(cal_extended_due(&r, &p, received, holds, n_holds,
		                            p.extension_max_days, &ext) == CAL_OK);
		FUZZ_CHECK(ext >= due);
	}
	FUZZ_CHECK(cal_window_end(&r, received, p.days, &win) == CAL_OK);
	FUZZ_CHECK(win >= received + p.days && !cal_is_closed(&r, win));
	FUZZ_CHECK(cal_appeal_window(&r, received, received - p.days, &a) == CAL_OK);
	FUZZ_CHECK(a.last_day > received + 27 && a.last_day <= a.by_notice &&
	           a.last_day <= a.by_decision && !cal_is_closed(&r, a.last_day));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_parse(data, size);
	fuzz_stamp(data, size);
	fuzz_due(data, size);
	return 0;
}

#ifdef KAIJI_FUZZ_MAIN
int
main(int argc, char **argv)
{
	static uint8_t buf[1 << 16];

	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		size_t n;

		if (f == NULL) {
			perror(argv[i]);
			return 1;
		}
		n = fread(buf, 1, sizeof buf, f);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, n);
	}
	printf("fuzz-calendar: %d inputs replayed\n", argc - 1);
	return 0;
}
#endif

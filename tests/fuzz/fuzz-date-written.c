/* libFuzzer harness for cal_parse_written (lib/calendar.c), the dates
 * people type into the request form. On any bytes it returns 0 or -1;
 * when it accepts, the day is a real date, and the same day written back
 * as 2026-11-28, as 2026/11/28, as 2026年11月28日（土） and (from 昭和 on)
 * as 令和8年11月28日 parses to the same day again (an era's year has at
 * most two digits as people write it: 令和99年 is 2117). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"

#define CHECK(cond)                                                        \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "fuzz-date-written: %s\n", #cond); \
			abort();                                           \
		}                                                          \
	} while (0)

static void
again(const char *text, cal_day want)
{
	cal_day d = -1;

	CHECK(cal_parse_written(text, &d) == 0 && d == want);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const wd[7] = {
		"日", "月", "火", "水", "木", "金", "土"
	};
	char in[256], buf[96];
	cal_day day;
	int y, m, d;

	if (size >= sizeof in)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	if (cal_parse_written(in, &day) != 0)
		return 0;
	cal_to_ymd(day, &y, &m, &d);
	CHECK(y >= 1 && y <= 9999 && cal_valid_ymd(y, m, d));
	cal_format(day, buf);
	again(buf, day);
	snprintf(buf, sizeof buf, "%04d/%d/%d", y, m, d);
	again(buf, day);
	snprintf(buf, sizeof buf, "%04d年%d月%d日（%s）", y, m, d,
	         wd[cal_weekday(day)]);
	again(buf, day);
	if (day <= cal_from_ymd(2117, 12, 31) &&
	    cal_format_wareki(day, buf, sizeof buf) == 0)
		again(buf, day);
	return 0;
}

/* Dates as people read them: 和暦 with 元年 at an era's start, 曜日, Japan
 * time for UTC stamps (across midnight and the year's end), English forms,
 * and -bad- stamps that are not dates come back as NULL, never raw. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "datefmt.h"
#include "tap.h"
#include "view.h"

static cal_day D(int y, int m, int d)
{
	return cal_from_ymd(y, m, d);
}

int main(void)
{
	HDF *cfg = NULL;
	struct view *v = NULL;
	char err[1024];
	hdf_init(&cfg);
	hdf_set_value(cfg, "Kaiji.TemplateDir", "templates");
	hdf_set_value(cfg, "Kaiji.BasePath", "/kaiji");
	if (view_open(&v, cfg, err, sizeof err) != 0) {
		printf("# %s\n", err);
		return 1;
	}
	struct app app = { .view = v };
	struct req ja = { .arena = arena_new(), .app = &app, .lang = "ja" };
	struct req en = { .arena = ja.arena, .app = &app, .lang = "en" };

	TAP_STREQ(datefmt_day(&ja, D(2026, 12, 4)), "2026年12月4日（金）", "a day with its 曜日");
	TAP_STREQ(datefmt_day(&en, D(2026, 12, 4)), "Fri 4 December 2026", "the same in English");
	TAP_STREQ(datefmt_wareki(&ja, D(2026, 12, 4)), "令和8年12月4日（金）", "和暦");
	TAP_STREQ(datefmt_wareki(&ja, D(2019, 5, 1)), "令和元年5月1日（水）", "元年 on the era's first day");
	TAP_STREQ(datefmt_wareki(&ja, D(2019, 4, 30)), "平成31年4月30日（火）", "the day before is 平成");
	TAP_STREQ(datefmt_wareki(&ja, D(1989, 1, 8)), "平成元年1月8日（日）", "平成元年");
	TAP_STREQ(datefmt_wareki(&ja, D(1989, 1, 7)), "昭和64年1月7日（土）", "昭和64年");
	TAP_STREQ(datefmt_wareki(&en, D(2019, 5, 1)), "Wed 1 May 2019", "English has no era");
	TAP_STREQ(datefmt_clock(&ja, 15 * 60 + 2), "15時2分", "a time of day alone");
	TAP_STREQ(datefmt_clock(&en, 9 * 60 + 5), "09:05", "the same in English");
	TAP_STREQ(datefmt_wareki(&ja, D(2028, 2, 29)), "令和10年2月29日（火）", "a leap day");

	TAP_STREQ(datefmt_stamp(&ja, "2026-12-04T06:42:09Z"), "2026年12月4日（金）15時42分",
	          "a UTC stamp in Japan time");
	TAP_STREQ(datefmt_stamp(&ja, "2026-12-04T15:05:00Z"), "2026年12月5日（土）0時5分",
	          "after 15:00 UTC it is the next day in Japan");
	TAP_STREQ(datefmt_stamp(&ja, "2026-12-31T20:00:00Z"), "2027年1月1日（金）5時0分",
	          "and the next year");
	TAP_STREQ(datefmt_stamp(&en, "2026-12-04T15:05:00Z"), "Sat 5 December 2026, 00:05",
	          "English with a 24-hour time");
	TAP_STREQ(datefmt_local(&ja, "2026-12-21T10:00"), "2026年12月21日（月）10時0分",
	          "a counter slot, already Japan time");

	cal_day day;
	int minute;
	TAP_INTEQ(datefmt_stamp_parse("2026-12-04T23:59:59Z", &day, &minute), 0, "a stamp parses");
	TAP_OK(day == D(2026, 12, 5) && minute == 8 * 60 + 59, "to its Japan-time day and minute");
	const char *bad[] = { "", "2026-12-04", "2026-12-04T06:42:09", "2026-12-04T24:00:00Z",
	                      "2026-02-30T00:00:00Z", "2026-12-04T06:60:00Z", "2026-12-04 06:42:09Z",
	                      "2026-12-04T06:42:09Z ", "x026-12-04T06:42:09Z", "2026-12-04T06:42:5xZ" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		TAP_OK(datefmt_stamp(&ja, bad[i]) == NULL, "-bad- '%s' is not a stamp", bad[i]);
	TAP_OK(datefmt_stamp(&ja, NULL) == NULL, "-bad- NULL is not a stamp");
	TAP_OK(datefmt_local(&ja, "2026-12-21T25:00") == NULL, "-bad- a slot at 25:00");

	TAP_STREQ(datefmt_text(&ja, "2026-12-04", false), "2026年12月4日（金）", "text: a day");
	TAP_STREQ(datefmt_text(&ja, "2026-12-04", true), "令和8年12月4日（金）", "text: a day in 和暦");
	TAP_STREQ(datefmt_text(&ja, "2026-12-04T06:42:09Z", false), "2026年12月4日（金）15時42分",
	          "text: a stamp");
	TAP_STREQ(datefmt_text(&en, "2026-12-21T10:00", false), "Mon 21 December 2026, 10:00",
	          "text: a local moment");
	TAP_OK(datefmt_text(&ja, "counter", false) == NULL, "-bad- a word is not a date");

	/* view_word keeps the date words by their keys' addresses, per
	 * language: more keys than it has room for, each asked twice, still
	 * give view_string's answer in each language. */
	static char keys[100][24];
	int same = 0;
	for (int round = 0; round < 2; round++)
		for (int k = 0; k < 100; k++) {
			snprintf(keys[k], sizeof keys[k], k % 2 ? "L.Date.Wday.%d" : "L.Date.Month.%d",
			         k % 2 ? k / 2 % 7 : k / 2 % 12 + 1);
			same += strcmp(view_word(&ja, keys[k]), view_string(&ja, keys[k])) == 0 &&
			        strcmp(view_word(&en, keys[k]), view_string(&en, keys[k])) == 0;
		}
	TAP_INTEQ(same, 200, "view_word: a hundred keys, twice, as view_string in both languages");
	TAP_STREQ(view_word(&en, "L.Date.Month.12"), "December", "a month's word in English");
	TAP_STREQ(view_word(&ja, "L.Date.Y"), "年", "and a date word in Japanese");

	arena_free(ja.arena);
	view_close(v);
	hdf_destroy(&cfg);
	return TAP_DONE();
}

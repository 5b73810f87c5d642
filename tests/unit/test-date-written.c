/* lib/calendar.c cal_parse_written and lib/request-form.c rform_date_norm:
 * dates as people write them (和暦 with 元年 and the era boundaries,
 * R8.11.28, 2026/11/28, 2026年11月28日, full-width), and what is refused. */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "calendar.h"
#include "dates.h"
#include "request-form.h"
#include "tap.h"

static void
good(const char *in, const char *want)
{
	cal_day d = -1;
	int rc = cal_parse_written(in, &d);

	TAP_OK(rc == 0 && d == D(want), "%s is %s (got %s)", in, want,
	       rc == 0 ? F(d) : "-1");
}

static void
bad(const char *in)
{
	cal_day d;

	TAP_OK(cal_parse_written(in, &d) == -1, "-bad- %s refused", in);
}

int
main(void)
{
	struct arena *a = arena_new();
	cal_day d;

	good("2026-11-28", "2026-11-28");
	good("2026/11/28", "2026-11-28");
	good("2026/1/5", "2026-01-05");
	good("2026.11.28", "2026-11-28");
	good("2026年11月28日", "2026-11-28");
	good("2026年 11月 28日", "2026-11-28");
	good(" 2026年11月28日 ", "2026-11-28");
	good("2026年11月28日（土）", "2026-11-28");
	good("2026/11/28(土曜日)", "2026-11-28");
	good("令和8年11月28日", "2026-11-28");
	good("令和８年１１月２８日", "2026-11-28");
	good("R8.11.28", "2026-11-28");
	good("r8.11.28", "2026-11-28");
	good("R08.11.28", "2026-11-28");
	good("Ｒ８．１１．２８", "2026-11-28");
	good("R8/11/28", "2026-11-28");
	good("２０２６／１１／２８", "2026-11-28");
	good("２０２６－１１－２８", "2026-11-28");
	good("令和 8 年 11 月 28 日", "2026-11-28");
	good("令和8年11月28日（土）", "2026-11-28");
	/* 元年 and the boundaries of each era */
	good("令和元年5月1日", "2019-05-01");
	good("令和1年5月1日", "2019-05-01");
	good("R1.5.1", "2019-05-01");
	good("平成31年4月30日", "2019-04-30");
	good("H31.4.30", "2019-04-30");
	good("平成元年1月8日", "1989-01-08");
	good("昭和64年1月7日", "1989-01-07");
	good("S64.1.7", "1989-01-07");
	good("昭和元年12月25日", "1926-12-25");
	good("平成12年2月29日", "2000-02-29");
	bad("平成31年5月1日");
	bad("令和元年4月30日");
	bad("昭和64年1月8日");
	bad("平成元年1月7日");
	bad("昭和元年12月24日");
	bad("H31.5.1");
	bad("2026年11月28日（金）"); /* a Saturday */
	bad("2026-02-29");
	bad("2026-13-01");
	bad("2026-11-32");
	bad("2026/11-28");
	bad("2026年11-28");
	bad("2026年11月");
	bad("26/11/28");
	bad("R8.11");
	bad("元年5月1日");
	bad("令和100年1月1日");
	bad("令和8年11月28日x");
	bad("X8.11.28");
	bad("");
	bad("20261128");
	bad("2026/11/28(");
	bad("\xff\xfe");
	bad("2026/11/28 \xe3\x80");

	/* the form's normaliser: NFKC first (㍻ is 平成), years 1900–2999 */
	TAP_OK(rform_date_norm(a, "㍻31年4月30日", &d) == 0 &&
	       d == D("2019-04-30"), "㍻31年4月30日 through the form");
	TAP_OK(rform_date_norm(a, "令和８年７月３日", &d) == 0 &&
	       d == D("2026-07-03"), "令和８年７月３日 through the form");
	TAP_OK(rform_date_norm(a, "1899/12/31", &d) == -1,
	       "-bad- 1899 refused by the form");
	arena_free(a);
	return TAP_DONE();
}

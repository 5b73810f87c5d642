/* lib/calendar.c: dates, holidays 1955–2099, closed days, today, wareki,
 * and the kaijictl calendar command. Due dates: test-calendar-due.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar.h"
#include "dates.h"
#include "tap.h"
#include "../../tools/cmd-calendar.h"

static void
test_dates(void)
{
	int y, m, d;
	cal_day day;
	char buf[11];

	TAP_INTEQ(cal_from_ymd(1970, 1, 1), 0, "epoch is day 0");
	TAP_INTEQ(cal_from_ymd(2000, 3, 1), 11017, "2000-03-01 is day 11017");
	TAP_INTEQ(cal_from_ymd(1955, 1, 1), -5479, "1955-01-01 before epoch");
	cal_to_ymd(-1, &y, &m, &d);
	TAP_OK(y == 1969 && m == 12 && d == 31, "day -1 is 1969-12-31");
	TAP_INTEQ(cal_weekday(D("2026-11-28")), 6, "2026-11-28 is a Saturday");
	TAP_INTEQ(cal_weekday(D("1955-01-01")), 6, "1955-01-01 was a Saturday");
	TAP_INTEQ(cal_weekday(D("2099-12-31")), 4, "2099-12-31 is a Thursday");
	TAP_INTEQ(cal_days_in_month(2024, 2), 29, "2024 is a leap year");
	TAP_INTEQ(cal_days_in_month(2100, 2), 28, "2100 is not");
	TAP_INTEQ(cal_days_in_month(2000, 2), 29, "2000 is");
	TAP_INTEQ(cal_days_in_month(2023, 13), 0, "-bad- month 13 has no days");

	TAP_OK(cal_parse("2024-02-29", &day) == 0 && day == cal_from_ymd(2024, 2, 29),
	       "parse 2024-02-29");
	cal_format(day, buf);
	TAP_STREQ(buf, "2024-02-29", "format 2024-02-29");
	static const char *const bad[] = {
		"2023-02-29", "2023-13-01", "2023-01-01x", "2023-1-01",
		"", "20230101", " 2023-01-01", "2023-00-10", "2023-01-32",
		"0000-01-01", "+023-01-01", "2023-01-0", "2023/01/01",
		"2100-02-29", "2023-04-31", "2023-01-01 ",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		day = 12345;
		TAP_OK(cal_parse(bad[i], &day) == -1 && day == 12345,
		       "-bad- parse rejects '%s'", bad[i]);
	}
	TAP_OK(cal_parse(NULL, &day) == -1, "-bad- parse rejects NULL");

	int fails = 0;
	for (cal_day x = D("1955-01-01"); x <= D("2099-12-31"); x++) {
		cal_day back;

		cal_format(x, buf);
		if (cal_parse(buf, &back) != 0 || back != x ||
		    cal_weekday(x + 1) != (cal_weekday(x) + 1) % 7)
			fails++;
	}
	TAP_INTEQ(fails, 0, "format/parse round trip and weekdays 1955-2099");
	cal_format(D("0001-01-01"), buf);
	TAP_STREQ(buf, "0001-01-01", "year 1 formats with 4 digits");
}

static void
test_months(void)
{
	TAP_STREQ(F(cal_add_months(D("2024-01-31"), 1)), "2024-02-29", "1/31 + 1 month in a leap year");
	TAP_STREQ(F(cal_add_months(D("2023-01-31"), 1)), "2023-02-28", "1/31 + 1 month");
	TAP_STREQ(F(cal_add_months(D("2024-02-29"), 12)), "2025-02-28", "2/29 + 12 months");
	TAP_STREQ(F(cal_add_months(D("2024-03-31"), -1)), "2024-02-29", "3/31 - 1 month");
	TAP_STREQ(F(cal_add_months(D("2025-11-15"), 3)), "2026-02-15", "across the year");
	TAP_STREQ(F(cal_add_months(D("2025-01-15"), -13)), "2023-12-15", "back across the year");
	/* 民法143②: the day before the corresponding day. */
	TAP_STREQ(F(cal_months_end(D("2025-12-01"), 3)), "2026-02-28", "from 12/01: 3 months end 2/28");
	TAP_STREQ(F(cal_months_end(D("2025-11-29"), 3)), "2026-02-28", "from 11/29: no 2/29, last day");
	TAP_STREQ(F(cal_months_end(D("2025-11-30"), 3)), "2026-02-28", "from 11/30: no 2/30, last day");
	TAP_STREQ(F(cal_months_end(D("2025-12-31"), 3)), "2026-03-30", "from 12/31: 3/31 exists, 3/30");
	TAP_STREQ(F(cal_months_end(D("2026-03-31"), 3)), "2026-06-30", "from 3/31: no 6/31, 6/30");
	TAP_STREQ(F(cal_months_end(D("2023-11-29"), 3)), "2024-02-28", "from 11/29 to a leap Feb: 2/28");
	TAP_STREQ(F(cal_months_end(D("2023-11-30"), 3)), "2024-02-29", "from 11/30 to a leap Feb: 2/29");
	TAP_STREQ(F(cal_months_end(D("2024-02-29"), 12)), "2025-02-28", "1 year from 2/29");
	TAP_STREQ(F(cal_months_end(D("2025-03-01"), 12)), "2026-02-28", "1 year from 3/01");
}

static void
test_wareki(void)
{
	char buf[64];

	static const struct {
		const char *ymd, *want;
	} cases[] = {
		{ "2026-11-28", "令和8年11月28日" },
		{ "2019-05-01", "令和元年5月1日" },
		{ "2020-01-01", "令和2年1月1日" },
		{ "2019-04-30", "平成31年4月30日" },
		{ "1989-01-08", "平成元年1月8日" },
		{ "1989-01-07", "昭和64年1月7日" },
		{ "1926-12-25", "昭和元年12月25日" },
		{ "1955-01-01", "昭和30年1月1日" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		TAP_OK(cal_format_wareki(D(cases[i].ymd), buf, sizeof buf) == 0,
		       "wareki %s formats", cases[i].ymd);
		TAP_STREQ(buf, cases[i].want, "wareki %s", cases[i].ymd);
	}
	TAP_OK(cal_format_wareki(D("1926-12-24"), buf, sizeof buf) == -1 &&
	       buf[0] == '\0', "-bad- wareki before 昭和 refused");
	TAP_OK(cal_format_wareki(D("2026-11-28"), buf, 10) == -1 &&
	       buf[0] == '\0', "-bad- wareki into a short buffer refused");
	TAP_OK(cal_format_wareki(D("2026-11-28"), buf, 0) == -1,
	       "-bad- wareki into an empty buffer refused");

	/* Every day of the three eras to 2099 as snprintf wrote it, and every
	 * buffer one byte short refused (the digits are written by hand). */
	static const struct {
		const char *from, *name;
		int year;
	} eras[] = { { "2019-05-01", "令和", 2019 }, { "1989-01-08", "平成", 1989 },
		     { "1926-12-25", "昭和", 1926 } };
	int wrong = 0, short_ok = 0;
	for (cal_day day = D("1926-12-25"); day <= D("2099-12-31"); day++) {
		int y, m, d;
		size_t e = 0;
		char want[64];
		cal_to_ymd(day, &y, &m, &d);
		while (day < D(eras[e].from))
			e++;
		int ey = y - eras[e].year + 1;
		if (ey == 1)
			snprintf(want, sizeof want, "%s元年%d月%d日", eras[e].name, m, d);
		else
			snprintf(want, sizeof want, "%s%d年%d月%d日", eras[e].name, ey, m, d);
		if (cal_format_wareki(day, buf, sizeof buf) != 0 || strcmp(buf, want) != 0)
			wrong++;
		if (cal_format_wareki(day, buf, strlen(want)) != -1 || buf[0] != '\0' ||
		    cal_format_wareki(day, buf, strlen(want) + 1) != 0)
			short_ok++;
	}
	TAP_INTEQ(wrong, 0, "every day 1926-12-25 to 2099-12-31 as snprintf wrote it");
	TAP_INTEQ(short_ok, 0, "-bad- every one a byte short refused, exactly long enough written");
}

static void
test_today(void)
{
	long long t0, t1;
	cal_day got;

	char start[32];
	const char *run_start = getenv("KAIJI_CLOCK_START");
	char *saved = run_start ? strdup(run_start) : NULL;

	unsetenv("KAIJI_CLOCK_START");
	setenv("TZ", "America/New_York", 1);
	tzset();
	unsetenv("KAIJI_TODAY");
	t0 = (long long)time(NULL);
	got = cal_today();
	t1 = (long long)time(NULL);
	TAP_OK(got == (cal_day)((t0 + 32400) / 86400) ||
	       got == (cal_day)((t1 + 32400) / 86400),
	       "cal_today is the UTC+9 date under TZ=America/New_York");
	setenv("TZ", "Pacific/Kiritimati", 1);
	tzset();
	TAP_OK(cal_today() == got || cal_today() == got + 1,
	       "cal_today ignores TZ=Pacific/Kiritimati");
	setenv("KAIJI_TODAY", "2026-11-28", 1);
	TAP_STREQ(F(cal_today()), "2026-11-28", "KAIJI_TODAY test hook");
	setenv("KAIJI_TODAY", "2026-02-30", 1);
	TAP_OK(cal_today() == got || cal_today() == got + 1,
	       "-bad- an invalid KAIJI_TODAY is ignored");
	unsetenv("KAIJI_TODAY");

	/* a run that began 100 s ago reads 09:01:40, whatever the real hour */
	t0 = (long long)time(NULL);
	snprintf(start, sizeof start, "%lld", t0 - 100);
	setenv("KAIJI_CLOCK_START", start, 1);
	setenv("KAIJI_TODAY", "2030-12-28", 1);
	t1 = cal_now() - (long long)D("2030-12-28") * 86400;
	TAP_OK(t1 >= 100 && t1 <= 102,
	       "KAIJI_CLOCK_START: 09:00 on KAIJI_TODAY when the run began, then real seconds");
	unsetenv("KAIJI_TODAY");
	TAP_OK(cal_today() == (cal_day)((t0 - 100 + 32400) / 86400),
	       "KAIJI_CLOCK_START alone: the day the run began, whatever the hour now");
	setenv("KAIJI_CLOCK_START", "12x", 1);
	TAP_OK(cal_today() == got || cal_today() == got + 1,
	       "-bad- a malformed KAIJI_CLOCK_START is ignored");
	unsetenv("KAIJI_CLOCK_START");
	if (saved != NULL)
		setenv("KAIJI_CLOCK_START", saved, 1);
	free(saved);
	unsetenv("TZ");
	tzset();
}

/* ---- holidays ---- */

static const char *const expected_2019_2027[] = {
	/* 2019 */
	[0] =
	    "2019-01-01\t元日\n"
	    "2019-01-14\t成人の日\n"
	    "2019-02-11\t建国記念の日\n"
	    "2019-03-21\t春分の日\n"
	    "2019-04-29\t昭和の日\n"
	    "2019-04-30\t国民の休日\n"
	    "2019-05-01\t天皇の即位の日\n"
	    "2019-05-02\t国民の休日\n"
	    "2019-05-03\t憲法記念日\n"
	    "2019-05-04\tみどりの日\n"
	    "2019-05-05\tこどもの日\n"
	    "2019-05-06\t振替休日\n"
	    "2019-07-15\t海の日\n"
	    "2019-08-11\t山の日\n"
	    "2019-08-12\t振替休日\n"
	    "2019-09-16\t敬老の日\n"
	    "2019-09-23\t秋分の日\n"
	    "2019-10-14\t体育の日（スポーツの日）\n"
	    "2019-10-22\t即位礼正殿の儀の行われる日\n"
	    "2019-11-03\t文化の日\n"
	    "2019-11-04\t振替休日\n"
	    "2019-11-23\t勤労感謝の日\n",
	/* 2020 */
	[1] =
	    "2020-01-01\t元日\n"
	    "2020-01-13\t成人の日\n"
	    "2020-02-11\t建国記念の日\n"
	    "2020-02-23\t天皇誕生日\n"
	    "2020-02-24\t振替休日\n"
	    "2020-03-20\t春分の日\n"
	    "2020-04-29\t昭和の日\n"
	    "2020-05-03\t憲法記念日\n"
	    "2020-05-04\tみどりの日\n"
	    "2020-05-05\tこどもの日\n"
	    "2020-05-06\t振替休日\n"
	    "2020-07-23\t海の日\n"
	    "2020-07-24\tスポーツの日\n"
	    "2020-08-10\t山の日\n"
	    "2020-09-21\t敬老の日\n"
	    "2020-09-22\t秋分の日\n"
	    "2020-11-03\t文化の日\n"
	    "2020-11-23\t勤労感謝の日\n",
	/* 2021 */
	[2] =
	    "2021-01-01\t元日\n"
	    "2021-01-11\t成人の日\n"
	    "2021-02-11\t建国記念の日\n"
	    "2021-02-23\t天皇誕生日\n"
	    "2021-03-20\t春分の日\n"
	    "2021-04-29\t昭和の日\n"
	    "2021-05-03\t憲法記念日\n"
	    "2021-05-04\tみどりの日\n"
	    "2021-05-05\tこどもの日\n"
	    "2021-07-22\t海の日\n"
	    "2021-07-23\tスポーツの日\n"
	    "2021-08-08\t山の日\n"
	    "2021-08-09\t振替休日\n"
	    "2021-09-20\t敬老の日\n"
	    "2021-09-23\t秋分の日\n"
	    "2021-11-03\t文化の日\n"
	    "2021-11-23\t勤労感謝の日\n",
	/* 2022 */
	[3] =
	    "2022-01-01\t元日\n"
	    "2022-01-10\t成人の日\n"
	    "2022-02-11\t建国記念の日\n"
	    "2022-02-23\t天皇誕生日\n"
	    "2022-03-21\t春分の日\n"
	    "2022-04-29\t昭和の日\n"
	    "2022-05-03\t憲法記念日\n"
	    "2022-05-04\tみどりの日\n"
	    "2022-05-05\tこどもの日\n"
	    "2022-07-18\t海の日\n"
	    "2022-08-11\t山の日\n"
	    "2022-09-19\t敬老の日\n"
	    "2022-09-23\t秋分の日\n"
	    "2022-10-10\tスポーツの日\n"
	    "2022-11-03\t文化の日\n"
	    "2022-11-23\t勤労感謝の日\n",
	/* 2023 */
	[4] =
	    "2023-01-01\t元日\n"
	    "2023-01-02\t振替休日\n"
	    "2023-01-09\t成人の日\n"
	    "2023-02-11\t建国記念の日\n"
	    "2023-02-23\t天皇誕生日\n"
	    "2023-03-21\t春分の日\n"
	    "2023-04-29\t昭和の日\n"
	    "2023-05-03\t憲法記念日\n"
	    "2023-05-04\tみどりの日\n"
	    "2023-05-05\tこどもの日\n"
	    "2023-07-17\t海の日\n"
	    "2023-08-11\t山の日\n"
	    "2023-09-18\t敬老の日\n"
	    "2023-09-23\t秋分の日\n"
	    "2023-10-09\tスポーツの日\n"
	    "2023-11-03\t文化の日\n"
	    "2023-11-23\t勤労感謝の日\n",
	/* 2024 */
	[5] =
	    "2024-01-01\t元日\n"
	    "2024-01-08\t成人の日\n"
	    "2024-02-11\t建国記念の日\n"
	    "2024-02-12\t振替休日\n"
	    "2024-02-23\t天皇誕生日\n"
	    "2024-03-20\t春分の日\n"
	    "2024-04-29\t昭和の日\n"
	    "2024-05-03\t憲法記念日\n"
	    "2024-05-04\tみどりの日\n"
	    "2024-05-05\tこどもの日\n"
	    "2024-05-06\t振替休日\n"
	    "2024-07-15\t海の日\n"
	    "2024-08-11\t山の日\n"
	    "2024-08-12\t振替休日\n"
	    "2024-09-16\t敬老の日\n"
	    "2024-09-22\t秋分の日\n"
	    "2024-09-23\t振替休日\n"
	    "2024-10-14\tスポーツの日\n"
	    "2024-11-03\t文化の日\n"
	    "2024-11-04\t振替休日\n"
	    "2024-11-23\t勤労感謝の日\n",
	/* 2025 */
	[6] =
	    "2025-01-01\t元日\n"
	    "2025-01-13\t成人の日\n"
	    "2025-02-11\t建国記念の日\n"
	    "2025-02-23\t天皇誕生日\n"
	    "2025-02-24\t振替休日\n"
	    "2025-03-20\t春分の日\n"
	    "2025-04-29\t昭和の日\n"
	    "2025-05-03\t憲法記念日\n"
	    "2025-05-04\tみどりの日\n"
	    "2025-05-05\tこどもの日\n"
	    "2025-05-06\t振替休日\n"
	    "2025-07-21\t海の日\n"
	    "2025-08-11\t山の日\n"
	    "2025-09-15\t敬老の日\n"
	    "2025-09-23\t秋分の日\n"
	    "2025-10-13\tスポーツの日\n"
	    "2025-11-03\t文化の日\n"
	    "2025-11-23\t勤労感謝の日\n"
	    "2025-11-24\t振替休日\n",
	/* 2026 */
	[7] =
	    "2026-01-01\t元日\n"
	    "2026-01-12\t成人の日\n"
	    "2026-02-11\t建国記念の日\n"
	    "2026-02-23\t天皇誕生日\n"
	    "2026-03-20\t春分の日\n"
	    "2026-04-29\t昭和の日\n"
	    "2026-05-03\t憲法記念日\n"
	    "2026-05-04\tみどりの日\n"
	    "2026-05-05\tこどもの日\n"
	    "2026-05-06\t振替休日\n"
	    "2026-07-20\t海の日\n"
	    "2026-08-11\t山の日\n"
	    "2026-09-21\t敬老の日\n"
	    "2026-09-22\t国民の休日\n"
	    "2026-09-23\t秋分の日\n"
	    "2026-10-12\tスポーツの日\n"
	    "2026-11-03\t文化の日\n"
	    "2026-11-23\t勤労感謝の日\n",
	/* 2027 */
	[8] =
	    "2027-01-01\t元日\n"
	    "2027-01-11\t成人の日\n"
	    "2027-02-11\t建国記念の日\n"
	    "2027-02-23\t天皇誕生日\n"
	    "2027-03-21\t春分の日\n"
	    "2027-03-22\t振替休日\n"
	    "2027-04-29\t昭和の日\n"
	    "2027-05-03\t憲法記念日\n"
	    "2027-05-04\tみどりの日\n"
	    "2027-05-05\tこどもの日\n"
	    "2027-07-19\t海の日\n"
	    "2027-08-11\t山の日\n"
	    "2027-09-20\t敬老の日\n"
	    "2027-09-23\t秋分の日\n"
	    "2027-10-11\tスポーツの日\n"
	    "2027-11-03\t文化の日\n"
	    "2027-11-23\t勤労感謝の日\n",

};

static void
holidays_text(int year, char *buf, size_t len)
{
	struct cal_holiday h[40];
	size_t n = cal_holidays(year, h, 40), used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && used < len; i++) {
		int w = snprintf(buf + used, len - used, "%s\t%s\n", F(h[i].day),
		                 h[i].name);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

/* Checked against 内閣府「国民の祝日について」(syukujitsu.csv) through
 * holiday-jp's data. The CSV calls 振替休日 and 国民の休日 "休日" and the
 * two 2019 days "休日（祝日扱い）"; we name them as the law does. */
static void
test_holidays_2019_2027(void)
{
	static char buf[4096];

	for (int y = 2019; y <= 2027; y++) {
		holidays_text(y, buf, sizeof buf);
		TAP_STREQ(buf, expected_2019_2027[y - 2019], "holidays of %d", y);
	}
}

static bool
is_kind(const struct cal_holiday *h, const char *name)
{
	return strcmp(h->name, name) == 0;
}

static bool
is_shukujitsu(cal_day d)
{
	const char *n = cal_holiday_name(d);

	return n != NULL && strcmp(n, "振替休日") != 0 &&
	       strcmp(n, "国民の休日") != 0;
}

/* How many 国民の祝日 (not 振替休日 / 国民の休日) the law gave each year. */
static int
shukujitsu_count(int y)
{
	int n = 9; /* 元日 成人 春分 天皇誕生日 憲法 こども 秋分 文化 勤労感謝 */

	n += y >= 1966 ? 2 : 0;              /* 敬老の日, 体育の日 */
	n += y >= 1967 ? 1 : 0;              /* 建国記念の日 */
	n += y >= 1989 ? 1 : 0;              /* 4/29 stays (みどりの日), 12/23 */
	n += y >= 1996 ? 1 : 0;              /* 海の日 */
	n += y >= 2007 ? 1 : 0;              /* 4/29 昭和の日, みどりの日 on 5/4 */
	n += y >= 2016 ? 1 : 0;              /* 山の日 */
	n -= y == 2019 ? 1 : 0;              /* no 天皇誕生日 in 2019 */
	n += y == 1959 || y == 1989 || y == 1990 || y == 1993 ? 1 : 0;
	n += y == 2019 ? 2 : 0;
	return n;
}

static bool
happy_monday_name(int y, const char *name)
{
	if (strcmp(name, "成人の日") == 0 || strcmp(name, "体育の日") == 0)
		return y >= 2000;
	if (strcmp(name, "海の日") == 0 || strcmp(name, "スポーツの日") == 0)
		return y >= 2003 && y != 2020 && y != 2021;
	if (strcmp(name, "敬老の日") == 0)
		return y >= 2003;
	return strcmp(name, "体育の日（スポーツの日）") == 0;
}

static int
check_year(int y)
{
	struct cal_holiday h[40];
	size_t n = cal_holidays(y, h, 40);
	int bad = 0, shuku = 0;

	for (size_t i = 0; i < n; i++) {
		int hy, hm, hd, w = cal_weekday(h[i].day);
		cal_day d = h[i].day;

		cal_to_ymd(d, &hy, &hm, &hd);
		bad += hy != y;
		bad += i > 0 && h[i - 1].day >= d;
		bad += cal_holiday_name(d) != h[i].name;
		if (is_kind(&h[i], "振替休日")) {
			cal_day k = d - 1;

			while (k > d - 7 && is_shukujitsu(k) && cal_weekday(k) != 0)
				k--;
			/* right after a chain of 祝日 that starts on a Sunday */
			bad += !(is_shukujitsu(k) && cal_weekday(k) == 0);
			bad += d < D("1973-04-12") || w == 0;
			if (y < 2007)
				bad += k != d - 1;
		} else if (is_kind(&h[i], "国民の休日")) {
			bad += !is_shukujitsu(d - 1) || !is_shukujitsu(d + 1);
			bad += w == 0 || y < 1986;
		} else {
			shuku++;
			if (happy_monday_name(y, h[i].name))
				bad += w != 1;
			if (is_kind(&h[i], "春分の日"))
				bad += hm != 3 || hd < 19 || hd > 21;
			if (is_kind(&h[i], "秋分の日"))
				bad += hm != 9 || hd < 22 || hd > 24;
			/* a Sunday 祝日 is always followed by a 振替休日 */
			if (w == 0 && d >= D("1973-04-12")) {
				cal_day k = d + 1;

				while (y >= 2007 && is_shukujitsu(k))
					k++;
				if (!is_shukujitsu(k)) {
					const char *nm = cal_holiday_name(k);
					bad += nm == NULL || strcmp(nm, "振替休日") != 0;
				}
			}
		}
	}
	bad += shuku != shukujitsu_count(y);
	bad += (int)n < shuku || (int)n > shuku + 6;
	if (bad)
		printf("# year %d: %d problems, %zu holidays\n", y, bad, n);
	return bad;
}

static void
test_holiday_rules(void)
{
	int bad = 0, total = 0;
	struct cal_holiday h[2];

	for (int y = CAL_HOLIDAY_FIRST_YEAR; y <= CAL_HOLIDAY_LAST_YEAR; y++) {
		bad += check_year(y);
		total += (int)cal_holidays(y, NULL, 0);
	}
	TAP_INTEQ(bad, 0, "1955-2099: sorted, unique, weekday rules, counts");
	TAP_OK(total > 145 * 15 && total < 145 * 20,
	       "1955-2099: %d holidays in all", total);
	TAP_INTEQ(cal_holidays(1954, h, 2), 0, "-bad- no holidays before 1955");
	TAP_INTEQ(cal_holidays(2100, h, 2), 0, "-bad- no holidays after 2099");
	TAP_INTEQ(cal_holidays(2026, h, 2), 18, "2026 has 18; max limits writes");
	TAP_STREQ(F(h[1].day), "2026-01-12", "second of 2026 written");

	static const struct {
		const char *ymd, *name;
	} cases[] = {
		{ "1955-01-15", "成人の日" },
		{ "1959-04-10", "皇太子・明仁親王の結婚の儀" },
		{ "1973-04-30", "振替休日" },        /* first one, law of 1973-04-12 */
		{ "1973-02-12", NULL },              /* 2/11 Sunday, before the law */
		{ "1986-05-04", NULL },              /* Sunday between: not 国民の休日 */
		{ "1987-05-04", "振替休日" },
		{ "1988-05-04", "国民の休日" },
		{ "1989-02-24", "昭和天皇の大喪の礼" },
		{ "1989-04-29", "みどりの日" },
		{ "1988-04-29", "天皇誕生日" },
		{ "1989-12-23", "天皇誕生日" },
		{ "1990-11-12", "即位礼正殿の儀" },
		{ "1993-06-09", "皇太子・徳仁親王の結婚の儀" },
		{ "1996-07-20", "海の日" },
		{ "1999-01-15", "成人の日" },
		{ "2000-01-10", "成人の日" },
		{ "2006-05-04", "国民の休日" },
		{ "2007-05-04", "みどりの日" },
		{ "2008-05-06", "振替休日" },        /* 5/4 Sunday: next non-祝日 */
		{ "2009-09-22", "国民の休日" },
		{ "2015-09-22", "国民の休日" },
		{ "2018-12-23", "天皇誕生日" },
		{ "2018-12-24", "振替休日" },
		{ "2019-12-23", NULL },
		{ "2020-10-12", NULL },              /* moved to 7/24 */
		{ "2021-08-11", NULL },              /* moved to 8/8 */
		{ "2032-09-21", "国民の休日" },
		{ "2092-03-19", "春分の日" },
		{ "2099-01-01", "元日" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *got = cal_holiday_name(D(cases[i].ymd));

		if (cases[i].name == NULL)
			TAP_OK(got == NULL, "%s is no holiday (got %s)",
			       cases[i].ymd, got ? got : "NULL");
		else
			TAP_STREQ(got, cases[i].name, "%s", cases[i].ymd);
	}
}

/* ---- closed days ---- */

static void
test_closed(void)
{
	static const cal_day extra_closed[] = { 20616 /* 2026-06-12 */ };
	cal_day extra_open[] = { 0, 0 };
	struct cal_rules r = { true, extra_closed, 1, extra_open, 2 };

	extra_open[0] = D("2026-05-04");
	extra_open[1] = D("2026-12-28"); /* not closed anyway */
	TAP_STREQ(F(extra_closed[0]), "2026-06-12", "extra closed day is 6/12");
	TAP_OK(cal_closed_reason(NULL, D("2026-11-27")) == NULL, "Friday open");
	TAP_STREQ(cal_closed_reason(NULL, D("2026-11-28")), "土曜日", "Saturday");
	TAP_STREQ(cal_closed_reason(NULL, D("2026-11-29")), "日曜日", "Sunday");
	TAP_STREQ(cal_closed_reason(NULL, D("2026-11-23")), "勤労感謝の日", "holiday");
	TAP_STREQ(cal_closed_reason(NULL, D("2026-05-03")), "憲法記念日",
	          "a Sunday holiday gives the holiday's name");
	TAP_STREQ(cal_closed_reason(NULL, D("2026-12-29")), "年末年始", "12/29");
	TAP_STREQ(cal_closed_reason(NULL, D("2026-12-31")), "年末年始", "12/31");
	TAP_STREQ(cal_closed_reason(NULL, D("2027-01-01")), "元日", "1/1 by name");
	TAP_STREQ(cal_closed_reason(NULL, D("2027-01-02")), "年末年始", "1/2 (Sat)");
	TAP_STREQ(cal_closed_reason(NULL, D("2027-01-03")), "年末年始", "1/3 (Sun)");
	TAP_OK(cal_closed_reason(NULL, D("2026-12-28")) == NULL, "12/28 open");
	TAP_OK(cal_closed_reason(NULL, D("2027-01-04")) == NULL, "1/4 open");
	TAP_STREQ(cal_closed_reason(&r, D("2026-06-12")), "臨時閉庁日", "extra closed");
	TAP_OK(cal_closed_reason(NULL, D("2026-06-12")) == NULL, "not without rules");
	TAP_OK(cal_closed_reason(&r, D("2026-05-04")) == NULL, "extra open wins over a holiday");
	TAP_OK(cal_is_closed(&r, D("2026-05-05")), "5/5 still closed");
	TAP_STREQ(F(cal_next_open(NULL, D("2026-12-29"))), "2027-01-04", "next open after new year");
	TAP_STREQ(F(cal_next_open(&r, D("2026-05-02"))), "2026-05-04", "extra open day is next open");
	TAP_STREQ(F(cal_prev_open(NULL, D("2027-01-03"))), "2026-12-28", "previous open before new year");
	TAP_STREQ(F(cal_next_open(NULL, D("2026-11-27"))), "2026-11-27", "open day is its own next");
	TAP_STREQ(cal_closed_reason(NULL, D("1950-01-02")), "年末年始",
	          "before 1955 year end still closed");
}

/* ---- the command ---- */

static const struct cal_period yamagata[5] = {
	{ 14, CAL_FROM_NEXT_DAY, 30 }, { 30, CAL_FROM_NEXT_DAY, 30 },
	{ 30, CAL_FROM_NEXT_DAY, 30 }, { 0, CAL_FROM_NEXT_DAY, 0 },
	{ 0, CAL_FROM_NEXT_DAY, 0 },
};

static int
run(const char *const *args, int argc, char *out, size_t outlen, char *err,
    size_t errlen)
{
	static const struct cal_rules rules = { true, NULL, 0, NULL, 0 };
	FILE *fo = tmpfile(), *fe = tmpfile();
	char *argv[8];
	int rc;
	size_t n;

	if (fo == NULL || fe == NULL)
		exit(99);
	for (int i = 0; i < argc && i < 8; i++)
		argv[i] = (char *)args[i];
	rc = cmd_calendar(argc, argv, &rules, yamagata, fo, fe);
	rewind(fo);
	n = fread(out, 1, outlen - 1, fo);
	out[n] = '\0';
	rewind(fe);
	n = fread(err, 1, errlen - 1, fe);
	err[n] = '\0';
	fclose(fo);
	fclose(fe);
	return rc;
}

#define RUN(...)                                                          \
	run((const char *const[]){ __VA_ARGS__ },                         \
	    (int)(sizeof((const char *const[]){ __VA_ARGS__ }) /           \
	          sizeof(const char *)),                                  \
	    out, sizeof out, err, sizeof err)

static void
test_cmd(void)
{
	static char out[8192], err[2048];

	TAP_INTEQ(RUN("calendar", "holidays", "2026"), 0, "holidays 2026 ok");
	TAP_STREQ(out, expected_2019_2027[2026 - 2019], "holidays 2026 text");
	TAP_INTEQ(RUN("calendar", "due", "2026-04-20", "disclosure"), 0, "due ok");
	TAP_STREQ(out, "2026-05-07\n", "due over Golden Week");
	TAP_INTEQ(RUN("calendar", "due", "2026-09-07", "correction"), 0, "due correction ok");
	TAP_STREQ(out, "2026-10-07\n", "correction 30 days");
	TAP_INTEQ(RUN("calendar", "closed", "2026-05-01", "2026-05-07"), 0, "closed ok");
	TAP_STREQ(out, "2026-05-02\t土曜日\n2026-05-03\t憲法記念日\n"
	               "2026-05-04\tみどりの日\n2026-05-05\tこどもの日\n"
	               "2026-05-06\t振替休日\n", "closed in Golden Week");
	TAP_INTEQ(RUN("calendar", "closed", "2026-06-01", "2026-06-05"), 0, "closed none ok");
	TAP_STREQ(out, "", "an open week prints nothing");
	TAP_INTEQ(RUN("calendar", "appeal", "2025-11-30"), 0, "appeal ok");
	TAP_STREQ(out, "2026-03-02\n", "appeal from 11/30 rolled past 2/28 Sat");
	TAP_INTEQ(RUN("calendar", "appeal", "2025-12-01", "2025-01-10"), 0, "appeal with decision ok");
	TAP_STREQ(out, "2026-01-13\n", "1 year from the decision is earlier");

	static const struct {
		const char *a[5];
		int n;
		const char *why;
	} bad[] = {
		{ { "calendar" }, 1, "no subcommand" },
		{ { "calendar", "weeks" }, 2, "unknown subcommand" },
		{ { "calendar", "holidays" }, 2, "holidays without a year" },
		{ { "calendar", "holidays", "1954" }, 3, "year before 1955" },
		{ { "calendar", "holidays", "2026x" }, 3, "year with junk" },
		{ { "calendar", "holidays", "99999999999999999999" }, 3, "huge year" },
		{ { "calendar", "due", "2023-02-29", "disclosure" }, 4, "bad date" },
		{ { "calendar", "due", "2026-01-05", "refund" }, 4, "unknown kind" },
		{ { "calendar", "due", "2026-01-05", "deletion" }, 4, "kind the city lacks" },
		{ { "calendar", "due", "2026-01-05" }, 3, "due without kind" },
		{ { "calendar", "closed", "2026-02-01", "2026-01-01" }, 4, "reversed range" },
		{ { "calendar", "closed", "2000-01-01", "2026-01-01" }, 4, "range too long" },
		{ { "calendar", "appeal", "2026-13-01" }, 3, "bad notice date" },
		{ { "calendar", "appeal", "2026-01-01", "2026-02-01" }, 4, "decided after notice" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int rc = run(bad[i].a, bad[i].n, out, sizeof out, err, sizeof err);

		TAP_OK(rc == 2 && out[0] == '\0' && strncmp(err, "calendar: ", 10) == 0,
		       "-bad- %s: exit 2, message on err", bad[i].why);
	}
}

int
main(void)
{
	test_dates();
	test_months();
	test_wareki();
	test_today();
	test_holidays_2019_2027();
	test_holiday_rules();
	test_closed();
	test_cmd();
	return TAP_DONE();
}

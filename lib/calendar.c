/* The Japanese calendar: dates, national holidays, closed days, due dates
 * and windows. See lib/calendar.h; the rules are cited from
 * shared/research/japan-domain.md §1–2. */
#include "calendar.h"
#include <errno.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"

/* ---- dates ---- */

/* Civil date <-> day number, proleptic Gregorian, eras of 400 years. */
cal_day
cal_from_ymd(int year, int month, int mday)
{
	int y = year - (month <= 2);
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + mday - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (cal_day)(era * 146097 + doe - 719468);
}

void
cal_to_ymd(cal_day day, int *year, int *month, int *mday)
{
	int z = (int)day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int m = mp < 10 ? mp + 3 : mp - 9;

	*year = yoe + era * 400 + (m <= 2);
	*month = m;
	*mday = doy - (153 * mp + 2) / 5 + 1;
}

static bool
cal_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int
cal_days_in_month(int year, int month)
{
	static const int dim[12] = { 31, 28, 31, 30, 31, 30,
	                             31, 31, 30, 31, 30, 31 };

	if (month < 1 || month > 12)
		return 0;
	return dim[month - 1] + (month == 2 && cal_leap(year));
}

bool
cal_valid_ymd(int year, int month, int mday)
{
	return year >= 1 && year <= 9999 && mday >= 1 &&
	       mday <= cal_days_in_month(year, month);
}

int
cal_weekday(cal_day day)
{
	/* 1970-01-01 was a Thursday. */
	return (int)(((day % 7) + 7 + 4) % 7);
}

void
cal_format(cal_day day, char out[11])
{
	int y, m, d;

	cal_to_ymd(day, &y, &m, &d);
	if (y < 0 || y > 9999) {
		snprintf(out, 11, "%s", "0000-00-00");
		return;
	}
	if (snprintf(out, 11, "%04d-%02d-%02d", y, m, d) != 10)
		out[10] = '\0';
}

static int
cal_digits(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
cal_parse(const char *s, cal_day *out)
{
	int y, m, d;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	y = cal_digits(s, 4);
	m = cal_digits(s + 5, 2);
	d = cal_digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0 || !cal_valid_ymd(y, m, d))
		return -1;
	*out = cal_from_ymd(y, m, d);
	return 0;
}

cal_day
cal_add_months(cal_day day, int months)
{
	int y, m, d;
	long long t;

	cal_to_ymd(day, &y, &m, &d);
	t = (long long)y * 12 + (m - 1) + months;
	if (t < 12)
		t = 12;
	if (t > 9999LL * 12 + 11)
		t = 9999LL * 12 + 11;
	y = (int)(t / 12);
	m = (int)(t % 12) + 1;
	if (d > cal_days_in_month(y, m))
		d = cal_days_in_month(y, m);
	return cal_from_ymd(y, m, d);
}

cal_day
cal_months_end(cal_day first, int months)
{
	int y, m, d, ty, tm, td;
	cal_day target = cal_add_months(first, months);

	cal_to_ymd(first, &y, &m, &d);
	cal_to_ymd(target, &ty, &tm, &td);
	if (td < d) /* no corresponding day: the month's last day (民法143②但書) */
		return target;
	return target - 1;
}

/* Asia/Tokyo is UTC+9 all year (no DST since 1951). */
static cal_day cal_day_of(long long utc_seconds)
{
	long long s = utc_seconds + 9 * 3600;
	return (cal_day)(s >= 0 ? s / 86400 : (s - 86399) / 86400);
}

/* KAIJI_CLOCK_START as whole seconds since the epoch, or -1. */
static long long cal_clock_start(void)
{
	const char *s = getenv("KAIJI_CLOCK_START");
	char *end;
	long long v;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v <= 0)
		return -1;
	return v;
}

/* KAIJI_TODAY moves the clock by whole days, so the time of day, durations
 * and the order of stamps stay as they really are. KAIJI_CLOCK_START
 * instead fixes one offset for a whole test run: at that moment the clock
 * read 09:00 (00:00 UTC) on KAIJI_TODAY or on that moment's own day, so a
 * run begun at 23:50 does not cross midnight half-way through. */
long long
cal_now(void)
{
	const char *hook = getenv("KAIJI_TODAY");
	long long now = (long long)time(NULL);
	long long start = cal_clock_start();
	cal_day day;
	int pinned = hook != NULL && cal_parse(hook, &day) == 0;

	if (start > 0) {
		if (!pinned)
			day = cal_day_of(start);
		return now + (long long)day * 86400 - start;
	}
	if (pinned)
		now += ((long long)day - cal_day_of(now)) * 86400;
	return now;
}

cal_day
cal_today(void)
{
	return cal_day_of(cal_now());
}

struct cal_era {
	int year, month, mday; /* first day */
	const char *name;
};

static const struct cal_era cal_eras[] = {
	{ 2019, 5, 1, "令和" },
	{ 1989, 1, 8, "平成" },
	{ 1926, 12, 25, "昭和" },
};

/* s written at p, short of end with room for a NUL; NULL when it does
 * not fit (or p is NULL). */
static char *
put_str(char *p, const char *end, const char *s)
{
	size_t n = strlen(s);

	if (p == NULL || (size_t)(end - p) <= n)
		return NULL;
	memcpy(p, s, n);
	return p + n;
}

/* v (≥ 0) in decimal, as put_str: snprintf's parsing of its format was
 * most of a date's cost, twenty dates a register page. */
static char *
put_int(char *p, const char *end, int v)
{
	char digits[24];
	const char *s = decimal_before(digits + sizeof digits, (unsigned)v);
	size_t n = (size_t)(digits + sizeof digits - s);

	if (p == NULL || (size_t)(end - p) <= n)
		return NULL;
	memcpy(p, s, n);
	return p + n;
}

int
cal_format_wareki(cal_day day, char *buf, size_t len)
{
	int y, m, d;

	if (buf == NULL || len == 0)
		return -1;
	buf[0] = '\0';
	cal_to_ymd(day, &y, &m, &d);
	for (size_t i = 0; i < sizeof cal_eras / sizeof cal_eras[0]; i++) {
		const struct cal_era *e = &cal_eras[i];
		int ey = y - e->year + 1;
		const char *end = buf + len;

		if (day < cal_from_ymd(e->year, e->month, e->mday))
			continue;
		/* 令和元年5月1日, 令和2年4月1日 */
		char *p = put_str(buf, end, e->name);
		p = ey == 1 ? put_str(p, end, "元") : put_int(p, end, ey);
		p = put_str(p, end, "年");
		p = put_int(p, end, m);
		p = put_str(p, end, "月");
		p = put_int(p, end, d);
		p = put_str(p, end, "日");
		if (p == NULL) {
			buf[0] = '\0';
			return -1;
		}
		*p = '\0';
		return 0;
	}
	return -1;
}

/* ---- dates as people write them ---- */

/* The next character of s at *i as one code point, full-width ASCII
 * (U+FF01–FF5E) folded to ASCII and the ideographic space to ' '; 0 at
 * the end, -1 on a byte that does not start a code point here. */
static long
cal_next_char(const char *s, size_t *i)
{
	const unsigned char *p = (const unsigned char *)s + *i;
	long c;
	size_t n;

	if (p[0] == 0)
		return 0;
	if (p[0] < 0x80) {
		c = p[0];
		n = 1;
	} else if ((p[0] & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80) {
		c = ((long)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
		n = 2;
	} else if ((p[0] & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 &&
	           (p[2] & 0xC0) == 0x80) {
		c = ((long)(p[0] & 0x0F) << 12) | ((long)(p[1] & 0x3F) << 6) |
		    (p[2] & 0x3F);
		n = 3;
	} else {
		return -1;
	}
	*i += n;
	if (c >= 0xFF01 && c <= 0xFF5E)
		return c - 0xFEE0;
	if (c == 0x3000 || c == '\t')
		return ' ';
	return c;
}

static long
cal_peek_char(const char *s, size_t i)
{
	return cal_next_char(s, &i);
}

static void
cal_skip_spaces(const char *s, size_t *i)
{
	while (cal_peek_char(s, *i) == ' ')
		cal_next_char(s, i);
}

/* 1 to max ASCII (or folded full-width) digits: the number, else -1. */
static int
cal_number(const char *s, size_t *i, int max)
{
	int v = 0, n = 0;
	long c;

	while (n < max && (c = cal_peek_char(s, *i)) >= '0' && c <= '9') {
		cal_next_char(s, i);
		v = v * 10 + (int)(c - '0');
		n++;
	}
	return n > 0 && !((c = cal_peek_char(s, *i)) >= '0' && c <= '9') ? v
	                                                                  : -1;
}

static bool
cal_take(const char *s, size_t *i, const char *word)
{
	size_t len = strlen(word);

	if (strncmp(s + *i, word, len) != 0)
		return false;
	*i += len;
	return true;
}

/* The era a date starts with: 令和, 平成, 昭和 or their letters R, H, S. */
static const struct cal_era *
cal_era_prefix(const char *s, size_t *i)
{
	static const char letters[] = "RHS"; /* the order of cal_eras */
	long c = cal_peek_char(s, *i);

	for (size_t k = 0; k < sizeof cal_eras / sizeof cal_eras[0]; k++) {
		if (cal_take(s, i, cal_eras[k].name))
			return &cal_eras[k];
		if (c == letters[k] || c == letters[k] + ('a' - 'A')) {
			cal_next_char(s, i);
			return &cal_eras[k];
		}
	}
	return NULL;
}

static const char *const cal_weekday_kanji[7] = {
	"日", "月", "火", "水", "木", "金", "土"
};

int
cal_parse_written(const char *s, cal_day *out)
{
	const struct cal_era *era;
	size_t i = 0;
	int y, m, d;
	bool kanji;
	long sep = 0;
	cal_day day;

	if (s == NULL || strlen(s) > 200)
		return -1;
	cal_skip_spaces(s, &i);
	era = cal_era_prefix(s, &i);
	cal_skip_spaces(s, &i);
	if (era != NULL && cal_take(s, &i, "元"))
		y = 1;
	else if ((y = cal_number(s, &i, era ? 2 : 4)) < 1)
		return -1;
	if (era == NULL && y < 1000) /* a western year has four digits */
		return -1;
	cal_skip_spaces(s, &i);
	kanji = cal_take(s, &i, "年");
	if (!kanji) {
		sep = cal_next_char(s, &i);
		if (sep != '-' && sep != '/' && sep != '.')
			return -1;
	}
	cal_skip_spaces(s, &i);
	if ((m = cal_number(s, &i, 2)) < 0)
		return -1;
	cal_skip_spaces(s, &i);
	if (kanji ? !cal_take(s, &i, "月") : cal_next_char(s, &i) != sep)
		return -1;
	cal_skip_spaces(s, &i);
	if ((d = cal_number(s, &i, 2)) < 0)
		return -1;
	cal_skip_spaces(s, &i);
	if (kanji && !cal_take(s, &i, "日"))
		return -1;
	if (era != NULL)
		y += era->year - 1;
	if (!cal_valid_ymd(y, m, d))
		return -1;
	day = cal_from_ymd(y, m, d);
	if (era != NULL) {
		/* Inside the era: from its first day to the day before the
		 * next era's (平成31年4月30日 yes, 平成31年5月1日 no). */
		if (day < cal_from_ymd(era->year, era->month, era->mday))
			return -1;
		if (era != &cal_eras[0]) {
			const struct cal_era *next = era - 1;
			if (day >= cal_from_ymd(next->year, next->month,
			                        next->mday))
				return -1;
		}
	}
	/* A weekday after it, as pages print it: （土）, (土曜日). */
	cal_skip_spaces(s, &i);
	if (cal_peek_char(s, i) == '(') {
		const char *wd = cal_weekday_kanji[cal_weekday(day)];
		cal_next_char(s, &i);
		cal_skip_spaces(s, &i);
		if (!cal_take(s, &i, wd))
			return -1;
		if (!cal_take(s, &i, "曜日"))
			cal_take(s, &i, "曜");
		cal_skip_spaces(s, &i);
		if (cal_next_char(s, &i) != ')')
			return -1;
		cal_skip_spaces(s, &i);
	}
	if (s[i] != '\0')
		return -1;
	*out = day;
	return 0;
}

/* ---- holidays ---- */

enum cal_rule_kind {
	CAL_RULE_FIXED,  /* month/mday */
	CAL_RULE_MONDAY, /* the nth Monday of month (Happy Monday, 2000/2003–) */
	CAL_RULE_SPRING, /* 春分日 in March */
	CAL_RULE_AUTUMN, /* 秋分日 in September */
};

/* One rule of 祝日法 (or a special law) valid from `first` to `last`. */
struct cal_rule {
	short first, last;
	unsigned char kind, month, n; /* n: mday (FIXED) or which Monday */
	const char *name;
};

#define CAL_EVER 9999
static const struct cal_rule cal_rules_table[] = {
	{ 1949, CAL_EVER, CAL_RULE_FIXED, 1, 1, "元日" },
	{ 1949, 1999, CAL_RULE_FIXED, 1, 15, "成人の日" },
	{ 2000, CAL_EVER, CAL_RULE_MONDAY, 1, 2, "成人の日" },
	{ 1967, CAL_EVER, CAL_RULE_FIXED, 2, 11, "建国記念の日" },
	{ 2020, CAL_EVER, CAL_RULE_FIXED, 2, 23, "天皇誕生日" },
	{ 1949, CAL_EVER, CAL_RULE_SPRING, 3, 0, "春分の日" },
	{ 1949, 1988, CAL_RULE_FIXED, 4, 29, "天皇誕生日" },
	{ 1989, 2006, CAL_RULE_FIXED, 4, 29, "みどりの日" },
	{ 2007, CAL_EVER, CAL_RULE_FIXED, 4, 29, "昭和の日" },
	{ 1949, CAL_EVER, CAL_RULE_FIXED, 5, 3, "憲法記念日" },
	{ 2007, CAL_EVER, CAL_RULE_FIXED, 5, 4, "みどりの日" },
	{ 1949, CAL_EVER, CAL_RULE_FIXED, 5, 5, "こどもの日" },
	{ 1996, 2002, CAL_RULE_FIXED, 7, 20, "海の日" },
	{ 2003, 2019, CAL_RULE_MONDAY, 7, 3, "海の日" },
	{ 2022, CAL_EVER, CAL_RULE_MONDAY, 7, 3, "海の日" },
	{ 2016, 2019, CAL_RULE_FIXED, 8, 11, "山の日" },
	{ 2022, CAL_EVER, CAL_RULE_FIXED, 8, 11, "山の日" },
	{ 1966, 2002, CAL_RULE_FIXED, 9, 15, "敬老の日" },
	{ 2003, CAL_EVER, CAL_RULE_MONDAY, 9, 3, "敬老の日" },
	{ 1948, CAL_EVER, CAL_RULE_AUTUMN, 9, 0, "秋分の日" },
	{ 1966, 1999, CAL_RULE_FIXED, 10, 10, "体育の日" },
	{ 2000, 2018, CAL_RULE_MONDAY, 10, 2, "体育の日" },
	/* The Cabinet Office list names the last one so (renamed 2020). */
	{ 2019, 2019, CAL_RULE_MONDAY, 10, 2, "体育の日（スポーツの日）" },
	{ 2022, CAL_EVER, CAL_RULE_MONDAY, 10, 2, "スポーツの日" },
	{ 1948, CAL_EVER, CAL_RULE_FIXED, 11, 3, "文化の日" },
	{ 1948, CAL_EVER, CAL_RULE_FIXED, 11, 23, "勤労感謝の日" },
	{ 1989, 2018, CAL_RULE_FIXED, 12, 23, "天皇誕生日" },
	/* Olympic moves: 平成30年法律第57号 (2020), 令和2年法律第68号 (2021). */
	{ 2020, 2020, CAL_RULE_FIXED, 7, 23, "海の日" },
	{ 2020, 2020, CAL_RULE_FIXED, 7, 24, "スポーツの日" },
	{ 2020, 2020, CAL_RULE_FIXED, 8, 10, "山の日" },
	{ 2021, 2021, CAL_RULE_FIXED, 7, 22, "海の日" },
	{ 2021, 2021, CAL_RULE_FIXED, 7, 23, "スポーツの日" },
	{ 2021, 2021, CAL_RULE_FIXED, 8, 8, "山の日" },
	/* One-off days by special laws. The 2019 law (平成30年法律第99号)
	 * deems its two days 国民の祝日 for 祝日法3条②③. */
	{ 1959, 1959, CAL_RULE_FIXED, 4, 10, "皇太子・明仁親王の結婚の儀" },
	{ 1989, 1989, CAL_RULE_FIXED, 2, 24, "昭和天皇の大喪の礼" },
	{ 1990, 1990, CAL_RULE_FIXED, 11, 12, "即位礼正殿の儀" },
	{ 1993, 1993, CAL_RULE_FIXED, 6, 9, "皇太子・徳仁親王の結婚の儀" },
	{ 2019, 2019, CAL_RULE_FIXED, 5, 1, "天皇の即位の日" },
	{ 2019, 2019, CAL_RULE_FIXED, 10, 22, "即位礼正殿の儀の行われる日" },
};

/* 春分日/秋分日 as published in the 官報 (国立天文台 暦要項); they win over
 * the formula. Add a year when its 暦要項 appears (February, year before). */
struct cal_equinox {
	short year;
	unsigned char spring, autumn; /* day of March, of September */
};

static const struct cal_equinox cal_equinox_table[] = {
	{ 2025, 20, 23 },
	{ 2026, 20, 23 },
	{ 2027, 21, 23 },
};

/* 暦計算研究会『新こよみ便利帳』. For 1900–1979 the inner division must
 * truncate toward zero, as C's does. Both sums are positive, so (int)
 * is floor. */
static int
cal_equinox_formula(int year, bool spring)
{
	double k = 0.242194 * (year - 1980);

	if (year < 1980)
		return (int)((spring ? 20.8357 : 23.2588) + k -
		             (year - 1983) / 4);
	if (year < 2100)
		return (int)((spring ? 20.8431 : 23.2488) + k) -
		       (year - 1980) / 4;
	return (int)((spring ? 21.8510 : 24.2488) + k) - (year - 1980) / 4;
}

static int
cal_equinox(int year, bool spring)
{
	for (size_t i = 0; i < sizeof cal_equinox_table /
	                           sizeof cal_equinox_table[0]; i++)
		if (cal_equinox_table[i].year == year)
			return spring ? cal_equinox_table[i].spring
			              : cal_equinox_table[i].autumn;
	return cal_equinox_formula(year, spring);
}

static cal_day
cal_nth_monday(int year, int month, int n)
{
	cal_day first = cal_from_ymd(year, month, 1);
	int w = cal_weekday(first);

	return first + (8 - w) % 7 + 7 * (n - 1);
}

static cal_day
cal_rule_day(const struct cal_rule *r, int year)
{
	switch (r->kind) {
	case CAL_RULE_MONDAY:
		return cal_nth_monday(year, r->month, r->n);
	case CAL_RULE_SPRING:
		return cal_from_ymd(year, 3, cal_equinox(year, true));
	case CAL_RULE_AUTUMN:
		return cal_from_ymd(year, 9, cal_equinox(year, false));
	default:
		return cal_from_ymd(year, r->month, r->n);
	}
}

#define CAL_YEAR_MAX 40

static void
cal_holiday_sort(struct cal_holiday *h, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct cal_holiday t = h[i];
		size_t j = i;

		for (; j > 0 && h[j - 1].day > t.day; j--)
			h[j] = h[j - 1];
		h[j] = t;
	}
}

static bool
cal_holiday_has(const struct cal_holiday *h, size_t n, cal_day day)
{
	for (size_t i = 0; i < n; i++)
		if (h[i].day == day)
			return true;
	return false;
}

/* 振替休日 (祝日法3②). From 2007: the nearest later day that is not a
 * 国民の祝日; 1973-04-12 to 2006: the next day, if it is not one. Tested
 * against the 祝日 only (s[0..ns)), never against other 休日. */
static size_t
cal_add_substitutes(struct cal_holiday *h, size_t ns, size_t n)
{
	cal_day since = cal_from_ymd(1973, 4, 12);
	cal_day y2007 = cal_from_ymd(2007, 1, 1);

	for (size_t i = 0; i < ns; i++) {
		cal_day d = h[i].day + 1;

		if (cal_weekday(h[i].day) != 0 || h[i].day < since)
			continue;
		if (h[i].day >= y2007) {
			while (cal_holiday_has(h, ns, d))
				d++;
		} else if (cal_holiday_has(h, ns, d)) {
			continue;
		}
		if (!cal_holiday_has(h, n, d) && n < CAL_YEAR_MAX)
			h[n++] = (struct cal_holiday){ d, "振替休日" };
	}
	return n;
}

/* 国民の休日 (祝日法3③, from 1985-12-27): a day whose day before and day
 * after are 国民の祝日. Before 2007 the law left out Sundays and 振替休日. */
static size_t
cal_add_sandwiched(struct cal_holiday *h, size_t ns, size_t n)
{
	cal_day since = cal_from_ymd(1985, 12, 27);
	cal_day y2007 = cal_from_ymd(2007, 1, 1);

	for (size_t i = 0; i + 1 < ns; i++) {
		cal_day d = h[i].day + 1;

		if (h[i + 1].day != d + 1 || d < since)
			continue;
		if (d < y2007 && cal_weekday(d) == 0)
			continue;
		if (!cal_holiday_has(h, n, d) && n < CAL_YEAR_MAX)
			h[n++] = (struct cal_holiday){ d, "国民の休日" };
	}
	return n;
}

static size_t
cal_year_holidays(int year, struct cal_holiday h[CAL_YEAR_MAX])
{
	size_t ns = 0;

	if (year < CAL_HOLIDAY_FIRST_YEAR || year > CAL_HOLIDAY_LAST_YEAR)
		return 0;
	for (size_t i = 0; i < sizeof cal_rules_table /
	                           sizeof cal_rules_table[0]; i++) {
		const struct cal_rule *r = &cal_rules_table[i];

		if (year >= r->first && year <= r->last && ns < CAL_YEAR_MAX)
			h[ns++] = (struct cal_holiday){ cal_rule_day(r, year),
			                                r->name };
	}
	cal_holiday_sort(h, ns);
	size_t n = cal_add_substitutes(h, ns, ns);
	n = cal_add_sandwiched(h, ns, n);
	cal_holiday_sort(h, n);
	return n;
}

size_t
cal_holidays(int year, struct cal_holiday *out, size_t max)
{
	struct cal_holiday h[CAL_YEAR_MAX];
	size_t n = cal_year_holidays(year, h);

	for (size_t i = 0; i < n && i < max; i++)
		out[i] = h[i];
	return n;
}

const char *
cal_holiday_name(cal_day day)
{
	struct cal_holiday h[CAL_YEAR_MAX];
	int y, m, d;
	size_t n;

	cal_to_ymd(day, &y, &m, &d);
	n = cal_year_holidays(y, h);
	for (size_t i = 0; i < n; i++)
		if (h[i].day == day)
			return h[i].name;
	return NULL;
}

/* ---- closed days ---- */

static bool
cal_in_sorted(const cal_day *v, size_t n, cal_day day)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid] == day)
			return true;
		if (v[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* Order of reasons: the holiday's name says most, then 年末年始, then the
 * weekday, then the city's own extra day. */
const char *
cal_closed_reason(const struct cal_rules *rules, cal_day day)
{
	const char *name;
	int y, m, d, w;

	if (rules != NULL && rules->extra_open != NULL &&
	    cal_in_sorted(rules->extra_open, rules->n_extra_open, day))
		return NULL;
	if ((name = cal_holiday_name(day)) != NULL)
		return name;
	cal_to_ymd(day, &y, &m, &d);
	if ((m == 12 && d >= 29) || (m == 1 && d <= 3))
		return "年末年始";
	w = cal_weekday(day);
	if (w == 0)
		return "日曜日";
	if (w == 6)
		return "土曜日";
	if (rules != NULL && rules->extra_closed != NULL &&
	    cal_in_sorted(rules->extra_closed, rules->n_extra_closed, day))
		return "臨時閉庁日";
	return NULL;
}

bool
cal_is_closed(const struct cal_rules *rules, cal_day day)
{
	return cal_closed_reason(rules, day) != NULL;
}

cal_day
cal_next_open(const struct cal_rules *rules, cal_day day)
{
	while (cal_is_closed(rules, day))
		day++;
	return day;
}

cal_day
cal_prev_open(const struct cal_rules *rules, cal_day day)
{
	while (cal_is_closed(rules, day))
		day--;
	return day;
}

/* ---- decision deadlines ---- */

/* Bounds every argument date, so no sum below can overflow. */
static bool
cal_day_ok(cal_day day)
{
	return day >= cal_from_ymd(1, 1, 1) && day <= cal_from_ymd(9999, 12, 31);
}

static bool
cal_held(const struct cal_hold *holds, size_t n, cal_day day)
{
	for (size_t i = 0; i < n; i++)
		if (day > holds[i].from && day <= holds[i].to)
			return true;
	return false;
}

int
cal_count_end(cal_day received, int days, enum cal_count count,
              const struct cal_hold *holds, size_t n_holds, cal_day *out)
{
	cal_day d;
	int counted = 0;

	if (days < 1 || days > CAL_MAX_DAYS || !cal_day_ok(received) ||
	    (n_holds > 0 && holds == NULL))
		return CAL_EINVAL;
	for (size_t i = 0; i < n_holds; i++)
		if (!cal_day_ok(holds[i].from) || holds[i].to < holds[i].from ||
		    holds[i].to - holds[i].from > CAL_MAX_DAYS)
			return CAL_EINVAL;
	d = count == CAL_FROM_RECEIPT_DAY ? received : received + 1;
	for (;; d++) {
		if (!cal_held(holds, n_holds, d) && ++counted == days)
			break;
	}
	*out = d;
	return CAL_OK;
}

static cal_day
cal_roll(const struct cal_rules *rules, cal_day day)
{
	return rules != NULL && rules->roll_forward ? cal_next_open(rules, day)
	                                             : day;
}

int
cal_due_date(const struct cal_rules *rules, const struct cal_period *period,
             cal_day received, const struct cal_hold *holds, size_t n_holds,
             cal_day *out)
{
	cal_day end;
	int rc;

	if (period == NULL)
		return CAL_EINVAL;
	rc = cal_count_end(received, period->days, period->count, holds,
	                   n_holds, &end);
	if (rc != CAL_OK)
		return rc;
	*out = cal_roll(rules, end);
	return CAL_OK;
}

int
cal_extended_due(const struct cal_rules *rules,
                 const struct cal_period *period, cal_day received,
                 const struct cal_hold *holds, size_t n_holds, int ext_days,
                 cal_day *out)
{
	cal_day end;
	int rc;

	if (period == NULL || ext_days < 1 || period->days < 1)
		return CAL_EINVAL;
	if (ext_days > period->extension_max_days)
		return CAL_ELIMIT;
	rc = cal_count_end(received, period->days + ext_days, period->count,
	                   holds, n_holds, &end);
	if (rc != CAL_OK)
		return rc;
	*out = cal_roll(rules, end);
	return CAL_OK;
}

int
cal_extension_check(const struct cal_rules *rules,
                    const struct cal_period *period, cal_day received,
                    const struct cal_hold *holds, size_t n_holds,
                    cal_day decided_on, cal_day proposed, cal_day *limit)
{
	cal_day due, max;
	int rc;

	rc = cal_due_date(rules, period, received, holds, n_holds, &due);
	if (rc != CAL_OK)
		return rc;
	if (period->extension_max_days < 1) {
		if (limit != NULL)
			*limit = due;
		return CAL_ELIMIT;
	}
	rc = cal_extended_due(rules, period, received, holds, n_holds,
	                      period->extension_max_days, &max);
	if (rc != CAL_OK)
		return rc;
	if (limit != NULL)
		*limit = max;
	if (decided_on > due)
		return CAL_ELATE;
	if (proposed <= due)
		return CAL_EINVAL;
	if (proposed > max)
		return CAL_ELIMIT;
	return CAL_OK;
}

int
cal_special_due(const struct cal_rules *rules,
                const struct cal_period *period, cal_day received,
                const struct cal_hold *holds, size_t n_holds,
                int special_days, cal_day rest_by, cal_day *part_by)
{
	struct cal_period special;
	int rc;

	if (period == NULL || special_days <= period->days)
		return CAL_EINVAL;
	special = *period;
	special.days = special_days;
	rc = cal_due_date(rules, &special, received, holds, n_holds, part_by);
	if (rc != CAL_OK)
		return rc;
	return rest_by > *part_by ? CAL_OK : CAL_EEARLY;
}

/* ---- requester windows ---- */

int
cal_window_end(const struct cal_rules *rules, cal_day from, int days,
               cal_day *out)
{
	if (days < 1 || days > CAL_MAX_DAYS || !cal_day_ok(from))
		return CAL_EINVAL;
	*out = cal_next_open(rules, from + days);
	return CAL_OK;
}

int
cal_appeal_window(const struct cal_rules *rules, cal_day notice_received,
                  cal_day decided, struct cal_appeal *out)
{
	if (!cal_day_ok(notice_received) || !cal_day_ok(decided) ||
	    decided > notice_received ||
	    notice_received > cal_from_ymd(9998, 12, 31))
		return CAL_EINVAL;
	/* 翌日から起算して: the first day is the day after (行審法18①②). */
	out->by_notice = cal_next_open(rules,
	                               cal_months_end(notice_received + 1, 3));
	out->by_decision = cal_next_open(rules,
	                                 cal_months_end(decided + 1, 12));
	out->last_day = out->by_notice < out->by_decision ? out->by_notice
	                                                  : out->by_decision;
	return CAL_OK;
}

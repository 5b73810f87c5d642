/* The Japanese calendar: national holidays, the city's closed days, and
 * every due date and window the system shows. Dates are civil dates in
 * Asia/Tokyo whatever the server's TZ. Needs nothing but libc. */
#ifndef KAIJI_CALENDAR_H
#define KAIJI_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Days since 1970-01-01 in the proleptic Gregorian calendar. */
typedef int32_t cal_day;

/* How an ordinance counts a period of N days (民法140, and ordinances that
 * say 起算して). */
enum cal_count {
	CAL_FROM_NEXT_DAY,    /* 翌日起算: last day = received + N */
	CAL_FROM_RECEIPT_DAY, /* 当日起算: last day = received + N - 1 */
};

/* The city's rules, filled from its profile. */
struct cal_rules {
	bool roll_forward; /* a last day on a closed day moves to the next open day */
	const cal_day *extra_closed; /* sorted */
	size_t n_extra_closed;
	const cal_day *extra_open; /* sorted; wins over every closed rule */
	size_t n_extra_open;
};

/* The decision period for one request kind. */
struct cal_period {
	int days;
	enum cal_count count;
	int extension_max_days; /* 0: no extension */
};

/* Results of the functions that can refuse. */
enum cal_err {
	CAL_OK = 0,
	CAL_EINVAL = -1,   /* an argument out of range */
	CAL_ELATE = -2,    /* extension asked after the original period ended */
	CAL_ELIMIT = -3,   /* extension beyond period->extension_max_days */
	CAL_EEARLY = -4,   /* 法84: the rest is due on or before the part's date */
};

/* Years for which national holidays are computed; outside them only
 * weekends and the year-end closure are closed days. */
#define CAL_HOLIDAY_FIRST_YEAR 1955
#define CAL_HOLIDAY_LAST_YEAR 2099
/* Longest period, hold or window in days any function accepts. */
#define CAL_MAX_DAYS 3660
/* 開示の実施の申出: 開示決定の通知があった日から30日以内 (法87④). */
#define CAL_OFFER_DAYS 30

/* ---- dates ---- */

/* No check: pass a valid date (cal_valid_ymd), years 1..9999. */
cal_day cal_from_ymd(int year, int month, int mday);
void cal_to_ymd(cal_day day, int *year, int *month, int *mday);
bool cal_valid_ymd(int year, int month, int mday);
int cal_days_in_month(int year, int month);
/* 0 = Sunday … 6 = Saturday. */
int cal_weekday(cal_day day);
/* "YYYY-MM-DD" and a NUL. */
void cal_format(cal_day day, char out[11]);
/* Exactly "YYYY-MM-DD", a real date, nothing after it: 0, else -1. */
int cal_parse(const char *s, cal_day *out);
/* "令和8年11月28日" (元年 for year 1): 令和 from 2019-05-01, 平成 from
 * 1989-01-08, 昭和 from 1926-12-25. 0, or -1 for an earlier date or a
 * buffer too small (buf is then ""). */
int cal_format_wareki(cal_day day, char *buf, size_t len);
/* A date as people write it: 2026-11-28, 2026/11/28, 2026.11.28,
 * 2026年11月28日, 令和8年11月28日 (元年 for 1), R8.11.28 (R, H, S in either
 * case for 令和, 平成, 昭和), full-width digits, letters and marks, spaces
 * between the parts, and a weekday in brackets after it when it is that
 * day's (（土）). An era's date lies inside the era: 平成31年4月30日 and
 * 令和元年5月1日, never 平成31年5月1日. A western year has four digits.
 * NFKC first for the squared era signs (㍻). 0 with *out, else -1. */
int cal_parse_written(const char *s, cal_day *out);
/* Same day of the month `months` later (or earlier when negative); the
 * last day of the target month when that day does not exist. */
cal_day cal_add_months(cal_day day, int months);
/* Last day of a period of `months` months whose first day is `first`
 * (民法143②): the day before the corresponding day, or the last day of
 * the final month when it has no corresponding day. */
cal_day cal_months_end(cal_day first, int months);

/* Now, in seconds since the epoch (UTC), for everything that is dated:
 * event stamps, the day a request arrives, a counter slot in the past.
 * Test hook: the environment variable KAIJI_TODAY=YYYY-MM-DD, when it
 * parses, moves the clock by whole days to that day in Asia/Tokyo (the
 * time of day stays real). KAIJI_CLOCK_START=S (seconds since the epoch,
 * set once by tests/run) makes the clock read 09:00 in Asia/Tokyo at the
 * real moment S, on KAIJI_TODAY or S's own day, and run on from there.
 * Never set either in production. Durations that
 * never meet a date (sessions, throttles, a provider's expiry) keep
 * time(NULL). */
long long cal_now(void);
/* Today in Asia/Tokyo (UTC+9, no DST), whatever TZ says: cal_now()'s day. */
cal_day cal_today(void);

/* ---- holidays (国民の祝日に関する法律, as it stood each year) ---- */

struct cal_holiday {
	cal_day day;
	const char *name; /* static UTF-8 */
};

/* Name of the 祝日 or 休日 (振替休日, 国民の休日) on that day, or NULL. */
const char *cal_holiday_name(cal_day day);
/* The year's holidays, sorted. Writes at most max entries and returns how
 * many there are (like snprintf); 0 outside the supported years. */
size_t cal_holidays(int year, struct cal_holiday *out, size_t max);

/* ---- the city's closed days (地方自治法4条の2, 休日条例) ---- */

/* NULL when the city is open; else 土曜日, 日曜日, the holiday's name,
 * 年末年始 (12/29–1/3) or 臨時閉庁日 (rules->extra_closed). A day in
 * rules->extra_open is always open. rules may be NULL (no extra days). */
const char *cal_closed_reason(const struct cal_rules *rules, cal_day day);
bool cal_is_closed(const struct cal_rules *rules, cal_day day);
/* First open day on or after / on or before `day`. */
cal_day cal_next_open(const struct cal_rules *rules, cal_day day);
cal_day cal_prev_open(const struct cal_rules *rules, cal_day day);

/* ---- the city's decision deadlines (法83, 84, 94, 95, 102, 103) ---- */

/* Days waiting for the requester to fix a deficient request (補正). from is
 * the day the city asked for the 補正, to the day the fixed request
 * arrived. The days from+1 … to (to − from days) are not counted (法83①
 * 但書); `from` itself counts, as the city held the request that day, and
 * counting resumes the day after the arrival, as for a new request
 * (民法140). Overlapping holds count each day once; hold days before the
 * first counted day change nothing. */
struct cal_hold {
	cal_day from, to;
};

/* Last day of `days` counted days from `received` per `count`, skipping
 * hold days; no roll. CAL_OK or CAL_EINVAL (days not 1..CAL_MAX_DAYS, a
 * hold with to < from or longer than CAL_MAX_DAYS). */
int cal_count_end(cal_day received, int days, enum cal_count count,
                  const struct cal_hold *holds, size_t n_holds, cal_day *out);
/* The decision due date: cal_count_end for period->days, then moved to the
 * next open day when rules->roll_forward. */
int cal_due_date(const struct cal_rules *rules, const struct cal_period *period,
                 cal_day received, const struct cal_hold *holds,
                 size_t n_holds, cal_day *out);
/* Due date after an extension of ext_days (法83②: the original period plus
 * at most extension_max_days, from the same start, holds still excluded).
 * CAL_ELIMIT when ext_days exceeds the limit, CAL_EINVAL when < 1. */
int cal_extended_due(const struct cal_rules *rules,
                     const struct cal_period *period, cal_day received,
                     const struct cal_hold *holds, size_t n_holds,
                     int ext_days, cal_day *out);
/* Validates an extension decided on `decided_on` to the new last day
 * `proposed`: CAL_ELATE when decided_on is after the original due date
 * (the notice must go out while the period runs, 法83②), CAL_ELIMIT when
 * proposed is after the longest extension allows, CAL_EINVAL when proposed
 * is not after the original due date. *limit (may be NULL) gets the latest
 * allowed day when it can be computed. */
int cal_extension_check(const struct cal_rules *rules,
                        const struct cal_period *period, cal_day received,
                        const struct cal_hold *holds, size_t n_holds,
                        cal_day decided_on, cal_day proposed, cal_day *limit);
/* 期限の特例 (法84): a 相当の部分 within special_days (60 by law, an
 * ordinance may say e.g. 45) counted like the period, and the rest by
 * rest_by, a date the staff set. *part_by gets the first date (rolled per
 * rules). CAL_EINVAL when special_days is not longer than period->days or
 * out of range, CAL_EEARLY when rest_by is not after *part_by. */
int cal_special_due(const struct cal_rules *rules,
                    const struct cal_period *period, cal_day received,
                    const struct cal_hold *holds, size_t n_holds,
                    int special_days, cal_day rest_by, cal_day *part_by);

/* ---- windows the requester must meet ---- */

/* Requester-side deadlines always move past closed days (地方自治法4条の2
 * ④), whatever rules->roll_forward says; rules gives the closed days. */

/* `days` days from `from` (初日不算入), rolled: the 訂正/利用停止 request
 * window (法90③, 98③: 開示を受けた日から90日以内) and the 開示の実施の
 * 申出 (法87④: CAL_OFFER_DAYS from the notice). CAL_EINVAL on bad days. */
int cal_window_end(const struct cal_rules *rules, cal_day from, int days,
                   cal_day *out);

/* 審査請求 (行政不服審査法18): 3 months from the day after the notice was
 * received (①) and 1 year from the day after the decision (②), each by
 * 民法143 and rolled; last_day is the earlier. */
struct cal_appeal {
	cal_day by_notice;
	cal_day by_decision;
	cal_day last_day;
};
int cal_appeal_window(const struct cal_rules *rules, cal_day notice_received,
                      cal_day decided, struct cal_appeal *out);

#endif

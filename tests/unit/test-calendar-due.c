/* lib/calendar.c: decision due dates, 補正 holds, extensions, 法84, the
 * requester's windows and the five seed cities' periods. */
#include <stdio.h>
#include <stdlib.h>

#include "calendar.h"
#include "dates.h"
#include "tap.h"

static const struct cal_rules roll = { true, NULL, 0, NULL, 0 };
static const struct cal_rules strict = { false, NULL, 0, NULL, 0 };

static const char *
due(const struct cal_rules *r, const char *received, int days,
    enum cal_count count, const struct cal_hold *holds, size_t n)
{
	struct cal_period p = { days, count, 30 };
	cal_day out = 0;

	if (cal_due_date(r, &p, D(received), holds, n, &out) != CAL_OK)
		return "error";
	return F(out);
}

/* japan-domain.md §1.7 */
static void
test_worked_examples(void)
{
	TAP_STREQ(due(&roll, "2025-12-05", 30, CAL_FROM_NEXT_DAY, NULL, 0),
	          "2026-01-05", "§1.7 30 days ending on 1/4 (年始, Sunday)");
	TAP_STREQ(due(&roll, "2026-04-20", 14, CAL_FROM_NEXT_DAY, NULL, 0),
	          "2026-05-07", "§1.7 14 days ending in Golden Week");
	TAP_STREQ(due(&roll, "2026-04-20", 15, CAL_FROM_RECEIPT_DAY, NULL, 0),
	          "2026-05-07", "§1.7 起算して15日 ending in Golden Week");
	TAP_STREQ(due(&roll, "2025-12-12", 14, CAL_FROM_NEXT_DAY, NULL, 0),
	          "2025-12-26", "§1.7 14 days ending on an open Friday");
	TAP_STREQ(due(&roll, "2026-12-18", 15, CAL_FROM_RECEIPT_DAY, NULL, 0),
	          "2027-01-04", "§1.7 起算して15日 ending on 1/1");
	TAP_STREQ(due(&roll, "2026-08-21", 30, CAL_FROM_NEXT_DAY, NULL, 0),
	          "2026-09-24", "§1.7 30 days into Silver Week 2026");

	static const struct {
		const char *learned, *want;
	} appeals[] = {
		{ "2025-11-30", "2026-03-02" },
		{ "2025-11-28", "2026-03-02" },
		{ "2026-01-31", "2026-04-30" },
	};
	for (size_t i = 0; i < sizeof appeals / sizeof appeals[0]; i++) {
		struct cal_appeal a;

		TAP_INTEQ(cal_appeal_window(&roll, D(appeals[i].learned),
		                            D(appeals[i].learned), &a), CAL_OK,
		          "§1.7 appeal from %s computes", appeals[i].learned);
		TAP_STREQ(F(a.by_notice), appeals[i].want, "§1.7 appeal, notice %s",
		          appeals[i].learned);
		TAP_STREQ(F(a.last_day), appeals[i].want, "§1.7 it is the last day");
	}
	struct cal_appeal a;
	TAP_INTEQ(cal_appeal_window(&roll, D("2024-02-28"), D("2024-02-28"), &a),
	          CAL_OK, "appeal from 2024-02-28");
	TAP_STREQ(F(a.by_decision), "2025-02-28", "§1.7 1 year from decision 2024-02-28");
	TAP_STREQ(F(a.by_notice), "2024-05-28", "3 months from 2024-02-29");
	TAP_STREQ(F(a.last_day), "2024-05-28", "the earlier is the last day");
}

static void
test_edges(void)
{
	/* received just before the year-end closure */
	TAP_STREQ(due(&roll, "2024-12-20", 14, CAL_FROM_NEXT_DAY, NULL, 0),
	          "2025-01-06", "12/20 + 14 ends 1/3, then weekend: 1/6");
	TAP_STREQ(due(&roll, "2025-12-20", 14, CAL_FROM_NEXT_DAY, NULL, 0),
	          "2026-01-05", "2025-12-20 + 14 ends 1/3 (Sat): 1/5");
	TAP_STREQ(due(&roll, "2026-12-20", 14, CAL_FROM_NEXT_DAY, NULL, 0),
	          "2027-01-04", "2026-12-20 + 14 ends 1/3 (Sun): 1/4");
	TAP_STREQ(due(&roll, "2026-12-15", 14, CAL_FROM_NEXT_DAY, NULL, 0),
	          "2027-01-04", "ends 12/29: past the whole closure");
	/* a period ending on 国民の休日 in Silver Week */
	TAP_STREQ(due(&roll, "2026-09-08", 14, CAL_FROM_NEXT_DAY, NULL, 0),
	          "2026-09-24", "ends on 9/22 国民の休日: 9/24");
	TAP_STREQ(due(&roll, "2026-09-09", 14, CAL_FROM_RECEIPT_DAY, NULL, 0),
	          "2026-09-24", "当日起算 ending on 9/22: 9/24");
	/* leap years */
	TAP_STREQ(due(&roll, "2024-02-29", 30, CAL_FROM_NEXT_DAY, NULL, 0),
	          "2024-04-01", "from 2/29: 3/30 Sat, 3/31 Sun, 4/1");
	TAP_STREQ(due(&roll, "2024-02-15", 15, CAL_FROM_RECEIPT_DAY, NULL, 0),
	          "2024-02-29", "当日起算 ending on 2/29");
	TAP_STREQ(due(&roll, "2024-02-15", 15, CAL_FROM_NEXT_DAY, NULL, 0),
	          "2024-03-01", "翌日起算 one day later: 3/1");
	TAP_STREQ(due(&roll, "2024-01-29", 14, CAL_FROM_NEXT_DAY, NULL, 0),
	          "2024-02-13", "ends on 2/12 振替休日");
	/* counting rules differ by one day on an open stretch */
	TAP_STREQ(due(&roll, "2026-06-01", 14, CAL_FROM_NEXT_DAY, NULL, 0),
	          "2026-06-15", "翌日起算 14: received + 14");
	TAP_STREQ(due(&strict, "2026-06-01", 14, CAL_FROM_RECEIPT_DAY, NULL, 0),
	          "2026-06-14", "当日起算 14: received + 13 (Sunday, no roll)");
	TAP_STREQ(due(&roll, "2026-06-01", 14, CAL_FROM_RECEIPT_DAY, NULL, 0),
	          "2026-06-15", "当日起算 14 ending on Sunday 6/14, rolled");
	TAP_STREQ(due(&roll, "2026-06-02", 14, CAL_FROM_RECEIPT_DAY, NULL, 0),
	          "2026-06-15", "当日起算 14: received + 13");
	/* no roll */
	TAP_STREQ(due(&strict, "2026-04-20", 14, CAL_FROM_NEXT_DAY, NULL, 0),
	          "2026-05-04", "roll_forward off: the holiday stays");
	TAP_STREQ(F(cal_prev_open(&strict, D("2026-05-04"))), "2026-05-01",
	          "warning date: the open day before");
	/* the city's own days */
	static const cal_day closed[] = { 20619 };   /* 2026-06-15 */
	static const cal_day open[] = { 20577 };     /* 2026-05-04 */
	struct cal_rules city = { true, closed, 1, open, 1 };
	TAP_STREQ(F(closed[0]), "2026-06-15", "fixture 6/15");
	TAP_STREQ(F(open[0]), "2026-05-04", "fixture 5/4");
	TAP_STREQ(due(&city, "2026-06-01", 14, CAL_FROM_NEXT_DAY, NULL, 0),
	          "2026-06-16", "extra closed day moves the due date");
	TAP_STREQ(due(&city, "2026-04-20", 14, CAL_FROM_NEXT_DAY, NULL, 0),
	          "2026-05-04", "extra open day keeps it");
	/* bad */
	TAP_STREQ(due(&roll, "2026-06-01", 0, CAL_FROM_NEXT_DAY, NULL, 0),
	          "error", "-bad- 0 days refused");
	TAP_STREQ(due(&roll, "2026-06-01", CAL_MAX_DAYS + 1, CAL_FROM_NEXT_DAY,
	              NULL, 0), "error", "-bad- too many days refused");
	cal_day out;
	TAP_INTEQ(cal_count_end(-800000, 14, CAL_FROM_NEXT_DAY, NULL, 0, &out),
	          CAL_EINVAL, "-bad- a day before year 1 refused");
	TAP_INTEQ(cal_due_date(&roll, NULL, D("2026-06-01"), NULL, 0, &out),
	          CAL_EINVAL, "-bad- no period refused");
	TAP_INTEQ(cal_count_end(D("2026-06-01"), 14, CAL_FROM_NEXT_DAY, NULL, 2, &out),
	          CAL_EINVAL, "-bad- holds NULL with a count refused");
}

static void
test_holds(void)
{
	const struct cal_hold one[] = { { D("2026-06-03"), D("2026-06-10") } };
	const struct cal_hold overlap[] = { { D("2026-06-03"), D("2026-06-10") },
	                                    { D("2026-06-08"), D("2026-06-12") } };
	const struct cal_hold after[] = { { D("2026-06-20"), D("2026-06-25") } };
	const struct cal_hold across[] = { { D("2026-06-14"), D("2026-06-16") } };
	const struct cal_hold before[] = { { D("2026-05-20"), D("2026-05-30") } };
	const struct cal_hold same[] = { { D("2026-06-05"), D("2026-06-05") } };
	const struct cal_hold first[] = { { D("2026-06-01"), D("2026-06-04") } };
	const struct cal_hold bad[] = { { D("2026-06-10"), D("2026-06-03") } };
	const struct cal_hold huge[] = { { D("2026-06-01"), D("2040-06-03") } };

	TAP_STREQ(due(&roll, "2026-06-01", 14, CAL_FROM_NEXT_DAY, one, 1),
	          "2026-06-22", "補正 6/3-6/10: 7 days not counted");
	TAP_STREQ(due(&roll, "2026-06-01", 14, CAL_FROM_NEXT_DAY, overlap, 2),
	          "2026-06-24", "overlapping holds count each day once (9)");
	TAP_STREQ(due(&roll, "2026-06-01", 14, CAL_FROM_NEXT_DAY, after, 1),
	          "2026-06-15", "a hold after the period changes nothing");
	TAP_STREQ(due(&roll, "2026-06-01", 14, CAL_FROM_NEXT_DAY, across, 1),
	          "2026-06-17", "a hold across the last day: 6/15-16 skipped");
	TAP_STREQ(due(&roll, "2026-06-01", 14, CAL_FROM_NEXT_DAY, before, 1),
	          "2026-06-15", "a hold before receipt changes nothing");
	TAP_STREQ(due(&roll, "2026-06-01", 14, CAL_FROM_NEXT_DAY, same, 1),
	          "2026-06-15", "fixed the same day: 0 days");
	TAP_STREQ(due(&roll, "2026-06-01", 14, CAL_FROM_NEXT_DAY, first, 1),
	          "2026-06-18", "asked on the receipt day: 6/2-6/4 skipped");
	TAP_STREQ(due(&roll, "2026-06-01", 15, CAL_FROM_RECEIPT_DAY, first, 1),
	          "2026-06-18", "当日起算 with the same hold");
	TAP_STREQ(due(&roll, "2026-06-01", 14, CAL_FROM_NEXT_DAY, bad, 1),
	          "error", "-bad- a hold ending before it starts refused");
	TAP_STREQ(due(&roll, "2026-06-01", 14, CAL_FROM_NEXT_DAY, huge, 1),
	          "error", "-bad- a hold over CAL_MAX_DAYS refused");
}

static void
test_extension(void)
{
	const struct cal_period p = { 14, CAL_FROM_NEXT_DAY, 30 };
	const struct cal_period none = { 14, CAL_FROM_NEXT_DAY, 0 };
	const struct cal_hold one[] = { { D("2026-06-03"), D("2026-06-10") } };
	cal_day out = 0, limit = 0, r = D("2026-06-01");

	TAP_INTEQ(cal_extended_due(&roll, &p, r, NULL, 0, 30, &out), CAL_OK, "extend 30");
	TAP_STREQ(F(out), "2026-07-15", "14 + 30 days from the same start");
	TAP_INTEQ(cal_extended_due(&roll, &p, r, NULL, 0, 10, &out), CAL_OK, "extend 10");
	TAP_STREQ(F(out), "2026-06-25", "14 + 10 days");
	TAP_INTEQ(cal_extended_due(&roll, &p, r, one, 1, 30, &out), CAL_OK, "extend with 補正");
	TAP_STREQ(F(out), "2026-07-22", "補正 days still excluded after extension");
	TAP_INTEQ(cal_extended_due(&roll, &p, r, NULL, 0, 31, &out), CAL_ELIMIT,
	          "-bad- extension over the limit refused");
	TAP_INTEQ(cal_extended_due(&roll, &p, r, NULL, 0, 0, &out), CAL_EINVAL,
	          "-bad- extension of 0 days refused");
	TAP_INTEQ(cal_extended_due(&roll, &none, r, NULL, 0, 1, &out), CAL_ELIMIT,
	          "-bad- no extension allowed at all");

	TAP_INTEQ(cal_extension_check(&roll, &p, r, NULL, 0, D("2026-06-15"),
	                              D("2026-07-15"), &limit), CAL_OK,
	          "extension decided on the last day, to the limit");
	TAP_STREQ(F(limit), "2026-07-15", "limit reported");
	TAP_INTEQ(cal_extension_check(&roll, &p, r, NULL, 0, D("2026-06-16"),
	                              D("2026-07-01"), &limit), CAL_ELATE,
	          "-bad- extension decided after the original period refused");
	TAP_INTEQ(cal_extension_check(&roll, &p, r, NULL, 0, D("2026-06-10"),
	                              D("2026-07-16"), &limit), CAL_ELIMIT,
	          "-bad- extension one day over the limit refused");
	TAP_INTEQ(cal_extension_check(&roll, &p, r, NULL, 0, D("2026-06-10"),
	                              D("2026-06-15"), &limit), CAL_EINVAL,
	          "-bad- 'extension' to the original due date refused");
	TAP_INTEQ(cal_extension_check(&roll, &none, r, NULL, 0, D("2026-06-10"),
	                              D("2026-06-20"), NULL), CAL_ELIMIT,
	          "-bad- extension where the city allows none");
	/* the period runs until its rolled last day */
	TAP_INTEQ(cal_extension_check(&roll, &p, D("2026-04-20"), NULL, 0,
	                              D("2026-05-07"), D("2026-05-20"), NULL),
	          CAL_OK, "decided on the rolled due date 5/7: in time");
	TAP_INTEQ(cal_extension_check(&roll, &p, r, one, 1, D("2026-06-20"),
	                              D("2026-07-10"), NULL),
	          CAL_OK, "補正 days lengthen the original period too");
}

static void
test_special(void)
{
	const struct cal_period p = { 30, CAL_FROM_NEXT_DAY, 30 };
	const struct cal_period kanie = { 15, CAL_FROM_RECEIPT_DAY, 30 };
	cal_day part = 0, r = D("2026-06-01");

	TAP_INTEQ(cal_special_due(&roll, &p, r, NULL, 0, 60, D("2026-09-30"), &part),
	          CAL_OK, "法84 with the rest by 9/30");
	TAP_STREQ(F(part), "2026-07-31", "法84 part within 60 days");
	TAP_INTEQ(cal_special_due(&roll, &p, r, NULL, 0, 60, D("2026-07-31"), &part),
	          CAL_EEARLY, "-bad- rest due on the 60-day date refused");
	TAP_INTEQ(cal_special_due(&roll, &p, r, NULL, 0, 60, D("2026-07-01"), &part),
	          CAL_EEARLY, "-bad- rest due before the 60-day date refused");
	TAP_INTEQ(cal_special_due(&roll, &p, r, NULL, 0, 30, D("2026-09-30"), &part),
	          CAL_EINVAL, "-bad- special days not longer than the period");
	TAP_INTEQ(cal_special_due(&roll, &kanie, r, NULL, 0, 45, D("2026-08-01"), &part),
	          CAL_OK, "蟹江町 style: 起算して45日");
	TAP_STREQ(F(part), "2026-07-15", "45 days counting the receipt day");
	TAP_INTEQ(cal_special_due(&roll, &p, D("2026-07-24"), NULL, 0, 60,
	                          D("2026-10-30"), &part), CAL_OK, "法84 rolled");
	TAP_STREQ(F(part), "2026-09-24", "60 days end on 9/22 国民の休日: 9/24");
	TAP_INTEQ(cal_special_due(&roll, &p, D("2026-07-24"), NULL, 0, 60,
	                          D("2026-09-23"), &part), CAL_EEARLY,
	          "-bad- rest by 9/23 is before the rolled part date");
}

static void
test_windows(void)
{
	cal_day out = 0;
	struct cal_appeal a;

	TAP_INTEQ(cal_window_end(&roll, D("2026-06-01"), 90, &out), CAL_OK, "90 days");
	TAP_STREQ(F(out), "2026-08-31", "訂正 window: 8/30 Sunday, so 8/31");
	TAP_INTEQ(cal_window_end(&strict, D("2026-06-01"), 90, &out), CAL_OK, "90 days strict");
	TAP_STREQ(F(out), "2026-08-31", "requester windows roll even without roll_forward");
	TAP_INTEQ(cal_window_end(&roll, D("2026-11-28"), CAL_OFFER_DAYS, &out), CAL_OK, "30 days");
	TAP_STREQ(F(out), "2026-12-28", "申出 window ends on an open Monday");
	TAP_INTEQ(cal_window_end(&roll, D("2026-12-01"), CAL_OFFER_DAYS, &out), CAL_OK, "30 days");
	TAP_STREQ(F(out), "2027-01-04", "申出 window ending 12/31 moves to 1/4");
	TAP_INTEQ(cal_window_end(&roll, D("2026-12-01"), 0, &out), CAL_EINVAL,
	          "-bad- window of 0 days refused");

	/* 審査請求: 3 months from the day after, 民法143 */
	static const struct {
		const char *notice, *want, *why;
	} cases[] = {
		{ "2025-11-30", "2026-03-02", "from 12/01: 2/28 Sat, rolled" },
		{ "2025-12-30", "2026-03-30", "from the 31st: 3/31 exists, 3/30" },
		{ "2026-10-30", "2027-02-01", "from 10/31: 1/30 Sat, rolled to 2/1" },
		{ "2026-03-30", "2026-06-30", "from 3/31: no 6/31, 6/30" },
		{ "2023-11-29", "2024-02-29", "from 11/30 to leap February: 2/29" },
		{ "2026-09-20", "2026-12-21", "from 9/21: 12/20 Sunday, rolled" },
		{ "2026-09-27", "2026-12-28", "from 9/28: 12/27 Sun, 12/28 open" },
		{ "2026-09-29", "2027-01-04", "from 9/30: 12/29, past the closure" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		TAP_INTEQ(cal_appeal_window(&strict, D(cases[i].notice),
		                            D(cases[i].notice), &a), CAL_OK,
		          "appeal %s", cases[i].notice);
		TAP_STREQ(F(a.by_notice), cases[i].want, "appeal: %s", cases[i].why);
	}
	/* decided long before the notice arrived: 1 year is the earlier */
	TAP_INTEQ(cal_appeal_window(&roll, D("2025-12-01"), D("2025-01-10"), &a),
	          CAL_OK, "appeal with an old decision");
	TAP_STREQ(F(a.by_notice), "2026-03-02", "3 months from 12/02");
	TAP_STREQ(F(a.by_decision), "2026-01-13", "1 year: 1/10 Sat, 1/12 成人の日");
	TAP_STREQ(F(a.last_day), "2026-01-13", "the effective last day is the earlier");
	TAP_INTEQ(cal_appeal_window(&roll, D("2025-12-01"), D("2025-12-02"), &a),
	          CAL_EINVAL, "-bad- decision after the notice refused");
}

/* CITIES.md: periods per kind, in the order disclosure, correction,
 * suspension, deletion, cessation. Cities that do not state one take the
 * law's 30 days from the next day (法83①). */
struct city {
	const char *name;
	struct cal_period p[5];
};

static const struct city cities[] = {
	{ "akabira", { { 14, CAL_FROM_NEXT_DAY, 30 }, { 30, CAL_FROM_NEXT_DAY, 30 },
	               { 0, CAL_FROM_NEXT_DAY, 0 }, { 30, CAL_FROM_NEXT_DAY, 30 },
	               { 30, CAL_FROM_NEXT_DAY, 30 } } },
	{ "yamagata", { { 14, CAL_FROM_NEXT_DAY, 30 }, { 30, CAL_FROM_NEXT_DAY, 30 },
	                { 30, CAL_FROM_NEXT_DAY, 30 }, { 0, CAL_FROM_NEXT_DAY, 0 },
	                { 0, CAL_FROM_NEXT_DAY, 0 } } },
	{ "bibai", { { 30, CAL_FROM_NEXT_DAY, 30 }, { 30, CAL_FROM_NEXT_DAY, 30 },
	             { 0, CAL_FROM_NEXT_DAY, 0 }, { 30, CAL_FROM_NEXT_DAY, 30 },
	             { 30, CAL_FROM_NEXT_DAY, 30 } } },
	{ "toyota", { { 14, CAL_FROM_NEXT_DAY, 30 }, { 29, CAL_FROM_NEXT_DAY, 30 },
	              { 29, CAL_FROM_RECEIPT_DAY, 30 }, { 0, CAL_FROM_NEXT_DAY, 0 },
	              { 0, CAL_FROM_NEXT_DAY, 0 } } },
	{ "minato", { { 30, CAL_FROM_NEXT_DAY, 30 }, { 30, CAL_FROM_NEXT_DAY, 30 },
	              { 0, CAL_FROM_NEXT_DAY, 0 }, { 30, CAL_FROM_NEXT_DAY, 30 },
	              { 30, CAL_FROM_NEXT_DAY, 30 } } },
};

static const char *
city_due(int city, int kind, const char *received)
{
	cal_day out;

	if (cal_due_date(&roll, &cities[city].p[kind], D(received), NULL, 0,
	                 &out) != CAL_OK)
		return "error";
	return F(out);
}

static void
test_cities(void)
{
	TAP_STREQ(city_due(0, 0, "2026-11-30"), "2026-12-14", "akabira 開示 14 days");
	TAP_STREQ(city_due(0, 1, "2026-11-30"), "2027-01-04", "akabira 訂正 30 days into the closure");
	TAP_STREQ(city_due(0, 3, "2026-11-30"), "2027-01-04", "akabira 削除 30 days");
	TAP_STREQ(city_due(1, 0, "2026-09-07"), "2026-09-24", "yamagata 開示 14 days over Silver Week");
	TAP_STREQ(city_due(1, 0, "2026-06-01"), "2026-06-15", "yamagata 開示 14 days from the next day");
	TAP_STREQ(city_due(1, 1, "2026-09-07"), "2026-10-07", "yamagata 訂正 30 days");
	TAP_STREQ(city_due(1, 2, "2026-09-07"), "2026-10-07", "yamagata 利用停止 30 days");
	TAP_STREQ(city_due(1, 3, "2026-09-07"), "error", "-bad- yamagata has no 削除 kind");
	TAP_STREQ(city_due(2, 0, "2026-04-03"), "2026-05-07", "bibai 開示 (law's 30) over Golden Week");
	TAP_STREQ(city_due(3, 0, "2026-06-01"), "2026-06-15", "toyota 開示 14 from the next day");
	TAP_STREQ(city_due(3, 1, "2026-06-01"), "2026-06-30", "toyota 訂正 29 from the next day");
	TAP_STREQ(city_due(3, 2, "2026-06-01"), "2026-06-29", "toyota 利用停止 29 from the receipt day");
	TAP_STREQ(city_due(3, 1, "2026-07-03"), "2026-08-03", "toyota 訂正: 8/1 Sat rolls to 8/3");
	TAP_STREQ(city_due(3, 2, "2026-07-03"), "2026-07-31", "toyota 利用停止 counts 7/3 itself: 7/31");
	TAP_STREQ(city_due(4, 0, "2026-12-01"), "2027-01-04", "minato (law's 30) ending 12/31");
	TAP_STREQ(city_due(4, 4, "2026-02-20"), "2026-03-23", "minato 中止: 3/22 Sunday → 3/23");
	/* Yamagata's follow-up window: 訂正 and 利用停止 within 90 days */
	cal_day out;
	TAP_INTEQ(cal_window_end(&roll, D("2026-10-07"), 90, &out), CAL_OK, "yamagata 90 days");
	TAP_STREQ(F(out), "2027-01-05", "90 days from 10/07 end 1/5");
}

int
main(void)
{
	test_worked_examples();
	test_edges();
	test_holds();
	test_extension();
	test_special();
	test_windows();
	test_cities();
	return TAP_DONE();
}

/* The five city profiles, as shipped, give their own due dates through
 * the one calendar: the same receipt date, each city's periods and rules. */
#include <stdio.h>
#include <unistd.h>

#include "case.h"
#include "fixture.h"
#include "tap.h"

static void expect(const char *city, enum req_kind kind, const char *received,
                   const char *want)
{
	struct fixture f = { 0 };
	cal_day r, due;
	char got[11] = "";
	if (fixture_open(&f, city, 0) != 0) {
		TAP_OK(0, "%s loads", city);
		return;
	}
	cal_parse(received, &r);
	int rc = case_due_date(&f.prof, kind, r, NULL, 0, &due);
	if (rc == 0)
		cal_format(due, got);
	if (want != NULL)
		TAP_STREQ(got, want, "%s %s received %s", city, profile_kind_name(kind), received);
	else
		TAP_INTEQ(rc, -1, "-bad- %s has no %s requests", city, profile_kind_name(kind));
	fixture_close(&f);
}

int main(void)
{
	/* 2026-07-03 (Fri). */
	expect("toyota", KIND_DISCLOSURE, "2026-07-03", "2026-07-17");
	expect("toyota", KIND_CORRECTION, "2026-07-03", "2026-08-03");  /* 29 from the next day: 8/01 Sat → 8/03 */
	expect("toyota", KIND_SUSPENSION, "2026-07-03", "2026-07-31");  /* 29 counted from the receipt day */
	expect("yamagata", KIND_DISCLOSURE, "2026-07-03", "2026-07-17");
	expect("yamagata", KIND_CORRECTION, "2026-07-03", "2026-08-03"); /* 30: 8/02 Sun → 8/03 */
	expect("yamagata", KIND_SUSPENSION, "2026-07-03", "2026-08-03");
	expect("akabira", KIND_DISCLOSURE, "2026-07-03", "2026-07-17");
	expect("akabira", KIND_DELETION, "2026-07-03", "2026-08-03");
	expect("akabira", KIND_SUSPENSION, "2026-07-03", NULL);
	expect("bibai", KIND_DISCLOSURE, "2026-07-03", "2026-08-03");    /* not stated: the law's 30 days */
	expect("minato", KIND_DISCLOSURE, "2026-07-03", "2026-08-03");
	/* Just before the year-end closure: 12/18 + 14 = 1/01, closed to 1/04. */
	expect("yamagata", KIND_DISCLOSURE, "2026-12-18", "2027-01-04");
	/* Golden Week: 4/22 + 14 = 5/06 (振替休日 in 2026) → 5/07. */
	expect("toyota", KIND_DISCLOSURE, "2026-04-22", "2026-05-07");
	/* Silver Week 2026: 9/08 + 14 = 9/22 (国民の休日) → 9/24. */
	expect("yamagata", KIND_DISCLOSURE, "2026-09-08", "2026-09-24");
	return TAP_DONE();
}

/* The five city profiles, as shipped, give their own due dates through
 * the one calendar: the same receipt date, each city's periods and rules. */
#include <stdio.h>
#include <unistd.h>

#include "case.h"
#include "config.h"
#include "tap.h"

static int load(const char *city, HDF **cfg, struct profile *p)
{
	char path[256], err[4096], root[1024];
	if (getcwd(root, sizeof root) == NULL)
		return -1;
	snprintf(path, sizeof path, "/tmp/kaiji-test-due-%d-%s.hdf", (int)getpid(), city);
	FILE *f = fopen(path, "w");
	fprintf(f, "#include \"%s/conf/kaiji.hdf\"\nKaiji.ConfDir = %s/conf\nKaiji.Profile = %s\n", root, root, city);
	fclose(f);
	int rc = config_load(path, cfg, err, sizeof err) || profile_load(*cfg, p, err, sizeof err);
	unlink(path);
	if (rc)
		printf("# %s\n", err);
	return rc ? -1 : 0;
}

static void expect(const char *city, enum req_kind kind, const char *received,
                   const char *want)
{
	HDF *cfg = NULL;
	struct profile p;
	cal_day r, due;
	char got[11] = "";
	if (load(city, &cfg, &p) != 0) {
		TAP_OK(0, "%s loads", city);
		return;
	}
	cal_parse(received, &r);
	int rc = case_due_date(&p, kind, r, NULL, 0, &due);
	if (rc == 0)
		cal_format(due, got);
	if (want != NULL)
		TAP_STREQ(got, want, "%s %s received %s", city, profile_kind_name(kind), received);
	else
		TAP_INTEQ(rc, -1, "-bad- %s has no %s requests", city, profile_kind_name(kind));
	profile_free(&p);
	hdf_destroy(&cfg);
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

/* kaijictl stats FY [--summary]: the fiscal year's 運用状況 as CSV on
 * stdout: every figure by agency, kind and measure, or with --summary the
 * table by kind a city prints (docs/data.md). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "stats.h"

int cmd_stats(struct app *app, int argc, char **argv)
{
	char *end = NULL;
	bool summary = argc == 3 && strcmp(argv[2], "--summary") == 0;
	errno = 0;
	long fy = argc == 2 || summary ? strtol(argv[1], &end, 10) : 0;
	if ((argc != 2 && !summary) || errno || end == argv[1] || *end ||
	    fy < 1900 || fy > 9998) {
		fputs("usage: kaijictl stats FY [--summary]   (FY: the year the fiscal year starts, e.g. 2026)\n", stderr);
		return 2;
	}
	struct arena *a = arena_new();
	struct stats s;
	struct buf out;
	int rc = stats_collect(app->db, a, (int)fy, &s);
	if (rc == 0) {
		buf_init(&out, a);
		if (summary)
			stats_summary_csv(&s, &out);
		else
			stats_csv(&s, &out);
		fwrite(out.data, 1, out.len, stdout);
	} else {
		fputs("kaijictl stats: cannot read the database\n", stderr);
	}
	arena_free(a);
	return rc ? 1 : 0;
}

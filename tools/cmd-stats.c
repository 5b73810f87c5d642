/* kaijictl stats FY: the fiscal year's 運用状況 as CSV on stdout. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "stats.h"

int cmd_stats(struct app *app, int argc, char **argv)
{
	char *end;
	errno = 0;
	long fy = argc == 2 ? strtol(argv[1], &end, 10) : 0;
	if (argc != 2 || errno || *end || fy < 1900 || fy > 9998) {
		fputs("usage: kaijictl stats FY   (FY: the year the fiscal year starts, e.g. 2026)\n", stderr);
		return 2;
	}
	struct arena *a = arena_new();
	struct stats s;
	struct buf out;
	int rc = stats_collect(app->db, a, (int)fy, &s);
	if (rc == 0) {
		buf_init(&out, a);
		stats_csv(&s, &out);
		fwrite(out.data, 1, out.len, stdout);
	} else {
		fputs("kaijictl stats: cannot read the database\n", stderr);
	}
	arena_free(a);
	return rc ? 1 : 0;
}

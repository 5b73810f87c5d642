/* kaijictl stats FY: 運用状況 for the fiscal year as CSV (lib/stats.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd-desk.h"
#include "stats.h"

int cmd_stats(struct app *app, int argc, char **argv)
{
	char *end;
	if (argc != 2) {
		fputs("usage: kaijictl stats FISCAL_YEAR (April FY to March FY+1)\n", stderr);
		return 2;
	}
	errno = 0;
	long fy = strtol(argv[1], &end, 10);
	if (errno || *end || fy < 1990 || fy > 2200) {
		fputs("kaijictl stats: a fiscal year is a year such as 2026\n", stderr);
		return 2;
	}
	struct arena *a = arena_new();
	struct stats_row *rows;
	size_t n;
	int rc = stats_collect(app->db, a, (int)fy, &rows, &n);
	if (rc == 0) {
		struct buf b;
		buf_init(&b, a);
		stats_csv(rows, n, (int)fy, &b);
		fwrite(b.data, 1, b.len, stdout);
	} else {
		fputs("kaijictl stats: the database could not be read\n", stderr);
	}
	arena_free(a);
	return rc ? 1 : 0;
}

/* 運用状況: how the system ran in a fiscal year (April to March), for the
 * yearly report. One source for the desk's page and `kaijictl stats FY`. */
#ifndef KAIJI_STATS_H
#define KAIJI_STATS_H

#include "arena.h"
#include "db.h"

struct stats_row {
	const char *kind, *agency, *channel;
	const char *outcome; /* a decision (docs/data.md), withdrawn, dismissed, pending */
	long count;
};

struct stats {
	int fy;
	struct stats_row *rows;
	size_t nrows;
	long requests, extensions, decided;
	double average_days; /* receipt to decision */
	long longest_days;
	long disclosed, disclosure_decided; /* for 開示率 */
	struct stats_row *appeals; /* outcome and count (kind etc. unused) */
	size_t nappeals;
};

/* Requests received from FY-04-01 to (FY+1)-03-31. 0 or -1. */
int stats_collect(struct db *db, struct arena *a, int fy, struct stats *out);
/* 開示率 in percent (全部開示 + 部分開示 over disclosure decisions), or -1. */
double stats_disclosure_rate(const struct stats *s);
/* The same numbers as CSV (UTF-8, header line first). */
void stats_csv(const struct stats *s, struct buf *out);

#endif

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

/* One published figure: (agency, kind, measure) → count. The measures
 * and the published tables they map to are listed in docs/data.md. */
struct stats_measure {
	const char *agency, *kind, *measure;
	long count;
};

struct stats {
	int fy;
	struct stats_measure *measures; /* by agency, kind, measure */
	size_t nmeasures;
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
/* The sum of a measure over agencies (agency NULL) and kinds (kind NULL). */
long stats_count(const struct stats *s, const char *agency, const char *kind,
                 const char *measure);
/* The decision measure of a kind: 削除 and 中止 are labelled as such
 * (stop → delete / cease), 却下 is "dismissed"; NULL for an unknown one. */
const char *stats_decision_measure(const char *kind, const char *decision);
/* The figures as CSV (UTF-8, header "fy,agency,kind,measure,count"), one
 * row per (agency, kind, measure), then the year's summary figures with
 * agency and kind "all". */
void stats_csv(const struct stats *s, struct buf *out);
/* The summary table as a city prints it: one row per kind, the columns
 * of docs/data.md ("kind,carried_in,received,…"). */
void stats_summary_csv(const struct stats *s, struct buf *out);
/* The columns of the summary table, NULL-terminated. */
extern const char *const stats_summary_columns[];

#endif

/* 運用状況: the yearly statistics of requests for a fiscal year (April to
 * March, by the day of receipt): requests by kind × agency × channel ×
 * outcome, extensions and special cases, days to decision, appeals and
 * their outcomes, and the disclosure rate (開示率). The desk shows them
 * and kaijictl stats prints the same CSV. */
#ifndef KAIJI_STATS_H
#define KAIJI_STATS_H

#include <stddef.h>

#include "arena.h"
#include "db.h"

/* One line of the CSV: section and the keys it is counted by ("" where a
 * key does not apply), and the value (a count, days, or a percentage). */
struct stats_row {
	const char *section; /* requests, extensions, special_cases,
	                        days_avg, days_max, appeals, disclosure_rate */
	const char *kind, *agency, *channel, *outcome;
	const char *value;
};

#define STATS_CSV_HEADER "fiscal_year,section,kind,agency,channel,outcome,value\n"

/* Outcomes of requests: a decision (full, partial, none, refuse_existence,
 * not_exist, correct, not_correct, stop, not_stop), withdrawn, dismissed,
 * or pending (処理中). Appeals: dismissed, rejected, granted,
 * partly_granted, or pending. */
int stats_collect(struct db *db, struct arena *a, int fiscal_year,
                  struct stats_row **rows, size_t *n);
void stats_csv(const struct stats_row *rows, size_t n, int fiscal_year,
               struct buf *out);
/* The fiscal year a day falls in (April–March). */
int stats_fiscal_year(int year, int month);

#endif

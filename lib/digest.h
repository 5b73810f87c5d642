/* The staff daily digest (issue 18): on each day the city is open, from
 * the profile's hour (City.StaffDigest.At, Japan time, 08:30 by default),
 * one mail to each agency with a staff address (City.Agency.ID.StaffMail)
 * listing its requests due within City.StaffDigest.OpenDays open days (5)
 * and those overdue: reference number, kind, the due date, the open days
 * left or the days overdue, and the desk's case page. No name, content
 * or reason. An agency with nothing due gets no digest that day: a daily
 * "nothing" teaches staff to skip the mail, and the inbox is there.
 *
 * Not on a closed day: nobody is at the desk to act on it, and the next
 * open day's digest lists the same cases (the overdue ones with the days
 * counted since).
 *
 * The due date is the desk inbox's (lib/case.h case_clock): request.due_on
 * with its extensions, 特例 and 補正 days, or the rest's day of 法84; a
 * request waiting for a 補正 (法77③) or already decided is not listed.
 *
 * `kaijictl mail send` queues the day's digests (digest_queue) before it
 * drains the outbox. One row per agency and day, under a unique index:
 * the timer every minute, two senders at once or a sender killed half-way
 * queue it once. The list is the one of the moment it is queued. */
#ifndef KAIJI_DIGEST_H
#define KAIJI_DIGEST_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "calendar.h"
#include "db.h"
#include "profile.h"

/* At most this many requests in one digest; the mail says how many more. */
#define DIGEST_MAX_ITEMS 200

struct digest_item {
	long long id;
	const char *ref, *kind; /* kind: "disclosure", … */
	cal_day due;
	int left;  /* open days left (0: due today); -N: N days overdue */
	bool rest; /* 法84: the day is the rest's */
};

/* The day whose digests are due at now (seconds, as cal_now): Japan's
 * day when the city is open on it and its clock has reached the
 * profile's hour; 0 otherwise. */
cal_day digest_day_due(const struct profile *p, long long now);

/* An agency's requests for the digest of day: the clock runs and the due
 * date is at most open_days open days ahead, or passed; by due date.
 * At most DIGEST_MAX_ITEMS in *out (arena), *n of them, *more not shown.
 * 0 or -1. */
int digest_items(struct db *db, const struct profile *p, struct arena *a,
                 const char *agency, cal_day day, struct digest_item **out,
                 size_t *n, size_t *more);

/* Queue the digests due at now, in one transaction: for each agency with
 * a staff address and something to list, one row (agency, day) unless
 * there is one. The number queued (0: not yet the hour, a closed day,
 * queued already or nothing due), or -1. */
int digest_queue(struct db *db, const struct profile *p, long long now);

#endif

/* The agency table's rows come from the city profile: the profile is the
 * truth, and a request may name an agency before anyone seeded the table. */
#ifndef KAIJI_AGENCY_H
#define KAIJI_AGENCY_H

#include "db.h"
#include "profile.h"

/* Insert ag's row unless one with its id exists. 0, or -1. */
int agency_row_ensure(struct db *db, const struct agency *ag);

#endif

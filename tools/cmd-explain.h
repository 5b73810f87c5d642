/* kaijictl check-config --explain: every profile value that is not the
 * seed page's own rule (lib/profile.h, marks), so the city sees what it
 * must confirm. */
#ifndef KAIJI_CMD_EXPLAIN_H
#define KAIJI_CMD_EXPLAIN_H

#include <stdio.h>

#include <ClearSilver.h>

/* Writes one tab-separated line per marked value to out, in three groups
 * each under a "# " heading:
 *   law<TAB>KEY<TAB>VALUE<TAB>ARTICLE
 *   offer<TAB>KEY<TAB>VALUE<TAB>WHY<TAB>switch KEY=0|1
 *       (a list item: "switch: remove the item")
 *   confirm<TAB>KEY<TAB>VALUE<TAB>WHY
 * then "# N law defaults, N offers, N to confirm". Returns 0, or 1 with
 * the problem on err when a mark is wrong. */
int explain_profile(HDF *cfg, FILE *out, FILE *err);

#endif

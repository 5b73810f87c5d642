/* kaijictl feedback: the questionnaire's answers for the city's own
 * analysis. */
#ifndef KAIJI_CMD_FEEDBACK_H
#define KAIJI_CMD_FEEDBACK_H

#include <stdio.h>

#include "app.h"

/* argv[0] is "feedback". Subcommands:
 *   export [--summary] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
 *     CSV on out: one row per answer, or with --summary one per page.
 * Returns 0; 1 when the database fails; 2 after a usage message on err. */
int cmd_feedback(struct app *app, int argc, char **argv, FILE *out, FILE *err);

#endif

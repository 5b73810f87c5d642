/* kaijictl commands of the staff desk: staff accounts, the case workflow
 * for scripts and tests. */
#ifndef KAIJI_CMD_DESK_H
#define KAIJI_CMD_DESK_H

#include "app.h"

/* staff add LOGIN --name N --role R [--agency A]... [--password-stdin]
 * | passwd LOGIN [--password-stdin] | disable LOGIN | enable LOGIN | list */
int cmd_staff(struct app *app, int argc, char **argv);
/* case STEP ID [--KEY VALUE]...: the steps of lib/flow.c; case show ID;
 * case enter (a paper request keyed in, with documents). */
int cmd_case_flow(struct app *app, int argc, char **argv);

#endif

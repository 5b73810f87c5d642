/* kaijictl's commands, one file each: tools/cmd-NAME.c. */
#ifndef KAIJI_CMD_H
#define KAIJI_CMD_H

#include <stdio.h>

#include "app.h"

/* kaijictl seed-demo [--register N] */
int cmd_seed_demo(struct app *app, int argc, char **argv);

/* kaijictl stats FY */
int cmd_stats(struct app *app, int argc, char **argv);

#endif

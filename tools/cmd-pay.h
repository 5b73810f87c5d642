/* kaijictl pay: list, reconcile and refund online payments. */
#ifndef KAIJI_CMD_PAY_H
#define KAIJI_CMD_PAY_H

#include "app.h"

/* argv[0] is "pay". Subcommands:
 *   list [--state STATE]
 *   reconcile [--older-than MINUTES]
 *   refund ORDER_ID --reason TEXT [--amount YEN]
 *   settlement --from DAY --to DAY [--provider NAME]: CSV for the 会計管理者
 * Returns 0, 1 on failure, 2 after a usage message. */
int cmd_pay(struct app *app, int argc, char **argv);

#endif

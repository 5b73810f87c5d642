/* kaijictl case: requests entered by staff (paper requests at the counter
 * or by mail). */
#ifndef KAIJI_CMD_CASE_H
#define KAIJI_CMD_CASE_H

#include "app.h"

/* kaijictl case new --kind K --agency A --name NAME [--received YYYY-MM-DD]
 *                   [--channel counter|mail]
 * Prints "REF CODE" on one line; the code is shown only this once.
 * kaijictl case reissue REF: a new code (identity checked at the counter);
 * the old one stops working. Prints "REF CODE". */
int cmd_case(struct app *app, int argc, char **argv);
/* request.data (docs/data.md) for a request entered by hand: the agency and
 * the requester's name, in Japanese. In the arena; NULL when the name is
 * not text. */
const char *cmd_case_data(struct arena *a, const char *agency,
                          const char *name);

#endif

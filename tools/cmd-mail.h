/* kaijictl mail: see tools/cmd-mail.c. */
#ifndef KAIJI_CMD_MAIL_H
#define KAIJI_CMD_MAIL_H

#include "app.h"
#include "arena.h"

/* argv[0] is "mail": send | list [--state S] | retry ID. 0, 1, or 2
 * after a usage message. */
int cmd_mail(struct app *app, int argc, char **argv);

/* The stable Message-ID of an outbox row. */
const char *mail_message_id(struct arena *a, long long id,
                            const char *created_at, const char *from);

#endif

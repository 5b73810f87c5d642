/* kaijictl mail: see tools/cmd-mail.c. */
#ifndef KAIJI_CMD_MAIL_H
#define KAIJI_CMD_MAIL_H

#include <stddef.h>

#include <ClearSilver/ClearSilver.h>

#include "app.h"
#include "arena.h"

/* argv[0] is "mail": send | list [--state S] | retry ID. 0, 1, or 2
 * after a usage message. */
int cmd_mail(struct app *app, int argc, char **argv);

/* kaijictl check-config: Kaiji.Mail as the sender reads it (the Url's
 * scheme and host, From an address, User with a PasswordFile), the
 * password file unread. 0 (set or not set at all), or -1 with err. */
int mail_conf_check(HDF *cfg, char *err, size_t errlen);

/* The stable Message-ID of an outbox row. */
const char *mail_message_id(struct arena *a, long long id,
                            const char *created_at, const char *from);

#endif

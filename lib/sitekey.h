/* The site's secrets fingerprint (issue 21, docs/INSTALL.md §15): the
 * database remembers a keyed fingerprint of the secrets file the first
 * program opened it with, and every program compares its own with it once
 * at start, so a web server whose secrets file differs from the others'
 * (a fresh one made by kaijictl init or migrate because the copy was
 * missing) refuses to start instead of signing cookies the others refuse
 * and sealing identity documents they cannot open. */
#ifndef KAIJI_SITEKEY_H
#define KAIJI_SITEKEY_H

#include <stddef.h>

#include "db.h"

/* The schema step that made the table site_key (lib/schema.c). */
#define SITEKEY_SCHEMA 19

/* The loaded secrets' fingerprint as 64 hex characters and a NUL. */
void sitekey_fingerprint(char out[65]);

/* What sitekey_check answers when the database records another secrets
 * file's fingerprint (this one's was certainly not recorded). */
#define SITEKEY_OTHER (-2)

/* After token_init: 0 when the database records this secrets file's
 * fingerprint, or recorded none and now records it (the first to open
 * it; two at once: one of them wins and the other compares with it), or
 * is older than SITEKEY_SCHEMA (kaijictl migrate calls again after the
 * step) or newer than the program (refused elsewhere). SITEKEY_OTHER with
 * the reason in err when it records another fingerprint; -1 when it
 * cannot be read. */
int sitekey_check(struct db *db, char *err, size_t errlen);

#endif

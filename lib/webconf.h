/* What kaijictl check-config reads from the city's web server configuration:
 * the user and group nginx runs its workers as (the `user` directive of
 * nginx.conf's main context), to compare with the sockets' group. */
#ifndef KAIJI_WEBCONF_H
#define KAIJI_WEBCONF_H

#include <stddef.h>

#define WEBCONF_NAME_MAX 64

enum webconf_user {
	WEBCONF_USER_SET = 1,   /* user and group filled (group "" when omitted) */
	WEBCONF_USER_NONE = 0,  /* no user directive: nginx's default applies */
	WEBCONF_USER_UNKNOWN = 2, /* none here, but an include may set it */
	WEBCONF_BAD = -1,       /* not nginx's syntax, or a name too long */
};

/* The `user USER [GROUP];` directive of the main context of nginx.conf
 * text (len bytes, any content). */
enum webconf_user webconf_nginx_user(const char *text, size_t len,
                                     char user[WEBCONF_NAME_MAX],
                                     char group[WEBCONF_NAME_MAX]);

#endif

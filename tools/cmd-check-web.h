/* kaijictl check-config, the web server part: nginx's workers must be in
 * the group of the programs' sockets (Kaiji.Server.SocketGroup, set by make
 * install from WEB_GROUP), or nginx answers 502. */
#ifndef KAIJI_CMD_CHECK_WEB_H
#define KAIJI_CMD_CHECK_WEB_H

#include <stdio.h>

#include <ClearSilver.h>

/* Reads Kaiji.Server.NginxConf (default /etc/nginx/nginx.conf) when it can
 * and writes one "warning: …" line to out for each mismatch. Returns the
 * number of warnings; a missing nginx.conf (Apache, or nginx elsewhere)
 * gives none. */
int check_web_group(HDF *cfg, FILE *out);

#endif

#include "cmd-check-web.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "webconf.h"

#define NGINX_CONF_MAX (1024 * 1024)
/* nginx's default when nginx.conf has no user directive (its docs). */
#define NGINX_DEFAULT_USER "nobody"

static char *read_small_file(const char *path, size_t *len, int *err)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		*err = errno;
		return NULL;
	}
	char *buf = malloc(NGINX_CONF_MAX);
	*len = buf ? fread(buf, 1, NGINX_CONF_MAX, f) : 0;
	*err = buf == NULL ? ENOMEM : ferror(f) ? EIO : 0;
	fclose(f);
	if (*err) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* nginx calls initgroups(user, group): its workers have the group named in
 * the directive (or the user's name when omitted) and every group that
 * lists the user as a member. */
static bool worker_in_group(const char *user, const char *ngroup, const char *sock_group)
{
	if (strcmp(user, "root") == 0 || strcmp(ngroup, sock_group) == 0)
		return true;
	const struct group *sg = getgrnam(sock_group);
	if (sg == NULL)
		return false;
	gid_t sock_gid = sg->gr_gid;
	for (char **m = sg->gr_mem; m && *m; m++)
		if (strcmp(*m, user) == 0)
			return true;
	/* getgrnam's result is overwritten by the next call. */
	const struct group *g = getgrnam(ngroup);
	return g != NULL && g->gr_gid == sock_gid;
}

int check_web_group(HDF *cfg, FILE *out)
{
	const char *conf = hdf_get_value(cfg, "Kaiji.Server.NginxConf", "/etc/nginx/nginx.conf");
	const char *sock_group = hdf_get_value(cfg, "Kaiji.Server.SocketGroup", "www-data");
	size_t len = 0;
	int err = 0;
	char *text = read_small_file(conf, &len, &err);
	if (text == NULL) {
		if (err == ENOENT)
			return 0;
		fprintf(out, "warning: %s: %s: nginx's user was not compared with the "
		        "sockets' group %s\n", conf, strerror(err), sock_group);
		return 1;
	}
	char user[WEBCONF_NAME_MAX], group[WEBCONF_NAME_MAX];
	enum webconf_user found = webconf_nginx_user(text, len, user, group);
	free(text);
	if (found == WEBCONF_USER_UNKNOWN)
		return 0;
	if (found == WEBCONF_BAD) {
		fprintf(out, "warning: %s: cannot read its user directive: nginx's user "
		        "was not compared with the sockets' group %s\n", conf, sock_group);
		return 1;
	}
	if (found == WEBCONF_USER_NONE)
		snprintf(user, sizeof user, "%s", NGINX_DEFAULT_USER);
	if (group[0] == '\0')
		snprintf(group, sizeof group, "%s", user);
	if (getgrnam(sock_group) == NULL) {
		fprintf(out, "warning: Kaiji.Server.SocketGroup: no group %s on this "
		        "machine: the sockets would get no web server group\n", sock_group);
		return 1;
	}
	if (worker_in_group(user, group, sock_group))
		return 0;
	fprintf(out, "warning: nginx's workers run as %s:%s (%s%s) and are not in the "
	        "group %s of kaiji's sockets (Kaiji.Server.SocketGroup): nginx will "
	        "answer 502. Run nginx as \"user %s;\", or reinstall kaiji with "
	        "WEB_GROUP=%s, or add %s to the group %s (usermod -a -G %s %s)\n",
	        user, group, conf, found == WEBCONF_USER_NONE ? ", no user directive" : "",
	        sock_group, sock_group, group, user, sock_group, sock_group, user);
	return 1;
}

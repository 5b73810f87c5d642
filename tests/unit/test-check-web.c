/* kaijictl check-config's web server check: nginx.conf's user directive is
 * found in the main context only, and a worker user outside the sockets'
 * group gives a warning that names the fix. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ClearSilver.h>

#include "cmd-check-web.h"
#include "tap.h"
#include "webconf.h"

static enum webconf_user parse(const char *text, char *user, char *group)
{
	return webconf_nginx_user(text, strlen(text), user, group);
}

static void test_parse(void)
{
	char u[WEBCONF_NAME_MAX], g[WEBCONF_NAME_MAX];
	TAP_INTEQ(parse("user www-data;\nworker_processes auto;\n", u, g), WEBCONF_USER_SET, "user directive found");
	TAP_STREQ(u, "www-data", "its user");
	TAP_STREQ(g, "", "no group given");
	TAP_INTEQ(parse("# user nobody;\n  user\t'nginx'  \"web\" ; events {}", u, g), WEBCONF_USER_SET,
	          "quoted words, a commented-out directive skipped");
	TAP_STREQ(u, "nginx", "the user of the live directive");
	TAP_STREQ(g, "web", "its group");
	TAP_INTEQ(parse("events { user x; }\nhttp { server { user y; } }\n", u, g), WEBCONF_USER_NONE,
	          "a user word inside a block is not nginx's user");
	TAP_INTEQ(parse("worker_processes 1;\ninclude /etc/nginx/modules-enabled/*.conf;\n", u, g),
	          WEBCONF_USER_UNKNOWN, "no user but a main-context include: cannot tell");
	TAP_INTEQ(parse("", u, g), WEBCONF_USER_NONE, "an empty file: nginx's default");
	TAP_INTEQ(parse("user;", u, g), WEBCONF_BAD, "-bad- user without a name");
	TAP_INTEQ(parse("user a b c;", u, g), WEBCONF_BAD, "-bad- user with three words");
	TAP_INTEQ(parse("http { ", u, g), WEBCONF_BAD, "-bad- an unclosed block");
	TAP_INTEQ(parse("} user a;", u, g), WEBCONF_BAD, "-bad- a stray closing brace");
	char longname[200];
	memset(longname, 'a', sizeof longname);
	memcpy(longname, "user ", 5);
	longname[sizeof longname - 2] = ';';
	longname[sizeof longname - 1] = '\0';
	TAP_INTEQ(parse(longname, u, g), WEBCONF_BAD, "-bad- a user name too long");
	TAP_INTEQ(webconf_nginx_user("user a;", 5, u, g), WEBCONF_USER_NONE,
	          "only len bytes are read (no terminating semicolon seen)");
}

/* check_web_group with nginx.conf holding text; returns the warnings and
 * leaves what was printed in out. */
static int check(const char *nginx_text, const char *sock_group, char *out, size_t outlen)
{
	char conf[] = "/tmp/kaiji-test-nginx-XXXXXX";
	int fd = mkstemp(conf);
	if (fd < 0 || write(fd, nginx_text, strlen(nginx_text)) != (ssize_t)strlen(nginx_text)) {
		printf("Bail out! cannot write %s\n", conf);
		exit(1);
	}
	close(fd);
	HDF *cfg = NULL;
	hdf_init(&cfg);
	hdf_set_value(cfg, "Kaiji.Server.NginxConf", nginx_text ? conf : "/nonexistent/nginx.conf");
	hdf_set_value(cfg, "Kaiji.Server.SocketGroup", sock_group);
	FILE *f = fmemopen(out, outlen, "w");
	int n = check_web_group(cfg, f);
	fclose(f);
	hdf_destroy(&cfg);
	unlink(conf);
	return n;
}

static void test_check(void)
{
	char out[2048];
	TAP_INTEQ(check("user www-data;\n", "www-data", out, sizeof out), 0, "workers in the sockets' group: no warning");
	TAP_INTEQ(check("user root;\n", "www-data", out, sizeof out), 0, "workers as root: no warning");
	TAP_INTEQ(check("user nobody www-data;\n", "www-data", out, sizeof out), 0, "the group given in the directive counts");
	TAP_INTEQ(check("user nobody nogroup;\n", "www-data", out, sizeof out), 1, "-bad- workers outside the group: a warning");
	TAP_OK(strstr(out, "nobody:nogroup") && strstr(out, "WEB_GROUP=nogroup") && strstr(out, "502"),
	       "it names nginx's user and group, the 502 and the fix: %s", out);
	TAP_INTEQ(check("events {}\n", "www-data", out, sizeof out), 1, "-bad- no user directive: nginx's default nobody");
	TAP_OK(strstr(out, "no user directive") != NULL, "it says the directive is missing");
	TAP_INTEQ(check("user www-data;\n", "no-such-group-kaiji", out, sizeof out), 1, "-bad- a socket group that does not exist");
	TAP_INTEQ(check("user www-data; http {\n", "www-data", out, sizeof out), 0,
	          "the user directive before a syntax error still counts");
	TAP_INTEQ(check("http {\n", "www-data", out, sizeof out), 1, "-bad- an unreadable nginx.conf: a warning that nothing was compared");
}

int main(void)
{
	test_parse();
	test_check();
	char out[256];
	HDF *cfg = NULL;
	hdf_init(&cfg);
	hdf_set_value(cfg, "Kaiji.Server.NginxConf", "/nonexistent/nginx.conf");
	FILE *f = fmemopen(out, sizeof out, "w");
	TAP_INTEQ(check_web_group(cfg, f), 0, "no nginx.conf (Apache, or nginx elsewhere): nothing to say");
	fclose(f);
	hdf_destroy(&cfg);
	return TAP_DONE();
}

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client.h"
#include "form.h"
#include "totp.h"

#define CONFIG_MAX_FILES 8
#define CONFIG_MAX_DEPTH 16

struct problems {
	char *out;
	size_t len, used;
	int count;
	const char *const *files;
	size_t nfiles;
};

static void problem(struct problems *p, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void problem(struct problems *p, const char *key, const char *fmt, ...)
{
	char where[PATH_MAX + 32];
	char what[256];
	va_list ap;

	config_locate(p->files, p->nfiles, key, where, sizeof where);
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	p->count++;
	if (p->used < p->len) {
		int n = snprintf(p->out + p->used, p->len - p->used, "%s%s: %s: %s",
		                 p->used ? "\n" : "", where, key, what);
		if (n > 0)
			p->used += (size_t)n;
		if (p->used > p->len)
			p->used = p->len;
	}
}

/* Does one dotted segment of a key match one segment of a pattern? */
static int segment_match(const char *pat, size_t plen, const char *key,
                         size_t klen)
{
	if (plen == 1 && pat[0] == '*')
		return klen > 0;
	return plen == klen && memcmp(pat, key, klen) == 0;
}

/* 1: pattern equals key, 2: key is a proper prefix of pattern, 0: no. */
static int pattern_match(const char *pattern, const char *key)
{
	const char *p = pattern, *k = key;
	for (;;) {
		size_t pl = strcspn(p, "."), kl = strcspn(k, ".");
		if (!segment_match(p, pl, k, kl))
			return 0;
		p += pl;
		k += kl;
		if (*k == '\0')
			return *p == '\0' ? 1 : 2;
		if (*p == '\0')
			return 0;
		p++;
		k++;
	}
}

static const struct cfg_key *schema_find(const char *key, int *prefix)
{
	const struct cfg_key *const lists[] = { config_schema, profile_schema };
	*prefix = 0;
	for (size_t l = 0; l < 2; l++)
		for (const struct cfg_key *e = lists[l]; e->pattern; e++) {
			int m = pattern_match(e->pattern, key);
			if (m == 1)
				return e;
			if (m == 2)
				*prefix = 1;
		}
	return NULL;
}

static int parse_long(const char *s, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end != '\0')
		return -1;
	*out = v;
	return 0;
}

static int enum_has(const char *choices, const char *v)
{
	size_t vl = strlen(v);
	const char *c = choices;
	while (*c) {
		size_t cl = strcspn(c, "|");
		if (cl == vl && memcmp(c, v, vl) == 0)
			return 1;
		c += cl;
		if (*c == '|')
			c++;
	}
	return 0;
}

static int date_valid(const char *v)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;
	char tail;
	if (strlen(v) != 10 || sscanf(v, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return 0;
	if (v[4] != '-' || v[7] != '-' || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return !(m == 2 && d == 29 && !leap);
}

static void check_value(struct problems *p, const struct cfg_key *e,
                        const char *key, const char *v)
{
	long n;
	if (!form_text_valid(v, strlen(v), true)) {
		problem(p, key, "not valid UTF-8 text");
		return;
	}
	switch (e->type) {
	case CFG_STR:
		break;
	case CFG_INT:
		if (parse_long(v, &n) != 0 || n < e->min || n > e->max)
			problem(p, key, "'%s' is not a whole number from %ld to %ld",
			        v, e->min, e->max);
		break;
	case CFG_BOOL:
		if (strcmp(v, "0") != 0 && strcmp(v, "1") != 0)
			problem(p, key, "'%s' is not 0 or 1", v);
		break;
	case CFG_DATE:
		if (!date_valid(v))
			problem(p, key, "'%s' is not a date YYYY-MM-DD", v);
		break;
	case CFG_ENUM:
		if (!enum_has(e->choices, v))
			problem(p, key, "'%s' is not one of %s", v, e->choices);
		break;
	case CFG_NODE:
		problem(p, key, "takes no value of its own");
		break;
	}
}

static void walk(struct problems *p, HDF *node, char *path, size_t plen,
                 int depth)
{
	for (HDF *h = node; h != NULL; h = hdf_obj_next(h)) {
		const char *name = hdf_obj_name(h);
		int n = snprintf(path + plen, PATH_MAX - plen, "%s%s",
		                 plen ? "." : "", name ? name : "");
		if (n < 0 || (size_t)n >= PATH_MAX - plen)
			continue;
		size_t len = plen + (size_t)n;
		int prefix;
		const struct cfg_key *e = schema_find(path, &prefix);
		const char *v = hdf_obj_value(h);
		HDF *child = hdf_obj_child(h);
		if (e == NULL && !(prefix && child != NULL && v == NULL)) {
			problem(p, path, "unknown key");
		} else {
			if (e != NULL && v != NULL)
				check_value(p, e, path, v);
			if (child != NULL && depth < CONFIG_MAX_DEPTH)
				walk(p, child, path, len, depth + 1);
		}
		path[plen] = '\0';
	}
}

/* For "City.Agency.*.Name": every match of "City.Agency.*" must have Name. */
static void require_under(struct problems *p, HDF *root, const char *pattern,
                          const char *rest, char *path)
{
	size_t seg = strcspn(rest, ".");
	if (rest[seg] == '\0') {
		char want[PATH_MAX];
		snprintf(want, sizeof want, "%s%s%.*s", path, *path ? "." : "",
		         (int)seg, rest);
		if (hdf_get_obj(root, want) == NULL)
			problem(p, want, "required key missing");
		return;
	}
	size_t plen = strlen(path);
	if (seg == 1 && rest[0] == '*') {
		HDF *parent = *path ? hdf_get_obj(root, path) : root;
		for (HDF *h = parent ? hdf_obj_child(parent) : NULL; h;
		     h = hdf_obj_next(h)) {
			snprintf(path + plen, PATH_MAX - plen, ".%s", hdf_obj_name(h));
			require_under(p, root, pattern, rest + seg + 1, path);
			path[plen] = '\0';
		}
		return;
	}
	snprintf(path + plen, PATH_MAX - plen, "%s%.*s", plen ? "." : "",
	         (int)seg, rest);
	require_under(p, root, pattern, rest + seg + 1, path);
	path[plen] = '\0';
}

static void check_required(struct problems *p, HDF *root)
{
	const struct cfg_key *const lists[] = { config_schema, profile_schema };
	char path[PATH_MAX];
	for (size_t l = 0; l < 2; l++)
		for (const struct cfg_key *e = lists[l]; e->pattern; e++)
			if (e->required) {
				path[0] = '\0';
				require_under(p, root, e->pattern, e->pattern, path);
			}
}

bool config_remote_user_param_ok(const char *name)
{
	static const char *const cgi[] = {
		"REMOTE_USER", "AUTH_TYPE", "REMOTE_ADDR", "REMOTE_HOST",
		"REMOTE_PORT", "REMOTE_IDENT", "QUERY_STRING", "REQUEST_URI",
		"DOCUMENT_URI", "SCRIPT_NAME", "PATH_INFO", "CONTENT_TYPE",
		"CONTENT_LENGTH", "REQUEST_METHOD", "SERVER_NAME", NULL,
	};
	size_t len = strlen(name);
	if (len == 0 || len > 64 || name[0] < 'A' || name[0] > 'Z' ||
	    strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != len ||
	    strncmp(name, "HTTP_", 5) == 0)
		return false;
	for (size_t i = 0; cgi[i]; i++)
		if (strcmp(name, cgi[i]) == 0)
			return false;
	return true;
}

/* Rules between keys. The web server's sign-in is trusted only through a
 * parameter that the shipped configs set from a checked password alone
 * (issue 16: nginx fills REMOTE_USER from any client's Basic header). */
static void check_rules(struct problems *p, HDF *root)
{
	if (!client_proxies_valid(hdf_get_value(root, "Kaiji.TrustedProxies", "")))
		problem(p, "Kaiji.TrustedProxies", "not a list of addresses or networks "
		        "(ADDR or ADDR/BITS, separated by spaces)");
	if (!totp_roles_valid(hdf_get_value(root, "Kaiji.Desk.TotpRoles", NULL)))
		problem(p, "Kaiji.Desk.TotpRoles", "not a list of roles (admin, clerk, "
		        "viewer, separated by spaces or commas; none for no role)");
	const char *hashing = hdf_get_value(root, "Kaiji.Desk.PasswordHashing", "");
	if (strcmp(hashing, "minimum") == 0 &&
	    hdf_get_int_value(root, "Kaiji.InsecureCookies", 0) != 1)
		problem(p, "Kaiji.Desk.PasswordHashing", "minimum is for a throwaway "
		        "test stack (with Kaiji.InsecureCookies = 1) only: a stolen "
		        "database's passwords would fall in seconds");
	if (hdf_get_int_value(root, "Kaiji.Desk.TrustRemoteUser", 0) != 1)
		return;
	const char *param = hdf_get_value(root, "Kaiji.Desk.RemoteUserParam", NULL);
	if (param == NULL)
		problem(p, "Kaiji.Desk.TrustRemoteUser", "needs Kaiji.Desk.RemoteUserParam "
		        "(KAIJI_REMOTE_USER), the parameter the web server sets only after "
		        "checking the sign-in (docs/INSTALL.md)");
	else if (!config_remote_user_param_ok(param))
		problem(p, "Kaiji.Desk.RemoteUserParam", "not a parameter only the web "
		        "server sets (REMOTE_USER and HTTP_* come from the client): use "
		        "KAIJI_REMOTE_USER (docs/INSTALL.md)");
}

int config_validate(HDF *root, const char *const files[], size_t nfiles,
                    char *err, size_t errlen)
{
	struct problems p = { err, errlen, 0, 0, files, nfiles };
	char path[PATH_MAX] = "";
	if (errlen)
		err[0] = '\0';
	walk(&p, hdf_obj_child(root), path, 0, 0);
	check_required(&p, root);
	check_rules(&p, root);
	return p.count ? -1 : 0;
}

/* Trim spaces at both ends, in place. */
static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' ||
	             s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

struct scope {
	char stack[CONFIG_MAX_DEPTH][128];
	int depth;
};

static void full_name(const struct scope *sc, const char *name, char *out,
                      size_t outlen)
{
	size_t used = 0;
	out[0] = '\0';
	for (int i = 0; i < sc->depth && used < outlen; i++) {
		int n = snprintf(out + used, outlen - used, "%s.", sc->stack[i]);
		if (n > 0)
			used += (size_t)n;
	}
	if (used < outlen)
		snprintf(out + used, outlen - used, "%s", name);
}

static int locate_in(const char *file, const char *key, int nest, char *out,
                     size_t outlen);

/* Reads one line of HDF syntax; returns the line number where key is set
 * (and fills out), 0 to go on, or -1 when an include found it. */
static int locate_line(FILE *f, const char *file, char *line, int *lineno,
                       struct scope *sc, const char *key, int nest, char *out,
                       size_t outlen)
{
	char *s = trim(line), name[PATH_MAX];
	if (strncmp(s, "#include", 8) == 0) {
		char inc[PATH_MAX];
		if (sscanf(s + 8, " \"%4095[^\"]\"", inc) == 1 && nest < 4 &&
		    locate_in(inc, key, nest + 1, out, outlen))
			return -1;
		return 0;
	}
	if (*s == '#' || *s == '\0')
		return 0;
	if (*s == '}') {
		if (sc->depth > 0)
			sc->depth--;
		return 0;
	}
	size_t nl = strcspn(s, " \t=<{:!");
	char *rest = trim(s + nl);
	s[nl] = '\0';
	full_name(sc, s, name, sizeof name);
	if (strcmp(name, key) == 0)
		return *lineno;
	if (rest[0] == '{' && sc->depth < CONFIG_MAX_DEPTH) {
		snprintf(sc->stack[sc->depth++], sizeof sc->stack[0], "%s", s);
	} else if (strncmp(rest, "<<", 2) == 0) {
		char *end = trim(rest + 2), buf[4096];
		while (fgets(buf, sizeof buf, f)) {
			(*lineno)++;
			if (strcmp(trim(buf), end) == 0)
				break;
		}
	}
	(void)file;
	return 0;
}

/* The last place the key is set wins, as it does when the file is read. */
static int locate_in(const char *file, const char *key, int nest, char *out,
                     size_t outlen)
{
	FILE *f = fopen(file, "r");
	if (f == NULL)
		return 0;
	struct scope sc = { .depth = 0 };
	char line[4096];
	int lineno = 0, found = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		int r = locate_line(f, file, line, &lineno, &sc, key, nest, out,
		                    outlen);
		if (r > 0) {
			snprintf(out, outlen, "%s:%d", file, r);
			found = 1;
		} else if (r < 0) {
			found = 1;
		}
	}
	fclose(f);
	return found;
}

void config_locate(const char *const files[], size_t nfiles, const char *key,
                   char *out, size_t outlen)
{
	for (size_t i = nfiles; i-- > 0;)
		if (locate_in(files[i], key, 0, out, outlen))
			return;
	/* Not set anywhere: the profile for City keys, else the main file. */
	size_t i = strncmp(key, "City", 4) == 0 ? nfiles - 1 : 0;
	snprintf(out, outlen, "%s", nfiles ? files[i] : "(config)");
}

int config_nerr(NEOERR *nerr, const char *what, char *err, size_t errlen)
{
	if (nerr == STATUS_OK)
		return 0;
	STRING str;
	string_init(&str);
	nerr_error_string(nerr, &str);
	snprintf(err, errlen, "%s: %s", what, str.buf ? str.buf : "error");
	string_clear(&str);
	nerr_ignore(&nerr);
	return -1;
}

static int read_hdf(HDF *hdf, const char *path, char *err, size_t errlen)
{
	return config_nerr(hdf_read_file(hdf, path), path, err, errlen);
}

/* Profile names become a file path: letters, digits, '-' and '_' only. */
static int profile_name_ok(const char *s)
{
	if (*s == '\0' || strlen(s) > 64)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '-' || *s == '_'))
			return 0;
	return 1;
}

int config_load(const char *path, HDF **out, char *err, size_t errlen)
{
	HDF *hdf = NULL;
	char profile_path[PATH_MAX];
	const char *files[2] = { path, profile_path };
	size_t nfiles = 1;

	*out = NULL;
	if (hdf_init(&hdf) != STATUS_OK) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	if (read_hdf(hdf, path, err, errlen) != 0)
		goto fail;
	const char *profile = hdf_get_value(hdf, "Kaiji.Profile", NULL);
	const char *confdir = hdf_get_value(hdf, "Kaiji.ConfDir", NULL);
	if (profile == NULL || confdir == NULL || !profile_name_ok(profile)) {
		char where[PATH_MAX + 32];
		config_locate(files, 1, "Kaiji.Profile", where, sizeof where);
		snprintf(err, errlen, "%s: Kaiji.Profile: missing or not a profile "
		         "name (and Kaiji.ConfDir must be set)", where);
		goto fail;
	}
	snprintf(profile_path, sizeof profile_path, "%s/cities/%s.hdf", confdir,
	         profile);
	nfiles = 2;
	if (read_hdf(hdf, profile_path, err, errlen) != 0)
		goto fail;
	if (config_validate(hdf, files, nfiles, err, errlen) != 0)
		goto fail;
	*out = hdf;
	return 0;
fail:
	hdf_destroy(&hdf);
	return -1;
}

const char *config_str(HDF *cfg, const char *key)
{
	return hdf_get_value(cfg, key, "");
}

long config_int(HDF *cfg, const char *key)
{
	long v = 0;
	const char *s = hdf_get_value(cfg, key, NULL);
	if (s == NULL || parse_long(s, &v) != 0)
		return 0;
	return v;
}

int config_read_secret(const char *path, char *out, size_t outlen, char *err,
                       size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || (st.st_mode & 07) != 0) {
		snprintf(err, errlen, "%s: a secret must not be readable by others "
		         "(chmod 600 or 640)", path);
		close(fd);
		return -1;
	}
	ssize_t n = read(fd, out, outlen - 1);
	close(fd);
	if (n <= 0) {
		snprintf(err, errlen, "%s: empty", path);
		return -1;
	}
	out[n] = '\0';
	out[strcspn(out, "\r\n")] = '\0';
	if (out[0] == '\0' || (size_t)n == outlen - 1) {
		snprintf(err, errlen, "%s: empty or too long", path);
		return -1;
	}
	return 0;
}

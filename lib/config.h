/* Configuration: conf/kaiji.hdf (defaults) plus the city profile
 * conf/cities/NAME.hdf, loaded once at start into one ClearSilver HDF tree
 * and validated against a schema. An unknown key, a missing required key
 * or a bad value stops the program with "FILE:LINE: KEY: what is wrong". */
#ifndef KAIJI_CONFIG_H
#define KAIJI_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include <ClearSilver/ClearSilver.h>

enum cfg_type {
	CFG_STR,   /* any text (valid UTF-8) */
	CFG_INT,   /* decimal integer within [min, max] */
	CFG_BOOL,  /* 0 or 1 */
	CFG_DATE,  /* YYYY-MM-DD */
	CFG_ENUM,  /* one of the words in choices, "a|b|c" */
	CFG_NODE,  /* a node that may hold children but no value of its own */
};

/* A schema entry. pattern is a dotted path; a segment "*" matches any one
 * segment (list items are named by the profile: City.Agency.mayor.Name).
 * required: every node matched by the pattern's parent must have it. */
struct cfg_key {
	const char *pattern;
	enum cfg_type type;
	bool required;
	long min, max;
	const char *choices;
};

/* Core keys (lib/config-schema.c) and city profile keys
 * (lib/profile-schema.c); each list ends with a { NULL } entry. */
extern const struct cfg_key config_schema[];
extern const struct cfg_key profile_schema[];


/* Load the config file at path (it may #include others), then the city
 * profile it names (Kaiji.ConfDir/cities/Kaiji.Profile.hdf), then check
 * every key against the schemas. On failure returns -1 and writes one line
 * per problem into err ("FILE:LINE: KEY: problem"). */
int config_load(const char *path, HDF **out, char *err, size_t errlen);

/* Check an HDF tree against schemas; files are searched for line numbers. */
int config_validate(HDF *root, const char *const files[], size_t nfiles,
                    char *err, size_t errlen);

/* Where key is set: "file:line", or the first file when not found. */
void config_locate(const char *const files[], size_t nfiles, const char *key,
                   char *out, size_t outlen);

/* A ClearSilver error as "WHAT: message" in err (and freed): 0 when nerr
 * is STATUS_OK, else -1. */
int config_nerr(NEOERR *nerr, const char *what, char *err, size_t errlen);

/* Whether name may carry the staff login the web server vouches for
 * (Kaiji.Desk.RemoteUserParam): upper-case letters, digits and '_', and
 * none the client can set or nginx fills from a header: not REMOTE_USER,
 * AUTH_TYPE, HTTP_* or the other CGI variables. */
bool config_remote_user_param_ok(const char *name);

/* Typed reads of keys the schema has already checked. */
const char *config_str(HDF *cfg, const char *key);
long config_int(HDF *cfg, const char *key);

/* A secret from its file (a payment key, the relay's password): the first
 * line, refused when the file is readable by others, empty or too long
 * for out. 0, or -1 with err set. */
int config_read_secret(const char *path, char *out, size_t outlen, char *err,
                       size_t errlen);

#endif

/* One request: method, route, validated fields, cookies, the arena and the
 * response being built. Made before dispatch, freed after FCGX_Finish_r.
 * Handlers read fields only through the program's field table. */
#ifndef KAIJI_REQ_H
#define KAIJI_REQ_H

#include <stdbool.h>
#include <stddef.h>

#include <ClearSilver/ClearSilver.h>

#include "app.h"
#include "arena.h"
#include "form.h"

enum field_type {
	FIELD_LINE,  /* one line of text */
	FIELD_TEXT,  /* text with line breaks */
	FIELD_INT,   /* decimal integer within [min, max] */
	FIELD_FILE,  /* an uploaded file (multipart only) */
};

struct field {
	const char *name;
	enum field_type type;
	size_t max;   /* characters for text, bytes for files */
	long min, max_int;
	/* Optional further check of a non-empty value. */
	bool (*valid)(const char *value, size_t len);
};

enum field_state {
	FIELD_ABSENT = 0, /* not sent, or sent empty */
	FIELD_OK,
	FIELD_TOO_LONG,
	FIELD_INVALID,
};

struct field_value {
	enum field_state state;
	const char *value; /* NULL unless FIELD_OK */
	size_t len;
	long num;                  /* FIELD_INT */
	const struct param *file;  /* FIELD_FILE */
	size_t count;              /* how many valid values were sent */
	const struct param **all;  /* each of them, for repeated fields */
};

struct req;
typedef int (*handler_fn)(struct req *req);

enum route_flags {
	ROUTE_NO_CSRF = 1, /* posts from elsewhere: provider notifications */
	ROUTE_UPLOAD = 2,  /* accepts multipart bodies with files */
	/* A public page any cache may keep: no per-browser cookie or token. */
	ROUTE_PUBLIC = 4,
	/* The body is kept as sent (raw_body) and not parsed: provider
	 * notifications, whose signatures cover the exact bytes. */
	ROUTE_RAW_BODY = 8,
};

struct route {
	const char *method;
	const char *path; /* below the base path; "{}" matches one segment */
	handler_fn handler;
	unsigned flags;
};

struct program {
	const char *name;
	const struct route *routes;
	const struct field *fields;
	size_t nfields;
	/* Long-lived setup after the app is open; may be NULL. */
	int (*init)(struct app *app, char *err, size_t errlen);
	/* SQLite's page cache of the process, KiB (db_cache_kib); 0: SQLite's
	 * default, 2,000 KiB. */
	int db_cache_kib;
};

struct req {
	struct arena *arena;
	struct app *app;
	const struct program *prog;
	const struct route *route;
	void *fcgx;   /* FCGX_Request *, NULL in tests */
	char **envp;  /* the request's params, NAME=VALUE */
	const char *method;
	const char *path;  /* below the base path, without the query */
	const char *query;
	const char *content_type;
	const char *client;  /* the client's key for limits (lib/client.h) */
	bool https;
	const char *lang;    /* "ja" or "en" */
	const char *route_arg[4];
	struct param *params;  /* query, then body */
	struct param *body_params; /* where the body's part of params starts */
	struct param *cookies;
	struct field_value *fields; /* indexed like prog->fields */
	const char *csrf_cookie;
	const char *raw_body; /* ROUTE_RAW_BODY only; NUL-terminated */
	size_t raw_len;
	HDF *hdf;
	/* the response */
	int status;
	struct buf headers;
	struct buf body;
	bool cache_public;
	/* A body too large to hold (the register's exports): resp_send sends
	 * the headers without Content-Length and then calls stream, which
	 * writes with resp_write. Only for status 200. */
	int (*stream)(struct req *req);
	void *stream_ctx;
};

/* Values of the request environment (FastCGI params); NULL if absent. */
const char *req_env(struct req *req, const char *name);
const char *req_cookie(struct req *req, const char *name);
/* A raw query or body parameter, unvalidated: for the lib only. */
const char *req_param_raw(struct req *req, const char *name);

/* The validated value of field i, or NULL. */
const char *req_field(struct req *req, size_t i);
enum field_state req_field_state(struct req *req, size_t i);

/* Match the path against the routes. 0 found; 404 no path; 405 path with
 * another method (allow lists the methods). */
int req_route(struct req *req, const struct route *routes, char *allow,
              size_t allowlen);
/* The body's size limit for the matched route. */
size_t req_body_limit(struct req *req);
/* Parse cookies and the query and pick the language: 0 or 400. */
int req_begin(struct req *req);
/* False for GET and HEAD: their body is never parameters (lib/fcgi.c
 * drains it unread, req_parse ignores it). */
bool req_reads_body(const struct req *req);
/* Parse the body (already read, within the limit) and validate every
 * field: 0 or an HTTP status (400, 413, 415). */
int req_parse(struct req *req, const char *body, size_t len);
/* 0 when the POST carries the token of this browser's csrf cookie. */
bool req_csrf_ok(struct req *req);

#endif

/* Parsers for what a browser sends: query strings and
 * application/x-www-form-urlencoded bodies, Cookie headers, and
 * multipart/form-data bodies with files. They only decode: which fields a
 * program accepts and how each is validated is the job of lib/req.c.
 * Every result lives in the request's arena. Limits are checked before
 * anything is copied. */
#ifndef KAIJI_FORM_H
#define KAIJI_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

struct param {
	const char *name;     /* decoded, NUL-terminated */
	const char *value;    /* decoded, NUL-terminated (files: the bytes) */
	size_t len;           /* value length in bytes */
	const char *filename; /* multipart file parts only, else NULL */
	const char *ctype;    /* multipart part Content-Type, else NULL */
	struct param *next;   /* in the order received */
};

struct form_limits {
	size_t max_fields; /* parts or pairs in one body or query */
	size_t max_name;   /* bytes in a field name */
	size_t max_value;  /* bytes in a text value */
	size_t max_file;   /* bytes in one uploaded file */
	size_t max_files;  /* file parts in one body */
};

enum form_status {
	FORM_OK = 0,
	FORM_MALFORMED, /* answer 400 */
	FORM_TOO_LARGE, /* a value or file over its limit: answer 413 */
	FORM_TOO_MANY,  /* more fields or files than allowed: answer 413 */
};

enum form_status form_parse_urlencoded(struct arena *a, const char *buf,
                                       size_t len,
                                       const struct form_limits *lim,
                                       struct param **out);

enum form_status form_parse_cookies(struct arena *a, const char *header,
                                    const struct form_limits *lim,
                                    struct param **out);

/* The boundary from a Content-Type header, or NULL when it is missing,
 * empty, longer than RFC 2046 allows (70) or holds bad characters. */
const char *form_multipart_boundary(struct arena *a, const char *ctype);

enum form_status form_parse_multipart(struct arena *a, const char *body,
                                      size_t len, const char *boundary,
                                      const struct form_limits *lim,
                                      struct param **out);

/* Text checks shared by every text field. */
bool form_utf8_valid(const char *s, size_t len);
/* Valid UTF-8 without NUL or control characters other than TAB, CR, LF. */
bool form_text_valid(const char *s, size_t len, bool multiline);

#endif

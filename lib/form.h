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

/* RFC 2046 section 5.1.1. */
#define FORM_BOUNDARY_MAX 70
/* Bounds on a multipart part's header block; past them: FORM_MALFORMED. */
#define FORM_HEADER_LINE_MAX 1024 /* bytes, without the CRLF */
#define FORM_PART_HEADERS_MAX 8

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

/* Query strings and form bodies: '+' is a space, %XX a byte. A bad escape
 * or a NUL byte: FORM_MALFORMED. "a=1&&b=2" skips the empty pair, "a" is
 * a with value "", "=x" is skipped. */
enum form_status form_parse_urlencoded(struct arena *a, const char *buf,
                                       size_t len,
                                       const struct form_limits *lim,
                                       struct param **out);

/* "a=1; b=2", a value may be in DQUOTEs, nothing is %-decoded. The city's
 * own site shares our domain, so pairs that are malformed or over the
 * limits are skipped, pairs past max_fields ignored: always FORM_OK. */
enum form_status form_parse_cookies(struct arena *a, const char *header,
                                    const struct form_limits *lim,
                                    struct param **out);

/* The boundary from a Content-Type header, or NULL when the type is not
 * multipart/form-data, the parameter is missing, repeated, empty, longer
 * than RFC 2046 allows (70) or holds characters outside its bchars. */
const char *form_multipart_boundary(struct arena *a, const char *ctype);

/* RFC 7578 body. Every part needs Content-Disposition: form-data with a
 * non-empty name; a part with a filename parameter (even "") is a file:
 * ->filename set, bounded by max_file and max_files; others are text
 * bounded by max_value and without NUL. Names and filenames are kept raw
 * except %22, which browsers send for '"'. CRLF line ends are required:
 * a body with bare LF ends, or whose preamble holds the dash-boundary,
 * is FORM_MALFORMED, as is one without the close delimiter. */
enum form_status form_parse_multipart(struct arena *a, const char *body,
                                      size_t len, const char *boundary,
                                      const struct form_limits *lim,
                                      struct param **out);

/* Text checks shared by every text field. */
bool form_utf8_valid(const char *s, size_t len);
/* Valid UTF-8 (utf8proc: no overlongs, surrogates or code points past
 * U+10FFFF) without NUL, C0 controls other than TAB, DEL or C1 controls.
 * CR and LF only when multiline. U+2028 and U+2029 pass. */
bool form_text_valid(const char *s, size_t len, bool multiline);

#endif

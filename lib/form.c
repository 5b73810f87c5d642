/* memmem */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "form.h"

#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

/* ---- shared helpers ---------------------------------------------------- */

static int form_hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* RFC 9110 section 5.6.2 tchar. */
static bool form_is_tchar(unsigned char c)
{
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z'))
		return true;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static bool form_is_ows(char c)
{
	return c == ' ' || c == '\t';
}

static int form_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Case-insensitive comparison of s[0..n) with a lower-case literal. */
static bool form_ci_eq(const char *s, size_t n, const char *lit)
{
	if (strlen(lit) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (form_lower((unsigned char)s[i]) != (unsigned char)lit[i])
			return false;
	return true;
}

static struct param *form_append(struct arena *a, struct param ***tail)
{
	struct param *p = arena_alloc(a, sizeof *p);
	**tail = p;
	*tail = &p->next;
	return p;
}

/* A copy with a NUL after it, so text values can be used as strings. */
static char *form_copy(struct arena *a, const char *s, size_t n)
{
	char *d = arena_alloc(a, n + 1);
	if (n > 0)
		memcpy(d, s, n);
	return d;
}

/* ---- application/x-www-form-urlencoded -------------------------------- */

/* Decoded length of s[0..n), or false on a bad escape or a NUL byte
 * (raw or decoded): names and values must be usable as C strings. */
static bool form_url_len(const char *s, size_t n, size_t *out)
{
	size_t len = 0;
	for (size_t i = 0; i < n; i++, len++) {
		if (s[i] == '\0')
			return false;
		if (s[i] != '%')
			continue;
		if (n - i < 3)
			return false;
		int hi = form_hexval((unsigned char)s[i + 1]);
		int lo = form_hexval((unsigned char)s[i + 2]);
		if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
			return false;
		i += 2;
	}
	*out = len;
	return true;
}

/* Decodes s[0..n), already checked by form_url_len, into a new string. */
static char *form_url_decode(struct arena *a, const char *s, size_t n,
                             size_t dlen)
{
	char *d = arena_alloc(a, dlen + 1);
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			d[j++] = ' ';
		} else if (s[i] == '%') {
			d[j++] = (char)(form_hexval((unsigned char)s[i + 1]) * 16 +
			                form_hexval((unsigned char)s[i + 2]));
			i += 2;
		} else {
			d[j++] = s[i];
		}
	}
	return d;
}

static enum form_status form_url_pair(struct arena *a, const char *s,
                                      size_t n,
                                      const struct form_limits *lim,
                                      size_t *count, struct param ***tail)
{
	const char *eq = memchr(s, '=', n);
	size_t nlen = eq ? (size_t)(eq - s) : n;
	const char *v = eq ? eq + 1 : s + n;
	size_t vlen = eq ? n - nlen - 1 : 0;
	size_t dn, dv;

	if (nlen == 0)
		return FORM_OK; /* "=x": nothing to name it by */
	if (!form_url_len(s, nlen, &dn) || !form_url_len(v, vlen, &dv))
		return FORM_MALFORMED;
	if (dn > lim->max_name || dv > lim->max_value)
		return FORM_TOO_LARGE;
	if (*count >= lim->max_fields)
		return FORM_TOO_MANY;
	(*count)++;
	struct param *p = form_append(a, tail);
	p->name = form_url_decode(a, s, nlen, dn);
	p->value = form_url_decode(a, v, vlen, dv);
	p->len = dv;
	return FORM_OK;
}

enum form_status form_parse_urlencoded(struct arena *a, const char *buf,
                                       size_t len,
                                       const struct form_limits *lim,
                                       struct param **out)
{
	struct param *head = NULL, **tail = &head;
	size_t count = 0;

	*out = NULL;
	if (buf == NULL)
		return FORM_OK;
	for (size_t pos = 0; pos < len;) {
		const char *amp = memchr(buf + pos, '&', len - pos);
		size_t end = amp ? (size_t)(amp - buf) : len;
		if (end > pos) {
			enum form_status st = form_url_pair(
			    a, buf + pos, end - pos, lim, &count, &tail);
			if (st != FORM_OK)
				return st;
		}
		pos = end + 1;
	}
	*out = head;
	return FORM_OK;
}

/* ---- Cookie header (RFC 6265 section 4.2.1) --------------------------- */

/* cookie-octet: US-ASCII except CTLs, whitespace, DQUOTE, comma,
 * semicolon and backslash (RFC 6265 section 4.1.1). */
static bool form_is_cookie_octet(unsigned char c)
{
	return c == 0x21 || (c >= 0x23 && c <= 0x2b) ||
	       (c >= 0x2d && c <= 0x3a) || (c >= 0x3c && c <= 0x5b) ||
	       (c >= 0x5d && c <= 0x7e);
}

/* Fills *p from one "name=value" pair, or returns false when the pair is
 * not one we can use: it may be another site's cookie, and is skipped. */
static bool form_cookie_pair(struct arena *a, const char *s, size_t n,
                             const struct form_limits *lim, struct param *p)
{
	const char *eq = memchr(s, '=', n);
	if (eq == NULL)
		return false;
	size_t nlen = (size_t)(eq - s);
	const char *v = eq + 1;
	size_t vlen = n - nlen - 1;

	while (nlen > 0 && form_is_ows(s[nlen - 1]))
		nlen--;
	while (vlen > 0 && form_is_ows(*v))
		v++, vlen--;
	if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"')
		v++, vlen -= 2;
	if (nlen == 0 || nlen > lim->max_name || vlen > lim->max_value)
		return false;
	for (size_t i = 0; i < nlen; i++)
		if (!form_is_tchar((unsigned char)s[i]))
			return false;
	for (size_t i = 0; i < vlen; i++)
		if (!form_is_cookie_octet((unsigned char)v[i]))
			return false;
	p->name = form_copy(a, s, nlen);
	p->value = form_copy(a, v, vlen);
	p->len = vlen;
	return true;
}

enum form_status form_parse_cookies(struct arena *a, const char *header,
                                    const struct form_limits *lim,
                                    struct param **out)
{
	struct param *head = NULL, **tail = &head;
	size_t count = 0;
	struct param tmp;

	*out = NULL;
	if (header == NULL)
		return FORM_OK;
	const char *s = header;
	while (*s != '\0' && count < lim->max_fields) {
		size_t n = strcspn(s, ";");
		const char *b = s, *e = s + n;
		while (b < e && form_is_ows(*b))
			b++;
		while (e > b && form_is_ows(e[-1]))
			e--;
		memset(&tmp, 0, sizeof tmp);
		if (e > b && form_cookie_pair(a, b, (size_t)(e - b), lim, &tmp)) {
			*form_append(a, &tail) = tmp;
			count++;
		}
		s += n;
		if (*s == ';')
			s++;
	}
	*out = head;
	return FORM_OK;
}

/* ---- multipart/form-data (RFC 7578, RFC 2046 section 5.1.1) ----------- */

/* bchars of RFC 2046 section 5.1.1. */
static bool form_is_bchar(unsigned char c)
{
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z'))
		return true;
	return c != '\0' && strchr("'()+_,-./:=? ", c) != NULL;
}

static bool form_boundary_ok(const char *b, size_t n)
{
	if (n < 1 || n > FORM_BOUNDARY_MAX || b[n - 1] == ' ')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!form_is_bchar((unsigned char)b[i]))
			return false;
	return true;
}

static const char *form_skip_ows(const char *s)
{
	while (form_is_ows(*s))
		s++;
	return s;
}

static const char *form_skip_token(const char *s)
{
	while (form_is_tchar((unsigned char)*s))
		s++;
	return s;
}

/* Reads a Content-Type parameter value (token or quoted-string with
 * quoted-pairs, RFC 9110 section 5.6.4). When buf is not NULL the value is
 * stored there and one longer than cap - 1 is refused. Returns the end of
 * the value, or NULL when it is malformed. */
static const char *form_ct_value(const char *s, char *buf, size_t cap,
                                 size_t *n)
{
	size_t len = 0;
	if (*s != '"') {
		const char *e = s;
		while (*e != '\0' && *e != ';' && !form_is_ows(*e))
			e++;
		len = (size_t)(e - s);
		if (len == 0 || (buf != NULL && len >= cap))
			return NULL;
		if (buf != NULL)
			memcpy(buf, s, len);
		*n = len;
		return e;
	}
	for (s++; *s != '"'; s++) {
		if (*s == '\\' && s[1] != '\0')
			s++;
		if (*s == '\0' || (buf != NULL && len + 1 >= cap))
			return NULL;
		if (buf != NULL)
			buf[len] = *s;
		len++;
	}
	*n = len;
	return s + 1;
}

const char *form_multipart_boundary(struct arena *a, const char *ctype)
{
	char val[FORM_BOUNDARY_MAX + 2] = "", bnd[FORM_BOUNDARY_MAX + 2] = "";
	size_t blen = 0, vlen;
	bool found = false;

	if (ctype == NULL)
		return NULL;
	const char *s = form_skip_ows(ctype), *e = form_skip_token(s);
	if (!form_ci_eq(s, (size_t)(e - s), "multipart") || *e != '/')
		return NULL;
	s = e + 1;
	e = form_skip_token(s);
	if (!form_ci_eq(s, (size_t)(e - s), "form-data"))
		return NULL;
	for (s = form_skip_ows(e); *s != '\0'; s = form_skip_ows(s)) {
		if (*s++ != ';')
			return NULL;
		s = form_skip_ows(s);
		if (*s == '\0')
			break;
		e = form_skip_token(s);
		if (e == s || *e != '=')
			return NULL;
		bool is_bnd = form_ci_eq(s, (size_t)(e - s), "boundary");
		s = form_ct_value(e + 1, is_bnd ? val : NULL, sizeof val,
		                  &vlen);
		if (s == NULL)
			return NULL;
		if (is_bnd) {
			if (found)
				return NULL;
			found = true;
			memcpy(bnd, val, vlen);
			blen = vlen;
		}
	}
	if (!found || !form_boundary_ok(bnd, blen))
		return NULL;
	return arena_strndup(a, bnd, blen);
}

struct form_mp {
	struct arena *a;
	const char *body;
	size_t len;
	const char *bnd;
	size_t blen;
	const struct form_limits *lim;
	char needle[FORM_BOUNDARY_MAX + 4]; /* CRLF "--" boundary */
	size_t nlen;
	size_t files;
};

/* Whether a delimiter's dash-boundary starts at pos: it must be followed
 * by "--" (the close delimiter) or by transport padding and CRLF. */
static bool form_mp_delim_at(const struct form_mp *m, size_t pos,
                             size_t *next, bool *close)
{
	size_t i = pos;
	if (m->len - i < m->blen + 2 || memcmp(m->body + i, "--", 2) != 0 ||
	    memcmp(m->body + i + 2, m->bnd, m->blen) != 0)
		return false;
	i += 2 + m->blen;
	if (m->len - i >= 2 && memcmp(m->body + i, "--", 2) == 0) {
		*close = true;
		*next = i + 2;
		return true;
	}
	while (i < m->len && form_is_ows(m->body[i]))
		i++;
	if (m->len - i < 2 || memcmp(m->body + i, "\r\n", 2) != 0)
		return false;
	*close = false;
	*next = i + 2;
	return true;
}

/* The next real delimiter at or after from: *at is where its CRLF starts.
 * Lines that only look like one ("--boundaryX") are part of the data. */
static bool form_mp_find(const struct form_mp *m, size_t from, size_t *at,
                         size_t *next, bool *close)
{
	while (from < m->len) {
		const char *hit = memmem(m->body + from, m->len - from,
		                         m->needle, m->nlen);
		if (hit == NULL)
			return false;
		size_t i = (size_t)(hit - m->body);
		if (form_mp_delim_at(m, i + 2, next, close)) {
			*at = i;
			return true;
		}
		from = i + 1;
	}
	return false;
}

/* Copies a name or filename, turning the %22 that browsers send for '"'
 * back into '"' (HTML "multipart/form-data encoding algorithm"). Nothing
 * else is decoded: a literal "%41" stays as it was typed. */
static size_t form_mp_name_len(const char *s, size_t n)
{
	size_t len = 0;
	for (size_t i = 0; i < n; i++, len++)
		if (n - i >= 3 && memcmp(s + i, "%22", 3) == 0)
			i += 2;
	return len;
}

static char *form_mp_name_copy(struct arena *a, const char *s, size_t n)
{
	char *d = arena_alloc(a, form_mp_name_len(s, n) + 1);
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		if (n - i >= 3 && memcmp(s + i, "%22", 3) == 0) {
			d[j++] = '"';
			i += 2;
		} else {
			d[j++] = s[i];
		}
	}
	return d;
}

struct form_part {
	const char *name, *filename, *ctype;
	size_t name_n, filename_n, ctype_n;
	bool has_cd, has_name, has_filename;
};

/* A Content-Disposition parameter value: a token, or a quoted string as
 * browsers write it, with no backslash escapes (a Windows path keeps its
 * backslashes). */
static const char *form_cd_value(const char *s, const char *e,
                                 const char **v, size_t *n)
{
	if (s < e && *s == '"') {
		const char *q = memchr(s + 1, '"', (size_t)(e - s - 1));
		if (q == NULL)
			return NULL;
		*v = s + 1;
		*n = (size_t)(q - s - 1);
		return q + 1;
	}
	const char *t = s;
	while (t < e && form_is_tchar((unsigned char)*t))
		t++;
	if (t == s)
		return NULL;
	*v = s;
	*n = (size_t)(t - s);
	return t;
}

static const char *form_span_ows(const char *s, const char *e)
{
	while (s < e && form_is_ows(*s))
		s++;
	return s;
}

static const char *form_span_token(const char *s, const char *e)
{
	while (s < e && form_is_tchar((unsigned char)*s))
		s++;
	return s;
}

/* Content-Disposition: form-data; name="..."; filename="..." */
static bool form_mp_disposition(struct form_part *fp, const char *s,
                                const char *e)
{
	const char *t = form_span_token(s, e), *v;
	size_t n;

	if (fp->has_cd || !form_ci_eq(s, (size_t)(t - s), "form-data"))
		return false;
	fp->has_cd = true;
	for (s = form_span_ows(t, e); s < e; s = form_span_ows(s, e)) {
		if (*s != ';')
			return false;
		s = form_span_ows(s + 1, e);
		if (s == e)
			break;
		t = form_span_token(s, e);
		const char *q = form_span_ows(t, e);
		if (t == s || q == e || *q != '=')
			return false;
		bool is_name = form_ci_eq(s, (size_t)(t - s), "name");
		bool is_file = form_ci_eq(s, (size_t)(t - s), "filename");
		s = form_cd_value(form_span_ows(q + 1, e), e, &v, &n);
		if (s == NULL || (is_name && fp->has_name) ||
		    (is_file && fp->has_filename))
			return false;
		if (is_name) {
			fp->has_name = true;
			fp->name = v;
			fp->name_n = n;
		} else if (is_file) {
			fp->has_filename = true;
			fp->filename = v;
			fp->filename_n = n;
		}
	}
	return true;
}

/* One header line s[0..n) without its CRLF. */
static bool form_mp_header(struct form_part *fp, const char *s, size_t n)
{
	const char *e = s + n;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return false;
	}
	const char *colon = form_span_token(s, e);
	if (colon == s || colon == e || *colon != ':')
		return false; /* also refuses obsolete line folding */
	const char *v = form_span_ows(colon + 1, e);
	while (e > v && form_is_ows(e[-1]))
		e--;
	size_t hn = (size_t)(colon - s);
	if (form_ci_eq(s, hn, "content-disposition"))
		return form_mp_disposition(fp, v, e);
	if (form_ci_eq(s, hn, "content-type")) {
		if (fp->ctype != NULL || v == e)
			return false;
		fp->ctype = v;
		fp->ctype_n = (size_t)(e - v);
	}
	return true;
}

/* Parses the headers of the part in [pos, end); *body is where its
 * content starts. */
static bool form_mp_headers(const struct form_mp *m, size_t pos, size_t end,
                            struct form_part *fp, size_t *body)
{
	for (int nh = 0;; nh++) {
		size_t room = end - pos;
		if (room > FORM_HEADER_LINE_MAX + 2)
			room = FORM_HEADER_LINE_MAX + 2;
		const char *crlf = memmem(m->body + pos, room, "\r\n", 2);
		if (crlf == NULL) {
			/* RFC 2046 body-part: headers then an optional
			 * CRLF and content, so a part may end right after
			 * its last header line. */
			if (pos == end && nh > 0) {
				*body = end;
				return true;
			}
			return false;
		}
		size_t n = (size_t)(crlf - (m->body + pos));
		if (n == 0) {
			*body = pos + 2;
			return true;
		}
		if (nh >= FORM_PART_HEADERS_MAX ||
		    !form_mp_header(fp, m->body + pos, n))
			return false;
		pos += n + 2;
	}
}

static enum form_status form_mp_part(struct form_mp *m, size_t pos,
                                     size_t end, struct param ***tail)
{
	struct form_part fp;
	size_t body;

	memset(&fp, 0, sizeof fp);
	if (!form_mp_headers(m, pos, end, &fp, &body) || !fp.has_cd ||
	    !fp.has_name || fp.name_n == 0)
		return FORM_MALFORMED;
	if (form_mp_name_len(fp.name, fp.name_n) > m->lim->max_name)
		return FORM_TOO_LARGE;
	size_t vlen = end - body;
	const char *v = m->body + body;
	if (fp.has_filename) {
		if (++m->files > m->lim->max_files)
			return FORM_TOO_MANY;
		if (vlen > m->lim->max_file)
			return FORM_TOO_LARGE;
	} else {
		if (vlen > m->lim->max_value)
			return FORM_TOO_LARGE;
		if (memchr(v, '\0', vlen) != NULL)
			return FORM_MALFORMED;
	}
	struct param *p = form_append(m->a, tail);
	p->name = form_mp_name_copy(m->a, fp.name, fp.name_n);
	p->value = form_copy(m->a, v, vlen);
	p->len = vlen;
	if (fp.has_filename)
		p->filename = form_mp_name_copy(m->a, fp.filename,
		                                fp.filename_n);
	if (fp.ctype != NULL)
		p->ctype = arena_strndup(m->a, fp.ctype, fp.ctype_n);
	return FORM_OK;
}

/* Finds the first delimiter. The preamble is ignored (RFC 2046), but one
 * that holds the dash-boundary is refused: that is a client sending bare
 * LF line ends or a stray newline first, and it would lose a part. */
static bool form_mp_first(const struct form_mp *m, size_t *next, bool *close)
{
	size_t at;
	if (form_mp_delim_at(m, 0, next, close))
		return true;
	if (!form_mp_find(m, 0, &at, next, close))
		return false;
	return memmem(m->body, at, m->needle + 2, m->nlen - 2) == NULL;
}

enum form_status form_parse_multipart(struct arena *a, const char *body,
                                      size_t len, const char *boundary,
                                      const struct form_limits *lim,
                                      struct param **out)
{
	struct form_mp m = {.a = a, .body = body, .len = len, .lim = lim};
	struct param *head = NULL, **tail = &head;
	size_t pos, at, next, count = 0;
	bool close;

	*out = NULL;
	if (body == NULL || boundary == NULL)
		return FORM_MALFORMED;
	m.bnd = boundary;
	m.blen = strlen(boundary);
	if (!form_boundary_ok(boundary, m.blen))
		return FORM_MALFORMED;
	memcpy(m.needle, "\r\n--", 4);
	memcpy(m.needle + 4, boundary, m.blen);
	m.nlen = m.blen + 4;

	if (!form_mp_first(&m, &pos, &close))
		return FORM_MALFORMED;
	while (!close) {
		if (!form_mp_find(&m, pos, &at, &next, &close))
			return FORM_MALFORMED; /* no close delimiter */
		if (++count > lim->max_fields)
			return FORM_TOO_MANY;
		enum form_status st = form_mp_part(&m, pos, at, &tail);
		if (st != FORM_OK)
			return st;
		pos = next;
	}
	*out = head;
	return FORM_OK;
}

/* ---- text checks ------------------------------------------------------- */

bool form_utf8_valid(const char *s, size_t len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t cp;

	while (len > 0) {
		utf8proc_ssize_t n = utf8proc_iterate(
		    p, len > 4 ? 4 : (utf8proc_ssize_t)len, &cp);
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

static bool form_char_ok(utf8proc_int32_t cp, bool multiline)
{
	if (cp == '\t')
		return true;
	if (cp == '\r' || cp == '\n')
		return multiline;
	/* C0, DEL and the C1 controls: none belongs in typed text. */
	return cp >= 0x20 && !(cp >= 0x7f && cp <= 0x9f);
}

bool form_text_valid(const char *s, size_t len, bool multiline)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t cp;

	while (len > 0) {
		utf8proc_ssize_t n = utf8proc_iterate(
		    p, len > 4 ? 4 : (utf8proc_ssize_t)len, &cp);
		if (n <= 0 || !form_char_ok(cp, multiline))
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

/* The register's text handling: NFKC normalisation for the index and the
 * queries, and marking the words found in the original text. */
#include "register.h"

#include <string.h>

#include <utf8proc.h>

/* NFKC_Casefold without the ignorables, the form both the index and the
 * queries are in: ＡＢＣ, abc and ABC match, as do ｶﾞ and ガ. */
static const utf8proc_option_t reg_norm_opts =
    UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
    UTF8PROC_IGNORE;

static char *norm_n(struct arena *a, const char *s, size_t len, size_t *outlen)
{
	utf8proc_ssize_t cap = (utf8proc_ssize_t)len + 8;
	for (int tries = 0; tries < 2; tries++) {
		utf8proc_int32_t *buf =
		    arena_alloc(a, (size_t)cap * sizeof *buf + 1);
		utf8proc_ssize_t n = utf8proc_decompose(
		    (const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, buf, cap,
		    reg_norm_opts);
		if (n < 0)
			return NULL;
		if (n > cap) {
			cap = n;
			continue;
		}
		n = utf8proc_reencode(buf, n, reg_norm_opts);
		if (n < 0)
			return NULL;
		char *out = (char *)buf;
		out[n] = '\0';
		if (outlen)
			*outlen = (size_t)n;
		return out;
	}
	return NULL;
}

char *reg_normalize(struct arena *a, const char *s)
{
	return norm_n(a, s, strlen(s), NULL);
}

/* One user-perceived unit of the original text: a starter and the
 * characters after it that normalise to combining marks (ｶ + ﾞ). */
struct unit {
	size_t from, to;    /* bytes of the original */
	size_t nfrom, nto;  /* bytes of the normalised text */
	bool hit;
};

static bool joins_previous(utf8proc_int32_t cp)
{
	utf8proc_int32_t d[8];
	int bound = 0;
	utf8proc_ssize_t n = utf8proc_decompose_char(cp, d, 8,
	                                             UTF8PROC_COMPAT, &bound);
	return n > 0 && n <= 8 && utf8proc_get_property(d[0])->combining_class;
}

/* The text cut into units with their normalised bytes in *norm. */
static size_t units_of(struct arena *a, const char *text, struct unit **out,
                       char **norm)
{
	size_t len = strlen(text), n = 0;
	struct unit *u = arena_calloc(a, len + 1, sizeof *u);
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
	for (size_t i = 0; i < len;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
		if (k <= 0)
			k = 1; /* not UTF-8: a unit of one byte, normalised to nothing */
		if (n > 0 && k > 1 && joins_previous(cp))
			u[n - 1].to = i + (size_t)k;
		else
			u[n++] = (struct unit){ i, i + (size_t)k, 0, 0, false };
		i += (size_t)k;
	}
	struct buf b;
	buf_init(&b, a);
	for (size_t i = 0; i < n; i++) {
		size_t nl = 0;
		char *s = norm_n(a, text + u[i].from, u[i].to - u[i].from, &nl);
		u[i].nfrom = b.len;
		if (s)
			buf_append(&b, s, nl);
		u[i].nto = b.len;
	}
	*out = u;
	*norm = b.data;
	return n;
}

/* Marks every unit that a term's occurrence touches. */
static void mark_hits(struct unit *u, size_t n, const char *norm,
                      const char **terms, size_t nterms)
{
	size_t normlen = n ? u[n - 1].nto : 0;
	for (size_t t = 0; t < nterms; t++) {
		size_t tl = strlen(terms[t]);
		if (tl == 0)
			continue;
		const char *p = norm;
		size_t i = 0; /* occurrences come in order: units are walked once */
		while ((p = memmem(p, normlen - (size_t)(p - norm), terms[t], tl))) {
			size_t from = (size_t)(p - norm), to = from + tl;
			while (i < n && u[i].nto <= from)
				i++;
			for (size_t j = i; j < n && u[j].nfrom < to; j++)
				u[j].hit = true;
			p += tl;
		}
	}
}

size_t reg_highlight(struct arena *a, const char *text, const char **terms,
                     size_t nterms, struct reg_segment **out)
{
	struct unit *u;
	char *norm;
	size_t n = units_of(a, text, &u, &norm), nseg = 0;
	mark_hits(u, n, norm, terms, nterms);
	struct reg_segment *seg = arena_calloc(a, n + 1, sizeof *seg);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && u[j].hit == u[i].hit)
			j++;
		seg[nseg].text = arena_strndup(a, text + u[i].from, u[j - 1].to - u[i].from);
		seg[nseg].hit = u[i].hit;
		nseg++;
		i = j;
	}
	*out = seg;
	return nseg;
}

const char *reg_excerpt(struct arena *a, const char *text, const char **terms,
                        size_t nterms, size_t width, bool *cut_before,
                        bool *cut_after)
{
	struct unit *u;
	char *norm;
	size_t n = units_of(a, text, &u, &norm), first = 0;
	mark_hits(u, n, norm, terms, nterms);
	while (first < n && !u[first].hit)
		first++;
	if (first == n)
		first = 0;
	size_t start = first > width / 3 ? first - width / 3 : 0;
	size_t end = start + width < n ? start + width : n;
	*cut_before = start > 0;
	*cut_after = end < n;
	if (n == 0)
		return "";
	return arena_strndup(a, text + u[start].from, u[end - 1].to - u[start].from);
}

/* The register's text handling: NFKC normalisation for the index and the
 * queries, and marking the words found in the original text. */
#include "register.h"

#include <string.h>

#include <utf8proc.h>

/* NFKC_Casefold without the ignorables, then katakana folded to hiragana
 * (reg_fold_kana): the form both the index and the queries are in: ＡＢＣ,
 * abc and ABC match, as do ｶﾞ, ガ and が. */
static const utf8proc_option_t reg_norm_opts =
    UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
    UTF8PROC_IGNORE;

/* The whole of utf8proc's NFKC_Casefold, for any text. */
static char *norm_slow(struct arena *a, const char *s, size_t len,
                       size_t *outlen)
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
		*outlen = (size_t)n;
		return out;
	}
	return NULL;
}

/* Characters NFKC_Casefold leaves alone (but for ASCII case) and that never
 * combine with the character before them: ASCII, 、。「」『』, hiragana,
 * katakana and ー, the CJK unified ideographs. Most of a Japanese register
 * is made of them, so most of it is copied rather than decomposed. */
static bool stable_cp(utf8proc_int32_t c)
{
	return c < 0x80 || (c >= 0x3001 && c <= 0x3002) ||
	       (c >= 0x300C && c <= 0x300F) || (c >= 0x3041 && c <= 0x3096) ||
	       (c >= 0x30A1 && c <= 0x30FC) || (c >= 0x4E00 && c <= 0x9FFF);
}

/* What NFKC_Casefold makes of a character that normalises to one
 * character without looking at its neighbours: a stable_cp one (ASCII
 * capitals folded), or a full-width ASCII form (U+FF01–FF5E, the （）Ａ１
 * of Japanese text), which becomes the ASCII character, a starter that
 * composes with nothing before it. -1 for any other character. */
static utf8proc_int32_t simple_cp(utf8proc_int32_t c)
{
	if (c >= 0xFF01 && c <= 0xFF5E)
		c -= 0xFEE0;
	else if (!stable_cp(c))
		return -1;
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Appends a simple_cp character (its k bytes at s) normalised. */
static void put_simple(struct buf *b, const char *s, size_t k, utf8proc_int32_t c)
{
	utf8proc_int32_t to = simple_cp(c);
	if (to < 0x80)
		buf_putc(b, (char)to);
	else
		buf_append(b, s, k);
}

/* utf8proc_iterate, with the characters of most of the text (ASCII, and
 * the three-byte sequences led by E1-EC or EE-EF, which have no overlong
 * or surrogate form: kana, kanji, the full-width forms) decoded here. */
static utf8proc_ssize_t utf8_next(const utf8proc_uint8_t *p, size_t len,
                                  utf8proc_int32_t *cp)
{
	if (len >= 1 && p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (len >= 3 && ((p[0] >= 0xE1 && p[0] <= 0xEC) || p[0] >= 0xEE) && p[0] <= 0xEF &&
	    (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
		*cp = (p[0] & 0x0F) << 12 | (p[1] & 0x3F) << 6 | (p[2] & 0x3F);
		return 3;
	}
	return utf8proc_iterate(p, (utf8proc_ssize_t)len, cp);
}

static utf8proc_ssize_t next_cp(const char *s, size_t i, size_t len,
                                utf8proc_int32_t *cp)
{
	return utf8_next((const utf8proc_uint8_t *)s + i, len - i, cp);
}

/* Appends the normalised form of s[from, to) (a run of other characters). */
static int flush_slow(struct arena *a, struct buf *b, const char *s,
                      size_t from, size_t to)
{
	if (from >= to)
		return 0;
	size_t n;
	char *out = norm_slow(a, s + from, to - from, &n);
	if (out == NULL)
		return -1;
	buf_append(b, out, n);
	return 0;
}

/* Katakana to hiragana in place (U+30A1–U+30F6 to U+3041–U+3096, both
 * three bytes in UTF-8, so offsets into the text stay as they were): ｶｲｺﾞ
 * (NFKC made it カイゴ), カイゴ and かいご are one word to the search. ー
 * and the katakana without a hiragana (ヷ–ヺ) stay. */
void reg_fold_kana(char *s, size_t len)
{
	for (size_t i = 0; i + 2 < len; i++) {
		unsigned char *p = (unsigned char *)s + i;
		if (p[0] != 0xE3 || (p[1] != 0x82 && p[1] != 0x83))
			continue;
		unsigned cp = 0x3000u | (unsigned)(p[1] & 0x0F) << 6 | (p[2] & 0x3Fu);
		if (cp < 0x30A1 || cp > 0x30F6 || (p[2] & 0xC0) != 0x80)
			continue;
		cp -= 0x60;
		p[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		p[2] = (unsigned char)(0x80 | (cp & 0x3F));
		i += 2;
	}
}

/* A simple character is written when the next one is simple too (a next
 * one that is not may be a mark that composes with it: ｶ + ﾞ). */
static char *norm_n(struct arena *a, const char *s, size_t len, size_t *outlen)
{
	struct buf b;
	buf_init(&b, a);
	size_t i = 0, slow = 0;
	utf8proc_int32_t cp, next;
	utf8proc_ssize_t k = len ? next_cp(s, 0, len, &cp) : 0;
	while (i < len) {
		if (k <= 0)
			return NULL;
		size_t j = i + (size_t)k;
		utf8proc_ssize_t nk = j < len ? next_cp(s, j, len, &next) : 0;
		if (simple_cp(cp) >= 0 && (j == len || (nk > 0 && simple_cp(next) >= 0))) {
			if (flush_slow(a, &b, s, slow, i) != 0)
				return NULL;
			put_simple(&b, s + i, (size_t)k, cp);
			slow = j;
		}
		i = j;
		cp = next;
		k = nk;
	}
	if (flush_slow(a, &b, s, slow, len) != 0)
		return NULL;
	reg_fold_kana(b.data, b.len);
	if (outlen)
		*outlen = b.len;
	return b.data;
}

char *reg_normalize(struct arena *a, const char *s)
{
	return norm_n(a, s, strlen(s), NULL);
}

/* One user-perceived unit of the original text: a starter and the
 * characters after it that normalise to combining marks (ｶ + ﾞ). */
struct reg_unit {
	size_t from, to;    /* bytes of the original */
	size_t nfrom, nto;  /* bytes of the normalised text */
	bool hit;
};

static bool joins_previous(utf8proc_int32_t cp)
{
	utf8proc_int32_t d[8];
	int bound = 0;
	utf8proc_ssize_t n = utf8proc_decompose_char(cp, d, 8,
	                                             UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE,
	                                             &bound);
	return n > 0 && n <= 8 && utf8proc_get_property(d[0])->combining_class;
}

/* Whether a character composes with the unit before it although it is a
 * starter (Hangul jamo: 가 + ᅡ is 가): the pair normalised is not the two
 * normalised apart. Asked only of characters that are not simple_cp. */
static bool composes(struct arena *a, const char *text, size_t from,
                     size_t at, size_t to)
{
	size_t nu, nc, np;
	char *u = norm_slow(a, text + from, at - from, &nu);
	char *c = norm_slow(a, text + at, to - at, &nc);
	char *p = norm_slow(a, text + from, to - from, &np);
	return u && c && p && (np != nu + nc || memcmp(p, u, nu) != 0 ||
	                       memcmp(p + nu, c, nc) != 0);
}

/* units_of for a text of simple_cp characters only (most names): one
 * unit a character, no bigger normalised than the original. false, with
 * nothing kept, when it has another character. */
static bool units_simple(struct arena *a, const char *text, size_t len,
                         struct reg_unit **out, size_t *n, char **norm)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
	size_t chars = 0;
	for (size_t i = 0; i < len; i++)
		chars += (p[i] & 0xC0) != 0x80;
	struct reg_unit *u = arena_calloc(a, chars + 1, sizeof *u);
	char *o = arena_alloc(a, len + 1);
	size_t on = 0, k = 0;
	for (size_t i = 0; i < len; k++) {
		utf8proc_int32_t cp, to;
		utf8proc_ssize_t l = utf8_next(p + i, len - i, &cp);
		if (l <= 0 || k == chars || (to = simple_cp(cp)) < 0)
			return false;
		u[k] = (struct reg_unit){ i, i + (size_t)l, on, 0, false };
		if (to < 0x80)
			o[on++] = (char)to;
		else
			for (utf8proc_ssize_t j = 0; j < l; j++)
				o[on++] = text[i + (size_t)j];
		u[k].nto = on;
		i += (size_t)l;
	}
	reg_fold_kana(o, on);
	*out = u;
	*n = k;
	*norm = o;
	return true;
}

/* The text cut into units with their normalised bytes in *norm. */
static size_t units_of(struct arena *a, const char *text, struct reg_unit **out,
                       char **norm)
{
	size_t len = strlen(text), n = 0;
	if (units_simple(a, text, len, out, &n, norm))
		return n;
	struct reg_unit *u = arena_calloc(a, len + 1, sizeof *u);
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
	for (size_t i = 0; i < len;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8_next(p + i, len - i, &cp);
		if (k <= 0)
			k = 1; /* not UTF-8: a unit of one byte, normalised to nothing */
		if (n > 0 && k > 1 && simple_cp(cp) < 0 &&
		    (joins_previous(cp) || composes(a, text, u[n - 1].from, i, i + (size_t)k)))
			u[n - 1].to = i + (size_t)k;
		else
			u[n++] = (struct reg_unit){ i, i + (size_t)k, 0, 0, false };
		i += (size_t)k;
	}
	struct buf b;
	buf_init(&b, a);
	for (size_t i = 0; i < n; i++) {
		u[i].nfrom = b.len;
		utf8proc_int32_t cp;
		size_t ulen = u[i].to - u[i].from;
		utf8proc_ssize_t k = utf8_next(p + u[i].from, ulen, &cp);
		if (k > 0 && (size_t)k == ulen && simple_cp(cp) >= 0) {
			put_simple(&b, text + u[i].from, ulen, cp);
		} else {
			size_t nl = 0;
			char *s = norm_slow(a, text + u[i].from, ulen, &nl);
			if (s)
				buf_append(&b, s, nl);
		}
		u[i].nto = b.len;
	}
	reg_fold_kana(b.data, b.len);
	*out = u;
	*norm = b.data;
	return n;
}

/* Marks every unit that a term's occurrence touches. */
static void mark_hits(struct reg_unit *u, size_t n, const char *norm,
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

const struct reg_marks *reg_marks_of(struct arena *a, const char *text,
                                     const char **terms, size_t nterms)
{
	struct reg_marks *m = arena_calloc(a, 1, sizeof *m);
	char *norm;
	m->text = text;
	m->n = units_of(a, text, &m->u, &norm);
	m->norm = norm;
	mark_hits(m->u, m->n, norm, terms, nterms);
	for (size_t i = 0; i < m->n && !m->any; i++)
		m->any = m->u[i].hit;
	return m;
}

size_t reg_marks_segments(struct arena *a, const struct reg_marks *m,
                          struct reg_segment **out)
{
	const struct reg_unit *u = m->u;
	size_t n = m->n, nseg = 0;
	struct reg_segment *seg = arena_calloc(a, n + 1, sizeof *seg);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && u[j].hit == u[i].hit)
			j++;
		seg[nseg].text = arena_strndup(a, m->text + u[i].from, u[j - 1].to - u[i].from);
		seg[nseg].hit = u[i].hit;
		nseg++;
		i = j;
	}
	*out = seg;
	return nseg;
}

size_t reg_highlight(struct arena *a, const char *text, const char **terms,
                     size_t nterms, struct reg_segment **out)
{
	return reg_marks_segments(a, reg_marks_of(a, text, terms, nterms), out);
}

const char *reg_excerpt(struct arena *a, const char *text, const char **terms,
                        size_t nterms, size_t width, bool *cut_before,
                        bool *cut_after)
{
	struct reg_unit *u;
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

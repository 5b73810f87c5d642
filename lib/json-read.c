#include "json-read.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 2048 /* jansson's JSON_PARSER_MAX_DEPTH */

struct cursor {
	const char *p;
	int depth;
};

static void skip_space(struct cursor *c)
{
	while (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r')
		c->p++;
}

static int hex4(const char *p, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char h = p[i];
		v <<= 4;
		if (h >= '0' && h <= '9')
			v |= (unsigned)(h - '0');
		else if (h >= 'a' && h <= 'f')
			v |= (unsigned)(h - 'a' + 10);
		else if (h >= 'A' && h <= 'F')
			v |= (unsigned)(h - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* The length of a valid UTF-8 sequence at p (not ASCII), 0 if invalid:
 * no overlong form, no surrogate, nothing past U+10FFFF. */
static size_t utf8_len(const unsigned char *p)
{
	unsigned char b = p[0];
	if (b >= 0xC2 && b <= 0xDF)
		return (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (b >= 0xE0 && b <= 0xEF) {
		unsigned char lo = b == 0xE0 ? 0xA0 : 0x80, hi = b == 0xED ? 0x9F : 0xBF;
		return p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 ? 3 : 0;
	}
	if (b >= 0xF0 && b <= 0xF4) {
		unsigned char lo = b == 0xF0 ? 0x90 : 0x80, hi = b == 0xF4 ? 0x8F : 0xBF;
		return p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 &&
		               (p[3] & 0xC0) == 0x80 ? 4 : 0;
	}
	return 0;
}

/* A \u escape at p (after the backslash): the code point in *cp and the
 * bytes it took, or 0 when refused (\u0000, a lone or unpaired
 * surrogate, not hex). */
static size_t unicode_escape(const char *p, unsigned *cp)
{
	unsigned v, low;
	if (p[0] != 'u' || hex4(p + 1, &v) != 0 || v == 0)
		return 0;
	if (v >= 0xDC00 && v <= 0xDFFF)
		return 0;
	if (v < 0xD800 || v > 0xDBFF) {
		*cp = v;
		return 5;
	}
	if (p[5] != '\\' || p[6] != 'u' || hex4(p + 7, &low) != 0 ||
	    low < 0xDC00 || low > 0xDFFF)
		return 0;
	*cp = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00);
	return 11;
}

/* A string at c->p (its opening quote): checked and passed. */
static int string_skip(struct cursor *c)
{
	const char *p = c->p + 1;
	for (;;) {
		unsigned char b = (unsigned char)*p;
		if (b == '"')
			break;
		if (b < 0x20)
			return -1; /* a control character, or the end */
		if (b == '\\') {
			unsigned cp;
			size_t n = 2;
			if (p[1] == 'u')
				n = 1 + unicode_escape(p + 1, &cp);
			else if (strchr("\"\\/bfnrt", p[1]) == NULL || p[1] == '\0')
				return -1;
			if (n == 1)
				return -1;
			p += n;
		} else if (b >= 0x80) {
			size_t n = utf8_len((const unsigned char *)p);
			if (n == 0)
				return -1;
			p += n;
		} else {
			p++;
		}
	}
	c->p = p + 1;
	return 0;
}

/* A number as jansson's lexer reads it: an integer within long long, a
 * real that does not overflow. */
static int number_skip(struct cursor *c)
{
	const char *start = c->p, *p = c->p;
	bool real = false;
	if (*p == '-')
		p++;
	if (*p == '0') {
		p++;
	} else if (*p >= '1' && *p <= '9') {
		while (*p >= '0' && *p <= '9')
			p++;
	} else {
		return -1;
	}
	if (*p == '.') {
		real = true;
		if (!(*++p >= '0' && *p <= '9'))
			return -1;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		real = true;
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return -1;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if ((*p >= '0' && *p <= '9') || *p == '.' || *p == 'e' || *p == 'E')
		return -1; /* 01, 1.2.3: jansson's lexer stops and fails there */
	char *end;
	errno = 0;
	if (real) {
		double d = strtod(start, &end);
		if ((d == HUGE_VAL || d == -HUGE_VAL) && errno == ERANGE)
			return -1;
	} else {
		(void)strtoll(start, &end, 10);
		if (errno == ERANGE)
			return -1;
	}
	c->p = p;
	return 0;
}

static int value_skip(struct cursor *c, struct json_members *o);

/* An object at c->p; its members recorded when o is not NULL. */
static int object_skip(struct cursor *c, struct json_members *o)
{
	size_t cap = 0;
	c->p++;
	skip_space(c);
	if (*c->p == '}') {
		c->p++;
		return 0;
	}
	for (;;) {
		if (*c->p != '"')
			return -1;
		const char *key = c->p + 1;
		if (string_skip(c) != 0)
			return -1;
		size_t key_len = (size_t)(c->p - 1 - key);
		skip_space(c);
		if (*c->p++ != ':')
			return -1;
		skip_space(c);
		if (o != NULL) {
			o->members = arena_grow(o->arena, o->members, o->n, &cap,
			                        sizeof *o->members);
			o->members[o->n++] = (struct json_member){ key, key_len, c->p };
		}
		if (value_skip(c, NULL) != 0)
			return -1;
		skip_space(c);
		if (*c->p == '}') {
			c->p++;
			return 0;
		}
		if (*c->p++ != ',')
			return -1;
		skip_space(c);
	}
}

static int array_skip(struct cursor *c)
{
	c->p++;
	skip_space(c);
	if (*c->p == ']') {
		c->p++;
		return 0;
	}
	for (;;) {
		if (value_skip(c, NULL) != 0)
			return -1;
		skip_space(c);
		if (*c->p == ']') {
			c->p++;
			return 0;
		}
		if (*c->p++ != ',')
			return -1;
		skip_space(c);
	}
}

static int literal_skip(struct cursor *c, const char *word)
{
	size_t n = strlen(word);
	if (strncmp(c->p, word, n) != 0)
		return -1;
	c->p += n;
	return 0;
}

static int value_skip(struct cursor *c, struct json_members *o)
{
	if (++c->depth > MAX_DEPTH)
		return -1;
	int rc;
	switch (*c->p) {
	case '{': rc = object_skip(c, o); break;
	case '[': rc = array_skip(c); break;
	case '"': rc = string_skip(c); break;
	case 't': rc = literal_skip(c, "true"); break;
	case 'f': rc = literal_skip(c, "false"); break;
	case 'n': rc = literal_skip(c, "null"); break;
	default: rc = number_skip(c); break;
	}
	c->depth--;
	return rc;
}

int json_read(struct arena *a, const char *text, struct json_members *o)
{
	*o = (struct json_members){ a, NULL, 0 };
	struct cursor c = { text ? text : "", 0 };
	skip_space(&c);
	bool object = *c.p == '{';
	if ((!object && *c.p != '[') || value_skip(&c, object ? o : NULL) != 0) {
		o->n = 0;
		return -1;
	}
	skip_space(&c);
	if (*c.p != '\0') {
		o->n = 0;
		return -1;
	}
	return object ? 0 : 1;
}

/* The string at p (its opening quote, already checked), decoded. */
static char *string_decode(struct arena *a, const char *p)
{
	const char *end = p + 1;
	struct cursor c = { p, 0 };
	if (string_skip(&c) != 0)
		return NULL;
	end = c.p - 1;
	char *out = arena_alloc(a, (size_t)(end - p)), *o = out;
	for (p++; p < end;) {
		if (*p != '\\') {
			*o++ = *p++;
			continue;
		}
		unsigned cp = 0;
		switch (p[1]) {
		case 'b': cp = '\b'; break;
		case 'f': cp = '\f'; break;
		case 'n': cp = '\n'; break;
		case 'r': cp = '\r'; break;
		case 't': cp = '\t'; break;
		case 'u': break;
		default: cp = (unsigned char)p[1]; break;
		}
		if (p[1] != 'u') {
			*o++ = (char)cp;
			p += 2;
			continue;
		}
		p += 1 + unicode_escape(p + 1, &cp);
		if (cp < 0x80) {
			*o++ = (char)cp;
		} else if (cp < 0x800) {
			*o++ = (char)(0xC0 | (cp >> 6));
			*o++ = (char)(0x80 | (cp & 0x3F));
		} else if (cp < 0x10000) {
			*o++ = (char)(0xE0 | (cp >> 12));
			*o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
			*o++ = (char)(0x80 | (cp & 0x3F));
		} else {
			*o++ = (char)(0xF0 | (cp >> 18));
			*o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
			*o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
			*o++ = (char)(0x80 | (cp & 0x3F));
		}
	}
	*o = '\0';
	return out;
}

/* The last member named key (jansson keeps a repeated key's last value). */
static const struct json_member *member(const struct json_members *o,
                                        const char *key)
{
	size_t len = strlen(key);
	for (size_t i = o->n; i-- > 0;) {
		const struct json_member *m = &o->members[i];
		if (memchr(m->key, '\\', m->key_len) != NULL) {
			const char *k = string_decode(o->arena, m->key - 1);
			if (k != NULL && strcmp(k, key) == 0)
				return m;
		} else if (m->key_len == len && memcmp(m->key, key, len) == 0) {
			return m;
		}
	}
	return NULL;
}

bool json_read_has(const struct json_members *o, const char *key)
{
	return member(o, key) != NULL;
}

const char *json_read_string(const struct json_members *o, const char *key)
{
	const struct json_member *m = member(o, key);
	return m && *m->value == '"' ? string_decode(o->arena, m->value) : NULL;
}

bool json_read_integer(const struct json_members *o, const char *key,
                       long long *out)
{
	const struct json_member *m = member(o, key);
	*out = 0;
	if (m == NULL || !(*m->value == '-' || (*m->value >= '0' && *m->value <= '9')))
		return false;
	char *end;
	long long v = strtoll(m->value, &end, 10);
	if (*end == '.' || *end == 'e' || *end == 'E')
		return false; /* a real */
	*out = v;
	return true;
}

int json_read_object(const struct json_members *o, const char *key,
                     struct json_members *child)
{
	const struct json_member *m = member(o, key);
	*child = (struct json_members){ o->arena, NULL, 0 };
	if (m == NULL || *m->value != '{')
		return -1;
	struct cursor c = { m->value, 0 };
	return object_skip(&c, child);
}

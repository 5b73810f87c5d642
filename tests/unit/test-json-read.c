/* lib/json-read.c reads what jansson's json_loads(text, 0) reads: the
 * same documents refused and the same values, on documents jansson
 * writes (random text of every kind of character, as request.data's
 * citizen's words are) and on those documents damaged byte by byte. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "json-read.h"
#include "tap.h"

static unsigned long long seed = 88172645463325252ULL;

static unsigned rnd(unsigned n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (unsigned)(seed % n);
}

/* A code point of any kind: ASCII (quotes, backslashes, controls), two-
 * to four-byte UTF-8 (kana, kanji, emoji), U+FFFF's neighbours. */
static size_t put_random_char(char *o)
{
	static const unsigned pick[] = { '"', '\\', '/', '\n', '\t', 0x01, 0x1F, 0x7F,
	                                 0xE9, 0x3042, 0x6F22, 0xFF5E, 0xFFFD, 0xFFFF,
	                                 0x1F600, 0x10FFFF };
	unsigned cp = rnd(3) ? 0x20 + rnd(0x5F) : pick[rnd(sizeof pick / sizeof pick[0])];
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

static const char *const keys[] = { "sought", "department", "method", "on",
	                            "amount_yen", "correction", "x" };

static json_t *random_value(int depth)
{
	char text[200];
	size_t n = 0, len = rnd(12);
	switch (rnd(depth > 2 ? 5 : 7)) {
	case 0:
		return json_integer((json_int_t)rnd(100000) - 50000);
	case 1:
		return json_real((double)rnd(1000) / 7.0);
	case 2:
		return rnd(2) ? json_true() : json_null();
	case 3:
	case 4:
		for (size_t i = 0; i < len; i++)
			n += put_random_char(text + n);
		return json_stringn(text, n);
	case 5: {
		json_t *obj = json_object();
		for (unsigned i = rnd(4); i > 0; i--)
			json_object_set_new(obj, keys[rnd(7)], random_value(depth + 1));
		return obj;
	}
	default: {
		json_t *arr = json_array();
		for (unsigned i = rnd(3); i > 0; i--)
			json_array_append_new(arr, random_value(depth + 1));
		return arr;
	}
	}
}

/* Whether ours and jansson's agree on text: refused by both, or read by
 * both with the same values for every key. */
static bool agree(struct arena *a, const char *text)
{
	json_t *j = json_loads(text, 0, NULL);
	struct json_members o;
	int rc = json_read(a, text, &o);
	bool same = (rc == 0) == json_is_object(j) && (rc == 1) == json_is_array(j);
	for (size_t k = 0; same && rc == 0 && k < sizeof keys / sizeof keys[0]; k++) {
		json_t *v = json_object_get(j, keys[k]);
		const char *s = json_read_string(&o, keys[k]);
		long long n;
		bool is_int = json_read_integer(&o, keys[k], &n);
		same = json_read_has(&o, keys[k]) == (v != NULL) &&
		       (s == NULL) == !json_is_string(v) &&
		       (s == NULL || strcmp(s, json_string_value(v)) == 0) &&
		       is_int == json_is_integer(v) && n == (long long)json_integer_value(v);
		struct json_members child;
		if (same && json_read_object(&o, keys[k], &child) == 0) {
			const char *cs = json_read_string(&child, "x");
			json_t *cv = json_object_get(v, "x");
			same = json_is_object(v) && (cs == NULL) == !json_is_string(cv) &&
			       (cs == NULL || strcmp(cs, json_string_value(cv)) == 0);
		} else if (same) {
			same = !json_is_object(v);
		}
	}
	if (!same)
		printf("# disagree (ours %d, jansson %s): %s\n", rc, j ? "read" : "refused", text);
	json_decref(j);
	return same;
}

static void written(struct arena *a)
{
	size_t same = 0, total = 3000, damaged_same = 0, damaged = 0, refused = 0;
	for (size_t i = 0; i < total; i++) {
		json_t *doc = json_object();
		for (unsigned k = rnd(6) + 1; k > 0; k--)
			json_object_set_new(doc, keys[rnd(7)], random_value(0));
		char *text = json_dumps(doc, rnd(2) ? JSON_INDENT(1) : JSON_COMPACT);
		json_decref(doc);
		same += agree(a, text);
		/* damaged: a byte replaced, dropped or repeated */
		size_t len = strlen(text);
		static const char swaps[] = { '"', '\\', '{', '}', ',', ':', '0', '-', 'e', '.',
		                              'u', ' ', '\x01', '\x80', '\xC3', '\xED', '\xFF', 'D' };
		for (int d = 0; d < 4 && len > 1; d++) {
			char *bad = strdup(text);
			size_t at = rnd((unsigned)len);
			if (d == 0)
				bad[at] = swaps[rnd(sizeof swaps)];
			else if (d == 1)
				memmove(bad + at, bad + at + 1, len - at);
			else if (d == 2)
				bad[len - 1 - rnd(2)] = '\0';
			else
				bad[at] = (char)(1 + rnd(255));
			json_t *j = json_loads(bad, 0, NULL);
			refused += j == NULL;
			json_decref(j);
			damaged_same += agree(a, bad);
			damaged++;
			free(bad);
		}
		free(text);
		arena_reset(a);
	}
	TAP_INTEQ(same, total, "every document jansson writes is read as jansson reads it");
	TAP_INTEQ(damaged_same, damaged, "and every damaged one, refused or read alike (%zu refused)", refused);
	TAP_OK(refused > damaged / 4, "-bad- most damages are refused (%zu of %zu)", refused, damaged);
}

static void edges(struct arena *a)
{
	static const char *const texts[] = {
		"{}", " {\"on\":1} ", "{\"on\":-0}", "{\"on\":01}", "{\"on\":1.}", "{\"on\":.5}",
		"{\"on\":1e5}", "{\"on\":1E400}", "{\"on\":1e-400}", "{\"on\":-}", "{\"on\":+1}",
		"{\"on\":9223372036854775807}", "{\"on\":9223372036854775808}",
		"{\"on\":-9223372036854775808}", "{\"on\":-9223372036854775809}",
		"{\"on\":\"a\\u0000b\"}", "{\"o\\u006e\":\"k\"}", "{\"on\":\"\\ud83d\\ude00\"}",
		"{\"on\":\"\\ud83d\"}", "{\"on\":\"\\ude00\"}", "{\"on\":\"\\ud83dx\"}",
		"{\"on\":\"\\u00e9\\u3042\\/\\b\\f\\n\\r\\t\\\"\\\\\"}", "{\"on\":\"\\x\"}",
		"{\"on\":\"a\tb\"}", "{\"on\":\"\xC3\xA9\"}", "{\"on\":\"\xC0\xAF\"}",
		"{\"on\":\"\xED\xA0\x80\"}", "{\"on\":\"\xF4\x90\x80\x80\"}", "{\"on\":\"\x7F\"}",
		"{\"on\":1,\"on\":\"last\"}", "{\"on\":1,}", "{,}", "{\"on\" 1}", "{\"on\":1} x",
		"[1]", "\"s\"", "", "   ", "{\"on\":tru}", "{\"on\":true}", "{\"on\":nulll}",
		"{\"on\":[1,[2,{\"x\":\"y\"}]]}", "{\"correction\":{\"x\":\"\\u3042\"}}",
		"{\"correction\":{\"x\":1,}}", "\xEF\xBB\xBF{}", "{\"on\":\"\\u0041\"}",
	};
	size_t same = 0, n = sizeof texts / sizeof texts[0];
	for (size_t i = 0; i < n; i++)
		same += agree(a, texts[i]);
	TAP_INTEQ(same, n, "the edges of the grammar as jansson reads them (%zu texts)", n);
	/* as deep as jansson allows, and one level more */
	for (int depth = 2047; depth <= 2049; depth++) {
		size_t len = 10 + 2 * (size_t)depth;
		char *deep = malloc(len + 1), *o = deep;
		o += sprintf(o, "{\"on\":");
		for (int d = 1; d < depth; d++)
			*o++ = '[';
		for (int d = 1; d < depth; d++)
			*o++ = ']';
		strcpy(o, "}");
		TAP_OK(agree(a, deep), "%d levels: as jansson", depth);
		free(deep);
	}
	struct json_members o;
	TAP_INTEQ(json_read(a, "{\"on\":1,\"on\":\"last\"}", &o), 0, "a repeated key is read");
	TAP_STREQ(json_read_string(&o, "on"), "last", "with its last value, as jansson keeps it");
	TAP_INTEQ(json_read(a, "{\"on\":1} x", &o), -1, "-bad- nothing may follow the document");
	TAP_INTEQ((int)o.n, 0, "and a refused one has no members");
	arena_reset(a);
}

int main(void)
{
	struct arena *a = arena_new();
	edges(a);
	written(a);
	arena_free(a);
	return TAP_DONE();
}

/* lib/json-read.c against jansson's json_loads(text, 0) on any bytes:
 * the same documents refused, the same kind of top level, and for an
 * object every member's string and integer as jansson reads them (a
 * repeated key: its last value), its objects one level down too. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "json-read.h"

static void same_members(struct arena *a, const struct json_members *o, json_t *j, int depth)
{
	for (size_t i = 0; i < o->n; i++) {
		/* a key as written may hold escapes: look it up decoded */
		const char *key = arena_strndup(a, o->members[i].key, o->members[i].key_len);
		if (strchr(key, '\\') != NULL)
			continue;
		json_t *v = json_object_get(j, key);
		if (v == NULL || !json_read_has(o, key))
			abort();
		const char *s = json_read_string(o, key);
		if ((s != NULL) != json_is_string(v))
			abort();
		if (s != NULL && (strlen(s) != json_string_length(v) ||
		                  memcmp(s, json_string_value(v), strlen(s)) != 0))
			abort();
		long long n;
		bool is_int = json_read_integer(o, key, &n);
		if (is_int != json_is_integer(v) || (is_int && n != json_integer_value(v)))
			abort();
		struct json_members child;
		int c = json_read_object(o, key, &child);
		if ((c == 0) != json_is_object(v))
			abort();
		if (c == 0 && depth < 2)
			same_members(a, &child, v, depth + 1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 8192)
		return 0;
	struct arena *a = arena_new();
	const char *text = arena_strndup(a, (const char *)data, size);
	struct json_members o;
	int rc = json_read(a, text, &o);
	json_error_t err;
	json_t *j = json_loads(text, 0, &err);
	if ((rc < 0) != (j == NULL) || (rc == 0 && !json_is_object(j)) ||
	    (rc == 1 && !json_is_array(j)))
		abort();
	if (rc == 0)
		same_members(a, &o, j, 0);
	json_decref(j);
	arena_free(a);
	return 0;
}

/* A JSON object's members read in place, for the pages that show a few
 * values of a row's JSON (request.data, an event's data): jansson's
 * json_loads builds a tree of allocations for each (12,000 instructions
 * for 60 bytes, bench/RESULTS.md tenth pass). The document is checked
 * whole as json_loads(text, 0) checks it (RFC 8259, UTF-8, no \u0000,
 * surrogates paired, integers within long long, reals finite, nothing
 * after it, at most 2048 levels) and the values read are jansson's
 * (json_string_value, json_integer_value; a repeated key: its last
 * value); test-json-read compares the two on written and damaged
 * documents. */
#ifndef KAIJI_JSON_READ_H
#define KAIJI_JSON_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

struct json_member {
	const char *key; /* as written, between its quotes */
	size_t key_len;
	const char *value; /* its first character */
};

struct json_members {
	struct arena *arena;
	struct json_member *members;
	size_t n;
};

/* 0 when text is a JSON document whose top level is an object (its
 * members in o); 1 for one whose top level is an array (o empty: what
 * json_loads also takes, and json_object_get finds nothing in); -1
 * when json_loads would refuse it (o empty). */
int json_read(struct arena *a, const char *text, struct json_members *o);
/* Whether the object has the key, of any type. */
bool json_read_has(const struct json_members *o, const char *key);
/* The key's string, decoded; NULL when missing or not a string. */
const char *json_read_string(const struct json_members *o, const char *key);
/* The key's integer; false (and 0) when missing or not an integer. */
bool json_read_integer(const struct json_members *o, const char *key,
                       long long *out);
/* The key's object in child: 0, or -1 when missing or not an object. */
int json_read_object(const struct json_members *o, const char *key,
                     struct json_members *child);

#endif

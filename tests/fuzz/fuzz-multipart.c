/* libFuzzer harness for form_multipart_boundary and form_parse_multipart.
 * The input's first line is a Content-Type header; the rest is the body.
 * When the header yields no boundary, the body is parsed with "XyZ" so
 * that inputs with a broken first line still reach the body parser. */
/* memmem */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "form.h"
#include "fuzz-limits.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fuzz_bchar(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || (c != '\0' && strchr("'()+_,-./:=? ", c));
}

static void fuzz_check_boundary(const char *b)
{
	size_t n = strlen(b);
	FUZZ_CHECK(n >= 1 && n <= 70 && b[n - 1] != ' ');
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK(fuzz_bchar((unsigned char)b[i]));
}

/* A value never holds a real delimiter: CRLF "--" boundary followed by
 * "--" or by padding and CRLF. The bytes after a value in the body are
 * its own delimiter's CRLF, so the check reads the value as if "\r\n"
 * followed it. */
static void fuzz_check_no_delim(const struct param *p, const char *bnd)
{
	char needle[80];
	size_t bl = strlen(bnd), nl = bl + 4;
	memcpy(needle, "\r\n--", 4);
	memcpy(needle + 4, bnd, bl);
	const char *v = p->value, *end = p->value + p->len;
	const char *hit;
	while ((hit = memmem(v, (size_t)(end - v), needle, nl)) != NULL) {
		const char *r = hit + nl;
		FUZZ_CHECK(!(end - r >= 2 && r[0] == '-' && r[1] == '-'));
		while (r < end && (*r == ' ' || *r == '\t'))
			r++;
		FUZZ_CHECK(r != end);
		FUZZ_CHECK(!(end - r >= 2 && r[0] == '\r' && r[1] == '\n'));
		v = hit + 1;
	}
}

static void fuzz_check_parts(const struct param *out, const char *bnd)
{
	size_t files = 0;
	fuzz_check_list(out);
	for (const struct param *p = out; p; p = p->next) {
		if (p->filename != NULL) {
			files++;
			FUZZ_CHECK(p->len <= fuzz_lim.max_file);
			FUZZ_CHECK(strpbrk(p->filename, "\r\n") == NULL);
		} else {
			FUZZ_CHECK(p->len <= fuzz_lim.max_value);
			FUZZ_CHECK(memchr(p->value, '\0', p->len) == NULL);
		}
		if (p->ctype != NULL)
			FUZZ_CHECK(*p->ctype && !strpbrk(p->ctype, "\r\n"));
		FUZZ_CHECK(strpbrk(p->name, "\r\n") == NULL);
		fuzz_check_no_delim(p, bnd);
	}
	FUZZ_CHECK(files <= fuzz_lim.max_files);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t hlen = nl ? (size_t)(nl - data) : size;
	char *ctype = malloc(hlen + 1);
	if (ctype == NULL)
		return 0;
	if (hlen > 0)
		memcpy(ctype, data, hlen);
	ctype[hlen] = '\0';

	struct arena *a = arena_new();
	const char *bnd = form_multipart_boundary(a, ctype);
	if (bnd != NULL)
		fuzz_check_boundary(bnd);
	else
		bnd = "XyZ";

	/* The body in its own exact-size allocation, so ASan sees any read
	 * past its end. */
	size_t blen = nl ? size - hlen - 1 : 0;
	char *body = malloc(blen ? blen : 1);
	if (body == NULL) {
		free(ctype);
		arena_free(a);
		return 0;
	}
	if (blen > 0)
		memcpy(body, nl + 1, blen);

	struct param *out = (struct param *)1;
	enum form_status st =
	    form_parse_multipart(a, body, blen, bnd, &fuzz_lim, &out);
	if (st == FORM_OK)
		fuzz_check_parts(out, bnd);
	else
		FUZZ_CHECK(out == NULL);

	arena_free(a);
	free(body);
	free(ctype);
	return 0;
}

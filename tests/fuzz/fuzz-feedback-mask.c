/* libFuzzer harness for fb_mask, the comment masker. Whatever the input,
 * the output is NULL exactly when the input is not text (invalid UTF-8 or
 * a NUL), and otherwise valid UTF-8 in which no digit run that the masker
 * promises to hide (7 digits, 10 or 11 from a 0, 12 or more) and no
 * e-mail address survive. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "feedback.h"
#include "form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                   \
	do {                                                               \
		if (!(cond))                                               \
			abort();                                           \
	} while (0)

static int fuzz_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int fuzz_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void fuzz_check_digits(const char *s)
{
	for (size_t i = 0; s[i];) {
		if (!fuzz_digit(s[i])) {
			i++;
			continue;
		}
		size_t j = i;
		while (fuzz_digit(s[j]))
			j++;
		size_t n = j - i;
		FUZZ_CHECK(n != 7 && n < 12 && !(s[i] == '0' && (n == 10 || n == 11)));
		i = j;
	}
}

/* An '@' with a local part before it and a dotted domain after it with a
 * label of two letters is an address the masker should have hidden. */
static void fuzz_check_email(const char *s)
{
	for (const char *at = strchr(s, '@'); at; at = strchr(at + 1, '@')) {
		if (at == s || at[1] == '.')
			continue;
		char b = at[-1];
		if (!(fuzz_alpha(b) || fuzz_digit(b) || strchr("._%+-'", b)))
			continue;
		size_t end = 1;
		while (fuzz_alpha(at[end]) || fuzz_digit(at[end]) || at[end] == '.' ||
		       at[end] == '-')
			end++;
		while (end > 1 && (at[end - 1] == '.' || at[end - 1] == '-'))
			end--;
		for (size_t d = 2; d + 2 < end; d++)
			FUZZ_CHECK(!(at[d] == '.' && fuzz_alpha(at[d + 1]) &&
			             fuzz_alpha(at[d + 2])));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	const char *s = (const char *)data;
	char *out = fb_mask(a, s, size);
	int text = memchr(s, '\0', size) == NULL && form_utf8_valid(s, size);
	FUZZ_CHECK((out != NULL) == text);
	if (out) {
		FUZZ_CHECK(form_utf8_valid(out, strlen(out)));
		fuzz_check_digits(out);
		fuzz_check_email(out);
	}
	arena_free(a);
	return 0;
}

/* The e-mail address check (mail_addr_ok) and the header text writer
 * (mail_header_text): an address accepted is at most 254 bytes of
 * printable ASCII without space, CR, LF or anything that ends a header
 * field or an angle-addr, with one '@'; header text never holds a CR or
 * LF except in a fold "\r\n " before an encoded-word, and every
 * encoded-word is at most 75 characters. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mail.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1024)
		return 0;
	struct arena *a = arena_new();
	const char *s = arena_strndup(a, (const char *)data, size);
	if (mail_addr_ok(s)) {
		size_t n = strlen(s), at = 0;
		if (n > MAIL_ADDR_MAX)
			abort();
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];
			if (c <= ' ' || c >= 0x7f || strchr("<>()[]\\,;:\"", c))
				abort();
			at += c == '@';
		}
		if (at != 1)
			abort();
	}
	const char *h = mail_header_text(a, s);
	if (h != NULL) {
		for (const char *p = h; *p; p++) {
			if (*p == '\n')
				abort();
			if (*p == '\r' && (p[1] != '\n' || p[2] != ' ' ||
			                   strncmp(p + 3, "=?UTF-8?B?", 10) != 0))
				abort();
			if (*p == '\r')
				p += 2;
		}
		if (strncmp(h, "=?UTF-8?B?", 10) == 0)
			for (const char *p = h, *q; *p; p = q) {
				q = strstr(p, "\r\n ");
				size_t len = q ? (size_t)(q - p) : strlen(p);
				if (len > 75)
					abort();
				q = q ? q + 3 : p + len;
			}
	}
	arena_free(a);
	return 0;
}

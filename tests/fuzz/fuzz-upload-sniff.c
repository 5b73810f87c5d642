/* Upload content sniffing (upload_sniff): any bytes give NULL or one of
 * the accepted types, whose signature the bytes start with, and every
 * accepted type has a label. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "upload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *mime = upload_sniff(data, size);
	if (mime == NULL)
		return 0;
	static const struct {
		const char *mime, *sig;
		size_t len;
	} ok[] = {
		{ "image/jpeg", "\xFF\xD8\xFF", 3 },
		{ "image/png", "\x89PNG\r\n\x1A\n", 8 },
		{ "application/pdf", "%PDF-", 5 },
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (strcmp(mime, ok[i].mime) == 0) {
			if (size < ok[i].len || memcmp(data, ok[i].sig, ok[i].len) ||
			    upload_type_label(mime)[0] == '\0')
				abort();
			return 0;
		}
	abort();
}

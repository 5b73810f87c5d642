#include "upload.h"

#include <string.h>

struct magic {
	const char *mime, *label;
	const unsigned char *bytes;
	size_t len;
	size_t min_len; /* a file shorter than this cannot be a real one */
};

static const unsigned char jpeg[] = { 0xFF, 0xD8, 0xFF };
static const unsigned char png[] = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };
static const unsigned char pdf[] = { '%', 'P', 'D', 'F', '-' };

static const struct magic magics[] = {
	{ "image/jpeg", "JPEG", jpeg, sizeof jpeg, 4 },
	/* signature + the IHDR chunk's length and type */
	{ "image/png", "PNG", png, sizeof png, 16 },
	/* "%PDF-1.x" */
	{ "application/pdf", "PDF", pdf, sizeof pdf, 8 },
};

const char *upload_sniff(const void *data, size_t len)
{
	if (data == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof magics / sizeof magics[0]; i++)
		if (len >= magics[i].min_len &&
		    memcmp(data, magics[i].bytes, magics[i].len) == 0)
			return magics[i].mime;
	return NULL;
}

const char *upload_type_label(const char *mime)
{
	for (size_t i = 0; i < sizeof magics / sizeof magics[0]; i++)
		if (mime && strcmp(mime, magics[i].mime) == 0)
			return magics[i].label;
	return "";
}

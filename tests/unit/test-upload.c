/* Identity documents by their first bytes: JPEG, PNG and PDF only. */
#include <string.h>

#include "tap.h"
#include "upload.h"

int main(void)
{
	static const unsigned char jpeg[] = { 0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F' };
	static const unsigned char png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n',
	                                     0, 0, 0, 13, 'I', 'H', 'D', 'R' };
	static const char pdf[] = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
	TAP_STREQ(upload_sniff(jpeg, sizeof jpeg), "image/jpeg", "JPEG by FF D8 FF");
	TAP_STREQ(upload_sniff(png, sizeof png), "image/png", "PNG by its signature");
	TAP_STREQ(upload_sniff(pdf, strlen(pdf)), "application/pdf", "PDF by %%PDF-");
	TAP_STREQ(upload_type_label("application/pdf"), "PDF", "a label for the page");
	TAP_STREQ(upload_type_label("text/html"), "", "-bad- no label for other types");

	TAP_OK(upload_sniff(jpeg, 3) == NULL, "-bad- a truncated JPEG");
	TAP_OK(upload_sniff(png, 8) == NULL, "-bad- a PNG signature without its header");
	TAP_OK(upload_sniff("%PDF-", 5) == NULL, "-bad- %%PDF- alone");
	TAP_OK(upload_sniff("", 0) == NULL, "-bad- an empty file");
	TAP_OK(upload_sniff(NULL, 10) == NULL, "-bad- no data");
	TAP_OK(upload_sniff("GIF89a\1\0\1\0\0\0\0", 13) == NULL, "-bad- GIF is not taken");
	TAP_OK(upload_sniff("<html><script>", 14) == NULL, "-bad- HTML named .jpg");
	TAP_OK(upload_sniff("PK\3\4zipzipzip", 13) == NULL, "-bad- a ZIP (office file)");
	TAP_OK(upload_sniff(" %PDF-1.4\n", 10) == NULL, "-bad- a PDF header not at the start");
	static const unsigned char almost[] = { 0xFF, 0xD8, 0xFE, 0xE0, 0, 0 };
	TAP_OK(upload_sniff(almost, sizeof almost) == NULL, "-bad- FF D8 FE is not JPEG");
	static const unsigned char png_bad[] = { 0x89, 'P', 'N', 'G', '\n', '\n', 0x1A, '\n',
	                                         0, 0, 0, 13, 'I', 'H', 'D', 'R' };
	TAP_OK(upload_sniff(png_bad, sizeof png_bad) == NULL, "-bad- a PNG mangled by a text transfer");
	return TAP_DONE();
}

/* lib/form.c: urlencoded, cookies, multipart, UTF-8 and text checks. */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "form-chromium.h"
#include "form.h"
#include "tap.h"

static const struct form_limits lim = {
    .max_fields = 8, .max_name = 8, .max_value = 16,
    .max_file = 32, .max_files = 2,
};

static struct arena *A;

static size_t count(const struct param *p)
{
	size_t n = 0;
	for (; p != NULL; p = p->next)
		n++;
	return n;
}

static const struct param *nth(const struct param *p, size_t i)
{
	while (p != NULL && i-- > 0)
		p = p->next;
	return p;
}

static const char *val(const struct param *p, size_t i)
{
	p = nth(p, i);
	return p ? p->value : NULL;
}

static const char *nam(const struct param *p, size_t i)
{
	p = nth(p, i);
	return p ? p->name : NULL;
}

static int valcmp(const struct param *p, size_t i, const char *want,
                  size_t n)
{
	p = nth(p, i);
	return p && p->len == n ? memcmp(p->value, want, n) : -1;
}

static long long plen(const struct param *p, size_t i)
{
	p = nth(p, i);
	return p ? (long long)p->len : -1;
}

static const char *pfile(const struct param *p, size_t i)
{
	p = nth(p, i);
	return p ? p->filename : "(no such part)";
}

static const char *pctype(const struct param *p, size_t i)
{
	p = nth(p, i);
	return p ? p->ctype : "(no such part)";
}

static enum form_status url(const char *s, struct param **out)
{
	return form_parse_urlencoded(A, s, strlen(s), &lim, out);
}

static enum form_status mp(const char *s, size_t len, struct param **out)
{
	return form_parse_multipart(A, s, len, "XyZ", &lim, out);
}

#define MP(s, out) mp((s), sizeof(s) - 1, (out))

/* ---- urlencoded ---- */

static void test_url_ok(void)
{
	struct param *p;

	TAP_INTEQ(url("a=1&b=hello+world&c=%41%62%e3%81%82", &p), FORM_OK,
	          "url: plain pairs");
	TAP_INTEQ(count(p), 3, "url: three pairs");
	TAP_STREQ(nam(p, 0), "a", "url: first name in order");
	TAP_STREQ(val(p, 1), "hello world", "url: + is space");
	TAP_STREQ(val(p, 2), "Ab\xe3\x81\x82", "url: %%XX upper and lower hex");
	TAP_INTEQ(plen(p, 2), 5, "url: decoded length");
	TAP_OK(pfile(p, 0) == NULL && pctype(p, 0) == NULL,
	       "url: no filename or ctype");

	TAP_INTEQ(url("a=1&&b=2&", &p), FORM_OK, "url: empty pairs");
	TAP_INTEQ(count(p), 2, "url: empty pairs skipped");
	TAP_STREQ(nam(p, 1), "b", "url: pair after empty one");

	TAP_INTEQ(url("flag&x=", &p), FORM_OK, "url: key without =");
	TAP_STREQ(nam(p, 0), "flag", "url: key without = name");
	TAP_STREQ(val(p, 0), "", "url: key without = has empty value");
	TAP_STREQ(val(p, 1), "", "url: x= has empty value");

	TAP_INTEQ(url("=x&a=1&=", &p), FORM_OK, "url: empty name");
	TAP_INTEQ(count(p), 1, "url: empty name skipped");
	TAP_STREQ(nam(p, 0), "a", "url: pair after empty name kept");

	TAP_INTEQ(url("", &p), FORM_OK, "url: empty input");
	TAP_OK(p == NULL, "url: empty input gives no list");
	TAP_INTEQ(url("&&&", &p), FORM_OK, "url: only separators");
	TAP_OK(p == NULL, "url: only separators gives no list");

	TAP_INTEQ(url("a=b=c&a=2", &p), FORM_OK, "url: = in value, repeat");
	TAP_STREQ(val(p, 0), "b=c", "url: value keeps later =");
	TAP_STREQ(val(p, 1), "2", "url: repeated name kept in order");

	TAP_INTEQ(url("v=%0d%0a%25%2B+", &p), FORM_OK, "url: %%0d%%0a decodes");
	TAP_STREQ(val(p, 0), "\r\n%+ ", "url: CR LF %% + decoded");

	TAP_INTEQ(url("fmt=%25n%25s%25x", &p), FORM_OK, "url: format chars");
	TAP_STREQ(val(p, 0), "%n%s%x", "url: format string comes back literal");

	TAP_INTEQ(url("p=%2e%2e%2f%2e%2e%2fetc", &p), FORM_OK, "url: traversal");
	TAP_STREQ(val(p, 0), "../../etc", "url: only decodes, req validates");

	/* A query string from a real link: the whole buffer, not a C string. */
	const char q[] = "a=1&b=2XXXX";
	TAP_INTEQ(form_parse_urlencoded(A, q, 7, &lim, &p), FORM_OK,
	          "url: length bounds the input");
	TAP_STREQ(val(p, 1), "2", "url: nothing read past len");
}

static void test_url_bad(void)
{
	struct param *p = (struct param *)1;

	TAP_INTEQ(url("a=%", &p), FORM_MALFORMED, "url-bad-: lone %%");
	TAP_OK(p == NULL, "url-bad-: out is NULL on error");
	TAP_INTEQ(url("a=%4", &p), FORM_MALFORMED, "url-bad-: %%4");
	TAP_INTEQ(url("a=%zz", &p), FORM_MALFORMED, "url-bad-: %%zz");
	TAP_INTEQ(url("a=%4g", &p), FORM_MALFORMED, "url-bad-: %%4g");
	TAP_INTEQ(url("a=%00", &p), FORM_MALFORMED, "url-bad-: %%00");
	TAP_INTEQ(url("a%00=1", &p), FORM_MALFORMED, "url-bad-: %%00 in name");
	TAP_INTEQ(url("%=1", &p), FORM_MALFORMED, "url-bad-: %% as name");
	TAP_INTEQ(url("a=1&b=%4", &p), FORM_MALFORMED,
	          "url-bad-: bad escape in a later pair");
	TAP_INTEQ(form_parse_urlencoded(A, "a=1\0b", 5, &lim, &p),
	          FORM_MALFORMED, "url-bad-: raw NUL byte");

	/* Limits: exactly at and one over. max_name 8, max_value 16. */
	TAP_INTEQ(url("abcdefgh=0123456789abcdef", &p), FORM_OK,
	          "url: name and value exactly at limit");
	TAP_INTEQ(plen(p, 0), 16, "url: value at limit has its length");
	TAP_INTEQ(url("abcdefghi=1", &p), FORM_TOO_LARGE,
	          "url-bad-: name one over");
	TAP_INTEQ(url("a=0123456789abcdefg", &p), FORM_TOO_LARGE,
	          "url-bad-: value one over");
	TAP_INTEQ(url("%61%62%63%64%65%66%67%68=%30%31%32%33%34%35%36%37"
	              "%38%39%61%62%63%64%65%66",
	              &p),
	          FORM_OK, "url: limits apply to decoded length");
	TAP_INTEQ(url("flag123456", &p), FORM_TOO_LARGE,
	          "url-bad-: long key without =");

	TAP_INTEQ(url("a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8", &p), FORM_OK,
	          "url: max_fields pairs");
	TAP_INTEQ(count(p), 8, "url: eight pairs");
	TAP_INTEQ(url("a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9", &p),
	          FORM_TOO_MANY, "url-bad-: one pair over max_fields");
	TAP_INTEQ(url("a=1&&&&&&&&&&&&&&&&&&&b=2", &p), FORM_OK,
	          "url: empty pairs do not count");

	struct buf b;
	buf_init(&b, A);
	for (int i = 0; i < 10000; i++)
		buf_puts(&b, "a=1&");
	TAP_INTEQ(form_parse_urlencoded(A, b.data, b.len, &lim, &p),
	          FORM_TOO_MANY, "url-bad-: 10000 pairs");
}

/* ---- cookies ---- */

static void test_cookies(void)
{
	struct param *p;

	TAP_INTEQ(form_parse_cookies(A, "sid=abc; lang=ja", &lim, &p), FORM_OK,
	          "cookie: two pairs");
	TAP_INTEQ(count(p), 2, "cookie: count");
	TAP_STREQ(nam(p, 0), "sid", "cookie: first name");
	TAP_STREQ(val(p, 0), "abc", "cookie: first value");
	TAP_STREQ(val(p, 1), "ja", "cookie: second value");

	TAP_INTEQ(form_parse_cookies(A, "q=\"quoted\";x=%41", &lim, &p),
	          FORM_OK, "cookie: quoted value, no space after ;");
	TAP_STREQ(val(p, 0), "quoted", "cookie: DQUOTEs stripped");
	TAP_STREQ(val(p, 1), "%41", "cookie: no %%-decoding");
	TAP_INTEQ(plen(p, 1), 3, "cookie: length");

	TAP_INTEQ(form_parse_cookies(A, "e=", &lim, &p), FORM_OK,
	          "cookie: empty value");
	TAP_STREQ(val(p, 0), "", "cookie: empty value is \"\"");
	TAP_INTEQ(form_parse_cookies(A, NULL, &lim, &p), FORM_OK,
	          "cookie: no header");
	TAP_OK(p == NULL, "cookie: no header, no list");
	TAP_INTEQ(form_parse_cookies(A, "", &lim, &p), FORM_OK,
	          "cookie: empty header");
	TAP_OK(p == NULL, "cookie: empty header, no list");

	/* The city's site shares the domain: foreign junk is skipped. */
	TAP_INTEQ(form_parse_cookies(A,
	                             "junk; =v; a b=1; c=x y; d=\"e; f=\\; "
	                             "g=\"unterminated; ok=1;;  ; h=,; "
	                             "sid=good",
	                             &lim, &p),
	          FORM_OK, "cookie-bad-: malformed pairs are not an error");
	TAP_INTEQ(count(p), 2, "cookie-bad-: only the well-formed survive");
	TAP_STREQ(nam(p, 0), "ok", "cookie-bad-: ok kept");
	TAP_STREQ(val(p, 1), "good", "cookie-bad-: sid after junk kept");

	TAP_INTEQ(form_parse_cookies(A,
	                             "abcdefghi=1; a=0123456789abcdefg; "
	                             "abcdefgh=0123456789abcdef",
	                             &lim, &p),
	          FORM_OK, "cookie-bad-: over-long pairs skipped");
	TAP_INTEQ(count(p), 1, "cookie-bad-: one at the limits survives");
	TAP_STREQ(nam(p, 0), "abcdefgh", "cookie: name exactly at limit");
	TAP_INTEQ(plen(p, 0), 16, "cookie: value exactly at limit");

	TAP_INTEQ(form_parse_cookies(A,
	                             "a=1; b=2; c=3; d=4; e=5; f=6; g=7; "
	                             "h=8; i=9; j=10",
	                             &lim, &p),
	          FORM_OK, "cookie-bad-: too many pairs is not an error");
	TAP_INTEQ(count(p), 8, "cookie-bad-: pairs past max_fields ignored");
	TAP_STREQ(nam(p, 7), "h", "cookie: the first max_fields kept");

	TAP_INTEQ(form_parse_cookies(A, "a=\x01; b=\xe3\x81\x82; c=2", &lim,
	                             &p),
	          FORM_OK, "cookie-bad-: control and 8-bit bytes");
	TAP_INTEQ(count(p), 1, "cookie-bad-: such values skipped");
	TAP_STREQ(nam(p, 0), "c", "cookie-bad-: clean pair kept");
}

/* ---- multipart boundary ---- */

static int nobnd(const char *ctype)
{
	return form_multipart_boundary(A, ctype) == NULL;
}

static void test_boundary(void)
{
	TAP_STREQ(form_multipart_boundary(
	              A, "multipart/form-data; "
	                 "boundary=----WebKitFormBoundaryAbC123"),
	          "----WebKitFormBoundaryAbC123", "boundary: token");
	TAP_STREQ(form_multipart_boundary(
	              A, "Multipart/Form-Data;charset=utf-8;BOUNDARY=\"a b:c\""),
	          "a b:c", "boundary: quoted, case-insensitive names");
	TAP_STREQ(form_multipart_boundary(
	              A, "multipart/form-data; charset=\"x;boundary=no\"; "
	                 "boundary=yes "),
	          "yes", "boundary: not fooled by a quoted ;boundary=");
	TAP_STREQ(form_multipart_boundary(
	              A, "multipart/form-data; boundary=\"a\\b\""),
	          "ab", "boundary: quoted-pair");
	TAP_OK(nobnd("multipart/form-data; boundary=\"a\\\"\""), "boundary-bad-: quoted-pair DQUOTE is not a bchar");
	char b70[128] = "multipart/form-data; boundary=";
	size_t off = strlen(b70);
	memset(b70 + off, 'x', 70);
	b70[off + 70] = '\0';
	const char *got = form_multipart_boundary(A, b70);
	TAP_OK(got != NULL && strlen(got) == 70, "boundary: 70 chars");
	b70[off + 70] = 'x';
	b70[off + 71] = '\0';
	TAP_OK(nobnd(b70),
	          "boundary-bad-: 71 chars");
	TAP_OK(nobnd(NULL),
	          "boundary-bad-: no header");
	TAP_OK(nobnd("multipart/form-data"),
	          "boundary-bad-: no parameter");
	TAP_OK(nobnd("multipart/form-data; boundary="), "boundary-bad-: empty token");
	TAP_OK(nobnd("multipart/form-data; boundary=\"\""), "boundary-bad-: empty quoted");
	TAP_OK(nobnd("multipart/form-data; boundary=a\x01"), "boundary-bad-: control char");
	TAP_OK(nobnd("multipart/form-data; boundary=\"ab \""), "boundary-bad-: trailing space");
	TAP_OK(nobnd("multipart/form-data; boundary=a*b"), "boundary-bad-: * is not a bchar");
	TAP_OK(nobnd("multipart/form-data; boundary=\"ab"), "boundary-bad-: unterminated quote");
	TAP_OK(nobnd("multipart/form-data; boundary=a; "
	                                     "boundary=b"), "boundary-bad-: repeated");
	TAP_OK(nobnd("multipart/mixed; boundary=a"),
	          "boundary-bad-: not form-data");
	TAP_OK(nobnd("text/plain; boundary=a"),
	          "boundary-bad-: not multipart");
	TAP_OK(nobnd("multipart/form-data boundary=a"), "boundary-bad-: missing ;");
	TAP_OK(nobnd("multipart/form-data; xboundary=a"), "boundary-bad-: other parameter name");
}

/* ---- multipart body ---- */

#define CD "Content-Disposition: form-data; "

static void test_mp_ok(void)
{
	struct param *p;

	TAP_INTEQ(MP("--XyZ\r\n" CD "name=\"a\"\r\n\r\nhello\r\n"
	             "--XyZ\r\n" CD "name=\"f\"; filename=\"t.txt\"\r\n"
	             "Content-Type: text/plain\r\n\r\nline1\r\nline2\r\n"
	             "--XyZ\r\n" CD "name=b\r\n\r\n\xe6\x97\xa5\xe6\x9c\xac\r\n"
	             "--XyZ--\r\n",
	             &p),
	          FORM_OK, "mp: text, file, token name");
	TAP_INTEQ(count(p), 3, "mp: three parts");
	TAP_STREQ(nam(p, 0), "a", "mp: first name");
	TAP_STREQ(val(p, 0), "hello", "mp: first value");
	TAP_OK(pfile(p, 0) == NULL && pctype(p, 0) == NULL,
	       "mp: text part has no filename or ctype");
	TAP_STREQ(pfile(p, 1), "t.txt", "mp: filename");
	TAP_STREQ(pctype(p, 1), "text/plain", "mp: content type kept");
	TAP_INTEQ(plen(p, 1), 12, "mp: file length");
	TAP_OK(valcmp(p, 1, "line1\r\nline2", 12) == 0,
	       "mp: file bytes with CRLF inside");
	TAP_STREQ(nam(p, 2), "b", "mp: token name");
	TAP_STREQ(val(p, 2), "\xe6\x97\xa5\xe6\x9c\xac", "mp: UTF-8 value");

	TAP_INTEQ(MP("preamble text\r\nmore\r\n--XyZ\r\n" CD
	             "name=\"a\"\r\n\r\nv\r\n--XyZ--\r\nepilogue --XyZ junk",
	             &p),
	          FORM_OK, "mp: preamble and epilogue");
	TAP_INTEQ(count(p), 1, "mp: preamble, one part");
	TAP_STREQ(val(p, 0), "v", "mp: preamble value");

	TAP_INTEQ(MP("--XyZ \t\r\n" CD "name=\"a\"\r\n\r\nv\r\n--XyZ--", &p),
	          FORM_OK, "mp: transport padding, no CRLF after close");
	TAP_STREQ(val(p, 0), "v", "mp: padding value");

	TAP_INTEQ(MP("--XyZ--\r\n", &p), FORM_OK, "mp: only the close delimiter");
	TAP_OK(p == NULL, "mp: close only gives no list");

	/* Browsers' "no file chosen": filename "" and no bytes. */
	TAP_INTEQ(MP("--XyZ\r\n" CD "name=\"up\"; filename=\"\"\r\n"
	             "Content-Type: application/octet-stream\r\n\r\n"
	             "\r\n--XyZ--\r\n",
	             &p),
	          FORM_OK, "mp: empty file input");
	TAP_INTEQ(count(p), 1, "mp: empty file part returned");
	TAP_STREQ(pfile(p, 0), "", "mp: empty filename");
	TAP_INTEQ(plen(p, 0), 0, "mp: empty file has no bytes");

	TAP_INTEQ(MP("--XyZ\r\n" CD "name=\"a%22b\"; "
	             "filename=\"C:\\dir\\%22x%22 %41.txt\"\r\n\r\nz\r\n"
	             "--XyZ--",
	             &p),
	          FORM_OK, "mp: %%22 in name and filename");
	TAP_STREQ(nam(p, 0), "a\"b", "mp: %%22 decoded in name");
	TAP_STREQ(pfile(p, 0), "C:\\dir\\\"x\" %41.txt",
	          "mp: backslashes and other escapes kept raw");

	TAP_INTEQ(MP("--XyZ\r\ncontent-disposition:FORM-DATA;NAME=\"a\";"
	             "x-other=1\r\nX-Ignored: yes\r\n\r\nv\r\n--XyZ--",
	             &p),
	          FORM_OK, "mp: header case, unknown params and headers");
	TAP_STREQ(nam(p, 0), "a", "mp: case-insensitive header name");

	TAP_INTEQ(MP("--XyZ\r\n" CD "name=\"a\"\r\n\r\n--XyZ--", &p), FORM_OK,
	          "mp: headers then delimiter, no body (RFC 2046)");
	TAP_INTEQ(plen(p, 0), 0, "mp: part without body is empty");

	/* Lines that only look like delimiters are data. */
	TAP_INTEQ(MP("--XyZ\r\n" CD "name=\"f\"; filename=\"x\"\r\n\r\n"
	             "a\r\n--XyZZ\r\n--XyZ-x\r\n--XyZ\r\r\n"
	             "--XyZ\r\n" CD "name=\"b\"\r\n\r\nx--XyZ\r\n--XyZ--",
	             &p),
	          FORM_OK, "mp: boundary-like lines inside data");
	TAP_INTEQ(count(p), 2, "mp: boundary-like lines, two parts");
	TAP_INTEQ(plen(p, 0), 26, "mp: file keeps the false delimiters");
	TAP_OK(valcmp(p, 0, "a\r\n--XyZZ\r\n--XyZ-x\r\n--XyZ\r", 26) == 0,
	       "mp: file bytes");
	TAP_STREQ(val(p, 1), "x--XyZ", "mp: dash-boundary inside a line");

	/* Right after the blank line ending the headers, a dash-boundary
	 * line is a real delimiter: the part is empty (RFC 2046). */
	TAP_INTEQ(MP("--XyZ\r\n" CD "name=\"b\"\r\n\r\n--XyZ\r\n--XyZ--", &p),
	          FORM_MALFORMED,
	          "mp-bad-: delimiter after headers then no CRLF before next");
}

static void test_mp_split(void)
{
	/* The delimiter straddles where a fixed-size reader would cut: the
	 * parser must see the whole buffer, and never read past it. */
	const char *body = "--XyZ\r\n" CD "name=\"a\"\r\n\r\nvalue\r\n--XyZ--";
	size_t len = strlen(body);
	struct param *p;
	char *copy = malloc(len);
	memcpy(copy, body, len);
	TAP_INTEQ(form_parse_multipart(A, copy, len, "XyZ", &lim, &p), FORM_OK,
	          "mp: exact-size heap buffer, no NUL after");
	TAP_STREQ(val(p, 0), "value", "mp: exact-size buffer value");
	for (size_t cut = 1; cut < 9; cut++) {
		enum form_status st =
		    form_parse_multipart(A, copy, len - cut, "XyZ", &lim, &p);
		TAP_INTEQ(st, FORM_MALFORMED, "mp-bad-: truncated by %zu", cut);
	}
	free(copy);
}

static void test_mp_bad(void)
{
	struct param *p;

	TAP_INTEQ(MP("--XyZ\r\n" CD "name=\"a\"\r\n\r\nv\r\n", &p),
	          FORM_MALFORMED, "mp-bad-: no close delimiter");
	TAP_INTEQ(MP("--XyZ\r\n" CD "name=\"a\"\r\n\r\nv\r\n--XyZ", &p),
	          FORM_MALFORMED, "mp-bad-: delimiter at end, not closed");
	TAP_INTEQ(MP("--XyZ\r\n" CD "name=\"a\"\r\n\r\nv\r\n--XyZ-", &p),
	          FORM_MALFORMED, "mp-bad-: half a close delimiter");
	TAP_INTEQ(MP("", &p), FORM_MALFORMED, "mp-bad-: empty body");
	TAP_INTEQ(MP("hello", &p), FORM_MALFORMED, "mp-bad-: no delimiter");
	TAP_INTEQ(form_parse_multipart(A, "--XyZ--", 7, "", &lim, &p),
	          FORM_MALFORMED, "mp-bad-: empty boundary");
	TAP_INTEQ(form_parse_multipart(A, "--XyZ--", 7, NULL, &lim, &p),
	          FORM_MALFORMED, "mp-bad-: NULL boundary");
	TAP_INTEQ(form_parse_multipart(A, "--a*b--", 7, "a*b", &lim, &p),
	          FORM_MALFORMED, "mp-bad-: boundary with bad chars");

	/* Bare LF line ends: refused (RFC 2046 requires CRLF and every
	 * browser sends it); a stray leading LF likewise. */
	TAP_INTEQ(MP("--XyZ\n" CD "name=\"a\"\n\nv\n--XyZ--\n", &p),
	          FORM_MALFORMED, "mp-bad-: LF-only body");
	TAP_INTEQ(MP("\n--XyZ\r\n" CD "name=\"a\"\r\n\r\nv\r\n"
	             "--XyZ\r\n" CD "name=\"b\"\r\n\r\nw\r\n--XyZ--",
	             &p),
	          FORM_MALFORMED, "mp-bad-: body starting with bare LF");
	TAP_INTEQ(MP("--XyZ\r\n" CD "name=\"a\"\nX: y\r\n\r\nv\r\n--XyZ--", &p),
	          FORM_MALFORMED, "mp-bad-: bare LF inside headers");

	TAP_INTEQ(MP("--XyZ\r\n\r\nv\r\n--XyZ--", &p), FORM_MALFORMED,
	          "mp-bad-: part without headers");
	TAP_INTEQ(MP("--XyZ\r\nContent-Type: text/plain\r\n\r\nv\r\n--XyZ--",
	             &p),
	          FORM_MALFORMED, "mp-bad-: no Content-Disposition");
	TAP_INTEQ(MP("--XyZ\r\nContent-Disposition: attachment; name=\"a\""
	             "\r\n\r\nv\r\n--XyZ--",
	             &p),
	          FORM_MALFORMED, "mp-bad-: disposition not form-data");
	TAP_INTEQ(MP("--XyZ\r\n" CD "filename=\"a\"\r\n\r\nv\r\n--XyZ--", &p),
	          FORM_MALFORMED, "mp-bad-: no name");
	TAP_INTEQ(MP("--XyZ\r\n" CD "name=\"\"\r\n\r\nv\r\n--XyZ--", &p),
	          FORM_MALFORMED, "mp-bad-: empty name");
	TAP_INTEQ(MP("--XyZ\r\n" CD "name=\"a\r\n\r\nv\r\n--XyZ--", &p),
	          FORM_MALFORMED, "mp-bad-: unterminated quoted name");
	TAP_INTEQ(MP("--XyZ\r\n" CD "name=\"a\"; name=\"b\"\r\n\r\nv\r\n"
	             "--XyZ--",
	             &p),
	          FORM_MALFORMED, "mp-bad-: two names");
	TAP_INTEQ(MP("--XyZ\r\n" CD "name=\"a\"\r\n" CD "name=\"b\"\r\n\r\n"
	             "v\r\n--XyZ--",
	             &p),
	          FORM_MALFORMED, "mp-bad-: two Content-Disposition headers");
	TAP_INTEQ(MP("--XyZ\r\n" CD "name=\"a\"\r\n  folded\r\n\r\nv\r\n"
	             "--XyZ--",
	             &p),
	          FORM_MALFORMED, "mp-bad-: folded header line");
	TAP_INTEQ(MP("--XyZ\r\n" CD "name=\"a\"\r\nNoColon\r\n\r\nv\r\n"
	             "--XyZ--",
	             &p),
	          FORM_MALFORMED, "mp-bad-: header without colon");
	TAP_INTEQ(MP("--XyZ\r\n" CD "name=\"a\"", &p), FORM_MALFORMED,
	          "mp-bad-: unterminated headers");
	TAP_INTEQ(MP("--XyZ\r\n" CD "name=\"a\"\r\n--XyZ--", &p),
	          FORM_MALFORMED,
	          "mp-bad-: header CRLF is the delimiter's, no end of headers");
	TAP_INTEQ(MP("--XyZ\r\n" CD "name=\"a\x01\"\r\n\r\nv\r\n--XyZ--", &p),
	          FORM_MALFORMED, "mp-bad-: control byte in header");
	TAP_INTEQ(MP("--XyZ\r\n" CD "name=\"a\"\r\n\r\nv\0w\r\n--XyZ--", &p),
	          FORM_MALFORMED, "mp-bad-: NUL in text value");
	TAP_INTEQ(MP("--XyZ\r\n" CD "name=\"a\"; filename=\"f\"\r\n\r\n"
	             "v\0w\r\n--XyZ--",
	             &p),
	          FORM_OK, "mp: NUL in file bytes is fine");
	TAP_INTEQ(plen(p, 0), 3, "mp: file with NUL keeps its length");
}

static void mp_header_lines(struct buf *b, size_t linelen, int extra)
{
	buf_puts(b, "--XyZ\r\n" CD "name=\"a\"\r\n");
	for (int i = 0; i < extra; i++)
		buf_puts(b, "X-H: 1\r\n");
	buf_puts(b, "X-Long: ");
	for (size_t i = 8; i < linelen; i++)
		buf_putc(b, 'x');
	buf_puts(b, "\r\n\r\nv\r\n--XyZ--");
}

static void test_mp_limits(void)
{
	struct param *p;
	struct buf b;

	buf_init(&b, A);
	mp_header_lines(&b, FORM_HEADER_LINE_MAX, 0);
	TAP_INTEQ(form_parse_multipart(A, b.data, b.len, "XyZ", &lim, &p),
	          FORM_OK, "mp: header line exactly 1024 bytes");
	buf_init(&b, A);
	mp_header_lines(&b, FORM_HEADER_LINE_MAX + 1, 0);
	TAP_INTEQ(form_parse_multipart(A, b.data, b.len, "XyZ", &lim, &p),
	          FORM_MALFORMED, "mp-bad-: header line 1025 bytes");
	buf_init(&b, A);
	mp_header_lines(&b, 10, FORM_PART_HEADERS_MAX - 2);
	TAP_INTEQ(form_parse_multipart(A, b.data, b.len, "XyZ", &lim, &p),
	          FORM_OK, "mp: 8 headers in a part");
	buf_init(&b, A);
	mp_header_lines(&b, 10, FORM_PART_HEADERS_MAX - 1);
	TAP_INTEQ(form_parse_multipart(A, b.data, b.len, "XyZ", &lim, &p),
	          FORM_MALFORMED, "mp-bad-: 9 headers in a part");

	TAP_INTEQ(MP("--XyZ\r\n" CD "name=\"abcdefgh\"\r\n\r\n"
	             "0123456789abcdef\r\n--XyZ--",
	             &p),
	          FORM_OK, "mp: name and value exactly at limit");
	TAP_INTEQ(plen(p, 0), 16, "mp: value at limit");
	TAP_INTEQ(MP("--XyZ\r\n" CD "name=\"abcdefghi\"\r\n\r\nv\r\n--XyZ--", &p),
	          FORM_TOO_LARGE, "mp-bad-: name one over");
	TAP_INTEQ(MP("--XyZ\r\n" CD "name=\"a\"\r\n\r\n"
	             "0123456789abcdefg\r\n--XyZ--",
	             &p),
	          FORM_TOO_LARGE, "mp-bad-: value one over");
	TAP_INTEQ(MP("--XyZ\r\n" CD "name=\"f\"; filename=\"x\"\r\n\r\n"
	             "0123456789abcdef0123456789abcdef\r\n--XyZ--",
	             &p),
	          FORM_OK, "mp: file exactly max_file");
	TAP_INTEQ(plen(p, 0), 32, "mp: file at limit");
	TAP_INTEQ(MP("--XyZ\r\n" CD "name=\"f\"; filename=\"x\"\r\n\r\n"
	             "0123456789abcdef0123456789abcdefg\r\n--XyZ--",
	             &p),
	          FORM_TOO_LARGE, "mp-bad-: file one over");

#define FILEPART "--XyZ\r\n" CD "name=\"f\"; filename=\"x\"\r\n\r\nz\r\n"
	TAP_INTEQ(MP(FILEPART FILEPART "--XyZ--", &p), FORM_OK,
	          "mp: max_files files");
	TAP_INTEQ(MP(FILEPART FILEPART FILEPART "--XyZ--", &p), FORM_TOO_MANY,
	          "mp-bad-: one file over max_files");

	buf_init(&b, A);
	for (int i = 0; i < 8; i++)
		buf_puts(&b, "--XyZ\r\n" CD "name=\"a\"\r\n\r\nv\r\n");
	buf_puts(&b, "--XyZ--");
	TAP_INTEQ(form_parse_multipart(A, b.data, b.len, "XyZ", &lim, &p),
	          FORM_OK, "mp: max_fields parts");
	TAP_INTEQ(count(p), 8, "mp: eight parts");

	buf_init(&b, A);
	for (int i = 0; i < 10000; i++)
		buf_puts(&b, "--XyZ\r\n" CD "name=\"a\"\r\n\r\nv\r\n");
	buf_puts(&b, "--XyZ--\r\n");
	TAP_INTEQ(form_parse_multipart(A, b.data, b.len, "XyZ", &lim, &p),
	          FORM_TOO_MANY, "mp-bad-: 10000 parts against max_fields");
	struct form_limits big = lim;
	big.max_fields = 10000;
	TAP_INTEQ(form_parse_multipart(A, b.data, b.len, "XyZ", &big, &p),
	          FORM_OK, "mp: 10000 parts when allowed");
	TAP_INTEQ(count(p), 10000, "mp: all 10000 parts returned");
}

static void test_mp_chromium(void)
{
	struct form_limits l = {.max_fields = 10, .max_name = 16,
	                        .max_value = 100, .max_file = 1024,
	                        .max_files = 2};
	struct param *p;
	const char *b = form_multipart_boundary(A, chromium_ctype);

	TAP_STREQ(b, "----WebKitFormBoundary0maOnU1xZmwPGOrN",
	          "chromium: boundary");
	TAP_INTEQ(form_parse_multipart(A, (const char *)chromium_body,
	                               chromium_body_len, b, &l, &p),
	          FORM_OK, "chromium: real browser body parses");
	TAP_INTEQ(count(p), 6, "chromium: six parts");
	TAP_STREQ(val(p, 1), "\xe5\xb1\xb1\xe7\x94\xb0\xe3\x80\x80\xe8\x8a"
	                     "\xb1\xe5\xad\x90",
	          "chromium: 山田　花子");
	TAP_OK(form_text_valid(val(p, 2), (size_t)plen(p, 2), true),
	       "chromium: textarea with CRLF is valid multiline text");
	TAP_OK(!form_text_valid(val(p, 2), (size_t)plen(p, 2), false),
	       "chromium: but not single-line text");
	TAP_STREQ(nam(p, 3), "q\"x", "chromium: %%22 in a name");
	TAP_STREQ(pfile(p, 4), "\xe6\x9c\xac\xe4\xba\xba\xe7\xa2\xba\xe8\xaa"
	                       "\x8d.png",
	          "chromium: UTF-8 filename sent raw");
	TAP_STREQ(pctype(p, 4), "image/png", "chromium: file type");
	TAP_INTEQ(plen(p, 4), 73, "chromium: PNG length");
	TAP_OK(plen(p, 4) >= 8 &&
	           memcmp(val(p, 4), "\x89PNG\r\n\x1a\n", 8) == 0,
	       "chromium: PNG signature");
	TAP_STREQ(pfile(p, 5), "", "chromium: no file chosen");
	TAP_INTEQ(plen(p, 5), 0, "chromium: empty file part kept");
	l.max_file = 72;
	TAP_INTEQ(form_parse_multipart(A, (const char *)chromium_body,
	                               chromium_body_len, b, &l, &p),
	          FORM_TOO_LARGE, "chromium-bad-: PNG one byte over max_file");
	l.max_file = 1024;
	l.max_fields = 5;
	TAP_INTEQ(form_parse_multipart(A, (const char *)chromium_body,
	                               chromium_body_len, b, &l, &p),
	          FORM_TOO_MANY, "chromium-bad-: one part over max_fields");
	l.max_fields = 10;
	/* Cutting 1 or 2 bytes leaves "--boundary--": still complete. */
	for (size_t cut = 3; cut < chromium_body_len; cut += 37) {
		enum form_status st = form_parse_multipart(
		    A, (const char *)chromium_body, chromium_body_len - cut, b,
		    &l, &p);
		if (st != FORM_MALFORMED) {
			TAP_INTEQ(st, FORM_MALFORMED, "chromium-bad-: cut %zu", cut);
			return;
		}
	}
	TAP_OK(1, "chromium-bad-: every truncation is malformed");
}

/* ---- UTF-8 and text ---- */

#define U8(s) form_utf8_valid((s), sizeof(s) - 1)
#define TXT(s, ml) form_text_valid((s), sizeof(s) - 1, (ml))

static void test_utf8(void)
{
	TAP_OK(U8(""), "utf8: empty");
	TAP_OK(U8("plain ascii"), "utf8: ascii");
	TAP_OK(U8("\xe5\x80\x8b\xe4\xba\xba\xe6\x83\x85\xe5\xa0\xb1\xe3\x81"
	          "\xae\xe9\x96\x8b\xe7\xa4\xba"),
	       "utf8: 個人情報の開示");
	TAP_OK(U8("\xf0\x9f\x98\x80"), "utf8: 4-byte emoji");
	TAP_OK(U8("\xf4\x8f\xbf\xbf"), "utf8: U+10FFFF");
	TAP_OK(!U8("\xc0\xaf"), "utf8-bad-: overlong C0 AF");
	TAP_OK(!U8("\xe0\x80\xaf"), "utf8-bad-: overlong E0 80 AF");
	TAP_OK(!U8("\xed\xa0\x80"), "utf8-bad-: surrogate ED A0 80");
	TAP_OK(!U8("\xf4\x90\x80\x80"), "utf8-bad-: F4 90 80 80 > U+10FFFF");
	TAP_OK(!U8("\xe3\x81"), "utf8-bad-: truncated 3-byte");
	TAP_OK(!U8("ab\xe3"), "utf8-bad-: truncated at end");
	TAP_OK(!U8("\xf0\x9f\x98"), "utf8-bad-: truncated 4-byte");
	TAP_OK(!U8("\x80"), "utf8-bad-: lone continuation");
	TAP_OK(!U8("\xff"), "utf8-bad-: FF");
	TAP_OK(!form_utf8_valid("\xe3\x81\x82", 2),
	       "utf8-bad-: length cuts a sequence");

	TAP_OK(TXT("\xe7\x94\xb0\xe4\xb8\xad\xe3\x80\x80\xe5\xa4\xaa\xe9\x83"
	           "\x8e\tx",
	           false),
	       "text: 田中　太郎 with ideographic space and TAB");
	TAP_OK(TXT("a\r\nb", true), "text: CRLF when multiline");
	TAP_OK(!TXT("a\r\nb", false), "text-bad-: CRLF on one line");
	TAP_OK(!TXT("a\nb", false), "text-bad-: LF on one line");
	TAP_OK(!TXT("a\0b", true), "text-bad-: NUL");
	TAP_OK(!TXT("a\x1b[31m", true), "text-bad-: ESC");
	TAP_OK(!TXT("a\x7f", true), "text-bad-: DEL");
	TAP_OK(!TXT("a\xc2\x85", true), "text-bad-: C1 NEL");
	TAP_OK(TXT("a\xe2\x80\xa8\xe2\x80\xa9", false),
	       "text: U+2028/U+2029 kept");
	TAP_OK(!TXT("\xc0\xaf", true), "text-bad-: invalid UTF-8");
	TAP_OK(TXT("", false), "text: empty");
}

int main(void)
{
	A = arena_new();
	test_url_ok();
	test_url_bad();
	test_cookies();
	test_boundary();
	test_mp_ok();
	test_mp_split();
	test_mp_bad();
	test_mp_limits();
	test_mp_chromium();
	test_utf8();
	arena_free(A);
	return TAP_DONE();
}

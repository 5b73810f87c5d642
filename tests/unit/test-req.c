/* The request layer: routes, field tables, limits, languages and the
 * response's header writer, without a server. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "req.h"
#include "resp.h"
#include "tap.h"

static int handler(struct req *req) { (void)req; return 0; }

static const struct route routes[] = {
	{ "GET", "/register", handler, ROUTE_PUBLIC },
	{ "GET", "/register/{}", handler, ROUTE_PUBLIC },
	{ "POST", "/request", handler, ROUTE_UPLOAD },
	{ "GET", "/request", handler, 0 },
	{ "POST", "/feedback", handler, 0 },
	{ NULL, NULL, NULL, 0 },
};

static bool only_digits(const char *v, size_t len)
{
	return strspn(v, "0123456789") == len;
}

enum { F_NAME, F_NOTE, F_AGE, F_ZIP, F_DOC, F__MAX };
static const struct field fields[F__MAX] = {
	[F_NAME] = { "name", FIELD_LINE, 5, 0, 0, NULL },
	[F_NOTE] = { "note", FIELD_TEXT, 100, 0, 0, NULL },
	[F_AGE] = { "age", FIELD_INT, 3, 0, 150, NULL },
	[F_ZIP] = { "zip", FIELD_LINE, 7, 0, 0, only_digits },
	[F_DOC] = { "doc", FIELD_FILE, 10, 0, 0, NULL },
};
static const struct program prog = { "test", routes, fields, F__MAX, NULL, 0 };

static struct app app;
static struct arena *arena;

static void fresh(struct req *req, const char *method, const char *path,
                  const char *query, const char *ctype, char **envp)
{
	arena_reset(arena);
	memset(req, 0, sizeof *req);
	req->arena = arena;
	req->app = &app;
	req->prog = &prog;
	req->method = method;
	req->path = path;
	req->query = query;
	req->content_type = ctype;
	req->envp = envp;
	buf_init(&req->headers, arena);
	buf_init(&req->body, arena);
}

static void routing(void)
{
	struct req req;
	char allow[64];
	fresh(&req, "GET", "/register/42", NULL, NULL, NULL);
	TAP_INTEQ(req_route(&req, routes, allow, sizeof allow), 0, "a path with an id matches");
	TAP_STREQ(req.route_arg[0], "42", "and the id is captured");
	fresh(&req, "HEAD", "/register", NULL, NULL, NULL);
	TAP_INTEQ(req_route(&req, routes, allow, sizeof allow), 0, "HEAD is served as GET");
	fresh(&req, "DELETE", "/request", NULL, NULL, NULL);
	TAP_INTEQ(req_route(&req, routes, allow, sizeof allow), 405, "-bad- another method is 405");
	TAP_STREQ(allow, "POST, GET", "with the methods allowed");
	fresh(&req, "GET", "/register/../etc", NULL, NULL, NULL);
	TAP_INTEQ(req_route(&req, routes, allow, sizeof allow), 404, "-bad- dots are not an id");
	fresh(&req, "GET", "/register/", NULL, NULL, NULL);
	TAP_INTEQ(req_route(&req, routes, allow, sizeof allow), 404, "-bad- an empty id is not an id");
	fresh(&req, "GET", "/register/1/2", NULL, NULL, NULL);
	TAP_INTEQ(req_route(&req, routes, allow, sizeof allow), 404, "-bad- extra segments are 404");
	fresh(&req, "GET", "/registerX", NULL, NULL, NULL);
	TAP_INTEQ(req_route(&req, routes, allow, sizeof allow), 404, "-bad- a longer path is 404");
}

static int parse_form(struct req *req, const char *body)
{
	char *allow = arena_alloc(arena, 64);
	req_route(req, routes, allow, 64);
	int rc = req_begin(req);
	return rc ? rc : req_parse(req, body, strlen(body));
}

static void field_table(void)
{
	struct req req;
	const char *ct = "application/x-www-form-urlencoded";
	fresh(&req, "POST", "/request", NULL, ct, NULL);
	TAP_INTEQ(parse_form(&req, "name=%E5%B1%B1%E7%94%B0&age=42&zip=1234567&other=x"), 0, "a good form parses");
	TAP_STREQ(req_field(&req, F_NAME), "山田", "a Japanese name within 5 characters");
	TAP_INTEQ(req.fields[F_AGE].num, 42, "an integer field is parsed");
	TAP_STREQ(req_field(&req, F_ZIP), "1234567", "a validated field");

	fresh(&req, "POST", "/request", NULL, ct, NULL);
	TAP_INTEQ(parse_form(&req, "name=abcdef&age=151&zip=12a&note=a%0D%0Ab"), 0, "-bad- bad values are field errors, not request errors");
	TAP_INTEQ(req_field_state(&req, F_NAME), FIELD_TOO_LONG, "6 characters over a maximum of 5");
	TAP_OK(req_field(&req, F_NAME) == NULL, "and no value is handed out");
	TAP_INTEQ(req_field_state(&req, F_AGE), FIELD_INVALID, "151 is over the range");
	TAP_INTEQ(req_field_state(&req, F_ZIP), FIELD_INVALID, "the validator refuses letters");
	TAP_STREQ(req_field(&req, F_NOTE), "a\r\nb", "line breaks in a text field");

	fresh(&req, "POST", "/request", NULL, ct, NULL);
	TAP_INTEQ(parse_form(&req, "name=a%0Ab"), 400, "-bad- a line break in a one-line field is 400");
	fresh(&req, "POST", "/request", NULL, ct, NULL);
	TAP_INTEQ(parse_form(&req, "note=%FF"), 400, "-bad- invalid UTF-8 is 400");
	fresh(&req, "POST", "/request", NULL, ct, NULL);
	TAP_INTEQ(parse_form(&req, "unknown=%C0%AF"), 400, "-bad- even in a field nobody reads");
	fresh(&req, "POST", "/request", NULL, ct, NULL);
	TAP_INTEQ(parse_form(&req, "age=%2B5"), 0, "a sign is parsed as a field");
	TAP_INTEQ(req_field_state(&req, F_AGE), FIELD_INVALID, "-bad- but + is not accepted in an integer");
	fresh(&req, "POST", "/request", NULL, "text/plain", NULL);
	TAP_INTEQ(parse_form(&req, "name=x"), 415, "-bad- another content type is 415");
	fresh(&req, "POST", "/feedback", NULL, "multipart/form-data; boundary=x", NULL);
	TAP_INTEQ(parse_form(&req, "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n"), 415,
	          "-bad- multipart only where a route takes uploads");
}

/* A GET's or HEAD's body is never parameters: its page is its address's,
 * which caches keep for everyone. */
static void get_body(void)
{
	struct req req;
	const char *ct = "application/x-www-form-urlencoded";
	fresh(&req, "GET", "/request", "age=7", ct, NULL);
	TAP_INTEQ(parse_form(&req, "name=abc&age=42&csrf=x"), 0, "-bad- a GET with a body is served");
	TAP_OK(req_field(&req, F_NAME) == NULL, "-bad- without the body's fields");
	TAP_INTEQ(req.fields[F_AGE].num, 7, "the query's alone");
	TAP_INTEQ(req.fields[F_AGE].count, 1, "-bad- the body's value not among them");
	TAP_OK(req.body_params == NULL && req_param_raw(&req, "csrf") == NULL, "-bad- nor its raw parameters");
	fresh(&req, "HEAD", "/register", NULL, ct, NULL);
	TAP_INTEQ(parse_form(&req, "name=abc"), 0, "-bad- a HEAD with a body is served");
	TAP_OK(req.params == NULL, "-bad- without parameters");
	fresh(&req, "GET", "/register", NULL, ct, NULL);
	TAP_INTEQ(parse_form(&req, "note=%FF"), 0, "-bad- a GET body that a POST would have refused is not read");
	fresh(&req, "GET", "/register", NULL, "text/plain", NULL);
	TAP_INTEQ(parse_form(&req, "x"), 0, "-bad- nor is its content type");
	TAP_OK(!req_reads_body(&req), "so lib/fcgi.c drains it unread");
	fresh(&req, "POST", "/request", "age=7", ct, NULL);
	TAP_INTEQ(parse_form(&req, "name=abc&age=42"), 0, "a POST's body still parses");
	TAP_STREQ(req_field(&req, F_NAME), "abc", "its fields are read");
	TAP_INTEQ(req.fields[F_AGE].count, 2, "after the query's, as before");
	TAP_OK(req_reads_body(&req), "and lib/fcgi.c reads it");
}

static void uploads(void)
{
	struct req req;
	const char *body =
	    "--b\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"a.png\"\r\n"
	    "Content-Type: image/png\r\n\r\n0123456789\r\n"
	    "--b\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"b.png\"\r\n\r\n01234567890\r\n"
	    "--b\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"\"\r\n\r\n\r\n"
	    "--b--\r\n";
	fresh(&req, "POST", "/request", NULL, "multipart/form-data; boundary=b", NULL);
	TAP_INTEQ(parse_form(&req, body), 0, "a multipart form parses");
	TAP_INTEQ(req.fields[F_DOC].state, FIELD_TOO_LONG, "-bad- a file over its maximum marks the field");
	TAP_INTEQ(req.fields[F_DOC].count, 1, "the file within the limit is kept, the empty input dropped");
	TAP_INTEQ(req.fields[F_DOC].all[0]->len, 10, "with its bytes");
}

static void language(void)
{
	struct req req;
	char *env[] = { "HTTP_COOKIE=kaiji_lang=en; other=1", NULL };
	fresh(&req, "GET", "/register", NULL, NULL, env);
	req_begin(&req);
	TAP_STREQ(req.lang, "en", "the lang cookie picks English");
	fresh(&req, "GET", "/register", "lang=ja", NULL, env);
	req_begin(&req);
	TAP_STREQ(req.lang, "ja", "?lang= wins over the cookie");
	fresh(&req, "GET", "/register", "lang=fr", NULL, NULL);
	req_begin(&req);
	TAP_STREQ(req.lang, "ja", "-bad- an unknown language falls back to Japanese");
	char *junk[] = { "HTTP_COOKIE=;;==; \x01=\x02; kaiji_lang=en", NULL };
	fresh(&req, "GET", "/register", NULL, NULL, junk);
	TAP_INTEQ(req_begin(&req), 0, "-bad- foreign junk cookies are no error");
	TAP_STREQ(req.lang, "en", "and good ones still count");
}

static void headers(void)
{
	struct req req;
	fresh(&req, "GET", "/register", NULL, NULL, NULL);
	resp_defaults(&req);
	/* the defaults in one piece: the headers resp_header writes one by one */
	struct req each;
	struct arena *apart = arena_new(); /* not fresh's: that resets req's */
	memset(&each, 0, sizeof each);
	each.arena = apart;
	buf_init(&each.headers, apart);
	resp_header(&each, "Content-Type", "text/html; charset=utf-8");
	resp_header(&each, "Content-Security-Policy",
	            "default-src 'self'; script-src 'self'; style-src 'self'; "
	            "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
	            "form-action 'self'; frame-ancestors 'none'");
	resp_header(&each, "X-Content-Type-Options", "nosniff");
	resp_header(&each, "Referrer-Policy", "no-referrer");
	resp_header(&each, "X-Frame-Options", "DENY");
	resp_header(&each, "Cache-Control", "no-store");
	TAP_STREQ(req.headers.data, each.headers.data, "the default headers, as resp_header writes them");
	TAP_INTEQ(req.status, 200, "and the status 200");
	arena_free(apart);
	TAP_INTEQ(resp_header(&req, "X-Test", "a\r\nSet-Cookie: evil=1"), -1, "-bad- CR/LF in a value is refused");
	TAP_INTEQ(resp_header(&req, "X-Te\nst", "a"), -1, "-bad- LF in a name is refused");
	TAP_OK(strstr(req.headers.data, "evil") == NULL, "and nothing was added");
	TAP_INTEQ(resp_redirect(&req, "//evil.example/"), 500, "-bad- a protocol-relative redirect is refused");
	TAP_INTEQ(resp_redirect(&req, "https://evil.example/"), 500, "-bad- an absolute redirect is refused");
	TAP_INTEQ(resp_redirect(&req, "/status\r\nX: y"), 500, "-bad- CR/LF in a redirect is refused");
	TAP_INTEQ(resp_redirect(&req, "/status/view"), 0, "an own path redirects");
	TAP_INTEQ(req.status, 303, "with 303 See Other");
	TAP_OK(strstr(req.headers.data, "Location: /kaiji/status/view\r\n") != NULL, "below the base path");
	resp_header_replace(&req, "Cache-Control", "public, max-age=5");
	TAP_OK(strstr(req.headers.data, "no-store") == NULL && strstr(req.headers.data, "max-age=5"), "a header is replaced, not doubled");
	TAP_INTEQ(resp_cookie(&req, "a", "b;c", 10, true), -1, "-bad- a cookie value with ; is refused");
}

/* buf_put_int (decimal_before, which the wareki dates and the HDF
 * children's names share) writes what printf's %lld writes. */
static void decimals(void)
{
	const long long vs[] = { 0, 7, 10, -1, 42, -90, 1000000, LLONG_MAX, LLONG_MIN };
	for (size_t i = 0; i < sizeof vs / sizeof vs[0]; i++) {
		struct buf b;
		char want[32];
		buf_init(&b, arena);
		buf_put_int(&b, vs[i]);
		buf_putc(&b, '\0');
		snprintf(want, sizeof want, "%lld", vs[i]);
		TAP_STREQ(b.data, want, "buf_put_int(%s)", want);
	}
}

int main(void)
{
	arena = arena_new();
	app.base_path = "/kaiji";
	app.body_max = 1 << 20;
	app.upload_body_max = 1 << 22;
	app.limits = (struct form_limits){ 50, 64, 1 << 16, 0, 0 };
	app.upload_limits = (struct form_limits){ 50, 64, 1 << 16, 1 << 20, 5 };
	app.cfg = NULL;
	hdf_init(&app.cfg);
	routing();
	field_table();
	get_body();
	uploads();
	language();
	headers();
	decimals();
	hdf_destroy(&app.cfg);
	arena_free(arena);
	return TAP_DONE();
}

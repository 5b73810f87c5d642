#include "resp.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <fcgiapp.h>
#include <sodium.h>

#include "log.h"
#include "view.h"

#define CSP_HEAD                                                          \
	"default-src 'self'; script-src 'self'; style-src 'self'; "       \
	"img-src 'self' data:; object-src 'none'; base-uri 'none'; "      \
	"form-action 'self'"
#define CSP_TAIL "; frame-ancestors 'none'"

const char *resp_status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 410: return "Gone";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	default: return status >= 500 ? "Internal Server Error" : "Error";
	}
}

static bool header_safe(const char *s)
{
	for (; *s; s++)
		if (*s == '\r' || *s == '\n')
			return false;
	return true;
}

int resp_header(struct req *req, const char *name, const char *value)
{
	if (!header_safe(name) || !header_safe(value) || strchr(name, ':')) {
		log_event(LOG_WARN, "header %s refused: CR or LF in it", name);
		return -1;
	}
	buf_puts(&req->headers, name);
	buf_puts(&req->headers, ": ");
	buf_puts(&req->headers, value);
	buf_puts(&req->headers, "\r\n");
	return 0;
}

/* Drop the line "Name: ..." from the headers built so far. */
static void header_drop(struct req *req, const char *name)
{
	size_t nlen = strlen(name);
	char *p = req->headers.data;
	while (*p) {
		char *eol = strstr(p, "\r\n");
		if (eol == NULL)
			break;
		if (strncasecmp(p, name, nlen) == 0 && p[nlen] == ':') {
			size_t rest = req->headers.len - (size_t)(eol + 2 - req->headers.data);
			memmove(p, eol + 2, rest + 1);
			req->headers.len -= (size_t)(eol + 2 - p);
			continue;
		}
		p = eol + 2;
	}
}

int resp_header_replace(struct req *req, const char *name, const char *value)
{
	if (!header_safe(value))
		return -1;
	header_drop(req, name);
	return resp_header(req, name, value);
}

/* What resp_header would write for each, in one piece: constants, so no
 * CR or LF to look for on every request. */
static const char defaults[] =
    "Content-Type: text/html; charset=utf-8\r\n"
    "Content-Security-Policy: " CSP_HEAD CSP_TAIL "\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "Referrer-Policy: no-referrer\r\n"
    "X-Frame-Options: DENY\r\n"
    "Cache-Control: no-store\r\n";

void resp_defaults(struct req *req)
{
	req->status = 200;
	buf_append(&req->headers, defaults, sizeof defaults - 1);
}

int resp_csp_form_action(struct req *req, const char *sources)
{
	size_t n = strlen(sources);
	/* Only https origins: scheme, host, port, spaces between them. */
	if (n == 0 || n > 1024 ||
	    strspn(sources, "abcdefghijklmnopqrstuvwxyz"
	                    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:/ ") != n) {
		log_event(LOG_WARN, "form-action sources refused");
		return -1;
	}
	char *v = arena_printf(req->arena, "%s %s%s", CSP_HEAD, sources, CSP_TAIL);
	return resp_header_replace(req, "Content-Security-Policy", v);
}

static bool cookie_safe(const char *s)
{
	for (; *s; s++)
		if (*s <= ' ' || *s >= 0x7f || *s == ';' || *s == ',' || *s == '"' ||
		    *s == '\\')
			return false;
	return true;
}

static bool path_safe(const char *p);

int resp_cookie_path(struct req *req, const char *name, const char *value,
                     const char *path, long max_age, bool http_only)
{
	if (!cookie_safe(name) || !cookie_safe(value) || !path_safe(path) ||
	    strchr(path, ';') != NULL)
		return -1;
	char age[32] = "";
	if (max_age >= 0)
		snprintf(age, sizeof age, "; Max-Age=%ld", max_age);
	/* Secure unless the site opted out for plain-http development
	 * (Kaiji.InsecureCookies, set by tools/stack): behind a load balancer
	 * that ends TLS the FastCGI HTTPS parameter is off although the
	 * browser speaks https (issue 16 item 6). */
	bool secure = req->https ||
	              hdf_get_int_value(req->app->cfg, "Kaiji.InsecureCookies", 0) != 1;
	char *c = arena_printf(req->arena, "%s=%s; Path=%s%s%s; "
	                       "SameSite=Strict%s%s", name, value,
	                       req->app->base_path, path, age,
	                       http_only ? "; HttpOnly" : "",
	                       secure ? "; Secure" : "");
	return resp_header(req, "Set-Cookie", c);
}

int resp_cookie(struct req *req, const char *name, const char *value,
                long max_age, bool http_only)
{
	return resp_cookie_path(req, name, value, "/", max_age, http_only);
}

static bool path_safe(const char *p)
{
	if (p[0] != '/' || p[1] == '/' || p[1] == '\\')
		return false;
	for (; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("/-_.~?=&%#", *p)))
			return false;
	return true;
}

int resp_redirect(struct req *req, const char *path)
{
	if (!path_safe(path)) {
		log_event(LOG_ERR, "redirect refused: unsafe path");
		return 500;
	}
	req->status = 303;
	resp_header(req, "Location",
	            arena_printf(req->arena, "%s%s", req->app->base_path, path));
	req->body.len = 0;
	req->body.data[0] = '\0';
	return 0;
}

bool resp_cache_public(struct req *req, int max_age, const void *key,
                       size_t len)
{
	unsigned char h[16];
	char hex[33], etag[40];
	crypto_generichash(h, sizeof h, key, len, NULL, 0);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	snprintf(etag, sizeof etag, "\"%s\"", hex);
	resp_header_replace(req, "Cache-Control",
	                    arena_printf(req->arena, "public, max-age=%d", max_age));
	resp_header(req, "ETag", etag);
	resp_header(req, "Vary", "Cookie");
	req->cache_public = true;
	const char *inm = req_env(req, "HTTP_IF_NONE_MATCH");
	if (inm == NULL || strstr(inm, etag) == NULL)
		return false;
	req->status = 304;
	req->body.len = 0;
	req->body.data[0] = '\0';
	return true;
}

void resp_error(struct req *req, int status)
{
	req->status = status;
	req->body.len = 0;
	req->body.data[0] = '\0';
	resp_header_replace(req, "Content-Type", "text/html; charset=utf-8");
	resp_header_replace(req, "Cache-Control", "no-store");
	header_drop(req, "ETag"); /* a public page's, made before it failed */
	req->cache_public = false;
	view_set_int(req, "Error.Status", status);
	view_setf(req, "Error.Key", "E%d", status);
	if (view_render(req, "error") != 0) {
		/* The error page itself failed: plain text, no template. */
		resp_header_replace(req, "Content-Type", "text/plain; charset=utf-8");
		buf_printf(&req->body, "%d %s\n", status, resp_status_text(status));
	}
}

void resp_send(struct req *req)
{
	FCGX_Request *fr = req->fcgx;
	char line[64];
	snprintf(line, sizeof line, "Status: %d %s\r\n", req->status,
	         resp_status_text(req->status));
	FCGX_PutS(line, fr->out);
	FCGX_PutStr(req->headers.data, (int)req->headers.len, fr->out);
	if (req->stream && req->status == 200) {
		FCGX_PutS("\r\n", fr->out);
		if (strcmp(req->method ? req->method : "GET", "HEAD") != 0 &&
		    req->stream(req) != 0)
			log_event(LOG_ERR, "%s: streamed body cut short", req->path);
		return;
	}
	snprintf(line, sizeof line, "Content-Length: %zu\r\n\r\n", req->body.len);
	FCGX_PutS(line, fr->out);
	const char *method = req->method ? req->method : "GET";
	if (strcmp(method, "HEAD") != 0 && req->body.len)
		FCGX_PutStr(req->body.data, (int)req->body.len, fr->out);
}

int resp_write(struct req *req, const void *p, size_t len)
{
	FCGX_Request *fr = req->fcgx;
	while (len > 0) {
		int chunk = len > (1u << 20) ? 1 << 20 : (int)len;
		if (FCGX_PutStr(p, chunk, fr->out) != chunk)
			return -1;
		p = (const char *)p + chunk;
		len -= (size_t)chunk;
	}
	return 0;
}

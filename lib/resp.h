/* The response: status, headers (one writer, which refuses CR and LF),
 * redirects to our own paths only, error pages, and the final write. */
#ifndef KAIJI_RESP_H
#define KAIJI_RESP_H

#include <stdbool.h>

#include "req.h"

/* The security headers of DESIGN.md, Content-Type html, no-store. */
void resp_defaults(struct req *req);
/* The same CSP with form-action 'self' widened by sources ("https://host
 * https://host:port"): only a page whose form leaves the site for a
 * payment provider calls it (DESIGN.md rule 4). -1 on other characters. */
int resp_csp_form_action(struct req *req, const char *sources);
/* -1 (and nothing added) when name or value holds CR, LF or NUL. */
int resp_header(struct req *req, const char *name, const char *value);
/* Replace a header set earlier (Cache-Control, Content-Type...). */
int resp_header_replace(struct req *req, const char *name, const char *value);
int resp_cookie(struct req *req, const char *name, const char *value,
                long max_age, bool http_only);
/* The same for a path below the base path ("/desk/"); max_age < 0 makes a
 * session cookie, which the browser drops when it closes. */
int resp_cookie_path(struct req *req, const char *name, const char *value,
                     const char *path, long max_age, bool http_only);
/* 303 See Other to base_path + path; path must start with '/' and hold
 * only URL-safe characters. Returns 0, or 500 when path is refused. */
int resp_redirect(struct req *req, const char *path);
/* Public page: Cache-Control with max-age and an ETag made from key, which
 * holds everything that decides the page's bytes (the caller's promise:
 * view_digest of its template, the data's version, the request's
 * address and parameters), so that it can be known before rendering.
 * true when If-None-Match holds it: 304 set, nothing to render. */
bool resp_cache_public(struct req *req, int max_age, const void *key,
                       size_t len);
/* Render templates/error.cs for status in the request's language. */
void resp_error(struct req *req, int status);
/* Send status, headers and body through FastCGI. */
void resp_send(struct req *req);
/* Part of a streamed body (req->stream): -1 when the client is gone. */
int resp_write(struct req *req, const void *p, size_t len);

const char *resp_status_text(int status);

#endif

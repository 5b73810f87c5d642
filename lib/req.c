#include "req.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "token.h"

const char *req_env(struct req *req, const char *name)
{
	size_t n = strlen(name);
	for (char **e = req->envp; e && *e; e++)
		if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

static const char *param_find(const struct param *p, const char *name)
{
	for (; p; p = p->next)
		if (strcmp(p->name, name) == 0)
			return p->value;
	return NULL;
}

const char *req_cookie(struct req *req, const char *name)
{
	return param_find(req->cookies, name);
}

const char *req_param_raw(struct req *req, const char *name)
{
	return param_find(req->params, name);
}

const char *req_field(struct req *req, size_t i)
{
	if (req->fields == NULL || i >= req->prog->nfields)
		return NULL;
	return req->fields[i].value;
}

enum field_state req_field_state(struct req *req, size_t i)
{
	if (req->fields == NULL || i >= req->prog->nfields)
		return FIELD_ABSENT;
	return req->fields[i].state;
}

/* "/register/{}" against "/register/12": captures "12". */
static int path_match(struct req *req, const char *pattern, const char *path)
{
	int nargs = 0;
	while (*pattern && *path) {
		if (pattern[0] == '{' && pattern[1] == '}') {
			size_t n = strspn(path, "abcdefghijklmnopqrstuvwxyz"
			                        "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			                        "0123456789-_");
			if (n == 0 || n > 64 || nargs == 4)
				return 0;
			req->route_arg[nargs++] = arena_strndup(req->arena, path, n);
			path += n;
			pattern += 2;
		} else if (*pattern++ != *path++) {
			return 0;
		}
	}
	return *pattern == '\0' && *path == '\0';
}

int req_route(struct req *req, const struct route *routes, char *allow,
              size_t allowlen)
{
	bool path_found = false;
	allow[0] = '\0';
	for (const struct route *r = routes; r->path; r++) {
		if (!path_match(req, r->path, req->path))
			continue;
		if (strcmp(r->method, req->method) == 0 ||
		    (strcmp(req->method, "HEAD") == 0 &&
		     strcmp(r->method, "GET") == 0)) {
			req->route = r;
			return 0;
		}
		size_t used = strlen(allow);
		snprintf(allow + used, allowlen - used, "%s%s", used ? ", " : "",
		         r->method);
		path_found = true;
	}
	return path_found ? 405 : 404;
}

size_t req_body_limit(struct req *req)
{
	if (req->route && (req->route->flags & ROUTE_UPLOAD))
		return req->app->upload_body_max;
	return req->app->body_max;
}

static int status_of(enum form_status s)
{
	switch (s) {
	case FORM_OK:
		return 0;
	case FORM_MALFORMED:
		return 400;
	case FORM_TOO_LARGE:
	case FORM_TOO_MANY:
		return 413;
	}
	return 400;
}

static struct param *list_tail(struct param *p)
{
	while (p && p->next)
		p = p->next;
	return p;
}

static int parse_body(struct req *req, const char *body, size_t len,
                      struct param **out)
{
	const char *ct = req->content_type ? req->content_type : "";
	size_t mlen = strcspn(ct, ";");
	*out = NULL;
	if (len == 0)
		return 0;
	if (mlen == 33 &&
	    strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0)
		return status_of(form_parse_urlencoded(req->arena, body, len,
		                                       &req->app->limits, out));
	if (mlen == 19 && strncasecmp(ct, "multipart/form-data", 19) == 0) {
		if (!(req->route && (req->route->flags & ROUTE_UPLOAD)))
			return 415;
		const char *b = form_multipart_boundary(req->arena, ct);
		if (b == NULL)
			return 400;
		return status_of(form_parse_multipart(req->arena, body, len, b,
		                                      &req->app->upload_limits,
		                                      out));
	}
	return 415;
}

/* Characters, not bytes: a Japanese user counts 文字. */
static size_t utf8_chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

static bool parse_int(const char *s, long min, long max, long *out)
{
	char *end;
	errno = 0;
	if (*s == '\0' || *s == ' ' || *s == '+')
		return false;
	long v = strtol(s, &end, 10);
	if (errno || *end != '\0' || v < min || v > max)
		return false;
	*out = v;
	return true;
}

static enum field_state check_text(const struct field *f, const struct param *p,
                                   long *num)
{
	if (utf8_chars(p->value, p->len) > f->max)
		return FIELD_TOO_LONG;
	if (f->type == FIELD_INT && !parse_int(p->value, f->min, f->max_int, num))
		return FIELD_INVALID;
	if (f->valid && !f->valid(p->value, p->len))
		return FIELD_INVALID;
	return FIELD_OK;
}

static void keep_value(struct req *req, struct field_value *fv,
                       const struct param *p)
{
	if (fv->count == 0) {
		fv->all = arena_calloc(req->arena, 8, sizeof *fv->all);
	} else if (fv->count % 8 == 0) {
		const struct param **all =
		    arena_calloc(req->arena, fv->count + 8, sizeof *all);
		memcpy(all, fv->all, fv->count * sizeof *all);
		fv->all = all;
	}
	fv->all[fv->count++] = p;
}

/* One sent value of field f: returns 400 for text that is not valid UTF-8
 * or holds control characters, else 0 after recording its state. */
static int validate_one(struct req *req, const struct field *f,
                        struct field_value *fv, const struct param *p)
{
	if (f->type == FIELD_FILE) {
		if (p->filename == NULL)
			return 0;
		if (p->len == 0 && p->filename[0] == '\0')
			return 0; /* no file chosen */
		if (p->len > f->max) {
			fv->state = FIELD_TOO_LONG;
			return 0;
		}
		if (fv->state == FIELD_ABSENT) {
			fv->state = FIELD_OK;
			fv->file = p;
		}
		keep_value(req, fv, p);
		return 0;
	}
	if (p->filename != NULL)
		return 400;
	if (!form_text_valid(p->value, p->len, f->type == FIELD_TEXT))
		return 400;
	if (p->len == 0)
		return 0;
	long num = 0;
	enum field_state st = check_text(f, p, &num);
	if (fv->state == FIELD_ABSENT || fv->state == FIELD_OK) {
		if (st == FIELD_OK && fv->state == FIELD_ABSENT) {
			fv->value = p->value;
			fv->len = p->len;
			fv->num = num;
		}
		if (st != FIELD_OK) {
			fv->value = NULL;
			fv->len = 0;
		}
		fv->state = st;
	}
	if (st == FIELD_OK)
		keep_value(req, fv, p);
	return 0;
}

static int validate_fields(struct req *req)
{
	const struct program *prog = req->prog;
	req->fields = arena_calloc(req->arena, prog->nfields + 1,
	                           sizeof *req->fields);
	for (const struct param *p = req->params; p; p = p->next) {
		size_t i;
		for (i = 0; i < prog->nfields; i++)
			if (prog->fields[i].name &&
			    strcmp(prog->fields[i].name, p->name) == 0)
				break;
		if (i == prog->nfields) {
			/* Unknown fields are dropped, but text must still be text. */
			if (p->filename == NULL &&
			    !form_text_valid(p->value, p->len, true))
				return 400;
			continue;
		}
		int rc = validate_one(req, &prog->fields[i], &req->fields[i], p);
		if (rc)
			return rc;
	}
	return 0;
}

static void pick_lang(struct req *req)
{
	const char *q = req_param_raw(req, "lang");
	const char *c = req_cookie(req, "kaiji_lang");
	const char *def = hdf_get_value(req->app->cfg, "Kaiji.DefaultLang", "ja");
	if (q && (strcmp(q, "ja") == 0 || strcmp(q, "en") == 0))
		req->lang = q;
	else if (c && (strcmp(c, "ja") == 0 || strcmp(c, "en") == 0))
		req->lang = c;
	else
		req->lang = strcmp(def, "en") == 0 ? "en" : "ja";
}

int req_begin(struct req *req)
{
	const char *cookie = req_env(req, "HTTP_COOKIE");
	int rc;

	req->lang = "ja";
	if (cookie)
		form_parse_cookies(req->arena, cookie, &req->app->limits,
		                   &req->cookies);
	if (req->query && *req->query) {
		rc = status_of(form_parse_urlencoded(req->arena, req->query,
		                                     strlen(req->query),
		                                     &req->app->limits,
		                                     &req->params));
		if (rc) {
			req->params = NULL;
			pick_lang(req);
			return 400;
		}
	}
	pick_lang(req);
	return 0;
}

/* A GET's or HEAD's page is a function of its address: a public one is
 * kept by caches keyed on the address (conf/nginx/kaiji.conf's
 * micro-cache), so parameters from a body would put one client's page
 * under everyone's address. Ignored rather than 400: the body has no
 * meaning there (RFC 9110 §9.3.1) and the page answered is the
 * address's own, which any cache may keep. */
bool req_reads_body(const struct req *req)
{
	return strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0;
}

int req_parse(struct req *req, const char *body, size_t len)
{
	struct param *form = NULL;
	int rc = parse_body(req, body, req_reads_body(req) ? len : 0, &form);
	if (rc)
		return rc;
	if (req->params)
		list_tail(req->params)->next = form;
	else
		req->params = form;
	req->body_params = form;
	return validate_fields(req);
}

bool req_csrf_ok(struct req *req)
{
	/* Only from the body: a token in a URL would leak through logs. */
	const char *token = param_find(req->body_params, "csrf");
	return token_csrf_valid(req->arena, req_cookie(req, "kaiji_csrf"), token);
}

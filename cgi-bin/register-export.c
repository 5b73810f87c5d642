/* GET /kaiji/register.csv and /kaiji/register.json: the register as open
 * data, with the list's filters (and its search, with q). Streamed, so a
 * register of 100,000 entries is never held in memory; the ETag is the
 * register's version with the address, so a 304 costs no query. */
#include "register-pages.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "log.h"
#include "register-io.h"
#include "resp.h"

#define FLUSH_AT 65536

struct export {
	struct req *req;
	struct buf out;
	bool json, first;
	int failed;
};

static int flush(struct export *x)
{
	if (x->out.len && resp_write(x->req, x->out.data, x->out.len) != 0)
		x->failed = 1;
	x->out.len = 0;
	x->out.data[0] = '\0';
	return x->failed;
}

static int one(void *ctx, const struct reg_entry *e)
{
	struct export *x = ctx;
	if (x->json) {
		buf_puts(&x->out, x->first ? "\n" : ",\n");
		reg_json_entry(&x->out, e);
	} else {
		reg_csv_row(&x->out, e);
	}
	x->first = false;
	return x->out.len >= FLUSH_AT ? flush(x) : 0;
}

static int stream(struct req *req)
{
	struct export *x = req->stream_ctx;
	struct reg_filter f;
	register_filter(req, &f);
	buf_init(&x->out, req->arena);
	const struct profile_register *r = &req->app->profile.reg;
	if (x->json)
		reg_json_head(&x->out, r->kind == REGISTER_FILE_BOOK ? "file_book"
		                                                   : "jimu_register",
		              r->name);
	else
		reg_csv_header(&x->out);
	int rc = reg_each(req->app->db, req->arena, req_field(req, RF_Q), &f, one, x);
	if (x->json)
		reg_json_tail(&x->out);
	flush(x);
	return rc != 0 || x->failed ? -1 : 0;
}

/* "version-address" hashed: changes with every write to the register. */
static bool etag_fresh(struct req *req, long long version)
{
	unsigned char h[16];
	char hex[33], etag[40];
	const char *key = arena_printf(req->arena, "export-1 %lld %s %s", version,
	                               req->path, register_query(req, NULL));
	crypto_generichash(h, sizeof h, (const unsigned char *)key, strlen(key),
	                   NULL, 0);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	snprintf(etag, sizeof etag, "\"%s\"", hex);
	resp_header_replace(req, "Cache-Control", "public, max-age=300");
	resp_header(req, "ETag", etag);
	req->cache_public = true;
	const char *inm = req_env(req, "HTTP_IF_NONE_MATCH");
	return inm && strstr(inm, etag);
}

static int export(struct req *req, bool json)
{
	if (reg_read_begin(req->app->db) != 0)
		return 500;
	long long version = reg_version(req->app->db);
	if (version < 0)
		return 500;
	resp_header_replace(req, "Content-Type", json
	                        ? "application/json; charset=utf-8"
	                        : "text/csv; charset=utf-8; header=present");
	resp_header(req, "Content-Disposition", json
	                ? "inline; filename=\"register.json\""
	                : "attachment; filename=\"register.csv\"");
	resp_header(req, "Access-Control-Allow-Origin", "*");
	if (etag_fresh(req, version)) {
		req->status = 304;
		return 0;
	}
	struct export *x = arena_calloc(req->arena, 1, sizeof *x);
	x->req = req;
	x->json = json;
	x->first = true;
	req->stream = stream;
	req->stream_ctx = x;
	return 0;
}

int register_csv(struct req *req)
{
	return export(req, false);
}

int register_json(struct req *req)
{
	return export(req, true);
}

/* /kaiji/register: the register of personal-information files (法75, or
 * the city's ordinance register): browse, search, detail, open data. */
#include "register-pages.h"

#include <stdio.h>
#include <string.h>

#include <utf8proc.h>

#include "calendar.h"
#include "datefmt.h"
#include "fcgi.h"
#include "register-io.h"
#include "resp.h"
#include "view.h"

static bool sort_valid(const char *v, size_t len)
{
	(void)len;
	return strcmp(v, "name") == 0 || strcmp(v, "updated") == 0;
}

static bool agency_valid(const char *v, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!((v[i] >= 'a' && v[i] <= 'z') || (v[i] >= '0' && v[i] <= '9') ||
		      v[i] == '_' || v[i] == '-'))
			return false;
	return true;
}

static const struct field fields[RF__N] = {
	[RF_Q] = { "q", FIELD_LINE, REG_QUERY_MAX, 0, 0, NULL },
	[RF_AGENCY] = { "agency", FIELD_LINE, 64, 0, 0, agency_valid },
	[RF_DEPARTMENT] = { "department", FIELD_LINE, 100, 0, 0, NULL },
	[RF_SORT] = { "sort", FIELD_LINE, 8, 0, 0, sort_valid },
	[RF_PAGE] = { "page", FIELD_INT, 7, 1, 1000000, NULL },
	[RF_ABOLISHED] = { "abolished", FIELD_INT, 1, 0, 1, NULL },
};

void register_filter(struct req *req, struct reg_filter *f)
{
	const char *sort = req_field(req, RF_SORT);
	f->agency = req_field(req, RF_AGENCY);
	f->department = req_field(req, RF_DEPARTMENT);
	f->abolished = req_field_state(req, RF_ABOLISHED) == FIELD_OK &&
	               req->fields[RF_ABOLISHED].num == 1;
	f->sort = sort && strcmp(sort, "updated") == 0 ? REG_SORT_UPDATED
	                                               : REG_SORT_NAME;
}

const char *register_query(struct req *req, const char *extra)
{
	static const enum reg_form_field kept[] = { RF_Q, RF_AGENCY, RF_DEPARTMENT,
		                                        RF_SORT, RF_ABOLISHED };
	struct buf b;
	buf_init(&b, req->arena);
	for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
		const char *v = req_field(req, kept[i]);
		if (v && *v)
			reg_url_arg(&b, fields[kept[i]].name, v);
	}
	if (extra && *extra) {
		buf_putc(&b, b.len ? '&' : '?');
		buf_puts(&b, extra);
	}
	return b.data;
}

const char *register_back(struct req *req)
{
	long page = req_field_state(req, RF_PAGE) == FIELD_OK ? req->fields[RF_PAGE].num : 1;
	return register_query(req, page > 1 ? arena_printf(req->arena, "page=%ld", page)
	                                    : NULL);
}

const char *register_agency_name(struct req *req, const char *id,
                                 const char *fallback)
{
	const struct agency *a = profile_agency(&req->app->profile, id);
	if (a == NULL)
		return fallback;
	if (strcmp(req->lang, "en") == 0 && a->name_en && *a->name_en)
		return a->name_en;
	return a->name;
}

const char *register_string(struct req *req, const char *prefix,
                            const char *name)
{
	struct buf key;
	buf_init(&key, req->arena);
	buf_puts(&key, prefix);
	buf_puts(&key, name);
	return view_string(req, key.data);
}

const char *register_date(struct req *req, const char *iso)
{
	cal_day d;
	char buf[64];
	if (iso == NULL || cal_parse(iso, &d) != 0)
		return iso ? iso : "";
	if (strcmp(req->lang, "ja") == 0 &&
	    cal_format_wareki(d, buf, sizeof buf) == 0)
		return arena_strdup(req->arena, buf);
	return datefmt_day(req, d);
}

const char *register_text(struct req *req, const char *key,
                          const char *const *names, const char *const *values,
                          size_t n)
{
	const char *s = view_string(req, key);
	struct buf b;
	buf_init(&b, req->arena);
	while (*s) {
		size_t i = n;
		if (*s == '{')
			for (i = 0; i < n; i++)
				if (strncmp(s + 1, names[i], strlen(names[i])) == 0 &&
				    s[1 + strlen(names[i])] == '}')
					break;
		if (i < n) {
			buf_puts(&b, values[i]);
			s += strlen(names[i]) + 2;
		} else {
			buf_putc(&b, *s++);
		}
	}
	return b.data;
}

int register_cache(struct req *req, const char *template, long long *version_out)
{
	unsigned char d[VIEW_DIGEST_BYTES];
	long long version = reg_version(req->app->db);
	if (version < 0 || view_digest(req, template, d) != 0)
		return -1;
	if (version_out)
		*version_out = version;
	/* The page is a function of these alone: the register as of its
	 * version, the address, the query's parameters as parsed (a GET's
	 * body is never read: lib/req.c), the language and what renders it
	 * (view_digest); utf8proc's normalisation decides what a search
	 * finds. Each value with its length: two lists never read the same. */
	struct buf key;
	buf_init(&key, req->arena);
	buf_append(&key, d, sizeof d);
	buf_printf(&key, "register-1 %lld %s %s %zu:%s", version,
	           utf8proc_version(), utf8proc_unicode_version(),
	           strlen(req->path), req->path);
	for (const struct param *p = req->params; p; p = p->next) {
		buf_printf(&key, " %zu:%s=%zu:", strlen(p->name), p->name, p->len);
		buf_append(&key, p->value, p->len);
	}
	return resp_cache_public(req, 60, key.data, key.len) ? 1 : 0;
}

static int init(struct app *app, char *err, size_t errlen)
{
	if (reg_tune(app->db) != 0) {
		snprintf(err, errlen, "cannot set up the database for searching");
		return -1;
	}
	/* checked by profile_load: UTF-8 like every profile value */
	(void)reg_synonyms_set(app->profile.reg.synonyms, app->profile.reg.n_synonyms);
	return 0;
}

static const struct route routes[] = {
	{ "GET", "/register", register_list, ROUTE_PUBLIC },
	{ "GET", "/register/{}", register_detail, ROUTE_PUBLIC },
	{ "GET", "/register.csv", register_csv, ROUTE_PUBLIC },
	{ "GET", "/register.json", register_json, ROUTE_PUBLIC },
	{ NULL, NULL, NULL, 0 },
};

static const struct program program = { "register", routes, fields, RF__N,
	                                    init, 0 };

int main(int argc, char **argv)
{
	return fcgi_main(argc, argv, &program);
}

/* The register program's pages (cgi-bin/register-*.c) and what they share. */
#ifndef KAIJI_REGISTER_PAGES_H
#define KAIJI_REGISTER_PAGES_H

#include "register.h"
#include "req.h"

enum reg_form_field {
	RF_Q,          /* search words */
	RF_AGENCY,     /* agency id */
	RF_DEPARTMENT, /* department name */
	RF_SORT,       /* name | updated */
	RF_PAGE,       /* from 1 */
	RF_ABOLISHED,  /* 1: include abolished entries */
	RF__N
};

int register_list(struct req *req);
int register_detail(struct req *req);
int register_csv(struct req *req);
int register_json(struct req *req);

/* The filter of the request's validated fields. */
void register_filter(struct req *req, struct reg_filter *f);
/* "?q=…&agency=…" for the request's filters (page and format aside), each
 * value percent-encoded; "" when there are none. extra ("page=2") is
 * appended. */
const char *register_query(struct req *req, const char *extra);
/* register_query with the page when past the first: what an entry's link
 * carries, and its 一覧に戻る gives back to the list. */
const char *register_back(struct req *req);
/* The agency's name in the request's language. */
const char *register_agency_name(struct req *req, const char *id,
                                 const char *fallback);
/* The string key of the request's language with each {name} replaced by
 * its value (the strings put words in each language's order). */
const char *register_text(struct req *req, const char *key,
                          const char *const *names, const char *const *values,
                          size_t n);
/* Public caching of a page rendered with template: its ETag made before
 * rendering from what decides the page, the register's version among it
 * (*version, when not NULL, for the rest of the page). 1: If-None-Match
 * holds it (304 set, render nothing), 0: render, -1: error. */
int register_cache(struct req *req, const char *template, long long *version);
/* The string prefix + name of the request's language ("L.Register.F."
 * and a field's label): a dozen a page, so no printf. */
const char *register_string(struct req *req, const char *prefix,
                            const char *name);
/* "令和7年4月1日" in Japanese, "2025-04-01" in English. */
const char *register_date(struct req *req, const char *iso);

#endif

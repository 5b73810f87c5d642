/* GET /kaiji/register: the list, filtered by agency and department,
 * sorted by name or last change; with q, the search, with the words found
 * marked. Public and cacheable: the same address always shows the same
 * page until the register changes. */
#include "register-pages.h"

#include <stdio.h>
#include <string.h>

#include "resp.h"
#include "view.h"

#define EXCERPT_WIDTH 60
#define PAGER_SPAN 2

/* The node I of list with value as its own value (an empty name sets the
 * node's): one node where a child under it would make two. */
static HDF *valued_child(HDF *list, size_t i, const char *value)
{
	HDF *c = view_child(list, i);
	view_node_set(c, "", value);
	return c;
}

/* Each segment the value of one node, numbered 2i for text and 2i + 1
 * for a hit (the template marks the odd ones): a node a segment instead
 * of two or three, the search page's most numerous. */
static void segments_set(struct req *req, HDF *parent, const char *name,
                         const struct reg_marks *m)
{
	struct reg_segment *seg;
	size_t n = reg_marks_segments(req->arena, m, &seg);
	HDF *list = n ? view_node_of(parent, name) : NULL;
	for (size_t i = 0; i < n; i++)
		valued_child(list, 2 * i + seg[i].hit, seg[i].text);
}

static bool has_hit(struct req *req, const char *text,
                    const struct reg_page *page)
{
	const char *norm = reg_normalize(req->arena, text);
	for (size_t t = 0; norm && t < page->nterms; t++)
		if (strstr(norm, page->terms[t]))
			return true;
	return false;
}

/* Where the words were found, when not in the name (reg_find says). */
static void excerpt_set(struct req *req, HDF *entry,
                        const struct reg_entry *e, const struct reg_page *page)
{
	if (e->name_hit)
		return;
	for (int i = 0; i < REG__NFIELDS; i++) {
		enum reg_type t = reg_fields[i].type;
		if (i == REG_NAME || (t != REG_T_LINE && t != REG_T_TEXT) ||
		    !e->v[i][0] || !has_hit(req, e->v[i], page))
			continue;
		bool before, after;
		const char *x = reg_excerpt(req->arena, e->v[i], page->terms,
		                            page->nterms, EXCERPT_WIDTH, &before, &after);
		HDF *ex = view_node_of(entry, "Excerpt");
		view_node_set(ex, "Label",
		              register_string(req, "L.Register.F.", reg_fields[i].label));
		view_node_set(ex, "Before", before ? "1" : "");
		view_node_set(ex, "After", after ? "1" : "");
		segments_set(req, ex, "Seg",
		             reg_marks_of(req->arena, x, page->terms, page->nterms));
		return;
	}
}

/* Entries.ID: the template makes the entry's link of its node's name
 * and Back.Query, the same for every entry. The list shows the name, the
 * node's value; a search its segments. */
static void entry_set(struct req *req, HDF *list, const struct reg_entry *e,
                      const struct reg_page *page, bool search)
{
	HDF *p = valued_child(list, (size_t)e->id, search ? "" : e->v[REG_NAME]);
	view_node_set(p, "Agency",
	              register_agency_name(req, e->v[REG_AGENCY], e->agency_name));
	view_node_set(p, "Department", e->v[REG_DEPARTMENT]);
	view_node_set(p, "Updated", register_date(req, e->updated_on));
	view_node_set(p, "UpdatedIso", e->updated_on);
	if (e->abolished_on[0])
		view_node_set(p, "Abolished", register_date(req, e->abolished_on));
	if (!search)
		return;
	segments_set(req, p, "NameSeg", e->name_marks ? e->name_marks
	             : reg_marks_of(req->arena, e->v[REG_NAME], page->terms, page->nterms));
	excerpt_set(req, p, e, page);
}

/* Each department the value of its node, as the template reads it. */
static void departments_set(HDF *list, const char **deps, long n)
{
	for (long i = 0; i < n; i++)
		valued_child(list, (size_t)i, deps[i]);
}

/* The options of the agency and department filters are the same for
 * every request of a language until the register changes (they were two
 * thirds of a list page's HDF nodes, each made and freed per request):
 * they are kept in the view's shared data of the language, Filters.*,
 * made again when the register's version is not theirs. The template
 * reads the request's data first: a request filtered by agency sets its
 * own Filters.Departments (empty when the agency has none). What is
 * selected the template compares with Form.Agency and Form.Department. */
static int filters_shared(struct req *req, long long v)
{
	char version[24];
	snprintf(version, sizeof version, "%lld", v);
	HDF *g = view_shared(req);
	const char *had = hdf_get_value(g, "Filters.Version", NULL);
	if (had && strcmp(had, version) == 0)
		return 0;
	const char **deps;
	long n = reg_departments(req->app->db, req->arena, NULL, &deps);
	if (n < 0)
		return -1;
	view_node_remove(g, "Filters");
	const struct profile *pr = &req->app->profile;
	HDF *filters = view_node_of(g, "Filters");
	HDF *list = view_node_of(filters, "Agencies");
	for (size_t i = 0; i < pr->n_agencies; i++) {
		HDF *p = view_child(list, i);
		view_node_set(p, "Id", pr->agencies[i].id);
		view_node_set(p, "Name", register_agency_name(req, pr->agencies[i].id,
		                                              pr->agencies[i].name));
	}
	departments_set(view_node_of(filters, "Departments"), deps, n);
	view_node_set(filters, "Version", version);
	return 0;
}

static int filters_set(struct req *req, const struct reg_filter *f, long long version)
{
	if (filters_shared(req, version) != 0)
		return -1;
	if (f->agency && *f->agency) {
		const char **deps;
		long n = reg_departments(req->app->db, req->arena, f->agency, &deps);
		if (n < 0)
			return -1;
		departments_set(view_node(req, "Filters.Departments"), deps, n);
		view_set(req, "Form.Agency", f->agency);
	}
	if (f->department && *f->department)
		view_set(req, "Form.Department", f->department);
	/* an empty value is not set: the template reads a missing one as "" */
	const char *q = req_field(req, RF_Q);
	if (q && *q)
		view_set(req, "Form.Q", q);
	view_set(req, "Form.Sort", f->sort == REG_SORT_UPDATED ? "updated" : "name");
	if (f->abolished)
		view_set(req, "Form.Abolished", "1");
	return 0;
}

/* The request's filters (base, register_query's) and "page=", to which
 * a link adds its number. */
static const char *page_query(struct req *req, const char *base)
{
	struct buf b;
	buf_init(&b, req->arena);
	buf_puts(&b, base);
	buf_putc(&b, *base ? '&' : '?');
	buf_puts(&b, "page=");
	return b.data;
}

/* The links' numbers, each a node's value (Gap or Current under it); the
 * template writes each address as Pager.Query and the number. */
static void pager_set(struct req *req, long page, long total, const char *query)
{
	long pages = (total + REG_PAGE_SIZE - 1) / REG_PAGE_SIZE;
	if (pages <= 1)
		return;
	view_set_int(req, "Pager.Pages", pages);
	view_set(req, "Pager.Query", query);
	if (page > 1)
		view_set_int(req, "Pager.Prev", page - 1);
	if (page < pages)
		view_set_int(req, "Pager.Next", page + 1);
	/* The first, the last, and PAGER_SPAN on each side of this one. */
	size_t n = 0;
	long last = 0;
	HDF *links = view_node(req, "Pager.Links");
	for (long p = 1; p <= pages; p++) {
		if (p != 1 && p != pages && (p < page - PAGER_SPAN || p > page + PAGER_SPAN))
			continue;
		if (p > last + 1)
			view_node_set(view_child(links, n++), "Gap", "1");
		HDF *k = view_child(links, n++);
		view_node_set_int(k, "", p);
		if (p == page)
			view_node_set(k, "Current", "1");
		last = p;
		if (p == 1 && page - PAGER_SPAN > 2)
			p = page - PAGER_SPAN - 1;
		else if (p >= page + PAGER_SPAN && p < pages - 1)
			p = pages - 1;
	}
}

static void summary_set(struct req *req, const char *q,
                        const struct reg_page *res, long page, bool search)
{
	struct arena *a = req->arena;
	long from = (page - 1) * REG_PAGE_SIZE + 1;
	const char *const names[] = { "total", "from", "to", "q" };
	const char *const values[] = {
		arena_printf(a, "%ld", res->total), arena_printf(a, "%ld", from),
		arena_printf(a, "%ld", from + (long)res->n - 1), q ? q : ""
	};
	const char *key = res->n ? "L.Register.Summary"
	                  : search ? "L.Register.NoResults"
	                  : res->total ? "L.Register.PastEnd" : "L.Register.Empty";
	view_set(req, "Result.Summary", register_text(req, key, names, values, 4));
}

static void register_set(struct req *req)
{
	const struct profile_register *r = &req->app->profile.reg;
	bool en = strcmp(req->lang, "en") == 0;
	view_set(req, "Register.Name", en && r->name_en ? r->name_en : r->name);
	view_set(req, "Register.Place", r->place);
}

int register_list(struct req *req)
{
	if (reg_read_begin(req->app->db) != 0)
		return 500;
	long long version;
	int fresh = register_cache(req, "register-list", &version);
	if (fresh != 0)
		return fresh < 0 ? 500 : 0;
	struct reg_filter f;
	register_filter(req, &f);
	enum field_state qs = req_field_state(req, RF_Q);
	const char *q = req_field(req, RF_Q);
	long page = req_field_state(req, RF_PAGE) == FIELD_OK ? req->fields[RF_PAGE].num : 1;
	struct reg_page res;
	int rc = q ? reg_find(req->app->db, req->arena, q, &f, page, &res) : 0;
	/* Words left after normalising (U+3000 is a space too), or the list. */
	bool search = q && res.nterms > 0;
	if (rc == 0 && !search)
		rc = reg_list(req->app->db, req->arena, &f, page, &res);
	if (rc != 0)
		return 500;
	if (qs == FIELD_TOO_LONG || qs == FIELD_INVALID) {
		view_set(req, "Form.QError", "1");
		view_set(req, "Form.QErrorText",
		         view_string(req, qs == FIELD_TOO_LONG ? "L.Register.QTooLong"
		                                               : "L.Register.QInvalid"));
	}
	register_set(req);
	if (filters_set(req, &f, version) != 0)
		return 500;
	if (search)
		view_set(req, "Result.Search", "1");
	if (res.too_common)
		view_set(req, "Result.TooCommon", "1");
	summary_set(req, q, &res, page, search);
	/* the filters' query once, for the entries' links, the pages' and
	 * the exports' (register_query, register_back) */
	const char *base = register_query(req, NULL);
	const char *query = page_query(req, base);
	HDF *entries = res.n ? view_node(req, "Entries") : NULL;
	for (size_t i = 0; i < res.n; i++)
		entry_set(req, entries, &res.entries[i], &res, search);
	view_set(req, "Back.Query", page > 1 ? arena_printf(req->arena, "%s%ld", query, page)
	                                     : base);
	pager_set(req, page, res.total, query);
	view_set(req, "Export.Csv", base);
	return view_render(req, "register-list");
}

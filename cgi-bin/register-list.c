/* GET /kaiji/register: the list, filtered by agency and department,
 * sorted by name or last change; with q, the search, with the words found
 * marked. Public and cacheable: the same address always shows the same
 * page until the register changes. */
#include "register-pages.h"

#include <string.h>

#include "resp.h"
#include "view.h"

#define EXCERPT_WIDTH 60
#define PAGER_SPAN 2

static void segments_set(struct req *req, const char *prefix, const char *text,
                         const struct reg_page *page)
{
	struct reg_segment *seg;
	size_t n = reg_highlight(req->arena, text, page->terms, page->nterms, &seg);
	for (size_t i = 0; i < n; i++) {
		view_set(req, arena_printf(req->arena, "%s.%zu.Text", prefix, i),
		         seg[i].text);
		if (seg[i].hit)
			view_set(req, arena_printf(req->arena, "%s.%zu.Hit", prefix, i), "1");
	}
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

/* Where the words were found, when not in the name. */
static void excerpt_set(struct req *req, const char *prefix,
                        const struct reg_entry *e, const struct reg_page *page)
{
	if (has_hit(req, e->v[REG_NAME], page))
		return;
	for (int i = 0; i < REG__NFIELDS; i++) {
		enum reg_type t = reg_fields[i].type;
		if (i == REG_NAME || (t != REG_T_LINE && t != REG_T_TEXT) ||
		    !e->v[i][0] || !has_hit(req, e->v[i], page))
			continue;
		bool before, after;
		const char *x = reg_excerpt(req->arena, e->v[i], page->terms,
		                            page->nterms, EXCERPT_WIDTH, &before, &after);
		const char *label = arena_printf(req->arena, "L.Register.F.%s",
		                                 reg_fields[i].label);
		view_set(req, arena_printf(req->arena, "%s.Label", prefix),
		         view_string(req, label));
		view_set(req, arena_printf(req->arena, "%s.Before", prefix), before ? "1" : "");
		view_set(req, arena_printf(req->arena, "%s.After", prefix), after ? "1" : "");
		segments_set(req, arena_printf(req->arena, "%s.Seg", prefix), x, page);
		return;
	}
}

static void entry_set(struct req *req, size_t i, const struct reg_entry *e,
                      const struct reg_page *page, bool search)
{
	struct arena *a = req->arena;
	const char *p = arena_printf(a, "Entries.%zu", i);
	view_setf(req, arena_printf(a, "%s.Id", p), "%lld", e->id);
	view_set(req, arena_printf(a, "%s.Name", p), e->v[REG_NAME]);
	view_set(req, arena_printf(a, "%s.Agency", p),
	         register_agency_name(req, e->v[REG_AGENCY], e->agency_name));
	view_set(req, arena_printf(a, "%s.Department", p), e->v[REG_DEPARTMENT]);
	view_set(req, arena_printf(a, "%s.Updated", p), register_date(req, e->updated_on));
	view_set(req, arena_printf(a, "%s.UpdatedIso", p), e->updated_on);
	if (e->abolished_on[0])
		view_set(req, arena_printf(a, "%s.Abolished", p),
		         register_date(req, e->abolished_on));
	/* The search and its page go with the link, so that the entry's
	 * 一覧に戻る comes back to them (issue 23 item 21). */
	view_set(req, arena_printf(a, "%s.Query", p), register_back(req));
	if (!search)
		return;
	segments_set(req, arena_printf(a, "%s.NameSeg", p), e->v[REG_NAME], page);
	excerpt_set(req, arena_printf(a, "%s.Excerpt", p), e, page);
}

static void filters_set(struct req *req, const struct reg_filter *f)
{
	const struct profile *pr = &req->app->profile;
	for (size_t i = 0; i < pr->n_agencies; i++) {
		const char *p = arena_printf(req->arena, "Agencies.%zu", i);
		view_set(req, arena_printf(req->arena, "%s.Id", p), pr->agencies[i].id);
		view_set(req, arena_printf(req->arena, "%s.Name", p),
		         register_agency_name(req, pr->agencies[i].id, pr->agencies[i].name));
		if (f->agency && strcmp(f->agency, pr->agencies[i].id) == 0)
			view_set(req, arena_printf(req->arena, "%s.Selected", p), "1");
	}
	const char **deps;
	long n = reg_departments(req->app->db, req->arena, f->agency, &deps);
	for (long i = 0; i < n; i++) {
		const char *p = arena_printf(req->arena, "Departments.%ld", i);
		view_set(req, arena_printf(req->arena, "%s.Name", p), deps[i]);
		if (f->department && strcmp(f->department, deps[i]) == 0)
			view_set(req, arena_printf(req->arena, "%s.Selected", p), "1");
	}
	view_set(req, "Form.Q", req_field(req, RF_Q));
	view_set(req, "Form.Sort", f->sort == REG_SORT_UPDATED ? "updated" : "name");
	view_set(req, "Form.Abolished", f->abolished ? "1" : "");
}

static void pager_set(struct req *req, long page, long total)
{
	long pages = (total + REG_PAGE_SIZE - 1) / REG_PAGE_SIZE;
	if (pages <= 1)
		return;
	struct arena *a = req->arena;
	view_set_int(req, "Pager.Page", page);
	view_set_int(req, "Pager.Pages", pages);
	if (page > 1)
		view_set(req, "Pager.Prev", register_query(req, arena_printf(a, "page=%ld", page - 1)));
	if (page < pages)
		view_set(req, "Pager.Next", register_query(req, arena_printf(a, "page=%ld", page + 1)));
	/* The first, the last, and PAGER_SPAN on each side of this one. */
	size_t n = 0;
	long last = 0;
	for (long p = 1; p <= pages; p++) {
		if (p != 1 && p != pages && (p < page - PAGER_SPAN || p > page + PAGER_SPAN))
			continue;
		if (p > last + 1)
			view_set(req, arena_printf(a, "Pager.Links.%zu.Gap", n++), "1");
		const char *k = arena_printf(a, "Pager.Links.%zu", n++);
		view_set_int(req, arena_printf(a, "%s.Num", k), p);
		view_set(req, arena_printf(a, "%s.Href", k),
		         register_query(req, arena_printf(a, "page=%ld", p)));
		if (p == page)
			view_set(req, arena_printf(a, "%s.Current", k), "1");
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
	view_set(req, "Register.Kind", r->kind == REGISTER_FILE_BOOK ? "file_book"
	                                                             : "jimu_register");
	view_set(req, "Register.Place", r->place);
	view_set(req, "Register.Basis", r->basis);
}

int register_list(struct req *req)
{
	if (reg_read_begin(req->app->db) != 0)
		return 500;
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
	filters_set(req, &f);
	view_set(req, "Result.Search", search ? "1" : "");
	view_set(req, "Result.TooCommon", res.too_common ? "1" : "");
	view_set_int(req, "Result.Total", res.total);
	summary_set(req, q, &res, page, search);
	for (size_t i = 0; i < res.n; i++)
		entry_set(req, i, &res.entries[i], &res, search);
	pager_set(req, page, res.total);
	view_set(req, "Export.Csv", register_query(req, NULL));
	rc = view_render(req, "register-list");
	if (rc == 0)
		resp_cache_public(req, 60);
	return rc;
}

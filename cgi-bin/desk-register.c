/* The desk's register pages (see desk-register.h). Personal data is not
 * on these pages, but they are staff pages: no-store, like the desk. */
#include "desk-register.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "form.h"
#include "log.h"
#include "register-io.h"
#include "register.h"
#include "resp.h"
#include "view.h"

#define NOTE_MAX 200

/* A value sent in the body (never the query: a link must not fill a
 * form that changes the register). */
static const char *body_value(struct req *req, const char *name)
{
	for (const struct param *p = req->body_params; p; p = p->next)
		if (p->filename == NULL && strcmp(p->name, name) == 0)
			return p->value;
	return NULL;
}

/* A value of the query string, for the list's search and page. */
static const char *query_value(struct req *req, const char *name)
{
	for (const struct param *p = req->params; p && p != req->body_params;
	     p = p->next)
		if (strcmp(p->name, name) == 0)
			return p->value;
	return NULL;
}

static long long route_id(struct req *req)
{
	const char *s = req->route_arg[0];
	char *end;
	errno = 0;
	long long id = s ? strtoll(s, &end, 10) : 0;
	if (s == NULL || *s < '1' || *s > '9' || errno || *end)
		return 0;
	return id;
}

static void today(char out[11])
{
	cal_format(cal_today(), out);
}

static void agencies_of(struct req *req, struct reg_agencies *out)
{
	const struct profile *p = &req->app->profile;
	const char **ids = arena_calloc(req->arena, p->n_agencies + 1, sizeof *ids);
	const char **names = arena_calloc(req->arena, p->n_agencies + 1, sizeof *names);
	for (size_t i = 0; i < p->n_agencies; i++) {
		ids[i] = p->agencies[i].id;
		names[i] = p->agencies[i].name;
	}
	*out = (struct reg_agencies){ ids, names, p->n_agencies };
}

static const char *const type_names[] = {
	[REG_T_LINE] = "line", [REG_T_TEXT] = "text", [REG_T_BOOL] = "bool",
	[REG_T_DATE] = "date", [REG_T_FILE_TYPE] = "file_type",
	[REG_T_AGENCY] = "agency",
};

/* The form: every field with its value and, after a failed check, its
 * message. */
static void form_set(struct req *req, const char *const v[REG__NFIELDS],
                     const char *const errors[REG__NFIELDS])
{
	struct arena *a = req->arena;
	for (int i = 0; i < REG__NFIELDS; i++) {
		const struct reg_field *f = &reg_fields[i];
		const char *p = arena_printf(a, "Fields.%d", i);
		view_set(req, arena_printf(a, "%s.Id", p), f->id);
		view_set(req, arena_printf(a, "%s.Type", p), type_names[f->type]);
		view_set(req, arena_printf(a, "%s.Label", p),
		         view_string(req, arena_printf(a, "L.Register.F.%s", f->label)));
		view_set_int(req, arena_printf(a, "%s.Max", p), (long)f->max);
		view_set(req, arena_printf(a, "%s.Value", p), v[i] ? v[i] : "");
		if (f->required)
			view_set(req, arena_printf(a, "%s.Required", p), "1");
		if (errors && errors[i])
			view_set(req, arena_printf(a, "%s.Error", p),
			         view_string(req, arena_printf(a, "L.Register.Error.%s",
			                                       errors[i])));
	}
	const struct profile *pr = &req->app->profile;
	for (size_t i = 0; i < pr->n_agencies; i++) {
		view_set(req, arena_printf(a, "Agencies.%zu.Id", i), pr->agencies[i].id);
		view_set(req, arena_printf(a, "Agencies.%zu.Name", i), pr->agencies[i].name);
	}
}

static void list_row(struct req *req, size_t i, const struct reg_entry *e)
{
	struct arena *a = req->arena;
	const char *p = arena_printf(a, "Entries.%zu", i);
	view_setf(req, arena_printf(a, "%s.Id", p), "%lld", e->id);
	view_set(req, arena_printf(a, "%s.Name", p), e->v[REG_NAME]);
	view_set(req, arena_printf(a, "%s.Agency", p), e->agency_name);
	view_set(req, arena_printf(a, "%s.Department", p), e->v[REG_DEPARTMENT]);
	view_set(req, arena_printf(a, "%s.Updated", p), e->updated_on);
	view_set(req, arena_printf(a, "%s.Abolished", p), e->abolished_on);
}

static const char *page_href(struct req *req, const char *q, long page)
{
	struct buf b;
	buf_init(&b, req->arena);
	if (q && *q)
		reg_url_arg(&b, "q", q);
	reg_url_arg(&b, "page", arena_printf(req->arena, "%ld", page));
	return b.data;
}

int desk_register_list(struct req *req)
{
	const char *q = query_value(req, "q"), *pg = query_value(req, "page");
	if (q && (strlen(q) > REG_QUERY_MAX * 4 || !form_text_valid(q, strlen(q), false)))
		return 400;
	char *end;
	errno = 0;
	long page = pg ? strtol(pg, &end, 10) : 1;
	if (pg && (errno || *end || page < 1 || page > 1000000))
		return 400;
	struct reg_filter f = { NULL, NULL, true, REG_SORT_UPDATED };
	struct reg_page res;
	int rc = q ? reg_find(req->app->db, req->arena, q, &f, page, &res) : 0;
	if (rc == 0 && !(q && res.nterms))
		rc = reg_list(req->app->db, req->arena, &f, page, &res);
	if (rc != 0)
		return 500;
	view_set(req, "Form.Q", q ? q : "");
	view_set_int(req, "Result.Total", res.total);
	view_set_int(req, "Result.Page", page);
	if (page > 1)
		view_set(req, "Result.Prev", page_href(req, q, page - 1));
	if (page * REG_PAGE_SIZE < res.total)
		view_set(req, "Result.Next", page_href(req, q, page + 1));
	for (size_t i = 0; i < res.n; i++)
		list_row(req, i, &res.entries[i]);
	return view_render(req, "desk-register-list");
}

int desk_register_new(struct req *req)
{
	const char *v[REG__NFIELDS] = { NULL };
	form_set(req, v, NULL);
	view_set(req, "Form.Action", "/desk/register/new");
	return view_render(req, "desk-register-edit");
}

static void remember_error(void *ctx, int field, const char *key)
{
	const char **errors = ctx;
	errors[field] = key;
}

/* The body's values, checked; the number of problems. */
static int form_read(struct req *req, const char *v[REG__NFIELDS],
                     const char *errors[REG__NFIELDS])
{
	struct reg_agencies ag;
	agencies_of(req, &ag);
	for (int i = 0; i < REG__NFIELDS; i++) {
		v[i] = body_value(req, reg_fields[i].id);
		errors[i] = NULL;
	}
	return reg_check(req->arena, &ag, v, remember_error, errors);
}

static int form_again(struct req *req, const char *const v[REG__NFIELDS],
                      const char *const errors[REG__NFIELDS],
                      const char *action)
{
	form_set(req, v, errors);
	view_set(req, "Form.Action", action);
	view_set(req, "Form.Invalid", "1");
	int rc = view_render(req, "desk-register-edit");
	if (rc == 0)
		req->status = 422;
	return rc;
}

int desk_register_create(struct req *req)
{
	const char *v[REG__NFIELDS], *errors[REG__NFIELDS];
	if (form_read(req, v, errors) > 0)
		return form_again(req, v, errors, "/desk/register/new");
	char on[11];
	today(on);
	long long id;
	if (reg_add(req->app->db, req->arena, v, on, &id) != 0)
		return 500;
	log_event(LOG_INFO, "register entry %lld notified", id);
	return resp_redirect(req, arena_printf(req->arena, "/desk/register/%lld?saved=1", id));
}

static void history_set(struct req *req, long long id)
{
	struct reg_history *h;
	long n = reg_history(req->app->db, req->arena, id, &h);
	for (long i = 0; i < n; i++) {
		const char *p = arena_printf(req->arena, "History.%ld", i);
		view_set(req, arena_printf(req->arena, "%s.Date", p), h[i].on_date);
		view_set(req, arena_printf(req->arena, "%s.Change", p),
		         view_string(req, arena_printf(req->arena, "L.Register.Change.%s",
		                                       h[i].change)));
		view_set(req, arena_printf(req->arena, "%s.Note", p), h[i].note);
	}
}

int desk_register_edit(struct req *req)
{
	long long id = route_id(req);
	struct reg_entry e;
	int rc = id ? reg_get(req->app->db, req->arena, id, &e) : 1;
	if (rc != 0)
		return rc < 0 ? 500 : 404;
	form_set(req, e.v, NULL);
	view_setf(req, "Form.Action", "/desk/register/%lld", id);
	view_setf(req, "Entry.Id", "%lld", id);
	view_set(req, "Entry.Name", e.v[REG_NAME]);
	view_set(req, "Entry.Abolished", e.abolished_on);
	const char *saved = query_value(req, "saved");
	view_set(req, "Form.Saved", saved && strcmp(saved, "1") == 0 ? "1" : "");
	char on[11];
	today(on);
	view_set(req, "Form.Today", on);
	history_set(req, id);
	return view_render(req, "desk-register-edit");
}

static const char *note_of(struct req *req)
{
	const char *note = body_value(req, "note");
	if (note == NULL)
		return "";
	size_t chars = 0;
	for (const char *p = note; *p; p++)
		chars += ((unsigned char)*p & 0xC0) != 0x80;
	return chars <= NOTE_MAX && form_text_valid(note, strlen(note), false) ? note : NULL;
}

int desk_register_update(struct req *req)
{
	long long id = route_id(req);
	if (id == 0)
		return 404;
	const char *v[REG__NFIELDS], *errors[REG__NFIELDS];
	const char *action = arena_printf(req->arena, "/desk/register/%lld", id);
	const char *note = note_of(req);
	if (note == NULL)
		return 400;
	if (form_read(req, v, errors) > 0)
		return form_again(req, v, errors, action);
	char on[11];
	today(on);
	int rc = reg_change(req->app->db, req->arena, id, v, on, note);
	if (rc < 0)
		return 500;
	if (rc == 2)
		return 404;
	if (rc == 0)
		log_event(LOG_INFO, "register entry %lld changed", id);
	return resp_redirect(req, arena_printf(req->arena, "/desk/register/%lld?saved=1", id));
}

int desk_register_abolish(struct req *req)
{
	long long id = route_id(req);
	if (id == 0)
		return 404;
	const char *date = body_value(req, "date"), *note = note_of(req);
	cal_day d;
	char on[11];
	if (note == NULL || (date && *date && cal_parse(date, &d) != 0))
		return 400;
	if (date && *date)
		cal_format(d, on);
	else
		today(on);
	int rc = reg_abolish_now(req->app->db, id, on, note);
	if (rc < 0)
		return 500;
	if (rc == 2)
		return 404;
	if (rc == 0)
		log_event(LOG_INFO, "register entry %lld abolished", id);
	return resp_redirect(req, arena_printf(req->arena, "/desk/register/%lld?saved=1", id));
}

/* What the request pages share: the draft of this browser, and the data
 * every step shows. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "case.h"
#include "datefmt.h"
#include "request.h"
#include "resp.h"
#include "upload.h"
#include "view.h"

int rview_draft(struct req *req, struct draft *out)
{
	struct db *db = req->app->db;
	draft_purge_expired(db, &req->app->vault);
	const char *token = req_cookie(req, DRAFT_COOKIE);
	if (token == NULL)
		return 1;
	return draft_load(db, req->arena, token, out);
}

void rview_draft_cookie(struct req *req, const struct draft *d)
{
	long left = (long)(d->expires_at - (long long)time(NULL));
	resp_cookie(req, DRAFT_COOKIE, d->token, left > 0 ? left : 0, true);
}

json_t *rview_draft_values(const struct draft *d)
{
	json_t *v = d->data ? json_loads(d->data, 0, NULL) : NULL;
	if (!json_is_object(v)) {
		json_decref(v);
		v = json_object();
	}
	return v;
}

struct rform_doc *rview_docs(struct req *req, const struct draft_file *files,
                             size_t n)
{
	struct rform_doc *docs = arena_calloc(req->arena, n + 1, sizeof *docs);
	for (size_t i = 0; i < n; i++)
		docs[i].kind = files[i].kind;
	return docs;
}

struct rform_ctx rview_ctx(struct req *req)
{
	const struct profile *p = &req->app->profile;
	return (struct rform_ctx){ p, cal_today(), p->channel.online };
}

static const char *const unit_names[] = {
	[FEE_PAGE] = "page", [FEE_DISC] = "disc", [FEE_TAPE] = "tape",
	[FEE_ITEM] = "item",
};

static void view_kind(struct req *req, json_t *v)
{
	const struct profile *p = &req->app->profile;
	enum req_kind kind;
	if (!rform_kind(p, v, &kind))
		return;
	const struct kind_rules *k = profile_kind(p, kind);
	bool en = strcmp(req->lang, "en") == 0;
	view_set(req, "Form.Kind", profile_kind_name(kind));
	view_set(req, "Form.KindName", en && k->name_en ? k->name_en : k->name);
	view_set(req, "Form.FormName", k->form_name ? k->form_name : k->name);
	view_set_int(req, "Form.FollowUpDays", k->follow_up_days);
	if (k->follow_up_days > 0 || k->after_disclosure) {
		view_set(req, "Form.FollowUp", "1");
		view_set(req, "Form.FollowUpText",
		         rview_fill(req, k->follow_up_days > 0
		                             ? "L.Request.FollowUpDays"
		                             : "L.Request.FollowUpAny",
		                    arena_printf(req->arena, "%d", k->follow_up_days),
		                    NULL));
	}
	const char *const *g = rform_grounds(kind);
	for (int i = 0; g[i]; i++)
		view_set(req, arena_printf(req->arena, "Grounds.%d", i), g[i]);
	cal_day due;
	if (case_due_date(p, kind, rform_received_on(p, cal_today()), NULL, 0,
	                  &due) == 0) {
		view_set(req, "Form.Due", datefmt_day(req, due));
	}
}

static void view_delivery(struct req *req, json_t *v)
{
	const struct profile *p = &req->app->profile;
	const char *methods[4];
	size_t n = rform_methods(p, methods);
	for (size_t i = 0; i < n; i++)
		view_set(req, arena_printf(req->arena, "Methods.%zu", i), methods[i]);
	const struct fee_item *it = profile_fee_item(p, rform_get(v, "medium"));
	if (it && (unsigned)it->unit < sizeof unit_names / sizeof unit_names[0])
		view_set(req, "Form.MediumUnit", unit_names[it->unit]);
	long est = rform_estimate(p, v);
	if (est >= 0)
		view_set_int(req, "Form.Estimate", est);
	for (size_t i = 0; i < p->fee.n_items; i++)
		if ((unsigned)p->fee.items[i].unit < sizeof unit_names / sizeof unit_names[0])
			view_set(req, arena_printf(req->arena, "Units.%s",
			                           p->fee.items[i].id),
			         unit_names[p->fee.items[i].unit]);
}

static void view_documents(struct req *req)
{
	const struct profile *p = &req->app->profile;
	struct arena *a = req->arena;
	view_set(req, "Form.RuleText",
	         rview_fill(req, p->identity.non_photo_id_count > 0
	                             ? "L.Request.Docs.Rule"
	                             : "L.Request.Docs.RulePhotoOnly",
	                    arena_printf(a, "%d", p->identity.photo_id_count),
	                    arena_printf(a, "%d", p->identity.non_photo_id_count)));
	view_set(req, "Form.LimitsText",
	         rview_fill(req, "L.Request.Docs.Limits",
	                    arena_printf(a, "%.1f", (double)p->upload_max_bytes /
	                                                (1024.0 * 1024.0)),
	                    arena_printf(a, "%d", p->upload_max_files)));
	bool residence = false;
	for (size_t i = 0; i < p->identity.n_docs; i++)
		if (p->identity.docs[i].purpose == IDDOC_RESIDENCE)
			residence = true;
	if (residence && p->identity.mail_needs_resident_record) {
		view_set(req, "Form.Residence", "1");
		view_set(req, "Form.ResidenceText",
		         rview_fill(req, "L.Request.Docs.Residence",
		                    arena_printf(a, "%d",
		                                 p->identity.resident_record_max_age_days),
		                    NULL));
	}
}

void rview_common(struct req *req, json_t *values, int step)
{
	const struct profile *p = &req->app->profile;
	const char *key;
	json_t *val;
	json_object_foreach(values, key, val)
	{
		if (json_is_string(val))
			view_set(req, arena_printf(req->arena, "V.%s", key),
			         json_string_value(val));
	}
	/* The confirm and print steps show the dates as the pages do
	 * (2026年7月3日（金）); the form keeps what was typed. */
	static const char *const dates[] = { "disclosure_received_on",
		                             "resident_issued_on" };
	for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
		cal_day d;
		if (cal_parse(rform_get(values, dates[i]), &d) == 0)
			view_set(req, arena_printf(req->arena, "Shown.%s", dates[i]),
			         datefmt_day(req, d));
	}
	view_set_int(req, "Form.Step", step);
	view_set(req, "Form.Online", p->channel.online ? "1" : "0");
	view_set_int(req, "Form.MaxFiles", p->upload_max_files);
	view_setf(req, "Form.MaxMB", "%.1f",
	          (double)p->upload_max_bytes / (1024.0 * 1024.0));
	view_set(req, "Page.Parent", view_string(req, "L.Request.Title"));
	view_set(req, "Page.ParentPath", "/request");
	view_kind(req, values);
	view_delivery(req, values);
	view_documents(req);
}

void rview_files(struct req *req, const struct draft_file *files, size_t n)
{
	const struct profile *p = &req->app->profile;
	bool en = strcmp(req->lang, "en") == 0;
	for (size_t i = 0; i < n; i++) {
		const struct draft_file *f = &files[i];
		const struct id_doc *d = rform_doc_rule(p, f->kind);
		const char *name = d ? (en && d->name_en ? d->name_en : d->name)
		                     : view_string(req, "L.Request.OtherDoc");
		const char *pre = arena_printf(req->arena, "Files.%zu", i);
		view_set_int(req, arena_printf(req->arena, "%s.Id", pre), (long)f->id);
		view_set(req, arena_printf(req->arena, "%s.Label", pre), f->label);
		view_set(req, arena_printf(req->arena, "%s.KindName", pre), name);
		view_set(req, arena_printf(req->arena, "%s.Type", pre),
		         upload_type_label(f->mime));
		view_set_int(req, arena_printf(req->arena, "%s.KB", pre),
		             (long)((f->size + 1023) / 1024));
	}
	view_set_int(req, "Form.FileCount", (long)n);
	long slots = (long)p->upload_max_files - (long)n;
	if (slots > RF_SLOTS)
		slots = RF_SLOTS;
	for (long i = 0; i < slots; i++)
		view_set_int(req, arena_printf(req->arena, "Slots.%ld", i), i + 1);
}

const char *rview_fill(struct req *req, const char *key, const char *n,
                       const char *m)
{
	const char *s = view_string(req, key);
	struct buf b;
	buf_init(&b, req->arena);
	while (*s) {
		if (s[0] == '{' && (s[1] == 'n' || s[1] == 'm') && s[2] == '}') {
			const char *arg = s[1] == 'n' ? n : m;
			buf_puts(&b, arg ? arg : "");
			s += 3;
		} else {
			buf_putc(&b, *s++);
		}
	}
	return b.data ? b.data : "";
}

void rview_errors(struct req *req, const struct rform_errors *errs)
{
	for (size_t i = 0; i < errs->n; i++) {
		const struct rform_error *e = &errs->e[i];
		const char *msg = rview_fill(
		    req, arena_printf(req->arena, "L.Request.Err.%s", e->key),
		    e->arg, NULL);
		const char *label = view_string(
		    req, arena_printf(req->arena, "L.Request.F.%s", e->field));
		const char *pre = arena_printf(req->arena, "Errors.%zu", i);
		view_set(req, arena_printf(req->arena, "E.%s", e->field), msg);
		view_set(req, arena_printf(req->arena, "%s.Field", pre), e->field);
		view_set(req, arena_printf(req->arena, "%s.Label", pre), label);
		view_set(req, arena_printf(req->arena, "%s.Msg", pre), msg);
	}
}

int rview_form(struct req *req, json_t *values, const struct draft_file *files,
               size_t nfiles, const struct rform_errors *errs)
{
	rview_common(req, values, 2);
	rview_files(req, files, nfiles);
	if (errs) {
		rview_errors(req, errs);
		/* The form again with what was wrong: 422, or 413 / 429 for an
		 * upload too large or too many (errs->status). */
		if (errs->status)
			req->status = errs->status;
		else if (errs->n > 0)
			req->status = 422;
	}
	return view_render(req, "request-form");
}

int rview_confirm(struct req *req, json_t *values,
                  const struct draft_file *files, size_t nfiles)
{
	rview_common(req, values, 3);
	rview_files(req, files, nfiles);
	return view_render(req, "request-confirm");
}

int rview_expired(struct req *req)
{
	req->status = 410;
	view_set(req, "Page.Parent", view_string(req, "L.Request.Title"));
	view_set(req, "Page.ParentPath", "/request");
	return view_render(req, "request-expired");
}

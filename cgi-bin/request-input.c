/* /request/form: the input step. GET shows the form (from the draft when
 * there is one); POST keeps what was sent in the draft, puts new identity
 * documents into the vault, and either shows the errors beside their
 * fields or moves on to the confirm step. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "register.h"
#include "request-flood.h"
#include "request.h"
#include "resp.h"
#include "upload.h"
#include "vault.h"
#include "view.h"

/* ?file=ID from the register (reg_get, so the form and the register's
 * pages read one entry alike): what is sought, and where. An abolished
 * entry pre-fills nothing. */
static void prefill_from_register(struct req *req, json_t *v, const char *id)
{
	struct reg_entry e;
	size_t n = strlen(id);
	if (n == 0 || n > 10 || strspn(id, "0123456789") != n ||
	    reg_get(req->app->db, req->arena, strtoll(id, NULL, 10), &e) != 0 ||
	    *e.abolished_on)
		return;
	rform_set(v, "file", id);
	if (*rform_get(v, "sought") == '\0')
		rform_set(v, "sought", e.v[REG_NAME]);
	if (profile_agency(&req->app->profile, e.v[REG_AGENCY])) {
		rform_set(v, "agency", e.v[REG_AGENCY]);
		rform_set(v, "department", e.v[REG_DEPARTMENT]);
	}
}

int request_input(struct req *req)
{
	const struct profile *p = &req->app->profile;
	struct draft d;
	struct draft_file *files = NULL;
	size_t nfiles = 0;
	json_t *v = NULL;
	enum req_kind kind;
	if (p->channel.online && rview_draft(req, &d) == 0 && d.request_id == 0) {
		v = rview_draft_values(&d);
		if (draft_files(req->app->db, req->arena, d.id_hash, &files, &nfiles))
			nfiles = 0;
	}
	if (v == NULL)
		v = json_object();
	const char *k = req_param_raw(req, "kind");
	if (k)
		rform_set(v, "kind", k);
	if (!rform_kind(p, v, &kind)) {
		json_decref(v);
		return resp_redirect(req, "/request");
	}
	const char *file = req_param_raw(req, "file");
	if (file)
		prefill_from_register(req, v, file);
	int rc = rview_form(req, v, files, nfiles, NULL);
	json_decref(v);
	return rc;
}

/* A file name shown back to its owner: valid text, at most 60 characters. */
static const char *file_label(struct req *req, const struct param *f)
{
	const char *name = f->filename ? f->filename : "";
	size_t len = strlen(name), i = 0, chars = 0;
	if (!form_text_valid(name, len, false))
		return "";
	while (i < len && chars < 60) {
		i++;
		while (i < len && ((unsigned char)name[i] & 0xC0) == 0x80)
			i++;
		chars++;
	}
	return arena_strndup(req->arena, name, i);
}

static bool doc_kind_ok(const struct profile *p, const char *kind)
{
	return kind && (strcmp(kind, "other") == 0 || rform_doc_rule(p, kind));
}

/* Each new upload: checked by content and the profile's limits, then
 * encrypted into the vault and listed in the draft. -1 on a write error. */
static int take_uploads(struct req *req, const struct draft *d, size_t *count,
                        struct rform_errors *errs)
{
	const struct profile *p = &req->app->profile;
	const struct vault *vault = &req->app->vault;
	for (size_t i = 0; i < RF_SLOTS; i++) {
		const struct field_value *fv = &req->fields[RF_DOC1 + i];
		const char *field = rform_fields[RF_DOC1 + i].name;
		const char *kfield = rform_fields[RF_DOCKIND1 + i].name;
		if (fv->state != FIELD_OK || fv->file == NULL)
			continue;
		const struct param *f = fv->file;
		const char *kind = req_field(req, RF_DOCKIND1 + i);
		const char *mime = upload_sniff(f->value, f->len);
		if ((long)f->len > p->upload_max_bytes) {
			rform_error(errs, field, "FileSize", arena_printf(
			    req->arena, "%.1f", (double)p->upload_max_bytes / 1048576.0));
			errs->status = 413;
		} else if (mime == NULL) {
			rform_error(errs, field, "FileType", NULL);
		} else if (!doc_kind_ok(p, kind)) {
			rform_error(errs, kfield, "DocKind", NULL);
		} else if (*count >= (size_t)p->upload_max_files) {
			rform_error(errs, "documents_count", "FileCount",
			            arena_printf(req->arena, "%d", p->upload_max_files));
			errs->status = 413;
		} else if (!flood_upload_allowed(req, f->len)) {
			rform_error(errs, field, "UploadFlood", NULL);
			errs->status = 429;
		} else {
			const char *name;
			if (vault_put(vault, req->arena, f->value, f->len, &name) != 0)
				return -1;
			if (draft_file_add(req->app->db, d->id_hash, kind, name, mime,
			                   (long long)f->len, file_label(req, f)) != 0) {
				vault_delete(vault, name);
				return -1;
			}
			flood_upload_stored(req, f->len);
			(*count)++;
		}
	}
	return 0;
}

static void drop_removed(struct req *req, const struct draft *d)
{
	const struct field_value *fv = &req->fields[RF_REMOVE];
	for (size_t i = 0; i < fv->count; i++) {
		const char *s = fv->all[i]->value;
		size_t n = strlen(s);
		if (n > 0 && n <= 18 && strspn(s, "0123456789") == n)
			draft_file_remove(req->app->db, &req->app->vault, d->id_hash,
			                  strtoll(s, NULL, 10));
	}
}

/* Values too long for their field are shown back but not kept. */
static char *draft_json(json_t *v, const struct rform_errors *errs)
{
	json_t *copy = json_copy(v);
	for (size_t i = 0; i < errs->n; i++)
		if (strcmp(errs->e[i].key, "TooLong") == 0)
			json_object_del(copy, errs->e[i].field);
	char *s = json_dumps(copy, JSON_COMPACT);
	json_decref(copy);
	return s;
}

static int counter_only(struct req *req, json_t *v)
{
	struct rform_errors errs = { 0 };
	struct rform_ctx ctx = rview_ctx(req);
	const char *back = req_field(req, RF_BACK);
	if (back && strcmp(back, "1") == 0)
		return rview_form(req, v, NULL, 0, NULL);
	rform_check(&ctx, req->arena, v, NULL, 0, &errs);
	if (errs.n)
		return rview_form(req, v, NULL, 0, &errs);
	return rview_confirm(req, v, NULL, 0);
}

static int draft_for_post(struct req *req, struct draft *d)
{
	const struct profile *p = &req->app->profile;
	int rc = rview_draft(req, d);
	if (rc == 0 && d->request_id == 0)
		return 0;
	if (rc < 0)
		return -1;
	int refused = flood_draft_refused(req);
	if (refused >= 0)
		return refused == 500 ? -1 : 1;
	if (draft_create(req->app->db, req->arena, p->draft_expiry_minutes, d) != 0)
		return -1;
	flood_draft_made(req);
	return 0;
}

static int online(struct req *req, json_t *v)
{
	const struct profile *p = &req->app->profile;
	struct draft d;
	struct draft_file *files;
	size_t nfiles;
	struct rform_errors errs = { 0 };
	struct rform_ctx ctx = rview_ctx(req);
	int made = draft_for_post(req, &d);
	if (made != 0)
		return made < 0 ? 500 : 0; /* 1: refused, the page is rendered */
	drop_removed(req, &d);
	if (draft_files(req->app->db, req->arena, d.id_hash, &files, &nfiles) ||
	    take_uploads(req, &d, &nfiles, &errs) ||
	    draft_files(req->app->db, req->arena, d.id_hash, &files, &nfiles))
		return 500;
	rform_check(&ctx, req->arena, v, rview_docs(req, files, nfiles), nfiles,
	            &errs);
	char *data = draft_json(v, &errs);
	int rc = data ? draft_save(req->app->db, &d, data, p->draft_expiry_minutes)
	              : -1;
	free(data);
	if (rc != 0)
		return 500;
	d.expires_at = (long long)time(NULL) + 60LL * p->draft_expiry_minutes;
	rview_draft_cookie(req, &d);
	if (errs.n)
		return rview_form(req, v, files, nfiles, &errs);
	return resp_redirect(req, "/request/confirm");
}

int request_input_post(struct req *req)
{
	const struct profile *p = &req->app->profile;
	enum req_kind kind;
	json_t *v = rform_values_from_req(req);
	int rc;
	if (!rform_kind(p, v, &kind))
		rc = resp_redirect(req, "/request");
	else if (!p->channel.online)
		rc = counter_only(req, v);
	else
		rc = online(req, v);
	json_decref(v);
	return rc;
}

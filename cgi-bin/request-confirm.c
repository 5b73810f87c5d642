/* The confirm step, and the printed 請求書 of a counter-only city. */
#include <string.h>

#include "request.h"
#include "resp.h"
#include "view.h"

/* GET /request/confirm (online): what the draft holds, checked again. */
int request_confirm(struct req *req)
{
	struct draft d;
	struct draft_file *files;
	size_t nfiles;
	struct rform_errors errs = { 0 };
	struct rform_ctx ctx = rview_ctx(req);
	if (!req->app->profile.channel.online)
		return resp_redirect(req, "/request");
	int rc = rview_draft(req, &d);
	if (rc < 0)
		return 500;
	if (rc == 1)
		return resp_redirect(req, "/request");
	if (d.request_id)
		return resp_redirect(req, "/request/receipt");
	if (draft_files(req->app->db, req->arena, d.id_hash, &files, &nfiles))
		return 500;
	json_t *v = rview_draft_values(&d);
	rform_check(&ctx, req->arena, v, rview_docs(req, files, nfiles), nfiles,
	            &errs);
	enum req_kind kind;
	if (!rform_kind(&req->app->profile, v, &kind))
		rc = resp_redirect(req, "/request");
	else if (errs.n)
		rc = rview_form(req, v, files, nfiles, &errs);
	else
		rc = rview_confirm(req, v, files, nfiles);
	json_decref(v);
	return rc;
}

/* POST /request/print (counter-only): the filled-in 請求書 to print and
 * bring with identity documents. Nothing is stored. */
int request_print(struct req *req)
{
	const struct profile *p = &req->app->profile;
	struct rform_errors errs = { 0 };
	struct rform_ctx ctx = rview_ctx(req);
	enum req_kind kind;
	if (p->channel.online)
		return 404;
	json_t *v = rform_values_from_req(req);
	int rc;
	rform_check(&ctx, req->arena, v, NULL, 0, &errs);
	if (!rform_kind(p, v, &kind)) {
		rc = resp_redirect(req, "/request");
	} else if (errs.n) {
		rc = rview_form(req, v, NULL, 0, &errs);
	} else {
		rview_common(req, v, 4);
		const struct agency *ag = profile_agency(p, rform_get(v, "agency"));
		view_set(req, "Form.ToLine",
		         rview_fill(req, "L.Request.Print.To",
		                    ag && ag->head ? ag->head : p->head, NULL));
		const struct kind_rules *k = profile_kind(p, kind);
		if (k && k->basis)
			view_set(req, "Form.Basis", k->basis);
		view_set(req, "Page.NoFeedback", "1");
		rc = view_render(req, "request-print");
	}
	json_decref(v);
	return rc;
}

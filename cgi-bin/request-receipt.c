/* Filing a request and its receipt. The submit form carries nothing but
 * the CSRF token: the draft is this browser's cookie, so a reload, a
 * second click or two tabs file one request and show one receipt. The
 * access code is shown on the receipt and can be shown again only to the
 * browser holding the draft's token until the draft expires (its key is
 * derived from that token, which the server does not keep); after that
 * the reference number stays and the code must be reissued by the city. */
#include <string.h>

#include "case.h"
#include "datefmt.h"
#include "log.h"
#include "request-flood.h"
#include "request.h"
#include "resp.h"
#include "view.h"

int request_submit(struct req *req)
{
	const struct profile *p = &req->app->profile;
	struct draft d;
	struct draft_file *files;
	size_t nfiles;
	struct rform_errors errs = { 0 };
	struct rform_ctx ctx = rview_ctx(req);
	if (!p->channel.online)
		return 404;
	int rc = rview_draft(req, &d);
	if (rc < 0)
		return 500;
	if (rc == 1)
		return rview_expired(req);
	if (d.request_id)
		return resp_redirect(req, "/request/receipt");
	if (draft_files(req->app->db, req->arena, d.id_hash, &files, &nfiles))
		return 500;
	json_t *v = rview_draft_values(&d);
	rform_check(&ctx, req->arena, v, rview_docs(req, files, nfiles), nfiles,
	            &errs);
	struct case_created created;
	if (errs.n) {
		rc = rview_form(req, v, files, nfiles, &errs);
	} else if ((rc = flood_submit_refused(req)) >= 0) {
		/* the refusal page is rendered (or 500) */
	} else {
		switch (rform_submit(req->app->db, p, req->arena, &d, v, req->lang,
		                     &created)) {
		case 0:
			flood_submitted(req, created.id);
			rc = resp_redirect(req, "/request/receipt");
			break;
		case 1:
			rc = resp_redirect(req, "/request/receipt");
			break;
		case 2:
			rc = rview_expired(req);
			break;
		default:
			rc = 500;
		}
	}
	json_decref(v);
	return rc;
}

static void view_receipt(struct req *req, const struct case_row *row,
                         const char *code)
{
	/* One date format on the citizen's pages (lib/datefmt.h);
	 * Receipt.Due.Iso is for a data attribute. */
	view_set(req, "Receipt.Ref", row->ref);
	if (code)
		view_set(req, "Receipt.Code", code);
	datefmt_set(req, "Receipt.Due", row->due_on);
	datefmt_set(req, "Receipt.Received", row->received_on);
	view_set(req, "Receipt.Agency", row->agency_id);
}

int request_receipt(struct req *req)
{
	struct draft d;
	struct case_row row;
	int rc = rview_draft(req, &d);
	if (rc < 0)
		return 500;
	if (rc == 1 || d.request_id == 0)
		return resp_redirect(req, "/request");
	if (case_load(req->app->db, req->arena, d.request_id, &row) != 0)
		return 500;
	json_t *v = json_object(), *data = json_loads(row.data, 0, NULL);
	rform_set(v, "kind", profile_kind_name(row.kind));
	rform_set(v, "agency", row.agency_id);
	rform_set(v, "name", row.requester_name);
	rform_set(v, "sought",
	          json_string_value(json_object_get(data, "sought")));
	json_decref(data);
	rview_common(req, v, 4);
	json_decref(v);
	view_receipt(req, &row, draft_code(req->arena, &d));
	return view_render(req, "request-receipt");
}

/* /kaiji/status/withdraw: 取下げ of a request not yet decided, after a
 * confirmation page. */
#include "log.h"
#include "resp.h"
#include "status.h"
#include "view.h"

int status_withdraw_form(struct req *req)
{
	struct case_row buf;
	const struct case_row *row;
	int rc = status_current(req, &buf, &row);
	if (rc != 0 || row == NULL)
		return rc;
	if (!case_is_open(row->state))
		return resp_redirect(req, "/status/view");
	status_set_case(req, row);
	return view_render(req, "status-withdraw");
}

int status_withdraw(struct req *req)
{
	struct case_row buf;
	const struct case_row *row;
	int rc = status_current(req, &buf, &row);
	if (rc != 0 || row == NULL)
		return rc;
	struct db *db = req->app->db;
	if (db_begin(db) != 0)
		return 500;
	rc = case_set_state(db, row->id, CASE_WITHDRAWN, "citizen", "withdrawn", true,
	                    "{\"by\":\"citizen\"}");
	if (rc == 0 && db_commit(db) == 0) {
		log_event(LOG_INFO, "status %s withdrawn by the requester", row->ref);
		return resp_redirect(req, "/status/view");
	}
	db_rollback(db);
	/* Decided or withdrawn meanwhile: the status page says which. */
	return rc == 1 ? resp_redirect(req, "/status/view") : 500;
}

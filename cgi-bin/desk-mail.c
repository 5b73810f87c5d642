/* The case page's e-mail notices (issue 18): each mail of the case, to
 * whom (citizen or staff, never the address itself on the list), its
 * state, and a failed citizen's mail called out so staff write a letter
 * instead. */
#include <string.h>

#include "datefmt.h"
#include "desk-pages.h"
#include "view.h"

static const char sql_mails[] =
    "SELECT id, recipient, template, lang, state, attempts, last_error,"
    " created_at, COALESCE(sent_at, '') FROM mail_outbox "
    "WHERE request_id = ?1 ORDER BY id";

int desk_mails_to_view(struct req *req, long long request_id)
{
	struct db_stmt *st = db_stmt(req->app->db, sql_mails);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, request_id);
	int n = 0, failed = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *pre = arena_printf(req->arena, "Mails.%d.", n++);
		const char *recipient = db_col_text(st, 1);
		const char *state = db_col_text(st, 4);
		const char *at = datefmt_stamp(req, db_col_text(st, 7));
		const char *sent = *db_col_text(st, 8) ? datefmt_stamp(req, db_col_text(st, 8)) : "";
		failed += strcmp(state, "failed") == 0 && strcmp(recipient, "citizen") == 0;
		view_setf(req, arena_printf(req->arena, "%sId", pre), "%lld",
		          (long long)db_col_int64(st, 0));
		view_set(req, arena_printf(req->arena, "%sRecipient", pre), recipient);
		view_set(req, arena_printf(req->arena, "%sTemplate", pre), db_col_text(st, 2));
		view_set(req, arena_printf(req->arena, "%sLang", pre), db_col_text(st, 3));
		view_set(req, arena_printf(req->arena, "%sState", pre), state);
		view_setf(req, arena_printf(req->arena, "%sAttempts", pre), "%d",
		          db_col_int(st, 5));
		view_set(req, arena_printf(req->arena, "%sError", pre), db_col_text(st, 6));
		view_set(req, arena_printf(req->arena, "%sAt", pre), at ? at : "");
		view_set(req, arena_printf(req->arena, "%sSentAt", pre), sent ? sent : "");
	}
	db_reset(st);
	view_set_int(req, "Mails.Count", n);
	view_set_int(req, "Mails.Failed", failed);
	return rc == DB_DONE ? 0 : -1;
}

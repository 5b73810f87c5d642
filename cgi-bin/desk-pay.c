/* The fee's online payments on the case page, and the refund a clerk
 * makes from there (over-payment, a delivery that did not happen): the
 * money goes back through the provider (lib/pay.h pay_refund), which also
 * records the payment_event and the request's fee_refunded event. */
#include <string.h>

#include "desk-pages.h"
#include "log.h"
#include "pay.h"
#include "resp.h"
#include "view.h"

/* The providers, made before the accept loop (libcurl is loaded on the
 * first call out, lib/libcurl.h). */
static struct pay *desk_pay_long_lived;

int desk_pay_init(struct app *app, char *err, size_t errlen)
{
	return pay_open(app->cfg, &desk_pay_long_lived, err, errlen);
}

void desk_pay_fee_changed(struct req *req, long long request_id)
{
	if (pay_close_superseded(desk_pay_long_lived, req->app->db, req->arena,
	                         request_id, "desk") < 0)
		log_event(LOG_ERR, "desk: closing superseded payments failed");
}

static const char sql_payments[] =
    "SELECT p.order_id, p.provider, p.state, p.amount_yen, p.refunded_yen, "
    "p.created_at, p.updated_at, (SELECT COALESCE(SUM(r.amount_yen), 0) FROM "
    "payment_refund r WHERE r.payment_id = p.id AND r.state = 'pending'), f.part "
    "FROM payment p JOIN fee f ON f.id = p.fee_id "
    "WHERE f.request_id = ?1 ORDER BY p.id";
static const char sql_refunds[] =
    "SELECT p.order_id, r.provider_ref, r.amount_yen, r.state, r.source, "
    "r.created_at FROM payment_refund r JOIN payment p ON p.id = r.payment_id "
    "JOIN fee f ON f.id = p.fee_id WHERE f.request_id = ?1 ORDER BY r.id";

/* Refunds.N.{OrderId, Ref, Amount, State, Source, At}. */
static int refunds_to_view(struct req *req, long long request_id)
{
	struct db_stmt *st = db_stmt(req->app->db, sql_refunds);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, request_id);
	int n = 0, rc;
	static const char *const keys[] = { "OrderId", "Ref", "Amount", "State",
	                                    "Source", "At" };
	while ((rc = db_step(st)) == DB_ROW) {
		for (int k = 0; k < 6; k++)
			view_set(req, arena_printf(req->arena, "Refunds.%d.%s", n, keys[k]),
			         db_col_text(st, k));
		n++;
	}
	db_reset(st);
	view_set_int(req, "Refunds.Count", n);
	return rc == DB_DONE ? 0 : -1;
}

static bool refundable(const char *state)
{
	return strcmp(state, "paid") == 0 || strcmp(state, "review") == 0;
}

/* Payments.N.{OrderId, Provider, State, Amount, Refunded, Left,
 * Refundable, CreatedAt, UpdatedAt, Part}. */
int desk_payments_to_view(struct req *req, long long request_id)
{
	struct db_stmt *st = db_stmt(req->app->db, sql_payments);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, request_id);
	int n = 0, review = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *pre = arena_printf(req->arena, "Payments.%d.", n++);
		const char *state = db_col_text(st, 2);
		review += strcmp(state, "review") == 0;
		long long amount = db_col_int64(st, 3);
		long long refunded = db_col_int64(st, 4);
		long long held = db_col_int64(st, 7);
		view_set(req, arena_printf(req->arena, "%sOrderId", pre), db_col_text(st, 0));
		view_set(req, arena_printf(req->arena, "%sProvider", pre), db_col_text(st, 1));
		view_set(req, arena_printf(req->arena, "%sState", pre), state);
		view_setf(req, arena_printf(req->arena, "%sAmount", pre), "%lld", amount);
		view_setf(req, arena_printf(req->arena, "%sRefunded", pre), "%lld", refunded);
		view_setf(req, arena_printf(req->arena, "%sLeft", pre), "%lld",
		          amount - refunded - held);
		view_set_int(req, arena_printf(req->arena, "%sRefundable", pre),
		             refundable(state) && amount > refunded + held);
		view_set(req, arena_printf(req->arena, "%sCreatedAt", pre), db_col_text(st, 5));
		view_set(req, arena_printf(req->arena, "%sUpdatedAt", pre), db_col_text(st, 6));
		/* 法84: the fee it pays, the request's or the rest's */
		view_set(req, arena_printf(req->arena, "%sPart", pre), db_col_text(st, 8));
	}
	db_reset(st);
	view_set_int(req, "Payments.Count", n);
	view_set_int(req, "Payments.Review", review);
	return rc == DB_DONE ? refunds_to_view(req, request_id) : -1;
}

static int refund_refused(struct req *req, const struct desk_staff *me,
                          const struct case_row *row, int status,
                          const char *error)
{
	log_event(LOG_INFO, "desk: refund on %s refused: %s", row->ref, error);
	if (desk_case_view(req, me, row) != 0)
		return 500;
	req->status = status;
	view_set(req, "Flash.Error", error);
	view_set(req, "Flash.Action", "refund");
	return view_render(req, "desk-case");
}

static bool refund_fields_ok(struct req *req)
{
	static const size_t used[] = { F_ORDER, F_AMOUNT, F_REASON };
	for (size_t i = 0; i < sizeof used / sizeof used[0]; i++) {
		enum field_state s = req_field_state(req, used[i]);
		if (s == FIELD_TOO_LONG || s == FIELD_INVALID)
			return false;
	}
	const char *reason = req_field(req, F_REASON);
	return req_field(req, F_ORDER) != NULL && reason != NULL &&
	       reason[strspn(reason, " \t\r\n")] != '\0';
}

/* POST /desk/case/ID/refund: order (the payment), amount (empty or 0 =
 * all that is left), reason. Clerks of the case's agency and admins. */
int desk_post_refund(struct req *req)
{
	const struct desk_staff *me;
	struct case_row row;
	struct pay_row pr;
	DESK_REQUIRE(req, DESK_CLERK, &me);
	int rc = desk_case_for(req, me, &row);
	if (rc)
		return rc;
	if (!staff_may_change(me, row.agency_id))
		return 403;
	if (!refund_fields_ok(req))
		return refund_refused(req, me, &row, 422, "invalid");
	rc = pay_row_load(req->app->db, req->arena, req_field(req, F_ORDER), &pr);
	if (rc < 0)
		return 500;
	if (rc > 0 || pr.request_id != row.id)
		return 404;
	long amount = req_field(req, F_AMOUNT) ? (long)req->fields[F_AMOUNT].num : 0;
	if (!refundable(pay_state_name(pr.state)) || pr.refunded >= pr.amount)
		return refund_refused(req, me, &row, 409, "state");
	if (amount > pr.amount - pr.refunded)
		return refund_refused(req, me, &row, 422, "refund_amount");
	char err[512];
	bool pending;
	if (pay_refund(desk_pay_long_lived, req->app->db, req->arena, pr.order_id,
	               amount, req_field(req, F_REASON), me->actor, &pending, err,
	               sizeof err) != 0) {
		log_event(LOG_ERR, "desk: refund of %s on %s: %s", pr.order_id,
		          row.ref, err);
		return refund_refused(req, me, &row, 502, "provider");
	}
	staff_audit(req->app->db, me->id, "case.refund", row.ref);
	log_event(LOG_INFO, "desk: refund of %s on %s", pr.order_id, row.ref);
	return resp_redirect(req, arena_printf(req->arena, "/desk/case/%lld?done=%s",
	                                       row.id, pending ? "refund_pending" : "refund"));
}

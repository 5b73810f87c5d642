/* POST /desk/case/ID/ACTION: one step of the workflow (lib/flow.c) in one
 * transaction with its audit row; then back to the case page, or the case
 * page again with the reason the step was refused. */
#include <stdlib.h>
#include <string.h>

#include "desk-pages.h"
#include "flow.h"
#include "log.h"
#include "mail.h"
#include "resp.h"
#include "view.h"

struct action_out {
	const char *code; /* reissue: the new access code, shown once */
};

typedef int (*action_fn)(struct req *req, const struct flow_ctx *c,
                         const struct case_row *row, struct action_out *out);

/* The day in field f, today when it was left empty; false when malformed. */
static bool day_or_today(struct req *req, size_t f, cal_day today, cal_day *out)
{
	int rc = desk_field_day(req, f, out);
	if (rc == 0)
		*out = today;
	return rc >= 0;
}

static bool day_required(struct req *req, size_t f, cal_day *out)
{
	return desk_field_day(req, f, out) == 1;
}

static int a_review(struct req *req, const struct flow_ctx *c,
                    const struct case_row *row, struct action_out *out)
{
	(void)req;
	(void)out;
	return flow_review(c, row->id);
}

static int a_identity(struct req *req, const struct flow_ctx *c,
                      const struct case_row *row, struct action_out *out)
{
	(void)out;
	const struct field_value *fv = &req->fields[F_DOC];
	long long *docs = arena_calloc(req->arena, fv->count + 1, sizeof *docs);
	for (size_t i = 0; i < fv->count; i++)
		docs[i] = strtoll(fv->all[i]->value, NULL, 10);
	return flow_identity_checked(c, row->id, docs, fv->count,
	                             req_field(req, F_NOTE));
}

static int a_amend(struct req *req, const struct flow_ctx *c,
                   const struct case_row *row, struct action_out *out)
{
	(void)out;
	cal_day from, by;
	if (!day_or_today(req, F_FROM_ON, c->today, &from) ||
	    !day_required(req, F_ANSWER_BY, &by))
		return FLOW_INVALID;
	return flow_amend(c, row->id, req_field(req, F_WHAT), from, by);
}

static int a_amended(struct req *req, const struct flow_ctx *c,
                     const struct case_row *row, struct action_out *out)
{
	(void)out;
	cal_day on;
	if (!day_or_today(req, F_ON, c->today, &on))
		return FLOW_INVALID;
	return flow_amended(c, row->id, on);
}

static int a_extend(struct req *req, const struct flow_ctx *c,
                    const struct case_row *row, struct action_out *out)
{
	(void)out;
	cal_day due;
	if (!day_required(req, F_NEW_DUE, &due))
		return FLOW_INVALID;
	return flow_extend(c, row->id, due, req_field(req, F_REASON));
}

static int a_special(struct req *req, const struct flow_ctx *c,
                     const struct case_row *row, struct action_out *out)
{
	(void)out;
	cal_day rest;
	if (!day_required(req, F_REST_BY, &rest))
		return FLOW_INVALID;
	return flow_special_case(c, row->id, rest, req_field(req, F_REASON));
}

static int a_consult(struct req *req, const struct flow_ctx *c,
                     const struct case_row *row, struct action_out *out)
{
	(void)out;
	cal_day sent, due;
	long long tp;
	if (!day_or_today(req, F_SENT_ON, c->today, &sent) ||
	    !day_required(req, F_ANSWER_DUE_ON, &due))
		return FLOW_INVALID;
	return flow_consult(c, row->id, req_field(req, F_NAME), sent, due, &tp);
}

static int a_answer(struct req *req, const struct flow_ctx *c,
                    const struct case_row *row, struct action_out *out)
{
	(void)out;
	cal_day on;
	if (req_field(req, F_TP) == NULL || !day_or_today(req, F_ON, c->today, &on))
		return FLOW_INVALID;
	return flow_consult_answer(c, row->id, req->fields[F_TP].num, on,
	                           req->fields[F_OBJECTS].num == 1);
}

static unsigned methods_of(struct req *req)
{
	const struct field_value *fv = &req->fields[F_METHOD];
	unsigned m = 0;
	for (size_t i = 0; i < fv->count; i++) {
		const char *v = fv->all[i]->value;
		m |= strcmp(v, "view") == 0 ? METHOD_VIEW
		     : strcmp(v, "copy") == 0 ? METHOD_COPY
		     : strcmp(v, "mail") == 0 ? METHOD_MAIL : 0x100;
	}
	return m;
}

/* The decision form, for the decision and (rest) for the rest of a
 * request under 法84. */
static int decide_form(struct req *req, const struct flow_ctx *c,
                       const struct case_row *row, bool rest)
{
	struct flow_decide d = { 0 };
	struct flow_reason reasons[DESK_REASONS];
	struct flow_slot slots[DESK_SLOTS];
	if (flow_decision_parse(req_field(req, F_DECISION), &d.decision) != 0 ||
	    !day_or_today(req, F_DECIDED_ON, c->today, &d.decided_on))
		return FLOW_INVALID;
	if (d.decision == DEC_DISMISSED && !rest)
		return flow_dismiss(c, row->id, req_field(req, F_REASON));
	/* The form hides the withheld parts for a decision that takes none
	 * (全部開示); what was typed there before the choice changed is not
	 * part of it. */
	for (size_t i = 0; flow_decision_needs_reason(d.decision) && i < DESK_REASONS; i++) {
		const char *part = req_field(req, F_PART1 + i);
		if (part == NULL)
			continue;
		reasons[d.n_reasons].part = part;
		reasons[d.n_reasons].ground = req_field(req, F_GROUND1 + i);
		reasons[d.n_reasons++].explanation = req_field(req, F_EXPL1 + i);
	}
	for (size_t i = 0; i < DESK_SLOTS; i++) {
		const char *s = req_field(req, F_SLOT1 + i);
		if (s == NULL)
			continue;
		slots[d.n_slots].starts_at = s;
		slots[d.n_slots++].place = req_field(req, F_PLACE);
	}
	d.reasons = reasons;
	d.slots = slots;
	d.methods = methods_of(req);
	/* 法82①: a disclosure's notice states the 利用目的. */
	d.purpose = req_field(req, F_PURPOSE);
	if (d.purpose == NULL)
		d.purpose = ""; /* required here: flow_decide refuses it blank */
	d.reason = req_field(req, F_REASON);
	return rest ? flow_decide_rest(c, row->id, &d) : flow_decide(c, row->id, &d);
}

static int a_decide(struct req *req, const struct flow_ctx *c,
                    const struct case_row *row, struct action_out *out)
{
	(void)out;
	return decide_form(req, c, row, false);
}

/* 法84: the decision on the rest ("残りの保有個人情報") */
static int a_decide_rest(struct req *req, const struct flow_ctx *c,
                         const struct case_row *row, struct action_out *out)
{
	(void)out;
	return decide_form(req, c, row, true);
}

/* The fee of a part: the request's (fee) or, 法84, the rest's (rest_fee). */
static int fee_of(struct req *req, const struct flow_ctx *c,
                  const struct case_row *row, enum flow_part part)
{
	struct flow_media media[DESK_MEDIA];
	struct flow_fee f = { 0 };
	long amount;
	f.mono_pages = (int)req->fields[F_MONO].num;
	f.colour_pages = (int)req->fields[F_COLOUR].num;
	f.postage_yen = req->fields[F_POSTAGE].num;
	for (size_t i = 0; i < DESK_MEDIA; i++) {
		const char *item = req_field(req, F_MEDIA_ITEM1 + i);
		if (item == NULL)
			continue;
		media[f.n_media].item = item;
		media[f.n_media].units = req_field(req, F_MEDIA_UNITS1 + i)
		                                 ? (int)req->fields[F_MEDIA_UNITS1 + i].num : 1;
		media[f.n_media++].yen = req->fields[F_MEDIA_YEN1 + i].num;
	}
	f.media = media;
	return flow_set_fee_part(c, row->id, part, &f, &amount);
}

static int a_fee(struct req *req, const struct flow_ctx *c,
                 const struct case_row *row, struct action_out *out)
{
	(void)out;
	return fee_of(req, c, row, PART_MAIN);
}

static int pay_of(struct req *req, const struct flow_ctx *c,
                  const struct case_row *row, enum flow_part part)
{
	if (req_field(req, F_AMOUNT) == NULL)
		return FLOW_INVALID;
	return flow_record_payment_part(c, row->id, part, req_field(req, F_VIA),
	                                req->fields[F_AMOUNT].num);
}

static int a_pay(struct req *req, const struct flow_ctx *c,
                 const struct case_row *row, struct action_out *out)
{
	(void)out;
	return pay_of(req, c, row, PART_MAIN);
}

static int a_deliver(struct req *req, const struct flow_ctx *c,
                     const struct case_row *row, struct action_out *out)
{
	(void)out;
	cal_day on;
	if (!day_or_today(req, F_ON, c->today, &on))
		return FLOW_INVALID;
	return flow_deliver(c, row->id, req_field(req, F_DELIVERY), on);
}

/* 法84, 87: the rest decided later is carried out on its own: its fee,
 * its payment, its 申出 and its delivery. */
static int a_rest_fee(struct req *req, const struct flow_ctx *c,
                      const struct case_row *row, struct action_out *out)
{
	(void)out;
	return fee_of(req, c, row, PART_REST);
}

static int a_rest_pay(struct req *req, const struct flow_ctx *c,
                      const struct case_row *row, struct action_out *out)
{
	(void)out;
	return pay_of(req, c, row, PART_REST);
}

static int a_rest_deliver(struct req *req, const struct flow_ctx *c,
                          const struct case_row *row, struct action_out *out)
{
	(void)out;
	cal_day on;
	if (!day_or_today(req, F_ON, c->today, &on))
		return FLOW_INVALID;
	return flow_deliver_rest(c, row->id, req_field(req, F_DELIVERY), on);
}

static int a_rest_offer_paper(struct req *req, const struct flow_ctx *c,
                              const struct case_row *row, struct action_out *out)
{
	(void)out;
	cal_day on;
	if (!day_or_today(req, F_ON, c->today, &on))
		return FLOW_INVALID;
	return flow_offer_paper_part(c, row->id, PART_REST, req_field(req, F_DELIVERY),
	                             0, on, req_field(req, F_REASON));
}

/* 法97: the body the information was provided to, told of the 訂正. */
static int a_correction_notified(struct req *req, const struct flow_ctx *c,
                                 const struct case_row *row, struct action_out *out)
{
	(void)out;
	cal_day on;
	if (!day_or_today(req, F_ON, c->today, &on))
		return FLOW_INVALID;
	return flow_correction_notified(c, row->id, req_field(req, F_NAME), on);
}

/* 法85: 移送 to another agency, with the reason. */
static int a_transfer(struct req *req, const struct flow_ctx *c,
                      const struct case_row *row, struct action_out *out)
{
	(void)out;
	return flow_transfer(c, row->id, req_field(req, F_AGENCY), req_field(req, F_REASON));
}

/* 法87④: how the 開示決定通知 went out and the day it arrived. */
static int a_notice_sent(struct req *req, const struct flow_ctx *c,
                         const struct case_row *row, struct action_out *out)
{
	(void)out;
	cal_day sent, arrived = 0;
	if (!day_or_today(req, F_SENT_AT, c->today, &sent))
		return FLOW_INVALID;
	if (req_field(req, F_ARRIVED_ON) && !day_required(req, F_ARRIVED_ON, &arrived))
		return FLOW_INVALID;
	return flow_notice_sent(c, row->id, req_field(req, F_HOW), sent, arrived);
}

/* 法84, 87④: how the rest's own 開示決定通知 went out and the day it
 * arrived; the rest's 申出 window counts from that day. */
static int a_rest_notice_sent(struct req *req, const struct flow_ctx *c,
                              const struct case_row *row, struct action_out *out)
{
	(void)out;
	cal_day sent, arrived = 0;
	if (!day_or_today(req, F_SENT_AT, c->today, &sent))
		return FLOW_INVALID;
	if (req_field(req, F_ARRIVED_ON) && !day_required(req, F_ARRIVED_ON, &arrived))
		return FLOW_INVALID;
	return flow_notice_sent_part(c, row->id, PART_REST, req_field(req, F_HOW), sent, arrived);
}

/* 法87③④: a 申出書 on paper; late only with 正当な理由. */
static int a_offer_paper(struct req *req, const struct flow_ctx *c,
                         const struct case_row *row, struct action_out *out)
{
	(void)out;
	cal_day on;
	if (!day_or_today(req, F_ON, c->today, &on))
		return FLOW_INVALID;
	return flow_offer_paper(c, row->id, req_field(req, F_DELIVERY),
	                        req->fields[F_SLOT_ID].num, on, req_field(req, F_REASON));
}

static int a_carry_out(struct req *req, const struct flow_ctx *c,
                       const struct case_row *row, struct action_out *out)
{
	(void)out;
	cal_day on;
	if (!day_or_today(req, F_ON, c->today, &on))
		return FLOW_INVALID;
	return flow_carried_out(c, row->id, on);
}

static int a_close(struct req *req, const struct flow_ctx *c,
                   const struct case_row *row, struct action_out *out)
{
	(void)req;
	(void)out;
	return flow_close(c, row->id);
}

static int a_withdraw(struct req *req, const struct flow_ctx *c,
                      const struct case_row *row, struct action_out *out)
{
	(void)out;
	cal_day on;
	if (!day_or_today(req, F_ON, c->today, &on))
		return FLOW_INVALID;
	return flow_withdraw(c, row->id, on);
}

static int a_dismiss(struct req *req, const struct flow_ctx *c,
                     const struct case_row *row, struct action_out *out)
{
	(void)out;
	return flow_dismiss(c, row->id, req_field(req, F_REASON));
}

static int a_appeal(struct req *req, const struct flow_ctx *c,
                    const struct case_row *row, struct action_out *out)
{
	(void)out;
	cal_day on;
	long long appeal;
	if (!day_or_today(req, F_ON, c->today, &on))
		return FLOW_INVALID;
	return flow_appeal(c, row->id, on, &appeal);
}

static int appeal_step(struct req *req, const struct flow_ctx *c,
                       const struct case_row *row, enum appeal_step step)
{
	cal_day on;
	if (req_field(req, F_APPEAL) == NULL || !day_or_today(req, F_ON, c->today, &on))
		return FLOW_INVALID;
	return flow_appeal_step(c, row->id, req->fields[F_APPEAL].num, step, on);
}

static int a_appeal_consulted(struct req *req, const struct flow_ctx *c,
                              const struct case_row *row, struct action_out *out)
{
	(void)out;
	return appeal_step(req, c, row, APPEAL_CONSULTED);
}

static int a_appeal_answered(struct req *req, const struct flow_ctx *c,
                             const struct case_row *row, struct action_out *out)
{
	(void)out;
	return appeal_step(req, c, row, APPEAL_ANSWERED);
}

static int a_appeal_ruled(struct req *req, const struct flow_ctx *c,
                          const struct case_row *row, struct action_out *out)
{
	(void)out;
	cal_day on;
	if (req_field(req, F_APPEAL) == NULL || !day_or_today(req, F_ON, c->today, &on))
		return FLOW_INVALID;
	return flow_appeal_ruled(c, row->id, req->fields[F_APPEAL].num, on,
	                         req_field(req, F_OUTCOME));
}

static int a_reissue(struct req *req, const struct flow_ctx *c,
                     const struct case_row *row, struct action_out *out)
{
	(void)req;
	return flow_reissue_code(c, row->id, &out->code);
}

/* The address the requester's e-mail notices go to (issue 18). */
static int a_mail_address(struct req *req, const struct flow_ctx *c,
                          const struct case_row *row, struct action_out *out)
{
	(void)out;
	const char *addr = req_field(req, F_EMAIL);
	int rc = mail_set_address(c->db, row->id, c->actor, addr ? addr : "");
	return rc == 0 ? FLOW_OK : rc > 0 ? FLOW_INVALID : FLOW_ERROR;
}

static const struct {
	const char *name;
	action_fn fn;
} actions[] = {
	{ "mail_address", a_mail_address },
	{ "review", a_review },
	{ "identity", a_identity },
	{ "amend", a_amend },
	{ "amended", a_amended },
	{ "extend", a_extend },
	{ "special", a_special },
	{ "consult", a_consult },
	{ "answer", a_answer },
	{ "decide", a_decide },
	{ "decide_rest", a_decide_rest },
	{ "fee", a_fee },
	{ "pay", a_pay },
	{ "deliver", a_deliver },
	{ "rest_fee", a_rest_fee },
	{ "rest_pay", a_rest_pay },
	{ "rest_notice_sent", a_rest_notice_sent },
	{ "rest_offer_paper", a_rest_offer_paper },
	{ "rest_deliver", a_rest_deliver },
	{ "notice_sent", a_notice_sent },
	{ "transfer", a_transfer },
	{ "correction_notified", a_correction_notified },
	{ "offer_paper", a_offer_paper },
	{ "carry_out", a_carry_out },
	{ "close", a_close },
	{ "withdraw", a_withdraw },
	{ "dismiss", a_dismiss },
	{ "appeal", a_appeal },
	{ "appeal_consulted", a_appeal_consulted },
	{ "appeal_answered", a_appeal_answered },
	{ "appeal_ruled", a_appeal_ruled },
	{ "reissue", a_reissue },
};

static int status_of(int err)
{
	switch (err) {
	case FLOW_NOT_FOUND: return 404;
	case FLOW_INVALID:
	case FLOW_AMOUNT: return 422;
	case FLOW_ERROR: return 500;
	default: return 409;
	}
}

/* Any field sent too long or malformed makes the whole step invalid. */
static bool fields_ok(struct req *req)
{
	for (size_t i = 0; i < F__MAX; i++) {
		enum field_state s = req_field_state(req, i);
		if (s == FIELD_TOO_LONG || s == FIELD_INVALID)
			return false;
	}
	return true;
}

/* What the clerk sent comes back into the refused step's form as
 * Posted.ACTION.NAME (Posted.ACTION.method.VALUE for each ticked method):
 * a refused decision never comes back reset, so re-sending it cannot
 * issue a decision nobody chose (issue 23). */
static void keep_posted(struct req *req, const char *action)
{
	for (size_t i = 0; i < F__MAX; i++) {
		const char *v = req_field(req, i);
		if (v == NULL || i == F_METHOD || i == F_PASSWORD || i == F_CONFIRM)
			continue;
		view_set(req, arena_printf(req->arena, "Posted.%s.%s", action,
		                           req->prog->fields[i].name), v);
	}
	const struct field_value *fv = &req->fields[F_METHOD];
	for (size_t i = 0; i < fv->count; i++) {
		const char *m = fv->all[i]->value;
		if (strcmp(m, "view") == 0 || strcmp(m, "copy") == 0 ||
		    strcmp(m, "mail") == 0)
			view_set(req, arena_printf(req->arena, "Posted.%s.method.%s",
			                           action, m), "1");
	}
}

static int refused(struct req *req, const struct desk_staff *me,
                   const struct case_row *row, const char *action, int err)
{
	struct case_row again;
	int status = status_of(err);
	if (status == 500)
		return 500;
	log_event(LOG_INFO, "desk: %s on %s refused: %s", action, row->ref,
	          flow_err_name(err));
	if (case_load(req->app->db, req->arena, row->id, &again) != 0 ||
	    desk_case_view(req, me, &again) != 0)
		return 500;
	req->status = status;
	view_set(req, "Flash.Error", flow_err_name(err));
	view_set(req, "Flash.Action", action);
	view_set(req, "Case.Next", action); /* the refused step's form open */
	keep_posted(req, action);
	return view_render(req, "desk-case");
}

/* Steps that cannot be undone go through a confirmation page that says
 * what will happen and to whom (issue 23): 決定, 却下, 取下げ and a new
 * access code. */
static bool irreversible(const char *name)
{
	return strcmp(name, "decide") == 0 || strcmp(name, "decide_rest") == 0 ||
	       strcmp(name, "dismiss") == 0 ||
	       strcmp(name, "withdraw") == 0 || strcmp(name, "reissue") == 0;
}

/* The confirmation page: the step checked (and rolled back) already, its
 * fields carried as hidden inputs (Confirm.Fields), confirm=1 to do it,
 * confirm=2 back to the form with everything kept. */
static int confirm_page(struct req *req, const struct desk_staff *me,
                        const struct case_row *row, const char *action)
{
	if (desk_case_view(req, me, row) != 0)
		return 500;
	size_t n = 0;
	for (size_t i = 0; i < F__MAX; i++) {
		const char *v = req_field(req, i);
		if (v == NULL || i == F_METHOD || i == F_PASSWORD || i == F_CONFIRM)
			continue;
		const char *pre = arena_printf(req->arena, "Confirm.Fields.%zu", n++);
		view_set(req, arena_printf(req->arena, "%s.Name", pre),
		         req->prog->fields[i].name);
		view_set(req, arena_printf(req->arena, "%s.Value", pre), v);
	}
	const struct field_value *fv = &req->fields[F_METHOD];
	for (size_t i = 0; i < fv->count; i++) {
		const char *pre = arena_printf(req->arena, "Confirm.Fields.%zu", n++);
		view_set(req, arena_printf(req->arena, "%s.Name", pre), "method");
		view_set(req, arena_printf(req->arena, "%s.Value", pre),
		         fv->all[i]->value);
	}
	view_set(req, "Confirm.Action", action);
	keep_posted(req, action);
	return view_render(req, "desk-confirm");
}

int desk_post_action(struct req *req)
{
	const struct desk_staff *me;
	struct case_row row;
	struct action_out out = { NULL };
	DESK_REQUIRE(req, DESK_CLERK, &me);
	int rc = desk_case_for(req, me, &row);
	if (rc)
		return rc;
	const char *name = req->route_arg[1];
	action_fn fn = NULL;
	for (size_t i = 0; i < sizeof actions / sizeof actions[0] && !fn; i++)
		if (strcmp(actions[i].name, name) == 0) {
			fn = actions[i].fn;
			name = actions[i].name;
		}
	if (fn == NULL)
		return 404;
	struct flow_ctx c = { req->app->db, &req->app->profile, req->arena,
	                      me->actor, cal_today() };
	long confirm = req_field(req, F_CONFIRM) ? req->fields[F_CONFIRM].num : 0;
	if (confirm == 2) { /* back from the confirmation: the form as sent */
		if (desk_case_view(req, me, &row) != 0)
			return 500;
		view_set(req, "Case.Next", name); /* its form open, first */
		keep_posted(req, name);
		return view_render(req, "desk-case");
	}
	if (db_begin(req->app->db) != 0)
		return 500;
	int err = fields_ok(req) ? fn(req, &c, &row, &out) : FLOW_INVALID;
	if (err == FLOW_OK && irreversible(name) && confirm != 1) {
		db_rollback(req->app->db);
		return confirm_page(req, me, &row, name);
	}
	if (err == FLOW_OK &&
	    staff_audit(req->app->db, me->id, arena_printf(req->arena, "case.%s", name),
	                row.ref) != 0)
		err = FLOW_ERROR;
	if (err == FLOW_OK && db_commit(req->app->db) != 0)
		err = FLOW_ERROR;
	if (err != FLOW_OK) {
		db_rollback(req->app->db);
		return refused(req, me, &row, name, err);
	}
	log_event(LOG_INFO, "desk: %s on %s", name, row.ref);
	/* The same step closes online payments started for the old fee. */
	if (strcmp(name, "fee") == 0 || strcmp(name, "pay") == 0 ||
	    strcmp(name, "rest_fee") == 0 || strcmp(name, "rest_pay") == 0)
		desk_pay_fee_changed(req, row.id);
	if (out.code) {
		view_set(req, "Code.Ref", row.ref);
		view_set(req, "Code.Code", out.code);
		view_setf(req, "Code.CaseId", "%lld", row.id);
		return view_render(req, "desk-code");
	}
	/* back to the steps, where the next action is, not the page's top */
	return resp_redirect(req, arena_printf(req->arena,
	                                       "/desk/case/%lld?done=%s#actions",
	                                       row.id, name));
}

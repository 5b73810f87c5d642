/* The workflow's rules (lib/flow.c) and staff accounts (lib/staff.c) on a
 * real SQLite file with the Yamagata profile: due dates through 補正 and
 * extensions, 法84, 法86③, decisions and their reasons, fees, payments,
 * appeals, retention. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "flow.h"
#include "staff.h"
#include "tap.h"
#include "token.h"

static struct fixture fx;
static struct db *db;
static const struct profile *prof;

/* The Yamagata profile and a migrated database with its agencies. */
static int setup(void)
{
	if (fixture_open(&fx, "yamagata", 1) != 0)
		return -1;
	db = fx.db;
	prof = &fx.prof;
	return 0;
}

static cal_day day(const char *s)
{
	cal_day d = 0;
	cal_parse(s, &d);
	return d;
}

static long long make(struct arena *a, enum req_kind kind, const char *received)
{
	struct case_new in = { kind, "mayor", "online", "試験 太郎", "{}", day(received), "staff:1" };
	struct case_created out;
	db_begin(db);
	int rc = case_create(db, prof, a, &in, &out);
	db_commit(db);
	return rc == 0 ? out.id : 0;
}

/* One step in its own transaction, as the desk does. */
#define STEP(call) (db_begin(db), step_end(call))
static int step_end(int rc)
{
	if (rc == FLOW_OK)
		db_commit(db);
	else
		db_rollback(db);
	return rc;
}

static cal_day due_of(struct arena *a, long long id)
{
	struct case_row r;
	return case_load(db, a, id, &r) == 0 ? r.due_on : 0;
}

static const char *state_of(struct arena *a, long long id)
{
	struct case_row r;
	return case_load(db, a, id, &r) == 0 ? case_state_name(r.state) : "";
}

static void decisions(void)
{
	enum flow_decision d;
	TAP_OK(flow_decision_parse("refuse_existence", &d) == 0 && d == DEC_REFUSE_EXISTENCE, "decision names parse");
	TAP_OK(flow_decision_parse("Full", &d) != 0, "-bad- exactly");
	TAP_OK(flow_decision_fits(KIND_DISCLOSURE, DEC_NOT_EXIST) && !flow_decision_fits(KIND_DISCLOSURE, DEC_CORRECT),
	       "disclosure decisions");
	TAP_OK(flow_decision_fits(KIND_DELETION, DEC_STOP) && !flow_decision_fits(KIND_CORRECTION, DEC_STOP),
	       "deletion is decided like suspension; -bad- not correction");
	TAP_OK(flow_decision_fits(KIND_CORRECTION, DEC_DISMISSED), "any request can be dismissed");
	TAP_OK(flow_decision_needs_reason(DEC_PARTIAL) && !flow_decision_needs_reason(DEC_FULL), "withheld parts need reasons");
	TAP_OK(flow_ground_valid("third_person") && !flow_ground_valid("whim") && !flow_ground_valid(NULL), "grounds of 法78");
}

static void amend_and_extend(struct arena *a)
{
	struct flow_ctx c = { db, prof, a, "staff:1", day("2026-04-02") };
	const struct cal_period *per = &prof->kinds[KIND_DISCLOSURE].period;
	long long id = make(a, KIND_DISCLOSURE, "2026-04-01");
	cal_day plain = due_of(a, id), want;
	TAP_INTEQ(STEP(flow_amended(&c, id, day("2026-04-02"))), FLOW_STATE, "-bad- amended before any 補正");
	TAP_INTEQ(STEP(flow_amend(&c, id, "", day("2026-04-02"), day("2026-04-16"))), FLOW_INVALID, "-bad- a 補正 says what");
	TAP_INTEQ(STEP(flow_amend(&c, id, "氏名", day("2026-04-03"), day("2026-04-16"))), FLOW_INVALID, "-bad- asked in the future");
	TAP_INTEQ(STEP(flow_amend(&c, id, "氏名", day("2026-04-02"), day("2026-04-16"))), FLOW_OK, "補正 asked on 4/2");
	TAP_STREQ(state_of(a, id), "amending", "the request waits");
	c.today = day("2026-04-09");
	TAP_INTEQ(STEP(flow_extend(&c, id, plain + 5, "x")), FLOW_STATE, "-bad- no extension while waiting");
	TAP_INTEQ(STEP(flow_amended(&c, id, day("2026-04-01"))), FLOW_INVALID, "-bad- back before it was asked");
	TAP_INTEQ(STEP(flow_amended(&c, id, day("2026-04-09"))), FLOW_OK, "the fixed request came on 4/9");
	struct cal_hold h = { day("2026-04-02"), day("2026-04-09") };
	cal_due_date(&prof->cal, per, day("2026-04-01"), &h, 1, &want);
	TAP_INTEQ(due_of(a, id), want, "due as the calendar counts it without the 7 hold days");
	TAP_OK(due_of(a, id) >= plain + 7, "at least a week later than before");
	TAP_STREQ(state_of(a, id), "reviewing", "back under review");

	cal_day orig = due_of(a, id);
	TAP_INTEQ(STEP(flow_extend(&c, id, orig + 10, "")), FLOW_INVALID, "-bad- an extension gives its reason");
	TAP_INTEQ(STEP(flow_extend(&c, id, orig + 31, "大量")), FLOW_LIMIT, "-bad- beyond 30 days more");
	TAP_INTEQ(STEP(flow_extend(&c, id, orig + 10, "大量")), FLOW_OK, "extended by 10 days");
	TAP_INTEQ(due_of(a, id), orig + 10, "the new due date");
	c.today = day("2026-04-10");
	TAP_INTEQ(STEP(flow_amend(&c, id, "押印", day("2026-04-10"), day("2026-04-24"))), FLOW_OK, "a second 補正");
	c.today = day("2026-04-13");
	TAP_INTEQ(STEP(flow_amended(&c, id, day("2026-04-13"))), FLOW_OK, "back on 4/13");
	/* orig + 10 is a Saturday: the smallest extension reaching it is 10
	 * days (rolled into Golden Week); the second hold moves that by 3. */
	struct cal_hold both[2] = { h, { day("2026-04-10"), day("2026-04-13") } };
	cal_extended_due(&prof->cal, per, day("2026-04-01"), both, 2, 10, &want);
	TAP_INTEQ(due_of(a, id), want, "the extended date moves by the 3 hold days too");
	TAP_OK(due_of(a, id) >= orig + 13, "three days or more later");
	TAP_INTEQ(STEP(flow_special_case(&c, id, orig + 80, "大量")), FLOW_STATE, "-bad- no 法84 after an extension");

	long long late = make(a, KIND_DISCLOSURE, "2026-03-01");
	c.today = day("2026-04-13");
	TAP_INTEQ(STEP(flow_extend(&c, late, day("2026-04-20"), "遅い")), FLOW_LATE, "-bad- the original period has ended");
	TAP_INTEQ(STEP(flow_special_case(&c, late, day("2026-07-01"), "遅い")), FLOW_LATE, "-bad- 法84 too");
	/* what the desk offers (flow_may_*) is what the steps take */
	TAP_OK(!flow_may_extend(&c, late), "-bad- no extension offered once the period has ended");
	TAP_OK(!flow_may_special(&c, late), "-bad- nor 法84");
	TAP_OK(flow_may_extend(&c, id), "an extended case may be extended further, to the limit");
	TAP_OK(!flow_may_special(&c, id), "-bad- no 法84 offered after an extension");
	long long fresh = make(a, KIND_DISCLOSURE, "2026-04-13");
	TAP_OK(flow_may_extend(&c, fresh) && flow_may_special(&c, fresh), "a new request: both offered");
	TAP_INTEQ(STEP(flow_amend(&c, fresh, "氏名", day("2026-04-13"), day("2026-04-27"))), FLOW_OK, "補正 asked");
	TAP_OK(!flow_may_extend(&c, fresh) && !flow_may_special(&c, fresh), "-bad- neither while a 補正 is awaited");
}

static void special(struct arena *a)
{
	struct flow_ctx c = { db, prof, a, "staff:1", day("2026-05-11") };
	long long id = make(a, KIND_DISCLOSURE, "2026-05-11");
	cal_day part;
	cal_special_due(&prof->cal, &prof->kinds[KIND_DISCLOSURE].period, day("2026-05-11"), NULL, 0,
	                prof->deadline.special_case_days, day("2026-09-30"), &part);
	TAP_INTEQ(STEP(flow_special_case(&c, id, day("2026-06-01"), "大量")), FLOW_INVALID, "-bad- the rest before the part");
	TAP_INTEQ(STEP(flow_special_case(&c, id, day("2026-09-30"), "大量")), FLOW_OK, "法84: the rest by 9/30");
	TAP_INTEQ(due_of(a, id), part, "due: the part's date, 60 days");
	TAP_INTEQ(STEP(flow_extend(&c, id, part + 5, "x")), FLOW_STATE, "-bad- no extension after 法84");
}

static void third_party(struct arena *a)
{
	struct flow_ctx c = { db, prof, a, "staff:1", day("2026-06-01") };
	long long id = make(a, KIND_DISCLOSURE, "2026-06-01"), tp;
	struct flow_reason r = { "氏名", "third_person", "第三者の情報" };
	struct flow_decide d = { DEC_PARTIAL, day("2026-06-05"), &r, 1, METHOD_VIEW, NULL, 0, NULL, NULL };
	TAP_INTEQ(STEP(flow_consult(&c, id, "甲社", day("2026-06-01"), day("2026-05-30"), &tp)), FLOW_INVALID,
	          "-bad- the answer due before it was sent");
	TAP_INTEQ(STEP(flow_consult(&c, id, "甲社", day("2026-06-01"), day("2026-06-08"), &tp)), FLOW_OK, "consulted");
	TAP_STREQ(state_of(a, id), "consulting", "consulting");
	c.today = day("2026-06-05");
	TAP_INTEQ(STEP(flow_decide(&c, id, &d)), FLOW_WAIT, "-bad- no decision while the answer may come");
	TAP_INTEQ(STEP(flow_consult_answer(&c, id, tp + 1000, day("2026-06-04"), true)), FLOW_INVALID, "-bad- another third party");
	TAP_INTEQ(STEP(flow_consult_answer(&c, id, tp, day("2026-06-04"), true)), FLOW_OK, "answered: objects");
	TAP_INTEQ(STEP(flow_consult_answer(&c, id, tp, day("2026-06-04"), false)), FLOW_INVALID,
	          "-bad- an answer is recorded once");
	TAP_STREQ(state_of(a, id), "reviewing", "back under review");
	struct flow_decide bad = d;
	bad.n_reasons = 0;
	TAP_INTEQ(STEP(flow_decide(&c, id, &bad)), FLOW_INVALID, "-bad- a partial disclosure without reasons");
	bad = d;
	bad.methods = 0;
	TAP_INTEQ(STEP(flow_decide(&c, id, &bad)), FLOW_INVALID, "-bad- a disclosure without a method");
	bad = d;
	bad.decision = DEC_FULL;
	TAP_INTEQ(STEP(flow_decide(&c, id, &bad)), FLOW_INVALID, "-bad- 全部開示 with a withheld part (法78, 82)");
	TAP_STREQ(state_of(a, id), "reviewing", "-bad- and nothing was decided");
	TAP_INTEQ(STEP(flow_decide(&c, id, &d)), FLOW_OK, "decided on 6/5");
	TAP_INTEQ(flow_disclosure_earliest(db, prof, id), day("2026-06-20"), "法86③: two full weeks between");
	c.today = day("2026-06-30");
	TAP_INTEQ(STEP(flow_deliver(&c, id, "counter", day("2026-06-19"))), FLOW_WAIT, "-bad- on the 14th day after");
	TAP_INTEQ(STEP(flow_deliver(&c, id, "counter", day("2026-06-20"))), FLOW_OK, "on the 15th day");
}

static void fees(struct arena *a)
{
	struct flow_ctx c = { db, prof, a, "staff:1", day("2026-07-10") };
	long long id = make(a, KIND_DISCLOSURE, "2026-07-01");
	struct flow_media m[2] = { { "cdr", 1, 0 }, { "outsourced", 1, 500 } };
	struct flow_fee f = { 3, 2, m, 2, 84 };
	struct flow_decide d = { DEC_FULL, day("2026-07-10"), NULL, 0, METHOD_COPY | METHOD_MAIL, NULL, 0, NULL, NULL };
	long amount;
	TAP_INTEQ(STEP(flow_set_fee(&c, id, &f, &amount)), FLOW_STATE, "-bad- no fee before the decision");
	TAP_INTEQ(STEP(flow_decide(&c, id, &d)), FLOW_OK, "全部開示");
	struct flow_media unknown = { "vinyl", 1, 0 };
	struct flow_fee badf = { 0, 0, &unknown, 1, 0 };
	TAP_INTEQ(STEP(flow_set_fee(&c, id, &badf, &amount)), FLOW_INVALID, "-bad- an item the table lacks");
	TAP_INTEQ(STEP(flow_set_fee(&c, id, &f, &amount)), FLOW_OK, "the fee");
	TAP_INTEQ(amount, 3 * 10 + 2 * 20 + 100 + 500 + 84, "mono, colour, a CD-R, at-cost copying, postage");
	TAP_INTEQ(STEP(flow_deliver(&c, id, "mail", day("2026-07-10"))), FLOW_UNPAID, "-bad- paid in advance (前納)");
	TAP_INTEQ(STEP(flow_record_payment(&c, id, "counter", amount - 1)), FLOW_AMOUNT, "-bad- a yen short");
	TAP_INTEQ(STEP(flow_record_payment(&c, id, "online", amount)), FLOW_INVALID, "-bad- online comes from the provider");
	TAP_INTEQ(STEP(flow_record_payment(&c, id, "bank_slip", amount)), FLOW_INVALID, "-bad- Yamagata takes no bank slips");
	TAP_INTEQ(STEP(flow_record_payment(&c, id, "counter", amount)), FLOW_OK, "paid at the counter");
	TAP_INTEQ(STEP(flow_record_payment(&c, id, "counter", amount)), FLOW_STATE, "-bad- paid once");
	TAP_INTEQ(STEP(flow_deliver(&c, id, "post", day("2026-07-10"))), FLOW_INVALID, "-bad- an unknown method");
	TAP_INTEQ(STEP(flow_deliver(&c, id, "mail", day("2026-07-10"))), FLOW_OK, "sent by mail");

	long long view = make(a, KIND_DISCLOSURE, "2026-07-01");
	struct flow_fee none = { 0, 0, NULL, 0, 0 };
	d.methods = METHOD_VIEW;
	STEP(flow_decide(&c, view, &d));
	TAP_INTEQ(STEP(flow_set_fee(&c, view, &none, &amount)), FLOW_OK, "viewing only");
	TAP_INTEQ(amount, 0, "costs nothing");
	TAP_INTEQ(STEP(flow_deliver(&c, view, "counter", day("2026-07-10"))), FLOW_OK, "waived: no payment to wait for");
}

static void appeals_and_end(struct arena *a)
{
	struct flow_ctx c = { db, prof, a, "staff:1", day("2026-08-20") };
	long long id = make(a, KIND_CORRECTION, "2026-08-01"), ap;
	struct flow_reason r = { "請求の全部", "other", "事実に誤りがない" };
	struct flow_decide d = { DEC_NOT_CORRECT, day("2026-08-10"), &r, 1, 0, NULL, 0, NULL, NULL };
	TAP_INTEQ(STEP(flow_appeal(&c, id, day("2026-08-20"), &ap)), FLOW_STATE, "-bad- no appeal before a decision");
	TAP_INTEQ(STEP(flow_decide(&c, id, &d)), FLOW_OK, "訂正しない");
	TAP_INTEQ(STEP(flow_carried_out(&c, id, day("2026-08-20"))), FLOW_STATE, "-bad- nothing to carry out");
	TAP_INTEQ(STEP(flow_appeal(&c, id, day("2026-08-09"), &ap)), FLOW_INVALID, "-bad- an appeal before the decision day");
	TAP_INTEQ(STEP(flow_appeal(&c, id, day("2026-08-20"), &ap)), FLOW_OK, "審査請求");
	TAP_INTEQ(STEP(flow_appeal_step(&c, id, ap, APPEAL_ANSWERED, day("2026-08-20"))), FLOW_STATE, "-bad- 答申 before 諮問");
	TAP_INTEQ(STEP(flow_appeal_step(&c, id, ap, APPEAL_CONSULTED, day("2026-08-20"))), FLOW_OK, "諮問");
	TAP_INTEQ(STEP(flow_appeal_ruled(&c, id, ap, day("2026-08-20"), "granted")), FLOW_STATE, "-bad- 裁決 before 答申");
	TAP_INTEQ(STEP(flow_appeal_step(&c, id, ap, APPEAL_ANSWERED, day("2026-08-20"))), FLOW_OK, "答申");
	TAP_INTEQ(STEP(flow_appeal_ruled(&c, id, ap, day("2026-08-20"), "granted")), FLOW_OK, "裁決: 認容");
	TAP_INTEQ(STEP(flow_appeal_ruled(&c, id, ap, day("2026-08-20"), "granted")), FLOW_STATE, "-bad- ruled once");

	long long w = make(a, KIND_DISCLOSURE, "2026-08-01");
	cal_day purge;
	TAP_INTEQ(flow_purge_day(db, prof, w, &purge), 1, "an open request has no purge day");
	TAP_INTEQ(STEP(flow_withdraw(&c, w, day("2026-08-20"))), FLOW_OK, "withdrawn");
	TAP_INTEQ(flow_purge_day(db, prof, w, &purge), 0, "a finished one has");
	TAP_OK(purge >= cal_today() + 89 && purge <= cal_today() + 91, "90 days after it finished");
	TAP_INTEQ(STEP(flow_dismiss(&c, w, "x")), FLOW_STATE, "-bad- nothing after a withdrawal");

	/* 却下 decided on paper earlier and keyed in now. */
	long long x = make(a, KIND_DISCLOSURE, "2026-08-01");
	struct case_row xr;
	TAP_INTEQ(STEP(flow_dismiss_on(&c, x, "記載の不備", day("2026-07-31"))), FLOW_INVALID, "-bad- dismissed before it arrived");
	TAP_INTEQ(STEP(flow_dismiss_on(&c, x, "記載の不備", day("2026-08-21"))), FLOW_INVALID, "-bad- dismissed tomorrow");
	TAP_INTEQ(STEP(flow_dismiss_on(&c, x, "", day("2026-08-05"))), FLOW_INVALID, "-bad- dismissed without a reason");
	TAP_INTEQ(STEP(flow_dismiss_on(&c, x, "記載の不備", day("2026-08-05"))), FLOW_OK, "dismissed on a past day");
	TAP_OK(case_load(db, a, x, &xr) == 0 && strcmp(xr.decided_on, "2026-08-05") == 0, "that day is the decision day");
	TAP_STREQ(state_of(a, x), "dismissed", "and the request is dismissed");
}

static void staff(struct arena *a)
{
	const char *agencies[] = { "mayor" };
	const char *nowhere[] = { "atlantis" };
	struct desk_staff s;
	long long id;
	db_begin(db);
	TAP_INTEQ(staff_add(db, "clerk1", "係員", DESK_CLERK, agencies, 1, "correct horse battery", &id), 0, "a clerk of the mayor");
	TAP_INTEQ(staff_add(db, "clerk1", "係員", DESK_CLERK, agencies, 1, "correct horse battery", &id), 1, "-bad- the login exists");
	TAP_INTEQ(staff_add(db, "clerk2", "係員", DESK_CLERK, nowhere, 1, "correct horse battery", &id), 2, "-bad- an unknown agency");
	TAP_INTEQ(staff_add(db, "clerk3", "係員", DESK_CLERK, agencies, 1, "short", &id), -1, "-bad- a short password");
	TAP_INTEQ(staff_add(db, "Clerk 4", "係員", DESK_VIEWER, NULL, 0, "correct horse battery", &id), -1, "-bad- a login with a space");
	db_commit(db);
	TAP_INTEQ(staff_verify(db, a, "clerk1", "correct horse battery", &s), 0, "the right password");
	TAP_OK(s.role == DESK_CLERK && s.n_agencies == 1 && strcmp(s.actor, arena_printf(a, "staff:%lld", s.id)) == 0,
	       "role, agencies and actor");
	TAP_OK(staff_sees(&s, "mayor") && !staff_sees(&s, "fire"), "sees the mayor's cases, -bad- not the fire chief's");
	TAP_OK(staff_may_change(&s, "mayor"), "a clerk may change them");
	TAP_INTEQ(staff_verify(db, a, "clerk1", "correct horse batterY", &s), 1, "-bad- a wrong password");
	TAP_INTEQ(staff_verify(db, a, "nobody", "correct horse battery", &s), 1, "-bad- an unknown login");
	TAP_INTEQ(staff_verify(db, a, "clerk1", "", &s), 1, "-bad- an empty password");
	db_begin(db);
	TAP_INTEQ(staff_set_disabled(db, "clerk1", true), 0, "disabled");
	db_commit(db);
	TAP_INTEQ(staff_verify(db, a, "clerk1", "correct horse battery", &s), 1, "-bad- a disabled account");
	struct desk_staff viewer = { 1, "v", "v", DESK_VIEWER, false, agencies, 1, "staff:1" };
	struct desk_staff admin = { 2, "a", "a", DESK_ADMIN, false, NULL, 0, "staff:2" };
	TAP_OK(staff_sees(&viewer, "mayor") && !staff_may_change(&viewer, "mayor"), "-bad- a viewer reads only");
	TAP_OK(staff_sees(&admin, "fire") && staff_may_change(&admin, "fire"), "an admin sees every agency");
}

int main(void)
{
	if (setup() != 0)
		return 1;
	struct arena *a = arena_new();
	decisions();
	amend_and_extend(a);
	special(a);
	third_party(a);
	fees(a);
	appeals_and_end(a);
	staff(a);
	arena_free(a);
	fixture_close(&fx);
	return TAP_DONE();
}

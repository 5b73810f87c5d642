/* The desk's steps as 個人情報の保護に関する法律 puts them (issue 14), one
 * function per article, on a real SQLite file with the Yamagata profile
 * (a 市, under the law). Days are fixed: the steps take today from the
 * flow context, never from the clock. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "flow.h"
#include "request-form.h"
#include "tap.h"

static struct fixture fx;
static struct db *db;
static struct profile *prof;

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

#define STEP(call) (db_begin(db), step_end(call))
static int step_end(int rc)
{
	if (rc == FLOW_OK)
		db_commit(db);
	else
		db_rollback(db);
	return rc;
}

/* 法78①: 4号 only for 行政機関の長, 5号 only for 行政機関の長 and 都道府県
 * の機関; a 市区町村 uses 7号イ and 7号ロ; a 都道府県 7号イ and 5号. */
static void art78_grounds(struct arena *a)
{
	TAP_OK(prof->body_kind == BODY_MUNICIPALITY, "法78①: a profile without City.BodyKind is a 市区町村");
	TAP_OK(flow_ground_applies(prof, "security_local") && flow_ground_applies(prof, "public_safety_local"),
	       "法78①7号イ・ロ for a 市区町村");
	TAP_OK(!flow_ground_applies(prof, "security"), "-bad- 法78①4号 is not a 市区町村's");
	TAP_OK(!flow_ground_applies(prof, "public_safety"), "-bad- 法78①5号 is not a 市区町村's");
	TAP_OK(flow_ground_applies(prof, "third_person") && flow_ground_applies(prof, "operations"),
	       "法78①2号, 7号 for every body");
	TAP_OK(!flow_ground_applies(prof, "whim") && !flow_ground_applies(prof, NULL), "-bad- no such ground");
	TAP_OK(flow_ground_valid("security"), "法78①4号 still names a recorded decision's ground");

	struct flow_ctx c = { db, prof, a, "staff:1", day("2026-06-05") };
	long long id = make(a, KIND_DISCLOSURE, "2026-06-01");
	struct flow_reason r = { "警備計画", "security", "国の安全" };
	struct flow_decide d = { DEC_PARTIAL, day("2026-06-05"), &r, 1, METHOD_VIEW, NULL, 0, NULL, NULL };
	TAP_INTEQ(STEP(flow_decide(&c, id, &d)), FLOW_INVALID, "-bad- 法78①4号 refused for a 市's decision");
	r.ground = "public_safety";
	TAP_INTEQ(STEP(flow_decide(&c, id, &d)), FLOW_INVALID, "-bad- 法78①5号 refused for a 市's decision");
	r.ground = "public_safety_local";
	TAP_INTEQ(STEP(flow_decide(&c, id, &d)), FLOW_OK, "法78①7号ロ accepted for a 市's decision");

	prof->body_kind = BODY_PREFECTURE;
	TAP_OK(flow_ground_applies(prof, "public_safety") && flow_ground_applies(prof, "security_local"),
	       "法78①5号 and 7号イ for a 都道府県");
	TAP_OK(!flow_ground_applies(prof, "public_safety_local"), "-bad- 法78①7号ロ excludes 都道府県の機関");
	TAP_OK(!flow_ground_applies(prof, "security"), "-bad- 法78①4号 is not a 都道府県's either");
	prof->body_kind = BODY_MUNICIPALITY;
}

static cal_day due_of(struct arena *a, long long id)
{
	struct case_row r;
	return case_load(db, a, id, &r) == 0 ? r.due_on : 0;
}

/* 法84 only for 開示; 法95 (訂正) and 法103 (利用停止): 特に長期間を要する
 * とき相当の期間内に決定, one date, no part; notified within the period of
 * 94① / 102①. */
static void art84_95_103_special(struct arena *a)
{
	TAP_OK(flow_special_of(KIND_DISCLOSURE) == SPECIAL_PART_REST, "法84: 開示 decides a part first");
	TAP_OK(flow_special_of(KIND_CORRECTION) == SPECIAL_BY, "法95: 訂正 by one date");
	TAP_OK(flow_special_of(KIND_SUSPENSION) == SPECIAL_BY, "法103: 利用停止 by one date");
	TAP_OK(flow_special_of(KIND_DELETION) == SPECIAL_NONE && flow_special_of(KIND_CESSATION) == SPECIAL_NONE,
	       "-bad- no 特例 for 削除・中止 (not kinds of the Act)");

	struct flow_ctx c = { db, prof, a, "staff:1", day("2026-06-02") };
	long long id = make(a, KIND_CORRECTION, "2026-06-01");
	cal_day orig = due_of(a, id);
	TAP_INTEQ(STEP(flow_special_case(&c, id, orig, "調査")), FLOW_INVALID, "-bad- 法95: not beyond the period");
	TAP_INTEQ(STEP(flow_special_case(&c, id, orig + 60, "")), FLOW_INVALID, "-bad- 法95: the reason is notified");
	TAP_INTEQ(STEP(flow_special_case(&c, id, orig + 60, "調査に長期間を要する")), FLOW_OK, "法95: 訂正 by a date");
	TAP_INTEQ(due_of(a, id), orig + 60, "法95: due the date set, no part");
	TAP_INTEQ(STEP(flow_extend(&c, id, orig + 10, "x")), FLOW_STATE, "-bad- 法94② not after 法95");
	c.today = day("2026-06-03");
	TAP_INTEQ(STEP(flow_amend(&c, id, "押印", day("2026-06-03"), day("2026-06-17"))), FLOW_OK, "a 補正 after 法95");
	c.today = day("2026-06-05");
	TAP_INTEQ(STEP(flow_amended(&c, id, day("2026-06-05"))), FLOW_OK, "answered");
	TAP_INTEQ(due_of(a, id), orig + 60, "法95: the date set stays");

	c.today = day("2026-06-02");
	long long s = make(a, KIND_SUSPENSION, "2026-06-01");
	TAP_INTEQ(STEP(flow_special_case(&c, s, due_of(a, s) + 30, "照会先が多い")), FLOW_OK, "法103: 利用停止 by a date");
	long long late = make(a, KIND_SUSPENSION, "2026-03-02");
	TAP_INTEQ(STEP(flow_special_case(&c, late, day("2026-09-01"), "遅い")), FLOW_LATE,
	          "-bad- 法103: only within the period of 102①");
}

static int overdue_n;
static char overdue_ref[64];
static void overdue_each(void *ctx, long long id, const char *ref, const char *by)
{
	(void)ctx;
	(void)id;
	(void)by;
	overdue_n++;
	snprintf(overdue_ref, sizeof overdue_ref, "%s", ref);
}

/* 法77③: 補正 "相当の期間を定めて" — the answer's last day is part of the
 * step, and the desk lists the cases whose last day has passed. */
static void art77_3_amend(struct arena *a)
{
	struct flow_ctx c = { db, prof, a, "staff:1", day("2026-07-01") };
	long long id = make(a, KIND_DISCLOSURE, "2026-07-01");
	struct case_row r;
	TAP_INTEQ(STEP(flow_amend(&c, id, "氏名", day("2026-07-01"), day("2026-07-01"))), FLOW_INVALID,
	          "-bad- 法77③: no period for the answer");
	TAP_INTEQ(STEP(flow_amend(&c, id, "氏名", day("2026-07-01"), 0)), FLOW_INVALID, "-bad- 法77③: no date");
	TAP_INTEQ(STEP(flow_amend(&c, id, "氏名", day("2026-07-01"), day("2026-07-15"))), FLOW_OK,
	          "法77③: 補正 by 7/15");
	case_load(db, a, id, &r);
	overdue_n = 0;
	TAP_INTEQ(flow_amend_overdue(db, day("2026-07-15"), 0, overdue_each, NULL), FLOW_OK, "listed");
	TAP_INTEQ(overdue_n, 0, "法77③: not overdue on its last day");
	overdue_n = 0;
	flow_amend_overdue(db, day("2026-07-16"), 0, overdue_each, NULL);
	TAP_OK(overdue_n == 1 && strcmp(overdue_ref, r.ref) == 0, "法77③: overdue the day after");
	overdue_n = 0;
	flow_amend_overdue(db, day("2026-07-16"), 999, overdue_each, NULL);
	TAP_INTEQ(overdue_n, 0, "-bad- not listed for staff of no agency");
	c.today = day("2026-07-17");
	TAP_INTEQ(STEP(flow_amended(&c, id, day("2026-07-17"))), FLOW_OK, "answered late");
	overdue_n = 0;
	flow_amend_overdue(db, day("2026-07-20"), 0, overdue_each, NULL);
	TAP_INTEQ(overdue_n, 0, "法77③: no longer listed once answered");
}

/* 法82①: a disclosure decision records the 利用目的 the notice states. */
static void art82_1_purpose(struct arena *a)
{
	struct flow_ctx c = { db, prof, a, "staff:1", day("2026-08-03") };
	long long id = make(a, KIND_DISCLOSURE, "2026-08-03");
	struct flow_decide d = { DEC_FULL, day("2026-08-03"), NULL, 0, METHOD_COPY, NULL, 0, " ", NULL };
	TAP_INTEQ(STEP(flow_decide(&c, id, &d)), FLOW_INVALID, "-bad- 法82①: a blank 利用目的");
	d.purpose = "住民の居住関係の公証";
	TAP_INTEQ(STEP(flow_decide(&c, id, &d)), FLOW_OK, "法82①: decided with the purpose");
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_handle(db), "SELECT json_extract(data, '$.purpose') FROM event "
	                   "WHERE request_id = ?1 AND kind = 'decided'", -1, &st, NULL);
	sqlite3_bind_int64(st, 1, id);
	const char *got = sqlite3_step(st) == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
	TAP_STREQ(got ? got : "", "住民の居住関係の公証", "法82①: the 利用目的 kept with the decision");
	sqlite3_finalize(st);
}

/* 情報通信技術活用法6③: an online request arrives when it is recorded, so
 * one sent on a closed day is received that day and its period counts
 * from the next day; another rule only with the ordinance article. */
static void ict6_3_online_receipt(void)
{
	cal_day sat = day("2026-06-06"), mon = day("2026-06-08"), due_sat, due_mon;
	TAP_OK(cal_is_closed(&prof->cal, sat), "2026-06-06 is a Saturday");
	TAP_INTEQ(prof->deadline.closed_day_receipt, RECEIPT_SAME_DAY, "情報通信技術活用法6③: the seed profile receives the same day");
	TAP_INTEQ(rform_received_on(prof, sat), sat, "情報通信技術活用法6③: sent on a Saturday, received that Saturday");
	const struct cal_period *per = &prof->kinds[KIND_CORRECTION].period; /* 30 days */
	cal_due_date(&prof->cal, per, sat, NULL, 0, &due_sat);
	cal_due_date(&prof->cal, per, mon, NULL, 0, &due_mon);
	TAP_OK(due_sat < due_mon, "a 訂正 sent on Saturday: its 30 days count from the Sunday, not from the Tuesday");

	struct profile other;
	char err[512];
	hdf_set_value(fx.cfg, "City.Deadline.ClosedDayReceipt", "next_open_day");
	TAP_INTEQ(profile_load(fx.cfg, &other, err, sizeof err), -1, "-bad- next_open_day without the ordinance's article");
	TAP_OK(strstr(err, "ClosedDayReceiptBasis") != NULL, "the error names the key: %s", err);
	hdf_set_value(fx.cfg, "City.Deadline.ClosedDayReceiptBasis", "山形市情報通信技術活用条例第3条第3項");
	TAP_INTEQ(profile_load(fx.cfg, &other, err, sizeof err), 0, "next_open_day with the ordinance's article");
	TAP_INTEQ(rform_received_on(&other, sat), mon, "then received on the next open day");
	profile_free(&other);
	hdf_set_value(fx.cfg, "City.Deadline.ClosedDayReceipt", "same_day");
}

/* 法105①: the 審査会 before a 裁決 of 棄却 or 一部認容; only 却下 and a
 * full grant (without a third party's objection, for 開示) skip it; a
 * withdrawal is recorded without one. 行政不服審査法3: 不作為. */
static void art105_council(struct arena *a)
{
	struct flow_ctx c = { db, prof, a, "staff:1", day("2026-09-20") };
	struct flow_reason r = { "氏名", "third_person", "第三者" };
	struct flow_decide d = { DEC_PARTIAL, day("2026-09-10"), &r, 1, METHOD_VIEW, NULL, 0, NULL, NULL };
	long long id = make(a, KIND_DISCLOSURE, "2026-09-01"), ap, ap2, ap3;
	TAP_INTEQ(STEP(flow_decide(&c, id, &d)), FLOW_OK, "部分開示");
	TAP_INTEQ(STEP(flow_appeal(&c, id, day("2026-09-15"), &ap)), FLOW_OK, "審査請求");
	TAP_INTEQ(STEP(flow_appeal_ruled(&c, id, ap, day("2026-09-20"), "rejected")), FLOW_COUNCIL,
	          "-bad- 法105①: no 棄却 without the 審査会");
	TAP_INTEQ(STEP(flow_appeal_ruled(&c, id, ap, day("2026-09-20"), "partly_granted")), FLOW_COUNCIL,
	          "-bad- 法105①: no 一部認容 without the 審査会");
	TAP_INTEQ(STEP(flow_appeal_ruled(&c, id, ap, day("2026-09-20"), "granted")), FLOW_OK,
	          "法105①2号: a full grant without the 審査会");
	TAP_INTEQ(STEP(flow_appeal(&c, id, day("2026-09-16"), &ap2)), FLOW_OK, "another 審査請求");
	TAP_INTEQ(STEP(flow_appeal_ruled(&c, id, ap2, day("2026-09-20"), "dismissed")), FLOW_OK,
	          "法105①1号: 却下 without the 審査会");
	TAP_INTEQ(STEP(flow_appeal(&c, id, day("2026-09-17"), &ap3)), FLOW_OK, "a third");
	TAP_INTEQ(STEP(flow_appeal_ruled(&c, id, ap3, day("2026-09-20"), "withdrawn")), FLOW_OK, "取下げ recorded");

	long long tp, o = make(a, KIND_DISCLOSURE, "2026-09-01"), ap4;
	TAP_INTEQ(STEP(flow_consult(&c, o, "甲", day("2026-09-02"), day("2026-09-05"), &tp)), FLOW_OK, "consulted");
	TAP_INTEQ(STEP(flow_consult_answer(&c, o, tp, day("2026-09-04"), true)), FLOW_OK, "the third party objects");
	TAP_INTEQ(STEP(flow_decide(&c, o, &d)), FLOW_OK, "decided");
	TAP_INTEQ(STEP(flow_appeal(&c, o, day("2026-09-15"), &ap4)), FLOW_OK, "審査請求");
	TAP_INTEQ(STEP(flow_appeal_ruled(&c, o, ap4, day("2026-09-20"), "granted")), FLOW_COUNCIL,
	          "-bad- 法105①2号括弧書: a full grant against an objection needs the 審査会");
	TAP_INTEQ(STEP(flow_appeal_step(&c, o, ap4, APPEAL_CONSULTED, day("2026-09-16"))), FLOW_OK, "諮問");
	TAP_INTEQ(STEP(flow_appeal_step(&c, o, ap4, APPEAL_ANSWERED, day("2026-09-19"))), FLOW_OK, "答申");
	TAP_INTEQ(STEP(flow_appeal_ruled(&c, o, ap4, day("2026-09-20"), "rejected")), FLOW_OK, "棄却 after the 答申");

	long long late = make(a, KIND_DISCLOSURE, "2026-08-03"), ap5;
	TAP_INTEQ(STEP(flow_appeal(&c, late, day("2026-09-20"), &ap5)), FLOW_OK,
	          "行政不服審査法3: 不作為 — no decision by the due date");
	long long fresh = make(a, KIND_DISCLOSURE, "2026-09-18"), ap6;
	TAP_INTEQ(STEP(flow_appeal(&c, fresh, day("2026-09-20"), &ap6)), FLOW_STATE,
	          "-bad- no 不作為 while the period runs");
}

/* 法87③: the 申出 within OfferDays "from the day the notice arrived";
 * a late one only with 正当な理由 (ただし書), recorded. */
static void art87_3_offer(struct arena *a)
{
	struct flow_ctx c = { db, prof, a, "staff:1", day("2026-10-01") };
	struct flow_decide d = { DEC_FULL, day("2026-10-01"), NULL, 0, METHOD_COPY | METHOD_MAIL, NULL, 0, "事務", NULL };
	long long id = make(a, KIND_DISCLOSURE, "2026-09-28");
	struct case_row r;
	struct flow_offer w;
	cal_day want;
	TAP_INTEQ(STEP(flow_decide(&c, id, &d)), FLOW_OK, "decided 10/1");
	case_load(db, a, id, &r);
	TAP_INTEQ(flow_offer_until(db, prof, &r, &w), 0, "a window");
	TAP_OK(!w.arrived && w.from == day("2026-10-01"), "法87③: before the arrival is known, from the decision (the earliest)");
	c.today = day("2026-10-02");
	TAP_INTEQ(STEP(flow_notice_sent(&c, id, "mail", day("2026-10-02"), 0)), FLOW_INVALID,
	          "-bad- by mail without the arrival day nor days in transit");
	TAP_INTEQ(STEP(flow_notice_sent(&c, id, "fax", day("2026-10-02"), 0)), FLOW_INVALID, "-bad- no such way");
	prof->deadline.mail_transit_days = 2;
	TAP_INTEQ(STEP(flow_notice_sent(&c, id, "mail", day("2026-10-02"), 0)), FLOW_OK, "mailed 10/2");
	flow_offer_until(db, prof, &r, &w);
	TAP_OK(w.arrived && w.assumed && w.from == day("2026-10-04"), "法87③: assumed to arrive 10/4 (2 days in transit)");
	cal_window_end(&prof->cal, day("2026-10-04"), prof->deadline.offer_days, &want);
	TAP_INTEQ(w.until, want, "法87③: the last day counts from the arrival");
	c.today = day("2026-10-06");
	TAP_INTEQ(STEP(flow_notice_sent(&c, id, "mail", day("2026-10-02"), day("2026-10-05"))), FLOW_OK,
	          "the arrival day entered by staff");
	flow_offer_until(db, prof, &r, &w);
	TAP_OK(w.arrived && !w.assumed && w.from == day("2026-10-05"), "法87③: from the day entered");
	prof->deadline.mail_transit_days = 0;

	c.today = w.until + 5;
	TAP_INTEQ(STEP(flow_offer_paper(&c, id, "mail", 0, w.until + 1, "")), FLOW_LATE,
	          "-bad- 法87③: a late 申出 without 正当な理由");
	TAP_INTEQ(STEP(flow_offer_paper(&c, id, "mail", 0, w.until + 1, "入院していたため")), FLOW_OK,
	          "法87③ただし書: a late 申出 with its 正当な理由, on paper");
	TAP_INTEQ(STEP(flow_offer_paper(&c, id, "mail", 0, w.until + 1, "x")), FLOW_STATE, "-bad- chosen once");

	long long h = make(a, KIND_DISCLOSURE, "2026-09-28");
	c.today = day("2026-10-01");
	TAP_INTEQ(STEP(flow_decide(&c, h, &d)), FLOW_OK, "decided");
	TAP_INTEQ(STEP(flow_notice_sent(&c, h, "hand", day("2026-10-01"), day("2026-10-09"))), FLOW_OK, "handed over");
	case_load(db, a, h, &r);
	flow_offer_until(db, prof, &r, &w);
	TAP_OK(w.from == day("2026-10-01") && !w.assumed, "法87③: handed over: arrived that day");
	TAP_INTEQ(STEP(flow_offer_paper(&c, h, "counter", 999999, day("2026-10-01"), NULL)), FLOW_INVALID,
	          "-bad- a slot the decision did not offer");
}

/* 法86③: after a 反対意見書, two full weeks between the decision and the
 * disclosure: no counter slot inside them is offered at all. */
static void art86_3_slots(struct arena *a)
{
	struct flow_ctx c = { db, prof, a, "staff:1", day("2026-11-02") };
	long long id = make(a, KIND_DISCLOSURE, "2026-11-02"), tp;
	TAP_INTEQ(STEP(flow_consult(&c, id, "甲社", day("2026-11-02"), day("2026-11-04"), &tp)), FLOW_OK, "consulted");
	c.today = day("2026-11-05");
	TAP_INTEQ(STEP(flow_consult_answer(&c, id, tp, day("2026-11-04"), true)), FLOW_OK, "objected");
	struct flow_slot early[2] = { { "2026-11-30T10:00", "窓口" }, { "2026-11-19T10:00", "窓口" } };
	struct flow_decide d = { DEC_FULL, day("2026-11-05"), NULL, 0, METHOD_VIEW, early, 2, "事務", "公益上必要" };
	TAP_INTEQ(STEP(flow_decide(&c, id, &d)), FLOW_WAIT, "-bad- 法86③: a slot on the 14th day after the decision");
	early[1].starts_at = "2026-11-20T10:00";
	TAP_INTEQ(STEP(flow_decide(&c, id, &d)), FLOW_OK, "法86③: slots from the 15th day on");
	TAP_INTEQ(flow_disclosure_earliest(db, prof, id), day("2026-11-20"), "the earliest day of disclosure");
}

/* 法85: 移送 to another agency; the day of receipt and the due date stay
 * (85②); only before the decision. */
static void art85_transfer(struct arena *a)
{
	struct flow_ctx c = { db, prof, a, "staff:1", day("2026-11-10") };
	long long id = make(a, KIND_DISCLOSURE, "2026-11-09");
	struct case_row before, after;
	case_load(db, a, id, &before);
	TAP_INTEQ(STEP(flow_transfer(&c, id, "mayor", "x")), FLOW_INVALID, "-bad- 法85: not to itself");
	TAP_INTEQ(STEP(flow_transfer(&c, id, "nobody", "x")), FLOW_INVALID, "-bad- 法85: to an agency of the profile");
	TAP_INTEQ(STEP(flow_transfer(&c, id, "board_of_education", "")), FLOW_INVALID, "-bad- 法85: with the reason");
	TAP_INTEQ(STEP(flow_transfer(&c, id, "board_of_education", "教育委員会が取得した情報")), FLOW_OK,
	          "法85①: transferred");
	case_load(db, a, id, &after);
	TAP_STREQ(after.agency_id, "board_of_education", "the receiving agency has it");
	TAP_OK(after.received_on == before.received_on && after.due_on == before.due_on,
	       "法85②: the day of receipt and the due date stay");
	struct flow_decide d = { DEC_NOT_EXIST, day("2026-11-10"), NULL, 0, 0, NULL, 0, NULL, NULL };
	struct flow_reason r = { "全部", "not_held", "保有していない" };
	d.reasons = &r;
	d.n_reasons = 1;
	TAP_INTEQ(STEP(flow_decide(&c, id, &d)), FLOW_OK, "decided by the receiving agency");
	TAP_INTEQ(STEP(flow_transfer(&c, id, "mayor", "x")), FLOW_STATE, "-bad- 法85: not after the decision");
}

/* 法97: the recipient told of a 訂正, only once it is carried out. */
static void art97_correction_notified(struct arena *a)
{
	struct flow_ctx c = { db, prof, a, "staff:1", day("2026-11-20") };
	long long id = make(a, KIND_CORRECTION, "2026-11-16");
	struct flow_decide d = { DEC_CORRECT, day("2026-11-18"), NULL, 0, 0, NULL, 0, NULL, NULL };
	TAP_INTEQ(STEP(flow_decide(&c, id, &d)), FLOW_OK, "訂正する");
	TAP_INTEQ(STEP(flow_correction_notified(&c, id, "山形県", day("2026-11-20"))), FLOW_STATE,
	          "-bad- 法97: not before the 訂正 is carried out");
	TAP_INTEQ(STEP(flow_carried_out(&c, id, day("2026-11-19"))), FLOW_OK, "訂正実施");
	TAP_INTEQ(STEP(flow_correction_notified(&c, id, "", day("2026-11-20"))), FLOW_INVALID, "-bad- 法97: to whom");
	TAP_INTEQ(STEP(flow_correction_notified(&c, id, "山形県", day("2026-11-20"))), FLOW_OK,
	          "法97: the recipient told");
}

/* 法84: the 相当の部分 decided within the period, the rest by the date
 * notified (84二号), with its own decision; the case stays open until. */
static void art84_rest(struct arena *a)
{
	struct flow_ctx c = { db, prof, a, "staff:1", day("2026-07-01") };
	long long id = make(a, KIND_DISCLOSURE, "2026-07-01");
	cal_day rest_by = day("2026-11-30"), got = 0;
	struct flow_reason r = { "残りの文書の一部", "operations", "事務の遂行に支障" };
	struct flow_decide rest = { DEC_PARTIAL, day("2026-07-20"), &r, 1, METHOD_COPY, NULL, 0,
	                            "住民の居住関係の公証", NULL };
	TAP_INTEQ(STEP(flow_special_case(&c, id, rest_by, "著しく大量")), FLOW_OK, "法84 applied");
	TAP_INTEQ(flow_rest_pending(db, id, &got), 0, "-bad- no rest pending before the part is decided");
	c.today = day("2026-07-20");
	TAP_INTEQ(STEP(flow_decide_rest(&c, id, &rest)), FLOW_STATE, "-bad- the rest not before the part");
	struct flow_reason pr = { "第三者の氏名", "third_person", "第三者の個人情報" };
	struct flow_decide part = { DEC_NONE, day("2026-07-10"), &pr, 1, 0, NULL, 0, NULL, NULL };
	TAP_INTEQ(STEP(flow_decide(&c, id, &part)), FLOW_OK, "the 相当の部分 decided");
	TAP_INTEQ(flow_rest_pending(db, id, &got), 1, "法84: the rest still to be decided");
	TAP_INTEQ(got, rest_by, "法84二号: due on the date notified");
	TAP_INTEQ(STEP(flow_close(&c, id)), FLOW_STATE, "-bad- not closed while the rest waits");
	struct flow_decide bad = rest;
	bad.decision = DEC_DISMISSED;
	TAP_INTEQ(STEP(flow_decide_rest(&c, id, &bad)), FLOW_INVALID, "-bad- the rest is not 却下");
	bad = rest;
	bad.decided_on = day("2026-07-09");
	TAP_INTEQ(STEP(flow_decide_rest(&c, id, &bad)), FLOW_INVALID, "-bad- not before the part's decision");
	bad = rest;
	bad.purpose = " ";
	TAP_INTEQ(STEP(flow_decide_rest(&c, id, &bad)), FLOW_INVALID, "-bad- 法82①: a blank 利用目的");
	TAP_INTEQ(STEP(flow_decide_rest(&c, id, &rest)), FLOW_OK, "法84: the rest decided");
	TAP_INTEQ(flow_rest_pending(db, id, &got), 0, "nothing left");
	TAP_INTEQ(STEP(flow_decide_rest(&c, id, &rest)), FLOW_STATE, "-bad- decided once");
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_handle(db), "SELECT decision, rest_decision, rest_decided_on, "
	                   "(SELECT COUNT(*) FROM decision_reason WHERE request_id = ?1 AND rest = 1) "
	                   "FROM request WHERE id = ?1", -1, &st, NULL);
	sqlite3_bind_int64(st, 1, id);
	bool row = sqlite3_step(st) == SQLITE_ROW;
	TAP_OK(row && strcmp((const char *)sqlite3_column_text(st, 0), "none") == 0 &&
	       strcmp((const char *)sqlite3_column_text(st, 1), "partial") == 0 &&
	       strcmp((const char *)sqlite3_column_text(st, 2), "2026-07-20") == 0 &&
	       sqlite3_column_int(st, 3) == 1, "both decisions kept, the rest's ground marked rest");
	sqlite3_finalize(st);
	TAP_INTEQ(STEP(flow_close(&c, id)), FLOW_STATE,
	          "-bad- 法84, 87: not closed before the rest that discloses is carried out");
	TAP_INTEQ(STEP(flow_deliver_rest(&c, id, "counter", day("2026-07-20"))), FLOW_OK,
	          "法87: the rest viewed at the counter (no copies, no fee)");
	TAP_INTEQ(STEP(flow_offer_rest_online(&c, id, "mail")), FLOW_STATE,
	          "-bad- 法87③: no 申出 for the rest once it is disclosed, online");
	TAP_INTEQ(STEP(flow_offer_paper_part(&c, id, PART_REST, "mail", 0, day("2026-07-20"), NULL)),
	          FLOW_STATE, "-bad- …nor on paper");
	TAP_INTEQ(STEP(flow_close(&c, id)), FLOW_OK, "closed once the rest is carried out");
}

static const char *fee_state_of(struct arena *a, long long id, const char *part)
{
	sqlite3_stmt *st;
	const char *out = "";
	sqlite3_prepare_v2(db_handle(db), "SELECT state FROM fee WHERE request_id = ?1 "
	                   "AND part = ?2", -1, &st, NULL);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, part, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		out = arena_strdup(a, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

/* 法84, 87: the rest decided later that discloses is carried out on its
 * own: its own 申出 (87③), its own cost of copies from the profile's
 * table (a 手数料 only as the 条例 sets it, 法89②), paid on its own and
 * exactly, never twice, and its own delivery. */
static void art84_rest_fee(struct arena *a)
{
	struct flow_ctx c = { db, prof, a, "staff:1", day("2026-07-01") };
	long long id = make(a, KIND_DISCLOSURE, "2026-07-01");
	long main_yen = 0, rest_yen = 0;
	struct flow_fee copies = { 3, 0, NULL, 0, 0 }, more = { 5, 0, NULL, 0, 0 };
	struct flow_reason r = { "一部", "operations", "事務の遂行に支障" };
	struct flow_decide part = { DEC_PARTIAL, day("2026-07-10"), &r, 1, METHOD_COPY, NULL, 0,
	                            "住民の居住関係の公証", NULL };
	struct flow_decide rest = { DEC_FULL, day("2026-08-03"), NULL, 0, METHOD_COPY | METHOD_MAIL,
	                            NULL, 0, "住民の居住関係の公証", NULL };
	TAP_INTEQ(STEP(flow_special_case(&c, id, day("2026-11-30"), "著しく大量")), FLOW_OK, "法84 applied");
	c.today = day("2026-07-10");
	TAP_INTEQ(STEP(flow_decide(&c, id, &part)), FLOW_OK, "the 相当の部分 decided, disclosing");
	TAP_INTEQ(STEP(flow_set_fee_part(&c, id, PART_REST, &more, &rest_yen)), FLOW_STATE,
	          "-bad- 法84: no fee for the rest before it is decided");
	TAP_INTEQ(STEP(flow_set_fee(&c, id, &copies, &main_yen)), FLOW_OK, "the part's fee");
	TAP_INTEQ(STEP(flow_record_payment(&c, id, "counter", main_yen)), FLOW_OK, "the part's fee paid");
	TAP_INTEQ(STEP(flow_deliver(&c, id, "counter", day("2026-07-10"))), FLOW_OK, "the part disclosed");
	c.today = day("2026-08-03");
	TAP_INTEQ(STEP(flow_decide_rest(&c, id, &rest)), FLOW_OK, "法84: the rest decided, disclosing");
	TAP_STREQ(fee_state_of(a, id, "rest"), "", "-bad- the part's payment set no fee for the rest");
	TAP_INTEQ(STEP(flow_set_fee_part(&c, id, PART_REST, &more, &rest_yen)), FLOW_OK, "the rest's own fee");
	TAP_INTEQ(rest_yen, profile_fee_estimate(prof, "mono", 5), "法87③: from the profile's unit costs");
	TAP_STREQ(fee_state_of(a, id, "main"), "paid", "the part's fee stays paid");
	TAP_STREQ(fee_state_of(a, id, "rest"), "due", "-bad- the part's payment does not pay the rest");
	TAP_INTEQ(STEP(flow_record_payment(&c, id, "counter", main_yen)), FLOW_STATE,
	          "-bad- the part's fee is not paid again");
	TAP_INTEQ(STEP(flow_deliver_rest(&c, id, "mail", day("2026-08-03"))), FLOW_UNPAID,
	          "-bad- the rest's copies wait for its own fee (前納)");
	TAP_INTEQ(STEP(flow_record_payment_part(&c, id, PART_REST, "counter", rest_yen - 1)), FLOW_AMOUNT,
	          "-bad- the rest's payment matches its fee exactly");
	TAP_INTEQ(STEP(flow_offer_paper_part(&c, id, PART_REST, "counter", 1, day("2026-08-03"), NULL)),
	          FLOW_INVALID, "-bad- 法87③: the rest's decision offered no counter slots");
	struct flow_offer w;
	TAP_INTEQ(flow_offer_rest_window(&c, id, &w), FLOW_OK, "法87③: the rest's window");
	TAP_INTEQ(w.from, day("2026-08-03"), "…from the rest's decision");
	c.today = w.until + 1;
	TAP_INTEQ(STEP(flow_offer_rest_online(&c, id, "mail")), FLOW_LATE,
	          "-bad- 法87③: online only within the window (late ones on paper, with the reason)");
	c.today = day("2026-08-03");
	TAP_INTEQ(STEP(flow_offer_paper_part(&c, id, PART_REST, "mail", 0, day("2026-08-03"), NULL)),
	          FLOW_OK, "法87③: the rest's own 申出");
	TAP_INTEQ(STEP(flow_offer_rest_online(&c, id, "mail")), FLOW_STATE, "-bad- not chosen twice, online or not");
	TAP_INTEQ(STEP(flow_offer_paper_part(&c, id, PART_REST, "mail", 0, day("2026-08-03"), NULL)),
	          FLOW_STATE, "-bad- the rest's 申出 once");
	TAP_INTEQ(STEP(flow_record_payment_part(&c, id, PART_REST, "counter", rest_yen)), FLOW_OK,
	          "the rest's fee paid");
	TAP_INTEQ(STEP(flow_record_payment_part(&c, id, PART_REST, "counter", rest_yen)), FLOW_STATE,
	          "-bad- the rest's fee is never paid twice");
	TAP_INTEQ(STEP(flow_set_fee_part(&c, id, PART_REST, &copies, &rest_yen)), FLOW_STATE,
	          "-bad- a paid fee is not changed");
	TAP_INTEQ(STEP(flow_close(&c, id)), FLOW_STATE, "-bad- open until the rest is carried out");
	TAP_INTEQ(STEP(flow_deliver_rest(&c, id, "mail", day("2026-08-02"))), FLOW_INVALID,
	          "-bad- not before the rest's decision");
	TAP_INTEQ(STEP(flow_deliver_rest(&c, id, "mail", day("2026-08-03"))), FLOW_OK, "the rest sent by mail");
	TAP_INTEQ(STEP(flow_deliver_rest(&c, id, "mail", day("2026-08-03"))), FLOW_STATE,
	          "-bad- the rest delivered once");
	TAP_INTEQ(flow_rest_delivered(db, id), 1, "the rest's delivery recorded");
	TAP_INTEQ(STEP(flow_close(&c, id)), FLOW_OK, "closed once both parts are carried out");
}

/* 法84, 87③: the rest's 申出 window counts from the day the rest's own
 * notice arrived, as the desk records it, not from the first part's. */
static void art87_rest_notice(struct arena *a)
{
	struct flow_ctx c = { db, prof, a, "staff:1", day("2026-07-01") };
	long long id = make(a, KIND_DISCLOSURE, "2026-07-01");
	struct flow_reason pr = { "第三者の氏名", "third_person", "第三者の個人情報" };
	struct flow_decide part = { DEC_NONE, day("2026-07-10"), &pr, 1, 0, NULL, 0, NULL, NULL };
	struct flow_decide rest = { DEC_FULL, day("2026-08-03"), NULL, 0, METHOD_MAIL, NULL, 0,
	                            "住民の居住関係の公証", NULL };
	struct flow_offer w, before;
	TAP_INTEQ(STEP(flow_special_case(&c, id, day("2026-11-30"), "著しく大量")), FLOW_OK, "法84 applied");
	c.today = day("2026-08-03");
	TAP_INTEQ(STEP(flow_decide(&c, id, &part)), FLOW_OK, "the part decided");
	TAP_INTEQ(STEP(flow_notice_sent_part(&c, id, PART_REST, "mail", day("2026-08-03"), 0)), FLOW_STATE,
	          "-bad- no notice of the rest before it is decided");
	TAP_INTEQ(STEP(flow_decide_rest(&c, id, &rest)), FLOW_OK, "the rest decided");
	TAP_INTEQ(flow_offer_rest_window(&c, id, &before), FLOW_OK, "the window before the arrival is known");
	TAP_OK(!before.arrived && before.from == day("2026-08-03"), "法87③: from the rest's decision until then");
	c.today = day("2026-08-10");
	TAP_INTEQ(STEP(flow_notice_sent_part(&c, id, PART_REST, "mail", day("2026-08-03"), day("2026-08-08"))),
	          FLOW_OK, "the rest's notice arrived on 8/8");
	TAP_INTEQ(flow_offer_rest_window(&c, id, &w), FLOW_OK, "the rest's window");
	TAP_OK(w.arrived && w.from == day("2026-08-08") && w.until > before.until,
	       "法87③: counted from the day the rest's notice arrived");
	struct case_row r;
	struct flow_offer main_w, of_row;
	case_load(db, a, id, &r);
	TAP_INTEQ(flow_offer_rest_window_of(&c, &r, &of_row), FLOW_OK, "the window of a loaded row");
	TAP_OK(of_row.arrived && of_row.from == w.from && of_row.until == w.until,
	       "…the same window as by its id");
	struct case_row undecided = r;
	undecided.state = CASE_RECEIVED;
	TAP_INTEQ(flow_offer_rest_window_of(&c, &undecided, &of_row), FLOW_STATE,
	          "-bad- no window for a row not decided");
	TAP_INTEQ(flow_offer_until(db, prof, &r, &main_w), -1, "the part disclosed nothing: no window of its own");
	c.today = w.until;
	TAP_INTEQ(STEP(flow_offer_rest_online(&c, id, "mail")), FLOW_OK,
	          "法87③: an online 申出 on the last day counted from the arrival");
}

int main(void)
{
	if (fixture_open(&fx, "yamagata", 1) != 0)
		return 1;
	db = fx.db;
	prof = &fx.prof;
	struct arena *a = arena_new();
	art78_grounds(a);
	art84_95_103_special(a);
	art77_3_amend(a);
	art82_1_purpose(a);
	ict6_3_online_receipt();
	art105_council(a);
	art87_3_offer(a);
	art86_3_slots(a);
	art85_transfer(a);
	art97_correction_notified(a);
	art84_rest(a);
	art84_rest_fee(a);
	art87_rest_notice(a);
	arena_free(a);
	fixture_close(&fx);
	return TAP_DONE();
}

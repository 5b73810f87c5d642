/* kaijictl seed-demo --cases: requests in every state the workflow has,
 * received on days relative to today, so that the desk's inbox, a case
 * page, the statistics and the citizen's status page all have something
 * true to show after `make run`. Each case goes through the same lib/flow
 * steps as the desk's buttons; nothing is written behind their back. */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "agency.h"
#include "case.h"
#include "flow.h"
#include "request-form.h"

enum story {
	ST_RECEIVED,   /* 受付 today */
	ST_DUE_SOON,   /* 審査中, due within a few open days */
	ST_OVERDUE,    /* 審査中, past its due date */
	ST_AMEND,      /* 補正中, its answer date to come */
	ST_AMEND_LATE, /* 補正中, its answer date passed (法77③) */
	ST_EXTENDED,   /* 期間延長 (法83②) */
	ST_SPECIAL,    /* 期限の特例 (法84) */
	ST_CONSULT,    /* 第三者意見照会中 (法86) */
	ST_FEE_DUE,    /* 部分開示, the fee not yet paid */
	ST_READY,      /* 全部開示, paid: ready at the counter */
	ST_CLOSED,     /* 開示実施, closed */
	ST_WITHDRAWN,  /* 取下げ */
	ST_DISMISSED,  /* 却下 */
	ST_APPEALED,   /* 不開示, 審査請求 received and referred */
	ST_CORRECTED,  /* 訂正する, carried out */
	ST_NOT_STOP,   /* 利用停止しない */
};

struct demo_case {
	enum story story;
	enum req_kind kind;
	const char *channel;
	const char *name, *furigana;
	const char *sought;
	int agency; /* index into the profile's agencies, modulo their count */
};

static const struct demo_case demo_cases[] = {
	{ ST_RECEIVED, KIND_DISCLOSURE, "online", "山田 花子", "やまだ はなこ",
	  "令和7年度の介護保険要介護認定に係る認定調査票及び主治医意見書", 0 },
	{ ST_DUE_SOON, KIND_DISCLOSURE, "online", "佐藤 一郎", "さとう いちろう",
	  "令和6年度の市県民税の課税資料（給与支払報告書を含む）", 0 },
	{ ST_OVERDUE, KIND_DISCLOSURE, "mail", "鈴木 和子", "すずき かずこ",
	  "平成30年から令和2年までの児童手当の認定に関する記録", 0 },
	{ ST_AMEND, KIND_DISCLOSURE, "online", "高橋 健", "たかはし けん",
	  "私に関する記録一式", 1 },
	{ ST_AMEND_LATE, KIND_DISCLOSURE, "mail", "森 健太", "もり けんた",
	  "市の記録のうち私に関するもの", 0 },
	{ ST_EXTENDED, KIND_DISCLOSURE, "counter", "田中 美咲", "たなか みさき",
	  "令和5年度から令和7年度までの生活保護のケース記録", 0 },
	{ ST_SPECIAL, KIND_DISCLOSURE, "online", "伊藤 誠", "いとう まこと",
	  "平成20年以降の国民健康保険の給付記録の全て", 0 },
	{ ST_CONSULT, KIND_DISCLOSURE, "online", "渡辺 由美", "わたなべ ゆみ",
	  "令和7年に市に寄せられた私の住所地周辺の騒音に関する苦情の記録", 0 },
	{ ST_FEE_DUE, KIND_DISCLOSURE, "online", "中村 大輔", "なかむら だいすけ",
	  "令和7年度の就学援助の申請書及び審査の記録", 1 },
	{ ST_READY, KIND_DISCLOSURE, "counter", "小林 直子", "こばやし なおこ",
	  "令和7年度の特定健康診査の結果", 0 },
	{ ST_CLOSED, KIND_DISCLOSURE, "online", "加藤 隆", "かとう たかし",
	  "住民票の写しの交付請求の記録（令和7年分）", 0 },
	{ ST_WITHDRAWN, KIND_DISCLOSURE, "online", "吉田 恵", "よしだ めぐみ",
	  "令和6年度の保育所入所選考の点数表", 0 },
	{ ST_DISMISSED, KIND_DISCLOSURE, "mail", "山本 浩", "やまもと ひろし",
	  "他人名義の固定資産税の課税資料", 0 },
	{ ST_APPEALED, KIND_DISCLOSURE, "online", "松本 彩", "まつもと あや",
	  "令和6年度の職員採用試験における私の面接評価", 2 },
	{ ST_CORRECTED, KIND_CORRECTION, "counter", "井上 翔", "いのうえ しょう",
	  "介護保険被保険者ファイルの住所（転居前の住所のまま）", 0 },
	{ ST_NOT_STOP, KIND_SUSPENSION, "online", "木村 千尋", "きむら ちひろ",
	  "国民健康保険の給付記録の目的外利用の停止", 0 },
};

#define DEMO_CASES (sizeof demo_cases / sizeof demo_cases[0])

/* n open days before today (n = 0: the last open day on or before it). */
static cal_day open_days_back(const struct profile *p, cal_day today, int n)
{
	cal_day d = cal_prev_open(&p->cal, today);
	while (n-- > 0)
		d = cal_prev_open(&p->cal, d - 1);
	return d;
}

static cal_day open_days_ahead(const struct profile *p, cal_day today, int n)
{
	cal_day d = today;
	while (n-- > 0)
		d = cal_next_open(&p->cal, d + 1);
	return d;
}

/* The latest open day on which a request of the kind, received then,
 * is due on or before `by` (the search stops a year back). */
static cal_day received_due_by(const struct profile *p, enum req_kind kind,
                               cal_day today, cal_day by)
{
	cal_day r = cal_prev_open(&p->cal, today), due;
	for (int i = 0; i < 366; i++, r = cal_prev_open(&p->cal, r - 1))
		if (case_due_date(p, kind, r, NULL, 0, &due) == 0 && due <= by)
			return r;
	return r;
}

/* The day a request is received so that its story is true today: one due
 * soon is received so that its due date is within three open days, an
 * overdue one so that it passed a week ago, the others a few open days
 * ago (decisions are taken today, within their periods). */
static cal_day received_for(const struct profile *p, const struct demo_case *dc,
                            enum req_kind kind, cal_day today)
{
	switch (dc->story) {
	case ST_RECEIVED: /* as the online form receives it, on a closed day too */
		return rform_received_on(p, today);
	case ST_DUE_SOON:
		return received_due_by(p, kind, today, open_days_ahead(p, today, 3));
	case ST_OVERDUE:
		return received_due_by(p, kind, today, today - 7);
	case ST_AMEND: case ST_CONSULT:
		return open_days_back(p, today, 4);
	case ST_AMEND_LATE:
		return open_days_back(p, today, 12);
	case ST_EXTENDED: case ST_SPECIAL:
		return open_days_back(p, today, 6);
	default:
		return open_days_back(p, today, 8);
	}
}

/* The kind the story needs, or the nearest one the profile has
 * (美唄 has 削除 and 中止 instead of 利用停止). */
static int kind_for(const struct profile *p, enum req_kind want, enum req_kind *out)
{
	static const enum req_kind stop_kinds[] = { KIND_SUSPENSION, KIND_DELETION,
	                                            KIND_CESSATION };
	if (p->kinds[want].enabled) {
		*out = want;
		return 0;
	}
	if (want == KIND_SUSPENSION)
		for (size_t i = 0; i < 3; i++)
			if (p->kinds[stop_kinds[i]].enabled) {
				*out = stop_kinds[i];
				return 0;
			}
	return -1;
}

static const char *demo_data(struct arena *a, const struct demo_case *dc,
                             enum req_kind kind, const char *agency)
{
	json_t *d = json_pack("{s:s, s:s, s:{s:s, s:s, s:s, s:s, s:s, s:s}, s:s, s:s}",
	    "agency", agency, "department", "",
	    "requester", "name", dc->name, "furigana", dc->furigana,
	    "postal", "990-8540", "address", "（デモ）市役所通1-1-1",
	    "phone", "023-000-0000", "email", "",
	    "sought", dc->sought, "lang", "ja");
	if (d && kind == KIND_DISCLOSURE)
		json_object_set_new(d, "delivery", json_pack("{s:s, s:s, s:i}",
		    "method", dc->story == ST_FEE_DUE ? "mail" : "copy",
		    "medium", "mono", "units", 10));
	if (d && kind == KIND_CORRECTION)
		json_object_set_new(d, "correction", json_pack("{s:s, s:s, s:s, s:s}",
		    "follows_ref", "", "disclosure_received_on", "",
		    "wrong", "住所が転居前のまま", "should_be", "現住所に訂正"));
	if (d && kind != KIND_DISCLOSURE && kind != KIND_CORRECTION)
		json_object_set_new(d, "suspension", json_pack("{s:s, s:s, s:s, s:s}",
		    "ground", "purpose", "stop", "目的外利用の停止",
		    "follows_ref", "", "disclosure_received_on", ""));
	char *s = d ? json_dumps(d, JSON_COMPACT) : NULL;
	const char *out = s ? arena_strdup(a, s) : NULL;
	free(s);
	json_decref(d);
	return out;
}

static unsigned offer(const struct profile *p, unsigned want)
{
	unsigned have = (p->disclosure.view ? METHOD_VIEW : 0) |
	                (p->disclosure.copy ? METHOD_COPY : 0) |
	                (p->disclosure.mail_copy ? METHOD_MAIL : 0);
	return (want & have) ? (want & have) : have;
}

static int decide(const struct flow_ctx *c, long long id, enum flow_decision dec,
                  const struct flow_reason *reason, unsigned methods,
                  const char *purpose)
{
	/* 法82①: a disclosure decision states the 利用目的 */
	struct flow_decide d = { .decision = dec, .decided_on = c->today, .purpose = purpose };
	if (reason) {
		d.reasons = reason;
		d.n_reasons = 1;
	}
	if (flow_decision_discloses(dec))
		d.methods = offer(c->profile, methods);
	return flow_decide(c, id, &d);
}

static int fee_and_pay(const struct flow_ctx *c, long long id, int pages,
                       long postage, bool pay)
{
	struct flow_fee f = { .mono_pages = pages, .postage_yen = postage };
	/* A city that charges copies at cost (実費): staff enter the amount. */
	const struct fee_item *mono = profile_fee_item(c->profile, "mono");
	struct flow_media at_cost = { "mono", pages, 10L * pages };
	if (mono && mono->at_cost) {
		f.mono_pages = 0;
		f.media = &at_cost;
		f.n_media = 1;
	}
	long amount;
	int rc = flow_set_fee(c, id, &f, &amount);
	if (rc == FLOW_OK && pay && amount > 0)
		rc = flow_record_payment(c, id, "counter", amount);
	return rc;
}

static const struct flow_reason third_person = {
	"第三者の氏名、住所及び電話番号", "third_person",
	"開示請求者以外の個人に関する情報であって、特定の個人を識別することができるため",
};
static const struct flow_reason deliberation = {
	"面接評価の記録の全部", "operations",
	"開示することにより、今後の採用試験の適正な遂行に支障を及ぼすおそれがあるため",
};
static const struct flow_reason not_stopped = {
	"利用停止を求める給付記録", "other",
	"法令に基づく事務のために利用しており、目的外利用に当たらないため",
};

static int extend(const struct flow_ctx *c, long long id)
{
	struct case_row r;
	if (case_load(c->db, c->arena, id, &r) != 0)
		return FLOW_ERROR;
	const struct cal_period *period = &c->profile->kinds[r.kind].period;
	cal_day limit = 0;
	int rc = cal_extension_check(&c->profile->cal, period, r.received_on, NULL, 0,
	                             c->today, r.due_on + 30, &limit);
	cal_day due = rc == CAL_ELIMIT && limit ? limit : r.due_on + 30;
	return flow_extend(c, id, due, "対象となる記録が複数の課にまたがり、その検索及び確認に時間を要するため");
}

static int story_steps(const struct flow_ctx *c, long long id, enum story s)
{
	long long tp, appeal;
	int rc = s == ST_RECEIVED || s == ST_WITHDRAWN ? FLOW_OK : flow_review(c, id);
	if (rc != FLOW_OK)
		return rc;
	switch (s) {
	case ST_RECEIVED: case ST_DUE_SOON: case ST_OVERDUE:
		return FLOW_OK;
	case ST_AMEND:
		return flow_amend(c, id, "請求する保有個人情報が特定できません。対象の年度と担当課をお知らせください。",
		                  open_days_back(c->profile, c->today, 2), c->today + 14);
	case ST_AMEND_LATE:
		return flow_amend(c, id, "請求する保有個人情報の範囲を具体的にお書きください。",
		                  open_days_back(c->profile, c->today, 10),
		                  open_days_back(c->profile, c->today, 3));
	case ST_EXTENDED:
		return extend(c, id);
	case ST_SPECIAL:
		return flow_special_case(c, id, c->today + 120,
		                         "対象の記録が著しく大量であり、全てを期間内に決定すると事務の遂行に著しい支障が生ずるため");
	case ST_CONSULT:
		return flow_consult(c, id, "苦情の申出人（個人）", open_days_back(c->profile, c->today, 2),
		                    c->today + 14, &tp);
	case ST_FEE_DUE:
		rc = decide(c, id, DEC_PARTIAL, &third_person, METHOD_COPY | METHOD_MAIL,
		            "就学援助の認定及び支給に関する事務");
		return rc == FLOW_OK ? fee_and_pay(c, id, 12, 140, false) : rc;
	case ST_READY:
		rc = decide(c, id, DEC_FULL, NULL, METHOD_VIEW | METHOD_COPY,
		            "特定健康診査の実施及び保健指導に関する事務");
		return rc == FLOW_OK ? fee_and_pay(c, id, 4, 0, true) : rc;
	case ST_CLOSED:
		rc = decide(c, id, DEC_FULL, NULL, METHOD_VIEW,
		            "住民基本台帳法に基づく住民の居住関係の公証");
		if (rc == FLOW_OK)
			rc = flow_deliver(c, id, "counter", c->today);
		return rc == FLOW_OK ? flow_close(c, id) : rc;
	case ST_WITHDRAWN:
		return flow_withdraw(c, id, c->today);
	case ST_DISMISSED:
		return flow_dismiss(c, id, "本人以外の者の保有個人情報を求める請求であり、開示請求の要件を満たさないため");
	case ST_APPEALED:
		rc = decide(c, id, DEC_NONE, &deliberation, 0, NULL);
		if (rc == FLOW_OK)
			rc = flow_appeal(c, id, c->today, &appeal);
		return rc == FLOW_OK ? flow_appeal_step(c, id, appeal, APPEAL_CONSULTED, c->today) : rc;
	case ST_CORRECTED:
		rc = decide(c, id, DEC_CORRECT, NULL, 0, NULL);
		return rc == FLOW_OK ? flow_carried_out(c, id, c->today) : rc;
	case ST_NOT_STOP:
		return decide(c, id, DEC_NOT_STOP, &not_stopped, 0, NULL);
	}
	return FLOW_INVALID;
}

static const char *const story_names[] = {
	"received", "due-soon", "overdue", "amending", "amend-late", "extended", "special-case",
	"consulting", "fee-due", "ready", "closed", "withdrawn", "dismissed",
	"appealed", "corrected", "not-stopped",
};

static int demo_case_one(struct app *app, struct arena *a, const struct demo_case *dc,
                         FILE *out)
{
	const struct profile *p = &app->profile;
	struct case_new in = { .channel = dc->channel, .requester_name = dc->name,
	                       .actor = strcmp(dc->channel, "online") == 0 ? "citizen" : "staff" };
	struct case_created made;
	if (kind_for(p, dc->kind, &in.kind) != 0 || p->n_agencies == 0)
		return 0; /* the city has no such kind: the story is left out */
	const struct agency *ag = &p->agencies[(size_t)dc->agency % p->n_agencies];
	cal_day today = cal_today();
	in.agency_id = ag->id;
	in.received_on = received_for(p, dc, in.kind, today);
	in.data = demo_data(a, dc, in.kind, ag->id);
	if (in.data == NULL || agency_row_ensure(app->db, ag) != 0 ||
	    case_create(app->db, p, a, &in, &made) != 0)
		return -1;
	struct flow_ctx c = { app->db, p, a, "staff:1", today };
	int rc = story_steps(&c, made.id, dc->story);
	if (rc != FLOW_OK) {
		fprintf(stderr, "kaijictl seed-demo: demo case %s: %s\n",
		        story_names[dc->story], flow_err_name(rc));
		return -1;
	}
	fprintf(out, "%s %s %s\n", made.ref, made.code, story_names[dc->story]);
	return 0;
}

int demo_cases_seed(struct app *app, struct arena *a, FILE *out)
{
	for (size_t i = 0; i < DEMO_CASES; i++)
		if (demo_case_one(app, a, &demo_cases[i], out) != 0)
			return -1;
	return 0;
}

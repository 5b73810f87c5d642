/* The desk's workflow: every step a case takes after it is received, with
 * the rules the law puts on it, built on lib/case.c and lib/calendar.c.
 * Used by the desk's handlers and by kaijictl case. Each function works
 * inside the caller's transaction (db_begin ... db_commit) and writes the
 * events; on an error the caller rolls back. */
#ifndef KAIJI_FLOW_H
#define KAIJI_FLOW_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "calendar.h"
#include "case.h"
#include "db.h"
#include "profile.h"
#include "vault.h"

enum flow_err {
	FLOW_OK = 0,
	FLOW_ERROR = -1,   /* the database */
	FLOW_NOT_FOUND = 1,
	FLOW_STATE,        /* not allowed in the request's present state */
	FLOW_INVALID,      /* a value missing, malformed or out of range */
	FLOW_LATE,         /* 法83②, 84: only while the original period runs */
	FLOW_LIMIT,        /* 法83②: beyond the longest extension */
	FLOW_WAIT,         /* 法86③: within 2 weeks of the decision, or a
	                      third party's answer still awaited */
	FLOW_UNPAID,       /* the fee is paid in advance (前納) */
	FLOW_AMOUNT,       /* the payment differs from the fee */
	FLOW_COUNCIL,      /* 法105①: the 審査会 must be consulted first */
};

/* "state", "invalid", … for messages (L.Flow.Err.NAME in the lang files). */
const char *flow_err_name(enum flow_err e);

/* Who acts and when: actor is "staff:ID" or "system"; today is the day
 * the step is taken (cal_today()). */
struct flow_ctx {
	struct db *db;
	const struct profile *profile;
	struct arena *arena;
	const char *actor;
	cal_day today;
};

enum flow_decision {
	DEC_FULL,             /* 全部開示 */
	DEC_PARTIAL,          /* 部分開示 */
	DEC_NONE,             /* 不開示 */
	DEC_REFUSE_EXISTENCE, /* 存否応答拒否 (法81) */
	DEC_NOT_EXIST,        /* 不存在 (不開示: 保有していない) */
	DEC_DISMISSED,        /* 却下 */
	DEC_CORRECT,          /* 訂正する */
	DEC_NOT_CORRECT,      /* 訂正しない */
	DEC_STOP,             /* 利用停止する (削除する, 中止する) */
	DEC_NOT_STOP,         /* 利用停止しない */
	/* profiles (issue 15): a request granted in part (美唄 規則8条(2)
	 * 一部承諾; 法93①② and 101①② for the part granted and refused) */
	DEC_PARTLY_CORRECT,   /* 一部訂正 */
	DEC_PARTLY_STOP,      /* 一部利用停止 (削除, 中止) */
	DEC__MAX
};

const char *flow_decision_name(enum flow_decision d);
int flow_decision_parse(const char *s, enum flow_decision *out);
/* Whether the decision exists for the kind of request. */
bool flow_decision_fits(enum req_kind kind, enum flow_decision d);
/* Whether something is disclosed (全部 / 部分): fee and delivery follow. */
bool flow_decision_discloses(enum flow_decision d);
/* Whether something is withheld or refused: each part needs its reason. */
bool flow_decision_needs_reason(enum flow_decision d);

/* Grounds for withholding (不開示情報, 法78①1–7), 存否応答拒否 (法81),
 * information an ordinance adds (法78②), not held, other: the one table
 * of grounds. Each ground's label with its citation is
 * L.Desk.Ground.ID in templates/lang/ (ja and en); which local body may
 * use it is `bodies` here. */
enum flow_ground_body {
	GROUND_MUNICIPALITY = 1, /* 市区町村の機関 */
	GROUND_PREFECTURE = 2,   /* 都道府県の機関 */
	GROUND_ANY = GROUND_MUNICIPALITY | GROUND_PREFECTURE,
};

struct flow_ground {
	const char *id;
	unsigned bodies; /* enum flow_ground_body bits; 0: 行政機関の長 only */
};

extern const struct flow_ground flow_grounds[]; /* ends with id NULL */
/* A ground that exists (old decisions keep theirs). */
bool flow_ground_valid(const char *ground);
/* A ground the profile's kind of body may decide on (法78①4号, 5号,
 * 7号イ・ロ). */
bool flow_ground_applies(const struct profile *p, const char *ground);

/* Disclosure methods offered (法87): 閲覧, 写しの交付 at the counter, by mail. */
enum flow_method { METHOD_VIEW = 1, METHOD_COPY = 2, METHOD_MAIL = 4 };

struct flow_reason {
	const char *part;        /* which part is withheld */
	const char *ground;      /* flow_grounds */
	const char *explanation; /* why that ground applies */
};

struct flow_slot {
	const char *starts_at; /* YYYY-MM-DDTHH:MM, Asia/Tokyo */
	const char *place;
};

struct flow_decide {
	enum flow_decision decision;
	cal_day decided_on;
	const struct flow_reason *reasons;
	size_t n_reasons;
	unsigned methods; /* enum flow_method bits, for a disclosure */
	const struct flow_slot *slots;
	size_t n_slots;
	/* 法82①: the 利用目的 of the information disclosed, printed on the
	 * 開示決定通知書. Blank is refused (FLOW_INVALID) for a disclosure;
	 * NULL: a caller that does not take it (kaijictl without --purpose). */
	const char *purpose;
	/* 法86③: why it is disclosed despite a third party's objection,
	 * for the notice to that third party; NULL or "" when none. */
	const char *reason;
};

struct flow_media {
	const char *item; /* a City.Fee.Item id */
	int units;
	long yen;         /* for an at-cost item only: the amount */
};

struct flow_fee {
	int mono_pages, colour_pages; /* items "mono" and "colour" */
	const struct flow_media *media;
	size_t n_media;
	long postage_yen;
};

/* received → reviewing. */
int flow_review(const struct flow_ctx *c, long long id);
/* Identity checked against the request's documents (ids of document rows;
 * none for a check at the counter with the original shown). Moves a
 * received request to reviewing. */
int flow_identity_checked(const struct flow_ctx *c, long long id,
                          const long long *docs, size_t n_docs,
                          const char *note);
/* 補正 (法77③): ask the requester to fix the request "相当の期間を定めて":
 * answer_by is the last day for the answer, after from_on. The clock
 * stops from from_on (法83① 但書). */
int flow_amend(const struct flow_ctx *c, long long id, const char *what,
               cal_day from_on, cal_day answer_by);
/* Cases of the staff member's agencies (all for admin: staff_id 0)
 * still waiting for a 補正 whose answer_by has passed on today; calls
 * each with the request's id, ref and answer_by (YYYY-MM-DD). */
int flow_amend_overdue(struct db *db, cal_day today, long long staff_id,
                       void (*each)(void *ctx, long long id, const char *ref,
                                    const char *answer_by),
                       void *ctx);
/* The fixed request arrived on `on`: the clock runs again, due recomputed. */
int flow_amended(const struct flow_ctx *c, long long id, cal_day on);
/* Extension (法83②, 94②, 102②) decided today to new_due, with a reason. */
int flow_extend(const struct flow_ctx *c, long long id, cal_day new_due,
                const char *reason);
/* Whether flow_extend and flow_special_case would take the case today
 * for some date and reason (its state, what was already done to its
 * deadline, and the original period still running): the desk offers the
 * step only then. */
bool flow_may_extend(const struct flow_ctx *c, long long id);
bool flow_may_special(const struct flow_ctx *c, long long id);
/* 期限の特例, by the request's kind (flow_special_of): for 開示 (法84) a
 * part within the profile's SpecialCaseDays, the rest by rest_by; for 訂正
 * (法95) and 利用停止 (法103) the whole decision by rest_by, no part.
 * Only while the original period runs; FLOW_STATE for a kind without one
 * (削除, 中止). */
enum flow_special {
	SPECIAL_NONE,
	SPECIAL_PART_REST, /* 法84: 相当の部分, then the rest */
	SPECIAL_BY,        /* 法95, 103: 相当の期間内に決定 */
};
enum flow_special flow_special_of(enum req_kind kind);
int flow_special_case(const struct flow_ctx *c, long long id, cal_day rest_by,
                      const char *reason);
/* 第三者意見照会 (法86): who, sent when, answer due when. */
int flow_consult(const struct flow_ctx *c, long long id, const char *name,
                 cal_day sent_on, cal_day answer_due_on, long long *tp_id);
int flow_consult_answer(const struct flow_ctx *c, long long id, long long tp_id,
                        cal_day answered_on, bool objects);
int flow_decide(const struct flow_ctx *c, long long id,
                const struct flow_decide *d);
/* 法84 (期限の特例, 開示 only): the 相当の部分 is decided within the
 * period and the rest, "残りの保有個人情報について開示決定等をする期限"
 * (84二号), by special_rest_by. 1 with *rest_by while the part is decided
 * and the rest is not (the case stays open: flow_close refuses it), 0
 * when there is no such rest, -1 on a database error. */
int flow_rest_pending(struct db *db, long long id, cal_day *rest_by);
/* The decision on the rest, as flow_decide takes it (its own grounds,
 * 利用目的 and methods; no slots, no 却下): stored as request.rest_decision,
 * rest_decided_on, its grounds with decision_reason.rest = 1, and the
 * visible event rest_decided, whose data its 開示決定等通知書 prints.
 * FLOW_STATE when no rest is pending; decided_on not before the part's. */
int flow_decide_rest(const struct flow_ctx *c, long long id,
                     const struct flow_decide *d);
/* 法84: the part of a request a fee, a 申出 or a delivery is for: the
 * request (or its 相当の部分) decided within the period, or the rest
 * decided later, which is carried out on its own (法87 for each). */
enum flow_part { PART_MAIN, PART_REST };
const char *flow_part_name(enum flow_part part); /* "main", "rest" */
/* "main", "rest"; NULL or "" is main. -1 for anything else. */
int flow_part_parse(const char *s, enum flow_part *out);
/* The decision on the rest and its day ("" until made); -1 on error. */
int flow_rest_decision(struct db *db, struct arena *a, long long id,
                       const char **decision, const char **decided_on);
/* The fee from the profile's table; *amount gets it. 0 yen is waived.
 * The main part's (flow_set_fee) while the case is decided; the rest's
 * once its decision discloses (case decided or delivered). */
int flow_set_fee(const struct flow_ctx *c, long long id,
                 const struct flow_fee *f, long *amount);
int flow_set_fee_part(const struct flow_ctx *c, long long id, enum flow_part part,
                      const struct flow_fee *f, long *amount);
/* A payment received outside the provider: counter, bank_slip,
 * registered_mail. amount must equal the part's fee; a paid fee is
 * FLOW_STATE. */
int flow_record_payment(const struct flow_ctx *c, long long id,
                        const char *via, long amount);
int flow_record_payment_part(const struct flow_ctx *c, long long id,
                             enum flow_part part, const char *via, long amount);
/* 開示の実施: viewed at the counter or sent by mail on `on`. */
int flow_deliver(const struct flow_ctx *c, long long id, const char *method,
                 cal_day on);
/* 法84: the rest disclosed (event rest_delivered; the state stays), once,
 * not before its decision, its fee paid first where the profile says
 * so; 1 from flow_rest_delivered once done, 0 before, -1 on error. */
int flow_deliver_rest(const struct flow_ctx *c, long long id, const char *method,
                      cal_day on);
int flow_rest_delivered(struct db *db, long long id);
/* 訂正 / 利用停止 carried out on `on` (訂正実施, 法97). */
int flow_carried_out(const struct flow_ctx *c, long long id, cal_day on);
int flow_close(const struct flow_ctx *c, long long id);
int flow_withdraw(const struct flow_ctx *c, long long id, cal_day on);
int flow_dismiss(const struct flow_ctx *c, long long id, const char *reason);
/* The same, decided on `on` (a past day, for a decision made on paper). */
int flow_dismiss_on(const struct flow_ctx *c, long long id, const char *reason,
                    cal_day on);

/* 審査請求 (法104–107, 行政不服審査法): received, 諮問, 答申, 裁決. */
enum appeal_step { APPEAL_CONSULTED, APPEAL_ANSWERED };
int flow_appeal(const struct flow_ctx *c, long long id, cal_day on,
                long long *appeal_id);
int flow_appeal_step(const struct flow_ctx *c, long long id, long long appeal_id,
                     enum appeal_step step, cal_day on);
/* outcome: dismissed 却下, rejected 棄却, granted 認容, partly_granted 一部認容,
 * withdrawn 取下げ (行政不服審査法27条). */
int flow_appeal_ruled(const struct flow_ctx *c, long long id,
                      long long appeal_id, cal_day on, const char *outcome);
bool flow_appeal_outcome_valid(const char *outcome);

/* 法87③④: the 申出 within the profile's OfferDays "from the day the
 * notice arrived". The desk records how the 開示決定通知 went out (hand,
 * mail, online) and when it is taken to have arrived: handed over or
 * online, the day it was sent; by mail, arrived_on as staff enter it, or
 * (arrived_on 0) sent_on + MailTransitDays, kept as assumed. */
int flow_notice_sent(const struct flow_ctx *c, long long id, const char *how,
                     cal_day sent_on, cal_day arrived_on);
/* The same for a part: the rest's notice (法84) once its decision discloses;
 * the rest's 申出 window counts from its arrival. */
int flow_notice_sent_part(const struct flow_ctx *c, long long id, enum flow_part part,
                          const char *how, cal_day sent_on, cal_day arrived_on);
struct flow_offer {
	cal_day from;  /* the arrival day, or the decision day until it is known */
	cal_day until; /* the last day of the window */
	bool arrived;  /* from is the recorded arrival */
	bool assumed;  /* …assumed from MailTransitDays */
};
/* 0 with *out for a full or partial disclosure decision, -1 otherwise. */
int flow_offer_until(struct db *db, const struct profile *p,
                     const struct case_row *r, struct flow_offer *out);
/* A 申出書 on paper recorded by the staff (method counter with one of the
 * offered slots or 0, or mail), received on `on`; after the window only
 * with late_reason (87④ただし書: 正当な理由), else FLOW_LATE. */
/* 法85 移送: the case moves to agency `to` with the reason; it keeps its
 * day of receipt and due date (85②). Only before the decision. */
int flow_transfer(const struct flow_ctx *c, long long id, const char *to,
                  const char *reason);
/* 法97: the body the corrected information was provided to, told on `on`
 * (after the 訂正 was carried out; FLOW_STATE before). */
int flow_correction_notified(const struct flow_ctx *c, long long id,
                             const char *to, cal_day on);
int flow_offer_paper(const struct flow_ctx *c, long long id, const char *method,
                     long long slot_id, cal_day on, const char *late_reason);
/* The same for a part; the rest's (法84) window counts from its own
 * decision and it takes no counter slot (the rest's decision offers none). */
int flow_offer_paper_part(const struct flow_ctx *c, long long id,
                          enum flow_part part, const char *method,
                          long long slot_id, cal_day on, const char *late_reason);
/* 法84, 87③: the requester's own 申出 for the rest, online, today, within
 * the window (FLOW_LATE after it: a late one goes on paper with its
 * reason); and that window (FLOW_STATE when the rest discloses nothing). */
int flow_offer_rest_online(const struct flow_ctx *c, long long id, const char *method);
int flow_offer_rest_window(const struct flow_ctx *c, long long id,
                           struct flow_offer *w);
/* The same for a row the caller loaded in its snapshot (the status and
 * desk pages hold one: not read a second time). */
int flow_offer_rest_window_of(const struct flow_ctx *c, const struct case_row *row,
                              struct flow_offer *w);
/* 法105①: whether a ruling with the outcome needs the 審査会's answer
 * first (all but 却下, 取下げ and a full grant no third party objected to). */
bool flow_appeal_needs_council(struct db *db, long long id, const char *outcome);

/* A new access code (the old one stops working); *code is shown once. */
int flow_reissue_code(const struct flow_ctx *c, long long id, const char **code);

/* 法86③: the first day disclosure may happen, when a third party
 * objected and the decision discloses; 0 when there is no such limit. */
cal_day flow_disclosure_earliest(struct db *db, const struct profile *p,
                                 long long id);

/* Retention: the day identity documents of a finished request (closed,
 * withdrawn, dismissed) are purged: 0 and *day, or 1 while it is open. */
int flow_purge_day(struct db *db, const struct profile *p, long long id,
                   cal_day *day);
/* Delete the vault files of every request past its day and mark the rows
 * purged. Returns how many, or -1. Runs its own transactions. */
int flow_purge_documents(struct db *db, const struct profile *p,
                         const struct vault *vault, struct arena *a);

#endif

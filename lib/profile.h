/* The city profile (conf/cities/NAME.hdf, the City node), read once at
 * start into typed fields. The keys, their types and ranges are in
 * lib/profile-schema.c; each profile's comments say which page rule or
 * which article of the law each value comes from.
 *
 * Strings are pointers into the HDF tree passed to profile_load: the tree
 * must outlive the profile (the program keeps its config tree for the
 * life of the process). Arrays are malloc'd and released by profile_free.
 * Optional text that the profile does not give is NULL. */
#ifndef KAIJI_PROFILE_H
#define KAIJI_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

#include <ClearSilver/ClearSilver.h>

#include "calendar.h"

/* What a request asks for. The law gives disclosure, correction and
 * suspension (法76, 90, 98); older ordinances give deletion of unlawfully
 * collected information and cessation of use outside the purpose or of
 * provision to others instead of suspension. */
enum req_kind {
	KIND_DISCLOSURE,  /* 開示 */
	KIND_CORRECTION,  /* 訂正 */
	KIND_SUSPENSION,  /* 利用停止 */
	KIND_DELETION,    /* 削除 */
	KIND_CESSATION,   /* 目的外利用・外部提供の中止 */
	KIND__MAX
};

/* "disclosure", "correction", "suspension", "deletion", "cessation";
 * NULL for a value out of range. */
const char *profile_kind_name(enum req_kind kind);
/* The inverse; false for an unknown word. */
bool profile_kind_parse(const char *s, enum req_kind *out);

enum profile_regime {
	REGIME_LAW,       /* 個人情報の保護に関する法律 (2023–) */
	REGIME_ORDINANCE, /* a city ordinance (the old 条例, or an assembly's) */
};

/* 実施機関: one body that holds information and decides requests. */
struct agency {
	const char *id;      /* mayor, board_of_education, … */
	const char *name;    /* 教育委員会 */
	const char *name_en;
	const char *head;    /* the notice signature: 山形市教育委員会 */
	enum profile_regime regime; /* the city's unless the profile says */
	const char *basis;   /* NULL: the city's Basis */
	const char *note;
	/* Where the desk's e-mail notices for this agency go (lib/mail.h),
	 * NULL: none. City.Agency.ID.StaffMail, an addr-spec. */
	const char *staff_mail;
	/* "ja" (default) or "en": the language of its staff mails
	 * (City.Agency.ID.StaffMailLang). */
	const char *staff_lang;
};

struct kind_rules {
	bool enabled;        /* false also for a kind the profile leaves out */
	struct cal_period period;
	int follow_up_days;  /* within N days of receiving disclosure; 0: none */
	bool after_disclosure; /* only for information already disclosed (法90①) */
	const char *name, *name_en;
	const char *summary, *summary_en;
	const char *form_name;
	const char *basis;   /* article, or NULL */
};

struct profile_office {
	const char *name, *name_en;
	const char *postal_code, *address, *phone, *fax, *email;
	const char *hours, *hours_en;
	const char *note;
};

/* A day on which a request arrives while the office is closed. */
enum profile_receipt {
	RECEIPT_SAME_DAY,      /* the arrival day is the day of receipt */
	RECEIPT_NEXT_OPEN_DAY, /* received on the next open day */
};

struct profile_deadline {
	int special_case_days;     /* 法84: a large request, first part */
	int third_party_wait_days; /* 法86③: decision to disclosure */
	int offer_days;            /* 法87④: days for the requester's choice of method */
	enum profile_receipt closed_day_receipt;
	const char *closed_day_receipt_basis; /* the ordinance article, or NULL */
	int mail_transit_days; /* 法87④: a mailed notice assumed to arrive; 0: staff enter it */
};

struct profile_channel {
	bool online, mail, counter;
	const char *mail_condition, *mail_condition_en; /* NULL: no condition */
	const char *counter_note, *counter_note_en;
};

struct profile_agent {
	bool legal;     /* 法定代理人 */
	bool voluntary; /* 任意代理人 */
	const char *legal_condition, *voluntary_condition; /* NULL: none */
	const char *legal_condition_en, *voluntary_condition_en;
	const char *legal_proof, *voluntary_proof;
	const char *legal_proof_en, *voluntary_proof_en;
	const char *note, *note_en;
};

enum id_purpose {
	IDDOC_IDENTITY,        /* proves who the requester is */
	IDDOC_RESIDENCE,       /* 住民票の写し sent with a mailed request */
	IDDOC_LEGAL_AGENT,     /* proves a legal agent's authority */
	IDDOC_VOLUNTARY_AGENT, /* proves a voluntary agent's mandate */
};

struct id_doc {
	const char *id;
	const char *name, *name_en;
	bool photo;
	enum id_purpose purpose;
	const char *note;
};

struct profile_identity {
	int photo_id_count;     /* documents needed when one has a photo */
	int non_photo_id_count; /* documents needed when none has a photo;
				 * 0: a document with a photo is needed */
	bool mail_needs_resident_record;
	int resident_record_max_age_days;
	bool copy_at_counter;   /* a copy of the ID is attached at the counter */
	const char *note, *note_en;
	struct id_doc *docs;
	size_t n_docs;
};

struct profile_disclosure {
	bool view, copy, mail_copy;
	int copies_per_item; /* 0: not limited */
	bool oral_request;   /* shown on the request page (美唄 規則16条) */
	const char *note, *note_en; /* shown where the disclosure is arranged */
	int choice_days_before; /* a counter slot is chosen N days before */
	bool requested_method_suffices; /* case_requested_method_honoured */
};

enum fee_unit { FEE_PAGE, FEE_DISC, FEE_TAPE, FEE_ITEM };

struct fee_item {
	const char *id;
	const char *name, *name_en;
	long yen;        /* per unit; 0 when at_cost */
	enum fee_unit unit;
	bool at_cost;    /* staff enter the amount */
};

enum fee_postage { POSTAGE_AT_COST, POSTAGE_NONE };

struct profile_fee {
	long request_yen;
	const char *currency; /* "JPY" */
	enum fee_postage postage;
	bool prepay;
	const char *prepay_exception, *note;
	const char *prepay_exception_en;
	struct fee_item *items;
	size_t n_items;
};

enum pay_method {
	PAY_COUNTER,
	PAY_BANK_SLIP,       /* 納入済通知書 at a bank */
	PAY_REGISTERED_MAIL, /* 現金書留 */
	PAY_ONLINE,          /* through the provider */
	PAY_E_APPLICATION,   /* a prefecture's e-application system (電子納付) */
	PAY__MAX
};

enum pay_provider { PROVIDER_NONE, PROVIDER_STRIPE, PROVIDER_PAYPAY, PROVIDER_GMO };

struct profile_payment {
	unsigned methods; /* bit (1u << enum pay_method) */
	enum pay_provider provider;
	long min_online_yen;
	const char *payee;
	/* The online provider as the city designated it 指定納付受託者 and
	 * the 告示 of that designation (地方自治法231条の2の3①②). */
	const char *agent, *agent_en, *agent_notice, *agent_notice_en;
	int bank_slip_due_days; /* 0: not stated */
	const char *bank_slip_note, *counter_note, *registered_mail_note,
	    *online_note;
	/* The same in English; NULL: the Japanese one is shown. */
	const char *bank_slip_note_en, *counter_note_en,
	    *registered_mail_note_en, *online_note_en;
	/* PAY_E_APPLICATION: the system's name, its https address, what the
	 * requester selects there (費用の種別), a note; NULL when absent */
	const char *e_app_name, *e_app_name_en, *e_app_url;
	const char *e_app_select, *e_app_select_en, *e_app_note, *e_app_note_en;
};

struct profile_appeal {
	int months;      /* 行政不服審査法18①: from the day after learning */
	int year_limit;  /* 18②: from the day after the decision */
	const char *term; /* 審査請求 or 不服申立て, as the city writes it */
	const char *body, *body_en; /* the review board; NULL: not stated */
	const char *law;
};

enum register_kind {
	REGISTER_FILE_BOOK,     /* 個人情報ファイル簿 (法75) */
	REGISTER_JIMU_REGISTER, /* a register of processing affairs (法75⑤, old ordinances) */
};

struct profile_register {
	enum register_kind kind;
	const char *name, *name_en, *place, *basis;
	const char **fields; /* field ids, in the profile's order */
	size_t n_fields;
	/* City.Register.Synonyms: "word other words…" lines (reg_synonyms_set) */
	const char **synonyms;
	size_t n_synonyms;
};

struct profile_statistics {
	bool publish;
	const char *name, *medium;
};

/* The kind of local body (法78① 4号, 5号, 7号イ・ロ differ by it). */
enum body_kind {
	BODY_MUNICIPALITY, /* 市区町村 (特別区 included) */
	BODY_PREFECTURE,   /* 都道府県 */
};

struct profile {
	const char *id, *name, *name_en;
	enum profile_regime regime;
	enum body_kind body_kind; /* City.BodyKind, default 市区町村 */
	const char *basis, *basis_en;
	const char *head, *url;
	const char *source_updated; /* YYYY-MM-DD or NULL */

	struct profile_office office;
	struct agency *agencies; /* in the profile's order */
	size_t n_agencies;
	struct kind_rules kinds[KIND__MAX];

	struct cal_rules cal; /* its arrays are closed_days and open_days */
	cal_day *closed_days, *open_days;
	struct profile_deadline deadline;

	struct profile_channel channel;
	struct profile_agent agent;
	struct profile_identity identity;
	struct profile_disclosure disclosure;
	struct profile_fee fee;
	struct profile_payment payment;
	struct profile_appeal appeal;
	struct profile_register reg;

	long upload_max_bytes;
	int upload_max_files;
	int retention_document_days; /* ID documents, after the case closes */
	int draft_expiry_minutes;
	/* Flood limits per client (City.Flood, issue 16 item 3). */
	struct profile_flood {
		long drafts_per_hour, upload_bytes_per_hour, requests_per_day;
		long long live_draft_bytes; /* all clients together */
	} flood;

	struct profile_statistics statistics;
	/* The staff daily digest (City.StaffDigest, lib/digest.h): from
	 * at_minutes after midnight in Japan time on each open day, the cases
	 * due within open_days open days and those overdue. */
	struct profile_digest {
		int at_minutes;  /* At, default 08:30 */
		int open_days;   /* OpenDays, default 5 */
	} digest;
};

/* Where a profile value comes from. A value the seed page states carries
 * a comment with the seed's words or article and no mark. The other two
 * kinds are marked with an HDF attribute, which kaijictl check-config
 * --explain lists so a city sees what it must confirm:
 *   Days [law="法83①"] = 30
 *       the law's default where the seed is silent; the article.
 *   Online [offer="not in the seed: …"] = 1
 *       kaiji's offer beyond the seed; a BOOL key is its own switch,
 *   1 [offer="…"] = online              (under City.Payment.Methods)
 *       an item of a list is turned off by removing it,
 *   X [offer="…", switch="City.Channel.Online"] = …
 *       any other key names the BOOL key that turns the offer off.
 *   MaxBytes [confirm="not in the seed: …"] = 5242880
 *       not in the seed and not an offer (a setting kaiji needs): the
 *       city confirms the value. */
enum profile_mark_kind { MARK_LAW, MARK_OFFER, MARK_CONFIRM };

struct profile_mark {
	const char *key;   /* "City.Kind.disclosure.Days", valid in the call */
	const char *value;
	enum profile_mark_kind kind;
	const char *why;   /* the article (law), or the reason */
	/* offer only: the BOOL key that turns it off and its value; both
	 * NULL for a list item (removing it turns it off) */
	const char *switch_key, *switch_value;
};

typedef void (*profile_mark_fn)(const struct profile_mark *m, void *arg);

/* "law", "offer", "confirm". */
const char *profile_mark_kind_name(enum profile_mark_kind kind);

/* Calls fn (when not NULL) for every marked value under root's City, in
 * the profile's order. Returns the number of marks, or -1 with a message
 * naming the key in err: an unknown attribute, no kind or two kinds, an
 * empty reason, a law mark citing no law, a mark on a node, an offer on a
 * key that is neither BOOL nor a list item without a switch, or a switch that is not a BOOL
 * key of the profile. profile_load checks the marks the same way. */
int profile_marks(HDF *root, profile_mark_fn fn, void *arg, char *err,
		  size_t errlen);

/* Reads root's City node into out. Returns 0, or -1 with a message that
 * names the key ("City.Kind.correction.Count: not one of …") in err;
 * on -1 nothing stays allocated. Checks every key it reads against
 * profile_schema (type, range, choices) and a few rules across keys. */
int profile_load(HDF *root, struct profile *out, char *err, size_t errlen);
void profile_free(struct profile *p);

/* NULL when the profile has no such id. */
const struct agency *profile_agency(const struct profile *p, const char *id);
const struct fee_item *profile_fee_item(const struct profile *p,
					const char *id);
const struct kind_rules *profile_kind(const struct profile *p,
				      enum req_kind kind);
bool profile_pay_accepts(const struct profile *p, enum pay_method m);

/* en when lang is "en" and en is given, else ja (a missing English text
 * falls back to the Japanese one). */
const char *profile_text(const char *ja, const char *en, const char *lang);
/* The key of the first Japanese note shown to requesters that has no
 * English variant ("City.Payment.CounterNote"), or NULL. */
const char *profile_untranslated(const struct profile *p);

/* The copy fee in yen for units of the item (pages, discs, tapes…), or -1
 * for an unknown item, an at-cost item (staff set the amount), units out
 * of [0, 100000] or an overflow. Postage is not included. */
long profile_fee_estimate(const struct profile *p, const char *item_id,
			  int units);

#endif

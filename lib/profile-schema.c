/* The keys of a city profile (conf/cities/NAME.hdf). The rules behind
 * each key and their sources are in the profiles' comments and in
 * lib/profile.h. */
#include "config.h"

#define NODE(p, r)          { p, CFG_NODE, r, 0, 0, NULL }
#define STR(p, r)           { p, CFG_STR, r, 0, 0, NULL }
#define BOOL(p, r)          { p, CFG_BOOL, r, 0, 1, NULL }
#define DATE(p, r)          { p, CFG_DATE, r, 0, 0, NULL }
#define INT(p, r, lo, hi)   { p, CFG_INT, r, lo, hi, NULL }
#define ENUM(p, r, c)       { p, CFG_ENUM, r, 0, 0, c }

#define REGISTER_FIELDS                                                  \
	"name|agency|department|purpose|items|scope|collection|sensitive|" \
	"sensitive_local|recipients|request_office|special_procedure|"     \
	"file_type|remarks|basis|outside_use|outsourcing|record_form|"     \
	"manager|start_date|unit|online_link|manual_copy|persons_count|"   \
	"anonymized|anon_office|anon_summary|anon_period|ref"

const struct cfg_key profile_schema[] = {
	NODE("City", true),
	STR("City.Id", true),
	STR("City.Name", true),
	STR("City.NameEn", true),
	ENUM("City.Regime", true, "law|ordinance"),
	STR("City.Basis", true),
	STR("City.BasisEn", true),
	STR("City.Head", true),
	/* profiles (issue 15): the word the pages use for the body (市, 区,
	 * 町, 村; 市 when absent) and its head's title (区長; the word + 長
	 * when absent): lib/view.c */
	ENUM("City.Word", false, "市|区|町|村"),
	STR("City.HeadTitle", false),
	STR("City.Url", true),
	DATE("City.SourceUpdated", false),

	NODE("City.Office", true),
	STR("City.Office.Name", true),
	STR("City.Office.NameEn", true),
	STR("City.Office.PostalCode", false),
	STR("City.Office.Address", false),
	STR("City.Office.AddressEn", false),
	STR("City.Office.Phone", false),
	STR("City.Office.PhoneEn", false),
	STR("City.Office.Fax", false),
	STR("City.Office.Email", false),
	STR("City.Office.Hours", true),
	STR("City.Office.HoursEn", true),
	STR("City.Office.Note", false),

	NODE("City.Agency", true),
	NODE("City.Agency.*", false),
	STR("City.Agency.*.Name", true),
	STR("City.Agency.*.NameEn", true),
	STR("City.Agency.*.Head", true),
	ENUM("City.Agency.*.Regime", false, "law|ordinance"),
	STR("City.Agency.*.Basis", false),
	STR("City.Agency.*.Note", false),
	/* The agency's staff address for e-mail notices (lib/mail.h). */
	STR("City.Agency.*.StaffMail", false),
	/* ... and their language, ja by default. */
	ENUM("City.Agency.*.StaffMailLang", false, "ja|en"),
	/* what the body holds, one line on the request form; the form has a
	 * line for the usual bodies (L.Request.Holds) when this is absent */
	STR("City.Agency.*.Holds", false),
	STR("City.Agency.*.HoldsEn", false),

	NODE("City.Kind", true),
	NODE("City.Kind.*", false),
	BOOL("City.Kind.*.Enabled", true),
	INT("City.Kind.*.Days", true, 1, 60),
	ENUM("City.Kind.*.Count", true, "from_next_day|from_receipt_day"),
	INT("City.Kind.*.ExtensionDays", true, 0, 60),
	INT("City.Kind.*.FollowUpDays", true, 0, 365),
	BOOL("City.Kind.*.AfterDisclosure", true),
	STR("City.Kind.*.Name", true),
	STR("City.Kind.*.NameEn", true),
	STR("City.Kind.*.Summary", true),
	STR("City.Kind.*.SummaryEn", true),
	STR("City.Kind.*.FormName", true),
	STR("City.Kind.*.Basis", false),

	NODE("City.Deadline", true),
	BOOL("City.Deadline.RollForward", true),
	INT("City.Deadline.SpecialCaseDays", true, 0, 120),
	INT("City.Deadline.ThirdPartyWaitDays", true, 0, 60),
	INT("City.Deadline.OfferDays", true, 0, 90),
	ENUM("City.Deadline.ClosedDayReceipt", false,
	     "same_day|next_open_day"),
	NODE("City.Closed", false),
	DATE("City.Closed.*", false),
	NODE("City.Open", false),
	DATE("City.Open.*", false),

	NODE("City.Channel", true),
	BOOL("City.Channel.Online", true),
	BOOL("City.Channel.Mail", true),
	STR("City.Channel.MailCondition", false),
	STR("City.Channel.MailConditionEn", false),
	BOOL("City.Channel.Counter", true),
	STR("City.Channel.CounterNote", false),
	STR("City.Channel.CounterNoteEn", false),

	NODE("City.Agent", true),
	BOOL("City.Agent.Legal", true),
	BOOL("City.Agent.Voluntary", true),
	STR("City.Agent.LegalCondition", false),
	STR("City.Agent.LegalConditionEn", false),
	STR("City.Agent.VoluntaryCondition", false),
	STR("City.Agent.VoluntaryConditionEn", false),
	STR("City.Agent.LegalProof", true),
	STR("City.Agent.LegalProofEn", false),
	/* required when Voluntary = 1 (lib/profile.c) */
	STR("City.Agent.VoluntaryProof", false),
	STR("City.Agent.VoluntaryProofEn", false),
	STR("City.Agent.Note", false),
	STR("City.Agent.NoteEn", false),

	NODE("City.Identity", true),
	INT("City.Identity.PhotoIdCount", true, 1, 3),
	/* 0: only a document with a photo will do (赤平) */
	INT("City.Identity.NonPhotoIdCount", true, 0, 5),
	BOOL("City.Identity.MailNeedsResidentRecord", true),
	INT("City.Identity.ResidentRecordMaxAgeDays", true, 1, 365),
	BOOL("City.Identity.CopyAtCounter", true),
	STR("City.Identity.Note", false),
	STR("City.Identity.NoteEn", false),
	NODE("City.Identity.Doc", true),
	NODE("City.Identity.Doc.*", false),
	STR("City.Identity.Doc.*.Name", true),
	STR("City.Identity.Doc.*.NameEn", true),
	BOOL("City.Identity.Doc.*.Photo", true),
	ENUM("City.Identity.Doc.*.Purpose", true,
	     "identity|residence|legal_agent|voluntary_agent"),
	STR("City.Identity.Doc.*.Note", false),

	NODE("City.Disclosure", true),
	BOOL("City.Disclosure.View", true),
	BOOL("City.Disclosure.Copy", true),
	BOOL("City.Disclosure.MailCopy", true),
	INT("City.Disclosure.CopiesPerItem", true, 0, 100),
	BOOL("City.Disclosure.OralRequest", true),
	STR("City.Disclosure.Note", false),
	STR("City.Disclosure.NoteEn", false),
	/* a counter slot can be chosen until N days before it (山形: the
	 * 申出書 arrives by the day before); 0 when absent */
	INT("City.Disclosure.ChoiceDaysBefore", false, 0, 30),
	/* the request's own choice of method stands when it can be honoured:
	 * no 申出書 (山形) */
	BOOL("City.Disclosure.RequestedMethodSuffices", false),

	NODE("City.Fee", true),
	INT("City.Fee.RequestYen", true, 0, 100000),
	ENUM("City.Fee.Currency", true, "JPY"),
	ENUM("City.Fee.Postage", true, "at_cost|none"),
	BOOL("City.Fee.Prepay", true),
	STR("City.Fee.PrepayException", false),
	STR("City.Fee.PrepayExceptionEn", false),
	STR("City.Fee.Note", false),
	NODE("City.Fee.Item", true),
	NODE("City.Fee.Item.*", false),
	STR("City.Fee.Item.*.Name", true),
	STR("City.Fee.Item.*.NameEn", true),
	INT("City.Fee.Item.*.Yen", true, 0, 100000),
	ENUM("City.Fee.Item.*.Unit", true, "page|disc|tape|item"),
	BOOL("City.Fee.Item.*.AtCost", true),

	NODE("City.Payment", true),
	NODE("City.Payment.Methods", true),
	ENUM("City.Payment.Methods.*", false,
	     "counter|bank_slip|registered_mail|online|e_application"),
	ENUM("City.Payment.Provider", true, "none|stripe|paypay|gmo"),
	INT("City.Payment.MinOnlineYen", true, 0, 100000),
	STR("City.Payment.Payee", false),
	STR("City.Payment.Agent", false),
	STR("City.Payment.AgentEn", false),
	STR("City.Payment.AgentNotice", false),
	STR("City.Payment.AgentNoticeEn", false),
	INT("City.Payment.BankSlipDueDays", false, 1, 90),
	STR("City.Payment.BankSlipNote", false),
	STR("City.Payment.BankSlipNoteEn", false),
	STR("City.Payment.CounterNote", false),
	STR("City.Payment.CounterNoteEn", false),
	STR("City.Payment.RegisteredMailNote", false),
	STR("City.Payment.RegisteredMailNoteEn", false),
	STR("City.Payment.OnlineNote", false),
	STR("City.Payment.OnlineNoteEn", false),
	/* profiles (issue 15): a prefecture's e-application system the city
	 * collects fees through (豊田: あいち電子申請・届出システム); staff
	 * record the payment when it is confirmed */
	NODE("City.Payment.EApplication", false),
	STR("City.Payment.EApplication.Name", false),
	STR("City.Payment.EApplication.NameEn", false),
	STR("City.Payment.EApplication.Url", false),
	STR("City.Payment.EApplication.Select", false),
	STR("City.Payment.EApplication.SelectEn", false),
	STR("City.Payment.EApplication.Note", false),
	STR("City.Payment.EApplication.NoteEn", false),

	NODE("City.Appeal", true),
	INT("City.Appeal.Months", true, 1, 12),
	INT("City.Appeal.YearLimit", true, 0, 5),
	ENUM("City.Appeal.Term", true, "審査請求|不服申立て"),
	STR("City.Appeal.Body", false),
	STR("City.Appeal.BodyEn", false),
	STR("City.Appeal.Law", true),

	NODE("City.Register", true),
	ENUM("City.Register.Kind", true, "file_book|jimu_register"),
	STR("City.Register.Name", true),
	STR("City.Register.NameEn", true),
	STR("City.Register.Place", false),
	STR("City.Register.Basis", false),
	/* profiles (issue 15): files of fewer persons are not in the
	 * register (法75②, 74②九: 1,000; 豊田: 500), shown on its page */
	INT("City.Register.MinPersons", false, 1, 100000),
	/* a register of the city's own besides the 法75 file book (山形's
	 * 個人情報取扱事務届出簿), named on the register's page */
	STR("City.Register.LocalName", false),
	STR("City.Register.LocalNameEn", false),
	STR("City.Register.LocalPlace", false),
	STR("City.Register.LocalPlaceEn", false),
	NODE("City.Register.Fields", true),
	ENUM("City.Register.Fields.*", false, REGISTER_FIELDS),
	/* issue 23 item 20: everyday words for what the register calls
	 * otherwise, one line each: the word, then what it also finds
	 * ("認定調査 介護保険") */
	NODE("City.Register.Synonyms", false),
	STR("City.Register.Synonyms.*", false),

	NODE("City.Upload", true),
	INT("City.Upload.MaxBytes", true, 1024, 52428800),
	INT("City.Upload.MaxFiles", true, 1, 20),
	NODE("City.Retention", true),
	INT("City.Retention.DocumentDays", true, 1, 3650),
	NODE("City.Draft", true),
	INT("City.Draft.ExpiryMinutes", true, 5, 1440),
	/* Flood limits of the request form per client (issue 16 item 3);
	 * each optional, defaults in lib/profile.c (pf_flood). */
	/* The staff daily digest (issue 18, lib/digest.h): the hour (HH:MM,
	 * Japan time; 08:30 when absent) and how many open days ahead
	 * (5) a due date counts as soon. */
	NODE("City.StaffDigest", false),
	STR("City.StaffDigest.At", false),
	INT("City.StaffDigest.OpenDays", false, 0, 60),
	NODE("City.Flood", false),
	INT("City.Flood.DraftsPerHour", false, 1, 100000),
	INT("City.Flood.UploadMegabytesPerHour", false, 1, 100000),
	INT("City.Flood.RequestsPerDay", false, 1, 100000),
	INT("City.Flood.LiveDraftMegabytes", false, 1, 10000000),

	NODE("City.Statistics", true),
	BOOL("City.Statistics.Publish", true),
	STR("City.Statistics.Name", false),
	STR("City.Statistics.Medium", false),

	/* ---- The law's notices and steps (issue 14). New keys only, each
	 * optional with a default that follows the Act. ---- */
	/* What kind of local body the city is: the 不開示情報 of 法78①
	 * differ (4号 only 行政機関の長; 5号 only 行政機関の長 and 都道府県の
	 * 機関; 7号ロ not 都道府県の機関). Default 市区町村 (特別区 included). */
	ENUM("City.BodyKind", false, "市区町村|都道府県"),
	/* Where requests are handled under an ordinance (Regime = ordinance,
	 * the city's or an agency's, as 豊田市議会's), the notices cite the
	 * ordinance, never the Act: its name (default: Basis) and, where the
	 * profile knows them, its articles per notice sentence (the keys of
	 * L.Cite.Article: disclosure, nondisclosure, existence, offer, amend,
	 * extension_KIND, special_KIND, correction_yes/no, KIND_yes/no,
	 * consult, consult_wait) and per ground of withholding
	 * (flow_grounds ids). An agency's Cite replaces the city's. */
	NODE("City.Cite", false),
	STR("City.Cite.Law", false),
	NODE("City.Cite.Article", false),
	STR("City.Cite.Article.*", false),
	NODE("City.Cite.Ground", false),
	STR("City.Cite.Ground.*", false),
	NODE("City.Agency.*.Cite", false),
	STR("City.Agency.*.Cite.Law", false),
	NODE("City.Agency.*.Cite.Article", false),
	STR("City.Agency.*.Cite.Article.*", false),
	NODE("City.Agency.*.Cite.Ground", false),
	STR("City.Agency.*.Cite.Ground.*", false),
	/* 教示 (行政不服審査法82, 行政事件訴訟法46) per agency: the 行政庁
	 * the 審査請求 goes to (default: the agency itself, 行政不服審査法4
	 * ①1号, no 上級行政庁; a 消防長's is the 市長), the defendant of a
	 * 取消訴訟 (default: the city, 行政事件訴訟法11①; a 財産区 is sued
	 * as itself) and who represents it (default: the agency's Head; the
	 * 市長 for a 消防長). */
	/* An online request arrives when it is recorded in the city's system
	 * (情報通信技術活用法6③), closed day or not: ClosedDayReceipt
	 * defaults to same_day; next_open_day only with the ordinance article
	 * that says so, here. */
	STR("City.Deadline.ClosedDayReceiptBasis", false),
	/* 法87④ counts the 申出's window from the day the 開示決定通知
	 * arrived: for a notice by mail whose arrival staff do not know, the
	 * days it is assumed to take (shown as assumed); 0 or absent: staff
	 * enter the day. */
	INT("City.Deadline.MailTransitDays", false, 0, 14),
	NODE("City.Agency.*.Appeal", false),
	STR("City.Agency.*.Appeal.To", false),
	STR("City.Agency.*.Defendant", false),
	STR("City.Agency.*.Representative", false),

	{ NULL, CFG_STR, false, 0, 0, NULL },
};

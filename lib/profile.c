/* Reads the city profile into struct profile, checking each key it reads
 * against profile_schema. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "config.h"
#include "profile.h"
#include "mail.h"

/* Provided by lib/calendar.c (the same declaration as its calendar.h):
 * exactly "YYYY-MM-DD" and a real date gives 0, anything else -1. */
int cal_parse(const char *s, cal_day *out);

#define PF_KEY_MAX 256
#define PF_ID_MAX 32

static const char *const kind_names[KIND__MAX] = {
	"disclosure", "correction", "suspension", "deletion", "cessation",
};

/* One load: the tree, the first error, a scratch key. */
struct pf {
	HDF *root;
	char *err;
	size_t errlen;
	bool failed;
	char key[PF_KEY_MAX];
};

const char *
profile_kind_name(enum req_kind kind)
{
	if ((int)kind < 0 || kind >= KIND__MAX)
		return NULL;
	return kind_names[kind];
}

bool
profile_kind_parse(const char *s, enum req_kind *out)
{
	if (s == NULL)
		return false;
	for (int k = 0; k < KIND__MAX; k++) {
		if (strcmp(s, kind_names[k]) == 0) {
			*out = (enum req_kind)k;
			return true;
		}
	}
	return false;
}

static void pf_fail(struct pf *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Keeps the first error: it is the one that names the cause. */
static void
pf_fail(struct pf *c, const char *fmt, ...)
{
	va_list ap;

	if (c->failed)
		return;
	c->failed = true;
	if (c->err == NULL || c->errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(c->err, c->errlen, fmt, ap);
	va_end(ap);
}

/* One dotted segment of the pattern against one of the key; "*" matches
 * any non-empty segment. Advances both on a match. */
static bool
pf_seg_match(const char **pat, const char **key)
{
	size_t pl = strcspn(*pat, "."), kl = strcspn(*key, ".");

	if (kl == 0)
		return false;
	if (!(pl == 1 && (*pat)[0] == '*') &&
	    (pl != kl || memcmp(*pat, *key, pl) != 0))
		return false;
	*pat += pl;
	*key += kl;
	return true;
}

static bool
pf_match(const char *pat, const char *key)
{
	for (;;) {
		if (!pf_seg_match(&pat, &key))
			return false;
		if (*pat == '\0' || *key == '\0')
			return *pat == '\0' && *key == '\0';
		pat++;
		key++;
	}
}

static const struct cfg_key *
pf_schema_find(const char *key)
{
	for (const struct cfg_key *k = profile_schema; k->pattern; k++)
		if (pf_match(k->pattern, key))
			return k;
	return NULL;
}

/* Builds prefix.name into c->key. */
static const char *
pf_key(struct pf *c, const char *prefix, const char *name)
{
	int n = snprintf(c->key, sizeof(c->key), "%s.%s", prefix, name);

	if (n < 0 || (size_t)n >= sizeof(c->key)) {
		pf_fail(c, "%s: key too long", prefix);
		return NULL;
	}
	return c->key;
}

/* The raw value of prefix.name and its schema entry; NULL when absent
 * (an error if the key is required) or on an earlier error. */
static const char *
pf_raw(struct pf *c, const char *prefix, const char *name,
       const struct cfg_key **kp)
{
	const char *key = pf_key(c, prefix, name);
	const struct cfg_key *k;
	const char *v;

	if (key == NULL || c->failed)
		return NULL;
	k = pf_schema_find(key);
	if (k == NULL) {
		pf_fail(c, "%s: not in profile_schema", key);
		return NULL;
	}
	*kp = k;
	v = hdf_get_value(c->root, key, NULL);
	if (v == NULL && k->required)
		pf_fail(c, "%s: missing", key);
	return v;
}

/* Position of v among the "a|b|c" choices, or -1. The enums of profile.h
 * list their values in the order of the schema's choices. */
static int
pf_choice(const char *choices, const char *v)
{
	size_t vl = strlen(v);
	int i = 0;

	for (const char *p = choices;; i++) {
		size_t l = strcspn(p, "|");
		if (l == vl && memcmp(p, v, l) == 0)
			return i;
		if (p[l] == '\0')
			return -1;
		p += l + 1;
	}
}

static int
pf_enum_value(struct pf *c, const struct cfg_key *k, const char *v, int def)
{
	int i = pf_choice(k->choices, v);

	if (i < 0) {
		pf_fail(c, "%s: '%s' is not one of %s", c->key, v, k->choices);
		return def;
	}
	return i;
}

/* Text, a date or an enum word, checked against its schema type; NULL
 * when absent, or empty and optional. */
static const char *
pf_str(struct pf *c, const char *prefix, const char *name)
{
	const struct cfg_key *k;
	const char *v = pf_raw(c, prefix, name, &k);
	cal_day day;

	if (v == NULL)
		return NULL;
	if (v[0] == '\0') {
		if (k->required)
			pf_fail(c, "%s: empty", c->key);
		return NULL;
	}
	if (k->type == CFG_DATE && cal_parse(v, &day) != 0)
		pf_fail(c, "%s: '%s' is not a date YYYY-MM-DD", c->key, v);
	else if (k->type == CFG_ENUM)
		(void)pf_enum_value(c, k, v, 0);
	return c->failed ? NULL : v;
}

static bool
pf_parse_long(const char *s, long *out)
{
	char *end;
	long v;

	if (s[0] == '\0' || s[0] == ' ' || s[0] == '+')
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return false;
	*out = v;
	return true;
}

/* An integer within the schema's range; def when absent. */
static long
pf_int(struct pf *c, const char *prefix, const char *name, long def)
{
	const struct cfg_key *k;
	const char *v = pf_raw(c, prefix, name, &k);
	long n;

	if (v == NULL)
		return def;
	if (!pf_parse_long(v, &n)) {
		pf_fail(c, "%s: '%s' is not a whole number", c->key, v);
		return def;
	}
	if (n < k->min || n > k->max) {
		pf_fail(c, "%s: %ld is outside %ld..%ld", c->key, n, k->min,
			k->max);
		return def;
	}
	return n;
}

static bool
pf_bool(struct pf *c, const char *prefix, const char *name)
{
	const struct cfg_key *k;
	const char *v = pf_raw(c, prefix, name, &k);

	if (v == NULL)
		return false;
	if (strcmp(v, "0") != 0 && strcmp(v, "1") != 0) {
		pf_fail(c, "%s: '%s' is not 0 or 1", c->key, v);
		return false;
	}
	return v[0] == '1';
}

static int
pf_enum(struct pf *c, const char *prefix, const char *name, int def)
{
	const struct cfg_key *k;
	const char *v = pf_raw(c, prefix, name, &k);

	if (v == NULL)
		return def;
	return pf_enum_value(c, k, v, def);
}

/* The same ids the HDF names: lower case, digits and '_'. */
static bool
pf_valid_id(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > PF_ID_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

/* The children of the node at prefix, with their count; checks ids. */
static HDF *
pf_children(struct pf *c, const char *prefix, size_t *n)
{
	HDF *node = hdf_get_obj(c->root, prefix);
	HDF *first = node != NULL ? hdf_obj_child(node) : NULL;

	*n = 0;
	for (HDF *h = first; h != NULL; h = hdf_obj_next(h)) {
		if (!pf_valid_id(hdf_obj_name(h))) {
			pf_fail(c, "%s.%s: a name is 1 to %d of a-z 0-9 _",
				prefix, hdf_obj_name(h), PF_ID_MAX);
			return NULL;
		}
		(*n)++;
	}
	return first;
}

static void *
pf_calloc(struct pf *c, size_t n, size_t size, const char *what)
{
	void *p;

	if (n == 0)
		return NULL;
	p = calloc(n, size);
	if (p == NULL)
		pf_fail(c, "%s: out of memory", what);
	return p;
}

/* prefix.ID for one list item, into buf. */
static const char *
pf_item(struct pf *c, char *buf, size_t len, const char *list, HDF *h)
{
	int n = snprintf(buf, len, "%s.%s", list, hdf_obj_name(h));

	if (n < 0 || (size_t)n >= len) {
		pf_fail(c, "%s: key too long", list);
		return NULL;
	}
	return buf;
}

static void
pf_city(struct pf *c, struct profile *p)
{
	p->id = pf_str(c, "City", "Id");
	if (p->id != NULL && !pf_valid_id(p->id))
		pf_fail(c, "City.Id: '%s' is not 1 to %d of a-z 0-9 _", p->id,
			PF_ID_MAX);
	p->name = pf_str(c, "City", "Name");
	p->name_en = pf_str(c, "City", "NameEn");
	p->regime = pf_enum(c, "City", "Regime", REGIME_LAW);
	p->body_kind = pf_enum(c, "City", "BodyKind", BODY_MUNICIPALITY);
	p->basis = pf_str(c, "City", "Basis");
	p->basis_en = pf_str(c, "City", "BasisEn");
	p->head = pf_str(c, "City", "Head");
	p->url = pf_str(c, "City", "Url");
	p->source_updated = pf_str(c, "City", "SourceUpdated");
}

static void
pf_office(struct pf *c, struct profile *p)
{
	struct profile_office *o = &p->office;
	const char *pre = "City.Office";

	o->name = pf_str(c, pre, "Name");
	o->name_en = pf_str(c, pre, "NameEn");
	o->postal_code = pf_str(c, pre, "PostalCode");
	o->address = pf_str(c, pre, "Address");
	o->phone = pf_str(c, pre, "Phone");
	o->fax = pf_str(c, pre, "Fax");
	o->email = pf_str(c, pre, "Email");
	o->hours = pf_str(c, pre, "Hours");
	o->hours_en = pf_str(c, pre, "HoursEn");
	o->note = pf_str(c, pre, "Note");
}

static void
pf_agencies(struct pf *c, struct profile *p)
{
	char pre[PF_KEY_MAX];
	size_t n;
	HDF *h = pf_children(c, "City.Agency", &n);

	if (c->failed)
		return;
	if (n == 0) {
		pf_fail(c, "City.Agency: at least one agency is needed");
		return;
	}
	p->agencies = pf_calloc(c, n, sizeof(*p->agencies), "City.Agency");
	for (; h != NULL && !c->failed; h = hdf_obj_next(h)) {
		struct agency *a = &p->agencies[p->n_agencies++];
		if (pf_item(c, pre, sizeof(pre), "City.Agency", h) == NULL)
			return;
		a->id = hdf_obj_name(h);
		a->name = pf_str(c, pre, "Name");
		a->name_en = pf_str(c, pre, "NameEn");
		a->head = pf_str(c, pre, "Head");
		a->regime = pf_enum(c, pre, "Regime", (int)p->regime);
		a->basis = pf_str(c, pre, "Basis");
		a->note = pf_str(c, pre, "Note");
		a->staff_mail = pf_str(c, pre, "StaffMail");
		if (a->staff_mail && !mail_addr_ok(a->staff_mail))
			pf_fail(c, "City.Agency.%s.StaffMail: not an e-mail address",
			        a->id);
		a->staff_lang = pf_enum(c, pre, "StaffMailLang", 0) == 1 ? "en" : "ja";
	}
}

/* An ordinance under the law may shorten the periods, not lengthen them
 * (法108; PPC Q&A 5-6-1): at most 30 days, extension at most 30. */
static void
pf_kind_limits(struct pf *c, const struct profile *p, const char *pre,
	       const struct kind_rules *r)
{
	if (p->regime != REGIME_LAW)
		return;
	if (r->period.days > 30)
		pf_fail(c, "%s.Days: the law allows at most 30 (法83①)", pre);
	else if (r->period.extension_max_days > 30)
		pf_fail(c, "%s.ExtensionDays: the law allows at most 30 "
			"(法83②)", pre);
}

static void
pf_kind(struct pf *c, const struct profile *p, const char *pre,
	struct kind_rules *r)
{
	r->enabled = pf_bool(c, pre, "Enabled");
	r->period.days = (int)pf_int(c, pre, "Days", 0);
	r->period.count = pf_enum(c, pre, "Count", CAL_FROM_NEXT_DAY);
	r->period.extension_max_days = (int)pf_int(c, pre, "ExtensionDays", 0);
	r->follow_up_days = (int)pf_int(c, pre, "FollowUpDays", 0);
	r->after_disclosure = pf_bool(c, pre, "AfterDisclosure");
	r->name = pf_str(c, pre, "Name");
	r->name_en = pf_str(c, pre, "NameEn");
	r->summary = pf_str(c, pre, "Summary");
	r->summary_en = pf_str(c, pre, "SummaryEn");
	r->form_name = pf_str(c, pre, "FormName");
	r->basis = pf_str(c, pre, "Basis");
	if (!c->failed)
		pf_kind_limits(c, p, pre, r);
}

static void
pf_kinds(struct pf *c, struct profile *p)
{
	char pre[PF_KEY_MAX];
	size_t n;
	enum req_kind k;
	bool seen[KIND__MAX] = { false };

	for (HDF *h = pf_children(c, "City.Kind", &n); h != NULL && !c->failed;
	     h = hdf_obj_next(h)) {
		if (!profile_kind_parse(hdf_obj_name(h), &k)) {
			pf_fail(c, "City.Kind.%s: not a request kind "
				"(disclosure|correction|suspension|deletion|"
				"cessation)", hdf_obj_name(h));
			return;
		}
		if (seen[k]) {
			pf_fail(c, "City.Kind.%s: given twice", kind_names[k]);
			return;
		}
		seen[k] = true;
		if (pf_item(c, pre, sizeof(pre), "City.Kind", h) != NULL)
			pf_kind(c, p, pre, &p->kinds[k]);
	}
	if (!c->failed && !p->kinds[KIND_DISCLOSURE].enabled)
		pf_fail(c, "City.Kind.disclosure: must be present and enabled");
}

static int
pf_day_cmp(const void *a, const void *b)
{
	cal_day x = *(const cal_day *)a, y = *(const cal_day *)b;

	return (x > y) - (x < y);
}

/* City.Closed or City.Open: dates, sorted, duplicates dropped. */
static cal_day *
pf_days(struct pf *c, const char *list, size_t *count)
{
	char key[PF_KEY_MAX];
	size_t n, m = 0;
	HDF *h = pf_children(c, list, &n);
	cal_day *days = pf_calloc(c, n, sizeof(*days), list);

	*count = 0;
	for (; h != NULL && days != NULL && !c->failed; h = hdf_obj_next(h)) {
		const char *v = hdf_obj_value(h);
		if (pf_item(c, key, sizeof(key), list, h) == NULL)
			break;
		if (v == NULL || cal_parse(v, &days[m]) != 0) {
			pf_fail(c, "%s: '%s' is not a date YYYY-MM-DD", key,
				v ? v : "");
			break;
		}
		m++;
	}
	if (c->failed || m == 0) {
		free(days);
		return NULL;
	}
	qsort(days, m, sizeof(*days), pf_day_cmp);
	for (size_t i = 1; i < m; i++)
		if (days[i] != days[*count])
			days[++*count] = days[i];
	++*count;
	return days;
}

static void
pf_deadline(struct pf *c, struct profile *p)
{
	const char *pre = "City.Deadline";
	struct profile_deadline *d = &p->deadline;

	p->cal.roll_forward = pf_bool(c, pre, "RollForward");
	d->special_case_days = (int)pf_int(c, pre, "SpecialCaseDays", 60);
	d->third_party_wait_days = (int)pf_int(c, pre, "ThirdPartyWaitDays", 14);
	d->offer_days = (int)pf_int(c, pre, "OfferDays", 30);
	/* 情報通信技術を活用した行政の推進等に関する法律6③: a request made
	 * online arrives when it is recorded in the file of the agency's
	 * computer, so on the day it is sent, closed day or not. Another rule
	 * needs the ordinance article that makes it. */
	d->closed_day_receipt = pf_enum(c, pre, "ClosedDayReceipt",
					RECEIPT_SAME_DAY);
	d->closed_day_receipt_basis = pf_str(c, pre, "ClosedDayReceiptBasis");
	d->mail_transit_days = (int)pf_int(c, pre, "MailTransitDays", 0);
	if (!c->failed && d->closed_day_receipt == RECEIPT_NEXT_OPEN_DAY &&
	    d->closed_day_receipt_basis == NULL)
		pf_fail(c, "%s.ClosedDayReceipt: next_open_day needs "
			"ClosedDayReceiptBasis, the ordinance article that says so "
			"(情報通信技術活用法6③: an online request arrives when it is "
			"recorded)", pre);
	p->closed_days = pf_days(c, "City.Closed", &p->cal.n_extra_closed);
	p->open_days = pf_days(c, "City.Open", &p->cal.n_extra_open);
	p->cal.extra_closed = p->closed_days;
	p->cal.extra_open = p->open_days;
}

static void
pf_channel(struct pf *c, struct profile *p)
{
	struct profile_channel *ch = &p->channel;
	const char *pre = "City.Channel";

	ch->online = pf_bool(c, pre, "Online");
	ch->mail = pf_bool(c, pre, "Mail");
	ch->mail_condition = pf_str(c, pre, "MailCondition");
	ch->mail_condition_en = pf_str(c, pre, "MailConditionEn");
	ch->counter = pf_bool(c, pre, "Counter");
	ch->counter_note = pf_str(c, pre, "CounterNote");
	ch->counter_note_en = pf_str(c, pre, "CounterNoteEn");
	if (c->failed)
		return;
	if (!ch->online && !ch->mail && !ch->counter)
		pf_fail(c, "City.Channel: no channel takes requests");
	else if (ch->mail_condition != NULL && !ch->mail)
		pf_fail(c, "City.Channel.MailCondition: given but Mail = 0");
}

static void
pf_agent(struct pf *c, struct profile *p)
{
	struct profile_agent *a = &p->agent;
	const char *pre = "City.Agent";

	a->legal = pf_bool(c, pre, "Legal");
	a->voluntary = pf_bool(c, pre, "Voluntary");
	a->legal_condition = pf_str(c, pre, "LegalCondition");
	a->legal_condition_en = pf_str(c, pre, "LegalConditionEn");
	a->voluntary_condition = pf_str(c, pre, "VoluntaryCondition");
	a->voluntary_condition_en = pf_str(c, pre, "VoluntaryConditionEn");
	a->legal_proof = pf_str(c, pre, "LegalProof");
	a->legal_proof_en = pf_str(c, pre, "LegalProofEn");
	a->voluntary_proof = pf_str(c, pre, "VoluntaryProof");
	a->voluntary_proof_en = pf_str(c, pre, "VoluntaryProofEn");
	a->note = pf_str(c, pre, "Note");
	a->note_en = pf_str(c, pre, "NoteEn");
	if (!c->failed && a->voluntary && a->voluntary_proof == NULL)
		pf_fail(c, "City.Agent.VoluntaryProof: missing (Voluntary = 1)");
	/* 法76②: under the Act both a 法定代理人 and a 任意代理人 may
	 * request, on no further condition; only an ordinance may say less. */
	if (!c->failed && p->regime == REGIME_LAW &&
	    (!a->legal || !a->voluntary || a->legal_condition || a->voluntary_condition))
		pf_fail(c, "City.Agent: under the Act (Regime = law) Legal and "
		           "Voluntary are 1 and have no condition (法76②)");
}

static void
pf_docs(struct pf *c, struct profile_identity *id)
{
	char pre[PF_KEY_MAX];
	size_t n;
	bool any_identity = false;
	HDF *h = pf_children(c, "City.Identity.Doc", &n);

	id->docs = pf_calloc(c, n, sizeof(*id->docs), "City.Identity.Doc");
	for (; h != NULL && id->docs != NULL && !c->failed;
	     h = hdf_obj_next(h)) {
		struct id_doc *d = &id->docs[id->n_docs++];
		if (pf_item(c, pre, sizeof(pre), "City.Identity.Doc", h) == NULL)
			return;
		d->id = hdf_obj_name(h);
		d->name = pf_str(c, pre, "Name");
		d->name_en = pf_str(c, pre, "NameEn");
		d->photo = pf_bool(c, pre, "Photo");
		d->purpose = pf_enum(c, pre, "Purpose", IDDOC_IDENTITY);
		d->note = pf_str(c, pre, "Note");
		any_identity = any_identity || d->purpose == IDDOC_IDENTITY;
	}
	if (!c->failed && !any_identity)
		pf_fail(c, "City.Identity.Doc: no document with Purpose = "
			"identity");
}

static void
pf_identity(struct pf *c, struct profile *p)
{
	struct profile_identity *id = &p->identity;
	const char *pre = "City.Identity";

	id->photo_id_count = (int)pf_int(c, pre, "PhotoIdCount", 1);
	id->non_photo_id_count = (int)pf_int(c, pre, "NonPhotoIdCount", 2);
	id->mail_needs_resident_record =
	    pf_bool(c, pre, "MailNeedsResidentRecord");
	id->resident_record_max_age_days =
	    (int)pf_int(c, pre, "ResidentRecordMaxAgeDays", 30);
	id->copy_at_counter = pf_bool(c, pre, "CopyAtCounter");
	id->note = pf_str(c, pre, "Note");
	id->note_en = pf_str(c, pre, "NoteEn");
	if (!c->failed)
		pf_docs(c, id);
}

static void
pf_disclosure(struct pf *c, struct profile *p)
{
	struct profile_disclosure *d = &p->disclosure;
	const char *pre = "City.Disclosure";

	d->view = pf_bool(c, pre, "View");
	d->copy = pf_bool(c, pre, "Copy");
	d->mail_copy = pf_bool(c, pre, "MailCopy");
	d->copies_per_item = (int)pf_int(c, pre, "CopiesPerItem", 0);
	d->oral_request = pf_bool(c, pre, "OralRequest");
	d->note = pf_str(c, pre, "Note");
	d->note_en = pf_str(c, pre, "NoteEn");
	d->choice_days_before = (int)pf_int(c, pre, "ChoiceDaysBefore", 0);
	d->requested_method_suffices =
	    hdf_get_obj(c->root, "City.Disclosure.RequestedMethodSuffices") &&
	    pf_bool(c, pre, "RequestedMethodSuffices");
}

static void
pf_fee_items(struct pf *c, struct profile_fee *f)
{
	char pre[PF_KEY_MAX];
	size_t n;
	HDF *h = pf_children(c, "City.Fee.Item", &n);

	f->items = pf_calloc(c, n, sizeof(*f->items), "City.Fee.Item");
	for (; h != NULL && f->items != NULL && !c->failed;
	     h = hdf_obj_next(h)) {
		struct fee_item *it = &f->items[f->n_items++];
		if (pf_item(c, pre, sizeof(pre), "City.Fee.Item", h) == NULL)
			return;
		it->id = hdf_obj_name(h);
		it->name = pf_str(c, pre, "Name");
		it->name_en = pf_str(c, pre, "NameEn");
		it->yen = pf_int(c, pre, "Yen", 0);
		it->unit = pf_enum(c, pre, "Unit", FEE_PAGE);
		it->at_cost = pf_bool(c, pre, "AtCost");
		if (!c->failed && it->at_cost != (it->yen == 0))
			pf_fail(c, "%s.Yen: %ld with AtCost = %d (an at-cost "
				"item has Yen = 0, any other more)", pre,
				it->yen, it->at_cost);
	}
}

static void
pf_fee(struct pf *c, struct profile *p)
{
	struct profile_fee *f = &p->fee;
	const char *pre = "City.Fee";

	f->request_yen = pf_int(c, pre, "RequestYen", 0);
	f->currency = pf_str(c, pre, "Currency");
	f->postage = pf_enum(c, pre, "Postage", POSTAGE_AT_COST);
	f->prepay = pf_bool(c, pre, "Prepay");
	f->prepay_exception = pf_str(c, pre, "PrepayException");
	f->prepay_exception_en = pf_str(c, pre, "PrepayExceptionEn");
	f->note = pf_str(c, pre, "Note");
	if (!c->failed)
		pf_fee_items(c, f);
}

/* https://host/path with no space, quote, angle bracket or control byte:
 * it becomes a link on the status page. */
static bool
pf_https_url(const char *u)
{
	if (u == NULL || strncmp(u, "https://", 8) != 0 || u[8] == '\0' ||
	    u[8] == '/')
		return false;
	for (const unsigned char *s = (const unsigned char *)u; *s; s++)
		if (*s <= ' ' || *s == '"' || *s == '\'' || *s == '<' ||
		    *s == '>' || *s == '\\' || *s == 0x7f)
			return false;
	return true;
}

static void
pf_payment(struct pf *c, struct profile *p)
{
	struct profile_payment *pay = &p->payment;
	const char *pre = "City.Payment";
	const struct cfg_key *k = pf_schema_find("City.Payment.Methods.*");
	size_t n;

	for (HDF *h = pf_children(c, "City.Payment.Methods", &n);
	     h != NULL && !c->failed; h = hdf_obj_next(h)) {
		const char *v = hdf_obj_value(h);
		if (pf_item(c, c->key, sizeof(c->key), "City.Payment.Methods",
			    h) == NULL)
			return;
		int m = pf_enum_value(c, k, v ? v : "", 0);
		if (!c->failed)
			pay->methods |= 1u << m;
	}
	pay->provider = pf_enum(c, pre, "Provider", PROVIDER_NONE);
	pay->min_online_yen = pf_int(c, pre, "MinOnlineYen", 0);
	pay->payee = pf_str(c, pre, "Payee");
	pay->agent = pf_str(c, pre, "Agent");
	pay->agent_en = pf_str(c, pre, "AgentEn");
	pay->agent_notice = pf_str(c, pre, "AgentNotice");
	pay->agent_notice_en = pf_str(c, pre, "AgentNoticeEn");
	pay->bank_slip_due_days = (int)pf_int(c, pre, "BankSlipDueDays", 0);
	pay->bank_slip_note = pf_str(c, pre, "BankSlipNote");
	pay->bank_slip_note_en = pf_str(c, pre, "BankSlipNoteEn");
	pay->counter_note = pf_str(c, pre, "CounterNote");
	pay->counter_note_en = pf_str(c, pre, "CounterNoteEn");
	pay->registered_mail_note = pf_str(c, pre, "RegisteredMailNote");
	pay->registered_mail_note_en = pf_str(c, pre, "RegisteredMailNoteEn");
	pay->online_note = pf_str(c, pre, "OnlineNote");
	pay->online_note_en = pf_str(c, pre, "OnlineNoteEn");
	if (!c->failed && hdf_get_obj(c->root, "City.Payment.EApplication")) {
		const char *e = "City.Payment.EApplication";
		pay->e_app_name = pf_str(c, e, "Name");
		pay->e_app_name_en = pf_str(c, e, "NameEn");
		pay->e_app_url = pf_str(c, e, "Url");
		pay->e_app_select = pf_str(c, e, "Select");
		pay->e_app_select_en = pf_str(c, e, "SelectEn");
		pay->e_app_note = pf_str(c, e, "Note");
		pay->e_app_note_en = pf_str(c, e, "NoteEn");
		if (!c->failed && (pay->e_app_name == NULL || pay->e_app_name_en == NULL))
			pf_fail(c, "%s: Name and NameEn are needed", e);
		else if (!c->failed && !pf_https_url(pay->e_app_url))
			pf_fail(c, "City.Payment.EApplication.Url: not an https "
				"address");
	}
	if (c->failed)
		return;
	if (((pay->methods >> PAY_E_APPLICATION) & 1u) && pay->e_app_url == NULL) {
		pf_fail(c, "City.Payment.EApplication: needed for the method "
			"e_application");
		return;
	}
	if (pay->methods == 0)
		pf_fail(c, "City.Payment.Methods: at least one method is needed");
	else if (((pay->methods >> PAY_ONLINE) & 1u) !=
		 (pay->provider != PROVIDER_NONE))
		pf_fail(c, "City.Payment.Provider: must be none exactly when "
			"Methods has no online");
}

static void
pf_appeal(struct pf *c, struct profile *p)
{
	struct profile_appeal *a = &p->appeal;
	const char *pre = "City.Appeal";

	a->months = (int)pf_int(c, pre, "Months", 3);
	a->year_limit = (int)pf_int(c, pre, "YearLimit", 1);
	a->term = pf_str(c, pre, "Term");
	a->body = pf_str(c, pre, "Body");
	a->body_en = pf_str(c, pre, "BodyEn");
	a->law = pf_str(c, pre, "Law");
}

static void
pf_register(struct pf *c, struct profile *p)
{
	struct profile_register *r = &p->reg;
	const char *pre = "City.Register";
	const struct cfg_key *k = pf_schema_find("City.Register.Fields.*");
	size_t n;
	HDF *h;

	r->kind = pf_enum(c, pre, "Kind", REGISTER_FILE_BOOK);
	r->name = pf_str(c, pre, "Name");
	r->name_en = pf_str(c, pre, "NameEn");
	r->place = pf_str(c, pre, "Place");
	r->basis = pf_str(c, pre, "Basis");
	/* 法75②(74②九) and the 政令 leave out files of fewer than 1,000
	 * people; a city may list smaller ones, never leave out larger. */
	if (!c->failed && p->regime == REGIME_LAW &&
	    pf_int(c, pre, "MinPersons", 1000) > 1000)
		pf_fail(c, "City.Register.MinPersons: at most 1000 under the Act "
		           "(法74②九, 75②)");
	h = pf_children(c, "City.Register.Fields", &n);
	if (!c->failed && n == 0)
		pf_fail(c, "City.Register.Fields: at least one field is needed");
	r->fields = pf_calloc(c, n, sizeof(*r->fields), "City.Register.Fields");
	for (; h != NULL && r->fields != NULL && !c->failed;
	     h = hdf_obj_next(h)) {
		const char *v = hdf_obj_value(h);
		if (pf_item(c, c->key, sizeof(c->key), "City.Register.Fields",
			    h) == NULL)
			return;
		(void)pf_enum_value(c, k, v ? v : "", 0);
		r->fields[r->n_fields++] = v;
	}
	h = pf_children(c, "City.Register.Synonyms", &n);
	if (c->failed || n == 0)
		return;
	r->synonyms = pf_calloc(c, n, sizeof(*r->synonyms), "City.Register.Synonyms");
	for (; h != NULL && r->synonyms != NULL && !c->failed; h = hdf_obj_next(h)) {
		const char *v = hdf_obj_value(h);
		if (pf_item(c, c->key, sizeof(c->key), "City.Register.Synonyms", h) == NULL)
			return;
		if (v && *v)
			r->synonyms[r->n_synonyms++] = v;
	}
}

static void
pf_limits(struct pf *c, struct profile *p)
{
	p->upload_max_bytes = pf_int(c, "City.Upload", "MaxBytes", 0);
	p->upload_max_files = (int)pf_int(c, "City.Upload", "MaxFiles", 0);
	p->retention_document_days =
	    (int)pf_int(c, "City.Retention", "DocumentDays", 0);
	p->draft_expiry_minutes =
	    (int)pf_int(c, "City.Draft", "ExpiryMinutes", 0);
	/* Defaults: far above what a person does (a few drafts, a few
	 * documents, one or two requests a day), far below a flood. */
	p->flood.drafts_per_hour = pf_int(c, "City.Flood", "DraftsPerHour", 30);
	p->flood.upload_bytes_per_hour =
	    pf_int(c, "City.Flood", "UploadMegabytesPerHour", 200) * 1048576L;
	p->flood.requests_per_day = pf_int(c, "City.Flood", "RequestsPerDay", 10);
	p->flood.live_draft_bytes =
	    (long long)pf_int(c, "City.Flood", "LiveDraftMegabytes", 4096) * 1048576LL;
}

/* The staff daily digest (lib/digest.h): "HH:MM" in Japan time. */
static bool
pf_clock_time(const char *s, int *minutes)
{
	if (strlen(s) != 5 || s[2] != ':')
		return false;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return false;
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 23 || m > 59)
		return false;
	*minutes = h * 60 + m;
	return true;
}

static void
pf_digest(struct pf *c, struct profile *p)
{
	const char *at = pf_str(c, "City.StaffDigest", "At");
	p->digest.at_minutes = 8 * 60 + 30;
	if (at && !pf_clock_time(at, &p->digest.at_minutes))
		pf_fail(c, "City.StaffDigest.At: '%s' is not a time HH:MM (00:00 to 23:59)",
		        at);
	p->digest.open_days = (int)pf_int(c, "City.StaffDigest", "OpenDays", 5);
}

static void
pf_statistics(struct pf *c, struct profile *p)
{
	struct profile_statistics *s = &p->statistics;

	s->publish = pf_bool(c, "City.Statistics", "Publish");
	s->name = pf_str(c, "City.Statistics", "Name");
	s->medium = pf_str(c, "City.Statistics", "Medium");
	if (!c->failed && s->publish && s->name == NULL)
		pf_fail(c, "City.Statistics.Name: Publish = 1 needs a name");
}

/* ---- marks: where a value comes from (profile.h) ---- */

static const char *const mark_kind_names[] = { "law", "offer", "confirm" };

const char *
profile_mark_kind_name(enum profile_mark_kind kind)
{
	if ((int)kind < 0 || (size_t)kind >= sizeof(mark_kind_names) /
	    sizeof(mark_kind_names[0]))
		return NULL;
	return mark_kind_names[kind];
}

struct pf_marks {
	struct pf c;
	profile_mark_fn fn;
	void *arg;
	int count;
};

static bool
pf_is_bool_key(const char *key)
{
	const struct cfg_key *k = pf_schema_find(key);

	return k != NULL && k->type == CFG_BOOL;
}

/* An item of a list the profile names by number (City.Payment.Methods.1). */
static bool
pf_is_list_item(const char *key)
{
	const struct cfg_key *k = pf_schema_find(key);
	size_t n = k != NULL ? strlen(k->pattern) : 0;

	return n > 2 && strcmp(k->pattern + n - 2, ".*") == 0 &&
	       k->type != CFG_NODE;
}

/* The mark of one node, checked; false when it has none or is wrong. */
static bool
pf_mark_read(struct pf_marks *w, HDF *h, const char *key,
	     struct profile_mark *m)
{
	struct pf *c = &w->c;
	int kinds = 0;

	memset(m, 0, sizeof(*m));
	for (HDF_ATTR *a = hdf_obj_attr(h); a != NULL; a = a->next) {
		const char *v = a->value != NULL ? a->value : "";
		int kind = -1;
		for (int i = 0; i < 3; i++)
			if (strcmp(a->key, mark_kind_names[i]) == 0)
				kind = i;
		if (kind >= 0) {
			kinds++;
			m->kind = (enum profile_mark_kind)kind;
			m->why = v;
		} else if (strcmp(a->key, "switch") == 0) {
			m->switch_key = v;
		} else {
			pf_fail(c, "%s: [%s]: not a mark (law, offer, confirm, "
				"switch)", key, a->key);
			return false;
		}
		if (v[0] == '\0') {
			pf_fail(c, "%s: [%s]: empty", key, a->key);
			return false;
		}
	}
	if (kinds == 0 && m->switch_key == NULL)
		return false;
	if (kinds != 1) {
		pf_fail(c, "%s: one of law, offer or confirm is needed", key);
		return false;
	}
	if (hdf_obj_child(h) != NULL || hdf_obj_value(h) == NULL) {
		pf_fail(c, "%s: a mark goes on a value, not on a node", key);
		return false;
	}
	/* the Act (法) or another law, or the ordinance or its 規則 */
	if (m->kind == MARK_LAW && strstr(m->why, "法") == NULL &&
	    strstr(m->why, "条") == NULL) {
		pf_fail(c, "%s: [law=\"%s\"] cites no article", key, m->why);
		return false;
	}
	if (m->switch_key != NULL && m->kind != MARK_OFFER) {
		pf_fail(c, "%s: a switch belongs to an offer", key);
		return false;
	}
	if (m->kind == MARK_OFFER && m->switch_key == NULL &&
	    pf_is_list_item(key)) {
		/* an item of a list (a payment method): removing it is the
		 * switch */
		m->key = key;
		m->value = hdf_obj_value(h);
		return true;
	}
	if (m->kind == MARK_OFFER && m->switch_key == NULL) {
		if (!pf_is_bool_key(key)) {
			pf_fail(c, "%s: an offer on a value that is not 0/1 "
				"names its switch (switch=\"City.…\")", key);
			return false;
		}
		m->switch_key = key;
	}
	if (m->kind == MARK_OFFER) {
		m->switch_value = hdf_get_value(c->root, m->switch_key, NULL);
		if (!pf_is_bool_key(m->switch_key) || m->switch_value == NULL) {
			pf_fail(c, "%s: switch %s is not a 0/1 key of the "
				"profile", key, m->switch_key);
			return false;
		}
	}
	m->key = key;
	m->value = hdf_obj_value(h);
	return true;
}

static void
pf_marks_walk(struct pf_marks *w, HDF *node, const char *prefix)
{
	char key[PF_KEY_MAX];
	struct profile_mark m;

	for (HDF *h = node; h != NULL && !w->c.failed; h = hdf_obj_next(h)) {
		int n = snprintf(key, sizeof(key), "%s.%s", prefix,
				 hdf_obj_name(h));
		if (n < 0 || (size_t)n >= sizeof(key)) {
			pf_fail(&w->c, "%s: key too long", prefix);
			return;
		}
		if (pf_mark_read(w, h, key, &m)) {
			w->count++;
			if (w->fn != NULL)
				w->fn(&m, w->arg);
		}
		pf_marks_walk(w, hdf_obj_child(h), key);
	}
}

int
profile_marks(HDF *root, profile_mark_fn fn, void *arg, char *err,
	      size_t errlen)
{
	struct pf_marks w = { .c = { .root = root, .err = err,
				     .errlen = errlen },
			      .fn = fn, .arg = arg };
	HDF *city = root != NULL ? hdf_get_obj(root, "City") : NULL;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (city == NULL) {
		pf_fail(&w.c, "City: missing");
		return -1;
	}
	pf_marks_walk(&w, hdf_obj_child(city), "City");
	return w.c.failed ? -1 : w.count;
}

static void
pf_check_marks(struct pf *c, struct profile *p)
{
	(void)p;
	if (profile_marks(c->root, NULL, NULL, c->err, c->errlen) < 0)
		c->failed = true;
}

/* The sections in order; loading stops at the first error. */
static void (*const pf_sections[])(struct pf *, struct profile *) = {
	pf_city, pf_office, pf_agencies, pf_kinds, pf_deadline, pf_channel,
	pf_agent, pf_identity, pf_disclosure, pf_fee, pf_payment, pf_appeal,
	pf_register, pf_limits, pf_digest, pf_statistics, pf_check_marks,
};

int
profile_load(HDF *root, struct profile *out, char *err, size_t errlen)
{
	struct pf c = { .root = root, .err = err, .errlen = errlen };

	memset(out, 0, sizeof(*out));
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (root == NULL || hdf_get_obj(root, "City") == NULL) {
		pf_fail(&c, "City: missing");
		return -1;
	}
	for (size_t i = 0; i < sizeof(pf_sections) / sizeof(pf_sections[0]) &&
	     !c.failed; i++)
		pf_sections[i](&c, out);
	if (c.failed) {
		profile_free(out);
		return -1;
	}
	return 0;
}

void
profile_free(struct profile *p)
{
	if (p == NULL)
		return;
	free(p->agencies);
	free(p->closed_days);
	free(p->open_days);
	free(p->identity.docs);
	free(p->fee.items);
	free(p->reg.fields);
	free(p->reg.synonyms);
	memset(p, 0, sizeof(*p));
}

const struct agency *
profile_agency(const struct profile *p, const char *id)
{
	if (p == NULL || id == NULL)
		return NULL;
	for (size_t i = 0; i < p->n_agencies; i++)
		if (strcmp(p->agencies[i].id, id) == 0)
			return &p->agencies[i];
	return NULL;
}

const struct fee_item *
profile_fee_item(const struct profile *p, const char *id)
{
	if (p == NULL || id == NULL)
		return NULL;
	for (size_t i = 0; i < p->fee.n_items; i++)
		if (strcmp(p->fee.items[i].id, id) == 0)
			return &p->fee.items[i];
	return NULL;
}

const struct kind_rules *
profile_kind(const struct profile *p, enum req_kind kind)
{
	if (p == NULL || (int)kind < 0 || kind >= KIND__MAX)
		return NULL;
	return &p->kinds[kind];
}

bool
profile_pay_accepts(const struct profile *p, enum pay_method m)
{
	if (p == NULL || (int)m < 0 || m >= PAY__MAX)
		return false;
	return (p->payment.methods >> m) & 1u;
}

long
profile_fee_estimate(const struct profile *p, const char *item_id, int units)
{
	const struct fee_item *it = profile_fee_item(p, item_id);

	if (it == NULL || it->at_cost || units < 0 || units > 100000)
		return -1;
	if (it->yen > 0 && units > LONG_MAX / it->yen)
		return -1;
	return it->yen * units;
}

const char *
profile_text(const char *ja, const char *en, const char *lang)
{
	return en != NULL && lang != NULL && strcmp(lang, "en") == 0 ? en : ja;
}

const char *
profile_untranslated(const struct profile *p)
{
	const struct {
		const char *key, *ja, *en;
	} notes[] = {
		{ "City.Channel.MailCondition", p->channel.mail_condition,
		  p->channel.mail_condition_en },
		{ "City.Channel.CounterNote", p->channel.counter_note,
		  p->channel.counter_note_en },
		{ "City.Agent.LegalCondition", p->agent.legal_condition,
		  p->agent.legal_condition_en },
		{ "City.Agent.VoluntaryCondition", p->agent.voluntary_condition,
		  p->agent.voluntary_condition_en },
		{ "City.Agent.LegalProof", p->agent.legal_proof,
		  p->agent.legal_proof_en },
		{ "City.Agent.VoluntaryProof", p->agent.voluntary_proof,
		  p->agent.voluntary_proof_en },
		{ "City.Agent.Note", p->agent.note, p->agent.note_en },
		{ "City.Identity.Note", p->identity.note, p->identity.note_en },
		{ "City.Disclosure.Note", p->disclosure.note,
		  p->disclosure.note_en },
		{ "City.Fee.PrepayException", p->fee.prepay_exception,
		  p->fee.prepay_exception_en },
		{ "City.Payment.BankSlipNote", p->payment.bank_slip_note,
		  p->payment.bank_slip_note_en },
		{ "City.Payment.CounterNote", p->payment.counter_note,
		  p->payment.counter_note_en },
		{ "City.Payment.RegisteredMailNote",
		  p->payment.registered_mail_note,
		  p->payment.registered_mail_note_en },
		{ "City.Payment.OnlineNote", p->payment.online_note,
		  p->payment.online_note_en },
		{ "City.Payment.EApplication.Select", p->payment.e_app_select,
		  p->payment.e_app_select_en },
		{ "City.Payment.EApplication.Note", p->payment.e_app_note,
		  p->payment.e_app_note_en },
	};
	for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++)
		if (notes[i].ja != NULL && notes[i].en == NULL)
			return notes[i].key;
	return NULL;
}

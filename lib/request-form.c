#include "request-form.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "agency.h"
#include "log.h"
#include "mail.h"

#define FILE_MAX ((size_t)64 << 20) /* the parser's FileBytes caps it first */

#define DOC(n) [RF_DOC1 + (n) - 1] = { "doc" #n, FIELD_FILE, FILE_MAX, 0, 0, NULL }, \
	[RF_DOCKIND1 + (n) - 1] = { "dockind" #n, FIELD_LINE, 40, 0, 0, NULL }

/* Lengths in characters: what a Japanese form says (文字). */
const struct field rform_fields[RF__MAX] = {
	[RF_KIND] = { "kind", FIELD_LINE, 16, 0, 0, NULL },
	[RF_FILE] = { "file", FIELD_LINE, 12, 0, 0, NULL },
	[RF_AGENCY] = { "agency", FIELD_LINE, 64, 0, 0, NULL },
	[RF_DEPARTMENT] = { "department", FIELD_LINE, 100, 0, 0, NULL },
	[RF_SOUGHT] = { "sought", FIELD_TEXT, 4000, 0, 0, NULL },
	[RF_FOLLOWS_REF] = { "follows_ref", FIELD_LINE, 20, 0, 0, NULL },
	[RF_DISCLOSED_ON] = { "disclosure_received_on", FIELD_LINE, 20, 0, 0, NULL },
	[RF_WRONG] = { "wrong", FIELD_TEXT, 4000, 0, 0, NULL },
	[RF_SHOULD_BE] = { "should_be", FIELD_TEXT, 4000, 0, 0, NULL },
	[RF_GROUND] = { "ground", FIELD_LINE, 32, 0, 0, NULL },
	[RF_STOP] = { "stop", FIELD_TEXT, 4000, 0, 0, NULL },
	[RF_NAME] = { "name", FIELD_LINE, 100, 0, 0, NULL },
	[RF_FURIGANA] = { "furigana", FIELD_LINE, 100, 0, 0, NULL },
	[RF_POSTAL] = { "postal", FIELD_LINE, 10, 0, 0, NULL },
	[RF_ADDRESS] = { "address", FIELD_LINE, 200, 0, 0, NULL },
	[RF_PHONE] = { "phone", FIELD_LINE, 20, 0, 0, NULL },
	/* FIELD_TEXT: a line break reaches the address check (mail_addr_ok),
	 * which refuses it with the field's own message on the form, rather
	 * than the whole form refused as unreadable (issue 18). */
	[RF_EMAIL] = { "email", FIELD_TEXT, 254, 0, 0, NULL },
	[RF_AGENT] = { "agent", FIELD_LINE, 16, 0, 0, NULL },
	[RF_AGENT_RELATION] = { "agent_relation", FIELD_LINE, 16, 0, 0, NULL },
	[RF_AGENT_NAME] = { "agent_name", FIELD_LINE, 100, 0, 0, NULL },
	[RF_AGENT_FURIGANA] = { "agent_furigana", FIELD_LINE, 100, 0, 0, NULL },
	[RF_AGENT_POSTAL] = { "agent_postal", FIELD_LINE, 10, 0, 0, NULL },
	[RF_AGENT_ADDRESS] = { "agent_address", FIELD_LINE, 200, 0, 0, NULL },
	[RF_AGENT_PHONE] = { "agent_phone", FIELD_LINE, 20, 0, 0, NULL },
	[RF_AGENT_EMAIL] = { "agent_email", FIELD_TEXT, 254, 0, 0, NULL },
	[RF_AGENT_REASON] = { "agent_reason", FIELD_TEXT, 1000, 0, 0, NULL },
	[RF_RESIDENT_ISSUED_ON] = { "resident_issued_on", FIELD_LINE, 20, 0, 0, NULL },
	[RF_METHOD] = { "method", FIELD_LINE, 16, 0, 0, NULL },
	[RF_MEDIUM] = { "medium", FIELD_LINE, 32, 0, 0, NULL },
	[RF_UNITS] = { "units", FIELD_LINE, 8, 0, 0, NULL },
	[RF_REMOVE] = { "remove", FIELD_LINE, 20, 0, 0, NULL },
	[RF_BACK] = { "back", FIELD_LINE, 1, 0, 0, NULL },
	DOC(1), DOC(2), DOC(3), DOC(4), DOC(5),
	DOC(6), DOC(7), DOC(8), DOC(9), DOC(10),
};

/* ---- errors and values ---- */

void rform_error(struct rform_errors *errs, const char *field, const char *key,
                 const char *arg)
{
	if (errs->n == RF_MAX_ERRORS || rform_has_error(errs, field))
		return;
	errs->e[errs->n++] = (struct rform_error){ field, key, arg };
}

bool rform_has_error(const struct rform_errors *errs, const char *field)
{
	for (size_t i = 0; i < errs->n; i++)
		if (strcmp(errs->e[i].field, field) == 0)
			return true;
	return false;
}

const char *rform_get(json_t *values, const char *name)
{
	const char *s = json_string_value(json_object_get(values, name));
	return s ? s : "";
}

void rform_set(json_t *values, const char *name, const char *value)
{
	json_object_set_new(values, name, json_string(value ? value : ""));
}

static bool is_space_at(const char *s, size_t *len)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
		*len = 1;
		return true;
	}
	if ((unsigned char)s[0] == 0xE3 && (unsigned char)s[1] == 0x80 &&
	    (unsigned char)s[2] == 0x80) { /* U+3000 全角スペース */
		*len = 3;
		return true;
	}
	return false;
}

char *rform_trim(struct arena *a, const char *s)
{
	size_t n;
	while (*s && is_space_at(s, &n))
		s += n;
	size_t len = strlen(s);
	while (len > 0) {
		if (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' ||
		    s[len - 1] == '\n')
			len--;
		else if (len >= 3 && is_space_at(s + len - 3, &n) && n == 3)
			len -= 3;
		else
			break;
	}
	return arena_strndup(a, s, len);
}

json_t *rform_values_from_req(struct req *req)
{
	json_t *v = json_object();
	for (size_t i = 0; i < RF_VALUES_END; i++) {
		const char *raw = req_param_raw(req, rform_fields[i].name);
		if (raw)
			rform_set(v, rform_fields[i].name, rform_trim(req->arena, raw));
	}
	return v;
}

/* ---- text checks ---- */

static size_t chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* Dashes a Japanese keyboard or IME may give for a hyphen in a postal
 * code or phone number: ‐ ‑ ‒ – — ― − ー ｰ. */
static bool is_dash(utf8proc_int32_t cp)
{
	return (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0x30FC ||
	       cp == 0xFF70;
}

/* NFKC (full-width digits and letters), and every dash a '-'. */
static char *nfkc(struct arena *a, const char *s)
{
	utf8proc_uint8_t *n = utf8proc_NFKC((const utf8proc_uint8_t *)s);
	const utf8proc_uint8_t *p = n ? n : (const utf8proc_uint8_t *)s;
	struct buf b;
	buf_init(&b, a);
	utf8proc_ssize_t len = (utf8proc_ssize_t)strlen((const char *)p);
	while (len > 0) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, len, &cp);
		if (k <= 0)
			break;
		if (is_dash(cp))
			buf_putc(&b, '-');
		else
			buf_append(&b, p, (size_t)k);
		p += k;
		len -= k;
	}
	free(n);
	return b.data;
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* "990-8540", "9908540", "〒990-8540" → "990-8540". */
char *rform_postal_norm(struct arena *a, const char *s)
{
	char digits[8];
	size_t n = 0;
	const char *p = nfkc(a, s);
	if (strncmp(p, "\xE3\x80\x92", 3) == 0) /* 〒 */
		p += 3;
	for (; *p; p++) {
		if (*p == '-' && n == 3)
			continue;
		if (*p < '0' || *p > '9' || n == 7)
			return NULL;
		digits[n++] = *p;
	}
	if (n != 7)
		return NULL;
	return arena_printf(a, "%.3s-%.4s", digits, digits + 3);
}

char *rform_phone_norm(struct arena *a, const char *s)
{
	char *p = nfkc(a, s);
	size_t digits = 0;
	for (const char *c = p; *c; c++) {
		if (*c >= '0' && *c <= '9')
			digits++;
		else if (!strchr("-()+ ", *c))
			return NULL;
	}
	return digits >= 10 && digits <= 15 ? p : NULL;
}

bool rform_email_ok(const char *s)
{
	return mail_addr_ok(s);
}

/* Kana, Latin letters, spaces, the long-vowel mark and the middle dot. */
bool rform_furigana_ok(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(s);
	while (len > 0) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, len, &cp);
		if (n <= 0)
			return false;
		bool ok = (cp >= 0x3041 && cp <= 0x309F) ||  /* ひらがな */
		          (cp >= 0x30A0 && cp <= 0x30FF) ||  /* カタカナ */
		          (cp >= 0x31F0 && cp <= 0x31FF) ||
		          (cp >= 0xFF66 && cp <= 0xFF9F) ||  /* 半角カナ */
		          (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		          cp == ' ' || cp == 0x3000 || cp == '-' || cp == '.';
		if (!ok)
			return false;
		p += n;
		len -= n;
	}
	return true;
}

/* A real date as people write it (cal_parse_written), after NFKC so the
 * squared era signs (㍻, ㋿) read as their names. */
int rform_date_norm(struct arena *a, const char *s, cal_day *out)
{
	cal_day d;
	int y, m, md;
	if (cal_parse_written(nfkc(a, s), &d) != 0)
		return -1;
	cal_to_ymd(d, &y, &m, &md);
	if (y < 1900 || y > 2999)
		return -1;
	*out = d;
	return 0;
}

static bool one_of(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

/* ---- the profile's choices ---- */

static const char *const grounds_suspension[] = {
	"unlawful_acquisition", "beyond_purpose", "outside_use", NULL
};
static const char *const grounds_deletion[] = {
	"unlawful_acquisition", "beyond_purpose", NULL
};
static const char *const grounds_cessation[] = { "outside_use", NULL };
static const char *const grounds_none[] = { NULL };

const char *const *rform_grounds(enum req_kind kind)
{
	switch (kind) {
	case KIND_SUSPENSION: /* 法98①一・二 */
		return grounds_suspension;
	case KIND_DELETION:
		return grounds_deletion;
	case KIND_CESSATION:
		return grounds_cessation;
	default:
		return grounds_none;
	}
}

size_t rform_methods(const struct profile *p, const char *out[4])
{
	size_t n = 0;
	if (p->disclosure.view)
		out[n++] = "view";
	if (p->disclosure.copy)
		out[n++] = "copy_counter";
	if (p->disclosure.mail_copy)
		out[n++] = "copy_mail";
	out[n] = NULL;
	return n;
}

const struct id_doc *rform_doc_rule(const struct profile *p, const char *id)
{
	for (size_t i = 0; i < p->identity.n_docs; i++)
		if (strcmp(p->identity.docs[i].id, id) == 0)
			return &p->identity.docs[i];
	return NULL;
}

bool rform_kind(const struct profile *p, json_t *values, enum req_kind *out)
{
	const struct kind_rules *k;
	return profile_kind_parse(rform_get(values, "kind"), out) &&
	       (k = profile_kind(p, *out)) != NULL && k->enabled;
}

static int units_of(json_t *values)
{
	const char *u = rform_get(values, "units");
	char *end;
	long n = *u ? strtol(u, &end, 10) : 1;
	if (*u && (*end || n < 1 || n > 10000))
		return -1;
	return (int)n;
}

long rform_estimate(const struct profile *p, json_t *values)
{
	const char *method = rform_get(values, "method");
	int units = units_of(values);
	if (strcmp(method, "view") == 0 || *method == '\0' || units < 0)
		return -1;
	return profile_fee_estimate(p, rform_get(values, "medium"), units);
}

/* ---- checks ---- */

struct check {
	const struct rform_ctx *ctx;
	struct arena *a;
	json_t *v;
	struct rform_errors *errs;
};

static void lengths(struct check *c)
{
	for (size_t i = 0; i < RF_VALUES_END; i++) {
		const char *s = rform_get(c->v, rform_fields[i].name);
		if (chars(s) > rform_fields[i].max)
			rform_error(c->errs, rform_fields[i].name, "TooLong",
			            arena_printf(c->a, "%zu", rform_fields[i].max));
	}
}

static bool required(struct check *c, const char *name)
{
	if (*rform_get(c->v, name))
		return true;
	rform_error(c->errs, name, "Required", NULL);
	return false;
}

/* A select or a set of radio buttons left alone: 「選んでください」, not
 * 「入力してください」. */
static bool chosen(struct check *c, const char *name)
{
	if (*rform_get(c->v, name))
		return true;
	rform_error(c->errs, name, "Select", NULL);
	return false;
}

static void postal(struct check *c, const char *name)
{
	if (!required(c, name) || rform_has_error(c->errs, name))
		return;
	char *n = rform_postal_norm(c->a, rform_get(c->v, name));
	if (n)
		rform_set(c->v, name, n);
	else
		rform_error(c->errs, name, "Postal", NULL);
}

static void phone(struct check *c, const char *name, bool need)
{
	const char *s = rform_get(c->v, name);
	if ((need && !required(c, name)) || *s == '\0' ||
	    rform_has_error(c->errs, name))
		return;
	char *n = rform_phone_norm(c->a, s);
	if (n)
		rform_set(c->v, name, n);
	else
		rform_error(c->errs, name, "Phone", NULL);
}

static void email(struct check *c, const char *name)
{
	const char *s = rform_get(c->v, name);
	if (*s == '\0' || rform_has_error(c->errs, name))
		return;
	char *n = nfkc(c->a, s);
	if (rform_email_ok(n))
		rform_set(c->v, name, n);
	else
		rform_error(c->errs, name, "Email", NULL);
}

static void furigana(struct check *c, const char *name)
{
	if (required(c, name) && !rform_has_error(c->errs, name) &&
	    !rform_furigana_ok(rform_get(c->v, name)))
		rform_error(c->errs, name, "Kana", NULL);
}

/* A past or present date: 0 with *out, else an error on the field. */
static int past_date(struct check *c, const char *name, cal_day *out)
{
	if (rform_has_error(c->errs, name))
		return -1;
	if (rform_date_norm(c->a, rform_get(c->v, name), out) != 0) {
		rform_error(c->errs, name, "Date", NULL);
		return -1;
	}
	char s[11];
	cal_format(*out, s);
	rform_set(c->v, name, s);
	if (*out > c->ctx->today) {
		rform_error(c->errs, name, "DateFuture", NULL);
		return -1;
	}
	return 0;
}

static void person(struct check *c, const char *pre, bool need_phone)
{
	required(c, arena_printf(c->a, "%sname", pre));
	furigana(c, arena_printf(c->a, "%sfurigana", pre));
	postal(c, arena_printf(c->a, "%spostal", pre));
	required(c, arena_printf(c->a, "%saddress", pre));
	phone(c, arena_printf(c->a, "%sphone", pre), need_phone);
	email(c, arena_printf(c->a, "%semail", pre));
}

static void agent(struct check *c)
{
	const struct profile_agent *ag = &c->ctx->p->agent;
	const char *type = rform_get(c->v, "agent");
	if (*type == '\0') {
		rform_set(c->v, "agent", "none");
		type = "none";
	}
	bool legal = strcmp(type, "legal") == 0 && ag->legal;
	bool voluntary = strcmp(type, "voluntary") == 0 && ag->voluntary;
	if (!legal && !voluntary && strcmp(type, "none") != 0) {
		rform_error(c->errs, "agent", "Choice", NULL);
		return;
	}
	person(c, "", true);
	if (strcmp(type, "none") == 0)
		return;
	/* Where the city limits who may act for someone (美唄市 規則6条1項
	 * ただし書: a minor's or an adult ward's representative, or a special
	 * reason the mayor accepts), the legal agent's relation says which,
	 * and a voluntary agent states the reason for the city to weigh. */
	if (legal) {
		static const char *const rel[] = { "parent", "guardian", NULL };
		const char *r = rform_get(c->v, "agent_relation");
		if (chosen(c, "agent_relation") && !one_of(r, rel))
			rform_error(c->errs, "agent_relation", "Choice", NULL);
	} else {
		rform_set(c->v, "agent_relation", "other");
	}
	if (voluntary && ag->voluntary_condition != NULL)
		required(c, "agent_reason");
	else
		rform_set(c->v, "agent_reason", "");
	person(c, "agent_", true);
}

/* 訂正・利用停止 follow a disclosure: within N days of receiving it
 * (法90③, 98③; the ordinances say the same). */
static void follow_up(struct check *c, const struct kind_rules *k)
{
	if (k->follow_up_days <= 0 && !k->after_disclosure)
		return;
	const char *ref = rform_get(c->v, "follows_ref");
	const char *on = rform_get(c->v, "disclosure_received_on");
	if (*ref == '\0' && *on == '\0') {
		rform_error(c->errs, "disclosure_received_on", "FollowUp", NULL);
		return;
	}
	if (*ref && !rform_has_error(c->errs, "follows_ref")) {
		char *n = nfkc(c->a, ref);
		if (strlen(n) == 11 && n[4] == '-' && all_digits(n, 4) &&
		    all_digits(n + 5, 6))
			rform_set(c->v, "follows_ref", n);
		else
			rform_error(c->errs, "follows_ref", "Ref", NULL);
	}
	cal_day d, end;
	if (*on && past_date(c, "disclosure_received_on", &d) == 0 &&
	    k->follow_up_days > 0 &&
	    cal_window_end(&c->ctx->p->cal, d, k->follow_up_days, &end) == CAL_OK &&
	    end < c->ctx->today) {
		char s[11];
		cal_format(end, s);
		rform_error(c->errs, "disclosure_received_on", "Window",
		            arena_strdup(c->a, s));
	}
}

static void delivery(struct check *c)
{
	const char *methods[4];
	rform_methods(c->ctx->p, methods);
	const char *m = rform_get(c->v, "method");
	if (!chosen(c, "method"))
		return;
	if (!one_of(m, methods)) {
		rform_error(c->errs, "method", "Choice", NULL);
		return;
	}
	if (strcmp(m, "view") == 0)
		return;
	const char *medium = rform_get(c->v, "medium");
	if (chosen(c, "medium") && profile_fee_item(c->ctx->p, medium) == NULL)
		rform_error(c->errs, "medium", "Choice", NULL);
	char *u = nfkc(c->a, rform_get(c->v, "units"));
	rform_set(c->v, "units", *u ? u : "1");
	if (units_of(c->v) < 0)
		rform_error(c->errs, "units", "Units", NULL);
}

static void what(struct check *c, enum req_kind kind)
{
	const char *agency = rform_get(c->v, "agency");
	if (chosen(c, "agency") && profile_agency(c->ctx->p, agency) == NULL)
		rform_error(c->errs, "agency", "Choice", NULL);
	required(c, "sought");
	const char *file = rform_get(c->v, "file");
	if (*file && !(strlen(file) <= 10 && all_digits(file, strlen(file))))
		rform_set(c->v, "file", "");
	const struct kind_rules *k = profile_kind(c->ctx->p, kind);
	switch (kind) {
	case KIND_DISCLOSURE:
		delivery(c);
		break;
	case KIND_CORRECTION:
		follow_up(c, k);
		required(c, "wrong");
		required(c, "should_be");
		break;
	default: {
		follow_up(c, k);
		const char *g = rform_get(c->v, "ground");
		const char *const *grounds = rform_grounds(kind);
		if (grounds[0] && !grounds[1] && *g == '\0')
			rform_set(c->v, "ground", grounds[0]);
		else if (chosen(c, "ground") && !one_of(g, grounds))
			rform_error(c->errs, "ground", "Choice", NULL);
		required(c, "stop");
	}
	}
}

static bool profile_has_purpose(const struct profile *p, enum id_purpose pur)
{
	for (size_t i = 0; i < p->identity.n_docs; i++)
		if (p->identity.docs[i].purpose == pur)
			return true;
	return false;
}

static size_t count_purpose(const struct profile *p, const struct rform_doc *docs,
                            size_t n, enum id_purpose pur, size_t *photo)
{
	size_t count = 0;
	if (photo)
		*photo = 0;
	for (size_t i = 0; i < n; i++) {
		const struct id_doc *r = rform_doc_rule(p, docs[i].kind);
		if (r && r->purpose == pur) {
			count++;
			if (photo && r->photo)
				(*photo)++;
		}
	}
	return count;
}

static size_t count_other(const struct rform_doc *docs, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(docs[i].kind, "other") == 0)
			count++;
	return count;
}

/* 本人確認 (法77②, 令22): one document with a photo, or the profile's
 * number of documents without one. An uploaded copy is not seen in the
 * original, as with a request by mail, so the mail rules apply: a
 * 住民票の写し made within the profile's number of days. */
static void documents(struct check *c, const struct rform_doc *docs, size_t n)
{
	const struct profile *p = c->ctx->p;
	size_t photo, ids = count_purpose(p, docs, n, IDDOC_IDENTITY, &photo);
	bool ok = (photo > 0 && ids >= (size_t)p->identity.photo_id_count) ||
	          (p->identity.non_photo_id_count > 0 &&
	           ids >= (size_t)p->identity.non_photo_id_count);
	if (!ok)
		rform_error(c->errs, "documents", "Identity", NULL);
	if (p->identity.mail_needs_resident_record &&
	    profile_has_purpose(p, IDDOC_RESIDENCE)) {
		cal_day issued;
		if (count_purpose(p, docs, n, IDDOC_RESIDENCE, NULL) == 0)
			rform_error(c->errs, "documents_residence", "Residence", NULL);
		if (required(c, "resident_issued_on") &&
		    past_date(c, "resident_issued_on", &issued) == 0 &&
		    c->ctx->today - issued > p->identity.resident_record_max_age_days)
			rform_error(c->errs, "resident_issued_on", "ResidenceAge",
			            arena_printf(c->a, "%d",
			                         p->identity.resident_record_max_age_days));
	}
	const char *type = rform_get(c->v, "agent");
	enum id_purpose pur = strcmp(type, "legal") == 0 ? IDDOC_LEGAL_AGENT
	                                                 : IDDOC_VOLUNTARY_AGENT;
	if (strcmp(type, "legal") != 0 && strcmp(type, "voluntary") != 0)
		return;
	size_t proofs = profile_has_purpose(p, pur)
	                    ? count_purpose(p, docs, n, pur, NULL)
	                    : count_other(docs, n);
	if (proofs == 0)
		rform_error(c->errs, "documents_agent", "AgentProof", NULL);
}

void rform_check(const struct rform_ctx *ctx, struct arena *a, json_t *values,
                 const struct rform_doc *docs, size_t ndocs,
                 struct rform_errors *errs)
{
	struct check c = { ctx, a, values, errs };
	enum req_kind kind;
	lengths(&c);
	if (!rform_kind(ctx->p, values, &kind)) {
		rform_error(errs, "kind", "Choice", NULL);
		return;
	}
	what(&c, kind);
	agent(&c);
	if (ctx->online)
		documents(&c, docs, ndocs);
}

/* ---- request.data ---- */

static void put(json_t *o, const char *key, json_t *values, const char *name)
{
	json_object_set_new(o, key, json_string(rform_get(values, name)));
}

static json_t *person_json(json_t *values, const char *pre)
{
	static const char *const keys[] = { "name", "furigana", "postal",
	                                    "address", "phone", "email" };
	char name[32];
	json_t *o = json_object();
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		snprintf(name, sizeof name, "%s%s", pre, keys[i]);
		put(o, keys[i], values, name);
	}
	return o;
}

char *rform_request_data(const struct profile *p, json_t *values,
                         const char *lang)
{
	enum req_kind kind;
	if (!rform_kind(p, values, &kind))
		return NULL;
	json_t *d = json_object();
	put(d, "agency", values, "agency");
	put(d, "department", values, "department");
	json_object_set_new(d, "requester", person_json(values, ""));
	if (strcmp(rform_get(values, "agent"), "none") != 0) {
		json_t *ag = person_json(values, "agent_");
		put(ag, "type", values, "agent");
		put(ag, "relation", values, "agent_relation");
		if (*rform_get(values, "agent_reason"))
			put(ag, "reason", values, "agent_reason");
		json_object_set_new(d, "agent", ag);
	}
	put(d, "sought", values, "sought");
	const char *file = rform_get(values, "file");
	if (*file)
		json_object_set_new(d, "file_id", json_integer(strtoll(file, NULL, 10)));
	if (kind == KIND_CORRECTION)
		json_object_set_new(d, "correction", json_pack(
		    "{s:s, s:s, s:s, s:s}",
		    "follows_ref", rform_get(values, "follows_ref"),
		    "disclosure_received_on", rform_get(values, "disclosure_received_on"),
		    "wrong", rform_get(values, "wrong"),
		    "should_be", rform_get(values, "should_be")));
	if (kind == KIND_SUSPENSION || kind == KIND_DELETION || kind == KIND_CESSATION)
		json_object_set_new(d, "suspension", json_pack(
		    "{s:s, s:s, s:s, s:s}", "ground", rform_get(values, "ground"),
		    "stop", rform_get(values, "stop"),
		    "follows_ref", rform_get(values, "follows_ref"),
		    "disclosure_received_on", rform_get(values, "disclosure_received_on")));
	if (kind == KIND_DISCLOSURE) {
		json_t *dl = json_pack("{s:s}", "method", rform_get(values, "method"));
		if (strcmp(rform_get(values, "method"), "view") != 0) {
			long est = rform_estimate(p, values);
			put(dl, "medium", values, "medium");
			json_object_set_new(dl, "units", json_integer(units_of(values)));
			json_object_set_new(dl, "estimate_yen",
			                    est >= 0 ? json_integer(est) : json_null());
		}
		json_object_set_new(d, "delivery", dl);
	}
	const char *issued = rform_get(values, "resident_issued_on");
	if (*issued)
		json_object_set_new(d, "identity", json_pack(
		    "{s:s}", "resident_record_issued_on", issued));
	json_object_set_new(d, "lang", json_string(lang));
	char *out = json_dumps(d, JSON_COMPACT);
	json_decref(d);
	return out;
}

/* ---- submission ---- */

/* 情報通信技術活用法6③: received the day it is recorded, unless an
 * ordinance the profile names says otherwise (profile_load checks). */
cal_day rform_received_on(const struct profile *p, cal_day today)
{
	if (p->deadline.closed_day_receipt == RECEIPT_NEXT_OPEN_DAY)
		return cal_next_open(&p->cal, today);
	return today;
}

int rform_submit(struct db *db, const struct profile *p, struct arena *a,
                 const struct draft *d, json_t *values, const char *lang,
                 struct case_created *out)
{
	enum req_kind kind;
	const struct agency *ag = profile_agency(p, rform_get(values, "agency"));
	char *data = rform_request_data(p, values, lang);
	memset(out, 0, sizeof *out);
	if (ag == NULL || data == NULL || !rform_kind(p, values, &kind)) {
		free(data);
		return -1;
	}
	struct case_new in = { kind, ag->id, "online", rform_get(values, "name"),
	                       arena_strdup(a, data),
	                       rform_received_on(p, cal_today()), "citizen" };
	free(data);
	if (db_begin(db) != 0)
		return -1;
	long long prior;
	int state = draft_check(db, d->id_hash, &prior);
	if (state != 0) {
		db_rollback(db);
		out->id = prior;
		return state < 0 ? -1 : state;
	}
	if (agency_row_ensure(db, ag) != 0 || case_create(db, p, a, &in, out) != 0 ||
	    draft_finish(db, a, d, out->id, out->code) != 0 || db_commit(db) != 0) {
		db_rollback(db);
		log_event(LOG_ERR, "a request could not be filed");
		memset(out, 0, sizeof *out);
		return -1;
	}
	log_event(LOG_INFO, "request %s received online", out->ref);
	return 0;
}

/* The five city profiles: every key is in profile_schema, and
 * profile_load gives the rules the seed pages state. Run from the top of
 * the tree, or set KAIJI_CITIES to the profiles' directory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "profile.h"
#include "tap.h"

/* Until lib/calendar.c is linked in: weak, so the real one wins. Only
 * the shape and the month lengths matter here. */
__attribute__((weak)) int
cal_parse(const char *s, cal_day *out)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
				     30, 31 };
	int y, m, d, n = 0;

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 ||
	    n != 10 || s[4] != '-' || s[7] != '-' || m < 1 || m > 12 ||
	    d < 1 || d > mdays[m - 1] ||
	    (m == 2 && d == 29 && (y % 4 != 0 || (y % 100 == 0 && y % 400 != 0))))
		return -1;
	/* days from civil (proleptic Gregorian) */
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	*out = era * 146097 + doe - 719468;
	return 0;
}

/* ---- the schema walk, independent of lib/profile.c ---- */

static bool
seg_match(const char *pat, const char *name)
{
	for (;;) {
		size_t pl = strcspn(pat, "."), nl = strcspn(name, ".");
		if (nl == 0 || (!(pl == 1 && *pat == '*') &&
				(pl != nl || strncmp(pat, name, pl) != 0)))
			return false;
		pat += pl;
		name += nl;
		if (*pat == '\0' || *name == '\0')
			return *pat == '\0' && *name == '\0';
		pat++;
		name++;
	}
}

static const struct cfg_key *
schema_find(const char *name)
{
	for (const struct cfg_key *k = profile_schema; k->pattern; k++)
		if (seg_match(k->pattern, name))
			return k;
	return NULL;
}

static bool
value_ok(const struct cfg_key *k, const char *v)
{
	char *end;
	long n;
	cal_day d;
	size_t vl;

	switch (k->type) {
	case CFG_NODE:
		return v == NULL;
	case CFG_STR:
		return v != NULL && v[0] != '\0';
	case CFG_BOOL:
		return v != NULL && (strcmp(v, "0") == 0 || strcmp(v, "1") == 0);
	case CFG_DATE:
		return v != NULL && cal_parse(v, &d) == 0;
	case CFG_INT:
		if (v == NULL || v[0] == '\0')
			return false;
		n = strtol(v, &end, 10);
		return *end == '\0' && n >= k->min && n <= k->max;
	case CFG_ENUM:
		if (v == NULL)
			return false;
		vl = strlen(v);
		for (const char *p = k->choices;;) {
			size_t l = strcspn(p, "|");
			if (l == vl && strncmp(p, v, l) == 0)
				return true;
			if (p[l] == '\0')
				return false;
			p += l + 1;
		}
	}
	return false;
}

struct walk {
	int problems;
	char first[300];
};

static void
walk_problem(struct walk *w, const char *name, const char *what)
{
	if (w->problems++ == 0 &&
	    snprintf(w->first, sizeof(w->first), "%s: %s", name, what) >=
	        (int)sizeof(w->first))
		w->first[sizeof(w->first) - 1] = '\0'; /* a long name is cut */
}

/* Required children of the node called name (patterns whose parent
 * pattern matches it). */
static void
walk_required(struct walk *w, HDF *node, const char *name)
{
	char parent[200];

	for (const struct cfg_key *k = profile_schema; k->pattern; k++) {
		const char *dot = strrchr(k->pattern, '.');
		if (!k->required || dot == NULL ||
		    (size_t)(dot - k->pattern) >= sizeof(parent))
			continue;
		memcpy(parent, k->pattern, (size_t)(dot - k->pattern));
		parent[dot - k->pattern] = '\0';
		if (seg_match(parent, name) && hdf_get_obj(node, dot + 1) == NULL)
			walk_problem(w, k->pattern, "required, missing");
	}
}

static void
walk_node(struct walk *w, HDF *node, const char *prefix)
{
	for (; node != NULL; node = hdf_obj_next(node)) {
		char name[300];
		const struct cfg_key *k;
		HDF *child = hdf_obj_child(node);

		snprintf(name, sizeof(name), "%s%s%s", prefix,
			 prefix[0] ? "." : "", hdf_obj_name(node));
		k = schema_find(name);
		if (k == NULL)
			walk_problem(w, name, "not in profile_schema");
		else if (child != NULL && k->type != CFG_NODE)
			walk_problem(w, name, "has children but is not a node");
		else if (child != NULL && hdf_obj_value(node) != NULL)
			walk_problem(w, name, "a node with a value");
		else if (child == NULL && !value_ok(k, hdf_obj_value(node)))
			walk_problem(w, name, "bad value");
		if (k != NULL && k->type == CFG_NODE)
			walk_required(w, node, name);
		walk_node(w, child, name);
	}
}

static struct walk
walk_city(HDF *root)
{
	struct walk w = { 0, "" };

	if (hdf_get_obj(root, "City") == NULL)
		walk_problem(&w, "City", "missing");
	walk_node(&w, hdf_obj_child(root), "");
	return w;
}

/* ---- loading ---- */

static HDF *
read_city(const char *id)
{
	const char *dir = getenv("KAIJI_CITIES");
	char path[512];
	HDF *h = NULL;
	NEOERR *e;

	snprintf(path, sizeof(path), "%s/%s.hdf", dir ? dir : "conf/cities",
		 id);
	if (hdf_init(&h) != STATUS_OK)
		return NULL;
	e = hdf_read_file(h, path);
	if (e != STATUS_OK) {
		STRING s;
		string_init(&s);
		nerr_error_string(e, &s);
		printf("# %s: %s\n", path, s.buf ? s.buf : "?");
		string_clear(&s);
		nerr_ignore(&e);
		hdf_destroy(&h);
		return NULL;
	}
	return h;
}

/* Reads and loads; the test fails on either step. */
static HDF *
load_city(const char *id, struct profile *p)
{
	char err[256] = "";
	HDF *h = read_city(id);
	int rc = h ? profile_load(h, p, err, sizeof(err)) : -1;

	TAP_OK(h != NULL && rc == 0, "%s: read and loaded", id);
	if (rc != 0)
		printf("#   %s\n", err);
	return rc == 0 ? h : NULL;
}

static const char *cities[] = { "akabira", "yamagata", "bibai", "toyota",
				"minato" };

static void
test_schema_walk(void)
{
	for (size_t i = 0; i < sizeof(cities) / sizeof(cities[0]); i++) {
		HDF *h = read_city(cities[i]);
		struct walk w;

		if (h == NULL) {
			TAP_OK(0, "%s: read", cities[i]);
			continue;
		}
		w = walk_city(h);
		TAP_INTEQ(w.problems, 0, "%s: every key matches profile_schema",
			  cities[i]);
		if (w.problems)
			printf("#   first: %s\n", w.first);
		TAP_STREQ(hdf_get_value(h, "City.Id", NULL), cities[i],
			  "%s: City.Id is the file name", cities[i]);
		hdf_destroy(&h);
	}
}

static void
test_yamagata(void)
{
	struct profile p;
	HDF *h = load_city("yamagata", &p);
	const struct kind_rules *k;

	if (h == NULL)
		return;
	TAP_STREQ(p.name, "山形市", "yamagata: name");
	TAP_INTEQ(p.regime, REGIME_LAW, "yamagata: under the law");
	k = profile_kind(&p, KIND_DISCLOSURE);
	TAP_OK(k->enabled, "yamagata: disclosure enabled");
	TAP_INTEQ(k->period.days, 14, "yamagata: disclosure 14 days");
	TAP_INTEQ(k->period.count, CAL_FROM_NEXT_DAY,
		  "yamagata: disclosure counted from the next day");
	TAP_INTEQ(k->period.extension_max_days, 30,
		  "yamagata: extension law default 30");
	k = profile_kind(&p, KIND_CORRECTION);
	TAP_INTEQ(k->period.days, 30, "yamagata: correction 30 days");
	TAP_INTEQ(k->period.count, CAL_FROM_NEXT_DAY,
		  "yamagata: correction from the next day");
	TAP_INTEQ(k->follow_up_days, 90, "yamagata: correction within 90 days");
	TAP_OK(k->after_disclosure, "yamagata: correction after disclosure");
	TAP_INTEQ(p.kinds[KIND_SUSPENSION].follow_up_days, 90,
		  "yamagata: suspension within 90 days");
	TAP_INTEQ(p.kinds[KIND_SUSPENSION].period.days, 30,
		  "yamagata: suspension 30 days");
	TAP_OK(!p.kinds[KIND_DELETION].enabled &&
	       !p.kinds[KIND_CESSATION].enabled,
	       "yamagata: no deletion or cessation kinds");
	TAP_INTEQ(profile_fee_estimate(&p, "colour", 1), 20,
		  "yamagata: colour 20 yen a page");
	TAP_INTEQ(profile_fee_estimate(&p, "mono", 7), 70,
		  "yamagata: 7 mono pages 70 yen");
	TAP_INTEQ(profile_fee_estimate(&p, "dvdr", 2), 400,
		  "yamagata: 2 DVD-R 400 yen");
	TAP_INTEQ(profile_fee_item(&p, "cassette")->yen, 120,
		  "yamagata: cassette 120");
	TAP_INTEQ(profile_fee_item(&p, "video")->yen, 250, "yamagata: video 250");
	TAP_INTEQ(profile_fee_item(&p, "floppy")->yen, 60, "yamagata: floppy 60");
	TAP_INTEQ(profile_fee_item(&p, "cdr")->yen, 100, "yamagata: CD-R 100");
	TAP_INTEQ(profile_fee_item(&p, "dvdr")->unit, FEE_DISC,
		  "yamagata: DVD-R priced per disc");
	TAP_INTEQ(profile_fee_estimate(&p, "outsourced", 1), -1,
		  "yamagata: outsourced copying has no estimate (at cost)");
	TAP_INTEQ(p.n_agencies, 10, "yamagata: ten agencies");
	TAP_STREQ(profile_agency(&p, "board_of_education")->head,
		  "山形市教育委員会", "yamagata: board of education signs");
	TAP_OK(profile_agency(&p, "property_ward") != NULL,
	       "yamagata: 財産区 is an agency");
	TAP_OK(p.channel.mail && p.channel.counter && p.channel.online,
	       "yamagata: counter, mail and online");
	TAP_OK(p.identity.mail_needs_resident_record &&
	       p.identity.resident_record_max_age_days == 30,
	       "yamagata: by mail a 住民票 made within 30 days");
	TAP_STREQ(p.appeal.body, "山形市情報公開・個人情報保護審査会",
		  "yamagata: review board");
	TAP_STREQ(p.appeal.term, "審査請求", "yamagata: 審査請求");
	TAP_INTEQ(p.appeal.months, 3, "yamagata: appeal 3 months");
	TAP_OK(profile_pay_accepts(&p, PAY_ONLINE) &&
	       p.payment.provider == PROVIDER_STRIPE,
	       "yamagata: online payment through stripe");
	TAP_INTEQ(p.cal.n_extra_closed + p.cal.n_extra_open, 0,
		  "yamagata: no extra closed or open days");
	TAP_INTEQ(p.upload_max_bytes, 5 * 1024 * 1024, "yamagata: 5 MiB uploads");
	TAP_INTEQ(p.draft_expiry_minutes, 120, "yamagata: drafts 120 minutes");
	profile_free(&p);
	hdf_destroy(&h);
}

static void
test_toyota(void)
{
	struct profile p;
	HDF *h = load_city("toyota", &p);
	const struct agency *a;

	if (h == NULL)
		return;
	TAP_INTEQ(p.kinds[KIND_DISCLOSURE].period.days, 14,
		  "toyota: disclosure 14 days");
	TAP_INTEQ(p.kinds[KIND_DISCLOSURE].period.count, CAL_FROM_NEXT_DAY,
		  "toyota: disclosure from the next day");
	TAP_INTEQ(p.kinds[KIND_CORRECTION].period.days, 29,
		  "toyota: correction 29 days");
	TAP_INTEQ(p.kinds[KIND_CORRECTION].period.count, CAL_FROM_NEXT_DAY,
		  "toyota: correction from the next day");
	TAP_INTEQ(p.kinds[KIND_SUSPENSION].period.days, 29,
		  "toyota: suspension 29 days");
	TAP_INTEQ(p.kinds[KIND_SUSPENSION].period.count, CAL_FROM_RECEIPT_DAY,
		  "toyota: suspension counted from the day of receipt");
	TAP_INTEQ(profile_fee_estimate(&p, "colour", 3), 150,
		  "toyota: 3 colour pages 150 yen");
	TAP_INTEQ(profile_fee_item(&p, "colour")->yen, 50, "toyota: colour 50");
	TAP_INTEQ(profile_fee_item(&p, "mono")->yen, 10, "toyota: mono 10");
	TAP_OK(profile_fee_item(&p, "dvdr") == NULL, "toyota: no DVD-R price");
	TAP_OK(profile_pay_accepts(&p, PAY_BANK_SLIP) &&
	       profile_pay_accepts(&p, PAY_REGISTERED_MAIL) &&
	       profile_pay_accepts(&p, PAY_ONLINE),
	       "toyota: bank slip, registered mail and online");
	TAP_INTEQ(p.payment.provider, PROVIDER_PAYPAY, "toyota: paypay");
	TAP_INTEQ(p.payment.bank_slip_due_days, 14, "toyota: slip due ~2 weeks");
	a = profile_agency(&p, "assembly");
	TAP_OK(a != NULL && a->regime == REGIME_ORDINANCE,
	       "toyota: the assembly under its own ordinance");
	TAP_STREQ(a ? a->basis : NULL, "豊田市議会個人情報保護条例",
		  "toyota: assembly ordinance name");
	TAP_INTEQ(profile_agency(&p, "mayor")->regime, REGIME_LAW,
		  "toyota: mayor under the law (the city's regime)");
	TAP_INTEQ(p.n_agencies, 10, "toyota: ten agencies");
	TAP_OK(p.agent.voluntary, "toyota: voluntary agents allowed");
	TAP_INTEQ(p.reg.kind, REGISTER_FILE_BOOK, "toyota: 個人情報ファイル簿");
	TAP_STREQ(p.source_updated, "2024-04-01", "toyota: page date");
	TAP_INTEQ(p.identity.non_photo_id_count, 1,
		  "toyota: one document even without a photo");
	profile_free(&p);
	hdf_destroy(&h);
}

static void
test_minato(void)
{
	static const char *const ids[] = { "mayor", "board_of_education",
					   "election_board", "audit" };
	static const char *const names[] = { "区長", "教育委員会",
					     "選挙管理委員会", "監査委員" };
	struct profile p;
	HDF *h = load_city("minato", &p);

	if (h == NULL)
		return;
	TAP_OK(!p.channel.online, "minato: online requests disabled");
	TAP_OK(!p.channel.mail && p.channel.counter, "minato: counter only");
	TAP_INTEQ(p.n_agencies, 4, "minato: four agencies");
	for (size_t i = 0; i < 4 && i < p.n_agencies; i++) {
		TAP_STREQ(p.agencies[i].id, ids[i], "minato: agency %zu id", i);
		TAP_STREQ(p.agencies[i].name, names[i], "minato: agency %zu name",
			  i);
	}
	TAP_STREQ(profile_agency(&p, "mayor")->head, "港区長",
		  "minato: the mayor signs as 港区長");
	TAP_OK(profile_agency(&p, "fire") == NULL, "-bad- minato: no fire chief");
	TAP_INTEQ(p.identity.non_photo_id_count, 2,
		  "minato: several documents without a photo");
	TAP_OK(p.kinds[KIND_DELETION].enabled &&
	       p.kinds[KIND_CESSATION].enabled &&
	       !p.kinds[KIND_SUSPENSION].enabled,
	       "minato: deletion and cessation, no suspension");
	TAP_STREQ(p.appeal.term, "不服申立て", "minato: 不服申立て");
	TAP_INTEQ(p.payment.provider, PROVIDER_NONE, "minato: no provider");
	TAP_OK(!profile_pay_accepts(&p, PAY_ONLINE), "minato: no online payment");
	profile_free(&p);
	hdf_destroy(&h);
}

static void
test_akabira(void)
{
	struct profile p;
	HDF *h = load_city("akabira", &p);

	if (h == NULL)
		return;
	TAP_OK(p.kinds[KIND_DELETION].enabled, "akabira: deletion");
	TAP_OK(p.kinds[KIND_CESSATION].enabled, "akabira: cessation");
	TAP_OK(!p.kinds[KIND_SUSPENSION].enabled, "akabira: no suspension");
	TAP_OK(p.kinds[KIND_SUSPENSION].name == NULL,
	       "akabira: suspension absent, not just off");
	TAP_INTEQ(p.kinds[KIND_DISCLOSURE].period.days, 14,
		  "akabira: disclosure 14 days");
	TAP_INTEQ(p.kinds[KIND_CESSATION].period.days, 30,
		  "akabira: cessation 30 days");
	TAP_INTEQ(p.regime, REGIME_ORDINANCE, "akabira: ordinance");
	TAP_OK(!p.channel.online && !p.channel.mail, "akabira: counter only");
	TAP_OK(p.identity.copy_at_counter, "akabira: ID copy attached");
	TAP_INTEQ(p.appeal.months, 3, "akabira: 3 months, not the page's 60 days");
	TAP_INTEQ(p.n_agencies, 10, "akabira: ten agencies");
	TAP_STREQ(profile_agency(&p, "assembly")->head, "赤平市議会議長",
		  "akabira: assembly head");
	TAP_INTEQ(p.reg.kind, REGISTER_JIMU_REGISTER, "akabira: 事務 register");
	profile_free(&p);
	hdf_destroy(&h);
}

static void
test_bibai(void)
{
	struct profile p;
	HDF *h = load_city("bibai", &p);

	if (h == NULL)
		return;
	TAP_OK(p.channel.mail && p.channel.mail_condition != NULL &&
	       strstr(p.channel.mail_condition, "病気") != NULL,
	       "bibai: mail only with the illness condition");
	TAP_OK(p.channel.mail_condition_en != NULL, "bibai: condition in English");
	TAP_OK(p.fee.prepay && p.fee.prepay_exception != NULL,
	       "bibai: prepaid unless the mayor allows");
	TAP_INTEQ(p.disclosure.copies_per_item, 1, "bibai: one copy per item");
	TAP_OK(p.disclosure.oral_request, "bibai: oral requests");
	TAP_INTEQ(profile_fee_estimate(&p, "mono", 12), 120, "bibai: 12 pages 120");
	TAP_OK(p.agent.legal_condition != NULL && p.agent.voluntary_condition,
	       "bibai: agents under conditions");
	TAP_OK(p.appeal.body == NULL, "bibai: review board not stated");
	TAP_INTEQ(p.reg.n_fields, 10, "bibai: ten register fields");
	TAP_STREQ(p.reg.n_fields > 3 ? p.reg.fields[3] : NULL, "manager",
		  "bibai: 管理責任者 is a register field");
	TAP_STREQ(p.statistics.medium, "市の広報紙", "bibai: yearly report");
	profile_free(&p);
	hdf_destroy(&h);
}

/* ---- -bad- cases: a copy of yamagata with one key changed ---- */

/* Sets key to value (removes it when value is NULL), then key2 likewise
 * when key2 is not NULL. */
static int
load_changed2(const char *key, const char *value, const char *key2,
	      const char *value2, char *err, size_t errlen)
{
	struct profile p;
	HDF *h = read_city("yamagata");
	int rc;

	if (h == NULL)
		return -2;
	if (value != NULL)
		hdf_set_value(h, key, value);
	else
		hdf_remove_tree(h, key);
	if (key2 != NULL && value2 != NULL)
		hdf_set_value(h, key2, value2);
	else if (key2 != NULL)
		hdf_remove_tree(h, key2);
	rc = profile_load(h, &p, err, errlen);
	if (rc == 0)
		profile_free(&p);
	hdf_destroy(&h);
	return rc;
}

static int
load_changed(const char *key, const char *value, char *err, size_t errlen)
{
	return load_changed2(key, value, NULL, NULL, err, errlen);
}

static void
bad_load(const char *key, const char *value, const char *want)
{
	char err[256] = "";
	int rc = load_changed(key, value, err, sizeof(err));

	TAP_INTEQ(rc, -1, "-bad- %s = %s refused", key, value ? value : "(none)");
	TAP_OK(strstr(err, want) != NULL, "-bad- the message names %s", want);
	if (strstr(err, want) == NULL)
		printf("#   got '%s'\n", err);
}

static void
test_bad_walk(void)
{
	HDF *h = read_city("yamagata");
	struct walk w;

	if (h == NULL)
		return;
	hdf_set_value(h, "City.Kind.correction.FolowUpDays", "90");
	w = walk_city(h);
	TAP_INTEQ(w.problems, 1, "-bad- a misspelled key fails the walk");
	TAP_OK(strstr(w.first, "City.Kind.correction.FolowUpDays") != NULL,
	       "-bad- the walk names the misspelled key");
	hdf_remove_tree(h, "City.Kind.correction.FolowUpDays");
	hdf_remove_tree(h, "City.Fee.Item.colour.Yen");
	hdf_set_value(h, "City.Fee.Item.colour.Yne", "20");
	w = walk_city(h);
	TAP_INTEQ(w.problems, 2, "-bad- misspelled required key: unknown and missing");
	hdf_remove_tree(h, "City.Fee.Item.colour.Yne");
	hdf_set_value(h, "City.Fee.Item.colour.Yen", "200000");
	w = walk_city(h);
	TAP_INTEQ(w.problems, 1, "-bad- an out-of-range value fails the walk");
	hdf_set_value(h, "City.Fee.Item.colour.Yen", "20");
	w = walk_city(h);
	TAP_INTEQ(w.problems, 0, "the walk passes again once fixed");
	hdf_set_value(h, "City.Agency.mayor", "x");
	hdf_set_value(h, "City.Closed.0", "2026-02-30");
	w = walk_city(h);
	TAP_INTEQ(w.problems, 2,
		  "-bad- a node with a value and an impossible date fail the walk");
	hdf_destroy(&h);
}

static void
test_bad_load(void)
{
	char err[256];

	bad_load("City.Kind.correction.Count", "from_tomorrow",
		 "City.Kind.correction.Count");
	bad_load("City.Kind.correction.Count", "from_tomorrow", "from_tomorrow");
	bad_load("City.Kind.disclosure.Days", "14x", "City.Kind.disclosure.Days");
	bad_load("City.Kind.disclosure.Days", "31", "法83①");
	bad_load("City.Kind.disclosure.Days", "0", "outside 1..60");
	bad_load("City.Kind.correction.Days", NULL,
		 "City.Kind.correction.Days: missing");
	bad_load("City.Kind.appeal.Enabled", "1", "City.Kind.appeal");
	bad_load("City.Kind.disclosure.Enabled", "0", "City.Kind.disclosure");
	bad_load("City.Kind.disclosure.Enabled", "yes",
		 "City.Kind.disclosure.Enabled");
	bad_load("City.Closed.0", "2026-02-30", "City.Closed.0");
	bad_load("City.Agency.Mayor.Name", "市長", "City.Agency.Mayor");
	bad_load("City.Payment.Provider", "none", "City.Payment.Provider");
	bad_load("City.Payment.Methods.5", "cash", "City.Payment.Methods.5");
	bad_load("City.Register.Fields.3", "colour", "City.Register.Fields.3");
	bad_load("City.Fee.Item.mono.AtCost", "1", "City.Fee.Item.mono.Yen");
	bad_load("City.Appeal.Term", "異議申立て", "City.Appeal.Term");
	bad_load("City.SourceUpdated", "2024/04/01", "City.SourceUpdated");
	bad_load("City.Id", "Yamagata", "City.Id");
	bad_load("City.Identity.Doc", NULL, "City.Identity.Doc");
	/* yamagata is under the Act: 法76② and 法74②九 bind it */
	bad_load("City.Agent.Voluntary", "0", "法76②");
	bad_load("City.Agent.VoluntaryCondition", "市長が認める場合", "法76②");
	bad_load("City.Agent.LegalCondition", "未成年者の場合", "法76②");
	bad_load("City.Register.MinPersons", "2000", "法74②九");
	TAP_INTEQ(load_changed("City.Register.MinPersons", "500", err, sizeof(err)), 0,
		  "a register listing files from 500 people loads (豊田)");
	TAP_INTEQ(load_changed2("City.Channel.MailCondition", "条件",
				"City.Channel.Mail", "0", err, sizeof(err)), -1,
		  "-bad- a mail condition without mail is refused");
	TAP_OK(strstr(err, "City.Channel.MailCondition") != NULL,
	       "-bad- and the message names MailCondition");
	TAP_INTEQ(load_changed("City.Channel.MailCondition", "条件", err,
			       sizeof(err)), 0,
		  "a mail condition with mail allowed loads");

	HDF *h = NULL;
	struct profile p;
	hdf_init(&h);
	TAP_INTEQ(profile_load(h, &p, err, sizeof(err)), -1,
		  "-bad- an empty tree is refused");
	TAP_STREQ(err, "City: missing", "-bad- and says City is missing");
	hdf_destroy(&h);
}

static void
test_dates_and_helpers(void)
{
	char err[256] = "";
	struct profile p;
	HDF *h = read_city("yamagata");
	enum req_kind k = KIND__MAX;
	int rc;

	if (h == NULL)
		return;
	hdf_set_value(h, "City.Closed.a", "2026-08-06");
	hdf_set_value(h, "City.Closed.b", "2026-06-23");
	hdf_set_value(h, "City.Closed.c", "2026-08-06");
	hdf_set_value(h, "City.Open.0", "2026-12-29");
	rc = profile_load(h, &p, err, sizeof(err));
	TAP_INTEQ(rc, 0, "extra closed and open days load");
	if (rc == 0) {
		cal_day d1, d2, d3;
		cal_parse("2026-06-23", &d1);
		cal_parse("2026-08-06", &d2);
		cal_parse("2026-12-29", &d3);
		TAP_INTEQ(p.cal.n_extra_closed, 2, "duplicates dropped");
		TAP_OK(p.cal.n_extra_closed == 2 && p.cal.extra_closed[0] == d1 &&
		       p.cal.extra_closed[1] == d2, "closed days sorted");
		TAP_OK(p.cal.n_extra_open == 1 && p.cal.extra_open[0] == d3,
		       "open day read");
		TAP_OK(p.cal.roll_forward, "roll forward");
		profile_free(&p);
		TAP_OK(p.agencies == NULL && p.cal.extra_closed == NULL,
		       "profile_free clears the profile");
	}
	hdf_destroy(&h);

	TAP_OK(profile_kind_parse("correction", &k) && k == KIND_CORRECTION,
	       "kind parse");
	TAP_OK(!profile_kind_parse("Correction", &k), "-bad- kind parse is exact");
	TAP_OK(!profile_kind_parse("", &k) && !profile_kind_parse(NULL, &k),
	       "-bad- empty kind");
	for (int i = 0; i < KIND__MAX; i++) {
		enum req_kind back;
		TAP_OK(profile_kind_parse(profile_kind_name((enum req_kind)i),
					  &back) && (int)back == i,
		       "kind %s round trip", profile_kind_name((enum req_kind)i));
	}
	TAP_OK(profile_kind_name(KIND__MAX) == NULL, "-bad- kind name out of range");
	TAP_STREQ(profile_kind_name(KIND_CESSATION), "cessation", "cessation");
}

static void
test_estimate_bad(void)
{
	struct profile p;
	HDF *h = load_city("yamagata", &p);

	if (h == NULL)
		return;
	TAP_INTEQ(profile_fee_estimate(&p, "mono", -1), -1, "-bad- negative units");
	TAP_INTEQ(profile_fee_estimate(&p, "mono", 100001), -1, "-bad- too many");
	TAP_INTEQ(profile_fee_estimate(&p, "mono", 0), 0, "zero units 0 yen");
	TAP_INTEQ(profile_fee_estimate(&p, "gold", 1), -1, "-bad- unknown item");
	TAP_INTEQ(profile_fee_estimate(&p, NULL, 1), -1, "-bad- no item");
	TAP_OK(profile_agency(&p, "nobody") == NULL, "-bad- unknown agency");
	TAP_OK(profile_agency(&p, NULL) == NULL, "-bad- no agency id");
	TAP_OK(!profile_pay_accepts(&p, PAY__MAX), "-bad- method out of range");
	profile_free(&p);
	hdf_destroy(&h);
}

/* English pages show each note in English: every Japanese note a profile
 * has needs its English variant (a missing one would fall back). */
static void
test_english_notes(void)
{
	for (size_t i = 0; i < sizeof(cities) / sizeof(cities[0]); i++) {
		struct profile p;
		HDF *h = load_city(cities[i], &p);
		if (h == NULL)
			continue;
		const char *missing = profile_untranslated(&p);
		TAP_OK(missing == NULL, "%s: every note has an English variant",
		       cities[i]);
		if (missing)
			printf("#   no English for %s\n", missing);
		profile_free(&p);
		hdf_destroy(&h);
	}

	struct profile p;
	HDF *h = load_city("toyota", &p);
	if (h == NULL)
		return;
	TAP_STREQ(profile_text(p.payment.online_note, p.payment.online_note_en,
			       "en"), p.payment.online_note_en,
		  "toyota: the online note in English on English pages");
	TAP_STREQ(profile_text(p.payment.online_note, p.payment.online_note_en,
			       "ja"), p.payment.online_note,
		  "toyota: the online note in Japanese on Japanese pages");
	TAP_OK(profile_text(p.agent.note, p.agent.note_en, "en") == NULL,
	       "toyota: no agent note in either language");
	p.payment.bank_slip_note_en = NULL;
	TAP_STREQ(profile_untranslated(&p), "City.Payment.BankSlipNote",
		  "-bad- a note without English is named");
	TAP_STREQ(profile_text(p.payment.bank_slip_note, NULL, "en"),
		  p.payment.bank_slip_note,
		  "-bad- a missing English note falls back to the Japanese");
	profile_free(&p);
	hdf_destroy(&h);
}

int
main(void)
{
	test_schema_walk();
	test_yamagata();
	test_toyota();
	test_minato();
	test_akabira();
	test_bibai();
	test_english_notes();
	test_bad_walk();
	test_bad_load();
	test_dates_and_helpers();
	test_estimate_bad();
	return TAP_DONE();
}

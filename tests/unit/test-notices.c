/* Every notice (templates/notice-*.cs) of every request kind for every
 * agency of every seed city, rendered as the desk renders it, and its
 * citations checked against the one table in tests/notices.tsv
 * (issue 14, "How it is checked"). A combination the table does not
 * cover fails: a new notice or kind needs its row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "flow.h"
#include "tap.h"
#include "view.h"

#define ROWS_MAX 400

struct row {
	char *col[7]; /* body regime kind notice ground must mustnot */
};

static struct row rows[ROWS_MAX];
static size_t n_rows;

static int table_read(const char *path)
{
	FILE *fp = fopen(path, "r");
	char line[2048];
	if (fp == NULL)
		return -1;
	while (fgets(line, sizeof line, fp) && n_rows < ROWS_MAX) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		struct row *r = &rows[n_rows];
		char *save = NULL, *s = line;
		int i = 0;
		for (char *t; i < 7 && (t = strtok_r(s, "\t", &save)); s = NULL)
			r->col[i++] = strdup(t);
		if (i != 7) {
			printf("# tests/notices.tsv: a row with %d columns: %s\n", i, line);
			fclose(fp);
			return -1;
		}
		n_rows++;
	}
	fclose(fp);
	return 0;
}

static bool col_match(const char *pattern, const char *value)
{
	return strcmp(pattern, "*") == 0 || strcmp(pattern, value) == 0;
}

/* Each |-separated part of list found (want) or not found (!want). */
static bool all_parts(const char *list, const char *text, bool want, char *miss, size_t misslen)
{
	if (strcmp(list, "-") == 0)
		return true;
	char buf[1024];
	snprintf(buf, sizeof buf, "%s", list);
	char *save = NULL;
	for (char *t = strtok_r(buf, "|", &save); t; t = strtok_r(NULL, "|", &save))
		if ((strstr(text, t) != NULL) != want) {
			snprintf(miss, misslen, "%s", t);
			return false;
		}
	return true;
}

struct notice {
	const char *name;
	const char *decision; /* the decision it prints, or NULL */
	bool reasons;         /* prints the withheld parts' grounds */
};

static const struct notice notices[] = {
	{ "receipt", NULL, false },
	{ "amend", NULL, false },
	{ "extension", NULL, false },
	{ "special", NULL, false },
	{ "disclosure", "partial", true },
	{ "nondisclosure", "none", true },
	{ "correction", "not_correct", true },
	{ "suspension", "not_stop", true },
	{ "dismissal", "dismissed", false },
	{ "carried_out", "correct", false },
	{ "consult", NULL, false },
	{ "tp_decided", "partial", false },
	{ "transfer", NULL, false },
	/* 法97: to each body the corrected information was provided to */
	{ "provided", "correct", false },
};

static void set_day(HDF *h, const char *name, const char *iso)
{
	cal_day d;
	char w[64], key[128];
	hdf_set_value(h, name, iso);
	if (cal_parse(iso, &d) == 0 && cal_format_wareki(d, w, sizeof w) == 0) {
		snprintf(key, sizeof key, "%s.Wareki", name);
		hdf_set_value(h, key, w);
	}
}

/* The data desk_page_notice gives the template (cgi-bin/desk-notice.c and
 * desk_case_view), for one case. */
static HDF *case_data(const struct profile *p, const struct agency *ag, enum req_kind kind,
                      const struct notice *n, const char *ground)
{
	HDF *h = NULL;
	hdf_init(&h);
	const struct kind_rules *k = profile_kind(p, kind);
	hdf_set_value(h, "Case.Id", "1");
	hdf_set_value(h, "Case.Ref", "001-2026-00001");
	hdf_set_value(h, "Case.Kind", profile_kind_name(kind));
	hdf_set_value(h, "Case.KindName", k->name);
	hdf_set_value(h, "Case.Agency", ag->id);
	hdf_set_value(h, "Case.AgencyName", ag->name);
	hdf_set_value(h, "Case.AgencyHead", ag->head ? ag->head : p->head);
	hdf_set_value(h, "Case.RequesterName", "試験 太郎");
	hdf_set_value(h, "Case.Channel", "counter");
	set_day(h, "Case.ReceivedOn", "2026-06-01");
	set_day(h, "Case.DueOn", "2026-06-15");
	if (n->decision) {
		hdf_set_value(h, "Case.Decision", n->decision);
		set_day(h, "Case.DecidedOn", "2026-06-12");
	}
	if (n->reasons && ground) {
		hdf_set_value(h, "Reasons.0.Part", "氏名");
		hdf_set_value(h, "Reasons.0.Ground", ground);
		hdf_set_value(h, "Reasons.0.Explanation", "説明");
		hdf_set_value(h, "Reasons.Count", "1");
	}
	hdf_set_value(h, "Case.Methods.view", "1");
	hdf_set_value(h, "Notice.Kind", n->name);
	hdf_set_value(h, "Notice.Kyoji", n->decision && strcmp(n->name, "carried_out") &&
	              strcmp(n->name, "provided") ? "1" : "0");
	set_day(h, "Notice.Date", "2026-06-12");
	hdf_set_value(h, "Notice.Event.reason", "理由");
	if (strcmp(n->name, "disclosure") == 0)
		hdf_set_value(h, "Notice.Event.purpose", "試験事務の利用目的");
	hdf_set_value(h, "Notice.Event.what", "氏名の記載");
	set_day(h, "Notice.Event.from_on", "2026-06-02");
	set_day(h, "Notice.Event.answer_by", "2026-06-16");
	set_day(h, "Notice.Event.due_on", "2026-07-15");
	set_day(h, "Notice.Event.previous_due_on", "2026-06-15");
	set_day(h, "Notice.Event.part_by", "2026-07-31");
	set_day(h, "Notice.Event.rest_by", "2026-09-30");
	set_day(h, "Notice.Event.by", "2026-09-30");
	set_day(h, "Notice.Event.on", "2026-06-20");
	hdf_set_value(h, "Notice.ThirdParty.Name", "甲社");
	set_day(h, "Notice.ThirdParty.AnswerDueOn", "2026-06-10");
	set_day(h, "Case.EarliestDisclosure", "2026-06-27");
	hdf_set_value(h, "Notice.Event.from", ag->id);
	hdf_set_value(h, "Notice.Event.to", p->agencies[0].id);
	if (strcmp(n->name, "provided") == 0) { /* desk-notice.c provided_to_view */
		hdf_set_value(h, "Notice.Event.to", "試験県税務課");
		set_day(h, "Notice.Event.on", "2026-06-25");
		set_day(h, "Notice.CarriedOut.on", "2026-06-20");
	}
	return h;
}

static bool kind_has_notice(enum req_kind kind, const struct notice *n)
{
	enum flow_decision d;
	if (strcmp(n->name, "special") == 0)
		return flow_special_of(kind) != SPECIAL_NONE;
	if (strcmp(n->name, "tp_decided") == 0)
		return kind == KIND_DISCLOSURE;
	if (strcmp(n->name, "provided") == 0)
		return kind == KIND_CORRECTION;
	if (n->decision == NULL)
		return strcmp(n->name, "consult") != 0 || kind == KIND_DISCLOSURE;
	return flow_decision_parse(n->decision, &d) == 0 && flow_decision_fits(kind, d);
}

static int checked;

static void one(struct view *v, struct arena *a, const struct profile *p, const struct agency *ag,
                enum req_kind kind, const struct notice *n, const char *ground)
{
	const char *body = p->body_kind == BODY_PREFECTURE ? "都道府県" : "市区町村";
	const char *regime = ag->regime == REGIME_ORDINANCE ? "ordinance" : "law";
	const char *key[5] = { body, regime, profile_kind_name(kind), n->name, ground ? ground : "-" };
	const struct row *match[ROWS_MAX];
	size_t n_match = 0;
	char what[256];
	snprintf(what, sizeof what, "%s %s %s %s %s", p->id, ag->id, key[2], n->name, key[4]);
	for (size_t i = 0; i < n_rows; i++) {
		bool ok = true;
		for (int c = 0; c < 5 && ok; c++)
			ok = col_match(rows[i].col[c], key[c]);
		if (ok)
			match[n_match++] = &rows[i];
	}
	if (n_match == 0) {
		TAP_OK(false, "-bad- %s: no row in tests/notices.tsv", what);
		return;
	}
	bool exists = kind_has_notice(kind, n);
	/* "not printed" and "not offered" in the first row that says either */
	for (size_t m = 0; m < n_match; m++) {
		if (strcmp(match[m]->col[5], "not printed") == 0) {
			TAP_OK(!exists, "%s: the notice does not exist for the kind", what);
			return;
		}
		if (exists && strcmp(match[m]->col[5], "not offered") == 0) {
			TAP_OK(!flow_ground_applies(p, ground), "%s: the desk does not offer the ground", what);
			return;
		}
	}
	if (!exists)
		return;
	if (ground && n->reasons && !flow_ground_applies(p, ground))
		return; /* the desk never offers it: nothing to print */
	HDF *h = case_data(p, ag, kind, n, ground);
	struct buf out;
	buf_init(&out, a);
	char tmpl[64], miss[256] = "";
	snprintf(tmpl, sizeof tmpl, "notice-%s", strcmp(n->name, "carried_out") == 0 ? "carried-out"
	                                         : strcmp(n->name, "tp_decided") == 0 ? "tp-decided" : n->name);
	int rc = view_render_hdf(v, tmpl, "ja", h, &out);
	hdf_destroy(&h);
	if (rc != 0) {
		TAP_OK(false, "-bad- %s: renders", what);
		return;
	}
	const char *text = out.data ? out.data : "";
	const char *dump = getenv("NOTICE_DUMP"); /* "city agency kind notice ground" */
	if (dump && strcmp(dump, what) == 0)
		fputs(text, stderr);
	/* every matching row's must and mustnot hold */
	for (size_t m = 0; m < n_match; m++) {
		if (!all_parts(match[m]->col[5], text, true, miss, sizeof miss)) {
			TAP_OK(false, "%s: cites %s", what, miss);
			return;
		}
		if (!all_parts(match[m]->col[6], text, false, miss, sizeof miss)) {
			TAP_OK(false, "-bad- %s: must not cite %s", what, miss);
			return;
		}
	}
	checked++;
}

/* The text of <span class="NAME">…</span> in html, or "". */
static const char *span(struct arena *a, const char *html, const char *name)
{
	char open[64];
	snprintf(open, sizeof open, "<span class=\"%s\">", name);
	const char *b = strstr(html, open);
	if (b == NULL)
		return "";
	b += strlen(open);
	const char *e = strstr(b, "</span>");
	return e ? arena_strndup(a, b, (size_t)(e - b)) : "";
}

/* 教示 per agency (issue 14 item 6): a 審査請求 to the agency itself
 * (行政不服審査法4①1号) except a 消防長's, to the 市長 (4①4号, 上級行政
 * 庁); the action against the city (行政事件訴訟法11①) except a 財産区's,
 * against the 財産区; represented by the agency's head, the 市長 for a
 * 消防長. */
static void kyoji(struct view *v, struct arena *a, const struct profile *p)
{
	static const struct notice dismissal = { "dismissal", "dismissed", false };
	for (size_t i = 0; i < p->n_agencies; i++) {
		const struct agency *ag = &p->agencies[i];
		HDF *h = case_data(p, ag, KIND_DISCLOSURE, &dismissal, NULL);
		struct buf out;
		buf_init(&out, a);
		int rc = view_render_hdf(v, "notice-dismissal", "ja", h, &out);
		hdf_destroy(&h);
		if (rc != 0 || out.data == NULL) {
			TAP_OK(false, "-bad- %s %s: the dismissal notice renders", p->id, ag->id);
			continue;
		}
		const char *head = ag->head ? ag->head : p->head;
		bool fire = strcmp(ag->id, "fire") == 0;
		bool ward = strcmp(ag->id, "property_ward") == 0;
		TAP_STREQ(span(a, out.data, "appeal-to"), fire ? p->head : head,
		          "行政不服審査法4: %s %s appeals to", p->id, ag->id);
		if (ward)
			TAP_OK(strstr(span(a, out.data, "defendant"), "財産区") != NULL,
			       "行政事件訴訟法11①: %s %s: the 財産区 is the defendant", p->id, ag->id);
		else
			TAP_STREQ(span(a, out.data, "defendant"), p->name,
			          "行政事件訴訟法11①: %s %s: the city is the defendant", p->id, ag->id);
		TAP_STREQ(span(a, out.data, "representative"), fire ? p->head : head,
		          "%s %s: represented by", p->id, ag->id);
	}
}

static const char *const cities[] = { "akabira", "bibai", "minato", "toyota", "yamagata" };

int main(void)
{
	if (table_read("tests/notices.tsv") != 0) {
		printf("Bail out! tests/notices.tsv\n");
		return 1;
	}
	struct arena *a = arena_new();
	for (size_t c = 0; c < sizeof cities / sizeof cities[0]; c++) {
		struct fixture fx = { 0 };
		struct view *v = NULL;
		char err[1024];
		if (fixture_open(&fx, cities[c], 0) != 0) {
			TAP_OK(false, "%s: the profile loads", cities[c]);
			continue;
		}
		hdf_set_value(fx.cfg, "Kaiji.TemplateDir", "templates");
		if (view_open(&v, fx.cfg, err, sizeof err) != 0) {
			TAP_OK(false, "%s: the views open: %s", cities[c], err);
			fixture_close(&fx);
			continue;
		}
		int before = tap_count, checked_before = checked;
		const struct profile *p = &fx.prof;
		for (size_t i = 0; i < p->n_agencies; i++)
			for (int kind = 0; kind < KIND__MAX; kind++) {
				if (!p->kinds[kind].enabled)
					continue;
				for (size_t n = 0; n < sizeof notices / sizeof notices[0]; n++) {
					if (!notices[n].reasons) {
						one(v, a, p, &p->agencies[i], (enum req_kind)kind, &notices[n], NULL);
						continue;
					}
					for (int g = 0; flow_grounds[g].id; g++)
						one(v, a, p, &p->agencies[i], (enum req_kind)kind, &notices[n],
						    flow_grounds[g].id);
				}
			}
		kyoji(v, a, p);
		TAP_OK(checked > checked_before, "%s: %d notices rendered and checked against tests/notices.tsv (%d other checks)",
		       cities[c], checked - checked_before, tap_count - before);
		view_close(v);
		fixture_close(&fx);
	}
	arena_free(a);
	return TAP_DONE();
}

/* The profile's rules reach the pages (issue 15): each city's profile is
 * loaded as the programs load it and the real templates are rendered in
 * both languages. Run from the top of the tree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "tap.h"
#include "view.h"

static struct view *
open_city(const char *city, HDF **cfg)
{
	char path[256], err[1024];
	struct view *v = NULL;
	NEOERR *e;

	hdf_init(cfg);
	snprintf(path, sizeof(path), "conf/cities/%s.hdf", city);
	e = hdf_read_file(*cfg, path);
	if (e != STATUS_OK) {
		nerr_ignore(&e);
		printf("# %s: cannot read\n", path);
		return NULL;
	}
	hdf_set_value(*cfg, "Kaiji.TemplateDir", "templates");
	hdf_set_value(*cfg, "Kaiji.BasePath", "/kaiji");
	if (view_open(&v, *cfg, err, sizeof err) != 0) {
		printf("# %s\n", err);
		return NULL;
	}
	return v;
}

/* The page NAME of city in lang, with data set by the caller, as text in
 * a; NULL when it does not render. */
static const char *
render(struct view *v, struct arena *a, const char *name, const char *lang,
       HDF *data)
{
	struct buf out;

	buf_init(&out, a);
	if (view_render_hdf(v, name, lang, data, &out) != 0)
		return NULL;
	buf_putc(&out, '\0');
	return out.data;
}

/* The element with id="ID"'s text up to its closing tag, or NULL. */
static const char *
part(struct arena *a, const char *html, const char *id)
{
	char needle[64];
	const char *s, *e;

	if (html == NULL)
		return NULL;
	snprintf(needle, sizeof(needle), "id=\"%s\"", id);
	s = strstr(html, needle);
	if (s == NULL)
		return NULL;
	e = strstr(s, "</");
	return arena_printf(a, "%.*s", (int)(e ? e - s : 60), s);
}

static bool
has(const char *s, const char *want)
{
	return s != NULL && strstr(s, want) != NULL;
}

static void
test_bibai(struct arena *a)
{
	HDF *cfg = NULL, *data = NULL;
	struct view *v = open_city("bibai", &cfg);
	const char *ja, *en;

	if (v == NULL) {
		TAP_OK(0, "bibai: views open");
		hdf_destroy(&cfg);
		return;
	}
	hdf_init(&data);
	ja = render(v, a, "request-start", "ja", data);
	en = render(v, a, "request-start", "en", data);
	/* 規則7条 wherever mail is offered */
	TAP_OK(has(part(a, ja, "by-mail"), "病気、身体障害その他やむを得ない理由"),
	       "bibai: the request page gives mail with its condition (規則7条)");
	TAP_OK(has(part(a, en, "by-mail"), "illness, disability"),
	       "bibai: and in English");
	/* 規則6条: the counter comes first, online is off */
	TAP_OK(has(ja, "窓口"), "bibai: counter first (規則6条)");
	/* 規則16条, 13条 */
	TAP_OK(has(part(a, ja, "oral-request"), "口頭"),
	       "bibai: oral requests (規則16条)");
	TAP_OK(has(part(a, ja, "copies-per-item"), "1部"),
	       "bibai: one copy per item (規則13条)");
	hdf_destroy(&data);

	/* 規則11条・12条 where the disclosure is arranged */
	hdf_init(&data);
	hdf_set_value(data, "Case.Ref", "2026-000001");
	ja = render(v, a, "status-delivery", "ja", data);
	en = render(v, a, "status-delivery", "en", data);
	TAP_OK(has(part(a, ja, "disclosure-note"), "規則12条"),
	       "bibai: how records are viewed (規則11条・12条)");
	TAP_OK(has(part(a, en, "disclosure-note"), "rule 12"),
	       "bibai: and in English");
	TAP_OK(has(part(a, ja, "copies-per-item"), "1部"),
	       "bibai: one copy per item where copies are arranged");
	hdf_destroy(&data);

	/* 規則15条2項 with a fee due */
	hdf_init(&data);
	hdf_set_value(data, "Case.Ref", "2026-000001");
	hdf_set_value(data, "Fee.State", "due");
	hdf_set_value(data, "Fee.Amount", "120");
	ja = render(v, a, "status-view", "ja", data);
	TAP_OK(has(part(a, ja, "prepay"), "前納") &&
	       has(part(a, ja, "prepay"), "やむを得ない理由"),
	       "bibai: paid in advance unless the mayor allows (規則15条2項)");
	hdf_destroy(&data);
	view_close(v);
	hdf_destroy(&cfg);
}

static void
test_no_mail(struct arena *a, const char *city)
{
	HDF *cfg = NULL, *data = NULL;
	struct view *v = open_city(city, &cfg);
	const char *ja;

	if (v == NULL) {
		TAP_OK(0, "%s: views open", city);
		hdf_destroy(&cfg);
		return;
	}
	hdf_init(&data);
	ja = render(v, a, "request-start", "ja", data);
	TAP_OK(ja != NULL && part(a, ja, "by-mail") == NULL,
	       "-bad- %s: no mail on the request page (counter only)", city);
	TAP_OK(ja != NULL && part(a, ja, "oral-request") == NULL &&
	       part(a, ja, "copies-per-item") == NULL,
	       "-bad- %s: no 美唄 rules on its page", city);
	hdf_destroy(&data);
	hdf_init(&data);
	hdf_set_value(data, "Fee.State", "due");
	ja = render(v, a, "status-view", "ja", data);
	TAP_OK(ja != NULL && part(a, ja, "prepay") == NULL,
	       "-bad- %s: no prepayment exception", city);
	hdf_destroy(&data);
	view_close(v);
	hdf_destroy(&cfg);
}

static void
test_mail_without_condition(struct arena *a)
{
	HDF *cfg = NULL, *data = NULL;
	struct view *v = open_city("yamagata", &cfg);

	if (v == NULL) {
		TAP_OK(0, "yamagata: views open");
		hdf_destroy(&cfg);
		return;
	}
	hdf_init(&data);
	TAP_OK(has(part(a, render(v, a, "request-start", "ja", data), "by-mail"),
		   "郵送でも請求できます"),
	       "yamagata: mail offered without a condition");
	hdf_destroy(&data);
	view_close(v);
	hdf_destroy(&cfg);
}

/* 港区 is a 区: the pages say 区 and 区長, from the profile (City.Word,
 * City.HeadTitle); a 市 keeps 市. */
static void
test_words(struct arena *a)
{
	static const struct {
		const char *city, *word, *other;
	} cities[] = { { "minato", "区", "市" }, { "yamagata", "市", "区" } };

	for (size_t i = 0; i < sizeof(cities) / sizeof(cities[0]); i++) {
		HDF *cfg = NULL, *data = NULL;
		struct view *v = open_city(cities[i].city, &cfg);
		char want[64], wrong[64];
		if (v == NULL) {
			TAP_OK(0, "%s: views open", cities[i].city);
			hdf_destroy(&cfg);
			continue;
		}
		hdf_init(&data);
		const char *ja = render(v, a, "request-start", "ja", data);
		snprintf(want, sizeof want, "%sが持っているあなたの個人情報",
			 cities[i].word);
		snprintf(wrong, sizeof wrong, "%sが持っている", cities[i].other);
		TAP_OK(has(ja, want) && !has(ja, wrong),
		       "%s: the request page says %s", cities[i].city,
		       cities[i].word);
		snprintf(want, sizeof want, "%sの個人情報保護制度", cities[i].word);
		TAP_OK(has(ja, want), "%s: the footer says %s", cities[i].city,
		       want);
		snprintf(want, sizeof want, "この%sでは", cities[i].word);
		TAP_OK(has(ja, want),
		       "%s: counter only, in its word (%s)", cities[i].city, want);
		TAP_OK(!has(ja, "{市"), "%s: no placeholder left", cities[i].city);
		hdf_destroy(&data);
		view_close(v);
		hdf_destroy(&cfg);
	}
}

/* The register's page: 豊田 publishes files of 500 people or more (the
 * page's figure, not the law's 1,000); 山形's register is the 法75 file
 * book, with its own 届出簿 named beside it. */
static void
test_register(struct arena *a)
{
	static const struct {
		const char *city, *persons, *local;
	} cities[] = { { "toyota", "500", NULL },
		       { "yamagata", "1000", "個人情報取扱事務届出簿" },
		       { "akabira", NULL, NULL } };

	for (size_t i = 0; i < sizeof(cities) / sizeof(cities[0]); i++) {
		HDF *cfg = NULL, *data = NULL;
		struct view *v = open_city(cities[i].city, &cfg);
		if (v == NULL) {
			TAP_OK(0, "%s: views open", cities[i].city);
			hdf_destroy(&cfg);
			continue;
		}
		hdf_init(&data);
		hdf_set_value(data, "Register.Name",
			      hdf_get_value(cfg, "City.Register.Name", ""));
		const char *ja = render(v, a, "register-list", "ja", data);
		const char *t = part(a, ja, "register-threshold");
		if (cities[i].persons != NULL)
			TAP_OK(has(t, arena_printf(a, "%s人", cities[i].persons)),
			       "%s: files of %s people or more", cities[i].city,
			       cities[i].persons);
		else
			TAP_OK(ja != NULL && t == NULL,
			       "%s: no threshold for a 事務 register", cities[i].city);
		const char *l = part(a, ja, "register-local");
		TAP_OK(cities[i].local ? has(l, cities[i].local) : l == NULL,
		       "%s: the city's own register %s", cities[i].city,
		       cities[i].local ? "named" : "absent");
		hdf_destroy(&data);
		view_close(v);
		hdf_destroy(&cfg);
	}
	HDF *h = NULL;
	hdf_init(&h);
	NEOERR *e = hdf_read_file(h, "conf/cities/yamagata.hdf");
	nerr_ignore(&e);
	TAP_STREQ(hdf_get_value(h, "City.Register.Name", NULL), "個人情報ファイル簿",
		  "yamagata: the register is the 個人情報ファイル簿 (法75)");
	TAP_STREQ(hdf_get_value(h, "City.Register.Kind", NULL), "file_book",
		  "yamagata: a file book");
	hdf_destroy(&h);
}

int
main(void)
{
	struct arena *a = arena_new();

	test_bibai(a);
	test_no_mail(a, "akabira");
	test_no_mail(a, "minato");
	test_mail_without_condition(a);
	test_words(a);
	test_register(a);
	arena_free(a);
	return TAP_DONE();
}

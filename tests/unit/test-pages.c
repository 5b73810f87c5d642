/* kaijictl pages speaks of the city (issue 23 item 8): the static pages'
 * <!--city:NAME--> blocks filled from each seed profile, in both
 * languages, through tools/cmd-pages.c pages_fill and the real templates
 * and pages. Run from the top of the tree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd-pages.h"
#include "tap.h"
#include "view.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = f ? calloc(1, 1 << 20) : NULL;
	if (buf && fread(buf, 1, (1 << 20) - 1, f) == 0) {
		free(buf);
		buf = NULL;
	}
	if (f)
		fclose(f);
	return buf;
}

static struct view *open_city(const char *city, HDF **cfg)
{
	char path[256], err[1024];
	struct view *v = NULL;
	hdf_init(cfg);
	snprintf(path, sizeof path, "conf/cities/%s.hdf", city);
	NEOERR *e = hdf_read_file(*cfg, path);
	if (e != STATUS_OK) {
		nerr_ignore(&e);
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

/* The page as kaijictl pages writes it: blocks filled, then 市 words. */
static char *filled(struct view *v, HDF *cfg, const char *lang, const char *page)
{
	char err[512] = "";
	char *text = slurp(page);
	char *f = text ? pages_fill(v, lang, text, err, sizeof err) : NULL;
	char *out = f ? view_city_words(cfg, f) : NULL;
	if (f == NULL)
		printf("# %s: %s\n", page, err);
	free(text);
	free(f);
	return out;
}

static int has(const char *s, const char *needle)
{
	return s && strstr(s, needle) != NULL;
}

/* The register page says which files this city's register leaves out
 * (法74②九 and 法75②: under 1,000 people by the 政令; 豊田 lists from 500)
 * and names the city's own register of tasks when it keeps one. */
static void register_page(const char *city, struct view *v, HDF *cfg)
{
	char *ja = filled(v, cfg, "ja", "htdocs/register.html");
	char *en = filled(v, cfg, "en", "htdocs/en/register.html");
	const char *local = hdf_get_value(cfg, "City.Register.LocalName", NULL);
	const char *kind = hdf_get_value(cfg, "City.Register.Kind", "");
	int min = hdf_get_int_value(cfg, "City.Register.MinPersons", 1000);
	char want[128];
	if (strcmp(kind, "jimu_register") == 0)
		snprintf(want, sizeof want, "仕事（事務）ごとに書いたもの");
	else if (min == 1000)
		snprintf(want, sizeof want, "1,000人以上のファイルをのせています");
	else
		snprintf(want, sizeof want, "%d人以上のファイルをのせています", min);
	TAP_OK(has(ja, "id=\"city-few\"") && has(ja, want) && !has(ja, "のせているところもあり") &&
	       (min < 1000) == has(ja, "1,000人より少ない人数のファイルも"),
	       "%s: the register page says what it leaves out (%s)", city, want);
	TAP_OK(local ? has(ja, "id=\"city-local\"") && has(ja, local) && !has(en, "Some cities also keep")
	             : !has(ja, "個人情報取扱事務登録簿") && !has(ja, "id=\"city-local\""),
	       "%s: the register page names its own register of tasks only when it keeps one (%s)", city,
	       local ? local : "none");
	free(ja);
	free(en);
}

static void every_city(void)
{
	static const struct {
		const char *city, *name, *rules, *days, *board, *agents;
	} c[] = {
		{ "yamagata", "山形市", "山形市の決まり", "開示請求：請求を受け付けた日の翌日から数えて14日以内",
		  "山形市情報公開・個人情報保護審査会", "任意代理人（本人から頼まれた人）も請求できます" },
		{ "minato", "港区", "港区の決まり", "この区での請求の方法", "港区情報公開・個人情報保護審査会",
		  "任意代理人（本人から頼まれた人）による請求は受け付けていません" },
		{ "bibai", "美唄市", "美唄市の決まり", "郵送の条件：病気、身体障害その他", NULL,
		  "次の場合に受け付けます：特別の理由があると市長が認める場合" },
		{ "toyota", "豊田市", "豊田市の決まり", "電子納付", "豊田市情報公開・個人情報保護審査会",
		  "任意代理人（本人から頼まれた人）も請求できます" },
		{ "akabira", "赤平市", "赤平市の決まり", "窓口", "赤平市個人情報保護審査会", "任意代理人（本人から頼まれた人）も請求できます" },
	};
	static const char *const pages[] = { "index", "about", "how", "deadlines",
	                                     "fees", "appeal", "register" };
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		HDF *cfg = NULL;
		struct view *v = open_city(c[i].city, &cfg);
		if (v == NULL) {
			TAP_OK(0, "%s: views open", c[i].city);
			hdf_destroy(&cfg);
			continue;
		}
		char want[128], path[64];
		snprintf(want, sizeof want, "<span class=\"city\">%s</span>", c[i].name);
		int named = 1, marks = 0;
		for (size_t p = 0; p < sizeof pages / sizeof pages[0]; p++) {
			snprintf(path, sizeof path, "htdocs/%s.html", pages[p]);
			char *out = filled(v, cfg, "ja", path);
			named &= has(out, want);
			marks |= has(out, "<!--city:") || has(out, "{市");
			free(out);
		}
		TAP_OK(named, "%s: every page's header names %s", c[i].city, c[i].name);
		TAP_OK(!marks, "%s: no block mark or placeholder is left", c[i].city);
		char *index = filled(v, cfg, "ja", "htdocs/index.html");
		TAP_OK(has(index, c[i].rules) && has(index, c[i].days),
		       "%s: the top page states its own rules (%s)", c[i].city, c[i].days);
		TAP_OK(!has(index, "違うところがあります"), "%s: not the general box", c[i].city);
		free(index);
		char *fees = filled(v, cfg, "ja", "htdocs/fees.html");
		const char *yen = hdf_get_value(cfg, "City.Fee.Item.mono.Yen", NULL);
		if (hdf_get_int_value(cfg, "City.Fee.Item.mono.AtCost", 0) == 1)
			snprintf(want, sizeof want, "</th><td>実費</td></tr>");
		else
			snprintf(want, sizeof want, "1枚につき%s円", yen ? yen : "?");
		TAP_OK(has(fees, "id=\"city-fees\"") && has(fees, want) && !has(fees, "多くの"),
		       "%s: the fees page shows its own table (%s)", c[i].city, want);
		free(fees);
		char *appeal = filled(v, cfg, "ja", "htdocs/appeal.html");
		if (c[i].board)
			TAP_OK(has(appeal, c[i].board), "%s: the appeal page names %s", c[i].city, c[i].board);
		free(appeal);
		char *how = filled(v, cfg, "ja", "htdocs/how.html");
		TAP_OK(has(how, "id=\"city-agents\"") && has(how, c[i].agents) && !has(how, "によっては、任意代理人"),
		       "%s: the how-to page says which agents it accepts (法76②: %s)", c[i].city, c[i].agents);
		free(how);
		register_page(c[i].city, v, cfg);
		char *en = filled(v, cfg, "en", "htdocs/en/index.html");
		const char *name_en = hdf_get_value(cfg, "City.NameEn", "?");
		snprintf(want, sizeof want, "How requests work in %s", name_en);
		TAP_OK(has(en, want) && has(en, " days, counted from"),
		       "%s: the English top page too (%s)", c[i].city, want);
		free(en);
		view_close(v);
		hdf_destroy(&cfg);
	}
}

static void bad_blocks(void)
{
	HDF *cfg = NULL;
	struct view *v = open_city("yamagata", &cfg);
	char err[512];
	static const char *const bad[] = {
		"<p>a<!--city:rules-->never closed</p>",
		"<!--city:-->x<!--/city-->",
		"<!--city:Rules-->x<!--/city-->",
		"<!--city:../etc-->x<!--/city-->",
		"<!--city:nothing-here-->x<!--/city-->",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		char *out = v ? pages_fill(v, "ja", bad[i], err, sizeof err) : NULL;
		TAP_OK(out == NULL && err[0] != '\0', "-bad- %s is refused: %s", bad[i], err);
		free(out);
	}
	char *plain = v ? pages_fill(v, "ja", "<p>no blocks</p>", err, sizeof err) : NULL;
	TAP_STREQ(plain ? plain : "", "<p>no blocks</p>", "a page without blocks is kept as it is");
	free(plain);
	view_close(v);
	hdf_destroy(&cfg);
}

int main(void)
{
	every_city();
	bad_blocks();
	return TAP_DONE();
}

/* lib/register*.c: normalisation, marking, the checks, writing with
 * history, the search (short words, operators, filters, pages), the CSV
 * import (all or nothing, lines named) and the export rows. An in-memory
 * database per run, migrated like a real one. */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "arena.h"
#include "db-sqlite.h"
#include "reading.h"
#include "register-keys.h"
#include "register-io.h"
#include "register.h"
#include "tap.h"

static struct arena *A;
static struct db *DB;

static const char *const AG_IDS[] = { "mayor", "board_of_education" };
static const char *const AG_NAMES[] = { "市長", "教育委員会" };
static const struct reg_agencies AG = { AG_IDS, AG_NAMES, 2 };

/* utf8proc's own NFKC_Casefold and the kana fold, against which the fast
 * path is checked. */
static char *reference(const char *s)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
	                                  UTF8PROC_NULLTERM | UTF8PROC_STABLE |
	                                      UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
	                                      UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
	if (n < 0)
		return NULL;
	char *r = arena_strdup(A, (char *)out);
	free(out);
	reg_fold_kana(r, strlen(r));
	return r;
}

static void test_normalize(void)
{
	TAP_STREQ(reg_normalize(A, "ＡＢＣ abc ABC"), "abc abc abc", "full-width and case fold");
	TAP_STREQ(reg_normalize(A, "ﾊﾟｽﾎﾟｰﾄ"), "ぱすぽーと", "half-width kana with marks compose, folded to hiragana");
	TAP_STREQ(reg_normalize(A, "か\xef\xbe\x9e"), "が", "a stable kana before a half-width mark composes");
	TAP_STREQ(reg_normalize(A, "１２３　（税）"), "123 (税)", "digits, ideographic space, parentheses");
	TAP_OK(reg_normalize(A, "\xff\xfe") == NULL, "-bad- invalid UTF-8 gives NULL");
	static const char *const samples[] = {
		"住民基本台帳ファイル（令和5年度）", "ｶﾞｷﾞｸﾞｹﾞｺﾞ ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ", "Ǆemo ﬁle ㈱ ㍻ ①",
		"e\xcc\x81t\xc3\xa9 Ａ\xcc\x81", "「記録」『項目』、。・ー", "ヴ ｳﾞ う\xe3\x82\x99",
		"tab\there\nline", "", "ABCＤＥＦghi", "\xe2\x80\x8bzero\xc2\xadwidth",
	};
	int same = 0;
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		const char *got = reg_normalize(A, samples[i]), *want = reference(samples[i]);
		if (got && want && strcmp(got, want) == 0)
			same++;
		else
			printf("#   differs: '%s' -> '%s', utf8proc '%s'\n", samples[i],
			       got ? got : "(null)", want ? want : "(null)");
	}
	TAP_INTEQ(same, sizeof samples / sizeof samples[0], "the fast path equals utf8proc's NFKC_Casefold");
}

/* Issue 23 item 20: the reading fold. */
static void test_fold(void)
{
	TAP_STREQ(reg_normalize(A, "ｶｲｺﾞ"), "かいご", "half-width katakana folds to hiragana");
	TAP_STREQ(reg_normalize(A, "カイゴ"), "かいご", "katakana folds to hiragana");
	TAP_STREQ(reg_normalize(A, "かいご"), "かいご", "hiragana stays");
	TAP_STREQ(reg_normalize(A, "ゴミ"), "ごみ", "a kana mix folds: ゴミ is ごみ");
	TAP_STREQ(reg_normalize(A, "介護ホケン"), "介護ほけん", "kanji stay, the kana beside them fold");
	TAP_STREQ(reg_normalize(A, "ァヴヵヶ"), "ぁゔゕゖ", "the ends of the range fold");
	TAP_STREQ(reg_normalize(A, "ヷヺー・"), "ヷヺー・", "ヷ–ヺ, ー and ・ have no hiragana and stay");
	TAP_STREQ(reg_normalize(A, "ｺﾞﾐ ＧＯＭＩ"), "ごみ gomi", "half-width marks compose before the fold; full-width ASCII and case fold");
	TAP_STREQ(reg_normalize(A, "ヿゟ"), "ことより", "the digraphs ヿ and ゟ come apart (NFKC) and fold");
	char raw[] = "\xe3\x82\xa1\xe3\x83\xb6\xe3\x83\xb7\xe3\x83";
	reg_fold_kana(raw, sizeof raw - 1);
	TAP_STREQ(raw, "\xe3\x81\x81\xe3\x82\x96\xe3\x83\xb7\xe3\x83", "in place; a cut sequence at the end is left alone");
	struct reg_segment *seg;
	const char *t[] = { "かいご" };
	size_t n = reg_highlight(A, "ｶｲｺﾞ保険とカイゴ", t, 1, &seg);
	TAP_OK(n == 3 && seg[0].hit && strcmp(seg[0].text, "ｶｲｺﾞ") == 0 && !seg[1].hit &&
	           seg[2].hit && strcmp(seg[2].text, "カイゴ") == 0,
	       "the hiragana word marks the half-width and full-width katakana");
}

static void joined(struct reg_segment *seg, size_t n, char *out, size_t len)
{
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		size_t used = strlen(out);
		snprintf(out + used, len - used, seg[i].hit ? "[%s]" : "%s", seg[i].text);
	}
}

static void test_highlight(void)
{
	char out[512];
	struct reg_segment *seg;
	const char *t1[] = { "ぱすぽーと" };
	size_t n = reg_highlight(A, "旅券（ﾊﾟｽﾎﾟｰﾄ）交付", t1, 1, &seg);
	joined(seg, n, out, sizeof out);
	TAP_STREQ(out, "旅券（[ﾊﾟｽﾎﾟｰﾄ]）交付", "half-width text is marked for a full-width word");
	const char *t2[] = { "abc", "台帳" };
	n = reg_highlight(A, "ＡＢＣ台帳とabc", t2, 2, &seg);
	joined(seg, n, out, sizeof out);
	TAP_STREQ(out, "[ＡＢＣ台帳]と[abc]", "several words, adjacent hits merge");
	const char *t3[] = { "税" };
	n = reg_highlight(A, "市民税課税台帳", t3, 1, &seg);
	joined(seg, n, out, sizeof out);
	TAP_STREQ(out, "市民[税]課[税]台帳", "every occurrence");
	n = reg_highlight(A, "なにもない", t3, 1, &seg);
	TAP_OK(n == 1 && !seg[0].hit, "no hit: one plain segment");
	bool before, after;
	const char *x = reg_excerpt(A, "あいうえおかきくけこさしすせそ税たちつてと", t3, 1, 6,
	                            &before, &after);
	TAP_STREQ(x, "せそ税たちつ", "an excerpt around the hit, a third of it before");
	TAP_OK(before && after, "cut on both sides");
}

static void entry(const char *v[REG__NFIELDS], const char *name, const char *agency,
                  const char *dep, const char *purpose)
{
	for (int i = 0; i < REG__NFIELDS; i++)
		v[i] = "";
	v[REG_NAME] = name;
	v[REG_AGENCY] = agency;
	v[REG_DEPARTMENT] = dep;
	v[REG_PURPOSE] = purpose;
}

static int bad_count;
static const char *bad_key;
static int bad_field;
static void on_bad(void *ctx, int field, const char *key)
{
	(void)ctx;
	bad_count++;
	bad_field = field;
	bad_key = key;
}

static void test_check(void)
{
	const char *v[REG__NFIELDS];
	entry(v, "　名前　", "教育委員会", "課", "目的");
	v[REG_SENSITIVE] = "有";
	v[REG_FILE_TYPE] = "マニュアル処理ファイル";
	bad_count = 0;
	TAP_INTEQ(reg_check(A, &AG, v, on_bad, NULL), 0, "a good entry");
	TAP_STREQ(v[REG_NAME], "名前", "trimmed, U+3000 too");
	TAP_STREQ(v[REG_AGENCY], "board_of_education", "an agency's name becomes its id");
	TAP_STREQ(v[REG_SENSITIVE], "1", "有 is 1");
	TAP_STREQ(v[REG_FILE_TYPE], "manual", "file type by its Japanese name");
	entry(v, "", "mayor", "", "");
	TAP_INTEQ(reg_check(A, &AG, v, on_bad, NULL), 1, "-bad- an empty name");
	TAP_OK(bad_field == REG_NAME && strcmp(bad_key, "Required") == 0, "named Required");
	entry(v, "x", "mayor", "", "");
	v[REG_START_DATE] = "2024-02-30";
	TAP_INTEQ(reg_check(A, &AG, v, on_bad, NULL), 1, "-bad- a date that does not exist");
	TAP_STREQ(bad_key, "Date", "named Date");
	entry(v, "x", "nosuch", "", "");
	v[REG_SENSITIVE] = "maybe";
	TAP_INTEQ(reg_check(A, &AG, v, on_bad, NULL), 2, "-bad- an unknown agency and a bad bool");
	char *longname = arena_alloc(A, 3 * 201 + 1);
	for (int i = 0; i < 201; i++)
		memcpy(longname + 3 * i, "名", 3);
	longname[3 * 201] = '\0';
	entry(v, longname, "mayor", "", "");
	reg_check(A, &AG, v, on_bad, NULL);
	TAP_STREQ(bad_key, "TooLong", "-bad- 201 characters in a 200-character field");
	entry(v, "a\x01" "b", "mayor", "", "");
	reg_check(A, &AG, v, on_bad, NULL);
	TAP_STREQ(bad_key, "Invalid", "-bad- a control character");
}

static const char *names_of(const struct reg_page *p)
{
	struct buf b;
	buf_init(&b, A);
	for (size_t i = 0; i < p->n; i++) {
		if (i)
			buf_putc(&b, '|');
		buf_puts(&b, p->entries[i].v[REG_NAME]);
	}
	return b.data;
}

static long long add(const char *name, const char *agency, const char *dep,
                     const char *purpose, const char *on)
{
	const char *v[REG__NFIELDS];
	entry(v, name, agency, dep, purpose);
	long long id = 0;
	if (reg_add(DB, A, v, on, &id) != 0)
		return 0;
	return id;
}

static void test_write_and_search(void)
{
	long long a = add("住民基本台帳ファイル", "mayor", "市民課", "住民の記録", "2020-01-01");
	long long b = add("市民税課税台帳ファイル", "mayor", "市民税課", "\"特別\" AND 徴収 NEAR(x)", "2021-01-01");
	long long c = add("図書館利用者ファイル", "board_of_education", "中央図書館", "貸出しの管理", "2022-01-01");
	TAP_OK(a && b && c, "three entries added");
	struct reg_filter f = { NULL, NULL, false, REG_SORT_NAME };
	struct reg_page p;
	TAP_INTEQ(reg_find(DB, A, "税", &f, 1, &p), 0, "one character");
	TAP_STREQ(names_of(&p), "市民税課税台帳ファイル", "…finds the entry with it");
	reg_find(DB, A, "住民", &f, 1, &p);
	TAP_STREQ(names_of(&p), "住民基本台帳ファイル", "two characters");
	reg_find(DB, A, "ﾌｧｲﾙ", &f, 1, &p);
	TAP_INTEQ(p.total, 3, "half-width katakana finds full-width");
	reg_find(DB, A, "\"特別\" AND", &f, 1, &p);
	TAP_STREQ(names_of(&p), "市民税課税台帳ファイル", "quotes and AND are plain text");
	TAP_INTEQ(reg_find(DB, A, "NEAR( \" * ^ OR", &f, 1, &p), 0, "-bad- operators alone: no error");
	reg_find(DB, A, "台帳 市民", &f, 1, &p);
	TAP_INTEQ(p.total, 2, "all words must appear");
	reg_find(DB, A, "教育委員会", &f, 1, &p);
	TAP_STREQ(names_of(&p), "図書館利用者ファイル", "the agency's name is searched too");
	reg_find(DB, A, "", &f, 1, &p);
	TAP_OK(p.total == 0 && p.nterms == 0, "an empty query finds nothing and has no words");
	reg_find(DB, A, "無い言葉", &f, 1, &p);
	TAP_INTEQ(p.total, 0, "a missing word");
	f.agency = "board_of_education";
	reg_find(DB, A, "ファイル", &f, 1, &p);
	TAP_STREQ(names_of(&p), "図書館利用者ファイル", "search with an agency filter");
	f.agency = NULL;
	f.sort = REG_SORT_UPDATED;
	reg_list(DB, A, &f, 1, &p);
	TAP_STREQ(names_of(&p), "図書館利用者ファイル|市民税課税台帳ファイル|住民基本台帳ファイル",
	          "list by last change");
	f.sort = REG_SORT_NAME;

	const char *v[REG__NFIELDS];
	entry(v, "住民基本台帳ファイル", "mayor", "市民課", "住民の居住関係の公証");
	TAP_INTEQ(reg_change(DB, A, a, v, "2023-04-01", "目的の見直し"), 0, "a change");
	TAP_INTEQ(reg_change(DB, A, a, v, "2023-04-02", ""), 1, "the same values: nothing to change");
	reg_find(DB, A, "公証", &f, 1, &p);
	TAP_INTEQ(p.total, 1, "the index follows the change");
	reg_find(DB, A, "住民の記録", &f, 1, &p);
	TAP_INTEQ(p.total, 0, "the old text is out of the index");
	TAP_INTEQ(reg_abolish_now(DB, c, "2024-03-31", ""), 0, "abolish");
	TAP_INTEQ(reg_abolish_now(DB, c, "2024-03-31", ""), 1, "-bad- abolish twice");
	TAP_INTEQ(reg_abolish_now(DB, 999, "2024-03-31", ""), 2, "-bad- abolish a missing entry");
	reg_list(DB, A, &f, 1, &p);
	TAP_INTEQ(p.total, 2, "abolished entries are not listed");
	f.abolished = true;
	reg_list(DB, A, &f, 1, &p);
	TAP_INTEQ(p.total, 3, "…unless asked for");
	f.abolished = false;
	struct reg_history *h;
	long nh = reg_history(DB, A, a, &h);
	TAP_OK(nh == 2 && strcmp(h[0].change, "notified") == 0 &&
	           strcmp(h[1].change, "changed") == 0 && strcmp(h[1].on_date, "2023-04-01") == 0 &&
	           strcmp(h[1].note, "目的の見直し") == 0,
	       "history: notified, then changed with its date and note");
	struct reg_entry e;
	TAP_INTEQ(reg_get(DB, A, c, &e), 0, "get an abolished entry");
	TAP_STREQ(e.abolished_on, "2024-03-31", "…with its date");
	TAP_INTEQ(reg_get(DB, A, 12345, &e), 1, "-bad- get a missing entry");
	const char **deps;
	long nd = reg_departments(DB, A, "mayor", &deps);
	TAP_OK(nd == 2 && strcmp(deps[0], "市民税課") == 0 && strcmp(deps[1], "市民課") == 0,
	       "departments of an agency in force, bytewise order");
}

/* The history by date, rows of one date in the order written, whatever
 * the order of their ids (reg_history sorts the index's order); the
 * entry's page reads every field but the date of the 届出. */
static void test_history_order(void)
{
	long long id = add("順序試験ファイル", "mayor", "順序課", "目的一", "2020-05-01");
	const char *v[REG__NFIELDS];
	entry(v, "順序試験ファイル", "mayor", "順序課", "目的二");
	reg_change(DB, A, id, v, "2021-01-01", "二");
	entry(v, "順序試験ファイル", "mayor", "順序課", "目的三");
	reg_change(DB, A, id, v, "2019-12-31", "遡る");
	entry(v, "順序試験ファイル", "mayor", "順序課", "目的四");
	reg_change(DB, A, id, v, "2021-01-01", "同じ日");
	struct reg_history *h;
	long n = reg_history(DB, A, id, &h);
	char got[256] = "";
	for (long i = 0; i < n; i++)
		snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s %s", i ? "|" : "",
		         h[i].on_date, h[i].note[0] ? h[i].note : h[i].change);
	TAP_STREQ(got, "2019-12-31 遡る|2020-05-01 notified|2021-01-01 二|2021-01-01 同じ日",
	          "history by date, one date's rows in the order written");
	struct reg_entry all, shown;
	TAP_OK(reg_get(DB, A, id, &all) == 0 && reg_get_shown(DB, A, id, &shown) == 0,
	       "the entry read both ways");
	bool same = all.id == shown.id && strcmp(all.updated_on, shown.updated_on) == 0 &&
	            strcmp(all.abolished_on, shown.abolished_on) == 0;
	for (int i = 0; i < REG__NFIELDS; i++)
		same = same && strcmp(all.v[i], shown.v[i]) == 0;
	TAP_OK(same && strcmp(all.v[REG_PURPOSE], "目的四") == 0,
	       "reg_get_shown: every field and date as reg_get's");
	TAP_OK(strcmp(all.notified_on, "2020-05-01") == 0 && strcmp(shown.notified_on, "") == 0 &&
	           strcmp(all.agency_name, "市長") == 0 && strcmp(shown.agency_name, "") == 0,
	       "but the date of the 届出 and the agency's name, which only reg_get reads");
	TAP_STREQ(reg_agency_name(DB, A, shown.v[REG_AGENCY]), "市長",
	          "reg_agency_name: the agency table's name, reg_get's agency_name");
	const char *none = reg_agency_name(DB, A, "nosuch");
	TAP_OK(none && *none == '\0', "-bad- reg_agency_name: an unknown agency is \"\", not an error");
	TAP_INTEQ(reg_get_shown(DB, A, 987654, &shown), 1, "-bad- reg_get_shown: a missing entry");
}

static void test_pages(void)
{
	for (int i = 0; i < 45; i++) {
		char name[64];
		snprintf(name, sizeof name, "頁試験ファイル%02d", i);
		add(name, "mayor", "頁課", "ページ分けの確認", "2025-01-01");
	}
	struct reg_filter f = { "mayor", "頁課", false, REG_SORT_NAME };
	struct reg_page p;
	reg_list(DB, A, &f, 3, &p);
	TAP_OK(p.total == 45 && p.n == 5 && strcmp(p.entries[0].v[REG_NAME], "頁試験ファイル40") == 0,
	       "page 3 of a filtered list");
	reg_find(DB, A, "ページ", &f, 2, &p);
	TAP_OK(p.total == 45 && p.n == 20 && strcmp(p.entries[0].v[REG_NAME], "頁試験ファイル20") == 0,
	       "page 2 of a search, in name order");
	reg_list(DB, A, &f, 9, &p);
	TAP_OK(p.total == 45 && p.n == 0, "a page past the end is empty");
	f.department = "無い課";
	reg_list(DB, A, &f, 1, &p);
	TAP_INTEQ(p.total, 0, "-bad- an unknown department");
}

static const char *csv_import(const char *text, struct reg_import *rep)
{
	if (reg_import_parse(A, &AG, text, strlen(text), rep) != 0)
		return "parse";
	if (reg_import_apply(DB, &AG, "2025-06-01", rep) != 0)
		return "apply";
	return "ok";
}

static void test_import(void)
{
	struct reg_import rep;
	const char *good = "\xef\xbb\xbfname,agency,purpose,sensitive,notified_on\r\n"
	                   "取込一,mayor,\"複数行の\n目的\",有,2019-04-01\r\n"
	                   "取込二,教育委員会,目的,0,\r\n";
	TAP_STREQ(csv_import(good, &rep), "ok", "a good file imports");
	TAP_OK(rep.added == 2 && rep.rows == 2, "two added");
	const char *bad = "name,purpose,agency,start_date\r\n"
	                  "取込三,目的,mayor,\r\n"
	                  "取込四,\"複数行の\n目的\",nosuch,\r\n"
	                  "取込五,目的,mayor,2024-13-01\r\n";
	TAP_STREQ(csv_import(bad, &rep), "parse", "-bad- a file with bad rows is refused");
	struct reg_import_error *e1 = rep.errors, *e2 = e1 ? e1->next : NULL;
	TAP_OK(e1 && e1->line == 3 && strcmp(e1->column, "agency") == 0, "the multi-line row starts at line 3");
	TAP_OK(e2 && e2->line == 5 && strcmp(e2->column, "start_date") == 0, "the date's line is 5, after it");
	struct reg_filter f = { NULL, NULL, true, REG_SORT_NAME };
	struct reg_page p;
	reg_find(DB, A, "取込三", &f, 1, &p);
	TAP_INTEQ(p.total, 0, "not even the good row was written");
	TAP_STREQ(csv_import("name,agency\r\nx,\"mayor\r\n", &rep), "parse", "-bad- an open quote");
	TAP_STREQ(rep.errors ? rep.errors->key : "", "Syntax", "…is a syntax error");
	TAP_STREQ(csv_import("name,agency\r\n\"a\",\"b\",\"c\"\r\n", &rep), "parse", "-bad- too many cells");
	TAP_STREQ(rep.errors ? rep.errors->key : "", "Columns", "…named Columns");
	TAP_STREQ(csv_import("", &rep), "parse", "-bad- an empty file");
	/* Shift_JIS (CP932): ｱ is 0xB1, 名 is 0x96BC. */
	TAP_STREQ(csv_import("name,agency\r\n\xb1\x96\xbc,mayor\r\n", &rep), "ok", "Shift_JIS is converted");
	TAP_OK(rep.converted, "…and says so");
	reg_find(DB, A, "ｱ名", &f, 1, &p);
	TAP_INTEQ(p.total, 1, "…and is found");
}

static int count_row(void *ctx, const struct reg_entry *e)
{
	struct buf *b = ctx;
	reg_csv_row(b, e);
	return 0;
}

static void test_export_round_trip(void)
{
	/* Issue 16 item 8: cells a spreadsheet would run as formulas. */
	TAP_OK(add("=HYPERLINK(\"http://evil.example\",\"x\")", "mayor", "-1+1", "@SUM(A1)", "2025-01-01") > 0 &&
	       add("'=quoted", "mayor", "+81", "x", "2025-01-01") > 0, "entries that look like formulas");
	struct buf b;
	buf_init(&b, A);
	reg_csv_header(&b);
	struct reg_filter f = { NULL, NULL, true, REG_SORT_NAME };
	TAP_INTEQ(reg_each(DB, A, NULL, &f, count_row, &b), 0, "export every entry");
	TAP_OK(memcmp(b.data, "\xef\xbb\xbf\"id\",\"name\"", 12) == 0, "BOM and header");
	TAP_OK(strstr(b.data, "\"'=HYPERLINK(") && strstr(b.data, "\"'-1+1\"") &&
	       strstr(b.data, "\"'@SUM(A1)\"") && strstr(b.data, "\"''=quoted\"") &&
	       strstr(b.data, "\"'+81\""),
	       "-bad- a cell starting with = + - @ (or ' and one) gets a ' first");
	TAP_OK(strstr(b.data, ",\"=") == NULL && strstr(b.data, ",\"-") == NULL &&
	       strstr(b.data, ",\"@") == NULL && strstr(b.data, ",\"+") == NULL,
	       "-bad- no cell starts with a formula character");
	struct reg_import rep;
	TAP_STREQ(csv_import(b.data, &rep), "ok", "the export imports into the same database");
	TAP_OK(rep.added == 0 && rep.changed == 0 && rep.unchanged == rep.rows, "…changing nothing");
	struct buf j;
	buf_init(&j, A);
	struct reg_entry e;
	reg_get(DB, A, 1, &e);
	reg_json_entry(&j, &e);
	TAP_OK(strstr(j.data, "\"sensitive\":false") && strstr(j.data, "\"abolished_on\":null"),
	       "JSON: booleans and nulls");
}

static void test_columns(void)
{
	/* ENTRY_COLS in lib/register.c must follow enum reg_field_id. */
	sqlite3_stmt *st;
	int ok = sqlite3_prepare_v2(db_handle(DB), "SELECT * FROM register_entry LIMIT 0", -1,
	                            &st, NULL) == SQLITE_OK;
	int found = 0;
	for (int i = 0; ok && i < REG__NFIELDS; i++)
		for (int c = 0; c < sqlite3_column_count(st); c++)
			found += strcmp(sqlite3_column_name(st, c), reg_fields[i].column) == 0;
	sqlite3_finalize(st);
	TAP_INTEQ(found, REG__NFIELDS, "every field has its column");
	struct reg_entry e;
	const char *v[REG__NFIELDS];
	for (int i = 0; i < REG__NFIELDS; i++)
		v[i] = reg_fields[i].type == REG_T_TEXT || reg_fields[i].type == REG_T_LINE
		           ? reg_fields[i].id : "";
	v[REG_AGENCY] = "mayor";
	long long id = 0;
	reg_add(DB, A, v, "2025-01-01", &id);
	reg_get(DB, A, id, &e);
	int same = 0;
	for (int i = 0; i < REG__NFIELDS; i++)
		same += reg_fields[i].type != REG_T_TEXT && reg_fields[i].type != REG_T_LINE
		            ? 1 : strcmp(e.v[i], reg_fields[i].id) == 0;
	TAP_INTEQ(same, REG__NFIELDS, "each field reads back in its place");
}

/* Issue 23 item 20: readings by MeCab, searched through the fold. */
static long find_total(const char *q)
{
	struct reg_filter f = { NULL, NULL, false, REG_SORT_NAME };
	struct reg_page p;
	if (reg_find(DB, A, q, &f, 1, &p) != 0)
		return -1;
	return p.total;
}

static void test_readings(void)
{
	TAP_OK(reading_available(), "MeCab and its dictionary are installed (tools/packages)");
	TAP_STREQ(reading_of(A, "介護保険被保険者台帳", 400), "カイゴホケンヒホケンシャダイチョウ",
	          "a name read in katakana");
	TAP_STREQ(reading_of(A, "zqxv台帳", 400), "zqxvダイチョウ", "unknown words stay as written");
	TAP_STREQ(reading_of(A, "介護保険", 3), "カイゴ", "cut at max characters");
	TAP_STREQ(reading_of(A, "", 400), "", "nothing to read");
	long long id = add("介護認定台帳", "mayor", "介護保険課", "", "2025-02-01");
	struct reg_entry e;
	TAP_OK(id > 0 && reg_get(DB, A, id, &e) == 0 &&
	           strcmp(e.v[REG_READING], "カイゴニンテイダイチョウ") == 0,
	       "a new entry gets its name's reading");
	TAP_INTEQ(find_total("ｶｲｺﾞﾆﾝﾃｲ"), 1, "found by its reading in half-width katakana");
	TAP_INTEQ(find_total("カイゴニンテイ"), 1, "in katakana");
	TAP_INTEQ(find_total("かいごにんてい"), 1, "in hiragana");
	TAP_INTEQ(find_total("ニンテイ 台帳"), 1, "a reading and a word of the text together");
	long long g = add("ごみ収集台帳", "mayor", "", "", "2025-02-01");
	TAP_INTEQ(find_total("ゴミ"), 1, "ゴミ finds ごみ");
	TAP_INTEQ(find_total("ｺﾞﾐ"), 1, "ｺﾞﾐ finds ごみ");
	const char *v[REG__NFIELDS];
	entry(v, "介護認定台帳", "mayor", "介護保険課", "");
	v[REG_READING] = "カイゴ ニンテイ";
	TAP_INTEQ(reg_change(DB, A, id, v, "2025-02-02", ""), 0, "staff change the reading");
	reg_get(DB, A, id, &e);
	TAP_STREQ(e.v[REG_READING], "カイゴ ニンテイ", "the reading staff gave is kept");
	v[REG_READING] = "";
	TAP_INTEQ(reg_change(DB, A, id, v, "2025-02-03", ""), 1,
	          "an empty reading with the same name keeps the stored one: nothing changed");
	entry(v, "要介護認定台帳", "mayor", "介護保険課", "");
	v[REG_READING] = "カイゴ ニンテイ";
	TAP_INTEQ(reg_change(DB, A, id, v, "2025-02-04", ""), 0, "a new name with the reading untouched");
	reg_get(DB, A, id, &e);
	TAP_STREQ(e.v[REG_READING], "ヨウカイゴニンテイダイチョウ", "the new name is read again");
	reading_pretend_missing(true);
	long long m = add("介護予防台帳", "mayor", "", "", "2025-02-05");
	TAP_OK(m > 0 && reg_get(DB, A, m, &e) == 0 && strcmp(e.v[REG_READING], "") == 0,
	       "without MeCab the entry is saved, its reading empty");
	TAP_INTEQ(find_total("よぼう"), 0, "not found by a reading it does not have");
	reading_pretend_missing(false);
	TAP_INTEQ(reg_reindex(DB, true) > 0, 1, "reindex");
	reg_get(DB, A, m, &e);
	TAP_STREQ(e.v[REG_READING], "カイゴヨボウダイチョウ", "reindex gives a reading to an entry without one");
	TAP_INTEQ(find_total("よぼう"), 1, "and the index has it");
	TAP_OK(g > 0, "ごみ added");
}

/* Issue 20: the index in memory answers every word as the trigram index
 * did (same totals, same pages, same order) for every query
 * of a list made from the entries' own text: each character and pair of
 * characters of the names, with their kana in katakana, half-width and
 * hiragana, and with longer words beside them. */
static const char *page_ids(const struct reg_page *p)
{
	struct buf b;
	buf_init(&b, A);
	for (size_t i = 0; i < p->n; i++)
		buf_printf(&b, "%lld,", p->entries[i].id);
	return b.data;
}

static int compare_modes(const char *q, const struct reg_filter *f, long page)
{
	struct reg_page on, off;
	reg_index_enable(false);
	int r1 = reg_find(DB, A, q, f, page, &off);
	reg_index_enable(true);
	int r2 = reg_find(DB, A, q, f, page, &on);
	if (r1 != 0 || r2 != 0 || off.too_common)
		return off.too_common ? 0 : -1; /* the old search gave up: not comparable */
	if (on.total != off.total || strcmp(page_ids(&on), page_ids(&off)) != 0) {
		printf("#   differs for '%s': %ld [%s] vs %ld [%s]\n", q, on.total,
		       page_ids(&on), off.total, page_ids(&off));
		return -1;
	}
	return 1;
}

static void test_index(void)
{
	static const char *const extra[] = {
		"税", "台帳", "ﾌｧｲﾙ", "ファイル", "ふぁいる", "ｶｲｺﾞ", "カイゴ", "かいご", "ゴミ", "ごみ",
		"ABC", "ａｂ", "ab", "Ａ", "介護 台帳", "介 帳", "ごみ 収集", "ｺﾞﾐ ﾀﾞｲﾁｮｳ", "存在", "ぬ",
		"\"", "*", "a\"b", "住民 ファイル", "市長", "教育", "名", "課", "の", "ー",
	};
	const char **qs = arena_calloc(A, 1000, sizeof *qs);
	size_t nq = 0;
	for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
		qs[nq++] = extra[i];
	/* Every character and pair of the names (and their folded forms). */
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_handle(DB), "SELECT name || reading FROM register_entry", -1, &st, NULL);
	while (sqlite3_step(st) == SQLITE_ROW && nq < 900) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		size_t len = strlen(name);
		for (size_t i = 0; i < len && nq < 900;) {
			utf8proc_int32_t c;
			utf8proc_ssize_t k1 = utf8proc_iterate((const utf8proc_uint8_t *)name + i, (utf8proc_ssize_t)(len - i), &c);
			if (k1 <= 0)
				break;
			qs[nq++] = arena_strndup(A, name + i, (size_t)k1);
			utf8proc_int32_t c2;
			utf8proc_ssize_t k2 = i + (size_t)k1 < len
			                          ? utf8proc_iterate((const utf8proc_uint8_t *)name + i + k1, (utf8proc_ssize_t)(len - i - (size_t)k1), &c2)
			                          : 0;
			if (k2 > 0) {
				qs[nq++] = arena_strndup(A, name + i, (size_t)(k1 + k2));
				qs[nq++] = arena_printf(A, "%.*s 台帳", (int)(k1 + k2), name + i);
			}
			i += (size_t)k1;
		}
	}
	sqlite3_finalize(st);
	const struct reg_filter filters[] = {
		{ NULL, NULL, false, REG_SORT_NAME },
		{ NULL, NULL, true, REG_SORT_UPDATED },
		{ "mayor", NULL, false, REG_SORT_NAME },
		{ "board_of_education", NULL, true, REG_SORT_NAME },
	};
	int same = 0, bad = 0, skipped = 0;
	for (size_t i = 0; i < nq; i++) {
		int rc = compare_modes(qs[i], &filters[i % 4], 1 + (long)(i % 2));
		same += rc == 1;
		bad += rc < 0;
		skipped += rc == 0;
	}
	printf("# %zu queries: %d the same, %d the old search gave up on\n", nq, same, skipped);
	TAP_OK(nq >= 200, "at least 200 queries");
	TAP_INTEQ(bad, 0, "the index gives the trigram index's totals and pages for every query");
	struct reg_filter f = { NULL, NULL, false, REG_SORT_NAME };
	struct reg_page p;
	reg_find(DB, A, "ｶｲｺﾞ", &f, 1, &p);
	long before = p.total;
	TAP_OK(before > 0, "ｶｲｺﾞ is found");
	long long id = add("かいご新規台帳", "mayor", "", "", "2025-03-01");
	reg_find(DB, A, "ｶｲｺﾞ", &f, 1, &p);
	TAP_INTEQ(p.total, before + 1, "the index follows a new entry (the version changed)");
	reg_abolish_now(DB, id, "2025-03-02", "");
	reg_find(DB, A, "ｶｲｺﾞ", &f, 1, &p);
	TAP_INTEQ(p.total, before, "and an abolished one leaves the list in force");
	TAP_OK(reg_index_bytes() > 0, "the index is in memory");
}

/* Issue 23 item 20 (stretch): the profile's everyday words. */
static void test_synonyms(void)
{
	long kaigo = find_total("介護"), kaigo_daicho = find_total("介護 台帳");
	TAP_OK(kaigo > 0, "entries with 介護");
	TAP_INTEQ(find_total("認定調査"), 0, "認定調査 is in no entry");
	static const char *const lines[] = { "認定調査 介護", "ｺﾞﾐ出し ごみ 廃棄物", "ひとつだけ" };
	TAP_INTEQ(reg_synonyms_set(lines, 3), 0, "synonyms set");
	TAP_INTEQ(find_total("認定調査"), kaigo, "認定調査 finds the entries with 介護");
	TAP_INTEQ(find_total("認定調査 台帳"), kaigo_daicho, "and with another word, both must hold");
	TAP_INTEQ(find_total("ゴミ出し"), find_total("ごみ") , "the word is folded like the query (ｺﾞﾐ出し is ごみ出し)");
	struct reg_filter f = { NULL, NULL, false, REG_SORT_NAME };
	struct reg_page p;
	reg_find(DB, A, "認定調査", &f, 1, &p);
	TAP_OK(p.nterms == 2 && strcmp(p.terms[1], "介護") == 0, "the other word is marked on the page");
	reg_index_enable(false);
	TAP_INTEQ(find_total("認定調査"), kaigo, "the same without the index");
	reg_index_enable(true);
	TAP_INTEQ(reg_synonyms_set(NULL, 0), 0, "synonyms cleared");
	TAP_INTEQ(find_total("認定調査"), 0, "without them, 認定調査 finds nothing again");
}

int main(void)
{
	char err[256];
	A = arena_new();
	if (db_open(":memory:", &DB, err, sizeof err) != 0 || db_migrate(DB, err, sizeof err) != 0) {
		printf("not ok 1 - database: %s\n1..1\n", err);
		return 1;
	}
	sqlite3_exec(db_handle(DB), "INSERT INTO agency (id, name) VALUES ('mayor', '市長'), "
	             "('board_of_education', '教育委員会')", NULL, NULL, NULL);
	test_normalize();
	test_fold();
	test_highlight();
	test_check();
	test_write_and_search();
	test_pages();
	test_history_order();
	test_import();
	test_export_round_trip();
	test_columns();
	test_readings();
	test_index();
	test_synonyms();
	db_close(DB);
	arena_free(A);
	return TAP_DONE();
}

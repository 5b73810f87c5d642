/* lib/register-index.c against the search it replaced (issue 20): on the
 * same 100,000 entries, the index in memory and SQLite's trigram index
 * give the same total and the same page (same entries, same order) for
 * every query of a list of several hundred: words of one and two
 * characters, longer words, kana and kanji mixed, katakana, hiragana and
 * half-width kana, full-width and half-width Latin letters and digits,
 * several words, words found nowhere; with filters, both orders and
 * several pages. Then the index follows a change of the register.
 *
 * The entries are short (a name, its reading, a department, a purpose),
 * written by reg_insert in one transaction, so that seeding 100,000 takes
 * a few seconds; KAIJI_INDEX_ENTRIES sets another count. Under the
 * sanitizers (build-san), which run the same comparison three to five
 * times slower, 20,000 unless told; as of another day (tests/run's days
 * phase sets KAIJI_TODAY and runs every unit test five times) 2,000:
 * nothing here reads the clock. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <utf8proc.h>

#include "arena.h"
#include "db-sqlite.h"
#include "reading.h"
#include "register-keys.h"
#include "register.h"
#include "tap.h"

#if defined(__SANITIZE_ADDRESS__)
#define DEFAULT_ENTRIES 20000
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DEFAULT_ENTRIES 20000
#endif
#endif
#ifndef DEFAULT_ENTRIES
#define DEFAULT_ENTRIES 100000
#endif

static struct arena *A;
static struct db *DB;

static const char *const districts[] = {
	"中央", "北部", "桜町", "緑町", "ひばりが丘", "つつじヶ丘", "旭町", "駅前",
	"新田", "泉", "光", "春日", "ニュータウン", "ｼﾃｨ", "本町", "若葉",
	"白山", "五十嵐", "大野", "ABC団地", "ＸＹＺ地区", "第1区", "第２区",
};
static const struct {
	const char *stem, *reading;
} stems[] = {
	{ "住民基本台帳", "ジュウミンキホンダイチョウ" },
	{ "市民税課税台帳", "シミンゼイカゼイダイチョウ" },
	{ "旅券（パスポート）交付", "リョケンパスポートコウフ" },
	{ "旅券(ﾊﾟｽﾎﾟｰﾄ)申請", "リョケンパスポートシンセイ" },
	{ "国民健康保険", "コクミンケンコウホケン" },
	{ "介護保険認定", "カイゴホケンニンテイ" },
	{ "ごみ収集", "ゴミシュウシュウ" },
	{ "ｺﾞﾐ出し相談", "ゴミダシソウダン" },
	{ "犬の登録", "イヌノトウロク" },
	{ "マイナンバー利用", "マイナンバーリヨウ" },
	{ "ｅ－ＴＡＸ連携", "イータックスレンケイ" },
	{ "図書館利用者", "トショカンリヨウシャ" },
	{ "奨学金貸与", "ショウガクキンタイヨ" },
	{ "生活保護", "セイカツホゴ" },
	{ "児童手当", "ジドウテアテ" },
	{ "予防接種", "ヨボウセッシュ" },
	{ "ｲﾝﾌﾙｴﾝｻﾞ予防接種", "インフルエンザヨボウセッシュ" },
	{ "GIGAスクール端末", "ギガスクールタンマツ" },
	{ "水道料金", "スイドウリョウキン" },
};
static const char *const kinds[] = { "ファイル", "台帳", "名簿", "申請受付簿",
	                                 "ﾌｧｲﾙ", "記録", "" };
static const char *const years[] = { "令和5年度", "令和６年度", "平成30年度",
	                                 "2024年", "２０２５年" };
static const char *const departments[] = { "市民課", "税務課", "保険年金課", "環境課",
	                                       "教育総務課", "健康づくり課", "ＩＴ推進課" };
static const char *const purposes[] = {
	"住民の届出の受付及び証明書の交付", "市民税の賦課及び徴収", "ごみの収集及び相談",
	"介護保険の認定及び給付", "予防接種の実施及び記録", "奨学金の貸与及び返還の管理",
	"図書館資料の貸出し", "ﾏｲﾅﾝﾊﾞｰｶｰﾄﾞの交付",
};

#define NV(a) (sizeof(a) / sizeof(a)[0])

static int seed(long n)
{
	if (db_begin(DB) != 0)
		return -1;
	struct arena *a = arena_new();
	int rc = 0;
	for (long i = 0; i < n && rc == 0; i++) {
		const char *v[REG__NFIELDS];
		for (int j = 0; j < REG__NFIELDS; j++)
			v[j] = "";
		size_t s = (size_t)i % NV(stems), d = (size_t)(i / 3) % NV(districts);
		v[REG_NAME] = arena_printf(a, "%s%s%s（%s）%s", districts[d], stems[s].stem,
		                           kinds[(size_t)(i / 7) % NV(kinds)],
		                           years[(size_t)(i / 11) % NV(years)],
		                           i % 13 == 0 ? arena_printf(a, "その%ld", i % 97) : "");
		v[REG_READING] = stems[s].reading;
		v[REG_AGENCY] = i % 4 == 3 ? "board_of_education" : "mayor";
		v[REG_DEPARTMENT] = departments[(size_t)(i / 5) % NV(departments)];
		v[REG_PURPOSE] = arena_printf(a, "%s（%s）", purposes[(size_t)i % NV(purposes)],
		                              districts[d]);
		rc = reg_insert(DB, a, 0, v, i % 17 ? "2025-04-01" : "2024-10-01", NULL);
		if (rc == 0 && i % 29 == 0)
			rc = reg_abolish(DB, i + 1, "2025-05-01", "");
		arena_reset(a);
	}
	arena_free(a);
	if (rc != 0 || db_commit(DB) != 0) {
		db_rollback(DB);
		return -1;
	}
	return 0;
}

static const char *page_ids(const struct reg_page *p)
{
	struct buf b;
	buf_init(&b, A);
	for (size_t i = 0; i < p->n; i++)
		buf_printf(&b, "%lld,", p->entries[i].id);
	return b.data;
}

/* 1 the same, 0 the trigram search gave up (too common), -1 differs. */
static int compare(const char *q, const struct reg_filter *f, long page)
{
	struct reg_page on, off;
	reg_index_enable(false);
	int r1 = reg_find(DB, A, q, f, page, &off);
	reg_index_enable(true);
	int r2 = reg_find(DB, A, q, f, page, &on);
	if (r1 == 0 && off.too_common)
		return 0;
	if (r1 != 0 || r2 != 0 || on.total != off.total ||
	    strcmp(page_ids(&on), page_ids(&off)) != 0) {
		printf("#   differs for '%s': %ld [%s] vs %ld [%s]\n", q, on.total,
		       page_ids(&on), off.total, page_ids(&off));
		return -1;
	}
	return 1;
}

static const char *const fixed[] = {
	"税", "帳", "ﾌ", "ふ", "フ", "ｶﾞ", "が", "ガ", "a", "Ａ", "1", "１", "の", "ー", "（", "(",
	"住民", "台帳", "ごみ", "ゴミ", "ｺﾞﾐ", "ﾊﾟｽ", "ぱす", "パス", "ab", "ＡＢ", "xy", "ＸＹ", "12",
	"１２", "令和", "年度", "ｅ－", "e-", "tax", "ＴＡＸ", "Tax", "giga", "ＧＩＧＡ", "it",
	"パスポート", "ﾊﾟｽﾎﾟｰﾄ", "ぱすぽーと", "旅券（パスポート）", "旅券(パスポート)",
	"住民基本台帳", "国民健康保険", "介護保険", "ｲﾝﾌﾙｴﾝｻﾞ", "インフルエンザ", "いんふるえんざ",
	"予防接種", "マイナンバー", "ﾏｲﾅﾝﾊﾞｰ", "まいなんばー", "ひばりが丘", "ヒバリガオカ",
	"つつじヶ丘", "つつじケ丘", "ニュータウン", "にゅーたうん", "ｼﾃｨ", "シティ", "してぃ",
	"abc団地", "ＡＢＣ団地", "xyz地区", "第1区", "第１区", "第２区", "第2区", "令和6年度",
	"令和６年度", "２０２５", "2025", "2024年", "じゅうみん", "ジュウミン", "ｼﾞｭｳﾐﾝ",
	"ぜい", "ゼイ", "かいご", "カイゴ", "ｶｲｺﾞ", "ほけん", "ホケン", "よぼう", "せっしゅ",
	"その1", "その９", "その96", "記録 ごみ", "桜町 予防接種", "令和5年度 介護",
	"市民課 住民", "税務課 税", "健康づくり課", "ＩＴ推進課", "it推進", "教育委員会", "市長",
	"教育 奨学金", "返還", "貸出し", "交付 パスポート", "存在しない言葉", "ぬ", "ゑ", "\"",
	"*", "a\"b", "\"住民\" OR NEAR(税 *)", "住民 住民", "ご み", "台帳 台帳ファイル",
	"ファイル", "ﾌｧｲﾙ", "ふぁいる", "申請受付簿", "名簿", "の登録", "犬の", "の",
};

/* Every character, pair and three characters of a sample of names,
 * readings and purposes; then the fixed words. */
static size_t queries(const char **qs, size_t max)
{
	size_t nq = 0;
	for (size_t i = 0; i < NV(fixed) && nq < max; i++)
		qs[nq++] = fixed[i];
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_handle(DB), "SELECT name || ' ' || reading || ' ' || purpose "
	                   "FROM register_entry WHERE id % 9973 = 7", -1, &st, NULL);
	while (sqlite3_step(st) == SQLITE_ROW && nq < max) {
		const char *s = (const char *)sqlite3_column_text(st, 0);
		size_t len = strlen(s);
		for (size_t i = 0; i < len && nq + 3 <= max;) {
			utf8proc_int32_t c;
			utf8proc_ssize_t k[3] = { 0, 0, 0 };
			size_t at = i;
			for (int j = 0; j < 3 && at < len; j++) {
				k[j] = utf8proc_iterate((const utf8proc_uint8_t *)s + at,
				                        (utf8proc_ssize_t)(len - at), &c);
				if (k[j] <= 0 || c == ' ')
					break;
				at += (size_t)k[j];
				qs[nq++] = arena_strndup(A, s + i, at - i);
			}
			i += k[0] > 0 ? (size_t)k[0] : 1;
		}
	}
	sqlite3_finalize(st);
	return nq;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_same_hits(long n)
{
	const char **qs = arena_calloc(A, 400, sizeof *qs);
	size_t nq = queries(qs, 400);
	const struct reg_filter filters[] = {
		{ NULL, NULL, false, REG_SORT_NAME },
		{ NULL, NULL, true, REG_SORT_UPDATED },
		{ "mayor", NULL, false, REG_SORT_NAME },
		{ "board_of_education", NULL, true, REG_SORT_UPDATED },
		{ NULL, "税務課", false, REG_SORT_NAME },
	};
	size_t same = 0, gaveup = 0, bad = 0;
	for (size_t i = 0; i < nq; i++) {
		int rc = compare(qs[i], &filters[i % NV(filters)], 1 + (long)(i % 3));
		same += rc == 1;
		gaveup += rc == 0;
		bad += rc < 0;
		if (i < NV(fixed) && rc >= 0 && i % NV(filters) != 0)
			bad += compare(qs[i], &filters[0], 1) < 0; /* each fixed word unfiltered too */
	}
	printf("# %ld entries, %zu queries: %zu the same, %zu the trigram search gave up on\n",
	       n, nq, same, gaveup);
	TAP_OK(nq >= 200, "at least 200 queries (%zu)", nq);
	TAP_OK(same >= 200, "at least 200 compared (%zu)", same);
	TAP_INTEQ((long)bad, 0, "the index gives the trigram search's totals and pages for every query");
}

/* 1 when one text's two uses agree: reg_marks_of's unit by unit
 * normalisation is reg_normalize's, and holds each term where it does. */
static int one_normalisation(struct arena *a, const char *text,
                             const char **terms, size_t nterms)
{
	const char *whole = reg_normalize(a, text);
	const struct reg_marks *m = reg_marks_of(a, text, terms, nterms);
	if (whole && strcmp(whole, m->norm) != 0) {
		printf("#   '%s' normalised '%s' whole, '%s' unit by unit\n", text, whole, m->norm);
		return 0;
	}
	bool any = false;
	for (size_t t = 0; whole && t < nterms; t++)
		any = any || strstr(whole, terms[t]) != NULL;
	if (whole && any != m->any) {
		printf("#   '%s': holds a word %d, marked %d\n", text, any, m->any);
		return 0;
	}
	return 1;
}

static const char *const hostile[] = {
	"ｶﾞｽﾀﾝｸ", "ガスタンク", "がすたんく", "ｶﾞ", "ｶ\xef\xbe\x9e", "か\xe3\x82\x99", "か\xcc\x81",
	"\xcc\x81か", "e\xcc\x81", "\xc3\xa9", "ＡＢＣ台帳とabc", "ﾊﾟｽﾎﾟｰﾄ（旅券）", "①②③",
	"㍻令和㋿", "ｱ", "ア", "あ", "亜", "ｱ亜ア", "カ゛", "ｶﾞｷﾞｸﾞ", "ﾊﾟﾋﾟﾌﾟ", "ＩＴ推進課",
	"\xe1\x84\x80\xe1\x85\xa1", "\xea\xb0\x80", "ﬁle", "Ⅻ", "㌔", "ヴ", "ｳﾞ", "う\xe3\x82\x99",
	"\xe2\x80\x8b台\xe2\x80\x8b帳", "台\xc2\xad帳", "ABC", "a", "", "　", " 全角　空白 ",
	"\xef\xbd\xb6\xef\xbe\x9e\xef\xbe\x9e", "\xcc\x81\xcc\x81",
};

/* The search's names: whether one holds a word and which units are
 * marked come from one normalisation; it must be reg_normalize's (the
 * index's) on every text of the register and the hostile ones, queried
 * with the fixed words and every 1- and 2-character query. */
static void test_one_normalisation(const char **qs, size_t nq)
{
	struct arena *s = arena_new();
	const char **terms = arena_calloc(A, nq, sizeof *terms);
	size_t nt = 0;
	for (size_t i = 0; i < nq; i++) {
		const char *t = reg_normalize(A, qs[i]);
		if (t && t[0] && !strchr(t, ' '))
			terms[nt++] = t;
	}
	size_t texts = 0, bad = 0;
	for (size_t i = 0; i < NV(hostile); i++)
		for (size_t t = 0; t < nt; t++, texts++) {
			bad += !one_normalisation(s, hostile[i], &terms[t], 1);
			arena_reset(s);
		}
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_handle(DB), "SELECT id, name, reading, purpose FROM register_entry",
	                   -1, &st, NULL);
	while (sqlite3_step(st) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		for (int c = 1; c <= 3; c++, texts++) {
			const char *text = (const char *)sqlite3_column_text(st, c);
			bad += !one_normalisation(s, text ? text : "", &terms[id % (long long)nt], 1);
			arena_reset(s);
		}
	}
	sqlite3_finalize(st);
	arena_free(s);
	printf("# %zu texts, %zu terms\n", texts, nt);
	TAP_OK(texts > NV(hostile) * nt, "the register's texts were read (%zu)", texts);
	TAP_INTEQ((long)bad, 0, "one normalisation for holding a word and for marking it");
}

/* utf8proc's NFKC_Casefold of the whole text, then the kana folded: what
 * reg_normalize must give however it gets there. */
static char *reference(const char *text)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)text, 0, &out,
	                                  UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPAT |
	                                      UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
	                                      UTF8PROC_IGNORE);
	if (n < 0)
		return NULL;
	reg_fold_kana((char *)out, (size_t)n);
	return (char *)out;
}

/* The characters normalised without utf8proc (ASCII, kana, kanji, the
 * full-width ASCII forms U+FF01-FF5E), each between neighbours that
 * compose or combine with what comes before them (a combining acute,
 * the voicing marks, a Hangul vowel after a leading consonant) or not:
 * reg_normalize and the units of reg_marks_of give utf8proc's
 * normalisation of the whole text. */
static void test_simple_characters(void)
{
	static const char *const before[] = { "", "a", "亜", "ｶ", "か", "e", "\xe1\x84\x80", "\xcc\x81" };
	static const char *const after[] = { "", "\xcc\x81", "\xe3\x82\x99", "ﾞ", "Ａ", "a",
		                                 "\xe1\x85\xa1", "（" };
	static const int32_t others[] = { 'A', 'z', '0', ' ', 0x3001, 0x3042, 0x30AB, 0x30FC,
		                              0x4E9C, 0xFF00, 0xFF5F, 0xFF76 };
	struct arena *s = arena_new();
	size_t texts = 0, bad = 0;
	for (int32_t c = 0xFF01 - (int32_t)NV(others); c <= 0xFF5E; c++) {
		int32_t cp = c >= 0xFF01 ? c : others[c - (0xFF01 - (int32_t)NV(others))];
		utf8proc_uint8_t ch[8] = { 0 };
		utf8proc_encode_char(cp, ch);
		for (size_t b = 0; b < NV(before); b++)
			for (size_t f = 0; f < NV(after); f++, texts++) {
				const char *text = arena_printf(s, "%s%s%s", before[b], ch, after[f]);
				char *want = reference(text);
				const char *got = reg_normalize(s, text);
				const char *term = reg_normalize(s, (const char *)ch);
				const struct reg_marks *m = reg_marks_of(s, text, &term, 1);
				if (!want || !got || strcmp(want, got) != 0 || strcmp(want, m->norm) != 0) {
					printf("#   '%s': utf8proc '%s', reg_normalize '%s', units '%s'\n", text,
					       want ? want : "-", got ? got : "-", m->norm);
					bad++;
				} else {
					bad += !one_normalisation(s, text, &term, 1);
				}
				free(want);
				arena_reset(s);
			}
	}
	arena_free(s);
	TAP_OK(texts >= 94 * NV(before) * NV(after), "simple characters in context (%zu texts)", texts);
	TAP_INTEQ((long)bad, 0, "each normalised as utf8proc normalises the whole text");
}

static long total_of(const char *q)
{
	struct reg_filter f = { NULL, NULL, false, REG_SORT_NAME };
	struct reg_page p;
	return reg_find(DB, A, q, &f, 1, &p) == 0 ? p.total : -1;
}

static void test_changes(void)
{
	long before = total_of("ｶﾞｽﾀﾝｸ"), kaigo = total_of("介護");
	TAP_INTEQ(before, 0, "ガスタンク is nowhere");
	const char *v[REG__NFIELDS];
	for (int j = 0; j < REG__NFIELDS; j++)
		v[j] = "";
	v[REG_NAME] = "ガスタンク点検台帳";
	v[REG_AGENCY] = "mayor";
	long long id;
	TAP_INTEQ(reg_add(DB, A, v, "2025-06-01", &id), 0, "a new entry");
	TAP_INTEQ(total_of("がすたんく"), 1, "the index follows it (the version changed)");
	TAP_INTEQ(total_of("介護"), kaigo, "and the other words still count the same");
	v[REG_NAME] = "介護ガスタンク点検台帳";
	TAP_INTEQ(reg_change(DB, A, id, v, "2025-06-02", ""), 0, "changed");
	TAP_INTEQ(total_of("介護"), kaigo + 1, "the changed name is found");
	TAP_INTEQ(reg_abolish_now(DB, id, "2025-06-03", ""), 0, "abolished");
	TAP_INTEQ(total_of("ガスタンク"), 0, "and an abolished entry leaves the list in force");
	TAP_OK(reg_index_bytes() > 0, "the index is in memory (%zu bytes)", reg_index_bytes());
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
	reading_pretend_missing(true); /* the readings are given */
	const char *env = getenv("KAIJI_INDEX_ENTRIES");
	long n = env ? strtol(env, NULL, 10) : getenv("KAIJI_TODAY") ? 2000 : DEFAULT_ENTRIES;
	n = n < 100 ? 100 : n > 1000000 ? 1000000 : n;
	double t = now_s();
	TAP_INTEQ(seed(n), 0, "%ld entries seeded", n);
	printf("# seeded in %.1f s\n", now_s() - t);
	t = now_s();
	test_same_hits(n);
	printf("# compared in %.1f s\n", now_s() - t);
	const char **qs = arena_calloc(A, 400, sizeof *qs);
	test_one_normalisation(qs, queries(qs, 400));
	test_simple_characters();
	test_changes();
	db_close(DB);
	arena_free(A);
	return TAP_DONE();
}

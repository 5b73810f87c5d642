/* The questionnaire's library: the masker (e-mail addresses, phone
 * numbers in Japanese formats and full-width digits, postal codes, long
 * numbers; and what it must leave alone), the pages allow-list, the rate
 * limit, storage, results, percentages, CSV, and the desk's SVG chart. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "db-sqlite.h"
#include "feedback.h"
#include "tap.h"
#include "token.h"
#include "view.h"

static struct arena *A;

static void mask_is(const char *in, const char *want, const char *what)
{
	const char *got = fb_mask(A, in, strlen(in));
	TAP_STREQ(got, want, "mask: %s", what);
}

static void masks(void)
{
	mask_is("", "", "empty stays empty");
	mask_is("分かりやすかったです。", "分かりやすかったです。", "plain text unchanged");
	mask_is("連絡は taro.yamada+x@example.co.jp まで",
	        "連絡は ＊＊＊ まで", "e-mail address");
	mask_is("メールtaro@example.comです", "メール＊＊＊です",
	        "e-mail between Japanese text");
	mask_is("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ", "＊＊＊",
	        "full-width e-mail (NFKC)");
	mask_is("a@example.com.", "＊＊＊.", "an address at the end of a sentence");
	mask_is("a@b.c と @example.com と x@localhost",
	        "a@b.c と @example.com と x@localhost",
	        "-bad- not addresses: one-letter TLD, no local part, no dot");
	mask_is("電話 03-1234-5678 まで", "電話 ＊＊＊ まで", "landline with hyphens");
	mask_is("090-1234-5678", "＊＊＊", "mobile 3-4-4");
	mask_is("09012345678", "＊＊＊", "mobile without separators");
	mask_is("０２３－６４１－１２１２", "＊＊＊", "full-width digits and hyphens");
	mask_is("(023)641-1212", "(＊＊＊", "area code in parentheses");
	mask_is("023（641）1212", "＊＊＊", "full-width parentheses");
	mask_is("03 1234 5678", "＊＊＊", "spaces as separators");
	mask_is("0120‐123‐456", "＊＊＊", "U+2010 hyphens, free dial");
	mask_is("03ー1234ー5678", "＊＊＊", "katakana long mark as hyphen");
	mask_is("+81-3-1234-5678", "＊＊＊", "international form with +81");
	mask_is("5 03 1234 5678", "5 ＊＊＊", "a stray digit before a phone number");
	mask_is("〒990-8540 山形市", "＊＊＊ 山形市", "postal code with 〒");
	mask_is("〒 9908540", "＊＊＊", "〒, a space, 7 digits");
	mask_is("990-8540", "＊＊＊", "postal code NNN-NNNN");
	mask_is("郵便番号は9908540です", "郵便番号は＊＊＊です", "7 digits alone");
	mask_is("1234 5678 9012", "＊＊＊", "12 digits in fours (個人番号)");
	mask_is("123456789012", "＊＊＊", "12 digits together");
	mask_is("4111-1111-1111-1111", "＊＊＊", "card number");
	mask_is("2024-01-15に申請しました", "2024-01-15に申請しました",
	        "-bad- a date is not masked");
	mask_is("2024-01-15 2024-02-20", "2024-01-15 2024-02-20",
	        "-bad- two dates are not masked");
	mask_is("第3条第2項、10ページ、300円", "第3条第2項、10ページ、300円",
	        "-bad- small numbers are not masked");
	mask_is("1234-5678", "1234-5678", "-bad- 8 digits 4-4 left alone");
	mask_is("123456", "123456", "-bad- 6 digits left alone");
	mask_is("12345678", "12345678", "-bad- 8 digits left alone");
	mask_is("1,234,567円", "1,234,567円", "-bad- an amount with commas left alone");
	mask_is("x@example.com 03-1234-5678 〒990-8540",
	        "＊＊＊ ＊＊＊ ＊＊＊", "all three kinds in one comment");
	mask_is("a@example.com03-1234-5678", "＊＊＊",
	        "adjacent spans make one mask");
	mask_is("行1\r\n行2", "行1\r\n行2", "line breaks kept");
	TAP_OK(fb_mask(A, "\xC3\x28", 2) == NULL, "-bad- invalid UTF-8 → NULL");
	TAP_OK(fb_mask(A, "a\0b", 3) == NULL, "-bad- NUL inside → NULL");
}

static void chars(void)
{
	TAP_INTEQ(fb_chars("あいう", strlen("あいう")), 3, "chars: code points");
	TAP_INTEQ(fb_chars("a\r\nb", 4), 3, "chars: CR LF counts once");
	TAP_INTEQ(fb_chars("a\nb", 3), 3, "chars: LF counts once");
}

static void answers(void)
{
	TAP_INTEQ(fb_answer_parse("yes"), FB_YES, "answer yes");
	TAP_INTEQ(fb_answer_parse("neutral"), FB_NEUTRAL, "answer neutral");
	TAP_INTEQ(fb_answer_parse("no"), FB_NO, "answer no");
	TAP_INTEQ(fb_answer_parse("YES"), FB_NONE, "-bad- answer YES");
	TAP_INTEQ(fb_answer_parse(NULL), FB_NONE, "-bad- answer NULL");
	TAP_OK(!fb_answer_valid("no", 3), "-bad- answer with a NUL inside");
	TAP_STREQ(fb_answer_name(FB_NEUTRAL), "neutral", "answer name");
}

static void write_file(const char *path)
{
	FILE *f = fopen(path, "w");
	if (f) {
		fputs("<!DOCTYPE html>\n", f);
		fclose(f);
	}
}

static void pages(const char *tmp)
{
	char dir[512], p[600];
	snprintf(dir, sizeof dir, "%s/htdocs", tmp);
	mkdir(dir, 0700);
	snprintf(p, sizeof p, "%s/en", dir);
	mkdir(p, 0700);
	snprintf(p, sizeof p, "%s/errors", dir);
	mkdir(p, 0700);
	snprintf(p, sizeof p, "%s/index.html", dir);
	write_file(p);
	snprintf(p, sizeof p, "%s/about.html", dir);
	write_file(p);
	snprintf(p, sizeof p, "%s/en/index.html", dir);
	write_file(p);
	snprintf(p, sizeof p, "%s/en/fees.html", dir);
	write_file(p);
	snprintf(p, sizeof p, "%s/errors/50x.html", dir);
	write_file(p);
	snprintf(p, sizeof p, "%s/notes.txt", dir);
	write_file(p);

	struct fb_pages *pg = NULL;
	char err[256] = "";
	TAP_INTEQ(fb_pages_load(&pg, dir, "/kaiji", err, sizeof err), 0,
	          "pages load");
	TAP_INTEQ(fb_pages_count(pg), 6, "4 html files and 2 directory indexes");
	const char *good[] = { "/kaiji/about.html", "/kaiji/", "/kaiji/index.html",
		"/kaiji/en/", "/kaiji/en/fees.html", "/kaiji/request",
		"/kaiji/request/confirm", "/kaiji/status", "/kaiji/register",
		"/kaiji/register/12", "/kaiji/desk/", "/kaiji/desk/requests/3",
		"/kaiji/pay/start", "/kaiji/feedback" };
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		TAP_OK(fb_page_ok(pg, good[i]), "page ok: %s", good[i]);
	const char *bad[] = { NULL, "", "/kaiji", "/kaiji/nope.html",
		"/kaiji/errors/50x.html", "/kaiji/notes.txt", "https://evil.example/",
		"/other/about.html", "/kaijiabout.html", "/kaiji/../etc/passwd",
		"/kaiji//about.html", "/kaiji/about.html?x=1",
		"/kaiji/register/1/2", "/kaiji/register/", "/kaiji/requests",
		"/kaiji/feedback/x", "/kaiji/about.html\n", "/kaiji/<script>" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		TAP_OK(!fb_page_ok(pg, bad[i]), "-bad- page refused: %s",
		       bad[i] ? bad[i] : "(null)");
	fb_pages_free(pg);
	pg = NULL;
	TAP_INTEQ(fb_pages_load(&pg, "/nonexistent/htdocs", "/kaiji", err,
	                        sizeof err), -1, "-bad- a missing htdocs fails");
	TAP_OK(strstr(err, "Kaiji.HtdocsDir") != NULL, "and names the key");
}

static void csv_out(void *ctx, const char *s, size_t len)
{
	buf_append(ctx, s, len);
}

static void post(struct db *db, const char *page, enum fb_answer u,
                 enum fb_answer f, const char *comment, long long now)
{
	struct fb_post p = { page, "ja", u, f, comment, comment ? strlen(comment) : 0 };
	TAP_INTEQ(fb_store(db, A, &p, now), 0, "store %s %s/%s", page,
	          fb_answer_name(u), fb_answer_name(f));
}

/* 2026-04-01T00:00:00+09:00 */
#define T0 1774969200LL

static void storage(struct db *db)
{
	char stamp[32];
	fb_stamp(T0, stamp);
	TAP_STREQ(stamp, "2026-04-01T00:00:00+09:00", "stamp in Asia/Tokyo");
	fb_stamp(T0 - 1, stamp);
	TAP_STREQ(stamp, "2026-03-31T23:59:59+09:00", "stamp a second before");

	post(db, "/kaiji/about.html", FB_YES, FB_YES, NULL, T0);
	post(db, "/kaiji/about.html", FB_YES, FB_NO, "メール a@example.com", T0 + 60);
	post(db, "/kaiji/about.html", FB_NO, FB_NEUTRAL, "=SUM(A1)", T0 + 86400);
	post(db, "/kaiji/request", FB_NEUTRAL, FB_YES, "電話 03-1234-5678", T0 + 2 * 86400);
	struct fb_post bad = { "/kaiji/about.html", "ja", FB_NONE, FB_YES, NULL, 0 };
	TAP_INTEQ(fb_store(db, A, &bad, T0), -1, "-bad- store without an answer");

	struct fb_range all, day2;
	TAP_INTEQ(fb_range_parse(&all, NULL, ""), 0, "open range");
	TAP_INTEQ(fb_range_parse(&day2, "2026-04-02", "2026-04-02"), 0, "one day");
	struct fb_range r;
	TAP_INTEQ(fb_range_parse(&r, "2026-04-03", "2026-04-02"), -1,
	          "-bad- from after to");
	TAP_INTEQ(fb_range_parse(&r, "2026-02-30", NULL), -1, "-bad- no such day");
	TAP_INTEQ(fb_range_parse(&r, "2026-4-1", NULL), -1, "-bad- not YYYY-MM-DD");
	TAP_INTEQ(fb_range_parse(&r, "2026-04-01' OR 1=1 --", NULL), -1,
	          "-bad- trailing SQL");

	struct fb_counts *c;
	size_t n;
	TAP_INTEQ(fb_results(db, A, &all, 10, &c, &n), 0, "results");
	TAP_INTEQ(n, 2, "two pages");
	TAP_STREQ(c[0].page, "/kaiji/about.html", "most answers first");
	TAP_INTEQ(c[0].total, 3, "about: 3 answers");
	TAP_INTEQ(c[0].u[0], 2, "about: 2 understandable yes");
	TAP_INTEQ(c[0].u[2], 1, "about: 1 understandable no");
	TAP_INTEQ(c[0].f[0] + c[0].f[1] + c[0].f[2], 3, "findable adds up");
	TAP_INTEQ(c[0].comments, 2, "about: 2 comments");
	TAP_INTEQ(fb_results(db, A, &day2, 10, &c, &n), 0, "results of a day");
	TAP_INTEQ(n, 1, "day 2: one page");
	TAP_INTEQ(c[0].total, 1, "day 2: one answer");
	TAP_INTEQ(c[0].u[2], 1, "day 2: the 'no'");

	TAP_INTEQ(fb_pct(2, 3), 67, "pct 2/3 → 67");
	TAP_INTEQ(fb_pct(1, 3), 33, "pct 1/3 → 33");
	TAP_INTEQ(fb_pct(1, 8), 13, "pct 1/8 = 12.5 → 13");
	TAP_INTEQ(fb_pct(0, 0), 0, "pct of nothing");

	struct fb_comment *cm;
	TAP_INTEQ(fb_comments(db, A, &all, NULL, 10, &cm, &n), 0, "comments");
	TAP_INTEQ(n, 3, "three comments");
	TAP_STREQ(cm[0].comment, "電話 ＊＊＊", "newest first, stored masked");
	TAP_STREQ(cm[2].comment, "メール ＊＊＊", "e-mail stored masked");
	TAP_INTEQ(fb_comments(db, A, &all, "/kaiji/request", 10, &cm, &n), 0,
	          "comments of one page");
	TAP_INTEQ(n, 1, "one comment on /kaiji/request");

	struct buf b;
	buf_init(&b, A);
	TAP_INTEQ(fb_csv_answers(db, A, &all, csv_out, &b), 0, "CSV answers");
	TAP_OK(strncmp(b.data, "id,created_at,page,lang,understandable,findable,"
	                       "comment\r\n", 57) == 0, "CSV header");
	TAP_OK(strstr(b.data, "\"'=SUM(A1)\"") != NULL,
	       "a formula-like comment is defused");
	TAP_OK(strstr(b.data, "a@example.com") == NULL, "no address in the CSV");
	size_t rows = 0;
	for (const char *p = b.data; (p = strstr(p, "\r\n")); p += 2)
		rows++;
	TAP_INTEQ(rows, 5, "header and four rows");
	buf_init(&b, A);
	TAP_INTEQ(fb_csv_summary(db, A, &all, csv_out, &b), 0, "CSV summary");
	TAP_OK(strstr(b.data, "\"/kaiji/about.html\",3,2,0,1,1,1,1,2\r\n") != NULL,
	       "summary row of about.html");
	TAP_OK(strstr(b.data, "\"/kaiji/request\",1,0,1,0,1,0,0,1\r\n") != NULL,
	       "summary row of request");
}

static void rate(struct db *db)
{
	cal_day today = cal_from_ymd(2026, 4, 1);
	int ok = 0;
	for (int i = 0; i < 3; i++)
		ok += fb_rate_take(db, A, "192.0.2.1", today, T0 + i, 3) == FB_RATE_OK;
	TAP_INTEQ(ok, 3, "three posts within the limit");
	TAP_INTEQ(fb_rate_take(db, A, "192.0.2.1", today, T0 + 10, 3),
	          FB_RATE_LIMITED, "-bad- the fourth is limited");
	TAP_INTEQ(fb_rate_take(db, A, "192.0.2.2", today, T0 + 10, 3), FB_RATE_OK,
	          "another client is not");
	TAP_INTEQ(fb_rate_take(db, A, "192.0.2.1", today, T0 + 3601, 3),
	          FB_RATE_OK, "an hour later it is allowed again");
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_handle(db),
	                   "SELECT COUNT(*) FROM throttle WHERE key_hash LIKE "
	                   "'%192.0.2%' OR length(key_hash) <> 64", -1, &st, NULL);
	TAP_OK(st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 0,
	       "only 64-hex keyed hashes are kept, never the address");
	sqlite3_finalize(st);
	TAP_OK(fb_rate_take(db, A, "192.0.2.1", today + 1, T0 + 86400 + 3700, 3) ==
	           FB_RATE_OK, "next day");
	sqlite3_prepare_v2(db_handle(db),
	                   "SELECT COUNT(*) FROM throttle WHERE at < ?1", -1, &st,
	                   NULL);
	sqlite3_bind_int64(st, 1, T0 + 3700);
	TAP_OK(st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 0,
	       "rows older than a day are deleted");
	sqlite3_finalize(st);
}

/* The desk's page: counts, percentages and the SVG chart. */
static void svg(struct db *db, const char *root)
{
	HDF *cfg = NULL, *data = NULL;
	char tdir[1100], err[512] = "";
	struct view *v = NULL;
	hdf_init(&cfg);
	hdf_init(&data);
	snprintf(tdir, sizeof tdir, "%s/templates", root);
	hdf_set_value(cfg, "Kaiji.TemplateDir", tdir);
	hdf_set_value(cfg, "Kaiji.BasePath", "/kaiji");
	TAP_INTEQ(view_open(&v, cfg, err, sizeof err), 0, "views open");
	if (v == NULL) {
		printf("#   %s\n", err);
		return;
	}
	struct fb_range all;
	struct fb_counts *c;
	size_t n;
	fb_range_parse(&all, NULL, NULL);
	fb_results(db, A, &all, 10, &c, &n);
	fb_results_hdf(data, "Results", c, n, 300);
	TAP_STREQ(hdf_get_value(data, "Results.0.U.Yes.Pct", ""), "67", "HDF pct");
	TAP_STREQ(hdf_get_value(data, "Results.0.U.Yes.Width", ""), "201",
	          "HDF bar width 67%% of 300");
	TAP_STREQ(hdf_get_value(data, "Results.0.U.Neutral.Width", ""), "0",
	          "no bar for no answers");
	struct buf out;
	buf_init(&out, A);
	TAP_INTEQ(view_render_hdf(v, "desk-feedback", "ja", data, &out), 0,
	          "desk-feedback renders");
	const char *h = out.data;
	TAP_OK(strstr(h, "<svg class=\"chart\" role=\"img\" aria-labelledby=\"chart-0-title\"") != NULL,
	       "an SVG with role=img labelled by its title");
	TAP_OK(strstr(h, "<title id=\"chart-0-title\">") != NULL, "the text alternative");
	TAP_OK(strstr(h, "分かりやすかった 2件 (67%)") != NULL,
	       "the alternative gives counts and percentages");
	TAP_OK(strstr(h, "<rect x=\"180\" y=\"22\" width=\"201\" height=\"20\"") != NULL,
	       "the bar for 67%%");
	TAP_OK(strstr(h, "y=\"37\"") != NULL, "label rows placed by arithmetic");
	TAP_OK(strstr(h, ">2件 (67%)</text>") != NULL, "a text label on the bar");
	TAP_OK(strstr(h, "style=") == NULL, "no style attribute (CSP)");
	TAP_OK(strstr(h, "<script") == NULL, "no script");
	TAP_OK(strstr(h, "<th scope=\"row\">/kaiji/about.html</th><td>3</td>") != NULL,
	       "the totals table");
	TAP_OK(strstr(h, "comments-caption") == NULL, "no comments, no table");
	hdf_set_value(data, "Comments.0.Text", "メール ＊＊＊");
	hdf_set_value(data, "Comments.0.U", "yes");
	hdf_set_value(data, "Comments.0.F", "no");
	buf_init(&out, A);
	view_render_hdf(v, "desk-feedback", "ja", data, &out);
	TAP_OK(strstr(out.data, "<td>分かりやすかった / 見つけにくかった</td><td>メール ＊＊＊</td>") != NULL,
	       "the comments list with its answers");
	hdf_set_value(data, "Results.0.Page", "<script>x</script>");
	buf_init(&out, A);
	view_render_hdf(v, "desk-feedback", "en", data, &out);
	TAP_OK(strstr(out.data, "<script>x") == NULL &&
	       strstr(out.data, "&lt;script&gt;x") != NULL,
	       "-bad- a page value is escaped inside the SVG");
	view_close(v);
	hdf_destroy(&data);
	hdf_destroy(&cfg);
}

static void cleanup(const char *tmp)
{
	const char *files[] = { "htdocs/index.html", "htdocs/about.html",
		"htdocs/en/index.html", "htdocs/en/fees.html",
		"htdocs/errors/50x.html", "htdocs/notes.txt", "htdocs/en",
		"htdocs/errors", "htdocs", "secrets", "kaiji.db", "kaiji.db-wal",
		"kaiji.db-shm", "" };
	char p[1200];
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		snprintf(p, sizeof p, "%s/%s", tmp, files[i]);
		if (unlink(p) != 0)
			rmdir(p);
	}
}

int main(void)
{
	char root[1024], tmp[] = "/tmp/kaiji-test-feedback-XXXXXX", path[1100];
	char err[512] = "";
	struct db *db = NULL;
	if (getcwd(root, sizeof root) == NULL || mkdtemp(tmp) == NULL)
		return 1;
	A = arena_new();
	masks();
	chars();
	answers();
	pages(tmp);
	snprintf(path, sizeof path, "%s/secrets", tmp);
	TAP_INTEQ(token_init(path, true, err, sizeof err), 0, "secrets");
	snprintf(path, sizeof path, "%s/kaiji.db", tmp);
	TAP_INTEQ(db_open(path, &db, err, sizeof err), 0, "database opens");
	TAP_INTEQ(db_migrate(db, err, sizeof err), 0, "database migrates");
	storage(db);
	rate(db);
	svg(db, root);
	db_close(db);
	arena_free(A);
	cleanup(tmp);
	return TAP_DONE();
}

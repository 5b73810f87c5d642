/* The page questionnaire (アンケート): which pages may be rated, the two
 * answers, comments masked of anything that looks like personal data, the
 * per-client rate limit, storage, and the staff's results and CSV.
 * Nothing here keeps an IP address or a cookie: the rate limit holds only
 * a keyed hash of the address and the day, and the rows are deleted the
 * next day. */
#ifndef KAIJI_FEEDBACK_H
#define KAIJI_FEEDBACK_H

#include <stdbool.h>
#include <stddef.h>

#include <ClearSilver/ClearSilver.h>

#include "arena.h"
#include "calendar.h"
#include "db.h"

#define FB_COMMENT_MAX 500   /* characters, as the form says */
#define FB_PAGE_MAX 200      /* bytes of a page path */
#define FB_POSTS_PER_HOUR 10 /* default of Kaiji.Feedback.PostsPerHour */
#define FB_MASK "＊＊＊"    /* what replaces a masked span */

enum fb_answer { FB_NONE = 0, FB_YES, FB_NEUTRAL, FB_NO };

/* "yes", "neutral", "no"; anything else is FB_NONE. */
enum fb_answer fb_answer_parse(const char *s);
const char *fb_answer_name(enum fb_answer a); /* "" for FB_NONE */
/* Field validator for the answers (struct field.valid). */
bool fb_answer_valid(const char *s, size_t len);

/* Characters as a person counts them: code points, CR LF as one. */
size_t fb_chars(const char *s, size_t len);

/* ---- which pages belong to the system ---- */

struct fb_pages;

/* Every *.html file under htdocs_dir (errors/ excepted: error documents
 * are not pages one navigates to), as base_path + "/" + its relative path,
 * and "DIR/" for each DIR/index.html. Read once at start. 0, or -1 with
 * the reason in err. */
int fb_pages_load(struct fb_pages **out, const char *htdocs_dir,
                  const char *base_path, char *err, size_t errlen);
void fb_pages_free(struct fb_pages *p);
size_t fb_pages_count(const struct fb_pages *p);
/* A static page of the list, or one of the programs' paths under the base
 * path: request, status, register, register/ID, desk/..., pay/...,
 * feedback. Only URL-path characters, no "..", "//" or query. */
bool fb_page_ok(const struct fb_pages *p, const char *page);

/* ---- masking ---- */

/* The comment NFKC-normalised (全角 digits and ＠ become ASCII), with
 * every e-mail address, telephone number (10 or 11 digits from a leading 0,
 * or +81...), postal code (〒 and 7 digits, NNN-NNNN, or 7 digits alone)
 * and any run of 12 or more digits (マイナンバー, card numbers) replaced by
 * FB_MASK. NULL when s is not valid UTF-8. */
char *fb_mask(struct arena *a, const char *s, size_t len);

/* ---- the rate limit ---- */

enum fb_rate { FB_RATE_OK, FB_RATE_LIMITED, FB_RATE_ERROR };

/* Count one post of client (REMOTE_ADDR) at now (seconds since the epoch)
 * on day today: FB_RATE_LIMITED when per_hour posts were already counted
 * in the last hour. The key is token_hash(TOKEN_FEEDBACK, today | client):
 * the day salts it, so keys cannot be linked across days; rows older than a
 * day are deleted. */
enum fb_rate fb_rate_take(struct db *db, struct arena *a, const char *client,
                          cal_day today, long long now, int per_hour);

/* ---- storage ---- */

struct fb_post {
	const char *page; /* checked with fb_page_ok */
	const char *lang; /* "ja" or "en" */
	enum fb_answer understandable, findable;
	const char *comment; /* raw; masked by fb_store */
	size_t comment_len;
};

/* "YYYY-MM-DDTHH:MM:SS+09:00" for now, in Asia/Tokyo. */
void fb_stamp(long long now, char out[32]);
/* Insert one answer with created_at = fb_stamp(now): 0, or -1. */
int fb_store(struct db *db, struct arena *a, const struct fb_post *post,
             long long now);

/* ---- results ---- */

/* Days from..to inclusive; "" = open. */
struct fb_range {
	char from[11], to[11];
};

/* NULL or "" for an open end; 0, or -1 for a bad date or from after to. */
int fb_range_parse(struct fb_range *r, const char *from, const char *to);

struct fb_counts {
	const char *page;
	long total, comments;
	long u[3], f[3]; /* [0] yes, [1] neutral, [2] no */
};

/* Per page, most answers first, at most max pages; *n gets how many. */
int fb_results(struct db *db, struct arena *a, const struct fb_range *r,
               size_t max, struct fb_counts **out, size_t *n);
/* count / total as a whole percentage, rounded half up; 0 when total is 0. */
int fb_pct(long count, long total);

struct fb_comment {
	const char *at, *page, *comment;
	enum fb_answer understandable, findable;
};

/* Comments, newest first, at most max; page NULL = every page. */
int fb_comments(struct db *db, struct arena *a, const struct fb_range *r,
                const char *page, size_t max, struct fb_comment **out,
                size_t *n);

/* The results under prefix (e.g. "Results"): prefix.N.Page, .Total,
 * .Comments, .U.Yes.Count / .Pct / .Width (bar length out of width_max),
 * likewise .U.Neutral, .U.No, .F.*. The desk's template draws its SVG bar
 * chart from these. */
void fb_results_hdf(HDF *hdf, const char *prefix, const struct fb_counts *c,
                    size_t n, int width_max);

/* ---- CSV (UTF-8, CRLF, RFC 4180 quoting by libcsv) ---- */

typedef void (*fb_write_fn)(void *ctx, const char *s, size_t len);

/* One row per answer: id,created_at,page,lang,understandable,findable,
 * comment. A cell that a spreadsheet would take for a formula (= + - @)
 * gets a leading apostrophe. */
int fb_csv_answers(struct db *db, struct arena *a, const struct fb_range *r,
                   fb_write_fn write, void *ctx);
/* One row per page: page,responses,understandable_yes,
 * understandable_neutral,understandable_no,findable_yes,findable_neutral,
 * findable_no,comments. */
int fb_csv_summary(struct db *db, struct arena *a, const struct fb_range *r,
                   fb_write_fn write, void *ctx);

#endif

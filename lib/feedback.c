#include "feedback.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <csv.h>
#include <utf8proc.h>

#include "log.h"
#include "token.h"

/* ---- answers ---- */

static const char *const fb_answer_names[] = { "", "yes", "neutral", "no" };

enum fb_answer fb_answer_parse(const char *s)
{
	for (int i = FB_YES; s && i <= FB_NO; i++)
		if (strcmp(s, fb_answer_names[i]) == 0)
			return (enum fb_answer)i;
	return FB_NONE;
}

const char *fb_answer_name(enum fb_answer a)
{
	return a >= FB_YES && a <= FB_NO ? fb_answer_names[a] : "";
}

bool fb_answer_valid(const char *s, size_t len)
{
	return strlen(s) == len && fb_answer_parse(s) != FB_NONE;
}

size_t fb_chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 &&
		    !(s[i] == '\n' && i > 0 && s[i - 1] == '\r'))
			n++;
	return n;
}

/* ---- pages ---- */

#define FB_PAGES_MAX 10000
#define FB_DIR_DEPTH 8

struct fb_pages {
	char *base;
	size_t nbase;
	char **list; /* sorted */
	size_t n, cap;
};

static int fb_pages_add(struct fb_pages *p, const char *page)
{
	if (p->n == FB_PAGES_MAX || strlen(page) > FB_PAGE_MAX)
		return -1;
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		char **l = realloc(p->list, cap * sizeof *l);
		if (l == NULL)
			return -1;
		p->list = l;
		p->cap = cap;
	}
	p->list[p->n] = strdup(page);
	if (p->list[p->n] == NULL)
		return -1;
	p->n++;
	return 0;
}

static bool fb_ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n > t && strcmp(s + n - t, tail) == 0;
}

/* rel: the directory below htdocs, "" or "en/". */
static int fb_pages_scan(struct fb_pages *p, const char *dir, const char *rel,
                         int depth, char *err, size_t errlen)
{
	DIR *d = opendir(dir);
	if (d == NULL) {
		snprintf(err, errlen, "Kaiji.HtdocsDir: cannot read %s", dir);
		return -1;
	}
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(d)) != NULL) {
		char path[4096], sub[1024];
		struct stat st;
		if (e->d_name[0] == '.' ||
		    (depth == 0 && strcmp(e->d_name, "errors") == 0))
			continue;
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >=
		        sizeof path ||
		    (size_t)snprintf(sub, sizeof sub, "%s%s", rel, e->d_name) >=
		        sizeof sub)
			continue;
		/* Symbolic links are not followed: the list is what the
		 * directory itself holds. */
		if (lstat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode) && depth < FB_DIR_DEPTH) {
			char subdir[sizeof sub + 1];
			snprintf(subdir, sizeof subdir, "%s/", sub);
			rc = fb_pages_scan(p, path, subdir, depth + 1, err, errlen);
		} else if (S_ISREG(st.st_mode) && fb_ends_with(e->d_name, ".html")) {
			char page[1200];
			snprintf(page, sizeof page, "%s/%s", p->base, sub);
			rc = fb_pages_add(p, page);
			if (rc == 0 && strcmp(e->d_name, "index.html") == 0) {
				snprintf(page, sizeof page, "%s/%s", p->base, rel);
				rc = fb_pages_add(p, page);
			}
			if (rc)
				snprintf(err, errlen, "Kaiji.HtdocsDir: too many pages, "
				         "or out of memory");
		}
	}
	closedir(d);
	return rc;
}

static int fb_strcmp_p(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int fb_pages_load(struct fb_pages **out, const char *htdocs_dir,
                  const char *base_path, char *err, size_t errlen)
{
	struct fb_pages *p = calloc(1, sizeof *p);
	*out = NULL;
	if (p == NULL || (p->base = strdup(base_path)) == NULL) {
		free(p);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	p->nbase = strlen(p->base);
	if (fb_pages_scan(p, htdocs_dir, "", 0, err, errlen) != 0) {
		fb_pages_free(p);
		return -1;
	}
	if (p->n)
		qsort(p->list, p->n, sizeof *p->list, fb_strcmp_p);
	*out = p;
	return 0;
}

void fb_pages_free(struct fb_pages *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->n; i++)
		free(p->list[i]);
	free(p->list);
	free(p->base);
	free(p);
}

size_t fb_pages_count(const struct fb_pages *p)
{
	return p ? p->n : 0;
}

static bool fb_path_chars(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '/' || *s == '-' ||
		      *s == '_' || *s == '.'))
			return false;
	return true;
}

/* "/register/12": one segment of the route matcher's characters. */
static bool fb_segment(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                     "0123456789-_");
	return n > 0 && n <= 64 && s[n] == '\0';
}

static bool fb_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The programs' own paths below the base path (DESIGN.md, Default URLs). */
static bool fb_dynamic_ok(const char *r)
{
	return strcmp(r, "/request") == 0 || fb_prefix(r, "/request/") ||
	       strcmp(r, "/status") == 0 || fb_prefix(r, "/status/") ||
	       strcmp(r, "/register") == 0 ||
	       (fb_prefix(r, "/register/") && fb_segment(r + 10)) ||
	       fb_prefix(r, "/desk/") || fb_prefix(r, "/pay/") ||
	       strcmp(r, "/feedback") == 0;
}

bool fb_page_ok(const struct fb_pages *p, const char *page)
{
	if (p == NULL || page == NULL || strlen(page) > FB_PAGE_MAX ||
	    !fb_path_chars(page) || strstr(page, "..") || strstr(page, "//") ||
	    strncmp(page, p->base, p->nbase) != 0 || page[p->nbase] != '/')
		return false;
	if (fb_dynamic_ok(page + p->nbase))
		return true;
	return p->n > 0 && bsearch(&page, p->list, p->n, sizeof *p->list,
	                           fb_strcmp_p) != NULL;
}

/* ---- masking ---- */

#define FB_RUN_GROUPS 64

static bool fb_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool fb_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool fb_local_char(unsigned char c)
{
	return fb_alpha(c) || fb_digit(c) || (c != 0 && strchr("._%+-'", c));
}

static bool fb_domain_char(unsigned char c)
{
	return fb_alpha(c) || fb_digit(c) || c == '.' || c == '-';
}

/* The address around the '@' at i: marks it and returns its last byte,
 * or returns i when there is none (an empty local part, or a domain without
 * a dot and a top-level label of two or more letters). */
static size_t fb_mask_email(const char *s, size_t n, size_t i,
                            unsigned char *m)
{
	size_t j = i, k = i + 1, end;
	while (j > 0 && fb_local_char((unsigned char)s[j - 1]))
		j--;
	while (k < n && fb_domain_char((unsigned char)s[k]))
		k++;
	end = k;
	while (end > i + 1 && (s[end - 1] == '.' || s[end - 1] == '-'))
		end--;
	if (j == i || end == i + 1 || s[i + 1] == '.')
		return i;
	/* The address ends after the last label of two or more letters that
	 * follows a dot: "a@example.com03-..." ends at "com". */
	size_t last = i;
	for (size_t dot = i + 2; dot < end; dot++) {
		if (s[dot] != '.')
			continue;
		size_t tld = dot + 1;
		while (tld < end && fb_alpha((unsigned char)s[tld]))
			tld++;
		if (tld - dot - 1 >= 2)
			last = tld;
	}
	if (last == i)
		return i;
	end = last;
	memset(m + j, 1, end - j);
	return end - 1;
}

/* Bytes of one separator character inside a number at s[i], or 0: a
 * space, a hyphen, a parenthesis, or a dash (U+2010..2015, U+2212 minus,
 * U+30FC ー, which people type for a hyphen). */
static size_t fb_sep_len(const char *s, size_t n, size_t i)
{
	unsigned char c = (unsigned char)s[i];
	if (c == ' ' || c == '-' || c == '(' || c == ')')
		return 1;
	if (i + 2 < n) {
		unsigned char c1 = (unsigned char)s[i + 1], c2 = (unsigned char)s[i + 2];
		if (c == 0xE2 && c1 == 0x80 && c2 >= 0x90 && c2 <= 0x95)
			return 3;
		if (c == 0xE2 && c1 == 0x88 && c2 == 0x92)
			return 3;
		if (c == 0xE3 && c1 == 0x83 && c2 == 0xBC)
			return 3;
	}
	return 0;
}

struct fb_run {
	size_t start[FB_RUN_GROUPS], end[FB_RUN_GROUPS];
	size_t ngroups;
	size_t lead;   /* where a '+' or a 〒 before the first group starts */
	bool plus, zip;
};

/* Separators between two groups: one to three separator characters
 * followed by a digit. Returns the index of that digit, or 0. */
static size_t fb_next_group(const char *s, size_t n, size_t i,
                            const unsigned char *m)
{
	for (int k = 0; k < 3 && i < n && !m[i]; k++) {
		size_t w = fb_sep_len(s, n, i);
		if (w == 0)
			return 0;
		i += w;
		if (i < n && fb_digit((unsigned char)s[i]) && !m[i])
			return i;
	}
	return 0;
}

/* "〒" (U+3012), perhaps followed by spaces, ending at i. */
static bool fb_zip_mark(const char *s, size_t i, size_t *at)
{
	for (int k = 0; k < 2 && i > 0 && s[i - 1] == ' '; k++)
		i--;
	if (i >= 3 && memcmp(s + i - 3, "\xE3\x80\x92", 3) == 0) {
		*at = i - 3;
		return true;
	}
	return false;
}

static void fb_run_read(const char *s, size_t n, size_t i,
                        const unsigned char *m, struct fb_run *r)
{
	r->ngroups = 0;
	r->lead = i;
	r->plus = i > 0 && s[i - 1] == '+' && !m[i - 1];
	if (r->plus)
		r->lead = i - 1;
	r->zip = !r->plus && fb_zip_mark(s, i, &r->lead);
	while (r->ngroups < FB_RUN_GROUPS) {
		r->start[r->ngroups] = i;
		while (i < n && fb_digit((unsigned char)s[i]) && !m[i])
			i++;
		r->end[r->ngroups++] = i;
		size_t next = fb_next_group(s, n, i, m);
		if (next == 0)
			break;
		i = next;
	}
}

/* A window of groups a..b-1 of a run, summed as it grows. */
struct fb_window {
	size_t digits, groups, first, last, min_len;
	bool at_start; /* a == 0: a '+' or 〒 before the run counts */
	char lead_digit;
};

/* Does the window look like personal data? */
static bool fb_window_masks(const struct fb_run *r, const struct fb_window *w)
{
	size_t d = w->digits, g = w->groups;
	if (w->at_start && r->zip && d == 7)
		return true;
	if (w->at_start && r->plus && d >= 10 && d <= 13)
		return true;
	/* 電話番号: 0 and 9 or 10 more digits, as one number, or area code
	 * (2 to 5 digits), exchange and subscriber number (4 digits; 3 in
	 * 0120-123-456). */
	if (w->lead_digit == '0' && (d == 10 || d == 11) &&
	    (g == 1 || ((g == 2 || g == 3) && w->first >= 2 && w->first <= 5 &&
	                w->last >= 3)))
		return true;
	/* 郵便番号: 1234567 or 123-4567. */
	if (d == 7 && (g == 1 || (g == 2 && w->first == 3 && w->last == 4)))
		return true;
	/* マイナンバー (12), card and account numbers: long runs in groups of
	 * four or more, which dates (2024-01-15) are not. */
	return d >= 12 && w->min_len >= 4;
}

/* The end of the longest window from group a that masks, or a. */
static size_t fb_longest_window(const char *s, const struct fb_run *r,
                                size_t a)
{
	struct fb_window w = { 0, 0, r->end[a] - r->start[a], 0, (size_t)-1,
		               a == 0, s[r->start[a]] };
	size_t best = a;
	for (size_t b = a; b < r->ngroups; b++) {
		size_t len = r->end[b] - r->start[b];
		w.digits += len;
		w.groups++;
		w.last = len;
		if (len < w.min_len)
			w.min_len = len;
		if (fb_window_masks(r, &w))
			best = b + 1;
	}
	return best;
}

/* Marks the parts of the run that look like personal data, greedily from
 * the left, the longest window first; returns where the run ends. */
static size_t fb_mask_run(const char *s, size_t n, size_t i, unsigned char *m)
{
	struct fb_run r;
	fb_run_read(s, n, i, m, &r);
	size_t a = 0;
	while (a < r.ngroups) {
		size_t b = fb_longest_window(s, &r, a);
		if (b == a) {
			a++;
			continue;
		}
		size_t from = a == 0 && (r.plus || r.zip) ? r.lead : r.start[a];
		memset(m + from, 1, r.end[b - 1] - from);
		a = b;
	}
	return r.end[r.ngroups - 1];
}

static char *fb_nfkc(struct arena *a, const char *s, size_t len)
{
	utf8proc_uint8_t *dst = NULL;
	if (len == 0)
		return arena_strdup(a, "");
	if (memchr(s, '\0', len))
		return NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s,
	                                  (utf8proc_ssize_t)len, &dst,
	                                  UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	                                      UTF8PROC_COMPAT);
	if (n < 0)
		return NULL;
	char *out = arena_strndup(a, (const char *)dst, (size_t)n);
	free(dst);
	return out;
}

char *fb_mask(struct arena *a, const char *s, size_t len)
{
	char *t = fb_nfkc(a, s, len);
	if (t == NULL)
		return NULL;
	size_t n = strlen(t);
	unsigned char *m = arena_calloc(a, n + 1, 1);
	for (size_t i = 0; i < n; i++)
		if (t[i] == '@')
			i = fb_mask_email(t, n, i, m);
	for (size_t i = 0; i < n; i++)
		if (fb_digit((unsigned char)t[i]) && !m[i])
			i = fb_mask_run(t, n, i, m) - 1;
	struct buf out;
	buf_init(&out, a);
	for (size_t i = 0; i < n; i++) {
		if (!m[i]) {
			buf_putc(&out, t[i]);
			continue;
		}
		buf_puts(&out, FB_MASK);
		while (i + 1 < n && m[i + 1])
			i++;
	}
	return out.data;
}

/* ---- the rate limit ---- */

static const char sql_throttle_purge[] =
    "DELETE FROM throttle WHERE bucket = 'feedback' AND at < ?1";
static const char sql_throttle_count[] =
    "SELECT COUNT(*) FROM throttle WHERE bucket = 'feedback' "
    "AND key_hash = ?1 AND at > ?2";
static const char sql_throttle_add[] =
    "INSERT INTO throttle (bucket, key_hash, at) VALUES ('feedback', ?1, ?2)";

static int fb_rate_step(struct db *db, const char *key, long long now,
                        int per_hour, bool *limited)
{
	struct db_stmt *st = db_stmt(db, sql_throttle_purge);
	if (st == NULL || db_bind_int(st, 1, now - 86400) != DB_OK ||
	    db_step_done(db, st, NULL) != 0)
		return -1;
	st = db_stmt(db, sql_throttle_count);
	if (st == NULL || db_bind_text(st, 1, key) != DB_OK ||
	    db_bind_int(st, 2, now - 3600) != DB_OK ||
	    db_step(st) != DB_ROW)
		return -1;
	*limited = db_col_int64(st, 0) >= per_hour;
	db_reset(st);
	if (*limited)
		return 0;
	st = db_stmt(db, sql_throttle_add);
	if (st == NULL || db_bind_text(st, 1, key) != DB_OK ||
	    db_bind_int(st, 2, now) != DB_OK || db_step_done(db, st, NULL) != 0)
		return -1;
	return 0;
}

enum fb_rate fb_rate_take(struct db *db, struct arena *a, const char *client,
                          cal_day today, long long now, int per_hour)
{
	char day[11];
	cal_format(today, day);
	const char *in = arena_printf(a, "%s|%s", day, client ? client : "");
	const char *key = token_hash(a, TOKEN_FEEDBACK, in, strlen(in));
	bool limited = false;
	if (db_begin(db) != 0)
		return FB_RATE_ERROR;
	if (fb_rate_step(db, key, now, per_hour, &limited) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		return FB_RATE_ERROR;
	}
	return limited ? FB_RATE_LIMITED : FB_RATE_OK;
}

/* ---- storage ---- */

void fb_stamp(long long now, char out[32])
{
	long long t = now + 9 * 3600; /* Asia/Tokyo has no summer time */
	long long days = t / 86400, secs = t % 86400;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	int y, mo, d;
	cal_to_ymd((cal_day)days, &y, &mo, &d);
	snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d+09:00", y, mo, d,
	         (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
}

static const char sql_store[] =
    "INSERT INTO feedback (page, lang, understandable, findable, comment, "
    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

int fb_store(struct db *db, struct arena *a, const struct fb_post *post,
             long long now)
{
	char at[32];
	const char *comment = "";
	if (post->comment && post->comment_len) {
		comment = fb_mask(a, post->comment, post->comment_len);
		if (comment == NULL)
			return -1;
	}
	if (post->understandable == FB_NONE || post->findable == FB_NONE)
		return -1;
	fb_stamp(now, at);
	struct db_stmt *st = db_stmt(db, sql_store);
	if (st == NULL || db_bind_text(st, 1, post->page) != DB_OK ||
	    db_bind_text(st, 2, post->lang) != DB_OK ||
	    db_bind_text(st, 3, fb_answer_name(post->understandable)) != DB_OK ||
	    db_bind_text(st, 4, fb_answer_name(post->findable)) != DB_OK ||
	    db_bind_text(st, 5, comment) != DB_OK ||
	    db_bind_text(st, 6, at) != DB_OK ||
	    db_step_done(db, st, NULL) != 0)
		return -1;
	return 0;
}

/* ---- results ---- */

int fb_range_parse(struct fb_range *r, const char *from, const char *to)
{
	cal_day f = 0, t = 0;
	memset(r, 0, sizeof *r);
	if (from && *from) {
		if (cal_parse(from, &f) != 0)
			return -1;
		cal_format(f, r->from);
	}
	if (to && *to) {
		if (cal_parse(to, &t) != 0)
			return -1;
		cal_format(t, r->to);
	}
	if (r->from[0] && r->to[0] && f > t)
		return -1;
	return 0;
}

/* ?1 from, ?2 to: "" is open. created_at starts with the day. */
#define FB_RANGE_SQL                                                     \
	"(?1 = '' OR substr(created_at, 1, 10) >= ?1) AND "                  \
	"(?2 = '' OR substr(created_at, 1, 10) <= ?2)"

/* A comparison counted as 0 or 1 through CAST: PostgreSQL's booleans do
 * not add up (docs/engines.md). */
static const char sql_results[] =
    "SELECT page, COUNT(*), "
    "SUM(CAST(understandable = 'yes' AS INTEGER)), "
    "SUM(CAST(understandable = 'neutral' AS INTEGER)), "
    "SUM(CAST(understandable = 'no' AS INTEGER)), "
    "SUM(CAST(findable = 'yes' AS INTEGER)), "
    "SUM(CAST(findable = 'neutral' AS INTEGER)), "
    "SUM(CAST(findable = 'no' AS INTEGER)), SUM(CAST(comment <> '' AS INTEGER)) "
    "FROM feedback WHERE " FB_RANGE_SQL " "
    "GROUP BY page ORDER BY COUNT(*) DESC, page LIMIT ?3";

static int fb_bind_range(struct db_stmt *st, const struct fb_range *r)
{
	if (db_bind_text(st, 1, r->from) != DB_OK ||
	    db_bind_text(st, 2, r->to) != DB_OK)
		return -1;
	return 0;
}

static void fb_counts_row(struct db_stmt *st, struct arena *a,
                          struct fb_counts *c)
{
	c->page = arena_strdup(a, db_col_text(st, 0));
	c->total = (long)db_col_int64(st, 1);
	for (int k = 0; k < 3; k++) {
		c->u[k] = (long)db_col_int64(st, 2 + k);
		c->f[k] = (long)db_col_int64(st, 5 + k);
	}
	c->comments = (long)db_col_int64(st, 8);
}

int fb_results(struct db *db, struct arena *a, const struct fb_range *r,
               size_t max, struct fb_counts **out, size_t *n)
{
	struct db_stmt *st = db_stmt(db, sql_results);
	*n = 0;
	*out = arena_calloc(a, max + 1, sizeof **out);
	if (st == NULL || fb_bind_range(st, r) != 0 ||
	    db_bind_int(st, 3, (long long)max) != DB_OK)
		return -1;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && *n < max)
		fb_counts_row(st, a, &(*out)[(*n)++]);
	db_reset(st);
	return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

int fb_pct(long count, long total)
{
	if (total <= 0 || count <= 0)
		return 0;
	return (int)((count * 200 + total) / (total * 2));
}

static const char sql_comments[] =
    "SELECT created_at, page, understandable, findable, comment "
    "FROM feedback WHERE comment <> '' AND " FB_RANGE_SQL " "
    "AND (?3 = '' OR page = ?3) ORDER BY id DESC LIMIT ?4";

int fb_comments(struct db *db, struct arena *a, const struct fb_range *r,
                const char *page, size_t max, struct fb_comment **out,
                size_t *n)
{
	struct db_stmt *st = db_stmt(db, sql_comments);
	*n = 0;
	*out = arena_calloc(a, max + 1, sizeof **out);
	if (st == NULL || fb_bind_range(st, r) != 0 ||
	    db_bind_text(st, 3, page ? page : "") != DB_OK ||
	    db_bind_int(st, 4, (long long)max) != DB_OK)
		return -1;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && *n < max) {
		struct fb_comment *c = &(*out)[(*n)++];
		c->at = arena_strdup(a, db_col_text(st, 0));
		c->page = arena_strdup(a, db_col_text(st, 1));
		c->understandable = fb_answer_parse(db_col_text(st, 2));
		c->findable = fb_answer_parse(db_col_text(st, 3));
		c->comment = arena_strdup(a, db_col_text(st, 4));
	}
	db_reset(st);
	return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

static void fb_hdf_set(HDF *hdf, const char *name, const char *value)
{
	NEOERR *err = hdf_set_value(hdf, name, value);
	if (err != STATUS_OK) {
		nerr_ignore(&err);
		log_event(LOG_ERR, "out of memory in hdf: exiting");
		exit(70);
	}
}

static void fb_hdf_long(HDF *hdf, const char *prefix, const char *key, long v)
{
	char name[256], value[32];
	snprintf(name, sizeof name, "%s.%s", prefix, key);
	snprintf(value, sizeof value, "%ld", v);
	fb_hdf_set(hdf, name, value);
}

static void fb_hdf_answers(HDF *hdf, const char *prefix, const long c[3],
                           long total, int width_max)
{
	static const char *const keys[3] = { "Yes", "Neutral", "No" };
	char name[256];
	for (int k = 0; k < 3; k++) {
		int pct = fb_pct(c[k], total);
		long width = ((long)pct * width_max + 50) / 100;
		if (c[k] > 0 && width == 0)
			width = 1; /* a bar for every answer given */
		snprintf(name, sizeof name, "%s.%s", prefix, keys[k]);
		fb_hdf_long(hdf, name, "Count", c[k]);
		fb_hdf_long(hdf, name, "Pct", pct);
		fb_hdf_long(hdf, name, "Width", width);
	}
}

void fb_results_hdf(HDF *hdf, const char *prefix, const struct fb_counts *c,
                    size_t n, int width_max)
{
	char p[200], q[220];
	for (size_t i = 0; i < n; i++) {
		snprintf(p, sizeof p, "%s.%zu", prefix, i);
		snprintf(q, sizeof q, "%s.Page", p);
		fb_hdf_set(hdf, q, c[i].page);
		fb_hdf_long(hdf, p, "Total", c[i].total);
		fb_hdf_long(hdf, p, "Comments", c[i].comments);
		snprintf(q, sizeof q, "%s.U", p);
		fb_hdf_answers(hdf, q, c[i].u, c[i].total, width_max);
		snprintf(q, sizeof q, "%s.F", p);
		fb_hdf_answers(hdf, q, c[i].f, c[i].total, width_max);
	}
}

/* ---- CSV ---- */

static void fb_csv_text(struct arena *a, fb_write_fn write, void *ctx,
                        const char *s, bool last)
{
	size_t len = strlen(s);
	/* A spreadsheet runs a cell that starts with these as a formula. */
	bool guard = len > 0 && strchr("=+-@\t\r", s[0]) != NULL;
	const char *v = guard ? arena_printf(a, "'%s", s) : s;
	size_t vlen = len + (guard ? 1 : 0);
	size_t need = csv_write(NULL, 0, v, vlen);
	char *out = arena_alloc(a, need + 1);
	csv_write(out, need, v, vlen);
	write(ctx, out, need);
	write(ctx, last ? "\r\n" : ",", last ? 2 : 1);
}

static void fb_csv_long(fb_write_fn write, void *ctx, long v, bool last)
{
	char s[32];
	int n = snprintf(s, sizeof s, "%ld%s", v, last ? "\r\n" : ",");
	write(ctx, s, (size_t)n);
}

static const char sql_answers[] =
    "SELECT id, created_at, page, lang, understandable, findable, comment "
    "FROM feedback WHERE " FB_RANGE_SQL " ORDER BY id";

static const char fb_answers_head[] =
    "id,created_at,page,lang,understandable,findable,comment\r\n";

int fb_csv_answers(struct db *db, struct arena *a, const struct fb_range *r,
                   fb_write_fn write, void *ctx)
{
	struct db_stmt *st = db_stmt(db, sql_answers);
	if (st == NULL || fb_bind_range(st, r) != 0)
		return -1;
	write(ctx, fb_answers_head, sizeof fb_answers_head - 1);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		fb_csv_long(write, ctx, (long)db_col_int64(st, 0), false);
		for (int col = 1; col <= 6; col++)
			fb_csv_text(a, write, ctx, db_col_text(st, col), col == 6);
	}
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}

static const char fb_summary_head[] =
    "page,responses,understandable_yes,understandable_neutral,"
    "understandable_no,findable_yes,findable_neutral,findable_no,comments\r\n";

/* Every page: the desk shows the first ones, the export has them all. */
#define FB_CSV_PAGES_MAX 100000

int fb_csv_summary(struct db *db, struct arena *a, const struct fb_range *r,
                   fb_write_fn write, void *ctx)
{
	struct fb_counts *c;
	size_t n;
	if (fb_results(db, a, r, FB_CSV_PAGES_MAX, &c, &n) != 0)
		return -1;
	write(ctx, fb_summary_head, sizeof fb_summary_head - 1);
	for (size_t i = 0; i < n; i++) {
		fb_csv_text(a, write, ctx, c[i].page, false);
		fb_csv_long(write, ctx, c[i].total, false);
		for (int k = 0; k < 3; k++)
			fb_csv_long(write, ctx, c[i].u[k], false);
		for (int k = 0; k < 3; k++)
			fb_csv_long(write, ctx, c[i].f[k], false);
		fb_csv_long(write, ctx, c[i].comments, true);
	}
	return 0;
}

/* Dates as people read them (see datefmt.h). */
#include "datefmt.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "view.h"

static bool english(const struct req *req)
{
	return req->lang != NULL && strcmp(req->lang, "en") == 0;
}

/* The date words are view_word's: literal keys, looked up once. */
static const char *wday_name(struct req *req, cal_day day)
{
	static const char *const keys[7] = {
		"L.Date.Wday.0", "L.Date.Wday.1", "L.Date.Wday.2", "L.Date.Wday.3",
		"L.Date.Wday.4", "L.Date.Wday.5", "L.Date.Wday.6"
	};
	int w = cal_weekday(day);
	return w >= 0 && w < 7 ? view_word(req, keys[w]) : "";
}

static const char *month_name(struct req *req, int m)
{
	static const char *const keys[12] = {
		"L.Date.Month.1", "L.Date.Month.2", "L.Date.Month.3",
		"L.Date.Month.4", "L.Date.Month.5", "L.Date.Month.6",
		"L.Date.Month.7", "L.Date.Month.8", "L.Date.Month.9",
		"L.Date.Month.10", "L.Date.Month.11", "L.Date.Month.12"
	};
	return m >= 1 && m <= 12 ? view_word(req, keys[m - 1]) : "";
}

/* The dates are joined from their parts in the request's arena (a page
 * shows a dozen; snprintf's reading of the format was most of their cost). */
static const char *english_day(struct req *req, cal_day day)
{
	int y, m, d;
	cal_to_ymd(day, &y, &m, &d);
	struct buf b;
	buf_init(&b, req->arena);
	buf_puts(&b, wday_name(req, day));
	buf_puts(&b, " ");
	buf_put_int(&b, d);
	buf_puts(&b, " ");
	buf_puts(&b, month_name(req, m));
	buf_puts(&b, " ");
	buf_put_int(&b, y);
	return b.data;
}

/* （金） after a Japanese date. */
static void put_ja_wday(struct buf *b, struct req *req, cal_day day)
{
	buf_puts(b, view_word(req, "L.Date.Open"));
	buf_puts(b, wday_name(req, day));
	buf_puts(b, view_word(req, "L.Date.Close"));
}

const char *datefmt_day(struct req *req, cal_day day)
{
	if (english(req))
		return english_day(req, day);
	int y, m, d;
	cal_to_ymd(day, &y, &m, &d);
	struct buf b;
	buf_init(&b, req->arena);
	buf_put_int(&b, y);
	buf_puts(&b, view_word(req, "L.Date.Y"));
	buf_put_int(&b, m);
	buf_puts(&b, view_word(req, "L.Date.M"));
	buf_put_int(&b, d);
	buf_puts(&b, view_word(req, "L.Date.D"));
	put_ja_wday(&b, req, day);
	return b.data;
}

const char *datefmt_wareki(struct req *req, cal_day day)
{
	char buf[64];
	if (english(req) || cal_format_wareki(day, buf, sizeof buf) != 0)
		return datefmt_day(req, day);
	struct buf b;
	buf_init(&b, req->arena);
	buf_puts(&b, buf);
	put_ja_wday(&b, req, day);
	return b.data;
}

const char *datefmt_clock(struct req *req, int minute)
{
	int h = minute / 60 % 24, mi = minute % 60;
	if (english(req))
		return arena_printf(req->arena, "%02d:%02d", h, mi);
	return arena_printf(req->arena, "%d%s%d%s", h,
	                    view_word(req, "L.Date.Hour"), mi,
	                    view_word(req, "L.Date.Minute"));
}

static const char *with_time(struct req *req, cal_day day, int minute)
{
	int h = minute / 60, mi = minute % 60;
	if (english(req))
		return arena_printf(req->arena, "%s, %02d:%02d",
		                    english_day(req, day), h, mi);
	return arena_printf(req->arena, "%s%d%s%d%s", datefmt_day(req, day), h,
	                    view_word(req, "L.Date.Hour"), mi,
	                    view_word(req, "L.Date.Minute"));
}

static int parse_ymd(const char *s, cal_day *day)
{
	char ymd[11];
	memcpy(ymd, s, 10);
	ymd[10] = '\0';
	return cal_parse(ymd, day);
}

static int parse_hm(const char *s, int *minute)
{
	if (s[0] < '0' || s[0] > '2' || s[1] < '0' || s[1] > '9' || s[2] != ':' ||
	    s[3] < '0' || s[3] > '5' || s[4] < '0' || s[4] > '9')
		return -1;
	int h = (s[0] - '0') * 10 + (s[1] - '0');
	if (h > 23)
		return -1;
	*minute = h * 60 + (s[3] - '0') * 10 + (s[4] - '0');
	return 0;
}

int datefmt_local_parse(const char *local, cal_day *day, int *minute)
{
	if (local == NULL || strlen(local) != 16 || local[10] != 'T' ||
	    parse_ymd(local, day) != 0)
		return -1;
	return parse_hm(local + 11, minute);
}

/* Asia/Tokyo is UTC+9 all year (no DST since 1951). */
int datefmt_stamp_parse(const char *stamp, cal_day *day, int *minute)
{
	cal_day d;
	int m;
	if (stamp == NULL || strlen(stamp) != 20 || stamp[10] != 'T' ||
	    stamp[16] != ':' || stamp[19] != 'Z' || stamp[17] < '0' ||
	    stamp[17] > '5' || stamp[18] < '0' || stamp[18] > '9' ||
	    parse_ymd(stamp, &d) != 0 || parse_hm(stamp + 11, &m) != 0)
		return -1;
	m += 9 * 60;
	*day = d + m / 1440;
	*minute = m % 1440;
	return 0;
}

const char *datefmt_stamp(struct req *req, const char *stamp)
{
	cal_day day;
	int minute;
	if (datefmt_stamp_parse(stamp, &day, &minute) != 0)
		return NULL;
	return with_time(req, day, minute);
}

const char *datefmt_local(struct req *req, const char *local)
{
	cal_day day;
	int minute;
	if (datefmt_local_parse(local, &day, &minute) != 0)
		return NULL;
	return with_time(req, day, minute);
}

const char *datefmt_text(struct req *req, const char *text, bool wareki)
{
	cal_day day;
	if (text == NULL)
		return NULL;
	if (strlen(text) == 10 && cal_parse(text, &day) == 0)
		return wareki ? datefmt_wareki(req, day) : datefmt_day(req, day);
	const char *s = datefmt_stamp(req, text);
	return s ? s : datefmt_local(req, text);
}

void datefmt_set(struct req *req, const char *name, cal_day day)
{
	char iso[11], wareki[64];
	cal_format(day, iso);
	view_set(req, name, datefmt_day(req, day));
	view_set(req, arena_printf(req->arena, "%s.Iso", name), iso);
	if (cal_format_wareki(day, wareki, sizeof wareki) == 0)
		view_set(req, arena_printf(req->arena, "%s.Wareki", name),
		         datefmt_wareki(req, day));
}

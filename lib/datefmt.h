/* Dates as people read them, in the request's language, from the strings
 * under L.Date in templates/lang/LANG.hdf: a citizen's page says
 * 2026年12月4日（金）, a notice 令和8年12月4日（金）, a time 15時42分 in Japan
 * time; in English "Fri 4 December 2026" and "15:42". Never an ISO string:
 * the ISO form stays only in form values and machine-readable exports. */
#ifndef KAIJI_DATEFMT_H
#define KAIJI_DATEFMT_H

#include "calendar.h"
#include "req.h"

/* 2026年12月4日（金） / Fri 4 December 2026. */
const char *datefmt_day(struct req *req, cal_day day);
/* 令和8年12月4日（金） (元年 for an era's first year) / as datefmt_day. */
const char *datefmt_wareki(struct req *req, cal_day day);
/* A UTC event stamp (YYYY-MM-DDTHH:MM:SSZ) in Japan time with the time of
 * day: 2026年12月5日（土）0時42分 / Sat 5 December 2026, 00:42. NULL when
 * the stamp is malformed. */
const char *datefmt_stamp(struct req *req, const char *stamp);
/* A time of day alone, minutes from midnight: 15時42分 / 15:42. */
const char *datefmt_clock(struct req *req, int minute);
/* A Japan-time moment as counter slots store it (YYYY-MM-DDTHH:MM). */
const char *datefmt_local(struct req *req, const char *local);
/* Any of YYYY-MM-DD, a UTC stamp or a local moment, formatted; wareki
 * selects datefmt_wareki for a day. NULL when the text is none of them. */
const char *datefmt_text(struct req *req, const char *text, bool wareki);

/* Sets NAME to the day as people read it, NAME.Wareki to its 和暦 form and
 * NAME.Iso to YYYY-MM-DD (for form values and data attributes). */
void datefmt_set(struct req *req, const char *name, cal_day day);

/* The Japan-time day and minute of the day of a UTC stamp. 0 or -1. */
int datefmt_stamp_parse(const char *stamp, cal_day *day, int *minute);
/* The same for a local moment YYYY-MM-DDTHH:MM. 0 or -1. */
int datefmt_local_parse(const char *local, cal_day *day, int *minute);

#endif

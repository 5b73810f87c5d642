/* The Japanese calendar: national holidays, the city's closed days, and
 * every due date and window the system shows. Dates are civil dates in
 * Asia/Tokyo whatever the server's TZ. */
#ifndef KAIJI_CALENDAR_H
#define KAIJI_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Days since 1970-01-01 in the proleptic Gregorian calendar. */
typedef int32_t cal_day;

/* How an ordinance counts a period of N days (民法140, and ordinances that
 * say 起算して). */
enum cal_count {
	CAL_FROM_NEXT_DAY,    /* 翌日起算: last day = received + N */
	CAL_FROM_RECEIPT_DAY, /* 当日起算: last day = received + N - 1 */
};

/* The city's rules, filled from its profile. */
struct cal_rules {
	bool roll_forward; /* a last day on a closed day moves to the next open day */
	const cal_day *extra_closed; /* sorted */
	size_t n_extra_closed;
	const cal_day *extra_open; /* sorted; wins over every closed rule */
	size_t n_extra_open;
};

/* The decision period for one request kind. */
struct cal_period {
	int days;
	enum cal_count count;
	int extension_max_days; /* 0: no extension */
};

#endif

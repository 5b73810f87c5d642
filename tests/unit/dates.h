/* Dates in unit tests: D("2026-07-03") (a bad date in a test stops it
 * with 99) and F(day), the day as text (four at a time may be alive). */
#ifndef KAIJI_TEST_DATES_H
#define KAIJI_TEST_DATES_H

#include <stdio.h>
#include <stdlib.h>

#include "calendar.h"

static cal_day
D(const char *s)
{
	cal_day d = 0;

	if (cal_parse(s, &d) != 0) {
		printf("# bad date in test: %s\n", s);
		exit(99);
	}
	return d;
}

static const char *
F(cal_day d)
{
	static char buf[4][11];
	static int i;

	i = (i + 1) % 4;
	cal_format(d, buf[i]);
	return buf[i];
}

#endif

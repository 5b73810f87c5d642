/* kaijictl calendar: see tools/cmd-calendar.h. */
#include "cmd-calendar.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A range printed by "closed" is at most this long (about ten years). */
#define CMD_CAL_MAX_RANGE 3660

static const char *const cmd_cal_kinds[CMD_CAL_NKINDS] = {
	"disclosure", "correction", "suspension", "deletion", "cessation",
};

static int
cmd_cal_usage(FILE *err, const char *why)
{
	fprintf(err, "calendar: %s\n"
	             "usage: calendar holidays YEAR\n"
	             "       calendar due RECEIVED KIND\n"
	             "       calendar closed FROM TO\n"
	             "       calendar appeal NOTICE_RECEIVED [DECIDED]\n"
	             "dates are YYYY-MM-DD; KIND is disclosure, correction, "
	             "suspension, deletion or cessation\n",
	        why);
	return 2;
}

static int
cmd_cal_date(const char *s, cal_day *out, FILE *err)
{
	if (cal_parse(s, out) == 0)
		return 0;
	fprintf(err, "calendar: not a date (YYYY-MM-DD): %s\n", s);
	return -1;
}

static void
cmd_cal_print(FILE *out, cal_day day, const char *text)
{
	char ymd[11];

	cal_format(day, ymd);
	if (text != NULL)
		fprintf(out, "%s\t%s\n", ymd, text);
	else
		fprintf(out, "%s\n", ymd);
}

static int
cmd_cal_holidays(int argc, char **argv, FILE *out, FILE *err)
{
	struct cal_holiday h[64];
	char *end;
	long year;
	size_t n;

	if (argc != 3)
		return cmd_cal_usage(err, "holidays takes a YEAR");
	errno = 0;
	year = strtol(argv[2], &end, 10);
	if (errno != 0 || end == argv[2] || *end != '\0' ||
	    year < CAL_HOLIDAY_FIRST_YEAR || year > CAL_HOLIDAY_LAST_YEAR) {
		fprintf(err, "calendar: YEAR must be %d to %d: %s\n",
		        CAL_HOLIDAY_FIRST_YEAR, CAL_HOLIDAY_LAST_YEAR, argv[2]);
		return 2;
	}
	n = cal_holidays((int)year, h, sizeof h / sizeof h[0]);
	for (size_t i = 0; i < n && i < sizeof h / sizeof h[0]; i++)
		cmd_cal_print(out, h[i].day, h[i].name);
	return 0;
}

static int
cmd_cal_due(int argc, char **argv, const struct cal_rules *rules,
            const struct cal_period periods[5], FILE *out, FILE *err)
{
	cal_day received, due;
	int kind = -1;

	if (argc != 4)
		return cmd_cal_usage(err, "due takes RECEIVED and KIND");
	if (cmd_cal_date(argv[2], &received, err) != 0)
		return 2;
	for (int i = 0; i < CMD_CAL_NKINDS; i++)
		if (strcmp(argv[3], cmd_cal_kinds[i]) == 0)
			kind = i;
	if (kind < 0)
		return cmd_cal_usage(err, "unknown KIND");
	if (periods[kind].days == 0) {
		fprintf(err, "calendar: this city takes no %s requests\n",
		        argv[3]);
		return 2;
	}
	if (cal_due_date(rules, &periods[kind], received, NULL, 0, &due) !=
	    CAL_OK) {
		fprintf(err, "calendar: the %s period is out of range\n",
		        argv[3]);
		return 2;
	}
	cmd_cal_print(out, due, NULL);
	return 0;
}

static int
cmd_cal_closed(int argc, char **argv, const struct cal_rules *rules,
               FILE *out, FILE *err)
{
	cal_day from, to;

	if (argc != 4)
		return cmd_cal_usage(err, "closed takes FROM and TO");
	if (cmd_cal_date(argv[2], &from, err) != 0 ||
	    cmd_cal_date(argv[3], &to, err) != 0)
		return 2;
	if (to < from || to - from > CMD_CAL_MAX_RANGE) {
		fprintf(err, "calendar: FROM must not be after TO, and the "
		             "range at most %d days\n", CMD_CAL_MAX_RANGE);
		return 2;
	}
	for (cal_day d = from; d <= to; d++) {
		const char *why = cal_closed_reason(rules, d);

		if (why != NULL)
			cmd_cal_print(out, d, why);
	}
	return 0;
}

static int
cmd_cal_appeal(int argc, char **argv, const struct cal_rules *rules,
               FILE *out, FILE *err)
{
	struct cal_appeal a;
	cal_day notice, decided;

	if (argc != 3 && argc != 4)
		return cmd_cal_usage(err, "appeal takes NOTICE_RECEIVED "
		                          "and optionally DECIDED");
	if (cmd_cal_date(argv[2], &notice, err) != 0)
		return 2;
	decided = notice;
	if (argc == 4 && cmd_cal_date(argv[3], &decided, err) != 0)
		return 2;
	if (cal_appeal_window(rules, notice, decided, &a) != CAL_OK) {
		fprintf(err, "calendar: DECIDED must not be after "
		             "NOTICE_RECEIVED, and both before 9999\n");
		return 2;
	}
	cmd_cal_print(out, a.last_day, NULL);
	return 0;
}

int
cmd_calendar(int argc, char **argv, const struct cal_rules *rules,
             const struct cal_period periods[5], FILE *out, FILE *err)
{
	if (argc < 2 || argv == NULL || argv[1] == NULL)
		return cmd_cal_usage(err, "missing subcommand");
	if (strcmp(argv[1], "holidays") == 0)
		return cmd_cal_holidays(argc, argv, out, err);
	if (strcmp(argv[1], "due") == 0)
		return cmd_cal_due(argc, argv, rules, periods, out, err);
	if (strcmp(argv[1], "closed") == 0)
		return cmd_cal_closed(argc, argv, rules, out, err);
	if (strcmp(argv[1], "appeal") == 0)
		return cmd_cal_appeal(argc, argv, rules, out, err);
	return cmd_cal_usage(err, "unknown subcommand");
}

/* kaijictl calendar: holidays, due dates, closed days and appeal windows
 * from the command line, under the active city profile. */
#ifndef KAIJI_CMD_CALENDAR_H
#define KAIJI_CMD_CALENDAR_H

#include <stdio.h>

#include "calendar.h"

/* Request kinds, the index into periods[]; a period with days 0 means the
 * city has no such request. */
enum cmd_cal_kind {
	CMD_CAL_DISCLOSURE,
	CMD_CAL_CORRECTION,
	CMD_CAL_SUSPENSION,
	CMD_CAL_DELETION,
	CMD_CAL_CESSATION,
	CMD_CAL_NKINDS
};

/* argv[0] is "calendar". Subcommands:
 *   holidays YEAR                  YYYY-MM-DD<TAB>name per holiday, sorted
 *   due RECEIVED KIND              the decision due date
 *   closed FROM TO                 YYYY-MM-DD<TAB>reason per closed day
 *   appeal NOTICE_RECEIVED [DECIDED]  last day for a 審査請求
 * Returns 0; 2 after a usage message on err for bad arguments. */
int cmd_calendar(int argc, char **argv, const struct cal_rules *rules,
                 const struct cal_period periods[5], FILE *out, FILE *err);

#endif

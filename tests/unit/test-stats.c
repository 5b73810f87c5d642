/* 運用状況: counts per kind × agency × channel × outcome for a fiscal year
 * equal the requests made, with extensions, days to decision, 開示率 and
 * appeals. */
#include <string.h>

#include "case.h"
#include "fixture.h"
#include "stats.h"
#include "tap.h"

static struct fixture f;

static long long make(struct arena *a, enum req_kind kind, const char *agency,
                      const char *channel, const char *received)
{
	struct case_new in = { kind, agency, channel, "請求者", "{}", 0, "citizen" };
	struct case_created c;
	cal_parse(received, &in.received_on);
	if (case_create(f.db, &f.prof, a, &in, &c) != 0)
		return 0;
	return c.id;
}

static void decide(long long id, const char *decision, const char *on)
{
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_handle(f.db), "UPDATE request SET state = 'decided', decision = ?2, decided_on = ?3 WHERE id = ?1", -1, &st, NULL);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, decision, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, on, -1, SQLITE_STATIC);
	sqlite3_step(st);
	sqlite3_finalize(st);
}

int main(void)
{
	if (fixture_open(&f, "yamagata", 1) != 0)
		return 1;
	struct arena *a = arena_new();
	db_begin(f.db);
	long long r1 = make(a, KIND_DISCLOSURE, "mayor", "online", "2026-04-01");
	long long r2 = make(a, KIND_DISCLOSURE, "mayor", "online", "2026-05-10");
	long long r3 = make(a, KIND_DISCLOSURE, "mayor", "counter", "2026-06-01");
	long long r4 = make(a, KIND_CORRECTION, "board_of_education", "mail", "2027-03-31");
	long long r5 = make(a, KIND_DISCLOSURE, "mayor", "online", "2027-04-01"); /* next FY */
	long long r6 = make(a, KIND_DISCLOSURE, "mayor", "online", "2026-03-31"); /* last FY */
	long long r7 = make(a, KIND_DISCLOSURE, "mayor", "online", "2026-07-01");
	db_commit(f.db);
	TAP_OK(r1 && r2 && r3 && r4 && r5 && r6 && r7, "requests made");
	decide(r1, "full", "2026-04-10");
	decide(r2, "partial", "2026-05-24");
	decide(r3, "none", "2026-06-08");
	case_set_state(f.db, r7, CASE_WITHDRAWN, "citizen", "withdrawn", true,
	               "{\"by\":\"requester\",\"on\":\"2026-07-02\"}");
	case_event(f.db, r2, "staff:1", "extended", true, "{\"extension_days\":10}");
	sqlite3_exec(db_handle(f.db), "INSERT INTO appeal (request_id, received_on, ruled_on, outcome) VALUES (3, '2026-07-01', '2026-07-20', 'dismissed'), (2, '2026-08-01', NULL, NULL)", NULL, NULL, NULL);

	struct stats s;
	TAP_INTEQ(stats_collect(f.db, a, 2026, &s), 0, "FY2026 collected");
	TAP_INTEQ(s.requests, 5, "five requests received from 2026-04-01 to 2027-03-31");
	TAP_INTEQ(s.extensions, 1, "one extended");
	TAP_INTEQ(s.decided, 3, "three decided");
	TAP_INTEQ(s.longest_days, 14, "the longest took 14 days");
	TAP_OK(s.average_days > 9.99 && s.average_days < 10.01, "on average (9 + 14 + 7) / 3 = 10 days");
	TAP_OK(stats_disclosure_rate(&s) > 66.6 && stats_disclosure_rate(&s) < 66.7, "開示率 2 of 3");
	struct buf csv;
	buf_init(&csv, a);
	stats_csv(&s, &csv);
	TAP_OK(strstr(csv.data, "fy,agency,kind,measure,count\n") == csv.data, "the header");
	TAP_OK(strstr(csv.data, "2026,mayor,disclosure,full,1\n") != NULL, "full disclosure counted");
	TAP_OK(strstr(csv.data, "2026,mayor,disclosure,none,1\n") != NULL, "non-disclosure");
	TAP_OK(strstr(csv.data, "2026,mayor,disclosure,channel_counter,1\n") != NULL, "one at the counter");
	TAP_OK(strstr(csv.data, "2026,mayor,disclosure,withdrawn,1\n") != NULL, "withdrawn");
	TAP_OK(strstr(csv.data, "2026,board_of_education,correction,carried_out,1\n") != NULL,
	       "undecided on 3/31: carried over to the next year");
	TAP_OK(strstr(csv.data, "2026,mayor,disclosure,carried_in,1\n") != NULL,
	       "the request of 2026-03-31, undecided, carried over from FY2025");
	TAP_OK(strstr(csv.data, "2026,mayor,disclosure,appeal_dismissed,1\n") &&
	       strstr(csv.data, "2026,mayor,disclosure,appeal_carried_out,1\n"),
	       "appeals by outcome, the open one carried over");
	TAP_INTEQ(stats_count(&s, NULL, NULL, "carried_in") + stats_count(&s, NULL, NULL, "received"),
	          stats_count(&s, NULL, NULL, "full") + stats_count(&s, NULL, NULL, "partial") +
	          stats_count(&s, NULL, NULL, "none") + stats_count(&s, NULL, NULL, "withdrawn") +
	          stats_count(&s, NULL, NULL, "carried_out"),
	          "carried in + received = decided + withdrawn + carried out");
	TAP_STREQ(stats_decision_measure("deletion", "stop"), "delete", "削除 labelled as such");
	TAP_STREQ(stats_decision_measure("cessation", "not_stop"), "not_cease", "中止 labelled as such");
	TAP_STREQ(stats_decision_measure("suspension", "partly_stop"), "partly_stop", "利用停止 keeps its name");
	TAP_OK(stats_decision_measure("disclosure", "bogus") == NULL, "-bad- an unknown decision has no measure");
	TAP_INTEQ(stats_collect(f.db, a, 2025, &s), 0, "FY2025 collected");
	TAP_INTEQ(s.requests, 1, "-bad- a request of 2026-03-31 belongs to FY2025 only");
	TAP_INTEQ(stats_collect(f.db, a, 12, &s), -1, "-bad- an impossible year is refused");
	arena_free(a);
	fixture_close(&f);
	return TAP_DONE();
}

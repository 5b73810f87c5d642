/* Requests: reference numbers, access codes, due dates, the state machine
 * and events, on a real SQLite file with the real profiles. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db-sqlite.h"
#include "case.h"
#include "config.h"
#include "tap.h"
#include "token.h"

static struct db *db;
static struct profile prof;
static HDF *cfg;

static int setup(const char *city)
{
	char path[256], err[4096], root[1024];
	if (getcwd(root, sizeof root) == NULL)
		return -1;
	snprintf(path, sizeof path, "/tmp/kaiji-test-case-%d.hdf", (int)getpid());
	FILE *f = fopen(path, "w");
	fprintf(f, "#include \"%s/conf/kaiji.hdf\"\nKaiji.ConfDir = %s/conf\nKaiji.Profile = %s\n", root, root, city);
	fclose(f);
	if (config_load(path, &cfg, err, sizeof err) || profile_load(cfg, &prof, err, sizeof err)) {
		printf("# %s\n", err);
		return -1;
	}
	snprintf(path, sizeof path, "/tmp/kaiji-test-case-%d.key", (int)getpid());
	unlink(path);
	if (token_init(path, true, err, sizeof err))
		return -1;
	snprintf(path, sizeof path, "/tmp/kaiji-test-case-%d.db", (int)getpid());
	unlink(path);
	if (db_open(path, &db, err, sizeof err) || db_migrate(db, err, sizeof err))
		return -1;
	sqlite3_exec(db_handle(db), "INSERT INTO agency (id, name) VALUES ('mayor', '市長')", NULL, NULL, NULL);
	return 0;
}

static void codes(struct arena *a)
{
	char *c = case_code_new(a);
	TAP_INTEQ(strlen(c), CASE_CODE_LEN, "a code is 14 characters with hyphens");
	TAP_OK(c[4] == '-' && c[9] == '-', "in groups of four");
	TAP_OK(strcspn(c, "01OI") == strlen(c), "without look-alikes");
	TAP_OK(strcmp(c, case_code_new(a)) != 0, "two codes differ");
	TAP_STREQ(case_code_normalize(a, "abcd efgh-jkmn"), "ABCD-EFGH-JKMN", "lower case and spaces fold");
	TAP_STREQ(case_code_normalize(a, "ＡＢＣＤ－ＥＦＧＨ－ＪＫＭＮ"), "ABCD-EFGH-JKMN", "full-width hyphens fold too");
	TAP_STREQ(case_code_normalize(a, "ＡＢＣＤＥＦＧＨＪＫＭＮ"), "ABCD-EFGH-JKMN", "full-width letters fold");
	TAP_OK(case_code_normalize(a, "ABCDEFGHJKM") == NULL, "-bad- 11 characters");
	TAP_OK(case_code_normalize(a, "ABCDEFGHJKMNP") == NULL, "-bad- 13 characters");
	TAP_OK(case_code_normalize(a, "ABCD-EFGH-JKM0") == NULL, "-bad- a zero is not in the alphabet");
	TAP_OK(case_code_normalize(a, "ABCD-EFGH-JKM\xff") == NULL, "-bad- invalid UTF-8");
}

static void create_and_find(struct arena *a)
{
	struct case_new in = { KIND_DISCLOSURE, "mayor", "online", "山田 太郎", "{}", 0, "citizen" };
	struct case_created c1, c2;
	cal_parse("2026-07-03", &in.received_on);
	db_begin(db);
	TAP_INTEQ(case_create(db, &prof, a, &in, &c1), 0, "a request is created");
	TAP_INTEQ(case_create(db, &prof, a, &in, &c2), 0, "and a second");
	db_commit(db);
	TAP_STREQ(c1.ref, "2026-000001", "the first reference number of 2026");
	TAP_STREQ(c2.ref, "2026-000002", "the next one follows");
	char due[11];
	cal_format(c1.due_on, due);
	TAP_STREQ(due, "2026-07-17", "disclosure due 14 days from the next day (Yamagata)");

	struct case_row row;
	TAP_INTEQ(case_load_ref(db, a, c1.ref, &row), 0, "found by reference");
	TAP_OK(row.state == CASE_RECEIVED && row.kind == KIND_DISCLOSURE, "received, disclosure");
	TAP_OK(strcmp(row.code_hash, c1.code) != 0 && strlen(row.code_hash) == 64, "only a keyed hash is stored");
	TAP_OK(case_code_matches(a, &row, c1.ref, c1.code), "the right code matches");
	char *lower = arena_strdup(a, c1.code);
	for (char *p = lower; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	TAP_OK(case_code_matches(a, &row, c1.ref, lower), "in lower case too");
	TAP_OK(!case_code_matches(a, &row, c1.ref, c2.code), "-bad- another request's code does not");
	TAP_OK(!case_code_matches(a, NULL, "2026-999999", c1.code), "-bad- an unknown reference does not");
	TAP_INTEQ(case_load_ref(db, a, "2026-999999", &row), 1, "-bad- an unknown reference is not found");
	TAP_INTEQ(case_load_ref(db, a, "' OR 1=1 --", &row), 1, "-bad- SQL in a reference is just text");

	char *again = case_code_reissue(db, a, c1.id, c1.ref, "staff:1");
	case_load(db, a, c1.id, &row);
	TAP_OK(again && case_code_matches(a, &row, c1.ref, again), "a reissued code works");
	TAP_OK(!case_code_matches(a, &row, c1.ref, c1.code), "-bad- and the old one stops working");

	TAP_INTEQ(case_set_state(db, c1.id, CASE_REVIEWING, "staff:1", "reviewing", true, NULL), 0, "received → reviewing");
	TAP_INTEQ(case_set_state(db, c1.id, CASE_DELIVERED, "staff:1", "delivered", true, NULL), 1, "-bad- reviewing → delivered is refused");
	TAP_INTEQ(case_set_state(db, c1.id, CASE_DECIDED, "staff:1", "decided", true, NULL), 0, "reviewing → decided");
	TAP_INTEQ(case_set_state(db, c1.id, CASE_WITHDRAWN, "citizen", "withdrawn", true, NULL), 1, "-bad- a decided request cannot be withdrawn");
	cal_day d;
	cal_parse("2026-08-14", &d);
	TAP_INTEQ(case_set_due(db, c2.id, d, "staff:1", "extended", true, "大量の文書の確認に時間を要するため"), 0, "a new due date");
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_handle(db), "SELECT COUNT(*), SUM(kind = 'extended' AND data LIKE '%\"previous_due_on\":\"2026-07-17\"%') FROM event", -1, &st, NULL);
	sqlite3_step(st);
	TAP_INTEQ(sqlite3_column_int(st, 0), 6, "every change is an event");
	TAP_INTEQ(sqlite3_column_int(st, 1), 1, "the extension event keeps the old date");
	sqlite3_finalize(st);
}

/* A city adds a closed day on a due date: recompute moves it, once. */
static void recompute(struct arena *a)
{
	struct case_new in = { KIND_DISCLOSURE, "mayor", "counter", "佐藤", "{}", 0, "citizen" };
	struct case_created c;
	struct case_row row;
	cal_day old_due, new_due, closed[1];
	char o[11], n[11];
	cal_parse("2026-10-01", &in.received_on);
	db_begin(db);
	case_create(db, &prof, a, &in, &c);
	db_commit(db);
	cal_format(c.due_on, o);
	TAP_STREQ(o, "2026-10-15", "due 14 days after 10/01");
	case_load(db, a, c.id, &row);
	TAP_INTEQ(case_recompute_due(db, &prof, a, &row, &old_due, &new_due), 0, "nothing moves without a change");

	struct cal_rules saved = prof.cal;
	closed[0] = c.due_on;
	prof.cal.extra_closed = closed;
	prof.cal.n_extra_closed = 1;
	TAP_INTEQ(case_recompute_due(db, &prof, a, &row, &old_due, &new_due), 1, "a new closed day on the due date moves it");
	cal_format(new_due, n);
	TAP_STREQ(n, "2026-10-16", "to the next open day");
	case_load(db, a, c.id, &row);
	TAP_INTEQ(case_recompute_due(db, &prof, a, &row, &old_due, &new_due), 0, "and a second run changes nothing");

	/* A 補正 hold of 5 days pushes it further. */
	sqlite3_exec(db_handle(db), "INSERT INTO request_hold (request_id, from_on, to_on) "
	             "SELECT id, '2026-10-05', '2026-10-10' FROM request WHERE received_on = '2026-10-01'", NULL, NULL, NULL);
	TAP_INTEQ(case_recompute_due(db, &prof, a, &row, &old_due, &new_due), 1, "a hold is counted out");
	cal_format(new_due, n);
	TAP_STREQ(n, "2026-10-20", "5 days later (10/20)");
	prof.cal = saved;
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_handle(db), "SELECT COUNT(*) FROM event WHERE kind = 'due_recomputed' AND visible = 1", -1, &st, NULL);
	sqlite3_step(st);
	TAP_INTEQ(sqlite3_column_int(st, 0), 2, "each move is a visible event");
	sqlite3_finalize(st);
}

static void machine(void)
{
	TAP_OK(case_transition_allowed(CASE_AMENDING, CASE_REVIEWING), "補正 back to review");
	TAP_OK(!case_transition_allowed(CASE_CLOSED, CASE_REVIEWING), "-bad- closed is final");
	TAP_OK(!case_transition_allowed(CASE__MAX, CASE_REVIEWING), "-bad- out of range");
	enum case_state s;
	TAP_INTEQ(case_state_parse("consulting", &s), 0, "state names parse");
	TAP_INTEQ(case_state_parse("Consulting", &s), -1, "-bad- exactly");
	TAP_OK(case_is_open(CASE_AMENDING) && !case_is_open(CASE_DECIDED), "open states");
}

/* The first event names who filed the request: the form, or the desk. */
static void first_actor(struct arena *a)
{
	struct case_new in = { KIND_DISCLOSURE, "mayor", "mail", "紙 一郎", "{}", 0, "staff:7" };
	struct case_created c;
	cal_parse("2026-09-01", &in.received_on);
	db_begin(db);
	TAP_INTEQ(case_create(db, &prof, a, &in, &c), 0, "a paper request keyed in by staff");
	in.actor = NULL;
	TAP_INTEQ(case_create(db, &prof, a, &in, &c), -1, "-bad- no actor: refused");
	in.actor = "";
	TAP_INTEQ(case_create(db, &prof, a, &in, &c), -1, "-bad- an empty actor: refused");
	db_commit(db);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_handle(db), "SELECT e.actor, (SELECT COUNT(*) FROM request WHERE received_on = '2026-09-01') "
	                   "FROM event e JOIN request r ON r.id = e.request_id "
	                   "WHERE r.requester_name = '紙 一郎' AND e.kind = 'received'", -1, &st, NULL);
	TAP_INTEQ(sqlite3_step(st), SQLITE_ROW, "its received event");
	TAP_STREQ((const char *)sqlite3_column_text(st, 0), "staff:7", "names the staff member, not the citizen");
	TAP_INTEQ(sqlite3_column_int(st, 1), 1, "-bad- the refused ones left no row");
	sqlite3_finalize(st);
	st = NULL;
	sqlite3_prepare_v2(db_handle(db), "SELECT COUNT(*) FROM event WHERE kind = 'received' AND actor = 'citizen'", -1, &st, NULL);
	sqlite3_step(st);
	TAP_INTEQ(sqlite3_column_int(st, 0), 3, "the online ones stay the citizen's");
	sqlite3_finalize(st);
}

/* The desk's legal clock (the inbox and the staff digest read it). */
static void legal_clock(void)
{
	cal_day mon, fri;
	cal_parse("2026-12-07", &mon);
	cal_parse("2026-12-11", &fri);
	TAP_INTEQ(case_open_days_until(&prof, mon, fri), 4, "open days in (Mon, Fri]: 4");
	TAP_INTEQ(case_open_days_until(&prof, fri, fri + 3), 1, "over a weekend: Monday only");
	struct case_clock c = case_clock(&prof, "reviewing", "2026-12-11", "", mon);
	TAP_OK(c.counts && !c.rest && c.due == fri && c.left == 4, "reviewing: 4 open days left");
	c = case_clock(&prof, "consulting", "2026-12-04", "", mon);
	TAP_OK(c.counts && c.left == -3, "3 days overdue");
	c = case_clock(&prof, "amending", "2026-12-04", "", mon);
	TAP_OK(!c.counts, "-bad- 法77③: no clock while a 補正 is awaited");
	c = case_clock(&prof, "decided", "2026-12-04", "", mon);
	TAP_OK(!c.counts, "-bad- decided: met");
	c = case_clock(&prof, "decided", "2026-11-04", "2026-12-11", mon);
	TAP_OK(c.counts && c.rest && c.due == fri && c.left == 4, "法84: the rest's day counts");
	c = case_clock(&prof, "reviewing", "not a day", "", mon);
	TAP_OK(!c.counts, "-bad- a malformed day: no clock");
}

int main(void)
{
	if (setup("yamagata") != 0)
		return 1;
	struct arena *a = arena_new();
	codes(a);
	create_and_find(a);
	recompute(a);
	first_actor(a);
	machine();
	legal_clock();
	arena_free(a);
	db_close(db);
	profile_free(&prof);
	hdf_destroy(&cfg);
	return TAP_DONE();
}

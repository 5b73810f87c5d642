/* lib/digest.c: the staff daily digest — the hour and the open days, which
 * requests it lists (the desk inbox's clock: 補正, decided, 法84's rest,
 * N open days), once per agency and day, no agency without an address,
 * nothing sent when nothing is due; and lib/mail.c's staff rows only for
 * an agency with an address, in its language. Days are fixed: the test
 * passes the moment, so it holds on any day. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "arena.h"
#include "case.h"
#include "digest.h"
#include "fixture.h"
#include "mail.h"
#include "tap.h"

static struct fixture f;

static long long count(const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;
	if (sqlite3_prepare_v2(db_handle(f.db), sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static const char *text(struct arena *a, const char *sql)
{
	sqlite3_stmt *st;
	const char *s = NULL;
	if (sqlite3_prepare_v2(db_handle(f.db), sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		s = arena_strdup(a, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return s ? s : "";
}

static int exec(const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db_handle(f.db), sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		printf("# %s\n", msg);
	sqlite3_free(msg);
	return rc;
}

static cal_day day(const char *iso)
{
	cal_day d = 0;
	cal_parse(iso, &d);
	return d;
}

/* Seconds since the epoch at HH:MM in Japan on a day. */
static long long at(const char *iso, int hh, int mm)
{
	return (long long)day(iso) * 86400 + (hh - 9) * 3600 + mm * 60;
}

static void request(int id, const char *agency, const char *kind, const char *state,
                    const char *due, const char *extra)
{
	char sql[1024];
	snprintf(sql, sizeof sql,
	         "INSERT INTO request (id, ref, year, seq, kind, state, agency_id, channel,"
	         " code_hash, received_on, due_on, requester_name, data, created_at, updated_at)"
	         " VALUES (%d, '2026-%06d', 2026, %d, '%s', '%s', '%s', 'online', 'h',"
	         " '2026-11-01', '%s', '秘密 花子',"
	         " '{\"requester\":{\"name\":\"秘密 花子\",\"address\":\"秘密町1-2\"}}',"
	         " '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z');%s",
	         id, id, id, kind, state, agency, due, extra ? extra : "");
	TAP_INTEQ(exec(sql), SQLITE_OK, "request %d (%s, %s, due %s)", id, state, agency, due);
}

static struct agency *agency(const char *id)
{
	for (size_t i = 0; i < f.prof.n_agencies; i++)
		if (strcmp(f.prof.agencies[i].id, id) == 0)
			return &f.prof.agencies[i];
	return NULL;
}

static void hour_and_day(void)
{
	TAP_INTEQ(f.prof.digest.at_minutes, 8 * 60 + 30, "08:30 when the profile says nothing");
	TAP_INTEQ(f.prof.digest.open_days, 5, "5 open days when the profile says nothing");
	cal_day mon = day("2026-12-07");
	TAP_INTEQ(digest_day_due(&f.prof, at("2026-12-07", 8, 29)), 0, "-bad- not before the hour");
	TAP_INTEQ(digest_day_due(&f.prof, at("2026-12-07", 8, 30)), mon, "from the hour");
	TAP_INTEQ(digest_day_due(&f.prof, at("2026-12-07", 23, 59)), mon, "until midnight");
	TAP_INTEQ(digest_day_due(&f.prof, at("2026-12-08", 0, 5)), 0,
	          "-bad- after midnight, not yet the next day's");
	TAP_INTEQ(digest_day_due(&f.prof, at("2026-12-12", 10, 0)), 0, "-bad- not on a Saturday");
	TAP_INTEQ(digest_day_due(&f.prof, at("2026-12-29", 10, 0)), 0, "-bad- not in the year-end closure");
	TAP_INTEQ(digest_day_due(&f.prof, at("2027-01-11", 10, 0)), 0, "-bad- not on 成人の日");
}

static void selection(struct arena *a)
{
	/* The mayor's, as of Monday 2026-12-07 (N = 5 open days: up to Mon 14th). */
	request(1, "mayor", "disclosure", "reviewing", "2026-12-09", NULL);
	request(2, "mayor", "correction", "received", "2026-12-01", NULL);
	request(3, "mayor", "disclosure", "reviewing", "2027-01-20", NULL);
	request(4, "mayor", "disclosure", "amending", "2026-12-01", NULL);
	request(5, "mayor", "disclosure", "decided", "2026-12-01",
	        "UPDATE request SET decided_on = '2026-11-30', decision = 'full' WHERE id = 5;");
	/* 法84: part decided, the rest due on the 10th */
	request(6, "mayor", "disclosure", "decided", "2026-11-20",
	        "UPDATE request SET decided_on = '2026-11-20', decision = 'partial',"
	        " special_rest_by = '2026-12-10' WHERE id = 6;");
	request(7, "mayor", "suspension", "consulting", "2026-12-14", NULL);
	request(8, "mayor", "disclosure", "received", "2026-12-15", NULL);
	request(9, "mayor", "disclosure", "withdrawn", "2026-12-01", NULL);
	request(10, "mayor", "disclosure", "reviewing", "2026-12-07", NULL);
	/* the rest decided too: nothing pending */
	request(11, "mayor", "disclosure", "delivered", "2026-11-20",
	        "UPDATE request SET decided_on = '2026-11-20', decision = 'partial',"
	        " special_rest_by = '2026-12-08', rest_decided_on = '2026-12-01' WHERE id = 11;");
	request(20, "board_of_education", "disclosure", "reviewing", "2026-12-01", NULL);
	request(30, "election_board", "disclosure", "reviewing", "2027-02-01", NULL);

	struct digest_item *it;
	size_t n, more;
	TAP_INTEQ(digest_items(f.db, &f.prof, a, "mayor", day("2026-12-07"), &it, &n, &more), 0,
	          "the mayor's list");
	TAP_INTEQ(n, 5, "five listed");
	TAP_INTEQ(more, 0, "none left out");
	static const struct { const char *ref; int left; bool rest; } want[] = {
		{ "2026-000002", -6, false }, /* overdue */
		{ "2026-000010", 0, false },  /* due today */
		{ "2026-000001", 2, false },
		{ "2026-000006", 3, true },   /* 法84: the rest's day */
		{ "2026-000007", 5, false },  /* the 5th open day: still listed */
	};
	for (size_t i = 0; i < n && i < 5; i++) {
		TAP_STREQ(it[i].ref, want[i].ref, "by due date: %zu", i);
		TAP_INTEQ(it[i].left, want[i].left, "%s: days left (negative: overdue)", it[i].ref);
		TAP_INTEQ(it[i].rest, want[i].rest, "%s: the 法84 rest or not", it[i].ref);
	}
	TAP_STREQ(it[1].kind, "disclosure", "the kind");
	TAP_STREQ(it[0].kind, "correction", "the kind");
	/* -bad-: 3 beyond N, 4 waiting for a 補正, 5 decided, 8 the 6th open
	 * day, 9 withdrawn, 11 the rest decided */
	for (size_t i = 0; i < n; i++)
		TAP_OK(strcmp(it[i].ref, "2026-000003") && strcmp(it[i].ref, "2026-000004") &&
		       strcmp(it[i].ref, "2026-000005") && strcmp(it[i].ref, "2026-000008") &&
		       strcmp(it[i].ref, "2026-000009") && strcmp(it[i].ref, "2026-000011"),
		       "-bad- %s is not due", it[i].ref);
	f.prof.digest.open_days = 6;
	TAP_INTEQ(digest_items(f.db, &f.prof, a, "mayor", day("2026-12-07"), &it, &n, &more), 0,
	          "N = 6");
	TAP_INTEQ(n, 6, "N from the profile: the 6th open day listed too");
	f.prof.digest.open_days = 5;
}

static void once_a_day(struct arena *a)
{
	struct agency *mayor = agency("mayor"), *elect = agency("election_board");
	mayor->staff_mail = "desk-mayor@city.example.jp";
	elect->staff_mail = "desk-election@city.example.jp";
	TAP_INTEQ(digest_queue(f.db, &f.prof, at("2026-12-07", 8, 29)), 0, "-bad- nothing before the hour");
	TAP_INTEQ(count("SELECT COUNT(*) FROM mail_outbox"), 0, "no row");
	TAP_INTEQ(digest_queue(f.db, &f.prof, at("2026-12-07", 9, 0)), 1,
	          "one digest: the mayor's (the board has no address, the election board nothing due)");
	TAP_INTEQ(digest_queue(f.db, &f.prof, at("2026-12-07", 9, 1)), 0, "-bad- not again a minute later");
	TAP_INTEQ(digest_queue(f.db, &f.prof, at("2026-12-07", 17, 0)), 0, "-bad- nor in the afternoon");
	TAP_INTEQ(count("SELECT COUNT(*) FROM mail_outbox WHERE template = 'digest'"), 1, "one row");
	TAP_INTEQ(count("SELECT COUNT(*) FROM mail_outbox WHERE template = 'digest' AND agency_id = 'mayor'"
	                " AND digest_day = '2026-12-07' AND recipient = 'staff' AND request_id IS NULL"
	                " AND state = 'queued' AND lang = 'ja' AND address = ''"),
	          1, "the mayor's, for the day, in Japanese, the address taken when sent");
	TAP_OK(exec("INSERT INTO mail_outbox (recipient, template, next_try_at, created_at, agency_id,"
	            " digest_day) VALUES ('staff', 'digest', 'x', 'x', 'mayor', '2026-12-07')") != SQLITE_OK,
	       "-bad- a second row for the agency and day is refused by the unique index");
	const char *params = text(a, "SELECT params FROM mail_outbox WHERE template = 'digest'");
	TAP_OK(strstr(params, "\"ref\":\"2026-000002\"") && strstr(params, "\"due_on\":\"2026-12-01\"") &&
	       strstr(params, "\"left\":-6") && strstr(params, "\"day\":\"2026-12-07\""),
	       "params: the reference numbers, due dates, days");
	TAP_OK(!strstr(params, "秘密") && !strstr(params, "2026-000003"),
	       "-bad- no name, no address, no request beyond N");
	TAP_INTEQ(digest_queue(f.db, &f.prof, at("2026-12-12", 9, 0)), 0, "-bad- none on Saturday");
	mayor->staff_lang = "en";
	TAP_INTEQ(digest_queue(f.db, &f.prof, at("2026-12-08", 8, 45)), 1, "the next open day's");
	TAP_INTEQ(count("SELECT COUNT(*) FROM mail_outbox WHERE digest_day = '2026-12-08' AND lang = 'en'"),
	          1, "in the agency's StaffMailLang");
	/* A second connection, as a second sender: its day is queued already. */
	struct db *other = NULL;
	char err[256];
	TAP_INTEQ(db_open(f.db_path, &other, err, sizeof err), 0, "a second connection");
	TAP_INTEQ(digest_queue(other, &f.prof, at("2026-12-08", 9, 0)), 0, "-bad- nothing for a second sender");
	db_close(other);
	TAP_INTEQ(count("SELECT COUNT(*) FROM mail_outbox WHERE template = 'digest'"), 2, "two days, two rows");
	mayor->staff_lang = "ja";
}

static void staff_rows(void)
{
	struct agency *mayor = agency("mayor"), *board = agency("board_of_education");
	mail_profile_set(&f.prof);
	mayor->staff_lang = "en";
	TAP_INTEQ(mail_queue(f.db, 1, 0, "staff", "new_request", NULL), 0, "the mayor's staff mail");
	TAP_INTEQ(count("SELECT COUNT(*) FROM mail_outbox WHERE request_id = 1 AND lang = 'en'"), 1,
	          "queued in the agency's language");
	TAP_OK(board->staff_mail == NULL, "the board has no address");
	TAP_INTEQ(mail_queue(f.db, 20, 0, "staff", "new_request", NULL), 0, "the board's: no error");
	TAP_INTEQ(count("SELECT COUNT(*) FROM mail_outbox WHERE request_id = 20"), 0,
	          "-bad- no staff row for an agency without an address (it could only fail)");
	mail_profile_set(NULL);
	TAP_INTEQ(mail_queue(f.db, 20, 0, "staff", "new_request", NULL), 0, "without a profile");
	TAP_INTEQ(count("SELECT COUNT(*) FROM mail_outbox WHERE request_id = 20 AND lang = 'ja'"), 1,
	          "queued as before, in Japanese");
	mayor->staff_lang = "ja";
}

int main(void)
{
	if (sodium_init() < 0 || fixture_open(&f, "yamagata", 1) != 0) {
		printf("not ok 1 - fixture\n1..1\n");
		return 1;
	}
	struct arena *a = arena_new();
	hour_and_day();
	selection(a);
	once_a_day(a);
	staff_rows();
	arena_free(a);
	fixture_close(&f);
	printf("1..%d\n", tap_count);
	return tap_failed != 0;
}

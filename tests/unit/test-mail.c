/* lib/mail.c: the addr-spec check, the RFC 2047 encoded-word writer, the
 * retry backoff and the event → mail table on a database. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "arena.h"
#include "db-sqlite.h"
#include "mail.h"
#include "tap.h"

static void addresses(void)
{
	static const char *const good[] = {
		"taro@example.jp", "t.a.r.o@mail.example.co.jp", "a+b-c_d@x-y.jp",
		"o'neil@example.org", "x@a1.b2", "!#$%&'*+-/=?^_`{|}~@example.jp",
		NULL,
	};
	static const char *const bad[] = {
		"", "taro", "@example.jp", "taro@", "taro@example", "taro@@example.jp",
		"ta ro@example.jp", "taro@exa mple.jp", "taro@example.jp\r\nBcc: x@y.jp",
		"taro@example.jp\n", "\rtaro@example.jp", "taro@example.jp\t",
		".taro@example.jp", "taro.@example.jp", "ta..ro@example.jp",
		"taro@.example.jp", "taro@example..jp", "taro@example.jp.",
		"taro@-example.jp", "taro@example-.jp", "taro@example.123",
		"\"taro\"@example.jp", "taro@[127.0.0.1]", "taro(c)@example.jp",
		"taro<x>@example.jp", "taro,x@example.jp", "taro;x@example.jp",
		"taro\\x@example.jp", "tarō@example.jp", "taro@例え.jp",
		"taro@ex_ample.jp", NULL,
	};
	for (const char *const *s = good; *s; s++)
		TAP_OK(mail_addr_ok(*s), "address accepted: %s", *s);
	for (const char *const *s = bad; *s; s++)
		TAP_OK(!mail_addr_ok(*s), "address refused: %zu bytes", strlen(*s));
	TAP_OK(!mail_addr_ok(NULL), "NULL refused");
	/* Lengths: local part 64, domain labels 63, the whole 254. */
	char buf[400];
	memset(buf, 'a', 64);
	memcpy(buf + 64, "@example.jp", 12);
	TAP_OK(mail_addr_ok(buf), "a 64-byte local part");
	memset(buf, 'a', 65);
	memcpy(buf + 65, "@example.jp", 12);
	TAP_OK(!mail_addr_ok(buf), "a 65-byte local part refused");
	memcpy(buf, "a@", 2);
	memset(buf + 2, 'b', 63);
	memcpy(buf + 65, ".jp", 4);
	TAP_OK(mail_addr_ok(buf), "a 63-byte label");
	memcpy(buf, "a@", 2);
	memset(buf + 2, 'b', 64);
	memcpy(buf + 66, ".jp", 4);
	TAP_OK(!mail_addr_ok(buf), "a 64-byte label refused");
	/* 254 bytes in all: a@ + 4 labels of 62 + dots. */
	size_t n = 0;
	buf[n++] = 'a';
	buf[n++] = '@';
	for (int l = 0; l < 4; l++) {
		memset(buf + n, 'c', 61);
		n += 61;
		buf[n++] = '.';
	}
	memcpy(buf + n, "jp", 2);
	n += 2;
	buf[n] = '\0';
	TAP_INTEQ(n, 252, "a long address is 252 bytes");
	TAP_OK(mail_addr_ok(buf), "252 bytes accepted");
	memmove(buf + 2, buf, n + 1);
	buf[0] = 'z';
	buf[1] = 'z';
	TAP_OK(mail_addr_ok(buf), "254 bytes accepted");
	memmove(buf + 1, buf, n + 3);
	buf[0] = 'z';
	TAP_OK(!mail_addr_ok(buf), "255 bytes refused");
}

static char *decode_words(struct arena *a, const char *s)
{
	struct buf out;
	buf_init(&out, a);
	while (*s) {
		if (strncmp(s, "\r\n ", 3) == 0) {
			s += 3;
			continue;
		}
		if (strncmp(s, "=?UTF-8?B?", 10) != 0)
			return NULL;
		const char *end = strstr(s + 10, "?=");
		if (end == NULL)
			return NULL;
		unsigned char bin[128];
		size_t len;
		char b64[128];
		snprintf(b64, sizeof b64, "%.*s", (int)(end - s - 10), s + 10);
		if (end - s > 75 || sodium_base642bin(bin, sizeof bin, b64, strlen(b64), NULL,
		                      &len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
			return NULL;
		buf_append(&out, bin, len);
		s = end + 2;
	}
	return out.data ? out.data : arena_strdup(a, "");
}

static void encoded_words(struct arena *a)
{
	TAP_STREQ(mail_header_text(a, "Your request (2026-000001)"),
	          "Your request (2026-000001)", "printable ASCII as is");
	TAP_STREQ(mail_header_text(a, "a\r\nBcc: x@y.jp"), "aBcc: x@y.jp",
	          "CR and LF dropped: no header is made");
	const char *w = mail_header_text(a, "=?x?");
	TAP_OK(w && strncmp(w, "=?UTF-8?B?", 10) == 0, "text like an encoded-word is encoded");
	TAP_STREQ(decode_words(a, w), "=?x?", "and decodes back");
	TAP_STREQ(mail_header_text(a, "請求"), "=?UTF-8?B?6KuL5rGC?=", "UTF-8, B encoding");
	const char *ja = "[山形市] 請求に対する決定をしました。決定の通知書をお送りします (2026-000123)";
	const char *enc = mail_header_text(a, ja);
	TAP_OK(enc != NULL, "a long Japanese subject encodes");
	TAP_STREQ(decode_words(a, enc), ja, "it decodes to the same text");
	TAP_OK(strstr(enc, "\r\n =?UTF-8?B?") != NULL, "folded into several words");
	/* Every word at most 75 characters, and no line break but the folds. */
	bool ok = true;
	for (const char *p = enc, *q; *p; p = q) {
		q = strstr(p, "\r\n ");
		size_t len = q ? (size_t)(q - p) : strlen(p);
		if (len > 75 || memchr(p, '\n', len) || memchr(p, '\r', len))
			ok = false;
		q = q ? q + 3 : p + len;
	}
	TAP_OK(ok, "each encoded-word ≤ 75 characters");
	TAP_OK(mail_header_text(a, "bad \xff utf-8") == NULL, "not UTF-8: NULL");
	TAP_STREQ(mail_header_text(a, ""), "", "empty");
}

static void backoff(void)
{
	TAP_INTEQ(mail_backoff(1), 60, "first retry after a minute");
	TAP_INTEQ(mail_backoff(2), 120, "then doubling");
	TAP_INTEQ(mail_backoff(5), 960, "960 s at the fifth");
	TAP_INTEQ(mail_backoff(40), 6 * 3600, "at most 6 hours");
}

static int count(struct db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int n = -1;
	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* A new database at the current schema with the mayor's agency and the
 * rows of seed (requests); NULL when it cannot be made (reported). */
static struct db *seeded(const char *seed)
{
	struct db *db;
	char err[256];
	if (db_open(":memory:", &db, err, sizeof err) != 0 || db_migrate(db, err, sizeof err) != 0) {
		TAP_OK(0, "database: %s", err);
		return NULL;
	}
	sqlite3_exec(db_handle(db), "INSERT INTO agency (id, name) VALUES ('mayor', '市長');",
	             NULL, NULL, NULL);
	sqlite3_exec(db_handle(db), seed, NULL, NULL, NULL);
	return db;
}

static void outbox(void)
{
	struct db *db = seeded(
	             "INSERT INTO request (id, ref, year, seq, kind, state, agency_id, channel,"
	             " code_hash, received_on, due_on, requester_name, data, created_at, updated_at)"
	             " VALUES (1, '2026-000001', 2026, 1, 'disclosure', 'received', 'mayor', 'mail',"
	             " 'x', '2026-12-01', '2026-12-15', 'n',"
	             " '{\"requester\":{\"email\":\"taro@example.jp\"},\"lang\":\"en\"}', 'now', 'now'),"
	             " (2, '2026-000002', 2026, 2, 'disclosure', 'received', 'mayor', 'mail',"
	             " 'x', '2026-12-01', '2026-12-15', 'n', '{\"requester\":{\"email\":\"\"}}', 'now', 'now');");
	if (db == NULL)
		return;
	TAP_INTEQ(mail_on_event(db, 1, 10, "received", NULL), 0, "received queues");
	TAP_INTEQ(count(db, "SELECT count(*) FROM mail_outbox WHERE request_id = 1 AND recipient = 'citizen'"
	                    " AND template = 'receipt' AND lang = 'en' AND address = 'taro@example.jp'"
	                    " AND event_id = 10 AND state = 'queued'"), 1, "the citizen's receipt, in English");
	TAP_INTEQ(count(db, "SELECT count(*) FROM mail_outbox WHERE request_id = 1 AND recipient = 'staff'"
	                    " AND template = 'new_request' AND address = ''"), 1, "staff's new request");
	TAP_INTEQ(mail_on_event(db, 2, 11, "received", NULL), 0, "no address");
	TAP_INTEQ(count(db, "SELECT count(*) FROM mail_outbox WHERE request_id = 2 AND recipient = 'citizen'"),
	          0, "no citizen mail without an address");
	mail_on_event(db, 1, 12, "amend_requested",
	              "{\"what\":\"名前を書いて\",\"from_on\":\"2026-12-02\",\"answer_by\":\"2026-12-20\"}");
	TAP_INTEQ(count(db, "SELECT count(*) FROM mail_outbox WHERE template = 'amend'"
	                    " AND params = '{\"answer_by\":\"2026-12-20\"}'"), 1,
	          "補正: only the day goes with the mail, not what to fix");
	mail_on_event(db, 1, 13, "fee_set", "{\"amount_yen\":300,\"state\":\"waived\"}");
	TAP_INTEQ(count(db, "SELECT count(*) FROM mail_outbox WHERE template = 'fee_due'"), 0,
	          "a fee waived is not due");
	mail_on_event(db, 1, 14, "fee_set", "{\"amount_yen\":300,\"state\":\"due\",\"breakdown\":\"x\"}");
	TAP_INTEQ(count(db, "SELECT count(*) FROM mail_outbox WHERE template = 'fee_due'"
	                    " AND params = '{\"amount_yen\":300}'"), 1, "a fee due, its amount");
	mail_on_event(db, 1, 15, "delivered", "{\"method\":\"counter\",\"on\":\"2026-12-10\"}");
	TAP_INTEQ(count(db, "SELECT count(*) FROM mail_outbox WHERE template = 'sent'"), 0,
	          "handed over at the counter: no mail");
	mail_on_event(db, 1, 16, "decided", "{\"reasons\":[{\"explanation\":\"秘密\"}]}");
	TAP_INTEQ(count(db, "SELECT count(*) FROM mail_outbox WHERE template = 'decided' AND params = '{}'"),
	          1, "a decision: no reasons kept");
	mail_on_event(db, 1, 17, "identity_checked", NULL);
	mail_on_event(db, 1, 18, "code_reissued", NULL);
	TAP_INTEQ(count(db, "SELECT count(*) FROM mail_outbox WHERE event_id IN (17, 18)"), 0,
	          "events off the list: no mail");
	TAP_INTEQ(mail_queue(db, 1, 0, "citizen", "no_such", NULL), -1, "an unknown template refused");
	TAP_INTEQ(mail_queue(db, 1, 0, "staff", "receipt", NULL), -1, "a citizen's template not for staff");
	db_close(db);
}

static char *data_of(struct db *db, int id)
{
	sqlite3_stmt *st = NULL;
	char *out = NULL;
	if (sqlite3_prepare_v2(db_handle(db), "SELECT data FROM request WHERE id = ?1", -1,
	                       &st, NULL) == SQLITE_OK &&
	    sqlite3_bind_int(st, 1, id) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		out = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

/* The desk corrects the address: the agent's when an agent acts, else
 * the requester's, made when the request has none; the rest of the data
 * kept, an event without the address. */
static void set_address(void)
{
	struct db *db = seeded(
	             "INSERT INTO request (id, ref, year, seq, kind, state, agency_id, channel,"
	             " code_hash, received_on, due_on, requester_name, data, created_at, updated_at)"
	             " VALUES (1, 'r1', 2026, 1, 'disclosure', 'received', 'mayor', 'mail', 'x',"
	             " '2026-12-01', '2026-12-15', 'n',"
	             " '{\"requester\":{\"name\":\"山田\",\"email\":\"a@example.jp\"},"
	             "\"agent\":{\"type\":\"legal\"},\"lang\":\"en\"}', 'now', 'now'),"
	             " (2, 'r2', 2026, 2, 'disclosure', 'received', 'mayor', 'mail', 'x',"
	             " '2026-12-01', '2026-12-15', 'n', '{\"requester\":{\"name\":\"山田\"}}', 'now', 'now'),"
	             " (3, 'r3', 2026, 3, 'disclosure', 'received', 'mayor', 'mail', 'x',"
	             " '2026-12-01', '2026-12-15', 'n', '{\"requester\":\"山田\",\"n\":1}', 'now', 'now');");
	if (db == NULL)
		return;
	struct { int id; const char *want; } cases[] = {
		{ 1, "{\"requester\":{\"name\":\"山田\",\"email\":\"a@example.jp\"},"
		     "\"agent\":{\"type\":\"legal\",\"email\":\"b@example.jp\"},\"lang\":\"en\"}" },
		{ 2, "{\"requester\":{\"name\":\"山田\",\"email\":\"b@example.jp\"}}" },
		{ 3, "{\"requester\":{\"email\":\"b@example.jp\"},\"n\":1}" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		TAP_INTEQ(mail_set_address(db, cases[i].id, "staff:1", "b@example.jp"), 0,
		          "address set on request %d", cases[i].id);
		char *got = data_of(db, cases[i].id);
		TAP_STREQ(got ? got : "", cases[i].want, "request %d: %s", cases[i].id,
		          i == 0 ? "the agent's" : i == 1 ? "the requester's" : "a requester object made");
		free(got);
	}
	TAP_INTEQ(mail_set_address(db, 2, "staff:1", ""), 0, "an address removed");
	char *got = data_of(db, 2);
	TAP_STREQ(got ? got : "", "{\"requester\":{\"name\":\"山田\",\"email\":\"\"}}", "as \"\"");
	free(got);
	TAP_INTEQ(mail_set_address(db, 2, "staff:1", "not an address"), 1, "not an address: refused");
	TAP_INTEQ(mail_set_address(db, 9, "staff:1", "b@example.jp"), -1, "no such request");
	TAP_INTEQ(count(db, "SELECT count(*) FROM event WHERE kind = 'email_changed'"
	                    " AND data NOT LIKE '%example%'"), 4, "an event each, without the address");
	db_close(db);
}

int main(void)
{
	struct arena *a = arena_new();
	if (sodium_init() < 0)
		return 1;
	addresses();
	encoded_words(a);
	backoff();
	outbox();
	set_address();
	arena_free(a);
	printf("1..%d\n", tap_count);
	return tap_failed != 0;
}

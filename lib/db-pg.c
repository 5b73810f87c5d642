/* The PostgreSQL engine behind lib/db.h, through libpq (the only file that
 * uses it: tools/lint). docs/engines.md says what each part does and why;
 * in short:
 * - one connection per process, with the session settings of
 *   session_setup; a broken connection (the server restarted) is opened
 *   again when a transaction starts or the request ends, never in the
 *   middle of a transaction;
 * - statements rewritten (?N → $N, lib/db-sqltext.c) and prepared once a
 *   connection under the name of their cache slot; parameters as text,
 *   blobs as binary bytea; results as text, bytea decoded when read;
 * - writers take one advisory lock (WRITE_LOCK) for their transaction,
 *   so that there is one writer at a time across every server, as with
 *   SQLite's BEGIN IMMEDIATE; a write outside db_begin takes it for its
 *   own transaction; a write inside one runs under a savepoint, so that
 *   its failure (DB_CONSTRAINT) leaves the transaction usable, as a
 *   failed statement does in SQLite. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dlfcn.h>

#include <libpq-fe.h>

#include "db-engine.h"
#include "db-sqltext.h"
#include "log.h"

/* libpq is loaded when a site names a PostgreSQL database, not linked: a
 * site on SQLite maps none of libpq's twenty libraries (Kerberos, LDAP,
 * GnuTLS…), about 4 MiB of every program's memory (bench/RESULTS.md,
 * issue 20). The functions below are called through pointers that
 * pq_load fills; the code calls them by their own names. */
#define PQ_FUNCTIONS(X) \
	X(PQclear) \
	X(PQcmdStatus) \
	X(PQcmdTuples) \
	X(PQconnectdbParams) \
	X(PQconninfoFree) \
	X(PQconninfoParse) \
	X(PQerrorMessage) \
	X(PQexec) \
	X(PQexecPrepared) \
	X(PQfinish) \
	X(PQfreemem) \
	X(PQftype) \
	X(PQgetisnull) \
	X(PQgetlength) \
	X(PQgetvalue) \
	X(PQnfields) \
	X(PQntuples) \
	X(PQprepare) \
	X(PQreset) \
	X(PQresultErrorField) \
	X(PQresultStatus) \
	X(PQserverVersion) \
	X(PQsetNoticeProcessor) \
	X(PQstatus) \
	X(PQtransactionStatus) \
	X(PQunescapeBytea)

#define PQ_POINTER(f) static __typeof__(f) *pq_##f;
PQ_FUNCTIONS(PQ_POINTER)

/* libpq.so.5 (Debian's libpq5) and its functions, once a process: 0, or
 * -1 with the reason in err. */
static int pq_load(char *err, size_t errlen)
{
	static void *lib;
	if (lib != NULL)
		return 0;
	void *h = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) {
		snprintf(err, errlen, "PostgreSQL: cannot load libpq.so.5 (Debian's "
		         "libpq5): %s", dlerror());
		return -1;
	}
#define PQ_SYMBOL(f) \
	if ((pq_##f = (__typeof__(f) *)dlsym(h, #f)) == NULL) { \
		snprintf(err, errlen, "PostgreSQL: libpq.so.5 has no %s", #f); \
		dlclose(h); \
		return -1; \
	}
	PQ_FUNCTIONS(PQ_SYMBOL)
	lib = h;
	return 0;
}

#define PQclear pq_PQclear
#define PQcmdStatus pq_PQcmdStatus
#define PQcmdTuples pq_PQcmdTuples
#define PQconnectdbParams pq_PQconnectdbParams
#define PQconninfoFree pq_PQconninfoFree
#define PQconninfoParse pq_PQconninfoParse
#define PQerrorMessage pq_PQerrorMessage
#define PQexec pq_PQexec
#define PQexecPrepared pq_PQexecPrepared
#define PQfinish pq_PQfinish
#define PQfreemem pq_PQfreemem
#define PQftype pq_PQftype
#define PQgetisnull pq_PQgetisnull
#define PQgetlength pq_PQgetlength
#define PQgetvalue pq_PQgetvalue
#define PQnfields pq_PQnfields
#define PQntuples pq_PQntuples
#define PQprepare pq_PQprepare
#define PQreset pq_PQreset
#define PQresultErrorField pq_PQresultErrorField
#define PQresultStatus pq_PQresultStatus
#define PQserverVersion pq_PQserverVersion
#define PQsetNoticeProcessor pq_PQsetNoticeProcessor
#define PQstatus pq_PQstatus
#define PQtransactionStatus pq_PQtransactionStatus
#define PQunescapeBytea pq_PQunescapeBytea

/* pg_advisory_xact_lock's key for "the writer": "kaiji" in ASCII. */
#define WRITE_LOCK "461195799145"

struct pg_conn {
	PGconn *c;
	unsigned gen;     /* bumped at each reconnection */
	bool locked;      /* the open transaction holds WRITE_LOCK */
	bool failed;      /* the last call failed */
	long long changes;
	char errmsg[512];
};

struct pg_stmt {
	char name[16];     /* "kaiji_N", N its cache slot */
	char *text;        /* the SQL as PostgreSQL takes it */
	enum db_sqlkind kind;
	int nparams;
	unsigned gen;      /* the connection's gen when prepared; 0: not */
	char **values;     /* the parameters, copied */
	int *lengths, *formats;
	PGresult *res;     /* this run's rows */
	int row;           /* the current one, -1 before the first */
	bool ran, done;
	char **decoded;    /* bytea of the current row, per column, on demand */
	size_t *decoded_len;
};

static struct pg_conn *conn_of(struct db *db)
{
	return db->conn;
}

static struct pg_stmt *stmt_of(struct db_stmt *st)
{
	return st->impl;
}

static void set_error(struct pg_conn *pc, const char *what)
{
	snprintf(pc->errmsg, sizeof pc->errmsg, "%s", what);
	pc->errmsg[strcspn(pc->errmsg, "\n")] = '\0';
	pc->failed = true;
}

/* The server's message without its DETAIL (it quotes the row's values:
 * no personal data in the logs) and, for a value the server could not
 * take (SQLSTATE class 22), without the value it quotes. */
static void set_result_error(struct pg_conn *pc, const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (msg == NULL) {
		set_error(pc, PQerrorMessage(pc->c));
		return;
	}
	int n = (int)strcspn(msg, state && strncmp(state, "22", 2) == 0 ? ":\n" : "\n");
	snprintf(pc->errmsg, sizeof pc->errmsg, "%.*s (SQLSTATE %s)", n, msg,
	         state ? state : "?");
	pc->failed = true;
}

static bool result_ok(const PGresult *res)
{
	ExecStatusType s = PQresultStatus(res);
	return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

/* Fixed SQL, no outside data (one or more statements): 0, or -1 with
 * the error set. */
static int run(struct pg_conn *pc, const char *sql)
{
	PGresult *res = PQexec(pc->c, sql);
	int rc = result_ok(res) ? 0 : -1;
	if (rc)
		set_result_error(pc, res);
	else
		pc->failed = false;
	PQclear(res);
	return rc;
}

/* Fixed SQL that undoes a failed statement's work (ROLLBACK…), keeping
 * that statement's error for db_errmsg. */
static void undo(struct pg_conn *pc, const char *sql)
{
	char keep[sizeof pc->errmsg];
	memcpy(keep, pc->errmsg, sizeof keep);
	run(pc, sql);
	memcpy(pc->errmsg, keep, sizeof keep);
	pc->failed = true;
}

/* What every connection sets first: a wait on locks as SQLite's busy
 * timeout; a commit acknowledged only once it is on disk, whatever the
 * server's default (kaiji acknowledges a request only then; only
 * db_begin_relaxed's transactions set it off); READ COMMITTED whatever
 * the server's default (begin_locked relies on it); dates and times as the programs write them (ISO 8601,
 * UTC); backslashes in literals as SQLite reads them. */
static const char session_setup[] =
    "SET lock_timeout = '5s';"
    "SET synchronous_commit = on;"
    "SET default_transaction_isolation = 'read committed';"
    "SET TimeZone = 'UTC';"
    "SET DateStyle = 'ISO, YMD';"
    "SET IntervalStyle = 'iso_8601';"
    "SET standard_conforming_strings = on;"
    "SET bytea_output = 'hex'";

/* Notices (CREATE TABLE IF NOT EXISTS on a table that exists…) are not
 * for the program's standard error. */
static void notice_drop(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static int reconnect(struct pg_conn *pc)
{
	PQreset(pc->c);
	pc->locked = false;
	if (PQstatus(pc->c) != CONNECTION_OK) {
		set_error(pc, PQerrorMessage(pc->c));
		return -1;
	}
	pc->gen++; /* the statements prepared before are gone with the session */
	if (run(pc, session_setup) != 0)
		return -1;
	log_event(LOG_WARN, "database: reconnected to PostgreSQL");
	return 0;
}

/* Before a transaction starts: a connection found broken earlier is
 * opened again (nothing of the old session is wanted any more). */
static int ready(struct pg_conn *pc)
{
	return PQstatus(pc->c) == CONNECTION_OK ? 0 : reconnect(pc);
}

/* Whether a call that just failed is worth one more try on a new
 * connection: the server went away while no transaction was open, so
 * nothing of the caller's was lost with it. */
static bool retry_after(struct pg_conn *pc, PGTransactionStatusType before)
{
	return before == PQTRANS_IDLE && PQstatus(pc->c) == CONNECTION_BAD &&
	       reconnect(pc) == 0;
}

/* Fixed SQL that starts a transaction, once more on a new connection
 * when the old one was found broken. */
static int run_start(struct pg_conn *pc, const char *sql)
{
	if (ready(pc) != 0)
		return -1;
	PGTransactionStatusType before = PQtransactionStatus(pc->c);
	int rc = run(pc, sql);
	if (rc != 0 && retry_after(pc, before))
		rc = run(pc, sql);
	if (rc != 0 && PQtransactionStatus(pc->c) == PQTRANS_INERROR) {
		undo(pc, "ROLLBACK");
	}
	return rc;
}

/* db_begin: READ COMMITTED, so that each statement after the lock sees
 * every earlier writer's commit; the lock makes the transaction the only
 * writer until it ends (docs/engines.md argues why this keeps SQLite's
 * BEGIN IMMEDIATE guarantees). relaxed: the commit need not reach the
 * disk at once (db_begin_relaxed). */
static int begin_locked(struct pg_conn *pc, bool relaxed)
{
	int rc = run_start(pc, relaxed
	    ? "BEGIN ISOLATION LEVEL READ COMMITTED;"
	      "SET LOCAL synchronous_commit = off;"
	      "SELECT pg_advisory_xact_lock(" WRITE_LOCK ")"
	    : "BEGIN ISOLATION LEVEL READ COMMITTED;"
	      "SELECT pg_advisory_xact_lock(" WRITE_LOCK ")");
	pc->locked = rc == 0;
	return rc;
}

int db_pg_check(const char *uri, char *err, size_t errlen)
{
	char *msg = NULL;
	if (pq_load(err, errlen) != 0)
		return -1;
	PQconninfoOption *opts = PQconninfoParse(uri, &msg);
	if (opts == NULL) {
		snprintf(err, errlen, "not a PostgreSQL URI: %s",
		         msg ? msg : "out of memory");
		if (msg)
			msg[strcspn(msg, "\n")] = '\0';
		PQfreemem(msg);
		return -1;
	}
	int rc = 0;
	for (PQconninfoOption *o = opts; o->keyword; o++)
		if (strcmp(o->keyword, "password") == 0 && o->val && *o->val) {
			snprintf(err, errlen, "a password in the URI: put it in "
			         "Kaiji.DatabasePasswordFile");
			rc = -1;
		}
	PQconninfoFree(opts);
	return rc;
}

int db_pg_connect(const char *uri, const char *password, void **out,
                  char *err, size_t errlen)
{
	if (db_pg_check(uri, err, errlen) != 0)
		return -1;
	struct pg_conn *pc = calloc(1, sizeof *pc);
	if (pc == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/* Keywords after dbname override what the URI says. */
	const char *keys[] = { "dbname", "client_encoding",
		                   "fallback_application_name", "password", NULL };
	const char *vals[] = { uri, "UTF8", "kaiji", password, NULL };
	pc->c = PQconnectdbParams(keys, vals, 1);
	if (pc->c == NULL || PQstatus(pc->c) != CONNECTION_OK) {
		const char *why = pc->c ? PQerrorMessage(pc->c) : "out of memory";
		snprintf(err, errlen, "PostgreSQL: %.*s", (int)strcspn(why, "\n"), why);
		goto fail;
	}
	PQsetNoticeProcessor(pc->c, notice_drop, NULL);
	if (PQserverVersion(pc->c) < 150000) {
		snprintf(err, errlen, "PostgreSQL %d is too old: kaiji needs 15 or "
		         "newer", PQserverVersion(pc->c) / 10000);
		goto fail;
	}
	if (run(pc, session_setup) != 0) {
		snprintf(err, errlen, "PostgreSQL: %s", pc->errmsg);
		goto fail;
	}
	pc->gen = 1;
	*out = pc;
	return 0;
fail:
	PQfinish(pc->c);
	free(pc);
	return -1;
}

static void pg_close(struct db *db)
{
	PQfinish(conn_of(db)->c);
	free(db->conn);
}

/* The server's side of the statement, made again after a reconnection. */
static int server_prepare(struct pg_conn *pc, struct pg_stmt *s)
{
	PGresult *res = PQprepare(pc->c, s->name, s->text, s->nparams, NULL);
	int rc = result_ok(res) ? 0 : -1;
	if (rc == 0)
		s->gen = pc->gen;
	else
		set_result_error(pc, res);
	PQclear(res);
	return rc;
}

static bool on_server(enum db_sqlkind k)
{
	return k == DB_SQL_READ || k == DB_SQL_WRITE || k == DB_SQL_OTHER;
}

static void stmt_free(struct pg_stmt *s)
{
	free(s->text);
	free(s->values);
	free(s->lengths);
	free(s->formats);
	free(s->decoded);
	free(s->decoded_len);
	free(s);
}

static int pg_prepare(struct db *db, struct db_stmt *c)
{
	struct pg_conn *pc = conn_of(db);
	struct pg_stmt *s = calloc(1, sizeof *s);
	if (s == NULL || db_sqltext_pg(c->sql, &s->text, &s->nparams) != 0) {
		log_event(LOG_ERR, "prepare failed: %s", s ? "cannot read the SQL"
		                                          : "out of memory");
		free(s);
		return -1;
	}
	snprintf(s->name, sizeof s->name, "kaiji_%u", c->slot);
	s->kind = db_sqltext_kind(c->sql);
	s->row = -1;
	size_t n = s->nparams > 0 ? (size_t)s->nparams : 1;
	s->values = calloc(n, sizeof *s->values);
	s->lengths = calloc(n, sizeof *s->lengths);
	s->formats = calloc(n, sizeof *s->formats);
	if (s->values == NULL || s->lengths == NULL || s->formats == NULL) {
		log_event(LOG_ERR, "prepare failed: out of memory");
		stmt_free(s);
		return -1;
	}
	if (on_server(s->kind)) {
		PGTransactionStatusType before = PQtransactionStatus(pc->c);
		int rc = server_prepare(pc, s);
		if (rc != 0 && retry_after(pc, before))
			rc = server_prepare(pc, s);
		if (rc != 0) {
			log_event(LOG_ERR, "prepare failed: %s", pc->errmsg);
			stmt_free(s);
			return -1;
		}
	}
	c->impl = s;
	c->writes = s->kind == DB_SQL_WRITE;
	return 0;
}

static void decoded_free(struct pg_stmt *s)
{
	if (s->decoded == NULL || s->res == NULL)
		return;
	for (int i = 0; i < PQnfields(s->res); i++) {
		free(s->decoded[i]);
		s->decoded[i] = NULL;
	}
}

static void params_clear(struct pg_stmt *s)
{
	for (int i = 0; i < s->nparams; i++) {
		free(s->values[i]);
		s->values[i] = NULL;
		s->lengths[i] = s->formats[i] = 0;
	}
}

static void pg_reset(struct db_stmt *c, bool clear)
{
	struct pg_stmt *s = stmt_of(c);
	decoded_free(s);
	free(s->decoded);
	free(s->decoded_len);
	s->decoded = NULL;
	s->decoded_len = NULL;
	PQclear(s->res);
	s->res = NULL;
	s->row = -1;
	s->ran = s->done = false;
	if (clear)
		params_clear(s);
}

static void pg_finalize(struct db_stmt *c)
{
	struct pg_stmt *s = stmt_of(c);
	pg_reset(c, true);
	stmt_free(s);
	c->impl = NULL;
}

/* Parameter idx takes a copy of len bytes (and a NUL: libpq reads text
 * parameters to it). */
static int param_set(struct db_stmt *st, int idx, const void *p, size_t len,
                     int format)
{
	struct pg_stmt *s = stmt_of(st);
	if (idx < 1 || idx > s->nparams || len > 0x7fffffff)
		return DB_ERROR;
	char *copy = NULL;
	if (p != NULL) {
		copy = malloc(len + 1);
		if (copy == NULL)
			return DB_ERROR;
		memcpy(copy, p, len);
		copy[len] = '\0';
	}
	free(s->values[idx - 1]);
	s->values[idx - 1] = copy;
	s->lengths[idx - 1] = (int)len;
	s->formats[idx - 1] = format;
	return DB_OK;
}

static int pg_bind_text(struct db_stmt *st, int idx, const char *s, size_t len)
{
	/* PostgreSQL's text holds no NUL: what comes after one is not sent. */
	const char *nul = memchr(s, '\0', len);
	return param_set(st, idx, s, nul ? (size_t)(nul - s) : len, 0);
}

static int pg_bind_int(struct db_stmt *st, int idx, long long v)
{
	char buf[24];
	int n = snprintf(buf, sizeof buf, "%lld", v);
	return param_set(st, idx, buf, (size_t)n, 0);
}

static int pg_bind_blob(struct db_stmt *st, int idx, const void *p, size_t len)
{
	return param_set(st, idx, len ? p : "", len, 1);
}

static int pg_bind_null(struct db_stmt *st, int idx)
{
	return param_set(st, idx, NULL, 0, 0);
}

static PGresult *exec_prepared(struct pg_conn *pc, struct pg_stmt *s)
{
	if (s->gen != pc->gen && server_prepare(pc, s) != 0)
		return NULL;
	return PQexecPrepared(pc->c, s->name, s->nparams,
	                      (const char *const *)s->values, s->lengths,
	                      s->formats, 0);
}

/* Runs the statement once: DB_ROW (rows or not: s->res holds them),
 * DB_CONSTRAINT or DB_ERROR. */
static int exec_once(struct pg_conn *pc, struct pg_stmt *s, bool writes)
{
	PGresult *res = exec_prepared(pc, s);
	if (res == NULL && s->gen != pc->gen)
		return DB_ERROR; /* the prepare failed: error set */
	if (!result_ok(res)) {
		const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
		bool constraint = state && strncmp(state, "23", 2) == 0;
		set_result_error(pc, res);
		PQclear(res);
		return constraint ? DB_CONSTRAINT : DB_ERROR;
	}
	pc->failed = false;
	if (writes && *PQcmdTuples(res))
		pc->changes = strtoll(PQcmdTuples(res), NULL, 10);
	s->res = res;
	return DB_ROW;
}

/* A read, or a statement such as SAVEPOINT: as it is, once more on a new
 * connection when the server went away while no transaction was open. */
static int exec_plain(struct pg_conn *pc, struct pg_stmt *s)
{
	PGTransactionStatusType before = PQtransactionStatus(pc->c);
	int rc = exec_once(pc, s, false);
	if (rc == DB_ERROR && retry_after(pc, before))
		rc = exec_once(pc, s, false);
	return rc;
}

/* A write outside a transaction: in one of its own that holds the write
 * lock, as SQLite's write takes its file's write lock. */
static int exec_write_alone(struct pg_conn *pc, struct pg_stmt *s)
{
	if (begin_locked(pc, false) != 0)
		return DB_ERROR;
	int rc = exec_once(pc, s, true);
	if (rc != DB_ROW) {
		undo(pc, "ROLLBACK");
	} else if (run(pc, "COMMIT") != 0) {
		PQclear(s->res);
		s->res = NULL;
		rc = DB_ERROR;
	}
	pc->locked = false;
	return rc;
}

/* A write inside a transaction: under the write lock (taken now when the
 * transaction began as a read, as SQLite takes it at the first write) and
 * a savepoint, so that a refused write leaves the transaction as it was
 * and usable, as in SQLite. */
static int exec_write_within(struct pg_conn *pc, struct pg_stmt *s)
{
	if (!pc->locked) {
		if (run(pc, "SELECT pg_advisory_xact_lock(" WRITE_LOCK ")") != 0)
			return DB_ERROR;
		pc->locked = true;
	}
	if (run(pc, "SAVEPOINT kaiji_write") != 0)
		return DB_ERROR;
	int rc = exec_once(pc, s, true);
	if (rc == DB_ROW)
		return run(pc, "RELEASE SAVEPOINT kaiji_write") == 0 ? DB_ROW : DB_ERROR;
	undo(pc, "ROLLBACK TO SAVEPOINT kaiji_write; RELEASE SAVEPOINT kaiji_write");
	return rc;
}

static int pg_commit(struct db *db);
static void pg_rollback(struct db *db);

/* SQLite's PRAGMA: a setting (PRAGMA x = y) tunes SQLite only and is
 * nothing here; a PRAGMA that answers has no PostgreSQL meaning. */
static int pragma(struct pg_conn *pc, const char *sql)
{
	if (strchr(sql, '=') != NULL) {
		pc->failed = false;
		return DB_DONE;
	}
	set_error(pc, "PRAGMA is SQLite's");
	return DB_ERROR;
}

/* The statement's first step: DB_ROW when it ran (rows in s->res, maybe
 * none), else DB_DONE, DB_CONSTRAINT or DB_ERROR. */
static int first_step(struct db_stmt *st)
{
	struct db *db = st->db;
	struct pg_conn *pc = conn_of(db);
	struct pg_stmt *s = stmt_of(st);
	switch (s->kind) {
	case DB_SQL_BEGIN:
		/* A caller's own read transaction (BEGIN, deferred in SQLite):
		 * one snapshot for all its reads. */
		return run_start(pc, "BEGIN ISOLATION LEVEL REPEATABLE READ") ? DB_ERROR : DB_DONE;
	case DB_SQL_BEGIN_WRITE:
		return begin_locked(pc, false) ? DB_ERROR : DB_DONE;
	case DB_SQL_COMMIT:
		return pg_commit(db) ? DB_ERROR : DB_DONE;
	case DB_SQL_ROLLBACK:
		pg_rollback(db);
		return DB_DONE;
	case DB_SQL_PRAGMA:
		return pragma(pc, st->sql);
	case DB_SQL_WRITE:
		if (PQtransactionStatus(pc->c) == PQTRANS_IDLE)
			return exec_write_alone(pc, s);
		if (PQtransactionStatus(pc->c) == PQTRANS_INTRANS)
			return exec_write_within(pc, s);
		return exec_once(pc, s, true); /* fails: the transaction failed */
	default:
		return exec_plain(pc, s);
	}
}

static int pg_step(struct db_stmt *st)
{
	struct pg_stmt *s = stmt_of(st);
	if (s->done)
		pg_reset(st, false); /* a step after DB_DONE runs it again */
	decoded_free(s);
	if (!s->ran) {
		s->ran = true;
		int rc = first_step(st);
		if (rc != DB_ROW) {
			s->done = rc == DB_DONE;
			return rc;
		}
	}
	if (s->res != NULL && s->row + 1 < PQntuples(s->res)) {
		s->row++;
		return DB_ROW;
	}
	s->done = true;
	return DB_DONE;
}

/* The value at col of the current row, NULL for NULL or no such column. */
static const char *value(struct pg_stmt *s, int col)
{
	if (s->res == NULL || s->row < 0 || s->row >= PQntuples(s->res) ||
	    col < 0 || col >= PQnfields(s->res) ||
	    PQgetisnull(s->res, s->row, col))
		return NULL;
	return PQgetvalue(s->res, s->row, col);
}

#define BYTEAOID 17
#define BOOLOID 16

/* A bytea column's bytes (and a NUL after them), decoded once a row. */
static const char *bytea(struct pg_stmt *s, int col, size_t *len)
{
	int n = PQnfields(s->res);
	if (s->decoded == NULL) {
		s->decoded = calloc((size_t)n, sizeof *s->decoded);
		s->decoded_len = calloc((size_t)n, sizeof *s->decoded_len);
		if (s->decoded == NULL || s->decoded_len == NULL) {
			log_event(LOG_ERR, "out of memory");
			exit(1);
		}
	}
	if (s->decoded[col] == NULL) {
		size_t dlen = 0;
		unsigned char *raw = PQunescapeBytea(
		    (const unsigned char *)PQgetvalue(s->res, s->row, col), &dlen);
		char *copy = raw ? malloc(dlen + 1) : NULL;
		if (copy == NULL) {
			log_event(LOG_ERR, "out of memory");
			exit(1);
		}
		memcpy(copy, raw, dlen);
		copy[dlen] = '\0';
		PQfreemem(raw);
		s->decoded[col] = copy;
		s->decoded_len[col] = dlen;
	}
	*len = s->decoded_len[col];
	return s->decoded[col];
}

static long long pg_col_int64(struct db_stmt *st, int col)
{
	struct pg_stmt *s = stmt_of(st);
	const char *v = value(s, col);
	if (v == NULL)
		return 0;
	if (PQftype(s->res, col) == BOOLOID)
		return *v == 't';
	/* A number with a fraction (an average) reads as its integer part, as
	 * SQLite converts a REAL. */
	if (strpbrk(v, ".eE") != NULL)
		return (long long)strtod(v, NULL);
	return strtoll(v, NULL, 10);
}

static double pg_col_double(struct db_stmt *st, int col)
{
	const char *v = value(stmt_of(st), col);
	return v ? strtod(v, NULL) : 0.0;
}

static const char *pg_col_text(struct db_stmt *st, int col)
{
	struct pg_stmt *s = stmt_of(st);
	const char *v = value(s, col);
	size_t len;
	if (v != NULL && PQftype(s->res, col) == BYTEAOID)
		return bytea(s, col, &len);
	return v;
}

static const void *pg_col_blob(struct db_stmt *st, int col)
{
	return pg_col_text(st, col);
}

static int pg_col_bytes(struct db_stmt *st, int col)
{
	struct pg_stmt *s = stmt_of(st);
	size_t len;
	if (value(s, col) == NULL)
		return 0;
	if (PQftype(s->res, col) == BYTEAOID) {
		bytea(s, col, &len);
		return (int)len;
	}
	return PQgetlength(s->res, s->row, col);
}

static long long pg_changes(struct db *db)
{
	return conn_of(db)->changes;
}

static const char *pg_errmsg(struct db *db)
{
	struct pg_conn *pc = conn_of(db);
	return pc->failed ? pc->errmsg : "not an error";
}

static bool pg_failed(struct db *db)
{
	return conn_of(db)->failed;
}

static bool pg_in_transaction(struct db *db)
{
	PGTransactionStatusType t = PQtransactionStatus(conn_of(db)->c);
	return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

/* The request's reads: one snapshot for the whole handler, read only. */
static int pg_snapshot_begin(struct db *db)
{
	return run_start(conn_of(db),
	                 "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
}

static int pg_snapshot_end(struct db *db)
{
	return run(conn_of(db), "COMMIT");
}

static int pg_begin(struct db *db, bool relaxed)
{
	return begin_locked(conn_of(db), relaxed);
}

/* A transaction in which a statement failed (outside a savepoint) ends
 * with COMMIT answering ROLLBACK: that is a failure here. */
static int pg_commit(struct db *db)
{
	struct pg_conn *pc = conn_of(db);
	PGresult *res = PQexec(pc->c, "COMMIT");
	int rc = -1;
	if (!result_ok(res))
		set_result_error(pc, res);
	else if (strcmp(PQcmdStatus(res), "COMMIT") != 0)
		set_error(pc, "the transaction had failed and was rolled back");
	else
		rc = 0;
	if (rc == 0)
		pc->failed = false;
	else
		log_event(LOG_ERR, "COMMIT: %s", pc->errmsg);
	PQclear(res);
	pc->locked = false;
	return rc;
}

static void pg_rollback(struct db *db)
{
	struct pg_conn *pc = conn_of(db);
	if (pg_in_transaction(db))
		run(pc, "ROLLBACK");
	pc->locked = false;
}

static void pg_request_end(struct db *db)
{
	struct pg_conn *pc = conn_of(db);
	if (PQstatus(pc->c) != CONNECTION_OK)
		reconnect(pc);
}

/* The schema's version: a one-row table, none on an empty database. */
static const char sql_version_table[] =
    "CREATE TABLE IF NOT EXISTS kaiji_schema ("
    " one boolean PRIMARY KEY DEFAULT true CHECK (one),"
    " version integer NOT NULL)";

/* A fixed query's one integer, or -1 with the error set. */
static int query_int(struct pg_conn *pc, const char *sql)
{
	PGresult *res = PQexec(pc->c, sql);
	int v = -1;
	if (!result_ok(res))
		set_result_error(pc, res);
	else if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 0))
		v = (int)strtol(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return v;
}

static int pg_version(struct db *db)
{
	struct pg_conn *pc = conn_of(db);
	int exists = query_int(pc, "SELECT CAST(to_regclass('kaiji_schema') "
	                           "IS NOT NULL AS integer)");
	if (exists <= 0)
		return exists;
	return query_int(pc, "SELECT COALESCE(MAX(version), 0) FROM kaiji_schema");
}

/* Under the write lock: another server upgrading at the same time waits
 * (longer than a request would) and then finds the work done. */
static int pg_migrate_begin(struct db *db, char *err, size_t errlen)
{
	struct pg_conn *pc = conn_of(db);
	if (run_start(pc, "BEGIN ISOLATION LEVEL READ COMMITTED;"
	                  "SET LOCAL lock_timeout = '10min';"
	                  "SELECT pg_advisory_xact_lock(" WRITE_LOCK ")") != 0 ||
	    run(pc, sql_version_table) != 0) {
		snprintf(err, errlen, "PostgreSQL: %s", pc->errmsg);
		pg_rollback(db);
		return -1;
	}
	pc->locked = true;
	return 0;
}

/* An empty database gets the whole schema at db_pg_baseline_version, then
 * the steps after it one by one. */
static int pg_migrate_step(int have, int target, const char **script, int *to,
                           char *err, size_t errlen)
{
	if (have == 0) {
		if (target < db_pg_baseline_version) {
			snprintf(err, errlen, "a PostgreSQL database begins at schema "
			         "version %d", db_pg_baseline_version);
			return -1;
		}
		*script = db_pg_baseline;
		*to = db_pg_baseline_version;
		return 0;
	}
	if (have < db_pg_baseline_version ||
	    db_pg_steps[have - db_pg_baseline_version] == NULL) {
		snprintf(err, errlen, "no PostgreSQL step from schema version %d", have);
		return -1;
	}
	*script = db_pg_steps[have - db_pg_baseline_version];
	*to = have + 1;
	return 0;
}

static int pg_exec(struct db *db, const char *script, char *err, size_t errlen)
{
	struct pg_conn *pc = conn_of(db);
	if (run(pc, script) != 0) {
		snprintf(err, errlen, "PostgreSQL: %s", pc->errmsg);
		return -1;
	}
	return 0;
}

static int pg_set_version(struct db *db, int v, char *err, size_t errlen)
{
	char sql[160];
	snprintf(sql, sizeof sql, "DELETE FROM kaiji_schema;"
	         "INSERT INTO kaiji_schema (version) VALUES (%d)", v);
	return pg_exec(db, sql, err, errlen);
}

const struct db_engine db_engine_pg = {
	.name = "postgresql",
	.close = pg_close,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.reset = pg_reset,
	.bind_text = pg_bind_text,
	.bind_int = pg_bind_int,
	.bind_blob = pg_bind_blob,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.col_int64 = pg_col_int64,
	.col_double = pg_col_double,
	.col_text = pg_col_text,
	.col_blob = pg_col_blob,
	.col_bytes = pg_col_bytes,
	.changes = pg_changes,
	.errmsg = pg_errmsg,
	.failed = pg_failed,
	.in_transaction = pg_in_transaction,
	.snapshot_begin = pg_snapshot_begin,
	.snapshot_end = pg_snapshot_end,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.request_end = pg_request_end,
	.version = pg_version,
	.migrate_begin = pg_migrate_begin,
	.migrate_step = pg_migrate_step,
	.exec = pg_exec,
	.set_version = pg_set_version,
};

/* lib/db-sqltext.c: SQLite's ?N parameters written $N for PostgreSQL,
 * never inside quoted text or comments, and what a statement does read
 * from its first keyword (whether it ends the request's snapshot and
 * takes the write lock). */
#include <stdlib.h>

#include "db-sqltext.h"
#include "tap.h"

static void rewrites(const char *sql, const char *want, int want_n,
                     const char *name)
{
	char *out = NULL;
	int n = -1;
	int rc = db_sqltext_pg(sql, &out, &n);
	TAP_INTEQ(rc, 0, "%s: accepted", name);
	TAP_STREQ(out, want, "%s", name);
	TAP_INTEQ(n, want_n, "%s: %d parameters", name, want_n);
	free(out);
}

static void refuses(const char *sql, const char *name)
{
	char *out = (char *)"x";
	int n = -1;
	TAP_INTEQ(db_sqltext_pg(sql, &out, &n), -1, "-bad- %s: refused", name);
	TAP_OK(out == NULL && n == 0, "-bad- %s: nothing handed back", name);
}

static void rewrite(void)
{
	rewrites("SELECT a FROM t WHERE id = ?1 AND b = ?2",
	         "SELECT a FROM t WHERE id = $1 AND b = $2", 2, "numbered");
	rewrites("SELECT ?2, ?1, ?2", "SELECT $2, $1, $2", 2, "reused, out of order");
	rewrites("VALUES (?, ?, ?5, ?)", "VALUES ($1, $2, $5, $6)", 6,
	         "a bare ? numbered as SQLite numbers it");
	rewrites("SELECT 1", "SELECT 1", 0, "none");
	rewrites("SELECT '?1', ?2", "SELECT '?1', $2", 2, "-bad- not inside a literal");
	rewrites("SELECT 'it''s ?1', ?1", "SELECT 'it''s ?1', $1", 1,
	         "-bad- not inside a literal with a doubled quote");
	rewrites("SELECT \"?1\"\"x?2\" FROM t WHERE a = ?3",
	         "SELECT \"?1\"\"x?2\" FROM t WHERE a = $3", 3,
	         "-bad- not inside a quoted identifier");
	rewrites("SELECT 'a\\', ?1", "SELECT 'a\\', $1", 1,
	         "a backslash is an ordinary character in a standard literal");
	rewrites("SELECT E'a\\'?1', ?2", "SELECT E'a\\'?1', $2", 2,
	         "-bad- E'…' escapes its quote with a backslash");
	rewrites("SELECT TYPE'a\\', ?1", "SELECT TYPE'a\\', $1", 1,
	         "an E that ends a word does not make an E'…' literal");
	rewrites("SELECT 1 -- ?1 here\n, ?2", "SELECT 1 -- ?1 here\n, $2", 2,
	         "-bad- not inside a line comment");
	rewrites("SELECT /* ?1 /* ?2 */ ?3 */ ?4", "SELECT /* ?1 /* ?2 */ ?3 */ $4",
	         4, "-bad- not inside nested block comments");
	rewrites("SELECT $$?1$$, $q$ ?2 $x$ $q$, ?3",
	         "SELECT $$?1$$, $q$ ?2 $x$ $q$, $3", 3,
	         "-bad- not inside dollar quotes");
	rewrites("SELECT $2 + ?1", "SELECT $2 + $1", 2, "$N kept and counted");
	rewrites("SELECT a$1 FROM t", "SELECT a$1 FROM t", 0,
	         "-bad- a $ inside a name is no parameter");
	rewrites("SELECT '開示?1' || ?1", "SELECT '開示?1' || $1", 1,
	         "UTF-8 text kept as it is");
	rewrites("SELECT x?1, ?2", "SELECT x $1, $2", 2,
	         "-bad- a space after a name's character (x$1 would be a name)");
	rewrites("SELECT ?9999", "SELECT $9999", 9999, "the highest number");
	refuses("SELECT ?0", "?0");
	refuses("SELECT ?10000", "a number above the limit");
	refuses("SELECT ?99999999999999999999", "a number that overflows");
	refuses("SELECT ?1a", "a name's character right after a parameter");
	refuses("SELECT ?$$ $$", "a $ right after a parameter");
	refuses("SELECT 'open", "an unterminated literal");
	refuses("SELECT \"open", "an unterminated identifier");
	refuses("SELECT /* open /* */", "an unterminated nested comment");
	refuses("SELECT $a$ open", "an unterminated dollar quote");
	refuses("SELECT E'\\'", "an E'…' literal whose quote is escaped");
}

static void kind(const char *sql, enum db_sqlkind want, const char *name)
{
	TAP_INTEQ(db_sqltext_kind(sql), want, "%s", name);
}

static void kinds(void)
{
	kind("SELECT a FROM t", DB_SQL_READ, "SELECT reads");
	kind("  select a from t", DB_SQL_READ, "lower case, leading spaces");
	kind("-- why\n/* what */ SELECT 1", DB_SQL_READ, "after comments");
	kind("(SELECT 1) UNION (SELECT 2)", DB_SQL_READ, "in parentheses");
	kind("VALUES (1)", DB_SQL_READ, "VALUES reads");
	kind("WITH a AS (SELECT 1) SELECT * FROM a", DB_SQL_READ, "WITH … SELECT reads");
	kind("WITH a AS (DELETE FROM t RETURNING id) SELECT * FROM a", DB_SQL_WRITE,
	     "-bad- WITH … DELETE writes");
	kind("SELECT a FROM t FOR UPDATE", DB_SQL_WRITE, "-bad- FOR UPDATE writes");
	kind("SELECT setval('s', 5)", DB_SQL_WRITE, "-bad- setval writes");
	kind("SELECT 'DELETE', \"update\" FROM t", DB_SQL_READ,
	     "-bad- a keyword in quotes is not one");
	kind("SELECT updated_at, deleted FROM t", DB_SQL_READ,
	     "-bad- a name that begins like a keyword is not one");
	kind("INSERT INTO t VALUES (1)", DB_SQL_WRITE, "INSERT writes");
	kind("update t set a = 1", DB_SQL_WRITE, "UPDATE writes");
	kind("DELETE FROM t", DB_SQL_WRITE, "DELETE writes");
	kind("CREATE TABLE t (a int)", DB_SQL_WRITE, "DDL writes");
	kind("BEGIN", DB_SQL_BEGIN, "BEGIN: a read transaction");
	kind("BEGIN DEFERRED", DB_SQL_BEGIN, "BEGIN DEFERRED too");
	kind("BEGIN IMMEDIATE", DB_SQL_BEGIN_WRITE, "BEGIN IMMEDIATE: the write lock");
	kind("begin exclusive", DB_SQL_BEGIN_WRITE, "BEGIN EXCLUSIVE too");
	kind("COMMIT", DB_SQL_COMMIT, "COMMIT");
	kind("END", DB_SQL_COMMIT, "END commits");
	kind("ROLLBACK", DB_SQL_ROLLBACK, "ROLLBACK");
	kind("ROLLBACK TO SAVEPOINT a", DB_SQL_OTHER, "-bad- ROLLBACK TO is no rollback");
	kind("SAVEPOINT a", DB_SQL_OTHER, "SAVEPOINT");
	kind("PRAGMA mmap_size = 1", DB_SQL_PRAGMA, "PRAGMA");
	kind("", DB_SQL_OTHER, "-bad- nothing");
	kind("SELECT 'open", DB_SQL_READ, "-bad- an unterminated literal after SELECT");
}

int main(void)
{
	rewrite();
	kinds();
	return TAP_DONE();
}

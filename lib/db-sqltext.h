/* The SQL text of lib/db's statements as PostgreSQL takes it, and what a
 * statement does, read from its text (lib/db-pg.c prepares with these;
 * pure functions, so that tests/unit/test-db-sqltext.c and
 * tests/fuzz/fuzz-db-sqltext.c need no server). Quoted text is skipped
 * throughout: '…' literals ('' inside; E'…' with backslash escapes),
 * "…" identifiers, -- and (nested) block comments, $tag$…$tag$. */
#ifndef KAIJI_DB_SQLTEXT_H
#define KAIJI_DB_SQLTEXT_H

#include <stddef.h>

/* The highest parameter number taken (PostgreSQL's limit is 65535). */
#define DB_SQLTEXT_MAX_PARAMS 9999

/* sql with each SQLite parameter ?N outside quoted text written $N (with
 * a space before it after a name's character), and a bare ? numbered as SQLite numbers it (one above the highest so far);
 * $N already there is kept. *out is malloc'd; *nparams the highest
 * number. 0, or -1: a number of 0 or above DB_SQLTEXT_MAX_PARAMS, a
 * name's character right after a parameter, an unterminated literal,
 * identifier or comment, out of memory. */
int db_sqltext_pg(const char *sql, char **out, int *nparams);

enum db_sqlkind {
	DB_SQL_READ,        /* SELECT, VALUES, WITH … SELECT: no write */
	DB_SQL_WRITE,       /* INSERT, UPDATE, DELETE, DDL, … FOR UPDATE */
	DB_SQL_BEGIN,       /* BEGIN [DEFERRED]: a read transaction */
	DB_SQL_BEGIN_WRITE, /* BEGIN IMMEDIATE or EXCLUSIVE */
	DB_SQL_COMMIT,      /* COMMIT, END */
	DB_SQL_ROLLBACK,    /* ROLLBACK (not ROLLBACK TO) */
	DB_SQL_PRAGMA,      /* SQLite's PRAGMA */
	DB_SQL_OTHER,       /* SAVEPOINT, RELEASE, ROLLBACK TO, SET, … */
};

/* What sql does, from its first keyword; a SELECT or WITH writes when an
 * INSERT, UPDATE, DELETE or MERGE (FOR UPDATE too) or a call of nextval
 * or setval appears outside quoted text. */
enum db_sqlkind db_sqltext_kind(const char *sql);

#endif

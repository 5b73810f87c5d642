#include "db-sqltext.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '$' ||
	       (unsigned char)c >= 0x80;
}

/* The end of a dollar quote's opening tag at p ("$$", "$tag$"), or NULL
 * when p does not open one. */
static const char *dollar_tag_end(const char *p)
{
	const char *q = p + 1;
	if (isdigit((unsigned char)*q))
		return NULL; /* $1: a parameter */
	while (isalnum((unsigned char)*q) || *q == '_' || (unsigned char)*q >= 0x80)
		q++;
	return *q == '$' ? q + 1 : NULL;
}

/* Where the quoted text or comment starting at p ends (just after it), p
 * itself when nothing quoted starts there, or NULL when it does not end.
 * start: the statement's first character. */
static const char *skip_quoted(const char *p, const char *start)
{
	char prev = p > start ? p[-1] : '\0';
	if (*p == '\'') {
		/* E'…': the E a word of its own. */
		bool esc = (prev == 'E' || prev == 'e') &&
		           !(p - 1 > start && ident_char(p[-2]));
		for (const char *q = p + 1; *q; q++) {
			if (esc && *q == '\\' && q[1] != '\0')
				q++;
			else if (*q == '\'' && q[1] == '\'')
				q++;
			else if (*q == '\'')
				return q + 1;
		}
		return NULL;
	}
	if (*p == '"') {
		for (const char *q = p + 1; *q; q++) {
			if (*q == '"' && q[1] == '"')
				q++;
			else if (*q == '"')
				return q + 1;
		}
		return NULL;
	}
	if (p[0] == '-' && p[1] == '-') {
		const char *nl = strchr(p, '\n');
		return nl ? nl + 1 : p + strlen(p);
	}
	if (p[0] == '/' && p[1] == '*') {
		int depth = 0;
		for (const char *q = p; *q; q++) {
			if (q[0] == '/' && q[1] == '*') {
				depth++;
				q++;
			} else if (q[0] == '*' && q[1] == '/') {
				q++;
				if (--depth == 0)
					return q + 1;
			}
		}
		return NULL;
	}
	if (*p == '$' && !ident_char(prev)) {
		const char *tag_end = dollar_tag_end(p);
		if (tag_end == NULL)
			return p;
		size_t tag = (size_t)(tag_end - p);
		for (const char *q = tag_end; (q = strchr(q, '$')) != NULL; q++)
			if (strncmp(q, p, tag) == 0)
				return q + tag;
		return NULL;
	}
	return p;
}

/* A parameter number of 1..DB_SQLTEXT_MAX_PARAMS from the digits at *p
 * (moved past them): the number, or -1. */
static int param_number(const char **p)
{
	long n = 0;
	const char *q = *p;
	while (isdigit((unsigned char)*q)) {
		n = n * 10 + (*q++ - '0');
		if (n > DB_SQLTEXT_MAX_PARAMS)
			return -1;
	}
	*p = q;
	return n >= 1 ? (int)n : -1;
}

int db_sqltext_pg(const char *sql, char **out, int *nparams)
{
	size_t len = strlen(sql);
	/* A bare ? (at most "?" → " $9999") is what grows most. */
	char *buf = malloc(len * 6 + 1), *o = buf;
	int max = 0;
	*out = NULL;
	*nparams = 0;
	if (buf == NULL)
		return -1;
	for (const char *p = sql; *p;) {
		const char *end = skip_quoted(p, sql);
		if (end == NULL)
			goto fail;
		if (end != p) {
			memcpy(o, p, (size_t)(end - p));
			o += end - p;
			p = end;
			continue;
		}
		if (*p == '?' || (*p == '$' && isdigit((unsigned char)p[1]) &&
		                  !(p > sql && ident_char(p[-1])))) {
			const char *q = p + 1;
			int n = isdigit((unsigned char)*q) ? param_number(&q) : max + 1;
			/* ?1a, ?1$: no statement of ours; PostgreSQL would not read
			 * $1a or $1$ as a parameter. */
			if (n < 1 || n > DB_SQLTEXT_MAX_PARAMS || ident_char(*q))
				goto fail;
			if (n > max)
				max = n;
			if (*p == '$') { /* PostgreSQL's own: kept as written */
				memcpy(o, p, (size_t)(q - p));
				o += q - p;
				p = q;
				continue;
			}
			/* PostgreSQL reads a$1 as one name: SQLite's a?1 is not. */
			if (o > buf && ident_char(o[-1]))
				*o++ = ' ';
			o += snprintf(o, 6, "$%d", n);
			p = q;
			continue;
		}
		*o++ = *p++;
	}
	*o = '\0';
	*out = buf;
	*nparams = max;
	return 0;
fail:
	free(buf);
	return -1;
}

/* The next word outside quoted text from *p (moved past it), copied
 * upper-cased into w; false at the end or on unterminated quoted text. */
static bool next_word(const char **p, const char *start, char *w, size_t wlen)
{
	const char *q = *p;
	while (*q) {
		const char *end = skip_quoted(q, start);
		if (end == NULL)
			return false;
		if (end != q) {
			q = end;
			continue;
		}
		if (ident_char(*q) && !(q > start && ident_char(q[-1]))) {
			size_t n = 0;
			while (ident_char(*q)) {
				if (n + 1 < wlen)
					w[n++] = (char)toupper((unsigned char)*q);
				q++;
			}
			w[n] = '\0';
			*p = q;
			return true;
		}
		q++;
	}
	*p = q;
	return false;
}

static bool word_is(const char *w, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(w, *list) == 0)
			return true;
	return false;
}

static const char *const read_first[] = { "SELECT", "VALUES", "WITH", "TABLE",
	                                      "SHOW", "EXPLAIN", NULL };
static const char *const writing[] = { "INSERT", "UPDATE", "DELETE", "MERGE",
	                                   "NEXTVAL", "SETVAL", NULL };

enum db_sqlkind db_sqltext_kind(const char *sql)
{
	char w[16];
	const char *p = sql;
	if (!next_word(&p, sql, w, sizeof w))
		return DB_SQL_OTHER;
	if (word_is(w, read_first)) {
		while (next_word(&p, sql, w, sizeof w))
			if (word_is(w, writing))
				return DB_SQL_WRITE;
		return DB_SQL_READ;
	}
	if (strcmp(w, "BEGIN") == 0 || strcmp(w, "START") == 0) {
		if (next_word(&p, sql, w, sizeof w) &&
		    (strcmp(w, "IMMEDIATE") == 0 || strcmp(w, "EXCLUSIVE") == 0))
			return DB_SQL_BEGIN_WRITE;
		return DB_SQL_BEGIN;
	}
	if (strcmp(w, "COMMIT") == 0 || strcmp(w, "END") == 0)
		return DB_SQL_COMMIT;
	if (strcmp(w, "ROLLBACK") == 0)
		return next_word(&p, sql, w, sizeof w) && strcmp(w, "TO") == 0
		           ? DB_SQL_OTHER : DB_SQL_ROLLBACK;
	if (strcmp(w, "PRAGMA") == 0)
		return DB_SQL_PRAGMA;
	static const char *const other[] = { "SAVEPOINT", "RELEASE", "SET",
		                                 "RESET", NULL };
	return word_is(w, other) ? DB_SQL_OTHER : DB_SQL_WRITE;
}

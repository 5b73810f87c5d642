/* The register as open data (CSV with a BOM, JSON) and the CSV import:
 * every row checked, the whole file written in one transaction or not at
 * all. The CSV's columns are the field ids of lib/register.h after "id",
 * then agency_name, notified_on, updated_on and abolished_on. */
#ifndef KAIJI_REGISTER_IO_H
#define KAIJI_REGISTER_IO_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "register.h"

/* The header line (after a UTF-8 BOM) and one entry's line, CRLF ended. */
void reg_csv_header(struct buf *b);
void reg_csv_row(struct buf *b, const struct reg_entry *e);
/* One entry as a compact JSON object. The whole document is
 * {"register":{"kind":…,"name":…},"entries":[ENTRY,\nENTRY…\n]}: the head
 * and the tail around the entries, each entry after "\n" or ",\n". */
void reg_json_entry(struct buf *b, const struct reg_entry *e);
void reg_json_head(struct buf *b, const char *kind, const char *name);
void reg_json_tail(struct buf *b);

/* "?name=value" or "&name=value" (after the first) onto b, the value
 * percent-encoded but for unreserved characters: for the register's
 * links, which the templates then HTML-escape. */
void reg_url_arg(struct buf *b, const char *name, const char *value);

/* Errors past this many are counted, not kept. */
#define REG_IMPORT_MAX_ERRORS 100

/* A problem at a line of the file (1 = the header) and, when it concerns
 * one cell, its column. key: a field check's key (Required, TooLong,
 * Invalid, Agency, Bool, Date, FileType) or one of UnknownColumn,
 * MissingColumn, Repeated, Columns (a row with the wrong number of cells),
 * Id, DuplicateId, Syntax, Encoding, Empty, Memory. */
struct reg_import_error {
	long line;
	const char *column; /* NULL: the whole line */
	const char *key;
	struct reg_import_error *next;
};

struct row;

struct reg_import {
	struct reg_import_error *errors, **tail;
	long nerrors;
	long rows;
	bool converted; /* the file was Shift_JIS */
	struct row *parsed;
	long added, changed, unchanged, abolished;
	long failed_line; /* where a database write failed */
};

/* Read and check the whole file (nothing is written): 0 when every row is
 * good, else -1 with rep->errors. */
int reg_import_parse(struct arena *a, const struct reg_agencies *ag,
                     const char *data, size_t len, struct reg_import *rep);
/* Write the parsed rows in one transaction: a row with an id that exists
 * changes that entry (history: changed, today), other rows are new
 * entries (notified, on notified_on or today; with their id when given);
 * abolished_on abolishes. 0, or -1 with nothing written. */
int reg_import_apply(struct db *db, const struct reg_agencies *ag,
                     const char *today, struct reg_import *rep);

#endif

/* The register as open data and back: CSV and JSON rows for the exports,
 * and the CSV import (libcsv), which checks every row and writes all of
 * them or none. */
#include "register-io.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <jansson.h>

#include "form.h"
#include "log.h"

/* ---- export ---- */

/* Columns past the fields: what the history says, read-only on import
 * except notified_on (the date of a new entry's 届出) and abolished_on. */
static const char *const extra_cols[] = { "agency_name", "notified_on",
	                                      "updated_on", "abolished_on" };
#define NEXTRA (sizeof extra_cols / sizeof extra_cols[0])

/* A spreadsheet runs a cell that starts with one of these as a formula
 * (CSV injection): the export puts a ' before it, as the questionnaire's
 * export does, and the import takes that ' away again. A value that
 * itself starts with ' and one of these gets one more ', so that the
 * round trip gives every value back exactly (issue 16 item 8). */
#define FORMULA_START "=+-@\t\r"

static bool formula_like(const char *s)
{
	return *s != '\0' && strchr(FORMULA_START, *s) != NULL;
}

static bool needs_guard(const char *s)
{
	return formula_like(s) || (s[0] == '\'' && formula_like(s + 1)) ||
	       (s[0] == '\'' && s[1] == '\'' && needs_guard(s + 1));
}

static void csv_cell(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	if (needs_guard(s))
		buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

void reg_csv_header(struct buf *b)
{
	buf_puts(b, "\xef\xbb\xbf"); /* BOM: spreadsheet programs read UTF-8 */
	buf_puts(b, "\"id\"");
	for (int i = 0; i < REG__NFIELDS; i++) {
		buf_putc(b, ',');
		csv_cell(b, reg_fields[i].id);
	}
	for (size_t i = 0; i < NEXTRA; i++) {
		buf_putc(b, ',');
		csv_cell(b, extra_cols[i]);
	}
	buf_puts(b, "\r\n");
}

void reg_csv_row(struct buf *b, const struct reg_entry *e)
{
	buf_printf(b, "\"%lld\"", e->id);
	for (int i = 0; i < REG__NFIELDS; i++) {
		buf_putc(b, ',');
		csv_cell(b, e->v[i]);
	}
	const char *extra[NEXTRA] = { e->agency_name, e->notified_on,
		                          e->updated_on, e->abolished_on };
	for (size_t i = 0; i < NEXTRA; i++) {
		buf_putc(b, ',');
		csv_cell(b, extra[i]);
	}
	buf_puts(b, "\r\n");
}

static void json_put(json_t *o, const char *key, json_t *v)
{
	if (v == NULL || json_object_set_new(o, key, v) != 0) {
		log_event(LOG_ERR, "out of memory in json: exiting");
		exit(70);
	}
}

static int dump_to_buf(const char *p, size_t n, void *ctx)
{
	buf_append(ctx, p, n);
	return 0;
}

void reg_json_entry(struct buf *b, const struct reg_entry *e)
{
	json_t *o = json_object();
	if (o == NULL) {
		log_event(LOG_ERR, "out of memory in json: exiting");
		exit(70);
	}
	json_put(o, "id", json_integer(e->id));
	for (int i = 0; i < REG__NFIELDS; i++) {
		const struct reg_field *f = &reg_fields[i];
		if (f->type == REG_T_BOOL)
			json_put(o, f->id, json_boolean(strcmp(e->v[i], "1") == 0));
		else if (f->type == REG_T_DATE && e->v[i][0] == '\0')
			json_put(o, f->id, json_null());
		else
			json_put(o, f->id, json_string(e->v[i]));
	}
	json_put(o, "agency_name", json_string(e->agency_name));
	json_put(o, "notified_on", e->notified_on[0] ? json_string(e->notified_on)
	                                             : json_null());
	json_put(o, "updated_on", json_string(e->updated_on));
	json_put(o, "abolished_on", e->abolished_on[0]
	                                ? json_string(e->abolished_on)
	                                : json_null());
	json_dump_callback(o, dump_to_buf, b, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
}

void reg_json_head(struct buf *b, const char *kind, const char *name)
{
	json_t *o = json_object();
	if (o == NULL) {
		log_event(LOG_ERR, "out of memory in json: exiting");
		exit(70);
	}
	json_put(o, "kind", json_string(kind));
	json_put(o, "name", json_string(name ? name : ""));
	buf_puts(b, "{\"register\":");
	json_dump_callback(o, dump_to_buf, b, JSON_COMPACT | JSON_PRESERVE_ORDER);
	buf_puts(b, ",\"entries\":[");
	json_decref(o);
}

void reg_json_tail(struct buf *b)
{
	buf_puts(b, "\n]}\n");
}

void reg_url_arg(struct buf *b, const char *name, const char *value)
{
	static const char hex[] = "0123456789ABCDEF";
	buf_putc(b, b->len ? '&' : '?');
	buf_puts(b, name);
	buf_putc(b, '=');
	for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-_.~", *p)) {
			buf_putc(b, (char)*p);
		} else {
			buf_putc(b, '%');
			buf_putc(b, hex[*p >> 4]);
			buf_putc(b, hex[*p & 15]);
		}
	}
}

/* ---- import ---- */

struct row {
	long line;
	long long id;
	const char *v[REG__NFIELDS];
	const char *notified_on, *abolished_on;
	struct row *next;
};

enum col_kind { COL_FIELD, COL_ID, COL_NOTIFIED, COL_ABOLISHED, COL_IGNORED };

struct col {
	enum col_kind kind;
	int field;
	const char *name;
};

struct parse {
	struct arena *a;
	const struct reg_agencies *ag;
	struct reg_import *rep;
	long line;        /* being fed */
	long rec_line;    /* where the record being read started */
	bool rec_started;
	const char **cells;
	size_t ncells, cap;
	struct col *cols;
	size_t ncols;
	bool have_header;
	struct row *rows, **tail;
};

static void problem(struct parse *p, long line, const char *column,
                    const char *key)
{
	struct reg_import *r = p->rep;
	r->nerrors++;
	if (r->nerrors > REG_IMPORT_MAX_ERRORS)
		return;
	struct reg_import_error *e = arena_calloc(p->a, 1, sizeof *e);
	e->line = line;
	e->column = column ? arena_strdup(p->a, column) : NULL;
	e->key = key;
	*r->tail = e;
	r->tail = &e->next;
}

static void on_field(void *s, size_t len, void *ctx)
{
	struct parse *p = ctx;
	if (!p->rec_started) {
		/* A quoted field may hold line breaks: the record began earlier. */
		long breaks = 0;
		for (size_t i = 0; i < len; i++)
			breaks += ((const char *)s)[i] == '\n';
		p->rec_line = p->line - breaks;
		p->rec_started = true;
	}
	p->cells = arena_grow(p->a, p->cells, p->ncells, &p->cap, sizeof *p->cells);
	const char *v = s ? arena_strndup(p->a, s, len) : "";
	if (v[0] == '\'' && needs_guard(v + 1))
		v++; /* the export's formula guard (csv_cell) */
	p->cells[p->ncells++] = v;
}

static void header_read(struct parse *p)
{
	p->cols = arena_calloc(p->a, p->ncells + 1, sizeof *p->cols);
	p->ncols = p->ncells;
	bool seen[REG__NFIELDS] = { false };
	for (size_t i = 0; i < p->ncells; i++) {
		const char *h = p->cells[i];
		struct col *c = &p->cols[i];
		c->name = h;
		int f = reg_field_find(h);
		if (f >= 0) {
			c->kind = COL_FIELD;
			c->field = f;
			if (seen[f])
				problem(p, p->rec_line, h, "Repeated");
			seen[f] = true;
		} else if (strcmp(h, "id") == 0) {
			c->kind = COL_ID;
		} else if (strcmp(h, "notified_on") == 0) {
			c->kind = COL_NOTIFIED;
		} else if (strcmp(h, "abolished_on") == 0) {
			c->kind = COL_ABOLISHED;
		} else if (strcmp(h, "agency_name") == 0 ||
		           strcmp(h, "updated_on") == 0) {
			c->kind = COL_IGNORED;
		} else {
			problem(p, p->rec_line, h, "UnknownColumn");
			c->kind = COL_IGNORED;
		}
	}
	for (int f = 0; f < REG__NFIELDS; f++)
		if (reg_fields[f].required && !seen[f])
			problem(p, p->rec_line, reg_fields[f].id, "MissingColumn");
}

static void bad_value(void *ctx, int field, const char *key)
{
	struct parse *p = ctx;
	problem(p, p->rec_line, reg_fields[field].id, key);
}

static bool parse_id(const char *s, long long *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (*s < '1' || *s > '9' || errno || *end || v <= 0)
		return false;
	*out = v;
	return true;
}

static void date_cell(struct parse *p, const struct col *c, const char *s,
                      const char **out)
{
	cal_day d;
	if (*s && cal_parse(s, &d) != 0)
		problem(p, p->rec_line, c->name, "Date");
	*out = s;
}

static void row_read(struct parse *p)
{
	if (p->ncells != p->ncols) {
		problem(p, p->rec_line, NULL, "Columns");
		return;
	}
	struct row *r = arena_calloc(p->a, 1, sizeof *r);
	r->line = p->rec_line;
	r->notified_on = r->abolished_on = "";
	for (size_t i = 0; i < p->ncells; i++) {
		const struct col *c = &p->cols[i];
		const char *s = p->cells[i];
		if (c->kind == COL_FIELD)
			r->v[c->field] = s;
		else if (c->kind == COL_ID && *s && !parse_id(s, &r->id))
			problem(p, r->line, "id", "Id");
		else if (c->kind == COL_NOTIFIED)
			date_cell(p, c, s, &r->notified_on);
		else if (c->kind == COL_ABOLISHED)
			date_cell(p, c, s, &r->abolished_on);
	}
	reg_check(p->a, p->ag, r->v, bad_value, p);
	for (struct row *o = p->rows; r->id && o; o = o->next)
		if (o->id == r->id) {
			problem(p, r->line, "id", "DuplicateId");
			break;
		}
	*p->tail = r;
	p->tail = &r->next;
	p->rep->rows++;
}

static void on_record(int c, void *ctx)
{
	struct parse *p = ctx;
	(void)c;
	if (!p->rec_started)
		p->rec_line = p->line;
	if (!p->have_header) {
		header_read(p);
		p->have_header = true;
	} else {
		row_read(p);
	}
	p->ncells = 0;
	p->rec_started = false;
}

/* UTF-8 with or without a BOM, or else Shift_JIS (as Windows writes it,
 * CP932) converted; NULL when it is neither. */
static char *to_utf8(struct arena *a, const char *data, size_t len,
                     size_t *outlen, bool *converted)
{
	*converted = false;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		len -= 3;
	}
	if (form_utf8_valid(data, len)) {
		*outlen = len;
		return arena_strndup(a, data, len);
	}
	iconv_t cd = iconv_open("UTF-8", "CP932");
	if (cd == (iconv_t)-1)
		return NULL;
	size_t cap = len * 3 + 1, left = cap;
	char *out = arena_alloc(a, cap), *o = out;
	char *in = (char *)data;
	size_t inleft = len;
	size_t rc = iconv(cd, &in, &inleft, &o, &left);
	iconv_close(cd);
	if (rc == (size_t)-1 || inleft != 0 || left == 0)
		return NULL;
	*o = '\0';
	*outlen = (size_t)(o - out);
	*converted = true;
	return out;
}

static int feed(struct parse *p, struct csv_parser *cp, const char *s,
                size_t len)
{
	/* One line at a time, so that each record's line is known. */
	const char *end = s + len;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) + 1 : (size_t)(end - s);
		p->line++;
		if (csv_parse(cp, s, n, on_field, on_record, p) != n)
			return -1;
		s += n;
	}
	return csv_fini(cp, on_field, on_record, p) == 0 ? 0 : -1;
}

int reg_import_parse(struct arena *a, const struct reg_agencies *ag,
                     const char *data, size_t len, struct reg_import *rep)
{
	memset(rep, 0, sizeof *rep);
	rep->tail = &rep->errors;
	struct parse p = { .a = a, .ag = ag, .rep = rep };
	p.tail = &p.rows;
	size_t ulen;
	char *text = to_utf8(a, data, len, &ulen, &rep->converted);
	if (text == NULL) {
		problem(&p, 0, NULL, "Encoding");
		return -1;
	}
	struct csv_parser cp;
	if (csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		problem(&p, 0, NULL, "Memory");
		return -1;
	}
	if (feed(&p, &cp, text, ulen) != 0)
		problem(&p, p.line, NULL, "Syntax");
	csv_free(&cp);
	if (!p.have_header)
		problem(&p, 1, NULL, "Empty");
	rep->parsed = p.rows;
	return rep->nerrors ? -1 : 0;
}

static const char sql_agency_ensure[] =
    "INSERT INTO agency (id, name) VALUES (?1, ?2) ON CONFLICT DO NOTHING";
static const char sql_is_abolished[] =
    "SELECT CAST(abolished_on IS NOT NULL AS INTEGER) FROM register_entry "
    "WHERE id = ?1";

static int agencies_ensure(struct db *db, const struct reg_agencies *ag)
{
	for (size_t i = 0; i < ag->n; i++) {
		struct db_stmt *st = db_stmt(db, sql_agency_ensure);
		if (st == NULL)
			return -1;
		db_bind_text(st, 1, ag->ids[i]);
		db_bind_text(st, 2, ag->names[i]);
		int rc = db_step(st);
		db_reset(st);
		if (rc != DB_DONE)
			return -1;
	}
	return 0;
}

/* -1 error, 0 no such entry, 1 in force, 2 abolished. */
static int entry_state(struct db *db, long long id)
{
	struct db_stmt *st = db_stmt(db, sql_is_abolished);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	int state = rc == DB_ROW ? 1 + db_col_int(st, 0)
	            : rc == DB_DONE ? 0 : -1;
	db_reset(st);
	return state;
}

static int row_apply(struct db *db, struct arena *a, const struct row *r,
                     const char *today, struct reg_import *rep)
{
	int state = r->id ? entry_state(db, r->id) : 0;
	if (state < 0)
		return -1;
	long long id = r->id;
	if (state == 0) {
		const char *on = r->notified_on[0] ? r->notified_on : today;
		if (reg_insert(db, a, r->id, r->v, on, &id) != 0)
			return -1;
		rep->added++;
	} else {
		int rc = reg_update(db, a, r->id, r->v, today, "CSV");
		if (rc < 0 || rc == 2)
			return -1;
		if (rc == 0)
			rep->changed++;
		else
			rep->unchanged++;
	}
	if (r->abolished_on[0] && state != 2) {
		if (reg_abolish(db, id, r->abolished_on, "") < 0)
			return -1;
		rep->abolished++;
	}
	return 0;
}

int reg_import_apply(struct db *db, const struct reg_agencies *ag,
                     const char *today, struct reg_import *rep)
{
	if (db_begin(db) != 0)
		return -1;
	int rc = agencies_ensure(db, ag);
	struct arena *scratch = arena_new();
	for (const struct row *r = rep->parsed; r && rc == 0; r = r->next) {
		rc = row_apply(db, scratch, r, today, rep);
		if (rc != 0)
			rep->failed_line = r->line;
		arena_reset(scratch);
	}
	arena_free(scratch);
	if (rc != 0 || db_commit(db) != 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

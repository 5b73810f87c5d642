/* The register: entries, history, browsing and search (see register.h). */
#include "register.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "form.h"
#include "log.h"
#include "reading.h"
#include "register-keys.h"

#define LINE_MAX_CHARS 500
#define TEXT_MAX_CHARS 4000
/* A name of 200 characters read in katakana, with room to spare. */
#define READING_MAX_CHARS 400

const struct reg_field reg_fields[REG__NFIELDS] = {
	[REG_NAME] = { "name", "name", "Name", REG_T_LINE, 200, true },
	[REG_AGENCY] = { "agency", "agency_id", "Agency", REG_T_AGENCY, 64, true },
	[REG_DEPARTMENT] = { "department", "department", "Department", REG_T_LINE, 100, false },
	[REG_PURPOSE] = { "purpose", "purpose", "Purpose", REG_T_TEXT, TEXT_MAX_CHARS, false },
	[REG_ITEMS] = { "items", "items", "Items", REG_T_TEXT, TEXT_MAX_CHARS, false },
	[REG_SCOPE] = { "scope", "persons_range", "Scope", REG_T_TEXT, TEXT_MAX_CHARS, false },
	[REG_COLLECTION] = { "collection", "collection", "Collection", REG_T_TEXT, TEXT_MAX_CHARS, false },
	[REG_SENSITIVE] = { "sensitive", "sensitive", "Sensitive", REG_T_BOOL, 8, false },
	[REG_SENSITIVE_LOCAL] = { "sensitive_local", "sensitive_ordinance", "SensitiveLocal", REG_T_BOOL, 8, false },
	[REG_RECIPIENTS] = { "recipients", "recipients", "Recipients", REG_T_TEXT, TEXT_MAX_CHARS, false },
	[REG_REQUEST_OFFICE] = { "request_office", "request_office", "RequestOffice", REG_T_TEXT, LINE_MAX_CHARS, false },
	[REG_SPECIAL] = { "special_procedure", "special_procedures", "SpecialProcedure", REG_T_TEXT, TEXT_MAX_CHARS, false },
	[REG_FILE_TYPE] = { "file_type", "file_type", "FileType", REG_T_FILE_TYPE, 16, false },
	[REG_MANUAL_COPY] = { "manual_copy", "manual_copy", "ManualCopy", REG_T_LINE, LINE_MAX_CHARS, false },
	[REG_PERSONS] = { "persons_count", "persons_count", "PersonsCount", REG_T_LINE, 100, false },
	[REG_ANON] = { "anonymized", "anonymized", "Anonymized", REG_T_TEXT, LINE_MAX_CHARS, false },
	[REG_ANON_OFFICE] = { "anon_office", "anon_office", "AnonOffice", REG_T_TEXT, LINE_MAX_CHARS, false },
	[REG_ANON_SUMMARY] = { "anon_summary", "anon_summary", "AnonSummary", REG_T_TEXT, TEXT_MAX_CHARS, false },
	[REG_ANON_PERIOD] = { "anon_period", "anon_period", "AnonPeriod", REG_T_LINE, LINE_MAX_CHARS, false },
	[REG_REMARKS] = { "remarks", "remarks", "Remarks", REG_T_TEXT, TEXT_MAX_CHARS, false },
	[REG_BASIS] = { "basis", "legal_basis", "Basis", REG_T_TEXT, TEXT_MAX_CHARS, false },
	[REG_OUTSIDE_USE] = { "outside_use", "outside_use", "OutsideUse", REG_T_TEXT, TEXT_MAX_CHARS, false },
	[REG_OUTSOURCING] = { "outsourcing", "outsourced", "Outsourcing", REG_T_TEXT, LINE_MAX_CHARS, false },
	[REG_RECORD_FORM] = { "record_form", "record_form", "RecordForm", REG_T_LINE, 100, false },
	[REG_MANAGER] = { "manager", "manager", "Manager", REG_T_LINE, 200, false },
	[REG_START_DATE] = { "start_date", "started_on", "StartDate", REG_T_DATE, 10, false },
	[REG_UNIT] = { "unit", "unit", "Unit", REG_T_LINE, 200, false },
	[REG_ONLINE_LINK] = { "online_link", "online_link", "OnlineLink", REG_T_TEXT, LINE_MAX_CHARS, false },
	[REG_REF] = { "ref", "ref", "Ref", REG_T_LINE, 64, false },
	[REG_READING] = { "reading", "reading", "Reading", REG_T_LINE, READING_MAX_CHARS, false },
};

int reg_field_find(const char *id)
{
	for (int i = 0; i < REG__NFIELDS; i++)
		if (strcmp(reg_fields[i].id, id) == 0)
			return i;
	return -1;
}

/* ---- reading ---- */

/* In the order of enum reg_field_id: tests/unit/test-register.c checks. */
#define ENTRY_FIELDS ENTRY_OWN "a.name, "
#define ENTRY_OWN                                                           \
	"e.id, e.name, e.agency_id, e.department, e.purpose, e.items, "         \
	"e.persons_range, e.collection, e.sensitive, e.sensitive_ordinance, "   \
	"e.recipients, e.request_office, e.special_procedures, e.file_type, "   \
	"e.manual_copy, e.persons_count, e.anonymized, e.anon_office, "         \
	"e.anon_summary, e.anon_period, e.remarks, e.legal_basis, "             \
	"e.outside_use, e.outsourced, e.record_form, e.manager, e.started_on, " \
	"e.unit, e.online_link, e.ref, e.reading, "
#define ENTRY_COLS ENTRY_FIELDS                                             \
	"coalesce((SELECT min(h.on_date) FROM register_history h "             \
	"WHERE h.entry_id = e.id AND h.change = 'notified'), ''), "             \
	"e.updated_at, coalesce(e.abolished_on, '')"
#define ENTRY_FROM " FROM register_entry e JOIN agency a ON a.id = e.agency_id"

/* Empty fields (most of them in many registers) share one "". */
static const char *col_dup(struct db_stmt *st, struct arena *a, int col)
{
	const char *s = db_col_text(st, col);
	int n = db_col_bytes(st, col);
	return *s && n > 0 ? arena_strndup(a, s, (size_t)n) : "";
}

static void entry_read(struct db_stmt *st, struct arena *a, struct reg_entry *e)
{
	e->id = db_col_int64(st, 0);
	for (int i = 0; i < REG__NFIELDS; i++)
		e->v[i] = col_dup(st, a, i + 1);
	e->agency_name = col_dup(st, a, REG__NFIELDS + 1);
	e->notified_on = col_dup(st, a, REG__NFIELDS + 2);
	e->updated_on = col_dup(st, a, REG__NFIELDS + 3);
	e->abolished_on = col_dup(st, a, REG__NFIELDS + 4);
}

static const char sql_get[] =
    "SELECT " ENTRY_COLS ENTRY_FROM " WHERE e.id = ?1";
/* sql_get without the date of the 届出, read from the history (the
 * entry's page shows the history itself), nor the agency's name (the
 * page names it from the profile: reg_agency_name otherwise). */
static const char sql_shown[] =
    "SELECT " ENTRY_OWN "'', '', e.updated_at, coalesce(e.abolished_on, '')"
    " FROM register_entry e WHERE e.id = ?1";

static int get_by(struct db *db, const char *sql, struct arena *a,
                  long long id, struct reg_entry *out)
{
	struct db_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		entry_read(st, a, out);
	db_reset(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

int reg_get(struct db *db, struct arena *a, long long id, struct reg_entry *out)
{
	return get_by(db, sql_get, a, id, out);
}

int reg_get_shown(struct db *db, struct arena *a, long long id,
                  struct reg_entry *out)
{
	return get_by(db, sql_shown, a, id, out);
}

static const char sql_agency_name[] = "SELECT name FROM agency WHERE id = ?1";

const char *reg_agency_name(struct db *db, struct arena *a, const char *agency)
{
	struct db_stmt *st = db_stmt(db, sql_agency_name);
	if (st == NULL)
		return NULL;
	db_bind_text(st, 1, agency);
	int rc = db_step(st);
	const char *name = rc == DB_ROW ? col_dup(st, a, 0) : rc == DB_DONE ? "" : NULL;
	db_reset(st);
	return name;
}

/* What a list shows: name, agency, department, dates; the page's 20
 * rows in one statement (sql_brief, BRIEF_COLS). */
#define BRIEF_COLS "e.id, e.name, e.agency_id, e.department, '', e.updated_at, " \
                   "coalesce(e.abolished_on, '')"

static void brief_read(struct db_stmt *st, struct arena *a, struct reg_entry *out)
{
	out->id = db_col_int64(st, 0);
	for (int i = 0; i < REG__NFIELDS; i++)
		out->v[i] = "";
	out->v[REG_NAME] = col_dup(st, a, 1);
	out->v[REG_AGENCY] = col_dup(st, a, 2);
	out->v[REG_DEPARTMENT] = col_dup(st, a, 3);
	out->agency_name = col_dup(st, a, 4);
	out->notified_on = "";
	out->updated_on = col_dup(st, a, 5);
	out->abolished_on = col_dup(st, a, 6);
}

/* In the index's order (entry_id, id); the dates sorted here, a few rows,
 * where ORDER BY on_date, id made SQLite sort them in a temporary B-tree
 * (more than half of the statement's cost). on_date is bytewise in both
 * engines (PostgreSQL's column is COLLATE "C"). */
static const char sql_history[] =
    "SELECT on_date, change, note FROM register_history WHERE entry_id = ?1 "
    "ORDER BY id";

/* Stable: rows of one date stay in the order of their ids. */
static void history_sort(struct reg_history *h, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct reg_history x = h[i];
		size_t j = i;
		for (; j > 0 && strcmp(h[j - 1].on_date, x.on_date) > 0; j--)
			h[j] = h[j - 1];
		h[j] = x;
	}
}

long reg_history(struct db *db, struct arena *a, long long id,
                 struct reg_history **out)
{
	struct db_stmt *st = db_stmt(db, sql_history);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	size_t n = 0, cap = 8;
	struct reg_history *h = arena_calloc(a, cap, sizeof *h);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		h = arena_grow(a, h, n, &cap, sizeof *h);
		h[n].on_date = arena_strdup(a, db_col_text(st, 0));
		h[n].change = arena_strdup(a, db_col_text(st, 1));
		h[n].note = arena_strdup(a, db_col_text(st, 2));
		n++;
	}
	db_reset(st);
	history_sort(h, n);
	*out = h;
	return rc == DB_DONE ? (long)n : -1;
}

static const char sql_version[] =
    "SELECT version FROM register_state WHERE id = 1";

/* The db_begin transaction that has moved the register's version
 * already (db_write_transaction), 0 for none: one move a transaction
 * rather than one a written entry. On PostgreSQL each update of the one
 * row inside a transaction leaves a version of it that the next update
 * walks past: an import of 100,000 entries took hours (bench/run). */
static unsigned long long bumped_in;

long long reg_version(struct db *db)
{
	/* Read inside the transaction that moved it: the next write moves it
	 * again, so that what was read under this number stays what it
	 * names. */
	bumped_in = 0;
	struct db_stmt *st = db_stmt(db, sql_version);
	if (st == NULL || db_step(st) != DB_ROW)
		return -1;
	long long v = db_col_int64(st, 0);
	db_reset(st);
	return v;
}

long reg_departments(struct db *db, struct arena *a, const char *agency,
                     const char ***out)
{
	const struct reg_keys *k = reg_keys_get(db);
	if (k == NULL)
		return -1;
	size_t row = 0;
	if (agency && *agency) {
		size_t i;
		for (i = 0; i < k->nagencies && strcmp(k->agencies[i], agency) != 0; i++)
			;
		row = i + 1; /* past the last row when unknown: none */
	}
	const char **d = arena_calloc(a, k->ndepartments + 1, sizeof *d);
	long n = 0;
	for (size_t i = 0; row <= k->nagencies && i < k->ndepartments; i++)
		if (k->live_departments[row * k->ndepartments + i])
			d[n++] = arena_strdup(a, k->departments[i]);
	*out = d;
	return n;
}

static const char sql_read[] = "BEGIN";

int reg_read_begin(struct db *db)
{
	if (db_in_transaction(db))
		return 0;
	struct db_stmt *st = db_stmt(db, sql_read);
	if (st == NULL)
		return -1;
	int rc = db_step(st);
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}

/* ---- browsing ---- */

/* Statement variants, so that each can use its index: [filter][live],
 * filter bit 1 = agency, bit 2 = department, numbered from ?1 in that
 * order (bind_filter): a statement uses each number up to its last, as
 * PostgreSQL needs to know each parameter's type. */
#define W0 "1 = 1"
#define W1 "e.agency_id = ?1"
#define W2 "e.department = ?1"
#define W3 "e.agency_id = ?1 AND e.department = ?2"
#define LIVE " AND e.abolished_on IS NULL"
#define BY_NAME " ORDER BY e.name, e.id"
#define BY_UPDATED " ORDER BY e.updated_at DESC, e.id DESC"

#define LIST(w, o) "SELECT " ENTRY_COLS ENTRY_FROM " WHERE " w o
#define LIST_SET(o)                                                       \
	{ { LIST(W0, o), LIST(W0 LIVE, o) }, { LIST(W1, o), LIST(W1 LIVE, o) }, \
	  { LIST(W2, o), LIST(W2 LIVE, o) }, { LIST(W3, o), LIST(W3 LIVE, o) } }
static const char *const sql_list[2][4][2] = { LIST_SET(BY_NAME),
	                                           LIST_SET(BY_UPDATED) };

/* The ids the index finds for a MATCH expression. */
static const char sql_match[] =
    "SELECT rowid FROM register_fts WHERE register_fts MATCH ?1";

static bool given(const char *s)
{
	return s && *s;
}

static int filter_bits(const struct reg_filter *f)
{
	return (given(f->agency) ? 1 : 0) | (given(f->department) ? 2 : 0);
}

static void bind_filter(struct db_stmt *st, const struct reg_filter *f)
{
	int n = 1;
	if (given(f->agency))
		db_bind_text(st, n++, f->agency);
	if (given(f->department))
		db_bind_text(st, n, f->department);
}

static long page_clamp(long page)
{
	return page < 1 ? 1 : page > 1000000 ? 1000000 : page;
}

/* A page of search results in one statement: every field, without the
 * date of the 届出 (read from the history, it is a third of a row's cost;
 * the search page does not show it). Twenty single-row SELECTs joined by
 * UNION ALL, not `id IN (?1, …)`, which SQLite first copies into an
 * ephemeral index (7 % of a search page); an id not bound is NULL and
 * finds no row. The agency's name is not joined: the page's rows name a
 * few agencies, read once (sql_agencies) instead of two seeks a row. */
#define BY_ID(cols, n) "SELECT " cols " FROM register_entry e WHERE e.id = ?" #n
#define UNION20(cols)                                                             \
	BY_ID(cols, 1) " UNION ALL " BY_ID(cols, 2) " UNION ALL " BY_ID(cols, 3)      \
	" UNION ALL " BY_ID(cols, 4) " UNION ALL " BY_ID(cols, 5) " UNION ALL "       \
	BY_ID(cols, 6) " UNION ALL " BY_ID(cols, 7) " UNION ALL " BY_ID(cols, 8)      \
	" UNION ALL " BY_ID(cols, 9) " UNION ALL " BY_ID(cols, 10) " UNION ALL "      \
	BY_ID(cols, 11) " UNION ALL " BY_ID(cols, 12) " UNION ALL " BY_ID(cols, 13)   \
	" UNION ALL " BY_ID(cols, 14) " UNION ALL " BY_ID(cols, 15) " UNION ALL "     \
	BY_ID(cols, 16) " UNION ALL " BY_ID(cols, 17) " UNION ALL " BY_ID(cols, 18)   \
	" UNION ALL " BY_ID(cols, 19) " UNION ALL " BY_ID(cols, 20)
static const char sql_found[] =
    UNION20(ENTRY_OWN "'', '', e.updated_at, coalesce(e.abolished_on, '')");
static const char sql_brief[] = UNION20(BRIEF_COLS);
static const char sql_agencies[] = "SELECT id, name FROM agency";

/* Each entry's agency_name from the agency table. 0 or -1. */
static int agency_names(struct db *db, struct arena *a, struct reg_entry *e,
                        size_t n)
{
	struct db_stmt *st = db_stmt(db, sql_agencies);
	if (st == NULL)
		return -1;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *id = db_col_text(st, 0);
		const char *name = NULL;
		for (size_t i = 0; i < n; i++)
			if (strcmp(e[i].v[REG_AGENCY], id) == 0)
				e[i].agency_name = name ? name : (name = col_dup(st, a, 1));
	}
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}

/* The entries of the ids in order, in one statement: the list's brief
 * rows, the search's whole ones (one statement instead of 20 took the
 * search's page from about 140 to 25 µs). */
static int page_fill(struct db *db, struct arena *a, const int32_t *ids,
                     size_t n, bool brief, struct reg_page *out)
{
	out->n = 0;
	_Static_assert(REG_PAGE_SIZE == 20, "sql_found and sql_brief bind 20 ids");
	struct db_stmt *st = db_stmt(db, brief ? sql_brief : sql_found);
	if (st == NULL)
		return -1;
	for (size_t i = 0; i < n; i++)
		db_bind_int(st, (int)i + 1, ids[i]);
	struct reg_entry *got = arena_calloc(a, n + 1, sizeof *got);
	bool *have = arena_calloc(a, n + 1, sizeof *have);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		long long id = db_col_int64(st, 0);
		for (size_t i = 0; i < n; i++)
			if (ids[i] == id && !have[i]) {
				if (brief)
					brief_read(st, a, &got[i]);
				else
					entry_read(st, a, &got[i]);
				have[i] = true;
				break;
			}
	}
	db_reset(st);
	out->entries = got;
	for (size_t i = 0; i < n; i++)
		if (have[i])
			got[out->n++] = got[i];
	if (rc != DB_DONE)
		return -1;
	return out->n ? agency_names(db, a, out->entries, out->n) : 0;
}

/* The search's page: brief rows, then every field of the entries whose
 * name holds none of the words: the texts, most of a row, are read only
 * for those entries' excerpts. */
static int found_fill(struct db *db, struct arena *a, const int32_t *ids,
                      size_t n, struct reg_page *out)
{
	if (page_fill(db, a, ids, n, true, out) != 0)
		return -1;
	int32_t whole[REG_PAGE_SIZE];
	size_t nw = 0;
	for (size_t i = 0; i < out->n; i++) {
		/* A name that holds one of the words is shown marked and with
		 * no excerpt: the page needs none of the other fields. */
		struct reg_entry *e = &out->entries[i];
		e->name_marks = reg_marks_of(a, e->v[REG_NAME], out->terms, out->nterms);
		e->name_hit = e->name_marks->any;
		if (!e->name_hit)
			whole[nw++] = (int32_t)out->entries[i].id;
	}
	if (nw == 0)
		return 0;
	struct reg_page full = { 0 };
	if (page_fill(db, a, whole, nw, false, &full) != 0)
		return -1;
	for (size_t i = 0, j = 0; i < out->n && j < full.n; i++)
		if (out->entries[i].id == full.entries[j].id) {
			const struct reg_marks *m = out->entries[i].name_marks;
			out->entries[i] = full.entries[j++];
			out->entries[i].name_marks = m;
		}
	return 0;
}

int reg_list(struct db *db, struct arena *a, const struct reg_filter *f,
             long page, struct reg_page *out)
{
	memset(out, 0, sizeof *out);
	const struct reg_keys *k = reg_keys_get(db);
	if (k == NULL)
		return -1;
	struct reg_keysel sel;
	reg_keys_select(k, f, &sel);
	out->total = reg_keys_count(k, &sel);
	size_t skip = (size_t)(page_clamp(page) - 1) * REG_PAGE_SIZE, n = 0;
	if ((long)skip >= out->total)
		return 0;
	int32_t ids[REG_PAGE_SIZE];
	const int32_t *order = k->order[sel.sort];
	for (size_t r = 0, seen = 0; r < k->n && n < REG_PAGE_SIZE; r++) {
		if (!reg_keys_pass(k, &sel, order[r]))
			continue;
		if (seen++ >= skip)
			ids[n++] = order[r];
	}
	return page_fill(db, a, ids, n, true, out);
}

/* ---- search ---- */

#define MAX_TERMS 8
/* A short word becomes an OR of the index's trigrams that start with it;
 * past this many the word is too common to narrow anything down. */
#define MAX_EXPANSION 4000

static size_t utf8_len(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* The normalised query split on white space, duplicates dropped. */
static size_t split_terms(struct arena *a, const char *norm, const char **terms)
{
	size_t n = 0;
	const char *p = norm;
	while (*p && n < MAX_TERMS) {
		p += strspn(p, " \t\r\n");
		size_t len = strcspn(p, " \t\r\n");
		if (len == 0)
			break;
		char *t = arena_strndup(a, p, len);
		bool dup = false;
		for (size_t i = 0; i < n; i++)
			dup = dup || strcmp(terms[i], t) == 0;
		if (!dup)
			terms[n++] = t;
		p += len;
	}
	return n;
}

/* "text" as an FTS5 string: every character plain, quotes doubled. */
static void fts_quote(struct buf *b, const char *s, size_t len)
{
	buf_putc(b, '"');
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			buf_putc(b, '"');
		buf_putc(b, s[i]);
	}
	buf_putc(b, '"');
}

static const char sql_vocab[] =
    "SELECT term FROM register_vocab WHERE term >= ?1 AND term < ?2";

/* The index holds trigrams only. Every character of an entry starts one
 * (each field ends with two padding characters), so a word of one or two
 * characters occurs exactly where a trigram starting with it does. 0
 * added, 1 the word occurs nowhere, 2 too common, -1 error. */
static int expand_short(struct db *db, struct arena *a, const char *t,
                        struct buf *b)
{
	size_t len = strlen(t);
	char *upper = arena_strdup(a, t);
	upper[len - 1] = (char)((unsigned char)upper[len - 1] + 1);
	struct db_stmt *st = db_stmt(db, sql_vocab);
	if (st == NULL)
		return -1;
	/* The upper bound is the prefix with its last byte raised: past every
	 * string that starts with the prefix, compared bytewise. */
	db_bind_text_len(st, 1, t, len);
	db_bind_text_len(st, 2, upper, len);
	size_t n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *term = db_col_text_null(st, 0);
		int tl = db_col_bytes(st, 0);
		if (term == NULL || (size_t)tl < len || memcmp(term, t, len) != 0)
			break;
		if (n == MAX_EXPANSION) {
			db_reset(st);
			return 2;
		}
		buf_puts(b, n ? " OR " : "(");
		fts_quote(b, term, (size_t)tl);
		n++;
	}
	db_reset(st);
	if (rc != DB_DONE && rc != DB_ROW)
		return -1;
	if (n == 0)
		return 1;
	buf_putc(b, ')');
	return 0;
}

/* The MATCH expression for the terms; NULL with *why 1 when a word
 * occurs nowhere, 2 when a short word is too common, -1 on error. */
static const char *match_expr(struct db *db, struct arena *a,
                              const char **terms, size_t n, int *why)
{
	struct buf b;
	buf_init(&b, a);
	*why = 0;
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_puts(&b, " AND ");
		if (utf8_len(terms[i]) >= 3) {
			fts_quote(&b, terms[i], strlen(terms[i]));
			continue;
		}
		int rc = expand_short(db, a, terms[i], &b);
		if (rc) {
			*why = rc;
			return NULL;
		}
	}
	return b.data;
}

/* Marks the rank of every entry the index finds and the filter keeps. */
static long match_ranks(struct db *db, const struct reg_keys *k,
                        const struct reg_keysel *sel, const char *match,
                        uint64_t *bits)
{
	struct db_stmt *st = db_stmt(db, sql_match);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, match);
	long total = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		long long id = db_col_int64(st, 0);
		if (!reg_keys_pass(k, sel, id))
			continue;
		int32_t r = k->by_id[id].rank[sel->sort];
		bits[r / 64] |= (uint64_t)1 << (r % 64);
		total++;
	}
	db_reset(st);
	if (rc != DB_DONE) {
		log_event(LOG_ERR, "register search: %s",
		          db_errmsg(db));
		return -1;
	}
	return total;
}

/* Bits set in v. __builtin_popcountll without -mpopcnt is a call into
 * libgcc; this inlines (and vectorises in a loop): a count over the
 * bitmap of 1,000,000 entries takes 15 µs instead of 60. */
static inline size_t bits_in(uint64_t v)
{
	v = v - ((v >> 1) & 0x5555555555555555ull);
	v = (v & 0x3333333333333333ull) + ((v >> 2) & 0x3333333333333333ull);
	v = (v + (v >> 4)) & 0x0f0f0f0f0f0f0f0full;
	return (size_t)((v * 0x0101010101010101ull) >> 56);
}

/* The ids of the marked ranks from skip on, at most max of them. */
static size_t ranks_take(const struct reg_keys *k, int sort,
                         const uint64_t *bits, size_t skip, int32_t *ids,
                         size_t max)
{
	size_t seen = 0, n = 0, words = (k->n + 63) / 64;
	for (size_t w = 0; w < words && n < max; w++) {
		uint64_t v = bits[w];
		size_t c = bits_in(v);
		if (seen + c <= skip) {
			seen += c;
			continue;
		}
		while (v && n < max) {
			size_t b = (size_t)__builtin_ctzll(v);
			v &= v - 1;
			if (seen++ >= skip)
				ids[n++] = k->order[sort][w * 64 + b];
		}
	}
	return n;
}

/* The ids, from skip on and at most max, of the marked ranks by name
 * taken in the order by last change. */
static size_t updated_take(const struct reg_keys *k, const uint64_t *by_name,
                           size_t skip, int32_t *ids, size_t max)
{
	size_t seen = 0, n = 0;
	for (size_t r = 0; r < k->n && n < max; r++) {
		int32_t id = k->order[REG_SORT_UPDATED][r];
		int32_t r0 = k->by_id[id].rank[REG_SORT_NAME];
		if (!(by_name[r0 / 64] >> (r0 % 64) & 1))
			continue;
		if (seen++ >= skip)
			ids[n++] = id;
	}
	return n;
}

/* Sets the id bit of every entry the index finds for a MATCH expression. */
static int match_ids(struct db *db, const struct reg_keys *k, const char *match,
                     uint64_t *ids)
{
	struct db_stmt *st = db_stmt(db, sql_match);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, match);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		long long id = db_col_int64(st, 0);
		if (id >= 1 && id <= k->max_id)
			ids[id / 64] |= (uint64_t)1 << (id % 64);
	}
	db_reset(st);
	if (rc != DB_DONE) {
		log_event(LOG_ERR, "register search: %s",
		          db_errmsg(db));
		return -1;
	}
	return 0;
}

/* ---- everyday words (City.Register.Synonyms) ---- */

#define MAX_ALTS 8

struct synonym {
	char *word;
	char *alts[MAX_ALTS];
	size_t nalts;
};
static struct synonym *synonyms;
static size_t nsynonyms;

int reg_synonyms_set(const char *const *lines, size_t n)
{
	for (size_t i = 0; i < nsynonyms; i++) {
		free(synonyms[i].word);
		for (size_t j = 0; j < synonyms[i].nalts; j++)
			free(synonyms[i].alts[j]);
	}
	free(synonyms);
	synonyms = NULL;
	nsynonyms = 0;
	if (n == 0)
		return 0;
	synonyms = reg_xcalloc(n, sizeof *synonyms);
	struct arena *a = arena_new();
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		const char *norm = reg_normalize(a, lines[i]);
		if (norm == NULL) {
			rc = -1;
			continue;
		}
		const char *w[MAX_TERMS];
		size_t nw = split_terms(a, norm, w);
		if (nw < 2)
			continue;
		struct synonym *s = &synonyms[nsynonyms++];
		s->word = reg_xstrdup(w[0]);
		for (size_t j = 1; j < nw && s->nalts < MAX_ALTS; j++)
			s->alts[s->nalts++] = reg_xstrdup(w[j]);
	}
	arena_free(a);
	return rc;
}

static const struct synonym *synonym_of(const char *term)
{
	for (size_t i = 0; i < nsynonyms; i++)
		if (strcmp(synonyms[i].word, term) == 0)
			return &synonyms[i];
	return NULL;
}

/* Sets the id bit of every entry that has term, from the trigram index
 * (the search before issue 20, kept to compare with and as the path with
 * the index off). 0, or -1; *why 2 when a short word is too common. */
static int term_ids(struct db *db, struct arena *a, const struct reg_keys *k,
                    const char *term, uint64_t *ids, int *why)
{
	const char *one[1] = { term };
	int w = 0;
	const char *match = match_expr(db, a, one, 1, &w);
	if (match == NULL) {
		if (w == 2)
			*why = 2;
		return w > 0 ? 0 : -1;
	}
	return match_ids(db, k, match, ids);
}

/* The ids of the entries with all the terms, each term or any of its
 * everyday words' other words. NULL on error (or too common: *why 2). */
static uint64_t *synonym_ids(struct db *db, struct arena *a,
                             const struct reg_keys *k, const char **terms,
                             size_t n, int *why)
{
	size_t words = (size_t)k->max_id / 64 + 1;
	uint64_t *acc = NULL;
	for (size_t i = 0; i < n; i++) {
		uint64_t *t = arena_calloc(a, words, sizeof *t);
		if (term_ids(db, a, k, terms[i], t, why) != 0 || *why == 2)
			return NULL;
		const struct synonym *s = synonym_of(terms[i]);
		for (size_t j = 0; s && j < s->nalts; j++) {
			uint64_t *u = arena_calloc(a, words, sizeof *u);
			if (term_ids(db, a, k, s->alts[j], u, why) != 0 || *why == 2)
				return NULL;
			for (size_t w = 0; w < words; w++)
				t[w] |= u[w];
		}
		if (acc == NULL)
			acc = t;
		else
			for (size_t w = 0; w < words; w++)
				acc[w] &= t[w];
	}
	return acc;
}

/* The search before issue 20: the trigram index, then the keys. */
static long sql_ranks(struct db *db, struct arena *a, const char **terms,
                      size_t n, const struct reg_keys *k,
                      const struct reg_keysel *sel, uint64_t *bits, int *why)
{
	bool everyday = false;
	for (size_t i = 0; i < n && nsynonyms; i++)
		everyday = everyday || synonym_of(terms[i]) != NULL;
	if (!everyday) {
		const char *match = match_expr(db, a, terms, n, why);
		if (match == NULL)
			return *why > 0 ? 0 : -1;
		return match_ranks(db, k, sel, match, bits);
	}
	uint64_t *acc = synonym_ids(db, a, k, terms, n, why);
	if (acc == NULL)
		return *why == 2 ? 0 : -1;
	long total = 0;
	for (size_t w = 0; w <= (size_t)k->max_id / 64; w++) {
		for (uint64_t v = acc[w]; v; v &= v - 1) {
			long long id = (long long)(w * 64 + (size_t)__builtin_ctzll(v));
			if (!reg_keys_pass(k, sel, id))
				continue;
			int32_t r = k->by_id[id].rank[sel->sort];
			bits[r / 64] |= (uint64_t)1 << (r % 64);
			total++;
		}
	}
	return total;
}

/* Marks the rank of every entry that has all the terms (each, or one of
 * its everyday words' other words) and that the filter keeps, from the
 * index in memory (lib/register-index.c): the terms' bits by name ANDed,
 * the filter's bits ANDed, counted by popcount; by last change, each hit
 * moved to its rank in that order. The total, or -1. */
static long index_ranks(struct db *db, struct arena *a, const char **terms,
                        size_t n, const struct reg_keys *k,
                        const struct reg_keysel *sel, uint64_t *bits,
                        bool *by_name, size_t skip)
{
	if (sel->empty)
		return 0;
	size_t words = k->n / 64 + 1;
	uint64_t *acc = sel->sort == REG_SORT_NAME || by_name ? bits
	                                                      : arena_calloc(a, words, sizeof *acc);
	uint64_t *t = n > 1 ? arena_calloc(a, words, sizeof *t) : NULL;
	const uint64_t *keep = reg_keys_filter(k, sel);
	/* The short words first (a list each), then the longer ones, which
	 * look only at what is left. */
	size_t order[MAX_TERMS] = { 0 }, m = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++)
			if ((utf8_len(terms[i]) > 2) == (pass == 1))
				order[m++] = i;
	for (size_t o = 0; o < m; o++) {
		size_t i = order[o];
		uint64_t *into = o ? t : acc;
		const uint64_t *within = o ? acc : keep;
		if (o)
			memset(t, 0, words * sizeof *t);
		if (reg_index_ranks(db, k, terms[i], within, into) != 0)
			return -1;
		const struct synonym *s = synonym_of(terms[i]);
		for (size_t j = 0; s && j < s->nalts; j++)
			if (reg_index_ranks(db, k, s->alts[j], within, into) != 0)
				return -1;
		for (size_t w = 0; o && w < words; w++)
			acc[w] &= t[w];
	}
	long total = 0;
	if (keep)
		for (size_t w = 0; w < words; w++)
			acc[w] &= keep[w];
	for (size_t w = 0; w < words; w++)
		total += (long)bits_in(acc[w]);
	if (sel->sort == REG_SORT_NAME)
		return total;
	/* By last change: walking that order until the page is full costs
	 * about (skip + a page) × n / total steps, moving every hit to its
	 * rank costs total (random) steps; the cheaper one. */
	if (by_name) {
		size_t walk = total ? (skip + REG_PAGE_SIZE) * (k->n / (size_t)total + 1) : 0;
		*by_name = total && walk < (size_t)total;
		if (*by_name)
			return total;
		acc = arena_memdup(a, bits, words * sizeof *bits);
		memset(bits, 0, words * sizeof *bits);
	}
	for (size_t w = 0; w < words; w++) {
		for (uint64_t v = acc[w]; v; v &= v - 1) {
			int32_t id = k->order[REG_SORT_NAME][w * 64 + (size_t)__builtin_ctzll(v)];
			int32_t r = k->by_id[id].rank[REG_SORT_UPDATED];
			bits[r / 64] |= (uint64_t)1 << (r % 64);
		}
	}
	return total;
}

/* Whether the search runs in SQL (sql_ranks), with the index in memory
 * off: SQLite's only, as it is FTS5's (MATCH, register_vocab). On
 * PostgreSQL register_fts is a plain table of the same text, which the
 * index in memory reads, and the index answers every search
 * (lib/schema-pg.c). */
static bool search_in_sql(struct db *db)
{
	return !reg_index_enabled() && strcmp(db_engine_name(db), "sqlite") == 0;
}

/* Marks the rank (in the filter's order) of every entry that has all the
 * terms and that the filter keeps. The total, or -1; *why 2 when a short
 * word is too common for the trigram index (only with the index off). */
static long search_ranks(struct db *db, struct arena *a, const char **terms,
                         size_t n, const struct reg_keys *k,
                         const struct reg_keysel *sel, uint64_t *bits, int *why)
{
	*why = 0;
	if (!search_in_sql(db))
		return index_ranks(db, a, terms, n, k, sel, bits, NULL, 0);
	return sql_ranks(db, a, terms, n, k, sel, bits, why);
}

static int find_in(struct db *db, struct arena *a, const char *query,
                   const struct reg_filter *f, long page, struct reg_page *out)
{
	memset(out, 0, sizeof *out);
	const char *norm = reg_normalize(a, query ? query : "");
	if (norm == NULL)
		return 0;
	out->terms = arena_calloc(a, MAX_TERMS * (1 + MAX_ALTS), sizeof *out->terms);
	out->nterms = split_terms(a, norm, out->terms);
	if (out->nterms == 0)
		return 0;
	size_t nwords = out->nterms;
	const struct reg_keys *k = reg_keys_get(db);
	if (k == NULL)
		return -1;
	struct reg_keysel sel;
	reg_keys_select(k, f, &sel);
	uint64_t *bits = arena_calloc(a, k->n / 64 + 1, sizeof *bits);
	int why = 0;
	size_t skip = (size_t)(page_clamp(page) - 1) * REG_PAGE_SIZE;
	bool by_name = sel.sort == REG_SORT_UPDATED && !search_in_sql(db);
	if (by_name)
		out->total = index_ranks(db, a, out->terms, out->nterms, k, &sel, bits,
		                         &by_name, skip);
	else
		out->total = search_ranks(db, a, out->terms, out->nterms, k, &sel, bits, &why);
	out->too_common = !by_name && why == 2;
	/* The everyday words' other words are marked on the page too. */
	for (size_t i = 0; i < nwords; i++) {
		const struct synonym *s = synonym_of(out->terms[i]);
		for (size_t j = 0; s && j < s->nalts; j++)
			out->terms[out->nterms++] = s->alts[j];
	}
	if (out->total <= 0)
		return out->total < 0 ? -1 : 0;
	int32_t ids[REG_PAGE_SIZE];
	size_t n = by_name ? updated_take(k, bits, skip, ids, REG_PAGE_SIZE)
	                   : ranks_take(k, sel.sort, bits, skip, ids, REG_PAGE_SIZE);
	return found_fill(db, a, ids, n, out);
}

/* The register's version, and with it the keys and the index, and the
 * page's rows are read in one snapshot: a change committed between them
 * would give the rows of another version than the ranks'. The programs
 * hold the request's snapshot already (lib/fcgi.c); a caller without one
 * (kaijictl, the benchmark) gets one for the call, which also takes
 * SQLite's WAL read lock once instead of once a statement. */
int reg_find(struct db *db, struct arena *a, const char *query,
             const struct reg_filter *f, long page, struct reg_page *out)
{
	bool own = !db_in_transaction(db);
	if (own)
		db_snapshot(db);
	int rc = find_in(db, a, query, f, page, out);
	if (own)
		db_snapshot_end(db);
	return rc;
}

static int each_row(struct db *db, const char *sql,
                    const struct reg_filter *f, reg_each_fn fn, void *ctx)
{
	struct db_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return -1;
	bind_filter(st, f);
	struct arena *row = arena_new();
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		struct reg_entry e;
		entry_read(st, row, &e);
		int stop = fn(ctx, &e);
		arena_reset(row);
		if (stop) {
			rc = DB_DONE;
			break;
		}
	}
	arena_free(row);
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}

int reg_each(struct db *db, struct arena *a, const char *query,
             const struct reg_filter *f, reg_each_fn fn, void *ctx)
{
	if (query == NULL || *query == '\0') {
		int bits = filter_bits(f), live = f->abolished ? 0 : 1;
		int sort = f->sort == REG_SORT_UPDATED ? 1 : 0;
		return each_row(db, sql_list[sort][bits][live], f, fn, ctx);
	}
	const char *norm = reg_normalize(a, query);
	if (norm == NULL)
		return 0;
	const char **terms = arena_calloc(a, MAX_TERMS, sizeof *terms);
	size_t n = split_terms(a, norm, terms);
	if (n == 0)
		return 0;
	const struct reg_keys *k = reg_keys_get(db);
	if (k == NULL)
		return -1;
	struct reg_keysel sel;
	reg_keys_select(k, f, &sel);
	uint64_t *found = arena_calloc(a, k->n / 64 + 1, sizeof *found);
	int why;
	long total = search_ranks(db, a, terms, n, k, &sel, found, &why);
	struct arena *row = arena_new();
	int rc = total < 0 ? -1 : 0;
	for (size_t r = 0; rc == 0 && r < k->n; r++) {
		if (!(found[r / 64] >> (r % 64) & 1))
			continue;
		struct reg_entry e;
		rc = reg_get(db, row, k->order[sel.sort][r], &e);
		if (rc == 0 && fn(ctx, &e))
			break;
		rc = rc < 0 ? -1 : 0;
		arena_reset(row);
	}
	arena_free(row);
	return rc;
}

/* ---- checking ---- */

static const char *trim(struct arena *a, const char *s)
{
	/* ASCII white space and the ideographic space U+3000 at either end. */
	for (;;) {
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			s++;
		else if (strncmp(s, "\xe3\x80\x80", 3) == 0)
			s += 3;
		else
			break;
	}
	size_t n = strlen(s);
	for (;;) {
		if (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
		          s[n - 1] == '\n'))
			n--;
		else if (n >= 3 && memcmp(s + n - 3, "\xe3\x80\x80", 3) == 0)
			n -= 3;
		else
			break;
	}
	return arena_strndup(a, s, n);
}

static const char *const bool_yes[] = { "1", "有", "あり", "はい", "true",
	                                    "yes", "含む", NULL };
static const char *const bool_no[] = { "0", "無", "なし", "いいえ", "false",
	                                   "no", "含まない", NULL };

static bool in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcasecmp(s, *list) == 0)
			return true;
	return false;
}

static const char *check_agency(const struct reg_agencies *ag, const char *s)
{
	for (size_t i = 0; i < ag->n; i++)
		if (strcmp(ag->ids[i], s) == 0 || strcmp(ag->names[i], s) == 0)
			return ag->ids[i];
	return NULL;
}

/* The message key for one value, NULL when it is good; *v normalised. */
static const char *check_one(struct arena *a, const struct reg_agencies *ag,
                             int i, const char **v)
{
	const struct reg_field *f = &reg_fields[i];
	const char *s = *v ? trim(a, *v) : "";
	*v = s;
	if (*s == '\0') {
		if (f->type == REG_T_BOOL)
			*v = "0";
		else if (f->type == REG_T_FILE_TYPE)
			*v = "electronic";
		return f->required ? "Required" : NULL;
	}
	if (!form_text_valid(s, strlen(s), f->type == REG_T_TEXT))
		return "Invalid";
	if (utf8_len(s) > f->max)
		return "TooLong";
	switch (f->type) {
	case REG_T_BOOL:
		if (in_list(s, bool_yes))
			*v = "1";
		else if (in_list(s, bool_no))
			*v = "0";
		else
			return "Bool";
		return NULL;
	case REG_T_DATE: {
		cal_day d;
		return cal_parse(s, &d) == 0 ? NULL : "Date";
	}
	case REG_T_FILE_TYPE:
		if (strcmp(s, "electronic") == 0 || strcmp(s, "電算処理ファイル") == 0)
			*v = "electronic";
		else if (strcmp(s, "manual") == 0 || strcmp(s, "マニュアル処理ファイル") == 0)
			*v = "manual";
		else
			return "FileType";
		return NULL;
	case REG_T_AGENCY:
		*v = check_agency(ag, s);
		if (*v == NULL) {
			*v = s;
			return "Agency";
		}
		return NULL;
	default:
		return NULL;
	}
}

int reg_check(struct arena *a, const struct reg_agencies *ag,
              const char *v[REG__NFIELDS], reg_bad_fn bad, void *ctx)
{
	int problems = 0;
	for (int i = 0; i < REG__NFIELDS; i++) {
		const char *key = check_one(a, ag, i, &v[i]);
		if (key) {
			problems++;
			if (bad)
				bad(ctx, i, key);
		}
	}
	return problems;
}

/* ---- writing ---- */

/* Every text field normalised, each followed by two padding characters
 * (see expand_short), and the agency's name. */
static const char *fts_body(struct db *db, struct arena *a,
                            const char *const v[REG__NFIELDS])
{
	struct buf b;
	buf_init(&b, a);
	struct db_stmt *st = db_stmt(db, sql_agency_name);
	if (st == NULL)
		return NULL;
	db_bind_text(st, 1, v[REG_AGENCY]);
	if (db_step(st) == DB_ROW) {
		const char *n = reg_normalize(a, db_col_text(st, 0));
		buf_puts(&b, n ? n : "");
		buf_puts(&b, "\n\n");
	}
	db_reset(st);
	for (int i = 0; i < REG__NFIELDS; i++) {
		enum reg_type t = reg_fields[i].type;
		if (t != REG_T_LINE && t != REG_T_TEXT)
			continue;
		if (v[i] == NULL || v[i][0] == '\0')
			continue;
		const char *n = reg_normalize(a, v[i]);
		if (n == NULL)
			return NULL;
		buf_puts(&b, n);
		buf_puts(&b, "\n\n");
	}
	return b.data;
}

static const char sql_fts_put[] =
    "INSERT INTO register_fts (rowid, body) VALUES (?1, ?2)";
static const char sql_fts_drop[] = "DELETE FROM register_fts WHERE rowid = ?1";
static const char sql_bump[] =
    "UPDATE register_state SET version = version + 1 WHERE id = 1";

/* A change to the register: its version moves, once a transaction
 * (bumped_in): every reader sees the change and the new version
 * together, at the commit. */
static int version_bump(struct db *db)
{
	unsigned long long t = db_write_transaction(db);
	if (t != 0 && t == bumped_in)
		return 0;
	if (db_step_done(db, db_stmt(db, sql_bump), "register") != 0)
		return -1;
	bumped_in = t;
	return 0;
}

static int fts_put(struct db *db, struct arena *a, long long id,
                   const char *const v[REG__NFIELDS])
{
	const char *body = fts_body(db, a, v);
	if (body == NULL)
		return -1;
	struct db_stmt *st = db_stmt(db, sql_fts_drop);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	if (db_step_done(db, st, "register") != 0)
		return -1;
	st = db_stmt(db, sql_fts_put);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, body);
	return db_step_done(db, st, "register");
}

static const char sql_history_add[] =
    "INSERT INTO register_history (entry_id, on_date, change, note) "
    "VALUES (?1, ?2, ?3, ?4)";

static int history_add(struct db *db, long long id, const char *on,
                       const char *change, const char *note)
{
	struct db_stmt *st = db_stmt(db, sql_history_add);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, on);
	db_bind_text(st, 3, change);
	db_bind_text(st, 4, note ? note : "");
	if (db_step_done(db, st, "register") != 0)
		return -1;
	return version_bump(db);
}

static const char sql_department_add[] =
    "INSERT INTO department (agency_id, name) VALUES (?1, ?2) "
    "ON CONFLICT DO NOTHING";

static int department_add(struct db *db, const char *const v[REG__NFIELDS])
{
	if (v[REG_DEPARTMENT] == NULL || v[REG_DEPARTMENT][0] == '\0')
		return 0;
	struct db_stmt *st = db_stmt(db, sql_department_add);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, v[REG_AGENCY]);
	db_bind_text(st, 2, v[REG_DEPARTMENT]);
	return db_step_done(db, st, "register");
}

/* ?1 id, ?2 … ?31 the fields in enum order, ?32 date. A new entry's id
 * is the engine's: sql_insert_new has no id and numbers the rest from ?1
 * (PostgreSQL's identity column takes no NULL for a new id, as SQLite's
 * rowid does). */
#define INSERT_COLS                                                          \
    "name, agency_id, department, purpose, "                                \
    "items, persons_range, collection, sensitive, sensitive_ordinance, "    \
    "recipients, request_office, special_procedures, file_type, manual_copy, " \
    "persons_count, anonymized, anon_office, anon_summary, anon_period, "   \
    "remarks, legal_basis, outside_use, outsourced, record_form, manager, " \
    "started_on, unit, online_link, ref, reading, updated_at"
static const char sql_insert[] =
    "INSERT INTO register_entry (id, " INSERT_COLS ") VALUES (?1, "
    "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
    "?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, "
    "?31, ?32) RETURNING id";
static const char sql_insert_new[] =
    "INSERT INTO register_entry (" INSERT_COLS ") VALUES ("
    "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
    "?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, "
    "?31) RETURNING id";

static const char sql_update[] =
    "UPDATE register_entry SET name = ?2, agency_id = ?3, department = ?4, "
    "purpose = ?5, items = ?6, persons_range = ?7, collection = ?8, "
    "sensitive = ?9, sensitive_ordinance = ?10, recipients = ?11, "
    "request_office = ?12, special_procedures = ?13, file_type = ?14, "
    "manual_copy = ?15, persons_count = ?16, anonymized = ?17, "
    "anon_office = ?18, anon_summary = ?19, anon_period = ?20, remarks = ?21, "
    "legal_basis = ?22, outside_use = ?23, outsourced = ?24, "
    "record_form = ?25, manager = ?26, started_on = ?27, unit = ?28, "
    "online_link = ?29, ref = ?30, reading = ?31, updated_at = ?32 WHERE id = ?1";

/* The fields from ?first in enum order, then the date. */
static void bind_fields(struct db_stmt *st, int first,
                        const char *const v[REG__NFIELDS], const char *on)
{
	for (int i = 0; i < REG__NFIELDS; i++) {
		const char *s = v[i] ? v[i] : "";
		if (reg_fields[i].type == REG_T_BOOL)
			db_bind_int(st, first + i, strcmp(s, "1") == 0);
		else if (reg_fields[i].type == REG_T_FILE_TYPE && *s == '\0')
			db_bind_text(st, first + i, "electronic");
		else
			db_bind_text(st, first + i, s);
	}
	db_bind_text(st, first + REG__NFIELDS, on);
}

/* v with its reading: the one given, else the stored one while the name
 * stays (keep), else one made from the name. */
static const char **with_reading(struct arena *a,
                                       const char *const v[REG__NFIELDS],
                                       const char *keep)
{
	const char **w = arena_calloc(a, REG__NFIELDS, sizeof *w);
	for (int i = 0; i < REG__NFIELDS; i++)
		w[i] = v[i];
	if (given(w[REG_READING]))
		return w;
	w[REG_READING] = given(keep) ? keep
	                             : reading_of(a, w[REG_NAME] ? w[REG_NAME] : "",
	                                          READING_MAX_CHARS);
	return w;
}

int reg_insert(struct db *db, struct arena *a, long long id,
               const char *const v_in[REG__NFIELDS], const char *on,
               long long *new_id)
{
	const char *const *v = (const char *const *)with_reading(a, v_in, NULL);
	struct db_stmt *st = db_stmt(db, id > 0 ? sql_insert : sql_insert_new);
	if (st == NULL)
		return -1;
	if (id > 0)
		db_bind_int(st, 1, id);
	bind_fields(st, id > 0 ? 2 : 1, v, on);
	long long nid;
	if (db_step_id(db, st, "register", &nid) != 0)
		return -1;
	if (new_id)
		*new_id = nid;
	if (department_add(db, v) != 0 || fts_put(db, a, nid, v) != 0)
		return -1;
	return history_add(db, nid, on, "notified", "");
}

static bool same_values(const struct reg_entry *old,
                        const char *const v[REG__NFIELDS])
{
	for (int i = 0; i < REG__NFIELDS; i++) {
		const char *s = v[i] ? v[i] : "";
		if (reg_fields[i].type == REG_T_FILE_TYPE && *s == '\0')
			s = "electronic";
		if (reg_fields[i].type == REG_T_BOOL)
			s = strcmp(s, "1") == 0 ? "1" : "0";
		if (strcmp(old->v[i], s) != 0)
			return false;
	}
	return true;
}

int reg_update(struct db *db, struct arena *a, long long id,
               const char *const v_in[REG__NFIELDS], const char *on,
               const char *note)
{
	struct reg_entry old;
	int rc = reg_get(db, a, id, &old);
	if (rc != 0)
		return rc < 0 ? -1 : 2;
	bool same_name = v_in[REG_NAME] && strcmp(v_in[REG_NAME], old.v[REG_NAME]) == 0;
	const char **v = with_reading(a, v_in, same_name ? old.v[REG_READING] : NULL);
	if (!same_name && given(v_in[REG_READING]) &&
	    strcmp(v_in[REG_READING], old.v[REG_READING]) == 0) {
		/* A new name with the old reading untouched: read the new name. */
		v[REG_READING] = reading_of(a, v_in[REG_NAME] ? v_in[REG_NAME] : "",
		                            READING_MAX_CHARS);
		if (!given(v[REG_READING]))
			v[REG_READING] = old.v[REG_READING];
	}
	if (same_values(&old, v))
		return 1;
	struct db_stmt *st = db_stmt(db, sql_update);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	bind_fields(st, 2, v, on);
	if (db_step_done(db, st, "register") != 0 || department_add(db, v) != 0 ||
	    fts_put(db, a, id, v) != 0)
		return -1;
	return history_add(db, id, on, "changed", note) == 0 ? 0 : -1;
}

static const char sql_abolish[] =
    "UPDATE register_entry SET abolished_on = ?2, updated_at = ?2 "
    "WHERE id = ?1 AND abolished_on IS NULL";
static const char sql_exists[] = "SELECT 1 FROM register_entry WHERE id = ?1";

int reg_abolish(struct db *db, long long id, const char *on, const char *note)
{
	struct db_stmt *st = db_stmt(db, sql_abolish);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, on);
	if (db_step_done(db, st, "register") != 0)
		return -1;
	if (db_changes(db) == 0) {
		st = db_stmt(db, sql_exists);
		if (st == NULL)
			return -1;
		db_bind_int(st, 1, id);
		int found = db_step_row(st);
		return found ? 1 : 2;
	}
	return history_add(db, id, on, "abolished", note);
}

int reg_add(struct db *db, struct arena *a, const char *const v[REG__NFIELDS],
            const char *on, long long *new_id)
{
	if (db_begin(db) != 0)
		return -1;
	if (reg_insert(db, a, 0, v, on, new_id) != 0 || db_commit(db) != 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

int reg_change(struct db *db, struct arena *a, long long id,
               const char *const v[REG__NFIELDS], const char *on,
               const char *note)
{
	if (db_begin(db) != 0)
		return -1;
	int rc = reg_update(db, a, id, v, on, note);
	if (rc < 0 || db_commit(db) != 0) {
		db_rollback(db);
		return -1;
	}
	return rc;
}

int reg_abolish_now(struct db *db, long long id, const char *on,
                    const char *note)
{
	if (db_begin(db) != 0)
		return -1;
	int rc = reg_abolish(db, id, on, note);
	if (rc < 0 || db_commit(db) != 0) {
		db_rollback(db);
		return -1;
	}
	return rc;
}

/* ---- the index ---- */

static const char sql_mmap[] = "PRAGMA mmap_size = 0";

int reg_tune(struct db *db)
{
	/* No mapping of the database and SQLite's own page cache: the search
	 * reads the register's file (register-store.h), and a process that
	 * builds it reads every row once, which a mapping would keep
	 * resident in that process (220 MiB at 100,000 entries). */
	return db_pragma(db, sql_mmap);
}

static const char sql_count_entries[] = "SELECT count(*) FROM register_entry";
static const char sql_count_fts[] = "SELECT count(*) FROM register_fts";
static const char sql_fts_clear[] = "DELETE FROM register_fts";
static const char sql_all[] = "SELECT " ENTRY_COLS ENTRY_FROM " ORDER BY e.id";

static long count_of(struct db *db, const char *sql)
{
	struct db_stmt *st = db_stmt(db, sql);
	if (st == NULL || db_step(st) != DB_ROW)
		return -1;
	long n = (long)db_col_int64(st, 0);
	db_reset(st);
	return n;
}

static const char sql_unread[] =
    "SELECT id, name FROM register_entry WHERE reading = '' ORDER BY id";
static const char sql_set_reading[] =
    "UPDATE register_entry SET reading = ?2 WHERE id = ?1";

/* A reading for every entry without one, when MeCab is there: the ids
 * and readings first, then the writes. 0 or -1. */
static int fill_readings(struct db *db)
{
	if (!reading_available())
		return 0;
	struct db_stmt *st = db_stmt(db, sql_unread);
	if (st == NULL)
		return -1;
	struct arena *a = arena_new();
	size_t n = 0, cap = 64;
	long long *ids = arena_calloc(a, cap, sizeof *ids);
	const char **readings = arena_calloc(a, cap, sizeof *readings);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		size_t c = cap;
		ids = arena_grow(a, ids, n, &c, sizeof *ids);
		readings = arena_grow(a, readings, n, &cap, sizeof *readings);
		ids[n] = db_col_int64(st, 0);
		readings[n] = reading_of(a, db_col_text(st, 1), READING_MAX_CHARS);
		n++;
	}
	db_reset(st);
	for (size_t i = 0; rc == DB_DONE && i < n; i++) {
		if (!given(readings[i]))
			continue;
		st = db_stmt(db, sql_set_reading);
		if (st == NULL) {
			rc = DB_ERROR;
			break;
		}
		db_bind_int(st, 1, ids[i]);
		db_bind_text(st, 2, readings[i]);
		if (db_step_done(db, st, "register") != 0)
			rc = DB_ERROR;
	}
	arena_free(a);
	return rc == DB_DONE ? 0 : -1;
}

static long reindex_all(struct db *db)
{
	if (fill_readings(db) != 0)
		return -1;
	struct db_stmt *st = db_stmt(db, sql_all);
	if (st == NULL || db_step_done(db, db_stmt(db, sql_fts_clear), "register") != 0)
		return -1;
	long n = 0;
	int rc;
	struct arena *row = arena_new();
	while ((rc = db_step(st)) == DB_ROW) {
		struct reg_entry e;
		entry_read(st, row, &e);
		if (fts_put(db, row, e.id, e.v) != 0) {
			rc = DB_ERROR;
			break;
		}
		arena_reset(row);
		n++;
	}
	arena_free(row);
	db_reset(st);
	if (rc != DB_DONE)
		return -1;
	return version_bump(db) == 0 ? n : -1;
}

long reg_reindex(struct db *db, bool force)
{
	long entries = count_of(db, sql_count_entries);
	long indexed = count_of(db, sql_count_fts);
	if (entries < 0 || indexed < 0)
		return -1;
	if (!force && entries == indexed)
		return 0;
	if (db_begin(db) != 0)
		return -1;
	long n = reindex_all(db);
	if (n < 0 || db_commit(db) != 0) {
		db_rollback(db);
		return -1;
	}
	return n;
}

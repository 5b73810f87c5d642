/* kaijictl register: import a CSV (all rows or none), export CSV or JSON,
 * abolish an entry, rebuild the search index.
 *
 *   register import FILE.csv [--dry-run]
 *   register export [--json] [--all] [--agency ID] [--department NAME]
 *                   [--sort name|updated] [--query WORDS]
 *   register abolish ID [--date YYYY-MM-DD] [--note TEXT]
 *   register reindex   (readings by MeCab for the entries without one,
 *                       then the search index rebuilt) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "calendar.h"
#include "cmd.h"
#include "db.h"
#include "reading.h"
#include "register-io.h"
#include "register.h"

#define IMPORT_MAX_BYTES ((size_t)256 << 20)

static int usage(void)
{
	fputs("usage: kaijictl register import FILE.csv [--dry-run]\n"
	      "       kaijictl register export [--json] [--all] [--agency ID]\n"
	      "                [--department NAME] [--sort name|updated] [--query WORDS]\n"
	      "       kaijictl register abolish ID [--date YYYY-MM-DD] [--note TEXT]\n"
	      "       kaijictl register reindex\n",
	      stderr);
	return 2;
}

static void agencies_of(const struct profile *p, struct arena *a,
                        struct reg_agencies *out)
{
	const char **ids = arena_calloc(a, p->n_agencies + 1, sizeof *ids);
	const char **names = arena_calloc(a, p->n_agencies + 1, sizeof *names);
	for (size_t i = 0; i < p->n_agencies; i++) {
		ids[i] = p->agencies[i].id;
		names[i] = p->agencies[i].name;
	}
	out->ids = ids;
	out->names = names;
	out->n = p->n_agencies;
}

static char *file_read(struct arena *a, const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "kaijictl register: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	struct buf b;
	buf_init(&b, a);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 &&
	       b.len <= IMPORT_MAX_BYTES)
		buf_append(&b, chunk, n);
	bool bad = ferror(f) || b.len > IMPORT_MAX_BYTES;
	fclose(f);
	if (bad) {
		fprintf(stderr, "kaijictl register: %s: cannot read it whole "
		        "(at most %zu MiB)\n", path, IMPORT_MAX_BYTES >> 20);
		return NULL;
	}
	*len = b.len;
	return b.data;
}

static const char *message(const char *key)
{
	static const char *const m[][2] = {
		{ "Required", "required, but empty" },
		{ "TooLong", "too long" },
		{ "Invalid", "not valid text (bad UTF-8 or control characters)" },
		{ "Agency", "not an agency of the city profile (give its id or name)" },
		{ "Bool", "not a yes/no value (1 or 0, 有 or 無)" },
		{ "Date", "not a date (YYYY-MM-DD)" },
		{ "FileType", "not electronic or manual" },
		{ "UnknownColumn", "unknown column" },
		{ "MissingColumn", "required column missing from the header" },
		{ "Repeated", "column repeated in the header" },
		{ "Columns", "wrong number of cells (not as many as the header)" },
		{ "Id", "not a positive whole number" },
		{ "DuplicateId", "id repeated in the file" },
		{ "Syntax", "CSV syntax error (a stray or unclosed quote?)" },
		{ "Encoding", "the file is neither UTF-8 nor Shift_JIS" },
		{ "Empty", "no header line" },
		{ "Memory", "out of memory" },
	};
	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
		if (strcmp(m[i][0], key) == 0)
			return m[i][1];
	return key;
}

static void errors_print(const char *path, const struct reg_import *rep)
{
	for (const struct reg_import_error *e = rep->errors; e; e = e->next) {
		const char *col = e->column ? e->column : "";
		int f = e->column ? reg_field_find(e->column) : -1;
		if (f >= 0 && strcmp(e->key, "TooLong") == 0)
			fprintf(stderr, "%s:%ld: column %s: too long (at most %zu characters)\n",
			        path, e->line, col, reg_fields[f].max);
		else if (e->column)
			fprintf(stderr, "%s:%ld: column %s: %s\n", path, e->line, col,
			        message(e->key));
		else
			fprintf(stderr, "%s:%ld: %s\n", path, e->line, message(e->key));
	}
	if (rep->nerrors > REG_IMPORT_MAX_ERRORS)
		fprintf(stderr, "%s: %ld more problems not shown\n", path,
		        rep->nerrors - REG_IMPORT_MAX_ERRORS);
}

static int import(struct app *app, struct arena *a, int argc, char **argv)
{
	if (argc < 3 || argc > 4 || (argc == 4 && strcmp(argv[3], "--dry-run") != 0))
		return usage();
	const char *path = argv[2];
	bool dry = argc == 4;
	size_t len;
	char *data = file_read(a, path, &len);
	if (data == NULL)
		return 1;
	struct reg_agencies ag;
	agencies_of(&app->profile, a, &ag);
	struct reg_import rep;
	if (reg_import_parse(a, &ag, data, len, &rep) != 0) {
		errors_print(path, &rep);
		fprintf(stderr, "%s: nothing imported (%ld problems in %ld rows)\n",
		        path, rep.nerrors, rep.rows);
		return 1;
	}
	if (dry) {
		printf("%s: %ld rows, all good%s (dry run: nothing written)\n", path,
		       rep.rows, rep.converted ? ", converted from Shift_JIS" : "");
		return 0;
	}
	char today[11];
	cal_format(cal_today(), today);
	if (reg_import_apply(app->db, &ag, today, &rep) != 0) {
		fprintf(stderr, "%s:%ld: cannot write: %s; nothing imported\n", path,
		        rep.failed_line, db_errmsg(app->db));
		return 1;
	}
	printf("%s: %ld rows%s: %ld added, %ld changed, %ld unchanged, %ld abolished\n",
	       path, rep.rows, rep.converted ? " (Shift_JIS)" : "", rep.added,
	       rep.changed, rep.unchanged, rep.abolished);
	return 0;
}

struct export_out {
	struct buf b;
	bool json, first;
};

static void flush_out(struct export_out *o)
{
	fwrite(o->b.data, 1, o->b.len, stdout);
	o->b.len = 0;
	o->b.data[0] = '\0';
}

static int export_one(void *ctx, const struct reg_entry *e)
{
	struct export_out *o = ctx;
	if (o->json) {
		buf_puts(&o->b, o->first ? "\n" : ",\n");
		reg_json_entry(&o->b, e);
	} else {
		reg_csv_row(&o->b, e);
	}
	o->first = false;
	if (o->b.len > 65536)
		flush_out(o);
	return 0;
}

static int export(struct app *app, struct arena *a, int argc, char **argv)
{
	struct reg_filter f = { NULL, NULL, false, REG_SORT_NAME };
	struct export_out o = { .first = true };
	const char *query = NULL;
	for (int i = 2; i < argc; i++) {
		const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(opt, "--json") == 0)
			o.json = true;
		else if (strcmp(opt, "--all") == 0)
			f.abolished = true;
		else if (strcmp(opt, "--agency") == 0 && val && ++i)
			f.agency = val;
		else if (strcmp(opt, "--department") == 0 && val && ++i)
			f.department = val;
		else if (strcmp(opt, "--query") == 0 && val && ++i)
			query = val;
		else if (strcmp(opt, "--sort") == 0 && val && ++i &&
		         (strcmp(val, "name") == 0 || strcmp(val, "updated") == 0))
			f.sort = strcmp(val, "updated") == 0 ? REG_SORT_UPDATED : REG_SORT_NAME;
		else
			return usage();
	}
	buf_init(&o.b, a);
	(void)reg_synonyms_set(app->profile.reg.synonyms, app->profile.reg.n_synonyms);
	if (o.json)
		reg_json_head(&o.b, app->profile.reg.kind == REGISTER_FILE_BOOK
		                        ? "file_book" : "jimu_register",
		              app->profile.reg.name);
	else
		reg_csv_header(&o.b);
	if (reg_each(app->db, a, query, &f, export_one, &o) != 0) {
		fprintf(stderr, "kaijictl register export: %s\n",
		        db_errmsg(app->db));
		return 1;
	}
	if (o.json)
		reg_json_tail(&o.b);
	flush_out(&o);
	return fflush(stdout) == 0 ? 0 : 1;
}

static int abolish(struct app *app, int argc, char **argv)
{
	if (argc < 3)
		return usage();
	char *end;
	errno = 0;
	long long id = strtoll(argv[2], &end, 10);
	if (errno || *end || id < 1)
		return usage();
	char on[11];
	const char *note = "";
	cal_format(cal_today(), on);
	for (int i = 3; i < argc; i += 2) {
		if (i + 1 >= argc)
			return usage();
		cal_day d;
		if (strcmp(argv[i], "--date") == 0 && cal_parse(argv[i + 1], &d) == 0)
			cal_format(d, on);
		else if (strcmp(argv[i], "--note") == 0)
			note = argv[i + 1];
		else
			return usage();
	}
	int rc = reg_abolish_now(app->db, id, on, note);
	if (rc == 0)
		printf("entry %lld abolished on %s\n", id, on);
	else if (rc == 1)
		fprintf(stderr, "kaijictl register: entry %lld is already abolished\n", id);
	else if (rc == 2)
		fprintf(stderr, "kaijictl register: no entry %lld\n", id);
	else
		fprintf(stderr, "kaijictl register: %s\n",
		        db_errmsg(app->db));
	return rc == 0 ? 0 : 1;
}

int cmd_register(struct app *app, int argc, char **argv)
{
	if (argc < 2)
		return usage();
	struct arena *a = arena_new();
	int rc;
	const char *sub = argv[1];
	if (strcmp(sub, "import") == 0) {
		rc = import(app, a, argc, argv);
	} else if (strcmp(sub, "export") == 0) {
		rc = export(app, a, argc, argv);
	} else if (strcmp(sub, "abolish") == 0) {
		rc = abolish(app, argc, argv);
	} else if (strcmp(sub, "reindex") == 0 && argc == 2) {
		long n = reg_reindex(app->db, true);
		if (n >= 0)
			printf("search index rebuilt: %ld entries%s\n", n,
			       reading_available() ? "" : " (MeCab unavailable: no readings made)");
		rc = n < 0 ? 1 : 0;
	} else {
		rc = usage();
	}
	arena_free(a);
	return rc;
}

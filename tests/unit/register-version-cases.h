/* The register's version over bulk writes, on one engine, for
 * test-register-version (SQLite) and test-register-version-pg
 * (PostgreSQL): a seed-demo of many entries, a CSV import that adds,
 * changes and abolishes, and a reindex each move the version exactly once
 * (one UPDATE of register_state a transaction: per entry, PostgreSQL
 * walked every earlier row version of it at each update, a seed of
 * 100,000 entries took hours); a version read inside the transaction
 * makes the next write move it again, so the keys built under it are
 * never taken for the committed register's; a transaction rolled back
 * moves nothing; writes outside db_begin move it each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cmd.h"
#include "db.h"
#include "register-io.h"
#include "register.h"
#include "tap.h"

#define SEEDED 400

static const char *const rv_ag_ids[] = { "mayor", "board_of_education" };
static const char *const rv_ag_names[] = { "市長", "教育委員会" };
static const struct reg_agencies rv_ag = { rv_ag_ids, rv_ag_names, 2 };

static bool rv_has_agency(void *ctx, const char *id)
{
	(void)ctx;
	return strcmp(id, "mayor") == 0 || strcmp(id, "board_of_education") == 0;
}

static long long rv_count(struct db *db, const char *sql)
{
	struct db_stmt *st = db_stmt(db, sql);
	long long n = st && db_step(st) == DB_ROW ? db_col_int64(st, 0) : -1;
	if (st)
		db_reset(st);
	return n;
}

/* The register list's total of entries in force (the keys in memory,
 * keyed by the version). */
static long rv_listed(struct db *db, struct arena *a)
{
	struct reg_filter f = { NULL, NULL, false, REG_SORT_NAME };
	struct reg_page p;
	return reg_list(db, a, &f, 1, &p) == 0 ? p.total : -1;
}

static void rv_entry(const char *v[REG__NFIELDS], const char *name)
{
	for (int i = 0; i < REG__NFIELDS; i++)
		v[i] = "";
	v[REG_NAME] = name;
	v[REG_AGENCY] = "mayor";
	v[REG_PURPOSE] = "版の試験";
}

static struct db *rv_open(const char *where)
{
	char err[512];
	struct db *db = NULL;
	if (db_open(where, &db, err, sizeof err) != 0 ||
	    db_migrate(db, err, sizeof err) != 0) {
		printf("not ok - database: %s\n", err);
		exit(1);
	}
	for (size_t i = 0; i < rv_ag.n; i++) {
		struct db_stmt *st = db_stmt(db, "INSERT INTO agency (id, name) VALUES (?1, ?2)");
		db_bind_text(st, 1, rv_ag.ids[i]);
		db_bind_text(st, 2, rv_ag.names[i]);
		db_step_done(db, st, "agency");
	}
	return db;
}

static void rv_seed(struct db *db, struct arena *a)
{
	struct demo_opts o = { "市役所", "2025-06-01", rv_has_agency, NULL };
	long long v0 = reg_version(db);
	TAP_INTEQ(rv_listed(db, a), 0, "an empty register lists nothing");
	TAP_INTEQ(db_begin(db), 0, "seed-demo's transaction");
	TAP_INTEQ(demo_register(db, &o, SEEDED), 0, "its entries written");
	TAP_INTEQ(db_commit(db), 0, "and committed");
	TAP_INTEQ(rv_count(db, "SELECT count(*) FROM register_entry"), SEEDED, "every entry is there");
	TAP_INTEQ(reg_version(db) - v0, 1, "the seed moved the version once, not once an entry");
	TAP_INTEQ(rv_listed(db, a), SEEDED, "the list built before it is not served: every entry is listed");
}

static void rv_import(struct db *db, struct arena *a)
{
	struct buf csv;
	buf_init(&csv, a);
	buf_puts(&csv, "id,name,agency,purpose,abolished_on\r\n");
	for (int i = 1; i <= 100; i++)
		buf_printf(&csv, "%d,取込%d,mayor,変更後,%s\r\n", i, i, i % 2 ? "2025-05-01" : "");
	for (int i = 0; i < 100; i++)
		buf_printf(&csv, ",新規%d,mayor,目的,\r\n", i);
	struct reg_import rep;
	long long v0 = reg_version(db);
	TAP_INTEQ(reg_import_parse(a, &rv_ag, csv.data, strlen(csv.data), &rep), 0, "a CSV of 200 rows parses");
	TAP_INTEQ(reg_import_apply(db, &rv_ag, "2025-06-01", &rep), 0, "and is imported");
	TAP_OK(rep.added == 100 && rep.changed == 100 && rep.abolished == 50,
	       "100 added, 100 changed, 50 of them abolished");
	TAP_INTEQ(reg_version(db) - v0, 1, "the import moved the version once");
	TAP_INTEQ(rv_listed(db, a), SEEDED + 100 - 50, "the list shows the import");
	v0 = reg_version(db);
	TAP_OK(reg_reindex(db, true) > 0, "a reindex of every entry");
	TAP_INTEQ(reg_version(db) - v0, 1, "moved the version once");
}

/* The keys read inside the transaction, between two writes: the second
 * write moves the version past the one they were built under. */
static void rv_read_inside(struct db *db, struct arena *a)
{
	const char *v[REG__NFIELDS];
	long long v0 = reg_version(db);
	long before = rv_listed(db, a);
	TAP_INTEQ(db_begin(db), 0, "a transaction");
	rv_entry(v, "途中一");
	TAP_INTEQ(reg_insert(db, a, 0, v, "2025-06-01", NULL), 0, "a first entry");
	long long inside = reg_version(db);
	TAP_INTEQ(rv_listed(db, a), before + 1, "the list read inside it shows it");
	rv_entry(v, "途中二");
	TAP_INTEQ(reg_insert(db, a, 0, v, "2025-06-01", NULL), 0, "a second entry after that read");
	rv_entry(v, "途中三");
	TAP_INTEQ(reg_insert(db, a, 0, v, "2025-06-01", NULL), 0, "and a third");
	TAP_INTEQ(db_commit(db), 0, "committed");
	TAP_OK(reg_version(db) != inside, "-bad- the version read inside is not the committed one");
	TAP_INTEQ(reg_version(db) - v0, 2, "two moves: one before the read, one after it");
	TAP_INTEQ(rv_listed(db, a), before + 3, "the list built inside is not served: all three are listed");

	v0 = reg_version(db);
	TAP_INTEQ(db_begin(db), 0, "a transaction");
	rv_entry(v, "取消");
	TAP_INTEQ(reg_insert(db, a, 0, v, "2025-06-01", NULL), 0, "an entry");
	db_rollback(db);
	TAP_INTEQ(reg_version(db), v0, "-bad- rolled back: the version has not moved");
	rv_entry(v, "単独一");
	TAP_INTEQ(reg_insert(db, a, 0, v, "2025-06-01", NULL), 0, "an entry outside db_begin");
	rv_entry(v, "単独二");
	TAP_INTEQ(reg_insert(db, a, 0, v, "2025-06-01", NULL), 0, "and another");
	TAP_INTEQ(reg_version(db) - v0, 2, "each its own transaction: the version moved for each");
	rv_entry(v, "追加");
	TAP_INTEQ(reg_add(db, a, v, "2025-06-01", NULL), 0, "reg_add");
	TAP_INTEQ(reg_version(db) - v0, 3, "moved it once more");
	TAP_INTEQ(rv_listed(db, a), before + 6, "every committed entry is listed");
}

static void register_version_cases(const char *where)
{
	struct arena *a = arena_new();
	struct db *db = rv_open(where);
	TAP_INTEQ(db_write_transaction(db), 0, "no write transaction open");
	TAP_INTEQ(db_begin(db), 0, "db_begin");
	unsigned long long t1 = db_write_transaction(db);
	TAP_OK(t1 != 0, "names its transaction");
	TAP_INTEQ(db_commit(db), 0, "commit");
	TAP_INTEQ(db_write_transaction(db), 0, "none after the commit");
	TAP_INTEQ(db_begin(db), 0, "db_begin again");
	TAP_OK(db_write_transaction(db) != 0 && db_write_transaction(db) != t1,
	       "another transaction, another number");
	db_rollback(db);
	TAP_INTEQ(db_write_transaction(db), 0, "none after the rollback");
	rv_seed(db, a);
	rv_import(db, a);
	rv_read_inside(db, a);
	db_close(db);
	arena_free(a);
}

/* Inside lib/register*.c only: what each entry is filtered and sorted by,
 * read again whenever the register's version changes, into the file that
 * every process maps with the search index (lib/register-store.h). The search finds the entries' ranks by name in the
 * index in memory (lib/register-index.c) and filters, counts and orders
 * them here without reading a row; browsing counts here too (a count(*)
 * over 100,000 rows costs tens of ms). */
#ifndef KAIJI_REGISTER_KEYS_H
#define KAIJI_REGISTER_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "register.h"

struct reg_key {
	int32_t rank[2]; /* position by name, by last change (enum reg_sort) */
	int32_t department;
	uint16_t agency;
	uint8_t live;
	uint8_t present;
};

struct reg_keys {
	struct db *db;
	long long version;
	long long max_id;
	struct reg_key *by_id;  /* [max_id + 1] */
	int32_t *order[2];      /* rank → id, for each enum reg_sort */
	size_t n;
	char **agencies, **departments; /* departments sorted */
	size_t nagencies, ndepartments;
	/* [(1 + agency) * ndepartments + department]: 1 when an entry in
	 * force has it; row 0 for any agency. */
	uint8_t *live_departments;
	/* Counts of the list's filters, filled as they are asked for. */
	struct reg_keycount {
		int agency, department;
		bool abolished, used;
		long total;
	} counts[32];
	/* reg_keys_filter's bitmaps, filled as they are asked for. */
	struct reg_keyfilter {
		int agency, department;
		bool abolished;
		uint64_t *bits;
	} filters[8];
	size_t nfilters;
};

/* A filter resolved against the keys. */
struct reg_keysel {
	int agency;     /* -1: any */
	int department; /* -1: any */
	bool abolished;
	int sort;
	bool empty;     /* names an agency or department no entry has */
};

/* The keys for the database's current version, NULL on error. Valid until
 * the next call. */
const struct reg_keys *reg_keys_get(struct db *db);
void reg_keys_select(const struct reg_keys *k, const struct reg_filter *f,
                     struct reg_keysel *sel);
/* How many entries the selection keeps (remembered per version). */
long reg_keys_count(const struct reg_keys *k, const struct reg_keysel *sel);
static inline bool reg_keys_pass(const struct reg_keys *k,
                                 const struct reg_keysel *s, long long id)
{
	if (s->empty || id < 1 || id > k->max_id)
		return false;
	const struct reg_key *e = &k->by_id[id];
	return e->present && (s->abolished || e->live) &&
	       (s->agency < 0 || e->agency == s->agency) &&
	       (s->department < 0 || e->department == s->department);
}

/* The ranks by name (bits over k->n) of the entries the selection keeps,
 * or NULL when it keeps every entry; remembered per version for a few
 * selections. */
const uint64_t *reg_keys_filter(const struct reg_keys *k,
                                const struct reg_keysel *sel);

/* ---- the search index in memory (lib/register-index.c) ---- */

/* ORs into out (bits over the ranks by name, [k->n / 64 + 1] words) the
 * entries whose text has term, one word in the index's form (normalised,
 * kana folded, no white space), whatever its length. within (or NULL):
 * the caller keeps only these ranks, so the others may be left out. 0,
 * or -1 on error. */
int reg_index_ranks(struct db *db, const struct reg_keys *k, const char *term,
                    const uint64_t *within, uint64_t *out);
/* Off: every word goes to SQLite's trigram index as before issue 20 (the
 * tests and the benchmark compare the two). On by default. */
void reg_index_enable(bool on);
bool reg_index_enabled(void);
/* The size of the index attached now (mapped from the register's file). */
size_t reg_index_bytes(void);

/* The register's memory held per process (keys, index, synonyms):
 * running out of it ends the process (status 70) rather than leave a
 * half-built index; the FastCGI manager starts another. */
void *reg_xcalloc(size_t n, size_t size);
void *reg_xrealloc(void *p, size_t n, size_t size);
char *reg_xstrdup(const char *s);

#endif

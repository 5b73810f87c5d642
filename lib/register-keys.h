/* Inside lib/register*.c only: what each entry is filtered and sorted by,
 * held in memory per process and read again whenever the register's
 * version changes. The search finds ids in the full-text index and then
 * filters, counts and orders them here without reading a row; browsing
 * counts here too (a count(*) over 100,000 rows costs tens of ms). */
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

/* ---- the one- and two-character words (lib/register-grams.c) ---- */

/* Sets in ids (a bitmap over ids, [k->max_id / 64 + 1] words, zeroed by
 * the caller) the entries whose text has term, a word of one or two
 * characters in the index's form. 0, 1 when term is not one or two
 * characters, -1 on error. */
int reg_grams_ids(struct db *db, const struct reg_keys *k, const char *term,
                  uint64_t *ids);
/* Off: every word goes to the trigram index as before (for the tests and
 * the benchmark's comparison). On by default. */
void reg_grams_enable(bool on);
bool reg_grams_enabled(void);
/* Memory the grams hold now. */
size_t reg_grams_bytes(void);

#endif

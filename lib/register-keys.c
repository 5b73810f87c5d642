/* The register's keys in memory (see register-keys.h). */
#include "register-keys.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "register-store.h"

/* One per process: the programs open one database for their life. A
 * different database, or the same one after any write, has another
 * version (versions start at a random number), so the keys are attached
 * again (register-store.h): keys points into the image of its version,
 * read-only; built holds the keys read from the database while an image
 * is built. */
static struct reg_keys keys, built;
static char *built_strings[2];
static bool attached;

static void keys_clear(struct reg_keys *k)
{
	free(k->by_id);
	free(k->order[0]);
	free(k->order[1]);
	for (size_t i = 0; i < k->nagencies; i++)
		free(k->agencies[i]);
	for (size_t i = 0; i < k->ndepartments; i++)
		free(k->departments[i]);
	free(k->agencies);
	free(k->departments);
	free(k->live_departments);
	for (size_t i = 0; i < k->nfilters; i++)
		free(k->filters[i].bits);
	memset(k, 0, sizeof *k);
}

/* The attached keys' own memory: the pointer arrays and the caches. */
static void view_clear(struct reg_keys *k)
{
	free(k->agencies);
	free(k->departments);
	for (size_t i = 0; i < k->nfilters; i++)
		free(k->filters[i].bits);
	memset(k, 0, sizeof *k);
}

void *reg_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (p == NULL) {
		log_event(LOG_ERR, "out of memory: exiting");
		exit(70);
	}
	return p;
}

void *reg_xrealloc(void *p, size_t n, size_t size)
{
	void *q = realloc(p, (n ? n : 1) * size);
	if (q == NULL) {
		log_event(LOG_ERR, "out of memory: exiting");
		exit(70);
	}
	return q;
}

char *reg_xstrdup(const char *s)
{
	char *p = strdup(s);
	if (p == NULL) {
		log_event(LOG_ERR, "out of memory: exiting");
		exit(70);
	}
	return p;
}

static const char sql_span[] =
    "SELECT coalesce(max(id), 0), count(*) FROM register_entry";
static const char sql_agencies[] = "SELECT id FROM agency ORDER BY id";
static const char sql_departments[] =
    "SELECT DISTINCT department FROM register_entry ORDER BY department";
static const char sql_by_name[] =
    "SELECT id, agency_id, department, CAST(abolished_on IS NULL AS INTEGER) "
    "FROM register_entry ORDER BY name, id";
static const char sql_by_updated[] =
    "SELECT id FROM register_entry ORDER BY updated_at DESC, id DESC";

static int strings_read(struct db *db, const char *sql, char ***out,
                        size_t *n)
{
	struct db_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return -1;
	size_t cap = 16;
	char **v = reg_xcalloc(cap, sizeof *v);
	int rc;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			char **more = reg_xcalloc(cap * 2, sizeof *v);
			memcpy(more, v, cap * sizeof *v);
			free(v);
			v = more;
			cap *= 2;
		}
		v[(*n)++] = reg_xstrdup(db_col_text(st, 0));
	}
	db_reset(st);
	*out = v;
	return rc == DB_DONE ? 0 : -1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Index of s in the sorted list, -1 when absent. Binary order, as SQLite
 * sorts TEXT by default. */
static int find_sorted(char **list, size_t n, const char *s)
{
	char **hit = bsearch(&s, list, n, sizeof *list, cmp_str);
	return hit ? (int)(hit - list) : -1;
}

static int find_linear(char **list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return (int)i;
	return -1;
}

static int span_read(struct db *db, struct reg_keys *k)
{
	struct db_stmt *st = db_stmt(db, sql_span);
	if (st == NULL || db_step(st) != DB_ROW)
		return -1;
	k->max_id = db_col_int64(st, 0);
	k->n = (size_t)db_col_int64(st, 1);
	db_reset(st);
	if (k->max_id < 0 || k->max_id > INT32_MAX - 1)
		return -1;
	k->by_id = reg_xcalloc((size_t)k->max_id + 1, sizeof *k->by_id);
	k->order[0] = reg_xcalloc(k->n, sizeof *k->order[0]);
	k->order[1] = reg_xcalloc(k->n, sizeof *k->order[1]);
	k->live_departments = reg_xcalloc((k->nagencies + 1) * (k->ndepartments + 1), 1);
	return 0;
}

static int by_name_read(struct db *db, struct reg_keys *k)
{
	struct db_stmt *st = db_stmt(db, sql_by_name);
	if (st == NULL)
		return -1;
	size_t r = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && r < k->n) {
		long long id = db_col_int64(st, 0);
		if (id < 1 || id > k->max_id)
			continue;
		struct reg_key *e = &k->by_id[id];
		e->present = 1;
		e->rank[REG_SORT_NAME] = (int32_t)r;
		e->agency = (uint16_t)find_linear(k->agencies, k->nagencies,
		                                  db_col_text(st, 1));
		e->department = find_sorted(k->departments, k->ndepartments,
		                            db_col_text(st, 2));
		e->live = (uint8_t)db_col_int(st, 3);
		if (e->live && e->department >= 0 && e->agency < k->nagencies) {
			k->live_departments[e->department] = 1;
			k->live_departments[(1 + (size_t)e->agency) * k->ndepartments +
			                    (size_t)e->department] = 1;
		}
		k->order[REG_SORT_NAME][r++] = (int32_t)id;
	}
	db_reset(st);
	k->n = r;
	return rc == DB_DONE || rc == DB_ROW ? 0 : -1;
}

static int by_updated_read(struct db *db, struct reg_keys *k)
{
	struct db_stmt *st = db_stmt(db, sql_by_updated);
	if (st == NULL)
		return -1;
	size_t r = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && r < k->n) {
		long long id = db_col_int64(st, 0);
		if (id < 1 || id > k->max_id || !k->by_id[id].present)
			continue;
		k->by_id[id].rank[REG_SORT_UPDATED] = (int32_t)r;
		k->order[REG_SORT_UPDATED][r++] = (int32_t)id;
	}
	db_reset(st);
	return rc == DB_DONE || rc == DB_ROW ? 0 : -1;
}

static const char sql_begin[] = "BEGIN";
static const char sql_commit[] = "COMMIT";

static int keys_read(struct db *db, struct reg_keys *k)
{
	/* One read transaction, so the rows agree with each other. */
	bool own = !db_in_transaction(db);
	if (own && db_step_done(db, db_stmt(db, sql_begin), NULL) != 0)
		return -1;
	k->version = reg_version(db);
	int rc = k->version < 0 ? -1 : 0;
	if (rc == 0)
		rc = strings_read(db, sql_agencies, &k->agencies, &k->nagencies);
	if (rc == 0)
		rc = strings_read(db, sql_departments, &k->departments,
		                  &k->ndepartments);
	if (rc == 0) {
		/* SQLite's DISTINCT … ORDER BY is bytewise already; sort anyway
		 * so that bsearch holds whatever the collation. */
		qsort(k->departments, k->ndepartments, sizeof *k->departments,
		      cmp_str);
		rc = span_read(db, k);
	}
	if (rc == 0)
		rc = by_name_read(db, k);
	if (rc == 0)
		rc = by_updated_read(db, k);
	if (own && (rc != 0 || db_step_done(db, db_stmt(db, sql_commit), NULL) != 0)) {
		db_rollback(db);
		rc = -1;
	}
	return rc;
}

const struct reg_keys *reg_keys_get(struct db *db)
{
	long long v = reg_version(db);
	if (v < 0)
		return NULL;
	if (attached && keys.db == db && keys.version == v)
		return &keys;
	if (reg_store_load(db, v) != 0)
		return NULL;
	keys.db = db;
	return &keys;
}

/* ---- the keys' part of the image (register-store.h) ---- */

/* The strings one after the other, each ending in NUL. */
static char *strings_join(char **v, size_t n, size_t *len)
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += strlen(v[i]) + 1;
	char *s = reg_xcalloc(total, 1), *p = s;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(v[i]) + 1;
		memcpy(p, v[i], l);
		p += l;
	}
	*len = total;
	return s;
}

int reg_keys_build(struct db *db, const struct reg_keys **out,
                   struct reg_store_parts *parts)
{
	reg_keys_built_free();
	if (keys_read(db, &built) != 0) {
		log_event(LOG_ERR, "register keys: %s", db_errmsg(db));
		reg_keys_built_free();
		return -1;
	}
	struct reg_store_head *h = &parts->head;
	h->version = built.version;
	h->n = built.n;
	h->max_id = (uint64_t)built.max_id;
	h->nagencies = built.nagencies;
	h->ndepartments = built.ndepartments;
	parts->p[SEC_BY_ID] = built.by_id;
	parts->len[SEC_BY_ID] = ((size_t)built.max_id + 1) * sizeof *built.by_id;
	parts->p[SEC_ORDER_NAME] = built.order[REG_SORT_NAME];
	parts->p[SEC_ORDER_UPDATED] = built.order[REG_SORT_UPDATED];
	parts->len[SEC_ORDER_NAME] = parts->len[SEC_ORDER_UPDATED] =
	    built.n * sizeof(int32_t);
	built_strings[0] = strings_join(built.agencies, built.nagencies,
	                                &parts->len[SEC_AGENCIES]);
	built_strings[1] = strings_join(built.departments, built.ndepartments,
	                                &parts->len[SEC_DEPARTMENTS]);
	parts->p[SEC_AGENCIES] = built_strings[0];
	parts->p[SEC_DEPARTMENTS] = built_strings[1];
	parts->p[SEC_LIVE] = built.live_departments;
	parts->len[SEC_LIVE] = (built.nagencies + 1) * (built.ndepartments + 1);
	*out = &built;
	return 0;
}

void reg_keys_built_free(void)
{
	keys_clear(&built);
	free(built_strings[0]);
	free(built_strings[1]);
	built_strings[0] = built_strings[1] = NULL;
}

/* n strings, each ending in NUL, fill len bytes exactly. */
static bool strings_ok(const char *s, size_t len, size_t n, bool sorted)
{
	size_t count = 0;
	const char *prev = NULL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] != '\0')
			continue;
		const char *at = count ? prev + strlen(prev) + 1 : s;
		if (sorted && count && strcmp(prev, at) >= 0)
			return false;
		prev = at;
		count++;
	}
	return count == n && (len == 0 || s[len - 1] == '\0');
}

bool reg_keys_check(const void *p, const char **why)
{
	const struct reg_store_head *h = p;
	const struct reg_key *by_id = reg_sec(p, SEC_BY_ID);
	uint64_t present = 0;
	*why = "keys";
	if (h->max_id > INT32_MAX - 1 || h->n > h->max_id ||
	    h->nagencies > UINT16_MAX || h->ndepartments > INT32_MAX)
		return false;
	for (uint64_t id = 0; id <= h->max_id; id++) {
		const struct reg_key *e = &by_id[id];
		if (e->present > 1 || e->live > 1 || (id == 0 && e->present))
			return false;
		if (!e->present)
			continue;
		present++;
		if (e->rank[0] < 0 || (uint64_t)e->rank[0] >= h->n || e->rank[1] < 0 ||
		    (uint64_t)e->rank[1] >= h->n || e->department < -1 ||
		    e->department >= (int64_t)h->ndepartments)
			return false;
	}
	if (present != h->n)
		return false;
	for (int s = 0; s < 2; s++) {
		const int32_t *order = reg_sec(p, s ? SEC_ORDER_UPDATED : SEC_ORDER_NAME);
		for (uint64_t r = 0; r < h->n; r++)
			if (order[r] < 1 || (uint64_t)order[r] > h->max_id ||
			    !by_id[order[r]].present || (uint64_t)by_id[order[r]].rank[s] != r)
				return false;
	}
	*why = "keys' strings";
	return strings_ok(reg_sec(p, SEC_AGENCIES), h->sec[SEC_AGENCIES].len,
	                  h->nagencies, false) &&
	       strings_ok(reg_sec(p, SEC_DEPARTMENTS), h->sec[SEC_DEPARTMENTS].len,
	                  h->ndepartments, true);
}

static char **strings_split(const char *s, size_t n)
{
	char **v = reg_xcalloc(n, sizeof *v);
	for (size_t i = 0; i < n; i++) {
		v[i] = (char *)s; /* read-only: the image is mapped so */
		s += strlen(s) + 1;
	}
	return v;
}

const struct reg_keys *reg_keys_attached(void)
{
	return attached ? &keys : NULL;
}

void reg_keys_attach(const void *p)
{
	const struct reg_store_head *h = p;
	view_clear(&keys);
	/* Read-only memory behind these pointers (PROT_READ when mapped):
	 * nothing writes the attached keys but their caches. */
	keys.version = h->version;
	keys.max_id = (long long)h->max_id;
	keys.n = h->n;
	keys.by_id = (struct reg_key *)reg_sec(p, SEC_BY_ID);
	keys.order[REG_SORT_NAME] = (int32_t *)reg_sec(p, SEC_ORDER_NAME);
	keys.order[REG_SORT_UPDATED] = (int32_t *)reg_sec(p, SEC_ORDER_UPDATED);
	keys.nagencies = h->nagencies;
	keys.ndepartments = h->ndepartments;
	keys.agencies = strings_split(reg_sec(p, SEC_AGENCIES), h->nagencies);
	keys.departments = strings_split(reg_sec(p, SEC_DEPARTMENTS), h->ndepartments);
	keys.live_departments = (uint8_t *)reg_sec(p, SEC_LIVE);
	attached = true;
}

void reg_keys_select(const struct reg_keys *k, const struct reg_filter *f,
                     struct reg_keysel *sel)
{
	memset(sel, 0, sizeof *sel);
	sel->agency = sel->department = -1;
	sel->abolished = f->abolished;
	sel->sort = f->sort == REG_SORT_UPDATED ? REG_SORT_UPDATED : REG_SORT_NAME;
	if (f->agency && *f->agency) {
		sel->agency = find_linear(k->agencies, k->nagencies, f->agency);
		sel->empty = sel->agency < 0;
	}
	if (f->department && *f->department) {
		sel->department = find_sorted(k->departments, k->ndepartments,
		                              f->department);
		sel->empty = sel->empty || sel->department < 0;
	}
}

long reg_keys_count(const struct reg_keys *k, const struct reg_keysel *sel)
{
	if (sel->empty)
		return 0;
	/* The keys are this process's own: the cache is theirs to change. */
	struct reg_keys *w = (struct reg_keys *)k;
	size_t slots = sizeof w->counts / sizeof w->counts[0], i;
	for (i = 0; i < slots && w->counts[i].used; i++) {
		const struct reg_keycount *c = &w->counts[i];
		if (c->agency == sel->agency && c->department == sel->department &&
		    c->abolished == sel->abolished)
			return c->total;
	}
	long total = 0;
	for (long long id = 1; id <= k->max_id; id++)
		total += reg_keys_pass(k, sel, id);
	if (i == slots)
		i = (size_t)(total % (long)slots); /* full: replace one */
	w->counts[i] = (struct reg_keycount){ sel->agency, sel->department,
		                                  sel->abolished, true, total };
	return total;
}

const uint64_t *reg_keys_filter(const struct reg_keys *k,
                                const struct reg_keysel *sel)
{
	if (sel->abolished && sel->agency < 0 && sel->department < 0)
		return NULL;
	/* The keys are this process's own: the cache is theirs to change. */
	struct reg_keys *w = (struct reg_keys *)k;
	size_t slots = sizeof w->filters / sizeof w->filters[0], i;
	for (i = 0; i < w->nfilters; i++) {
		const struct reg_keyfilter *f = &w->filters[i];
		if (f->agency == sel->agency && f->department == sel->department &&
		    f->abolished == sel->abolished)
			return f->bits;
	}
	if (w->nfilters == slots) {
		static size_t turn;
		i = turn++ % slots; /* full: replace one */
		free(w->filters[i].bits);
	} else {
		i = w->nfilters++;
	}
	uint64_t *bits = reg_xcalloc(k->n / 64 + 1, sizeof *bits);
	for (size_t r = 0; r < k->n; r++)
		if (reg_keys_pass(k, sel, k->order[REG_SORT_NAME][r]))
			bits[r / 64] |= (uint64_t)1 << (r % 64);
	w->filters[i] = (struct reg_keyfilter){ sel->agency, sel->department,
		                                    sel->abolished, bits };
	return bits;
}

/* The register's one- and two-character words in memory (issue 20): for
 * every character and every pair of characters of the index's text (the
 * normalised, kana-folded fields and reading of each entry, as
 * register_fts holds them), the ids of the entries that have it, read again
 * whenever the register's version changes. A word of one or two characters
 * is then answered exactly from memory, where the trigram index had to
 * expand it into every trigram that starts with it (thousands for 税) and
 * OR them. Longer words still go to the trigram index, which is exact for
 * them and fast.
 *
 * A posting list is a sorted array of ids while short, a bitmap over the
 * ids once it holds more than one id in 32 (where the bitmap is smaller):
 * memory is at most the number of distinct characters and pairs times
 * max_id / 8 bytes (about 20 MB for the 100,000 generated entries of the
 * benchmark, 2,000 distinct words; a city's register of a few thousand
 * entries takes well under 1 MB). */
#include "register-keys.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "log.h"

struct gram {
	uint64_t key;   /* c1 << 21 | c2 (c2 0 for one character); 0: free */
	uint32_t n;     /* ids in the list */
	uint32_t cap;
	int64_t last;   /* the last id added: each entry counts once */
	uint32_t *ids;  /* while sparse */
	uint64_t *bits; /* once dense: [max_id / 64 + 1] */
};

static struct {
	struct db *db;
	long long version;
	long long max_id;
	size_t words; /* of a bitmap */
	struct gram *tab;
	size_t cap, used; /* cap a power of two */
	bool built;
} g;

static bool grams_on = true;

void reg_grams_enable(bool on)
{
	grams_on = on;
}

bool reg_grams_enabled(void)
{
	return grams_on;
}

static void *xalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (p == NULL) {
		log_event(LOG_ERR, "out of memory: exiting");
		exit(70);
	}
	return p;
}

static void grams_clear(void)
{
	for (size_t i = 0; i < g.cap; i++) {
		free(g.tab[i].ids);
		free(g.tab[i].bits);
	}
	free(g.tab);
	memset(&g, 0, sizeof g);
}

static size_t slot_of(uint64_t key, size_t cap)
{
	uint64_t h = key * 0x9E3779B97F4A7C15ull;
	return (size_t)(h >> 17) & (cap - 1);
}

static struct gram *find(uint64_t key)
{
	if (g.cap == 0)
		return NULL;
	for (size_t i = slot_of(key, g.cap);; i = (i + 1) & (g.cap - 1)) {
		if (g.tab[i].key == key)
			return &g.tab[i];
		if (g.tab[i].key == 0)
			return NULL;
	}
}

static void grow(void)
{
	size_t cap = g.cap ? g.cap * 2 : 4096;
	struct gram *t = xalloc(cap, sizeof *t);
	for (size_t i = 0; i < g.cap; i++) {
		if (g.tab[i].key == 0)
			continue;
		size_t j = slot_of(g.tab[i].key, cap);
		while (t[j].key)
			j = (j + 1) & (cap - 1);
		t[j] = g.tab[i];
	}
	free(g.tab);
	g.tab = t;
	g.cap = cap;
}

static struct gram *find_or_add(uint64_t key)
{
	if ((g.used + 1) * 2 > g.cap)
		grow();
	size_t i = slot_of(key, g.cap);
	while (g.tab[i].key && g.tab[i].key != key)
		i = (i + 1) & (g.cap - 1);
	if (g.tab[i].key == 0) {
		g.tab[i].key = key;
		g.tab[i].last = -1;
		g.used++;
	}
	return &g.tab[i];
}

static void add(uint64_t key, long long id)
{
	struct gram *e = find_or_add(key);
	if (e->last == id)
		return;
	e->last = id;
	e->n++;
	if (e->bits) {
		e->bits[id / 64] |= (uint64_t)1 << (id % 64);
		return;
	}
	if (e->n > g.words * 2) { /* 4 bytes an id past max_id / 8 bytes */
		e->bits = xalloc(g.words, sizeof *e->bits);
		for (uint32_t i = 0; i + 1 < e->n; i++)
			e->bits[e->ids[i] / 64] |= (uint64_t)1 << (e->ids[i] % 64);
		e->bits[id / 64] |= (uint64_t)1 << (id % 64);
		free(e->ids);
		e->ids = NULL;
		e->cap = 0;
		return;
	}
	if (e->n > e->cap) {
		uint32_t cap = e->cap ? e->cap * 2 : 4;
		uint32_t *ids = xalloc(cap, sizeof *ids);
		if (e->ids)
			memcpy(ids, e->ids, (e->n - 1) * sizeof *ids);
		free(e->ids);
		e->ids = ids;
		e->cap = cap;
	}
	e->ids[e->n - 1] = (uint32_t)id;
}

static bool space(utf8proc_int32_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static uint64_t key_of(utf8proc_int32_t c1, utf8proc_int32_t c2)
{
	return (uint64_t)c1 << 21 | (uint64_t)c2;
}

/* Every character and pair of characters of one entry's text. */
static void add_text(long long id, const unsigned char *s, size_t len)
{
	utf8proc_int32_t prev = 0;
	for (size_t i = 0; i < len;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &c);
		if (k <= 0) {
			i++;
			prev = 0;
			continue;
		}
		i += (size_t)k;
		if (space(c) || c == 0) {
			prev = 0;
			continue;
		}
		add(key_of(c, 0), id);
		if (prev)
			add(key_of(prev, c), id);
		prev = c;
	}
}

static const char sql_bodies[] =
    "SELECT rowid, body FROM register_fts ORDER BY rowid";

static int build(struct db *db, const struct reg_keys *k)
{
	g.db = db;
	g.version = k->version;
	g.max_id = k->max_id;
	g.words = (size_t)k->max_id / 64 + 1;
	sqlite3_stmt *st = db_stmt(db, sql_bodies);
	if (st == NULL)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		const unsigned char *body = sqlite3_column_text(st, 1);
		if (id < 1 || id > g.max_id || body == NULL)
			continue;
		add_text(id, body, (size_t)sqlite3_column_bytes(st, 1));
	}
	sqlite3_reset(st);
	g.built = rc == SQLITE_DONE;
	return g.built ? 0 : -1;
}

/* The grams for the keys' version, built when it changed. 0 or -1. */
static int grams_ready(struct db *db, const struct reg_keys *k)
{
	if (g.built && g.db == db && g.version == k->version && g.max_id == k->max_id)
		return 0;
	grams_clear();
	if (build(db, k) != 0) {
		log_event(LOG_ERR, "register grams: %s", sqlite3_errmsg(db_handle(db)));
		grams_clear();
		return -1;
	}
	return 0;
}

int reg_grams_ids(struct db *db, const struct reg_keys *k, const char *term,
                  uint64_t *ids)
{
	const unsigned char *s = (const unsigned char *)term;
	size_t len = strlen(term);
	utf8proc_int32_t c[3] = { 0, 0, 0 };
	size_t n = 0;
	for (size_t i = 0; i < len && n < 3;) {
		utf8proc_ssize_t k1 = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &c[n]);
		if (k1 <= 0)
			return 1;
		i += (size_t)k1;
		n++;
	}
	if (n < 1 || n > 2)
		return 1;
	if (grams_ready(db, k) != 0)
		return -1;
	const struct gram *e = find(key_of(c[0], n == 2 ? c[1] : 0));
	if (e == NULL)
		return 0;
	size_t words = (size_t)k->max_id / 64 + 1;
	if (e->bits) {
		memcpy(ids, e->bits, (words < g.words ? words : g.words) * sizeof *ids);
		return 0;
	}
	for (uint32_t i = 0; i < e->n; i++)
		ids[e->ids[i] / 64] |= (uint64_t)1 << (e->ids[i] % 64);
	return 0;
}

size_t reg_grams_bytes(void)
{
	size_t b = g.cap * sizeof *g.tab;
	for (size_t i = 0; i < g.cap; i++)
		b += g.tab[i].bits ? g.words * 8 : (size_t)g.tab[i].cap * 4;
	return b;
}

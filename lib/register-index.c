/* The register's search index in memory (issue 20), read again whenever
 * the register's version changes. It answers every word of a query
 * exactly, as the trigram index (register_fts) does, from the same text:
 * the normalised, kana-folded fields and reading of each entry as
 * register_fts holds them.
 *
 * A query word holds no white space, so it occurs in an entry's text
 * exactly when it occurs inside one of the text's tokens (its runs
 * without white space). Two levels:
 *
 *   - every character and pair of characters: the entries that have it,
 *     which answers a word of one or two characters at once;
 *   - every distinct token, once (most tokens repeat: the agency, the
 *     department, a purpose shared by a kind of file), with the entries
 *     that have it, and for every pair of characters the tokens that have
 *     it. A longer word takes the tokens of its rarest pair, keeps those
 *     that really contain it (has_word: the verification that makes it
 *     exact) and joins their entries. Its cost grows with the distinct
 *     tokens that have the word: names and readings are mostly one
 *     entry's own.
 *
 * Entries are numbered by their rank in the list's order by name (struct
 * reg_keys), so a word's entries come as bits in that order: counting is
 * a popcount and the first page is the first bits.
 *
 * A posting list is stored the smallest way of three, varint-coded gaps,
 * varint-coded runs, or a bitmap (taken once it is no more than twice the
 * size of the others, as it is the fastest to read), and identical lists
 * are stored once (all the pairs of a purpose shared by one kind of file
 * have the same entries). See bench/RESULTS.md section 1 for its size.
 *
 * The index is built whole after any change (about 1 s at 100,000
 * entries: ranks move when a name changes), by one process, into the
 * register's file that every process maps (register-store.h); the search
 * reads it there (cur), checked before use (reg_index_check). No lock:
 * the programs answer one request at a time. */
#include "register-keys.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "log.h"
#include "register-store.h"

enum pl_kind { PL_ONE, PL_GAPS, PL_RUNS, PL_BITS };

struct plist {
	uint64_t off; /* into the pool; the value itself for PL_ONE */
	uint32_t n;   /* values in the list */
	uint32_t kind;
};
_Static_assert(sizeof(struct plist) == REG_PLIST_BYTES, "the file's list size");

/* Open addressing, uint64 keys (0: free) to uint32 values. */
struct table {
	uint64_t *keys;
	uint32_t *vals;
	size_t cap, used; /* cap a power of two */
};

/* A list while the index is built: values in the order added, or a
 * bitmap once dense; last is the last value + 1 (each entry counts once). */
struct raw {
	uint32_t *v;
	uint64_t *bits;
	uint32_t n, cap, last;
	bool unsorted;
};

/* The index being built, in this process's memory. */
static struct {
	size_t universe;          /* ranks: k->n */
	struct table grams;       /* character or pair → lists[] */
	struct table pairs;       /* pair → lists[] over token ids */
	struct plist *lists;
	size_t nlists, caplists;
	uint8_t *pool;
	size_t poollen, poolcap;
	char *blob;               /* the tokens' text */
	size_t bloblen, blobcap;
	uint32_t *tok_off;        /* [ntokens + 1] into blob */
	struct plist *tok_entries; /* [ntokens] */
	uint32_t ntokens, captokens;
} ix;

/* The index searched: the sections of the attached image, read-only. */
static struct {
	bool attached;
	long long version;
	size_t universe;
	const uint64_t *gram_keys, *pair_keys;
	const uint32_t *gram_vals, *pair_vals;
	size_t gram_cap, pair_cap;
	const struct plist *lists;
	const uint8_t *pool;
	const char *blob;
	const uint32_t *tok_off;
	const struct plist *tok_entries;
	uint32_t ntokens;
	size_t bytes;
} cur;

/* Only while building. */
static struct {
	struct raw *raws;
	size_t nraws, capraws;
	struct table tokens; /* hash of a token's text → token id */
	struct raw *tok_raw; /* [captokens] */
	struct table dedup;  /* hash of an encoded list → lists[] */
	/* The characters and pairs of a token met in more than one entry,
	 * as indices in raws: [tok_gram_off[t], + tok_gram_n[t]) of gram_idx. */
	uint32_t *tok_gram_off, *tok_gram_n, *gram_idx;
	size_t ngram_idx, capgram_idx;
} bd;

static bool index_on = true;

void reg_index_enable(bool on)
{
	index_on = on;
}

bool reg_index_enabled(void)
{
	return index_on;
}

/* ---- the hash table ---- */

static size_t slot_of(uint64_t key, size_t cap)
{
	uint64_t h = key * 0x9E3779B97F4A7C15ull;
	return (size_t)(h >> 23) & (cap - 1);
}

static void table_free(struct table *t)
{
	free(t->keys);
	free(t->vals);
	memset(t, 0, sizeof *t);
}

static void table_grow(struct table *t)
{
	size_t cap = t->cap ? t->cap * 2 : 1024;
	uint64_t *keys = reg_xcalloc(cap, sizeof *keys);
	uint32_t *vals = reg_xcalloc(cap, sizeof *vals);
	for (size_t i = 0; i < t->cap; i++) {
		if (t->keys[i] == 0)
			continue;
		size_t j = slot_of(t->keys[i], cap);
		while (keys[j])
			j = (j + 1) & (cap - 1);
		keys[j] = t->keys[i];
		vals[j] = t->vals[i];
	}
	free(t->keys);
	free(t->vals);
	t->keys = keys;
	t->vals = vals;
	t->cap = cap;
}

/* Ends: a checked table has a free slot. */
static const uint32_t *table_find(const uint64_t *keys, const uint32_t *vals,
                                  size_t cap, uint64_t key)
{
	if (cap == 0)
		return NULL;
	for (size_t i = slot_of(key, cap);; i = (i + 1) & (cap - 1)) {
		if (keys[i] == key)
			return &vals[i];
		if (keys[i] == 0)
			return NULL;
	}
}

/* The value's slot for key, added (*added true, value 0) when absent. */
static uint32_t *table_put(struct table *t, uint64_t key, bool *added)
{
	if ((t->used + 1) * 2 > t->cap)
		table_grow(t);
	size_t i = slot_of(key, t->cap);
	while (t->keys[i] && t->keys[i] != key)
		i = (i + 1) & (t->cap - 1);
	*added = t->keys[i] == 0;
	if (*added) {
		t->keys[i] = key;
		t->vals[i] = 0;
		t->used++;
	}
	return &t->vals[i];
}

static uint64_t hash_bytes(const void *p, size_t len, uint64_t seed)
{
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ull ^ seed;
	for (size_t i = 0; i < len; i++)
		h = (h ^ s[i]) * 0x100000001b3ull;
	h ^= h >> 29;
	return h ? h : 1;
}

static uint64_t key_of(utf8proc_int32_t c1, utf8proc_int32_t c2)
{
	return (uint64_t)c1 << 21 | (uint64_t)c2 | (uint64_t)1 << 62;
}

/* ---- lists while building ---- */

static void raw_add(struct raw *r, uint32_t v, size_t universe)
{
	if (r->last == v + 1)
		return;
	r->unsorted = r->unsorted || (r->n && r->last > v + 1);
	r->last = v + 1;
	r->n++;
	if (r->bits) {
		r->bits[v / 64] |= (uint64_t)1 << (v % 64);
		return;
	}
	/* Past one value in 16 of the universe a bitmap is smaller. */
	if (universe && r->n > universe / 16 + 1) {
		r->bits = reg_xcalloc(universe / 64 + 1, sizeof *r->bits);
		for (uint32_t i = 0; i + 1 < r->n; i++)
			r->bits[r->v[i] / 64] |= (uint64_t)1 << (r->v[i] % 64);
		r->bits[v / 64] |= (uint64_t)1 << (v % 64);
		free(r->v);
		r->v = NULL;
		r->cap = 0;
		return;
	}
	if (r->n > r->cap) {
		r->cap = r->cap ? r->cap * 2 : 2;
		r->v = reg_xrealloc(r->v, r->cap, sizeof *r->v);
	}
	r->v[r->n - 1] = v;
}

static void raw_free(struct raw *r)
{
	free(r->v);
	free(r->bits);
}

/* The index in raws of key's list in table t, made when absent. */
static uint32_t raw_index(struct table *t, uint64_t key)
{
	bool added;
	uint32_t *slot = table_put(t, key, &added);
	if (added) {
		if (bd.nraws == bd.capraws) {
			bd.capraws = bd.capraws ? bd.capraws * 2 : 1024;
			bd.raws = reg_xrealloc(bd.raws, bd.capraws, sizeof *bd.raws);
		}
		memset(&bd.raws[bd.nraws], 0, sizeof *bd.raws);
		*slot = (uint32_t)bd.nraws++;
	}
	return *slot;
}

static struct raw *raw_of(struct table *t, uint64_t key)
{
	uint32_t r = raw_index(t, key); /* may move raws */
	return &bd.raws[r];
}

/* ---- encoding ---- */

static size_t varint_len(uint32_t v)
{
	size_t n = 1;
	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
}

static void pool_reserve(size_t more)
{
	if (ix.poollen + more <= ix.poolcap)
		return;
	size_t cap = ix.poolcap ? ix.poolcap : 65536;
	while (cap < ix.poollen + more)
		cap *= 2;
	ix.pool = reg_xrealloc(ix.pool, cap, 1);
	ix.poolcap = cap;
}

static void put_varint(uint32_t v)
{
	while (v >= 0x80) {
		ix.pool[ix.poollen++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	ix.pool[ix.poollen++] = (uint8_t)v;
}

static uint32_t get_varint(const uint8_t **p)
{
	uint32_t v = 0;
	for (int shift = 0;; shift += 7) {
		uint8_t b = *(*p)++;
		v |= (uint32_t)(b & 0x7F) << shift;
		if (!(b & 0x80))
			return v;
	}
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* The list's values, sorted (v may be rewritten). */
static uint32_t *raw_values(struct raw *r, size_t universe)
{
	if (r->bits) {
		uint32_t *v = reg_xrealloc(NULL, r->n, sizeof *v);
		uint32_t n = 0;
		for (size_t w = 0; w <= universe / 64; w++)
			for (uint64_t b = r->bits[w]; b; b &= b - 1)
				v[n++] = (uint32_t)(w * 64 + (size_t)__builtin_ctzll(b));
		return v;
	}
	if (r->unsorted)
		qsort(r->v, r->n, sizeof *r->v, cmp_u32);
	return r->v;
}

/* The list stored in the pool (or found stored already): its index in
 * lists[]. universe 0: never a bitmap. */
static uint32_t encode(struct raw *r, size_t universe)
{
	if (ix.nlists == ix.caplists) {
		ix.caplists = ix.caplists ? ix.caplists * 2 : 1024;
		ix.lists = reg_xrealloc(ix.lists, ix.caplists, sizeof *ix.lists);
	}
	struct plist *p = &ix.lists[ix.nlists];
	uint32_t *v = raw_values(r, universe);
	p->n = r->n;
	if (r->n == 1) {
		p->kind = PL_ONE;
		p->off = v[0];
		if (v != r->v)
			free(v);
		return (uint32_t)ix.nlists++;
	}
	size_t gaps = 0, runs = 0, bits = universe ? (universe / 64 + 1) * 8 : SIZE_MAX;
	for (uint32_t i = 0, prev = 0; i < r->n; i++) {
		gaps += varint_len(i ? v[i] - prev - 1 : v[i]);
		if (i == 0 || v[i] != prev + 1) {
			uint32_t j = i;
			while (j + 1 < r->n && v[j + 1] == v[j] + 1)
				j++;
			runs += varint_len(i ? v[i] - prev - 1 : v[i]) + varint_len(j - i);
		}
		prev = v[i];
	}
	size_t start = ix.poollen;
	size_t best = gaps < runs ? gaps : runs;
	if (bits <= 2 * best) {
		p->kind = PL_BITS;
		pool_reserve(bits + 8);
		ix.poollen = (ix.poollen + 7) & ~(size_t)7; /* aligned words */
		start = ix.poollen;
		memset(ix.pool + start, 0, bits);
		uint64_t *w = (uint64_t *)(void *)(ix.pool + start);
		for (uint32_t i = 0; i < r->n; i++)
			w[v[i] / 64] |= (uint64_t)1 << (v[i] % 64);
		ix.poollen += bits;
	} else if (gaps <= runs) {
		p->kind = PL_GAPS;
		pool_reserve(gaps);
		for (uint32_t i = 0; i < r->n; i++)
			put_varint(i ? v[i] - v[i - 1] - 1 : v[i]);
	} else {
		p->kind = PL_RUNS;
		pool_reserve(runs);
		for (uint32_t i = 0, prev = 0; i < r->n;) {
			uint32_t j = i;
			while (j + 1 < r->n && v[j + 1] == v[j] + 1)
				j++;
			put_varint(i ? v[i] - prev - 1 : v[i]);
			put_varint(j - i);
			prev = v[j];
			i = j + 1;
		}
	}
	if (v != r->v)
		free(v);
	p->off = start;
	/* Stored once: the same kind, count and bytes found before. */
	size_t len = ix.poollen - start;
	uint64_t h = hash_bytes(ix.pool + start, len, (uint64_t)p->n << 2 | p->kind);
	for (;;) {
		bool added;
		uint32_t *slot = table_put(&bd.dedup, h, &added);
		if (added) {
			*slot = (uint32_t)ix.nlists;
			return (uint32_t)ix.nlists++;
		}
		/* A shorter list with the same count and kind that starts
		 * with these bytes decodes to the same values. */
		const struct plist *q = &ix.lists[*slot];
		if (q->kind == p->kind && q->n == p->n &&
		    memcmp(ix.pool + q->off, ix.pool + start, len) == 0) {
			ix.poollen = start;
			return *slot;
		}
		h = h * 31 + 7; /* another list with the same hash: probe on */
		h = h ? h : 1;
	}
}

/* ---- reading lists ---- */

static void set_range(uint64_t *out, uint32_t from, uint32_t to)
{
	/* Bits from … to inclusive. */
	size_t w0 = from / 64, w1 = to / 64;
	uint64_t first = ~(uint64_t)0 << (from % 64);
	uint64_t last = ~(uint64_t)0 >> (63 - to % 64);
	if (w0 == w1) {
		out[w0] |= first & last;
		return;
	}
	out[w0] |= first;
	for (size_t w = w0 + 1; w < w1; w++)
		out[w] = ~(uint64_t)0;
	out[w1] |= last;
}

/* ORs the list into out, a bitmap over universe. */
static void plist_or(const struct plist *p, size_t universe, uint64_t *out)
{
	const uint8_t *s = cur.pool + p->off;
	switch (p->kind) {
	case PL_ONE:
		out[p->off / 64] |= (uint64_t)1 << (p->off % 64);
		return;
	case PL_BITS: {
		const uint64_t *w = (const uint64_t *)(const void *)s;
		for (size_t i = 0; i <= universe / 64; i++)
			out[i] |= w[i];
		return;
	}
	case PL_GAPS:
		for (uint32_t i = 0, v = 0; i < p->n; i++) {
			v += get_varint(&s) + (i ? 1 : 0);
			out[v / 64] |= (uint64_t)1 << (v % 64);
		}
		return;
	default:
		for (uint32_t seen = 0, v = 0, first = 1; seen < p->n; first = 0) {
			uint32_t from = v + get_varint(&s) + (first ? 0 : 1);
			uint32_t len = get_varint(&s);
			set_range(out, from, from + len);
			v = from + len;
			seen += len + 1;
		}
	}
}

/* The list's values in order into out ([p->n]). */
static void plist_values(const struct plist *p, size_t universe, uint32_t *out)
{
	const uint8_t *s = cur.pool + p->off;
	uint32_t n = 0;
	switch (p->kind) {
	case PL_ONE:
		out[0] = (uint32_t)p->off;
		return;
	case PL_BITS: {
		const uint64_t *w = (const uint64_t *)(const void *)s;
		for (size_t i = 0; i <= universe / 64 && n < p->n; i++)
			for (uint64_t b = w[i]; b; b &= b - 1)
				out[n++] = (uint32_t)(i * 64 + (size_t)__builtin_ctzll(b));
		return;
	}
	case PL_GAPS:
		for (uint32_t v = 0; n < p->n; n++) {
			v += get_varint(&s) + (n ? 1 : 0);
			out[n] = v;
		}
		return;
	default:
		for (uint32_t v = 0; n < p->n;) {
			uint32_t from = v + get_varint(&s) + (n ? 1 : 0);
			uint32_t len = get_varint(&s);
			for (uint32_t i = 0; i <= len; i++)
				out[n++] = from + i;
			v = from + len;
		}
	}
}

/* ---- building ---- */

static void index_clear(void)
{
	table_free(&ix.grams);
	table_free(&ix.pairs);
	free(ix.lists);
	free(ix.pool);
	free(ix.blob);
	free(ix.tok_off);
	free(ix.tok_entries);
	memset(&ix, 0, sizeof ix);
}

static void build_clear(void)
{
	for (size_t i = 0; i < bd.nraws; i++)
		raw_free(&bd.raws[i]);
	free(bd.raws);
	for (uint32_t i = 0; bd.tok_raw && i < ix.ntokens; i++)
		raw_free(&bd.tok_raw[i]);
	free(bd.tok_raw);
	free(bd.tok_gram_off);
	free(bd.tok_gram_n);
	free(bd.gram_idx);
	table_free(&bd.tokens);
	table_free(&bd.dedup);
	memset(&bd, 0, sizeof bd);
}

static bool space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0;
}

/* A new token: its text kept, its pairs listed. */
static uint32_t token_new(const unsigned char *s, size_t len)
{
	if (ix.ntokens == ix.captokens) {
		ix.captokens = ix.captokens ? ix.captokens * 2 : 4096;
		ix.tok_off = reg_xrealloc(ix.tok_off, ix.captokens + 1, sizeof *ix.tok_off);
		bd.tok_raw = reg_xrealloc(bd.tok_raw, ix.captokens, sizeof *bd.tok_raw);
		bd.tok_gram_off = reg_xrealloc(bd.tok_gram_off, ix.captokens, sizeof *bd.tok_gram_off);
		bd.tok_gram_n = reg_xrealloc(bd.tok_gram_n, ix.captokens, sizeof *bd.tok_gram_n);
	}
	uint32_t t = ix.ntokens++;
	memset(&bd.tok_raw[t], 0, sizeof *bd.tok_raw);
	bd.tok_gram_n[t] = 0;
	if (ix.bloblen + len > ix.blobcap) {
		size_t cap = ix.blobcap ? ix.blobcap : 65536;
		while (cap < ix.bloblen + len)
			cap *= 2;
		ix.blob = reg_xrealloc(ix.blob, cap, 1);
		ix.blobcap = cap;
	}
	ix.tok_off[t] = (uint32_t)ix.bloblen;
	memcpy(ix.blob + ix.bloblen, s, len);
	ix.bloblen += len;
	ix.tok_off[t + 1] = (uint32_t)ix.bloblen;
	utf8proc_int32_t prev = -1;
	for (size_t i = 0; i < len;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &c);
		if (k <= 0) {
			i++;
			prev = -1;
			continue;
		}
		i += (size_t)k;
		if (prev >= 0)
			raw_add(raw_of(&ix.pairs, key_of(prev, c)), t, 0);
		prev = c;
	}
	return t;
}

/* The token's id, new or seen before. */
static uint32_t token_id(const unsigned char *s, size_t len)
{
	uint64_t h = hash_bytes(s, len, 0);
	for (;;) {
		bool added;
		uint32_t *slot = table_put(&bd.tokens, h, &added);
		if (added) {
			*slot = token_new(s, len);
			return *slot;
		}
		uint32_t t = *slot;
		if (ix.tok_off[t + 1] - ix.tok_off[t] == len &&
		    memcmp(ix.blob + ix.tok_off[t], s, len) == 0)
			return t;
		h = h * 31 + 7;
		h = h ? h : 1;
	}
}

static void gram_add(uint32_t rank, uint64_t key, bool keep)
{
	uint32_t r = raw_index(&ix.grams, key);
	raw_add(&bd.raws[r], rank, ix.universe);
	if (!keep)
		return;
	if (bd.ngram_idx == bd.capgram_idx) {
		bd.capgram_idx = bd.capgram_idx ? bd.capgram_idx * 2 : 65536;
		bd.gram_idx = reg_xrealloc(bd.gram_idx, bd.capgram_idx, sizeof *bd.gram_idx);
	}
	bd.gram_idx[bd.ngram_idx++] = r;
}

/* One token of an entry: its entries, characters and pairs. A token met
 * before in another entry (a shared purpose, a department) keeps its
 * lists' indices, so the next entries with it skip the decoding and the
 * hashing; a token met once (a name) keeps nothing. */
static void add_token(uint32_t rank, const unsigned char *s, size_t len)
{
	uint32_t t = token_id(s, len); /* may move tok_raw */
	raw_add(&bd.tok_raw[t], rank, ix.universe);
	if (bd.tok_gram_n[t]) {
		for (uint32_t i = 0; i < bd.tok_gram_n[t]; i++)
			raw_add(&bd.raws[bd.gram_idx[bd.tok_gram_off[t] + i]], rank, ix.universe);
		return;
	}
	bool keep = bd.tok_raw[t].n > 1 && bd.ngram_idx + 2 * len < UINT32_MAX;
	size_t start = bd.ngram_idx;
	utf8proc_int32_t prev = -1;
	for (size_t j = 0; j < len;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(s + j, (utf8proc_ssize_t)(len - j), &c);
		if (k <= 0) {
			j++;
			prev = -1;
			continue;
		}
		j += (size_t)k;
		gram_add(rank, key_of(c, 0), keep);
		if (prev >= 0)
			gram_add(rank, key_of(prev, c), keep);
		prev = c;
	}
	if (keep) {
		bd.tok_gram_off[t] = (uint32_t)start;
		bd.tok_gram_n[t] = (uint32_t)(bd.ngram_idx - start);
	}
}

/* One entry's text, token by token. */
static void add_text(uint32_t rank, const unsigned char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		while (i < len && space(s[i]))
			i++;
		size_t start = i;
		while (i < len && !space(s[i]))
			i++;
		if (i > start)
			add_token(rank, s + start, i - start);
	}
}

/* Every raw list of table t encoded; the table then points at lists[]. */
static void table_encode(struct table *t, size_t universe)
{
	for (size_t i = 0; i < t->cap; i++) {
		if (t->keys[i] == 0)
			continue;
		struct raw *r = &bd.raws[t->vals[i]];
		t->vals[i] = encode(r, universe);
		raw_free(r);
		memset(r, 0, sizeof *r);
	}
}

static void finish(void)
{
	table_encode(&ix.grams, ix.universe);
	table_encode(&ix.pairs, ix.ntokens);
	ix.tok_entries = reg_xcalloc(ix.ntokens, sizeof *ix.tok_entries);
	for (uint32_t t = 0; t < ix.ntokens; t++) {
		uint32_t l = encode(&bd.tok_raw[t], ix.universe);
		ix.tok_entries[t] = ix.lists[l];
		/* Its own copy: lists[] keeps only what tables point at. */
		if (l + 1 == ix.nlists && ix.lists[l].kind == PL_ONE)
			ix.nlists--;
		raw_free(&bd.tok_raw[t]);
		memset(&bd.tok_raw[t], 0, sizeof bd.tok_raw[t]);
	}
	ix.pool = reg_xrealloc(ix.pool, ix.poollen + 8, 1);
	ix.poolcap = ix.poollen + 8;
	ix.blob = reg_xrealloc(ix.blob, ix.bloblen, 1);
	ix.blobcap = ix.bloblen;
	ix.lists = reg_xrealloc(ix.lists, ix.nlists, sizeof *ix.lists);
	ix.caplists = ix.nlists;
}

/* In the order by name, so that each list comes sorted. */
static const char sql_bodies[] =
    "SELECT e.id, f.body FROM register_entry e JOIN register_fts f "
    "ON f.rowid = e.id ORDER BY e.name, e.id";

static int build(struct db *db, const struct reg_keys *k)
{
	ix.universe = k->n;
	struct db_stmt *st = db_stmt(db, sql_bodies);
	if (st == NULL)
		return -1;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		long long id = db_col_int64(st, 0);
		const unsigned char *body = (const unsigned char *)db_col_text_null(st, 1);
		if (id < 1 || id > k->max_id || !k->by_id[id].present || body == NULL)
			continue;
		add_text((uint32_t)k->by_id[id].rank[REG_SORT_NAME], body,
		         (size_t)db_col_bytes(st, 1));
	}
	db_reset(st);
	if (rc != DB_DONE)
		return -1;
	finish();
	return 0;
}

void reg_index_built_free(void)
{
	build_clear();
	index_clear();
	/* The build's lists and tables were three times the index: give the
	 * freed pages back (malloc keeps them otherwise). */
	malloc_trim(0);
}

int reg_index_build(struct db *db, const struct reg_keys *k,
                    struct reg_store_parts *parts)
{
	index_clear();
	int rc = build(db, k);
	build_clear();
	if (rc != 0) {
		log_event(LOG_ERR, "register index: %s", db_errmsg(db));
		reg_index_built_free();
		return -1;
	}
	memset(ix.pool + ix.poollen, 0, 8);
	struct reg_store_head *h = &parts->head;
	h->ntokens = ix.ntokens;
	h->gram_cap = ix.grams.cap;
	h->pair_cap = ix.pairs.cap;
	h->nlists = ix.nlists;
	const struct {
		enum reg_sec s;
		const void *p;
		size_t len;
	} secs[] = {
		{ SEC_GRAM_KEYS, ix.grams.keys, ix.grams.cap * sizeof(uint64_t) },
		{ SEC_GRAM_VALS, ix.grams.vals, ix.grams.cap * sizeof(uint32_t) },
		{ SEC_PAIR_KEYS, ix.pairs.keys, ix.pairs.cap * sizeof(uint64_t) },
		{ SEC_PAIR_VALS, ix.pairs.vals, ix.pairs.cap * sizeof(uint32_t) },
		{ SEC_LISTS, ix.lists, ix.nlists * sizeof *ix.lists },
		{ SEC_POOL, ix.pool, ix.poollen + 8 },
		{ SEC_BLOB, ix.blob, ix.bloblen },
		{ SEC_TOK_OFF, ix.tok_off, ix.ntokens ? (ix.ntokens + 1) * sizeof(uint32_t) : 0 },
		{ SEC_TOK_ENTRIES, ix.tok_entries, ix.ntokens * sizeof *ix.tok_entries },
	};
	for (size_t i = 0; i < sizeof secs / sizeof secs[0]; i++) {
		parts->p[secs[i].s] = secs[i].p;
		parts->len[secs[i].s] = secs[i].len;
	}
	return 0;
}

void reg_index_attach(const void *p)
{
	const struct reg_store_head *h = p;
	cur.attached = true;
	cur.version = h->version;
	cur.universe = h->n;
	cur.gram_keys = reg_sec(p, SEC_GRAM_KEYS);
	cur.gram_vals = reg_sec(p, SEC_GRAM_VALS);
	cur.gram_cap = h->gram_cap;
	cur.pair_keys = reg_sec(p, SEC_PAIR_KEYS);
	cur.pair_vals = reg_sec(p, SEC_PAIR_VALS);
	cur.pair_cap = h->pair_cap;
	cur.lists = reg_sec(p, SEC_LISTS);
	cur.pool = reg_sec(p, SEC_POOL);
	cur.blob = reg_sec(p, SEC_BLOB);
	cur.tok_off = reg_sec(p, SEC_TOK_OFF);
	cur.tok_entries = reg_sec(p, SEC_TOK_ENTRIES);
	cur.ntokens = (uint32_t)h->ntokens;
	cur.bytes = 0;
	for (int s = SEC_GRAM_KEYS; s < SEC__N; s++)
		cur.bytes += h->sec[s].len;
}

/* ---- checking an image ---- */

/* A varint within [*p, end) that fits 32 bits. */
static bool varint_ok(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	*v = 0;
	for (int shift = 0; shift < 35; shift += 7) {
		if (*p >= end)
			return false;
		uint8_t b = *(*p)++;
		*v |= (uint64_t)(b & 0x7F) << shift;
		if (!(b & 0x80))
			return *v <= UINT32_MAX;
	}
	return false;
}

/* Whether the search, reading the list over universe, stays inside the
 * pool and writes only bits below universe, and finds exactly p->n
 * values in order. */
static bool list_ok(const struct plist *p, uint64_t universe, const uint8_t *pool,
                    uint64_t poollen)
{
	if (p->kind == PL_ONE)
		return p->n == 1 && p->off < universe;
	if (p->n == 0 || p->off > poollen)
		return false;
	const uint8_t *s = pool + p->off, *end = pool + poollen;
	if (p->kind == PL_BITS) {
		uint64_t words = universe / 64 + 1, n = 0;
		if (p->off % 8 || (poollen - p->off) / 8 < words)
			return false;
		const uint64_t *w = (const uint64_t *)(const void *)s;
		for (uint64_t i = 0; i < words; i++)
			n += (uint64_t)__builtin_popcountll(w[i]);
		return n == p->n && (w[words - 1] >> (universe % 64)) == 0;
	}
	if (p->kind == PL_GAPS) {
		if (p->n > poollen - p->off)
			return false;
		uint64_t v = 0, d;
		for (uint32_t i = 0; i < p->n; i++) {
			if (!varint_ok(&s, end, &d))
				return false;
			v += d + (i ? 1 : 0);
			if (v >= universe)
				return false;
		}
		return true;
	}
	if (p->kind != PL_RUNS)
		return false;
	uint64_t v = 0, seen = 0, gap, len;
	for (bool first = true; seen < p->n; first = false) {
		if (!varint_ok(&s, end, &gap) || !varint_ok(&s, end, &len))
			return false;
		uint64_t from = v + gap + (first ? 0 : 1);
		if (from + len >= universe || seen + len + 1 > p->n)
			return false;
		v = from + len;
		seen += len + 1;
	}
	return true;
}

/* Every used slot's list sound over universe; a free slot left, so that
 * a search ends. mark: bit of the lists checked over this universe. */
static bool table_ok(const uint64_t *keys, const uint32_t *vals, uint64_t cap,
                     uint64_t universe, uint8_t bit, uint8_t *mark,
                     const struct plist *lists, uint64_t nlists,
                     const uint8_t *pool, uint64_t poollen)
{
	if (cap == 0)
		return true;
	if (cap & (cap - 1))
		return false;
	bool free_slot = false;
	for (uint64_t i = 0; i < cap; i++) {
		if (keys[i] == 0) {
			free_slot = true;
			continue;
		}
		uint32_t l = vals[i];
		if (l >= nlists)
			return false;
		if (mark[l] & bit)
			continue;
		if (!list_ok(&lists[l], universe, pool, poollen))
			return false;
		mark[l] |= bit;
	}
	return free_slot;
}

bool reg_index_check(const void *p, const char **why)
{
	const struct reg_store_head *h = p;
	const uint8_t *pool = reg_sec(p, SEC_POOL);
	uint64_t poollen = h->sec[SEC_POOL].len - 8;
	const struct plist *lists = reg_sec(p, SEC_LISTS);
	*why = "index tables";
	if (h->ntokens >= UINT32_MAX || h->nlists >= UINT32_MAX || h->n >= UINT32_MAX)
		return false;
	uint8_t *mark = reg_xcalloc(h->nlists, 1);
	bool ok = table_ok(reg_sec(p, SEC_GRAM_KEYS), reg_sec(p, SEC_GRAM_VALS),
	                   h->gram_cap, h->n, 1, mark, lists, h->nlists, pool, poollen) &&
	          table_ok(reg_sec(p, SEC_PAIR_KEYS), reg_sec(p, SEC_PAIR_VALS),
	                   h->pair_cap, h->ntokens, 2, mark, lists, h->nlists, pool,
	                   poollen);
	free(mark);
	if (!ok)
		return false;
	*why = "index tokens";
	const uint32_t *tok_off = reg_sec(p, SEC_TOK_OFF);
	const struct plist *tok_entries = reg_sec(p, SEC_TOK_ENTRIES);
	for (uint64_t t = 0; t < h->ntokens; t++)
		if (tok_off[t] > tok_off[t + 1] ||
		    !list_ok(&tok_entries[t], h->n, pool, poollen))
			return false;
	return h->ntokens == 0 || tok_off[h->ntokens] <= h->sec[SEC_BLOB].len;
}

/* ---- searching ---- */

/* Whether the token has the word (three characters or more, so at least
 * three bytes). memchr finds the places of the word's last byte (a UTF-8
 * continuation byte, one of 64 values) faster than memmem sets up. */
static bool has_word(const char *h, size_t hl, const char *w, size_t wl)
{
	const char *p = h + wl - 1, *end = h + hl;
	while (p < end && (p = memchr(p, w[wl - 1], (size_t)(end - p))) != NULL) {
		const char *at = p - (wl - 1);
		/* The last byte matches one place in 64 or so; the lead bytes of
		 * kana and kanji hardly differ: the second byte first. */
		if (at[1] == w[1] && at[0] == w[0] && memcmp(at + 2, w + 2, wl - 3) == 0)
			return true;
		p++;
	}
	return false;
}

/* A word of three characters or more: the tokens of its rarest pair that
 * contain it, their entries. */
static void longer_word(const char *term, size_t len, const utf8proc_int32_t *c,
                        size_t n, const uint64_t *within, uint64_t *out)
{
	const struct plist *rare = NULL;
	for (size_t i = 0; i + 1 < n; i++) {
		const uint32_t *l = table_find(cur.pair_keys, cur.pair_vals, cur.pair_cap,
		                               key_of(c[i], c[i + 1]));
		if (l == NULL)
			return; /* a pair that occurs nowhere */
		if (rare == NULL || cur.lists[*l].n < rare->n)
			rare = &cur.lists[*l];
	}
	if (rare == NULL)
		return;
	uint32_t *toks = reg_xrealloc(NULL, rare->n, sizeof *toks);
	plist_values(rare, cur.ntokens, toks);
	for (uint32_t i = 0; i < rare->n; i++) {
		uint32_t t = toks[i], tl = cur.tok_off[t + 1] - cur.tok_off[t];
		const struct plist *e = &cur.tok_entries[t];
		/* Its one entry out already, or in already (a name and its
		 * reading): no need to look. */
		if (e->kind == PL_ONE && ((within && !(within[e->off / 64] >> (e->off % 64) & 1)) ||
		                          out[e->off / 64] >> (e->off % 64) & 1))
			continue;
		if (tl < len || !has_word(cur.blob + cur.tok_off[t], tl, term, len))
			continue;
		if (e->kind == PL_ONE)
			out[e->off / 64] |= (uint64_t)1 << (e->off % 64);
		else
			plist_or(e, cur.universe, out);
	}
	free(toks);
}

int reg_index_ranks(struct db *db, const struct reg_keys *k, const char *term,
                    const uint64_t *within, uint64_t *out)
{
	(void)db;
	if (!cur.attached || cur.version != k->version || cur.universe != k->n)
		return -1; /* attached with the keys: not reached */
	const unsigned char *s = (const unsigned char *)term;
	size_t len = strlen(term), n = 0;
	utf8proc_int32_t *c = reg_xrealloc(NULL, len + 1, sizeof *c);
	for (size_t i = 0; i < len; n++) {
		utf8proc_ssize_t k1 = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &c[n]);
		if (k1 <= 0 || space(s[i])) {
			n = 0; /* not in the index's form: found nowhere */
			break;
		}
		i += (size_t)k1;
	}
	if (n == 1 || n == 2) {
		const uint32_t *l = table_find(cur.gram_keys, cur.gram_vals, cur.gram_cap,
		                               key_of(c[0], n == 2 ? c[1] : 0));
		if (l)
			plist_or(&cur.lists[*l], cur.universe, out);
	} else if (n > 2) {
		longer_word(term, len, c, n, within, out);
	}
	free(c);
	return 0;
}

size_t reg_index_bytes(void)
{
	return cur.bytes;
}

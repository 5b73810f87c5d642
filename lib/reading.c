/* Readings by MeCab, opened with dlopen (see reading.h). */
#include "reading.h"

#include <dlfcn.h>
#include <pthread.h>
#include <string.h>

#include <mecab.h>

#include "log.h"

typedef mecab_t *(*new2_fn)(const char *);
typedef const mecab_node_t *(*tonode2_fn)(mecab_t *, const char *, size_t);
typedef const char *(*strerror_fn)(mecab_t *);

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static enum { UNTRIED, OPEN, MISSING } state = UNTRIED;
static bool pretend, logged;
static mecab_t *tagger;
static tonode2_fn tonode2;

/* The library, its functions and a tagger with the system's dictionary
 * (/etc/mecabrc), once per process. Called with the lock held. */
static void open_mecab(void)
{
	if (state != UNTRIED)
		return;
	state = MISSING;
	void *h = dlopen("libmecab.so.2", RTLD_NOW | RTLD_LOCAL);
	const char *why = "libmecab.so.2 not found";
	if (h) {
		new2_fn new2 = (new2_fn)dlsym(h, "mecab_new2");
		strerror_fn err = (strerror_fn)dlsym(h, "mecab_strerror");
		tonode2 = (tonode2_fn)dlsym(h, "mecab_sparse_tonode2");
		why = "libmecab.so.2 lacks its functions";
		if (new2 && err && tonode2) {
			tagger = new2("");
			why = tagger ? NULL : err(NULL);
		}
	}
	if (why == NULL) {
		state = OPEN;
		return;
	}
	if (!logged)
		log_event(LOG_WARN, "register readings: MeCab unavailable (%s): "
		                    "entries are saved without a reading",
		          why ? why : "no dictionary");
	logged = true;
}

bool reading_available(void)
{
	pthread_mutex_lock(&lock);
	open_mecab();
	bool ok = state == OPEN && !pretend;
	pthread_mutex_unlock(&lock);
	return ok;
}

void reading_pretend_missing(bool missing)
{
	pthread_mutex_lock(&lock);
	pretend = missing;
	pthread_mutex_unlock(&lock);
}

/* The 8th field (読み) of an ipadic feature, or NULL when it has none or
 * it is "*". */
static const char *feature_reading(const char *feature, size_t *len)
{
	const char *p = feature;
	for (int i = 0; i < 7; i++) {
		p = strchr(p, ',');
		if (p == NULL)
			return NULL;
		p++;
	}
	size_t n = strcspn(p, ",");
	if (n == 0 || (n == 1 && *p == '*'))
		return NULL;
	*len = n;
	return p;
}

/* Characters of s up to max, as bytes. */
static size_t cut_at(const char *s, size_t len, size_t max)
{
	size_t chars = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && chars++ == max)
			return i;
	return len;
}

const char *reading_of(struct arena *a, const char *text, size_t max)
{
	if (text == NULL || *text == '\0')
		return "";
	pthread_mutex_lock(&lock);
	open_mecab();
	if (state != OPEN || pretend) {
		pthread_mutex_unlock(&lock);
		return "";
	}
	struct buf b;
	buf_init(&b, a);
	const mecab_node_t *n = tonode2(tagger, text, strlen(text));
	for (; n; n = n->next) {
		if (n->stat == MECAB_BOS_NODE || n->stat == MECAB_EOS_NODE)
			continue;
		/* White space MeCab skipped before the word stays between words. */
		if (n->rlength > n->length)
			buf_putc(&b, ' ');
		size_t len = 0;
		const char *r = n->stat == MECAB_NOR_NODE && n->feature
		                    ? feature_reading(n->feature, &len)
		                    : NULL;
		if (r)
			buf_append(&b, r, len);
		else
			buf_append(&b, n->surface, n->length);
	}
	pthread_mutex_unlock(&lock);
	size_t len = cut_at(b.data, b.len, max);
	while (len && b.data[len - 1] == ' ')
		len--;
	size_t start = 0;
	while (start < len && b.data[start] == ' ')
		start++;
	return arena_strndup(a, b.data + start, len - start);
}

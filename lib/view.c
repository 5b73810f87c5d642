#include "view.h"

#include <glob.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "config.h"
#include "log.h"
#include "view-data.h"
#include "view-fold.h"

#define VIEW_MAX_TEMPLATES 64
#define VIEW_LANGS 2
#define VIEW_WORDS 64

static const char *const view_langs[VIEW_LANGS] = { "ja", "en" };

struct template {
	char *name;
	CSPARSE *parse; /* unfolded; folded by the first language rendered */
	/* parsed again per language, its constant names folded (view-fold.h);
	 * NULL until first rendered in that language, or when it failed */
	CSPARSE *folded[VIEW_LANGS];
	struct fold_texts texts[VIEW_LANGS];
	bool fold_tried[VIEW_LANGS];
	unsigned char digest[VIEW_DIGEST_BYTES]; /* its files as parsed */
};

struct word {
	const char *key; /* a string literal: compared by address */
	const char *value; /* in global[]'s L., which stays as read */
};

struct view {
	HDF *global[VIEW_LANGS]; /* strings, city profile, site settings */
	/* global[]'s parts as view_open made them, on the first view_digest */
	unsigned char global_digest[VIEW_LANGS][VIEW_DIGEST_BYTES];
	bool global_digested[VIEW_LANGS];
	struct word words[VIEW_LANGS][VIEW_WORDS];
	struct template templates[VIEW_MAX_TEMPLATES];
	size_t ntemplates;
	char dir[1024];
};

/* lang/LANG.hdf, then each page's strings in lang/LANG-PAGE.hdf. */
static int lang_read(HDF *g, const char *dir, const char *lang, char *err,
                     size_t errlen)
{
	char path[1200];
	glob_t gl;
	snprintf(path, sizeof path, "%s/lang/%s.hdf", dir, lang);
	if (config_nerr(hdf_read_file(g, path), path, err, errlen))
		return -1;
	snprintf(path, sizeof path, "%s/lang/%s-*.hdf", dir, lang);
	if (glob(path, 0, NULL, &gl) != 0)
		return 0;
	int rc = 0;
	for (size_t k = 0; k < gl.gl_pathc && rc == 0; k++)
		rc = config_nerr(hdf_read_file(g, gl.gl_pathv[k]), gl.gl_pathv[k], err,
		             errlen);
	globfree(&gl);
	return rc;
}

/* The strings say 市, 市長 and 市民 as {市}, {市長} and {市民}: a ward,
 * town or village reads its own word (City.Word: 区, 町, 村) and its
 * head's title (City.HeadTitle: 区長) on every page and notice. */
struct city_words {
	const char *word, *head, *resident;
};

/* text with each {市長}, {市民} and {市} put in the words w, written to out
 * when it is not NULL; the length either way. */
static size_t words_put(const char *text, const struct city_words *w, char *out)
{
	static const char *const keys[] = { "{市長}", "{市民}", "{市}" };
	const char *subs[] = { w->head, w->resident, w->word };
	size_t o = 0;
	for (const char *p = text; *p;) {
		size_t k = 0;
		while (k < 3 && strncmp(p, keys[k], strlen(keys[k])) != 0)
			k++;
		const char *from = k < 3 ? subs[k] : p;
		size_t n = k < 3 ? strlen(subs[k]) : 1;
		if (out)
			memcpy(out + o, from, n);
		o += n;
		p += k < 3 ? strlen(keys[k]) : 1;
	}
	if (out)
		out[o] = '\0';
	return o;
}

/* The same, malloc'd; NULL when out of memory. */
static char *words_apply(const char *text, const struct city_words *w)
{
	char *out = malloc(words_put(text, w, NULL) + 1);
	if (out != NULL)
		words_put(text, w, out);
	return out;
}

static int words_replace(HDF *parent, const struct city_words *w)
{
	for (HDF *node = hdf_obj_child(parent); node != NULL;
	     node = hdf_obj_next(node)) {
		const char *v = hdf_obj_value(node);
		if (v != NULL && strchr(v, '{') != NULL) {
			char *out = words_apply(v, w);
			if (out == NULL)
				return -1;
			NEOERR *e = hdf_set_value(parent, hdf_obj_name(node), out);
			free(out);
			if (e != STATUS_OK) {
				nerr_ignore(&e);
				return -1;
			}
		}
		if (words_replace(node, w) != 0)
			return -1;
	}
	return 0;
}

/* The city's words from the configuration (City.Word, City.HeadTitle);
 * head and resident are buffers of 64 bytes. */
static struct city_words words_of(HDF *cfg, char *head, char *resident)
{
	const char *word = hdf_get_value(cfg, "City.Word", "市");
	snprintf(head, 64, "%s長", word);
	snprintf(resident, 64, "%s民", word);
	return (struct city_words){ word, hdf_get_value(cfg, "City.HeadTitle", head),
	                            resident };
}

char *view_city_words(HDF *cfg, const char *text)
{
	char head[64], resident[64];
	struct city_words w = words_of(cfg, head, resident);
	return words_apply(text, &w);
}

static int city_words(HDF *g, char *err, size_t errlen)
{
	char head[64], resident[64];
	struct city_words w = words_of(g, head, resident);
	HDF *l = hdf_get_obj(g, "L");
	if (l != NULL && words_replace(l, &w) != 0) {
		snprintf(err, errlen, "lang: out of memory");
		return -1;
	}
	return 0;
}

static int global_open(struct view *v, size_t i, HDF *cfg, char *err,
                       size_t errlen)
{
	HDF *g = NULL;
	if (config_nerr(hdf_init(&g), "hdf", err, errlen))
		return -1;
	v->global[i] = g;
	if (lang_read(g, v->dir, view_langs[i], err, errlen))
		return -1;
	/* Config.* governs parsing: escape every var: as HTML. */
	if (config_nerr(hdf_set_value(g, "Config.VarEscapeMode", "html"), "hdf", err,
	            errlen) ||
	    config_nerr(hdf_set_value(g, "hdf.loadpaths.0", v->dir), "hdf", err,
	            errlen) ||
	    config_nerr(hdf_set_value(g, "Site.Lang", view_langs[i]), "hdf", err,
	            errlen) ||
	    config_nerr(hdf_set_value(g, "Site.BasePath",
	                          hdf_get_value(cfg, "Kaiji.BasePath", "/kaiji")),
	            "hdf", err, errlen))
		return -1;
	HDF *city = hdf_get_obj(cfg, "City");
	if (city && config_nerr(hdf_copy(g, "City", city), "hdf", err, errlen))
		return -1;
	return city_words(g, err, errlen);
}

int view_open(struct view **out, HDF *cfg, char *err, size_t errlen)
{
	struct view *v = calloc(1, sizeof *v);
	if (v == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	snprintf(v->dir, sizeof v->dir, "%s",
	         hdf_get_value(cfg, "Kaiji.TemplateDir", "templates"));
	for (size_t i = 0; i < VIEW_LANGS; i++)
		if (global_open(v, i, cfg, err, errlen)) {
			view_close(v);
			return -1;
		}
	*out = v;
	return 0;
}

void view_close(struct view *v)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < v->ntemplates; i++) {
		struct template *t = &v->templates[i];
		cs_destroy(&t->parse);
		for (size_t l = 0; l < VIEW_LANGS; l++) {
			cs_destroy(&t->folded[l]);
			view_fold_free(&t->texts[l]);
		}
		free(t->name);
	}
	for (size_t i = 0; i < VIEW_LANGS; i++)
		hdf_destroy(&v->global[i]);
	free(v);
}

static size_t lang_index(const char *lang)
{
	return lang && strcmp(lang, "en") == 0 ? 1 : 0;
}

/* Template names come from code, never from a request. */
static int name_ok(const char *name)
{
	if (*name == '\0' || strlen(name) > 64)
		return 0;
	/* One folder level: mail/body (templates/mail/). */
	if (name[0] == '/' || strchr(name, '/') != strrchr(name, '/'))
		return 0;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '/'))
			return 0;
	return 1;
}

/* ClearSilver's own loading (hdf_search_path, ne_load_file), each file
 * hashed as it is read: the template's digest holds every file it
 * includes, read once, when it is parsed. */
static NEOERR *template_load(void *ctx, HDF *hdf, const char *filename,
                             char **contents)
{
	char path[4096];
	int len = 0;
	NEOERR *nerr = hdf_search_path(hdf, filename, path);
	if (nerr == STATUS_OK)
		nerr = ne_load_file_len(path, contents, &len);
	if (nerr == STATUS_OK) {
		crypto_generichash_update(ctx, (const unsigned char *)filename,
		                          strlen(filename) + 1);
		crypto_generichash_update(ctx, (const unsigned char *)*contents,
		                          (unsigned long long)len);
	}
	return nerr;
}

static struct template *template_find(struct view *v, const char *name)
{
	for (size_t i = 0; i < v->ntemplates; i++)
		if (strcmp(v->templates[i].name, name) == 0)
			return &v->templates[i];
	return NULL;
}

/* name.cs and what it includes, parsed; digest (when not NULL) holds
 * every file read. NULL after logging why. */
static CSPARSE *template_parse(struct view *v, const char *name,
                               unsigned char *digest)
{
	CSPARSE *parse = NULL;
	char path[128], err[512];
	crypto_generichash_state files;
	crypto_generichash_init(&files, NULL, 0, VIEW_DIGEST_BYTES);
	snprintf(path, sizeof path, "%s.cs", name);
	NEOERR *nerr = cs_init(&parse, v->global[0]);
	if (nerr == STATUS_OK) {
		cs_register_fileload(parse, &files, template_load);
		nerr = cs_register_esc_strfunc(parse, "url_validate",
		                               neos_url_validate);
	}
	if (nerr == STATUS_OK)
		nerr = cs_register_esc_strfunc(parse, "js_escape", neos_js_escape);
	if (nerr == STATUS_OK)
		nerr = cs_parse_file(parse, path);
	if (parse)
		cs_register_fileload(parse, NULL, NULL); /* files is this frame's */
	if (config_nerr(nerr, path, err, sizeof err)) {
		log_event(LOG_ERR, "template %s", err);
		cs_destroy(&parse);
		return NULL;
	}
	if (digest)
		crypto_generichash_final(&files, digest, VIEW_DIGEST_BYTES);
	return parse;
}

static struct template *template_get(struct view *v, const char *name)
{
	struct template *known = template_find(v, name);
	if (known)
		return known;
	if (!name_ok(name) || v->ntemplates == VIEW_MAX_TEMPLATES) {
		log_event(LOG_ERR, "template %s refused", name);
		return NULL;
	}
	struct template *t = &v->templates[v->ntemplates];
	*t = (struct template){ 0 };
	t->parse = template_parse(v, name, t->digest);
	if (t->parse == NULL)
		return NULL;
	t->name = strdup(name);
	if (t->name == NULL) {
		log_event(LOG_ERR, "out of memory: exiting");
		exit(70);
	}
	v->ntemplates++;
	return t;
}

/* Whether the request's data has a node under a folded root, which
 * ClearSilver would print before the language's (never, by design). */
static bool data_shadows_roots(HDF *data)
{
	for (size_t k = 0; view_fold_roots[k]; k++)
		if (hdf_get_obj(data, view_fold_roots[k]) != NULL)
			return true;
	return false;
}

/* The template to render for lang: its folded parse, made on first use
 * (the first language folds the parse template_get made, another parses
 * again), or an unfolded one for data under a root or when folding
 * failed, parsed again then: a process keeps one parse per language it
 * serves. NULL when it does not parse. */
static CSPARSE *template_for(struct view *v, struct template *t, size_t lang,
                             HDF *data)
{
	if (!t->fold_tried[lang]) {
		t->fold_tried[lang] = true;
		CSPARSE *parse = t->parse ? t->parse : template_parse(v, t->name, NULL);
		t->parse = NULL;
		if (parse && view_fold(parse, v->global[lang], &t->texts[lang])) {
			log_event(LOG_WARN, "template %s: not folded (out of memory)",
			          t->name);
			cs_destroy(&parse);
			view_fold_free(&t->texts[lang]);
		}
		t->folded[lang] = parse;
	}
	if (t->folded[lang] != NULL && !data_shadows_roots(data))
		return t->folded[lang];
	if (t->parse == NULL)
		t->parse = template_parse(v, t->name, NULL);
	return t->parse;
}

/* The program's own bytes, read once: the code that fills and renders
 * the pages, ClearSilver's escaping with it (linked in). Without
 * /proc, a random value: ETags then differ between processes, never
 * wrongly match. */
static const unsigned char *build_digest(void)
{
	static unsigned char digest[VIEW_DIGEST_BYTES];
	static bool done;
	if (done)
		return digest;
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, sizeof digest);
	FILE *f = fopen("/proc/self/exe", "rb");
	unsigned char chunk[65536];
	size_t n;
	while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		crypto_generichash_update(&st, chunk, n);
	if (f == NULL || ferror(f)) {
		log_event(LOG_WARN, "cannot read the program for its ETags: per process");
		randombytes_buf(chunk, 32);
		crypto_generichash_update(&st, chunk, 32);
	}
	if (f)
		fclose(f);
	crypto_generichash_final(&st, digest, sizeof digest);
	done = true;
	return digest;
}

/* What view_open put in global[i] (the strings, the city with its words,
 * the site's settings, the parser's): never changed after it, unlike
 * what a program keeps there (view_shared), which is left out. Made on
 * first use: only the register's pages need it (a few million
 * instructions, a tenth of opening the view). */
static const unsigned char *global_digest(struct view *v, size_t i)
{
	static const char *const parts[] = { "L", "City", "Site", "Config", "hdf" };
	if (v->global_digested[i])
		return v->global_digest[i];
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, VIEW_DIGEST_BYTES);
	for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
		HDF *node = hdf_get_obj(v->global[i], parts[k]);
		char *text = NULL;
		if (node && hdf_write_string(node, &text) != STATUS_OK) {
			log_event(LOG_ERR, "out of memory in hdf: exiting");
			exit(70);
		}
		crypto_generichash_update(&st, (const unsigned char *)parts[k],
		                          strlen(parts[k]) + 1);
		if (text)
			crypto_generichash_update(&st, (const unsigned char *)text,
			                          strlen(text) + 1);
		free(text);
	}
	crypto_generichash_final(&st, v->global_digest[i], VIEW_DIGEST_BYTES);
	v->global_digested[i] = true;
	return v->global_digest[i];
}

int view_digest(struct req *req, const char *name,
                unsigned char out[VIEW_DIGEST_BYTES])
{
	struct view *v = req->app->view;
	struct template *t = template_get(v, name);
	if (t == NULL)
		return -1;
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, VIEW_DIGEST_BYTES);
	crypto_generichash_update(&st, build_digest(), VIEW_DIGEST_BYTES);
	crypto_generichash_update(&st, global_digest(v, lang_index(req->lang)),
	                          VIEW_DIGEST_BYTES);
	crypto_generichash_update(&st, t->digest, VIEW_DIGEST_BYTES);
	crypto_generichash_final(&st, out, VIEW_DIGEST_BYTES);
	return 0;
}

static NEOERR *render_out(void *ctx, char *s)
{
	buf_puts(ctx, s);
	return STATUS_OK;
}

int view_render_hdf(struct view *v, const char *name, const char *lang,
                    HDF *data, struct buf *out)
{
	struct template *t = template_get(v, name);
	if (t == NULL)
		return 500;
	/* The parsed tree is kept; each render reads this request's data first
	 * and then the language's strings and the site settings. */
	CSPARSE *parse = template_for(v, t, lang_index(lang), data);
	if (parse == NULL)
		return 500;
	parse->hdf = data;
	parse->global_hdf = v->global[lang_index(lang)];
	char err[512];
	NEOERR *nerr = cs_render(parse, out, render_out);
	parse->hdf = v->global[0];
	parse->global_hdf = NULL;
	if (config_nerr(nerr, name, err, sizeof err)) {
		log_event(LOG_ERR, "render %s", err);
		return 500;
	}
	return 0;
}

size_t view_folded(const struct view *v)
{
	size_t n = 0;
	for (size_t i = 0; i < v->ntemplates; i++)
		for (size_t l = 0; l < VIEW_LANGS; l++)
			n += v->templates[i].texts[l].n;
	return n;
}

static void set_or_die(NEOERR *nerr)
{
	if (nerr != STATUS_OK) {
		nerr_ignore(&nerr);
		log_event(LOG_ERR, "out of memory in hdf: exiting");
		exit(70);
	}
}

/* NAME's value below node: in the request's data by view_data, elsewhere
 * (the shared data, kaijictl's) by ClearSilver. */
static void value_set(HDF *node, const char *name, const char *value)
{
	HDF *at = view_data_is(node) ? view_data_node(node, name) : NULL;
	if (at != NULL)
		view_data_value(at, value ? value : "");
	else
		set_or_die(hdf_set_value(node, name, value ? value : ""));
}

void view_set(struct req *req, const char *name, const char *value)
{
	value_set(req->hdf, name, value);
}

void view_setf(struct req *req, const char *name, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = arena_vprintf(req->arena, fmt, ap);
	va_end(ap);
	view_set(req, name, s);
}

void view_set_int(struct req *req, const char *name, long value)
{
	view_setf(req, name, "%ld", value);
}

static HDF *node_get(HDF *parent, const char *name)
{
	HDF *node = view_data_is(parent) ? view_data_node(parent, name) : NULL;
	if (node == NULL)
		set_or_die(hdf_get_node(parent, name, &node));
	return node;
}

HDF *view_node(struct req *req, const char *name)
{
	return node_get(req->hdf, name);
}

HDF *view_node_of(HDF *parent, const char *name)
{
	return node_get(parent, name);
}

/* i in decimal, written backwards from end (snprintf's parsing of the
 * format was a third of the cost of a list's 100 children). */
static char *decimal(char *end, size_t i)
{
	*--end = '\0';
	return decimal_before(end, i);
}

HDF *view_child(HDF *node, size_t i)
{
	char name[24];
	return node_get(node, decimal(name + sizeof name, i));
}

void view_node_set(HDF *node, const char *name, const char *value)
{
	value_set(node, name, value);
}

void view_node_set_int(HDF *node, const char *name, long value)
{
	char v[24];
	if (value < 0)
		snprintf(v, sizeof v, "%ld", value);
	view_node_set(node, name, value < 0 ? v : decimal(v + sizeof v, (size_t)value));
}

HDF *view_shared(struct req *req)
{
	return req->app->view->global[lang_index(req->lang)];
}

void view_node_remove(HDF *node, const char *name)
{
	if (view_data_is(node))
		view_data_remove(node, name);
	else
		set_or_die(hdf_remove_tree(node, name));
}

const char *view_string(struct req *req, const char *key)
{
	struct view *v = req->app->view;
	return hdf_get_value(v->global[lang_index(req->lang)], key, "");
}

const char *view_word(struct req *req, const char *key)
{
	struct word *w = req->app->view->words[lang_index(req->lang)];
	uintptr_t h = (uintptr_t)key;
	h ^= h >> 17;
	h *= 0x9E3779B97F4A7C15u;
	for (size_t n = 0, i = (size_t)(h >> 24); n < VIEW_WORDS; n++, i++) {
		struct word *s = &w[i % VIEW_WORDS];
		if (s->key == key)
			return s->value;
		if (s->key == NULL) {
			s->value = view_string(req, key);
			s->key = key;
			return s->value;
		}
	}
	return view_string(req, key); /* full: more words than expected */
}

/* A page template's set: and def: lines print their line breaks before
 * <!DOCTYPE>; drop the white space they leave at the start. */
static void trim_leading_space(struct buf *b, size_t from)
{
	size_t n = from;
	while (n < b->len && (b->data[n] == '\n' || b->data[n] == ' '))
		n++;
	if (n == from)
		return;
	memmove(b->data + from, b->data + n, b->len - n + 1);
	b->len -= n - from;
}

int view_render(struct req *req, const char *name)
{
	size_t from = req->body.len;
	int rc = view_render_hdf(req->app->view, name, req->lang, req->hdf,
	                         &req->body);
	if (rc == 0)
		trim_leading_space(&req->body, from);
	return rc;
}

/* ClearSilver views: templates parsed once per process and rendered with
 * HTML escaping on (Config.VarEscapeMode = html). Every visible string
 * comes from templates/lang/LANG.hdf, under L. in the templates. */
#ifndef KAIJI_VIEW_H
#define KAIJI_VIEW_H

#include <stddef.h>

#include <ClearSilver/ClearSilver.h>

#include "req.h"

struct view;

int view_open(struct view **out, HDF *cfg, char *err, size_t errlen);

/* text with {市}, {市長} and {市民} in the city's words (City.Word and
 * City.HeadTitle in cfg: 区, 区長, 区民 for a ward); malloc'd, NULL when
 * out of memory. The static pages are written with it (kaijictl pages). */
char *view_city_words(HDF *cfg, const char *text);
void view_close(struct view *v);

/* Request data for templates. Values are escaped on output. */
void view_set(struct req *req, const char *name, const char *value);
void view_setf(struct req *req, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void view_set_int(struct req *req, const char *name, long value);
/* The node NAME of the request's data, made if missing, and its child
 * number I (PREFIX.I), to set many values under one without building and
 * walking the whole name each time (a page's 20 entries, a list's
 * options). Values are escaped on output, as view_set's. */
HDF *view_node(struct req *req, const char *name);
HDF *view_node_of(HDF *parent, const char *name);
HDF *view_child(HDF *node, size_t i);
void view_node_set(HDF *node, const char *name, const char *value);
void view_node_set_int(HDF *node, const char *name, long value);
/* The data every render in the request's language reads after the
 * request's own (the language's strings, the city's profile, the site's
 * settings): a program may keep there what is the same for every request
 * of that language, and remake it when it changes (the register's filter
 * options, per version: cgi-bin/register-list.c), under names of its
 * own: never under L., City. or Site., which stay as read (view_word
 * keeps pointers to the strings, and the templates have them folded
 * into their text: lib/view-fold.h). It outlives the request: never
 * anything of one request. */
HDF *view_shared(struct req *req);
/* Remove NAME and everything below it, if there. */
void view_node_remove(HDF *node, const char *name);
/* A string of the request's language, "" if missing. */
const char *view_string(struct req *req, const char *key);
/* view_string for a key that is a string literal (the date words of
 * lib/datefmt.c, a dozen lookups a page): looked up once per process and
 * language and kept by the key's address, as db_stmt keeps a statement by
 * its SQL's. Never a formatted key: another one could take its address. */
const char *view_word(struct req *req, const char *key);

#define VIEW_DIGEST_BYTES 16
/* What decides the bytes of NAME rendered in the request's language,
 * besides the request's own data: the template and the files it
 * includes as parsed, the language's strings with the city's profile
 * and the site's settings as opened, and the program itself. The same in
 * every process of one installation; any of them changed, it changes. 0,
 * or -1 when the template does not parse. */
int view_digest(struct req *req, const char *name,
                unsigned char out[VIEW_DIGEST_BYTES]);

/* Render templates/NAME.cs into the response body. 0 or 500. */
int view_render(struct req *req, const char *name);

/* Render into a fresh buffer (used by kaijictl and tests); lang "ja"/"en". */
/* How many texts folding made in the rendered templates (each var: made
 * text, each run of text joined: view-fold.h), for the tests. */
size_t view_folded(const struct view *v);
int view_render_hdf(struct view *v, const char *name, const char *lang,
                    HDF *data, struct buf *out);

#endif

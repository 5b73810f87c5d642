#ifndef KAIJI_VIEW_FOLD_H
#define KAIJI_VIEW_FOLD_H

#include <stddef.h>

#include <ClearSilver/ClearSilver.h>

/* A parsed template's var: of a name under one of view_fold_roots (the
 * language's strings, the city, the site), which never change after
 * view_open, made into its text as ClearSilver would print it: escaped
 * once per process instead of looked up and escaped on every render.
 * What the page prints stays byte for byte the same, so long as the
 * request's own data has nothing under those roots (view.c checks). */

extern const char *const view_fold_roots[];

struct fold_texts {
	char **text; /* the folded nodes' texts, freed after cs_destroy */
	size_t n;
};

/* Folds what it safely can of parse for global's language; 0, or -1 when
 * out of memory (parse then renders correctly for that language only,
 * partly folded: each node is changed once its text exists).
 * A template that changes the escaping (escape:), sets a variable under
 * a root, or names a local like a root is left as it is. */
int view_fold(CSPARSE *parse, HDF *global, struct fold_texts *texts);

void view_fold_free(struct fold_texts *texts);

#endif

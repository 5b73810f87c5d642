/* The request's data for the templates (req->hdf in the programs) with
 * its nodes, names and values in the request's arena: ClearSilver makes
 * a node with three mallocs and frees them one by one after the page
 * (bench/RESULTS.md, tenth pass); these go with the arena's reset.
 *
 * The tree stays ClearSilver's: the same struct, read and written by
 * its functions. A node ClearSilver adds (a template's set:, a program's
 * hdf_set_value) is its own, mixed with the arena's, and view_data_close
 * frees what it made. Never hdf_remove_tree or hdf_destroy on this data:
 * view_node_remove (lib/view.h) removes, view_data_close ends it (a lint
 * checks). One request's data at a time in a process, as the programs
 * serve one request at a time. */
#ifndef KAIJI_VIEW_DATA_H
#define KAIJI_VIEW_DATA_H

#include <stdbool.h>

#include <ClearSilver/ClearSilver.h>

#include "arena.h"

/* The data's root, its nodes in a: until view_data_close. */
HDF *view_data_open(struct arena *a);
/* Frees what ClearSilver allocated in the data (its nodes, their hash
 * tables, values it copied); the arena's part goes with the arena. */
void view_data_close(HDF *root);
/* Whether node belongs to the open data. */
bool view_data_is(const HDF *node);
/* The node NAME (dotted, below node, which belongs to the open data),
 * made if missing; NULL when NAME is not one view_data makes (empty, an
 * empty part, a link on the way): the caller then asks ClearSilver. */
HDF *view_data_node(HDF *node, const char *name);
/* node's value, copied into the arena. */
void view_data_value(HDF *node, const char *value);
/* NAME and everything below it removed from node (of the open data). */
void view_data_remove(HDF *node, const char *name);

#endif

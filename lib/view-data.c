#include "view-data.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"

/* ClearSilver's (exported by libneo_utl, not declared in its headers):
 * the hash table of a node's children it makes past FORCE_HASH_AT. */
NEOERR *_hdf_hash_level(HDF *hdf);

static struct {
	HDF *root;
	struct arena *arena;
} open_data;

HDF *view_data_open(struct arena *a)
{
	HDF *root = arena_alloc(a, sizeof *root);
	root->top = root;
	open_data.root = root;
	open_data.arena = a;
	return root;
}

bool view_data_is(const HDF *node)
{
	return node != NULL && open_data.root != NULL && node->top == open_data.root;
}

static void out_of_memory(void)
{
	log_event(LOG_ERR, "out of memory in hdf: exiting");
	exit(70);
}

/* As ClearSilver's _dealloc_hdf_attr. */
static void attrs_free(HDF_ATTR *attr)
{
	while (attr != NULL) {
		HDF_ATTR *next = attr->next;
		free(attr->key);
		free(attr->value);
		free(attr);
		attr = next;
	}
}

/* What ClearSilver allocated in node and the nodes after it (siblings in
 * a loop, children by recursion: as deep as the names). */
static void nodes_free(HDF *node)
{
	while (node != NULL) {
		HDF *next = node->next;
		nodes_free(node->child);
		if (node->hash != NULL)
			ne_hash_destroy(&node->hash);
		attrs_free(node->attr);
		if (node->alloc_value)
			free(node->value);
		if (!arena_owns(open_data.arena, node)) {
			free(node->name);
			free(node);
		}
		node = next;
	}
}

void view_data_close(HDF *root)
{
	if (root == NULL || root != open_data.root)
		return;
	nodes_free(root->child);
	if (root->hash != NULL)
		ne_hash_destroy(&root->hash);
	attrs_free(root->attr);
	if (root->alloc_value)
		free(root->value);
	open_data.root = NULL;
	open_data.arena = NULL;
}

/* parent's child named seg (len bytes), made at the end of its children
 * if missing, as ClearSilver's _set_value would (the hash table past
 * FORCE_HASH_AT children, last_child kept for its appends). */
static HDF *child_get(HDF *parent, const char *seg, size_t len)
{
	HDF *last = NULL, *c;
	int count = 0;
	if (parent->hash != NULL) {
		HDF key = { .name = (char *)seg, .name_len = (int)len };
		if ((c = ne_hash_lookup(parent->hash, &key)) != NULL)
			return c;
		for (last = parent->last_child; last && last->next; last = last->next)
			;
	} else {
		for (c = parent->child; c != NULL; last = c, c = c->next, count++)
			if (c->name && (size_t)c->name_len == len &&
			    memcmp(c->name, seg, len) == 0)
				return c;
	}
	struct arena *a = open_data.arena;
	c = arena_alloc(a, sizeof *c);
	c->name = arena_strndup(a, seg, len);
	c->name_len = (int)len;
	c->top = parent->top;
	if (parent->child == NULL)
		parent->child = c;
	else if (last != NULL)
		last->next = c;
	parent->last_child = c;
	NEOERR *e = STATUS_OK;
	if (parent->hash != NULL)
		e = ne_hash_insert(parent->hash, c, c);
	else if (count > FORCE_HASH_AT)
		e = _hdf_hash_level(parent);
	if (e != STATUS_OK) {
		nerr_ignore(&e);
		out_of_memory();
	}
	return c;
}

HDF *view_data_node(HDF *node, const char *name)
{
	if (name == NULL || *name == '\0')
		return NULL;
	for (const char *seg = name;;) {
		size_t len = strcspn(seg, ".");
		if (len == 0 || node->link)
			return NULL;
		node = child_get(node, seg, len);
		if (seg[len] == '\0')
			return node;
		seg += len + 1;
	}
}

void view_data_value(HDF *node, const char *value)
{
	if (node->alloc_value)
		free(node->value);
	node->alloc_value = 0;
	node->value = value ? arena_strdup(open_data.arena, value) : NULL;
}

void view_data_remove(HDF *node, const char *name)
{
	HDF *parent = NULL, *prev = NULL, *c = node;
	for (const char *seg = name; c != NULL;) {
		size_t len = strcspn(seg, ".");
		parent = c;
		prev = NULL;
		for (c = parent->child; c != NULL; prev = c, c = c->next)
			if (c->name && (size_t)c->name_len == len &&
			    memcmp(c->name, seg, len) == 0)
				break;
		if (c == NULL || seg[len] == '\0')
			break;
		seg += len + 1;
	}
	if (c == NULL)
		return;
	if (parent->hash != NULL)
		ne_hash_remove(parent->hash, c);
	if (prev != NULL)
		prev->next = c->next;
	else
		parent->child = c->next;
	if (parent->last_child == c)
		parent->last_child = prev;
	parent->last_hp = NULL;
	parent->last_hs = NULL;
	c->next = NULL;
	nodes_free(c);
}

/* The request's data in the arena (lib/view-data.h) is the tree
 * ClearSilver would have made: the same operations on a tree of
 * ClearSilver's own (hdf_init) and on one of view_data give the same
 * HDF text, the same lookups (past the hash table's threshold too) and
 * the same page; what ClearSilver adds to the arena's tree (a template's
 * set:, hdf_set_value, hdf_copy) is freed by view_data_close (the
 * sanitizer phase runs this with LeakSanitizer). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "view-data.h"
#include "view.h"

/* The same steps on either tree, through lib/view.h's setters and
 * ClearSilver's own functions. */
static void fill(HDF *root)
{
	view_node_set(root, "Case.Ref", "2026-000001");
	view_node_set(root, "Case.State", "received");
	view_node_set(root, "Case.Open", "1");
	view_node_set(root, "Case.State", "decided"); /* a value replaced */
	view_node_set(root, "Asked.Sought", "<b>写し</b>");
	HDF *events = view_node_of(root, "Events");
	for (size_t i = 0; i < 15; i++) { /* past FORCE_HASH_AT: hashed */
		HDF *e = view_child(events, i);
		view_node_set(e, "Kind", i % 2 ? "received" : "extended");
		view_node_set_int(e, "Amount", (long)i * 100);
	}
	view_node_set(view_child(events, 3), "Kind", "decided"); /* found again */
	hdf_set_value(root, "Events.15.Kind", "closed"); /* ClearSilver's, hashed parent */
	view_node_set(root, "Events.16.Kind", "appealed"); /* ours after it */
	hdf_set_value(root, "Case.Agency", "市長"); /* ClearSilver's, our parent */
	hdf_set_value(root, "Case.Ref", "2026-000002"); /* ClearSilver's value on ours */
	view_node_set(root, "Case.Agency", "教育委員会"); /* ours on ClearSilver's */
	HDF *src = NULL;
	hdf_init(&src);
	hdf_set_value(src, "A.B", "1");
	hdf_set_value(src, "A.C", "2");
	hdf_copy(root, "Copied", src);
	hdf_destroy(&src);
	hdf_set_attr(view_node_of(root, "Case"), "Ref", "k", "v");
	view_node_set(root, "Gone.Deep.Leaf", "x");
	hdf_set_value(root, "Gone.Deep.Theirs", "y");
	view_node_set(root, "Kept.After", "z");
	view_node_remove(root, "Gone");
	view_node_remove(root, "Case.Open");
	view_node_remove(root, "Events.7");
	view_node_remove(root, "Nowhere.At.All"); /* nothing */
	view_node_set(root, "Events.17.Kind", "closed"); /* appended after a removal */
}

static char *text_of(HDF *root)
{
	char *s = NULL;
	NEOERR *e = hdf_write_string(root, &s);
	nerr_ignore(&e);
	return s;
}

static void compare_lookups(HDF *a, HDF *b)
{
	static const char *const names[] = {
		"Case.Ref", "Case.State", "Case.Open", "Case.Agency", "Asked.Sought",
		"Events.0.Kind", "Events.3.Kind", "Events.7.Kind", "Events.12.Amount",
		"Events.14.Kind", "Events.15.Kind", "Events.16.Kind", "Events.17.Kind",
		"Copied.A.C", "Gone.Deep.Leaf", "Kept.After", "Nowhere",
	};
	size_t same = 0;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *x = hdf_get_value(a, names[i], "(none)");
		const char *y = hdf_get_value(b, names[i], "(none)");
		if (strcmp(x, y) == 0)
			same++;
		else
			printf("# %s: %s / %s\n", names[i], x, y);
	}
	TAP_INTEQ(same, sizeof names / sizeof names[0], "every lookup gives ClearSilver's value");
}

static int render(struct view *v, const char *name, HDF *data, struct arena *a,
                  char **out)
{
	struct buf b;
	buf_init(&b, a);
	int rc = view_render_hdf(v, name, "ja", data, &b);
	*out = b.data;
	return rc;
}

int main(void)
{
	HDF *cfg = NULL, *theirs = NULL;
	struct view *v = NULL;
	char err[1024];
	hdf_init(&cfg);
	hdf_set_value(cfg, "Kaiji.TemplateDir", "templates");
	hdf_set_value(cfg, "Kaiji.BasePath", "/kaiji");
	if (view_open(&v, cfg, err, sizeof err) != 0) {
		printf("# %s\n", err);
		return 1;
	}
	struct arena *a = arena_new(), *pages = arena_new();
	hdf_init(&theirs);
	HDF *ours = view_data_open(a);
	TAP_OK(view_data_is(ours) && !view_data_is(theirs) && !view_data_is(NULL),
	       "the open data is told from another tree");
	fill(theirs);
	fill(ours);
	TAP_OK(view_data_is(hdf_get_obj(ours, "Events.15")) &&
	       !arena_owns(a, hdf_get_obj(ours, "Events.15")) &&
	       arena_owns(a, hdf_get_obj(ours, "Events.16")),
	       "ClearSilver's nodes and the arena's mixed in one tree");
	TAP_OK(hdf_get_obj(ours, "Events")->hash != NULL,
	       "a node of many children has ClearSilver's hash table, as its own would");
	char *x = text_of(theirs), *y = text_of(ours);
	TAP_OK(x && y && strcmp(x, y) == 0, "the same tree as ClearSilver's, as HDF text");
	if (x && y && strcmp(x, y) != 0)
		printf("# theirs:\n%s\n# ours:\n%s\n", x, y);
	free(x);
	free(y);
	compare_lookups(theirs, ours);

	/* A page with its template's set: (ClearSilver's nodes in our tree). */
	view_node_set(theirs, "Req.Page", "/kaiji/status/view");
	view_node_set(ours, "Req.Page", "/kaiji/status/view");
	view_node_set(theirs, "Csrf.Token", "abc");
	view_node_set(ours, "Csrf.Token", "abc");
	char *page_theirs, *page_ours;
	TAP_INTEQ(render(v, "status-view", theirs, pages, &page_theirs), 0, "the status page renders with ClearSilver's tree");
	TAP_INTEQ(render(v, "status-view", ours, pages, &page_ours), 0, "and with the arena's");
	TAP_STREQ(page_ours, page_theirs, "the same page");
	TAP_OK(strstr(page_ours, "&lt;b&gt;写し") != NULL && strstr(page_ours, "<b>写し") == NULL,
	       "-bad- a value of the arena's tree is escaped as any other");
	TAP_STREQ(hdf_get_value(ours, "Page.Title", ""), hdf_get_value(theirs, "Page.Title", "-"),
	          "the template's set: wrote into the arena's tree");

	view_data_close(ours);
	TAP_OK(!view_data_is(ours), "closed: the tree is no longer the request's");
	/* Closed, view.h's setters fall back to ClearSilver: a tree of its
	 * own is never taken for a request's. */
	view_node_set(theirs, "After.Close", "1");
	TAP_STREQ(hdf_get_value(theirs, "After.Close", ""), "1", "ClearSilver's tree still set by view.h");
	hdf_destroy(&theirs);

	/* A second request in the same arena, reset between: nothing of the
	 * first is seen. */
	arena_reset(a);
	HDF *next = view_data_open(a);
	TAP_OK(hdf_get_obj(next, "Case") == NULL && hdf_obj_child(next) == NULL, "the next request's data starts empty");
	view_node_set(next, "Case.Ref", "2026-000003");
	TAP_STREQ(hdf_get_value(next, "Case.Ref", ""), "2026-000003", "and holds its own");
	view_data_close(next);
	view_data_close(next); /* a second close does nothing */

	arena_free(a);
	arena_free(pages);
	view_close(v);
	hdf_destroy(&cfg);
	return TAP_DONE();
}

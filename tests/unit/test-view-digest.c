/* view_digest, what the register's ETags are made from before rendering:
 * the same for the same template, strings and city in any process, and
 * changed by a byte of the template, of a file it includes, of the
 * language's strings or of the city's profile; a template changed after
 * the view was opened but before its first use counts as parsed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "tap.h"
#include "view.h"

static char dir[] = "/tmp/kaiji-view-digest-XXXXXX";

static void put(const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
}

static void files(void)
{
	put("lang/ja.hdf", "L.Hello = こんにちは\n");
	put("lang/en.hdf", "L.Hello = Hello\n");
	put("page.cs", "<p><?cs var:L.Hello ?> <?cs var:City.Name ?></p><?cs include:\"foot.cs\" ?>\n");
	put("foot.cs", "<footer><?cs var:Who ?></footer>\n");
}

/* A view opened now on the test's templates (a new process's), with a
 * request in lang. */
static int open_view(struct app *app, struct req *req, HDF **cfg,
                     const char *lang, const char *city)
{
	char err[512];
	memset(app, 0, sizeof *app);
	memset(req, 0, sizeof *req);
	*cfg = NULL;
	hdf_init(cfg);
	hdf_set_value(*cfg, "Kaiji.TemplateDir", dir);
	hdf_set_value(*cfg, "City.Name", city);
	if (view_open(&app->view, *cfg, err, sizeof err) != 0) {
		printf("# %s\n", err);
		hdf_destroy(cfg);
		return -1;
	}
	req->app = app;
	req->lang = lang;
	return 0;
}

/* The digest of page.cs in lang with a view opened now (a new process);
 * first: the rendered page, to be sure it is the template in use. */
static int digest(const char *lang, const char *city,
                  unsigned char out[VIEW_DIGEST_BYTES], char *page, size_t len)
{
	struct app app;
	struct req req;
	HDF *cfg;
	if (open_view(&app, &req, &cfg, lang, city) != 0)
		return -1;
	int rc = view_digest(&req, "page", out);
	if (rc == 0 && page) {
		struct arena *a = arena_new();
		struct buf b;
		HDF *data = NULL;
		buf_init(&b, a);
		hdf_init(&data);
		rc = view_render_hdf(app.view, "page", lang, data, &b);
		snprintf(page, len, "%s", b.data);
		hdf_destroy(&data);
		arena_free(a);
	}
	view_close(app.view);
	hdf_destroy(&cfg);
	return rc;
}

static int same(const unsigned char *a, const unsigned char *b)
{
	return memcmp(a, b, VIEW_DIGEST_BYTES) == 0;
}

int main(void)
{
	unsigned char first[VIEW_DIGEST_BYTES], d[VIEW_DIGEST_BYTES];
	char page[256];
	char langdir[300];
	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(langdir, sizeof langdir, "%s/lang", dir);
	mkdir(langdir, 0700);
	files();

	TAP_INTEQ(digest("ja", "赤平市", first, page, sizeof page), 0, "a digest of page.cs");
	TAP_INTEQ(digest("ja", "赤平市", d, NULL, 0), 0, "and again in another view");
	TAP_OK(same(first, d), "the same template, strings and city: the same digest");

	TAP_INTEQ(digest("en", "赤平市", d, NULL, 0), 0, "in English");
	TAP_OK(!same(first, d), "-bad- another language, another digest");
	TAP_INTEQ(digest("ja", "美唄市", d, NULL, 0), 0, "another city");
	TAP_OK(!same(first, d), "-bad- another city's profile, another digest");

	put("foot.cs", "<footer><?cs var:Who ?>.</footer>\n");
	TAP_INTEQ(digest("ja", "赤平市", d, page, sizeof page), 0, "an included file changed");
	TAP_OK(strstr(page, ".</footer>") != NULL, "the new footer is the one rendered");
	TAP_OK(!same(first, d), "-bad- a byte of an included file, another digest");
	files();

	put("lang/ja.hdf", "L.Hello = こんにちは。\n");
	TAP_INTEQ(digest("ja", "赤平市", d, NULL, 0), 0, "a string changed");
	TAP_OK(!same(first, d), "-bad- a byte of the language's strings, another digest");
	files();
	TAP_INTEQ(digest("ja", "赤平市", d, NULL, 0), 0, "the files as they were");
	TAP_OK(same(first, d), "the first digest again");

	/* Opened with one template, parsed with another: the digest is of
	 * what was parsed. */
	struct app app;
	struct req req;
	HDF *cfg;
	int opened = open_view(&app, &req, &cfg, "ja", "赤平市");
	TAP_INTEQ(opened, 0, "a view opened");
	if (opened != 0)
		return TAP_DONE();
	put("page.cs", "<p><?cs var:L.Hello ?></p>\n");
	unsigned char late[VIEW_DIGEST_BYTES], fresh[VIEW_DIGEST_BYTES];
	TAP_INTEQ(view_digest(&req, "page", late), 0, "page.cs changed before its first use");
	TAP_INTEQ(digest("ja", "赤平市", fresh, NULL, 0), 0, "and in a new view");
	TAP_OK(same(late, fresh) && !same(late, first),
	       "-bad- the digest is of the template as parsed, not as it was at the start");
	TAP_OK(view_digest(&req, "missing", d) != 0, "-bad- a template that is not there: -1");
	/* What a program keeps in the shared data (the register's filters,
	 * per version) is not part of it: processes that served other pages
	 * first give the same ETags. */
	req.lang = "en";
	hdf_set_value(view_shared(&req), "Filters.Version", "12");
	unsigned char kept[VIEW_DIGEST_BYTES];
	TAP_INTEQ(view_digest(&req, "page", kept), 0, "English, with filters kept in the shared data");
	TAP_INTEQ(digest("en", "赤平市", fresh, NULL, 0), 0, "and in a new view without them");
	TAP_OK(same(kept, fresh), "the program's own shared data does not change the digest");
	view_close(app.view);
	hdf_destroy(&cfg);
	files();

	const char *made[] = { "lang/ja.hdf", "lang/en.hdf", "page.cs", "foot.cs", "lang", "" };
	for (size_t i = 0; i < sizeof made / sizeof made[0]; i++) {
		char path[300];
		snprintf(path, sizeof path, "%s/%s", dir, made[i]);
		if (remove(path) != 0)
			printf("# could not remove %s\n", path);
	}
	return TAP_DONE();
}

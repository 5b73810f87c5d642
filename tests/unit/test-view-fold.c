/* Folding the language's strings, the city and the site into the parsed
 * templates (lib/view-fold.c) changes nothing a page prints: every
 * template, in both languages, renders byte for byte as the unfolded
 * parse renders it, with values that take each branch and with hostile
 * ones; and a request's own data under those names is still printed
 * first, as ClearSilver would. */
#include <ctype.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "view.h"

#define MAX_NAMES 4096

static char *names[MAX_NAMES];
static size_t nnames;

static int under_root(const char *name)
{
	return strncmp(name, "L.", 2) == 0 || strncmp(name, "City.", 5) == 0 ||
	       strncmp(name, "Site.", 5) == 0;
}

static void name_add(const char *start, size_t len)
{
	char *name = strndup(start, len);
	for (size_t k = 0; k < nnames; k++)
		if (strcmp(names[k], name) == 0) {
			free(name);
			return;
		}
	if (nnames == MAX_NAMES || under_root(name)) {
		free(name);
		return;
	}
	names[nnames++] = name;
}

/* Every dotted name starting with a capital in a template's text: the
 * request data a page may read. */
static void names_of(const char *path)
{
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return;
	char line[4096];
	while (fgets(line, sizeof line, f)) {
		for (char *p = line; *p; p++) {
			if (!isupper((unsigned char)*p) ||
			    (p > line && (isalnum((unsigned char)p[-1]) || p[-1] == '.')))
				continue;
			char *e = p;
			int dots = 0;
			while (isalnum((unsigned char)*e) || *e == '_' || *e == '.')
				dots += *e++ == '.';
			if (dots > 0 && e[-1] != '.')
				name_add(p, (size_t)(e - p));
			p = e - 1;
		}
	}
	fclose(f);
}

static HDF *data_with(const char *value)
{
	HDF *data = NULL;
	hdf_init(&data);
	for (size_t k = 0; value && k < nnames; k++) {
		hdf_set_value(data, names[k], value);
		/* a list's first item, for each: loops */
		char child[512];
		snprintf(child, sizeof child, "%s.0.Name", names[k]);
		hdf_set_value(data, child, value);
	}
	return data;
}

struct rendering {
	int rc;
	char *text;
};

static struct rendering render(struct view *v, struct arena *a,
                               const char *name, const char *lang,
                               const char *value, int unfolded)
{
	HDF *data = data_with(value);
	/* Data under a root makes view.c render the unfolded parse. */
	if (unfolded)
		hdf_set_value(data, "Site.Unfolded", "1");
	struct buf out;
	buf_init(&out, a);
	struct rendering r = { view_render_hdf(v, name, lang, data, &out), NULL };
	r.text = strdup(out.data ? out.data : "");
	hdf_destroy(&data);
	return r;
}

static struct view *view_new(HDF *cfg)
{
	struct view *v = NULL;
	char err[1024];
	if (view_open(&v, cfg, err, sizeof err) != 0)
		printf("# %s\n", err);
	return v;
}

/* A view holds 64 templates: a new one every 30. Partials (the layout,
 * a page's pieces) do not render alone, either way. */
static size_t compare_all(HDF *cfg, struct arena *a, glob_t *gl)
{
	struct view *v = NULL;
	size_t folded = 0;
	static const char *const values[] = { NULL, "1", "<b a=\"x\">&'" };
	static const char *const langs[] = { "ja", "en" };
	size_t same = 0, pages = 0, different = 0;
	for (size_t i = 0; i < gl->gl_pathc; i++) {
		if (i % 30 == 0) {
			folded += v ? view_folded(v) : 0;
			view_close(v);
			v = view_new(cfg);
		}
		char name[128];
		const char *file = gl->gl_pathv[i] + strlen("templates/");
		snprintf(name, sizeof name, "%.*s", (int)(strlen(file) - 3), file);
		for (size_t l = 0; l < 2; l++)
			for (size_t k = 0; k < 3; k++) {
				struct rendering f = render(v, a, name, langs[l], values[k], 0);
				struct rendering u = render(v, a, name, langs[l], values[k], 1);
				pages += f.rc == 0;
				if (f.rc == u.rc && strcmp(f.text, u.text) == 0)
					same++;
				else if (different++ < 5)
					TAP_OK(0, "%s (%s, value %zu) prints the same folded", name,
					       langs[l], k);
				free(f.text);
				free(u.text);
			}
	}
	TAP_INTEQ(different, 0, "every template prints the same folded and unfolded (%zu renderings)",
	          same);
	TAP_OK(pages > 3 * 2 * 40, "and most of them render (%zu pages)", pages);
	folded += view_folded(v);
	view_close(v);
	return folded;
}


/* Conditions of the roots with && , || and !, alone and with request
 * data (lib/view-fold.c folds what the roots decide): a template of its
 * own in a directory beside the real strings, rendered folded and not
 * for each language and each value of the request's X.A and X.B. */
static const char logic_template[] =
    "<?cs if:Site.Lang == \"en\" && X.A ?>1<?cs else ?>0<?cs /if ?>"
    "<?cs if:Site.Lang == \"en\" || X.A ?>1<?cs else ?>0<?cs /if ?>"
    "<?cs if:X.A && Site.Lang == \"ja\" ?>1<?cs else ?>0<?cs /if ?>"
    "<?cs if:X.A || Site.Lang != \"en\" ?>1<?cs else ?>0<?cs /if ?>"
    "<?cs if:!(Site.Lang == \"en\" && City.Set) ?>1<?cs else ?>0<?cs /if ?>"
    "<?cs if:City.Set && City.Unset ?>1<?cs else ?>0<?cs /if ?>"
    "<?cs if:City.Set || City.Unset ?>1<?cs else ?>0<?cs /if ?>"
    "<?cs if:(X.A && City.Set) || (X.B && !City.Unset) ?>1<?cs else ?>0<?cs /if ?>"
    "<?cs if:X.A || (!X.B && City.Zero) ?>1<?cs else ?>0<?cs /if ?>"
    "<?cs if:City.Zero || X.B ?>1<?cs elif:Site.Lang == \"en\" && City.Set ?>2<?cs else ?>0<?cs /if ?>"
    "<?cs if:City.Set == \"yes\" && (X.B || Site.Lang == \"en\") ?>1<?cs else ?>0<?cs /if ?>";

static void logic(struct arena *a)
{
	char dir[] = "/tmp/kaiji-fold-XXXXXX", path[512], cwd[4096];
	if (mkdtemp(dir) == NULL || getcwd(cwd, sizeof cwd) == NULL) {
		TAP_OK(0, "a directory for the template");
		return;
	}
	snprintf(path, sizeof path, "%s/lang", dir);
	char lang[4200];
	snprintf(lang, sizeof lang, "%s/templates/lang", cwd);
	int made = symlink(lang, path);
	snprintf(path, sizeof path, "%s/fold-logic.cs", dir);
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(logic_template, f);
		fclose(f);
	}
	HDF *cfg = NULL;
	hdf_init(&cfg);
	hdf_set_value(cfg, "Kaiji.TemplateDir", dir);
	hdf_set_value(cfg, "City.Set", "yes");
	hdf_set_value(cfg, "City.Zero", "0");
	struct view *v = view_new(cfg);
	static const char *const values[] = { NULL, "1", "0", "x" };
	static const char *const langs[] = { "ja", "en" };
	size_t same = 0, different = 0;
	char *en_a1 = NULL;
	for (size_t l = 0; v && made == 0 && f && l < 2; l++)
		for (size_t i = 0; i < 4; i++)
			for (size_t j = 0; j < 4; j++) {
				char *out[2];
				for (int unfolded = 0; unfolded < 2; unfolded++) {
					HDF *data = NULL;
					struct buf b;
					hdf_init(&data);
					if (values[i])
						hdf_set_value(data, "X.A", values[i]);
					if (values[j])
						hdf_set_value(data, "X.B", values[j]);
					if (unfolded)
						hdf_set_value(data, "Site.Unfolded", "1");
					buf_init(&b, a);
					view_render_hdf(v, "fold-logic", langs[l], data, &b);
					out[unfolded] = b.data ? b.data : "";
					hdf_destroy(&data);
				}
				if (strcmp(out[0], out[1]) == 0)
					same++;
				else if (different++ < 3)
					printf("# %s X.A=%s X.B=%s: folded %s, unfolded %s\n", langs[l],
					       values[i] ? values[i] : "-", values[j] ? values[j] : "-",
					       out[0], out[1]);
				if (l == 1 && i == 1 && j == 0)
					en_a1 = out[0];
			}
	TAP_OK(same == 32 && different == 0,
	       "-bad- && , || and ! of the roots fold as ClearSilver evaluates them (%zu of 32)", same);
	TAP_STREQ(en_a1 ? en_a1 : "", "11010011121", "and the values are the conditions' (en, X.A set)");
	view_close(v);
	hdf_destroy(&cfg);
	unlink(path);
	snprintf(path, sizeof path, "%s/lang", dir);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	HDF *cfg = NULL;
	struct view *v = NULL;
	char err[1024];
	hdf_init(&cfg);
	hdf_set_value(cfg, "Kaiji.TemplateDir", "templates");
	hdf_set_value(cfg, "Kaiji.BasePath", "/kaiji&<x>");
	hdf_set_value(cfg, "City.Name", "<script>city</script>");
	hdf_set_value(cfg, "City.NameEn", "<script>city</script>");
	if (view_open(&v, cfg, err, sizeof err) != 0) {
		printf("# %s\n", err);
		return 1;
	}
	glob_t gl;
	TAP_INTEQ(glob("templates/*.cs", 0, NULL, &gl), 0, "the templates are found");
	TAP_INTEQ(glob("templates/mail/*.cs", GLOB_APPEND, NULL, &gl), 0, "and the mail's");
	for (size_t i = 0; i < gl.gl_pathc; i++)
		names_of(gl.gl_pathv[i]);
	TAP_OK(nnames > 200, "the templates read %zu names of request data", nnames);
	struct arena *a = arena_new();
	size_t folded = compare_all(cfg, a, &gl);
	logic(a);
	TAP_OK(folded > 1000, "folding made %zu texts in the rendered templates", folded);

	HDF *data = NULL;
	struct buf out;
	hdf_init(&data);
	hdf_set_value(data, "Error.Status", "404");
	hdf_set_value(data, "L.Error.Back", "<request's own>");
	buf_init(&out, a);
	TAP_INTEQ(view_render_hdf(v, "error", "en", data, &out), 0, "a page whose data shadows a string renders");
	TAP_OK(strstr(out.data, "&lt;request&#39;s own&gt;") != NULL,
	       "the request's own value is printed, escaped, as ClearSilver would");
	TAP_OK(strstr(out.data, "/kaiji&amp;&lt;x&gt;/") != NULL,
	       "a site setting is printed escaped");
	hdf_destroy(&data);
	hdf_init(&data);
	hdf_set_value(data, "Error.Status", "404");
	buf_init(&out, a);
	TAP_INTEQ(view_render_hdf(v, "error", "en", data, &out), 0, "and without it");
	TAP_OK(strstr(out.data, "request's own") == NULL, "the string again");
	TAP_OK(strstr(out.data, "&lt;script&gt;city&lt;/script&gt;") != NULL,
	       "-bad- a hostile city name is folded escaped");
	hdf_destroy(&data);

	globfree(&gl);
	for (size_t k = 0; k < nnames; k++)
		free(names[k]);
	arena_free(a);
	view_close(v);
	hdf_destroy(&cfg);
	return TAP_DONE();
}

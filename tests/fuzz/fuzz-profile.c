/* A city profile tree with marks (lib/profile.h: [law=…], [offer=…],
 * [confirm=…], [switch=…]) read by profile_marks and profile_load. The
 * tree is built from the input's lines, "KEY|VALUE|ATTR=VAL|…", with
 * hdf_set_value and hdf_set_attr (ClearSilver's own text parser leaks on
 * some malformed attributes, which is not ours to fuzz). Whatever the
 * tree, they must return a count or -1 with a message, never read out of
 * bounds or leak; a loaded profile is freed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

static void count_mark(const struct profile_mark *m, void *arg)
{
	size_t *n = arg;
	/* every mark has its key, value and reason */
	if (m->key == NULL || m->value == NULL || m->why == NULL)
		abort();
	(*n)++;
}

/* One line: KEY|VALUE|ATTR=VAL|... (an empty VALUE sets "") */
static void add_line(HDF *h, char *line)
{
	char *save = NULL;
	char *key = strtok_r(line, "|", &save);
	if (key == NULL || *key == '\0')
		return;
	char *value = strtok_r(NULL, "|", &save);
	NEOERR *e = hdf_set_value(h, key, value ? value : "");
	if (e != STATUS_OK) {
		nerr_ignore(&e);
		return;
	}
	for (char *a; (a = strtok_r(NULL, "|", &save)) != NULL;) {
		char *eq = strchr(a, '=');
		if (eq)
			*eq = '\0';
		e = hdf_set_attr(h, key, a, eq ? eq + 1 : "");
		nerr_ignore(&e);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65536)
		return 0;
	char *text = malloc(size + 1);
	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	HDF *h = NULL;
	if (hdf_init(&h) != STATUS_OK) {
		free(text);
		return 0;
	}
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save))
		add_line(h, line);
	char err[512];
	size_t n = 0;
	int marks = profile_marks(h, count_mark, &n, err, sizeof err);
	if (marks >= 0 && (size_t)marks != n)
		abort();
	struct profile p;
	if (profile_load(h, &p, err, sizeof err) == 0)
		profile_free(&p);
	hdf_destroy(&h);
	free(text);
	return 0;
}

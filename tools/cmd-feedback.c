/* kaijictl feedback: see tools/cmd-feedback.h. */
#include "cmd-feedback.h"

#include <string.h>

#include "arena.h"
#include "feedback.h"

static int cmd_fb_usage(FILE *err, const char *why)
{
	fprintf(err, "feedback: %s\n"
	             "usage: feedback export [--summary] [--from YYYY-MM-DD] "
	             "[--to YYYY-MM-DD]\n",
	        why);
	return 2;
}

static void cmd_fb_write(void *ctx, const char *s, size_t len)
{
	fwrite(s, 1, len, ctx);
}

static int cmd_fb_export(struct app *app, int argc, char **argv, FILE *out,
                         FILE *err)
{
	const char *from = NULL, *to = NULL;
	bool summary = false;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--summary") == 0)
			summary = true;
		else if (strcmp(argv[i], "--from") == 0 && i + 1 < argc)
			from = argv[++i];
		else if (strcmp(argv[i], "--to") == 0 && i + 1 < argc)
			to = argv[++i];
		else
			return cmd_fb_usage(err, "unknown argument");
	}
	struct fb_range r;
	if (fb_range_parse(&r, from, to) != 0)
		return cmd_fb_usage(err, "dates are YYYY-MM-DD, --from not after --to");
	struct arena *a = arena_new();
	int rc = summary ? fb_csv_summary(app->db, a, &r, cmd_fb_write, out)
	                 : fb_csv_answers(app->db, a, &r, cmd_fb_write, out);
	arena_free(a);
	if (rc != 0 || fflush(out) != 0) {
		fprintf(err, "feedback: export failed\n");
		return 1;
	}
	return 0;
}

int cmd_feedback(struct app *app, int argc, char **argv, FILE *out, FILE *err)
{
	if (argc >= 2 && strcmp(argv[1], "export") == 0)
		return cmd_fb_export(app, argc, argv, out, err);
	return cmd_fb_usage(err, "unknown subcommand");
}

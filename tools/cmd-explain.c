/* kaijictl check-config --explain (tools/cmd-explain.h). */
#include <string.h>

#include "cmd-explain.h"
#include "profile.h"

struct explain {
	FILE *out;
	enum profile_mark_kind want;
	int count;
};

/* A value on one line: newlines and tabs become spaces. */
static void
put_flat(FILE *out, const char *s)
{
	for (; *s != '\0'; s++)
		fputc(*s == '\n' || *s == '\t' || *s == '\r' ? ' ' : *s, out);
}

static void
explain_one(const struct profile_mark *m, void *arg)
{
	struct explain *e = arg;

	if (m->kind != e->want)
		return;
	e->count++;
	fprintf(e->out, "%s\t%s\t", profile_mark_kind_name(m->kind), m->key);
	put_flat(e->out, m->value);
	fputc('\t', e->out);
	put_flat(e->out, m->why);
	if (m->kind == MARK_OFFER && m->switch_key == NULL)
		fputs("\tswitch: remove the item", e->out);
	else if (m->kind == MARK_OFFER)
		fprintf(e->out, "\tswitch %s=%s", m->switch_key,
			m->switch_value);
	fputc('\n', e->out);
}

int
explain_profile(HDF *cfg, FILE *out, FILE *err)
{
	static const char *const heading[] = {
		"the law's default where the seed page is silent (article)",
		"not in the seed page: kaiji's offer, which the city can turn "
		"off with its switch",
		"not in the seed page: a setting the city confirms",
	};
	int counts[3];
	char msg[512];

	for (int k = MARK_LAW; k <= MARK_CONFIRM; k++) {
		struct explain e = { out, (enum profile_mark_kind)k, 0 };
		fprintf(out, "# %s\n", heading[k]);
		if (profile_marks(cfg, explain_one, &e, msg, sizeof(msg)) < 0) {
			fprintf(err, "kaijictl check-config: %s\n", msg);
			return 1;
		}
		counts[k] = e.count;
	}
	fprintf(out, "# %d law defaults, %d offers, %d to confirm\n",
		counts[MARK_LAW], counts[MARK_OFFER], counts[MARK_CONFIRM]);
	return 0;
}

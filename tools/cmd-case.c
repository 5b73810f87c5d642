/* kaijictl case new: a paper request entered by staff. The access code is
 * printed once, to be handed to the requester with the receipt; only its
 * keyed hash is stored. */
#include "cmd-case.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <utf8proc.h>

#include "agency.h"
#include "arena.h"
#include "case.h"

struct case_args {
	const char *kind, *agency, *name, *received, *channel;
};

static int case_usage(void)
{
	fputs("usage: kaijictl case new --kind KIND --agency AGENCY --name NAME\n"
	      "                         [--received YYYY-MM-DD] [--channel counter|mail]\n"
	      "       kaijictl case reissue REF\n",
	      stderr);
	return 2;
}

static int case_parse_args(int argc, char **argv, struct case_args *out)
{
	memset(out, 0, sizeof *out);
	out->channel = "counter";
	for (int i = 0; i < argc; i += 2) {
		const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		const char **slot = NULL;
		if (strcmp(opt, "--kind") == 0)
			slot = &out->kind;
		else if (strcmp(opt, "--agency") == 0)
			slot = &out->agency;
		else if (strcmp(opt, "--name") == 0)
			slot = &out->name;
		else if (strcmp(opt, "--received") == 0)
			slot = &out->received;
		else if (strcmp(opt, "--channel") == 0)
			slot = &out->channel;
		if (slot == NULL || val == NULL) {
			fprintf(stderr, "kaijictl case new: unknown option or missing value: %s\n", opt);
			return -1;
		}
		*slot = val;
	}
	if (!out->kind || !out->agency || !out->name) {
		fputs("kaijictl case new: --kind, --agency and --name are required\n", stderr);
		return -1;
	}
	return 0;
}

/* The name as staff typed it: valid UTF-8, one line, not empty, bounded. */
static bool case_name_ok(const char *s)
{
	size_t len = strlen(s);
	if (len == 0 || len > 200)
		return false;
	utf8proc_ssize_t n = utf8proc_decompose((const utf8proc_uint8_t *)s,
	                                        (utf8proc_ssize_t)len, NULL, 0, 0);
	return n >= 0 && strcspn(s, "\r\n\t") == len;
}

static int case_check(const struct app *app, const struct case_args *in,
                      struct case_new *out)
{
	const struct profile *p = &app->profile;
	const struct agency *ag = profile_agency(p, in->agency);
	memset(out, 0, sizeof *out);
	if (!profile_kind_parse(in->kind, &out->kind) || !p->kinds[out->kind].enabled) {
		fprintf(stderr, "kaijictl case new: kind %s is not enabled in this city's profile\n", in->kind);
		return -1;
	}
	if (ag == NULL) {
		fprintf(stderr, "kaijictl case new: no agency %s in this city's profile\n", in->agency);
		return -1;
	}
	if (strcmp(in->channel, "counter") != 0 && strcmp(in->channel, "mail") != 0) {
		fputs("kaijictl case new: --channel is counter or mail\n", stderr);
		return -1;
	}
	if (!case_name_ok(in->name)) {
		fputs("kaijictl case new: --name must be one line of UTF-8 text\n", stderr);
		return -1;
	}
	out->received_on = cal_today();
	if (in->received && cal_parse(in->received, &out->received_on) != 0) {
		fputs("kaijictl case new: --received is YYYY-MM-DD\n", stderr);
		return -1;
	}
	out->agency_id = ag->id;
	out->channel = in->channel;
	out->requester_name = in->name;
	out->actor = "staff"; /* keyed in from paper; no login on this command */
	return 0;
}

const char *cmd_case_data(struct arena *a, const char *agency,
                          const char *name)
{
	json_t *j = json_pack("{s:s, s:{s:s}, s:s}", "agency", agency,
	                      "requester", "name", name, "lang", "ja");
	char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
	const char *out = s ? arena_strdup(a, s) : NULL;
	free(s);
	json_decref(j);
	return out;
}
static int case_new_cmd(struct app *app, int argc, char **argv)
{
	struct case_args args;
	struct case_new in;
	struct case_created out;
	if (case_parse_args(argc, argv, &args) != 0)
		return case_usage();
	if (case_check(app, &args, &in) != 0)
		return 1;
	struct arena *a = arena_new();
	const char *data = cmd_case_data(a, in.agency_id, in.requester_name);
	in.data = data;
	int rc = data ? db_begin(app->db) : -1;
	if (rc == 0)
		rc = agency_row_ensure(app->db, profile_agency(&app->profile, in.agency_id));
	if (rc == 0)
		rc = case_create(app->db, &app->profile, a, &in, &out);
	if (rc == 0)
		rc = db_commit(app->db);
	else if (data)
		db_rollback(app->db);
	if (rc == 0)
		printf("%s %s\n", out.ref, out.code);
	else
		fputs("kaijictl case new: the request could not be stored\n", stderr);
	arena_free(a);
	return rc == 0 ? 0 : 1;
}

/* A new access code for a requester whose identity the counter checked;
 * the old code stops working at once. */
static int case_reissue_cmd(struct app *app, const char *ref)
{
	struct arena *a = arena_new();
	struct case_row row;
	char *code = NULL;
	int found = case_load_ref(app->db, a, ref, &row);
	if (found == 0 && db_begin(app->db) == 0) {
		code = case_code_reissue(app->db, a, row.id, row.ref, "staff:kaijictl");
		if (code == NULL || db_commit(app->db) != 0) {
			db_rollback(app->db);
			code = NULL;
		}
	}
	if (code)
		printf("%s %s\n", row.ref, code);
	else
		fprintf(stderr, "kaijictl case reissue: %s\n",
		        found == 1 ? "no such reference number" : "the code could not be stored");
	arena_free(a);
	return code ? 0 : 1;
}

int cmd_case(struct app *app, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "new") == 0)
		return case_new_cmd(app, argc - 2, argv + 2);
	if (argc == 3 && strcmp(argv[1], "reissue") == 0)
		return case_reissue_cmd(app, argv[2]);
	return case_usage();
}

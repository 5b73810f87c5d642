/* kaijictl case STEP ID [--KEY VALUE]...: the desk's workflow (lib/flow.c)
 * from the command line, for scripts and tests; case show ID prints a
 * request as JSON; case enter keys in a request received on paper. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd-case.h"
#include "pay.h"
#include "cmd-desk.h"
#include "flow.h"
#include "staff.h"
#include "vault.h"

#define OPTS_MAX 64
#define DOC_MAX_BYTES (16L << 20)

struct opts {
	const char *key[OPTS_MAX], *val[OPTS_MAX];
	int n;
};

static int usage(void)
{
	fputs("usage: kaijictl case STEP ID [--as LOGIN] [--KEY VALUE]...\n"
	      "  review | identity [--doc N]... [--note T] | amend --what T [--from D] --by D\n"
	      "  amended [--on D] | extend --due D --reason T | special --rest-by D --reason T\n"
	      "  consult --name N --due D [--sent D] | answer --tp N [--on D] [--objects 0|1]\n"
	      "  decide --decision full|partial|none|refuse_existence|not_exist|correct|\n"
	      "         not_correct|partly_correct|stop|not_stop|partly_stop|dismissed [--on D]\n"
	      "         [--withhold 'PART|GROUND|EXPLANATION']... [--method view|copy|mail]...\n"
	      "         [--slot YYYY-MM-DDTHH:MM]... [--place P] [--reason T]\n"
	      "  fee [--mono N] [--colour N] [--media ITEM:UNITS[:YEN]]... [--postage YEN]\n"
	      "      [--part main|rest]\n"
	      "  pay --via counter|bank_slip|registered_mail|e_application --amount YEN\n"
	      "      [--part main|rest]\n"
	      "  deliver --method counter|mail [--on D] [--part main|rest]\n"
	      "  carry-out [--on D] | close\n"
	      "  withdraw [--on D] | dismiss --reason T [--on D] | appeal [--on D]\n"
	      "  appeal-consulted|appeal-answered --appeal N [--on D]\n"
	      "  appeal-ruled --appeal N --outcome dismissed|rejected|granted|partly_granted|withdrawn [--on D]\n"
	      "  reissue | show\n"
	      "usage: kaijictl case enter --kind K --agency A --channel online|mail|counter\n"
	      "         [--as LOGIN] --name N [--received D] [--data JSON] [--doc KIND:MIME:PATH]...\n",
	      stderr);
	return 2;
}

static int opts_parse(int argc, char **argv, struct opts *o)
{
	o->n = 0;
	for (int i = 0; i < argc; i += 2) {
		if (strncmp(argv[i], "--", 2) != 0 || i + 1 >= argc || o->n == OPTS_MAX)
			return -1;
		o->key[o->n] = argv[i] + 2;
		o->val[o->n++] = argv[i + 1];
	}
	return 0;
}

static const char *opt(const struct opts *o, const char *k)
{
	for (int i = 0; i < o->n; i++)
		if (strcmp(o->key[i], k) == 0)
			return o->val[i];
	return NULL;
}

static int opt_all(const struct opts *o, const char *k, const char **out, int max)
{
	int n = 0;
	for (int i = 0; i < o->n && n < max; i++)
		if (strcmp(o->key[i], k) == 0)
			out[n++] = o->val[i];
	return n;
}

static bool opt_num(const struct opts *o, const char *k, long long lo,
                    long long hi, long long *out)
{
	const char *v = opt(o, k);
	char *end;
	if (v == NULL)
		return false;
	errno = 0;
	*out = strtoll(v, &end, 10);
	return errno == 0 && end != v && *end == '\0' && *out >= lo && *out <= hi;
}

/* A date option, or today when absent; false when malformed. */
static bool opt_day(const struct opts *o, const char *k, cal_day today, cal_day *out)
{
	const char *v = opt(o, k);
	if (v == NULL) {
		*out = today;
		return true;
	}
	return cal_parse(v, out) == 0;
}

static bool opt_day_required(const struct opts *o, const char *k, cal_day *out)
{
	const char *v = opt(o, k);
	return v && cal_parse(v, out) == 0;
}

/* A numeric id or a reference number. */
static long long case_id(struct app *app, struct arena *a, const char *s)
{
	struct case_row r;
	char *end;
	errno = 0;
	long long id = strtoll(s, &end, 10);
	if (errno == 0 && *end == '\0' && id > 0)
		return id;
	return case_load_ref(app->db, a, s, &r) == 0 ? r.id : 0;
}

static int decide(const struct flow_ctx *c, long long id, const struct opts *o)
{
	struct flow_decide d = { 0 };
	const char *withhold[16], *methods[4], *slot_text[16];
	struct flow_reason reasons[16];
	struct flow_slot slots[16];
	if (flow_decision_parse(opt(o, "decision"), &d.decision) != 0 ||
	    !opt_day(o, "on", c->today, &d.decided_on))
		return FLOW_INVALID;
	if (d.decision == DEC_DISMISSED)
		return flow_dismiss_on(c, id, opt(o, "reason"), d.decided_on);
	int n = opt_all(o, "withhold", withhold, 16);
	for (int i = 0; i < n; i++) {
		char *parts = arena_strdup(c->arena, withhold[i]), *save = NULL;
		reasons[i].part = strtok_r(parts, "|", &save);
		reasons[i].ground = strtok_r(NULL, "|", &save);
		reasons[i].explanation = strtok_r(NULL, "", &save);
	}
	d.reasons = reasons;
	d.n_reasons = (size_t)n;
	n = opt_all(o, "method", methods, 4);
	for (int i = 0; i < n; i++)
		d.methods |= strcmp(methods[i], "view") == 0 ? METHOD_VIEW
		             : strcmp(methods[i], "copy") == 0 ? METHOD_COPY
		             : strcmp(methods[i], "mail") == 0 ? METHOD_MAIL : 0x100;
	n = opt_all(o, "slot", slot_text, 16);
	for (int i = 0; i < n; i++)
		slots[i] = (struct flow_slot){ slot_text[i], opt(o, "place") };
	d.slots = slots;
	d.n_slots = (size_t)n;
	d.purpose = opt(o, "purpose"); /* 法82① 利用目的 */
	return flow_decide(c, id, &d);
}

static int fee(const struct flow_ctx *c, long long id, const struct opts *o)
{
	struct flow_fee f = { 0 };
	struct flow_media media[8];
	const char *m[8];
	long long v;
	long amount;
	f.mono_pages = opt_num(o, "mono", 0, 100000, &v) ? (int)v : 0;
	f.colour_pages = opt_num(o, "colour", 0, 100000, &v) ? (int)v : 0;
	f.postage_yen = opt_num(o, "postage", 0, 100000, &v) ? (long)v : 0;
	int n = opt_all(o, "media", m, 8);
	for (int i = 0; i < n; i++) {
		char *s = arena_strdup(c->arena, m[i]), *save = NULL;
		const char *item = strtok_r(s, ":", &save);
		const char *units = strtok_r(NULL, ":", &save);
		const char *yen = strtok_r(NULL, ":", &save);
		media[i] = (struct flow_media){ item, units ? (int)strtol(units, NULL, 10) : 1,
		                                yen ? strtol(yen, NULL, 10) : 0 };
	}
	f.media = media;
	f.n_media = (size_t)n;
	enum flow_part part;
	if (flow_part_parse(opt(o, "part"), &part) != 0)
		return FLOW_INVALID;
	int rc = flow_set_fee_part(c, id, part, &f, &amount);
	if (rc == FLOW_OK)
		printf("fee: %ld\n", amount);
	return rc;
}

static int step(const struct flow_ctx *c, const char *s, long long id,
                const struct opts *o)
{
	cal_day on, due;
	long long n, tp;
	if (strcmp(s, "review") == 0)
		return flow_review(c, id);
	if (strcmp(s, "identity") == 0) {
		const char *d[32];
		long long docs[32];
		int k = opt_all(o, "doc", d, 32);
		for (int i = 0; i < k; i++)
			docs[i] = strtoll(d[i], NULL, 10);
		return flow_identity_checked(c, id, docs, (size_t)k, opt(o, "note"));
	}
	if (strcmp(s, "amend") == 0)
		return opt_day(o, "from", c->today, &on) && opt_day_required(o, "by", &due)
		               ? flow_amend(c, id, opt(o, "what"), on, due) : FLOW_INVALID;
	if (strcmp(s, "amended") == 0)
		return opt_day(o, "on", c->today, &on) ? flow_amended(c, id, on) : FLOW_INVALID;
	if (strcmp(s, "extend") == 0)
		return opt_day_required(o, "due", &due)
		               ? flow_extend(c, id, due, opt(o, "reason")) : FLOW_INVALID;
	if (strcmp(s, "special") == 0)
		return opt_day_required(o, "rest-by", &due)
		               ? flow_special_case(c, id, due, opt(o, "reason")) : FLOW_INVALID;
	if (strcmp(s, "consult") == 0) {
		if (!opt_day(o, "sent", c->today, &on) || !opt_day_required(o, "due", &due))
			return FLOW_INVALID;
		int rc = flow_consult(c, id, opt(o, "name"), on, due, &tp);
		if (rc == FLOW_OK)
			printf("third party: %lld\n", tp);
		return rc;
	}
	if (strcmp(s, "answer") == 0) {
		long long objects = 0;
		if (!opt_num(o, "tp", 1, 1LL << 40, &tp) || !opt_day(o, "on", c->today, &on) ||
		    (opt(o, "objects") && !opt_num(o, "objects", 0, 1, &objects)))
			return FLOW_INVALID;
		return flow_consult_answer(c, id, tp, on, objects == 1);
	}
	if (strcmp(s, "decide") == 0)
		return decide(c, id, o);
	if (strcmp(s, "fee") == 0)
		return fee(c, id, o);
	/* 法84: --part rest for the rest decided later, carried out on its own */
	enum flow_part part;
	if ((strcmp(s, "pay") == 0 || strcmp(s, "deliver") == 0) &&
	    flow_part_parse(opt(o, "part"), &part) != 0)
		return FLOW_INVALID;
	if (strcmp(s, "pay") == 0)
		return opt_num(o, "amount", 0, 100000000, &n)
		               ? flow_record_payment_part(c, id, part, opt(o, "via"), (long)n)
		               : FLOW_INVALID;
	if (strcmp(s, "deliver") == 0)
		return !opt_day(o, "on", c->today, &on) ? FLOW_INVALID
		       : part == PART_REST ? flow_deliver_rest(c, id, opt(o, "method"), on)
		                           : flow_deliver(c, id, opt(o, "method"), on);
	if (strcmp(s, "carry-out") == 0)
		return opt_day(o, "on", c->today, &on) ? flow_carried_out(c, id, on) : FLOW_INVALID;
	if (strcmp(s, "close") == 0)
		return flow_close(c, id);
	if (strcmp(s, "withdraw") == 0)
		return opt_day(o, "on", c->today, &on) ? flow_withdraw(c, id, on) : FLOW_INVALID;
	if (strcmp(s, "dismiss") == 0)
		return opt_day(o, "on", c->today, &on) ? flow_dismiss_on(c, id, opt(o, "reason"), on)
		                                      : FLOW_INVALID;
	if (strcmp(s, "appeal") == 0) {
		if (!opt_day(o, "on", c->today, &on))
			return FLOW_INVALID;
		int rc = flow_appeal(c, id, on, &n);
		if (rc == FLOW_OK)
			printf("appeal: %lld\n", n);
		return rc;
	}
	if (strcmp(s, "appeal-consulted") == 0 || strcmp(s, "appeal-answered") == 0) {
		if (!opt_num(o, "appeal", 1, 1LL << 40, &n) || !opt_day(o, "on", c->today, &on))
			return FLOW_INVALID;
		return flow_appeal_step(c, id, n, s[7] == 'c' ? APPEAL_CONSULTED : APPEAL_ANSWERED, on);
	}
	if (strcmp(s, "appeal-ruled") == 0) {
		if (!opt_num(o, "appeal", 1, 1LL << 40, &n) || !opt_day(o, "on", c->today, &on))
			return FLOW_INVALID;
		return flow_appeal_ruled(c, id, n, on, opt(o, "outcome"));
	}
	if (strcmp(s, "reissue") == 0) {
		const char *code;
		int rc = flow_reissue_code(c, id, &code);
		if (rc == FLOW_OK)
			printf("code: %s\n", code);
		return rc;
	}
	return -2;
}

static const char sql_show_events[] =
    "SELECT kind, visible, data, actor FROM event WHERE request_id = ?1 ORDER BY id";
static const char sql_show_fee[] =
    "SELECT amount_yen, state, COALESCE(paid_via, ''), part FROM fee "
    "WHERE request_id = ?1 ORDER BY part";

static int show(struct app *app, struct arena *a, long long id)
{
	struct case_row r;
	if (case_load(app->db, a, id, &r) != 0)
		return 1;
	char received[11], due[11];
	cal_format(r.received_on, received);
	cal_format(r.due_on, due);
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
	                      "id", (json_int_t)r.id, "ref", r.ref, "kind",
	                      profile_kind_name(r.kind), "state", case_state_name(r.state),
	                      "agency", r.agency_id, "channel", r.channel,
	                      "received_on", received, "due_on", due,
	                      "decision", r.decision, "decided_on", r.decided_on);
	json_t *events = json_array();
	struct db_stmt *st = db_stmt(app->db, sql_show_events);
	if (j == NULL || events == NULL || st == NULL)
		return 1;
	db_bind_int(st, 1, id);
	while (db_step(st) == DB_ROW)
		json_array_append_new(events, json_pack("{s:s, s:b, s:o, s:s}",
		        "kind", db_col_text(st, 0), "visible", db_col_int(st, 1),
		        "data", json_loads(db_col_text(st, 2), 0, NULL),
		        "actor", db_col_text(st, 3)));
	db_reset(st);
	json_object_set_new(j, "events", events);
	st = db_stmt(app->db, sql_show_fee);
	db_bind_int(st, 1, id);
	/* "fee": the request's; "rest_fee": the rest's (法84) */
	while (db_step(st) == DB_ROW)
		json_object_set_new(j, strcmp(db_col_text(st, 3), "rest") == 0 ? "rest_fee" : "fee",
		        json_pack("{s:I, s:s, s:s}", "amount_yen",
		        (json_int_t)db_col_int64(st, 0), "state", db_col_text(st, 1),
		        "paid_via", db_col_text(st, 2)));
	db_reset(st);
	char *s = json_dumps(j, JSON_INDENT(2));
	puts(s ? s : "{}");
	free(s);
	json_decref(j);
	return 0;
}

static const char sql_doc_insert[] =
    "INSERT INTO document (request_id, kind, vault_name, mime, size, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

/* KIND:MIME:PATH into the vault and a document row. */
static int enter_doc(struct app *app, struct arena *a, long long id, const char *spec)
{
	char *s = arena_strdup(a, spec), *save = NULL;
	const char *kind = strtok_r(s, ":", &save), *mime = strtok_r(NULL, ":", &save);
	const char *path = strtok_r(NULL, "", &save);
	if (kind == NULL || mime == NULL || path == NULL)
		return -1;
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return -1;
	char *data = arena_alloc(a, DOC_MAX_BYTES);
	size_t len = fread(data, 1, DOC_MAX_BYTES, f);
	fclose(f);
	const char *name;
	if (vault_open(&app->vault) != 0 ||
	    vault_put(&app->vault, a, data, len, &name) != 0)
		return -1;
	struct db_stmt *st = db_stmt(app->db, sql_doc_insert);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, kind);
	db_bind_text(st, 3, name);
	db_bind_text(st, 4, mime);
	db_bind_int(st, 5, (long long)len);
	db_bind_text(st, 6, case_now(a));
	int rc = db_step_done(app->db, st, NULL);
	return rc;
}

/* The actor: --as LOGIN names a staff member, else the system. */
static int actor(struct app *app, struct arena *a, const struct opts *o,
                 const char **out, long long *staff_id)
{
	struct desk_staff s;
	const char *login = opt(o, "as");
	*out = "system";
	*staff_id = 0;
	if (login == NULL)
		return 0;
	if (staff_load_login(app->db, a, login, &s) != 0 || s.disabled) {
		fprintf(stderr, "kaijictl case: no active staff login %s\n", login);
		return -1;
	}
	*out = s.actor;
	*staff_id = s.id;
	return 0;
}

static int enter(struct app *app, struct arena *a, const struct opts *o)
{
	struct case_new in = { 0 };
	struct case_created out;
	const char *docs[16];
	long long staff_id;
	if (actor(app, a, o, &in.actor, &staff_id) != 0)
		return 1;
	if (staff_id == 0)
		in.actor = "staff"; /* keyed in from paper by someone unnamed */
	in.agency_id = opt(o, "agency");
	in.channel = opt(o, "channel");
	in.requester_name = opt(o, "name");
	in.data = opt(o, "data");
	if (!profile_kind_parse(opt(o, "kind") ? opt(o, "kind") : "", &in.kind) ||
	    in.agency_id == NULL || profile_agency(&app->profile, in.agency_id) == NULL ||
	    in.channel == NULL || in.requester_name == NULL ||
	    !opt_day(o, "received", cal_today(), &in.received_on))
		return usage();
	if (in.data == NULL)
		in.data = cmd_case_data(a, in.agency_id, in.requester_name);
	if (in.data == NULL)
		in.data = "{}";
	int n = opt_all(o, "doc", docs, 16);
	if (db_begin(app->db) != 0)
		return 1;
	int rc = case_create(app->db, &app->profile, a, &in, &out);
	for (int i = 0; i < n && rc == 0; i++)
		rc = enter_doc(app, a, out.id, docs[i]);
	if (rc == 0)
		rc = staff_audit(app->db, staff_id, "cli.case_enter", out.ref);
	if (rc == 0 && db_commit(app->db) == 0) {
		printf("%lld %s %s\n", out.id, out.ref, out.code);
		return 0;
	}
	db_rollback(app->db);
	fputs("kaijictl case enter: failed\n", stderr);
	return 1;
}

/* The same step closes online payments started for the old fee (the
 * change itself has committed; what cannot be reached now, reconcile
 * closes later). */
static int fee_changed(struct app *app, struct arena *a, long long id)
{
	struct pay *pay;
	char err[256];
	if (pay_open(app->cfg, &pay, err, sizeof err) != 0) {
		fprintf(stderr, "kaijictl: payments: %s\n", err);
		return 1;
	}
	int n = pay_close_superseded(pay, app->db, a, id, "kaijictl");
	pay_close(pay);
	if (n > 0)
		printf("online payments closed: %d\n", n);
	return n < 0;
}

static int run_step(struct app *app, struct arena *a, const char *s,
                    const char *ref, const struct opts *o)
{
	long long id = case_id(app, a, ref), staff_id;
	const char *who;
	if (id == 0) {
		fprintf(stderr, "kaijictl case: no request %s\n", ref);
		return 1;
	}
	if (strcmp(s, "show") == 0)
		return show(app, a, id);
	if (actor(app, a, o, &who, &staff_id) != 0 || db_begin(app->db) != 0)
		return 1;
	struct flow_ctx c = { app->db, &app->profile, a, who, cal_today() };
	int rc = step(&c, s, id, o);
	if (rc == -2) {
		db_rollback(app->db);
		return usage();
	}
	if (rc == FLOW_OK &&
	    staff_audit(app->db, staff_id, arena_printf(a, "case.%s", s), ref) != 0)
		rc = FLOW_ERROR;
	if (rc == FLOW_OK && db_commit(app->db) == 0)
		return strcmp(s, "fee") == 0 || strcmp(s, "pay") == 0
		               ? fee_changed(app, a, id) : 0;
	db_rollback(app->db);
	fprintf(stderr, "kaijictl case %s: refused: %s\n", s, flow_err_name(rc));
	return 1;
}

int cmd_case_flow(struct app *app, int argc, char **argv)
{
	struct opts o;
	if (argc < 2)
		return usage();
	bool is_enter = strcmp(argv[1], "enter") == 0;
	if (!is_enter && argc < 3)
		return usage();
	int first = is_enter ? 2 : 3;
	if (opts_parse(argc - first, argv + first, &o) != 0)
		return usage();
	struct arena *a = arena_new();
	int rc = is_enter ? enter(app, a, &o) : run_step(app, a, argv[1], argv[2], &o);
	arena_free(a);
	return rc;
}

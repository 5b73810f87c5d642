/* kaijictl pay: see tools/cmd-pay.h. */
#include "cmd-pay.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "config.h"
#include "pay.h"

static int cmd_pay_usage(const char *why)
{
	fprintf(stderr, "pay: %s\n"
	        "usage: kaijictl pay list [--state STATE]\n"
	        "       kaijictl pay reconcile [--older-than MINUTES]\n"
	        "       kaijictl pay refund ORDER_ID --reason TEXT [--amount YEN]\n"
	        "       kaijictl pay settlement --from YYYY-MM-DD --to YYYY-MM-DD "
	        "[--provider NAME]\n",
	        why);
	return 2;
}

static int cmd_pay_long(const char *s, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static const char sql_list[] =
    "SELECT p.order_id, p.provider, p.state, p.amount_yen, p.refunded_yen, "
    "r.ref, p.created_at, p.updated_at FROM payment p "
    "JOIN fee f ON f.id = p.fee_id JOIN request r ON r.id = f.request_id "
    "WHERE ?1 = '' OR p.state = ?1 ORDER BY p.id";

static int cmd_pay_list(struct app *app, int argc, char **argv)
{
	const char *state = "";
	enum pay_state s;
	if (argc == 4 && strcmp(argv[2], "--state") == 0 &&
	    pay_state_parse(argv[3], &s) == 0)
		state = argv[3];
	else if (argc != 2)
		return cmd_pay_usage("list takes --state STATE at most");
	struct db_stmt *st = db_stmt(app->db, sql_list);
	if (st == NULL)
		return 1;
	db_bind_text(st, 1, state);
	printf("order_id\tprovider\tstate\tamount_yen\trefunded_yen\tref\t"
	       "created_at\tupdated_at\n");
	while (db_step(st) == DB_ROW)
		printf("%s\t%s\t%s\t%lld\t%lld\t%s\t%s\t%s\n", db_col_text(st, 0),
		       db_col_text(st, 1), db_col_text(st, 2),
		       (long long)db_col_int64(st, 3),
		       (long long)db_col_int64(st, 4), db_col_text(st, 5),
		       db_col_text(st, 6), db_col_text(st, 7));
	db_reset(st);
	return 0;
}

static int cmd_pay_reconcile(struct app *app, struct pay *pay, int argc,
                             char **argv)
{
	long minutes = hdf_get_int_value(app->cfg, "Kaiji.Pay.ReconcileAfterMinutes", 5);
	if (argc == 4 && strcmp(argv[2], "--older-than") == 0) {
		if (cmd_pay_long(argv[3], 0, 100000, &minutes) != 0)
			return cmd_pay_usage("--older-than takes minutes");
	} else if (argc != 2) {
		return cmd_pay_usage("reconcile takes --older-than MINUTES at most");
	}
	struct arena *a = arena_new();
	int failed = pay_reconcile(pay, app->db, a, minutes * 60, stdout);
	arena_free(a);
	if (failed)
		fprintf(stderr, "pay reconcile: %d payment(s) could not be settled\n",
		        failed);
	return failed ? 1 : 0;
}

static int cmd_pay_refund(struct app *app, struct pay *pay, int argc, char **argv)
{
	const char *reason = NULL;
	long amount = 0;
	if (argc < 5)
		return cmd_pay_usage("refund needs ORDER_ID and --reason TEXT");
	for (int i = 3; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--reason") == 0)
			reason = argv[i + 1];
		else if (strcmp(argv[i], "--amount") == 0 &&
		         cmd_pay_long(argv[i + 1], 1, 100000000, &amount) == 0)
			continue;
		else
			return cmd_pay_usage("refund: unknown or bad option");
	}
	if ((argc - 3) % 2 != 0 || reason == NULL || *reason == '\0')
		return cmd_pay_usage("refund needs --reason TEXT");
	char err[512];
	struct arena *a = arena_new();
	bool pending;
	int rc = pay_refund(pay, app->db, a, argv[2], amount, reason, "kaijictl",
	                    &pending, err, sizeof err);
	arena_free(a);
	if (rc != 0) {
		fprintf(stderr, "pay refund: %s\n", err);
		return 1;
	}
	/* PayPay confirms later: kaijictl pay reconcile settles it. */
	printf(pending ? "refund pending %s\n" : "refunded %s\n", argv[2]);
	return 0;
}

/* For the 会計管理者: the money that moved, day by day in Japan time,
 * against the provider's settlement report. A payment counts on the day
 * it was confirmed paid (or held for review: the provider took the money
 * all the same), a refund on the day it was confirmed. */
static const char sql_settlement[] =
    "SELECT * FROM ("
    " SELECT date(e.at, '+9 hours') AS d, 'payment' AS t, p.provider AS prov,"
    "  p.provider_ref AS pid, p.order_id AS oid, r.ref AS cref, f.breakdown AS b,"
    "  p.amount_yen AS amount, 0 AS refund"
    " FROM payment p JOIN fee f ON f.id = p.fee_id"
    " JOIN request r ON r.id = f.request_id"
    " JOIN payment_event e ON e.id = (SELECT MIN(x.id) FROM payment_event x"
    "  WHERE x.payment_id = p.id AND json_valid(x.data)"
    "  AND json_extract(x.data, '$.to') IN ('paid', 'review')"
    "  AND json_extract(x.data, '$.from') NOT IN ('paid', 'review'))"
    " UNION ALL"
    " SELECT date(rf.updated_at, '+9 hours'), 'refund', p.provider,"
    "  rf.provider_ref, p.order_id, r.ref, f.breakdown, 0, rf.amount_yen"
    " FROM payment_refund rf JOIN payment p ON p.id = rf.payment_id"
    " JOIN fee f ON f.id = p.fee_id JOIN request r ON r.id = f.request_id"
    " WHERE rf.state = 'succeeded'"
    ") AS m WHERE d BETWEEN ?1 AND ?2 AND (?3 = '' OR prov = ?3)"
    " ORDER BY d, prov, t, oid, pid";

/* What the fee was for, from its breakdown (docs/data.md). */
static const char *fee_kind(const char *breakdown)
{
	json_t *b = json_loads(breakdown, 0, NULL);
	bool copies = json_integer_value(json_object_get(b, "mono_pages")) > 0 ||
	              json_integer_value(json_object_get(b, "colour_pages")) > 0 ||
	              json_array_size(json_object_get(b, "media")) > 0;
	bool postage = json_integer_value(json_object_get(b, "postage_yen")) > 0;
	json_decref(b);
	return copies && postage ? "copies+postage" : postage ? "postage" : "copies";
}

static bool day_arg(const char *s)
{
	return strlen(s) == 10 && s[4] == '-' && s[7] == '-' &&
	       strspn(s, "0123456789-") == 10;
}

static int cmd_pay_settlement(struct app *app, int argc, char **argv)
{
	const char *from = NULL, *to = NULL, *provider = "";
	for (int i = 2; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--from") == 0 && day_arg(argv[i + 1]))
			from = argv[i + 1];
		else if (strcmp(argv[i], "--to") == 0 && day_arg(argv[i + 1]))
			to = argv[i + 1];
		else if (strcmp(argv[i], "--provider") == 0 &&
		         strspn(argv[i + 1], "abcdefghijklmnopqrstuvwxyz") == strlen(argv[i + 1]))
			provider = argv[i + 1];
		else
			return cmd_pay_usage("settlement: unknown or bad option");
	}
	if (argc % 2 != 0 || from == NULL || to == NULL || strcmp(from, to) > 0)
		return cmd_pay_usage("settlement needs --from DAY --to DAY (YYYY-MM-DD)");
	struct db_stmt *st = db_stmt(app->db, sql_settlement);
	if (st == NULL)
		return 1;
	db_bind_text(st, 1, from);
	db_bind_text(st, 2, to);
	db_bind_text(st, 3, provider);
	/* Every value is a day, a word, an id of [A-Za-z0-9_-] or a number:
	 * nothing to quote. */
	puts("type,date,provider,provider_id,order_id,case_ref,fee_kind,amount_yen,refund_yen");
	struct { char day[11], prov[16]; long long amount, refund; } tot[4096] = {
		{ "", "", 0, 0 },
	};
	size_t nt = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *day = db_col_text(st, 0), *prov = db_col_text(st, 2);
		long long amount = db_col_int64(st, 7);
		long long refund = db_col_int64(st, 8);
		printf("%s,%s,%s,%s,%s,%s,%s,%lld,%lld\n", db_col_text(st, 1), day,
		       prov, db_col_text(st, 3), db_col_text(st, 4), db_col_text(st, 5),
		       fee_kind(db_col_text(st, 6)), amount, refund);
		size_t k = 0;
		while (k < nt && (strcmp(tot[k].day, day) != 0 || strcmp(tot[k].prov, prov) != 0))
			k++;
		if (k == nt) {
			if (nt == sizeof tot / sizeof tot[0])
				break;
			snprintf(tot[k].day, sizeof tot[k].day, "%s", day);
			snprintf(tot[k].prov, sizeof tot[k].prov, "%s", prov);
			tot[k].amount = tot[k].refund = 0;
			nt++;
		}
		tot[k].amount += amount;
		tot[k].refund += refund;
	}
	db_reset(st);
	/* Totals per day and provider; rows came ordered by day, provider. */
	for (size_t k = 0; k < nt; k++)
		printf("total,%s,%s,,,,,%lld,%lld\n", tot[k].day, tot[k].prov,
		       tot[k].amount, tot[k].refund);
	return rc == DB_DONE ? 0 : 1;
}

int cmd_pay(struct app *app, int argc, char **argv)
{
	if (argc < 2)
		return cmd_pay_usage("which subcommand?");
	if (strcmp(argv[1], "list") == 0)
		return cmd_pay_list(app, argc, argv);
	if (strcmp(argv[1], "settlement") == 0)
		return cmd_pay_settlement(app, argc, argv);
	struct pay *pay;
	char err[1024];
	if (pay_open(app->cfg, &pay, err, sizeof err) != 0) {
		fprintf(stderr, "pay: %s\n", err);
		return 1;
	}
	int rc;
	if (strcmp(argv[1], "reconcile") == 0)
		rc = cmd_pay_reconcile(app, pay, argc, argv);
	else if (strcmp(argv[1], "refund") == 0)
		rc = cmd_pay_refund(app, pay, argc, argv);
	else
		rc = cmd_pay_usage("unknown subcommand");
	pay_close(pay);
	return rc;
}

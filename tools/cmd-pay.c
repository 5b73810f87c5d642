/* kaijictl pay: see tools/cmd-pay.h. */
#include "cmd-pay.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "pay.h"

static int cmd_pay_usage(const char *why)
{
	fprintf(stderr, "pay: %s\n"
	        "usage: kaijictl pay list [--state STATE]\n"
	        "       kaijictl pay reconcile [--older-than MINUTES]\n"
	        "       kaijictl pay refund ORDER_ID --reason TEXT [--amount YEN]\n",
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
	sqlite3_stmt *st = db_stmt(app->db, sql_list);
	if (st == NULL)
		return 1;
	db_bind_text(st, 1, state);
	printf("order_id\tprovider\tstate\tamount_yen\trefunded_yen\tref\t"
	       "created_at\tupdated_at\n");
	while (sqlite3_step(st) == SQLITE_ROW)
		printf("%s\t%s\t%s\t%lld\t%lld\t%s\t%s\t%s\n", db_col_text(st, 0),
		       db_col_text(st, 1), db_col_text(st, 2),
		       (long long)sqlite3_column_int64(st, 3),
		       (long long)sqlite3_column_int64(st, 4), db_col_text(st, 5),
		       db_col_text(st, 6), db_col_text(st, 7));
	sqlite3_reset(st);
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

int cmd_pay(struct app *app, int argc, char **argv)
{
	if (argc < 2)
		return cmd_pay_usage("which subcommand?");
	if (strcmp(argv[1], "list") == 0)
		return cmd_pay_list(app, argc, argv);
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

/* kaijictl purge: identity documents of finished requests past the
 * profile's City.Retention.DocumentDays are deleted from the vault. */
#include <stdio.h>

#include "cmd-desk.h"
#include "flow.h"
#include "staff.h"

int cmd_purge_documents(struct app *app, int argc, char **argv)
{
	(void)argv;
	if (argc != 1) {
		fputs("usage: kaijictl purge\n", stderr);
		return 2;
	}
	struct arena *a = arena_new();
	const char *dir = arena_printf(a, "%s/vault", app->data_dir);
	int n = flow_purge_documents(app->db, &app->profile, dir, a);
	if (n >= 0) {
		staff_audit(app->db, 0, "cli.purge", arena_printf(a, "%d", n));
		printf("purged %d documents\n", n);
	} else {
		fputs("kaijictl purge: failed (see the log)\n", stderr);
	}
	arena_free(a);
	return n >= 0 ? 0 : 1;
}

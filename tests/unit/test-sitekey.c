/* The secrets fingerprint (lib/sitekey.h) on SQLite, in a fresh database
 * file; test-sitekey-pg runs the same cases on PostgreSQL. */
#include "sitekey-cases.h"

int main(void)
{
	char path[96], where[128], side[128];
	snprintf(path, sizeof path, "/tmp/kaiji-test-sitekey-%d.db", (int)getpid());
	snprintf(where, sizeof where, "sqlite:%s", path);
	sitekey_cases(where);
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
	return TAP_DONE();
}

/* The register's version over bulk writes on SQLite, in a fresh database
 * file; test-register-version-pg runs the same cases on PostgreSQL
 * (register-version-cases.h). */
#include <unistd.h>

#include "register-version-cases.h"

int main(void)
{
	char path[96], where[128], side[128];
	snprintf(path, sizeof path, "/tmp/kaiji-test-register-version-%d.db", (int)getpid());
	snprintf(where, sizeof where, "sqlite:%s", path);
	register_version_cases(where);
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
	return TAP_DONE();
}

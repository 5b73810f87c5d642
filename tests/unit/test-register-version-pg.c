/* The register's version over bulk writes on PostgreSQL
 * (register-version-cases.h): KAIJI_TEST_PG, a scratch database this test
 * empties (tests/run sets it); without it the test fails, as test-db-pg
 * does. */
#include "register-version-cases.h"

int main(void)
{
	const char *uri = getenv("KAIJI_TEST_PG");
	if (uri == NULL || *uri == '\0') {
		printf("not ok - KAIJI_TEST_PG is not set\n1..1\n");
		return 1;
	}
	char err[512];
	struct db *db = NULL;
	if (db_open(uri, &db, err, sizeof err) != 0) {
		printf("not ok - open: %s\n1..1\n", err);
		return 1;
	}
	TAP_INTEQ(db_step_done(db, db_stmt(db, "DROP SCHEMA IF EXISTS public CASCADE"), NULL), 0,
	          "the scratch database emptied");
	TAP_INTEQ(db_step_done(db, db_stmt(db, "CREATE SCHEMA public"), NULL), 0,
	          "its schema made again");
	db_close(db);
	register_version_cases(uri);
	return TAP_DONE();
}

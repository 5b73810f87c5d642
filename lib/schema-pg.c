/* PostgreSQL's schema (lib/db.h): a placeholder until the pgsql branch's
 * schema lands — one table, so that lib/db-pg.c's migrations can be
 * tested. */
#include "db.h"

const int db_pg_baseline_version = 17;

const char db_pg_baseline[] =
"CREATE TABLE throttle ("
" bucket text NOT NULL,"
" key_hash text NOT NULL,"
" at bigint NOT NULL);"
"CREATE INDEX throttle_key ON throttle (bucket, key_hash, at);";

const char *const db_pg_steps[] = { NULL };

#include "agency.h"

static const char sql_agency[] =
    "INSERT INTO agency (id, name, name_en, head) "
    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING";

int agency_row_ensure(struct db *db, const struct agency *ag)
{
	struct db_stmt *st = db_stmt(db, sql_agency);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, ag->id);
	db_bind_text(st, 2, ag->name);
	db_bind_text(st, 3, ag->name_en ? ag->name_en : "");
	db_bind_text(st, 4, ag->head ? ag->head : "");
	return db_step_done(db, st, NULL);
}

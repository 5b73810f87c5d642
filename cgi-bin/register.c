/* /kaiji/register: the register of personal-information files. */
#include "db.h"
#include "fcgi.h"
#include "resp.h"
#include "view.h"

static const struct field fields[1] = { { NULL, FIELD_LINE, 0, 0, 0, NULL } };

static const char sql_list[] =
    "SELECT e.id, e.name, a.name, e.department FROM register_entry e "
    "JOIN agency a ON a.id = e.agency_id WHERE e.abolished_on IS NULL "
    "ORDER BY e.name LIMIT 50";

static int page_list(struct req *req)
{
	sqlite3_stmt *st = db_stmt(req->app->db, sql_list);
	if (st == NULL)
		return 500;
	int i = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		view_setf(req, arena_printf(req->arena, "Entries.%d.Id", i), "%lld",
		          (long long)sqlite3_column_int64(st, 0));
		view_set(req, arena_printf(req->arena, "Entries.%d.Name", i),
		         db_col_text(st, 1));
		view_set(req, arena_printf(req->arena, "Entries.%d.Agency", i),
		         db_col_text(st, 2));
		view_set(req, arena_printf(req->arena, "Entries.%d.Department", i),
		         db_col_text(st, 3));
		i++;
	}
	if (rc != SQLITE_DONE)
		return 500;
	int r = view_render(req, "register-list");
	if (r == 0)
		resp_cache_public(req, 60);
	return r;
}

static const struct route routes[] = {
	{ "GET", "/register", page_list, ROUTE_PUBLIC },
	{ NULL, NULL, NULL, 0 },
};

static const struct program program = { "register", routes, fields, 0, NULL };

int main(int argc, char **argv)
{
	return fcgi_main(argc, argv, &program);
}

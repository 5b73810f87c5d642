/* /kaiji/status: a request's status by reference number and access code. */
#include "fcgi.h"
#include "resp.h"
#include "view.h"

enum field_id { F_REF, F_CODE, F__MAX };

static const struct field fields[F__MAX] = {
	[F_REF] = { "ref", FIELD_LINE, 32, 0, 0, NULL },
	[F_CODE] = { "code", FIELD_LINE, 32, 0, 0, NULL },
};

static int page_lookup(struct req *req)
{
	return view_render(req, "status-lookup");
}

static const struct route routes[] = {
	{ "GET", "/status", page_lookup, 0 },
	{ NULL, NULL, NULL, 0 },
};

static const struct program program = { "status", routes, fields, F__MAX, NULL };

int main(int argc, char **argv)
{
	return fcgi_main(argc, argv, &program);
}

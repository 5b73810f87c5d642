/* /kaiji/request: the citizen's request form. */
#include "fcgi.h"
#include "resp.h"
#include "view.h"

enum field_id { F_KIND, F__MAX };

static const struct field fields[F__MAX] = {
	[F_KIND] = { "kind", FIELD_LINE, 16, 0, 0, NULL },
};

static int page_start(struct req *req)
{
	return view_render(req, "request-start");
}

static const struct route routes[] = {
	{ "GET", "/request", page_start, 0 },
	{ "POST", "/request", page_start, ROUTE_UPLOAD },
	{ NULL, NULL, NULL, 0 },
};

static const struct program program = { "request", routes, fields, F__MAX, NULL };

int main(int argc, char **argv)
{
	return fcgi_main(argc, argv, &program);
}

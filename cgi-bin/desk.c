/* /kaiji/desk/: the staff back office. */
#include "fcgi.h"
#include "resp.h"
#include "view.h"

static const struct field fields[1] = { { NULL, FIELD_LINE, 0, 0, 0, NULL } };

static int page_login(struct req *req)
{
	return view_render(req, "desk-login");
}

static const struct route routes[] = {
	{ "GET", "/desk/", page_login, 0 },
	{ NULL, NULL, NULL, 0 },
};

static const struct program program = { "desk", routes, fields, 0, NULL };

int main(int argc, char **argv)
{
	return fcgi_main(argc, argv, &program);
}

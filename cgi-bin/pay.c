/* /kaiji/pay/: fee payment. */
#include "fcgi.h"
#include "resp.h"
#include "view.h"

static const struct field fields[1] = { { NULL, FIELD_LINE, 0, 0, 0, NULL } };

static int page_methods(struct req *req)
{
	return view_render(req, "pay-methods");
}

static const struct route routes[] = {
	{ "GET", "/pay/", page_methods, 0 },
	{ NULL, NULL, NULL, 0 },
};

static const struct program program = { "pay", routes, fields, 0, NULL };

int main(int argc, char **argv)
{
	return fcgi_main(argc, argv, &program);
}

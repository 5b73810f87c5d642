/* /kaiji/feedback: the page questionnaire. */
#include "fcgi.h"
#include "resp.h"
#include "view.h"

static const struct field fields[1] = { { NULL, FIELD_LINE, 0, 0, 0, NULL } };

static int page_about(struct req *req)
{
	return view_render(req, "feedback-about");
}

static const struct route routes[] = {
	{ "GET", "/feedback", page_about, 0 },
	{ NULL, NULL, NULL, 0 },
};

static const struct program program = { "feedback", routes, fields, 0, NULL };

int main(int argc, char **argv)
{
	return fcgi_main(argc, argv, &program);
}

/* GET /request: the kinds of request the city takes, one line each. */
#include <string.h>

#include "request.h"
#include "view.h"

static bool file_id_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	return n > 0 && n <= 10 && strspn(s, "0123456789") == n;
}

int request_start(struct req *req)
{
	const char *file = req_param_raw(req, "file");
	if (file_id_ok(file))
		view_set(req, "Form.File", file);
	view_set(req, "Form.Online", req->app->profile.channel.online ? "1" : "0");
	view_set_int(req, "Form.Step", 1);
	return view_render(req, "request-start");
}

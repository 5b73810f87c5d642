/* /kaiji/request: the citizen's request form. Kind → input → confirm →
 * receipt (online), or kind → input → confirm → a printed 請求書 for the
 * counter when the city takes no requests online. Works without
 * JavaScript; the draft between steps is lib/draft.h. */
#include <stdio.h>

#include "fcgi.h"
#include "request.h"
#include "vault.h"

static int request_init(struct app *app, char *err, size_t errlen)
{
	if (vault_open(&app->vault) != 0) {
		snprintf(err, errlen, "%s: cannot create the vault", app->vault.dir);
		return -1;
	}
	return 0;
}

static const struct route routes[] = {
	{ "GET", "/request", request_start, 0 },
	{ "GET", "/request/form", request_input, 0 },
	{ "POST", "/request/form", request_input_post, ROUTE_UPLOAD },
	{ "GET", "/request/confirm", request_confirm, 0 },
	{ "POST", "/request/print", request_print, 0 },
	{ "POST", "/request/submit", request_submit, 0 },
	{ "GET", "/request/receipt", request_receipt, 0 },
	{ NULL, NULL, NULL, 0 },
};

static const struct program program = { "request", routes, rform_fields,
	                                RF__MAX, request_init, 0 };

int main(int argc, char **argv)
{
	return fcgi_main(argc, argv, &program);
}

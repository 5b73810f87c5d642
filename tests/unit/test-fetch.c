/* lib/fetch: https only, allowed hosts only, refused before any byte is
 * sent (nothing listens on these ports; a refusal names the reason). */
#include <string.h>

#include "fetch.h"
#include "tap.h"

static int try(struct fetch *f, struct arena *a, const char *url,
               const struct fetch_hosts *h, char *err, size_t errlen)
{
	struct fetch_req rq = { .method = "GET", .url = url, .hosts = h, .timeout_s = 2 };
	struct fetch_resp resp;
	return fetch_do(f, a, &rq, &resp, err, errlen);
}

int main(void)
{
	struct fetch *f;
	char err[256];
	struct arena *a = arena_new();
	struct fetch_hosts h = { .n = 0 };
	TAP_INTEQ(fetch_open(&f, err, sizeof err), 0, "fetch: open");
	TAP_INTEQ(fetch_hosts_add(&h, "api.stripe.com 127.0.0.1:9"), 0, "fetch: hosts list");
	TAP_STREQ(h.host[0], "api.stripe.com:443", "fetch: default port 443");
	TAP_OK(fetch_url_allowed("https://api.stripe.com/v1/checkout/sessions", &h),
	       "fetch: https on an allowed host");
	TAP_OK(fetch_url_allowed("https://API.Stripe.com/v1", &h), "fetch: host case folded");
	TAP_OK(!fetch_url_allowed("http://api.stripe.com/v1", &h), "fetch-bad: http refused");
	TAP_OK(!fetch_url_allowed("file:///etc/passwd", &h), "fetch-bad: file refused");
	TAP_OK(!fetch_url_allowed("https://evil.example/v1", &h), "fetch-bad: other host refused");
	TAP_OK(!fetch_url_allowed("https://api.stripe.com:8443/v1", &h), "fetch-bad: other port refused");
	TAP_OK(!fetch_url_allowed("https://api.stripe.com@evil.example/", &h),
	       "fetch-bad: user info trick refused");
	TAP_OK(!fetch_url_allowed("https://evil.example/https://api.stripe.com/", &h),
	       "fetch-bad: host in the path refused");
	TAP_OK(!fetch_url_allowed("api.stripe.com/v1", &h), "fetch-bad: no scheme refused");
	TAP_OK(!fetch_url_allowed("gopher://api.stripe.com/", &h), "fetch-bad: gopher refused");
	TAP_OK(!fetch_url_allowed(NULL, &h), "fetch-bad: NULL refused");
	err[0] = '\0';
	TAP_INTEQ(try(f, a, "file:///etc/passwd", &h, err, sizeof err), -1,
	          "fetch-bad: fetch_do refuses file://");
	TAP_OK(strstr(err, "refused") != NULL, "fetch: ... before sending (%s)", err);
	TAP_INTEQ(try(f, a, "http://127.0.0.1:9/", &h, err, sizeof err), -1,
	          "fetch-bad: fetch_do refuses http://");
	TAP_OK(strstr(err, "refused") != NULL, "fetch: ... before sending (%s)", err);
	TAP_INTEQ(try(f, a, "https://127.0.0.2:9/", &h, err, sizeof err), -1,
	          "fetch-bad: fetch_do refuses another host");
	TAP_OK(strstr(err, "refused") != NULL, "fetch: ... before sending (%s)", err);
	TAP_INTEQ(try(f, a, "https://127.0.0.1:9/", &h, err, sizeof err), -1,
	          "fetch: an allowed host is tried (nothing listens)");
	TAP_OK(strstr(err, "refused:") == NULL, "fetch: ... and fails in transport (%s)", err);
	struct fetch_hosts full = { .n = 0 };
	int rc = 0;
	for (int i = 0; i < FETCH_MAX_HOSTS + 1; i++)
		rc |= fetch_hosts_add(&full, "h.example");
	TAP_INTEQ(rc, -1, "fetch-bad: more hosts than fit refused");
	fetch_close(f);
	arena_free(a);
	return TAP_DONE();
}

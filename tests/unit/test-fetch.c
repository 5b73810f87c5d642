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

/* fetch_base_host reads a configured base URL without libcurl: each form
 * it takes gets the host libcurl reads (and connects to); it refuses
 * any other. */
static void base_hosts(void)
{
	static const char *const taken[] = {
		"https://api.stripe.com", "https://api.stripe.com/",
		"https://API.Stripe.COM/v1", "HTTPS://p01.mul-pay.jp/payment/",
		"https://127.0.0.1:8443", "https://127.0.0.1:8443/v2/x",
		"https://localhost:65535/", "https://a-b.example.:1/",
	};
	static const char *const refused[] = {
		"http://api.stripe.com", "https://", "https:///v1",
		"https://user@api.stripe.com", "https://api.stripe.com@evil.example",
		"https://api.stripe.com:", "https://api.stripe.com:0",
		"https://api.stripe.com:080", "https://api.stripe.com:65536",
		"https://api.stripe.com:99999999999999999999",
		"https://api.stripe.com?x", "https://api.stripe.com#x",
		"https://api.stripe.com\\@evil.example", "https://[::1]:8443/",
		"https://api%2estripe.com", "https://.example", "https://-x.example",
		"https://api.stripe.com /v1", "https://ａｐｉ.example", "ftp://a.example",
		"api.stripe.com",
	};
	char got[300], want[300];
	for (size_t i = 0; i < sizeof taken / sizeof taken[0]; i++) {
		int rc = fetch_base_host(taken[i], got, sizeof got);
		TAP_INTEQ(rc, 0, "fetch: base host of %s", taken[i]);
		TAP_INTEQ(fetch_url_host(taken[i], want, sizeof want), 0,
		          "fetch: libcurl reads %s", taken[i]);
		TAP_STREQ(rc == 0 ? got : "", want, "fetch: ... the same host");
	}
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
		TAP_INTEQ(fetch_base_host(refused[i], got, sizeof got), -1,
		          "fetch-bad: base URL %s refused", refused[i]);
	TAP_INTEQ(fetch_base_host("https://api.stripe.com:443", got, 10), -1,
	          "fetch-bad: base host longer than its buffer refused");
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
	base_hosts();
	fetch_close(f);
	arena_free(a);
	return TAP_DONE();
}

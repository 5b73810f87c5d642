/* lib/libcurl: a program that cannot load libcurl says why and fails the
 * call, never crashes; what reads the configuration needs no libcurl;
 * the library found later is loaded then. */
#include <string.h>

#include "fetch.h"
#include "libcurl.h"
#include "tap.h"

int main(void)
{
	char err[256] = "";
	struct arena *a = arena_new();
	struct fetch *f;
	struct fetch_hosts h = { .n = 0 };
	libcurl_soname = "libcurl-kaiji-missing.so.4";
	TAP_INTEQ(fetch_open(&f, err, sizeof err), 0, "libcurl: fetch_open loads nothing");
	TAP_INTEQ(libcurl_load(err, sizeof err), -1, "libcurl-bad: a missing library fails");
	TAP_OK(strstr(err, "libcurl-kaiji-missing.so.4") != NULL &&
	       strstr(err, "libcurl4") != NULL,
	       "libcurl: ... naming the file and the package (%s)", err);
	err[0] = '\0';
	TAP_INTEQ(fetch_ready(f, err, sizeof err), -1, "libcurl-bad: fetch_ready fails");
	TAP_OK(strstr(err, "cannot load") != NULL, "libcurl: ... and says why (%s)", err);
	fetch_hosts_add(&h, "127.0.0.1:9");
	struct fetch_req rq = { .method = "GET", .url = "https://127.0.0.1:9/",
	                        .hosts = &h, .timeout_s = 2 };
	struct fetch_resp resp;
	err[0] = '\0';
	TAP_INTEQ(fetch_do(f, a, &rq, &resp, err, sizeof err), -1,
	          "libcurl-bad: fetch_do fails without libcurl");
	TAP_OK(strstr(err, "cannot load") != NULL, "libcurl: ... and says why (%s)", err);
	TAP_OK(!fetch_url_allowed("https://127.0.0.1:9/", &h),
	       "libcurl-bad: no URL allowed without libcurl to read it");
	char host[300];
	TAP_INTEQ(fetch_base_host("https://api.stripe.com/v1", host, sizeof host), 0,
	          "libcurl: a base URL is read without libcurl");
	TAP_STREQ(host, "api.stripe.com:443", "libcurl: ... its host");
	libcurl_soname = LIBCURL_SONAME;
	TAP_INTEQ(fetch_ready(f, err, sizeof err), 0, "libcurl: found later, it loads");
	TAP_OK(fetch_url_allowed("https://127.0.0.1:9/", &h), "libcurl: ... and reads URLs");
	fetch_close(f);
	arena_free(a);
	return TAP_DONE();
}

/* libcurl, loaded with dlopen the first time a program makes an outbound
 * call (lib/fetch.c for the payment providers, kaijictl mail's SMTP), not
 * linked: libcurl and the libraries it needs (OpenSSL, GnuTLS through
 * librtmp and libldap, libssh2, nghttp2…) cost about 5 MiB of resident
 * memory in every process that maps them, even one that never calls out
 * (bench/RESULTS.md, issue 20). The only way in to libcurl (tools/lint):
 * include this header, not <curl/curl.h>, call libcurl_load and check it
 * before the first curl_ call; the code then calls libcurl by its own
 * names, which this header points at the loaded functions. A function
 * missing from LIBCURL_FUNCTIONS fails the link (no -lcurl). */
#ifndef KAIJI_LIBCURL_H
#define KAIJI_LIBCURL_H

#include <stddef.h>

/* curl_easy_setopt and curl_easy_getinfo are type-checking macros under
 * gcc that call the linked functions: off, so that the names below are
 * the loaded ones. */
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>

/* Debian's libcurl4, the runtime of libcurl4-openssl-dev (tools/packages). */
#define LIBCURL_SONAME "libcurl.so.4"

#define LIBCURL_FUNCTIONS(X) \
	X(curl_easy_cleanup) \
	X(curl_easy_getinfo) \
	X(curl_easy_init) \
	X(curl_easy_perform) \
	X(curl_easy_reset) \
	X(curl_easy_setopt) \
	X(curl_easy_strerror) \
	X(curl_free) \
	X(curl_global_init) \
	X(curl_slist_append) \
	X(curl_slist_free_all) \
	X(curl_url) \
	X(curl_url_cleanup) \
	X(curl_url_get) \
	X(curl_url_set)

#define LIBCURL_POINTER(f) extern __typeof__(f) *libcurl_##f;
LIBCURL_FUNCTIONS(LIBCURL_POINTER)
#undef LIBCURL_POINTER

/* The file loaded: LIBCURL_SONAME; the tests name a missing one. */
extern const char *libcurl_soname;

/* libcurl_soname and its functions, and curl_global_init, once a
 * process: 0, or -1 with the reason in err (a missing library names the
 * package); a failure is tried again at the next call. */
int libcurl_load(char *err, size_t errlen);

/* curl.h's pass-through macros of these two give way to the pointers. */
#undef curl_easy_getinfo
#undef curl_easy_setopt
#define curl_easy_cleanup libcurl_curl_easy_cleanup
#define curl_easy_getinfo libcurl_curl_easy_getinfo
#define curl_easy_init libcurl_curl_easy_init
#define curl_easy_perform libcurl_curl_easy_perform
#define curl_easy_reset libcurl_curl_easy_reset
#define curl_easy_setopt libcurl_curl_easy_setopt
#define curl_easy_strerror libcurl_curl_easy_strerror
#define curl_free libcurl_curl_free
#define curl_global_init libcurl_curl_global_init
#define curl_slist_append libcurl_curl_slist_append
#define curl_slist_free_all libcurl_curl_slist_free_all
#define curl_url libcurl_curl_url
#define curl_url_cleanup libcurl_curl_url_cleanup
#define curl_url_get libcurl_curl_url_get
#define curl_url_set libcurl_curl_url_set

#endif

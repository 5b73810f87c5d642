/* Outbound HTTPS through libcurl, for the payment providers' APIs. One
 * curl handle a process, made on the first call (libcurl is loaded then,
 * lib/libcurl.h) and reused (its connection cache too). Every call: https only, the host must be on the caller's
 * allow-list (checked before anything is sent), no proxy from the
 * environment, no redirects followed, certificates verified (against
 * ca_file when one is configured), connect and total timeouts, and a cap
 * on the response size. */
#ifndef KAIJI_FETCH_H
#define KAIJI_FETCH_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

#define FETCH_MAX_RESPONSE ((size_t)1 << 20)
#define FETCH_MAX_HOSTS 8

struct fetch;

/* The allowed hosts, "host" or "host:port" (port 443 when absent). */
struct fetch_hosts {
	char host[FETCH_MAX_HOSTS][256];
	size_t n;
};

struct fetch_req {
	const char *method; /* GET, POST, DELETE */
	const char *url;
	const char *const *headers; /* "Name: value", NULL-terminated; may be NULL */
	const char *body;
	size_t body_len;
	const char *ca_file; /* NULL: the system's CAs */
	/* The city's outbound proxy (http:// or https://; NULL or "": none,
	 * never one from the environment), and the CA of a proxy that
	 * inspects TLS: used for the provider's certificate too, only when
	 * the city names it. */
	const char *proxy, *proxy_ca;
	const struct fetch_hosts *hosts;
	long timeout_s;
};

struct fetch_resp {
	long status;
	char *body; /* NUL-terminated, in the arena */
	size_t len;
};

/* 0 or -1 with the reason in err. Loads nothing. */
int fetch_open(struct fetch **out, char *err, size_t errlen);
void fetch_close(struct fetch *f);
/* libcurl loaded and the handle made (fetch_do does it): 0, or -1 with
 * the reason in err and in the log (libcurl missing: the caller answers
 * 503, the city's server lacks a package). */
int fetch_ready(struct fetch *f, char *err, size_t errlen);

/* Add "host[:port]" words from a space-separated list. 0 or -1. */
int fetch_hosts_add(struct fetch_hosts *h, const char *list);
/* The "host:port" of an https URL, or -1 when it is not one (another
 * scheme, user info, no host) or libcurl cannot be loaded: libcurl's own
 * reading of the URL, the one it connects to. */
int fetch_url_host(const char *url, char *out, size_t outlen);
/* The same for a configured base URL, read at start without libcurl
 * (lib/fetch-hosts.c): only https://host[:port][/path], the host of
 * ASCII letters, digits, '-' and '.', which libcurl reads alike
 * (test-fetch compares them); -1 for any other form. */
int fetch_base_host(const char *url, char *out, size_t outlen);
/* Whether url is https and its host is on the list. */
bool fetch_url_allowed(const char *url, const struct fetch_hosts *h);

/* Perform the request. 0 when a response came (any status), -1 when it
 * was refused before sending (scheme, host) or failed in transport. */
int fetch_do(struct fetch *f, struct arena *a, const struct fetch_req *rq,
             struct fetch_resp *out, char *err, size_t errlen);

#endif

/* The allowed hosts' list and the configured base URLs' hosts, apart
 * from lib/fetch.c: no libcurl here, so that reading the configuration
 * (pay_open in pay and desk, lib/pay-offer.c in status) loads none: a
 * process loads libcurl on its first call out (lib/libcurl.h). */
#include "fetch.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

int fetch_hosts_add(struct fetch_hosts *h, const char *list)
{
	const char *p = list;
	while (*p) {
		p += strspn(p, " \t,");
		size_t n = strcspn(p, " \t,");
		if (n == 0)
			break;
		if (h->n >= FETCH_MAX_HOSTS || n >= sizeof h->host[0] - 5)
			return -1;
		char *dst = h->host[h->n++];
		memcpy(dst, p, n);
		dst[n] = '\0';
		if (strchr(dst, ':') == NULL)
			memcpy(dst + n, ":443", 5);
		lower(dst);
		p += n;
	}
	return 0;
}

int fetch_base_host(const char *url, char *out, size_t outlen)
{
	static const char host_chars[] = "abcdefghijklmnopqrstuvwxyz"
	                                 "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-";
	if (url == NULL || strncasecmp(url, "https://", 8) != 0)
		return -1;
	const char *host = url + 8;
	size_t n = strspn(host, host_chars);
	if (n == 0 || host[0] == '.' || host[0] == '-')
		return -1;
	const char *p = host + n;
	long port = 443;
	if (*p == ':') {
		char *end;
		if (p[1] < '1' || p[1] > '9')
			return -1;
		errno = 0;
		port = strtol(p + 1, &end, 10);
		if (errno != 0 || port > 65535)
			return -1;
		p = end;
	}
	if (*p != '\0' && *p != '/')
		return -1;
	int len = snprintf(out, outlen, "%.*s:%ld", (int)n, host, port);
	if (len < 0 || (size_t)len >= outlen)
		return -1;
	lower(out);
	return 0;
}

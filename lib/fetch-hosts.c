/* The allowed hosts' list, apart from lib/fetch.c: no libcurl here, so
 * lib/pay-offer.c can read a provider's hosts in a program that does not
 * load libcurl (status). */
#include "fetch.h"

#include <string.h>

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

#include "client.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#define ADDR_MAX 64     /* longer than any textual address */
#define FORWARDED_MAX 32 /* hops of X-Forwarded-For looked at */

struct addr {
	unsigned char b[16]; /* IPv4 as ::ffff:a.b.c.d */
	bool v4;
};

static bool addr_parse_n(const char *s, size_t len, struct addr *out)
{
	char text[ADDR_MAX];
	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 0 || len >= sizeof text)
		return false;
	memcpy(text, s, len);
	text[len] = '\0';
	memset(out, 0, sizeof *out);
	if (inet_pton(AF_INET, text, out->b + 12) == 1) {
		out->b[10] = out->b[11] = 0xff;
		out->v4 = true;
		return true;
	}
	if (inet_pton(AF_INET6, text, out->b) != 1)
		return false;
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	out->v4 = memcmp(out->b, mapped, 12) == 0;
	return true;
}

/* One entry of the proxy list: ADDR or ADDR/BITS. */
static bool net_parse(const char *s, size_t len, struct addr *net, int *bits)
{
	const char *slash = memchr(s, '/', len);
	size_t alen = slash ? (size_t)(slash - s) : len;
	if (!addr_parse_n(s, alen, net))
		return false;
	int max = net->v4 ? 32 : 128;
	*bits = max;
	if (slash) {
		const char *d = slash + 1;
		size_t dlen = len - alen - 1;
		if (dlen == 0 || dlen > 3)
			return false;
		int v = 0;
		for (size_t i = 0; i < dlen; i++) {
			if (d[i] < '0' || d[i] > '9')
				return false;
			v = v * 10 + (d[i] - '0');
		}
		if (v > max)
			return false;
		*bits = v;
	}
	if (net->v4)
		*bits += 96;
	return true;
}

static bool net_has(const struct addr *net, int bits, const struct addr *a)
{
	int full = bits / 8, rest = bits % 8;
	if (memcmp(net->b, a->b, (size_t)full) != 0)
		return false;
	if (rest == 0)
		return true;
	unsigned char mask = (unsigned char)(0xff << (8 - rest));
	return (net->b[full] & mask) == (a->b[full] & mask);
}

/* Calls each space-separated entry; false when one does not parse or
 * there are too many. When a is given, whether a is in one of them. */
static bool proxies_walk(const char *list, const struct addr *a, bool *hit)
{
	if (hit)
		*hit = false;
	if (list == NULL)
		return true;
	int count = 0;
	for (const char *p = list; *p;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		size_t len = strcspn(p, " \t");
		struct addr net;
		int bits;
		if (++count > 256 || !net_parse(p, len, &net, &bits))
			return false;
		if (a && hit && net_has(&net, bits, a))
			*hit = true;
		p += len;
	}
	return true;
}

bool client_proxies_valid(const char *list)
{
	return proxies_walk(list, NULL, NULL);
}

static bool trusted(const char *proxies, const struct addr *a)
{
	bool hit;
	return proxies_walk(proxies, a, &hit) && hit;
}

static const char *key_of(struct arena *a, const struct addr *x)
{
	if (x->v4)
		return arena_printf(a, "v4:%u.%u.%u.%u", x->b[12], x->b[13], x->b[14], x->b[15]);
	return arena_printf(a, "v6:%02x%02x:%02x%02x:%02x%02x:%02x%02x::/64",
	                    x->b[0], x->b[1], x->b[2], x->b[3], x->b[4], x->b[5],
	                    x->b[6], x->b[7]);
}

const char *client_key(struct arena *a, const char *remote_addr,
                       const char *forwarded, const char *proxies)
{
	struct addr peer;
	if (remote_addr == NULL || !addr_parse_n(remote_addr, strlen(remote_addr), &peer))
		return "unknown";
	if (proxies == NULL || *proxies == '\0' || forwarded == NULL ||
	    !trusted(proxies, &peer))
		return key_of(a, &peer);
	/* From the right: each hop that is a trusted proxy passes the
	 * question on to the address it was given. */
	size_t end = strlen(forwarded);
	for (int hops = 0; hops < FORWARDED_MAX; hops++) {
		size_t start = end;
		while (start > 0 && forwarded[start - 1] != ',')
			start--;
		struct addr hop;
		if (!addr_parse_n(forwarded + start, end - start, &hop))
			break; /* garbage: the last good address is the client */
		peer = hop;
		if (!trusted(proxies, &hop) || start == 0)
			break;
		end = start - 1;
	}
	return key_of(a, &peer);
}

/* The client's key for per-client limits (lib/client.c): IPv4 as is, IPv6
 * by its /64, X-Forwarded-For only from a trusted proxy and read from the
 * right, and the Kaiji.TrustedProxies list's syntax. */
#include <string.h>

#include "client.h"
#include "tap.h"

static void plain(struct arena *a)
{
	TAP_STREQ(client_key(a, "192.0.2.1", NULL, NULL), "v4:192.0.2.1", "IPv4 as is");
	TAP_STREQ(client_key(a, "2001:db8:1:2:aaaa::1", NULL, NULL),
	          "v6:2001:0db8:0001:0002::/64", "IPv6 by its /64");
	TAP_STREQ(client_key(a, "2001:db8:1:2:bbbb:cccc:dddd:9", NULL, NULL),
	          client_key(a, "2001:db8:1:2::7", NULL, NULL),
	          "-bad- a fresh address in the same /64 is the same client");
	TAP_OK(strcmp(client_key(a, "2001:db8:1:3::1", NULL, NULL),
	              client_key(a, "2001:db8:1:2::1", NULL, NULL)) != 0,
	       "another /64 is another client");
	TAP_STREQ(client_key(a, "::ffff:192.0.2.1", NULL, NULL), "v4:192.0.2.1",
	          "IPv4-mapped IPv6 counts as IPv4");
	TAP_STREQ(client_key(a, NULL, NULL, NULL), "unknown", "-bad- no address");
	TAP_STREQ(client_key(a, "not an address", NULL, NULL), "unknown", "-bad- garbage");
}

static void proxies(struct arena *a)
{
	const char *list = "10.0.0.0/8 192.0.2.10 2001:db8:ffff::/48";
	TAP_STREQ(client_key(a, "198.51.100.1", "203.0.113.5", list), "v4:198.51.100.1",
	          "-bad- X-Forwarded-For from a client that is no proxy is ignored");
	TAP_STREQ(client_key(a, "10.1.2.3", "203.0.113.5", list), "v4:203.0.113.5",
	          "from a trusted proxy it names the client");
	TAP_STREQ(client_key(a, "10.1.2.3", "1.1.1.1, 203.0.113.5", list), "v4:203.0.113.5",
	          "-bad- what the client put before the proxy's own entry is its claim only");
	TAP_STREQ(client_key(a, "10.1.2.3", "203.0.113.5, 192.0.2.10", list), "v4:203.0.113.5",
	          "a chain of trusted proxies is walked from the right");
	TAP_STREQ(client_key(a, "2001:db8:ffff:1::1", "2001:db8:5:6::1", list),
	          "v6:2001:0db8:0005:0006::/64", "IPv6 proxies and clients");
	TAP_STREQ(client_key(a, "10.1.2.3", "garbage, 203.0.113.5", list), "v4:203.0.113.5",
	          "-bad- garbage left of the client is not looked at");
	TAP_STREQ(client_key(a, "10.1.2.3", "203.0.113.5, garbage", list), "v4:10.1.2.3",
	          "-bad- garbage from the proxy: the proxy itself is the client");
	TAP_STREQ(client_key(a, "10.1.2.3", "", list), "v4:10.1.2.3", "-bad- an empty header");
	TAP_STREQ(client_key(a, "10.1.2.3", "10.0.0.1, 10.0.0.2", list), "v4:10.0.0.1",
	          "only proxies: the leftmost");
	TAP_STREQ(client_key(a, "11.0.0.1", "203.0.113.5", list), "v4:11.0.0.1",
	          "-bad- just outside 10.0.0.0/8");
}

static void valid(void)
{
	TAP_OK(client_proxies_valid(""), "an empty list");
	TAP_OK(client_proxies_valid("10.0.0.0/8  192.0.2.1 ::1 2001:db8::/32"), "addresses and networks");
	const char *bad[] = { "10.0.0.0/33", "10.0.0.0/", "10.0.0/8", "example.org", "::1/129", "1.2.3.4/x" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		TAP_OK(!client_proxies_valid(bad[i]), "-bad- '%s'", bad[i]);
}

int main(void)
{
	struct arena *a = arena_new();
	plain(a);
	proxies(a);
	valid();
	arena_free(a);
	return TAP_DONE();
}

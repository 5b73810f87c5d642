/* Who a request comes from, for per-client limits (issue 16 item 2): the
 * address that throttles and flood limits count, never stored as such
 * (callers keep only keyed hashes of it).
 *
 * Behind a reverse proxy or load balancer every citizen would share the
 * proxy's REMOTE_ADDR, and one stranger's wrong guesses would slow them
 * all. Kaiji.TrustedProxies lists the proxies (addresses or CIDR networks,
 * separated by spaces); when REMOTE_ADDR is one of them, the client is the
 * rightmost address of X-Forwarded-For that is not, as nginx's realip
 * module with real_ip_recursive does. Any other X-Forwarded-For is the
 * client's own claim and is ignored. IPv6 addresses count by their /64,
 * the network one subscriber gets, so that one household cannot take a
 * fresh address for each guess; IPv4-mapped IPv6 addresses count as IPv4. */
#ifndef KAIJI_CLIENT_H
#define KAIJI_CLIENT_H

#include <stdbool.h>

#include "arena.h"

/* Whether list is a valid Kaiji.TrustedProxies value: addresses or
 * networks (ADDR/BITS), IPv4 or IPv6, separated by spaces; "" is valid. */
bool client_proxies_valid(const char *list);

/* The client's key: "v4:A.B.C.D" or "v6:XXXX:XXXX:XXXX:XXXX::/64", or
 * "unknown" when remote_addr is missing or not an address. proxies may be
 * NULL (no proxy trusted); forwarded is X-Forwarded-For or NULL. */
const char *client_key(struct arena *a, const char *remote_addr,
                       const char *forwarded, const char *proxies);

#endif

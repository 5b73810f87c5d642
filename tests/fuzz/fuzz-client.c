/* The client's key (lib/client.c): any REMOTE_ADDR, X-Forwarded-For and
 * Kaiji.TrustedProxies give "unknown" or a key of one of the two shapes,
 * and a list client_proxies_valid refuses never gets that far. Input:
 * three NUL-separated parts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 8192)
		return 0;
	struct arena *a = arena_new();
	char *text = arena_alloc(a, size + 3); /* zeroed: at least three NULs */
	memcpy(text, data, size);
	const char *remote = text;
	const char *forwarded = remote + strlen(remote) + 1;
	if ((size_t)(forwarded - text) > size)
		forwarded = "";
	const char *list = forwarded + strlen(forwarded) + 1;
	if ((size_t)(list - text) > size)
		list = "";
	bool ok = client_proxies_valid(list);
	const char *k = client_key(a, remote, forwarded, ok ? list : NULL);
	if (strcmp(k, "unknown") != 0 && strncmp(k, "v4:", 3) != 0 &&
	    (strncmp(k, "v6:", 3) != 0 || strlen(k) != 27))
		abort();
	arena_free(a);
	return 0;
}

#include "libcurl.h"

#include <stdbool.h>
#include <stdio.h>

#include <dlfcn.h>

/* The header declared them: their types are taken from there, the names
 * being macros for them by now. */
#define LIBCURL_POINTER(f) __typeof__(libcurl_##f) libcurl_##f;
LIBCURL_FUNCTIONS(LIBCURL_POINTER)

const char *libcurl_soname = LIBCURL_SONAME;

int libcurl_load(char *err, size_t errlen)
{
	static bool loaded;
	const char *soname = libcurl_soname;
	if (loaded)
		return 0;
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) {
		snprintf(err, errlen, "libcurl: cannot load %s (Debian's libcurl4): "
		         "%s", soname, dlerror());
		return -1;
	}
#define LIBCURL_SYMBOL(f) \
	if ((libcurl_##f = (__typeof__(libcurl_##f))dlsym(h, #f)) == NULL) { \
		snprintf(err, errlen, "libcurl: %s has no %s", soname, #f); \
		dlclose(h); \
		return -1; \
	}
	LIBCURL_FUNCTIONS(LIBCURL_SYMBOL)
#undef LIBCURL_SYMBOL
	/* Once a process, before any handle (libcurl's global state: SSL
	 * and the resolver); a process forks before it (lib/fcgi.c). */
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(err, errlen, "libcurl: %s could not start", soname);
		return -1;
	}
	loaded = true;
	return 0;
}

/* The config locator reads HDF-like text line by line to say where a key
 * is set: nesting, heredocs, includes. Fuzz it with arbitrary files; the
 * key is the input's first line. It must never read out of bounds, loop
 * or write past its output. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "config.h"


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t klen = nl ? (size_t)(nl - data) : size;
	if (klen > 200)
		return 0;
	char key[201];
	memcpy(key, data, klen);
	key[klen] = '\0';
	if (strlen(key) != klen)
		return 0;
	int fd = memfd_create("fuzz-config", MFD_CLOEXEC);
	if (fd < 0)
		return 0;
	size_t body = nl ? size - klen - 1 : 0;
	if (body && write(fd, nl + 1, body) != (ssize_t)body) {
		close(fd);
		return 0;
	}
	char path[64], where[300];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	const char *files[1] = { path };
	config_locate(files, 1, key, where, sizeof where);
	if (strlen(where) >= sizeof where || strncmp(where, path, strlen(path)) != 0)
		abort();
	close(fd);
	return 0;
}

/* The vault's documents as files of one directory (lib/vault.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "vault.h"

static int sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

int vault_files_put(const char *dir, const char *name, const void *sealed,
                    size_t len)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		log_event(LOG_ERR, "vault: cannot create a file: %s", strerror(errno));
		return -1;
	}
	int rc = vault_write_all(fd, sealed, len) == 0 && fsync(fd) == 0 ? 0 : -1;
	if (close(fd) != 0)
		rc = -1;
	if (rc == 0)
		rc = sync_dir(dir);
	if (rc != 0) {
		log_event(LOG_ERR, "vault: cannot write a file: %s", strerror(errno));
		unlink(path);
		return -1;
	}
	return 0;
}

static unsigned char *read_all(int fd, struct arena *a, size_t *len, size_t max)
{
	struct stat st;
	if (fstat(fd, &st) != 0 || st.st_size < 0 || (size_t)st.st_size > max)
		return NULL;
	size_t want = (size_t)st.st_size, got = 0;
	unsigned char *buf = arena_alloc(a, want + 1);
	while (got < want) {
		ssize_t n = read(fd, buf + got, want - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return NULL;
		got += (size_t)n;
	}
	*len = got;
	return buf;
}

int vault_files_get(const char *dir, struct arena *a, const char *name,
                    unsigned char **sealed, size_t *len, size_t max)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 1 : -1;
	*sealed = read_all(fd, a, len, max);
	close(fd);
	return *sealed != NULL ? 0 : -1;
}

int vault_files_delete(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (unlink(path) != 0 && errno != ENOENT)
		return -1;
	return sync_dir(dir);
}

int vault_files_exists(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (access(path, F_OK) == 0)
		return 1;
	return errno == ENOENT ? 0 : -1;
}

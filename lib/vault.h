/* Identity documents at rest: each file encrypted with
 * XChaCha20-Poly1305 under the vault key, named at random, kept in
 * DataDir/vault outside htdocs, and on disk (file and directory fsync'd)
 * before vault_put returns, so a commit that follows is never ahead of
 * its files. The file name is bound into the ciphertext: a file renamed
 * or swapped for another fails to open. */
#ifndef KAIJI_VAULT_H
#define KAIJI_VAULT_H

#include <stddef.h>

#include "arena.h"

/* Create dir (mode 0700) if missing. 0 or -1. */
int vault_open(const char *dir);
/* Encrypt and store; *name_out is the new file's name (in the arena). */
int vault_put(const char *dir, struct arena *a, const void *data, size_t len,
              const char **name_out);
/* Read and decrypt into the arena. 0, 1 when missing, -1 when damaged. */
int vault_get(const char *dir, struct arena *a, const char *name, void **data,
              size_t *len);
/* Remove a file; a missing one is not an error. */
int vault_delete(const char *dir, const char *name);
/* Whether name looks like one vault_put made (for paths from the db). */
int vault_name_ok(const char *name);
/* Write all len bytes to fd (again after EINTR or a short write). 0 or -1. */
int vault_write_all(int fd, const void *data, size_t len);

#endif

/* Identity documents at rest: each encrypted with XChaCha20-Poly1305
 * under the vault key and named at random; the name is bound into the
 * ciphertext, so a document renamed or swapped for another fails to
 * open. Where they are kept is the site's choice (Kaiji.Vault):
 * - files in a directory outside htdocs (the default, DataDir/vault, or
 *   a directory every web server mounts), each on disk (file and
 *   directory fsync'd) before vault_put returns;
 * - rows of the database (table vault_file), for several web servers on
 *   one database: committed before vault_put returns.
 * Either way a commit that refers to a document is never ahead of it. */
#ifndef KAIJI_VAULT_H
#define KAIJI_VAULT_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

struct db;

struct vault {
	char dir[4096]; /* the directory; "" when in the database */
	struct db *db;  /* the database, when dir is "" */
};

/* Where the documents are, from Kaiji.Vault: NULL or "" = data_dir/vault,
 * "database", or an absolute directory. 0, or -1 with err. */
int vault_config(struct vault *v, const char *setting, const char *data_dir,
                 struct db *db, char *err, size_t errlen);
/* Whether setting is a valid Kaiji.Vault. */
bool vault_setting_ok(const char *setting);
/* Create the directory (mode 0700) if missing; nothing in the database.
 * 0 or -1. */
int vault_open(const struct vault *v);
/* Encrypt and store; *name_out is the new document's name (in the arena). */
int vault_put(const struct vault *v, struct arena *a, const void *data,
              size_t len, const char **name_out);
/* Read and decrypt into the arena. 0, 1 when missing, -1 when damaged. */
int vault_get(const struct vault *v, struct arena *a, const char *name,
              void **data, size_t *len);
/* Remove a document; a missing one is not an error. */
int vault_delete(const struct vault *v, const char *name);
/* Whether the document is there: 1, 0, or -1 on error. */
int vault_exists(const struct vault *v, const char *name);
/* Copy the document name, sealed as it is, from the files of from_dir
 * into v (a site moving its documents into the database or a shared
 * directory). 0 copied, 1 already in v, 2 not in from_dir, -1 error. */
int vault_copy_from(const struct vault *v, struct arena *a,
                    const char *from_dir, const char *name);
/* Whether name looks like one vault_put made (for names from the db). */
int vault_name_ok(const char *name);
/* Write all len bytes to fd (again after EINTR or a short write). 0 or -1. */
int vault_write_all(int fd, const void *data, size_t len);

/* The stores behind the API (lib/vault-files.c, lib/vault-rows.c): the
 * sealed bytes as they are, no crypto. put: 0 or -1; get: 0, 1 when
 * missing, -1 on error; delete: 0 (also when missing) or -1. */
int vault_files_put(const char *dir, const char *name, const void *sealed,
                    size_t len);
int vault_files_get(const char *dir, struct arena *a, const char *name,
                    unsigned char **sealed, size_t *len, size_t max);
int vault_files_delete(const char *dir, const char *name);
int vault_files_exists(const char *dir, const char *name);
int vault_rows_put(struct db *db, struct arena *a, const char *name,
                   const void *sealed, size_t len);
int vault_rows_get(struct db *db, struct arena *a, const char *name,
                   unsigned char **sealed, size_t *len, size_t max);
int vault_rows_delete(struct db *db, const char *name);
int vault_rows_exists(struct db *db, const char *name);

#endif

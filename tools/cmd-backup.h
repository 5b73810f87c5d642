/* kaijictl backup and restore: the database and the document vault in one
 * archive file.
 *
 * The archive is itself an SQLite database, so one library reads and
 * checks it and a damaged file is detected by SQLite as well as by the
 * hashes:
 *
 *   meta  (key TEXT PRIMARY KEY, value TEXT)
 *         format = kaiji-backup, format_version = 1, schema_version,
 *         created_at (UTC), program (kaiji version)
 *   file  (id INTEGER PRIMARY KEY, name TEXT UNIQUE, size INTEGER,
 *          hash TEXT)
 *         name: "kaiji.db", "secrets" (only with --with-secrets) or
 *         "vault/RELATIVE/PATH"; hash: BLAKE2b-256 of the content, hex
 *   chunk (file_id INTEGER, seq INTEGER, data BLOB,
 *          PRIMARY KEY (file_id, seq))
 *         the content in order, seq 0, 1, 2 …, at most BACKUP_CHUNK bytes
 *
 * kaiji.db is a snapshot taken with SQLite's online backup API in one read
 * transaction: writers go on while it runs. The vault is copied after the
 * snapshot, so every document the snapshot refers to is in the archive
 * (a document is on disk before its request commits, DESIGN.md rule 11). */
#ifndef KAIJI_CMD_BACKUP_H
#define KAIJI_CMD_BACKUP_H

#include <stddef.h>

#define BACKUP_FORMAT "kaiji-backup"
#define BACKUP_FORMAT_VERSION 1
#define BACKUP_CHUNK ((size_t)1 << 20)
#define BACKUP_HASH_BYTES 32

enum backup_flags {
	BACKUP_WITH_SECRETS = 1, /* put the secrets file in the archive */
	RESTORE_FORCE = 2,       /* replace an existing database */
};

/* Where a site keeps what a backup holds: Kaiji.DataDir (kaiji.db,
 * secrets) and the directory of the vault's files, DataDir/vault unless
 * Kaiji.Vault names another (documents kept in the database are in
 * kaiji.db). */
struct backup_dirs {
	char data[3968];
	char vault[4096];
};

/* dirs for data_dir, with the vault's files in vault_dir (NULL:
 * data_dir/vault). */
void backup_dirs_set(struct backup_dirs *dirs, const char *data_dir,
                     const char *vault_dir);

/* Write the archive of dirs (kaiji.db, the vault's files as vault/, and
 * secrets with BACKUP_WITH_SECRETS) to archive, atomically: a temporary
 * file renamed into place. Returns 0, or -1 with the reason in err. */
int backup_write(const struct backup_dirs *dirs, const char *archive,
                 unsigned flags, char *err, size_t errlen);

/* Check an archive completely (SQLite's quick_check of the archive,
 * format, names, chunk order, sizes, hashes) without writing anything.
 * The database inside passed integrity_check when it was archived;
 * restore checks it again once extracted. */
int backup_verify(const char *archive, char *err, size_t errlen);

/* Check the archive, then restore it into dirs->data (created when
 * missing), the vault's files into dirs->vault. Refuses when
 * kaiji.db exists unless RESTORE_FORCE. The secrets file is restored only
 * when the archive has one and the data directory has none (or
 * RESTORE_FORCE). Nothing is written when the archive is bad. */
int backup_restore(const char *archive, const struct backup_dirs *dirs,
                   unsigned flags, char *err, size_t errlen);

/* dirs from the configuration file (errors on stderr); -1 when
 * Kaiji.Database names another database than the data directory's
 * kaiji.db (PostgreSQL's backup is pg_dump). */
int backup_dirs(const char *config, struct backup_dirs *dirs);

/* The file names an archive may hold. */
int backup_name_ok(const char *name);

/* kaijictl backup [--with-secrets] FILE | restore [--force] FILE |
 * verify-backup FILE */
int cmd_backup(const char *config, int argc, char **argv);
int cmd_restore(const char *config, int argc, char **argv);
int cmd_verify_backup(int argc, char **argv);

#endif

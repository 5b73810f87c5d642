/* Inside lib/register*.c only: the register's keys and search index
 * (register-keys.h) for one version of the register, as one file that
 * every process maps read-only (issue 20). The first process that needs a
 * version builds it under an exclusive lock, writes it to a temporary
 * file, syncs it and renames it into place; the others wait on the lock
 * and map what it wrote. The file is a cache derived from the database:
 * each web server keeps its own, in Kaiji.CacheDir (DataDir/cache unless
 * set). Without a directory (the tests, a tool) the same image is built
 * in this process's memory.
 *
 * The file is checked whole before use, as input from outside: magic,
 * format, the version it was built for, its length, a checksum, and the
 * bounds of every offset the search reads (reg_keys_check,
 * reg_index_check). A file that fails is refused, logged, and built
 * again. */
#ifndef KAIJI_REGISTER_STORE_H
#define KAIJI_REGISTER_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "register-keys.h"

#define REG_STORE_MAGIC "KAIJIREG"
#define REG_STORE_FORMAT 1u
#define REG_STORE_ENDIAN 0x01020304u

enum reg_sec {
	SEC_BY_ID,         /* struct reg_key [max_id + 1] */
	SEC_ORDER_NAME,    /* int32_t [n]: rank → id */
	SEC_ORDER_UPDATED, /* int32_t [n] */
	SEC_AGENCIES,      /* nagencies strings, each ending in NUL */
	SEC_DEPARTMENTS,   /* ndepartments strings, sorted, each ending in NUL */
	SEC_LIVE,          /* uint8_t [(nagencies + 1) * (ndepartments + 1)] */
	SEC_GRAM_KEYS,     /* uint64_t [gram_cap] */
	SEC_GRAM_VALS,     /* uint32_t [gram_cap]: into lists */
	SEC_PAIR_KEYS,     /* uint64_t [pair_cap] */
	SEC_PAIR_VALS,     /* uint32_t [pair_cap] */
	SEC_LISTS,         /* posting lists [nlists], REG_PLIST_BYTES each */
	SEC_POOL,          /* the lists' bytes, then 8 bytes of zeros */
	SEC_BLOB,          /* the tokens' text */
	SEC_TOK_OFF,       /* uint32_t [ntokens + 1]: into the blob */
	SEC_TOK_ENTRIES,   /* posting lists [ntokens] */
	SEC__N
};

#define REG_PLIST_BYTES 16

struct reg_store_head {
	char magic[8];
	uint32_t format, endian;
	int64_t version;   /* the register's version it was built from */
	uint64_t length;   /* of the whole file */
	uint64_t checksum; /* of the sections, in order */
	uint64_t n, max_id, nagencies, ndepartments;
	uint64_t ntokens, gram_cap, pair_cap, nlists;
	struct {
		uint64_t off, len;
	} sec[SEC__N];
};

/* The sections of an image while it is written. */
struct reg_store_parts {
	struct reg_store_head head; /* scalars and version; the rest filled in */
	const void *p[SEC__N];
	size_t len[SEC__N];
};

/* The directory the files live in; NULL or "": none, each process builds
 * its own in memory. The string is kept. */
void reg_store_dir(const char *dir);

/* The keys and index of the register as of version (the caller's
 * snapshot) attached (reg_keys_attach, reg_index_attach): mapped from the
 * file when it is there and sound, else built (and written). 0 or -1. */
int reg_store_load(struct db *db, long long version);

/* Whether len bytes at p are a sound image built for version (any when
 * version < 0); why says what failed. No personal data in why. */
bool reg_store_check(const void *p, size_t len, long long version,
                     const char **why);

/* Points the keys and the index at a checked image (the fuzz harness and
 * reg_store_load). The image stays where it is until the next call. */
void reg_store_attach(const void *p);

/* For the tests: builds done by this process, and the file attached now
 * (its inode, 0 when in memory). */
long reg_store_builds(void);
unsigned long long reg_store_inode(void);

/* The checksum of the sections (also a helper for the tests that alter a
 * file on purpose and for the fuzz harness). */
uint64_t reg_store_sum(const void *p, size_t len);

/* Section s of a checked image, and its length. */
static inline const void *reg_sec(const void *p, enum reg_sec s)
{
	const struct reg_store_head *h = p;
	return (const char *)p + h->sec[s].off;
}

/* ---- each module's own part ---- */

/* Built from the database in one read transaction (register-keys.c,
 * register-index.c): the parts point at memory the module holds until
 * reg_*_built_free. 0 or -1. */
int reg_keys_build(struct db *db, const struct reg_keys **out,
                   struct reg_store_parts *parts);
void reg_keys_built_free(void);
int reg_index_build(struct db *db, const struct reg_keys *k,
                    struct reg_store_parts *parts);
void reg_index_built_free(void);

/* The sections' contents sound for the head's scalars (the sections'
 * lengths checked already). */
bool reg_keys_check(const void *p, const char **why);
bool reg_index_check(const void *p, const char **why);

void reg_keys_attach(const void *p);
void reg_index_attach(const void *p);
/* The keys attached now (the fuzz harness, which has no database). */
const struct reg_keys *reg_keys_attached(void);

#endif

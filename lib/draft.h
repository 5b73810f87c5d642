/* The citizen's request form between its steps. A draft is found by the
 * keyed hash of a random token that only the browser holds (a cookie);
 * the form's values are kept as JSON and each uploaded identity document
 * goes into the vault at once, so going back and forth never asks for a
 * file again. Drafts expire (City.Draft.ExpiryMinutes, renewed on each
 * save); expired drafts and their vault files are purged. After
 * submission the draft keeps the request's id and the access code sealed
 * under a key derived from the token, so a reload or a second click shows
 * the same receipt instead of filing a second request. */
#ifndef KAIJI_DRAFT_H
#define KAIJI_DRAFT_H

#include <stddef.h>

#include "arena.h"
#include "db.h"
#include "vault.h"

#define DRAFT_COOKIE "kaiji_draft"

struct draft {
	const char *token;   /* the browser's secret */
	const char *id_hash; /* its keyed hash, the row's key */
	const char *data;    /* JSON: the form's values by field name */
	long long created_at, expires_at; /* Unix seconds */
	long long request_id; /* 0 until submitted */
	const char *code_box; /* "" until submitted */
};

struct draft_file {
	long long id;
	const char *kind;  /* the profile's City.Identity.Doc id, or "other" */
	const char *vault_name, *mime, *label;
	long long size;
};

/* Remove expired drafts, their file rows and their vault files. Cheap
 * when nothing has expired. Returns how many drafts went, or -1. For
 * every draft operation and for kaijictl purge. */
int draft_purge_expired(struct db *db, const struct vault *vault);

/* A new draft with a fresh token. 0 or -1. */
int draft_create(struct db *db, struct arena *a, int expiry_minutes,
                 struct draft *out);
/* The live draft of a token. 0 found, 1 none (unknown, malformed or
 * expired), -1 error. */
int draft_load(struct db *db, struct arena *a, const char *token,
               struct draft *out);
/* Store the form's values and renew the expiry. 0 or -1. */
int draft_save(struct db *db, const struct draft *d, const char *data,
               int expiry_minutes);

int draft_file_add(struct db *db, const char *id_hash, const char *kind,
                   const char *vault_name, const char *mime, long long size,
                   const char *label);
/* The draft's files in upload order. 0 or -1. */
int draft_files(struct db *db, struct arena *a, const char *id_hash,
                struct draft_file **out, size_t *n);
/* Drop one file of this draft (row and vault file). 0, 1 when the draft
 * has no such file, -1 error. */
int draft_file_remove(struct db *db, const struct vault *vault,
                      const char *id_hash, long long file_id);

/* Inside the caller's transaction (BEGIN IMMEDIATE), so that two submits
 * of one draft are decided one after the other: */
/* 0 live and not submitted, 1 submitted (*request_id set), 2 gone or
 * expired, -1 error. */
int draft_check(struct db *db, const char *id_hash, long long *request_id);
/* Turn the draft's files into document rows of the request (the files
 * are already on disk and fsync'd) and mark the draft submitted: its
 * values are dropped and the code is sealed for the receipt. 0 or -1. */
int draft_finish(struct db *db, struct arena *a, const struct draft *d,
                 long long request_id, const char *code);

/* The access code sealed by draft_finish, or NULL. */
char *draft_code(struct arena *a, const struct draft *d);

#endif

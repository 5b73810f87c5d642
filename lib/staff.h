/* Staff accounts (職員): logins, argon2id password hashes (libsodium
 * crypto_pwhash_str), roles, the agencies a clerk works for, and the audit
 * trail of every staff action (who, when, what). Used by the desk and by
 * kaijictl staff. */
#ifndef KAIJI_STAFF_H
#define KAIJI_STAFF_H

#include <stdbool.h>
#include <stddef.h>

#include <sodium.h>

#include "arena.h"
#include "db.h"

/* Ordered: a higher role may do everything a lower one may. */
enum desk_role {
	DESK_VIEWER, /* reads the cases of their agencies, changes nothing */
	DESK_CLERK,  /* works the cases of the agencies they are assigned */
	DESK_ADMIN,  /* every agency, staff, register, settings */
};

struct desk_staff {
	long long id;
	const char *login, *name;
	enum desk_role role;
	bool disabled;
	const char **agencies; /* staff_agency rows; admins see all anyway */
	size_t n_agencies;
	const char *actor; /* "staff:ID", the event's actor */
};

#define STAFF_PASSWORD_MIN 12
#define STAFF_PASSWORD_MAX 256

const char *staff_role_name(enum desk_role r);
int staff_role_parse(const char *s, enum desk_role *out);
/* 1–64 of [a-z0-9._-], starting with a letter or digit. */
bool staff_login_valid(const char *login);
/* A generated password (20 URL-safe characters, 120 bits). */
char *staff_password_new(struct arena *a);

/* Kaiji.Desk.PasswordHashing: interactive (the default), moderate,
 * sensitive or minimum (test stacks only). Set once per process; hashes
 * made at another level still verify (the level is in the hash). */
bool staff_hashing_valid(const char *name);
void staff_hashing_set(const char *name);
/* argon2id hash of a password of STAFF_PASSWORD_MIN..MAX bytes, 0 or -1. */
int staff_hash_password(const char *password, char out[crypto_pwhash_STRBYTES]);

/* Add an account: 0, 1 when the login exists, 2 for an unknown agency,
 * -1 on error. In the caller's transaction. */
int staff_add(struct db *db, const char *login, const char *name,
              enum desk_role role, const char *const *agencies, size_t n,
              const char *password, long long *id_out);
/* Replace the password, or disable / enable; the account's sessions end.
 * 0, 1 unknown login, -1 error. */
int staff_set_password(struct db *db, const char *login, const char *password);
int staff_set_disabled(struct db *db, const char *login, bool disabled);

/* Set the role and replace the agencies (none for an admin, who sees all);
 * the account's sessions end. 0, 1 unknown login, 2 unknown agency, -1
 * error. In the caller's transaction. */
int staff_set_role(struct db *db, const char *login, enum desk_role role,
                   const char *const *agencies, size_t n);

/* 0 found, 1 not found, -1 error. Disabled accounts are found too. */
int staff_load(struct db *db, struct arena *a, long long id,
               struct desk_staff *out);
int staff_load_login(struct db *db, struct arena *a, const char *login,
                     struct desk_staff *out);
/* Check a password: 0 when the login exists, is enabled and the password
 * is right; 1 otherwise (the same argon2id work is done either way, so the
 * time does not tell an unknown login from a wrong password); -1 error. */
int staff_verify(struct db *db, struct arena *a, const char *login,
                 const char *password, struct desk_staff *out);

/* Whether the staff member sees / may change the agency's cases. */
bool staff_sees(const struct desk_staff *s, const char *agency_id);
bool staff_may_change(const struct desk_staff *s, const char *agency_id);

/* One audit row: staff_id 0 for kaijictl run by the webmaster. */
int staff_audit(struct db *db, long long staff_id, const char *action,
                const char *target);

/* Print the accounts, one a line: login, role, state, agencies, name. */
int staff_list(struct db *db, struct arena *a, struct buf *out);

#endif

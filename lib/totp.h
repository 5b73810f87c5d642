/* Two-step sign-in for desk staff (issue 16 item 4c): TOTP as RFC 6238
 * (HMAC-SHA1, 30 s steps, 6 digits: what authenticator apps expect),
 * a code accepted one step either side of now, each step usable once per
 * staff member (the last used step is kept: a replayed code is refused),
 * and TOTP_RECOVERY_CODES one-time recovery codes shown once at enrolment.
 * The 20-byte secret is stored encrypted (XChaCha20-Poly1305 under the
 * TOKEN_TOTP key, bound to the staff id) and never logged; recovery codes
 * are stored as argon2id hashes (as passwords are, lighter: lib/totp.c).
 * Kaiji.Desk.TotpRoles (default "admin") names the roles that must have
 * it; an account that is enrolled always needs a code. */
#ifndef KAIJI_TOTP_H
#define KAIJI_TOTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ClearSilver/ClearSilver.h>

#include "arena.h"
#include "db.h"
#include "staff.h"

#define TOTP_STEP_SECONDS 30
#define TOTP_DIGITS 6
#define TOTP_SECRET_BYTES 20
#define TOTP_RECOVERY_CODES 10
#define TOTP_RECOVERY_CHARS 12 /* shown as xxxx-xxxx-xxxx, 60 bits */

/* RFC 4226's HOTP value of counter under key, reduced to digits (6-8)
 * decimal digits. */
uint32_t totp_hotp(const unsigned char *key, size_t keylen, uint64_t counter,
                   int digits);
/* RFC 4648 base32 without padding (upper case), as otpauth:// wants. */
char *totp_base32(struct arena *a, const unsigned char *data, size_t len);

/* Whether Kaiji.Desk.TotpRoles (default "admin"; names separated by
 * spaces or commas, "" or "none" for no role) names the role. */
bool totp_required(HDF *cfg, enum desk_role role);
/* Whether the value is a valid TotpRoles list. */
bool totp_roles_valid(const char *v);

/* 1 enrolled, 0 not, -1 error. */
int totp_enrolled(struct db *db, long long staff_id);

struct totp_enrolment {
	const char *secret_b32; /* base32 secret (for manual entry) */
	const char *uri;        /* otpauth://totp/ISSUER:LOGIN?... */
	const char *recovery[TOTP_RECOVERY_CODES];
};
/* A new secret and recovery codes for the staff member (any earlier ones
 * replaced), in the caller's transaction. issuer is the city's name.
 * 0, 1 unknown login, -1 error. */
int totp_enrol(struct db *db, struct arena *a, const char *login,
               const char *issuer, struct totp_enrolment *out);
/* Remove the secret and the recovery codes. 0, 1 unknown or not
 * enrolled, -1 error. */
int totp_reset(struct db *db, const char *login);

/* Check what the staff member typed: 6 digits are a TOTP code for the
 * steps of now ±1 not yet used (the step is then used up); anything else
 * is tried as an unused recovery code (then used up). 0 accepted, 1
 * refused (*what says "code", "replay" or "recovery"), -1 error. */
int totp_verify(struct db *db, struct arena *a, long long staff_id,
                const char *input, long long now, const char **what);

#endif

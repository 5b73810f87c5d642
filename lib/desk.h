/* The desk's sign-in: session cookies, the login throttle, and the check
 * every desk page makes first (desk_require). Pages of other programs'
 * authors mounted in the desk (register upkeep, feedback results) use the
 * same check:
 *
 *	const struct desk_staff *me;
 *	DESK_REQUIRE(req, DESK_ADMIN, &me);
 *	... me->role, me->actor, staff_sees(me, agency) ...
 *
 * The session cookie kaiji_desk is random (256 bits), stored only as a
 * keyed hash, HttpOnly, SameSite=Strict, Secure (unless Kaiji.InsecureCookies
 * on a development machine), Path=BASE/desk/;
 * a new one is made at each login (session fixation) and its row deleted
 * at logout (a copied cookie stops working); it lapses after
 * Kaiji.Desk.IdleMinutes without use and after DESK_SESSION_MAX_HOURS.
 * With Kaiji.Desk.TrustRemoteUser = 1 the web server signs people in (a
 * city's single sign-on) and the FastCGI parameter named by
 * Kaiji.Desk.RemoteUserParam (KAIJI_REMOTE_USER in the shipped server
 * configs, set only where the server checked the sign-in) names the staff
 * login; REMOTE_USER is never read (docs/INSTALL.md). A password
 * sign-in of an account enrolled for TOTP, or of a role that
 * Kaiji.Desk.TotpRoles names, needs its code too (lib/totp.h,
 * cgi-bin/desk.c). */
#ifndef KAIJI_DESK_H
#define KAIJI_DESK_H

#include <stdbool.h>

#include "req.h"
#include "staff.h"

#define DESK_COOKIE "kaiji_desk"
#define DESK_SESSION_MAX_HOURS 12
/* Failed logins counted over this window, per login from one client and
 * per client: DESK_FREE_FAILURES free (twice as many per client), then
 * waits of 1, 2, 4 … s up to DESK_DELAY_CAP, and at most
 * DESK_FAILURES_PER_CLIENT per client. */
#define DESK_THROTTLE_SECONDS (15 * 60)
#define DESK_FREE_FAILURES 5
#define DESK_DELAY_CAP (5 * 60)
#define DESK_FAILURES_PER_CLIENT 30

/* 0 when the staff member is signed in with at least min_role (*out set,
 * and Desk.Me.* set for the templates); otherwise the response is built or
 * chosen and the handler must return at once: -1 after a redirect to the
 * login page (return 0), 403 when the role is too low or the account is
 * unknown under REMOTE_USER. DESK_REQUIRE does exactly that. */
/* A desk page to return to after signing in (the login's next): a path
 * below /desk/ of [a-z0-9/_.-] without "..", not the inbox (where a
 * sign-in leads anyway), the login or the logout. */
bool desk_return_ok(const char *path);

int desk_require(struct req *req, enum desk_role min_role,
                 const struct desk_staff **out);

#define DESK_REQUIRE(req, role, out)                                       \
	do {                                                               \
		int desk_rc_ = desk_require((req), (role), (out));         \
		if (desk_rc_ != 0)                                         \
			return desk_rc_ < 0 ? 0 : desk_rc_;                \
	} while (0)

/* Whether the web server signs staff in (Kaiji.Desk.TrustRemoteUser). */
bool desk_trusts_remote_user(struct req *req);

/* After a good password: a fresh session for staff_id (any session the
 * browser brought is deleted) and its cookie. 0 or -1. */
int desk_session_start(struct req *req, long long staff_id);
/* Delete this browser's session and clear its cookie. */
void desk_session_end(struct req *req);

/* The login throttle: 0 when this client may try this login now, else
 * the seconds to wait (this client, or this login from this client, failed
 * too often lately; another client is never slowed). And a failure to
 * count. Keys are keyed hashes only. */
long long desk_login_throttled(struct req *req, const char *login);
void desk_login_failed(struct req *req, const char *login);

/* The inbox search text NFKC-folded (full-width digits and letters) with
 * the spaces at both ends cut (exact: a reference number), and the same
 * without any space, ASCII letters in lower case and LIKE's wildcards
 * escaped by '\\' (like: a requester's name, matched against the name
 * in lower case: SQLite's LIKE ignores the case of ASCII letters,
 * PostgreSQL's does not). Both "" when q is NULL. */
void desk_search_terms(struct arena *a, const char *q, const char **exact,
                       const char **like);

#endif

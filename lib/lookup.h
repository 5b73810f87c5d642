/* The citizen's proof of a lookup: after the reference number and access
 * code matched, the status page sets a cookie (HttpOnly, SameSite=Strict)
 * that names the request for a short time, signed with a key of the
 * server's and the request's access-code hash (lib/lookup.c).
 * Later steps (withdraw, choose delivery, pay) read it instead of asking
 * for the code again or carrying it in a URL. */
#ifndef KAIJI_LOOKUP_H
#define KAIJI_LOOKUP_H

#include "case.h"
#include "req.h"

#define LOOKUP_COOKIE "kaiji_lookup"
#define LOOKUP_SECONDS (30 * 60)

/* Set the cookie of a session for request_id, whose access code's hash
 * (request.code_hash) is code_hash. 0 or -1. */
int lookup_start(struct req *req, long long request_id, const char *code_hash);
/* The request this browser proved, loaded in row: 0; 1 none (no cookie,
 * expired, forged, or its access code reissued since); -1 a database
 * error. */
int lookup_case(struct req *req, struct case_row *row);
/* Its id only, or 0 (none, or an error). */
long long lookup_request(struct req *req);

/* The parts of lookup_start and lookup_request without a request (for
 * the tests and the fuzz harness): the cookie's value for request id
 * until expires, and the id a value names when it is well formed and
 * expires after now and at most LOOKUP_SECONDS later (with that end in
 * *expires), else 0. The id is proved only when lookup_cookie with the
 * request's code hash gives the same value. */
char *lookup_cookie(struct arena *a, long long id, long long expires,
                    const char *code_hash);
long long lookup_cookie_id(const char *cookie, long long now, long long *expires);
/* The reference number as a person may type it (full-width digits, any
 * dash, spaces, a short sequence number "2026-123") as "YYYY-NNNNNN", or
 * NULL when it cannot be one. */
const char *lookup_ref_normalize(struct arena *a, const char *typed);

#endif

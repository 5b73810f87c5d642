/* The citizen's proof of a lookup: after the reference number and access
 * code matched, the status page sets a cookie (random, HttpOnly,
 * SameSite=Strict) whose keyed hash maps to the request for a short time.
 * Later steps (withdraw, choose delivery, pay) read it instead of asking
 * for the code again or carrying it in a URL. */
#ifndef KAIJI_LOOKUP_H
#define KAIJI_LOOKUP_H

#include "req.h"

#define LOOKUP_COOKIE "kaiji_lookup"
#define LOOKUP_SECONDS (30 * 60)

/* Start a session for request_id and set the cookie. 0 or -1. */
int lookup_start(struct req *req, long long request_id);
/* The request this browser proved, or 0 (none, expired or unknown). */
long long lookup_request(struct req *req);
/* Forget this browser's session (and clear the cookie). */
void lookup_end(struct req *req);
/* The reference number as a person may type it (full-width digits, any
 * dash, spaces, a short sequence number "2026-123") as "YYYY-NNNNNN", or
 * NULL when it cannot be one. */
const char *lookup_ref_normalize(struct arena *a, const char *typed);

#endif

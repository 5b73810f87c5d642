/* The request form's flood limits (issue 16 item 3): anyone may post the
 * form without signing in, and every post can make a draft, store
 * identity documents (fsync'd) and file a real case with legal deadlines.
 * Per client (lib/client.h: an address or an IPv6 /64) at most
 * City.Flood.DraftsPerHour new drafts, UploadMegabytesPerHour of uploads
 * and RequestsPerDay filed requests; and all live drafts together at most
 * LiveDraftMegabytes, past which new drafts are refused with a 503 page
 * while the drafts already begun go on. Counts are kept in client_use by
 * keyed hash only. */
#ifndef KAIJI_REQUEST_FLOOD_H
#define KAIJI_REQUEST_FLOOD_H

#include <stdbool.h>
#include <stddef.h>

#include "req.h"

/* Before a new draft: -1 to go on, else what the handler returns (the
 * refusal page is rendered: 429 for this client, 503 when full). */
int flood_draft_refused(struct req *req);
/* After a new draft was made: count it. */
void flood_draft_made(struct req *req);
/* Whether this client may store len more bytes of uploads this hour; and
 * count bytes stored. */
bool flood_upload_allowed(struct req *req, size_t len);
void flood_upload_stored(struct req *req, size_t len);
/* Before filing: -1 to go on, else what the handler returns (429 page). */
int flood_submit_refused(struct req *req);
/* After a request was filed: count it, and keep the client's keyed hash
 * with the request for FLOOD_KEEP_DAYS (the desk's view of floods). */
#define FLOOD_KEEP_DAYS 31
void flood_submitted(struct req *req, long long request_id);

#endif

/* Uploaded identity documents are recognised by their first bytes, never
 * by the file name or the Content-Type the browser sent: only JPEG, PNG
 * and PDF are taken (DESIGN.md rule 6). */
#ifndef KAIJI_UPLOAD_H
#define KAIJI_UPLOAD_H

#include <stddef.h>

/* "image/jpeg", "image/png", "application/pdf", or NULL for anything
 * else (including an empty or truncated file). */
const char *upload_sniff(const void *data, size_t len);

/* A short name for a type from upload_sniff: "JPEG", "PNG", "PDF". */
const char *upload_type_label(const char *mime);

#endif

/* /kaiji/request: its pages (cgi-bin/request-PAGE.c) and the helpers they
 * share (cgi-bin/request-view.c). */
#ifndef KAIJI_CGI_REQUEST_H
#define KAIJI_CGI_REQUEST_H

#include <jansson.h>

#include "draft.h"
#include "req.h"
#include "request-form.h"

/* request-start.c */
int request_start(struct req *req);       /* GET  /request */
/* request-input.c */
int request_input(struct req *req);       /* GET  /request/form */
int request_input_post(struct req *req);  /* POST /request/form */
/* request-confirm.c */
int request_confirm(struct req *req);     /* GET  /request/confirm */
int request_print(struct req *req);       /* POST /request/print */
/* request-receipt.c */
int request_submit(struct req *req);      /* POST /request/submit */
int request_receipt(struct req *req);     /* GET  /request/receipt */

/* request-view.c */
/* This browser's live draft after purging expired ones: 0, 1 none, -1. */
int rview_draft(struct req *req, struct draft *out);
/* Set the draft cookie for its remaining life. */
void rview_draft_cookie(struct req *req, const struct draft *d);
/* The draft's values, an empty object when unreadable. */
json_t *rview_draft_values(const struct draft *d);
/* Documents of a draft as rform_doc for the checks. */
struct rform_doc *rview_docs(struct req *req, const struct draft_file *files,
                             size_t n);
struct rform_ctx rview_ctx(struct req *req);
/* Everything a form, confirm, print or receipt page shows. */
void rview_common(struct req *req, json_t *values, int step);
void rview_files(struct req *req, const struct draft_file *files, size_t n);
/* A string of the request's language with {n} and {m} replaced. */
const char *rview_fill(struct req *req, const char *key, const char *n,
                       const char *m);
void rview_errors(struct req *req, const struct rform_errors *errs);
/* Render the input form with values, kept files and errors. */
int rview_form(struct req *req, json_t *values, const struct draft_file *files,
               size_t nfiles, const struct rform_errors *errs);
/* The confirm page (online: from the draft; counter-only: hidden fields). */
int rview_confirm(struct req *req, json_t *values,
                  const struct draft_file *files, size_t nfiles);
int rview_expired(struct req *req);

#endif

#ifndef KAIJI_CMD_DOCUMENT_H
#define KAIJI_CMD_DOCUMENT_H

#include "app.h"

/* kaijictl document list REF | get REF N: a request's identity documents,
 * listed, or the Nth decrypted to standard output. */
int cmd_document(struct app *app, int argc, char **argv);

#endif

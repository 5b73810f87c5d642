#ifndef KAIJI_CMD_DOCUMENT_H
#define KAIJI_CMD_DOCUMENT_H

#include "app.h"

/* kaijictl document list REF | get REF N: a request's identity documents,
 * listed, or the Nth decrypted to standard output. copy-from DIR: every
 * kept document copied from the vault files in DIR into the vault
 * Kaiji.Vault names. */
int cmd_document(struct app *app, int argc, char **argv);

#endif

/* kaijictl pages SRC DEST (tools/cmd-pages.c) */
#ifndef KAIJI_CMD_PAGES_H
#define KAIJI_CMD_PAGES_H

/* The configuration file's path, as check-config takes it. */
int cmd_pages(const char *config, int argc, char **argv);

#endif

/* kaijictl pages SRC DEST (tools/cmd-pages.c) */
#ifndef KAIJI_CMD_PAGES_H
#define KAIJI_CMD_PAGES_H

/* The configuration file's path, as check-config takes it. */
int cmd_pages(const char *config, int argc, char **argv);

struct view;
/* text with each <!--city:NAME-->…<!--/city--> block replaced by
 * templates/page-NAME.cs in lang; malloc'd, or NULL with err set (a block
 * without its end or name, a template that does not render). */
char *pages_fill(struct view *v, const char *lang, const char *text, char *err,
                 size_t errlen);

#endif

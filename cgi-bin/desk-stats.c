#include "desk-pages.h"

int desk_page_stats(struct req *req)
{
	(void)req;
	return 404;
}

int desk_page_stats_csv(struct req *req)
{
	(void)req;
	return 404;
}

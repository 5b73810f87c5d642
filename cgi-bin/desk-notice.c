#include "desk-pages.h"

int desk_page_notice(struct req *req)
{
	(void)req;
	return 404;
}

/* nginx.conf's user directive (webconf_nginx_user): any bytes give a
 * result of the enum, and names filled only with a found directive,
 * NUL-terminated within WEBCONF_NAME_MAX, never empty for the user. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "webconf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65536)
		return 0;
	char user[WEBCONF_NAME_MAX], group[WEBCONF_NAME_MAX];
	enum webconf_user r = webconf_nginx_user((const char *)data, size, user, group);
	if (r != WEBCONF_USER_SET && r != WEBCONF_USER_NONE && r != WEBCONF_USER_UNKNOWN &&
	    r != WEBCONF_BAD)
		abort();
	if (memchr(user, '\0', sizeof user) == NULL || memchr(group, '\0', sizeof group) == NULL)
		abort();
	if (r == WEBCONF_USER_SET && user[0] == '\0')
		abort();
	if (r != WEBCONF_USER_SET && (user[0] != '\0' || group[0] != '\0'))
		abort();
	return 0;
}

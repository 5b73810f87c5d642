/* Which roles sign in with a second step (Kaiji.Desk.TotpRoles), apart
 * from lib/totp.c: lib/config.c checks the setting in every program, and
 * this needs no OpenSSL (totp.c's HMAC-SHA1), so a program without a
 * sign-in does not map libcrypto (about 1.4 MiB resident, issue 20). */
#include "totp.h"

#include <string.h>

bool totp_roles_valid(const char *v)
{
	if (v == NULL)
		return true;
	char word[16];
	size_t n = 0;
	for (const char *p = v;; p++) {
		if (*p == '\0' || *p == ' ' || *p == ',') {
			if (n > 0) {
				word[n] = '\0';
				enum desk_role r;
				if (strcmp(word, "none") != 0 && staff_role_parse(word, &r) != 0)
					return false;
			}
			n = 0;
			if (*p == '\0')
				return true;
		} else if (n + 1 < sizeof word) {
			word[n++] = *p;
		} else {
			return false;
		}
	}
}

bool totp_required(HDF *cfg, enum desk_role role)
{
	const char *v = hdf_get_value(cfg, "Kaiji.Desk.TotpRoles", "admin");
	const char *name = staff_role_name(role);
	size_t len = name ? strlen(name) : 0;
	if (len == 0)
		return false;
	for (const char *p = v; *p;) {
		size_t n = strcspn(p, " ,");
		if (n == len && strncmp(p, name, len) == 0)
			return true;
		p += n;
		p += strspn(p, " ,");
	}
	return false;
}

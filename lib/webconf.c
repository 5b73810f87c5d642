#include "webconf.h"

#include <stdbool.h>
#include <string.h>

/* A statement of the main context: its first three words. */
struct webconf_stmt {
	char word[3][WEBCONF_NAME_MAX];
	int n;
	bool too_long;
};

struct webconf_scan {
	const char *p, *end;
	int depth;
};

static bool webconf_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool webconf_is_special(char c)
{
	return c == ';' || c == '{' || c == '}' || c == '#' || webconf_is_space(c);
}

/* One word (bare or quoted, nginx's escapes kept as they are) into w. */
static void webconf_word(struct webconf_scan *s, struct webconf_stmt *st)
{
	char quote = (*s->p == '"' || *s->p == '\'') ? *s->p++ : 0;
	size_t n = 0;
	char *w = st->n < 3 ? st->word[st->n] : NULL;
	while (s->p < s->end) {
		char c = *s->p;
		if (quote ? c == quote : webconf_is_special(c))
			break;
		if (c == '\\' && s->p + 1 < s->end)
			c = *++s->p;
		if (w != NULL && n + 1 < WEBCONF_NAME_MAX)
			w[n++] = c;
		else if (w != NULL)
			st->too_long = true;
		s->p++;
	}
	if (quote && s->p < s->end)
		s->p++;
	if (w != NULL)
		w[n] = '\0';
	st->n++;
}

static void webconf_skip_comment(struct webconf_scan *s)
{
	while (s->p < s->end && *s->p != '\n')
		s->p++;
}

enum webconf_user webconf_nginx_user(const char *text, size_t len,
                                     char user[WEBCONF_NAME_MAX],
                                     char group[WEBCONF_NAME_MAX])
{
	struct webconf_scan s = { text, text + len, 0 };
	struct webconf_stmt st = { .n = 0 };
	bool included = false;
	user[0] = group[0] = '\0';
	while (s.p < s.end) {
		char c = *s.p;
		if (webconf_is_space(c)) {
			s.p++;
		} else if (c == '#') {
			webconf_skip_comment(&s);
		} else if (c == '{') {
			s.depth++;
			st = (struct webconf_stmt){ .n = 0 };
			s.p++;
		} else if (c == '}') {
			if (--s.depth < 0)
				return WEBCONF_BAD;
			st = (struct webconf_stmt){ .n = 0 };
			s.p++;
		} else if (c == ';') {
			s.p++;
			if (s.depth == 0 && st.n > 0 && strcmp(st.word[0], "include") == 0)
				included = true;
			if (s.depth == 0 && st.n > 0 && strcmp(st.word[0], "user") == 0) {
				if (st.n < 2 || st.n > 3 || st.too_long || st.word[1][0] == '\0')
					return WEBCONF_BAD;
				memcpy(user, st.word[1], WEBCONF_NAME_MAX);
				if (st.n == 3)
					memcpy(group, st.word[2], WEBCONF_NAME_MAX);
				return WEBCONF_USER_SET;
			}
			st = (struct webconf_stmt){ .n = 0 };
		} else {
			webconf_word(&s, &st);
		}
	}
	if (s.depth != 0)
		return WEBCONF_BAD;
	return included ? WEBCONF_USER_UNKNOWN : WEBCONF_USER_NONE;
}

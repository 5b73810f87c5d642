/* Readings of Japanese text (読み仮名) by MeCab and its dictionary
 * (Debian's libmecab2 with mecab-ipadic-utf8), for the register's search
 * by reading (issue 23 item 20). The library is opened at run time: a
 * server without it still saves entries, with no reading, and says so in
 * the log once. */
#ifndef KAIJI_READING_H
#define KAIJI_READING_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

/* The reading of text in katakana, words the dictionary does not know
 * kept as written (zqxv台帳 → zqxvダイチョウ), at most max characters
 * (cut at a character); "" when MeCab or its dictionary is missing, or
 * text is "". Never NULL. */
const char *reading_of(struct arena *a, const char *text, size_t max);

/* Whether MeCab could be opened (opens it on the first call). */
bool reading_available(void);

/* For tests: act as if MeCab were missing (true) or look again (false). */
void reading_pretend_missing(bool missing);

#endif

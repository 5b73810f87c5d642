/* A few macros for unit tests that print TAP lines: "ok N - name" or
 * "not ok N - name". tests/run counts them for the closing line. */
#ifndef KAIJI_TAP_H
#define KAIJI_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_count, tap_failed;

#define TAP_OK(cond, ...)                                                  \
	do {                                                               \
		int tap_c_ = (cond) ? 1 : 0;                               \
		tap_count++;                                               \
		if (!tap_c_)                                               \
			tap_failed++;                                      \
		printf("%sok %d - ", tap_c_ ? "" : "not ", tap_count);     \
		printf(__VA_ARGS__);                                       \
		printf("\n");                                              \
		if (!tap_c_)                                               \
			printf("#   failed at %s:%d: %s\n", __FILE__,      \
			       __LINE__, #cond);                           \
	} while (0)

#define TAP_STREQ(got, want, ...)                                          \
	do {                                                               \
		const char *tap_g_ = (got), *tap_w_ = (want);              \
		int tap_e_ = tap_g_ && tap_w_ && strcmp(tap_g_, tap_w_) == 0; \
		TAP_OK(tap_e_, __VA_ARGS__);                               \
		if (!tap_e_)                                               \
			printf("#   got  '%s'\n#   want '%s'\n",           \
			       tap_g_ ? tap_g_ : "(null)",                 \
			       tap_w_ ? tap_w_ : "(null)");                \
	} while (0)

#define TAP_INTEQ(got, want, ...)                                          \
	do {                                                               \
		long long tap_g_ = (long long)(got), tap_w_ = (long long)(want); \
		TAP_OK(tap_g_ == tap_w_, __VA_ARGS__);                     \
		if (tap_g_ != tap_w_)                                      \
			printf("#   got  %lld\n#   want %lld\n", tap_g_, tap_w_); \
	} while (0)

/* Last line of main: prints the plan and returns the exit status. */
#define TAP_DONE() (printf("1..%d\n", tap_count), tap_failed ? 1 : 0)

#endif

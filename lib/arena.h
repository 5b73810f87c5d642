/* Per-request memory: a bump allocator freed as a whole after each request.
 * Allocation never fails for the caller: on out-of-memory the process logs
 * and exits, and the supervisor restarts the worker. */
#ifndef KAIJI_ARENA_H
#define KAIJI_ARENA_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct arena;

struct arena *arena_new(void);
void arena_free(struct arena *a);
/* Drop every allocation but keep the first block for reuse. */
void arena_reset(struct arena *a);
/* Zeroed memory, aligned for any type. */
void *arena_alloc(struct arena *a, size_t size);
void *arena_calloc(struct arena *a, size_t count, size_t size);
/* An arena array of n items of size bytes with room for one more: when n
 * has reached *cap, a copy twice as large (16 items when *cap is 0) and
 * *cap updated. Returns the array, maybe moved. */
void *arena_grow(struct arena *a, void *items, size_t n, size_t *cap,
                 size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t len);
void *arena_memdup(struct arena *a, const void *p, size_t len);
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Bytes handed out since the last reset (for tests and limits). */
size_t arena_used(const struct arena *a);
/* Whether p points into memory the arena handed out since its last reset
 * (lib/view-data.c: which nodes of a mixed tree are ClearSilver's). */
bool arena_owns(const struct arena *a, const void *p);

/* A growable byte buffer whose storage lives in an arena. */
struct buf {
	struct arena *arena;
	char *data; /* always NUL-terminated */
	size_t len;
	size_t cap;
};

void buf_init(struct buf *b, struct arena *a);
void buf_append(struct buf *b, const void *p, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
/* v in decimal ("%lld" without printf's parsing of a format). */
void buf_put_int(struct buf *b, long long v);
/* v in decimal, written backwards to end just before end (no NUL):
 * returns its first character. Room: 20 characters. */
char *decimal_before(char *end, unsigned long long v);
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif

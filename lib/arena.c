#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

#define ARENA_BLOCK (64 * 1024)
#define ARENA_ALIGN (_Alignof(max_align_t))

struct block {
	struct block *next;
	size_t size;
	size_t used;
	_Alignas(max_align_t) unsigned char data[];
};

struct arena {
	struct block *head;
	size_t used_total;
};

static void *xmalloc(size_t n)
{
	void *p = malloc(n);
	if (p == NULL) {
		log_event(LOG_ERR, "out of memory (%zu bytes): exiting", n);
		exit(70);
	}
	return p;
}

static struct block *block_new(size_t min)
{
	size_t size = min > ARENA_BLOCK ? min : ARENA_BLOCK;
	if (size > SIZE_MAX - sizeof(struct block)) {
		log_event(LOG_ERR, "arena request too large: exiting");
		exit(70);
	}
	struct block *b = xmalloc(sizeof(struct block) + size);
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

struct arena *arena_new(void)
{
	struct arena *a = xmalloc(sizeof *a);
	a->head = block_new(ARENA_BLOCK);
	a->used_total = 0;
	return a;
}

void arena_free(struct arena *a)
{
	if (a == NULL)
		return;
	struct block *b = a->head;
	while (b != NULL) {
		struct block *next = b->next;
		free(b);
		b = next;
	}
	free(a);
}

void arena_reset(struct arena *a)
{
	struct block *b = a->head;
	/* Keep the last block in the chain: it is the first one made, of the
	 * standard size, so a quiet process holds one block and no more. */
	while (b->next != NULL) {
		struct block *next = b->next;
		free(b);
		b = next;
	}
	b->used = 0;
	a->head = b;
	a->used_total = 0;
}

/* size bytes, aligned, not zeroed. */
static void *arena_take(struct arena *a, size_t size)
{
	if (size == 0)
		size = 1;
	if (size > SIZE_MAX - ARENA_ALIGN) {
		log_event(LOG_ERR, "arena request too large: exiting");
		exit(70);
	}
	size_t need = (size + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	struct block *b = a->head;
	if (b->size - b->used < need) {
		struct block *nb = block_new(need);
		if (need >= ARENA_BLOCK) {
			/* A large piece gets a block of its own behind the head, so the
			 * head's free space is not wasted. */
			nb->next = b->next;
			b->next = nb;
			b = nb;
		} else {
			nb->next = b;
			a->head = nb;
			b = nb;
		}
	}
	void *p = b->data + b->used;
	b->used += need;
	a->used_total += need;
	return p;
}

void *arena_alloc(struct arena *a, size_t size)
{
	void *p = arena_take(a, size);
	memset(p, 0, size);
	return p;
}

void *arena_calloc(struct arena *a, size_t count, size_t size)
{
	if (size != 0 && count > SIZE_MAX / size) {
		log_event(LOG_ERR, "arena calloc overflow: exiting");
		exit(70);
	}
	return arena_alloc(a, count * size);
}

void *arena_grow(struct arena *a, void *items, size_t n, size_t *cap,
                 size_t size)
{
	if (n < *cap)
		return items;
	size_t more = *cap ? *cap * 2 : 16;
	void *p = arena_calloc(a, more, size);
	if (n > 0)
		memcpy(p, items, n * size);
	*cap = more;
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p = arena_take(a, len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void *arena_memdup(struct arena *a, const void *p, size_t len)
{
	void *q = arena_take(a, len);
	memcpy(q, p, len);
	return q;
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	/* One pass when the text fits in the head block's free space (the
	 * usual case: names such as Entries.3.Name), measured first only when
	 * it does not (issue 20: the formatting was a tenth of a register
	 * page's work). The used space stays a multiple of ARENA_ALIGN, so
	 * the free space is one too and the rounded length fits in it. */
	va_list copy;
	struct block *b = a->head;
	size_t room = b->size - b->used;
	va_copy(copy, ap);
	int n = vsnprintf((char *)b->data + b->used, room, fmt, copy);
	va_end(copy);
	if (n >= 0 && (size_t)n < room) {
		char *p = (char *)b->data + b->used;
		size_t need = ((size_t)n + 1 + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
		b->used += need;
		a->used_total += need;
		return p;
	}
	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return arena_strdup(a, "");
	char *p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

size_t arena_used(const struct arena *a)
{
	return a->used_total;
}

bool arena_owns(const struct arena *a, const void *p)
{
	uintptr_t at = (uintptr_t)p;
	for (const struct block *b = a->head; b != NULL; b = b->next)
		if (at >= (uintptr_t)b->data && at < (uintptr_t)(b->data + b->used))
			return true;
	return false;
}

void buf_init(struct buf *b, struct arena *a)
{
	b->arena = a;
	b->cap = 256;
	b->len = 0;
	b->data = arena_alloc(a, b->cap);
}

static void buf_reserve(struct buf *b, size_t extra)
{
	if (extra > SIZE_MAX / 2 - b->len) {
		log_event(LOG_ERR, "buffer too large: exiting");
		exit(70);
	}
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap * 2;
	while (cap < b->len + extra + 1)
		cap *= 2;
	/* Not zeroed: a buffer's bytes past len + 1 are never read (a page
	 * grew its buffer seven times, zeroing 32 kB it then overwrote). */
	char *d = arena_take(b->arena, cap);
	memcpy(d, b->data, b->len + 1);
	b->data = d;
	b->cap = cap;
}

void buf_append(struct buf *b, const void *p, size_t len)
{
	buf_reserve(b, len);
	memcpy(b->data + b->len, p, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void buf_putc(struct buf *b, char c)
{
	buf_append(b, &c, 1);
}

char *decimal_before(char *end, unsigned long long v)
{
	do
		*--end = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	return end;
}

void buf_put_int(struct buf *b, long long v)
{
	char digits[24];
	char *end = digits + sizeof digits;
	unsigned long long u = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;
	char *p = decimal_before(end, u);
	if (v < 0)
		*--p = '-';
	buf_append(b, p, (size_t)(end - p));
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = arena_vprintf(b->arena, fmt, ap);
	va_end(ap);
	buf_puts(b, s);
}

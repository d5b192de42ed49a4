/* buf: a growable byte buffer.  The caller owns it: buf_free() releases. */
#ifndef DERMA_BUF_H
#define DERMA_BUF_H

#include <stddef.h>
#include <string.h>

struct buf {
	char *p;	/* bytes, not NUL-terminated unless buf_str() */
	size_t len;
	size_t cap;
};

/* Each returns 0, or -1 when memory runs out (the buffer is unchanged). */
int buf_grow(struct buf *b, size_t more);
int buf_add_slow(struct buf *b, const void *p, size_t n);
/* Appends n bytes; inline, as writers call it for every scalar. */
static inline int
buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->cap - b->len <= n)
		return buf_add_slow(b, p, n);
	memcpy(b->p + b->len, p, n);
	b->len += n;
	return 0;
}
int buf_puts(struct buf *b, const char *s);
int buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static inline int
buf_putc(struct buf *b, char c)
{
	if (b->cap - b->len <= 1 && buf_grow(b, 1) == -1)
		return -1;
	b->p[b->len++] = c;
	return 0;
}

/* NUL-terminates the buffer (not counted in len) and returns its bytes. */
const char *buf_str(struct buf *b);
void buf_free(struct buf *b);
/* Writes all n bytes of p to fd, again where a signal cut it short: 0,
 * or -1 with errno set. */
int write_all(int fd, const char *p, size_t n);

#endif

/* buf: a growable byte buffer.  The caller owns it: buf_free() releases. */
#ifndef DERMA_BUF_H
#define DERMA_BUF_H

#include <stddef.h>

struct buf {
	char *p;	/* bytes, not NUL-terminated unless buf_str() */
	size_t len;
	size_t cap;
};

/* Each returns 0, or -1 when memory runs out (the buffer is unchanged). */
int buf_grow(struct buf *b, size_t more);
int buf_add(struct buf *b, const void *p, size_t n);
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

#endif

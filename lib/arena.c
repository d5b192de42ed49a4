#include "arena.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK (64 * 1024)

struct block {
	struct block *next;
	size_t size;	/* usable bytes after the header */
	size_t used;
	alignas(max_align_t) unsigned char mem[];
};

struct arena {
	struct block *head;	/* current block; older ones follow */
	size_t total;		/* handed out since the last reset */
};

static struct block *
block_new(size_t size)
{
	struct block *b;

	if (size > (size_t)-1 - sizeof(*b))
		return NULL;
	if ((b = malloc(sizeof(*b) + size)) == NULL)
		return NULL;
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

struct arena *
arena_new(void)
{
	struct arena *a;

	if ((a = malloc(sizeof(*a))) == NULL)
		return NULL;
	if ((a->head = block_new(ARENA_BLOCK)) == NULL) {
		free(a);
		return NULL;
	}
	a->total = 0;
	return a;
}

void *
arena_alloc(struct arena *a, size_t size)
{
	const size_t align = alignof(max_align_t);
	struct block *b = a->head;
	size_t off, need;
	void *p;

	if (size > (size_t)-1 - align)
		return NULL;
	need = (size + align - 1) & ~(align - 1);
	off = b->used;
	if (b->size - off < need) {
		struct block *nb = block_new(need > ARENA_BLOCK ? need : ARENA_BLOCK);
		if (nb == NULL)
			return NULL;
		nb->next = b;
		a->head = b = nb;
		off = 0;
	}
	p = b->mem + off;
	b->used = off + need;
	a->total += need;
	return p;
}

void *
arena_zalloc(struct arena *a, size_t size)
{
	void *p = arena_alloc(a, size);

	if (p != NULL)
		memset(p, 0, size);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p;

	if (n == (size_t)-1 || (p = arena_alloc(a, n + 1)) == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

size_t
arena_used(const struct arena *a)
{
	return a->total;
}

void
arena_reset(struct arena *a)
{
	struct block *b = a->head, *next;

	/* The oldest block is the first one allocated: keep it. */
	while (b->next != NULL) {
		next = b->next;
		free(b);
		b = next;
	}
	b->used = 0;
	a->head = b;
	a->total = 0;
}

void
arena_free(struct arena *a)
{
	struct block *b, *next;

	if (a == NULL)
		return;
	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

/*
 * arena: memory for one record.  Everything a record's tree and its typed
 * view need is carved from one arena and released together by arena_reset()
 * (kept for the next record) or arena_free().
 */
#ifndef DERMA_ARENA_H
#define DERMA_ARENA_H

#include <stddef.h>

struct arena;

struct arena *arena_new(void);
/* Aligned memory, or NULL when memory runs out. */
void *arena_alloc(struct arena *a, size_t size);
void *arena_zalloc(struct arena *a, size_t size);
/* A NUL-terminated copy of n bytes of s, or NULL. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
/* Bytes handed out since the last reset. */
size_t arena_used(const struct arena *a);
/* Frees every block but the first, which is reused. */
void arena_reset(struct arena *a);
void arena_free(struct arena *a);

#endif

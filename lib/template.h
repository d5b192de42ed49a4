/*
 * template: texts of the rules data with {placeholders} in them, such as a
 * screening rule's message "{name} stopped {date}; wait {wait}".  Each kind
 * of text has its own set of placeholders, an array of names without the
 * braces ending with NULL; the caller that fills them says which.  A text
 * is checked once, when the data is loaded, so that a placeholder its kind
 * cannot fill is a data-file error rather than braces in the output.
 * "{{" stands for a "{" of the text itself.
 */
#ifndef DERMA_TEMPLATE_H
#define DERMA_TEMPLATE_H

#include <stddef.h>

#include "buf.h"

/* At most this many names in a set: template_uses() gives a bit per name. */
#define TEMPLATE_MAX 32

/*
 * The placeholders text uses: bit i of *used for names[i].  Returns 0, or
 * -1 when a "{" starts no placeholder of names; *bad is then its offset
 * in text.
 */
int template_uses(const char *text, const char *const *names,
    unsigned long *used, size_t *bad);

/*
 * Appends text to out with each placeholder replaced by what fill appends
 * for it: fill(arg, i, out) for names[i].  text must have passed
 * template_uses(); a brace it did not check is copied as it is.  Returns
 * 0, or -1 when fill does or memory runs out (out may hold part of it).
 */
int template_expand(const char *text, const char *const *names,
    int (*fill)(void *arg, size_t which, struct buf *out), void *arg,
    struct buf *out);

/* The names of the bits of set, as "{a} {b}", or "none": into out of size n. */
void template_list(const char *const *names, unsigned long set, char *out,
    size_t n);

#endif

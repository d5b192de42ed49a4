/*
 * datadir: where the rules data lives, and reading its YAML files.
 * Looked for in the --rules directory when given, else ../share/derma
 * beside the running executable, else the directory compiled in.
 */
#ifndef DERMA_DATADIR_H
#define DERMA_DATADIR_H

#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "node.h"

/* Fills out (size n) with the data directory; -1 with d filled when none. */
int datadir_find(const char *opt, char *out, size_t n, struct diag *d);
/*
 * Reads and parses dir/name into a tree in a; the file name for messages
 * is kept in a too.  Returns 0, or -1 with d filled.
 */
int datafile_load(const char *dir, const char *name, struct arena *a,
    struct node **root, struct diag *d);
/*
 * Data file errors: d set at n's position with the message.  The rules
 * data are the clinic's to adapt, so every error in them, from a missing
 * directory to a bad value, is DIAG_CONFIG (exit 78), never a data error
 * that a script would take for a skipped record.
 */
int datafile_error(struct diag *d, const struct node *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif

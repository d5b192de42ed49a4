/*
 * diag: the error value every library call fills instead of printing.
 * It locates a problem (file, line, column, record id) and says what is
 * wrong; it never carries patient text beyond the id.
 */
#ifndef DERMA_DIAG_H
#define DERMA_DIAG_H

#include <stdarg.h>

#include "buf.h"

#define DIAG_ID_MAX 64

/* Kinds of error, and the exit status each stands for (SPEC section 5). */
enum diag_kind {
	DIAG_USAGE = 64,	/* a bad option or argument: EX_USAGE */
	DIAG_DATA = 65,		/* a bad record or stream: EX_DATAERR */
	DIAG_NOINPUT = 66,	/* an input cannot be opened: EX_NOINPUT */
	DIAG_UNAVAILABLE = 69,	/* the mail command cannot run or failed:
				 * EX_UNAVAILABLE */
	DIAG_INTERNAL = 70,	/* out of memory, a bug: EX_SOFTWARE */
	DIAG_IO = 74,		/* read or write error: EX_IOERR */
	DIAG_TEMPFAIL = 75,	/* another run holds the lock: EX_TEMPFAIL */
	DIAG_CONFIG = 78	/* the clinic's configuration is bad: EX_CONFIG */
};

/*
 * A diag holds all it says, the file's name too, so that a copy of one is
 * as good as the one copied (no pointer into itself or into a name that
 * may die).
 */
struct diag {
	enum diag_kind kind;
	char file[512];		/* "" when not about a file */
	unsigned long line;	/* 1-based; 0 when unknown */
	unsigned long col;	/* 1-based; 0 when unknown */
	char id[DIAG_ID_MAX + 1];	/* record id when known, else "" */
	char msg[256];
};

/* Sets kind, position and message; keeps file and id. */
void diag_set(struct diag *d, enum diag_kind kind, unsigned long line,
    unsigned long col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void diag_vset(struct diag *d, enum diag_kind kind, unsigned long line,
    unsigned long col, const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));
void diag_clear(struct diag *d);
/* The file the diag is about (a copy of name; NULL: none). */
void diag_set_file(struct diag *d, const char *name);
/* Appends "prog: file:line:col: message (id ID)\n" to out. */
int diag_format(const struct diag *d, const char *prog, struct buf *out);

#endif

/*
 * progress: a line on a terminal saying how far a long run has read
 * (records, megabytes, records a second), redrawn at most four times a
 * second and cleared at the end.  It is the one part of the library that
 * writes: to the FILE * it is given (standard error), and only when that
 * is a terminal, so that nothing of it reaches a file or a pipe.  Main
 * thread only.
 */
#ifndef DERMA_PROGRESS_H
#define DERMA_PROGRESS_H

#include <stdio.h>

/* Milliseconds from one redraw to the next, at least. */
#define PROGRESS_EVERY_MS 250

struct progress {
	FILE *f;
	const char *prog;
	int on;			/* f is a terminal: draw */
	int erase;		/* the terminal takes ESC [ K: TERM not dumb */
	int shown;		/* a line is on the screen */
	int width;		/* its length, to blank it where ESC [ K is not */
	int cols;		/* the terminal's width when f cannot say it
				 * (tests); 0: COLUMNS, else 80 */
	double start, last;	/* seconds: the start, the last redraw */
	size_t records, bytes;	/* as last told */
	size_t checked_records, checked_bytes;	/* when the clock was read */
};

/* Starts: on when f is a terminal (tests may set p->on after); the line
 * is erased with ESC [ K unless TERM is unset, empty or dumb, where it is
 * overwritten with spaces. */
void progress_start(struct progress *p, FILE *f, const char *prog);
/* Records and bytes read so far (bytes 0: not known); redraws when due. */
void progress_update(struct progress *p, size_t records, size_t bytes);
/* The same at a time given in seconds (for tests; progress_update() reads
 * the monotonic clock). */
void progress_update_at(struct progress *p, size_t records, size_t bytes,
    double now);
/* Clears the line (before other messages, and at the end); it comes back
 * with the next redraw. */
void progress_clear(struct progress *p);

#endif

#include "progress.h"

#include <sys/ioctl.h>
#include <errno.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The longest line drawn: the name, four figures and their words. */
#define LINE_MAX_BYTES 256

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
progress_start(struct progress *p, FILE *f, const char *prog)
{
	const char *term = getenv("TERM");

	p->f = f;
	p->prog = prog;
	p->on = f != NULL && isatty(fileno(f));
	/* A dumb terminal, or none said, may print ESC [ K as it is. */
	p->erase = term != NULL && term[0] != '\0' && strcmp(term, "dumb") != 0;
	p->shown = 0;
	p->width = 0;
	p->cols = 0;
	p->start = now_s();
	p->last = p->start - 1;	/* the first update draws */
	p->records = p->bytes = 0;
	p->checked_records = p->checked_bytes = 0;
}

/* COLUMNS when it holds a plain positive number below 10000, else 80. */
static int
env_columns(void)
{
	const char *env = getenv("COLUMNS");
	char *end;
	long n;

	if (env == NULL || *env == '\0')
		return 80;
	errno = 0;
	n = strtol(env, &end, 10);
	if (errno != 0 || *end != '\0' || n <= 0 || n >= 10000)
		return 80;
	return (int)n;
}

/*
 * The columns the line may take: one less than the terminal has, for a
 * line that fills the last column wraps on some terminals, and a wrapped
 * line is not redrawn in place by \r but stacked.  Asked at each redraw,
 * as the window may be resized; else p->cols, else COLUMNS, else 80.
 */
static int
line_columns(const struct progress *p)
{
	struct winsize ws;
	int cols;

	if (ioctl(fileno(p->f), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		cols = ws.ws_col;
	else if (p->cols > 0)
		cols = p->cols;
	else
		cols = env_columns();
	return cols > 1 ? cols - 1 : 1;
}

void
progress_update_at(struct progress *p, size_t records, size_t bytes,
    double now)
{
	char line[LINE_MAX_BYTES];
	double t;
	int len;

	p->records = records;
	p->bytes = bytes;
	if (!p->on || (now - p->last) * 1000 < PROGRESS_EVERY_MS)
		return;
	p->last = now;
	t = now - p->start > 0.001 ? now - p->start : 0.001;
	if (bytes > 0)
		len = snprintf(line, sizeof(line), "%s: %zu records, %.1f MB, "
		    "%.0f records/s, %.1f MB/s", p->prog, records,
		    (double)bytes / 1e6, (double)records / t,
		    (double)bytes / 1e6 / t);
	else
		len = snprintf(line, sizeof(line), "%s: %zu records, "
		    "%.0f records/s", p->prog, records, (double)records / t);
	if (len < 0)
		return;
	if (len >= (int)sizeof(line))
		len = (int)sizeof(line) - 1;
	/* The line is ASCII (the tool's own name and figures): a byte a
	 * column. */
	if (len > line_columns(p))
		len = line_columns(p);
	line[len] = '\0';
	/* \r and erase to the end of the line: the line is redrawn in place;
	 * without ESC [ K, spaces cover what the last line had more. */
	fprintf(p->f, "\r%s", line);
	if (p->erase)
		fputs("\033[K", p->f);
	else if (p->width > len)
		fprintf(p->f, "%*s", p->width - len, "");
	fflush(p->f);
	p->width = len > p->width ? len : p->width;
	p->shown = 1;
}

void
progress_update(struct progress *p, size_t records, size_t bytes)
{
	/* The clock is read every 64 records or 64 kB: a record takes
	 * microseconds. */
	if (p->on && (records - p->checked_records >= 64 ||
	    bytes - p->checked_bytes >= 65536)) {
		p->checked_records = records;
		p->checked_bytes = bytes;
		progress_update_at(p, records, bytes, now_s());
		return;
	}
	p->records = records;
	p->bytes = bytes;
}

void
progress_clear(struct progress *p)
{
	if (!p->shown)
		return;
	if (p->erase)
		fputs("\r\033[K", p->f);
	else
		fprintf(p->f, "\r%*s\r", p->width, "");
	fflush(p->f);
	p->shown = 0;
	p->width = 0;
}

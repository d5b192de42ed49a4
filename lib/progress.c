#include "progress.h"

#include <time.h>
#include <unistd.h>

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
	p->f = f;
	p->prog = prog;
	p->on = f != NULL && isatty(fileno(f));
	p->shown = 0;
	p->start = now_s();
	p->last = p->start - 1;	/* the first update draws */
	p->records = p->bytes = 0;
	p->checked_records = p->checked_bytes = 0;
}

void
progress_update_at(struct progress *p, size_t records, size_t bytes,
    double now)
{
	double t;

	p->records = records;
	p->bytes = bytes;
	if (!p->on || (now - p->last) * 1000 < PROGRESS_EVERY_MS)
		return;
	p->last = now;
	t = now - p->start > 0.001 ? now - p->start : 0.001;
	/* \r and erase to the end of the line: the line is redrawn in place. */
	fprintf(p->f, "\r%s: %zu records", p->prog, records);
	if (bytes > 0)
		fprintf(p->f, ", %.1f MB", (double)bytes / 1e6);
	fprintf(p->f, ", %.0f records/s", (double)records / t);
	if (bytes > 0)
		fprintf(p->f, ", %.1f MB/s", (double)bytes / 1e6 / t);
	fputs("\033[K", p->f);
	fflush(p->f);
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
	fputs("\r\033[K", p->f);
	fflush(p->f);
	p->shown = 0;
}

#include "diag.h"

#include <stdarg.h>
#include <stdio.h>

void
diag_set(struct diag *d, enum diag_kind kind, unsigned long line,
    unsigned long col, const char *fmt, ...)
{
	va_list ap;

	d->kind = kind;
	d->line = line;
	d->col = col;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
}

void
diag_clear(struct diag *d)
{
	d->kind = DIAG_DATA;
	d->file = NULL;
	d->line = d->col = 0;
	d->id[0] = '\0';
	d->msg[0] = '\0';
}

int
diag_format(const struct diag *d, const char *prog, struct buf *out)
{
	int r = buf_printf(out, "%s: ", prog);

	if (r == 0 && d->file != NULL) {
		r = buf_printf(out, "%s:", d->file);
		if (r == 0 && d->line > 0)
			r = buf_printf(out, "%lu:%lu:", d->line, d->col);
		if (r == 0)
			r = buf_putc(out, ' ');
	}
	if (r == 0)
		r = buf_puts(out, d->msg);
	if (r == 0 && d->id[0] != '\0')
		r = buf_printf(out, " (id %s)", d->id);
	if (r == 0)
		r = buf_putc(out, '\n');
	return r;
}

void
diag_keep_file(struct diag *d, const char *path)
{
	snprintf(d->path, sizeof(d->path), "%s", path);
	d->file = d->path;
}

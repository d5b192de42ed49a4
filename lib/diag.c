#include "diag.h"

#include <stdio.h>
#include <string.h>

void
diag_vset(struct diag *d, enum diag_kind kind, unsigned long line,
    unsigned long col, const char *fmt, va_list ap)
{
	d->kind = kind;
	d->line = line;
	d->col = col;
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
}

void
diag_set(struct diag *d, enum diag_kind kind, unsigned long line,
    unsigned long col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vset(d, kind, line, col, fmt, ap);
	va_end(ap);
}

void
diag_clear(struct diag *d)
{
	d->kind = DIAG_DATA;
	d->file[0] = '\0';
	d->line = d->col = 0;
	d->id[0] = '\0';
	d->msg[0] = '\0';
}

void
diag_set_file(struct diag *d, const char *name)
{
	size_t n;

	if (name == NULL) {
		d->file[0] = '\0';
		return;
	}
	if ((n = strlen(name)) >= sizeof(d->file))
		n = sizeof(d->file) - 1;
	memmove(d->file, name, n);	/* name may be d->file itself */
	d->file[n] = '\0';
}

int
diag_format(const struct diag *d, const char *prog, struct buf *out)
{
	int r = buf_printf(out, "%s: ", prog);

	if (r == 0 && d->file[0] != '\0') {
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

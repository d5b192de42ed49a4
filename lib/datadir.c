#include "datadir.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "parse.h"

#ifndef DERMA_DATADIR
#define DERMA_DATADIR "/usr/local/share/derma"
#endif

static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int
datadir_find(const char *opt, char *out, size_t n, struct diag *d)
{
	char exe[4096];
	ssize_t len;

	if (opt != NULL) {
		struct stat st;

		if (stat(opt, &st) == -1) {
			diag_set(d, DIAG_CONFIG, 0, 0, "rules directory %s: %s", opt,
			    strerror(errno));
			return -1;
		}
		if (!S_ISDIR(st.st_mode)) {
			diag_set(d, DIAG_CONFIG, 0, 0,
			    "rules directory %s: not a directory", opt);
			return -1;
		}
		snprintf(out, n, "%s", opt);
		return 0;
	}
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len > 0) {
		char *slash;

		exe[len] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			if ((size_t)snprintf(out, n, "%s/../share/derma", exe) < n &&
			    is_dir(out))
				return 0;
		}
	}
	snprintf(out, n, "%s", DERMA_DATADIR);
	if (is_dir(out))
		return 0;
	diag_set(d, DIAG_CONFIG, 0, 0,
	    "no rules data: not in %s; give --rules DIR", DERMA_DATADIR);
	return -1;
}

int
datafile_error(struct diag *d, const struct node *n, const char *fmt, ...)
{
	va_list ap;

	d->kind = DIAG_CONFIG;
	d->line = n != NULL ? n->line : 0;
	d->col = n != NULL ? n->col : 0;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int
datafile_load(const char *dir, const char *name, struct arena *a,
    struct node **root, struct diag *d)
{
	struct buf text = {0};
	char path[4096];
	char chunk[8192];
	ssize_t got;
	int fd, r = -1;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	diag_set_file(d, path);
	d->id[0] = '\0';
	if ((fd = open(path, O_RDONLY)) == -1) {
		diag_set(d, DIAG_CONFIG, 0, 0, "%s", strerror(errno));
		return -1;
	}
	while ((got = read(fd, chunk, sizeof(chunk))) > 0)
		if (buf_add(&text, chunk, (size_t)got) == -1)
			break;
	if (got < 0)
		diag_set(d, DIAG_IO, 0, 0, "read error: %s", strerror(errno));
	else if (got > 0)
		diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
	else {
		switch (parse_string(text.p ? text.p : "", text.len, path, a, root, d)) {
		case PARSE_DOC:
			r = 0;
			break;
		case PARSE_END:
			diag_set(d, DIAG_CONFIG, 0, 0, "empty data file");
			break;
		default:
			/* The parser's errors are data errors; here the data
			 * are the clinic's rules, so its configuration. */
			if (d->kind == DIAG_DATA)
				d->kind = DIAG_CONFIG;
			break;
		}
		diag_set_file(d, path);
	}
	close(fd);
	buf_free(&text);
	return r;
}

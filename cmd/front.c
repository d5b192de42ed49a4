#include "front.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"

/* The common long-only options: above what a tool's own may use. */
enum {
	OPT_RULES = 0x1000, OPT_CONFIG, OPT_COLOR, OPT_VERSION
};

static const struct option common_longopts[] = {
	{"format", required_argument, NULL, 'f'},
	{"date", required_argument, NULL, 'd'},
	{"jobs", required_argument, NULL, 'j'},
	{"rules", required_argument, NULL, OPT_RULES},
	{"config", required_argument, NULL, OPT_CONFIG},
	{"color", required_argument, NULL, OPT_COLOR},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, OPT_VERSION},
};
#define NCOMMON (sizeof(common_longopts) / sizeof(common_longopts[0]))
static const char common_shortopts[] = "f:d:j:h";

static const char common_help[] =
    "  -f, --format FMT   output format: %s (default: %s)\n"
    "  -d, --date DATE    the day the run is for: YYYY-MM-DD, today, yesterday\n"
    "                     or tomorrow (default: today)\n"
    "  -j, --jobs N       worker threads, 1-64 (default: the processors)\n"
    "      --rules DIR    rules data directory (default: the installed share/derma)\n"
    "      --config FILE  the clinic's configuration (see derma-config(5))\n"
    "      --color WHEN   auto, always or never (default: auto; NO_COLOR is honoured)\n"
    "  -h, --help         this help\n"
    "      --version      the version\n";

static size_t
count_longopts(const struct option *o)
{
	size_t n = 0;

	while (o != NULL && o[n].name != NULL)
		n++;
	return n;
}

/* The formats a tool takes: its own, then the record streams. */
static const struct format *
format_at(const struct front_tool *t, size_t i)
{
	size_t own = 0;

	while (t->formats != NULL && t->formats[own] != NULL)
		own++;
	if (i < own)
		return t->formats[i];
	if (t->block == NULL)
		return NULL;
	if (i == own)
		return &filter_yaml;
	if (i == own + 1)
		return &filter_json;
	return NULL;
}

static const struct format *
format_named(const struct front_tool *t, const char *name)
{
	const struct format *f;

	for (size_t i = 0; (f = format_at(t, i)) != NULL; i++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

/* "text, yaml or json" into out. */
static void
format_list(const struct front_tool *t, char *out, size_t n)
{
	const struct format *f;
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; (f = format_at(t, i)) != NULL; i++) {
		const char *sep = i == 0 ? "" : format_at(t, i + 1) ? ", " : " or ";

		len += (size_t)snprintf(out + len, len < n ? n - len : 0, "%s%s",
		    sep, f->name);
	}
}

static int
default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

void
front_init(struct front *fr, const struct front_tool *tool, int argc,
    char **argv)
{
	size_t nown = count_longopts(tool->longopts);
	size_t ls = strlen(common_shortopts) + (tool->shortopts ?
	    strlen(tool->shortopts) : 0);

	memset(fr, 0, sizeof(*fr));
	fr->tool = tool;
	fr->argc = argc;
	fr->argv = argv;
	fr->date = date_today();
	fr->jobs = default_jobs();
	fr->format = format_named(tool, isatty(STDOUT_FILENO) ?
	    tool->tty_format : tool->pipe_format);
	fr->longopts = calloc(NCOMMON + nown + 1, sizeof(*fr->longopts));
	fr->shortopts = malloc(ls + 2);
	if (fr->longopts == NULL || fr->shortopts == NULL) {
		fprintf(stderr, "%s: out of memory\n", tool->prog);
		exit(DIAG_INTERNAL);
	}
	memcpy(fr->longopts, common_longopts, sizeof(common_longopts));
	if (nown > 0)
		memcpy(fr->longopts + NCOMMON, tool->longopts,
		    nown * sizeof(*fr->longopts));
	/* ":" first: a missing argument is told from an unknown option. */
	snprintf(fr->shortopts, ls + 2, ":%s%s", common_shortopts,
	    tool->shortopts ? tool->shortopts : "");
	opterr = 0;	/* the messages are said here, as PROG */
}

static void
front_free(struct front *fr)
{
	free(fr->longopts);
	free(fr->shortopts);
	fr->longopts = NULL;
	fr->shortopts = NULL;
}

int
front_status(struct front *fr)
{
	front_free(fr);
	return fr->status;
}

static int
vusage(struct front *fr, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", fr->tool->prog);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\nTry '%s --help'.\n", fr->tool->prog);
	fr->status = DIAG_USAGE;
	return DIAG_USAGE;
}

int
front_usage(struct front *fr, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vusage(fr, fmt, ap);
	va_end(ap);
	return r;
}

int
front_error(const struct front *fr, int status, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", fr->tool->prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}

int
front_diag(const struct front *fr, const struct diag *d)
{
	struct buf msg = {0};

	if (diag_format(d, fr->tool->prog, &msg) == 0)
		fwrite(msg.p, 1, msg.len, stderr);
	buf_free(&msg);
	return d->kind;
}

/* Whether s (n bytes) has the shape YYYY-MM-DD, real day or not. */
static int
date_shaped(const char *s)
{
	static const char shape[] = "dddd-dd-dd";

	for (size_t i = 0; i < sizeof(shape) - 1; i++) {
		if (s[i] == '\0')
			return 0;
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != '-')
			return 0;
	}
	return s[sizeof(shape) - 1] == '\0';
}

int
front_date(struct front *fr, const char *opt, const char *arg, date_t *out)
{
	static const struct {
		const char *word;
		int days;
	} words[] = {{"today", 0}, {"yesterday", -1}, {"tomorrow", 1}};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (strcmp(arg, words[i].word) == 0) {
			*out = date_today() + words[i].days;
			return 0;
		}
	}
	if (date_parse(arg, strlen(arg), out) == 0)
		return 0;
	if (date_shaped(arg))
		return front_usage(fr, "%s '%s': no such day", opt, arg);
	return front_usage(fr, "%s '%s': expected YYYY-MM-DD, today, "
	    "yesterday or tomorrow", opt, arg);
}

int
front_number(struct front *fr, const char *opt, const char *arg, long lo,
    long hi, long *out)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || errno != 0 || n < lo || n > hi)
		return front_usage(fr, "%s '%s': expected a number from %ld to %ld",
		    opt, arg, lo, hi);
	*out = n;
	return 0;
}

int
front_name(struct front *fr, const char *opt, const char *arg,
    const char *what)
{
	if (arg[0] != '\0')
		return 0;
	return front_usage(fr, "%s '': expected %s", opt, what);
}

/*
 * A write to stdout failed: 74, said unless the reader went away (EPIPE,
 * SIGPIPE ignored), which is as quiet as SIGPIPE itself.
 */
static int
write_error(const struct front *fr)
{
	if (errno == EPIPE)
		return DIAG_IO;
	return front_error(fr, DIAG_IO, "write error: %s", strerror(errno));
}

/* Prints s to stdout: 0, or 74 when it cannot be written. */
static int
print_out(const struct front *fr, const char *s)
{
	if (fputs(s, stdout) == EOF || fflush(stdout) == EOF || ferror(stdout))
		return write_error(fr);
	return 0;
}

static int
help(struct front *fr)
{
	const struct front_tool *t = fr->tool;
	const struct format *tty = format_named(t, t->tty_format);
	const struct format *pipe = format_named(t, t->pipe_format);
	char formats[256], fallback[128];
	struct buf b = {0};
	int r = -1;

	format_list(t, formats, sizeof(formats));
	/* One default, or one for a terminal and one for a pipe. */
	if (tty == pipe)
		snprintf(fallback, sizeof(fallback), "%s", tty->name);
	else
		snprintf(fallback, sizeof(fallback), "%s on a terminal, else %s",
		    tty->name, pipe->name);
	if (buf_printf(&b, "usage: %s %s\n", t->prog, t->synopsis) == 0 &&
	    buf_puts(&b, t->help ? t->help : "") == 0 &&
	    buf_printf(&b, common_help, formats, fallback) == 0 &&
	    buf_puts(&b, t->exit_help ? t->exit_help : "") == 0)
		r = 0;
	if (r == 0 && buf_str(&b) != NULL)
		fr->status = print_out(fr, b.p);
	else
		fr->status = front_error(fr, DIAG_INTERNAL, "out of memory");
	buf_free(&b);
	return FRONT_EXIT;
}

/* The long option "--name[=arg]" names, as getopt_long(3) finds it, or NULL. */
static const struct option *
long_named(const struct front *fr, const char *arg)
{
	const struct option *found = NULL;
	int matches = 0;
	size_t n;

	if (strncmp(arg, "--", 2) != 0)
		return NULL;
	arg += 2;
	n = strcspn(arg, "=");
	for (const struct option *o = fr->longopts; o->name != NULL; o++) {
		if (strncmp(o->name, arg, n) != 0)
			continue;
		if (o->name[n] == '\0')
			return o;	/* exact */
		found = o;
		matches++;
	}
	return matches == 1 ? found : NULL;	/* else ambiguous */
}

/*
 * The long options "--name[=arg]" is a prefix of, as "'--a' '--b'" into
 * out; how many.  getopt_long(3) refuses a prefix of two or more as it
 * refuses a name it does not know, with optopt 0: this tells them apart.
 */
static int
long_prefixed(const struct front *fr, const char *arg, char *out, size_t size)
{
	size_t n = strcspn(arg + 2, "="), len = 0;
	int count = 0;

	out[0] = '\0';
	if (n == 0)
		return 0;	/* "--=x" names no option at all */
	for (const struct option *o = fr->longopts; o->name != NULL; o++) {
		if (strncmp(o->name, arg + 2, n) != 0)
			continue;
		if (len < size)
			len += (size_t)snprintf(out + len, size - len, "%s'--%s'",
			    count > 0 ? " " : "", o->name);
		count++;
	}
	return count;
}

/*
 * Says what getopt_long(3) has just refused.  A short option is named by
 * optopt, wherever it stands in a cluster such as "-Zf"; a long one by
 * the argument it was given in, which getopt has just passed.
 */
static int
bad_option(struct front *fr, int ch)
{
	const char *arg = optind > 0 && optind <= fr->argc ? fr->argv[optind - 1] : "";
	const struct option *o = long_named(fr, arg);
	int len = (int)strcspn(arg, "=");
	char names[512];

	if (ch == ':' && strncmp(arg, "--", 2) == 0)
		front_usage(fr, "option '%.*s' needs an argument", len, arg);
	else if (ch == ':')
		front_usage(fr, "option '-%c' needs an argument", optopt);
	else if (optopt == 0 && strncmp(arg, "--", 2) == 0 &&
	    long_prefixed(fr, arg, names, sizeof(names)) > 1)
		front_usage(fr, "option '%.*s' is ambiguous; possibilities: %s",
		    len, arg, names);
	else if (optopt == 0)
		front_usage(fr, "unknown option '%.*s'", len, arg);
	else if (o != NULL && o->val == optopt && o->has_arg == no_argument &&
	    arg[len] == '=')
		front_usage(fr, "option '%.*s' takes no argument", len, arg);
	else
		front_usage(fr, "unknown option '-%c'", optopt);
	return FRONT_EXIT;
}

/* Takes a common option: 0, or FRONT_EXIT. */
static int
common_option(struct front *fr, int ch)
{
	long n = 0;

	switch (ch) {
	case 'f':
		fr->format_given = 1;
		if ((fr->format = format_named(fr->tool, optarg)) == NULL) {
			char formats[256];

			format_list(fr->tool, formats, sizeof(formats));
			front_usage(fr, "unknown format '%s' (%s)", optarg, formats);
			return FRONT_EXIT;
		}
		return 0;
	case 'd':
		return front_date(fr, "date", optarg, &fr->date) ? FRONT_EXIT : 0;
	case 'j':
		if (front_number(fr, "jobs", optarg, 1, 64, &n) != 0)
			return FRONT_EXIT;
		fr->jobs = (int)n;
		return 0;
	case OPT_RULES:
		fr->rules = optarg;
		return front_name(fr, "rules", optarg, "a directory") ?
		    FRONT_EXIT : 0;
	case OPT_CONFIG:
		fr->config = optarg;
		return front_name(fr, "config", optarg, "a file name") ?
		    FRONT_EXIT : 0;
	case OPT_COLOR:
		if (strcmp(optarg, "auto") == 0)
			fr->color_opt = COLOR_AUTO;
		else if (strcmp(optarg, "always") == 0)
			fr->color_opt = COLOR_ALWAYS;
		else if (strcmp(optarg, "never") == 0)
			fr->color_opt = COLOR_NEVER;
		else {
			front_usage(fr, "color '%s': expected auto, always or never",
			    optarg);
			return FRONT_EXIT;
		}
		return 0;
	case 'h':
		return help(fr);
	case OPT_VERSION: {
		char version[128];

		snprintf(version, sizeof(version), "%s %s\n", fr->tool->prog,
		    DERMA_VERSION);
		fr->status = print_out(fr, version);
		return FRONT_EXIT;
	}
	}
	return -1;	/* not a common option */
}

int
front_getopt(struct front *fr)
{
	int ch;

	while ((ch = getopt_long(fr->argc, fr->argv, fr->shortopts, fr->longopts,
	    NULL)) != -1) {
		int r;

		if (ch == '?' || ch == ':')
			return bad_option(fr, ch);
		if ((r = common_option(fr, ch)) == FRONT_EXIT)
			return FRONT_EXIT;
		if (r == -1)
			return ch;	/* the tool's own */
	}
	return -1;
}

/* Whether the output may be coloured: --color, then NO_COLOR and TERM. */
static int
color_wanted(const struct front *fr)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	switch (fr->color_opt) {
	case COLOR_ALWAYS:
		return 1;
	case COLOR_NEVER:
		return 0;
	default:
		return isatty(STDOUT_FILENO) && (nc == NULL || nc[0] == '\0') &&
		    (term == NULL || strcmp(term, "dumb") != 0);
	}
}

int
front_run(struct front *fr, int nfiles, char **files)
{
	const struct front_tool *t = fr->tool;
	struct filter f = {
		.prog = t->prog, .block = t->block, .format = fr->format,
		.jobs = fr->jobs, .limits = limits_default,
		.process = t->process, .ctx = t->ctx,
		.collect = t->collect, .sink = t->sink,
		.progress = t->progress, .quiet = t->quiet,
	};
	struct diag d;
	int status;

	diag_clear(&d);
	if (data_load(&fr->data, fr->rules, fr->config, t->data, &d) == -1) {
		front_free(fr);
		return front_diag(fr, &d);
	}
	fr->color = color_wanted(fr);
	f.color = fr->color;
	if (t->prepare != NULL && ((status = t->prepare(fr)) != 0 || fr->done)) {
		data_free(&fr->data);
		front_free(fr);
		if (status == 0 && (fflush(stdout) == EOF || ferror(stdout)))
			status = write_error(fr);
		return status;
	}
	f.format = fr->format;	/* prepare() may have chosen it */
	status = filter_run(&f, files, nfiles, stdout, stderr);
	if (t->finish != NULL) {
		int own = t->finish(fr, status);

		status = own > status ? own : status;
	}
	data_free(&fr->data);
	front_free(fr);
	/* The filter said so if writing failed; a failure to close is news. */
	if (fclose(stdout) == EOF && status < DIAG_IO)
		status = write_error(fr);
	return status;
}

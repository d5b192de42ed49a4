/*
 * front: the command line every tool shares (SPEC section 6).  It parses
 * the common options, prints the usage, version and usage errors, reads
 * dates as people type them, loads the data set the tool asks for, and
 * runs the tool's filter.  It is the tools' front end, not the library:
 * it prints, and its callers exit with what it returns.
 *
 * A tool's main() is its own option cases and one call:
 *
 *	front_init(&fr, &tool, argc, argv);
 *	while ((ch = front_getopt(&fr)) != -1)
 *		switch (ch) {
 *		case OPT_MINE: ...; break;
 *		default: return front_status(&fr);
 *		}
 *	return front_run(&fr, argc - optind, argv + optind);
 */
#ifndef DERMA_FRONT_H
#define DERMA_FRONT_H

#include <getopt.h>

#include "data.h"
#include "date.h"
#include "filter.h"

/* front_getopt()'s answer when the run is over (help, version, an error). */
#define FRONT_EXIT	(-2)

struct front;

/* A tool: what it is called, what it takes, what it does with a record. */
struct front_tool {
	const char *prog;
	const char *synopsis;	/* after "usage: PROG ", its own options first */
	const char *help;	/* --help lines for its own options */
	const char *exit_help;	/* --help lines on its exit statuses */
	const char *shortopts;	/* its own short options, as getopt(3) */
	const struct option *longopts;	/* its own long options; NULL or {0}-ended */
	const char *block;	/* the key it owns; NULL writes no records */
	/* Its own formats, NULL-ended; yaml and json are added for a record tool. */
	const struct format *const *formats;
	const char *tty_format;	/* the default on a terminal */
	const char *pipe_format;	/* the default otherwise */
	unsigned data;		/* what it needs loaded: DATA_* of data.h */
	/* After the data is loaded, before any record: 0, or an exit status
	 * (the message printed through front_error()); 0 with fr->done set
	 * ends the run there, successfully. */
	int (*prepare)(struct front *fr);
	int (*process)(void *ctx, struct record *rec, struct diag *d);
	int (*collect)(void *sink, const void *sum, size_t n,
	    const char *skipped_id, struct buf *out, struct buf *err);
	/* After the last record, before standard output is closed: given the
	 * run's status, returns the tool's own (0 when none); may be NULL. */
	int (*finish)(struct front *fr, int status);
	/* A progress line: struct filter's progress() and quiet(). */
	void (*progress)(void *sink, size_t records, size_t bytes);
	void (*quiet)(void *sink);
	void *ctx;		/* read-only while threads run */
	void *sink;		/* the main thread's */
};

enum front_color { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

struct front {
	const struct front_tool *tool;
	int argc;
	char **argv;
	int status;		/* the exit status once FRONT_EXIT was given */
	int done;		/* set by prepare(): all said, exit 0 */

	/* The common options. */
	const struct format *format;
	int format_given;	/* -f was given */
	date_t date;		/* -d: the day the run is for */
	int jobs;
	const char *rules;	/* --rules DIR, or NULL */
	const char *config;	/* --config FILE, or NULL */
	enum front_color color_opt;
	int color;		/* the output may use colour */

	struct derma_data data;	/* loaded by front_run() */
	struct option *longopts;	/* common and the tool's own */
	char *shortopts;
};

void front_init(struct front *fr, const struct front_tool *tool, int argc,
    char **argv);
/*
 * The next option of the tool's own (as getopt_long(3) gives it, optarg
 * set); the common ones are taken here.  -1 when the options end;
 * FRONT_EXIT when the run is over, with fr->status its exit status (help
 * and version printed, or a usage error said in one line).
 */
int front_getopt(struct front *fr);
/*
 * The exit status once front_getopt() gave FRONT_EXIT, or after an error
 * of the tool's own options (front_usage(), front_date()...), for main()
 * to return; it frees what front_init() took.
 */
int front_status(struct front *fr);
/* A usage error of the tool's own: one line, a pointer to --help; 64. */
int front_usage(struct front *fr, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Any other error before the run: "PROG: message"; returns status. */
int front_error(const struct front *fr, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Reports d as the tools report errors; returns its exit status. */
int front_diag(const struct front *fr, const struct diag *d);
/*
 * A date as an option gives it: YYYY-MM-DD, today, yesterday or tomorrow.
 * Returns 0, or says what is wrong (naming opt) and returns FRONT_EXIT's
 * status, 64, in fr->status.
 */
int front_date(struct front *fr, const char *opt, const char *arg, date_t *out);
/* A whole number from lo to hi, likewise. */
int front_number(struct front *fr, const char *opt, const char *arg, long lo,
    long hi, long *out);
/*
 * A name an option gives, of a file, a directory or a record: an empty one
 * would be refused later with no name to show, or taken as the working
 * directory.  Returns 0, or says what was expected (naming opt) and
 * returns 64, in fr->status too.
 */
int front_name(struct front *fr, const char *opt, const char *arg,
    const char *what);
/*
 * Loads the data, runs the tool over the operands (standard input when
 * there are none), closes standard output, frees all, and returns the
 * exit status.
 */
int front_run(struct front *fr, int nfiles, char **files);

#endif

/*
 * derma-screen: is each patient suitable for microneedling today?
 * Adds a screening: block (verdict, findings, eligible_from) to each record.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "datadir.h"
#include "filter.h"
#include "patient.h"
#include "rules.h"
#include "screen.h"

#define PROG "derma-screen"

struct ctx {
	const struct rules *rules;
	date_t day;
};

/* What the text view needs of a screened record. */
struct screened {
	struct patient patient;
	struct screening screening;
};

static int
process(void *arg, struct record *rec, struct diag *d)
{
	const struct ctx *c = arg;
	struct screened *x = arena_alloc(rec->arena, sizeof(*x));

	if (x == NULL) {
		diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
		return -1;
	}
	if (patient_read(rec->doc, c->rules->vocab, rec->arena, &x->patient, d) == -1 ||
	    screen_patient(c->rules, &x->patient, c->day, rec->arena,
	    &x->screening, d) == -1)
		return -1;
	if ((rec->block = screen_block(rec->arena, &x->screening)) == NULL) {
		diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
		return -1;
	}
	rec->status = x->screening.verdict != VERDICT_ELIGIBLE;
	rec->data = x;
	return 0;
}

static int
text(void *arg, const struct record *rec, int color, struct buf *out)
{
	const struct screened *x = rec->data;

	(void)arg;
	return screen_text(&x->screening, &x->patient, color, out);
}

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: " PROG " [-h] [--version] [-f format] [-d date] [-j jobs]\n"
	    "                    [--rules dir] [file ...]\n"
	    "  -f, --format FMT   text, yaml or json (default: text on a terminal, else yaml)\n"
	    "  -d, --date DATE    the day to screen for, YYYY-MM-DD (default: today)\n"
	    "  -j, --jobs N       worker threads, 1-64 (default: the processors)\n"
	    "      --rules DIR    rules data directory (default: the installed share/derma)\n"
	    "  -h, --help         this help\n"
	    "      --version      the version\n"
	    "Exit status: 0 all eligible, 1 some not eligible, 64 usage, 65 bad data,\n"
	    "66 cannot open input, 70 internal error, 74 I/O error.\n");
}

static int
usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, PROG ": ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	usage(stderr);
	return 64;
}

static int
default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

static int
color_wanted(void)
{
	const char *nc = getenv("NO_COLOR");

	return isatty(STDOUT_FILENO) && (nc == NULL || nc[0] == '\0');
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},
		{"date", required_argument, NULL, 'd'},
		{"jobs", required_argument, NULL, 'j'},
		{"rules", required_argument, NULL, 'R'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0}
	};
	struct filter f = {
		.prog = PROG, .block = "screening", .limits = limits_default,
		.process = process, .text = text, .jobs = default_jobs(),
		.format = isatty(STDOUT_FILENO) ? FORMAT_TEXT : FORMAT_YAML,
	};
	struct ctx c = {NULL, date_today()};
	const char *rulesdir = NULL;
	char dir[4096];
	struct diag d;
	struct rules *rules;
	char *end;
	long n;
	int ch, status;

	opterr = 0;	/* getopt would name argv[0]; say it here as PROG */
	while ((ch = getopt_long(argc, argv, ":f:d:j:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (strcmp(optarg, "text") == 0)
				f.format = FORMAT_TEXT;
			else if (strcmp(optarg, "yaml") == 0)
				f.format = FORMAT_YAML;
			else if (strcmp(optarg, "json") == 0)
				f.format = FORMAT_JSON;
			else
				return usage_error("unknown format '%s' (text, yaml, json)", optarg);
			break;
		case 'd':
			if (date_parse(optarg, strlen(optarg), &c.day) == -1)
				return usage_error("'%s' is not a date as YYYY-MM-DD", optarg);
			break;
		case 'j':
			n = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || n < 1 || n > 64)
				return usage_error("jobs '%s': expected 1-64", optarg);
			f.jobs = (int)n;
			break;
		case 'R':
			rulesdir = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf(PROG " " DERMA_VERSION "\n");
			return 0;
		case ':':
			return usage_error("option %s needs an argument",
			    argv[optind - 1]);
		default:
			return usage_error("unknown option %s", argv[optind - 1]);
		}
	}
	argc -= optind;
	argv += optind;

	diag_clear(&d);
	if (datadir_find(rulesdir, dir, sizeof(dir), &d) == -1 ||
	    (rules = rules_load(dir, &d)) == NULL) {
		struct buf msg = {0};

		diag_format(&d, PROG, &msg);
		fwrite(msg.p, 1, msg.len, stderr);
		buf_free(&msg);
		return d.kind;
	}
	c.rules = rules;
	f.ctx = &c;
	f.color = f.format == FORMAT_TEXT && color_wanted();
	status = filter_run(&f, argv, argc, stdout, stderr);
	rules_free(rules);
	/* The filter said so if writing failed; a failure to close is news. */
	if (fclose(stdout) == EOF && status < DIAG_IO) {
		fprintf(stderr, PROG ": write error\n");
		status = DIAG_IO;
	}
	return status;
}

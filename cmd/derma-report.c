/*
 * derma-report: batch reports over many patients' records: a summary of
 * the screening, the treatments given in a period, the courses under
 * way, one patient's history; as text, CSV, JSON, Markdown or one HTML
 * page with charts.  Writes no records.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "front.h"
#include "progress.h"
#include "pseudonym.h"
#include "report.h"

enum { OPT_FROM = 0x100, OPT_TO, OPT_WEEKS, OPT_PATIENT, OPT_ANONYMIZE };

#define MAX_YEARS 100		/* the longest period, both days included */

struct ctx {
	const struct derma_data *data;
	struct report_opts opts;
	int kind_given, from_given, to_given, anonymize;
	struct pseudonym_key key;
};

struct sink {
	struct report *report;
	enum report_format format;
	struct progress progress;
	int write_failed;
};

static struct ctx ctx;
static struct sink sink;

/* --- per record, on the workers ------------------------------------------ */

static int
process(void *arg, struct record *rec, struct diag *d)
{
	const struct ctx *c = arg;

	return report_record(c->data, &c->opts, rec->doc, rec->arena,
	    rec->summary, d);
}

/* --- on the main thread ------------------------------------------------- */

static int
collect(void *arg, const void *sum, size_t n, const char *skipped_id,
    struct buf *out, struct buf *err)
{
	struct sink *s = arg;

	(void)out;
	if (sum == NULL) {
		report_skip(s->report, skipped_id);	/* the filter says why */
		return 0;
	}
	if (report_add(s->report, sum, n) == -1) {
		buf_puts(err, "derma-report: out of memory\n");
		return DIAG_INTERNAL;
	}
	return 0;
}

/* How far the reading has come, and a clean line before a message. */
static void
show_progress(void *arg, size_t records, size_t bytes)
{
	struct sink *s = arg;

	progress_update(&s->progress, records, bytes);
}

static void
quiet(void *arg)
{
	struct sink *s = arg;

	progress_clear(&s->progress);
}

/* Writes what the report has so far, so that it need not fit in memory. */
static int
flush_out(void *arg, struct buf *out)
{
	struct sink *s = arg;

	if (fwrite(out->p, 1, out->len, stdout) != out->len) {
		s->write_failed = 1;
		return -1;
	}
	out->len = 0;
	return 0;
}

static int
end(void *arg, struct buf *out, struct buf *err)
{
	struct sink *s = arg;
	int status = 0;

	progress_clear(&s->progress);
	if (report_write(s->report, s->format, out, flush_out, s) == -1) {
		if (s->write_failed)
			return DIAG_IO;	/* the filter says so, as for any tool */
		buf_puts(err, "derma-report: out of memory\n");
		return DIAG_INTERNAL;
	}
	if (ctx.opts.kind == REPORT_PATIENT && report_stale(s->report)) {
		/* An older record would show the patient as they no longer are. */
		buf_printf(err, "derma-report: the last record with the id %s is "
		    "bad: no patient report\n", ctx.opts.patient);
		status = DIAG_DATA;
	} else if (ctx.opts.kind == REPORT_PATIENT &&
	    report_found(s->report) == 0) {
		buf_printf(err, "derma-report: no record has the id %s\n",
		    ctx.opts.patient);
		status = DIAG_DATA;
	}
	return status;
}

static const struct format text_format = {"text", NULL, NULL, NULL, end, 0};
static const struct format csv_format = {"csv", NULL, NULL, NULL, end, 0};
static const struct format json_format = {"json", NULL, NULL, NULL, end, 0};
static const struct format md_format = {"markdown", NULL, NULL, NULL, end, 0};
static const struct format html_format = {"html", NULL, NULL, NULL, end, 0};
static const struct format *const formats[] = {
	&text_format, &csv_format, &json_format, &md_format, &html_format, NULL
};

static int
finish(struct front *fr, int status)
{
	(void)fr;
	(void)status;
	progress_clear(&sink.progress);
	report_free(sink.report);
	sink.report = NULL;
	return 0;
}

/* --- the start of a run ---------------------------------------------- */

static int
prepare(struct front *fr)
{
	const struct config *cfg = fr->data.config;
	struct report_opts *o = &ctx.opts;
	int y, m, d;

	ctx.data = &fr->data;
	o->day = fr->date;
	/* By default the twelve months up to the run's day, this one included. */
	if (!ctx.to_given)
		o->to = fr->date;
	if (!ctx.from_given) {
		date_to_ymd(o->to, &y, &m, &d);
		o->from = date_add_months(date_from_ymd(y, m, 1), -11);
	}
	if (o->from > o->to)
		return front_usage(fr, "--from is after --to");
	/* By the days, not the calendar months: 1926-11-26 to 2026-11-25 is
	 * 100 years, though it touches 1201 months. */
	if (o->to >= date_add_months(o->from, 12L * MAX_YEARS))
		return front_usage(fr, "--from to --to: %d years at most",
		    MAX_YEARS);
	if (o->weeks == 0)
		o->weeks = 4;
	if (o->patient != NULL && ctx.kind_given && o->kind != REPORT_PATIENT)
		return front_usage(fr, "--patient is for the patient report");
	if (o->patient != NULL)
		o->kind = REPORT_PATIENT;
	if (o->kind == REPORT_PATIENT && o->patient == NULL)
		return front_usage(fr, "the patient report needs --patient ID");
	o->clinic = cfg->clinic.name;
	if (ctx.anonymize) {
		struct diag dg;
		int made;

		diag_clear(&dg);
		if (pseudonym_key_load(cfg->report.key_file, &ctx.key, &made,
		    &dg) == -1)
			return front_diag(fr, &dg);
		if (made)
			fprintf(stderr, "derma-report: made the key of the "
			    "pseudonyms, %s: keep it, the same key gives the same "
			    "pseudonyms\n", cfg->report.key_file);
		o->key = &ctx.key;
	}
	sink.format = fr->format == &csv_format ? REPORT_CSV :
	    fr->format == &json_format ? REPORT_JSON :
	    fr->format == &md_format ? REPORT_MARKDOWN :
	    fr->format == &html_format ? REPORT_HTML : REPORT_TEXT;
	if ((sink.report = report_new(&fr->data, o)) == NULL)
		return front_error(fr, DIAG_INTERNAL, "out of memory");
	progress_start(&sink.progress, stderr, "derma-report");
	return 0;
}

static const struct option longopts[] = {
	{"report", required_argument, NULL, 'r'},
	{"from", required_argument, NULL, OPT_FROM},
	{"to", required_argument, NULL, OPT_TO},
	{"weeks", required_argument, NULL, OPT_WEEKS},
	{"patient", required_argument, NULL, OPT_PATIENT},
	{"anonymize", no_argument, NULL, OPT_ANONYMIZE},
	{NULL, 0, NULL, 0}
};

static const struct front_tool tool = {
	.prog = "derma-report",
	.synopsis = "[summary | treatments | course | patient] [-r kind] "
	    "[--from date] [--to date]\n"
	    "       [--weeks n] [--patient id] [--anonymize] [options] [file ...]",
	.help = "  summary            verdicts, findings, who becomes eligible "
	    "soon (default)\n"
	    "  treatments         sessions by month and area, depths, reactions\n"
	    "  course             courses under way, sessions due, overdue\n"
	    "  patient            one patient's history, screening and plan\n"
	    "  -r, --report KIND  the report, as the first argument names it\n"
	    "      --from DATE    treatments from DATE (default: the first of "
	    "the month\n"
	    "                     eleven months before --to)\n"
	    "      --to DATE      treatments to DATE (default: the run's date)\n"
	    "      --weeks N      course: sessions due in N weeks, 1-52 "
	    "(default 4)\n"
	    "      --patient ID   the patient report of the record with id ID\n"
	    "      --anonymize    pseudonyms for ids; no names, contact details "
	    "or notes\n",
	.exit_help = "Exit status: 0 success, 64 usage, 65 bad data (a record "
	    "skipped, or no\nrecord with the --patient id), 66 cannot open "
	    "input, 70 internal error,\n74 I/O error, 78 bad configuration.\n",
	.shortopts = "r:",
	.longopts = longopts,
	.block = NULL,
	.formats = formats,
	.tty_format = "text",
	.pipe_format = "text",
	.data = DATA_PLAN,
	.prepare = prepare,
	.process = process,
	.collect = collect,
	.finish = finish,
	.progress = show_progress,
	.quiet = quiet,
	.ctx = &ctx,
	.sink = &sink,
};

static int
kind(struct front *fr, const char *arg)
{
	int k = report_kind_parse(arg);

	if (k < 0)
		return front_usage(fr, "unknown report '%s' (summary, treatments, "
		    "course or patient)", arg);
	ctx.opts.kind = (enum report_kind)k;
	ctx.kind_given = 1;
	return 0;
}

int
main(int argc, char *argv[])
{
	struct front fr;
	long n = 0;
	int ch;

	front_init(&fr, &tool, argc, argv);
	while ((ch = front_getopt(&fr)) != -1) {
		switch (ch) {
		case 'r':
			if (kind(&fr, optarg))
				return front_status(&fr);
			break;
		case OPT_FROM:
			if (front_date(&fr, "from", optarg, &ctx.opts.from))
				return front_status(&fr);
			ctx.from_given = 1;
			break;
		case OPT_TO:
			if (front_date(&fr, "to", optarg, &ctx.opts.to))
				return front_status(&fr);
			ctx.to_given = 1;
			break;
		case OPT_WEEKS:
			if (front_number(&fr, "weeks", optarg, 1, 52, &n))
				return front_status(&fr);
			ctx.opts.weeks = (int)n;
			break;
		case OPT_PATIENT:
			if (front_name(&fr, "patient", optarg, "a record's id"))
				return front_status(&fr);
			ctx.opts.patient = optarg;
			break;
		case OPT_ANONYMIZE:
			ctx.anonymize = 1;
			break;
		default:
			return front_status(&fr);
		}
	}
	/* The report as the first operand: "derma-report course *.yaml". */
	if (!ctx.kind_given && optind < argc &&
	    report_kind_parse(argv[optind]) >= 0 && kind(&fr, argv[optind++]))
		return front_status(&fr);
	return front_run(&fr, argc - optind, argv + optind);
}

/*
 * derma-plan: the treatment course of each patient: sessions, dates,
 * areas and needle depths, numbing cream, minutes, what to do before.
 * Adds a plan: block to each record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "front.h"

enum { OPT_START = 0x100, OPT_SESSIONS, OPT_AREAS };

struct ctx {
	const struct derma_data *data;
	struct assess_opts opts;
	int start_given;
	const char *areas;	/* --areas as given */
	const struct vocab_word **area_list;	/* read from it */
};

static struct ctx ctx;

/* --areas a,b,c: each a known area, once; a usage error otherwise. */
static int
read_areas(struct front *fr, const char *list)
{
	size_t n = 1, k = 0;
	const char *p = list;

	for (const char *c = list; *c != '\0'; c++)
		n += *c == ',';
	if ((ctx.area_list = calloc(n, sizeof(*ctx.area_list))) == NULL)
		return front_error(fr, DIAG_INTERNAL, "out of memory");
	for (;;) {
		size_t len = strcspn(p, ",");
		const struct vocab_word *w = vocab_find(fr->data.vocab, VOC_AREA,
		    p, len);

		if (w == NULL)
			return front_usage(fr, "--areas: unknown area '%.*s' "
			    "(see vocabulary.yaml)", (int)len, p);
		for (size_t i = 0; i < k; i++)
			if (ctx.area_list[i] == w)
				return front_usage(fr, "--areas: %s given twice",
				    w->name);
		ctx.area_list[k++] = w;
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	ctx.opts.plan.areas = ctx.area_list;
	ctx.opts.plan.nareas = k;
	return 0;
}

/* --areas list: the areas, one a line (for the shells' completion). */
static void
list_areas(struct front *fr)
{
	const struct vocab *v = fr->data.vocab;

	for (size_t i = 0; i < vocab_count(v, VOC_AREA); i++)
		printf("%s\n", vocab_at(v, VOC_AREA, i)->name);
	fr->done = 1;
}

static int
prepare(struct front *fr)
{
	ctx.data = &fr->data;
	ctx.opts.day = fr->date;
	if (!ctx.start_given)
		ctx.opts.plan.start = fr->date;
	if (ctx.areas != NULL && strcmp(ctx.areas, "list") == 0) {
		list_areas(fr);
		return 0;
	}
	if (ctx.areas != NULL)
		return read_areas(fr, ctx.areas);
	return 0;
}

static int
process(void *arg, struct record *rec, struct diag *d)
{
	const struct ctx *c = arg;
	struct assessment *x = arena_alloc(rec->arena, sizeof(*x));

	if (x == NULL) {
		diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
		return -1;
	}
	if (assess(c->data, rec->doc, &c->opts, ASSESS_PLAN, rec->arena, x,
	    d) == -1)
		return -1;
	if ((rec->block = plan_block(rec->arena, &x->plan)) == NULL) {
		diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
		return -1;
	}
	rec->data = x;
	return 0;
}

static int
text(void *arg, const struct record *rec, int color, struct buf *out)
{
	const struct assessment *x = rec->data;

	(void)arg;
	return plan_text(&x->plan, &x->patient, color, out);
}

static int
text_skipped(void *arg, const struct skipped *s, int color, struct buf *out)
{
	(void)arg;
	return filter_text_skipped("not planned", s, color, out);
}

static const struct format text_format = {"text", text, text_skipped, NULL,
    NULL, 0};
static const struct format *const formats[] = {&text_format, NULL};

static const struct option longopts[] = {
	{"start", required_argument, NULL, OPT_START},
	{"sessions", required_argument, NULL, OPT_SESSIONS},
	{"areas", required_argument, NULL, OPT_AREAS},
	{NULL, 0, NULL, 0}
};

static const struct front_tool tool = {
	.prog = "derma-plan",
	.synopsis = "[--start date] [--sessions n] [--areas a,b,...] "
	    "[options] [file ...]",
	.help = "      --start DATE   no session before DATE (default: the run's "
	    "date)\n"
	    "      --sessions N   plan N sessions, 1-20 (default: the rest of "
	    "the course)\n"
	    "      --areas LIST   treat these areas, comma-separated (default: "
	    "from the\n"
	    "                     concerns); --areas list lists them\n",
	.exit_help = "Exit status: 0 success, 64 usage, 65 bad data, 66 cannot "
	    "open input,\n70 internal error, 74 I/O error, 78 bad "
	    "configuration.\n",
	.longopts = longopts,
	.block = "plan",
	.formats = formats,
	.tty_format = "text",
	.pipe_format = "yaml",
	.data = DATA_PLAN,
	.prepare = prepare,
	.process = process,
	.ctx = &ctx,
};

int
main(int argc, char *argv[])
{
	struct front fr;
	long n = 0;
	int ch;

	front_init(&fr, &tool, argc, argv);
	while ((ch = front_getopt(&fr)) != -1) {
		switch (ch) {
		case OPT_START:
			if (front_date(&fr, "start", optarg, &ctx.opts.plan.start))
				return front_status(&fr);
			ctx.start_given = 1;
			break;
		case OPT_SESSIONS:
			if (front_number(&fr, "sessions", optarg, 1, 20, &n))
				return front_status(&fr);
			ctx.opts.plan.sessions = (int)n;
			break;
		case OPT_AREAS:
			ctx.areas = optarg;
			break;
		default:
			return front_status(&fr);
		}
	}
	n = front_run(&fr, argc - optind, argv + optind);
	free(ctx.area_list);
	return (int)n;
}

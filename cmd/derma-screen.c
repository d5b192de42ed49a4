/*
 * derma-screen: is each patient suitable for microneedling today?
 * Adds a screening: block (verdict, findings, eligible_from) to each record.
 */
#include "assess.h"
#include "front.h"

struct ctx {
	const struct derma_data *data;
	struct assess_opts opts;
};

static struct ctx ctx;

static int
prepare(struct front *fr)
{
	ctx.data = &fr->data;
	ctx.opts.day = fr->date;
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
	if (assess(c->data, rec->doc, &c->opts, ASSESS_SCREEN, rec->arena, x,
	    d) == -1)
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
	const struct assessment *x = rec->data;

	(void)arg;
	return screen_text(&x->screening, &x->patient, color, out);
}

static int
skipped(void *arg, const struct skipped *s, int color, struct buf *out)
{
	(void)arg;
	return filter_text_skipped("not screened", s, color, out);
}

static const struct format text_format = {"text", text, skipped, NULL, NULL, 0};
static const struct format *const formats[] = {&text_format, NULL};

static const struct front_tool tool = {
	.prog = "derma-screen",
	.synopsis = "[options] [file ...]\n",
	.exit_help = "Exit status: 0 all eligible, 1 some not eligible, 64 usage, "
	    "65 bad data,\n66 cannot open input, 70 internal error, "
	    "74 I/O error, 78 bad configuration.\n",
	.block = "screening",
	.formats = formats,
	.tty_format = "text",
	.pipe_format = "yaml",
	.data = DATA_RULES,
	.prepare = prepare,
	.process = process,
	.ctx = &ctx,
};

int
main(int argc, char *argv[])
{
	struct front fr;

	front_init(&fr, &tool, argc, argv);
	if (front_getopt(&fr) != -1)
		return front_status(&fr);
	return front_run(&fr, argc - optind, argv + optind);
}

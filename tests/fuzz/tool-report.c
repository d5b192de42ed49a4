/* derma-report's own code, for the fuzz targets: its main() renamed.
 * --anonymize takes a fixed key, not a key file. */
#define main derma_report_main
#include "../../cmd/derma-report.c"
#undef main

#include "fuzz.h"

static void
setup(struct front *fr, uint64_t opts)
{
	static const struct pseudonym_key key = {{1, 2, 3, 4, 5, 6, 7, 8}};
	static const char *const patients[] = {"P-0001", "P-0101", "P-0004", "x"};

	memset(&ctx, 0, sizeof(ctx));
	memset(&sink, 0, sizeof(sink));
	ctx.opts.kind = (enum report_kind)(opts % NREPORT_KIND);
	ctx.kind_given = 1;
	if (ctx.opts.kind == REPORT_PATIENT)
		ctx.opts.patient = patients[(opts >> 2) % 4];
	if ((opts >> 4) & 1)
		ctx.opts.key = &key;
	if ((opts >> 5) & 1) {
		ctx.from_given = ctx.to_given = 1;
		ctx.opts.to = fr->date + (date_t)((opts >> 6) % 400) - 200;
		ctx.opts.from = ctx.opts.to - (date_t)((opts >> 15) % 800);
	}
	ctx.opts.weeks = (int)((opts >> 25) % 53);
}

const struct fuzz_tool fuzz_report = {&tool, setup};

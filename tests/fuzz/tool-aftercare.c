/* derma-aftercare's own code, for the fuzz targets: its main() renamed.
 * Nothing is sent (--send and --state are not fuzzed): the mail format
 * writes the messages as an mbox. */
#define main derma_aftercare_main
#include "../../cmd/derma-aftercare.c"
#undef main

#include "fuzz.h"

static void
setup(struct front *fr, uint64_t opts)
{
	memset(&ctx, 0, sizeof(ctx));
	memset(&sink, 0, sizeof(sink));
	signalled = 0;
	ctx.wait = 10;
	ctx.due = opts & 1;
	if ((opts >> 1) & 1) {
		ctx.since_given = 1;
		ctx.since = fr->date - (date_t)((opts >> 2) % 40);
	}
	ctx.verbose = (opts >> 8) & 1;
}

const struct fuzz_tool fuzz_aftercare = {&tool, setup};

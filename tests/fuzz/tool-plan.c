/* derma-plan's own code, for the fuzz targets: its main() renamed. */
#define main derma_plan_main
#include "../../cmd/derma-plan.c"
#undef main

#include "fuzz.h"

/* Its options, as main() would set them. */
static void
setup(struct front *fr, uint64_t opts)
{
	static const char *const areas[] = {
		NULL, NULL, "cheeks", "forehead,nose,neck", "back,scalp,crows-feet"
	};

	free(ctx.area_list);
	memset(&ctx, 0, sizeof(ctx));
	if (opts & 1) {
		ctx.start_given = 1;
		ctx.opts.plan.start = fr->date + (date_t)((opts >> 1) % 64) - 8;
	}
	if ((opts >> 7) & 1)
		ctx.opts.plan.sessions = 1 + (int)((opts >> 8) % 20);
	ctx.areas = areas[(opts >> 13) % 5];
}

const struct fuzz_tool fuzz_plan = {&tool, setup};

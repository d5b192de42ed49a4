/* derma-screen's own code, for the fuzz targets: its main() renamed. */
#define main derma_screen_main
#include "../../cmd/derma-screen.c"
#undef main

#include <string.h>

#include "fuzz.h"

static void
setup(struct front *fr, uint64_t opts)
{
	(void)fr;
	(void)opts;
	memset(&ctx, 0, sizeof(ctx));
}

const struct fuzz_tool fuzz_screen = {&tool, setup};

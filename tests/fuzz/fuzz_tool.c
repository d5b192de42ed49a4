/*
 * fuzz_screen, fuzz_plan, fuzz_aftercare and fuzz_report: a tool's
 * per-record work (derma-report's reports), as the tool runs it: the input
 * read from a pipe in pieces, every format and option in turn (chosen by
 * the input's hash), and what it writes checked (fuzz-check.h).  One file
 * for the four, built with -DFUZZ_TOOL=fuzz_screen and so on.
 */
#include "fuzz.h"
#include "fuzz-check.h"

#ifndef FUZZ_TOOL
#error "build with -DFUZZ_TOOL=fuzz_screen (fuzz_plan, fuzz_aftercare, fuzz_report)"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_data();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t st = fuzz_hash(data, size);
	uint64_t opts = fuzz_rand(&st), seed = fuzz_rand(&st);
	const struct format *fmt = fuzz_format(&FUZZ_TOOL, fuzz_rand(&st));
	struct fuzz_result r = {{0}, {0}, 0};

	fuzz_run_tool(&FUZZ_TOOL, fmt, 1, opts, 1, seed, data, size, &r);
	fuzz_check(FUZZ_TOOL.tool->prog, fmt, &r);
	fuzz_result_free(&r);
	return 0;
}

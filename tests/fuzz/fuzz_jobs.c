/*
 * fuzz_jobs: the threaded path gives what the inline one gives.  Each
 * input is run through one of the tools (and formats, options) twice,
 * with 1 worker and with 4, read as 1 to 3 inputs through pipes cut at
 * different places; the bytes written, the messages and the exit status
 * must be the same.  The fuzz build cuts chunks at 512 bytes
 * (FILTER_CHUNK_TARGET), so that small inputs make several chunks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

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

static int
same(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && (a->len == 0 || memcmp(a->p, b->p, a->len) == 0);
}

static void
show(const char *what, const struct fuzz_result *r)
{
	fprintf(stderr, "--- %s: status %d\n--- stdout:\n%.*s\n--- stderr:\n%.*s\n",
	    what, r->status, (int)r->out.len, r->out.p ? r->out.p : "",
	    (int)r->err.len, r->err.p ? r->err.p : "");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct fuzz_tool *const tools[] = {
		&fuzz_screen, &fuzz_plan, &fuzz_aftercare, &fuzz_report
	};
	uint64_t st = fuzz_hash(data, size);
	const struct fuzz_tool *t = tools[fuzz_rand(&st) % 4];
	uint64_t opts = fuzz_rand(&st);
	const struct format *fmt = fuzz_format(t, fuzz_rand(&st));
	int nfiles = 1 + (int)(fuzz_rand(&st) % 3);
	uint64_t seed1 = fuzz_rand(&st), seed4 = fuzz_rand(&st);
	struct fuzz_result one = {{0}, {0}, 0}, four = {{0}, {0}, 0};

	fuzz_run_tool(t, fmt, 1, opts, nfiles, seed1, data, size, &one);
	fuzz_run_tool(t, fmt, 4, opts, nfiles, seed4, data, size, &four);
	if (one.status != four.status || !same(&one.out, &four.out) ||
	    !same(&one.err, &four.err)) {
		fprintf(stderr, "fuzz_jobs: %s -f %s, %d input%s: -j 1 and -j 4 "
		    "differ\n", t->tool->prog, fmt->name, nfiles,
		    nfiles == 1 ? "" : "s");
		show("-j 1", &one);
		show("-j 4", &four);
		abort();
	}
	fuzz_result_free(&one);
	fuzz_result_free(&four);
	return 0;
}

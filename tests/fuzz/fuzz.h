/*
 * The fuzz targets' shared harness: the data loaded once, an input fed to
 * a reader through a pipe in pieces (so that reads end at varying places),
 * and a tool's per-record work run as front_run() runs it, on in-memory
 * output.  Built only by `make fuzz` (clang, libFuzzer).
 */
#ifndef DERMA_FUZZ_H
#define DERMA_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "data.h"
#include "front.h"

#ifndef DERMA_SRCDIR
#define DERMA_SRCDIR "."
#endif
#define FUZZ_DATADIR DERMA_SRCDIR "/share/derma"

/* 64 bits of the input's bytes: what a target picks its options from, so
 * that the seeds are plain records and every option meets every input. */
uint64_t fuzz_hash(const uint8_t *data, size_t size);
/* A small deterministic generator. */
uint64_t fuzz_rand(uint64_t *state);

/* Loaded once (share/derma and its example configuration), read-only. */
const struct derma_data *fuzz_data(void);

/* An input on its way through a pipe, written by a thread of its own. */
struct fuzz_feed;
/*
 * Starts writing the size bytes of data to a pipe whose read end is fd
 * (at least 100: a fixed number, so that names in messages do not vary),
 * in pieces chosen by seed (0: all at once), each written only once the one before was
 * read; returns NULL on failure.
 */
struct fuzz_feed *fuzz_feed_start(const uint8_t *data, size_t size,
    uint64_t seed, int fd);
/* Closes the read end and waits for the writer. */
void fuzz_feed_end(struct fuzz_feed *f);

/* A tool, as its cmd/derma-*.c defines it (tests/fuzz/tool-*.c). */
struct fuzz_tool {
	const struct front_tool *tool;
	/* Resets the tool's own state and sets its options from opts. */
	void (*setup)(struct front *fr, uint64_t opts);
};
extern const struct fuzz_tool fuzz_screen, fuzz_plan, fuzz_aftercare,
    fuzz_report;

/* The formats the tool takes (its own, then yaml and json for a record
 * tool), and the i-th (i modulo their number). */
size_t fuzz_nformats(const struct fuzz_tool *t);
const struct format *fuzz_format(const struct fuzz_tool *t, size_t i);

struct fuzz_result {
	struct buf out;		/* standard output */
	struct buf err;		/* standard error */
	int status;
};

/*
 * Runs tool t over data as front_run() would (prepare, filter_run,
 * finish) with format fmt, jobs threads and options opts: the input read
 * from a pipe nfiles times (1-3), cut as seed says.
 */
void fuzz_run_tool(const struct fuzz_tool *t, const struct format *fmt,
    int jobs, uint64_t opts, int nfiles, uint64_t seed, const uint8_t *data,
    size_t size, struct fuzz_result *res);
void fuzz_result_free(struct fuzz_result *res);

/* The run's day: 2026-11-25, or one of a few others when opts says. */
date_t fuzz_day(uint64_t opts);

#endif

/*
 * filter: the loop every tool shares.  It reads the inputs as streams of
 * records, has the tool process each (compute its block, and whatever its
 * output needs), puts the block in the record (replacing one already
 * there) and writes the records in input order, as YAML, as JSON Lines or
 * in a format of the tool's own.  Bad records are reported and skipped;
 * the rest still come out.  With jobs > 1, chunks of records are processed
 * by worker threads, and the output is the same, byte for byte.
 *
 * What runs where: process() and a format's record() run on the worker
 * threads, at once; a format's begin() and end(), and the filter's
 * collect(), run on the main thread only, begin() before the first record,
 * collect() once per record in input order, end() after the last.
 */
#ifndef DERMA_FILTER_H
#define DERMA_FILTER_H

#include <stdio.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "node.h"
#include "parse.h"

/*
 * The bytes of input a chunk is cut at, about (split.h): the tools read
 * with it, and so does the bench's reader.  The fuzz build makes it
 * small, so that small inputs make many chunks.
 */
#ifndef FILTER_CHUNK_TARGET
#define FILTER_CHUNK_TARGET (128 * 1024)
#endif

/* One record on its way through a tool. */
struct record {
	struct node *doc;	/* the document (a mapping once checked) */
	struct arena *arena;	/* memory for anything about the record */
	const char *file;	/* the input, for messages */
	struct node *block;	/* set by process: the tool's block, or NULL */
	int status;		/* set by process: its exit status, 0 or 1 */
	void *data;		/* set by process: for the format's record() */
	/*
	 * For collect(): what process() appends here reaches collect() on
	 * the main thread, in input order, once the record is written; NULL
	 * when the filter has no collect().  The bytes start 8-aligned.
	 */
	struct buf *summary;
};

/* A record that was skipped: reported on stderr, and shown in a view. */
struct skipped {
	const char *file;	/* the input */
	unsigned long line;	/* where it is, 1-based; 0 when unknown */
	const char *id;		/* its id when it has a well-formed one, else NULL */
};

/*
 * A text view's line for a record that was skipped, in its place, so that
 * a practitioner reading a clinic day cannot miss it: "P-0007  not
 * screened: bad record, see the error message for clinic.yaml:12" (what:
 * "not screened"), or by its place when it has no id.  The file name is
 * escaped for the terminal: a name can hold anything.
 */
int filter_text_skipped(const char *what, const struct skipped *s, int color,
    struct buf *out);

struct format {
	const char *name;
	/* Appends a processed record; NULL writes nothing per record. */
	int (*record)(void *ctx, const struct record *rec, int color,
	    struct buf *out);
	/* Appends the place of a skipped record in the view; may be NULL. */
	int (*skipped)(void *ctx, const struct skipped *s, int color,
	    struct buf *out);
	/* The start and end of the output, once each; NULL when none.
	 * Each returns 0, or an exit status (SPEC section 5). */
	int (*begin)(void *sink, struct buf *out);
	int (*end)(void *sink, struct buf *out, struct buf *err);
	/* Only around records: begin()'s output is held until the first
	 * byte of a record's (or of collect()'s); when none comes, it is
	 * dropped and end() is not called, so the output is empty.  An
	 * iCalendar file of no events is not a valid one. */
	int lazy;
};

/* The record streams every record tool writes: the records with their block. */
extern const struct format filter_yaml;
extern const struct format filter_json;

struct filter {
	const char *prog;	/* for messages */
	const char *block;	/* the key the tool owns, e.g. "screening" */
	const struct format *format;
	int jobs;		/* worker threads; 1 processes inline */
	int color;		/* the format may use colour */
	struct limits limits;
	/*
	 * Processes a record: sets rec->block (and rec->status, rec->data,
	 * rec->summary).  Returns 0, or -1 with d filled: the record is
	 * skipped.  Called from several threads at once: ctx is read-only.
	 */
	int (*process)(void *ctx, struct record *rec, struct diag *d);
	void *ctx;
	/*
	 * Takes a record's summary (n bytes at sum) on the main thread, in
	 * input order, and may append to out and err, written in place; sum
	 * is NULL (n 0) for a record that was skipped, so that it is counted
	 * only when written (with -j, a chunk past a broken stream's end may
	 * have been processed, and is not), with skipped_id its id when it
	 * had a well-formed one, else NULL (and NULL for a written record).
	 * The record a broken stream (invalid YAML) ends in is one skipped.
	 * Returns 0, or an exit status.  NULL: no summaries are kept.
	 */
	int (*collect)(void *sink, const void *sum, size_t n,
	    const char *skipped_id, struct buf *out, struct buf *err);
	void *sink;		/* the main thread's own state */
	/*
	 * On the main thread, after each chunk is written: the documents
	 * and bytes read so far (a progress line); quiet() before messages
	 * go to err (to clear it).  Each may be NULL.
	 */
	void (*progress)(void *sink, size_t records, size_t bytes);
	void (*quiet)(void *sink);
};

/*
 * Runs the filter over the named inputs ("-" is standard input), writing
 * records to out and messages to err.  Returns the exit status: the
 * largest of the records' statuses and the errors' (SPEC section 5).
 */
int filter_run(const struct filter *f, char *const *files, int nfiles,
    FILE *out, FILE *err);

#endif

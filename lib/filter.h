/*
 * filter: the loop every record-at-a-time tool shares.  It reads the
 * inputs as streams of records, has the tool compute its block for each,
 * puts the block in the record (replacing one already there) and writes
 * the records in input order as YAML, JSON Lines or the tool's text view.
 * Bad records are reported and skipped; the rest still come out.  With
 * jobs > 1, chunks of records are processed by worker threads, and the
 * output is the same, byte for byte.
 */
#ifndef DERMA_FILTER_H
#define DERMA_FILTER_H

#include <stdio.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "node.h"
#include "parse.h"

enum format { FORMAT_TEXT, FORMAT_YAML, FORMAT_JSON };

/* One record on its way through a tool. */
struct record {
	struct node *doc;	/* the document (a mapping once checked) */
	struct arena *arena;	/* memory for anything about the record */
	struct node *block;	/* set by process: the tool's block */
	int status;		/* set by process: its exit status, 0 or 1 */
	void *data;		/* set by process: for the text view */
};

struct filter {
	const char *prog;	/* for messages */
	const char *block;	/* the key the tool owns, e.g. "screening" */
	enum format format;
	int jobs;		/* worker threads; 1 processes inline */
	int color;		/* the text view may use colour */
	struct limits limits;
	/*
	 * Computes rec->block (and rec->status, rec->data).  Returns 0, or
	 * -1 with d filled: the record is skipped.  Called from several
	 * threads at once: ctx must be read-only.
	 */
	int (*process)(void *ctx, struct record *rec, struct diag *d);
	/* Appends the text view of a processed record. */
	int (*text)(void *ctx, const struct record *rec, int color, struct buf *out);
	/*
	 * Optional: appends the text view's line for a record that was
	 * skipped, in its place; d is the error reported for it.
	 */
	int (*bad_text)(void *ctx, const struct diag *d, int color,
	    struct buf *out);
	void *ctx;
};

/*
 * Runs the filter over the named inputs ("-" is standard input), writing
 * records to out and messages to err.  Returns the exit status: the
 * largest of the records' statuses and the errors' (SPEC section 5).
 */
int filter_run(const struct filter *f, char *const *files, int nfiles,
    FILE *out, FILE *err);

#endif

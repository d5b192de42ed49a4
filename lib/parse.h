/*
 * parse: the documents of a chunk (split.h) as trees (node.h), read with
 * libyaml's event API under the input limits of SPEC section 7.  A bad
 * document is skipped and parsing goes on at the next document; a syntax
 * error ends the stream, as libyaml cannot go past one.
 */
#ifndef DERMA_PARSE_H
#define DERMA_PARSE_H

#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "node.h"
#include "split.h"

struct limits {
	unsigned depth;		/* nesting of collections */
	size_t scalar;		/* bytes in one scalar */
	size_t aliases;		/* nodes reached through aliases, per document */
	size_t record;		/* bytes of one document's source */
};

/* 64 levels, 1 MiB, 10,000 expansions, 16 MiB. */
extern const struct limits limits_default;
/* "16 MiB", or "1000 bytes": a limit as messages give it, into out[32]. */
const char *limit_text(size_t n, char *out);

enum parse_status {
	PARSE_END,		/* no more documents in the chunk */
	PARSE_DOC,		/* *doc is the next document */
	PARSE_BAD,		/* a document was skipped: d says why */
	PARSE_BROKEN,		/* invalid YAML: d says where; the stream ends */
	PARSE_FAIL		/* out of memory: d says so */
};

struct parse;

/*
 * Where a document's parts are in its chunk's bytes, so that it can be
 * written as it came (splice.h): its bytes, from just after the document
 * before it to just before the next, and for each of its top-level
 * pairs, where the key starts and where the value's last content ends.
 */
struct src_pair {
	size_t key;		/* offset of the key's first byte */
	size_t end;		/* offset just past the value's last content */
};

struct source {
	const char *text;	/* the chunk's bytes */
	size_t begin, end;	/* the document's: [begin, end) */
	int explicit_start;	/* it has a "---" line */
	int block;		/* the record is a block mapping */
	int keys_ok;		/* each top-level key a scalar at column 0 */
	int transcoded;		/* the chunk is not the input's bytes */
	int odd_breaks;		/* the chunk may hold a lone CR, NEL, LS, PS */
	const struct src_pair *pairs;	/* in the document's order */
	size_t npairs;
};

struct parse *parse_new(const struct limits *lim);
/* Starts on a chunk, which must outlive the iteration. */
void parse_start(struct parse *p, const struct chunk *c);
/* The next document, built in a (reset by the caller between records). */
enum parse_status parse_next(struct parse *p, struct arena *a, struct node **doc,
    struct diag *d);
void parse_free(struct parse *p);

/*
 * Where the document parse_next() gave last is in the chunk; valid until
 * the next call.  Returns 0, or -1 when it cannot be told (a document
 * not alone between two of the chunk's entries): it is not to be spliced.
 */
int parse_source(const struct parse *p, struct source *out);

/* Parses one whole document from a string (data files, tests). */
enum parse_status parse_string(const char *s, size_t n, const char *file,
    struct arena *a, struct node **doc, struct diag *d);

#endif

/*
 * splice: a record written as it came, byte for byte (comments,
 * indentation, line ends, quoting), with only the tool's block new: cut
 * out where it was and written in its place, or after the record's last
 * content line when the record had none.  The block is written by ytext
 * in the record's own style.  Where that cannot be exact, the record is
 * left to libyaml's emitter (emit.h), and its comments are lost: a
 * record that is not a block mapping (a flow one, so JSON input), a
 * top-level key that is not a scalar at column 0, an old block that an
 * alias points into or that is anchored, line breaks other than LF and
 * CR LF, input that was not UTF-8, a record whose last line is a block
 * scalar's with no line end (at the end of a file) when the block is new.
 */
#ifndef DERMA_SPLICE_H
#define DERMA_SPLICE_H

#include "buf.h"
#include "node.h"
#include "parse.h"

/* Why a record is left to the emitter; SPLICE_OK when it is not. */
enum splice_why {
	SPLICE_OK,
	SPLICE_UNKNOWN,		/* where the record is cannot be told */
	SPLICE_FLOW,		/* not a block mapping */
	SPLICE_KEYS,		/* a key not a scalar at column 0 */
	SPLICE_ALIASED,		/* an alias into the old block, or it anchored */
	SPLICE_BREAKS,		/* a lone CR, NEL, LS or PS */
	SPLICE_ENCODING,	/* the input was not UTF-8 */
	SPLICE_LAST_SCALAR	/* the record ends in a block scalar
				 * with no line end: the line end it needs
				 * would be the scalar's */
};

/*
 * Whether the record of src (its tree doc, whose block key has been given
 * its new value) can be written as it came: SPLICE_OK, or why not.
 * aliased says that the old block may not be cut out (node_map_set()
 * moved nodes, or the block's key or value was anchored).
 */
enum splice_why splice_check(const struct source *src, const struct node *doc,
    const char *key, int aliased);
/*
 * Appends the record: its bytes with the block of key (value, as a tree)
 * in place of the old one, or after its last content; a "---" line first
 * when it has none.  splice_check() must have said SPLICE_OK.  Returns 0,
 * or -1 when memory runs out.
 */
int splice_write(struct buf *out, const struct source *src,
    const struct node *doc, const char *key, const struct node *value);

#endif

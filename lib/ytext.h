/*
 * ytext: a tool's block written as YAML text, in the style of the record
 * it goes in (its indentation, how it indents a list under a key, its
 * line ends), so that a record can be written as it came with only the
 * block new.  The block has the shape the tools build (screen_block(),
 * plan_block(), aftercare_block()): mappings and lists of scalars, block
 * or flow.  A scalar of style STYLE_PLAIN is written as it is (a date, a
 * number, a word the tool chose); one of any other style is a string,
 * written plain when it reads back as the same string and quoted when
 * not.
 */
#ifndef DERMA_YTEXT_H
#define DERMA_YTEXT_H

#include <stddef.h>

#include "buf.h"
#include "node.h"

struct ytext_style {
	int indent;		/* spaces a level: 2 unless the record says */
	int seq_indent;		/* "- " indented under its key (1), or at the
				 * key's column (0, as libyaml writes it) */
	int crlf;		/* lines end in CR LF, not LF */
};

/* The style of libyaml's emitter: 2 spaces, lists at their key's column, LF. */
extern const struct ytext_style ytext_default;

/*
 * Appends "key:" and value at column 0, as one top-level pair of a block
 * mapping, each line ended.  Returns 0, or -1 when memory runs out.
 */
int ytext_pair(struct buf *out, const char *key, const struct node *value,
    const struct ytext_style *st);
/*
 * Whether n bytes of s may be written as a plain scalar (in a flow
 * collection when flow) and read back as the same string, not another
 * type: neither a YAML 1.1 null, boolean, number nor date; and whether
 * libyaml's emitter writes it plain when asked to (emit.c asks it for
 * the strings a tool made, so that it writes them as ytext does).
 */
int ytext_plain_ok(const char *s, size_t n, int flow);
/* Whether n bytes of s, written plain, read as a string and not as a
 * null, a boolean, a number or a date (YAML 1.1, as PyYAML reads it). */
int ytext_reads_as_string(const char *s, size_t n);

#endif

/*
 * split: cuts an input stream into chunks of whole YAML documents, so that
 * each chunk can be parsed on its own (by another thread, or again after a
 * bad record).  A chunk is cut only where libyaml itself would start a
 * document: before a "---" line at column 0 (not after a "..." line:
 * libyaml wants one of those after it, or a directive), or before the
 * "%" directive lines just above one (a "%" line with a quote is text: it
 * may end a quoted scalar); in a stream of JSON objects, also before a
 * "{" or "[" at column 0 outside any string or bracket, or after blanks
 * at the start of a line (JSON allows them before a value) once the
 * document before is whole and its top level only brackets.  These are the
 * chunk's entries, the places where reading may start again after a bad
 * record.  A document longer than the record limit is dropped as it is
 * read (memory stays flat) and marked oversize; its entry's bytes are
 * then its id, when its first bytes say it for certain (a top-level
 * "id:" line of a block mapping, the first key of a JSON object), or
 * none.  A stream that starts
 * with a UTF-16 byte order mark is read as UTF-16, as libyaml would read
 * it, and made UTF-8 as it is read: the chunks are UTF-8.  One with a NUL
 * in its first two bytes (UTF-16 or UTF-32 without a mark) is refused.
 */
#ifndef DERMA_SPLIT_H
#define DERMA_SPLIT_H

#include <stddef.h>

#include "diag.h"

/* A place in a chunk where a document may start. */
struct chunk_entry {
	size_t off;		/* byte offset in the chunk */
	unsigned long line;	/* 1-based line in the input */
	int oversize;		/* the document here was too large and dropped:
				 * its bytes are its id, or none */
};

struct chunk {
	const char *file;	/* name for messages: not owned */
	char *data;		/* owned; freed by chunk_free() */
	size_t len;
	struct chunk_entry *ent;	/* owned; at least one */
	size_t nent;
	unsigned long seq;	/* 0, 1, ... in the file */
	int separate;		/* each entry is a stream of its own (JSON) */
	int transcoded;		/* made UTF-8 from UTF-16: not the input's bytes */
	int odd_breaks;		/* it may hold a lone CR, NEL, LS or PS */
};

struct split;

/* Reads fd (not closed by split) named name; NULL when memory runs out. */
struct split *split_new(int fd, const char *name, size_t target,
    size_t max_record);
/*
 * The next chunk: 1 and *c filled (the caller owns it), 0 at the end of
 * the input, -1 on a read error, out of memory or UTF-16 without a byte
 * order mark (d filled).
 */
int split_next(struct split *s, struct chunk *c, struct diag *d);
void split_free(struct split *s);
void chunk_free(struct chunk *c);
/*
 * The length of the line break at s (avail bytes, at least 1), as
 * libyaml counts breaks: LF, CR LF, a lone CR, NEL, LS or PS; 0 when there
 * is none, -1 when the bytes after are needed to tell and at_end is 0.
 */
int split_break(const char *s, size_t avail, int at_end);

/*
 * Byte offsets of libyaml's marks.  A mark's index counts characters, not
 * bytes: a UTF-8 sequence is one, and a byte order mark at the start of
 * the input is none.  The converter goes on from the last index it was
 * asked, so the marks of one pass over the input cost one pass over it;
 * an index before that one starts it again from the start.
 */
struct charpos {
	const unsigned char *s;
	size_t n;
	size_t start;		/* where the characters start: after a BOM */
	size_t chars;		/* characters before off */
	size_t off;
	size_t high;		/* the first byte from off on over 0x7F, or n */
	int ascii;		/* the bytes are ASCII: an index is an offset */
};

/*
 * The length of the longest start of the n bytes of s that libyaml's
 * reader takes: UTF-8 (no overlong form, surrogate or code point past
 * U+10FFFF, no sequence cut at the end) of the characters YAML allows:
 * tab, CR, LF and the printable ones, NEL, and U+A0 on but for U+FFFE and
 * U+FFFF.  *ascii is the length of its ASCII start.
 */
size_t split_valid(const char *s, size_t n, size_t *ascii);

/* Starts a converter on the n bytes of s that libyaml was given; ascii
 * when they are all under 0x80 (each character is then one byte). */
void charpos_init(struct charpos *cp, const char *s, size_t n, int ascii);
/* The byte offset of character index (n when past the end). */
size_t charpos_offset(struct charpos *cp, size_t index);

#endif

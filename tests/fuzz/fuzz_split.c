/*
 * fuzz_split: the record reader and splitter.  The input is read through
 * a pipe twice, once written all at once and once in pieces, so that the
 * reads end at varying places; split cuts it into chunks (at a target and
 * record limit chosen by the input's hash) and parse reads each chunk's
 * documents, and where each is in its chunk.  What both passes give (the
 * chunks, their entries, each document's status, message, id and place,
 * and whether it may be spliced) must be the same: how the bytes came cannot
 * change what they are.  (A chunk's odd_breaks is not compared: it says
 * a lone CR, NEL, LS or PS may be in it, as far as was read; splice.c
 * looks at the record's own bytes.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "fuzz.h"
#include "parse.h"
#include "splice.h"
#include "split.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_data();	/* the SIGPIPE set-up */
	return 0;
}

static void
note(struct buf *t, const char *fmt, unsigned long a, unsigned long b,
    unsigned long c)
{
	if (buf_printf(t, fmt, a, b, c) == -1)
		abort();
}

static void
note_diag(struct buf *t, const struct diag *d)
{
	note(t, "diag %lu %lu:%lu ", (unsigned long)d->kind, d->line, d->col);
	if (buf_puts(t, d->file) == -1 || buf_putc(t, ' ') == -1 ||
	    buf_puts(t, d->msg) == -1 || buf_puts(t, " id ") == -1 ||
	    buf_puts(t, d->id) == -1 || buf_putc(t, '\n') == -1)
		abort();
}

/* The documents of chunk c, into t. */
static void
parse_chunk(const struct chunk *c, const struct limits *lim, struct buf *t)
{
	struct parse *p = parse_new(lim);
	struct arena *a = arena_new();
	enum parse_status ps;

	if (p == NULL || a == NULL)
		abort();
	parse_start(p, c);
	do {
		struct node *doc = NULL;
		struct source src;
		struct diag d;

		diag_clear(&d);
		arena_reset(a);
		ps = parse_next(p, a, &doc, &d);
		note(t, "parse %lu kind %lu line %lu\n", (unsigned long)ps,
		    doc ? (unsigned long)doc->kind : 9, doc ? doc->line : 0);
		if (ps == PARSE_BAD || ps == PARSE_BROKEN || ps == PARSE_FAIL)
			note_diag(t, &d);
		if (ps == PARSE_FAIL)
			abort();	/* no memory runs out here */
		if (ps != PARSE_DOC)
			continue;
		if (parse_source(p, &src) == -1) {
			note(t, "source none\n", 0, 0, 0);
			continue;
		}
		if (src.begin > src.end || src.end > c->len)
			abort();
		note(t, "source %lu-%lu start %lu ", src.begin, src.end,
		    (unsigned long)src.explicit_start);
		note(t, "block %lu keys %lu pairs %lu ", (unsigned long)src.block,
		    (unsigned long)src.keys_ok, src.npairs);
		note(t, "splice %lu %lu\n", (unsigned long)splice_check(&src,
		    doc, "screening", 0), (unsigned long)src.transcoded, 0);
		for (size_t i = 0; i < src.npairs; i++) {
			if (src.pairs[i].key < src.begin || src.pairs[i].end > src.end ||
			    src.pairs[i].key > src.pairs[i].end)
				abort();
			note(t, "pair %lu-%lu\n", src.pairs[i].key, src.pairs[i].end, 0);
		}
	} while (ps == PARSE_DOC || ps == PARSE_BAD);
	parse_free(p);
	arena_free(a);
}

/* Reads the input through a pipe cut as seed says, into a transcript. */
static void
pass(const uint8_t *data, size_t size, uint64_t seed, size_t target,
    size_t max_record, const struct limits *lim, struct buf *t)
{
	struct fuzz_feed *f = fuzz_feed_start(data, size, seed, 100);
	struct split *s;
	struct chunk c;
	struct diag d;
	int r;

	if (f == NULL || (s = split_new(100, "fuzz", target, max_record)) == NULL)
		abort();
	diag_clear(&d);
	while ((r = split_next(s, &c, &d)) == 1) {
		if (c.nent == 0 || c.ent[0].off != 0)
			abort();	/* "at least one", the first at the start */
		note(t, "chunk %lu len %lu entries %lu\n", c.seq, c.len, c.nent);
		/* Not odd_breaks: "it may hold" one, as far as was read. */
		note(t, "flags %lu %lu\n", (unsigned long)c.separate,
		    (unsigned long)c.transcoded, 0);
		for (size_t i = 0; i < c.nent; i++) {
			if (c.ent[i].off > c.len || (i > 0 && c.ent[i].off < c.ent[i - 1].off))
				abort();
			note(t, "entry %lu line %lu oversize %lu\n", c.ent[i].off,
			    c.ent[i].line, (unsigned long)c.ent[i].oversize);
		}
		if (buf_add(t, c.data, c.len) == -1 || buf_putc(t, '\n') == -1)
			abort();
		parse_chunk(&c, lim, t);
		chunk_free(&c);
	}
	note(t, "end %lu\n", (unsigned long)(r + 1), 0, 0);
	if (r == -1)
		note_diag(t, &d);
	split_free(s);
	fuzz_feed_end(f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t targets[] = {1, 100, 4096, 128 * 1024};
	static const struct limits small = {4, 64, 10, 1024};
	uint64_t st = fuzz_hash(data, size);
	size_t target = targets[fuzz_rand(&st) % 4];
	int tight = fuzz_rand(&st) % 4 == 0;
	const struct limits *lim = tight ? &small : &limits_default;
	uint64_t seed = fuzz_rand(&st) | 1;
	struct buf whole = {0}, cut = {0};

	pass(data, size, 0, target, lim->record, lim, &whole);
	pass(data, size, seed, target, lim->record, lim, &cut);
	if (whole.len != cut.len || memcmp(whole.p, cut.p, whole.len) != 0) {
		fprintf(stderr, "fuzz_split: read whole and read in pieces differ\n"
		    "--- whole:\n%.*s\n--- in pieces:\n%.*s\n", (int)whole.len,
		    whole.p, (int)cut.len, cut.p);
		abort();
	}
	buf_free(&whole);
	buf_free(&cut);
	return 0;
}

/*
 * reader: what every derma tool pays before its own work, at -j 1: the
 * library's splitter and parser over standard input, each record built
 * as its tree (node.h) and dropped.  Not a floor: its ratio to
 * floor-parse is the share of a tool's ratio that is the shared reader,
 * and the rest is the tool's (screening, its block, the writing).
 */
#include <stdio.h>

#include "arena.h"
#include "diag.h"
#include "filter.h"
#include "parse.h"
#include "split.h"

/* The records of one chunk; -1 when the stream cannot go on. */
static int
read_chunk(struct parse *p, struct arena *a, const struct chunk *c,
    unsigned long *records)
{
	struct diag d;

	diag_clear(&d);
	parse_start(p, c);
	for (;;) {
		struct node *doc;

		arena_reset(a);
		switch (parse_next(p, a, &doc, &d)) {
		case PARSE_END:
			return 0;
		case PARSE_DOC:
		case PARSE_BAD:
			++*records;
			break;
		case PARSE_BROKEN:
		case PARSE_FAIL:
			fprintf(stderr, "reader: line %lu: %s\n", d.line, d.msg);
			return -1;
		}
	}
}

int
main(void)
{
	struct split *s = split_new(0, "-", FILTER_CHUNK_TARGET, limits_default.record);
	struct parse *p = parse_new(&limits_default);
	struct arena *a = arena_new();
	unsigned long records = 0;
	struct chunk c;
	struct diag d;
	int r, status = 0;

	if (s == NULL || p == NULL || a == NULL) {
		fprintf(stderr, "reader: out of memory\n");
		return 70;
	}
	diag_clear(&d);
	while ((r = split_next(s, &c, &d)) == 1) {
		if (read_chunk(p, a, &c, &records) == -1)
			status = 65;
		chunk_free(&c);
		if (status != 0)
			break;
	}
	if (r == -1) {
		fprintf(stderr, "reader: %s\n", d.msg);
		status = 74;
	}
	fprintf(stderr, "reader: %lu records\n", records);
	parse_free(p);
	arena_free(a);
	split_free(s);
	return status;
}

/* Unit tests: cutting a stream into chunks of whole documents (split.h). */
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "unit.h"

/*
 * Every document of every chunk, in order: each chunk parsed on its own.
 * Invalid YAML ends the stream, as the filter ends the file.
 */
struct seen {
	char id[32];		/* the document's id:, or "" */
	unsigned long line;	/* its entry's line */
	unsigned long doc_line;	/* the line of its root node */
	enum parse_status st;
	char bad_id[DIAG_ID_MAX + 1];	/* a bad one's: the id its error names */
	char msg[64];		/* and the start of its message */
};

static size_t
parse_chunks(const struct chunk *cs, size_t nc, struct seen *out, size_t max)
{
	struct parse *p = parse_new(&limits_default);
	struct arena *a = arena_new();
	size_t n = 0;

	assert_non_null(p);
	for (size_t i = 0; i < nc; i++) {
		parse_start(p, &cs[i]);
		for (;;) {
			struct node *doc;
			const struct node *id;
			struct diag d;
			enum parse_status st;

			diag_clear(&d);
			arena_reset(a);
			if ((st = parse_next(p, a, &doc, &d)) == PARSE_END)
				break;
			assert_true(n < max);
			memset(&out[n], 0, sizeof(out[n]));
			out[n].st = st;
			if (st == PARSE_DOC) {
				if ((id = node_get(doc, "id")) != NULL)
					snprintf(out[n].id, sizeof(out[n].id), "%s",
					    id->text);
				out[n].doc_line = doc->line;
			} else {
				out[n].doc_line = d.line;
				snprintf(out[n].bad_id, sizeof(out[n].bad_id), "%s",
				    d.id);
				snprintf(out[n].msg, sizeof(out[n].msg), "%.*s",
				    (int)sizeof(out[n].msg) - 1, d.msg);
			}
			if (out[n++].st == PARSE_BROKEN)
				goto done;
		}
	}
done:
	parse_free(p);
	arena_free(a);
	return n;
}

/* The entries of all chunks, in order, as (line, oversize). */
static size_t
all_entries(const struct chunk *cs, size_t nc, struct chunk_entry *out,
    size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < nc; i++) {
		assert_true(cs[i].nent >= 1);
		assert_int_equal(cs[i].seq, i);
		assert_int_equal(cs[i].ent[0].off, 0);	/* a chunk starts a document */
		for (size_t j = 0; j < cs[i].nent; j++) {
			assert_true(n < max);
			assert_true(cs[i].ent[j].off <= cs[i].len);
			if (j > 0)
				assert_true(cs[i].ent[j].off >= cs[i].ent[j - 1].off);
			out[n++] = cs[i].ent[j];
		}
	}
	return n;
}

/* A stream of n records P-0..., each of 3 lines after its "---". */
static char *
records(int n)
{
	struct buf b = {0};

	for (int i = 0; i < n; i++)
		buf_printf(&b, "---\nid: P-%d\nname: Patient %d\nnote: [a, b, c]\n",
		    i, i);
	return (char *)buf_str(&b);
}

/* The same records, the line of each "note:" ended by a lone CR, a NEL
 * or an LS in turn, cut by reads at any byte. */
static char *
odd_breaks(char *s)
{
	static const char *const breaks[] = {"\r", "\xc2\x85", "\xe2\x80\xa8"};
	struct buf b = {0};
	const char *p = s, *q;
	int i = 0;

	while ((q = strstr(p, "c]\n")) != NULL) {
		buf_add(&b, p, (size_t)(q - p) + 2);
		buf_puts(&b, breaks[i++ % 3]);
		p = q + 3;
	}
	buf_puts(&b, p);
	free(s);
	return (char *)buf_str(&b);
}

static void
test_several_chunks(void **state)
{
	char *s = records(20);
	struct chunk *cs;
	struct chunk_entry ent[32];
	struct seen seen[32];
	struct buf joined = {0};
	size_t nc = split_string(s, strlen(s), 64, 1 << 20, &cs), ne, nd;

	(void)state;
	assert_true(nc >= 5);
	/* No byte lost or doubled: the chunks joined are the input. */
	for (size_t i = 0; i < nc; i++) {
		assert_string_equal(cs[i].file, "<test>");
		assert_false(cs[i].separate);
		buf_add(&joined, cs[i].data, cs[i].len);
		/* A chunk, but the last, is cut once it holds the target. */
		if (i + 1 < nc)
			assert_true(cs[i].len >= 64);
	}
	assert_int_equal(joined.len, strlen(s));
	assert_memory_equal(joined.p, s, joined.len);
	/* One entry per document, at the line of its "---". */
	ne = all_entries(cs, nc, ent, NELEM(ent));
	assert_int_equal(ne, 20);
	for (size_t i = 0; i < ne; i++) {
		assert_int_equal(ent[i].line, 1 + 4 * i);
		assert_false(ent[i].oversize);
	}
	/* Each chunk parses alone, and the documents come in order. */
	nd = parse_chunks(cs, nc, seen, NELEM(seen));
	assert_int_equal(nd, 20);
	for (size_t i = 0; i < nd; i++) {
		char id[32];

		snprintf(id, sizeof(id), "P-%zu", i);
		assert_int_equal(seen[i].st, PARSE_DOC);
		assert_string_equal(seen[i].id, id);
		assert_int_equal(seen[i].doc_line, 2 + 4 * i);
	}
	buf_free(&joined);
	free_chunks(cs, nc);
	free(s);
}

/* Documents without "---" before the first, with comments and "...". */
static void
test_markers(void **state)
{
	static const char s[] =
	    "# a comment first\n"		/* 1 */
	    "id: A\n"				/* 2 */
	    "note: |\n"				/* 3 */
	    "  ---\n"				/* 4: in a block scalar */
	    "  text\n"				/* 5 */
	    "---x: not a marker\n"		/* 6: a key "---x" */
	    "--- \n"				/* 7 */
	    "id: B\n"				/* 8 */
	    "...\n"				/* 9 */
	    "%YAML 1.1\n"			/* 10 */
	    "%TAG !e! tag:example.com,2000:\n"	/* 11 */
	    "---\n"				/* 12 */
	    "id: C\n"				/* 13 */
	    "x: !e!thing 1\n"			/* 14 */
	    "...\n"				/* 15 */
	    "# between\n"			/* 16: stays with C */
	    "--- {id: D}\n"			/* 17 */
	    "---\n"				/* 18 */
	    "id: E\n"				/* 19 */
	    "s: \"a\n"				/* 20 */
	    "  ---\"\n";			/* 21: in a quoted scalar */
	static const struct {
		const char *id;
		unsigned long line;
	} want[] = {
		{"A", 1}, {"B", 7}, {"C", 10}, {"D", 17}, {"E", 18},
	};
	struct chunk_entry ent[16];
	struct seen seen[16];
	size_t targets[] = {1, 40, 1 << 20};

	(void)state;
	for (size_t t = 0; t < NELEM(targets); t++) {
		struct chunk *cs;
		size_t nc = split_string(s, strlen(s), targets[t], 1 << 20, &cs);
		size_t ne = all_entries(cs, nc, ent, NELEM(ent));
		size_t nd = parse_chunks(cs, nc, seen, NELEM(seen));

		/* Each document its own chunk, C cut at its directives. */
		if (targets[t] == 1)
			assert_int_equal(nc, NELEM(want));
		if (targets[t] == 1 << 20)
			assert_int_equal(nc, 1);
		assert_int_equal(ne, NELEM(want));
		assert_int_equal(nd, NELEM(want));
		for (size_t i = 0; i < NELEM(want); i++) {
			assert_int_equal(ent[i].line, want[i].line);
			assert_int_equal(seen[i].st, PARSE_DOC);
			assert_string_equal(seen[i].id, want[i].id);
		}
		free_chunks(cs, nc);
	}
}

/*
 * A "%" line at column 0 inside a quoted scalar is text to libyaml, not a
 * directive: cut there, the document would be broken in two.
 */
static void
test_percent_in_quoted(void **state)
{
	static const char s[] =
	    "id: A\n"
	    "s: \"a\n"
	    "%not a directive\n"
	    "  b\"\n"
	    "---\n"
	    "id: B\n"
	    "t: 'c\n"
	    "%YAML 1.1\n"
	    "  d'\n"
	    "...\n"
	    "%YAML 1.1\n"
	    "---\n"
	    "id: C\n";
	static const char *const ids[] = {"A", "B", "C"};
	struct seen seen[8];
	size_t targets[] = {1, 8, 1 << 20};

	(void)state;
	for (size_t t = 0; t < NELEM(targets); t++) {
		struct chunk *cs;
		size_t nc = split_string(s, strlen(s), targets[t], 1 << 20, &cs);
		size_t nd = parse_chunks(cs, nc, seen, NELEM(seen));

		assert_int_equal(nd, NELEM(ids));
		for (size_t i = 0; i < nd; i++) {
			assert_int_equal(seen[i].st, PARSE_DOC);
			assert_string_equal(seen[i].id, ids[i]);
		}
		free_chunks(cs, nc);
	}
}

/*
 * "%" lines followed by a "---" start a document and are a place to cut,
 * comments and blank lines between them too; a "%" line with a quote is
 * text, as it may end a quoted scalar.  After a bad record, reading goes
 * on at the next document, not at a "%" line inside a quoted scalar.
 */
static void
test_directives(void **state)
{
	static const char s[] =
	    "---\n"				/* 1 */
	    "id: P-1\n"				/* 2 */
	    "x: *nosuch\n"			/* 3: a bad record */
	    "note: \"first\n"			/* 4 */
	    "%second\"\n"			/* 5: text, with a quote */
	    "---\n"				/* 6 */
	    "id: P-2\n"				/* 7 */
	    "%YAML 1.1\n"			/* 8: the next document's */
	    "# a comment\n"			/* 9 */
	    "\n"				/* 10 */
	    "%TAG !e! tag:example.com,2000:\n"	/* 11 */
	    "---\n"				/* 12 */
	    "id: P-3\n"				/* 13 */
	    "x: !e!thing 1\n"			/* 14 */
	    "t: 'c\n"				/* 15 */
	    "%YAML 1.1\n"			/* 16: text */
	    "# it'\n"				/* 17: ends the quote */
	    "---\n"				/* 18 */
	    "id: P-4\n";			/* 19 */
	static const struct {
		const char *id;
		unsigned long line;
		enum parse_status st;
	} want[] = {
		{"", 1, PARSE_BAD}, {"P-2", 6, PARSE_DOC}, {"P-3", 8, PARSE_DOC},
		{"P-4", 18, PARSE_DOC},
	};
	struct chunk_entry ent[8];
	struct seen seen[8];
	size_t targets[] = {1, 8, 1 << 20};

	(void)state;
	for (size_t t = 0; t < NELEM(targets); t++) {
		struct chunk *cs;
		size_t nc = split_string(s, strlen(s), targets[t], 1 << 20, &cs);
		size_t ne = all_entries(cs, nc, ent, NELEM(ent));
		size_t nd = parse_chunks(cs, nc, seen, NELEM(seen));

		if (targets[t] == 1)
			assert_int_equal(nc, NELEM(want));
		assert_int_equal(ne, NELEM(want));
		assert_int_equal(nd, NELEM(want));
		for (size_t i = 0; i < NELEM(want); i++) {
			assert_int_equal(ent[i].line, want[i].line);
			assert_int_equal(seen[i].st, want[i].st);
			assert_string_equal(seen[i].id, want[i].id);
		}
		free_chunks(cs, nc);
	}
}

/* "%YAML 1.1" before every document: each is a place to cut. */
static void
test_directive_every_document(void **state)
{
	struct buf b = {0};
	struct chunk *cs;
	struct seen seen[64];
	size_t nc, nd;

	(void)state;
	for (int i = 0; i < 50; i++)
		buf_printf(&b, "%%YAML 1.1\n---\nid: P-%d\nname: Patient %d\n", i, i);
	nc = split_string(b.p, b.len, 1, 1 << 20, &cs);
	nd = parse_chunks(cs, nc, seen, NELEM(seen));
	assert_int_equal(nc, 50);
	for (size_t i = 0; i < nc; i++)
		assert_memory_equal(cs[i].data, "%YAML 1.1\n---\n", 14);
	assert_int_equal(nd, 50);
	for (size_t i = 0; i < nd; i++) {
		char id[32];

		snprintf(id, sizeof(id), "P-%zu", i);
		assert_int_equal(seen[i].st, PARSE_DOC);
		assert_string_equal(seen[i].id, id);
	}
	free_chunks(cs, nc);
	buf_free(&b);
}

/*
 * Lines end where libyaml ends them: at a lone CR, NEL, LS and PS too, so
 * a line number is the same whichever chunk the break fell in.
 */
static void
test_line_breaks(void **state)
{
	static const char s[] =
	    "id: A\r"			/* 1: a lone CR */
	    "x: 1\r\n"			/* 2: CR LF, one break */
	    "y: a\xc2\x85"		/* 3: NEL */
	    "z: b\xe2\x80\xa8"		/* 4: LS */
	    "w: c\xe2\x80\xa9"		/* 5: PS */
	    "---\r"			/* 6: a marker before a lone CR */
	    "id: B\n"			/* 7 */
	    "---\n"			/* 8 */
	    "bad: [\n";			/* 9, and 10: the stream breaks */
	static const struct {
		const char *id;
		unsigned long line, doc_line;
	} want[] = {{"A", 1, 1}, {"B", 6, 7}, {"", 8, 10}};
	size_t targets[] = {1, 1 << 20};

	(void)state;
	for (size_t t = 0; t < NELEM(targets); t++) {
		struct chunk *cs;
		struct seen seen[8];
		struct chunk_entry ent[8];
		size_t nc = split_string(s, strlen(s), targets[t], 1 << 20, &cs);
		size_t ne = all_entries(cs, nc, ent, NELEM(ent));
		size_t nd = parse_chunks(cs, nc, seen, NELEM(seen));

		assert_int_equal(nc, targets[t] == 1 ? NELEM(want) : 1);
		assert_int_equal(ne, NELEM(want));
		assert_int_equal(nd, NELEM(want));
		for (size_t i = 0; i < nd; i++) {
			assert_string_equal(seen[i].id, want[i].id);
			assert_int_equal(ent[i].line, want[i].line);
			if (seen[i].doc_line != want[i].doc_line)
				fail_msg("target %zu, document %zu: line %lu, "
				    "expected %lu", targets[t], i, seen[i].doc_line,
				    want[i].doc_line);
		}
		assert_int_equal(seen[2].st, PARSE_BROKEN);
		free_chunks(cs, nc);
	}
}

/* A stream that starts with a flow mapping is YAML all the same. */
static void
test_flow_documents(void **state)
{
	static const char s[] =
	    "{id: A, x: 1}\n"
	    "---\n"
	    "{id: B}\n"
	    "---\n"
	    "id: C\n";
	struct chunk *cs;
	struct seen seen[8];
	size_t nc = split_string(s, strlen(s), 1 << 20, 1 << 20, &cs);
	size_t nd = parse_chunks(cs, nc, seen, NELEM(seen));

	(void)state;
	free_chunks(cs, nc);
	if (nd != 3)
		fail_msg("3 documents, but %zu come out", nd);
	assert_string_equal(seen[0].id, "A");
	assert_string_equal(seen[1].id, "B");
	assert_string_equal(seen[2].id, "C");
}

/*
 * Where the chunks are cut does not change what a stream means: cut
 * after every document or not at all, the same documents come out, good
 * or bad alike.
 */
static void
test_cut_keeps_meaning(void **state)
{
	static const char *const inputs[] = {
		"id: a\n---\nid: b\n---\nid: c\n",
		"id: a\nref: *x\n---\nid: b\n",
		"id: a\n---\n%YAML 1.1\n---\nid: b\n",
		"--- |\n  text\n...\n--- >\n  folded\n",
		"id: a\n---\nbad: [\n---\nid: c\n",
		/* libyaml needs a "---" after "...": not a document of its own */
		"id: a\n...\nid: b\n",
	};

	(void)state;
	for (size_t i = 0; i < NELEM(inputs); i++) {
		const char *s = inputs[i];
		struct chunk *c1, *cn;
		size_t n1 = split_string(s, strlen(s), 1, 1 << 20, &c1);
		size_t nn = split_string(s, strlen(s), 1 << 20, 1 << 20, &cn);
		struct seen one[8], all[8];
		size_t d1 = parse_chunks(c1, n1, one, NELEM(one));
		size_t dn = parse_chunks(cn, nn, all, NELEM(all));

		free_chunks(c1, n1);
		free_chunks(cn, nn);
		if (d1 != dn)
			fail_msg("%s: %zu documents cut apart, %zu together", s, d1, dn);
		for (size_t j = 0; j < d1; j++) {
			if (one[j].st != all[j].st)
				fail_msg("%s: document %zu: status %d cut apart, %d "
				    "together", s, j, one[j].st, all[j].st);
			assert_string_equal(one[j].id, all[j].id);
		}
	}
}

static void
test_json_lines(void **state)
{
	static const char s[] =
	    "{\"id\": \"J-1\", \"x\": \"}{\\\"\\n\"}\n"	/* 1 */
	    "{\"id\": \"J-2\", \"list\": [1, {\"a\": \"[\"}]}\n"	/* 2 */
	    "{\n"				/* 3: a pretty-printed object */
	    "  \"id\": \"J-3\",\n"		/* 4 */
	    "  \"nested\": [\n"			/* 5 */
	    "[1, 2],\n"				/* 6: not a split: in brackets */
	    "{\"a\": \"b\"}\n"			/* 7: nor this */
	    "  ]\n"				/* 8 */
	    "}\n"				/* 9 */
	    "[\"an\", \"array\"]\n"		/* 10 */
	    "{\"id\": \"J-5\", \"q\": \"it's\"}\n"	/* 11 */
	    "{\"id\": \"J-6\"}\n";		/* 12 */
	static const unsigned long lines[] = {1, 2, 3, 10, 11, 12};
	static const char *const ids[] = {"J-1", "J-2", "J-3", "", "J-5", "J-6"};
	struct chunk_entry ent[16];
	struct seen seen[16];
	size_t targets[] = {1, 1 << 20};

	(void)state;
	for (size_t t = 0; t < NELEM(targets); t++) {
		struct chunk *cs;
		size_t nc = split_string(s, strlen(s), targets[t], 1 << 20, &cs);
		size_t ne = all_entries(cs, nc, ent, NELEM(ent));
		size_t nd = parse_chunks(cs, nc, seen, NELEM(seen));

		for (size_t i = 0; i < nc; i++)
			assert_true(cs[i].separate);
		assert_int_equal(ne, NELEM(lines));
		assert_int_equal(nd, NELEM(lines));
		for (size_t i = 0; i < NELEM(lines); i++) {
			assert_int_equal(ent[i].line, lines[i]);
			assert_int_equal(seen[i].st, PARSE_DOC);
			assert_string_equal(seen[i].id, ids[i]);
		}
		free_chunks(cs, nc);
	}
}

/*
 * A quote inside a plain scalar of a flow mapping is text, and "''" is a
 * quote inside a '...' string: neither hides the documents after it.
 */
static void
test_flow_quotes(void **state)
{
	static const char s[] =
	    "{id: A, name: O'Brien, skin: {fitzpatrick: 2}}\n"	/* 1 */
	    "{id: B, q: 'it''s {', r: \"say \\\"hi\\\" [\"}\n"	/* 2 */
	    "{id: C, a: b'c, d: x\"y, e: 'f'}\n"		/* 3 */
	    "{id: D, t: !!str 'x, }', u: &a 'y', v: *a}\n"	/* 4 */
	    "{\"id\":\"E\",\"k\":'l}'}\n"			/* 5 */
	    "{id: F, url: http://x.org/it's, w: [don't, \"stop\"]}\n"	/* 6 */
	    "{id: G}\n";					/* 7 */
	static const char *const ids[] = {"A", "B", "C", "D", "E", "F", "G"};
	struct chunk_entry ent[16];
	struct seen seen[16];
	size_t targets[] = {1, 1 << 20};

	(void)state;
	for (size_t t = 0; t < NELEM(targets); t++) {
		struct chunk *cs;
		size_t nc = split_string(s, strlen(s), targets[t], 1 << 20, &cs);
		size_t ne = all_entries(cs, nc, ent, NELEM(ent));
		size_t nd = parse_chunks(cs, nc, seen, NELEM(seen));

		assert_int_equal(ne, NELEM(ids));
		assert_int_equal(nd, NELEM(ids));
		for (size_t i = 0; i < NELEM(ids); i++) {
			assert_int_equal(ent[i].line, i + 1);
			assert_int_equal(seen[i].st, PARSE_DOC);
			assert_string_equal(seen[i].id, ids[i]);
		}
		free_chunks(cs, nc);
	}
}

/* JSON Lines through a pipe, as from another program. */
static void
test_pipe(void **state)
{
	static const char s[] = "{\"id\": \"a\"}\n{\"id\": \"b\"}\n{\"id\": \"c\"}\n";
	struct split *sp;
	struct chunk c;
	struct diag d;
	int fds[2];

	(void)state;
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], s, strlen(s)), (ssize_t)strlen(s));
	close(fds[1]);
	sp = split_new(fds[0], "<stdin>", 1 << 20, 1 << 20);
	diag_clear(&d);
	assert_int_equal(split_next(sp, &c, &d), 1);
	assert_int_equal(c.nent, 3);
	assert_true(c.separate);
	assert_int_equal(c.len, strlen(s));
	assert_string_equal(c.file, "<stdin>");
	chunk_free(&c);
	assert_int_equal(split_next(sp, &c, &d), 0);
	assert_int_equal(split_next(sp, &c, &d), 0);
	split_free(sp);
	close(fds[0]);
}

/* A writer that hands the stream over in small pieces. */
struct dribble {
	int fd;
	const char *s;
	size_t n, step;
};

/* Whether dribble() waits for each write to be read before the next. */
static int lockstep;

static void *
dribble(void *arg)
{
	struct dribble *w = arg;

	for (size_t off = 0; off < w->n; off += w->step) {
		size_t k = w->n - off < w->step ? w->n - off : w->step;

		if (write(w->fd, w->s + off, k) != (ssize_t)k)
			break;
		/* In lockstep, each read ends where a write did. */
		for (int q = 1; lockstep && q > 0;)
			if (ioctl(w->fd, FIONREAD, &q) == -1)
				break;
			else if (q > 0)
				sched_yield();
	}
	close(w->fd);
	return NULL;
}

/*
 * Splits n bytes of s as written to a pipe step bytes at a time; the
 * chunks into *out.  Returns split_next()'s last result (0: all read).
 * Nothing may be asserted before the writer is joined: a failed
 * assertion leaves the test, and the thread would go on writing from a
 * dead frame.
 */
static int
split_pipe(const char *s, size_t n, size_t step, size_t target,
    struct chunk **out, size_t *nout)
{
	struct dribble w = {-1, s, n, step};
	struct chunk *got = NULL, c;
	struct split *sp;
	struct diag d;
	pthread_t th;
	size_t ngot = 0;
	int fds[2], r = -1;

	if (pipe(fds) == -1)
		fail_msg("pipe: %s", strerror(errno));
	w.fd = fds[1];
	if (pthread_create(&th, NULL, dribble, &w) != 0)
		fail_msg("pthread_create failed");
	sp = split_new(fds[0], "<pipe>", target, 1 << 20);
	diag_clear(&d);
	while (sp != NULL && (r = split_next(sp, &c, &d)) == 1) {
		struct chunk *v = realloc(got, (ngot + 1) * sizeof(*v));

		if (v == NULL) {
			chunk_free(&c);
			r = -1;
			break;
		}
		got = v;
		got[ngot++] = c;
	}
	close(fds[0]);	/* a writer still writing gets EPIPE */
	pthread_join(th, NULL);
	split_free(sp);
	*out = got;
	*nout = ngot;
	return r;
}

/* Asserts that two splits gave the same chunks; records of 4 lines each. */
static void
assert_same_chunks(const struct chunk *got, size_t ngot, const struct chunk *cs,
    size_t nc)
{
	size_t ne = 0;

	assert_int_equal(ngot, nc);
	for (size_t i = 0; i < ngot; i++) {
		assert_int_equal(got[i].len, cs[i].len);
		assert_memory_equal(got[i].data, cs[i].data, got[i].len);
		assert_int_equal(got[i].nent, cs[i].nent);
		for (size_t j = 0; j < got[i].nent; j++) {
			assert_int_equal(got[i].ent[j].off, cs[i].ent[j].off);
			assert_int_equal(got[i].ent[j].line, cs[i].ent[j].line);
			/* a record is 4 lines, however they end */
			assert_int_equal(got[i].ent[j].line, 1 + 4 * ne++);
		}
	}
}

/*
 * Reads that end anywhere, even inside a "---", cut the same chunks as a
 * file does.  The big stream is bigger than a read and than a pipe buffer.
 */
static void
test_short_reads(void **state)
{
	static const struct {
		int records;
		size_t step;
		int odd;	/* records end with a lone CR, NEL or LS */
	} cases[] = {{300, 1, 0}, {3000, 3, 0}, {3000, 4093, 0}, {300, 1, 1},
	    {3000, 3, 1}, {3000, 4093, 1}};

	(void)state;
	for (size_t k = 0; k < NELEM(cases); k++) {
		char *s = records(cases[k].records);

		if (cases[k].odd)
			s = odd_breaks(s);
		size_t n = strlen(s), target = 4096, ngot;
		struct chunk *cs, *got;
		size_t nc = split_string(s, n, target, 1 << 20, &cs);
		int r = split_pipe(s, n, cases[k].step, target, &got, &ngot);

		if (cases[k].records == 3000)
			assert_true(n > 128 * 1024);
		assert_true(nc > 2);
		assert_int_equal(r, 0);
		assert_same_chunks(got, ngot, cs, nc);
		free_chunks(got, ngot);
		free_chunks(cs, nc);
		free(s);
	}
}

/*
 * Splits n bytes of s read in two reads, the first of k bytes, at a
 * record limit of max_record: a SOCK_SEQPACKET socket hands each write
 * over as one read, whatever the timing, so the read ends at k every
 * time.  The entries into out, their number returned.
 */
static size_t
split_two_reads(const char *s, size_t n, size_t k, size_t max_record,
    struct chunk_entry *out, size_t max)
{
	struct chunk *cs = NULL, c;
	struct split *sp;
	struct diag d;
	size_t nc = 0, ne;
	int fds[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, fds) == -1)
		fail_msg("socketpair: %s", strerror(errno));
	if (write(fds[1], s, k) != (ssize_t)k ||
	    write(fds[1], s + k, n - k) != (ssize_t)(n - k))
		fail_msg("write: %s", strerror(errno));
	close(fds[1]);
	sp = split_new(fds[0], "<socket>", 1, max_record);
	assert_non_null(sp);
	diag_clear(&d);
	while (split_next(sp, &c, &d) == 1) {
		struct chunk *v = realloc(cs, (nc + 1) * sizeof(*v));

		assert_non_null(v);
		cs = v;
		cs[nc++] = c;
	}
	split_free(sp);
	close(fds[0]);
	ne = all_entries(cs, nc, out, max);
	free_chunks(cs, nc);
	return ne;
}

/*
 * A read that ends just after the first bytes of a line still cuts the
 * records a file does: after "\xef\xbb\xbf..." the "..." is no end marker
 * until the byte after it is seen, and "---" before an LS (three bytes)
 * is a marker, not text, though the read ends inside the LS.  Both were
 * found by fuzz_split, and CI failed on them.
 */
static void
test_read_ends_in_marker(void **state)
{
	static const char *const streams[] = {
		"\xef\xbb\xbf...x: 1\n---\nid: A-2\n",
		"id: A-1\xe2\x80\xa8---\xe2\x80\xa8id: A-2\n",
		"id: A-1\n---\xc2\x85id: A-2\n",
		"id: A-1\n---\r\nid: A-2\n",
	};

	(void)state;
	for (size_t i = 0; i < NELEM(streams); i++) {
		const char *s = streams[i];
		size_t n = strlen(s);
		struct chunk *cs;
		struct chunk_entry whole[8], cut[8];
		size_t nc = split_string(s, n, 1, 1 << 20, &cs);
		size_t nw = all_entries(cs, nc, whole, NELEM(whole));

		free_chunks(cs, nc);
		assert_int_equal(nw, 2);
		for (size_t k = 1; k < n; k++) {
			size_t ne = split_two_reads(s, n, k, 1 << 20, cut,
			    NELEM(cut));

			if (ne != nw)
				fail_msg("stream %zu, read cut at %zu: %zu records, "
				    "%zu from a file", i, k, ne, nw);
			for (size_t j = 0; j < ne; j++) {
				assert_int_equal(cut[j].off, whole[j].off);
				assert_int_equal(cut[j].line, whole[j].line);
			}
		}
	}
}

/* Asserts that reading n bytes of s cut at every byte gives the entries
 * of reading it whole (ne of them, in whole). */
static void
assert_every_cut(const char *s, size_t n, size_t max_record,
    const struct chunk_entry *whole, size_t nw)
{
	struct chunk_entry cut[32];

	for (size_t k = 1; k < n; k++) {
		size_t ne = split_two_reads(s, n, k, max_record, cut, NELEM(cut));

		if (ne != nw)
			fail_msg("read cut at %zu: %zu records, %zu from a file",
			    k, ne, nw);
		for (size_t j = 0; j < ne; j++)
			if (cut[j].off != whole[j].off || cut[j].line != whole[j].line ||
			    cut[j].oversize != whole[j].oversize)
				fail_msg("read cut at %zu: record %zu at %zu, line %lu, "
				    "oversize %d; from a file at %zu, line %lu, "
				    "oversize %d", k, j, cut[j].off, cut[j].line,
				    cut[j].oversize, whole[j].off, whole[j].line,
				    whole[j].oversize);
	}
}

/*
 * JSON allows blanks before a value: in JSON Lines, an object on an
 * indented line starts a record of its own once the one before is whole,
 * as one at column 0 does, and leaves that one whole (it was its
 * continuation, and the record before was lost with it).  Not where the
 * line goes on with the document before: inside its brackets, or after a
 * ':' of a block mapping whose keys are flow collections.  However the
 * reads are cut.
 */
static void
test_json_lines_indented(void **state)
{
	static const char s[] =
	    "{\"id\": \"J-1\"}\n"			/* 1 */
	    "{\"id\": \"J-2\"}\n"			/* 2 */
	    " {\"id\": \"J-3\"}\n"			/* 3: indented */
	    "{\"id\": \"J-4\"}\n"			/* 4 */
	    "  {\n"					/* 5: pretty-printed */
	    "    \"id\": \"J-5\",\n"			/* 6 */
	    "    \"list\": [\n"			/* 7 */
	    "      {\"a\": 1}\n"			/* 8: in brackets */
	    "    ]\n"					/* 9 */
	    "  }\n"					/* 10 */
	    "{\"id\": \"J-6\"} # a comment\n"		/* 11 */
	    "  # a comment line\n"			/* 12 */
	    "\t{\"id\": \"J-7\"}\n"			/* 13: libyaml takes no tab */
	    "   [\"an\", \"array\"]\n"		/* 14 */
	    "{\"id\": \"J-9\"}:\n"			/* 15: a flow key */
	    "  {\"k\": 1}\n"				/* 16: its value */
	    "{\"id\": \"J-10\"}\n";			/* 17 */
	static const unsigned long lines[] = {1, 2, 3, 4, 5, 11, 13, 14, 15, 17};
	static const char *const ids[] = {"J-1", "J-2", "J-3", "J-4", "J-5",
	    "J-6", "", "", "", "J-10"};
	struct chunk_entry ent[16];
	struct seen seen[16];
	size_t targets[] = {1, 1 << 20};

	(void)state;
	for (size_t t = 0; t < NELEM(targets); t++) {
		struct chunk *cs;
		size_t nc = split_string(s, strlen(s), targets[t], 1 << 20, &cs);
		size_t ne = all_entries(cs, nc, ent, NELEM(ent));
		size_t nd = parse_chunks(cs, nc, seen, NELEM(seen));

		free_chunks(cs, nc);
		if (ne != NELEM(lines))
			fail_msg("%zu records, %zu expected", ne, NELEM(lines));
		assert_int_equal(nd, NELEM(lines));
		for (size_t i = 0; i < NELEM(lines); i++) {
			assert_int_equal(ent[i].line, lines[i]);
			assert_false(ent[i].oversize);
			assert_int_equal(seen[i].st, i == 6 ? PARSE_BAD : PARSE_DOC);
			assert_string_equal(seen[i].id, ids[i]);
		}
		if (t == 0)
			assert_every_cut(s, strlen(s), 1 << 20, ent, ne);
	}
}

/*
 * Blanks before an object at the start of a line are read until what
 * follows them is seen, but not past the record limit: more of them than
 * that are the record before's (which they make too large), as they
 * always were.  The same however the reads are cut.
 */
static void
test_json_lines_long_indent(void **state)
{
	static const struct {
		size_t blanks;
		size_t nent;
		int oversize;	/* the first record is */
	} cases[] = {{1, 2, 0}, {15, 2, 0}, {24, 2, 0}, {25, 1, 1}, {60, 1, 1}};
	const size_t max_record = 24;

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		struct buf b = {0};
		struct chunk *cs;
		struct chunk_entry ent[8];
		size_t nc, ne;

		buf_puts(&b, "{\"id\": \"L-1\"}\n");
		for (size_t k = 0; k < cases[i].blanks; k++)
			buf_putc(&b, k % 3 == 2 ? '\t' : ' ');
		buf_puts(&b, "{\"id\": \"L-2\"}\n");
		nc = split_string(b.p, b.len, 1, max_record, &cs);
		ne = all_entries(cs, nc, ent, NELEM(ent));
		free_chunks(cs, nc);
		if (ne != cases[i].nent)
			fail_msg("%zu blanks: %zu records, %zu expected",
			    cases[i].blanks, ne, cases[i].nent);
		assert_int_equal(ent[0].oversize, cases[i].oversize);
		if (ne > 1)
			assert_int_equal(ent[1].line, 2);
		assert_every_cut(b.p, b.len, max_record, ent, ne);
		buf_free(&b);
	}
}

/*
 * UTF-16 with a byte order mark, little- or big-endian, gives the chunks
 * its UTF-8 gives, as a file or through a pipe a byte at a time.
 */
static void
test_utf16_reads(void **state)
{
	(void)state;
	for (int be = 0; be < 2; be++) {
		char *s = odd_breaks(records(2000));
		struct buf u = {0};
		size_t n = strlen(s), nc, n16, ngot;
		struct chunk *cs, *c16, *got;

		buf_puts(&u, be ? "\xfe\xff" : "\xff\xfe");
		for (size_t i = 0; i < n;) {
			const unsigned char *p = (const unsigned char *)s + i;
			unsigned v = p[0];
			size_t w = v < 0x80 ? 1 : v < 0xE0 ? 2 : 3;

			if (w == 2)
				v = (v & 0x1F) << 6 | (p[1] & 0x3F);
			else if (w == 3)
				v = (v & 0x0F) << 12 | (p[1] & 0x3F) << 6 | (p[2] & 0x3F);
			buf_putc(&u, (char)(be ? v >> 8 : v & 0xFF));
			buf_putc(&u, (char)(be ? v & 0xFF : v >> 8));
			i += w;
		}
		nc = split_string(s, n, 4096, 1 << 20, &cs);
		n16 = split_string(u.p, u.len, 4096, 1 << 20, &c16);
		assert_same_chunks(c16, n16, cs, nc);
		assert_int_equal(split_pipe(u.p, u.len, 1, 4096, &got, &ngot), 0);
		assert_same_chunks(got, ngot, cs, nc);
		free_chunks(got, ngot);
		free_chunks(c16, n16);
		free_chunks(cs, nc);
		buf_free(&u);
		free(s);
	}
}

/*
 * A lone CR, NEL or LS whose first byte is among the last of a read (a
 * file is read 64 KiB at a time) ends its line all the same: the "---"
 * after it starts a document, at the line after it.
 */
static void
test_break_at_read_end(void **state)
{
	static const char *const breaks[] = {"\r", "\xc2\x85", "\xe2\x80\xa8"};
	const size_t read_size = 64 * 1024;

	(void)state;
	for (size_t b = 0; b < NELEM(breaks); b++) {
		for (size_t at = read_size - 3; at <= read_size; at++) {
			struct buf s = {0};
			struct chunk *cs;
			struct chunk_entry ent[4];
			struct seen seen[4];
			size_t nc, ne, nd;

			buf_puts(&s, "id: A\nnote: ");	/* lines 1, 2 */
			while (s.len < at)
				buf_putc(&s, 'x');
			buf_puts(&s, breaks[b]);
			buf_puts(&s, "---\nid: B\nx: *nowhere\n"	/* 3-5 */
			    "---\nid: C\n");			/* 6, 7 */
			nc = split_string(s.p, s.len, 1, 1 << 20, &cs);
			ne = all_entries(cs, nc, ent, NELEM(ent));
			nd = parse_chunks(cs, nc, seen, NELEM(seen));
			if (ne != 3 || ent[1].line != 3 || ent[2].line != 6)
				fail_msg("break %zu at byte %zu: %zu entries, the "
				    "second at line %lu", b, at, ne,
				    ne > 1 ? ent[1].line : 0);
			assert_int_equal(nc, 3);
			assert_int_equal(nd, 3);
			assert_int_equal(seen[1].st, PARSE_BAD);
			assert_int_equal(seen[1].doc_line, 5);
			assert_string_equal(seen[2].id, "C");
			assert_int_equal(seen[2].doc_line, 7);
			free_chunks(cs, nc);
			buf_free(&s);
		}
	}
}

/*
 * A stream of JSON whose first NEL, LS or lone CR is cut by a read (its
 * first byte the last of one read) gives the chunks a file gives: the
 * bytes of a possible break wait for the next read (found by fuzz_split).
 */
static void
test_json_break_cut_by_read(void **state)
{
	static const char *const breaks[] = {"\r", "\xc2\x85", "\xe2\x80\xa8"};

	(void)state;
	for (size_t b = 0; b < NELEM(breaks); b++) {
		struct buf s = {0};
		struct chunk *cs, *got;
		size_t nc, ngot;

		buf_puts(&s, "{\"id\": \"J-1\",\n  \"code\": \"007\",\n  \"---\n"
		    "id: P-BAD\nx: *nosuch");
		buf_puts(&s, breaks[b]);
		buf_puts(&s, "---\nid: P-AFTER\n");
		nc = split_string(s.p, s.len, 1, 1 << 20, &cs);
		for (size_t step = 1; step <= 4; step++) {
			lockstep = 1;
			assert_int_equal(split_pipe(s.p, s.len, step, 1, &got, &ngot), 0);
			lockstep = 0;
			assert_int_equal(ngot, nc);
			for (size_t i = 0; i < nc; i++) {
				assert_int_equal(got[i].len, cs[i].len);
				assert_int_equal(got[i].nent, cs[i].nent);
				for (size_t j = 0; j < cs[i].nent; j++) {
					assert_int_equal(got[i].ent[j].off, cs[i].ent[j].off);
					assert_int_equal(got[i].ent[j].line, cs[i].ent[j].line);
				}
			}
			free_chunks(got, ngot);
		}
		free_chunks(cs, nc);
		buf_free(&s);
	}
}

/* A document over the record limit is dropped; the next one survives. */
static void
test_oversize(void **state)
{
	struct buf b = {0};
	struct chunk *cs;
	struct chunk_entry ent[8];
	struct seen seen[8];
	size_t nc, ne, nd, total = 0;

	(void)state;
	buf_puts(&b, "id: small-1\n");			/* line 1 */
	buf_puts(&b, "---\nid: big\nnote: |\n");	/* lines 2-4 */
	for (int i = 0; i < 2000; i++)			/* lines 5-2004 */
		buf_puts(&b, "  xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n");
	buf_puts(&b, "---\nid: small-2\n");		/* lines 2005-2006 */
	buf_puts(&b, "---\nid: big-last\nnote: |\n");	/* 2007 */
	for (int i = 0; i < 2000; i++)
		buf_puts(&b, "  yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\n");
	nc = split_string(b.p, b.len, 64, 1000, &cs);
	ne = all_entries(cs, nc, ent, NELEM(ent));
	assert_int_equal(ne, 4);
	assert_int_equal(ent[0].line, 1);
	assert_false(ent[0].oversize);
	assert_int_equal(ent[1].line, 2);
	assert_true(ent[1].oversize);
	assert_int_equal(ent[2].line, 2005);
	assert_false(ent[2].oversize);
	assert_int_equal(ent[3].line, 2007);
	assert_true(ent[3].oversize);
	/* The dropped bytes are not kept, but for the ids. */
	for (size_t i = 0; i < nc; i++)
		total += cs[i].len;
	assert_true(total < 2000);
	nd = parse_chunks(cs, nc, seen, NELEM(seen));
	assert_int_equal(nd, 4);
	assert_int_equal(seen[0].st, PARSE_DOC);
	assert_string_equal(seen[0].id, "small-1");
	assert_int_equal(seen[1].st, PARSE_BAD);
	assert_int_equal(seen[1].doc_line, 2);
	assert_int_equal(seen[2].st, PARSE_DOC);
	assert_string_equal(seen[2].id, "small-2");
	assert_int_equal(seen[3].st, PARSE_BAD);
	assert_int_equal(seen[3].doc_line, 2007);
	free_chunks(cs, nc);
	buf_free(&b);
}

/*
 * An oversize record is dropped unread, but its error names it (SPEC 5)
 * when its first bytes, as far as they are held, say its id for certain:
 * a top-level "id:" line at column 0 of a block mapping, with nothing
 * before it that could make that line text (a quote, a bracket, a block
 * scalar at the top), a value that is an id and nothing after it but a
 * comment; or the first key of a JSON object, when the object is the
 * document.  Never anything else of the record's.  However the reads are
 * cut.
 */
static void
test_oversize_id(void **state)
{
	static const struct {
		const char *head, *tail;
		const char *id;
	} cases[] = {
		{"---\nid: A-1\nnote: |\n", "", "A-1"},
		{"id: A-2\nname: Zelda\nnotes:\n", "", "A-2"},
		{"# a comment\nid: 'A-3' # and one\nnotes:\n", "", "A-3"},
		{"%YAML 1.1\n---\nname: Zelda\nid: \"A-4\"\r\nnotes:\n", "", "A-4"},
		{"name: Zelda  # it's\nnotes:\n- a\n  b\nid: A-5\n\n# c\n  # d\n"
		    "skin:\n", "", "A-5"},
		{"\xef\xbb\xbfid: A-6\nnotes:\n", "", "A-6"},
		{"{\"id\": \"J-1\", \"notes\": [\n", "]}\n", "J-1"},
		{"  {\n  \"id\":\"J-2\" ,\n\"notes\": [\n", "]}\n", "J-2"},
		{"{id: J-3, notes: [\n", "]}\n", "J-3"},
		/* not for certain, or not an id */
		/* a flow mapping in a YAML stream, its brackets not followed:
		 * it may be a key of a block mapping */
		{"--- {\"id\": \"J-4\",\n\"notes\": [\n", "]}\n", ""},
		{"note: \"abc\nid: FAKE\"\nnotes:\n", "", ""},
		{"id: A-7 more\nnotes:\n", "", ""},
		{"id: A-8\n  more\nnotes:\n", "", ""},
		{"id: A-9\n\n  more\nnotes:\n", "", ""},
		{"id: A-10\r  more\nnotes:\n", "", ""},
		{"name: x\rid: B-1\nid: B-2\nnotes:\n", "", ""},
		{"--- |\nid: FAKE\n", "", ""},
		{"name: [a,\nid: FAKE]\nnotes:\n", "", ""},
		{"- x\nid: FAKE\nnotes:\n", "", ""},
		{"id: *a\nnotes:\n", "", ""},
		{"id:A-11\nnotes:\n", "", ""},
		{"id: 'A-12\nnotes:\n", "", ""},
		{"id:\n  A-13\nnotes:\n", "", ""},
		{"id: a234567890123456789012345678901234567890123456789012345678901"
		    "2345\nnotes:\n", "", ""},
		{"notes:\n", "id: LATE\n", ""},
		{"{\"id\": \"J-5\"}: {\"notes\": [\n", "]}\n", ""},
		{"{\"id\": \"J-6\", \"notes\": [\n", "]}: x\n", ""},
		{"{\"id\": \"J-7\" \"x\", \"notes\": [\n", "]}\n", ""},
		{"{\"name\": \"id\", \"id\": \"J-8\", \"notes\": [\n", "]}\n", ""},
	};
	const size_t max_record = 256;

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		int json = strchr(cases[i].head, '{') != NULL;
		int lines = cases[i].head[strspn(cases[i].head, " ")] == '{';
		struct buf b = {0};
		struct chunk *cs;
		struct chunk_entry ent[8];
		struct seen seen[8];
		size_t nc, ne, nd;

		buf_puts(&b, cases[i].head);
		for (int k = 0; k < 20; k++)
			buf_puts(&b, json ? "  \"a note of the record\",\n" :
			    "  - a note of the record\n");
		buf_puts(&b, json ? "  \"the last note\"\n" : "");
		buf_puts(&b, cases[i].tail);
		buf_puts(&b, lines ? "{\"id\": \"after\"}\n" : "---\nid: after\n");
		nc = split_string(b.p, b.len, 1, max_record, &cs);
		ne = all_entries(cs, nc, ent, NELEM(ent));
		nd = parse_chunks(cs, nc, seen, NELEM(seen));
		free_chunks(cs, nc);
		if (ne != 2 || nd != 2)
			fail_msg("case %zu: %zu records, %zu documents", i, ne, nd);
		assert_true(ent[0].oversize);
		assert_int_equal(seen[0].st, PARSE_BAD);
		/* The parser's limit: split's is the one that counts here. */
		assert_string_equal(seen[0].msg, "record over 16 MiB");
		if (strcmp(seen[0].bad_id, cases[i].id) != 0)
			fail_msg("case %zu: id '%s', expected '%s'", i,
			    seen[0].bad_id, cases[i].id);
		assert_int_equal(seen[1].st, PARSE_DOC);
		assert_string_equal(seen[1].id, "after");
		assert_every_cut(b.p, b.len, max_record, ent, ne);
		buf_free(&b);
	}
	/* A JSON object on one line, its end not held: read as far as it is. */
	{
		struct buf b = {0};
		struct chunk *cs;
		struct seen seen[4];
		size_t nc, nd;

		buf_puts(&b, "{\"id\": \"J-9\", \"note\": \"");
		for (int k = 0; k < 300; k++)
			buf_putc(&b, 'x');
		buf_puts(&b, "\"}\n{\"id\": \"after\"}\n");
		nc = split_string(b.p, b.len, 1, max_record, &cs);
		nd = parse_chunks(cs, nc, seen, NELEM(seen));
		free_chunks(cs, nc);
		assert_int_equal(nd, 2);
		assert_int_equal(seen[0].st, PARSE_BAD);
		assert_string_equal(seen[0].bad_id, "J-9");
		assert_string_equal(seen[1].id, "after");
		buf_free(&b);
	}
}

static void
test_empty(void **state)
{
	static const char *const inputs[] = {"", "# just a comment\n\n", "\n"};
	struct chunk *cs;
	size_t nc;

	(void)state;
	nc = split_string("", 0, 64, 1 << 20, &cs);
	assert_int_equal(nc, 0);
	free(cs);
	/* Comments alone: a chunk, maybe, but no document in it. */
	for (size_t i = 1; i < NELEM(inputs); i++) {
		struct seen seen[2];

		nc = split_string(inputs[i], strlen(inputs[i]), 64, 1 << 20, &cs);
		assert_true(nc <= 1);
		assert_int_equal(parse_chunks(cs, nc, seen, NELEM(seen)), 0);
		free_chunks(cs, nc);
	}
}

/* No newline at the end, and "---" as the very last bytes. */
static void
test_no_final_newline(void **state)
{
	static const char s[] = "id: A\n---\nid: B";
	static const char t[] = "id: A\n---";
	struct chunk *cs;
	struct seen seen[4];
	size_t nc;

	(void)state;
	nc = split_string(s, strlen(s), 1, 1 << 20, &cs);
	assert_int_equal(nc, 2);
	assert_int_equal(parse_chunks(cs, nc, seen, NELEM(seen)), 2);
	assert_string_equal(seen[1].id, "B");
	free_chunks(cs, nc);
	nc = split_string(t, strlen(t), 1, 1 << 20, &cs);
	assert_int_equal(nc, 2);
	/* The "---" at the end starts an empty document: no record. */
	assert_int_equal(parse_chunks(cs, nc, seen, NELEM(seen)), 1);
	assert_string_equal(seen[0].id, "A");
	free_chunks(cs, nc);
}

/* Characters to bytes as libyaml counts them: a sequence is one, a BOM none. */
static void
test_charpos(void **state)
{
	/* "a", "é" (2 bytes), "日" (3), "😀" (4), NEL (2), CR LF (two) */
	static const char s[] = "a\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80\xc2\x85\r\nz";
	static const size_t off[] = {0, 1, 3, 6, 10, 12, 13, 14, 15, 15};
	static const char bom[] = "\xef\xbb\xbfid: \xc3\xa9\n";
	struct charpos cp;
	struct buf big = {0};

	(void)state;
	charpos_init(&cp, s, strlen(s), 0);
	for (size_t i = 0; i < NELEM(off); i++)
		assert_int_equal(charpos_offset(&cp, i), off[i]);
	/* Backwards, and forwards again. */
	for (size_t i = NELEM(off); i-- > 0;)
		assert_int_equal(charpos_offset(&cp, i), off[i]);
	assert_int_equal(charpos_offset(&cp, 4), 10);
	assert_int_equal(charpos_offset(&cp, 1000), strlen(s));
	/* A BOM at the start is no character; the text after starts at 0. */
	charpos_init(&cp, bom, strlen(bom), 0);
	assert_int_equal(charpos_offset(&cp, 0), 3);
	assert_int_equal(charpos_offset(&cp, 4), 7);
	assert_int_equal(charpos_offset(&cp, 5), 9);
	/* Long ASCII runs, with a character of each width among them. */
	for (int i = 0; i < 100; i++)
		buf_puts(&big, i % 10 == 9 ? "x\xf0\x9f\x98\x80 text!" :
		    "0123456789abcdef");
	charpos_init(&cp, big.p, big.len, 0);
	for (size_t i = 0, want = 0, k = 0; k < 100; k++) {
		size_t n = k % 10 == 9 ? 8 : 16;	/* characters in the piece */

		assert_int_equal(charpos_offset(&cp, i), want);
		i += n;
		want += k % 10 == 9 ? 11 : 16;
	}
	buf_free(&big);
	/* Known ASCII: an index is an offset, up to the end. */
	charpos_init(&cp, "id: P-1\nx: y\n", 13, 1);
	assert_int_equal(charpos_offset(&cp, 8), 8);
	assert_int_equal(charpos_offset(&cp, 2), 2);
	assert_int_equal(charpos_offset(&cp, 99), 13);
}

/*
 * charpos_offset() against counting from the start each time, over random
 * text of ASCII runs and characters of every width, asked in a random
 * order: the run it jumps and the byte it looks for next must add up.
 */
static void
test_charpos_random(void **state)
{
	static const char *const wide[] = {"\xc3\xa9", "\xe6\x97\xa5",
	    "\xf0\x9f\x98\x80", "\xc2\x85"};
	unsigned seed = 12345;
	struct charpos cp;

	(void)state;
	for (int round = 0; round < 200; round++) {
		struct buf b = {0};
		size_t starts[600], nchars = 0;

		if (round % 3 == 0)
			buf_puts(&b, "\xef\xbb\xbf");
		while (nchars < 500) {
			seed = seed * 1103515245 + 12345;
			starts[nchars++] = b.len;
			if ((seed >> 16) % 4 == 0)
				buf_puts(&b, wide[(seed >> 20) % 4]);
			else
				buf_putc(&b, (char)('a' + (seed >> 20) % 26));
		}
		charpos_init(&cp, b.p, b.len, 0);
		for (int q = 0; q < 300; q++) {
			size_t i;

			seed = seed * 1103515245 + 12345;
			i = (seed >> 8) % (nchars + 20);
			/* Mostly forwards, as libyaml's marks come. */
			assert_int_equal(charpos_offset(&cp, i),
			    i < nchars ? starts[i] : b.len);
		}
		buf_free(&b);
	}
}

/* What libyaml's reader takes: split_valid() stops where it would fail. */
static void
test_valid(void **state)
{
	static const struct {
		const char *s;
		size_t valid;
	} cases[] = {
		{"plain text\tand\r\n", 16},
		{"caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x98\x80", 14},
		{"\xef\xbb\xbf" "bom", 6},		/* U+FEFF is allowed */
		{"\xc2\x85 nel", 6},			/* U+85 too */
		{"ab\x01", 2}, {"ab\x7f", 2}, {"ab\x1b[0m", 2},
		{"ab\xc2\x80", 2},			/* a C1 control */
		{"ab\xc2\xa0", 4},			/* no-break space */
		{"ab\xff", 2}, {"ab\x80", 2}, {"ab\xc0\xaf", 2},	/* overlong */
		{"ab\xe0\x80\xaf", 2}, {"ab\xed\xa0\x80", 2},	/* surrogate */
		{"ab\xef\xbf\xbe", 2}, {"ab\xef\xbf\xbd", 5},	/* U+FFFE, U+FFFD */
		{"ab\xf4\x90\x80\x80", 2},			/* past U+10FFFF */
		{"ab\xf8\x88\x80\x80\x80", 2}, {"ab\xc3", 2},	/* cut short */
		{"ab\xc3(", 2},
	};

	(void)state;
	size_t ascii;

	for (size_t i = 0; i < NELEM(cases); i++) {
		size_t got = split_valid(cases[i].s, strlen(cases[i].s), &ascii);

		if (got != cases[i].valid)
			fail_msg("case %zu: %zu valid bytes, expected %zu", i, got,
			    cases[i].valid);
	}
	assert_int_equal(split_valid("a\0b", 3, &ascii), 1);
	assert_int_equal(ascii, 3);
	/* Where ASCII ends, whatever is valid. */
	assert_int_equal(split_valid("abc\xc3\xa9" "def", 8, &ascii), 8);
	assert_int_equal(ascii, 3);
	/* Long runs, read eight bytes at a time: a bad byte anywhere. */
	for (size_t at = 0; at < 40; at++) {
		static const char bad[] = {0x01, 0x1F, 0x7F, (char)0x80, (char)0xFF, 0};
		char t[48];

		memset(t, 'a', sizeof(t));
		for (const char *b = bad; *b != 0; b++) {
			t[at] = *b;
			assert_int_equal(split_valid(t, sizeof(t), &ascii), at);
		}
		/* Line feeds, one or many, and tildes are fine. */
		t[at] = '\n';
		assert_int_equal(split_valid(t, sizeof(t), &ascii), sizeof(t));
		assert_int_equal(ascii, sizeof(t));
		if (at + 8 <= sizeof(t)) {
			memset(t + at, '\n', 8);
			assert_int_equal(split_valid(t, sizeof(t), &ascii), sizeof(t));
			t[at + 3] = 0x0B;	/* a vertical tab is not */
			assert_int_equal(split_valid(t, sizeof(t), &ascii), at + 3);
			memset(t + at, 'a', 8);
		}
		t[at] = '~';
		assert_int_equal(split_valid(t, sizeof(t), &ascii), sizeof(t));
	}
}

int
main(void)
{
	/* A pipe's writer whose reader gave up gets EPIPE, not a signal. */
	signal(SIGPIPE, SIG_IGN);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_several_chunks),
		cmocka_unit_test(test_markers),
		cmocka_unit_test(test_json_break_cut_by_read),
		cmocka_unit_test(test_read_ends_in_marker),
		cmocka_unit_test(test_percent_in_quoted),
		cmocka_unit_test(test_directives),
		cmocka_unit_test(test_directive_every_document),
		cmocka_unit_test(test_line_breaks),
		cmocka_unit_test(test_flow_documents),
		cmocka_unit_test(test_cut_keeps_meaning),
		cmocka_unit_test(test_json_lines),
		cmocka_unit_test(test_json_lines_indented),
		cmocka_unit_test(test_json_lines_long_indent),
		cmocka_unit_test(test_flow_quotes),
		cmocka_unit_test(test_pipe),
		cmocka_unit_test(test_short_reads),
		cmocka_unit_test(test_utf16_reads),
		cmocka_unit_test(test_break_at_read_end),
		cmocka_unit_test(test_oversize),
		cmocka_unit_test(test_oversize_id),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_no_final_newline),
		cmocka_unit_test(test_charpos),
		cmocka_unit_test(test_charpos_random),
		cmocka_unit_test(test_valid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

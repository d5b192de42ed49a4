/*
 * fuzz_escape: every escaper of escape.h, and ytext's plain-scalar tests,
 * on any bytes, each against what its header promises: valid UTF-8; no
 * control a format cannot hold (the terminal's: none at all); HTML
 * without '<' or '>'; a Markdown cell and iCalendar text on one line;
 * iCalendar lines of 75 octets at most; and a string ytext writes reads
 * back as the same string through libyaml.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "escape.h"
#include "fuzz-check.h"
#include "node.h"
#include "parse.h"
#include "split.h"
#include "ytext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fail(const char *what, const char *s, size_t n, const struct buf *out)
{
	fprintf(stderr, "fuzz_escape: %s\n--- input (%zu bytes):\n%.*s\n"
	    "--- output:\n%.*s\n", what, n, (int)n, s, (int)out->len,
	    out->p ? out->p : "");
	abort();
}

/* Whether out holds a byte of set, or a C0 control or DEL not in keep. */
static int
has_bad(const struct buf *out, const char *set, const char *keep)
{
	for (size_t i = 0; i < out->len; i++) {
		unsigned char c = (unsigned char)out->p[i];

		if (c != 0 && strchr(set, c) != NULL)
			return 1;
		if ((c < 0x20 || c == 0x7f) && (c == 0 || strchr(keep, c) == NULL))
			return 1;
	}
	return 0;
}

/* Whether the UTF-8 out holds a C1 control. */
static int
has_c1(const struct buf *out)
{
	for (size_t i = 0; i < out->len;) {
		int32_t cp;

		i += utf8_next(out->p + i, out->len - i, &cp);
		if (cp >= 0x80 && cp <= 0x9f)
			return 1;
	}
	return 0;
}

static void
check(const char *what, int (*esc)(struct buf *, const char *, size_t),
    const char *s, size_t n, const char *set, const char *keep)
{
	struct buf out = {0};

	if (esc(&out, s, n) == -1)
		abort();
	if (!fuzz_utf8_ok(out.p ? out.p : "", out.len))
		fail(what, s, n, &out);
	if (has_bad(&out, set, keep) || has_c1(&out))
		fail(what, s, n, &out);
	buf_free(&out);
}

/* Each ics_line() line: 75 octets at most, and a fold a CR LF and a space. */
static void
check_ics_line(const char *s, size_t n)
{
	struct buf out = {0};
	size_t start = 0;

	if (ics_line(&out, "DESCRIPTION;LANGUAGE=fr", s, n) == -1)
		abort();
	if (!fuzz_utf8_ok(out.p, out.len) || has_c1(&out))
		fail("ics_line: not UTF-8", s, n, &out);
	for (size_t i = 0; i < out.len; i++) {
		unsigned char c = (unsigned char)out.p[i];

		if (c == '\r') {
			if (i + 1 >= out.len || out.p[i + 1] != '\n')
				fail("ics_line: a CR alone", s, n, &out);
			if (i - start > 75)
				fail("ics_line: a line over 75 octets", s, n, &out);
			if (i + 2 < out.len && out.p[i + 2] != ' ')
				fail("ics_line: a fold without a space", s, n, &out);
			start = i + 2;
			i++;
		} else if ((c < 0x20 && c != '\t') || c == 0x7f) {
			fail("ics_line: a control", s, n, &out);
		}
	}
	if (start != out.len)
		fail("ics_line: not ended by CR LF", s, n, &out);
	buf_free(&out);
}

/* A string ytext writes, in a block and in a flow list, reads back so. */
static void
check_ytext(const char *s, size_t n)
{
	struct arena *a = arena_new();
	struct node *str, *list, *item, *doc = NULL;
	const struct node *got;
	struct buf out = {0};
	struct diag d;
	size_t ascii;
	char *text;

	/* A record's scalars are what libyaml reads: UTF-8, no NUL. */
	if (memchr(s, '\0', n) != NULL || split_valid(s, n, &ascii) != n) {
		arena_free(a);
		return;
	}
	if (a == NULL || (text = arena_strndup(a, s, n)) == NULL ||
	    (str = node_scalar(a, text, STYLE_DOUBLE)) == NULL ||
	    (list = node_collection(a, NODE_SEQUENCE, CSTYLE_FLOW)) == NULL ||
	    (item = node_scalar(a, text, STYLE_SINGLE)) == NULL)
		abort();
	node_append(list, item);
	if (ytext_pair(&out, "k", str, &ytext_default) == -1 ||
	    ytext_pair(&out, "l", list, &ytext_default) == -1)
		abort();
	(void)ytext_plain_ok(s, n, 0);
	(void)ytext_plain_ok(s, n, 1);
	(void)ytext_reads_as_string(s, n);
	diag_clear(&d);
	if (parse_string(out.p, out.len, "ytext", a, &doc, &d) != PARSE_DOC ||
	    doc->kind != NODE_MAPPING)
		fail("ytext: not read back", s, n, &out);
	got = node_get(doc, "k");
	if (got == NULL || got->kind != NODE_SCALAR || got->len != n ||
	    memcmp(got->text, s, n) != 0)
		fail("ytext: a block scalar read back otherwise", s, n, &out);
	got = node_get(doc, "l");
	if (got == NULL || got->kind != NODE_SEQUENCE || got->n != 1 ||
	    got->head->kind != NODE_SCALAR || got->head->len != n ||
	    memcmp(got->head->text, s, n) != 0)
		fail("ytext: a flow scalar read back otherwise", s, n, &out);
	buf_free(&out);
	arena_free(a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct buf out = {0};
	size_t ascii, w;

	if (size > 0) {
		int32_t cp;
		size_t len = utf8_next(s, size, &cp);

		if (len < 1 || len > 4 || len > size)
			abort();
	}
	check("esc_csv", esc_csv, s, size, "", "\t\r\n");
	check("esc_csv_number", esc_csv_number, s, size, "", "\t\r\n");
	check("esc_html", esc_html, s, size, "<>", "\t\n");
	check("esc_html_attr", esc_html_attr, s, size, "<>\"'", "\t\n");
	check("esc_md_cell", esc_md_cell, s, size, "", "");
	check("esc_ics_text", esc_ics_text, s, size, "", "\t");
	check("esc_term", esc_term, s, size, "", "");
	check_ics_line(s, size);
	w = esc_term_width(s, size);
	if (esc_term(&out, s, size) == -1)
		abort();
	if (w > 2 * out.len)
		fail("esc_term_width: wider than its output", s, size, &out);
	buf_free(&out);
	(void)split_valid(s, size, &ascii);
	check_ytext(s, size);
	return 0;
}

/* Unit tests: a tool's block written as YAML text (ytext.h). */
#include "ytext.h"
#include "unit.h"

/* The JSON of n bytes of YAML text, which must parse as one document. */
static char *
json_of(struct arena *a, const char *yaml, size_t n)
{
	struct node *doc = NULL;
	struct buf out = {0};
	struct diag d;

	diag_clear(&d);
	if (parse_string(yaml, n, "<test>", a, &doc, &d) != PARSE_DOC)
		fail_msg("does not parse at %lu:%lu: %s\n%.*s", d.line, d.col,
		    d.msg, (int)n, yaml);
	assert_int_equal(emit_json(doc, &out, &d), 0);
	return (char *)buf_str(&out);
}

/* The block under key, written by ytext in st, and by libyaml's emitter. */
static void
assert_same_as_emitter(struct arena *a, const char *key, struct node *block,
    const struct ytext_style *st)
{
	struct node *doc = node_collection(a, NODE_MAPPING, CSTYLE_BLOCK);
	struct buf text = {0}, emitted = {0};
	struct diag d;
	char *j1, *j2;

	assert_int_equal(node_map_add(a, doc, "id", node_scalar(a, "X-1",
	    STYLE_PLAIN)), 0);
	assert_int_equal(buf_puts(&text, "id: X-1\n"), 0);
	assert_int_equal(ytext_pair(&text, key, block, st), 0);
	assert_int_equal(node_map_add(a, doc, key, block), 0);
	diag_clear(&d);
	assert_int_equal(emit_yaml(doc, &emitted, &d), 0);
	/* In the emitter's own style, the same bytes: a record it writes
	 * (a fallback) and the same record spliced have the same block. */
	if (st->indent == 2 && !st->seq_indent && !st->crlf &&
	    (emitted.len != text.len + 4 || memcmp(emitted.p, "---\n", 4) != 0 ||
	    memcmp(emitted.p + 4, text.p, text.len) != 0))
		fail_msg("ytext:\n%.*s\nthe emitter's:\n%.*s", (int)text.len,
		    text.p, (int)emitted.len, emitted.p);
	j1 = json_of(a, text.p, text.len);
	j2 = json_of(a, emitted.p, emitted.len);
	if (strcmp(j1, j2) != 0)
		fail_msg("ytext:\n%.*s\nreads as %s\nthe emitter's:\n%.*s\nreads "
		    "as %s", (int)text.len, text.p, j1, (int)emitted.len,
		    emitted.p, j2);
	free(j1);
	free(j2);
	buf_free(&text);
	buf_free(&emitted);
}

static struct node *
str(struct arena *a, const char *s)
{
	return node_scalar(a, s, STYLE_ANY);
}

/* A block of every shape the tools write. */
static struct node *
sample_block(struct arena *a, const char *text)
{
	struct node *b = node_collection(a, NODE_MAPPING, CSTYLE_BLOCK);
	struct node *list = node_collection(a, NODE_SEQUENCE, CSTYLE_BLOCK);
	struct node *empty = node_collection(a, NODE_SEQUENCE, CSTYLE_FLOW);
	struct node *m = node_collection(a, NODE_MAPPING, CSTYLE_BLOCK);
	struct node *flow = node_collection(a, NODE_MAPPING, CSTYLE_FLOW);
	struct node *notes = node_collection(a, NODE_SEQUENCE, CSTYLE_BLOCK);

	node_map_add(a, b, "date", node_scalar(a, "2026-11-25", STYLE_PLAIN));
	node_map_add(a, b, "verdict", node_scalar(a, "review", STYLE_PLAIN));
	node_map_add(a, m, "rule", node_scalar(a, "x-y", STYLE_PLAIN));
	node_map_add(a, m, "message", str(a, text));
	node_map_add(a, m, "approved", node_scalar(a, "true", STYLE_PLAIN));
	node_append(list, m);
	node_map_add(a, flow, "cheeks", node_scalar(a, "1.5", STYLE_PLAIN));
	node_map_add(a, flow, "text", str(a, text));
	node_append(list, flow);
	node_map_add(a, b, "findings", list);
	node_map_add(a, b, "none", empty);
	node_append(notes, str(a, text));
	node_append(notes, str(a, "plain words"));
	node_map_add(a, b, "notes", notes);
	return b;
}

/* Hostile strings, as messages that quote a record could hold. */
static const char *const texts[] = {
	"isotretinoin stopped 2026-06-01; wait 6 months, eligible from 2026-12-01",
	"Roaccutane: 20 mg", "a: b", "a #b", "a#b", "#x", "- x", "-x", "?x",
	":x", "x:", "[x]", "{x}", "x, y", "x]", "*x", "&x", "!x", "|x", ">x",
	"'x'", "\"x\"", "%x", "@x", "`x", "x ", " x", "", "~", "null", "Null",
	"true", "yes", "no", "on", "off", "y", "n", "Y", "123", "-1.5", "1e3",
	"0x1F", "1_000", ".5", ".inf", ".NaN", "1:20", "2026-11-25", "=", "<<",
	"tab\there", "new\nline", "cr\rhere", "nul", "\x01\x1f\x7f",
	"caf\xc3\xa9", "\xc2\x85nel", "ls\xe2\x80\xa8ps\xe2\x80\xa9",
	"\xef\xbb\xbf" "bom", "\xc2\x9f" "c1", "Zo\xc3\xab \xc3\x9brba\xc3\xb1",
	"\xf0\x9f\x98\x80 emoji", "back\\slash", "quote\"inside",
	"O'Brien", "100%", "50% off", "a?b", "a:b", "...x", "--x", "\x07\x08\x0b\x0c\x1b",
	"\xef\xbf\xbe\xef\xbf\xbf", "nb\xc2\xa0sp", "\xc2\xa0lead", "\xf0\xa0\xae\xb7 kanji",
};

/* What ytext writes reads as what the emitter writes, in every style. */
static void
test_as_emitter(void **state)
{
	static const struct ytext_style styles[] = {
		{2, 0, 0}, {2, 1, 0}, {4, 0, 0}, {4, 1, 1}, {3, 1, 0},
	};
	struct arena *a = arena_new();

	(void)state;
	for (size_t s = 0; s < NELEM(styles); s++) {
		for (size_t i = 0; i < NELEM(texts); i++) {
			assert_same_as_emitter(a, "screening", sample_block(a, texts[i]),
			    &styles[s]);
			arena_reset(a);
		}
	}
	arena_free(a);
}

/* The layout: the style asked for, line by line. */
static void
test_layout(void **state)
{
	static const struct {
		struct ytext_style st;
		const char *want;
	} cases[] = {
		{{2, 0, 0},
		    "b:\n  date: 2026-11-25\n  verdict: review\n  findings:\n"
		    "  - rule: x-y\n    message: m\n    approved: true\n"
		    "  - {cheeks: 1.5, text: m}\n  none: []\n  notes:\n  - m\n"
		    "  - plain words\n"},
		{{4, 1, 1},
		    "b:\r\n    date: 2026-11-25\r\n    verdict: review\r\n"
		    "    findings:\r\n        - rule: x-y\r\n          message: m\r\n"
		    "          approved: true\r\n        - {cheeks: 1.5, text: m}\r\n"
		    "    none: []\r\n    notes:\r\n        - m\r\n"
		    "        - plain words\r\n"},
	};
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		struct buf out = {0};

		assert_int_equal(ytext_pair(&out, "b", sample_block(a, "m"),
		    &cases[i].st), 0);
		assert_string_equal(buf_str(&out), cases[i].want);
		buf_free(&out);
	}
	arena_free(a);
}

/* Plain only where it reads back the same. */
static void
test_plain_ok(void **state)
{
	static const struct {
		const char *s;
		int block, flow;
	} cases[] = {
		{"eligible", 1, 1}, {"a, b", 1, 0}, {"a: b", 0, 0}, {"a:b", 1, 0},
		{"a?b", 1, 0}, {"...x", 0, 0}, {"\xf0\x9f\x98\x80", 0, 0},
		{"\xef\xbf\xbe", 0, 0},
		{"a #b", 0, 0}, {"a#b", 1, 1}, {"x:", 0, 0}, {"123", 0, 0},
		{"2026-11-25", 0, 0}, {"P-0001", 1, 1}, {"true", 0, 0},
		{"False", 0, 0}, {"~", 0, 0}, {"", 0, 0}, {"1.5 mm", 1, 1},
		{"[a]", 0, 0}, {"a]", 1, 0}, {"caf\xc3\xa9", 1, 1},
		{"a\xc2\x85" "b", 0, 0},
		/* libyaml refuses ":?" in a flow (found by fuzz_escape) */
		{"a:?b", 1, 0}, {".:)~::?::3", 1, 0},
	};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		const char *s = cases[i].s;

		if (ytext_plain_ok(s, strlen(s), 0) != cases[i].block)
			fail_msg("'%s' in a block: expected %d", s, cases[i].block);
		if (ytext_plain_ok(s, strlen(s), 1) != cases[i].flow)
			fail_msg("'%s' in a flow: expected %d", s, cases[i].flow);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_as_emitter),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_plain_ok),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests: writing documents as YAML and JSON (emit.h). */
#include "unit.h"

/* A document with most of what YAML can say. */
static const char awkward[] =
    "plain: a plain scalar\n"
    "zeros: 007\n"
    "quoted: \"007\"\n"
    "single: 'it''s'\n"
    "empty_quoted: \"\"\n"
    "empty_single: ''\n"
    "empty:\n"
    "tilde: ~\n"
    "null_word: null\n"
    "bool: yes\n"
    "quoted_bool: \"yes\"\n"
    "y: y\n"
    "number: 1.5\n"
    "negative: -3\n"
    "exp: 1e5\n"
    "date: 2026-11-25\n"
    "colon: \"a: b\"\n"
    "hash: \"# not a comment\"\n"
    "lead: \"  leading spaces\"\n"
    "trail: \"trailing  \"\n"
    "dash: \"- not a list\"\n"
    "escapes: \"tab\\there\\nnew line \\\\ back \\\" quote \\x01 \\x7f \\u00e9\"\n"
    "nul: \"a\\0b\"\n"
    "crlf: \"a\\r\\nb\"\n"
    "unicode: Chlo\xc3\xa9 \xc3\x9cn\xc3\xaf" "c\xc3\xb6" "d\xc3\xa9 \xe2\x9c\x93\n"
    "emoji: \"smile \xf0\x9f\x98\x80\"\n"
    "cjk: \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\n"
    "literal: |\n"
    "  line one\n"
    "    indented\n"
    "  line three\n"
    "strip: |-\n"
    "  no final newline\n"
    "keep: |+\n"
    "  kept\n"
    "\n"
    "indent_first: |2\n"
    "    starts with spaces\n"
    "  then not\n"
    "folded: >\n"
    "  folded\n"
    "  lines here\n"
    "\n"
    "  new paragraph\n"
    "anchored: &A {x: 1, y: [a, b]}\n"
    "alias: *A\n"
    "scalar_anchor: &S shared\n"
    "scalar_alias: *S\n"
    "flow_seq: [1, \"two\", 'three', {four: 4}, [five]]\n"
    "flow_map: {a: 1, b: [x, y], c: \"q\"}\n"
    "empty_flow: {}\n"
    "empty_list: []\n"
    "block_seq:\n"
    "  - one\n"
    "  - - nested\n"
    "    - list\n"
    "  - key: value\n"
    "    other: 2\n"
    "  -\n"
    "  - ~\n"
    "tags:\n"
    "  str: !!str 123\n"
    "  int: !!int 42\n"
    "  local: !custom thing\n"
    "  verbatim: !<tag:example.com,2000:x> y\n"
    "  seq: !!seq [a]\n"
    "  map: !point {x: 1}\n"
    "  anchored_tag: &T !custom tagged\n"
    "  tag_alias: *T\n"
    "? [complex, key]\n"
    ": complex value\n"
    "? {a: 1}\n"
    ": mapped\n"
    "*S : alias as key\n"
    "\"quoted key\": 1\n"
    "'': empty key\n"
    "last: end\n";

/* Asserts that x and y are the same tree; path names the place. */
static void
same_tree(const struct node *x, const struct node *y, const char *path)
{
	const struct node *cx, *cy;
	size_t i = 0;

	if (x->kind != y->kind)
		fail_msg("%s: kind %d, then %d", path, x->kind, y->kind);
	if ((x->tag == NULL) != (y->tag == NULL) ||
	    (x->tag != NULL && strcmp(x->tag, y->tag) != 0))
		fail_msg("%s: tag %s, then %s", path, x->tag ? x->tag : "none",
		    y->tag ? y->tag : "none");
	if ((x->anchor == NULL) != (y->anchor == NULL) ||
	    (x->anchor != NULL && strcmp(x->anchor, y->anchor) != 0))
		fail_msg("%s: anchor %s, then %s", path,
		    x->anchor ? x->anchor : "none", y->anchor ? y->anchor : "none");
	switch (x->kind) {
	case NODE_ALIAS:
		/* Stands for a node anchored so, with the same content. */
		assert_string_equal(node_resolve(y)->anchor, y->anchor);
		if (node_resolve(x)->kind != node_resolve(y)->kind ||
		    node_resolve(x)->n != node_resolve(y)->n ||
		    node_resolve(x)->weight != node_resolve(y)->weight)
			fail_msg("%s: alias to another node", path);
		return;
	case NODE_SCALAR:
		if (x->len != y->len || memcmp(x->text, y->text, x->len) != 0)
			fail_msg("%s: text '%s', then '%s'", path, x->text, y->text);
		if (x->style != y->style)
			fail_msg("%s: style %d, then %d", path, x->style, y->style);
		if (value_json_type(x) != value_json_type(y))
			fail_msg("%s: JSON type %d, then %d", path,
			    value_json_type(x), value_json_type(y));
		return;
	default:
		break;
	}
	if (x->style != y->style)
		fail_msg("%s: collection style %d, then %d", path, x->style,
		    y->style);
	if (x->n != y->n)
		fail_msg("%s: %zu children, then %zu", path, x->n, y->n);
	for (cx = x->head, cy = y->head; cx != NULL && cy != NULL;
	    cx = cx->next, cy = cy->next, i++) {
		char sub[512];

		if (x->kind == NODE_MAPPING) {
			const struct node *k = i % 2 == 0 ? cx : NULL;

			if (k != NULL && node_resolve(k)->kind == NODE_SCALAR)
				snprintf(sub, sizeof(sub), "%s/%s(key)", path,
				    node_resolve(k)->text);
			else
				snprintf(sub, sizeof(sub), "%s/[%zu]", path, i);
		} else {
			snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
		}
		same_tree(cx, cy, sub);
	}
	assert_null(cx);
	assert_null(cy);
}

/* Writes doc as YAML (into *out, which the caller frees) and reads it back. */
static struct node *
round_trip(struct arena *a, struct node *doc, struct buf *out)
{
	struct diag d;

	diag_clear(&d);
	if (emit_yaml(doc, out, &d) != 0)
		fail_msg("emit_yaml: %s", d.msg);
	return parse_yaml(a, buf_str(out));
}

static void
test_yaml_round_trip(void **state)
{
	struct arena *a = arena_new();
	struct node *doc = parse_yaml(a, awkward);
	struct buf out = {0}, again = {0};
	struct node *back;

	(void)state;
	back = round_trip(a, doc, &out);
	same_tree(doc, back, "");
	/* Written again, the text is the same: a fixed point. */
	round_trip(a, back, &again);
	assert_int_equal(out.len, again.len);
	assert_memory_equal(out.p, again.p, out.len);
	/* Some of it, by eye: text kept as it was. */
	assert_contains(out.p, "zeros: 007\n");
	assert_contains(out.p, "quoted: \"007\"\n");
	assert_contains(out.p, "date: 2026-11-25\n");
	assert_contains(out.p, "alias: *A\n");
	assert_contains(out.p, "anchored: &A {");
	assert_contains(out.p, "str: !!str 123\n");
	assert_contains(out.p, "Chlo\xc3\xa9");	/* UTF-8, not escaped */
	buf_free(&out);
	buf_free(&again);
	arena_free(a);
}

/* Each of these, as a document of its own. */
static void
test_yaml_round_trip_roots(void **state)
{
	static const char *const docs[] = {
		"just a scalar",
		"\"007\"",
		"|\n  literal root\n",
		"[1, 2, 3]",
		"- a\n- b\n",
		"{}",
		"[]",
		"~",
		"&r [a, b]",
		"!custom {a: 1}",
		"? [x]\n: y\n",
		"a:\n  b:\n    c:\n      d: [1, {e: f}]\n",
		"long: " "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		    " words after a space, on one long line that must not be folded"
		    " by the emitter at eighty columns or anywhere else\n",
	};
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < NELEM(docs); i++) {
		struct node *doc = parse_yaml(a, docs[i]);
		struct buf out = {0};

		same_tree(doc, round_trip(a, doc, &out), docs[i]);
		assert_true(strncmp(out.p, "---", 3) == 0);
		buf_free(&out);
	}
	arena_free(a);
}

/*
 * A plain scalar libyaml cannot write plain (a character outside the BMP)
 * keeps its text and stays a string, in whatever style.
 */
static void
test_yaml_not_plain(void **state)
{
	struct arena *a = arena_new();
	struct node *doc = parse_yaml(a, "name: smile \xf0\x9f\x98\x80\n");
	struct buf out = {0};
	const struct node *n;

	(void)state;
	n = node_get(round_trip(a, doc, &out), "name");
	assert_string_equal(n->text, "smile \xf0\x9f\x98\x80");
	assert_int_equal(value_json_type(n), JSON_STRING);
	buf_free(&out);
	arena_free(a);
}

/*
 * "! 123" has the non-specific tag: it is the string "123", and must stay
 * one written out and read again, although libyaml reads it as plain.
 */
static void
test_yaml_non_specific_tag(void **state)
{
	static const char *const keys[] = {"n", "t", "w"};
	struct arena *a = arena_new();
	struct node *doc = parse_yaml(a, "n: ! 123\nt: ! true\nw: !<!> 6\n");
	struct buf out = {0};
	const struct node *back;

	(void)state;
	for (size_t i = 0; i < NELEM(keys); i++)
		assert_int_equal(value_json_type(node_get(doc, keys[i])),
		    JSON_STRING);
	back = round_trip(a, doc, &out);
	assert_string_equal(buf_str(&out), "---\nn: '123'\nt: 'true'\nw: '6'\n");
	for (size_t i = 0; i < NELEM(keys); i++)
		assert_int_equal(value_json_type(node_get(back, keys[i])),
		    JSON_STRING);
	assert_string_equal(node_get(back, "n")->text, "123");
	buf_free(&out);
	arena_free(a);
}

/*
 * An empty value in a flow mapping is null; written out and read again it
 * must still be null, or the next tool in a pipe reads "" (a template's
 * "skin: {fitzpatrick: , ...}" would then be a bad Fitzpatrick type).
 */
static void
test_yaml_flow_empty_value(void **state)
{
	struct arena *a = arena_new();
	struct node *doc = parse_yaml(a,
	    "skin: {fitzpatrick: , concerns: [acne-scars]}\n"
	    "pair: [a, ]\n");
	struct buf out = {0};
	struct node *back;
	enum json_type before, after;
	char written[256];

	(void)state;
	back = round_trip(a, doc, &out);
	before = value_json_type(node_get(node_get(doc, "skin"), "fitzpatrick"));
	after = value_json_type(node_get(node_get(back, "skin"), "fitzpatrick"));
	snprintf(written, sizeof(written), "%s", out.p);
	buf_free(&out);
	arena_free(a);
	assert_int_equal(before, JSON_NULL);
	if (after != JSON_NULL)
		fail_msg("an empty flow value is null, but is written as:\n%s",
		    written);
}

static void
test_yaml_starts(void **state)
{
	struct arena *a = arena_new();
	struct buf out = {0};
	struct diag d;

	(void)state;
	diag_clear(&d);
	assert_int_equal(emit_yaml(parse_yaml(a, "id: P-1\n"), &out, &d), 0);
	assert_string_equal(buf_str(&out), "---\nid: P-1\n");
	/* Appends to what the buffer holds. */
	assert_int_equal(emit_yaml(parse_yaml(a, "id: P-2\n"), &out, &d), 0);
	assert_string_equal(buf_str(&out), "---\nid: P-1\n---\nid: P-2\n");
	buf_free(&out);
	arena_free(a);
}

/* Documents written apart and joined read back as the same documents. */
static void
test_yaml_join(void **state)
{
	static const char *const docs[] = {
		"id: P-1\nnote: |+\n  kept lines\n\n\n",
		"plain root",
		"id: P-2\nx: &a [1]\ny: *a\n",
		"id: P-3\nlast: >-\n  folded\n  no newline\n",
		"{id: P-4}",
		"id: P-5\nend: '...'\n",
	};
	struct arena *a = arena_new();
	struct node *orig[NELEM(docs)];
	struct buf out = {0};
	struct chunk *cs;
	struct parse *p = parse_new(&limits_default);
	size_t nc, got = 0;
	struct diag d;

	(void)state;
	diag_clear(&d);
	for (size_t i = 0; i < NELEM(docs); i++) {
		orig[i] = parse_yaml(a, docs[i]);
		assert_int_equal(emit_yaml(orig[i], &out, &d), 0);
	}
	nc = split_string(out.p, out.len, 1 << 20, 1 << 20, &cs);
	assert_int_equal(nc, 1);
	parse_start(p, &cs[0]);
	for (;;) {
		struct node *doc;
		enum parse_status st = parse_next(p, a, &doc, &d);

		if (st == PARSE_END)
			break;
		if (st != PARSE_DOC)
			fail_msg("document %zu: %s\n%s", got, d.msg, out.p);
		assert_true(got < NELEM(docs));
		same_tree(orig[got], doc, docs[got]);
		got++;
	}
	assert_int_equal(got, NELEM(docs));
	parse_free(p);
	free_chunks(cs, nc);
	buf_free(&out);
	arena_free(a);
}

/* A tree a tool builds, with a block set in place. */
static void
test_yaml_built(void **state)
{
	struct arena *a = arena_new();
	struct node *doc = parse_yaml(a, "id: P-1\nscreening: old\nz: 1\n");
	struct node *block = node_collection(a, NODE_MAPPING, CSTYLE_BLOCK);
	struct node *list = node_collection(a, NODE_SEQUENCE, CSTYLE_FLOW);
	struct buf out = {0};
	struct diag d;
	struct node *old;

	(void)state;
	diag_clear(&d);
	assert_int_equal(node_map_add_text(a, block, "date", "2026-11-25"), 0);
	assert_int_equal(node_map_add(a, block, "message",
	    node_scalar(a, "Fitzpatrick IV: risk; care", STYLE_ANY)), 0);
	assert_int_equal(node_map_add(a, block, "findings", list), 0);
	assert_int_equal(node_map_set(a, doc, "screening", block, &old), 0);
	assert_true(node_is_scalar(old, "old"));
	assert_int_equal(emit_yaml(doc, &out, &d), 0);
	assert_string_equal(buf_str(&out),
	    "---\n"
	    "id: P-1\n"
	    "screening:\n"
	    "  date: 2026-11-25\n"
	    "  message: \"Fitzpatrick IV: risk; care\"\n"
	    "  findings: []\n"
	    "z: 1\n");
	buf_free(&out);
	arena_free(a);
}

/*
 * Aliases elsewhere in the record to nodes of the replaced value: the
 * first takes the node and its anchor, the later ones stay aliases to it,
 * in whatever order and nesting they come.
 */
static void
test_yaml_replaced_aliases(void **state)
{
	static const struct {
		const char *in, *yaml, *json;
	} cases[] = {
		{"screening: &s {k: &i x}\np: *i\nq: *s\n",
		    "p: &i x\nq: &s {k: *i}\n",
		    "\"p\":\"x\",\"q\":{\"k\":\"x\"}"},
		{"screening: &s {k: &i x}\nq: *s\np: *i\n",
		    "q: &s {k: &i x}\np: *i\n",
		    "\"q\":{\"k\":\"x\"},\"p\":\"x\""},
		{"screening: &s {a: &i [y, &j z], b: *j}\np: *j\nq: *i\nr: *s\n",
		    "p: &j z\nq: &i [y, *j]\nr: &s {a: *i, b: *j}\n",
		    "\"p\":\"z\",\"q\":[\"y\",\"z\"],"
		    "\"r\":{\"a\":[\"y\",\"z\"],\"b\":\"z\"}"},
		{"screening: &s {a: &i x, b: &t [*i]}\nq: *t\np: *i\nr: *s\n",
		    "q: &t [&i x]\np: *i\nr: &s {a: *i, b: *t}\n",
		    "\"q\":[\"x\"],\"p\":\"x\",\"r\":{\"a\":\"x\",\"b\":[\"x\"]}"},
	};
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		struct node *doc = parse_yaml(a, cases[i].in), *old;
		struct buf yaml = {0}, json = {0}, want = {0};
		struct diag d;

		diag_clear(&d);
		/* 1: an alias took a node of the old block's place. */
		assert_int_equal(node_map_set(a, doc, "screening",
		    node_scalar(a, "new", STYLE_PLAIN), &old), 1);
		assert_int_equal(emit_json(doc, &json, &d), 0);
		assert_int_equal(emit_yaml(doc, &yaml, &d), 0);
		assert_int_equal(buf_printf(&want, "---\nscreening: new\n%s",
		    cases[i].yaml), 0);
		if (strcmp(buf_str(&yaml), buf_str(&want)) != 0)
			fail_msg("for:\n%sgot:\n%s", cases[i].in, buf_str(&yaml));
		buf_free(&want);
		assert_int_equal(buf_printf(&want, "{\"screening\":\"new\",%s}\n",
		    cases[i].json), 0);
		assert_string_equal(buf_str(&json), buf_str(&want));
		buf_free(&yaml);
		buf_free(&json);
		buf_free(&want);
		arena_reset(a);
	}
	arena_free(a);
}

/*
 * A mapping with merge keys is written as it came, "<<" and all, in YAML;
 * in JSON, which has no merge keys, as the mapping it means.  Its block
 * replaced or added is one of its own keys, which wins over a merged one.
 */
static void
test_merge_written(void **state)
{
	static const struct {
		const char *in, *yaml, *json, *block;
	} cases[] = {
		{"c: &c {pregnant: true}\n<<: *c\nid: P-1\n",
		    "---\nc: &c {pregnant: true}\n<<: *c\nid: P-1\nscreening: new\n",
		    "{\"c\":{\"pregnant\":true},\"pregnant\":true,"
		    "\"id\":\"P-1\",\"screening\":\"new\"}\n", "new"},
		{"<<: {screening: old}\nid: P-1\n",
		    "---\n<<: {screening: old}\nid: P-1\nscreening: new\n",
		    "{\"id\":\"P-1\",\"screening\":\"new\"}\n", "new"},
		{"screening: old\n<<: {screening: merged, x: 1}\n",
		    "---\nscreening: new\n<<: {screening: merged, x: 1}\n",
		    "{\"screening\":\"new\",\"x\":1}\n", "new"},
	};
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		struct node *doc = parse_yaml(a, cases[i].in), *old;
		struct buf yaml = {0}, json = {0};
		struct diag d;

		diag_clear(&d);
		assert_int_equal(node_map_set(a, doc, "screening",
		    node_scalar(a, "new", STYLE_PLAIN), &old), 0);
		assert_string_equal(node_get(doc, "screening")->text, cases[i].block);
		assert_null(node_get_key_again(doc, "screening"));
		assert_int_equal(emit_json(doc, &json, &d), 0);
		assert_int_equal(emit_yaml(doc, &yaml, &d), 0);
		assert_string_equal(buf_str(&yaml), cases[i].yaml);
		assert_string_equal(buf_str(&json), cases[i].json);
		buf_free(&yaml);
		buf_free(&json);
		arena_reset(a);
	}
	arena_free(a);
}

/* The block's key found by length and through aliases; given twice, seen. */
static void
test_block_key(void **state)
{
	struct arena *a = arena_new();
	struct node *doc, *old;
	struct buf out = {0};
	struct diag d;

	(void)state;
	diag_clear(&d);
	doc = parse_yaml(a, "k: &k screening\n*k : old\n\"screening\\0\": other\n");
	assert_null(node_get_key_again(doc, "screening"));
	assert_int_equal(node_map_set(a, doc, "screening",
	    node_scalar(a, "new", STYLE_PLAIN), &old), 0);
	assert_true(node_is_scalar(old, "old"));
	assert_int_equal(emit_yaml(doc, &out, &d), 0);
	assert_string_equal(buf_str(&out),
	    "---\nk: &k screening\n*k : new\n\"screening\\0\": other\n");
	buf_free(&out);
	arena_reset(a);
	/* An anchor given twice, when an alias into the old value moved: the
	 * record written could not say which node *v stands for. */
	doc = parse_yaml(a, "screening: &s\n  a: &v 1\n  b: &v 2\n  m: &m {z: *v}\n"
	    "c: *m\nd: *s\ne: *v\n");
	assert_int_equal(node_map_set(a, doc, "screening",
	    node_scalar(a, "new", STYLE_PLAIN), &old), -2);
	/* Given twice, but no alias into the old value: nothing moves. */
	doc = parse_yaml(a, "screening: &v 2\na: &v 1\nb: *v\n");
	assert_int_equal(node_map_set(a, doc, "screening",
	    node_scalar(a, "new", STYLE_PLAIN), &old), 0);
	assert_int_equal(emit_yaml(doc, &out, &d), 0);
	assert_string_equal(buf_str(&out), "---\nscreening: new\na: &v 1\nb: *v\n");
	buf_free(&out);
	doc = parse_yaml(a, "a: 1\nscreening: x\nb: 2\nscreening: z\n");
	assert_int_equal(node_get_key_again(doc, "screening")->line, 4);
	doc = parse_yaml(a, "k: &s screening\nscreening: x\n*s : y\n");
	assert_int_equal(node_get_key_again(doc, "screening")->line, 3);
	arena_free(a);
}

/* A strict JSON checker (RFC 8259): the value at *s, then *s past it. */
static int json_value(const char **s, int depth);

static void
json_ws(const char **s)
{
	while (**s == ' ' || **s == '\t' || **s == '\n' || **s == '\r')
		++*s;
}

static int
json_string(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;

	if (*p++ != '"')
		return -1;
	for (;;) {
		if (*p == '"')
			break;
		if (*p < 0x20)
			return -1;	/* raw control characters are not JSON */
		if (*p == '\\') {
			p++;
			if (*p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (!((p[i] >= '0' && p[i] <= '9') ||
					    (p[i] >= 'a' && p[i] <= 'f') ||
					    (p[i] >= 'A' && p[i] <= 'F')))
						return -1;
				p += 4;
			} else if (strchr("\"\\/bfnrt", *p) == NULL || *p == '\0') {
				return -1;
			}
		}
		p++;
	}
	*s = (const char *)p + 1;
	return 0;
}

static int
json_number_at(const char **s)
{
	const char *p = *s;

	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		return -1;
	if (*p == '.') {
		if (*++p < '0' || *p > '9')
			return -1;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		if (*++p == '+' || *p == '-')
			p++;
		if (*p < '0' || *p > '9')
			return -1;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	*s = p;
	return 0;
}

static int
json_value(const char **s, int depth)
{
	if (depth > 200)
		return -1;
	json_ws(s);
	switch (**s) {
	case '"':
		return json_string(s);
	case '{':
	case '[': {
		char close = **s == '{' ? '}' : ']';
		int obj = **s == '{';

		++*s;
		json_ws(s);
		if (**s == close) {
			++*s;
			return 0;
		}
		for (;;) {
			if (obj) {
				json_ws(s);
				if (json_string(s) == -1)
					return -1;
				json_ws(s);
				if (*(*s)++ != ':')
					return -1;
			}
			if (json_value(s, depth + 1) == -1)
				return -1;
			json_ws(s);
			if (**s == ',') {
				++*s;
				continue;
			}
			if (**s != close)
				return -1;
			++*s;
			return 0;
		}
	}
	case 't':
		return strncmp(*s, "true", 4) == 0 ? (*s += 4, 0) : -1;
	case 'f':
		return strncmp(*s, "false", 5) == 0 ? (*s += 5, 0) : -1;
	case 'n':
		return strncmp(*s, "null", 4) == 0 ? (*s += 4, 0) : -1;
	default:
		return json_number_at(s);
	}
}

/* Asserts that out is one line holding one JSON value. */
static void
assert_json_line(const char *out)
{
	const char *s = out, *nl = strchr(out, '\n');

	if (nl == NULL || nl[1] != '\0')
		fail_msg("not one line: %s", out);
	if (json_value(&s, 0) == -1 || (json_ws(&s), *s != '\0'))
		fail_msg("not JSON at offset %td: %s", s - out, out);
}

static void
test_json_checker(void **state)
{
	static const char *const bad[] = {
		"{a:1}\n", "{\"a\":01}\n", "[1,]\n", "\"\t\"\n", "\"\\x\"\n",
		"[1 2]\n", "{\"a\" 1}\n", "nul\n", "[\"a\"\n",
	};
	const char *s;

	(void)state;
	/* The checker used below tells JSON from what is not. */
	for (size_t i = 0; i < NELEM(bad); i++) {
		s = bad[i];
		assert_true(json_value(&s, 0) == -1 || (json_ws(&s), *s != '\0'));
	}
	s = "{\"a\":[1,-2.5e3,true,false,null,\"\\u00e9\\n\"],\"b\":{}}\n";
	assert_int_equal(json_value(&s, 0), 0);
}

static void
test_json_exact(void **state)
{
	static const struct {
		const char *yaml;
		const char *json;
	} cases[] = {
		{"{a: 007, b: \"007\", c: 0.5, d: -3, e: 1e5, f: 12}",
		    "{\"a\":\"007\",\"b\":\"007\",\"c\":0.5,\"d\":-3,\"e\":1e5,\"f\":12}\n"},
		{"{t: true, y: yes, F: False, n: no, yy: y, nn: n, q: \"true\"}",
		    "{\"t\":true,\"y\":true,\"F\":false,\"n\":false,\"yy\":\"y\","
		    "\"nn\":\"n\",\"q\":\"true\"}\n"},
		{"a: ~\nb: null\nc:\nd: ''\ne: \"~\"\n",
		    "{\"a\":null,\"b\":null,\"c\":null,\"d\":\"\",\"e\":\"~\"}\n"},
		{"a: !!str 123\nb: !!int 7\nc: !custom 5\n",
		    "{\"a\":\"123\",\"b\":7,\"c\":\"5\"}\n"},
		{"date: 2026-11-25\nid: P-0042\n",
		    "{\"date\":\"2026-11-25\",\"id\":\"P-0042\"}\n"},
		{"x: &A [1, {k: v}]\ny: *A\nz: *A\n",
		    "{\"x\":[1,{\"k\":\"v\"}],\"y\":[1,{\"k\":\"v\"}],"
		    "\"z\":[1,{\"k\":\"v\"}]}\n"},
		{"s: \"q\\\"b\\\\t\\tn\\nr\\rc\\x01\\x1fd\\x7f\\0e\"\n",
		    "{\"s\":\"q\\\"b\\\\t\\tn\\nr\\rc\\u0001\\u001fd\x7f\\u0000e\"}\n"},
		{"u: Chlo\xc3\xa9 \xf0\x9f\x98\x80\n",
		    "{\"u\":\"Chlo\xc3\xa9 \xf0\x9f\x98\x80\"}\n"},
		{"lit: |\n  a\n  b\n", "{\"lit\":\"a\\nb\\n\"}\n"},
		{"? [a, b]\n: v\n1: one\n", "{\"[\\\"a\\\",\\\"b\\\"]\":\"v\",\"1\":\"one\"}\n"},
		{"[1, [2, []], {}]", "[1,[2,[]],{}]\n"},
		{"just text", "\"just text\"\n"},
		{"zeta: 1\nalpha: 2\nmid: 3\n",
		    "{\"zeta\":1,\"alpha\":2,\"mid\":3}\n"},
		/* null keys, whatever their spelling, but quoted or tagged */
		{"? \n: a\n\"~\": d\n", "{\"null\":\"a\",\"~\":\"d\"}\n"},
		{"~: b\n", "{\"null\":\"b\"}\n"},
		{"NULL: c\n", "{\"null\":\"c\"}\n"},
		{"! ~: e\n", "{\"~\":\"e\"}\n"},
	};
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		struct buf out = {0};
		struct diag d;

		diag_clear(&d);
		assert_int_equal(emit_json(parse_yaml(a, cases[i].yaml), &out, &d), 0);
		if (strcmp(buf_str(&out), cases[i].json) != 0)
			fail_msg("%s\nexpected %sgot      %s", cases[i].yaml,
			    cases[i].json, out.p);
		assert_json_line(out.p);
		buf_free(&out);
	}
	arena_free(a);
}

static void
test_json_awkward(void **state)
{
	struct arena *a = arena_new();
	struct buf out = {0};
	struct diag d;

	(void)state;
	diag_clear(&d);
	assert_int_equal(emit_json(parse_yaml(a, awkward), &out, &d), 0);
	assert_json_line(buf_str(&out));
	assert_contains(out.p, "\"zeros\":\"007\"");
	assert_contains(out.p, "\"quoted\":\"007\"");
	assert_contains(out.p, "\"empty\":null");
	assert_contains(out.p, "\"empty_quoted\":\"\"");
	assert_contains(out.p, "\"bool\":true");
	assert_contains(out.p, "\"quoted_bool\":\"yes\"");
	assert_contains(out.p, "\"y\":\"y\"");
	assert_contains(out.p, "\"number\":1.5");
	assert_contains(out.p, "\"alias\":{\"x\":1,\"y\":[\"a\",\"b\"]}");
	assert_contains(out.p, "\"scalar_alias\":\"shared\"");
	assert_contains(out.p, "\"shared\":\"alias as key\"");
	assert_contains(out.p, "\"nul\":\"a\\u0000b\"");
	assert_contains(out.p, "\"keep\":\"kept\\n\\n\"");
	assert_contains(out.p, "\"strip\":\"no final newline\"");
	assert_contains(out.p, "\"folded\":\"folded lines here\\nnew paragraph\\n\"");
	assert_contains(out.p, "\"str\":\"123\",\"int\":42");
	assert_contains(out.p, "\"\":\"empty key\"");
	buf_free(&out);
	arena_free(a);
}

/*
 * Keys that JSON cannot tell apart are a data error at the later one: a
 * JSON reader would keep one of the values.
 */
static void
test_json_twice(void **state)
{
	static const struct {
		const char *yaml;
		unsigned long line;
	} cases[] = {
		{"id: P-1\n1: a\n\"1\": b\n", 3},
		{"? [x]\n: c\n\"[\\\"x\\\"]\": d\n", 3},
		{"~: a\nnull: b\n", 2},
		{"a: 1\nb: 2\na: 3\n", 3},
		{"list:\n- {k: 1, k: 2}\n", 2},
		{"true: 1\n\"true\": 2\n", 2},
	};
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		struct buf out = {0};
		struct diag d;

		diag_clear(&d);
		buf_puts(&out, "before");
		assert_int_equal(emit_json(parse_yaml(a, cases[i].yaml), &out, &d), -1);
		assert_int_equal(d.kind, DIAG_DATA);
		assert_int_equal(d.line, cases[i].line);
		assert_contains(d.msg, "one key in JSON");
		assert_int_equal(out.len, 6);	/* nothing half written */
		buf_free(&out);
	}
	/* A mapping of many keys, sorted to be compared: the later key is
	 * named, whichever comes first in the sort. */
	for (int dup = 0; dup < 3; dup++) {
		struct buf in = {0}, out = {0};
		struct diag d;
		int r;

		for (int i = 0; i < 40; i++)
			buf_printf(&in, "k%02d: %d\n", i, i);
		if (dup == 1)
			buf_puts(&in, "\"k07\": again\n");	/* line 41 */
		if (dup == 2)
			buf_puts(&in, "k39: again\nk00: again\n");	/* 41, 42 */
		diag_clear(&d);
		r = emit_json(parse_yaml(a, buf_str(&in)), &out, &d);
		assert_int_equal(r, dup == 0 ? 0 : -1);
		if (dup > 0)
			assert_int_equal(d.line, 41);
		buf_free(&in);
		buf_free(&out);
	}
	arena_free(a);
}

/*
 * What aliases write out is bounded in bytes (the record limit), and so
 * is a complex key's JSON text (the scalar limit): a small input cannot
 * write gigabytes.
 */
static void
test_json_bounds(void **state)
{
	struct limits lim = limits_default;
	struct arena *a = arena_new();
	struct buf in = {0}, out = {0};
	struct node *doc;
	struct diag d;

	(void)state;
	/* 50 aliases to 100 bytes: 5000 bytes through aliases. */
	buf_puts(&in, "id: P-1\na: &a \"");
	for (int i = 0; i < 98; i++)
		buf_putc(&in, 'x');
	buf_puts(&in, "\"\nb: [");
	for (int i = 0; i < 50; i++)
		buf_puts(&in, i ? ", *a" : "*a");
	buf_puts(&in, "]\n");
	doc = parse_yaml(a, buf_str(&in));
	lim.record = 5100;
	diag_clear(&d);
	assert_int_equal(emit_json_within(doc, &lim, &out, &d), 0);
	lim.record = 4900;
	buf_free(&out);
	assert_int_equal(emit_json_within(doc, &lim, &out, &d), -1);
	assert_int_equal(d.kind, DIAG_DATA);
	assert_contains(d.msg, "aliases");
	assert_int_equal(d.line, 3);
	assert_int_equal(out.len, 0);

	/* A key in a key in a key...: the quotes double at each level. */
	buf_free(&in);
	buf_puts(&in, "id: P-1\nk: ");
	for (int i = 0; i < 24; i++)
		buf_putc(&in, '{');
	buf_putc(&in, 'x');
	for (int i = 0; i < 24; i++)
		buf_puts(&in, ": 1}");
	buf_puts(&in, "\n");
	doc = parse_yaml(a, buf_str(&in));
	diag_clear(&d);
	assert_int_equal(emit_json(doc, &out, &d), -1);
	assert_int_equal(d.kind, DIAG_DATA);
	assert_contains(d.msg, "key");
	assert_int_equal(out.len, 0);
	buf_free(&in);
	buf_free(&out);
	arena_free(a);
}

/*
 * JSON has no merge keys: a "<<" written is read back as a key like any
 * other, and what it merged is lost.  A mapping with merge keys is written
 * as the mapping it means, by the reader's rules (its own keys win, then
 * the later "<<", then the earlier mapping of a list), the merged keys in
 * the place of their "<<", and no "<<" left but a quoted one, which is an
 * ordinary key.  Read back, it means the same and is written the same.
 */
static void
test_json_merged(void **state)
{
	static const struct {
		const char *yaml;
		const char *json;
	} cases[] = {
		{"id: M1\nd: &d {pregnant: true}\n<<: *d\nskin: {fitzpatrick: 2}\n",
		    "{\"id\":\"M1\",\"d\":{\"pregnant\":true},\"pregnant\":true,"
		    "\"skin\":{\"fitzpatrick\":2}}\n"},
		{"<<: {pregnant: true}\nid: M2\n",
		    "{\"pregnant\":true,\"id\":\"M2\"}\n"},
		/* a list: the first mapping wins; own keys win over both */
		{"b: &b {pregnant: true, lactating: true, x: b}\n"
		    "o: &o {pregnant: false, y: o}\n"
		    "<<: [*o, *b]\nlactating: false\n",
		    "{\"b\":{\"pregnant\":true,\"lactating\":true,\"x\":\"b\"},"
		    "\"o\":{\"pregnant\":false,\"y\":\"o\"},"
		    "\"pregnant\":false,\"y\":\"o\",\"x\":\"b\",\"lactating\":false}\n"},
		{"b: &b {pregnant: true}\no: &o {pregnant: false}\n<<: [*b, *o]\n",
		    "{\"b\":{\"pregnant\":true},\"o\":{\"pregnant\":false},"
		    "\"pregnant\":true}\n"},
		/* two merge keys: the later wins */
		{"<<: {z: 1, v: 1}\n<<: {z: 2, w: 1}\n",
		    "{\"v\":1,\"z\":2,\"w\":1}\n"},
		/* nested, and merged from a mapping with merge keys of its own */
		{"c: &c {a: 1, b: 2}\nd: &d {<<: *c, b: 3}\nx: {<<: *d, a: 0}\n",
		    "{\"c\":{\"a\":1,\"b\":2},\"d\":{\"a\":1,\"b\":3},"
		    "\"x\":{\"b\":3,\"a\":0}}\n"},
		{"l: [{<<: {k: 1}}, {<<: !!merge {k: 2}, j: 1}]\n",
		    "{\"l\":[{\"k\":1},{\"k\":2,\"j\":1}]}\n"},
		/* everything overridden, or nothing to merge */
		{"a: 1\n<<: {a: 2}\n", "{\"a\":1}\n"},
		{"<<: []\na: 1\n", "{\"a\":1}\n"},
		/* quoted, or tagged otherwise, "<<" is a key */
		{"\"<<\": {pregnant: true}\n", "{\"<<\":{\"pregnant\":true}}\n"},
		{"!!str <<: {a: 1}\n", "{\"<<\":{\"a\":1}}\n"},
	};
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		struct buf out = {0}, again = {0};
		struct diag d;
		struct node *doc;

		diag_clear(&d);
		assert_int_equal(emit_json(parse_yaml(a, cases[i].yaml), &out, &d), 0);
		if (strcmp(buf_str(&out), cases[i].json) != 0)
			fail_msg("%s\nexpected %sgot      %s", cases[i].yaml,
			    cases[i].json, out.p);
		assert_json_line(out.p);
		doc = parse_yaml(a, out.p);
		assert_int_equal(emit_json(doc, &again, &d), 0);
		assert_string_equal(buf_str(&again), buf_str(&out));
		buf_free(&out);
		buf_free(&again);
	}
	/* Many merge keys, and many keys: each in its place. */
	{
		struct buf in = {0}, out = {0}, want = {0};
		struct diag d;

		buf_puts(&want, "{");
		for (int i = 0; i < 20; i++) {
			buf_printf(&in, i % 2 ? "<<: {k%02d: %d}\n" : "k%02d: %d\n",
			    i, i);
			buf_printf(&want, "%s\"k%02d\":%d", i ? "," : "", i, i);
		}
		buf_puts(&want, "}\n");
		diag_clear(&d);
		assert_int_equal(emit_json(parse_yaml(a, buf_str(&in)), &out, &d), 0);
		assert_string_equal(buf_str(&out), buf_str(&want));
		buf_free(&in);
		buf_free(&out);
		buf_free(&want);
	}
	arena_free(a);
}

/*
 * What a merge key merges is written again, as an alias is: it counts
 * against what aliases may write, so "<<: *a" in many mappings is bounded.
 */
static void
test_json_merged_bounds(void **state)
{
	struct limits lim = limits_default;
	struct arena *a = arena_new();
	struct buf in = {0}, out = {0};
	struct node *doc;
	struct diag d;

	(void)state;
	buf_puts(&in, "id: P-1\na: &a {k: \"");
	for (int i = 0; i < 92; i++)
		buf_putc(&in, 'x');
	buf_puts(&in, "\"}\nb: [");
	for (int i = 0; i < 50; i++)
		buf_puts(&in, i ? ", {<<: *a}" : "{<<: *a}");
	buf_puts(&in, "]\n");
	doc = parse_yaml(a, buf_str(&in));
	/* 50 times "k":"x...x", 98 bytes, key and all */
	lim.record = 5000;
	diag_clear(&d);
	assert_int_equal(emit_json_within(doc, &lim, &out, &d), 0);
	assert_not_contains(out.p, "<<");
	lim.record = 4800;
	buf_free(&out);
	assert_int_equal(emit_json_within(doc, &lim, &out, &d), -1);
	assert_int_equal(d.kind, DIAG_DATA);
	assert_contains(d.msg, "aliases");
	assert_int_equal(d.line, 3);	/* the "<<" */
	assert_int_equal(out.len, 0);
	buf_free(&in);
	buf_free(&out);
	arena_free(a);
}

static void
test_json_string(void **state)
{
	static const struct {
		const char *in;
		size_t n;
		const char *out;
	} cases[] = {
		{"", 0, "\"\""},
		{"plain", 5, "\"plain\""},
		{"\"", 1, "\"\\\"\""},
		{"\\", 1, "\"\\\\\""},
		{"/", 1, "\"/\""},
		{"\n\t\r", 3, "\"\\n\\t\\r\""},
		{"\b\f", 2, "\"\\u0008\\u000c\""},
		{"\x01\x1f", 2, "\"\\u0001\\u001f\""},
		{"a\0b", 3, "\"a\\u0000b\""},
		{"\x7f", 1, "\"\x7f\""},
		{"\xc3\xa9\xe2\x9c\x93", 5, "\"\xc3\xa9\xe2\x9c\x93\""},
		{"end\\", 4, "\"end\\\\\""},
		/* NEL, LS and PS escaped, so that a JSON line is one line for
		 * YAML too; other characters of those lead bytes stay. */
		{"a\xc2\x85" "b\xe2\x80\xa8" "c\xe2\x80\xa9", 11,
		    "\"a\\u0085b\\u2028c\\u2029\""},
		{"\xc2\xa0\xe2\x80\x94", 5, "\"\xc2\xa0\xe2\x80\x94\""},
	};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		struct buf out = {0};
		const char *s;

		assert_int_equal(emit_json_string(&out, cases[i].in, cases[i].n), 0);
		assert_string_equal(buf_str(&out), cases[i].out);
		s = out.p;
		assert_int_equal(json_string(&s), 0);
		assert_int_equal(*s, '\0');
		buf_free(&out);
	}
	/* Each again at every place in plain text around it: the writer
	 * takes plain text eight bytes at a time. */
	for (size_t i = 0; i < NELEM(cases); i++)
		for (size_t pre = 0; pre < 17; pre++)
			for (size_t post = 0; post < 17; post += 3) {
				struct buf in = {0}, want = {0}, out = {0};
				const char *body = cases[i].out + 1;

				for (size_t k = 0; k < pre; k++)
					buf_putc(&in, 'x');
				buf_add(&in, cases[i].in, cases[i].n);
				for (size_t k = 0; k < post; k++)
					buf_putc(&in, 'y');
				buf_putc(&want, '"');
				for (size_t k = 0; k < pre; k++)
					buf_putc(&want, 'x');
				buf_add(&want, body, strlen(body) - 1);
				for (size_t k = 0; k < post; k++)
					buf_putc(&want, 'y');
				buf_putc(&want, '"');
				assert_int_equal(emit_json_string(&out,
				    in.len ? in.p : "", in.len), 0);
				assert_string_equal(buf_str(&out), buf_str(&want));
				buf_free(&in);
				buf_free(&want);
				buf_free(&out);
			}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_yaml_round_trip),
		cmocka_unit_test(test_yaml_round_trip_roots),
		cmocka_unit_test(test_yaml_not_plain),
		cmocka_unit_test(test_yaml_non_specific_tag),
		cmocka_unit_test(test_yaml_flow_empty_value),
		cmocka_unit_test(test_yaml_starts),
		cmocka_unit_test(test_yaml_join),
		cmocka_unit_test(test_yaml_built),
		cmocka_unit_test(test_yaml_replaced_aliases),
		cmocka_unit_test(test_block_key),
		cmocka_unit_test(test_merge_written),
		cmocka_unit_test(test_json_checker),
		cmocka_unit_test(test_json_exact),
		cmocka_unit_test(test_json_awkward),
		cmocka_unit_test(test_json_string),
		cmocka_unit_test(test_json_twice),
		cmocka_unit_test(test_json_bounds),
		cmocka_unit_test(test_json_merged),
		cmocka_unit_test(test_json_merged_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

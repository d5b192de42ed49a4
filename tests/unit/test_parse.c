/* Unit tests: YAML documents as trees, under the input limits (parse.h). */
#include <time.h>

#include "unit.h"

/* What parse_next gave for one document. */
struct got {
	enum parse_status st;
	struct node *doc;
	struct diag d;
};

/* Every document of the chunk, built in a; at most max.  Returns how many. */
static size_t
all_docs(const struct limits *lim, const struct chunk *c, struct arena *a,
    struct got *out, size_t max)
{
	struct parse *p = parse_new(lim);
	size_t n = 0;

	assert_non_null(p);
	parse_start(p, c);
	while (n < max) {
		struct got *g = &out[n];

		diag_clear(&g->d);
		g->st = parse_next(p, a, &g->doc, &g->d);
		if (g->st == PARSE_END)
			break;
		n++;
		if (g->st == PARSE_BROKEN || g->st == PARSE_FAIL)
			break;
	}
	/* After the end (or a broken stream) there is nothing more. */
	if (n < max) {
		struct node *doc;
		struct diag d;

		diag_clear(&d);
		assert_int_equal(parse_next(p, a, &doc, &d), PARSE_END);
	}
	parse_free(p);
	return n;
}

/* A chunk over s with one entry per document start given (offsets, lines). */
static struct chunk
hand_chunk(const char *s, const struct chunk_entry *ent, size_t nent)
{
	struct chunk c;

	memset(&c, 0, sizeof(c));
	c.file = "hand.yaml";
	c.data = (char *)s;
	c.len = strlen(s);
	c.ent = (struct chunk_entry *)ent;
	c.nent = nent;
	return c;
}

/* Parses one document of s, which must be bad or broken: its diag. */
static enum parse_status
parse_fails(struct arena *a, const char *s, size_t n, struct diag *d)
{
	struct node *doc = NULL;
	enum parse_status st;

	diag_clear(d);
	st = parse_string(s, n, "t.yaml", a, &doc, d);
	if (st == PARSE_DOC)
		fail_msg("parsed, but should not have:\n%.200s", s);
	return st;
}

static void
test_scalars(void **state)
{
	static const struct {
		const char *key;
		const char *text;
		enum node_style style;
	} cases[] = {
		{"plain", "a plain scalar", STYLE_PLAIN},
		{"zeros", "007", STYLE_PLAIN},
		{"single", "it's single", STYLE_SINGLE},
		{"double", "tab\there", STYLE_DOUBLE},
		{"quoted007", "007", STYLE_DOUBLE},
		{"literal", "line 1\nline 2\n", STYLE_LITERAL},
		{"strip", "no newline", STYLE_LITERAL},
		{"folded", "folded text here\n", STYLE_FOLDED},
		{"empty", "", STYLE_PLAIN},
		{"tilde", "~", STYLE_PLAIN},
		{"date", "2026-11-25", STYLE_PLAIN},
		{"utf8", "Chlo\xc3\xa9 \xe2\x9c\x93", STYLE_PLAIN},
	};
	static const char yaml[] =
	    "plain: a plain scalar\n"
	    "zeros: 007\n"
	    "single: 'it''s single'\n"
	    "double: \"tab\\there\"\n"
	    "quoted007: \"007\"\n"
	    "literal: |\n  line 1\n  line 2\n"
	    "strip: |-\n  no newline\n"
	    "folded: >\n  folded\n  text\n  here\n"
	    "empty:\n"
	    "tilde: ~\n"
	    "date: 2026-11-25\n"
	    "utf8: Chlo\xc3\xa9 \xe2\x9c\x93\n";
	struct arena *a = arena_new();
	struct node *doc = parse_yaml(a, yaml);

	(void)state;
	assert_int_equal(doc->kind, NODE_MAPPING);
	assert_int_equal(doc->n, 2 * NELEM(cases));
	for (size_t i = 0; i < NELEM(cases); i++) {
		const struct node *n = node_get(doc, cases[i].key);

		if (n == NULL)
			fail_msg("no key %s", cases[i].key);
		assert_int_equal(n->kind, NODE_SCALAR);
		assert_string_equal(n->text, cases[i].text);
		assert_int_equal(n->len, strlen(cases[i].text));
		if (n->style != cases[i].style)
			fail_msg("%s: style %d, expected %d", cases[i].key,
			    n->style, (int)cases[i].style);
		assert_null(n->tag);
		assert_null(n->anchor);
	}
	/* A NUL in a double-quoted scalar is kept, with the length. */
	doc = parse_yaml(a, "\"a\\0b\"");
	assert_int_equal(doc->len, 3);
	assert_memory_equal(doc->text, "a\0b", 4);
	arena_free(a);
}

static void
test_tags(void **state)
{
	struct arena *a = arena_new();
	struct node *doc = parse_yaml(a,
	    "str: !!str 123\n"
	    "int: !!int 12\n"
	    "local: !custom value\n"
	    "verbatim: !<tag:example.com,2000:x> y\n"
	    "seq: !!seq [a]\n"
	    "map: !point {x: 1}\n"
	    "none: 123\n");
	const struct node *n;

	(void)state;
	n = node_get(doc, "str");
	assert_string_equal(n->tag, "tag:yaml.org,2002:str");
	assert_string_equal(n->text, "123");
	assert_false(n->implicit);
	assert_string_equal(node_get(doc, "int")->tag, "tag:yaml.org,2002:int");
	assert_string_equal(node_get(doc, "local")->tag, "!custom");
	assert_string_equal(node_get(doc, "verbatim")->tag, "tag:example.com,2000:x");
	n = node_get(doc, "seq");
	assert_int_equal(n->kind, NODE_SEQUENCE);
	assert_string_equal(n->tag, "tag:yaml.org,2002:seq");
	n = node_get(doc, "map");
	assert_int_equal(n->kind, NODE_MAPPING);
	assert_string_equal(n->tag, "!point");
	n = node_get(doc, "none");
	assert_null(n->tag);
	assert_true(n->implicit);
	arena_free(a);
}

static void
test_anchors_aliases(void **state)
{
	struct arena *a = arena_new();
	struct node *doc = parse_yaml(a,
	    "base: &B {x: 1, y: [a, b]}\n"
	    "copy: *B\n"
	    "s: &S text\n"
	    "t: *S\n"
	    "r: &R first\n"
	    "u: *R\n"
	    "r2: &R second\n"
	    "v: *R\n"
	    "*S : alias as key\n");
	const struct node *base, *k;

	(void)state;
	base = node_get(doc, "base");
	assert_int_equal(base->kind, NODE_MAPPING);
	assert_string_equal(base->anchor, "B");
	/* The alias node itself, and what it stands for. */
	k = node_get_key(doc, "copy");
	assert_non_null(k);
	assert_int_equal(k->next->kind, NODE_ALIAS);
	assert_string_equal(k->next->anchor, "B");
	assert_ptr_equal(k->next->target, base);
	assert_ptr_equal(node_resolve(k->next), base);
	assert_ptr_equal(node_get(doc, "copy"), base);	/* node_get resolves */
	assert_ptr_equal(node_get(node_get(doc, "copy"), "y"), node_get(base, "y"));
	assert_string_equal(node_get(doc, "t")->text, "text");
	/* An anchor defined again: aliases after it mean the new node. */
	assert_string_equal(node_get(doc, "u")->text, "first");
	assert_string_equal(node_get(doc, "v")->text, "second");
	/* An alias as a key: node_get finds it by the text it stands for. */
	assert_string_equal(node_get(doc, "text")->text, "alias as key");
	/* A node's weight counts what its aliases expand to. */
	assert_int_equal(base->weight, 1 + 2 + 1 + 3);	/* map, x: 1, y, [a, b] */
	arena_free(a);
}

static void
test_key_order(void **state)
{
	static const char *const keys[] = {
		"zeta", "alpha", "id", "mu", "beta", "0", "omega",
	};
	struct arena *a = arena_new();
	struct node *doc = parse_yaml(a,
	    "zeta: 1\nalpha: 2\nid: 3\nmu: 4\nbeta: 5\n0: 6\nomega: 7\n");
	const struct node *k;
	size_t i = 0;

	(void)state;
	assert_int_equal(doc->n, 2 * NELEM(keys));
	for (k = doc->head; k != NULL; k = k->next->next, i++) {
		assert_true(i < NELEM(keys));
		assert_string_equal(k->text, keys[i]);
		assert_non_null(k->next);
		assert_int_equal(atoi(k->next->text), (int)i + 1);
	}
	assert_int_equal(i, NELEM(keys));
	assert_ptr_equal(doc->tail, node_get(doc, "omega"));
	/* Sequences keep their order too. */
	doc = parse_yaml(a, "[c, a, b]");
	assert_string_equal(doc->head->text, "c");
	assert_string_equal(doc->head->next->text, "a");
	assert_string_equal(doc->head->next->next->text, "b");
	assert_null(doc->head->next->next->next);
	assert_int_equal(doc->n, 3);
	arena_free(a);
}

static void
test_positions(void **state)
{
	struct arena *a = arena_new();
	struct node *doc = parse_yaml(a,
	    "id: P-1\n"				/* 1 */
	    "skin:\n"				/* 2 */
	    "  fitzpatrick: 4\n"		/* 3 */
	    "  concerns: [acne-scars, pores]\n"	/* 4 */
	    "medications:\n"			/* 5 */
	    "  - tretinoin\n"			/* 6 */
	    "  - {name: isotretinoin}\n"	/* 7 */
	    "note: |\n"				/* 8 */
	    "  text\n");			/* 9 */
	const struct node *skin, *n, *meds;

	(void)state;
	assert_int_equal(doc->line, 1);
	assert_int_equal(doc->col, 1);
	n = node_get_key(doc, "id");
	assert_int_equal(n->line, 1);
	assert_int_equal(n->col, 1);
	n = node_get(doc, "id");
	assert_int_equal(n->line, 1);
	assert_int_equal(n->col, 5);
	skin = node_get(doc, "skin");
	assert_int_equal(skin->line, 3);
	assert_int_equal(skin->col, 3);
	n = node_get_key(skin, "fitzpatrick");
	assert_int_equal(n->line, 3);
	assert_int_equal(n->col, 3);
	n = node_get(skin, "fitzpatrick");
	assert_int_equal(n->line, 3);
	assert_int_equal(n->col, 16);
	n = node_get(skin, "concerns");
	assert_int_equal(n->line, 4);
	assert_int_equal(n->col, 13);
	assert_int_equal(n->head->line, 4);
	assert_int_equal(n->head->col, 14);
	assert_int_equal(n->head->next->col, 26);
	meds = node_get(doc, "medications");
	assert_int_equal(meds->head->line, 6);
	assert_int_equal(meds->head->col, 5);
	assert_int_equal(meds->head->next->line, 7);
	assert_int_equal(meds->head->next->col, 5);
	n = node_get(meds->head->next, "name");
	assert_int_equal(n->line, 7);
	assert_int_equal(n->col, 12);
	n = node_get(doc, "note");
	assert_int_equal(n->line, 8);
	assert_int_equal(n->col, 7);
	arena_free(a);
}

static void
test_node_get(void **state)
{
	struct arena *a = arena_new();
	struct node *doc = parse_yaml(a,
	    "id: P-1\n"
	    "'quoted': 1\n"
	    "[complex]: 2\n"
	    "ref: &M {inner: yes}\n"
	    "via: *M\n"
	    "nothing:\n");
	const struct node *seq;

	(void)state;
	assert_string_equal(node_get(doc, "id")->text, "P-1");
	assert_null(node_get(doc, "ID"));
	assert_null(node_get(doc, "absent"));
	assert_null(node_get(doc, "inner"));	/* not searched deeper */
	assert_string_equal(node_get(doc, "quoted")->text, "1");
	assert_null(node_get(doc, "complex"));
	assert_null(node_get(doc, "[complex]"));
	assert_string_equal(node_get(node_get(doc, "via"), "inner")->text, "yes");
	/* An empty value is an empty scalar, not an absent key. */
	assert_non_null(node_get(doc, "nothing"));
	assert_int_equal(node_get(doc, "nothing")->len, 0);
	/* Not a mapping: nothing to get. */
	seq = parse_yaml(a, "[id, P-1]");
	assert_null(node_get(seq, "id"));
	assert_null(node_get(parse_yaml(a, "id"), "id"));
	assert_null(node_get(NULL, "id"));
	assert_true(node_is_scalar(node_get(doc, "id"), "P-1"));
	assert_false(node_is_scalar(node_get(doc, "ref"), "P-1"));
	assert_false(node_is_scalar(NULL, ""));
	arena_free(a);
}

/* The keys of a mapping as it is meant, "k=v" each, with spaces between. */
static const char *
pairs_of(const struct node *map, char *out, size_t n)
{
	size_t len = 0;

	out[0] = '\0';
	map = node_resolve(map);
	for (const struct node *k = map->head; k != NULL && k->next != NULL;
	    k = k->next->next) {
		const struct node *v = node_resolve(k->next);

		len += (size_t)snprintf(out + len, n - len, "%s%s=%s",
		    len > 0 ? " " : "", node_resolve(k)->text,
		    v->kind == NODE_SCALAR ? v->text : "{}");
	}
	return out;
}

/*
 * Merge keys as YAML 1.1 (and PyYAML) reads them: the mapping's own keys
 * win, then those of earlier mappings of a list, then those of later
 * merge keys.  The pairs as written are kept for the writers.
 */
static void
test_merge_keys(void **state)
{
	static const struct {
		const char *yaml;	/* the mapping is "m" */
		const char *pairs;
	} cases[] = {
		{"a: &a {x: 1, y: 1}\nm: {x: 3, <<: *a}", "x=3 y=1"},
		{"a: &a {x: 1}\nb: &b {x: 2, z: 2}\nm: {<<: [*a, *b]}", "x=1 z=2"},
		{"a: &a {x: 1}\nb: &b {x: 2}\nm:\n  <<: *a\n  <<: *b\n", "x=2"},
		{"m: {<<: {pregnant: true}, id: P-1}", "id=P-1 pregnant=true"},
		{"a: &a {x: 1}\nb: &b {<<: *a, y: 2}\nm: {<<: *b}", "y=2 x=1"},
		{"m: {\"<<\": {x: 1}}", "<<={}"},
		{"m: {!!merge <<: {x: 1}}", "x=1"},
		{"a: &a {x: 1, x: 2}\nm: {<<: *a}", "x=1 x=2"},
		{"a: &a {x: 1}\nm: {<<: [], <<: *a, x: 0}", "x=0"},
		{"m: {<<: [{a: 1}, {a: 2, b: 2}, {b: 3, c: 3}]}", "a=1 b=2 c=3"},
	};
	static const char *const bad[] = {
		"m: {<<: 1}", "m: {<<: [{a: 1}, 2]}", "a: &a [1]\nm: {<<: *a}",
	};
	struct arena *a = arena_new();
	char got[256];
	struct diag d;

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		struct node *doc = parse_yaml(a, cases[i].yaml);

		pairs_of(node_get(doc, "m"), got, sizeof(got));
		if (strcmp(got, cases[i].pairs) != 0)
			fail_msg("case %zu: '%s', expected '%s'", i, got,
			    cases[i].pairs);
	}
	/* As written, for the writers: "<<" and all, in order. */
	{
		struct node *doc = parse_yaml(a, "c: &c {x: 1}\nm: {y: 2, <<: *c}");
		const struct node *m = node_get(doc, "m");
		const struct node *k = node_first(m);

		assert_int_equal(m->n, 4);
		assert_string_equal(k->text, "y");
		assert_string_equal(k->next->next->text, "<<");
		assert_int_equal(k->next->next->next->kind, NODE_ALIAS);
		assert_null(k->next->next->next->next);
		assert_non_null(node_get_key(m, "x"));
		assert_int_equal(node_get_key(m, "x")->line, 1);
		assert_null(node_get(m, "<<"));
	}
	for (size_t i = 0; i < NELEM(bad); i++) {
		diag_clear(&d);
		assert_int_equal(parse_fails(a, bad[i], strlen(bad[i]), &d), PARSE_BAD);
		assert_contains(d.msg, "<<:");
		assert_int_equal(d.line, strchr(bad[i], '\n') ? 2 : 1);
		assert_int_equal(d.col, 5);
	}
	arena_free(a);
}

/* n nested flow sequences around a scalar: "[[[x]]]". */
static char *
nested(unsigned n)
{
	char *s = malloc(2 * n + 2);

	assert_non_null(s);
	memset(s, '[', n);
	s[n] = 'x';
	memset(s + n + 1, ']', n);
	s[2 * n + 1] = '\0';
	return s;
}

static void
test_depth_limit(void **state)
{
	struct arena *a = arena_new();
	struct node *doc;
	struct diag d;
	char *s;

	(void)state;
	/* 64 levels are allowed, 65 are not. */
	s = nested(64);
	diag_clear(&d);
	assert_int_equal(parse_string(s, strlen(s), "t.yaml", a, &doc, &d), PARSE_DOC);
	free(s);
	s = nested(65);
	assert_int_equal(parse_fails(a, s, strlen(s), &d), PARSE_BAD);
	assert_int_equal(d.kind, DIAG_DATA);
	assert_contains(d.msg, "64");
	assert_contains(d.msg, "deeper");
	assert_int_equal(d.line, 1);
	assert_int_equal(d.col, 65);	/* the 65th '[' */
	free(s);
	/* Far deeper than the limit: still a clean data error. */
	s = nested(100000);
	assert_int_equal(parse_fails(a, s, strlen(s), &d), PARSE_BAD);
	assert_contains(d.msg, "deeper");
	free(s);
	/* Block mappings count too. */
	{
		struct buf b = {0};

		for (int i = 0; i < 65; i++)
			buf_printf(&b, "%*sk%d:\n", i, "", i);
		buf_printf(&b, "%*sleaf: 1\n", 65, "");
		assert_int_equal(parse_fails(a, b.p, b.len, &d), PARSE_BAD);
		assert_contains(d.msg, "deeper");
		assert_int_equal(d.line, 65);
		buf_free(&b);
	}
	arena_free(a);
}

/* The same with limits of one's own, on a hand-made chunk. */
static void
test_custom_limits(void **state)
{
	static const char s[] =
	    "a: [[1]]\n"			/* 3 levels with the mapping */
	    "---\n"
	    "a: [[[1]]]\n"			/* 4 levels: too deep */
	    "---\n"
	    "a: 0123456789abcdef\n"		/* 16 bytes: fine */
	    "---\n"
	    "a: 0123456789abcdefg\n"		/* 17 bytes: too long */
	    "---\n"
	    "a: &x [1, 2]\nb: [*x, *x, *x]\n"	/* 3 * 3 = 9 expansions */
	    "---\n"
	    "a: &x [1, 2]\nb: [*x, *x, *x, *x]\n"	/* 12 */
	    "---\n"
	    "last: ok\n";
	struct limits lim = {3, 16, 10, 1 << 20};
	struct chunk_entry ent[7];
	struct got g[8];
	size_t ndocs;
	struct arena *a = arena_new();
	struct chunk c;
	size_t n = 0;
	unsigned long line = 1;

	(void)state;
	/* An entry at the start and at each "---". */
	for (const char *q = s; *q != '\0'; q++) {
		if (q == s || (q[-1] == '\n' && strncmp(q, "---\n", 4) == 0)) {
			ent[n].off = (size_t)(q - s);
			ent[n].line = line;
			ent[n].oversize = 0;
			n++;
		}
		if (*q == '\n')
			line++;
	}
	assert_int_equal(n, 7);
	c = hand_chunk(s, ent, n);
	ndocs = all_docs(&lim, &c, a, g, NELEM(g));
	assert_int_equal(ndocs, 7);
	assert_int_equal(g[0].st, PARSE_DOC);
	assert_int_equal(g[1].st, PARSE_BAD);
	assert_int_equal(g[1].d.line, 3);
	assert_int_equal(g[1].d.col, 6);	/* the mapping is a level too */
	assert_int_equal(g[2].st, PARSE_DOC);
	assert_string_equal(node_get(g[2].doc, "a")->text, "0123456789abcdef");
	assert_int_equal(g[3].st, PARSE_BAD);
	assert_int_equal(g[3].d.line, 7);
	assert_int_equal(g[4].st, PARSE_DOC);
	assert_int_equal(g[5].st, PARSE_BAD);
	assert_int_equal(g[5].d.line, 13);
	assert_int_equal(g[5].d.col, 17);	/* the fourth alias */
	assert_int_equal(g[6].st, PARSE_DOC);
	assert_string_equal(node_get(g[6].doc, "last")->text, "ok");
	for (size_t i = 0; i < 7; i++)
		if (g[i].st == PARSE_BAD) {
			assert_int_equal(g[i].d.kind, DIAG_DATA);
			assert_string_equal(g[i].d.file, "hand.yaml");
			assert_true(g[i].d.msg[0] != '\0');
		}
	arena_free(a);
}

/* A depth limit set too high is still safe: deep input is a bad document. */
static void
test_depth_huge_limit(void **state)
{
	struct limits lim = limits_default;
	struct chunk_entry ent = {0, 1, 0};
	struct arena *a = arena_new();
	char *s = nested(5000);
	struct got g[2];
	struct chunk c = hand_chunk(s, &ent, 1);
	size_t ndocs;

	(void)state;
	lim.depth = 1000000;
	ndocs = all_docs(&lim, &c, a, g, NELEM(g));
	assert_int_equal(ndocs, 1);
	assert_int_equal(g[0].st, PARSE_BAD);
	assert_contains(g[0].d.msg, "deeper");
	free(s);
	arena_free(a);
}

static void
test_scalar_limit(void **state)
{
	const size_t mib = 1024 * 1024;
	char *s = malloc(mib + 16);
	struct arena *a = arena_new();
	struct node *doc;
	struct diag d;

	(void)state;
	assert_non_null(s);
	/* Exactly 1 MiB is allowed. */
	memcpy(s, "v: ", 3);
	memset(s + 3, 'x', mib);
	s[3 + mib] = '\n';
	diag_clear(&d);
	assert_int_equal(parse_string(s, mib + 4, "t.yaml", a, &doc, &d), PARSE_DOC);
	assert_int_equal(node_get(doc, "v")->len, mib);
	/* One byte more is not. */
	arena_reset(a);
	s[3 + mib] = 'x';
	s[4 + mib] = '\n';
	assert_int_equal(parse_fails(a, s, mib + 5, &d), PARSE_BAD);
	assert_int_equal(d.kind, DIAG_DATA);
	assert_contains(d.msg, "scalar");
	assert_contains(d.msg, "1 MiB");
	assert_int_equal(d.line, 1);
	assert_int_equal(d.col, 4);
	free(s);
	arena_free(a);
}

static void
test_alias_bomb(void **state)
{
	struct arena *a = arena_new();
	struct buf b = {0};
	struct diag d;
	clock_t t0 = clock();

	(void)state;
	/* Billion laughs: 9 levels of 9 aliases each. */
	buf_puts(&b, "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
	for (char c = 'b'; c <= 'i'; c++) {
		buf_printf(&b, "%c: &%c [", c, c);
		for (int i = 0; i < 9; i++)
			buf_printf(&b, "%s*%c", i ? ", " : "", c - 1);
		buf_puts(&b, "]\n");
	}
	assert_int_equal(parse_fails(a, b.p, b.len, &d), PARSE_BAD);
	assert_int_equal(d.kind, DIAG_DATA);
	assert_contains(d.msg, "more than 10000 alias expansions");
	assert_int_equal(d.line, 5);	/* level e: d's 7381 nodes, 9 times */
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 1.0);
	buf_free(&b);
	arena_free(a);
}

/* 10,000 expansions are allowed; one more is not. */
static void
test_alias_count(void **state)
{
	struct arena *a = arena_new();
	struct buf b = {0};
	struct node *doc;
	struct diag d;

	(void)state;
	buf_puts(&b, "- &x 1\n");
	for (int i = 0; i < 10000; i++)
		buf_puts(&b, "- *x\n");
	diag_clear(&d);
	assert_int_equal(parse_string(b.p, b.len, "t.yaml", a, &doc, &d), PARSE_DOC);
	assert_int_equal(doc->n, 10001);
	assert_int_equal(node_resolve(doc->tail)->text[0], '1');
	buf_puts(&b, "- *x\n");
	arena_reset(a);
	assert_int_equal(parse_fails(a, b.p, b.len, &d), PARSE_BAD);
	assert_contains(d.msg, "alias expansions");
	assert_int_equal(d.line, 10002);
	assert_int_equal(d.col, 3);
	buf_free(&b);
	arena_free(a);
}

static void
test_unknown_anchor(void **state)
{
	static const struct {
		const char *yaml;
		unsigned long line, col;
	} cases[] = {
		{"id: P-1\nref: *nowhere\n", 2, 6},
		/* An anchor is known once its node is complete. */
		{"a: &self [1, *self]\n", 1, 14},
		/* An alias before its anchor. */
		{"a: *later\nb: &later 1\n", 1, 4},
	};
	struct arena *a = arena_new();
	struct diag d;

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		const char *s = cases[i].yaml;

		assert_int_equal(parse_fails(a, s, strlen(s), &d), PARSE_BAD);
		assert_int_equal(d.kind, DIAG_DATA);
		assert_contains(d.msg, "unknown anchor");
		assert_int_equal(d.line, cases[i].line);
		assert_int_equal(d.col, cases[i].col);
	}
	arena_free(a);
}

/* Anchors belong to their document: the next one cannot use them. */
static void
test_anchor_scope(void **state)
{
	static const char s[] = "a: &x 1\nb: *x\n---\nc: *x\n---\nd: 2\n";
	struct arena *a = arena_new();
	struct chunk *cs;
	struct got g[4];
	size_t ndocs;
	size_t nc = split_string(s, strlen(s), 1 << 20, 1 << 20, &cs);

	(void)state;
	assert_int_equal(nc, 1);
	ndocs = all_docs(&limits_default, &cs[0], a, g, NELEM(g));
	assert_int_equal(ndocs, 3);
	assert_int_equal(g[0].st, PARSE_DOC);
	assert_string_equal(node_get(g[0].doc, "b")->text, "1");
	assert_int_equal(g[1].st, PARSE_BAD);
	assert_contains(g[1].d.msg, "unknown anchor");
	assert_int_equal(g[1].d.line, 4);
	assert_int_equal(g[2].st, PARSE_DOC);
	assert_string_equal(node_get(g[2].doc, "d")->text, "2");
	free_chunks(cs, nc);
	arena_free(a);
}

static void
test_broken(void **state)
{
	static const struct {
		const char *yaml;
		unsigned long line, col;
	} cases[] = {
		{"id: P-1\nname: x\nbad: b: c\n", 3, 7},
		{"id: P-1\nlist: [a, b\n", 3, 1},
		{"- [a\n", 2, 1},
		{"id: P-1\nx: \"unterminated\n", 3, 1},
		{"a: 1\n b: 2\n", 2, 3},
	};
	struct arena *a = arena_new();
	struct diag d;

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		const char *s = cases[i].yaml;

		assert_int_equal(parse_fails(a, s, strlen(s), &d), PARSE_BROKEN);
		assert_int_equal(d.kind, DIAG_DATA);
		assert_string_equal(d.file, "t.yaml");
		assert_contains(d.msg, "invalid YAML");
		if (d.line != cases[i].line || d.col != cases[i].col)
			fail_msg("case %zu: at %lu:%lu, expected %lu:%lu: %s", i,
			    d.line, d.col, cases[i].line, cases[i].col, d.msg);
	}
	/* Not UTF-8. */
	assert_int_equal(parse_fails(a, "a: \xff\xfe\n", 6, &d), PARSE_BROKEN);
	assert_contains(d.msg, "invalid YAML");
	arena_free(a);
}

/*
 * After a bad document the next ones of the chunk still come out; a
 * broken stream ends it.  Positions are lines of the input.
 */
static void
test_bad_then_next(void **state)
{
	static const char s[] =
	    "id: P-1\n"			/* 1 */
	    "---\n"			/* 2 */
	    "id: P-2\n"			/* 3 */
	    "ref: *missing\n"		/* 4 */
	    "more: [1, 2]\n"		/* 5 */
	    "---\n"			/* 6 */
	    "id: P-3\n"			/* 7 */
	    "---\n"			/* 8 */
	    "id: P-4\n"			/* 9 */
	    "deep: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
	    "[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
	    "]]]]]]]]]]]]]\n"		/* 10 */
	    "---\n"			/* 11 */
	    "id: P-5\n"			/* 12 */
	    "---\n"			/* 13 */
	    "id: P-6\n"			/* 14 */
	    "bad: b: c\n"		/* 15 */
	    "---\n"			/* 16 */
	    "id: P-7\n";		/* 17 */
	struct arena *a = arena_new();
	struct chunk *cs;
	struct got g[10];
	size_t ndocs;
	size_t nc = split_string(s, strlen(s), 1 << 20, 1 << 20, &cs);

	(void)state;
	assert_int_equal(nc, 1);
	ndocs = all_docs(&limits_default, &cs[0], a, g, NELEM(g));
	assert_int_equal(ndocs, 6);
	assert_int_equal(g[0].st, PARSE_DOC);
	assert_string_equal(node_get(g[0].doc, "id")->text, "P-1");
	assert_int_equal(g[1].st, PARSE_BAD);
	assert_int_equal(g[1].d.line, 4);
	assert_int_equal(g[1].d.col, 6);
	assert_string_equal(g[1].d.id, "P-2");	/* the id read so far */
	assert_string_equal(g[1].d.file, "<test>");
	assert_int_equal(g[2].st, PARSE_DOC);
	assert_string_equal(node_get(g[2].doc, "id")->text, "P-3");
	assert_int_equal(g[2].doc->line, 7);
	assert_int_equal(g[3].st, PARSE_BAD);
	assert_contains(g[3].d.msg, "deeper");
	assert_int_equal(g[3].d.line, 10);
	assert_string_equal(g[3].d.id, "P-4");
	assert_int_equal(g[4].st, PARSE_DOC);
	assert_string_equal(node_get(g[4].doc, "id")->text, "P-5");
	assert_int_equal(g[4].doc->line, 12);
	assert_int_equal(node_get(g[4].doc, "id")->line, 12);
	assert_int_equal(g[5].st, PARSE_BROKEN);
	assert_int_equal(g[5].d.line, 15);
	assert_int_equal(g[5].d.col, 7);
	free_chunks(cs, nc);
	arena_free(a);
}

/*
 * After a bad document in text of many-byte characters, reading goes on
 * at the next document, not earlier: libyaml's marks count characters,
 * and each good document comes out once.
 */
static void
test_bad_after_non_ascii(void **state)
{
	struct buf s = {0};
	struct arena *a = arena_new();
	struct chunk *cs;
	struct got g[40];
	size_t nc, ndocs;

	(void)state;
	buf_puts(&s, "\xef\xbb\xbf");	/* a BOM, which libyaml does not count */
	for (int i = 0; i < 30; i++) {
		buf_printf(&s, "---\nid: P-%d\nname: 日本語のなまえ Gärtner-Ødegård 😀\n", i);
		if (i % 10 == 5)
			buf_puts(&s, "x: *nowhere\nmore: テキスト\n");
	}
	nc = split_string(s.p, s.len, 1 << 20, 1 << 20, &cs);
	assert_int_equal(nc, 1);
	ndocs = all_docs(&limits_default, &cs[0], a, g, NELEM(g));
	assert_int_equal(ndocs, 30);
	for (size_t i = 0; i < ndocs; i++) {
		char id[32];

		snprintf(id, sizeof(id), "P-%zu", i);
		if (i % 10 == 5) {
			assert_int_equal(g[i].st, PARSE_BAD);
			assert_string_equal(g[i].d.id, id);
		} else {
			assert_int_equal(g[i].st, PARSE_DOC);
			assert_string_equal(node_get(g[i].doc, "id")->text, id);
		}
	}
	free_chunks(cs, nc);
	buf_free(&s);
	arena_free(a);
}

/*
 * A document that libyaml ends only because it cannot go on (a BOM after
 * "---" puts "id:" in column 1, and the next key ends the mapping) is not
 * given: the stream is broken there, and the message names the record.
 * One ended by "..." is whole, whatever follows.
 */
static void
test_cut_short(void **state)
{
	static const char s[] =
	    "id: P-1\n"
	    "---\n"
	    "\xef\xbb\xbfid: P-2\n"
	    "pregnant: true\n";
	static const char t[] =
	    "id: P-1\n"
	    "...\n"
	    "garbage: [\n";
	struct arena *a = arena_new();
	struct chunk *cs;
	struct got g[4];
	size_t nc, ndocs;

	(void)state;
	nc = split_string(s, strlen(s), 1 << 20, 1 << 20, &cs);
	ndocs = all_docs(&limits_default, &cs[0], a, g, NELEM(g));
	assert_int_equal(ndocs, 2);
	assert_int_equal(g[0].st, PARSE_DOC);
	assert_string_equal(node_get(g[0].doc, "id")->text, "P-1");
	assert_int_equal(g[1].st, PARSE_BROKEN);
	assert_int_equal(g[1].d.line, 4);
	assert_string_equal(g[1].d.id, "P-2");
	free_chunks(cs, nc);

	nc = split_string(t, strlen(t), 1 << 20, 1 << 20, &cs);
	ndocs = all_docs(&limits_default, &cs[0], a, g, NELEM(g));
	assert_int_equal(ndocs, 2);
	assert_int_equal(g[0].st, PARSE_DOC);
	assert_int_equal(g[1].st, PARSE_BROKEN);
	assert_int_equal(g[1].d.line, 3);
	free_chunks(cs, nc);
	arena_free(a);
}

/*
 * An invalid byte (not UTF-8, or a control character) breaks the stream
 * at its document, but every document before it still comes out, though
 * libyaml decodes its input far ahead of what it parses.
 */
static void
test_invalid_byte(void **state)
{
	static const char *const bad[] = {"\xff", "\x01", "\xc3(", "\xed\xa0\x80",
	    "\xef\xbf\xbe", "\x7f"};
	struct arena *a = arena_new();

	(void)state;
	for (size_t b = 0; b < NELEM(bad); b++) {
		for (int at = 0; at < 3; at++) {
			struct buf s = {0};
			struct chunk *cs;
			struct got g[40];
			size_t nc, ndocs, want = at == 0 ? 0 : at == 1 ? 1 : 25;
			unsigned long line = 0;

			for (size_t i = 0; i < 30; i++) {
				buf_printf(&s, "---\nid: P-%zu\nname: Zoë %zu\n", i, i);
				if (i == want) {
					line = 3 * i + 4;
					buf_printf(&s, "note: a%sb\n", bad[b]);
				}
			}
			nc = split_string(s.p, s.len, 1 << 20, 1 << 20, &cs);
			assert_int_equal(nc, 1);
			ndocs = all_docs(&limits_default, &cs[0], a, g, NELEM(g));
			if (ndocs != want + 1)
				fail_msg("byte %zu in record %zu: %zu documents", b,
				    want, ndocs);
			for (size_t i = 0; i < want; i++)
				assert_int_equal(g[i].st, PARSE_DOC);
			assert_int_equal(g[want].st, PARSE_BROKEN);
			assert_int_equal(g[want].d.line, line);
			assert_contains(g[want].d.msg, "invalid YAML");
			free_chunks(cs, nc);
			buf_free(&s);
		}
	}
	arena_free(a);
}

/*
 * A record of n anchors named by the bits of i: with "az" and "bY" for 0
 * and 1, all the names collide under djb2 (33 * 'a' + 'z' = 33 * 'b' +
 * 'Y'); else "az" and "bb".  Then an alias to every step-th (as many as
 * the alias limit allows), the last name defined twice.  Returns the
 * seconds parse_next() took.
 */
static double
anchors_record(int n, int collide)
{
	const char *one = collide ? "bY" : "bb";
	struct buf s = {0};
	struct arena *a = arena_new();
	struct chunk_entry ent = {0, 1, 0};
	struct chunk c;
	struct got g[2];
	struct timespec t0, t1;
	const struct node *list, *e;
	char name[64];
	int bits = 0, i, step = n / 8192 > 1 ? n / 8192 : 1;

	while ((1 << bits) < n)
		bits++;
	buf_puts(&s, "id: P-1\nlist:\n");
	for (i = 0; i <= n; i++) {
		int k = i < n ? i : n - 1;	/* the last name twice */

		name[0] = '\0';
		for (int b = bits - 1; b >= 0; b--)
			strcat(name, (k >> b) & 1 ? one : "az");
		buf_printf(&s, "- &%s %d\n", name, i);
	}
	buf_puts(&s, "refs:\n");
	for (i = step - 1; i < n; i += step) {
		name[0] = '\0';
		for (int b = bits - 1; b >= 0; b--)
			strcat(name, (i >> b) & 1 ? one : "az");
		buf_printf(&s, "- *%s\n", name);
	}
	c = hand_chunk(buf_str(&s), &ent, 1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(all_docs(&limits_default, &c, a, g, 1), 1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_int_equal(g[0].st, PARSE_DOC);
	list = node_get(g[0].doc, "refs");
	assert_int_equal(list->n, (size_t)(n / step));
	for (i = step - 1, e = list->head; e != NULL; e = e->next, i += step) {
		char want[16];

		snprintf(want, sizeof(want), "%d", i < n - 1 ? i : n);
		assert_string_equal(node_resolve(e)->text, want);
	}
	buf_free(&s);
	arena_free(a);
	return (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
}

/* Anchor names an input made to collide cost no more than others. */
static void
test_anchor_collisions(void **state)
{
	double plain, colliding;

	(void)state;
	anchors_record(64, 1);	/* right, however few */
	plain = anchors_record(1 << 16, 0);
	colliding = anchors_record(1 << 16, 1);
	if (colliding > 5 * plain + 0.3)	/* a djb2 chain: seconds */
		fail_msg("colliding names: %.3f s, others %.3f s", colliding, plain);
}

/* A record over the limit, seen by the parser or marked by the splitter. */
static void
test_record_limit(void **state)
{
	struct limits lim = limits_default;
	struct chunk_entry ent[3] = {{0, 1, 0}, {8, 2, 0}, {0, 5, 0}};
	struct arena *a = arena_new();
	struct buf s = {0};
	struct got g[4];
	size_t ndocs;
	struct chunk c;

	(void)state;
	buf_puts(&s, "id: P-1\n---\nid: P-2\nnote: ");
	for (int i = 0; i < 40; i++)
		buf_puts(&s, "0123456789");
	buf_puts(&s, "\n");
	ent[2].off = s.len;
	buf_puts(&s, "---\nid: P-3\n");
	lim.record = 300;
	c = hand_chunk(buf_str(&s), ent, 3);
	ndocs = all_docs(&lim, &c, a, g, NELEM(g));
	assert_int_equal(ndocs, 3);
	assert_int_equal(g[0].st, PARSE_DOC);
	assert_int_equal(g[1].st, PARSE_BAD);
	assert_int_equal(g[1].d.kind, DIAG_DATA);
	assert_contains(g[1].d.msg, "record over");
	assert_int_equal(g[1].d.line, 4);
	assert_string_equal(g[1].d.id, "P-2");
	assert_int_equal(g[2].st, PARSE_DOC);
	assert_string_equal(node_get(g[2].doc, "id")->text, "P-3");
	buf_free(&s);

	/* The splitter dropped the document: its entry is marked. */
	ent[1].oversize = 1;
	ent[2].off = ent[1].off;
	{
		static const char t[] = "id: P-1\n---\nid: P-3\n";

		c = hand_chunk(t, ent, 3);
		ndocs = all_docs(&limits_default, &c, a, g, NELEM(g));
		assert_int_equal(ndocs, 3);
		assert_int_equal(g[0].st, PARSE_DOC);
		assert_string_equal(node_get(g[0].doc, "id")->text, "P-1");
		assert_int_equal(g[1].st, PARSE_BAD);
		assert_int_equal(g[1].d.kind, DIAG_DATA);
		assert_contains(g[1].d.msg, "record over 16 MiB");
		assert_int_equal(g[1].d.line, 2);
		assert_int_equal(g[2].st, PARSE_DOC);
		assert_string_equal(node_get(g[2].doc, "id")->text, "P-3");
	}
	arena_free(a);
}

/* JSON objects one after another: each entry is a stream of its own. */
static void
test_separate(void **state)
{
	static const char s[] =
	    "{\"id\": \"P-1\", \"n\": 1}\n"
	    "{\"id\": \"P-2\", \"ref\": *nowhere}\n"
	    "{\"id\": \"P-3\",\n \"x\": [1, 2]}\n"
	    "{\"id\": \"P-4\"}\n";
	struct arena *a = arena_new();
	struct chunk *cs;
	struct got g[6];
	size_t ndocs;
	size_t nc = split_string(s, strlen(s), 1 << 20, 1 << 20, &cs);

	(void)state;
	assert_int_equal(nc, 1);
	assert_true(cs[0].separate);
	assert_int_equal(cs[0].nent, 4);
	ndocs = all_docs(&limits_default, &cs[0], a, g, NELEM(g));
	assert_int_equal(ndocs, 4);
	assert_int_equal(g[0].st, PARSE_DOC);
	assert_string_equal(node_get(g[0].doc, "id")->text, "P-1");
	assert_int_equal(g[1].st, PARSE_BAD);
	assert_int_equal(g[1].d.line, 2);
	assert_int_equal(g[2].st, PARSE_DOC);
	assert_string_equal(node_get(g[2].doc, "id")->text, "P-3");
	assert_int_equal(node_get(g[2].doc, "x")->line, 4);
	assert_int_equal(g[3].st, PARSE_DOC);
	assert_string_equal(node_get(g[3].doc, "id")->text, "P-4");
	assert_int_equal(g[3].doc->line, 5);
	free_chunks(cs, nc);
	arena_free(a);
}

static void
test_empty(void **state)
{
	struct arena *a = arena_new();
	struct node *doc = (struct node *)1;
	struct diag d;

	(void)state;
	diag_clear(&d);
	assert_int_equal(parse_string("", 0, "t.yaml", a, &doc, &d), PARSE_END);
	assert_int_equal(parse_string("# only a comment\n", 17, "t.yaml", a, &doc,
	    &d), PARSE_END);
	/* An explicit empty document holds no record: none is given. */
	assert_int_equal(parse_string("---\n", 4, "t.yaml", a, &doc, &d), PARSE_END);
	assert_int_equal(parse_string("---\n# c\n---\n---", 15, "t.yaml", a,
	    &doc, &d), PARSE_END);
	/* A null, an empty string or a tagged one is a document. */
	assert_int_equal(parse_string("--- ~\n", 6, "t.yaml", a, &doc, &d), PARSE_DOC);
	assert_int_equal(parse_string("--- ''\n", 7, "t.yaml", a, &doc, &d), PARSE_DOC);
	assert_int_equal(parse_string("--- !!null\n", 11, "t.yaml", a, &doc, &d),
	    PARSE_DOC);
	assert_int_equal(doc->kind, NODE_SCALAR);
	assert_int_equal(doc->len, 0);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_tags),
		cmocka_unit_test(test_anchors_aliases),
		cmocka_unit_test(test_key_order),
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_node_get),
		cmocka_unit_test(test_merge_keys),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_custom_limits),
		cmocka_unit_test(test_depth_huge_limit),
		cmocka_unit_test(test_scalar_limit),
		cmocka_unit_test(test_alias_bomb),
		cmocka_unit_test(test_alias_count),
		cmocka_unit_test(test_unknown_anchor),
		cmocka_unit_test(test_anchor_scope),
		cmocka_unit_test(test_anchor_collisions),
		cmocka_unit_test(test_broken),
		cmocka_unit_test(test_bad_then_next),
		cmocka_unit_test(test_bad_after_non_ascii),
		cmocka_unit_test(test_cut_short),
		cmocka_unit_test(test_invalid_byte),
		cmocka_unit_test(test_record_limit),
		cmocka_unit_test(test_separate),
		cmocka_unit_test(test_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

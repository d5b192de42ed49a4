#include "emit.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "parse.h"
#include "value.h"
#include "ytext.h"

struct emit_writer {
	yaml_emitter_t emitter;
	struct buf *out;	/* where the document being written goes */
	int ok;
};

static int
write_buf(void *data, unsigned char *p, size_t n)
{
	struct emit_writer *w = data;

	return buf_add(w->out, p, n) == 0;
}

/*
 * Whether libyaml's emitter must quote the text: it takes characters
 * beyond U+FFFF (4-byte UTF-8) for unprintable and writes them as \U
 * escapes in double quotes.
 */
static int
has_astral(const struct node *n)
{
	const unsigned char *p = (const unsigned char *)n->text;
	size_t i = 0;

	/* Most text is ASCII: look at eight bytes at a time for any other. */
	for (; i + 8 <= n->len; i += 8) {
		uint64_t w;

		memcpy(&w, p + i, 8);
		if (w & 0x8080808080808080ULL)
			break;
	}
	for (; i < n->len; i++)
		if (p[i] >= 0xF0)
			return 1;
	return 0;
}

/*
 * A scalar or alias event; libyaml copies the strings, which stay the
 * tree's.  The node is not changed: only how it is written.
 */
static int
leaf_event(yaml_event_t *ev, const struct node *n, int flow, int key)
{
	int implicit = n->implicit, quoted_implicit = n->quoted_implicit;
	int style = n->style;

	if (n->kind == NODE_ALIAS)
		return yaml_alias_event_initialize(ev, (yaml_char_t *)n->anchor);
	/* A plain scalar libyaml must quote would get a "!" tag to stay a
	 * string; it is one anyway (it cannot be a number, a date...). */
	if (implicit && !quoted_implicit && has_astral(n))
		quoted_implicit = 1;
	/* "! 123" is the string "123", yet libyaml's parser calls it plain
	 * implicit and its emitter would drop the "!": quoted, it stays a
	 * string. */
	if (n->tag != NULL && strcmp(n->tag, "!") == 0) {
		implicit = 0;
		quoted_implicit = 1;
	}
	/* A string a tool made (style any) is written as ytext.c writes it:
	 * plain where that reads back as the same string, else in double
	 * quotes (never in libyaml's single quotes), so that a record
	 * written here and the same record spliced have the same block. */
	if (style == STYLE_ANY && n->tag == NULL)
		style = ytext_plain_ok(n->text, n->len, flow) ? STYLE_PLAIN :
		    STYLE_DOUBLE;
	/* libyaml cannot write an empty plain scalar (a null) in a flow
	 * collection or as a key: it would quote it into a string.  "~" is
	 * the same null. */
	if (n->len == 0 && style == STYLE_PLAIN && implicit && n->tag == NULL &&
	    (flow || key))
		return yaml_scalar_event_initialize(ev, (yaml_char_t *)n->anchor,
		    NULL, (yaml_char_t *)"~", 1, 1, 1, YAML_PLAIN_SCALAR_STYLE);
	return yaml_scalar_event_initialize(ev, (yaml_char_t *)n->anchor,
	    (yaml_char_t *)n->tag, (yaml_char_t *)n->text, (int)n->len,
	    implicit, quoted_implicit, (yaml_scalar_style_t)style);
}

static int
start_event(yaml_event_t *ev, const struct node *n)
{
	yaml_char_t *anchor = (yaml_char_t *)n->anchor, *tag = (yaml_char_t *)n->tag;
	int ok;

	if (n->kind == NODE_SEQUENCE)
		ok = yaml_sequence_start_event_initialize(ev, anchor, tag,
		    n->implicit, (yaml_sequence_style_t)n->style);
	else
		ok = yaml_mapping_start_event_initialize(ev, anchor, tag,
		    n->implicit, (yaml_mapping_style_t)n->style);
	return ok;
}

/* Emits n; flow says it is inside a flow collection, key that it is a key. */
static int
yaml_node(yaml_emitter_t *e, const struct node *n, int flow, int key)
{
	yaml_event_t ev;
	int ok, i = 0;

	if (n->kind == NODE_ALIAS || n->kind == NODE_SCALAR)
		return leaf_event(&ev, n, flow, key) && yaml_emitter_emit(e, &ev);
	if (!start_event(&ev, n) || !yaml_emitter_emit(e, &ev))
		return 0;
	flow = flow || n->style == CSTYLE_FLOW;
	for (const struct node *c = node_first(n); c != NULL; c = c->next, i++)
		if (!yaml_node(e, c, flow, n->kind == NODE_MAPPING && i % 2 == 0))
			return 0;
	if (n->kind == NODE_SEQUENCE)
		ok = yaml_sequence_end_event_initialize(&ev);
	else
		ok = yaml_mapping_end_event_initialize(&ev);
	return ok && yaml_emitter_emit(e, &ev);
}

struct emit_writer *
emit_writer_new(void)
{
	struct emit_writer *w = calloc(1, sizeof(*w));
	yaml_event_t ev;

	if (w == NULL)
		return NULL;
	if (!yaml_emitter_initialize(&w->emitter)) {
		free(w);
		return NULL;
	}
	yaml_emitter_set_output(&w->emitter, write_buf, w);
	yaml_emitter_set_unicode(&w->emitter, 1);
	yaml_emitter_set_width(&w->emitter, -1);
	w->ok = yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) &&
	    yaml_emitter_emit(&w->emitter, &ev);
	return w;
}

/*
 * Every document starts with "---" and ends with no "...", and the stream
 * is never ended: then libyaml writes nothing that depends on the
 * documents before (it would only for directives, which are not kept).
 */
int
emit_writer_doc(struct emit_writer *w, const struct node *doc, struct buf *out,
    struct diag *d)
{
	yaml_event_t ev;

	w->out = out;
	w->ok = w->ok &&
	    yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 0) &&
	    yaml_emitter_emit(&w->emitter, &ev) &&
	    yaml_node(&w->emitter, doc, 0, 0) &&
	    yaml_document_end_event_initialize(&ev, 1) &&
	    yaml_emitter_emit(&w->emitter, &ev);
	if (w->ok)
		return 0;
	diag_set(d, DIAG_INTERNAL, doc->line, doc->col,
	    "cannot write the record as YAML");
	return -1;
}

void
emit_writer_free(struct emit_writer *w)
{
	if (w == NULL)
		return;
	yaml_emitter_delete(&w->emitter);
	free(w);
}

int
emit_yaml(const struct node *doc, struct buf *out, struct diag *d)
{
	struct emit_writer *w = emit_writer_new();
	int r;

	if (w == NULL) {
		diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
		return -1;
	}
	r = emit_writer_doc(w, doc, out, d);
	emit_writer_free(w);
	return r;
}

/*
 * The bytes JSON strings must escape: the controls, '"' and backslash; and
 * the first bytes of NEL, LS and PS (2), which JSON allows raw but YAML
 * and older JavaScript take for line breaks: a JSON line must stay one
 * line for them, so they are written \u0085, \u2028 and \u2029.
 */
static const unsigned char json_escaped[256] = {
	[0x00] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0x10] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	['"'] = 1, ['\\'] = 1, [0xc2] = 2, [0xe2] = 2,
};

/* The length of a NEL, LS or PS at u (of n bytes), or 0. */
static size_t
line_break_at(const unsigned char *u, size_t n)
{
	if (n >= 2 && u[0] == 0xc2 && u[1] == 0x85)
		return 2;
	if (n >= 3 && u[0] == 0xe2 && u[1] == 0x80 &&
	    (u[2] == 0xa8 || u[2] == 0xa9))
		return 3;
	return 0;
}

/*
 * Whether none of the 8 bytes at p needs a look of its own: no control,
 * '"' or backslash, and none over 0x7F (which may begin a NEL, LS or PS).
 * Each test is exact for the word as a whole, which is all it is used for.
 */
static int
json_plain8(const unsigned char *p)
{
	const uint64_t lo = 0x0101010101010101ULL, hi = 0x8080808080808080ULL;
	uint64_t x, ctl, quote, bslash;

	memcpy(&x, p, 8);
	ctl = (x - 0x20 * lo) & ~x & hi;
	quote = x ^ 0x22 * lo;
	quote = (quote - lo) & ~quote & hi;
	bslash = x ^ 0x5c * lo;
	bslash = (bslash - lo) & ~bslash & hi;
	return ((x & hi) | ctl | quote | bslash) == 0;
}

int
emit_json_string(struct buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run;

	/* Room for the text and its quotes: most strings need no escape. */
	if (buf_grow(out, n + 2) == -1)
		return -1;
	out->p[out->len++] = '"';
	for (;;) {
		char esc[7] = "\\u00";
		unsigned char c;
		size_t lb = 0;

		/* Most text is plain ASCII: eight bytes at a time. */
		for (run = i; i < n; i++) {
			while (n - i >= 8 && json_plain8(u + i))
				i += 8;
			if (i == n)
				break;
			if (json_escaped[u[i]] == 1 || (json_escaped[u[i]] == 2 &&
			    (lb = line_break_at(u + i, n - i)) > 0))
				break;
		}
		if (buf_add(out, s + run, i - run) == -1)
			return -1;
		if (i == n)
			break;
		if (lb > 0) {
			if (buf_puts(out, lb == 2 ? "\\u0085" : u[i + 2] == 0xa8 ?
			    "\\u2028" : "\\u2029") == -1)
				return -1;
			i += lb;
			continue;
		}
		switch (c = u[i++]) {
		case '"': memcpy(esc, "\\\"", 3); break;
		case '\\': memcpy(esc, "\\\\", 3); break;
		case '\n': memcpy(esc, "\\n", 3); break;
		case '\t': memcpy(esc, "\\t", 3); break;
		case '\r': memcpy(esc, "\\r", 3); break;
		default:
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			esc[6] = '\0';
		}
		if (buf_puts(out, esc) == -1)
			return -1;
	}
	return buf_putc(out, '"');
}

/*
 * Writing one document as JSON, which writes aliases out in full and a
 * complex key as a string of its JSON text: both could make a small input
 * write without end (an alias bomb, keys in keys whose quotes double at
 * each level), so both are bounded in bytes.
 */
struct jw {
	struct buf *out;
	size_t cap;		/* out->len may not pass it: a key's text */
	size_t key_max;		/* the cap of a complex key's text */
	size_t *aliased;	/* bytes written through aliases so far */
	size_t alias_max;
	size_t alias_from;	/* out->len where the outer alias began, or */
#define NOT_ALIASED ((size_t)-1)	/*   this when not in one */
	const struct node *alias;	/* that alias */
	int err;		/* a JSON_OVER_... */
	const struct node *at;	/* where the error is */
};

enum { JSON_NOMEM = 1, JSON_OVER_ALIASES, JSON_OVER_KEY, JSON_TWICE };

static int json_node(struct jw *j, const struct node *n);

/* Whether what was written is still within bounds; -1 with j->err if not. */
static int
json_room(struct jw *j, const struct node *n)
{
	size_t now = j->out->len;

	if (now > j->cap) {
		j->err = JSON_OVER_KEY;
		j->at = n;
		return -1;
	}
	if (j->alias_from != NOT_ALIASED &&
	    now - j->alias_from > j->alias_max - *j->aliased) {
		j->err = JSON_OVER_ALIASES;
		j->at = j->alias != NULL ? j->alias : n;
		return -1;
	}
	return 0;
}

static int
json_put(struct jw *j, int r)
{
	if (r == -1 && j->err == 0)
		j->err = JSON_NOMEM;
	return r;
}

static int
json_key(struct jw *j, const struct node *k)
{
	struct buf tmp = {0};
	struct jw sub = *j;
	int r;

	k = node_resolve(k);
	/* A null key in any spelling is "null", as a JSON library would
	 * write it: an empty one is written "~" in YAML, and must give the
	 * same key read back. */
	if (value_is_null(k))
		return json_put(j, emit_json_string(j->out, "null", 4));
	if (k->kind == NODE_SCALAR)
		return json_put(j, emit_json_string(j->out, k->text, k->len));
	/* JSON keys are strings: a complex key is written as its JSON text,
	 * no longer than a scalar may be. */
	sub.out = &tmp;
	sub.cap = j->key_max;
	sub.err = 0;
	if (j->alias_from != NOT_ALIASED)
		sub.alias_from = 0;	/* all of it is written through one */
	r = json_node(&sub, k);
	if (r == 0 && tmp.len > sub.cap) {
		sub.err = JSON_OVER_KEY;
		sub.at = k;
		r = -1;
	}
	if (r == 0)
		r = json_put(j, emit_json_string(j->out, tmp.p, tmp.len));
	else {
		j->err = sub.err;
		j->at = sub.at;
	}
	buf_free(&tmp);
	return r;
}

/* A key of a mapping as written in JSON: at off in out, len bytes. */
struct jkey {
	size_t off, len;
	const struct node *k;
	size_t i;
	const char *base;
};

static int
by_text(const void *x, const void *y)
{
	const struct jkey *a = x, *b = y;
	int c = memcmp(a->base + a->off, b->base + b->off,
	    a->len < b->len ? a->len : b->len);

	if (c != 0)
		return c;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

/* Whether two of the n keys are the same JSON key: -1 with the later one
 * as j->at. */
static int
same_text(const struct jw *j, const struct jkey *a, const struct jkey *b)
{
	return a->len == b->len &&
	    memcmp(j->out->p + a->off, j->out->p + b->off, a->len) == 0;
}

static int
keys_twice(struct jw *j, struct jkey *keys, size_t n)
{
	const struct jkey *twice = NULL;

	if (n <= 16) {
		/* Most mappings are small: each pair, no sort. */
		for (size_t i = 1; i < n && twice == NULL; i++)
			for (size_t k = 0; k < i; k++)
				if (same_text(j, &keys[i], &keys[k])) {
					twice = &keys[i];
					break;
				}
	} else {
		for (size_t i = 0; i < n; i++)
			keys[i].base = j->out->p;
		qsort(keys, n, sizeof(*keys), by_text);
		for (size_t i = 1; i < n; i++)
			if (same_text(j, &keys[i], &keys[i - 1]) &&
			    (twice == NULL || keys[i].i < twice->i))
				twice = &keys[i];
	}
	if (twice == NULL)
		return 0;
	j->err = JSON_TWICE;
	j->at = twice->k;
	return -1;
}

/*
 * One pair, its key's place kept in keys[*nk] for keys_twice().  A pair
 * that merge key m merged in is written again, as an alias is, and
 * counts as one, key and all.
 */
static int
json_pair(struct jw *j, const struct node *c, const struct node *m,
    struct jkey *keys, size_t *nk)
{
	int outer = m != NULL && j->alias_from == NOT_ALIASED;
	size_t off;

	if (*nk > 0 && json_put(j, buf_putc(j->out, ',')) == -1)
		return -1;
	off = j->out->len;
	if (outer) {
		j->alias_from = off;
		j->alias = m;
	}
	if (json_key(j, c) == -1 || json_room(j, c) == -1)
		return -1;
	keys[*nk] = (struct jkey){off, j->out->len - off, c, *nk, NULL};
	++*nk;
	if (json_put(j, buf_putc(j->out, ':')) == -1 ||
	    json_node(j, c->next) == -1)
		return -1;
	if (outer) {
		*j->aliased += j->out->len - j->alias_from;
		j->alias_from = NOT_ALIASED;
	}
	return 0;
}

/*
 * JSON has no merge keys: a "<<" written would be read back as a key
 * like any other, and the keys it merged would be lost (a pregnancy
 * given by a merge, and the patient screened again would pass).  So a
 * mapping with merge keys is written as the mapping the tools read
 * (node_merge()), with no "<<" left: its own keys as written, in order,
 * and in the place of each "<<" the keys it merged that stay
 * (node_merge_groups()), those another key wins left out.  What was
 * merged is written again, so it counts against what aliases may write,
 * as an alias does (even when merged from where it stands, as in
 * "<<: {...}": its pairs are aliases in the mapping meant).
 */
static int
json_mapping(struct jw *j, const struct node *n)
{
	struct jkey small[16], *keys = small;
	const struct node *c, *gsmall[4], **first = gsmall;
	size_t csmall[4], *count = csmall;
	size_t nk = 0, nm = 0, g = 0, npairs = n->n / 2;
	int r = 0;

	if (n->src != NULL) {
		/* Its own keys, and at most all of those it means. */
		npairs += n->src->n / 2;
		for (c = n->src->head; c != NULL && c->next != NULL;
		    c = c->next->next)
			if (node_is_merge_key(c))
				nm++;
		if (nm > sizeof(gsmall) / sizeof(gsmall[0]) &&
		    ((first = malloc(nm * sizeof(*first))) == NULL ||
		    (count = malloc(nm * sizeof(*count))) == NULL))
			r = json_put(j, -1);
		else
			node_merge_groups(n, first, count);
	}
	if (r == 0 && npairs > sizeof(small) / sizeof(small[0]) &&
	    (keys = malloc(npairs * sizeof(*keys))) == NULL)
		r = json_put(j, -1);
	if (r == 0 && json_put(j, buf_putc(j->out, '{')) == -1)
		r = -1;
	for (c = node_first(n); r == 0 && c != NULL && c->next != NULL;
	    c = c->next->next) {
		if (n->src == NULL || !node_is_merge_key(c)) {
			r = json_pair(j, c, NULL, keys, &nk);
			continue;
		}
		for (const struct node *p = first[g]; r == 0 && count[g] > 0;
		    count[g]--, p = p->next->next)
			r = json_pair(j, p, c, keys, &nk);
		g++;
	}
	/* YAML keys 1 and "1", or null and ~, are one key in JSON: a reader
	 * would keep one value. */
	if (r == 0 && keys_twice(j, keys, nk) == -1)
		r = -1;
	if (r == 0)
		r = json_put(j, buf_putc(j->out, '}'));
	if (keys != small)
		free(keys);
	if (first != gsmall)
		free(first);
	if (count != csmall)
		free(count);
	return r;
}

static int
json_node(struct jw *j, const struct node *n)
{
	const struct node *c;
	size_t from = j->alias_from;
	int first = 1, r;

	if (n->kind == NODE_ALIAS && from == NOT_ALIASED) {
		j->alias_from = j->out->len;
		j->alias = n;
		r = json_node(j, n->target);
		*j->aliased += j->out->len - j->alias_from;
		j->alias_from = NOT_ALIASED;
		return r;
	}
	n = node_resolve(n);
	switch (n->kind) {
	case NODE_SCALAR:
		switch (value_json_type(n)) {
		case JSON_NULL: r = buf_puts(j->out, "null"); break;
		case JSON_TRUE: r = buf_puts(j->out, "true"); break;
		case JSON_FALSE: r = buf_puts(j->out, "false"); break;
		case JSON_NUMBER: r = buf_add(j->out, n->text, n->len); break;
		default: r = emit_json_string(j->out, n->text, n->len); break;
		}
		return json_put(j, r) == -1 ? -1 : json_room(j, n);
	case NODE_SEQUENCE:
		if (json_put(j, buf_putc(j->out, '[')) == -1)
			return -1;
		for (c = node_first(n); c != NULL; c = c->next, first = 0)
			if ((!first && json_put(j, buf_putc(j->out, ',')) == -1) ||
			    json_node(j, c) == -1)
				return -1;
		return json_put(j, buf_putc(j->out, ']')) == -1 ? -1 :
		    json_room(j, n);
	case NODE_MAPPING:
		return json_mapping(j, n) == -1 ? -1 : json_room(j, n);
	default:
		return json_put(j, -1);
	}
}

int
emit_json_within(const struct node *doc, const struct limits *lim,
    struct buf *out, struct diag *d)
{
	size_t mark = out->len, aliased = 0;
	struct jw j = {out, (size_t)-1, lim->scalar, &aliased, lim->record,
	    NOT_ALIASED, NULL, 0, NULL};
	char size[32];

	if (json_node(&j, doc) == 0 && json_put(&j, buf_putc(out, '\n')) == 0)
		return 0;
	out->len = mark;
	switch (j.err) {
	case JSON_OVER_ALIASES:
		diag_set(d, DIAG_DATA, j.at->line, j.at->col, "aliases written out "
		    "in full make the record over %s of JSON",
		    limit_text(lim->record, size));
		break;
	case JSON_OVER_KEY:
		diag_set(d, DIAG_DATA, j.at->line, j.at->col, "a key as JSON text "
		    "is over %s", limit_text(lim->scalar, size));
		break;
	case JSON_TWICE:
		diag_set(d, DIAG_DATA, j.at->line, j.at->col, "two keys of a "
		    "mapping are one key in JSON (as 1 and \"1\" are)");
		break;
	default:
		diag_set(d, DIAG_INTERNAL, doc->line, doc->col, "out of memory");
		break;
	}
	return -1;
}

int
emit_json(const struct node *doc, struct buf *out, struct diag *d)
{
	return emit_json_within(doc, &limits_default, out, d);
}

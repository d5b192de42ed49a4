#include "emit.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "value.h"

struct yaml_writer {
	yaml_emitter_t emitter;
	struct buf *out;	/* where the document being written goes */
	int ok;
};

static int
write_buf(void *data, unsigned char *p, size_t n)
{
	struct yaml_writer *w = data;

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
 * A scalar or alias event.  Strings the node owns are handed to libyaml,
 * which frees them once written; others are copied by libyaml.
 */
static int
leaf_event(yaml_event_t *ev, struct node *n, int flow_or_key)
{
	/* A plain scalar libyaml must quote would get a "!" tag to stay a
	 * string; it is one anyway (it cannot be a number, a date...). */
	if (n->kind == NODE_SCALAR && n->implicit && !n->quoted_implicit &&
	    has_astral(n))
		n->quoted_implicit = 1;
	/* "! 123" is the string "123", yet libyaml's parser calls it plain
	 * implicit and its emitter would drop the "!": quoted, it stays a
	 * string. */
	if (n->kind == NODE_SCALAR && n->tag != NULL && strcmp(n->tag, "!") == 0) {
		n->implicit = 0;
		n->quoted_implicit = 1;
	}
	/* libyaml cannot write an empty plain scalar (a null) in a flow
	 * collection or as a key: it would quote it into a string.  "~" is
	 * the same null. */
	if (n->kind == NODE_SCALAR && n->len == 0 && n->style == STYLE_PLAIN &&
	    n->implicit && n->tag == NULL && flow_or_key) {
		int ok = yaml_scalar_event_initialize(ev, (yaml_char_t *)n->anchor,
		    NULL, (yaml_char_t *)"~", 1, 1, 1, YAML_PLAIN_SCALAR_STYLE);

		node_release_one(n);
		return ok;
	}
	if (!n->owned) {
		if (n->kind == NODE_ALIAS)
			return yaml_alias_event_initialize(ev,
			    (yaml_char_t *)n->anchor);
		return yaml_scalar_event_initialize(ev, (yaml_char_t *)n->anchor,
		    (yaml_char_t *)n->tag, (yaml_char_t *)n->text, (int)n->len,
		    n->implicit, n->quoted_implicit, (yaml_scalar_style_t)n->style);
	}
	/* Field by field: a memset(3) of the event compiles to a slow
	 * "rep stos".  libyaml reads nothing else of a scalar or alias. */
	ev->start_mark = ev->end_mark = (yaml_mark_t){0, 0, 0};
	if (n->kind == NODE_ALIAS) {
		ev->type = YAML_ALIAS_EVENT;
		ev->data.alias.anchor = (yaml_char_t *)n->anchor;
	} else {
		ev->type = YAML_SCALAR_EVENT;
		ev->data.scalar.anchor = (yaml_char_t *)n->anchor;
		ev->data.scalar.tag = (yaml_char_t *)n->tag;
		ev->data.scalar.value = (yaml_char_t *)n->text;
		ev->data.scalar.length = n->len;
		ev->data.scalar.plain_implicit = n->implicit;
		ev->data.scalar.quoted_implicit = n->quoted_implicit;
		ev->data.scalar.style = (yaml_scalar_style_t)n->style;
	}
	n->text = NULL;
	n->tag = n->anchor = NULL;
	n->owned = 0;
	return 1;
}

static int
start_event(yaml_event_t *ev, struct node *n)
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
yaml_node(yaml_emitter_t *e, struct node *n, int flow, int key)
{
	yaml_event_t ev;
	int ok, i = 0;

	if (n->kind == NODE_ALIAS || n->kind == NODE_SCALAR)
		return leaf_event(&ev, n, flow || key) && yaml_emitter_emit(e, &ev);
	if (!start_event(&ev, n) || !yaml_emitter_emit(e, &ev))
		return 0;
	flow = flow || n->style == CSTYLE_FLOW;
	for (struct node *c = node_first(n); c != NULL; c = c->next, i++)
		if (!yaml_node(e, c, flow, n->kind == NODE_MAPPING && i % 2 == 0))
			return 0;
	if (n->kind == NODE_SEQUENCE)
		ok = yaml_sequence_end_event_initialize(&ev);
	else
		ok = yaml_mapping_end_event_initialize(&ev);
	/* The collection's own strings were copied: free them now. */
	node_release_one(n);
	return ok && yaml_emitter_emit(e, &ev);
}

struct yaml_writer *
yaml_writer_new(void)
{
	struct yaml_writer *w = calloc(1, sizeof(*w));
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
yaml_writer_doc(struct yaml_writer *w, struct node *doc, struct buf *out,
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
yaml_writer_free(struct yaml_writer *w)
{
	if (w == NULL)
		return;
	yaml_emitter_delete(&w->emitter);
	free(w);
}

int
emit_yaml(struct node *doc, struct buf *out, struct diag *d)
{
	struct yaml_writer *w = yaml_writer_new();
	int r;

	if (w == NULL) {
		diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
		return -1;
	}
	r = yaml_writer_doc(w, doc, out, d);
	yaml_writer_free(w);
	return r;
}

/* The bytes JSON strings must escape: the controls, '"' and backslash. */
static const unsigned char json_escaped[256] = {
	[0x00] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0x10] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	['"'] = 1, ['\\'] = 1,
};

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

		for (run = i; i < n && !json_escaped[u[i]]; i++)
			;
		if (buf_add(out, s + run, i - run) == -1)
			return -1;
		if (i == n)
			break;
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

static int json_node(struct buf *out, const struct node *n);

static int
json_key(struct buf *out, const struct node *k)
{
	struct buf tmp = {0};
	int r;

	k = node_resolve(k);
	/* A null key in any spelling is "null", as a JSON library would
	 * write it: an empty one is written "~" in YAML, and must give the
	 * same key read back. */
	if (value_is_null(k))
		return emit_json_string(out, "null", 4);
	if (k->kind == NODE_SCALAR)
		return emit_json_string(out, k->text, k->len);
	/* JSON keys are strings: a complex key is written as its JSON text. */
	r = json_node(&tmp, k);
	if (r == 0)
		r = emit_json_string(out, tmp.p, tmp.len);
	buf_free(&tmp);
	return r;
}

static int
json_node(struct buf *out, const struct node *n)
{
	const struct node *c;
	int first = 1;

	n = node_resolve(n);
	switch (n->kind) {
	case NODE_SCALAR:
		switch (value_json_type(n)) {
		case JSON_NULL: return buf_puts(out, "null");
		case JSON_TRUE: return buf_puts(out, "true");
		case JSON_FALSE: return buf_puts(out, "false");
		case JSON_NUMBER: return buf_add(out, n->text, n->len);
		default: return emit_json_string(out, n->text, n->len);
		}
	case NODE_SEQUENCE:
		if (buf_putc(out, '[') == -1)
			return -1;
		for (c = node_first(n); c != NULL; c = c->next, first = 0)
			if ((!first && buf_putc(out, ',') == -1) ||
			    json_node(out, c) == -1)
				return -1;
		return buf_putc(out, ']');
	case NODE_MAPPING:
		if (buf_putc(out, '{') == -1)
			return -1;
		for (c = node_first(n); c != NULL && c->next != NULL;
		    c = c->next->next, first = 0)
			if ((!first && buf_putc(out, ',') == -1) ||
			    json_key(out, c) == -1 || buf_putc(out, ':') == -1 ||
			    json_node(out, c->next) == -1)
				return -1;
		return buf_putc(out, '}');
	default:
		return -1;
	}
}

int
emit_json(const struct node *doc, struct buf *out, struct diag *d)
{
	if (json_node(out, doc) == -1 || buf_putc(out, '\n') == -1) {
		diag_set(d, DIAG_INTERNAL, doc->line, doc->col, "out of memory");
		return -1;
	}
	return 0;
}

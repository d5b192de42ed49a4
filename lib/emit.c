#include "emit.h"

#include <string.h>
#include <yaml.h>

#include "value.h"

static int
write_buf(void *data, unsigned char *p, size_t n)
{
	return buf_add(data, p, n) == 0;
}

static int
yaml_node(yaml_emitter_t *e, const struct node *n)
{
	yaml_char_t *anchor = (yaml_char_t *)n->anchor;
	yaml_char_t *tag = (yaml_char_t *)n->tag;
	yaml_event_t ev;
	int ok;

	switch (n->kind) {
	case NODE_ALIAS:
		ok = yaml_alias_event_initialize(&ev, anchor);
		return ok && yaml_emitter_emit(e, &ev);
	case NODE_SCALAR:
		ok = yaml_scalar_event_initialize(&ev, anchor, tag,
		    (yaml_char_t *)n->text, (int)n->len, n->implicit,
		    n->quoted_implicit, (yaml_scalar_style_t)n->style);
		return ok && yaml_emitter_emit(e, &ev);
	case NODE_SEQUENCE:
		ok = yaml_sequence_start_event_initialize(&ev, anchor, tag,
		    n->implicit, (yaml_sequence_style_t)n->style);
		break;
	case NODE_MAPPING:
		ok = yaml_mapping_start_event_initialize(&ev, anchor, tag,
		    n->implicit, (yaml_mapping_style_t)n->style);
		break;
	default:
		return 0;
	}
	if (!ok || !yaml_emitter_emit(e, &ev))
		return 0;
	for (const struct node *c = n->head; c != NULL; c = c->next)
		if (!yaml_node(e, c))
			return 0;
	if (n->kind == NODE_SEQUENCE)
		ok = yaml_sequence_end_event_initialize(&ev);
	else
		ok = yaml_mapping_end_event_initialize(&ev);
	return ok && yaml_emitter_emit(e, &ev);
}

int
emit_yaml(const struct node *doc, struct buf *out, struct diag *d)
{
	yaml_emitter_t e;
	yaml_event_t ev;
	int ok;

	if (!yaml_emitter_initialize(&e))
		goto fail;
	yaml_emitter_set_output(&e, write_buf, out);
	yaml_emitter_set_unicode(&e, 1);
	yaml_emitter_set_width(&e, -1);
	ok = yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) &&
	    yaml_emitter_emit(&e, &ev) &&
	    yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 0) &&
	    yaml_emitter_emit(&e, &ev) &&
	    yaml_node(&e, doc) &&
	    yaml_document_end_event_initialize(&ev, 1) &&
	    yaml_emitter_emit(&e, &ev) &&
	    yaml_stream_end_event_initialize(&ev) &&
	    yaml_emitter_emit(&e, &ev);
	yaml_emitter_delete(&e);
	if (ok)
		return 0;
fail:
	diag_set(d, DIAG_INTERNAL, doc->line, doc->col,
	    "cannot write the record as YAML");
	return -1;
}

int
emit_json_string(struct buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run = 0;

	if (buf_putc(out, '"') == -1)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[7] = "\\u00";

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		if (buf_add(out, s + run, i - run) == -1)
			return -1;
		run = i + 1;
		switch (c) {
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
	if (buf_add(out, s + run, n - run) == -1)
		return -1;
	return buf_putc(out, '"');
}

static int json_node(struct buf *out, const struct node *n);

static int
json_key(struct buf *out, const struct node *k)
{
	struct buf tmp = {0};
	int r;

	k = node_resolve(k);
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
		for (c = n->head; c != NULL; c = c->next, first = 0)
			if ((!first && buf_putc(out, ',') == -1) ||
			    json_node(out, c) == -1)
				return -1;
		return buf_putc(out, ']');
	case NODE_MAPPING:
		if (buf_putc(out, '{') == -1)
			return -1;
		for (c = n->head; c != NULL && c->next != NULL;
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

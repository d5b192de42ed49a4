#include "parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "value.h"

const struct limits limits_default = {
	.depth = 64,
	.scalar = 1024 * 1024,
	.aliases = 10000,
	.record = 16 * 1024 * 1024,
};

/*
 * Anchors of the document being read, in a balanced (AVL) tree by name
 * carved from the record's arena.  No hash: names that an input chose to
 * collide cannot make a look-up slow.
 */
struct anchor {
	struct node *node;	/* the last node defined with the name */
	struct anchor *kid[2];
	int height;
};

#define MAX_DEPTH_HARD 256

struct parse {
	struct limits lim;
	const struct chunk *c;
	size_t next;		/* entry where the next run starts */
	size_t run_first;	/* entries of the parser's run: [first, end) */
	size_t run_end;
	int active;		/* the parser is live */
	int broken;
	size_t valid_from;	/* the chunk's bytes from valid_from to */
	size_t invalid;		/*   invalid are what libyaml reads, */
	size_t ascii_end;	/*   and to ascii_end all are ASCII */
	size_t base_off;	/* chunk offset of the parser's input */
	unsigned long base_line;
	struct charpos pos;	/* byte offsets of its marks */
	yaml_parser_t parser;
	yaml_event_t ahead;	/* the event after a document that ended */
	int has_ahead;
	int ahead_broken;	/* reading it failed: the stream ends next */

	/* The document being built. */
	struct node *stack[MAX_DEPTH_HARD];
	unsigned depth;
	struct node *root;
	size_t expansions;
	size_t doc_start;	/* input index of its first event */
	size_t doc_start_off;	/* its byte offset, once needed */
	int doc_start_known;
	size_t arena_base;	/* what the arena held before it */
	struct anchor *anchors;

	/* Where its parts are, as parse_source() gives them. */
	struct source src;
	int src_ok;		/* it is alone in its entry of the chunk */
	size_t last_entry;	/* the entry of the document before, + 1 */
	size_t prev_end;	/* where the content of the one before ends */
	struct src_pair *pairs;	/* kept from document to document */
	size_t npairs, cappairs;
	size_t leaf_end;	/* input index past the last content read */
};

struct parse *
parse_new(const struct limits *lim)
{
	struct parse *p = calloc(1, sizeof(*p));

	if (p == NULL)
		return NULL;
	p->lim = *lim;
	if (p->lim.depth >= MAX_DEPTH_HARD)
		p->lim.depth = MAX_DEPTH_HARD - 1;
	return p;
}

static void
stop_parser(struct parse *p)
{
	if (p->has_ahead)
		yaml_event_delete(&p->ahead);
	p->has_ahead = 0;
	p->ahead_broken = 0;
	if (p->active)
		yaml_parser_delete(&p->parser);
	p->active = 0;
}

/* Forgets the unfinished document: its nodes are the arena's. */
static void
drop_document(struct parse *p)
{
	p->depth = 0;
	p->root = NULL;
}

void
parse_free(struct parse *p)
{
	if (p == NULL)
		return;
	stop_parser(p);
	free(p->pairs);
	free(p);
}

void
parse_start(struct parse *p, const struct chunk *c)
{
	stop_parser(p);
	p->c = c;
	p->next = 0;
	p->broken = 0;
	p->valid_from = 1;	/* nothing checked yet */
	p->invalid = 0;
	p->last_entry = 0;
	p->prev_end = 0;
}

/*
 * The offset of the first byte from off on that libyaml's reader would
 * fail at, or the chunk's length.  What was checked is remembered: one
 * pass over the chunk in all.
 */
static size_t
first_invalid(struct parse *p, size_t off)
{
	const struct chunk *c = p->c;

	if (off < p->valid_from || off > p->invalid) {
		size_t ascii;

		p->valid_from = off;
		p->invalid = off + split_valid(c->data + off, c->len - off, &ascii);
		p->ascii_end = off + ascii;
	}
	return p->invalid;
}

/* 1-based line and column of a chunk offset, counted in the chunk. */
static void
locate(const struct parse *p, size_t off, unsigned long *line, unsigned long *col)
{
	const struct chunk *c = p->c;
	size_t i, e = 0, bol;

	while (e + 1 < c->nent && c->ent[e + 1].off <= off)
		e++;
	*line = c->ent[e].line;
	bol = c->ent[e].off;
	for (i = bol; i < off && i < c->len; i++) {
		int n = split_break(c->data + i, c->len - i, 1);

		if (n > 0) {	/* the breaks libyaml counts, as the splitter */
			++*line;
			i += (size_t)n - 1;
			bol = i + 1;
		}
	}
	*col = off - bol + 1;
}

static void
mark_pos(const struct parse *p, yaml_mark_t m, unsigned long *line,
    unsigned long *col)
{
	*line = p->base_line + m.line;
	*col = m.column + 1;
}

/* The record's id, when the part already read has a well-formed one. */
static void
partial_id(const struct parse *p, struct diag *d)
{
	const struct node *id = node_get(p->root, "id");

	if (id != NULL && id->kind == NODE_SCALAR && value_id_ok(id->text, id->len))
		memcpy(d->id, id->text, id->len + 1);
}

/* An oversize record's id: the bytes split kept of it, if any (split.h). */
static void
held_id(const struct chunk *c, size_t e, struct diag *d)
{
	size_t from = c->ent[e].off;
	size_t n = (e + 1 < c->nent ? c->ent[e + 1].off : c->len) - from;

	if (value_id_ok(c->data + from, n)) {
		memcpy(d->id, c->data + from, n);
		d->id[n] = '\0';
	}
}

/* Out of memory: the chunk is given up. */
static enum parse_status
out_of_memory(struct parse *p, struct diag *d)
{
	drop_document(p);
	stop_parser(p);
	p->broken = 1;
	diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
	return PARSE_FAIL;
}

/*
 * A bad document: go on at the first entry after input index idx (a
 * character index: where it is in bytes depends on the text before).
 */
static enum parse_status
bad_doc(struct parse *p, size_t idx, struct diag *d)
{
	size_t off = p->base_off + charpos_offset(&p->pos, idx);
	size_t i = p->run_first + 1;

	partial_id(p, d);
	drop_document(p);
	stop_parser(p);
	while (i < p->run_end && p->c->ent[i].off <= off)
		i++;
	p->next = i;
	return PARSE_BAD;
}

static enum parse_status bad_at(struct parse *p, yaml_mark_t m, struct diag *d,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static enum parse_status
bad_at(struct parse *p, yaml_mark_t m, struct diag *d, const char *fmt, ...)
{
	unsigned long line, col;
	va_list ap;

	mark_pos(p, m, &line, &col);
	diag_set(d, DIAG_DATA, line, col, "%s", "");
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
	return bad_doc(p, m.index, d);
}

const char *
limit_text(size_t n, char *out)
{
	if (n % (1024 * 1024) == 0)
		snprintf(out, 32, "%zu MiB", n / (1024 * 1024));
	else
		snprintf(out, 32, "%zu bytes", n);
	return out;
}

/*
 * The id of a record libyaml could not read to it, from its bytes: a line
 * "id: X" at column 0 before off, X well-formed, or a JSON object's first
 * key "id".  Only where an id was not read: it locates the record.
 */
static size_t byte_of(struct parse *p, size_t idx);

/* The id at s[k..n) after "id", when ": X" follows with X well-formed. */
static void
id_after(const char *s, size_t k, size_t n, int json, struct diag *d)
{
	size_t len = 0;

	while (k < n && s[k] == ' ')
		k++;
	if (k >= n || s[k++] != ':')
		return;
	while (k < n && s[k] == ' ')
		k++;
	if (json && (k >= n || s[k++] != '"'))
		return;
	while (k + len < n && strchr(" \t\r\n#,\"}", s[k + len]) == NULL)
		len++;
	if (len > 0 && len < sizeof(d->id) && value_id_ok(s + k, len)) {
		memcpy(d->id, s + k, len);
		d->id[len] = '\0';
	}
}

/*
 * The id of a record libyaml could not read to it, from its bytes before
 * off: a line "id: X" at column 0, or (JSON) the object's first key "id".
 * Only where no id was read: it locates the record.
 */
static void
raw_id(const struct parse *p, size_t off, struct diag *d)
{
	const struct chunk *c = p->c;
	size_t e = p->run_first, from, n, k;
	const char *s;

	while (e + 1 < p->run_end && c->ent[e + 1].off <= off)
		e++;
	from = c->ent[e].off;
	if (d->id[0] != '\0' || off > c->len || off <= from)
		return;
	s = c->data + from;
	n = off - from;
	if (c->separate) {
		for (k = 0; k < n && strchr(" \t\r\n", s[k]) != NULL && s[k]; k++)
			;
		if (k < n && s[k] == '{')
			k++;
		while (k < n && strchr(" \t\r\n", s[k]) != NULL && s[k])
			k++;
		if (k + 4 <= n && memcmp(s + k, "\"id\"", 4) == 0)
			id_after(s, k + 4, n, 1, d);
		return;
	}
	for (k = 0; k + 3 <= n; k++) {
		if (k > 0 && s[k - 1] != '\n')
			continue;
		if (memcmp(s + k, "...", 3) == 0) {
			d->id[0] = '\0';	/* the record ended: not its error */
			return;
		}
		if (d->id[0] == '\0' && memcmp(s + k, "id", 2) == 0 &&
		    (s[k + 2] == ':' || s[k + 2] == ' '))
			id_after(s, k + 2, n, 0, d);
	}
}

static enum parse_status
broken(struct parse *p, struct diag *d)
{
	yaml_parser_t *y = &p->parser;
	unsigned long line, col;
	size_t off;

	if (y->error == YAML_MEMORY_ERROR) {
		drop_document(p);
		diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
		stop_parser(p);
		p->broken = 1;
		return PARSE_FAIL;
	}
	if (y->error == YAML_READER_ERROR) {
		off = p->base_off + y->problem_offset;
		locate(p, off, &line, &col);
	} else {
		off = byte_of(p, y->problem_mark.index);
		mark_pos(p, y->problem_mark, &line, &col);
	}
	/* Inside a document (not between two, where root is the last one
	 * given, its arena reset since): its id, when read already. */
	if (p->depth > 0)
		partial_id(p, d);
	/* libyaml decodes ahead: a bad byte fails before the id is read. */
	raw_id(p, off, d);
	drop_document(p);
	if (y->context != NULL)
		diag_set(d, DIAG_DATA, line, col, "invalid YAML: %s %s",
		    y->problem ? y->problem : "error", y->context);
	else
		diag_set(d, DIAG_DATA, line, col, "invalid YAML: %s",
		    y->problem ? y->problem : "error");
	stop_parser(p);
	/* JSON objects one after another are each a stream of their own: a
	 * broken one is a bad record, and the next starts afresh. */
	if (p->c->separate) {
		p->next = p->run_end;
		return PARSE_BAD;
	}
	p->broken = 1;
	return PARSE_BROKEN;
}

/* Starts the parser on the run of entries from p->next; 0, or 1 at an oversize one. */
static int
start_run(struct parse *p)
{
	const struct chunk *c = p->c;
	size_t i = p->next, end, len;

	if (c->ent[i].oversize) {
		p->next++;
		return 1;
	}
	/* libyaml sees the documents of a YAML stream itself; JSON objects
	 * one after another are not one stream, so each is parsed apart. */
	for (end = i + 1; end < c->nent && !c->ent[end].oversize &&
	    !c->separate; end++)
		;
	/*
	 * libyaml decodes its input well ahead of what it parses, and fails
	 * at an invalid byte (a bad UTF-8 octet, a control character) before
	 * it gives the documents before it.  A run holds one only in its
	 * first document, where it is an error of that document.
	 */
	{
		size_t bad = first_invalid(p, c->ent[i].off), e = i + 1;

		while (e < end && c->ent[e].off <= bad)
			e++;
		if (bad < (end < c->nent ? c->ent[end].off : c->len) && e - 1 > i)
			end = e - 1;	/* the entry that holds it starts a run */
	}
	p->base_off = c->ent[i].off;
	p->base_line = c->ent[i].line;
	yaml_parser_initialize(&p->parser);
	len = (end < c->nent ? c->ent[end].off : c->len) - p->base_off;
	yaml_parser_set_input_string(&p->parser,
	    (const unsigned char *)c->data + p->base_off, len);
	/* In ASCII a character is a byte: libyaml's marks need no counting. */
	charpos_init(&p->pos, c->data + p->base_off, len,
	    p->valid_from <= p->base_off && p->ascii_end >= p->base_off + len);
	p->active = 1;
	p->run_first = i;
	p->run_end = end;
	p->next = end;
	return 0;
}

/* A string of an event, copied into the record's arena: its one owner. */
static int
copy_string(struct arena *a, const yaml_char_t *from, char **to)
{
	if (from == NULL)
		return 0;
	return (*to = arena_strdup(a, (const char *)from)) == NULL ? -1 : 0;
}

static struct node *
new_node(struct parse *p, struct arena *a, enum node_kind kind,
    const yaml_char_t *tag, const yaml_char_t *anchor, yaml_mark_t m)
{
	struct node *n = arena_alloc(a, sizeof(*n));

	if (n == NULL)
		return NULL;
	/* Every field set one by one: zeroing the node first compiles to
	 * "rep stos", slow to start for a hundred bytes, and this runs for
	 * every event.  A field added to struct node must be set here. */
	n->kind = kind;
	n->style = n->implicit = n->quoted_implicit = 0;
	n->tag = n->anchor = n->text = NULL;
	n->line = (unsigned)(p->base_line + m.line);
	n->col = (unsigned)(m.column + 1);
	n->len = n->n = 0;
	n->head = n->tail = n->next = n->target = n->moved = NULL;
	n->weight = 1;
	n->replaced = 0;
	if (copy_string(a, tag, &n->tag) == -1 ||
	    copy_string(a, anchor, &n->anchor) == -1)
		return NULL;
	return n;
}

static int
height(const struct anchor *t)
{
	return t != NULL ? t->height : 0;
}

static void
set_height(struct anchor *t)
{
	int l = height(t->kid[0]), r = height(t->kid[1]);

	t->height = 1 + (l > r ? l : r);
}

/* Turns t so that its kid on side up takes its place. */
static struct anchor *
rotate(struct anchor *t, int up)
{
	struct anchor *k = t->kid[up];

	t->kid[up] = k->kid[!up];
	k->kid[!up] = t;
	set_height(t);
	set_height(k);
	return k;
}

static struct anchor *
balance(struct anchor *t)
{
	int diff = height(t->kid[1]) - height(t->kid[0]);

	set_height(t);
	if (diff > 1 || diff < -1) {
		int up = diff > 0;
		struct anchor *k = t->kid[up];

		if (height(k->kid[!up]) > height(k->kid[up]))
			t->kid[up] = rotate(k, !up);
		t = rotate(t, up);
	}
	return t;
}

/* Inserts n into t; a name defined again takes the newer node. */
static struct anchor *
anchor_insert(struct anchor *t, struct anchor *n)
{
	int c;

	if (t == NULL)
		return n;
	if ((c = strcmp(n->node->anchor, t->node->anchor)) == 0) {
		t->node = n->node;
		return t;
	}
	t->kid[c > 0] = anchor_insert(t->kid[c > 0], n);
	return balance(t);
}

/* Registers a finished anchored node; -1 when memory runs out. */
static int
add_anchor(struct parse *p, struct arena *a, struct node *n)
{
	struct anchor *an = arena_alloc(a, sizeof(*an));

	if (an == NULL)
		return -1;
	an->node = n;
	an->kid[0] = an->kid[1] = NULL;
	an->height = 1;
	p->anchors = anchor_insert(p->anchors, an);
	return 0;
}

static struct node *
find_anchor(struct parse *p, const char *name)
{
	const struct anchor *t = p->anchors;

	while (t != NULL) {
		int c = strcmp(name, t->node->anchor);

		if (c == 0)
			return t->node;
		t = t->kid[c > 0];
	}
	return NULL;
}

/* A node is complete: add it to its parent and register its anchor. */
static int
finish(struct parse *p, struct arena *a, struct node *n)
{
	if (p->depth > 0) {
		struct node *parent = p->stack[p->depth - 1];

		node_append(parent, n);
		parent->weight += n->weight;
	}
	if (n->kind != NODE_ALIAS && n->anchor != NULL)
		return add_anchor(p, a, n);
	return 0;
}

static void
begin_document(struct parse *p, const struct arena *a, size_t idx)
{
	p->arena_base = arena_used(a);
	p->depth = 0;
	p->root = NULL;
	p->expansions = 0;
	p->doc_start = idx;
	p->doc_start_known = 0;
	p->anchors = NULL;
}

/*
 * Whether the document is over the record limit at input index idx.  A
 * character is one to four bytes: bytes are counted only once the
 * characters could be too many.
 */
static int
over_record(struct parse *p, size_t idx)
{
	size_t end;

	if (idx - p->doc_start <= p->lim.record / 4)
		return 0;
	if (!p->doc_start_known) {
		p->doc_start_off = charpos_offset(&p->pos, p->doc_start);
		p->doc_start_known = 1;
	}
	end = charpos_offset(&p->pos, idx);
	return end - p->doc_start_off > p->lim.record;
}

/* The chunk offset of input index idx of the parser's run. */
static size_t
byte_of(struct parse *p, size_t idx)
{
	return p->base_off + charpos_offset(&p->pos, idx);
}

/* A document starts at input index idx: its bytes are its entry's. */
static void
source_begin(struct parse *p, size_t idx, int explicit_start)
{
	const struct chunk *c = p->c;
	size_t off = byte_of(p, idx), e = p->run_first;

	/* On from the entry of the document before: one pass over them. */
	if (p->last_entry > e + 1 && c->ent[p->last_entry - 1].off <= off)
		e = p->last_entry - 1;
	while (e + 1 < p->run_end && c->ent[e + 1].off <= off)
		e++;
	/* Two documents in one entry cannot both have its bytes. */
	p->src_ok = e + 1 > p->last_entry && c->ent[e].off >= p->prev_end;
	p->last_entry = e + 1;
	p->src.text = c->data;
	p->src.begin = c->ent[e].off;
	p->src.end = e + 1 < c->nent ? c->ent[e + 1].off : c->len;
	p->src.explicit_start = explicit_start;
	p->src.block = 0;
	p->src.keys_ok = 1;
	p->src.transcoded = c->transcoded;
	p->src.odd_breaks = c->odd_breaks;
	p->npairs = 0;
	p->leaf_end = idx;
}

/* The pair before ends at the last content read. */
static void
close_pair(struct parse *p)
{
	if (p->npairs > 0 && p->pairs[p->npairs - 1].end == 0)
		p->pairs[p->npairs - 1].end = byte_of(p, p->leaf_end);
}

/*
 * Notes where the record's top-level pairs are, from the event about to
 * be read into the tree: a key of the root mapping starts a pair, and
 * the end of each scalar, alias and flow collection is content.  The
 * marks are turned into bytes only at a pair's ends, in order.
 */
static int
track(struct parse *p, const yaml_event_t *ev)
{
	int leaf = ev->type == YAML_SCALAR_EVENT || ev->type == YAML_ALIAS_EVENT;
	int open = ev->type == YAML_SEQUENCE_START_EVENT ||
	    ev->type == YAML_MAPPING_START_EVENT;

	if (p->depth == 0 && ev->type == YAML_MAPPING_START_EVENT)
		p->src.block = ev->data.mapping_start.style ==
		    YAML_BLOCK_MAPPING_STYLE;
	if (p->depth == 1 && p->stack[0]->kind == NODE_MAPPING &&
	    (leaf || open) && p->stack[0]->n % 2 == 0) {
		/* A key of the record. */
		close_pair(p);
		if (p->npairs == p->cappairs) {
			size_t cap = p->cappairs ? p->cappairs * 2 : 32;
			struct src_pair *v = realloc(p->pairs, cap * sizeof(*v));

			if (v == NULL)
				return -1;
			p->pairs = v;
			p->cappairs = cap;
		}
		p->pairs[p->npairs].key = byte_of(p, ev->start_mark.index);
		p->pairs[p->npairs].end = 0;
		p->npairs++;
		if (ev->type != YAML_SCALAR_EVENT || ev->start_mark.column != 0)
			p->src.keys_ok = 0;
	}
	if (leaf || ((ev->type == YAML_SEQUENCE_END_EVENT ||
	    ev->type == YAML_MAPPING_END_EVENT) && p->depth > 0 &&
	    p->stack[p->depth - 1]->style == CSTYLE_FLOW))
		p->leaf_end = ev->end_mark.index;
	return 0;
}

int
parse_source(const struct parse *p, struct source *out)
{
	*out = p->src;
	out->pairs = p->pairs;
	out->npairs = p->npairs;
	return p->src_ok ? 0 : -1;
}

/* Builds the tree of one event; PARSE_DOC to go on. */
static enum parse_status
on_event(struct parse *p, struct arena *a, yaml_event_t *ev, struct diag *d)
{
	char size[32];
	struct node *n = NULL;
	const struct node *bad;
	unsigned long line, col;
	enum parse_status st;
	yaml_mark_t end;

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		if (ev->data.scalar.length > p->lim.scalar)
			return bad_at(p, ev->start_mark, d, "scalar over %s",
			    limit_text(p->lim.scalar, size));
		n = new_node(p, a, NODE_SCALAR, ev->data.scalar.tag,
		    ev->data.scalar.anchor, ev->start_mark);
		if (n == NULL)
			break;
		n->text = arena_strndup(a, (char *)ev->data.scalar.value,
		    ev->data.scalar.length);
		if (n->text == NULL)
			break;
		n->len = ev->data.scalar.length;
		n->style = (unsigned char)ev->data.scalar.style;
		n->implicit = (unsigned char)ev->data.scalar.plain_implicit;
		n->quoted_implicit = (unsigned char)ev->data.scalar.quoted_implicit;
		goto complete;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (p->depth >= p->lim.depth)
			return bad_at(p, ev->start_mark, d,
			    "nested deeper than %u levels", p->lim.depth);
		if (ev->type == YAML_SEQUENCE_START_EVENT) {
			n = new_node(p, a, NODE_SEQUENCE, ev->data.sequence_start.tag,
			    ev->data.sequence_start.anchor, ev->start_mark);
			if (n == NULL)
				break;
			n->style = (unsigned char)ev->data.sequence_start.style;
			n->implicit = (unsigned char)ev->data.sequence_start.implicit;
		} else {
			n = new_node(p, a, NODE_MAPPING, ev->data.mapping_start.tag,
			    ev->data.mapping_start.anchor, ev->start_mark);
			if (n == NULL)
				break;
			n->style = (unsigned char)ev->data.mapping_start.style;
			n->implicit = (unsigned char)ev->data.mapping_start.implicit;
		}
		if (p->depth == 0)
			p->root = n;
		p->stack[p->depth++] = n;
		return PARSE_DOC;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		n = p->stack[p->depth - 1];
		if (n->kind == NODE_MAPPING)
			switch (node_merge(a, n, &bad)) {
			case -1:
				return out_of_memory(p, d);
			case -2:
				line = bad->line;
				col = bad->col;
				/*
				 * A block mapping ends where the next document
				 * starts: go on after its last leaf instead, or
				 * the record after it would be skipped too.
				 */
				end = ev->start_mark;
				end.index = p->leaf_end;
				st = bad_at(p, end, d, "<<: expected a "
				    "mapping or a list of mappings to merge");
				d->line = line;
				d->col = col;
				return st;
			}
		p->depth--;
		if (finish(p, a, n) == -1)
			break;
		return PARSE_DOC;
	case YAML_ALIAS_EVENT: {
		struct node *t = find_anchor(p, (char *)ev->data.alias.anchor);

		if (t == NULL)
			return bad_at(p, ev->start_mark, d,
			    "alias to an unknown anchor");
		if (t->weight > p->lim.aliases - p->expansions)
			return bad_at(p, ev->start_mark, d,
			    "more than %zu alias expansions", p->lim.aliases);
		p->expansions += t->weight;
		n = new_node(p, a, NODE_ALIAS, NULL, ev->data.alias.anchor,
		    ev->start_mark);
		if (n == NULL)
			break;
		n->target = t;
		n->weight = t->weight;
		goto complete;
	}
	default:
		return PARSE_DOC;
	}
	return out_of_memory(p, d);
complete:
	if (p->depth == 0)
		p->root = n;
	if (finish(p, a, n) == -1)
		return out_of_memory(p, d);
	return PARSE_DOC;
}

/*
 * Whether a document holds nothing (a "---" and comments at most, as a
 * trailing "---" gives): libyaml makes it an empty plain scalar, with no
 * tag or anchor.  No record is there, so none is bad.
 */
static int
is_empty(const struct node *root)
{
	return root != NULL && root->kind == NODE_SCALAR && root->len == 0 &&
	    root->style == STYLE_PLAIN && root->tag == NULL && root->anchor == NULL;
}

enum parse_status
parse_next(struct parse *p, struct arena *a, struct node **doc, struct diag *d)
{
	char size[32];
	yaml_event_t ev;
	int implicit;

	*doc = NULL;
	diag_set_file(d, p->c != NULL ? p->c->file : NULL);
	d->id[0] = '\0';
	for (;;) {
		enum parse_status st;

		if (p->broken || p->c == NULL)
			return PARSE_END;
		if (!p->active) {
			if (p->next >= p->c->nent)
				return PARSE_END;
			if (start_run(p) == 1) {
				diag_set(d, DIAG_DATA, p->c->ent[p->next - 1].line, 1,
				    "record over %s", limit_text(p->lim.record, size));
				held_id(p->c, p->next - 1, d);
				return PARSE_BAD;
			}
		}
		if (p->ahead_broken)
			return broken(p, d);
		if (p->has_ahead) {
			ev = p->ahead;
			p->has_ahead = 0;
		} else if (!yaml_parser_parse(&p->parser, &ev))
			return broken(p, d);
		switch (ev.type) {
		case YAML_STREAM_START_EVENT:
			begin_document(p, a, ev.end_mark.index);
			st = PARSE_DOC;
			break;
		case YAML_STREAM_END_EVENT:
			stop_parser(p);
			st = PARSE_DOC;
			break;
		case YAML_DOCUMENT_START_EVENT:
			begin_document(p, a, ev.start_mark.index);
			source_begin(p, ev.start_mark.index,
			    !ev.data.document_start.implicit);
			st = PARSE_DOC;
			break;
		case YAML_DOCUMENT_END_EVENT:
			implicit = ev.data.document_end.implicit;
			yaml_event_delete(&ev);
			/*
			 * libyaml ends a document without "..." where it cannot
			 * go on, and says why only with the next event: a
			 * record cut short there (by a BOM or a dedent, say)
			 * is not a whole one.
			 */
			if (implicit && !yaml_parser_parse(&p->parser, &p->ahead)) {
				partial_id(p, d);
				return broken(p, d);
			}
			/*
			 * After "...", what follows is read now too: a record
			 * followed by bytes libyaml cannot read ("... x") is
			 * whole, but not to be spliced with them; it is written
			 * alone, and the stream ends with the next call.
			 */
			if (!implicit && !yaml_parser_parse(&p->parser, &p->ahead)) {
				p->ahead_broken = 1;
				p->src_ok = 0;
			} else {
				p->has_ahead = 1;
			}
			close_pair(p);
			/* Its content goes on past the next entry (a "%" line
			 * split took for a directive was text): not alone,
			 * nor the document after it in that entry. */
			p->prev_end = byte_of(p, p->leaf_end);
			if (p->prev_end > p->src.end)
				p->src_ok = 0;
			if (is_empty(p->root)) {
				p->root = NULL;
				continue;
			}
			*doc = p->root;
			return PARSE_DOC;
		default:
			if (over_record(p, ev.end_mark.index))
				st = bad_at(p, ev.start_mark, d, "record over %s",
				    limit_text(p->lim.record, size));
			/* Tiny nodes cost more in memory than in the file. */
			else if (arena_used(a) - p->arena_base > 4 * p->lim.record)
				st = bad_at(p, ev.start_mark, d,
				    "record has too many nodes (over %s in memory)",
				    limit_text(4 * p->lim.record, size));
			else if (track(p, &ev) == -1)
				st = out_of_memory(p, d);
			else
				st = on_event(p, a, &ev, d);
			break;
		}
		yaml_event_delete(&ev);
		if (st != PARSE_DOC)
			return st;
	}
}

enum parse_status
parse_string(const char *s, size_t n, const char *file, struct arena *a,
    struct node **doc, struct diag *d)
{
	struct chunk_entry ent = {0, 1, 0};
	struct chunk c = {.file = file, .data = (char *)s, .len = n, .ent = &ent,
	    .nent = 1};
	struct parse *p = parse_new(&limits_default);
	enum parse_status st;

	if (p == NULL) {
		diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
		return PARSE_FAIL;
	}
	parse_start(p, &c);
	st = parse_next(p, a, doc, d);
	parse_free(p);
	return st;
}

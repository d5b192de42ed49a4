#include "ytext.h"

#include <string.h>

#include "value.h"

const struct ytext_style ytext_default = {2, 0, 0};

/* The bytes a plain scalar may not start with: YAML's indicators. */
static const char leading[] = " \t-?:,[]{}#&*!|>'\"%@`";

/*
 * Whether text of YAML 1.1's digits and signs may read as something else
 * than a string: a number (12, -1.5, 0x1F, 1_000, 1e3, .5), a time in
 * base 60 (1:20), a date (2026-11-25), or .inf and .nan.
 */
static int
looks_numeric(const char *s, size_t n)
{
	static const char chars[] = "0123456789abcdefABCDEFxXoO._:+-eE";
	char w[WORD_MAX + 1];

	if (!(s[0] >= '0' && s[0] <= '9') && s[0] != '+' && s[0] != '-' &&
	    s[0] != '.')
		return 0;
	if (s[0] == '.' && value_word(s, n, w) > 0 &&
	    (strcmp(w, ".inf") == 0 || strcmp(w, ".nan") == 0))
		return 1;
	for (size_t i = 0; i < n; i++)
		if (strchr(chars, s[i]) == NULL || s[i] == '\0')
			return 0;
	return 1;
}

int
ytext_reads_as_string(const char *s, size_t n)
{
	char text[8];
	int b;

	if (n == 0)
		return 0;	/* a null */
	if (n < sizeof(text)) {
		memcpy(text, s, n);
		text[n] = '\0';
		/* YAML 1.1's y and n are booleans too, and "=" a value key. */
		if (value_null_text(text) || value_bool_text(text, &b) == 0 ||
		    strcmp(text, "=") == 0 || strcmp(text, "<<") == 0)
			return 0;
	}
	return !looks_numeric(s, n);
}

/*
 * What a byte says of a plain scalar it is in: nothing (most bytes); it
 * cannot be in one (controls, a 4-byte sequence: libyaml's emitter takes
 * those for unprintable); it cannot be in a flow one; it may start ": "
 * or " #"; it may start NEL, LS, PS, a BOM or U+FFFE/U+FFFF.  A table, as
 * every string of a block is checked, byte by byte.
 */
enum { B_CTRL = 1, B_FLOW = 2, B_COLON = 4, B_HASH = 8, B_LEAD = 16 };

static const unsigned char byte_class[256] = {
	[0x00] = B_CTRL, B_CTRL, B_CTRL, B_CTRL, B_CTRL, B_CTRL, B_CTRL, B_CTRL,
	B_CTRL, B_CTRL, B_CTRL, B_CTRL, B_CTRL, B_CTRL, B_CTRL, B_CTRL,
	B_CTRL, B_CTRL, B_CTRL, B_CTRL, B_CTRL, B_CTRL, B_CTRL, B_CTRL,
	B_CTRL, B_CTRL, B_CTRL, B_CTRL, B_CTRL, B_CTRL, B_CTRL, B_CTRL,
	[0x7f] = B_CTRL,
	/* libyaml's emitter writes no "?" or ":" in a plain flow scalar. */
	[','] = B_FLOW, ['['] = B_FLOW, [']'] = B_FLOW, ['{'] = B_FLOW,
	['}'] = B_FLOW, ['?'] = B_FLOW, [':'] = B_COLON | B_FLOW, ['#'] = B_HASH,
	[0xc2] = B_LEAD, [0xe2] = B_LEAD, [0xef] = B_LEAD,
	[0xf0] = B_CTRL, B_CTRL, B_CTRL, B_CTRL, B_CTRL, B_CTRL, B_CTRL, B_CTRL,
	B_CTRL, B_CTRL, B_CTRL, B_CTRL, B_CTRL, B_CTRL, B_CTRL, B_CTRL,
};

/*
 * Whether n bytes of s may be written plain: what ytext writes plain,
 * libyaml's emitter must write plain too (emit.c asks it to), so this
 * says yes only where both read it back as the same string.
 */
int
ytext_plain_ok(const char *s, size_t n, int flow)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned bad = B_CTRL | (flow ? B_FLOW : 0);

	if (n == 0 || strchr(leading, s[0]) != NULL || s[n - 1] == ' ')
		return 0;
	/* "..." at the start ends a document, for libyaml's emitter. */
	if (n >= 3 && memcmp(s, "...", 3) == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = u[i], k = byte_class[c];

		if (k == 0)
			continue;
		if (k & bad)
			return 0;
		/* In a flow, libyaml also refuses ":?" (and ":," ":[" ...). */
		if (c == ':' && (i + 1 == n || u[i + 1] == ' ' ||
		    (flow && u[i + 1] == '?')))
			return 0;
		if (c == '#' && u[i - 1] == ' ')	/* i > 0: not leading */
			return 0;
		/* NEL, LS, PS and the BOM break or vanish; the C1 controls
		 * and U+FFFE, U+FFFF are not printable. */
		if (c == 0xc2 && i + 1 < n && u[i + 1] <= 0x9f)
			return 0;
		if (c == 0xe2 && i + 2 < n && u[i + 1] == 0x80 &&
		    (u[i + 2] == 0xa8 || u[i + 2] == 0xa9))
			return 0;
		if (c == 0xef && i + 2 < n && ((u[i + 1] == 0xbb &&
		    u[i + 2] == 0xbf) || (u[i + 1] == 0xbf && u[i + 2] >= 0xbe)))
			return 0;
	}
	return ytext_reads_as_string(s, n);
}

/* The bytes a double-quoted scalar writes as they are: ASCII's printable
 * but '"' and '\\', and the bytes of sequences libyaml calls printable
 * (put_quoted() looks at those that start otherwise). */
static int
quoted_plain(unsigned char c)
{
	return (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') ||
	    (c >= 0x80 && c < 0xc0) || (c > 0xc2 && c < 0xe2) ||
	    (c > 0xe2 && c < 0xef);
}

/* The code point of the UTF-8 sequence at u (n bytes left), its length in *len. */
static unsigned long
code_point(const unsigned char *u, size_t n, size_t *len)
{
	size_t k = u[0] >= 0xf0 ? 4 : u[0] >= 0xe0 ? 3 : u[0] >= 0xc0 ? 2 : 1;
	unsigned long cp = k == 1 ? u[0] : u[0] & (0x7f >> k);

	if (k > n)
		k = n;
	for (size_t j = 1; j < k; j++)
		cp = cp << 6 | (u[j] & 0x3f);
	*len = k;
	return cp;
}

/*
 * A double-quoted scalar, escaped as libyaml's emitter escapes it (so
 * that a record it writes and the same record spliced have the same
 * bytes): what it takes for unprintable (controls, C1, U+FFFE, U+FFFF,
 * the BOM, beyond U+FFFF), line breaks, '"' and '\\'.
 */
static int
put_quoted(struct buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *u = (const unsigned char *)s;
	int r = buf_putc(out, '"');

	for (size_t i = 0; r == 0 && i < n; i++) {
		char esc[12] = "\\";
		const char *name = NULL;
		unsigned long cp;
		size_t run, len, w;

		/* Most of a message needs no escape: its runs go whole. */
		for (run = i; run < n && quoted_plain(u[run]); run++)
			;
		if (run > i) {
			r = buf_add(out, s + i, run - i);
			i = run - 1;
			continue;
		}
		cp = code_point(u + i, n - i, &len);
		switch (cp) {
		case 0x00: name = "0"; break;
		case 0x07: name = "a"; break;
		case 0x08: name = "b"; break;
		case 0x09: name = "t"; break;
		case 0x0a: name = "n"; break;
		case 0x0b: name = "v"; break;
		case 0x0c: name = "f"; break;
		case 0x0d: name = "r"; break;
		case 0x1b: name = "e"; break;
		case 0x22: name = "\""; break;
		case 0x5c: name = "\\"; break;
		case 0x85: name = "N"; break;
		case 0x2028: name = "L"; break;
		case 0x2029: name = "P"; break;
		}
		if (name != NULL) {
			esc[1] = name[0];
			r = buf_add(out, esc, 2);
		} else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ||
		    cp == 0xfeff || cp == 0xfffe || cp == 0xffff || cp > 0xffff) {
			w = cp <= 0xff ? 2 : cp <= 0xffff ? 4 : 8;
			esc[1] = w == 2 ? 'x' : w == 4 ? 'u' : 'U';
			for (size_t j = 0; j < w; j++)
				esc[2 + j] = hex[(cp >> (4 * (w - 1 - j))) & 15];
			r = buf_add(out, esc, 2 + w);
		} else {
			r = buf_add(out, s + i, len);
		}
		i += len - 1;
	}
	return r == 0 ? buf_putc(out, '"') : -1;
}

static int
put_scalar(struct buf *out, const struct node *n, int flow)
{
	if (n->style == STYLE_PLAIN || ytext_plain_ok(n->text, n->len, flow))
		return buf_add(out, n->text, n->len);
	return put_quoted(out, n->text, n->len);
}

static int
put_eol(struct buf *out, const struct ytext_style *st)
{
	return buf_puts(out, st->crlf ? "\r\n" : "\n");
}

static int
put_spaces(struct buf *out, int n)
{
	int r = 0;

	while (r == 0 && n-- > 0)
		r = buf_putc(out, ' ');
	return r;
}

/* A node in flow style: {k: v, ...}, [a, ...] or a scalar. */
static int
put_flow(struct buf *out, const struct node *n)
{
	const struct node *c;
	int r, map = n->kind == NODE_MAPPING;

	if (n->kind == NODE_SCALAR)
		return put_scalar(out, n, 1);
	r = buf_putc(out, map ? '{' : '[');
	for (c = n->head; r == 0 && c != NULL; c = c->next) {
		if (c != n->head)
			r = buf_puts(out, ", ");
		if (r == 0)
			r = put_flow(out, c);
		if (r == 0 && map) {
			c = c->next;
			if ((r = buf_puts(out, ": ")) == 0)
				r = put_flow(out, c);
		}
	}
	return r == 0 ? buf_putc(out, map ? '}' : ']') : -1;
}

/* Whether n goes on the line of its key or dash: all but a block
 * collection with something in it. */
static int
inline_node(const struct node *n)
{
	return n->kind == NODE_SCALAR || n->style == CSTYLE_FLOW || n->head == NULL;
}

static int put_block(struct buf *out, const struct node *n, int col,
    int first_inline, const struct ytext_style *st);

/* A value after "key:" or "-": on the line, or on the lines below at col. */
static int
put_value(struct buf *out, const struct node *v, int col,
    const struct ytext_style *st)
{
	int r;

	/* A scalar in a block collection is in the block context: a flow
	 * indicator needs no quotes there. */
	if (inline_node(v))
		return buf_putc(out, ' ') == 0 && (v->kind == NODE_SCALAR ?
		    put_scalar(out, v, 0) : put_flow(out, v)) == 0 ?
		    put_eol(out, st) : -1;
	if ((r = put_eol(out, st)) != 0)
		return r;
	return put_block(out, v, col, 0, st);
}

/*
 * A block collection at column col; with first_inline, its first line
 * goes on at the current place (after a "- ").
 */
static int
put_block(struct buf *out, const struct node *n, int col, int first_inline,
    const struct ytext_style *st)
{
	const struct node *c;
	int r = 0;

	for (c = n->head; r == 0 && c != NULL; c = c->next) {
		if (!(first_inline && c == n->head))
			r = put_spaces(out, col);
		if (r != 0)
			break;
		if (n->kind == NODE_SEQUENCE) {
			r = buf_putc(out, '-');
			if (r == 0 && inline_node(c))
				r = put_value(out, c, col + 2, st);
			else if (r == 0 && (r = buf_putc(out, ' ')) == 0)
				r = put_block(out, c, col + 2, 1, st);
			continue;
		}
		/* A mapping's key, then its value. */
		r = put_scalar(out, c, 0);
		if (r == 0)
			r = buf_putc(out, ':');
		c = c->next;
		if (r == 0)
			r = put_value(out, c, c->kind == NODE_SEQUENCE &&
			    !st->seq_indent ? col : col + st->indent, st);
	}
	return r;
}

int
ytext_pair(struct buf *out, const char *key, const struct node *value,
    const struct ytext_style *st)
{
	int r = buf_puts(out, key);

	if (r == 0)
		r = buf_putc(out, ':');
	return r == 0 ? put_value(out, value, value->kind == NODE_SEQUENCE &&
	    !st->seq_indent ? 0 : st->indent, st) : -1;
}

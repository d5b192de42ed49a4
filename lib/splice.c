#include "splice.h"

#include <string.h>

#include "ytext.h"

/* Whether n bytes of s hold a line break other than LF and CR LF. */
static int
odd_breaks(const char *s, size_t n)
{
	const char *end = s + n, *p;

	for (p = memchr(s, '\r', n); p != NULL;
	    p = memchr(p + 1, '\r', (size_t)(end - p - 1)))
		if (p + 1 == end || p[1] != '\n')
			return 1;
	for (p = memchr(s, 0xc2, n); p != NULL;
	    p = memchr(p + 1, 0xc2, (size_t)(end - p - 1)))
		if (p + 1 < end && (unsigned char)p[1] == 0x85)
			return 1;
	for (p = memchr(s, 0xe2, n); p != NULL;
	    p = memchr(p + 1, 0xe2, (size_t)(end - p - 1)))
		if (p + 2 < end && (unsigned char)p[1] == 0x80 &&
		    ((unsigned char)p[2] == 0xa8 || (unsigned char)p[2] == 0xa9))
			return 1;
	return 0;
}

static size_t line_end(const struct source *src, size_t off);
static size_t old_block(const struct source *src, const struct node *doc,
    const char *key);

/*
 * Whether the record ends in a block scalar (| or >) on a last line with
 * no line end, and the block is not the last pair: the line end that a
 * new block, or the next record's "---", needs would be the scalar's, and
 * its value would change (but for "|-": not worth telling).
 */
static int
last_scalar_open(const struct source *src, const struct node *doc,
    const char *key)
{
	const struct node *k, *v = NULL;
	size_t cut;

	if (old_block(src, doc, key) == src->npairs - 1)
		return 0;	/* the block is written last, and ends its line */
	cut = line_end(src, src->pairs[src->npairs - 1].end);
	if (cut > src->begin && src->text[cut - 1] == '\n')
		return 0;
	/* The last pair of the source, which the block is not. */
	for (k = node_first(doc); k != NULL && k->next != NULL; k = k->next->next)
		if (!node_is_scalar(k, key))
			v = k->next;
	return v != NULL && v->kind == NODE_SCALAR &&
	    (v->style == STYLE_LITERAL || v->style == STYLE_FOLDED);
}

enum splice_why
splice_check(const struct source *src, const struct node *doc,
    const char *key, int aliased)
{
	if (src == NULL || src->text == NULL)
		return SPLICE_UNKNOWN;
	if (src->transcoded)
		return SPLICE_ENCODING;
	if (!src->block || src->npairs == 0)
		return SPLICE_FLOW;
	if (!src->keys_ok)
		return SPLICE_KEYS;
	if (aliased)
		return SPLICE_ALIASED;
	if (src->odd_breaks &&
	    odd_breaks(src->text + src->begin, src->end - src->begin))
		return SPLICE_BREAKS;
	if (last_scalar_open(src, doc, key))
		return SPLICE_LAST_SCALAR;
	return SPLICE_OK;
}

/* Just past the line that holds the byte before off (off itself at a line start). */
static size_t
line_end(const struct source *src, size_t off)
{
	const char *nl;

	if (off > src->begin && src->text[off - 1] == '\n')
		return off;
	nl = memchr(src->text + off, '\n', src->end - off);
	return nl != NULL ? (size_t)(nl - src->text) + 1 : src->end;
}

/*
 * The record's style, from its tree: the indentation of its first block
 * mapping under a key, whether it indents a block list under a key, and
 * its line ends.
 */
static struct ytext_style
record_style(const struct source *src, const struct node *doc)
{
	struct ytext_style st = ytext_default;
	const char *nl = memchr(src->text + src->begin, '\n', src->end - src->begin);
	int found_map = 0, found_seq = 0;

	st.crlf = nl != NULL && nl > src->text + src->begin && nl[-1] == '\r';
	for (const struct node *k = node_first(doc); k != NULL && k->next != NULL;
	    k = k->next->next) {
		const struct node *v = k->next;

		if (v->style != CSTYLE_BLOCK || v->head == NULL || v->col < 1)
			continue;
		if (v->kind == NODE_MAPPING && !found_map && v->col > 1 && v->col <= 9) {
			st.indent = (int)v->col - 1;
			found_map = 1;
		} else if (v->kind == NODE_SEQUENCE && !found_seq) {
			st.seq_indent = v->col > 1;
			if (!found_map && v->col > 1 && v->col <= 9)
				st.indent = (int)v->col - 1;
			found_seq = 1;
		}
	}
	return st;
}

/* The source pair of the old block, or npairs when the record has none. */
static size_t
old_block(const struct source *src, const struct node *doc, const char *key)
{
	const struct node *k = node_first(doc);
	size_t i;

	for (i = 0; i < src->npairs && k != NULL && k->next != NULL;
	    i++, k = k->next->next)
		if (node_is_scalar(k, key))
			return i;
	return src->npairs;
}

static int
put_eol(struct buf *out, const struct ytext_style *st)
{
	return buf_puts(out, st->crlf ? "\r\n" : "\n");
}

int
splice_write(struct buf *out, const struct source *src,
    const struct node *doc, const char *key, const struct node *value)
{
	struct ytext_style st = record_style(src, doc);
	size_t begin = src->begin, cut, resume, i = old_block(src, doc, key);
	int r = 0;

	if (i < src->npairs) {
		cut = src->pairs[i].key;	/* at column 0: a line's start */
		resume = line_end(src, src->pairs[i].end);
	} else {
		cut = resume = line_end(src, src->pairs[src->npairs - 1].end);
	}
	/* A byte order mark is the stream's, not the record's. */
	if (src->end - begin >= 3 && memcmp(src->text + begin, "\xef\xbb\xbf", 3) == 0)
		begin += 3;
	if (!src->explicit_start)
		r = buf_puts(out, "---") == 0 ? put_eol(out, &st) : -1;
	if (r == 0)
		r = buf_add(out, src->text + begin, cut - begin);
	/* The record's last line had no line end: the block needs one. */
	if (r == 0 && cut > begin && src->text[cut - 1] != '\n')
		r = put_eol(out, &st);
	if (r == 0)
		r = ytext_pair(out, key, value, &st);
	if (r == 0)
		r = buf_add(out, src->text + resume, src->end - resume);
	/* Records follow one another, from one file or several: each ends
	 * its last line, or the next one's "---" would join it. */
	if (r == 0 && out->p[out->len - 1] != '\n')
		r = put_eol(out, &st);
	return r;
}

#include "split.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "value.h"

#define READ_SIZE (64 * 1024)

enum mark { MARK_NONE, MARK_START, MARK_END, MARK_DIRECTIVE, MARK_JSON };

struct split {
	int fd;
	const char *file;
	size_t target;		/* cut a chunk once it holds this many bytes */
	size_t max_record;
	unsigned long seq;
	int eof;
	int done;
	int checked;		/* the input's first bytes were checked */
	int utf16;		/* 0, or UTF16_LE or UTF16_BE: read so */
	struct buf raw;		/*   the bytes read, not yet made UTF-8 */
	unsigned hi;		/*   a high surrogate, waiting for its pair */

	struct buf pend;	/* the chunk being gathered, and read-ahead */
	size_t pos;		/* scanned up to here */
	unsigned long line;	/* line number at pos */
	int at_bol;		/* pos is at the start of a line */
	size_t blanks;		/* the blanks known to start the line at pos */
	int line_content;	/* -1 blanks so far, 0 blank or comment, 1 content,
				 * 2 a "---" line, 3 a "%" line */
	int line_quote;		/* the line holds a ' or a " */

	struct chunk_entry *ent;	/* entries of the chunk being gathered */
	size_t nent, capent;
	size_t doc_off;		/* where the current document starts */
	int started;		/* it has content or a "---" line */
	int content;		/* it has content beyond its "---" line */
	int skipping;		/* it is oversize: its bytes are dropped, */
	size_t keep;		/*   but for its id, kept at doc_off */
	int keep_flow;		/*   the first key of a flow mapping: its id if
				 *   the mapping turns out to be the document */
	int dir;		/* "%" lines since dir_off: directives, if a
				 * "---" line follows */
	size_t dir_off;
	unsigned long dir_line;

	int odd_breaks;		/* a lone CR, NEL, LS or PS was read: lines end
				 * at those too, as libyaml counts them */
	int json;		/* -1 undecided, 0 YAML, 1 a stream of JSON */
	char quote;		/* JSON mode: inside a string quoted so */
	int escape;		/*   after a backslash in it */
	int squote;		/*   after a ' in a '...' string: '' or its end */
	int comment;		/*   inside a # comment */
	long depth;		/*   bracket depth */
	int node;		/*   a node may start here (a quote opens one) */
	int closed;		/*   after a string or a bracket: ':' follows */
	int colon;		/*   after a ':' in a plain scalar */
	int prop;		/*   inside a tag or an anchor */
	int top_more;		/*   the document's top level holds more than
				 *   bracketed collections: a key, a scalar */
};

struct split *
split_new(int fd, const char *name, size_t target, size_t max_record)
{
	struct split *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	s->fd = fd;
	s->file = name;
	s->target = target;
	s->max_record = max_record;
	s->line = 1;
	s->at_bol = 1;
	s->line_content = -1;
	s->json = -1;
	s->node = 1;
	return s;
}

void
split_free(struct split *s)
{
	if (s == NULL)
		return;
	buf_free(&s->pend);
	buf_free(&s->raw);
	free(s->ent);
	free(s);
}

void
chunk_free(struct chunk *c)
{
	free(c->data);
	free(c->ent);
	memset(c, 0, sizeof(*c));
}

int
split_break(const char *s, size_t avail, int at_end)
{
	const unsigned char *p = (const unsigned char *)s;

	switch (p[0]) {
	case '\n':
		return 1;
	case '\r':		/* CR LF is one break, a lone CR one too */
		if (avail < 2)
			return at_end ? 1 : -1;
		return p[1] == '\n' ? 2 : 1;
	case 0xC2:		/* NEL: U+0085 */
		if (avail < 2)
			return at_end ? 0 : -1;
		return p[1] == 0x85 ? 2 : 0;
	case 0xE2:		/* LS and PS: U+2028, U+2029 */
		if (avail < 3)
			return at_end ? 0 : -1;
		return p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9) ? 3 : 0;
	}
	return 0;
}

/*
 * Whether n bytes hold a line break other than LF and CR LF.  The caller
 * passes the two bytes before too, for a break cut between two reads: one
 * at the end is seen with the next read.
 */
static int
has_odd_break(const char *p, size_t n)
{
	static const char leads[] = "\r\xC2\xE2";
	const char *end = p + n;

	/* memchr(3) per lead byte: far faster than a loop over each byte. */
	for (const char *l = leads; *l != '\0'; l++) {
		for (const char *q = memchr(p, *l, n); q != NULL;
		    q = memchr(q + 1, *l, (size_t)(end - q - 1))) {
			int len = split_break(q, (size_t)(end - q), 0);

			if (len > 0 && !(*l == '\r' && len == 2))
				return 1;	/* not CR LF */
		}
	}
	return 0;
}

static int
add_entry(struct split *s, size_t off, unsigned long line)
{
	if (s->nent == s->capent) {
		size_t cap = s->capent ? s->capent * 2 : 64;
		struct chunk_entry *e = realloc(s->ent, cap * sizeof(*e));

		if (e == NULL)
			return -1;
		s->ent = e;
		s->capent = cap;
	}
	s->ent[s->nent].off = off;
	s->ent[s->nent].line = line;
	s->ent[s->nent].oversize = 0;
	s->nent++;
	s->doc_off = off;
	s->top_more = 0;
	return 0;
}

/*
 * Drops the bytes of an oversize document before upto (scanned, and no
 * later than the directives that may start the next document) from pend,
 * but its id.
 */
static void
drop_skipped(struct split *s, size_t upto)
{
	size_t from = s->doc_off + s->keep, gone = upto - from;

	memmove(s->pend.p + from, s->pend.p + upto, s->pend.len - upto);
	s->pend.len -= gone;
	s->pos -= gone;
	if (s->dir)
		s->dir_off -= gone;
}

/* What an oversize document may drop now: all it scanned but directives. */
static size_t
droppable(const struct split *s)
{
	return s->dir ? s->dir_off : s->pos;
}

/*
 * The oversize document ends at upto: its bytes go but its id, which
 * stays the entry's only bytes.  One from the first key of a flow mapping
 * goes too unless the mapping was the document (a key of a block mapping
 * and its value may follow it).
 */
static void
end_skipped(struct split *s, size_t upto)
{
	if (s->keep_flow && s->top_more)
		s->keep = 0;
	drop_skipped(s, upto);
	s->skipping = 0;
	s->keep_flow = 0;
}

/* Moves the gathered bytes before off into c; keeps the rest in pend. */
static int
cut(struct split *s, size_t off, struct chunk *c)
{
	char *rest;
	size_t nrest = s->pend.len - off;

	if ((rest = malloc(nrest > READ_SIZE ? nrest : READ_SIZE)) == NULL)
		return -1;
	memcpy(rest, s->pend.p + off, nrest);
	c->file = s->file;
	c->data = s->pend.p;
	c->len = off;
	c->ent = s->ent;
	c->nent = s->nent;
	c->seq = s->seq++;
	c->separate = s->json == 1;
	c->transcoded = s->utf16 != 0;
	c->odd_breaks = s->odd_breaks;
	s->pend.p = rest;
	s->pend.len = nrest;
	s->pend.cap = nrest > READ_SIZE ? nrest : READ_SIZE;
	s->pos -= off;	/* no directives are pending at a cut */
	s->ent = NULL;
	s->nent = s->capent = 0;
	return 0;
}

/*
 * A document starts at off (a line start, at pos or at the directives
 * before it) with line number line.  Returns 1 when the chunk before it
 * is big enough and was cut into c, 0 when not, -1 when memory runs out.
 */
static int
new_doc(struct split *s, size_t off, unsigned long line, struct chunk *c)
{
	int r = 0;

	if (s->skipping) {
		end_skipped(s, off);
		off = s->doc_off + s->keep;
		s->keep = 0;
	}
	s->dir = 0;
	if (off >= s->target && s->nent > 0) {
		if (cut(s, off, c) == -1)
			return -1;
		off = 0;
		r = 1;
	}
	if (add_entry(s, off, line) == -1)
		return -1;
	s->started = s->content = 0;
	return r;
}

static int
is_blankz(const char *p, size_t avail, size_t i)
{
	if (i >= avail)
		return 1;	/* the input ends: checked only at EOF */
	return p[i] == ' ' || p[i] == '\t' || split_break(p + i, avail - i, 1) > 0;
}

/*
 * Whether an object (or an array) after blanks at the start of the line
 * at pos would start a JSON document: JSON allows blanks before a value.
 * Only once the document before is whole, its top level no more than
 * bracketed collections: after a key of a block mapping (a flow
 * collection may be one), or in a block scalar, the line goes on with it.
 * A "{" at column 0 starts one wherever the brackets are closed.
 */
static int
json_may_start(const struct split *s)
{
	return s->json == 1 && s->depth == 0 && s->quote == 0 && !s->comment &&
	    !s->top_more && s->content;
}

/*
 * Counts the blanks that start the line at pos (on from those counted
 * before); 0 when what follows them is not read yet, and whether it
 * starts a document depends on it.  Not past the record limit: blanks
 * beyond it are no document's start (it would be too large anyway), and
 * are not held waiting.
 */
static int
indent_known(struct split *s)
{
	const char *p = s->pend.p + s->pos;
	size_t avail = s->pend.len - s->pos;

	if (!json_may_start(s))
		return 1;
	while (s->blanks < avail && s->blanks <= s->max_record &&
	    (p[s->blanks] == ' ' || p[s->blanks] == '\t'))
		s->blanks++;
	return s->blanks < avail || s->blanks > s->max_record || s->eof;
}

static enum mark
classify(struct split *s, const char *p, size_t avail)
{
	if (avail >= 3 && is_blankz(p, avail, 3)) {
		if (memcmp(p, "---", 3) == 0)
			return MARK_START;
		if (memcmp(p, "...", 3) == 0)
			return MARK_END;
	}
	if (avail >= 1 && p[0] == '%')
		return MARK_DIRECTIVE;
	if (s->json == 1 && s->depth == 0 && s->quote == 0 && avail >= 1 &&
	    (p[0] == '{' || p[0] == '['))
		return MARK_JSON;
	if (s->blanks > 0 && s->blanks < avail && s->blanks <= s->max_record &&
	    (p[s->blanks] == '{' || p[s->blanks] == '[') && json_may_start(s))
		return MARK_JSON;
	return MARK_NONE;
}

static int
flow_indicator(char c)
{
	return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}

/*
 * Follows strings, comments and brackets of a stream of JSON objects (or
 * YAML flow collections), as libyaml's scanner reads them.  A quote opens
 * a string only where a node may start: after a bracket, a ',' or a ':'
 * indicator, or a tag or anchor; inside a plain scalar (O'Brien) it is
 * text.  A ':' is an indicator after a string or a bracket, or before a
 * blank or a flow indicator; "''" in a '...' string is a quote.
 */
static void
json_step(struct split *s, char c, int after_blank)
{
	int blank = c == ' ' || c == '\t' || c == '\n' || c == '\r';

	if (s->comment) {
		if (c == '\n')
			s->comment = 0;
		return;
	}
	if (s->squote) {
		s->squote = 0;
		if (c == '\'')
			return;		/* '' inside the string */
		s->quote = 0;
		s->node = 0;
		s->closed = 1;
	} else if (s->quote != 0) {
		if (s->escape)
			s->escape = 0;
		else if (c == '\\' && s->quote == '"')
			s->escape = 1;
		else if (c == '\'' && s->quote == '\'')
			s->squote = 1;
		else if (c == s->quote) {
			s->quote = 0;
			s->node = 0;
			s->closed = 1;
		}
		return;
	}
	if (s->colon) {
		s->colon = 0;
		if (blank || flow_indicator(c) || c == '?')
			s->node = 1;
	}
	if (s->prop) {
		if (!blank && !flow_indicator(c))
			return;
		s->prop = 0;
	}
	if (blank)
		return;
	if (s->depth == 0 && c != '{' && c != '[' && !(c == '#' && after_blank))
		s->top_more = 1;
	switch (c) {
	case '#':
		if (after_blank) {
			s->comment = 1;
			return;
		}
		break;
	case '"':
	case '\'':
		if (s->node) {
			s->quote = c;
			return;
		}
		break;
	case '{':
	case '[':
		s->depth++;
		s->node = 1;
		s->closed = 0;
		return;
	case '}':
	case ']':
		if (s->depth > 0)
			s->depth--;
		s->node = 0;
		s->closed = 1;
		return;
	case ',':
		s->node = 1;
		s->closed = 0;
		return;
	case ':':
		if (s->node || s->closed) {
			s->node = 1;
			s->closed = 0;
		} else
			s->colon = 1;
		return;
	case '?':
		if (s->node)
			return;
		break;
	case '!':
	case '&':
		if (s->node) {
			s->prop = 1;
			return;
		}
		break;
	}
	s->node = 0;	/* a plain scalar, or an alias */
	s->closed = 0;
}

/* Handles a marker at the start of the line at pos; 1 when a chunk was cut. */
static int
line_start(struct split *s, struct chunk *c)
{
	size_t avail = s->pend.len - s->pos;
	const char *p = s->pend.p + s->pos;
	int r = 0;

	switch (classify(s, p, avail)) {
	case MARK_START:
		/* The directives just before are the document's own. */
		if (s->started && s->dir)
			r = new_doc(s, s->dir_off, s->dir_line, c);
		else if (s->started)
			r = new_doc(s, s->pos, s->line, c);
		s->dir = 0;
		s->started = 1;
		s->line_content = 2;	/* the marker: not content of its own */
		if (s->json == 1) {
			s->pos += 3;	/* not a plain scalar: a node may follow */
			s->node = 1;
			s->closed = 0;
		}
		break;
	case MARK_DIRECTIVE:
		/*
		 * A directive, or text: this scan does not follow quotes, and a
		 * "%" line inside a quoted scalar running over lines is text.
		 * "%" lines followed by a "---" line start a document at the
		 * first, and a chunk may be cut there: within a quoted scalar,
		 * that "---" would be an error anyway.  Only a quote could end
		 * the scalar before it, so a line with one is text (see
		 * end_of_line()).
		 */
		if (!s->dir) {
			s->dir = 1;
			s->dir_off = s->pos;
			s->dir_line = s->line;
		}
		s->line_content = 3;
		break;
	case MARK_END:
		/* libyaml wants a "---" or a directive before the next document,
		 * so a document is not cut here, where it would not be. */
		s->line_content = 0;
		s->dir = 0;
		break;
	case MARK_JSON:
		if (s->content)
			r = new_doc(s, s->pos, s->line, c);
		break;
	case MARK_NONE:
		break;
	}
	return r;
}

/* A line ended just before pos. */
static void
end_of_line(struct split *s)
{
	/* A "%" line with a quote is text; a blank or a comment line may
	 * come between directives, unless it has one. */
	if (s->line_content == 1 || (s->line_content == 3 && s->line_quote)) {
		s->started = s->content = 1;
		s->dir = 0;
	} else if (s->line_content == 2 || s->line_quote) {
		s->dir = 0;
	}
	s->line++;
	s->at_bol = 1;
	s->line_quote = 0;
}

/*
 * The id of an oversize document, for its error (SPEC 5), from its first
 * bytes: those up to the record limit, all held when it turns oversize,
 * whatever the reads (so the same id whatever the reads).  Only where the
 * record, read, would have that id for certain; never other text of it.
 */

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The offset of the LF that ends the line at i, or end if it is not held. */
static size_t
eol(const char *p, size_t i, size_t end)
{
	const char *nl = memchr(p + i, '\n', end - i);

	return nl != NULL ? (size_t)(nl - p) : end;
}

/* Where the text of the line from i to its LF at e ends: before a
 * comment, and before the blanks and the CR ahead of it or of the LF. */
static size_t
text_end(const char *p, size_t i, size_t e)
{
	size_t k = i;

	while (k < e && !(p[k] == '#' && (k == i || is_blank(p[k - 1]))))
		k++;
	while (k > i && (is_blank(p[k - 1]) || p[k - 1] == '\r'))
		k--;
	return k;
}

/*
 * A scalar from i before end that is an id: plain, or quoted with ' or "
 * (an id needs no escape).  Its text into *at and *len; the offset after
 * it, or 0 when it is none.
 */
static size_t
id_scalar(const char *p, size_t i, size_t end, size_t *at, size_t *len)
{
	char q = i < end && (p[i] == '"' || p[i] == '\'') ? p[i] : 0;
	size_t k = i + (q != 0), n = k;

	while (n < end && value_id_char(p[n]))
		n++;
	if (n == k || n - k > DIAG_ID_MAX || (q != 0 && (n >= end || p[n] != q)))
		return 0;
	*at = k;
	*len = n - k;
	return q != 0 ? n + 1 : n;
}

/*
 * The id of a flow mapping at i ("{"): its first key, "id" (quoted or
 * not), and its value, an id followed by a ',' or the mapping's end.
 * *seen is the offset of that.
 */
static int
flow_id(const char *p, size_t i, size_t end, size_t *at, size_t *len,
    size_t *seen)
{
	size_t k = i + 1, n;
	int plain;

	while (k < end && is_space(p[k]))
		k++;
	if (k + 4 > end)
		return 0;
	plain = p[k] != '"' && p[k] != '\'';
	if (plain && memcmp(p + k, "id", 2) == 0 && (is_blank(p[k + 2]) ||
	    p[k + 2] == ':'))
		k += 2;
	else if (!plain && memcmp(p + k + 1, "id", 2) == 0 && p[k + 3] == p[k])
		k += 4;
	else
		return 0;
	while (k < end && is_blank(p[k]))
		k++;
	/* A plain key ends at a ':' and a blank; a quoted one at its quote. */
	if (k >= end || p[k++] != ':' || (plain && (k >= end || !is_space(p[k]))))
		return 0;
	while (k < end && is_space(p[k]))
		k++;
	if ((n = id_scalar(p, k, end, at, len)) == 0)
		return 0;
	while (n < end && is_space(p[n]))
		n++;
	if (n >= end || (p[n] != ',' && p[n] != '}'))
		return 0;
	*seen = n;
	return 1;
}

/*
 * The id of a block mapping whose first line is at i: its "id:" line at
 * column 0, with an id for value and nothing after it but a comment (nor
 * a line more indented that a plain one would go on to).  Before it, the
 * lines are keys at column 0 ("key:" or "key: ..."), items ("- ...") or
 * indented, and none has a quote or a bracket that may open a scalar or
 * a collection over lines, where the "id:" line would be text: a line at
 * column 0 ends any other (a block scalar, a plain one).  *seen is the
 * offset of the last LF read.
 */
static int
block_id(const char *p, size_t i, size_t end, size_t *at, size_t *len,
    size_t *seen)
{
	int first = 1;
	size_t e, b, t, k, n;

	for (;; i = e + 1) {
		if ((e = eol(p, i, end)) >= end)
			return 0;
		for (b = i; b < e && is_blank(p[b]); b++)
			;
		if (b >= (t = text_end(p, i, e)))
			continue;	/* blank, or a comment */
		if (b == i && t - i >= 3 && memcmp(p + i, "...", 3) == 0 &&
		    (t == i + 3 || is_blank(p[i + 3])))
			return 0;	/* the document ends */
		for (k = i; b == i && k < t && value_id_char(p[k]); k++)
			;
		n = k;
		while (k < t && p[k] == ' ')
			k++;
		if (n > i && (k == t || p[k] != ':' ||
		    (k + 1 < t && !is_blank(p[k + 1]))))
			n = i;	/* not a key */
		if (n == i + 2 && memcmp(p + i, "id", 2) == 0)
			break;
		if (memchr(p + i, '"', t - i) != NULL ||
		    memchr(p + i, '\'', t - i) != NULL ||
		    memchr(p + i, '[', t - i) != NULL ||
		    memchr(p + i, '{', t - i) != NULL)
			return 0;
		if ((first && n == i) || (b == i && n == i &&
		    !(p[i] == '-' && (i + 1 == t || is_blank(p[i + 1])))))
			return 0;
		first = 0;
	}
	/* The "id:" line, k at its ':'. */
	for (k++; k < t && is_blank(p[k]); k++)
		;
	if (k >= t || id_scalar(p, k, t, at, len) != t)
		return 0;
	if (p[k] != '"' && p[k] != '\'') {
		/* A plain scalar goes on over blank lines to one indented. */
		for (i = e + 1;; i = e + 1) {
			if ((e = eol(p, i, end)) >= end)
				return 0;
			for (b = i; b < e && is_blank(p[b]); b++)
				;
			if (b == e || (b + 1 == e && p[b] == '\r'))
				continue;
			if (b > i && p[b] != '#')
				return 0;
			break;
		}
	}
	*seen = e;
	return 1;
}

/*
 * When the document turns oversize: its id, if its first bytes say it
 * (after a byte order mark, comments, directives and a "---"), is moved
 * to its start and kept.  Not through a lone CR, a NEL, an LS or a PS,
 * where a line of libyaml's may start unseen; a flow mapping only in a
 * stream of JSON, where split follows its brackets (end_skipped()).
 */
static void
oversize_id(struct split *s)
{
	const char *p = s->pend.p;
	size_t i = s->doc_off, end = s->doc_off + s->max_record;
	size_t e, b, t, at, len, seen;
	int marker = 0, dirs = 0, flow, ok;

	if (s->ent[s->nent - 1].line == 1 && end - i >= 3 &&
	    memcmp(p + i, "\xef\xbb\xbf", 3) == 0)
		i += 3;
	/* A line not all held (JSON Lines) is read as far as it is. */
	for (;; i = e + 1) {
		if (i >= end)
			return;
		e = eol(p, i, end);
		for (b = i; b < e && is_blank(p[b]); b++)
			;
		if (b >= (t = text_end(p, i, e)))
			continue;
		if (!marker && b == i && p[i] == '%') {
			dirs = 1;
			continue;
		}
		if (!marker && b == i && t - i >= 3 && memcmp(p + i, "---", 3) == 0 &&
		    (t == i + 3 || is_blank(p[i + 3]))) {
			marker = 1;
			for (b = i + 3; b < t && is_blank(p[b]); b++)
				;
			if (b == t)
				continue;
			if (p[b] != '{')
				return;	/* a scalar, a tag: not a mapping's key */
		}
		break;
	}
	if (dirs && !marker)
		return;
	flow = p[b] == '{';
	if (flow)
		ok = s->json == 1 && flow_id(p, b, end, &at, &len, &seen);
	else
		ok = b == i && block_id(p, i, end, &at, &len, &seen);
	if (!ok || has_odd_break(p + s->doc_off, seen + 1 - s->doc_off) ||
	    at + len > droppable(s))
		return;
	memmove(s->pend.p + s->doc_off, p + at, len);
	s->keep = len;
	s->keep_flow = flow;
}

static void
check_size(struct split *s)
{
	/* No document may start so far back. */
	if (s->dir && s->pos - s->dir_off > s->max_record)
		s->dir = 0;
	if (!s->skipping && s->pos - s->doc_off > s->max_record) {
		s->skipping = 1;
		s->ent[s->nent - 1].oversize = 1;
		oversize_id(s);
	}
}

/* Whether the line has a quote from pos up to end, for directives. */
static void
note_quotes(struct split *s, size_t end)
{
	const char *p = s->pend.p + s->pos;
	size_t n = end - s->pos;

	if (memchr(p, '\'', n) != NULL || memchr(p, '"', n) != NULL)
		s->line_quote = 1;
}

/*
 * How far the scan may take bytes for text without looking at each.  The
 * last two bytes read wait for the next read, unless the input ended:
 * has_odd_break() cannot tell yet whether a CR there is alone, or whether
 * a first byte of a NEL, LS or PS begins one, and once such a byte is
 * passed as text, the line it ends is not seen.  Where reads are cut must
 * never change the chunks, their lines, or what comes out.
 */
static size_t
fast_limit(const struct split *s)
{
	if (s->eof)
		return s->pend.len;
	return s->pend.len < 2 ? 0 : s->pend.len - 2;
}

/*
 * The common YAML line, whole, at once: pos is at the start of a line
 * that cannot be a marker or a directive (its first byte is not '-', '.'
 * or '%'), of a document with no "%" line pending, past line 1 (and its
 * byte order mark), in a YAML stream with LF or CR LF breaks.  Returns 1
 * with the line passed as the byte-by-byte scan would pass it, or 0 (all
 * left as it was) when its end is not there to see.
 */
static int
plain_line(struct split *s)
{
	const char *p = s->pend.p;
	size_t lim = fast_limit(s), i = s->pos;
	const char *nl;
	char ch;

	if (s->pend.len - s->pos < 4 || p[i] == '-' || p[i] == '.' ||
	    p[i] == '%')
		return 0;
	while (i < lim && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (i >= lim)
		return 0;
	/* A quote would matter only to a "%" line, or after one. */
	ch = p[i];
	nl = ch == '\n' ? p + i : memchr(p + i + 1, '\n', lim - i - 1);
	if (nl == NULL)
		return 0;
	s->line_content = (ch == '#' || ch == '\n' || ch == '\r') ? 0 : 1;
	s->pos = (size_t)(nl - p) + 1;
	check_size(s);
	end_of_line(s);
	return 1;
}

/*
 * Scans what was read; 1 when a chunk was cut into c, 0 when more is
 * needed.  Only line starts matter in YAML: once a line's first character
 * is seen, the scan jumps to its end.  A stream of JSON is followed
 * character by character, for its strings and brackets.
 */
static int
scan(struct split *s, struct chunk *c)
{
	while (s->pos < s->pend.len) {
		char ch;
		int r;

		if (s->at_bol && s->json == 0 && !s->odd_breaks && !s->dir &&
		    s->line > 1 && plain_line(s))
			continue;
		if (s->at_bol) {
			size_t avail = s->pend.len - s->pos;
			/* A byte order mark at the input's start is not content:
			 * the line after it is read as without one (a comment is
			 * the first record's, "%YAML" a directive).  The start
			 * is line 1, not pos 0: an oversize record's bytes are
			 * dropped, which brings a later line to pos 0.
			 * A marker is known by six bytes: "---" and the break
			 * after it, an LS or a PS three bytes long (a read that
			 * ends inside one must not make "---" text), counted
			 * after the mark (nor one that ends just after
			 * "\xef\xbb\xbf..." make the "..." an end marker). */
			int bom = s->line == 1 && avail >= 3 &&
			    memcmp(s->pend.p + s->pos, "\xef\xbb\xbf", 3) == 0;

			if (avail < (bom ? 9u : 6u) && !s->eof)
				return 0;
			if (!bom && !indent_known(s))
				return 0;
			s->at_bol = 0;
			s->line_content = -1;
			if (bom)
				s->pos += 3;
			r = line_start(s, c);
			s->blanks = 0;
			if (r != 0)
				return r;
		}
		if (s->json == 0 && s->line_content != -1 && !s->odd_breaks) {
			size_t lim = fast_limit(s);
			char *nl;

			if (s->pos >= lim)
				break;
			nl = memchr(s->pend.p + s->pos, '\n', lim - s->pos);
			if (s->line_content == 3 || (s->dir && s->line_content == 0))
				note_quotes(s, nl ? (size_t)(nl - s->pend.p) : lim);
			s->pos = nl ? (size_t)(nl - s->pend.p) + 1 : lim;
			check_size(s);
			if (nl != NULL)
				end_of_line(s);
			continue;
		}
		if (s->odd_breaks && (r = split_break(s->pend.p + s->pos,
		    s->pend.len - s->pos, s->eof)) != 0) {
			if (r == -1)
				return 0;	/* a break cut by the read */
			if (s->line_content == -1)
				s->line_content = 0;
			if (s->json == 1)
				json_step(s, '\n', 0);
			s->pos += (size_t)r;
			check_size(s);
			end_of_line(s);
			continue;
		}
		/* Until a lone CR, NEL, LS or PS is known of, the last two
		 * bytes wait for the next read here too (fast_limit()). */
		if (!s->odd_breaks && s->pos >= fast_limit(s))
			break;
		ch = s->pend.p[s->pos];
		if (ch == '\'' || ch == '"')
			s->line_quote = 1;
		if (s->line_content == -1 && ch != ' ' && ch != '\t')
			s->line_content = (ch == '#' || ch == '\n' || ch == '\r') ? 0 : 1;
		if (s->json == -1 && s->line_content == 1)
			s->json = (ch == '{' || ch == '[');
		if (s->json == 1)
			json_step(s, ch, s->pos == 0 || s->pend.p[s->pos - 1] == ' ' ||
			    s->pend.p[s->pos - 1] == '\t' || s->pend.p[s->pos - 1] == '\n' ||
			    s->pend.p[s->pos - 1] == '\r');
		s->pos++;
		check_size(s);
		if (ch == '\n')
			end_of_line(s);
	}
	if (s->line_content == 1)
		s->started = s->content = 1;
	return 0;
}

enum { UTF16_LE = 1, UTF16_BE };

/* Appends code point u as UTF-8 (a lone surrogate too, which no UTF-8
 * reader takes: libyaml says so where it is). */
static void
put_utf8(struct buf *b, unsigned u)
{
	unsigned char *p = (unsigned char *)b->p + b->len;

	if (u < 0x80) {
		p[0] = (unsigned char)u;
		b->len += 1;
	} else if (u < 0x800) {
		p[0] = (unsigned char)(0xC0 | u >> 6);
		p[1] = (unsigned char)(0x80 | (u & 0x3F));
		b->len += 2;
	} else if (u < 0x10000) {
		p[0] = (unsigned char)(0xE0 | u >> 12);
		p[1] = (unsigned char)(0x80 | (u >> 6 & 0x3F));
		p[2] = (unsigned char)(0x80 | (u & 0x3F));
		b->len += 3;
	} else {
		p[0] = (unsigned char)(0xF0 | u >> 18);
		p[1] = (unsigned char)(0x80 | (u >> 12 & 0x3F));
		p[2] = (unsigned char)(0x80 | (u >> 6 & 0x3F));
		p[3] = (unsigned char)(0x80 | (u & 0x3F));
		b->len += 4;
	}
}

/*
 * Makes the UTF-16 read so far UTF-8, at the end of pend; at the end of
 * the input, what is left too (a half pair, an odd byte: bytes libyaml
 * reports as invalid).  Returns -1 when memory runs out.
 */
static int
from_utf16(struct split *s, int at_end)
{
	const unsigned char *r = (const unsigned char *)s->raw.p;
	size_t i, n = s->raw.len & ~(size_t)1;

	if (buf_grow(&s->pend, n / 2 * 3 + 8) == -1)
		return -1;
	for (i = 0; i < n; i += 2) {
		unsigned u = s->utf16 == UTF16_LE ? r[i] | r[i + 1] << 8 :
		    r[i] << 8 | r[i + 1];

		if (s->hi != 0 && u >= 0xDC00 && u <= 0xDFFF) {
			put_utf8(&s->pend, 0x10000 + ((s->hi - 0xD800) << 10) +
			    (u - 0xDC00));
			s->hi = 0;
			continue;
		}
		if (s->hi != 0)
			put_utf8(&s->pend, s->hi);	/* alone */
		s->hi = 0;
		if (u >= 0xD800 && u <= 0xDBFF)
			s->hi = u;
		else
			put_utf8(&s->pend, u);
	}
	memmove(s->raw.p, s->raw.p + n, s->raw.len - n);
	s->raw.len -= n;
	if (at_end) {
		if (s->hi != 0)
			put_utf8(&s->pend, s->hi);
		if (s->raw.len > 0)
			s->pend.p[s->pend.len++] = (char)0xFF;
		s->hi = 0;
		s->raw.len = 0;
	}
	return 0;
}

/*
 * How the input starts, once two bytes are there: a UTF-16 byte order
 * mark (as libyaml tells UTF-16 from UTF-8) makes it read as UTF-16, its
 * bytes so far moved to raw; a NUL in the first two bytes is UTF-16 (or
 * UTF-32) without one, refused with a reason.  Returns 0, or -1 (d filled).
 */
static int
check_start(struct split *s, struct diag *d)
{
	const unsigned char *p = (const unsigned char *)s->pend.p;

	s->checked = 1;
	if (s->pend.len < 2)
		return 0;
	if ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)) {
		s->utf16 = p[0] == 0xFF ? UTF16_LE : UTF16_BE;
		if (buf_add(&s->raw, s->pend.p + 2, s->pend.len - 2) == -1) {
			diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
			return -1;
		}
		s->pend.len = 0;
		if (from_utf16(s, s->eof) == -1) {
			diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
			return -1;
		}
		return 0;
	}
	if (p[0] == 0 || p[1] == 0) {
		s->done = 1;
		diag_set(d, DIAG_DATA, 1, 1, "UTF-16 or UTF-32 without a byte order "
		    "mark is not supported: convert it to UTF-8");
		return -1;
	}
	return 0;
}

/*
 * Reads more of the input into pend (made UTF-8 when it is UTF-16): 0,
 * with eof set at the end of the input, or -1 on an error (d filled).
 */
static int
read_more(struct split *s, struct diag *d)
{
	size_t was = s->pend.len;
	struct buf *to = s->utf16 ? &s->raw : &s->pend;
	ssize_t n;

	if (buf_grow(to, READ_SIZE) == -1)
		goto nomem;
	while ((n = read(s->fd, to->p + to->len, READ_SIZE)) < 0) {
		if (errno != EINTR) {
			diag_set(d, DIAG_IO, 0, 0, "read error: %s", strerror(errno));
			return -1;
		}
	}
	if (n == 0)
		s->eof = 1;
	to->len += (size_t)n;
	if (s->utf16 && from_utf16(s, s->eof) == -1)
		goto nomem;
	if (!s->checked && (s->pend.len >= 2 || s->eof)) {
		if (check_start(s, d) == -1)
			return -1;
		was = 0;
	}
	if (s->pend.len > was && !s->odd_breaks) {
		size_t back = was < 2 ? was : 2;

		s->odd_breaks = has_odd_break(s->pend.p + was - back,
		    s->pend.len - was + back);
	}
	return 0;
nomem:
	diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
	return -1;
}

int
split_next(struct split *s, struct chunk *c, struct diag *d)
{
	memset(c, 0, sizeof(*c));
	if (s->done)
		return 0;
	if (s->nent == 0 && add_entry(s, 0, 1) == -1)
		goto nomem;
	for (;;) {
		int r = scan(s, c);

		if (r == 1)
			return 1;
		if (r == -1)
			goto nomem;
		if (s->eof)
			break;
		if (s->skipping)
			drop_skipped(s, droppable(s));
		if (read_more(s, d) == -1)
			return -1;
	}
	/* The input ended: what is gathered is the last chunk. */
	s->done = 1;
	s->dir = 0;	/* no "---" came: they are the document's */
	if (s->skipping)
		end_skipped(s, s->pos);
	if (s->pend.len == 0) {
		size_t i;

		/* Nothing left, but maybe a record too large to report. */
		for (i = 0; i < s->nent && !s->ent[i].oversize; i++)
			;
		if (i == s->nent)
			return 0;
	}
	if (cut(s, s->pend.len, c) == -1)
		goto nomem;
	return 1;
nomem:
	diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
	return -1;
}

/* The high bit of each byte of x that is zero, and of no other. */
static uint64_t
zero_bytes(uint64_t x)
{
	const uint64_t low7 = 0x7F7F7F7F7F7F7F7FULL;

	return ~(((x & low7) + low7) | x | low7);
}

size_t
split_valid(const char *s, size_t n, size_t *ascii)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	*ascii = n;
	while (i < n) {
		unsigned c, v;
		size_t w, k;
		uint64_t x;

		/* Most text is printable ASCII and line feeds: eight bytes at
		 * a time, each under 0x80 and neither under 0x20 nor 0x7F once
		 * a line feed is made a '*' (the tests can only fail too
		 * often, never too rarely). */
		if (n - i >= 8) {
			memcpy(&x, p + i, 8);
			x |= zero_bytes(x ^ 0x0A0A0A0A0A0A0A0AULL) >> 2;
			if (((x | (x - 0x2020202020202020ULL) |
			    ((x ^ 0x7F7F7F7F7F7F7F7FULL) - 0x0101010101010101ULL)) &
			    0x8080808080808080ULL) == 0) {
				i += 8;
				continue;
			}
		}
		c = p[i];
		if (c >= 0x20 && c < 0x7F) {
			i++;
			continue;
		}
		if (c < 0x80) {
			if (c != '\t' && c != '\n' && c != '\r')
				return i;	/* a control character */
			i++;
			continue;
		}
		if (*ascii == n)
			*ascii = i;	/* the first byte past ASCII */
		w = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
		if (w == 0 || c >= 0xF8 || n - i < w)
			return i;
		v = c & (0x7Fu >> w);
		for (k = 1; k < w; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return i;
			v = v << 6 | (p[i + k] & 0x3F);
		}
		if ((w == 2 && v < 0x80) || (w == 3 && v < 0x800) ||
		    (w == 4 && v < 0x10000))
			return i;	/* overlong */
		if (!(v == 0x85 || (v >= 0xA0 && v <= 0xD7FF) ||
		    (v >= 0xE000 && v <= 0xFFFD) || (v >= 0x10000 && v <= 0x10FFFF)))
			return i;
		i += w;
	}
	return n;
}

/* The offset of the first byte from off on that is over 0x7F, or n. */
static size_t
next_high(const unsigned char *s, size_t off, size_t n)
{
	uint64_t w;

	for (; n - off >= 8; off += 8) {
		memcpy(&w, s + off, 8);
		if ((w & 0x8080808080808080ULL) != 0)
			break;
	}
	while (off < n && s[off] < 0x80)
		off++;
	return off;
}

void
charpos_init(struct charpos *cp, const char *s, size_t n, int ascii)
{
	cp->s = (const unsigned char *)s;
	cp->n = n;
	cp->start = n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	cp->chars = 0;
	cp->off = cp->high = cp->start;
	cp->ascii = ascii && cp->start == 0;
}

/*
 * From off, a run of ASCII (a byte a character) is crossed in one step,
 * and the next byte over 0x7F is looked for only once off reaches it:
 * one pass over the input in all.
 */
size_t
charpos_offset(struct charpos *cp, size_t index)
{
	if (cp->ascii)
		return index < cp->n ? index : cp->n;	/* a byte a character */
	if (index < cp->chars) {
		cp->chars = 0;
		cp->off = cp->high = cp->start;
	}
	while (cp->chars < index && cp->off < cp->n) {
		size_t want = index - cp->chars, run;

		if (cp->off == cp->high) {
			/* A character: its lead byte and its continuation
			 * bytes; a stray continuation byte after ASCII is
			 * the character before's, as it always was. */
			if ((cp->s[cp->off] & 0xC0) != 0x80 || cp->off == cp->start ||
			    cp->s[cp->off - 1] >= 0x80) {
				cp->off++;
				cp->chars++;
			}
			while (cp->off < cp->n && (cp->s[cp->off] & 0xC0) == 0x80)
				cp->off++;
			cp->high = next_high(cp->s, cp->off, cp->n);
			continue;
		}
		run = cp->high - cp->off;
		if (want < run)
			run = want;
		cp->off += run;
		cp->chars += run;
	}
	return cp->off;
}

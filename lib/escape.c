#include "escape.h"

#include <string.h>

#define FFFD	"\xef\xbf\xbd"	/* U+FFFD in UTF-8 */

size_t
utf8_next(const char *s, size_t n, int32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len, i;
	int32_t c;

	*cp = -1;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] < 0xc2 || u[0] > 0xf4)
		return 1;
	if (u[0] < 0xe0) {
		len = 2;
		c = u[0] & 0x1f;
	} else if (u[0] < 0xf0) {
		len = 3;
		c = u[0] & 0x0f;
	} else {
		len = 4;
		c = u[0] & 0x07;
	}
	/* The second byte's range rules out overlong forms, surrogates and
	 * code points beyond U+10FFFF. */
	if (u[0] == 0xe0)
		lo = 0xa0;
	else if (u[0] == 0xed)
		hi = 0x9f;
	else if (u[0] == 0xf0)
		lo = 0x90;
	else if (u[0] == 0xf4)
		hi = 0x8f;
	for (i = 1; i < len; i++) {
		if (i >= n || u[i] < lo || u[i] > hi)
			return i;
		c = c << 6 | (u[i] & 0x3f);
		lo = 0x80;
		hi = 0xbf;
	}
	*cp = c;
	return len;
}

/* Whether c is a control character: C0, DEL or C1. */
static int
is_control(int32_t c)
{
	return c >= 0 && (c < 0x20 || (c >= 0x7f && c < 0xa0));
}

/* s read one character at a time by text_next(). */
struct text {
	const char *s;
	size_t n, i;		/* the bytes and how far they are read */
	const char *p;		/* the bytes of the current character */
	size_t len;		/* how many */
	int32_t c;		/* its code point, -1 for bytes that are none */
};

/*
 * Moves t to its next character; 0 at the end.  With nl, CR LF and a lone
 * CR read as one LF.
 */
static int
text_next(struct text *t, int nl)
{
	if (t->i >= t->n)
		return 0;
	t->p = t->s + t->i;
	t->len = utf8_next(t->p, t->n - t->i, &t->c);
	t->i += t->len;
	if (nl && t->c == '\r') {
		if (t->i < t->n && t->s[t->i] == '\n')
			t->i++;
		t->p = "\n";
		t->c = '\n';
	}
	return 1;
}

/* Appends t's character, or U+FFFD for a control or bytes that are none. */
static int
put_char(struct buf *out, const struct text *t)
{
	if (t->c < 0 || is_control(t->c))
		return buf_add(out, FFFD, 3);
	return buf_add(out, t->p, t->len);
}

/* Returns r, the status of a writer that began at len0; on failure out
 * goes back to len0. */
static int
undo(struct buf *out, size_t len0, int r)
{
	if (r == -1)
		out->len = len0;
	return r;
}

/* Whether a spreadsheet could read the cell as a formula. */
static int
csv_formula(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] == ' ')
		i++;
	return i < n && memchr("=+-@\t\r", s[i], 6) != NULL;
}

/* Whether the cell must be quoted (RFC 4180 2.6). */
static int
csv_special(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			return 1;
	return 0;
}

static int
csv_cell(struct buf *out, const char *s, size_t n)
{
	struct text t = {.s = s, .n = n};
	int guard = csv_formula(s, n), quote = guard || csv_special(s, n);
	int r = 0;

	if (quote)
		r = buf_putc(out, '"');
	if (r == 0 && guard)
		r = buf_putc(out, '\'');
	while (r == 0 && text_next(&t, 0)) {
		if (t.c == '"')
			r = buf_add(out, "\"\"", 2);
		else if (t.c == '\t' || t.c == '\r' || t.c == '\n')
			r = buf_putc(out, (char)t.c);
		else
			r = put_char(out, &t);
	}
	if (r == 0 && quote)
		r = buf_putc(out, '"');
	return r;
}

int
esc_csv(struct buf *out, const char *s, size_t n)
{
	return undo(out, out->len, csv_cell(out, s, n));
}

/* Whether s is -?[0-9]+(.[0-9]+)? whole. */
static int
plain_number(const char *s, size_t n)
{
	size_t i = 0, from;

	if (i < n && s[i] == '-')
		i++;
	for (from = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		;
	if (i == from)
		return 0;
	if (i < n && s[i] == '.') {
		for (from = ++i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == from)
			return 0;
	}
	return i == n;
}

int
esc_csv_number(struct buf *out, const char *s, size_t n)
{
	if (plain_number(s, n))
		return buf_add(out, s, n);
	return esc_csv(out, s, n);
}

static int
html(struct buf *out, const char *s, size_t n, int attr)
{
	struct text t = {.s = s, .n = n};
	int r = 0;

	while (r == 0 && text_next(&t, 1)) {
		switch (t.c) {
		case '&': r = buf_puts(out, "&amp;"); break;
		case '<': r = buf_puts(out, "&lt;"); break;
		case '>': r = buf_puts(out, "&gt;"); break;
		case '"': r = buf_puts(out, attr ? "&quot;" : "\""); break;
		case '\'': r = buf_puts(out, attr ? "&#39;" : "'"); break;
		case '\t': r = buf_putc(out, '\t'); break;
		case '\n': r = buf_putc(out, '\n'); break;
		default: r = put_char(out, &t);
		}
	}
	return r;
}

int
esc_html(struct buf *out, const char *s, size_t n)
{
	return undo(out, out->len, html(out, s, n, 0));
}

int
esc_html_attr(struct buf *out, const char *s, size_t n)
{
	return undo(out, out->len, html(out, s, n, 1));
}

/* Whether the '.' at p (in s) is the one of "www.", in any case. */
static int
www_dot(const char *s, const char *p)
{
	if (p - s < 3)
		return 0;
	for (int i = 1; i <= 3; i++)
		if (p[-i] != 'w' && p[-i] != 'W')
			return 0;
	return 1;
}

static int
md_cell(struct buf *out, const char *s, size_t n)
{
	static const char specials[] = "\\|`*_~[]<>!#&$^:@";
	struct text t = {.s = s, .n = n};
	int r = 0;

	while (r == 0 && text_next(&t, 1)) {
		if (t.c == '\n' || t.c == '\t')
			r = buf_putc(out, ' ');
		else if ((t.c > 0 && t.c < 0x80 && strchr(specials, t.c) != NULL) ||
		    (t.c == '.' && www_dot(s, t.p))) {
			char e[2] = {'\\', (char)t.c};

			r = buf_add(out, e, 2);
		} else
			r = put_char(out, &t);
	}
	return r;
}

int
esc_md_cell(struct buf *out, const char *s, size_t n)
{
	return undo(out, out->len, md_cell(out, s, n));
}

static int
ics_text(struct buf *out, const char *s, size_t n)
{
	struct text t = {.s = s, .n = n};
	int r = 0;

	while (r == 0 && text_next(&t, 1)) {
		switch (t.c) {
		case '\\': r = buf_add(out, "\\\\", 2); break;
		case ';': r = buf_add(out, "\\;", 2); break;
		case ',': r = buf_add(out, "\\,", 2); break;
		case '\n': r = buf_add(out, "\\n", 2); break;
		case '\t': r = buf_putc(out, '\t'); break;
		default: r = put_char(out, &t);
		}
	}
	return r;
}

int
esc_ics_text(struct buf *out, const char *s, size_t n)
{
	return undo(out, out->len, ics_text(out, s, n));
}

#define ICS_LINE_MAX	75	/* octets in a content line, CR LF apart */

/* A content line being written: col octets so far on its last line. */
struct fold {
	struct buf *out;
	size_t col;
};

/* Appends the len bytes of one character, folding first if they would
 * not fit. */
static int
fold_add(struct fold *f, const char *p, size_t len)
{
	if (f->col + len > ICS_LINE_MAX) {
		if (buf_add(f->out, "\r\n ", 3) == -1)
			return -1;
		f->col = 1;
	}
	f->col += len;
	return buf_add(f->out, p, len);
}

/* Appends s a character at a time, U+FFFD for a control but TAB or for
 * bytes that are none. */
static int
fold_text(struct fold *f, const char *s, size_t n)
{
	struct text t = {.s = s, .n = n};
	int r = 0;

	while (r == 0 && text_next(&t, 0)) {
		if (t.c < 0 || (is_control(t.c) && t.c != '\t'))
			r = fold_add(f, FFFD, 3);
		else
			r = fold_add(f, t.p, t.len);
	}
	return r;
}

static int
content_line(struct buf *out, const char *name, const char *value, size_t n)
{
	struct fold f = {out, 0};

	if (fold_text(&f, name, strlen(name)) == -1 || fold_add(&f, ":", 1) == -1 ||
	    fold_text(&f, value, n) == -1)
		return -1;
	return buf_add(out, "\r\n", 2);
}

int
ics_line(struct buf *out, const char *name, const char *value, size_t n)
{
	return undo(out, out->len, content_line(out, name, value, n));
}

/* Whether c changes the order in which text is shown or breaks a line. */
static int
reorders(int32_t c)
{
	return c == 0x061c || c == 0x200e || c == 0x200f ||
	    (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) ||
	    c == 0x2028 || c == 0x2029;
}

/*
 * The escape esc_term() writes for t's character, into esc (16 bytes or
 * more); returns its length, 0 when the character is shown as it is.
 */
static size_t
term_escape(const struct text *t, char *esc)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)t->p;
	size_t k = 0;

	if (t->c < 0) {
		/* At most 3 bytes: a fourth would have made a character. */
		for (size_t i = 0; i < t->len; i++) {
			esc[k++] = '\\';
			esc[k++] = 'x';
			esc[k++] = hex[u[i] >> 4];
			esc[k++] = hex[u[i] & 15];
		}
		return k;
	}
	switch (t->c) {
	case '\\': memcpy(esc, "\\\\", 2); return 2;
	case '\t': memcpy(esc, "\\t", 2); return 2;
	case '\n': memcpy(esc, "\\n", 2); return 2;
	case '\r': memcpy(esc, "\\r", 2); return 2;
	case 0x1b: memcpy(esc, "\\e", 2); return 2;
	}
	if (t->c < 0x20 || t->c == 0x7f) {
		memcpy(esc, "\\x", 2);
		esc[2] = hex[t->c >> 4];
		esc[3] = hex[t->c & 15];
		return 4;
	}
	if (is_control(t->c) || reorders(t->c)) {
		memcpy(esc, "\\u", 2);
		for (int i = 0; i < 4; i++)
			esc[2 + i] = hex[(t->c >> (12 - 4 * i)) & 15];
		return 6;
	}
	return 0;
}

static int
term(struct buf *out, const char *s, size_t n)
{
	struct text t = {.s = s, .n = n};
	char esc[16];
	size_t k;
	int r = 0;

	while (r == 0 && text_next(&t, 0)) {
		if ((k = term_escape(&t, esc)) > 0)
			r = buf_add(out, esc, k);
		else
			r = buf_add(out, t.p, t.len);
	}
	return r;
}

int
esc_term(struct buf *out, const char *s, size_t n)
{
	return undo(out, out->len, term(out, s, n));
}

struct range {
	int32_t lo, hi;
};

/* East_Asian_Width W and F (Unicode 14), unassigned code points merged
 * into the ranges around them. */
static const struct range wide[] = {
	{0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC},
	{0x23F0, 0x23F0}, {0x23F3, 0x23F3}, {0x25FD, 0x25FE}, {0x2614, 0x2615},
	{0x2648, 0x2653}, {0x267F, 0x267F}, {0x2693, 0x2693}, {0x26A1, 0x26A1},
	{0x26AA, 0x26AB}, {0x26BD, 0x26BE}, {0x26C4, 0x26C5}, {0x26CE, 0x26CE},
	{0x26D4, 0x26D4}, {0x26EA, 0x26EA}, {0x26F2, 0x26F3}, {0x26F5, 0x26F5},
	{0x26FA, 0x26FA}, {0x26FD, 0x26FD}, {0x2705, 0x2705}, {0x270A, 0x270B},
	{0x2728, 0x2728}, {0x274C, 0x274C}, {0x274E, 0x274E}, {0x2753, 0x2755},
	{0x2757, 0x2757}, {0x2795, 0x2797}, {0x27B0, 0x27B0}, {0x27BF, 0x27BF},
	{0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2B55, 0x2B55}, {0x2E80, 0x303E},
	{0x3041, 0x3247}, {0x3250, 0x4DBF}, {0x4E00, 0xA4C6}, {0xA960, 0xA97C},
	{0xAC00, 0xD7A3}, {0xF900, 0xFAD9}, {0xFE10, 0xFE19}, {0xFE30, 0xFE6B},
	{0xFF01, 0xFF60}, {0xFFE0, 0xFFE6}, {0x16FE0, 0x1B2FB}, {0x1F004, 0x1F004},
	{0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A},
	{0x1F200, 0x1F320}, {0x1F32D, 0x1F335}, {0x1F337, 0x1F37C},
	{0x1F37E, 0x1F393}, {0x1F3A0, 0x1F3CA}, {0x1F3CF, 0x1F3D3},
	{0x1F3E0, 0x1F3F0}, {0x1F3F4, 0x1F3F4}, {0x1F3F8, 0x1F43E},
	{0x1F440, 0x1F440}, {0x1F442, 0x1F4FC}, {0x1F4FF, 0x1F53D},
	{0x1F54B, 0x1F54E}, {0x1F550, 0x1F567}, {0x1F57A, 0x1F57A},
	{0x1F595, 0x1F596}, {0x1F5A4, 0x1F5A4}, {0x1F5FB, 0x1F64F},
	{0x1F680, 0x1F6C5}, {0x1F6CC, 0x1F6CC}, {0x1F6D0, 0x1F6D2},
	{0x1F6D5, 0x1F6DF}, {0x1F6EB, 0x1F6EC}, {0x1F6F4, 0x1F6FC},
	{0x1F7E0, 0x1F7F0}, {0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945},
	{0x1F947, 0x1F9FF}, {0x1FA70, 0x1FAF6}, {0x20000, 0x3FFFD},
};

/* What takes no column of its own: the general combining blocks, the
 * zero-width space and joiners, the variation selectors. */
static const struct range zero[] = {
	{0x0300, 0x036F}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200D},
	{0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xE0100, 0xE01EF},
};

/* Whether c is in one of the n sorted ranges of v. */
static int
in_ranges(int32_t c, const struct range *v, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c < v[mid].lo)
			hi = mid;
		else if (c > v[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

/* The columns a printable character takes. */
static size_t
char_width(int32_t c)
{
	if (in_ranges(c, zero, sizeof(zero) / sizeof(zero[0])))
		return 0;
	if (in_ranges(c, wide, sizeof(wide) / sizeof(wide[0])))
		return 2;
	return 1;
}

size_t
esc_term_width(const char *s, size_t n)
{
	struct text t = {.s = s, .n = n};
	char esc[16];
	size_t w = 0, k;

	while (text_next(&t, 0))
		w += (k = term_escape(&t, esc)) > 0 ? k : char_width(t.c);
	return w;
}

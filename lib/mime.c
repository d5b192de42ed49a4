#include "mime.h"

#include <stdint.h>
#include <string.h>

#include "escape.h"

#define FFFD	"\xef\xbf\xbd"	/* U+FFFD in UTF-8 */
#define WORD_OPEN	"=?UTF-8?Q?"
#define WORD_CLOSE	"?="
/* The encoded text an encoded-word has room for. */
#define WORD_ROOM	(MIME_WORD_MAX - (sizeof(WORD_OPEN) - 1) - (sizeof(WORD_CLOSE) - 1))
#define QP_LINE_MAX	76

static const char hex[] = "0123456789ABCDEF";

/* Returns r, the status of a writer that began at len0; on failure out
 * goes back to len0. */
static int
undo(struct buf *out, size_t len0, int r)
{
	if (r == -1)
		out->len = len0;
	return r;
}

static int
add(struct buf *out, const struct buf *b)
{
	return b->len > 0 ? buf_add(out, b->p, b->len) : 0;
}

/* Appends s to clean with every control a space and every byte that is no
 * character U+FFFD. */
static int
header_text(struct buf *clean, const char *s, size_t n)
{
	size_t i = 0, len;
	int32_t c;
	int r = 0;

	while (r == 0 && i < n) {
		len = utf8_next(s + i, n - i, &c);
		if (c < 0)
			r = buf_add(clean, FFFD, 3);
		else if (c < 0x20 || (c >= 0x7f && c < 0xa0))
			r = buf_putc(clean, ' ');
		else
			r = buf_add(clean, s + i, len);
		i += len;
	}
	return r;
}

/* Whether header text may be written as it is (see mime_words()). */
static int
plain(const char *s, size_t n)
{
	size_t word = 0;

	for (size_t i = 0; i < n; i++) {
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return 0;
		if (s[i] == '=' && i + 1 < n && s[i + 1] == '?')
			return 0;
		word = s[i] == ' ' ? 0 : word + 1;
		if (word > MIME_WORD_MAX)
			return 0;
	}
	return 1;
}

/* Whether byte b stands for itself in a Q-encoded word in a phrase. */
static int
q_safe(unsigned char b)
{
	return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') ||
	    (b >= '0' && b <= '9') || (b != '\0' && strchr("!*+-/", b) != NULL);
}

/* The length of the len bytes at p Q-encoded. */
static size_t
q_len(const char *p, size_t len)
{
	size_t k = 0;

	for (size_t i = 0; i < len; i++)
		k += q_safe((unsigned char)p[i]) || p[i] == ' ' ? 1 : 3;
	return k;
}

static int
q_add(struct buf *out, const char *p, size_t len)
{
	int r = 0;

	for (size_t i = 0; r == 0 && i < len; i++) {
		unsigned char b = (unsigned char)p[i];
		char e[3] = {'=', hex[b >> 4], hex[b & 15]};

		if (q_safe(b))
			r = buf_putc(out, (char)b);
		else if (b == ' ')
			r = buf_putc(out, '_');
		else
			r = buf_add(out, e, 3);
	}
	return r;
}

/* Appends the n bytes of valid UTF-8 at s as encoded-words, each of whole
 * characters. */
static int
q_words(struct buf *out, const char *s, size_t n)
{
	size_t i = 0, used = 0, len, k;
	int32_t c;
	int r = buf_puts(out, WORD_OPEN);

	while (r == 0 && i < n) {
		len = utf8_next(s + i, n - i, &c);
		k = q_len(s + i, len);
		if (used + k > WORD_ROOM) {
			r = buf_puts(out, WORD_CLOSE " " WORD_OPEN);
			used = 0;
		}
		if (r == 0)
			r = q_add(out, s + i, len);
		used += k;
		i += len;
	}
	return r == 0 ? buf_puts(out, WORD_CLOSE) : r;
}

static int
words(struct buf *out, const char *s, size_t n)
{
	struct buf clean = {0};
	int r = header_text(&clean, s, n);

	if (r == 0)
		r = plain(clean.p, clean.len) ? add(out, &clean) :
		    q_words(out, clean.p, clean.len);
	buf_free(&clean);
	return r;
}

int
mime_words(struct buf *out, const char *s, size_t n)
{
	return undo(out, out->len, words(out, s, n));
}

/* atext (RFC 5322 3.2.3). */
static int
atext(unsigned char b)
{
	return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') ||
	    (b >= '0' && b <= '9') ||
	    (b != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", b) != NULL);
}

/* Whether s is a dot-atom: atext runs joined by single dots. */
static int
dot_atom(const char *s, size_t n)
{
	if (n == 0 || s[0] == '.' || s[n - 1] == '.')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '.' ? s[i + 1] == '.' : !atext((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Whether s is a host name of two labels or more. */
static int
domain_ok(const char *s, size_t n)
{
	size_t labels = 0, i = 0;

	while (i <= n) {
		size_t from = i;

		for (; i < n && s[i] != '.'; i++) {
			unsigned char b = (unsigned char)s[i];

			if (!((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') ||
			    (b >= '0' && b <= '9') || b == '-'))
				return 0;
		}
		if (i == from || i - from > 63 || s[from] == '-' || s[i - 1] == '-')
			return 0;
		labels++;
		i++;	/* past the '.', or past the end */
	}
	return labels >= 2;
}

int
mime_addr_ok(const char *s, size_t n)
{
	const char *at = n > 0 ? memchr(s, '@', n) : NULL;
	size_t local;

	if (at == NULL || n > 254)
		return 0;
	local = (size_t)(at - s);
	return local <= 64 && dot_atom(s, local) &&
	    domain_ok(at + 1, n - local - 1);
}

/* Appends s as a quoted-string. */
static int
quoted(struct buf *out, const char *s, size_t n)
{
	int r = buf_putc(out, '"');

	for (size_t i = 0; r == 0 && i < n; i++) {
		if (s[i] == '"' || s[i] == '\\')
			r = buf_putc(out, '\\');
		if (r == 0)
			r = buf_putc(out, s[i]);
	}
	return r == 0 ? buf_putc(out, '"') : r;
}

/* Appends the display name (header text, not only spaces) for a mailbox. */
static int
display_name(struct buf *out, const char *s, size_t n)
{
	if (plain(s, n))
		return quoted(out, s, n);
	return q_words(out, s, n);
}

static int
mailbox(struct buf *out, const char *name, size_t n, const char *addr,
    size_t addrlen)
{
	struct buf clean = {0};
	size_t i = 0, end;
	int r = header_text(&clean, name, n);

	/* The name without the blanks around it, or none when all are. */
	while (i < clean.len && clean.p[i] == ' ')
		i++;
	for (end = clean.len; end > i && clean.p[end - 1] == ' '; end--)
		;
	if (r == 0 && i < clean.len) {
		r = display_name(out, clean.p + i, end - i);
		if (r == 0)
			r = buf_add(out, " <", 2);
	}
	if (r == 0)
		r = buf_add(out, addr, addrlen);
	if (r == 0 && i < clean.len)
		r = buf_putc(out, '>');
	buf_free(&clean);
	return r;
}

int
mime_mailbox(struct buf *out, const char *name, size_t n, const char *addr,
    size_t addrlen)
{
	if (!mime_addr_ok(addr, addrlen))
		return 1;
	return undo(out, out->len, mailbox(out, name, n, addr, addrlen));
}

/* Appends the line of n bytes (no CR or LF in it), folded, and CR LF. */
static int
fold_line(struct buf *out, const char *p, size_t n)
{
	size_t i = 0, col = 0;
	int r = 0;

	while (r == 0 && i < n) {
		size_t j = i;
		int end;

		/* A piece: the spaces (where a fold may go), then a word. */
		while (j < n && p[j] == ' ')
			j++;
		end = j == n;
		while (j < n && p[j] != ' ')
			j++;
		if (col > 0 && col + (j - i) > MIME_LINE_MAX && p[i] == ' ' &&
		    !end) {
			r = buf_add(out, "\r\n", 2);
			col = 0;
		}
		if (r == 0)
			r = buf_add(out, p + i, j - i);
		col += j - i;
		i = j;
	}
	return r == 0 ? buf_add(out, "\r\n", 2) : r;
}

static int
header(struct buf *out, const char *name, const char *value, size_t n)
{
	struct buf line = {0};
	int r = buf_puts(&line, name) == 0 ? buf_add(&line, ": ", 2) : -1;

	for (size_t i = 0; r == 0 && i < n; i++) {
		unsigned char b = (unsigned char)value[i];

		r = buf_putc(&line, b < 0x20 || b == 0x7f ? ' ' : (char)b);
	}
	if (r == 0)
		r = fold_line(out, line.p, line.len);
	buf_free(&line);
	return r;
}

int
mime_header(struct buf *out, const char *name, const char *value, size_t n)
{
	return undo(out, out->len, header(out, name, value, n));
}

/* Where the line that starts at i ends: at its LF, at the CR of its
 * CR LF, or at n. */
static size_t
line_end(const char *s, size_t n, size_t i)
{
	for (; i < n; i++)
		if (s[i] == '\n' || (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n'))
			return i;
	return n;
}

/*
 * Byte k of the line that ends at e, quoted-printable, into tok; returns
 * its length.  first says it begins an output line.
 */
static size_t
qp_token(const char *s, size_t k, size_t e, int first, char *tok)
{
	unsigned char b = (unsigned char)s[k];
	int literal = (b >= '!' && b <= '~' && b != '=') ||
	    ((b == ' ' || b == '\t') && k + 1 < e);

	if (first && (b == '.' ||
	    (b == 'F' && e - k >= 5 && memcmp(s + k, "From ", 5) == 0)))
		literal = 0;
	if (literal) {
		tok[0] = (char)b;
		return 1;
	}
	tok[0] = '=';
	tok[1] = hex[b >> 4];
	tok[2] = hex[b & 15];
	return 3;
}

/* Appends the line [i, e), soft breaks where it is too long. */
static int
qp_line(struct buf *out, const char *s, size_t i, size_t e)
{
	size_t col = 0, t;
	char tok[3];
	int r = 0;

	for (size_t k = i; r == 0 && k < e; k++) {
		t = qp_token(s, k, e, col == 0, tok);
		/* Room for a soft break after it, unless it ends the line. */
		if (col + t > (k + 1 == e ? QP_LINE_MAX : QP_LINE_MAX - 1)) {
			r = buf_add(out, "=\r\n", 3);
			col = 0;
			t = qp_token(s, k, e, 1, tok);
		}
		if (r == 0)
			r = buf_add(out, tok, t);
		col += t;
	}
	return r;
}

static int
qp(struct buf *out, const char *s, size_t n)
{
	size_t i = 0, e;
	int r = 0;

	while (r == 0 && i < n) {
		e = line_end(s, n, i);
		r = qp_line(out, s, i, e);
		if (r == 0 && e < n) {
			r = buf_add(out, "\r\n", 2);
			e += s[e] == '\r' ? 2 : 1;
		}
		i = e;
	}
	return r;
}

int
mime_qp(struct buf *out, const char *s, size_t n)
{
	return undo(out, out->len, qp(out, s, n));
}

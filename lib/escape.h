/*
 * escape: text from a record made safe for where it goes (CSV, HTML,
 * Markdown, iCalendar, a terminal).
 *
 * Each escaper appends the n bytes of s, escaped, to out and returns 0,
 * or -1 when memory runs out (out is then as it was).  The bytes may hold
 * NULs and invalid UTF-8; nothing past s + n is read.  The output is
 * always valid UTF-8.  Bytes that form no character, and the control
 * characters a format cannot hold, become U+FFFD (the replacement
 * character), so that what was there stays visible; the terminal's
 * escaper shows them as escapes instead.  A "control" is C0
 * (U+0000-U+001F), DEL or C1 (U+0080-U+009F).
 */
#ifndef DERMA_ESCAPE_H
#define DERMA_ESCAPE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/*
 * The character at s (n > 0 bytes): its code point into *cp and its
 * length (1-4).  Bytes that form none (a stray continuation byte, an
 * overlong form, a surrogate, a truncated sequence, beyond U+10FFFF) give
 * *cp = -1 and the length of that maximal ill-formed part, at least 1, as
 * Unicode's "U+FFFD substitution of maximal subparts" counts them.
 */
size_t utf8_next(const char *s, size_t n, int32_t *cp);

/*
 * CSV (RFC 4180): a text cell.  It is quoted when it holds ',', '"', CR
 * or LF, with '"' doubled.  A cell whose first byte after any spaces is
 * '=', '+', '-', '@', TAB or CR could start a formula in a spreadsheet:
 * it is always quoted and gets a "'" inside the quotes (OWASP), so
 * "-2+3" is written "'-2+3" in quotes.  TAB, CR and LF are kept.
 */
int esc_csv(struct buf *out, const char *s, size_t n);
/*
 * A cell the tool knows is a number: a plain decimal (-?[0-9]+(.[0-9]+)?,
 * such as -1.5) is written as is, so it stays a number; anything else is
 * a text cell, as esc_csv() writes it.
 */
int esc_csv_number(struct buf *out, const char *s, size_t n);

/*
 * HTML text: '&', '<' and '>' as entities.  TAB and LF are kept; CR LF
 * and a lone CR become LF (what an HTML parser reads them as).
 */
int esc_html(struct buf *out, const char *s, size_t n);
/* An HTML attribute value, to go between '"' or '\'': also both quotes. */
int esc_html_attr(struct buf *out, const char *s, size_t n);

/*
 * A Markdown (CommonMark, GFM) table cell: the text stays text.  A
 * backslash goes before '\\', '|', '`', '*', '_', '~', '[', ']', '<', '>',
 * '!', '#', '&', '$', '^', ':', '@' and the '.' of "www.": no emphasis,
 * code, link, image, HTML, entity, math or autolink.  TAB, CR, LF and
 * CR LF become one space.  (A renderer that links bare URLs or @names
 * after parsing, as github.com also does, cannot be stopped by escapes.)
 */
int esc_md_cell(struct buf *out, const char *s, size_t n);

/*
 * iCalendar TEXT (RFC 5545 3.3.11): '\\', ';' and ',' get a backslash;
 * LF, CR LF and a lone CR are written "\n".  TAB is kept.
 */
int esc_ics_text(struct buf *out, const char *s, size_t n);
/*
 * A content line: name (the property and its parameters, NUL-terminated),
 * ':', the n bytes of value (already escaped), then CR LF.  Folded so no
 * line is over 75 octets: CR LF and one space go before the character
 * that would not fit, never inside a UTF-8 sequence.  Controls other than
 * TAB and bytes that form no character become U+FFFD, so a value that was
 * not escaped cannot end the line.
 */
int ics_line(struct buf *out, const char *name, const char *value, size_t n);

/*
 * Terminal text: printable UTF-8 (accents, CJK, emoji) is kept; the rest
 * is shown in C's escape form, so nothing can move the cursor, set a
 * title or end a line: "\\" for a backslash, "\t", "\n", "\r", "\e" for
 * ESC, "\xHH" for the other C0 controls, DEL, and each byte that is no
 * character, "\uHHHH" for C1 controls and the characters that reorder
 * or break lines (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069,
 * U+2028, U+2029).
 */
int esc_term(struct buf *out, const char *s, size_t n);
/*
 * The columns esc_term()'s output of s takes on a terminal: an escape
 * counts its length; East Asian wide and fullwidth characters (Unicode 14
 * East_Asian_Width W and F, emoji included) 2; the combining marks of
 * U+0300-U+036F, U+1AB0-U+1AFF, U+1DC0-U+1DFF, U+20D0-U+20FF,
 * U+FE20-U+FE2F, the variation selectors and U+200B-U+200D 0; any other
 * character 1 (combining marks of other scripts included: an estimate).
 */
size_t esc_term_width(const char *s, size_t n);

#endif

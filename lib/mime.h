/*
 * mime: text from a record made safe for an RFC 5322 mail message: header
 * values (RFC 2047 encoded-words), mailboxes, addresses, header lines,
 * and quoted-printable bodies (RFC 2045).
 *
 * The writers append to out and return 0, or -1 when memory runs out (out
 * is then as it was).  Their input may hold NULs and invalid UTF-8 (which
 * becomes U+FFFD in a header); nothing past s + n is read.  No header
 * writer ever lets a CR, an LF or another control character through: a
 * value cannot end its header or start another.
 */
#ifndef DERMA_MIME_H
#define DERMA_MIME_H

#include <stddef.h>

#include "buf.h"

/* Longest encoded-word (RFC 2047 2) and header line (RFC 5322 2.1.1). */
#define MIME_WORD_MAX	75
#define MIME_LINE_MAX	78

/*
 * An unstructured header value, such as a subject.  Controls (TAB, CR and
 * LF among them) become spaces first.  Printable ASCII is then written as
 * it is, unless it holds "=?" (it would read as an encoded-word) or a word
 * of more than MIME_WORD_MAX characters (no line could hold it); anything
 * else is written whole as "=?UTF-8?Q?...?=" encoded-words of at most
 * MIME_WORD_MAX characters, one space apart, each of whole characters.
 * The Q encoding keeps only letters, digits and "!*+-/" (what a phrase
 * allows too), writes a space as '_' and every other byte as =XX.
 */
int mime_words(struct buf *out, const char *s, size_t n);

/*
 * Whether the n bytes of s are an address this module writes: a dot-atom
 * local part of at most 64 octets, one '@', and a domain of two or more
 * dot-separated labels of 1-63 letters, digits and '-' (no '-' first or
 * last), 254 octets in all.  Quoted local parts, domain literals,
 * comments, spaces, controls and non-ASCII (internationalised addresses,
 * which need SMTPUTF8) are refused: write a domain in its xn-- form.
 */
int mime_addr_ok(const char *s, size_t n);

/*
 * A mailbox: the display name and "<addr>".  A name that mime_words()
 * would write as it is goes in a quoted-string ('"' and '\\' get a
 * backslash); any other is encoded-words.  An empty name gives the bare
 * address.  Returns 1, appending nothing, when mime_addr_ok() refuses
 * addr.
 */
int mime_mailbox(struct buf *out, const char *name, size_t n,
    const char *addr, size_t addrlen);

/*
 * A header line: name (NUL-terminated), ": ", the n bytes of value, CR LF.
 * Controls in the value become spaces.  The line is folded (CR LF before
 * a space) where it would pass MIME_LINE_MAX characters, never before
 * the spaces that end it; a word longer than a line stays whole.  The
 * value should be ASCII, as mime_words() and mime_mailbox() write it.
 */
int mime_header(struct buf *out, const char *name, const char *value, size_t n);

/*
 * A body in quoted-printable (RFC 2045 6.7).  Lines end in LF or CR LF
 * and are written ending in CR LF.  '=', bytes outside printable ASCII
 * (a lone CR too), a space or TAB that ends a line, a '.' that begins
 * one and the 'F' of "From " that begins one (SMTP and mbox would change
 * those) are written =XX.  No line passes 76 characters: a soft break
 * ('=' and CR LF) goes between two =XX or characters, never inside one.
 */
int mime_qp(struct buf *out, const char *s, size_t n);

#endif

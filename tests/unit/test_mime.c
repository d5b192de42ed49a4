/* Unit tests: mail headers, addresses and quoted-printable bodies (mime.h). */
#include "unit.h"

#include "escape.h"
#include "mime.h"

#define NAME	"Zoë Ûrbañ-Ødegård"
#define NAME_Q	"=?UTF-8?Q?Zo=C3=AB_=C3=9Brba=C3=B1-=C3=98deg=C3=A5rd?="
#define R_Q	"=EF=BF=BD"	/* U+FFFD, Q-encoded */

struct mime_case {
	const char *in;
	size_t n;
	const char *want;
	size_t wn;
};
#define C(in, want)	{in, sizeof(in) - 1, want, sizeof(want) - 1}

typedef int mime_fn(struct buf *, const char *, size_t);

/* The n bytes of s in a block of exactly n bytes, so that ASan sees any
 * read past them. */
static char *
exact(const char *s, size_t n)
{
	char *p = malloc(n > 0 ? n : 1);

	assert_non_null(p);
	memcpy(p, s, n);
	return p;
}

/* s shown readably in a failure message. */
static const char *
show(struct buf *b, const char *s, size_t n)
{
	b->len = 0;
	if (esc_term(b, s, n) == -1 || buf_str(b) == NULL)
		fail_msg("out of memory");
	return b->p;
}

static void
check_cases(const char *what, mime_fn *fn, const struct mime_case *v, size_t nv)
{
	struct buf out = {0}, s1 = {0}, s2 = {0};

	for (size_t i = 0; i < nv; i++) {
		char *in = exact(v[i].in, v[i].n);

		out.len = 0;
		assert_int_equal(buf_puts(&out, "[]"), 0);
		assert_int_equal(fn(&out, in, v[i].n), 0);
		if (out.len - 2 != v[i].wn || memcmp(out.p + 2, v[i].want, v[i].wn))
			fail_msg("%s case %zu: '%s' gave '%s'", what, i,
			    show(&s1, v[i].in, v[i].n),
			    show(&s2, out.p + 2, out.len - 2));
		free(in);
	}
	buf_free(&out);
	buf_free(&s1);
	buf_free(&s2);
}

/* Whether any byte of s is a control character (CR and LF among them). */
static int
has_control(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 1;
	return 0;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decodes what mime_words() wrote (of n bytes at s) into out, checking
 * that each encoded-word is well formed, at most 75 characters, of whole
 * UTF-8 characters.  Text that is not encoded-words is copied.
 */
static void
decode_words(const char *s, size_t n, struct buf *out)
{
	static const char open[] = "=?UTF-8?Q?";

	if (n < 2 || memcmp(s, open, sizeof(open) - 1) != 0) {
		assert_int_equal(buf_add(out, s, n), 0);
		return;
	}
	for (size_t i = 0; i < n;) {
		const char *end;
		size_t from = out->len, w;

		assert_true(n - i > sizeof(open) && memcmp(s + i, open, sizeof(open) - 1) == 0);
		end = strstr(s + i + sizeof(open) - 1, "?=");
		assert_non_null(end);
		w = (size_t)(end + 2 - (s + i));
		if (w > MIME_WORD_MAX)
			fail_msg("encoded-word of %zu characters", w);
		for (const char *p = s + i + sizeof(open) - 1; p < end; p++) {
			if (*p == '_')
				assert_int_equal(buf_putc(out, ' '), 0);
			else if (*p == '=') {
				assert_true(hexval(p[1]) >= 0 && hexval(p[2]) >= 0);
				assert_int_equal(buf_putc(out,
				    (char)(hexval(p[1]) * 16 + hexval(p[2]))), 0);
				p += 2;
			} else {
				assert_true((*p >= 'A' && *p <= 'Z') ||
				    (*p >= 'a' && *p <= 'z') ||
				    (*p >= '0' && *p <= '9') || strchr("!*+-/", *p));
				assert_int_equal(buf_putc(out, *p), 0);
			}
		}
		/* Whole characters in every word. */
		for (size_t k = from, len; k < out->len; k += len) {
			int32_t c;

			len = utf8_next(out->p + k, out->len - k, &c);
			assert_true(c >= 0);
		}
		i += w;
		if (i < n) {
			assert_int_equal(s[i], ' ');
			i++;
		}
	}
}

static void
test_words(void **state)
{
	static const struct mime_case cases[] = {
		C("", ""),
		C("Your reminder for 2026-11-25", "Your reminder for 2026-11-25"),
		C("under_score? (yes) \"q\" 50%", "under_score? (yes) \"q\" 50%"),
		C(NAME, NAME_Q),
		C("Hello\r\nBcc: evil@x", "Hello  Bcc: evil@x"),
		C("Hello\nX-Evil: 1", "Hello X-Evil: 1"),
		C("Evil \033]0;pwned\007", "Evil  ]0;pwned "),
		C("a\0b\tc", "a b c"),
		C("Zoë\r\nBcc: evil@x", "=?UTF-8?Q?Zo=C3=AB__Bcc=3A_evil=40x?="),
		C("=?UTF-8?Q?spoof?=", "=?UTF-8?Q?=3D=3FUTF-8=3FQ=3Fspoof=3F=3D?="),
		C("\xff", "=?UTF-8?Q?" R_Q "?="),
		C("\xc0\x80", "=?UTF-8?Q?" R_Q R_Q "?="),
		C("\xc2\x85", " "),
		C("😀", "=?UTF-8?Q?=F0=9F=98=80?="),
		C("a_b=c?d", "a_b=c?d"),
		C("ä_=?", "=?UTF-8?Q?=C3=A4=5F=3D=3F?="),
		/* A word too long for a line: encoded, split at 75. */
		C("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		    "=?UTF-8?Q?aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa?= "
		    "=?UTF-8?Q?aaaaaaaaaaaaa?="),
		/* 63 characters encoded: one word of 75. */
		C("éaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		    "=?UTF-8?Q?=C3=A9aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa?="),
		/* One more character: it goes whole into the next word. */
		C("éaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa😀",
		    "=?UTF-8?Q?=C3=A9aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa?= "
		    "=?UTF-8?Q?=F0=9F=98=80?="),
		C("éaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa😀",
		    "=?UTF-8?Q?=C3=A9aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa?= "
		    "=?UTF-8?Q?=F0=9F=98=80?="),
		C("éaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
		    "=?UTF-8?Q?=C3=A9aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab?="),
	};

	(void)state;
	check_cases("words", mime_words, cases, NELEM(cases));
}

/* mime_words() on long text of every mix: words of at most 75 characters,
 * whole characters each, no control; decoded, the text again. */
static void
test_words_split(void **state)
{
	static const char *const pieces[] = {"a", "é", "中", "😀", " ", "_", "="};
	struct buf in = {0}, out = {0}, back = {0};

	(void)state;
	for (size_t lead = 0; lead < 70; lead++)
		for (size_t k = 0; k < NELEM(pieces); k++) {
			in.len = out.len = back.len = 0;
			for (size_t j = 0; j < lead; j++)
				assert_int_equal(buf_putc(&in, 'b'), 0);
			for (size_t j = 0; j < 40; j++)
				assert_int_equal(buf_puts(&in, pieces[(k + j) % NELEM(pieces)]), 0);
			assert_int_equal(mime_words(&out, in.p, in.len), 0);
			assert_false(has_control(out.p, out.len));
			decode_words(out.p, out.len, &back);
			assert_int_equal(back.len, in.len);
			assert_memory_equal(back.p, in.p, in.len);
		}
	buf_free(&in);
	buf_free(&out);
	buf_free(&back);
}

static void
test_addr(void **state)
{
	static const char *const ok[] = {
		"a@b.c", "zoe.urbane@clinic.example", "first.last+tag@sub.example.org",
		"x_y-z@a-b.example", "!#$%&'*+-/=?^_`{|}~@x.io", "a@xn--zo-dia.example",
		"1@2.3", "A.B.C@EXAMPLE.COM",
		/* 64 octets of local part, 254 in all. */
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@x.io",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@"
		"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb."
		"ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc."
		"ddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd",
	};
	static const char *const bad[] = {
		"", "@", "a@", "@b.c", "a", "a@b", "a@@b.c", "a@b@c.d",
		"\"quoted\"@x.com", "\"a b\"@x.com", "a b@x.com", "a@x .com",
		" a@x.com", "a@x.com ", "a@x.com\r\nBcc: e@x.com", "a\n@x.com",
		"a@x.com\n", "a(comment)@x.com", "a@x.com(comment)", "<a@x.com>",
		"A <a@x.com>", "a..b@x.com", ".a@x.com", "a.@x.com", "a@-x.com",
		"a@x-.com", "a@x..com", "a@.x.com", "a@x.com.", "zoë@x.com",
		"a@zoë.example", "a@[192.0.2.1]", "a@x_y.com", "a,b@x.com",
		"a;b@x.com", "a\\b@x.com", "a@x.com,b@y.com",
		/* 65 octets of local part; a label of 64; 255 in all. */
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@x.io",
		"a@bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.io",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@"
		"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb."
		"ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc."
		"dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd",
	};

	(void)state;
	assert_int_equal(strlen(ok[NELEM(ok) - 1]), 254);
	assert_int_equal(strlen(bad[NELEM(bad) - 1]), 255);
	for (size_t i = 0; i < NELEM(ok); i++) {
		char *s = exact(ok[i], strlen(ok[i]));

		if (!mime_addr_ok(s, strlen(ok[i])))
			fail_msg("'%s' refused", ok[i]);
		free(s);
	}
	for (size_t i = 0; i < NELEM(bad); i++) {
		char *s = exact(bad[i], strlen(bad[i]));

		if (mime_addr_ok(s, strlen(bad[i])))
			fail_msg("'%s' accepted", bad[i]);
		free(s);
	}
	/* A NUL is not part of an address; n is the end. */
	assert_false(mime_addr_ok("a\0@x.com", 8));
	assert_false(mime_addr_ok("a@x.com\0", 8));
	assert_true(mime_addr_ok("a@x.com\r\nBcc: e@x.com", 7));
}

static void
test_mailbox(void **state)
{
	static const struct {
		const char *name;
		size_t n;
		const char *addr, *want;
	} cases[] = {
#define M(name, addr, want)	{name, sizeof(name) - 1, addr, want}
		M(NAME, "zoe@clinic.example",
		    NAME_Q " <zoe@clinic.example>"),
		M("Ann Lee", "ann@x.com", "\"Ann Lee\" <ann@x.com>"),
		M("Say \"Hi\" \\o/", "a@x.com", "\"Say \\\"Hi\\\" \\\\o/\" <a@x.com>"),
		M("Eve\r\nBcc: evil@x", "eve@x.com",
		    "\"Eve  Bcc: evil@x\" <eve@x.com>"),
		M("Bob <boss@corp.example>", "bob@x.com",
		    "\"Bob <boss@corp.example>\" <bob@x.com>"),
		M("=?UTF-8?B?c3Bvb2Y=?=", "a@x.com",
		    "=?UTF-8?Q?=3D=3FUTF-8=3FB=3Fc3Bvb2Y=3D=3F=3D?= <a@x.com>"),
		M("Zoë \"Z\"", "z@x.com", "=?UTF-8?Q?Zo=C3=AB_=22Z=22?= <z@x.com>"),
		M("O'Brien, Pat", "p@x.com", "\"O'Brien, Pat\" <p@x.com>"),
		M("a\0b", "a@x.com", "\"a b\" <a@x.com>"),
		M("", "a@x.com", "a@x.com"),
		M("   ", "a@x.com", "a@x.com"),
		M("  Ann Lee \t", "ann@x.com", "\"Ann Lee\" <ann@x.com>"),
		M("\r\n", "a@x.com", "a@x.com"),
	};
	static const char *const bad[] = {
		"ann@x.com\r\nBcc: evil@x.com", "ann\n@x.com", "", "Ann <ann@x.com>",
		"ann@x.com, evil@y.com",
	};
	struct buf out = {0};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		char *name = exact(cases[i].name, cases[i].n);

		out.len = 0;
		assert_int_equal(mime_mailbox(&out, name, cases[i].n, cases[i].addr,
		    strlen(cases[i].addr)), 0);
		assert_non_null(buf_str(&out));
		if (strcmp(out.p, cases[i].want) != 0)
			fail_msg("case %zu: '%s'", i, out.p);
		assert_false(has_control(out.p, out.len));
		free(name);
	}
	for (size_t i = 0; i < NELEM(bad); i++) {
		out.len = 0;
		assert_int_equal(buf_puts(&out, "[]"), 0);
		assert_int_equal(mime_mailbox(&out, "Ann", 3, bad[i], strlen(bad[i])), 1);
		assert_int_equal(out.len, 2);
	}
	buf_free(&out);
}

/* Checks a header line: CR LF only to fold (before a space) and at the
 * end, lines of at most 78 characters; unfolded, what was wanted. */
static void
check_header(const struct buf *out, const char *want)
{
	struct buf unfolded = {0};
	size_t i = 0;

	assert_true(out->len >= 2);
	assert_memory_equal(out->p + out->len - 2, "\r\n", 2);
	while (i < out->len) {
		const char *end = memchr(out->p + i, '\r', out->len - i);
		size_t len;

		assert_non_null(end);
		len = (size_t)(end - (out->p + i));
		assert_int_equal(end[1], '\n');
		assert_false(has_control(out->p + i, len));
		if (len > MIME_LINE_MAX)
			fail_msg("line of %zu characters", len);
		if (i > 0)
			assert_int_equal(out->p[i], ' ');
		assert_int_equal(buf_add(&unfolded, out->p + i, len), 0);
		i += len + 2;
	}
	assert_non_null(buf_str(&unfolded));
	assert_string_equal(unfolded.p, want);
	buf_free(&unfolded);
}

static void
test_header(void **state)
{
	static const struct {
		const char *name, *value, *want;
	} cases[] = {
		{"Subject", "Hello", "Subject: Hello\r\n"},
		{"Subject", "", "Subject: \r\n"},
		{"Subject", "Hello\r\nBcc: evil@x", "Subject: Hello  Bcc: evil@x\r\n"},
		{"Subject", "a\tb\x7f", "Subject: a b \r\n"},
		/* 78 fit. */
		{"Subject", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bbbbbbb",
		    "Subject: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bbbbbbb\r\n"},
		/* A 79th folds before the space. */
		{"Subject", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bbbbbbbb",
		    "Subject: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n bbbbbbbb\r\n"},
		/* A first word that does not fit goes after the colon. */
		{"Subject", NAME_Q " " NAME_Q,
		    "Subject: " NAME_Q "\r\n " NAME_Q "\r\n"},
		{"Subject", "=?UTF-8?Q?aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa?=", "Subject:\r\n =?UTF-8?Q?aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa?=\r\n"},
		/* Trailing spaces are never a line of their own. */
		{"X", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa          ",
		    "X: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa          \r\n"},
		/* A word longer than a line stays whole. */
		{"X", "a bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb c",
		    "X: a\r\n bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\r\n c\r\n"},
	};
	struct buf out = {0}, v = {0}, want = {0};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		size_t n = strlen(cases[i].value);
		char *value = exact(cases[i].value, n);

		out.len = 0;
		assert_int_equal(mime_header(&out, cases[i].name, value, n), 0);
		assert_non_null(buf_str(&out));
		if (strcmp(out.p, cases[i].want) != 0)
			fail_msg("case %zu: '%s'", i, out.p);
		free(value);
	}
	/* Long encoded subjects and mailboxes fold into lines of 78 or less. */
	for (int k = 1; k < 12; k++) {
		v.len = out.len = want.len = 0;
		for (int j = 0; j < k; j++)
			assert_int_equal(buf_puts(&v, NAME " 😀 é\r\nBcc: x "), 0);
		assert_int_equal(mime_words(&want, v.p, v.len), 0);
		v.len = 0;
		assert_int_equal(buf_add(&v, want.p, want.len), 0);
		assert_int_equal(mime_header(&out, "Subject", v.p, v.len), 0);
		want.len = 0;
		assert_int_equal(buf_puts(&want, "Subject: "), 0);
		assert_int_equal(buf_add(&want, v.p, v.len), 0);
		assert_non_null(buf_str(&want));
		check_header(&out, want.p);

		v.len = out.len = 0;
		for (int j = 0; j < k; j++)
			assert_int_equal(buf_puts(&v, "Ann \"A\" Lee "), 0);
		assert_int_equal(mime_mailbox(&out, v.p, v.len, "ann@x.com", 9), 0);
		v.len = 0;
		assert_int_equal(buf_add(&v, out.p, out.len), 0);
		out.len = want.len = 0;
		assert_int_equal(mime_header(&out, "To", v.p, v.len), 0);
		assert_int_equal(buf_puts(&want, "To: "), 0);
		assert_int_equal(buf_add(&want, v.p, v.len), 0);
		assert_non_null(buf_str(&want));
		check_header(&out, want.p);
	}
	/* A raw value with CR LF: still one header. */
	out.len = 0;
#define RAW	"x\r\nBcc: e@x\r\n\r\nbody"
	assert_int_equal(mime_header(&out, "Subject", RAW, sizeof(RAW) - 1), 0);
	check_header(&out, "Subject: x  Bcc: e@x    body");
	buf_free(&out);
	buf_free(&v);
	buf_free(&want);
}

static void
test_qp(void **state)
{
	static const struct mime_case cases[] = {
		C("", ""),
		C("hello", "hello"),
		C("hello\n", "hello\r\n"),
		C("a\r\nb\n", "a\r\nb\r\n"),
		C("\n\n", "\r\n\r\n"),
		C("a=b", "a=3Db"),
		C(NAME, "Zo=C3=AB =C3=9Brba=C3=B1-=C3=98deg=C3=A5rd"),
		C("😀", "=F0=9F=98=80"),
		C("trailing \n", "trailing=20\r\n"),
		C("tab\t\r\n", "tab=09\r\n"),
		C("end ", "end=20"),
		C("a  \nb", "a =20\r\nb"),
		C("a \tb", "a \tb"),
		C("From here\n", "=46rom here\r\n"),
		C("x\nFrom y", "x\r\n=46rom y"),
		C("From\n", "From\r\n"),
		C(" From x", " From x"),
		C(".\n", "=2E\r\n"),
		C("..x", "=2E.x"),
		C("a.b", "a.b"),
		C("a\rb", "a=0Db"),
		C("a\r\r\n", "a=0D\r\n"),
		C("\0\033\x7f\xff", "=00=1B=7F=FF"),
		C("<script>&\"'", "<script>&\"'"),
		/* 76 fit; a 77th breaks softly after 75. */
		C("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
		C("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=\r\n"
		    "aa"),
		C("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"),
		/* An =XX is never split: 72 then é. */
		C("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaé",
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=C3=\r\n"
		    "=A9"),
		/* 73 then é. */
		C("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaé",
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=\r\n"
		    "=C3=A9"),
		/* A space that a soft break follows is not trailing; a "From "
		 * after a soft break is quoted. */
		C("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa From x",
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=\r\n"
		    " From x"),
		C("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaFrom x",
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=\r\n"
		    "=46rom x"),
		/* A trailing space that ends up past 76. */
		C("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa \n",
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=\r\n"
		    "=20\r\n"),
	};

	(void)state;
	check_cases("qp", mime_qp, cases, NELEM(cases));
}

/* Decodes quoted-printable, checking its lines on the way. */
static void
decode_qp(const char *s, size_t n, struct buf *out)
{
	size_t col = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char b = (unsigned char)s[i];

		if (b == '\r') {
			assert_true(i + 1 < n && s[i + 1] == '\n');
			/* Trailing white space would be lost. */
			assert_true(i == 0 || (s[i - 1] != ' ' && s[i - 1] != '\t'));
			assert_int_equal(buf_add(out, "\r\n", 2), 0);
			i++;
			col = 0;
			continue;
		}
		assert_true((b >= ' ' && b <= '~') || b == '\t');
		if (b == '=' && i + 2 < n && s[i + 1] == '\r' && s[i + 2] == '\n') {
			assert_true(col + 1 <= 76);
			i += 2;
			col = 0;
			continue;
		}
		if (b == '=') {
			assert_true(i + 2 < n);
			assert_true(hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0);
			assert_int_equal(buf_putc(out,
			    (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]))), 0);
			i += 2;
			col += 3;
		} else {
			assert_int_equal(buf_putc(out, (char)b), 0);
			col++;
		}
		if (col > 76)
			fail_msg("quoted-printable line of %zu characters", col);
		if (col == 1 && (b == '.' || (b == 'F' && n - i >= 5 &&
		    memcmp(s + i, "From ", 5) == 0)))
			fail_msg("a line begins '%c'", b);
	}
	if (n > 0)
		assert_true(s[n - 1] != ' ' && s[n - 1] != '\t');
}

/* The n bytes of s with every LF that no CR precedes made CR LF. */
static void
crlf_lines(const char *s, size_t n, struct buf *out)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r'))
			assert_int_equal(buf_putc(out, '\r'), 0);
		assert_int_equal(buf_putc(out, s[i]), 0);
	}
}

/* mime_qp() on random text: decoded, the input with CR LF line ends. */
static void
test_qp_roundtrip(void **state)
{
	static const struct {
		const char *s;
		size_t n;
	} pieces[] = {
		{"\xc3\xa9", 2}, {"\xf0\x9f\x98\x80", 4}, {" ", 1}, {"\t", 1},
		{"=", 1}, {"\n", 1}, {"\r\n", 2}, {"\r", 1}, {".", 1},
		{"From ", 5}, {"\0", 1}, {"\xff", 1},
	};
	struct buf in = {0}, want = {0}, out = {0}, back = {0};
	uint32_t seed = 13;

	(void)state;
	for (int round = 0; round < 2000; round++) {
		size_t n;
		char *s;

		seed = seed * 1103515245u + 12345u;
		n = (seed >> 16) % 200;
		in.len = want.len = out.len = back.len = 0;
		for (size_t j = 0; j < n; j++) {
			size_t k;

			seed = seed * 1103515245u + 12345u;
			k = (seed >> 8) % NELEM(pieces);
			/* Mostly letters, so that lines reach their end. */
			if ((seed >> 16) % 4 != 0)
				assert_int_equal(buf_putc(&in, 'a'), 0);
			else
				assert_int_equal(buf_add(&in, pieces[k].s, pieces[k].n), 0);
		}
		crlf_lines(in.p, in.len, &want);
		s = exact(in.p, in.len);
		assert_int_equal(mime_qp(&out, s, in.len), 0);
		decode_qp(out.p, out.len, &back);
		if (back.len != want.len || memcmp(back.p, want.p, want.len) != 0)
			fail_msg("round %d: does not decode to its input", round);
		free(s);
	}
	buf_free(&in);
	buf_free(&want);
	buf_free(&out);
	buf_free(&back);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_words_split),
		cmocka_unit_test(test_addr),
		cmocka_unit_test(test_mailbox),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_qp),
		cmocka_unit_test(test_qp_roundtrip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests: escapers for CSV, HTML, Markdown, iCalendar, terminals (escape.h). */
#include "unit.h"

#include "escape.h"

#define R	"\xef\xbf\xbd"	/* U+FFFD */
#define EVIL	"Evil \033]0;pwned\007"
#define NAME	"Zoë Ûrbañ-Ødegård"

/* An input and the bytes it must give, both with their lengths (NULs). */
struct esc_case {
	const char *in;
	size_t n;
	const char *want;
	size_t wn;
};
#define C(in, want)	{in, sizeof(in) - 1, want, sizeof(want) - 1}

typedef int esc_fn(struct buf *, const char *, size_t);

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

/* s shown readably in a failure message (through esc_term). */
static const char *
show(struct buf *b, const char *s, size_t n)
{
	b->len = 0;
	if (esc_term(b, s, n) == -1 || buf_str(b) == NULL)
		fail_msg("out of memory");
	return b->p;
}

/* Runs fn over each case: it appends exactly the wanted bytes after what
 * out held. */
static void
check_cases(const char *what, esc_fn *fn, const struct esc_case *v, size_t nv)
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
		assert_memory_equal(out.p, "[]", 2);
		free(in);
	}
	buf_free(&out);
	buf_free(&s1);
	buf_free(&s2);
}

/* Whether the n bytes of s are valid UTF-8. */
static int
valid_utf8(const char *s, size_t n)
{
	size_t len;
	int32_t c;

	for (size_t i = 0; i < n; i += len)
		if ((len = utf8_next(s + i, n - i, &c)) == 0 || c < 0)
			return 0;
	return 1;
}

/* How many C0, DEL or C1 characters s holds, other than those in allow. */
static size_t
controls(const char *s, size_t n, const char *allow)
{
	size_t k = 0, len;
	int32_t c;

	for (size_t i = 0; i < n; i += len) {
		len = utf8_next(s + i, n - i, &c);
		if (c >= 0 && (c < 0x20 || (c >= 0x7f && c < 0xa0)) &&
		    (c == 0 || strchr(allow, c) == NULL))
			k++;
	}
	return k;
}

static void
test_utf8_next(void **state)
{
	static const struct {
		const char *s;
		size_t n, len;
		int32_t cp;
	} cases[] = {
		{"A", 1, 1, 'A'}, {"\0", 1, 1, 0}, {"\x7f", 1, 1, 0x7f},
		{"é", 2, 2, 0xe9}, {"\xc2\x80", 2, 2, 0x80}, {"€", 3, 3, 0x20ac},
		{"中", 3, 3, 0x4e2d}, {"😀", 4, 4, 0x1f600},
		{"\xf4\x8f\xbf\xbf", 4, 4, 0x10ffff}, {"\xef\xbf\xbd", 3, 3, 0xfffd},
		/* Stray, overlong, surrogate, too high, truncated. */
		{"\xff", 1, 1, -1}, {"\x80", 1, 1, -1}, {"\xbf", 1, 1, -1},
		{"\xc0\x80", 2, 1, -1}, {"\xc1\xbf", 2, 1, -1},
		{"\xe0\x80\x80", 3, 1, -1}, {"\xf0\x80\x80\x80", 4, 1, -1},
		{"\xed\xa0\x80", 3, 1, -1}, {"\xf4\x90\x80\x80", 4, 1, -1},
		{"\xf5\x80\x80\x80", 4, 1, -1},
		{"\xe2\x82", 2, 2, -1}, {"\xe2\x82" "A", 3, 2, -1},
		{"\xf0\x9f\x98", 3, 3, -1}, {"\xf0\x9f", 2, 2, -1},
		{"\xc3" "A", 2, 1, -1},
		/* n is the end, whatever follows. */
		{"é", 1, 1, -1}, {"😀", 3, 3, -1}, {"😀", 1, 1, -1},
	};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		char *s = exact(cases[i].s, cases[i].n);
		int32_t cp = 7;
		size_t len = utf8_next(s, cases[i].n, &cp);

		if (len != cases[i].len || cp != cases[i].cp)
			fail_msg("case %zu: length %zu, code point %ld", i, len,
			    (long)cp);
		free(s);
	}
}

static void
test_csv(void **state)
{
	static const struct esc_case cases[] = {
		C("", ""),
		C("plain", "plain"),
		C("2026-11-25", "2026-11-25"),
		C("a=b", "a=b"),
		C(NAME, NAME),
		C("😀 ok", "😀 ok"),
		C("a,b", "\"a,b\""),
		C("say \"hi\"", "\"say \"\"hi\"\"\""),
		C("\"", "\"\"\"\""),
		C("line1\nline2", "\"line1\nline2\""),
		C("a\r\nb", "\"a\r\nb\""),
		/* Formula injection: a "'" inside the quotes. */
		C("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""),
		C("=1+1", "\"'=1+1\""),
		C("+1", "\"'+1\""),
		C("-2+3", "\"'-2+3\""),
		C("-1.5", "\"'-1.5\""),
		C("@SUM(A1:A9)", "\"'@SUM(A1:A9)\""),
		C("\tcell", "\"'\tcell\""),
		C("\rcell", "\"'\rcell\""),
		C("\r\n", "\"'\r\n\""),
		C("  =cmd|' /C calc'!A0", "\"'  =cmd|' /C calc'!A0\""),
		C("=", "\"'=\""),
		/* Controls and bytes that are no character. */
		C(EVIL, "Evil " R "]0;pwned" R),
		C("a\0b", "a" R "b"),
		C("\0=1", R "=1"),
		C("\xff", R),
		C("\xc0\x80", R R),
		C("\xe2\x82" "x", R "x"),
		C("\xc2\x85", R),
		C("\x7f", R),
	};

	(void)state;
	check_cases("csv", esc_csv, cases, NELEM(cases));
}

static void
test_csv_number(void **state)
{
	static const struct esc_case cases[] = {
		C("-1.5", "-1.5"),
		C("42", "42"),
		C("0.25", "0.25"),
		C("-0", "-0"),
		C("2026-11-25", "2026-11-25"),
		C("", ""),
		C("1.", "1."),
		C(".5", ".5"),
		C("1e5", "1e5"),
		/* Not plain numbers: text cells, guarded. */
		C("-2+3", "\"'-2+3\""),
		C("+1", "\"'+1\""),
		C("-", "\"'-\""),
		C("-1.", "\"'-1.\""),
		C("-.5", "\"'-.5\""),
		C(" -1", "\"' -1\""),
		C("-1.5\n", "\"'-1.5\n\""),
		C("-1\0", "\"'-1" R "\""),
		C("-1,5", "\"'-1,5\""),
	};

	(void)state;
	check_cases("csv number", esc_csv_number, cases, NELEM(cases));
}

static void
test_html(void **state)
{
	static const struct esc_case text[] = {
		C("", ""),
		C("<script>alert(1)</script>",
		    "&lt;script&gt;alert(1)&lt;/script&gt;"),
		C("\" onmouseover=", "\" onmouseover="),
		C("it's", "it's"),
		C("a & b", "a &amp; b"),
		C("&amp;", "&amp;amp;"),
		C(NAME, NAME),
		C("中文 😀", "中文 😀"),
		C("line1\nline2", "line1\nline2"),
		C("a\r\nb", "a\nb"),
		C("a\rb", "a\nb"),
		C("\r\n", "\n"),
		C("\t", "\t"),
		C(EVIL, "Evil " R "]0;pwned" R),
		C("a\0b", "a" R "b"),
		C("\x7f\x01", R R),
		C("\xc2\x85\xc2\x9b", R R),
		C("\xff", R),
		C("\xc0\x80", R R),
		C("\xe2\x82", R),
		C("\xed\xa0\x80", R R R),
	};
	static const struct esc_case attr[] = {
		C("\" onmouseover=\"alert(1)",
		    "&quot; onmouseover=&quot;alert(1)"),
		C("' onmouseover='x", "&#39; onmouseover=&#39;x"),
		C("<a href=\"x\">", "&lt;a href=&quot;x&quot;&gt;"),
		C("a&b", "a&amp;b"),
		C(NAME, NAME),
		C("a\r\nb\tc", "a\nb\tc"),
		C(EVIL, "Evil " R "]0;pwned" R),
		C("\0", R),
	};

	(void)state;
	check_cases("html", esc_html, text, NELEM(text));
	check_cases("html attr", esc_html_attr, attr, NELEM(attr));
}

static void
test_md_cell(void **state)
{
	static const struct esc_case cases[] = {
		C("", ""),
		C("plain text 1.5", "plain text 1.5"),
		C(NAME, NAME),
		C("a|b", "a\\|b"),
		C("*bold* _it_ __b__", "\\*bold\\* \\_it\\_ \\_\\_b\\_\\_"),
		C("`code`", "\\`code\\`"),
		C("~~gone~~", "\\~\\~gone\\~\\~"),
		C("[x](http://evil)", "\\[x\\](http\\://evil)"),
		C("![img](x.png)", "\\!\\[img\\](x.png)"),
		C("<script>alert(1)</script>",
		    "\\<script\\>alert(1)\\</script\\>"),
		C("<http://x>", "\\<http\\://x\\>"),
		C("# head", "\\# head"),
		C("back\\slash\\", "back\\\\slash\\\\"),
		C("&lt;", "\\&lt;"),
		C("$x$ ^2", "\\$x\\$ \\^2"),
		C("www.evil.com", "www\\.evil.com"),
		C("WwW.x", "WwW\\.x"),
		C("me@x.com", "me\\@x.com"),
		C("line1\nline2", "line1 line2"),
		C("a\r\nb\rc\td", "a b c d"),
		C("\r\n", " "),
		C(EVIL, "Evil " R "\\]0;pwned" R),
		C("a\0b", "a" R "b"),
		C("\xff|", R "\\|"),
		C("\xc0\x80", R R),
		C("😀*", "😀\\*"),
	};

	(void)state;
	check_cases("markdown", esc_md_cell, cases, NELEM(cases));
}

static void
test_ics_text(void **state)
{
	static const struct esc_case cases[] = {
		C("", ""),
		C("plain", "plain"),
		C(NAME, NAME),
		C("a,b;c\\d", "a\\,b\\;c\\\\d"),
		C("key: \"value\"", "key: \"value\""),
		C("line1\nline2", "line1\\nline2"),
		C("a\r\nb", "a\\nb"),
		C("a\rb", "a\\nb"),
		C("\r\n\r\n", "\\n\\n"),
		C("\t", "\t"),
		C("\\n", "\\\\n"),
		C(EVIL, "Evil " R "]0\\;pwned" R),
		C("a\0b", "a" R "b"),
		C("\xff", R),
		C("\xc0\x80", R R),
		C("\xf0\x9f\x98", R),
		C("😀", "😀"),
	};

	(void)state;
	check_cases("ics text", esc_ics_text, cases, NELEM(cases));
}

/* Checks ics_line's output for name and the n bytes of value: lines of at
 * most 75 octets, ended by CR LF, each folded line begun by a space, no
 * UTF-8 sequence split, no fold that was not needed; unfolded, the line
 * is name, ':' and value. */
static void
check_folded(const char *name, const char *value, size_t n)
{
	struct buf out = {0}, want = {0};
	size_t i = 0, lines = 0;

	assert_int_equal(ics_line(&out, name, value, n), 0);
	assert_int_equal(buf_printf(&want, "%s:", name), 0);
	assert_int_equal(buf_add(&want, value, n), 0);
	assert_true(out.len >= 2);
	assert_memory_equal(out.p + out.len - 2, "\r\n", 2);
	for (size_t unfolded = 0; i < out.len; lines++) {
		const char *end = memchr(out.p + i, '\r', out.len - i);
		size_t len, from;

		assert_non_null(end);
		len = (size_t)(end - (out.p + i));
		assert_true(end[1] == '\n');
		if (len > 75)
			fail_msg("line %zu: %zu octets", lines, len);
		from = i + (lines > 0);
		if (lines > 0)
			assert_int_equal(out.p[i], ' ');
		/* Whole characters on every line. */
		assert_true(valid_utf8(out.p + from, len - (from - i)));
		assert_memory_equal(out.p + from, want.p + unfolded,
		    len - (from - i));
		unfolded += len - (from - i);
		i += len + 2;
		if (i < out.len) {
			/* Folded only because the next character did not fit. */
			int32_t c;

			assert_true(len + utf8_next(want.p + unfolded,
			    want.len - unfolded, &c) > 75);
		} else
			assert_int_equal(unfolded, want.len);
	}
	assert_int_equal(i, out.len);
	buf_free(&out);
	buf_free(&want);
}

static void
test_ics_line(void **state)
{
	static const char *const pieces[] = {"a", "é", "中", "😀", "\\,", " "};
	static const struct esc_case cases[] = {
		C("short", "SUMMARY:short\r\n"),
		C("", "SUMMARY:\r\n"),
		/* 75 octets fit; a 76th folds. */
		C("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		    "SUMMARY:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"),
		C("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
		    "SUMMARY:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n b\r\n"),
		/* 74 octets and a 2-byte character: it goes whole to the next line. */
		C("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaé",
		    "SUMMARY:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n é\r\n"),
		/* 72 and a 4-byte emoji. */
		C("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa😀",
		    "SUMMARY:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n 😀\r\n"),
		/* 71 and an emoji: exactly 75. */
		C("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa😀",
		    "SUMMARY:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa😀\r\n"),
		/* Not escaped: still one content line. */
		C("x\r\nBEGIN:VEVENT", "SUMMARY:x" R R "BEGIN:VEVENT\r\n"),
		C("\0\xff\t", "SUMMARY:" R R "\t\r\n"),
	};
	struct buf out = {0}, v = {0};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		out.len = 0;
		assert_int_equal(ics_line(&out, "SUMMARY", cases[i].in, cases[i].n), 0);
		if (out.len != cases[i].wn || memcmp(out.p, cases[i].want, out.len))
			fail_msg("case %zu: '%.*s'", i, (int)out.len, out.p);
	}
	/* Every offset of every kind of character against the boundary. */
	for (size_t lead = 0; lead < 160; lead++)
		for (size_t k = 0; k < NELEM(pieces); k++) {
			v.len = 0;
			for (size_t j = 0; j < lead; j++)
				assert_int_equal(buf_putc(&v, 'a'), 0);
			for (size_t j = 0; j < 60; j++)
				assert_int_equal(buf_puts(&v, pieces[(k + j) % NELEM(pieces)]), 0);
			check_folded("DESCRIPTION;LANGUAGE=fr", v.p, v.len);
		}
	/* What esc_ics_text() wrote, folded. */
	v.len = 0;
	for (int j = 0; j < 20; j++)
		assert_int_equal(esc_ics_text(&v, NAME ",\n;", strlen(NAME ",\n;")), 0);
	check_folded("SUMMARY", v.p, v.len);
	buf_free(&out);
	buf_free(&v);
}

static void
test_term(void **state)
{
	static const struct esc_case cases[] = {
		C("", ""),
		C("plain", "plain"),
		C(NAME, NAME),
		C("中文 😀 ｱ", "中文 😀 ｱ"),
		C(EVIL, "Evil \\e]0;pwned\\x07"),
		C("\033[2J\033[H", "\\e[2J\\e[H"),
		C("line1\nline2", "line1\\nline2"),
		C("\r\n", "\\r\\n"),
		C("a\tb", "a\\tb"),
		C("back\\slash", "back\\\\slash"),
		C("a\0b", "a\\x00b"),
		C("\x01\x1f\x7f", "\\x01\\x1f\\x7f"),
		C("\xc2\x9b" "31m", "\\u009b31m"),
		C("\xc2\x80\xc2\x85\xc2\x9f", "\\u0080\\u0085\\u009f"),
		C("\xc2\xa0", "\xc2\xa0"),
		C("a\xe2\x80\xae" "cba", "a\\u202ecba"),
		C("\xe2\x81\xa6\xe2\x81\xa9", "\\u2066\\u2069"),
		C("\xe2\x80\xa8", "\\u2028"),
		C("\xff", "\\xff"),
		C("\xc0\x80", "\\xc0\\x80"),
		C("\xe2\x82" "A", "\\xe2\\x82A"),
		C("\xf0\x9f\x98", "\\xf0\\x9f\\x98"),
		C("\xed\xa0\x80", "\\xed\\xa0\\x80"),
	};

	(void)state;
	check_cases("terminal", esc_term, cases, NELEM(cases));
}

static void
test_term_width(void **state)
{
	static const struct {
		const char *s;
		size_t n, w;
	} cases[] = {
		{"", 0, 0}, {"abc", 3, 3}, {"Zoë", 4, 3}, {"中文", 6, 4},
		{"😀", 4, 2}, {"e\xcc\x81", 3, 1}, {"ｱ", 3, 1}, {"Ａ", 3, 2},
		{"\xe3\x80\x80", 3, 2}, {"한", 3, 2}, {"\xef\xb8\x8f", 3, 0},
		{EVIL, sizeof(EVIL) - 1, 19}, {"\xff", 1, 4}, {"\n", 1, 2},
		{"\xe2\x80\xae", 3, 6}, {"\0", 1, 4}, {NAME, sizeof(NAME) - 1, 17},
	};
	struct buf out = {0};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		char *s = exact(cases[i].s, cases[i].n);
		size_t w = esc_term_width(s, cases[i].n);

		if (w != cases[i].w)
			fail_msg("case %zu: width %zu, not %zu", i, w, cases[i].w);
		free(s);
	}
	/* The escapes count as what they show. */
	assert_int_equal(esc_term(&out, EVIL, strlen(EVIL)), 0);
	assert_int_equal(esc_term_width(EVIL, strlen(EVIL)), out.len);
	buf_free(&out);
}

/* A deterministic stream of bytes, hostile ones often. */
static unsigned char
noise(uint32_t *seed)
{
	static const unsigned char often[] = {
		0, '\r', '\n', '\t', 0x1b, 0x7f, '"', '\'', '<', '>', '&', ',',
		';', '\\', '|', '=', '-', '@', 0xc2, 0x9b, 0xe2, 0x80, 0xae,
		0xf0, 0x9f, 0xff, 0xc0,
	};

	*seed = *seed * 1103515245u + 12345u;
	if ((*seed >> 16) % 3 == 0)
		return often[(*seed >> 8) % sizeof(often)];
	return (unsigned char)(*seed >> 20);
}

/* What every escaper promises, on random hostile bytes. */
static void
test_invariants(void **state)
{
	struct buf out = {0}, in = {0};
	uint32_t seed = 2026;

	(void)state;
	assert_int_equal(buf_grow(&out, 1), 0);	/* out.p is never NULL */
	for (int round = 0; round < 3000; round++) {
		size_t n = (size_t)(noise(&seed) % 48);
		char *s;

		in.len = 0;
		for (size_t i = 0; i < n; i++)
			assert_int_equal(buf_putc(&in, (char)noise(&seed)), 0);
		s = exact(in.p, n);

		out.len = 0;
		assert_int_equal(esc_term(&out, s, n), 0);
		assert_true(valid_utf8(out.p, out.len));
		assert_int_equal(controls(out.p, out.len, ""), 0);
		assert_true(esc_term_width(s, n) <= out.len);

		out.len = 0;
		assert_int_equal(esc_html(&out, s, n), 0);
		assert_true(valid_utf8(out.p, out.len));
		assert_int_equal(controls(out.p, out.len, "\t\n"), 0);
		assert_null(memchr(out.p, '<', out.len));
		assert_null(memchr(out.p, '>', out.len));

		out.len = 0;
		assert_int_equal(esc_html_attr(&out, s, n), 0);
		assert_null(memchr(out.p, '"', out.len));
		assert_null(memchr(out.p, '\'', out.len));

		out.len = 0;
		assert_int_equal(esc_md_cell(&out, s, n), 0);
		assert_true(valid_utf8(out.p, out.len));
		assert_int_equal(controls(out.p, out.len, ""), 0);

		out.len = 0;
		assert_int_equal(esc_ics_text(&out, s, n), 0);
		assert_true(valid_utf8(out.p, out.len));
		assert_int_equal(controls(out.p, out.len, "\t"), 0);

		out.len = 0;
		assert_int_equal(ics_line(&out, "X", s, n), 0);
		assert_int_equal(controls(out.p, out.len - 2, "\r\n\t"), 0);
		/* CR LF only to fold or to end the line. */
		for (size_t i = 0; i < out.len; i++) {
			assert_true(out.p[i] != '\n');
			if (out.p[i] == '\r') {
				assert_true(i + 1 < out.len && out.p[i + 1] == '\n');
				assert_true(i + 2 == out.len || out.p[i + 2] == ' ');
				i++;
			}
		}

		out.len = 0;
		assert_int_equal(esc_csv(&out, s, n), 0);
		assert_true(valid_utf8(out.p, out.len));
		assert_int_equal(controls(out.p, out.len, "\t\r\n"), 0);
		free(s);
	}
	buf_free(&out);
	buf_free(&in);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_next),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_csv_number),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_md_cell),
		cmocka_unit_test(test_ics_text),
		cmocka_unit_test(test_ics_line),
		cmocka_unit_test(test_term),
		cmocka_unit_test(test_term_width),
		cmocka_unit_test(test_invariants),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

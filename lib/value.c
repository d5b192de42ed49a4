#include "value.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define TAG_PREFIX "tag:yaml.org,2002:"

int
value_id_ok(const char *s, size_t n)
{
	if (n < 1 || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!value_id_char(s[i]))
			return 0;
	return 1;
}

int
value_id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

/* One of the three case forms YAML 1.1 allows: lower, Capitalised, UPPER. */
static int
case_form(const char *s, const char *lower, size_t n)
{
	size_t i;

	if (s[0] != lower[0] && s[0] != lower[0] - 'a' + 'A')
		return 0;
	if (strncmp(s + 1, lower + 1, n - 1) == 0)
		return 1;
	for (i = 0; i < n; i++)
		if (s[i] != lower[i] - 'a' + 'A')
			return 0;
	return 1;
}

int
value_bool_text(const char *s, int *out)
{
	/* Most scalars are not booleans: the first character and the
	 * length rule them out before any comparison. */
	size_t n;

	switch (s[0]) {
	case 'y': case 'Y': case 'n': case 'N': case 't': case 'T':
	case 'f': case 'F': case 'o': case 'O':
		break;
	default:
		return -1;
	}
	n = strnlen(s, 6);
	switch (n) {
	case 1:
		if (s[0] == 'y' || s[0] == 'Y' || s[0] == 'n' || s[0] == 'N')
			return *out = s[0] == 'y' || s[0] == 'Y', 0;
		return -1;
	case 2:
		if (case_form(s, "no", 2))
			return *out = 0, 0;
		if (case_form(s, "on", 2))
			return *out = 1, 0;
		return -1;
	case 3:
		if (case_form(s, "yes", 3))
			return *out = 1, 0;
		if (case_form(s, "off", 3))
			return *out = 0, 0;
		return -1;
	case 4:
		return case_form(s, "true", 4) ? (*out = 1, 0) : -1;
	case 5:
		return case_form(s, "false", 5) ? (*out = 0, 0) : -1;
	default:
		return -1;
	}
}

int
value_null_text(const char *s)
{
	switch (s[0]) {
	case '\0':
		return 1;
	case '~':
		return s[1] == '\0';
	case 'n': case 'N':
		return strnlen(s, 5) == 4 && case_form(s, "null", 4);
	default:
		return 0;
	}
}

int
value_is_null(const struct node *n)
{
	n = node_resolve(n);
	/* As the JSON writer reads it: a tag says the type, so "!x" with no
	 * text is the string "" and "!!null" anything is null.  The reader
	 * must agree, or a record read as having no value would be written
	 * as having a bad one ("!x ''": libyaml quotes an empty tagged
	 * scalar in a flow collection). */
	if (n == NULL)
		return 1;
	if (n->kind != NODE_SCALAR)
		return 0;
	/* Untagged, a null is a plain scalar of null's texts, as
	 * value_json_type() finds before it looks for a bool or a number. */
	if (n->tag == NULL)
		return n->style == STYLE_PLAIN && value_null_text(n->text);
	return value_json_type(n) == JSON_NULL;
}

static const struct node *
scalar(const struct node *n)
{
	n = node_resolve(n);
	return n != NULL && n->kind == NODE_SCALAR ? n : NULL;
}

/*
 * Every typed reader reads the whole scalar, n->len bytes: its text stops
 * at a NUL, and "no\0yes" read as far as the NUL would be "no".
 */
static int
whole(const struct node *n)
{
	return strlen(n->text) == n->len;
}

int
value_bool(const struct node *n, int *out)
{
	if ((n = scalar(n)) == NULL || !whole(n))
		return -1;
	return value_bool_text(n->text, out);
}

int
value_date(const struct node *n, date_t *out)
{
	if ((n = scalar(n)) == NULL)
		return -1;
	return date_parse(n->text, n->len, out);
}

int
value_fitzpatrick(const struct node *n, int *out)
{
	static const char *const roman[] = {"I", "II", "III", "IV", "V", "VI"};
	char w[WORD_MAX + 1];
	int len;

	if ((n = scalar(n)) == NULL)
		return -1;
	/* value_word() refuses a NUL, so "IV\0x" is not IV. */
	if ((len = value_word(n->text, n->len, w)) < 0)
		return -1;
	if (len == 1 && w[0] >= '1' && w[0] <= '6')
		return *out = w[0] - '0', 0;
	for (int i = 0; i < 6; i++)
		if (strcasecmp(w, roman[i]) == 0)
			return *out = i + 1, 0;
	return -1;
}

int
value_fitzpatrick_type(const struct node *n, int *out)
{
	const struct node *s = scalar(n);

	if (s != NULL && strlen(s->text) == s->len &&
	    strcmp(s->text, "unknown") == 0)
		return *out = 0, 0;
	return value_fitzpatrick(n, out);
}

int
value_number(const struct node *n, double *out)
{
	const char *s;
	double v = 0, scale = 1;
	int digits = 0;

	if ((n = scalar(n)) == NULL || n->len == 0 || n->len > 32)
		return -1;
	/* Plain decimals only, such as 30, 1.5 or .25: no signs, exponents
	 * or hexadecimal, which strtod(3) would take. */
	for (s = n->text; *s >= '0' && *s <= '9'; s++, digits++)
		v = v * 10 + (*s - '0');
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++, digits++) {
			v = v * 10 + (*s - '0');
			scale *= 10;
		}
	}
	if (*s != '\0' || digits == 0 || (size_t)(s - n->text) != n->len)
		return -1;
	*out = v / scale;
	return 0;
}

int
value_word(const char *s, size_t n, char *out)
{
	size_t i, len = 0;

	while (n > 0 && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0 || n > WORD_MAX)
		return -1;
	for (i = 0; i < n;) {
		size_t olen;

		/* A word holds no NUL: "cheeks\0x" must not be "cheeks". */
		if (s[i] == '\0')
			return -1;
		if (s[i] == '_' || s[i] == ' ') {
			out[len++] = '-';
			i++;
			continue;
		}
		/* Folded, a character is never longer than it was. */
		i += value_fold(s + i, n - i, out + len, &olen);
		len += olen;
	}
	if (len == 0)
		return -1;	/* only combining accents */
	out[len] = '\0';
	return (int)len;
}

/*
 * Latin-1's letters U+00C0-U+00FF and Latin Extended-A's U+0100-U+017F:
 * the ASCII letter each is without its accent, or '\0' for one that has
 * none (Æ, Þ, Œ, Ĳ, ß) and is only lower-cased; '\0' too for × and ÷,
 * which are no letters and stay as they are.
 */
static const char latin1[64] =
    "aaaaaa\0ceeeeiiiidnooooo\0ouuuuy\0\0"
    "aaaaaa\0ceeeeiiiidnooooo\0ouuuuy\0y";
static const char latin_ext_a[128] =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii\0\0jjkkk"
    "llllllllllnnnnnnnnnoooooo\0\0rrrrrrssssssssttttttuuuuuuuuuuuu"
    "wwyyyzzzzzzs";

size_t
value_fold(const char *s, size_t n, char *out, size_t *olen)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned cp;
	char base;

	*olen = 1;
	if (u[0] < 0x80 || n < 2 || (u[1] & 0xC0) != 0x80 || u[0] < 0xC3 ||
	    u[0] > 0xCD) {
		out[0] = u[0] >= 'A' && u[0] <= 'Z' ? (char)(u[0] - 'A' + 'a') :
		    s[0];
		return 1;
	}
	cp = (unsigned)(u[0] & 0x1F) << 6 | (u[1] & 0x3F);
	if (cp >= 0x300) {	/* a combining accent, or other two bytes */
		*olen = cp <= 0x36F ? 0 : 2;
		memcpy(out, s, *olen);
		return 2;
	}
	if (cp < 0xC0 || cp >= 0x180) {
		*olen = 2;
		memcpy(out, s, 2);
		return 2;
	}
	base = cp < 0x100 ? latin1[cp - 0xC0] : latin_ext_a[cp - 0x100];
	if (base != '\0') {
		out[0] = base;
		return 2;
	}
	/* No accent to take off: lower-cased where it has a capital. */
	if (cp <= 0xDE && cp != 0xD7)
		cp += 0x20;
	else if (cp >= 0x100 && cp % 2 == 0)
		cp++;
	out[0] = (char)(0xC0 | cp >> 6);
	out[1] = (char)(0x80 | (cp & 0x3F));
	*olen = 2;
	return 2;
}

static int
json_number(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		while (*s >= '0' && *s <= '9')
			s++;
	else
		return 0;
	if (*s == '.') {
		if (*++s < '0' || *s > '9')
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (*s < '0' || *s > '9')
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

/* The first characters of a plain scalar that may be a JSON null, boolean or number. */
static const unsigned char json_lead[256] = {
	['-'] = 1, ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,
	['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, ['~'] = 1,
	['n'] = 1, ['N'] = 1, ['t'] = 1, ['T'] = 1, ['f'] = 1, ['F'] = 1,
	['y'] = 1, ['Y'] = 1, ['o'] = 1, ['O'] = 1,
};

enum json_type
value_json_type(const struct node *n)
{
	const char *tag = n->tag;
	int b;

	/* A tag says the type, quoted or not: !!int "12" is a number. */
	if (tag != NULL) {
		if (strlen(n->text) != n->len)	/* a NUL: text only */
			return JSON_STRING;
		if (strcmp(tag, TAG_PREFIX "null") == 0)
			return JSON_NULL;
		if (strcmp(tag, TAG_PREFIX "bool") == 0 &&
		    value_bool_text(n->text, &b) == 0)
			return b ? JSON_TRUE : JSON_FALSE;
		if ((strcmp(tag, TAG_PREFIX "int") == 0 ||
		    strcmp(tag, TAG_PREFIX "float") == 0) && json_number(n->text))
			return JSON_NUMBER;
		return JSON_STRING;
	}
	if (n->style != STYLE_PLAIN)	/* plain scalars hold no NUL */
		return JSON_STRING;
	/* Most scalars are words: only these first characters can be else. */
	if (n->len > 0 && !json_lead[(unsigned char)n->text[0]])
		return JSON_STRING;
	if (value_null_text(n->text))
		return JSON_NULL;
	/* Like PyYAML, leave the one-letter y and n strings. */
	if (n->len > 1 && value_bool_text(n->text, &b) == 0)
		return b ? JSON_TRUE : JSON_FALSE;
	if (json_number(n->text))
		return JSON_NUMBER;
	return JSON_STRING;
}

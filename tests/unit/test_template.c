/* Unit tests: texts with placeholders (template.h). */
#include "template.h"
#include "unit.h"

static const char *const names[] = {"name", "date", "clinic", "phone", NULL};

/* Fills placeholder i with "<NAME>", its name in capitals. */
static int
fill_upper(void *arg, size_t which, struct buf *out)
{
	int *calls = arg;

	(*calls)++;
	if (buf_putc(out, '<') == -1)
		return -1;
	for (const char *s = names[which]; *s; s++)
		if (buf_putc(out, (char)(*s - 'a' + 'A')) == -1)
			return -1;
	return buf_putc(out, '>');
}

static int
fill_fails(void *arg, size_t which, struct buf *out)
{
	(void)arg;
	(void)which;
	(void)out;
	return -1;
}

static void
test_uses(void **state)
{
	static const struct {
		const char *text;
		int ok;
		unsigned long used;	/* when ok */
		size_t bad;		/* when not */
	} cases[] = {
		{"", 1, 0, 0},
		{"no placeholders", 1, 0, 0},
		{"{name}", 1, 1, 0},
		{"{name} on {date}", 1, 3, 0},
		{"{date}{date}", 1, 2, 0},
		{"call {clinic} on {phone}", 1, 12, 0},
		{"{{name}} is literal", 1, 0, 0},
		{"a {{ brace", 1, 0, 0},
		{"closing } alone", 1, 0, 0},
		{"{bogus}", 0, 0, 0},
		{"{name} and {bogus}", 0, 0, 11},
		{"{Name}", 0, 0, 0},
		{"{name", 0, 0, 0},
		{"{ name}", 0, 0, 0},
		{"{names}", 0, 0, 0},
		{"{}", 0, 0, 0},
		{"ends with {", 0, 0, 10},
		{"{{{bogus}", 0, 0, 2},
	};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		unsigned long used = 99;
		size_t bad = 99;
		int r = template_uses(cases[i].text, names, &used, &bad);

		if ((r == 0) != cases[i].ok)
			fail_msg("'%s': %s", cases[i].text, r == 0 ? "accepted" :
			    "refused");
		if (r == 0)
			assert_int_equal(used, cases[i].used);
		else
			assert_int_equal(bad, cases[i].bad);
	}
}

static void
test_expand(void **state)
{
	static const struct {
		const char *text;
		const char *out;
		int calls;
	} cases[] = {
		{"", "", 0},
		{"plain", "plain", 0},
		{"{name}", "<NAME>", 1},
		{"{name} stopped {date}.", "<NAME> stopped <DATE>.", 2},
		{"{clinic}{phone}", "<CLINIC><PHONE>", 2},
		{"{{name}} {name}", "{name}} <NAME>", 1},
		{"a {{ b", "a { b", 0},
		{"} {", "} {", 0},
		{"{unchecked}", "{unchecked}", 0},
	};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		struct buf b = {0};
		int calls = 0;

		assert_int_equal(template_expand(cases[i].text, names, fill_upper,
		    &calls, &b), 0);
		assert_string_equal(buf_str(&b) ? b.p : "", cases[i].out);
		assert_int_equal(calls, cases[i].calls);
		buf_free(&b);
	}
	/* A fill that fails fails the whole. */
	{
		struct buf b = {0};

		assert_int_equal(template_expand("x {date} y", names, fill_fails,
		    NULL, &b), -1);
		buf_free(&b);
	}
}

/* A kind of text with another set of names: the sets do not mix. */
static void
test_sets(void **state)
{
	static const char *const screening[] = {"name", "what", "wait", NULL};
	unsigned long used;
	size_t bad;

	(void)state;
	assert_int_equal(template_uses("{clinic}", names, &used, &bad), 0);
	assert_int_equal(template_uses("{clinic}", screening, &used, &bad), -1);
	assert_int_equal(template_uses("{wait}", screening, &used, &bad), 0);
	assert_int_equal(used, 4);
	assert_int_equal(template_uses("{wait}", names, &used, &bad), -1);
}

static void
test_list(void **state)
{
	char out[64];

	(void)state;
	template_list(names, 0, out, sizeof(out));
	assert_string_equal(out, "none");
	template_list(names, 1, out, sizeof(out));
	assert_string_equal(out, "{name}");
	template_list(names, ~0UL, out, sizeof(out));
	assert_string_equal(out, "{name} {date} {clinic} {phone}");
	template_list(names, 10, out, sizeof(out));
	assert_string_equal(out, "{date} {phone}");
	/* Too small: cut short, still a string. */
	template_list(names, ~0UL, out, 10);
	assert_string_equal(out, "{name}");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uses),
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_sets),
		cmocka_unit_test(test_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

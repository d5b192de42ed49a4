/* Unit tests: the error value every library call fills (diag.h). */
#include "unit.h"

/* A copy holds all it says, after the one copied is gone. */
static void
test_copy(void **state)
{
	struct diag a, b;
	char name[32];

	(void)state;
	snprintf(name, sizeof(name), "clinic.yaml");
	diag_clear(&a);
	diag_set_file(&a, name);
	diag_set(&a, DIAG_DATA, 12, 3, "pregnant: expected true or false");
	snprintf(a.id, sizeof(a.id), "P-7");
	b = a;
	memset(&a, 'Z', sizeof(a));
	memset(name, 'Y', sizeof(name) - 1);
	assert_string_equal(b.file, "clinic.yaml");
	assert_string_equal(b.msg, "pregnant: expected true or false");
	assert_int_equal(b.line, 12);
}

static int
vset(struct diag *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vset(d, DIAG_USAGE, 0, 0, fmt, ap);
	va_end(ap);
	return -1;
}

/* "prog: file:line:col: message (id ID)", each part only when known. */
static void
test_format(void **state)
{
	static const struct {
		const char *file;
		unsigned long line, col;
		const char *id, *want;
	} cases[] = {
		{"a.yaml", 3, 7, "P-1", "t: a.yaml:3:7: m (id P-1)\n"},
		{"a.yaml", 0, 0, "", "t: a.yaml: m\n"},
		{NULL, 3, 7, "", "t: m\n"},
		{"<stdin>", 1, 1, "X", "t: <stdin>:1:1: m (id X)\n"},
	};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		struct buf out = {0};
		struct diag d;

		diag_clear(&d);
		diag_set_file(&d, cases[i].file);
		diag_set(&d, DIAG_DATA, cases[i].line, cases[i].col, "%s", "m");
		snprintf(d.id, sizeof(d.id), "%s", cases[i].id);
		assert_int_equal(diag_format(&d, "t", &out), 0);
		assert_string_equal(buf_str(&out), cases[i].want);
		buf_free(&out);
	}
	{
		struct diag d;

		diag_clear(&d);
		assert_int_equal(vset(&d, "%s %d", "option", 64), -1);
		assert_int_equal(d.kind, DIAG_USAGE);
		assert_string_equal(d.msg, "option 64");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

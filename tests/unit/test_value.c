/* Unit tests: typed reading of scalars (value.h). */
#include "unit.h"

static void
test_id(void **state)
{
	static const char *const ok[] = {
		"P-0042", "a", "007", "patient.one", "x_y-z.1", "ABCxyz09",
		"-", "...",
		"0123456789012345678901234567890123456789012345678901234567890123",
	};
	static const char *const bad[] = {
		"", "P 42", "P/42", "../etc", "P-42\n", "P\t1", "é", "P:1",
		"P#1", "{P}", "P*", "'P'",
		"01234567890123456789012345678901234567890123456789012345678901234",
	};

	(void)state;
	for (size_t i = 0; i < NELEM(ok); i++)
		if (!value_id_ok(ok[i], strlen(ok[i])))
			fail_msg("id '%s' rejected", ok[i]);
	for (size_t i = 0; i < NELEM(bad); i++)
		if (value_id_ok(bad[i], strlen(bad[i])))
			fail_msg("id '%s' accepted", bad[i]);
	assert_int_equal(strlen(ok[NELEM(ok) - 1]), 64);
	assert_int_equal(strlen(bad[NELEM(bad) - 1]), 65);
	/* A NUL inside the bytes is not an id character. */
	assert_false(value_id_ok("P\0001", 3));
}

static void
test_bool(void **state)
{
	static const struct {
		const char *s;
		int v;
	} ok[] = {
		{"yes", 1}, {"Yes", 1}, {"YES", 1}, {"true", 1}, {"True", 1},
		{"TRUE", 1}, {"on", 1}, {"On", 1}, {"ON", 1}, {"y", 1}, {"Y", 1},
		{"no", 0}, {"No", 0}, {"NO", 0}, {"false", 0}, {"False", 0},
		{"FALSE", 0}, {"off", 0}, {"Off", 0}, {"OFF", 0}, {"n", 0}, {"N", 0},
	};
	static const char *const bad[] = {
		"yEs", "tRUE", "oN", "1", "0", "", " yes", "yes ", "nope", "t",
		"f", "~", "null", "nO", "oFF", "FALSe", "TrUE", "yess", "falsey",
		"Onn", "of", "tru", "ye", "NOO", "o",
	};
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < NELEM(ok); i++) {
		int v = -1;

		if (value_bool_text(ok[i].s, &v) != 0)
			fail_msg("'%s' rejected", ok[i].s);
		assert_int_equal(v, ok[i].v);
		v = -1;
		assert_int_equal(value_bool(scalar_of(a, ok[i].s), &v), 0);
		assert_int_equal(v, ok[i].v);
	}
	for (size_t i = 0; i < NELEM(bad); i++) {
		int v = 7;

		if (value_bool_text(bad[i], &v) == 0)
			fail_msg("'%s' accepted", bad[i]);
		assert_int_equal(v, 7);
		assert_int_equal(value_bool(scalar_of(a, bad[i]), &v), -1);
	}
	/* Not a scalar. */
	assert_int_equal(value_bool(parse_yaml(a, "[yes]"), &(int){0}), -1);
	arena_free(a);
}

static void
test_null_text(void **state)
{
	static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};
	static const char *const others[] = {
		"nULL", "nuLL", "~~", "~ ", " ~", "nul", "nulls", "None", "n", "N",
		"Nil", "0", "false",
	};

	(void)state;
	for (size_t i = 0; i < NELEM(nulls); i++)
		if (!value_null_text(nulls[i]))
			fail_msg("'%s' is not read as null", nulls[i]);
	for (size_t i = 0; i < NELEM(others); i++)
		if (value_null_text(others[i]))
			fail_msg("'%s' is read as null", others[i]);
}

/* A null as the JSON writer reads it: a tag says the type. */
static void
test_is_null(void **state)
{
	static const struct {
		const char *value;
		int null;
	} cases[] = {
		{"", 1}, {"~", 1}, {"null", 1}, {"NULL", 1}, {"!!null", 1},
		{"!!null x", 1}, {"!!null ''", 1}, {"''", 0}, {"'~'", 0},
		{"\"null\"", 0}, {"!x", 0}, {"!0.5", 0}, {"! ~", 0}, {"!!str", 0},
		{"[]", 0}, {"{}", 0}, {"0", 0},
	};
	struct arena *a = arena_new();

	(void)state;
	assert_true(value_is_null(NULL));
	for (size_t i = 0; i < NELEM(cases); i++) {
		char yaml[64];

		snprintf(yaml, sizeof(yaml), "k: %s\n", cases[i].value);
		if (value_is_null(node_get(parse_yaml(a, yaml), "k")) !=
		    cases[i].null)
			fail_msg("'%s' is%s read as null", cases[i].value,
			    cases[i].null ? " not" : "");
		snprintf(yaml, sizeof(yaml), "{k: %s }\n", cases[i].value);
		if (value_is_null(node_get(parse_yaml(a, yaml), "k")) !=
		    cases[i].null)
			fail_msg("'%s' in a flow mapping is%s read as null",
			    cases[i].value, cases[i].null ? " not" : "");
	}
	arena_free(a);
}

static void
test_fitzpatrick(void **state)
{
	static const struct {
		const char *s;
		int t;
	} ok[] = {
		{"1", 1}, {"2", 2}, {"3", 3}, {"4", 4}, {"5", 5}, {"6", 6},
		{"I", 1}, {"II", 2}, {"III", 3}, {"IV", 4}, {"V", 5}, {"VI", 6},
		{"i", 1}, {"iv", 4}, {"Vi", 6}, {"vI", 6}, {" IV ", 4},
		{"\t3", 3}, {"5 ", 5},
	};
	static const char *const bad[] = {
		"0", "7", "VII", "IIII", "IIV", "4.5", "4.0", "04", "-4", "",
		"  ", "IV V", "four", "X",
	};
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < NELEM(ok); i++) {
		int t = 0;

		if (value_fitzpatrick(scalar_of(a, ok[i].s), &t) != 0)
			fail_msg("fitzpatrick '%s' rejected", ok[i].s);
		assert_int_equal(t, ok[i].t);
	}
	for (size_t i = 0; i < NELEM(bad); i++) {
		int t = 0;

		if (value_fitzpatrick(scalar_of(a, bad[i]), &t) == 0)
			fail_msg("fitzpatrick '%s' accepted as %d", bad[i], t);
	}
	/* As a record gives it: the number 4, the numeral IV, a list. */
	{
		struct node *doc = parse_yaml(a, "a: 4\nb: IV\nc: [4]\nd: '6'\n");
		int t = 0;

		assert_int_equal(value_fitzpatrick(node_get(doc, "a"), &t), 0);
		assert_int_equal(t, 4);
		assert_int_equal(value_fitzpatrick(node_get(doc, "b"), &t), 0);
		assert_int_equal(t, 4);
		assert_int_equal(value_fitzpatrick(node_get(doc, "c"), &t), -1);
		assert_int_equal(value_fitzpatrick(node_get(doc, "d"), &t), 0);
		assert_int_equal(t, 6);
	}
	arena_free(a);
}

static void
test_word(void **state)
{
	static const struct {
		const char *in;
		const char *out;
	} ok[] = {
		{"acne-scars", "acne-scars"},
		{"  Acne-Scars  ", "acne-scars"},
		{"\tRetin-A\t", "retin-a"},
		{"acne_scars", "acne-scars"},
		{"Large Pores", "large-pores"},
		{"LARGE_PORES", "large-pores"},
		{"crow's feet", "crow's-feet"},
		/* Latin letters beyond ASCII: lower case, no accent. */
		{"JUV\u00c9DERM", "juvederm"},
		{"Contracne\u0301", "contracne"},
		{"\u00c6 \u0152 \u00df \u00d7", "\u00e6-\u0153-\u00df-\u00d7"},
		{"\u0141\u00f3d\u017a", "lodz"},
		{"\u00b5g \u0394", "\u00b5g-\u0394"},
		{"a", "a"},
		{"x", "x"},
		/* 64 characters after trimming */
		{"  abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcd  ",
		    "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcd"},
	};
	static const char *const bad[] = {
		"", " ", "\t \t", "\u0301",
		"abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcde",
	};
	char out[WORD_MAX + 1];

	(void)state;
	for (size_t i = 0; i < NELEM(ok); i++) {
		int n = value_word(ok[i].in, strlen(ok[i].in), out);

		if (n < 0)
			fail_msg("word '%s' rejected", ok[i].in);
		assert_int_equal(n, strlen(ok[i].out));
		assert_string_equal(out, ok[i].out);
	}
	for (size_t i = 0; i < NELEM(bad); i++)
		if (value_word(bad[i], strlen(bad[i]), out) >= 0)
			fail_msg("word '%s' accepted", bad[i]);
	/* Only the n bytes given are read. */
	assert_int_equal(value_word("Tretinoin cream", 9, out), 9);
	assert_string_equal(out, "tretinoin");
}

static void
test_number(void **state)
{
	static const struct {
		const char *s;
		double v;
	} ok[] = {
		{"1.5", 1.5}, {"0.25", 0.25}, {"2", 2.0}, {"30", 30.0}, {".5", 0.5},
	};
	static const char *const bad[] = {
		"", "abc", "1.5mm", "-1", "+1", "1,5", " 1.5", "nan", "inf",
	};
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < NELEM(ok); i++) {
		double v = -1;

		if (value_number(scalar_of(a, ok[i].s), &v) != 0)
			fail_msg("number '%s' rejected", ok[i].s);
		assert_true(v == ok[i].v);
	}
	for (size_t i = 0; i < NELEM(bad); i++) {
		double v;

		if (value_number(scalar_of(a, bad[i]), &v) == 0)
			fail_msg("number '%s' accepted", bad[i]);
	}
	arena_free(a);
}

static void
test_date_value(void **state)
{
	struct arena *a = arena_new();
	struct node *doc = parse_yaml(a, "a: 2026-11-25\nb: '2026-11-25'\n"
	    "c: 2026-02-30\nd: [2026-11-25]\ne: 2026-11-25 10:00\n");
	date_t t;

	(void)state;
	assert_int_equal(value_date(node_get(doc, "a"), &t), 0);
	assert_day(t, "2026-11-25");
	assert_int_equal(value_date(node_get(doc, "b"), &t), 0);
	assert_int_equal(value_date(node_get(doc, "c"), &t), -1);
	assert_int_equal(value_date(node_get(doc, "d"), &t), -1);
	assert_int_equal(value_date(node_get(doc, "e"), &t), -1);
	arena_free(a);
}

/*
 * Every typed reader sees the whole scalar: a NUL in it, and what follows,
 * makes it no value of the type ("no\0yes" is not "no").
 */
static void
test_whole_scalar(void **state)
{
	struct arena *a = arena_new();
	struct node *doc = parse_yaml(a,
	    "b1: \"no\\0yes\"\nb2: \"yes\\0\"\nb3: \"no\"\n"
	    "f1: \"IV\\0x\"\nf2: \"4\\0\"\nf3: \"IV\"\n"
	    "d1: \"2026-11-25\\0\"\nn1: \"1.5\\0\"\n");
	char out[WORD_MAX + 1];
	int v = 7;
	date_t t;
	double x;

	(void)state;
	assert_int_equal(node_get(doc, "b1")->len, 6);
	assert_int_equal(value_bool(node_get(doc, "b1"), &v), -1);
	assert_int_equal(value_bool(node_get(doc, "b2"), &v), -1);
	assert_int_equal(v, 7);
	assert_int_equal(value_bool(node_get(doc, "b3"), &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(value_fitzpatrick(node_get(doc, "f1"), &v), -1);
	assert_int_equal(value_fitzpatrick(node_get(doc, "f2"), &v), -1);
	assert_int_equal(value_fitzpatrick(node_get(doc, "f3"), &v), 0);
	assert_int_equal(v, 4);
	assert_int_equal(value_date(node_get(doc, "d1"), &t), -1);
	assert_int_equal(value_number(node_get(doc, "n1"), &x), -1);
	/* A word holds no NUL either: vocabulary look-up would stop there. */
	assert_int_equal(value_word("cheeks\0x", 8, out), -1);
	assert_int_equal(value_word("cheeks\0", 7, out), -1);
	arena_free(a);
}

static void
test_json_type(void **state)
{
	static const struct {
		const char *yaml;	/* the value of key v */
		enum json_type t;
	} cases[] = {
		{"007", JSON_STRING},
		{"\"007\"", JSON_STRING},
		{"0", JSON_NUMBER},
		{"0.5", JSON_NUMBER},
		{"-3", JSON_NUMBER},
		{"1e5", JSON_NUMBER},
		{"1.5E-3", JSON_NUMBER},
		{"-0.25", JSON_NUMBER},
		{"12345", JSON_NUMBER},
		{"\"1\"", JSON_STRING},
		{"'1'", JSON_STRING},
		{"1.", JSON_STRING},
		{".5", JSON_STRING},
		{"+1", JSON_STRING},
		{"0x1F", JSON_STRING},
		{"1_000", JSON_STRING},
		{".nan", JSON_STRING},
		{".inf", JSON_STRING},
		{"2026-11-25", JSON_STRING},
		{"1.5mm", JSON_STRING},
		{"true", JSON_TRUE},
		{"True", JSON_TRUE},
		{"yes", JSON_TRUE},
		{"ON", JSON_TRUE},
		{"False", JSON_FALSE},
		{"no", JSON_FALSE},
		{"off", JSON_FALSE},
		{"y", JSON_STRING},
		{"n", JSON_STRING},
		{"Y", JSON_STRING},
		{"\"true\"", JSON_STRING},
		{"'yes'", JSON_STRING},
		{"yEs", JSON_STRING},
		{"~", JSON_NULL},
		{"null", JSON_NULL},
		{"Null", JSON_NULL},
		{"NULL", JSON_NULL},
		{"", JSON_NULL},
		{"nULL", JSON_STRING},
		{"'~'", JSON_STRING},
		{"\"\"", JSON_STRING},
		{"''", JSON_STRING},
		{"!!str 123", JSON_STRING},
		{"!!str true", JSON_STRING},
		{"!!str ~", JSON_STRING},
		{"!!int 12", JSON_NUMBER},
		{"!!float 1.5", JSON_NUMBER},
		{"!!bool yes", JSON_TRUE},
		{"!!null ~", JSON_NULL},
		{"!custom 12", JSON_STRING},
		{"|\n  12\n", JSON_STRING},
		{"plain text", JSON_STRING},
	};
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		char yaml[128];
		const struct node *n;

		snprintf(yaml, sizeof(yaml), "v: %s\n", cases[i].yaml);
		n = node_get(parse_yaml(a, yaml), "v");
		assert_non_null(n);
		if (value_json_type(n) != cases[i].t)
			fail_msg("'%s': expected JSON type %d, got %d", cases[i].yaml,
			    (int)cases[i].t, (int)value_json_type(n));
	}
	/* A quoted scalar holding a NUL is a string. */
	{
		struct node *n = parse_yaml(a, "\"1\\0\"");

		assert_int_equal(n->len, 2);
		assert_int_equal(value_json_type(n), JSON_STRING);
	}
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_id),
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_null_text),
		cmocka_unit_test(test_is_null),
		cmocka_unit_test(test_fitzpatrick),
		cmocka_unit_test(test_word),
		cmocka_unit_test(test_number),
		cmocka_unit_test(test_date_value),
		cmocka_unit_test(test_whole_scalar),
		cmocka_unit_test(test_json_type),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

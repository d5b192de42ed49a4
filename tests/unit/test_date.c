/* Unit tests: calendar days (date.h). */
#include "unit.h"

static void
test_parse_real_days(void **state)
{
	static const struct {
		const char *s;
		int y, m, d;
	} ok[] = {
		{"2026-11-25", 2026, 11, 25},
		{"2024-02-29", 2024, 2, 29},	/* leap year */
		{"2000-02-29", 2000, 2, 29},	/* divisible by 400 */
		{"2026-01-01", 2026, 1, 1},
		{"2026-12-31", 2026, 12, 31},
		{"2026-04-30", 2026, 4, 30},
		{"1970-01-01", 1970, 1, 1},
		{"0001-01-01", 1, 1, 1},
		{"9999-12-31", 9999, 12, 31},
	};

	(void)state;
	for (size_t i = 0; i < NELEM(ok); i++) {
		date_t t = -1;
		int y, m, d;

		if (date_parse(ok[i].s, strlen(ok[i].s), &t) != 0)
			fail_msg("'%s' rejected", ok[i].s);
		date_to_ymd(t, &y, &m, &d);
		assert_int_equal(y, ok[i].y);
		assert_int_equal(m, ok[i].m);
		assert_int_equal(d, ok[i].d);
		assert_true(t == date_from_ymd(ok[i].y, ok[i].m, ok[i].d));
	}
	assert_true(day_of("1970-01-01") == 0);
	assert_true(day_of("1970-01-02") == 1);
	assert_true(day_of("1969-12-31") == -1);
}

static void
test_parse_rejects(void **state)
{
	static const char *const bad[] = {
		"2026-02-29",	/* not a leap year */
		"1900-02-29",	/* divisible by 100, not by 400 */
		"2026-13-01",
		"2026-00-10",
		"2026-01-00",
		"2026-04-31",
		"2026-06-31",
		"2026-01-32",
		"2026-1-01",
		"2026-01-1",
		"26-01-01",
		"2026-01-01x",
		"2026-01-01 ",
		" 2026-01-01",
		"2026-01-01T10:00",
		"0000-01-01",
		"10000-01-01",
		"2026/01/01",
		"20260101",
		"2026-0a-01",
		"+026-01-01",
		"-026-01-01",
		"",
		"yesterday",
	};

	(void)state;
	for (size_t i = 0; i < NELEM(bad); i++) {
		date_t t = 12345;

		if (date_parse(bad[i], strlen(bad[i]), &t) == 0)
			fail_msg("'%s' accepted", bad[i]);
		assert_true(t == 12345);	/* left alone */
	}
}

/* Only the n bytes given are read: a date followed by more is whole. */
static void
test_parse_length(void **state)
{
	date_t t;

	(void)state;
	assert_int_equal(date_parse("2026-11-25junk", 10, &t), 0);
	assert_day(t, "2026-11-25");
	assert_int_equal(date_parse("2026-11-25", 9, &t), -1);
	assert_int_equal(date_parse("2026-11-25", 0, &t), -1);
}

static void
test_format(void **state)
{
	static const char *const days[] = {
		"0001-01-01", "0999-06-07", "1969-12-31", "1970-01-01",
		"2000-02-29", "2024-02-29", "2026-11-25", "9999-12-31",
	};
	char buf[DATE_STRLEN + 4];

	(void)state;
	for (size_t i = 0; i < NELEM(days); i++) {
		memset(buf, 'x', sizeof(buf));
		assert_ptr_equal(date_format(day_of(days[i]), buf), buf);
		assert_string_equal(buf, days[i]);
		assert_int_equal(strlen(buf), DATE_STRLEN - 1);
	}
}

/* Every day of 1899-2101 is written as itself and read back as itself. */
static void
test_round_trip(void **state)
{
	date_t first = day_of("1899-01-01"), last = day_of("2101-12-31");
	int py = 1898, pm = 12, pd = 31;

	(void)state;
	for (date_t t = first; t <= last; t++) {
		char s[DATE_STRLEN];
		date_t back;
		int y, m, d;

		date_format(t, s);
		assert_int_equal(date_parse(s, strlen(s), &back), 0);
		assert_true(back == t);
		/* The day after (py, pm, pd). */
		date_to_ymd(t, &y, &m, &d);
		if (d != pd + 1) {
			assert_int_equal(d, 1);
			if (m != pm + 1) {
				assert_int_equal(m, 1);
				assert_int_equal(y, py + 1);
			}
		}
		py = y, pm = m, pd = d;
	}
}

static void
test_add_months(void **state)
{
	static const struct {
		const char *from;
		long n;
		const char *to;
	} cases[] = {
		{"2026-08-31", 6, "2027-02-28"},	/* clamped */
		{"2026-08-15", 6, "2027-02-15"},
		{"2026-08-30", 6, "2027-02-28"},
		{"2026-08-29", 6, "2027-02-28"},
		{"2026-08-28", 6, "2027-02-28"},
		{"2027-08-31", 6, "2028-02-29"},	/* into a leap February */
		{"2024-01-31", 1, "2024-02-29"},
		{"2025-01-31", 1, "2025-02-28"},
		{"2026-01-31", 2, "2026-03-31"},
		{"2026-03-31", 1, "2026-04-30"},
		{"2026-05-31", 1, "2026-06-30"},
		{"2026-06-01", 6, "2026-12-01"},
		{"2026-07-01", 6, "2027-01-01"},	/* across a year */
		{"2026-12-15", 1, "2027-01-15"},
		{"2026-11-30", 3, "2027-02-28"},
		{"2026-10-10", 12, "2027-10-10"},
		{"2024-02-29", 12, "2025-02-28"},
		{"2024-02-29", 48, "2028-02-29"},
		{"2026-08-31", 0, "2026-08-31"},
		{"2026-03-31", -1, "2026-02-28"},
		{"2027-01-15", -1, "2026-12-15"},
		{"2026-08-15", -6, "2026-02-15"},
	};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		char s[DATE_STRLEN];

		date_format(date_add_months(day_of(cases[i].from), cases[i].n), s);
		if (strcmp(s, cases[i].to) != 0)
			fail_msg("%s + %ld months: expected %s, got %s",
			    cases[i].from, cases[i].n, cases[i].to, s);
	}
}

static void
test_add_days(void **state)
{
	static const struct {
		const char *from;
		long n;
		const char *to;
	} cases[] = {
		{"2026-11-21", 5, "2026-11-26"},
		{"2026-11-28", 5, "2026-12-03"},
		{"2026-12-28", 5, "2027-01-02"},
		{"2026-02-26", 5, "2026-03-03"},
		{"2024-02-26", 5, "2024-03-02"},
		{"2026-11-01", 14, "2026-11-15"},
		{"2026-11-20", 14, "2026-12-04"},
		{"2026-12-25", 14, "2027-01-08"},
		{"2026-02-20", 14, "2026-03-06"},
		{"2024-02-20", 14, "2024-03-05"},
		{"2026-03-01", -1, "2026-02-28"},
		{"2024-03-01", -1, "2024-02-29"},
		{"2026-01-01", 365, "2027-01-01"},
		{"2024-01-01", 365, "2024-12-31"},
	};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		char s[DATE_STRLEN];

		date_format(day_of(cases[i].from) + cases[i].n, s);
		if (strcmp(s, cases[i].to) != 0)
			fail_msg("%s + %ld days: expected %s, got %s",
			    cases[i].from, cases[i].n, cases[i].to, s);
	}
}

static void
test_today(void **state)
{
	date_t t = date_today();
	int y, m, d;

	(void)state;
	date_to_ymd(t, &y, &m, &d);
	assert_true(y >= 2024 && y <= 9999);
	assert_true(t >= day_of("2024-01-01"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_real_days),
		cmocka_unit_test(test_parse_rejects),
		cmocka_unit_test(test_parse_length),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_add_months),
		cmocka_unit_test(test_add_days),
		cmocka_unit_test(test_today),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

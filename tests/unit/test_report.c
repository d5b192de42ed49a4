/* Unit tests: derma-report's counts (report.h), pseudonyms and progress. */
#include <sys/stat.h>

#include "data.h"
#include "patient.h"
#include "progress.h"
#include "pseudonym.h"
#include "report.h"
#include "unit.h"

static struct derma_data dd;

static int
setup(void **state)
{
	struct diag d;

	(void)state;
	/* The built-in configuration, whatever the user's. */
	unsetenv("DERMA_CONFIG");
	setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
	diag_clear(&d);
	if (data_load(&dd, DATA_DIR, NULL, DATA_PLAN, &d) == -1)
		fail_msg("data_load: %s", d.msg);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	data_free(&dd);
	return 0;
}

static struct report_opts
opts_for(enum report_kind k)
{
	struct report_opts o;

	memset(&o, 0, sizeof(o));
	o.kind = k;
	o.day = day_of("2026-11-25");
	o.from = day_of("2026-01-01");
	o.to = day_of("2026-11-25");
	o.weeks = 4;
	return o;
}

/* The report of the YAML records recs (NULL-ended) in format f; the
 * caller frees the text.  *status is -1 when a record was refused. */
static char *
report_of(const struct report_opts *o, const char *const *recs,
    enum report_format f, size_t *skipped)
{
	struct report *r = report_new(&dd, o);
	struct buf out = {0};

	assert_non_null(r);
	*skipped = 0;
	for (size_t i = 0; recs[i] != NULL; i++) {
		struct arena *a = arena_new();
		struct node *doc = parse_yaml(a, recs[i]);
		struct buf sum = {0};
		struct diag d;

		diag_clear(&d);
		if (report_record(&dd, o, doc, a, &sum, &d) == -1) {
			(*skipped)++;
			report_skip(r, patient_id(doc));	/* as the filter does */
		} else {
			assert_int_equal(report_add(r, sum.p, sum.len), 0);
		}
		buf_free(&sum);
		arena_free(a);
	}
	assert_int_equal(report_write(r, f, &out, NULL, NULL), 0);
	report_free(r);
	buf_str(&out);
	return out.p;
}

static const char *const clinic[] = {
	/* Eligible; two sessions in 2026, one in 2025 (outside the period). */
	"id: A-1\nname: Ana One\nskin: {concerns: [wrinkles]}\n"
	"treatments:\n"
	"  - {date: 2025-06-01, areas: {cheeks: 1.5}, reactions: [redness]}\n"
	"  - {date: 2026-02-10, areas: {cheeks: 0.5, forehead: 0.25},"
	" reactions: [Redness, swelling, redness]}\n"
	"  - {date: 2026-03-10, areas: {cheeks: 0.75}}\n",
	/* Ineligible: pregnant. */
	"id: B-2\npregnant: true\nskin: {concerns: [acne-scars]}\n",
	/* Ineligible until 2026-12-01: isotretinoin stopped 2026-06-01. */
	"id: C-3\nskin: {concerns: [acne-scars]}\n"
	"medications: [{name: isotretinoin, stopped: 2026-06-01}]\n"
	"treatments: [{date: 2026-03-01, areas: {cheeks: 1.0},"
	" reactions: [bruising, \"called Ana's husband\"]}]\n",
	/* A bad record: an unknown concern. */
	"id: D-4\nskin: {concerns: [elbows]}\n",
	NULL
};

static void
test_summary_counts(void **state)
{
	struct report_opts o = opts_for(REPORT_SUMMARY);
	size_t skipped;
	char *s;

	(void)state;
	s = report_of(&o, clinic, REPORT_JSON, &skipped);
	assert_int_equal(skipped, 1);
	assert_contains(s, "\"patients\":3,\"skipped\":1,");
	assert_contains(s, "\"verdicts\":{\"eligible\":1,\"review\":0,"
	    "\"ineligible\":2}");
	assert_contains(s, "{\"rule\":\"pregnancy\",\"severity\":\"absolute\","
	    "\"patients\":1,\"percent\":33.3}");
	assert_contains(s, "\"isotretinoin-washout\"");
	assert_contains(s, "\"eligible_soon\":[{\"id\":\"C-3\","
	    "\"eligible_from\":\"2026-12-01\",\"then\":\"eligible\","
	    "\"verdict\":\"ineligible\"}]");
	/* Sessions in the period only: three, of two patients. */
	assert_contains(s, "\"treatments\":{\"sessions\":3,\"patients\":2,"
	    "\"with_reactions\":2,");
	free(s);
}

static void
test_treatments_counts(void **state)
{
	struct report_opts o = opts_for(REPORT_TREATMENTS);
	size_t skipped;
	char *s;

	(void)state;
	s = report_of(&o, clinic, REPORT_JSON, &skipped);
	assert_contains(s, "{\"month\":\"2026-02\",\"sessions\":1}");
	assert_contains(s, "{\"month\":\"2026-03\",\"sessions\":2}");
	assert_contains(s, "{\"month\":\"2026-11\",\"sessions\":0}");
	/* Cheeks 0.5, 0.75 and 1.0 in the period: median 0.75; 1.5 was in
	 * 2025. */
	assert_contains(s, "{\"area\":\"cheeks\",\"sessions\":3,\"with_depth\":3,"
	    "\"median_mm\":0.75,\"min_mm\":0.50,\"max_mm\":1.00}");
	assert_contains(s, "{\"area\":\"forehead\",\"sessions\":1,"
	    "\"with_depth\":1,\"median_mm\":0.25,");
	/* A reaction once a session, whatever its case; a note is "other". */
	assert_contains(s, "{\"reaction\":\"redness\",\"sessions\":1,"
	    "\"percent\":33.3}");
	assert_contains(s, "{\"reaction\":\"bruising\",\"sessions\":1,");
	assert_contains(s, "{\"reaction\":\"other\",\"sessions\":1,");
	assert_not_contains(s, "husband");
	free(s);
}

static void
test_median_even(void **state)
{
	static const char *const recs[] = {
		"id: M-1\nskin: {concerns: [wrinkles]}\ntreatments:\n"
		"  - {date: 2026-05-01, areas: {neck: 0.5}}\n"
		"  - {date: 2026-06-01, areas: {neck: 0.75}}\n",
		NULL
	};
	struct report_opts o = opts_for(REPORT_TREATMENTS);
	size_t skipped;
	char *s;

	(void)state;
	s = report_of(&o, recs, REPORT_CSV, &skipped);
	assert_contains(s, "by_area,1,neck,median_mm,0.625\r\n");
	assert_contains(s, "by_area,1,neck,min_mm,0.50\r\n");
	assert_contains(s, "by_area,1,neck,max_mm,0.75\r\n");
	assert_contains(s, "section,row,item,measure,value\r\n");
	free(s);
}

static void
test_course(void **state)
{
	static const char *const recs[] = {
		/* Wrinkles: a course of several sessions; one given long ago. */
		"id: K-1\nskin: {concerns: [wrinkles]}\n"
		"treatments: [{date: 2026-08-01, areas: {cheeks: 1.0}}]\n",
		/* One given recently: the next is due within 4 weeks. */
		"id: K-2\nskin: {concerns: [wrinkles]}\n"
		"treatments: [{date: 2026-11-10, areas: {cheeks: 1.0}}]\n",
		/* Mid-course, now pregnant: on hold. */
		"id: K-3\npregnant: true\nskin: {concerns: [wrinkles]}\n"
		"treatments: [{date: 2026-11-01, areas: {cheeks: 1.0}}]\n",
		/* No treatment: not listed. */
		"id: K-4\nskin: {concerns: [wrinkles]}\n",
		NULL
	};
	struct report_opts o = opts_for(REPORT_COURSE);
	size_t skipped;
	char *s;

	(void)state;
	s = report_of(&o, recs, REPORT_JSON, &skipped);
	assert_contains(s, "\"under_way\":3,\"overdue\":1,\"due\":1,"
	    "\"on_hold\":1");
	assert_contains(s, "{\"id\":\"K-1\",\"status\":\"overdue\"");
	assert_contains(s, "{\"id\":\"K-2\",\"status\":\"due\"");
	assert_contains(s, "{\"id\":\"K-3\",\"status\":\"on-hold\"");
	assert_not_contains(s, "K-4");
	free(s);
}

static void
test_patient(void **state)
{
	struct report_opts o = opts_for(REPORT_PATIENT);
	size_t skipped;
	char *s;

	(void)state;
	o.patient = "A-1";
	s = report_of(&o, clinic, REPORT_JSON, &skipped);
	assert_contains(s, "\"patient\":{\"id\":\"A-1\",\"name\":\"Ana One\","
	    "\"verdict\":\"eligible\"");
	assert_contains(s, "{\"date\":\"2026-02-10\",\"session\":2,"
	    "\"area\":\"cheeks\",\"depth_mm\":0.50,"
	    "\"reactions\":\"redness, swelling\"}");
	assert_contains(s, "\"planned\":[{\"date\":\"2026-");
	free(s);
	o.patient = "Z-9";
	s = report_of(&o, clinic, REPORT_JSON, &skipped);
	assert_contains(s, "\"patient\":null");
	free(s);
}

/*
 * The patient is the last record with the id: when it is bad, the report
 * shows none, not an older record as if it were the patient now.
 */
static void
test_patient_last_bad(void **state)
{
	static const char *const older_good[] = {
		"id: A-1\nname: Ana Old\nskin: {concerns: [wrinkles]}\n",
		"id: A-1\nname: Ana New\nskin: {concerns: [elbows]}\n",
		NULL
	};
	const char *const older_bad[] = {
		older_good[1], older_good[0], NULL
	};
	struct report_opts o = opts_for(REPORT_PATIENT);
	enum report_format f[] = {REPORT_TEXT, REPORT_CSV, REPORT_JSON,
	    REPORT_MARKDOWN, REPORT_HTML};
	size_t skipped;
	char *s;

	(void)state;
	o.patient = "A-1";
	for (size_t i = 0; i < NELEM(f); i++) {
		s = report_of(&o, older_good, f[i], &skipped);
		assert_int_equal(skipped, 1);
		assert_not_contains(s, "Ana Old");
		/* CSV and JSON have no row for it: the status says so. */
		if (f[i] != REPORT_JSON && f[i] != REPORT_CSV)
			assert_contains(s, "the last record with this id is bad");
		free(s);
	}
	s = report_of(&o, older_good, REPORT_JSON, &skipped);
	assert_contains(s, "\"patient\":null");
	free(s);
	/* A bad record before a good one: the good one is the last. */
	s = report_of(&o, older_bad, REPORT_TEXT, &skipped);
	assert_contains(s, "Ana Old");
	assert_not_contains(s, "is bad");
	free(s);
}

static void
test_anonymized(void **state)
{
	struct pseudonym_key k;
	struct report_opts o = opts_for(REPORT_PATIENT);
	enum report_format f[] = {REPORT_TEXT, REPORT_CSV, REPORT_JSON,
	    REPORT_MARKDOWN, REPORT_HTML};
	char p[PSEUDONYM_LEN + 1];
	size_t skipped;

	(void)state;
	memset(&k, 7, sizeof(k));
	pseudonym(&k, "A-1", 3, p);
	o.key = &k;
	o.patient = "A-1";
	for (size_t i = 0; i < NELEM(f); i++) {
		char *s = report_of(&o, clinic, f[i], &skipped);

		assert_contains(s, p);
		assert_not_contains(s, "A-1");
		assert_not_contains(s, "Ana");
		free(s);
	}
	o.kind = REPORT_SUMMARY;
	o.patient = NULL;
	for (size_t i = 0; i < NELEM(f); i++) {
		char *s = report_of(&o, clinic, f[i], &skipped);

		assert_not_contains(s, "C-3");
		free(s);
	}
}

static void
test_html(void **state)
{
	struct report_opts o = opts_for(REPORT_TREATMENTS);
	size_t skipped;
	char *s;

	(void)state;
	o.clinic = "<script>alert(1)</script> & Co";
	s = report_of(&o, clinic, REPORT_HTML, &skipped);
	assert_contains(s, "<!DOCTYPE html>");
	assert_contains(s, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co");
	assert_not_contains(s, "<script");
	assert_not_contains(s, "url(");
	assert_not_contains(s, "src=");
	assert_contains(s, "<svg");
	assert_contains(s, "@media print");
	free(s);
}

static void
test_text_width(void **state)
{
	enum report_kind k[] = {REPORT_SUMMARY, REPORT_TREATMENTS, REPORT_COURSE};
	size_t skipped;

	(void)state;
	for (size_t i = 0; i < NELEM(k); i++) {
		struct report_opts o = opts_for(k[i]);
		char *s = report_of(&o, clinic, REPORT_TEXT, &skipped);

		for (char *l = s; *l != '\0';) {
			size_t n = strcspn(l, "\n");

			if (n > 80)
				fail_msg("a line of %zu columns: %.*s", n, (int)n, l);
			if (n > 0 && l[n - 1] == ' ')
				fail_msg("blanks at the end: '%.*s'", (int)n, l);
			l += n + (l[n] == '\n');
		}
		free(s);
	}
}

/* --- pseudonyms ------------------------------------------------------ */

static void
test_pseudonym(void **state)
{
	struct pseudonym_key k1, k2;
	char a[PSEUDONYM_LEN + 1], b[PSEUDONYM_LEN + 1], c[PSEUDONYM_LEN + 1];

	(void)state;
	memset(&k1, 1, sizeof(k1));
	memset(&k2, 2, sizeof(k2));
	pseudonym(&k1, "P-0042", 6, a);
	pseudonym(&k1, "P-0042", 6, b);
	assert_string_equal(a, b);
	assert_int_equal(strlen(a), PSEUDONYM_LEN);
	assert_int_equal(strspn(a, "0123456789abcdef"), PSEUDONYM_LEN);
	pseudonym(&k1, "P-0043", 6, c);
	assert_string_not_equal(a, c);
	pseudonym(&k2, "P-0042", 6, c);
	assert_string_not_equal(a, c);
}

static void
test_key_file(void **state)
{
	char dir[] = "/tmp/derma-key-XXXXXX", path[128];
	struct pseudonym_key k1, k2;
	struct stat st;
	struct diag d;
	int made;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/sub/report.key", dir);
	diag_clear(&d);
	assert_int_equal(pseudonym_key_load(path, &k1, &made, &d), 0);
	assert_int_equal(made, 1);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, PSEUDONYM_KEY_BYTES);
	assert_int_equal(pseudonym_key_load(path, &k2, &made, &d), 0);
	assert_int_equal(made, 0);
	assert_memory_equal(k1.k, k2.k, sizeof(k1.k));
	/* Others may read it: refused. */
	chmod(path, 0644);
	assert_int_equal(pseudonym_key_load(path, &k2, &made, &d), -1);
	assert_int_equal(d.kind, DIAG_CONFIG);
	/* Not 32 bytes: refused. */
	assert_non_null(f = fopen(path, "w"));
	fputs("short", f);
	fclose(f);
	chmod(path, 0600);
	assert_int_equal(pseudonym_key_load(path, &k2, &made, &d), -1);
	assert_contains(d.msg, "32 bytes");
	unlink(path);
	/* A symbolic link, to nothing or to a key: a configuration error,
	 * and nothing made in its place. */
	assert_int_equal(symlink("nothing.key", path), 0);
	assert_int_equal(pseudonym_key_load(path, &k2, &made, &d), -1);
	assert_int_equal(d.kind, DIAG_CONFIG);
	assert_contains(d.msg, "symbolic link");
	assert_int_equal(made, 0);
	unlink(path);
	snprintf(path, sizeof(path), "%s/sub", dir);
	rmdir(path);
	rmdir(dir);
	/* A relative name, or none. */
	assert_int_equal(pseudonym_key_load("report.key", &k2, &made, &d), -1);
	assert_int_equal(pseudonym_key_load(NULL, &k2, &made, &d), -1);
}

/* --- progress ---------------------------------------------------------- */

static void
test_progress(void **state)
{
	struct progress p;
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);

	(void)state;
	assert_non_null(f);
	setenv("TERM", "xterm", 1);	/* one that takes ESC [ K */
	progress_start(&p, f, "derma-report");
	assert_int_equal(p.on, 0);	/* not a terminal */
	progress_update_at(&p, 1000, 0, p.start + 1);
	fflush(f);
	assert_int_equal(n, 0);
	p.on = 1;
	progress_update_at(&p, 5000, 2000000, p.start + 0.5);	/* the first */
	fflush(f);
	assert_contains(text, "\rderma-report: 5000 records, 2.0 MB, "
	    "10000 records/s, 4.0 MB/s\033[K");
	progress_update_at(&p, 6000, 0, p.start + 0.6);		/* too soon */
	fflush(f);
	assert_not_contains(text, "6000");
	progress_clear(&p);
	fflush(f);
	assert_int_equal(strcmp(text + n - 4, "\r\033[K"), 0);
	fclose(f);
	free(text);
}

/*
 * A line wider than the terminal wraps, and \r then goes back to the start
 * of its last row only: each redraw stacked a row.  The line is cut one
 * column short of the width (COLUMNS, where the stream cannot say it).
 * A COLUMNS that is not a plain number is not trusted: 80.
 */
static void
test_progress_width(void **state)
{
	static const char full[] = "derma-report: 5000 records, 2.0 MB, "
	    "10000 records/s, 4.0 MB/s";
	struct progress p;
	char want[128];

	(void)state;
	setenv("TERM", "xterm", 1);
	for (int k = 0; k < 4; k++) {
		char *text = NULL;
		size_t n = 0;
		FILE *f = open_memstream(&text, &n);

		assert_non_null(f);
		if (k == 1)
			setenv("COLUMNS", "30", 1);
		else if (k == 3)
			setenv("COLUMNS", "30x", 1);
		else
			unsetenv("COLUMNS");
		progress_start(&p, f, "derma-report");
		p.on = 1;
		if (k == 0)
			p.cols = 40;
		progress_update_at(&p, 5000, 2000000, p.start + 0.5);
		fclose(f);
		if (k >= 2) {	/* 80 columns: the whole line */
			snprintf(want, sizeof(want), "\r%s\033[K", full);
		} else {
			snprintf(want, sizeof(want), "\r%.*s\033[K",
			    k == 0 ? 39 : 29, full);
		}
		assert_string_equal(text, want);
		free(text);
	}
	unsetenv("COLUMNS");
}

/* Where TERM is dumb or not set, spaces blank the line, not ESC [ K. */
static void
test_progress_dumb(void **state)
{
	static const char *const terms[] = {"dumb", "", NULL};
	struct progress p;

	(void)state;
	for (size_t i = 0; i < sizeof(terms) / sizeof(terms[0]); i++) {
		char *text = NULL;
		size_t n = 0;
		FILE *f = open_memstream(&text, &n);

		assert_non_null(f);
		if (terms[i] != NULL)
			setenv("TERM", terms[i], 1);
		else
			unsetenv("TERM");
		progress_start(&p, f, "derma-report");
		p.on = 1;
		progress_update_at(&p, 5000, 2000000, p.start + 0.5);
		progress_update_at(&p, 6000, 0, p.start + 1);	/* shorter */
		progress_clear(&p);
		fclose(f);
		assert_null(memchr(text, '\033', n));
		/* The shorter line covers the longer; the clear covers both. */
		assert_contains(text, "\rderma-report: 6000 records, "
		    "6000 records/s                   \r");
		assert_int_equal(strcmp(text + n - 1, "\r"), 0);
		assert_int_equal(text[n - 2], ' ');
		free(text);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summary_counts),
		cmocka_unit_test(test_treatments_counts),
		cmocka_unit_test(test_median_even),
		cmocka_unit_test(test_course),
		cmocka_unit_test(test_patient),
		cmocka_unit_test(test_patient_last_bad),
		cmocka_unit_test(test_anonymized),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_text_width),
		cmocka_unit_test(test_pseudonym),
		cmocka_unit_test(test_key_file),
		cmocka_unit_test(test_progress),
		cmocka_unit_test(test_progress_width),
		cmocka_unit_test(test_progress_dumb),
	};

	return cmocka_run_group_tests_name("report", tests, setup, teardown);
}

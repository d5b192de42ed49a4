/*
 * Unit tests: the aftercare timeline (aftercare.h) through assess(), with
 * the data of share/derma: the offsets of SPEC section 3 and CLINICAL.md
 * sections 3-4, the days each reminder is due, the before-care kinds that
 * apply, the language, the data files' checks, the block, mail and the
 * calendar.
 */
#include "aftercare.h"
#include "assess.h"
#include "config.h"
#include "data.h"
#include "escape.h"
#include "mime.h"
#include "unit.h"

static struct derma_data dd;
static struct config *clinic;	/* a clinic with a name, phone, address, French */

static const char clinic_yaml[] =
    "clinic:\n"
    "  name: Clinique des Tilleuls\n"
    "  address: |\n"
    "    Rue des Tilleuls 12\n"
    "    1000 Bruxelles\n"
    "  phone: \"+32 2 123 45 67\"\n"
    "  email: info@tilleuls.example\n"
    "language: fr\n";

static struct config *
config_of(const char *text)
{
	struct config *c;
	struct diag d;

	diag_clear(&d);
	if (config_parse(text, strlen(text), "<test>", &c, &d) == -1)
		fail_msg("config_parse: %lu:%lu: %s", d.line, d.col, d.msg);
	return c;
}

static struct aftercare_data *
load_from(const char *dir, struct diag *d)
{
	diag_clear(d);
	return aftercare_load(dir, d);
}

static int
setup(void **state)
{
	struct diag d;

	(void)state;
	memset(&dd, 0, sizeof(dd));
	diag_clear(&d);
	if ((dd.vocab = vocab_load(DATA_DIR, &d)) == NULL ||
	    (dd.rules = rules_load(DATA_DIR, dd.vocab, &d)) == NULL)
		fail_msg("rules: %s", d.msg);
	if ((dd.plan = plan_load(DATA_DIR, dd.vocab, &d)) == NULL)
		fail_msg("plan_load: %s", d.msg);
	if ((dd.aftercare = load_from(DATA_DIR, &d)) == NULL)
		fail_msg("aftercare_load: %s:%lu:%lu: %s", d.file,
		    d.line, d.col, d.msg);
	if (config_read(NULL, &dd.config, &d) == -1)
		fail_msg("config_read: %s", d.msg);
	clinic = config_of(clinic_yaml);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	config_free(clinic);
	data_free(&dd);
	return 0;
}

/* The assessment of the record yaml on day when, with the configuration cfg. */
static struct assessment *
assess_with(struct arena *a, const char *yaml, const char *when,
    const struct config *cfg)
{
	struct derma_data with = dd;
	struct assessment *x = arena_zalloc(a, sizeof(*x));
	struct assess_opts o;
	struct diag d;

	assert_non_null(x);
	memset(&o, 0, sizeof(o));
	o.day = day_of(when);
	if (cfg != NULL)
		with.config = (struct config *)cfg;
	diag_clear(&d);
	if (assess(&with, parse_yaml(a, yaml), &o, ASSESS_AFTERCARE, a, x, &d) != 0)
		fail_msg("assess: %lu:%lu: %s", d.line, d.col, d.msg);
	return x;
}

static const struct aftercare *
timeline(struct arena *a, const char *yaml, const char *when)
{
	return &assess_with(a, yaml, when, NULL)->aftercare;
}

static const struct ac_event *
event_of(const struct aftercare *ac, const char *kind)
{
	for (size_t i = 0; i < ac->n; i++)
		if (strcmp(ac->events[i].kind, kind) == 0)
			return &ac->events[i];
	return NULL;
}

/* The kinds due on day, in the timeline's order, space-separated. */
static const char *
due_on(const struct aftercare *ac, date_t day, char *out, size_t n)
{
	struct ac_days days = {day, day, 1};

	out[0] = '\0';
	for (size_t i = 0; i < ac->n; i++)
		if (aftercare_shown(&ac->events[i], &days))
			snprintf(out + strlen(out), n - strlen(out), "%s%s",
			    out[0] != '\0' ? " " : "", ac->events[i].kind);
	return out;
}

/* A treatment on D = 2026-10-13 and a session booked for S = 2026-11-10
 * (a Tuesday, 4 weeks on), with every before-care reason. */
#define D	"2026-10-13"
#define S	"2026-11-10"
static const char patient_all[] =
    "id: P-1\n"
    "name: Ana Souza\n"
    "contact: {email: ana@example.org}\n"
    "skin: {fitzpatrick: 2, concerns: [wrinkles]}\n"
    "history: [herpes-simplex]\n"
    "medications: [ibuprofen, {name: tretinoin, stopped: 2026-11-05}]\n"
    "treatments:\n"
    "  - {date: " D ", areas: {forehead: 0.5}}\n"
    "plan:\n"
    "  status: planned\n"
    "  sessions:\n"
    "    - {n: 2, date: " S "}\n";
static const char patient_plain[] =
    "id: P-2\n"
    "contact: {email: bob@example.org}\n"
    "skin: {fitzpatrick: 2, concerns: [wrinkles]}\n"
    "treatments:\n"
    "  - {date: " D ", areas: {forehead: 0.5}}\n"
    "plan:\n"
    "  status: planned\n"
    "  sessions:\n"
    "    - {n: 2, date: " S "}\n";

/* SPEC section 3's table, from the treatment day D. */
static void
test_after_offsets(void **state)
{
	static const struct {
		const char *kind;
		int from, to, open;
	} want[] = {
		{"no-makeup", 0, 1, 0},		/* the first day (seed) */
		{"no-sauna", 0, 2, 0},		/* 48 hours (seed) */
		{"sun-protection", 0, 0, 1},	/* SPF 50 from D on (seed) */
		{"do-not-pick", 1, 7, 0},	/* flakes: leave them */
		{"redness-check", 3, 3, 0},	/* gone after 72 hours */
		{"soothed", 7, 7, 0},		/* after a week */
		{"results", 14, 28, 0},		/* 2 to 4 weeks */
	};
	struct arena *a = arena_new();
	const struct aftercare *ac;
	date_t d = day_of(D);

	(void)state;
	/* No plan block: no session, and nothing before one. */
	ac = timeline(a, "id: P-3\ntreatments:\n  - {date: " D "}\n"
	    "  - {date: 2026-09-01}\n", D);
	assert_true(ac->has_treatment);
	assert_day(ac->treatment, D);
	assert_false(ac->has_session);
	assert_int_equal(ac->n, NELEM(want));
	for (size_t i = 0; i < NELEM(want); i++) {
		const struct ac_event *ev = event_of(ac, want[i].kind);

		if (ev == NULL)
			fail_msg("no %s", want[i].kind);
		assert_int_equal(ev->from - d, want[i].from);
		assert_int_equal(ev->to - d, want[i].to);
		assert_int_equal(ev->open, want[i].open);
		assert_false(ev->before);
	}
	/* By first day. */
	for (size_t i = 1; i < ac->n; i++)
		assert_true(ac->events[i - 1].from <= ac->events[i].from);
	/* The latest treatment on or before the day, not a later one. */
	ac = timeline(a, "id: P-3\ntreatments:\n  - {date: 2026-09-01}\n"
	    "  - {date: 2026-12-01}\n", D);
	assert_day(ac->treatment, "2026-09-01");
	/* None yet: no events at all. */
	ac = timeline(a, "id: P-3\ntreatments:\n  - {date: 2026-12-01}\n", D);
	assert_false(ac->has_treatment);
	assert_int_equal(ac->n, 0);
	arena_free(a);
}

/* CLINICAL.md section 3's table, back from the session S. */
/* An event past 9999-12-31 has no date: it is left out, not written as
 * year 0000 (nor 10000). */
static void
test_last_date(void **state)
{
	struct arena *a = arena_new();
	const struct aftercare *ac;
	size_t results = 0;

	(void)state;
	ac = timeline(a, "id: P-3\ntreatments: [{date: 9999-12-20}]\n",
	    "9999-12-25");
	assert_true(ac->n > 0);
	for (size_t i = 0; i < ac->n; i++) {
		assert_true(ac->events[i].from <= DATE_MAX);
		assert_true(ac->events[i].to <= DATE_MAX);
		results += strcmp(ac->events[i].kind, "results") == 0;
	}
	assert_int_equal(results, 0);	/* 10000-01-03 to 10000-01-17 */
	arena_free(a);
}

/*
 * Nor before 0001-01-01: the instructions days before a session on the
 * first days of year 1 wrote 0000-12-18, a date no tool reads back.  They
 * hold from the first day there is.
 */
static void
test_first_date(void **state)
{
	static const char yaml[] =
	    "id: P-4\n"
	    "skin: {fitzpatrick: 2, concerns: [wrinkles]}\n"
	    "history: [herpes-simplex]\n"
	    "medications: [ibuprofen]\n"
	    "plan:\n"
	    "  status: planned\n"
	    "  sessions:\n"
	    "    - {n: 1, date: 0001-01-03}\n";
	struct arena *a = arena_new();
	const struct aftercare *ac = timeline(a, yaml, "0001-01-01");
	const struct ac_event *ev;

	(void)state;
	assert_true(ac->has_session);
	for (size_t i = 0; i < ac->n; i++)
		assert_true(ac->events[i].from >= DATE_MIN);
	/* Two weeks before: from the first day, as the plan's note says. */
	assert_non_null(ev = event_of(ac, "prepare-sun"));
	assert_int_equal(ev->from, DATE_MIN);
	/* The day before is a day: it stays. */
	assert_non_null(ev = event_of(ac, "appointment"));
	assert_int_equal(ev->from, DATE_MIN + 1);
	assert_non_null(event_of(ac, "next-session"));
	arena_free(a);
}

static void
test_before_offsets(void **state)
{
	static const struct {
		const char *kind;
		int before;
	} want[] = {
		{"prepare-sun", 14}, {"prepare-waxing", 7}, {"prepare-retinoids", 5},
		{"prepare-nsaids", 3}, {"prepare-antiviral", 1}, {"appointment", 1},
		{"next-session", 0},
	};
	struct arena *a = arena_new();
	const struct aftercare *ac = timeline(a, patient_all, "2026-10-20");
	date_t s = day_of(S);

	(void)state;
	assert_true(ac->has_session);
	assert_day(ac->session, S);
	assert_int_equal(ac->session_n, 2);
	for (size_t i = 0; i < NELEM(want); i++) {
		const struct ac_event *ev = event_of(ac, want[i].kind);

		if (ev == NULL)
			fail_msg("no %s", want[i].kind);
		assert_int_equal(s - ev->from, want[i].before);
		assert_int_equal(ev->to, ev->from);
		assert_false(ev->open);
		assert_int_equal(ev->before, strcmp(want[i].kind,
		    "next-session") != 0);
	}
	assert_int_equal(ac->n, 7 + NELEM(want));
	arena_free(a);
}

/* Each boundary day, run as a daily cron job would: what is due then. */
static void
test_due_each_day(void **state)
{
	static const struct {
		const char *day, *due;
	} want[] = {
		{"2026-10-12", ""},					/* D-1 */
		{D, "no-makeup no-sauna sun-protection"},		/* D */
		{"2026-10-14", "do-not-pick"},				/* D+1 */
		{"2026-10-15", ""},					/* D+2 */
		{"2026-10-16", "redness-check"},			/* D+3 */
		{"2026-10-17", ""},					/* D+4 */
		{"2026-10-20", "soothed"},				/* D+7 */
		{"2026-10-26", ""},					/* D+13 */
		{"2026-10-27", "results prepare-sun"},			/* D+14, S-14 */
		{"2026-11-03", "prepare-waxing"},			/* S-7 */
		{"2026-11-04", ""},					/* S-6 */
		{"2026-11-05", "prepare-retinoids"},			/* S-5 */
		{"2026-11-07", "prepare-nsaids"},			/* S-3 */
		{"2026-11-08", ""},					/* S-2 */
		{"2026-11-09", "prepare-antiviral appointment"},	/* S-1 */
		{S, "next-session"},					/* S, D+28 */
		{"2026-11-11", ""},					/* S+1 */
	};
	struct arena *a = arena_new();
	char got[256];

	(void)state;
	for (size_t i = 0; i < NELEM(want); i++) {
		const struct aftercare *ac = timeline(a, patient_all, want[i].day);

		due_on(ac, day_of(want[i].day), got, sizeof(got));
		if (strcmp(got, want[i].due) != 0)
			fail_msg("%s: due '%s', expected '%s'", want[i].day, got,
			    want[i].due);
	}
	/* Past the session, there is none (a daily run must not see one
	 * "today" every day), so nothing before one either. */
	assert_false(timeline(a, patient_all, "2026-11-11")->has_session);
	arena_free(a);
}

/*
 * A booked session given on its day is no longer the next one: the next
 * booked one is, on its own day, or none after the last.  Planned again
 * with that day's treatment counted, the last of a course became a
 * maintenance session 6 months on that the plan never booked.
 */
static void
test_session_given(void **state)
{
	static const char last[] =
	    "id: P-11\n"
	    "skin: {fitzpatrick: 2, concerns: [wrinkles]}\n"
	    "treatments:\n"
	    "  - {date: 2026-10-28, areas: {forehead: 0.3}}\n"
	    "  - {date: 2026-11-25, areas: {forehead: 0.4}}\n"
	    "  - {date: 2026-12-23, areas: {forehead: 0.5}}\n"
	    "plan:\n"
	    "  status: planned\n"
	    "  sessions:\n"
	    "    - {n: 3, date: 2026-12-23}\n";
	/* The next booked 5 weeks on, not the course's 4. */
	static const char more[] =
	    "id: P-12\n"
	    "skin: {fitzpatrick: 2, concerns: [wrinkles]}\n"
	    "treatments:\n"
	    "  - {date: 2026-11-25, areas: {forehead: 0.3}}\n"
	    "  - {date: 2026-12-23, areas: {forehead: 0.4}}\n"
	    "plan:\n"
	    "  status: planned\n"
	    "  sessions:\n"
	    "    - {n: 2, date: 2026-12-23}\n"
	    "    - {n: 3, date: 2027-01-27}\n";
	struct arena *a = arena_new();
	const struct aftercare *ac;
	char got[256];

	(void)state;
	ac = timeline(a, last, "2026-12-23");
	assert_true(ac->has_treatment);
	assert_day(ac->treatment, "2026-12-23");
	assert_false(ac->has_session);
	assert_null(event_of(ac, "next-session"));
	assert_null(event_of(ac, "appointment"));
	assert_null(event_of(ac, "prepare-sun"));
	assert_string_equal(due_on(ac, day_of("2026-12-23"), got, sizeof(got)),
	    "no-makeup no-sauna sun-protection");
	/* The day before, the treatment is not given yet: the session is. */
	ac = timeline(a, last, "2026-12-22");
	assert_true(ac->has_session);
	assert_day(ac->session, "2026-12-23");
	assert_int_equal(ac->session_n, 3);
	assert_non_null(event_of(ac, "appointment"));
	/* Not the last: the next booked one. */
	ac = timeline(a, more, "2026-12-23");
	assert_true(ac->has_session);
	assert_day(ac->session, "2027-01-27");
	assert_int_equal(ac->session_n, 3);
	assert_day(event_of(ac, "appointment")->from, "2027-01-26");
	/* Booked for the day, no treatment on it yet: that session. */
	ac = timeline(a, "id: P-13\n"
	    "skin: {fitzpatrick: 2, concerns: [wrinkles]}\n"
	    "treatments: [{date: 2026-11-25, areas: {forehead: 0.3}}]\n"
	    "plan: {status: planned, sessions: [{n: 2, date: 2026-12-23}]}\n",
	    "2026-12-23");
	assert_true(ac->has_session);
	assert_day(ac->session, "2026-12-23");
	assert_string_equal(due_on(ac, day_of("2026-12-23"), got, sizeof(got)),
	    "next-session");
	arena_free(a);
}

/* Before care: the kinds that apply to the patient, and only with a plan. */
static void
test_before_applies(void **state)
{
	struct arena *a = arena_new();
	const struct aftercare *ac = timeline(a, patient_plain, "2026-10-20");
	char *yaml;

	(void)state;
	assert_non_null(event_of(ac, "prepare-sun"));
	assert_non_null(event_of(ac, "prepare-waxing"));
	assert_non_null(event_of(ac, "appointment"));
	assert_non_null(event_of(ac, "next-session"));
	assert_null(event_of(ac, "prepare-retinoids"));
	assert_null(event_of(ac, "prepare-nsaids"));
	assert_null(event_of(ac, "prepare-antiviral"));

	/* Each reason alone brings its kind. */
	yaml = arena_strdup(a, patient_plain);
	ac = timeline(a, "id: P-4\nskin: {concerns: [wrinkles]}\n"
	    "medications: [{name: Retin-A, stopped: 2026-11-05}]\n"
	    "plan: {status: planned, sessions: [{date: " S "}]}\n", "2026-10-20");
	assert_non_null(event_of(ac, "prepare-retinoids"));
	assert_null(event_of(ac, "prepare-nsaids"));
	/* Stopped long enough before: nothing to stop. */
	ac = timeline(a, "id: P-4\nskin: {concerns: [wrinkles]}\n"
	    "medications: [{name: tretinoin, stopped: 2026-09-01}]\n"
	    "plan: {status: planned, sessions: [{date: " S "}]}\n", "2026-10-20");
	assert_null(event_of(ac, "prepare-retinoids"));
	ac = timeline(a, "id: P-4\nskin: {concerns: [wrinkles]}\n"
	    "medications: [Nurofen]\nplan: {status: planned, sessions: [{date: " S "}]}\n",
	    "2026-10-20");
	assert_non_null(event_of(ac, "prepare-nsaids"));
	assert_null(event_of(ac, "prepare-antiviral"));
	ac = timeline(a, "id: P-4\nskin: {concerns: [wrinkles]}\n"
	    "history: [herpes-simplex]\nplan: {status: planned, sessions: [{date: " S "}]}\n",
	    "2026-10-20");
	assert_non_null(event_of(ac, "prepare-antiviral"));
	assert_null(event_of(ac, "prepare-retinoids"));

	/* Without a plan block, no before care, whatever applies. */
	ac = timeline(a, "id: P-4\nskin: {concerns: [wrinkles]}\n"
	    "history: [herpes-simplex]\nmedications: [ibuprofen]\n", "2026-10-20");
	assert_false(ac->has_session);
	assert_int_equal(ac->n, 0);
	/* A plan the patient may not have any more (pregnant): none. */
	ac = timeline(a, "id: P-4\npregnant: true\nskin: {concerns: [wrinkles]}\n"
	    "plan: {status: planned, sessions: [{date: " S "}]}\n", "2026-10-20");
	assert_false(ac->has_session);
	assert_null(event_of(ac, "appointment"));
	/* A booked day the clinic is closed (a Sunday) moves to the next open one. */
	ac = timeline(a, "id: P-4\nskin: {concerns: [wrinkles]}\n"
	    "plan: {status: planned, sessions: [{date: 2026-11-08}]}\n", "2026-10-20");
	assert_day(ac->session, "2026-11-09");
	assert_day(event_of(ac, "appointment")->from, "2026-11-08");
	(void)yaml;
	arena_free(a);
}

/* The record's language, else the clinic's, else English; fr-BE is French. */
static void
test_language(void **state)
{
	static const struct {
		const char *record, *clinic, *want, *text;
	} cases[] = {
		{"fr", NULL, "fr", "Pas de maquillage le"},
		{"fr-BE", NULL, "fr", "Pas de maquillage"},
		{"NL", NULL, "nl", "Geen make-up op"},
		{"nl_BE", "fr", "nl", "Geen make-up"},
		{"de", "fr", "fr", "Pas de maquillage"},
		{"de", NULL, "en", "No make-up on"},
		{NULL, "nl", "nl", "Geen make-up"},
		{NULL, NULL, "en", "No make-up"},
	};
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		char yaml[256], conf[64];
		struct config *cfg;
		const struct aftercare *ac;

		snprintf(yaml, sizeof(yaml), "id: L-1\n%s%s%s"
		    "treatments: [{date: " D "}]\n",
		    cases[i].record ? "language: " : "",
		    cases[i].record ? cases[i].record : "",
		    cases[i].record ? "\n" : "");
		snprintf(conf, sizeof(conf), "language: %s\n",
		    cases[i].clinic ? cases[i].clinic : "en");
		cfg = config_of(conf);
		ac = &assess_with(a, yaml, D, cfg)->aftercare;
		if (strcmp(ac->language, cases[i].want) != 0)
			fail_msg("record %s, clinic %s: %s, expected %s",
			    cases[i].record ? cases[i].record : "-",
			    cases[i].clinic ? cases[i].clinic : "-", ac->language,
			    cases[i].want);
		assert_contains(event_of(ac, "no-makeup")->text, cases[i].text);
		config_free(cfg);
	}
	arena_free(a);
}

/* A copy of share/derma's aftercare files in a directory of its own. */
static void
copy_aftercare(char *dir)
{
	temp_dir(dir);
	copy_data(dir, "aftercare.yaml");
	copy_data(dir, "aftercare.en.yaml");
	copy_data(dir, "aftercare.fr.yaml");
	copy_data(dir, "aftercare.nl.yaml");
}

/* Replaces the first line of dir/name that holds from by to. */
static void
edit_in(const char *dir, const char *name, const char *from, const char *to)
{
	char path[512], *s, *at, *eol;
	struct buf b = {0};

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	s = read_file(path, NULL);
	if ((at = strstr(s, from)) == NULL)
		fail_msg("%s: no '%s'", name, from);
	while (at > s && at[-1] != '\n')
		at--;
	eol = strchr(at, '\n');
	buf_add(&b, s, (size_t)(at - s));
	buf_puts(&b, to);
	buf_puts(&b, eol != NULL ? eol : "");
	buf_str(&b);
	write_in(dir, name, b.p);
	buf_free(&b);
	free(s);
}

/* The data is loaded whole or not at all: what is wrong, and where. */
static void
expect_load_error(const char *dir, const char *file, const char *msg)
{
	struct aftercare_data *ad;
	struct diag d;

	ad = load_from(dir, &d);
	if (ad != NULL)
		fail_msg("loaded: expected '%s' in %s", msg, file);
	if (!ends_with(d.file, file))
		fail_msg("the error is in %s, expected %s: %s",
		    d.file, file, d.msg);
	assert_true(d.line > 0);
	assert_true(d.col > 0);
	assert_contains(d.msg, msg);
}

static void
test_missing_text(void **state)
{
	char dir[64];

	(void)state;
	/* A kind without its text in one language: at load, not at send. */
	copy_aftercare(dir);
	edit_in(dir, "aftercare.fr.yaml", "  redness-check: \"Les rougeurs, la",
	    "  # redness-check: none");
	expect_load_error(dir, "aftercare.fr.yaml", "redness-check: missing");
	remove_dir(dir);
	/* Its title, likewise. */
	copy_aftercare(dir);
	edit_in(dir, "aftercare.nl.yaml", "  soothed: \"Huid", "  # none");
	expect_load_error(dir, "aftercare.nl.yaml", "soothed: missing");
	remove_dir(dir);
	/* A kind the timeline does not have. */
	copy_aftercare(dir);
	edit_in(dir, "aftercare.en.yaml", "  soothed: \"A week on",
	    "  soothed: \"A week on.\"\n  sooth: \"typo\"");
	expect_load_error(dir, "aftercare.en.yaml", "not a kind");
	remove_dir(dir);
	/* A new kind in the timeline needs a text in every language. */
	copy_aftercare(dir);
	edit_in(dir, "aftercare.yaml", "  - {kind: soothed, from: 7}",
	    "  - {kind: soothed, from: 7}\n  - {kind: exercise, from: 1}");
	expect_load_error(dir, "aftercare.en.yaml", "exercise: missing");
	remove_dir(dir);
	/* English is the last resort: it must be there. */
	copy_aftercare(dir);
	{
		char p[128];

		snprintf(p, sizeof(p), "%s/aftercare.en.yaml", dir);
		unlink(p);
	}
	{
		struct diag d;

		assert_null(load_from(dir, &d));
		assert_contains(d.msg, "aftercare.en.yaml");
	}
	remove_dir(dir);
}

static void
test_bad_placeholder(void **state)
{
	static const struct {
		const char *file, *line, *text, *msg;
	} cases[] = {
		/* The patient's name is the greeting's only. */
		{"aftercare.en.yaml", "  soothed: \"A week on",
		    "  soothed: \"Dear {name}, a week on.\"", "soothed: a placeholder"},
		/* A one-day reminder has no last day of its own. */
		{"aftercare.fr.yaml", "  redness-check: \"Les rougeurs",
		    "  redness-check: \"Jusqu'au {until}.\"", "redness-check: a placeholder"},
		/* After a treatment there may be no session. */
		{"aftercare.nl.yaml", "  soothed: \"Na een week",
		    "  soothed: \"Tot {session}.\"", "soothed: a placeholder"},
		{"aftercare.en.yaml", "  results: \"From now",
		    "  results: \"At {time}.\"", "results: a placeholder"},
		/* Nor a subject, which anyone may see. */
		{"aftercare.en.yaml", "  after: \"Looking",
		    "  after: \"For {name}\"", "after: a placeholder"},
		{"aftercare.en.yaml", "  greeting: \"Hello",
		    "  greeting: \"Hello {nmae},\"", "greeting: a placeholder"},
	};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		char dir[64];

		copy_aftercare(dir);
		edit_in(dir, cases[i].file, cases[i].line, cases[i].text);
		expect_load_error(dir, cases[i].file, cases[i].msg);
		remove_dir(dir);
	}
}

/* The block: treatment, then events as {date, until, kind, text}. */
static void
test_block(void **state)
{
	struct arena *a = arena_new();
	const struct aftercare *ac = timeline(a, patient_plain, "2026-10-16");
	struct ac_days due = {day_of("2026-10-16"), day_of("2026-10-16"), 1};
	struct node *b;
	struct buf out = {0};
	struct diag d;

	(void)state;
	diag_clear(&d);
	assert_non_null(b = aftercare_block(a, ac, &due));
	assert_int_equal(emit_json(b, &out, &d), 0);
	buf_str(&out);
	assert_string_equal(out.p, "{\"treatment\":\"" D "\",\"events\":["
	    "{\"date\":\"2026-10-16\",\"kind\":\"redness-check\",\"text\":"
	    "\"Any redness, warmth or swelling should be gone by now. If it is "
	    "not, please call us on the number you were given.\"}]}\n");
	/* The whole timeline: a range has until, an open one has not. */
	assert_non_null(b = aftercare_block(a, ac, NULL));
	out.len = 0;
	assert_int_equal(emit_json(b, &out, &d), 0);
	buf_str(&out);
	assert_contains(out.p, "{\"date\":\"" D "\",\"until\":\"2026-10-14\","
	    "\"kind\":\"no-makeup\"");
	assert_contains(out.p, "{\"date\":\"" D "\",\"kind\":\"sun-protection\"");
	assert_contains(out.p, "{\"date\":\"2026-11-09\",\"kind\":\"appointment\"");
	/* Nothing due: an empty list, and no treatment yet: no key. */
	ac = timeline(a, "id: P-5\n", "2026-10-16");
	assert_non_null(b = aftercare_block(a, ac, &due));
	out.len = 0;
	assert_int_equal(emit_json(b, &out, &d), 0);
	buf_str(&out);
	assert_string_equal(out.p, "{\"events\":[]}\n");
	buf_free(&out);
	arena_free(a);
}

/* The message of day for the record yaml, or NULL when there is none. */
static char *
mail_of(struct arena *a, const char *yaml, const char *day, char *id)
{
	struct assessment *x = assess_with(a, yaml, day, clinic);
	struct buf out = {0};
	char *s;
	int r;

	r = aftercare_mail(dd.aftercare, clinic, &x->patient, &x->aftercare,
	    day_of(day), (time_t)1790000000, &out, id, 512);
	assert_int_not_equal(r, -1);
	if (r == 0) {
		assert_int_equal(out.len, 0);
		return NULL;
	}
	buf_str(&out);
	s = arena_strdup(a, out.p);
	buf_free(&out);
	return s;
}

/* The header named name (as "Name: "), unfolded, or NULL. */
static const char *
header_of(struct arena *a, const char *msg, const char *name)
{
	const char *end = strstr(msg, "\n\n"), *p = msg;
	size_t n = strlen(name);

	for (; p != NULL && p < end; p = strchr(p, '\n') + 1) {
		struct buf b = {0};
		const char *q = p, *v;

		if (strncmp(p, name, n) != 0 || p[n] != ':')
			continue;
		do {
			const char *eol = strchr(q, '\n');

			buf_add(&b, q, (size_t)(eol - q));
			q = eol + 1;
		} while (*q == ' ' || *q == '\t');
		buf_str(&b);
		v = arena_strdup(a, b.p + n + 2);
		buf_free(&b);
		return v;
	}
	return NULL;
}

/* Every header line of msg starts a header of derma's or folds one. */
static void
assert_headers_only(const char *msg)
{
	static const char *const known[] = {"From: ", "To: ", "Subject: ",
	    "Date: ", "Message-ID: ", "MIME-Version: ", "Content-Type: ",
	    "Content-Transfer-Encoding: ", "Auto-Submitted: "};
	const char *end = strstr(msg, "\n\n");
	size_t seen = 0;

	assert_non_null(end);
	for (const char *p = msg; p < end; p = strchr(p, '\n') + 1) {
		size_t i;

		if (*p == ' ')
			continue;
		for (i = 0; i < NELEM(known); i++)
			if (strncmp(p, known[i], strlen(known[i])) == 0)
				break;
		if (i == NELEM(known))
			fail_msg("not a header of derma's: '%.40s'", p);
		seen++;
	}
	assert_int_equal(seen, NELEM(known));
	assert_null(strchr(msg, '\r'));		/* LF line ends */
}

static void
test_mail(void **state)
{
	struct arena *a = arena_new();
	char id[512];
	const char *m;

	(void)state;
	m = mail_of(a, patient_plain, D, id);
	assert_non_null(m);
	assert_headers_only(m);
	assert_string_equal(header_of(a, m, "From"),
	    "\"Clinique des Tilleuls\" <info@tilleuls.example>");
	assert_string_equal(header_of(a, m, "To"), "bob@example.org");
	/* The clinic's language: the patient's record names none. */
	assert_string_equal(header_of(a, m, "Subject"),
	    "Prendre soin de votre peau");
	assert_string_equal(header_of(a, m, "Date"),
	    "Mon, 21 Sep 2026 14:13:20 +0000");
	assert_string_equal(header_of(a, m, "Content-Type"),
	    "text/plain; charset=UTF-8");
	assert_string_equal(header_of(a, m, "Content-Transfer-Encoding"),
	    "quoted-printable");
	assert_string_equal(header_of(a, m, "Auto-Submitted"), "auto-generated");
	assert_string_equal(header_of(a, m, "MIME-Version"), "1.0");
	/* derma.ID.TREATMENT[.DAY].CLINIC@the domain of mail.from */
	assert_int_equal(strncmp(id, "derma.P-2." "20261013.", 17), 0);
	assert_true(ends_with(id, "@tilleuls.example"));
	assert_int_equal(strlen(id), strlen("derma.P-2.20261013.") + 8 +
	    strlen("@tilleuls.example"));
	{
		char want[600];

		snprintf(want, sizeof(want), "<%s>", id);
		assert_string_equal(header_of(a, m, "Message-ID"), want);
	}
	/* The clinic's phone where the redness check says to call. */
	m = mail_of(a, patient_plain, "2026-10-16", id);
	assert_contains(m, "+32 2 123 45 67");
	assert_contains(id, ".20261013.20261016.");
	/* Nothing due: no message. */
	assert_null(mail_of(a, patient_plain, "2026-10-15", id));
	/* Not ASCII: encoded-words. */
	m = mail_of(a, patient_all, "2026-11-03", id);
	assert_string_equal(header_of(a, m, "Subject"),
	    "=?UTF-8?Q?Pr=C3=A9parer_votre_prochaine_s=C3=A9ance?=");

	arena_free(a);
}

/* Nothing from a record can add, break or fold a header. */
static void
test_mail_injection(void **state)
{
	struct arena *a = arena_new();
	const struct assessment *x;
	const char *why, *m, *to;
	char id[512];

	(void)state;
	m = mail_of(a, "id: P-6\nname: \"Eve\\r\\nBcc: victim@evil.example\"\n"
	    "contact: {email: eve@example.org}\ntreatments: [{date: " D "}]\n",
	    D, id);
	assert_non_null(m);
	assert_headers_only(m);
	to = header_of(a, m, "To");
	assert_string_equal(to, "\"Eve  Bcc: victim@evil.example\" <eve@example.org>");
	assert_null(strstr(m, "\nBcc:"));
	/* An address with a line break in it is no address: not mailed. */
	x = assess_with(a, "id: P-7\ncontact: {email: \"eve@example.org\\nBcc: "
	    "victim@evil.example\"}\ntreatments: [{date: " D "}]\n", D, clinic);
	assert_null(aftercare_address(&x->patient, &why));
	assert_string_equal(why, "not a valid e-mail address");
	assert_null(mail_of(a, "id: P-7\ncontact: {email: \"eve@example.org\\r\\n"
	    "Bcc: x@evil.example\"}\ntreatments: [{date: " D "}]\n", D, id));
	assert_null(mail_of(a, "id: P-7\ncontact: {email: \"Eve <eve@example.org>\"}"
	    "\ntreatments: [{date: " D "}]\n", D, id));
	/* Consent: no address, or reminders off or not answered. */
	x = assess_with(a, "id: P-8\ntreatments: [{date: " D "}]\n", D, clinic);
	assert_null(aftercare_address(&x->patient, &why));
	assert_string_equal(why, "no e-mail address");
	x = assess_with(a, "id: P-8\ncontact: {email: p8@example.org, reminders: "
	    "false}\ntreatments: [{date: " D "}]\n", D, clinic);
	assert_null(aftercare_address(&x->patient, &why));
	assert_string_equal(why, "reminders off");
	assert_null(mail_of(a, "id: P-8\ncontact: {email: p8@example.org, "
	    "reminders: false}\ntreatments: [{date: " D "}]\n", D, id));
	/* Asked and not answered ("reminders:", "reminders: ~") is not a
	 * yes; left out, it is (the file format's default). */
	x = assess_with(a, "id: P-8\ncontact: {email: p8@example.org, reminders: "
	    "~}\ntreatments: [{date: " D "}]\n", D, clinic);
	assert_null(aftercare_address(&x->patient, &why));
	assert_string_equal(why, "reminders not answered");
	assert_null(mail_of(a, "id: P-8\ncontact:\n  email: p8@example.org\n"
	    "  reminders:\ntreatments: [{date: " D "}]\n", D, id));
	x = assess_with(a, "id: P-8\ncontact: {email: p8@example.org}\n"
	    "treatments: [{date: " D "}]\n", D, clinic);
	assert_non_null(aftercare_address(&x->patient, &why));
	/* A name that is not ASCII: encoded-words, of whole characters. */
	m = mail_of(a, "id: P-9\nname: Zoë Ûrbañ-Ødegård\nlanguage: en\n"
	    "contact: {email: zoe@example.no}\ntreatments: [{date: " D "}]\n",
	    D, id);
	assert_headers_only(m);
	assert_string_equal(header_of(a, m, "To"),
	    "=?UTF-8?Q?Zo=C3=AB_=C3=9Brba=C3=B1-=C3=98deg=C3=A5rd?= "
	    "<zoe@example.no>");
	/* In the body, quoted-printable: "Hello Zoë" */
	assert_contains(m, "Hello Zo=C3=AB =C3=9Brba=C3=B1-=C3=98deg=C3=A5rd,");
	arena_free(a);
}

/* A subject names no condition and no medication: anyone may see it. */
static void
test_subject(void **state)
{
	static const char *const days[] = {"2026-10-27", "2026-11-03",
	    "2026-11-05", "2026-11-07", "2026-11-09", S, D};
	static const char *const langs[] = {"en", "fr", "nl"};
	static const char *const words[] = {"retino", "rétino", "tretino",
	    "ibuprof", "nsaid", "ains", "inflam", "ontsteking", "pijnstill",
	    "antivir", "herpes", "virus", "acne", "acné", "medic", "médic",
	    "tablet", "pill", "crème", "cream", "sun", "soleil", "zon"};
	struct arena *a = arena_new();
	char id[512];

	(void)state;
	for (size_t l = 0; l < NELEM(langs); l++) {
		for (size_t i = 0; i < NELEM(days); i++) {
			char yaml[1024], lower[512];
			const char *m, *subj;
			struct buf b = {0};

			snprintf(yaml, sizeof(yaml), "language: %s\n%s", langs[l],
			    patient_all);
			m = mail_of(a, yaml, days[i], id);
			if (m == NULL)
				fail_msg("%s %s: no message", langs[l], days[i]);
			subj = header_of(a, m, "Subject");
			/* Decoded enough to search: the Q encoding's =XX and _. */
			for (const char *p = subj; *p != '\0'; p++) {
				if (p[0] == '=' && p[1] == '?') {
					p = strchr(p + 2, '?');
					p = strchr(p + 1, '?');
					continue;
				}
				if (p[0] == '?' && p[1] == '=') {
					p++;
					continue;
				}
				buf_putc(&b, *p == '_' ? ' ' : *p);
			}
			buf_str(&b);
			snprintf(lower, sizeof(lower), "%s", b.p);
			for (char *p = lower; *p != '\0'; p++)
				if (*p >= 'A' && *p <= 'Z')
					*p = (char)(*p - 'A' + 'a');
			for (size_t w = 0; w < NELEM(words); w++)
				if (strstr(lower, words[w]) != NULL)
					fail_msg("%s %s: the subject '%s' names '%s'",
					    langs[l], days[i], subj, words[w]);
			buf_free(&b);
		}
	}
	arena_free(a);
}

/* The text view: 80 columns, a phone number not broken, who is not mailed. */
static void
test_text(void **state)
{
	struct arena *a = arena_new();
	struct assessment *x = assess_with(a, "id: P-10\nname: Ana\nlanguage: nl\n"
	    "contact: {email: ana@example.org, reminders: false}\n"
	    "treatments: [{date: " D "}]\n", D, clinic);
	struct buf out = {0};
	const char *line;

	(void)state;
	assert_int_equal(aftercare_text(&x->patient, &x->aftercare, NULL, 0, &out),
	    0);
	/* A long name and address: the address on a line of its own. */
	x = assess_with(a, "id: LONG-NAME-PATIENT-0001\n"
	    "name: Maria-Fernanda de los Santos Oliveira-Bragança\n"
	    "contact: {email: maria.fernanda.oliveira@example.com}\n"
	    "treatments: [{date: " D "}]\n", D, clinic);
	assert_int_equal(aftercare_text(&x->patient, &x->aftercare, NULL, 0, &out),
	    0);
	buf_str(&out);
	assert_contains(out.p, "Oliveira-Bragança\n"
	    "  <maria.fernanda.oliveira@example.com>\n");
	assert_contains(out.p, "P-10  Ana  not mailed: reminders off\n");
	/* "bel ons dan op +32 2 123 45 67." falls at the end of a line */
	assert_contains(out.p, "+32 2 123 45 67.");
	for (line = out.p; *line != '\0'; line = strchr(line, '\n') + 1) {
		size_t n = (size_t)(strchr(line, '\n') - line);

		if (esc_term_width(line, n) > 80)
			fail_msg("%zu columns: '%.*s'", esc_term_width(line, n),
			    (int)n, line);
	}
	buf_free(&out);
	arena_free(a);
}

/* The calendar: all-day events, exclusive DTEND, UIDs that stay. */
static void
test_ics(void **state)
{
	struct arena *a = arena_new();
	struct assessment *x = assess_with(a, patient_plain, "2026-10-20", clinic);
	struct buf out = {0}, moved = {0};

	(void)state;
	assert_int_equal(aftercare_ics(dd.aftercare, clinic, &x->patient,
	    &x->aftercare, NULL, day_of("2026-10-20"), &out), 0);
	buf_str(&out);
	assert_contains(out.p, "UID:no-makeup.P-2.20261013.");
	assert_contains(out.p, "DTSTAMP:20261020T000000Z\r\n");
	assert_contains(out.p, "DTSTART;VALUE=DATE:20261013\r\n"
	    "DTEND;VALUE=DATE:20261015\r\n");
	assert_contains(out.p, "UID:appointment.P-2.s2.");
	/* The session moved: the same UIDs, so a re-import updates them. */
	x = assess_with(a, "id: P-2\ncontact: {email: bob@example.org}\n"
	    "skin: {fitzpatrick: 2, concerns: [wrinkles]}\n"
	    "treatments: [{date: " D "}]\n"
	    "plan: {status: planned, sessions: [{n: 2, date: 2026-11-17}]}\n", "2026-10-20", clinic);
	assert_int_equal(aftercare_ics(dd.aftercare, clinic, &x->patient,
	    &x->aftercare, NULL, day_of("2026-10-20"), &moved), 0);
	buf_str(&moved);
	{
		const char *u1 = strstr(out.p, "UID:appointment."), *u2 =
		    strstr(moved.p, "UID:appointment.");

		assert_non_null(u2);
		assert_int_equal(strcspn(u1, "\r"), strcspn(u2, "\r"));
		assert_memory_equal(u1, u2, strcspn(u1, "\r"));
	}
	assert_contains(moved.p, "DTSTART;VALUE=DATE:20261116\r\n");
	buf_free(&out);
	buf_free(&moved);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_after_offsets),
		cmocka_unit_test(test_last_date),
		cmocka_unit_test(test_first_date),
		cmocka_unit_test(test_before_offsets),
		cmocka_unit_test(test_due_each_day),
		cmocka_unit_test(test_session_given),
		cmocka_unit_test(test_before_applies),
		cmocka_unit_test(test_language),
		cmocka_unit_test(test_missing_text),
		cmocka_unit_test(test_bad_placeholder),
		cmocka_unit_test(test_block),
		cmocka_unit_test(test_mail),
		cmocka_unit_test(test_mail_injection),
		cmocka_unit_test(test_subject),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_ics),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

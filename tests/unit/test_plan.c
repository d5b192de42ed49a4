/* Unit tests: the treatment course (plan.h) with the rules of share/derma. */
#include "config.h"
#include "plan.h"
#include "unit.h"

static struct rules *rules;
static struct plan_rules *plan_rules;
static struct config *defaults;

static int
setup(void **state)
{
	struct diag d;

	(void)state;
	rules = load_rules();
	diag_clear(&d);
	if ((plan_rules = plan_load(DATA_DIR, rules->vocab, &d)) == NULL)
		fail_msg("plan_load: %s:%lu:%lu: %s", d.file,
		    d.line, d.col, d.msg);
	if (config_read(NULL, &defaults, &d) == -1)
		fail_msg("config_read: %s", d.msg);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	plan_free(plan_rules);
	free_rules(rules);
	config_free(defaults);
	return 0;
}

/* The configuration of text, which must be good. */
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

struct planned {
	struct plan plan;
	const struct patient *patient;
};

/* Plans the record yaml on day when, from start, with cfg and o. */
static struct planned
plan_with(struct arena *a, const char *yaml, const char *when,
    const char *start, const struct config *cfg, struct plan_opts *o)
{
	struct plan_opts none;
	struct planned p;
	struct diag d;

	if (o == NULL) {
		memset(&none, 0, sizeof(none));
		o = &none;
	}
	o->start = day_of(start);
	p.patient = read_patient(rules->vocab, a, parse_yaml(a, yaml));
	diag_clear(&d);
	if (plan_patient(plan_rules, rules, cfg, p.patient, day_of(when), o, a,
	    &p.plan, &d) != 0)
		fail_msg("plan_patient: %s", d.msg);
	return p;
}

static struct plan
plan_yaml(struct arena *a, const char *yaml, const char *when)
{
	return plan_with(a, yaml, when, when, defaults, NULL).plan;
}

static const struct vocab_word *
area(const char *name)
{
	const struct vocab_word *w = vocab_find(rules->vocab, VOC_AREA, name,
	    strlen(name));

	if (w == NULL)
		fail_msg("no area %s", name);
	return w;
}

/* The depth of area in session s, or -1 when the session does not treat it. */
static int
depth_of(const struct plan_session *s, const char *name)
{
	const struct vocab_word *w = area(name);

	for (size_t i = 0; i < s->nareas; i++)
		if (s->areas[i].area == w)
			return s->areas[i].depth;
	return -1;
}

/* What the clinical rules say of every plan (CLINICAL.md sections 2, 3). */
static void
assert_sound(const struct plan *pl, const struct config *cfg, date_t start,
    int interval)
{
	for (size_t i = 0; i < pl->n; i++) {
		const struct plan_session *s = &pl->sessions[i];

		assert_true(s->date >= start);
		assert_true(config_is_open(cfg, s->date));
		if (i > 0)
			assert_true(s->date - pl->sessions[i - 1].date >= interval);
		assert_true(s->nareas > 0);
		for (size_t j = 0; j < s->nareas; j++) {
			int dp = s->areas[j].depth;

			assert_true(dp >= 20 && dp <= 300);	/* the device */
			assert_int_equal(dp % 10, 0);	/* its steps */
			if (strcmp(s->areas[j].area->name, "periorbital") == 0 ||
			    strcmp(s->areas[j].area->name, "crows-feet") == 0)
				assert_true(dp <= 50);
			/* Deeper over the course, never shallower. */
			if (i > 0)
				assert_true(dp >= pl->sessions[i - 1].areas[j].depth);
		}
	}
}

/* Every concern: its course, its areas, sound dates and depths. */
static void
test_every_concern(void **state)
{
	static const struct {
		const char *concern;
		int sessions;
		int interval;	/* days */
		const char *areas;	/* the first two */
	} cases[] = {
		{"wrinkles", 3, 28, "forehead crows-feet"},
		{"fine-lines", 3, 28, "forehead crows-feet"},
		{"laxity", 3, 28, "cheeks jawline"},
		{"elasticity", 3, 28, "cheeks jawline"},
		{"acne-scars", 3, 42, "cheeks forehead"},
		{"scars", 3, 42, "cheeks"},
		{"stretch-marks", 4, 28, "abdomen thighs"},
		{"pigmentation", 3, 28, "cheeks forehead"},
		{"age-spots", 3, 28, "cheeks forehead"},
		{"dark-circles", 3, 28, "periorbital"},
		{"under-eye-bags", 3, 28, "periorbital"},
		{"large-pores", 3, 28, "nose cheeks"},
		{"uneven-tone", 3, 28, "cheeks forehead"},
	};
	struct arena *a = arena_new();

	(void)state;
	assert_int_equal(NELEM(cases), vocab_count(rules->vocab, VOC_CONCERN));
	for (size_t i = 0; i < NELEM(cases); i++) {
		char yaml[128], first[32];
		struct plan pl;

		snprintf(yaml, sizeof(yaml), "id: T-1\nskin: {fitzpatrick: 2, "
		    "concerns: [%s]}\n", cases[i].concern);
		pl = plan_yaml(a, yaml, "2026-11-25");
		assert_false(pl.refused);
		assert_int_equal(pl.n, cases[i].sessions);
		assert_sound(&pl, defaults, day_of("2026-11-25"), cases[i].interval);
		snprintf(first, sizeof(first), "%s", cases[i].areas);
		first[strcspn(first, " ")] = '\0';
		assert_string_equal(pl.sessions[0].areas[0].area->name, first);
		if (strchr(cases[i].areas, ' ') != NULL)
			assert_string_equal(pl.sessions[0].areas[1].area->name,
			    strchr(cases[i].areas, ' ') + 1);
		for (size_t k = 0; k < pl.n; k++)
			assert_int_equal(pl.sessions[k].n, (int)k + 1);
		arena_reset(a);
	}
	arena_free(a);
}

/* Every area, named with --areas: in its range, deepening, within max. */
static void
test_every_area(void **state)
{
	struct arena *a = arena_new();
	size_t n = vocab_count(rules->vocab, VOC_AREA);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		const struct vocab_word *w = vocab_at(rules->vocab, VOC_AREA, i);
		struct plan_opts o = {0, 0, &w, 1};
		struct plan pl = plan_with(a, "id: T-1\n", "2026-11-25",
		    "2026-11-25", defaults, &o).plan;

		assert_false(pl.refused);
		assert_int_equal(pl.n, 3);	/* plan.yaml course: 3 */
		assert_sound(&pl, defaults, day_of("2026-11-25"), 28);
		for (size_t k = 0; k < pl.n; k++) {
			assert_int_equal(pl.sessions[k].nareas, 1);
			assert_ptr_equal(pl.sessions[k].areas[0].area, w);
		}
		arena_reset(a);
	}
	arena_free(a);
}

/* The depths of a course: shallow to deep within the purpose's range. */
static void
test_depths(void **state)
{
	struct arena *a = arena_new();
	struct plan pl;

	(void)state;
	/* Acne scars on the cheeks: 1.0 to 1.5 (plan.yaml). */
	pl = plan_yaml(a, "id: T-1\nskin: {fitzpatrick: 2, concerns: "
	    "[acne-scars]}\n", "2026-11-25");
	assert_int_equal(depth_of(&pl.sessions[0], "cheeks"), 100);
	assert_int_equal(depth_of(&pl.sessions[1], "cheeks"), 130);
	assert_int_equal(depth_of(&pl.sessions[2], "cheeks"), 150);
	/* Numbing cream above 1.0 mm only. */
	assert_false(pl.sessions[0].anesthetic);
	assert_true(pl.sessions[1].anesthetic);
	assert_true(pl.sessions[2].anesthetic);
	/* Dark circles: around the eyes, 0.3 at most (0.25 on the device's
	 * steps of 0.1 is 0.3), never past 0.5. */
	pl = plan_yaml(a, "id: T-1\nskin: {fitzpatrick: 2, concerns: "
	    "[dark-circles]}\n", "2026-11-25");
	for (size_t k = 0; k < pl.n; k++)
		assert_int_equal(depth_of(&pl.sessions[k], "periorbital"), 30);
	/* The deeper purpose wins where two concerns share an area. */
	pl = plan_yaml(a, "id: T-1\nskin: {fitzpatrick: 2, concerns: [pigmentation, "
	    "acne-scars]}\n", "2026-11-25");
	assert_int_equal(depth_of(&pl.sessions[0], "cheeks"), 100);
	arena_free(a);
}

/* Fitzpatrick IV-VI: less deep; pigmentation at most 0.5 mm. */
static void
test_darker_skin(void **state)
{
	struct arena *a = arena_new();
	struct plan pl;

	(void)state;
	for (int t = 4; t <= 6; t++) {
		char yaml[128];

		snprintf(yaml, sizeof(yaml), "id: T-1\nskin: {fitzpatrick: %d, "
		    "concerns: [acne-scars]}\n", t);
		pl = plan_yaml(a, yaml, "2026-11-25");
		/* 1.5 x 0.75 is 1.125: 1.1 at the deepest. */
		assert_int_equal(depth_of(&pl.sessions[2], "cheeks"), 110);
		assert_int_equal(depth_of(&pl.sessions[0], "cheeks"), 100);
	}
	pl = plan_yaml(a, "id: T-1\nskin: {fitzpatrick: V, concerns: "
	    "[pigmentation, acne-scars]}\n", "2026-11-25");
	for (size_t k = 0; k < pl.n; k++)
		assert_true(depth_of(&pl.sessions[k], "cheeks") <= 50);
	/* A skin type not given may be dark: needled as IV-VI, and said. */
	{
		static const char *const unknown[] = {
			"id: T-1\nskin: {concerns: [acne-scars]}\n",
			"id: T-1\nskin: {fitzpatrick: ~, concerns: [acne-scars]}\n",
		};

		for (size_t i = 0; i < NELEM(unknown); i++) {
			pl = plan_yaml(a, unknown[i], "2026-11-25");
			assert_int_equal(depth_of(&pl.sessions[2], "cheeks"), 110);
			assert_int_equal(pl.ncautions, 1);
			assert_contains(pl.cautions[0], "skin type (Fitzpatrick) "
			    "not given");
		}
	}
	/* The same on fair skin is not capped. */
	pl = plan_yaml(a, "id: T-1\nskin: {fitzpatrick: II, concerns: "
	    "[pigmentation, acne-scars]}\n", "2026-11-25");
	assert_int_equal(depth_of(&pl.sessions[2], "cheeks"), 150);
	arena_free(a);
}

/* Open days: weekends, closed dates and ranges are skipped. */
static void
test_open_days(void **state)
{
	struct config *cfg = config_of("closed: [2026-12-08, {from: 2026-12-24, "
	    "to: 2027-01-03}]\n");
	struct config *sat = config_of("open: [sat]\n");
	struct arena *a = arena_new();
	struct plan pl;

	(void)state;
	/* Saturday 2026-11-28: the Monday after. */
	pl = plan_with(a, "id: T-1\nskin: {concerns: [wrinkles]}\n", "2026-11-25",
	    "2026-11-28", cfg, NULL).plan;
	assert_day(pl.sessions[0].date, "2026-11-30");
	/* Four weeks on is 2026-12-28, closed to 2027-01-03. */
	assert_day(pl.sessions[1].date, "2027-01-04");
	arena_reset(a);
	/* A closed day, then a closed range over the year's end. */
	pl = plan_with(a, "id: T-1\nskin: {concerns: [wrinkles]}\n", "2026-11-25",
	    "2026-12-08", cfg, NULL).plan;
	assert_day(pl.sessions[0].date, "2026-12-09");
	assert_day(pl.sessions[1].date, "2027-01-06");
	assert_sound(&pl, cfg, day_of("2026-12-08"), 28);
	arena_reset(a);
	pl = plan_with(a, "id: T-1\nskin: {concerns: [wrinkles]}\n", "2026-11-25",
	    "2026-12-24", cfg, NULL).plan;
	assert_day(pl.sessions[0].date, "2027-01-04");
	/* Open on Saturdays only. */
	pl = plan_with(a, "id: T-1\nskin: {concerns: [wrinkles]}\n", "2026-11-25",
	    "2026-11-25", sat, NULL).plan;
	for (size_t k = 0; k < pl.n; k++)
		assert_int_equal(date_weekday(pl.sessions[k].date), 5);
	assert_sound(&pl, sat, day_of("2026-11-25"), 28);
	config_free(cfg);
	config_free(sat);
	arena_free(a);
}

/* Never before the patient may be treated; refused when it is not known. */
static void
test_eligibility(void **state)
{
	struct arena *a = arena_new();
	struct plan pl;

	(void)state;
	/* Isotretinoin stopped 2026-08-15: eligible from 2027-02-15, a Monday. */
	pl = plan_yaml(a, "id: T-1\nskin: {fitzpatrick: 2, concerns: [acne-scars]}\n"
	    "medications: [{name: Roaccutane, stopped: 2026-08-15}]\n",
	    "2026-11-25");
	assert_false(pl.refused);
	assert_day(pl.sessions[0].date, "2027-02-15");
	/* A botulinum toxin injection: 2 weeks, then a Saturday: Monday. */
	pl = plan_yaml(a, "id: T-1\nskin: {fitzpatrick: 2, concerns: [wrinkles]}\n"
	    "procedures: [{name: botox, date: 2026-11-14}]\n", "2026-11-25");
	assert_day(pl.sessions[0].date, "2026-11-30");
	/* No known end: refused, with the finding's message. */
	pl = plan_yaml(a, "id: T-1\npregnant: true\nskin: {concerns: "
	    "[wrinkles]}\n", "2026-11-25");
	assert_true(pl.refused);
	assert_int_equal(pl.n, 0);
	assert_contains(pl.reason, "not eligible");
	assert_contains(pl.reason, "pregnant");
	pl = plan_yaml(a, "id: T-1\nskin: {fitzpatrick: 2, concerns: [wrinkles]}\n"
	    "medications: [tretinoin]\n", "2026-11-25");
	assert_true(pl.refused);
	/* A relative finding: refused unless a consultation approved it. */
	pl = plan_yaml(a, "id: T-1\nskin: {fitzpatrick: 2, concerns: [wrinkles]}\n"
	    "history: [lupus]\n", "2026-11-25");
	assert_true(pl.refused);
	assert_contains(pl.reason, "approval");
	pl = plan_yaml(a, "id: T-1\nskin: {fitzpatrick: 2, concerns: [wrinkles]}\n"
	    "history: [lupus]\nconsultation: {date: 2026-11-20, approved: true}\n",
	    "2026-11-25");
	assert_false(pl.refused);
	/* Nothing to treat. */
	pl = plan_yaml(a, "id: T-1\n", "2026-11-25");
	assert_true(pl.refused);
	assert_contains(pl.reason, "no concern");
	arena_free(a);
}

/*
 * A later session that no day can be found for ends the course there: the
 * sessions before it stand, and the plan says which were not and why.
 */
static void
test_cut_short(void **state)
{
	struct arena *a = arena_new();
	struct plan pl;
	const struct node *b;

	(void)state;
	/* Approved 2026-01-20: it lapses on 2027-01-20, the third session's
	 * day (wrinkles: every 4 weeks from 2026-11-25). */
	pl = plan_yaml(a, "id: T-1\nskin: {fitzpatrick: 2, concerns: [wrinkles]}\n"
	    "history: [lupus]\nconsultation: {date: 2026-01-20, approved: true}\n",
	    "2026-11-25");
	assert_false(pl.refused);
	assert_null(pl.reason);
	assert_int_equal(pl.n, 2);
	assert_day(pl.sessions[0].date, "2026-11-25");
	assert_day(pl.sessions[1].date, "2026-12-23");
	assert_non_null(pl.cut);
	assert_contains(pl.cut, "session 3 not planned: needs a dermatologist's "
	    "approval");
	assert_contains(pl.cut, "lapsed on 2027-01-20");
	/* The block says it, as the last of its notes. */
	assert_non_null(b = plan_block(a, &pl));
	b = node_get(b, "notes");
	assert_non_null(b);
	assert_int_equal(b->n, pl.nnotes + 1);
	assert_string_equal(b->tail->text, pl.cut);
	/* Lapsed before the first session: the whole course is refused. */
	pl = plan_yaml(a, "id: T-1\nskin: {fitzpatrick: 2, concerns: [wrinkles]}\n"
	    "history: [lupus]\nconsultation: {date: 2025-11-20, approved: true}\n",
	    "2026-11-25");
	assert_true(pl.refused);
	assert_int_equal(pl.n, 0);
	assert_null(pl.cut);
	assert_contains(pl.reason, "lapsed on 2026-11-20");
	/* An absolute finding that begins later, with no end: the sessions
	 * before it, and the two after are named. */
	pl = plan_yaml(a, "id: T-1\nskin: {fitzpatrick: 2, concerns: "
	    "[acne-scars]}\nmedications: [{name: isotretinoin, since: "
	    "2027-01-04}]\n", "2026-11-25");
	assert_false(pl.refused);
	assert_int_equal(pl.n, 1);
	assert_contains(pl.cut, "sessions 2 to 3 not planned: not eligible: ");
	/* A session past 9999-12-31 has no date: not planned, nor written
	 * as year 0000.  The first one past it: refused. */
	pl = plan_yaml(a, "id: T-1\nskin: {fitzpatrick: 2, concerns: [wrinkles]}\n",
	    "9999-11-15");
	assert_false(pl.refused);
	assert_int_equal(pl.n, 2);
	assert_day(pl.sessions[1].date, "9999-12-13");
	assert_contains(pl.cut, "session 3 not planned: no day on or before "
	    "9999-12-31");
	pl = plan_yaml(a, "id: T-1\nskin: {fitzpatrick: 2, concerns: [wrinkles]}\n"
	    "treatments: [{date: 9999-12-20}]\n", "9999-12-25");
	assert_true(pl.refused);
	assert_contains(pl.reason, "no day on or before 9999-12-31");
	/* A course the approval covers has no cut. */
	pl = plan_yaml(a, "id: T-1\nskin: {fitzpatrick: 2, concerns: [wrinkles]}\n"
	    "history: [lupus]\nconsultation: {date: 2026-11-20, approved: true}\n",
	    "2026-11-25");
	assert_false(pl.refused);
	assert_null(pl.cut);
	arena_free(a);
}

/* Treatments given count; a complete course gets one maintenance session. */
static void
test_given(void **state)
{
	struct arena *a = arena_new();
	struct plan pl;

	(void)state;
	/* Two of three given, the last 2026-11-10 at 1.2 mm on the cheeks:
	 * one left, 6 weeks after it, from 1.2 on to the deep end. */
	pl = plan_yaml(a, "id: T-1\nskin: {fitzpatrick: 2, concerns: "
	    "[acne-scars]}\ntreatments:\n"
	    "  - {date: 2026-10-01, areas: {cheeks: 1.0}}\n"
	    "  - {date: 2026-11-10, areas: {cheeks: 1.2}}\n", "2026-11-25");
	assert_int_equal(pl.n, 1);
	assert_int_equal(pl.sessions[0].n, 3);
	assert_day(pl.sessions[0].date, "2026-12-22");
	assert_int_equal(depth_of(&pl.sessions[0], "cheeks"), 150);
	assert_false(pl.sessions[0].maintenance);
	/* A treatment after the run's day is not given yet. */
	pl = plan_yaml(a, "id: T-1\nskin: {fitzpatrick: 2, concerns: [acne-scars]}\n"
	    "treatments: [{date: 2026-12-01, areas: {cheeks: 1.0}}]\n",
	    "2026-11-25");
	assert_int_equal(pl.n, 3);
	/* Three of three: maintenance 6 months after the last. */
	pl = plan_yaml(a, "id: T-1\nskin: {fitzpatrick: 2, concerns: [acne-scars]}\n"
	    "treatments:\n"
	    "  - {date: 2026-06-01, areas: {cheeks: 1.0}}\n"
	    "  - {date: 2026-07-13, areas: {cheeks: 1.3}}\n"
	    "  - {date: 2026-08-24, areas: {cheeks: 1.5}}\n", "2026-11-25");
	assert_int_equal(pl.n, 1);
	assert_true(pl.sessions[0].maintenance);
	assert_int_equal(pl.sessions[0].n, 4);
	assert_day(pl.sessions[0].date, "2027-02-24");
	assert_int_equal(depth_of(&pl.sessions[0], "cheeks"), 150);
	/* The areas the course never needled: at the shallow end, as in a
	 * first session (forehead 0.5-0.75, chin 1.0-1.5), not the deep. */
	assert_int_equal(depth_of(&pl.sessions[0], "forehead"), 50);
	assert_int_equal(depth_of(&pl.sessions[0], "chin"), 100);
	/* Four of four on the abdomen alone: the thighs are new (1.5-2.0). */
	pl = plan_yaml(a, "id: T-1\nskin: {fitzpatrick: 2, concerns: "
	    "[stretch-marks]}\ntreatments:\n"
	    "  - {date: 2026-01-05, areas: {abdomen: 1.5}}\n"
	    "  - {date: 2026-02-02, areas: {abdomen: 1.5}}\n"
	    "  - {date: 2026-03-02, areas: {abdomen: 1.5}}\n"
	    "  - {date: 2026-03-30, areas: {abdomen: 1.8}}\n", "2026-11-25");
	assert_int_equal(pl.n, 1);
	assert_true(pl.sessions[0].maintenance);
	assert_int_equal(depth_of(&pl.sessions[0], "abdomen"), 180);
	assert_int_equal(depth_of(&pl.sessions[0], "thighs"), 150);
	/* --sessions: as many as asked. */
	{
		struct plan_opts o = {0, 5, NULL, 0};

		pl = plan_with(a, "id: T-1\nskin: {fitzpatrick: 2, concerns: [wrinkles]}\n",
		    "2026-11-25", "2026-11-25", defaults, &o).plan;
		assert_int_equal(pl.n, 5);
		assert_sound(&pl, defaults, day_of("2026-11-25"), 28);
	}
	arena_free(a);
}

/* Numbing cream: asked for, needed, or never with an allergy. */
static void
test_numbing(void **state)
{
	struct arena *a = arena_new();
	struct plan pl;

	(void)state;
	pl = plan_yaml(a, "id: T-1\nskin: {fitzpatrick: 2, concerns: [wrinkles]}\n"
	    "consultation: {date: 2026-11-20, anesthetic: true}\n", "2026-11-25");
	for (size_t k = 0; k < pl.n; k++)
		assert_true(pl.sessions[k].anesthetic);
	pl = plan_yaml(a, "id: T-1\nskin: {fitzpatrick: 2, concerns: [acne-scars]}\n"
	    "history: [lidocaine-allergy]\n"
	    "consultation: {date: 2026-11-20, anesthetic: true}\n", "2026-11-25");
	for (size_t k = 0; k < pl.n; k++)
		assert_false(pl.sessions[k].anesthetic);
	assert_true(pl.nnotes > 0);
	assert_contains(pl.notes[pl.nnotes - 1].text, "no numbing cream");
	/* A course that deepens: the first session needs none, so the note
	 * names the sessions that do, from the first of them. */
	pl = plan_yaml(a, "id: T-1\nskin: {fitzpatrick: 2, concerns: "
	    "[acne-scars]}\n", "2026-11-25");
	assert_int_equal(pl.n, 3);
	assert_false(pl.sessions[0].anesthetic);
	assert_true(pl.sessions[1].anesthetic);
	assert_true(pl.sessions[2].anesthetic);
	assert_string_equal(pl.notes[pl.nnotes - 1].text,
	    "numbing cream on 45 minutes before sessions 2 and 3");
	assert_int_equal(pl.notes[pl.nnotes - 1].from, pl.sessions[1].date);
	/* Every session with numbing: "the session", as before. */
	pl = plan_yaml(a, "id: T-1\nskin: {concerns: [wrinkles]}\n"
	    "consultation: {date: 2026-11-20, anesthetic: true}\n", "2026-11-25");
	assert_string_equal(pl.notes[pl.nnotes - 1].text,
	    "numbing cream on 45 minutes before the session");
	/* None: no note of it. */
	pl = plan_yaml(a, "id: T-1\nskin: {concerns: [wrinkles]}\n",
	    "2026-11-25");
	for (size_t k = 0; k < pl.nnotes; k++)
		assert_not_contains(pl.notes[k].text, "numbing");
	arena_free(a);
}

/* The instructions before the first session that apply, with their days. */
static void
test_notes(void **state)
{
	struct arena *a = arena_new();
	struct plan pl;
	int sun = 0, antiviral = 0, nsaid = 0, prep = 0;

	(void)state;
	pl = plan_yaml(a, "id: T-1\nskin: {fitzpatrick: 5, concerns: [wrinkles]}\n"
	    "history: [cold-sore]\nmedications: [ibuprofen]\n", "2026-11-25");
	assert_false(pl.refused);
	for (size_t i = 0; i < pl.nnotes; i++) {
		const struct plan_note *n = &pl.notes[i];

		if (n->before == NULL)
			continue;
		assert_int_equal(n->from, pl.sessions[0].date - n->before->days);
		sun += strcmp(n->before->kind, "prepare-sun") == 0;
		antiviral += strcmp(n->before->kind, "prepare-antiviral") == 0;
		nsaid += strcmp(n->before->kind, "prepare-nsaids") == 0;
		prep += strcmp(n->before->kind, "prepare-skin") == 0;
	}
	assert_int_equal(sun, 1);
	assert_int_equal(antiviral, 1);
	assert_int_equal(nsaid, 1);
	assert_int_equal(prep, 1);
	/* An NSAID stopped long before the session needs no note. */
	pl = plan_yaml(a, "id: T-1\nskin: {fitzpatrick: 2, concerns: [wrinkles]}\n"
	    "medications: [{name: ibuprofen, stopped: 2026-10-01}]\n", "2026-11-25");
	for (size_t i = 0; i < pl.nnotes; i++)
		if (pl.notes[i].before != NULL)
			assert_string_not_equal(pl.notes[i].before->kind,
			    "prepare-nsaids");
	/* One stopped two days before: the note, as it was still taken. */
	pl = plan_yaml(a, "id: T-1\nskin: {fitzpatrick: 2, concerns: [wrinkles]}\n"
	    "medications: [{name: Nurofen 200 mg, stopped: 2026-11-23}]\n",
	    "2026-11-25");
	nsaid = 0;
	for (size_t i = 0; i < pl.nnotes; i++)
		if (pl.notes[i].before != NULL)
			nsaid += strcmp(pl.notes[i].before->kind, "prepare-nsaids") == 0;
	assert_int_equal(nsaid, 1);
	/* Without them, only the notes for everyone. */
	pl = plan_yaml(a, "id: T-1\nskin: {fitzpatrick: 2, concerns: [wrinkles]}\n",
	    "2026-11-25");
	for (size_t i = 0; i < pl.nnotes; i++)
		if (pl.notes[i].before != NULL)
			assert_true(strcmp(pl.notes[i].before->kind, "prepare-sun") == 0 ||
			    strcmp(pl.notes[i].before->kind, "prepare-waxing") == 0);
	arena_free(a);
}

/* The block: SPEC section 3's shape. */
static void
test_block(void **state)
{
	struct arena *a = arena_new();
	struct plan pl = plan_yaml(a, "id: T-1\nskin: {concerns: [scars]}\n",
	    "2026-11-25");
	struct node *b = plan_block(a, &pl);
	const struct node *s0;
	struct buf out = {0};
	struct diag d;

	(void)state;
	assert_non_null(b);
	assert_true(node_is_scalar(node_get(b, "status"), "planned"));
	s0 = node_get(b, "sessions")->head;
	assert_true(node_is_scalar(node_get(s0, "n"), "1"));
	assert_true(node_is_scalar(node_get(s0, "date"), "2026-11-25"));
	assert_true(node_is_scalar(node_get(node_get(s0, "areas"), "cheeks"), "1.0"));
	assert_true(node_is_scalar(node_get(s0, "anesthetic"), "false"));
	assert_true(node_is_scalar(node_get(s0, "serum"), "hyaluronic-acid"));
	assert_true(node_is_scalar(node_get(s0, "duration_min"), "25"));
	diag_clear(&d);
	assert_int_equal(emit_json(b, &out, &d), 0);
	assert_contains(buf_str(&out), "\"areas\":{\"cheeks\":1.0}");
	buf_free(&out);
	pl = plan_yaml(a, "id: T-1\npregnant: true\nskin: {concerns: [scars]}\n",
	    "2026-11-25");
	b = plan_block(a, &pl);
	assert_true(node_is_scalar(node_get(b, "status"), "refused"));
	assert_non_null(node_get(b, "reason"));
	assert_null(node_get(b, "sessions"));
	arena_free(a);
}

/* A broken plan.yaml is an error at its line, never a plan. */
static void
test_bad_data(void **state)
{
	static const struct {
		const char *from, *to, *msg;
	} cases[] = {
		{"maintenance_months: 6", "maintenance_months: six", "whole number"},
		{"step: 0.1}", "step: 0.1, colour: red}", "unknown key colour"},
		{"  scars: {sessions: 3, interval_weeks: 6, purpose: scars, areas: [cheeks]}\n",
		    "", "scars is missing"},
		{"max: 0.75, minutes: 10}", "max: 0.4, minutes: 10}", "not past max"},
		{"purpose: tone,\n    areas: [periorbital]}",
		    "purpose: tone,\n    areas: [eyelids]}", "not in vocabulary.yaml"},
		{"depth_factor: 0.75", "depth_factor: 7.5", "depth_factor"},
		{"when: {medications: [nsaid]}", "when: {medications: [sweets]}",
		    "not in the vocabulary"},
	};
	char dir[] = "/tmp/derma-plan-XXXXXX";
	char *text = read_file(DATA_DIR "/plan.yaml", NULL);

	(void)state;
	assert_non_null(mkdtemp(dir));
	for (size_t i = 0; i < NELEM(cases); i++) {
		char path[128];
		const char *at = strstr(text, cases[i].from);
		struct diag d;
		FILE *fp;

		if (at == NULL)
			fail_msg("plan.yaml has no '%s'", cases[i].from);
		snprintf(path, sizeof(path), "%s/plan.yaml", dir);
		assert_non_null(fp = fopen(path, "w"));
		fprintf(fp, "%.*s%s%s", (int)(at - text), text, cases[i].to,
		    at + strlen(cases[i].from));
		fclose(fp);
		diag_clear(&d);
		assert_null(plan_load(dir, rules->vocab, &d));
		assert_int_equal(d.kind, DIAG_CONFIG);
		assert_true(d.line > 0);
		assert_contains(d.msg, cases[i].msg);
		unlink(path);
	}
	rmdir(dir);
	free(text);
}

/* The first session plan_booked() finds in record yaml for day, or 0. */
static int
booked(struct arena *a, const char *yaml, const char *day, date_t *out)
{
	struct diag d;
	int r;

	diag_clear(&d);
	*out = 0;
	r = plan_booked(parse_yaml(a, yaml), day_of(day), NULL, out, &d);
	if (r == -1)
		fail_msg("plan_booked: %lu:%lu: %s\n%s", d.line, d.col, d.msg, yaml);
	return r;
}

/* What derma-plan writes is what derma-aftercare reads back. */
static void
test_booked(void **state)
{
	static const char *const none[] = {
		"id: P-1\n",
		"id: P-1\nplan: ~\n",
		"id: P-1\nplan:\n",
		"id: P-1\nplan: {status: refused, reason: pregnant}\n",
		"id: P-1\nplan: {status: planned, sessions: [], notes: []}\n",
		"id: P-1\nplan: {status: planned, sessions: [{date: 2026-11-24}]}\n",
	};
	static const char *const patients[] = {
		"id: T-1\nskin: {concerns: [acne-scars]}\nhistory: [cold-sore]\n"
		    "medications: [ibuprofen]\n",
		/* A complete course: a maintenance session. */
		"id: T-1\nskin: {concerns: [acne-scars]}\n"
		    "treatments:\n"
		    "  - {date: 2026-06-01, areas: {cheeks: 1.0}}\n"
		    "  - {date: 2026-07-13, areas: {cheeks: 1.3}}\n"
		    "  - {date: 2026-08-24, areas: {cheeks: 1.5}}\n",
		"id: T-1\npregnant: true\nskin: {concerns: [scars]}\n",
	};
	struct arena *a = arena_new();
	date_t t;

	(void)state;
	for (size_t i = 0; i < NELEM(none); i++)
		assert_int_equal(booked(a, none[i], "2026-11-25", &t), 0);
	/* The earliest on or after the day, in whatever order. */
	assert_int_equal(booked(a, "id: P-1\nplan:\n  status: planned\n"
	    "  sessions:\n"
	    "    - {n: 4, date: 2027-01-15, areas: {cheeks: 1.5}}\n"
	    "    - {n: 2, date: 2026-11-20, anesthetic: true}\n"
	    "    - {n: 3, date: 2026-12-18, serum: hyaluronic-acid}\n"
	    "  notes: [no sun]\n", "2026-11-25", &t), 1);
	assert_day(t, "2026-12-18");
	assert_int_equal(booked(a, "id: P-1\nplan: {status: planned, sessions: "
	    "[{date: 2026-12-18}, {date: 2027-01-15}]}\n", "2026-12-18", &t), 1);
	assert_day(t, "2026-12-18");
	assert_int_equal(booked(a, "id: P-1\nplan: {status: planned, sessions: "
	    "[{date: 2026-12-18}, {date: 2027-01-15}]}\n", "2026-12-19", &t), 1);
	assert_day(t, "2027-01-15");
	/* An alias into the block reads as what it stands for. */
	assert_int_equal(booked(a, "id: P-1\nnext: &s {date: 2026-12-18}\n"
	    "plan: {status: planned, sessions: [*s]}\n", "2026-11-25", &t), 1);
	assert_day(t, "2026-12-18");
	/* plan_block()'s own, every key it writes, written out and read. */
	for (size_t i = 0; i < NELEM(patients); i++) {
		struct plan pl = plan_yaml(a, patients[i], "2026-11-25");
		struct node *doc = node_collection(a, NODE_MAPPING, CSTYLE_BLOCK);
		struct buf yaml = {0};
		struct diag d;

		assert_non_null(doc);
		assert_int_equal(node_map_add(a, doc, "plan", plan_block(a, &pl)), 0);
		diag_clear(&d);
		assert_int_equal(emit_yaml(doc, &yaml, &d), 0);
		assert_int_equal(booked(a, buf_str(&yaml), "2026-11-25", &t),
		    pl.refused ? 0 : 1);
		if (!pl.refused)
			assert_int_equal(t, pl.sessions[0].date);
		buf_free(&yaml);
	}
	arena_free(a);
}

/*
 * A booked session given before its day is given: the next is the one
 * booked after it, or none after the last.  Not when the record counts
 * fewer treatments than its number, nor when the treatment that makes
 * the count is older than the course's interval before it (one of long
 * ago, entered since).
 */
static void
test_booked_early(void **state)
{
	static const char *const plan = "id: P-1\nplan:\n  status: planned\n"
	    "  sessions:\n"
	    "    - {n: 2, date: 2026-12-23}\n"
	    "    - {n: 3, date: 2027-01-20}\n";
	static const struct {
		size_t n;
		const char *last;
		int found;
		const char *next;
	} cases[] = {
		{2, "2026-12-21", 1, "2027-01-20"},	/* 2 given early */
		{3, "2026-12-21", 1, "2027-01-20"},	/* a count past 2 */
		{1, "2026-12-21", 1, "2026-12-23"},	/* the first, late */
		{2, "2026-11-25", 1, "2026-12-23"},	/* 28 days: the one before */
		{2, "2026-11-26", 1, "2027-01-20"},	/* 27 days: 2 itself */
		{2, "2024-03-01", 1, "2026-12-23"},	/* long ago */
	};
	struct arena *a = arena_new();
	struct diag d;
	date_t t;

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		struct plan_given given = {cases[i].n, day_of(cases[i].last), 28};

		diag_clear(&d);
		t = 0;
		assert_int_equal(plan_booked(parse_yaml(a, plan),
		    day_of("2026-12-22"), &given, &t, &d), cases[i].found);
		if (t != day_of(cases[i].next))
			fail_msg("case %zu: not %s", i, cases[i].next);
	}
	/* The last of the course given early: none booked after it. */
	{
		struct plan_given given = {3, day_of("2027-01-18"), 28};

		diag_clear(&d);
		assert_int_equal(plan_booked(parse_yaml(a, plan),
		    day_of("2027-01-19"), &given, &t, &d), 0);
	}
	/* A session with no n is never taken for given. */
	{
		struct plan_given given = {5, day_of("2026-12-21"), 28};

		diag_clear(&d);
		assert_int_equal(plan_booked(parse_yaml(a, "id: P-1\nplan: "
		    "{status: planned, sessions: [{date: 2026-12-23}]}\n"),
		    day_of("2026-12-22"), &given, &t, &d), 1);
		assert_day(t, "2026-12-23");
	}
	arena_free(a);
}

/*
 * A plan block that is not derma-plan's is an error at its line and
 * column that names the key and never the value: read around the damage,
 * it would book no session and the patient get no reminder before it.
 */
static void
test_booked_bad(void **state)
{
	static const struct {
		const char *plan;	/* after "id: P-1\n" */
		unsigned long line, col;
		const char *msg, *value;	/* value: never in the message */
	} cases[] = {
		{"plan: [x]\n", 2, 7, "plan: expected {status", "x]"},
		{"plan: Zoe\n", 2, 7, "plan: expected {status", "Zoe"},
		{"plan: {status: plannned}\n", 2, 16, "plan: status: expected "
		    "planned or refused", "plannned"},
		{"plan: {sessions: [{date: 2026-12-18}]}\n", 2, 7,
		    "plan: no status", "2026-12-18"},
		{"plan: {status: planned}\n", 2, 7, "plan: a planned plan has no "
		    "sessions", "planned}"},
		{"plan: {status: planned, sessions: {date: 2026-12-18}}\n", 2, 35,
		    "plan: sessions: expected a list", "2026-12-18"},
		{"plan: {status: planned, sessions: [2026-12-18]}\n", 2, 36,
		    "plan: sessions: expected {n", "2026-12-18"},
		{"plan: {status: planned, sessions: [{date: 2026-12-32}]}\n", 2, 43,
		    "plan: date: expected a real date", "2026-12-32"},
		{"plan: {status: planned, sessions: [{n: 1}, {date: 2027-01-15}]}\n",
		    2, 36, "plan: sessions: a session has no date", "2027"},
		{"plan: {status: planned, sessions: [{date: ~}]}\n", 2, 36,
		    "plan: sessions: a session has no date", "~"},
		{"plan:\n  status: planned\n  sessions:\n"
		    "    - date: 2026-12-18\n      date: 2027-01-15\n", 6, 7,
		    "plan: date: given twice", "2027-01-15"},
		{"plan:\n  status: planned\n  status: refused\n  sessions: []\n",
		    4, 3, "plan: status: given twice", "refused"},
		{"plan: {status: planned, sessions: []}\nplan: {status: refused}\n",
		    3, 1, "plan: given twice", "refused"},
		{"plan: {status: planned, sessions: [], Zoe: Smith}\n", 2, 39,
		    "plan: an unknown key", "Zoe"},
		{"plan: {status: planned, sessions: [{date: 2026-12-18, room: Zoe}]}\n",
		    2, 55, "plan: sessions: an unknown key in a session", "Zoe"},
		{"plan: {status: refused, reason: pregnant, sessions: []}\n", 2, 53,
		    "plan: sessions: not in a refused plan", "pregnant"},
		{"plan: {status: planned, reason: Zoe, sessions: []}\n", 2, 33,
		    "plan: reason: only in a refused plan", "Zoe"},
		{"plan: {status: refused, reason: [Zoe]}\n", 2, 33,
		    "plan: reason: expected a single value", "Zoe"},
		{"plan: {status: planned, sessions: [], notes: {Zoe: x}}\n", 2, 46,
		    "plan: notes: expected a list", "Zoe"},
		{"plan: {status: planned, sessions: [], notes: [[Zoe]]}\n", 2, 47,
		    "plan: notes: expected a single value", "Zoe"},
		{"plan: {status: planned, sessions: [{n: one, date: 2026-12-18}]}\n",
		    2, 40, "plan: n: expected a whole number", "one"},
		{"plan: {status: planned, sessions: [{date: 2026-12-18, "
		    "anesthetic: maybe}]}\n", 2, 67, "plan: anesthetic: expected "
		    "true or false", "maybe"},
		{"plan: {status: planned, sessions: [{date: 2026-12-18, "
		    "duration_min: long}]}\n", 2, 69, "plan: duration_min: expected "
		    "a number", "long"},
		{"plan: {status: planned, sessions: [{date: 2026-12-18, "
		    "areas: [cheeks]}]}\n", 2, 62, "plan: areas: expected "
		    "{area: depth}", "cheeks"},
		{"plan: {status: planned, sessions: [{date: 2026-12-18, "
		    "areas: {cheeks: deep}}]}\n", 2, 71, "plan: areas: expected "
		    "a number", "deep"},
	};
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		char yaml[256];
		struct diag d;
		date_t t = 0;

		snprintf(yaml, sizeof(yaml), "id: P-1\n%s", cases[i].plan);
		diag_clear(&d);
		if (plan_booked(parse_yaml(a, yaml), day_of("2026-11-25"), NULL,
		    &t, &d) != -1)
			fail_msg("no error for\n%s", yaml);
		assert_int_equal(d.kind, DIAG_DATA);
		assert_contains(d.msg, cases[i].msg);
		assert_not_contains(d.msg, cases[i].value);
		if (d.line != cases[i].line || d.col != cases[i].col)
			fail_msg("%s at %lu:%lu, not %lu:%lu\n%s", d.msg, d.line,
			    d.col, cases[i].line, cases[i].col, yaml);
	}
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_concern),
		cmocka_unit_test(test_every_area),
		cmocka_unit_test(test_depths),
		cmocka_unit_test(test_darker_skin),
		cmocka_unit_test(test_open_days),
		cmocka_unit_test(test_eligibility),
		cmocka_unit_test(test_cut_short),
		cmocka_unit_test(test_given),
		cmocka_unit_test(test_numbing),
		cmocka_unit_test(test_notes),
		cmocka_unit_test(test_block),
		cmocka_unit_test(test_bad_data),
		cmocka_unit_test(test_booked),
		cmocka_unit_test(test_booked_early),
		cmocka_unit_test(test_booked_bad),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

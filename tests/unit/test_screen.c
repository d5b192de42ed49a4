/* Unit tests: screening with the rules of share/derma (rules.h, screen.h). */
#include "filter.h"
#include "unit.h"

static struct rules *rules;

static int
setup(void **state)
{
	(void)state;
	rules = load_rules();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	free_rules(rules);
	return 0;
}

static const char *
eligible_from(const struct screening *s, char *buf)
{
	return s->has_eligible_from ? date_format(s->eligible_from, buf) : "-";
}

/* One record made for each rule: the rule fires alone, with its severity. */
static void
test_every_rule(void **state)
{
	static const struct {
		const char *rule;
		enum severity sev;
		const char *yaml;	/* after "id: T-1\n" */
	} cases[] = {
		{"pregnancy", SEV_ABSOLUTE, "pregnant: true\n"},
		{"lactation", SEV_ABSOLUTE, "lactating: yes\n"},
		{"isotretinoin-washout", SEV_ABSOLUTE, "medications: [Roaccutane]\n"},
		{"isotretinoin-washout", SEV_ABSOLUTE,
		    "medications: [{name: isotretinoin, stopped: 2026-11-01}]\n"},
		{"retinoid-washout", SEV_ABSOLUTE, "medications: [tretinoin]\n"},
		{"retinoid-washout", SEV_ABSOLUTE, "medications: [Differin]\n"},
		{"retinoid-washout", SEV_ABSOLUTE, "medications: [tazarotene]\n"},
		{"tetracycline-washout", SEV_ABSOLUTE, "medications: [minocycline]\n"},
		{"tetracycline-washout", SEV_ABSOLUTE, "medications: [Doxycycline]\n"},
		{"tetracycline-washout", SEV_ABSOLUTE, "medications: [lymecycline]\n"},
		{"acne-medication-washout", SEV_ABSOLUTE,
		    "medications: [benzoyl peroxide]\n"},
		{"acne-medication-washout", SEV_ABSOLUTE, "medications: [clindamycin]\n"},
		{"skin-problem", SEV_ABSOLUTE, "skin: {conditions: [active-acne]}\n"},
		{"skin-problem", SEV_ABSOLUTE, "skin: {conditions: [cold-sore]}\n"},
		{"skin-problem", SEV_ABSOLUTE, "skin: {conditions: [warts]}\n"},
		{"skin-problem", SEV_ABSOLUTE, "skin: {conditions: [impetigo]}\n"},
		{"skin-problem", SEV_ABSOLUTE, "skin: {conditions: [open-wound]}\n"},
		{"skin-problem", SEV_ABSOLUTE, "skin: {conditions: [sunburn]}\n"},
		{"skin-cancer", SEV_ABSOLUTE, "skin: {conditions: [melanoma]}\n"},
		{"skin-cancer", SEV_ABSOLUTE, "skin: {conditions: [skin-cancer]}\n"},
		{"skin-problem", SEV_ABSOLUTE, "skin: {conditions: [irritated-skin]}\n"},
		{"inflammatory-skin-disease", SEV_ABSOLUTE,
		    "skin: {conditions: [eczema]}\n"},
		{"inflammatory-skin-disease", SEV_ABSOLUTE,
		    "skin: {conditions: [rosacea]}\n"},
		{"inflammatory-skin-disease", SEV_ABSOLUTE,
		    "skin: {conditions: [psoriasis]}\n"},
		{"excessive-scarring", SEV_ABSOLUTE, "history: [keloid]\n"},
		{"excessive-scarring", SEV_ABSOLUTE,
		    "skin: {conditions: [hypertrophic-scars]}\n"},
		{"excessive-scarring", SEV_ABSOLUTE,
		    "skin: {conditions: [keloid]}\nhistory: [keloid]\n"},
		{"bleeding-disorder", SEV_ABSOLUTE, "history: [haemophilia]\n"},
		{"metal-allergy", SEV_ABSOLUTE, "history: [nickel-allergy]\n"},
		{"radiotherapy", SEV_ABSOLUTE, "skin: {conditions: [radiotherapy]}\n"},
		{"radiotherapy-recent", SEV_ABSOLUTE,
		    "procedures: [{name: radiotherapy, date: 2026-10-01}]\n"},
		{"radiotherapy-recent", SEV_ABSOLUTE, "procedures: [radiation]\n"},
		{"botulinum-toxin-recent", SEV_ABSOLUTE,
		    "procedures: [{name: botox, date: 2026-11-20}]\n"},
		{"dermal-filler-recent", SEV_ABSOLUTE,
		    "procedures: [{name: filler, date: 2026-11-20}]\n"},
		{"resurfacing-recent", SEV_ABSOLUTE,
		    "procedures: [{name: chemical-peel, date: 2026-11-20}]\n"},
		{"resurfacing-recent", SEV_ABSOLUTE,
		    "procedures: [{name: laser, date: 2026-11-20}]\n"},
		{"resurfacing-recent", SEV_ABSOLUTE,
		    "procedures: [{name: IPL, date: 2026-11-20}]\n"},
		{"autoimmune-disease", SEV_RELATIVE, "history: [lupus]\n"},
		{"autoimmune-disease", SEV_RELATIVE,
		    "skin: {conditions: [scleroderma]}\n"},
		{"anticoagulant", SEV_RELATIVE, "medications: [warfarin]\n"},
		{"anticoagulant", SEV_RELATIVE, "medications: [Eliquis]\n"},
		{"anticoagulant", SEV_RELATIVE, "medications: [aspirin]\n"},
		{"anticoagulant", SEV_RELATIVE, "medications: [clopidogrel]\n"},
		{"impaired-healing", SEV_RELATIVE, "history: [diabetes]\n"},
		{"impaired-healing", SEV_RELATIVE, "history: [immunosuppressed]\n"},
		{"impaired-healing", SEV_RELATIVE, "history: [chemotherapy]\n"},
		{"immunosuppressant", SEV_RELATIVE, "medications: [methotrexate]\n"},
		{"radiotherapy-history", SEV_RELATIVE, "history: [radiotherapy]\n"},
		{"herpes-history", SEV_CAUTION, "history: [herpes-simplex]\n"},
		{"inflammatory-skin-history", SEV_CAUTION, "history: [psoriasis]\n"},
		{"darker-skin", SEV_CAUTION, "skin: {fitzpatrick: 4}\n"},
		{"darker-skin", SEV_CAUTION, "skin: {fitzpatrick: V}\n"},
		{"darker-skin", SEV_CAUTION, "skin: {fitzpatrick: vi}\n"},
		{"anesthetic-allergy", SEV_CAUTION, "history: [lidocaine-allergy]\n"},
		{"nsaid", SEV_CAUTION, "medications: [ibuprofen]\n"},
		{"pregnancy-unanswered", SEV_CAUTION, "pregnant: ~\n"},
		{"pregnancy-unanswered", SEV_CAUTION, "pregnant:\nlactating: no\n"},
		{"lactation-unanswered", SEV_CAUTION, "lactating: null\n"},
		{"oral-retinoid-washout", SEV_ABSOLUTE, "medications: [acitretin]\n"},
		{"oral-retinoid-washout", SEV_ABSOLUTE, "medications: [Toctino]\n"},
		{"diabetes-medication", SEV_RELATIVE, "medications: [metformin]\n"},
		{"diabetes-medication", SEV_RELATIVE, "medications: [insulin]\n"},
		{"chemotherapy-procedure", SEV_RELATIVE,
		    "procedures: [chemotherapy]\n"},
		{"chemotherapy-procedure", SEV_RELATIVE,
		    "procedures: [{name: chemo, date: 2026-09-01}]\n"},
		{"antiviral", SEV_CAUTION, "medications: [valaciclovir]\n"},
		{"unknown-medication", SEV_CAUTION, "medications: [valerian]\n"},
		{"unknown-procedure", SEV_CAUTION, "procedures: [thread lift]\n"},
		{"immunosuppressant", SEV_RELATIVE, "medications: [prednisolone]\n"},
		{"immunosuppressant", SEV_RELATIVE, "medications: [Humira]\n"},
		{"tetracycline-washout", SEV_ABSOLUTE, "medications: [antibiotics]\n"},
		{"skin-type-unknown", SEV_CAUTION, "skin: {concerns: [wrinkles]}\n"},
		{"skin-type-unknown", SEV_CAUTION, "skin: {fitzpatrick: ~}\n"},
		{"skin-type-unknown", SEV_CAUTION, "sex: female\n"},
	};
	static const enum verdict verdict_of[] = {
		[SEV_ABSOLUTE] = VERDICT_INELIGIBLE,
		[SEV_RELATIVE] = VERDICT_REVIEW,
		[SEV_CAUTION] = VERDICT_ELIGIBLE,
	};
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		char yaml[512];
		struct screening s;

		snprintf(yaml, sizeof(yaml), "id: T-1\n%s", cases[i].yaml);
		s = strcmp(cases[i].rule, "skin-type-unknown") == 0 ?
		    screen_yaml_all(rules, a, yaml, "2026-11-25") :
		    screen_yaml(rules, a, yaml, "2026-11-25");
		if (s.n != 1 || strcmp(s.findings[0].rule->id, cases[i].rule) != 0)
			fail_msg("%s: %zu findings (%s), expected %s alone", yaml, s.n,
			    s.n ? s.findings[0].rule->id : "none", cases[i].rule);
		assert_int_equal(s.findings[0].rule->severity, cases[i].sev);
		assert_int_equal(s.verdict, verdict_of[cases[i].sev]);
		assert_non_null(s.findings[0].message);
		assert_true(s.findings[0].message[0] != '\0');
		assert_false(s.findings[0].approved);
		arena_reset(a);
	}
	/* Every rule of screening.yaml has a record above. */
	assert_true(rules->n >= 26);
	for (size_t r = 0; r < rules->n; r++) {
		size_t i;

		for (i = 0; i < NELEM(cases); i++)
			if (strcmp(cases[i].rule, rules->v[r].id) == 0)
				break;
		if (i == NELEM(cases))
			fail_msg("rule %s has no test record", rules->v[r].id);
	}
	arena_free(a);
}

/* Nothing that matters: eligible with no findings. */
static void
test_nothing(void **state)
{
	static const char *const records[] = {
		"id: T-1\n",
		"id: T-1\npregnant: false\nlactating: no\nskin: {fitzpatrick: 3}\n",
		("id: T-1\nmedications: [paracetamol, {name: vitamin-d, stopped: "
		    "2026-11-24}]\n"),
		"id: T-1\nprocedures: [{name: microneedling, date: 2026-11-20}]\n",
		"id: T-1\nhistory: [active-acne]\n",	/* in the past: no rule */
	};
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < NELEM(records); i++) {
		struct screening s = screen_yaml(rules, a, records[i], "2026-11-25");

		if (s.n != 0)
			fail_msg("%s: finding %s", records[i], s.findings[0].rule->id);
		assert_int_equal(s.verdict, VERDICT_ELIGIBLE);
		assert_false(s.has_eligible_from);
		assert_day(s.date, "2026-11-25");
		arena_reset(a);
	}
	arena_free(a);
}

/*
 * Medication names as the clinical review wrote them, which passed as
 * eligible: each now gives its rule; a name still not recognised is a
 * caution, a common one no rule needs nothing.
 */
static void
test_names_screened(void **state)
{
	static const struct {
		const char *yaml;	/* after "id: T-1\n" */
		const char *rules;	/* the findings' rules, "," between */
		enum verdict v;
	} cases[] = {
		{"medications: [\"Roaccutane 20 mg\"]\n", "isotretinoin-washout",
		    VERDICT_INELIGIBLE},
		{"medications: [Retin-A Micro]\n", "retinoid-washout",
		    VERDICT_INELIGIBLE},
		{"medications: [Retin-A Micro 0.04% gel]\n", "retinoid-washout",
		    VERDICT_INELIGIBLE},
		{"medications: [Stieva-A]\n", "retinoid-washout", VERDICT_INELIGIBLE},
		{"medications: [Absorica LD]\n", "isotretinoin-washout",
		    VERDICT_INELIGIBLE},
		{"medications: [acne medication]\n", "acne-medication-washout",
		    VERDICT_INELIGIBLE},
		{"medications: [retinoid]\n", "retinoid-washout", VERDICT_INELIGIBLE},
		{"medications: [antibiotics]\n", "tetracycline-washout",
		    VERDICT_INELIGIBLE},
		{"medications: [blood thinner]\n", "anticoagulant", VERDICT_REVIEW},
		{"medications: [retinol]\n", "retinoid-washout", VERDICT_INELIGIBLE},
		{"medications: [retinaldehyde]\n", "retinoid-washout",
		    VERDICT_INELIGIBLE},
		{"medications: [acitretin]\n", "oral-retinoid-washout",
		    VERDICT_INELIGIBLE},
		{"medications: [alitretinoin]\n", "oral-retinoid-washout",
		    VERDICT_INELIGIBLE},
		{"medications: [prednisolone]\n", "immunosuppressant", VERDICT_REVIEW},
		{"medications: [prednisone]\n", "immunosuppressant", VERDICT_REVIEW},
		{"medications: [dexamethasone]\n", "immunosuppressant", VERDICT_REVIEW},
		{"medications: [biologics]\n", "immunosuppressant", VERDICT_REVIEW},
		{"medications: [Botox]\n", "botulinum-toxin-recent",
		    VERDICT_INELIGIBLE},
		{"medications: [{name: Botox, since: 2026-11-20}]\n",
		    "botulinum-toxin-recent", VERDICT_INELIGIBLE},
		{"medications: [{name: Botox, since: 2026-11-01}]\n", "",
		    VERDICT_ELIGIBLE},
		{"medications: [dermal filler]\n", "dermal-filler-recent",
		    VERDICT_INELIGIBLE},
		{"medications: [glycolic peel]\n", "resurfacing-recent",
		    VERDICT_INELIGIBLE},
		{"procedures: [chemotherapy]\n", "chemotherapy-procedure",
		    VERDICT_REVIEW},
		{"procedures: [{name: chemotherapy, date: 2025-01-10}]\n",
		    "chemotherapy-procedure", VERDICT_REVIEW},
		{"procedures: [{name: chemotherapy, date: 2026-12-01}]\n", "",
		    VERDICT_ELIGIBLE},
		{"procedures: [isotretinoin]\n", "isotretinoin-washout",
		    VERDICT_INELIGIBLE},
		{"medications: [aspirin and warfarin]\n", "anticoagulant,anticoagulant",
		    VERDICT_REVIEW},
		{"medications: [metformin]\n", "diabetes-medication", VERDICT_REVIEW},
		{"medications: [valerian, levothyroxine, cetirizine]\n",
		    "unknown-medication", VERDICT_ELIGIBLE},
		{"medications: [the pill, atorvastatin, paracetamol]\n", "",
		    VERDICT_ELIGIBLE},
		{"procedures: [{name: thread lift, date: 2026-10-01}]\n",
		    "unknown-procedure", VERDICT_ELIGIBLE},
		/* A word no one knows beside one that is known is not lost. */
		{"medications: [vitamin D and zzyxal]\n", "unknown-medication",
		    VERDICT_ELIGIBLE},
		{"medications: [aspirin and zzyxal]\n",
		    "anticoagulant,unknown-medication", VERDICT_REVIEW},
		{"medications: [\"Roaccutane; zzyxal\"]\n",
		    "isotretinoin-washout,unknown-medication", VERDICT_INELIGIBLE},
		/* Strengths, forms, salts and how often are not names. */
		{"medications: [Doxycycline hyclate 100mg tablets]\n",
		    "tetracycline-washout", VERDICT_INELIGIBLE},
		{"medications: [aspirin 75mg once daily]\n", "anticoagulant",
		    VERDICT_REVIEW},
		{"medications: [vitamin D3]\n", "", VERDICT_ELIGIBLE},
		/* A strength against the name, or a brand's sign, hides nothing. */
		{"medications: [Roaccutane20mg]\n", "isotretinoin-washout",
		    VERDICT_INELIGIBLE},
		{"medications: [Retin-A0.05%]\n", "retinoid-washout",
		    VERDICT_INELIGIBLE},
		{"medications: [\"Roaccutane\u00ae\"]\n", "isotretinoin-washout",
		    VERDICT_INELIGIBLE},
		{"medications: [\"Accutane\u2122 20mg\"]\n", "isotretinoin-washout",
		    VERDICT_INELIGIBLE},
		{"procedures: [{name: \"Botox\u00ae\", date: 2026-11-20}]\n",
		    "botulinum-toxin-recent", VERDICT_INELIGIBLE},
		/* Unicode blanks, dashes and quotes pasted from a word
		 * processor separate words as ASCII ones do. */
		{"medications: [\"Roaccutane\u00a020 mg\"]\n",
		    "isotretinoin-washout", VERDICT_INELIGIBLE},
		{"medications: [\"\u00a0Roaccutane\u200b\"]\n",
		    "isotretinoin-washout", VERDICT_INELIGIBLE},
		{"medications: [\"\ufeffRoaccutane\"]\n", "isotretinoin-washout",
		    VERDICT_INELIGIBLE},
		{"medications: [\"tretinoin\u00a00.05%\"]\n", "retinoid-washout",
		    VERDICT_INELIGIBLE},
		{"medications: [\"Retin\u2011A\", \"Retin\u2013A\"]\n",
		    "retinoid-washout", VERDICT_INELIGIBLE},
		{"medications: [\"\u201cAccutane\u201d\"]\n",
		    "isotretinoin-washout", VERDICT_INELIGIBLE},
		{"medications: [\"'Accutane'\"]\n", "isotretinoin-washout",
		    VERDICT_INELIGIBLE},
		{"procedures: [{name: \"Botox\u00a0\", date: 2026-11-20}]\n",
		    "botulinum-toxin-recent", VERDICT_INELIGIBLE},
		{"medications: [\"20\u00b5g Roaccutane\"]\n",
		    "isotretinoin-washout", VERDICT_INELIGIBLE},
		/* Case and accents beyond ASCII: a capital or a missing accent,
		 * or an accent written as a combining mark, is the same word. */
		{"procedures: [{name: \"JUV\u00c9DERM\", date: 2026-11-20}]\n",
		    "dermal-filler-recent", VERDICT_INELIGIBLE},
		{"medications: [\"CURACN\u00c9 20 mg\"]\n",
		    "isotretinoin-washout", VERDICT_INELIGIBLE},
		{"medications: [\"Contracne\u0301\"]\n", "isotretinoin-washout",
		    VERDICT_INELIGIBLE},
		{"medications: [\"isotretino\u00efne\"]\n",
		    "isotretinoin-washout", VERDICT_INELIGIBLE},
		/* A word that says "by mouth" makes a topical name the oral
		 * medication: never a cream's 5 days for a capsule. */
		{"medications: [isotretinoin gel capsules 20 mg]\n",
		    "isotretinoin-washout", VERDICT_INELIGIBLE},
		{"medications: [oral isotretinoin gel]\n", "isotretinoin-washout",
		    VERDICT_INELIGIBLE},
		{"medications: [retinoid (oral)]\n", "oral-retinoid-washout",
		    VERDICT_INELIGIBLE},
		{"medications: [retinoid pills]\n", "oral-retinoid-washout",
		    VERDICT_INELIGIBLE},
		{"medications: [Tretinoin 10 mg capsules]\n",
		    "oral-retinoid-washout", VERDICT_INELIGIBLE},
		{"medications: [isotretinoin gel]\n", "retinoid-washout",
		    VERDICT_INELIGIBLE},
		/* Plurals and spellings the vocabulary lacked. */
		{"medications: [tetracyclines, RetinA]\n",
		    "retinoid-washout,tetracycline-washout", VERDICT_INELIGIBLE},
		{"procedures: [{name: anti-wrinkle injection, date: 2026-11-20}]\n",
		    "botulinum-toxin-recent", VERDICT_INELIGIBLE},
		{"procedures: [{name: fractional CO2, date: 2026-11-20}]\n",
		    "resurfacing-recent", VERDICT_INELIGIBLE},
		/* The word next to it only: the cream stays a cream. */
		{"medications: [retinoid cream and doxycycline tablets]\n",
		    "retinoid-washout,tetracycline-washout", VERDICT_INELIGIBLE},
	};
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		char yaml[512], got[256] = "";
		struct screening s;

		snprintf(yaml, sizeof(yaml), "id: T-1\n%s", cases[i].yaml);
		s = screen_yaml(rules, a, yaml, "2026-11-25");
		for (size_t j = 0; j < s.n; j++) {
			if (j > 0)
				strcat(got, ",");
			strcat(got, s.findings[j].rule->id);
		}
		if (strcmp(got, cases[i].rules) != 0 || s.verdict != cases[i].v)
			fail_msg("%s: %s (%s), expected %s (%s)", yaml,
			    verdict_name(s.verdict), got, verdict_name(cases[i].v),
			    cases[i].rules);
		arena_reset(a);
	}
	arena_free(a);
}

/* Waiting periods: the last day in force and the first day over. */
static void
test_waits(void **state)
{
	static const struct {
		const char *yaml;	/* after "id: T-1\n" */
		const char *day;
		const char *rule;	/* the finding, or NULL: eligible */
		const char *from;	/* eligible_from, or NULL */
	} cases[] = {
		/* isotretinoin: 6 months after stopped */
		{"medications: [{name: isotretinoin, stopped: 2026-08-15}]\n",
		    "2026-11-25", "isotretinoin-washout", "2027-02-15"},
		{"medications: [{name: isotretinoin, stopped: 2026-08-15}]\n",
		    "2027-02-14", "isotretinoin-washout", "2027-02-15"},
		{"medications: [{name: isotretinoin, stopped: 2026-08-15}]\n",
		    "2027-02-15", NULL, NULL},
		{"medications: [{name: Roaccutane, stopped: 2026-08-31}]\n",
		    "2027-02-27", "isotretinoin-washout", "2027-02-28"},
		{"medications: [{name: Roaccutane, stopped: 2026-08-31}]\n",
		    "2027-02-28", NULL, NULL},
		{"medications: [{name: isotretinoin, stopped: 2026-06-01}]\n",
		    "2026-11-30", "isotretinoin-washout", "2026-12-01"},
		{"medications: [{name: isotretinoin, stopped: 2026-06-01}]\n",
		    "2026-12-01", NULL, NULL},
		/* stopped on the day itself, and a stop still to come */
		{"medications: [{name: isotretinoin, stopped: 2026-11-25}]\n",
		    "2026-11-25", "isotretinoin-washout", "2027-05-25"},
		{"medications: [{name: tretinoin, stopped: 2026-12-10}]\n",
		    "2026-11-25", "retinoid-washout", "2026-12-15"},
		/* tretinoin: 5 days */
		{"medications: [{name: tretinoin, stopped: 2026-11-21}]\n",
		    "2026-11-25", "retinoid-washout", "2026-11-26"},
		{"medications: [{name: tretinoin, stopped: 2026-11-21}]\n",
		    "2026-11-26", NULL, NULL},
		{"medications: [{name: Retin-A, stopped: 2026-12-29}]\n",
		    "2027-01-02", "retinoid-washout", "2027-01-03"},
		{"medications: [{name: Retin-A, stopped: 2026-12-29}]\n",
		    "2027-01-03", NULL, NULL},
		/* tetracyclines: 14 days */
		{"medications: [{name: doxycycline, stopped: 2026-11-20}]\n",
		    "2026-12-03", "tetracycline-washout", "2026-12-04"},
		{"medications: [{name: doxycycline, stopped: 2026-11-20}]\n",
		    "2026-12-04", NULL, NULL},
		/* other acne medication: 5 days */
		{"medications: [{name: azelaic acid, stopped: 2026-02-26}]\n",
		    "2026-03-02", "acne-medication-washout", "2026-03-03"},
		{"medications: [{name: azelaic acid, stopped: 2026-02-26}]\n",
		    "2026-03-03", NULL, NULL},
		/* procedures: 14 days after the date, from the date on */
		{"procedures: [{name: botulinum-toxin, date: 2026-11-20}]\n",
		    "2026-11-20", "botulinum-toxin-recent", "2026-12-04"},
		{"procedures: [{name: botulinum-toxin, date: 2026-11-20}]\n",
		    "2026-12-03", "botulinum-toxin-recent", "2026-12-04"},
		{"procedures: [{name: botulinum-toxin, date: 2026-11-20}]\n",
		    "2026-12-04", NULL, NULL},
		{"procedures: [{name: juvederm, date: 2026-12-25}]\n",
		    "2027-01-07", "dermal-filler-recent", "2027-01-08"},
		{"procedures: [{name: juvederm, date: 2026-12-25}]\n",
		    "2027-01-08", NULL, NULL},
		{"procedures: [{name: peel, date: 2026-11-11}]\n",
		    "2026-11-24", "resurfacing-recent", "2026-11-25"},
		{"procedures: [{name: peel, date: 2026-11-11}]\n",
		    "2026-11-25", NULL, NULL},
		/* radiotherapy: 3 months after the procedure date */
		{"procedures: [{name: radiotherapy, date: 2026-08-31}]\n",
		    "2026-11-29", "radiotherapy-recent", "2026-11-30"},
		{"procedures: [{name: radiotherapy, date: 2026-08-31}]\n",
		    "2026-11-30", NULL, NULL},
		/* a procedure dated after the day does not count */
		{"procedures: [{name: botox, date: 2026-11-26}]\n",
		    "2026-11-25", NULL, NULL},
		/* a medication begun after the day does not count */
		{"medications: [{name: isotretinoin, since: 2026-12-01}]\n",
		    "2026-11-25", NULL, NULL},
		{"medications: [{name: isotretinoin, since: 2026-12-01, "
		    "stopped: 2027-01-01}]\n", "2026-11-25", NULL, NULL},
		{"medications: [{name: warfarin, since: 2026-11-26}]\n",
		    "2026-11-25", NULL, NULL},
		/* begun on the day: it counts */
		{"medications: [{name: isotretinoin, since: 2026-11-25}]\n",
		    "2026-11-25", "isotretinoin-washout", NULL},
		/* no stopped date: in force with no end */
		{"medications: [{name: isotretinoin, since: 2020-01-01}]\n",
		    "2026-11-25", "isotretinoin-washout", NULL},
		{"medications: [tretinoin]\n", "2030-01-01", "retinoid-washout", NULL},
		{"procedures: [botox]\n", "2026-11-25", "botulinum-toxin-recent", NULL},
		/* an end past 9999-12-31 has no date: no known end */
		{"medications: [{name: isotretinoin, stopped: 9999-06-30}]\n",
		    "2026-11-25", "isotretinoin-washout", "9999-12-30"},
		{"medications: [{name: isotretinoin, stopped: 9999-07-01}]\n",
		    "2026-11-25", "isotretinoin-washout", NULL},
		{"procedures: [{name: radiotherapy, date: 9999-12-31}]\n",
		    "9999-12-31", "radiotherapy-recent", NULL},
	};
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		char yaml[512], buf[DATE_STRLEN];
		struct screening s;

		snprintf(yaml, sizeof(yaml), "id: T-1\n%s", cases[i].yaml);
		s = screen_yaml(rules, a, yaml, cases[i].day);
		if (cases[i].rule == NULL) {
			if (s.n != 0 || s.verdict != VERDICT_ELIGIBLE)
				fail_msg("%son %s: %s, %zu findings (%s)", yaml,
				    cases[i].day, verdict_name(s.verdict), s.n,
				    s.n ? s.findings[0].rule->id : "");
			assert_false(s.has_eligible_from);
		} else {
			const struct finding *f;

			if (s.n != 1 || strcmp(s.findings[0].rule->id, cases[i].rule))
				fail_msg("%son %s: %zu findings, expected %s", yaml,
				    cases[i].day, s.n, cases[i].rule);
			f = &s.findings[0];
			assert_int_equal(s.verdict, VERDICT_INELIGIBLE);
			if (strcmp(eligible_from(&s, buf),
			    cases[i].from ? cases[i].from : "-") != 0)
				fail_msg("%son %s: eligible_from %s, expected %s", yaml,
				    cases[i].day, buf, cases[i].from ? cases[i].from : "-");
			assert_int_equal(f->has_end, cases[i].from != NULL);
			if (f->has_end) {
				assert_day(f->end, cases[i].from);
				assert_contains(f->message, cases[i].from);
			}
		}
		arena_reset(a);
	}
	arena_free(a);
}

/*
 * What begins after the day keeps the patient from eligible from its
 * start: the day eligible (or under review no longer) is the first with
 * nothing in force, the later item a finding that says so.
 */
static void
test_later_start(void **state)
{
	static const struct {
		const char *yaml;	/* after "id: T-1\n" */
		const char *verdict;
		const char *from;	/* eligible_from or clear_from, or "-" */
		int review_from;
		size_t n;		/* findings */
	} cases[] = {
		/* the washout ends while isotretinoin is taken: no known end */
		{"medications: [{name: tretinoin, stopped: 2026-11-22}, "
		    "{name: isotretinoin, since: 2026-11-26}]\n",
		    "ineligible", "-", 0, 2},
		{"medications: [{name: tretinoin, stopped: 2026-11-22}, "
		    "{name: isotretinoin, since: 2026-11-26, stopped: 2026-12-01}]\n",
		    "ineligible", "2027-06-01", 0, 2},
		/* begins on the day the washout ends: in force then */
		{"medications: [{name: tretinoin, stopped: 2026-11-22}]\n"
		    "procedures: [{name: botox, date: 2026-11-27}]\n",
		    "ineligible", "2026-12-11", 0, 2},
		/* begins after the washout's end: not a reason for today */
		{"medications: [{name: tretinoin, stopped: 2026-11-22}]\n"
		    "procedures: [{name: botox, date: 2026-11-28}]\n",
		    "ineligible", "2026-11-27", 0, 1},
		/* a relative one begun by then: review from the day */
		{"medications: [{name: tretinoin, stopped: 2026-11-22}, "
		    "{name: warfarin, since: 2026-11-26}]\n",
		    "ineligible", "2026-11-27", 1, 2},
		/* under review: the day it ends moves on too */
		{"medications: [{name: warfarin, stopped: 2026-11-24}, "
		    "{name: aspirin, since: 2026-11-27}]\n",
		    "review", "-", 0, 2},
	};
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		char yaml[512], buf[DATE_STRLEN];
		struct screening s;
		int has;
		date_t from;

		snprintf(yaml, sizeof(yaml), "id: T-1\n%s", cases[i].yaml);
		s = screen_yaml(rules, a, yaml, "2026-11-25");
		has = s.verdict == VERDICT_REVIEW ? s.has_clear_from :
		    s.has_eligible_from;
		from = s.verdict == VERDICT_REVIEW ? s.clear_from : s.eligible_from;
		if (strcmp(verdict_name(s.verdict), cases[i].verdict) != 0 ||
		    strcmp(has ? date_format(from, buf) : "-", cases[i].from) != 0 ||
		    s.n != cases[i].n || s.review_from != cases[i].review_from)
			fail_msg("case %zu: %s from %s, review_from %d, %zu findings",
			    i, verdict_name(s.verdict), has ? buf : "-",
			    s.review_from, s.n);
		for (size_t j = 1; j < s.n; j++)
			assert_contains(s.findings[j].message,
			    ", after the screening date");
		arena_reset(a);
	}
	arena_free(a);
}

/*
 * Anticoagulants after stopped: relative for as long as each acts
 * (CLINICAL section 1, [CHEST]): the last day in force and the first over.
 */
static void
test_anticoagulant_after_stopping(void **state)
{
	static const struct {
		const char *name;
		int days;
	} meds[] = {
		{"warfarin", 5}, {"clopidogrel", 5}, {"dabigatran", 2},
		{"rivaroxaban", 2}, {"apixaban", 2}, {"Eliquis", 2}, {"aspirin", 7},
		{"edoxaban", 2}, {"enoxaparin", 1}, {"phenprocoumon", 10},
		{"prasugrel", 7}, {"ticagrelor", 5}, {"Asasantin", 7},
		{"blood thinner", 10},
	};
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < NELEM(meds); i++) {
		date_t stopped = day_of("2026-11-10");
		char yaml[256], last[DATE_STRLEN], over[DATE_STRLEN], stop[DATE_STRLEN];
		struct screening s;

		date_format(stopped, stop);
		date_format(stopped + meds[i].days - 1, last);
		date_format(stopped + meds[i].days, over);
		snprintf(yaml, sizeof(yaml), "id: T-1\nmedications: [{name: %s, "
		    "stopped: %s}]\n", meds[i].name, stop);
		s = screen_yaml(rules, a, yaml, last);
		if (s.n != 1 || s.verdict != VERDICT_REVIEW)
			fail_msg("%s stopped %s: on %s %s, expected review",
			    meds[i].name, stop, last, verdict_name(s.verdict));
		assert_string_equal(s.findings[0].rule->id, "anticoagulant");
		assert_true(s.findings[0].has_end);
		assert_day(s.findings[0].end, over);
		assert_contains(s.findings[0].message, over);
		assert_false(s.has_eligible_from);	/* not an absolute one */
		s = screen_yaml(rules, a, yaml, over);
		if (s.n != 0 || s.verdict != VERDICT_ELIGIBLE)
			fail_msg("%s stopped %s: on %s %s, expected eligible",
			    meds[i].name, stop, over, verdict_name(s.verdict));
		arena_reset(a);
	}
	/* Taken now: in force with no end. */
	{
		struct screening s = screen_yaml(rules, a,
		    "id: T-1\nmedications: [warfarin]\n", "2030-01-01");

		assert_int_equal(s.verdict, VERDICT_REVIEW);
		assert_false(s.findings[0].has_end);
	}
	arena_free(a);
}

/* The messages of findings, as SPEC shows them. */
static void
test_messages(void **state)
{
	static const struct {
		const char *yaml;
		const char *message;
	} cases[] = {
		{"medications: [{name: isotretinoin, stopped: 2026-06-01}]\n",
		    "isotretinoin stopped 2026-06-01; wait 6 months, eligible from 2026-12-01"},
		{"medications: [{name: Roaccutane, stopped: 2026-06-01}]\n",
		    "isotretinoin (Roaccutane) stopped 2026-06-01; wait 6 months, "
		    "eligible from 2026-12-01"},
		{"medications: [ISOTRETINOIN]\n",
		    "ISOTRETINOIN taken now; wait 6 months after the last dose"},
		{"medications: [{name: tretinoin, stopped: 2026-11-21}]\n",
		    "tretinoin stopped 2026-11-21; wait 5 days, eligible from 2026-11-26"},
		{"medications: [{name: doxycycline, stopped: 2026-11-20}]\n",
		    "doxycycline stopped 2026-11-20; wait 14 days, eligible from "
		    "2026-12-04"},
		{"procedures: [{name: botulinum-toxin, date: 2026-11-20}]\n",
		    "botulinum toxin on 2026-11-20; wait 14 days, eligible from "
		    "2026-12-04"},
		{"pregnant: true\n", "pregnant"},
	};
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		char yaml[512];
		struct screening s;

		snprintf(yaml, sizeof(yaml), "id: T-1\n%s", cases[i].yaml);
		s = screen_yaml(rules, a, yaml, "2026-11-25");
		assert_int_equal(s.n, 1);
		assert_string_equal(s.findings[0].message, cases[i].message);
		arena_reset(a);
	}
	{
		struct screening s = screen_yaml(rules, a,
		    "id: T-1\nskin: {fitzpatrick: 4}\n", "2026-11-25");

		assert_contains(s.findings[0].message, "Fitzpatrick IV");
	}
	arena_free(a);
}

/*
 * Names in prose: the display name, the record's own spelling kept, no
 * hyphenated name, no doubled brackets.
 */
static void
test_names_in_prose(void **state)
{
	static const struct {
		const char *yaml;	/* after "id: T-1\n" */
		const char *starts;	/* the message of the one finding */
	} cases[] = {
		{"skin: {conditions: [herpes-simplex]}\n",
		    "cold sore (herpes simplex) present"},
		{"skin: {conditions: [Cold Sore]}\n", "Cold Sore (herpes simplex) present"},
		{"skin: {conditions: [cold sores]}\n", "cold sores (herpes simplex) present"},
		{"skin: {conditions: [HSV]}\n", "cold sore (herpes simplex, HSV) present"},
		{"skin: {conditions: [active-acne]}\n", "active acne present"},
		{"skin: {conditions: [Active Acne]}\n", "Active Acne present"},
		{"skin: {conditions: [ACNE, Active_Acne]}\n", "active acne (ACNE) present"},
		{"history: [Keloids]\n", "Keloids: tendency"},
		{"procedures: [{name: IPL, date: 2026-11-20}]\n", "IPL on 2026-11-20"},
		{"procedures: [{name: intense pulsed light, date: 2026-11-20}]\n",
		    "IPL (intense pulsed light) on 2026-11-20"},
		{"procedures: [botulinum-toxin]\n", "botulinum toxin with no date"},
		{"procedures: [Botox]\n", "botulinum toxin (Botox) with no date"},
		{"medications: [\"Roaccutane 20 mg\"]\n",
		    "isotretinoin (Roaccutane 20 mg) taken now"},
		{"medications: [Tetralysal (lymecycline)]\n",
		    "lymecycline (Tetralysal, lymecycline) taken now"},
		{"medications: [lymecycline (Tetralysal)]\n",
		    "lymecycline (lymecycline, Tetralysal) taken now"},
		{"medications: [\"[Accutane]\"]\n", "isotretinoin (Accutane) taken now"},
		{"medications: [\"( Accutane ) 20mg\"]\n",
		    "isotretinoin (Accutane, 20mg) taken now"},
		{"medications: [benzoyl-peroxide]\n", "benzoyl peroxide used now"},
		{"medications: [blood thinners]\n", "blood thinners: bleeding"},
		{"medications: [valerian (root)]\n", "valerian (root): not recognised"},
		/* the display name's capitals, and its bracket as written */
		{"procedures: [{name: ipl, date: 2026-11-20}]\n", "IPL on "},
		{"procedures: [{name: Ipl, date: 2026-11-20}]\n", "Ipl on "},
		{"history: [Herpes Simplex]\n",
		    "cold sore (herpes simplex) in the past"},
		{"history: [cold sores]\n", "cold sores (herpes simplex) in the past"},
	};
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		char yaml[512];
		struct screening s;

		snprintf(yaml, sizeof(yaml), "id: T-1\n%s", cases[i].yaml);
		s = screen_yaml(rules, a, yaml, "2026-11-25");
		if (s.n != 1)
			fail_msg("%s: %zu findings", yaml, s.n);
		if (strncmp(s.findings[0].message, cases[i].starts,
		    strlen(cases[i].starts)) != 0)
			fail_msg("%s: '%s', expected '%s...'", yaml,
			    s.findings[0].message, cases[i].starts);
		arena_reset(a);
	}
	arena_free(a);
}

/*
 * Every message a receptionist may read: "eligible from", never "until";
 * no doubled brackets; no "x: y: z"; no canonical hyphenated name.
 */
static void
test_message_wording(void **state)
{
	static const char *const records[] = {
		"pregnant: true\nlactating: true\n",
		"pregnant: ~\nlactating: ~\n",
		"skin: {fitzpatrick: 5, conditions: [active-acne, herpes-simplex, "
		    "warts, skin-infection, open-wound, irritated-skin, sunburn, "
		    "skin-cancer, eczema, keloid, bleeding-disorder, metal-allergy, "
		    "radiotherapy, autoimmune]}\n"
		    "history: [herpes-simplex, psoriasis, radiotherapy, diabetes, "
		    "anesthetic-allergy, hypertrophic-scars]\n",
		"medications: [isotretinoin, acitretin, tretinoin, doxycycline, "
		    "benzoyl-peroxide, warfarin, methotrexate, metformin, valaciclovir, "
		    "ibuprofen, valerian, Tetralysal (lymecycline)]\n",
		"medications:\n"
		    "  - {name: isotretinoin, stopped: 2026-11-01}\n"
		    "  - {name: acitretin, stopped: 2026-11-01}\n"
		    "  - {name: Retin-A, stopped: 2026-11-24}\n"
		    "  - {name: doxycycline, stopped: 2026-11-20}\n"
		    "  - {name: clindamycin, stopped: 2026-11-24}\n"
		    "  - {name: warfarin, stopped: 2026-11-24}\n"
		    "  - {name: ibuprofen, stopped: 2026-11-24}\n",
		"procedures:\n"
		    "  - {name: botulinum-toxin, date: 2026-11-20}\n"
		    "  - {name: dermal-filler, date: 2026-11-20}\n"
		    "  - {name: chemical-peel, date: 2026-11-20}\n"
		    "  - {name: radiotherapy, date: 2026-11-20}\n"
		    "  - chemotherapy\n  - laser\n  - thread lift\n",
		"medications: [{name: warfarin, since: 2026-06-01}]\n"
		    "consultation: {date: 2026-03-01, approved: true}\n",
		"medications: [warfarin]\n"
		    "consultation: {date: 2025-03-01, approved: true}\n",
	};
	struct arena *a = arena_new();
	size_t seen = 0;

	(void)state;
	for (size_t i = 0; i < NELEM(records); i++) {
		char yaml[1024];
		struct screening s;

		snprintf(yaml, sizeof(yaml), "id: T-1\n%s", records[i]);
		s = screen_yaml(rules, a, yaml, "2026-11-25");
		for (size_t j = 0; j < s.n; j++) {
			const char *m = s.findings[j].message, *c;

			assert_not_contains(m, "until");
			assert_not_contains(m, "((");
			assert_not_contains(m, "))");
			assert_not_contains(m, ") (");
			if ((c = strstr(m, ": ")) != NULL && strstr(c + 1, ": ") != NULL)
				fail_msg("two colons: %s", m);
			/* canonical names with a '-' read with blanks */
			assert_not_contains(m, "herpes-simplex");
			assert_not_contains(m, "active-acne");
			assert_not_contains(m, "botulinum-toxin");
			assert_not_contains(m, "benzoyl-peroxide");
			seen++;
		}
		arena_reset(a);
	}
	assert_true(seen > 40);
	arena_free(a);
}

/*
 * The same finding twice is listed once: the one in force the longer, or
 * begun the later, which an approval may not cover.
 */
static void
test_same_finding_once(void **state)
{
	static const struct {
		const char *yaml;
		size_t n;
		const char *from;	/* eligible_from, or NULL */
		enum verdict v;
	} cases[] = {
		{"skin: {conditions: [ACNE, Active_Acne, pimples]}\n", 1, NULL,
		    VERDICT_INELIGIBLE},
		{"skin: {conditions: [keloid]}\nhistory: [keloids]\n", 1, NULL,
		    VERDICT_INELIGIBLE},
		{"medications: [{name: isotretinoin, stopped: 2026-08-01}, Roaccutane]\n",
		    1, NULL, VERDICT_INELIGIBLE},
		{"medications: [{name: isotretinoin, stopped: 2026-06-01}, "
		    "{name: Accutane, stopped: 2026-08-01}]\n", 1, "2027-02-01",
		    VERDICT_INELIGIBLE},
		{"medications: [{name: Accutane, stopped: 2026-08-01}, "
		    "{name: isotretinoin, stopped: 2026-06-01}]\n", 1, "2027-02-01",
		    VERDICT_INELIGIBLE},
		/* the later begun is not covered by the approval: review */
		{"medications: [{name: warfarin, since: 2024-01-10}, "
		    "{name: Coumadin, since: 2026-06-01}]\n"
		    "consultation: {date: 2026-03-01, approved: true}\n", 1, NULL,
		    VERDICT_REVIEW},
		{"medications: [{name: Coumadin, since: 2026-06-01}, warfarin]\n"
		    "consultation: {date: 2026-03-01, approved: true}\n", 1, NULL,
		    VERDICT_REVIEW},
		/* two medications of one rule stay two */
		{"medications: [warfarin, aspirin]\n", 2, NULL, VERDICT_REVIEW},
	};
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		char yaml[512], buf[DATE_STRLEN];
		struct screening s;

		snprintf(yaml, sizeof(yaml), "id: T-1\n%s", cases[i].yaml);
		s = screen_yaml(rules, a, yaml, "2026-11-25");
		if (s.n != cases[i].n || s.verdict != cases[i].v)
			fail_msg("%s: %zu findings, %s", yaml, s.n,
			    verdict_name(s.verdict));
		if (strcmp(eligible_from(&s, buf), cases[i].from ? cases[i].from :
		    "-") != 0)
			fail_msg("%s: eligible_from %s", yaml, buf);
		arena_reset(a);
	}
	arena_free(a);
}

/* The text view: "eligible from", or "review from" when relative ones remain. */
static void
test_text_view(void **state)
{
	static const struct {
		const char *yaml;
		const char *text;
	} cases[] = {
		{"id: T-1\nname: Ana\nmedications: [{name: tretinoin, stopped: "
		    "2026-11-21}]\n",
		    "T-1  Ana  ineligible, eligible from 2026-11-26\n"
		    "    absolute  tretinoin stopped 2026-11-21; wait 5 days, eligible "
		    "from 2026-11-26  [retinoid-washout]\n"},
		/* a relative finding outlives the absolute one */
		{"id: T-2\nmedications: [warfarin, {name: tretinoin, stopped: "
		    "2026-11-21}]\n",
		    "T-2  ineligible, review from 2026-11-26\n"
		    "    absolute  tretinoin stopped 2026-11-21; wait 5 days, eligible "
		    "from 2026-11-26  [retinoid-washout]\n"
		    "    relative  warfarin: bleeding and bruising risk; needs a "
		    "doctor's consent  [anticoagulant]\n"},
		/* ... but not when it ends first, or is approved */
		{"id: T-3\nmedications: [{name: warfarin, stopped: 2026-11-24}, "
		    "{name: tretinoin, stopped: 2026-11-24}]\n",
		    "T-3  ineligible, eligible from 2026-11-29\n"},
		{"id: T-4\nmedications: [warfarin, {name: tretinoin, stopped: "
		    "2026-11-21}]\nconsultation: {date: 2026-11-20, approved: true}\n",
		    "T-4  ineligible, eligible from 2026-11-26\n"
		    "    absolute  tretinoin stopped 2026-11-21; wait 5 days, eligible "
		    "from 2026-11-26  [retinoid-washout]\n"
		    "    relative  warfarin: bleeding and bruising risk; needs a "
		    "doctor's consent; approved at the consultation  [anticoagulant]\n"},
		/* an approval that lapses before eligible_from: review then */
		{"id: T-5\nmedications: [warfarin, {name: isotretinoin, stopped: "
		    "2026-11-01}]\nconsultation: {date: 2026-01-10, approved: true}\n",
		    "T-5  ineligible, review from 2027-05-01\n"},
		{"id: T-6\nhistory: [lupus]\n", "T-6  review\n"},
		{"id: T-7\n", "T-7  eligible\n"},
	};
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		const struct patient *p = read_patient(rules->vocab, a,
		    parse_yaml(a, cases[i].yaml));
		struct screening s;
		struct buf out = {0};
		struct diag d;

		diag_clear(&d);
		assert_int_equal(screen_patient(rules, p, day_of("2026-11-25"), a,
		    &s, &d), 0);
		assert_int_equal(screen_text(&s, p, 0, &out), 0);
		if (strncmp(buf_str(&out), cases[i].text, strlen(cases[i].text)) != 0)
			fail_msg("got:\n%s\nexpected:\n%s", out.p, cases[i].text);
		assert_not_contains(out.p, "until");
		buf_free(&out);
		arena_reset(a);
	}
	arena_free(a);
}

/* A skipped record's line in the text view, from its error. */
static void
test_text_skipped(void **state)
{
	static const struct {
		const char *id, *file;
		unsigned long line;
		int color;
		const char *text;
	} cases[] = {
		{"P-0007", "clinic.yaml", 12, 0, "P-0007  not screened: bad record, "
		    "see the error message for clinic.yaml:12\n"},
		{"", "clinic.yaml", 12, 0, "clinic.yaml:12  not screened: bad "
		    "record, see the error message\n"},
		{"", "<stdin>", 3, 1, "<stdin>:3  \033[31mnot screened\033[0m: bad "
		    "record, see the error message\n"},
		{"P-1", NULL, 0, 0, "P-1  not screened: bad record, see the error "
		    "message\n"},
		{"", NULL, 0, 0, "a record  not screened: bad record, see the error "
		    "message\n"},
	};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		struct skipped sk = {cases[i].file, cases[i].line,
		    cases[i].id[0] != '\0' ? cases[i].id : NULL};
		struct buf out = {0};

		assert_int_equal(filter_text_skipped("not screened", &sk,
		    cases[i].color, &out), 0);
		assert_string_equal(buf_str(&out), cases[i].text);
		buf_free(&out);
	}
}

/* The filter as derma-screen sets it up, for the text view in place. */
static int
tool_process(void *ctx, struct record *rec, struct diag *d)
{
	struct patient *p = arena_alloc(rec->arena, sizeof(*p));
	struct screening *s = arena_alloc(rec->arena, sizeof(*s) + sizeof(p));

	(void)ctx;
	if (p == NULL || s == NULL ||
	    patient_read(rec->doc, rules->vocab, rec->arena, p, d) == -1 ||
	    screen_patient(rules, p, day_of("2026-11-25"), rec->arena, s, d) == -1)
		return -1;
	if ((rec->block = screen_block(rec->arena, s)) == NULL)
		return -1;
	memcpy(s + 1, &p, sizeof(p));	/* the patient, after the screening */
	rec->status = s->verdict != VERDICT_ELIGIBLE;
	rec->data = s;
	return 0;
}

static int
tool_text(void *ctx, const struct record *rec, int color, struct buf *out)
{
	const struct screening *s = rec->data;
	const struct patient *p;

	(void)ctx;
	memcpy(&p, s + 1, sizeof(p));
	return screen_text(s, p, color, out);
}

static int
tool_skipped(void *ctx, const struct skipped *s, int color, struct buf *out)
{
	(void)ctx;
	return filter_text_skipped("not screened", s, color, out);
}

static const struct format tool_format = {"text", tool_text, tool_skipped,
    NULL, NULL, 0};

/*
 * Through filter_run(): a skipped record has its line in the text view,
 * in its place, whether it was read and refused or could not be read;
 * the YAML and JSON streams carry only the records.
 */
/* The caution of a record with no skin.fitzpatrick, in the text view. */
#define NO_SKIN_TYPE \
	"    caution   skin type (Fitzpatrick) not given; ask before " \
	"treatment; needled as for types IV-VI while not known  " \
	"[skin-type-unknown]\n"

static void
test_skipped_in_place(void **state)
{
	static const char input[] =
	    "id: G-1\n"					/* 1 */
	    "---\n"
	    "id: B-2\n"					/* 3 */
	    "Pregnant: yes\n"				/* 4 */
	    "---\n"
	    "name: Zelda Secretname\n"			/* 6 */
	    "---\n"
	    "- not a mapping\n"				/* 8 */
	    "---\n"
	    "id: B-5\n"
	    "x: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
	    "[[[[[[[[[[\n"					/* 11 */
	    "---\n"
	    "x: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
	    "[[[[[[[[[[\n"					/* 13 */
	    "---\n"
	    "id: G-6\n"
	    "lactating: true\n";
	static const char want[] =
	    "G-1  eligible\n"
	    NO_SKIN_TYPE
	    "B-2  not screened: bad record, see the error message for <in>:4\n"
	    "<in>:6  not screened: bad record, see the error message\n"
	    "<in>:8  not screened: bad record, see the error message\n"
	    "B-5  not screened: bad record, see the error message for <in>:11\n"
	    "<in>:13  not screened: bad record, see the error message\n"
	    "G-6  ineligible\n"
	    "    absolute  breastfeeding  [lactation]\n"
	    NO_SKIN_TYPE;
	char path[64], *argv[1];
	struct filter f;

	(void)state;
	temp_file(input, sizeof(input) - 1, path);
	argv[0] = path;
	memset(&f, 0, sizeof(f));
	f.prog = "test";
	f.block = "screening";
	f.jobs = 1;
	f.limits = limits_default;
	f.process = tool_process;
	for (int k = 0; k < 3; k++) {
		FILE *out = tmpfile(), *err = tmpfile();
		char *o, *e, *want_here, *at;
		int status;

		f.format = k == 0 ? &tool_format : k == 1 ? &filter_yaml : &filter_json;
		status = filter_run(&f, argv, 1, out, err);
		o = read_stream(out, NULL);
		e = read_stream(err, NULL);
		assert_int_equal(status, DIAG_DATA);
		/* The file's name as the messages give it, for the want. */
		want_here = malloc(sizeof(want) + 8 * strlen(path));
		want_here[0] = '\0';
		for (const char *w = want; (at = strstr(w, "<in>")) != NULL ||
		    *w != '\0'; w = at + 4) {
			if (at == NULL) {
				strcat(want_here, w);
				break;
			}
			strncat(want_here, w, (size_t)(at - w));
			strcat(want_here, path);
		}
		if (k == 0 && strcmp(o, want_here) != 0)
			fail_msg("got:\n%s\nexpected:\n%s", o, want_here);
		if (k > 0)
			assert_not_contains(o, "not screened");
		assert_int_equal(strlen(e) > 0, 1);
		assert_not_contains(e, "Zelda");
		assert_not_contains(o, "Zelda");
		free(want_here);
		free(o);
		free(e);
		fclose(out);
		fclose(err);
	}
	/* Without the hook, as before: nothing in place. */
	{
		static const struct format no_hook = {"text", tool_text, NULL,
		    NULL, NULL, 0};
		FILE *out = tmpfile(), *err = tmpfile();
		char *o;

		f.format = &no_hook;
		filter_run(&f, argv, 1, out, err);
		o = read_stream(out, NULL);
		assert_string_equal(o, "G-1  eligible\n" NO_SKIN_TYPE
		    "G-6  ineligible\n"
		    "    absolute  breastfeeding  [lactation]\n" NO_SKIN_TYPE);
		free(o);
		fclose(out);
		fclose(err);
	}
	unlink(path);
}

/* Relative findings, approval, cautions and eligible_from together. */
static void
test_verdicts(void **state)
{
	static const struct {
		const char *yaml;	/* after "id: T-1\n" */
		enum verdict v;
		const char *from;
		int approved;		/* the relative finding is approved */
	} cases[] = {
		/* relative: review */
		{"medications: [warfarin]\n", VERDICT_REVIEW, NULL, 0},
		/* approved at a consultation on or before the day: eligible */
		{"medications: [warfarin]\nconsultation: {date: 2026-11-20, "
		    "approved: true}\n", VERDICT_ELIGIBLE, NULL, 1},
		{"medications: [warfarin]\nconsultation: {date: 2026-11-25, "
		    "approved: yes}\n", VERDICT_ELIGIBLE, NULL, 1},
		/* an approval whose age cannot be told does not count */
		{"medications: [warfarin]\nconsultation: {approved: true}\n",
		    VERDICT_REVIEW, NULL, 0},
		/* an approval at a consultation still to come does not count */
		{"medications: [warfarin]\nconsultation: {date: 2026-11-26, "
		    "approved: true}\n", VERDICT_REVIEW, NULL, 0},
		{"medications: [warfarin]\nconsultation: {date: 2026-11-20, "
		    "approved: false}\n", VERDICT_REVIEW, NULL, 0},
		{"medications: [warfarin]\nconsultation: {date: 2026-11-20}\n",
		    VERDICT_REVIEW, NULL, 0},
		/* approval never overrides an absolute finding */
		{"pregnant: true\nmedications: [warfarin]\nconsultation: "
		    "{date: 2026-11-20, approved: true}\n", VERDICT_INELIGIBLE, NULL, 1},
		{"medications: [warfarin, {name: tretinoin, stopped: 2026-11-24}]\n"
		    "consultation: {date: 2026-11-02, approved: true}\n",
		    VERDICT_INELIGIBLE, "2026-11-29", 1},
		/* cautions alone: eligible */
		{"history: [herpes-simplex]\nskin: {fitzpatrick: 6}\n"
		    "medications: [ibuprofen]\n", VERDICT_ELIGIBLE, NULL, 0},
		/* a caution with an end does not give eligible_from */
		{"medications: [{name: ibuprofen, stopped: 2026-11-24}]\n",
		    VERDICT_ELIGIBLE, NULL, 0},
		/* relative and caution: review */
		{"history: [diabetes, herpes-simplex]\n", VERDICT_REVIEW, NULL, 0},
		/* eligible_from: the latest end of the absolute findings */
		{"medications:\n  - {name: tretinoin, stopped: 2026-11-22}\n"
		    "  - {name: isotretinoin, stopped: 2026-08-15}\n"
		    "  - {name: doxycycline, stopped: 2026-11-20}\n",
		    VERDICT_INELIGIBLE, "2027-02-15", 0},
		{"medications:\n  - {name: isotretinoin, stopped: 2026-08-15}\n"
		    "procedures: [{name: botox, date: 2026-11-24}]\n",
		    VERDICT_INELIGIBLE, "2027-02-15", 0},
		/* absent when any absolute finding has no end */
		{"medications:\n  - {name: isotretinoin, stopped: 2026-08-15}\n"
		    "lactating: true\n", VERDICT_INELIGIBLE, NULL, 0},
		{"medications:\n  - {name: isotretinoin, stopped: 2026-08-15}\n"
		    "  - minocycline\n", VERDICT_INELIGIBLE, NULL, 0},
		/* ended findings are gone; the rest decide */
		{"medications:\n  - {name: isotretinoin, stopped: 2025-01-01}\n"
		    "  - warfarin\n", VERDICT_REVIEW, NULL, 0},
	};
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		char yaml[512], buf[DATE_STRLEN];
		struct screening s;

		snprintf(yaml, sizeof(yaml), "id: T-1\n%s", cases[i].yaml);
		s = screen_yaml(rules, a, yaml, "2026-11-25");
		if (s.verdict != cases[i].v)
			fail_msg("%s: %s, expected %s", yaml, verdict_name(s.verdict),
			    verdict_name(cases[i].v));
		if (strcmp(eligible_from(&s, buf), cases[i].from ? cases[i].from :
		    "-") != 0)
			fail_msg("%s: eligible_from %s, expected %s", yaml, buf,
			    cases[i].from ? cases[i].from : "-");
		for (size_t j = 0; j < s.n; j++) {
			const struct finding *f = &s.findings[j];

			if (f->rule->severity == SEV_RELATIVE)
				assert_int_equal(f->approved, cases[i].approved);
			else
				assert_false(f->approved);
		}
		arena_reset(a);
	}
	arena_free(a);
}

/* One finding per matching item, in rule order. */
static void
test_findings_order(void **state)
{
	struct arena *a = arena_new();
	struct screening s = screen_yaml(rules, a,
	    "id: T-1\n"
	    "pregnant: true\n"
	    "skin: {fitzpatrick: 5, conditions: [active-acne, sunburn]}\n"
	    "history: [herpes-simplex]\n"
	    "medications: [warfarin, aspirin, {name: tretinoin, stopped: 2026-11-22}]\n",
	    "2026-11-25");
	static const char *const want[] = {
		"pregnancy", "retinoid-washout", "skin-problem", "skin-problem",
		"anticoagulant", "anticoagulant", "herpes-history", "darker-skin",
	};

	(void)state;
	assert_int_equal(s.n, NELEM(want));
	for (size_t i = 0; i < NELEM(want); i++)
		assert_string_equal(s.findings[i].rule->id, want[i]);
	assert_ptr_equal(finding_of(&s, "anticoagulant"), &s.findings[4]);
	assert_string_equal(s.findings[4].item->node->text, "warfarin");
	assert_string_equal(s.findings[5].item->node->text, "aspirin");
	assert_null(finding_of(&s, "lactation"));
	assert_string_equal(s.findings[2].item->w->name, "active-acne");
	assert_string_equal(s.findings[3].item->w->name, "sunburn");
	assert_null(s.findings[0].item);
	assert_int_equal(s.verdict, VERDICT_INELIGIBLE);
	assert_false(s.has_eligible_from);
	arena_free(a);
}

/*
 * The approval's scope (SPEC section 3, CLINICAL section 1): it covers
 * only what the dermatologist saw, and lapses after 12 months.  A finding
 * it does not cover says why.
 */
static void
test_approval_scope(void **state)
{
	static const struct {
		const char *yaml;	/* after "id: T-1\n" */
		int approved;
		const char *why;	/* in the message when not approved */
	} cases[] = {
		/* begun on or before the consultation: covered */
		{"medications: [{name: warfarin, since: 2026-11-20}]\n"
		    "consultation: {date: 2026-11-20, approved: true}\n", 1, NULL},
		{"medications: [{name: warfarin, since: 2024-01-10}]\n"
		    "consultation: {date: 2026-03-01, approved: true}\n", 1, NULL},
		{"history: [lupus]\nconsultation: {date: 2026-03-01, "
		    "approved: true}\n", 1, NULL},
		/* begun after it: the dermatologist never saw it */
		{"medications: [{name: warfarin, since: 2026-03-02}]\n"
		    "consultation: {date: 2026-03-01, approved: true}\n", 0,
		    "begun 2026-03-02, after the consultation of 2026-03-01, so its "
		    "approval does not cover it"},
		{"procedures: [{name: chemotherapy, date: 2026-06-01}]\n"
		    "consultation: {date: 2026-03-01, approved: true}\n", 0,
		    "begun 2026-06-01, after the consultation of 2026-03-01"},
		/* an approval from 2025 and warfarin begun in 2026 */
		{"medications: [{name: warfarin, since: 2026-01-10}]\n"
		    "consultation: {date: 2025-12-01, approved: true}\n", 0,
		    "begun 2026-01-10, after the consultation of 2025-12-01"},
		{"medications: [{name: warfarin, since: 2026-01-10}]\n"
		    "consultation: {date: 2025-03-01, approved: true}\n", 0,
		    "the approval of 2025-03-01 counts for 12 months and lapsed on "
		    "2026-03-01"},
		/* 12 months: the last day it counts, and the first it does not */
		{"medications: [warfarin]\nconsultation: {date: 2025-11-26, "
		    "approved: true}\n", 1, NULL},
		{"medications: [warfarin]\nconsultation: {date: 2025-11-25, "
		    "approved: true}\n", 0, "lapsed on 2026-11-25"},
		/* no date, a date to come */
		{"medications: [warfarin]\nconsultation: {approved: true}\n", 0,
		    "the approval has no consultation date, so it does not count"},
		{"medications: [warfarin]\nconsultation: {date: 2026-11-26, "
		    "approved: true}\n", 0,
		    "the consultation of 2026-11-26 is still to come"},
		/* not approved at all: nothing to explain */
		{"medications: [warfarin]\nconsultation: {date: 2026-11-20}\n", 0,
		    ""},
	};
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		char yaml[512];
		struct screening s;

		snprintf(yaml, sizeof(yaml), "id: T-1\n%s", cases[i].yaml);
		s = screen_yaml(rules, a, yaml, "2026-11-25");
		assert_int_equal(s.n, 1);
		if (s.findings[0].approved != cases[i].approved)
			fail_msg("%s: approved %d, expected %d (%s)", yaml,
			    s.findings[0].approved, cases[i].approved,
			    s.findings[0].message);
		assert_int_equal(s.verdict, cases[i].approved ? VERDICT_ELIGIBLE :
		    VERDICT_REVIEW);
		if (cases[i].why != NULL && cases[i].why[0] != '\0')
			assert_contains(s.findings[0].message, cases[i].why);
		if (cases[i].why != NULL && cases[i].why[0] == '\0')
			assert_not_contains(s.findings[0].message, "approval");
		if (cases[i].approved)
			assert_not_contains(s.findings[0].message, "approval");
		arena_reset(a);
	}
	arena_free(a);
}

/* A bad approval setting is an error in screening.yaml, where it is. */
static void
test_approval_broken(void **state)
{
	static const struct {
		const char *setting;
		unsigned long line, col;
	} cases[] = {
		{"approval: {lapses: {years: 1}}\n", 1, 21},
		{"approval: {lapses: {months: 0}}\n", 1, 29},
		{"approval: {lapses: {months: soon}}\n", 1, 29},
		{"approval: 12 months\n", 1, 11},
		{"approval: {lasts: {months: 12}}\n", 1, 11},
	};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		char dir[64], text[512];
		struct rules *r;
		struct diag d;

		temp_dir(dir);
		copy_data(dir, "vocabulary.yaml");
		copy_data(dir, "medications.yaml");
		snprintf(text, sizeof(text), "%srules:\n  - rule: p\n"
		    "    severity: absolute\n    when: {flag: pregnant}\n"
		    "    message: pregnant\n", cases[i].setting);
		write_in(dir, "screening.yaml", text);
		diag_clear(&d);
		r = rules_and_vocab(dir, &d);
		remove_dir(dir);
		if (r != NULL) {
			free_rules(r);
			fail_msg("accepted: %s", cases[i].setting);
		}
		assert_true(ends_with(d.file, "/screening.yaml"));
		if (d.line != cases[i].line || d.col != cases[i].col)
			fail_msg("%s: at %lu:%lu: %s", cases[i].setting, d.line,
			    d.col, d.msg);
		assert_contains(d.msg, "approval");
	}
}

/* A clinic's own setting: the approval counts for 6 months. */
static void
test_approval_setting(void **state)
{
	char dir[64], *text, *p;
	struct buf edited = {0};
	struct rules *r;
	struct arena *a = arena_new();
	struct screening s;
	struct diag d;

	(void)state;
	temp_dir(dir);
	copy_data(dir, "vocabulary.yaml");
	copy_data(dir, "medications.yaml");
	text = read_file(DATA_DIR "/screening.yaml", NULL);
	p = strstr(text, "lapses: {months: 12}");
	assert_non_null(p);
	*p = '\0';
	buf_puts(&edited, text);
	buf_puts(&edited, "lapses: {months: 6}");
	buf_puts(&edited, p + strlen("lapses: {months: 12}"));
	write_in(dir, "screening.yaml", buf_str(&edited));
	buf_free(&edited);
	free(text);
	diag_clear(&d);
	r = rules_and_vocab(dir, &d);
	remove_dir(dir);
	assert_non_null(r);
	s = screen_yaml(r, a, "id: T-1\nmedications: [warfarin]\n"
	    "consultation: {date: 2026-05-25, approved: true}\n", "2026-11-24");
	assert_true(s.findings[0].approved);
	s = screen_yaml(r, a, "id: T-1\nmedications: [warfarin]\n"
	    "consultation: {date: 2026-05-25, approved: true}\n", "2026-11-25");
	assert_false(s.findings[0].approved);
	assert_contains(s.findings[0].message, "counts for 6 months");
	free_rules(r);
	arena_free(a);
}

/* Every record of a file, screened for day; callback per record. */
static void
screen_file(const char *path, const char *day,
    void (*check)(const struct patient *, const struct screening *, void *),
    void *arg)
{
	size_t n;
	char *s = read_file(path, &n);
	struct chunk *cs;
	size_t nc = split_string(s, n, 1 << 20, 1 << 20, &cs);
	struct parse *p = parse_new(&limits_default);
	struct arena *a = arena_new();

	for (size_t i = 0; i < nc; i++) {
		parse_start(p, &cs[i]);
		for (;;) {
			struct node *doc;
			struct patient pt;
			struct screening sc;
			struct diag d;
			enum parse_status st;

			diag_clear(&d);
			arena_reset(a);
			if ((st = parse_next(p, a, &doc, &d)) == PARSE_END)
				break;
			if (st != PARSE_DOC)
				fail_msg("%s:%lu: %s", path, d.line, d.msg);
			if (patient_read(doc, rules->vocab, a, &pt, &d) != 0 ||
			    screen_patient(rules, &pt, day_of(day), a, &sc, &d) != 0)
				fail_msg("%s:%lu:%lu: %s", path, d.line, d.col, d.msg);
			check(&pt, &sc, arg);
		}
	}
	parse_free(p);
	arena_free(a);
	free_chunks(cs, nc);
	free(s);
}

/* The example patients, as the comments in their files say. */
static const struct example {
	const char *id;
	enum verdict v;
	const char *from;
	const char *rules;	/* the findings' rules, in order, comma-separated */
	int approved;
} examples[] = {
	{"P-0001", VERDICT_INELIGIBLE, "2027-02-15",
	    "isotretinoin-washout,darker-skin", 0},
	{"P-0002", VERDICT_ELIGIBLE, NULL, "nsaid", 0},
	{"P-0003", VERDICT_INELIGIBLE, NULL, "lactation", 0},
	{"P-0004", VERDICT_ELIGIBLE, NULL,
	    "anticoagulant,herpes-history,darker-skin", 1},
	{"P-0101", VERDICT_INELIGIBLE, NULL, "pregnancy", 0},
	{"P-0102", VERDICT_INELIGIBLE, NULL,
	    "tetracycline-washout,skin-problem,darker-skin", 0},
	{"P-0103", VERDICT_INELIGIBLE, "2026-11-26", "retinoid-washout", 0},
	{"P-0104", VERDICT_ELIGIBLE, NULL, "darker-skin", 0},
};

static void
check_example(const struct patient *p, const struct screening *s, void *arg)
{
	int *seen = arg;
	char buf[DATE_STRLEN], got[256] = "";
	size_t i;

	for (i = 0; i < NELEM(examples); i++)
		if (strcmp(examples[i].id, p->id) == 0)
			break;
	if (i == NELEM(examples))
		fail_msg("example %s has no expected verdict here", p->id);
	seen[i]++;
	for (size_t j = 0; j < s->n; j++) {
		if (j > 0)
			strcat(got, ",");
		strcat(got, s->findings[j].rule->id);
		if (s->findings[j].rule->severity == SEV_RELATIVE)
			assert_int_equal(s->findings[j].approved, examples[i].approved);
	}
	if (s->verdict != examples[i].v)
		fail_msg("%s: %s, expected %s", p->id, verdict_name(s->verdict),
		    verdict_name(examples[i].v));
	if (strcmp(eligible_from(s, buf), examples[i].from ? examples[i].from :
	    "-") != 0)
		fail_msg("%s: eligible_from %s", p->id, buf);
	if (strcmp(got, examples[i].rules) != 0)
		fail_msg("%s: findings %s, expected %s", p->id, got,
		    examples[i].rules);
}

static void
test_examples(void **state)
{
	static const char *const files[] = {
		"ana-souza.yaml", "bram-devries.yaml", "chloe-bernard.yaml",
		"clinic-day.yaml", "dev-patel.yaml",
	};
	int seen[NELEM(examples)] = {0};

	(void)state;
	for (size_t i = 0; i < NELEM(files); i++) {
		char path[512];

		snprintf(path, sizeof(path), "%s/%s", EXAMPLES_DIR, files[i]);
		screen_file(path, "2026-11-25", check_example, seen);
	}
	for (size_t i = 0; i < NELEM(examples); i++)
		if (seen[i] != 1)
			fail_msg("example %s seen %d times", examples[i].id, seen[i]);
}

/* The keys of a mapping, in order, joined by ','. */
static void
keys_of(const struct node *map, char *out, size_t n)
{
	out[0] = '\0';
	assert_int_equal(map->kind, NODE_MAPPING);
	for (const struct node *k = map->head; k != NULL; k = k->next->next) {
		if (out[0] != '\0')
			strncat(out, ",", n - strlen(out) - 1);
		strncat(out, k->text, n - strlen(out) - 1);
	}
}

static void
test_block(void **state)
{
	struct arena *a = arena_new();
	struct screening s = screen_yaml(rules, a,
	    "id: T-1\n"
	    "medications: [{name: isotretinoin, stopped: 2026-06-01}, warfarin]\n"
	    "skin: {fitzpatrick: 4}\n"
	    "consultation: {date: 2026-11-02, approved: true}\n", "2026-11-25");
	struct node *b = screen_block(a, &s);
	const struct node *list, *f;
	struct buf out = {0};
	struct diag d;
	char keys[256];

	(void)state;
	assert_non_null(b);
	keys_of(b, keys, sizeof(keys));
	assert_string_equal(keys, "date,verdict,eligible_from,findings");
	assert_string_equal(node_get(b, "date")->text, "2026-11-25");
	assert_string_equal(node_get(b, "verdict")->text, "ineligible");
	assert_string_equal(node_get(b, "eligible_from")->text, "2026-12-01");
	list = node_get(b, "findings");
	assert_int_equal(list->kind, NODE_SEQUENCE);
	assert_int_equal(list->n, 3);
	f = list->head;
	keys_of(f, keys, sizeof(keys));
	assert_string_equal(keys, "rule,severity,message");
	assert_string_equal(node_get(f, "rule")->text, "isotretinoin-washout");
	assert_string_equal(node_get(f, "severity")->text, "absolute");
	assert_string_equal(node_get(f, "message")->text,
	    "isotretinoin stopped 2026-06-01; wait 6 months, eligible from 2026-12-01");
	f = f->next;
	keys_of(f, keys, sizeof(keys));
	assert_string_equal(keys, "rule,severity,message,approved");
	assert_string_equal(node_get(f, "rule")->text, "anticoagulant");
	assert_string_equal(node_get(f, "severity")->text, "relative");
	assert_string_equal(node_get(f, "approved")->text, "true");
	f = f->next;
	assert_string_equal(node_get(f, "rule")->text, "darker-skin");
	assert_string_equal(node_get(f, "severity")->text, "caution");
	/* As YAML and JSON: the block reads back with its types. */
	diag_clear(&d);
	assert_int_equal(emit_json(b, &out, &d), 0);
	assert_contains(buf_str(&out), "{\"date\":\"2026-11-25\",\"verdict\":"
	    "\"ineligible\",\"eligible_from\":\"2026-12-01\",\"findings\":[");
	assert_contains(out.p, "\"approved\":true}");
	out.len = 0;
	assert_int_equal(emit_yaml(b, &out, &d), 0);
	assert_contains(buf_str(&out), "verdict: ineligible\n");
	assert_contains(out.p, "eligible_from: 2026-12-01\n");
	buf_free(&out);

	/* Eligible with no findings: no eligible_from, an empty list. */
	s = screen_yaml(rules, a, "id: T-2\n", "2026-11-25");
	b = screen_block(a, &s);
	keys_of(b, keys, sizeof(keys));
	assert_string_equal(keys, "date,verdict,findings");
	assert_string_equal(node_get(b, "verdict")->text, "eligible");
	assert_int_equal(node_get(b, "findings")->n, 0);
	out.len = 0;
	assert_int_equal(emit_json(b, &out, &d), 0);
	assert_string_equal(buf_str(&out),
	    "{\"date\":\"2026-11-25\",\"verdict\":\"eligible\",\"findings\":[]}\n");
	buf_free(&out);

	/* Review: the verdict, no eligible_from. */
	s = screen_yaml(rules, a, "id: T-3\nhistory: [lupus]\n", "2026-11-25");
	b = screen_block(a, &s);
	assert_string_equal(node_get(b, "verdict")->text, "review");
	assert_null(node_get(b, "eligible_from"));
	arena_free(a);
}

static void
test_rules_loaded(void **state)
{
	static const struct {
		const char *id;
		enum severity sev;
		enum wait_unit unit;
		long wait;
		const char *text;
	} cases[] = {
		{"isotretinoin-washout", SEV_ABSOLUTE, WAIT_MONTHS, 6, "6 months"},
		{"retinoid-washout", SEV_ABSOLUTE, WAIT_DAYS, 5, "5 days"},
		{"tetracycline-washout", SEV_ABSOLUTE, WAIT_DAYS, 14, "14 days"},
		{"acne-medication-washout", SEV_ABSOLUTE, WAIT_DAYS, 5, "5 days"},
		{"botulinum-toxin-recent", SEV_ABSOLUTE, WAIT_DAYS, 14, "14 days"},
		{"dermal-filler-recent", SEV_ABSOLUTE, WAIT_DAYS, 14, "14 days"},
		{"resurfacing-recent", SEV_ABSOLUTE, WAIT_DAYS, 14, "14 days"},
		{"radiotherapy-recent", SEV_ABSOLUTE, WAIT_MONTHS, 3, "3 months"},
		{"pregnancy", SEV_ABSOLUTE, WAIT_NONE, 0, NULL},
		{"anticoagulant", SEV_RELATIVE, WAIT_DAYS, 0,
		    "as long as the medication acts"},
		{"darker-skin", SEV_CAUTION, WAIT_NONE, 0, NULL},
	};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		const struct rule *r = NULL;
		char text[32];

		for (size_t j = 0; j < rules->n; j++)
			if (strcmp(rules->v[j].id, cases[i].id) == 0)
				r = &rules->v[j];
		if (r == NULL)
			fail_msg("no rule %s", cases[i].id);
		assert_int_equal(r->severity, cases[i].sev);
		assert_int_equal(r->wait_unit, cases[i].unit);
		assert_int_equal(r->wait, cases[i].wait);
		if (cases[i].text != NULL) {
			wait_format(r, text, sizeof(text));
			assert_string_equal(text, cases[i].text);
		}
	}
	for (size_t i = 0; i < rules->n; i++)
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(rules->v[i].id, rules->v[j].id);
	assert_string_equal(severity_name(SEV_ABSOLUTE), "absolute");
	assert_string_equal(severity_name(SEV_RELATIVE), "relative");
	assert_string_equal(severity_name(SEV_CAUTION), "caution");
	assert_string_equal(verdict_name(VERDICT_ELIGIBLE), "eligible");
	assert_string_equal(verdict_name(VERDICT_REVIEW), "review");
	assert_string_equal(verdict_name(VERDICT_INELIGIBLE), "ineligible");
}

/* A rules dir whose screening.yaml is broken: the error names file:line. */
static void
test_broken_rules(void **state)
{
	static const char head[] =
	    "rules:\n"					/* 1 */
	    "  - rule: good\n"				/* 2 */
	    "    severity: absolute\n"			/* 3 */
	    "    when: {flag: pregnant}\n"		/* 4 */
	    "    message: pregnant\n";			/* 5 */
	static const struct {
		const char *rule;	/* lines 6 on */
		unsigned long line, col;
		const char *msg;
	} cases[] = {
		{"  - rule: bad\n    severity: fatal\n    when: {flag: lactating}\n"
		    "    message: x\n", 7, 15, "severity"},
		{"  - rule: bad\n    severity: absolute\n"
		    "    when: {conditions: [dandruff]}\n    message: x\n", 8, 25,
		    "dandruff"},
		{"  - rule: bad\n    severity: absolute\n"
		    "    when: {medications: [no-such-class]}\n    message: x\n", 8, 26,
		    "vocabulary"},
		{"  - rule: bad\n    severity: absolute\n    when: {flag: lactating}\n"
		    "    message: \"{name} and {bogus}\"\n", 9, 14, "placeholder"},
		{"  - rule: bad\n    severity: absolute\n"
		    "    when: {medications: [tretinoin]}\n    wait: {days: 5}\n"
		    "    message: x\n    message_until: \"{until} {nope}\"\n", 11, 20,
		    "placeholder"},
		/* A placeholder the rule's kind cannot fill: braces would show. */
		{"  - rule: bad\n    severity: absolute\n    when: {flag: lactating}\n"
		    "    message: \"lactating since {date}\"\n", 9, 14,
		    "placeholder {date} cannot be filled in a flag rule"},
		{"  - rule: bad\n    severity: absolute\n    when: {flag: lactating}\n"
		    "    message: \"{name}\"\n", 9, 14, "{name}"},
		{"  - rule: bad\n    severity: caution\n    when: {fitzpatrick: [5]}\n"
		    "    message: \"{name} {fitzpatrick}\"\n", 9, 14, "{name}"},
		{"  - rule: bad\n    severity: absolute\n"
		    "    when: {conditions: [eczema]}\n    message: \"{name} until {until}\"\n",
		    9, 14, "{until}"},
		{"  - rule: bad\n    severity: absolute\n"
		    "    when: {conditions: [eczema]}\n    message: \"{name} for {wait}\"\n",
		    9, 14, "{wait}"},
		/* {date} and {until} only where the finding ends on a known day */
		{"  - rule: bad\n    severity: absolute\n"
		    "    when: {medications: [tretinoin]}\n    wait: {days: 5}\n"
		    "    message: \"{name} stopped {date}\"\n", 10, 14, "{date}"},
		{"  - rule: bad\n    severity: absolute\n"
		    "    when: {medications: [tretinoin]}\n"
		    "    message: \"{name}: wait {wait}\"\n", 9, 14, "{wait}"},
		{"  - rule: bad\n    severity: absolute\n"
		    "    when: {medications: [tretinoin]}\n    message: x\n"
		    "    message_until: \"{name} {until}\"\n", 10, 20, "wait"},
		{"  - rule: bad\n    severity: absolute\n    when: {flag: lactating}\n"
		    "    message: [x]\n", 9, 14, "text"},
		{"  - rule: bad\n    severity: caution\n"
		    "    when: {unrecognised: allergies}\n    message: x\n", 8, 26,
		    "unrecognised"},
		{"  - rule: bad\n    severity: absolute\n"
		    "    when: {procedures: [laser]}\n    wait: effect\n"
		    "    message: x\n", 9, 11, "effect"},
		{"  - rule: bad\n    severity: caution\n"
		    "    when: {unrecognised: medications}\n    message: \"{what}\"\n",
		    9, 14, "{what}"},
		{"  - rule: bad\n    severity: absolute\n    when: {colour: red}\n"
		    "    message: x\n", 8, 12, "match"},
		{"  - rule: bad\n    severity: absolute\n    when: {flag: hungry}\n"
		    "    message: x\n", 8, 18, "flag"},
		{"  - rule: bad\n    severity: absolute\n    when: {flag: lactating}\n"
		    "    wait: {days: 5}\n    message: x\n", 9, 11, "wait"},
		{"  - rule: bad\n    severity: absolute\n"
		    "    when: {medications: [tretinoin]}\n    wait: {days: soon}\n"
		    "    message: x\n", 9, 18, "wait"},
		{"  - rule: bad\n    severity: absolute\n"
		    "    when: {medications: [tretinoin]}\n    wait: {fortnights: 1}\n"
		    "    message: x\n", 9, 12, "wait"},
		{"  - rule: good\n    severity: caution\n    when: {flag: lactating}\n"
		    "    message: x\n", 6, 5, "twice"},
		{"  - rule: bad id\n    severity: caution\n    when: {flag: lactating}\n"
		    "    message: x\n", 6, 5, "rule"},
		{"  - rule: bad\n    severity: caution\n    when: {flag: lactating}\n",
		    6, 5, "message"},
		{"  - rule: bad\n    severity: caution\n    when: {fitzpatrick: [7]}\n"
		    "    message: x\n", 8, 26, "I-VI"},
		{"  - rule: bad\n    severity: caution\n    when: [flag, lactating]\n"
		    "    message: x\n", 0, 0, "when"},
		{"  - rule: bad\n    severity: [absolute\n", 8, 1, "invalid YAML"},
	};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		char dir[64], text[1024];
		struct rules *r;
		struct diag d;

		temp_dir(dir);
		copy_data(dir, "vocabulary.yaml");
		copy_data(dir, "medications.yaml");
		snprintf(text, sizeof(text), "%s%s", head, cases[i].rule);
		write_in(dir, "screening.yaml", text);
		diag_clear(&d);
		r = rules_and_vocab(dir, &d);
		remove_dir(dir);
		if (r != NULL) {
			free_rules(r);
			fail_msg("accepted:\n%s", text);
		}
		if (!ends_with(d.file, "/screening.yaml"))
			fail_msg("case %zu: file %s", i, d.file);
		assert_int_equal(d.kind, DIAG_CONFIG);
		if (cases[i].line != 0 &&
		    (d.line != cases[i].line || d.col != cases[i].col))
			fail_msg("case %zu: at %lu:%lu, expected %lu:%lu: %s", i,
			    d.line, d.col, cases[i].line, cases[i].col, d.msg);
		assert_contains(d.msg, cases[i].msg);
	}
}

/*
 * wait: effect needs every medication the rule matches to say how long it
 * acts: the error is in medications.yaml, at the medication.
 */
static void
test_effect_missing(void **state)
{
	char dir[64];
	struct rules *r;
	struct diag d;

	(void)state;
	temp_dir(dir);
	copy_data(dir, "vocabulary.yaml");
	write_in(dir, "medications.yaml",
	    "warfarin: {classes: [anticoagulant], effect: {days: 5}}\n"
	    "heparin: {classes: [anticoagulant]}\n"
	    "ibuprofen: {classes: [nsaid]}\n");
	write_in(dir, "screening.yaml",
	    "rules:\n"
	    "  - rule: nsaid\n    severity: caution\n"
	    "    when: {medications: [nsaid]}\n    wait: {days: 3}\n"
	    "    message: x\n"
	    "  - rule: anticoagulant\n    severity: relative\n"
	    "    when: {medications: [anticoagulant]}\n    wait: effect\n"
	    "    message: x\n    message_until: \"{name} {wait} {until}\"\n");
	diag_clear(&d);
	r = rules_and_vocab(dir, &d);
	if (r != NULL) {
		free_rules(r);
		remove_dir(dir);
		fail_msg("accepted a medication with no effect");
	}
	assert_true(ends_with(d.file, "/medications.yaml"));
	assert_int_equal(d.line, 2);
	assert_int_equal(d.col, 1);
	assert_contains(d.msg, "heparin: no effect");
	/* Given one, the rules load, and {wait} is the medication's. */
	write_in(dir, "medications.yaml",
	    "warfarin: {classes: [anticoagulant], effect: {days: 5}}\n"
	    "heparin: {classes: [anticoagulant], effect: {weeks: 1}}\n"
	    "ibuprofen: {classes: [nsaid]}\n");
	diag_clear(&d);
	r = rules_and_vocab(dir, &d);
	remove_dir(dir);
	if (r == NULL)
		fail_msg("%s:%lu:%lu: %s", d.file, d.line, d.col, d.msg);
	{
		struct arena *a = arena_new();
		struct screening s = screen_yaml(r, a, "id: T-1\nmedications: "
		    "[{name: heparin, stopped: 2026-11-20}]\n", "2026-11-25");

		assert_string_equal(s.findings[0].message, "heparin 7 days 2026-11-27");
		arena_free(a);
	}
	free_rules(r);
}

/* The rules of share/derma with edited_text in place of what. */
static struct rules *
rules_edited(const char *what, const char *edited_text)
{
	char dir[64], *text, *p;
	struct buf edited = {0};
	struct rules *r;
	struct diag d;

	temp_dir(dir);
	copy_data(dir, "vocabulary.yaml");
	copy_data(dir, "medications.yaml");
	text = read_file(DATA_DIR "/screening.yaml", NULL);
	p = strstr(text, what);
	assert_non_null(p);
	*p = '\0';
	buf_puts(&edited, text);
	buf_puts(&edited, edited_text);
	buf_puts(&edited, p + strlen(what));
	write_in(dir, "screening.yaml", buf_str(&edited));
	buf_free(&edited);
	free(text);
	diag_clear(&d);
	r = rules_and_vocab(dir, &d);
	remove_dir(dir);
	assert_non_null(r);
	return r;
}

/* A clinic's own rules: a longer washout is used as written. */
static void
test_clinic_rules(void **state)
{
	struct rules *r = rules_edited("wait: {months: 6}", "wait: {months: 12}");
	struct arena *a = arena_new();
	struct screening s;

	(void)state;
	s = screen_yaml(r, a, "id: T-1\nmedications: [{name: isotretinoin, "
	    "stopped: 2026-08-15}]\n", "2027-02-15");
	assert_int_equal(s.verdict, VERDICT_INELIGIBLE);
	assert_day(s.eligible_from, "2027-08-15");
	assert_string_equal(s.findings[0].message,
	    "isotretinoin stopped 2026-08-15; wait 12 months, eligible from 2027-08-15");
	free_rules(r);
	arena_free(a);
}

/*
 * A clinic that makes a name not recognised relative: the approval covers
 * it only when it began by the consultation, as a known one.
 */
static void
test_approval_unrecognised(void **state)
{
	static const struct {
		const char *yaml;	/* after "id: T-1\n" */
		enum verdict v;
		int approved;
	} cases[] = {
		{"medications: [{name: zzyxal 10mg, since: 2026-11-10}]\n"
		    "consultation: {date: 2026-11-01, approved: true}\n",
		    VERDICT_REVIEW, 0},
		{"medications: [{name: zzyxal 10mg, since: 2026-10-10}]\n"
		    "consultation: {date: 2026-11-01, approved: true}\n",
		    VERDICT_ELIGIBLE, 1},
		{"medications: [zzyxal]\n"
		    "consultation: {date: 2026-11-01, approved: true}\n",
		    VERDICT_ELIGIBLE, 1},
		{"procedures: [{name: Profhilo, date: 2026-11-10}]\n"
		    "consultation: {date: 2026-11-01, approved: true}\n",
		    VERDICT_REVIEW, 0},
	};
	struct rules *r = rules_edited("  - rule: unknown-medication\n"
	    "    severity: caution\n", "  - rule: unknown-medication\n"
	    "    severity: relative\n");
	struct rules *rp = rules_edited("  - rule: unknown-procedure\n"
	    "    severity: caution\n", "  - rule: unknown-procedure\n"
	    "    severity: relative\n");
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		char yaml[512];
		struct screening s;

		snprintf(yaml, sizeof(yaml), "id: T-1\n%s", cases[i].yaml);
		s = screen_yaml(i < 3 ? r : rp, a, yaml, "2026-11-25");
		if (s.n != 1 || s.verdict != cases[i].v ||
		    s.findings[0].approved != cases[i].approved)
			fail_msg("%s: %s, %zu findings, expected %s", yaml,
			    verdict_name(s.verdict), s.n, verdict_name(cases[i].v));
		arena_reset(a);
	}
	free_rules(r);
	free_rules(rp);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_rule),
		cmocka_unit_test(test_nothing),
		cmocka_unit_test(test_names_screened),
		cmocka_unit_test(test_waits),
		cmocka_unit_test(test_later_start),
		cmocka_unit_test(test_anticoagulant_after_stopping),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_names_in_prose),
		cmocka_unit_test(test_message_wording),
		cmocka_unit_test(test_same_finding_once),
		cmocka_unit_test(test_text_view),
		cmocka_unit_test(test_text_skipped),
		cmocka_unit_test(test_skipped_in_place),
		cmocka_unit_test(test_verdicts),
		cmocka_unit_test(test_approval_scope),
		cmocka_unit_test(test_approval_setting),
		cmocka_unit_test(test_approval_broken),
		cmocka_unit_test(test_findings_order),
		cmocka_unit_test(test_examples),
		cmocka_unit_test(test_block),
		cmocka_unit_test(test_rules_loaded),
		cmocka_unit_test(test_broken_rules),
		cmocka_unit_test(test_effect_missing),
		cmocka_unit_test(test_clinic_rules),
		cmocka_unit_test(test_approval_unrecognised),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

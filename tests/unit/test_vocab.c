/* Unit tests: the vocabulary of share/derma (vocab.h). */
#include "unit.h"

static struct vocab *
load(void)
{
	struct vocab *v;
	struct diag d;

	diag_clear(&d);
	if ((v = vocab_load(DATA_DIR, &d)) == NULL)
		fail_msg("vocab_load: %s:%lu:%lu: %s", d.file,
		    d.line, d.col, d.msg);
	return v;
}

static const struct vocab_word *
find(const struct vocab *v, enum vocab_cat cat, const char *s)
{
	return vocab_find(v, cat, s, strlen(s));
}

static void
test_synonyms_and_brands(void **state)
{
	static const struct {
		enum vocab_cat cat;
		const char *as;		/* as a record may write it */
		const char *name;	/* the canonical word */
		const char *cls;	/* medications: the class */
	} cases[] = {
		{VOC_MEDICATION, "Roaccutane", "isotretinoin", "isotretinoin"},
		{VOC_MEDICATION, "Accutane", "isotretinoin", "isotretinoin"},
		{VOC_MEDICATION, "isotretinoin", "isotretinoin", "isotretinoin"},
		{VOC_MEDICATION, "ISOTRETINOIN", "isotretinoin", "isotretinoin"},
		{VOC_MEDICATION, "  Retin-A ", "tretinoin", "topical-retinoid"},
		{VOC_MEDICATION, "retin_a", "tretinoin", "topical-retinoid"},
		{VOC_MEDICATION, "Retinoic Acid", "tretinoin", "topical-retinoid"},
		{VOC_MEDICATION, "adapalene", "adapalene", "topical-retinoid"},
		{VOC_MEDICATION, "DOXYCYCLINE", "doxycycline", "tetracycline"},
		{VOC_MEDICATION, "Minocycline", "minocycline", "tetracycline"},
		{VOC_MEDICATION, "lymecycline", "lymecycline", "tetracycline"},
		{VOC_MEDICATION, "tetracycline", "tetracycline", "tetracycline"},
		{VOC_MEDICATION, "benzoyl peroxide", "benzoyl-peroxide",
		    "acne-medication"},
		{VOC_MEDICATION, "Eliquis", "apixaban", "anticoagulant"},
		{VOC_MEDICATION, "warfarin", "warfarin", "anticoagulant"},
		{VOC_MEDICATION, "aspirin", "aspirin", "antiplatelet"},
		{VOC_MEDICATION, "Advil", "ibuprofen", "nsaid"},
		{VOC_MEDICATION, "\tmethotrexate", "methotrexate", "immunosuppressant"},
		{VOC_CONDITION, "cold_sore", "herpes-simplex", NULL},
		{VOC_CONDITION, "Cold Sore", "herpes-simplex", NULL},
		{VOC_CONDITION, "HSV", "herpes-simplex", NULL},
		{VOC_CONDITION, "acne", "active-acne", NULL},
		{VOC_CONDITION, "keloids", "keloid", NULL},
		{VOC_CONDITION, "haemophilia", "bleeding-disorder", NULL},
		{VOC_CONCERN, "Acne Scars", "acne-scars", NULL},
		{VOC_CONCERN, "striae", "stretch-marks", NULL},
		{VOC_CONCERN, "melasma", "pigmentation", NULL},
		{VOC_AREA, "Crow's Feet", "crows-feet", NULL},
		{VOC_AREA, "cheek", "cheeks", NULL},
		{VOC_AREA, "d\xc3\xa9" "collet\xc3\xa9", "decolletage", NULL},
		{VOC_PROCEDURE, "Botox", "botulinum-toxin", NULL},
		{VOC_PROCEDURE, "filler", "dermal-filler", NULL},
		{VOC_PROCEDURE, "peel", "chemical-peel", NULL},
		{VOC_PROCEDURE, "IPL", "ipl", NULL},
		{VOC_PROCEDURE, "radiation", "radiotherapy", NULL},
	};
	struct vocab *v = load();

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		const struct vocab_word *w = find(v, cases[i].cat, cases[i].as);

		if (w == NULL)
			fail_msg("%s '%s' unknown", vocab_cat_name(cases[i].cat),
			    cases[i].as);
		assert_int_equal(w->cat, cases[i].cat);
		assert_string_equal(w->name, cases[i].name);
		if (cases[i].cls != NULL) {
			assert_int_equal(w->nclasses, 1);
			assert_string_equal(w->classes[0], cases[i].cls);
		}
		/* The canonical word finds itself. */
		assert_ptr_equal(find(v, cases[i].cat, cases[i].name), w);
	}
	vocab_free(v);
}

static void
test_unknown(void **state)
{
	static const struct {
		enum vocab_cat cat;
		const char *s;
	} cases[] = {
		{VOC_MEDICATION, "valerian"},
		{VOC_MEDICATION, "Roaccutanne"},
		{VOC_MEDICATION, "Roaccutane 20 mg"},	/* vocab_find_in() finds it */
		{VOC_MEDICATION, ""},
		{VOC_MEDICATION, "   "},
		{VOC_CONDITION, "dandruff"},
		{VOC_CONDITION, "Roaccutane"},		/* a medication */
		{VOC_CONDITION, "botox"},		/* a procedure */
		{VOC_CONCERN, "cheeks"},		/* an area */
		{VOC_AREA, "wrinkles"},			/* a concern */
		{VOC_AREA, "elbow"},
		{VOC_PROCEDURE, "acne"},
		{VOC_CONCERN, "acne scars extra"},
		{VOC_CONCERN, "acnescars"},
		{VOC_CONCERN,
		    "a-very-long-word-that-is-longer-than-any-word-in-the-vocabulary-at-all"},
	};
	struct vocab *v = load();

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++)
		if (find(v, cases[i].cat, cases[i].s) != NULL)
			fail_msg("%s '%s' found", vocab_cat_name(cases[i].cat),
			    cases[i].s);
	/* Only the n bytes given are read. */
	assert_non_null(vocab_find(v, VOC_AREA, "neck and more", 4));
	vocab_free(v);
}

/* The words of SPEC section 2, canonical and in each category. */
static void
test_spec_words(void **state)
{
	static const char *const concerns[] = {
		"wrinkles", "fine-lines", "laxity", "elasticity", "acne-scars",
		"scars", "stretch-marks", "pigmentation", "age-spots",
		"dark-circles", "under-eye-bags", "large-pores", "uneven-tone",
	};
	static const char *const areas[] = {
		"forehead", "periorbital", "crows-feet", "nose", "cheeks",
		"perioral", "upper-lip", "chin", "jawline", "neck", "decolletage",
		"hands", "arms", "abdomen", "thighs", "buttocks", "back", "scalp",
	};
	static const char *const conditions[] = {
		"active-acne", "eczema", "psoriasis", "rosacea", "herpes-simplex",
		"skin-infection", "open-wound", "sunburn", "skin-cancer", "keloid",
		"bleeding-disorder", "diabetes", "autoimmune", "immunosuppressed",
		"radiotherapy",
	};
	static const struct {
		const char *name;
		const char *cls;
	} meds[] = {
		{"isotretinoin", "isotretinoin"}, {"tretinoin", "topical-retinoid"},
		{"doxycycline", "tetracycline"}, {"minocycline", "tetracycline"},
		{"warfarin", "anticoagulant"}, {"apixaban", "anticoagulant"},
	};
	static const struct {
		enum vocab_cat cat;
		const char *const *words;
		size_t n;
	} lists[] = {
		{VOC_CONCERN, concerns, NELEM(concerns)},
		{VOC_AREA, areas, NELEM(areas)},
		{VOC_CONDITION, conditions, NELEM(conditions)},
	};
	struct vocab *v = load();

	(void)state;
	for (size_t l = 0; l < NELEM(lists); l++) {
		assert_true(vocab_count(v, lists[l].cat) >= lists[l].n);
		for (size_t i = 0; i < lists[l].n; i++) {
			const struct vocab_word *w = find(v, lists[l].cat,
			    lists[l].words[i]);

			if (w == NULL)
				fail_msg("%s '%s' missing",
				    vocab_cat_name(lists[l].cat), lists[l].words[i]);
			assert_string_equal(w->name, lists[l].words[i]);
			assert_ptr_equal(vocab_at(v, lists[l].cat, (size_t)w->index), w);
		}
	}
	/* Concerns and areas: SPEC's lists, in its order. */
	assert_int_equal(vocab_count(v, VOC_CONCERN), NELEM(concerns));
	assert_int_equal(vocab_count(v, VOC_AREA), NELEM(areas));
	for (size_t i = 0; i < NELEM(concerns); i++)
		assert_string_equal(vocab_at(v, VOC_CONCERN, i)->name, concerns[i]);
	for (size_t i = 0; i < NELEM(areas); i++)
		assert_string_equal(vocab_at(v, VOC_AREA, i)->name, areas[i]);
	assert_null(vocab_at(v, VOC_AREA, NELEM(areas)));
	for (size_t i = 0; i < NELEM(meds); i++) {
		const struct vocab_word *w = find(v, VOC_MEDICATION, meds[i].name);

		assert_non_null(w);
		assert_string_equal(w->classes[0], meds[i].cls);
	}
	/* The classes the screening rules cite exist. */
	assert_true(vocab_has_class(v, "isotretinoin"));
	assert_true(vocab_has_class(v, "topical-retinoid"));
	assert_true(vocab_has_class(v, "tetracycline"));
	assert_true(vocab_has_class(v, "acne-medication"));
	assert_true(vocab_has_class(v, "anticoagulant"));
	assert_true(vocab_has_class(v, "nsaid"));
	assert_false(vocab_has_class(v, "isotretinoin-like"));
	assert_string_equal(vocab_cat_name(VOC_CONCERN), "concern");
	assert_string_equal(vocab_cat_name(VOC_MEDICATION), "medication");
	vocab_free(v);
}

/* Loads a vocabulary dir with these two files; the error. */
static struct diag
load_broken(const char *vocabulary, const char *medications)
{
	char dir[64];
	struct vocab *v;
	struct diag d;

	temp_dir(dir);
	if (vocabulary != NULL)
		write_in(dir, "vocabulary.yaml", vocabulary);
	if (medications != NULL)
		write_in(dir, "medications.yaml", medications);
	diag_clear(&d);
	v = vocab_load(dir, &d);
	remove_dir(dir);
	if (v != NULL)
		fail_msg("vocab_load accepted:\n%s\n%s", vocabulary ? vocabulary : "",
		    medications ? medications : "");
	return d;
}

static void
test_broken_dir(void **state)
{
	static const char meds[] =
	    "isotretinoin: {classes: [isotretinoin], brands: [Roaccutane]}\n";
	static const char words[] =
	    "concerns:\n  wrinkles: [wrinkle]\nareas:\n  cheeks: [cheek]\n";
	static const struct {
		const char *vocabulary;
		const char *medications;
		const char *file;
		unsigned long line, col;
		const char *msg;
	} cases[] = {
		/* A synonym given to two words. */
		{"concerns:\n  wrinkles: [wrinkle, lines]\n"
		    "  fine-lines: [lines]\n", meds,
		    "vocabulary.yaml", 3, 16, "already"},
		/* A word given twice, spelled another way. */
		{"areas:\n  cheeks: []\n  Cheeks: []\n", meds,
		    "vocabulary.yaml", 3, 3, "already"},
		/* A category the tools do not know. */
		{"concerns:\n  wrinkles: []\ncolours:\n  red: []\n", meds,
		    "vocabulary.yaml", 3, 1, "unknown category"},
		{"medications:\n  x: []\n", meds,
		    "vocabulary.yaml", 1, 1, "unknown category"},
		/* Not word: [synonyms]. */
		{"concerns: [wrinkles]\n", meds, "vocabulary.yaml", 1, 11, ""},
		{"concerns:\n  wrinkles: lines\n", meds,
		    "vocabulary.yaml", 2, 13, ""},
		/* Not YAML. */
		{"concerns:\n  wrinkles: [a\n", meds, "vocabulary.yaml", 3, 1,
		    "invalid YAML"},
		/* A brand that is already another medication's. */
		{words,
		    "isotretinoin: {classes: [isotretinoin], brands: [Roaccutane]}\n"
		    "tretinoin: {classes: [topical-retinoid], brands: [Retin-A,\n"
		    "  roaccutane]}\n",
		    "medications.yaml", 3, 3, "already"},
		/* A medication with no class. */
		{words, "warfarin: {brands: [Coumadin]}\n",
		    "medications.yaml", 0, 0, "classes"},
		{words, "warfarin: [Coumadin]\n", "medications.yaml", 1, 11, ""},
		/* effect: how long a medication acts, in days or weeks */
		{words, "warfarin: {classes: [anticoagulant], effect: 5}\n",
		    "medications.yaml", 1, 46, "effect"},
		{words, "warfarin: {classes: [anticoagulant], effect: {days: -1}}\n",
		    "medications.yaml", 1, 53, "whole number"},
		{words, "warfarin: {classes: [anticoagulant], effect: {days: 1.5}}\n",
		    "medications.yaml", 1, 53, "whole number"},
		{words, "warfarin: {classes: [anticoagulant], effect: {hours: 5}}\n",
		    "medications.yaml", 1, 47, "days or weeks"},
		/* keys: the key meant must be one of the format */
		{"keys:\n  pregant: [x]\n", meds, "vocabulary.yaml", 2, 3,
		    "not a key of the record format"},
		{"keys:\n  skin.colour: [x]\n", meds, "vocabulary.yaml", 2, 3,
		    "not a key of the record format"},
		{"keys:\n  face.conditions: [x]\n", meds, "vocabulary.yaml", 2, 3,
		    "not a part of a record"},
		/* ... and a near miss no key of the format, nor given twice */
		{"keys:\n  pregnant: [Pregnant]\n", meds, "vocabulary.yaml", 2, 14,
		    "is a key of the record format"},
		{"keys:\n  skin.conditions: [history]\n", meds, "vocabulary.yaml", 2,
		    21, "is a key of the record format"},
		{"keys:\n  pregnant: [pregnancy]\n  lactating: [Pregnancy]\n", meds,
		    "vocabulary.yaml", 3, 15, "already a near miss of 'pregnant'"},
		{"keys:\n  pregnant: pregnancy\n", meds, "vocabulary.yaml", 2, 13,
		    "list"},
		{"keys: [pregnant]\n", meds, "vocabulary.yaml", 1, 7, "keys"},
		{"keys:\n  pregnant: [skin.x.y, [a]]\n", meds, "vocabulary.yaml", 2,
		    24, "keys"},
	};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		struct diag d = load_broken(cases[i].vocabulary, cases[i].medications);

		if (!ends_with(d.file, cases[i].file))
			fail_msg("case %zu: file %s, expected %s", i,
			    d.file, cases[i].file);
		assert_int_equal(d.kind, DIAG_CONFIG);
		if (cases[i].line != 0 &&
		    (d.line != cases[i].line || d.col != cases[i].col))
			fail_msg("case %zu: at %lu:%lu, expected %lu:%lu: %s", i,
			    d.line, d.col, cases[i].line, cases[i].col, d.msg);
		assert_contains(d.msg, cases[i].msg);
		assert_true(d.msg[0] != '\0');
	}
}

/* Near misses of the record's keys, as the shipped vocabulary gives them. */
static void
test_near_miss(void **state)
{
	static const struct {
		enum vocab_level level;
		const char *key;
		enum vocab_level meant_level;	/* when meant */
		const char *meant;		/* NULL: no near miss */
	} cases[] = {
		{LEVEL_RECORD, "pregnant", 0, NULL},
		{LEVEL_RECORD, "referral", 0, NULL},
		{LEVEL_RECORD, "screening", 0, NULL},
		{LEVEL_RECORD, "Pregnant", LEVEL_RECORD, "pregnant"},
		{LEVEL_RECORD, "PREGNANT", LEVEL_RECORD, "pregnant"},
		{LEVEL_RECORD, " pregnant", LEVEL_RECORD, "pregnant"},
		{LEVEL_RECORD, "birth-date", LEVEL_RECORD, "birth_date"},
		{LEVEL_RECORD, "Birth Date", LEVEL_RECORD, "birth_date"},
		{LEVEL_RECORD, "birthdate", LEVEL_RECORD, "birth_date"},
		{LEVEL_RECORD, "breast feeding", LEVEL_RECORD, "lactating"},
		{LEVEL_RECORD, "meds", LEVEL_RECORD, "medications"},
		{LEVEL_RECORD, "conditions", LEVEL_SKIN, "conditions"},
		{LEVEL_RECORD, "Fitzpatrick", LEVEL_SKIN, "fitzpatrick"},
		{LEVEL_SKIN, "Conditions", LEVEL_SKIN, "conditions"},
		{LEVEL_SKIN, "conditions", 0, NULL},
		{LEVEL_SKIN, "history", LEVEL_RECORD, "history"},
		{LEVEL_SKIN, "pregnant", LEVEL_RECORD, "pregnant"},
		{LEVEL_CONSULTATION, "Approved", LEVEL_CONSULTATION, "approved"},
		{LEVEL_CONSULTATION, "by", 0, NULL},
		{LEVEL_MEDICATION, "Stopped", LEVEL_MEDICATION, "stopped"},
		{LEVEL_MEDICATION, "last_dose", LEVEL_MEDICATION, "stopped"},
		{LEVEL_MEDICATION, "dose", 0, NULL},
		{LEVEL_PROCEDURE, "when", LEVEL_PROCEDURE, "date"},
		{LEVEL_TREATMENT, "Duration Min", LEVEL_TREATMENT, "duration_min"},
		/* a form's question, and misspellings of the keys that weigh */
		{LEVEL_RECORD, "pregnant?", LEVEL_RECORD, "pregnant"},
		{LEVEL_RECORD, "Lactating ?", LEVEL_RECORD, "lactating"},
		{LEVEL_RECORD, "pragnant", LEVEL_RECORD, "pregnant"},
		{LEVEL_RECORD, "pregnant or breastfeeding", LEVEL_RECORD, "pregnant"},
		{LEVEL_RECORD, "medicaton", LEVEL_RECORD, "medications"},
		{LEVEL_RECORD, "past_medical_history", LEVEL_RECORD, "history"},
		{LEVEL_RECORD, "procedurs", LEVEL_RECORD, "procedures"},
		{LEVEL_MEDICATION, "date_started", LEVEL_MEDICATION, "since"},
		{LEVEL_MEDICATION, "commenced", LEVEL_MEDICATION, "since"},
		/* another level's own key is no near miss unless listed */
		{LEVEL_CONTACT, "date", 0, NULL},
	};
	struct vocab *v = load();

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		const struct vocab_key *k = vocab_near_miss(v, cases[i].level,
		    cases[i].key, strlen(cases[i].key));

		if (cases[i].meant == NULL) {
			if (k != NULL)
				fail_msg("'%s' at %s: near miss of %s",
				    cases[i].key, vocab_level_name(cases[i].level),
				    k->key);
			continue;
		}
		if (k == NULL)
			fail_msg("'%s' at %s: no near miss", cases[i].key,
			    vocab_level_name(cases[i].level));
		assert_int_equal(k->level, cases[i].meant_level);
		assert_string_equal(k->key, cases[i].meant);
	}
	/* Only n bytes are read; a NUL ends what is compared. */
	assert_null(vocab_near_miss(v, LEVEL_RECORD, "pregnantXYZ", 8));
	assert_non_null(vocab_near_miss(v, LEVEL_RECORD, "pregnant\0x", 10));
	assert_string_equal(vocab_level_keys(LEVEL_SKIN)[0], "fitzpatrick");
	assert_null(vocab_level_keys(LEVEL_SKIN)[3]);
	assert_string_equal(vocab_level_name(LEVEL_RECORD), "");
	assert_string_equal(vocab_level_name(LEVEL_MEDICATION), "medications");
	vocab_free(v);
}

static void
test_missing_files(void **state)
{
	struct diag d;
	char dir[64];

	(void)state;
	d = load_broken(NULL, "x: {classes: [y]}\n");
	assert_true(ends_with(d.file, "vocabulary.yaml"));
	assert_int_equal(d.kind, DIAG_CONFIG);
	d = load_broken("concerns:\n  wrinkles: []\n", NULL);
	assert_true(ends_with(d.file, "medications.yaml"));
	assert_int_equal(d.kind, DIAG_CONFIG);
	/* An empty file is an error too. */
	d = load_broken("", "x: {classes: [y]}\n");
	assert_true(ends_with(d.file, "vocabulary.yaml"));
	assert_int_equal(d.kind, DIAG_CONFIG);
	/* A directory that does not exist. */
	temp_dir(dir);
	remove_dir(dir);
	diag_clear(&d);
	assert_null(vocab_load(dir, &d));
	assert_int_equal(d.kind, DIAG_CONFIG);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_synonyms_and_brands),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_spec_words),
		cmocka_unit_test(test_broken_dir),
		cmocka_unit_test(test_near_miss),
		cmocka_unit_test(test_missing_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

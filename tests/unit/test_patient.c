/* Unit tests: the typed view of a patient record (patient.h). */
#include "unit.h"

static struct vocab *vocab;

static int
setup(void **state)
{
	struct diag d;

	(void)state;
	diag_clear(&d);
	vocab = vocab_load(DATA_DIR, &d);
	return vocab == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	vocab_free(vocab);
	return 0;
}

/* SPEC section 2's example record. */
static const char spec_record[] =
    "id: P-0042                  # required; 1-64 chars of [A-Za-z0-9._-]\n"
    "name: Ana Souza             # optional\n"
    "birth_date: 1986-03-14      # ISO 8601 date\n"
    "sex: female                 # female | male | other (optional)\n"
    "language: fr                # language of patient-facing text; default en\n"
    "contact: {email: ana@example.org, phone: \"+33 6 12 34 56 78\", reminders: true}\n"
    "pregnant: false             # absent means false\n"
    "lactating: false            # absent means false\n"
    "skin:\n"
    "  fitzpatrick: 4            # 1..6; Roman numerals I..VI accepted\n"
    "  concerns: [acne-scars, large-pores]\n"
    "  conditions: [rosacea]     # present conditions of the skin\n"
    "history: [herpes-simplex, keloid]   # past conditions that still matter\n"
    "medications:                # a plain name means \"currently taking\"\n"
    "  - tretinoin\n"
    "  - {name: isotretinoin, stopped: 2026-06-01}\n"
    "  - {name: warfarin, since: 2024-01-10}\n"
    "procedures:                 # other recent procedures (optional)\n"
    "  - {name: botulinum-toxin, date: 2026-11-01}\n"
    "consultation: {date: 2026-11-02, by: Dr. Martin, photos: [front.jpg]}\n"
    "treatments:                 # sessions given, oldest first\n"
    "  - date: 2026-11-10\n"
    "    areas: {cheeks: 1.0, forehead: 0.5}   # area: needle depth in mm\n"
    "    anesthetic: true\n"
    "    serum: hyaluronic-acid\n"
    "    duration_min: 25\n"
    "    reactions: [redness, swelling]\n";

/* Reads yaml, which must be valid; p and its tree live in a. */
static struct patient *
read_ok(struct arena *a, const char *yaml)
{
	return read_patient(vocab, a, parse_yaml(a, yaml));
}

static void
assert_words(const struct pt_list *l, const char *const *names, size_t n)
{
	assert_int_equal(l->n, n);
	for (size_t i = 0; i < n; i++) {
		assert_non_null(l->v[i].w);
		assert_string_equal(l->v[i].w->name, names[i]);
	}
}

static void
test_spec_record(void **state)
{
	static const char *const concerns[] = {"acne-scars", "large-pores"};
	static const char *const conditions[] = {"rosacea"};
	static const char *const history[] = {"herpes-simplex", "keloid"};
	static const char *const meds[] = {"tretinoin", "isotretinoin", "warfarin"};
	struct arena *a = arena_new();
	struct patient *p = read_ok(a, spec_record);
	const struct pt_treatment *t;

	(void)state;
	assert_string_equal(p->id, "P-0042");
	assert_string_equal(p->name, "Ana Souza");
	assert_true(p->has_birth_date);
	assert_day(p->birth_date, "1986-03-14");
	assert_string_equal(p->language, "fr");
	assert_string_equal(p->email, "ana@example.org");
	assert_int_equal(p->reminders, 1);
	assert_int_equal(p->pregnant, 0);
	assert_int_equal(p->lactating, 0);
	assert_int_equal(p->fitzpatrick, 4);
	assert_words(&p->concerns, concerns, NELEM(concerns));
	assert_words(&p->conditions, conditions, NELEM(conditions));
	assert_words(&p->history, history, NELEM(history));
	assert_words(&p->medications, meds, NELEM(meds));
	/* A plain name: taken now, no dates. */
	assert_false(p->medications.v[0].has_stopped);
	assert_false(p->medications.v[0].has_since);
	assert_string_equal(p->medications.v[0].node->text, "tretinoin");
	assert_true(p->medications.v[1].has_stopped);
	assert_day(p->medications.v[1].stopped, "2026-06-01");
	assert_false(p->medications.v[1].has_since);
	assert_false(p->medications.v[2].has_stopped);
	assert_true(p->medications.v[2].has_since);
	assert_day(p->medications.v[2].since, "2024-01-10");
	assert_int_equal(p->procedures.n, 1);
	assert_string_equal(p->procedures.v[0].w->name, "botulinum-toxin");
	assert_true(p->procedures.v[0].has_date);
	assert_day(p->procedures.v[0].date, "2026-11-01");
	assert_true(p->consulted);
	assert_true(p->has_consult_date);
	assert_day(p->consult_date, "2026-11-02");
	assert_int_equal(p->approved, 0);
	assert_int_equal(p->ntreatments, 1);
	t = &p->treatments[0];
	assert_day(t->date, "2026-11-10");
	assert_int_equal(t->nareas, 2);
	assert_string_equal(t->areas[0].area->name, "cheeks");
	assert_true(t->areas[0].depth == 1.0);
	assert_string_equal(t->areas[1].area->name, "forehead");
	assert_true(t->areas[1].depth == 0.5);
	assert_int_equal(t->anesthetic, 1);
	assert_string_equal(t->serum, "hyaluronic-acid");
	assert_true(t->duration_min == 25);
	assert_string_equal(patient_id(parse_yaml(a, spec_record)), "P-0042");
	arena_free(a);
}

/* A record with an id only: everything else takes its default. */
static void
test_defaults(void **state)
{
	struct arena *a = arena_new();
	struct patient *p = read_ok(a, "id: P-1\n");

	(void)state;
	assert_string_equal(p->id, "P-1");
	assert_null(p->name);
	assert_null(p->language);	/* the clinic's, then English */
	assert_false(p->has_birth_date);
	assert_int_equal(p->pregnant, 0);
	assert_int_equal(p->lactating, 0);
	assert_int_equal(p->fitzpatrick, 0);
	assert_null(p->email);
	assert_int_equal(p->reminders, 1);
	assert_int_equal(p->concerns.n, 0);
	assert_int_equal(p->conditions.n, 0);
	assert_int_equal(p->history.n, 0);
	assert_int_equal(p->medications.n, 0);
	assert_int_equal(p->procedures.n, 0);
	assert_false(p->consulted);
	assert_false(p->approved);
	assert_int_equal(p->ntreatments, 0);
	arena_free(a);
}

static void
test_data_errors(void **state)
{
	static const struct {
		const char *yaml;
		unsigned long line, col;
		const char *msg;	/* what the message names */
	} cases[] = {
		{"- id: P-1\n- name: Zelda Secretname\n", 1, 1, "mapping"},
		{"Zelda Secretname\n", 1, 1, "mapping"},
		{"name: Zelda Secretname\nsex: female\n", 1, 1, "id"},
		{"name: Zelda Secretname\nid: ~\n", 1, 1, "id"},
		{"name: Zelda Secretname\nid: P 42\n", 2, 5, "id"},
		{"name: Zelda Secretname\nid: P/42\n", 2, 5, "id"},
		{"name: Zelda Secretname\nid: [P-1]\n", 2, 5, "id"},
		{"id: P-1\nname: Zelda Secretname\nid: P-2\n", 3, 1, "given twice"},
		{"id: P-1\nname: Zelda Secretname\npregnant: maybe\n", 3, 11,
		    "pregnant"},
		{"id: P-1\nname: Zelda Secretname\npregnant: no\npregnant: yes\n",
		    4, 1, "pregnant"},
		{"id: P-1\nname: Zelda Secretname\nlactating: 1\n", 3, 12,
		    "lactating"},
		{"id: P-1\nname: Zelda Secretname\nskin:\n  fitzpatrick: 7\n", 4, 16,
		    "fitzpatrick"},
		{"id: P-1\nname: Zelda Secretname\nskin: {fitzpatrick: VII}\n", 3, 21,
		    "fitzpatrick"},
		{"id: P-1\nname: Zelda Secretname\nskin:\n  concerns: [wrinkles, "
		    "zelda-itch]\n", 4, 24, "concern"},
		{"id: P-1\nname: Zelda Secretname\nskin:\n  conditions: [dandruff]\n",
		    4, 16, "condition"},
		{"id: P-1\nname: Zelda Secretname\nhistory:\n  - keloid\n  - gout\n",
		    5, 5, "condition"},
		{"id: P-1\nname: Zelda Secretname\nskin: dry\n", 3, 7, "skin"},
		/* a name that names nothing, as {name: ~} */
		{"id: P-1\nmedications: [\"\"]\n", 2, 15, "has no name"},
		{"id: P-1\nmedications: [{name: \" \"}]\n", 2, 22, "has no name"},
		{"id: P-1\nmedications: [{name: ~}]\n", 2, 15, "has no name"},
		{"id: P-1\nmedications:\n  -\n", 3, 4, "has no name"},
		{"id: P-1\nprocedures: [~]\n", 2, 14, "has no name"},
		{"id: P-1\nname: Zelda Secretname\nskin:\n  concerns: wrinkles\n",
		    4, 13, "concerns"},
		{"id: P-1\nname: Zelda Secretname\ntreatments:\n  - date: 2026-11-10\n"
		    "    areas: {cheeks: 1.0, elbow: 0.5}\n", 5, 26, "area"},
		{"id: P-1\nname: Zelda Secretname\ntreatments:\n  - date: 2026-11-10\n"
		    "    areas: [chin, knees]\n", 5, 19, "area"},
		{"id: P-1\nname: Zelda Secretname\ntreatments:\n  - date: 2026-11-10\n"
		    "    areas: {cheeks: 4.5}\n", 5, 21, "depth"},
		{"id: P-1\nname: Zelda Secretname\nbirth_date: 2026-02-30\n", 3, 13,
		    "birth_date"},
		{"id: P-1\nname: Zelda Secretname\nbirth_date: 30/01/1990\n", 3, 13,
		    "birth_date"},
		{"id: P-1\nname: Zelda Secretname\nmedications:\n  - tretinoin\n"
		    "  - {stopped: 2026-06-01}\n", 5, 5, "medications"},
		{"id: P-1\nname: Zelda Secretname\nmedications:\n"
		    "  - {name: isotretinoin, stopped: 2026-13-01}\n", 4, 35, "stopped"},
		{"id: P-1\nname: Zelda Secretname\nmedications:\n"
		    "  - {name: warfarin, since: last year}\n", 4, 29, "since"},
		{"id: P-1\nname: Zelda Secretname\nmedications: tretinoin\n", 3, 14,
		    "medications"},
		{"id: P-1\nname: Zelda Secretname\nprocedures:\n"
		    "  - {name: botox, date: soon}\n", 4, 25, "date"},
		{"id: P-1\nname: Zelda Secretname\ntreatments:\n  - areas: {cheeks: 1}\n"
		    "    serum: hyaluronic-acid\n", 4, 5, "treatments"},
		{"id: P-1\nname: Zelda Secretname\ntreatments:\n  - 2026-11-10\n",
		    4, 5, "treatments"},
		{"id: P-1\nname: Zelda Secretname\nconsultation: {approved: maybe}\n",
		    3, 26, "approved"},
		{"id: P-1\nname: Zelda Secretname\nconsultation: {date: 2026-02-29}\n",
		    3, 22, "date"},
		{"id: P-1\nname: Zelda Secretname\nsex: zelda\n", 3, 6, "sex"},
		{"id: P-1\nname: [Zelda, Secretname]\n", 2, 7, "name"},
		{"id: P-1\nname: Zelda Secretname\ncontact: {reminders: sometimes}\n",
		    3, 22, "reminders"},
		{"id: P-1\nname: Zelda Secretname\ncontact: zelda@example.org\n",
		    3, 10, "contact"},
		/* a tagged empty depth is the string "", not no depth */
		{"id: P-1\nname: Zelda Secretname\ntreatments:\n  - date: 2026-11-10\n"
		    "    areas: {cheeks: !0.5, chin: 1.0}\n", 5, 21, "depth"},
		/* a key with a NUL is not the key, nor may it pass unread */
		{"id: P-1\nname: Zelda Secretname\n\"pregnant\\0\": true\n", 3, 1,
		    "NUL"},
		{"id: P-1\nname: Zelda Secretname\nskin: {\"conditions\\0x\": "
		    "[eczema]}\n", 3, 8, "NUL"},
		/* a medication cannot start after it stopped: one date is wrong,
		 * and a since to come would hide the stop */
		{"id: P-1\nname: Zelda Secretname\nmedications:\n"
		    "  - {name: isotretinoin, since: 2026-12-01, stopped: 2026-06-01}\n",
		    4, 33, "since: after stopped"},
		{"id: P-1\nname: Zelda Secretname\nmedications:\n"
		    "  - {name: Zelda-drug, since: 2026-06-02, stopped: 2026-06-01}\n",
		    4, 31, "since: after stopped"},
		/* a value is read whole: what follows a NUL is not dropped */
		{"id: P-1\nname: Zelda Secretname\npregnant: \"no\\0yes\"\n", 3, 11,
		    "pregnant"},
		{"id: P-1\nname: Zelda Secretname\nlactating: \"false\\0\"\n", 3, 12,
		    "lactating"},
		{"id: P-1\nname: Zelda Secretname\nsex: \"female\\0x\"\n", 3, 6,
		    "sex"},
		{"id: P-1\nname: Zelda Secretname\nskin: {fitzpatrick: \"II\\0x\"}\n",
		    3, 21, "fitzpatrick"},
		{"id: P-1\nname: Zelda Secretname\nskin: {concerns: [\"scars\\0x\"]}\n",
		    3, 19, "concern"},
		{"id: P-1\nname: Zelda Secretname\ntreatments:\n  - date: 2026-11-10\n"
		    "    areas: [\"chin\\0x\"]\n", 5, 13, "area"},
		/* nor is a text cut at a NUL: a mail would go to the address
		 * before it, a name or a medication be shown cut short */
		{"id: P-1\nname: Zelda Secretname\n"
		    "contact: {email: \"zelda@example.org\\0x\"}\n", 3, 18,
		    "email: a NUL"},
		{"id: P-1\nname: \"Zelda\\0Secretname\"\n", 2, 7, "name: a NUL"},
		{"id: P-1\nname: Zelda Secretname\nlanguage: \"en\\0zelda\"\n", 3, 11,
		    "language: a NUL"},
		{"id: P-1\nname: Zelda Secretname\ncontact: {phone: \"12\\0zelda\"}\n",
		    3, 18, "phone: a NUL"},
		{"id: P-1\nname: Zelda Secretname\n"
		    "medications: [\"isotretinoin\\0zelda\"]\n", 3, 15,
		    "medications: a NUL"},
		{"id: P-1\nname: Zelda Secretname\n"
		    "medications: [{name: \"warfarin\\0zelda\"}]\n", 3, 22,
		    "medications: a NUL"},
		{"id: P-1\nname: Zelda Secretname\nprocedures: [\"botox\\0zelda\"]\n",
		    3, 14, "procedures: a NUL"},
		{"id: P-1\nname: Zelda Secretname\nskin: {conditions: [\"eczema\\0\"]}\n",
		    3, 21, "conditions: a NUL"},
		{"id: P-1\nname: Zelda Secretname\nhistory: [\"keloid\\0zelda\"]\n",
		    3, 11, "history: a NUL"},
		{"id: P-1\nname: Zelda Secretname\ntreatments:\n  - date: 2026-11-10\n"
		    "    serum: \"hyaluronic\\0zelda\"\n", 5, 12, "serum: a NUL"},
		{"name: Zelda Secretname\nid: \"P-1\\0x\"\n", 2, 5, "id"},
	};
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		struct node *doc = parse_yaml(a, cases[i].yaml);
		struct patient p;
		struct diag d;

		diag_clear(&d);
		if (patient_read(doc, vocab, a, &p, &d) != -1)
			fail_msg("accepted:\n%s", cases[i].yaml);
		assert_int_equal(d.kind, DIAG_DATA);
		if (d.line != cases[i].line || d.col != cases[i].col)
			fail_msg("at %lu:%lu, expected %lu:%lu (%s) for:\n%s", d.line,
			    d.col, cases[i].line, cases[i].col, d.msg, cases[i].yaml);
		assert_contains(d.msg, cases[i].msg);
		/* The message never holds the patient's name or words. */
		assert_not_contains(d.msg, "Zelda");
		assert_not_contains(d.msg, "zelda");
		assert_not_contains(d.msg, "Secretname");
		arena_reset(a);
	}
	arena_free(a);
}

/* A record with the key k (already quoted as needed) at level, valued x. */
static void
record_with_key(enum vocab_level level, const char *k, char *out, size_t n)
{
	static const char *const fmt[LEVEL_COUNT] = {
		[LEVEL_RECORD] = "id: P-1\n%s: x\n",
		[LEVEL_SKIN] = "id: P-1\nskin: {%s: x}\n",
		[LEVEL_CONTACT] = "id: P-1\ncontact: {%s: x}\n",
		[LEVEL_CONSULTATION] = "id: P-1\nconsultation: {%s: x}\n",
		[LEVEL_TREATMENT] = "id: P-1\ntreatments: [{date: 2026-01-01, %s: x}]\n",
		[LEVEL_MEDICATION] = "id: P-1\nmedications: [{name: x, %s: x}]\n",
		[LEVEL_PROCEDURE] = "id: P-1\nprocedures: [{name: x, %s: x}]\n",
	};

	snprintf(out, n, fmt[level], k);
}

/* Reads yaml, which must fail with a message holding want. */
static void
assert_near_miss(struct arena *a, const char *yaml, const char *want)
{
	struct node *doc = parse_yaml(a, yaml);
	struct patient p;
	struct diag d;

	diag_clear(&d);
	if (patient_read(doc, vocab, a, &p, &d) != -1)
		fail_msg("accepted:\n%s", yaml);
	assert_int_equal(d.kind, DIAG_DATA);
	if (strstr(d.msg, want) == NULL)
		fail_msg("'%s', expected '%s', for:\n%s", d.msg, want, yaml);
}

/*
 * Every key of the format, at every level the tools read, written with
 * other case, blanks, '-' or '_': a data error naming the key meant, not
 * a user's key whose value goes unread.
 */
static void
test_near_miss_spellings(void **state)
{
	struct arena *a = arena_new();

	(void)state;
	for (int l = 0; l < LEVEL_COUNT; l++) {
		for (const char *const *k = vocab_level_keys((enum vocab_level)l);
		    *k != NULL; k++) {
			char v[4][80], yaml[256], want[96];
			size_t n = strlen(*k);

			/* Capitalised, upper case, a trailing blank, '-' for '_'
			 * or one put in the middle. */
			snprintf(v[0], sizeof(v[0]), "%c%s", **k - 'a' + 'A', *k + 1);
			for (size_t i = 0; i <= n; i++)
				v[1][i] = (*k)[i] >= 'a' && (*k)[i] <= 'z' ?
				    (char)((*k)[i] - 'a' + 'A') : (*k)[i];
			snprintf(v[2], sizeof(v[2]), "\"%s \"", *k);
			if (strchr(*k, '_') != NULL) {
				snprintf(v[3], sizeof(v[3]), "%s", *k);
				*strchr(v[3], '_') = '-';
			} else {
				snprintf(v[3], sizeof(v[3]), "%.1s_%s", *k, *k + 1);
			}
			for (int i = 0; i < 4; i++) {
				record_with_key((enum vocab_level)l, v[i], yaml,
				    sizeof(yaml));
				snprintf(want, sizeof(want), ": did you mean '%s'?", *k);
				assert_near_miss(a, yaml, want);
				arena_reset(a);
			}
		}
	}
	arena_free(a);
}

/* Synonyms and keys at the wrong level, as vocabulary.yaml lists them. */
static void
test_near_miss_data(void **state)
{
	static const struct {
		const char *yaml;
		unsigned long line, col;
		const char *msg;
	} cases[] = {
		{"id: P-1\nbreastfeeding: true\n", 2, 1,
		    "breastfeeding: did you mean 'lactating'?"},
		{"id: P-1\nBreast_Feeding: true\n", 2, 1,
		    "Breast_Feeding: did you mean 'lactating'?"},
		{"id: P-1\npregnancy: yes\n", 2, 1,
		    "pregnancy: did you mean 'pregnant'?"},
		{"id: P-1\nmedication: [isotretinoin]\n", 2, 1,
		    "medication: did you mean 'medications'?"},
		{"id: P-1\nmeds: [isotretinoin]\n", 2, 1,
		    "meds: did you mean 'medications'?"},
		{"id: P-1\nconditions: [active-acne]\n", 2, 1,
		    "conditions: did you mean 'conditions' under 'skin'?"},
		{"id: P-1\nfitzpatrick: 5\n", 2, 1,
		    "fitzpatrick: did you mean 'fitzpatrick' under 'skin'?"},
		{"id: P-1\nskin: {skin_type: 5}\n", 2, 8,
		    "skin_type: did you mean 'fitzpatrick'?"},
		{"id: P-1\nskin:\n  history: [keloid]\n", 3, 3,
		    "history: did you mean 'history' at the top of the record?"},
		{"id: P-1\nskin: {pregnant: true}\n", 2, 8,
		    "pregnant: did you mean 'pregnant' at the top of the record?"},
		{"id: P-1\napproved: true\n", 2, 1,
		    "approved: did you mean 'approved' under 'consultation'?"},
		{"id: P-1\nmedications: [{name: isotretinoin, stop: 2026-11-01}]\n",
		    2, 36, "stop: did you mean 'stopped'?"},
		{"id: P-1\nmedications: [{name: warfarin, started: 2026-11-01}]\n",
		    2, 32, "started: did you mean 'since'?"},
		{"id: P-1\nstopped: 2026-11-01\n", 2, 1,
		    "stopped: did you mean 'stopped' in an entry of 'medications'?"},
		{"id: P-1\nprocedures: [{name: botox, on: 2026-11-01}]\n", 2, 28,
		    "on: did you mean 'date'?"},
		{"id: P-1\ntreatments: [{date: 2026-11-01, anaesthetic: yes}]\n", 2,
		    33, "anaesthetic: did you mean 'anesthetic'?"},
		{"id: P-1\ncontact: {e_mail: x}\n", 2, 11,
		    "e_mail: did you mean 'email'?"},
		{"id: P-1\ndob: 1990-01-01\n", 2, 1, "dob: did you mean 'birth_date'?"},
		/* misspellings of the keys that weigh most */
		{"id: P-1\npregant: yes\n", 2, 1, "pregant: did you mean 'pregnant'?"},
		{"id: P-1\nMedicatons: [warfarin]\n", 2, 1,
		    "Medicatons: did you mean 'medications'?"},
		/* A NUL in a near miss is still one. */
		{"id: P-1\n\"Pregnant\\0x\": true\n", 2, 1, "NUL"},
		/* Unicode blanks, invisible characters and dashes, shown. */
		{"id: P-1\npregnant\xc2\xa0: true\n", 2, 1,
		    "pregnant<U+00A0>: did you mean 'pregnant'?"},
		{"id: P-1\n\xe3\x80\x80pregnant: true\n", 2, 1,
		    "<U+3000>pregnant: did you mean 'pregnant'?"},
		{"id: P-1\n\"\xe2\x80\x8bpregnant\": true\n", 2, 1,
		    "<U+200B>pregnant: did you mean 'pregnant'?"},
		{"id: P-1\n\"\xef\xbb\xbflactating\": true\n", 2, 1,
		    "<U+FEFF>lactating: did you mean 'lactating'?"},
		{"id: P-1\nmedi\xc2\xad" "cations: [x]\n", 2, 1,
		    "medi<U+00AD>cations: did you mean 'medications'?"},
		{"id: P-1\nbirth\xe2\x80\x93" "date: 1990-01-01\n", 2, 1,
		    "birth<U+2013>date: did you mean 'birth_date'?"},
		/* allergies are conditions: a metal allergy is absolute */
		{"id: P-1\nallergies: [nickel allergy]\n", 2, 1,
		    "allergies: did you mean 'conditions' under 'skin'?"},
		{"id: P-1\nMedical_Conditions: [x]\n", 2, 1,
		    "Medical_Conditions: did you mean 'conditions' under 'skin'?"},
		/* A key of one level, in any other mapping the tools read. */
		{"id: P-1\ncontact: {email: a@b.org, pregnant: true}\n", 2, 27,
		    "pregnant: did you mean 'pregnant' at the top of the record?"},
		{"id: P-1\nconsultation: {medications: [isotretinoin]}\n", 2, 16,
		    "medications: did you mean 'medications' at the top"},
		{"id: P-1\nmedications: [{name: aspirin, Lactating: true}]\n", 2,
		    31, "Lactating: did you mean 'lactating' at the top"},
		{"id: P-1\ntreatments: [{date: 2026-01-01, conditions: [x]}]\n", 2,
		    33, "conditions: did you mean 'conditions' under 'skin'?"},
		{"id: P-1\nprocedures: [{name: botox, fitzpatrick: 5}]\n", 2, 28,
		    "fitzpatrick: did you mean 'fitzpatrick' under 'skin'?"},
		{"id: P-1\ncontact: {history: [keloid]}\n", 2, 11,
		    "history: did you mean 'history' at the top of the record?"},
		{"id: P-1\nskin: {approved: true}\n", 2, 8,
		    "approved: did you mean 'approved' under 'consultation'?"},
	};
	/* The user's own keys, and the format's keys written as they are. */
	static const char *const ok[] = {
		"id: P-1\nreferral: {from: GP}\nnotes: [a]\nafter_screening: x\n",
		"id: P-1\nscreening: {verdict: old}\nplan: {}\naftercare: {}\n",
		"id: P-1\nconsultation: {date: 2026-11-01, by: Dr. X, photos: [a], "
		    "note: fine}\n",
		"id: P-1\ntreatments: [{date: 2026-11-01, reactions: [redness], "
		    "machine: dermapen-4}]\n",
		"id: P-1\nmedications: [{name: x, dose: 20 mg, reason: acne}]\n",
		"id: P-1\nskin: {tone: olive, oily: yes}\n",
		"id: P-1\n? [pregnant]\n: yes\n",
	};
	struct arena *a = arena_new();

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		struct node *doc = parse_yaml(a, cases[i].yaml);
		struct patient p;
		struct diag d;

		diag_clear(&d);
		if (patient_read(doc, vocab, a, &p, &d) != -1)
			fail_msg("accepted:\n%s", cases[i].yaml);
		assert_int_equal(d.kind, DIAG_DATA);
		if (d.line != cases[i].line || d.col != cases[i].col)
			fail_msg("at %lu:%lu, expected %lu:%lu (%s) for:\n%s", d.line,
			    d.col, cases[i].line, cases[i].col, d.msg, cases[i].yaml);
		assert_contains(d.msg, cases[i].msg);
		arena_reset(a);
	}
	for (size_t i = 0; i < NELEM(ok); i++) {
		read_ok(a, ok[i]);
		arena_reset(a);
	}
	arena_free(a);
}

static void
test_medications(void **state)
{
	struct arena *a = arena_new();
	struct patient *p = read_ok(a,
	    "id: P-1\n"
	    "medications:\n"
	    "  - Roaccutane\n"
	    "  - {name: '  DOXYCYCLINE ', stopped: 2026-11-01}\n"
	    "  - valerian root\n"
	    "  - {name: Some Herbal Tea, since: 2026-01-01}\n"
	    "  - retin_a\n"
	    "  - paracetamol\n");
	const struct pt_list *m = &p->medications;

	(void)state;
	assert_int_equal(m->n, 6);
	assert_string_equal(m->v[0].w->name, "isotretinoin");
	assert_string_equal(m->v[0].w->classes[0], "isotretinoin");
	assert_string_equal(m->v[0].node->text, "Roaccutane");	/* as written */
	assert_string_equal(m->v[1].w->name, "doxycycline");
	assert_string_equal(m->v[1].w->classes[0], "tetracycline");
	assert_day(m->v[1].stopped, "2026-11-01");
	/* Unknown medications are allowed, kept as written. */
	assert_null(m->v[2].w);
	assert_int_equal(m->v[2].nwords, 0);
	assert_string_equal(m->v[2].node->text, "valerian root");
	assert_null(m->v[3].w);
	assert_true(m->v[3].has_since);
	assert_string_equal(m->v[4].w->name, "tretinoin");
	/* A common medication no rule needs is known, of a class of its own. */
	assert_string_equal(m->v[5].w->name, "paracetamol");
	assert_string_equal(m->v[5].w->classes[0], "no-rule");
	arena_free(a);
}

/* Names as people write them: each word found in the name, by category. */
static void
test_names_as_written(void **state)
{
	static const struct {
		const char *name;
		const char *words;	/* the words found, by name, "," between */
	} meds[] = {
		{"Roaccutane 20 mg", "isotretinoin"},
		{"Roaccutane 20mg capsules", "isotretinoin"},
		{"Retin-A Micro 0.04% gel", "tretinoin"},
		{"Stieva-A", "tretinoin"},
		{"Absorica LD", "isotretinoin"},
		{"Differin gel 0.1%", "adapalene"},
		{"generic isotretinoin, 10 mg daily", "isotretinoin"},
		{"isotretinoin.", "isotretinoin"},
		{"Tetralysal (lymecycline)", "lymecycline"},
		{"Epiduo Forte", "adapalene"},
		{"benzoyl peroxide 5% wash", "benzoyl-peroxide"},
		{"aspirin and warfarin", "aspirin,warfarin"},
		{"warfarin/aspirin", "warfarin,aspirin"},
		{"acne medication", "acne-medication"},
		{"retinoid", "retinoid"},
		{"retinoids", "retinoid"},
		{"antibiotics", "antibiotic"},
		{"blood thinner", "blood-thinner"},
		{"Blood thinners (for AF)", "blood-thinner"},
		{"retinol serum 1%", "retinol"},
		{"retinaldehyde 0.1", "retinaldehyde"},
		{"acitretin", "acitretin"},
		{"prednisolone 5 mg", "prednisolone"},
		{"dexamethasone", "dexamethasone"},
		{"Humira pen", "adalimumab"},
		{"metformin 500", "metformin"},
		{"insulin glargine", "insulin"},
		{"levothyroxine 50 mcg", "levothyroxine"},
		{"the pill", "contraceptive"},
		{"roacutane", "isotretinoin"},
		{"Doxycyline", "doxycycline"},
		/* A procedure under medications: Botox is a drug too. */
		{"Botox", "botulinum-toxin"},
		{"Botox 20 units", "botulinum-toxin"},
		{"lip filler", "dermal-filler"},
		{"chemical peel", "chemical-peel"},
		/* Whole words only: no word hides in another. */
		{"Roaccutanex", ""},
		{"aspirinated", ""},
		{"isotretinoinoid", ""},
		{"valerian", ""},
		{" 20 mg ", ""},
	};
	static const struct {
		const char *name;
		const char *words;
	} procs[] = {
		{"chemotherapy", "chemotherapy"},
		{"chemo, 3 cycles", "chemotherapy"},
		{"CO2 laser resurfacing", "laser"},
		{"Botox (forehead)", "botulinum-toxin"},
		{"thread lift", ""},
		/* A medication under procedures is a medication still. */
		{"isotretinoin course", "isotretinoin"},
	};
	struct arena *a = arena_new();

	(void)state;
	for (int k = 0; k < 2; k++) {
		size_t n = k == 0 ? NELEM(meds) : NELEM(procs);

		for (size_t i = 0; i < n; i++) {
			const char *name = k == 0 ? meds[i].name : procs[i].name;
			const char *want = k == 0 ? meds[i].words : procs[i].words;
			char yaml[256], got[256] = "";
			struct patient *p;
			const struct pt_item *it;

			snprintf(yaml, sizeof(yaml), "id: P-1\n%s: [\"%s\"]\n",
			    k == 0 ? "medications" : "procedures", name);
			p = read_ok(a, yaml);
			it = k == 0 ? &p->medications.v[0] : &p->procedures.v[0];
			for (size_t j = 0; j < it->nwords; j++) {
				if (j > 0)
					strcat(got, ",");
				strcat(got, it->words[j]->name);
			}
			if (strcmp(got, want) != 0)
				fail_msg("'%s': '%s', expected '%s'", name, got, want);
			assert_ptr_equal(it->w, it->nwords ? it->words[0] : NULL);
			arena_reset(a);
		}
	}
	/* The words keep their category: a procedure under medications. */
	{
		struct patient *p = read_ok(a,
		    "id: P-1\nmedications: [Botox and isotretinoin]\n");

		assert_int_equal(p->medications.v[0].nwords, 2);
		assert_int_equal(p->medications.v[0].words[0]->cat, VOC_PROCEDURE);
		assert_int_equal(p->medications.v[0].words[1]->cat, VOC_MEDICATION);
	}
	arena_free(a);
}

/* The dates of an entry, as what its words are. */
static void
test_entry_dates(void **state)
{
	struct arena *a = arena_new();
	struct patient *p = read_ok(a,
	    "id: P-1\n"
	    "medications:\n"
	    "  - {name: Botox, since: 2026-11-20}\n"
	    "  - {name: filler, stopped: 2026-11-10}\n"
	    "  - {name: valerian, date: 2026-11-01}\n"
	    "procedures:\n"
	    "  - {name: peel, date: 2026-11-05}\n"
	    "  - {name: isotretinoin, stopped: 2026-10-01}\n");

	(void)state;
	/* A procedure was done on the one day given for it. */
	assert_true(p->medications.v[0].has_date);
	assert_day(p->medications.v[0].date, "2026-11-20");
	assert_day(p->medications.v[1].date, "2026-11-10");
	assert_day(p->procedures.v[0].date, "2026-11-05");
	/* A medication among the procedures takes stopped. */
	assert_true(p->procedures.v[1].has_stopped);
	assert_day(p->procedures.v[1].stopped, "2026-10-01");
	arena_reset(a);
	{
		/* date says neither stopped nor since: for a medication, an
		 * error, not a guess that could end a washout too soon. */
		static const char *const bad[] = {
			"id: P-1\nmedications: [{name: isotretinoin, date: 2026-06-01}]\n",
			"id: P-1\nprocedures: [{name: Roaccutane, date: 2026-06-01}]\n",
			("id: P-1\nmedications: [{name: Botox and tretinoin, "
			    "date: 2026-06-01}]\n"),
		};

		for (size_t i = 0; i < NELEM(bad); i++) {
			struct node *doc = parse_yaml(a, bad[i]);
			struct patient q;
			struct diag d;

			diag_clear(&d);
			if (patient_read(doc, vocab, a, &q, &d) != -1)
				fail_msg("accepted:\n%s", bad[i]);
			assert_contains(d.msg, "date: a medication takes stopped or since");
			assert_int_equal(d.line, 2);
		}
	}
	arena_free(a);
}

static void
test_procedures(void **state)
{
	struct arena *a = arena_new();
	struct patient *p = read_ok(a,
	    "id: P-1\n"
	    "procedures:\n"
	    "  - {name: Botox, date: 2026-11-01}\n"
	    "  - {name: thread lift, date: 2026-10-01}\n"
	    "  - filler\n");

	(void)state;
	assert_int_equal(p->procedures.n, 3);
	assert_string_equal(p->procedures.v[0].w->name, "botulinum-toxin");
	assert_day(p->procedures.v[0].date, "2026-11-01");
	assert_null(p->procedures.v[1].w);	/* unknown: allowed */
	assert_string_equal(p->procedures.v[2].w->name, "dermal-filler");
	assert_false(p->procedures.v[2].has_date);
	arena_free(a);
}

/* The words of a record, in the forms a person may write them. */
static void
test_spellings(void **state)
{
	struct arena *a = arena_new();
	struct patient *p = read_ok(a,
	    "id: P-1\n"
	    "sex: Female\n"
	    "skin:\n"
	    "  fitzpatrick: ' iv '\n"
	    "  concerns: [Acne Scars, ' STRETCH_MARKS ', wrinkle]\n"
	    "  conditions: [Cold Sore]\n"
	    "history: [hsv, Keloids]\n"
	    "treatments:\n"
	    "  - date: 2026-11-10\n"
	    "    areas: [Cheek, crow's feet]\n");

	(void)state;
	assert_int_equal(p->fitzpatrick, 4);
	assert_string_equal(p->concerns.v[0].w->name, "acne-scars");
	assert_string_equal(p->concerns.v[1].w->name, "stretch-marks");
	assert_string_equal(p->concerns.v[2].w->name, "wrinkles");
	assert_string_equal(p->conditions.v[0].w->name, "herpes-simplex");
	assert_string_equal(p->history.v[0].w->name, "herpes-simplex");
	assert_string_equal(p->history.v[1].w->name, "keloid");
	assert_int_equal(p->treatments[0].nareas, 2);
	assert_string_equal(p->treatments[0].areas[0].area->name, "cheeks");
	assert_true(p->treatments[0].areas[0].depth == 0);
	assert_string_equal(p->treatments[0].areas[1].area->name, "crows-feet");
	arena_free(a);
}

static void
test_json_input(void **state)
{
	struct arena *a = arena_new();
	struct patient *p = read_ok(a,
	    "{\"id\": \"P-7\", \"name\": \"J. Son\", \"pregnant\": true, "
	    "\"lactating\": false, \"birth_date\": \"1990-01-31\", "
	    "\"skin\": {\"fitzpatrick\": 5, \"concerns\": [\"wrinkles\"]}, "
	    "\"medications\": [{\"name\": \"Accutane\", \"stopped\": \"2026-08-15\"}], "
	    "\"consultation\": {\"date\": \"2026-11-01\", \"approved\": true}, "
	    "\"contact\": {\"reminders\": false}, "
	    "\"treatments\": [{\"date\": \"2026-10-01\", \"areas\": {\"chin\": 0.75}, "
	    "\"duration_min\": 20, \"anesthetic\": false}]}\n");

	(void)state;
	assert_string_equal(p->id, "P-7");
	assert_int_equal(p->pregnant, 1);
	assert_int_equal(p->lactating, 0);
	assert_day(p->birth_date, "1990-01-31");
	assert_int_equal(p->fitzpatrick, 5);
	assert_string_equal(p->concerns.v[0].w->name, "wrinkles");
	assert_string_equal(p->medications.v[0].w->name, "isotretinoin");
	assert_day(p->medications.v[0].date, "2026-08-15");
	assert_true(p->approved);
	assert_day(p->consult_date, "2026-11-01");
	assert_int_equal(p->reminders, 0);
	assert_true(p->treatments[0].areas[0].depth == 0.75);
	assert_true(p->treatments[0].duration_min == 20);
	assert_int_equal(p->treatments[0].anesthetic, 0);
	arena_free(a);
}

/* A null value is as if the key were absent, but for pregnant and lactating. */
static void
test_nulls(void **state)
{
	struct arena *a = arena_new();
	struct patient *p = read_ok(a,
	    "id: P-1\n"
	    "name: ~\n"
	    "birth_date:\n"
	    "sex: null\n"
	    "language: ~\n"
	    "pregnant: ~\n"
	    "lactating:\n"
	    "contact: ~\n"
	    "skin:\n"
	    "  fitzpatrick: ~\n"
	    "  concerns:\n"
	    "  conditions: ~\n"
	    "history: []\n"
	    "medications: ~\n"
	    "procedures:\n"
	    "consultation: ~\n"
	    "treatments: ~\n");

	(void)state;
	assert_null(p->name);
	assert_false(p->has_birth_date);
	assert_null(p->language);
	/* Asked and not answered: not a no. */
	assert_int_equal(p->pregnant, -1);
	assert_int_equal(p->lactating, -1);
	assert_int_equal(p->reminders, 1);
	assert_int_equal(p->fitzpatrick, 0);
	assert_int_equal(p->concerns.n, 0);
	assert_int_equal(p->medications.n, 0);
	assert_false(p->consulted);
	assert_int_equal(p->ntreatments, 0);
	arena_free(a);
}

/* Booleans as YAML 1.1 writes them; keys the tools do not know are fine. */
static void
test_booleans_and_other_keys(void **state)
{
	static const struct {
		const char *yaml;
		int pregnant, lactating;
	} cases[] = {
		{"id: P-1\npregnant: yes\nlactating: no\n", 1, 0},
		{"id: P-1\npregnant: True\nlactating: OFF\n", 1, 0},
		{"id: P-1\npregnant: n\nlactating: Y\n", 0, 1},
		{"id: P-1\npregnant: on\n", 1, 0},
		{"id: P-1\npregnant: null\nlactating: !!null x\n", -1, -1},
		{"id: P-1\nn: &n ~\npregnant: *n\n", -1, 0},
		{"id: P-1\npregnant: no\nlactating: ''\n", -2, -2},
	};
	struct arena *a = arena_new();
	struct patient *p;

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		if (cases[i].pregnant == -2) {	/* a quoted '' is text, not a null */
			struct patient q;
			struct diag d;

			diag_clear(&d);
			assert_int_equal(patient_read(parse_yaml(a, cases[i].yaml),
			    vocab, a, &q, &d), -1);
			assert_contains(d.msg, "lactating");
			continue;
		}
		p = read_ok(a, cases[i].yaml);
		assert_int_equal(p->pregnant, cases[i].pregnant);
		assert_int_equal(p->lactating, cases[i].lactating);
	}
	p = read_ok(a, "id: P-1\nreferral: {from: GP}\nscreening: {verdict: old}\n"
	    "notes: [a, b]\n? [complex]\n: key\n");
	assert_string_equal(p->id, "P-1");
	/* An alias may stand for any value. */
	p = read_ok(a, "id: P-1\nbase: &s {fitzpatrick: II, concerns: [scars]}\n"
	    "skin: *s\n");
	assert_int_equal(p->fitzpatrick, 2);
	assert_string_equal(p->concerns.v[0].w->name, "scars");
	arena_free(a);
}

static void
test_patient_id(void **state)
{
	struct arena *a = arena_new();

	(void)state;
	assert_string_equal(patient_id(parse_yaml(a, "name: x\nid: P-9\n")), "P-9");
	assert_null(patient_id(parse_yaml(a, "name: x\n")));
	assert_null(patient_id(parse_yaml(a, "id: P 9\n")));
	assert_null(patient_id(parse_yaml(a, "id: [P-9]\n")));
	assert_null(patient_id(parse_yaml(a, "[id, P-9]\n")));
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_record),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_data_errors),
		cmocka_unit_test(test_near_miss_spellings),
		cmocka_unit_test(test_near_miss_data),
		cmocka_unit_test(test_medications),
		cmocka_unit_test(test_names_as_written),
		cmocka_unit_test(test_entry_dates),
		cmocka_unit_test(test_procedures),
		cmocka_unit_test(test_spellings),
		cmocka_unit_test(test_json_input),
		cmocka_unit_test(test_nulls),
		cmocka_unit_test(test_booleans_and_other_keys),
		cmocka_unit_test(test_patient_id),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

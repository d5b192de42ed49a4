#include "patient.h"

#include <string.h>

#include "value.h"

/* Fails with d set at n; the message names the key, never its value. */
static int
bad(struct diag *d, const struct node *n, const char *what, const char *why)
{
	diag_set(d, DIAG_DATA, n ? n->line : 0, n ? n->col : 0, "%s: %s", what, why);
	return -1;
}

static int
nomem(struct diag *d)
{
	diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
	return -1;
}

/*
 * A key that is a near miss of the key meant (vocab_near_miss()): named
 * with the key meant, and where that key goes when it is elsewhere.
 */
static int
near_miss(struct diag *d, const struct node *key, enum vocab_level level,
    const struct vocab_key *meant)
{
	/* A near miss holds only the letters of a key: it may be named. */
	char k[65];

	if (strlen(key->text) != key->len)
		return bad(d, key, meant->key, "a NUL in the key");
	vocab_key_shown(key->text, key->len, k, sizeof(k));
	if (meant->level == level)
		diag_set(d, DIAG_DATA, key->line, key->col,
		    "%.64s: did you mean '%s'?", k, meant->key);
	else if (meant->level == LEVEL_RECORD)
		diag_set(d, DIAG_DATA, key->line, key->col,
		    "%.64s: did you mean '%s' at the top of the record?", k,
		    meant->key);
	else if (meant->level <= LEVEL_CONSULTATION)
		diag_set(d, DIAG_DATA, key->line, key->col,
		    "%.64s: did you mean '%s' under '%s'?", k, meant->key,
		    vocab_level_name(meant->level));
	else
		diag_set(d, DIAG_DATA, key->line, key->col,
		    "%.64s: did you mean '%s' in an entry of '%s'?", k,
		    meant->key, vocab_level_name(meant->level));
	return -1;
}

/*
 * Whether scalar key is name: 1, or -1 when it is name, a NUL and more
 * ("pregnant\0x"), else 0.  Byte by byte, as names are short and most
 * keys differ from a name at its first byte.
 */
static int
key_is(const struct node *key, const char *name)
{
	size_t i = 0;

	while (i < key->len && name[i] != '\0' && name[i] == key->text[i])
		i++;
	if (name[i] != '\0')
		return 0;
	if (i == key->len)
		return 1;
	return key->text[i] == '\0' ? -1 : 0;
}

/*
 * The values of the keys a mapping at level may have, found in one pass
 * over it: vals[i] for names[i], NULL when absent or null.  A key given
 * twice is an error, as a second "pregnant:" must not hide the first; so
 * is a near miss of a known key ("Pregnant", "breastfeeding"), which would
 * otherwise pass as the user's own key and its value go unread.
 */
static int
index_keys(const struct node *map, enum vocab_level level,
    const char *const *names, size_t nnames, const struct node **vals,
    const struct vocab *v, struct diag *d)
{
	unsigned long seen = 0;

	memset(vals, 0, nnames * sizeof(*vals));
	for (const struct node *k = map->head; k != NULL && k->next != NULL;
	    k = k->next->next) {
		const struct node *key = node_resolve(k);
		const struct vocab_key *meant;
		size_t i;

		if (key->kind != NODE_SCALAR || key->len == 0)
			continue;
		for (i = 0; i < nnames; i++) {
			int m = key_is(key, names[i]);

			if (m == 0)
				continue;
			/* "pregnant\0x" is not "pregnant", yet must not pass
			 * unread as a key of its own. */
			if (m == -1)
				return bad(d, key, names[i], "a NUL in the key");
			if (seen & (1UL << i))
				return bad(d, key, names[i], "given twice");
			seen |= 1UL << i;
			if (!value_is_null(k->next))
				vals[i] = node_resolve(k->next);
			break;
		}
		if (i == nnames &&
		    (meant = vocab_near_miss(v, level, key->text, key->len)) != NULL)
			return near_miss(d, key, level, meant);
	}
	return 0;
}

static const char *
text_of(const struct node *n)
{
	return n != NULL && n->kind == NODE_SCALAR ? n->text : NULL;
}

const char *
patient_id(const struct node *doc)
{
	const struct node *id = node_get(doc, "id");

	if (id != NULL && id->kind == NODE_SCALAR && value_id_ok(id->text, id->len))
		return id->text;
	return NULL;
}

/*
 * Whether scalar n holds a NUL ("ana@example.org\0x"): read as a C
 * string it would be cut there, and an address or a name cut short used
 * as if whole.
 */
static int
has_nul(const struct node *n)
{
	return strlen(n->text) != n->len;
}

static int
get_scalar(const struct node *n, const char *key, const char **out,
    struct diag *d)
{
	if (n != NULL && n->kind != NODE_SCALAR)
		return bad(d, n, key, "expected a single value");
	if (n != NULL && has_nul(n))
		return bad(d, n, key, "a NUL in the value");
	*out = text_of(n);
	return 0;
}

static int
get_bool(const struct node *n, const char *key, int *out, struct diag *d)
{
	if (n != NULL && value_bool(n, out) == -1)
		return bad(d, n, key, "expected true or false (yes/no)");
	return 0;
}

static int
get_date(const struct node *n, const char *key, int *has, date_t *out,
    struct diag *d)
{
	*has = 0;
	if (n == NULL)
		return 0;
	if (value_date(n, out) == -1)
		return bad(d, n, key, "expected a real date as YYYY-MM-DD");
	*has = 1;
	return 0;
}

static int
check_kind(const struct node *n, const char *key, enum node_kind kind,
    struct diag *d)
{
	if (n != NULL && n->kind != kind)
		return bad(d, n, key, kind == NODE_MAPPING ? "expected a mapping" :
		    "expected a list");
	return 0;
}

/* Room for the items of a list: 1, 0 when it is empty, -1 on an error. */
static int
new_list(const struct node *seq, const char *key, struct arena *a,
    struct pt_list *out, struct diag *d)
{
	out->v = NULL;
	out->n = 0;
	if (check_kind(seq, key, NODE_SEQUENCE, d) == -1)
		return -1;
	if (seq == NULL || seq->n == 0)
		return 0;
	if ((out->v = arena_zalloc(a, seq->n * sizeof(*out->v))) == NULL)
		return nomem(d);
	return 1;
}

/* A list of vocabulary words of one category; unknown words are errors. */
static int
read_words(const struct node *seq, const char *key, const struct vocab *v,
    enum vocab_cat cat, struct arena *a, struct pt_list *out, struct diag *d)
{
	const struct node *c;
	size_t i = 0;
	int r;

	if ((r = new_list(seq, key, a, out, d)) <= 0)
		return r;
	for (c = seq->head; c != NULL; c = c->next) {
		const struct node *s = node_resolve(c);
		struct pt_item *it = &out->v[i];

		if (s->kind != NODE_SCALAR)
			return bad(d, s, key, "expected a list of words");
		if (has_nul(s))
			return bad(d, s, key, "a NUL in the word");
		if ((it->w = vocab_find(v, cat, s->text, s->len)) == NULL) {
			diag_set(d, DIAG_DATA, s->line, s->col,
			    "%s: unknown %s (see vocabulary.yaml)", key,
			    vocab_cat_name(cat));
			return -1;
		}
		it->node = s;
		it->words = &it->w;
		it->nwords = 1;
		i++;
	}
	out->n = i;
	return 0;
}

/* Whether one of the item's words is a medication. */
static int
names_medication(const struct pt_item *it)
{
	for (size_t i = 0; i < it->nwords; i++)
		if (it->words[i]->cat == VOC_MEDICATION)
			return 1;
	return 0;
}

/*
 * The dates of a medication or procedure entry, f[] its values of name,
 * date, stopped and since.  A medication takes stopped and since; date
 * says neither, and guessing which could end a washout too soon.  A
 * procedure was done on its date, or on the one day given for it.
 */
static int
read_dates(const struct node *const *f, struct pt_item *it, struct diag *d)
{
	int has_date;
	date_t date;

	if (get_date(f[1], "date", &has_date, &date, d) == -1 ||
	    get_date(f[2], "stopped", &it->has_stopped, &it->stopped, d) == -1 ||
	    get_date(f[3], "since", &it->has_since, &it->since, d) == -1)
		return -1;
	if (has_date && names_medication(it))
		return bad(d, f[1], "date", "a medication takes stopped or since, "
		    "not date");
	/* One of them is wrong, and a since still to come would hide the
	 * stop and its washout. */
	if (it->has_stopped && it->has_since && it->since > it->stopped)
		return bad(d, f[3], "since", "after stopped: one of the dates is "
		    "wrong");
	it->has_date = has_date || it->has_stopped || it->has_since;
	it->date = has_date ? date : it->has_stopped ? it->stopped : it->since;
	return 0;
}

/* Whether text (n bytes) is blanks only, or empty. */
static int
blank(const char *text, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (text[i] != ' ' && text[i] != '\t')
			return 0;
	return 1;
}

/*
 * Medications and procedures: a name, or {name: ..., DATE: ...}.  A name
 * is looked up as people write it (vocab_find_in()), in the list's own
 * category first, then in the other; names the vocabulary does not know
 * are allowed (screening lists them).
 */
static int
read_named(const struct node *seq, const char *key, const struct vocab *v,
    enum vocab_cat cat, struct arena *a, struct pt_list *out, struct diag *d)
{
	static const char *const keys[] = {"name", "date", "stopped", "since"};
	enum vocab_cat other = cat == VOC_MEDICATION ? VOC_PROCEDURE :
	    VOC_MEDICATION;
	const struct node *c;
	size_t i = 0;
	int r;

	if ((r = new_list(seq, key, a, out, d)) <= 0)
		return r;
	for (c = seq->head; c != NULL; c = c->next) {
		const struct node *e = node_resolve(c), *name = e;
		const struct node *f[4] = {NULL, NULL, NULL, NULL};
		struct pt_item *it = &out->v[i++];
		const struct vocab_word **words;

		if (e->kind == NODE_MAPPING) {
			if (index_keys(e, cat == VOC_MEDICATION ? LEVEL_MEDICATION :
			    LEVEL_PROCEDURE, keys, 4, f, v, d) == -1)
				return -1;
			if ((name = f[0]) == NULL)
				return bad(d, e, key, "an entry has no name");
		}
		if (name->kind != NODE_SCALAR)
			return bad(d, name, key, "expected a name or {name: ...}");
		if (has_nul(name))
			return bad(d, name, key, "a NUL in the name");
		/* "", "  " or ~ names nothing, as {name: ~} does not. */
		if (value_is_null(name) || blank(name->text, name->len))
			return bad(d, name, key, "an entry has no name");
		it->node = name;
		if (vocab_find_in(v, cat, other, name->text, name->len, a, &words,
		    &it->nwords, &it->unread) == -1)
			return nomem(d);
		it->words = words;
		it->w = it->nwords > 0 ? words[0] : NULL;
		if (read_dates(f, it, d) == -1)
			return -1;
	}
	out->n = i;
	return 0;
}

static int
read_skin(const struct node *skin, const struct vocab *v, struct arena *a,
    struct patient *p, struct diag *d)
{
	static const char *const keys[] = {"fitzpatrick", "concerns", "conditions"};
	const struct node *f[3];

	if (skin == NULL)
		return 0;
	if (check_kind(skin, "skin", NODE_MAPPING, d) == -1 ||
	    index_keys(skin, LEVEL_SKIN, keys, 3, f, v, d) == -1)
		return -1;
	if (f[0] != NULL && value_fitzpatrick(f[0], &p->fitzpatrick) == -1)
		return bad(d, f[0], "fitzpatrick", "expected 1-6 or I-VI");
	if (read_words(f[1], "concerns", v, VOC_CONCERN, a, &p->concerns, d) == -1)
		return -1;
	return read_words(f[2], "conditions", v, VOC_CONDITION, a,
	    &p->conditions, d);
}

/*
 * A flag of map given as a null ("pregnant: ~", "reminders:"): asked and
 * not answered (-1), which is not the same as not asked (absent).
 */
static int
read_flag(const struct node *map, const struct node *val, const char *key,
    int absent, int *out, struct diag *d)
{
	if (val == NULL) {
		*out = node_get_key(map, key) != NULL ? -1 : absent;
		return 0;
	}
	return get_bool(val, key, out, d);
}

static int
read_contact(const struct node *c, const struct vocab *v, struct patient *p,
    struct diag *d)
{
	static const char *const keys[] = {"email", "phone", "reminders"};
	const struct node *f[3];
	const char *phone;

	p->reminders = 1;
	if (c == NULL)
		return 0;
	if (check_kind(c, "contact", NODE_MAPPING, d) == -1 ||
	    index_keys(c, LEVEL_CONTACT, keys, 3, f, v, d) == -1)
		return -1;
	if (get_scalar(f[0], "email", &p->email, d) == -1 ||
	    get_scalar(f[1], "phone", &phone, d) == -1)
		return -1;
	/* Left out, it is a yes (the file format's default); not answered,
	 * it is not taken as one: no mail goes out without it. */
	return read_flag(c, f[2], "reminders", 1, &p->reminders, d);
}

static int
read_consultation(const struct node *c, const struct vocab *v,
    struct patient *p, struct diag *d)
{
	static const char *const keys[] = {"date", "approved", "anesthetic"};
	const struct node *f[3];

	if (c == NULL)
		return 0;
	if (check_kind(c, "consultation", NODE_MAPPING, d) == -1 ||
	    index_keys(c, LEVEL_CONSULTATION, keys, 3, f, v, d) == -1)
		return -1;
	p->consulted = 1;
	if (get_date(f[0], "date", &p->has_consult_date, &p->consult_date, d) == -1 ||
	    get_bool(f[2], "anesthetic", &p->wants_anesthetic, d) == -1)
		return -1;
	return get_bool(f[1], "approved", &p->approved, d);
}

static int
read_areas(const struct node *areas, const struct vocab *v, struct arena *a,
    struct pt_treatment *tr, struct diag *d)
{
	const struct node *c;
	size_t i = 0;

	if (areas == NULL)
		return 0;
	if (areas->kind == NODE_SCALAR)
		return bad(d, areas, "areas", "expected {area: depth} or a list");
	if ((tr->areas = arena_zalloc(a, areas->n * sizeof(*tr->areas))) == NULL)
		return nomem(d);
	for (c = areas->head; c != NULL; c = c->next) {
		const struct node *name = node_resolve(c);
		struct pt_area *ar = &tr->areas[i++];

		if (name->kind != NODE_SCALAR)
			return bad(d, name, "areas", "expected an area name");
		if ((ar->area = vocab_find(v, VOC_AREA, name->text, name->len)) == NULL)
			return bad(d, name, "areas", "unknown area (see vocabulary.yaml)");
		if (areas->kind == NODE_MAPPING) {
			c = c->next;
			if (!value_is_null(c) && (value_number(c, &ar->depth) == -1 ||
			    ar->depth <= 0 || ar->depth > 3.0))
				return bad(d, node_resolve(c), "areas",
				    "needle depth must be a number of mm, at most 3.0");
		}
	}
	tr->nareas = i;
	return 0;
}

static int
read_treatments(const struct node *seq, const struct vocab *v, struct arena *a,
    struct patient *p, struct diag *d)
{
	static const char *const keys[] = {"date", "areas", "anesthetic", "serum",
	    "duration_min"};
	const struct node *c;
	size_t i = 0;

	if (check_kind(seq, "treatments", NODE_SEQUENCE, d) == -1)
		return -1;
	if (seq == NULL || seq->n == 0)
		return 0;
	if ((p->treatments = arena_zalloc(a, seq->n * sizeof(*p->treatments))) == NULL)
		return nomem(d);
	for (c = seq->head; c != NULL; c = c->next) {
		const struct node *t = node_resolve(c), *f[5];
		struct pt_treatment *tr = &p->treatments[i++];
		int has;

		if (t->kind != NODE_MAPPING)
			return bad(d, t, "treatments", "expected {date: ..., areas: ...}");
		if (index_keys(t, LEVEL_TREATMENT, keys, 5, f, v, d) == -1 ||
		    get_date(f[0], "date", &has, &tr->date, d) == -1)
			return -1;
		if (!has)
			return bad(d, t, "treatments", "a treatment has no date");
		tr->anesthetic = -1;
		if (get_bool(f[2], "anesthetic", &tr->anesthetic, d) == -1 ||
		    get_scalar(f[3], "serum", &tr->serum, d) == -1)
			return -1;
		if (f[4] != NULL && (value_number(f[4], &tr->duration_min) == -1 ||
		    tr->duration_min < 0))
			return bad(d, f[4], "duration_min", "expected minutes");
		if (read_areas(f[1], v, a, tr, d) == -1)
			return -1;
	}
	p->ntreatments = i;
	return 0;
}

enum {
	K_ID, K_NAME, K_LANGUAGE, K_BIRTH_DATE, K_SEX, K_CONTACT, K_PREGNANT,
	K_LACTATING, K_SKIN, K_HISTORY, K_MEDICATIONS, K_PROCEDURES,
	K_CONSULTATION, K_TREATMENTS, K_COUNT
};

static int
read_identity(const struct node *doc, const struct node **f, struct patient *p,
    struct diag *d)
{
	const struct node *id = f[K_ID], *sex = f[K_SEX];
	char w[WORD_MAX + 1];

	if (id == NULL)
		return bad(d, doc, "id", "the record has no id");
	if (id->kind != NODE_SCALAR || !value_id_ok(id->text, id->len))
		return bad(d, id, "id", "expected 1-64 characters of A-Z a-z 0-9 . _ -");
	p->id = id->text;
	if (get_scalar(f[K_NAME], "name", &p->name, d) == -1 ||
	    get_scalar(f[K_LANGUAGE], "language", &p->language, d) == -1 ||
	    get_date(f[K_BIRTH_DATE], "birth_date", &p->has_birth_date,
	    &p->birth_date, d) == -1)
		return -1;
	if (sex != NULL && (sex->kind != NODE_SCALAR ||
	    value_word(sex->text, sex->len, w) < 0 || (strcmp(w, "female") != 0 &&
	    strcmp(w, "male") != 0 && strcmp(w, "other") != 0)))
		return bad(d, sex, "sex", "expected female, male or other");
	return 0;
}

int
patient_read(const struct node *doc, const struct vocab *v, struct arena *a,
    struct patient *p, struct diag *d)
{
	static const char *const keys[K_COUNT] = {
		"id", "name", "language", "birth_date", "sex", "contact",
		"pregnant", "lactating", "skin", "history", "medications",
		"procedures", "consultation", "treatments"
	};
	const struct node *f[K_COUNT];

	memset(p, 0, sizeof(*p));
	doc = node_resolve(doc);
	if (doc->kind != NODE_MAPPING)
		return bad(d, doc, "record", "expected a mapping of keys");
	if (index_keys(doc, LEVEL_RECORD, keys, K_COUNT, f, v, d) == -1 ||
	    read_identity(doc, f, p, d) == -1 ||
	    read_contact(f[K_CONTACT], v, p, d) == -1 ||
	    read_flag(doc, f[K_PREGNANT], "pregnant", 0, &p->pregnant, d) == -1 ||
	    read_flag(doc, f[K_LACTATING], "lactating", 0, &p->lactating, d) == -1 ||
	    read_skin(f[K_SKIN], v, a, p, d) == -1 ||
	    read_words(f[K_HISTORY], "history", v, VOC_CONDITION, a,
	    &p->history, d) == -1 ||
	    read_named(f[K_MEDICATIONS], "medications", v, VOC_MEDICATION, a,
	    &p->medications, d) == -1 ||
	    read_named(f[K_PROCEDURES], "procedures", v, VOC_PROCEDURE, a,
	    &p->procedures, d) == -1 ||
	    read_consultation(f[K_CONSULTATION], v, p, d) == -1 ||
	    read_treatments(f[K_TREATMENTS], v, a, p, d) == -1)
		return -1;
	return 0;
}

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

static int
is_null(const struct node *n)
{
	n = node_resolve(n);
	return n == NULL || (n->kind == NODE_SCALAR && n->style == STYLE_PLAIN &&
	    (n->len == 0 || strcmp(n->text, "~") == 0 ||
	    strcmp(n->text, "null") == 0 || strcmp(n->text, "Null") == 0 ||
	    strcmp(n->text, "NULL") == 0));
}

/*
 * The value of key in map, NULL when absent or null; a key given twice is
 * an error, as a second "pregnant:" must not hide the first.
 */
static int
field(const struct node *map, const char *key, const struct node **out,
    struct diag *d)
{
	const struct node *k, *found = NULL;

	*out = NULL;
	for (k = map->head; k != NULL && k->next != NULL; k = k->next->next) {
		if (!node_is_scalar(k, key))
			continue;
		if (found != NULL)
			return bad(d, k, key, "given twice");
		found = k;
	}
	if (found != NULL && !is_null(found->next))
		*out = node_resolve(found->next);
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

static int
get_scalar(const struct node *map, const char *key, const char **out,
    struct diag *d)
{
	const struct node *n;

	if (field(map, key, &n, d) == -1)
		return -1;
	if (n != NULL && n->kind != NODE_SCALAR)
		return bad(d, n, key, "expected a single value");
	*out = text_of(n);
	return 0;
}

static int
get_bool(const struct node *map, const char *key, int *out, struct diag *d)
{
	const struct node *n;

	if (field(map, key, &n, d) == -1)
		return -1;
	if (n != NULL && value_bool(n, out) == -1)
		return bad(d, n, key, "expected true or false (yes/no)");
	return 0;
}

static int
get_date(const struct node *map, const char *key, int *has, date_t *out,
    struct diag *d)
{
	const struct node *n;

	*has = 0;
	if (field(map, key, &n, d) == -1)
		return -1;
	if (n == NULL)
		return 0;
	if (value_date(n, out) == -1)
		return bad(d, n, key, "expected a real date as YYYY-MM-DD");
	*has = 1;
	return 0;
}

static int
get_map(const struct node *map, const char *key, const struct node **out,
    struct diag *d)
{
	if (field(map, key, out, d) == -1)
		return -1;
	if (*out != NULL && (*out)->kind != NODE_MAPPING)
		return bad(d, *out, key, "expected a mapping");
	return 0;
}

static int
get_seq(const struct node *map, const char *key, const struct node **out,
    struct diag *d)
{
	if (field(map, key, out, d) == -1)
		return -1;
	if (*out != NULL && (*out)->kind != NODE_SEQUENCE)
		return bad(d, *out, key, "expected a list");
	return 0;
}

/* A list of vocabulary words of one category; unknown words are errors. */
static int
read_words(const struct node *map, const char *key, const struct vocab *v,
    enum vocab_cat cat, struct arena *a, struct pt_list *out, struct diag *d)
{
	const struct node *seq, *c;
	size_t i = 0;

	out->v = NULL;
	out->n = 0;
	if (get_seq(map, key, &seq, d) == -1)
		return -1;
	if (seq == NULL || seq->n == 0)
		return 0;
	if ((out->v = arena_zalloc(a, seq->n * sizeof(*out->v))) == NULL)
		return nomem(d);
	for (c = seq->head; c != NULL; c = c->next) {
		const struct node *s = node_resolve(c);
		struct pt_item *it = &out->v[i];

		if (s->kind != NODE_SCALAR)
			return bad(d, s, key, "expected a list of words");
		if ((it->w = vocab_find(v, cat, s->text, s->len)) == NULL) {
			diag_set(d, DIAG_DATA, s->line, s->col,
			    "%s: unknown %s (see vocabulary.yaml)", key,
			    vocab_cat_name(cat));
			return -1;
		}
		it->node = s;
		i++;
	}
	out->n = i;
	return 0;
}

/*
 * Medications and procedures: a name, or {name: ..., DATE: ...}.  Names the
 * vocabulary does not know are allowed.
 */
static int
read_named(const struct node *doc, const char *key, const struct vocab *v,
    enum vocab_cat cat, const char *datekey, struct arena *a,
    struct pt_list *out, struct diag *d)
{
	const struct node *seq, *c;
	size_t i = 0;

	out->v = NULL;
	out->n = 0;
	if (get_seq(doc, key, &seq, d) == -1)
		return -1;
	if (seq == NULL || seq->n == 0)
		return 0;
	if ((out->v = arena_zalloc(a, seq->n * sizeof(*out->v))) == NULL)
		return nomem(d);
	for (c = seq->head; c != NULL; c = c->next) {
		const struct node *e = node_resolve(c), *name = e;
		struct pt_item *it = &out->v[i++];

		if (e->kind == NODE_MAPPING) {
			if (field(e, "name", &name, d) == -1)
				return -1;
			if (name == NULL)
				return bad(d, e, key, "an entry has no name");
			if (get_date(e, datekey, &it->has_date, &it->date, d) == -1)
				return -1;
			if (cat == VOC_MEDICATION &&
			    get_date(e, "since", &it->has_since, &it->since, d) == -1)
				return -1;
		}
		if (name->kind != NODE_SCALAR)
			return bad(d, name, key, "expected a name or {name: ...}");
		it->node = name;
		it->w = vocab_find(v, cat, name->text, name->len);
	}
	out->n = i;
	return 0;
}

static int
read_skin(const struct node *doc, const struct vocab *v, struct arena *a,
    struct patient *p, struct diag *d)
{
	const struct node *skin, *fitz;

	if (get_map(doc, "skin", &skin, d) == -1)
		return -1;
	if (skin == NULL)
		return 0;
	if (field(skin, "fitzpatrick", &fitz, d) == -1)
		return -1;
	if (fitz != NULL && value_fitzpatrick(fitz, &p->fitzpatrick) == -1)
		return bad(d, fitz, "fitzpatrick", "expected 1-6 or I-VI");
	if (read_words(skin, "concerns", v, VOC_CONCERN, a, &p->concerns, d) == -1)
		return -1;
	return read_words(skin, "conditions", v, VOC_CONDITION, a,
	    &p->conditions, d);
}

static int
read_contact(const struct node *doc, struct patient *p, struct diag *d)
{
	const struct node *c;
	const char *phone;

	p->reminders = 1;
	if (get_map(doc, "contact", &c, d) == -1)
		return -1;
	if (c == NULL)
		return 0;
	if (get_scalar(c, "email", &p->email, d) == -1 ||
	    get_scalar(c, "phone", &phone, d) == -1)
		return -1;
	return get_bool(c, "reminders", &p->reminders, d);
}

static int
read_consultation(const struct node *doc, struct patient *p, struct diag *d)
{
	const struct node *c;

	if (get_map(doc, "consultation", &c, d) == -1)
		return -1;
	if (c == NULL)
		return 0;
	p->consulted = 1;
	if (get_date(c, "date", &p->has_consult_date, &p->consult_date, d) == -1)
		return -1;
	return get_bool(c, "approved", &p->approved, d);
}

static int
read_areas(const struct node *t, const struct vocab *v, struct arena *a,
    struct pt_treatment *tr, struct diag *d)
{
	const struct node *areas, *c;
	size_t i = 0;

	if (field(t, "areas", &areas, d) == -1)
		return -1;
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
			if (!is_null(c) && (value_number(c, &ar->depth) == -1 ||
			    ar->depth <= 0 || ar->depth > 3.0))
				return bad(d, node_resolve(c), "areas",
				    "needle depth must be a number of mm, at most 3.0");
		}
	}
	tr->nareas = i;
	return 0;
}

static int
read_treatments(const struct node *doc, const struct vocab *v, struct arena *a,
    struct patient *p, struct diag *d)
{
	const struct node *seq, *c;
	size_t i = 0;

	if (get_seq(doc, "treatments", &seq, d) == -1)
		return -1;
	if (seq == NULL || seq->n == 0)
		return 0;
	if ((p->treatments = arena_zalloc(a, seq->n * sizeof(*p->treatments))) == NULL)
		return nomem(d);
	for (c = seq->head; c != NULL; c = c->next) {
		const struct node *t = node_resolve(c), *dur;
		struct pt_treatment *tr = &p->treatments[i++];
		int has;

		if (t->kind != NODE_MAPPING)
			return bad(d, t, "treatments", "expected {date: ..., areas: ...}");
		if (get_date(t, "date", &has, &tr->date, d) == -1)
			return -1;
		if (!has)
			return bad(d, t, "treatments", "a treatment has no date");
		tr->anesthetic = -1;
		if (get_bool(t, "anesthetic", &tr->anesthetic, d) == -1 ||
		    get_scalar(t, "serum", &tr->serum, d) == -1 ||
		    field(t, "duration_min", &dur, d) == -1)
			return -1;
		if (dur != NULL && (value_number(dur, &tr->duration_min) == -1 ||
		    tr->duration_min < 0))
			return bad(d, dur, "duration_min", "expected minutes");
		if (read_areas(t, v, a, tr, d) == -1)
			return -1;
	}
	p->ntreatments = i;
	return 0;
}

static int
read_identity(const struct node *doc, struct patient *p, struct diag *d)
{
	const struct node *id, *sex;
	char w[WORD_MAX + 1];

	if (field(doc, "id", &id, d) == -1)
		return -1;
	if (id == NULL)
		return bad(d, doc, "id", "the record has no id");
	if (id->kind != NODE_SCALAR || !value_id_ok(id->text, id->len))
		return bad(d, id, "id", "expected 1-64 characters of A-Z a-z 0-9 . _ -");
	p->id = id->text;
	if (get_scalar(doc, "name", &p->name, d) == -1 ||
	    get_scalar(doc, "language", &p->language, d) == -1 ||
	    get_date(doc, "birth_date", &p->has_birth_date, &p->birth_date, d) == -1 ||
	    field(doc, "sex", &sex, d) == -1)
		return -1;
	if (sex != NULL && (sex->kind != NODE_SCALAR ||
	    value_word(sex->text, sex->len, w) < 0 || (strcmp(w, "female") != 0 &&
	    strcmp(w, "male") != 0 && strcmp(w, "other") != 0)))
		return bad(d, sex, "sex", "expected female, male or other");
	if (p->language == NULL)
		p->language = "en";
	return 0;
}

int
patient_read(const struct node *doc, const struct vocab *v, struct arena *a,
    struct patient *p, struct diag *d)
{
	memset(p, 0, sizeof(*p));
	doc = node_resolve(doc);
	if (doc->kind != NODE_MAPPING)
		return bad(d, doc, "record", "expected a mapping of keys");
	if (read_identity(doc, p, d) == -1 ||
	    read_contact(doc, p, d) == -1 ||
	    get_bool(doc, "pregnant", &p->pregnant, d) == -1 ||
	    get_bool(doc, "lactating", &p->lactating, d) == -1 ||
	    read_skin(doc, v, a, p, d) == -1 ||
	    read_words(doc, "history", v, VOC_CONDITION, a, &p->history, d) == -1 ||
	    read_named(doc, "medications", v, VOC_MEDICATION, "stopped", a,
	    &p->medications, d) == -1 ||
	    read_named(doc, "procedures", v, VOC_PROCEDURE, "date", a,
	    &p->procedures, d) == -1 ||
	    read_consultation(doc, p, d) == -1 ||
	    read_treatments(doc, v, a, p, d) == -1)
		return -1;
	return 0;
}

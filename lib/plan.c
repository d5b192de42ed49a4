#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datadir.h"
#include "escape.h"
#include "value.h"

#define MM	100	/* depths are hundredths of a mm */

static const char *const purpose_names[NPURPOSE] = {"tone", "texture", "scars"};

/* What a "before" instruction looks at (a subset of the screening rules'). */
enum when {
	WHEN_ALWAYS, WHEN_MEDICATIONS, WHEN_CONDITIONS_OR_HISTORY,
	WHEN_FITZPATRICK
};

struct before_rule {
	struct plan_before pub;
	enum when when;
	const char *const *words;	/* medications: classes or names;
					 * conditions: canonical names */
	size_t nwords;
	unsigned fitzpatrick;	/* bit t for type t */
};

struct concern_rule {
	int known;		/* the file gives this concern */
	int sessions;
	int interval_days;
	enum purpose purpose;
	const struct vocab_word **areas;
	size_t nareas;
};

struct area_rule {
	int known;
	int range[NPURPOSE][2];	/* [lo, hi] for each purpose */
	int max;
	int minutes;
};

struct plan_rules {
	struct arena *arena;
	const struct vocab *vocab;
	int dev_min, dev_max, step;
	struct concern_rule *concerns;	/* by the concern's vocabulary index */
	struct area_rule *areas;	/* by the area's vocabulary index */
	int default_sessions, default_interval_days;
	unsigned dark_fitzpatrick;
	int depth_factor;	/* in hundredths: 75 for 0.75 */
	int pigmentation_max;
	const struct vocab_word **pigmentation;	/* concerns the cap is for */
	size_t npigmentation;
	int session_minutes;
	const char *serum;
	int anesthetic_above;
	const struct vocab_word **allergy;	/* conditions: no numbing cream */
	size_t nallergy;
	int maintenance_months;
	struct before_rule *before;
	size_t nbefore;
};

/* --- loading ------------------------------------------------------------- */

/* Every key of map is one of names; else an error naming it. */
static int
known_keys(const struct node *map, const char *const *names,
    struct diag *d)
{
	for (const struct node *k = map->head; k != NULL && k->next != NULL;
	    k = k->next->next) {
		size_t i;

		for (i = 0; names[i] != NULL; i++)
			if (node_is_scalar(k, names[i]))
				break;
		if (names[i] == NULL)
			return datafile_error(d, k, "unknown key%s%s",
			    node_resolve(k)->kind == NODE_SCALAR ? " " : "",
			    node_resolve(k)->kind == NODE_SCALAR ?
			    node_resolve(k)->text : "");
	}
	return 0;
}

static const struct node *
mapping(const struct node *n, const char *what, struct diag *d)
{
	n = node_resolve(n);
	if (n == NULL || n->kind != NODE_MAPPING) {
		datafile_error(d, n, "%s: expected a mapping", what);
		return NULL;
	}
	return n;
}

/* A depth in mm, as hundredths, from lo to hi mm. */
static int
get_depth(const struct node *n, const char *what, double lo, double hi,
    int *out, struct diag *d)
{
	double v;

	if (value_number(n, &v) == -1 || v < lo || v > hi)
		return datafile_error(d, n, "%s: expected a depth from %.2g to "
		    "%.2g mm", what, lo, hi);
	*out = (int)(v * MM + 0.5);
	return 0;
}

static int
get_whole(const struct node *n, const char *what, long lo, long hi, int *out,
    struct diag *d)
{
	double v;

	if (value_number(n, &v) == -1 || v != (long)v || v < lo || v > hi)
		return datafile_error(d, n, "%s: expected a whole number from "
		    "%ld to %ld", what, lo, hi);
	*out = (int)v;
	return 0;
}

/* A list of vocabulary words of cat, into *out (the vocabulary's own). */
static int
get_words(struct plan_rules *pr, const struct node *list, enum vocab_cat cat,
    const struct vocab_word ***out, size_t *n, struct diag *d)
{
	const struct vocab_word **v;
	size_t i = 0;

	list = node_resolve(list);
	if (list == NULL || list->kind != NODE_SEQUENCE || list->n == 0)
		return datafile_error(d, list, "expected a list of %ss",
		    vocab_cat_name(cat));
	if ((v = arena_alloc(pr->arena, list->n * sizeof(*v))) == NULL)
		return datafile_error(d, list, "out of memory");
	for (const struct node *c = list->head; c != NULL; c = c->next) {
		const struct node *s = node_resolve(c);

		if (s->kind != NODE_SCALAR ||
		    (v[i] = vocab_find(pr->vocab, cat, s->text, s->len)) == NULL)
			return datafile_error(d, s, "not in vocabulary.yaml as a %s",
			    vocab_cat_name(cat));
		i++;
	}
	*out = v;
	*n = i;
	return 0;
}

static int
purpose_of(const struct node *n, enum purpose *out, struct diag *d)
{
	for (int p = 0; p < NPURPOSE; p++)
		if (node_is_scalar(n, purpose_names[p]))
			return *out = (enum purpose)p, 0;
	return datafile_error(d, n, "purpose: expected tone, texture or scars");
}

static int
load_concern(struct plan_rules *pr, const struct node *k, const struct node *m,
    struct diag *d)
{
	static const char *const keys[] = {"sessions", "interval_weeks",
	    "purpose", "areas", NULL};
	const struct vocab_word *w;
	struct concern_rule *c;
	int weeks = 0;

	k = node_resolve(k);
	if (k->kind != NODE_SCALAR ||
	    (w = vocab_find(pr->vocab, VOC_CONCERN, k->text, k->len)) == NULL)
		return datafile_error(d, k, "not in vocabulary.yaml as a concern");
	c = &pr->concerns[w->index];
	if (c->known)
		return datafile_error(d, k, "concern given twice");
	if ((m = mapping(m, "concern", d)) == NULL || known_keys(m, keys, d) == -1 ||
	    get_whole(node_get(m, "sessions"), "sessions", 1, 20, &c->sessions,
	    d) == -1 ||
	    get_whole(node_get(m, "interval_weeks"), "interval_weeks", 1, 52,
	    &weeks, d) == -1 ||
	    purpose_of(node_get(m, "purpose"), &c->purpose, d) == -1 ||
	    get_words(pr, node_get(m, "areas"), VOC_AREA, &c->areas, &c->nareas,
	    d) == -1)
		return -1;
	c->interval_days = weeks * 7;
	c->known = 1;
	return 0;
}

static int
load_area(struct plan_rules *pr, const struct node *k, const struct node *m,
    struct diag *d)
{
	static const char *const keys[] = {"tone", "texture", "scars", "max",
	    "minutes", NULL};
	const struct vocab_word *w;
	struct area_rule *ar;

	k = node_resolve(k);
	if (k->kind != NODE_SCALAR ||
	    (w = vocab_find(pr->vocab, VOC_AREA, k->text, k->len)) == NULL)
		return datafile_error(d, k, "not in vocabulary.yaml as an area");
	ar = &pr->areas[w->index];
	if (ar->known)
		return datafile_error(d, k, "area given twice");
	if ((m = mapping(m, "area", d)) == NULL || known_keys(m, keys, d) == -1 ||
	    get_depth(node_get(m, "max"), "max", 0.1, 3.0, &ar->max, d) == -1 ||
	    get_whole(node_get(m, "minutes"), "minutes", 1, 240, &ar->minutes,
	    d) == -1)
		return -1;
	for (int p = 0; p < NPURPOSE; p++) {
		const struct node *r = node_get(m, purpose_names[p]);

		if (r == NULL || r->kind != NODE_SEQUENCE || r->n != 2)
			return datafile_error(d, r ? r : m, "%s: expected "
			    "[shallowest, deepest]", purpose_names[p]);
		if (get_depth(r->head, purpose_names[p], 0.1, 3.0,
		    &ar->range[p][0], d) == -1 ||
		    get_depth(r->head->next, purpose_names[p], 0.1, 3.0,
		    &ar->range[p][1], d) == -1)
			return -1;
		if (ar->range[p][0] > ar->range[p][1] || ar->range[p][1] > ar->max)
			return datafile_error(d, r, "%s: the range must go from "
			    "shallow to deep, and not past max", purpose_names[p]);
	}
	ar->known = 1;
	return 0;
}

/* Loads a section that maps vocabulary words to their rules. */
static int
load_table(struct plan_rules *pr, const struct node *root, const char *key,
    int (*load)(struct plan_rules *, const struct node *, const struct node *,
    struct diag *), struct diag *d)
{
	const struct node *t = mapping(node_get(root, key), key, d);

	if (t == NULL)
		return -1;
	for (const struct node *k = t->head; k != NULL && k->next != NULL;
	    k = k->next->next)
		if (load(pr, k, k->next, d) == -1)
			return -1;
	return 0;
}

/* Every word of the vocabulary has its rules: a concern or area added to
 * vocabulary.yaml must be planned for before a patient can name it. */
static int
check_complete(const struct plan_rules *pr, const struct node *root,
    struct diag *d)
{
	for (size_t i = 0; i < vocab_count(pr->vocab, VOC_CONCERN); i++)
		if (!pr->concerns[i].known)
			return datafile_error(d, node_get(root, "concerns"),
			    "concerns: %s is missing",
			    vocab_at(pr->vocab, VOC_CONCERN, i)->name);
	for (size_t i = 0; i < vocab_count(pr->vocab, VOC_AREA); i++)
		if (!pr->areas[i].known)
			return datafile_error(d, node_get(root, "areas"),
			    "areas: %s is missing",
			    vocab_at(pr->vocab, VOC_AREA, i)->name);
	return 0;
}

static int
load_fitzpatrick(const struct node *list, unsigned *out, struct diag *d)
{
	list = node_resolve(list);
	if (list == NULL || list->kind != NODE_SEQUENCE || list->n == 0)
		return datafile_error(d, list, "fitzpatrick: expected a list of types");
	for (const struct node *c = list->head; c != NULL; c = c->next) {
		int t;

		if (value_fitzpatrick_type(c, &t) == -1)
			return datafile_error(d, c, "expected 1-6, I-VI or unknown");
		*out |= 1u << t;
	}
	return 0;
}

static int
load_device(struct plan_rules *pr, const struct node *root, struct diag *d)
{
	static const char *const keys[] = {"min", "max", "step", NULL};
	const struct node *m = mapping(node_get(root, "device"), "device", d);

	if (m == NULL || known_keys(m, keys, d) == -1 ||
	    get_depth(node_get(m, "min"), "min", 0.05, 3.0, &pr->dev_min, d) == -1 ||
	    get_depth(node_get(m, "max"), "max", 0.05, 3.0, &pr->dev_max, d) == -1 ||
	    get_depth(node_get(m, "step"), "step", 0.01, 1.0, &pr->step, d) == -1)
		return -1;
	if (pr->dev_min > pr->dev_max)
		return datafile_error(d, m, "device: min is deeper than max");
	return 0;
}

static int
load_course(struct plan_rules *pr, const struct node *root, struct diag *d)
{
	static const char *const keys[] = {"sessions", "interval_weeks", NULL};
	const struct node *m = mapping(node_get(root, "course"), "course", d);
	int weeks = 0;

	if (m == NULL || known_keys(m, keys, d) == -1 ||
	    get_whole(node_get(m, "sessions"), "sessions", 1, 20,
	    &pr->default_sessions, d) == -1 ||
	    get_whole(node_get(m, "interval_weeks"), "interval_weeks", 1, 52,
	    &weeks, d) == -1)
		return -1;
	pr->default_interval_days = weeks * 7;
	return 0;
}

static int
load_darker(struct plan_rules *pr, const struct node *root, struct diag *d)
{
	static const char *const keys[] = {"fitzpatrick", "depth_factor",
	    "pigmentation_max", "pigmentation", NULL};
	const struct node *m = mapping(node_get(root, "darker_skin"),
	    "darker_skin", d);

	if (m == NULL || known_keys(m, keys, d) == -1 ||
	    load_fitzpatrick(node_get(m, "fitzpatrick"), &pr->dark_fitzpatrick,
	    d) == -1 ||
	    get_depth(node_get(m, "depth_factor"), "depth_factor", 0.1, 1.0,
	    &pr->depth_factor, d) == -1 ||
	    get_depth(node_get(m, "pigmentation_max"), "pigmentation_max", 0.1,
	    3.0, &pr->pigmentation_max, d) == -1)
		return -1;
	return get_words(pr, node_get(m, "pigmentation"), VOC_CONCERN,
	    &pr->pigmentation, &pr->npigmentation, d);
}

static int
load_session(struct plan_rules *pr, const struct node *root, struct diag *d)
{
	static const char *const skeys[] = {"minutes", "serum", NULL};
	static const char *const akeys[] = {"above", "allergy", NULL};
	const struct node *s = mapping(node_get(root, "session"), "session", d);
	const struct node *an, *serum;

	if (s == NULL || known_keys(s, skeys, d) == -1 ||
	    get_whole(node_get(s, "minutes"), "minutes", 0, 240,
	    &pr->session_minutes, d) == -1)
		return -1;
	serum = node_get(s, "serum");
	if (serum == NULL || serum->kind != NODE_SCALAR || serum->len == 0)
		return datafile_error(d, serum ? serum : s, "serum: expected a name");
	pr->serum = serum->text;
	if ((an = mapping(node_get(root, "anesthetic"), "anesthetic", d)) == NULL ||
	    known_keys(an, akeys, d) == -1 ||
	    get_depth(node_get(an, "above"), "above", 0.1, 3.0,
	    &pr->anesthetic_above, d) == -1 ||
	    get_words(pr, node_get(an, "allergy"), VOC_CONDITION, &pr->allergy,
	    &pr->nallergy, d) == -1)
		return -1;
	return get_whole(node_get(root, "maintenance_months"),
	    "maintenance_months", 1, 60, &pr->maintenance_months, d);
}

/* A before rule's when: always, or one match. */
static int
load_when(struct plan_rules *pr, struct before_rule *b, const struct node *w,
    struct diag *d)
{
	const struct node *key, *val;
	const char **words;
	size_t i = 0;

	w = node_resolve(w);
	if (node_is_scalar(w, "always"))
		return b->when = WHEN_ALWAYS, 0;
	if (w == NULL || w->kind != NODE_MAPPING || w->n != 2)
		return datafile_error(d, w, "when: expected always, "
		    "{medications: [...]}, {conditions-or-history: [...]} or "
		    "{fitzpatrick: [...]}");
	key = node_resolve(w->head);
	val = node_resolve(w->head->next);
	if (node_is_scalar(key, "fitzpatrick")) {
		b->when = WHEN_FITZPATRICK;
		return load_fitzpatrick(val, &b->fitzpatrick, d);
	}
	if (node_is_scalar(key, "medications"))
		b->when = WHEN_MEDICATIONS;
	else if (node_is_scalar(key, "conditions-or-history"))
		b->when = WHEN_CONDITIONS_OR_HISTORY;
	else
		return datafile_error(d, key, "when: unknown kind of match");
	if (val->kind != NODE_SEQUENCE || val->n == 0)
		return datafile_error(d, val, "expected a list of words");
	if ((words = arena_alloc(pr->arena, val->n * sizeof(*words))) == NULL)
		return datafile_error(d, val, "out of memory");
	for (const struct node *c = val->head; c != NULL; c = c->next, i++) {
		const struct node *s = node_resolve(c);
		const struct vocab_word *vw = NULL;

		if (s->kind == NODE_SCALAR && b->when == WHEN_MEDICATIONS &&
		    (words[i] = vocab_class(pr->vocab, s->text)) != NULL)
			continue;
		if (s->kind == NODE_SCALAR)
			vw = vocab_find(pr->vocab, b->when == WHEN_MEDICATIONS ?
			    VOC_MEDICATION : VOC_CONDITION, s->text, s->len);
		if (vw == NULL)
			return datafile_error(d, s, "not in the vocabulary");
		words[i] = vw->name;
	}
	b->words = words;
	b->nwords = i;
	return 0;
}

static int
load_before(struct plan_rules *pr, const struct node *root, struct diag *d)
{
	static const char *const keys[] = {"kind", "days", "when", "note", NULL};
	const struct node *list = node_get(root, "before");
	size_t i = 0;

	if (list == NULL || list->kind != NODE_SEQUENCE)
		return datafile_error(d, list ? list : root,
		    "before: expected a list");
	if ((pr->before = arena_zalloc(pr->arena,
	    (list->n + 1) * sizeof(*pr->before))) == NULL)
		return datafile_error(d, list, "out of memory");
	for (const struct node *c = list->head; c != NULL; c = c->next, i++) {
		struct before_rule *b = &pr->before[i];
		const struct node *m = mapping(c, "before", d), *kind, *note;

		if (m == NULL || known_keys(m, keys, d) == -1)
			return -1;
		kind = node_get(m, "kind");
		note = node_get(m, "note");
		if (kind == NULL || kind->kind != NODE_SCALAR ||
		    !value_id_ok(kind->text, kind->len))
			return datafile_error(d, kind ? kind : m,
			    "kind: expected a word");
		if (note == NULL || note->kind != NODE_SCALAR || note->len == 0)
			return datafile_error(d, note ? note : m,
			    "note: expected a text");
		b->pub.kind = kind->text;
		b->pub.note = note->text;
		if (get_whole(node_get(m, "days"), "days", 0, 366, &b->pub.days,
		    d) == -1 || load_when(pr, b, node_get(m, "when"), d) == -1)
			return -1;
	}
	pr->nbefore = i;
	return 0;
}

struct plan_rules *
plan_load(const char *dir, const struct vocab *v, struct diag *d)
{
	static const char *const keys[] = {"device", "course", "concerns",
	    "areas", "darker_skin", "session", "anesthetic",
	    "maintenance_months", "before", NULL};
	struct plan_rules *pr = calloc(1, sizeof(*pr));
	struct node *root;

	if (pr == NULL || (pr->arena = arena_new()) == NULL ||
	    (pr->concerns = arena_zalloc(pr->arena, (vocab_count(v, VOC_CONCERN) +
	    1) * sizeof(*pr->concerns))) == NULL ||
	    (pr->areas = arena_zalloc(pr->arena, (vocab_count(v, VOC_AREA) + 1) *
	    sizeof(*pr->areas))) == NULL) {
		diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
		plan_free(pr);
		return NULL;
	}
	pr->vocab = v;
	if (datafile_load(dir, "plan.yaml", pr->arena, &root, d) == -1 ||
	    (root = (struct node *)mapping(root, "plan.yaml", d)) == NULL ||
	    known_keys(root, keys, d) == -1 ||
	    load_device(pr, root, d) == -1 || load_course(pr, root, d) == -1 ||
	    load_table(pr, root, "concerns", load_concern, d) == -1 ||
	    load_table(pr, root, "areas", load_area, d) == -1 ||
	    check_complete(pr, root, d) == -1 ||
	    load_darker(pr, root, d) == -1 || load_session(pr, root, d) == -1 ||
	    load_before(pr, root, d) == -1) {
		plan_free(pr);
		return NULL;
	}
	return pr;
}

void
plan_free(struct plan_rules *pr)
{
	if (pr == NULL)
		return;
	arena_free(pr->arena);
	free(pr);
}

/* --- planning ------------------------------------------------------------ */

/* The areas to treat, each with the purpose that sets its depth. */
struct target {
	const struct vocab_word *area;
	enum purpose purpose;
	int pigmentation;	/* a pigmentation concern treats it */
};

struct targets {
	struct target *v;
	size_t n;
};

static int
is_pigmentation(const struct plan_rules *pr, const struct vocab_word *concern)
{
	for (size_t i = 0; i < pr->npigmentation; i++)
		if (pr->pigmentation[i] == concern)
			return 1;
	return 0;
}

/* Adds area for a concern (NULL: named by --areas), or deepens its purpose. */
static void
add_target(struct targets *t, const struct vocab_word *area, enum purpose p,
    int pigmentation)
{
	size_t i;

	for (i = 0; i < t->n && t->v[i].area != area; i++)
		;
	if (i == t->n) {
		t->v[t->n].area = area;
		t->v[t->n].purpose = p;
		t->v[t->n].pigmentation = 0;
		t->n++;
	}
	if (p > t->v[i].purpose)
		t->v[i].purpose = p;	/* the purposes go from shallow to deep */
	t->v[i].pigmentation |= pigmentation;
}

static int
find_targets(const struct plan_rules *pr, const struct patient *p,
    const struct plan_opts *o, struct arena *a, struct targets *t)
{
	size_t room = o->areas != NULL ? o->nareas : 0;
	enum purpose deepest = PURPOSE_TONE;
	int pigm = 0;

	for (size_t i = 0; i < p->concerns.n; i++) {
		const struct concern_rule *c = &pr->concerns[p->concerns.v[i].w->index];

		room += c->nareas;
		if (c->purpose > deepest)
			deepest = c->purpose;
		pigm |= is_pigmentation(pr, p->concerns.v[i].w);
	}
	t->n = 0;
	if ((t->v = arena_alloc(a, (room + 1) * sizeof(*t->v))) == NULL)
		return -1;
	if (o->areas != NULL) {
		/* Named areas: the deepest purpose the concerns ask for. */
		if (p->concerns.n == 0)
			deepest = PURPOSE_TEXTURE;
		for (size_t i = 0; i < o->nareas; i++)
			add_target(t, o->areas[i], deepest, pigm);
		return 0;
	}
	for (size_t i = 0; i < p->concerns.n; i++) {
		const struct vocab_word *w = p->concerns.v[i].w;
		const struct concern_rule *c = &pr->concerns[w->index];

		for (size_t j = 0; j < c->nareas; j++)
			add_target(t, c->areas[j], c->purpose, is_pigmentation(pr, w));
	}
	return 0;
}

/* The depth range of a target for this patient, in steps of the device. */
struct range {
	int lo, hi;
};

static int
round_down(const struct plan_rules *pr, int v)
{
	return v / pr->step * pr->step;
}

static int
round_up(const struct plan_rules *pr, int v)
{
	return (v + pr->step - 1) / pr->step * pr->step;
}

static struct range
target_range(const struct plan_rules *pr, const struct patient *p,
    const struct target *t)
{
	const struct area_rule *ar = &pr->areas[t->area->index];
	int lo = ar->range[t->purpose][0], hi = ar->range[t->purpose][1];
	int max = ar->max;
	struct range r;

	if (pr->dark_fitzpatrick & (1u << p->fitzpatrick)) {
		hi = hi * pr->depth_factor / MM;
		max = max * pr->depth_factor / MM;
		if (t->pigmentation && hi > pr->pigmentation_max)
			hi = pr->pigmentation_max;
		if (t->pigmentation && max > pr->pigmentation_max)
			max = pr->pigmentation_max;
	}
	if (hi > max)
		hi = max;
	if (hi > pr->dev_max)
		hi = pr->dev_max;
	if (lo < pr->dev_min)
		lo = pr->dev_min;
	if (lo > hi)
		lo = hi;
	r.lo = round_up(pr, lo);
	r.hi = round_down(pr, hi);
	/* No step inside the range: the shallower side of it. */
	if (r.lo > r.hi)
		r.lo = r.hi = r.hi >= pr->dev_min ? r.hi : pr->dev_min;
	return r;
}

/* The nearest step to v within r. */
static int
to_step(const struct plan_rules *pr, int v, struct range r)
{
	int s = (v + pr->step / 2) / pr->step * pr->step;

	return s < r.lo ? r.lo : s > r.hi ? r.hi : s;
}

/* The depth of area at the latest treatment that gave one; 0 when none. */
static int
last_depth(const struct patient *p, const struct vocab_word *area, date_t day)
{
	date_t best = 0;
	int depth = 0, found = 0;

	for (size_t i = 0; i < p->ntreatments; i++) {
		const struct pt_treatment *tr = &p->treatments[i];

		if (tr->date > day || (found && tr->date < best))
			continue;
		for (size_t j = 0; j < tr->nareas; j++) {
			if (tr->areas[j].area == area && tr->areas[j].depth > 0) {
				depth = (int)(tr->areas[j].depth * MM + 0.5);
				best = tr->date;
				found = 1;
			}
		}
	}
	return depth;
}

/*
 * The depth of session k of r (1-based): from the shallow end to the deep
 * end over the course, or on from the last depth given; the last depth
 * again (at most the deep end) for maintenance.  An area no treatment
 * gave a depth starts at the shallow end, maintenance or not: the course
 * that deepened was that of other areas.
 */
static int
session_depth(const struct plan_rules *pr, struct range r, int last, int k,
    int nsessions, int maintenance)
{
	int v;

	if (last == 0 && (maintenance || nsessions == 1))
		v = r.lo;
	else if (maintenance)
		v = last < r.hi ? last : r.hi;
	else if (last > 0 && last >= r.hi)
		v = r.hi;
	else if (last > 0)
		v = last + (r.hi - last) * k / nsessions;
	else
		v = r.lo + (r.hi - r.lo) * (k - 1) / (nsessions - 1);
	return to_step(pr, v, r);
}

static int
has_condition(const struct patient *p, const struct vocab_word *w)
{
	for (size_t i = 0; i < p->conditions.n; i++)
		if (p->conditions.v[i].w == w)
			return 1;
	for (size_t i = 0; i < p->history.n; i++)
		if (p->history.v[i].w == w)
			return 1;
	return 0;
}

static int
allergic(const struct plan_rules *pr, const struct patient *p)
{
	for (size_t i = 0; i < pr->nallergy; i++)
		if (has_condition(p, pr->allergy[i]))
			return 1;
	return 0;
}

/* Whether a word found in the medication's name is one of the words (a
 * generic name or a class). */
static int
medication_is(const struct pt_item *it, const char *const *words, size_t n)
{
	for (size_t k = 0; k < it->nwords; k++) {
		const struct vocab_word *w = it->words[k];

		if (w->cat != VOC_MEDICATION)
			continue;
		for (size_t i = 0; i < n; i++) {
			if (words[i] == w->name)
				return 1;
			for (int c = 0; c < w->nclasses; c++)
				if (words[i] == w->classes[c])
					return 1;
		}
	}
	return 0;
}

/* Whether a before rule applies to p for a session on day. */
static int
before_applies(const struct before_rule *b, const struct patient *p,
    date_t session)
{
	switch (b->when) {
	case WHEN_ALWAYS:
		return 1;
	case WHEN_FITZPATRICK:
		return (b->fitzpatrick & (1u << p->fitzpatrick)) != 0;
	case WHEN_MEDICATIONS:
		/* Taken then, or stopped on the instruction's day or later (who
		 * stops on that day is told to, that day); not one that starts
		 * only after the session. */
		for (size_t i = 0; i < p->medications.n; i++) {
			const struct pt_item *it = &p->medications.v[i];

			if (medication_is(it, b->words, b->nwords) &&
			    (!it->has_stopped || it->stopped >= session - b->pub.days) &&
			    (!it->has_since || it->since <= session))
				return 1;
		}
		return 0;
	case WHEN_CONDITIONS_OR_HISTORY:
		for (size_t i = 0; i < b->nwords; i++) {
			for (size_t j = 0; j < p->conditions.n; j++)
				if (p->conditions.v[j].w->name == b->words[i])
					return 1;
			for (size_t j = 0; j < p->history.n; j++)
				if (p->history.v[j].w->name == b->words[i])
					return 1;
		}
		return 0;
	}
	return 0;
}

/* A finding that stops a session on its day: absolute, or not approved. */
static int
blocks(const struct finding *f)
{
	return f->rule->severity == SEV_ABSOLUTE ||
	    (f->rule->severity == SEV_RELATIVE && !f->approved);
}

struct planner {
	const struct plan_rules *pr;
	const struct rules *rules;
	const struct config *cfg;
	const struct patient *p;
	struct arena *a;
	struct plan *out;
};

/* Refuses the plan: why, in a's memory; -1 when memory runs out. */
static int
refuse(struct planner *pl, const char *fmt, const char *arg)
{
	struct buf b = {0};
	int r = -1;

	if (buf_printf(&b, fmt, arg) == 0 && buf_str(&b) != NULL &&
	    (pl->out->reason = arena_strndup(pl->a, b.p, b.len)) != NULL) {
		pl->out->refused = 1;
		r = 0;
	}
	buf_free(&b);
	return r;
}

/*
 * The first day from *day on that the clinic is open and the patient may
 * be treated: 1 with *day set, 0 when there is none (the plan is
 * refused), -1 when memory runs out.
 */
static int
find_day(struct planner *pl, date_t *day)
{
	/* Each pass moves past at least one finding's end: a few suffice. */
	for (int pass = 0; pass < 64; pass++) {
		struct screening s;
		struct diag d;
		char when[DATE_STRLEN];
		date_t next;

		/* A day past 9999-12-31 has no date to write. */
		if (*day > DATE_MAX)
			return refuse(pl, "%s", "no day on or before 9999-12-31, the "
			    "last a date can name") == 0 ? 0 : -1;
		if (pl->cfg != NULL && config_next_open(pl->cfg, *day, day) == -1)
			return refuse(pl, "the clinic has no open day within a "
			    "year of %s", date_format(*day, when)) == 0 ? 0 : -1;
		next = *day;
		if (screen_patient(pl->rules, pl->p, *day, pl->a, &s, &d) == -1)
			return -1;
		for (size_t i = 0; i < s.n; i++) {
			const struct finding *f = &s.findings[i];

			if (!blocks(f))
				continue;
			if (!f->has_end) {
				const char *why = f->rule->severity == SEV_ABSOLUTE ?
				    "not eligible: %s" :
				    "needs a dermatologist's approval: %s";

				return refuse(pl, why, f->message) == 0 ? 0 : -1;
			}
			if (f->end > next)
				next = f->end;
		}
		if (next == *day)
			return 1;
		*day = next;
	}
	return refuse(pl, "%s", "no day found on which the patient may be "
	    "treated") == 0 ? 0 : -1;
}

/* The note's text with {date} filled: the day it starts. */
static const char *
note_text(struct arena *a, const char *tmpl, date_t from)
{
	const char *at = strstr(tmpl, "{date}");
	char day[DATE_STRLEN];
	struct buf b = {0};
	const char *out = NULL;

	if (at == NULL)
		return tmpl;
	if (buf_add(&b, tmpl, (size_t)(at - tmpl)) == 0 &&
	    buf_puts(&b, date_format(from, day)) == 0 &&
	    buf_puts(&b, at + strlen("{date}")) == 0 && buf_str(&b) != NULL)
		out = arena_strndup(a, b.p, b.len);
	buf_free(&b);
	return out;
}

static int
add_note(struct planner *pl, const struct plan_before *before, date_t from,
    const char *text)
{
	struct plan *out = pl->out;

	if (text == NULL)
		return -1;
	out->notes[out->nnotes].before = before;
	out->notes[out->nnotes].from = from;
	out->notes[out->nnotes].text = text;
	out->nnotes++;
	return 0;
}

/*
 * The numbing cream note, when a session has numbing: "before the session"
 * when every one has it, else the sessions that have it ("before sessions
 * 2 and 3"), from the first of them: a course deepens, and its first
 * session may need none.
 */
static int
numbing_note(struct planner *pl)
{
	const struct plan *out = pl->out;
	struct buf b = {0};
	size_t n = 0, k = 0;
	date_t from = 0;
	int r;

	for (size_t i = 0; i < out->n; i++)
		if (out->sessions[i].anesthetic && n++ == 0)
			from = out->sessions[i].date;
	r = buf_printf(&b, "numbing cream on %d minutes before %s",
	    pl->cfg ? pl->cfg->course.numbing_minutes : 45, n == out->n ?
	    "the session" : n > 1 ? "sessions " : "session ");
	for (size_t i = 0; i < out->n && n < out->n && r == 0; i++) {
		if (!out->sessions[i].anesthetic)
			continue;
		k++;
		r = buf_printf(&b, "%s%d", k == 1 ? "" : k == n ? " and " : ", ",
		    out->sessions[i].n);
	}
	r = r == 0 && buf_str(&b) != NULL ? add_note(pl, NULL, from,
	    arena_strndup(pl->a, b.p, b.len)) : -1;
	buf_free(&b);
	return r;
}

/*
 * A session after the first that no day can be found for (an approval that
 * lapses before it, a medication that begins) ends the course there: the
 * sessions before it stand, as a refusal of the whole course would deny
 * them too, and a note says which sessions were not planned and why.  The
 * note's text (the plan's cut), or NULL when memory runs out; the plan is
 * not refused.
 */
static const char *
cut_short(struct planner *pl, int first, int last)
{
	struct buf b = {0};
	const char *text = NULL;
	int r;

	r = first == last ? buf_printf(&b, "session %d not planned: ", first) :
	    buf_printf(&b, "sessions %d to %d not planned: ", first, last);
	if (r == 0 && buf_puts(&b, pl->out->reason) == 0 && buf_str(&b) != NULL)
		text = arena_strndup(pl->a, b.p, b.len);
	buf_free(&b);
	pl->out->refused = 0;
	pl->out->reason = NULL;
	return text;
}

/* The instructions that apply to the patient, before the first session. */
static int
make_notes(struct planner *pl, int numbing, int allergy)
{
	const struct plan_rules *pr = pl->pr;
	struct plan *out = pl->out;
	date_t first = out->sessions[0].date;

	if ((out->notes = arena_alloc(pl->a, (pr->nbefore + 2) *
	    sizeof(*out->notes))) == NULL)
		return -1;
	for (size_t i = 0; i < pr->nbefore; i++) {
		const struct before_rule *b = &pr->before[i];
		date_t from = first - b->pub.days;

		/* A day before 0001-01-01 has no date to write (nor to read
		 * back): the first that has, when the instruction holds. */
		if (from < DATE_MIN)
			from = DATE_MIN;
		if (before_applies(b, pl->p, first) &&
		    add_note(pl, &b->pub, from,
		    note_text(pl->a, b->pub.note, from)) == -1)
			return -1;
	}
	if (allergy)
		return add_note(pl, NULL, first, "no numbing cream: allergy to "
		    "local anaesthetics");
	return numbing ? numbing_note(pl) : 0;
}

/* The treatments given on or before day: how many, and the latest. */
static size_t
given(const struct patient *p, date_t day, date_t *last)
{
	size_t n = 0;

	*last = 0;
	for (size_t i = 0; i < p->ntreatments; i++) {
		if (p->treatments[i].date > day)
			continue;
		if (n == 0 || p->treatments[i].date > *last)
			*last = p->treatments[i].date;
		n++;
	}
	return n;
}

/* The course for the concerns: the longest of them, and its interval. */
void
plan_course(const struct plan_rules *pr, const struct config *cfg,
    const struct patient *p, int *sessions, int *interval)
{
	*sessions = 0;
	*interval = 0;
	for (size_t i = 0; i < p->concerns.n; i++) {
		const struct concern_rule *c = &pr->concerns[p->concerns.v[i].w->index];

		if (c->sessions > *sessions)
			*sessions = c->sessions;
		if (c->interval_days > *interval)
			*interval = c->interval_days;
	}
	if (*sessions == 0)
		*sessions = pr->default_sessions;
	if (*interval == 0)
		*interval = pr->default_interval_days;
	if (cfg != NULL && cfg->course.interval_weeks > 0)
		*interval = cfg->course.interval_weeks * 7;
}

static int
make_session(struct planner *pl, struct plan_session *s,
    const struct targets *t, int k, int nsessions, int maintenance, date_t day)
{
	const struct plan_rules *pr = pl->pr;

	if ((s->areas = arena_alloc(pl->a, t->n * sizeof(*s->areas))) == NULL)
		return -1;
	s->nareas = t->n;
	s->minutes = pr->session_minutes;
	s->anesthetic = 0;
	for (size_t i = 0; i < t->n; i++) {
		struct range r = target_range(pr, pl->p, &t->v[i]);
		int last = last_depth(pl->p, t->v[i].area, day);

		s->areas[i].area = t->v[i].area;
		s->areas[i].depth = session_depth(pr, r, last, k, nsessions,
		    maintenance);
		s->minutes += pr->areas[t->v[i].area->index].minutes;
		if (s->areas[i].depth > pr->anesthetic_above)
			s->anesthetic = 1;
	}
	s->maintenance = maintenance;
	s->serum = pl->cfg != NULL && pl->cfg->course.serum != NULL ?
	    pl->cfg->course.serum : pr->serum;
	return 0;
}

/*
 * The cautions of the screening on the first session's day (pregnancy not
 * answered, a medication not recognised): a plan read alone still shows
 * what must be asked before treatment.
 */
static int
plan_cautions(struct planner *pl, date_t first)
{
	struct screening s;
	struct diag d;
	size_t n = 0;

	if (screen_patient(pl->rules, pl->p, first, pl->a, &s, &d) == -1)
		return -1;
	for (size_t i = 0; i < s.n; i++)
		n += s.findings[i].rule->severity == SEV_CAUTION;
	if (n == 0)
		return 0;
	if ((pl->out->cautions = arena_alloc(pl->a, n * sizeof(char *))) == NULL)
		return -1;
	for (size_t i = 0; i < s.n; i++)
		if (s.findings[i].rule->severity == SEV_CAUTION)
			pl->out->cautions[pl->out->ncautions++] =
			    s.findings[i].message;
	return 0;
}

int
plan_patient(const struct plan_rules *pr, const struct rules *r,
    const struct config *cfg, const struct patient *p, date_t day,
    const struct plan_opts *o, struct arena *a, struct plan *out,
    struct diag *d)
{
	struct planner pl = {pr, r, cfg, p, a, out};
	struct targets t;
	int nsessions, interval, maintenance = 0, numbing = 0, allergy;
	date_t last, next;
	size_t ngiven;
	const char *cut = NULL;	/* why the course stops short, when it does */

	memset(out, 0, sizeof(*out));
	if (find_targets(pr, p, o, a, &t) == -1)
		goto nomem;
	if (t.n == 0) {
		if (refuse(&pl, "%s", "no concern to plan for: skin.concerns is "
		    "empty, and --areas names none") == -1)
			goto nomem;
		return 0;
	}
	plan_course(pr, cfg, p, &nsessions, &interval);
	ngiven = given(p, day, &last);
	if (o->sessions > 0) {
		nsessions = o->sessions;
	} else if ((size_t)nsessions <= ngiven) {
		nsessions = 1;	/* the course is complete */
		maintenance = 1;
	} else {
		nsessions -= (int)ngiven;
	}
	next = o->start;
	if (ngiven > 0 && maintenance)
		next = date_add_months(last, cfg != NULL ?
		    cfg->course.maintenance_months : pr->maintenance_months);
	else if (ngiven > 0 && last + interval > next)
		next = last + interval;
	if (next < o->start)
		next = o->start;
	if ((out->sessions = arena_zalloc(a, (size_t)nsessions *
	    sizeof(*out->sessions))) == NULL)
		goto nomem;
	allergy = allergic(pr, p);
	for (int k = 1; k <= nsessions && cut == NULL; k++) {
		struct plan_session *s = &out->sessions[k - 1];

		switch (find_day(&pl, &next)) {
		case -1:
			goto nomem;
		case 0:
			if (out->n == 0) {
				out->sessions = NULL;
				return 0;	/* refused */
			}
			/* The sessions before still stand (cut_short()). */
			if ((cut = cut_short(&pl, (int)ngiven + k,
			    (int)ngiven + nsessions)) == NULL)
				goto nomem;
			continue;
		}
		s->n = (int)ngiven + k;
		s->date = next;
		if (make_session(&pl, s, &t, k, nsessions, maintenance, day) == -1)
			goto nomem;
		if (p->wants_anesthetic)
			s->anesthetic = 1;
		if (allergy)
			s->anesthetic = 0;
		numbing |= s->anesthetic;
		out->n++;
		next = s->date + interval;
	}
	out->cut = cut;
	if (make_notes(&pl, numbing, allergy) == -1 ||
	    (out->n > 0 && plan_cautions(&pl, out->sessions[0].date) == -1))
		goto nomem;
	return 0;
nomem:
	diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
	return -1;
}

/* --- writing ------------------------------------------------------------- */

char *
plan_depth_format(int depth, char *out)
{
	/* 150 is "1.5", 25 "0.25", 100 "1.0": as people write depths. */
	if (depth % 10 == 0)
		snprintf(out, PLAN_DEPTH_STRLEN, "%d.%d", depth / MM, depth % MM / 10);
	else
		snprintf(out, PLAN_DEPTH_STRLEN, "%d.%02d", depth / MM, depth % MM);
	return out;
}

static struct node *
session_node(struct arena *a, const struct plan_session *s)
{
	struct node *m = node_collection(a, NODE_MAPPING, CSTYLE_BLOCK);
	struct node *areas = node_collection(a, NODE_MAPPING, CSTYLE_FLOW);
	char num[24], day[DATE_STRLEN];

	if (m == NULL || areas == NULL)
		return NULL;
	snprintf(num, sizeof(num), "%d", s->n);
	if (node_map_add_text(a, m, "n", num) == -1 ||
	    node_map_add_text(a, m, "date", date_format(s->date, day)) == -1)
		return NULL;
	for (size_t i = 0; i < s->nareas; i++) {
		char depth[PLAN_DEPTH_STRLEN];

		if (node_map_add(a, areas, s->areas[i].area->name, node_scalar(a,
		    plan_depth_format(s->areas[i].depth, depth), STYLE_PLAIN)) == -1)
			return NULL;
	}
	snprintf(num, sizeof(num), "%d", s->minutes);
	if (node_map_add(a, m, "areas", areas) == -1 ||
	    node_map_add(a, m, "anesthetic", node_scalar_ref(a,
	    s->anesthetic ? "true" : "false", STYLE_PLAIN)) == -1 ||
	    node_map_add(a, m, "serum", node_scalar(a, s->serum, STYLE_ANY)) == -1 ||
	    node_map_add_text(a, m, "duration_min", num) == -1)
		return NULL;
	if (s->maintenance && node_map_add(a, m, "maintenance",
	    node_scalar_ref(a, "true", STYLE_PLAIN)) == -1)
		return NULL;
	return m;
}

struct node *
plan_block(struct arena *a, const struct plan *pl)
{
	struct node *b = node_collection(a, NODE_MAPPING, CSTYLE_BLOCK);
	struct node *sessions, *notes;

	if (b == NULL || node_map_add(a, b, "status", node_scalar_ref(a,
	    pl->refused ? "refused" : "planned", STYLE_PLAIN)) == -1)
		return NULL;
	if (pl->refused) {
		if (node_map_add(a, b, "reason", node_scalar(a, pl->reason,
		    STYLE_ANY)) == -1)
			return NULL;
		return b;
	}
	if ((sessions = node_collection(a, NODE_SEQUENCE, CSTYLE_BLOCK)) == NULL ||
	    node_map_add(a, b, "sessions", sessions) == -1)
		return NULL;
	for (size_t i = 0; i < pl->n; i++) {
		struct node *s = session_node(a, &pl->sessions[i]);

		if (s == NULL)
			return NULL;
		node_append(sessions, s);
	}
	if ((notes = node_collection(a, NODE_SEQUENCE, CSTYLE_BLOCK)) == NULL ||
	    node_map_add(a, b, "notes", notes) == -1)
		return NULL;
	if (pl->nnotes == 0 && pl->cut == NULL)
		notes->style = CSTYLE_FLOW;	/* notes: [] */
	for (size_t i = 0; i <= pl->nnotes; i++) {
		const char *text = i < pl->nnotes ? pl->notes[i].text : pl->cut;
		struct node *n;

		if (text == NULL)
			break;
		if ((n = node_scalar(a, text, STYLE_ANY)) == NULL)
			return NULL;
		node_append(notes, n);
	}
	return b;
}

/* --- reading a block back ------------------------------------------------ */

/*
 * derma-aftercare reads the block derma-plan wrote to find the next
 * session.  The block is the tool's own, so anything but what the writer
 * above writes means it was damaged, and reading around the damage would
 * drop the patient's reminders without a word: each is a data error.
 */

/*
 * Fails with d set at n; the message names the key in the block ("plan:
 * date: ...", as a treatment's date is "date: ..."), never its value.
 */
static int
bad_block(struct diag *d, const struct node *n, const char *key,
    const char *why)
{
	int top = strcmp(key, "plan") == 0;

	diag_set(d, DIAG_DATA, n != NULL ? n->line : 0, n != NULL ? n->col : 0,
	    "plan: %s%s%s", top ? "" : key, top ? "" : ": ", why);
	return -1;
}

/*
 * The values of map's keys names[i] in vals[i], NULL when absent or null.
 * Any other key, or one given twice, is an error that names what (the
 * key the map is the value of) and why: an unknown key is not named, as
 * it may be anything.
 */
static int
block_keys(const struct node *map, const char *what, const char *const *names,
    size_t nnames, const struct node **vals, const char *unknown,
    struct diag *d)
{
	unsigned seen = 0;

	memset(vals, 0, nnames * sizeof(*vals));
	for (const struct node *k = map->head; k != NULL && k->next != NULL;
	    k = k->next->next) {
		size_t i;

		for (i = 0; i < nnames; i++)
			if (node_is_scalar(k, names[i]))
				break;
		if (i == nnames)
			return bad_block(d, k, what, unknown);
		if (seen & (1U << i))
			return bad_block(d, k, names[i], "given twice");
		seen |= 1U << i;
		if (!value_is_null(k->next))
			vals[i] = node_resolve(k->next);
	}
	return 0;
}

static int
block_number(const struct node *n, const char *key, double lo, int whole,
    struct diag *d)
{
	double v;

	if (n != NULL && (value_number(n, &v) == -1 || v < lo ||
	    (whole && v != (long)v)))
		return bad_block(d, n, key, whole ? "expected a whole number" :
		    "expected a number");
	return 0;
}

static int
block_bool(const struct node *n, const char *key, struct diag *d)
{
	int v;

	if (n != NULL && value_bool(n, &v) == -1)
		return bad_block(d, n, key, "expected true or false");
	return 0;
}

static int
block_text(const struct node *n, const char *key, struct diag *d)
{
	if (n != NULL && (n->kind != NODE_SCALAR || strlen(n->text) != n->len))
		return bad_block(d, n, key, "expected a single value");
	return 0;
}

/* areas: {area: depth}, as session_node() writes it. */
static int
block_areas(const struct node *m, struct diag *d)
{
	if (m == NULL)
		return 0;
	if (m->kind != NODE_MAPPING)
		return bad_block(d, m, "areas", "expected {area: depth}");
	for (const struct node *k = m->head; k != NULL && k->next != NULL;
	    k = k->next->next) {
		const struct node *v = node_resolve(k->next);

		if (node_resolve(k)->kind != NODE_SCALAR)
			return bad_block(d, k, "areas", "expected an area name");
		if (value_is_null(v))
			return bad_block(d, k, "areas", "an area has no depth");
		if (block_number(v, "areas", 0, 0, d) == -1)
			return -1;
	}
	return 0;
}

enum {
	S_N, S_DATE, S_AREAS, S_ANESTHETIC, S_SERUM, S_DURATION, S_MAINTENANCE,
	S_COUNT
};

/* One entry of sessions: its date in *out, its n in *n (0 when none). */
static int
block_session(const struct node *s, date_t *out, double *n, struct diag *d)
{
	static const char *const keys[S_COUNT] = {"n", "date", "areas",
	    "anesthetic", "serum", "duration_min", "maintenance"};
	const struct node *f[S_COUNT];

	if (s->kind != NODE_MAPPING)
		return bad_block(d, s, "sessions", "expected {n: ..., date: ...}");
	if (block_keys(s, "sessions", keys, S_COUNT, f, "an unknown key in a "
	    "session (derma-plan writes n, date, areas, anesthetic, serum, "
	    "duration_min, maintenance)", d) == -1)
		return -1;
	if (f[S_DATE] == NULL)
		return bad_block(d, s, "sessions", "a session has no date");
	if (value_date(f[S_DATE], out) == -1)
		return bad_block(d, f[S_DATE], "date",
		    "expected a real date as YYYY-MM-DD");
	if (block_number(f[S_N], "n", 1, 1, d) == -1 ||
	    block_areas(f[S_AREAS], d) == -1 ||
	    block_bool(f[S_ANESTHETIC], "anesthetic", d) == -1 ||
	    block_text(f[S_SERUM], "serum", d) == -1 ||
	    block_number(f[S_DURATION], "duration_min", 0, 0, d) == -1 ||
	    block_bool(f[S_MAINTENANCE], "maintenance", d) == -1)
		return -1;
	*n = 0;
	if (f[S_N] != NULL)
		(void)value_number(f[S_N], n);	/* read by block_number() */
	return 0;
}

void
plan_given_by(const struct plan_rules *pr, const struct config *cfg,
    const struct patient *p, date_t day, struct plan_given *out)
{
	int sessions;

	out->n = given(p, day, &out->last);
	plan_course(pr, cfg, p, &sessions, &out->interval);
}

/*
 * Whether the session numbered n booked for day t was given before it: by
 * then the record counts it, and its latest treatment is too near t to be
 * the one before (a treatment of long ago, added since, is not).
 */
static int
given_early(const struct plan_given *given, double n, date_t t)
{
	return given != NULL && n >= 1 && given->n >= n &&
	    given->last > t - given->interval;
}

/* notes: a list of texts. */
static int
block_notes(const struct node *seq, struct diag *d)
{
	if (seq == NULL)
		return 0;
	if (seq->kind != NODE_SEQUENCE)
		return bad_block(d, seq, "notes", "expected a list");
	for (const struct node *c = seq->head; c != NULL; c = c->next)
		if (block_text(node_resolve(c), "notes", d) == -1)
			return -1;
	return 0;
}

/*
 * The sessions of a planned block: the earliest on or after day and not
 * given early (not the first: an edited list need not be in order), 1
 * with *out set, or 0.
 */
static int
block_sessions(const struct node *seq, date_t day,
    const struct plan_given *given, date_t *out, struct diag *d)
{
	int found = 0;

	if (seq->kind != NODE_SEQUENCE)
		return bad_block(d, seq, "sessions", "expected a list");
	for (const struct node *c = seq->head; c != NULL; c = c->next) {
		date_t t = 0;
		double n = 0;

		if (block_session(node_resolve(c), &t, &n, d) == -1)
			return -1;
		if (t >= day && !given_early(given, n, t) &&
		    (!found || t < *out)) {
			*out = t;
			found = 1;
		}
	}
	return found;
}

enum { B_STATUS, B_REASON, B_SESSIONS, B_NOTES, B_COUNT };

int
plan_booked(const struct node *doc, date_t day,
    const struct plan_given *given, date_t *out, struct diag *d)
{
	static const char *const keys[B_COUNT] = {"status", "reason",
	    "sessions", "notes"};
	const struct node *k = node_get_key(doc, "plan"), *b, *f[B_COUNT];
	int refused;

	/* A second block would hide the first, or the first the second. */
	if ((b = node_get_key_again(doc, "plan")) != NULL)
		return bad_block(d, b, "plan", "given twice");
	if (k == NULL || value_is_null(k->next))
		return 0;
	if ((b = node_resolve(k->next))->kind != NODE_MAPPING)
		return bad_block(d, b, "plan", "expected {status: ..., sessions: "
		    "...}, as derma-plan writes it");
	if (block_keys(b, "plan", keys, B_COUNT, f, "an unknown key (derma-plan "
	    "writes status, reason, sessions, notes)", d) == -1)
		return -1;
	if (f[B_STATUS] == NULL)
		return bad_block(d, b, "plan", "no status");
	if (!(refused = node_is_scalar(f[B_STATUS], "refused")) &&
	    !node_is_scalar(f[B_STATUS], "planned"))
		return bad_block(d, f[B_STATUS], "status",
		    "expected planned or refused");
	if (block_text(f[B_REASON], "reason", d) == -1 ||
	    block_notes(f[B_NOTES], d) == -1)
		return -1;
	/* What derma-plan writes for each: a refused plan books nothing. */
	if (refused && f[B_SESSIONS] != NULL)
		return bad_block(d, f[B_SESSIONS], "sessions",
		    "not in a refused plan");
	if (refused)
		return 0;
	if (f[B_REASON] != NULL)
		return bad_block(d, f[B_REASON], "reason", "only in a refused plan");
	if (f[B_SESSIONS] == NULL)
		return bad_block(d, b, "plan", "a planned plan has no sessions");
	return block_sessions(f[B_SESSIONS], day, given, out, d);
}

/* --- the text view ------------------------------------------------------- */

#define VIEW_WIDTH	80
#define AREAS_COLUMN	38	/* where the areas start in a session's line */

#define NOTES_COLUMN	10

/* Text from column col on, wrapped at blanks to the view's width; the
 * lines after the first start at column cont.  Text from a record is
 * escaped (esc). */
static int
view_wrap(struct buf *out, const char *text, size_t col, size_t cont, int esc)
{
	size_t at = col, start = col;
	int r = 0;

	while (r == 0 && *text != '\0') {
		size_t len = strcspn(text, " ");

		if (at > start && at + 1 + len > VIEW_WIDTH) {
			r = buf_printf(out, "\n%*s", (int)cont, "");
			at = start = cont;
		} else if (at > start) {
			r = buf_putc(out, ' ');
			at++;
		}
		if (r == 0)
			r = esc ? esc_term(out, text, len) : buf_add(out, text, len);
		at += len;
		text += len;
		text += strspn(text, " ");
	}
	return r == 0 ? buf_putc(out, '\n') : -1;
}

/* "cheeks 1.0, chin 1.0" wrapped in the areas column. */
static int
view_areas(struct buf *out, const struct plan_session *s)
{
	size_t col = AREAS_COLUMN;
	int r = 0;

	for (size_t i = 0; r == 0 && i < s->nareas; i++) {
		char depth[PLAN_DEPTH_STRLEN];
		size_t len;

		plan_depth_format(s->areas[i].depth, depth);
		len = strlen(s->areas[i].area->name) + 1 + strlen(depth) +
		    (i + 1 < s->nareas);
		if (i > 0 && col + 1 + len > VIEW_WIDTH) {
			r = buf_printf(out, "\n%*s", AREAS_COLUMN, "");
			col = AREAS_COLUMN;
		} else if (i > 0) {
			r = buf_putc(out, ' ');
			col++;
		}
		if (r == 0)
			r = buf_printf(out, "%s %s%s", s->areas[i].area->name, depth,
			    i + 1 < s->nareas ? "," : "");
		col += len;
	}
	return r == 0 ? buf_putc(out, '\n') : -1;
}

int
plan_text(const struct plan *pl, const struct patient *p, int color,
    struct buf *out)
{
	const char *on = color ? (pl->refused ? "\033[31m" : "\033[32m") : "";
	const char *off = color ? "\033[0m" : "";
	size_t start = out->len, cols;
	char status[32];
	int r = buf_puts(out, p->id);

	if (r == 0 && p->name != NULL && (r = buf_puts(out, "  ")) == 0)
		r = esc_term(out, p->name, strlen(p->name));
	cols = esc_term_width(out->p + start, out->len - start);
	snprintf(status, sizeof(status), "planned, %zu session%s", pl->n,
	    pl->n == 1 ? "" : "s");
	/* A long name: the status on a line of its own, within the width
	 * (a reason needs room for some words of it). */
	if (r == 0 && cols + 2 + (pl->refused ? strlen("refused: ") + 20 :
	    strlen(status)) > VIEW_WIDTH) {
		r = buf_putc(out, '\n');
		cols = 0;
	}
	/* The reason quotes the record (a medication as written): escaped. */
	if (r == 0 && pl->refused) {
		r = buf_printf(out, "  %srefused%s: ", on, off);
		return r == 0 ? view_wrap(out, pl->reason,
		    cols + strlen("  refused: "), 4, 1) : -1;
	}
	if (r == 0)
		r = buf_printf(out, "  %splanned%s%s\n", on, off,
		    status + strlen("planned"));
	if (r == 0 && pl->n > 0)
		r = buf_printf(out, "  %3s  %-10s  %-3s  %3s  %-7s  %s\n", "n",
		    "date", "day", "min", "numbing", "areas (depth in mm)");
	for (size_t i = 0; r == 0 && i < pl->n; i++) {
		const struct plan_session *s = &pl->sessions[i];
		char day[DATE_STRLEN];

		r = buf_printf(out, "  %3d  %s  %.3s  %3d  %-7s  ", s->n,
		    date_format(s->date, day), date_weekday_name(date_weekday(s->date)),
		    s->minutes, s->anesthetic ? "yes" : "no");
		if (r == 0)
			r = view_areas(out, s);
		if (r == 0 && s->maintenance)
			r = buf_printf(out, "%*s(maintenance)\n", AREAS_COLUMN, "");
	}
	/* Why the course stops short quotes the record too: escaped. */
	if (r == 0 && pl->cut != NULL) {
		r = buf_printf(out, "  %sstops short%s: ", color ? "\033[31m" : "",
		    off);
		if (r == 0)
			r = view_wrap(out, pl->cut, strlen("  stops short: "), 4, 1);
	}
	for (size_t i = 0; r == 0 && i < pl->nnotes; i++) {
		r = buf_puts(out, i == 0 ? "  before: " : "          ");
		if (r == 0)
			r = view_wrap(out, pl->notes[i].text, NOTES_COLUMN,
			    NOTES_COLUMN + 2, 0);
	}
	/* A caution's message may quote the record (a medication): escaped. */
	for (size_t i = 0; r == 0 && i < pl->ncautions; i++) {
		r = buf_puts(out, i == 0 ? "  caution: " : "           ");
		if (r == 0)
			r = view_wrap(out, pl->cautions[i], NOTES_COLUMN + 1,
			    NOTES_COLUMN + 3, 1);
	}
	return r;
}

#include "aftercare.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datadir.h"
#include "escape.h"
#include "mime.h"
#include "template.h"
#include "value.h"

#define NEXT_SESSION	"next-session"
#define APPOINTMENT	"appointment"
#define NUMBING_SUFFIX	"-numbing"	/* appointment-numbing: with the cream */
#define MAX_LANGUAGES	32

/* One kind of reminder: when, counted from the treatment or the session. */
struct kind {
	const char *name;
	int before;		/* counted back from the next session */
	int from, to;		/* days: after D, or before S (from >= to) */
	int open;
	const char *when;	/* before kinds: the plan note's kind, or NULL */
};

/* The texts of one language. */
struct lang {
	const char *code;	/* "en" */
	const char *subject_after, *subject_before, *subject_appointment;
	const char *greeting, *greeting_unnamed, *closing, *footer;
	const char *clinic_unnamed, *phone_unknown;
	const char *weekdays[7];
	const char *months[12];
	const char *first_day;	/* the first of a month as dates write it
				 * ("1er" in French), or NULL: "1" */
	const char **titles;	/* by kind */
	const char **texts;	/* by kind */
	const char *appointment_numbing;
};

struct aftercare_data {
	struct arena *arena;
	struct kind *kinds;	/* after, next-session, before */
	size_t nkinds;
	struct lang langs[MAX_LANGUAGES];
	size_t nlangs;
};

/* What texts and titles may name; the mail's parts have their own sets. */
enum { P_CLINIC, P_PHONE, P_WEB, P_DATE, P_UNTIL, P_SESSION, P_TIME };
static const char *const text_names[] = {
	"clinic", "phone", "web", "date", "until", "session", "time", NULL
};
enum { PG_NAME };
static const char *const greeting_names[] = {"name", NULL};
enum { PC_CLINIC, PC_PHONE, PC_ADDRESS, PC_WEB };
static const char *const closing_names[] = {
	"clinic", "phone", "address", "web", NULL
};
static const char *const subject_names[] = {"clinic", NULL};
static const char *const no_names[] = {NULL};

/* --- loading ------------------------------------------------------------- */

static const struct node *
get_map(const struct node *m, const char *key, struct diag *d)
{
	const struct node *v = node_get(m, key);

	if (v == NULL || v->kind != NODE_MAPPING) {
		datafile_error(d, v ? v : m, "%s: expected a mapping", key);
		return NULL;
	}
	return v;
}

static int
get_days(const struct node *m, const char *key, int *out, int *given,
    struct diag *d)
{
	const struct node *v = node_get(m, key);
	double n;

	*given = v != NULL;
	if (v == NULL)
		return 0;
	if (value_number(v, &n) == -1 || n != (int)n || n > 366)
		return datafile_error(d, v, "%s: expected a number of days, 0-366",
		    key);
	*out = (int)n;
	return 0;
}

static int
load_kind(struct kind *k, const struct node *m, int before, struct diag *d)
{
	const struct node *name, *when, *open;
	int given, has_to, o = 0;

	if (m->kind != NODE_MAPPING)
		return datafile_error(d, m, "expected {kind: ..., from: ...}");
	name = node_get(m, "kind");
	if (name == NULL || name->kind != NODE_SCALAR ||
	    !value_id_ok(name->text, name->len))
		return datafile_error(d, name ? name : m, "kind: expected a word");
	k->name = name->text;
	k->before = before;
	if (get_days(m, "from", &k->from, &given, d) == -1)
		return -1;
	if (!given)
		return datafile_error(d, m, "from: missing");
	if (get_days(m, "to", &k->to, &has_to, d) == -1)
		return -1;
	if (!has_to)
		k->to = k->from;
	if ((open = node_get(m, "open")) != NULL && value_bool(open, &o) == -1)
		return datafile_error(d, open, "open: expected true or false");
	k->open = o;
	if (before && (has_to || o))
		return datafile_error(d, m, "a reminder before a session is on one day");
	if (!before && k->to < k->from)
		return datafile_error(d, m, "to: before from");
	when = node_get(m, "when");
	k->when = when != NULL && when->kind == NODE_SCALAR ? when->text : NULL;
	if (when != NULL && (!before || k->when == NULL))
		return datafile_error(d, when, "when: a plan note's kind, for "
		    "reminders before a session");
	return 0;
}

static int
load_timeline(struct aftercare_data *ad, const char *dir, struct diag *d)
{
	const struct node *after, *before;
	struct node *root;
	size_t n, i = 0;

	if (datafile_load(dir, "aftercare.yaml", ad->arena, &root, d) == -1)
		return -1;
	after = node_get(root, "after");
	before = node_get(root, "before");
	if (after == NULL || after->kind != NODE_SEQUENCE || before == NULL ||
	    before->kind != NODE_SEQUENCE)
		return datafile_error(d, root, "expected after: [...] and before: [...]");
	n = after->n + before->n + 1;
	if ((ad->kinds = arena_zalloc(ad->arena, n * sizeof(*ad->kinds))) == NULL)
		return datafile_error(d, root, "out of memory");
	for (const struct node *c = after->head; c != NULL; c = c->next)
		if (load_kind(&ad->kinds[i++], node_resolve(c), 0, d) == -1)
			return -1;
	ad->kinds[i++] = (struct kind){NEXT_SESSION, 0, 0, 0, 0, NULL};
	for (const struct node *c = before->head; c != NULL; c = c->next)
		if (load_kind(&ad->kinds[i++], node_resolve(c), 1, d) == -1)
			return -1;
	ad->nkinds = i;
	for (size_t a = 0; a < i; a++)
		for (size_t b = 0; b < a; b++)
			if (strcmp(ad->kinds[a].name, ad->kinds[b].name) == 0)
				return datafile_error(d, root, "kind %s given twice",
				    ad->kinds[a].name);
	return 0;
}

/*
 * A text of a language file, checked against the placeholders it may use:
 * those of allowed among names (a kind's texts cannot all say the same).
 */
static int
get_text_of(const struct node *m, const char *key, const char *const *names,
    unsigned long allowed, const char **out, struct diag *d)
{
	const struct node *v = node_get(m, key);
	unsigned long used;
	size_t bad;
	char known[256];

	if (v == NULL)
		return datafile_error(d, m, "%s: missing", key);
	if (v->kind != NODE_SCALAR || v->len == 0 || strlen(v->text) != v->len)
		return datafile_error(d, v, "%s: expected a text", key);
	if (template_uses(v->text, names, &used, &bad) == -1 ||
	    (used & ~allowed) != 0) {
		template_list(names, allowed, known, sizeof(known));
		return datafile_error(d, v, "%s: a placeholder it cannot have "
		    "(it may use %s)", key, known);
	}
	*out = v->text;
	return 0;
}

static int
get_text(const struct node *m, const char *key, const char *const *names,
    const char **out, struct diag *d)
{
	return get_text_of(m, key, names, ~0UL, out, d);
}

/*
 * The placeholders a kind's title and text may use: {until} only when it
 * has a last day of its own, the session's day and time only before a
 * session (after a treatment there may be none).
 */
static unsigned long
kind_names(const struct kind *k)
{
	unsigned long set = 1UL << P_CLINIC | 1UL << P_PHONE | 1UL << P_WEB |
	    1UL << P_DATE;

	if (!k->before && !k->open && k->to != k->from)
		set |= 1UL << P_UNTIL;
	if (k->before || strcmp(k->name, NEXT_SESSION) == 0)
		set |= 1UL << P_SESSION | 1UL << P_TIME;
	return set;
}

/* first_day: how the dates of a language write the first of a month. */
static int
get_first_day(const struct node *m, const char **out, struct diag *d)
{
	const struct node *v = node_resolve(node_get(m, "first_day"));

	*out = NULL;
	if (v == NULL)
		return 0;
	if (v->kind != NODE_SCALAR || v->len == 0 || v->len > 16 ||
	    strlen(v->text) != v->len)
		return datafile_error(d, v, "first_day: expected how the first "
		    "of a month is written, such as 1er");
	*out = v->text;
	return 0;
}

static int
get_names(const struct node *m, const char *key, const char **out, size_t n,
    struct diag *d)
{
	const struct node *v = node_get(m, key);
	size_t i = 0;

	if (v == NULL || v->kind != NODE_SEQUENCE || v->n != n)
		return datafile_error(d, v ? v : m, "%s: expected a list of %zu "
		    "names", key, n);
	for (const struct node *c = v->head; c != NULL; c = c->next) {
		const struct node *s = node_resolve(c);

		if (s->kind != NODE_SCALAR || s->len == 0)
			return datafile_error(d, s, "%s: expected a name", key);
		out[i++] = s->text;
	}
	return 0;
}

/* Every kind's title and text, and nothing else. */
static int
get_per_kind(struct aftercare_data *ad, const struct node *m, const char *key,
    const char ***out, const char **numbing, struct diag *d)
{
	const struct node *t = get_map(m, key, d);
	const struct kind *appointment = NULL;
	const char **v;

	if (t == NULL)
		return -1;
	for (size_t i = 0; i < ad->nkinds; i++)
		if (strcmp(ad->kinds[i].name, APPOINTMENT) == 0)
			appointment = &ad->kinds[i];
	if ((v = arena_zalloc(ad->arena, ad->nkinds * sizeof(*v))) == NULL)
		return datafile_error(d, t, "out of memory");
	for (size_t i = 0; i < ad->nkinds; i++)
		if (get_text_of(t, ad->kinds[i].name, text_names,
		    kind_names(&ad->kinds[i]), &v[i], d) == -1)
			return -1;
	if (numbing != NULL && get_text_of(t, APPOINTMENT NUMBING_SUFFIX,
	    text_names, appointment ? kind_names(appointment) : ~0UL, numbing,
	    d) == -1)
		return -1;
	for (const struct node *k = t->head; k != NULL && k->next != NULL;
	    k = k->next->next) {
		size_t i;

		for (i = 0; i < ad->nkinds; i++)
			if (node_is_scalar(k, ad->kinds[i].name))
				break;
		if (i == ad->nkinds && !(numbing != NULL &&
		    node_is_scalar(k, APPOINTMENT NUMBING_SUFFIX)))
			return datafile_error(d, k, "%s: not a kind of aftercare.yaml",
			    key);
	}
	*out = v;
	return 0;
}

static int
load_language(struct aftercare_data *ad, const char *dir, const char *file,
    const char *code, struct diag *d)
{
	struct lang *l = &ad->langs[ad->nlangs];
	const struct node *subj, *mail, *lc;
	struct node *root;

	if (ad->nlangs == MAX_LANGUAGES)
		return datafile_error(d, NULL, "more than %d languages",
		    MAX_LANGUAGES);
	if (datafile_load(dir, file, ad->arena, &root, d) == -1)
		return -1;
	lc = node_get(root, "language");
	if (lc == NULL || !node_is_scalar(lc, code))
		return datafile_error(d, lc ? lc : root, "language: expected %s, "
		    "as the file's name says", code);
	l->code = lc->text;
	if ((subj = get_map(root, "subjects", d)) == NULL ||
	    get_text(subj, "after", subject_names, &l->subject_after, d) == -1 ||
	    get_text(subj, "before", subject_names, &l->subject_before, d) == -1 ||
	    get_text(subj, APPOINTMENT, subject_names, &l->subject_appointment,
	    d) == -1 ||
	    (mail = get_map(root, "mail", d)) == NULL ||
	    get_text(mail, "greeting", greeting_names, &l->greeting, d) == -1 ||
	    get_text(mail, "greeting_unnamed", no_names, &l->greeting_unnamed,
	    d) == -1 ||
	    get_text(mail, "closing", closing_names, &l->closing, d) == -1 ||
	    get_text(mail, "footer", closing_names, &l->footer, d) == -1 ||
	    get_text(root, "clinic_unnamed", no_names, &l->clinic_unnamed, d) == -1 ||
	    get_text(root, "phone_unknown", no_names, &l->phone_unknown, d) == -1 ||
	    get_names(root, "weekdays", l->weekdays, 7, d) == -1 ||
	    get_names(root, "months", l->months, 12, d) == -1 ||
	    get_first_day(root, &l->first_day, d) == -1 ||
	    get_per_kind(ad, root, "titles", &l->titles, NULL, d) == -1 ||
	    get_per_kind(ad, root, "texts", &l->texts, &l->appointment_numbing,
	    d) == -1)
		return -1;
	ad->nlangs++;
	return 0;
}

/* "aftercare.fr.yaml": 1 with the code into out (of 9 bytes); else 0. */
static int
language_file(const char *name, char *out)
{
	static const char pre[] = "aftercare.", suf[] = ".yaml";
	size_t n = strlen(name), len;

	if (n <= sizeof(pre) - 1 + sizeof(suf) - 1 ||
	    strncmp(name, pre, sizeof(pre) - 1) != 0 ||
	    strcmp(name + n - (sizeof(suf) - 1), suf) != 0)
		return 0;
	len = n - (sizeof(pre) - 1) - (sizeof(suf) - 1);
	if (len < 2 || len > 8)
		return 0;
	memcpy(out, name + sizeof(pre) - 1, len);
	out[len] = '\0';
	for (size_t i = 0; i < len; i++)
		if (!((out[i] >= 'a' && out[i] <= 'z') || out[i] == '-'))
			return 0;
	return 1;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The language files of dir, in name order (so messages do not depend on
 * the order readdir(3) gives). */
static int
load_languages(struct aftercare_data *ad, const char *dir, struct diag *d)
{
	char *names[MAX_LANGUAGES + 1];
	size_t n = 0;
	struct dirent *e;
	DIR *dp;
	int r = 0;

	if ((dp = opendir(dir)) == NULL) {
		diag_set(d, DIAG_CONFIG, 0, 0, "%s: cannot read the directory", dir);
		return -1;
	}
	while ((e = readdir(dp)) != NULL && n <= MAX_LANGUAGES) {
		char code[9];

		if (language_file(e->d_name, code) &&
		    (names[n] = arena_strdup(ad->arena, e->d_name)) != NULL)
			n++;
	}
	closedir(dp);
	qsort(names, n, sizeof(*names), by_name);
	for (size_t i = 0; r == 0 && i < n; i++) {
		char code[9];

		language_file(names[i], code);
		r = load_language(ad, dir, names[i], code, d);
	}
	if (r == 0 && !aftercare_has_language(ad, "en")) {
		diag_set_file(d, dir);
		diag_set(d, DIAG_CONFIG, 0, 0, "no aftercare.en.yaml: English is "
		    "the texts' last resort");
		r = -1;
	}
	return r;
}

struct aftercare_data *
aftercare_load(const char *dir, struct diag *d)
{
	struct aftercare_data *ad = calloc(1, sizeof(*ad));

	if (ad == NULL || (ad->arena = arena_new()) == NULL) {
		diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
		aftercare_free(ad);
		return NULL;
	}
	if (load_timeline(ad, dir, d) == -1 || load_languages(ad, dir, d) == -1) {
		aftercare_free(ad);
		return NULL;
	}
	return ad;
}

void
aftercare_free(struct aftercare_data *ad)
{
	if (ad == NULL)
		return;
	arena_free(ad->arena);
	free(ad);
}

static const struct lang *
find_lang(const struct aftercare_data *ad, const char *code)
{
	for (size_t i = 0; code != NULL && i < ad->nlangs; i++)
		if (strcmp(ad->langs[i].code, code) == 0)
			return &ad->langs[i];
	return NULL;
}

int
aftercare_has_language(const struct aftercare_data *ad, const char *lang)
{
	return find_lang(ad, lang) != NULL;
}

/* --- the timeline -------------------------------------------------------- */

/* The language of p's texts: the record's, else the clinic's, else English. */
static const struct lang *
choose_lang(const struct aftercare_data *ad, const struct config *cfg,
    const struct patient *p)
{
	const char *tries[] = {p->language, cfg != NULL ? cfg->language : NULL};
	const struct lang *l;

	for (size_t i = 0; i < 2; i++) {
		char code[16];
		size_t n;

		if (tries[i] == NULL)
			continue;
		/* "FR" and "fr-BE" are French too. */
		for (n = 0; n < sizeof(code) - 1 && tries[i][n] != '\0' &&
		    tries[i][n] != '-' && tries[i][n] != '_'; n++)
			code[n] = (char)(tries[i][n] >= 'A' && tries[i][n] <= 'Z' ?
			    tries[i][n] - 'A' + 'a' : tries[i][n]);
		code[n] = '\0';
		if ((l = find_lang(ad, code)) != NULL)
			return l;
	}
	return find_lang(ad, "en");
}

/* "Monday 4 January 2027", in the language ("mardi 1er décembre"). */
static int
long_date(struct buf *out, const struct lang *l, date_t t)
{
	int y, m, dd;

	date_to_ymd(t, &y, &m, &dd);
	if (dd == 1 && l->first_day != NULL)
		return buf_printf(out, "%s %s %s %d", l->weekdays[date_weekday(t)],
		    l->first_day, l->months[m - 1], y);
	return buf_printf(out, "%s %d %s %d", l->weekdays[date_weekday(t)], dd,
	    l->months[m - 1], y);
}

/* What the placeholders of one event's text stand for. */
struct fill {
	const struct lang *lang;
	const struct config *cfg;
	const struct aftercare *ac;
	const struct ac_event *ev;
	const struct patient *p;
	int fallback;		/* a missing clinic name or phone: a phrase */
};

static int
put_opt(struct buf *out, const char *s, const char *fallback)
{
	if (s != NULL)
		return buf_puts(out, s);
	return fallback != NULL ? buf_puts(out, fallback) : 0;
}

static int
fill_text(void *arg, size_t which, struct buf *out)
{
	const struct fill *f = arg;
	const struct config *c = f->cfg;

	switch (which) {
	case P_CLINIC:
		return put_opt(out, c ? c->clinic.name : NULL, f->lang->clinic_unnamed);
	case P_PHONE:
		return put_opt(out, c ? c->clinic.phone : NULL, f->lang->phone_unknown);
	case P_WEB:
		return put_opt(out, c ? c->clinic.web : NULL, NULL);
	case P_DATE:
		return long_date(out, f->lang, f->ev->from);
	case P_UNTIL:
		return long_date(out, f->lang, f->ev->to);
	case P_SESSION:
		return f->ac->has_session ? long_date(out, f->lang, f->ac->session) : 0;
	case P_TIME:
		return buf_puts(out, c ? c->course.session_time : "10:00");
	}
	return -1;
}

static const char *
expand(struct arena *a, const char *tmpl, const char *const *names,
    int (*fill)(void *, size_t, struct buf *), void *arg)
{
	struct buf b = {0};
	const char *s = NULL;

	if (template_expand(tmpl, names, fill, arg, &b) == 0 &&
	    buf_str(&b) != NULL)
		s = arena_strndup(a, b.p, b.len);
	buf_free(&b);
	return s;
}

static size_t
kind_index(const struct aftercare_data *ad, const struct kind *k)
{
	return (size_t)(k - ad->kinds);
}

/* The plan's note a before kind needs, or NULL when it has none or there
 * is no plan (pl NULL). */
static const struct plan_note *
plan_note(const struct plan *pl, const char *when)
{
	for (size_t i = 0; pl != NULL && i < pl->nnotes; i++)
		if (pl->notes[i].before != NULL &&
		    strcmp(pl->notes[i].before->kind, when) == 0)
			return &pl->notes[i];
	return NULL;
}

/* The events of ac, sorted by first day; ties keep the data's order. */
static void
sort_events(struct aftercare *ac)
{
	for (size_t i = 1; i < ac->n; i++) {
		struct ac_event e = ac->events[i];
		size_t j = i;

		for (; j > 0 && ac->events[j - 1].from > e.from; j--)
			ac->events[j] = ac->events[j - 1];
		ac->events[j] = e;
	}
}

static int
add_event(const struct aftercare_data *ad, struct fill *f, struct arena *a,
    struct aftercare *ac, const struct kind *k, date_t from, date_t to,
    int numbing)
{
	struct ac_event *ev = &ac->events[ac->n];
	size_t i = kind_index(ad, k);
	const char *text = f->lang->texts[i];

	/* A day past 9999-12-31, or before 0001-01-01 (a reminder days
	 * before a session on the first days), has no date to write. */
	if (to > DATE_MAX || from > DATE_MAX || from < DATE_MIN)
		return 0;
	ev->kind = k->name;
	ev->from = from;
	ev->to = to;
	ev->open = k->open;
	ev->before = k->before;
	f->ev = ev;
	if (numbing && strcmp(k->name, APPOINTMENT) == 0)
		text = f->lang->appointment_numbing;
	if ((ev->title = expand(a, f->lang->titles[i], text_names, fill_text,
	    f)) == NULL ||
	    (ev->text = expand(a, text, text_names, fill_text, f)) == NULL)
		return -1;
	ac->n++;
	return 0;
}

/* The latest treatment on or before day. */
static int
latest_treatment(const struct patient *p, date_t day, date_t *out)
{
	int found = 0;

	for (size_t i = 0; i < p->ntreatments; i++)
		if (p->treatments[i].date <= day &&
		    (!found || p->treatments[i].date > *out))
			*out = p->treatments[i].date, found = 1;
	return found;
}

int
aftercare_patient(const struct aftercare_data *ad, const struct config *cfg,
    const struct patient *p, const struct plan *pl, date_t day,
    struct arena *a, struct aftercare *out, struct diag *d)
{
	struct fill f;
	int numbing = 0;

	memset(out, 0, sizeof(*out));
	memset(&f, 0, sizeof(f));
	f.lang = choose_lang(ad, cfg, p);
	f.cfg = cfg;
	f.ac = out;
	f.p = p;
	out->language = f.lang->code;
	out->has_treatment = latest_treatment(p, day, &out->treatment);
	/* The next session: the first the plan gives on or after day. */
	for (size_t i = 0; pl != NULL && !pl->refused && i < pl->n; i++) {
		if (pl->sessions[i].date >= day) {
			out->has_session = 1;
			out->session = pl->sessions[i].date;
			out->session_n = pl->sessions[i].n;
			numbing = pl->sessions[i].anesthetic;
			break;
		}
	}
	if ((out->events = arena_alloc(a, (ad->nkinds + 1) *
	    sizeof(*out->events))) == NULL)
		goto nomem;
	for (size_t i = 0; i < ad->nkinds; i++) {
		const struct kind *k = &ad->kinds[i];
		const struct plan_note *note;
		int r = 0;

		if (strcmp(k->name, NEXT_SESSION) == 0) {
			if (out->has_session)
				r = add_event(ad, &f, a, out, k, out->session,
				    out->session, 0);
		} else if (!k->before) {
			if (out->has_treatment)
				r = add_event(ad, &f, a, out, k,
				    out->treatment + k->from, out->treatment + k->to, 0);
		} else if (out->has_session && k->when == NULL) {
			r = add_event(ad, &f, a, out, k, out->session - k->from,
			    out->session - k->from, numbing);
		} else if (out->has_session &&
		    (note = plan_note(pl, k->when)) != NULL) {
			/* On the day the plan's note says, so that the two
			 * agree when a clinic changes plan.yaml. */
			r = add_event(ad, &f, a, out, k, note->from, note->from, 0);
		}
		if (r == -1)
			goto nomem;
	}
	sort_events(out);
	return 0;
nomem:
	diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
	return -1;
}

int
aftercare_shown(const struct ac_event *ev, const struct ac_days *days)
{
	if (days == NULL || !days->due_only)
		return 1;
	return ev->from >= days->first && ev->from <= days->last;
}

/* --- the block ----------------------------------------------------------- */

static struct node *
event_node(struct arena *a, const struct ac_event *ev)
{
	struct node *m = node_collection(a, NODE_MAPPING, CSTYLE_FLOW);
	char day[DATE_STRLEN];

	if (m == NULL ||
	    node_map_add_text(a, m, "date", date_format(ev->from, day)) == -1)
		return NULL;
	if (ev->to != ev->from &&
	    node_map_add_text(a, m, "until", date_format(ev->to, day)) == -1)
		return NULL;
	if (node_map_add(a, m, "kind", node_scalar_ref(a, ev->kind,
	    STYLE_PLAIN)) == -1 ||
	    node_map_add(a, m, "text", node_scalar_ref(a, ev->text,
	    STYLE_ANY)) == -1)
		return NULL;
	return m;
}

struct node *
aftercare_block(struct arena *a, const struct aftercare *ac,
    const struct ac_days *days)
{
	struct node *b = node_collection(a, NODE_MAPPING, CSTYLE_BLOCK);
	struct node *events = node_collection(a, NODE_SEQUENCE, CSTYLE_BLOCK);
	char day[DATE_STRLEN];

	if (b == NULL || events == NULL)
		return NULL;
	if (ac->has_treatment && node_map_add_text(a, b, "treatment",
	    date_format(ac->treatment, day)) == -1)
		return NULL;
	if (node_map_add(a, b, "events", events) == -1)
		return NULL;
	for (size_t i = 0; i < ac->n; i++) {
		struct node *e;

		if (!aftercare_shown(&ac->events[i], days))
			continue;
		if ((e = event_node(a, &ac->events[i])) == NULL)
			return NULL;
		node_append(events, e);
	}
	if (events->n == 0)
		events->style = CSTYLE_FLOW;	/* events: [] */
	return b;
}

/* --- mail ---------------------------------------------------------------- */

const char *
aftercare_address(const struct patient *p, const char **why)
{
	if (p->email == NULL || p->email[0] == '\0') {
		*why = "no e-mail address";
		return NULL;
	}
	if (p->reminders == 0) {
		*why = "reminders off";
		return NULL;
	}
	if (p->reminders == -1) {
		*why = "reminders not answered";
		return NULL;
	}
	if (!mime_addr_ok(p->email, strlen(p->email))) {
		*why = "not a valid e-mail address";
		return NULL;
	}
	*why = NULL;
	return p->email;
}

/* The part of an address after its "@", or the domain of no one's. */
static const char *
domain_of(const char *addr)
{
	const char *at = addr != NULL ? strrchr(addr, '@') : NULL;

	return at != NULL && at[1] != '\0' ? at + 1 : "derma.invalid";
}

/* A short hash of the clinic, so that two clinics' identifiers differ. */
static unsigned long
clinic_hash(const struct config *cfg)
{
	const char *parts[] = {cfg->clinic.name, cfg->mail.from};
	unsigned long h = 2166136261UL;

	for (size_t i = 0; i < 2; i++)
		for (const char *s = parts[i]; s != NULL && *s != '\0'; s++)
			h = ((h ^ (unsigned char)*s) * 16777619UL) & 0xffffffffUL;
	return h;
}

/* An id as an identifier's part: its dots written =2E, as a dot-atom
 * may not hold two in a row. */
static int
put_id(struct buf *out, const char *id)
{
	int r = 0;

	for (; r == 0 && *id != '\0'; id++)
		r = *id == '.' ? buf_puts(out, "=2E") : buf_putc(out, *id);
	return r;
}

static int
put_ymd(struct buf *out, date_t t)
{
	int y, m, d;

	date_to_ymd(t, &y, &m, &d);
	return buf_printf(out, "%04d%02d%02d", y, m, d);
}

/*
 * The stable identifier of what is sent or shown:
 * what.ID.TREATMENT[.DAY].CLINIC@DOMAIN, DAY left out when it is the
 * treatment's; with no treatment (anchor NULL), what.ID.0.DAY.CLINIC@DOMAIN.
 * The 0 is never a day: a mail sent before a first treatment must not
 * share the id of the treatment day's, or the state would take one for
 * the other and never send the second.
 */
static int
put_ident(struct buf *out, const struct config *cfg, const char *what,
    const char *id, const date_t *anchor, date_t day)
{
	if (buf_printf(out, "%s.", what) == -1 || put_id(out, id) == -1 ||
	    buf_putc(out, '.') == -1)
		return -1;
	if ((anchor != NULL ? put_ymd(out, *anchor) : buf_putc(out, '0')) == -1)
		return -1;
	if ((anchor == NULL || day != *anchor) &&
	    (buf_putc(out, '.') == -1 || put_ymd(out, day) == -1))
		return -1;
	return buf_printf(out, ".%08lx@%s", clinic_hash(cfg),
	    domain_of(cfg->mail.from));
}

/* The identifier of a session's event: KIND.ID.sN.CLINIC@DOMAIN. */
static int
put_session_ident(struct buf *out, const struct config *cfg, const char *kind,
    const char *id, int n)
{
	if (buf_printf(out, "%s.", kind) == -1 || put_id(out, id) == -1)
		return -1;
	return buf_printf(out, ".s%d.%08lx@%s", n, clinic_hash(cfg),
	    domain_of(cfg->mail.from));
}

/* The Date: header of t, in UTC, with English names as RFC 5322 has them. */
static int
put_date(struct buf *out, time_t t)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu",
	    "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL)
		return -1;
	return buf_printf(out, "%s, %02d %s %04d %02d:%02d:%02d +0000",
	    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Whether c is a blank in a name: a space, or a control character. */
static int
name_blank(char c)
{
	return c == ' ' || (unsigned char)c < 0x20 || c == 0x7f;
}

/*
 * The patient's name in a greeting: without the blanks around it, its
 * control characters (line breaks) spaces; n bytes of it, or 0 when it
 * is all blanks (the unnamed greeting then, as the To: header has).
 */
static size_t
greeting_name(const char *name, const char **start)
{
	size_t n;

	if (name == NULL)
		return 0;
	while (name_blank(*name) && *name != '\0')
		name++;
	for (n = strlen(name); n > 0 && name_blank(name[n - 1]); n--)
		;
	*start = name;
	return n;
}

static int
fill_greeting(void *arg, size_t which, struct buf *out)
{
	const struct fill *f = arg;
	const char *s = NULL;
	size_t n = greeting_name(f->p->name, &s);
	int r = 0;

	(void)which;
	for (size_t i = 0; r == 0 && i < n; i++)
		r = buf_putc(out, name_blank(s[i]) ? ' ' : s[i]);
	return r;
}

static int
fill_closing(void *arg, size_t which, struct buf *out)
{
	const struct fill *f = arg;
	const struct config *c = f->cfg;
	const char *v[] = {c->clinic.name, c->clinic.phone, c->clinic.address,
	    c->clinic.web};
	const char *fallback[] = {f->lang->clinic_unnamed, f->lang->phone_unknown,
	    NULL, NULL};

	if (which >= 4)
		return -1;
	return put_opt(out, v[which], f->fallback ? fallback[which] : NULL);
}

/* The closing's lines, but those that came out empty. */
static int
put_closing(struct buf *out, struct fill *f)
{
	struct buf b = {0};
	const char *s, *e;
	int r;

	f->fallback = 0;
	r = template_expand(f->lang->closing, closing_names, fill_closing, f, &b);
	for (s = b.p, e = b.p + b.len; r == 0 && s < e;) {
		const char *nl = memchr(s, '\n', (size_t)(e - s));
		size_t len = nl ? (size_t)(nl - s) : (size_t)(e - s);

		if (len > 0)
			r = buf_add(out, s, len) == 0 ? buf_puts(out, "\r\n") : -1;
		s += len + 1;
	}
	f->fallback = 1;
	buf_free(&b);
	return r;
}

/* The subject: the appointment first, then getting ready, then aftercare. */
static const char *
subject(const struct lang *l, const struct aftercare *ac, date_t day)
{
	int before = 0;

	for (size_t i = 0; i < ac->n; i++) {
		if (ac->events[i].from != day)
			continue;
		if (strcmp(ac->events[i].kind, APPOINTMENT) == 0)
			return l->subject_appointment;
		before |= ac->events[i].before;
	}
	return before ? l->subject_before : l->subject_after;
}

/* The body in text with CR LF line ends, before its transfer encoding. */
static int
mail_body(struct buf *b, struct fill *f, const struct aftercare *ac, date_t day)
{
	const struct lang *l = f->lang;
	const char *name;
	int r;

	if (greeting_name(f->p->name, &name) > 0)
		r = template_expand(l->greeting, greeting_names, fill_greeting, f, b);
	else
		r = buf_puts(b, l->greeting_unnamed);
	for (size_t i = 0; r == 0 && i < ac->n; i++)
		if (ac->events[i].from == day)
			r = buf_printf(b, "\r\n\r\n%s", ac->events[i].text);
	if (r == 0)
		r = buf_puts(b, "\r\n\r\n");
	if (r == 0)
		r = put_closing(b, f);
	if (r == 0)
		r = buf_puts(b, "\r\n-- \r\n");
	if (r == 0)
		r = template_expand(l->footer, closing_names, fill_closing, f, b);
	return r == 0 ? buf_puts(b, "\r\n") : -1;
}

/* Appends n bytes of s with CR LF made LF. */
static int
add_lf(struct buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
			continue;
		if (buf_putc(out, s[i]) == -1)
			return -1;
	}
	return 0;
}

static int
mail_headers(struct buf *h, const struct fill *f, const struct aftercare *ac,
    const char *to, date_t day, time_t date, const char *id)
{
	const struct config *cfg = f->cfg;
	const char *from_name = cfg->clinic.name ? cfg->clinic.name : "";
	const char *subj = subject(f->lang, ac, day);
	struct buf v = {0};
	int r;

	/* Addresses were checked: mime_mailbox() refuses none of them. */
	r = buf_puts(&v, "") == 0 &&
	    mime_mailbox(&v, from_name, strlen(from_name), cfg->mail.from,
	    strlen(cfg->mail.from)) == 0 ? 0 : -1;
	if (r == 0)
		r = mime_header(h, "From", v.p, v.len);
	v.len = 0;
	if (r == 0)
		r = mime_mailbox(&v, f->p->name ? f->p->name : "",
		    f->p->name ? strlen(f->p->name) : 0, to, strlen(to)) == 0 ?
		    mime_header(h, "To", v.p, v.len) : -1;
	v.len = 0;
	if (r == 0)
		r = template_expand(subj, subject_names, fill_text, (void *)f, &v);
	if (r == 0) {
		struct buf w = {0};

		r = mime_words(&w, v.p, v.len);
		if (r == 0)
			r = mime_header(h, "Subject", w.p, w.len);
		buf_free(&w);
	}
	v.len = 0;
	if (r == 0 && (r = put_date(&v, date)) == 0)
		r = mime_header(h, "Date", v.p, v.len);
	v.len = 0;
	if (r == 0 && (r = buf_printf(&v, "<%s>", id)) == 0)
		r = mime_header(h, "Message-ID", v.p, v.len);
	if (r == 0)
		r = buf_puts(h, "MIME-Version: 1.0\r\n"
		    "Content-Type: text/plain; charset=UTF-8\r\n"
		    "Content-Transfer-Encoding: quoted-printable\r\n"
		    "Auto-Submitted: auto-generated\r\n\r\n");
	buf_free(&v);
	return r;
}

int
aftercare_mail(const struct aftercare_data *ad, const struct config *cfg,
    const struct patient *p, const struct aftercare *ac, date_t day,
    time_t date, struct buf *out, char *id, size_t n)
{
	struct buf ident = {0}, msg = {0}, body = {0};
	const char *why, *to = aftercare_address(p, &why);
	struct fill f;
	size_t due = 0;
	int r;

	for (size_t i = 0; i < ac->n; i++)
		due += ac->events[i].from == day;
	if (due == 0 || to == NULL || cfg->mail.from == NULL)
		return 0;
	memset(&f, 0, sizeof(f));
	f.lang = find_lang(ad, ac->language);
	f.cfg = cfg;
	f.ac = ac;
	f.p = p;
	f.fallback = 1;
	r = put_ident(&ident, cfg, "derma", p->id, ac->has_treatment ?
	    &ac->treatment : NULL, day) == 0 && buf_str(&ident) != NULL ? 0 : -1;
	if (r == 0 && ident.len >= n)
		r = -1;
	if (r == 0) {
		memcpy(id, ident.p, ident.len + 1);
		r = mail_headers(&msg, &f, ac, to, day, date, id);
	}
	if (r == 0)
		r = mail_body(&body, &f, ac, day);
	if (r == 0)
		r = mime_qp(&msg, body.p, body.len);
	if (r == 0)
		r = add_lf(out, msg.p, msg.len);
	buf_free(&ident);
	buf_free(&msg);
	buf_free(&body);
	return r == 0 ? 1 : -1;
}

/* --- the calendar -------------------------------------------------------- */

int
aftercare_ics_begin(const struct config *cfg, struct buf *out)
{
	const char *name = cfg->clinic.name ? cfg->clinic.name : "derma aftercare";
	struct buf v = {0};
	int r;

	r = buf_puts(out, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
	    "PRODID:-//derma//derma-aftercare " DERMA_VERSION "//EN\r\n"
	    "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n");
	if (r == 0)
		r = esc_ics_text(&v, name, strlen(name));
	if (r == 0)
		r = ics_line(out, "X-WR-CALNAME", v.p, v.len);
	buf_free(&v);
	return r;
}

int
aftercare_ics_end(struct buf *out)
{
	return buf_puts(out, "END:VCALENDAR\r\n");
}

/* A property whose value is a TEXT, escaped, in a folded line. */
static int
ics_text(struct buf *out, const char *name, const char *s, size_t n)
{
	struct buf v = {0};
	int r = esc_ics_text(&v, s, n);

	if (r == 0)
		r = ics_line(out, name, v.p ? v.p : "", v.len);
	buf_free(&v);
	return r;
}

static int
ics_event(struct buf *out, const struct config *cfg, const struct patient *p,
    const struct aftercare *ac, const struct ac_event *ev, date_t stamp)
{
	struct buf v = {0};
	int r;

	r = buf_puts(out, "BEGIN:VEVENT\r\n");
	/* A session's events by its number in the course, not its day: a
	 * session moved to another day updates them on a re-import. */
	if (r == 0 && (ev->before || strcmp(ev->kind, NEXT_SESSION) == 0))
		r = put_session_ident(&v, cfg, ev->kind, p->id, ac->session_n);
	else if (r == 0)
		r = put_ident(&v, cfg, ev->kind, p->id, &ac->treatment,
		    ac->treatment);
	if (r == 0)
		r = ics_line(out, "UID", v.p, v.len);
	v.len = 0;
	if (r == 0 && (r = put_ymd(&v, stamp)) == 0 &&
	    (r = buf_puts(&v, "T000000Z")) == 0)
		r = ics_line(out, "DTSTAMP", v.p, v.len);
	v.len = 0;
	if (r == 0 && (r = put_ymd(&v, ev->from)) == 0)
		r = ics_line(out, "DTSTART;VALUE=DATE", v.p, v.len);
	v.len = 0;
	/* All-day events end the day after their last: DTEND is exclusive. */
	if (r == 0 && (r = put_ymd(&v, ev->to + 1)) == 0)
		r = ics_line(out, "DTEND;VALUE=DATE", v.p, v.len);
	v.len = 0;
	if (r == 0 && (r = buf_printf(&v, "%s (%s)", ev->title, p->id)) == 0)
		r = ics_text(out, "SUMMARY", v.p, v.len);
	if (r == 0)
		r = ics_text(out, "DESCRIPTION", ev->text, strlen(ev->text));
	if (r == 0)
		r = buf_puts(out, "TRANSP:TRANSPARENT\r\n");
	/* The calendar reminds at the clinic's hour for reminders: an
	 * all-day event starts at midnight, local time. */
	if (r == 0)
		r = buf_printf(out, "BEGIN:VALARM\r\nACTION:DISPLAY\r\n"
		    "TRIGGER:PT%dH\r\n", cfg->mail.hour);
	v.len = 0;
	if (r == 0 && (r = buf_printf(&v, "%s (%s)", ev->title, p->id)) == 0)
		r = ics_text(out, "DESCRIPTION", v.p, v.len);
	if (r == 0)
		r = buf_puts(out, "END:VALARM\r\nEND:VEVENT\r\n");
	buf_free(&v);
	return r;
}

int
aftercare_ics(const struct aftercare_data *ad, const struct config *cfg,
    const struct patient *p, const struct aftercare *ac,
    const struct ac_days *days, date_t stamp, struct buf *out)
{
	(void)ad;
	for (size_t i = 0; i < ac->n; i++)
		if (aftercare_shown(&ac->events[i], days) &&
		    ics_event(out, cfg, p, ac, &ac->events[i], stamp) == -1)
			return -1;
	return 0;
}

/* --- the text view ------------------------------------------------------- */

#define VIEW_WIDTH	80
#define TEXT_COLUMN	33	/* "  YYYY-MM-DD  kind-of-17-chars  " */

/*
 * Whether the word of n bytes at s is a group of a number written in
 * groups: digits and "+()-/" (a '.' or ',' may end it), a digit among them.
 */
static int
number_group(const char *s, size_t n)
{
	int digit = 0;

	if (n > 1 && (s[n - 1] == '.' || s[n - 1] == ','))
		n--;
	for (size_t i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digit = 1;
		else if (strchr("+()-/", s[i]) == NULL)
			return 0;
	}
	return digit;
}

/*
 * The length of the piece of s that is not to be broken: a word, or the
 * groups of a phone number ("+32 2 123 45 67") together.
 */
static size_t
piece(const char *s)
{
	size_t len = strcspn(s, " "), last = 0;

	/* Only past a blank is there more to look at: not past the end. */
	while (s[len] == ' ' && len > 0 && s[len - 1] != '.' &&
	    s[len - 1] != ',' && number_group(s + last, len - last)) {
		size_t next = strcspn(s + len + 1, " ");

		if (!number_group(s + len + 1, next))
			break;
		last = len + 1;
		len += 1 + next;
	}
	return len;
}

/* s from column col on, wrapped at blanks; later lines at column col. */
static int
wrap(struct buf *out, const char *s, size_t col)
{
	size_t at = col;
	int r = 0;

	while (r == 0 && *s != '\0') {
		size_t len = piece(s), w = esc_term_width(s, len);

		if (at > col && at + 1 + w > VIEW_WIDTH) {
			r = buf_printf(out, "\n%*s", (int)col, "");
			at = col;
		} else if (at > col) {
			r = buf_putc(out, ' ');
			at++;
		}
		if (r == 0)
			r = buf_add(out, s, len);
		at += w;
		s += len;
		s += strspn(s, " ");
	}
	return r == 0 ? buf_putc(out, '\n') : -1;
}

int
aftercare_text(const struct patient *p, const struct aftercare *ac,
    const struct ac_days *days, int color, struct buf *out)
{
	const char *why, *to = aftercare_address(p, &why);
	const char *on = color ? "\033[33m" : "", *off = color ? "\033[0m" : "";
	size_t shown = 0, start = out->len, cols;
	struct buf tail = {0};
	int r = buf_puts(out, p->id);

	for (size_t i = 0; i < ac->n; i++)
		shown += aftercare_shown(&ac->events[i], days);
	if (r == 0 && p->name != NULL && (r = buf_puts(out, "  ")) == 0)
		r = esc_term(out, p->name, strlen(p->name));
	cols = esc_term_width(out->p + start, out->len - start);
	if (r == 0 && to != NULL && (r = buf_puts(&tail, "  <")) == 0 &&
	    (r = esc_term(&tail, to, strlen(to))) == 0)
		r = buf_putc(&tail, '>');
	if (r == 0)
		cols += esc_term_width(tail.p, tail.len);
	/* Who cannot be mailed, so that the clinic can phone them. */
	if (r == 0 && to == NULL && shown > 0) {
		r = buf_printf(&tail, "  %snot mailed: %s%s", on, why, off);
		cols += strlen("  not mailed: ") + strlen(why);
	}
	if (r == 0 && shown == 0) {
		r = buf_puts(&tail, "  nothing due");
		cols += strlen("  nothing due");
	}
	/* A long name: the rest on a line of its own, within the width. */
	if (r == 0 && cols > VIEW_WIDTH && tail.len > 0)
		r = buf_putc(out, '\n');
	if (r == 0 && tail.len > 0)
		r = buf_add(out, tail.p, tail.len);
	buf_free(&tail);
	if (r == 0)
		r = buf_putc(out, '\n');
	for (size_t i = 0; r == 0 && i < ac->n; i++) {
		const struct ac_event *ev = &ac->events[i];
		char day[DATE_STRLEN];

		if (!aftercare_shown(ev, days))
			continue;
		r = buf_printf(out, "  %s  %-17s  ", date_format(ev->from, day),
		    ev->kind);
		if (r == 0)
			r = wrap(out, ev->text, TEXT_COLUMN);
	}
	return r;
}

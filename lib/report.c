#include "report.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "escape.h"
#include "patient.h"
#include "plan.h"
#include "rules.h"
#include "screen.h"
#include "value.h"
#include "vocab.h"

static const char *const kind_names[NREPORT_KIND] = {
	"summary", "treatments", "course", "patient"
};

int
report_kind_parse(const char *s)
{
	for (int i = 0; i < NREPORT_KIND; i++)
		if (strcmp(s, kind_names[i]) == 0)
			return i;
	return -1;
}

/*
 * The reactions named under --anonymize, from CLINICAL.md section 4 and
 * the usual words for them; any other is "other", as it may be a note
 * that names someone.
 */
static const char *const known_reactions[] = {
	"redness", "erythema", "swelling", "oedema", "edema", "heat", "warmth",
	"flaking", "peeling", "dryness", "itching", "itch", "tightness",
	"bruising", "pinpoint-bleeding", "bleeding", "burning", "stinging",
	"pain", "tenderness", "sensitivity", "sores", "scabs", "crusting",
	"infection", "acne-flare", "breakout", "milia", "hyperpigmentation",
	"hypopigmentation", "pigmentation", "cold-sore", "rash", "hives",
	"allergic-reaction", "granuloma", "scarring", "tram-track-scarring",
	"none", NULL
};

/* --- a record's summary -------------------------------------------------- */

/*
 * The bytes: a head (struct head), the id, the rules of the findings
 * (uint16 each), the treatments (struct tr_head, its areas as struct
 * tr_area, its reactions each a length byte and the word), the course
 * (struct course) when the kind needs it, then for the patient asked for
 * the rest of what its report shows.  Host order: the summaries never
 * leave the process.
 */
enum {
	H_ELIGIBLE_FROM = 1 << 0,	/* eligible_from is set */
	H_REVIEW_FROM = 1 << 1,		/* review from then on */
	H_COURSE = 1 << 2,		/* a struct course follows */
	H_TARGET = 1 << 3,		/* the patient asked for: more follows */
	H_CLEAR_FROM = 1 << 4		/* review: clear_from is set */
};

struct head {
	uint8_t verdict, flags, idlen, pad;
	int32_t eligible_from;
	int32_t clear_from;	/* under review: the day every relative
				 * finding is over, when each ends */
	uint16_t nfindings, ntreatments;
};

struct tr_head {
	int32_t date;
	uint8_t nareas, nreactions;
	int8_t anesthetic;
	uint8_t pad;
	uint16_t minutes;
};

struct tr_area {
	uint8_t area;
	uint8_t pad;
	uint16_t depth;		/* hundredths of a mm; 0 when not given */
};

enum course_state { PLAN_NONE, PLAN_PLANNED, PLAN_REFUSED };

struct course {
	int32_t last;		/* the latest session given on or before the day */
	int32_t next;		/* the next planned session */
	uint16_t given;		/* sessions given on or before the day */
	uint16_t total;		/* sessions of the course */
	uint16_t interval;	/* days from one session to the next */
	uint16_t next_n;	/* the next session's number */
	uint8_t plan, maintenance;
	uint8_t pad[2];
};

/* What the patient's own report shows beyond the rest. */
struct target_plan {
	int32_t date;
	uint16_t n, minutes;
	uint8_t nareas, anesthetic, maintenance, pad;
};

static int
put(struct buf *b, const void *p, size_t n)
{
	return buf_add(b, p, n);
}

/* One byte. */
static int
put_u8(struct buf *b, uint8_t v)
{
	return put(b, &v, 1);
}

static int
put_str(struct buf *b, const char *s, size_t n)
{
	uint16_t len = n > 65535 ? 65535 : (uint16_t)n;

	return put(b, &len, sizeof(len)) || (len > 0 && put(b, s, len)) ? -1 : 0;
}

/* A reading cursor over a summary: bad is set once a read goes past it. */
struct cur {
	const unsigned char *p, *end;
	int bad;
};

static void
get(struct cur *c, void *out, size_t n)
{
	if ((size_t)(c->end - c->p) < n) {
		c->bad = 1;
		memset(out, 0, n);
		return;
	}
	memcpy(out, c->p, n);
	c->p += n;
}

static const char *
get_bytes(struct cur *c, size_t n)
{
	const char *s = (const char *)c->p;

	if ((size_t)(c->end - c->p) < n) {
		c->bad = 1;
		return "";
	}
	c->p += n;
	return s;
}

static const char *
get_str(struct cur *c, size_t *n)
{
	uint16_t len;

	get(c, &len, sizeof(len));
	*n = len;
	return get_bytes(c, len);
}

/*
 * A reaction as the report counts it: the word (trimmed, lower case,
 * '-' for blanks and '_'), or "other" for what is not a short word of
 * [a-z0-9-], and under --anonymize for what is not a known reaction.
 */
static size_t
reaction_word(const struct node *n, int anonymize, char *out)
{
	char w[WORD_MAX + 1];
	int len;

	n = node_resolve(n);
	if (n == NULL || n->kind != NODE_SCALAR ||
	    (len = value_word(n->text, n->len, w)) <= 0 ||
	    len > REPORT_REACTION_LEN)
		goto other;
	for (int i = 0; i < len; i++)
		if (!((w[i] >= 'a' && w[i] <= 'z') || (w[i] >= '0' && w[i] <= '9') ||
		    w[i] == '-'))
			goto other;
	if (anonymize) {
		size_t i;

		for (i = 0; known_reactions[i] != NULL; i++)
			if (strcmp(known_reactions[i], w) == 0)
				break;
		if (known_reactions[i] == NULL)
			goto other;
	}
	memcpy(out, w, (size_t)len + 1);
	return (size_t)len;
other:
	memcpy(out, "other", 6);
	return 5;
}

static int
put_reactions(struct buf *sum, const struct node *tn, int anonymize,
    uint8_t *count)
{
	const struct node *rs = node_get(tn, "reactions");
	char w[REPORT_REACTION_LEN + 1];
	size_t len;

	*count = 0;
	if (rs == NULL || value_is_null(rs))
		return 0;
	if (rs->kind == NODE_SCALAR) {
		len = reaction_word(rs, anonymize, w);
		*count = 1;
		return put_u8(sum, (uint8_t)len) || put(sum, w, len);
	}
	if (rs->kind != NODE_SEQUENCE)
		return 0;
	for (const struct node *c = rs->head; c != NULL && *count < 255;
	    c = c->next) {
		len = reaction_word(c, anonymize, w);
		if (put_u8(sum, (uint8_t)len) || put(sum, w, len))
			return -1;
		(*count)++;
	}
	return 0;
}

static int
depth_hundredths(double mm)
{
	long h = lround(mm * 100);

	return h < 0 ? 0 : h > 300 ? 300 : (int)h;
}

/* The treatments, each with its areas and reactions. */
static int
put_treatments(struct buf *sum, const struct patient *p, const struct node *doc,
    int anonymize)
{
	const struct node *seq = node_get(doc, "treatments");
	const struct node *tn = seq != NULL && seq->kind == NODE_SEQUENCE ?
	    seq->head : NULL;

	for (size_t i = 0; i < p->ntreatments && i < 65535; i++) {
		const struct pt_treatment *t = &p->treatments[i];
		struct tr_head h = {(int32_t)t->date, 0, 0, (int8_t)t->anesthetic, 0,
		    (uint16_t)(t->duration_min > 65535 ? 65535 : t->duration_min)};
		size_t at = sum->len;

		h.nareas = t->nareas > 255 ? 255 : (uint8_t)t->nareas;
		if (put(sum, &h, sizeof(h)) == -1)
			return -1;
		for (size_t k = 0; k < h.nareas; k++) {
			struct tr_area ar = {(uint8_t)t->areas[k].area->index, 0,
			    (uint16_t)depth_hundredths(t->areas[k].depth)};

			if (put(sum, &ar, sizeof(ar)) == -1)
				return -1;
		}
		if (put_reactions(sum, node_resolve(tn), anonymize, &h.nreactions))
			return -1;
		memcpy(sum->p + at, &h, sizeof(h));
		if (tn != NULL)
			tn = tn->next;
	}
	return 0;
}

/* The sessions given on or before day, and the latest of them. */
static size_t
given_by(const struct patient *p, date_t day, date_t *last)
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

static int
put_course(struct buf *sum, const struct derma_data *dd,
    const struct patient *p, const struct plan *pl, int planned, date_t day)
{
	struct course c;
	date_t last;
	int sessions, interval;

	memset(&c, 0, sizeof(c));
	c.given = (uint16_t)given_by(p, day, &last);
	c.last = (int32_t)last;
	plan_course(dd->plan, dd->config, p, &sessions, &interval);
	c.total = (uint16_t)sessions;
	c.interval = (uint16_t)interval;
	c.plan = !planned ? PLAN_NONE : pl->refused ? PLAN_REFUSED : PLAN_PLANNED;
	if (c.plan == PLAN_PLANNED && pl->n > 0) {
		c.next = (int32_t)pl->sessions[0].date;
		c.next_n = (uint16_t)pl->sessions[0].n;
		c.maintenance = (uint8_t)pl->sessions[0].maintenance;
	} else if (c.plan == PLAN_PLANNED) {
		c.plan = PLAN_REFUSED;
	}
	return put(sum, &c, sizeof(c));
}

/* The patient asked for: name, findings with their messages, the plan. */
static int
put_target(struct buf *sum, const struct assessment *x, int anonymize)
{
	const struct patient *p = &x->patient;
	const struct plan *pl = &x->plan;
	const char *name = anonymize || p->name == NULL ? "" : p->name;
	const char *reason = anonymize || pl->reason == NULL ? "" : pl->reason;
	uint16_t n = (uint16_t)(x->screening.n > 65535 ? 65535 : x->screening.n);

	if (put_str(sum, name, strlen(name)) || put(sum, &n, sizeof(n)))
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct finding *f = &x->screening.findings[i];
		uint8_t fl[2] = {(uint8_t)f->approved, (uint8_t)f->has_end};
		int32_t end = (int32_t)f->end;
		const char *msg = anonymize || f->message == NULL ? "" : f->message;
		size_t len = strlen(f->rule->id);

		if (put_str(sum, f->rule->id, len) ||
		    put_u8(sum, (uint8_t)f->rule->severity) ||
		    put(sum, fl, 2) || put(sum, &end, sizeof(end)) ||
		    put_str(sum, msg, strlen(msg)))
			return -1;
	}
	n = (uint16_t)(pl->refused ? 0 : pl->n);
	if (put_u8(sum, (uint8_t)pl->refused) ||
	    put_str(sum, reason, strlen(reason)) || put(sum, &n, sizeof(n)))
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct plan_session *s = &pl->sessions[i];
		struct target_plan tp = {(int32_t)s->date, (uint16_t)s->n,
		    (uint16_t)s->minutes, (uint8_t)(s->nareas > 255 ? 255 : s->nareas),
		    (uint8_t)s->anesthetic, (uint8_t)s->maintenance, 0};

		if (put(sum, &tp, sizeof(tp)) == -1)
			return -1;
		for (size_t k = 0; k < tp.nareas; k++) {
			struct tr_area ar = {(uint8_t)s->areas[k].area->index, 0,
			    (uint16_t)(s->areas[k].depth < 0 ? 0 :
			    s->areas[k].depth > 65535 ? 65535 : s->areas[k].depth)};

			if (put(sum, &ar, sizeof(ar)) == -1)
				return -1;
		}
	}
	return 0;
}

int
report_record(const struct derma_data *dd, const struct report_opts *o,
    const struct node *doc, struct arena *a, struct buf *sum, struct diag *d)
{
	struct assess_opts ao;
	struct assessment *x = arena_alloc(a, sizeof(*x));
	const char *id = patient_id(doc);
	int target = o->kind == REPORT_PATIENT && id != NULL &&
	    strcmp(id, o->patient) == 0;
	char pseud[PSEUDONYM_LEN + 1];
	struct head h;
	uint8_t *seen;
	size_t start = sum->len;
	int planned = 0;

	if (x == NULL)
		goto nomem;
	memset(&ao, 0, sizeof(ao));
	ao.day = o->day;
	ao.plan.start = o->day;
	if (assess(dd, doc, &ao, target ? ASSESS_PLAN : ASSESS_SCREEN, a, x,
	    d) == -1)
		return -1;
	planned = target;
	if (o->kind == REPORT_COURSE && x->patient.ntreatments > 0) {
		date_t last;

		if (given_by(&x->patient, o->day, &last) > 0) {
			if (plan_patient(dd->plan, dd->rules, dd->config, &x->patient,
			    o->day, &ao.plan, a, &x->plan, d) == -1)
				return -1;
			planned = 1;
		}
	}
	id = x->patient.id;
	if (o->key != NULL) {
		pseudonym(o->key, id, strlen(id), pseud);
		id = pseud;
	}
	memset(&h, 0, sizeof(h));
	h.verdict = (uint8_t)x->screening.verdict;
	h.flags = (x->screening.has_eligible_from ? H_ELIGIBLE_FROM : 0) |
	    (x->screening.review_from ? H_REVIEW_FROM : 0) |
	    (o->kind == REPORT_COURSE || target ? H_COURSE : 0) |
	    (target ? H_TARGET : 0);
	h.idlen = (uint8_t)strlen(id);
	h.eligible_from = (int32_t)x->screening.eligible_from;
	if (x->screening.has_clear_from) {
		h.flags |= H_CLEAR_FROM;
		h.clear_from = (int32_t)x->screening.clear_from;
	}
	h.ntreatments = (uint16_t)(x->patient.ntreatments > 65535 ? 65535 :
	    x->patient.ntreatments);
	if ((seen = arena_zalloc(a, dd->rules->n + 1)) == NULL)
		goto nomem;
	if (put(sum, &h, sizeof(h)) == -1 || put(sum, id, h.idlen) == -1)
		goto nomem;
	/* Each rule once: the report counts patients, not findings. */
	for (size_t i = 0; i < x->screening.n; i++) {
		uint16_t ri = (uint16_t)(x->screening.findings[i].rule - dd->rules->v);

		if (seen[ri])
			continue;
		seen[ri] = 1;
		if (put(sum, &ri, sizeof(ri)) == -1)
			goto nomem;
		h.nfindings++;
	}
	if (put_treatments(sum, &x->patient, doc, o->key != NULL) == -1)
		goto nomem;
	if ((h.flags & H_COURSE) && put_course(sum, dd, &x->patient, &x->plan,
	    planned, o->day) == -1)
		goto nomem;
	if (target && put_target(sum, x, o->key != NULL) == -1)
		goto nomem;
	memcpy(sum->p + start, &h, sizeof(h));
	/* A whole number of 8 bytes, as the filter keeps summaries aligned. */
	if (put(sum, "\0\0\0\0\0\0\0", (8 - (sum->len - start) % 8) % 8) == -1)
		goto nomem;
	return 0;
nomem:
	sum->len = start;
	diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
	return -1;
}

/* --- adding up, on the main thread ------------------------------------ */

#define DEPTH_BINS 301		/* 0.00 to 3.00 mm, by hundredths */

struct soon {
	uint32_t id;		/* offset in ids */
	int32_t from;
	uint8_t review, verdict;
};

enum status { ST_OVERDUE, ST_DUE, ST_UNDER_WAY, ST_ON_HOLD, NSTATUS };
static const char *const status_names[NSTATUS] = {
	"overdue", "due", "under-way", "on-hold"
};

struct entry {
	uint32_t id;		/* offset in ids */
	int32_t last, due, next;
	uint16_t given, total, next_n;
	uint8_t status, maintenance;
};

struct reaction {
	char name[REPORT_REACTION_LEN + 1];
	size_t sessions;
};

struct report {
	const struct derma_data *dd;
	const struct report_opts *o;
	size_t records, skipped;
	size_t verdicts[3];
	size_t *rule_patients;	/* by rule index */
	size_t nrules, nareas;
	struct buf ids;		/* the ids listed, each with its NUL */

	struct soon *soon;
	size_t nsoon, capsoon;

	/* Treatments given from o->from to o->to. */
	size_t sessions, treated, with_reaction;
	size_t after_day;	/* dated after o->day: not given yet, not counted */
	long month0;		/* o->from's month, as year * 12 + month - 1 */
	size_t nmonths;
	size_t *months;
	size_t *area_sessions;	/* by area index */
	size_t *area_depths;	/* with a depth given */
	uint32_t *hist;		/* nareas * DEPTH_BINS: sessions by depth */
	struct reaction reactions[REPORT_REACTIONS_MAX + 1];	/* the last: other */
	size_t nreactions;

	struct entry *course;
	size_t ncourse, capcourse;
	size_t status_count[NSTATUS];
	size_t under_way;	/* mid-course, in any status */

	size_t found;		/* records of the patient asked for */
	struct buf target;	/* the last one's summary */
	int stale;		/* a bad record of that id came after it */

	/* Sorted by report_write(), for the tables. */
	int sorted;
	size_t *by_rule;	/* rules with patients, most first */
	size_t nby_rule;
	size_t *by_area;	/* areas with sessions, in the vocabulary's order */
	size_t nby_area;
	size_t *by_reaction;	/* most first, other last */
	size_t nby_reaction;
};

static long
month_of(date_t t)
{
	int y, m, d;

	date_to_ymd(t, &y, &m, &d);
	return (long)y * 12 + m - 1;
}

struct report *
report_new(const struct derma_data *dd, const struct report_opts *o)
{
	struct report *r = calloc(1, sizeof(*r));

	if (r == NULL)
		return NULL;
	r->dd = dd;
	r->o = o;
	r->nrules = dd->rules->n;
	r->nareas = vocab_count(dd->vocab, VOC_AREA);
	r->month0 = month_of(o->from);
	r->nmonths = o->to >= o->from ? (size_t)(month_of(o->to) - r->month0 + 1) : 0;
	r->rule_patients = calloc(r->nrules + 1, sizeof(*r->rule_patients));
	r->months = calloc(r->nmonths + 1, sizeof(*r->months));
	r->area_sessions = calloc(r->nareas + 1, sizeof(*r->area_sessions));
	r->area_depths = calloc(r->nareas + 1, sizeof(*r->area_depths));
	r->hist = calloc(r->nareas * DEPTH_BINS + 1, sizeof(*r->hist));
	if (r->rule_patients == NULL || r->months == NULL ||
	    r->area_sessions == NULL || r->area_depths == NULL || r->hist == NULL) {
		report_free(r);
		return NULL;
	}
	memcpy(r->reactions[REPORT_REACTIONS_MAX].name, "other", 6);
	return r;
}

void
report_free(struct report *r)
{
	if (r == NULL)
		return;
	free(r->rule_patients);
	free(r->months);
	free(r->area_sessions);
	free(r->area_depths);
	free(r->hist);
	free(r->soon);
	free(r->course);
	free(r->by_rule);
	free(r->by_area);
	free(r->by_reaction);
	buf_free(&r->ids);
	buf_free(&r->target);
	free(r);
}

void
report_skip(struct report *r, const char *id)
{
	r->skipped++;
	if (r->o->kind == REPORT_PATIENT && id != NULL &&
	    strcmp(id, r->o->patient) == 0)
		r->stale = 1;
}

size_t
report_found(const struct report *r)
{
	return r->found;
}

int
report_stale(const struct report *r)
{
	return r->stale;
}

/* Keeps an id; its offset, or -1 when memory runs out. */
static long
keep_id(struct report *r, const char *id, size_t n)
{
	size_t at = r->ids.len;

	if (at > UINT32_MAX - 128 || put(&r->ids, id, n) || put(&r->ids, "", 1))
		return -1;
	return (long)at;
}

static int
grow(void **v, size_t *cap, size_t n, size_t size)
{
	size_t c = *cap ? *cap * 2 : 256;
	void *p;

	if (n < *cap)
		return 0;
	if ((p = realloc(*v, c * size)) == NULL)
		return -1;
	*v = p;
	*cap = c;
	return 0;
}

static void
count_reaction(struct report *r, const char *w, size_t n)
{
	size_t i;

	for (i = 0; i < r->nreactions; i++)
		if (strlen(r->reactions[i].name) == n &&
		    memcmp(r->reactions[i].name, w, n) == 0)
			break;
	if (i == r->nreactions && strncmp(w, "other", n) != 0 &&
	    r->nreactions < REPORT_REACTIONS_MAX) {
		memcpy(r->reactions[i].name, w, n);
		r->reactions[i].name[n] = '\0';
		r->nreactions++;
	}
	if (i == r->nreactions)
		i = REPORT_REACTIONS_MAX;	/* other */
	r->reactions[i].sessions++;
}

/*
 * The treatments of a summary: counted when given in the period.  One
 * dated after the run's day has not been given as of that day, whatever
 * --to says: it is counted apart, never as given.
 */
static void
add_treatments(struct report *r, struct cur *c, size_t n)
{
	int treated = 0;

	for (size_t i = 0; i < n && !c->bad; i++) {
		struct tr_head h;
		int in;

		get(c, &h, sizeof(h));
		if (h.date > r->o->day)
			r->after_day++;
		in = h.date >= r->o->from && h.date <= r->o->to &&
		    h.date <= r->o->day;
		if (in) {
			long m = month_of(h.date) - r->month0;

			r->sessions++;
			treated = 1;
			if (m >= 0 && (size_t)m < r->nmonths)
				r->months[m]++;
		}
		for (size_t k = 0; k < h.nareas; k++) {
			struct tr_area ar;

			get(c, &ar, sizeof(ar));
			if (!in || ar.area >= r->nareas)
				continue;
			r->area_sessions[ar.area]++;
			if (ar.depth > 0 && ar.depth < DEPTH_BINS) {
				r->area_depths[ar.area]++;
				r->hist[ar.area * DEPTH_BINS + ar.depth]++;
			}
		}
		/* A reaction once a session, however often it is written. */
		{
			const char *w[256];
			size_t len[256], nw = 0;

			for (size_t k = 0; k < h.nreactions; k++) {
				uint8_t l;
				const char *s;
				size_t j;

				get(c, &l, 1);
				s = get_bytes(c, l);
				for (j = 0; j < nw; j++)
					if (len[j] == l && memcmp(w[j], s, l) == 0)
						break;
				if (j == nw && nw < 256) {
					w[nw] = s;
					len[nw++] = l;
				}
			}
			if (in && !c->bad) {
				for (size_t j = 0; j < nw; j++)
					count_reaction(r, w[j], len[j]);
				r->with_reaction += nw > 0;
			}
		}
	}
	r->treated += treated;
}

static int
add_course(struct report *r, struct cur *c, const char *id, size_t idlen)
{
	const struct report_opts *o = r->o;
	struct course k;
	struct entry e;
	int mid, soon;
	long at;

	get(c, &k, sizeof(k));
	if (c->bad || k.given == 0)
		return 0;
	mid = k.given < k.total;
	soon = k.plan == PLAN_PLANNED && k.next <= o->day + 7L * o->weeks;
	if (!mid && !soon)
		return 0;
	memset(&e, 0, sizeof(e));
	e.last = k.last;
	e.due = k.last + k.interval;
	e.next = k.plan == PLAN_PLANNED ? k.next : 0;
	e.given = k.given;
	e.total = k.total;
	e.next_n = k.next_n;
	e.maintenance = k.maintenance;
	if (mid && k.plan != PLAN_PLANNED)
		e.status = ST_ON_HOLD;
	else if (mid && e.due < o->day)
		e.status = ST_OVERDUE;
	else if (soon)
		e.status = ST_DUE;
	else
		e.status = ST_UNDER_WAY;
	r->status_count[e.status]++;
	r->under_way += mid;
	if ((at = keep_id(r, id, idlen)) == -1 ||
	    grow((void **)&r->course, &r->capcourse, r->ncourse, sizeof(e)))
		return -1;
	e.id = (uint32_t)at;
	r->course[r->ncourse++] = e;
	return 0;
}

int
report_add(struct report *r, const void *sum, size_t n)
{
	struct cur c = {sum, (const unsigned char *)sum + n, 0};
	const char *id;
	struct head h;
	int32_t from;
	int clear;

	get(&c, &h, sizeof(h));
	id = get_bytes(&c, h.idlen);
	if (c.bad || h.verdict > VERDICT_INELIGIBLE)
		return -1;
	r->records++;
	r->verdicts[h.verdict]++;
	for (size_t i = 0; i < h.nfindings; i++) {
		uint16_t ri;

		get(&c, &ri, sizeof(ri));
		if (!c.bad && ri < r->nrules)
			r->rule_patients[ri]++;
	}
	/* Ineligible until eligible_from, or under review until clear_from:
	 * never both (review has no absolute finding). */
	clear = (h.flags & H_CLEAR_FROM) != 0;
	from = clear ? h.clear_from : h.eligible_from;
	if (r->o->kind == REPORT_SUMMARY && h.verdict != VERDICT_ELIGIBLE &&
	    (clear || (h.flags & H_ELIGIBLE_FROM)) &&
	    from <= r->o->day + REPORT_SOON_DAYS) {
		long at = keep_id(r, id, h.idlen);

		if (at == -1 || grow((void **)&r->soon, &r->capsoon, r->nsoon,
		    sizeof(*r->soon)))
			return -1;
		r->soon[r->nsoon++] = (struct soon){(uint32_t)at, from,
		    (uint8_t)((h.flags & H_REVIEW_FROM) != 0), h.verdict};
	}
	add_treatments(r, &c, h.ntreatments);
	if ((h.flags & H_COURSE) && r->o->kind == REPORT_COURSE &&
	    add_course(r, &c, id, h.idlen) == -1)
		return -1;
	if (h.flags & H_TARGET) {
		r->found++;
		r->stale = 0;
		r->target.len = 0;
		if (put(&r->target, sum, n) == -1)
			return -1;
	}
	return c.bad ? -1 : 0;
}

/* --- the report as tables ------------------------------------------------ */

/*
 * Every format writes the same tables, so that they agree: each a title,
 * columns, and rows whose cells are formatted once here ("37.5",
 * "2026-11-26", "1.25").  A table of one row per item (kv) is the
 * report's figures, one a row.
 */
#define CELL_MAX 256
#define MAX_COLS 8

struct col {
	const char *key;	/* JSON and CSV */
	const char *head;	/* text, Markdown, HTML */
	int num;		/* a number: right-aligned, unquoted in JSON */
	int wrap;		/* text: on a line of its own under the row */
};

enum chart_type { CH_BARS, CH_COLUMNS, CH_RANGE };

struct chart {
	enum chart_type type;
	int label, value;	/* the columns of the label and the value */
	int min, max;		/* CH_RANGE: the columns of the range */
	const char *title;
	const char *unit;	/* after each value: "%", " mm" */
	int verdicts;		/* the bars take the verdicts' colours */
};

struct table;
typedef void row_fn(const struct report *r, const struct table *t, size_t i,
    char cells[][CELL_MAX]);

struct kv {
	const char *key, *head;
	char v[CELL_MAX];
	int num;
};

struct table {
	const char *key;	/* JSON key, CSV section, HTML id */
	const char *title;
	const struct col *cols;
	int ncols;
	size_t nrows;
	row_fn *row;		/* NULL: a kv table of kv[nrows] */
	const struct kv *kv;
	const void *arg;	/* for row() */
	const char *empty;	/* said when there is no row */
	struct chart charts[2];
	int ncharts;
};

static char *
fmt_date(long t, char *out)
{
	if (t <= 0) {
		out[0] = '\0';
		return out;
	}
	return date_format(t, out);
}

static void
fmt_n(char *out, size_t n)
{
	snprintf(out, CELL_MAX, "%zu", n);
}

static void
fmt_pct(char *out, size_t n, size_t of)
{
	snprintf(out, CELL_MAX, "%.1f", of ? 100.0 * (double)n / (double)of : 0.0);
}

/* Thousandths of a mm: "1.00", "0.25", "0.625". */
static void
fmt_mm(char *out, long th)
{
	if (th % 10 == 0)
		snprintf(out, CELL_MAX, "%ld.%02ld", th / 1000, th % 1000 / 10);
	else
		snprintf(out, CELL_MAX, "%ld.%03ld", th / 1000, th % 1000);
}


/* --- sorting ------------------------------------------------------------ */

static const struct report *sort_r;	/* qsort() has no argument: one thread */

static int
cmp_rule(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	size_t nx = sort_r->rule_patients[x], ny = sort_r->rule_patients[y];

	return nx != ny ? (nx < ny ? 1 : -1) : (x > y) - (x < y);
}

static int
cmp_reaction(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	const struct reaction *rx = &sort_r->reactions[x], *ry = &sort_r->reactions[y];

	if ((x == REPORT_REACTIONS_MAX) != (y == REPORT_REACTIONS_MAX))
		return x == REPORT_REACTIONS_MAX ? 1 : -1;	/* other last */
	if (rx->sessions != ry->sessions)
		return rx->sessions < ry->sessions ? 1 : -1;
	return strcmp(rx->name, ry->name);
}

static int
cmp_soon(const void *a, const void *b)
{
	const struct soon *x = a, *y = b;

	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return strcmp(sort_r->ids.p + x->id, sort_r->ids.p + y->id);
}

/* The day an entry is listed by: when it fell due, or its next session. */
static long
entry_day(const struct entry *e)
{
	switch (e->status) {
	case ST_OVERDUE:
		return e->due;
	case ST_ON_HOLD:
		return e->last;
	default:
		return e->next;
	}
}

static int
cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	long dx = entry_day(x), dy = entry_day(y);

	if (x->status != y->status)
		return x->status < y->status ? -1 : 1;
	if (dx != dy)
		return dx < dy ? -1 : 1;
	return strcmp(sort_r->ids.p + x->id, sort_r->ids.p + y->id);
}

static int
sort_report(struct report *r)
{
	if (r->sorted)
		return 0;
	r->by_rule = calloc(r->nrules + 1, sizeof(size_t));
	r->by_area = calloc(r->nareas + 1, sizeof(size_t));
	r->by_reaction = calloc(REPORT_REACTIONS_MAX + 1, sizeof(size_t));
	if (r->by_rule == NULL || r->by_area == NULL || r->by_reaction == NULL)
		return -1;
	for (size_t i = 0; i < r->nrules; i++)
		if (r->rule_patients[i] > 0)
			r->by_rule[r->nby_rule++] = i;
	for (size_t i = 0; i < r->nareas; i++)
		if (r->area_sessions[i] > 0)
			r->by_area[r->nby_area++] = i;
	for (size_t i = 0; i < r->nreactions; i++)
		r->by_reaction[r->nby_reaction++] = i;
	if (r->reactions[REPORT_REACTIONS_MAX].sessions > 0)
		r->by_reaction[r->nby_reaction++] = REPORT_REACTIONS_MAX;
	sort_r = r;
	qsort(r->by_rule, r->nby_rule, sizeof(size_t), cmp_rule);
	qsort(r->by_reaction, r->nby_reaction, sizeof(size_t), cmp_reaction);
	if (r->nsoon > 0)
		qsort(r->soon, r->nsoon, sizeof(*r->soon), cmp_soon);
	if (r->ncourse > 0)
		qsort(r->course, r->ncourse, sizeof(*r->course), cmp_entry);
	r->sorted = 1;
	return 0;
}

/* --- the rows ------------------------------------------------------------ */

static const char *const verdict_keys[3] = {"eligible", "review", "ineligible"};

static void
row_verdicts(const struct report *r, const struct table *t, size_t i,
    char c[][CELL_MAX])
{
	(void)t;
	snprintf(c[0], CELL_MAX, "%s", verdict_keys[i]);
	fmt_n(c[1], r->verdicts[i]);
	fmt_pct(c[2], r->verdicts[i], r->records);
}

static void
row_findings(const struct report *r, const struct table *t, size_t i,
    char c[][CELL_MAX])
{
	const struct rule *ru = &r->dd->rules->v[r->by_rule[i]];

	(void)t;
	snprintf(c[0], CELL_MAX, "%s", ru->id);
	snprintf(c[1], CELL_MAX, "%s", severity_name(ru->severity));
	fmt_n(c[2], r->rule_patients[r->by_rule[i]]);
	fmt_pct(c[3], r->rule_patients[r->by_rule[i]], r->records);
}

static void
row_soon(const struct report *r, const struct table *t, size_t i,
    char c[][CELL_MAX])
{
	const struct soon *s = &r->soon[i];

	(void)t;
	snprintf(c[0], CELL_MAX, "%s", r->ids.p + s->id);
	fmt_date(s->from, c[1]);
	snprintf(c[2], CELL_MAX, "%s", s->review ? "review" : "eligible");
	snprintf(c[3], CELL_MAX, "%s", verdict_keys[s->verdict]);
}

static void
row_months(const struct report *r, const struct table *t, size_t i,
    char c[][CELL_MAX])
{
	long m = r->month0 + (long)i;

	(void)t;
	snprintf(c[0], CELL_MAX, "%04ld-%02ld", m / 12, m % 12 + 1);
	fmt_n(c[1], r->months[i]);
}

/* The depth of rank k (from 0) of an area's sessions with a depth. */
static long
depth_at(const struct report *r, size_t area, size_t k)
{
	const uint32_t *h = r->hist + area * DEPTH_BINS;
	size_t seen = 0;

	for (long d = 0; d < DEPTH_BINS; d++) {
		seen += h[d];
		if (seen > k)
			return d;
	}
	return 0;
}

static void
row_areas(const struct report *r, const struct table *t, size_t i,
    char c[][CELL_MAX])
{
	size_t a = r->by_area[i], n = r->area_depths[a];

	(void)t;
	snprintf(c[0], CELL_MAX, "%s", vocab_at(r->dd->vocab, VOC_AREA, a)->name);
	fmt_n(c[1], r->area_sessions[a]);
	fmt_n(c[2], n);
	c[3][0] = c[4][0] = c[5][0] = '\0';
	if (n == 0)
		return;
	/* The median: the middle depth, or halfway between the two middle ones. */
	fmt_mm(c[3], (depth_at(r, a, (n - 1) / 2) + depth_at(r, a, n / 2)) * 5);
	fmt_mm(c[4], depth_at(r, a, 0) * 10);
	fmt_mm(c[5], depth_at(r, a, n - 1) * 10);
}

static void
row_reactions(const struct report *r, const struct table *t, size_t i,
    char c[][CELL_MAX])
{
	const struct reaction *x = &r->reactions[r->by_reaction[i]];

	(void)t;
	snprintf(c[0], CELL_MAX, "%s", x->name);
	fmt_n(c[1], x->sessions);
	fmt_pct(c[2], x->sessions, r->sessions);
}

static void
row_course(const struct report *r, const struct table *t, size_t i,
    char c[][CELL_MAX])
{
	const struct entry *e = &r->course[i];

	(void)t;
	snprintf(c[0], CELL_MAX, "%s", r->ids.p + e->id);
	snprintf(c[1], CELL_MAX, "%s", status_names[e->status]);
	snprintf(c[2], CELL_MAX, "%u/%u", e->given, e->total);
	fmt_date(e->last, c[3]);
	fmt_date(e->given < e->total ? e->due : 0, c[4]);
	fmt_date(e->next, c[5]);
	if (e->next == 0)
		c[6][0] = '\0';
	else if (e->maintenance)
		snprintf(c[6], CELL_MAX, "maintenance");
	else
		snprintf(c[6], CELL_MAX, "%u", e->next_n);
}

/* --- the patient asked for ------------------------------------------------ */

struct t_finding {
	const char *rule, *msg;
	size_t rulelen, msglen;
	int severity, approved, has_end;
	long end;
};

/* A row of the sessions given or planned: a session and one of its areas. */
struct t_row {
	long date;
	int n, area, depth;	/* area -1: none; depth in hundredths, 0 none */
	int first;		/* the session's first row */
	int anesthetic, minutes, maintenance;
	size_t react;		/* its reactions, in the target's text */
};

struct target {
	int ok;
	const char *id, *name;
	size_t idlen, namelen;
	int verdict, flags;
	long eligible_from;
	struct course course;
	struct t_finding *findings;
	size_t nfindings;
	struct t_row *given, *planned;
	size_t ngiven, nplanned;
	int refused;
	const char *reason;
	size_t reasonlen;
	size_t after_day;	/* sessions dated after the day: not shown */
	struct buf text;	/* the reactions of each session, NUL-ended */
};

static void
target_free(struct target *t)
{
	free(t->findings);
	free(t->given);
	free(t->planned);
	buf_free(&t->text);
	memset(t, 0, sizeof(*t));
}

static int
add_row(struct t_row **v, size_t *n, size_t *cap, const struct t_row *row)
{
	if (grow((void **)v, cap, *n, sizeof(**v)) == -1)
		return -1;
	(*v)[(*n)++] = *row;
	return 0;
}

static int
target_read(const struct report *r, struct target *t)
{
	struct cur c;
	size_t capg = 0, capp = 0;
	struct head h;
	uint16_t n;
	uint8_t refused;

	memset(t, 0, sizeof(*t));
	if (r->found == 0)
		return 0;	/* and r->target is empty: its p may be NULL */
	if (r->stale)
		return 0;	/* an older record is not the patient as now */
	c = (struct cur){(const unsigned char *)r->target.p,
	    (const unsigned char *)r->target.p + r->target.len, 0};
	get(&c, &h, sizeof(h));
	t->id = get_bytes(&c, h.idlen);
	t->idlen = h.idlen;
	t->verdict = h.verdict;
	t->flags = h.flags;
	t->eligible_from = h.eligible_from;
	c.p += (size_t)h.nfindings * sizeof(uint16_t);
	if (c.p > c.end)
		return -1;
	for (size_t i = 0, given = 0; i < h.ntreatments && !c.bad; i++) {
		struct tr_head th;
		struct t_row row;
		size_t react = t->text.len;
		int shown;

		get(&c, &th, sizeof(th));
		/* Not given yet on the day: not a session given. */
		shown = th.date <= r->o->day;
		if (!shown)
			t->after_day++;
		memset(&row, 0, sizeof(row));
		row.date = th.date;
		row.n = shown ? (int)++given : 0;
		/* -1 (unknown), 0 or 1: the sign is meant. */
		row.anesthetic = th.anesthetic;	/* NOLINT(bugprone-signed-char-misuse,cert-str34-c) */
		row.minutes = th.minutes;
		row.first = 1;
		row.area = -1;
		{
			const unsigned char *areas = c.p;

			c.p += (size_t)th.nareas * sizeof(struct tr_area);
			if (c.p > c.end)
				return -1;
			const char *seen[256];
			size_t seenlen[256], nseen = 0;

			for (size_t k = 0; k < th.nreactions; k++) {
				uint8_t l;
				const char *s;
				size_t j;

				get(&c, &l, 1);
				s = get_bytes(&c, l);
				for (j = 0; j < nseen; j++)
					if (seenlen[j] == l && memcmp(seen[j], s, l) == 0)
						break;
				if (j < nseen)
					continue;	/* once a session */
				if ((nseen > 0 && put(&t->text, ", ", 2)) ||
				    put(&t->text, s, l))
					return -1;
				if (nseen < 256) {
					seenlen[nseen] = l;
					seen[nseen++] = s;
				}
			}
			if (put(&t->text, "", 1))
				return -1;
			row.react = react;
			for (size_t k = 0; shown && (k < th.nareas || k == 0); k++) {
				struct tr_area ar = {0, 0, 0};

				if (k < th.nareas) {
					memcpy(&ar, areas + k * sizeof(ar), sizeof(ar));
					row.area = ar.area;
					row.depth = ar.depth;
				}
				row.first = k == 0;
				if (add_row(&t->given, &t->ngiven, &capg, &row))
					return -1;
			}
		}
	}
	if (h.flags & H_COURSE)
		get(&c, &t->course, sizeof(t->course));
	t->name = get_str(&c, &t->namelen);
	get(&c, &n, sizeof(n));
	if (c.bad || (t->findings = calloc(n + 1, sizeof(*t->findings))) == NULL)
		return -1;
	for (size_t i = 0; i < n && !c.bad; i++) {
		struct t_finding *f = &t->findings[t->nfindings++];
		uint8_t sev, fl[2];
		int32_t end;

		f->rule = get_str(&c, &f->rulelen);
		get(&c, &sev, 1);
		get(&c, fl, 2);
		get(&c, &end, sizeof(end));
		f->msg = get_str(&c, &f->msglen);
		f->severity = sev;
		f->approved = fl[0];
		f->has_end = fl[1];
		f->end = end;
	}
	get(&c, &refused, 1);
	t->refused = refused;
	t->reason = get_str(&c, &t->reasonlen);
	get(&c, &n, sizeof(n));
	for (size_t i = 0; i < n && !c.bad; i++) {
		struct target_plan tp;
		struct t_row row;

		get(&c, &tp, sizeof(tp));
		memset(&row, 0, sizeof(row));
		row.date = tp.date;
		row.n = tp.n;
		row.anesthetic = tp.anesthetic;
		row.minutes = tp.minutes;
		row.maintenance = tp.maintenance;
		row.area = -1;
		for (size_t k = 0; k < tp.nareas || k == 0; k++) {
			struct tr_area ar;

			if (k < tp.nareas) {
				get(&c, &ar, sizeof(ar));
				row.area = ar.area;
				row.depth = ar.depth;
			}
			row.first = k == 0;
			if (add_row(&t->planned, &t->nplanned, &capp, &row))
				return -1;
		}
	}
	if (c.bad)
		return -1;
	t->ok = 1;
	return 0;
}

static const char *
area_name(const struct report *r, int area)
{
	return area >= 0 && (size_t)area < r->nareas ?
	    vocab_at(r->dd->vocab, VOC_AREA, (size_t)area)->name : "";
}

static void
row_t_findings(const struct report *r, const struct table *t, size_t i,
    char c[][CELL_MAX])
{
	const struct target *tg = t->arg;
	const struct t_finding *f = &tg->findings[i];

	(void)r;
	snprintf(c[0], CELL_MAX, "%.*s", (int)f->rulelen, f->rule);
	snprintf(c[1], CELL_MAX, "%s", severity_name((enum severity)f->severity));
	snprintf(c[2], CELL_MAX, "%s", f->approved ? "yes" : "");
	fmt_date(f->has_end ? f->end : 0, c[3]);
	snprintf(c[4], CELL_MAX, "%.*s", (int)(f->msglen < CELL_MAX - 1 ?
	    f->msglen : CELL_MAX - 1), f->msg);
}

static void
row_t_given(const struct report *r, const struct table *t, size_t i,
    char c[][CELL_MAX])
{
	const struct target *tg = t->arg;
	const struct t_row *w = &tg->given[i];

	fmt_date(w->date, c[0]);
	snprintf(c[1], CELL_MAX, "%d", w->n);
	snprintf(c[2], CELL_MAX, "%s", area_name(r, w->area));
	if (w->depth > 0)
		fmt_mm(c[3], w->depth * 10L);
	else
		c[3][0] = '\0';
	snprintf(c[4], CELL_MAX, "%s", w->first ? tg->text.p + w->react : "");
}

static void
row_t_planned(const struct report *r, const struct table *t, size_t i,
    char c[][CELL_MAX])
{
	const struct target *tg = t->arg;
	const struct t_row *w = &tg->planned[i];

	fmt_date(w->date, c[0]);
	if (w->maintenance)
		snprintf(c[1], CELL_MAX, "%d (maintenance)", w->n);
	else
		snprintf(c[1], CELL_MAX, "%d", w->n);
	snprintf(c[2], CELL_MAX, "%s", area_name(r, w->area));
	if (w->depth > 0)
		fmt_mm(c[3], w->depth * 10L);
	else
		c[3][0] = '\0';
	snprintf(c[4], CELL_MAX, "%s", !w->first ? "" : w->anesthetic ? "yes" : "no");
	if (w->first)
		snprintf(c[5], CELL_MAX, "%d", w->minutes);
	else
		c[5][0] = '\0';
}

/* --- the document: which tables, in which order -------------------------- */

static const struct col kv_cols[] = {{"item", "", 0, 0}, {"value", "", 1, 0}};
static const struct col verdict_cols[] = {
	{"verdict", "Verdict", 0, 0}, {"patients", "Patients", 1, 0},
	{"percent", "%", 1, 0}
};
static const struct col finding_cols[] = {
	{"rule", "Finding", 0, 0}, {"severity", "Severity", 0, 0},
	{"patients", "Patients", 1, 0}, {"percent", "%", 1, 0}
};
static const struct col soon_cols[] = {
	{"id", "Patient", 0, 0}, {"eligible_from", "From", 0, 0},
	{"then", "Then", 0, 0}, {"verdict", "Now", 0, 0}
};
static const struct col month_cols[] = {
	{"month", "Month", 0, 0}, {"sessions", "Sessions", 1, 0}
};
static const struct col area_cols[] = {
	{"area", "Area", 0, 0}, {"sessions", "Sessions", 1, 0},
	{"with_depth", "With depth", 1, 0}, {"median_mm", "Median mm", 1, 0},
	{"min_mm", "Min mm", 1, 0}, {"max_mm", "Max mm", 1, 0}
};
static const struct col reaction_cols[] = {
	{"reaction", "Reaction", 0, 0}, {"sessions", "Sessions", 1, 0},
	{"percent", "% of sessions", 1, 0}
};
static const struct col status_cols[] = {
	{"status", "Status", 0, 0}, {"patients", "Patients", 1, 0}
};
static const struct col course_cols[] = {
	{"id", "Patient", 0, 0}, {"status", "Status", 0, 0},
	{"sessions", "Given", 0, 0}, {"last", "Last", 0, 0},
	{"due", "Due", 0, 0}, {"next", "Next planned", 0, 0},
	{"session", "Session", 0, 0}
};
static const struct col t_finding_cols[] = {
	{"rule", "Finding", 0, 0}, {"severity", "Severity", 0, 0},
	{"approved", "Approved", 0, 0}, {"ends", "Over from", 0, 0},
	{"message", "Message", 0, 1}
};
static const struct col t_given_cols[] = {
	{"date", "Date", 0, 0}, {"session", "Session", 1, 0},
	{"area", "Area", 0, 0}, {"depth_mm", "Depth mm", 1, 0},
	{"reactions", "Reactions", 0, 0}
};
static const struct col t_planned_cols[] = {
	{"date", "Date", 0, 0}, {"session", "Session", 0, 0},
	{"area", "Area", 0, 0}, {"depth_mm", "Depth mm", 1, 0},
	{"numbing", "Numbing", 0, 0}, {"minutes", "Minutes", 1, 0}
};

#define NCOLS(c) ((int)(sizeof(c) / sizeof((c)[0])))
#define MAX_TABLES 10
#define MAX_KV 16

static void
row_statuses(const struct report *r, const struct table *t, size_t i,
    char c[][CELL_MAX])
{
	(void)t;
	snprintf(c[0], CELL_MAX, "%s", status_names[i]);
	fmt_n(c[1], r->status_count[i]);
}

enum {
	T_META, T_OVERVIEW, T_VERDICTS, T_FINDINGS, T_SOON, T_MONTHS, T_AREAS,
	T_REACTIONS, T_STATUSES, T_COURSE, T_P_FINDINGS, T_P_GIVEN, T_P_PLANNED,
	NT
};

struct doc {
	struct report *r;
	struct table t[NT];
	int shown[NT + 1];	/* the kind's tables, in order; -1 ends */
	struct kv meta[MAX_KV], over[MAX_KV];
	size_t nmeta, nover;
	struct target tg;
	char soon_title[64], course_title[64];
};

static struct kv *
kv_add(struct kv *v, size_t *n, const char *key, const char *head, int num)
{
	struct kv *e = &v[*n < MAX_KV ? (*n)++ : MAX_KV - 1];

	e->key = key;
	e->head = head;
	e->num = num;
	e->v[0] = '\0';
	return e;
}

static void
kv_n(struct kv *v, size_t *n, const char *key, const char *head, size_t x)
{
	fmt_n(kv_add(v, n, key, head, 1)->v, x);
}

static void
kv_s(struct kv *v, size_t *n, const char *key, const char *head,
    const char *s, size_t len)
{
	struct kv *e = kv_add(v, n, key, head, 0);

	snprintf(e->v, CELL_MAX, "%.*s", (int)(len < CELL_MAX - 1 ? len :
	    CELL_MAX - 1), s);
}

static void
set_table(struct table *t, const char *key, const char *title,
    const struct col *cols, int ncols, size_t nrows, row_fn *row,
    const char *empty)
{
	memset(t, 0, sizeof(*t));
	t->key = key;
	t->title = title;
	t->cols = cols;
	t->ncols = ncols;
	t->nrows = nrows;
	t->row = row;
	t->empty = empty;
}

static void
add_chart(struct table *t, enum chart_type type, int label, int value,
    const char *title, const char *unit)
{
	struct chart *c = &t->charts[t->ncharts++];

	memset(c, 0, sizeof(*c));
	c->type = type;
	c->label = label;
	c->value = value;
	c->title = title;
	c->unit = unit;
}

static void
set_kv(struct table *t, const char *key, const char *title,
    const struct kv *kv, size_t n)
{
	set_table(t, key, title, kv_cols, 2, n, NULL, NULL);
	t->kv = kv;
}

static int
doc_build(struct doc *dc, struct report *r)
{
	const struct report_opts *o = r->o;
	struct table *t = dc->t;
	const char *none;
	char a[DATE_STRLEN];
	int k = 0;

	memset(dc, 0, sizeof(*dc));
	dc->r = r;
	if (sort_report(r) == -1)
		return -1;
	kv_s(dc->meta, &dc->nmeta, "report", "Report", kind_names[o->kind],
	    strlen(kind_names[o->kind]));
	kv_s(dc->meta, &dc->nmeta, "date", "For", fmt_date(o->day, a), 10);
	kv_s(dc->meta, &dc->nmeta, "from", "Treatments from", fmt_date(o->from, a), 10);
	kv_s(dc->meta, &dc->nmeta, "to", "Treatments to", fmt_date(o->to, a), 10);
	if (o->clinic != NULL)
		kv_s(dc->meta, &dc->nmeta, "clinic", "Clinic", o->clinic,
		    strlen(o->clinic));
	kv_s(dc->meta, &dc->nmeta, "anonymized", "Anonymized",
	    o->key ? "yes" : "no", o->key ? 3 : 2);
	set_kv(&t[T_META], "report", "Report", dc->meta, dc->nmeta);

	kv_n(dc->over, &dc->nover, "patients", "Patients", r->records);
	kv_n(dc->over, &dc->nover, "skipped", "Bad records skipped", r->skipped);
	switch (o->kind) {
	case REPORT_SUMMARY:
		kv_n(dc->over, &dc->nover, "eligible_soon", "Eligible within 30 days",
		    r->nsoon);
		/* FALLTHROUGH */
	case REPORT_TREATMENTS:
		kv_n(dc->over, &dc->nover, "sessions", "Sessions in the period",
		    r->sessions);
		kv_n(dc->over, &dc->nover, "treated", "Patients treated", r->treated);
		kv_n(dc->over, &dc->nover, "after_day",
		    "Sessions after the day", r->after_day);
		if (o->kind == REPORT_TREATMENTS) {
			kv_n(dc->over, &dc->nover, "with_reactions",
			    "Sessions with a reaction", r->with_reaction);
			fmt_pct(kv_add(dc->over, &dc->nover, "with_reactions_percent",
			    "Sessions with a reaction, %", 1)->v, r->with_reaction,
			    r->sessions);
		}
		break;
	case REPORT_COURSE:
		kv_n(dc->over, &dc->nover, "weeks", "Weeks ahead", (size_t)o->weeks);
		kv_n(dc->over, &dc->nover, "under_way", "Courses under way",
		    r->under_way);
		kv_n(dc->over, &dc->nover, "overdue", "Overdue",
		    r->status_count[ST_OVERDUE]);
		kv_n(dc->over, &dc->nover, "due", "Next session due",
		    r->status_count[ST_DUE]);
		kv_n(dc->over, &dc->nover, "on_hold", "On hold (no session planned)",
		    r->status_count[ST_ON_HOLD]);
		break;
	case REPORT_PATIENT:
	case NREPORT_KIND:
		break;
	}
	set_kv(&t[T_OVERVIEW], "overview", "Overview", dc->over, dc->nover);

	set_table(&t[T_VERDICTS], "verdicts", "Verdicts", verdict_cols,
	    NCOLS(verdict_cols), 3, row_verdicts, NULL);
	add_chart(&t[T_VERDICTS], CH_BARS, 0, 1, "Patients by verdict", "");
	t[T_VERDICTS].charts[0].verdicts = 1;
	set_table(&t[T_FINDINGS], "findings", "Most frequent findings",
	    finding_cols, NCOLS(finding_cols), r->nby_rule, row_findings,
	    "no findings");
	add_chart(&t[T_FINDINGS], CH_BARS, 0, 2, "Patients by finding", "");
	snprintf(dc->soon_title, sizeof(dc->soon_title), "Eligible within %d days "
	    "(to %s)", REPORT_SOON_DAYS, fmt_date(o->day + REPORT_SOON_DAYS, a));
	set_table(&t[T_SOON], "eligible_soon", dc->soon_title, soon_cols,
	    NCOLS(soon_cols), r->nsoon, row_soon, "none");
	set_table(&t[T_MONTHS], "by_month", "Sessions by month", month_cols,
	    NCOLS(month_cols), r->nmonths, row_months, NULL);
	add_chart(&t[T_MONTHS], CH_COLUMNS, 0, 1, "Sessions by month", "");
	set_table(&t[T_AREAS], "by_area", "Sessions and needle depth by area",
	    area_cols, NCOLS(area_cols), r->nby_area, row_areas,
	    "no sessions in the period");
	add_chart(&t[T_AREAS], CH_BARS, 0, 1, "Sessions by area", "");
	add_chart(&t[T_AREAS], CH_RANGE, 0, 3, "Needle depth by area: median "
	    "(dot) and range (bar)", " mm");
	t[T_AREAS].charts[1].min = 4;
	t[T_AREAS].charts[1].max = 5;
	set_table(&t[T_REACTIONS], "reactions", "Reactions", reaction_cols,
	    NCOLS(reaction_cols), r->nby_reaction, row_reactions,
	    "no reactions recorded");
	add_chart(&t[T_REACTIONS], CH_BARS, 0, 2, "Share of sessions with each "
	    "reaction", "%");
	set_table(&t[T_STATUSES], "statuses", "Courses by status", status_cols,
	    NCOLS(status_cols), NSTATUS, row_statuses, NULL);
	add_chart(&t[T_STATUSES], CH_BARS, 0, 1, "Patients by status", "");
	snprintf(dc->course_title, sizeof(dc->course_title), "Courses, sessions due to %s",
	    fmt_date(o->day + 7L * o->weeks, a));
	set_table(&t[T_COURSE], "patients", dc->course_title, course_cols,
	    NCOLS(course_cols), r->ncourse, row_course, "no course under way");

	if (o->kind == REPORT_PATIENT) {
		if (target_read(r, &dc->tg) == -1)
			return -1;
		/* The figures of the whole run are not this patient's. */
		dc->nover = 0;
		if (dc->tg.ok) {
			struct target *tg = &dc->tg;
			const struct course *cr = &tg->course;
			char s[CELL_MAX];

			kv_s(dc->over, &dc->nover, "id", "Patient", tg->id, tg->idlen);
			if (tg->namelen > 0)
				kv_s(dc->over, &dc->nover, "name", "Name", tg->name,
				    tg->namelen);
			kv_s(dc->over, &dc->nover, "verdict", "Verdict",
			    verdict_keys[tg->verdict], strlen(verdict_keys[tg->verdict]));
			if (tg->flags & H_ELIGIBLE_FROM)
				kv_s(dc->over, &dc->nover, "eligible_from", "Eligible from",
				    fmt_date(tg->eligible_from, a), 10);
			kv_n(dc->over, &dc->nover, "sessions_given", "Sessions given",
			    cr->given);
			kv_n(dc->over, &dc->nover, "course", "Sessions in the course",
			    cr->total);
			if (cr->given > 0)
				kv_s(dc->over, &dc->nover, "last", "Last session",
				    fmt_date(cr->last, a), 10);
			if (tg->after_day > 0)
				kv_n(dc->over, &dc->nover, "after_day",
				    "Sessions after the day", tg->after_day);
			kv_s(dc->over, &dc->nover, "plan", "Plan", tg->refused ?
			    "refused" : "planned", 7);
			if (tg->refused && tg->reasonlen > 0)
				kv_s(dc->over, &dc->nover, "reason", "Why", tg->reason,
				    tg->reasonlen);
			if (r->found > 1) {
				snprintf(s, sizeof(s), "%zu (this report is of the last)",
				    r->found);
				kv_s(dc->over, &dc->nover, "records", "Records with this id",
				    s, strlen(s));
			}
		}
		set_kv(&t[T_OVERVIEW], "overview", "Patient", dc->over, dc->nover);
		none = r->stale ? "the last record with this id is bad: see the "
		    "error message" : "no record has this id";
		if (!dc->tg.ok)
			t[T_OVERVIEW].empty = none;
		set_table(&t[T_P_FINDINGS], "findings", "Screening", t_finding_cols,
		    NCOLS(t_finding_cols), dc->tg.nfindings, row_t_findings,
		    "no findings");
		set_table(&t[T_P_GIVEN], "sessions", "Sessions given", t_given_cols,
		    NCOLS(t_given_cols), dc->tg.ngiven, row_t_given, "none");
		set_table(&t[T_P_PLANNED], "planned", "Sessions planned",
		    t_planned_cols, NCOLS(t_planned_cols), dc->tg.nplanned,
		    row_t_planned, dc->tg.refused ? "none: the plan is refused" :
		    "none");
		t[T_P_FINDINGS].arg = t[T_P_GIVEN].arg = t[T_P_PLANNED].arg = &dc->tg;
		/* Not "no findings": no record was there to have any. */
		if (!dc->tg.ok)
			t[T_P_FINDINGS].empty = t[T_P_GIVEN].empty =
			    t[T_P_PLANNED].empty = none;
	}
	switch (o->kind) {
	case REPORT_SUMMARY:
		dc->shown[k++] = T_OVERVIEW;
		dc->shown[k++] = T_VERDICTS;
		dc->shown[k++] = T_FINDINGS;
		dc->shown[k++] = T_SOON;
		break;
	case REPORT_TREATMENTS:
		dc->shown[k++] = T_OVERVIEW;
		dc->shown[k++] = T_MONTHS;
		dc->shown[k++] = T_AREAS;
		dc->shown[k++] = T_REACTIONS;
		break;
	case REPORT_COURSE:
		dc->shown[k++] = T_OVERVIEW;
		dc->shown[k++] = T_STATUSES;
		dc->shown[k++] = T_COURSE;
		break;
	default:
		dc->shown[k++] = T_OVERVIEW;
		dc->shown[k++] = T_P_FINDINGS;
		dc->shown[k++] = T_P_GIVEN;
		dc->shown[k++] = T_P_PLANNED;
		break;
	}
	dc->shown[k] = -1;
	return 0;
}

/* --- writing: the output, flushed as it grows ---------------------------- */

struct out {
	struct buf *b;
	int (*flush)(void *arg, struct buf *out);
	void *arg;
	int err;
};

#define FLUSH_AT 65536

static void
o_add(struct out *o, const char *s, size_t n)
{
	if (!o->err && buf_add(o->b, s, n) == -1)
		o->err = 1;
}

static void
o_puts(struct out *o, const char *s)
{
	o_add(o, s, strlen(s));
}

/* Ends a line of text, without the blanks at its end. */
static void
o_eol(struct out *o)
{
	while (!o->err && o->b->len > 0 && o->b->p[o->b->len - 1] == ' ')
		o->b->len--;
	o_add(o, "\n", 1);
}

static void o_printf(struct out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));



static void
o_printf(struct out *o, const char *fmt, ...)
{
	char tmp[512], *p = tmp;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(tmp)) {
		p = malloc((size_t)n + 1);
		if (p != NULL) {
			va_start(ap, fmt);
			vsnprintf(p, (size_t)n + 1, fmt, ap);
			va_end(ap);
		}
	}
	if (n < 0 || p == NULL)
		o->err = 1;
	else
		o_add(o, p, (size_t)n);
	if (p != tmp)
		free(p);
}

typedef int esc_fn(struct buf *out, const char *s, size_t n);

static void
o_esc(struct out *o, esc_fn *esc, const char *s)
{
	if (!o->err && esc(o->b, s, strlen(s)) == -1)
		o->err = 1;
}

static void
o_check(struct out *o)
{
	if (!o->err && o->flush != NULL && o->b->len > FLUSH_AT &&
	    o->flush(o->arg, o->b) == -1)
		o->err = 1;
}

/* The cells of row i of t. */
static void
cells_of(const struct report *r, const struct table *t, size_t i,
    char c[][CELL_MAX])
{
	for (int k = 0; k < MAX_COLS; k++)
		c[k][0] = '\0';
	if (t->row == NULL) {
		snprintf(c[0], CELL_MAX, "%s", t->kv[i].head);
		snprintf(c[1], CELL_MAX, "%s", t->kv[i].v);
	} else {
		t->row(r, t, i, c);
	}
}

/* --- text ------------------------------------------------------------- */

#define TEXT_WIDTH 80

static size_t
term_width(const char *s)
{
	struct buf b = {0};
	size_t w;

	if (esc_term(&b, s, strlen(s)) == -1)
		return strlen(s);
	w = esc_term_width(b.p, b.len);
	buf_free(&b);
	return w;
}

static void
text_pad(struct out *o, const char *s, size_t width, int right)
{
	size_t w = term_width(s);

	if (right)
		for (; w < width; w++)
			o_add(o, " ", 1);
	o_esc(o, esc_term, s);
	if (!right)
		for (; w < width; w++)
			o_add(o, " ", 1);
}

/* Words of s on lines of at most width columns, each after indent. */
static void
text_wrap(struct out *o, const char *s, size_t indent, size_t width)
{
	size_t col = indent;

	for (size_t i = 0; i < indent; i++)
		o_add(o, " ", 1);
	while (*s != '\0') {
		size_t n = strcspn(s, " ");
		char word[CELL_MAX];

		snprintf(word, sizeof(word), "%.*s", (int)n, s);
		if (col > indent && col + 1 + term_width(word) > width) {
			o_add(o, "\n", 1);
			for (col = 0; col < indent; col++)
				o_add(o, " ", 1);
		} else if (col > indent) {
			o_add(o, " ", 1);
			col++;
		}
		o_esc(o, esc_term, word);
		col += term_width(word);
		s += n;
		while (*s == ' ')
			s++;
	}
	o_add(o, "\n", 1);
}

static void
text_table(struct out *o, const struct report *r, const struct table *t)
{
	char c[MAX_COLS][CELL_MAX];
	size_t w[MAX_COLS] = {0}, total = 1, end = 0;
	int first;

	o_printf(o, "\n");
	o_esc(o, esc_term, t->title);
	o_printf(o, "\n");
	if (t->nrows == 0) {
		o_printf(o, "  %s\n", t->empty ? t->empty : "none");
		return;
	}
	if (t->row == NULL) {
		size_t lw = 0;

		for (size_t i = 0; i < t->nrows; i++)
			if (term_width(t->kv[i].head) > lw)
				lw = term_width(t->kv[i].head);
		for (size_t i = 0; i < t->nrows; i++) {
			o_add(o, "  ", 2);
			text_pad(o, t->kv[i].head, lw, 0);
			o_add(o, "  ", 2);
			if (lw + 4 + term_width(t->kv[i].v) > TEXT_WIDTH) {
				o_eol(o);
				text_wrap(o, t->kv[i].v, 4, TEXT_WIDTH);
			} else {
				o_esc(o, esc_term, t->kv[i].v);
				o_eol(o);
			}
		}
		return;
	}
	for (int k = 0; k < t->ncols; k++)
		w[k] = t->cols[k].wrap ? 0 : term_width(t->cols[k].head);
	for (size_t i = 0; i < t->nrows; i++) {
		cells_of(r, t, i, c);
		for (int k = 0; k < t->ncols; k++)
			if (!t->cols[k].wrap && term_width(c[k]) > w[k])
				w[k] = term_width(c[k]);
	}
	for (int k = 0; k < t->ncols; k++)
		if (!t->cols[k].wrap) {
			end = (size_t)k;
			total += w[k] + 2;
		}
	/*
	 * A long first cell (an id, a pseudonym) would push the row past 80
	 * columns: it goes on a line of its own, the rest of its row under it.
	 */
	first = total > TEXT_WIDTH && end > 0 && !t->cols[0].wrap;
	o_add(o, " ", 1);
	if (first) {
		o_add(o, " ", 1);
		o_esc(o, esc_term, t->cols[0].head);
		o_eol(o);
		o_add(o, "   ", 3);
	}
	for (int k = first; k < t->ncols; k++) {
		if (t->cols[k].wrap)
			continue;
		o_add(o, " ", 1);
		text_pad(o, t->cols[k].head, w[k], t->cols[k].num);
		o_add(o, " ", 1);
	}
	o_eol(o);
	for (size_t i = 0; i < t->nrows && !o->err; i++) {
		cells_of(r, t, i, c);
		o_add(o, " ", 1);
		if (first) {
			o_add(o, " ", 1);
			o_esc(o, esc_term, c[0]);
			o_eol(o);
			o_add(o, "   ", 3);
		}
		for (int k = first; k < t->ncols; k++) {
			if (t->cols[k].wrap)
				continue;
			o_add(o, " ", 1);
			/* No blanks at the end of a line. */
			if ((size_t)k == end && !t->cols[k].num)
				o_esc(o, esc_term, c[k]);
			else
				text_pad(o, c[k], w[k], t->cols[k].num);
			if ((size_t)k != end)
				o_add(o, " ", 1);
		}
		o_eol(o);
		for (int k = 0; k < t->ncols; k++)
			if (t->cols[k].wrap && c[k][0] != '\0')
				text_wrap(o, c[k], 4, TEXT_WIDTH);
		o_check(o);
	}
}

static const char *const kind_titles[NREPORT_KIND] = {
	"Summary", "Treatments", "Courses", "Patient"
};

static void
write_text(struct out *o, const struct doc *dc)
{
	const struct report_opts *ro = dc->r->o;
	char a[DATE_STRLEN], b[DATE_STRLEN];

	o_printf(o, "%s report for %s", kind_titles[ro->kind], fmt_date(ro->day, a));
	if (ro->clinic != NULL) {
		o_puts(o, ", ");
		o_esc(o, esc_term, ro->clinic);
	}
	o_puts(o, "\n");
	if (ro->kind == REPORT_SUMMARY || ro->kind == REPORT_TREATMENTS)
		o_printf(o, "Treatments from %s to %s\n", fmt_date(ro->from, a),
		    fmt_date(ro->to, b));
	if (ro->key != NULL)
		o_puts(o, "Anonymized: patients are named by pseudonyms\n");
	for (int i = 0; dc->shown[i] != -1; i++) {
		text_table(o, dc->r, &dc->t[dc->shown[i]]);
		o_check(o);
	}
}

/* --- Markdown ---------------------------------------------------------- */

static void
md_table(struct out *o, const struct report *r, const struct table *t)
{
	char c[MAX_COLS][CELL_MAX];

	o_puts(o, "\n## ");
	o_esc(o, esc_md_cell, t->title);
	o_puts(o, "\n\n");
	if (t->nrows == 0) {
		o_esc(o, esc_md_cell, t->empty ? t->empty : "none");
		o_puts(o, "\n");
		return;
	}
	o_puts(o, "|");
	for (int k = 0; k < t->ncols; k++) {
		o_puts(o, " ");
		o_esc(o, esc_md_cell, t->row == NULL ? (k == 0 ? "Item" : "Value") :
		    t->cols[k].head);
		o_puts(o, " |");
	}
	o_puts(o, "\n|");
	for (int k = 0; k < t->ncols; k++)
		o_puts(o, t->cols[k].num ? " ---: |" : " --- |");
	o_puts(o, "\n");
	for (size_t i = 0; i < t->nrows && !o->err; i++) {
		cells_of(r, t, i, c);
		o_puts(o, "|");
		for (int k = 0; k < t->ncols; k++) {
			o_puts(o, " ");
			o_esc(o, esc_md_cell, c[k]);
			o_puts(o, " |");
		}
		o_puts(o, "\n");
		o_check(o);
	}
}

static void
write_markdown(struct out *o, const struct doc *dc)
{
	const struct report_opts *ro = dc->r->o;
	char a[DATE_STRLEN], b[DATE_STRLEN];

	o_printf(o, "# %s report for %s\n\n", kind_titles[ro->kind],
	    fmt_date(ro->day, a));
	if (ro->clinic != NULL) {
		o_esc(o, esc_md_cell, ro->clinic);
		o_puts(o, "\\\n");
	}
	if (ro->kind == REPORT_SUMMARY || ro->kind == REPORT_TREATMENTS)
		o_printf(o, "Treatments from %s to %s\n", fmt_date(ro->from, a),
		    fmt_date(ro->to, b));
	if (ro->key != NULL)
		o_puts(o, "\nAnonymized: patients are named by pseudonyms.\n");
	for (int i = 0; dc->shown[i] != -1; i++)
		md_table(o, dc->r, &dc->t[dc->shown[i]]);
}

/* --- CSV: one table, a row a figure ---------------------------------- */

static void
csv_cell(struct out *o, const char *s, int num)
{
	if (!o->err && (num ? esc_csv_number : esc_csv)(o->b, s, strlen(s)) == -1)
		o->err = 1;
}

static void
csv_row(struct out *o, const char *section, size_t row, const char *item,
    const char *measure, const char *value, int num)
{
	char n[32];

	snprintf(n, sizeof(n), "%zu", row);
	csv_cell(o, section, 0);
	o_puts(o, ",");
	csv_cell(o, n, 1);
	o_puts(o, ",");
	csv_cell(o, item, 0);
	o_puts(o, ",");
	csv_cell(o, measure, 0);
	o_puts(o, ",");
	csv_cell(o, value, num);
	o_puts(o, "\r\n");
}

static void
csv_table(struct out *o, const struct report *r, const struct table *t)
{
	char c[MAX_COLS][CELL_MAX];

	for (size_t i = 0; i < t->nrows && !o->err; i++) {
		if (t->row == NULL) {
			csv_row(o, t->key, i + 1, t->kv[i].key, "value", t->kv[i].v,
			    t->kv[i].num);
			continue;
		}
		cells_of(r, t, i, c);
		for (int k = 1; k < t->ncols; k++)
			if (c[k][0] != '\0')
				csv_row(o, t->key, i + 1, c[0], t->cols[k].key, c[k],
				    t->cols[k].num);
		o_check(o);
	}
}

static void
write_csv(struct out *o, const struct doc *dc)
{
	o_puts(o, "section,row,item,measure,value\r\n");
	csv_table(o, dc->r, &dc->t[T_META]);
	for (int i = 0; dc->shown[i] != -1; i++)
		csv_table(o, dc->r, &dc->t[dc->shown[i]]);
}

/* --- JSON -------------------------------------------------------------- */

static void
json_str(struct out *o, const char *s, size_t n)
{
	o_add(o, "\"", 1);
	for (size_t i = 0; i < n && !o->err;) {
		int32_t cp;
		size_t len = utf8_next(s + i, n - i, &cp);

		if (cp == -1)
			o_puts(o, "\\ufffd");
		else if (cp == '"' || cp == '\\')
			o_printf(o, "\\%c", (char)cp);
		else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
		    cp == 0x2028 || cp == 0x2029)
			o_printf(o, "\\u%04x", (unsigned)cp);
		else
			o_add(o, s + i, len);
		i += len;
	}
	o_add(o, "\"", 1);
}

static void
json_key(struct out *o, const char *k)
{
	json_str(o, k, strlen(k));
	o_add(o, ":", 1);
}

static void
json_value(struct out *o, const char *v, int num)
{
	if (v[0] == '\0')
		o_puts(o, "null");
	else if (num)
		o_puts(o, v);
	else
		json_str(o, v, strlen(v));
}

/* A table as an array of objects; a kv table as the members of one. */
static void
json_rows(struct out *o, const struct report *r, const struct table *t)
{
	char c[MAX_COLS][CELL_MAX];

	if (t->row == NULL) {
		for (size_t i = 0; i < t->nrows; i++) {
			if (i > 0)
				o_add(o, ",", 1);
			json_key(o, t->kv[i].key);
			json_value(o, t->kv[i].v, t->kv[i].num);
		}
		return;
	}
	o_add(o, "[", 1);
	for (size_t i = 0; i < t->nrows && !o->err; i++) {
		cells_of(r, t, i, c);
		o_puts(o, i > 0 ? ",{" : "{");
		for (int k = 0; k < t->ncols; k++) {
			if (k > 0)
				o_add(o, ",", 1);
			json_key(o, t->cols[k].key);
			json_value(o, c[k], t->cols[k].num);
		}
		o_add(o, "}", 1);
		o_check(o);
	}
	o_add(o, "]", 1);
}

static void
write_json(struct out *o, const struct doc *dc)
{
	const struct report *r = dc->r;
	const struct report_opts *ro = r->o;
	char a[DATE_STRLEN];

	o_puts(o, "{");
	json_key(o, "report");
	json_str(o, kind_names[ro->kind], strlen(kind_names[ro->kind]));
	o_puts(o, ",");
	json_key(o, "date");
	json_str(o, fmt_date(ro->day, a), 10);
	o_puts(o, ",\"period\":{\"from\":");
	json_str(o, fmt_date(ro->from, a), 10);
	o_puts(o, ",\"to\":");
	json_str(o, fmt_date(ro->to, a), 10);
	o_puts(o, "},\"clinic\":");
	if (ro->clinic != NULL)
		json_str(o, ro->clinic, strlen(ro->clinic));
	else
		o_puts(o, "null");
	o_printf(o, ",\"anonymized\":%s,\"patients\":%zu,\"skipped\":%zu,"
	    "\"verdicts\":{\"eligible\":%zu,\"review\":%zu,\"ineligible\":%zu},",
	    ro->key ? "true" : "false", r->records, r->skipped,
	    r->verdicts[0], r->verdicts[1], r->verdicts[2]);
	json_key(o, "findings");
	json_rows(o, r, &dc->t[T_FINDINGS]);
	o_printf(o, ",\"treatments\":{\"sessions\":%zu,\"patients\":%zu,"
	    "\"with_reactions\":%zu,\"after_day\":%zu,", r->sessions, r->treated,
	    r->with_reaction, r->after_day);
	json_key(o, "by_month");
	json_rows(o, r, &dc->t[T_MONTHS]);
	o_puts(o, ",");
	json_key(o, "by_area");
	json_rows(o, r, &dc->t[T_AREAS]);
	o_puts(o, ",");
	json_key(o, "reactions");
	json_rows(o, r, &dc->t[T_REACTIONS]);
	o_puts(o, "}");
	switch (ro->kind) {
	case REPORT_SUMMARY:
		o_puts(o, ",");
		json_key(o, "eligible_soon");
		json_rows(o, r, &dc->t[T_SOON]);
		break;
	case REPORT_COURSE:
		o_puts(o, ",\"course\":{");
		json_rows(o, r, &dc->t[T_OVERVIEW]);
		o_puts(o, ",");
		json_key(o, "until");
		json_str(o, fmt_date(ro->day + 7L * ro->weeks, a), 10);
		o_puts(o, ",");
		json_key(o, "statuses");
		json_rows(o, r, &dc->t[T_STATUSES]);
		o_puts(o, ",");
		json_key(o, "patients");
		json_rows(o, r, &dc->t[T_COURSE]);
		o_puts(o, "}");
		break;
	case REPORT_PATIENT:
		o_puts(o, ",\"patient\":");
		if (!dc->tg.ok) {
			o_puts(o, "null");
			break;
		}
		o_puts(o, "{");
		json_rows(o, r, &dc->t[T_OVERVIEW]);
		o_puts(o, ",");
		json_key(o, "findings");
		json_rows(o, r, &dc->t[T_P_FINDINGS]);
		o_puts(o, ",");
		json_key(o, "sessions");
		json_rows(o, r, &dc->t[T_P_GIVEN]);
		o_puts(o, ",");
		json_key(o, "planned");
		json_rows(o, r, &dc->t[T_P_PLANNED]);
		o_puts(o, "}");
		break;
	default:
		break;
	}
	o_puts(o, "}\n");
}

/* --- HTML, with its charts ------------------------------------------------ */

#define CHART_ROWS 15		/* bars drawn at most; the table has them all */
#define CHART_MONTHS 60

static const char html_style[] =
    ":root{color-scheme:light}\n"
    "body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,"
    "\"Helvetica Neue\",Arial,sans-serif;color:#1f2933;background:#fff;"
    "max-width:1120px;margin:0 auto;padding:24px 32px;line-height:1.45}\n"
    "header{border-bottom:4px solid #2f5d8a;padding-bottom:10px;"
    "margin-bottom:8px}\n"
    "h1{font-size:1.9em;margin:0 0 4px}\n"
    ".meta{color:#52606d;margin:0}\n"
    "nav{margin:10px 0 0}nav a{color:#2f5d8a;margin-right:16px}\n"
    "section{margin:32px 0 0}\n"
    "h2{font-size:1.35em;color:#243b53;border-bottom:1px solid #d9e2ec;"
    "padding-bottom:4px;margin:0 0 14px}\n"
    ".pair{display:flex;flex-wrap:wrap;gap:28px;align-items:flex-start}\n"
    "figure{margin:0;max-width:100%}\n"
    "figcaption{font-weight:600;color:#334e68;margin:0 0 6px}\n"
    "svg{display:block;max-width:100%;height:auto}\n"
    "svg text{font-size:12px;fill:#1f2933}\n"
    "svg .axis{stroke:#7b8794;stroke-width:1}\n"
    "svg .grid{stroke:#e4e7eb;stroke-width:1}\n"
    "svg .tick{font-size:11px;fill:#52606d}\n"
    "table{border-collapse:collapse;font-size:.95em;margin:0 0 8px}\n"
    "th,td{padding:5px 12px;border-bottom:1px solid #e4e7eb;text-align:left;"
    "vertical-align:top}\n"
    "th{background:#f0f4f8;color:#243b53;font-weight:600}\n"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    ".empty{color:#52606d;font-style:italic}\n"
    "footer{margin:40px 0 0;color:#7b8794;font-size:.85em;"
    "border-top:1px solid #d9e2ec;padding-top:8px}\n"
    "@page{margin:16mm}\n"
    "@media print{nav{display:none}body{max-width:none;padding:0}"
    "section{break-before:page;page-break-before:always}"
    "section:first-of-type{break-before:auto;page-break-before:auto}"
    "figure,table,.pair{break-inside:avoid;page-break-inside:avoid}"
    "th{background:#e4e7eb}}\n";

static const char *const bar_colour = "#2f5d8a";
static const char *const verdict_colours[3] = {"#2e7d32", "#b7791f", "#c62828"};

/* A step of 1, 2 or 5 times a power of ten, so that max takes 3 to 6. */
static double
nice_step(double max)
{
	static const double steps[] = {1, 2, 5};
	double p = 1;

	if (max <= 0)
		return 1;
	while (p * 10 <= max / 3)
		p *= 10;
	while (p > max / 3 && p > 1e-9)
		p /= 10;
	for (;;) {
		for (int i = 0; i < 3; i++)
			if (max / (steps[i] * p) <= 6)
				return steps[i] * p;
		p *= 10;
	}
}

static void
tick_text(char *out, size_t n, double v)
{
	if (v == floor(v))
		snprintf(out, n, "%.0f", v);
	else
		snprintf(out, n, "%g", v);
}

/* A label cut to n characters for a chart; the table has it whole. */
static void
svg_label(struct out *o, const char *s, size_t n)
{
	size_t len = strlen(s);

	if (len <= n) {
		o_esc(o, esc_html, s);
		return;
	}
	/* Cut at a character, not in one. */
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	if (!o->err && esc_html(o->b, s, n) == -1)
		o->err = 1;
	o_puts(o, "\xe2\x80\xa6");
}

static void
svg_open(struct out *o, const struct chart *ch, const char *id, int w, int h)
{
	o_printf(o, "<figure><figcaption id=\"%s-chart\">", id);
	o_esc(o, esc_html, ch->title);
	o_printf(o, "</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
	    "aria-labelledby=\"%s-chart\">\n", w, h, w, h, id);
}

static void
svg_close(struct out *o)
{
	o_puts(o, "</svg></figure>\n");
}

/* Horizontal bars (and, for CH_RANGE, a range with a dot at the value). */
static void
svg_bars(struct out *o, const struct report *r, const struct table *t,
    const struct chart *ch, const char *id)
{
	char c[MAX_COLS][CELL_MAX];
	size_t n = t->nrows;
	const int lw = 190, pw = 280, rh = 26, top = 10;
	int h, w = lw + pw + 190;
	double max = 0, step;

	if (n > CHART_ROWS)
		n = CHART_ROWS;
	h = top + (int)n * rh + 34;
	for (size_t i = 0; i < n; i++) {
		cells_of(r, t, i, c);
		double v = strtod(c[ch->type == CH_RANGE ? ch->max : ch->value], NULL);

		if (v > max)
			max = v;
	}
	if (ch->type == CH_RANGE)
		max = max < 1 ? 1 : ceil(max * 2) / 2;	/* whole half mm */
	step = ch->type == CH_RANGE ? 0.5 : nice_step(max);
	if (ch->unit[0] == '%' && max > 0)
		step = nice_step(max);
	max = max <= 0 ? step : ceil(max / step - 1e-9) * step;
	svg_open(o, ch, id, w, h);
	/* The grid and the axis, with its ticks. */
	for (int k = 0; k * step <= max + 1e-9; k++) {
		double v = k * step, x = lw + pw * v / max;
		char tk[32];

		tick_text(tk, sizeof(tk), v);
		o_printf(o, "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" "
		    "y2=\"%d\"/>\n", x, top - 4, x, top + (int)n * rh);
		o_printf(o, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" "
		    "text-anchor=\"middle\">%s%s</text>\n", x, top + (int)n * rh + 16,
		    tk, ch->unit);
	}
	o_printf(o, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n",
	    lw, top + (int)n * rh, lw + pw, top + (int)n * rh);
	o_printf(o, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n",
	    lw, top - 4, lw, top + (int)n * rh);
	for (size_t i = 0; i < n && !o->err; i++) {
		int y = top + (int)i * rh;
		double v;

		cells_of(r, t, i, c);
		v = strtod(c[ch->value], NULL);
		o_printf(o, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", lw - 8,
		    y + rh / 2 + 4);
		svg_label(o, c[ch->label], 26);
		o_puts(o, "</text>\n");
		if (ch->type == CH_RANGE) {
			double lo = strtod(c[ch->min], NULL), hi = strtod(c[ch->max], NULL);

			if (c[ch->value][0] == '\0') {
				o_printf(o, "<text x=\"%d\" y=\"%d\" class=\"tick\">no depth "
				    "given</text>\n", lw + 6, y + rh / 2 + 4);
				continue;
			}
			o_printf(o, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
			    "stroke=\"#9fb3c8\" stroke-width=\"10\" "
			    "stroke-linecap=\"round\"/>\n", lw + pw * lo / max,
			    y + rh / 2, lw + pw * hi / max, y + rh / 2);
			o_printf(o, "<circle cx=\"%.1f\" cy=\"%d\" r=\"6\" "
			    "fill=\"%s\"/>\n", lw + pw * v / max, y + rh / 2, bar_colour);
			o_printf(o, "<text x=\"%d\" y=\"%d\">", lw + pw + 12,
			    y + rh / 2 + 4);
			o_esc(o, esc_html, c[ch->value]);
			o_puts(o, " (");
			o_esc(o, esc_html, c[ch->min]);
			o_puts(o, "\xe2\x80\x93");
			o_esc(o, esc_html, c[ch->max]);
			o_printf(o, ")%s</text>\n", ch->unit);
			continue;
		}
		o_printf(o, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
		    "fill=\"%s\"/>\n", lw, y + 4, pw * v / max, rh - 8,
		    ch->verdicts && i < 3 ? verdict_colours[i] : bar_colour);
		o_printf(o, "<text x=\"%.1f\" y=\"%d\">", lw + pw * v / max + 6,
		    y + rh / 2 + 4);
		o_esc(o, esc_html, c[ch->value]);
		o_printf(o, "%s</text>\n", ch->unit);
	}
	if (t->nrows > n)
		o_printf(o, "<text class=\"tick\" x=\"%d\" y=\"%d\">the first %zu of "
		    "%zu: all are in the table</text>\n", lw, h - 2, n, t->nrows);
	svg_close(o);
}

static const char *const month_abbr[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
	"Nov", "Dec"
};

/* Columns over months, with the month under each and the year under its
 * first month and each January. */
static void
svg_columns(struct out *o, const struct report *r, const struct table *t,
    const struct chart *ch, const char *id)
{
	char c[MAX_COLS][CELL_MAX];
	size_t n = t->nrows, first;
	const int left = 48, ph = 180, top = 22;
	int cw, w, h = top + ph + 44;
	double max = 0, step;

	if (n > CHART_MONTHS)
		n = CHART_MONTHS;
	first = t->nrows - n;	/* the latest months when there are many */
	cw = n > 0 && 640 / (int)n < 44 ? 640 / (int)n : 44;
	if (cw < 12)
		cw = 12;
	w = left + (int)n * cw + 16;
	for (size_t i = first; i < t->nrows; i++) {
		cells_of(r, t, i, c);
		if (strtod(c[ch->value], NULL) > max)
			max = strtod(c[ch->value], NULL);
	}
	step = nice_step(max);
	max = max <= 0 ? step : ceil(max / step - 1e-9) * step;
	svg_open(o, ch, id, w, h);
	for (int k = 0; k * step <= max + 1e-9; k++) {
		double v = k * step, y = top + ph - ph * v / max;
		char tk[32];

		tick_text(tk, sizeof(tk), v);
		o_printf(o, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" "
		    "y2=\"%.1f\"/>\n", left, y, w - 8, y);
		o_printf(o, "<text class=\"tick\" x=\"%d\" y=\"%.1f\" "
		    "text-anchor=\"end\">%s</text>\n", left - 6, y + 4, tk);
	}
	o_printf(o, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n",
	    left, top + ph, w - 8, top + ph);
	o_printf(o, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n",
	    left, top - 6, left, top + ph);
	for (size_t i = first; i < t->nrows && !o->err; i++) {
		int x = left + (int)(i - first) * cw;
		double v, bh;
		int y, m;

		cells_of(r, t, i, c);
		v = strtod(c[ch->value], NULL);
		bh = ph * v / max;
		o_printf(o, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" "
		    "fill=\"%s\"/>\n", x + cw / 8, top + ph - bh, cw - cw / 4, bh,
		    bar_colour);
		if (cw >= 22 || n <= 24)
			o_printf(o, "<text class=\"tick\" x=\"%d\" y=\"%.1f\" "
			    "text-anchor=\"middle\">%s</text>\n", x + cw / 2,
			    top + ph - bh - 4, c[ch->value]);
		y = (int)strtol(c[ch->label], NULL, 10);
		m = (int)strtol(c[ch->label] + 5, NULL, 10);
		if (m < 1 || m > 12)
			continue;
		if (cw >= 22 || m % 3 == 1)
			o_printf(o, "<text class=\"tick\" x=\"%d\" y=\"%d\" "
			    "text-anchor=\"middle\">%s</text>\n", x + cw / 2,
			    top + ph + 15, month_abbr[m - 1]);
		if (i == first || m == 1)
			o_printf(o, "<text class=\"tick\" x=\"%d\" y=\"%d\" "
			    "text-anchor=\"middle\">%d</text>\n", x + cw / 2,
			    top + ph + 30, y);
	}
	svg_close(o);
}

static void
html_table(struct out *o, const struct report *r, const struct table *t)
{
	char c[MAX_COLS][CELL_MAX];

	if (t->nrows == 0) {
		o_puts(o, "<p class=\"empty\">");
		o_esc(o, esc_html, t->empty ? t->empty : "none");
		o_puts(o, "</p>\n");
		return;
	}
	o_puts(o, "<table>\n<thead><tr>");
	for (int k = 0; k < t->ncols; k++) {
		o_printf(o, "<th scope=\"col\"%s>", t->cols[k].num ? " class=\"n\"" : "");
		o_esc(o, esc_html, t->row == NULL ? (k == 0 ? "Item" : "Value") :
		    t->cols[k].head);
		o_puts(o, "</th>");
	}
	o_puts(o, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < t->nrows && !o->err; i++) {
		int num;

		cells_of(r, t, i, c);
		o_puts(o, "<tr>");
		for (int k = 0; k < t->ncols; k++) {
			num = t->row == NULL ? k == 1 && t->kv[i].num : t->cols[k].num;
			o_puts(o, k == 0 ? "<th scope=\"row\"" : "<td");
			o_puts(o, num ? " class=\"n\">" : ">");
			o_esc(o, esc_html, c[k]);
			o_puts(o, k == 0 ? "</th>" : "</td>");
		}
		o_puts(o, "</tr>\n");
		o_check(o);
	}
	o_puts(o, "</tbody></table>\n");
}

static void
write_html(struct out *o, const struct doc *dc)
{
	const struct report *r = dc->r;
	const struct report_opts *ro = r->o;
	char a[DATE_STRLEN], b[DATE_STRLEN];

	o_puts(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>");
	if (ro->clinic != NULL) {
		o_esc(o, esc_html, ro->clinic);
		o_puts(o, ": ");
	}
	o_printf(o, "%s report for %s</title>\n<style>\n%s</style>\n</head>\n"
	    "<body>\n<header>\n<h1>%s report</h1>\n<p class=\"meta\">",
	    kind_titles[ro->kind], fmt_date(ro->day, a), html_style,
	    kind_titles[ro->kind]);
	if (ro->clinic != NULL) {
		o_esc(o, esc_html, ro->clinic);
		o_puts(o, " \xc2\xb7 ");
	}
	o_printf(o, "for %s", fmt_date(ro->day, a));
	if (ro->kind == REPORT_SUMMARY || ro->kind == REPORT_TREATMENTS)
		o_printf(o, " \xc2\xb7 treatments from %s to %s", fmt_date(ro->from, a),
		    fmt_date(ro->to, b));
	if (ro->key != NULL)
		o_puts(o, " \xc2\xb7 anonymized: patients are named by pseudonyms");
	o_puts(o, "</p>\n<nav>");
	for (int i = 0; dc->shown[i] != -1; i++) {
		const struct table *t = &dc->t[dc->shown[i]];

		o_printf(o, "<a href=\"#%s\">", t->key);
		o_esc(o, esc_html, t->title);
		o_puts(o, "</a>");
	}
	o_puts(o, "</nav>\n</header>\n<main>\n");
	for (int i = 0; dc->shown[i] != -1 && !o->err; i++) {
		const struct table *t = &dc->t[dc->shown[i]];

		o_printf(o, "<section id=\"%s\">\n<h2>", t->key);
		o_esc(o, esc_html, t->title);
		o_puts(o, "</h2>\n<div class=\"pair\">\n");
		for (int k = 0; k < t->ncharts && t->nrows > 0; k++) {
			char id[64];

			snprintf(id, sizeof(id), "%s-%d", t->key, k);
			if (t->charts[k].type == CH_COLUMNS)
				svg_columns(o, r, t, &t->charts[k], id);
			else
				svg_bars(o, r, t, &t->charts[k], id);
		}
		html_table(o, r, t);
		o_puts(o, "</div>\n</section>\n");
		o_check(o);
	}
	o_puts(o, "</main>\n<footer>derma-report");
#ifdef DERMA_VERSION
	o_puts(o, " " DERMA_VERSION);
#endif
	o_printf(o, ", %s</footer>\n</body>\n</html>\n", fmt_date(ro->day, a));
}

int
report_write(struct report *r, enum report_format f, struct buf *out,
    int (*flush)(void *arg, struct buf *out), void *arg)
{
	struct out o = {out, flush, arg, 0};
	struct doc *dc = calloc(1, sizeof(*dc));

	if (dc == NULL)
		return -1;
	if (doc_build(dc, r) == -1) {
		target_free(&dc->tg);
		free(dc);
		return -1;
	}
	switch (f) {
	case REPORT_TEXT:
		write_text(&o, dc);
		break;
	case REPORT_CSV:
		write_csv(&o, dc);
		break;
	case REPORT_JSON:
		write_json(&o, dc);
		break;
	case REPORT_MARKDOWN:
		write_markdown(&o, dc);
		break;
	case REPORT_HTML:
		write_html(&o, dc);
		break;
	}
	target_free(&dc->tg);
	free(dc);
	return o.err ? -1 : 0;
}

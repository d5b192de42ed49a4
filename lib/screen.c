#include "screen.h"

#include <string.h>

#include "escape.h"
#include "template.h"
#include "value.h"

const char *
verdict_name(enum verdict v)
{
	static const char *const names[] = {"eligible", "review", "ineligible"};

	return names[v];
}

static const char *
roman(int t)
{
	static const char *const r[] = {"?", "I", "II", "III", "IV", "V", "VI"};

	return t >= 1 && t <= 6 ? r[t] : r[0];
}

/* Whether w is one of the rule's words, or of a class the rule names. */
static int
word_matches(const struct rule *r, const struct vocab_word *w)
{
	/* A rule's words are the vocabulary's own strings (rules.c). */
	for (size_t i = 0; i < r->nwords; i++) {
		if (r->words[i] == w->name)
			return 1;
		for (int c = 0; c < w->nclasses; c++)
			if (r->words[i] == w->classes[c])
				return 1;
	}
	return 0;
}

/* The rule's wait for w: its own, or how long w acts (wait: effect). */
static void
rule_wait(const struct rule *r, const struct vocab_word *w,
    enum wait_unit *unit, long *n)
{
	if (r->wait_effect && w != NULL) {
		*unit = WAIT_DAYS;
		*n = w->effect_days;
	} else {
		*unit = r->wait_unit;
		*n = r->wait;
	}
}

static date_t
wait_end(const struct rule *r, const struct vocab_word *w, date_t from)
{
	enum wait_unit unit;
	long n;

	rule_wait(r, w, &unit, &n);
	if (unit == WAIT_MONTHS)
		return date_add_months(from, n);
	return from + n;
}

/* Whether a and b (n bytes each) are one word but for a plural 's'. */
static int
same_word(const char *a, size_t na, const char *b, size_t nb)
{
	char x[WORD_MAX + 1], y[WORD_MAX + 1];
	int lx = value_word(a, na, x), ly = value_word(b, nb, y);

	if (lx < 0 || ly < 0)
		return 0;
	if (lx == ly + 1 && x[ly] == 's')
		x[ly] = '\0';
	else if (ly == lx + 1 && y[lx] == 's')
		y[lx] = '\0';
	return strcmp(x, y) == 0;
}

/* Whether t (n bytes) has no capital letter. */
static int
lower_only(const char *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (t[i] >= 'A' && t[i] <= 'Z')
			return 0;
	return 1;
}

/*
 * Appends the record's text t, n bytes, to go inside brackets: its own
 * brackets become commas, so that none is doubled or nested, and none
 * before the first text or after the last ("[Accutane]" is "Accutane",
 * "Tetralysal (lymecycline)" "Tetralysal, lymecycline").
 */
static int
put_inside(struct buf *b, const char *t, size_t n)
{
	size_t from = b->len;
	int bracket = 0;	/* one came since the last text */

	for (size_t i = 0; i < n; i++) {
		if (t[i] == '(' || t[i] == '[' || t[i] == ')' || t[i] == ']') {
			bracket = 1;
			continue;
		}
		if (bracket && t[i] == ' ')
			continue;
		if (bracket) {
			while (b->len > from && b->p[b->len - 1] == ' ')
				b->len--;
			if (b->len > from && buf_puts(b, ", ") == -1)
				return -1;
			bracket = 0;
		}
		if (buf_putc(b, t[i]) == -1)
			return -1;
	}
	return 0;
}

/*
 * {name}: the word w in prose, with the record's own spelling kept.  The
 * word's display name is "A" or "A (B)", such as "cold sore (herpes
 * simplex)".  Written as A itself, or as the display name, the record's
 * spelling stands for A ("IPL", "Cold sores (herpes simplex)"); written
 * as the canonical name, the display name does ("herpes-simplex" reads
 * "cold sore (herpes simplex)"); any other way, it goes in the brackets:
 * "isotretinoin (Roaccutane 20 mg)", "cold sore (herpes simplex, HSV)".
 */
static int
put_name(struct buf *b, const struct pt_item *it, const struct vocab_word *w)
{
	const char *t = it->node->text, *disp, *open;
	size_t len = it->node->len, alen;
	char norm[WORD_MAX + 1];

	while (len > 0 && (*t == ' ' || *t == '\t'))
		t++, len--;
	while (len > 0 && (t[len - 1] == ' ' || t[len - 1] == '\t'))
		len--;
	if (w == NULL)
		return buf_add(b, t, len);
	disp = w->display;
	open = strstr(disp, " (");
	alen = open != NULL && disp[strlen(disp) - 1] == ')' ?
	    (size_t)(open - disp) : strlen(disp);
	/* "herpes-simplex", "botulinum_toxin": the name, not for prose. */
	if (value_word(t, len, norm) >= 0 && strcmp(norm, w->name) == 0 &&
	    (memchr(t, '-', len) != NULL || memchr(t, '_', len) != NULL))
		return buf_puts(b, disp);
	/* All in lower case, "ipl" is the display name's "IPL" unshouted;
	 * as its bracket ("Herpes Simplex"), it is the display name. */
	if ((same_word(t, len, disp, alen) && lower_only(t, len) &&
	    !lower_only(disp, alen)) ||
	    (alen < strlen(disp) &&
	    same_word(t, len, disp + alen + 2, strlen(disp) - alen - 3)))
		return buf_puts(b, disp);
	if (same_word(t, len, disp, strlen(disp)) || same_word(t, len, disp, alen))
		return buf_add(b, t, len) == 0 && buf_puts(b, disp + alen) == 0 ?
		    0 : -1;
	if (buf_add(b, disp, alen) == -1 || buf_puts(b, " (") == -1)
		return -1;
	if (alen < strlen(disp) && (buf_add(b, disp + alen + 2,
	    strlen(disp) - alen - 3) == -1 || buf_puts(b, ", ") == -1))
		return -1;
	if (put_inside(b, t, len) == -1)
		return -1;
	return buf_putc(b, ')');
}

/* What filling a finding's placeholders needs. */
struct fill {
	const struct finding *f;
	const struct patient *p;
};

/* Appends the placeholder which (rules.h) of a finding. */
static int
fill(void *arg, size_t which, struct buf *b)
{
	const struct fill *x = arg;
	const struct finding *f = x->f;
	char day[DATE_STRLEN], wait[32];

	/* rules_load() let a message use only what its rule can fill. */
	switch ((enum placeholder)which) {
	case PH_NAME:
		return put_name(b, f->item, f->word);
	case PH_WHAT:
		return buf_puts(b, f->word->display);
	case PH_DATE:
		return buf_puts(b, date_format(f->word->cat == VOC_MEDICATION ?
		    f->item->stopped : f->item->date, day));
	case PH_UNTIL:
		return buf_puts(b, date_format(f->end, day));
	case PH_WAIT:
		wait_text(f->wait_unit, f->wait, wait, sizeof(wait));
		return buf_puts(b, wait);
	case PH_FITZPATRICK:
		return buf_puts(b, roman(x->p->fitzpatrick));
	}
	return 0;
}

/* The text of a finding: the rule's message with its placeholders filled. */
static const char *
message(struct arena *a, const struct finding *f, const struct patient *p)
{
	const char *tmpl = f->has_end ? f->rule->message_until : f->rule->message;
	struct fill x = {f, p};
	struct buf b = {0};
	const char *out = NULL;

	if (template_expand(tmpl, rule_placeholders, fill, &x, &b) == 0 &&
	    buf_str(&b) != NULL)
		out = arena_strndup(a, b.p, b.len);
	buf_free(&b);
	return out;
}

struct found {
	struct finding *v;
	size_t n, cap;
	struct arena *a;
	const struct patient *p;
};

static int began(const struct finding *f, date_t *out);
static int put(struct found *fs, struct finding f, struct finding *to);

/*
 * Whether finding a outweighs b, of the same rule for the same word: the
 * one in force the longer, then the one begun the later, which an
 * approval may not cover.
 */
static int
outweighs(const struct finding *a, const struct finding *b)
{
	date_t x = 0, y = 0;
	int hx, hy;

	if (a->has_end != b->has_end)
		return !a->has_end;
	if (a->has_end && a->end != b->end)
		return a->end > b->end;
	hx = began(a, &x);
	hy = began(b, &y);
	if (hx != hy)
		return hx;
	return hx && x > y;
}

/*
 * Adds a finding.  The same rule for the same word twice ([ACNE,
 * Active_Acne], Roaccutane and isotretinoin) is one finding: the one that
 * outweighs the other.
 */
static int
add(struct found *fs, const struct rule *r, const struct pt_item *it,
    const struct vocab_word *w, int has_end, date_t end)
{
	struct finding f, *to = NULL;

	f.rule = r;
	f.item = it;
	f.word = w;
	rule_wait(r, w, &f.wait_unit, &f.wait);
	f.has_end = has_end;
	f.end = end;
	f.approved = 0;
	for (size_t i = 0; w != NULL && i < fs->n && to == NULL; i++)
		if (fs->v[i].rule == r && fs->v[i].word == w) {
			if (!outweighs(&f, &fs->v[i]))
				return 0;
			to = &fs->v[i];
		}
	if ((f.message = message(fs->a, &f, fs->p)) == NULL)
		return -1;
	return put(fs, f, to);
}

/* Finding f, in place of *to or (to NULL) after the others. */
static int
put(struct found *fs, struct finding f, struct finding *to)
{
	if (to == NULL && fs->n == fs->cap) {
		size_t cap = fs->cap ? fs->cap * 2 : 8;
		struct finding *v = arena_alloc(fs->a, cap * sizeof(*v));

		if (v == NULL)
			return -1;
		if (fs->n)
			memcpy(v, fs->v, fs->n * sizeof(*v));
		fs->v = v;
		fs->cap = cap;
	}
	if (to == NULL)
		to = &fs->v[fs->n++];
	*to = f;
	return 0;
}

/*
 * A medication is in force from since (when given) while taken, and until
 * stopped plus the wait; with no stopped date, with no known end.
 */
static int
as_medication(struct found *fs, const struct rule *r, const struct pt_item *it,
    const struct vocab_word *w, date_t day)
{
	date_t end;

	if (it->has_since && it->since > day)
		return 0;	/* begun after the day */
	if (!it->has_stopped)
		return add(fs, r, it, w, 0, 0);
	end = wait_end(r, w, it->stopped);
	/* An end past 9999-12-31 has no date to write: no known end. */
	return day < end ? add(fs, r, it, w, end <= DATE_MAX, end) : 0;
}

/*
 * A procedure is in force from its date until the date plus the wait, or
 * with no known end when it has no date or the rule no wait.
 */
static int
as_procedure(struct found *fs, const struct rule *r, const struct pt_item *it,
    const struct vocab_word *w, date_t day)
{
	date_t end;

	if (!it->has_date || r->wait_unit == WAIT_NONE)
		return it->has_date && it->date > day ? 0 : add(fs, r, it, w, 0, 0);
	if (it->date > day)
		return 0;	/* still to come */
	end = wait_end(r, w, it->date);
	return day < end ? add(fs, r, it, w, end <= DATE_MAX, end) : 0;
}

/*
 * The medication or procedure words of both lists the rule names: Botox
 * under medications is a procedure still, a medication under procedures
 * still a medication.
 */
static int
match_dated(struct found *fs, const struct rule *r, const struct patient *p,
    date_t day, enum vocab_cat cat)
{
	const struct pt_list *lists[] = {&p->medications, &p->procedures};

	for (size_t l = 0; l < 2; l++)
		for (size_t i = 0; i < lists[l]->n; i++) {
			const struct pt_item *it = &lists[l]->v[i];

			for (size_t j = 0; j < it->nwords; j++) {
				const struct vocab_word *w = it->words[j];

				if (w->cat != cat || !word_matches(r, w))
					continue;
				if ((cat == VOC_MEDICATION ?
				    as_medication(fs, r, it, w, day) :
				    as_procedure(fs, r, it, w, day)) == -1)
					return -1;
			}
		}
	return 0;
}

/* The entries of a list in which no word, or not every word, was
 * recognised: "vitamin D and zzyxal" must not pass for vitamin D alone. */
static int
match_unrecognised(struct found *fs, const struct rule *r,
    const struct pt_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		if ((l->v[i].nwords == 0 || l->v[i].unread) &&
		    add(fs, r, &l->v[i], NULL, 0, 0) == -1)
			return -1;
	return 0;
}

/* One finding per word of l the rule names. */
static int
match_words(struct found *fs, const struct rule *r, const struct pt_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (word_matches(r, l->v[i].w) &&
		    add(fs, r, &l->v[i], l->v[i].w, 0, 0) == -1)
			return -1;
	return 0;
}

static int
apply(struct found *fs, const struct rule *r, const struct patient *p,
    date_t day)
{
	switch (r->match) {
	case MATCH_FLAG:
	case MATCH_UNANSWERED: {
		int flag = strcmp(r->flag, "pregnant") == 0 ? p->pregnant :
		    p->lactating;

		if (flag == (r->match == MATCH_FLAG ? 1 : -1))
			return add(fs, r, NULL, NULL, 0, 0);
		return 0;
	}
	case MATCH_FITZPATRICK:
		if (r->fitzpatrick & (1u << p->fitzpatrick))
			return add(fs, r, NULL, NULL, 0, 0);
		return 0;
	case MATCH_CONDITIONS:
		return match_words(fs, r, &p->conditions);
	case MATCH_HISTORY:
		return match_words(fs, r, &p->history);
	case MATCH_ANY_CONDITION:
		/* A word both now and in the past is one finding (add()). */
		if (match_words(fs, r, &p->conditions) == -1)
			return -1;
		return match_words(fs, r, &p->history);
	case MATCH_MEDICATIONS:
		return match_dated(fs, r, p, day, VOC_MEDICATION);
	case MATCH_PROCEDURES:
		return match_dated(fs, r, p, day, VOC_PROCEDURE);
	case MATCH_UNRECOGNISED:
		return match_unrecognised(fs, r, strcmp(r->flag, "medications") == 0 ?
		    &p->medications : &p->procedures);
	}
	return 0;
}

/* What the consultation's approval is worth on a day (SPEC section 3). */
enum approval {
	APPROVAL_NONE,		/* not approved */
	APPROVAL_COUNTS,
	APPROVAL_NO_DATE,	/* its age cannot be told */
	APPROVAL_TO_COME,	/* the consultation is after the day */
	APPROVAL_LAPSED		/* older than the rules' setting */
};

/* The first day the approval given on day c no longer counts. */
static date_t
approval_end(const struct rules *r, date_t c)
{
	return r->approval_unit == WAIT_MONTHS ?
	    date_add_months(c, r->approval_lapse) : c + r->approval_lapse;
}

static enum approval
approval_on(const struct rules *r, const struct patient *p, date_t day)
{
	if (!p->approved)
		return APPROVAL_NONE;
	if (!p->has_consult_date)
		return APPROVAL_NO_DATE;
	if (p->consult_date > day)
		return APPROVAL_TO_COME;
	if (day >= approval_end(r, p->consult_date))
		return APPROVAL_LAPSED;
	return APPROVAL_COUNTS;
}

/*
 * The day a finding began, when the record says: a medication's since, a
 * procedure's date.  A condition has none: the dermatologist saw it.  A
 * name not recognised has no word to say which it is, but its entry has
 * the day all the same: a clinic that makes such a finding relative must
 * not have it approved by a consultation held before it began.
 */
static int
began(const struct finding *f, date_t *out)
{
	if (f->item == NULL)
		return 0;
	if (f->word == NULL && f->item->has_since)
		return *out = f->item->since, 1;
	if (f->word == NULL && f->item->has_date)
		return *out = f->item->date, 1;
	if (f->word == NULL)
		return 0;
	if (f->word->cat == VOC_MEDICATION && f->item->has_since)
		return *out = f->item->since, 1;
	if (f->word->cat == VOC_PROCEDURE && f->item->has_date)
		return *out = f->item->date, 1;
	return 0;
}

/*
 * Whether the approval covers a relative finding: only what the
 * dermatologist saw, and only while it counts.  When it does not, the
 * finding's message says why.  Returns 1, 0, or -1 (out of memory).
 */
static int
approve(const struct rules *r, const struct patient *p, date_t day,
    struct arena *a, struct finding *f)
{
	char c[DATE_STRLEN], b[DATE_STRLEN], e[DATE_STRLEN], lapse[32];
	struct buf m = {0};
	const char *text;
	date_t start;
	int rc = 0;

	switch (approval_on(r, p, day)) {
	case APPROVAL_NONE:
		return 0;
	case APPROVAL_COUNTS:
		if (!began(f, &start) || start <= p->consult_date)
			return 1;
		rc = buf_printf(&m, "%s; begun %s, after the consultation of %s, "
		    "so its approval does not cover it", f->message,
		    date_format(start, b), date_format(p->consult_date, c));
		break;
	case APPROVAL_NO_DATE:
		rc = buf_printf(&m, "%s; the approval has no consultation date, so "
		    "it does not count", f->message);
		break;
	case APPROVAL_TO_COME:
		rc = buf_printf(&m, "%s; the consultation of %s is still to come, "
		    "so its approval does not count yet", f->message,
		    date_format(p->consult_date, c));
		break;
	case APPROVAL_LAPSED:
		wait_text(r->approval_unit, r->approval_lapse, lapse, sizeof(lapse));
		rc = buf_printf(&m, "%s; the approval of %s counts for %s and "
		    "lapsed on %s", f->message, date_format(p->consult_date, c),
		    lapse, date_format(approval_end(r, p->consult_date), e));
		break;
	}
	/* Not covered: 0, with the reason in the message. */
	if (rc == 0 && buf_str(&m) != NULL &&
	    (text = arena_strndup(a, m.p, m.len)) != NULL)
		f->message = text;
	else
		rc = -1;
	buf_free(&m);
	return rc;
}

/* The findings in force on day, each relative one with its approval. */
static int
find_all(const struct rules *r, const struct patient *p, date_t day,
    struct found *fs)
{
	for (size_t i = 0; i < r->n; i++)
		if (apply(fs, &r->v[i], p, day) == -1)
			return -1;
	for (size_t i = 0; i < fs->n; i++) {
		struct finding *f = &fs->v[i];

		if (f->rule->severity == SEV_RELATIVE &&
		    (f->approved = approve(r, p, day, fs->a, f)) == -1)
			return -1;
	}
	return 0;
}

/* Whether a finding keeps the patient from eligible: an absolute one, or
 * (for the day under review ends) a relative one not approved. */
static int
holds(const struct finding *f, enum severity sev)
{
	return f->rule->severity == sev &&
	    (sev != SEV_RELATIVE || !f->approved);
}

/*
 * A finding on a later day that begins after today (its item's since or
 * date) joins the findings of today, once, saying so: without it the
 * day eligible would have no reason given.
 */
static int
later(struct found *now, const struct finding *f, date_t today)
{
	char b[DATE_STRLEN];
	struct finding g = *f;
	struct buf m = {0};
	date_t start;
	int rc = -1;

	if (!began(f, &start) || start <= today)
		return 0;
	for (size_t i = 0; i < now->n; i++)
		if (now->v[i].rule == f->rule && now->v[i].item == f->item &&
		    now->v[i].word == f->word)
			return 0;
	if (buf_printf(&m, "%s; begins %s, after the screening date",
	    f->message, date_format(start, b)) == 0 &&
	    buf_str(&m) != NULL &&
	    (g.message = arena_strndup(now->a, m.p, m.len)) != NULL)
		rc = put(now, g, NULL);
	buf_free(&m);
	return rc;
}

/*
 * The first day from *day on on which no finding of severity sev holds.
 * Each day is screened again, so what begins after the screening's day (a
 * medication's since, a procedure's date) counts from its start: a washout
 * that ends after the next medication has begun moves the day on, and an
 * approval that lapses by then no longer covers.  What begins later is a
 * reason too: it joins the findings of now.  1 with *day set (and *review
 * whether a relative finding not approved is in force on it), 0 when one
 * has no known end, -1 when memory runs out.
 */
static int
clear_day(const struct rules *r, struct found *now, date_t today,
    enum severity sev, date_t *day, int *review)
{
	/* Each pass moves past at least one finding's end: a few suffice. */
	for (int pass = 0; pass < 64; pass++) {
		struct found fs = {NULL, 0, 0, now->a, now->p};
		const struct patient *p = now->p;
		date_t next = *day;

		/*
		 * On today the findings are those of now, found already.
		 * later() adds none of them to now, where each is already.
		 */
		if (*day == today)
			fs = *now;
		else if (find_all(r, p, *day, &fs) == -1)
			return -1;
		*review = 0;
		for (size_t i = 0; i < fs.n; i++) {
			const struct finding *f = &fs.v[i];

			if (holds(f, SEV_RELATIVE))
				*review = 1;
			if (!holds(f, sev))
				continue;
			if (later(now, f, today) == -1)
				return -1;
			if (!f->has_end)
				return 0;
			if (f->end > next)
				next = f->end;
		}
		if (next != *day) {
			*day = next;
			continue;
		}
		/* What makes it review on the day is a reason too. */
		for (size_t i = 0; i < fs.n; i++)
			if (holds(&fs.v[i], SEV_RELATIVE) &&
			    later(now, &fs.v[i], today) == -1)
				return -1;
		return 1;
	}
	return 0;
}

int
screen_patient(const struct rules *r, const struct patient *p, date_t day,
    struct arena *a, struct screening *s, struct diag *d)
{
	struct found fs = {NULL, 0, 0, a, p};
	int absolute = 0, relative = 0, review = 0, rc = 1;

	memset(s, 0, sizeof(*s));
	s->date = day;
	s->eligible_from = s->clear_from = day;
	if (find_all(r, p, day, &fs) == -1)
		goto oom;
	for (size_t i = 0; i < fs.n; i++) {
		if (holds(&fs.v[i], SEV_ABSOLUTE))
			absolute = 1;
		else if (holds(&fs.v[i], SEV_RELATIVE))
			relative = 1;
	}
	if (absolute) {
		s->verdict = VERDICT_INELIGIBLE;
		rc = clear_day(r, &fs, day, SEV_ABSOLUTE, &s->eligible_from,
		    &review);
		s->has_eligible_from = rc == 1;
		s->review_from = rc == 1 && review;
	} else if (relative) {
		s->verdict = VERDICT_REVIEW;
		rc = clear_day(r, &fs, day, SEV_RELATIVE, &s->clear_from, &review);
		s->has_clear_from = rc == 1;
	} else
		s->verdict = VERDICT_ELIGIBLE;
	s->findings = fs.v;
	s->n = fs.n;
	if (!s->has_eligible_from)
		s->eligible_from = 0;
	if (!s->has_clear_from)
		s->clear_from = 0;
	if (rc != -1)
		return 0;
oom:
	diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
	return -1;
}

struct node *
screen_block(struct arena *a, const struct screening *s)
{
	struct node *b = node_collection(a, NODE_MAPPING, CSTYLE_BLOCK);
	struct node *list;
	char day[DATE_STRLEN];

	if (b == NULL ||
	    node_map_add_text(a, b, "date", date_format(s->date, day)) == -1 ||
	    node_map_add(a, b, "verdict",
	    node_scalar_ref(a, verdict_name(s->verdict), STYLE_PLAIN)) == -1)
		return NULL;
	if (s->has_eligible_from && node_map_add_text(a, b, "eligible_from",
	    date_format(s->eligible_from, day)) == -1)
		return NULL;
	if ((list = node_collection(a, NODE_SEQUENCE, CSTYLE_BLOCK)) == NULL ||
	    node_map_add(a, b, "findings", list) == -1)
		return NULL;
	if (s->n == 0)
		list->style = CSTYLE_FLOW;	/* findings: [] */
	for (size_t i = 0; i < s->n; i++) {
		const struct finding *f = &s->findings[i];
		struct node *m = node_collection(a, NODE_MAPPING, CSTYLE_BLOCK);

		if (m == NULL ||
		    node_map_add(a, m, "rule",
		    node_scalar_ref(a, f->rule->id, STYLE_PLAIN)) == -1 ||
		    node_map_add(a, m, "severity", node_scalar_ref(a,
		    severity_name(f->rule->severity), STYLE_PLAIN)) == -1 ||
		    node_map_add(a, m, "message",
		    node_scalar_ref(a, f->message, STYLE_ANY)) == -1)
			return NULL;
		if (f->approved && node_map_add(a, m, "approved",
		    node_scalar_ref(a, "true", STYLE_PLAIN)) == -1)
			return NULL;
		node_append(list, m);
	}
	return b;
}

int
screen_text(const struct screening *s, const struct patient *p, int color,
    struct buf *out)
{
	static const char *const colors[] = {"\033[32m", "\033[33m", "\033[31m"};
	const char *on = color ? colors[s->verdict] : "", *off = color ? "\033[0m" : "";
	char day[DATE_STRLEN];
	int r;

	/* The record's own text is escaped: a name holding ESC or a line
	 * break must not move the cursor or fake a line of the view. */
	r = buf_printf(out, "%s", p->id);
	if (r == 0 && p->name != NULL && (r = buf_puts(out, "  ")) == 0)
		r = esc_term(out, p->name, strlen(p->name));
	if (r == 0)
		r = buf_printf(out, "  %s%s%s", on, verdict_name(s->verdict), off);
	/* The first day over is a "from": people read "until" as the last. */
	if (r == 0 && s->has_eligible_from)
		r = buf_printf(out, ", %s from %s", s->review_from ? "review" :
		    "eligible", date_format(s->eligible_from, day));
	if (r == 0)
		r = buf_putc(out, '\n');
	/* The rule's id last, apart: "id: message" would read as one text. */
	for (size_t i = 0; r == 0 && i < s->n; i++) {
		const struct finding *f = &s->findings[i];

		r = buf_printf(out, "    %-8s  ", severity_name(f->rule->severity));
		if (r == 0)
			r = esc_term(out, f->message, strlen(f->message));
		if (r == 0)
			r = buf_printf(out, "%s  [%s]\n", f->approved ?
			    "; approved at the consultation" : "", f->rule->id);
	}
	return r;
}

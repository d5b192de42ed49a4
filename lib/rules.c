#include "rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "datadir.h"
#include "node.h"
#include "template.h"
#include "value.h"

static const char *const sev_names[] = {"absolute", "relative", "caution"};
static const char *const match_keys[] = {
	"flag", "unanswered", "conditions", "history", "conditions-or-history", "medications",
	"procedures", "fitzpatrick", "unrecognised"
};

const char *
severity_name(enum severity s)
{
	return sev_names[s];
}

void
wait_text(enum wait_unit unit, long wait, char *out, size_t n)
{
	const char *u = unit == WAIT_MONTHS ? "month" : "day";

	snprintf(out, n, "%ld %s%s", wait, u, wait == 1 ? "" : "s");
}

void
wait_format(const struct rule *r, char *out, size_t n)
{
	if (r->wait_effect)
		snprintf(out, n, "as long as the medication acts");
	else
		wait_text(r->wait_unit, r->wait, out, n);
}

static int
scalar_word(const struct node *n, char *w)
{
	n = node_resolve(n);
	return n != NULL && n->kind == NODE_SCALAR &&
	    value_word(n->text, n->len, w) >= 0 ? 0 : -1;
}

/* Checks that a rule's word exists where the rule looks for it. */
static int
word_known(const struct vocab *v, enum match m, const char *w)
{
	switch (m) {
	case MATCH_CONDITIONS:
	case MATCH_HISTORY:
	case MATCH_ANY_CONDITION:
		return vocab_find(v, VOC_CONDITION, w, strlen(w)) != NULL;
	case MATCH_PROCEDURES:
		return vocab_find(v, VOC_PROCEDURE, w, strlen(w)) != NULL;
	case MATCH_MEDICATIONS:
		return vocab_has_class(v, w) ||
		    vocab_find(v, VOC_MEDICATION, w, strlen(w)) != NULL;
	default:
		return 0;
	}
}

static int
load_words(struct arena *a, const struct vocab *v, struct rule *r,
    const struct node *list, struct diag *d)
{
	const char **words;
	size_t i = 0;

	if (list->kind != NODE_SEQUENCE || list->n == 0)
		return datafile_error(d, list, "expected a list of words");
	if ((words = arena_alloc(a, list->n * sizeof(*words))) == NULL)
		return datafile_error(d, list, "out of memory");
	for (const struct node *c = list->head; c != NULL; c = c->next) {
		char w[WORD_MAX + 1];

		if (scalar_word(c, w) == -1)
			return datafile_error(d, c, "expected a word");
		if (!word_known(v, r->match, w))
			return datafile_error(d, c, "'%s' is not in the vocabulary"
			    " for %s", w, match_keys[r->match]);
		/* The vocabulary's own strings, so matching compares pointers. */
		if (r->match == MATCH_MEDICATIONS && vocab_has_class(v, w))
			words[i] = vocab_class(v, w);
		else
			words[i] = vocab_find(v, r->match == MATCH_PROCEDURES ?
			    VOC_PROCEDURE : r->match == MATCH_MEDICATIONS ?
			    VOC_MEDICATION : VOC_CONDITION, w, strlen(w))->name;
		if (words[i++] == NULL)
			return datafile_error(d, c, "out of memory");
	}
	r->words = words;
	r->nwords = i;
	return 0;
}

static int
load_when(struct arena *a, const struct vocab *v, struct rule *r,
    const struct node *when, struct diag *d)
{
	const struct node *key, *val;
	int m;

	if (when == NULL || when->kind != NODE_MAPPING || when->n != 2)
		return datafile_error(d, when, "when: expected one of {flag: ...}, "
		    "{unanswered: ...}, "
		    "{conditions: [...]}, {history: [...]}, "
		    "{conditions-or-history: [...]}, {medications: [...]}, "
		    "{procedures: [...]}, {fitzpatrick: [...]}, "
		    "{unrecognised: medications | procedures}");
	key = node_resolve(when->head);
	val = node_resolve(when->head->next);
	for (m = 0; m <= MATCH_UNRECOGNISED; m++)
		if (node_is_scalar(key, match_keys[m]))
			break;
	if (m > MATCH_UNRECOGNISED)
		return datafile_error(d, key, "when: unknown kind of match");
	r->match = (enum match)m;
	if (r->match == MATCH_FLAG || r->match == MATCH_UNANSWERED) {
		if (!node_is_scalar(val, "pregnant") && !node_is_scalar(val, "lactating"))
			return datafile_error(d, val, "%s: expected pregnant or "
			    "lactating", match_keys[r->match]);
		r->flag = val->text;
		return 0;
	}
	if (r->match == MATCH_UNRECOGNISED) {
		if (!node_is_scalar(val, "medications") &&
		    !node_is_scalar(val, "procedures"))
			return datafile_error(d, val, "unrecognised: expected "
			    "medications or procedures");
		r->flag = val->text;
		return 0;
	}
	if (r->match == MATCH_FITZPATRICK) {
		if (val->kind != NODE_SEQUENCE || val->n == 0)
			return datafile_error(d, val, "fitzpatrick: expected a list of types");
		for (const struct node *c = val->head; c != NULL; c = c->next) {
			int t;

			if (value_fitzpatrick_type(c, &t) == -1)
				return datafile_error(d, c, "expected 1-6, I-VI or unknown");
			r->fitzpatrick |= 1u << t;
		}
		return 0;
	}
	return load_words(a, v, r, val, d);
}

static int
load_wait(struct rule *r, const struct node *wait, struct diag *d)
{
	const struct node *k, *val;
	double n;

	if (wait == NULL)
		return 0;
	if (node_is_scalar(wait, "effect")) {
		if (r->match != MATCH_MEDICATIONS)
			return datafile_error(d, wait, "wait: effect is for "
			    "medications only");
		r->wait_effect = 1;
		r->wait_unit = WAIT_DAYS;
		return 0;
	}
	if (wait->kind != NODE_MAPPING || wait->n != 2)
		return datafile_error(d, wait, "wait: expected {days: N}, "
		    "{weeks: N}, {months: N} or effect");
	k = node_resolve(wait->head);
	val = node_resolve(wait->head->next);
	if (value_number(val, &n) == -1 || n < 0 || n > 1200 || n != (long)n)
		return datafile_error(d, val, "wait: expected a whole number");
	r->wait = (long)n;
	if (node_is_scalar(k, "days"))
		r->wait_unit = WAIT_DAYS;
	else if (node_is_scalar(k, "weeks"))
		r->wait_unit = WAIT_DAYS, r->wait *= 7;
	else if (node_is_scalar(k, "months"))
		r->wait_unit = WAIT_MONTHS;
	else
		return datafile_error(d, k, "wait: expected days, weeks or months");
	if (r->match != MATCH_MEDICATIONS && r->match != MATCH_PROCEDURES)
		return datafile_error(d, wait, "wait: only for medications "
		    "(after stopped) and procedures (after the date)");
	return 0;
}

const char *const rule_placeholders[] = {
	"name", "what", "date", "wait", "until", "fitzpatrick", NULL
};

#define PH(p) (1UL << (p))

/*
 * The placeholders a rule's text can fill: what the kind of match gives,
 * and for message_until (the finding ends on a known day) the dates.
 */
static unsigned long
fillable(const struct rule *r, int until)
{
	unsigned long set = 0;

	switch (r->match) {
	case MATCH_FITZPATRICK:
		set = PH(PH_FITZPATRICK);
		break;
	case MATCH_CONDITIONS:
	case MATCH_HISTORY:
	case MATCH_ANY_CONDITION:
		set = PH(PH_NAME) | PH(PH_WHAT);
		break;
	case MATCH_UNRECOGNISED:
		set = PH(PH_NAME);
		break;
	case MATCH_MEDICATIONS:
	case MATCH_PROCEDURES:
		set = PH(PH_NAME) | PH(PH_WHAT);
		if (r->wait_unit != WAIT_NONE)
			set |= PH(PH_WAIT);
		if (until)
			set |= PH(PH_DATE) | PH(PH_UNTIL);
		break;
	default:
		break;
	}
	return set;
}

/* A message may use only the placeholders its rule can fill. */
static int
check_message(const struct rule *r, const struct node *n, const char *key,
    struct diag *d)
{
	unsigned long used, can = fillable(r, strcmp(key, "message_until") == 0);
	char list[128];
	size_t bad;

	if (n->kind != NODE_SCALAR)
		return datafile_error(d, n, "%s: a message must be text", key);
	if (template_uses(n->text, rule_placeholders, &used, &bad) == -1) {
		template_list(rule_placeholders, ~0UL, list, sizeof(list));
		return datafile_error(d, n, "%s: unknown placeholder at '%.16s' "
		    "(known: %s)", key, n->text + bad, list);
	}
	if (used & ~can) {
		int i = 0;

		while (!(used & ~can & PH(i)))
			i++;
		template_list(rule_placeholders, can, list, sizeof(list));
		return datafile_error(d, n, "%s: placeholder {%s} cannot be "
		    "filled in a %s rule's %s (it can use: %s)", key,
		    rule_placeholders[i], match_keys[r->match], key, list);
	}
	return 0;
}

static int
load_rule(struct arena *a, const struct vocab *v, struct rule *r,
    const struct node *m, struct diag *d)
{
	const struct node *id, *sev, *msg, *until;
	int s;

	if (m->kind != NODE_MAPPING)
		return datafile_error(d, m, "expected a rule mapping");
	id = node_get(m, "rule");
	sev = node_get(m, "severity");
	msg = node_get(m, "message");
	until = node_get(m, "message_until");
	if (id == NULL || id->kind != NODE_SCALAR || !value_id_ok(id->text, id->len))
		return datafile_error(d, m, "rule: expected an id of A-Z a-z 0-9 . _ -");
	r->id = id->text;
	for (s = 0; s < 3; s++)
		if (node_is_scalar(sev, sev_names[s]))
			break;
	if (s == 3)
		return datafile_error(d, sev ? sev : m,
		    "severity: expected absolute, relative or caution");
	r->severity = (enum severity)s;
	if (msg == NULL)
		return datafile_error(d, m, "message: missing");
	if (load_when(a, v, r, node_get(m, "when"), d) == -1 ||
	    load_wait(r, node_get(m, "wait"), d) == -1)
		return -1;
	/* After the match and the wait: they say what a message can fill. */
	if (until != NULL && r->wait_unit == WAIT_NONE)
		return datafile_error(d, until, "message_until: only for a rule "
		    "with a wait (a finding that ends on a known day)");
	if (check_message(r, msg, "message", d) == -1 ||
	    (until && check_message(r, until, "message_until", d) == -1))
		return -1;
	r->message = msg->text;
	r->message_until = until ? until->text : msg->text;
	return 0;
}

/*
 * approval: {lapses: {months: N}}: how long a consultation's approval
 * counts (CLINICAL section 1: 12 months, a clinic's setting).
 */
static int
load_approval(struct rules *rs, const struct node *root, struct diag *d)
{
	const struct node *ap = node_get(root, "approval"), *lapses, *k, *val;
	double n;

	rs->approval_unit = WAIT_MONTHS;
	rs->approval_lapse = 12;
	if (ap == NULL)
		return 0;
	if (ap->kind != NODE_MAPPING || (lapses = node_get(ap, "lapses")) == NULL ||
	    lapses->kind != NODE_MAPPING || lapses->n != 2)
		return datafile_error(d, ap, "approval: expected {lapses: "
		    "{months: N}} (or days or weeks)");
	k = node_resolve(lapses->head);
	val = node_resolve(lapses->head->next);
	if (value_number(val, &n) == -1 || n < 1 || n > 1200 || n != (long)n)
		return datafile_error(d, val, "approval: expected a whole number");
	rs->approval_lapse = (long)n;
	if (node_is_scalar(k, "months"))
		rs->approval_unit = WAIT_MONTHS;
	else if (node_is_scalar(k, "weeks"))
		rs->approval_unit = WAIT_DAYS, rs->approval_lapse *= 7;
	else if (node_is_scalar(k, "days"))
		rs->approval_unit = WAIT_DAYS;
	else
		return datafile_error(d, k, "approval: expected days, weeks or "
		    "months");
	return 0;
}

/* Whether a medication is one of the rule's words, or of a class it names. */
static int
names_medication(const struct rule *r, const struct vocab_word *w)
{
	for (size_t i = 0; i < r->nwords; i++) {
		if (r->words[i] == w->name)
			return 1;
		for (int c = 0; c < w->nclasses; c++)
			if (r->words[i] == w->classes[c])
				return 1;
	}
	return 0;
}

/*
 * A rule that waits as long as each medication acts needs to know it for
 * every medication it matches: one that does not say would end its
 * finding on the day it was stopped.
 */
static int
check_effects(const struct rules *rs, const char *dir, struct diag *d)
{
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->v[i];

		if (!r->wait_effect)
			continue;
		for (size_t j = 0; j < vocab_count(rs->vocab, VOC_MEDICATION); j++) {
			const struct vocab_word *w = vocab_at(rs->vocab,
			    VOC_MEDICATION, j);
			char path[4096];

			if (w->effect_days >= 0 || !names_medication(r, w))
				continue;
			snprintf(path, sizeof(path), "%s/medications.yaml", dir);
			diag_set_file(d, path);
			return datafile_error(d, w->src, "%s: no effect: {days: N}, "
			    "which rule %s waits for after it is stopped", w->name,
			    r->id);
		}
	}
	return 0;
}

struct rules *
rules_load(const char *dir, const struct vocab *v, struct diag *d)
{
	struct rules *rs = calloc(1, sizeof(*rs));
	struct arena *a = NULL;
	struct node *root;
	const struct node *list;
	size_t i = 0;

	if (rs == NULL || (a = arena_new()) == NULL) {
		diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
		goto fail;
	}
	rs->priv = a;
	rs->vocab = v;
	if (datafile_load(dir, "screening.yaml", a, &root, d) == -1)
		goto fail;
	if (load_approval(rs, root, d) == -1)
		goto fail;
	list = node_get(root, "rules");
	if (list == NULL || list->kind != NODE_SEQUENCE) {
		datafile_error(d, root, "expected rules: [...]");
		goto fail;
	}
	if ((rs->v = arena_zalloc(a, (list->n + 1) * sizeof(*rs->v))) == NULL) {
		diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
		goto fail;
	}
	for (const struct node *c = list->head; c != NULL; c = c->next, i++) {
		if (load_rule(a, rs->vocab, &rs->v[i], node_resolve(c), d) == -1)
			goto fail;
		for (size_t j = 0; j < i; j++)
			if (strcmp(rs->v[j].id, rs->v[i].id) == 0) {
				datafile_error(d, c, "rule %s given twice", rs->v[i].id);
				goto fail;
			}
	}
	rs->n = i;
	if (check_effects(rs, dir, d) == -1)
		goto fail;
	return rs;
fail:
	rules_free(rs);
	return NULL;
}

void
rules_free(struct rules *r)
{
	if (r == NULL)
		return;
	arena_free(r->priv);
	free(r);
}

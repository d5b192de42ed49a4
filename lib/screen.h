/*
 * screen: the screening engine (SPEC section 3).  It applies the rules to
 * a patient for a day and gives the verdict, the findings and the day the
 * patient's ineligibility ends, and writes them as the screening: block
 * or as the text view.
 */
#ifndef DERMA_SCREEN_H
#define DERMA_SCREEN_H

#include "arena.h"
#include "buf.h"
#include "date.h"
#include "diag.h"
#include "node.h"
#include "patient.h"
#include "rules.h"

enum verdict { VERDICT_ELIGIBLE, VERDICT_REVIEW, VERDICT_INELIGIBLE };

struct finding {
	const struct rule *rule;
	const struct pt_item *item;	/* what matched; NULL for flags */
	const struct vocab_word *word;	/* the word of it that matched; NULL
					 * for flags and names not recognised */
	enum wait_unit wait_unit;	/* its wait: the rule's, or how long */
	long wait;			/*   the medication acts */
	int has_end;			/* the finding ends on a known day: */
	date_t end;			/*   the first day it is over */
	int approved;			/* relative, approved at consultation */
	const char *message;
};

struct screening {
	date_t date;
	enum verdict verdict;
	int has_eligible_from;
	date_t eligible_from;
	int review_from;	/* on eligible_from, relative findings remain:
				 * the verdict is review from then on */
	int has_clear_from;	/* review: every relative finding not approved
				 * ends on a known day, */
	date_t clear_from;	/*   the first day none is in force */
	struct finding *findings;
	size_t n;
};

/* Screens p for day; memory from a.  Returns 0, or -1 (out of memory). */
int screen_patient(const struct rules *r, const struct patient *p, date_t day,
    struct arena *a, struct screening *s, struct diag *d);
const char *verdict_name(enum verdict v);
/*
 * The screening: block as a tree in a; NULL when memory runs out.  It
 * refers to the messages of s and the strings of the rules, uncopied:
 * both must outlive it (they do when s was screened into the same arena).
 */
struct node *screen_block(struct arena *a, const struct screening *s);
/* The text view: a line for the patient, one per finding. */
int screen_text(const struct screening *s, const struct patient *p, int color,
    struct buf *out);

#endif

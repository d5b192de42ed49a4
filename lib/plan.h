/*
 * plan: the treatment course (SPEC section 3, the plan block) from a
 * patient, the planning rules of share/derma/plan.yaml and the clinic's
 * configuration: how many sessions, on which days, which areas at which
 * needle depth, with or without numbing cream, how long, and what the
 * patient must do before.  Depths are kept in hundredths of a millimetre,
 * so that ranges and steps compare exactly.
 */
#ifndef DERMA_PLAN_H
#define DERMA_PLAN_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "config.h"
#include "date.h"
#include "diag.h"
#include "node.h"
#include "patient.h"
#include "rules.h"
#include "screen.h"
#include "vocab.h"

/* What a depth range is for (CLINICAL section 2, "by purpose"). */
enum purpose { PURPOSE_TONE, PURPOSE_TEXTURE, PURPOSE_SCARS, NPURPOSE };

struct plan_rules;

/* An instruction before a session (plan.yaml "before"). */
struct plan_before {
	const char *kind;	/* the reminder's kind: "prepare-sun" */
	int days;		/* starts this many days before the session */
	const char *note;	/* its text; {date} is the day it starts */
};

/* Loads dir/plan.yaml against the vocabulary; NULL with d filled. */
struct plan_rules *plan_load(const char *dir, const struct vocab *v,
    struct diag *d);
void plan_free(struct plan_rules *pr);

struct plan_depth {
	const struct vocab_word *area;
	int depth;		/* hundredths of a mm */
};

struct plan_session {
	int n;			/* its number in the course, from 1 */
	date_t date;
	struct plan_depth *areas;
	size_t nareas;
	int anesthetic;		/* numbing cream */
	const char *serum;
	int minutes;
	int maintenance;	/* after a complete course */
};

/* An instruction that applies to the patient, for the first session. */
struct plan_note {
	const struct plan_before *before;	/* NULL: a note of the plan's own */
	date_t from;		/* the day it starts */
	const char *text;
};

struct plan {
	int refused;
	const char *reason;	/* why, when refused */
	struct plan_session *sessions;
	size_t n;
	struct plan_note *notes;
	size_t nnotes;
	const char *cut;	/* when a later session could not be planned:
				 * which were not, and why (a note of the
				 * block); the sessions before stand */
	const char **cautions;	/* the screening's on the first session's
				 * day: for the text view, not the block */
	size_t ncautions;
};

/* What the command line may say (derma-plan's options). */
struct plan_opts {
	date_t start;		/* no session before this day */
	int sessions;		/* sessions to plan; 0: the course's */
	const struct vocab_word *const *areas;	/* NULL: from the concerns */
	size_t nareas;
};

/*
 * Plans the course of p for the run's day: screened again for each
 * session's day, so that no session falls on a day the patient may not
 * be treated.  Memory from a.  Returns 0, or -1 with d filled (out of
 * memory).
 */
int plan_patient(const struct plan_rules *pr, const struct rules *r,
    const struct config *cfg, const struct patient *p, date_t day,
    const struct plan_opts *o, struct arena *a, struct plan *out,
    struct diag *d);
/*
 * The course p's concerns call for, as plan_patient() plans it: its
 * sessions in all (treatments given included) and the days from one to
 * the next (the configuration's interval when it sets one).
 */
void plan_course(const struct plan_rules *pr, const struct config *cfg,
    const struct patient *p, int *sessions, int *interval_days);
/* The plan: block as a tree in a; NULL when memory runs out. */
struct node *plan_block(struct arena *a, const struct plan *pl);
/* The treatments a record gives by a day, as plan_booked() weighs them. */
struct plan_given {
	size_t n;		/* how many, on or before the day */
	date_t last;		/* the latest of them, when n > 0 */
	int interval;		/* the course's days from one session to the next */
};
/* What p's treatments on or before day say, for plan_booked(). */
void plan_given_by(const struct plan_rules *pr, const struct config *cfg,
    const struct patient *p, date_t day, struct plan_given *out);
/*
 * The record doc's plan block read back, as derma-plan wrote it: the
 * earliest session it books on or after day and not given yet.  A booked
 * session numbered n is given, early, when given (NULL: none) counts n
 * treatments or more and the latest is within the course's interval
 * before the day it was booked for: planned again, it would be a session
 * more, the next one moved to the interval after it (or, for the last of
 * a course, a maintenance session nobody booked).  Returns 1 with *out
 * set, 0 when it books none (no block, a null one, a refused plan, every
 * session past or given), or -1 with d filled when the block is not what
 * derma-plan writes (a data error: a damaged block must not pass as a plan
 * without sessions).
 */
int plan_booked(const struct node *doc, date_t day,
    const struct plan_given *given, date_t *out, struct diag *d);
/* The text view: a line for the patient, a table of sessions, the notes. */
int plan_text(const struct plan *pl, const struct patient *p, int color,
    struct buf *out);
/* "1.5", "0.25": a depth as the block and the views write it. */
#define PLAN_DEPTH_STRLEN 24
char *plan_depth_format(int depth, char *out);

#endif

/*
 * assess: what every tool knows of a patient, computed in one call from
 * the record itself for the run's day, so that no two tools can disagree
 * about the same record: the typed patient, its screening, and (as a tool
 * asks) its plan and its aftercare.  Blocks a record already carries are
 * never trusted: they may be stale.
 */
#ifndef DERMA_ASSESS_H
#define DERMA_ASSESS_H

#include "aftercare.h"
#include "arena.h"
#include "data.h"
#include "date.h"
#include "diag.h"
#include "node.h"
#include "patient.h"
#include "plan.h"
#include "screen.h"

/* What to compute, beyond reading the patient. */
enum {
	ASSESS_SCREEN = 1 << 0,
	ASSESS_PLAN = 1 << 1,	/* needs the data's plan rules */
	/*
	 * Needs the aftercare data.  The next session is the one the record's
	 * plan block books on or after the day, planned again from there (so
	 * that a patient no longer eligible then, or a day the clinic closed,
	 * moves it); one booked for the day itself is given once a treatment
	 * on it is recorded, and the next is the one booked after it; so is
	 * one given before its day (plan_booked()).  With no such session,
	 * there is none: a daily run must not see a session planned for its
	 * own day, every day.  A plan block that is not what
	 * derma-plan writes is a data error (plan_booked()): read around, it
	 * would book nothing, silently.
	 */
	ASSESS_AFTERCARE = 1 << 2
};

struct assess_opts {
	date_t day;		/* the day the run is for */
	struct plan_opts plan;	/* with ASSESS_PLAN */
};

struct assessment {
	struct patient patient;
	struct screening screening;	/* with ASSESS_SCREEN or ASSESS_PLAN */
	struct plan plan;		/* with ASSESS_PLAN or ASSESS_AFTERCARE */
	struct aftercare aftercare;	/* with ASSESS_AFTERCARE */
};

/*
 * Assesses the record doc: memory from a (the record's arena).  Returns
 * 0, or -1 with d filled (a data error: the record is skipped).
 */
int assess(const struct derma_data *dd, const struct node *doc,
    const struct assess_opts *o, unsigned what, struct arena *a,
    struct assessment *out, struct diag *d);

#endif

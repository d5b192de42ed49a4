/*
 * assess: what every tool knows of a patient, computed in one call from
 * the record itself for the run's day, so that no two tools can disagree
 * about the same record: the typed patient, its screening, and (as a tool
 * asks) its plan and its aftercare.  Blocks a record already carries are
 * never trusted: they may be stale.
 */
#ifndef DERMA_ASSESS_H
#define DERMA_ASSESS_H

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
	ASSESS_PLAN = 1 << 1	/* needs the data's plan rules */
};

struct assess_opts {
	date_t day;		/* the day the run is for */
	struct plan_opts plan;	/* with ASSESS_PLAN */
};

struct assessment {
	struct patient patient;
	struct screening screening;	/* with ASSESS_SCREEN or ASSESS_PLAN */
	struct plan plan;		/* with ASSESS_PLAN */
};

/*
 * Assesses the record doc: memory from a (the record's arena).  Returns
 * 0, or -1 with d filled (a data error: the record is skipped).
 */
int assess(const struct derma_data *dd, const struct node *doc,
    const struct assess_opts *o, unsigned what, struct arena *a,
    struct assessment *out, struct diag *d);

#endif

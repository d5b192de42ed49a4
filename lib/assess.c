#include "assess.h"

#include <string.h>

/*
 * The first day a booked session may be the next one: the run's day, or
 * the day after when a treatment on it is recorded.  The session booked
 * for that day is then the one given: planned again from it, with that
 * treatment counted, it would become a session the plan never booked (6
 * months on, for the last of a course).  And what the treatments on or
 * before the day say of sessions given before the day they were booked
 * for (plan_booked()).
 */
static date_t
booked_from(const struct derma_data *dd, const struct patient *p,
    date_t day, struct plan_given *given)
{
	date_t from = day;
	int sessions;

	memset(given, 0, sizeof(*given));
	for (size_t i = 0; i < p->ntreatments; i++) {
		date_t t = p->treatments[i].date;

		if (t == day)
			from = day + 1;
		if (t > day)
			continue;
		if (given->n == 0 || t > given->last)
			given->last = t;
		given->n++;
	}
	plan_course(dd->plan, dd->config, p, &sessions, &given->interval);
	return from;
}

int
assess(const struct derma_data *dd, const struct node *doc,
    const struct assess_opts *o, unsigned what, struct arena *a,
    struct assessment *out, struct diag *d)
{
	memset(out, 0, sizeof(*out));
	if (patient_read(doc, dd->vocab, a, &out->patient, d) == -1)
		return -1;
	if ((what & (ASSESS_SCREEN | ASSESS_PLAN | ASSESS_AFTERCARE)) &&
	    screen_patient(dd->rules,
	    &out->patient, o->day, a, &out->screening, d) == -1)
		return -1;
	if (what & ASSESS_AFTERCARE) {
		struct plan_opts po = o->plan;
		struct plan_given given;
		date_t from = booked_from(dd, &out->patient, o->day, &given);
		int booked = plan_booked(doc, from, &given, &po.start, d);

		if (booked == -1)
			return -1;
		if (booked && plan_patient(dd->plan, dd->rules, dd->config,
		    &out->patient, o->day, &po, a, &out->plan, d) == -1)
			return -1;
		if (aftercare_patient(dd->aftercare, dd->config, &out->patient,
		    booked ? &out->plan : NULL, o->day, a, &out->aftercare, d) == -1)
			return -1;
	} else if ((what & ASSESS_PLAN) && plan_patient(dd->plan, dd->rules,
	    dd->config, &out->patient, o->day, &o->plan, a, &out->plan, d) == -1) {
		return -1;
	}
	return 0;
}

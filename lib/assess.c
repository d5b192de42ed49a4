#include "assess.h"

#include <string.h>

/*
 * The first day a booked session may be the next one: the run's day, or
 * the day after when a treatment on it is recorded.  The session booked
 * for that day is then the one given: planned again from it, with that
 * treatment counted, it would become a session the plan never booked (6
 * months on, for the last of a course).
 */
static date_t
booked_from(const struct patient *p, date_t day)
{
	for (size_t i = 0; i < p->ntreatments; i++)
		if (p->treatments[i].date == day)
			return day + 1;
	return day;
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
		int booked;

		plan_given_by(dd->plan, dd->config, &out->patient, o->day, &given);
		booked = plan_booked(doc, booked_from(&out->patient, o->day),
		    &given, &po.start, d);

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

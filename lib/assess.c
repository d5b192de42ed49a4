#include "assess.h"

#include <string.h>

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
		int booked = plan_booked(doc, o->day, &po.start, d);

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

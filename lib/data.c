#include "data.h"

#include <string.h>

#include "datadir.h"

int
data_load(struct derma_data *dd, const char *dir, const char *config,
    unsigned what, struct diag *d)
{
	memset(dd, 0, sizeof(*dd));
	if (what & DATA_AFTERCARE)
		what |= DATA_PLAN;	/* reminders before the next session */
	if (what & DATA_PLAN)
		what |= DATA_RULES;	/* a plan is made for screened days */
	if (config_load(config, &dd->config, d) == -1 ||
	    datadir_find(dir, dd->dir, sizeof(dd->dir), d) == -1)
		goto fail;
	if ((dd->vocab = vocab_load(dd->dir, d)) == NULL ||
	    (dd->rules = rules_load(dd->dir, dd->vocab, d)) == NULL)
		goto fail;
	/* The clinic may say how long an approval counts, over the rules. */
	if (dd->config->screening.approval_months > 0) {
		dd->rules->approval_unit = WAIT_MONTHS;
		dd->rules->approval_lapse = dd->config->screening.approval_months;
	}
	if ((what & DATA_PLAN) &&
	    (dd->plan = plan_load(dd->dir, dd->vocab, d)) == NULL)
		goto fail;
	if ((what & DATA_AFTERCARE) &&
	    (dd->aftercare = aftercare_load(dd->dir, d)) == NULL)
		goto fail;
	return 0;
fail:
	data_free(dd);
	return -1;
}

void
data_free(struct derma_data *dd)
{
	aftercare_free(dd->aftercare);
	plan_free(dd->plan);
	rules_free(dd->rules);
	vocab_free(dd->vocab);
	config_free(dd->config);
	memset(dd, 0, sizeof(*dd));
}

/*
 * data: the data set a run reads once: the clinic's configuration, and
 * from the data directory (share/derma, or --rules DIR) the vocabulary,
 * the screening rules and what the other tools need, each loaded only
 * when a tool asks for it.  Read-only once loaded, so threads share it.
 */
#ifndef DERMA_DATA_H
#define DERMA_DATA_H

#include "aftercare.h"
#include "config.h"
#include "diag.h"
#include "plan.h"
#include "rules.h"
#include "vocab.h"

/* What a tool needs; the vocabulary and the configuration always come. */
enum {
	DATA_RULES = 1 << 0,	/* screening.yaml */
	DATA_PLAN = 1 << 1,	/* plan.yaml (with the rules) */
	DATA_AFTERCARE = 1 << 2	/* aftercare*.yaml (with the plan) */
};

struct derma_data {
	char dir[4096];		/* the data directory */
	struct config *config;	/* owned; the built-in defaults without a file */
	struct vocab *vocab;	/* owned: the rules and the plan refer to it */
	struct rules *rules;	/* owned; NULL unless DATA_RULES */
	struct plan_rules *plan;	/* owned; NULL unless DATA_PLAN */
	struct aftercare_data *aftercare;	/* owned; NULL unless DATA_AFTERCARE */
};

/*
 * Reads the configuration (config, or the one found; see config.h), finds
 * the data directory (dir, or the installed one when NULL) and loads what
 * is asked.  Returns 0, or -1 with d filled and nothing held.
 */
int data_load(struct derma_data *dd, const char *dir, const char *config,
    unsigned what, struct diag *d);
void data_free(struct derma_data *dd);

#endif

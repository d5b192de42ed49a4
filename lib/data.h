/*
 * data: the data set a run reads once, from the data directory
 * (share/derma, or --rules DIR): the vocabulary, the screening rules, and
 * what the other tools need, each loaded only when a tool asks for it.
 * Read-only once loaded, so threads share it.
 */
#ifndef DERMA_DATA_H
#define DERMA_DATA_H

#include "diag.h"
#include "rules.h"
#include "vocab.h"

/* What a tool needs; the vocabulary always comes. */
enum {
	DATA_RULES = 1 << 0	/* screening.yaml */
};

struct derma_data {
	char dir[4096];		/* the data directory */
	struct vocab *vocab;	/* owned */
	struct rules *rules;	/* owned; NULL unless DATA_RULES */
};

/*
 * Finds the data directory (dir, or the installed one when NULL) and
 * loads what is asked.  Returns 0, or -1 with d filled and nothing held.
 */
int data_load(struct derma_data *dd, const char *dir, unsigned what,
    struct diag *d);
void data_free(struct derma_data *dd);

#endif

#include "data.h"

#include <string.h>

#include "datadir.h"

int
data_load(struct derma_data *dd, const char *dir, unsigned what,
    struct diag *d)
{
	memset(dd, 0, sizeof(*dd));
	if (datadir_find(dir, dd->dir, sizeof(dd->dir), d) == -1)
		return -1;
	if ((dd->rules = rules_load(dd->dir, d)) == NULL)
		return -1;
	dd->vocab = dd->rules->vocab;
	(void)what;
	return 0;
}

void
data_free(struct derma_data *dd)
{
	rules_free(dd->rules);
	memset(dd, 0, sizeof(*dd));
}

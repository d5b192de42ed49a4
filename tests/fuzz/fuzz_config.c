/*
 * fuzz_config: the configuration reader (config_parse(), as config_read()
 * calls it on a file's bytes), and what a loaded configuration promises
 * (config.h): open on some weekday, closed days sorted and apart, a mail
 * command of at least one word ending in NULL, the hour 0-23; and the
 * open-day look-ups on it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fail(const char *what)
{
	fprintf(stderr, "fuzz_config: %s\n", what);
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config *c = NULL;
	struct diag d;
	date_t day = date_from_ymd(2026, 11, 25), next;

	diag_clear(&d);
	if (config_parse((const char *)data, size, "fuzz.yaml", &c, &d) == -1) {
		if (d.kind != DIAG_CONFIG)
			fail("an error not DIAG_CONFIG");
		if (c != NULL)
			fail("a configuration with an error");
		return 0;
	}
	if (c == NULL)
		fail("no configuration");
	if ((c->open & 0x7f) == 0 || (c->open & ~0x7fu) != 0)
		fail("open: no day, or a bit past Sunday");
	for (size_t i = 0; i < c->nclosed; i++) {
		if (c->closed[i].from > c->closed[i].to)
			fail("closed: from after to");
		if (i > 0 && c->closed[i].from <= c->closed[i - 1].to + 1)
			fail("closed: not sorted, or overlapping");
	}
	if (c->mail.ncommand < 1 || c->mail.command == NULL ||
	    c->mail.command[c->mail.ncommand] != NULL)
		fail("mail.command");
	for (size_t i = 0; i < c->mail.ncommand; i++)
		if (c->mail.command[i] == NULL)
			fail("mail.command: a NULL word");
	if (c->mail.hour < 0 || c->mail.hour > 23)
		fail("mail.hour");
	for (int i = 0; i < 40; i++) {
		if (config_next_open(c, day + i * 17, &next) == 0 &&
		    (next < day + i * 17 || !config_is_open(c, next)))
			fail("config_next_open: a day before, or closed");
	}
	config_free(c);
	return 0;
}

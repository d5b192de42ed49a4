/*
 * What a tool's output must be, whatever the input: an exit status of
 * the record tools' (0, 1 or 65), never 70 (a bug); valid UTF-8; YAML
 * that libyaml reads back for yaml, each line of json and the report's
 * json.  A target that finds otherwise aborts, and libFuzzer keeps the
 * input.
 */
#ifndef DERMA_FUZZ_CHECK_H
#define DERMA_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "escape.h"
#include "filter.h"
#include "fuzz.h"

static inline void
fuzz_fail(const char *prog, const char *what, const struct fuzz_result *r)
{
	fprintf(stderr, "%s: %s (status %d)\n--- stderr:\n%.*s\n--- stdout:\n"
	    "%.*s\n---\n", prog, what, r->status, (int)r->err.len,
	    r->err.p ? r->err.p : "", (int)(r->out.len > 4000 ? 4000 :
	    r->out.len), r->out.p ? r->out.p : "");
	abort();
}

/* Whether libyaml reads n bytes of s as a stream without an error. */
static inline int
fuzz_yaml_ok(const char *s, size_t n)
{
	yaml_parser_t p;
	yaml_event_t ev;
	int ok = 1, done = 0;

	if (!yaml_parser_initialize(&p))
		abort();
	yaml_parser_set_input_string(&p, (const unsigned char *)s, n);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			ok = 0;
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	return ok;
}

static inline int
fuzz_utf8_ok(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		int32_t cp;

		i += utf8_next(s + i, n - i, &cp);
		if (cp < 0)
			return 0;
	}
	return 1;
}

static inline void
fuzz_check(const char *prog, const struct format *fmt,
    const struct fuzz_result *r)
{
	const char *s = r->out.p ? r->out.p : "";
	size_t n = r->out.len;

	if (r->status != 0 && r->status != 1 && r->status != 65)
		fuzz_fail(prog, "unexpected exit status", r);
	if (!fuzz_utf8_ok(s, n))
		fuzz_fail(prog, "output not valid UTF-8", r);
	if (!fuzz_utf8_ok(r->err.p ? r->err.p : "", r->err.len))
		fuzz_fail(prog, "messages not valid UTF-8", r);
	if (fmt == &filter_yaml && !fuzz_yaml_ok(s, n))
		fuzz_fail(prog, "yaml output that libyaml cannot read", r);
	if (fmt == &filter_json) {
		for (size_t i = 0; i < n;) {
			const char *nl = memchr(s + i, '\n', n - i);
			size_t len = nl ? (size_t)(nl - (s + i)) : n - i;

			if (!fuzz_yaml_ok(s + i, len))
				fuzz_fail(prog, "json line that libyaml cannot read", r);
			i += len + 1;
		}
	}
	if (strcmp(prog, "derma-report") == 0 && strcmp(fmt->name, "json") == 0 &&
	    !fuzz_yaml_ok(s, n))
		fuzz_fail(prog, "json report that libyaml cannot read", r);
}

#endif

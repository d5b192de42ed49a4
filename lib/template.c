#include "template.h"

#include <stdio.h>
#include <string.h>

/* The name at s ("{name}..."), as an index into names, or -1. */
static int
lookup(const char *s, const char *const *names)
{
	for (int i = 0; i < TEMPLATE_MAX && names[i] != NULL; i++) {
		size_t n = strlen(names[i]);

		if (strncmp(s + 1, names[i], n) == 0 && s[n + 1] == '}')
			return i;
	}
	return -1;
}

int
template_uses(const char *text, const char *const *names, unsigned long *used,
    size_t *bad)
{
	*used = 0;
	for (const char *s = strchr(text, '{'); s != NULL; s = strchr(s + 1, '{')) {
		int i;

		if (s[1] == '{') {
			s++;
			continue;
		}
		if ((i = lookup(s, names)) == -1) {
			*bad = (size_t)(s - text);
			return -1;
		}
		*used |= 1UL << i;
	}
	return 0;
}

int
template_expand(const char *text, const char *const *names,
    int (*fill)(void *arg, size_t which, struct buf *out), void *arg,
    struct buf *out)
{
	const char *s = text;

	while (*s != '\0') {
		size_t run = strcspn(s, "{");
		int i;

		if (buf_add(out, s, run) == -1)
			return -1;
		s += run;
		if (*s == '\0')
			break;
		if (s[1] == '{') {
			if (buf_putc(out, '{') == -1)
				return -1;
			s += 2;
		} else if ((i = lookup(s, names)) != -1) {
			if (fill(arg, (size_t)i, out) == -1)
				return -1;
			s += strlen(names[i]) + 2;
		} else {
			if (buf_putc(out, '{') == -1)
				return -1;
			s++;
		}
	}
	return 0;
}

void
template_list(const char *const *names, unsigned long set, char *out, size_t n)
{
	size_t len = 0;

	out[0] = '\0';
	for (int i = 0; i < TEMPLATE_MAX && names[i] != NULL; i++) {
		int w;

		if (!(set & (1UL << i)))
			continue;
		w = snprintf(out + len, n - len, "%s{%s}", len ? " " : "", names[i]);
		if (w < 0 || (size_t)w >= n - len) {
			out[len] = '\0';	/* cut short at a whole name */
			return;
		}
		len += (size_t)w;
	}
	if (len == 0)
		snprintf(out, n, "none");
}

#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "node.h"
#include "parse.h"
#include "value.h"

#ifndef DERMA_SYSCONFDIR
#define DERMA_SYSCONFDIR "/etc"
#endif

#define MONDAY_TO_FRIDAY 0x1fu

static const char *const sendmail[] = {"/usr/sbin/sendmail", "-t", "-oi", NULL};

/* What reading a file needs at hand. */
struct load {
	struct config *c;
	struct arena *a;	/* the configuration's */
	struct diag *d;
	char key[64];		/* "clinic.email": the key being read */
};

struct key;
typedef int reader(struct load *, const struct key *, const struct node *);

/* A key of a mapping: how its value is read and where it goes. */
struct key {
	const char *name;
	reader *read;
	size_t off;		/* offsetof the field in struct config */
	int min, max;		/* numbers: the range */
	const struct key *sub;	/* sections: their keys */
};

static int conf_error(struct diag *d, const struct node *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
conf_error(struct diag *d, const struct node *n, const char *fmt, ...)
{
	va_list ap;

	d->kind = DIAG_CONFIG;
	d->line = n != NULL ? n->line : 0;
	d->col = n != NULL ? n->col : 0;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
	return -1;
}

static int
no_memory(struct diag *d)
{
	diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
	return -1;
}

static void *
field(struct load *l, const struct key *k)
{
	return (char *)l->c + k->off;
}

/* A scalar's text for a message: short, and without control characters. */
static const char *
shown(const struct node *n, char *out, size_t size)
{
	size_t i;

	for (i = 0; i < n->len && i + 4 < size; i++) {
		unsigned char ch = (unsigned char)n->text[i];

		out[i] = ch < 0x20 || ch == 0x7f ? '?' : (char)ch;
	}
	if (i < n->len) {
		/* Not in the middle of a UTF-8 sequence. */
		while (i > 0 && ((unsigned char)n->text[i] & 0xc0) == 0x80)
			i--;
		memcpy(out + i, "...", 3), i += 3;
	}
	out[i] = '\0';
	return out;
}

/* The value as a scalar, or NULL after an error. */
static const struct node *
scalar(struct load *l, const struct node *v, const char *what)
{
	const struct node *s = node_resolve(v);

	if (s == NULL || s->kind != NODE_SCALAR) {
		conf_error(l->d, v, "%s: expected %s", l->key, what);
		return NULL;
	}
	if (memchr(s->text, '\0', s->len) != NULL) {
		conf_error(l->d, v, "%s: a NUL byte in the text", l->key);
		return NULL;
	}
	return s;
}

/* Text with no control character but, when lines, LF; NULL when empty. */
static int
read_text_as(struct load *l, const struct key *k, const struct node *v,
    int lines)
{
	const struct node *s = scalar(l, v, "text");
	size_t n;

	if (s == NULL)
		return -1;
	n = s->len;
	while (lines && n > 0 && s->text[n - 1] == '\n')
		n--;	/* what a literal block (|) ends with */
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s->text[i];

		if ((ch < 0x20 && !(lines && ch == '\n')) || ch == 0x7f)
			return conf_error(l->d, v, "%s: a control character in the "
			    "text%s", l->key, lines ? "" : " (one line only)");
	}
	if (n == 0)
		return 0;
	if ((*(const char **)field(l, k) = arena_strndup(l->a, s->text, n)) == NULL)
		return no_memory(l->d);
	return 0;
}

static int
read_line(struct load *l, const struct key *k, const struct node *v)
{
	return read_text_as(l, k, v, 0);
}

static int
read_lines(struct load *l, const struct key *k, const struct node *v)
{
	return read_text_as(l, k, v, 1);
}

/*
 * A plain addr-spec, simply checked: one @ with text on each side, no
 * blank, control character or character that is special in a header.
 */
static int
email_ok(const char *s, size_t n)
{
	const char *at = memchr(s, '@', n);

	if (at == NULL || at == s || at == s + n - 1 ||
	    memchr(at + 1, '@', (size_t)(s + n - at - 1)) != NULL)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch <= 0x20 || ch == 0x7f || strchr("<>()[],;:\\\"", ch) != NULL)
			return 0;
	}
	return 1;
}

static int
read_email(struct load *l, const struct key *k, const struct node *v)
{
	const struct node *s = scalar(l, v, "an e-mail address");
	char buf[64];

	if (s == NULL)
		return -1;
	if (s->len == 0)
		return 0;
	if (!email_ok(s->text, s->len))
		return conf_error(l->d, v, "%s: '%s' is not an e-mail address "
		    "such as info@clinic.example", l->key, shown(s, buf, sizeof(buf)));
	return read_line(l, k, v);
}

static int
read_language(struct load *l, const struct key *k, const struct node *v)
{
	static const char *const langs[] = {"en", "fr", "nl"};
	const struct node *s = scalar(l, v, "en, fr or nl");

	if (s == NULL)
		return -1;
	for (size_t i = 0; i < sizeof(langs) / sizeof(langs[0]); i++)
		if (s->len == 2 && strncasecmp(s->text, langs[i], 2) == 0) {
			*(const char **)field(l, k) = langs[i];
			return 0;
		}
	return conf_error(l->d, v, "%s: expected en, fr or nl", l->key);
}

static int
read_int(struct load *l, const struct key *k, const struct node *v)
{
	const struct node *s = scalar(l, v, "a whole number");
	long n = 0;
	size_t i;

	if (s == NULL)
		return -1;
	for (i = 0; i < s->len && i < 9 && isdigit((unsigned char)s->text[i]); i++)
		n = n * 10 + (s->text[i] - '0');
	if (i == 0 || i != s->len || n < k->min || n > k->max)
		return conf_error(l->d, v, "%s: expected a whole number from %d "
		    "to %d", l->key, k->min, k->max);
	*(int *)field(l, k) = (int)n;
	return 0;
}

/* "H:MM" or "HH:MM", 00:00 to 23:59. */
static int
read_time(struct load *l, const struct key *k, const struct node *v)
{
	const struct node *s = scalar(l, v, "a time of day, HH:MM");
	const char *t;
	char *out;
	int h, m;

	(void)k;
	if (s == NULL)
		return -1;
	t = s->text;
	if ((s->len != 4 && s->len != 5) || t[s->len - 3] != ':' ||
	    !isdigit((unsigned char)t[0]) || !isdigit((unsigned char)t[s->len - 4]) ||
	    !isdigit((unsigned char)t[s->len - 2]) ||
	    !isdigit((unsigned char)t[s->len - 1]))
		return conf_error(l->d, v, "%s: expected a time of day, HH:MM",
		    l->key);
	h = s->len == 5 ? (t[0] - '0') * 10 + (t[1] - '0') : t[0] - '0';
	m = (t[s->len - 2] - '0') * 10 + (t[s->len - 1] - '0');
	if (h > 23 || m > 59)
		return conf_error(l->d, v, "%s: no such time of day: expected "
		    "00:00 to 23:59", l->key);
	l->c->course.session_minute = h * 60 + m;
	out = l->c->course.session_time;
	out[0] = (char)('0' + h / 10), out[1] = (char)('0' + h % 10);
	out[2] = ':';
	out[3] = (char)('0' + m / 10), out[4] = (char)('0' + m % 10);
	out[5] = '\0';
	return 0;
}

static int
read_word(struct load *l, const struct key *k, const struct node *v)
{
	const struct node *s = scalar(l, v, "a word");
	char w[WORD_MAX + 1];
	int n;

	if (s == NULL)
		return -1;
	if ((n = value_word(s->text, s->len, w)) < 0)
		return conf_error(l->d, v, "%s: expected a word of at most %d "
		    "characters", l->key, WORD_MAX);
	if ((*(const char **)field(l, k) = arena_strndup(l->a, w, (size_t)n)) == NULL)
		return no_memory(l->d);
	return 0;
}

static int
read_open(struct load *l, const struct key *k, const struct node *v)
{
	const struct node *list = node_resolve(v);
	unsigned open = 0;

	(void)k;
	if (list->kind != NODE_SEQUENCE)
		return conf_error(l->d, v, "%s: expected a list of weekdays, such "
		    "as [mon, tue, wed, thu, fri]", l->key);
	for (const struct node *c = list->head; c != NULL; c = c->next) {
		const struct node *s = scalar(l, c, "a weekday");
		char buf[64];
		int wd;

		if (s == NULL)
			return -1;
		if ((wd = date_weekday_parse(s->text, s->len)) < 0)
			return conf_error(l->d, c, "%s: '%s' is not a weekday: expected "
			    "mon, tue, wed, thu, fri, sat or sun", l->key,
			    shown(s, buf, sizeof(buf)));
		if (open & 1u << wd)
			return conf_error(l->d, c, "%s: %s given twice", l->key,
			    date_weekday_name(wd));
		open |= 1u << wd;
	}
	if (open == 0)
		return conf_error(l->d, v, "%s: no open weekday: the clinic must "
		    "open on one day of the week at least", l->key);
	l->c->open = open;
	return 0;
}

static int
read_date(struct load *l, const struct node *v, date_t *out)
{
	const struct node *s = scalar(l, v, "a date, YYYY-MM-DD");
	char buf[64];

	if (s == NULL)
		return -1;
	if (value_date(s, out) == -1)
		return conf_error(l->d, v, "%s: '%s' is not a date: expected "
		    "YYYY-MM-DD, a day that exists", l->key,
		    shown(s, buf, sizeof(buf)));
	return 0;
}

static int read_map(struct load *l, const struct key *keys, const char *section,
    const struct node *map);

static int
read_range(struct load *l, const struct node *v, struct config_closed *r)
{
	static const struct key range_keys[] = {
		{.name = "from"}, {.name = "to"}, {.name = NULL}
	};
	const struct node *m = node_resolve(v), *from, *to;
	char a[DATE_STRLEN], b[DATE_STRLEN];

	if (read_map(l, range_keys, "closed", m) == -1)
		return -1;
	snprintf(l->key, sizeof(l->key), "closed");
	from = node_get(m, "from");
	to = node_get(m, "to");
	if (from == NULL || to == NULL)
		return conf_error(l->d, v, "closed: a range needs from and to: "
		    "{from: 2026-12-24, to: 2027-01-02}");
	if (read_date(l, from, &r->from) == -1 || read_date(l, to, &r->to) == -1)
		return -1;
	if (r->to < r->from)
		return conf_error(l->d, to, "closed: to %s is before from %s",
		    date_format(r->to, a), date_format(r->from, b));
	return 0;
}

static int
by_from(const void *x, const void *y)
{
	const struct config_closed *a = x, *b = y;

	return a->from < b->from ? -1 : a->from > b->from;
}

/* Sorted, with ranges that overlap or touch made one. */
static size_t
merge_ranges(struct config_closed *v, size_t n)
{
	size_t k = 0;

	qsort(v, n, sizeof(*v), by_from);
	for (size_t i = 0; i < n; i++) {
		if (k > 0 && v[i].from <= v[k - 1].to + 1) {
			if (v[i].to > v[k - 1].to)
				v[k - 1].to = v[i].to;
		} else
			v[k++] = v[i];
	}
	return k;
}

static int
read_closed(struct load *l, const struct key *k, const struct node *v)
{
	const struct node *list = node_resolve(v);
	struct config_closed *r;
	size_t i = 0;

	(void)k;
	if (list->kind != NODE_SEQUENCE)
		return conf_error(l->d, v, "%s: expected a list of dates and "
		    "ranges, such as [2026-12-25, {from: 2026-12-24, to: 2027-01-02}]",
		    l->key);
	if (list->n == 0)
		return 0;
	if ((r = arena_alloc(l->a, list->n * sizeof(*r))) == NULL)
		return no_memory(l->d);
	for (const struct node *c = list->head; c != NULL; c = c->next, i++) {
		const struct node *e = node_resolve(c);

		if (e->kind == NODE_MAPPING) {
			if (read_range(l, c, &r[i]) == -1)
				return -1;
		} else if (read_date(l, c, &r[i].from) == -1)
			return -1;
		else
			r[i].to = r[i].from;
	}
	l->c->closed = r;
	l->c->nclosed = merge_ranges(r, i);
	return 0;
}

static int
read_command(struct load *l, const struct key *k, const struct node *v)
{
	const struct node *list = node_resolve(v);
	const char **argv;
	size_t i = 0;

	(void)k;
	if (list->kind != NODE_SEQUENCE)
		return conf_error(l->d, v, "%s: expected a list: the program and "
		    "its arguments, such as [/usr/sbin/sendmail, -t, -oi] "
		    "(it is run without a shell)", l->key);
	if (list->n == 0)
		return conf_error(l->d, v, "%s: empty: the program is missing",
		    l->key);
	if (list->n > CONFIG_COMMAND_MAX)
		return conf_error(l->d, v, "%s: more than %d words", l->key,
		    CONFIG_COMMAND_MAX);
	if ((argv = arena_alloc(l->a, (list->n + 1) * sizeof(*argv))) == NULL)
		return no_memory(l->d);
	for (const struct node *c = list->head; c != NULL; c = c->next, i++) {
		const struct node *s = scalar(l, c, "a word of the command");

		if (s == NULL)
			return -1;
		if (i == 0 && s->len == 0)
			return conf_error(l->d, c, "%s: the program's name is empty",
			    l->key);
		if ((argv[i] = arena_strndup(l->a, s->text, s->len)) == NULL)
			return no_memory(l->d);
	}
	argv[i] = NULL;
	l->c->mail.command = argv;
	l->c->mail.ncommand = i;
	return 0;
}

/* An absolute path, or ~/ and a path under $HOME. */
static int
read_path(struct load *l, const struct key *k, const struct node *v)
{
	const struct node *s = scalar(l, v, "a file name");
	const char *home = getenv("HOME");
	char *p;

	if (s == NULL)
		return -1;
	if (s->len > 1 && s->text[0] == '~' && s->text[1] == '/') {
		if (home == NULL || home[0] != '/')
			return conf_error(l->d, v, "%s: ~/ needs HOME set to an "
			    "absolute path", l->key);
		if ((p = arena_alloc(l->a, strlen(home) + s->len)) == NULL)
			return no_memory(l->d);
		memcpy(p, home, strlen(home));
		memcpy(p + strlen(home), s->text + 1, s->len);	/* and the NUL */
	} else if (s->len > 1 && s->text[0] == '/') {
		if ((p = arena_strndup(l->a, s->text, s->len)) == NULL)
			return no_memory(l->d);
	} else
		return conf_error(l->d, v, "%s: expected an absolute file name, "
		    "or one starting with ~/", l->key);
	*(const char **)field(l, k) = p;
	return 0;
}

static int
read_section(struct load *l, const struct key *k, const struct node *v)
{
	return read_map(l, k->sub, k->name, node_resolve(v));
}

#define F(member) offsetof(struct config, member)

static const struct key clinic_keys[] = {
	{.name = "name", .read = read_line, .off = F(clinic.name)},
	{.name = "address", .read = read_lines, .off = F(clinic.address)},
	{.name = "phone", .read = read_line, .off = F(clinic.phone)},
	{.name = "email", .read = read_email, .off = F(clinic.email)},
	{.name = "web", .read = read_line, .off = F(clinic.web)},
	{.name = NULL}
};
static const struct key course_keys[] = {
	{.name = "interval_weeks", .read = read_int,
	    .off = F(course.interval_weeks), .min = 2, .max = 52},
	{.name = "maintenance_months", .read = read_int,
	    .off = F(course.maintenance_months), .min = 1, .max = 36},
	{.name = "serum", .read = read_word, .off = F(course.serum)},
	{.name = "numbing_minutes", .read = read_int,
	    .off = F(course.numbing_minutes), .min = 10, .max = 120},
	{.name = "session_time", .read = read_time},
	{.name = NULL}
};
static const struct key screening_keys[] = {
	{.name = "approval_months", .read = read_int,
	    .off = F(screening.approval_months), .min = 1, .max = 60},
	{.name = NULL}
};
static const struct key mail_keys[] = {
	{.name = "command", .read = read_command},
	{.name = "hour", .read = read_int, .off = F(mail.hour), .min = 0, .max = 23},
	{.name = "timeout", .read = read_int, .off = F(mail.timeout),
	    .min = 1, .max = 3600},
	{.name = "from", .read = read_email, .off = F(mail.from)},
	{.name = NULL}
};
static const struct key report_keys[] = {
	{.name = "key_file", .read = read_path, .off = F(report.key_file)},
	{.name = NULL}
};
static const struct key top_keys[] = {
	{.name = "clinic", .read = read_section, .sub = clinic_keys},
	{.name = "language", .read = read_language, .off = F(language)},
	{.name = "open", .read = read_open},
	{.name = "closed", .read = read_closed},
	{.name = "course", .read = read_section, .sub = course_keys},
	{.name = "screening", .read = read_section, .sub = screening_keys},
	{.name = "mail", .read = read_section, .sub = mail_keys},
	{.name = "report", .read = read_section, .sub = report_keys},
	{.name = NULL}
};

/* Lower case, '-' as '_': how a near miss is told. */
static size_t
fold(const char *s, size_t n, char *out, size_t size)
{
	size_t i;

	for (i = 0; i < n && i < size; i++)
		out[i] = s[i] == '-' ? '_' : (char)tolower((unsigned char)s[i]);
	return i;
}

/* Whether a and b are one letter apart: one added, dropped, changed or
 * two swapped. */
static int
one_apart(const char *a, size_t na, const char *b, size_t nb)
{
	size_t i = 0;

	if (na > nb)
		return one_apart(b, nb, a, na);
	if (nb - na > 1)
		return 0;
	while (i < na && a[i] == b[i])
		i++;
	if (na == nb)
		return (i + 1 >= na || memcmp(a + i + 1, b + i + 1, na - i - 1) == 0) ||
		    (a[i] == b[i + 1] && a[i + 1] == b[i] &&
		    memcmp(a + i + 2, b + i + 2, na - i - 2) == 0);
	return memcmp(a + i, b + i + 1, na - i) == 0;
}

/* The known key a key that is not one was meant to be, or NULL. */
static const char *
near_miss(const struct key *keys, const struct node *k)
{
	char a[64], b[64];
	size_t na, nb;

	if (k->len > sizeof(a))
		return NULL;
	na = fold(k->text, k->len, a, sizeof(a));
	for (const struct key *p = keys; p->name != NULL; p++) {
		nb = fold(p->name, strlen(p->name), b, sizeof(b));
		if (na == nb && memcmp(a, b, na) == 0)
			return p->name;
	}
	for (const struct key *p = keys; p->name != NULL; p++) {
		nb = fold(p->name, strlen(p->name), b, sizeof(b));
		if (na > 2 && one_apart(a, na, b, nb))
			return p->name;
	}
	return NULL;
}

/* "name, address, phone": the keys, for messages. */
static const char *
key_list(const struct key *keys, char *out, size_t size)
{
	size_t n = 0;

	out[0] = '\0';
	for (const struct key *p = keys; p->name != NULL && n < size; p++)
		n += (size_t)snprintf(out + n, size - n, "%s%s", n > 0 ? ", " : "",
		    p->name);
	return out;
}

static int
unknown_key(struct load *l, const struct key *keys, const char *section,
    const struct node *k)
{
	const char *meant = near_miss(keys, k);
	char buf[48], known[160];

	shown(k, buf, sizeof(buf));
	if (meant != NULL)
		return conf_error(l->d, k, "unknown key '%s'%s%s: did you mean "
		    "'%s'?", buf, section ? " in " : "", section ? section : "",
		    meant);
	return conf_error(l->d, k, "unknown key '%s'%s%s (known: %s)", buf,
	    section ? " in " : "", section ? section : "",
	    key_list(keys, known, sizeof(known)));
}

/* Reads the pairs of map by keys; section names it in messages. */
static int
read_map(struct load *l, const struct key *keys, const char *section,
    const struct node *map)
{
	const struct key *p;

	if (map->kind != NODE_MAPPING) {
		char known[160];

		if (value_is_null(map))
			return 0;
		return conf_error(l->d, map, "%s%sexpected a mapping of %s",
		    section ? section : "", section ? ": " : "",
		    key_list(keys, known, sizeof(known)));
	}
	for (const struct node *k = map->head; k != NULL; k = k->next->next) {
		const struct node *key = node_resolve(k), *v = k->next;

		if (key->kind != NODE_SCALAR)
			return conf_error(l->d, k, "%s%sa key must be a word",
			    section ? section : "", section ? ": " : "");
		for (p = keys; p->name != NULL; p++)
			if (node_is_scalar(key, p->name))
				break;
		if (p->name == NULL)
			return unknown_key(l, keys, section, key);
		/* The keys before are known and different: few to look at. */
		for (const struct node *j = map->head; j != k; j = j->next->next)
			if (node_is_scalar(j, p->name))
				return conf_error(l->d, k, "%s%s%s given twice",
				    section ? section : "", section ? "." : "",
				    p->name);
		if (p->read == NULL || value_is_null(node_resolve(v)))
			continue;
		snprintf(l->key, sizeof(l->key), "%s%s%s", section ? section : "",
		    section ? "." : "", p->name);
		if (p->read(l, p, v) == -1)
			return -1;
	}
	return 0;
}

/* The default key file: $XDG_DATA_HOME/derma/report.key, or under ~. */
static int
default_key_file(struct config *c, struct arena *a)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	struct buf b = {0};
	int r = 0;

	if (xdg != NULL && xdg[0] == '/')
		r = buf_printf(&b, "%s/derma/report.key", xdg);
	else if (home != NULL && home[0] == '/')
		r = buf_printf(&b, "%s/.local/share/derma/report.key", home);
	else
		return 0;
	if (r == 0 && (c->report.key_file = arena_strndup(a, b.p, b.len)) == NULL)
		r = -1;
	buf_free(&b);
	return r;
}

/* A configuration holding the built-in defaults, in its own arena. */
static struct config *
config_new(const char *file, struct diag *d)
{
	struct arena *a = arena_new();
	struct config *c = a != NULL ? arena_zalloc(a, sizeof(*c)) : NULL;

	if (c == NULL || (file != NULL && (c->file = arena_strdup(a, file)) == NULL) ||
	    default_key_file(c, a) == -1) {
		arena_free(a);
		no_memory(d);
		return NULL;
	}
	c->priv = a;
	c->language = "en";
	c->open = MONDAY_TO_FRIDAY;
	c->course.maintenance_months = 6;
	c->course.serum = "hyaluronic-acid";
	c->course.numbing_minutes = 45;
	c->course.session_minute = 10 * 60;
	memcpy(c->course.session_time, "10:00", 6);
	c->screening.approval_months = 0;	/* the rules' own */
	c->mail.command = sendmail;
	c->mail.ncommand = 3;
	c->mail.hour = 9;
	c->mail.timeout = 30;
	return c;
}

/* The first document of the text, and no second one. */
static int
read_root(struct load *l, struct parse *p, struct arena *scratch,
    struct node **root)
{
	struct node *again;

	switch (parse_next(p, scratch, root, l->d)) {
	case PARSE_END:
		*root = NULL;
		return 0;
	case PARSE_DOC:
		break;
	default:
		return -1;
	}
	switch (parse_next(p, scratch, &again, l->d)) {
	case PARSE_END:
		return 0;
	case PARSE_DOC:
		conf_error(l->d, again, "a second document: the configuration "
		    "is one mapping");
		return -1;
	default:
		return -1;
	}
}

int
config_parse(const char *text, size_t n, const char *file,
    struct config **out, struct diag *d)
{
	struct chunk_entry ent = {0, 1, 0};
	struct chunk ch = {.file = file, .data = (char *)text, .len = n,
	    .ent = &ent, .nent = 1};
	struct load l = {NULL, NULL, d, ""};
	struct arena *scratch = NULL;
	struct parse *p = NULL;
	struct node *root = NULL;
	int r = -1;

	*out = NULL;
	if ((l.c = config_new(file, d)) == NULL)
		return -1;
	l.a = l.c->priv;
	if ((scratch = arena_new()) == NULL || (p = parse_new(&limits_default)) == NULL) {
		no_memory(d);
		goto done;
	}
	parse_start(p, &ch);
	if (read_root(&l, p, scratch, &root) == 0 &&
	    (root == NULL || read_map(&l, top_keys, NULL, node_resolve(root)) == 0)) {
		if (l.c->mail.from == NULL)
			l.c->mail.from = l.c->clinic.email;
		*out = l.c;
		r = 0;
	}
done:
	if (r == -1 && d->kind != DIAG_INTERNAL)
		d->kind = DIAG_CONFIG;	/* the parser's errors are data errors */
	diag_set_file(d, file);
	parse_free(p);
	arena_free(scratch);
	if (r == -1)
		config_free(l.c);
	return r;
}

/* The whole file, at most CONFIG_MAX_BYTES; -1 with d filled. */
static int
slurp(const char *path, struct buf *text, struct diag *d)
{
	char chunk[8192];
	ssize_t got;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		diag_set(d, DIAG_CONFIG, 0, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	while ((got = read(fd, chunk, sizeof(chunk))) > 0) {
		if (text->len + (size_t)got > CONFIG_MAX_BYTES) {
			diag_set(d, DIAG_CONFIG, 0, 0, "over %d KiB: not a "
			    "configuration file", CONFIG_MAX_BYTES / 1024);
			break;
		}
		if (buf_add(text, chunk, (size_t)got) == -1) {
			no_memory(d);
			break;
		}
	}
	if (got < 0)
		diag_set(d, DIAG_CONFIG, 0, 0, "read error: %s", strerror(errno));
	close(fd);
	return got == 0 ? 0 : -1;
}

int
config_read(const char *path, struct config **out, struct diag *d)
{
	struct buf text = {0};
	int r;

	*out = NULL;
	d->id[0] = '\0';
	if (path == NULL) {
		diag_set_file(d, NULL);
		return (*out = config_new(NULL, d)) != NULL ? 0 : -1;
	}
	diag_set_file(d, path);
	if (slurp(path, &text, d) == -1) {
		buf_free(&text);
		return -1;
	}
	r = config_parse(text.p != NULL ? text.p : "", text.len, d->file, out, d);
	buf_free(&text);
	return r;
}

/*
 * Whether path is there to read: 1, or 0 when it does not exist; -1 with
 * d filled when that cannot be told, or it is a link to nothing.
 */
static int
exists(const char *path, struct diag *d)
{
	struct stat st;
	int e;

	if (stat(path, &st) == 0)
		return 1;
	e = errno;
	diag_set_file(d, path);
	if (e != ENOENT && e != ENOTDIR) {
		diag_set(d, DIAG_CONFIG, 0, 0, "%s", strerror(e));
		return -1;
	}
	if (lstat(path, &st) == 0) {
		diag_set(d, DIAG_CONFIG, 0, 0, "a symbolic link to nothing");
		return -1;
	}
	diag_set_file(d, NULL);
	return 0;
}

/* The named place: it must exist. */
static int
given(const char *path, const char *by, char *out, size_t n, struct diag *d)
{
	if (access(path, F_OK) == -1) {
		int e = errno;

		diag_set_file(d, path);
		diag_set(d, DIAG_CONFIG, 0, 0, "%s (given by %s)", strerror(e), by);
		return -1;
	}
	if ((size_t)snprintf(out, n, "%s", path) >= n) {
		diag_set(d, DIAG_CONFIG, 0, 0, "file name too long");
		return -1;
	}
	return 1;
}

/* One place of the search: 1 with it in out, 0 when not there, -1. */
static int
place(const char *dir, const char *name, char *out, size_t n, struct diag *d)
{
	int r;

	if ((size_t)snprintf(out, n, "%s/%s", dir, name) >= n)
		return 0;	/* no such file can be opened */
	if ((r = exists(out, d)) != 1)
		out[0] = '\0';
	return r;
}

int
config_find(const char *opt, const char *etc, char *out, size_t n,
    struct diag *d)
{
	const char *env = getenv("DERMA_CONFIG");
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	int r;

	d->id[0] = '\0';
	d->line = d->col = 0;
	if (opt != NULL)
		return given(opt, "--config", out, n, d);
	if (env != NULL && env[0] != '\0')
		return given(env, "DERMA_CONFIG", out, n, d);
	/* The XDG base directory spec: a relative XDG_CONFIG_HOME is ignored. */
	if (xdg != NULL && xdg[0] == '/')
		r = place(xdg, "derma/config.yaml", out, n, d);
	else if (home != NULL && home[0] == '/')
		r = place(home, ".config/derma/config.yaml", out, n, d);
	else
		r = 0;
	if (r != 0)
		return r;
	return place(etc != NULL ? etc : DERMA_SYSCONFDIR, "derma/config.yaml",
	    out, n, d);
}

int
config_load(const char *opt, struct config **out, struct diag *d)
{
	char path[4096];
	int r;

	*out = NULL;
	if ((r = config_find(opt, NULL, path, sizeof(path), d)) == -1)
		return -1;
	return config_read(r == 1 ? path : NULL, out, d);
}

void
config_free(struct config *c)
{
	if (c != NULL)
		arena_free(c->priv);
}

/* The closed range day falls in, or NULL. */
static const struct config_closed *
closed_on(const struct config *c, date_t day)
{
	size_t lo = 0, hi = c->nclosed;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->closed[mid].to < day)
			lo = mid + 1;
		else if (c->closed[mid].from > day)
			hi = mid;
		else
			return &c->closed[mid];
	}
	return NULL;
}

int
config_is_open(const struct config *c, date_t day)
{
	return (c->open & 1u << date_weekday(day)) != 0 && closed_on(c, day) == NULL;
}

int
config_next_open(const struct config *c, date_t day, date_t *out)
{
	date_t last = day > DATE_MAX - CONFIG_LOOKAHEAD ? DATE_MAX :
	    day + CONFIG_LOOKAHEAD;

	for (date_t t = day; t <= last;) {
		const struct config_closed *r = closed_on(c, t);

		if (r != NULL)
			t = r->to + 1;	/* the whole range at once */
		else if (c->open & 1u << date_weekday(t))
			return *out = t, 0;
		else
			t++;
	}
	return -1;
}

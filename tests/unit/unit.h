/*
 * unit.h: what the unit tests share.  Each tests/unit/test_*.c includes it
 * once; the helpers are static inline so a test need not use them all.
 * A helper that cannot do its job fails the running test.
 */
#ifndef DERMA_UNIT_H
#define DERMA_UNIT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "date.h"
#include "diag.h"
#include "emit.h"
#include "node.h"
#include "parse.h"
#include "patient.h"
#include "rules.h"
#include "screen.h"
#include "split.h"
#include "value.h"
#include "vocab.h"

#ifndef DERMA_SRCDIR
#define DERMA_SRCDIR "."
#endif
#define DATA_DIR	DERMA_SRCDIR "/share/derma"
#define EXAMPLES_DIR	DATA_DIR "/examples"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* The day s ("YYYY-MM-DD"), which must be one. */
static inline date_t
day_of(const char *s)
{
	date_t t;

	if (date_parse(s, strlen(s), &t) != 0)
		fail_msg("not a date: '%s'", s);
	return t;
}

/* Asserts that day t is written s. */
#define assert_day(t, s) do {						\
	char day_[DATE_STRLEN];						\
	assert_string_equal(date_format((t), day_), (s));		\
} while (0)

/* Asserts that s holds sub. */
#define assert_contains(s, sub) do {					\
	const char *s_ = (s), *sub_ = (sub);				\
	if (s_ == NULL || strstr(s_, sub_) == NULL)			\
		fail_msg("'%s' does not contain '%s'",			\
		    s_ ? s_ : "(null)", sub_);				\
} while (0)

#define assert_not_contains(s, sub) do {				\
	const char *s_ = (s), *sub_ = (sub);				\
	if (s_ != NULL && strstr(s_, sub_) != NULL)			\
		fail_msg("'%s' contains '%s'", s_, sub_);		\
} while (0)

/* Parses one YAML document, which must be valid, into a tree in a. */
static inline struct node *
parse_yaml(struct arena *a, const char *s)
{
	struct node *doc = NULL;
	struct diag d;
	enum parse_status st;

	diag_clear(&d);
	st = parse_string(s, strlen(s), "<test>", a, &doc, &d);
	if (st != PARSE_DOC || doc == NULL)
		fail_msg("parse_string: status %d at %lu:%lu: %s\n%s", (int)st,
		    d.line, d.col, d.msg, s);
	return doc;
}

/* A scalar node of text in a, as a plain scalar in a file would be. */
static inline struct node *
scalar_of(struct arena *a, const char *text)
{
	struct node *n = node_scalar(a, text, STYLE_PLAIN);

	assert_non_null(n);
	return n;
}

/*
 * The vocabulary and the rules of dir, as the data set loads them (data.h);
 * NULL with d filled.  free_rules() frees both.
 */
static inline struct rules *
rules_and_vocab(const char *dir, struct diag *d)
{
	struct vocab *v = vocab_load(dir, d);
	struct rules *r = v != NULL ? rules_load(dir, v, d) : NULL;

	if (r == NULL)
		vocab_free(v);
	return r;
}

static inline void
free_rules(struct rules *r)
{
	if (r != NULL) {
		struct vocab *v = (struct vocab *)r->vocab;

		rules_free(r);
		vocab_free(v);
	}
}

/* The rules of share/derma, which must load. */
static inline struct rules *
load_rules(void)
{
	struct rules *r;
	struct diag d;

	diag_clear(&d);
	if ((r = rules_and_vocab(DATA_DIR, &d)) == NULL)
		fail_msg("rules_load: %s:%lu:%lu: %s", d.file,
		    d.line, d.col, d.msg);
	return r;
}

/* Reads the record doc, which must be valid, into a patient in a. */
static inline struct patient *
read_patient(const struct vocab *v, struct arena *a, const struct node *doc)
{
	struct patient *p = arena_zalloc(a, sizeof(*p));
	struct diag d;

	assert_non_null(p);
	diag_clear(&d);
	if (patient_read(doc, v, a, p, &d) != 0)
		fail_msg("patient_read: %lu:%lu: %s", d.line, d.col, d.msg);
	return p;
}

/* Screens the YAML record yaml for the day when; memory from a. */
static inline struct screening
screen_yaml_all(const struct rules *r, struct arena *a, const char *yaml,
    const char *when)
{
	const struct patient *p = read_patient(r->vocab, a, parse_yaml(a, yaml));
	struct screening s;
	struct diag d;

	diag_clear(&d);
	if (screen_patient(r, p, day_of(when), a, &s, &d) != 0)
		fail_msg("screen_patient: %s", d.msg);
	return s;
}

/*
 * The same, but for the caution skin-type-unknown, which every record of
 * the tests with no skin.fitzpatrick has: they are about other rules
 * (test_skin_type_unknown is about it, with screen_yaml_all()).
 */
static inline struct screening
screen_yaml(const struct rules *r, struct arena *a, const char *yaml,
    const char *when)
{
	struct screening s = screen_yaml_all(r, a, yaml, when);
	size_t n = 0;

	for (size_t i = 0; i < s.n; i++)
		if (strcmp(s.findings[i].rule->id, "skin-type-unknown") != 0)
			s.findings[n++] = s.findings[i];
	s.n = n;
	return s;
}

/* The finding of rule id, or NULL. */
static inline const struct finding *
finding_of(const struct screening *s, const char *id)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->findings[i].rule->id, id) == 0)
			return &s->findings[i];
	return NULL;
}

/* Makes a file under /tmp holding n bytes of s; its name into path[64]. */
static inline void
temp_file(const char *s, size_t n, char *path)
{
	int fd;

	snprintf(path, 64, "/tmp/derma-unit-XXXXXX");
	if ((fd = mkstemp(path)) == -1)
		fail_msg("mkstemp: %s", strerror(errno));
	if (write(fd, s, n) != (ssize_t)n)
		fail_msg("write %s: %s", path, strerror(errno));
	close(fd);
}

/* A descriptor reading n bytes of s (an unlinked file under /tmp). */
static inline int
string_fd(const char *s, size_t n)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/tmp/derma-unit-XXXXXX");
	if ((fd = mkstemp(path)) == -1)
		fail_msg("mkstemp: %s", strerror(errno));
	unlink(path);
	if (write(fd, s, n) != (ssize_t)n || lseek(fd, 0, SEEK_SET) != 0)
		fail_msg("write: %s", strerror(errno));
	return fd;
}

/*
 * Splits n bytes of s into chunks of about target bytes; the chunks into
 * *out (free with free_chunks).  Returns how many.
 */
static inline size_t
split_string(const char *s, size_t n, size_t target, size_t max_record,
    struct chunk **out)
{
	int fd = string_fd(s, n);
	struct split *sp = split_new(fd, "<test>", target, max_record);
	struct chunk *v = NULL, c;
	struct diag d;
	size_t nc = 0;
	int r;

	assert_non_null(sp);
	diag_clear(&d);
	while ((r = split_next(sp, &c, &d)) == 1) {
		if ((v = realloc(v, (nc + 1) * sizeof(*v))) == NULL)
			fail_msg("out of memory");
		v[nc++] = c;
	}
	if (r != 0)
		fail_msg("split_next: %s", d.msg);
	split_free(sp);
	close(fd);
	*out = v;
	return nc;
}

static inline void
free_chunks(struct chunk *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		chunk_free(&v[i]);
	free(v);
}

/* The whole file at path, NUL-terminated; its length into *n when not NULL. */
static inline char *
read_file(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	char *s = NULL;
	long len;

	if (fp == NULL)
		fail_msg("%s: %s", path, strerror(errno));
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	rewind(fp);
	if (len < 0 || (s = malloc((size_t)len + 1)) == NULL)
		fail_msg("%s: cannot read", path);
	if (fread(s, 1, (size_t)len, fp) != (size_t)len)
		fail_msg("%s: short read", path);
	s[len] = '\0';
	fclose(fp);
	if (n != NULL)
		*n = (size_t)len;
	return s;
}

/* What was written to fp, from its start, NUL-terminated. */
static inline char *
read_stream(FILE *fp, size_t *n)
{
	struct buf b = {0};
	char tmp[8192];
	size_t got;

	fflush(fp);
	rewind(fp);
	while ((got = fread(tmp, 1, sizeof(tmp), fp)) > 0)
		if (buf_add(&b, tmp, got) == -1)
			fail_msg("out of memory");
	if (buf_puts(&b, "") == -1 || buf_str(&b) == NULL)
		fail_msg("out of memory");
	if (n != NULL)
		*n = b.len;
	return b.p;
}

/* A new directory under /tmp; its name into path[64]. */
static inline void
temp_dir(char *path)
{
	snprintf(path, 64, "/tmp/derma-unit-XXXXXX");
	if (mkdtemp(path) == NULL)
		fail_msg("mkdtemp: %s", strerror(errno));
}

static inline void
write_in(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fp = fopen(path, "w")) == NULL)
		fail_msg("%s: %s", path, strerror(errno));
	fputs(text, fp);
	fclose(fp);
}

/* Copies share/derma/name into dir. */
static inline void
copy_data(const char *dir, const char *name)
{
	char path[512];
	char *s;

	snprintf(path, sizeof(path), "%s/%s", DATA_DIR, name);
	s = read_file(path, NULL);
	write_in(dir, name, s);
	free(s);
}

/* Removes dir and the files in it. */
static inline void
remove_dir(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	char path[512];

	if (dp == NULL)
		return;
	while ((e = readdir(dp)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(dp);
	rmdir(dir);
}

/* Whether path ends with the file name name. */
static inline int
ends_with(const char *path, const char *name)
{
	size_t n = strlen(name), p = path != NULL ? strlen(path) : 0;

	return p >= n && strcmp(path + p - n, name) == 0;
}

#endif

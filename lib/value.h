/* value: typed reading of scalars, as the patient file format defines them. */
#ifndef DERMA_VALUE_H
#define DERMA_VALUE_H

#include <stddef.h>

#include "date.h"
#include "node.h"

#define WORD_MAX 64	/* longest vocabulary word, normalized */

/* An id: 1-64 characters of [A-Za-z0-9._-]. */
int value_id_ok(const char *s, size_t n);
/* Whether c is one of an id's characters. */
int value_id_char(char c);
/* YAML 1.1 booleans (yes/no, true/false, on/off, y/n in their case forms). */
int value_bool_text(const char *s, int *out);
/* YAML 1.1 nulls: "", ~, null, Null, NULL. */
int value_null_text(const char *s);
/* Whether n is absent or a null: plain and null text, or tagged !!null. */
int value_is_null(const struct node *n);
/*
 * Each returns 0 and sets *out, or -1 when n is not such a scalar.  Each
 * reads the scalar's len bytes, so a NUL in them makes it not one.
 */
int value_bool(const struct node *n, int *out);
int value_date(const struct node *n, date_t *out);
/* Fitzpatrick skin type: 1-6 or I-VI. */
int value_fitzpatrick(const struct node *n, int *out);
/* In the rules data: a type, or "unknown" (0), the skin type not given. */
int value_fitzpatrick_type(const struct node *n, int *out);
/* A decimal number such as 1.5 (needle depth, minutes); -1 when not one. */
int value_number(const struct node *n, double *out);

/*
 * A word for vocabulary look-up: surrounding blanks trimmed, letters folded
 * (value_fold()), '_' and ' ' made '-'.  Returns its length, or -1 when it
 * is empty, longer than WORD_MAX or holds a NUL (out holds WORD_MAX + 1
 * bytes).
 */
int value_word(const char *s, size_t n, char *out);
/*
 * The character at s (n > 0 bytes of UTF-8) as look-ups compare it, into
 * out (2 bytes at most): ASCII letters in lower case; the letters of
 * Latin-1 and Latin Extended-A in lower case and without their accents, so
 * that a record's "JUVÉDERM" or "Juvederm" is the vocabulary's
 * "Juvéderm"; a combining accent (U+0300-U+036F, as in a decomposed "é")
 * nothing; any other byte as it is.  Returns the bytes of s it read, and
 * sets *olen to the bytes written.
 */
size_t value_fold(const char *s, size_t n, char *out, size_t *olen);

/* How a scalar reads as JSON (json output). */
enum json_type { JSON_STRING, JSON_NULL, JSON_TRUE, JSON_FALSE, JSON_NUMBER };
enum json_type value_json_type(const struct node *n);

#endif

/* value: typed reading of scalars, as the patient file format defines them. */
#ifndef DERMA_VALUE_H
#define DERMA_VALUE_H

#include <stddef.h>

#include "date.h"
#include "node.h"

#define WORD_MAX 64	/* longest vocabulary word, normalized */

/* An id: 1-64 characters of [A-Za-z0-9._-]. */
int value_id_ok(const char *s, size_t n);
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
 * A word for vocabulary look-up: surrounding blanks trimmed, ASCII letters
 * lower-cased, '_' and ' ' made '-'.  Returns its length, or -1 when it is
 * empty, longer than WORD_MAX or holds a NUL (out holds WORD_MAX + 1 bytes).
 */
int value_word(const char *s, size_t n, char *out);

/* How a scalar reads as JSON (json output). */
enum json_type { JSON_STRING, JSON_NULL, JSON_TRUE, JSON_FALSE, JSON_NUMBER };
enum json_type value_json_type(const struct node *n);

#endif

/*
 * vocab: the words the tools understand (share/derma/vocabulary.yaml and
 * medications.yaml), hashed once at start-up.  Look-up is case-insensitive,
 * ignores surrounding blanks and reads '_' and ' ' as '-'.  A vocab is
 * read-only once loaded, so threads may share it.
 */
#ifndef DERMA_VOCAB_H
#define DERMA_VOCAB_H

#include <stddef.h>

#include "arena.h"
#include "diag.h"

enum vocab_cat {
	VOC_CONCERN, VOC_AREA, VOC_CONDITION, VOC_PROCEDURE, VOC_MEDICATION,
	VOC_NCAT
};

struct vocab_word {
	enum vocab_cat cat;
	const char *name;	/* canonical name */
	const char *display;	/* how messages name it: "cold sore (herpes
				 * simplex)"; by default the name with
				 * blanks for '-' */
	int index;		/* its place in the category, from 0 */
	const char *const *classes;	/* medications: their classes, each
					 * the one string vocab_class() gives */
	int nclasses;
	int effect_days;	/* medications: how long it acts after the
				 * last dose, in days; -1 when not given */
	const struct vocab_word *oral;	/* medications: the one a name means
					 * when an oral-words word goes with
					 * it ("isotretinoin gel capsules");
					 * NULL when none */
	const struct node *src;	/* where its data file defines it */
};

/*
 * The levels of a record whose keys the tools read (SPEC section 2): the
 * record itself, the mappings under it, and the entries of its lists.
 */
enum vocab_level {
	LEVEL_RECORD, LEVEL_SKIN, LEVEL_CONTACT, LEVEL_CONSULTATION,
	LEVEL_TREATMENT, LEVEL_MEDICATION, LEVEL_PROCEDURE, LEVEL_COUNT
};

/* A key of the record format: its level and its name. */
struct vocab_key {
	enum vocab_level level;
	const char *key;
};

struct vocab;

/* Loads dir/vocabulary.yaml and dir/medications.yaml; NULL with d filled. */
struct vocab *vocab_load(const char *dir, struct diag *d);
/* The word s (n bytes) of a category, or NULL when unknown. */
const struct vocab_word *vocab_find(const struct vocab *v, enum vocab_cat cat,
    const char *s, size_t n);
/*
 * The words of category first, or else of second (VOC_NCAT for none), in
 * a name as people write it: the whole name when it is one; else each word
 * found as whole words in it, so that a strength, dose or form after it,
 * or text around it, does not hide it ("Roaccutane 20 mg", "Retin-A Micro
 * 0.04% gel", "Tetralysal (lymecycline)").  Longer words win over the
 * shorter ones inside them.  *out, in a, holds the distinct words found in
 * the order of the name, *nout of them.  *unread is 1 when a word of the
 * name is in none of them, nor a number or one of the name-words of
 * vocabulary.yaml ("zzyxal" in "vitamin D and zzyxal"): the name is then
 * not all read, and a caller must say so.  A word of the oral-words ("oral",
 * "capsules") makes the word found next to it, before it or else after it,
 * its oral counterpart when it has one: "isotretinoin gel capsules" is not
 * the topical isotretinoin gel.  Returns 0, or -1 when memory
 * runs out.
 */
int vocab_find_in(const struct vocab *v, enum vocab_cat first,
    enum vocab_cat second, const char *s, size_t n, struct arena *a,
    const struct vocab_word ***out, size_t *nout, int *unread);
/* The canonical words of a category, in file order. */
size_t vocab_count(const struct vocab *v, enum vocab_cat cat);
const struct vocab_word *vocab_at(const struct vocab *v, enum vocab_cat cat,
    size_t i);
/* The class named cls (one string per class, so pointers compare), or NULL. */
const char *vocab_class(const struct vocab *v, const char *cls);
/* Whether some medication has class cls. */
int vocab_has_class(const struct vocab *v, const char *cls);
const char *vocab_cat_name(enum vocab_cat cat);

/*
 * Whether key (n bytes) of a mapping at level is a near miss of a key of
 * the record format: such a key written with other case, blanks, '-' or
 * '_' ("Pregnant", "birth-date"), or one of the synonyms and misplaced keys
 * that vocabulary.yaml lists under keys: ("breastfeeding"; "conditions"
 * at the top level).  Returns the key meant; NULL for a key of the format
 * itself and for a user's key.
 */
const struct vocab_key *vocab_near_miss(const struct vocab *v,
    enum vocab_level level, const char *key, size_t n);
/*
 * The keys of the format at level, NULL-terminated: every key SPEC names
 * there, including those no tool reads yet (consultation.by).
 */
const char *const *vocab_level_keys(enum vocab_level level);
/*
 * Key (n bytes) as a message names it, into out (size bytes, 9 at least):
 * a Unicode blank or invisible character as <U+00A0>, so that the message
 * shows why "pregnant\u00A0" is not "pregnant"; cut where out is full.
 */
void vocab_key_shown(const char *key, size_t n, char *out, size_t size);
/* How messages name a level: "skin", "medications"; "" for the record. */
const char *vocab_level_name(enum vocab_level level);
void vocab_free(struct vocab *v);

#endif

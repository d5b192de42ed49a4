/*
 * patient: the typed, validated view of one record (SPEC section 2).  It
 * points into the record's tree and is carved from the record's arena.
 * A record that breaks the format is a data error naming the place.
 */
#ifndef DERMA_PATIENT_H
#define DERMA_PATIENT_H

#include <stddef.h>

#include "arena.h"
#include "date.h"
#include "diag.h"
#include "node.h"
#include "vocab.h"

/*
 * One word of the record: a concern, condition, medication, procedure.  A
 * medication or procedure entry may name several ("aspirin and warfarin"),
 * or a procedure among the medications or the other way round (Botox is a
 * drug too): each word found is judged as what it is, by its category.
 */
struct pt_item {
	const struct vocab_word *w;	/* the word, or the first found in the
					 * name; NULL when none: a medication
					 * or procedure not recognised */
	const struct vocab_word *const *words;	/* each word found, w first */
	size_t nwords;
	const struct node *node;	/* the name as written */
	int unread;			/* a word of the name that names nothing
					 * known (vocab_find_in()) */
	int has_stopped;		/* as a medication: stopped */
	date_t stopped;
	int has_since;			/* as a medication: since */
	date_t since;
	int has_date;			/* as a procedure: the day it was done
					 * (its date, or else stopped or since) */
	date_t date;
};

struct pt_list {
	struct pt_item *v;
	size_t n;
};

struct pt_area {
	const struct vocab_word *area;
	double depth;		/* mm; 0 when not given */
};

struct pt_treatment {
	date_t date;
	struct pt_area *areas;
	size_t nareas;
	int anesthetic;		/* -1 unknown */
	const char *serum;	/* NULL when not given */
	double duration_min;	/* 0 when not given */
};

struct patient {
	const char *id;
	const char *name;	/* NULL when not given */
	const char *language;	/* NULL when not given: the clinic's, then en */
	int has_birth_date;
	date_t birth_date;
	int pregnant, lactating;	/* 1 yes; 0 no or not given; -1 asked,
					 * not answered (given as a null) */
	int fitzpatrick;	/* 1-6; 0 when not given */
	const char *email;	/* NULL when not given */
	int reminders;		/* contact.reminders; 1 when not given, -1
				 * when given as a null (not answered) */
	struct pt_list concerns, conditions, history, medications, procedures;
	int consulted;		/* has a consultation */
	int has_consult_date;
	date_t consult_date;
	int approved;		/* consultation.approved */
	int wants_anesthetic;	/* consultation.anesthetic: numbing cream asked for */
	struct pt_treatment *treatments;
	size_t ntreatments;
};

/* The record's id when it is well-formed, for messages; else NULL. */
const char *patient_id(const struct node *doc);
/*
 * Reads doc into p.  Returns 0, or -1 with d filled (DIAG_DATA at the
 * offending node, or DIAG_INTERNAL when memory runs out).
 */
int patient_read(const struct node *doc, const struct vocab *v,
    struct arena *a, struct patient *p, struct diag *d);

#endif

/*
 * rules: the screening rules of share/derma/screening.yaml, checked against
 * the vocabulary when loaded.  Read-only once loaded: threads may share it.
 */
#ifndef DERMA_RULES_H
#define DERMA_RULES_H

#include <stddef.h>

#include "diag.h"
#include "vocab.h"

enum severity { SEV_ABSOLUTE, SEV_RELATIVE, SEV_CAUTION };

/* What part of the record a rule looks at. */
enum match {
	MATCH_FLAG,		/* pregnant, lactating */
	MATCH_UNANSWERED,	/* the same given as a null: not answered */
	MATCH_CONDITIONS,	/* skin.conditions: present now */
	MATCH_HISTORY,		/* history */
	MATCH_ANY_CONDITION,	/* either of them */
	MATCH_MEDICATIONS,	/* medications, by class or generic name */
	MATCH_PROCEDURES,	/* procedures */
	MATCH_FITZPATRICK,	/* skin.fitzpatrick */
	MATCH_UNRECOGNISED	/* medications or procedures not recognised */
};

enum wait_unit { WAIT_NONE, WAIT_DAYS, WAIT_MONTHS };

/*
 * The placeholders of a rule's messages (template.h), by index.  Which a
 * rule may use depends on what it matches; rules_load() refuses others.
 */
enum placeholder {
	PH_NAME,		/* the word as the record gives it */
	PH_WHAT,		/* the word's name */
	PH_DATE,		/* the stopped or procedure date */
	PH_WAIT,		/* the waiting period, "6 months" */
	PH_UNTIL,		/* the first day the finding is over */
	PH_FITZPATRICK		/* the skin type in Roman numerals */
};
extern const char *const rule_placeholders[];

struct rule {
	const char *id;
	enum severity severity;
	enum match match;
	const char *flag;	/* MATCH_FLAG, MATCH_UNANSWERED: the key;
				 * MATCH_UNRECOGNISED:
				 * "medications" or "procedures" */
	const char *const *words;	/* the vocabulary's own strings for
					 * the words, classes or names */
	size_t nwords;
	unsigned fitzpatrick;	/* MATCH_FITZPATRICK: bit t for type t */
	enum wait_unit wait_unit;
	long wait;		/* how long after stopped or the procedure date */
	int wait_effect;	/* wait: effect, each medication's own
				 * (medications.yaml); wait_unit WAIT_DAYS */
	const char *message;	/* in force with no known end */
	const char *message_until;	/* in force until a known day */
};

struct rules {
	const struct vocab *vocab;	/* what the rules were checked against: the
					 * data set's (data.h), not owned */
	struct rule *v;
	size_t n;
	enum wait_unit approval_unit;	/* how long a consultation's approval */
	long approval_lapse;		/*   counts: 12 months unless set */
	void *priv;
};

/*
 * Loads dir/screening.yaml, checked against the vocabulary v, which must
 * outlive the rules; NULL with d filled.
 */
struct rules *rules_load(const char *dir, const struct vocab *v,
    struct diag *d);
void rules_free(struct rules *r);
const char *severity_name(enum severity s);
/* "6 months", "5 days": into out of size n. */
void wait_format(const struct rule *r, char *out, size_t n);
void wait_text(enum wait_unit unit, long wait, char *out, size_t n);

#endif

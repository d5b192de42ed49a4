/*
 * report: derma-report's batch reports over a stream of records, in one
 * pass and in little memory.  Each record is assessed for the run's day
 * (screening, and the plan where a report needs it; blocks the record
 * carries are never trusted) into a small summary of a few dozen bytes
 * (its id or pseudonym, verdict, dates, the rules of its findings, its
 * sessions with their areas, depths and reactions, its course): not its
 * text.  The summaries are added up in input order, and the report is
 * written once at the end, in one of five formats, each with the same
 * numbers.  What is kept per patient is only what a report lists: the
 * patients who become eligible soon (summary), the patients with a
 * course under way (course), the one patient asked for (patient).
 *
 * What runs where: report_record() on any thread at once (its arguments
 * read-only); the rest on one thread, the one that owns the report.
 */
#ifndef DERMA_REPORT_H
#define DERMA_REPORT_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "data.h"
#include "date.h"
#include "diag.h"
#include "node.h"
#include "pseudonym.h"

enum report_kind {
	REPORT_SUMMARY,		/* verdicts, findings, eligible soon */
	REPORT_TREATMENTS,	/* sessions by month and area, depths, reactions */
	REPORT_COURSE,		/* courses under way, sessions due, overdue */
	REPORT_PATIENT,		/* one patient's history, screening and plan */
	NREPORT_KIND
};

enum report_format {
	REPORT_TEXT, REPORT_CSV, REPORT_JSON, REPORT_MARKDOWN, REPORT_HTML
};

/* Days after the run's day in which "eligible soon" becomes eligible. */
#define REPORT_SOON_DAYS 30
/* Reactions counted under their own name; the rest count as "other". */
#define REPORT_REACTIONS_MAX 64
/* The longest reaction counted under its own name. */
#define REPORT_REACTION_LEN 32

struct report_opts {
	enum report_kind kind;
	date_t day;		/* the run's day (-d) */
	date_t from, to;	/* the treatments counted: given in these days */
	int weeks;		/* course: sessions due in this many weeks */
	const char *patient;	/* patient: the id asked for */
	/* With a key, --anonymize: pseudonyms for ids, and no name, contact,
	 * birth date or text of the record's own in any format. */
	const struct pseudonym_key *key;
	const char *clinic;	/* the clinic's name, for the title; or NULL */
};

/* The kind named s ("summary"...), or -1 for a name that is none. */
int report_kind_parse(const char *s);

/*
 * Assesses the record doc (memory from a) and appends its summary to sum.
 * Returns 0, or -1 with d filled (a data error: the record is skipped).
 */
int report_record(const struct derma_data *dd, const struct report_opts *o,
    const struct node *doc, struct arena *a, struct buf *sum, struct diag *d);

struct report;

/* NULL when memory runs out.  dd and o must outlive the report. */
struct report *report_new(const struct derma_data *dd,
    const struct report_opts *o);
void report_free(struct report *r);
/* Adds a record's summary (n bytes at sum); -1 when memory runs out. */
int report_add(struct report *r, const void *sum, size_t n);
/* A record skipped as bad, in input order, with its id (NULL when it has
 * none), for the report to count and say. */
void report_skip(struct report *r, const char *id);
/* The patient kind: how many records had the id asked for (the report is
 * of the last). */
size_t report_found(const struct report *r);
/* The patient kind: the last record with the id asked for was skipped as
 * bad, so the report shows none (an older one is not the patient's now). */
int report_stale(const struct report *r);

/*
 * Writes the report to out in format f.  flush, when not NULL, is called
 * whenever out holds more than 64 kB, to write it out and empty it, so
 * that a long list does not have to fit in memory; it returns 0, or -1 to
 * stop.  Returns 0, or -1 (memory ran out, or flush said -1).
 */
int report_write(struct report *r, enum report_format f, struct buf *out,
    int (*flush)(void *arg, struct buf *out), void *arg);

#endif

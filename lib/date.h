/* date: calendar days as day numbers (days since 1970-01-01). */
#ifndef DERMA_DATE_H
#define DERMA_DATE_H

#include <stddef.h>

typedef long date_t;

#define DATE_STRLEN 11	/* "YYYY-MM-DD" and its NUL */
#define DATE_MIN (-719162L)	/* 0001-01-01, the first day YYYY-MM-DD names */
#define DATE_MAX 2932896L	/* 9999-12-31, the last day YYYY-MM-DD names */

/*
 * Parses exactly YYYY-MM-DD (n bytes of s) naming a real calendar day of
 * the years 1-9999.  Returns 0 and sets *out, or -1.
 */
int date_parse(const char *s, size_t n, date_t *out);
date_t date_from_ymd(int y, int m, int d);
void date_to_ymd(date_t t, int *y, int *m, int *d);
/* Writes "YYYY-MM-DD" and a NUL into out[DATE_STRLEN]; returns out. */
char *date_format(date_t t, char *out);
/* t plus n months, clamped to the last day of the month (Aug 31 + 6 = Feb 28). */
date_t date_add_months(date_t t, long n);
/* Today in local time. */
date_t date_today(void);

/* The weekday of t: 0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday). */
int date_weekday(date_t t);
/* Its English name, "Monday" ... "Sunday"; wd is 0-6. */
const char *date_weekday_name(int wd);
/*
 * A weekday named by n bytes of s, in full or by its first three letters,
 * in any case ("mon", "Monday", "MON"): 0-6, or -1 when it names none.
 */
int date_weekday_parse(const char *s, size_t n);

#endif

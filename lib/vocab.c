#include "vocab.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "datadir.h"
#include "node.h"
#include "value.h"

struct key {
	enum vocab_cat cat;
	const char *word;	/* normalized */
	const struct vocab_word *w;
};

/* A key written as a record may write it, and the key meant. */
struct hint {
	enum vocab_level level;
	const char *norm;	/* as key_norm() writes it */
	struct vocab_key meant;
	const struct node *src;	/* where vocabulary.yaml gives it; NULL for
				 * the keys of the format themselves */
};

struct vocab {
	struct arena *arena;
	struct key *table;	/* open addressing; word NULL when empty */
	size_t size;		/* a power of two */
	size_t used;
	const char **classes;	/* the medication classes, each once */
	size_t nclasses, capclasses;
	struct vocab_word **words[VOC_NCAT];	/* canonical, in order */
	size_t nwords[VOC_NCAT];
	size_t capwords[VOC_NCAT];
	struct hint *hints;	/* sorted by level and norm once loaded */
	size_t nhints, caphints;
	size_t max_tokens;	/* in the longest spelling, as tokens() cuts */
	const struct node *display;	/* vocabulary.yaml's display:, until
					 * its words are read */
};

/* The keys of the record format, by level (SPEC section 2). */
static const char *const format_keys[LEVEL_COUNT][18] = {
	[LEVEL_RECORD] = {"id", "name", "birth_date", "sex", "language",
	    "contact", "pregnant", "lactating", "skin", "history",
	    "medications", "procedures", "consultation", "treatments",
	    "screening", "plan", "aftercare", NULL},
	[LEVEL_SKIN] = {"fitzpatrick", "concerns", "conditions", NULL},
	[LEVEL_CONTACT] = {"email", "phone", "reminders", NULL},
	[LEVEL_CONSULTATION] = {"date", "by", "photos", "approved", "anesthetic",
	    NULL},
	[LEVEL_TREATMENT] = {"date", "areas", "anesthetic", "serum",
	    "duration_min", "reactions", NULL},
	/* An entry names a medication or a procedure; which dates it takes
	 * depends on which the name turns out to be (patient.c). */
	[LEVEL_MEDICATION] = {"name", "stopped", "since", "date", NULL},
	[LEVEL_PROCEDURE] = {"name", "date", "stopped", "since", NULL},
};

static const char *const level_names[LEVEL_COUNT] = {
	"", "skin", "contact", "consultation", "treatments", "medications",
	"procedures"
};

static const char *const cat_keys[VOC_NCAT] = {
	"concerns", "areas", "conditions", "procedures", "medications"
};

const char *
vocab_cat_name(enum vocab_cat cat)
{
	static const char *const names[VOC_NCAT] = {
		"concern", "area", "condition", "procedure", "medication"
	};

	return names[cat];
}

const char *const *
vocab_level_keys(enum vocab_level level)
{
	return format_keys[level];
}

const char *
vocab_level_name(enum vocab_level level)
{
	return level_names[level];
}

/*
 * The length of the UTF-8 blank, dash or invisible character at s (n
 * bytes on), or 0: a no-break or ideographic space, a zero-width space or
 * joiner, a BOM, a soft hyphen, a Unicode dash or minus.  Pasted from a
 * word processor, "pregnant\u00A0" or "\u200Bpregnant" looks like the key.
 */
static size_t
blank_len(const unsigned char *s, size_t n)
{
	if (n >= 2 && s[0] == 0xC2 && (s[1] == 0xA0 || s[1] == 0xAD))
		return 2;	/* U+00A0, U+00AD */
	if (n < 3)
		return 0;
	if (s[0] == 0xE2 && s[1] == 0x80 &&
	    (s[2] <= 0x95 || s[2] == 0xAF))
		return 3;	/* U+2000-U+2015, U+202F */
	if (s[0] == 0xE2 && s[1] == 0x81 && (s[2] == 0x9F || s[2] == 0xA0))
		return 3;	/* U+205F, U+2060 */
	if ((s[0] == 0xE2 && s[1] == 0x88 && s[2] == 0x92) ||	/* U+2212 */
	    (s[0] == 0xE1 && s[1] == 0x9A && s[2] == 0x80) ||	/* U+1680 */
	    (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) ||	/* U+3000 */
	    (s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF))	/* U+FEFF */
		return 3;
	return 0;
}

void
vocab_key_shown(const char *key, size_t n, char *out, size_t size)
{
	size_t o = 0;

	for (size_t i = 0; i < n && key[i] != '\0' && o + 9 < size; i++) {
		const unsigned char *u = (const unsigned char *)key + i;
		size_t b = blank_len(u, n - i);

		if (b == 0) {
			out[o++] = key[i];
			continue;
		}
		o += (size_t)snprintf(out + o, size - o, "<U+%04X>", b == 2 ?
		    (unsigned)((u[0] & 0x1F) << 6 | (u[1] & 0x3F)) :
		    (unsigned)((u[0] & 0x0F) << 12 | (u[1] & 0x3F) << 6 |
		    (u[2] & 0x3F)));
		i += b - 1;
	}
	out[o] = '\0';
}

/*
 * A key as near misses compare it: ASCII letters lower-cased, blanks
 * (Unicode ones too), dashes, '_' and '?' left out, and nothing from a NUL on,
 * so that "Pregnant\0x" is a near miss too.  Its length, or -1 when it is
 * empty or longer than WORD_MAX (out holds WORD_MAX + 1 bytes).
 */
static int
key_norm(const char *s, size_t n, char *out)
{
	size_t len = 0;

	for (size_t i = 0; i < n && s[i] != '\0'; i++) {
		size_t b = blank_len((const unsigned char *)s + i, n - i);
		char c = s[i];

		if (b > 0) {
			i += b - 1;
			continue;
		}
		/* A form's "Pregnant?" is the key too. */
		if (c == ' ' || c == '\t' || c == '-' || c == '_' || c == '?')
			continue;
		if (len == WORD_MAX)
			return -1;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		out[len++] = c;
	}
	out[len] = '\0';
	return len > 0 ? (int)len : -1;
}

static int
hint_cmp(const void *a, const void *b)
{
	const struct hint *x = a, *y = b;

	if (x->level != y->level)
		return x->level < y->level ? -1 : 1;
	return strcmp(x->norm, y->norm);
}

static const struct hint *
find_hint(const struct vocab *v, enum vocab_level level, const char *norm)
{
	struct hint k = {level, norm, {level, NULL}, NULL};

	return bsearch(&k, v->hints, v->nhints, sizeof(k), hint_cmp);
}

/* Adds the near miss norm at level for meant; src locates errors. */
static int
add_hint(struct vocab *v, enum vocab_level level, const char *norm,
    struct vocab_key meant, const struct node *src, struct diag *d)
{
	struct hint *h;

	for (size_t i = 0; i < v->nhints; i++) {
		h = &v->hints[i];
		if (h->level != level || strcmp(h->norm, norm) != 0)
			continue;
		if (h->src == NULL)
			return datafile_error(d, src, "'%s%s%s' is a key of the "
			    "record format as it is written, not a near miss",
			    level_names[level], level ? "." : "", norm);
		return datafile_error(d, src, "'%s%s%s' is already a near miss "
		    "of '%s'", level_names[level], level ? "." : "", norm,
		    h->meant.key);
	}
	if (v->nhints == v->caphints) {
		size_t cap = v->caphints ? v->caphints * 2 : 128;
		struct hint *p = realloc(v->hints, cap * sizeof(*p));

		if (p == NULL)
			return datafile_error(d, src, "out of memory");
		v->hints = p;
		v->caphints = cap;
	}
	h = &v->hints[v->nhints];
	if ((h->norm = arena_strdup(v->arena, norm)) == NULL)
		return datafile_error(d, src, "out of memory");
	h->level = level;
	h->meant = meant;
	h->src = src;
	v->nhints++;
	return 0;
}

/* The format's own keys, each its own near miss: "Pregnant" is pregnant. */
static int
add_format_keys(struct vocab *v, struct diag *d)
{
	for (int l = 0; l < LEVEL_COUNT; l++)
		for (const char *const *k = format_keys[l]; *k != NULL; k++) {
			char norm[WORD_MAX + 1];
			struct vocab_key meant = {(enum vocab_level)l, *k};

			key_norm(*k, strlen(*k), norm);
			if (add_hint(v, (enum vocab_level)l, norm, meant, NULL,
			    d) == -1)
				return -1;
		}
	return 0;
}

/* The one level whose format has key, or LEVEL_COUNT when not one. */
static enum vocab_level
only_level(const char *key)
{
	int found = LEVEL_COUNT;

	for (int l = 0; l < LEVEL_COUNT; l++)
		for (const char *const *k = format_keys[l]; *k != NULL; k++)
			if (strcmp(*k, key) == 0) {
				if (found != LEVEL_COUNT)
					return LEVEL_COUNT;
				found = l;
			}
	return (enum vocab_level)found;
}

/*
 * A key of the format at the wrong level ("pregnant" under contact:, in an
 * entry of medications:) is a near miss of it where it belongs: its value
 * would go unread.  Only a key of one level: "date" has several.  After
 * vocabulary.yaml's keys:, which may name one already ("skin.pregnant").
 */
static int
add_misplaced_keys(struct vocab *v, struct diag *d)
{
	for (int l = 0; l < LEVEL_COUNT; l++)
		for (const char *const *k = format_keys[l]; *k != NULL; k++) {
			struct vocab_key meant = {(enum vocab_level)l, *k};
			char norm[WORD_MAX + 1];

			if (only_level(*k) != (enum vocab_level)l)
				continue;
			key_norm(*k, strlen(*k), norm);
			for (int at = 0; at < LEVEL_COUNT; at++) {
				size_t i;

				for (i = 0; i < v->nhints; i++)
					if (v->hints[i].level == (enum vocab_level)at &&
					    strcmp(v->hints[i].norm, norm) == 0)
						break;
				if (i == v->nhints && add_hint(v,
				    (enum vocab_level)at, norm, meant, NULL, d) == -1)
					return -1;
			}
		}
	return 0;
}

/*
 * A path of vocabulary.yaml's keys: section, such as "skin.conditions" or
 * "pregnant": its level, and in *key the key after the level's name.
 * Returns -1 with d set when it is not one.
 */
static int
read_path(const struct node *n, enum vocab_level *level, const char **key,
    struct diag *d)
{
	const char *s, *dot;
	int l = LEVEL_RECORD;

	*level = LEVEL_RECORD;
	*key = "";
	if (n == NULL || n->kind != NODE_SCALAR || strlen(n->text) != n->len)
		return datafile_error(d, n, "keys: expected a key, such as "
		    "pregnant or skin.conditions");
	s = n->text;
	if ((dot = strchr(s, '.')) != NULL) {
		for (l = 1; l < LEVEL_COUNT; l++)
			if (strlen(level_names[l]) == (size_t)(dot - s) &&
			    strncmp(s, level_names[l], (size_t)(dot - s)) == 0)
				break;
		if (l == LEVEL_COUNT)
			return datafile_error(d, n, "keys: '%.*s' is not a part of "
			    "a record (skin, contact, consultation, treatments, "
			    "medications, procedures)", (int)(dot - s), s);
		s = dot + 1;
	}
	*level = (enum vocab_level)l;
	*key = s;
	return 0;
}

/* The key of the format a path names, exactly as the format spells it. */
static int
read_meant(const struct node *n, struct vocab_key *meant, struct diag *d)
{
	const char *key;

	if (read_path(n, &meant->level, &key, d) == -1)
		return -1;
	for (const char *const *k = format_keys[meant->level]; *k != NULL; k++)
		if (strcmp(*k, key) == 0) {
			meant->key = *k;
			return 0;
		}
	return datafile_error(d, n, "keys: '%s' is not a key of the record "
	    "format (see derma(5))", n->text);
}

/*
 * keys: {meant: [near misses]}: each meant a key of the format, each near
 * miss a key a record may write for it, at the level its path names.
 */
static int
load_keys(struct vocab *v, const struct node *map, struct diag *d)
{
	if (map->kind != NODE_MAPPING)
		return datafile_error(d, map, "keys: expected key: [near misses]");
	for (const struct node *k = map->head; k != NULL && k->next != NULL;
	    k = k->next->next) {
		const struct node *list = node_resolve(k->next);
		struct vocab_key meant;

		if (read_meant(node_resolve(k), &meant, d) == -1)
			return -1;
		if (list->kind != NODE_SEQUENCE)
			return datafile_error(d, list, "keys: expected a list of "
			    "near misses");
		for (const struct node *c = list->head; c != NULL; c = c->next) {
			const struct node *n = node_resolve(c);
			char norm[WORD_MAX + 1];
			enum vocab_level at;
			const char *key;

			if (read_path(n, &at, &key, d) == -1)
				return -1;
			if (key_norm(key, strlen(key), norm) < 0)
				return datafile_error(d, n, "keys: expected a key "
				    "of 1-%d characters", WORD_MAX);
			if (add_hint(v, at, norm, meant, n, d) == -1)
				return -1;
		}
	}
	return 0;
}

const struct vocab_key *
vocab_near_miss(const struct vocab *v, enum vocab_level level, const char *key,
    size_t n)
{
	char norm[WORD_MAX + 1];
	const struct hint *h;

	if (key_norm(key, n, norm) < 0 || (h = find_hint(v, level, norm)) == NULL)
		return NULL;
	if (h->meant.level == level && strlen(h->meant.key) == n &&
	    memcmp(h->meant.key, key, n) == 0)
		return NULL;	/* the key itself */
	return &h->meant;
}

static uint64_t
hash(enum vocab_cat cat, const char *s)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)cat;

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ULL;
	}
	return h;
}

static int
grow(struct vocab *v)
{
	size_t size = v->size ? v->size * 2 : 512;
	struct key *t = calloc(size, sizeof(*t));

	if (t == NULL)
		return -1;
	for (size_t i = 0; i < v->size; i++) {
		struct key *k = &v->table[i];
		size_t j;

		if (k->word == NULL)
			continue;
		for (j = hash(k->cat, k->word) & (size - 1); t[j].word != NULL;
		    j = (j + 1) & (size - 1))
			;
		t[j] = *k;
	}
	free(v->table);
	v->table = t;
	v->size = size;
	return 0;
}

static struct key *
slot(const struct vocab *v, enum vocab_cat cat, const char *word)
{
	size_t j;

	for (j = hash(cat, word) & (v->size - 1); v->table[j].word != NULL;
	    j = (j + 1) & (v->size - 1))
		if (v->table[j].cat == cat && strcmp(v->table[j].word, word) == 0)
			break;
	return &v->table[j];
}

/* A run of word characters in a name: its offset and length. */
struct token {
	size_t off, len;
	int glued;	/* no separator before it: "20mg" is 20, then mg */
};

/*
 * The bytes of a character that separates words though it is not ASCII,
 * or 0: the blanks, dashes and invisible characters of blank_len(); the
 * signs of Latin-1 (U+00A0-U+00BF but the letters ª, µ and º: "20µg"),
 * among them the (R) and (C) written after brand names, and « »; × and ÷;
 * General Punctuation (U+2000-U+206F: curly quotes, bullets, ellipsis);
 * the TM sign; CJK punctuation.  Pasted from a word processor,
 * "Roaccutane\u00A020 mg", "Retin\u2011A" or "\u201CAccutane\u201D" must
 * not hide the name.
 */
static size_t
sign_len(const unsigned char *s, size_t n)
{
	size_t b;

	if ((b = blank_len(s, n)) > 0)
		return b;
	if (n >= 2 && s[0] == 0xC2 && s[1] >= 0xA0 && s[1] <= 0xBF &&
	    s[1] != 0xAA && s[1] != 0xB5 && s[1] != 0xBA)
		return 2;
	if (n >= 2 && s[0] == 0xC3 && (s[1] == 0x97 || s[1] == 0xB7))
		return 2;
	if (n < 3)
		return 0;
	if (s[0] == 0xE2 && (s[1] == 0x80 || (s[1] == 0x81 && s[2] <= 0xAF)))
		return 3;
	if ((s[0] == 0xE2 && s[1] == 0x84 && s[2] == 0xA2) ||
	    (s[0] == 0xE3 && s[1] == 0x80))
		return 3;
	return 0;
}

/*
 * The kind of a byte in a name as people write it: 1 a digit; 2 a
 * letter, "'" or a byte of a UTF-8 sequence; 0 anything else (blanks,
 * '-', '.', '%', '/', '+', brackets, NUL), which separates words.
 */
static int
char_kind(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return 1;
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '\'' ||
	    c >= 0x80 ? 2 : 0;
}

/*
 * The next word of the n bytes of s from *at: 1 with *t set, 0 at the
 * end.  A word is a run of letters or a run of digits, so that a strength
 * written against the name does not hide it: "Retin-A Micro 0.04%" is
 * retin, a, micro, 0, 04, and "Roaccutane20mg" roaccutane, 20, mg.
 */
static int
next_token(const char *s, size_t n, size_t *at, struct token *t)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = *at, sign;
	int kind;

	/* "'" is a letter only inside a word ("Crow's"): "'Accutane'" is
	 * Accutane. */
	while (i < n && ((sign = sign_len(u + i, n - i)) > 0 ||
	    char_kind(u[i]) == 0 || u[i] == '\''))
		i += sign > 0 ? sign : 1;
	if (i >= n) {
		*at = n;
		return 0;
	}
	t->glued = i == *at && i > 0;
	t->off = i;
	kind = char_kind(u[i]);
	while (i < n && char_kind(u[i]) == kind && sign_len(u + i, n - i) == 0)
		i++;
	*at = i;
	while (u[i - 1] == '\'')
		i--;
	t->len = i - t->off;
	return 1;
}

/* The number of words (next_token()) in n bytes of s. */
static size_t
count_tokens(const char *s, size_t n)
{
	struct token t;
	size_t count = 0, at = 0;

	while (next_token(s, n, &at, &t))
		count++;
	return count;
}

/*
 * The key of the word that scalar n spells in cat (word: that spelling),
 * made for w when new; *had is 1 when cat had it already.  NULL with d
 * set on an error.
 */
static struct key *
make_key(struct vocab *v, enum vocab_cat cat, const struct vocab_word *w,
    const struct node *n, char word[WORD_MAX + 1], int *had, struct diag *d)
{
	struct key *k;

	if (n->kind != NODE_SCALAR || value_word(n->text, n->len, word) < 0) {
		datafile_error(d, n, "a word must be 1-%d characters", WORD_MAX);
		return NULL;
	}
	if (2 * (v->used + 1) > v->size && grow(v) == -1) {
		datafile_error(d, n, "out of memory");
		return NULL;
	}
	k = slot(v, cat, word);
	if ((*had = k->word != NULL))
		return k;
	if ((k->word = arena_strdup(v->arena, word)) == NULL) {
		datafile_error(d, n, "out of memory");
		return NULL;
	}
	k->cat = cat;
	k->w = w;
	v->used++;
	return k;
}

/* Adds the spelling n of w; an error when the category already has it. */
static int
add_key(struct vocab *v, const struct vocab_word *w, const struct node *n,
    struct diag *d)
{
	char word[WORD_MAX + 1];
	const struct key *k;
	int had;

	if ((k = make_key(v, w->cat, w, n, word, &had, d)) == NULL)
		return -1;
	/* "Contracné" and "Contracne" are one spelling once folded: the
	 * same word's twice does no harm, another word's would hide one. */
	if (had && k->w == w)
		return 0;
	if (had)
		return datafile_error(d, n, "'%s' is already a %s (%s)", word,
		    vocab_cat_name(w->cat), k->w->name);
	if (count_tokens(word, strlen(word)) > v->max_tokens)
		v->max_tokens = count_tokens(word, strlen(word));
	return 0;
}

static struct vocab_word *
add_word(struct vocab *v, enum vocab_cat cat, const struct node *key,
    struct diag *d)
{
	struct vocab_word *w;
	char word[WORD_MAX + 1];

	if (key->kind != NODE_SCALAR || value_word(key->text, key->len, word) < 0) {
		datafile_error(d, key, "a word must be 1-%d characters", WORD_MAX);
		return NULL;
	}
	if (v->nwords[cat] == v->capwords[cat]) {
		size_t cap = v->capwords[cat] ? v->capwords[cat] * 2 : 32;
		struct vocab_word **p = realloc(v->words[cat], cap * sizeof(*p));

		if (p == NULL) {
			datafile_error(d, key, "out of memory");
			return NULL;
		}
		v->words[cat] = p;
		v->capwords[cat] = cap;
	}
	if ((w = arena_zalloc(v->arena, sizeof(*w))) == NULL ||
	    (w->name = arena_strdup(v->arena, word)) == NULL) {
		datafile_error(d, key, "out of memory");
		return NULL;
	}
	if ((w->display = arena_strdup(v->arena, word)) == NULL) {
		datafile_error(d, key, "out of memory");
		return NULL;
	}
	for (char *c = (char *)w->display; *c != '\0'; c++)
		if (*c == '-')
			*c = ' ';
	w->cat = cat;
	w->index = (int)v->nwords[cat];
	w->effect_days = -1;
	w->src = key;
	v->words[cat][v->nwords[cat]++] = w;
	if (add_key(v, w, key, d) == -1)
		return NULL;
	return w;
}

static int
add_spellings(struct vocab *v, const struct vocab_word *w,
    const struct node *list, struct diag *d)
{
	list = node_resolve(list);
	if (list == NULL)
		return 0;
	if (list->kind != NODE_SEQUENCE)
		return datafile_error(d, list, "expected a list of names");
	for (const struct node *s = list->head; s != NULL; s = s->next)
		if (add_key(v, w, node_resolve(s), d) == -1)
			return -1;
	return 0;
}

/* A display name: text of 1-WORD_MAX characters, none a control one. */
static int
set_display(struct vocab_word *w, const struct node *t, struct diag *d)
{
	t = node_resolve(t);
	if (t->kind != NODE_SCALAR || t->len == 0 || t->len > WORD_MAX ||
	    strlen(t->text) != t->len)
		return datafile_error(d, t, "display: expected a text of 1-%d "
		    "characters", WORD_MAX);
	for (size_t i = 0; i < t->len; i++)
		if ((unsigned char)t->text[i] < ' ' || t->text[i] == 0x7f)
			return datafile_error(d, t, "display: a control character");
	w->display = t->text;
	return 0;
}

/*
 * display: {word: text}: how messages name a word of vocabulary.yaml,
 * where its name with blanks for '-' would not do.  Read once the words
 * are, wherever the section is in the file.
 */
static int
load_display(struct vocab *v, struct diag *d)
{
	const struct node *map = v->display;

	if (map == NULL)
		return 0;
	if (map->kind != NODE_MAPPING)
		return datafile_error(d, map, "display: expected word: text");
	for (const struct node *k = map->head; k != NULL && k->next != NULL;
	    k = k->next->next) {
		const struct node *key = node_resolve(k);
		char word[WORD_MAX + 1];
		int found = 0;

		if (key->kind != NODE_SCALAR ||
		    value_word(key->text, key->len, word) < 0)
			return datafile_error(d, key, "display: expected a word");
		for (int c = 0; c < VOC_MEDICATION; c++)
			for (size_t i = 0; i < v->nwords[c]; i++)
				if (strcmp(v->words[c][i]->name, word) == 0) {
					if (set_display(v->words[c][i], k->next,
					    d) == -1)
						return -1;
					found = 1;
				}
		if (!found)
			return datafile_error(d, key, "display: '%s' is not a word "
			    "of the vocabulary", word);
	}
	return 0;
}

/* What the key of an oral-words word points at: no word, a mark. */
static const struct vocab_word oral_mark;

/*
 * A list of vocabulary.yaml's words that go with the name of a medication
 * or procedure without naming one, keys of their own pseudo-category,
 * VOC_NCAT: name-words (strengths, forms, how often, "and"), mark NULL,
 * with no word; or oral-words, the words that say a medication is taken
 * by mouth, mark &oral_mark, each a name-word too.
 */
static int
load_word_list(struct vocab *v, const struct node *list, const char *name,
    const struct vocab_word *mark, struct diag *d)
{
	if (list->kind != NODE_SEQUENCE)
		return datafile_error(d, list, "%s: expected a list", name);
	for (const struct node *c = list->head; c != NULL; c = c->next) {
		char word[WORD_MAX + 1];
		struct key *k;
		int had;	/* a word given twice does no harm */

		if ((k = make_key(v, VOC_NCAT, mark, node_resolve(c), word, &had,
		    d)) == NULL)
			return -1;
		if (mark != NULL)
			k->w = mark;	/* a name-word already, or new */
	}
	return 0;
}

static int
load_vocabulary(struct vocab *v, const char *dir, struct diag *d)
{
	struct node *root;
	const struct node *k;

	if (datafile_load(dir, "vocabulary.yaml", v->arena, &root, d) == -1)
		return -1;
	if (root->kind != NODE_MAPPING)
		return datafile_error(d, root, "expected a mapping of categories");
	for (k = root->head; k != NULL && k->next != NULL; k = k->next->next) {
		const struct node *words = node_resolve(k->next);
		int cat;

		if (node_is_scalar(k, "keys")) {
			if (load_keys(v, words, d) == -1)
				return -1;
			continue;
		}
		if (node_is_scalar(k, "name-words")) {
			if (load_word_list(v, words, "name-words", NULL, d) == -1)
				return -1;
			continue;
		}
		if (node_is_scalar(k, "oral-words")) {
			if (load_word_list(v, words, "oral-words", &oral_mark,
			    d) == -1)
				return -1;
			continue;
		}
		if (node_is_scalar(k, "display")) {
			v->display = words;	/* once the words are read */
			continue;
		}
		for (cat = 0; cat < VOC_MEDICATION; cat++)
			if (node_is_scalar(k, cat_keys[cat]))
				break;
		if (cat == VOC_MEDICATION)
			return datafile_error(d, k, "unknown category (expected "
			    "concerns, areas, conditions, procedures, keys, "
			    "name-words, oral-words or display)");
		if (words->kind != NODE_MAPPING)
			return datafile_error(d, words,
			    "expected word: [synonyms...]");
		for (const struct node *w = words->head; w != NULL && w->next != NULL;
		    w = w->next->next) {
			struct vocab_word *vw = add_word(v, (enum vocab_cat)cat,
			    node_resolve(w), d);

			if (vw == NULL || add_spellings(v, vw, w->next, d) == -1)
				return -1;
		}
	}
	return load_display(v, d);
}

/* The one copy of a class name; NULL when memory runs out. */
static const char *
intern_class(struct vocab *v, const char *cls)
{
	const char *known = vocab_class(v, cls);

	if (known != NULL)
		return known;
	if (v->nclasses == v->capclasses) {
		size_t cap = v->capclasses ? v->capclasses * 2 : 16;
		const char **p = realloc(v->classes, cap * sizeof(*p));

		if (p == NULL)
			return NULL;
		v->classes = p;
		v->capclasses = cap;
	}
	if ((known = arena_strdup(v->arena, cls)) != NULL)
		v->classes[v->nclasses++] = known;
	return known;
}

static int
load_classes(struct vocab *v, struct vocab_word *w, const struct node *list,
    struct diag *d)
{
	const char **cls;
	int i = 0;

	list = node_resolve(list);
	if (list == NULL || list->kind != NODE_SEQUENCE || list->n == 0)
		return datafile_error(d, list, "expected classes: [class...]");
	if ((cls = arena_alloc(v->arena, list->n * sizeof(*cls))) == NULL)
		return datafile_error(d, list, "out of memory");
	for (const struct node *c = list->head; c != NULL; c = c->next) {
		char word[WORD_MAX + 1];
		const struct node *s = node_resolve(c);

		if (s->kind != NODE_SCALAR || value_word(s->text, s->len, word) < 0)
			return datafile_error(d, s, "a class must be a word");
		if ((cls[i++] = intern_class(v, word)) == NULL)
			return datafile_error(d, s, "out of memory");
	}
	w->classes = cls;
	w->nclasses = i;
	return 0;
}

/* effect: {days: N} or {weeks: N}: how long a medication acts. */
static int
load_effect(struct vocab_word *w, const struct node *e, struct diag *d)
{
	const struct node *k, *n;
	double x;

	if ((e = node_resolve(e)) == NULL)
		return 0;
	if (e->kind != NODE_MAPPING || e->n != 2)
		return datafile_error(d, e, "effect: expected {days: N} or "
		    "{weeks: N}");
	k = node_resolve(e->head);
	n = node_resolve(e->head->next);
	if (value_number(n, &x) == -1 || x != (long)x || x < 0 || x > 365)
		return datafile_error(d, n, "effect: expected a whole number");
	if (node_is_scalar(k, "days"))
		w->effect_days = (int)x;
	else if (node_is_scalar(k, "weeks") && x <= 52)
		w->effect_days = (int)x * 7;
	else
		return datafile_error(d, k, "effect: expected days or weeks");
	return 0;
}

/*
 * Each medication's oral: the medication it is when taken by mouth, read
 * once every medication is known.
 */
static int
load_orals(struct vocab *v, const struct node *root, struct diag *d)
{
	size_t i = 0;

	for (const struct node *k = root->head; k != NULL && k->next != NULL;
	    k = k->next->next, i++) {
		const struct node *o = node_get(node_resolve(k->next), "oral");
		struct vocab_word *w = v->words[VOC_MEDICATION][i];

		if (o == NULL)
			continue;
		if ((o = node_resolve(o))->kind != NODE_SCALAR ||
		    (w->oral = vocab_find(v, VOC_MEDICATION, o->text,
		    o->len)) == NULL)
			return datafile_error(d, o, "oral: expected the name of "
			    "a medication of this file");
		if (w->oral == w || w->oral->oral != NULL)
			return datafile_error(d, o, "oral: expected a "
			    "medication taken by mouth, with no oral: itself");
	}
	return 0;
}

static int
load_medications(struct vocab *v, const char *dir, struct diag *d)
{
	struct node *root;

	if (datafile_load(dir, "medications.yaml", v->arena, &root, d) == -1)
		return -1;
	if (root->kind != NODE_MAPPING)
		return datafile_error(d, root, "expected a mapping of medications");
	for (const struct node *k = root->head; k != NULL && k->next != NULL;
	    k = k->next->next) {
		const struct node *m = node_resolve(k->next);
		struct vocab_word *w;

		if (m->kind != NODE_MAPPING)
			return datafile_error(d, m,
			    "expected {classes: [...], brands: [...]}");
		if ((w = add_word(v, VOC_MEDICATION, node_resolve(k), d)) == NULL ||
		    load_classes(v, w, node_get(m, "classes"), d) == -1 ||
		    load_effect(w, node_get(m, "effect"), d) == -1 ||
		    (node_get(m, "display") != NULL &&
		    set_display(w, node_get(m, "display"), d) == -1) ||
		    add_spellings(v, w, node_get(m, "brands"), d) == -1)
			return -1;
	}
	return load_orals(v, root, d);
}

struct vocab *
vocab_load(const char *dir, struct diag *d)
{
	struct vocab *v = calloc(1, sizeof(*v));

	if (v == NULL || (v->arena = arena_new()) == NULL || grow(v) == -1 ||
	    add_format_keys(v, d) == -1) {
		diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
		vocab_free(v);
		return NULL;
	}
	if (load_vocabulary(v, dir, d) == -1 || load_medications(v, dir, d) == -1 ||
	    add_misplaced_keys(v, d) == -1) {
		vocab_free(v);
		return NULL;
	}
	qsort(v->hints, v->nhints, sizeof(*v->hints), hint_cmp);
	return v;
}

const struct vocab_word *
vocab_find(const struct vocab *v, enum vocab_cat cat, const char *s, size_t n)
{
	char word[WORD_MAX + 1];
	const struct key *k;

	if (value_word(s, n, word) < 0)
		return NULL;
	k = slot(v, cat, word);
	return k->word != NULL ? k->w : NULL;
}

/*
 * The word that tokens t[0..n) of s spell, folded (value_fold()), joined
 * by '-' but where glued, into word; -1 when it is longer than WORD_MAX.
 */
static int
spell(const char *s, const struct token *t, size_t n, char word[WORD_MAX + 1])
{
	size_t len = 0;

	for (size_t i = 0; i < n; i++) {
		if (len + (i > 0 && !t[i].glued) + t[i].len > WORD_MAX)
			return -1;
		if (i > 0 && !t[i].glued)
			word[len++] = '-';
		for (size_t j = 0; j < t[i].len;) {
			size_t olen;

			j += value_fold(s + t[i].off + j, t[i].len - j,
			    word + len, &olen);
			len += olen;
		}
	}
	word[len] = '\0';
	return 0;
}

/* The word that tokens t[0..n) spell in cat; or NULL. */
static const struct vocab_word *
span_word(const struct vocab *v, enum vocab_cat cat, const char *s,
    const struct token *t, size_t n)
{
	char word[WORD_MAX + 1];
	const struct key *k;

	if (spell(s, t, n, word) == -1)
		return NULL;
	k = slot(v, cat, word);
	return k->word != NULL ? k->w : NULL;
}

/* Whether token t of s is a number or one of the name-words. */
static int
filler(const struct vocab *v, const char *s, const struct token *t)
{
	char word[WORD_MAX + 1];

	if (char_kind((unsigned char)s[t->off]) == 1)
		return 1;
	return spell(s, t, 1, word) == 0 && slot(v, VOC_NCAT, word)->word != NULL;
}

/* Whether token t of s is one of the oral-words. */
static int
oral_word(const struct vocab *v, const char *s, const struct token *t)
{
	char word[WORD_MAX + 1];

	return spell(s, t, 1, word) == 0 &&
	    slot(v, VOC_NCAT, word)->w == &oral_mark;
}

/*
 * Each word of the oral-words among the nt tokens t of s (at[i] NULL: no
 * word found there) makes the word found nearest before it, or else after
 * it, its oral counterpart, in at[]: "isotretinoin gel capsules" and
 * "retinoid (oral)" are taken by mouth.
 */
static void
by_mouth(const struct vocab *v, const char *s, const struct token *t,
    size_t nt, const struct vocab_word **at)
{
	for (size_t i = 0; i < nt; i++) {
		const struct vocab_word *w;
		size_t j;

		if (at[i] != NULL || !oral_word(v, s, &t[i]))
			continue;
		for (j = i; j > 0 && at[j - 1] == NULL; j--)
			;
		if (j > 0)
			j--;
		else
			for (j = i + 1; j < nt && at[j] == NULL; j++)
				;
		if (j == nt || (w = at[j])->oral == NULL)
			continue;
		/* The whole span of that word, whichever side it is. */
		for (size_t k = j; k < nt && at[k] == w; k++)
			at[k] = w->oral;
		for (size_t k = j; k > 0 && at[k - 1] == w; k--)
			at[k - 1] = w->oral;
	}
}

int
vocab_find_in(const struct vocab *v, enum vocab_cat first, enum vocab_cat second,
    const char *s, size_t n, struct arena *a, const struct vocab_word ***out,
    size_t *nout, int *unread)
{
	const struct vocab_word *w, **at, **found;
	size_t nt = count_tokens(s, n), k = 0, nf = 0;
	struct token *t;

	*out = NULL;
	*nout = 0;
	*unread = 0;
	/* The whole name first: "Epiduo Forte", "retin_a", "Crow's Feet". */
	if ((w = vocab_find(v, first, s, n)) != NULL ||
	    (second != VOC_NCAT && (w = vocab_find(v, second, s, n)) != NULL)) {
		if ((found = arena_alloc(a, sizeof(*found))) == NULL)
			return -1;
		found[0] = w;
		*out = found;
		*nout = 1;
		return 0;
	}
	if (nt == 0)
		return 0;	/* no word to read: the caller sees none found */
	t = arena_alloc(a, nt * sizeof(*t));
	at = arena_zalloc(a, nt * sizeof(*at));
	found = arena_alloc(a, nt * sizeof(*found));
	if (t == NULL || at == NULL || found == NULL)
		return -1;
	for (size_t pos = 0; k < nt && next_token(s, n, &pos, &t[k]); k++)
		;
	/*
	 * Longest spans first, so that "benzoyl peroxide" is one word and
	 * "Epiduo Forte" not Epiduo and an unknown "Forte"; a word's tokens
	 * are not read again as part of another.  at[i] marks a token in a
	 * span found, the word at the span's first token.
	 */
	for (size_t len = v->max_tokens < nt ? v->max_tokens : nt; len > 0; len--)
		for (size_t i = 0; i + len <= nt; i++) {
			size_t j;

			for (j = i; j < i + len && at[j] == NULL; j++)
				;
			if (j < i + len)
				continue;
			if ((w = span_word(v, first, s, t + i, len)) == NULL &&
			    second != VOC_NCAT)
				w = span_word(v, second, s, t + i, len);
			if (w == NULL)
				continue;
			for (j = i; j < i + len; j++)
				at[j] = w;
			found[nf++] = w;	/* counted here, ordered below */
			i += len - 1;
		}
	by_mouth(v, s, t, nt, at);
	/* In the order of the name, each word once; and whether a word is
	 * left that names nothing known. */
	nf = 0;
	for (size_t i = 0; i < nt; i++) {
		size_t j;

		if (at[i] == NULL && !filler(v, s, &t[i]))
			*unread = 1;
		if (at[i] == NULL || (i > 0 && at[i - 1] == at[i]))
			continue;
		for (j = 0; j < nf && found[j] != at[i]; j++)
			;
		if (j == nf)
			found[nf++] = at[i];
	}
	*out = found;
	*nout = nf;
	return 0;
}

size_t
vocab_count(const struct vocab *v, enum vocab_cat cat)
{
	return v->nwords[cat];
}

const struct vocab_word *
vocab_at(const struct vocab *v, enum vocab_cat cat, size_t i)
{
	return i < v->nwords[cat] ? v->words[cat][i] : NULL;
}

const char *
vocab_class(const struct vocab *v, const char *cls)
{
	for (size_t i = 0; i < v->nclasses; i++)
		if (strcmp(v->classes[i], cls) == 0)
			return v->classes[i];
	return NULL;
}

int
vocab_has_class(const struct vocab *v, const char *cls)
{
	return vocab_class(v, cls) != NULL;
}

void
vocab_free(struct vocab *v)
{
	if (v == NULL)
		return;
	for (int c = 0; c < VOC_NCAT; c++)
		free(v->words[c]);
	free(v->classes);
	free(v->hints);
	free(v->table);
	arena_free(v->arena);
	free(v);
}

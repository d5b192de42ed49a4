#include "node.h"

#include <stdlib.h>
#include <string.h>

const struct node *
node_resolve(const struct node *n)
{
	if (n != NULL && n->kind == NODE_ALIAS)
		return n->target;
	return n;
}

int
node_is_scalar(const struct node *n, const char *text)
{
	n = node_resolve(n);
	/* By length too: a key "id\0x" is not "id". */
	/* The first byte first: most keys looked at are not the one. */
	return n != NULL && n->kind == NODE_SCALAR && n->text[0] == text[0] &&
	    n->len == strlen(text) && memcmp(n->text, text, n->len) == 0;
}

const struct node *
node_get_key(const struct node *map, const char *key)
{
	const struct node *k;

	map = node_resolve(map);
	if (map == NULL || map->kind != NODE_MAPPING)
		return NULL;
	for (k = map->head; k != NULL && k->next != NULL; k = k->next->next)
		if (node_is_scalar(k, key))
			return k;
	return NULL;
}

const struct node *
node_get_key_again(const struct node *map, const char *key)
{
	const struct node *k = node_get_key(map, key);

	for (k = k != NULL ? k->next->next : NULL; k != NULL && k->next != NULL;
	    k = k->next->next)
		if (node_is_scalar(k, key))
			return k;
	return NULL;
}

const struct node *
node_get(const struct node *map, const char *key)
{
	const struct node *k = node_get_key(map, key);

	return k != NULL ? node_resolve(k->next) : NULL;
}

struct node *
node_scalar_ref(struct arena *a, const char *text, enum node_style style)
{
	struct node *n = arena_zalloc(a, sizeof(*n));

	if (n == NULL)
		return NULL;
	n->kind = NODE_SCALAR;
	n->style = style;
	n->implicit = n->quoted_implicit = 1;
	n->len = strlen(text);
	n->text = (char *)text;	/* not owned, and nothing writes a node's text */
	return n;
}

struct node *
node_scalar(struct arena *a, const char *text, enum node_style style)
{
	struct node *n = node_scalar_ref(a, text, style);

	if (n != NULL && (n->text = arena_strndup(a, text, n->len)) == NULL)
		return NULL;
	return n;
}

struct node *
node_collection(struct arena *a, enum node_kind kind, enum node_cstyle style)
{
	struct node *n = arena_zalloc(a, sizeof(*n));

	if (n == NULL)
		return NULL;
	n->kind = kind;
	n->style = style;
	n->implicit = 1;
	return n;
}

void
node_append(struct node *coll, struct node *child)
{
	child->next = NULL;
	if (coll->tail != NULL)
		coll->tail->next = child;
	else
		coll->head = child;
	coll->tail = child;
	coll->n++;
}

int
node_map_add(struct arena *a, struct node *map, const char *key,
    struct node *value)
{
	struct node *k = node_scalar_ref(a, key, STYLE_PLAIN);

	if (k == NULL || value == NULL)
		return -1;
	node_append(map, k);
	node_append(map, value);
	return 0;
}

int
node_map_add_text(struct arena *a, struct node *map, const char *key,
    const char *text)
{
	return node_map_add(a, map, key, node_scalar(a, text, STYLE_PLAIN));
}

static void
mark_replaced(struct node *n)
{
	for (; n != NULL; n = n->next) {
		n->replaced = 1;
		if (n->kind == NODE_SEQUENCE || n->kind == NODE_MAPPING)
			mark_replaced(node_first(n));
	}
}

/*
 * A node of a replaced value that an alias brought back, but that an
 * earlier alias had already taken (moved): it becomes an alias to that
 * one, which comes first in the document and carries the anchor.  It
 * stays marked, so that later aliases to it are turned to the same node.
 */
static int
alias_to_moved(struct arena *a, struct node *n)
{
	static char empty[] = "";
	char *name = arena_strdup(a, n->moved->anchor);

	if (name == NULL)
		return -1;
	n->kind = NODE_ALIAS;
	n->target = n->moved;
	n->anchor = name;	/* the moved node's own is spent once written */
	n->tag = NULL;
	n->text = empty;
	n->len = 0;
	n->head = n->tail = NULL;
	n->n = 0;
	return 0;
}

/*
 * The first alias (in document order) to an anchored node of a replaced
 * value becomes that node, anchor and all; later aliases point at it.  The
 * nodes under it are in the document again: those an earlier alias took
 * become aliases to it, the others are no longer replaced.
 */
static int
adopt_aliases(struct arena *a, struct node *n, size_t *moves)
{
	for (; n != NULL; n = n->next) {
		if (n->replaced && n->moved != NULL) {
			if (alias_to_moved(a, n) == -1)
				return -1;
			++*moves;
			continue;
		}
		n->replaced = 0;
		if (n->kind == NODE_ALIAS && n->target->replaced) {
			struct node *t = n->target;

			if (t->moved != NULL) {
				n->target = t->moved;
			} else {
				struct node *next = n->next;

				*n = *t;	/* the node, children and all */
				n->next = next;
				n->replaced = 0;
				t->moved = n;
			}
			++*moves;
		}
		if ((n->kind == NODE_SEQUENCE || n->kind == NODE_MAPPING) &&
		    adopt_aliases(a, node_first(n), moves) == -1)
			return -1;
	}
	return 0;
}

/* The anchors the nodes from n on define, into v (when not NULL); their number. */
static size_t
anchors(const struct node *n, const char **v)
{
	size_t k = 0;

	for (; n != NULL; n = n->next) {
		if (n->kind != NODE_ALIAS && n->anchor != NULL) {
			if (v != NULL)
				v[k] = n->anchor;
			k++;
		}
		if (n->kind == NODE_SEQUENCE || n->kind == NODE_MAPPING)
			k += anchors(node_first(n), v != NULL ? v + k : NULL);
	}
	return k;
}

static int
by_name(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/*
 * Whether an anchor name is defined twice in the map: 1, or -1 when memory
 * runs out.  An alias refers to the last node defined with its name, so
 * once nodes have moved, a second definition may come between a moved
 * node and its aliases and take them.
 */
static int
anchor_twice(struct arena *a, const struct node *map)
{
	size_t n = anchors(node_first(map), NULL) + (map->anchor != NULL);
	const char **v;

	if (n < 2)
		return 0;
	if ((v = arena_alloc(a, n * sizeof(*v))) == NULL)
		return -1;
	if (map->anchor != NULL)
		v[n - 1] = map->anchor;
	anchors(node_first(map), v);
	qsort(v, n, sizeof(*v), by_name);
	for (size_t i = 1; i < n; i++)
		if (strcmp(v[i - 1], v[i]) == 0)
			return 1;
	return 0;
}

/* node_map_set() on the pairs as written, held by w. */
static int
set_written(struct arena *a, struct node *map, struct node *w,
    const char *key, struct node *value, struct node **old)
{
	struct node *k;

	for (k = w->head; k != NULL && k->next != NULL; k = k->next->next) {
		if (node_is_scalar(k, key)) {
			struct node *was = k->next;
			size_t moves = 0;

			value->next = was->next;
			k->next = value;
			if (w->tail == was)
				w->tail = value;
			was->next = NULL;
			mark_replaced(was);
			*old = was;
			if (adopt_aliases(a, w->head, &moves) == -1)
				return -1;
			if (moves == 0)
				return 0;
			switch (anchor_twice(a, map)) {
			case 0:
				return 1;
			case 1:
				return -2;
			default:
				return -1;
			}
		}
	}
	return node_map_add(a, w, key, value);
}

int
node_map_set(struct arena *a, struct node *map, const char *key,
    struct node *value, struct node **old)
{
	const struct node *bad;
	int r;

	*old = NULL;
	if (value == NULL)
		return -1;
	r = set_written(a, map, map->src != NULL ? map->src : map, key, value,
	    old);
	/* What the mapping means changed with what it says. */
	if (r != -1 && map->src != NULL && node_merge(a, map, &bad) == -1)
		return -1;
	return r;
}

/* One pair of a mapping with merge keys. */
struct mpair {
	struct node *k, *v;
	size_t rank;		/* who gives it: 0 the mapping, else the
				 * rank-th mapping merged; the lowest wins */
	size_t ord;		/* its place among the pairs it means */
};

int
node_is_merge_key(const struct node *k)
{
	k = node_resolve(k);
	if (k->kind != NODE_SCALAR || k->len != 2 || memcmp(k->text, "<<", 2) != 0)
		return 0;
	if (k->tag != NULL)
		return strcmp(k->tag, "tag:yaml.org,2002:merge") == 0;
	return k->style == STYLE_PLAIN;
}

/* Pairs first by key text (scalar keys; others are each their own), then by rank. */
static int
by_key(const void *x, const void *y)
{
	const struct mpair *p = x, *q = y;
	const struct node *a = node_resolve(p->k), *b = node_resolve(q->k);
	int sa = a->kind == NODE_SCALAR, sb = b->kind == NODE_SCALAR, c;

	if (sa != sb)
		return sa ? -1 : 1;
	if (sa) {
		c = memcmp(a->text, b->text, a->len < b->len ? a->len : b->len);
		if (c != 0)
			return c;
		if (a->len != b->len)
			return a->len < b->len ? -1 : 1;
		if (p->rank != q->rank)
			return p->rank < q->rank ? -1 : 1;
	}
	return p->ord < q->ord ? -1 : p->ord > q->ord;
}

/* Pairs by rank, then in their order: the mapping's own keys first. */
static int
by_rank(const void *x, const void *y)
{
	const struct mpair *p = x, *q = y;

	if (p->rank != q->rank)
		return p->rank < q->rank ? -1 : 1;
	return p->ord < q->ord ? -1 : p->ord > q->ord;
}

static int
same_key(const struct mpair *p, const struct mpair *q)
{
	const struct node *a = node_resolve(p->k), *b = node_resolve(q->k);

	return a->kind == NODE_SCALAR && b->kind == NODE_SCALAR &&
	    a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

/* An alias to what n stands for: a pair of the mapping as it is meant. */
static struct node *
alias_of(struct arena *a, const struct node *n)
{
	struct node *t = (struct node *)node_resolve(n);
	struct node *al = arena_zalloc(a, sizeof(*al));

	if (al == NULL)
		return NULL;
	al->kind = NODE_ALIAS;
	al->target = t;
	al->line = t->line;
	al->col = t->col;
	al->weight = t->weight;
	return al;
}

/* Adds the pairs of mapping m (as it is meant) to v from *n on, ranked r. */
static void
add_pairs(struct mpair *v, size_t *n, const struct node *m, size_t r)
{
	for (struct node *k = m->head; k != NULL && k->next != NULL;
	    k = k->next->next) {
		v[*n] = (struct mpair){k, k->next, r, *n};
		++*n;
	}
}

/*
 * The mappings the value of merge key k gives: itself, or the items of a
 * list, in order.  Counted into *nmaps and *npairs, or, with v, their
 * pairs added to v from *n on, the i-th ranked base + i.  Returns 0, or
 * -1 when the value is no mapping or list of mappings.
 */
static int
merged(const struct node *k, struct mpair *v, size_t *n, size_t base,
    size_t *nmaps, size_t *npairs)
{
	const struct node *m = node_resolve(k->next), *e;
	size_t i = 0;

	if (m->kind == NODE_MAPPING) {
		e = NULL;
	} else if (m->kind == NODE_SEQUENCE) {
		e = m->head;
		m = e != NULL ? node_resolve(e) : NULL;
	} else
		return -1;
	for (; m != NULL; i++) {
		if (m->kind != NODE_MAPPING)
			return -1;
		if (v != NULL)
			add_pairs(v, n, m, base + i);
		else {
			++*nmaps;
			*npairs += m->n / 2;
		}
		e = e != NULL ? e->next : NULL;
		m = e != NULL ? node_resolve(e) : NULL;
	}
	return 0;
}

/*
 * Of the pairs with one key, those of the highest ranked giver stay: all
 * of them, so that a key given twice there is still seen twice.  The rest
 * get a NULL key.
 */
static void
drop_overridden(struct mpair *v, size_t n)
{
	qsort(v, n, sizeof(*v), by_key);
	for (size_t i = 1, g = 0; i < n; i++) {
		if (same_key(&v[g], &v[i])) {
			if (v[i].rank != v[g].rank)
				v[i].k = NULL;
		} else
			g = i;
	}
	qsort(v, n, sizeof(*v), by_rank);
}

int
node_merge(struct arena *a, struct node *map, const struct node **bad)
{
	struct node *w = map->src != NULL ? map->src : map, *k;
	struct mpair *v;
	size_t nkeys = 0, nmaps = 0, npairs = 0, n = 0, mk = 0;

	/* Ranks: the mappings of later merge keys first, a list in order. */
	*bad = NULL;
	for (k = w->head; k != NULL && k->next != NULL; k = k->next->next) {
		if (!node_is_merge_key(k)) {
			npairs++;
			continue;
		}
		nkeys++;
		if (merged(k, NULL, NULL, 0, &nmaps, &npairs) == -1) {
			*bad = k;
			return -2;
		}
	}
	if (nkeys == 0 && map->src == NULL)
		return 0;
	if ((v = arena_alloc(a, (npairs + 1) * sizeof(*v))) == NULL)
		return -1;
	for (k = w->head; k != NULL && k->next != NULL; k = k->next->next) {
		size_t base = (nkeys - 1 - mk) * (nmaps + 1) + 1;

		if (!node_is_merge_key(k)) {
			v[n] = (struct mpair){k, k->next, 0, n};
			n++;
			continue;
		}
		mk++;
		merged(k, v, &n, base, NULL, NULL);
	}
	drop_overridden(v, n);
	if (map->src == NULL) {
		struct node *src = arena_zalloc(a, sizeof(*src));

		if (src == NULL)
			return -1;
		src->kind = NODE_MAPPING;
		src->head = map->head;
		src->tail = map->tail;
		src->n = map->n;
		map->src = src;
	}
	map->head = map->tail = NULL;
	map->n = 0;
	for (size_t i = 0; i < n; i++) {
		struct node *ka, *va;

		if (v[i].k == NULL)
			continue;
		if ((ka = alias_of(a, v[i].k)) == NULL ||
		    (va = alias_of(a, v[i].v)) == NULL)
			return -1;
		node_append(map, ka);
		node_append(map, va);
	}
	return 0;
}

/* Whether p, a pair of a mapping as it is meant, is pair q of the mapping
 * merged in: the same key and value (node_merge() made p of q). */
static int
same_pair(const struct node *p, const struct node *q)
{
	return p != NULL && p->next != NULL && q->next != NULL &&
	    node_resolve(p) == node_resolve(q) &&
	    node_resolve(p->next) == node_resolve(q->next);
}

/* How many pairs from *p on merge key k gave, in order; *p moves past them. */
static size_t
merged_from(const struct node *k, const struct node **p)
{
	const struct node *m = node_resolve(k->next), *e = NULL, *q;
	size_t n = 0;

	if (m->kind == NODE_SEQUENCE) {
		e = m->head;
		m = e != NULL ? node_resolve(e) : NULL;
	}
	for (; m != NULL; m = e != NULL ? node_resolve(e) : NULL) {
		if (m->kind == NODE_MAPPING)
			for (q = m->head; q != NULL && q->next != NULL;
			    q = q->next->next)
				if (same_pair(*p, q)) {
					n++;
					*p = (*p)->next->next;
				}
		e = e != NULL ? e->next : NULL;
	}
	return n;
}

void
node_merge_groups(const struct node *map, const struct node **first,
    size_t *count)
{
	const struct node *p = map->head, *k;
	size_t nkeys = 0, own = 0;

	/* Its own pairs come first, all of them, in order; first holds the
	 * merge keys for now. */
	for (k = map->src->head; k != NULL && k->next != NULL; k = k->next->next)
		if (node_is_merge_key(k))
			first[nkeys++] = k;
		else
			own++;
	for (; own > 0 && p != NULL && p->next != NULL; own--)
		p = p->next->next;
	/* Then those of each merge key, the later key's first. */
	for (size_t i = nkeys; i-- > 0;) {
		k = first[i];
		first[i] = p;
		count[i] = merged_from(k, &p);
	}
	/* Any left (none, as node_merge() orders them) go with the first. */
	for (; nkeys > 0 && p != NULL && p->next != NULL; p = p->next->next)
		count[0]++;
}

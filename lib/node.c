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
	return n != NULL && n->kind == NODE_SCALAR && n->len == strlen(text) &&
	    memcmp(n->text, text, n->len) == 0;
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
			mark_replaced(n->head);
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

				node_release_one(n);	/* the alias's own name */
				*n = *t;	/* strings and children move to n */
				n->next = next;
				n->replaced = 0;
				t->owned = 0;
				t->moved = n;
			}
			++*moves;
		}
		if ((n->kind == NODE_SEQUENCE || n->kind == NODE_MAPPING) &&
		    adopt_aliases(a, n->head, moves) == -1)
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
			k += anchors(n->head, v != NULL ? v + k : NULL);
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
	size_t n = anchors(map->head, NULL) + (map->anchor != NULL);
	const char **v;

	if (n < 2)
		return 0;
	if ((v = arena_alloc(a, n * sizeof(*v))) == NULL)
		return -1;
	if (map->anchor != NULL)
		v[n - 1] = map->anchor;
	anchors(map->head, v);
	qsort(v, n, sizeof(*v), by_name);
	for (size_t i = 1; i < n; i++)
		if (strcmp(v[i - 1], v[i]) == 0)
			return 1;
	return 0;
}

int
node_map_set(struct arena *a, struct node *map, const char *key,
    struct node *value, struct node **old)
{
	struct node *k;

	*old = NULL;
	if (value == NULL)
		return -1;
	for (k = map->head; k != NULL && k->next != NULL; k = k->next->next) {
		if (node_is_scalar(k, key)) {
			struct node *was = k->next;
			size_t moves = 0;

			value->next = was->next;
			k->next = value;
			if (map->tail == was)
				map->tail = value;
			was->next = NULL;
			mark_replaced(was);
			*old = was;
			if (adopt_aliases(a, map->head, &moves) == -1)
				return -1;
			if (moves == 0)
				return 0;
			switch (anchor_twice(a, map)) {
			case 0:
				return 0;
			case 1:
				return -2;
			default:
				return -1;
			}
		}
	}
	return node_map_add(a, map, key, value);
}

void
node_release_one(struct node *n)
{
	static char empty[] = "";

	if (!n->owned)
		return;
	free(n->text);
	free(n->tag);
	free(n->anchor);
	n->text = empty;
	n->len = 0;
	n->tag = n->anchor = NULL;
	n->owned = 0;
}

void
node_release(struct node *n)
{
	for (; n != NULL; n = n->next) {
		node_release_one(n);
		if (n->kind == NODE_SEQUENCE || n->kind == NODE_MAPPING)
			node_release(n->head);
	}
}

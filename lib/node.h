/*
 * node: one YAML document as a tree that keeps what a round trip needs:
 * scalar text and style, tags, anchors and aliases, key order, collection
 * style, and the source position of every node.  Nodes and their
 * strings live in the record's arena (arena.h), their one owner: a tree
 * is gone when the arena is reset, and nothing else frees any of it.
 */
#ifndef DERMA_NODE_H
#define DERMA_NODE_H

#include <stddef.h>

#include "arena.h"

enum node_kind { NODE_SCALAR, NODE_SEQUENCE, NODE_MAPPING, NODE_ALIAS };

/* Scalar styles, as libyaml numbers them (yaml_scalar_style_t). */
enum node_style {
	STYLE_ANY = 0, STYLE_PLAIN, STYLE_SINGLE, STYLE_DOUBLE, STYLE_LITERAL,
	STYLE_FOLDED
};
/* Collection styles, as libyaml numbers them. */
enum node_cstyle { CSTYLE_ANY = 0, CSTYLE_BLOCK, CSTYLE_FLOW };

/* new_node() in parse.c sets each field by itself: add new ones there. */
struct node {
	enum node_kind kind;
	unsigned char style;	/* node_style, or node_cstyle for collections */
	unsigned char implicit;	/* tag may be omitted (plain_implicit) */
	unsigned char quoted_implicit;	/* scalars: tag may be omitted when quoted */
	char *tag;		/* NULL when none */
	char *anchor;		/* anchor name, or the name an alias refers to */
	unsigned line;		/* 1-based source position; 0 for made nodes */
	unsigned col;
	char *text;		/* scalar text, NUL-terminated */
	size_t len;		/* its length in bytes (it may hold NULs) */
	struct node *head;	/* collections: first child; a mapping's */
	struct node *tail;	/*   children alternate key, value */
	size_t n;		/* number of children */
	struct node *next;	/* next sibling */
	union {
		struct node *target;	/* alias: the anchored node it
					 * stands for */
		struct node *src;	/* mapping: with merge keys, a
					 * mapping of its pairs as written,
					 * "<<" and all (node_merge()); else
					 * NULL */
	};
	size_t weight;		/* nodes in it, aliases expanded */
	struct node *moved;	/* set in a replaced value: the alias that
				 * took this anchored node's place */
	unsigned char replaced;	/* in a value node_map_set() replaced */
};

/*
 * The first child as written: what writers write and what the tree owns.
 * For a mapping with merge keys, head..tail are the pairs it means, as
 * readers want them (node_get(), walks over head), and these are the
 * pairs the document gave.
 */
static inline struct node *
node_first(const struct node *n)
{
	return n->kind == NODE_MAPPING && n->src != NULL ? n->src->head : n->head;
}

/* The node an alias stands for (the node itself when not an alias). */
const struct node *node_resolve(const struct node *n);
/* A mapping's value for a plain key, resolving aliases; NULL when absent. */
const struct node *node_get(const struct node *map, const char *key);
/* The key node of that pair, for positions; NULL when absent. */
const struct node *node_get_key(const struct node *map, const char *key);
/* The second key node for key, when the map gives it twice; else NULL. */
const struct node *node_get_key_again(const struct node *map, const char *key);
/* Whether n is (or is an alias to) the scalar text, NULs and all. */
int node_is_scalar(const struct node *n, const char *text);

/* Building (for blocks a tool adds).  Each returns NULL when memory runs out. */
struct node *node_scalar(struct arena *a, const char *text, enum node_style style);
/* The same without a copy: text must outlive the tree (a literal, a rule's
 * text, or a string in the same arena). */
struct node *node_scalar_ref(struct arena *a, const char *text,
    enum node_style style);
struct node *node_collection(struct arena *a, enum node_kind kind,
    enum node_cstyle style);
void node_append(struct node *coll, struct node *child);
/* Appends key: value to a mapping; -1 when memory runs out.  The key is
 * not copied: it must outlive the tree, as literals do. */
int node_map_add(struct arena *a, struct node *map, const char *key,
    struct node *value);
int node_map_add_text(struct arena *a, struct node *map, const char *key,
    const char *text);
/*
 * Replaces the value of key (or of an alias to it) in place, or appends
 * key: value.  *old is the value replaced (NULL when none).  An alias
 * elsewhere in the map to a node of the old value takes that node's
 * place, so the record keeps its content.  Returns 0; 1 when such an
 * alias took a node's place (the record is no longer as it came, but
 * for the block); -1 when memory runs out; -2 when an alias was moved
 * and an anchor name is defined twice in the map, so that the record
 * written could no longer say which node an alias stands for.
 */
int node_map_set(struct arena *a, struct node *map, const char *key,
    struct node *value, struct node **old);

/*
 * Reads the merge keys of a finished mapping as YAML 1.1 does ("<<: *a",
 * "<<: [*a, *b]", "<<: {...}", plain or tagged !!merge): head..tail
 * become its own pairs but "<<", then those merged in that no key of its
 * own (or of a mapping merged before) gives; of a list, the first mapping
 * wins, of two "<<" keys the later, and their pairs come in that order
 * (the later key's first, a list's mappings in order, each in its key
 * order).  They are aliases to the nodes, made in a; src keeps the pairs
 * as written.  A mapping merged in was merged first itself.  Returns 0
 * (also when there is no merge key), -1 when memory runs out, -2 when a
 * merge key's value is not a mapping or a list of mappings (*bad: that
 * key).
 */
int node_merge(struct arena *a, struct node *map, const struct node **bad);
/* Whether k, a key of a mapping as written (src), is a merge key. */
int node_is_merge_key(const struct node *k);
/*
 * For a writer that writes a mapping with merge keys (src set) as the
 * mapping it means: which pairs of head..tail each merge key gave.  For
 * the i-th merge key of src, first[i] is the first of them and count[i]
 * how many there are from it on, in the order of the mappings it merged
 * (a list's in order), each in its key order, but for the keys another
 * wins.  Each array has room for one entry a merge key.  The pairs of
 * head..tail no merge key gave are the mapping's own, first, in order.
 */
void node_merge_groups(const struct node *map, const struct node **first,
    size_t *count);


#endif

/*
 * emit: one document written as YAML through libyaml's emitter (styles,
 * tags, anchors and key order kept) or as one line of JSON.
 */
#ifndef DERMA_EMIT_H
#define DERMA_EMIT_H

#include "buf.h"
#include "diag.h"
#include "node.h"

/*
 * Appends the document to out, starting with "---".  The bytes depend on
 * the document alone, so documents written apart can be joined in order.
 * Returns 0, or -1 with d filled.
 */
int emit_yaml(const struct node *doc, struct buf *out, struct diag *d);
/* Appends the document as one JSON object (or value) and a newline. */
int emit_json(const struct node *doc, struct buf *out, struct diag *d);
/* Appends a JSON string literal for n bytes of s. */
int emit_json_string(struct buf *out, const char *s, size_t n);

#endif

/*
 * emit: one document written as YAML through libyaml's emitter (styles,
 * tags, anchors and key order kept) or as one line of JSON.
 */
#ifndef DERMA_EMIT_H
#define DERMA_EMIT_H

#include "buf.h"
#include "diag.h"
#include "node.h"
#include "parse.h"

/*
 * A YAML writer: one libyaml emitter kept open across documents, so that
 * a stream of records costs one emitter, not one per record.
 */
struct emit_writer;

struct emit_writer *emit_writer_new(void);
/*
 * Appends the document to out, starting with "---".  The bytes depend on
 * the document alone, not on what the writer wrote before, so documents
 * written apart (by other threads) can be joined in order.  The tree is
 * left as it was.  Returns 0, or -1 with d filled (the writer is then
 * spent: free it).
 */
int emit_writer_doc(struct emit_writer *w, const struct node *doc,
    struct buf *out, struct diag *d);
void emit_writer_free(struct emit_writer *w);
/* The same with a writer of its own. */
int emit_yaml(const struct node *doc, struct buf *out, struct diag *d);
/*
 * Appends the document as one JSON object (or value) and a newline.  JSON
 * writes aliases out in full, and a complex key as a string of its JSON
 * text: what aliases write may not pass lim->record bytes, nor the text of
 * a key lim->scalar; two keys that JSON cannot tell apart (1 and "1", null
 * and ~) are an error too.  Returns 0, or -1 with d filled (DIAG_DATA for
 * those, DIAG_INTERNAL when memory runs out) and out as it was.
 */
int emit_json_within(const struct node *doc, const struct limits *lim,
    struct buf *out, struct diag *d);
/* The same within limits_default. */
int emit_json(const struct node *doc, struct buf *out, struct diag *d);
/* Appends a JSON string literal for n bytes of s. */
int emit_json_string(struct buf *out, const char *s, size_t n);

#endif

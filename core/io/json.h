/*
 * json.h - writing JSON text: escaped strings and scalars into an sbuf.
 * baodao only writes JSON (explain --json, reports); it never parses it.
 * These are the old hand-splicing helpers, now wrappers over emit.h's
 * escaping; new output goes through the writer (emit_open_*), and this
 * header goes when the last caller has moved.
 */
#ifndef BAODAO_JSON_H
#define BAODAO_JSON_H

#include "util.h"

/* "s" with quotes and escapes (invalid UTF-8 as U+FFFD); null when s is
 * NULL. */
void  json_str(struct sbuf *b, const char *s);
/* A number as JSON: integers exactly, others with 15 significant digits. */
void  json_num(struct sbuf *b, double v);
void  json_int(struct sbuf *b, long long v);
/* A stored JSON scalar text, or null when NULL. */
void  json_raw(struct sbuf *b, const char *text);

#endif

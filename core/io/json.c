/*
 * json.c - JSON scalars into an sbuf, for the callers not yet moved to
 * the writer (emit.h); the escaping and number formats are emit's.
 */
#include "emit.h"
#include "json.h"

void
json_str(struct sbuf *b, const char *s)
{
	emit_json_str(b, s);
}

void
json_num(struct sbuf *b, double v)
{
	emit_json_num(b, v);
}

void
json_int(struct sbuf *b, long long v)
{
	emit_json_int(b, v);
}

void
json_raw(struct sbuf *b, const char *text)
{
	sbuf_adds(b, text ? text : "null");
}

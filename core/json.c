/*
 * json.c - JSON text output.
 */
#include <math.h>
#include <stdio.h>

#include "json.h"

void
json_str(struct sbuf *b, const char *s)
{
	if (s == NULL) {
		sbuf_adds(b, "null");
		return;
	}
	sbuf_addc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': sbuf_adds(b, "\\\""); break;
		case '\\': sbuf_adds(b, "\\\\"); break;
		case '\n': sbuf_adds(b, "\\n"); break;
		case '\r': sbuf_adds(b, "\\r"); break;
		case '\t': sbuf_adds(b, "\\t"); break;
		default:
			if (*p < 0x20)
				sbuf_addf(b, "\\u%04x", *p);
			else
				sbuf_addc(b, (char)*p);
			break;
		}
	}
	sbuf_addc(b, '"');
}

void
json_num(struct sbuf *b, double v)
{
	if (!isfinite(v))
		sbuf_adds(b, "null");
	else if (v == floor(v) && fabs(v) < 9e15)
		sbuf_addf(b, "%lld", (long long)v);
	else
		sbuf_addf(b, "%.15g", v);
}

void
json_int(struct sbuf *b, long long v)
{
	sbuf_addf(b, "%lld", v);
}

void
json_raw(struct sbuf *b, const char *text)
{
	sbuf_adds(b, text ? text : "null");
}

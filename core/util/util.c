/*
 * util.c - allocation, growable strings, error records, message language.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static int lang_zh;

static void
oom(void)
{
	fputs("baodao: out of memory\n", stderr);
	exit(EXIT_ENV);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	struct sbuf b;
	va_list ap;

	sbuf_init(&b);
	va_start(ap, fmt);
	{
		va_list aq;
		int n;

		va_copy(aq, ap);
		n = vsnprintf(NULL, 0, fmt, aq);
		va_end(aq);
		if (n < 0)
			n = 0;
		b.s = xrealloc(b.s, (size_t)n + 1);
		b.cap = (size_t)n + 1;
		vsnprintf(b.s, b.cap, fmt, ap);
		b.len = (size_t)n;
	}
	va_end(ap);
	return b.s;
}

int
error_setv(struct error *e, int code, const char *fmt, va_list ap)
{
	if (e == NULL || e->code != 0)
		return -1;
	e->code = code;
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	/* The contract is one line per error: fold any newline a library gave. */
	for (char *p = e->msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return -1;
}

int
error_set(struct error *e, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_setv(e, code, fmt, ap);
	va_end(ap);
	return -1;
}

void
error_clear(struct error *e)
{
	e->code = 0;
	e->msg[0] = '\0';
}

void
sbuf_init(struct sbuf *b)
{
	b->s = NULL;
	b->len = 0;
	b->cap = 0;
}

static void
sbuf_grow(struct sbuf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 64;
	while (b->cap < need)
		b->cap *= 2;
	b->s = xrealloc(b->s, b->cap);
}

void
sbuf_add(struct sbuf *b, const char *s, size_t n)
{
	sbuf_grow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
sbuf_adds(struct sbuf *b, const char *s)
{
	sbuf_add(b, s, strlen(s));
}

void
sbuf_addc(struct sbuf *b, char c)
{
	/* Not through sbuf_add(): the CSV reader ends every field with one. */
	sbuf_grow(b, 1);
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
}

void
sbuf_addf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap, aq;
	int n;

	va_start(ap, fmt);
	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n > 0) {
		sbuf_grow(b, (size_t)n);
		vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
		b->len += (size_t)n;
	}
	va_end(ap);
}

void
sbuf_reset(struct sbuf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

char *
sbuf_detach(struct sbuf *b)
{
	char *s = b->s ? b->s : xstrdup("");

	sbuf_init(b);
	return s;
}

void
sbuf_free(struct sbuf *b)
{
	free(b->s);
	sbuf_init(b);
}

char *
util_read_file(const char *path, size_t *len, struct error *e)
{
	FILE *f = fopen(path, "rb");
	struct sbuf b;
	char chunk[65536];
	size_t n;

	if (f == NULL) {
		error_set(e, EXIT_USAGE, "%s: %s", path, strerror(errno));
		return NULL;
	}
	sbuf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		sbuf_add(&b, chunk, n);
	if (ferror(f)) {
		error_set(e, EXIT_ENV, "%s: %s", path, strerror(errno));
		fclose(f);
		sbuf_free(&b);
		return NULL;
	}
	fclose(f);
	if (b.s == NULL)
		sbuf_add(&b, "", 0);
	if (len)
		*len = b.len;
	return b.s;
}

int
util_write_file(const char *path, const char *text, size_t len, struct error *e)
{
	FILE *f = fopen(path, "w");
	int ok, err;

	if (f == NULL)
		return error_set(e, EXIT_ENV, "%s: %s", path, strerror(errno));
	/* fclose is called once whatever happened: after a failed fclose the
	 * stream is gone, and a second call is undefined. */
	ok = fwrite(text, 1, len, f) == len;
	err = errno;
	if (fclose(f) != 0 && ok) {
		ok = 0;
		err = errno;
	}
	return ok ? 0 : error_set(e, EXIT_ENV, "%s: %s", path, strerror(err));
}

void
util_lang_init(void)
{
	const char *v = getenv("LC_ALL");

	if (util_empty(v))
		v = getenv("LC_MESSAGES");
	if (util_empty(v))
		v = getenv("LANG");
	lang_zh = v != NULL && strncmp(v, "zh", 2) == 0;
}

int
util_lang_zh(void)
{
	return lang_zh;
}

void
util_lang_set(int zh)
{
	lang_zh = zh;
}

const char *
tr(const char *en, const char *zh)
{
	return lang_zh ? zh : en;
}

void
util_warnx(const char *fmt, ...)
{
	va_list ap;

	fputs("baodao: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* S (NULL: empty) into DST of SIZE bytes (SIZE > 0), cut to fit as
 * snprintf "%s" cuts it, for the price of a copy: callers copy a value
 * per row, where snprintf cost ten times as much. */
void
util_strcut(char *dst, size_t size, const char *s)
{
	size_t n = s ? strnlen(s, size - 1) : 0;

	if (n)
		memcpy(dst, s, n);
	dst[n] = '\0';
}

/* Write code point cp (at most U+10FFFF) as UTF-8 at out, which has room
 * for four bytes; returns the bytes written. */
size_t
util_utf8_put(char *out, unsigned long cp)
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | cp >> 6);
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | cp >> 12);
		o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | cp >> 18);
	o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
	o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Length of the valid UTF-8 sequence at p (1 to 4), or 0 when the bytes
 * there are not one: overlong forms, surrogates and code points above
 * U+10FFFF are invalid.  Stops at a NUL, which is never a continuation. */
int
util_utf8_len(const unsigned char *p)
{
	unsigned char lo = 0x80, hi = 0xBF;
	int n;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		n = 2;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		n = 3;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		n = 4;
	else
		return 0;
	if (p[0] == 0xE0)
		lo = 0xA0;
	else if (p[0] == 0xED)
		hi = 0x9F;
	else if (p[0] == 0xF0)
		lo = 0x90;
	else if (p[0] == 0xF4)
		hi = 0x8F;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (int i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xBF)
			return 0;
	return n;
}

/* The length of the printable character at P, 0 when it is not: a
 * control character, a C1 control (U+0080-U+009F) or a byte that starts
 * no valid UTF-8 sequence.  The one rule util_printable() and
 * util_is_printable() share. */
static int
util_printable_char(const unsigned char *p)
{
	int n;

	if (*p >= 0x20 && *p < 0x7F)
		return 1;
	if (*p < 0x20 || *p == 0x7F)
		return 0;
	n = util_utf8_len(p);
	return n == 2 && p[0] == 0xC2 && p[1] < 0xA0 ? 0 : n;
}

int
util_is_printable(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	int n;

	for (; *p; p += n)
		if ((n = util_printable_char(p)) == 0)
			return 0;
	return 1;
}

char *
util_printable(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : ""), *run;
	struct sbuf b;
	int n;

	sbuf_init(&b);
	/* Runs of printable characters are copied whole. */
	for (run = p; *p; ) {
		if ((n = util_printable_char(p)) > 0) {
			p += n;
			continue;
		}
		sbuf_add(&b, (const char *)run, (size_t)(p - run));
		if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] < 0xA0) {
			sbuf_addf(&b, "\\u%04x", p[1]);
			p += 2;
		} else {
			sbuf_addf(&b, "\\x%02x", *p++);
		}
		run = p;
	}
	sbuf_add(&b, (const char *)run, (size_t)(p - run));
	return sbuf_detach(&b);
}

char *
util_trim(char *s)
{
	char *end;

	for (;;) {
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			s++;
		else if ((unsigned char)s[0] == 0xE3 && (unsigned char)s[1] == 0x80 &&
		    (unsigned char)s[2] == 0x80)
			s += 3;
		else
			break;
	}
	end = s + strlen(s);
	for (;;) {
		if (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' ||
		    end[-1] == '\n'))
			end--;
		else if (end - s >= 3 && (unsigned char)end[-3] == 0xE3 &&
		    (unsigned char)end[-2] == 0x80 && (unsigned char)end[-1] == 0x80)
			end -= 3;
		else
			break;
	}
	*end = '\0';
	return s;
}

int
util_streq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

int
util_empty(const char *s)
{
	return s == NULL || *s == '\0';
}

/* Both resolved, so neither "..", a link nor a relative step can lead
 * out: PATH is ROOT itself or below it. */
int
util_path_inside(const char *path, const char *root)
{
	char *p = realpath(path, NULL), *r = realpath(root, NULL);
	size_t n = r ? strlen(r) : 0;
	int in = p && r && strncmp(p, r, n) == 0 && (p[n] == '/' || p[n] == '\0' ||
	    (n == 1 && r[0] == '/'));

	free(p);
	free(r);
	return in;
}

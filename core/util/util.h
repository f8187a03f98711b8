/*
 * util.h - memory, strings, errors and language for the whole core.
 *
 * Allocation never fails from the caller's view: x*alloc() print one line
 * and exit(3) when the system is out of memory.  A struct error carries the
 * one-line message and exit code of the first failure back to the command
 * that reports it; nothing below the command line prints errors itself.
 */
#ifndef BAODAO_UTIL_H
#define BAODAO_UTIL_H

#include <stdarg.h>
#include <stddef.h>

/* Exit codes of the command-line contract (DESIGN.md). */
enum {
	EXIT_OK = 0,      /* ran, nothing wrong */
	EXIT_FOUND = 1,   /* ran and found failures (findings, failing tests) */
	EXIT_USAGE = 2,   /* bad usage or bad input */
	EXIT_ENV = 3      /* internal or environment error */
};

/* The first error of an operation: an exit code and one line of text. */
struct error {
	int code;          /* EXIT_USAGE or EXIT_ENV; 0 while nothing failed */
	char msg[1024];
};

void   *xmalloc(size_t n);
void   *xcalloc(size_t n, size_t size);
void   *xrealloc(void *p, size_t n);
char   *xstrdup(const char *s);
char   *xstrndup(const char *s, size_t n);
char   *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Record an error unless one is recorded already; always returns -1. */
int     error_set(struct error *e, int code, const char *fmt, ...)
            __attribute__((format(printf, 3, 4)));
int     error_setv(struct error *e, int code, const char *fmt, va_list ap);
void    error_clear(struct error *e);

/* A growable NUL-terminated byte buffer. */
struct sbuf {
	char *s;
	size_t len;
	size_t cap;
};
void    sbuf_init(struct sbuf *b);
void    sbuf_add(struct sbuf *b, const char *s, size_t n);
void    sbuf_adds(struct sbuf *b, const char *s);
void    sbuf_addc(struct sbuf *b, char c);
void    sbuf_addf(struct sbuf *b, const char *fmt, ...)
            __attribute__((format(printf, 2, 3)));
void    sbuf_reset(struct sbuf *b);
char   *sbuf_detach(struct sbuf *b);   /* caller frees; b is left empty */
void    sbuf_free(struct sbuf *b);

/* Read a whole file; NULL and e set on failure.  *len excludes the NUL added. */
char   *util_read_file(const char *path, size_t *len, struct error *e);
/* Write LEN bytes of TEXT to the new or truncated file PATH; -1 and e set
 * (naming PATH) on failure, the file then partly written. */
int     util_write_file(const char *path, const char *text, size_t len, struct error *e);

/* Language of user messages, chosen once from LC_ALL / LC_MESSAGES / LANG. */
void        util_lang_init(void);
int         util_lang_zh(void);
void        util_lang_set(int zh);   /* an explicit --lang over the locale */
const char *tr(const char *en, const char *zh)
            __attribute__((format_arg(1), format_arg(2)));

/* err(3)-style diagnostics on stderr: "baodao: message". */
void    util_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Trim ASCII and U+3000 (ideographic) white space: cuts the tail in place
 * and returns a pointer past the leading blanks, inside s. */
char   *util_trim(char *s);
int     util_streq(const char *a, const char *b);   /* NULL-safe */

/* Length of the valid UTF-8 sequence at p (1 to 4), or 0 when the bytes
 * there are not one: overlong forms, surrogates and code points above
 * U+10FFFF are invalid.  Stops at a NUL, which is never a continuation. */
int     util_utf8_len(const unsigned char *p);
size_t  util_utf8_put(char *out, unsigned long cp);
void    util_strcut(char *dst, size_t size, const char *s);

/* S as text that is safe on a terminal and in a one-line message (caller
 * frees): control characters (C0, DEL, C1) and bytes that are not UTF-8
 * are written as \xNN (\u0080 to \u009f for C1), so what a rule says
 * can neither send escape sequences nor forge a line. */
char   *util_printable(const char *s);
/* Whether util_printable(S) would return S as it is. */
int     util_is_printable(const char *s);
int     util_empty(const char *s);                  /* NULL or "" */

/* Does PATH, links resolved (realpath), lie inside the folder ROOT (also
 * resolved)?  1 or 0; 0 when either does not exist. */
int     util_path_inside(const char *path, const char *root);

#endif

/*
 * emit.c - the one writer: checks the caller's calls against the nesting
 * of the document (emit.h says the contract), and hands them to the back
 * end of the format, json, csv, md and text here and any a plugin
 * registers.  The escaping of each format lives here too.
 */
#include <errno.h>
#include <iconv.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "emit.h"

/* FILE output is written in chunks of this size, between calls. */
#define EMIT_CHUNK 65536

enum { EMIT_OBJECT, EMIT_ARRAY, EMIT_TABLE };

/* One open container. */
struct emit_frame {
	int kind;
	long count;                    /* members, elements or rows so far */
	int want_value;                /* object: a key was written */
	const struct emit_table *t;    /* table */
};

struct emit {
	const struct emit_backend *be;
	const char *format;
	FILE *f;                       /* NULL: writing to *sink */
	struct sbuf *sink;             /* the caller's sbuf, or &own */
	size_t mark;                   /* the sink's length at open */
	struct sbuf own;
	struct error *e;
	void *state;
	struct emit_frame *stack;
	size_t depth, cap;
	long top;                      /* top-level values */
	int brk;                       /* pending line break, or -1 */
	int failed;
};

/* ---- escaping ---- */

void
emit_json_str(struct sbuf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run;

	if (s == NULL) {
		sbuf_adds(b, "null");
		return;
	}
	sbuf_addc(b, '"');
	/* Runs of characters that need no escape are copied whole. */
	for (run = p; *p; ) {
		int n = util_utf8_len(p);

		if (n > 1 || (n == 1 && *p >= 0x20 && *p != '"' && *p != '\\')) {
			p += n;
			continue;
		}
		sbuf_add(b, (const char *)run, (size_t)(p - run));
		switch (n == 0 ? 0 : *p) {
		case 0: sbuf_adds(b, "\xEF\xBF\xBD"); break;   /* U+FFFD for the bad byte */
		case '"': sbuf_adds(b, "\\\""); break;
		case '\\': sbuf_adds(b, "\\\\"); break;
		case '\n': sbuf_adds(b, "\\n"); break;
		case '\r': sbuf_adds(b, "\\r"); break;
		case '\t': sbuf_adds(b, "\\t"); break;
		default: sbuf_addf(b, "\\u%04x", *p); break;
		}
		run = ++p;
	}
	sbuf_add(b, (const char *)run, (size_t)(p - run));
	sbuf_addc(b, '"');
}

void
emit_json_num(struct sbuf *b, double v)
{
	if (!isfinite(v))
		sbuf_adds(b, "null");
	else if (v == floor(v) && fabs(v) < 9e15)
		emit_json_int(b, (long long)v);
	else
		sbuf_addf(b, "%.15g", v);
}

void
emit_json_int(struct sbuf *b, long long v)
{
	char buf[24], *p = buf + sizeof buf;
	unsigned long long u = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;

	/* By hand: a year's run writes millions of numbers, and printf's
	 * machinery costs ten times the digits. */
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	sbuf_add(b, p, (size_t)(buf + sizeof buf - p));
}

/* The JSON number grammar, over all of s. */
static int
emit_json_number_ok(const char *s)
{
	const char *p = s;

	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		return 0;
	if (*p == '.') {
		if (*++p < '0' || *p > '9')
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (*p < '0' || *p > '9')
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

/* A JSON string literal, over all of s, in valid UTF-8. */
static int
emit_json_string_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s + 1;

	if (*s != '"')
		return 0;
	while (*p != '"') {
		int n = util_utf8_len(p);

		if (*p < 0x20 || n == 0)
			return 0;
		if (*p == '\\') {
			p++;
			if (*p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (strchr("0123456789abcdefABCDEF", p[i]) == NULL ||
					    p[i] == '\0')
						return 0;
				p += 4;
			} else if (*p == '\0' || strchr("\"\\/bfnrt", *p) == NULL) {
				return 0;
			}
			p++;
			continue;
		}
		p += n;
	}
	return p[1] == '\0';
}

int
emit_json_scalar_ok(const char *s)
{
	if (s == NULL)
		return 0;
	return strcmp(s, "true") == 0 || strcmp(s, "false") == 0 ||
	    strcmp(s, "null") == 0 || emit_json_number_ok(s) || emit_json_string_ok(s);
}

/* Is V a plain decimal number ("-4", "+2.5")?  A spreadsheet reads it as
 * a number, never as a formula, so it keeps its sign unquoted. */
static int
emit_csv_number(const char *v)
{
	const char *p = v + (*v == '-' || *v == '+');
	int digits = 0, dot = 0;

	for (; *p; p++)
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (*p == '.' && !dot++)
			continue;
		else
			return 0;
	return digits > 0;
}

/* V as RFC 4180 writes a cell: quoted when it holds a comma, a quote or
 * a line break, its quotes doubled; PREFIX (or NUL) first inside. */
static void
emit_csv_quote(struct sbuf *b, const char *v, char prefix)
{
	size_t plain = strcspn(v, ",\"\n\r");
	int quote = v[plain] != '\0';

	if (quote)
		sbuf_addc(b, '"');
	if (prefix)
		sbuf_addc(b, prefix);
	if (!quote) {                 /* most cells: as they are, in one copy */
		sbuf_add(b, v, plain);
		return;
	}
	/* Runs between quotes in one copy. */
	for (const char *p = v, *q; *p; p = q) {
		q = p + strcspn(p, "\"");
		if (*q == '"')
			q++;
		sbuf_add(b, p, (size_t)(q - p));
		if (q[-1] == '"')
			sbuf_addc(b, '"');
	}
	sbuf_addc(b, '"');
}

/* A cell a spreadsheet would take for a formula ('=', '+', '-', '@', tab
 * or CR first: OWASP's CSV injection) gets a single quote in front, which
 * spreadsheets show as text; plain numbers stay as they are. */
void
emit_csv_cell(struct sbuf *b, const char *v)
{
	if (v == NULL)
		v = "";
	emit_csv_quote(b, v, *v != '\0' && strchr("=+-@\t\r", *v) != NULL &&
	    !emit_csv_number(v) ? '\'' : '\0');
}

void
emit_csv_text(struct sbuf *b, const char *v)
{
	emit_csv_quote(b, v ? v : "", '\0');
}

/* A line break inside a cell would end the table's row; a '|' would end
 * the cell and a backslash would escape what follows it.  Markdown
 * passes HTML through, so '<', '>' and '&' are entities (no <script>, no
 * <javascript:...> autolink), and '[' and ']' are escaped so no cell makes
 * a link or an image ([x](javascript:...)). */
void
emit_md_cell(struct sbuf *b, const char *v)
{
	if (v == NULL)
		v = "";
	for (const char *p = v; *p; p++)
		if (*p == '|' || *p == '[' || *p == ']') {
			sbuf_addc(b, '\\');
			sbuf_addc(b, *p);
		} else if (*p == '<')
			sbuf_adds(b, "&lt;");
		else if (*p == '>')
			sbuf_adds(b, "&gt;");
		else if (*p == '&')
			sbuf_adds(b, "&amp;");
		else if (*p == '\\')
			sbuf_adds(b, "\\\\");
		else if (*p == '\r' && p[1] == '\n')
			continue;
		else if (*p == '\n' || *p == '\r')
			sbuf_addc(b, ' ');
		else
			sbuf_addc(b, *p);
}

/* A line of md outside a table (title, heading, foot): its HTML written
 * as entities and its line breaks as blanks, as in a cell. */
static void
emit_md_line(struct sbuf *b, const char *v)
{
	for (const char *p = v ? v : ""; *p; p++)
		if (*p == '<')
			sbuf_adds(b, "&lt;");
		else if (*p == '>')
			sbuf_adds(b, "&gt;");
		else if (*p == '&')
			sbuf_adds(b, "&amp;");
		else if (*p == '\n' || *p == '\r')
			sbuf_addc(b, ' ');
		else
			sbuf_addc(b, *p);
}

/* Cells with ',' between, and the line end. */
void
emit_csv_row(struct sbuf *b, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			sbuf_addc(b, ',');
		emit_csv_cell(b, cells[i]);
	}
	sbuf_addc(b, '\n');
}

/* "| a | b |": the cells between pipes, and the line end. */
void
emit_md_row(struct sbuf *b, const char *const *cells, size_t n)
{
	sbuf_adds(b, "| ");
	for (size_t i = 0; i < n; i++) {
		if (i)
			sbuf_adds(b, " | ");
		emit_md_cell(b, cells[i]);
	}
	sbuf_adds(b, " |\n");
}

/* ---- json ---- */

/* A json document's state. */
struct emit_json {
	long values;    /* top-level values written */
};

/* A json document has no head. */
static void
emit_json_begin_doc(struct emit *w)
{
}

/* The newline after the document's one value; nothing else is open. */
static void
emit_json_finish(struct emit *w, int ok)
{
	struct emit_json *j = emit_state(w);

	if (!ok)
		return;
	if (j->values == 0)
		emit_fail(w, "a json document needs a value");
	else
		sbuf_addc(emit_out(w), '\n');
}

/* What comes before an item: its separator and the line break asked for. */
static void
emit_json_lead(struct emit *w, const struct emit_at *at)
{
	struct sbuf *b = emit_out(w);

	if (at->depth == 0)
		((struct emit_json *)emit_state(w))->values++;
	if (at->value)
		return;
	if (!at->first)
		sbuf_addc(b, ',');
	if (at->brk >= 0)
		sbuf_addf(b, "\n%*s", at->brk, "");
}

/* A scalar in its json form; a raw text was checked by the writer. */
static void
emit_json_scalar(struct emit *w, const struct emit_scalar *v, const struct emit_at *at)
{
	struct sbuf *b = emit_out(w);

	emit_json_lead(w, at);
	switch (v->type) {
	case EMIT_NULL: sbuf_adds(b, "null"); break;
	case EMIT_STR: emit_json_str(b, v->s); break;
	case EMIT_INT: emit_json_int(b, v->i); break;
	case EMIT_NUM: emit_json_num(b, v->n); break;
	case EMIT_BOOL: sbuf_adds(b, v->i ? "true" : "false"); break;
	case EMIT_RAW: sbuf_adds(b, v->s ? v->s : "null"); break;
	}
}

/* '[' or '{' after the item's lead. */
static void
emit_json_begin(struct emit *w, int array, const struct emit_at *at)
{
	emit_json_lead(w, at);
	sbuf_addc(emit_out(w), array ? '[' : '{');
}

/* ']' or '}', on a new line when a break was asked for. */
static void
emit_json_end(struct emit *w, int array, const struct emit_at *at)
{
	if (at->brk >= 0)
		sbuf_addf(emit_out(w), "\n%*s", at->brk, "");
	sbuf_addc(emit_out(w), array ? ']' : '}');
}

/* "key": after the member's lead. */
static void
emit_json_key(struct emit *w, const char *key, const struct emit_at *at)
{
	emit_json_lead(w, at);
	emit_json_str(emit_out(w), key);
	sbuf_addc(emit_out(w), ':');
}

/* {meta..., "rows":[ or just [ */
static void
emit_json_begin_table(struct emit *w, const struct emit_table *t, const struct emit_at *at)
{
	struct sbuf *b = emit_out(w);

	emit_json_lead(w, at);
	if (t->rows_key == NULL) {
		sbuf_addc(b, '[');
		return;
	}
	sbuf_addc(b, '{');
	for (size_t i = 0; i < t->nmeta; i++) {
		struct emit_at m = { i == 0, -1, at->depth + 1, 0 };

		emit_json_key(w, t->meta[i].key, &m);
		m.value = 1;
		emit_json_scalar(w, &t->meta[i].v, &m);
	}
	if (t->nmeta)
		sbuf_addc(b, ',');
	emit_json_str(b, t->rows_key);
	sbuf_adds(b, ":[");
}

/* One row to a line: {"column":"cell",...} */
static void
emit_json_row(struct emit *w, const struct emit_table *t, const char *const *cells, size_t n,
    const struct emit_at *at)
{
	struct sbuf *b = emit_out(w);

	sbuf_adds(b, at->first ? "\n{" : ",\n{");
	for (size_t i = 0; i < n; i++) {
		if (i)
			sbuf_addc(b, ',');
		emit_json_str(b, t->columns[i]);
		sbuf_addc(b, ':');
		emit_json_str(b, cells[i]);
	}
	sbuf_addc(b, '}');
}

/* The rows' closing bracket on its own line, then the foot lines. */
static void
emit_json_end_table(struct emit *w, const struct emit_table *t, long rows)
{
	struct sbuf *b = emit_out(w);

	sbuf_adds(b, "\n]");
	if (t->rows_key == NULL)
		return;
	if (t->nfoot) {
		sbuf_adds(b, ",\"foot\":[");
		for (size_t i = 0; i < t->nfoot; i++) {
			if (i)
				sbuf_addc(b, ',');
			emit_json_str(b, t->foot[i]);
		}
		sbuf_addc(b, ']');
	}
	sbuf_addc(b, '}');
}

/* ---- csv, md, text ---- */

/* csv, md and text documents have no head and no tail of their own. */
static void
emit_plain_begin_doc(struct emit *w)
{
}

static void
emit_plain_finish(struct emit *w, int ok)
{
}

/* csv: the header row (after an empty line when a table came before);
 * the title, heading and foot are not written. */
static void
emit_csv_begin_table(struct emit *w, const struct emit_table *t, const struct emit_at *at)
{
	if (!at->first && at->depth == 0)
		sbuf_addc(emit_out(w), '\n');
	emit_csv_row(emit_out(w), t->columns, t->ncolumns);
}

static void
emit_csv_table_row(struct emit *w, const struct emit_table *t, const char *const *cells,
    size_t n, const struct emit_at *at)
{
	emit_csv_row(emit_out(w), cells, n);
}

static void
emit_plain_end_table(struct emit *w, const struct emit_table *t, long rows)
{
}

/* Prose as given. */
static void
emit_plain_prose(struct emit *w, const char *text)
{
	sbuf_adds(emit_out(w), text);
}

/* md: the title, the heading lines, the header row and its rule, after
 * a blank line when a table came before. */
static void
emit_md_begin_table(struct emit *w, const struct emit_table *t, const struct emit_at *at)
{
	struct sbuf *b = emit_out(w);

	if (!at->first)
		sbuf_addc(b, '\n');
	if (t->title) {
		sbuf_adds(b, "# ");
		emit_md_line(b, t->title);
		sbuf_adds(b, "\n\n");
	}
	for (size_t i = 0; i < t->nheading; i++) {
		emit_md_line(b, t->heading[i]);
		sbuf_adds(b, "\n\n");
	}
	emit_md_row(b, t->columns, t->ncolumns);
	for (size_t i = 0; i < t->ncolumns; i++)
		sbuf_adds(b, i ? "---|" : "|---|");
	sbuf_addc(b, '\n');
}

static void
emit_md_table_row(struct emit *w, const struct emit_table *t, const char *const *cells,
    size_t n, const struct emit_at *at)
{
	emit_md_row(emit_out(w), cells, n);
}

/* md: each foot line as a paragraph after the table. */
static void
emit_md_end_table(struct emit *w, const struct emit_table *t, long rows)
{
	for (size_t i = 0; i < t->nfoot; i++) {
		sbuf_addc(emit_out(w), '\n');
		emit_md_line(emit_out(w), t->foot[i]);
		sbuf_addc(emit_out(w), '\n');
	}
}

static const struct emit_backend emit_json_backend = {
	.flags = EMIT_TREES,
	.state_size = sizeof(struct emit_json),
	.begin_doc = emit_json_begin_doc,
	.finish = emit_json_finish,
	.begin_table = emit_json_begin_table,
	.row = emit_json_row,
	.end_table = emit_json_end_table,
	.begin = emit_json_begin,
	.end = emit_json_end,
	.key = emit_json_key,
	.scalar = emit_json_scalar,
};

static const struct emit_backend emit_csv_backend = {
	.flags = EMIT_TABLES,
	.begin_doc = emit_plain_begin_doc,
	.finish = emit_plain_finish,
	.begin_table = emit_csv_begin_table,
	.row = emit_csv_table_row,
	.end_table = emit_plain_end_table,
};

static const struct emit_backend emit_md_backend = {
	.flags = EMIT_PROSE | EMIT_TABLES,
	.begin_doc = emit_plain_begin_doc,
	.finish = emit_plain_finish,
	.begin_table = emit_md_begin_table,
	.row = emit_md_table_row,
	.end_table = emit_md_end_table,
	.prose = emit_plain_prose,
};

static const struct emit_backend emit_text_backend = {
	.flags = EMIT_PROSE | EMIT_TABLES,
	.begin_doc = emit_plain_begin_doc,
	.finish = emit_plain_finish,
	.begin_table = emit_csv_begin_table,
	.row = emit_csv_table_row,
	.end_table = emit_plain_end_table,
	.prose = emit_plain_prose,
};

/* ---- the formats ---- */

#define EMIT_MAX_FORMATS 16

static struct {
	const char *name;
	const struct emit_backend *be;
} emit_formats[EMIT_MAX_FORMATS] = {
	{ "text", &emit_text_backend },
	{ "csv", &emit_csv_backend },
	{ "md", &emit_md_backend },
	{ "json", &emit_json_backend },
};
static size_t emit_nformats = 4;

/* Called before the first look that finds no format or reader
 * (emit_set_loader). */
static void (*emit_loader)(void);

/* The index of format NAME among those registered, or -1. */
static int
emit_format_index(const char *name)
{
	for (size_t i = 0; name && i < emit_nformats; i++)
		if (strcmp(emit_formats[i].name, name) == 0)
			return (int)i;
	return -1;
}

void
emit_set_loader(void (*load)(void))
{
	emit_loader = load;
}

int
emit_load(void)
{
	void (*load)(void) = emit_loader;

	if (load == NULL)
		return 0;
	emit_loader = NULL;
	load();
	return 1;
}

/* The index of format NAME, or -1, after the loader if none has it:
 * json, csv, md and text are found without loading a plugin. */
static int
emit_format_find(const char *name)
{
	int k = emit_format_index(name);

	if (k < 0 && name != NULL && emit_load())
		k = emit_format_index(name);
	return k;
}

int
emit_register_backend(const char *name, const struct emit_backend *be)
{
	int trees, complete;

	if (name == NULL || *name == '\0' || be == NULL || emit_format_index(name) >= 0 ||
	    emit_nformats == EMIT_MAX_FORMATS)
		return -1;
	trees = (be->flags & EMIT_TREES) != 0;
	complete = be->begin_doc && be->finish && be->begin_table && be->row &&
	    be->end_table && (!trees || (be->begin && be->end && be->key && be->scalar)) &&
	    (!(be->flags & EMIT_PROSE) || be->prose);
	if (!complete)
		return -1;
	emit_formats[emit_nformats].name = name;
	emit_formats[emit_nformats++].be = be;
	return 0;
}

int
emit_format_known(const char *name)
{
	return emit_format_find(name) >= 0;
}

int
emit_format_binary(const char *name)
{
	int k = emit_format_find(name);

	return k >= 0 && (emit_formats[k].be->flags & EMIT_BINARY) != 0;
}

char *
emit_format_list(void)
{
	struct sbuf b;

	emit_load();
	sbuf_init(&b);
	for (size_t i = 0; i < emit_nformats; i++)
		sbuf_addf(&b, "%s%s", i ? ", " : "", emit_formats[i].name);
	return sbuf_detach(&b);
}

/* ---- the writer ---- */

/* A writer on f or b (one of them) for the format NAME. */
static struct emit *
emit_open(FILE *f, struct sbuf *b, const char *format, struct error *e)
{
	int k = emit_format_find(format);
	const struct emit_backend *be;
	struct emit *w;
	char *names;

	if (k < 0) {
		names = emit_format_list();
		error_set(e, EXIT_USAGE, tr("unknown format '%s' (%s)", "未知的格式 '%s'（%s）"),
		    format ? format : "", names);
		free(names);
		return NULL;
	}
	be = emit_formats[k].be;
	/* A workbook's bytes would garble a terminal (commands with -o say so
	 * first, naming it). */
	if (f && (be->flags & EMIT_BINARY) && isatty(fileno(f))) {
		error_set(e, EXIT_USAGE, tr("%s is not for a terminal: redirect it to a file"
		    " (> FILE.%s)", "%s 不能输出到终端：请重定向到文件（> 文件.%s）"), format, format);
		return NULL;
	}
	w = xcalloc(1, sizeof *w);
	w->be = be;
	w->format = emit_formats[k].name;
	w->f = f;
	sbuf_init(&w->own);
	w->sink = b ? b : &w->own;
	w->mark = w->sink->len;
	w->e = e;
	w->state = be->state_size ? xcalloc(1, be->state_size) : NULL;
	w->brk = -1;
	be->begin_doc(w);
	return w;
}

struct emit *
emit_open_file(FILE *f, const char *format, struct error *e)
{
	return emit_open(f, NULL, format, e);
}

struct emit *
emit_open_sbuf(struct sbuf *b, const char *format, struct error *e)
{
	return emit_open(NULL, b, format, e);
}

struct sbuf *
emit_out(struct emit *w)
{
	return w->sink;
}

void *
emit_state(struct emit *w)
{
	return w->state;
}

int
emit_trees(const struct emit *w)
{
	return (w->be->flags & EMIT_TREES) != 0;
}

int
emit_prose(const struct emit *w)
{
	return (w->be->flags & EMIT_PROSE) != 0;
}

int
emit_tables(const struct emit *w)
{
	return (w->be->flags & EMIT_TABLES) != 0;
}

void
emit_fail(struct emit *w, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (w->failed)
		return;
	w->failed = 1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	error_set(w->e, EXIT_ENV, "emit: %s: %s", w->format, msg);
}

/* Hand full chunks of FILE output over between calls. */
static int
emit_flush(struct emit *w, size_t at_least)
{
	if (w->f == NULL || w->own.len < at_least || w->own.len == 0)
		return 0;
	if (fwrite(w->own.s, 1, w->own.len, w->f) != w->own.len) {
		emit_fail(w, "write error");
		return -1;
	}
	sbuf_reset(&w->own);
	return 0;
}

/* The end of a call: -1 once anything failed. */
static int
emit_done(struct emit *w)
{
	if (w->failed)
		return -1;
	return emit_flush(w, EMIT_CHUNK);
}

/* A container's name, for messages. */
static const char *
emit_kind_name(int kind)
{
	return kind == EMIT_OBJECT ? "an object" : kind == EMIT_ARRAY ? "an array" : "a table";
}

/* The innermost open container, or NULL at the top of the document. */
static struct emit_frame *
emit_inner(struct emit *w)
{
	return w->depth ? &w->stack[w->depth - 1] : NULL;
}

/* Take the pending line break for the item being placed. */
static struct emit_at
emit_here(struct emit *w)
{
	struct emit_frame *fr = emit_inner(w);
	struct emit_at at;

	at.first = fr ? fr->count == 0 : w->top == 0;
	at.brk = w->brk;
	at.depth = (int)w->depth;
	at.value = fr && fr->kind == EMIT_OBJECT && fr->want_value;
	w->brk = -1;
	return at;
}

/* May a value (WHAT, for the message) go here?  NEEDS: the capabilities
 * it takes, EMIT_TABLES meaning a table, which may follow another table at
 * the top where the back end has that flag. */
static int
emit_place(struct emit *w, const char *what, unsigned needs)
{
	struct emit_frame *fr = emit_inner(w);

	if (w->failed)
		return -1;
	if ((w->be->flags & needs & ~EMIT_TABLES) != (needs & ~EMIT_TABLES)) {
		emit_fail(w, "cannot hold %s%s", what, needs & EMIT_TREES ?
		    " (a table only)" : "");
		return -1;
	}
	if (fr == NULL) {
		/* A back end with EMIT_TABLES takes table after table. */
		if (w->top > 0 && !(needs == EMIT_TABLES && (w->be->flags & EMIT_TABLES))) {
			emit_fail(w, "%s after the document's one value", what);
			return -1;
		}
		return 0;
	}
	if (fr->kind == EMIT_TABLE) {
		emit_fail(w, "%s inside a table (rows only)", what);
		return -1;
	}
	if (fr->kind == EMIT_OBJECT && !fr->want_value) {
		emit_fail(w, "%s where an object's key is due", what);
		return -1;
	}
	return 0;
}

/* The value just placed is written: count it in its container. */
static void
emit_placed(struct emit *w)
{
	struct emit_frame *fr = emit_inner(w);

	if (fr == NULL) {
		w->top++;
		return;
	}
	fr->count++;
	fr->want_value = 0;
}

/* Open a container of KIND (a table: t). */
static void
emit_push(struct emit *w, int kind, const struct emit_table *t)
{
	if (w->depth == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 8;
		w->stack = xrealloc(w->stack, w->cap * sizeof *w->stack);
	}
	w->stack[w->depth].kind = kind;
	w->stack[w->depth].count = 0;
	w->stack[w->depth].want_value = 0;
	w->stack[w->depth++].t = t;
}

/* Close the innermost container, which must be of KIND. */
static int
emit_pop(struct emit *w, int kind)
{
	struct emit_frame *fr = emit_inner(w);

	if (w->failed)
		return -1;
	if (fr == NULL || fr->kind != kind) {
		emit_fail(w, "closing %s while %s is open", emit_kind_name(kind),
		    fr ? emit_kind_name(fr->kind) : "nothing");
		return -1;
	}
	if (kind == EMIT_OBJECT && fr->want_value) {
		emit_fail(w, "closing an object after a key without its value");
		return -1;
	}
	w->depth--;
	emit_placed(w);
	return 0;
}

int
emit_close(struct emit *w)
{
	int rc;

	if (w->depth && !w->failed)
		emit_fail(w, "document ended with %zu open, the innermost %s", w->depth,
		    emit_kind_name(w->stack[w->depth - 1].kind));
	if (!w->failed)
		w->be->finish(w, 1);
	else
		w->be->finish(w, 0);
	if (w->failed) {
		/* No half document: what was not yet handed over is dropped. */
		w->sink->len = w->mark;
		if (w->sink->s)
			w->sink->s[w->mark] = '\0';
	}
	emit_flush(w, 0);
	rc = w->failed ? -1 : 0;
	sbuf_free(&w->own);
	free(w->state);
	free(w->stack);
	free(w);
	return rc;
}

/* emit_close, and the document's closing newline taken back. */
int
emit_close_stored(struct emit *w, struct sbuf *b)
{
	if (emit_close(w) != 0)
		return -1;
	if (b->len && b->s[b->len - 1] == '\n')
		b->s[--b->len] = '\0';
	return 0;
}

/* ---- tables ---- */

int
emit_begin_table(struct emit *w, const struct emit_table *t)
{
	struct emit_at at;

	if (emit_place(w, "a table", EMIT_TABLES) != 0)
		return -1;
	if (t == NULL || t->ncolumns == 0 || t->columns == NULL) {
		emit_fail(w, "a table needs columns");
		return -1;
	}
	for (size_t i = 0; i < t->ncolumns; i++)
		if (t->columns[i] == NULL) {
			emit_fail(w, "column %zu of the table has no name", i + 1);
			return -1;
		}
	if (t->rows_key == NULL && (t->nmeta || t->nfoot)) {
		emit_fail(w, "a table with members or foot lines needs a rows key");
		return -1;
	}
	for (size_t i = 0; i < t->nmeta; i++)
		if (t->meta[i].key == NULL || (t->meta[i].v.type == EMIT_RAW &&
		    t->meta[i].v.s && !emit_json_scalar_ok(t->meta[i].v.s))) {
			emit_fail(w, "member %zu of the table is not a key and a scalar", i + 1);
			return -1;
		}
	at = emit_here(w);
	w->be->begin_table(w, t, &at);
	emit_push(w, EMIT_TABLE, t);
	return emit_done(w);
}

int
emit_row(struct emit *w, const char *const *cells, size_t n)
{
	struct emit_frame *fr = emit_inner(w);
	struct emit_at at;

	if (w->failed)
		return -1;
	if (fr == NULL || fr->kind != EMIT_TABLE) {
		emit_fail(w, "a row outside a table");
		return -1;
	}
	if (n != fr->t->ncolumns || cells == NULL) {
		emit_fail(w, "a row of %zu cells in a table of %zu columns", cells ? n : 0,
		    fr->t->ncolumns);
		return -1;
	}
	at = emit_here(w);
	w->be->row(w, fr->t, cells, n, &at);
	fr->count++;
	return emit_done(w);
}

int
emit_end_table(struct emit *w)
{
	struct emit_frame *fr = emit_inner(w);
	const struct emit_table *t = fr ? fr->t : NULL;
	long rows = fr ? fr->count : 0;

	if (emit_pop(w, EMIT_TABLE) != 0)
		return -1;
	w->brk = -1;
	w->be->end_table(w, t, rows);
	return emit_done(w);
}

/* ---- trees ---- */

/* Open an object or array where a value may go. */
static int
emit_begin(struct emit *w, int kind)
{
	struct emit_at at;

	if (emit_place(w, emit_kind_name(kind), EMIT_TREES) != 0)
		return -1;
	at = emit_here(w);
	w->be->begin(w, kind == EMIT_ARRAY, &at);
	emit_push(w, kind, NULL);
	return emit_done(w);
}

/* Close the innermost object or array. */
static int
emit_end(struct emit *w, int kind)
{
	struct emit_at at;

	if (w->failed)
		return -1;
	at = emit_here(w);
	if (emit_pop(w, kind) != 0)
		return -1;
	w->be->end(w, kind == EMIT_ARRAY, &at);
	return emit_done(w);
}

int
emit_begin_object(struct emit *w)
{
	return emit_begin(w, EMIT_OBJECT);
}

int
emit_end_object(struct emit *w)
{
	return emit_end(w, EMIT_OBJECT);
}

int
emit_begin_array(struct emit *w)
{
	return emit_begin(w, EMIT_ARRAY);
}

int
emit_end_array(struct emit *w)
{
	return emit_end(w, EMIT_ARRAY);
}

int
emit_key(struct emit *w, const char *key)
{
	struct emit_frame *fr = emit_inner(w);
	struct emit_at at;

	if (w->failed)
		return -1;
	if (fr == NULL || fr->kind != EMIT_OBJECT) {
		emit_fail(w, "key '%s' outside an object", key ? key : "(null)");
		return -1;
	}
	if (fr->want_value) {
		emit_fail(w, "key '%s' where a value is due", key ? key : "(null)");
		return -1;
	}
	if (key == NULL) {
		emit_fail(w, "a key with no name");
		return -1;
	}
	at = emit_here(w);
	w->be->key(w, key, &at);
	fr->want_value = 1;
	return emit_done(w);
}

int
emit_scalar(struct emit *w, const struct emit_scalar *v)
{
	struct emit_at at;

	if (emit_place(w, "a scalar", EMIT_TREES) != 0)
		return -1;
	if (v->type == EMIT_RAW && v->s && !emit_json_scalar_ok(v->s)) {
		emit_fail(w, "raw text is not one JSON scalar: %.40s", v->s);
		return -1;
	}
	at = emit_here(w);
	w->be->scalar(w, v, &at);
	emit_placed(w);
	return emit_done(w);
}

int
emit_str(struct emit *w, const char *s)
{
	struct emit_scalar v = { EMIT_STR, s, 0, 0 };

	return emit_scalar(w, &v);
}

int
emit_int(struct emit *w, long long i)
{
	struct emit_scalar v = { EMIT_INT, NULL, i, 0 };

	return emit_scalar(w, &v);
}

int
emit_num(struct emit *w, double n)
{
	struct emit_scalar v = { EMIT_NUM, NULL, 0, n };

	return emit_scalar(w, &v);
}

int
emit_bool(struct emit *w, int b)
{
	struct emit_scalar v = { EMIT_BOOL, NULL, b != 0, 0 };

	return emit_scalar(w, &v);
}

int
emit_null(struct emit *w)
{
	struct emit_scalar v = { EMIT_NULL, NULL, 0, 0 };

	return emit_scalar(w, &v);
}

int
emit_raw(struct emit *w, const char *json_scalar)
{
	struct emit_scalar v = { EMIT_RAW, json_scalar, 0, 0 };

	return emit_scalar(w, &v);
}

int
emit_kstr(struct emit *w, const char *key, const char *s)
{
	return emit_key(w, key) == 0 ? emit_str(w, s) : -1;
}

int
emit_kint(struct emit *w, const char *key, long long v)
{
	return emit_key(w, key) == 0 ? emit_int(w, v) : -1;
}

int
emit_knum(struct emit *w, const char *key, double v)
{
	return emit_key(w, key) == 0 ? emit_num(w, v) : -1;
}

int
emit_kbool(struct emit *w, const char *key, int v)
{
	return emit_key(w, key) == 0 ? emit_bool(w, v) : -1;
}

int
emit_break(struct emit *w, int indent)
{
	if (w->failed)
		return -1;
	if (indent < 0 || indent > 64) {
		emit_fail(w, "a line break indented %d spaces", indent);
		return -1;
	}
	w->brk = indent;
	return 0;
}

/* ---- prose ---- */

int
emit_text(struct emit *w, const char *s)
{
	if (w->failed)
		return -1;
	if (!(w->be->flags & EMIT_PROSE)) {
		emit_fail(w, "cannot hold prose");
		return -1;
	}
	if (w->depth) {
		emit_fail(w, "prose inside %s", emit_kind_name(w->stack[w->depth - 1].kind));
		return -1;
	}
	w->be->prose(w, s ? s : "");
	return emit_done(w);
}

int
emit_textf(struct emit *w, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	rc = emit_text(w, s);
	free(s);
	return rc;
}

/* ---- encodings ---- */

int
emit_encoding_parse(const char *name)
{
	static const char *const names[] = { "utf-8", "utf-8-bom", "gb18030" };

	for (int i = 0; name && i < 3; i++)
		if (strcasecmp(name, names[i]) == 0)
			return i;
	return -1;
}

/* The n bytes at s through iconv into GB18030, to f in chunks. */
static int
emit_write_gb18030(FILE *f, const char *s, size_t n, struct error *e)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	char buf[EMIT_CHUNK], *in = (char *)s, *out;
	size_t inleft = n, outleft, r;
	int rc = 0;

	if (cd == (iconv_t)-1)
		return error_set(e, EXIT_ENV, tr("cannot convert to GB18030: %s",
		    "无法转换为 GB18030：%s"), strerror(errno));
	for (;;) {
		int last = inleft == 0;    /* then: the closing shift sequence */

		out = buf;
		outleft = sizeof buf;
		r = last ? iconv(cd, NULL, NULL, &out, &outleft) :
		    iconv(cd, &in, &inleft, &out, &outleft);
		if (r == (size_t)-1 && errno != E2BIG) {
			rc = error_set(e, EXIT_ENV, tr("byte %zu of the output cannot be written"
			    " in GB18030", "输出的第 %zu 个字节无法用 GB18030 写出"),
			    (size_t)(in - s) + 1);
			break;
		}
		if (fwrite(buf, 1, sizeof buf - outleft, f) != sizeof buf - outleft) {
			rc = error_set(e, EXIT_ENV, "%s", strerror(errno));
			break;
		}
		if (last && r != (size_t)-1)
			break;
	}
	iconv_close(cd);
	return rc;
}

int
emit_write_encoded(FILE *f, const char *s, size_t n, enum emit_encoding enc,
    struct error *e)
{
	if (enc == EMIT_GB18030)
		return emit_write_gb18030(f, s, n, e);
	if ((enc == EMIT_UTF8_BOM && fwrite("\xEF\xBB\xBF", 1, 3, f) != 3) ||
	    fwrite(s, 1, n, f) != n)
		return error_set(e, EXIT_ENV, "%s", strerror(errno));
	return 0;
}

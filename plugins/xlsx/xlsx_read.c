/*
 * xlsx_read.c - the reader of .xlsx workbooks: one sheet's rows as the
 * text a clerk sees in its cells, handed to the host row by row.
 *
 * libzip opens the package and expat parses its parts, a chunk at a time:
 * _rels/.rels names the workbook, the workbook its sheets and (through its
 * relationships) the sheet's part, the shared strings and the styles.  The
 * styles say which cells show dates (the built-in formats 14-22 and the
 * Chinese ones, and any custom format with y, m or d), so that a date's
 * serial number becomes YYYY-MM-DD.  A number keeps its exact digits; one
 * that Excel already stored with lost digits (more than 15 of them) is an
 * error asking for it as text, and so are formulas and error values: each
 * is refused naming FILE:SHEET!CELL.
 *
 * A workbook is untrusted input.  Before a part is inflated, its sizes in
 * the zip directory are checked (a zip bomb: too large, or packed tighter
 * than any spreadsheet packs), and inflating stops at the limit anyway,
 * since the directory may lie.  A password-protected workbook is an OLE2
 * file, not a zip, and is named as such; a document type declaration
 * (entities, the billion laughs) is refused.  The reader links nothing of
 * baodao: it calls the host through its table only.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <expat.h>
#include <zip.h>

#include "plugin_api.h"
#include "xlsx.h"

#define XR_CHUNK	65536
#define XR_MAXCOLS	16384		/* column XFD */
#define XR_RATIO	100		/* the tightest packing of a part ... */
#define XR_RATIO_FROM	(1024 * 1024)	/* ... larger than this */
#define XR_MAXDIGITS	15		/* what a number cell holds exactly */
#define XR_NUMLEN	128		/* a number's digits, written out */

static const struct plugin_host *xr_host;

/* What a cell's style shows a number as. */
enum { XR_NUMBER, XR_DATE, XR_TIME };

/* A growable string of our own (the plugin cannot use the host's xmalloc:
 * running out of memory is an error here, not an exit). */
struct xr_str {
	char *s;
	size_t len, cap;
	int oom;
};

/* A relationship of a part: Id, Type and Target. */
struct xr_rel {
	char *id, *type, *target;
};

/* A sheet the workbook lists. */
struct xr_sheet {
	char *name, *rid;
	int hidden;
};

/* Everything one read holds; released by xr_free(). */
struct xr {
	const char *path;
	const struct plugin_read_opts *o;
	struct plugin_rows *sink;
	struct error *e;
	zip_t *z;
	XML_Parser p;
	const char *part;		/* the part being parsed, for messages */

	struct xr_rel *rel;
	size_t nrel;
	struct xr_sheet *sheet;
	size_t nsheet;
	int date1904;
	char *sheetname;		/* the sheet read */

	char **sst;			/* the shared strings */
	size_t nsst, capsst;
	struct { long id; int kind; } *fmt;	/* custom number formats */
	size_t nfmt;
	unsigned char *xf;		/* per cell style: XR_NUMBER, _DATE, _TIME */
	size_t nxf;
	int inxfs;			/* inside <cellXfs> */

	/* Parsing text: inside an element whose text counts (<t>, <v>), and
	 * inside a phonetic run (<rPh>), whose text does not. */
	int collect, phonetic;
	struct xr_str text;

	/* The sheet: the current row, and the current cell. */
	long row, lastrow, ncells;
	char **cells;
	size_t ncell, capcell;
	long col;
	char type[16];
	long style;
	int formula;
	struct xr_str ftext;
	int infor;			/* inside <f> */
	char ref[32];
};

static const char *xr_tr(const char *en, const char *zh)
    __attribute__((format_arg(1), format_arg(2)));

/* tr() for format strings, so gcc checks both against the arguments. */
static const char *
xr_tr(const char *en, const char *zh)
{
	return xr_host->tr(en, zh);
}

/* ---- Small things ---- */

static int
xr_put(struct xr_str *b, const char *s, size_t n)
{
	if (b->oom)
		return -1;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		char *t;

		while (cap < b->len + n + 1)
			cap *= 2;
		if ((t = realloc(b->s, cap)) == NULL) {
			b->oom = 1;
			return -1;
		}
		b->s = t;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

static void
xr_reset(struct xr_str *b)
{
	b->len = 0;
	if (b->s != NULL)
		b->s[0] = '\0';
}

/* The text of B, "" when it has none. */
static const char *
xr_text(const struct xr_str *b)
{
	return b->s != NULL ? b->s : "";
}

static char *
xr_dup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d != NULL)
		memcpy(d, s, n);
	return d;
}

/* The local part of an XML name: "x:row" and "row" are both "row". */
static const char *
xr_local(const char *name)
{
	const char *c = strrchr(name, ':');

	return c != NULL ? c + 1 : name;
}

/* Attribute NAME (by its local part) of ATTS, or NULL. */
static const char *
xr_attr(const char **atts, const char *name)
{
	for (size_t i = 0; atts[i] != NULL; i += 2)
		if (strcmp(xr_local(atts[i]), name) == 0)
			return atts[i + 1];
	return NULL;
}

/* Stop parsing: e is set.  Expat may still call back for what it has
 * parsed (the end of an element that was refused at its start, which
 * then reads state its start never set), so the handlers go too. */
static void
xr_stop(struct xr *x)
{
	XML_SetElementHandler(x->p, NULL, NULL);
	XML_SetCharacterDataHandler(x->p, NULL);
	XML_StopParser(x->p, XML_FALSE);
}

/* Out of memory: an error of the machine. */
static int
xr_oom(struct xr *x)
{
	xr_host->error_set(x->e, EXIT_ENV, "%s: %s", x->path, xr_tr("out of memory", "内存不足"));
	return -1;
}

/* ---- Parts of the package ---- */

/*
 * Check, from the zip directory, that part I may be inflated: not
 * encrypted, no larger than max_bytes, and not packed tighter than
 * XR_RATIO to one when large.  *size gets its size.
 */
static int
xr_check_entry(struct xr *x, const char *name, zip_int64_t i, zip_uint64_t *size)
{
	zip_stat_t st;

	zip_stat_init(&st);
	if (zip_stat_index(x->z, (zip_uint64_t)i, 0, &st) != 0 ||
	    !(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE))
		return xr_host->error_set(x->e, EXIT_USAGE, xr_tr("%s: %s: damaged zip directory",
		    "%s: %s: zip 目录已损坏"), x->path, name);
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
		return xr_host->error_set(x->e, EXIT_USAGE, xr_tr(
		    "%s: the workbook is password-protected; remove the password and import again",
		    "%s: 工作簿有密码保护；请取消密码后再导入"), x->path);
	if (st.size > x->o->max_bytes)
		return xr_host->error_set(x->e, EXIT_USAGE, xr_tr(
		    "%s: %s inflates to %llu bytes, more than %zu (max_import_bytes in baodao.conf)",
		    "%s: %s 解压后 %llu 字节，超过 %zu（见 baodao.conf 的 max_import_bytes）"),
		    x->path, name, (unsigned long long)st.size, x->o->max_bytes);
	if (st.size > XR_RATIO_FROM && st.size / XR_RATIO > st.comp_size)
		return xr_host->error_set(x->e, EXIT_USAGE, xr_tr(
		    "%s: %s packs %llu bytes into %llu, tighter than any spreadsheet "
		    "(a zip bomb?); not read",
		    "%s: %s 把 %llu 字节压缩成 %llu 字节，远超正常表格（疑为 zip 炸弹）；不予读取"),
		    x->path, name, (unsigned long long)st.size,
		    (unsigned long long)st.comp_size);
	*size = st.size;
	return 0;
}

/* Report a damaged part or zip (libzip's words after ours). */
static int
xr_zip_error(struct xr *x, const char *name, const char *why)
{
	return xr_host->error_set(x->e, EXIT_USAGE, xr_tr(
	    "%s: %s cannot be read (%s): the file is damaged or was cut short",
	    "%s: 无法读取 %s（%s）：文件已损坏或不完整"), x->path, name, why);
}

/* Feed the part's bytes in N to the parser: 0, or -1 with e set. */
static int
xr_feed(struct xr *x, const char *buf, size_t n, int final)
{
	if (XML_Parse(x->p, buf, (int)n, final) != XML_STATUS_ERROR)
		return 0;
	if (x->e->code != 0)		/* a handler stopped it */
		return -1;
	return xr_host->error_set(x->e, EXIT_USAGE, xr_tr("%s: %s:%lu: bad XML: %s",
	    "%s: %s 第 %lu 行：XML 有误：%s"), x->path, x->part,
	    (unsigned long)XML_GetCurrentLineNumber(x->p),
	    XML_ErrorString(XML_GetErrorCode(x->p)));
}

/* Refuse any document type declaration: no part of a workbook has one,
 * and entities are how XML is made to explode. */
static void
xr_doctype(void *ud, const XML_Char *name, const XML_Char *sys, const XML_Char *pub,
    int internal)
{
	struct xr *x = ud;

	xr_host->error_set(x->e, EXIT_USAGE, xr_tr("%s: %s has a document type declaration; not read",
	    "%s: %s 含有文档类型声明；不予读取"), x->path, x->part);
	xr_stop(x);
}

static void
xr_chars(void *ud, const XML_Char *s, int n)
{
	struct xr *x = ud;

	if (x->collect && !x->phonetic && xr_put(&x->text, s, (size_t)n) != 0) {
		xr_oom(x);
		xr_stop(x);
	}
	if (x->infor && x->ftext.len < 64)
		xr_put(&x->ftext, s, (size_t)n);
}

/*
 * Parse part NAME with the handlers START and END.  A part the package
 * lacks is skipped when OPTIONAL, else an error.  Returns 0 or -1 (e set).
 */
static int
xr_parse(struct xr *x, const char *name, int optional, XML_StartElementHandler start,
    XML_EndElementHandler end)
{
	zip_int64_t i = zip_name_locate(x->z, name, 0);
	zip_uint64_t size = 0, total = 0;
	zip_file_t *zf = NULL;
	char *buf = NULL;
	zip_int64_t n;
	int rc = -1;

	if (i < 0)
		return optional ? 0 : xr_host->error_set(x->e, EXIT_USAGE, xr_tr(
		    "%s: not an xlsx workbook (it has no %s)", "%s: 不是 xlsx 工作簿（缺少 %s）"),
		    x->path, name);
	if (xr_check_entry(x, name, i, &size) != 0)
		return -1;
	if ((x->p = XML_ParserCreate("UTF-8")) == NULL || (buf = malloc(XR_CHUNK)) == NULL) {
		xr_oom(x);
		goto done;
	}
	x->part = name;
	XML_SetUserData(x->p, x);
	XML_SetElementHandler(x->p, start, end);
	XML_SetCharacterDataHandler(x->p, xr_chars);
	XML_SetStartDoctypeDeclHandler(x->p, xr_doctype);
	if ((zf = zip_fopen_index(x->z, (zip_uint64_t)i, 0)) == NULL) {
		xr_zip_error(x, name, zip_strerror(x->z));
		goto done;
	}
	while ((n = zip_fread(zf, buf, XR_CHUNK)) > 0) {
		/* The directory may lie about the size: stop at it. */
		if ((total += (zip_uint64_t)n) > size) {
			xr_zip_error(x, name, xr_tr("larger than its directory entry says",
			    "比目录中记载的大"));
			goto done;
		}
		if (xr_feed(x, buf, (size_t)n, 0) != 0)
			goto done;
	}
	if (n < 0) {
		xr_zip_error(x, name, zip_file_strerror(zf));
		goto done;
	}
	rc = xr_feed(x, "", 0, 1);
done:
	if (zf != NULL)
		zip_fclose(zf);
	if (x->p != NULL)
		XML_ParserFree(x->p);
	x->p = NULL;
	free(buf);
	xr_reset(&x->text);
	x->collect = x->phonetic = 0;
	return rc;
}

/* ---- Relationships and the workbook ---- */

static void
xr_rels_free(struct xr *x)
{
	for (size_t i = 0; i < x->nrel; i++) {
		free(x->rel[i].id);
		free(x->rel[i].type);
		free(x->rel[i].target);
	}
	free(x->rel);
	x->rel = NULL;
	x->nrel = 0;
}

static void
xr_rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xr *x = ud;
	const char *id = xr_attr(atts, "Id"), *type = xr_attr(atts, "Type");
	const char *target = xr_attr(atts, "Target");
	struct xr_rel *r;

	if (strcmp(xr_local(name), "Relationship") != 0 || id == NULL || target == NULL)
		return;
	if ((r = realloc(x->rel, (x->nrel + 1) * sizeof *r)) == NULL) {
		xr_oom(x);
		xr_stop(x);
		return;
	}
	x->rel = r;
	r += x->nrel++;
	r->id = xr_dup(id);
	r->type = xr_dup(type != NULL ? type : "");
	r->target = xr_dup(target);
	if (r->id == NULL || r->type == NULL || r->target == NULL) {
		xr_oom(x);
		xr_stop(x);
	}
}

static void
xr_ignore_end(void *ud, const XML_Char *name)
{
}

/*
 * The part a relationship of part BASE's folder points at: its Target
 * taken from the package's root when it starts with '/', else from DIR
 * (e.g. "xl/"), with "../" going up.  Into OUT of N bytes; NULL when it
 * does not fit.
 */
static const char *
xr_resolve(const char *dir, const char *target, char *out, size_t n)
{
	size_t len;

	if (*target == '/')
		return snprintf(out, n, "%s", target + 1) < (int)n ? out : NULL;
	len = strlen(dir);
	while (strncmp(target, "../", 3) == 0) {
		target += 3;
		if (len > 0)
			len--;
		while (len > 0 && dir[len - 1] != '/')
			len--;
	}
	return snprintf(out, n, "%.*s%s", (int)len, dir, target) < (int)n ? out : NULL;
}

/* The target of the relationship whose Type ends in TYPE, or whose Id is
 * ID; NULL when there is none. */
static const char *
xr_rel_find(const struct xr *x, const char *type, const char *id)
{
	for (size_t i = 0; i < x->nrel; i++) {
		size_t a = strlen(x->rel[i].type), b = type ? strlen(type) : 0;

		if (type != NULL && a >= b && strcmp(x->rel[i].type + a - b, type) == 0)
			return x->rel[i].target;
		if (id != NULL && strcmp(x->rel[i].id, id) == 0)
			return x->rel[i].target;
	}
	return NULL;
}

static void
xr_workbook_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xr *x = ud;
	const char *n = xr_local(name), *v;
	struct xr_sheet *s;

	if (strcmp(n, "workbookPr") == 0 && (v = xr_attr(atts, "date1904")) != NULL)
		x->date1904 = strcmp(v, "1") == 0 || strcmp(v, "true") == 0;
	if (strcmp(n, "sheet") != 0 || xr_attr(atts, "name") == NULL ||
	    xr_attr(atts, "id") == NULL)
		return;
	if ((s = realloc(x->sheet, (x->nsheet + 1) * sizeof *s)) == NULL) {
		xr_oom(x);
		xr_stop(x);
		return;
	}
	x->sheet = s;
	s += x->nsheet++;
	s->name = xr_dup(xr_attr(atts, "name"));
	s->rid = xr_dup(xr_attr(atts, "id"));
	s->hidden = (v = xr_attr(atts, "state")) != NULL && strcmp(v, "visible") != 0;
	if (s->name == NULL || s->rid == NULL) {
		xr_oom(x);
		xr_stop(x);
	}
}

/* The sheet to read: the first a clerk sees (not hidden), or the one
 * named in the options. */
static const struct xr_sheet *
xr_pick_sheet(struct xr *x)
{
	struct xr_str names = { 0 };

	if (x->nsheet == 0) {
		xr_host->error_set(x->e, EXIT_USAGE, xr_tr("%s: the workbook has no sheets",
		    "%s: 工作簿中没有工作表"), x->path);
		return NULL;
	}
	for (size_t i = 0; x->o->sheet == NULL && i < x->nsheet; i++)
		if (!x->sheet[i].hidden)
			return &x->sheet[i];
	if (x->o->sheet == NULL)
		return &x->sheet[0];
	for (size_t i = 0; i < x->nsheet; i++)
		if (strcmp(x->sheet[i].name, x->o->sheet) == 0)
			return &x->sheet[i];
	for (size_t i = 0; i < x->nsheet; i++) {
		if (i > 0)
			xr_put(&names, ", ", 2);
		xr_put(&names, x->sheet[i].name, strlen(x->sheet[i].name));
	}
	xr_host->error_set(x->e, EXIT_USAGE, xr_tr("%s: no sheet named '%s' (the workbook has: %s)",
	    "%s: 没有名为 '%s' 的工作表（工作簿中有：%s）"), x->path, x->o->sheet,
	    xr_text(&names));
	free(names.s);
	return NULL;
}

/* ---- Shared strings and styles ---- */

static void
xr_sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xr *x = ud;
	const char *n = xr_local(name);

	if (strcmp(n, "si") == 0)
		xr_reset(&x->text);
	else if (strcmp(n, "t") == 0)
		x->collect = 1;
	else if (strcmp(n, "rPh") == 0)
		x->phonetic = 1;
}

static void
xr_sst_end(void *ud, const XML_Char *name)
{
	struct xr *x = ud;
	const char *n = xr_local(name);

	if (strcmp(n, "t") == 0)
		x->collect = 0;
	else if (strcmp(n, "rPh") == 0)
		x->phonetic = 0;
	else if (strcmp(n, "si") == 0) {
		if (x->nsst == x->capsst) {
			size_t cap = x->capsst ? 2 * x->capsst : 256;
			char **t = realloc(x->sst, cap * sizeof *t);

			if (t == NULL) {
				xr_oom(x);
				xr_stop(x);
				return;
			}
			x->sst = t;
			x->capsst = cap;
		}
		if ((x->sst[x->nsst++] = xr_dup(xr_text(&x->text))) == NULL) {
			xr_oom(x);
			xr_stop(x);
		}
		xr_reset(&x->text);
	}
}

/* What number format CODE shows: a date when it has y, m or d outside
 * quoted text, escapes and [brackets]; a time when it has h or s. */
static int
xr_fmt_kind(const char *code)
{
	int date = 0, time = 0;

	for (const char *p = code; *p != '\0'; p++) {
		if (*p == '"') {
			while (p[1] != '\0' && p[1] != '"')
				p++;
			if (p[1] != '\0')
				p++;
		} else if (*p == '\\' && p[1] != '\0')
			p++;
		else if (*p == '[') {
			/* [h], [mm], [ss]: elapsed time; else a colour or locale */
			if (strchr("hHmMsS", p[1]) != NULL)
				time = 1;
			while (p[1] != '\0' && p[1] != ']')
				p++;
		} else if (*p == ';')
			break;		/* the first section decides */
		else if (strchr("yYdD", *p))
			date = 1;
		else if (strchr("hHsS", *p))
			time = 1;
		else if (*p == 'm' || *p == 'M')
			date |= 2;
	}
	if (date & 1)
		return XR_DATE;
	if (time)
		return XR_TIME;
	return date ? XR_DATE : XR_NUMBER;
}

/* What the built-in number format ID shows: 14-17 and 22 dates, 18-21 and
 * 45-47 times; 27-36 and 50-58 are the dates of Chinese Excel. */
static int
xr_builtin_kind(long id)
{
	if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) ||
	    (id >= 50 && id <= 58))
		return XR_DATE;
	if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47))
		return XR_TIME;
	return XR_NUMBER;
}

static void
xr_styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xr *x = ud;
	const char *n = xr_local(name), *id = xr_attr(atts, "numFmtId");
	long fid = id != NULL ? strtol(id, NULL, 10) : 0;
	int kind;

	if (strcmp(n, "cellXfs") == 0)
		x->inxfs = 1;
	else if (strcmp(n, "numFmt") == 0 && id != NULL && xr_attr(atts, "formatCode")) {
		void *t = realloc(x->fmt, (x->nfmt + 1) * sizeof *x->fmt);

		if (t == NULL) {
			xr_oom(x);
			xr_stop(x);
			return;
		}
		x->fmt = t;
		x->fmt[x->nfmt].id = fid;
		x->fmt[x->nfmt++].kind = xr_fmt_kind(xr_attr(atts, "formatCode"));
	} else if (strcmp(n, "xf") == 0 && x->inxfs) {
		unsigned char *t = realloc(x->xf, x->nxf + 1);

		if (t == NULL) {
			xr_oom(x);
			xr_stop(x);
			return;
		}
		x->xf = t;
		kind = xr_builtin_kind(fid);
		for (size_t i = 0; i < x->nfmt; i++)
			if (x->fmt[i].id == fid)
				kind = x->fmt[i].kind;
		x->xf[x->nxf++] = (unsigned char)kind;
	}
}

static void
xr_styles_end(void *ud, const XML_Char *name)
{
	struct xr *x = ud;

	if (strcmp(xr_local(name), "cellXfs") == 0)
		x->inxfs = 0;
}

/* ---- Cells ---- */

/* Parse a cell reference "C5" into a 0-based column and a row; -1 when it
 * is not one. */
static int
xr_ref(const char *s, long *col, long *row)
{
	long c = 0, r = 0;
	int nl = 0, nd = 0;

	for (; *s >= 'A' && *s <= 'Z' && nl < 4; s++, nl++)
		c = c * 26 + (*s - 'A' + 1);
	for (; *s >= '0' && *s <= '9' && nd < 8; s++, nd++)
		r = r * 10 + (*s - '0');
	if (nl == 0 || nl > 3 || nd == 0 || *s != '\0' || c > XR_MAXCOLS || r < 1)
		return -1;
	*col = c - 1;
	*row = r;
	return 0;
}

/* "C5" for the 0-based column COL and row ROW, into OUT. */
static void
xr_name(long col, long row, char out[32])
{
	char rev[4];
	int n = 0, k = 0;

	for (col++; col > 0 && n < 3; col = (col - 1) / 26)
		rev[n++] = (char)('A' + (col - 1) % 26);
	while (n > 0)
		out[k++] = rev[--n];
	snprintf(out + k, (size_t)(32 - k), "%ld", row);
}

/* Report the current cell: "FILE:SHEET!C5: message". */
static void xr_cell_error(struct xr *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
xr_cell_error(struct xr *x, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	xr_host->error_set(x->e, EXIT_USAGE, "%s:%s!%s: %s", x->path, x->sheetname, x->ref, msg);
	xr_stop(x);
}

/*
 * A number as its exact digits into OUT (XR_NUMLEN bytes): no exponent,
 * no zeros before the first digit or after the last decimal.  Returns 0;
 * -1 when V is not a number; -2 when it has more than XR_MAXDIGITS digits
 * before the point, which a number cell cannot hold exactly (Excel has
 * already lost the rest).
 */
static int
xr_number(const char *v, char *out)
{
	char dig[40];
	int nd = 0, point = -1, neg = 0, lead = 0, i;
	size_t k = 0;
	const char *p = v;
	long ex = 0;
	char *end;

	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	for (; (*p >= '0' && *p <= '9') || (*p == '.' && point < 0); p++) {
		if (*p == '.')
			point = nd;
		else if (nd == (int)sizeof dig)
			return -2;
		else
			dig[nd++] = *p;
	}
	if (nd == 0)
		return -1;
	if (point < 0)
		point = nd;
	if (*p == 'e' || *p == 'E') {
		ex = strtol(p + 1, &end, 10);
		if (end == p + 1 || *end != '\0' || ex < -40)
			return -1;
		if (ex > 40)
			return -2;
		p = end;
	}
	if (*p != '\0')
		return -1;
	point += (int)ex;
	while (lead < nd && lead < point && dig[lead] == '0')
		lead++;
	if (point - lead > XR_MAXDIGITS)
		return -2;
	while (nd > 0 && nd > point && dig[nd - 1] == '0')
		nd--;
	/* At most 1 + 15 + 1 + 80 bytes: within XR_NUMLEN. */
	if (neg)
		out[k++] = '-';
	if (point - lead <= 0)
		out[k++] = '0';
	for (i = lead; i < point; i++)
		out[k++] = i < nd ? dig[i] : '0';
	if (nd > 0 && nd > point) {
		out[k++] = '.';
		for (i = point; i < nd; i++)
			out[k++] = i < 0 ? '0' : dig[i];
	}
	out[k] = '\0';
	if (strcmp(out, "-0") == 0)
		strcpy(out, "0");
	return 0;
}

/* The date of Excel's serial day DAYS (1900 system) as YYYY-MM-DD; -1
 * when it is out of range. */
static int
xr_date(long days, char *out)
{
	if (days < 1 || days > 2958465)
		return -1;
	/* Excel counts a 1900-02-29 that never was: serials from 61 on are
	 * days since 1899-12-30, those before it days since 1899-12-31. */
	if (days < 61)
		days++;
	xr_host->date_iso(days - 25569, out);	/* 25569: 1970-01-01 */
	return 0;
}

/* A date or time cell's number V as KIND shows it, into OUT; -1 when V
 * is no serial number. */
static int
xr_serial(const struct xr *x, const char *v, int kind, char *out)
{
	long days = 0, frac = 0, scale = 1;
	const char *p = v;
	int nd = 0;

	for (; *p >= '0' && *p <= '9' && nd < 9; p++, nd++)
		days = days * 10 + (*p - '0');
	if (nd == 0)
		return -1;
	if (*p == '.')
		for (p++, nd = 0; *p >= '0' && *p <= '9'; p++)
			if (nd++ < 9) {
				frac = frac * 10 + (*p - '0');
				scale *= 10;
			}
	if (*p != '\0')
		return -1;
	if (kind == XR_TIME) {
		long min = (long)((double)frac * 1440.0 / (double)scale + 0.5) % 1440;

		snprintf(out, XR_NUMLEN, "%02ld:%02ld", min / 60, min % 60);
		return 0;
	}
	return xr_date(days + (x->date1904 ? 1462 : 0), out);
}

/* The text of a cell whose value V is a number, into OUT (XR_NUMLEN
 * bytes): a date or time as its style shows it, else its exact digits.
 * NULL after an error. */
static const char *
xr_cell_number(struct xr *x, const char *v, char *out)
{
	int kind = x->style >= 0 && (size_t)x->style < x->nxf ? x->xf[x->style] : XR_NUMBER;
	int rc;

	if (*v == '\0' || (kind != XR_NUMBER && xr_serial(x, v, kind, out) == 0))
		return *v == '\0' ? v : out;
	if ((rc = xr_number(v, out)) == 0)
		return out;
	if (rc == -2)
		xr_cell_error(x, xr_tr("the number %s has lost digits: a number cell keeps "
		    "only 15; type it as text (with a leading ') and import again",
		    "数字 %s 已丢失位数：数字单元格只保留 15 位；请以文本格式（前加 '）重新输入后再导入"),
		    v);
	else
		xr_cell_error(x, xr_tr("'%s' is not a number", "'%s' 不是数字"), v);
	return NULL;
}

/* The text of the current cell, as a clerk sees it, into OUT (XR_NUMLEN
 * bytes) or pointing into what the reader holds; NULL after an error. */
static const char *
xr_cell_text(struct xr *x, char *out)
{
	const char *v = xr_text(&x->text), *t = x->type;
	char *end;
	long i;

	if (x->formula) {
		xr_cell_error(x, xr_tr("a formula (=%s): paste the sheet as values and import "
		    "again", "公式（=%s）：请把工作表“选择性粘贴为数值”后再导入"),
		    xr_text(&x->ftext));
		return NULL;
	}
	if (strcmp(t, "e") == 0) {
		xr_cell_error(x, xr_tr("an error value (%s) in the cell", "单元格是错误值（%s）"), v);
		return NULL;
	}
	if (strcmp(t, "s") == 0) {
		i = strtol(v, &end, 10);
		if (end == v || *end != '\0' || i < 0 || (size_t)i >= x->nsst) {
			xr_cell_error(x, xr_tr("no shared string %s", "共享字符串 %s 不存在"), v);
			return NULL;
		}
		return x->sst[i];
	}
	if (strcmp(t, "inlineStr") == 0 || strcmp(t, "str") == 0)
		return v;
	if (strcmp(t, "b") == 0)
		return strcmp(v, "1") == 0 ? "TRUE" : strcmp(v, "0") == 0 ? "FALSE" : v;
	if (strcmp(t, "d") == 0) {
		snprintf(out, XR_NUMLEN, "%.10s", v);
		return out;
	}
	return xr_cell_number(x, v, out);
}

/* Keep the current cell's text in the row, at its column. */
static void
xr_cell_end(struct xr *x)
{
	char buf[XR_NUMLEN];
	const char *s = xr_cell_text(x, buf);
	char *d;

	if (s == NULL || *s == '\0')
		return;
	if (x->o->max_cells > 0 && ++x->ncells > x->o->max_cells) {
		xr_host->error_set(x->e, EXIT_USAGE, xr_tr("%s:%s: more than %ld cells (max_sheet_cells "
		    "in baodao.conf)", "%s:%s: 超过 %ld 个单元格（见 baodao.conf 的 "
		    "max_sheet_cells）"), x->path, x->sheetname, x->o->max_cells);
		xr_stop(x);
		return;
	}
	if ((size_t)x->col >= x->capcell) {
		size_t cap = x->capcell ? x->capcell : 16;
		char **t;

		while (cap <= (size_t)x->col)
			cap *= 2;
		if ((t = realloc(x->cells, cap * sizeof *t)) == NULL) {
			xr_oom(x);
			xr_stop(x);
			return;
		}
		memset(t + x->capcell, 0, (cap - x->capcell) * sizeof *t);
		x->cells = t;
		x->capcell = cap;
	}
	if ((d = xr_dup(s)) == NULL) {
		xr_oom(x);
		xr_stop(x);
		return;
	}
	free(x->cells[x->col]);
	x->cells[x->col] = d;
	if ((size_t)x->col >= x->ncell)
		x->ncell = (size_t)x->col + 1;
}

/* Hand the current row to the host, and forget its cells. */
static void
xr_row_end(struct xr *x)
{
	const char *none = "";
	int rc = 0;

	for (size_t i = 0; i < x->ncell; i++)
		if (x->cells[i] == NULL)
			x->cells[i] = (char *)none;
	if (x->ncell > 0)
		rc = xr_host->row(x->sink, x->row, (const char *const *)x->cells, x->ncell);
	for (size_t i = 0; i < x->ncell; i++) {
		if (x->cells[i] != none)
			free(x->cells[i]);
		x->cells[i] = NULL;
	}
	x->ncell = 0;
	if (rc != 0)
		xr_stop(x);
}

/* A <row>: its number, which must grow, within max_rows. */
static void
xr_row_start(struct xr *x, const XML_Char **atts)
{
	const char *r = xr_attr(atts, "r");
	char *end;
	long n = r != NULL ? strtol(r, &end, 10) : x->lastrow + 1;

	if (r != NULL && (end == r || *end != '\0'))
		n = -1;
	if (n <= x->lastrow || n > 1048576) {
		xr_host->error_set(x->e, EXIT_USAGE, xr_tr("%s:%s: bad row number '%s' after row %ld",
		    "%s:%s: 行号 '%s' 有误（在第 %ld 行之后）"), x->path, x->sheetname,
		    r != NULL ? r : "", x->lastrow);
		xr_stop(x);
		return;
	}
	if (x->o->max_rows > 0 && n > x->o->max_rows) {
		xr_host->error_set(x->e, EXIT_USAGE, xr_tr("%s:%s: more than %ld rows (max_sheet_rows "
		    "in baodao.conf)", "%s:%s: 超过 %ld 行（见 baodao.conf 的 max_sheet_rows）"),
		    x->path, x->sheetname, x->o->max_rows);
		xr_stop(x);
		return;
	}
	x->row = x->lastrow = n;
	x->col = -1;
}

/* A <c>: where it is, its type and its style. */
static void
xr_cell_start(struct xr *x, const XML_Char **atts)
{
	const char *r = xr_attr(atts, "r"), *t = xr_attr(atts, "t"), *s = xr_attr(atts, "s");
	long col = x->col + 1, row = x->row;

	if (r != NULL && (xr_ref(r, &col, &row) != 0 || row != x->row || col <= x->col)) {
		xr_host->error_set(x->e, EXIT_USAGE, xr_tr("%s:%s: bad cell reference '%s' in row %ld",
		    "%s:%s: 单元格引用 '%s' 有误（第 %ld 行）"), x->path, x->sheetname, r, x->row);
		xr_stop(x);
		return;
	}
	if (col >= XR_MAXCOLS)
		col = XR_MAXCOLS - 1;
	x->col = col;
	xr_name(col, row, x->ref);
	snprintf(x->type, sizeof x->type, "%s", t != NULL ? t : "n");
	x->style = s != NULL ? strtol(s, NULL, 10) : 0;
	x->formula = 0;
	xr_reset(&x->text);
	xr_reset(&x->ftext);
}

static void
xr_sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xr *x = ud;
	const char *n = xr_local(name);

	if (strcmp(n, "row") == 0)
		xr_row_start(x, atts);
	else if (strcmp(n, "c") == 0 && x->row > 0)
		xr_cell_start(x, atts);
	else if (strcmp(n, "v") == 0 || strcmp(n, "t") == 0)
		x->collect = 1;
	else if (strcmp(n, "rPh") == 0)
		x->phonetic = 1;
	else if (strcmp(n, "f") == 0)
		x->formula = x->infor = 1;
}

static void
xr_sheet_end(void *ud, const XML_Char *name)
{
	struct xr *x = ud;
	const char *n = xr_local(name);

	if (strcmp(n, "v") == 0 || strcmp(n, "t") == 0)
		x->collect = 0;
	else if (strcmp(n, "rPh") == 0)
		x->phonetic = 0;
	else if (strcmp(n, "f") == 0)
		x->infor = 0;
	else if (strcmp(n, "c") == 0 && x->row > 0)
		xr_cell_end(x);
	else if (strcmp(n, "row") == 0 && x->row > 0) {
		xr_row_end(x);
		x->row = 0;
	}
}

/* ---- The whole workbook ---- */

/* Check the file before libzip opens it: its size, and what its first
 * bytes say it is. */
static int
xr_sniff(struct xr *x)
{
	static const unsigned char ole2[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
	unsigned char head[8] = { 0 };
	struct stat st;
	ssize_t n = -1;
	int fd = open(x->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return xr_host->error_set(x->e, EXIT_USAGE, "%s: %s", x->path, strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		n = read(fd, head, sizeof head);
	close(fd);
	if (n < 0)
		return xr_host->error_set(x->e, EXIT_USAGE, xr_tr("%s: not a regular file, or "
		    "it cannot be read", "%s: 不是普通文件，或无法读取"), x->path);
	if ((size_t)st.st_size > x->o->max_bytes)
		return xr_host->error_set(x->e, EXIT_USAGE, xr_tr("%s: larger than %zu bytes "
		    "(max_import_bytes in baodao.conf)", "%s: 超过 %zu 字节（见 baodao.conf "
		    "的 max_import_bytes）"), x->path, x->o->max_bytes);
	if (n == (ssize_t)sizeof head && memcmp(head, ole2, sizeof ole2) == 0)
		return xr_host->error_set(x->e, EXIT_USAGE, xr_tr(
		    "%s: a password-protected workbook, or an old Excel 97-2003 file (OLE2, "
		    "not xlsx): remove the password or save it as .xlsx, and import again",
		    "%s: 工作簿有密码保护，或是旧版 Excel 97-2003 文件（OLE2 格式，不是 xlsx）："
		    "请取消密码或另存为 .xlsx 后再导入"), x->path);
	if (n < 4 || memcmp(head, "PK\003\004", 4) != 0)
		return xr_host->error_set(x->e, EXIT_USAGE, xr_tr("%s: not an xlsx workbook (not a zip "
		    "file)", "%s: 不是 xlsx 工作簿（不是 zip 文件）"), x->path);
	return 0;
}

/* Open the package: a zip whose directory is whole. */
static int
xr_open(struct xr *x)
{
	int err = 0;
	zip_error_t ze;

	if (xr_sniff(x) != 0)
		return -1;
	if ((x->z = zip_open(x->path, ZIP_RDONLY | ZIP_CHECKCONS, &err)) != NULL)
		return 0;
	zip_error_init_with_code(&ze, err);
	xr_host->error_set(x->e, EXIT_USAGE, xr_tr("%s: the workbook is damaged or was cut short "
	    "(%s); save it again from Excel and import again",
	    "%s: 工作簿已损坏或不完整（%s）；请用 Excel 重新保存后再导入"), x->path,
	    zip_error_strerror(&ze));
	zip_error_fini(&ze);
	return -1;
}

/* The folder of part NAME, "xl/" for "xl/workbook.xml", into OUT. */
static void
xr_dir(const char *name, char *out, size_t n)
{
	const char *s = strrchr(name, '/');

	snprintf(out, n, "%.*s", s != NULL ? (int)(s - name + 1) : 0, name);
}

/*
 * Read the package's relationships to the workbook, the workbook's
 * sheets and relationships, and its shared strings and styles; *part
 * gets the sheet's part (PARTN bytes).
 */
static int
xr_workbook(struct xr *x, char *part, size_t partn)
{
	char wb[512], dir[512], rels[600], buf[512];
	const struct xr_sheet *s;
	const char *t;

	if (xr_parse(x, "_rels/.rels", 1, xr_rels_start, xr_ignore_end) != 0)
		return -1;
	t = xr_rel_find(x, "/officeDocument", NULL);
	if (xr_resolve("", t != NULL ? t : "xl/workbook.xml", wb, sizeof wb) == NULL)
		return xr_zip_error(x, "_rels/.rels", "Target");
	xr_rels_free(x);
	xr_dir(wb, dir, sizeof dir);
	snprintf(rels, sizeof rels, "%s_rels/%s.rels", dir, wb + strlen(dir));
	if (xr_parse(x, wb, 0, xr_workbook_start, xr_ignore_end) != 0 ||
	    xr_parse(x, rels, 0, xr_rels_start, xr_ignore_end) != 0 ||
	    (s = xr_pick_sheet(x)) == NULL)
		return -1;
	if ((x->sheetname = xr_dup(s->name)) == NULL)
		return xr_oom(x);
	if ((t = xr_rel_find(x, NULL, s->rid)) == NULL ||
	    xr_resolve(dir, t, part, partn) == NULL)
		return xr_host->error_set(x->e, EXIT_USAGE, xr_tr("%s: sheet '%s' has no part",
		    "%s: 工作表 '%s' 没有对应的部件"), x->path, s->name);
	if ((t = xr_rel_find(x, "/sharedStrings", NULL)) != NULL &&
	    (xr_resolve(dir, t, buf, sizeof buf) == NULL ||
	    xr_parse(x, buf, 0, xr_sst_start, xr_sst_end) != 0))
		return -1;
	if ((t = xr_rel_find(x, "/styles", NULL)) != NULL &&
	    (xr_resolve(dir, t, buf, sizeof buf) == NULL ||
	    xr_parse(x, buf, 0, xr_styles_start, xr_styles_end) != 0))
		return -1;
	return 0;
}

static void
xr_free(struct xr *x)
{
	xr_rels_free(x);
	for (size_t i = 0; i < x->nsheet; i++) {
		free(x->sheet[i].name);
		free(x->sheet[i].rid);
	}
	free(x->sheet);
	for (size_t i = 0; i < x->nsst; i++)
		free(x->sst[i]);
	free(x->sst);
	free(x->fmt);
	free(x->xf);
	for (size_t i = 0; i < x->capcell; i++)
		free(x->cells[i]);
	free(x->cells);
	free(x->text.s);
	free(x->ftext.s);
	free(x->sheetname);
	if (x->z != NULL)
		zip_discard(x->z);
}

/* The sheet name of the last read, for its errors.  Static storage, not
 * the heap: the plugin may be closed with nothing after to free it (an
 * Excel sheet name has at most 31 characters). */
static char xr_last_sheet[256];

int
xlsx_read(const char *path, const struct plugin_read_opts *o,
    struct plugin_rows *sink, const char **sheet_out, struct error *e)
{
	struct xr x;
	char part[512];
	int rc = -1;

	memset(&x, 0, sizeof x);
	x.path = path;
	x.o = o;
	x.sink = sink;
	x.e = e;
	if (xr_open(&x) == 0 && xr_workbook(&x, part, sizeof part) == 0)
		rc = xr_parse(&x, part, 0, xr_sheet_start, xr_sheet_end);
	snprintf(xr_last_sheet, sizeof xr_last_sheet, "%s", x.sheetname != NULL ?
	    x.sheetname : "");
	*sheet_out = xr_last_sheet;
	xr_free(&x);
	return rc;
}

void
xlsx_read_host(const struct plugin_host *host)
{
	xr_host = host;
}

static const struct plugin_reader xlsx_reader = { "xlsx", xlsx_read };

int
xlsx_read_init(const struct plugin_host *host, struct error *e)
{
	xlsx_read_host(host);
	if (host->add_reader(&xlsx_reader) != 0)
		return host->error_set(e, EXIT_ENV, "%s", host->tr(
		    "the xlsx reader could not be registered", "无法注册 xlsx 读取器"));
	return 0;
}

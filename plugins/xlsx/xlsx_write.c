/*
 * xlsx_write.c - the "xlsx" output format: a table as an Excel worksheet
 * laid out for print, written with libxlsxwriter.
 *
 * A sheet per table (a document of several, such as the year summary,
 * is a workbook of as many sheets, each named by its table's title).
 * The sheet: the title merged over the table's width (bold, larger), the
 * heading lines under it, the header row as given (bold, bordered,
 * wrapped), the rows bordered, then a blank row and the foot lines (the
 * signature and stamp lines).  Columns are as wide as their text (a CJK
 * character two units, capped; longer cells wrap), the header is frozen
 * and repeats on every printed page, and the page is A4, landscape when
 * the table is wider than a portrait page, fitted to the page's width.
 *
 * What a cell is: Excel turns "008.001" into 8.001 and an 11-digit phone
 * number into 1.38E+10.  So only a plain number that shows as the very
 * same text is written as a number: no leading zero, no "-0", at most 9
 * digits before the point and 6 after it (the decimals kept by the
 * cell's number format, so "41.50" stays "41.50"), and never in a column
 * of identifiers (by its header: 编号, 代码, 电话, ..., or member_id).
 * Everything else is text.
 *
 * libxlsxwriter 1.1.4 writes only to a named file: the workbook goes to a
 * temporary file in $TMPDIR, whose bytes finish copies into the output;
 * the file is removed on every path.  Its constant_memory mode writes each
 * row out as the next begins (a 20 000-member 记录卡 would otherwise hold
 * every cell in memory), so a row's height is set before its cells and
 * only the columns' widths wait for the end.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "xlsx.h"

#define XLSX_MAX_WIDTH   40      /* the widest column, in units (CJK: 2 each) */
#define XLSX_MIN_WIDTH   4
#define XLSX_HEAD_WIDTH  12      /* a header this wide needs no wrapping */
#define XLSX_PAD         2       /* units a column adds to its text */
#define XLSX_PORTRAIT    95      /* the most units an A4 portrait page holds */
#define XLSX_LINE_PT     15.0    /* the height of a line of 11 pt text */
#define XLSX_TITLE_PT    24.0    /* ... and of the 16 pt title */
#define XLSX_MAX_PT      409.0   /* Excel's tallest row */
#define XLSX_DECIMALS    6       /* the most decimals written as a number */
#define XLSX_CELL_MAX    32767   /* the most characters a cell holds */
#define XLSX_PAPER_A4    9

static const struct plugin_host *xlsx_host;

/* A workbook being written: a sheet per table, the fields from ws on
 * those of the sheet being written. */
struct xlsx_doc {
	char path[PATH_MAX];       /* the temporary file, "" when none */
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *title, *line, *head, *text;
	lxw_format *num[XLSX_DECIMALS + 1];   /* by number of decimals */
	size_t ncols;
	int *width;                /* each column's widest line, in units */
	unsigned char *ids;        /* columns of identifiers: text always */
	lxw_row_t row;             /* the next row to write */
	lxw_row_t header;          /* the header's row */
};

/* ---- measuring text ---- */

/*
 * The width of the character at p, in units (2 for the wide scripts:
 * CJK, Hangul, fullwidth forms; else 1), and its length in bytes in
 * *len (1 for a byte that starts no UTF-8 character).
 */
static int
xlsx_char_width(const unsigned char *p, int *len)
{
	unsigned c;

	if (p[0] < 0xC0) {
		*len = 1;
		return 1;
	}
	if (p[0] < 0xE0 && (p[1] & 0xC0) == 0x80) {
		*len = 2;
		return 1;
	}
	if (p[0] < 0xF0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
		*len = 3;
		c = (p[0] & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu);
		return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
		    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
		    (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
		    (c >= 0xFFE0 && c <= 0xFFE6) ? 2 : 1;
	}
	if ((p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80) {
		*len = 4;
		return 2;      /* beyond the BMP: the CJK extensions, emoji */
	}
	*len = 1;
	return 1;
}

/* The lines S takes in a column WIDTH units wide (wrapping anywhere, as
 * Excel does in CJK text), and in *widest its widest line unwrapped. */
static int
xlsx_lines(const char *s, int width, int *widest)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	int lines = 1, at = 0, raw = 0, max = 0, len, cw;

	for (; *p; p += len) {
		if (*p == '\n') {
			len = 1;
			lines++;
			at = raw = 0;
			continue;
		}
		cw = xlsx_char_width(p, &len);
		if (at > 0 && at + cw > width) {
			lines++;
			at = 0;
		}
		at += cw;
		if ((raw += cw) > max)
			max = raw;
	}
	if (widest)
		*widest = max;
	return lines;
}

/* The height of a row of LINES lines of PT points each. */
static double
xlsx_height(int lines, double pt)
{
	double h = lines * pt;

	return h > XLSX_MAX_PT ? XLSX_MAX_PT : h;
}

/* The characters of S (for Excel's limit on a cell). */
static size_t
xlsx_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* ---- what a cell is ---- */

/*
 * The decimals of S when it is a number that a spreadsheet shows as the
 * same text ("-4", "41.50"), else -1: no leading zero (008), no "-0", at
 * most 9 digits before the point (a phone, an ID number is not a count)
 * and XLSX_DECIMALS after it.
 */
static int
xlsx_decimals(const char *s)
{
	const char *p = s + (*s == '-'), *q;
	int ints, decs = 0, nonzero = 0;

	for (q = p; *q >= '0' && *q <= '9'; q++)
		nonzero |= *q != '0';
	ints = (int)(q - p);
	if (ints == 0 || ints > 9 || (ints > 1 && *p == '0'))
		return -1;
	if (*q == '.') {
		for (p = ++q; *q >= '0' && *q <= '9'; q++)
			nonzero |= *q != '0';
		decs = (int)(q - p);
		if (decs == 0 || decs > XLSX_DECIMALS)
			return -1;
	}
	if (*q != '\0' || (*s == '-' && !nonzero))
		return -1;
	return decs;
}

/* Is NAME the header of a column of identifiers (codes, numbers that
 * name, phones)?  Their digits are text even when they look like a count. */
static int
xlsx_id_column(const char *name)
{
	static const char *const part[] = { "编号", "代码", "号码", "电话", "手机",
	    "身份证", "证件", "联系方式", "QQ", "qq", "账号", "邮编" };
	static const char *const whole[] = { "单位", "社区", "党员", "组织", "支部" };
	static const char *const word[] = { "id", "code", "phone", "mobile", "qq",
	    "unit", "community", "org", "member", "household" };
	size_t n;

	for (size_t i = 0; i < sizeof part / sizeof *part; i++)
		if (strstr(name, part[i]))
			return 1;
	for (size_t i = 0; i < sizeof whole / sizeof *whole; i++)
		if (strcmp(name, whole[i]) == 0)
			return 1;
	/* English headers (--lang en): member_id, unit, work phone. */
	for (const char *p = name; *p; p += n) {
		n = strcspn(p, "_ ");
		for (size_t i = 0; i < sizeof word / sizeof *word; i++)
			if (strlen(word[i]) == n && strncmp(p, word[i], n) == 0)
				return 1;
		if (n == 0)
			n = 1;
	}
	return 0;
}

/* ---- the workbook ---- */

/* A libxlsxwriter error at ROW and COL (0-based) fails the document:
 * -1, else 0. */
static int
xlsx_check(struct emit *w, lxw_error err, lxw_row_t row, size_t col)
{
	if (err == LXW_NO_ERROR)
		return 0;
	xlsx_host->emit_fail(w, "row %lu column %zu: %s", (unsigned long)row + 1, col + 1,
	    lxw_strerror(err));
	return -1;
}

/* The formats of the sheet (the workbook owns them). */
static void
xlsx_formats(struct xlsx_doc *d)
{
	static const char *const num[XLSX_DECIMALS + 1] = { "0", "0.0", "0.00", "0.000",
	    "0.0000", "0.00000", "0.000000" };

	d->title = workbook_add_format(d->wb);
	format_set_bold(d->title);
	format_set_font_size(d->title, 16);
	format_set_align(d->title, LXW_ALIGN_CENTER);
	format_set_align(d->title, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(d->title);
	d->line = workbook_add_format(d->wb);
	format_set_align(d->line, LXW_ALIGN_LEFT);
	format_set_align(d->line, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(d->line);
	d->head = workbook_add_format(d->wb);
	format_set_bold(d->head);
	format_set_border(d->head, LXW_BORDER_THIN);
	format_set_align(d->head, LXW_ALIGN_CENTER);
	format_set_align(d->head, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(d->head);
	d->text = workbook_add_format(d->wb);
	format_set_border(d->text, LXW_BORDER_THIN);
	format_set_align(d->text, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(d->text);
	format_set_num_format(d->text, "@");
	for (int i = 0; i <= XLSX_DECIMALS; i++) {
		d->num[i] = workbook_add_format(d->wb);
		format_set_border(d->num[i], LXW_BORDER_THIN);
		format_set_align(d->num[i], LXW_ALIGN_VERTICAL_CENTER);
		format_set_num_format(d->num[i], num[i]);
	}
}

/* The temporary file and the workbook on it; the formats. */
static void
xlsx_begin_doc(struct emit *w)
{
	struct xlsx_doc *d = xlsx_host->emit_state(w);
	const char *dir = getenv("TMPDIR");
	lxw_workbook_options opt = { 0 };
	lxw_doc_properties props = { 0 };
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	if ((size_t)snprintf(d->path, sizeof d->path, "%s/baodao-xlsx-XXXXXX", dir) >=
	    sizeof d->path || (fd = mkstemp(d->path)) < 0) {
		d->path[0] = '\0';
		xlsx_host->emit_fail(w, "cannot make a temporary file in %s: %s", dir,
		    strerror(errno));
		return;
	}
	close(fd);
	opt.tmpdir = (char *)dir;
	opt.constant_memory = LXW_TRUE;     /* rows stream to a file in dir */
	if ((d->wb = workbook_new_opt(d->path, &opt)) == NULL) {
		xlsx_host->emit_fail(w, "cannot start a workbook in %s", dir);
		return;
	}
	/* The same calls give the same bytes: no clock in the properties. */
	props.created = 946684800;     /* 2000-01-01 */
	props.author = "baodao";
	workbook_set_properties(d->wb, &props);
	xlsx_formats(d);
}

/* The sheet's name: the title without what Excel forbids in one
 * ([]:*?/\ and a leading or trailing quote), at most 31 characters;
 * NULL (Sheet1) when nothing is left. */
static const char *
xlsx_sheet_name(lxw_workbook *wb, const char *title, char *buf, size_t cap)
{
	size_t n = 0, chars = 0;

	for (const char *p = title ? title : ""; *p && n + 1 < cap; p++) {
		if ((*p & 0xC0) != 0x80 && ++chars > 31)
			break;
		buf[n++] = strchr("[]:*?/\\\n\r\t", *p) ? ' ' : *p;
	}
	while (n > 0 && (buf[n - 1] == '\'' || buf[n - 1] == ' '))
		n--;
	buf[n] = '\0';
	while (*buf == '\'' || *buf == ' ')
		memmove(buf, buf + 1, strlen(buf));
	return *buf && workbook_validate_sheet_name(wb, buf) == LXW_NO_ERROR ? buf : NULL;
}

/* A line over the table's width at row R (title, heading and foot
 * lines): merged cells, or the one cell of a one-column table. */
static int
xlsx_span(struct emit *w, lxw_row_t r, const char *text, lxw_format *f)
{
	struct xlsx_doc *d = xlsx_host->emit_state(w);

	if (d->ncols == 1)
		return xlsx_check(w, worksheet_write_string(d->ws, r, 0, text, f), r, 0);
	return xlsx_check(w, worksheet_merge_range(d->ws, r, 0, r, (lxw_col_t)(d->ncols - 1),
	    text, f), r, 0);
}

/* Does a row of N cells fit the sheet (its rows, a cell's characters)?
 * 0, else -1 and the document fails. */
static int
xlsx_fits(struct emit *w, const char *const *cells, size_t n)
{
	struct xlsx_doc *d = xlsx_host->emit_state(w);

	if (d->row >= LXW_ROW_MAX) {
		xlsx_host->emit_fail(w, "more than the %d rows a sheet holds", LXW_ROW_MAX);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (cells[i] && xlsx_chars(cells[i]) > XLSX_CELL_MAX) {
			xlsx_host->emit_fail(w, "row %lu column %zu: more than the %d characters"
			    " a cell holds", (unsigned long)d->row + 1, i + 1, XLSX_CELL_MAX);
			return -1;
		}
	return 0;
}

/* The width a header asks of its column: a short one keeps to one line,
 * a long one may wrap to two. */
static int
xlsx_head_width(const char *name)
{
	int head;

	xlsx_lines(name, 0, &head);
	if (head > XLSX_HEAD_WIDTH)
		head = (head + 1) / 2 > XLSX_HEAD_WIDTH ? (head + 1) / 2 : XLSX_HEAD_WIDTH;
	return head < XLSX_MIN_WIDTH ? XLSX_MIN_WIDTH : head > XLSX_MAX_WIDTH ?
	    XLSX_MAX_WIDTH : head;
}

/* The width of the table in units, as its columns stand. */
static int
xlsx_total(const struct xlsx_doc *d)
{
	int total = 0;

	for (size_t i = 0; i < d->ncols; i++)
		total += d->width[i] + XLSX_PAD;
	return total;
}

/* A line over the table's width at the next row, as tall as its text
 * needs over TOTAL units in lines of PT points. */
static int
xlsx_line(struct emit *w, const char *text, lxw_format *f, int total, double pt)
{
	struct xlsx_doc *d = xlsx_host->emit_state(w);
	lxw_row_t r = d->row++;

	if (r >= LXW_ROW_MAX) {
		xlsx_host->emit_fail(w, "more than the %d rows a sheet holds", LXW_ROW_MAX);
		return -1;
	}
	if (xlsx_check(w, worksheet_set_row(d->ws, r, xlsx_height(xlsx_lines(text, total, NULL),
	    pt), NULL), r, 0) != 0)
		return -1;
	return xlsx_span(w, r, text, f);
}

/* The header row: its cells, its height, which columns hold identifiers. */
static int
xlsx_header(struct emit *w, const struct emit_table *t)
{
	struct xlsx_doc *d = xlsx_host->emit_state(w);
	int lines = 1, k;

	d->header = d->row;
	if (xlsx_fits(w, t->columns, d->ncols) != 0)
		return -1;
	for (size_t i = 0; i < d->ncols; i++)
		if ((k = xlsx_lines(t->columns[i], d->width[i], NULL)) > lines)
			lines = k;
	if (xlsx_check(w, worksheet_set_row(d->ws, d->row, xlsx_height(lines, XLSX_LINE_PT),
	    NULL), d->row, 0) != 0)
		return -1;
	for (size_t i = 0; i < d->ncols; i++) {
		if (xlsx_check(w, worksheet_write_string(d->ws, d->row, (lxw_col_t)i,
		    t->columns[i], d->head), d->row, i) != 0)
			return -1;
		d->ids[i] = (unsigned char)xlsx_id_column(t->columns[i]);
	}
	d->row++;
	return 0;
}

/*
 * The sheet: its title, heading lines and header row.  The rows stream
 * (constant_memory: a row is written out when the next begins), so the
 * heights of these rows follow the columns as their headers make them;
 * the rows' text may widen the columns later, leaving room to spare.
 */
static void
xlsx_begin_table(struct emit *w, const struct emit_table *t, const struct emit_at *at)
{
	struct xlsx_doc *d = xlsx_host->emit_state(w);
	char name[128];
	int total;

	if (d->wb == NULL)
		return;
	if (t->ncolumns > LXW_COL_MAX) {
		xlsx_host->emit_fail(w, "%zu columns, more than the %d a sheet holds",
		    t->ncolumns, LXW_COL_MAX);
		return;
	}
	d->ws = workbook_add_worksheet(d->wb, xlsx_sheet_name(d->wb, t->title, name,
	    sizeof name));
	d->ncols = t->ncolumns;
	free(d->width);
	free(d->ids);
	d->width = calloc(d->ncols, sizeof *d->width);
	d->ids = calloc(d->ncols, 1);
	d->row = 0;
	if (d->ws == NULL || d->width == NULL || d->ids == NULL) {
		xlsx_host->emit_fail(w, "out of memory");
		return;
	}
	for (size_t i = 0; i < d->ncols; i++)
		d->width[i] = xlsx_head_width(t->columns[i]);
	total = xlsx_total(d);
	/* 16 pt characters are about 16/11 as wide as the 11 pt ones. */
	if (t->title && xlsx_line(w, t->title, d->title, total * 11 / 16, XLSX_TITLE_PT) != 0)
		return;
	for (size_t i = 0; i < t->nheading; i++)
		if (xlsx_line(w, t->heading[i], d->line, total, XLSX_LINE_PT) != 0)
			return;
	xlsx_header(w, t);
}

/* One row: numbers as numbers, the rest as text; its height when a
 * cell wraps. */
static void
xlsx_row(struct emit *w, const struct emit_table *t, const char *const *cells, size_t n,
    const struct emit_at *at)
{
	struct xlsx_doc *d = xlsx_host->emit_state(w);
	int lines = 1, widest, k, dec;
	lxw_error err;

	if (d->ws == NULL || xlsx_fits(w, cells, n) != 0)
		return;
	for (size_t i = 0; i < n; i++) {
		const char *v = cells[i] ? cells[i] : "";

		if ((k = xlsx_lines(v, XLSX_MAX_WIDTH, &widest)) > lines)
			lines = k;
		if (widest > d->width[i])
			d->width[i] = widest > XLSX_MAX_WIDTH ? XLSX_MAX_WIDTH : widest;
	}
	/* The height first: the row is written out when the next begins. */
	if (lines > 1 && xlsx_check(w, worksheet_set_row(d->ws, d->row,
	    xlsx_height(lines, XLSX_LINE_PT), NULL), d->row, 0) != 0)
		return;
	for (size_t i = 0; i < n; i++) {
		const char *v = cells[i] ? cells[i] : "";

		dec = d->ids[i] ? -1 : xlsx_decimals(v);
		if (dec >= 0)
			err = worksheet_write_number(d->ws, d->row, (lxw_col_t)i, strtod(v, NULL),
			    d->num[dec]);
		else
			err = worksheet_write_string(d->ws, d->row, (lxw_col_t)i, v, d->text);
		if (xlsx_check(w, err, d->row, i) != 0)
			return;
	}
	d->row++;
}

/* The foot lines after a blank row; the columns' widths as the rows made
 * them; the page set up for print. */
static void
xlsx_end_table(struct emit *w, const struct emit_table *t, long rows)
{
	struct xlsx_doc *d = xlsx_host->emit_state(w);
	int total;

	if (d->ws == NULL)
		return;
	for (size_t i = 0; i < d->ncols; i++)
		if (xlsx_check(w, worksheet_set_column(d->ws, (lxw_col_t)i, (lxw_col_t)i,
		    d->width[i] + XLSX_PAD, NULL), d->header, i) != 0)
			return;
	total = xlsx_total(d);
	if (t->nfoot)
		d->row++;
	for (size_t i = 0; i < t->nfoot; i++)
		if (xlsx_line(w, t->foot[i], d->line, total, XLSX_LINE_PT) != 0)
			return;
	worksheet_freeze_panes(d->ws, d->header + 1, 0);
	worksheet_set_paper(d->ws, XLSX_PAPER_A4);
	if (total > XLSX_PORTRAIT)
		worksheet_set_landscape(d->ws);
	worksheet_fit_to_pages(d->ws, 1, 0);
	worksheet_center_horizontally(d->ws);
	if (xlsx_check(w, worksheet_repeat_rows(d->ws, d->header, d->header), d->header, 0) == 0 &&
	    xlsx_check(w, worksheet_set_footer(d->ws, "&C&P / &N"), 0, 0) == 0)
		xlsx_check(w, worksheet_ignore_errors(d->ws, LXW_IGNORE_NUMBER_STORED_AS_TEXT,
		    "A1:XFD1048576"), 0, 0);
}

/* The file's bytes into the output. */
static void
xlsx_copy(struct emit *w, const char *path)
{
	char buf[65536];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL) {
		xlsx_host->emit_fail(w, "cannot read back the workbook");
		return;
	}
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		xlsx_host->sbuf_add(xlsx_host->emit_out(w), buf, n);
	if (ferror(f))
		xlsx_host->emit_fail(w, "cannot read back the workbook");
	fclose(f);
}

/* Write the workbook and copy it out (ok), or drop it; the temporary
 * file goes either way.  A dropped workbook is closed all the same:
 * closing is what releases the rows constant_memory keeps in files. */
static void
xlsx_finish(struct emit *w, int ok)
{
	struct xlsx_doc *d = xlsx_host->emit_state(w);
	lxw_error err;

	if (d->wb) {
		err = workbook_close(d->wb);
		if (ok && err != LXW_NO_ERROR)
			xlsx_host->emit_fail(w, "%s", lxw_strerror(err));
		else if (ok)
			xlsx_copy(w, d->path);
	}
	if (d->path[0])
		unlink(d->path);
	free(d->width);
	free(d->ids);
}

static const struct emit_backend xlsx_backend = {
	.flags = EMIT_BINARY | EMIT_TABLES,
	.state_size = sizeof(struct xlsx_doc),
	.begin_doc = xlsx_begin_doc,
	.finish = xlsx_finish,
	.begin_table = xlsx_begin_table,
	.row = xlsx_row,
	.end_table = xlsx_end_table,
};

int
xlsx_write_init(const struct plugin_host *host, struct error *e)
{
	xlsx_host = host;
	if (host->add_format("xlsx", &xlsx_backend) != 0)
		return host->error_set(e, EXIT_ENV, "xlsx: the format xlsx is taken");
	return 0;
}

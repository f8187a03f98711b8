/*
 * import_err.c - the row errors of one import.
 *
 * Every error is one line, "FILE:ROW:COLUMN: message", or for a
 * workbook's sheet "FILE:SHEET!CELL: message".  A file may have
 * millions of bad rows; the first IMPORT_MAXERR in row order are kept (the
 * org prescan and the duplicate check report rows out of file order) and
 * the rest counted, and each rejected row is counted once.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "import_int.h"
#include "util.h"

/*
 * tr() for format strings: passing tr() straight to a printf-like function
 * hides the format from gcc; through this it checks both translations.
 */
const char *
import_tr(const char *en, const char *zh)
{
	return tr(en, zh);
}

/* Mark ROW rejected, counting each row once. */
static void
import_mark_bad(struct import_run *r, int row)
{
	size_t byte = (size_t)row / 8;
	unsigned char bit = (unsigned char)(1u << (row % 8));

	if (byte >= r->badcap) {
		size_t cap = r->badcap ? r->badcap : 1024;

		while (cap <= byte)
			cap *= 2;
		r->bad = xrealloc(r->bad, cap);
		memset(r->bad + r->badcap, 0, cap - r->badcap);
		r->badcap = cap;
	}
	if (!(r->bad[byte] & bit)) {
		r->bad[byte] |= bit;
		r->nbad++;
	}
}

/*
 * Keep LINE (which the run now owns) among the IMPORT_MAXERR errors that
 * come first in the file, in row order, errors of one row in the order they
 * were found.  Errors past the limit are only counted.
 */
void
import_keep(struct import_run *r, int row, char *line)
{
	size_t i;

	import_mark_bad(r, row);
	if (row == r->row)
		r->rowbad = 1;
	if (r->nerr == IMPORT_MAXERR) {
		r->dropped++;
		if (row >= r->err[r->nerr - 1].row) {
			free(line);
			return;
		}
		free(r->err[--r->nerr].line);
	}
	for (i = r->nerr; i > 0 && r->err[i - 1].row > row; i--)
		r->err[i] = r->err[i - 1];
	r->err[i].row = row;
	r->err[i].line = line;
	r->nerr++;
}

/* The spreadsheet letters of the 0-based column I: A, B, ..., Z, AA, ... */
void
import_letters(size_t i, char out[8])
{
	char rev[8];
	size_t n = 0;

	for (i++; i > 0 && n < sizeof rev - 1; i = (i - 1) / 26)
		rev[n++] = (char)('A' + (i - 1) % 26);
	for (size_t j = 0; j < n; j++)
		out[j] = rev[n - 1 - j];
	out[n] = '\0';
}

/* The cell COLUMN names in a sheet's row, into OUT: a header cell's text
 * (r->head, by pointer) is its column, and letters are themselves.
 * Returns 0, or -1 when COLUMN is no cell (NULL, or a column the file
 * lacks). */
static int
import_cell_letters(const struct import_run *r, const char *column, char out[8])
{
	size_t n = 0;

	if (column == NULL)
		return -1;
	for (size_t i = 0; i < r->nhead; i++)
		if (column == r->head[i]) {
			import_letters(i, out);
			return 0;
		}
	while (column[n] >= 'A' && column[n] <= 'Z' && n < 7)
		n++;
	if (n == 0 || column[n] != '\0')
		return -1;
	memcpy(out, column, n + 1);
	return 0;
}

/*
 * Where an error is, before its message: "FILE:ROW:COLUMN" (or
 * "FILE:ROW") in a CSV file; in a sheet, "FILE:SHEET!C5", or for a whole
 * row "FILE:SHEET!5:5" (Excel's name of row 5) and the column's name.
 */
static char *
import_where(const struct import_run *r, int row, const char *column)
{
	char letters[8];

	if (r->sheetname == NULL)
		return column != NULL ? xasprintf("%s:%d:%s", r->f.path, row, column) :
		    xasprintf("%s:%d", r->f.path, row);
	if (import_cell_letters(r, column, letters) == 0)
		return xasprintf("%s:%s!%s%d", r->f.path, r->sheetname, letters, row);
	if (column != NULL)
		return xasprintf("%s:%s!%d:%d: %s", r->f.path, r->sheetname, row, row, column);
	return xasprintf("%s:%s!%d:%d", r->f.path, r->sheetname, row, row);
}

/* With errors_path, remember TEXT (which the run now owns) as a reason
 * row ROW was rejected; else free it. */
void
import_why(struct import_run *r, int row, char *text)
{
	if (r->o->errors_path == NULL) {
		free(text);
		return;
	}
	if (r->nwhy == r->capwhy) {
		r->capwhy = r->capwhy ? 2 * r->capwhy : 64;
		r->why = xrealloc(r->why, r->capwhy * sizeof *r->why);
	}
	r->why[r->nwhy].row = row;
	r->why[r->nwhy].seq = r->nwhy;
	r->why[r->nwhy++].text = text;
}

/* Report "FILE:ROW:COLUMN: message" (import_where), on one line even when
 * it quotes a cell with line breaks. */
void
import_error(struct import_run *r, int row, const char *column,
    const char *fmt, ...)
{
	char msg[768];
	char *where;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	for (char *p = msg; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	where = import_where(r, row, column);
	import_keep(r, row, xasprintf("%s: %s", where, msg));
	import_why(r, row, column != NULL ? xasprintf("%s: %s", column, msg) : xstrdup(msg));
	free(where);
}

/* Whether ROW was rejected. */
int
import_rejected(const struct import_run *r, int row)
{
	size_t byte = (size_t)row / 8;

	return row >= 0 && byte < r->badcap && (r->bad[byte] & (1u << (row % 8)));
}

/* Hand the kept errors to ERRS, with a count of those not kept. */
void
import_errors_move(struct import_run *r, struct import_errors *errs)
{
	for (size_t i = 0; i <= r->nerr; i++) {
		char *line;

		if (i < r->nerr)
			line = r->err[i].line;
		else if (r->dropped > 0)
			line = xasprintf(import_tr("... and %zu more errors",
			    "……另有 %zu 个错误"), r->dropped);
		else
			break;
		if (errs->n == errs->cap) {
			errs->cap = errs->cap ? 2 * errs->cap : 16;
			errs->line = xrealloc(errs->line, errs->cap * sizeof *errs->line);
		}
		errs->line[errs->n++] = line;
	}
	r->nerr = r->dropped = 0;
}

void
import_errors_free(struct import_errors *errs)
{
	for (size_t i = 0; i < errs->n; i++)
		free(errs->line[i]);
	free(errs->line);
	memset(errs, 0, sizeof *errs);
}

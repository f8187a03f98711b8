/*
 * import_err.c - the row errors of one import.
 *
 * Every error is one line, "FILE:ROW:COLUMN: message".  A file may have
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

/* Report "FILE:ROW:COLUMN: message" (no COLUMN when it is NULL), on one
 * line even when it quotes a cell with line breaks. */
void
import_error(struct import_run *r, int row, const char *column,
    const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	for (char *p = msg; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	if (column != NULL)
		import_keep(r, row, xasprintf("%s:%d:%s: %s", r->f.path, row, column, msg));
	else
		import_keep(r, row, xasprintf("%s:%d: %s", r->f.path, row, msg));
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

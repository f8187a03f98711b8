/*
 * import_head.c - the header row matched onto a kind's columns.
 *
 * A header cell names a column by its canonical name or by one of the
 * notices' Chinese headers, in any order, compared without white space,
 * with full-width brackets as ASCII ones and letters in lower case.  An
 * unknown cell, a column named twice or a required column missing is
 * reported as an error of the header's row.
 *
 * The header is the first row with a cell naming a column.  The forms
 * clerks fill in put their title above it (a row of one cell) and a
 * "单位：… 年 月 日" line; up to IMPORT_MAXTITLE such rows are skipped.
 * Any other row there is taken as the header, and reported as one.  A
 * 序号 column (the form's row numbers) and the reason column of a file
 * import wrote back (原因, reason) are ignored unless the kind has them.
 */
#include <string.h>

#include "csv.h"
#include "import.h"
#include "import_int.h"
#include "util.h"

#define IMPORT_MAXTITLE	10	/* rows above the header skipped at most */

/*
 * The form of a header that matching compares: no white space at all
 * (clerks break long headers over lines, and spreadsheets pad them with
 * ideographic spaces), full-width brackets as ASCII ones, ASCII letters in
 * lower case.
 */
static void
import_header_key(const char *s, struct sbuf *b)
{
	const unsigned char *p = (const unsigned char *)s;

	sbuf_reset(b);
	sbuf_add(b, "", 0);
	while (*p != '\0') {
		if (*p == ' ' || (*p >= '\t' && *p <= '\r'))
			p++;
		else if (p[0] == 0xC2 && p[1] == 0xA0)		/* no-break space */
			p += 2;
		else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)	/* U+3000 */
			p += 3;
		else if (p[0] == 0xEF && p[1] == 0xBC && (p[2] == 0x88 || p[2] == 0x89)) {
			sbuf_addc(b, p[2] == 0x88 ? '(' : ')');	/* （） */
			p += 3;
		} else {
			sbuf_addc(b, (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p));
			p++;
		}
	}
}

/* The column a header cell means, by canonical name or a form's header;
 * -1 when none. */
static int
import_match(const struct import_run *r, const char *header)
{
	struct sbuf want, have;
	int c, found = -1;

	sbuf_init(&want);
	sbuf_init(&have);
	import_header_key(header, &want);
	for (c = 0; c < r->ncols && found < 0; c++) {
		import_header_key(r->k->cols[c].name, &have);
		if (strcmp(want.s, have.s) == 0)
			found = c;
	}
	for (c = 0; c < r->ncols && found < 0; c++) {
		for (const char *const *a = r->k->cols[c].aliases; a && *a && found < 0; a++) {
			import_header_key(*a, &have);
			if (strcmp(want.s, have.s) == 0)
				found = c;
		}
	}
	sbuf_free(&want);
	sbuf_free(&have);
	return found;
}

/* Whether a header cell no column has is one import passes over: the
 * form's 序号, and the reason column of rows written back. */
static int
import_ignored(const char *header)
{
	static const char *const names[] = { "序号", "原因", "reason" };
	struct sbuf key;
	int found = 0;

	sbuf_init(&key);
	import_header_key(header, &key);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		found |= strcmp(key.s, names[i]) == 0;
	sbuf_free(&key);
	return found;
}

/* Whether record REC names a column of the kind in any cell. */
static int
import_names_column(const struct import_run *r, const struct csv_record *rec)
{
	for (size_t i = 0; i < rec->nfields; i++) {
		char *text = util_trim(rec->field[i]);

		if (*text != '\0' && import_match(r, text) >= 0)
			return 1;
	}
	return 0;
}

/* Whether REC is a line of a form above its table: one cell (the title),
 * or the "单位：… 年 月 日" line of who filled it in and when. */
static int
import_title_row(const struct csv_record *rec)
{
	struct sbuf all;
	size_t cells = 0;
	int title;

	sbuf_init(&all);
	sbuf_add(&all, "", 0);
	for (size_t i = 0; i < rec->nfields; i++) {
		char *text = util_trim(rec->field[i]);

		if (*text != '\0')
			cells++;
		sbuf_adds(&all, text);
	}
	title = cells <= 1 || strstr(all.s, "单位：") != NULL || strstr(all.s, "单位:") != NULL ||
	    (strstr(all.s, "年") != NULL && strstr(all.s, "月") != NULL &&
	    strstr(all.s, "日") != NULL);
	sbuf_free(&all);
	return title;
}

/* Map one header cell I onto a column, reporting what is wrong with it. */
static void
import_header_cell(struct import_run *r, size_t i)
{
	const char *text = r->head[i];
	int c;

	r->cellcol[i] = IMPORT_NOHEADER;
	if (*text == '\0')
		return;
	if ((c = import_match(r, text)) < 0) {
		r->cellcol[i] = IMPORT_SKIP;
		if (!r->o->ignore_extra && !import_ignored(text))
			import_error(r, r->headrow, text, "%s", tr("unknown column", "未知的列"));
	} else if (r->pos[c] >= 0)
		import_error(r, r->headrow, text, import_tr("same column as '%s' (%s)",
		    "与 '%s' 是同一列（%s）"), r->head[r->pos[c]], r->k->cols[c].name);
	else {
		r->pos[c] = (int)i;
		r->cellcol[i] = c;
	}
}

/* A header cell as messages name it: trimmed, and with each line break
 * inside it (clerks wrap long headers) made a space, so that an error
 * stays on one line. */
static char *
import_header_label(char *cell)
{
	char *s = xstrdup(util_trim(cell)), *p, *q;

	for (p = q = s; *p != '\0'; p++) {
		if (*p != '\r' && *p != '\n')
			*q++ = *p;
		else if (q == s || q[-1] != ' ')
			*q++ = ' ';
	}
	*q = '\0';
	return s;
}

/*
 * Find the header row below any title rows, and map its cells onto the
 * kind's columns.  Returns -1 with r->e set when there is no header;
 * header errors are reported like row errors (of the header's row).
 */
int
import_header(struct import_run *r)
{
	struct error ce = { 0 };
	int rc, c;

	for (int skipped = 0;; skipped++) {
		if ((rc = csv_next(&r->f, &r->rec, &ce)) == -1)
			return error_set(r->e, ce.code, "%s", ce.msg);
		if (rc == 0)
			return error_set(r->e, EXIT_USAGE, skipped ? import_tr(
			    "%s: no header row below the title", "%s: 标题下面没有表头行") :
			    import_tr("%s: empty file, no header row", "%s: 文件为空，没有表头行"),
			    r->f.path);
		if (skipped == IMPORT_MAXTITLE || import_names_column(r, &r->rec) ||
		    !import_title_row(&r->rec))
			break;
	}
	r->headrow = r->f.row;
	r->nhead = r->rec.nfields;
	r->head = xcalloc(r->nhead, sizeof *r->head);
	r->cellcol = xcalloc(r->nhead, sizeof *r->cellcol);
	for (size_t i = 0; i < r->nhead; i++) {
		r->head[i] = import_header_label(r->rec.field[i]);
		import_header_cell(r, i);
	}
	for (c = 0; c < r->ncols; c++) {
		r->label[c] = r->pos[c] >= 0 ? r->head[r->pos[c]] : r->k->cols[c].name;
		if ((r->k->cols[c].flags & RECORD_REQ) && r->pos[c] < 0)
			import_error(r, r->headrow, r->k->cols[c].name, "%s",
			    tr("missing required column", "缺少必需的列"));
	}
	return 0;
}

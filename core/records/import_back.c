/*
 * import_back.c - the rejected rows of an import written back (import
 * --errors FILE): the header as the file had it, each rejected row as it
 * was, and a reason column saying what is wrong with it, so that a clerk
 * fixes the rows there and imports that file again (import ignores the
 * reason column).  Title rows and the rows that passed are left out.  The
 * format follows FILE's extension (.xlsx when a plugin writes xlsx, else
 * csv), written through the one writer (emit.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv.h"
#include "emit.h"
#include "import.h"
#include "import_int.h"
#include "util.h"

/* Reasons in row order, those of one row in the order they were found. */
static int
import_why_cmp(const void *a, const void *b)
{
	const struct import_why *x = a, *y = b;

	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The format of the file at PATH: "xlsx" for .xlsx, else "csv". */
static const char *
import_back_format(const char *path, struct error *e)
{
	size_t n = strlen(path);

	if (n < 5 || strcasecmp(path + n - 5, ".xlsx") != 0)
		return "csv";
	if (!emit_format_known("xlsx")) {
		error_set(e, EXIT_USAGE, import_tr("%s: writing xlsx needs the xlsx plugin, "
		    "which is not loaded; name the file .csv", "%s: 写 xlsx 需要 xlsx 插件，"
		    "但它没有加载；请把文件名改为 .csv"), path);
		return NULL;
	}
	return "xlsx";
}

/* Open the rows again from the start: the CSV file, or the sheet's text. */
static int
import_back_reopen(struct import_run *r, struct csv_file *f, struct error *e)
{
	if (r->sheetname == NULL)
		return csv_open(f, r->f.path, r->o->max_bytes ? r->o->max_bytes :
		    IMPORT_MAX_BYTES, e);
	if (csv_open_mem(f, r->f.path, r->sheet.s, r->sheet.len, e) != 0)
		return -1;
	f->sep = ',';
	return 0;
}

/* Row ROW's cells (as many as the header has) and its reasons, joined
 * with "; " from *at on, into CELLS and REASON. */
static void
import_back_row(struct import_run *r, const struct csv_record *rec, int row,
    size_t *at, const char **cells, struct sbuf *reason)
{
	for (size_t i = 0; i < r->nhead; i++)
		cells[i] = i < rec->nfields ? rec->field[i] : "";
	sbuf_reset(reason);
	sbuf_add(reason, "", 0);
	while (*at < r->nwhy && r->why[*at].row < row)
		(*at)++;
	for (; *at < r->nwhy && r->why[*at].row == row; (*at)++) {
		if (reason->len > 0)
			sbuf_adds(reason, "; ");
		sbuf_adds(reason, r->why[*at].text);
	}
	cells[r->nhead] = reason->s;
}

/* Write the rejected rows of F as a table on W. */
static void
import_back_rows(struct import_run *r, struct csv_file *f, struct emit *w, struct error *e)
{
	const char **head = xcalloc(r->nhead + 1, sizeof *head);
	const char **cells = xcalloc(r->nhead + 1, sizeof *cells);
	struct emit_table t = { 0 };
	struct csv_record rec;
	struct sbuf reason;
	size_t at = 0;

	csv_record_init(&rec);
	sbuf_init(&reason);
	for (size_t i = 0; i < r->nhead; i++)
		head[i] = r->head[i];
	head[r->nhead] = tr("reason", "原因");
	t.columns = head;
	t.ncolumns = r->nhead + 1;
	t.rows_key = "rows";
	emit_begin_table(w, &t);
	while (csv_next(f, &rec, e) == 1) {
		if (f->row <= r->headrow || !import_rejected(r, f->row))
			continue;
		import_back_row(r, &rec, f->row, &at, cells, &reason);
		emit_row(w, cells, r->nhead + 1);
	}
	emit_end_table(w);
	/* A malformed record (one of the rows' own errors) ends the rows. */
	error_clear(e);
	csv_record_free(&rec);
	sbuf_free(&reason);
	free(head);
	free(cells);
}

/* Create PATH (mode 0600: it holds personal data) for writing. */
static FILE *
import_back_create(const char *path, struct error *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *out;

	if (fd < 0 || (out = fdopen(fd, "w")) == NULL) {
		error_set(e, EXIT_ENV, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	return out;
}

/*
 * Write the rows r rejected to errors_path.  A failure is warned about
 * (the import has failed already, with its own message).  Returns 0 when
 * the file was written, else -1.
 */
int
import_write_back(struct import_run *r)
{
	const char *path = r->o->errors_path, *format;
	struct error e = { 0 };
	struct csv_file f;
	struct emit *w = NULL;
	FILE *out = NULL;
	struct stat a, b;
	int rc = -1;

	memset(&f, 0, sizeof f);
	if (r->headrow == 0 || import_rejected(r, r->headrow))
		return -1;	/* a bad header: no rows to fix */
	if (stat(path, &a) == 0 && stat(r->f.path, &b) == 0 && a.st_dev == b.st_dev &&
	    a.st_ino == b.st_ino) {
		util_warnx(import_tr("%s: is the file imported; the rejected rows are not "
		    "written over it", "%s: 是正在导入的文件；有误的行不会写到它上面"), path);
		return -1;
	}
	qsort(r->why, r->nwhy, sizeof *r->why, import_why_cmp);
	if ((format = import_back_format(path, &e)) != NULL &&
	    import_back_reopen(r, &f, &e) == 0 && (out = import_back_create(path, &e)) != NULL &&
	    (w = emit_open_file(out, format, &e)) != NULL) {
		import_back_rows(r, &f, w, &e);
		rc = emit_close(w);
	}
	if (out != NULL && fclose(out) != 0 && rc == 0)
		rc = error_set(&e, EXIT_ENV, "%s: %s", path, strerror(errno));
	csv_close(&f);
	if (rc != 0)
		util_warnx("%s", e.msg);
	else
		r->st->written_back = r->nbad;
	return rc;
}

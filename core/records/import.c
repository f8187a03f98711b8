/*
 * import.c - loading the clerks' spreadsheets (CSV) into the database.
 *
 * Each kind of record is declared once in record.c: its columns (the
 * canonical name and the notices' headers, the database column it fills,
 * how its text is read, whether it is required or part of the natural
 * key, the kind a reference names).  One engine reads every kind from
 * that table:
 *
 *   header  map the header cells onto columns;
 *   rows    read each cell into a typed value, check it, and upsert the
 *           row by its natural key with statements built from the column
 *           table.  Only the columns the file has are compared and
 *           written: a column the file lacks is left as it is;
 *   finish  if any row was bad, roll back and report every bad row; else
 *           write the audit row and commit.
 *
 * Rows are written as they are checked, inside one transaction that is
 * rolled back if anything was wrong (or on a dry run).  That keeps a two
 * million row file to a single pass, and it is how a duplicate is seen:
 * the natural key finds a row this same file already wrote.
 *
 * This file is the driver: the whole file from open (import_src.c: a CSV
 * file or a workbook's sheet) to commit or rollback, the statements built from the column table, and the row loop.
 * The header (import_head.c), the cells (import_read.c), the codes they
 * name (import_ref.c), the errors (import_err.c) and what a kind does
 * beyond its columns (import_kinds.c, import_org.c, import_wish.c) are
 * apart; import_int.h is what they share.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "csv.h"
#include "db.h"
#include "import.h"
#include "import_int.h"
#include "progress.h"
#include "record.h"
#include "util.h"

/* ---- Statements ---- */

/* Add an item to a list being built, after SEP unless it is the first. */
static void import_list(struct sbuf *b, const char *sep, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
import_list(struct sbuf *b, const char *sep, const char *fmt, ...)
{
	char item[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(item, sizeof item, fmt, ap);
	va_end(ap);
	if (b->len > 0)
		sbuf_adds(b, sep);
	sbuf_adds(b, item);
}

/*
 * Build and prepare the statements that upsert a row of the kind's table:
 * find it by its natural key (and say whether any other column differs),
 * insert it, update it.  ?N is always the value of column N (1-based) and
 * ?(ncols + 1) the row id, so one binding routine serves all three.  The
 * key takes part whole; of the other columns only those the file has.
 * Only identifiers from the static tables go into the text.
 */
static int
import_prepare(struct import_run *r)
{
	struct sbuf where, diff, set, cols, vals;
	char *sql;
	int c, rc = -1;

	sbuf_init(&where);
	sbuf_init(&diff);
	sbuf_init(&set);
	sbuf_init(&cols);
	sbuf_init(&vals);
	for (c = 0; c < r->ncols; c++) {
		const struct record_col *col = &r->k->cols[c];

		if (col->field == NULL || (!(col->flags & RECORD_KEY) && r->pos[c] < 0))
			continue;
		if (col->flags & RECORD_KEY)
			import_list(&where, " AND ", "%s %s ?%d", col->field,
			    (col->flags & RECORD_REQ) ? "=" : "IS", c + 1);
		else {
			import_list(&diff, " OR ", "%s IS NOT ?%d", col->field, c + 1);
			import_list(&set, ", ", "%s = ?%d", col->field, c + 1);
		}
		import_list(&cols, ", ", "%s", col->field);
		import_list(&vals, ", ", "?%d", c + 1);
	}

	sql = xasprintf("SELECT id, %s FROM %s WHERE %s", diff.len ? diff.s : "0",
	    r->k->table, where.s);
	r->find = db_prepare(r->db, sql, r->e);
	free(sql);
	sql = xasprintf("INSERT INTO %s (%s) VALUES (%s)", r->k->table, cols.s, vals.s);
	r->ins = db_prepare(r->db, sql, r->e);
	free(sql);
	if (set.len > 0) {
		sql = xasprintf("UPDATE %s SET %s WHERE id = ?%d", r->k->table, set.s,
		    r->ncols + 1);
		r->upd = db_prepare(r->db, sql, r->e);
		free(sql);
	}
	if (r->find != NULL && r->ins != NULL && (set.len == 0 || r->upd != NULL))
		rc = set.len > 0 ? import_history_prepare(r) : 0;

	sbuf_free(&where);
	sbuf_free(&diff);
	sbuf_free(&set);
	sbuf_free(&cols);
	sbuf_free(&vals);
	return rc;
}

/* Prepare the lookups the kind's reference columns need and the hooks'
 * own statements. */
static int
import_prepare_more(struct import_run *r)
{
	for (int c = 0; c < r->ncols; c++) {
		enum record_type t = r->k->cols[c].type;
		const struct record_kind *ref = record_ref_kind(t);
		char *sql;

		if (ref == NULL || r->lookup[t] != NULL)
			continue;
		/* Only orgs have kinds a column may be limited to. */
		sql = xasprintf("SELECT id, %s FROM %s WHERE %s = ?1",
		    t == RECORD_T_ORG ? "kind" : "NULL", ref->table, ref->cols[0].field);
		r->lookup[t] = db_prepare(r->db, sql, r->e);
		free(sql);
		if (r->lookup[t] == NULL)
			return -1;
	}
	for (int i = 0; r->h->sql != NULL && r->h->sql[i] != NULL; i++)
		if ((r->xst[i] = db_prepare(r->db, r->h->sql[i], r->e)) == NULL)
			return -1;
	return 0;
}

/* Bind every column's value to its ?N in ST. */
void
import_bind(struct import_run *r, sqlite3_stmt *st)
{
	int n = sqlite3_bind_parameter_count(st);

	for (int c = 0; c < r->ncols && c < n; c++) {
		const struct import_val *v = &r->val[c];

		if (v->type == SQLITE_INTEGER)
			sqlite3_bind_int64(st, c + 1, v->i);
		else if (v->type == SQLITE_TEXT)
			sqlite3_bind_text(st, c + 1, v->s, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, c + 1);
	}
}

/* A statement of the current row failed with RC: a constraint the
 * database enforces (a trigger, a CHECK) rejects the row like any other
 * check; anything else ends the import (r->e set).  Returns -1. */
int
import_fail(struct import_run *r, int rc)
{
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		import_error(r, r->row, NULL, "%s", sqlite3_errmsg(r->db->h));
	else
		error_set(r->e, EXIT_ENV, "%s:%d: %s", r->f.path, r->row,
		    sqlite3_errmsg(r->db->h));
	return -1;
}

/*
 * Step ST once; a failure is import_fail()'s.  Returns SQLITE_ROW,
 * SQLITE_DONE or -1; the caller resets.
 */
static int
import_step(struct import_run *r, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc;
	return import_fail(r, rc);
}

/* Step a statement that returns no rows and reset it: 0 or -1. */
int
import_exec(struct import_run *r, sqlite3_stmt *st)
{
	int rc = import_step(r, st);

	sqlite3_reset(st);
	return rc == -1 ? -1 : 0;
}

/* The next record to import: the next in the file, or the next in the
 * order a prescan chose. */
static int
import_next(struct import_run *r)
{
	if (r->order != NULL) {
		if (r->next == r->norder)
			return 0;
		csv_seek(&r->f, r->order[r->next].off, r->order[r->next].row);
		r->next++;
	}
	return import_record(r);
}

/* Where the run is, in bytes of the file, for the progress bar. */
static long
import_progress(const struct import_run *r)
{
	if (r->order != NULL)
		return (long)((double)r->f.size * (double)r->next / (double)r->norder);
	return (long)r->f.done;
}

/*
 * Into a table that was empty and holds its key unique, insert the row
 * without looking its key up first: only a row of this file can have it,
 * and the index refuses that one, which is then looked up as any other.
 * Returns IMPORT_INSERTED, 0 when refused by the key, or -1.
 */
static int
import_insert_first(struct import_run *r, long long *id)
{
	int rc, xrc;

	import_bind(r, r->ins);
	rc = sqlite3_step(r->ins);
	xrc = sqlite3_extended_errcode(r->db->h);
	sqlite3_reset(r->ins);
	if (rc == SQLITE_DONE) {
		*id = sqlite3_last_insert_rowid(r->db->h);
		import_seen(r, *id, 1);
		return IMPORT_INSERTED;
	}
	if (xrc == SQLITE_CONSTRAINT_UNIQUE)
		return 0;
	return import_fail(r, rc);
}

/*
 * Write the current row: find it by its natural key; insert it when it is
 * not there, update it when a column differs.  *id gets its id.  Returns
 * IMPORT_INSERTED, IMPORT_UPDATED, IMPORT_UNCHANGED, or -1 when the row
 * was rejected (or r->e set).
 */
static int
import_upsert(struct import_run *r, long long *id)
{
	int rc, differs = 0;

	if (r->seen.fresh && (rc = import_insert_first(r, id)) != 0)
		return rc;
	import_bind(r, r->find);
	if ((rc = import_step(r, r->find)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(r->find, 0);
		differs = sqlite3_column_int(r->find, 1);
	}
	sqlite3_reset(r->find);
	if (rc == -1)
		return -1;
	if (rc == SQLITE_ROW) {
		if (import_seen(r, *id, 0) == -1)
			return -1;
		if (!differs)
			return IMPORT_UNCHANGED;
		if (r->hist != NULL && import_history(r, *id) != 0)
			return -1;
		import_bind(r, r->upd);
		sqlite3_bind_int64(r->upd, r->ncols + 1, *id);
		return import_exec(r, r->upd) == -1 ? -1 : IMPORT_UPDATED;
	}
	import_bind(r, r->ins);
	if (import_exec(r, r->ins) == -1)
		return -1;
	*id = sqlite3_last_insert_rowid(r->db->h);
	import_seen(r, *id, 1);
	return IMPORT_INSERTED;
}

/* Check and write the record just read.  Returns -1 only when the import
 * cannot go on (r->e set). */
static int
import_row(struct import_run *r)
{
	long long id = 0;
	int status;

	r->st->rows++;
	r->rowbad = 0;
	import_read_row(r);
	if (r->h->check != NULL)
		r->h->check(r);
	/* A bad row is not written, but the good ones still are (into a
	 * transaction that will be rolled back) so duplicates keep showing. */
	if (r->rowbad || r->unwritable || r->e->code != 0)
		return r->e->code != 0 ? -1 : 0;
	status = import_upsert(r, &id);
	if (status >= 0 && r->h->after != NULL)
		status = r->h->after(r, id, status);
	if (status == IMPORT_INSERTED)
		r->st->inserted++;
	else if (status == IMPORT_UPDATED)
		r->st->updated++;
	else if (status == IMPORT_UNCHANGED)
		r->st->unchanged++;
	return r->e->code != 0 ? -1 : 0;
}

/* Import every data row, with a progress bar on a terminal. */
static int
import_rows(struct import_run *r)
{
	struct progress *bar = progress_start(r->k->name, (long)r->f.size);
	int rc;

	while ((rc = import_next(r)) == 1) {
		if (import_row(r) == -1)
			break;
		progress_count(bar, r->st->rows, tr("rows", "行"));
		progress_set(bar, import_progress(r));
	}
	progress_end(bar);
	return r->e->code != 0 ? -1 : 0;
}

/* ---- The whole file ---- */

/* After rows of a kind that can be corrected were added: when, and the
 * largest id then, so `evaluate --as-recorded` can leave out the rows
 * added after a time (ids only grow). */
static int
import_mark(struct import_run *r)
{
	char *sql = xasprintf("INSERT INTO record_mark SELECT ?,"
	    " strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ','now'), ifnull(max(id), 0) FROM %s",
	    r->k->table);
	sqlite3_stmt *st = db_prepare(r->db, sql, r->e);
	int rc = -1;

	free(sql);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, r->k->name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(r->db, r->e, "marking the import");
	sqlite3_finalize(st);
	return rc;
}

/* The audit row of an import that changed something (and its mark). */
static int
import_audit(struct import_run *r)
{
	struct db_audit a = { .action = "import", .tbl = r->k->name, .file = r->f.path,
	    .inserted = r->st->inserted, .updated = r->st->updated };
	char hex[65];

	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", r->f.sha256[i]);
	a.file_sha256 = hex;
	if (db_audit(r->db, &a, r->e) != 0)
		return -1;
	return r->st->inserted > 0 && record_correctable(r->k) ? import_mark(r) : 0;
}

static void
import_run_free(struct import_run *r)
{
	sqlite3_finalize(r->find);
	sqlite3_finalize(r->ins);
	sqlite3_finalize(r->upd);
	sqlite3_finalize(r->hist);
	for (int t = 0; t < RECORD_T_NTYPES; t++) {
		sqlite3_finalize(r->lookup[t]);
		import_refs_free(&r->refs[t]);
	}
	for (int i = 0; i < IMPORT_MAXSQL; i++)
		sqlite3_finalize(r->xst[i]);
	sqlite3_finalize(r->held[0]);
	sqlite3_finalize(r->held[1]);
	free(r->actor);
	for (int c = 0; c < RECORD_MAXCOLS; c++)
		free(r->val[c].owned);
	for (size_t i = 0; i < r->nhead; i++)
		free(r->head[i]);
	for (size_t i = 0; i < r->nerr; i++)
		free(r->err[i].line);
	for (size_t i = 0; i < r->nwhy; i++)
		free(r->why[i].text);
	free(r->why);
	free(r->head);
	free(r->cellcol);
	import_seen_free(&r->seen);
	free(r->order);
	free(r->bad);
	csv_record_free(&r->rec);
	csv_close(&r->f);
	sbuf_free(&r->sheet);
	free(r->sheetname);
}

/* Check the kind before anything is opened. */
static int
import_precheck(const char *kind, const char *path, struct error *e)
{
	char kinds[512];

	if (record_kind(kind) == NULL) {
		record_kind_list(kinds, sizeof kinds, tr(", ", "、"), tr(" or ", " 或 "));
		return error_set(e, EXIT_USAGE, import_tr("unknown import kind '%s' (expected %s)",
		    "未知的导入类别 '%s'（应为 %s）"), kind, kinds);
	}
	return 0;
}

/* Read the header, prepare, and import every row.  Returns 0 when all
 * rows passed, -1 otherwise (r->e set, or rows rejected). */
static int
import_all(struct import_run *r)
{
	if (import_header(r) != 0)
		return -1;
	if (r->nbad > 0)
		return error_set(r->e, EXIT_USAGE, import_tr(
		    "%s: bad header; nothing imported", "%s: 表头有误；未导入任何数据"),
		    r->f.path);
	if (import_prepare(r) != 0 || import_prepare_more(r) != 0 ||
	    import_seen_begin(r) != 0)
		return -1;
	if (r->h->prescan != NULL)
		r->h->prescan(r);
	if (import_rows(r) != 0)
		return -1;
	if (r->nbad > 0)
		return error_set(r->e, EXIT_USAGE, r->nbad == 1 ?
		    import_tr("%s: %ld row rejected; nothing imported",
		    "%s: %ld 行有误；未导入任何数据") :
		    import_tr("%s: %ld rows rejected; nothing imported",
		    "%s: %ld 行有误；未导入任何数据"), r->f.path, r->nbad);
	if (r->h->finish != NULL && r->h->finish(r) != 0)
		return -1;
	if (!r->o->dry_run && r->st->inserted + r->st->updated > 0)
		return import_audit(r);
	return 0;
}

/* Who imports and when, as the history rows the import writes keep them:
 * asked once, not for every row (the passwd file would be read for each). */
static void
import_who(struct import_run *r)
{
	time_t now = time(NULL);
	struct tm tm;

	r->actor = xstrdup(db_actor());
	gmtime_r(&now, &tm);
	strftime(r->now, sizeof r->now, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
import_file(struct db *db, const char *kind, const char *path,
    const struct import_opts *o, struct import_stats *st,
    struct import_errors *errs, struct error *e)
{
	static const struct import_opts defaults = { 0 };
	struct import_run r;
	struct error ignored = { 0 };
	long long mapped, fk;
	char *sql;
	int rc = -1;

	memset(st, 0, sizeof *st);
	if (import_precheck(kind, path, e) != 0)
		return -1;
	memset(&r, 0, sizeof r);
	r.db = db;
	r.k = record_kind(kind);
	r.h = import_hooks_of(r.k);
	r.o = o != NULL ? o : &defaults;
	r.st = st;
	r.e = e;
	while (r.k->cols[r.ncols].name != NULL)
		r.ncols++;
	for (int c = 0; c < RECORD_MAXCOLS; c++)
		r.pos[c] = -1;
	csv_record_init(&r.rec);
	import_who(&r);

	/* The rows a re-import matches are remembered in a temporary table:
	 * on disk, so that memory does not grow with them; and the database
	 * is read through the page cache alone, since every page mapped in
	 * stays in the process's memory, up to the whole mapping. */
	mapped = db_int(db, "PRAGMA mmap_size", 0);
	fk = db_int(db, "PRAGMA foreign_keys", 1);
	/* Every id a row refers to is one import_lookup() has just read from
	 * its table in this transaction (or an org this file wrote), so the
	 * foreign key checks would only look each one up again. */
	if (import_open(&r, path) == 0 &&
	    db_exec(db, "PRAGMA temp_store = FILE; PRAGMA mmap_size = 0;"
	    " PRAGMA foreign_keys = OFF", e) == 0 &&
	    db_begin(db, e) == 0) {
		/* A prescan reads the file ahead and then in its own order. */
		if (r.h->prescan != NULL)
			csv_keep(&r.f);
		rc = import_all(&r);
		if (rc == 0 && !r.o->dry_run)
			rc = db_commit(db, e);
		if (rc != 0 || r.o->dry_run)
			db_rollback(db);
	}
	if (rc != 0)
		st->inserted = st->updated = st->unchanged = 0;
	if (rc != 0 && r.nbad > 0 && r.o->errors_path != NULL)
		import_write_back(&r);
	import_errors_move(&r, errs);
	import_run_free(&r);
	sql = xasprintf("PRAGMA temp_store = MEMORY; PRAGMA mmap_size = %lld;"
	    " PRAGMA foreign_keys = %d", mapped, fk != 0);
	db_exec(db, sql, &ignored);
	free(sql);
	return rc;
}

/* ---- Cells typed outside a file ---- */

/* Hand the current value of column C over to V, as an owned copy. */
static void
import_value_take(const struct import_val *from, struct import_value *v)
{
	free(v->s);
	v->s = NULL;
	v->type = from->type;
	v->i = from->i;
	if (from->type == SQLITE_TEXT)
		v->s = xstrdup(from->s);
}

/* The first error kept, without the "WHAT:0:" import puts before it. */
static void
import_cells_error(struct import_run *r, const char *what)
{
	const char *line = r->err[0].line, *msg = line + strlen(what);

	if (strncmp(msg, ":0:", 3) == 0)
		msg += 3;
	error_set(r->e, EXIT_USAGE, "%s: %s", what, msg);
}

int
import_cells(struct db *db, const struct record_kind *k, const struct record_vocab *vocab,
    const char *what, const struct import_cell *cells, size_t n, int check,
    struct import_value *v, struct error *e)
{
	struct import_opts o = { .vocab = vocab };
	struct import_stats st = { 0 };
	struct import_run r;
	int rc = -1;

	memset(&r, 0, sizeof r);
	r.db = db;
	r.k = k;
	r.h = import_hooks_of(k);
	r.o = &o;
	r.st = &st;
	r.e = e;
	r.f.path = xstrdup(what);
	r.f.fd = -1;
	r.ncols = record_ncols(k);
	for (int c = 0; c < r.ncols; c++) {
		r.pos[c] = 0;	/* every column is "in the file": checks see it */
		r.label[c] = k->cols[c].name;
		r.val[c].type = v[c].type;
		r.val[c].i = v[c].i;
		r.val[c].s = v[c].s;
		r.val[c].given = v[c].type != SQLITE_NULL;
	}
	if (import_prepare_more(&r) == 0) {
		for (size_t i = 0; i < n; i++)
			import_read_cell(&r, cells[i].col, cells[i].text);
		if (r.nerr == 0 && check && r.h->check != NULL)
			r.h->check(&r);
		if (r.nerr > 0)
			import_cells_error(&r, what);
		else if (e->code == 0) {
			for (size_t i = 0; i < n; i++)
				import_value_take(&r.val[cells[i].col], &v[cells[i].col]);
			rc = 0;
		}
	}
	import_run_free(&r);
	return rc;
}

void
import_values_free(struct import_value *v, int n)
{
	for (int c = 0; c < n; c++) {
		free(v[c].s);
		v[c].s = NULL;
		v[c].type = SQLITE_NULL;
	}
}

/*
 * import_history.c - an import that changes a record of a kind that can
 * be corrected (record_correctable) keeps the change as `record amend`
 * does: a correction row with the fields changed, old and new as a clerk
 * types them, who, when, the file as the reason, and the whole row as it
 * was.  Only the fields the file has can change (the natural key found
 * the row), and only rows that differ are written, so a re-import that
 * changes nothing costs nothing here.
 */
#include <stdio.h>
#include <stdlib.h>

#include "import.h"
#include "import_int.h"

/* The whole row t as a JSON object: every column of the table. */
static int
import_history_row(struct import_run *r, struct sbuf *b)
{
	sqlite3_stmt *st = db_prepare(r->db, "SELECT name FROM pragma_table_xinfo(?)", r->e);
	int n = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, r->k->table, -1, SQLITE_STATIC);
	sbuf_adds(b, "json_object(");
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *c = (const char *)sqlite3_column_text(st, 0);

		sbuf_addf(b, "%s'%s', t.%s", n++ ? ", " : "", c, c);
	}
	sbuf_adds(b, ")");
	sqlite3_finalize(st);
	return 0;
}

/* Whether column C is one an update by the file may change. */
static int
import_history_col(const struct import_run *r, int c)
{
	const struct record_col *col = &r->k->cols[c];

	return col->field != NULL && !(col->flags & RECORD_KEY) && r->pos[c] >= 0;
}

/* The fields the file changes, {"place":["old","new"]}, one json_patch
 * each: ?N is column N's new value, as import binds it. */
static void
import_history_changes(struct import_run *r, struct sbuf *b)
{
	char old[96], now[16];

	for (int c = 0; c < r->ncols; c++)
		if (import_history_col(r, c))
			sbuf_adds(b, "json_patch(");
	sbuf_adds(b, "'{}'");
	for (int c = 0; c < r->ncols; c++) {
		const struct record_col *col = &r->k->cols[c];

		if (!import_history_col(r, c))
			continue;
		snprintf(old, sizeof old, "t.%s", col->field);
		snprintf(now, sizeof now, "?%d", c + 1);
		sbuf_addf(b, ", CASE WHEN %s IS NOT %s THEN json_object('%s', json_array(", old, now,
		    col->name);
		record_show_sql(b, col, old);
		sbuf_adds(b, ", ");
		record_show_sql(b, col, now);
		sbuf_adds(b, ")) ELSE '{}' END)");
	}
}

/* Prepare the statement that keeps an update of a correctable kind. */
int
import_history_prepare(struct import_run *r)
{
	int sc = record_key_col(r->k, RECORD_T_MEMBER), dc = record_key_col(r->k, RECORD_T_DATE);
	const char *level = sc >= 0 ? "member" : "org";
	struct sbuf sql;
	int rc = -1;

	if (!record_correctable(r->k))
		return 0;
	if (sc < 0)
		sc = record_key_col(r->k, RECORD_T_ORG);
	sbuf_init(&sql);
	sbuf_addf(&sql, "INSERT INTO correction (kind, record_id, action, at, actor, reason,"
	    " level, subject, subject_new, date, date_new, label, changes, before)"
	    " SELECT '%s', t.id, 'amend', strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ','now'), ?%d, ?%d,"
	    " '%s', t.%s, t.%s, t.%s, t.%s, ", r->k->name, r->ncols + 2, r->ncols + 3, level,
	    r->k->cols[sc].field, r->k->cols[sc].field, r->k->cols[dc].field,
	    r->k->cols[dc].field);
	record_label_sql(&sql, r->k, "t");
	sbuf_adds(&sql, ", ");
	import_history_changes(r, &sql);
	sbuf_adds(&sql, ", ");
	if (import_history_row(r, &sql) == 0) {
		sbuf_addf(&sql, " FROM %s t WHERE t.id = ?%d", r->k->table, r->ncols + 1);
		if ((r->hist = db_prepare(r->db, sql.s, r->e)) != NULL)
			rc = 0;
	}
	sbuf_free(&sql);
	return rc;
}

/* Keep the update of row ID the current record is about to make. */
int
import_history(struct import_run *r, long long id)
{
	char *why = r->o->reason != NULL ?
	    xasprintf(import_tr("import %s: %s", "导入 %s：%s"), r->f.path, r->o->reason) :
	    xasprintf(import_tr("import %s", "导入 %s"), r->f.path);
	int rc;

	import_bind(r, r->hist);
	sqlite3_bind_int64(r->hist, r->ncols + 1, id);
	sqlite3_bind_text(r->hist, r->ncols + 2, r->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(r->hist, r->ncols + 3, why, -1, SQLITE_TRANSIENT);
	rc = import_exec(r, r->hist);
	free(why);
	return rc;
}

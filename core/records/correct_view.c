/*
 * correct_view.c - the records as they stood at a time (evaluate
 * --as-recorded): on one connection, a temporary view in place of each
 * table of records that can be corrected, which shadows the table for
 * every statement of that connection that names it unqualified (the facts
 * queries among them, unchanged).  A row corrected after the time reads
 * as its image before the first such correction; a row imported after
 * the time (by record_mark) is left out.  The connection says so
 * (db->shadowed): a view has no index, and a query that names one
 * (facts.c) leaves it out there.
 */
#include <stdlib.h>
#include <string.h>

#include "correct.h"
#include "db.h"

/* Each column of TABLE, as it was at WHEN (a quoted SQL literal). */
static char *
correct_view_sql(struct db *db, const struct record_kind *k, const char *when,
    struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT name FROM pragma_table_xinfo(?)", e);
	struct sbuf cols;
	char *sql;

	if (st == NULL)
		return NULL;
	sbuf_init(&cols);
	sqlite3_bind_text(st, 1, k->table, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *c = (const char *)sqlite3_column_text(st, 0);

		sbuf_addf(&cols, "%sCASE WHEN f.cid IS NULL THEN t.%s"
		    " ELSE json_extract(x.before, '$.%s') END AS %s", cols.len ? ", " : "",
		    c, c, c);
	}
	sqlite3_finalize(st);
	sql = sqlite3_mprintf("CREATE TEMP VIEW %s AS SELECT %s FROM main.%s t"
	    " LEFT JOIN (SELECT record_id, min(id) AS cid FROM main.correction"
	    "  WHERE kind = %Q AND at > %Q GROUP BY record_id) f ON f.record_id = t.id"
	    " LEFT JOIN main.correction x ON x.id = f.cid"
	    " WHERE t.id <= coalesce((SELECT max(top) FROM main.record_mark"
	    "  WHERE kind = %Q AND at <= %Q),"
	    " (SELECT min(top) FROM main.record_mark WHERE kind = %Q), t.id)",
	    k->table, cols.s, k->table, k->name, when, k->name, when, k->name);
	sbuf_free(&cols);
	return sql;
}

int
correct_as_recorded(struct db *db, const char *when, struct error *e)
{
	int rc = 0;

	for (const struct record_kind *k = record_kinds; k->name != NULL && rc == 0; k++) {
		char *sql;

		if (!record_correctable(k))
			continue;
		if ((sql = correct_view_sql(db, k, when, e)) == NULL)
			return -1;
		rc = db_exec(db, sql, e);
		sqlite3_free(sql);
	}
	db->shadowed = 1;
	return rc;
}

int
correct_when(const char *text, char when[24])
{
	size_t n = strlen(text);

	/* A day is its last second: what was recorded by the end of it. */
	if (n == 10 && text[4] == '-' && text[7] == '-')
		snprintf(when, 24, "%sT23:59:59Z", text);
	else if (n == 20 && text[10] == 'T' && text[19] == 'Z')
		snprintf(when, 24, "%s", text);
	else
		return -1;
	for (size_t i = 0; when[i] != '\0'; i++)
		if (strchr("-T:Z", when[i]) == NULL && (when[i] < '0' || when[i] > '9'))
			return -1;
	return 0;
}

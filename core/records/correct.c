/*
 * correct.c - corrections of a record: finding the record an ID names
 * ("#N" or its natural key as a clerk types it), voiding it, amending its
 * fields (read exactly as import reads the cells), and its history.  The
 * row stays in its table; each correction is a row of `correction` with
 * the old and new values, who, when and why, and an audit row.
 */
#include <stdlib.h>
#include <string.h>

#include "correct.h"
#include "correct_int.h"
#include "emit.h"

#define CORRECT_MAXMATCH 5	/* record numbers named when a key is ambiguous */

void
correct_now(struct db *db, char at[24])
{
	sqlite3_stmt *st = db_prepare(db, "SELECT strftime('%Y-%m-%dT%H:%M:%SZ','now')", NULL);

	snprintf(at, 24, "1970-01-01T00:00:00Z");
	if (st != NULL && sqlite3_step(st) == SQLITE_ROW)
		snprintf(at, 24, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

int
correct_say(FILE *out, const char *text, struct error *e)
{
	struct emit *w = emit_open_file(out, "text", e);

	if (w == NULL)
		return -1;
	emit_textf(w, "%s\n", text);
	return emit_close(w);
}

int
correct_audit(struct db *db, const char *action, const char *kind, const char *detail,
    struct error *e)
{
	struct db_audit a = { .action = action, .tbl = kind, .updated = 1, .detail = detail };

	return db_audit(db, &a, e);
}

void
correct_rec_free(struct correct_rec *r)
{
	import_values_free(r->v, RECORD_MAXCOLS);
	free(r->voided);
	free(r->label);
	free(r->before);
	free(r->what);
	memset(r, 0, sizeof *r);
}

/* ---- values as a clerk types them ---- */

/* Bind value V to ?I. */
static void
correct_bind(sqlite3_stmt *st, int i, const struct import_value *v)
{
	if (v->type == SQLITE_INTEGER)
		sqlite3_bind_int64(st, i, v->i);
	else if (v->type == SQLITE_TEXT)
		sqlite3_bind_text(st, i, v->s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* The first column of the one row SQL (with V bound to ?1, or ID when V
 * is NULL) gives, as a new string; NULL for none. */
static char *
correct_text(struct db *db, const char *sql, const struct import_value *v, long long id)
{
	sqlite3_stmt *st = db_prepare(db, sql, NULL);
	char *s = NULL;

	if (st == NULL)
		return NULL;
	if (v != NULL)
		correct_bind(st, 1, v);
	else
		sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		s = db_col_dup(st, 0);
	sqlite3_finalize(st);
	return s;
}

/* Stored value V of column COL as a clerk types it (record_show_sql);
 * NULL for none.  The caller frees. */
static char *
correct_show(struct db *db, const struct record_col *col, const struct import_value *v)
{
	struct sbuf sql;
	char *s;

	sbuf_init(&sql);
	sbuf_adds(&sql, "SELECT ");
	record_show_sql(&sql, col, "?1");
	s = correct_text(db, sql.s, v, 0);
	sbuf_free(&sql);
	return s;
}

/* The natural key of row ID of K, as a clerk types it (record_label_sql). */
static char *
correct_label(struct db *db, const struct record_kind *k, long long id)
{
	struct sbuf sql;
	char *s;

	sbuf_init(&sql);
	sbuf_adds(&sql, "SELECT ");
	record_label_sql(&sql, k, "t");
	sbuf_addf(&sql, " FROM %s t WHERE t.id = ?1", k->table);
	s = correct_text(db, sql.s, NULL, id);
	sbuf_free(&sql);
	return s != NULL ? s : xstrdup("");
}

/* ---- the record an ID names ---- */

/* The whole row ID of TABLE as a JSON object (caller frees). */
static char *
correct_row_json(struct db *db, const char *table, long long id, struct error *e)
{
	char *sql = xasprintf("SELECT * FROM %s WHERE id = ?", table);
	sqlite3_stmt *st = db_prepare(db, sql, e);
	struct emit *w;
	struct sbuf b;

	free(sql);
	if (st == NULL)
		return NULL;
	sbuf_init(&b);
	w = emit_open_sbuf(&b, "json", e);
	sqlite3_bind_int64(st, 1, id);
	emit_begin_object(w);
	if (sqlite3_step(st) == SQLITE_ROW)
		for (int c = 0; c < sqlite3_column_count(st); c++) {
			emit_key(w, sqlite3_column_name(st, c));
			switch (sqlite3_column_type(st, c)) {
			case SQLITE_INTEGER:
				emit_int(w, sqlite3_column_int64(st, c));
				break;
			case SQLITE_FLOAT:
				emit_num(w, sqlite3_column_double(st, c));
				break;
			case SQLITE_TEXT:
				emit_str(w, (const char *)sqlite3_column_text(st, c));
				break;
			default:
				emit_null(w);
				break;
			}
		}
	emit_end_object(w);
	sqlite3_finalize(st);
	if (emit_close_stored(w, &b) != 0) {
		sbuf_free(&b);
		return NULL;
	}
	return sbuf_detach(&b);
}

/* Load row ID of r->k into r: its values, voided, label and image. */
static int
correct_load(struct db *db, struct correct_rec *r, long long id, struct error *e)
{
	const struct record_kind *k = r->k;
	struct sbuf cols;
	sqlite3_stmt *st;
	char *sql;
	int rc = -1;

	sbuf_init(&cols);
	for (int c = 0; c < r->ncols; c++)
		sbuf_addf(&cols, "%s, ", k->cols[c].field ? k->cols[c].field : "NULL");
	sql = xasprintf("SELECT %s voided FROM %s WHERE id = ?", cols.s, k->table);
	sbuf_free(&cols);
	st = db_prepare(db, sql, e);
	free(sql);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		error_set(e, EXIT_USAGE, tr("%s: no such record", "%s：没有这条记录"), r->what);
		goto out;
	}
	r->id = id;
	for (int c = 0; c < r->ncols; c++) {
		r->v[c].type = sqlite3_column_type(st, c) == SQLITE_INTEGER ? SQLITE_INTEGER :
		    sqlite3_column_type(st, c) == SQLITE_NULL ? SQLITE_NULL : SQLITE_TEXT;
		r->v[c].i = sqlite3_column_int64(st, c);
		r->v[c].s = r->v[c].type == SQLITE_TEXT ? db_col_dup(st, c) : NULL;
	}
	r->voided = db_col_dup(st, r->ncols);
	r->label = correct_label(db, k, id);
	if ((r->before = correct_row_json(db, k->table, id, e)) != NULL)
		rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

/* The rows whose key columns (those of CELLS) hold the values of V, up to
 * CORRECT_MAXMATCH + 1 of them into ids; how many. */
static int
correct_match(struct db *db, const struct correct_rec *r, const struct import_cell *cells,
    size_t n, const struct import_value *v, long long *ids, struct error *e)
{
	struct sbuf where;
	sqlite3_stmt *st;
	char *sql;
	int found = 0;

	sbuf_init(&where);
	for (size_t i = 0; i < n; i++)
		sbuf_addf(&where, " AND %s IS ?%zu", r->k->cols[cells[i].col].field, i + 1);
	sql = xasprintf("SELECT id FROM %s WHERE 1%s ORDER BY id LIMIT %d", r->k->table,
	    where.s, CORRECT_MAXMATCH + 1);
	sbuf_free(&where);
	st = db_prepare(db, sql, e);
	free(sql);
	if (st == NULL)
		return -1;
	for (size_t i = 0; i < n; i++)
		correct_bind(st, (int)i + 1, &v[cells[i].col]);
	while (sqlite3_step(st) == SQLITE_ROW)
		ids[found++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return found;
}

/* "a, b" of the ids found, for the message of an ambiguous key. */
static int
correct_ambiguous(const struct correct_rec *r, const long long *ids, int n, struct error *e)
{
	struct sbuf b;
	int rc;

	sbuf_init(&b);
	for (int i = 0; i < n && i < CORRECT_MAXMATCH; i++)
		sbuf_addf(&b, "%s#%lld", i ? ", " : "", ids[i]);
	if (n > CORRECT_MAXMATCH)
		sbuf_adds(&b, ", ...");
	rc = error_set(e, EXIT_USAGE, tr("%s: %s records match (%s); give more of the key,"
	    " or #N", "%s：有%s条记录相符（%s）；请写出更多的键，或用 #N"), r->what,
	    n > CORRECT_MAXMATCH ? tr("more than 5", "5 条以上") : n == 2 ? "2" : n == 3 ? "3" :
	    n == 4 ? "4" : "5", b.s);
	sbuf_free(&b);
	return rc;
}

/* The record natural key ID names: its parts read as import reads those
 * cells; the last key column takes the rest of the text (content may
 * hold "/"). */
static int
correct_find_key(struct db *db, struct correct_rec *r, const char *id,
    const struct record_vocab *vocab, long long *found, struct error *e)
{
	struct import_cell cells[RECORD_MAXCOLS];
	struct import_value v[RECORD_MAXCOLS];
	long long ids[CORRECT_MAXMATCH + 1];
	char *copy = xstrdup(id), *p = copy;
	int keys[RECORD_MAXCOLS], nk = 0, n;
	size_t ncell = 0;

	memset(v, 0, sizeof v);
	for (int c = 0; c < r->ncols; c++)
		if (r->k->cols[c].flags & RECORD_KEY)
			keys[nk++] = c;
	for (char *slash = p; ncell < (size_t)nk && slash != NULL; p = slash + 1) {
		slash = ncell + 1 < (size_t)nk ? strchr(p, '/') : NULL;
		if (slash != NULL)
			*slash = '\0';
		cells[ncell].col = keys[ncell];
		cells[ncell].text = util_trim(p);
		ncell++;
	}
	n = import_cells(db, r->k, vocab, r->what, cells, ncell, 0, v, e) == 0 ?
	    correct_match(db, r, cells, ncell, v, ids, e) : -1;
	import_values_free(v, RECORD_MAXCOLS);
	free(copy);
	if (n == 1)
		*found = ids[0];
	else if (n == 0)
		error_set(e, EXIT_USAGE, tr("%s: no such record", "%s：没有这条记录"), r->what);
	else if (n > 1)
		correct_ambiguous(r, ids, n, e);
	return n == 1 ? 0 : -1;
}

int
correct_find(struct db *db, const struct correct_opts *o, struct correct_rec *r,
    struct error *e)
{
	char kinds[512], *end;
	long long id = 0;
	int i = 0;

	memset(r, 0, sizeof *r);
	r->k = record_kind(o->kind);
	if (!record_correctable(r->k)) {
		kinds[0] = '\0';
		for (const struct record_kind *k = record_kinds; k->name != NULL; k++)
			if (record_correctable(k))
				i += snprintf(kinds + i, sizeof kinds - (size_t)i, "%s%s",
				    i ? ", " : "", k->name);
		return error_set(e, EXIT_USAGE, tr("record kind '%s' cannot be corrected"
		    " (expected %s)", "记录种类 '%s' 不能更正（应为 %s）"), o->kind, kinds);
	}
	r->ncols = record_ncols(r->k);
	r->sc = record_key_col(r->k, RECORD_T_MEMBER);
	r->level_org = r->sc < 0;
	if (r->level_org)
		r->sc = record_key_col(r->k, RECORD_T_ORG);
	r->dc = record_key_col(r->k, RECORD_T_DATE);
	r->what = xasprintf("%s %s", o->kind, o->id);
	if (o->id[0] == '#') {
		id = strtoll(o->id + 1, &end, 10);
		if (o->id[1] < '0' || o->id[1] > '9' || *end != '\0' || id <= 0)
			return error_set(e, EXIT_USAGE, tr("%s: bad record number (expected #N)",
			    "%s：记录编号无效（应为 #N）"), r->what);
	} else if (correct_find_key(db, r, o->id, o->vocab, &id, e) != 0)
		return -1;
	return correct_load(db, r, id, e);
}

/* ---- void and amend ---- */

/* The correction row of R: ACTION at AT, CHANGES a JSON object, NV the
 * values after (R's own for a void). */
static int
correct_insert(struct db *db, const struct correct_rec *r, const char *action, const char *at,
    const char *reason, const char *changes, const struct import_value *nv, long long *cid,
    struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO correction (kind, record_id, action, at,"
	    " actor, reason, level, subject, subject_new, date, date_new, label, changes, before)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, r->k->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, r->id);
	sqlite3_bind_text(st, 3, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, db_actor(), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, r->level_org ? "org" : "member", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, r->v[r->sc].i);
	sqlite3_bind_int64(st, 9, nv[r->sc].i);
	sqlite3_bind_text(st, 10, r->v[r->dc].s, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, nv[r->dc].s, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, r->label, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 13, changes, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 14, r->before, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, e, "recording the correction");
	*cid = sqlite3_last_insert_rowid(db->h);
	sqlite3_finalize(st);
	return rc;
}

int
correct_apply_void(struct db *db, struct correct_rec *r, const char *reason,
    long long *cid, char **did, struct error *e)
{
	char *sql, *detail, at[24];
	sqlite3_stmt *st;
	int rc;

	if (r->voided != NULL)
		return error_set(e, EXIT_USAGE, tr("%s: already voided on %s", "%s：已于 %s 作废"),
		    r->what, r->voided);
	correct_now(db, at);
	sql = xasprintf("UPDATE %s SET voided = ? WHERE id = ?", r->k->table);
	st = db_prepare(db, sql, e);
	free(sql);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, at, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, r->id);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, e, "voiding the record");
	sqlite3_finalize(st);
	if (rc != 0 || correct_insert(db, r, "void", at, reason, "{}", r->v, cid, e) != 0)
		return -1;
	*did = xasprintf(tr("%s #%lld %s: voided (%s)", "%s #%lld %s：已作废（%s）"),
	    r->k->name, r->id, r->label, reason);
	detail = xasprintf("void %s #%lld %s: %s", r->k->name, r->id, r->label, reason);
	rc = correct_audit(db, "record void", r->k->name, detail, e);
	free(detail);
	return rc;
}

/* The column FIELD names: a canonical name or a Chinese header; -1. */
static int
correct_col(const struct record_kind *k, const char *field)
{
	int c = record_col_index(k, field);

	for (int i = 0; c < 0 && k->cols[i].name != NULL; i++)
		for (const char *const *a = k->cols[i].aliases; a && *a && c < 0; a++)
			if (strcmp(*a, field) == 0)
				c = i;
	return c >= 0 && k->cols[c].field != NULL ? c : -1;
}

/* o->sets read into CELLS (pointing into TEXT, the caller's copy). */
static int
correct_cells(const struct correct_rec *r, const struct correct_opts *o, char **text,
    struct import_cell *cells, struct error *e)
{
	for (int i = 0; i < o->nsets; i++) {
		char *eq = strchr(text[i], '=');
		int c;

		if (eq == NULL || eq == text[i])
			return error_set(e, EXIT_USAGE, tr("%s: '%s' is not FIELD=VALUE",
			    "%s：'%s' 不是 字段=值"), r->what, text[i]);
		*eq = '\0';
		if ((c = correct_col(r->k, util_trim(text[i]))) < 0)
			return error_set(e, EXIT_USAGE, tr("%s: %s: no such field of %s",
			    "%s：%s：%s 没有这个字段"), r->what, util_trim(text[i]), r->k->name);
		for (int j = 0; j < i; j++)
			if (cells[j].col == c)
				return error_set(e, EXIT_USAGE, tr("%s: %s: given twice",
				    "%s：%s：重复给出"), r->what, r->k->cols[c].name);
		cells[i].col = c;
		cells[i].text = util_trim(eq + 1);
	}
	return 0;
}

static int
correct_same(const struct import_value *a, const struct import_value *b)
{
	return a->type == b->type && (a->type != SQLITE_INTEGER || a->i == b->i) &&
	    (a->type != SQLITE_TEXT || strcmp(a->s, b->s) == 0);
}

/* The changes of columns CELLS from r->v to NV as a JSON object into
 * CHANGES ({"date":["2024-04-06","2024-04-07"]}) and in words into SAID;
 * how many columns changed. */
static int
correct_diff(struct db *db, const struct correct_rec *r, const struct import_cell *cells,
    int n, const struct import_value *nv, struct sbuf *changes, struct sbuf *said)
{
	struct emit *w = emit_open_sbuf(changes, "json", NULL);
	int changed = 0;

	emit_begin_object(w);
	for (int i = 0; i < n; i++) {
		const struct record_col *col = &r->k->cols[cells[i].col];
		char *was, *now;

		if (correct_same(&r->v[cells[i].col], &nv[cells[i].col]))
			continue;
		was = correct_show(db, col, &r->v[cells[i].col]);
		now = correct_show(db, col, &nv[cells[i].col]);
		emit_key(w, col->name);
		emit_begin_array(w);
		emit_str(w, was);
		emit_str(w, now);
		emit_end_array(w);
		sbuf_addf(said, "%s%s %s -> %s", changed++ ? "; " : "", col->name,
		    was ? was : "-", now ? now : "-");
		free(was);
		free(now);
	}
	emit_end_object(w);
	emit_close_stored(w, changes);
	return changed;
}

/* Another record holding the key R would have with values NV: refused,
 * as import refuses a second row with one key. */
static int
correct_key_taken(struct db *db, const struct correct_rec *r, const struct import_value *nv,
    struct error *e)
{
	struct import_cell cells[RECORD_MAXCOLS];
	long long ids[CORRECT_MAXMATCH + 1];
	size_t n = 0;
	int found;

	for (int c = 0; c < r->ncols; c++)
		if (r->k->cols[c].flags & RECORD_KEY)
			cells[n++].col = c;
	if ((found = correct_match(db, r, cells, n, nv, ids, e)) < 0)
		return -1;
	for (int i = 0; i < found; i++)
		if (ids[i] != r->id)
			return error_set(e, EXIT_USAGE, tr("%s: record #%lld already has that key",
			    "%s：记录 #%lld 已有相同的键"), r->what, ids[i]);
	return 0;
}

/* UPDATE the columns CELLS of R to NV. */
static int
correct_update(struct db *db, const struct correct_rec *r, const struct import_cell *cells,
    int n, const struct import_value *nv, struct error *e)
{
	struct sbuf set;
	sqlite3_stmt *st;
	char *sql;
	int rc;

	sbuf_init(&set);
	for (int i = 0; i < n; i++)
		sbuf_addf(&set, "%s%s = ?%d", i ? ", " : "", r->k->cols[cells[i].col].field, i + 1);
	sql = xasprintf("UPDATE %s SET %s WHERE id = ?%d", r->k->table, set.s, n + 1);
	sbuf_free(&set);
	st = db_prepare(db, sql, e);
	free(sql);
	if (st == NULL)
		return -1;
	for (int i = 0; i < n; i++)
		correct_bind(st, i + 1, &nv[cells[i].col]);
	sqlite3_bind_int64(st, n + 1, r->id);
	if ((rc = sqlite3_step(st)) == SQLITE_DONE)
		rc = 0;
	else if ((rc & 0xff) == SQLITE_CONSTRAINT)
		rc = error_set(e, EXIT_USAGE, "%s: %s", r->what, sqlite3_errmsg(db->h));
	else
		rc = db_fail(db, e, "amending the record");
	sqlite3_finalize(st);
	return rc;
}

/* Amend R by o->sets: read, checked, compared, written with its history. */
int
correct_apply_amend(struct db *db, struct correct_rec *r, const struct correct_opts *o,
    const char *reason, long long *cid, char **did, struct error *e)
{
	struct import_cell cells[RECORD_MAXCOLS];
	struct import_value nv[RECORD_MAXCOLS];
	char **text = xcalloc((size_t)o->nsets + 1, sizeof *text), at[24], *detail;
	struct sbuf changes, said;
	int rc = -1, n = 0;

	memset(nv, 0, sizeof nv);
	sbuf_init(&changes);
	sbuf_init(&said);
	for (int i = 0; i < o->nsets; i++)
		text[i] = xstrdup(o->sets[i]);
	for (int c = 0; c < r->ncols; c++) {
		nv[c] = r->v[c];
		nv[c].s = r->v[c].s ? xstrdup(r->v[c].s) : NULL;
	}
	if (r->voided != NULL)
		error_set(e, EXIT_USAGE, tr("%s: voided on %s; a voided record is not amended",
		    "%s：已于 %s 作废，不能再更正"), r->what, r->voided);
	else if (o->nsets > RECORD_MAXCOLS || o->nsets < 1)
		error_set(e, EXIT_USAGE, tr("%s: needs FIELD=VALUE", "%s：需要 字段=值"), r->what);
	else if (correct_cells(r, o, text, cells, e) == 0 &&
	    import_cells(db, r->k, o->vocab, r->what, cells, (size_t)o->nsets, 1, nv, e) == 0) {
		if ((n = correct_diff(db, r, cells, o->nsets, nv, &changes, &said)) == 0)
			error_set(e, EXIT_USAGE, tr("%s: nothing to amend: the record already holds"
			    " those values", "%s：记录已是这些值，无需更正"), r->what);
	}
	if (n > 0) {
		correct_now(db, at);
		if (correct_key_taken(db, r, nv, e) == 0 &&
		    correct_update(db, r, cells, o->nsets, nv, e) == 0 &&
		    correct_insert(db, r, "amend", at, reason, changes.s, nv, cid, e) == 0) {
			*did = xasprintf(tr("%s #%lld %s: %s (%s)", "%s #%lld %s：%s（%s）"),
			    r->k->name, r->id, r->label, said.s, reason);
			detail = xasprintf("amend %s #%lld %s: %s: %s", r->k->name, r->id,
			    r->label, said.s, reason);
			rc = correct_audit(db, "record amend", r->k->name, detail, e);
			free(detail);
		}
	}
	for (int i = 0; i < o->nsets; i++)
		free(text[i]);
	free(text);
	import_values_free(nv, RECORD_MAXCOLS);
	sbuf_free(&changes);
	sbuf_free(&said);
	return rc;
}

/* Find, then void or amend in one transaction. */
static int
correct_one(struct db *db, const struct correct_opts *o, int amend, FILE *out,
    struct error *e)
{
	struct correct_rec r;
	char *did = NULL;
	long long cid;
	int rc = -1;

	if (util_empty(o->reason))
		return error_set(e, EXIT_USAGE, "%s", tr("--reason TEXT must not be empty",
		    "--reason 不能为空"));
	if (correct_find(db, o, &r, e) == 0 && db_begin(db, e) == 0) {
		rc = amend ? correct_apply_amend(db, &r, o, o->reason, &cid, &did, e) :
		    correct_apply_void(db, &r, o->reason, &cid, &did, e);
		if (rc == 0)
			rc = db_commit(db, e);
		if (rc != 0)
			db_rollback(db);
	}
	if (rc == 0)
		rc = correct_say(out, did, e);
	free(did);
	correct_rec_free(&r);
	return rc;
}

int
correct_void(struct db *db, const struct correct_opts *o, FILE *out, struct error *e)
{
	return correct_one(db, o, 0, out, e);
}

int
correct_amend(struct db *db, const struct correct_opts *o, FILE *out, struct error *e)
{
	return correct_one(db, o, 1, out, e);
}

/* ---- history ---- */

/* A correction's changes in words: "date 2024-04-06 -> 2024-04-07; ...". */
#define CORRECT_CHANGES_SQL "(SELECT group_concat(key || ' ' ||" \
	" ifnull(json_extract(value, '$[0]'), '-') || ' -> ' ||" \
	" ifnull(json_extract(value, '$[1]'), '-'), '; ') FROM json_each(changes))"

static const char *const correct_history_cols[] = {
	"correction", "at", "actor", "action", "changes", "reason"
};

/* The chain of R's corrections, oldest first: prose for text, else a
 * table (json: with the record's kind, number, key and voided). */
static int
correct_history_write(struct db *db, const struct correct_rec *r, int prose, struct emit *w,
    struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, at, actor, action, "
	    CORRECT_CHANGES_SQL ", reason FROM correction WHERE kind = ? AND record_id = ?"
	    " ORDER BY id", e);
	const struct emit_member meta[] = {
		{ "kind", { EMIT_STR, r->k->name, 0, 0 } }, { "record", { EMIT_INT, NULL, r->id, 0 } },
		{ "label", { EMIT_STR, r->label, 0, 0 } }, { "voided", { EMIT_STR, r->voided, 0, 0 } },
	};
	struct emit_table t = { .columns = correct_history_cols, .ncolumns = 6, .meta = meta,
	    .nmeta = 4, .rows_key = "corrections" };
	char head[512];

	if (st == NULL)
		return -1;
	snprintf(head, sizeof head, "%s #%lld %s", r->k->name, r->id, r->label);
	t.title = head;
	sqlite3_bind_text(st, 1, r->k->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, r->id);
	if (prose && r->voided)
		emit_textf(w, tr("%s (voided %s)\n", "%s（已于 %s 作废）\n"), head, r->voided);
	else if (prose)
		emit_textf(w, "%s\n", head);
	else
		emit_begin_table(w, &t);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *cells[6];
		char num[24];

		snprintf(num, sizeof num, "%lld", sqlite3_column_int64(st, 0));
		cells[0] = num;
		for (int c = 1; c < 6; c++)
			cells[c] = (const char *)sqlite3_column_text(st, c);
		if (!prose)
			emit_row(w, cells, 6);
		else
			emit_textf(w, "  #%s %s %s %s%s%s; %s %s\n", num, cells[1], cells[2],
			    strcmp(cells[3], "void") == 0 ? tr("voided", "作废") : tr("amended", "更正"),
			    cells[4] && *cells[4] ? ": " : "", cells[4] ? cells[4] : "",
			    tr("reason:", "原因："), cells[5]);
	}
	sqlite3_finalize(st);
	return prose ? 0 : emit_end_table(w);
}

int
correct_history(struct db *db, const struct correct_opts *o, FILE *out, struct error *e)
{
	struct correct_rec r;
	struct emit *w = NULL;
	int rc = -1;

	if (correct_find(db, o, &r, e) == 0 &&
	    (w = emit_open_file(out, o->format, e)) != NULL) {
		correct_history_write(db, &r, strcmp(o->format, "text") == 0, w, e);
		rc = emit_close(w);
	}
	correct_rec_free(&r);
	return rc;
}

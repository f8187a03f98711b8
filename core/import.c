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
 * The per-kind code is small: orgs may name a parent defined further down
 * the file, so their file is read once ahead and written parents first;
 * a wish carries its 三单制 states; a few kinds check one column against
 * another.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "csv.h"
#include "date.h"
#include "db.h"
#include "import.h"
#include "model.h"
#include "progress.h"
#include "record.h"
#include "util.h"

#define IMPORT_MAXERR	200	/* error lines kept; the rest are counted */
#define IMPORT_MAXSQL	4	/* statements of a kind's own */

/* What writing a row did. */
enum { IMPORT_UNCHANGED, IMPORT_UPDATED, IMPORT_INSERTED };

/* A header cell that is not a column: blank, or skipped by ignore_extra. */
enum { IMPORT_NOHEADER = -1, IMPORT_SKIP = -2 };

/* One cell's value, ready to bind. */
struct import_val {
	int type;		/* SQLITE_NULL, SQLITE_INTEGER or SQLITE_TEXT */
	long long i;
	const char *s;		/* into the record, buf, or static text */
	int given;		/* the cell was not empty */
	char buf[11];		/* a date or month read from the cell */
	char *owned;		/* a pack's activity kind, freed with the row */
};

/*
 * A code the file names, and what it stands for.  Each distinct code is
 * looked up in the database once per file; unknown codes are remembered
 * too, so a file naming one a thousand times costs one query.
 */
struct import_ref {
	char *code;
	long long id;		/* 0: not (yet) in the database */
	unsigned kind;		/* orgs: its RECORD_K_* bit; 0 when unknown */
	int known;		/* in the database or defined by this file */
	int idx;		/* orgs: 1 + index of the file row defining it */
};

struct import_refs {		/* open addressing, linear probing */
	struct import_ref *slot;
	size_t cap, n;
};

/* The table rows this file wrote or matched, by id, and the file row. */
struct import_seen {
	struct import_seen_slot {
		long long id;	/* 0: free slot */
		int row;
	} *slot;
	size_t cap, n;
};

/* Where a record starts: the file position and row before reading it. */
struct import_pos {
	size_t off;
	int row;
};

struct import_err {
	int row;
	char *line;
};

struct import_run;

/* What import does for a kind beyond what its columns say (record.c). */
struct import_hooks {
	const char *kind;
	const char *const *sql;		/* the hooks' own statements */
	void (*prescan)(struct import_run *);
	void (*check)(struct import_run *);
	int  (*after)(struct import_run *, long long id, int status);
};

/* Everything one import_file() call holds; released by import_run_free(). */
struct import_run {
	struct db *db;
	const struct record_kind *k;
	const struct import_hooks *h;	/* never NULL */
	const struct import_opts *o;
	struct import_stats *st;
	struct error *e;
	struct csv_file f;
	struct csv_record rec;
	struct import_pos at;		/* where the current record starts */
	int row;			/* its spreadsheet row */
	int ncols;
	size_t nhead;
	char **head;			/* header cells, trimmed */
	int *cellcol;			/* per header cell: column or IMPORT_NOHEADER/SKIP */
	int pos[RECORD_MAXCOLS];	/* per column: its cell, or -1 */
	const char *label[RECORD_MAXCOLS];	/* per column: name in messages */
	struct import_val val[RECORD_MAXCOLS];
	int rowbad;			/* the current row has an error */
	int unwritable;			/* it names an org whose row was rejected */
	sqlite3_stmt *find, *ins, *upd;
	sqlite3_stmt *lookup[RECORD_T_NTYPES];
	sqlite3_stmt *xst[IMPORT_MAXSQL];
	struct import_refs refs[RECORD_T_NTYPES];
	struct import_seen seen;
	struct import_pos *order;	/* orgs: records in writing order */
	size_t norder, next;
	struct import_err err[IMPORT_MAXERR];	/* sorted by row */
	size_t nerr, dropped;
	unsigned char *bad;		/* one bit per row: rejected */
	size_t badcap;
	long nbad;
};


/* The index of the kind's column NAME: the hooks name the columns they
 * check, so the record table alone says where each one is. */
static int
import_c(const struct import_run *r, const char *name)
{
	int c = record_col_index(r->k, name);

	if (c < 0) {
		util_warnx("import: kind %s has no column %s", r->k->name, name);
		abort();
	}
	return c;
}

/* ---- Messages ---- */

/*
 * tr() for format strings: passing tr() straight to a printf-like function
 * hides the format from gcc; through this it checks both translations.
 */
static const char *import_tr(const char *en, const char *zh)
    __attribute__((format_arg(1), format_arg(2)));

static const char *
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
static void
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
static void import_error(struct import_run *r, int row, const char *column,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
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

/* The spreadsheet letters of the 0-based column I: A, B, ..., Z, AA, ... */
static void
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

/* The RECORD_K_* bit of an org kind as stored; 0 for anything else. */
static unsigned
import_kind_bit(const char *kind)
{
	for (size_t i = 0; kind != NULL && i < RECORD_NORGKINDS; i++)
		if (strcmp(kind, record_org_kinds[i].name) == 0)
			return 1u << i;
	return 0;
}

/* What a reference column names, for messages: "community", "unit or
 * branch", "member", ... in the user's language, into buf. */
static const char *
import_noun(const struct record_col *col, char *buf, size_t n)
{
	size_t len = 0;

	switch (col->type) {
	case RECORD_T_MEMBER:
		return tr("member", "党员");
	case RECORD_T_POST:
		return tr("post", "岗位");
	case RECORD_T_WISH:
		return tr("wish", "微心愿");
	default:
		break;
	}
	if (col->kinds == RECORD_K_ANY)
		return tr("org", "组织");
	buf[0] = '\0';
	for (size_t i = 0; i < RECORD_NORGKINDS; i++) {
		if (!(col->kinds & (1u << i)) || len >= n)
			continue;
		len += (size_t)snprintf(buf + len, len < n ? n - len : 0, "%s%s",
		    len ? tr(" or ", "或") : "",
		    util_lang_zh() ? record_org_kinds[i].zh : record_org_kinds[i].name);
	}
	return buf;
}

/* The name of an org kind bit in the user's language. */
static const char *
import_kind_name(unsigned bit)
{
	for (size_t i = 0; i < RECORD_NORGKINDS; i++)
		if (bit == 1u << i)
			return util_lang_zh() ? record_org_kinds[i].zh :
			    record_org_kinds[i].name;
	return "?";
}

/* ---- Code lookups ---- */

/* FNV-1a: codes are short, and this spreads them well enough. */
static size_t
import_hash(const char *s)
{
	unsigned long long h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

/* The entry for CODE, or NULL. */
static struct import_ref *
import_refs_find(const struct import_refs *m, const char *code)
{
	size_t i;

	if (m->cap == 0)
		return NULL;
	for (i = import_hash(code) & (m->cap - 1); m->slot[i].code != NULL;
	    i = (i + 1) & (m->cap - 1))
		if (strcmp(m->slot[i].code, code) == 0)
			return &m->slot[i];
	return NULL;
}

/* Add CODE, which is not there yet, as unknown; the map owns a copy.
 * Pointers into the map are valid only until the next add. */
static struct import_ref *
import_refs_add(struct import_refs *m, const char *code)
{
	size_t i;

	if (2 * (m->n + 1) > m->cap) {
		struct import_refs bigger = { NULL, m->cap ? 2 * m->cap : 256, m->n };

		bigger.slot = xcalloc(bigger.cap, sizeof *bigger.slot);
		for (size_t j = 0; j < m->cap; j++) {
			if (m->slot[j].code == NULL)
				continue;
			for (i = import_hash(m->slot[j].code) & (bigger.cap - 1);
			    bigger.slot[i].code != NULL; i = (i + 1) & (bigger.cap - 1))
				;
			bigger.slot[i] = m->slot[j];
		}
		free(m->slot);
		*m = bigger;
	}
	for (i = import_hash(code) & (m->cap - 1); m->slot[i].code != NULL;
	    i = (i + 1) & (m->cap - 1))
		;
	memset(&m->slot[i], 0, sizeof m->slot[i]);
	m->slot[i].code = xstrdup(code);
	m->n++;
	return &m->slot[i];
}

static void
import_refs_free(struct import_refs *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slot[i].code);
	free(m->slot);
	memset(m, 0, sizeof *m);
}

/* What CODE names among the things of TYPE: from the map, else from the
 * database (and then remembered, found or not). */
static struct import_ref *
import_lookup(struct import_run *r, enum record_type type, const char *code)
{
	sqlite3_stmt *st = r->lookup[type];
	struct import_ref *ref;
	int rc;

	if ((ref = import_refs_find(&r->refs[type], code)) != NULL)
		return ref;
	ref = import_refs_add(&r->refs[type], code);
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		ref->known = 1;
		ref->id = sqlite3_column_int64(st, 0);
		ref->kind = import_kind_bit((const char *)sqlite3_column_text(st, 1));
	} else if (rc != SQLITE_DONE)
		db_fail(r->db, r->e, "lookup");
	sqlite3_reset(st);
	return ref;
}

/* A mix of the id's bits, for the seen map. */
static size_t
import_hash_id(long long id)
{
	return (size_t)(((unsigned long long)id * 0x9E3779B97F4A7C15ULL) >> 17);
}

/* Double the seen map. */
static void
import_seen_grow(struct import_seen *m)
{
	struct import_seen bigger = { NULL, m->cap ? 2 * m->cap : 1024, m->n };
	size_t i;

	bigger.slot = xcalloc(bigger.cap, sizeof *bigger.slot);
	for (size_t j = 0; j < m->cap; j++) {
		if (m->slot[j].id == 0)
			continue;
		for (i = import_hash_id(m->slot[j].id) & (bigger.cap - 1);
		    bigger.slot[i].id != 0; i = (i + 1) & (bigger.cap - 1))
			;
		bigger.slot[i] = m->slot[j];
	}
	free(m->slot);
	*m = bigger;
}

/*
 * Remember that the current row wrote or matched table row ID.  If another
 * row of the file did already, the two share a natural key: the later one
 * is the duplicate (orgs are written out of file order).  Returns -1 then.
 */
static int
import_seen(struct import_run *r, long long id)
{
	struct import_seen *m = &r->seen;
	const char *key = r->label[0];	/* every kind's key starts with column 0 */
	size_t i;

	if (2 * (m->n + 1) > m->cap)
		import_seen_grow(m);
	for (i = import_hash_id(id) & (m->cap - 1); m->slot[i].id != 0;
	    i = (i + 1) & (m->cap - 1)) {
		int other = m->slot[i].row;

		if (m->slot[i].id != id)
			continue;
		import_error(r, other > r->row ? other : r->row, key,
		    import_tr("duplicate of row %d", "与第 %d 行重复"),
		    other < r->row ? other : r->row);
		return -1;
	}
	m->slot[i].id = id;
	m->slot[i].row = r->row;
	m->n++;
	return 0;
}

/* ---- The header ---- */

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
		if (!r->o->ignore_extra)
			import_error(r, 1, text, "%s", tr("unknown column", "未知的列"));
	} else if (r->pos[c] >= 0)
		import_error(r, 1, text, import_tr("same column as '%s' (%s)",
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
 * Read the header row and map its cells onto the kind's columns.  Returns
 * -1 with r->e set when there is no header; header errors are reported
 * like row errors (row 1).
 */
static int
import_header(struct import_run *r)
{
	struct error ce = { 0 };
	int rc, c;

	if ((rc = csv_next(&r->f, &r->rec, &ce)) == -1)
		return error_set(r->e, ce.code, "%s", ce.msg);
	if (rc == 0)
		return error_set(r->e, EXIT_USAGE, import_tr("%s: empty file, no header row",
		    "%s: 文件为空，没有表头行"), r->f.path);
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
			import_error(r, 1, r->k->cols[c].name, "%s",
			    tr("missing required column", "缺少必需的列"));
	}
	return 0;
}

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
		rc = 0;

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
static void
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

/*
 * Step ST once.  A constraint the database enforces (a trigger, a CHECK)
 * rejects the row like any other check; anything else ends the import
 * (r->e set).  Returns SQLITE_ROW, SQLITE_DONE or -1; the caller resets.
 */
static int
import_step(struct import_run *r, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc;
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		import_error(r, r->row, NULL, "%s", sqlite3_errmsg(r->db->h));
	else
		error_set(r->e, EXIT_ENV, "%s:%d: %s", r->f.path, r->row,
		    sqlite3_errmsg(r->db->h));
	return -1;
}

/* Step a statement that returns no rows and reset it: 0 or -1. */
static int
import_exec(struct import_run *r, sqlite3_stmt *st)
{
	int rc = import_step(r, st);

	sqlite3_reset(st);
	return rc == -1 ? -1 : 0;
}

/* ---- Rows ---- */

static void
import_set_text(struct import_val *v, const char *s)
{
	v->type = SQLITE_TEXT;
	v->s = s;
}

static void
import_set_int(struct import_val *v, long long i)
{
	v->type = SQLITE_INTEGER;
	v->i = i;
}

/* Read an org, member, post or wish code into the id it names. */
static void
import_read_ref(struct import_run *r, int c, const char *code)
{
	const struct record_col *col = &r->k->cols[c];
	const struct import_ref *ref = import_lookup(r, col->type, code);
	char noun[96];

	if (!ref->known)
		import_error(r, r->row, r->label[c], import_tr("unknown %s '%s'",
		    "未知的%s '%s'"), import_noun(col, noun, sizeof noun), code);
	else if (col->type == RECORD_T_ORG && ref->kind != 0 && !(ref->kind & col->kinds))
		import_error(r, r->row, r->label[c], import_tr("'%s' is a %s, not a %s",
		    "'%s' 是%s，不是%s"), code, import_kind_name(ref->kind),
		    import_noun(col, noun, sizeof noun));
	else {
		/* An org this file defines on a row that was rejected. */
		if (ref->id == 0)
			r->unwritable = 1;
		import_set_int(&r->val[c], ref->id);
	}
}

/* Read TEXT as a word of the vocabulary packs declare for column C. */
static void
import_read_word(struct import_run *r, int c, const char *text)
{
	const struct record_col *col = &r->k->cols[c];
	static const struct record_vocab none;
	const struct record_vocab *v = r->o->vocab != NULL ? r->o->vocab : &none;
	const char *word = record_vocab_find(v, r->k->name, col->name, text);
	char *words;

	if (word != NULL) {
		import_set_text(&r->val[c], word);
		return;
	}
	words = record_vocab_words(v, r->k->name, col->name);
	import_error(r, r->row, r->label[c], import_tr(
	    "unknown %s '%s'; accepted: %s (declared by %s)",
	    "%s '%s' 不在规则包声明的词表中；可用：%s（%s声明）"), col->name, text,
	    *words ? words : tr("none", "无"),
	    v->from == RECORD_FROM_INSTALLED ? tr("installed packs", "已安装的规则包") :
	    v->from == RECORD_FROM_PATH ? tr("the packs in the pack path",
	    "规则包路径中的规则包") : tr("the pack under test", "被测规则包"));
	free(words);
}

/* Read TEXT (trimmed) as a value of column C, reporting what is wrong. */
static void
import_read(struct import_run *r, int c, const char *text)
{
	const struct record_col *col = &r->k->cols[c];
	struct import_val *v = &r->val[c];
	const char *s;
	long n;

	free(v->owned);
	v->owned = NULL;
	v->type = SQLITE_NULL;
	v->given = *text != '\0';
	if (!v->given) {
		if (col->flags & RECORD_REQ)
			import_error(r, r->row, r->label[c], "%s",
			    tr("empty required value", "必填项为空"));
		else if (col->dflt != NULL)
			import_read(r, c, col->dflt);
		else if (col->flags & RECORD_BLANK)
			import_set_text(v, "");
		v->given = 0;
		return;
	}
	switch (col->type) {
	case RECORD_T_TEXT:
		import_set_text(v, text);
		break;
	case RECORD_T_DATE:
		/* The schema keeps years 1000-2999; anything else is a typo. */
		if (date_parse(text, v->buf) == 0 && (v->buf[0] == '1' || v->buf[0] == '2'))
			import_set_text(v, v->buf);
		else
			import_error(r, r->row, r->label[c], import_tr("bad date '%s'",
			    "日期无效：'%s'"), text);
		break;
	case RECORD_T_MONTH:
		if (date_parse_month(text, v->buf) == 0 && (v->buf[0] == '1' || v->buf[0] == '2'))
			import_set_text(v, v->buf);
		else
			import_error(r, r->row, r->label[c], import_tr("bad month '%s'",
			    "年月无效：'%s'"), text);
		break;
	case RECORD_T_MINUTES:
		if ((n = model_parse_minutes(text)) >= 0)
			import_set_int(v, n);
		else
			import_error(r, r->row, r->label[c], import_tr(
			    "bad hours '%s' (0 to 24 hours, e.g. 2, 1.5, 7:59)",
			    "服务时间无效：'%s'（0 至 24 小时，如 2、1.5、7:59）"), text);
		break;
	case RECORD_T_BOOL:
		if ((n = model_parse_bool(text)) >= 0)
			import_set_int(v, n);
		else
			import_error(r, r->row, r->label[c], import_tr(
			    "bad yes/no '%s' (expected 是 or 否)",
			    "是否值无效：'%s'（应为 是 或 否）"), text);
		break;
	case RECORD_T_ENUM:
		if ((s = col->norm(text)) != NULL)
			import_set_text(v, s);
		else
			import_error(r, r->row, r->label[c], import_tr(
			    "bad value '%s' (expected %s)", "无效的值：'%s'（应为 %s）"),
			    text, col->accepted);
		break;
	case RECORD_T_VOCAB:
		import_read_word(r, c, text);
		break;
	case RECORD_T_ACTKIND:
		if ((s = model_norm_activity_kind(text, &v->owned)) != NULL)
			import_set_text(v, s);
		else
			import_error(r, r->row, r->label[c], import_tr(
			    "bad activity kind '%s' (expected service, public_welfare, "
			    "lecture, community_event, visit, ethnic_unity, theme_day, "
			    "good_deed, or a pack's own lower-case kind)",
			    "无效的活动类别：'%s'（应为 志愿服务、公益活动、宣讲、社区活动、"
			    "走访、民族团结、主题党日、好人好事，或规则包自定义的小写类别）"), text);
		break;
	default:
		import_read_ref(r, c, text);
		break;
	}
}

/* The trimmed text of column C in the current record; "" when the file or
 * this short row lacks it. */
static const char *
import_cell(struct import_run *r, int c)
{
	if (r->pos[c] < 0 || (size_t)r->pos[c] >= r->rec.nfields)
		return "";
	return util_trim(r->rec.field[r->pos[c]]);
}

/*
 * Read every cell of the current record into r->val, in file order so a
 * row's errors come left to right.  Columns the file lacks read as empty
 * (their defaults), and so do cells a short row lacks; text past the last
 * header is an error at its first cell.
 */
static void
import_read_row(struct import_run *r)
{
	char letters[8];
	size_t i;
	int c;

	r->unwritable = 0;
	for (c = 0; c < r->ncols; c++)
		if (r->pos[c] < 0)
			import_read(r, c, "");
	for (i = 0; i < r->nhead; i++) {
		const char *text = i < r->rec.nfields ? util_trim(r->rec.field[i]) : "";

		if (r->cellcol[i] >= 0)
			import_read(r, r->cellcol[i], text);
		else if (r->cellcol[i] == IMPORT_NOHEADER && *text != '\0' &&
		    !r->o->ignore_extra) {
			import_letters(i, letters);
			import_error(r, r->row, letters, "%s", tr(
			    "value in a column with no header", "该列没有表头，却有内容"));
		}
	}
	for (; i < r->rec.nfields; i++) {
		if (*util_trim(r->rec.field[i]) != '\0') {
			import_letters(i, letters);
			import_error(r, r->row, letters, "%s", tr(
			    "more fields than the header has", "字段比表头多"));
			break;
		}
	}
}

/* Whether every field of REC is blank, as in the ",,,," rows Excel writes
 * below a table. */
static int
import_blank(struct csv_record *rec)
{
	for (size_t i = 0; i < rec->nfields; i++)
		if (*util_trim(rec->field[i]) != '\0')
			return 0;
	return 1;
}

/*
 * Read the next record that is not blank into r->rec, noting where it
 * starts.  A malformed record is reported and ends the file, since nothing
 * after it can be trusted.  Returns 1, 0 at the end, -1 on a bad record.
 */
static int
import_record(struct import_run *r)
{
	struct error ce = { 0 };
	int rc;

	do {
		r->at.off = r->f.pos;
		r->at.row = r->f.row;
		rc = csv_next(&r->f, &r->rec, &ce);
	} while (rc == 1 && import_blank(&r->rec));
	if (rc == -1)
		import_keep(r, r->f.row, xstrdup(ce.msg));
	r->row = r->f.row;
	return rc;
}

/* The next record to import: the next in the file, or the next in the
 * order a prescan chose. */
static int
import_next(struct import_run *r)
{
	if (r->order != NULL) {
		if (r->next == r->norder)
			return 0;
		r->f.pos = r->order[r->next].off;
		r->f.row = r->order[r->next].row;
		r->next++;
	}
	return import_record(r);
}

/* Where the run is, in bytes of the file, for the progress bar. */
static long
import_progress(const struct import_run *r)
{
	if (r->order != NULL)
		return (long)((double)r->f.len * (double)r->next / (double)r->norder);
	return (long)r->f.pos;
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

	import_bind(r, r->find);
	if ((rc = import_step(r, r->find)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(r->find, 0);
		differs = sqlite3_column_int(r->find, 1);
	}
	sqlite3_reset(r->find);
	if (rc == -1)
		return -1;
	if (rc == SQLITE_ROW) {
		if (import_seen(r, *id) == -1)
			return -1;
		if (!differs)
			return IMPORT_UNCHANGED;
		import_bind(r, r->upd);
		sqlite3_bind_int64(r->upd, r->ncols + 1, *id);
		return import_exec(r, r->upd) == -1 ? -1 : IMPORT_UPDATED;
	}
	import_bind(r, r->ins);
	if (import_exec(r, r->ins) == -1)
		return -1;
	*id = sqlite3_last_insert_rowid(r->db->h);
	import_seen(r, *id);
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
	struct progress *bar = progress_start(r->k->name, (long)r->f.len);
	int rc;

	while ((rc = import_next(r)) == 1) {
		if (import_row(r) == -1)
			break;
		progress_set(bar, import_progress(r));
	}
	progress_end(bar);
	return r->e->code != 0 ? -1 : 0;
}

/* ---- Checks across columns ---- */

/* LATER's date may not come before EARLIER's (both read as ISO dates). */
static void
import_check_order(struct import_run *r, int earlier, int later)
{
	const struct import_val *a = &r->val[earlier], *b = &r->val[later];

	if (a->type == SQLITE_TEXT && b->type == SQLITE_TEXT && strcmp(b->s, a->s) < 0)
		import_error(r, r->row, r->label[later], import_tr(
		    "%s %s is earlier than %s %s", "%s %s 早于%s %s"),
		    r->label[later], b->s, r->label[earlier], a->s);
}

/* A cell of column C may be filled only when one of NEEDS is too. */
static void
import_check_needs(struct import_run *r, int c, int needs)
{
	if (r->val[c].given && !r->val[needs].given)
		import_error(r, r->row, r->label[c], import_tr("%s without %s",
		    "有%s却没有%s"), r->label[c], r->label[needs]);
}

/* Only a unit or branch has a community (paired, or designated). */
static void
import_org_check(struct import_run *r)
{
	const struct import_val *kind = &r->val[import_c(r, "kind")];
	int community = import_c(r, "community");

	if (r->val[community].given && kind->type == SQLITE_TEXT &&
	    !(import_kind_bit(kind->s) & (RECORD_K_UNIT | RECORD_K_BRANCH)))
		import_error(r, r->row, r->label[community], "%s", tr(
		    "only a unit or a branch has a community",
		    "只有单位或党支部才有结对社区"));
}

/* An exemption reason needs the exemption (a CHECK of the schema). */
static void
import_member_check(struct import_run *r)
{
	int ex = import_c(r, "exempt"), why = import_c(r, "exempt_reason");
	const struct import_val *exempt = &r->val[ex];

	if (r->val[why].given && r->pos[ex] >= 0 && exempt->type == SQLITE_INTEGER &&
	    exempt->i != 1)
		import_error(r, r->row, r->label[why], import_tr(
		    "%s given but %s is not 是", "填写了%s，但%s不是“是”"),
		    r->label[why], r->label[ex]);
}

static void
import_registration_check(struct import_run *r)
{
	import_check_order(r, import_c(r, "date"), import_c(r, "receipt"));
}

static void
import_pairing_check(struct import_run *r)
{
	import_check_order(r, import_c(r, "start"), import_c(r, "end"));
}

/*
 * The 三单制 order: a state needs the one before it (and its actor), and
 * is not dated before it.
 */
static const char *const import_wish_needs[][2] = {
	{ "dispatched", "dispatcher" }, { "dispatcher", "dispatched" },
	{ "taken", "dispatched" }, { "taken", "taker" }, { "taker", "taken" },
	{ "done", "taken" }, { "rating", "done" },
};
static const char *const import_wish_order[][2] = {
	{ "ordered", "dispatched" }, { "dispatched", "taken" }, { "taken", "done" },
};

static void
import_wish_check(struct import_run *r)
{
	size_t i;

	for (i = 0; i < sizeof import_wish_needs / sizeof import_wish_needs[0]; i++)
		import_check_needs(r, import_c(r, import_wish_needs[i][0]),
		    import_c(r, import_wish_needs[i][1]));
	for (i = 0; i < sizeof import_wish_order / sizeof import_wish_order[0]; i++)
		import_check_order(r, import_c(r, import_wish_order[i][0]),
		    import_c(r, import_wish_order[i][1]));
}

/* ---- Orgs: parents first ---- */

/* An org row of the file as the prescan sees it. */
struct import_orgrow {
	struct import_pos at;
	int row;
	char *code, *parent, *community;
	int placed;			/* in r->order already */
};

struct import_orgscan {
	struct import_orgrow *row;
	size_t n, cap;
};

/* Note the current record's org and register its code, so that rows
 * above it may name it; the first row defining a code wins. */
static void
import_org_collect(struct import_run *r, struct import_orgscan *s)
{
	struct import_orgrow *o;
	struct import_ref *ref;
	const char *code;

	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->row = xrealloc(s->row, s->cap * sizeof *s->row);
	}
	o = &s->row[s->n++];
	o->at = r->at;
	o->row = r->row;
	o->code = xstrdup(code = import_cell(r, import_c(r, "code")));
	o->parent = xstrdup(import_cell(r, import_c(r, "parent")));
	o->community = xstrdup(import_cell(r, import_c(r, "community")));
	o->placed = 0;
	if (*code == '\0')
		return;
	ref = import_lookup(r, RECORD_T_ORG, code);
	if (ref->idx == 0) {
		ref->idx = (int)s->n;
		ref->known = 1;
		ref->kind = import_kind_bit(model_norm_org_kind(import_cell(r,
		    import_c(r, "kind"))));
	}
}

/* The parent code of org CODE: the file's word if the file defines it,
 * else the database's (into buf); "" when it has none. */
static const char *
import_org_parent(struct import_run *r, const struct import_orgscan *s,
    const char *code, struct sbuf *buf)
{
	const struct import_ref *ref = import_refs_find(&r->refs[RECORD_T_ORG], code);
	sqlite3_stmt *up = r->xst[0];

	if (ref != NULL && ref->idx != 0)
		return s->row[ref->idx - 1].parent;
	sqlite3_bind_text(up, 1, code, -1, SQLITE_TRANSIENT);
	sbuf_reset(buf);
	sbuf_add(buf, "", 0);
	if (sqlite3_step(up) == SQLITE_ROW)
		sbuf_adds(buf, (const char *)sqlite3_column_text(up, 0));
	sqlite3_reset(up);
	return buf->s;
}

/*
 * Report each row whose parents lead back to itself.  A walk that never
 * returns (a cycle above the row, reported at its own rows) stops after
 * LIMIT steps, more than any chain without a cycle can have.  Returns the
 * number of rows in cycles.
 */
static int
import_org_cycles(struct import_run *r, const struct import_orgscan *s)
{
	long limit = (long)s->n + (long)db_int(r->db, "SELECT count(*) FROM org", 0) + 1;
	struct sbuf buf;
	int cycles = 0;

	sbuf_init(&buf);
	for (size_t i = 0; i < s->n; i++) {
		const char *cur = s->row[i].parent;

		for (long step = 0; *cur != '\0' && step < limit; step++) {
			if (strcmp(cur, s->row[i].code) == 0) {
				import_error(r, s->row[i].row, r->label[import_c(r, "parent")],
				    import_tr("parent cycle through '%s'",
				    "上级关系成环（经过 '%s'）"), s->row[i].parent);
				cycles++;
				break;
			}
			cur = import_org_parent(r, s, cur, &buf);
		}
	}
	sbuf_free(&buf);
	return cycles;
}

/* Whether row I may be written as far as org CODE is concerned: CODE is
 * empty, not defined by another row of the file, or that row is placed. */
static int
import_org_ready(struct import_run *r, const struct import_orgscan *s,
    size_t i, const char *code)
{
	const struct import_ref *ref;

	if (*code == '\0')
		return 1;
	ref = import_refs_find(&r->refs[RECORD_T_ORG], code);
	if (ref == NULL || ref->idx == 0 || (size_t)ref->idx - 1 == i)
		return 1;
	return s->row[ref->idx - 1].placed;
}

static void
import_org_place(struct import_run *r, struct import_orgrow *o)
{
	r->order[r->norder++] = o->at;
	o->placed = 1;
}

/*
 * Put the rows in writing order: each after the rows defining its parent
 * and its community, otherwise in file order.  Passes over the rows until
 * none moves; the hierarchy is a few levels deep, so there are few passes.
 * Rows left over wait on each other (a unit paired with a community below
 * it): reported, and placed anyway so their cells are still checked.
 */
static void
import_org_order(struct import_run *r, struct import_orgscan *s, int cycles)
{
	int moved;
	size_t i;

	r->order = xcalloc(s->n ? s->n : 1, sizeof *r->order);
	do {
		moved = 0;
		for (i = 0; i < s->n && !cycles; i++) {
			struct import_orgrow *o = &s->row[i];

			if (!o->placed && import_org_ready(r, s, i, o->parent) &&
			    import_org_ready(r, s, i, o->community)) {
				import_org_place(r, o);
				moved = 1;
			}
		}
	} while (moved);
	for (i = 0; i < s->n; i++) {
		if (s->row[i].placed)
			continue;
		if (!cycles)
			import_error(r, s->row[i].row, r->label[import_c(r, "community")], import_tr(
			    "parents and communities form a cycle through '%s'",
			    "上级与结对社区关系成环（经过 '%s'）"), s->row[i].community);
		import_org_place(r, &s->row[i]);
	}
}

/*
 * Read the whole orgs file ahead of the import: register every code it
 * defines (so a row may name a parent defined further down), find parent
 * cycles, and choose the writing order for import_rows().
 */
static void
import_org_prescan(struct import_run *r)
{
	struct import_orgscan s = { NULL, 0, 0 };
	size_t pos = r->f.pos;
	int row = r->f.row, cycles;

	while (import_record(r) == 1)
		import_org_collect(r, &s);
	r->f.pos = pos;
	r->f.row = row;
	cycles = import_org_cycles(r, &s);
	import_org_order(r, &s, cycles);
	for (size_t i = 0; i < s.n; i++) {
		free(s.row[i].code);
		free(s.row[i].parent);
		free(s.row[i].community);
	}
	free(s.row);
}

/* A written org's id, for the rows below it in the order. */
static int
import_org_after(struct import_run *r, long long id, int status)
{
	const char *code = r->val[import_c(r, "code")].s;
	struct import_ref *ref = import_refs_find(&r->refs[RECORD_T_ORG], code);

	if (ref != NULL)
		ref->id = id;
	return status;
}

/* ---- Wishes: the 三单制 states ---- */

/* The wish_state rows a wish row carries: the column that dates each and
 * the column that fills branch_id, member_id or rating (NULL: none). */
static const struct import_wish_step {
	const char *state;
	const char *date, *branch, *member, *rating;
} import_wish_steps[] = {
	{ "ordered",	"ordered",	NULL,		NULL,	NULL },
	{ "dispatched",	"dispatched",	"dispatcher",	NULL,	NULL },
	{ "taken",	"taken",	NULL,		"taker", NULL },
	{ "done",	"done",		NULL,		NULL,	NULL },
	{ "rated",	"done",		NULL,		NULL,	"rating" },
};
#define IMPORT_NSTEPS 5

static const char *const import_wish_sql[] = {
	"SELECT step, date, branch_id, member_id, rating FROM wish_state"
	" WHERE wish_id = ?1",
	"INSERT INTO wish_state (wish_id, step, state, date, branch_id, member_id,"
	" rating) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	"UPDATE wish_state SET date = ?4, branch_id = ?5, member_id = ?6,"
	" rating = ?7 WHERE wish_id = ?1 AND step = ?2",
	NULL
};

/* One wish_state row, as stored or as the file gives it. */
struct import_state {
	int have;
	char date[11];
	long long branch, member;	/* 0 for NULL */
	char rating[16];		/* "" for NULL */
};

/* The states the current row gives, in step order (index step - 1). */
static void
import_wish_wanted(const struct import_run *r, struct import_state *to)
{
	for (int i = 0; i < IMPORT_NSTEPS; i++) {
		const struct import_wish_step *w = &import_wish_steps[i];
		const struct import_val *date = &r->val[import_c(r, w->date)];
		const struct import_val *rating = w->rating ? &r->val[import_c(r, w->rating)] : NULL;

		memset(&to[i], 0, sizeof to[i]);
		to[i].have = rating == NULL ? date->type == SQLITE_TEXT :
		    rating->type == SQLITE_TEXT;
		if (!to[i].have)
			continue;
		snprintf(to[i].date, sizeof to[i].date, "%s", date->s);
		if (w->branch != NULL)
			to[i].branch = r->val[import_c(r, w->branch)].i;
		if (w->member != NULL)
			to[i].member = r->val[import_c(r, w->member)].i;
		if (rating != NULL)
			snprintf(to[i].rating, sizeof to[i].rating, "%s", rating->s);
	}
}

/* The states stored for wish ID.  Returns 0 or -1 (r->e set). */
static int
import_wish_stored(struct import_run *r, long long id, struct import_state *old)
{
	sqlite3_stmt *st = r->xst[0];
	int rc;

	memset(old, 0, IMPORT_NSTEPS * sizeof *old);
	sqlite3_bind_int64(st, 1, id);
	while ((rc = import_step(r, st)) == SQLITE_ROW) {
		int step = sqlite3_column_int(st, 0);
		const char *rating = (const char *)sqlite3_column_text(st, 4);
		struct import_state *s;

		if (step < 1 || step > IMPORT_NSTEPS)
			continue;
		s = &old[step - 1];
		s->have = 1;
		snprintf(s->date, sizeof s->date, "%s", sqlite3_column_text(st, 1));
		s->branch = sqlite3_column_int64(st, 2);
		s->member = sqlite3_column_int64(st, 3);
		snprintf(s->rating, sizeof s->rating, "%s", rating ? rating : "");
	}
	sqlite3_reset(st);
	return rc == -1 ? -1 : 0;
}

/* Insert (ST = insert) or update (ST = update) state STEP of wish ID. */
static int
import_wish_put(struct import_run *r, sqlite3_stmt *st, long long id, int step,
    const struct import_state *s)
{
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, step);
	sqlite3_bind_text(st, 3, import_wish_steps[step - 1].state, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, s->date, -1, SQLITE_TRANSIENT);
	if (s->branch)
		sqlite3_bind_int64(st, 5, s->branch);
	else
		sqlite3_bind_null(st, 5);
	if (s->member)
		sqlite3_bind_int64(st, 6, s->member);
	else
		sqlite3_bind_null(st, 6);
	db_bind_text(st, 7, s->rating);
	return import_exec(r, st);
}

static int
import_state_differs(const struct import_state *a, const struct import_state *b)
{
	return strcmp(a->date, b->date) != 0 || a->branch != b->branch ||
	    a->member != b->member || strcmp(a->rating, b->rating) != 0;
}

/*
 * Bring wish ID's states in line with the row: insert the missing ones and
 * update the changed ones; states the row does not give are left alone.
 * The triggers check every write against its neighbours, so dates moving
 * earlier are written first to last and the others last to first: then no
 * step is ever, even for a moment, dated before the one it follows.
 */
static int
import_wish_after(struct import_run *r, long long id, int status)
{
	struct import_state want[IMPORT_NSTEPS], old[IMPORT_NSTEPS];
	int i, changed = 0, rc = 0;

	import_wish_wanted(r, want);
	if (import_wish_stored(r, id, old) == -1)
		return -1;
	for (i = 0; i < IMPORT_NSTEPS && rc == 0; i++)
		if (want[i].have && old[i].have && strcmp(want[i].date, old[i].date) < 0) {
			rc = import_wish_put(r, r->xst[2], id, i + 1, &want[i]);
			changed = 1;
		}
	for (i = IMPORT_NSTEPS - 1; i >= 0 && rc == 0; i--)
		if (want[i].have && old[i].have && strcmp(want[i].date, old[i].date) >= 0 &&
		    import_state_differs(&want[i], &old[i])) {
			rc = import_wish_put(r, r->xst[2], id, i + 1, &want[i]);
			changed = 1;
		}
	for (i = 0; i < IMPORT_NSTEPS && rc == 0; i++)
		if (want[i].have && !old[i].have) {
			rc = import_wish_put(r, r->xst[1], id, i + 1, &want[i]);
			changed = 1;
		}
	if (rc == -1)
		return -1;
	return status == IMPORT_UNCHANGED && changed ? IMPORT_UPDATED : status;
}

/* ---- Kinds ---- */

static const char *const import_org_sql[] = {
	"SELECT p.code FROM org AS o JOIN org AS p ON p.id = o.parent_id"
	" WHERE o.code = ?1",
	NULL
};

/* The kinds whose import needs code of its own; the others are read,
 * checked and written from their columns alone. */
static const struct import_hooks import_hook_table[] = {
	{ "orgs", import_org_sql, import_org_prescan, import_org_check, import_org_after },
	{ "members", NULL, NULL, import_member_check, NULL },
	{ "registrations", NULL, NULL, import_registration_check, NULL },
	{ "wishes", import_wish_sql, NULL, import_wish_check, import_wish_after },
	{ "pairings", NULL, NULL, import_pairing_check, NULL },
	{ NULL }
};

/* The hooks of kind K: its entry, or the table's empty end. */
static const struct import_hooks *
import_hooks_of(const struct record_kind *k)
{
	const struct import_hooks *h = import_hook_table;

	while (h->kind != NULL && strcmp(h->kind, k->name) != 0)
		h++;
	return h;
}

/* ---- The whole file ---- */

/* The audit row of an import that changed something. */
static int
import_audit(struct import_run *r)
{
	struct db_audit a = { .action = "import", .tbl = r->k->name, .file = r->f.path,
	    .inserted = r->st->inserted, .updated = r->st->updated };
	char hex[65];

	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", r->f.sha256[i]);
	a.file_sha256 = hex;
	return db_audit(r->db, &a, r->e);
}

/* Hand the kept errors to ERRS, with a count of those not kept. */
static void
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

static void
import_run_free(struct import_run *r)
{
	sqlite3_finalize(r->find);
	sqlite3_finalize(r->ins);
	sqlite3_finalize(r->upd);
	for (int t = 0; t < RECORD_T_NTYPES; t++) {
		sqlite3_finalize(r->lookup[t]);
		import_refs_free(&r->refs[t]);
	}
	for (int i = 0; i < IMPORT_MAXSQL; i++)
		sqlite3_finalize(r->xst[i]);
	for (int c = 0; c < RECORD_MAXCOLS; c++)
		free(r->val[c].owned);
	for (size_t i = 0; i < r->nhead; i++)
		free(r->head[i]);
	for (size_t i = 0; i < r->nerr; i++)
		free(r->err[i].line);
	free(r->head);
	free(r->cellcol);
	free(r->seen.slot);
	free(r->order);
	free(r->bad);
	csv_record_free(&r->rec);
	csv_close(&r->f);
}

/* Whether PATH names an .xlsx workbook. */
static int
import_is_xlsx(const char *path)
{
	size_t n = strlen(path);

	return n >= 5 && strcasecmp(path + n - 5, ".xlsx") == 0;
}

/* Check the kind and the file's form before anything is opened. */
static int
import_precheck(const char *kind, const char *path, struct error *e)
{
	char kinds[512];

	if (record_kind(kind) == NULL) {
		record_kind_list(kinds, sizeof kinds, tr(", ", "、"), tr(" or ", " 或 "));
		return error_set(e, EXIT_USAGE, import_tr("unknown import kind '%s' (expected %s)",
		    "未知的导入类别 '%s'（应为 %s）"), kind, kinds);
	}
	if (import_is_xlsx(path))
		return error_set(e, EXIT_USAGE, import_tr(
		    "%s: xlsx import needs the xlsx plugin, which this build does not have",
		    "%s: 导入 xlsx 需要 xlsx 插件，本程序没有编译进来"), path);
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
	if (import_prepare(r) != 0 || import_prepare_more(r) != 0)
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
	if (!r->o->dry_run && r->st->inserted + r->st->updated > 0)
		return import_audit(r);
	return 0;
}

int
import_file(struct db *db, const char *kind, const char *path,
    const struct import_opts *o, struct import_stats *st,
    struct import_errors *errs, struct error *e)
{
	static const struct import_opts defaults = { 0, 0, NULL };
	struct import_run r;
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

	if (csv_open(&r.f, path, e) == 0 && db_begin(db, e) == 0) {
		rc = import_all(&r);
		if (rc == 0 && !r.o->dry_run)
			rc = db_commit(db, e);
		if (rc != 0 || r.o->dry_run)
			db_rollback(db);
	}
	if (rc != 0)
		st->inserted = st->updated = st->unchanged = 0;
	import_errors_move(&r, errs);
	import_run_free(&r);
	return rc;
}

void
import_errors_free(struct import_errors *errs)
{
	for (size_t i = 0; i < errs->n; i++)
		free(errs->line[i]);
	free(errs->line);
	memset(errs, 0, sizeof *errs);
}

/*
 * import_int.h - what the files of the import module share, and nothing
 * outside them sees (import.h is the module's whole interface).
 *
 *   import.c        the driver: one file from open to commit or rollback
 *   import_src.c    where the rows come from: a CSV file, or a workbook
 *   import_back.c   the rejected rows written back, with their reasons
 *   import_err.c    the row errors of a file, kept in row order
 *   import_ref.c    the codes a file names, and the rows it has written
 *   import_head.c   the header row matched onto a kind's columns
 *   import_read.c   a record's cells read into typed values
 *   import_kinds.c  the kinds' hooks, and the checks across columns
 *   import_org.c    orgs: parents first, and parent cycles
 *   import_wish.c   wishes: a row's 三单制 states
 *   import_history.c a correctable record's update, kept as a correction
 *   import_member.c members: status and its date, and their history
 */
#ifndef BAODAO_IMPORT_INT_H
#define BAODAO_IMPORT_INT_H

#include <stddef.h>

#include "csv.h"
#include "db.h"
#include "record.h"
#include "sheet.h"
#include "util.h"

/* import.h's structs, by pointer only: this header does not include
 * import.h, so that the import module does not include itself back. */
struct import_errors;
struct import_opts;
struct import_stats;

#define IMPORT_MAXERR	200	/* error lines kept; the rest are counted */
#define IMPORT_MAXSQL	4	/* statements of a kind's own */
#define IMPORT_MAXREFS	65536	/* codes of a kind but orgs remembered */
#define IMPORT_MAXNAMED	16	/* column names the hooks ask for, remembered */

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
 * looked up in the database once (orgs) or once while remembered (the
 * rest, up to IMPORT_MAXREFS at a time); unknown codes are remembered
 * too, so a file naming one a thousand times costs one query.
 */
struct import_ref {
	char *code;
	long long id;		/* 0: not (yet) in the database */
	unsigned kind;		/* orgs: its RECORD_K_* bit; 0 when unknown */
	int known;		/* in the database or defined by this file */
	int idx;		/* orgs: 1 + index of the file row defining it */
	int hinted;		/* unknown: hint looked for */
	char *hint;		/* the known code it is with its zeros back */
};

struct import_refs {		/* open addressing, linear probing */
	struct import_ref *slot;
	size_t cap, n;
};

/*
 * The table rows this file wrote or matched, without holding every id.  A
 * row the file inserted has an id above the table's largest before the
 * import, and the file row that wrote it follows from the runs of inserts
 * (ids one up from file rows one down); a row that was there before and
 * that the file matched goes into a temporary table, kept on disk.
 */
struct import_seen {
	long long top;		/* the largest id before the import */
	int fresh;		/* the table was empty, its key held unique */
	struct import_span {
		long long id;	/* the first id of a run of inserts */
		int row;	/* its file row */
		int n;		/* ids in the run */
	} *span;
	size_t nspan, cap;
	sqlite3_stmt *add, *get;	/* the temporary table */
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

/* Why a row was rejected, for the file written back (every one of them,
 * not only the IMPORT_MAXERR kept for the report). */
struct import_why {
	int row;
	size_t seq;		/* the order it was found in */
	char *text;		/* "COLUMN: message" or "message" */
};

struct import_run;

/* What import does for a kind beyond what its columns say (record.c). */
struct import_hooks {
	const char *kind;
	const char *const *sql;		/* the hooks' own statements */
	void (*prescan)(struct import_run *);
	void (*check)(struct import_run *);
	int  (*after)(struct import_run *, long long id, int status);
	int  (*finish)(struct import_run *);	/* every row passed */
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
	struct sbuf sheet;		/* a workbook's sheet as CSV text */
	char *sheetname;		/* its name; NULL for a CSV file */
	int headrow;			/* the header's spreadsheet row */
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
	sqlite3_stmt *hist;		/* a correctable record's update kept in
					   its history (import_history.c) */
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
	struct import_why *why;		/* with errors_path: every reason */
	size_t nwhy, capwhy;
	struct import_named {		/* import_c()'s answers, by the name's */
		const char *name;	/* address: hooks ask with literals */
		int c;
	} named[IMPORT_MAXNAMED];
	size_t nnamed;
	char *actor;			/* who imports, and when (UTC), for */
	char now[21];			/* the history rows: asked once */
	sqlite3_stmt *held[2];		/* wishes: wishstate_refusal()'s */
};

/* The hooks of orgs (import_org.c), members (import_member.c) and wishes
 * (import_wish.c). */
extern const struct import_hooks import_org_hooks, import_member_hooks,
          import_wish_hooks;

/* import.c */
int   import_fail(struct import_run *r, int rc);
int   import_exec(struct import_run *r, sqlite3_stmt *st);
void  import_bind(struct import_run *r, sqlite3_stmt *st);

/* import_src.c */
int   import_open(struct import_run *r, const char *path);

/* import_back.c */
int   import_write_back(struct import_run *r);

/* import_err.c */
const char *import_tr(const char *en, const char *zh)
          __attribute__((format_arg(1), format_arg(2)));
void  import_keep(struct import_run *r, int row, char *line);
void  import_why(struct import_run *r, int row, char *text);
void  import_letters(size_t i, char out[8]);
void  import_error(struct import_run *r, int row, const char *column,
          const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void  import_errors_move(struct import_run *r, struct import_errors *errs);
int   import_rejected(const struct import_run *r, int row);

/* import_ref.c */
unsigned import_kind_bit(const char *kind);
struct import_ref *import_refs_find(const struct import_refs *m, const char *code);
void  import_refs_free(struct import_refs *m);
struct import_ref *import_lookup(struct import_run *r, enum record_type type,
          const char *code);
const char *import_zeros_hint(struct import_run *r, enum record_type type,
          struct import_ref *ref);
int   import_seen_begin(struct import_run *r);
int   import_seen(struct import_run *r, long long id, int inserted);
void  import_seen_free(struct import_seen *m);

/* import_head.c */
int   import_header(struct import_run *r);

/* import_read.c */
const char *import_cell(struct import_run *r, int c);
void  import_read_cell(struct import_run *r, int c, const char *text);
void  import_read_row(struct import_run *r);
int   import_record(struct import_run *r);

/* import_history.c */
int   import_history_prepare(struct import_run *r);
int   import_history(struct import_run *r, long long id);

/* import_kinds.c */
int   import_c(struct import_run *r, const char *name);
void  import_check_order(struct import_run *r, int earlier, int later);
void  import_check_needs(struct import_run *r, int c, int needs);
const struct import_hooks *import_hooks_of(const struct record_kind *k);

#endif

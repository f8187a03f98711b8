/*
 * record.h - the record kinds: each kind of record a clerk imports
 * (orgs, members, ..., member_events) declared once.
 *
 * A kind is its command-line name, the table it fills, the facts source
 * it feeds, its line in `import --help`, its notes in baodao(1), and its
 * columns.  A column is its canonical header and the notices' Chinese
 * headers for it, the SQL column it fills, how its text is read (its
 * type), whether it is required or part of the natural key, the kind a
 * reference column names, and the default a pack test case gets for it.
 * Import, pack test fixtures, the help text and the man page's column
 * table are all read from here; adding a kind is one entry in record.c
 * plus the migration that creates its table.
 *
 * Some columns hold a word of a vocabulary that packs declare (the kinds
 * of org_events and member_events: the words only some notice uses).
 * struct record_vocab is the union of such declarations that an import
 * checks those columns against.
 */
#ifndef BAODAO_RECORD_H
#define BAODAO_RECORD_H

#include <stddef.h>
#include <stdio.h>

/* How the text of a cell becomes a value. */
enum record_type {
	RECORD_T_TEXT,		/* as typed, trimmed */
	RECORD_T_DATE,		/* a day, YYYY-MM-DD */
	RECORD_T_MONTH,		/* a month, YYYY-MM (birth, joining the party) */
	RECORD_T_MINUTES,	/* hours of service, kept as whole minutes */
	RECORD_T_BOOL,		/* 是/否, kept as 1/0 */
	RECORD_T_ENUM,		/* one of a closed set, by the column's normaliser */
	RECORD_T_ACTKIND,	/* an activity kind, a core one or a pack's own */
	RECORD_T_VOCAB,		/* a word of a vocabulary packs declare */
	RECORD_T_ORG,		/* an org code, of the column's kinds: org.id */
	RECORD_T_MEMBER,	/* a member id: member.id */
	RECORD_T_POST,		/* a post code: post.id */
	RECORD_T_WISH,		/* a wish id: wish.id */
	RECORD_T_NTYPES
};

/* Column flags. */
enum {
	RECORD_REQ = 1,		/* must be in the header and never empty */
	RECORD_KEY = 2,		/* part of the row's natural key */
	RECORD_BLANK = 4,	/* empty is stored as '' rather than NULL */
	RECORD_FACT = 8,	/* a field of the kind's facts source (facts.c) */
	RECORD_CODE = 16,	/* the code that names the record: RECORD_CODE_MAX
				   characters, no control characters */
	RECORD_PERSONAL = 32	/* a phone number, an address or an ID number:
				   masked in every output unless --reveal */
};

/* Org kinds as bits, in the order of record_org_kinds[]. */
enum {
	RECORD_K_PROVINCE = 1,
	RECORD_K_CITY = 2,
	RECORD_K_COUNTY = 4,
	RECORD_K_STREET = 8,
	RECORD_K_COMMUNITY = 16,
	RECORD_K_UNIT = 32,
	RECORD_K_BRANCH = 64,
	RECORD_K_ANY = 127
};

#define RECORD_NORGKINDS 7
/* The org kinds as stored and as Chinese messages name them. */
extern const struct record_org_kind {
	const char *name;
	const char *zh;
} record_org_kinds[RECORD_NORGKINDS];

struct record_col {
	const char *name;	/* canonical header */
	const char *field;	/* column of the table; NULL: import's hook keeps it */
	enum record_type type;
	int flags;
	const char *(*norm)(const char *);	/* RECORD_T_ENUM */
	const char *accepted;	/* RECORD_T_ENUM: the values, for messages */
	unsigned kinds;		/* RECORD_T_ORG: the org kinds it may name */
	const char *dflt;	/* read in place of an empty cell */
	const char *const *aliases;	/* the notices' headers, NULL-terminated */
	const char *fixture;	/* pack test default: a value, "=COL" (the row's
				   COL), "@" (the member's community), "#" (numbered) */
	const char *doc;	/* baodao(1): what the values are, or NULL */
};

/* The lengths text cells are held to, in characters: the codes that name
 * records (RECORD_CODE: the schema's CHECK), and any other text.  Import
 * reports a longer cell as FILE:ROW:COLUMN before SQLite sees it; it
 * refuses any control character in a code, and in other text all but tab
 * and line breaks. */
#define RECORD_CODE_MAX 64
#define RECORD_TEXT_MAX 10000

/* What `validate` checks of a kind's dates (its first key date). */
enum record_dates {
	RECORD_DATES_NONE,	/* nothing */
	RECORD_DATES_FUTURE	/* none after the as-of date (with --year, of
				   the records dated in that year) */
};

struct record_kind {
	const char *name;	/* as on the command line */
	const char *table;
	const char *source;	/* the facts source its rows feed, or NULL; the
				   RECORD_FACT columns are its fields */
	const char *help;	/* its line in `import --help` */
	const char *doc;	/* baodao(1): notes on the kind, or NULL */
	const struct record_col *cols;	/* ends with a NULL name */
	enum record_dates dates;	/* of a member's records; else NONE */
	int keyunique;		/* an index holds the natural key unique, so
				   import may insert into an empty table
				   first and look the key up when refused */
};

/* The kinds, in the order a region is best loaded (what a kind names
 * comes first), ending with a NULL name. */
extern const struct record_kind record_kinds[];

#define RECORD_MAXKINDS 32	/* more kinds than there are */
#define RECORD_MAXCOLS	32	/* more columns than any kind has */

/* The kind called NAME, or NULL. */
const struct record_kind *record_kind(const char *name);
/* The kind whose table is TABLE, or NULL. */
const struct record_kind *record_kind_of_table(const char *table);
/* How many kinds there are; how many columns kind K has. */
int   record_nkinds(void);
int   record_ncols(const struct record_kind *k);
/* The index of K's column NAME (canonical), or -1. */
int   record_col_index(const struct record_kind *k, const char *name);
/* Is K's column NAME (canonical) personal data (RECORD_PERSONAL)? */
int   record_personal(const struct record_kind *k, const char *name);
/* Personal data masked: digits keep the first 3 and last 4 (138****5678),
 * other text its first two characters (淮安***).  Returns a new string. */
char *record_mask(const char *s);
/* The first column of K's natural key of type T, or -1. */
int   record_key_col(const struct record_kind *k, enum record_type t);
/* The first column of K whose words packs declare, or -1. */
int   record_vocab_col(const struct record_kind *k);
/* The kind a reference type names ("orgs" for RECORD_T_ORG), or NULL. */
const struct record_kind *record_ref_kind(enum record_type t);

/* Whether records of K can be corrected (baodao record): the dated
 * records of a member or an org, whose table has a voided column. */
int   record_correctable(const struct record_kind *k);

/* SQL: into B, the value EXPR of column COL as a clerk types it in the
 * sheet (text): a code for a reference, hours for minutes (2, 1:30), 是
 * or 否; NULL stays NULL. */
struct sbuf;
void  record_show_sql(struct sbuf *b, const struct record_col *col, const char *expr);
/* SQL: into B, the natural key of K's row ALIAS as a clerk types it: the
 * key columns shown as above, joined by "/", empty ones at the end left
 * out, on one line. */
void  record_label_sql(struct sbuf *b, const struct record_kind *k, const char *alias);

/* The kinds' names into BUF as "orgs, members, ... or member_events",
 * SEP between them and LAST before the last. */
void  record_kind_list(char *buf, size_t n, const char *sep, const char *last);
/* `import --help`'s list of kinds, one line each, each passed through
 * XLAT (the command layer's translation; NULL: as declared). */
void  record_help(FILE *out, const char *(*xlat)(const char *));
/* baodao(1)'s table of columns (the .TP entries of IMPORT FORMATS). */
void  record_man(FILE *out);

/* ---- vocabularies packs declare ---- */

/* Where the declarations of a vocabulary came from, for messages. */
enum record_from { RECORD_FROM_INSTALLED, RECORD_FROM_PATH, RECORD_FROM_PACK };

struct record_word {
	char *kind;		/* record kind: "org_events" */
	char *column;		/* its column: "kind" */
	char *word;		/* what is stored: "good_deed" */
	char *spelling;		/* what a clerk may type: "实事好事" (folded) */
	char *pack;		/* the pack that declared it */
};

struct record_vocab {
	struct record_word *w;
	size_t n, cap;
	enum record_from from;
};

/* Whether S is a word packs may declare: [a-z][a-z0-9_]*. */
int   record_is_word(const char *s);
/* Add WORD of KIND.COLUMN, typed as SPELLING (NULL: the word itself),
 * declared by PACK.  A spelling already there is kept as it was. */
void  record_vocab_add(struct record_vocab *v, const char *kind, const char *column,
          const char *word, const char *spelling, const char *pack);
/* Add every word of FROM. */
void  record_vocab_merge(struct record_vocab *v, const struct record_vocab *from);
/* The word TEXT (trimmed, ASCII without case) stands for, or NULL. */
const char *record_vocab_find(const struct record_vocab *v, const char *kind,
          const char *column, const char *text);
/* The declared words of KIND.COLUMN, sorted, as "a, b, c"; "" when none.
 * The caller frees it. */
char *record_vocab_words(const struct record_vocab *v, const char *kind,
          const char *column);
void  record_vocab_free(struct record_vocab *v);

#endif

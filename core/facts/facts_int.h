/*
 * facts_int.h - what the files of the facts module share and callers do
 * not see: the record sources a fact may aggregate (their queries and
 * fields, defined in facts.c), and the tally's part of an org's facts
 * (facts_tally.c, read by the org cursor in facts.c).
 */
#ifndef BAODAO_FACTS_INT_H
#define BAODAO_FACTS_INT_H

/* Its includers include facts.h first: the types below use its
 * declarations, and an include back would make the two one module. */

/* How a field's column is read and what a rule sees. */
enum facts_ftype {
	FT_TEXT,        /* text; "" when NULL */
	FT_DATE,        /* ISO date or NULL */
	FT_INT,         /* integer */
	FT_HOURS,       /* minutes column, seen as hours (a number) */
	FT_BOOL,        /* 0/1 */
	FT_REF,         /* org id, seen as the org's code */
	FT_RESIDENCE,   /* org id column: is it the member's residence community? */
	FT_RESIDENCE_OPEN, /* same, and NULL (a region-wide post) counts as yes */
	FT_LIAISON,     /* org id column: is it the liaison community of the member's unit? */
	FT_NAME,        /* org id, seen as the org's name */
	FT_STREET,      /* org id, seen as the name of the street (街道、乡镇) above it */
	FT_COUNTY       /* org id, seen as the name of the county (县区) above it */
};

struct facts_field {
	const char *name;
	int col;
	enum facts_ftype type;
};

struct facts_srcdef {
	const char *name;
	/* The query, in parts: the select list (the subject first, a field's
	 * col its place in it; no expression holds a comma, so a cursor may
	 * put NULL for a column its plan never reads), FROM and WHERE (?1 lo,
	 * ?2 hi, ?3 period end), and the order (the subject, then the date).
	 * A LEFT JOIN in FROM, written "LEFT JOIN table alias ON ...", matches
	 * at most one row (its ON names a unique key) and its columns are
	 * named "alias.column": it only adds columns, and a query naming none
	 * of them drops it (facts_drop_joins). */
	const char *cols, *from, *order;
	int date_col;             /* the default date of a row */
	int end_col;              /* pairings: a row spans date..end; else -1 */
	const struct facts_field *fields;
	const char *kind;         /* else: sql and fields are read from this
	                             record kind (record.c, RECORD_FACT) */
};

/* The sources, complete once facts_sources_ready() has returned. */
extern struct facts_srcdef facts_sources[FACTS_SRC_COUNT];
void  facts_sources_ready(void);

/* Set v to member fact I (spec S, of the member source) of an org from
 * its tally T; a collect fact's text is kept in *text (freed and replaced
 * here).  reqs/grades name the tally's slots. */
int   facts_tally_value(const struct facts_spec *s, size_t i, const struct facts_tally *t,
          char *const *reqs, size_t nreqs, char *const *grades, size_t ngrades,
          char **text, struct view_value *v, struct error *e);

#endif

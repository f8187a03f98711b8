/*
 * facts.c - the record sources facts aggregate, and the cursors that
 * compute them: members one by one (facts_open/next/close) and orgs one
 * by one (facts_org_open/facts_org/close).
 *
 * Every record kind has one SQL query, ordered by member (or org) and
 * date, restricted to one member range and to dates up to the period's
 * end; a cursor runs it with only the columns its plan reads, and by
 * member alone when no fact depends on the order of a member's rows, or
 * when they only pick the latest or earliest row and the order ends in
 * the row's id, which the cursor then reads (facts_order_key).  A
 * cursor keeps one statement per kind the plan needs and walks them side
 * by side with the member table, like a merge join: for each member it
 * consumes exactly that member's rows of each kind, testing each row once
 * per distinct window and filter and updating every fact declared on
 * that kind.  A kind whose facts SQL can add up exactly as C does, all
 * testing the same window and filters, is grouped instead: its query
 * returns one row per member holding the aggregates (facts_group_sql),
 * which the merge copies into the accumulators, and the kind's records
 * never cross into C; the one fact of a dense kind is a subquery per
 * member instead (facts_group_each_query).  A query drops the LEFT JOINs
 * it reads nothing of (facts_drop_joins).  Facts are then handed to rules as a view; nothing
 * is looked up per member.  The declarations are compiled
 * by facts_decl.c, an org's member facts added up by facts_tally.c.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "facts.h"
#include "facts_int.h"
#include "model.h"
#include "record.h"

/* The fields of each source written out here: a rule's name for it, its
 * column in the source's query, and how it is read. */
static const struct facts_field facts_activity_fields[] = {
	{ "date", 1, FT_DATE }, { "kind", 2, FT_TEXT }, { "minutes", 3, FT_INT },
	{ "hours", 3, FT_HOURS }, { "community", 4, FT_REF },
	{ "in_residence", 4, FT_RESIDENCE }, { "rating", 5, FT_TEXT },
	{ "complete", 6, FT_BOOL }, { "verified", 7, FT_BOOL },
	{ "household", 8, FT_TEXT }, { "in_liaison", 4, FT_LIAISON },
	{ "community_name", 4, FT_NAME }, { NULL, 0, 0 }
};
static const struct facts_field facts_claim_fields[] = {
	{ "date", 1, FT_DATE }, { "post", 2, FT_TEXT }, { "category", 3, FT_TEXT },
	{ "community", 4, FT_REF }, { "in_residence", 4, FT_RESIDENCE_OPEN },
	{ "post_name", 5, FT_TEXT }, { "community_name", 4, FT_NAME }, { NULL, 0, 0 }
};
static const struct facts_field facts_registration_fields[] = {
	{ "date", 1, FT_DATE }, { "kind", 2, FT_TEXT }, { "community", 3, FT_REF },
	{ "in_residence", 3, FT_RESIDENCE }, { "receipt", 4, FT_DATE },
	{ "has_receipt", 5, FT_BOOL }, { "community_name", 3, FT_NAME },
	{ "street_name", 3, FT_STREET }, { "county_name", 3, FT_COUNTY }, { NULL, 0, 0 }
};
static const struct facts_field facts_pairing_fields[] = {
	{ "start", 1, FT_DATE }, { "end", 2, FT_DATE }, { "household", 3, FT_TEXT },
	{ "household_kind", 4, FT_TEXT }, { NULL, 0, 0 }
};
static const struct facts_field facts_wish_fields[] = {
	{ "taken", 1, FT_DATE }, { "done", 2, FT_DATE }, { "rating", 3, FT_TEXT },
	{ "is_done", 4, FT_BOOL }, { NULL, 0, 0 }
};
static const struct facts_field facts_ledger_fields[] = {
	{ "date", 1, FT_DATE }, { "points", 2, FT_INT }, { "reason", 3, FT_TEXT },
	{ NULL, 0, 0 }
};
/* Filters of the member source (org level), resolved against the tally. */
static const struct facts_field facts_members_fields[] = {
	{ "passed", 0, FT_TEXT }, { "failed", 1, FT_TEXT }, { "na", 2, FT_TEXT },
	{ "grade", 3, FT_TEXT }, { "award", 4, FT_BOOL }, { "stars", 5, FT_TEXT },
	{ "score", 6, FT_INT }, { "community", 7, FT_TEXT },
	{ "unreported_reason", 8, FT_TEXT }, { "reported_community", 9, FT_TEXT },
	{ NULL, 0, 0 }
};

/* The sources; those naming a record kind are completed by
 * facts_sources_init(), once, before any plan is made. */
struct facts_srcdef facts_sources[FACTS_SRC_COUNT] = {
	[FACTS_SRC_ACTIVITY] = { "activity",
	    /* complete and verified in the words of activity_scan's own
	     * expressions, which SQLite then reads from it: the scan never
	     * visits the table, and names the index, which the planner would
	     * pass by (schema/021_activity_scan.sql; not on a view that
	     * shadows the table, facts_unhinted) */
	    "member_id, date, kind, minutes, community_id, rating,"
	    " content <> '' AND place IS NOT NULL AND minutes > 0 AND rating IS NOT NULL"
	    " AND verifier IS NOT NULL, verifier IS NOT NULL, household",
	    " FROM activity INDEXED BY activity_scan WHERE member_id >= ?1 AND member_id < ?2"
	    " AND date <= ?3 AND voided IS NULL", "member_id, date", 1, -1,
	    facts_activity_fields },
	[FACTS_SRC_CLAIM] = { "claim",
	    "c.member_id, c.date, p.code, p.category, p.community_id, p.name",
	    " FROM claim c JOIN post p ON p.id = c.post_id"
	    " WHERE c.member_id >= ?1 AND c.member_id < ?2 AND c.date <= ?3"
	    " AND c.voided IS NULL", "c.member_id, c.date", 1, -1, facts_claim_fields },
	[FACTS_SRC_SUGGESTION] = { "suggestion", NULL, NULL, NULL, 1, -1, NULL, "suggestions" },
	[FACTS_SRC_REGISTRATION] = { "registration",
	    "member_id, date, kind, community_id, receipt, receipt IS NOT NULL",
	    " FROM registration"
	    " WHERE member_id >= ?1 AND member_id < ?2 AND date <= ?3 AND voided IS NULL",
	    "member_id, date, id", 1, -1, facts_registration_fields },
	[FACTS_SRC_PAIRING] = { "pairing",
	    "member_id, start_date, end_date, household, household_kind",
	    " FROM pairing"
	    " WHERE member_id >= ?1 AND member_id < ?2 AND start_date <= ?3 AND voided IS NULL",
	    "member_id, start_date", 1, 2, facts_pairing_fields },
	[FACTS_SRC_WISH] = { "wish",
	    "t.member_id, t.date, d.date, r.rating, d.date IS NOT NULL AND d.date <= ?3",
	    " FROM wish_state t"
	    " LEFT JOIN wish_state d ON d.wish_id = t.wish_id AND d.step = 4"
	    " LEFT JOIN wish_state r ON r.wish_id = t.wish_id AND r.step = 5"
	    " WHERE t.step = 3 AND t.member_id >= ?1 AND t.member_id < ?2 AND t.date <= ?3",
	    "t.member_id, t.date", 1, -1, facts_wish_fields },
	[FACTS_SRC_BREACH] = { "breach", NULL, NULL, NULL, 1, -1, NULL, "breaches" },
	[FACTS_SRC_LEDGER] = { "ledger",
	    "member_id, date, points, reason",
	    " FROM ledger WHERE member_id >= ?1 AND member_id < ?2 AND date <= ?3",
	    "member_id, date, id", 1, -1, facts_ledger_fields },
	[FACTS_SRC_MEMBER_EVENT] = { "member_event", NULL, NULL, NULL, 1, -1, NULL,
	    "member_events" },
	[FACTS_SRC_ORG_EVENT] = { "org_event", NULL, NULL, NULL, 1, -1, NULL, "org_events" },
	[FACTS_SRC_MEMBERS] = { "member", NULL, NULL, NULL, -1, -1, facts_members_fields },
};

/* The period of YEAR as of AS_OF (NULL: the year's end). */
void
facts_period_init(struct facts_period *per, int year, const char *as_of)
{
	per->year = year;
	snprintf(per->start, sizeof per->start, "%04d-01-01", year);
	snprintf(per->end, sizeof per->end, "%04d-12-31", year);
	snprintf(per->as_of, sizeof per->as_of, "%s", as_of ? as_of : per->end);
	if (strcmp(per->as_of, per->end) < 0)
		memcpy(per->end, per->as_of, sizeof per->end);
}

/* How a rule sees a column of record type T. */
static enum facts_ftype
facts_ftype_of(enum record_type t)
{
	switch (t) {
	case RECORD_T_DATE:
		return FT_DATE;
	case RECORD_T_BOOL:
	case RECORD_T_MINUTES:
	case RECORD_T_MEMBER:
	case RECORD_T_POST:
	case RECORD_T_WISH:
		return t == RECORD_T_BOOL ? FT_BOOL : FT_INT;
	case RECORD_T_ORG:
		return FT_REF;
	default:
		return FT_TEXT;
	}
}

/*
 * Complete source D from its record kind: the row's subject (the first
 * key column naming a member or org), its date (the first key date, field
 * 0), and every column the kind marks RECORD_FACT, in the kind's order.
 * A column added to such a kind is then a field rules may filter and
 * aggregate, with no change here.
 */
static void
facts_source_from_kind(struct facts_srcdef *d)
{
	const struct record_kind *k = record_kind(d->kind);
	struct facts_field *f = xcalloc((size_t)record_ncols(k) + 2, sizeof *f);
	int sc = record_key_col(k, RECORD_T_MEMBER), dc = record_key_col(k, RECORD_T_DATE);
	const char *subject, *date = k->cols[dc].field;
	struct sbuf cols;
	int n = 0;

	if (sc < 0)
		sc = record_key_col(k, RECORD_T_ORG);
	subject = k->cols[sc].field;
	f[n++] = (struct facts_field){ k->cols[dc].name, 1, FT_DATE };
	sbuf_init(&cols);
	sbuf_add(&cols, "", 0);
	for (int c = 0; k->cols[c].name != NULL; c++) {
		const struct record_col *col = &k->cols[c];

		if (!(col->flags & RECORD_FACT))
			continue;
		f[n] = (struct facts_field){ col->name, n + 1, facts_ftype_of(col->type) };
		n++;
		sbuf_addf(&cols, ", %s", col->field);
	}
	d->fields = f;
	d->cols = xasprintf("%s, %s%s", subject, date, cols.s);
	d->from = xasprintf(" FROM %s WHERE %s >= ?1 AND %s < ?2 AND %s <= ?3"
	    " AND voided IS NULL", k->table, subject, subject, date);
	d->order = xasprintf("%s, %s, id", subject, date);
	sbuf_free(&cols);
}

/* The sources read from record kinds, completed once for the process
 * (they live as long as it does). */
static void
facts_sources_init(void)
{
	for (int i = 0; i < FACTS_SRC_COUNT; i++)
		if (facts_sources[i].kind != NULL)
			facts_source_from_kind(&facts_sources[i]);
}

static pthread_once_t facts_sources_once = PTHREAD_ONCE_INIT;

/* Complete the sources before their first use (by facts_plan_init). */
void
facts_sources_ready(void)
{
	pthread_once(&facts_sources_once, facts_sources_init);
}

/* ---- the member record ---- */

/* Member fields as rules see them, with their column in the member query.
 * Text is "" when empty; dates are nil when unknown. */
enum { MF_TEXT, MF_DATE, MF_BOOL, MF_UNIT, MF_UNIT_NAME, MF_COMMUNITY, MF_RETIRED,
	MF_UNIT_PATH, MF_COMMUNITY_PATH, MF_COMMUNITY_NAME, MF_UNIT_ADDRESS,
	MF_LEFT, MF_DECEASED, MF_MONTHS_BOUND };
static const struct {
	const char *name;
	int col;
	int type;
} facts_member_fields[] = {
	{ "id", 3, MF_TEXT }, { "name", 4, MF_TEXT }, { "unit", 1, MF_UNIT },
	{ "unit_name", 1, MF_UNIT_NAME }, { "community", 2, MF_COMMUNITY },
	{ "gender", 5, MF_TEXT }, { "ethnicity", 6, MF_TEXT }, { "birth", 7, MF_DATE },
	{ "joined", 8, MF_DATE }, { "education", 9, MF_TEXT },
	{ "membership", 10, MF_TEXT }, { "position", 11, MF_TEXT },
	{ "unit_kind", 12, MF_TEXT }, { "phone", 13, MF_TEXT },
	{ "work_phone", 14, MF_TEXT }, { "address", 15, MF_TEXT },
	{ "specialties", 16, MF_TEXT }, { "interests", 17, MF_TEXT },
	{ "willingness", 18, MF_TEXT }, { "availability", 19, MF_TEXT },
	{ "status", 20, MF_TEXT }, { "status_date", 21, MF_DATE },
	{ "retired", 20, MF_RETIRED }, { "leader", 22, MF_BOOL },
	{ "exempt", 23, MF_BOOL }, { "exempt_reason", 24, MF_TEXT },
	{ "unreported_reason", 25, MF_TEXT }, { "party_group", 26, MF_TEXT },
	{ "team", 27, MF_TEXT }, { "unit_path", 1, MF_UNIT_PATH },
	{ "community_path", 2, MF_COMMUNITY_PATH }, { "community_name", 2, MF_COMMUNITY_NAME },
	{ "health", 28, MF_TEXT }, { "unit_address", 1, MF_UNIT_ADDRESS },
	{ "left", 20, MF_LEFT }, { "deceased", 20, MF_DECEASED },
	{ "months_bound", 20, MF_MONTHS_BOUND },
};
#define FACTS_NMEMBER (sizeof facts_member_fields / sizeof facts_member_fields[0])

/* The member query's columns, in the order of facts_member_fields' col. */
static const char *const facts_member_cols[] = {
	"id", "unit_id", "ifnull(community_id, 0)", "code", "name", "gender", "ethnicity",
	"birth", "joined", "education", "membership", "position", "unit_kind", "phone",
	"work_phone", "address", "specialties", "interests", "willingness", "availability",
	"status", "status_date", "leader", "exempt", "exempt_reason", "unreported_reason",
	"party_group", "team", "health",
};
#define FACTS_MEMBER_NCOLS (sizeof facts_member_cols / sizeof facts_member_cols[0])

/* The member query over ?1 <= id < ?2 with the columns whose bit is set
 * in COLS (the ids and the code, the first four, always) and NULL for
 * the others, so each column keeps its index (a new string). */
static char *
facts_member_sql(unsigned long long cols)
{
	struct sbuf b;

	sbuf_init(&b);
	sbuf_adds(&b, "SELECT ");
	for (size_t j = 0; j < FACTS_MEMBER_NCOLS; j++) {
		if (j > 0)
			sbuf_adds(&b, ", ");
		sbuf_adds(&b, j < 4 || (cols >> j & 1) ? facts_member_cols[j] : "NULL");
	}
	sbuf_adds(&b, " FROM member WHERE id >= ?1 AND id < ?2 ORDER BY id");
	return sbuf_detach(&b);
}

static char *facts_member_names[FACTS_NMEMBER];
static pthread_once_t facts_member_once = PTHREAD_ONCE_INIT;
static struct view_schema facts_member_view_schema;

/* Point the member schema at the field names (once). */
static void
facts_member_schema_init(void)
{
	for (size_t i = 0; i < FACTS_NMEMBER; i++)
		facts_member_names[i] = (char *)facts_member_fields[i].name;
	facts_member_view_schema.what = (char *)"member";
	facts_member_view_schema.names = facts_member_names;
	facts_member_view_schema.n = FACTS_NMEMBER;
}

/* The member record's names, static. */
const struct view_schema *
facts_member_schema(void)
{
	pthread_once(&facts_member_once, facts_member_schema_init);
	return &facts_member_view_schema;
}

/* ---- per-member accumulation ---- */

struct facts_seen {               /* a value already counted by distinct */
	char *s;
};

struct facts_acc {                /* one fact's running value for one member */
	long long n;                  /* count, sum, months bitmask, unvisited */
	int have;
	char text[128];               /* min/max/latest/earliest of text and dates */
	char kdate[16];               /* latest/earliest of a keyed source: the */
	long long kid;                /* date and id of the row picked */
	long long num;
	enum view_type type;
	char **seen;                  /* distinct values */
	size_t nseen, capseen;
	char *joined;                 /* collect: the distinct values, joined */
};

struct facts_visits {             /* months with a visit, per household */
	char household[128];
	unsigned mask;
};

struct facts_stream {
	sqlite3_stmt *st;
	int has_row;
	long long subject;            /* member or org of the current row */
};

/* One test a row of a source must pass for some fact: its window (a
 * spec's on and through) or one of its filters.  Specs that share a test
 * share its atom, so a row is tested once for all of them. */
struct facts_atom {
	int src;
	const struct facts_spec *spec;    /* the window of this spec, or NULL */
	const struct facts_filter *filter;    /* else this filter */
	int text;                     /* a filter of values of a text field */
	size_t sibling;               /* then the next atom testing the same
	                                 field, or (size_t)-1 */
};

struct facts_cursor {
	struct db db;                 /* borrowed connection */
	const struct facts_plan *plan;
	const struct facts_period *per;
	const struct orgtree *orgs;
	sqlite3_stmt *members;
	struct facts_stream src[FACTS_SRC_COUNT];
	int used[FACTS_SRC_COUNT];
	int grouped[FACTS_SRC_COUNT]; /* one row per member (facts_group_sql) */
	int key_col[FACTS_SRC_COUNT]; /* keyed: the column of the row's id, else -1 */
	int windowed[FACTS_SRC_COUNT];    /* its query keeps only the period's rows */
	int *group_col;               /* per spec of a grouped source: its column */
	int collect_visits;
	struct facts_acc *acc;
	struct facts_visits *visits;
	size_t nvisits, capvisits;
	struct view_value fields[FACTS_NMEMBER];
	struct view_value *facts;
	long long community;          /* current member's residence community */
	long long liaison;            /* current member's unit's liaison community */
	long long reported;           /* community of its latest registration */
	char rep_date[16];            /* keyed registrations: the date and id */
	long long rep_id;             /* of that one (rep_date "" before any) */
	char *path[2];                /* unit_path, community_path of the member */
	size_t path_cap[2];
	int lazy;                     /* fields filled on demand (facts_member_fill) */
	long long unit;               /* current member's unit */
	long long lo, hi;             /* members from lo, below hi */
	/* Lazy and narrow: the member query selects the columns read so far
	 * (cols); the statements it replaced in the row hold fields already
	 * filled, until the next row. */
	int narrow;
	unsigned long long cols;
	sqlite3_stmt *stale[FACTS_NMEMBER];
	size_t nstale;
	/* The tests rows must pass (facts_atoms_init), each met once per row. */
	struct facts_atom *atoms;
	size_t natoms;
	signed char *met;             /* per atom: 1, 0, or -1 not tested on this row */
	size_t **spec_atoms;          /* per spec: its atoms, ending in (size_t)-1 */
	/* Per member-level source: the specs a row of it counts for, and the
	 * specs of unvisited pairings an activity row may visit; each ends in
	 * (size_t)-1, so a row walks its own specs, not the plan's. */
	size_t *src_specs[FACTS_SRC_MEMBER_LEVEL_END];
	size_t *visit_specs;
};

/*
 * SQL without the index it names (INDEXED BY, facts_sources), for a
 * connection whose tables are read through temporary views of their
 * names (db->shadowed: evaluate --as-recorded, correct_view.c), which
 * have no index.  A new string.
 */
static char *
facts_unhinted(const char *sql)
{
	static const char hint[] = " INDEXED BY ";
	const char *at = strstr(sql, hint), *rest;

	if (at == NULL)
		return xstrdup(sql);
	rest = at + strlen(hint);
	rest += strcspn(rest, " ");
	return xasprintf("%.*s%s", (int)(at - sql), sql, rest);
}

/* Prepare SQL over subjects lo <= id < hi (hi 0: all), dates up to END;
 * the stream owns the statement. */
static int
facts_stream_open(struct db *db, struct facts_stream *s, const char *sql,
    long long lo, long long hi, const char *end, struct error *e)
{
	char *unhinted = db->shadowed ? facts_unhinted(sql) : NULL;

	s->st = db_prepare(db, unhinted ? unhinted : sql, e);
	free(unhinted);
	if (s->st == NULL)
		return -1;
	sqlite3_bind_int64(s->st, 1, lo);
	sqlite3_bind_int64(s->st, 2, hi > 0 ? hi : (long long)1 << 62);
	sqlite3_bind_text(s->st, 3, end, -1, SQLITE_STATIC);
	s->has_row = 1;
	s->subject = -1;
	return 0;
}

/* Move the stream to its next row; remember whose it is. */
static int
facts_stream_step(struct db *db, struct facts_stream *s, struct error *e)
{
	int rc = sqlite3_step(s->st);

	if (rc == SQLITE_ROW) {
		s->subject = sqlite3_column_int64(s->st, 0);
		return 0;
	}
	s->has_row = 0;
	s->subject = -1;
	if (rc != SQLITE_DONE)
		return db_fail(db, e, "reading records");
	return 0;
}

/* Does SQL name ALIAS's columns (ALIAS followed by a dot, not the end of
 * a longer name) outside its bytes [skip, end)? */
static int
facts_names_alias(const char *sql, const char *alias, size_t len, const char *skip,
    const char *end)
{
	for (const char *p = sql; (p = strstr(p, alias)) != NULL; p += len) {
		int word = p == sql || !(p[-1] == '_' || p[-1] == '.' ||
		    (p[-1] >= 'a' && p[-1] <= 'z') || (p[-1] >= '0' && p[-1] <= '9'));

		if (word && p[len] == '.' && (p < skip || p >= end))
			return 1;
	}
	return 0;
}

/*
 * SQL, a query of a source, without the LEFT JOINs whose columns nothing
 * else in it reads: each matches at most one row (facts_srcdef), so it
 * changes no row and no count, and costs a seek a row (44 M instructions
 * of a count of 12 400 wishes on 20 000 members).  Edits SQL in place; a
 * join named by a later one's ON stays.
 */
static char *
facts_drop_joins(char *sql)
{
	char *j = sql;

	while ((j = strstr(j, " LEFT JOIN ")) != NULL) {
		char *name = j + strlen(" LEFT JOIN "), *alias = name + strcspn(name, " ") + 1;
		size_t len = strcspn(alias, " ");
		char *end = strstr(alias, " LEFT JOIN "), *where = strstr(alias, " WHERE ");
		char *a = xstrndup(alias, len);

		if (end == NULL || (where != NULL && where < end))
			end = where != NULL ? where : alias + strlen(alias);
		if (!facts_names_alias(sql, a, len, j, end))
			memmove(j, end, strlen(end) + 1);
		else
			j = end;
		free(a);
	}
	return sql;
}

static char *facts_col_expr(const struct facts_srcdef *d, int col);

/*
 * The query of source D as a plan runs it: the columns whose bit is set
 * in NEED (col 0, the subject, always), NULL in the place of the others,
 * so the scan neither decodes nor computes what no fact reads; and in
 * subject then date order when ORDERED, else in subject order only, which
 * spares the sort of each subject's rows when no fact depends on their
 * order.  KEY, when not NULL, is selected last (facts_order_key).  When
 * WINDOWED, only rows dated from the period's start (?4) are read
 * (facts_windowed).  A new string.
 */
static char *
facts_source_sql(const struct facts_srcdef *d, unsigned long long need, int ordered,
    const char *key, int windowed)
{
	struct sbuf b;
	const char *p = d->cols, *q;
	size_t order = ordered ? strlen(d->order) : strcspn(d->order, ",");

	sbuf_init(&b);
	sbuf_adds(&b, "SELECT ");
	for (int col = 0; *p; col++, p = *q ? q + 1 : q) {
		q = p + strcspn(p, ",");
		if (col)
			sbuf_addc(&b, ',');
		if (col == 0 || (col < 64 && (need >> col & 1)))
			sbuf_add(&b, p, (size_t)(q - p));
		else
			sbuf_adds(&b, " NULL");
	}
	if (key != NULL)
		sbuf_addf(&b, ", %s", key);
	sbuf_adds(&b, d->from);
	if (windowed) {
		char *date = facts_col_expr(d, d->date_col);

		sbuf_addf(&b, " AND %s >= ?4", date);
		free(date);
	}
	sbuf_adds(&b, " ORDER BY ");
	sbuf_add(&b, d->order, order);
	return facts_drop_joins(sbuf_detach(&b));
}

/* The bits of the columns filters W read. */
static unsigned long long
facts_filter_cols(const struct facts_field *fields, const struct facts_filter *w, size_t nw)
{
	unsigned long long need = 0;

	for (size_t i = 0; i < nw; i++)
		need |= 1ull << fields[w[i].field].col;
	return need;
}

/* What a spec needs of the order of its source's rows: the row latest or
 * earliest in date order, which the row's date and id tell as well
 * (FACTS_ORDER_PICK), or the order itself, collect's order of first seen
 * (FACTS_ORDER_SEEN). */
enum { FACTS_ORDER_PICK = 1, FACTS_ORDER_SEEN = 2 };

/* What spec S reads of its source's rows: *need gets the columns' bits;
 * returns what it needs of their date order (FACTS_ORDER_PICK, _SEEN). */
static int
facts_spec_reads(const struct facts_spec *s, unsigned long long *need)
{
	const struct facts_srcdef *d = &facts_sources[s->src];

	need[s->src] |= 1ull << d->date_col | facts_filter_cols(d->fields, s->where, s->nwhere);
	if (s->on >= 0)
		need[s->src] |= 1ull << d->fields[s->on].col;
	if (d->end_col >= 0)
		need[s->src] |= 1ull << d->end_col;
	if (s->field >= 0)
		need[s->src] |= 1ull << d->fields[s->field].col;
	if (s->agg == FACTS_AGG_UNVISITED) {
		need[s->src] |= 0xe;               /* start, end, household */
		need[FACTS_SRC_ACTIVITY] |= 1ull << 1 | 1ull << 8 |
		    facts_filter_cols(facts_activity_fields, s->visit, s->nvisit);
	}
	if (s->agg == FACTS_AGG_COLLECT)
		return FACTS_ORDER_SEEN;
	return s->agg == FACTS_AGG_LATEST || s->agg == FACTS_AGG_EARLIEST ? FACTS_ORDER_PICK : 0;
}

/*
 * The id that breaks ties of date in source D's order ("subject, date,
 * id"), as a new string, or NULL when its order has none (two rows of a
 * day are then in no order a key could give).  A source whose facts only
 * pick the latest or earliest row reads it instead of sorting each
 * member's rows: the latest row is the one of the greatest date and id
 * (registrations on 20 000 members: 126 M instructions sorted, 80 M
 * keyed).
 */
static char *
facts_order_key(const struct facts_srcdef *d)
{
	const char *k = strchr(d->order, ',');

	if (k == NULL || (k = strchr(k + 1, ',')) == NULL)
		return NULL;
	k += strspn(k + 1, " ") + 1;
	return xstrdup(k);
}

/* The number of columns of source D's select list. */
static int
facts_ncols(const struct facts_srcdef *d)
{
	int n = 1;

	for (const char *p = d->cols; *p; p++)
		n += *p == ',';
	return n;
}

/* ---- grouped sources: facts SQL adds up itself ---- */

/* The expression of column COL of source D's select list, in
 * parentheses (a new string). */
static char *
facts_col_expr(const struct facts_srcdef *d, int col)
{
	const char *p = d->cols;

	for (int i = 0; i < col; i++)
		p += strcspn(p, ",") + (p[strcspn(p, ",")] != '\0');
	return xasprintf("(%.*s)", (int)strcspn(p, ","), p);
}

/* Free a NULL-ended list of tests (NULL: none). */
static void
facts_tests_free(char **l)
{
	for (char **t = l; t && *t; t++)
		free(*t);
	free(l);
}

/*
 * Filter W as an SQL test that keeps exactly the rows facts_filters_match
 * keeps, or NULL when only C can test it (org codes and names, the
 * member's communities, integers compared as text).  A text field is
 * compared as its text, "" when NULL (the CAST keeps a number stored in
 * it from being compared as a number); a boolean is its integer value,
 * NULL being false, as sqlite3_column_int reads it.  The values come from
 * packs and are quoted by %Q.
 */
static char *
facts_group_filter(const struct facts_srcdef *d, const struct facts_filter *w)
{
	const struct facts_field *f = &d->fields[w->field];
	char *e = facts_col_expr(d, f->col), *q;
	struct sbuf b;

	sbuf_init(&b);
	if (w->vals == NULL && f->type == FT_BOOL)
		sbuf_addf(&b, "CAST(ifnull(%s, 0) AS INTEGER) %s 0", e, w->b ? "<>" : "=");
	else if (w->vals != NULL && (f->type == FT_TEXT || f->type == FT_DATE)) {
		sbuf_addf(&b, "ifnull(CAST(%s AS TEXT), '') IN (", e);
		for (size_t j = 0; j < w->nvals; j++) {
			q = sqlite3_mprintf("%s%Q", j ? ", " : "", w->vals[j]);
			sbuf_adds(&b, q);
			sqlite3_free(q);
		}
		sbuf_addc(&b, ')');
	}
	free(e);
	if (b.len == 0) {
		sbuf_free(&b);
		return NULL;
	}
	return sbuf_detach(&b);
}

/*
 * The tests a row must pass for spec S, as SQL (NULL-ended, new strings),
 * or NULL when one of them has no SQL form.  The window is
 * facts_in_window's over a TEXT date: NULL is out, and dates compare as
 * strcmp does (BINARY); the source's own WHERE already bounds its date
 * by ?3, the period's end, so a window on it only adds the start, ?4.
 */
static char **
facts_group_tests(const struct facts_srcdef *d, const struct facts_spec *s)
{
	char **t = xcalloc(s->nwhere + 2, sizeof *t), *on;
	size_t n = 0;

	on = facts_col_expr(d, d->fields[s->on].col);
	if (d->fields[s->on].col != d->date_col)
		t[n++] = xasprintf(s->through ? "%s <= ?3" : "%s BETWEEN ?4 AND ?3", on);
	else if (!s->through)
		t[n++] = xasprintf("%s >= ?4", on);
	free(on);
	for (size_t w = 0; w < s->nwhere; w++)
		if ((t[n++] = facts_group_filter(d, &s->where[w])) == NULL) {
			facts_tests_free(t);
			return NULL;
		}
	return t;
}

/*
 * Spec S's aggregate as SQL giving what facts_acc_row adds up over the
 * rows that pass, or NULL when only C can: count and any; the sum of an
 * integer (NULL adding 0, as sqlite3_column_int64 reads it); min and max
 * of a date (NULL skipped) or of an integer (NULL read as 0).  Each is
 * NULL when no row passes, but count, which is then 0.
 */
static char *
facts_group_agg(const struct facts_srcdef *d, const struct facts_spec *s)
{
	const struct facts_field *f = s->field >= 0 ? &d->fields[s->field] : NULL;
	int num = f && (f->type == FT_INT || f->type == FT_HOURS);
	const char *fn = s->agg == FACTS_AGG_MIN ? "min" : "max";
	char *e, *r = NULL;

	if (s->agg == FACTS_AGG_COUNT || s->agg == FACTS_AGG_ANY)
		return xstrdup("count(*)");
	if (f == NULL)
		return NULL;
	e = facts_col_expr(d, f->col);
	if (s->agg == FACTS_AGG_SUM && num)
		r = xasprintf("sum(CAST(%s AS INTEGER))", e);
	else if ((s->agg == FACTS_AGG_MIN || s->agg == FACTS_AGG_MAX) && num)
		r = xasprintf("%s(CAST(ifnull(%s, 0) AS INTEGER))", fn, e);
	else if ((s->agg == FACTS_AGG_MIN || s->agg == FACTS_AGG_MAX) && f->type == FT_DATE)
		r = xasprintf("%s(%s)", fn, e);
	free(e);
	return r;
}

/* Is every test of the NULL-ended list A in B? */
static int
facts_tests_within(char **a, char **b)
{
	for (; *a; a++) {
		char **t = b;

		while (*t && strcmp(*a, *t) != 0)
			t++;
		if (*t == NULL)
			return 0;
	}
	return 1;
}

/*
 * The grouped query of source S: one row per subject, in subject order
 * (the source's index gives it without a sort), one column per spec of S
 * (its number set in c->group_col), over the source's own FROM and
 * bindings with the specs' common TESTS added to its WHERE.
 */
static char *
facts_group_query(struct facts_cursor *c, int s, char **tests, char **aggs)
{
	const struct facts_srcdef *d = &facts_sources[s];
	int subject = (int)strcspn(d->order, ","), col = 1;
	struct sbuf b;

	sbuf_init(&b);
	sbuf_addf(&b, "SELECT %.*s", subject, d->order);
	for (size_t i = 0; i < c->plan->n; i++)
		if (aggs[i] != NULL) {
			c->group_col[i] = col++;
			sbuf_addf(&b, ", %s", aggs[i]);
		}
	sbuf_adds(&b, d->from);
	for (char **t = tests; *t; t++)
		sbuf_addf(&b, " AND %s", *t);
	sbuf_addf(&b, " GROUP BY %.*s ORDER BY %.*s", subject, d->order, subject, d->order);
	return facts_drop_joins(sbuf_detach(&b));
}

/* Rows a member has of source D, at least this many on average, make
 * it dense (facts_dense). */
#define FACTS_DENSE_ROWS 8

/*
 * Is source D dense: does its table hold FACTS_DENSE_ROWS rows or more
 * a member?  Estimated from the largest rowid of the table and of
 * member, each one step down a b-tree, so the estimate costs nothing next
 * to a scan; a table without rowid (or an empty member table) is not.
 */
static int
facts_dense(struct db *db, const struct facts_srcdef *d)
{
	const char *t = d->from + strlen(" FROM ");
	char *sql = xasprintf("SELECT max(rowid) FROM %.*s", (int)strcspn(t, " "), t);
	long long rows = db_int(db, sql, -1), members = db_int(db,
	    "SELECT max(id) FROM member", 0);

	free(sql);
	return members > 0 && rows >= members * FACTS_DENSE_ROWS;
}

/*
 * The grouped query of source S as a correlated subquery per member: one
 * row per member of the range, in id order, its one aggregate AGG over
 * the member's rows that pass TESTS.  The source's WHERE bounds its
 * subject by the range (SUBJECT >= ?1 AND SUBJECT < ?2); here it is the
 * member's id, so each member's rows are one index range, its dates
 * bounded by the index too, and no row goes through GROUP BY: the range
 * is cut out, not kept beside the equality, which SQLite would test on
 * every row (about 100 M instructions more for aksu on 20 000 members).  NULL
 * when the source's WHERE has no such bound.
 */
static char *
facts_group_each_query(struct facts_cursor *c, int s, char **tests, const char *agg)
{
	const struct facts_srcdef *d = &facts_sources[s];
	int subject = (int)strcspn(d->order, ",");
	char *range = xasprintf("%.*s >= ?1 AND %.*s < ?2", subject, d->order, subject,
	    d->order);
	const char *at = strstr(d->from, range);
	struct sbuf b;

	if (at == NULL) {
		free(range);
		return NULL;
	}
	sbuf_init(&b);
	sbuf_addf(&b, "SELECT facts_m.id, (SELECT %s%.*s%.*s = facts_m.id%s", agg,
	    (int)(at - d->from), d->from, subject, d->order, at + strlen(range));
	for (char **t = tests; *t; t++)
		sbuf_addf(&b, " AND %s", *t);
	sbuf_adds(&b, ") FROM member facts_m WHERE facts_m.id >= ?1 AND facts_m.id < ?2"
	    " ORDER BY facts_m.id");
	free(range);
	return facts_drop_joins(sbuf_detach(&b));
}

/* Does each row of source S count for its facts alone, by its own
 * window and filters?  Not registrations (the cursor reads the latest
 * one's community), pairings (their window is a span) nor the activities
 * that feed unvisited months: these SQL neither adds up nor windows. */
static int
facts_rows_alone(const struct facts_cursor *c, int s)
{
	return s != FACTS_SRC_REGISTRATION && facts_sources[s].end_col < 0 &&
	    !(s == FACTS_SRC_ACTIVITY && c->collect_visits);
}

/*
 * When SQL can add up every fact of source S exactly as the row-by-row
 * path would, and cheaply, the query that does it (facts_group_query, or
 * facts_group_each_query for the one fact of a dense source), else NULL
 * and the source streams.  Grouping spares the step into C for
 * each row, which is most of a pass over a year's activities.  It is
 * chosen only when every fact of S tests the same things: SQLite
 * evaluates a FILTER clause per aggregate, with no sharing, and the
 * streaming path's C tests, each made once a row, are then cheaper.
 * Never grouped: registrations (the cursor reads the latest one's
 * community), pairings (their window is a span) and the activities that
 * feed unvisited months.
 */
static char *
facts_group_sql(struct facts_cursor *c, int s)
{
	const struct facts_plan *plan = c->plan;
	const struct facts_srcdef *d = &facts_sources[s];
	char ***tests = xcalloc(plan->n + 1, sizeof *tests);
	char **aggs = xcalloc(plan->n + 1, sizeof *aggs);
	int ok = facts_rows_alone(c, s);
	size_t nspecs = 0, first = 0;
	char *sql = NULL;

	for (size_t i = 0; ok && i < plan->n; i++) {
		if (plan->specs[i].src != (enum facts_source)s)
			continue;
		if (nspecs++ == 0)
			first = i;
		aggs[i] = facts_group_agg(d, &plan->specs[i]);
		tests[i] = aggs[i] ? facts_group_tests(d, &plan->specs[i]) : NULL;
		ok = tests[i] != NULL && facts_tests_within(tests[i], tests[first]) &&
		    facts_tests_within(tests[first], tests[i]);
	}
	/* One fact of a dense source: a subquery per member reads only the
	 * member's rows of the window and spares GROUP BY its step a row
	 * (measured on 20 000 members with 19 activities each: 445 M
	 * instructions against 657 M).  With two facts it would read the
	 * rows twice, and a sparse source pays a seek per member for few
	 * rows. */
	if (ok && nspecs == 1 && facts_dense(&c->db, d)) {
		c->group_col[first] = 1;
		sql = facts_group_each_query(c, s, tests[first], aggs[first]);
	}
	if (ok && nspecs > 0 && sql == NULL)
		sql = facts_group_query(c, s, tests[first], aggs);
	for (size_t i = 0; i < plan->n; i++) {
		facts_tests_free(tests[i]);
		free(aggs[i]);
	}
	free(tests);
	free(aggs);
	return sql;
}

/* Set the accumulators of source S's facts from the subject's grouped
 * row: what facts_acc_row would have made of its rows one by one.  A NULL
 * (no row passed) leaves the accumulator empty. */
static void
facts_acc_group(struct facts_cursor *c, int s, sqlite3_stmt *st)
{
	for (size_t i = 0; i < c->plan->n; i++) {
		const struct facts_spec *sp = &c->plan->specs[i];
		struct facts_acc *a = &c->acc[i];
		int col = c->group_col[i];

		if (sp->src != (enum facts_source)s || sqlite3_column_type(st, col) == SQLITE_NULL)
			continue;
		if (sp->agg == FACTS_AGG_COUNT || sp->agg == FACTS_AGG_ANY ||
		    sp->agg == FACTS_AGG_SUM) {
			a->n = sqlite3_column_int64(st, col);
			continue;
		}
		a->have = 1;               /* min or max */
		a->type = VIEW_STR;
		a->num = sqlite3_column_int64(st, col);
		util_strcut(a->text, sizeof a->text, (const char *)sqlite3_column_text(st, col));
	}
}

/*
 * Can the query of streamed source S leave out the rows dated before the
 * period?  When its rows count alone (facts_rows_alone) and every fact of
 * S counts them by their own date inside the period (not "through", not
 * "on" another date), no such row counts for any of them: the scan then
 * steps over them inside SQLite, and a database holding several years
 * reads, in C, only the year evaluated.
 */
static int
facts_windowed(const struct facts_cursor *c, int s)
{
	const struct facts_srcdef *d = &facts_sources[s];

	if (!facts_rows_alone(c, s))
		return 0;
	for (size_t i = 0; i < c->plan->n; i++) {
		const struct facts_spec *sp = &c->plan->specs[i];

		if (sp->src == (enum facts_source)s &&
		    (sp->through || d->fields[sp->on].col != d->date_col))
			return 0;
	}
	return 1;
}

static void facts_atoms_init(struct facts_cursor *c);

/* A cursor over members lo <= id < hi: a statement per source the plan uses,
 * each on its first row.  The cursor borrows db, plan, per and orgs. */
struct facts_cursor *
facts_open(struct db *db, const struct facts_plan *plan, const struct facts_period *per,
    const struct orgtree *orgs, long long lo, long long hi, struct error *e)
{
	struct facts_cursor *c = xcalloc(1, sizeof *c);
	unsigned long long need[FACTS_SRC_COUNT] = { 0 };
	int ordered[FACTS_SRC_COUNT] = { 0 };
	char *sql;

	c->plan = plan;
	c->per = per;
	c->orgs = orgs;
	c->acc = xcalloc(plan->n ? plan->n : 1, sizeof *c->acc);
	c->group_col = xcalloc(plan->n ? plan->n : 1, sizeof *c->group_col);
	c->facts = xcalloc(plan->member_schema.n ? plan->member_schema.n : 1, sizeof *c->facts);
	for (size_t i = 0; i < plan->n; i++) {
		if (plan->specs[i].src < FACTS_SRC_MEMBER_LEVEL_END) {
			c->used[plan->specs[i].src] = 1;
			ordered[plan->specs[i].src] |= facts_spec_reads(&plan->specs[i], need);
		}
		if (plan->specs[i].agg == FACTS_AGG_UNVISITED)
			c->collect_visits = c->used[FACTS_SRC_ACTIVITY] = 1;
		/* An org's reported_community reads its members' latest
		 * registration. */
		if (plan->specs[i].src == FACTS_SRC_MEMBERS && plan->specs[i].field == 9) {
			c->used[FACTS_SRC_REGISTRATION] = 1;
			ordered[FACTS_SRC_REGISTRATION] |= FACTS_ORDER_PICK;
			need[FACTS_SRC_REGISTRATION] |= 1ull << 3;
		}
	}
	for (int s = 0; s < FACTS_SRC_MEMBER_LEVEL_END; s++)
		c->windowed[s] = c->used[s] && facts_windowed(c, s);
	facts_atoms_init(c);
	for (int s = 0; s < FACTS_SRC_COUNT; s++)
		c->key_col[s] = -1;
	c->db = *db;
	c->lo = lo;
	c->hi = hi > 0 ? hi : (long long)1 << 62;
	sql = facts_member_sql(~0ull);
	c->members = db_prepare(db, sql, e);
	free(sql);
	if (c->members == NULL)
		goto fail;
	sqlite3_bind_int64(c->members, 1, lo);
	sqlite3_bind_int64(c->members, 2, c->hi);
	for (int s = 0; s < FACTS_SRC_MEMBER_LEVEL_END; s++) {
		if (!c->used[s])
			continue;
		int rc;
		char *key = ordered[s] == FACTS_ORDER_PICK ? facts_order_key(&facts_sources[s]) :
		    NULL;

		sql = facts_group_sql(c, s);
		c->grouped[s] = sql != NULL;
		c->key_col[s] = key && !c->grouped[s] ? facts_ncols(&facts_sources[s]) : -1;
		if (key != NULL)              /* the key is the date and the id */
			need[s] |= 1ull << facts_sources[s].date_col;
		if (sql == NULL)
			sql = facts_source_sql(&facts_sources[s], need[s], ordered[s] && !key, key,
			    c->windowed[s]);
		free(key);
		rc = facts_stream_open(db, &c->src[s], sql, lo, hi, per->end, e);
		free(sql);
		if (rc == 0 && sqlite3_bind_parameter_count(c->src[s].st) >= 4)
			sqlite3_bind_text(c->src[s].st, 4, per->start, -1, SQLITE_STATIC);
		if (rc != 0 || facts_stream_step(db, &c->src[s], e) != 0)
			goto fail;
	}
	return c;
fail:
	facts_close(c);
	return NULL;
}

/* Empty an accumulator for the next subject (keeping its buffers). */
static void
facts_acc_reset(struct facts_acc *a)
{
	for (size_t i = 0; i < a->nseen; i++)
		free(a->seen[i]);
	a->nseen = 0;
	a->n = 0;
	a->have = 0;
	a->num = 0;
	a->text[0] = '\0';
	a->kdate[0] = '\0';
	free(a->joined);
	a->joined = NULL;
}

/* Finalize the member statements a lazy row replaced. */
static void
facts_member_unstale(struct facts_cursor *c)
{
	while (c->nstale > 0)
		sqlite3_finalize(c->stale[--c->nstale]);
}

/* Release the cursor, its statements and accumulators. */
void
facts_close(struct facts_cursor *c)
{
	if (c == NULL)
		return;
	sqlite3_finalize(c->members);
	facts_member_unstale(c);
	for (int s = 0; s < FACTS_SRC_COUNT; s++)
		sqlite3_finalize(c->src[s].st);
	for (size_t i = 0; i < c->plan->n; i++) {
		facts_acc_reset(&c->acc[i]);
		free(c->acc[i].seen);
	}
	for (size_t i = 0; c->spec_atoms && i < c->plan->n; i++)
		free(c->spec_atoms[i]);
	free(c->spec_atoms);
	for (int k = 0; k < FACTS_SRC_MEMBER_LEVEL_END; k++)
		free(c->src_specs[k]);
	free(c->visit_specs);
	free(c->atoms);
	free(c->met);
	free(c->acc);
	free(c->group_col);
	free(c->facts);
	free(c->visits);
	free(c->path[0]);
	free(c->path[1]);
	free(c);
}

static const char *facts_field_text(const struct facts_cursor *c, sqlite3_stmt *st,
    const struct facts_field *f, char *buf, size_t n);

/* Is the field of the current row true?  The boolean kinds straight from
 * their column (a year's scan asks this of every row, several times),
 * the others as their text reads. */
static int
facts_field_bool(const struct facts_cursor *c, sqlite3_stmt *st, const struct facts_field *f)
{
	char buf[32];
	long long id;

	switch (f->type) {
	case FT_BOOL:
		return sqlite3_column_int(st, f->col) != 0;
	case FT_RESIDENCE:
	case FT_RESIDENCE_OPEN:
		/* 0 is read for NULL: only then is its type asked. */
		id = sqlite3_column_int64(st, f->col);
		if (id == 0 && sqlite3_column_type(st, f->col) == SQLITE_NULL)
			return f->type == FT_RESIDENCE_OPEN;
		return id == c->community && id > 0;
	case FT_LIAISON:
		id = sqlite3_column_int64(st, f->col);
		return id == c->liaison && id > 0;
	default:
		return strcmp(facts_field_text(c, st, f, buf, sizeof buf), "true") == 0;
	}
}

/* The text a field of the current row compares and aggregates as. */
static const char *
facts_field_text(const struct facts_cursor *c, sqlite3_stmt *st,
    const struct facts_field *f, char *buf, size_t n)
{
	switch (f->type) {
	case FT_REF:
		return orgtree_code(c->orgs, sqlite3_column_int64(st, f->col));
	case FT_NAME:
	case FT_STREET:
	case FT_COUNTY:
		return orgtree_name_of(c->orgs, sqlite3_column_int64(st, f->col),
		    f->type == FT_NAME ? -1 : f->type == FT_STREET ? ORGTREE_STREET :
		    ORGTREE_COUNTY);
	case FT_INT:
	case FT_HOURS:
		snprintf(buf, n, "%lld", sqlite3_column_int64(st, f->col));
		return buf;
	case FT_BOOL:
	case FT_RESIDENCE:
	case FT_RESIDENCE_OPEN:
	case FT_LIAISON:
		return facts_field_bool(c, st, f) ? "true" : "false";
	default: {
		const unsigned char *t = sqlite3_column_text(st, f->col);

		return t ? (const char *)t : "";
	}
	}
}

/* Is text T (NULL: "") one of the values filter W accepts? */
static int
facts_text_in(const unsigned char *t, const struct facts_filter *w)
{
	const char *v = t ? (const char *)t : "";

	for (size_t j = 0; j < w->nvals; j++)
		if (strcmp(v, w->vals[j]) == 0)
			return 1;
	return 0;
}

/* Does the current row pass every filter of W? */
static int
facts_filters_match(const struct facts_cursor *c, sqlite3_stmt *st,
    const struct facts_field *fields, const struct facts_filter *w, size_t nw)
{
	char buf[32];

	for (size_t i = 0; i < nw; i++) {
		const struct facts_field *f = &fields[w[i].field];
		const char *v;

		if (w[i].vals == NULL) {
			if (facts_field_bool(c, st, f) != w[i].b)
				return 0;
			continue;
		}
		v = facts_field_text(c, st, f, buf, sizeof buf);
		if (!facts_text_in((const unsigned char *)v, &w[i]))
			return 0;
	}
	return 1;
}

/* Is the row inside the fact's window?  Pairings overlap it; other rows
 * have their date (or the date named by "on") inside it. */
static int
facts_in_window(const struct facts_cursor *c, sqlite3_stmt *st, const struct facts_spec *s)
{
	const struct facts_srcdef *d = &facts_sources[s->src];
	const unsigned char *date;

	if (d->end_col >= 0) {
		const unsigned char *end = sqlite3_column_text(st, d->end_col);

		return s->through || end == NULL || strcmp((const char *)end, c->per->start) >= 0;
	}
	date = sqlite3_column_text(st, d->fields[s->on].col);
	if (date == NULL || strcmp((const char *)date, c->per->end) > 0)
		return 0;
	return s->through || strcmp((const char *)date, c->per->start) >= 0;
}

/* The bit of the month of an ISO date, 0 when there is none. */
static unsigned
facts_month_bit(const char *iso)
{
	int m = date_month(iso);

	return m >= 1 && m <= 12 ? 1u << (m - 1) : 0;
}

/* Months of the period a span start..end (end NULL: open) covers. */
static unsigned
facts_span_months(const struct facts_period *per, const char *start, const char *end)
{
	const char *from = strcmp(start, per->start) > 0 ? start : per->start;
	const char *to = end == NULL || strcmp(end, per->end) > 0 ? per->end : end;
	int a, b;
	unsigned mask = 0;

	if (strcmp(from, to) > 0)
		return 0;
	a = date_month(from);
	b = date_month(to);
	for (int m = a; m >= 1 && m <= b; m++)
		mask |= 1u << (m - 1);
	return mask;
}

/* Remember V among the distinct values (a copy). */
static void
facts_acc_distinct(struct facts_acc *a, const char *v)
{
	for (size_t i = 0; i < a->nseen; i++)
		if (strcmp(a->seen[i], v) == 0)
			return;
	if (a->nseen == a->capseen) {
		a->capseen = a->capseen ? a->capseen * 2 : 8;
		a->seen = xrealloc(a->seen, a->capseen * sizeof *a->seen);
	}
	a->seen[a->nseen++] = xstrdup(v);
}

/* Does the current row (its date in column DATE, its id in KEY) come
 * after the one of KDATE and KID in date order? */
static int
facts_key_after(sqlite3_stmt *st, int date, int key, const char *kdate, long long kid)
{
	const unsigned char *d = sqlite3_column_text(st, date);
	int cmp = strcmp(d ? (const char *)d : "", kdate);

	return cmp > 0 || (cmp == 0 && sqlite3_column_int64(st, key) > kid);
}

/* Keep v if it beats what the accumulator holds (min, max, latest...).
 * Rows come in date order, or KEY is the column of their id (a keyed
 * source, facts_order_key) and DATE the column of their date. */
static void
facts_acc_pick(struct facts_acc *a, const struct facts_field *f, sqlite3_stmt *st,
    const char *v, enum facts_agg agg, int date, int key)
{
	int better;

	if (agg == FACTS_AGG_LATEST || agg == FACTS_AGG_EARLIEST) {
		/* in date order: the last row, or the first; keyed: the row of
		 * the greatest date and id, or of the least (no two are equal) */
		if (key < 0)
			better = agg == FACTS_AGG_LATEST || !a->have;
		else
			better = !a->have || facts_key_after(st, date, key, a->kdate, a->kid) ==
			    (agg == FACTS_AGG_LATEST);
		if (better && key >= 0) {
			const unsigned char *d = sqlite3_column_text(st, date);

			util_strcut(a->kdate, sizeof a->kdate, d ? (const char *)d : "");
			a->kid = sqlite3_column_int64(st, key);
		}
	} else if (f->type == FT_INT || f->type == FT_HOURS) {
		long long x = sqlite3_column_int64(st, f->col);

		better = !a->have || (agg == FACTS_AGG_MIN ? x < a->num : x > a->num);
		if (better)
			a->num = x;
	} else {
		if (f->type == FT_DATE && sqlite3_column_type(st, f->col) == SQLITE_NULL)
			return;
		better = !a->have || (agg == FACTS_AGG_MIN ? strcmp(v, a->text) < 0 :
		    strcmp(v, a->text) > 0);
	}
	if (!better)
		return;
	a->have = 1;
	if (f->type == FT_INT || f->type == FT_HOURS)
		a->num = sqlite3_column_int64(st, f->col);
	util_strcut(a->text, sizeof a->text, v);
	a->type = f->type == FT_DATE && sqlite3_column_type(st, f->col) == SQLITE_NULL ?
	    VIEW_NIL : VIEW_STR;
}

/* Add the current row, which passed the fact's window and filters. */
static void
facts_acc_row(struct facts_cursor *c, const struct facts_spec *s, struct facts_acc *a,
    sqlite3_stmt *st)
{
	const struct facts_field *fields = facts_sources[s->src].fields;
	const struct facts_field *f = s->field >= 0 ? &fields[s->field] : NULL;
	char buf[32];
	const char *v;

	switch (s->agg) {
	case FACTS_AGG_COUNT:
	case FACTS_AGG_ANY:
		a->n++;
		break;
	case FACTS_AGG_SUM:
		a->n += sqlite3_column_int64(st, f->col);
		break;
	case FACTS_AGG_MONTHS:
		if (s->on >= 0)
			a->n |= facts_month_bit((const char *)sqlite3_column_text(st,
			    fields[s->on].col));
		break;
	case FACTS_AGG_DISTINCT:
		facts_acc_distinct(a, facts_field_text(c, st, f, buf, sizeof buf));
		break;
	case FACTS_AGG_COLLECT:
		v = facts_field_text(c, st, f, buf, sizeof buf);
		if (*v)
			facts_acc_distinct(a, v);
		break;
	case FACTS_AGG_UNVISITED: {
		const char *hh = (const char *)sqlite3_column_text(st, 3);
		unsigned want = facts_span_months(c->per,
		    (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2)), seen = 0;

		for (size_t i = 0; hh && i < c->nvisits; i++)
			if (strcmp(c->visits[i].household, hh) == 0)
				seen = c->visits[i].mask;
		a->n += __builtin_popcount(want & ~seen);
		break;
	}
	default:
		v = facts_field_text(c, st, f, buf, sizeof buf);
		facts_acc_pick(a, f, st, v, s->agg, facts_sources[s->src].date_col,
		    c->key_col[s->src]);
		break;
	}
}

/* Remember the months in which the member visited each household. */
static void
facts_note_visit(struct facts_cursor *c, sqlite3_stmt *st, const struct facts_spec *s)
{
	const unsigned char *hh = sqlite3_column_text(st, 8);
	const char *date = (const char *)sqlite3_column_text(st, 1);
	size_t i;

	if (hh == NULL || strcmp(date, c->per->start) < 0 ||
	    !facts_filters_match(c, st, facts_activity_fields, s->visit, s->nvisit))
		return;
	for (i = 0; i < c->nvisits; i++)
		if (strcmp(c->visits[i].household, (const char *)hh) == 0)
			break;
	if (i == c->nvisits) {
		if (c->nvisits == c->capvisits) {
			c->capvisits = c->capvisits ? c->capvisits * 2 : 8;
			c->visits = xrealloc(c->visits, c->capvisits * sizeof *c->visits);
		}
		snprintf(c->visits[i].household, sizeof c->visits[i].household, "%s", hh);
		c->visits[i].mask = 0;
		c->nvisits++;
	}
	c->visits[i].mask |= facts_month_bit(date);
}

/* Do filters A and B test the same thing? */
static int
facts_filter_same(const struct facts_filter *a, const struct facts_filter *b)
{
	if (a->field != b->field || a->nvals != b->nvals || (a->vals == NULL) != (b->vals == NULL))
		return 0;
	if (a->vals == NULL)
		return a->b == b->b;
	for (size_t j = 0; j < a->nvals; j++)
		if (strcmp(a->vals[j], b->vals[j]) != 0)
			return 0;
	return 1;
}

/* Is atom A a test of values of a plain text field (kind = "lecture")? */
static int
facts_atom_text(const struct facts_atom *a)
{
	enum facts_ftype t;

	if (a->filter == NULL || a->filter->vals == NULL)
		return 0;
	t = facts_sources[a->src].fields[a->filter->field].type;
	return t == FT_TEXT || t == FT_DATE;
}

/* The number of the atom testing what X tests, added if new. */
static size_t
facts_atom_of(struct facts_cursor *c, const struct facts_atom *x)
{
	for (size_t k = 0; k < c->natoms; k++) {
		const struct facts_atom *a = &c->atoms[k];

		if (a->src != x->src)
			continue;
		if (a->spec && x->spec && a->spec->on == x->spec->on &&
		    a->spec->through == x->spec->through)
			return k;
		if (a->filter && x->filter && facts_filter_same(a->filter, x->filter))
			return k;
	}
	c->atoms = xrealloc(c->atoms, (c->natoms + 1) * sizeof *c->atoms);
	c->atoms[c->natoms] = *x;
	c->atoms[c->natoms].text = facts_atom_text(x);
	c->atoms[c->natoms].sibling = (size_t)-1;
	return c->natoms++;
}

/* The indexes of the specs of source SRC (-1: any) and aggregate AGG
 * (-1: any), ending in (size_t)-1. */
static size_t *
facts_spec_list(const struct facts_plan *plan, int src, int agg)
{
	size_t *list = xcalloc(plan->n + 1, sizeof *list), n = 0;

	for (size_t i = 0; i < plan->n; i++) {
		const struct facts_spec *sp = &plan->specs[i];

		if ((src < 0 || (int)sp->src == src) && (agg < 0 || (int)sp->agg == agg))
			list[n++] = i;
	}
	list[n] = (size_t)-1;
	return list;
}

/* Chain the atoms testing values of the same text field, each to the
 * next: the row's text is read once for the rest (facts_atom_met). */
static void
facts_atoms_siblings(struct facts_cursor *c)
{
	for (size_t k = 0; k < c->natoms; k++) {
		struct facts_atom *a = &c->atoms[k];

		if (!a->text)
			continue;
		for (size_t j = k + 1; j < c->natoms && a->sibling == (size_t)-1; j++)
			if (c->atoms[j].text && c->atoms[j].src == a->src &&
			    c->atoms[j].filter->field == a->filter->field)
				a->sibling = j;
	}
}

/* Each member-level spec's tests as atoms: its window (none when its
 * source's query reads the period's rows only, facts_windowed), then its
 * filters. */
static void
facts_atoms_init(struct facts_cursor *c)
{
	const struct facts_plan *plan = c->plan;

	c->spec_atoms = xcalloc(plan->n ? plan->n : 1, sizeof *c->spec_atoms);
	for (size_t i = 0; i < plan->n; i++) {
		const struct facts_spec *sp = &plan->specs[i];
		struct facts_atom x = { (int)sp->src, sp, NULL, 0, (size_t)-1 };
		size_t *list;

		if (sp->src >= FACTS_SRC_MEMBER_LEVEL_END)
			continue;
		list = c->spec_atoms[i] = xcalloc(sp->nwhere + 2, sizeof *list);
		if (!c->windowed[sp->src])
			*list++ = facts_atom_of(c, &x);
		for (size_t w = 0; w < sp->nwhere; w++) {
			x.spec = NULL;
			x.filter = &sp->where[w];
			*list++ = facts_atom_of(c, &x);
		}
		*list = (size_t)-1;
	}
	facts_atoms_siblings(c);
	c->met = xcalloc(c->natoms + 1, 1);
	for (int k = 0; k < FACTS_SRC_MEMBER_LEVEL_END; k++)
		c->src_specs[k] = facts_spec_list(plan, k, -1);
	c->visit_specs = facts_spec_list(plan, -1, FACTS_AGG_UNVISITED);
}

/* Does the current row pass atom K?  A filter of values of a text field
 * reads the row's text once and tests its siblings too: a pack's facts
 * test one kind each, of every activity of the year. */
static int
facts_atom_met(struct facts_cursor *c, sqlite3_stmt *st, size_t k)
{
	const struct facts_atom *a = &c->atoms[k];
	const struct facts_field *f;
	const unsigned char *t;

	if (a->spec)
		return facts_in_window(c, st, a->spec);
	f = &facts_sources[a->src].fields[a->filter->field];
	if (a->filter->vals == NULL)
		return facts_field_bool(c, st, f) == a->filter->b;
	if (!a->text)
		return facts_filters_match(c, st, facts_sources[a->src].fields, a->filter, 1);
	t = sqlite3_column_text(st, f->col);
	for (size_t j = a->sibling; j != (size_t)-1; j = c->atoms[j].sibling)
		c->met[j] = (signed char)facts_text_in(t, c->atoms[j].filter);
	return facts_text_in(t, a->filter);
}

/* Does the current row of source S pass every test of spec I?  Each
 * atom is tested at most once a row. */
static int
facts_row_counts(struct facts_cursor *c, sqlite3_stmt *st, size_t i)
{
	for (const size_t *k = c->spec_atoms[i]; *k != (size_t)-1; k++) {
		if (c->met[*k] < 0)
			c->met[*k] = (signed char)facts_atom_met(c, st, *k);
		if (!c->met[*k])
			return 0;
	}
	return 1;
}

/* Remember the community of the member's latest registration, of
 * registrations keyed (facts_order_key): the one of the greatest date
 * and id. */
static void
facts_note_reported(struct facts_cursor *c, sqlite3_stmt *st)
{
	int key = c->key_col[FACTS_SRC_REGISTRATION], date = facts_sources[
	    FACTS_SRC_REGISTRATION].date_col;
	const unsigned char *d;

	if (c->rep_date[0] != '\0' && !facts_key_after(st, date, key, c->rep_date, c->rep_id))
		return;
	c->reported = sqlite3_column_int64(st, 3);
	d = sqlite3_column_text(st, date);
	util_strcut(c->rep_date, sizeof c->rep_date, d && *d ? (const char *)d : "-");
	c->rep_id = sqlite3_column_int64(st, key);
}

/* Consume every row of source s that belongs to member id. */
static int
facts_consume(struct facts_cursor *c, int s, long long id, int wanted, struct error *e)
{
	struct facts_stream *fs = &c->src[s];

	while (fs->has_row && fs->subject < id)
		if (facts_stream_step(&c->db, fs, e) != 0)
			return -1;
	while (fs->has_row && fs->subject == id && c->grouped[s]) {
		if (wanted)
			facts_acc_group(c, s, fs->st);
		if (facts_stream_step(&c->db, fs, e) != 0)
			return -1;
	}
	while (fs->has_row && fs->subject == id) {
		/* the latest registration: in date order, the last */
		if (s == FACTS_SRC_REGISTRATION && c->key_col[s] >= 0)
			facts_note_reported(c, fs->st);
		else if (s == FACTS_SRC_REGISTRATION)
			c->reported = sqlite3_column_int64(fs->st, 3);
		memset(c->met, -1, c->natoms);
		if (wanted && s == FACTS_SRC_ACTIVITY && c->collect_visits)
			for (const size_t *i = c->visit_specs; *i != (size_t)-1; i++)
				facts_note_visit(c, fs->st, &c->plan->specs[*i]);
		for (const size_t *i = c->src_specs[s]; wanted && *i != (size_t)-1; i++)
			if (facts_row_counts(c, fs->st, *i))
				facts_acc_row(c, &c->plan->specs[*i], &c->acc[*i], fs->st);
		if (facts_stream_step(&c->db, fs, e) != 0)
			return -1;
	}
	return 0;
}

/* A record collect: its distinct values in the order first seen, joined
 * by 、 as the notices list them ("" when none). */
static void
facts_acc_join(struct facts_acc *a, struct view_value *out)
{
	struct sbuf b;

	sbuf_init(&b);
	sbuf_adds(&b, "");
	for (size_t i = 0; i < a->nseen; i++)
		sbuf_addf(&b, "%s%s", i ? "、" : "", a->seen[i]);
	free(a->joined);
	a->joined = sbuf_detach(&b);
	view_set_str(out, a->joined);
}

/* Turn an accumulator into the value a rule reads. */
static void
facts_acc_value(const struct facts_spec *s, struct facts_acc *a, struct view_value *out)
{
	const struct facts_field *f = s->field >= 0 ? &facts_sources[s->src].fields[s->field] : NULL;

	switch (s->agg) {
	case FACTS_AGG_COUNT:
	case FACTS_AGG_UNVISITED:
		view_set_int(out, a->n);
		return;
	case FACTS_AGG_ANY:
		view_set_bool(out, a->n > 0);
		return;
	case FACTS_AGG_MONTHS:
		view_set_int(out, __builtin_popcountll((unsigned long long)a->n));
		return;
	case FACTS_AGG_DISTINCT:
		view_set_int(out, (long long)a->nseen);
		return;
	case FACTS_AGG_COLLECT:
		facts_acc_join(a, out);
		return;
	case FACTS_AGG_SUM:
		if (f->type == FT_HOURS)
			view_set_num(out, (double)a->n / 60.0);
		else
			view_set_int(out, a->n);
		return;
	default:
		break;
	}
	if (!a->have || a->type == VIEW_NIL)
		*out = s->dflt;
	else if (f->type == FT_INT)
		view_set_int(out, a->num);
	else if (f->type == FT_HOURS)
		view_set_num(out, (double)a->num / 60.0);
	else if (f->type == FT_BOOL || f->type == FT_RESIDENCE || f->type == FT_RESIDENCE_OPEN ||
	    f->type == FT_LIAISON)
		view_set_bool(out, strcmp(a->text, "true") == 0);
	else
		view_set_str(out, a->text);
}

/* The whole months of YEAR a member who left on LEFT (NULL: has not left)
 * was bound: the day of leaving is the last day bound, so a month counts
 * when the member left on or after its last day (left 06-30: 6, 07-01: 6,
 * 07-31: 7). */
static int
facts_months_bound(int year, const char *left)
{
	long d;
	int y, m, day;

	if (left == NULL || date_year(left) > year)
		return 12;
	if (date_year(left) < year || (d = date_iso_days(left)) < 0)
		return 0;
	date_civil(d + 1, &y, &m, &day);
	return date_month(left) - (day == 1 ? 0 : 1);
}

/* Field I of the current member as rules see it, into c->fields[i],
 * pointing into the row (valid until the next step). */
static void
facts_member_field(struct facts_cursor *c, size_t i)
{
	sqlite3_stmt *st = c->members;
	const struct orgtree *o = c->orgs;
	struct view_value *v = &c->fields[i];
	int col = facts_member_fields[i].col;
	long long unit = c->unit, community = c->community;
	const char *t;

	switch (facts_member_fields[i].type) {
	case MF_UNIT:
		view_set_str(v, orgtree_code(o, unit));
		return;
	case MF_UNIT_NAME:
		view_set_str(v, orgtree_code(o, unit)[0] ? o->name[unit] : "");
		return;
	case MF_COMMUNITY:
		view_set_str(v, orgtree_code(o, community));
		return;
	case MF_COMMUNITY_NAME:
		view_set_str(v, orgtree_name_of(o, community, -1));
		return;
	case MF_UNIT_ADDRESS:   /* the unit's, not personal: 附件2 单位地址 */
		t = orgtree_code(o, unit)[0] ? o->text[unit * 5 + 4] : NULL;
		view_set_str(v, t ? t : "");
		return;
	case MF_UNIT_PATH:
		view_set_str(v, orgtree_path(o, unit, &c->path[0], &c->path_cap[0]));
		return;
	case MF_COMMUNITY_PATH:
		view_set_str(v, orgtree_path(o, community, &c->path[1], &c->path_cap[1]));
		return;
	case MF_BOOL:
		view_set_bool(v, sqlite3_column_int(st, col));
		return;
	default:
		break;
	}
	t = (const char *)sqlite3_column_text(st, col);
	switch (facts_member_fields[i].type) {
	case MF_RETIRED:
		view_set_bool(v, t && strcmp(t, "retired") == 0);
		break;
	case MF_LEFT:           /* the day a gone member left, else nil */
		view_set_str(v, model_status_gone(t) ?
		    (const char *)sqlite3_column_text(st, col + 1) : NULL);
		break;
	case MF_DECEASED:
		view_set_bool(v, t && strcmp(t, "deceased") == 0);
		break;
	case MF_MONTHS_BOUND:
		view_set_int(v, facts_months_bound(c->per->year, model_status_gone(t) ?
		    (const char *)sqlite3_column_text(st, col + 1) : NULL));
		break;
	case MF_DATE:
		view_set_str(v, t);
		break;
	default:
		view_set_str(v, t ? t : "");
		break;
	}
}

/* The current member's ids, and its fields as rules see them unless the
 * cursor fills them on demand (facts_member_lazy). */
static void
facts_member_record(struct facts_cursor *c, struct facts_member *m)
{
	sqlite3_stmt *st = c->members;

	facts_member_unstale(c);
	m->id = sqlite3_column_int64(st, 0);
	m->unit_id = sqlite3_column_int64(st, 1);
	m->community_id = sqlite3_column_int64(st, 2);
	m->code = (const char *)sqlite3_column_text(st, 3);
	c->unit = m->unit_id;
	c->community = m->community_id;
	c->liaison = orgtree_liaison(c->orgs, m->unit_id);
	m->fields = c->fields;
	for (size_t i = 0; !c->lazy && i < FACTS_NMEMBER; i++)
		facts_member_field(c, i);
}

/* Replace the member statement by one selecting COLS, on the current
 * member (FROM its id; 0: from the first of the cursor's range); the one
 * replaced is kept until the next row, which may point into it.  0, or
 * -1 with e set. */
static int
facts_member_select(struct facts_cursor *c, unsigned long long cols, int from,
    struct error *e)
{
	char *sql = facts_member_sql(cols);
	sqlite3_stmt *st = db_prepare(&c->db, sql, e);
	long long id = from ? sqlite3_column_int64(c->members, 0) : c->lo;

	free(sql);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, c->hi);
	if (from && (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int64(st, 0) != id)) {
		sqlite3_finalize(st);
		return db_fail(&c->db, e, "reading members");
	}
	if (from)
		c->stale[c->nstale++] = c->members;
	else
		sqlite3_finalize(c->members);
	c->members = st;
	c->cols = cols | 0xf;       /* the first four, always */
	return 0;
}

/* See facts.h.  The query then reads only the columns of the fields
 * read, over the bounds facts_open() was given. */
void
facts_member_lazy(struct facts_cursor *c)
{
	struct error e = { 0 };

	c->lazy = 1;
	/* Without a narrow statement, the full one serves. */
	c->narrow = facts_member_select(c, 0, 0, &e) == 0;
}

/* See facts.h. */
int
facts_member_fill(struct facts_cursor *c, size_t slot, struct error *e)
{
	unsigned long long need;
	int type;

	if (slot >= FACTS_NMEMBER)
		return 0;
	type = facts_member_fields[slot].type;
	need = 1ull << facts_member_fields[slot].col;
	if (type == MF_LEFT || type == MF_MONTHS_BOUND)
		need |= need << 1;    /* status and status_date */
	if (c->narrow && (need & ~c->cols) != 0 &&
	    facts_member_select(c, c->cols | need, 1, e) != 0)
		return -1;
	facts_member_field(c, slot);
	return 0;
}

/* Is a member of this unit or residence community in the run's scope? */
static int
facts_in_scope(const struct orgtree *o, long long unit, long long community)
{
	return (unit > 0 && (size_t)unit < o->n && o->in_scope[unit]) ||
	    (community > 0 && (size_t)community < o->n && o->in_scope[community]);
}

/* Step to the next member in scope, consuming every source up to it. */
int
facts_next(struct facts_cursor *c, struct facts_member *m, struct error *e)
{
	for (;;) {
		int rc = sqlite3_step(c->members), in;

		if (rc == SQLITE_DONE)
			return 0;
		if (rc != SQLITE_ROW)
			return db_fail(&c->db, e, "reading members");
		in = facts_in_scope(c->orgs, sqlite3_column_int64(c->members, 1),
		    sqlite3_column_int64(c->members, 2));
		facts_member_record(c, m);
		c->nvisits = 0;
		c->reported = 0;
		c->rep_date[0] = '\0';
		for (size_t i = 0; i < c->plan->n; i++)
			facts_acc_reset(&c->acc[i]);
		/* Activities come first: visits feed the pairing facts. */
		for (int s = 0; s < FACTS_SRC_MEMBER_LEVEL_END; s++)
			if (c->used[s] && facts_consume(c, s, m->id, in, e) != 0)
				return -1;
		if (!in)
			continue;
		m->reported_id = c->reported;
		for (size_t i = 0; i < c->plan->n; i++)
			if (c->plan->specs[i].src < FACTS_SRC_MEMBER_LEVEL_END)
				facts_acc_value(&c->plan->specs[i], &c->acc[i],
				    &c->facts[c->plan->member_slot[i]]);
		m->facts = c->facts;
		return 1;
	}
}

struct facts_org_cursor {
	struct db db;
	const struct facts_plan *plan;
	const struct facts_period *per;
	struct facts_stream ev;
	struct facts_cursor fake;     /* for the shared row helpers */
	struct facts_acc *acc;
	char **text;                  /* collect facts of the current org */
};

/* A cursor over the org events of the period, for orgs in id order. */
struct facts_org_cursor *
facts_org_open(struct db *db, const struct facts_plan *plan, const struct facts_period *per,
    struct error *e)
{
	struct facts_org_cursor *c = xcalloc(1, sizeof *c);
	char *sql = facts_source_sql(&facts_sources[FACTS_SRC_ORG_EVENT], ~0ull, 1, NULL, 0);
	int rc;

	c->db = *db;
	c->plan = plan;
	c->per = per;
	c->fake.plan = plan;
	c->fake.per = per;
	for (int s = 0; s < FACTS_SRC_COUNT; s++)
		c->fake.key_col[s] = -1;      /* org events come in date order */
	c->acc = xcalloc(plan->n ? plan->n : 1, sizeof *c->acc);
	c->text = xcalloc(plan->n ? plan->n : 1, sizeof *c->text);
	rc = facts_stream_open(db, &c->ev, sql, 0, 0, per->end, e);
	free(sql);
	if (rc != 0 || facts_stream_step(db, &c->ev, e) != 0) {
		facts_org_close(c);
		return NULL;
	}
	return c;
}

/* Release the org cursor. */
void
facts_org_close(struct facts_org_cursor *c)
{
	if (c == NULL)
		return;
	sqlite3_finalize(c->ev.st);
	for (size_t i = 0; i < c->plan->n; i++) {
		facts_acc_reset(&c->acc[i]);
		free(c->acc[i].seen);
		free(c->text[i]);
	}
	free(c->acc);
	free(c->text);
	free(c);
}

/* Fill org ID's facts: see facts.h. */
int
facts_org(struct facts_org_cursor *c, long long id, const struct facts_tally *t,
    char *const *reqs, size_t nreqs, char *const *grades, size_t ngrades,
    struct view_value *out, struct error *e)
{
	for (size_t i = 0; i < c->plan->n; i++)
		facts_acc_reset(&c->acc[i]);
	while (c->ev.has_row && c->ev.subject < id)
		if (facts_stream_step(&c->db, &c->ev, e) != 0)
			return -1;
	while (c->ev.has_row && c->ev.subject == id) {
		for (size_t i = 0; i < c->plan->n; i++) {
			const struct facts_spec *sp = &c->plan->specs[i];

			if (sp->src == FACTS_SRC_ORG_EVENT &&
			    facts_in_window(&c->fake, c->ev.st, sp) &&
			    facts_filters_match(&c->fake, c->ev.st,
			    facts_sources[FACTS_SRC_ORG_EVENT].fields, sp->where, sp->nwhere))
				facts_acc_row(&c->fake, sp, &c->acc[i], c->ev.st);
		}
		if (facts_stream_step(&c->db, &c->ev, e) != 0)
			return -1;
	}
	for (size_t i = 0; i < c->plan->n; i++) {
		const struct facts_spec *sp = &c->plan->specs[i];
		struct view_value *v = &out[c->plan->member_slot[i]];

		if (sp->src == FACTS_SRC_ORG_EVENT)
			facts_acc_value(sp, &c->acc[i], v);
		else if (sp->src == FACTS_SRC_MEMBERS && facts_tally_value(sp, i, t, reqs, nreqs,
		    grades, ngrades, &c->text[i], v, e) != 0)
			return -1;
	}
	return 0;
}


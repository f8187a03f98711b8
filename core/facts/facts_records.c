/*
 * facts_records.c - records one at a time, for validate and the report
 * forms: one query per kind (activities, claims, pairings, the ledger,
 * wishes) joining the codes and names a form prints, restricted to a
 * period and read row by row into a view.
 */
#include "facts.h"

/* How one kind of record is read: its fields (the query's columns, in
 * order), the columns that hold a number of minutes (seen as hours), a
 * count or a flag, how a record is named in messages, and which columns
 * hold the unit and community codes a --org scope is matched against. */
struct facts_recdef {
	struct view_schema schema;    /* what, names, n */
	const char *sql;
	int hours_col, int_cols[2], bool_col;   /* -1: none */
	int name_cols[3];             /* columns naming the record */
	int unit_col, community_col;
	int hours2_col;               /* a second minutes column (0: none) */
};

static char *facts_activity_rec_names[] = {
	"member", "member_name", "unit", "unit_name", "date", "kind", "hours", "community",
	"content", "place", "rating", "verifier", "complete", "participants", "community_name",
	"total_hours",
};
static char *facts_claim_rec_names[] = {
	"member", "member_name", "post", "post_name", "community", "date", "unit",
};
static char *facts_pairing_rec_names[] = {
	"member", "member_name", "unit", "unit_name", "household", "household_kind",
	"household_ethnicity", "start", "end", "visits", "visit_months", "community",
};
static char *facts_ledger_rec_names[] = {
	"member", "member_name", "unit", "unit_name", "date", "points", "reason", "balance",
	"community",
};
static char *facts_wish_rec_names[] = {
	"wish", "community", "resident", "content", "ordered", "dispatched", "dispatcher",
	"taker", "taker_name", "taken", "done", "rating", "state", "community_name",
	"dispatcher_name",
};

static const struct facts_recdef facts_recdefs[] = {
	[FACTS_REC_ACTIVITY] = { { (char *)"activity", facts_activity_rec_names, 16 },
	    "SELECT m.code, m.name, u.code, u.name, a.date, a.kind, a.minutes, c.code,"
	    " a.content, a.place, a.rating, a.verifier, a.complete, a.participants, c.name,"
	    " sum(a.minutes) OVER (PARTITION BY a.member_id)"
	    " FROM activity a JOIN member m ON m.id = a.member_id JOIN org u ON u.id = m.unit_id"
	    " LEFT JOIN org c ON c.id = a.community_id"
	    " WHERE a.voided IS NULL AND (?1 IS NULL OR a.date BETWEEN ?1 AND ?2)"
	    " ORDER BY a.member_id, a.date, a.id",
	    6, { -1, -1 }, 12, { 0, 4, 5 }, 2, 7, 15 },
	[FACTS_REC_CLAIM] = { { (char *)"claim", facts_claim_rec_names, 7 },
	    "SELECT m.code, m.name, p.code, p.name, c.code, k.date, u.code FROM claim k"
	    " JOIN member m ON m.id = k.member_id JOIN org u ON u.id = m.unit_id"
	    " JOIN post p ON p.id = k.post_id"
	    " LEFT JOIN org c ON c.id = p.community_id"
	    " WHERE k.voided IS NULL AND (?1 IS NULL OR k.date BETWEEN ?1 AND ?2)"
	    " ORDER BY k.member_id, k.date, k.id",
	    -1, { -1, -1 }, -1, { 0, 5, 2 }, 6, 4 },
	[FACTS_REC_PAIRING] = { { (char *)"pairing", facts_pairing_rec_names, 12 },
	    "SELECT m.code, m.name, u.code, u.name, p.household, p.household_kind,"
	    " p.household_ethnicity, p.start_date, p.end_date,"
	    " (SELECT count(*) FROM activity v WHERE v.member_id = p.member_id AND v.voided IS NULL"
	    "  AND v.household = p.household AND v.date >= p.start_date"
	    "  AND (p.end_date IS NULL OR v.date <= p.end_date)"
	    "  AND (?1 IS NULL OR v.date BETWEEN ?1 AND ?2)),"
	    " (SELECT group_concat(DISTINCT substr(v.date, 1, 7)) FROM activity v"
	    "  WHERE v.member_id = p.member_id AND v.household = p.household AND v.voided IS NULL"
	    "  AND v.date >= p.start_date AND (p.end_date IS NULL OR v.date <= p.end_date)"
	    "  AND (?1 IS NULL OR v.date BETWEEN ?1 AND ?2)),"
	    " c.code FROM pairing p JOIN member m ON m.id = p.member_id"
	    " JOIN org u ON u.id = m.unit_id LEFT JOIN org c ON c.id = m.community_id"
	    " WHERE p.voided IS NULL AND (?1 IS NULL OR (p.start_date <= ?2"
	    "  AND (p.end_date IS NULL OR p.end_date >= ?1)))"
	    " ORDER BY p.member_id, p.start_date, p.id",
	    -1, { 9, -1 }, -1, { 0, 4, 7 }, 2, 11 },
	[FACTS_REC_LEDGER] = { { (char *)"ledger", facts_ledger_rec_names, 9 },
	    "SELECT m.code, m.name, u.code, u.name, l.date, l.points, l.reason, l.balance,"
	    " c.code FROM (SELECT *, sum(points) OVER (PARTITION BY member_id ORDER BY date, id)"
	    "  AS balance FROM ledger) l"
	    " JOIN member m ON m.id = l.member_id JOIN org u ON u.id = m.unit_id"
	    " LEFT JOIN org c ON c.id = m.community_id"
	    " WHERE ?1 IS NULL OR l.date BETWEEN ?1 AND ?2 ORDER BY l.member_id, l.date, l.id",
	    -1, { 5, 7 }, -1, { 0, 4, 6 }, 2, 8 },
	[FACTS_REC_WISH] = { { (char *)"wish", facts_wish_rec_names, 15 },
	    "SELECT w.code, c.code, w.resident, w.content, s1.date, s2.date, b.code, t.code,"
	    " t.name, s3.date, s4.date, s5.rating,"
	    " (SELECT state FROM wish_state WHERE wish_id = w.id"
	    "  AND (?2 IS NULL OR date <= ?2) ORDER BY step DESC LIMIT 1), c.name, b.name"
	    " FROM wish w JOIN org c ON c.id = w.community_id"
	    " JOIN wish_state s1 ON s1.wish_id = w.id AND s1.step = 1"
	    " LEFT JOIN wish_state s2 ON s2.wish_id = w.id AND s2.step = 2"
	    "  AND (?2 IS NULL OR s2.date <= ?2)"
	    " LEFT JOIN org b ON b.id = s2.branch_id"
	    " LEFT JOIN wish_state s3 ON s3.wish_id = w.id AND s3.step = 3"
	    "  AND (?2 IS NULL OR s3.date <= ?2)"
	    " LEFT JOIN member t ON t.id = s3.member_id"
	    " LEFT JOIN wish_state s4 ON s4.wish_id = w.id AND s4.step = 4"
	    "  AND (?2 IS NULL OR s4.date <= ?2)"
	    " LEFT JOIN wish_state s5 ON s5.wish_id = w.id AND s5.step = 5"
	    "  AND (?2 IS NULL OR s5.date <= ?2)"
	    " WHERE ?1 IS NULL OR s1.date BETWEEN ?1 AND ?2 ORDER BY w.code",
	    -1, { -1, -1 }, -1, { 0, 12, 1 }, 6, 1 },
};

/* The names of KIND's fields, static. */
const struct view_schema *
facts_record_schema(enum facts_record kind)
{
	return &facts_recdefs[kind].schema;
}

/* A statement over KIND's records of PER (NULL: all), the caller's to finalize. */
sqlite3_stmt *
facts_record_open(struct db *db, enum facts_record kind, const struct facts_period *per,
    struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, facts_recdefs[kind].sql, e);

	if (st != NULL && per != NULL) {
		sqlite3_bind_text(st, 1, per->start, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, per->end, -1, SQLITE_TRANSIENT);
	}
	return st;
}

/* Fill VAL (pointing into the row) and name the record. */
char *
facts_record_values(sqlite3_stmt *st, enum facts_record kind, struct view_value *val)
{
	const struct facts_recdef *d = &facts_recdefs[kind];
	const int *nc = d->name_cols;

	for (size_t i = 0; i < d->schema.n; i++) {
		const char *t = (const char *)sqlite3_column_text(st, (int)i);

		view_set_str(&val[i], t ? t : "");
	}
	if (d->hours_col >= 0)
		view_set_num(&val[d->hours_col], sqlite3_column_int(st, d->hours_col) / 60.0);
	if (d->hours2_col > 0)
		view_set_num(&val[d->hours2_col], sqlite3_column_int64(st, d->hours2_col) / 60.0);
	for (int i = 0; i < 2; i++)
		if (d->int_cols[i] >= 0)
			view_set_int(&val[d->int_cols[i]], sqlite3_column_int64(st, d->int_cols[i]));
	if (d->bool_col >= 0)
		view_set_bool(&val[d->bool_col], sqlite3_column_int(st, d->bool_col));
	return xasprintf("%s %s %s %s", d->schema.what, sqlite3_column_text(st, nc[0]),
	    sqlite3_column_text(st, nc[1]), sqlite3_column_text(st, nc[2]));
}

/* Does the row's unit or community code equal ORG? */
int
facts_record_in_scope(sqlite3_stmt *st, enum facts_record kind, const char *org)
{
	const struct facts_recdef *d = &facts_recdefs[kind];

	return org == NULL ||
	    util_streq((const char *)sqlite3_column_text(st, d->unit_col), org) ||
	    util_streq((const char *)sqlite3_column_text(st, d->community_col), org);
}

/*
 * member.h - what is done to a member as a whole, beyond importing rows:
 * reading the history of a member's status, unit and community (kept by
 * import, schema 014), and purging the personal data of members who left
 * long enough ago (retention).
 *
 * A member is never deleted (their records stay); one who leaves gets a
 * status (transferred_out, deceased, reassigned) with its date, and after
 * the retention years `purge` clears their personal data, keeping the row
 * with its unit, community, status and dates, so that every count of
 * past forms and runs still adds up.
 */
#ifndef BAODAO_MEMBER_H
#define BAODAO_MEMBER_H

#include "db.h"
#include "emit.h"
#include "util.h"

/* The history of member CODE as a table on OUT, oldest first.  0, or -1
 * with e set (EXIT_USAGE: no such member). */
int   member_history(struct db *db, const char *code, struct emit *out, struct error *e);

/* The name a purged member's row keeps, and the prefix of its code. */
#define MEMBER_PURGED_NAME	"已清除"
#define MEMBER_PURGED_CODE	"purged-"

struct member_purge_opts {
	int before;             /* members who left before 1 January of it */
	int retention_years;    /* baodao.conf; 0: unset, refused */
	int this_year;          /* today's year */
	const char *today;      /* the day recorded as purged */
	int apply;              /* 0: a dry run, nothing written */
	struct emit *out;       /* the members purged, per unit, status, year */
};

/* Clear the personal data of the members who left before o->before: one
 * transaction and one audit row; with o->apply 0, only say what would be
 * cleared.  *n is how many members.  0, or -1 with e set (EXIT_USAGE: no
 * retention configured, or o->before too recent). */
int   member_purge(struct db *db, const struct member_purge_opts *o, long *n,
          struct error *e);

#endif

/*
 * integrity.h - the core's checks that service hours cannot be padded,
 * run by `validate` for every pack and listed per unit by `report
 * integrity`.
 *
 * Over the activities (of one year, or all), one query finds:
 *   day_hours            a member's records of one day add up to more
 *                        than a day may hold (max_day_hours, 24 by
 *                        default): with two or more they overlap, since a
 *                        record has a date and hours but no time of day
 *   self_verified        the verifier (认证签字) is the member: their name,
 *                        their id, or 本人
 *   verifier_day         one verifier signed more records of one
 *                        community on one day than max_day_verifications
 *   before_registration  dated before the member's first registration (报到);
 *                        a member with no registration is the packs' matter
 *   after_leaving        dated after the member left service: a status
 *                        other than in_service (退休) with a date
 *   duplicate            the same member, date, kind, hours, content and
 *                        place as an earlier record (the natural key holds
 *                        them apart only by community)
 * Each check is one pass: the day totals and the duplicates over the
 * indexes alone, the self-signed records over the table, registrations
 * and retirements with their members' records found by index; only the
 * signed records (by day, community and verifier) and the findings are
 * sorted.
 * A finding names its records by id, the member and the member's unit (a
 * verifier's: the community the records were made in).
 */
#ifndef BAODAO_INTEGRITY_H
#define BAODAO_INTEGRITY_H

#include <stddef.h>

#include "db.h"
#include "util.h"

enum integrity_check {
	INTEGRITY_DAY_HOURS,
	INTEGRITY_SELF_VERIFIED,
	INTEGRITY_VERIFIER_DAY,
	INTEGRITY_BEFORE_REGISTRATION,
	INTEGRITY_AFTER_LEAVING,
	INTEGRITY_DUPLICATE,
	INTEGRITY_NCHECKS
};

struct integrity_opts {
	int year;                     /* only records dated in it; 0: every date */
	const char *org;              /* only findings of members of this org or
	                                 the orgs under it (and of communities
	                                 under it); NULL: all */
	int max_day_minutes;          /* a member's most in a day */
	int max_day_verifications;    /* a verifier's most in a day and community */
	int by_org;                   /* findings in org order (the report), else
	                                 in check order (validate) */
};

/* One finding; valid until the next call of integrity_next. */
struct integrity_finding {
	enum integrity_check check;
	const char *name;             /* "integrity.day_hours" */
	const char *field;            /* the field at fault: hours, verifier, date, content */
	const char *org;              /* the member's unit, or a verifier's community
	                                 (NULL when the records name none) */
	const char *org_name;
	int community;                /* org is a verifier's community */
	long org_findings;            /* findings of org in all */
	const char *member;           /* member id; NULL for a verifier's finding */
	const char *date;
	long long *ids;               /* the records, the one the finding is about first */
	size_t nids;
	const char *label;            /* "activity #12 M001 2024-06-01", "verifier '陈红' C001 2024-06-18" */
	const char *message;          /* printable: no control character */
};

struct integrity_cursor;

/* Open the findings of o.  NULL with e set. */
struct integrity_cursor *integrity_open(struct db *db, const struct integrity_opts *o,
          struct error *e);
/* The next finding into *f: 1, 0 at the end, -1 with e set. */
int   integrity_next(struct integrity_cursor *c, const struct integrity_finding **f,
          struct error *e);
void  integrity_close(struct integrity_cursor *c);

#endif

/*
 * diff.h - the impact of a pack change: whose outcomes move between two
 * versions of a pack (or a pack and an edited copy, or a pack with some
 * parameters set), over the same database, before anyone installs it.
 *
 * Both versions are evaluated inside one transaction that is rolled back
 * at the end: the runs exist only long enough to be compared with SQL,
 * and the database is left exactly as it was.  The comparison joins the
 * two runs on the subject, and their requirements on the requirement id
 * (the versions may declare different ones): grade and award moves (in
 * all and per unit), star moves, per requirement its pass, fail, n/a and
 * error counts before and after, and on request the members and orgs
 * whose outcomes change and how many changed members each unit and
 * community has.
 */
#ifndef BAODAO_DIFF_H
#define BAODAO_DIFF_H

#include "config.h"
#include "db.h"
#include "pack.h"
#include "util.h"

struct diff_opts {
	const struct pack_info *old_pack;   /* read (and --set) by the caller */
	const struct pack_info *new_pack;
	int year;
	const char *org;                    /* org code limiting both runs; NULL: all */
	int json;                           /* one JSON document instead of text */
	int members;                        /* each changed member and org too */
};

/* Evaluate both packs, compare, roll back; the comparison is appended to
 * out.  Returns 0 when no grade, award or outcome changes (a requirement
 * only one version declares changes nothing where it is n/a), EXIT_FOUND
 * when some does, or
 * -1 with e set (the database unchanged either way). */
int   diff_run(struct db *db, const struct config *cfg, const struct diff_opts *o,
          struct sbuf *out, struct error *e);

#endif

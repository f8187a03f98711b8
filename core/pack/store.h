/*
 * store.h - installed rule packs: install, list, remove, roll back, and
 * which version is in force for a year.
 *
 * A database has a pack store, the folder DB.packs beside it (found
 * through the database's folder, whatever folder a command runs in; the
 * store holds only what install put there, and every path into it is
 * checked to stay inside).  Installing
 * a pack is all-or-nothing, like loading a Redis function library: the
 * pack is staged (read, its manifest and signatures checked, built in a
 * sandbox of its own), the installer runs its own tests (packtest), and
 * only then is it committed: its files copied into the store (with the
 * packs it extends, as they are now) and the version recorded.  Any
 * failure leaves the store and the database as they were, and the
 * versions installed before stay in force.
 *
 * Several versions of a pack may be installed; their effective dates
 * (pack.conf effective_from/effective_to) may not overlap, so exactly one
 * is in force on any day.  `evaluate --pack ID --year Y` uses the version
 * in force in Y, ID@VERSION names one, and a folder path or an id found
 * only in the pack path (the development copies) is used as it is.
 */
#ifndef BAODAO_STORE_H
#define BAODAO_STORE_H

#include "config.h"
#include "db.h"
#include "record.h"
#include "util.h"

struct facts_period;
struct pack;
struct pack_info;

/* Read the pack SPEC (ID, ID@VERSION or a folder) names for YEAR (0:
 * any) into *pi (pack_info_free).  An installed version is refused unless
 * it is as it was installed: sealed, its files matching its MANIFEST, its
 * hash the one recorded at install.  db may be NULL (no installed packs).
 * 0, or -1 with e set and nothing to free. */
int   store_read(const struct config *cfg, struct db *db, const char *spec, int year,
          struct pack_info *pi, struct error *e);

/* The words packs declare, for import to check a column such as
 * org_events.kind against: those of the active installed packs, or, when
 * none is installed, of the packs in the pack path.  The caller frees v
 * with record_vocab_free().  0, or -1 with e set. */
int   store_vocabulary(const struct config *cfg, struct db *db, struct record_vocab *v,
          struct error *e);

/* Resolve SPEC for the year of PER, read it into *pi and load it into *p
 * for PER; free both with store_unload().  0, or -1 with e set and
 * nothing to free. */
int   store_load(const struct config *cfg, struct db *db, const char *spec,
          const struct facts_period *per, struct pack_info *pi, struct pack *p,
          struct error *e);
void  store_unload(struct pack_info *pi, struct pack *p);

/* Installing, step one: read the sealed pack in SRC into *pi and build it
 * in a sandbox for the first year it is in force.  On success the caller
 * owns *pi (pack_info_free); on failure there is nothing to free. */
int   store_stage(const struct config *cfg, const char *src, struct pack_info *pi,
          struct error *e);

/* Installing, last step (after the pack's tests passed): in one
 * transaction refuse a version already installed or overlapping an
 * active one, copy the pack chain into the store beside db, record it,
 * and print the "installed" line. */
int   store_commit(struct db *db, const struct pack_info *pi, struct error *e);

/* Create the pack store of the database at DB_PATH for the group GROUP
 * several users share it through: mode 02770, group-owned, so what any
 * of them installs stays the group's (init, with baodao.conf group).
 * 0, or -1 with e set. */
int   store_share(const char *db_path, const char *group, struct error *e);

/* Print the development copies of the pack path, then (when db is not
 * NULL) the installed versions. */
int   store_list(const struct config *cfg, struct db *db, struct error *e);

/* Remove the installed versions SPEC (ID, or ID@VERSION) names.  When
 * they include the version in force this year YES must be set; without it
 * the removal is refused, naming what would be in force instead (another
 * version, the development copy of CFG's pack path, or nothing). */
int   store_remove(const struct config *cfg, struct db *db, const char *spec, int yes,
          struct error *e);

/* The latest-installed active version of ID steps back; the version
 * installed before it is in force again. */
int   store_rollback(struct db *db, const char *id, struct error *e);

/* SPEC names an installed version (ID@VERSION) whose dates, as the store
 * records them, leave out YEAR: refused unless FORCE, and then *forced is
 * set, for the run to be marked.  Anything else is left to store_read(). */
int   store_check_dates(struct db *db, const char *spec, int year, int force, int *forced,
          struct error *e);

/*
 * pack new-version: an editable copy of the version of SPEC in force on
 * FROM (the installed one, else the development copy) in the new folder
 * TO (NULL: ./ID-VERSION), its MANIFEST and SIGNATURES dropped, its
 * version bumped (the second number up by one, those after it 0: 1.0.0
 * becomes 1.1.0), effective_from set to FROM and effective_to emptied in
 * pack.conf, and a CHANGELOG entry started; prints what it did and the
 * commands that follow.
 */
int   store_new_version(const struct config *cfg, struct db *db, const char *spec,
          const char *from, const char *to, struct error *e);

#endif

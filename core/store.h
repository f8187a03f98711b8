/*
 * store.h - installed rule packs: install, list, remove, roll back, and
 * which version is in force for a year.
 *
 * A database has a pack store, the folder DB.packs beside it.  Installing
 * a pack is all-or-nothing, like loading a Redis function library: the
 * pack is read (its manifest and signatures checked), built in a sandbox
 * of its own, and its own tests run; only then are its files copied into
 * the store (with the packs it extends, as they are now) and the version
 * recorded.  Any failure leaves the store and the database as they were,
 * and the versions installed before stay in force.
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

/* Resolve SPEC (ID, ID@VERSION or a folder) for YEAR (0: any) to a pack
 * folder (*dir, caller frees).  db may be NULL (no installed packs). */
int   store_resolve(const struct config *cfg, struct db *db, const char *spec, int year,
          char **dir, struct error *e);

/* The words packs declare, for import to check a column such as
 * org_events.kind against: those of the active installed packs, or, when
 * none is installed, of the packs in the pack path.  The caller frees v
 * with record_vocab_free().  0, or -1 with e set. */
int   store_vocabulary(const struct config *cfg, struct db *db, struct record_vocab *v,
          struct error *e);

/* The pack subcommands install, remove, rollback and list (cli_pack_fn). */
int   store_command(const struct config *cfg, const char *db_path, int argc, char **argv,
          struct error *e);

#endif

/*
 * cli.h - the command line of DESIGN.md ("Command line"): parse, run one
 * command, return its exit code (0 ok, 1 found failures, 2 bad usage or
 * input, 3 internal or environment error).
 */
#ifndef BAODAO_CLI_H
#define BAODAO_CLI_H

#include "config.h"
#include "util.h"

int   cli_main(int argc, char **argv);

/* A `baodao pack SUB ...` command implemented by another module: argv[0]
 * is SUB.  It returns an exit code (0, or EXIT_FOUND when it ran and found
 * failures), or -1 with e set.  db_path is the database the user chose
 * (it may not exist: pack commands that need no records do not open it). */
typedef int (*cli_pack_fn)(const struct config *cfg, const char *db_path, int argc,
    char **argv, struct error *e);

#endif

/*
 * cmd.h - the command layer: what every command gets (the configuration,
 * the database path, the error to fill), the helpers commands share
 * (cmd.c), and the commands themselves (cmd_*.c), one struct cmd each,
 * which cli.c dispatches.  All argv parsing and usage text is in this
 * layer; the library modules below it take structs of options.
 */
#ifndef BAODAO_CMD_H
#define BAODAO_CMD_H

#include <stdio.h>

#include "config.h"
#include "db.h"
#include "opt.h"
#include "util.h"

struct cmd_ctx {
	struct config cfg;
	const char *db_path;          /* --db, else the configuration's */
	struct error err;
};

/* A command: its declaration (name, synopsis, help, options), and for a
 * group (pack, wish, ledger, runs) its subcommands, whose --help is their
 * own.  run gets argv[0] = the command word and returns an exit code (0,
 * or EXIT_FOUND when it ran and found failures) or -1 with c->err set.
 * help_more, when set, adds to the command's --help what is not known
 * until run time (import: the record kinds and their columns). */
struct cmd {
	const struct opt_cmd *decl;
	int (*run)(struct cmd_ctx *c, int argc, char **argv);
	const struct opt_cmd *const *subs;   /* NULL-terminated; NULL: none */
	void (*help_more)(FILE *f);
};

/* The database of an existing installation, at this program's schema;
 * cmd_open_ro() opens it read-only, for the commands that only read
 * (explain, report, runs, validate, pack list, ledger show, wish show),
 * so they work where the user may read but not write. */
int   cmd_open(struct cmd_ctx *c, struct db *db);
int   cmd_open_ro(struct cmd_ctx *c, struct db *db);

/* The database for reading when it exists (pack commands need no
 * records): 1 when opened, 0 when there is none. */
int   cmd_open_if_any(struct cmd_ctx *c, struct db *db);

/* For the commands that read and print (audit, check): open the database
 * read-only and a writer of --format (text when not given) on stdout, and
 * hand both to FN.  FN's exit code, or -1 with c->err set. */
struct emit;
int   cmd_read_emit(struct cmd_ctx *c, const struct opt_args *a,
          int (*fn)(struct db *db, struct emit *w, const struct opt_args *a,
          struct error *e));

/* An output file, created 0600 like the database, for it holds personal
 * data; "-" or NULL is stdout.  NULL with c->err set on failure. */
FILE *cmd_output(struct cmd_ctx *c, const char *path);
int   cmd_close_output(struct cmd_ctx *c, FILE *f, const char *path);

/* Today's date, ISO (the default date of what a clerk records). */
void  cmd_today(char out[11]);

/* The words the packs declare, into *vocab with *use pointing at them,
 * when KIND has a column of such words, or KIND is NULL (import, record
 * amend, record resolve, whose kind is the request's). */
struct record_vocab;
int   cmd_vocab(struct cmd_ctx *c, struct db *db, const char *kind,
          struct record_vocab *vocab, const struct record_vocab **use);

/* The subcommand of a group that argv[1] names, or NULL. */
const struct opt_cmd *cmd_sub(const struct cmd *k, int argc, char **argv);

extern const struct cmd cmd_init;          /* cmd_init.c */
extern const struct cmd cmd_import;        /* cmd_import.c */
extern const struct cmd cmd_eval_evaluate; /* cmd_eval.c */
extern const struct cmd cmd_eval_explain;
extern const struct cmd cmd_report;        /* cmd_report.c */
extern const struct cmd cmd_report_list;
extern const struct cmd cmd_runs;          /* cmd_runs.c */
extern const struct cmd cmd_validate;      /* cmd_validate.c */
extern const struct cmd cmd_wish;          /* cmd_wish.c */
extern const struct cmd cmd_ledger;        /* cmd_ledger.c */
extern const struct cmd cmd_pack;          /* cmd_pack.c */
extern const struct cmd cmd_member;        /* cmd_member.c */
extern const struct cmd cmd_purge;
extern const struct cmd cmd_plugins;       /* cmd_plugins.c */
extern const struct cmd cmd_record;        /* cmd_record.c */
extern const struct cmd cmd_audit;         /* cmd_audit.c */
extern const struct cmd cmd_backup;        /* cmd_backup.c */
extern const struct cmd cmd_restore;
extern const struct cmd cmd_check;

#endif

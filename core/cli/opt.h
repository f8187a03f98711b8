/*
 * opt.h - the options of one command, declared once: each option's name,
 * whether it takes a value and its help line; how many arguments the
 * command takes and what it says when they are missing.  opt_parse()
 * reads argv against the declaration and every command gets the same
 * errors, "CMD: what is wrong (usage: baodao SYNOPSIS)", and the same
 * --help text, made from the declaration.  The declaration also says who
 * may run the command (the roles of baodao.conf, config.h); the guard
 * cli.c installs checks it for every command parsed, in one place.
 */
#ifndef BAODAO_OPT_H
#define BAODAO_OPT_H

#include <stdio.h>

#include "util.h"

struct opt {
	const char *name;             /* "--year", or "-o" */
	const char *arg;              /* "YEAR" when it takes a value; NULL: a flag */
	const char *help;             /* one line */
	int required;                 /* "--year YEAR is required" when absent */
};

struct opt_cmd {
	const char *name;             /* "evaluate", "pack install" */
	const char *synopsis;         /* what follows "usage: baodao " */
	const char *help;             /* paragraphs for --help; NULL: none */
	const struct opt *opts;       /* ended by { NULL }; NULL: no options */
	int minpos, maxpos;           /* the arguments that are not options */
	const char *needs;            /* "needs DIR" when fewer than minpos */
	unsigned roles;               /* CONFIG_ROLE_* bits, any one of which may run
	                                 it (OPT_ANYONE: everyone), and OPT_REVEALS */
};

#define OPT_ANYONE  0u
#define OPT_REVEALS 0x100u        /* its --reveal shows personal data: only
                                     the roles of reveal_roles may give it */

/* What opt_parse() found: every option given, in order, and the rest. */
struct opt_args {
	const struct opt_cmd *cmd;
	struct opt_hit {
		const struct opt *opt;
		const char *val;          /* "" for a flag */
	} *hits;
	int nhits;
	char **pos;
	int npos;
};

/* Parse argv[1..argc-1] (argv[0] is the command word) against C into a.
 * 0, or -1 with a usage error in e (EXIT_USAGE); a is freed either way
 * with opt_args_free(). */
int   opt_parse(const struct opt_cmd *c, int argc, char **argv, struct opt_args *a,
          struct error *e);
void  opt_args_free(struct opt_args *a);

/* The check opt_parse() makes of every command it parsed, after the
 * arguments: who may run it.  0, or -1 with e set; NULL: none (the
 * default, as in the unit tests). */
typedef int (*opt_guard_fn)(const struct opt_args *a, struct error *e);
void  opt_set_guard(opt_guard_fn fn);

/* The value of option NAME (its last, when given more than once), or
 * NULL when it was not given. */
const char *opt_get(const struct opt_args *a, const char *name);

/* Was the flag (or option) NAME given? */
int   opt_has(const struct opt_args *a, const char *name);

/* The values of an option that may be repeated (--set A --set B): from
 * *i on, the next one; NULL when there is none left. */
const char *opt_next(const struct opt_args *a, const char *name, int *i);

/* A usage error of command C: "C: message (usage: baodao SYNOPSIS)". */
int   opt_usage(const struct opt_cmd *c, struct error *e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A whole number given as text, MIN to MAX: digits only (and a leading
 * '-'), nothing after them, no overflow; else a usage error of C naming
 * WHAT ("POINTS '2024abc' is not a whole number", "... is out of range").
 * Every number on the command line is read by this. */
int   opt_int(const struct opt_cmd *c, const char *what, const char *s, long long min,
          long long max, long long *v, struct error *e);

/* A year given as text: 1900 to 2999, else a usage error of C. */
int   opt_year(const struct opt_cmd *c, const char *s, int *year, struct error *e);

/* --lang L of the parsed args A: *en is 1 for "en", 0 for "zh" or no
 * --lang (the notices' language); anything else a usage error. */
int   opt_lang(const struct opt_args *a, int *en, struct error *e);

/* The Chinese twin of a line of --help declared in English (opt_zh.c)
 * under a Chinese locale; else, or when it has none, EN itself. */
const char *opt_tr(const char *en);

/* The --help text of C: the synopsis, the help and the options, in the
 * language of the locale. */
void  opt_help(const struct opt_cmd *c, FILE *f);

#endif

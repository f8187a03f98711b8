/*
 * gen.h - generators for the common changes to a pack: `baodao pack
 * add-requirement` writes a new duty of the usual shape (a member's count
 * of one record kind, filtered, against a minimum that is a parameter)
 * into a pack folder, so that no Lua is written by hand: the fact, the
 * requirement, the parameter, its award wiring and a passing, a failing
 * (and, with a start date, an n/a) test case.
 */
#ifndef BAODAO_GEN_H
#define BAODAO_GEN_H

#include "util.h"

struct gen_requirement {
	const char *id;         /* "pack.name", or "name" (the pack's id is put before) */
	const char *title;
	const char *clause;
	const char *count;      /* a record kind: activity (or activities), claim, ... */
	const char *where;      /* "FIELD=VALUE[,FIELD=VALUE...]", or NULL */
	long min;               /* the minimum a year, >= 1 */
	const char *since;      /* "YYYY-MM-DD": the duty's start, or NULL */
	const char *applies;    /* a function of the rules file that says whom it binds, or NULL */
	int award;              /* add the id to the award's DUTIES list */
};

/* Write requirement R into the pack folder DIR: facts, rules, pack.conf,
 * tests/NAME.lua.  Everything is checked and composed first and the files
 * are replaced only then, so a refusal changes nothing.  The lines saying
 * what was written are appended to out.  0, or -1 with e set (EXIT_USAGE
 * for a bad flag, a name the pack already has, a sealed folder). */
int   gen_add_requirement(const char *dir, const struct gen_requirement *r,
          struct sbuf *out, struct error *e);

#endif

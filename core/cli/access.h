/*
 * access.h - who may do what: the roles of baodao.conf held by the user
 * the program runs as (its real user id, its name and its groups from the
 * system's databases: getpwuid, getgrouplist), checked against the roles
 * each command declares (opt.h), and the group several users share the
 * database through.
 *
 * With no role section in baodao.conf everything is allowed: one user on
 * one machine needs no roles.  With roles, a command whose declaration
 * names roles runs only for a user who holds one of them, and --reveal
 * only for a user holding one of reveal_roles; a refusal says which role
 * the command needs and which the user has.
 */
#ifndef BAODAO_ACCESS_H
#define BAODAO_ACCESS_H

#include "config.h"
#include "util.h"

/* Work out the user's roles under CFG and install the check of every
 * command parsed (opt_set_guard); with a group configured, set the umask
 * to 007 and have the database created for the group (db_share).  CFG
 * must outlive the command.  0, or -1 with e set (an unknown group). */
int   access_setup(const struct config *cfg, struct error *e);

#endif

/*
 * config.h - baodao.conf, read with libconfuse.
 *
 * The file is found in this order: --config FILE, $BAODAO_CONFIG,
 * ./baodao.conf, $XDG_CONFIG_HOME/baodao/baodao.conf (~/.config when
 * unset), SYSCONFDIR/baodao/baodao.conf; with none, built-in defaults.
 * A file named by --config or $BAODAO_CONFIG must exist.  An unknown key
 * or a bad value is one error line "FILE:LINE: message".  Every key is
 * documented in baodao.conf(5).
 */
#ifndef BAODAO_CONFIG_H
#define BAODAO_CONFIG_H

#include <stddef.h>

#include <confuse.h>

#include "util.h"

#define CONFIG_BUSY_TIMEOUT 60                  /* seconds */
#define CONFIG_JOBS_AUTO_MAX 8                  /* default workers: processors, at most */
#define CONFIG_MAX_IMPORT (256 * 1024 * 1024)   /* bytes: "256M" */
#define CONFIG_MAX_DAY_HOURS 24                 /* a member's service in a day */
#define CONFIG_MAX_DAY_VERIFICATIONS 50         /* records one verifier signs a day */
#define CONFIG_MAX_SHEET_ROWS 1048576           /* all an xlsx sheet has */
#define CONFIG_MAX_SHEET_CELLS 20000000L        /* cells with a value */

/* The roles of baodao.conf(5), as bits: a command declares the ones that
 * may run it (any one of them will do). */
enum {
	CONFIG_ROLE_CLERK = 1,            /* records and imports */
	CONFIG_ROLE_ADMIN = 2,            /* installs packs, evaluates */
	CONFIG_ROLE_POLICY = 4,           /* tests and compares packs */
	CONFIG_ROLE_AUDITOR = 8           /* reads the audit */
};
#define CONFIG_NROLES 4

/* The roles' names in baodao.conf, in the order of their bits. */
extern const char *const config_role_names[CONFIG_NROLES];

/* Who holds a role: users and groups of the operating system. */
struct config_role {
	char **users, **groups;
	size_t nusers, ngroups;
};

enum config_progress { CONFIG_PROGRESS_AUTO, CONFIG_PROGRESS_ALWAYS,
	CONFIG_PROGRESS_NEVER };

struct config {
	char *path;                   /* file read; NULL for built-in defaults */
	char *database;               /* database file */
	char **pack_path;             /* directories holding pack folders */
	size_t npack_path;
	char **plugin_path;           /* directories holding plugins (NAME.so);
	                                 none: the default (plugin.h) */
	size_t nplugin_path;
	int jobs;                     /* evaluation workers */
	long instruction_limit;       /* per rule call */
	size_t memory_limit;          /* bytes per rule call */
	size_t max_value_bytes;       /* longest string a rule may return */
	enum config_progress progress;
	char **trusted_keys;          /* public key files (relative to the file read) */
	size_t ntrusted_keys;
	int allow_unsigned_packs;     /* load packs no trusted key signed */
	int require_seal;             /* refuse packs without a MANIFEST */
	char **approver_keys;         /* approvers' public key files (relative to the
	                                 file read); none: approvers are trusted_keys */
	size_t napprover_keys;
	int require_approver;         /* refuse packs no trusted approver signed */
	int busy_timeout_ms;          /* how long a writer waits for the lock */
	size_t max_import_bytes;      /* the largest file import reads */
	int max_day_hours;            /* validate: the most a member serves in a day */
	int max_day_verifications;    /* validate: the most records one verifier
	                                 signs in a day for one community */
	long max_sheet_rows;          /* the most rows of a workbook's sheet */
	long max_sheet_cells;         /* and its most cells with a value */
	int retention_years;          /* years the personal data of a member who
	                                 left is kept (baodao purge); 0: unset,
	                                 purge refuses */
	char *group;                  /* the group the database is shared through;
	                                 NULL: the owner's alone */
	int roles_set;                /* a role section was given: roles apply;
	                                 none: everything is allowed */
	struct config_role roles[CONFIG_NROLES];
	unsigned reveal_roles;        /* CONFIG_ROLE_* bits that may --reveal */
};

/* Find and read the configuration.  explicit_path is --config or NULL.
 * Returns 0, or -1 with e set. */
int   config_load(struct config *c, const char *explicit_path, struct error *e);
void  config_free(struct config *c);

/* Parse PATH into CFG, turning libconfuse's complaints into one line
 * "PATH:LINE: message" in e (EXIT_USAGE).  Shared with the pack loader. */
int   config_parse(cfg_t *cfg, const char *path, struct error *e);

/* Parse a byte size: "1048576", "64K", "64M", "1G".  Returns -1 if bad. */
long long config_parse_size(const char *s);

/* The directory the running program lives in (from /proc/self/exe). */
char *config_exe_dir(void);

#endif

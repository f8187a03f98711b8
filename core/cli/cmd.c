/*
 * cmd.c - what the commands share: opening the database, output files,
 * today's date, finding a group's subcommand, the packs' words.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "date.h"
#include "emit.h"
#include "migrate.h"
#include "record.h"
#include "store.h"

static int
cmd_open_as(struct cmd_ctx *c, struct db *db, int flags)
{
	if (db_open(db, c->db_path, flags, &c->err) != 0)
		return -1;
	if (migrate_check(db, &c->err) != 0) {
		db_close(db);
		return -1;
	}
	return 0;
}

int
cmd_open(struct cmd_ctx *c, struct db *db)
{
	return cmd_open_as(c, db, 0);
}

int
cmd_open_ro(struct cmd_ctx *c, struct db *db)
{
	return cmd_open_as(c, db, DB_READONLY);
}

int
cmd_open_if_any(struct cmd_ctx *c, struct db *db)
{
	struct error ignore = { 0 };

	return db_open(db, c->db_path, DB_READONLY, &ignore) == 0;
}

FILE *
cmd_output(struct cmd_ctx *c, const char *path)
{
	int fd;
	FILE *f;

	if (path == NULL || strcmp(path, "-") == 0)
		return stdout;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
		error_set(&c->err, EXIT_ENV, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	return f;
}

int
cmd_close_output(struct cmd_ctx *c, FILE *f, const char *path)
{
	if (f == stdout)
		return fflush(f) == 0 ? 0 : error_set(&c->err, EXIT_ENV, "stdout: %s",
		    strerror(errno));
	if (fclose(f) != 0)
		return error_set(&c->err, EXIT_ENV, "%s: %s", path, strerror(errno));
	return 0;
}

int
cmd_read_emit(struct cmd_ctx *c, const struct opt_args *a,
    int (*fn)(struct db *db, struct emit *w, const struct opt_args *a, struct error *e))
{
	const char *format = opt_get(a, "--format");
	struct emit *w;
	struct db db;
	int rc = -1;

	if (cmd_open_ro(c, &db) != 0)
		return -1;
	if ((w = emit_open_file(stdout, format ? format : "text", &c->err)) != NULL) {
		rc = fn(&db, w, a, &c->err);
		if (emit_close(w) != 0)
			rc = -1;
	}
	db_close(&db);
	return rc;
}

void
cmd_today(char out[11])
{
	date_today(out);
}

const struct opt_cmd *
cmd_sub(const struct cmd *k, int argc, char **argv)
{
	for (const struct opt_cmd *const *s = k->subs; s && *s && argc > 1; s++) {
		const char *word = strchr((*s)->name, ' ');

		if (word && strcmp(word + 1, argv[1]) == 0)
			return *s;
	}
	return NULL;
}

/* Only a kind with a column of pack-declared words reads the packs (any
 * kind: KIND NULL): their words go into *vocab and *use points at them. */
int
cmd_vocab(struct cmd_ctx *c, struct db *db, const char *kind, struct record_vocab *vocab,
    const struct record_vocab **use)
{
	const struct record_kind *k = kind != NULL ? record_kind(kind) : NULL;

	if (kind != NULL && (k == NULL || record_vocab_col(k) < 0))
		return 0;
	if (store_vocabulary(&c->cfg, db, vocab, &c->err) != 0)
		return -1;
	*use = vocab;
	return 0;
}

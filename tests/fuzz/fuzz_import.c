/*
 * fuzz_import.c - fuzz target: the import's reading of typed cells
 * (import_read.c with model.c's and date.c's parsers behind it), through
 * a dry-run import_file() into a fresh database.  The first byte picks
 * the record kind; the rest is the CSV file.  Every failure must come
 * with a message, and every rejected row with a line of its own.  The
 * database holds the orgs and members of tests/fixtures/region (read from
 * the current folder: run from the top of the source tree), so codes that
 * name them resolve.
 */
#include <stdio.h>
#include <stdlib.h>

#include "db.h"
#include "fuzz.h"
#include "import.h"
#include "migrate.h"
#include "record.h"

/* The database, made once per process, with the fixtures' orgs and
 * members in it. */
static struct db *
fuzz_db(void)
{
	static const char *const kinds[] = { "orgs", "members" };
	static struct db db;
	static int ready;
	struct import_opts o = { 0 };
	struct import_stats st;
	struct import_errors errs = { 0 };
	struct error e = { 0 };
	int applied;
	char *path;

	if (ready)
		return &db;
	path = xasprintf("%s/fuzz.db", fuzz_dir());
	fuzz_write("fuzz.db", "", 0);
	fuzz_write("fuzz.db-wal", "", (size_t)-1);
	fuzz_write("fuzz.db-shm", "", (size_t)-1);
	if (db_open(&db, path, DB_CREATE, &e) != 0 || migrate_apply(&db, &applied, &e) != 0)
		abort();
	free(path);
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		path = xasprintf("tests/fixtures/region/%s.csv", kinds[i]);
		if (import_file(&db, kinds[i], path, &o, &st, &errs, &e) != 0) {
			fprintf(stderr, "%s: %s\n", path, e.msg);
			abort();
		}
		free(path);
	}
	ready = 1;
	return &db;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_opts o = { .dry_run = 1 };
	struct import_stats st = { 0 };
	struct import_errors errs = { 0 };
	struct error e = { 0 };
	const struct record_kind *k;
	char *path;

	if (size < 1 || size > 64 * 1024)
		return 0;
	k = &record_kinds[data[0] % record_nkinds()];
	o.ignore_extra = data[0] >= 128;
	fuzz_write("in.csv", data + 1, size - 1);
	path = xasprintf("%s/in.csv", fuzz_dir());
	if (import_file(fuzz_db(), k->name, path, &o, &st, &errs, &e) != 0 && e.msg[0] == '\0')
		abort();
	if (errs.n > 0 && e.msg[0] == '\0')
		abort();
	import_errors_free(&errs);
	free(path);
	return 0;
}

/*
 * fuzz.c - the fuzz targets' scratch folder (fuzz.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

static char fuzz_tmp[64];
static char *fuzz_names[16];
static int fuzz_nnames;

/* Remove the files written and the folders made, the last first. */
static void
fuzz_cleanup(void)
{
	char path[256];

	for (int i = fuzz_nnames - 1; i >= 0; i--) {
		snprintf(path, sizeof path, "%s/%s", fuzz_tmp, fuzz_names[i]);
		if (unlink(path) != 0)
			rmdir(path);
		free(fuzz_names[i]);
	}
	rmdir(fuzz_tmp);
}

const char *
fuzz_dir(void)
{
	if (fuzz_tmp[0] == '\0') {
		strcpy(fuzz_tmp, "/tmp/baodao-fuzz.XXXXXX");
		if (mkdtemp(fuzz_tmp) == NULL) {
			perror("mkdtemp");
			abort();
		}
		atexit(fuzz_cleanup);
	}
	return fuzz_tmp;
}

/* Remember NAME for the clean-up at exit. */
static void
fuzz_remember(const char *name)
{
	for (int i = 0; i < fuzz_nnames; i++)
		if (strcmp(fuzz_names[i], name) == 0)
			return;
	if (fuzz_nnames == (int)(sizeof fuzz_names / sizeof fuzz_names[0]))
		abort();
	fuzz_names[fuzz_nnames++] = strdup(name);
}

void
fuzz_mkdir(const char *name)
{
	char path[256];

	snprintf(path, sizeof path, "%s/%s", fuzz_dir(), name);
	fuzz_remember(name);
	if (mkdir(path, 0700) != 0 && errno != EEXIST) {
		perror(path);
		abort();
	}
}

void
fuzz_write(const char *name, const void *data, size_t n)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", fuzz_dir(), name);
	fuzz_remember(name);
	if (n == (size_t)-1) {
		unlink(path);
		return;
	}
	if ((f = fopen(path, "wb")) == NULL || (n > 0 && fwrite(data, 1, n, f) != n) ||
	    fclose(f) != 0) {
		perror(path);
		abort();
	}
}

char *
fuzz_str(const uint8_t *data, size_t n)
{
	char *s = malloc(n + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, n);
	s[n] = '\0';
	return s;
}

/*
 * replay.c - a main() for a fuzz target without libFuzzer: it feeds
 * every file named on the command line to LLVMFuzzerTestOneInput() once
 * and prints "ok FILE" after each, so a crash (under ASan, which `make
 * check` uses) shows which input caused it.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

/* The whole of PATH in a fresh buffer; NULL when it cannot be read. */
static unsigned char *
replay_read(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	long len;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)len + 1)) != NULL &&
	    fread(buf, 1, (size_t)len, f) != (size_t)len) {
		free(buf);
		buf = NULL;
	}
	if (buf != NULL)
		*n = (size_t)len;
	fclose(f);
	return buf;
}

int
main(int argc, char **argv)
{
	int bad = 0;

	for (int i = 1; i < argc; i++) {
		size_t n = 0;
		unsigned char *buf = replay_read(argv[i], &n);

		if (buf == NULL) {
			fprintf(stderr, "%s: cannot read\n", argv[i]);
			bad = 1;
			continue;
		}
		LLVMFuzzerTestOneInput(buf, n);
		free(buf);
		printf("ok %s\n", argv[i]);
		fflush(stdout);
	}
	return bad;
}
